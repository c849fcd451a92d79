//! Roll-ups of evaluations by chapter, section and period.
//!
//! A group keeps counts, the exact sum of its achievements and its worst
//! indicator, so memory grows with the number of groups, never with rows.
//! Means are taken of exact rates and rounded once, at the end: averaging
//! printed (rounded) rates is the spreadsheet slip this tool exists to avoid.

mod groups;
mod stats;

pub use stats::{Shape, Stats, StatsReport};

use groups::Groups;

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::BuildHasher;
use std::io;
use std::sync::Arc;
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::aggregate::Aggregate;
use crate::distinct::{Counted, Distinct};
use crate::evaluate::Evaluation;
use crate::indicator::Indicator;
use crate::period;
use crate::timeline::Trend;

/// A column evaluations can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Chapter,
    Section,
    Period,
}

impl GroupBy {
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Chapter => "chapter",
            GroupBy::Section => "section",
            GroupBy::Period => "period",
        }
    }

    fn value(self, indicator: &Indicator) -> &str {
        match self {
            GroupBy::Chapter => &indicator.chapter,
            GroupBy::Section => &indicator.section,
            GroupBy::Period => &indicator.period,
        }
    }

    /// Parses `section`, `chapter,section`, `period,section`, …: any of the
    /// three names, each at most once, in the order the columns should come.
    pub fn parse_list(text: &str) -> Result<Vec<GroupBy>, String> {
        let mut keys = Vec::new();
        for word in text.split(',') {
            let key = match word.trim().to_lowercase().as_str() {
                "chapter" | "章" => GroupBy::Chapter,
                "section" | "節" => GroupBy::Section,
                "period" | "期間" => GroupBy::Period,
                other => {
                    return Err(format!(
                        "\"{other}\" is not a grouping; expected chapter, section or period, \
                         or a list such as chapter,section"
                    ));
                }
            };
            if keys.contains(&key) {
                return Err(format!("\"{}\" is listed twice", key.name()));
            }
            keys.push(key);
        }
        Ok(keys)
    }
}

/// The columns of one `--by`, in order: a single value on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping(pub Vec<GroupBy>);

