//! Helpers shared by the integration tests: they all drive the real binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

use assert_cmd::Command;

pub const EXAMPLE: &str = "examples/tokorozawa-ch5.csv";

pub fn plancheck() -> Command {
    let mut command = Command::cargo_bin("plancheck").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Runs plancheck with `args` and returns (stdout, stderr, exit code).
pub fn run(args: &[&str]) -> (String, String, i32) {
    let output = plancheck().args(args).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// Runs plancheck on `input` given on standard input as `-`.
pub fn run_stdin(args: &[&str], input: &str) -> (String, String, i32) {
    let output = plancheck().args(args).write_stdin(input).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// A temporary file holding `bytes`, kept alive by the returned guard.
pub fn temp_file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.csv");
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    (dir, path)
}

/// The real binary as a plain `std::process::Command`, for tests that wire
/// its standard streams themselves (closed pipes, full disks).
pub fn std_command() -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("plancheck"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Runs the shell command `command` (in the crate's directory) in a real
/// terminal, through util-linux's `script`; `None` where there is no
/// `script`. The output holds what the terminal showed, both streams.
pub fn in_terminal(command: &str) -> Option<std::process::Output> {
    let output = std::process::Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if output.is_err() {
        eprintln!("skipped: no `script` (util-linux) to run plancheck in a terminal");
    }
    output.ok()
}

/// Headless Chromium for the browser tests: `$CHROMIUM`, or Debian's.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}
