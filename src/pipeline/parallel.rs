//! Reading a large CSV input on every core.
//!
//! This thread cuts the input into blocks of whole records
//! (`read::blocks`); worker threads, and this one while it would otherwise
//! wait, read and evaluate blocks, each with the file's header and rules
//! (`read::BlockTemplate`); this thread takes their rows back in input order
//! and hands them to the same reading loop as on one thread. A block's
//! leading rows whose chapter or section is blank ("same as above") depend
//! on the block before: the block's reader defers them, and they are read
//! here, in order, before the block's other rows. So the output,
//! every message, the counts and the roll-ups are those of reading on one
//! thread; `tests/parallel.rs` checks that byte for byte.
//!
//! Where the rows need nothing from one another (`eval` as CSV), a block's
//! reader also takes its rows as the reading loop would (`BlockTaker`):
//! formatted, counted, problems kept in order. This thread then adds the
//! block's counts and problems and writes its bytes, and no finished row
//! crosses from core to core.
//!
//! At most four blocks per thread are in flight, so memory stays flat
//! (four rather than two: 2–5% faster, for about 3 MB more at 10M rows).
//!
//! Rows are freed by the thread that made them: this thread only borrows a
//! worker's rows, and hands each block's rows back to its worker once read. Freed
//! here, a row's strings would cost more than anything else done with it:
//! glibc takes the worker's arena lock for each, against the worker's own
//! allocations (with one worker, a 1M-row file took twice as long).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use csv::ByteRecord;

use super::run::{Evaluated, Run, evaluate_row};
use super::taker::{BlockTaker, Taken, TakenBlock};
use crate::evaluate::Settings;
use crate::read::blocks::{BLOCK, BLOCK_SIZE_VAR, Block, Splitter, THREADS_VAR};
use crate::read::{BlockEnd, BlockParser, BlockTemplate, IndicatorReader};

/// A number set in the environment variable `name`, which tests use to
/// reach paths that only large inputs take (threads, block and buffer sizes).
pub fn test_setting(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Tests: refuse to start more than this many workers, as a process limit
/// would (the threads already started read every block).
pub const SPAWN_LIMIT_VAR: &str = "PLANCHECK_SPAWN_LIMIT";

/// The most worker threads started, whatever `PLANCHECK_THREADS` asks.
const MAX_WORKERS: usize = 256;

/// How to read in blocks.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub block_size: usize,
    pub threads: usize,
}

/// Whether to read in blocks, and how: on as many threads as cores (this
/// one and a worker per other core), when there are several
/// (`PLANCHECK_THREADS` and `PLANCHECK_BLOCK_SIZE` set them, for tests).
pub fn plan() -> Option<Plan> {
    // The browser page (wasm32) has one thread.
    if cfg!(target_arch = "wasm32") {
        return None;
    }
    let threads = test_setting(THREADS_VAR)
        .or_else(|| thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1);
    (threads >= 2).then(|| Plan {
        block_size: test_setting(BLOCK_SIZE_VAR).unwrap_or(BLOCK).max(1),
        threads,
    })
}

/// A block read and evaluated by a worker.
struct Done {
    index: usize,
    /// Which worker read it: its rows go back there to be freed (`None`:
    /// this thread read it).
    worker: Option<usize>,
    /// Leading rows that depend on the block before, to read here.
    deferred: Vec<(ByteRecord, u64)>,
    /// The rest: evaluated, or also taken where they were read (`BlockTaker`).
    rows: Rows,
    end: BlockEnd,
    /// The input failed inside the block (a line over 16 MiB): after the
    /// block's rows before it, reading stops with this error.
    fatal: Option<anyhow::Error>,
}

/// A block's rows as its reader leaves them.
enum Rows {
    Evaluated(Vec<Evaluated>),
    Taken(Box<TakenBlock>),
}

/// How a thread reads blocks: the rows' settings, or a taker that takes
/// them there too.
#[derive(Clone)]
enum Reading<'a> {
    Evaluate(Settings),
    Take(BlockTaker<'a>),
}

impl Reading<'_> {
    fn settings(&self) -> &Settings {
        match self {
            Reading::Evaluate(settings) => settings,
            Reading::Take(taker) => taker.settings(),
        }
    }
}

/// What a thread keeps from one block for its next.
#[derive(Default)]
struct Kept {
    /// Rows of the block before, and a bit more: a block's rows are large,
    /// and growing their vector by doubling copied each of them twice over.
    expected_rows: usize,
    parser: Option<BlockParser>,
}