impl std::str::FromStr for Grouping {
    type Err = String;
    fn from_str(text: &str) -> Result<Grouping, String> {
        GroupBy::parse_list(text).map(Grouping)
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
/// Evaluations grouped by some columns, groups in order of first appearance,
/// plus one overall total.
#[derive(Debug)]
pub struct Rollup {
    keys: Vec<GroupBy>,
    groups: Groups,
    total: Stats,
    /// The indicators seen in each group, as hashes of chapter, section and
    /// name: what counts distinct indicators, in memory that does not grow
    /// with them (`distinct`). Two indicators would have to collide in 64
    /// bits to be miscounted.
    /// (In a cell: counting sorts what it holds, once all rows are in.)
    distinct: RefCell<Distinct>,
    /// The distinct counts, made once when first reported.
    counted: OnceCell<Counted>,
    shape: Shape,
    /// The groups (and the total) whose sum of rates is no longer exact,
    /// shared with the blocks of a large input, which then keep bounds
    /// only for them: an exact sum costs a gcd a row until it fails, and a
    /// sum inexact in part is inexact in whole, so the result is the same.
    inexact: Arc<Inexact>,
}

/// Groups' keys, and whether the total, whose sums are no longer exact.
#[derive(Debug, Default)]
struct Inexact {
    groups: RwLock<HashSet<Vec<String>>>,
    total: AtomicBool,
}

impl Inexact {
    fn fresh(&self, key: &[String]) -> Stats {
        let known = self.groups.read().is_ok_and(|groups| groups.contains(key));
        if known { Stats::inexact() } else { Stats::default() }
    }
}

impl Rollup {
    pub fn new(keys: Vec<GroupBy>) -> Rollup {
        Rollup {
            keys,
            groups: Groups::default(),
            total: Stats::default(),
            distinct: RefCell::default(),
            counted: OnceCell::new(),
            shape: Shape {
                cap: true,
                ..Shape::default()
            },
            inexact: Arc::default(),
        }
    }

    /// Also count rows per grade, in this order (highest first), and with
    /// `points`, average the grades' points.
    pub fn with_grades(mut self, names: Vec<Arc<str>>, points: bool) -> Rollup {
        self.shape.grade_names = names;
        self.shape.points = points;
        self
    }

    /// Also grade each group by `scheme`'s roll-up (the mean of its rows'
    /// points, rounded as the scheme says, as a letter).
    pub fn with_group_grades(mut self, scheme: crate::grading::Scheme) -> Rollup {
        self.shape.group_grade = scheme.rollup.is_some().then_some(scheme);
        self
    }

    pub fn tracks_group_grades(&self) -> bool {
        self.shape.group_grade.is_some()
    }

    /// Roll achievement up by `aggregate`, capping at 100 when `cap`.
    pub fn with_aggregate(mut self, aggregate: Aggregate, cap: bool) -> Rollup {
        self.shape.aggregate = aggregate;
        self.shape.cap = cap;
        self
    }

    /// Also count rows improved, flat and worsened.
    pub fn with_trends(mut self) -> Rollup {
        self.shape.trends = true;
        self
    }

    pub fn tracks_trends(&self) -> bool {
        self.shape.trends
    }

    pub fn aggregate(&self) -> Aggregate {
        self.shape.aggregate
    }

    pub fn tracks_points(&self) -> bool {
        self.shape.points
    }

    /// Also count rows ahead, on track and behind.
    pub fn with_positions(mut self) -> Rollup {
        self.shape.positions = true;
        self
    }

    pub fn grade_names(&self) -> &[Arc<str>] {
        &self.shape.grade_names
    }

    pub fn tracks_positions(&self) -> bool {
        self.shape.positions
    }
    pub fn keys(&self) -> &[GroupBy] {
        &self.keys
    }

    /// Counts an evaluation in its group. Subtotal rows (計, 合計) are
    /// left out: they repeat rows already counted.
    pub fn add(&mut self, evaluation: &Evaluation) {
        self.add_traced(evaluation, None);
    }

    /// Counts an evaluation and its trend since the previous period.
    pub fn add_traced(&mut self, evaluation: &Evaluation, trend: Option<Trend>) {
        if evaluation.indicator.subtotal {
            return;
        }
        if let Some(index) = Trend::ALL.iter().position(|t| Some(*t) == trend) {
            self.total.trends[index] += 1;
        }
        self.total.add(evaluation, self.shape.aggregate);
        // Counts made before this row no longer hold.
        self.counted.take();
        let indicator = indicator_hash(&evaluation.indicator);
        if self.keys.is_empty() {
            self.distinct.get_mut().insert(indicator, 0);
            return;
        }
        let (keys, inexact) = (&self.keys, &self.inexact);
        let slot = self.groups.slot(
            keys.len(),
            |i| keys[i].value(&evaluation.indicator),
            |key| inexact.fresh(key),
        );
        self.distinct.get_mut().insert(indicator, slot);
        let stats = self.groups.stats_mut(slot);
        stats.add(evaluation, self.shape.aggregate);
        if let Some(trend) = Trend::ALL.iter().position(|t| Some(*t) == trend) {
            stats.trends[trend] += 1;
        }
    }

    /// Sort distinct indicators `buffer` at a time before they go to a
    /// temporary file (for tests: `distinct::BUFFER` otherwise).
    pub fn with_distinct_buffer(mut self, buffer: usize) -> Rollup {
        self.distinct = RefCell::new(Distinct::with_buffer(buffer));
        self
    }

    /// The distinct indicators, counted once all rows are in.
    fn counted(&self) -> io::Result<&Counted> {
        if let Some(counted) = self.counted.get() {
            return Ok(counted);
        }
        let counted = self.distinct.borrow_mut().count(self.groups.len())?;
        Ok(self.counted.get_or_init(|| counted))
    }

    /// A plan of this roll-up for the blocks of a large input: each block
    /// is rolled up where it was read (`RollupPlan::start`), and the blocks
    /// are merged here in input order (`merge`).
    pub fn block_plan(&self) -> RollupPlan {
        RollupPlan {
            keys: self.keys.clone(),
            shape: self.shape.clone(),
            inexact: Arc::clone(&self.inexact),
        }
    }

    /// Adds a block's roll-up, as if its rows had been added here one by
    /// one: groups it starts come after those seen so far, in its order;
    /// sums stay exact (`RateSum::merge`); its indicators count as distinct
    /// across blocks.
    pub fn merge(&mut self, mut block: Rollup) {
        self.total.merge(&block.total);
        if !self.total.is_exact() {
            self.inexact.total.store(true, Ordering::Relaxed);
        }
        self.counted.take();
        let inexact = &self.inexact;
        let slots: Vec<usize> = block
            .groups
            .iter()
            .map(|(key, stats)| {
                let slot = self.groups.slot(key.len(), |i| &key[i], |key| inexact.fresh(key));
                let merged = self.groups.stats_mut(slot);
                let was_exact = merged.is_exact();
                merged.merge(stats);
                if was_exact
                    && !merged.is_exact()
                    && let Ok(mut groups) = inexact.groups.write()
                {
                    groups.insert(key.clone());
                }
                slot
            })
            .collect();
        let distinct = self.distinct.get_mut();
        for (indicator, group) in block.distinct.get_mut().drain_block() {
            distinct.insert(indicator, slots.get(group).copied().unwrap_or(0));
        }
    }

    /// Every group's figures: in order of first appearance, except that
    /// periods that are years or dates come in time order.
    /// Fails only where the distinct indicators cannot be read back from
    /// their temporary file.
    pub fn groups(&self, decimals: u32) -> io::Result<Vec<GroupReport>> {
        let counted = self.counted()?;
        Ok(self
            .ordered()
            .into_iter()
            .map(|(slot, (key, stats))| GroupReport {
                key: key.clone(),
                stats: stats.report(counted.per_group[slot], decimals, &self.shape),
            })
            .collect())
    }

    /// The groups in first-appearance order or, when grouped by period, by
    /// a rank per key column: a period's place in time
    /// (`period::chronological`), any other value's first appearance.
    fn ordered(&self) -> Vec<(usize, &(Vec<String>, Stats))> {
        let mut groups: Vec<(usize, &(Vec<String>, Stats))> = self.groups.iter().enumerate().collect();
        if !self.keys.contains(&GroupBy::Period) {
            return groups;
        }
        let ranks: Vec<HashMap<&str, usize>> = (0..self.keys.len())
            .map(|column| {
                let mut values: Vec<&str> = Vec::new();
                for (key, _) in self.groups.iter() {
                    if !values.contains(&key[column].as_str()) {
                        values.push(&key[column]);
                    }
                }
                let order = match self.keys[column] {
                    GroupBy::Period => period::chronological(&values),
                    _ => (0..values.len()).collect(),
                };
                order
                    .into_iter()
                    .enumerate()
                    .map(|(rank, i)| (values[i], rank))
                    .collect()
            })
            .collect();
        groups.sort_by_cached_key(|(_, (key, _))| {
            key.iter()
                .zip(&ranks)
                .map(|(value, rank)| rank[value.as_str()])
                .collect::<Vec<usize>>()
        });
        groups
    }

    /// Fails as [`Rollup::groups`] does.
    pub fn total(&self, decimals: u32) -> io::Result<StatsReport> {
        Ok(self.total.report(self.counted()?.total, decimals, &self.shape))
    }

    pub fn is_empty(&self) -> bool {
        self.total.rows == 0
    }
}

/// Identifies an indicator across periods: chapter, section and name.
fn indicator_hash(indicator: &Indicator) -> u64 {
    // foldhash: a quality 64-bit hash several times faster than SipHash on
    // short strings, with a fixed seed so that counts never vary by run.
    foldhash::quality::FixedState::with_seed(0x706c_616e).hash_one((
        &indicator.chapter,
        &indicator.section,
        &indicator.name,
    ))
}

/// A roll-up's keys and shape, to roll up one block of a large input on
/// the thread that read it; `Rollup::merge` adds the blocks in order.
#[derive(Clone, Debug)]
pub struct RollupPlan {
    keys: Vec<GroupBy>,
    shape: Shape,
    inexact: Arc<Inexact>,
}

impl RollupPlan {
    /// An empty roll-up for one block: its distinct indicators are kept as
    /// they come (a block's few thousand), to be counted with the file's.
    pub fn start(&self) -> Rollup {
        let total = match self.inexact.total.load(Ordering::Relaxed) {
            true => Stats::inexact(),
            false => Stats::default(),
        };
        Rollup {
            distinct: RefCell::new(Distinct::for_block()),
            shape: self.shape.clone(),
            total,
            inexact: Arc::clone(&self.inexact),
            ..Rollup::new(self.keys.clone())
        }
    }
}

/// One group's key values (in `Rollup::keys` order) and figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupReport {
    pub key: Vec<String>,
    pub stats: StatsReport,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::Direction;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn evaluation(section: &str, name: &str, target: &str, actual: Option<&str>) -> Evaluation {
        let indicator = Indicator {
            chapter: "第5章".into(),
            section: section.into(),
            actual: actual.map(|a| Decimal::from_str(a).unwrap()),
            period: "H30".into(),
            ..Indicator::new(name, Direction::Increase, Decimal::from_str(target).unwrap())
        };
        evaluate(indicator, &Settings::default()).unwrap()
    }

    proptest::proptest! {
        /// A large input's blocks, rolled up apart and merged in order,
        /// report what the rows added one by one report: groups in the same
        /// order, the same counts, means, worst indicators and distinct
        /// indicators, whatever the cuts.
        #[test]
        fn blocks_merged_in_order_roll_up_as_one(
            rows in proptest::collection::vec(
                (0usize..3, 0usize..5, 1i64..50_000, proptest::option::of(0i64..80_000), 0usize..3),
                0..50,
            ),
            cuts in proptest::collection::vec(0usize..50, 0..5),
        ) {
            let evaluations: Vec<Evaluation> = rows
                .iter()
                .map(|&(section, name, target, actual, period)| {
                    let mut e = evaluation(
                        &format!("第{section}節"),
                        &format!("指標{name}"),
                        &Decimal::new(target, 1).to_string(),
                        actual.map(|a| Decimal::new(a, 1).to_string()).as_deref(),
                    );
                    e.indicator.period = ["H26", "H30", "R2"][period].into();
                    e
                })
                .collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(evaluations.len())).collect();
            cuts.extend([0, evaluations.len()]);
            cuts.sort_unstable();
            let groupings = [vec![], vec![GroupBy::Section], vec![GroupBy::Period, GroupBy::Section]];
            for keys in groupings {
                let mut whole = Rollup::new(keys.clone());
                evaluations.iter().for_each(|e| whole.add(e));
                let mut merged = Rollup::new(keys);
                let plan = merged.block_plan();
                for pair in cuts.windows(2) {
                    let mut block = plan.start();
                    evaluations[pair[0]..pair[1]].iter().for_each(|e| block.add(e));
                    merged.merge(block);
                }
                for decimals in [0, 1, 3] {
                    proptest::prop_assert_eq!(merged.groups(decimals).unwrap(), whole.groups(decimals).unwrap());
                    proptest::prop_assert_eq!(merged.total(decimals).unwrap(), whole.total(decimals).unwrap());
                }
            }
        }
    }

