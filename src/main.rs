//! The binary: parse the command line, run, turn the outcome into an exit code.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use plancheck::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match plancheck::cmd::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        // Rust ignores SIGPIPE: `plancheck … | head -1` ends here, quietly.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("plancheck: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
