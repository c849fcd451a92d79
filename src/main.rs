//! The binary: parse the command line, run, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;
use plancheck::cli::Cli;
use plancheck::cmd::{is_broken_pipe, note, remove_incomplete_output};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help | head` and a closed stderr must not panic either.
            if let Err(failed) = error.print()
                && failed.kind() != std::io::ErrorKind::BrokenPipe
                && error.exit_code() == 0
            {
                note(format_args!("plancheck: cannot write output: {failed}"));
                return ExitCode::from(2);
            }
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match plancheck::cmd::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        // Rust ignores SIGPIPE: `plancheck … | head -1` ends here, quietly.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            note(format_args!("plancheck: {error:#}"));
            if let Some(path) = remove_incomplete_output() {
                note(format_args!(
                    "plancheck: removed the incomplete {}",
                    path.display()
                ));
            }
            ExitCode::from(2)
        }
    }
}
