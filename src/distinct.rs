//! Distinct indicators counted per group in a fixed amount of memory.
//!
//! A summary counts each group's distinct indicators (an indicator measured
//! in two periods is one), which needs every indicator seen so far. A set of
//! their hashes grows with the indicators: 232 MB for a file of ten million.
//! Instead, (indicator, group) pairs are gathered in a buffer of fixed size.
//! A full buffer is sorted and its repeats dropped; if it is still more than
//! half full, it goes to a temporary file as one sorted run. The count is
//! made at the end, one 256th of the hash space at a time: each run's share
//! of it is read back, merged with the others and counted. Memory stays at
//! the buffer, the runs' indexes, and a 256th of the pairs.
//!
//! Where no temporary file can be made or written (or in the browser page,
//! which has no file system), the buffer grows instead: the count is the
//! same, only the memory is a set's again.

use std::io;

/// Pairs buffered before they are sorted (16 bytes each: 1 MiB). With 2
/// MiB, `summary` of ten million indicators peaked at 15.5–16.6 MB, against
/// 14.5–15.6 MB, in the same time.
pub const BUFFER: usize = 1 << 16;

/// The shares of the hash space counted one at a time: by a pair's top byte.
const SHARES: usize = 256;

/// One (indicator, group) pair as one number: the indicator's hash in the
/// high half, so that sorting brings an indicator's pairs together and puts
/// them in their share of the hash space.
type Pair = u128;

fn pair(indicator: u64, group: usize) -> Pair {
    (Pair::from(indicator) << 64) | group as Pair
}

fn share(pair: Pair) -> usize {
    (pair >> 120) as usize
}

/// Distinct indicators: in all, and in each group (by its slot).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    pub total: u64,
    pub per_group: Vec<u64>,
}

/// Gathers (indicator, group) pairs; counts the distinct ones at the end.
#[derive(Debug)]
pub struct Distinct {
    buffered: Vec<Pair>,
    capacity: usize,
    /// The last pair added: a plan's rows for one indicator often come
    /// together, and repeating it costs nothing.
    last: Option<Pair>,
    runs: Runs,
    /// A block's pairs, kept as they come for `drain_block`.
    block: bool,
}

impl Default for Distinct {
    fn default() -> Distinct {
        Distinct::with_buffer(BUFFER)
    }
}

impl Distinct {
    /// Sorts pairs `buffer` at a time (at least two).
    pub fn with_buffer(buffer: usize) -> Distinct {
        Distinct {
            buffered: Vec::new(),
            capacity: buffer.max(2),
            last: None,
            runs: Runs::default(),
            block: false,
        }
    }

    /// The pairs of one block of a large input, kept as they come (never
    /// sorted or written out), to be added to the file's in input order
    /// (`drain_block`).
    pub fn for_block() -> Distinct {
        Distinct {
            block: true,
            ..Distinct::with_buffer(BUFFER)
        }
    }

