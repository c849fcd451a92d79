//! `plancheck eval` on the real binary.

mod common;

use common::{EXAMPLE, plancheck, run, run_stdin, temp_file};
use predicates::prelude::*;

/// The rates printed in the reference 総括表, in the example's row order.
/// The reference prints 2,574/3,000 as "86%" (a formatting slip): 85.8 at one
/// decimal. Rates printed there as "100%" are 100.0 at one decimal.
const PUBLISHED: [&str; 16] = [
    "80.9", "81.9", "100.0", "100.0", "85.8", "100.0", "100.0", "73.9", "91.5", "86.5", "100.0", "93.2",
    "87.0", "77.3", "100.0", "100.0",
];

#[test]
fn example_reproduces_every_published_rate() {
    let (stdout, stderr, code) = run(&["eval", EXAMPLE, "--format", "csv"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "chapter",
            "section",
            "indicator",
            "unit",
            "direction",
            "period",
            "baseline",
            "target",
            "actual",
            "achievement",
            "status",
            "note"
        ]
    );
    let rates: Vec<String> = reader.records().map(|r| r.unwrap()[9].to_string()).collect();
    assert_eq!(rates, PUBLISHED);
}

#[test]
fn example_csv_snapshot() {
    let (stdout, _, code) = run(&["eval", EXAMPLE, "--format", "csv"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn example_table_snapshot() {
    let (stdout, _, code) = run(&["eval", EXAMPLE]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn example_ascii_table_snapshot() {
    let (stdout, _, code) = run(&["eval", EXAMPLE, "--ascii"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains('│') && !stdout.contains('┆'));
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_is_an_array_of_every_row_with_exact_numbers() {
    let (stdout, _, code) = run(&["eval", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 16);
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["achievement"].to_string(), "80.9");
    assert_eq!(rows[1]["actual"].to_string(), "34.4");
    assert_eq!(rows[2]["baseline"], serde_json::Value::Null);
    assert_eq!(rows[15]["status"], "met");
}

#[test]
fn jsonl_is_one_object_per_line() {
    let (stdout, _, code) = run(&["eval", EXAMPLE, "--format", "jsonl"]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 16);
    assert_eq!(lines[4]["achievement"].to_string(), "85.8");
}

#[test]
fn markdown_is_a_table() {
    let (stdout, _, code) = run(&["eval", EXAMPLE, "--format", "markdown"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 18);
    assert!(lines[1].starts_with("| --- |"));
    assert!(lines[2].contains("| 80.9% | unmet |"));
}

#[test]
fn standard_input_japanese_headers_and_full_width_numbers() {
    let input = "\u{feff}節,目標指標,単位,指標のめざす方向,目標値,実績値,年度\n第1節,来訪者数,人,↘,\"１，０００\",８００,2019\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout.lines().nth(1).unwrap(),
        ",第1節,来訪者数,人,down,2019,,1000,800,100.0,met,"
    );
}

#[test]
fn decimals_and_no_cap() {
    let input = "indicator,direction,target,actual\na,up,80,23\nb,up,200,437.6\nc,up,3,2\n";
    let (stdout, _, code) = run_stdin(
        &["eval", "-", "--format", "csv", "--decimals", "2", "--no-cap"],
        input,
    );
    assert_eq!(code, 0);
    let rates: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(9).unwrap())
        .collect();
    assert_eq!(rates, ["28.75", "218.80", "66.67"]);
    let (stdout, _, _) = run_stdin(&["eval", "-", "--format", "csv", "--decimals", "0"], input);
    let rates: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(9).unwrap())
        .collect();
    assert_eq!(rates, ["29", "100", "67"]);
}

#[test]
fn decimals_out_of_range_is_a_usage_error() {
    plancheck()
        .args(["eval", EXAMPLE, "--decimals", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("5 is not in 0..=4"));
}

#[test]
fn pending_and_zero_targets() {
    let input = "indicator,direction,target,actual\n事故件数,down,0,0\n未測定,up,5,\n";
    let (stdout, _, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[1],
        ",,事故件数,,down,,,0,0,100.0,met,\"actual is 0: rate undefined, judged by comparing actual with target\""
    );
    assert_eq!(lines[2], ",,未測定,,up,,,5,,,pending,");
}

#[test]
fn bad_rows_are_all_reported_and_good_rows_still_printed() {
    let input = "indicator,direction,target,actual\n\
                 ok,up,10,5\n\
                 bad direction,sideways,10,5\n\
                 bad number,up,1.2.3,5\n\
                 negative,up,-5,3\n\
                 short,up,10\n\
                 also ok,down,10,5\n";
    let (stdout, stderr, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 2);
    assert_eq!(stdout.lines().count(), 3, "header and the two good rows");
    let errors: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        errors[0],
        "<stdin>:3:2: direction: \"sideways\" is not a direction; expected one of up, increase, higher, ↗, ↑, ⇧, ▲, 増加, 上昇, 増, 向上, 維持・向上 / down, decrease, lower, ↘, ↓, ⇩, ▼, 減少, 低下, 減, 削減, 抑制 / maintain, keep, →, ⇨, 維持, 現状維持, 横ばい"
    );
    assert_eq!(
        errors[1],
        "<stdin>:4:3: target: \"1.2.3\" is not a number (expected digits like 2,900, 8.3, -5 or 34.4%)"
    );
    assert!(errors[2].starts_with("<stdin>:5:3: target: -5 is negative, and the ratio method"));
    assert!(errors[3].starts_with("<stdin>:6:4: this row has 3 fields but the header has 4"));
    assert_eq!(
        errors[4],
        "<stdin>: read 6 rows: 2 evaluated, 0 pending, 4 with errors"
    );
}

#[test]
fn missing_required_column_lists_the_headers_found() {
    let (_, stderr, code) = run_stdin(&["eval", "-"], "name,direction,target,actual\na,up,1,1\n");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "plancheck: <stdin>:1: missing required column indicator (目標指標, 指標, 指標名, 指標名称, 成果指標, 指標項目, 環境指標項目, 評価指標, 数値目標, kpi, 目標項目); \
         headers found: \"name\", \"direction\", \"target\", \"actual\"\n"
    );
}

#[test]
fn unreadable_inputs_exit_2_with_a_message() {
    let (_, stderr, code) = run(&["eval", "no/such/file.csv"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("plancheck: no/such/file.csv: cannot open: No such file or directory"));

    let (_, stderr, code) = run(&["eval", "examples"]);
    assert_eq!(
        (code, stderr.as_str()),
        (2, "plancheck: examples: is a directory; expected a CSV file\n")
    );

    let (_, stderr, code) = run_stdin(&["eval", "-"], "");
    assert_eq!(code, 2);
    assert!(stderr.starts_with("plancheck: <stdin>:1: the file is empty"));

    let (_, stderr, code) = run_stdin(&["eval", "-"], "indicator,direction,target,actual\n");
    assert_eq!(
        (code, stderr.as_str()),
        (2, "plancheck: <stdin>: no indicator rows after the header\n")
    );
}

#[test]
fn invalid_bytes_are_an_error_not_mojibake() {
    // \xfd\xfe is neither UTF-8 nor Shift_JIS: the whole file is refused.
    let (_dir, path) = temp_file(b"indicator,direction,target,actual\n\xfd\xfe,up,1,1\n");
    let (stdout, stderr, code) = run(&["eval", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr
            .contains("the file is neither UTF-8 nor Shift_JIS (first byte that is not UTF-8 at offset 34)")
    );

    // Forced to UTF-8, the bad cell is named and the other rows go on.
    let (_dir, path) = temp_file(b"indicator,direction,target,actual\n\x82\xa0,up,1,1\nok,up,1,1\n");
    let (stdout, stderr, code) = run(&[
        "eval",
        path.to_str().unwrap(),
        "--format",
        "csv",
        "--encoding",
        "utf-8",
    ]);
    assert_eq!(code, 2);
    assert_eq!(stdout.lines().count(), 2);
    assert!(
        stderr.contains(":2:1: indicator: invalid UTF-8 after \"\" (byte 1); save the file as CSV UTF-8")
    );
}

#[test]
fn writing_to_a_full_disk_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this platform
    };
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("plancheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["eval", EXAMPLE, "--format", "csv"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "plancheck: cannot write output: No space left on device (os error 28)\n"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut input = String::from("indicator,direction,target,actual\n");
    for i in 0..50_000 {
        input.push_str(&format!("指標{i},up,100,{}\n", i % 150));
    }
    let (_dir, path) = temp_file(input.as_bytes());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("plancheck"))
        .args(["eval", path.to_str().unwrap(), "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("chapter,section"));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn help_explains_columns_and_exit_codes() {
    plancheck()
        .args(["eval", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "chapter,section,indicator,unit,direction,period",
        ))
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn version_names_the_version_and_the_commit() {
    let (stdout, _, code) = run(&["--version"]);
    assert_eq!(code, 0);
    let expected = format!("plancheck {} (", env!("CARGO_PKG_VERSION"));
    assert!(stdout.starts_with(&expected), "{stdout}");
    let commit = stdout
        .trim_end()
        .strip_prefix(&expected)
        .unwrap()
        .strip_suffix(')')
        .unwrap();
    assert!(
        commit == "unknown commit" || commit.chars().take(12).all(|c| c.is_ascii_hexdigit()),
        "{commit}"
    );
}

/// A run that fails after creating its -o file removes it, rather than
/// leave half a file that looks like a result; a device is never removed.
#[test]
fn a_failed_run_leaves_no_half_written_output() {
    let (dir, input) = temp_file("indicator,direction,target,actual,period\n😀,up,10,5,H30\n".as_bytes());
    let output = dir.path().join("out.csv");
    let args = [
        "eval",
        input.to_str().unwrap(),
        "--format",
        "csv",
        "--output-encoding",
        "sjis",
        "-o",
        output.to_str().unwrap(),
    ];
    let (_, stderr, code) = run(&args);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be written in Shift_JIS"), "{stderr}");
    assert!(stderr.contains("removed the incomplete"), "{stderr}");
    assert!(!output.exists());
    // Rows with errors are reported, the good rows written: that file stays.
    let (dir, input) =
        temp_file(b"indicator,direction,target,actual,period\nA,up,10,5,H30\nB,up,ten,5,H30\n");
    let output = dir.path().join("out.csv");
    let (_, _, code) = run(&[
        "eval",
        input.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(std::fs::read_to_string(&output).unwrap().contains(",,A,,up,H30"));
    // A failed run into a device leaves the device alone.
    let mut devnull = args;
    devnull[7] = "/dev/null";
    let (_, stderr, code) = run(&devnull);
    assert_eq!(code, 2);
    assert!(!stderr.contains("removed"), "{stderr}");
    assert!(std::path::Path::new("/dev/null").exists());
}

/// A file of many periods (more than are compared one by one): `--period`
/// keeps exactly the rows of the periods asked for, in any spelling, and
/// names a missing one with every period found.
#[test]
fn period_filter_over_many_periods() {
    let mut csv = String::from("indicator,direction,target,actual,period\n");
    for year in 2008..2024 {
        for name in ["A", "B"] {
            csv.push_str(&format!("{name},up,100,{},{year}年度\n", year - 1950));
        }
    }
    let (out, err, code) = run_stdin(
        &[
            "eval", "-", "--format", "csv", "--period", "2022", "--period", "H22",
        ],
        &csv,
    );
    assert_eq!(code, 0, "{err}");
    let periods: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(periods, ["2010年度", "2010年度", "2022年度", "2022年度"]);
    let (_, err, code) = run_stdin(&["eval", "-", "--period", "2030"], &csv);
    assert_eq!(code, 2);
    assert!(err.contains("no row has period 2030"), "{err}");
    assert!(err.contains("2008年度") && err.contains("2023年度"), "{err}");
}
