//! The domain: an indicator (目標指標) as one plan publishes it, for one period.

use rust_decimal::Decimal;

/// Which way an indicator should move (指標のめざす方向).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// ↗ higher is better.
    Increase,
    /// ↘ lower is better.
    Decrease,
    /// → keep the value; judged like `Increase` (at or above the target),
    /// which is how the plans we reproduce treat 維持.
    Maintain,
}

impl Direction {
    /// Every word `Direction::parse` accepts, as listed in error messages.
    pub const ACCEPTED: &'static str = "up, increase, higher, ↗, ↑, 増加, 上昇 / down, decrease, lower, ↘, ↓, 減少, 低下 / maintain, keep, →, 維持";

    /// Reads the words and arrows that plans print in the direction column.
    pub fn parse(text: &str) -> Option<Direction> {
        let word = text.trim().to_lowercase();
        match word.as_str() {
            "up" | "increase" | "higher" | "↗" | "↑" | "増加" | "上昇" => Some(Direction::Increase),
            "down" | "decrease" | "lower" | "↘" | "↓" | "減少" | "低下" => Some(Direction::Decrease),
            "maintain" | "keep" | "→" | "維持" => Some(Direction::Maintain),
            _ => None,
        }
    }

    /// The normalized name written in every output (`up|down|maintain`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "up",
            Direction::Decrease => "down",
            Direction::Maintain => "maintain",
        }
    }

    /// Whether reaching or passing the target from below counts as success.
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Direction::Decrease)
    }
}

/// One row of input: an indicator's target and actual for one period.
///
/// Missing optional text columns are empty strings, because every output
/// writes them as empty cells anyway; missing numbers are `None`, because
/// "not yet measured" must never be confused with zero.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// Line of the input where the row starts (1-based, header is line 1).
    pub line: u64,
    pub chapter: String,
    pub section: String,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    pub target: Decimal,
    /// `None` while the actual has not been measured yet (pending).
    pub actual: Option<Decimal>,
    pub period: String,
    /// Why this indicator's target was missed, if given.
    pub reason: String,
    /// Why the section's targets were missed (未達成指標の理由・分析), which
    /// the reference plan gives once per section rather than per indicator;
    /// it explains every row of the same chapter, section and period.
    pub section_reason: String,
    /// The achievement rate the publisher printed (percent), when read for
    /// `--verify-published`; its scale is the number of decimals printed.
    pub published: Option<Decimal>,
}
