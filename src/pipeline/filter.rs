//! `--period`: which rows are kept, by period. Rows are read whatever the
//! filter; it chooses what is handed on.

use anyhow::bail;

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
