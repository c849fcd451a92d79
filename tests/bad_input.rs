//! Every kind of bad input the issue names, and the exact message a user
//! sees. Nothing panics, nothing is dropped silently, the exit code is 2.

mod common;

use common::{plancheck, temp_file};

const HEADER: &str = "indicator,direction,target,actual\n";

/// Runs `eval` on a file holding `bytes`; stderr with the file's path as FILE.
fn eval_file(bytes: &[u8]) -> (String, String, i32) {
    let (_dir, path) = temp_file(bytes);
    let output = plancheck()
        .args(["eval", path.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let path = path.to_str().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).replace(path, "FILE"),
        output.status.code().unwrap_or(-1),
    )
}

fn row(cells: &str) -> Vec<u8> {
    format!("{HEADER}{cells}\nok,up,1,1\n").into_bytes()
}

const NOT_A_NUMBER: &str = "is not a number (expected digits like 2,900, 8.3, -5 or 34.4%)";
const ONE_BAD_ROW: &str = "FILE: read 2 rows: 1 evaluated, 0 pending, 1 with errors\n";

#[test]
fn every_bad_input_gets_a_clear_message() {
    let long_cell = format!("{HEADER}{},up,1,1\n", "a".repeat(10_000_000)).into_bytes();
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "empty file",
            Vec::new(),
            "plancheck: FILE:1: the file is empty; expected a header row such as \
             chapter,section,indicator,unit,direction,baseline,target,actual,period\n"
                .into(),
        ),
        ("header only", HEADER.into(), "plancheck: FILE: no indicator rows after the header\n".into()),
        (
            "too few fields",
            row("a,up,1"),
            format!(
                "FILE:2:4: this row has 3 fields but the header has 4; check for a missing or extra comma, \
                 or an unquoted comma in a number (write \"2,900\" in quotes)\n{ONE_BAD_ROW}"
            ),
        ),
        (
            "too many fields",
            row("a,up,2,900,1"),
            format!(
                "FILE:2:5: this row has 5 fields but the header has 4; check for a missing or extra comma, \
                 or an unquoted comma in a number (write \"2,900\" in quotes)\n{ONE_BAD_ROW}"
            ),
        ),
        (
            "invalid UTF-8 in a UTF-8 file",
            [HEADER.as_bytes(), "目標,up,1,1\n".as_bytes(), b"a\xff,up,1,1\n"].concat(),
            "FILE:3:1: indicator: invalid UTF-8 after \"a\" (byte 2); save the file as CSV UTF-8, or pass \
             --encoding sjis if it is Shift_JIS\nFILE: read 2 rows: 1 evaluated, 0 pending, 1 with errors\n"
                .into(),
        ),
        (
            "a NUL byte",
            row("a\0b,up,1,1"),
            format!(
                "FILE:2:1: indicator: contains a NUL byte (is this a UTF-16 or binary file? save it as CSV \
                 UTF-8)\n{ONE_BAD_ROW}"
            ),
        ),
        (
            "a 10 MB field",
            long_cell,
            "FILE:2:1: indicator: the cell is 10000000 bytes long; plancheck reads cells of up to 1048576 bytes \
             (is a quote unclosed?)\nFILE: read 1 rows: 0 evaluated, 0 pending, 1 with errors\n"
                .into(),
        ),
        (
            "40 digits",
            row(&format!("a,up,{},1", "1".repeat(40))),
            format!(
                "FILE:2:3: target: \"{}\" has too many digits (plancheck keeps numbers exact up to 18 \
                 significant digits and 28 decimal places)\n{ONE_BAD_ROW}",
                "1".repeat(40)
            ),
        ),
        ("1e999", row("a,up,1e999,1"), format!("FILE:2:3: target: \"1e999\" is in scientific notation; write the number in full (1e3 as 1000)\n{ONE_BAD_ROW}")),
        ("NaN", row("a,up,NaN,1"), format!("FILE:2:3: target: \"NaN\" {NOT_A_NUMBER}\n{ONE_BAD_ROW}")),
        ("inf", row("a,up,1,inf"), format!("FILE:2:4: actual: \"inf\" {NOT_A_NUMBER}\n{ONE_BAD_ROW}")),
        (
            "two decimal points",
            row("a,up,1.2.3,1"),
            format!("FILE:2:3: target: \"1.2.3\" {NOT_A_NUMBER}\n{ONE_BAD_ROW}"),
        ),
        ("a lone minus", row("a,up,-,1"), format!("FILE:2:3: target: \"-\" {NOT_A_NUMBER}\n{ONE_BAD_ROW}")),
    ];
    for (name, bytes, expected) in cases {
        let (stdout, stderr, code) = eval_file(&bytes);
        assert_eq!(code, 2, "{name}");
        assert_eq!(stderr, expected, "{name}");
        if expected.contains("read 2 rows") {
            assert_eq!(
                stdout.lines().count(),
                2,
                "{name}: the header and the good row are still written"
            );
        }
    }
}

