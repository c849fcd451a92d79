//! One file of glue per subcommand (open, configure, visit, write); the
//! options they share are `options`; where output goes is `crate::output`. The reading
//! itself is `crate::pipeline`.

pub mod check;
pub mod eval;
pub mod grades;
pub mod options;
pub mod report;
pub mod summary;
pub mod template;
pub mod validate;

use std::io;
use std::panic::{self, AssertUnwindSafe};

use clap::Parser;

pub use crate::pipeline::Outcome;

use crate::console::{self, note};

use crate::cli::{Cli, Command, Contents};

/// The whole command line, as the binary runs it: parses `args` (the
/// program's name first), runs, prints any error, and returns the exit
/// code. `contents`, when given, are the input file's bytes (the browser
/// page, which runs this inside [`console::capture`]).
pub fn main(args: Vec<std::ffi::OsString>, contents: Option<Contents>) -> u8 {
    let mut cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => return usage(&error),
    };
    if let Some(input) = cli.command.input_mut() {
        input.contents = contents;
    }
    keep_panics();
    let ran = panic::catch_unwind(AssertUnwindSafe(|| run(cli)));
    let ran = ran.unwrap_or_else(|_| Err(panicked()));
    match ran.and_then(|outcome| crate::output::commit_output().map(|()| outcome)) {
        Ok(outcome) => outcome.exit_code(),
        // Rust ignores SIGPIPE: `plancheck … | head -1` ends here, quietly.
        Err(error) if crate::output::is_broken_pipe(&error) => 0,
        Err(error) => {
            note(format_args!("plancheck: {error:#}"));
            if let Some(what) = crate::output::discard_output() {
                note(format_args!("plancheck: {what}"));
            }
            2
        }
    }
}

/// What a panic said, kept by the hook [`main`] sets so that it is
/// reported in one line like any other error.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Keeps each panic's message and place instead of printing them: a run
/// that panics ends in one line and exit code 2, its `-o` file discarded.
fn keep_panics() {
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut kept) = PANIC.lock() {
            kept.get_or_insert(format!("{message}{place}"));
        }
    }));
}

/// The error a panic becomes. The workbook writer panics when its
/// temporary files cannot be written (a full temporary directory).
fn panicked() -> anyhow::Error {
    let kept = PANIC.lock().ok().and_then(|mut p| p.take()).unwrap_or_default();
    if kept.contains("Couldn't write to xml file") || kept.contains("required a temp file") {
        return anyhow::anyhow!(
            "cannot write output: the workbook's temporary files could not be written \
             (is the temporary directory full? TMPDIR chooses another)"
        );
    }
    anyhow::anyhow!("internal error, please report it: {kept}")
}

/// Prints a command line clap refused (or `--help`, `--version`) and
/// returns its exit code.
fn usage(error: &clap::Error) -> u8 {
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    if console::capturing() {
        let text = error.render().to_string();
        let text = text.trim_end();
        if error.exit_code() == 0 {
            let _ = console::stdout_line(format_args!("{text}"));
        } else {
            note(format_args!("{text}"));
        }
        return code;
    }
    // `--help | head` and a closed stderr must not panic either.
    if let Err(failed) = error.print()
        && failed.kind() != io::ErrorKind::BrokenPipe
        && error.exit_code() == 0
    {
        note(format_args!("plancheck: cannot write output: {failed}"));
        return 2;
    }
    code
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Eval(args) => eval::run(&args),
        Command::Summary(args) => summary::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Template(args) => template::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Grades(args) => grades::run(&args),
    }
}
