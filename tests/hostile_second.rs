//! What a second hostile test of the features of issues 13–19 found
//! (issue 30): each test is a variation of a case that failed before its
//! fix.

mod common;

use common::{run, run_stdin, temp_file};

/// Two indicators over three fiscal years, given out of order; the first
/// worsens in its latest year, the second improves.
const HISTORY: &str = "\
chapter,section,indicator,unit,direction,baseline,baseline_year,target,target_year,actual,period
A,a,Recycling rate,%,up,20,2015,40,2025,31,2021
A,a,Recycling rate,%,up,20,2015,40,2025,29,2022
B,b,Waste per person,g,down,900,2015,800,2025,870,2022
A,a,Recycling rate,%,up,20,2015,40,2025,25,2020
B,b,Waste per person,g,down,900,2015,800,2025,880,2021
";

#[test]
fn the_trend_gate_fires_whatever_period_is_shown() {
    for period in ["latest", "2022", "R4"] {
        let (out, err, code) = run_stdin(
            &[
                "check",
                "-",
                "--fail-on-worsened",
                "--threshold",
                "0",
                "--period",
                period,
            ],
            HISTORY,
        );
        assert_eq!(code, 1, "--period {period}: {out}{err}");
        assert!(
            out.contains("Recycling rate") && out.contains("worsened"),
            "{out}"
        );
        assert!(!out.contains("Waste per person (2022): worsened"), "{out}");
    }
}

#[test]
fn a_shown_period_keeps_the_trend_of_the_periods_before_it() {
    let (out, err, code) = run_stdin(
        &["eval", "-", "--trend", "--period", "2021", "--format", "csv"],
        HISTORY,
    );
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{out}");
    // 2021 follows 2020 for the first indicator: an improvement, not "first";
    // the second has no earlier period.
    assert!(
        rows[0].starts_with("A,a,Recycling rate") && rows[0].ends_with(",25,6,improved"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("B,b,Waste per person") && rows[1].ends_with(",,,first"),
        "{out}"
    );
}

#[test]
fn a_projection_of_the_latest_period_uses_every_period() {
    let (out, err, code) = run_stdin(
        &[
            "eval",
            "-",
            "--projection",
            "linear",
            "--period",
            "latest",
            "--format",
            "json",
        ],
        HISTORY,
    );
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{out}");
    for row in rows {
        assert_eq!(row["period"], "2022", "{row}");
        assert!(!row["projected"].is_null(), "no projection: {row}");
    }
    // The same projection as without --period.
    let (all, _, _) = run_stdin(
        &["eval", "-", "--projection", "linear", "--format", "json"],
        HISTORY,
    );
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    let latest_of_first = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "Recycling rate" && r["period"] == "2022")
        .unwrap();
    assert_eq!(latest_of_first["projected"], rows[0]["projected"]);
}

#[test]
fn a_period_that_does_not_occur_is_still_an_error_with_history() {
    let (_, err, code) = run_stdin(&["eval", "-", "--trend", "--period", "2030"], HISTORY);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no row has period 2030"), "{err}");
    let _ = (run, temp_file);
}

const REASONS_HEAD: &str = "\
chapter,section,indicator,unit,direction,baseline,target,actual,period
第1章 環境,第1節 ごみ,ごみ排出量,t,↘,100,80,90,H30
後期基本計画に係る未達成指標の理由・分析,,,,,,,,
";

#[test]
fn a_source_or_page_number_below_the_reasons_explains_nothing() {
    for tail in [
        "※出典：環境課調べ",
        "資料：県統計年報",
        "－ 12 －",
        "p.7",
        "３/４０",
    ] {
        let input = format!("{REASONS_HEAD}{tail},,,,,,,,\n");
        let (out, err, code) = run_stdin(&["check", "-", "--require-reason"], &input);
        assert_eq!(code, 1, "{tail:?} passed as a reason: {out}{err}");
        let (out, _, _) = run_stdin(&["validate", "-"], &input);
        assert!(out.contains("note: not an indicator"), "{tail:?}: {out}");
    }
    let input = format!("{REASONS_HEAD}分別収集の開始が遅れたため,,,,,,,,\n- 3 -,,,,,,,,\n");
    let (out, err, code) = run_stdin(&["check", "-", "--require-reason"], &input);
    assert_eq!(code, 0, "a real reason, then a page number: {out}{err}");
}