    #[test]
    fn mean_is_of_exact_rates_rounded_once() {
        let mut rollup = Rollup::new(vec![GroupBy::Section]);
        rollup.add(&evaluation("第3節 工業", "製造品出荷額", "2000", Some("1830")));
        rollup.add(&evaluation("第3節 工業", "償却資産", "15000", Some("12974")));
        let groups = rollup.groups(1).unwrap();
        let stats = &groups[0].stats;
        assert_eq!((stats.evaluated, stats.met), (2, 0));
        // (91.5 + 86.4933…) / 2 = 88.9966… → 89.0
        assert_eq!(stats.mean_achievement.unwrap().to_string(), "89.0");
        assert_eq!(stats.min_achievement.unwrap().to_string(), "86.5");
        assert_eq!(stats.worst_indicator.as_deref(), Some("償却資産"));
        assert_eq!(stats.met_share.unwrap().to_string(), "0.0");
    }

    #[test]
    fn mean_of_thirds_is_exact() {
        let mut rollup = Rollup::new(vec![]);
        rollup.add(&evaluation("a", "x", "3", Some("1")));
        rollup.add(&evaluation("a", "y", "120", Some("29")));
        // 33.333…% + 24.1666…% = 57.5% exactly, mean 28.75 → 28.8; averaging the
        // rounded rates (33.3 + 24.2) / 2 = 28.75 would agree only by luck, and any
        // fixed-precision sum lands just below or above 57.5.
        assert_eq!(
            rollup.total(1).unwrap().mean_achievement.unwrap().to_string(),
            "28.8"
        );
    }

