//! plancheck in the browser: the command line's own `cmd::main`, compiled to
//! WebAssembly and run on bytes the page holds.
//!
//! The page builds a command line from its controls (`eval`, `summary`,
//! `report` with `--period`, `--method`, `--lang` …) and hands it here with
//! the dropped file's bytes. The run is the CLI's, inside a capture of its
//! standard output and messages, so the page shows exactly what
//! `plancheck` prints: the same numbers, the same errors with their lines
//! and cells. Nothing here reads, evaluates or renders on its own.

use std::ffi::OsString;
use std::sync::Arc;

use plancheck::cli::Contents;
use plancheck::{cmd, console};
use wasm_bindgen::prelude::wasm_bindgen;

/// The example `index.html#example` evaluates: Tokorozawa's 5th chapter,
/// as the README's main command reads it.
const EXAMPLE: &[u8] = include_bytes!("../../examples/tokorozawa-ch5.csv");
const EXAMPLE_NAME: &str = "tokorozawa-ch5.csv";

/// What one run printed, and how it ended.
#[wasm_bindgen]
pub struct Output {
    exit_code: u8,
    stdout: Vec<u8>,
    stderr: String,
}

#[wasm_bindgen]
impl Output {
    /// 0 ok, 1 unmet targets (`check`), 2 bad input or usage.
    #[wasm_bindgen(getter)]
    pub fn exit_code(&self) -> u8 {
        self.exit_code
    }

    /// Standard output as bytes (a workbook, or text in the encoding asked for).
    #[wasm_bindgen(getter)]
    pub fn stdout(&self) -> Vec<u8> {
        self.stdout.clone()
    }

    /// The messages: errors and notes, one per line, as the CLI prints them.
    #[wasm_bindgen(getter)]
    pub fn stderr(&self) -> String {
        self.stderr.clone()
    }
}

/// Runs `plancheck ARGS…` with `contents` as the bytes of the file the
/// command line names (give the name after `--`, as the page does, so that
/// a name starting with `-` is never read as an option).
#[wasm_bindgen]
pub fn run(args: Vec<String>, contents: Vec<u8>) -> Output {
    let args: Vec<OsString> = std::iter::once("plancheck".into())
        .chain(args.into_iter().map(OsString::from))
        .collect();
    let contents = Some(Contents(Arc::from(contents)));
    let (exit_code, captured) = console::capture(|| cmd::main(args, contents));
    Output {
        exit_code,
        stdout: captured.stdout,
        stderr: String::from_utf8_lossy(&captured.stderr).into_owned(),
    }
}

/// The bundled example's bytes.
#[wasm_bindgen]
pub fn example() -> Vec<u8> {
    EXAMPLE.to_vec()
}

/// The bundled example's file name.
#[wasm_bindgen]
pub fn example_name() -> String {
    EXAMPLE_NAME.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_example_evaluates_as_on_the_command_line() {
        let out = run(args(&["eval", "--format", "csv", "--", EXAMPLE_NAME]), example());
        assert_eq!(out.exit_code(), 0, "{}", out.stderr());
        let text = String::from_utf8(out.stdout()).unwrap();
        assert!(text.starts_with("chapter,section,"), "{text}");
        assert_eq!(text.lines().count(), 17, "{text}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let bad = "indicator,direction,target,actual\nA,↗,100,abc\n";
        let out = run(args(&["check", "--", "bad.csv"]), bad.as_bytes().to_vec());
        assert_eq!(out.exit_code(), 2);
        assert!(out.stderr().contains("bad.csv:2"), "{}", out.stderr());
        assert!(out.stderr().contains("abc"), "{}", out.stderr());
    }

    #[test]
    fn usage_errors_are_captured() {
        let out = run(args(&["eval", "--decimals", "9", "--", "x.csv"]), Vec::new());
        assert_eq!(out.exit_code(), 2);
        assert!(out.stderr().contains("--decimals"), "{}", out.stderr());
        assert!(out.stdout().is_empty());
    }
}
