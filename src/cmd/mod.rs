//! One file of glue per subcommand; the plumbing they share lives here once.

pub mod check;
pub mod eval;
pub mod summary;
pub mod template;

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};

use anyhow::{Context, bail};

use crate::cli::{Cli, Command, InputArgs, OutputArgs};
use crate::error::InputError;
use crate::evaluate::{self, Evaluation, Quantity, Rejected, Settings};
use crate::period::{self, Period};
use crate::read::{Column, IndicatorReader, ReadOptions};
use crate::render::{self, Extras, Lang, Style};
use crate::summarize::{GroupBy, Rollup};
/// How a run ended, as the process exit code says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 0: everything read and evaluated.
    Success,
    /// 1: targets unmet (`check` only).
    Findings,
    /// 2: some input could not be read or evaluated.
    BadInput,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::BadInput => 2,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Eval(args) => eval::run(&args),
        Command::Summary(args) => summary::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Template(args) => template::run(&args),
    }
}

pub(crate) const CANNOT_WRITE: &str = "cannot write output";

/// Buffered standard output; every renderer writes through it.
pub(crate) fn stdout() -> Box<dyn Write> {
    Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock()))
}

/// Standard output in the encoding `output` asks for.
pub(crate) fn encoded_stdout(output: &OutputArgs) -> anyhow::Result<Box<dyn Write>> {
    render::encoded(stdout(), output.output_encoding, output.bom).context(CANNOT_WRITE)
}

pub(crate) fn settings(input: &InputArgs) -> Settings {
    Settings {
        method: input.method.unwrap_or_default(),
        decimals: input.decimals,
        cap: !input.no_cap,
        tolerance: input.tolerance,
        grades: input.grades.clone(),
        trajectory: input.trajectory,
    }
}
/// How to print: `reader` tells whether the file chose methods per row,
/// `raw` whether raw rates were asked for.
pub(crate) fn style(input: &InputArgs, output: &OutputArgs, reader: &IndicatorReader, raw: bool) -> Style {
    Style {
        ascii: output.ascii,
        decimals: input.decimals,
        lang: output.lang,
        extras: Extras {
            method: input.method.is_some() || reader.has_column(Column::Method),
            raw,
            grades: input.grades.is_some(),
            trajectory: input.trajectory,
        },
    }
}

/// A roll-up by `keys` that also counts what `input` adds (grades, positions).
pub(crate) fn rollup(keys: Vec<GroupBy>, input: &InputArgs) -> Rollup {
    let rollup = Rollup::new(keys);
    let rollup = match &input.grades {
        Some(grades) => rollup.with_grades(grades.names().cloned().collect()),
        None => rollup,
    };
    if input.trajectory {
        rollup.with_positions()
    } else {
        rollup
    }
}
/// Opens the input and reads its header row; done before any output is
/// written, so that a file that cannot be read leaves standard output empty.
pub(crate) fn open_input(input: &InputArgs) -> anyhow::Result<IndicatorReader> {
    IndicatorReader::open(&input.file, read_options(input))
}

fn read_options(input: &InputArgs) -> ReadOptions {
    ReadOptions {
        encoding: input.encoding,
        layout: input.layout,
        sheet: input.sheet.clone(),
        published: input.verify_published,
    }
}

/// At most this many errors are printed; the rest are counted.
const ERRORS_SHOWN: u64 = 50;

/// What happened to the rows of one input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub evaluated: u64,
    pub pending: u64,
    pub errors: u64,
    /// Printed rates that differ from the computed ones (`--verify-published`).
    pub published_differences: u64,
}

impl Counts {
    fn record_error(&mut self, error: &InputError) {
        if self.errors < ERRORS_SHOWN {
            eprintln!("{error}");
        }
        self.errors += 1;
    }
}

/// Which rows to keep, by period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodFilter {
    All,
    Only(Vec<String>),
    /// Each indicator's last period in file order.
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
}

