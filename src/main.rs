//! The binary: the command line in, an exit code out (`cmd::main`, which
//! the browser page runs too).

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(plancheck::cmd::main(std::env::args_os().collect(), None))
}
