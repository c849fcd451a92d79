//! `plancheck summary`: roll-ups by chapter, section and period.

use anyhow::Context;

use super::options::{check_bands, rollup, settings, style};
use crate::cli::SummaryArgs;
use crate::console::CANNOT_WRITE;
use crate::output::encoded_stdout;
use crate::pipeline::{
    Outcome, PeriodFilter, Run, evaluate_input_to, evaluate_with_history, needs_history, open_input,
};
use crate::render::{self, Summary};
pub fn run(args: &SummaryArgs) -> anyhow::Result<Outcome> {
    check_bands(&args.input, args.input.trend)?;
    let reader = open_input(&args.input)?;
    let filter = PeriodFilter::from_args(&args.periods)?;
    let style = style(&args.input, &args.output, &reader, false);
    let mut rollup =
        rollup(args.by.0.clone(), &args.input).with_aggregate(args.aggregate, !args.input.no_cap);
    let mut run = Run::new(&args.input, settings(&args.input), filter, args.output.lang);
    let counts = match needs_history(&args.input) {
        // Rolled up where the rows are read, on every core.
        None => evaluate_input_to(reader, &mut run, &mut rollup)?,
        history => evaluate_with_history(reader, &mut run, history, |evaluation, course| {
            rollup.add_traced(evaluation, course.and_then(|c| c.trend));
            Ok(())
        })?,
    };
    let summary = Summary::new(&rollup, args.input.decimals, !args.no_total)?;
    render::write_summary(
        args.output.format,
        encoded_stdout(&args.output, &args.input.file)?,
        &summary,
        style,
    )
    .context(CANNOT_WRITE)?;
    Ok(counts.outcome())
}
