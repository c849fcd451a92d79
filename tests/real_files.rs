//! Files as planning staff keep them: workbooks, Shift_JIS, the wide layout,
//! Japanese headers and numbers, era years; and output for Excel.

mod common;

use common::{EXAMPLE, plancheck, run, run_stdin, temp_file};

const XLSX: &str = "examples/tokorozawa-ch5-wide.xlsx";
const SJIS: &str = "examples/tokorozawa-ch5-wide-sjis.csv";

fn eval_csv(file: &str, extra: &[&str]) -> (String, String, i32) {
    let mut args = vec!["eval", file, "--format", "csv"];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn workbook_and_shift_jis_wide_files_give_the_long_examples_csv() {
    let (long, _, code) = eval_csv(EXAMPLE, &[]);
    assert_eq!(code, 0);
    for file in [XLSX, SJIS] {
        let (wide, stderr, code) = eval_csv(file, &[]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{file}");
        assert_eq!(wide, long, "{file}");
    }
    let (forced, _, code) = eval_csv(SJIS, &["--encoding", "sjis", "--layout", "wide"]);
    assert_eq!((code, forced), (0, long));
}

#[test]
fn printed_rates_agree_with_the_computed_ones() {
    for file in [XLSX, SJIS] {
        let (_, stderr, code) = eval_csv(file, &["--verify-published"]);
        assert_eq!(
            (code, stderr.as_str()),
            (0, ""),
            "{file}: the reference's 86% is 85.8 at no decimals"
        );
    }
    let input =
        "indicator,direction,target H26,actual H26,達成率(H26)\na,up,225,182,80.9%\nb,up,3000,2574,85.9%\n";
    let (_, stderr, code) = run_stdin(&["eval", "-", "--verify-published", "--format", "csv"], input);
    assert_eq!(code, 0, "a differing printed rate is a warning");
    assert_eq!(
        stderr,
        "<stdin>:3:5: 達成率(H26): published rate 85.9% differs from the computed 85.8%\n\
         <stdin>: 1 published rate differ from the computed ones\n"
    );
}

#[test]
fn sheets_are_chosen_by_name() {
    let (stdout, _, code) = eval_csv(XLSX, &["--sheet", "第5章"]);
    assert_eq!((code, stdout.lines().count()), (0, 17));
    let (_, stderr, code) = eval_csv(XLSX, &["--sheet", "第6章"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!("plancheck: {XLSX}: no sheet named \"第6章\"; sheets: 第5章\n")
    );
    let (_, stderr, code) = eval_csv(EXAMPLE, &["--sheet", "第5章"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a workbook (.xlsx, .xls or .ods)"));
}

#[test]
fn shift_jis_read_as_utf8_names_the_problem() {
    let (_, stderr, code) = eval_csv(SJIS, &["--encoding", "utf-8"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid UTF-8"));
    assert!(stderr.contains("pass --encoding sjis if it is Shift_JIS"));
}

#[test]
fn invalid_shift_jis_bytes_are_an_error() {
    let (_dir, path) = temp_file(b"indicator,direction,target,actual\n\x82\xa0\x81\x20x,up,1,1\nok,up,1,1\n");
    let (stdout, stderr, code) = eval_csv(path.to_str().unwrap(), &["--encoding", "sjis"]);
    assert_eq!(code, 2);
    assert_eq!(stdout.lines().count(), 2, "the good row is still written");
    assert!(stderr.contains(":2:1: indicator: bytes after \"あ\" are not valid Shift_JIS"));
}

#[test]
fn utf16_is_refused_clearly_and_files_are_known_by_their_bytes() {
    let (_dir, path) = temp_file(b"\xFF\xFEi\x00n\x00");
    let (_, stderr, code) = eval_csv(path.to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\""));
    let workbook = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/tokorozawa-ch5-wide.xlsx"
    ))
    .unwrap();
    // A workbook named .csv is read as the workbook it is; a CSV named
    // .XLSX as CSV; a missing or broken workbook is said once.
    let (_dir, path) = temp_file(&workbook);
    let (stdout, stderr, code) = eval_csv(path.to_str().unwrap(), &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains(",認定農業者数,人,up,H26,193,225,182,80.9,unmet,"));
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("long.XLSX");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tokorozawa-ch5.csv"),
        &renamed,
    )
    .unwrap();
    let (_, stderr, code) = eval_csv(renamed.to_str().unwrap(), &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let (_, stderr, code) = eval_csv("no/such.xlsx", &[]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "plancheck: no/such.xlsx: cannot open: No such file or directory (os error 2)\n"
    );
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, &workbook[..3000]).unwrap();
    let (_, stderr, code) = eval_csv(broken.to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert_eq!(stderr.matches("EOCD").count(), 1, "{stderr}");
}

#[test]
fn layout_can_be_forced() {
    let (_, stderr, code) = eval_csv(XLSX, &["--layout", "long"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "missing required columns target (目標値, 目標, 年度目標値), actual (実績値, 実績, 現況値"
        ),
        "{stderr}"
    );
    let (_, stderr, code) = eval_csv(EXAMPLE, &["--layout", "wide"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no per-period columns such as 目標値(H26)"));
}

#[test]
fn japanese_number_forms_and_units() {
    let input = "indicator,unit,direction,target,actual\n\
                 赤字額,億円,↓,△5,▲3\n\
                 認定農業者数,人,↑,225,182人\n\
                 割合,%,↑,42,34.4%\n\
                 単位違い,人,↑,42,34.4%\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 2);
    let rates: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(9).unwrap())
        .collect();
    assert_eq!(rates, ["80.9", "81.9"]);
    // △5 reads as −5, which the ratio method refuses.
    assert!(stderr.contains("<stdin>:2:4: target: -5 is negative"), "{stderr}");
    assert!(
        stderr
            .contains("<stdin>:5:5: actual: \"34.4%\" ends in the unit \"%\", but the row's unit is \"人\"")
    );
}

#[test]
fn japanese_output() {
    let (stdout, _, code) = eval_csv(EXAMPLE, &["--lang", "ja"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "章,節,目標指標,単位,方向,期間,策定時,目標値,実績値,達成率,判定,注記"
    );
    assert_eq!(
        lines[1],
        "第5章 産業・経済,第1節 農業,認定農業者数,人,増加,H26,193,225,182,80.9,未達成,"
    );
    assert!(lines[3].ends_with(",100.0,達成,"));
    let (stdout, _, _) = run(&[
        "summary", EXAMPLE, "--lang", "ja", "--format", "csv", "--by", "chapter",
    ]);
    assert_eq!(
        stdout,
        "章,指標数,評価数,達成,未達成,未測定,達成割合,平均達成率,最低達成率,最低の指標\n\
         第5章 産業・経済,13,16,7,9,0,43.8,91.1,73.9,製造品出荷額 (H26)\n\
         合計,13,16,7,9,0,43.8,91.1,73.9,製造品出荷額 (H26)\n"
    );
    let (stdout, _, _) = run_stdin(
        &["eval", "-", "--lang", "ja", "--format", "csv"],
        "indicator,direction,target,actual\n事故,down,0,0\nx,up,1,\n",
    );
    assert!(stdout.contains(",達成,実績値が0のため達成率は算出せず、実績値と目標値の比較で判定\n"));
    assert!(stdout.ends_with(",未測定,\n"));
    let (stdout, _, _) = run(&["eval", EXAMPLE, "--lang", "ja"]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn output_for_excel_bom_and_shift_jis() {
    let output = plancheck()
        .args(["eval", EXAMPLE, "--format", "csv", "--bom"])
        .output()
        .unwrap();
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBFchapter,"));
    let utf8 = plancheck()
        .args(["eval", EXAMPLE, "--format", "csv", "--lang", "ja"])
        .output()
        .unwrap();
    let sjis = plancheck()
        .args([
            "eval",
            EXAMPLE,
            "--format",
            "csv",
            "--lang",
            "ja",
            "--output-encoding",
            "sjis",
        ])
        .output()
        .unwrap();
    assert_eq!(sjis.status.code(), Some(0));
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&sjis.stdout);
    assert!(!errors);
    assert_eq!(decoded, String::from_utf8(utf8.stdout).unwrap());
    let (_, stderr, code) = run(&["eval", EXAMPLE, "--bom", "--output-encoding", "sjis"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"));
    let (_, stderr, code) = run_stdin(
        &["eval", "-", "--format", "csv", "--output-encoding", "sjis"],
        "indicator,direction,target,actual\n😀,up,1,1\n",
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("\"😀\" (U+1F600) cannot be written in Shift_JIS"));
}

#[test]
fn years_as_gregorian_or_era() {
    let input = "indicator,direction,target,actual,period\na,up,1,1,H30\nb,up,1,1,平成30年度\nc,up,1,1,2019-12-27\nd,up,1,1,後期\n";
    let periods = |extra: &[&str]| {
        let mut args = vec!["eval", "-", "--format", "csv"];
        args.extend_from_slice(extra);
        let (stdout, _, code) = run_stdin(&args, input);
        assert_eq!(code, 0);
        stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(5).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(periods(&[]), ["H30", "平成30年度", "2019-12-27", "後期"]);
    assert_eq!(
        periods(&["--years", "gregorian"]),
        ["2018", "2018", "2019-12-27", "後期"]
    );
    assert_eq!(periods(&["--years", "era"]), ["H30", "H30", "R1.12.27", "後期"]);
    assert_eq!(
        periods(&["--years", "era", "--lang", "ja"]),
        ["平成30年度", "平成30年度", "令和元年12月27日", "後期"]
    );
    // Relabelled periods group together.
    let (stdout, _, _) = run_stdin(
        &[
            "summary",
            "-",
            "--by",
            "period",
            "--years",
            "gregorian",
            "--format",
            "csv",
            "--no-total",
        ],
        input,
    );
    let groups: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(groups, ["2018", "2019-12-27", "後期"]);
}

#[test]
fn latest_orders_dates_and_eras_in_time() {
    let input = "indicator,direction,target,actual,period\na,up,10,10,令和元年12月27日\na,up,10,5,2019-06-01\nb,up,10,10,R2\nb,up,10,5,2019\n";
    let (stdout, _, code) = run_stdin(&["check", "-", "--period", "latest"], input);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout, "0 unmet, 0 explained, 0 pending of 2 checked\n");
}

#[test]
fn templates_read_back() {
    for lang in ["en", "ja"] {
        for layout in ["long", "wide"] {
            let (template, _, code) = run(&["template", "--lang", lang, "--layout", layout]);
            assert_eq!(code, 0);
            insta::assert_snapshot!(format!("template_{lang}_{layout}"), template);
            let (_, stderr, code) = run_stdin(&["eval", "-"], &template);
            assert_eq!(code, 2);
            assert!(stderr.contains("no indicator rows after the header"), "{stderr}");
            // Comments count only above the header: the example row is moved below it.
            let example = template.lines().find(|l| l.starts_with("# 第5章")).unwrap();
            let filled = format!(
                "{}{}\n",
                template.replace(&format!("{example}\n"), ""),
                &example[2..]
            );
            let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], &filled);
            assert_eq!((code, stderr.as_str()), (0, ""), "{lang} {layout}");
            assert!(stdout.lines().nth(1).unwrap().contains(",225,182,80.9,"));
        }
    }
    let output = plancheck().args(["template", "--bom"]).output().unwrap();
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBF# plancheck input."));
}
