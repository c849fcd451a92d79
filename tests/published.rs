//! Tables as planning offices publish them (issue 13): title rows, two-row
//! headers with merged period labels, merged sections, percent cells,
//! placeholders — in .xlsx, .xls, .ods and Excel's CSV exports. The
//! fixtures come from `scripts/make-examples.py`; each evaluates to the
//! long example's rates.

mod common;

use common::{EXAMPLE, run, run_stdin};

const DIR: &str = "tests/fixtures/published";

fn eval_csv(file: &str, extra: &[&str]) -> (String, String, i32) {
    let mut args = vec!["eval", file, "--format", "csv"];
    args.extend_from_slice(extra);
    run(&args)
}

/// The eval CSV without its chapter column: a single-sheet table printed
/// under a title has no chapter column of its own.
fn without_chapter(csv: &str) -> String {
    csv.lines()
        .map(|line| line.split_once(',').map_or(line, |(_, rest)| rest).to_string() + "\n")
        .collect()
}

fn expected() -> String {
    let (stdout, _, code) = eval_csv(EXAMPLE, &[]);
    assert_eq!(code, 0);
    stdout
}

#[test]
fn the_published_table_reads_alike_in_every_format_with_no_options() {
    let want = without_chapter(&expected());
    for file in [
        "as-published.xlsx",
        "as-published.xls",
        "as-published.ods",
        "as-published.csv",
        "as-published-sjis.csv",
        "transposed.xlsx",
        "transposed.csv",
        "spaced.xlsx",
        "spaced.csv",
    ] {
        let path = format!("{DIR}/{file}");
        let (stdout, stderr, code) = eval_csv(&path, &[]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{file}");
        assert_eq!(without_chapter(&stdout), want, "{file}");
    }
    let (stdout, _, code) = eval_csv("examples/tokorozawa-ch5-as-published.xlsx", &[]);
    assert_eq!(code, 0);
    assert_eq!(without_chapter(&stdout), want);
}

#[test]
fn the_16_published_rates_come_out_and_agree_with_the_printed_ones() {
    let (stdout, _, _) = eval_csv(&format!("{DIR}/as-published.xlsx"), &[]);
    let rates: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(9).unwrap())
        .collect();
    assert_eq!(
        rates,
        [
            "80.9", "81.9", "100.0", "100.0", "85.8", "100.0", "100.0", "73.9", "91.5", "86.5", "100.0",
            "93.2", "87.0", "77.3", "100.0", "100.0"
        ]
    );
    // The 達成率 cells are numbers formatted as percents: read as 80.9, not 0.809.
    for file in ["as-published.xlsx", "as-published.csv"] {
        let (_, stderr, code) = eval_csv(&format!("{DIR}/{file}"), &["--verify-published"]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{file}");
    }
}

#[test]
fn validate_says_where_the_header_is_and_what_was_filled() {
    let (stdout, _, code) = run(&["validate", &format!("{DIR}/as-published.csv")]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("{DIR}/as-published.csv: two-row header at lines 3–4")
    );
    assert!(
        stdout.contains(": 8 blank chapter or section cells filled from the row above"),
        "{stdout}"
    );
    let (stdout, _, _) = run(&["validate", &format!("{DIR}/as-published.xlsx")]);
    assert!(stdout.starts_with(&format!(
        "{DIR}/as-published.xlsx[総括表]: two-row header at rows 3–4\n"
    )));
}

#[test]
fn fill_down_can_be_turned_off() {
    let (stdout, _, _) = eval_csv(&format!("{DIR}/as-published.csv"), &["--no-fill-down"]);
    assert!(stdout.contains("\n,,認定農業者の経営面積割合,"), "{stdout}");
    let (stdout, _, _) = eval_csv(&format!("{DIR}/as-published.csv"), &[]);
    assert!(
        stdout.contains("\n,第1節 農業,認定農業者の経営面積割合,"),
        "{stdout}"
    );
    // Blank sections used to split a section in two; now it is one group.
    let (stdout, _, _) = run(&["summary", &format!("{DIR}/as-published.csv"), "--format", "csv"]);
    assert_eq!(stdout.lines().count(), 7, "five sections and the total: {stdout}");
}

#[test]
fn every_sheet_of_a_workbook_with_the_sheet_name_as_chapter() {
    let (stdout, stderr, code) = eval_csv(&format!("{DIR}/sheets.xlsx"), &["--all-sheets"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, expected(), "the sheet 第5章 産業・経済 is the chapter");
    assert!(
        stderr.starts_with(&format!(
            "{DIR}/sheets.xlsx[表紙]: skipped, no header found (missing required columns"
        )),
        "{stderr}"
    );
    let (stdout, _, code) = eval_csv(&format!("{DIR}/sheets.xlsx"), &["--sheet", "第5章 産業・経済"]);
    assert_eq!(code, 0);
    assert_eq!(without_chapter(&stdout), without_chapter(&expected()));
    // The cover alone has no header: an error naming the closest row.
    let (_, stderr, code) = eval_csv(&format!("{DIR}/sheets.xlsx"), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!(
            "plancheck: {DIR}/sheets.xlsx[表紙]:1: missing required columns"
        )),
        "{stderr}"
    );
}

#[test]
fn errors_in_a_sheet_name_the_sheet_and_the_cell() {
    let (stdout, stderr, code) = eval_csv(&format!("{DIR}/errors.xlsx"), &[]);
    assert_eq!(code, 2);
    assert_eq!(stdout.lines().count(), 4, "the good rows are written");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{DIR}/errors.xlsx[第5章]!F7: 目標値: \"x\" is not a number (expected digits like 2,900, 8.3, -5 or 34.4%)"
        )
    );
    assert!(lines[1].starts_with(&format!(
        "{DIR}/errors.xlsx[第5章]!E8: 方向: \"改善\" does not say which way is better"
    )));
    // JSON's line is the sheet's row number.
    let (stdout, _, _) = run(&["check", &format!("{DIR}/errors.xlsx"), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["findings"][0]["line"], 4);
}

