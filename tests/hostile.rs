//! What a hostile test of every subcommand found (issue 12): each case
//! failed before its fix.

mod common;

use std::process::Stdio;

use common::{EXAMPLE, in_terminal, run, run_stdin, std_command, temp_file};

/// Every subcommand with arguments that write output.
fn every_subcommand() -> Vec<Vec<&'static str>> {
    vec![
        vec!["eval", EXAMPLE],
        vec!["eval", EXAMPLE, "--format", "csv"],
        vec!["summary", EXAMPLE],
        vec!["check", EXAMPLE],
        vec!["check", EXAMPLE, "--format", "junit"],
        vec!["validate", EXAMPLE],
        vec!["report", EXAMPLE],
        vec!["template"],
        vec!["--help"],
    ]
}

#[test]
fn a_closed_pipe_ends_quietly_and_check_keeps_its_verdict() {
    for args in every_subcommand() {
        let mut child = std_command()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before plancheck writes: `| head -0`.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn a_full_disk_is_one_line_and_exit_2() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    for args in every_subcommand() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let output = std_command().args(&args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr, "plancheck: cannot write output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    // A full stderr does not panic (exit 101) either.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = std_command()
        .args(["eval", "no/such.csv"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn line_numbers_are_right_whatever_the_line_endings() {
    let cases: [(&str, &str); 5] = [
        (
            "LF",
            "indicator,direction,target,actual\nA,up,10,5\nB,sideways,10,5\n",
        ),
        (
            "CRLF",
            "indicator,direction,target,actual\r\nA,up,10,5\r\nB,sideways,10,5\r\n",
        ),
        (
            "CR",
            "indicator,direction,target,actual\rA,up,10,5\rB,sideways,10,5\r",
        ),
        (
            "blank lines",
            "indicator,direction,target,actual\r\n\r\nA,up,10,5\r\n\r\nB,sideways,10,5\r\n",
        ),
        (
            "quoted line break",
            "indicator,direction,target,actual\r\n\"A\r\n(second line)\",up,10,5\r\nB,sideways,10,5\r\n",
        ),
    ];
    let expected_lines = [(2, 3), (2, 3), (2, 3), (3, 5), (2, 4)];
    for ((name, input), (a, b)) in cases.into_iter().zip(expected_lines) {
        let (stdout, stderr, code) = run_stdin(&["check", "-", "--format", "github"], input);
        assert_eq!(code, 2, "{name}");
        assert!(
            stderr.starts_with(&format!(
                "<stdin>:{b}:2: direction: \"sideways\" is not a direction"
            )),
            "{name}: {stderr}"
        );
        assert!(stdout.contains(&format!("::error line={a},")), "{name}: {stdout}");
    }
}

#[test]
fn a_data_row_starting_with_hash_is_data() {
    let input = "# note above the header\nindicator,direction,target,actual\n#1 ranking,up,10,5\n";
    let (stdout, _, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 0);
    assert!(stdout.contains(",,#1 ranking,,up,,,10,5,50.0,unmet,"), "{stdout}");
}

#[test]
fn a_header_of_millions_of_columns_is_refused_at_once() {
    let mut header = "a,".repeat(9_000_000);
    header.push_str("indicator,direction,target,actual\nx,up,1,1\n");
    let (_dir, path) = temp_file(header.as_bytes());
    let (_, stderr, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("line 1 is longer than 16 MiB"), "{stderr}");
    let wide = format!(
        "{}indicator,direction,target,actual\nx,up,1,1\n",
        "a,".repeat(5000)
    );
    let (_, stderr, code) = run_stdin(&["eval", "-"], &wide);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "plancheck: <stdin>:1: the header has 5004 columns; plancheck reads up to 4096 (is this a plan table?)\n"
    );
}

#[test]
fn an_endless_data_line_stops_reading_in_blocks_as_on_one_thread() {
    // Rows, then a line of 17 MiB with no end: read in blocks (the file is
    // large), the rows before it are written and the same error ends the
    // run as on one thread; the block reader never waits for a line feed.
    let mut text = String::from("indicator,direction,target,actual\n");
    for i in 0..2000 {
        text.push_str(&format!("i{i},up,10,{}\n", i % 12));
    }
    text.push_str(&"9".repeat(17 << 20));
    let (_dir, path) = temp_file(text.as_bytes());
    let path = path.to_str().unwrap();
    let run_with = |threads: &str| {
        let output = std_command()
            .args(["eval", path, "--format", "csv"])
            .env("PLANCHECK_THREADS", threads)
            .output()
            .unwrap();
        (
            output.stdout,
            String::from_utf8(output.stderr).unwrap(),
            output.status.code(),
        )
    };
    let (one, blocks) = (run_with("1"), run_with("2"));
    assert_eq!(blocks.2, Some(2));
    assert!(
        blocks.1.contains("line 2002 is longer than 16 MiB"),
        "{}",
        blocks.1
    );
    assert_eq!(blocks, one);
}

#[test]
fn a_remark_is_not_a_reason_and_placeholders_explain_nothing() {
    let input = "目標指標,方向,目標値,実績値,理由,備考\n\
                 a,↗,10,5,,H29から算定方法変更\n\
                 b,↗,10,5,－,\n\
                 c,↗,10,5,特になし,\n\
                 d,↗,10,5,天候不順のため,\n";
    let (stdout, stderr, code) = run_stdin(&["check", "-", "--require-reason"], input);
    assert_eq!((code, stderr.as_str()), (1, ""), "{stdout}");
    assert!(
        stdout.ends_with("3 unmet, 1 explained, 0 pending of 4 checked\n"),
        "{stdout}"
    );
    // The remark is carried to the output, under its own name.
    let (stdout, _, code) = run_stdin(&["eval", "-", "--format", "csv", "--lang", "ja"], input);
    assert_eq!(code, 0);
    let header = stdout.lines().next().unwrap();
    assert!(header.ends_with(",判定,注記,備考"), "{header}");
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .ends_with(",未達成,,H29から算定方法変更")
    );
    // eval's own CSV read back: its notes are remarks, not explanations.
    let (again, _, code) = run_stdin(&["check", "-", "--require-reason"], &stdout);
    assert_eq!(code, 1, "{again}");
}

#[test]
fn periods_are_in_time_order_in_report_and_summary() {
    let input = "indicator,direction,target,actual,period\na,up,300,250,H30\na,up,200,150,H26\n";
    let (stdout, _, code) = run_stdin(&["report", "-", "--format", "markdown"], input);
    assert_eq!(code, 0);
    let header = stdout.lines().find(|l| l.contains("H26 Target")).unwrap();
    assert!(
        header.find("H26 Target").unwrap() < header.find("H30 Target").unwrap(),
        "{header}"
    );
    let row = stdout.lines().find(|l| l.starts_with("| a |")).unwrap();
    assert!(
        row.ends_with("| 300 |"),
        "the final target is the latest period's: {row}"
    );
    let (stdout, _, _) = run_stdin(&["summary", "-", "--by", "period", "--format", "csv"], input);
    let periods: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(periods, ["H26", "H30", "(total)"]);
}

#[test]
fn indicators_are_counted_once_and_evaluations_each() {
    let (stdout, _, _) = run(&[
        "summary",
        EXAMPLE,
        "--by",
        "chapter",
        "--format",
        "csv",
        "--no-total",
    ]);
    assert_eq!(
        stdout.lines().nth(1).unwrap(),
        "第5章 産業・経済,13,16,7,9,0,43.8,91.1,73.9,製造品出荷額 (H26)",
        "13 indicators in 16 evaluations; the worst is named with its period"
    );
}

#[test]
fn csv_text_cells_never_reach_a_spreadsheet_as_formulas() {
    let input = "chapter,section,indicator,direction,baseline,target,actual,period\n\
                 =cmd,-x,=HYPERLINK(\"http://e\"),up,0,10,5,@p\n\
                 c,s,\"\tname\",up,-10,-5,-7,+1\n";
    let (stdout, _, _) = run_stdin(&["eval", "-", "--format", "csv", "--method", "progress"], input);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[1].starts_with("'=cmd,'-x,\"'=HYPERLINK(\"\"http://e\"\")\",,up,'@p,0,10,5,"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("c,s,name,,up,'+1,-10,-5,-7,60.0,"),
        "numbers are never touched: {stdout}"
    );
    let (stdout, _, _) = run_stdin(&["summary", "-", "--format", "csv", "--by", "chapter"], input);
    assert!(stdout.contains("\n'=cmd,1,"), "{stdout}");
    let (stdout, _, _) = run_stdin(
        &[
            "eval",
            "-",
            "--format",
            "csv",
            "--raw-text",
            "--method",
            "progress",
        ],
        input,
    );
    assert!(stdout.contains("\n=cmd,-x,\"=HYPERLINK"), "{stdout}");
}

#[test]
fn terminal_output_drops_control_characters_and_groups_thousands() {
    let input = "indicator,direction,baseline,target,actual\n\"\x1b[2Jred\x1b[0m\",up,2900,12345.5,3085\n";
    let (stdout, _, _) = run_stdin(&["eval", "-"], input);
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(stdout.contains("[2Jred[0m"));
    assert!(
        stdout.contains("2,900") && stdout.contains("12,345.5") && stdout.contains("3,085"),
        "{stdout}"
    );
    let (stdout, _, _) = run_stdin(&["check", "-"], input);
    assert!(!stdout.contains('\x1b'), "{stdout}");
    let (stdout, _, _) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert!(
        stdout.contains(",2900,12345.5,3085,"),
        "CSV stays plain: {stdout}"
    );
}

#[test]
fn a_narrow_terminal_never_wraps_a_status_or_a_figure() {
    // `script` gives plancheck a real terminal of 80 columns.
    let command = format!(
        "stty cols 80; {} eval {EXAMPLE} --lang ja",
        env!("CARGO_BIN_EXE_plancheck")
    );
    let Some(output) = in_terminal(&command) else {
        return;
    };
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("未達成"), "{screen}");
    // The evaluations' table: up to its bottom border.
    let table = &screen[..screen.find('└').unwrap()];
    for line in table.lines().filter(|l| l.contains('┆')) {
        let cells: Vec<&str> = line.split('┆').map(str::trim).collect();
        let last = cells.last().unwrap().trim_end_matches('│').trim();
        assert!(
            matches!(last, "" | "達成" | "未達成" | "判定" | "未測定"),
            "status wrapped: {line}"
        );
        let rate = cells[cells.len() - 2];
        assert!(
            rate.is_empty() || rate == "達成率" || (rate.ends_with('%') && rate.len() > 1),
            "figure wrapped: {line}"
        );
    }
}

#[test]
fn a_period_matches_its_other_spellings() {
    let input = "indicator,direction,target,actual,period\na,up,10,5,平成30年度\nb,up,10,10,2018年度\nc,up,10,10,H26\n";
    for wanted in ["H30", "2018", "平成30年度", "FY2018"] {
        let (stdout, stderr, code) = run_stdin(&["eval", "-", "--period", wanted, "--format", "csv"], input);
        assert_eq!((code, stderr.as_str()), (0, ""), "{wanted}");
        assert_eq!(stdout.lines().count(), 3, "{wanted}: {stdout}");
    }
    let (stdout, _, code) = run(&[
        "summary",
        EXAMPLE,
        "--period",
        "2018",
        "--years",
        "gregorian",
        "--by",
        "period",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("\n2018,10,10,7,3,"), "{stdout}");
    let (stdout, _, code) = run(&["report", EXAMPLE, "--period", "H26", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("H30"), "{stdout}");
    let (help, _, _) = run(&["summary", "--help"]);
    assert!(
        !help.contains("file order:") && help.contains("latest period by fiscal year"),
        "{help}"
    );
}

#[test]
fn the_report_chart_tells_repeated_section_names_apart() {
    let input = "chapter,section,indicator,direction,target,actual\n第1章,第1節,a,up,10,5\n第2章,第1節,b,up,10,10\n第2章,第2節,c,up,10,10\n";
    let (page, _, code) = run_stdin(&["report", "-"], input);
    assert_eq!(code, 0);
    let chart = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    assert!(
        chart.contains(">第1章 第1節</text>") && chart.contains(">第2章 第1節</text>"),
        "{chart}"
    );
    assert!(
        chart.contains(">第2節</text>"),
        "a unique name stays short: {chart}"
    );
}
