//! Rows taken where they were read: on a reading thread, a block's rows
//! are counted, checked and formatted (`eval` as CSV) or rolled up
//! (`summary`) as the reading loop (`rows`) would take them, so that no
//! finished row crosses from core to core. Only for a run whose rows need
//! nothing from one another.

use std::sync::Arc;

use anyhow::Context;

use super::filter::PeriodFilter;
use super::rows::Rows;
use super::run::{Evaluated, Run, Visitor};
use crate::cli::InputArgs;
use crate::console::CANNOT_WRITE;
use crate::evaluate::{Evaluation, Settings};
use crate::read::IndicatorReader;
use crate::render::{Lang, RowFormat};
use crate::summarize::{Rollup, RollupPlan};

/// What a reading thread makes of a block's kept rows.
#[derive(Clone)]
pub enum BlockWork {
    /// The rows as the visitor would write them.
    Format(Arc<dyn RowFormat>),
    /// The block's roll-up, merged in order by the visitor.
    Rollup(RollupPlan),
}

/// A block's kept rows, made where they were read.
enum BlockOut {
    Formatted(Arc<dyn RowFormat>, Vec<u8>),
    Rolled(Box<Rollup>),
}

/// Takes rows on a reading thread as the reading loop would take them here,
/// for a visitor with a `RowFormat` or a roll-up, and a run whose rows need
/// nothing from one another: no `--period latest`, no subtotal checks, no
/// `validate`.
#[derive(Clone)]
pub struct BlockTaker<'a> {
    input: &'a InputArgs,
    settings: Settings,
    filter: PeriodFilter,
    lang: Lang,
    work: BlockWork,
}

/// A block's rows taken where they were read: the kept rows formatted or
/// rolled up, and the counts, problems and periods for the reading loop to
/// add in order.
pub struct TakenBlock {
    rows: Rows,
    out: BlockOut,
}

impl<'a> BlockTaker<'a> {
    /// A taker for `run`, when its rows may be taken elsewhere.
    pub(super) fn new(run: &Run<'a>, work: Option<BlockWork>) -> Option<BlockTaker<'a>> {
        let apart = run.validator.is_none() && run.subtotals.is_none() && run.filter != PeriodFilter::Latest;
        Some(BlockTaker {
            input: run.input,
            settings: run.settings.clone(),
            filter: run.filter.clone(),
            lang: run.lang,
            work: work.filter(|_| apart)?,
        })
    }

    /// The settings rows are evaluated with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// An empty block; formatted output is sized for `bytes` of input (the
    /// CSV out is about as long as the CSV in: growing it by doubling copied
    /// it).
    pub fn start(&self, bytes: usize) -> (TakenBlock, Run<'a>) {
        // No validator, and no subtotal checks (a run with them has no taker).
        let run = Run::new(self.input, self.settings.clone(), self.filter.clone(), self.lang);
        let rows = Rows::kept(&run);
        let out = match &self.work {
            BlockWork::Format(format) => {
                BlockOut::Formatted(format.clone(), Vec::with_capacity(bytes + bytes / 2))
            }
            BlockWork::Rollup(plan) => BlockOut::Rolled(Box::new(plan.start())),
        };
        let block = TakenBlock { rows, out };
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
        let TakenBlock { rows, out } = block;
        rows.take(
            row,
            reader,
            run,
            &mut |evaluation: &mut Evaluation| match &mut *out {
                BlockOut::Formatted(format, formatted) => format.push_row(formatted, evaluation, None),
                BlockOut::Rolled(rollup) => {
                    rollup.add(evaluation);
                    Ok(())
                }
            },
        )
    }
}

/// What the blocks of a large input bring back: rows to take here, or rows
/// already taken on the thread that read them.
pub enum Taken<'r> {
    Row(&'r mut Evaluated),
    Block(Box<TakenBlock>),
}

impl TakenBlock {
    /// Adds this block, taken on the thread that read it, to `rows` as if
    /// its rows had been taken there one by one: its problems printed, its
    /// counts and periods added, its rows written or rolled up.
    pub(super) fn add_to(self, rows: &mut Rows, run: &Run, visit: &mut impl Visitor) -> anyhow::Result<()> {
        let TakenBlock { rows: taken, out } = self;
        taken.add_to(rows, &run.filter)?;
        match out {
            BlockOut::Formatted(_, formatted) => visit.write_formatted(&formatted).context(CANNOT_WRITE),
            BlockOut::Rolled(rollup) => visit.add_rollup(*rollup).context(CANNOT_WRITE),
        }
    }
}
