//! One file of glue per subcommand (open, configure, visit, write); the
//! options and output they share are `options` and `output`. The reading
//! itself is `crate::pipeline`.

pub mod check;
pub mod eval;
pub mod options;
pub mod output;
pub mod report;
pub mod summary;
pub mod template;
pub mod validate;

use std::io;

use clap::Parser;

pub use crate::pipeline::Outcome;

use crate::console::{self, note};
use output::remove_incomplete_output;

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
    match run(cli) {
        Ok(outcome) => outcome.exit_code(),
        // Rust ignores SIGPIPE: `plancheck … | head -1` ends here, quietly.
        Err(error) if output::is_broken_pipe(&error) => 0,
        Err(error) => {
            note(format_args!("plancheck: {error:#}"));
            if let Some(path) = remove_incomplete_output() {
                note(format_args!(
                    "plancheck: removed the incomplete {}",
                    path.display()
                ));
            }
            2
        }
    }
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
    }
}
