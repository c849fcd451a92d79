//! The reading loop's state, row by row in input order: counts, problems
//! reported with their places (and at most 50 on stderr), the period
//! filter's answers, `--period latest`'s kept rows, and the closing checks
//! that no input passes with nothing evaluated.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use anyhow::{Context, bail};

use super::filter::{Latest, PeriodFilter, same_period, unused_reasons};
use super::run::{Counts, Evaluated, Run};
use crate::console::{self, CANNOT_WRITE, note};
use crate::error::InputError;
use crate::evaluate::{self, Evaluation, Quantity, Rejected};
use crate::indicator::is_explanation;
use crate::period;
use crate::read::{Column, IndicatorReader};

/// At most this many problems go to stderr; the rest are counted.
/// (`validate` prints every one: listing them is its job.)
const PROBLEMS_SHOWN: u64 = 50;

/// Prints problems where the run wants them, and counts them.
struct Problems {
    to_stdout: bool,
    shown: u64,
    /// On a reading thread: kept, to be printed in order by the main one.
    kept: Option<Vec<(&'static str, InputError)>>,
}

impl Problems {
    /// Fails only when standard output cannot be written (`validate`).
    fn report(&mut self, kind: &'static str, problem: &InputError) -> anyhow::Result<()> {
        if let Some(kept) = &mut self.kept {
            kept.push((kind, problem.clone()));
        } else if self.to_stdout {
            let (place, message) = (problem.place(), &problem.message);
            console::stdout_line(format_args!("{place}: {kind}: {message}")).context(CANNOT_WRITE)?;
        } else if self.shown < PROBLEMS_SHOWN {
            note(format_args!("{problem}"));
            self.shown += 1;
        }
        Ok(())
    }
}

/// The reading loop's state: counts, problems shown, the period filter's
/// answers, and `--period latest`'s kept rows.
pub(super) struct Rows {
    counts: Counts,
    problems: Problems,
    latest: Latest<Evaluation>,
    periods: Periods,
}

/// The periods seen, in file order for the message, with whether
/// `--period` keeps each: the per-row question is answered once per
/// distinct period. A file's few periods are looked up in order; many,
/// through the map.
#[derive(Default)]
struct Periods {
    seen: Vec<Arc<str>>,
    kept: Vec<bool>,
    index: HashMap<Arc<str>, usize, foldhash::fast::FixedState>,
}

impl Periods {
    /// Whether `--period` keeps rows of `period`, noting it as seen.
    fn keeps(&mut self, period: &Arc<str>, filter: &PeriodFilter) -> bool {
        let seen = if self.seen.len() <= FEW_PERIODS {
            self.seen.iter().position(|p| p == period)
        } else {
            self.index.get(period).copied()
        };
        match seen {
            Some(index) => self.kept[index],
            None => {
                let kept = filter.keeps(period);
                self.index.insert(period.clone(), self.seen.len());
                self.seen.push(period.clone());
                self.kept.push(kept);
                kept
            }
        }
    }
}

/// Up to this many distinct periods, a row's period is found by comparing
/// (a few bytes each) rather than by hashing.
const FEW_PERIODS: usize = 8;

impl Rows {
    pub(super) fn new(run: &Run) -> Rows {
        Rows {
            counts: Counts::default(),
            problems: Problems {
                to_stdout: run.validator.is_some(),
                shown: 0,
                kept: None,
            },
            latest: Latest::default(),
            periods: Periods::default(),
        }
    }

