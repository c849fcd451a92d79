//! What a run of the reading pipeline is and gives back: the run's
//! settings and state (`Run`), what happened to its rows (`Counts`, and the
//! `Outcome` they make), one row as read and evaluated (`Evaluated`), and
//! where kept evaluations go (`Visitor`).

use std::io;
use std::sync::Arc;

use super::filter::PeriodFilter;
use crate::cli::InputArgs;
use crate::evaluate::{self, Evaluation, Rejected, Settings};
use crate::indicator::{Indicator, SectionReason};
use crate::read::RowErrors;
use crate::render::{Lang, RowFormat};
use crate::subtotal::SubtotalCheck;
use crate::summarize::{Rollup, RollupPlan};
use crate::validate::Validator;

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
    /// Hand every period's rows to the visitor, periods as written, and
    /// leave `--period` and `--years` to it: an indicator's history (trend,
    /// projection) reads the periods `--period` does not show.
    pub every_period: bool,
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
            every_period: false,
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
    /// Printed grades compared with the computed ones (`--verify-published`
    /// with `--grades`): those that differ, and those that agree.
    pub grade_differences: u64,
    pub grade_agreements: u64,
    /// Blank chapter and section cells filled from the row above.
    pub filled: u64,
    /// Rows read as notes (a footnote: one text, no figures), not indicators.
    pub notes: u64,
    /// Reasons written on rows `--period` leaves out.
    pub unused_reasons: u64,
}

impl Counts {
    /// Adds the counts of rows read elsewhere (a block read on another thread).
    pub(super) fn add(&mut self, other: &Counts) {
        self.rows += other.rows;
        self.evaluated += other.evaluated;
        self.pending += other.pending;
        self.errors += other.errors;
        self.bad_rows += other.bad_rows;
        self.warnings += other.warnings;
        self.published_differences += other.published_differences;
        self.grade_differences += other.grade_differences;
        self.grade_agreements += other.grade_agreements;
        self.filled += other.filled;
        self.notes += other.notes;
        self.unused_reasons += other.unused_reasons;
    }

    /// `BadInput` when any row could not be evaluated, else `Success`.
    pub fn outcome(&self) -> Outcome {
        if self.errors > 0 {
            Outcome::BadInput
        } else {
            Outcome::Success
        }
    }
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

    /// A visitor that only rolls rows up (`summary`) gives its roll-up's
    /// plan: a large input's blocks are then rolled up on the threads that
    /// read them, and come back here for `add_rollup`, in order.
    fn rollup_plan(&self) -> Option<RollupPlan> {
        None
    }

    fn add_rollup(&mut self, _block: Rollup) -> io::Result<()> {
        Err(io::Error::other(
            "a block rolled up for a visitor without a roll-up",
        ))
    }
}

/// A roll-up as a visitor: every kept row is added to it.
impl Visitor for &mut Rollup {
    fn visit(&mut self, evaluation: &mut Evaluation) -> io::Result<()> {
        self.add(evaluation);
        Ok(())
    }

    fn rollup_plan(&self) -> Option<RollupPlan> {
        Some(self.block_plan())
    }

    fn add_rollup(&mut self, block: Rollup) -> io::Result<()> {
        self.merge(block);
        Ok(())
    }
}

impl<F: FnMut(&mut Evaluation) -> io::Result<()>> Visitor for F {
    fn visit(&mut self, evaluation: &mut Evaluation) -> io::Result<()> {
        self(evaluation)
    }
}

/// Evaluates a row as read; pure, so it may run on any thread.
pub fn evaluate_row(row: Result<Indicator, RowErrors>, settings: &Settings) -> Evaluated {
    row.map(|indicator| evaluate::evaluate(indicator, settings))
}

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
