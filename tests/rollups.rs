//! Roll-ups and targets as publishers write them (issue 15), on the worked
//! examples of `examples/rollups.csv`.

mod common;

use common::run;

const ROLLUPS: &str = "examples/rollups.csv";
const POINTS: &str = "A=100:95,B=80:80,C=0:35";

#[test]
fn every_rule_on_the_worked_examples() {
    let (eval, _, code) = run(&[
        "eval", ROLLUPS, "--format", "csv", "--method", "auto", "--grades", POINTS,
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rollups_eval", eval);
    let mut summaries = String::new();
    for aggregate in ["mean", "sum", "weighted"] {
        for cap in [None, Some("--no-cap")] {
            let mut args = vec![
                "summary", ROLLUPS, "--by", "chapter", "--format", "csv", "--grades", POINTS,
            ];
            args.extend(["--aggregate", aggregate]);
            args.extend(cap);
            let (stdout, _, code) = run(&args);
            assert_eq!(code, 0);
            summaries.push_str(&format!("$ {}\n{stdout}\n", args[1..].join(" ")));
        }
    }
    insta::assert_snapshot!("rollups_summaries", summaries);
}

#[test]
fn the_worked_examples_to_the_digit() {
    // Two accounts at 193.2% and 118.9%: the chapter's sums print 152.5%.
    let (stdout, _, _) = run(&[
        "summary",
        ROLLUPS,
        "--by",
        "chapter",
        "--aggregate",
        "sum",
        "--no-cap",
        "--format",
        "csv",
    ]);
    assert!(
        stdout.contains("\n第1章 投資的事業費,2,2,2,0,0,100.0,152.5,"),
        "{stdout}"
    );
    assert!(
        stdout.contains(",rows in different units cannot be summed"),
        "{stdout}"
    );
    // Baseline 6,125, target 393人増, actual 6,511: target 6,518, progress 98.2%.
    let (stdout, _, _) = run(&["eval", ROLLUPS, "--format", "csv", "--method", "auto"]);
    assert!(
        stdout.contains(",市内人口,人,up,,6125,6518,6511,98.2,unmet,393人増,progress"),
        "{stdout}"
    );
    // Grades as points: 95, 80, 35 averaged exactly.
    let (stdout, _, _) = run(&[
        "summary", ROLLUPS, "--by", "chapter", "--grades", POINTS, "--format", "csv",
    ]);
    assert!(stdout.starts_with("chapter,indicators,evaluated,met,unmet,pending,met_share,mean_achievement,min_achievement,worst_indicator,grade_A,grade_B,grade_C,mean_points\n"));
    assert!(
        stdout.contains("\n(total),14,14,4,10,0,28.6,93.1,71.4,創業件数,4,9,1,81.1\n"),
        "{stdout}"
    );
}

#[test]
fn subtotal_rows_are_listed_left_out_and_checked() {
    let (stdout, _, _) = run(&["eval", ROLLUPS, "--format", "csv"]);
    assert!(
        stdout.contains(",計,千円,up,,,100000,152500,100.0,subtotal,"),
        "{stdout}"
    );
    let (stdout, _, code) = run(&["validate", ROLLUPS]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("examples/rollups.csv:17:8: warning: actual: the printed actual 495 is not the sum of the 2 rows it closes (490)"),
        "{stdout}"
    );
    assert!(!stdout.contains(":4:"), "the 計 of 第1章 agrees: {stdout}");
    let (_, stderr, _) = run(&["eval", ROLLUPS, "--verify-published"]);
    assert!(
        stderr.contains(":17:8: actual: the printed actual 495 is not the sum"),
        "{stderr}"
    );
    // --keep-subtotals reads them as indicators.
    let (stdout, _, _) = run(&[
        "summary",
        ROLLUPS,
        "--by",
        "chapter",
        "--keep-subtotals",
        "--format",
        "csv",
    ]);
    assert!(stdout.contains("\n第1章 投資的事業費,3,3,"), "{stdout}");
    let (stdout, _, code) = run(&["check", ROLLUPS, "--period", "latest"]);
    assert_eq!(code, 1);
    assert!(
        !stdout.contains("/ 小計:") && !stdout.contains("/ 計:"),
        "subtotals are not checked as indicators: {stdout}"
    );
    assert!(stdout.contains("/ A事業:"), "{stdout}");
}

#[test]
fn bad_weights_and_relative_targets_name_their_cells() {
    let input = "indicator,unit,direction,baseline,target,actual,weight\na,人,up,,10人増,5,1\nb,人,up,1,2,2,-1\nc,人,up,1,10件増,2,x\n";
    let (_, stderr, code) = common::run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "<stdin>:2:5: target: \"10人増\" is relative to the baseline, but the row has no baseline (策定時)"
    );
    assert_eq!(
        lines[1],
        "<stdin>:3:7: weight: \"-1\" is a negative weight; weights are zero or more"
    );
    assert!(
        lines[2].starts_with("<stdin>:4:5: target: \"10件増\": \"10件\" ends in the unit \"件\""),
        "{stderr}"
    );
    assert!(
        lines[3].starts_with("<stdin>:4:7: weight: \"x\" is not a number"),
        "{stderr}"
    );
}

#[test]
fn the_report_shows_the_chosen_aggregate() {
    let (page, _, _) = run(&[
        "report",
        ROLLUPS,
        "--aggregate",
        "sum",
        "--no-cap",
        "--format",
        "markdown",
    ]);
    assert!(page.contains("achievement of the sums 152.5%"), "{page}");
    let (page, _, _) = run(&[
        "report",
        ROLLUPS,
        "--aggregate",
        "weighted",
        "--format",
        "markdown",
        "--lang",
        "ja",
    ]);
    assert!(page.contains("加重平均達成率"), "{page}");
}
