//! The reading loop every subcommand shares: rows in, evaluations out, every
//! problem reported with its place and counted, nothing dropped silently.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use anyhow::{Context, bail};

use super::{CANNOT_WRITE, console, note};
use crate::cli::InputArgs;
use crate::error::InputError;
use crate::evaluate::{self, Evaluation, Quantity, Rejected, Settings};
use crate::indicator::{Indicator, SectionReason};
use crate::period::{self, Period};
use crate::read::{Column, IndicatorReader, RowErrors};
use crate::render::{Lang, RowFormat};
use crate::subtotal::SubtotalCheck;
use crate::validate::Validator;

/// At most this many problems go to stderr; the rest are counted.
/// (`validate` prints every one: listing them is its job.)
const PROBLEMS_SHOWN: u64 = 50;

/// How one input is read and evaluated.
pub struct Run<'a> {
    pub input: &'a InputArgs,
    pub settings: Settings,
    pub filter: PeriodFilter,
    /// The language periods are relabelled in (`--years`).
    pub lang: Lang,
    /// `validate`: print problems and warnings on stdout, all of them.
    pub validator: Option<Validator>,
    /// Reasons the input gave in blocks below their sections, once read.
    pub section_reasons: Vec<SectionReason>,
    /// Subtotal rows checked against the rows they close (`validate`,
    /// `--verify-published`).
    pub subtotals: Option<SubtotalCheck>,
}

impl<'a> Run<'a> {
    pub fn new(input: &'a InputArgs, settings: Settings, filter: PeriodFilter, lang: Lang) -> Run<'a> {
        Run {
            input,
            settings,
            filter,
            lang,
            validator: None,
            section_reasons: Vec::new(),
            subtotals: input.verify_published.then(SubtotalCheck::default),
        }
    }
}

/// What happened to the rows of one input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Rows read: one per indicator and period (a wide row counts once per period).
    pub rows: u64,
    pub evaluated: u64,
    pub pending: u64,
    /// Problems reported (a row may have several).
    pub errors: u64,
    /// Rows that could not be evaluated.
    pub bad_rows: u64,
    pub warnings: u64,
    /// Printed rates that differ from the computed ones (`--verify-published`).
    pub published_differences: u64,
    /// Blank chapter and section cells filled from the row above.
    pub filled: u64,
    /// Rows read as notes (a footnote: one text, no figures), not indicators.
    pub notes: u64,
}

impl Counts {
    /// Adds the counts of rows read elsewhere (a block read on another thread).
    fn add(&mut self, other: &Counts) {
        self.rows += other.rows;
        self.evaluated += other.evaluated;
        self.pending += other.pending;
        self.errors += other.errors;
        self.bad_rows += other.bad_rows;
        self.warnings += other.warnings;
        self.published_differences += other.published_differences;
        self.filled += other.filled;
        self.notes += other.notes;
    }

    /// `BadInput` when any row could not be evaluated, else `Success`.
    pub fn outcome(&self) -> super::Outcome {
        if self.errors > 0 {
            super::Outcome::BadInput
        } else {
            super::Outcome::Success
        }
    }
}

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

/// Which rows to keep, by period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodFilter {
    All,
    Only(Vec<String>),
    /// Each indicator's latest period.
    Latest,
}

impl PeriodFilter {
    pub fn from_args(periods: &[String]) -> anyhow::Result<PeriodFilter> {
        let periods: Vec<String> = periods.iter().map(|p| p.trim().to_string()).collect();
        if periods.is_empty() {
            return Ok(PeriodFilter::All);
        }
        if periods.iter().any(|p| p == "latest") {
            if periods.len() > 1 {
                bail!("--period latest cannot be combined with other periods");
            }
            return Ok(PeriodFilter::Latest);
        }
        Ok(PeriodFilter::Only(periods))
    }

    /// Whether a row of `period` is kept by `--period`: the same text, or
    /// the same fiscal year where both are years (`H30`, `平成30年度`,
    /// `2018年度` and `2018` are one period).
    fn keeps(&self, period: &str) -> bool {
        match self {
            PeriodFilter::All | PeriodFilter::Latest => true,
            PeriodFilter::Only(wanted) => wanted.iter().any(|w| same_period(w, period)),
        }
    }
}

/// Whether two period labels name the same period.
fn same_period(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (Period::parse(a), Period::parse(b)),
            (Some(Period::Year(x)), Some(Period::Year(y))) if x == y
        )
}

