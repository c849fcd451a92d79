//! `plancheck report`: the summary table as a page or Markdown.

use anyhow::Context;

use super::options::{check_bands, settings};
use crate::cli::ReportArgs;
use crate::console::CANNOT_WRITE;
use crate::output::destination;
use crate::pipeline::{History, Outcome, PeriodFilter, Run, evaluate_with_history, open_input};
use crate::projection::Projection;
use crate::render::{self, ReportFormat, labels};
use crate::report::ReportBuilder;

pub fn run(args: &ReportArgs) -> anyhow::Result<Outcome> {
    check_bands(&args.input, true)?;
    let reader = open_input(&args.input)?;
    let mut builder = ReportBuilder::new(args.aggregate, !args.input.no_cap);
    if let Some(grades) = &args.input.grades {
        builder = builder.with_grades(grades);
    }
    let filter = PeriodFilter::from_args(&args.periods)?;
    let mut run = Run::new(&args.input, settings(&args.input), filter, args.lang);
    // A report holds every row anyway: each is traced over its periods.
    // The report projects to the target year where rows name one: by least
    // squares (exact) unless --projection says otherwise.
    let history = History {
        projection: args.input.projection.or(Some(Projection::Linear)),
    };
    let counts = evaluate_with_history(reader, &mut run, Some(history), |evaluation, course| {
        builder.add_traced(std::mem::take(evaluation), course);
        Ok(())
    })?;
    builder.add_section_reasons(&run.section_reasons);
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| labels::report(args.lang).title.to_string());
    let report = builder.finish(title, args.input.decimals)?;
    let out = destination(
        args.output.as_deref(),
        args.format == ReportFormat::Xlsx,
        &args.input.file,
    )?;
    render::write_report(args.format, out, &report, args.input.decimals, args.lang).context(CANNOT_WRITE)?;
    Ok(counts.outcome())
}
