//! A roll-up's groups in order of first appearance, found per row by the
//! hash of their key values without allocating.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use super::Stats;

/// Groups by key values, in order of first appearance.
#[derive(Debug, Default)]
pub(super) struct Groups {
    groups: Vec<(Vec<String>, Stats)>,
    /// A group's slot by the hash of its key values ([`key_hash`]); the key
    /// itself is compared on every hit, and a group whose hash another
    /// already has (2⁻⁶⁴) is found in `collided`.
    index: HashMap<u64, usize, foldhash::fast::FixedState>,
    collided: Vec<usize>,
    /// The last row's group: the rows of a section come together in a plan.
    last: Option<usize>,
}

impl Groups {
    /// The slot of the group whose `len` key values are `value(0)…`, made
    /// (its counts by `fresh`, from its key) when it is the first row of
    /// it. The values are hashed where they are, and compared with the
    /// group's.
    pub(super) fn slot<'v>(
        &mut self,
        len: usize,
        value: impl Fn(usize) -> &'v str,
        fresh: impl FnOnce(&[String]) -> Stats,
    ) -> usize {
        let is_group = |groups: &[(Vec<String>, Stats)], slot: usize| {
            let key = &groups[slot].0;
            (0..len).all(|i| value(i) == key[i])
        };
        if let Some(last) = self.last
            && is_group(&self.groups, last)
        {
            return last;
        }
        let hash = key_hash(len, &value);
        let found = self.index.get(&hash).copied();
        let slot = match found {
            Some(slot) if is_group(&self.groups, slot) => slot,
            _ => match self
                .collided
                .iter()
                .copied()
                .find(|&slot| is_group(&self.groups, slot))
            {
                Some(slot) => slot,
                None => {
                    let key: Vec<String> = (0..len).map(|i| value(i).to_string()).collect();
                    let stats = fresh(&key);
                    self.groups.push((key, stats));
                    let slot = self.groups.len() - 1;
                    match found {
                        Some(_) => self.collided.push(slot),
                        None => {
                            self.index.insert(hash, slot);
                        }
                    }
                    slot
                }
            },
        };
        self.last = Some(slot);
        slot
    }

    pub(super) fn stats_mut(&mut self, slot: usize) -> &mut Stats {
        &mut self.groups[slot].1
    }

    pub(super) fn len(&self) -> usize {
        self.groups.len()
    }

    pub(super) fn iter(&self) -> std::slice::Iter<'_, (Vec<String>, Stats)> {
        self.groups.iter()
    }
}

/// A hash of a group's key values, each after its length so that no two
/// keys can run together.
fn key_hash<'v>(len: usize, value: &impl Fn(usize) -> &'v str) -> u64 {
    let mut hasher = foldhash::fast::FixedState::with_seed(0x6772_6f75).build_hasher();
    for i in 0..len {
        let value = value(i);
        hasher.write_usize(value.len());
        hasher.write(value.as_bytes());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two groups whose key values hash alike (made to, here) stay two
    /// groups, each found again for its later rows.
    #[test]
    fn groups_with_one_hash_stay_apart() {
        let mut groups = Groups::default();
        let (a, b) = (["第1節"], ["第2節"]);
        assert_eq!(groups.slot(1, |i| a[i], |_| Stats::default()), 0);
        groups.index.insert(key_hash(1, &|i| b[i]), 0);
        let mut slots = Vec::new();
        for key in [&b, &a, &b, &b] {
            groups.last = None;
            slots.push(groups.slot(1, |i| key[i], |_| Stats::default()));
        }
        assert_eq!(slots, [1, 0, 1, 1]);
        let keys: Vec<&str> = groups.iter().map(|(key, _)| key[0].as_str()).collect();
        assert_eq!(keys, ["第1節", "第2節"]);
        assert_eq!(groups.collided, [1]);
    }
}