/// One row as read and evaluated: an evaluation, a row the method
/// rejects, or a row that could not be read.
pub type Evaluated = Result<Result<Evaluation, Box<Rejected>>, RowErrors>;

/// Where `evaluate_input` hands the kept evaluations, in file order.
///
/// `visit` borrows each one. A visitor whose rows depend on nothing but the
/// row (`eval` as CSV) also gives its `RowFormat`: a large input's rows are
/// then formatted on the threads that read them, and come back here as
/// bytes for `write_formatted`, in order: moving finished evaluations
/// (about 500 bytes each) from core to core cost a tenth of the CPU time.
/// A closure is a visitor that formats nothing elsewhere.
pub trait Visitor {
    fn visit(&mut self, evaluation: &mut Evaluation) -> io::Result<()>;

    fn row_format(&self) -> Option<Arc<dyn RowFormat>> {
        None
    }

    fn write_formatted(&mut self, _rows: &[u8]) -> io::Result<()> {
        Err(io::Error::other(
            "rows formatted for a visitor without a row format",
        ))
    }
}

impl<F: FnMut(&mut Evaluation) -> io::Result<()>> Visitor for F {
    fn visit(&mut self, evaluation: &mut Evaluation) -> io::Result<()> {
        self(evaluation)
    }
}

/// Takes rows on a reading thread as the reading loop would take them here,
/// for a visitor with a `RowFormat` and a run whose rows need nothing from
/// one another: no `--period latest`, no subtotal checks, no `validate`.
#[derive(Clone)]
pub struct BlockTaker<'a> {
    input: &'a InputArgs,
    settings: Settings,
    filter: PeriodFilter,
    lang: Lang,
    format: Arc<dyn RowFormat>,
}

/// A block's rows taken where they were read: the kept rows formatted, and
/// the counts, problems and periods for the reading loop to add in order.
pub struct TakenBlock {
    rows: Rows,
    formatted: Vec<u8>,
}

