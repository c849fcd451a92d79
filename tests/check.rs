//! `plancheck check` on the real binary.

mod common;

use common::{EXAMPLE, plancheck, run, run_stdin, temp_file};

fn example_without_reason_on_line(line: usize) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/tokorozawa-ch5.csv"
    ))
    .unwrap();
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                let cut = l.rfind(",H30,").unwrap();
                format!("{},H30,\n", &l[..cut])
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

#[test]
fn latest_period_fails_on_the_three_unmet_indicators() {
    let (stdout, stderr, code) = run(&["check", EXAMPLE, "--period", "H30"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("examples/tokorozawa-ch5.csv:10: unmet: 第5章 産業・経済 / 第3節 工業 / 製造品出荷額 (H30): achievement 91.5% is below 100%"));
    assert!(lines[1].starts_with("examples/tokorozawa-ch5.csv:11: unmet: "));
    assert!(lines[2].starts_with(
        "examples/tokorozawa-ch5.csv:14: unmet: 第5章 産業・経済 / 第4節 観光 / 観光客数 (H30)"
    ));
    assert_eq!(lines[3], "3 unmet, 0 explained, 0 pending of 10 checked");
    insta::assert_snapshot!(stdout);
}

#[test]
fn every_period_by_default() {
    let (stdout, _, code) = run(&["check", EXAMPLE]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().last().unwrap(),
        "9 unmet, 0 explained, 0 pending of 16 checked"
    );
}

#[test]
fn reasons_explain_the_unmet_indicators() {
    let (stdout, _, code) = run(&["check", EXAMPLE, "--period", "H30", "--require-reason"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.matches(": explained: ").count(), 3);
    assert_eq!(
        stdout.lines().last().unwrap(),
        "0 unmet, 3 explained, 0 pending of 10 checked"
    );
}

#[test]
fn removing_one_reason_fails_the_gate() {
    let edited = example_without_reason_on_line(14);
    let (stdout, _, code) = run_stdin(&["check", "-", "--period", "H30", "--require-reason"], &edited);
    assert_eq!(code, 1);
    assert!(stdout.contains("<stdin>:14: unmet: 第5章 産業・経済 / 第4節 観光 / 観光客数 (H30)"));
    assert_eq!(
        stdout.lines().last().unwrap(),
        "1 unmet, 2 explained, 0 pending of 10 checked"
    );
}

#[test]
fn a_section_reason_explains_its_whole_section_and_period() {
    let input = "section,indicator,direction,target,actual,period,section_reason\n\
                 第3節,a,up,10,10,H30,設備投資が伸びなかった\n\
                 第3節,b,up,10,5,H30,\n\
                 第3節,c,up,10,5,H26,\n\
                 第4節,d,up,10,5,H30,\n";
    let (stdout, _, code) = run_stdin(&["check", "-", "--require-reason"], input);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("<stdin>:3: explained: 第3節 / b (H30)"));
    assert!(lines[0].ends_with("; reason: 設備投資が伸びなかった"));
    assert!(
        lines[1].starts_with("<stdin>:4: unmet: 第3節 / c (H26)"),
        "another period is not explained"
    );
    assert!(
        lines[2].starts_with("<stdin>:5: unmet: 第4節 / d (H30)"),
        "another section is not explained"
    );
}

#[test]
fn junit_parses_and_counts_the_failures() {
    let (stdout, _, code) = run(&["check", EXAMPLE, "--period", "H30", "--format", "junit"]);
    assert_eq!(code, 1);
    let document = roxmltree::Document::parse(&stdout).unwrap();
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("10"));
    assert_eq!(suite.attribute("failures"), Some("3"));
    let cases: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 10);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|f| f.has_tag_name("failure")))
        .map(|c| c.attribute("line").unwrap())
        .collect();
    assert_eq!(failed, ["10", "11", "14"]);
    let names: std::collections::HashSet<_> = cases
        .iter()
        .map(|c| (c.attribute("classname"), c.attribute("name")))
        .collect();
    assert_eq!(names.len(), 10, "testcase names are unique");
    insta::assert_snapshot!(stdout);
}

#[test]
fn junit_escapes_markup_and_makes_names_unique() {
    let input = "section,indicator,direction,target,actual\n<b>&,<script>,up,10,5\n<b>&,<script>,up,10,5\n";
    let (stdout, _, code) = run_stdin(&["check", "-", "--format", "junit"], input);
    assert_eq!(code, 1);
    let document = roxmltree::Document::parse(&stdout).unwrap();
    let names: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(names, ["<script>", "<script> [line 3]"]);
}

