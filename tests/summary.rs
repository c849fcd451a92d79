//! `plancheck summary` on the real binary.

mod common;

use common::{EXAMPLE, run, run_stdin};

#[test]
fn section_summary_of_the_latest_period() {
    let (stdout, stderr, code) = run(&[
        "summary", EXAMPLE, "--period", "H30", "--by", "section", "--format", "csv",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let line = stdout.lines().find(|l| l.starts_with("第3節 工業")).unwrap();
    assert_eq!(
        line,
        "第3節 工業,2,2,0,2,0,0.0,89.0,86.5,事業所あたり償却資産課税標準額(機械及び装置) (3か年平均)"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn every_grouping() {
    for by in [
        "section",
        "chapter",
        "period",
        "chapter,section",
        "period,section",
    ] {
        let (stdout, stderr, code) = run(&["summary", EXAMPLE, "--by", by, "--format", "csv"]);
        assert_eq!((code, stderr.as_str()), (0, ""), "--by {by}");
        let header = stdout.lines().next().unwrap();
        assert!(
            header.starts_with(&format!("{by},indicators,evaluated")),
            "--by {by}: {header}"
        );
        insta::assert_snapshot!(format!("by_{}", by.replace(',', "_")), stdout);
    }
}

#[test]
fn groups_follow_first_appearance() {
    let input = "chapter,indicator,direction,target,actual\n第2章,a,up,1,1\n第1章,b,up,1,1\n第2章,c,up,1,0\n";
    let (stdout, _, code) = run_stdin(
        &["summary", "-", "--by", "chapter", "--format", "csv", "--no-total"],
        input,
    );
    assert_eq!(code, 0);
    let groups: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(groups, ["第2章", "第1章"]);
}

#[test]
fn latest_keeps_each_indicators_last_period() {
    let (stdout, _, code) = run(&[
        "summary", EXAMPLE, "--period", "latest", "--by", "period", "--format", "csv",
    ]);
    assert_eq!(code, 0);
    // 3 indicators appear only in H26; 10 rows are H30, three of them
    // replacing an earlier H26 row of the same indicator.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[1], "H26,3,3,0,3,0,0.0,80.0,77.3,年間就職者数");
    assert!(lines[2].starts_with("H30,10,10,7,3,0,70.0,96.5,86.5,"));
    assert!(lines[3].starts_with("(total),13,13,7,6,0,53.8,"));
}

#[test]
fn all_pending_and_empty_groups_have_empty_rates() {
    let input = "section,indicator,direction,target,actual\nA,a,up,1,\nA,b,up,2,\nB,c,up,2,1\n";
    let (stdout, _, code) = run_stdin(&["summary", "-", "--format", "csv"], input);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[1], "A,2,0,0,0,2,,,,");
    assert_eq!(lines[2], "B,1,1,0,1,0,0.0,50.0,50.0,c");
    assert_eq!(lines[3], "(total),3,1,0,1,2,0.0,50.0,50.0,c");
}

#[test]
fn an_unknown_period_is_an_error() {
    let (_, stderr, code) = run(&["summary", EXAMPLE, "--period", "H29"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "plancheck: examples/tokorozawa-ch5.csv: no row has period H29 (periods found: H26, H30)\n"
    );
}

#[test]
fn bad_grouping_is_a_usage_error() {
    let (_, stderr, code) = run(&["summary", EXAMPLE, "--by", "city"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("\"city\" is not a grouping; expected chapter, section or period"));
}

#[test]
fn json_and_markdown_summaries() {
    let (stdout, _, code) = run(&["summary", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    let groups: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 6);
    assert_eq!(groups[2]["mean_achievement"].to_string(), "84.0");
    assert_eq!(groups[5]["total"], true);
    let (stdout, _, _) = run(&["summary", EXAMPLE, "--format", "markdown"]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn table_summary_snapshot() {
    let (stdout, _, code) = run(&["summary", EXAMPLE, "--by", "chapter,section"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn latest_orders_years_by_fiscal_year_not_file_order() {
    let input = "indicator,direction,target,actual,period\n\
                 a,up,10,10,令和元年度\n\
                 a,up,10,5,H30\n\
                 b,up,10,5,前期\n\
                 b,up,10,10,後期\n";
    let (stdout, _, code) = run_stdin(
        &[
            "summary",
            "-",
            "--period",
            "latest",
            "--by",
            "period",
            "--format",
            "csv",
            "--no-total",
        ],
        input,
    );
    assert_eq!(code, 0);
    let periods: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(periods, ["令和元年度", "後期"]);
}

/// Distinct indicators are counted alike whether they stay in memory or go
/// to a temporary file in sorted runs (`PLANCHECK_DISTINCT_BUFFER` makes the
/// runs tiny): 30 indicators in 3 chapters and 6 sections, each with two
/// rows in each of 4 periods, the periods interleaved so that an
/// indicator's rows are apart.
#[test]
fn distinct_indicators_count_alike_spilled_or_not() {
    let mut text = String::from("chapter,section,indicator,direction,target,actual,period\n");
    for period in ["H26", "H28", "H30", "R2"] {
        for i in 0..60 {
            let actual = (i * 7 + period.len()) % 13;
            text.push_str(&format!(
                "第{}章,第{}節,指標{},up,10,{actual},{period}\n",
                i % 3 + 1,
                i % 6 + 1,
                i % 30
            ));
        }
    }
    let (_dir, path) = common::temp_file(text.as_bytes());
    let path = path.to_str().unwrap();
    let jobs: [&[&str]; 5] = [
        &["summary", path, "--by", "chapter,section", "--format", "csv"],
        &["summary", path, "--by", "period", "--format", "csv"],
        &["summary", path, "--by", "chapter,period", "--format", "csv"],
        &["summary", path, "--format", "csv"],
        &["eval", path, "--format", "table"],
    ];
    let summary = |job: &[&str], buffer: Option<&str>| {
        let mut command = common::std_command();
        command.args(job);
        if let Some(buffer) = buffer {
            command.env("PLANCHECK_DISTINCT_BUFFER", buffer);
        }
        if buffer == Some("3") {
            // No temporary file can be made: the pairs stay in memory.
            command.env("TMPDIR", "/nonexistent/plancheck");
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{job:?}");
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    for job in jobs {
        let in_memory = summary(job, None);
        for buffer in ["2", "3", "16"] {
            assert_eq!(
                summary(job, Some(buffer)),
                in_memory,
                "{job:?} with a buffer of {buffer}"
            );
        }
    }
    // And the counts are right: 30 indicators, 5 per section, 30 in each
    // period.
    let indicators = |job: &[&str], column: usize| -> Vec<String> {
        let (stdout, _) = summary(job, Some("2"));
        stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(column).unwrap().to_string())
            .collect()
    };
    assert_eq!(indicators(jobs[0], 2), ["5", "5", "5", "5", "5", "5", "30"]);
    assert_eq!(indicators(jobs[1], 1), ["30", "30", "30", "30", "30"]);
}