/// Reads `input`, evaluates every row and hands each kept evaluation to
/// `visit`, in file order. Bad rows are reported on stderr and counted;
/// reading goes on so that one run shows every problem of a file. `lang`
/// is the language periods are relabelled in (`--years`).
pub fn evaluate_input(
    mut reader: IndicatorReader,
    input: &InputArgs,
    settings: &Settings,
    filter: &PeriodFilter,
    lang: Lang,
    mut visit: impl FnMut(Evaluation) -> io::Result<()>,
) -> anyhow::Result<Counts> {
    let mut counts = Counts::default();
    let mut latest = Latest::default();
    let mut periods_seen: Vec<String> = Vec::new();
    while let Some(row) = reader.next_row()? {
        counts.rows += 1;
        let indicator = match row {
            Ok(indicator) => indicator,
            Err(errors) => {
                errors.iter().for_each(|e| counts.record_error(e));
                continue;
            }
        };
        if !periods_seen.contains(&indicator.period) {
            periods_seen.push(indicator.period.clone());
        }
        if let PeriodFilter::Only(periods) = filter
            && !periods.contains(&indicator.period)
        {
            continue;
        }
        let mut evaluation = match evaluate::evaluate(indicator, settings) {
            Ok(evaluation) => evaluation,
            Err(rejected) => {
                let Rejected { indicator, error } = *rejected;
                let column = match error.quantity {
                    Quantity::Baseline => Column::Baseline,
                    Quantity::Target => Column::Target,
                    Quantity::Actual => Column::Actual,
                    Quantity::Period => Column::Period,
                    Quantity::Tolerance => Column::Tolerance,
                    Quantity::BaselineYear => Column::BaselineYear,
                    Quantity::TargetYear => Column::TargetYear,
                };
                counts.record_error(&reader.locate(&indicator, column, error.message));
                continue;
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
            eprintln!(
                "{}",
                reader.locate(&evaluation.indicator, Column::Published, message)
            );
        }
        if let Some(style) = input.years {
            evaluation.indicator.period =
                period::relabel(&evaluation.indicator.period, style, lang.is_japanese());
        }
        if evaluation.achievement.is_some() {
            counts.evaluated += 1;
        } else {
            counts.pending += 1;
        }
        if *filter == PeriodFilter::Latest {
            latest.keep(evaluation);
        } else {
            visit(evaluation).context(CANNOT_WRITE)?;
        }
    }
    for evaluation in latest.evaluations {
        visit(evaluation).context(CANNOT_WRITE)?;
    }
    finish_reading(reader.file(), &counts, filter, &periods_seen)?;
    Ok(counts)
}

/// Says on stderr what was not evaluated, and fails on inputs that hold
/// nothing to evaluate or a period that does not occur (a typo would
/// otherwise pass a CI gate with nothing checked).
fn finish_reading(
    file: &str,
    counts: &Counts,
    filter: &PeriodFilter,
    periods_seen: &[String],
) -> anyhow::Result<()> {
    if counts.errors > ERRORS_SHOWN {
        eprintln!("{file}: … and {} more errors", counts.errors - ERRORS_SHOWN);
    }
    if counts.errors > 0 {
        eprintln!(
            "{file}: read {} rows: {} evaluated, {} pending, {} with errors",
            counts.rows, counts.evaluated, counts.pending, counts.errors
        );
    }
    if counts.published_differences > 0 {
        eprintln!(
            "{file}: {} published rate{} differ from the computed ones",
            counts.published_differences,
            if counts.published_differences == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    if counts.rows == 0 {
        bail!("{file}: no indicator rows after the header");
    }
    if let PeriodFilter::Only(periods) = filter {
        let missing: Vec<&str> = periods
            .iter()
            .filter(|p| !periods_seen.contains(p))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let seen: Vec<&str> = periods_seen.iter().map(String::as_str).collect();
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
/// the later fiscal year where both periods are years (a file may list H30
/// before H26), else the later row. Memory grows with the number of
/// indicators, which `--period latest` cannot avoid: the last period of an
/// indicator is known only at the end.
#[derive(Default)]
struct Latest {
    index: HashMap<(String, String, String), usize>,
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

impl Counts {
    /// `BadInput` when any row could not be evaluated, else `Success`.
    pub fn outcome(&self) -> Outcome {
        if self.errors > 0 {
            Outcome::BadInput
        } else {
            Outcome::Success
        }
    }
}