    /// Takes one row, in file order: counts it, reports its problems, and
    /// hands its evaluation to `visit` (or keeps it for `--period latest`).
    pub(super) fn take(
        &mut self,
        row: &mut Evaluated,
        reader: &IndicatorReader,
        run: &mut Run,
        visit: &mut impl FnMut(&mut Evaluation) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let counts = &mut self.counts;
        counts.rows += 1;
        let evaluated = match row {
            Ok(evaluated) => evaluated,
            Err(errors) => {
                counts.bad_rows += 1;
                counts.errors += errors.len() as u64;
                for error in errors.iter() {
                    self.problems.report("error", error)?;
                }
                return Ok(());
            }
        };
        let indicator = match &*evaluated {
            Ok(evaluation) => &evaluation.indicator,
            Err(rejected) => &rejected.indicator,
        };
        if !self.periods.keeps(&indicator.period, &run.filter) {
            if is_explanation(indicator.reason()) {
                counts.unused_reasons += 1;
            }
            // Rows `--period` leaves out still feed an indicator's history
            // (trend, projection), which picks the rows to show afterwards.
            if run.every_period
                && let Ok(evaluation) = evaluated
            {
                visit(evaluation).context(CANNOT_WRITE)?;
            }
            return Ok(());
        }
        if let Some(check) = &mut run.subtotals {
            if indicator.subtotal {
                for (column, message) in check.check(indicator) {
                    counts.warnings += 1;
                    self.problems
                        .report("warning", &reader.locate(indicator, column, message))?;
                }
            } else {
                check.add(indicator);
            }
        }
        if let Some(validator) = &mut run.validator
            && !indicator.subtotal
        {
            for (column, message) in validator.check(indicator, reader.table_file()) {
                counts.warnings += 1;
                self.problems
                    .report("warning", &reader.locate(indicator, column, message))?;
            }
        }
        let evaluation = match evaluated {
            Ok(evaluation) => evaluation,
            Err(rejected) => {
                let Rejected { indicator, error } = &**rejected;
                counts.bad_rows += 1;
                counts.errors += 1;
                self.problems.report(
                    "error",
                    &reader.locate(indicator, column_of(error.quantity), &error.message),
                )?;
                return Ok(());
            }
        };
        if let (Some(published), Some(achievement)) = (evaluation.indicator.published, evaluation.achievement)
            && !evaluate::agrees_with_published(&achievement, published)
        {
            counts.published_differences += 1;
            let message = format!(
                "published rate {published}% differs from the computed {}%",
                achievement.shown
            );
            self.problems.report(
                "warning",
                &reader.locate(&evaluation.indicator, Column::Published, message),
            )?;
        }
        if run.input.verify_published
            && let Some(grade) = &evaluation.grade
            && !evaluation.indicator.published_grade.is_empty()
            && fold_grade(&evaluation.indicator.published_grade) == fold_grade(&grade.name)
        {
            counts.grade_agreements += 1;
        } else if run.input.verify_published
            && let Some(grade) = &evaluation.grade
            && !evaluation.indicator.published_grade.is_empty()
        {
            counts.grade_differences += 1;
            let message = format!(
                "published grade {} differs from the computed {}",
                evaluation.indicator.published_grade, grade.name
            );
            self.problems.report(
                "warning",
                &reader.locate(&evaluation.indicator, Column::PublishedGrade, message),
            )?;
        }
        if let Some(style) = run.input.years
            && !run.every_period
        {
            evaluation.indicator.period =
                period::relabel(&evaluation.indicator.period, style, run.lang.is_japanese()).into();
        }
        if evaluation.achievement.is_some() {
            counts.evaluated += 1;
        } else {
            counts.pending += 1;
        }
        if run.filter == PeriodFilter::Latest && !run.every_period {
            self.latest.keep(std::mem::take(evaluation), |e| &e.indicator);
        } else {
            visit(evaluation).context(CANNOT_WRITE)?;
        }
        Ok(())
    }

    /// Rows taken on a reading thread: their problems kept, to be printed
    /// in order by the thread that takes the blocks back (`add_to`).
    pub(super) fn kept(run: &Run) -> Rows {
        let mut rows = Rows::new(run);
        rows.problems.kept = Some(Vec::new());
        rows
    }

    /// Adds rows taken elsewhere (a block's, on its reading thread) to
    /// `into`, as if they had been taken there one by one: their problems
    /// printed, their counts and periods added.
    pub(super) fn add_to(self, into: &mut Rows, filter: &PeriodFilter) -> anyhow::Result<()> {
        for (kind, problem) in self.problems.kept.iter().flatten() {
            into.problems.report(kind, problem)?;
        }
        into.counts.add(&self.counts);
        for period in &self.periods.seen {
            into.periods.keeps(period, filter);
        }
        Ok(())
    }