#[test]
fn reasons_that_mean_none_do_not_pass_the_gate() {
    for none in [
        "…",
        "なし。",
        "（なし）",
        "特に なし",
        "未記入",
        "0",
        ".",
        "×",
        "ー",
        "Ｎ／Ａ",
        "【該当無し】",
        "None.",
    ] {
        // As a block below the section, and in the row's own reason cell.
        let block = format!("{REASONS_HEAD}{none},,,,,,,,\n");
        let (out, err, code) = run_stdin(&["check", "-", "--require-reason"], &block);
        // (A lone `0` is a row of its own there: an error, exit 2.)
        assert_ne!(code, 0, "{none:?} passed as a block reason: {out}{err}");
        assert!(out.contains("0 explained"), "{none:?}: {out}");
        let cell = format!(
            "chapter,section,indicator,unit,direction,baseline,target,actual,period,reason\n\
             第1章,第1節,ごみ排出量,t,↘,100,80,90,H30,\"{none}\"\n"
        );
        let (out, err, code) = run_stdin(&["check", "-", "--require-reason"], &cell);
        assert_eq!(code, 1, "{none:?} passed as a row's reason: {out}{err}");
    }
    for reason in [
        "人口減少のため",
        "Budget cut.",
        "（景気の後退）",
        "×印の施設が閉鎖",
    ] {
        let cell = format!(
            "chapter,section,indicator,unit,direction,baseline,target,actual,period,reason\n\
             第1章,第1節,ごみ排出量,t,↘,100,80,90,H30,\"{reason}\"\n"
        );
        let (out, err, code) = run_stdin(&["check", "-", "--require-reason"], &cell);
        assert_eq!(code, 0, "{reason:?} is a reason: {out}{err}");
    }
}

#[test]
fn a_heading_right_after_the_reasons_starts_its_chapter() {
    for heading in ["第2章 福祉", "第２章　福祉", "Chapter 2 Welfare"] {
        let input = format!(
            "{REASONS_HEAD}分別収集の開始が遅れたため,,,,,,,,\n{heading},,,,,,,,\n\
             ,第1節 介護,介護認定率,%,↘,20,18,19,H30\n"
        );
        let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], &input);
        assert_eq!(code, 0, "{err}");
        let last = out.lines().last().unwrap();
        assert!(
            last.starts_with(&format!("{heading},第1節 介護,介護認定率")),
            "{heading:?}: {out}"
        );
        // The reason still belongs to the first chapter's section.
        let (out, _, code) = run_stdin(&["check", "-", "--require-reason"], &input);
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains("介護認定率") && !out.contains("ごみ排出量 (H30): unmet"),
            "{out}"
        );
    }
}

/// Writes `cells` into row `r` of `sheet`: numbers as numbers, the rest as text.
fn write_row(sheet: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[&str]) {
    for (c, cell) in cells.iter().enumerate() {
        match cell.parse::<f64>() {
            Ok(number) => sheet.write_number(r, c as u16, number).unwrap(),
            Err(_) => sheet.write_string(r, c as u16, *cell).unwrap(),
        };
    }
}

/// A workbook of `sheets` (name, rows, hidden), saved showing sheet `active`.
fn workbook(sheets: &[(&str, &[&[&str]], bool)], active: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (index, (name, rows, hidden)) in sheets.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            write_row(sheet, r as u32, row);
        }
        if index == active {
            sheet.set_active(true);
        }
        if *hidden {
            sheet.set_hidden(true);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    book.save(&path).unwrap();
    (dir, path)
}

const HEADER: &[&str] = &[
    "chapter",
    "section",
    "indicator",
    "unit",
    "direction",
    "target",
    "actual",
    "period",
];