#[test]
fn workbook_numbers_read_as_excel_shows_them() {
    let (stdout, stderr, code) = eval_csv(&format!("{DIR}/numbers.xlsx"), &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains(",三分の一,,up,,,0.333333333333333,0.3,90.0,unmet,"),
        "{stdout}"
    );
    assert!(
        stdout.contains(",割合,%,up,,,42,34.4,81.9,unmet,"),
        "a 42% cell is the target 42: {stdout}"
    );
}

#[test]
fn the_header_is_found_below_titles_or_named_by_header_row() {
    let input =
        "第5次所沢市総合計画 総括表,,,\n,,,\n※単位は各指標による,,,\n目標指標,方向,目標値,実績値\na,↗,10,5\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains(",,a,,up,,,10,5,50.0,unmet,"), "{stdout}");
    let (stdout, _, code) = run_stdin(&["validate", "-"], input);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("<stdin>: header at line 4\n"), "{stdout}");
    // --header-row takes the row given, even where another would match first.
    let twice = "indicator,direction,target,actual\nindicator,direction,target,actual\na,up,1,1\n";
    let (stdout, _, _) = run_stdin(&["validate", "-", "--header-row", "2"], twice);
    assert!(stdout.starts_with("<stdin>: header at line 2\n"), "{stdout}");
    let (_, stderr, code) = run_stdin(&["eval", "-", "--header-row", "9"], twice);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--header-row 9: line 9 is blank, inside a quoted cell, or past the end"),
        "{stderr}"
    );
    // None fits: the closest row is named with what it lacks.
    let none = "計画名,,\n目標指標,単位,目標値\n,,\n";
    let (_, stderr, code) = run_stdin(&["eval", "-"], none);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "plancheck: <stdin>:2: no row of the first 30 names the required columns; the closest is this one: \
             missing required column actual"
        ),
        "{stderr}"
    );
}

#[test]
fn placeholders_directions_and_kept_targets_as_printed() {
    let input = "節,目標指標,単位,方向,策定時,目標値,実績値\n\
                 第1節,a,人,↗️,100,120,集計中\n\
                 ,b,人,向上,100,120,－\n\
                 ,c,件,削減,50,40,45\n\
                 ,d,%,現状維持,80,維持,80\n\
                 ,e,%,→,80,,79\n\
                 ,f,%,ＵＰ,1,2,x\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 2);
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(rows[0], ",第1節,a,人,up,,100,120,,,pending,集計中");
    assert_eq!(rows[1], ",第1節,b,人,up,,100,120,,,pending,－");
    assert_eq!(rows[2], ",第1節,c,件,down,,50,40,45,88.9,unmet,");
    assert_eq!(
        rows[3], ",第1節,d,%,maintain,,80,80,80,100.0,met,維持",
        "維持 is the baseline"
    );
    assert_eq!(
        rows[4], ",第1節,e,%,maintain,,80,80,79,98.8,unmet,",
        "a blank → target is the baseline"
    );
    assert!(
        stderr.starts_with("<stdin>:7:7: 実績値: \"x\" is not a number"),
        "any other text is an error: {stderr}"
    );
}

