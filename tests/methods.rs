//! Methods beyond the reference's ratio, tolerances, grades and trajectories.

mod common;

use common::{EXAMPLE, run, run_stdin};

const METHODS: &str = "examples/methods.csv";

fn column(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let index = reader.headers().unwrap().iter().position(|h| h == name).unwrap();
    reader.records().map(|r| r.unwrap()[index].to_string()).collect()
}

#[test]
fn every_method_and_direction_snapshot() {
    let (stdout, stderr, code) = run(&[
        "eval",
        METHODS,
        "--raw",
        "--grades",
        "--trajectory",
        "--format",
        "csv",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        column(&stdout, "achievement"),
        [
            "87.0", "90.0", "100.0", "62.5", "66.7", "0.0", "88.9", "100.0", "0.0", "93.6", "60.0", "20.0"
        ]
    );
    assert_eq!(
        column(&stdout, "raw_achievement"),
        [
            "87.0", "90.0", "98.4", "62.5", "66.7", "-25.0", "88.9", "", "-60.0", "93.6", "60.0", "20.0"
        ]
    );
    assert_eq!(
        column(&stdout, "method"),
        [
            "ratio",
            "ratio",
            "ratio",
            "progress",
            "progress",
            "progress",
            "deviation",
            "deviation",
            "deviation",
            "ratio",
            "progress",
            "progress"
        ]
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn methods_table_snapshot() {
    let (stdout, _, code) = run(&["eval", METHODS, "--raw", "--grades", "--trajectory"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn progress_needs_baselines_and_auto_falls_back() {
    let (_, stderr, code) = run(&["eval", EXAMPLE, "--method", "progress", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(
        "examples/tokorozawa-ch5.csv:4:6: baseline: the progress method needs a baseline (策定時)"
    ));
    let (stdout, stderr, code) = run(&["eval", EXAMPLE, "--method", "auto", "--raw", "--format", "csv"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let methods = column(&stdout, "method");
    assert_eq!((methods[0].as_str(), methods[2].as_str()), ("progress", "ratio"));
    // 認定農業者数 fell from 193 to 182 against a target of 225: −11 ÷ 32.
    assert_eq!(column(&stdout, "raw_achievement")[0], "-34.4");
    assert_eq!(column(&stdout, "achievement")[0], "0.0");
    // Met is the comparison, whichever the method: 3,085 ≥ 2,800.
    assert_eq!(column(&stdout, "status")[5], "met");
}

#[test]
fn a_method_column_overrides_the_files_method() {
    let input = "indicator,direction,baseline,target,actual,算出方法\na,down,500,400,450,progress\nb,down,500,400,450,\nc,down,500,400,450,進捗率\n";
    let (stdout, _, code) = run_stdin(&["eval", "-", "--format", "csv", "--method", "deviation"], input);
    assert_eq!(code, 0);
    assert_eq!(column(&stdout, "method"), ["progress", "deviation", "progress"]);
    assert_eq!(column(&stdout, "achievement"), ["50.0", "87.5", "50.0"]);
    let (_, stderr, code) = run_stdin(
        &["eval", "-"],
        "indicator,direction,target,actual,method\na,up,1,1,median\n",
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("<stdin>:2:5: method: \"median\" is not a method; expected ratio (達成率), progress (進捗率), deviation, auto"));
}

#[test]
fn tolerances_for_maintain() {
    let input = "indicator,direction,target,actual,tolerance\n森林面積,maintain,320,314,\n緑地,→,320,314,2\n人口,up,320,314,2\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv", "--tolerance", "1"], input);
    assert_eq!(code, 2);
    assert_eq!(column(&stdout, "status"), ["unmet", "met"]);
    assert!(stderr.contains(
        "<stdin>:4:5: tolerance: a tolerance applies to maintain (→) indicators only, and this one is up"
    ));
    let (_, stderr, code) = run(&["eval", EXAMPLE, "--tolerance", "150"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("\"150\" is not a percentage from 0 to 100"));
}

#[test]
fn grades_in_eval_and_summary() {
    let (stdout, _, code) = run(&["eval", EXAMPLE, "--grades", "A=100,B=90,C=0", "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(
        column(&stdout, "grade"),
        [
            "C", "C", "A", "A", "C", "A", "A", "C", "B", "C", "A", "B", "C", "C", "A", "A"
        ]
    );
    let (stdout, _, _) = run(&[
        "summary", EXAMPLE, "--grades", "--format", "csv", "--by", "chapter",
    ]);
    assert_eq!(
        stdout,
        "chapter,indicators,evaluated,met,unmet,pending,met_share,mean_achievement,min_achievement,worst_indicator,grade_A,grade_B,grade_C,grade_D\n\
         第5章 産業・経済,13,16,7,9,0,43.8,91.1,73.9,製造品出荷額 (H26),7,7,2,0\n\
         (total),13,16,7,9,0,43.8,91.1,73.9,製造品出荷額 (H26),7,7,2,0\n"
    );
    let (stdout, _, _) = run(&[
        "summary", EXAMPLE, "--grades", "--format", "json", "--by", "chapter",
    ]);
    let groups: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(groups[0]["grades"]["C"], 2, "73.9% and 77.3%");
    for bad in ["A=100,B=80", "A=100,A=0", "A", "=0", "A=x"] {
        let (_, stderr, code) = run(&["eval", EXAMPLE, "--grades", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(stderr.contains("--grades"), "{bad}: {stderr}");
    }
}

#[test]
fn trajectories_in_summary_and_json() {
    let (stdout, _, code) = run(&[
        "summary",
        METHODS,
        "--trajectory",
        "--format",
        "csv",
        "--no-total",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("section,indicators,evaluated,met,unmet,pending,met_share,mean_achievement,min_achievement,worst_indicator,ahead,on_track,behind\n"));
    assert!(stdout.contains("\nauto,3,3,0,3,0,0.0,57.9,20.0,自主防災組織数 (R2),0,1,1\n"));
    let (stdout, _, _) = run(&["eval", METHODS, "--trajectory", "--format", "jsonl"]);
    let park: serde_json::Value = serde_json::from_str(stdout.lines().nth(10).unwrap()).unwrap();
    assert_eq!(park["expected"], 112);
    assert_eq!(park["on_track"], "on_track");
    let (_, stderr, code) = run_stdin(
        &["eval", "-", "--trajectory"],
        "indicator,direction,baseline,target,actual,period,baseline_year,target_year\na,up,1,2,1,後期,H22,H30\n",
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("<stdin>:2:6: period: the period \"後期\" is not a year"));
}

#[test]
fn check_on_track_fails_what_is_behind() {
    let (stdout, _, code) = run(&["check", METHODS, "--on-track"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("examples/methods.csv:2: behind: 計算方法の例 / ratio / 観光客数 (H30): actual 6092 千人 is behind the expected 7000 千人"));
    assert!(
        stdout.contains(
            "examples/methods.csv:11: pending: 計算方法の例 / auto / 市民満足度 (H30): no trajectory"
        )
    );
    assert!(!stdout.contains(":12:"), "公園面積 is on track");
    assert_eq!(
        lines.last().unwrap(),
        &"8 behind, 0 explained, 1 pending of 12 checked; 1 unmet but on track (passed)"
    );
    let (stdout, _, _) = run(&["check", METHODS, "--on-track", "--format", "github"]);
    assert!(stdout.starts_with("::error file=examples/methods.csv,line=2,title=behind trajectory::"));
}