fn read_block(
    template: &BlockTemplate,
    reading: &Reading,
    (index, worker): (usize, Option<usize>),
    block: Block,
    kept: &mut Kept,
) -> Done {
    let bytes = block.bytes.len();
    let mut reader = template.reader(block, kept.parser.take());
    let mut evaluated = Vec::new();
    let mut taking = match reading {
        Reading::Evaluate(_) => {
            evaluated.reserve(kept.expected_rows);
            None
        }
        Reading::Take(taker) => Some((taker, taker.start(bytes))),
    };
    let fatal = loop {
        let row = match reader.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break None,
            Err(error) => break Some(error),
        };
        let mut row = evaluate_row(row, reading.settings());
        match &mut taking {
            None => evaluated.push(row),
            Some((taker, (taken, run))) => {
                if let Err(error) = taker.take(taken, run, &mut row, &reader) {
                    break Some(error);
                }
            }
        }
    };
    let rows = match taking {
        None => {
            kept.expected_rows = evaluated.len() + evaluated.len() / 8;
            Rows::Evaluated(evaluated)
        }
        Some((_, (taken, _))) => Rows::Taken(Box::new(taken)),
    };
    let deferred = reader.take_deferred();
    kept.parser = reader.take_parser();
    Done {
        index,
        worker,
        deferred,
        rows,
        end: reader.end_block(),
        fatal,
    }
}

/// Reads the blocks of `splitter` on `plan.threads` threads, this one
/// included, and hands every row to `take`, in input order, with `reader`
/// (the reader of the rows before the blocks) for the places of messages.
///
/// This thread cuts blocks, reads the finished ones in order, and, when the
/// next one is not finished yet, reads a waiting block itself rather than
/// sleeping. So there are as many threads as cores, none waiting while
/// there is work: with one more worker than cores, the workers waited for
/// the one the cutting thread had pre-empted, a quarter of their time.
pub fn read(
    reader: &mut IndicatorReader,
    mut splitter: Splitter<Box<dyn Read>>,
    plan: Plan,
    run: &mut Run,
    taker: Option<BlockTaker>,
    take: &mut impl FnMut(Taken, &IndicatorReader, &mut Run) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let template = reader.block_template();
    let reading = match taker {
        Some(taker) => Reading::Take(taker),
        None => Reading::Evaluate(run.settings.clone()),
    };
    let workers = plan.threads.saturating_sub(1).clamp(1, MAX_WORKERS);
    thread::scope(|scope| {
        let (work, jobs) = mpsc::sync_channel::<(usize, Block)>((workers + 1) * 4);
        let jobs = Arc::new(Mutex::new(jobs));
        let (finished, done) = mpsc::channel::<Done>();
        // Each worker's rows, read here and handed back to be freed.
        let mut spent = Vec::with_capacity(workers);
        let limit = test_setting(SPAWN_LIMIT_VAR).unwrap_or(usize::MAX);
        for worker in 0..workers.min(limit) {
            let (jobs, finished) = (Arc::clone(&jobs), finished.clone());
            let (template, reading) = (template.clone(), reading.clone());
            let (give_back, returned) = mpsc::channel::<Vec<Evaluated>>();
            let spawned = thread::Builder::new().spawn_scoped(scope, move || {
                let mut kept = Kept::default();
                loop {
                    returned.try_iter().for_each(drop);
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => break,
                    };
                    let Ok((index, block)) = job else { break };
                    let read = read_block(&template, &reading, (index, Some(worker)), block, &mut kept);
                    if finished.send(read).is_err() {
                        break;
                    }
                }
                // Rows handed back after the last block go with `returned`.
            });
            if spawned.is_err() {
                // A process limit (a CI runner's): read with the threads
                // there are; with none, this thread reads every block.
                break;
            }
            spent.push(give_back);
        }
        let in_flight = (spent.len() + 1) * 4;
        drop(finished);
        let (mut sent, mut next, mut ended) = (0, 0, false);
        let mut kept = Kept::default();
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        loop {
            // Cutting blocks here: the input's reader may be standard input,
            // which stays on this thread.
            while !ended && sent - next < in_flight {
                match splitter.next_block()? {
                    Some(block) => {
                        work.send((sent, block))?;
                        sent += 1;
                    }
                    None => ended = true,
                }
            }
            if ended && next == sent {
                return Ok(());
            }
            if let Some(block) = waiting.remove(&next) {
                next += 1;
                reader.read_next(block.deferred);
                while let Some(row) = reader.next_row()? {
                    let mut row = evaluate_row(row, &run.settings);
                    take(Taken::Row(&mut row), reader, run)?;
                }
                reader.continue_after(block.end);
                match block.rows {
                    Rows::Evaluated(mut rows) => {
                        for row in &mut rows {
                            take(Taken::Row(row), reader, run)?;
                        }
                        // A worker that has ended frees nothing more: then
                        // they are freed here, as are the rows read here.
                        if let Some(worker) = block.worker {
                            let _ = spent[worker].send(rows);
                        }
                    }
                    Rows::Taken(taken) => take(Taken::Block(taken), reader, run)?,
                }
                if let Some(fatal) = block.fatal {
                    return Err(fatal);
                }
                continue;
            }
            let block = match done.try_recv() {
                Ok(block) => block,
                Err(_) => {
                    // The next block is not finished: read one here, or
                    // wait when every block is taken. Never wait for the
                    // lock: a worker holds it while it waits for a block.
                    let job = jobs.try_lock().ok().and_then(|jobs| jobs.try_recv().ok());
                    match job {
                        Some((index, block)) => {
                            read_block(&template, &reading, (index, None), block, &mut kept)
                        }
                        None => done.recv()?,
                    }
                }
            };
            waiting.insert(block.index, block);
        }
    })
}