#[test]
fn github_annotations_point_at_the_lines() {
    let summary = tempfile::NamedTempFile::new().unwrap();
    let output = plancheck()
        .args(["check", EXAMPLE, "--period", "H30", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", summary.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let errors: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 3);
    assert!(errors[0].starts_with(
        "::error file=examples/tokorozawa-ch5.csv,line=10,title=unmet target::第5章 産業・経済 / 第3節 工業 / 製造品出荷額 (H30): achievement 91.5%25 is below 100%25"
    ));
    assert!(errors[1].contains(",line=11,"));
    assert!(errors[2].contains(",line=14,"));
    let page = std::fs::read_to_string(summary.path()).unwrap();
    assert!(
        page.starts_with(
            "| line | verdict | indicator | detail |\n| --- | --- | --- | --- |\n| 10 | unmet |"
        )
    );
    assert!(page.ends_with("**plancheck**: 3 unmet, 0 explained, 0 pending of 10 checked\n"));
}

#[test]
fn github_explained_rows_are_notices() {
    let (stdout, _, code) = run(&[
        "check",
        EXAMPLE,
        "--period",
        "H30",
        "--format",
        "github",
        "--require-reason",
    ]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("::notice ")).count(), 3);
    assert!(!stdout.contains("::error"));
}

#[test]
fn json_report() {
    let (stdout, _, code) = run(&["check", EXAMPLE, "--period", "latest", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["checked"], 13);
    assert_eq!(report["unmet"], 6);
    assert_eq!(report["fails"], true);
    assert_eq!(report["findings"][0]["verdict"], "unmet");
    assert_eq!(report["findings"][0]["achievement"].to_string(), "80.9");
}

#[test]
fn pending_rows_warn_or_fail() {
    let input = "indicator,direction,target,actual\na,up,10,10\nb,up,10,\n";
    let (stdout, _, code) = run_stdin(&["check", "-"], input);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "<stdin>:3: pending: b: no actual yet (pending)\n0 unmet, 0 explained, 1 pending of 2 checked\n"
    );
    let (stdout, _, code) = run_stdin(&["check", "-", "--fail-on-pending"], input);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("<stdin>:3: pending (fails): b"));
    let (stdout, _, code) = run_stdin(&["check", "-", "--fail-on-pending", "--format", "github"], input);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("::error line=3,title=pending::b: no actual yet (pending)"));
}

#[test]
fn threshold_is_compared_exactly() {
    let (stdout, _, code) = run(&["check", EXAMPLE, "--period", "H30", "--threshold", "90"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().last().unwrap(),
        "2 unmet, 0 explained, 0 pending of 10 checked; 1 unmet but at or above the 90% threshold (passed)"
    );
    // 8996/10000 = 89.96% prints 90.0 but is below 90: the message shows the gap.
    let input = "indicator,direction,target,actual\na,up,10000,8996\n";
    let (stdout, _, code) = run_stdin(&["check", "-", "--threshold", "90"], input);
    assert_eq!(code, 1);
    assert!(stdout.contains("achievement 89.96% is below 90%"), "{stdout}");
    let input = "indicator,direction,target,actual\na,up,3,2\nb,up,100,100.5\n";
    let (stdout, _, _) = run_stdin(&["check", "-", "--threshold", "66.67"], input);
    assert!(stdout.contains("achievement 66.66…% is below 66.67%"), "{stdout}");
    // A met row under a threshold above 100 is below the threshold, not unmet.
    let (stdout, _, code) = run_stdin(&["check", "-", "--threshold", "101", "--no-cap"], input);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("<stdin>:3: below threshold: b: achievement 100.5% is below 101%"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 unmet, 1 below threshold, 0 explained, 0 pending of 2 checked\n"),
        "{stdout}"
    );
    let (_, stderr, code) = run(&["check", EXAMPLE, "--threshold", "150"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--threshold 150 is above 100, but achievement is capped at 100; add --no-cap"));
    let (_, stderr, code) = run(&["check", EXAMPLE, "--threshold", "-5"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a percentage of zero or more"));
}

#[test]
fn exit_zero_reports_without_failing() {
    let (stdout, _, code) = run(&["check", EXAMPLE, "--period", "H30", "--exit-zero"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("3 unmet, 0 explained, 0 pending of 10 checked\n"));
}

#[test]
fn bad_input_exits_2_even_with_failures() {
    let (_dir, path) = temp_file(b"indicator,direction,target,actual\na,up,10,5\nb,sideways,10,5\n");
    let (stdout, stderr, code) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stdout.contains(":2: unmet: a"));
    assert!(stderr.contains(":3:2: direction: \"sideways\" is not a direction"));
}
