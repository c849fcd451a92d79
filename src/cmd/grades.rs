//! `plancheck grades`: the built-in grading schemes, listed, or one
//! printed as the file it is shipped as — the start of a user's own.

use std::io::Write;

use anyhow::Context;

use crate::cli::GradesArgs;
use crate::console::{CANNOT_WRITE, stdout};
use crate::grading::builtin::{SCHEMES, text};
use crate::pipeline::Outcome;

pub fn run(args: &GradesArgs) -> anyhow::Result<Outcome> {
    let listing;
    let out = match args.name.as_deref() {
        Some(name) => text(name).ok_or_else(|| {
            let names: Vec<&str> = SCHEMES.iter().map(|(name, _, _)| *name).collect();
            anyhow::anyhow!(
                "no built-in scheme \"{name}\"; the built-in schemes are {}",
                names.join(", ")
            )
        })?,
        None => {
            let width = SCHEMES.iter().map(|(name, _, _)| name.len()).max().unwrap_or(0);
            listing = SCHEMES
                .iter()
                .map(|(name, about, _)| format!("{name:width$}  {about}\n"))
                .chain(std::iter::once(
                    "\nUse one with --grades NAME; print it with plancheck grades NAME > mine.toml, \
                     edit it, and use --grades mine.toml.\n"
                        .to_string(),
                ))
                .collect::<String>();
            &listing
        }
    };
    let mut stdout = stdout();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .context(CANNOT_WRITE)?;
    Ok(Outcome::Success)
}