    #[test]
    fn pending_groups_have_no_rates() {
        let mut rollup = Rollup::new(vec![GroupBy::Section]);
        rollup.add(&evaluation("a", "x", "3", None));
        let stats = &rollup.groups(1).unwrap()[0].stats;
        assert_eq!((stats.indicators, stats.pending, stats.evaluated), (1, 1, 0));
        assert_eq!(
            (stats.met_share, stats.mean_achievement, stats.min_achievement),
            (None, None, None)
        );
    }

    /// Rows added after a report count in the next one: the distinct
    /// counts are made again, not kept from before.
    #[test]
    fn distinct_counts_follow_rows_added_after_a_report() {
        let mut rollup = Rollup::new(vec![GroupBy::Section]).with_distinct_buffer(2);
        rollup.add(&evaluation("第1節", "x", "1", Some("1")));
        assert_eq!(rollup.total(1).unwrap().indicators, 1);
        for name in ["y", "z", "x", "w"] {
            rollup.add(&evaluation("第1節", name, "1", Some("1")));
        }
        assert_eq!(rollup.total(1).unwrap().indicators, 4);
        assert_eq!(rollup.groups(1).unwrap()[0].stats.indicators, 4);
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let mut rollup = Rollup::new(vec![GroupBy::Section]);
        for section in ["第2節", "第1節", "第2節"] {
            rollup.add(&evaluation(section, "x", "1", Some("1")));
        }
        let keys: Vec<String> = rollup
            .groups(1)
            .unwrap()
            .into_iter()
            .map(|g| g.key[0].clone())
            .collect();
        assert_eq!(keys, ["第2節", "第1節"]);
    }

    #[test]
    fn an_unmet_mean_never_prints_100() {
        let mut rollup = Rollup::new(vec![]);
        rollup.add(&evaluation("a", "x", "10000", Some("9999")));
        rollup.add(&evaluation("a", "y", "1", Some("1")));
        assert_eq!(
            rollup.total(1).unwrap().mean_achievement.unwrap().to_string(),
            "99.9"
        );
        assert_eq!(rollup.total(1).unwrap().met_share.unwrap().to_string(), "50.0");
    }

    #[test]
    fn parses_group_lists() {
        assert_eq!(
            GroupBy::parse_list("chapter,section").unwrap(),
            [GroupBy::Chapter, GroupBy::Section]
        );
        assert_eq!(
            GroupBy::parse_list(" Period , section").unwrap(),
            [GroupBy::Period, GroupBy::Section]
        );
        assert!(GroupBy::parse_list("section,section").is_err());
        assert!(
            GroupBy::parse_list("city")
                .unwrap_err()
                .contains("\"city\" is not a grouping")
        );
    }
}
