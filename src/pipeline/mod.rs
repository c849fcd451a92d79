//! The reading pipeline, below the subcommands: one input in, its
//! evaluations out in input order, every problem reported with its place
//! and counted.
//!
//! ```text
//! read::IndicatorReader ─ rows ─► evaluate ─► rows::Rows ─► Visitor (a subcommand's writer)
//!          │ large CSV: parallel::read cuts blocks, reads and evaluates them on
//!          └─ every core (taker: formatted or rolled up there too), hands them back in order
//! ```
//!
//! A subcommand opens its input (`open_input`), makes a `Run` (settings,
//! `--period`, checks), and visits the evaluations (`evaluate_input`, or
//! `evaluate_with_history` when rows need their indicator's other periods).
//! Whether rows were read on one thread or on every core, what the visitor
//! sees, every message and every count are the same.

mod filter;
mod history;
mod open;
mod parallel;
mod rows;
mod run;
mod taker;

use std::io;

pub use filter::PeriodFilter;
pub use history::{History, evaluate_with_history, needs_history};
pub use open::open_input;
pub use parallel::{Plan, plan, test_setting};
pub use run::{Counts, Evaluated, Outcome, Run, Visitor, evaluate_row};
pub use taker::{BlockTaker, BlockWork, Taken, TakenBlock};

use crate::evaluate::Evaluation;
use crate::read::IndicatorReader;
use rows::Rows;

/// Reads `reader`, evaluates every row and hands each kept evaluation to
/// `visit`, in file order. `visit` borrows it: rows are freed where they
/// were made (`parallel`), and one that keeps an evaluation takes it
/// out with `std::mem::take`. Bad rows are reported and counted; reading goes
/// on so that one run shows every problem of a file. A large CSV input is
/// read and evaluated in blocks on every core (`parallel`); what
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
    match parallel::plan().and_then(|plan| Some((plan, reader.split(plan.block_size)?))) {
        Some((plan, splitter)) => {
            let work = match visit.row_format() {
                Some(format) => Some(BlockWork::Format(format)),
                None => visit.rollup_plan().map(BlockWork::Rollup),
            };
            let taker = BlockTaker::new(run, work);
            let mut take = |taken: Taken, reader: &IndicatorReader, run: &mut Run| match taken {
                Taken::Row(row) => rows.take(row, reader, run, &mut |e: &mut Evaluation| visit.visit(e)),
                Taken::Block(block) => block.add_to(&mut rows, run, &mut visit),
            };
            parallel::read(&mut reader, splitter, plan, run, taker, &mut take)?;
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
