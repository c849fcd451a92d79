//! `--period`: which rows are kept, by period. Rows are read whatever the
//! filter; it chooses what is handed on.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::bail;

use crate::console::note;
use crate::indicator::{Indicator, is_explanation};
use crate::period::Period;

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
    pub(super) fn keeps(&self, period: &str) -> bool {
        match self {
            PeriodFilter::All | PeriodFilter::Latest => true,
            PeriodFilter::Only(wanted) => wanted.iter().any(|w| same_period(w, period)),
        }
    }
}

/// Whether two period labels name the same period.
pub(super) fn same_period(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (Period::parse(a), Period::parse(b)),
            (Some(Period::Year(x)), Some(Period::Year(y))) if x == y
        )
}

/// Keeps each indicator's latest row, in order of first appearance: the
/// later period where both are years or dates (a file may list H30 before
/// H26), else the later row. Memory grows with the number of indicators,
/// which `--period latest` cannot avoid: the last period of an indicator is
/// known only at the end.
pub(super) struct Latest<T> {
    index: HashMap<(Arc<str>, Arc<str>, String), usize>,
    pub kept: Vec<T>,
    /// Reasons on the rows passed over, which then explain nothing.
    pub unused_reasons: u64,
}

impl<T> Default for Latest<T> {
    fn default() -> Self {
        Latest {
            index: HashMap::new(),
            kept: Vec::new(),
            unused_reasons: 0,
        }
    }
}

impl<T> Latest<T> {
    /// Keeps `row` if it is its indicator's latest so far.
    pub fn keep(&mut self, row: T, indicator: impl Fn(&T) -> &Indicator) {
        let i = indicator(&row);
        let key = (i.chapter.clone(), i.section.clone(), i.name.clone());
        match self.index.get(&key) {
            Some(&slot) => {
                let kept = &mut self.kept[slot];
                let periods = (
                    Period::parse(&indicator(kept).period),
                    Period::parse(&indicator(&row).period),
                );
                let passed_over = if matches!(periods, (Some(old), Some(new)) if new.sort_key() < old.sort_key())
                {
                    row
                } else {
                    std::mem::replace(kept, row)
                };
                if is_explanation(indicator(&passed_over).reason()) {
                    self.unused_reasons += 1;
                }
            }
            None => {
                self.index.insert(key, self.kept.len());
                self.kept.push(row);
            }
        }
    }
}

/// Says that `count` reasons were written on rows `--period` leaves out,
/// where they explain nothing.
pub(super) fn unused_reasons(file: &str, count: u64) {
    match count {
        0 => {}
        1 => note(format_args!(
            "{file}: 1 reason written on rows of periods --period leaves out explain nothing here"
        )),
        n => note(format_args!(
            "{file}: {n} reasons written on rows of periods --period leaves out explain nothing here"
        )),
    }
}