#[test]
fn ragged_rows_from_a_spreadsheet_are_fine() {
    let input =
        "indicator,direction,target,actual,unit,reason\r\na,up,10,5,\r\nb,up,10,5\r\nc,up,10,5,人,,\r\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout.lines().count(), 4);
}

#[test]
fn reason_blocks_below_a_section_explain_its_latest_period() {
    for file in [
        "as-published.xlsx",
        "as-published.xls",
        "as-published.ods",
        "as-published.csv",
    ] {
        let path = format!("{DIR}/{file}");
        let (stdout, stderr, code) = run(&["check", &path, "--period", "H30", "--require-reason"]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{file}: {stdout}");
        assert!(
            stdout.ends_with("0 unmet, 3 explained, 0 pending of 10 checked\n"),
            "{file}: {stdout}"
        );
        // The 後期 block does not explain the earlier period's misses.
        let (stdout, _, code) = run(&["check", &path, "--require-reason"]);
        assert_eq!(code, 1);
        assert!(
            stdout.ends_with("6 unmet, 3 explained, 0 pending of 16 checked\n"),
            "{file}: {stdout}"
        );
    }
    let (page, _, _) = run(&[
        "report",
        &format!("{DIR}/as-published.csv"),
        "--format",
        "markdown",
    ]);
    assert!(page.contains("> 中小企業が多い所沢市内の事業所では"), "{page}");
}

#[test]
fn heading_rows_name_the_section_and_footnotes_are_counted() {
    let input = "section,indicator,direction,target,actual\n第2節\n,a,up,10,5\n※出典：市統計書,,,,\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with("\n,第2節,a,,up,,,10,5,50.0,unmet,\n"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "<stdin>: 1 row with one text and no figures read as notes, not indicators (plancheck validate lists them)\n"
    );
    let (stdout, _, _) = run_stdin(&["validate", "-"], input);
    assert!(
        stdout.contains("<stdin>:4: note: not an indicator (one text, no figures): ※出典：市統計書\n"),
        "{stdout}"
    );
    // A row naming only an indicator is still an indicator row, and an error.
    let (_, stderr, code) = run_stdin(
        &["eval", "-"],
        "indicator,direction,target,actual\na,up,1,1\nb,,,\n",
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("<stdin>:3:2: direction: the direction is empty"),
        "{stderr}"
    );
}

/// Tables as other publishers print them (issue 26), from
/// `scripts/make-examples.py`: no direction column, their own words.
const PUBLISHERS: &str = "tests/fixtures/publishers";

/// `eval --format csv` of a publisher's fixture, the same from its
/// workbook and from Excel's CSV export of it, with no options.
fn publisher(name: &str, extra: &[&str]) -> (String, String) {
    let (from_csv, csv_err, code) = eval_csv(&format!("{PUBLISHERS}/{name}.csv"), extra);
    assert_eq!(code, 0, "{csv_err}");
    let (from_xlsx, xlsx_err, code) = eval_csv(&format!("{PUBLISHERS}/{name}.xlsx"), extra);
    assert_eq!(code, 0, "{xlsx_err}");
    assert_eq!(from_csv, from_xlsx, "the workbook and its CSV export read alike");
    for err in [&csv_err, &xlsx_err] {
        assert!(!err.contains("error"), "{err}");
    }
    (from_csv, csv_err)
}

#[test]
fn an_environment_plan_reads_with_no_options_and_its_printed_rates_are_reproduced_uncapped() {
    let (out, _) = publisher("environment-plan", &[]);
    insta::assert_snapshot!("publisher_environment_plan", out);
    // Six indicators in two years each, the second year of one pending.
    assert_eq!(out.lines().count(), 1 + 12, "{out}");
    assert!(out.contains(",pending,－;"), "{out}");
    // The year's targets keep the baseline: the final target 目標値(R2) decides.
    assert!(
        out.contains("森林整備面積【ha】,ha,up,26年度,500,500,505,100.0,met,direction up inferred from baseline 500 → final target 520"),
        "{out}"
    );
    // The publisher's rates are uncapped: reproduced with --no-cap, and
    // differing (above 100) with the cap.
    let (_, err) = publisher("environment-plan", &["--no-cap", "--verify-published"]);
    assert!(!err.contains("differs"), "{err}");
    let (_, err, code) = eval_csv(
        &format!("{PUBLISHERS}/environment-plan.csv"),
        &["--verify-published"],
    );
    assert_eq!(code, 0);
    assert!(err.contains("4 published rates differ"), "{err}");
}

