//! `plancheck check`: the CI gate.

use std::fs::OpenOptions;
use std::io::BufWriter;

use anyhow::{Context, bail};
use rust_decimal::Decimal;

use super::options::{check_bands, settings};
use crate::cli::CheckArgs;
use crate::console::CANNOT_WRITE;
use crate::evaluate::Settings;
use crate::gate::{Gate, Rules};
use crate::output::{destination, is_broken_pipe};
use crate::pipeline::{
    History, Outcome, PeriodFilter, Run, evaluate_with_history, needs_history, open_input,
};
use crate::read::Input;
use crate::render::{self, CheckFormat, Lang};

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    check_bands(&args.input, args.input.trend || args.fail_on_worsened)?;
    let reader = open_input(&args.input)?;
    let filter = PeriodFilter::from_args(&args.periods)?;
    if args.threshold > Decimal::ONE_HUNDRED && !args.input.no_cap {
        bail!(
            "--threshold {} is above 100, but achievement is capped at 100; add --no-cap",
            args.threshold
        );
    }
    if !args.fail_on_grade.is_empty() {
        let Some(grades) = &args.input.grades else {
            bail!("--fail-on-grade fails rows by their grade: add --grades");
        };
        let names = grades.names();
        if let Some(unknown) = args
            .fail_on_grade
            .iter()
            .find(|g| !names.iter().any(|n| &**n == g.trim()))
        {
            let names: Vec<&str> = names.iter().map(|n| &**n).collect();
            bail!(
                "--fail-on-grade {unknown}: the scheme has no grade \"{unknown}\"; its grades are {}",
                names.join(", ")
            );
        }
    }
    let rules = Rules {
        fail_on_grades: args.fail_on_grade.iter().map(|g| g.trim().into()).collect(),
        threshold: args.threshold,
        require_reason: args.require_reason,
        fail_on_pending: args.fail_on_pending,
        on_track: args.on_track,
        fail_on_worsened: args.fail_on_worsened,
    };
    let settings = Settings {
        trajectory: args.input.trajectory || args.on_track,
        ..settings(&args.input)
    };
    // JUnit lists every indicator; the other formats only what did not pass.
    let mut gate = Gate::new(rules, args.format == CheckFormat::Junit);
    let mut run = Run::new(&args.input, settings, filter, Lang::En);
    let history =
        needs_history(&args.input).or(args.fail_on_worsened.then_some(History { projection: None }));
    let counts = evaluate_with_history(reader, &mut run, history, |evaluation, course| {
        gate.add_traced(std::mem::take(evaluation), course);
        Ok(())
    })?;
    gate.add_section_reasons(&run.section_reasons);
    let report = gate.finish();
    let file = Input::display_name(&args.input.file);
    // A reader that stops early (`check | head`) must not turn a failing
    // gate into a passing one: the verdict is the exit code, output or not.
    let out = destination(
        args.output.as_deref(),
        args.format == CheckFormat::Xlsx,
        &args.input.file,
    )?;
    match render::write_check(args.format, out, &report, file).context(CANNOT_WRITE) {
        Err(error) if is_broken_pipe(&error) => {}
        written => written?,
    }
    if args.format == CheckFormat::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        // GitHub shows this Markdown on the workflow run's page.
        let summary = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .with_context(|| format!("cannot write GITHUB_STEP_SUMMARY ({})", path.to_string_lossy()))?;
        render::write_check(
            CheckFormat::Markdown,
            Box::new(BufWriter::new(summary)),
            &report,
            file,
        )
        .context("cannot write GITHUB_STEP_SUMMARY")?;
    }
    Ok(if counts.errors > 0 {
        Outcome::BadInput
    } else if report.fails() && !args.exit_zero {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