    /// After the last row: the latest rows, notes, and the closing checks.
    pub(super) fn finish(
        self,
        reader: IndicatorReader,
        run: &mut Run,
        mut visit: impl FnMut(&mut Evaluation) -> io::Result<()>,
    ) -> anyhow::Result<Counts> {
        let Rows {
            mut counts,
            problems,
            latest,
            periods,
            ..
        } = self;
        counts.unused_reasons += latest.unused_reasons;
        for mut evaluation in latest.kept {
            visit(&mut evaluation).context(CANNOT_WRITE)?;
        }
        counts.filled = reader.filled_cells();
        counts.notes = reader.note_rows().len() as u64;
        if run.validator.is_some() {
            for (line, text) in reader.note_rows() {
                let place = format!("{}:{line}", reader.file());
                console::stdout_line(format_args!(
                    "{place}: note: not an indicator (one text, no figures): {text}"
                ))
                .context(CANNOT_WRITE)?;
            }
        }
        run.section_reasons = reader.section_reasons().to_vec();
        if run.validator.is_none() {
            finish_reading(reader.file(), &counts, problems.shown)?;
        }
        check_selection(reader.file(), &counts, &run.filter, &periods.seen)?;
        if run.validator.is_none() {
            unused_reasons(reader.file(), counts.unused_reasons);
        }
        Ok(counts)
    }
}

fn column_of(quantity: Quantity) -> Column {
    match quantity {
        Quantity::Baseline => Column::Baseline,
        Quantity::Target => Column::Target,
        Quantity::Actual => Column::Actual,
        Quantity::Period => Column::Period,
        Quantity::Tolerance => Column::Tolerance,
        Quantity::BaselineYear => Column::BaselineYear,
        Quantity::TargetYear => Column::TargetYear,
    }
}

/// Says on stderr what was not evaluated.
fn finish_reading(file: &str, counts: &Counts, shown: u64) -> anyhow::Result<()> {
    let reported = counts.errors + counts.published_differences + counts.grade_differences;
    if reported > shown {
        note(format_args!("{file}: … and {} more problems", reported - shown));
    }
    if counts.errors > 0 {
        note(format_args!(
            "{file}: read {} rows: {} evaluated, {} pending, {} with errors",
            counts.rows, counts.evaluated, counts.pending, counts.bad_rows
        ));
    }
    if counts.notes > 0 {
        note(format_args!(
            "{file}: {} row{} with one text and no figures read as notes, not indicators \
             (plancheck validate lists them)",
            counts.notes,
            if counts.notes == 1 { "" } else { "s" }
        ));
    }
    if counts.published_differences > 0 {
        let plural = if counts.published_differences == 1 {
            ""
        } else {
            "s"
        };
        note(format_args!(
            "{file}: {} published rate{plural} differ from the computed ones",
            counts.published_differences
        ));
    }
    if counts.grade_differences + counts.grade_agreements > 0 {
        note(format_args!(
            "{file}: published grades: {} agree with the computed ones, {} differ",
            counts.grade_agreements, counts.grade_differences
        ));
    }
    Ok(())
}

/// A grade as compared: 〇 (the kanji zero) as ○, full-width letters as
/// ASCII, without spaces.
fn fold_grade(grade: &str) -> String {
    grade
        .trim()
        .chars()
        .map(|c| {
            if c == '〇' {
                '○'
            } else {
                crate::text::ascii_width(c)
            }
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Fails on inputs that hold nothing to evaluate or a period that does not
/// occur: a typo would otherwise pass a CI gate with nothing checked.
fn check_selection(
    file: &str,
    counts: &Counts,
    filter: &PeriodFilter,
    periods_seen: &[Arc<str>],
) -> anyhow::Result<()> {
    if counts.rows == 0 {
        bail!("{file}: no indicator rows after the header");
    }
    if let PeriodFilter::Only(periods) = filter {
        let missing: Vec<&str> = periods
            .iter()
            .filter(|p| !periods_seen.iter().any(|seen| same_period(p, seen)))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let seen: Vec<&str> = periods_seen.iter().map(|p| &**p).collect();
            bail!(
                "{file}: no row has period {} (periods found: {})",
                missing.join(", "),
                seen.join(", ")
            );
        }
    }
    Ok(())
}