#[test]
fn a_white_paper_reads_values_with_years_the_final_target_line_and_its_marks() {
    let (out, _) = publisher("white-paper", &[]);
    insta::assert_snapshot!("publisher_white_paper", out);
    assert_eq!(out.lines().count(), 1 + 6, "one row per merged pair: {out}");
    // 93.8 (H16): the number is the value; the actual's year (97.5 (H21))
    // is its period where the table has no period column.
    assert!(out.contains(",%,up,H21,93.8,100,97.5,97.5,unmet,"), "{out}");
    // The baseline's year and the year H22の目標値 names place each row
    // on its baseline → target line.
    let (traj, err) = publisher("white-paper", &["--trajectory"]);
    assert!(
        traj.contains(",97.5,97.5,unmet,") && traj.contains(",98.97,behind,△"),
        "{traj}{err}"
    );
    // The final target on the line under decides where the year's keeps the baseline.
    assert!(
        out.contains("inferred from baseline 800 → final target 850"),
        "{out}"
    );
    // 達成度's marks are the publisher's grade, never a rate.
    let grades: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(grades, ["△", "◎", "○", "▲", "○", "○"], "{out}");
    // The marks scheme reproduces every one: ◎ the final target (the line
    // under) met, ○ the year's met, △ better than the baseline, ▲ not.
    let (_, err) = publisher("white-paper", &["--grades", "marks", "--verify-published"]);
    assert!(
        err.contains("published grades: 6 agree with the computed ones, 0 differ"),
        "{err}"
    );
}

#[test]
fn a_health_plan_reads_year_lines_text_targets_and_letter_grades() {
    let (out, err) = publisher("health-plan", &[]);
    insta::assert_snapshot!("publisher_health_plan", out);
    assert_eq!(
        out.lines().count(),
        1 + 8,
        "the year lines are not indicators: {out}"
    );
    assert!(
        !err.contains("notes"),
        "the year lines belong to the rows above: {err}"
    );
    // 目標項目 beside 指標 is the section; a text target is pending with its
    // text; the year under the actual is the period.
    assert!(
        out.contains(",①健康寿命の延伸,日常生活に制限のない期間の平均（男性）【年】,年,up,令和元年,70.42,,72.68,,pending,\"平均寿命の増加分を上回る健康寿命の増加;"),
        "{out}"
    );
    // A reference year before a relative target, a trend, a bound.
    assert!(
        out.contains(",万人,down,令和元年度,1400,1050,1516,69.3,unmet,"),
        "{out}"
    );
    assert!(
        out.contains(",%,down,令和元年,4.60,4.60,5.12,89.8,unmet,\"減少傾向へ;"),
        "{out}"
    );
    assert!(
        out.contains(",down,令和元年,23.4,13.0,19.5,66.7,unmet,\"13.0以下;"),
        "{out}"
    );
    assert!(out.lines().last().unwrap().ends_with(",B*"), "{out}");
    // The years under the baseline and the target place the row on its
    // line, so health21's B* is decided; the text targets are not the 5%
    // rule's (E here, A as printed).
    let (graded, err) = publisher("health-plan", &["--grades", "health21", "--verify-published"]);
    assert!(graded.lines().last().unwrap().ends_with(",B*,4,B*"), "{graded}");
    assert!(
        err.contains("published grades: 6 agree with the computed ones, 2 differ"),
        "{err}"
    );
    assert_eq!(
        err.matches("published grade A differs from the computed E")
            .count(),
        2,
        "{err}"
    );
    let health = format!("{PUBLISHERS}/health-plan.csv");
    let (summary, _, code) = run(&[
        "summary", &health, "--grades", "health21", "--by", "section", "--format", "csv",
    ]);
    assert_eq!(code, 0);
    // ③'s two indicators, B (4) and C (3): 3.5 rounds 五捨六入 down, to C.
    let third = summary.lines().find(|l| l.starts_with("③")).unwrap();
    assert!(third.ends_with(",0,0,1,1,0,0,3.5,C"), "{summary}");
}
