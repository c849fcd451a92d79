//! `plancheck validate`: every problem of a file, for fixing it in one pass.

use std::io::Write;

use anyhow::Context;

use super::options::{check_bands, settings};
use crate::cli::ValidateArgs;
use crate::console::{CANNOT_WRITE, stdout};
use crate::pipeline::{Outcome, PeriodFilter, Run, evaluate_input, open_input};
use crate::render::Lang;
use crate::subtotal::SubtotalCheck;
use crate::validate::Validator;

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    check_bands(&args.input, args.input.trend)?;
    let reader = open_input(&args.input)?;
    let file = reader.file().to_string();
    let mut out = stdout();
    // How the table was read: where its header is.
    for place in reader.header_places() {
        writeln!(out, "{place}").context(CANNOT_WRITE)?;
    }
    out.flush().context(CANNOT_WRITE)?;
    let mut run = Run::new(&args.input, settings(&args.input), PeriodFilter::All, Lang::En);
    run.validator = Some(Validator::default());
    run.subtotals = Some(SubtotalCheck::default());
    let counts = evaluate_input(reader, &mut run, |_| Ok(()))?;
    if counts.filled > 0 {
        writeln!(
            out,
            "{file}: {} blank chapter or section cells filled from the row above (--no-fill-down keeps them blank)",
            counts.filled
        )
        .context(CANNOT_WRITE)?;
    }
    let valid = counts.rows - counts.bad_rows;
    writeln!(
        out,
        "{file}: {} rows, {valid} valid, {} errors, {} warnings",
        counts.rows,
        counts.errors,
        counts.warnings + counts.published_differences + counts.grade_differences
    )
    .and_then(|()| out.flush())
    .context(CANNOT_WRITE)?;
    let warned = counts.warnings + counts.published_differences + counts.grade_differences > 0;
    Ok(if counts.errors > 0 || (args.strict && warned) {
        Outcome::BadInput
    } else {
        Outcome::Success
    })
}