impl<'a> BlockTaker<'a> {
    /// A taker for `run`, when its rows may be taken elsewhere.
    fn new(run: &Run<'a>, format: Option<Arc<dyn RowFormat>>) -> Option<BlockTaker<'a>> {
        let apart = run.validator.is_none() && run.subtotals.is_none() && run.filter != PeriodFilter::Latest;
        Some(BlockTaker {
            input: run.input,
            settings: run.settings.clone(),
            filter: run.filter.clone(),
            lang: run.lang,
            format: format.filter(|_| apart)?,
        })
    }

    /// The settings rows are evaluated with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// An empty block, its output sized for `bytes` of input (the CSV
    /// out is about as long as the CSV in: growing it by doubling copied it).
    pub fn start(&self, bytes: usize) -> (TakenBlock, Run<'a>) {
        // No validator, and no subtotal checks (a run with them has no taker).
        let run = Run::new(self.input, self.settings.clone(), self.filter.clone(), self.lang);
        let mut rows = Rows::new(&run);
        rows.problems.kept = Some(Vec::new());
        let block = TakenBlock {
            rows,
            formatted: Vec::with_capacity(bytes + bytes / 2),
        };
        (block, run)
    }

    /// Takes one row of the block into `block`.
    pub fn take(
        &self,
        block: &mut TakenBlock,
        run: &mut Run,
        row: &mut Evaluated,
        reader: &IndicatorReader,
    ) -> anyhow::Result<()> {
        let TakenBlock { rows, formatted } = block;
        rows.take(row, reader, run, &mut |evaluation: &mut Evaluation| {
            self.format.push_row(formatted, evaluation, None)
        })
    }
}

/// What the blocks of a large input bring back: rows to take here, or rows
/// already taken on the thread that read them.
pub enum Taken<'r> {
    Row(&'r mut Evaluated),
    Block(Box<TakenBlock>),
}

/// Evaluates a row as read; pure, so it may run on any thread.
pub fn evaluate_row(row: Result<Indicator, RowErrors>, settings: &Settings) -> Evaluated {
    row.map(|indicator| evaluate::evaluate(indicator, settings))
}

/// Reads `reader`, evaluates every row and hands each kept evaluation to
/// `visit`, in file order. `visit` borrows it: rows are freed where they
/// were made (`cmd::parallel`), and one that keeps an evaluation takes it
/// out with `std::mem::take`. Bad rows are reported and counted; reading goes
/// on so that one run shows every problem of a file. A large CSV input is
/// read and evaluated in blocks on every core (`cmd::parallel`); what
/// `visit` sees, and every message, is the same either way.
pub fn evaluate_input(
    reader: IndicatorReader,
    run: &mut Run,
    visit: impl FnMut(&mut Evaluation) -> io::Result<()>,
) -> anyhow::Result<Counts> {
    evaluate_input_to(reader, run, visit)
}

/// `evaluate_input` for any `Visitor`: one with a `RowFormat` gets a large
/// input's rows as bytes formatted where they were read (`BlockTaker`),
/// the same bytes `visit` would have written.
pub fn evaluate_input_to(
    mut reader: IndicatorReader,
    run: &mut Run,
    mut visit: impl Visitor,
) -> anyhow::Result<Counts> {
    let mut rows = Rows::new(run);
    match super::parallel::plan().and_then(|plan| Some((plan, reader.split(plan.block_size)?))) {
        Some((plan, splitter)) => {
            let taker = BlockTaker::new(run, visit.row_format());
            let mut take = |taken: Taken, reader: &IndicatorReader, run: &mut Run| match taken {
                Taken::Row(row) => rows.take(row, reader, run, &mut |e: &mut Evaluation| visit.visit(e)),
                Taken::Block(block) => rows.add_block(*block, run, &mut visit),
            };
            super::parallel::read(&mut reader, splitter, plan, run, taker, &mut take)?;
        }
        None => {
            while let Some(row) = reader.next_row()? {
                let mut row = evaluate_row(row, &run.settings);
                rows.take(&mut row, &reader, run, &mut |e: &mut Evaluation| visit.visit(e))?;
            }
        }
    }
    rows.finish(reader, run, |e: &mut Evaluation| visit.visit(e))
}

/// The reading loop's state: counts, problems shown, the period filter's
/// answers, and `--period latest`'s kept rows.
struct Rows {
    counts: Counts,
    problems: Problems,
    latest: Latest,
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
    fn new(run: &Run) -> Rows {
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
    fn take(
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
            for (column, message) in validator.check(indicator) {
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
        if let Some(style) = run.input.years {
            evaluation.indicator.period =
                period::relabel(&evaluation.indicator.period, style, run.lang.is_japanese()).into();
        }
        if evaluation.achievement.is_some() {
            counts.evaluated += 1;
        } else {
            counts.pending += 1;
        }
        if run.filter == PeriodFilter::Latest {
            self.latest.keep(std::mem::take(evaluation));
        } else {
            visit(evaluation).context(CANNOT_WRITE)?;
        }
        Ok(())
    }

    /// Adds a block taken on the thread that read it, as if its rows had
    /// been taken here one by one: its problems printed, its counts and
    /// periods added, its rows written.
    fn add_block(&mut self, block: TakenBlock, run: &Run, visit: &mut impl Visitor) -> anyhow::Result<()> {
        let TakenBlock { rows, formatted } = block;
        for (kind, problem) in rows.problems.kept.iter().flatten() {
            self.problems.report(kind, problem)?;
        }
        self.counts.add(&rows.counts);
        for period in &rows.periods.seen {
            self.periods.keeps(period, &run.filter);
        }
        visit.write_formatted(&formatted).context(CANNOT_WRITE)
    }

    /// After the last row: the latest rows, notes, and the closing checks.
    fn finish(
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
        for mut evaluation in latest.evaluations {
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
    let reported = counts.errors + counts.published_differences;
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
    Ok(())
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

/// Keeps each indicator's latest evaluation, in order of first appearance:
/// the later period where both are years or dates (a file may list H30
/// before H26), else the later row. Memory grows with the number of
/// indicators, which `--period latest` cannot avoid: the last period of an
/// indicator is known only at the end.
#[derive(Default)]
struct Latest {
    index: HashMap<(Arc<str>, Arc<str>, String), usize>,
    evaluations: Vec<Evaluation>,
}

impl Latest {
    fn keep(&mut self, evaluation: Evaluation) {
        let i = &evaluation.indicator;
        let key = (i.chapter.clone(), i.section.clone(), i.name.clone());
        match self.index.get(&key) {
            Some(&slot) => {
                let kept = &mut self.evaluations[slot];
                let periods = (
                    Period::parse(&kept.indicator.period),
                    Period::parse(&evaluation.indicator.period),
                );
                if !matches!(periods, (Some(old), Some(new)) if new.sort_key() < old.sort_key()) {
                    *kept = evaluation;
                }
            }
            None => {
                self.index.insert(key, self.evaluations.len());
                self.evaluations.push(evaluation);
            }
        }
    }
}
