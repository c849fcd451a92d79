//! Rows with their indicator's other periods (`--trend`, `--projection`):
//! every row is read before any is handed on, since an indicator's earlier
//! period may come later in the file; then each goes out with its course.

use std::io;

use anyhow::Context;

use super::evaluate_input;
use super::filter::{Latest, PeriodFilter, unused_reasons};
use super::run::{Counts, Run};
use crate::cli::InputArgs;
use crate::console::{CANNOT_WRITE, note};
use crate::evaluate::Evaluation;
use crate::period;
use crate::projection::{self, Projection};
use crate::read::IndicatorReader;
use crate::timeline::{self, Course};

/// Whether rows need their indicator's other periods (`--trend`,
/// `--projection`): then every row is read before any is written.
pub fn needs_history(input: &InputArgs) -> Option<History> {
    // A grading scheme that counts a change from the previous value needs
    // each row's previous period.
    let previous = input.grades.as_ref().is_some_and(|g| g.uses_previous());
    (input.trend || input.projection.is_some() || previous).then_some(History {
        projection: input.projection,
    })
}

/// What to work out from an indicator's other periods: its trend always,
/// and a projection to the target year when one is asked for.
#[derive(Clone, Copy, Debug)]
pub struct History {
    pub projection: Option<Projection>,
}

/// Reads `reader` and lends every kept evaluation to `visit` with its course
/// when `history` is asked for (`--trend`, `--projection`): then every row is
/// read before any is handed on, since an indicator's earlier period may
/// come later in the file. Otherwise rows stream through with no course.
pub fn evaluate_with_history(
    reader: IndicatorReader,
    run: &mut Run,
    history: Option<History>,
    mut visit: impl FnMut(&mut Evaluation, Option<Course>) -> io::Result<()>,
) -> anyhow::Result<Counts> {
    let Some(history) = history else {
        return evaluate_input(reader, run, |evaluation| visit(evaluation, None));
    };
    let mut evaluations = Vec::new();
    run.every_period = true;
    let counts = evaluate_input(reader, run, |evaluation| {
        evaluations.push(std::mem::take(evaluation));
        Ok(())
    });
    run.every_period = false;
    let counts = counts?;
    // The course of each row is traced over every period; `--period` then
    // chooses which rows are shown.
    let courses = courses(&evaluations, run.input, history);
    for (evaluation, course) in evaluations.iter_mut().zip(&courses) {
        crate::evaluate::regrade(evaluation, &run.settings, course.previous);
    }
    let rows = evaluations.into_iter().zip(courses);
    let shown: Vec<(Evaluation, Course)> = match &run.filter {
        PeriodFilter::All => rows.collect(),
        PeriodFilter::Only(_) => rows
            .filter(|(e, _)| run.filter.keeps(&e.indicator.period))
            .collect(),
        PeriodFilter::Latest => {
            let mut latest = Latest::default();
            rows.for_each(|row| latest.keep(row, |(e, _)| &e.indicator));
            unused_reasons(
                crate::read::Input::display_name(&run.input.file),
                latest.unused_reasons,
            );
            latest.kept
        }
    };
    for (mut evaluation, course) in shown {
        if let Some(style) = run.input.years {
            evaluation.indicator.period =
                period::relabel(&evaluation.indicator.period, style, run.lang.is_japanese()).into();
        }
        visit(&mut evaluation, Some(course)).context(CANNOT_WRITE)?;
    }
    Ok(counts)
}

/// Each evaluation's course: its trend and, with `--projection`, its forecast.
fn courses(evaluations: &[Evaluation], input: &InputArgs, history: History) -> Vec<Course> {
    let mut courses = timeline::trace(evaluations, input.flat_band);
    if let Some(method) = history.projection {
        let (forecasts, left_out) = projection::project_counting(evaluations, method, input.decimals);
        for (course, forecast) in courses.iter_mut().zip(forecasts) {
            course.forecast = forecast;
        }
        let file = crate::read::Input::display_name(&input.file);
        let rows = |n: u64| {
            if n == 1 {
                "1 row".to_string()
            } else {
                format!("{n} rows")
            }
        };
        if left_out.past_target > 0 {
            note(format_args!(
                "{file}: {} not projected: measured after the target year (目標年度), \
                 where a projection would run backwards",
                rows(left_out.past_target)
            ));
        }
        if left_out.not_positive > 0 {
            note(format_args!(
                "{file}: {} not projected: --projection cagr needs a baseline and actuals above zero",
                rows(left_out.not_positive)
            ));
        }
    }
    courses
}
