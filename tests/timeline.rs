//! Progress over time (issue 16): where each indicator went since its
//! previous measurement, on `examples/time-series.csv` (three indicators over
//! five fiscal years: both directions, a gap year, regressions).

mod common;

use common::{run, run_stdin};

const SERIES: &str = "examples/time-series.csv";

#[test]
fn trends_snapshot() {
    let (stdout, stderr, code) = run(&["eval", SERIES, "--trend", "--format", "csv"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("time_series_trend", stdout);
}

#[test]
fn trends_by_hand() {
    let (stdout, _, _) = run(&["eval", SERIES, "--trend", "--format", "csv"]);
    let row = |period: &str, name: &str| -> String {
        stdout
            .lines()
            .find(|l| l.contains(name) && l.contains(period))
            .unwrap()
            .rsplitn(4, ',')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .skip(1)
            .collect::<Vec<_>>()
            .join(",")
    };
    // 62.5 → 62: down 0.5 points, worsened for an ↗ indicator.
    assert_eq!(row("2021年度", "市民満足度"), "62.5,-0.5,worsened");
    // ↘: 100 → 85 is better. The gap year 2021 (no actual) is skipped: 2022 compares with 2020.
    assert_eq!(row("2020年度", "待機児童数"), "100,-15,improved");
    assert_eq!(row("2022年度", "待機児童数"), "85,-25,improved");
    assert_eq!(row("2019年度", "観光客数"), ",,first");
    assert_eq!(row("2020年度", "観光客数"), "5100,-1900,worsened");
    // A band of 1 point counts the 0.5-point dip as flat; 5% counts 3200 → 4100 as improved.
    let (banded, _, _) = run(&["eval", SERIES, "--trend", "--flat-band", "1pt", "--format", "csv"]);
    assert!(banded.contains(",62.5,-0.5,flat\n"), "{banded}");
    let (relative, _, _) = run(&["eval", SERIES, "--trend", "--flat-band", "30%", "--format", "csv"]);
    assert!(
        relative.contains(",3200,900,flat\n"),
        "900 is 28% of 3200: {relative}"
    );
    assert!(
        relative.contains(",5100,-1900,worsened\n"),
        "1900 is 37% of 5100: {relative}"
    );
}

#[test]
fn summary_counts_and_the_gate() {
    let (stdout, _, _) = run(&["summary", SERIES, "--trend", "--by", "chapter", "--format", "csv"]);
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(",improved,flat,worsened"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n(total),3,14,1,13,1,7.1,59.3,0.0,待機児童数 (2019年度),9,0,2\n"),
        "{stdout}"
    );
    let (stdout, _, code) = run(&["check", SERIES, "--fail-on-worsened", "--threshold", "0"]);
    assert_eq!(code, 1);
    assert!(stdout.contains(":9: worsened: 第2章 市民生活 / 第1節 満足度 / 市民満足度 (2021年度): achievement 88.6% is at least 0%"), "{stdout}");
    assert!(
        stdout.contains("worsened since the previous period (62.5 → 62 %)"),
        "{stdout}"
    );
    assert!(stdout.ends_with("0 unmet, 2 worsened, 0 explained, 1 pending of 15 checked; 11 unmet but at or above the 0% threshold (passed)\n"), "{stdout}");
    let (_, _, code) = run(&["check", SERIES, "--threshold", "0"]);
    assert_eq!(
        code, 0,
        "without --fail-on-worsened the regressions pass a 0% threshold"
    );
}

#[test]
fn arrows_in_the_terminal_and_any_row_order() {
    let (stdout, _, _) = run(&["eval", SERIES, "--trend"]);
    assert!(
        stdout.contains("↑ improved") && stdout.contains("↓ worsened"),
        "{stdout}"
    );
    let (ascii, _, _) = run(&["eval", SERIES, "--trend", "--ascii", "--lang", "ja"]);
    assert!(ascii.contains("^ 改善") && ascii.contains("v 悪化"), "{ascii}");
    // Periods listed out of order are traced by fiscal year.
    let input = "indicator,direction,target,actual,period\na,up,10,8,R2\na,up,10,5,H30\na,up,10,9,R1\n";
    let (stdout, _, _) = run_stdin(&["eval", "-", "--trend", "--format", "csv"], input);
    let trends: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(trends, ["worsened", "first", "improved"]);
}

#[test]
fn projections_by_hand() {
    let (stdout, stderr, code) = run(&[
        "eval",
        SERIES,
        "--trend",
        "--projection",
        "cagr",
        "--format",
        "csv",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("time_series_cagr", stdout);
    let line = |text: &str, period: &str| -> String {
        text.lines()
            .find(|l| l.contains(period) && l.contains("市民満足度"))
            .unwrap()
            .to_string()
    };
    // CAGR from 60 (2018) to 64 (2022): 64 × (64/60)^(1/4) = 65.04 in 2023;
    // (65.04 − 60) ÷ (70 − 60) = 50.4% of the planned change: needs acceleration.
    assert!(
        line(&stdout, "2022年度").ends_with(",65.04,50.4,needs_acceleration"),
        "{stdout}"
    );
    assert!(line(&stdout, "2022年度").contains("projection computed in floating point (CAGR)"));
    assert!(
        line(&stdout, "2023年度").ends_with(",70.50,105.0,on_track"),
        "{stdout}"
    );
    // Least squares over 5100, 3200, 4100 (2019–2021): slope −500 a year,
    // 4633.33… at 2019 + 2 … → 2633.33 in 2023; −236.7% of the change: off track.
    let (linear, _, _) = run(&["eval", SERIES, "--projection", "linear", "--format", "csv"]);
    let tourism = linear
        .lines()
        .find(|l| l.contains("観光客数") && l.contains("2021年度"))
        .unwrap();
    assert!(tourism.ends_with(",2633.33,-236.7,off_track"), "{tourism}");
    assert!(!tourism.contains("floating point"), "linear is exact: {tourism}");
    let (json, _, _) = run(&["eval", SERIES, "--projection", "cagr", "--format", "jsonl"]);
    let last: serde_json::Value = serde_json::from_str(json.lines().last().unwrap()).unwrap();
    assert_eq!(last["outlook"], "needs_acceleration");
    assert_eq!(last["approximate"], true);
}

#[test]
fn interim_targets_move_with_where_the_line_starts() {
    let (stdout, _, code) = run(&["eval", SERIES, "--interim", "linear", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(",expected,on_track,interim_achievement")
    );
    // 60 → 70 over 2018–2023: 2019's interim target is 62; 61 ÷ 62 = 98.4%.
    assert!(
        stdout.contains(",市民満足度,%,up,2019年度,60,70,61,87.1,unmet,,62,behind,98.4\n"),
        "{stdout}"
    );
    // From the first plan year (2019) the line starts at the baseline: 61 is on track.
    let (stdout, _, _) = run(&[
        "eval",
        SERIES,
        "--interim",
        "linear",
        "--interim-start",
        "plan-start",
        "--format",
        "csv",
    ]);
    assert!(
        stdout.contains(",市民満足度,%,up,2019年度,60,70,61,87.1,unmet,,60,on_track,100.0\n"),
        "{stdout}"
    );
    // ↘: 120 → 0; 2020's interim target is 72, actual 85: 72 ÷ 85 = 84.7%.
    let (stdout, _, _) = run(&["eval", SERIES, "--interim", "linear", "--format", "csv"]);
    assert!(
        stdout.contains(",待機児童数,人,down,2020年度,120,0,85,0.0,unmet,,72,behind,84.7\n"),
        "{stdout}"
    );
}

#[test]
fn grades_against_the_baseline() {
    let (stdout, _, code) = run(&["eval", SERIES, "--grades", "baseline", "--format", "csv"]);
    assert_eq!(code, 0);
    let grades: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    // 待機児童数 (↘, baseline 120): below it every year, target 0 not met: A;
    // 市民満足度: A until 70.5 meets the target (S); 観光客数 (baseline 5,000):
    // above it in 2019 and 2023, below in 2020–2022 (C).
    assert_eq!(
        grades,
        [
            "A", "A", "", "A", "A", "A", "A", "A", "A", "S", "A", "C", "C", "C", "A"
        ]
    );
    // Within 1 point of the baseline 60, 61 is B.
    let (stdout, _, _) = run(&[
        "summary",
        SERIES,
        "--grades",
        "baseline",
        "--grade-band",
        "1pt",
        "--by",
        "chapter",
        "--format",
        "csv",
    ]);
    assert!(stdout.contains(",grade_S,grade_A,grade_B,grade_C\n"), "{stdout}");
    assert!(
        stdout.contains("\n第2章 市民生活,1,5,1,4,0,20.0,91.3,87.1,市民満足度 (2019年度),1,3,1,0\n"),
        "{stdout}"
    );
}