#[test]
fn files_that_cannot_be_read() {
    let output = plancheck().args(["eval", "no/such/file.csv"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "plancheck: no/such/file.csv: cannot open: No such file or directory (os error 2)\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let output = plancheck()
        .args(["eval", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).ends_with(": is a directory; expected a CSV file\n"));
}

#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_file(b"indicator,direction,target,actual\na,up,1,1\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        return; // running as root: permissions do not apply
    }
    let output = plancheck()
        .args(["eval", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(": cannot open: Permission denied (os error 13)")
    );
}

#[test]
fn closed_standard_input_reads_as_empty() {
    // `<&-` closes file descriptor 0 itself, not just its data.
    let binary = assert_cmd::cargo::cargo_bin("plancheck");
    let output = std::process::Command::new("sh")
        .args(["-c", &format!("'{}' eval - <&-", binary.display())])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("plancheck: <stdin>:1: the file is empty"));
}

#[test]
fn validate_lists_every_problem_then_the_counts() {
    let input = "indicator,unit,direction,baseline,target,actual,period\n\
                 a,%,up,50,40,130,H30\n\
                 a,%,up,50,40,130,H30\n\
                 b,人,up,1,2,x,H30\n";
    let (_dir, path) = temp_file(input.as_bytes());
    let output = plancheck()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).replace(path.to_str().unwrap(), "FILE");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stdout,
        "FILE: header at line 1\n\
         FILE:2:3: warning: direction: the target (40) is below the baseline (50) although the direction is up: is the direction wrong?\n\
         FILE:2:6: warning: actual: the actual is 130% though a share in % cannot exceed 100\n\
         FILE:3:1: warning: indicator: \"a\" for period H30 appears again (first on line 2)\n\
         FILE:3:3: warning: direction: the target (40) is below the baseline (50) although the direction is up: is the direction wrong?\n\
         FILE:3:6: warning: actual: the actual is 130% though a share in % cannot exceed 100\n\
         FILE:4:6: error: actual: \"x\" is not a number (expected digits like 2,900, 8.3, -5 or 34.4%)\n\
         FILE: 3 rows, 2 valid, 1 errors, 5 warnings\n"
    );
    let clean = "indicator,direction,baseline,target,actual\na,up,1,2,2\n";
    let (_dir, path) = temp_file(clean.as_bytes());
    let output = plancheck()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let warned = "indicator,direction,baseline,target,actual\na,up,2,2,2\n";
    let (_dir, path) = temp_file(warned.as_bytes());
    let output = plancheck()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "warnings alone pass");
    let output = plancheck()
        .args(["validate", path.to_str().unwrap(), "--strict"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "unless --strict");
}

#[test]
fn validate_the_example() {
    let output = plancheck().args(["validate", common::EXAMPLE]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "examples/tokorozawa-ch5.csv: header at line 1\n\
         examples/tokorozawa-ch5.csv:7:5: warning: direction: the target (2800) is below the baseline (2900) \
         although the direction is up: is the direction wrong?\n\
         examples/tokorozawa-ch5.csv: 16 rows, 16 valid, 0 errors, 1 warnings\n"
    );
}