    /// A block's pairs (`for_block`), in the order they came.
    pub fn drain_block(&mut self) -> impl Iterator<Item = (u64, usize)> + '_ {
        self.last = None;
        self.buffered
            .drain(..)
            .map(|pair| ((pair >> 64) as u64, pair as u64 as usize))
    }

    /// Notes that `indicator` (a 64-bit hash) has a row in group `group`.
    pub fn insert(&mut self, indicator: u64, group: usize) {
        let pair = pair(indicator, group);
        if self.last == Some(pair) {
            return;
        }
        self.last = Some(pair);
        if self.block {
            self.buffered.push(pair);
            return;
        }
        if self.buffered.capacity() == 0 {
            // All at once, not by doubling (which holds both the old and the
            // new while it copies); pages are only taken once written.
            self.buffered.reserve_exact(self.capacity);
        }
        self.buffered.push(pair);
        if self.buffered.len() >= self.capacity {
            self.compact();
        }
    }

    /// Sorts the buffer and drops its repeats; if it is still more than half
    /// full, writes it out as a run (or, failing that, lets it grow).
    fn compact(&mut self) {
        self.buffered.sort_unstable();
        self.buffered.dedup();
        if self.buffered.len() <= self.capacity / 2 {
            return;
        }
        if self.runs.write(&self.buffered) {
            self.buffered.clear();
        } else {
            self.capacity = self.capacity.saturating_mul(2);
            self.buffered.reserve_exact(self.capacity - self.buffered.len());
        }
    }

    /// The distinct indicators, in all and in each of `groups` groups.
    /// Fails only where a run cannot be read back from its temporary file.
    pub fn count(&mut self, groups: usize) -> io::Result<Counted> {
        let mut counted = Counted {
            total: 0,
            per_group: vec![0; groups],
        };
        self.buffered.sort_unstable();
        self.buffered.dedup();
        let buffered = &self.buffered;
        if self.runs.is_empty() {
            tally(buffered, &mut counted);
            return Ok(counted);
        }
        let mut pairs = Vec::new();
        let mut from = 0;
        for share in 0..SHARES {
            let to = from + buffered[from..].partition_point(|&p| self::share(p) == share);
            pairs.clear();
            self.runs.read_share(share, &mut pairs).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot read the distinct indicators back from their temporary file: {e}"),
                )
            })?;
            pairs.extend_from_slice(&buffered[from..to]);
            // Each run's part is sorted already: the stable sort finds them
            // and merges them.
            pairs.sort();
            pairs.dedup();
            tally(&pairs, &mut counted);
            from = to;
        }
        Ok(counted)
    }
}

/// Counts sorted, distinct pairs: an indicator once in all, once per group.
fn tally(pairs: &[Pair], counted: &mut Counted) {
    let mut previous = None;
    for &pair in pairs {
        let indicator = (pair >> 64) as u64;
        if previous != Some(indicator) {
            counted.total += 1;
            previous = Some(indicator);
        }
        if let Some(count) = counted.per_group.get_mut(pair as u64 as usize) {
            *count += 1;
        }
    }
}

pub use runs::Runs;

#[cfg(not(target_arch = "wasm32"))]
mod runs {
    use std::fs::File;
    use std::io::{self, Read, Seek, SeekFrom, Write};

    use super::{Pair, SHARES, share};

    const PAIR_BYTES: usize = 16;

    /// Sorted runs of pairs in one temporary file (removed when closed,
    /// whatever ends the program).
    #[derive(Debug, Default)]
    pub struct Runs {
        file: Option<File>,
        /// Where the next run goes.
        end: u64,
        runs: Vec<Run>,
        /// A temporary file could not be made or written: keep pairs in
        /// memory from then on.
        failed: bool,
    }

    /// One run: where it starts in the file, and where each share of the
    /// hash space starts within it (in pairs; the last is its length).
    #[derive(Debug)]
    struct Run {
        start: u64,
        shares: Box<[u32]>,
    }

    impl Runs {
        pub fn is_empty(&self) -> bool {
            self.runs.is_empty()
        }

        /// Writes sorted `pairs` as a run; false where it cannot (and never
        /// tries again).
        pub fn write(&mut self, pairs: &[Pair]) -> bool {
            if self.failed || u32::try_from(pairs.len()).is_err() {
                return false;
            }
            match self.try_write(pairs) {
                Ok(run) => {
                    self.runs.push(run);
                    true
                }
                Err(_) => {
                    self.failed = true;
                    false
                }
            }
        }