#[test]
fn sheets_with_a_blank_chapter_column_never_merge() {
    let first: &[&[&str]] = &[HEADER, &["", "1節", "参加者数", "人", "↗", "100", "90", "H30"]];
    let second: &[&[&str]] = &[HEADER, &["", "1節", "参加者数", "人", "↗", "100", "120", "H30"]];
    let (_dir, path) = workbook(&[("環境", first, false), ("福祉", second, false)], 0);
    let path = path.to_str().unwrap();
    let (out, err, code) = run(&["check", path, "--all-sheets", "--period", "latest"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("1 unmet, 0 explained, 0 pending of 2 checked"),
        "{out}"
    );
    let (out, _, _) = run(&["eval", path, "--all-sheets", "--format", "csv"]);
    assert!(
        out.contains("\n環境,1節,参加者数") && out.contains("\n福祉,1節,参加者数"),
        "{out}"
    );
    // With the chapter written on the second sheet's rows, the two collide:
    // validate names the sheet of the first.
    let second: &[&[&str]] = &[
        HEADER,
        &["環境", "1節", "参加者数", "人", "↗", "100", "120", "H30"],
    ];
    let (_dir, path) = workbook(&[("環境", first, false), ("福祉", second, false)], 0);
    let (out, _, _) = run(&["validate", path.to_str().unwrap(), "--all-sheets"]);
    assert!(
        out.contains("appears again (first on ") && out.contains("plan.xlsx[環境], row 2)"),
        "{out}"
    );
}

#[test]
fn hidden_sheets_are_read_only_when_named() {
    let hidden: &[&[&str]] = &[HEADER, &["古", "1節", "旧指標", "人", "↗", "100", "10", "H30"]];
    let shown: &[&[&str]] = &[HEADER, &["新", "1節", "参加者数", "人", "↗", "100", "120", "H30"]];
    let cover: &[&[&str]] = &[&["表紙"]];
    // The hidden sheet first, the visible one active; then a cover sheet
    // active that is not a table, so the active sheet is what is read.
    let (_dir, path) = workbook(&[("旧", hidden, true), ("新", shown, false)], 1);
    let path = path.to_str().unwrap();
    let (out, err, code) = run(&["check", path]);
    assert_eq!(code, 0, "the hidden sheet was read: {out}{err}");
    let (out, err, code) = run(&["eval", path, "--all-sheets", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("旧指標") && out.contains("参加者数"), "{out}");
    assert!(
        err.contains("plan.xlsx[旧]: skipped, a hidden or chart sheet"),
        "{err}"
    );
    let (out, _, code) = run(&["eval", path, "--sheet", "旧", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.contains("旧指標"), "{out}");
    let (_dir, path) = workbook(&[("新", shown, false), ("表紙", cover, false)], 1);
    let (_, err, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 2, "the active sheet is read: {err}");
    assert!(err.contains("plan.xlsx[表紙]"), "{err}");
    // The same sheet named twice is read once.
    let (_dir, path) = workbook(&[("新", shown, false)], 0);
    let path = path.to_str().unwrap();
    let (out, _, _) = run(&["eval", path, "--sheet", "新", "--sheet", "新", "--format", "csv"]);
    assert_eq!(out.lines().count(), 2, "{out}");
}

fn save(mut book: rust_xlsxwriter::Workbook) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    book.save(&path).unwrap();
    (dir, path)
}

#[test]
fn a_literal_percent_sign_in_a_format_is_not_a_percent() {
    use rust_xlsxwriter::{Format, Workbook};
    for code in ["0.0\\%", "0.0\"%\"", "#,##0.0_%"] {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["第5章", "第1節", "経営面積割合", "%", "↗"].iter().enumerate() {
            sheet.write_string(1, c as u16, *v).unwrap();
        }
        let shown_as_percent = Format::new().set_num_format(code);
        sheet
            .write_number_with_format(1, 5, 42.0, &shown_as_percent)
            .unwrap();
        sheet
            .write_number_with_format(1, 6, 34.4, &shown_as_percent)
            .unwrap();
        sheet.write_string(1, 7, "H26").unwrap();
        let (_dir, path) = save(book);
        let (out, err, code_) = run(&["eval", path.to_str().unwrap(), "--format", "csv"]);
        assert_eq!(code_, 0, "{err}");
        assert!(out.contains(",42,34.4,81.9,unmet"), "{code}: {out}");
    }
}

#[test]
fn relative_targets_against_the_direction_are_errors() {
    let input = "chapter,section,indicator,unit,direction,baseline,target,actual,period\n\
                 A,a,排出量,t,↗,200,5%削減,150,H30\n\
                 A,a,事故件数,件,↘,40,倍増,40,H30\n\
                 A,a,収支,千円,↗,-30,倍増,-30,H30\n\
                 A,a,参加者数,人,↗,200,50人増,240,H30\n";
    let (out, err, code) = run_stdin(&["check", "-"], input);
    assert_eq!(code, 2, "{out}{err}");
    for line in [
        ":2:7: target: \"5%削減\" lowers",
        ":3:7: target: \"倍増\" raises",
        ":4:7: target: \"倍増\" lowers",
    ] {
        assert!(err.contains(line), "{line}: {err}");
    }
    assert!(
        out.contains("1 unmet, 0 explained, 0 pending of 1 checked"),
        "{out}"
    );
}

#[test]
fn subtotal_blocks_are_left_out_of_the_counts() {
    // A subtotal named only in its section cell; a CSV export of a 合計
    // merged down the chapter column; a 合計 heading row over accounts.
    let layouts = [
        "第1章,第1節,参加者数,人,↗,100,120,H30\n,小計,,人,↗,200,170,H30\n",
        "第1章,第1節,参加者数,人,↗,100,120,H30\n合計,,一般会計,千円,↗,100,90,H30\n,,特別会計,千円,↗,50,10,H30\n",
        "第1章,第1節,参加者数,人,↗,100,120,H30\n合計,,,,,,,\n,,一般会計,千円,↗,100,90,H30\n,,特別会計,千円,↗,50,10,H30\n",
    ];
    for rows in layouts {
        let input = format!("{}\n{rows}", HEADER.join(","));
        let (out, err, code) = run_stdin(&["check", "-"], &input);
        assert_eq!(code, 0, "{rows}: {out}{err}");
        assert!(out.contains("of 1 checked"), "{rows}: {out}");
        let (out, _, _) = run_stdin(&["eval", "-", "--format", "csv"], &input);
        assert!(out.contains("subtotal"), "{rows}: {out}");
    }
}

#[test]
fn headings_merged_across_a_sheet_read_as_the_csv_export_does() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows: &[&[&str]] = &[
        HEADER,
        &["第1章 環境", "第1節 ごみ", "排出量", "t", "↘", "80", "90", "H30"],
        &[],
        &["", "", "リサイクル率", "%", "↗", "40", "30", "H30"],
        &[],
        &["", "", "一般会計", "千円", "↗", "100", "90", "H30"],
    ];
    for (r, row) in rows.iter().enumerate() {
        write_row(sheet, r as u32, row);
    }
    sheet
        .merge_range(2, 0, 2, 7, "第2章 福祉", &Format::new())
        .unwrap();
    sheet.merge_range(4, 0, 4, 7, "合計", &Format::new()).unwrap();
    let (_dir, path) = save(book);
    let (out, err, code) = run(&["eval", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n第2章 福祉,,リサイクル率"), "{out}");
    assert!(
        out.contains("\n合計,,一般会計") && out.contains(",subtotal"),
        "{out}"
    );
    let (out, _, code) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("of 2 checked"), "{out}");
}

#[test]
fn threads_that_cannot_be_started_leave_the_work_to_those_that_can() {
    let mut input = String::from("chapter,section,indicator,unit,direction,target,actual,period\n");
    for i in 0..3000 {
        input.push_str(&format!(
            "第{}章,,指標{i},人,↗,{},{},H30\n",
            i / 500,
            100 + i,
            90 + i
        ));
    }
    let (_dir, path) = temp_file(input.as_bytes());
    let path = path.to_str().unwrap();
    let one = common::plancheck()
        .env("PLANCHECK_THREADS", "1")
        .args(["eval", path, "--format", "csv"])
        .output()
        .unwrap();
    for limit in ["0", "1", "2"] {
        let many = common::plancheck()
            .env("PLANCHECK_THREADS", "20000")
            .env("PLANCHECK_BLOCK_SIZE", "4096")
            .env("PLANCHECK_SPAWN_LIMIT", limit)
            .args(["eval", path, "--format", "csv"])
            .output()
            .unwrap();
        assert_eq!(
            many.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&many.stderr)
        );
        assert!(
            many.stdout == one.stdout,
            "{limit} threads started: the output differs"
        );
    }
}

#[test]
fn the_input_is_never_the_output() {
    let (dir, input) = temp_file(b"indicator,direction,target,actual,period\nA,up,10,5,H30\n");
    let before = std::fs::read(&input).unwrap();
    // By its own name, and by another path to the same file.
    let other = dir.path().join(".").join("input.csv");
    for output in [input.clone(), other] {
        for subcommand in [vec!["eval"], vec!["summary"], vec!["check"], vec!["report"]] {
            let mut args = subcommand.clone();
            args.extend([input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
            let (_, err, code) = run(&args);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains("that is the input file"), "{err}");
            assert_eq!(
                std::fs::read(&input).unwrap(),
                before,
                "{args:?} changed the input"
            );
        }
    }
}

#[test]
fn a_failed_run_keeps_the_file_that_was_there() {
    let (dir, input) = temp_file("indicator,direction,target,actual,period\n😀,up,10,5,H30\n".as_bytes());
    let output = dir.path().join("out.csv");
    std::fs::write(&output, "last month's results\n").unwrap();
    let (_, err, code) = run(&[
        "eval",
        input.to_str().unwrap(),
        "--format",
        "csv",
        "--output-encoding",
        "sjis",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("out.csv left as it was"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "last month's results\n"
    );
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A run that succeeds replaces it, readable as before.
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "indicator,direction,target,actual,period\nA,up,10,5,H30\n").unwrap();
    let (_, err, code) = run(&[
        "eval",
        good.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&output).unwrap().contains(",A,"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&output).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o600, 0o600, "{mode:o}");
    }
}

/// A workbook whose temporary files cannot be written (here: past a file
/// size limit, as on a full disk) ends in one line and exit 2, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn a_workbook_that_cannot_be_written_is_one_line_and_no_file() {
    let mut input = String::from("chapter,section,indicator,unit,direction,target,actual,period\n");
    for i in 0..4000 {
        input.push_str(&format!(
            "第{}章,第1節,指標{i},人,↗,{},{},H30\n",
            i / 500,
            100 + i,
            90 + i
        ));
    }
    let (dir, path) = temp_file(input.as_bytes());
    let output = dir.path().join("out.xlsx");
    let binary = assert_cmd::cargo::cargo_bin!("plancheck");
    let script = format!(
        "trap '' XFSZ; ulimit -f 100; exec '{}' eval '{}' --format xlsx -o '{}'",
        binary.display(),
        path.display(),
        output.display()
    );
    let result = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("temporary files could not be written"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(!output.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_formula_without_its_saved_value_is_worked_out_or_named() {
    use rust_xlsxwriter::{Formula, Workbook};
    let build = |actual: &str| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in HEADER.iter().chain(&["base"]).enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["第5章", "第1節", "認定農業者数", "人", "↗"].iter().enumerate() {
            sheet.write_string(1, c as u16, *v).unwrap();
        }
        sheet.write_number(1, 5, 225.0).unwrap();
        sheet.write_number(1, 8, 200.0).unwrap();
        // As scripts save it: the formula, and no value (openpyxl), or 0 (xlsxwriter).
        if actual.contains("I2*") {
            sheet.write_formula(1, 6, Formula::new(actual)).unwrap();
        } else {
            sheet.set_formula_result_default("");
            sheet.write_formula(1, 6, Formula::new(actual)).unwrap();
        }
        sheet.write_string(1, 7, "H26").unwrap();
        save(book)
    };
    for (formula, actual) in [
        ("=I2*0.91", "182"),
        ("=SUM(I2,-18)", "182"),
        ("=($I$2-18)", "182"),
    ] {
        let (_dir, path) = build(formula);
        let (out, err, code) = run(&["eval", path.to_str().unwrap(), "--format", "csv"]);
        assert_eq!(code, 0, "{formula}: {err}");
        assert!(
            out.contains(&format!(",225,{actual},80.9,unmet")),
            "{formula}: {out}"
        );
    }
    let (_dir, path) = build("=VLOOKUP(A2,Sheet2!A1:B9,2,FALSE)");
    let (out, err, code) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2, "an unsaved formula passed the gate: {out}{err}");
    assert!(
        err.contains("plan.xlsx[Sheet1]!G2") || err.contains("G2"),
        "{err}"
    );
    assert!(err.contains("did not save"), "{err}");
    assert!(!out.contains("pending of 1"), "{out}");
}

#[test]
fn a_printed_rate_is_compared_at_the_places_its_cell_shows() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().chain(&["達成率"]).enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (182.0, 225.0, 182.0 / 225.0, "0.0%"),
        (30.0, 42.0, 30.0 / 42.0, "0.00%"),
        (7.0, 9.0, 0.7, "0%"),
    ];
    for (r, (actual, target, rate, code)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in ["第5章", "第1節", &format!("指標{r}"), "人", "↗"]
            .iter()
            .enumerate()
        {
            sheet.write_string(r, c as u16, *v).unwrap();
        }
        sheet.write_number(r, 5, *target).unwrap();
        sheet.write_number(r, 6, *actual).unwrap();
        sheet.write_string(r, 7, "H26").unwrap();
        sheet
            .write_number_with_format(r, 8, *rate, &Format::new().set_num_format(*code))
            .unwrap();
    }
    let (_dir, path) = save(book);
    let (_, err, code) = run(&[
        "eval",
        path.to_str().unwrap(),
        "--verify-published",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    // 80.9% and 71.43% agree; 70% (7/9 = 77.8) does not.
    assert_eq!(err.matches("differs from the computed").count(), 1, "{err}");
    assert!(
        err.contains("published rate 70% differs from the computed 77.8%"),
        "{err}"
    );
}

#[test]
fn a_report_shows_each_section_its_own_latest_periods() {
    // 40 sections, each measured in its own 30 years: 1,200 periods in all.
    let mut input = String::from("chapter,section,indicator,unit,direction,target,actual,period\n");
    for section in 0..40 {
        for year in 0..30 {
            input.push_str(&format!(
                "第1章,第{section}節,指標{section},人,↗,100,{},{}\n",
                50 + year,
                1900 + section * 30 + year
            ));
        }
    }
    let (_dir, path) = temp_file(input.as_bytes());
    for format in ["html", "markdown"] {
        let (out, err, code) = run(&["report", path.to_str().unwrap(), "--format", format]);
        assert_eq!(code, 0, "{err}");
        // A section's table: its own 12 latest years, not 1,200 columns.
        assert!(out.len() < 400_000, "{format}: {} bytes", out.len());
        assert_eq!(
            out.matches("Earlier periods not shown (the table shows the latest 12): 18")
                .count(),
            40,
            "{format}"
        );
        let heading = if format == "html" { "<h3>第" } else { "### 第" };
        let start = out.find(&format!("{heading}0節")).unwrap();
        let end = start + out[start..].find(&format!("{heading}1節")).unwrap();
        let first = &out[start..end];
        assert!(
            first.contains("1929") && first.contains("1918") && !first.contains("1917"),
            "{format}"
        );
        assert!(!first.contains("1930"), "{format}: another section's year");
    }
}

#[test]
fn markdown_and_github_outputs_carry_nothing_live() {
    let name =
        "[click](https://evil.example) ![x](https://evil.example/a.png) @someone #12 \u{1b}[31mred\u{7}";
    let input = format!(
        "chapter,section,indicator,unit,direction,target,actual,period,reason\n\
         # 見出し,第1節,\"{name}\",人,↗,100,90,H30,\"see https://evil.example @team\"\n"
    );
    for args in [
        vec!["eval", "-", "--format", "markdown"],
        vec!["check", "-", "--format", "markdown"],
        vec!["report", "-", "--format", "markdown"],
        vec!["check", "-", "--format", "github"],
    ] {
        let (out, err, _) = run_stdin(&args, &input);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: a control character went out raw"
        );
        assert!(out.contains("\u{241b}"), "{args:?}: {out}");
        if args.contains(&"markdown") {
            // Brackets only escaped, the rest not there as written at all.
            let unescaped = |pattern: &str| {
                out.match_indices(pattern)
                    .any(|(at, _)| !out[..at].ends_with('\\'))
            };
            for live in ["](", "[click", "[x"] {
                assert!(!unescaped(live), "{args:?}: {live:?} is live in {out}");
            }
            for live in ["@someone", "@team", "#12", "https://", "# 見出し"] {
                assert!(!out.contains(live), "{args:?}: {live:?} is live in {out}");
            }
        }
        assert!(err.is_empty() || !err.contains("panicked"), "{err}");
    }
}

#[test]
fn shift_jis_output_takes_what_windows_maps() {
    let input = "chapter,section,indicator,unit,direction,target,actual,period\n\
                 第1章,第1節,\"10〜20歳‖¢−\",人,↗,100,90,H30\n";
    let output = common::plancheck()
        .args(["eval", "-", "--format", "csv", "--output-encoding", "sjis"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&output.stdout);
    assert!(!bad);
    assert!(text.contains("10～20歳∥￠－"), "{text}");
}

#[test]
fn a_cell_too_long_for_a_workbook_is_named() {
    let long = "あ".repeat(40_000);
    let input = format!(
        "chapter,section,indicator,unit,direction,target,actual,period,remark\n\
         第1章,第1節,参加者数,人,↗,100,90,H30,\n第1章,第1節,来館者数,人,↗,100,90,H30,{long}\n"
    );
    let (dir, path) = temp_file(input.as_bytes());
    let output = dir.path().join("out.xlsx");
    let (_, err, code) = run(&[
        "eval",
        path.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("line 3 of the input, remark: a text of 40000 characters"),
        "{err}"
    );
    assert!(!output.exists());
}

#[test]
fn messages_say_what_is_wrong_in_the_user_s_terms() {
    let cases = [
        ("85%以上", "is a bound (以上), not a number"),
        ("20件未満", "is a bound (未満), not a number"),
        ("70～80", "is a range, not a number"),
        ("2.5E+3", "is in scientific notation"),
    ];
    for (actual, expected) in cases {
        let input = format!("indicator,direction,target,actual,period\nA,up,5,{actual},H30\n");
        let (_, err, code) = run_stdin(&["eval", "-"], &input);
        assert_eq!(code, 2);
        assert!(err.contains(expected), "{actual}: {err}");
    }
    // In a target, a bound is the target's direction (issue 26): it must
    // agree with the direction column.
    let input = "indicator,direction,target,actual,period\nA,up,85以上,80,H30\nB,up,20件未満,25,H30\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 2);
    assert!(out.contains(",A,,up,H30,,85,80,94.1,unmet,85以上"), "{out}");
    assert!(
        err.contains("\"20件未満\" says 未満, but the direction is up"),
        "{err}"
    );
    // 40 comment lines: the search, and the way past it, are named.
    let mut input: String = (0..40).map(|i| format!("# note {i}\n")).collect();
    input.push_str("indicator,direction,target,actual,period\nA,up,10,5,H30\n");
    let (_, err, code) = run_stdin(&["eval", "-"], &input);
    assert_eq!(code, 2);
    assert!(
        err.contains("first 30 rows") && err.contains("--header-row"),
        "{err}"
    );
    let (out, _, code) = run_stdin(&["eval", "-", "--header-row", "41", "--format", "csv"], &input);
    assert_eq!(code, 0, "{out}");
    // Tab- and semicolon-separated files get a hint.
    for (separator, word) in [("\t", "tab-separated"), (";", "semicolon-separated")] {
        let input =
            ["indicator", "direction", "target", "actual", "period"].join(separator) + "\nA;up;10;5;H30\n";
        let (_, err, _) = run_stdin(&["eval", "-"], &input);
        assert!(err.contains(word), "{err}");
    }
    // A header written over two lines in its cell stays on one message line.
    let input = "\"目標\r\n値\",indicator,direction,actual,period\nx,A,up,5,H30\n";
    let (_, err, code) = run_stdin(&["eval", "-"], input);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 2, "{err:?}");
    // GITHUB_STEP_SUMMARY set but empty is as if unset.
    let output = common::plancheck()
        .env("GITHUB_STEP_SUMMARY", "")
        .args(["check", "-", "--format", "github"])
        .write_stdin("indicator,direction,target,actual,period\nA,up,10,5,H30\n")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_chart_sheet_first_is_passed_over() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    let mut book = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Data!$G$2:$G$2");
    book.add_chartsheet()
        .set_name("Chart")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Data").unwrap();
    write_row(sheet, 0, HEADER);
    write_row(
        sheet,
        1,
        &["第1章", "第1節", "参加者数", "人", "↗", "100", "120", "H30"],
    );
    // Saved showing the chart: the first worksheet is read.
    let (_dir, path) = save(book);
    let (out, err, code) = run(&["eval", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("参加者数"), "{out}");
}

#[test]
fn settings_that_would_change_nothing_are_refused_or_said() {
    let input = "chapter,section,indicator,unit,direction,baseline,target,actual,period,weight,reason\n\
                 A,a,件数,件,↗,－,100,90,H26,0,予算不足\n\
                 A,a,件数,件,↗,－,100,93,H30,0,\n";
    // Bands without what they band.
    for args in [
        vec!["eval", "-", "--flat-band", "3"],
        vec!["summary", "-", "--grade-band", "5%", "--grades"],
    ] {
        let (_, err, code) = run_stdin(&args, input);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("add --"), "{err}");
    }
    // 3 points are for shares: on a row in 件 they make no change flat.
    let (out, err, code) = run_stdin(
        &["eval", "-", "--trend", "--flat-band", "3pt", "--format", "csv"],
        input,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().last().unwrap().ends_with(",improved"), "{out}");
    // A dash for the optional baseline is no baseline, not an error.
    assert!(!err.contains("baseline"), "{err}");
    // Weights that are all zero: the note says why there is no mean.
    let (out, _, _) = run_stdin(
        &["summary", "-", "--aggregate", "weighted", "--format", "csv"],
        input,
    );
    assert!(out.contains("the weights are all zero"), "{out}");
    // A reason on a row --period leaves out is said to explain nothing.
    let (_, err, code) = run_stdin(&["check", "-", "--period", "latest", "--require-reason"], input);
    assert_eq!(code, 1);
    assert!(
        err.contains("1 reason written on rows of periods --period leaves out"),
        "{err}"
    );
}

#[test]
fn projections_say_why_a_row_has_none() {
    let input = "chapter,section,indicator,unit,direction,baseline,baseline_year,target,target_year,actual,period\n\
                 A,a,件数,件,↗,0,2015,100,2020,10,2018\n\
                 A,a,件数,件,↗,0,2015,100,2020,40,2019\n\
                 A,a,件数,件,↗,0,2015,100,2020,80,2022\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--projection", "linear", "--format", "csv"], input);
    assert_eq!(code, 0, "{err}");
    // 2022 is after the target year 2020: no projection backwards.
    assert!(
        out.lines().last().unwrap().contains(",2022,") && out.lines().last().unwrap().ends_with(",,,"),
        "{out}"
    );
    assert!(
        err.contains("1 row not projected: measured after the target year"),
        "{err}"
    );
    let (_, err, _) = run_stdin(&["eval", "-", "--projection", "cagr"], input);
    assert!(
        err.contains("not projected: --projection cagr needs a baseline and actuals above zero"),
        "{err}"
    );
}

#[test]
fn headers_read_as_they_are_meant() {
    // A row of units under a wide header is not a second header tier.
    let input = "indicator,direction,目標値(H26),実績値(H26)\n,,(人),(人)\nA,up,10,5\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",A,,up,H26,"), "{out}");
    // A per-period target beside the long layout's target would be ignored.
    let input = "indicator,direction,目標値,実績値,目標値(H30),period\nA,up,10,5,8,H26\n";
    let (_, err, code) = run_stdin(&["eval", "-"], input);
    assert_eq!(code, 2);
    assert!(
        err.contains("目標値(H30)") && err.contains("would be ignored"),
        "{err}"
    );
    let (_, _, code) = run_stdin(&["eval", "-", "--layout", "long"], input);
    assert_eq!(code, 0);
}

#[test]
fn a_title_merged_across_every_column_is_a_title() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 16_383, "第5次総合計画 総括表", &Format::new())
        .unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (c, v) in ["第1章", "第1節", "参加者数", "人", "↗"].iter().enumerate() {
        sheet.write_string(3, c as u16, *v).unwrap();
    }
    sheet.write_number(3, 5, 100.0).unwrap();
    sheet.write_number(3, 6, 90.0).unwrap();
    sheet.write_string(3, 7, "H30").unwrap();
    let (_dir, path) = save(book);
    let path = path.to_str().unwrap();
    let (out, err, code) = run(&["check", path, "--format", "github"]);
    assert_eq!(code, 1, "{err}");
    // The annotation is on the sheet's row of the indicator.
    assert!(out.contains("line=4,"), "{out}");
}

#[test]
fn a_workbook_with_no_visible_worksheet_is_named_so() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    // A chart shown, the data hidden: nothing to read without --sheet.
    let mut book = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Data!$G$2:$G$2");
    book.add_chartsheet()
        .set_name("Chart")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Data").unwrap();
    write_row(sheet, 0, HEADER);
    write_row(
        sheet,
        1,
        &["第1章", "第1節", "参加者数", "人", "↗", "100", "120", "H30"],
    );
    sheet.set_hidden(true);
    let (_dir, path) = save(book);
    let path = path.to_str().unwrap();
    let (_, err, code) = run(&["eval", path, "--all-sheets"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("every sheet is hidden or a chart; name one with --sheet"),
        "{err}"
    );
    let (out, err, code) = run(&["eval", path, "--sheet", "Data", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("参加者数"), "{out}");
}