        fn try_write(&mut self, pairs: &[Pair]) -> io::Result<Run> {
            let file = match &mut self.file {
                Some(file) => file,
                None => self.file.insert(tempfile::tempfile()?),
            };
            file.seek(SeekFrom::Start(self.end))?;
            let mut bytes = Vec::with_capacity(64 * 1024);
            for chunk in pairs.chunks(4096) {
                bytes.clear();
                for pair in chunk {
                    bytes.extend_from_slice(&pair.to_le_bytes());
                }
                file.write_all(&bytes)?;
            }
            file.flush()?;
            let mut shares = Vec::with_capacity(SHARES + 1);
            let mut from = 0;
            for s in 0..SHARES {
                shares.push(from as u32);
                from += pairs[from..].partition_point(|&p| share(p) == s);
            }
            shares.push(from as u32);
            let run = Run {
                start: self.end,
                shares: shares.into(),
            };
            self.end += (pairs.len() * PAIR_BYTES) as u64;
            Ok(run)
        }

        /// Appends every run's pairs in share `share` to `pairs`.
        pub fn read_share(&self, share: usize, pairs: &mut Vec<Pair>) -> io::Result<()> {
            let Some(mut file) = self.file.as_ref() else {
                return Ok(());
            };
            let mut bytes = Vec::new();
            for run in &self.runs {
                let (from, to) = (run.shares[share] as usize, run.shares[share + 1] as usize);
                if from == to {
                    continue;
                }
                bytes.resize((to - from) * PAIR_BYTES, 0);
                file.seek(SeekFrom::Start(run.start + (from * PAIR_BYTES) as u64))?;
                file.read_exact(&mut bytes)?;
                pairs.extend(
                    bytes
                        .chunks_exact(PAIR_BYTES)
                        .map(|b| Pair::from_le_bytes(b.try_into().expect("16 bytes"))),
                );
            }
            Ok(())
        }
    }
}

/// The browser page has no file system: pairs stay in memory.
#[cfg(target_arch = "wasm32")]
mod runs {
    use std::io;

    use super::Pair;

    #[derive(Debug, Default)]
    pub struct Runs;

    impl Runs {
        pub fn is_empty(&self) -> bool {
            true
        }

        pub fn write(&mut self, _pairs: &[Pair]) -> bool {
            false
        }

        pub fn read_share(&self, _share: usize, _pairs: &mut Vec<Pair>) -> io::Result<()> {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// What a set of every pair counts.
    fn by_sets(pairs: &[(u64, usize)], groups: usize) -> Counted {
        let indicators: HashSet<u64> = pairs.iter().map(|p| p.0).collect();
        let pairs: HashSet<(u64, usize)> = pairs.iter().copied().collect();
        let mut per_group = vec![0; groups];
        for (_, group) in pairs {
            per_group[group] += 1;
        }
        Counted {
            total: indicators.len() as u64,
            per_group,
        }
    }

    #[test]
    fn spilled_runs_count_as_one_set() {
        let mut distinct = Distinct::with_buffer(4);
        let pairs: Vec<(u64, usize)> = (0..100u64)
            .map(|i| {
                (
                    i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 37 * 0x0400_0000_0000_0001,
                    (i % 3) as usize,
                )
            })
            .collect();
        for &(indicator, group) in &pairs {
            distinct.insert(indicator, group);
        }
        assert!(!distinct.runs.is_empty(), "a buffer of 4 spills");
        assert_eq!(distinct.count(3).unwrap(), by_sets(&pairs, 3));
    }

    proptest! {
        /// Whatever the buffer's size, spilled or not, the counts are a
        /// set's: repeats within and across runs, in every share of the
        /// hash space, each pair once per group.
        #[test]
        fn counts_are_a_sets(
            pool in prop::collection::vec(any::<u64>(), 1..40),
            picks in prop::collection::vec((any::<prop::sample::Index>(), 0..4usize), 0..300),
            buffer in 0..24usize,
        ) {
            let pairs: Vec<(u64, usize)> =
                picks.iter().map(|(i, g)| (pool[i.index(pool.len())], *g)).collect();
            let mut distinct = Distinct::with_buffer(buffer);
            for &(indicator, group) in &pairs {
                distinct.insert(indicator, group);
            }
            prop_assert_eq!(distinct.count(4).unwrap(), by_sets(&pairs, 4));
        }
    }
}
