//! The domain: an indicator (目標指標) as one plan publishes it, for one period.

use rust_decimal::Decimal;

use crate::period::FiscalYear;

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
        let text = text.trim();
        // The usual spellings first, without the copy lowercasing makes.
        match text {
            "up" | "↗" => return Some(Direction::Increase),
            "down" | "↘" => return Some(Direction::Decrease),
            "maintain" | "→" => return Some(Direction::Maintain),
            _ => {}
        }
        let word = text.to_lowercase();
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
    /// A remark (備考), carried to the output as written.
    pub remark: String,
    /// The achievement rate the publisher printed (percent), when read for
    /// `--verify-published`; its scale is the number of decimals printed.
    pub published: Option<Decimal>,
    /// This row's method (算出方法), overriding the one chosen for the file.
    pub method: Option<MethodChoice>,
    /// For `maintain`: how far below the target (percent of it) still
    /// counts as kept, overriding `--tolerance`.
    pub tolerance: Option<Decimal>,
    /// The fiscal year of the baseline (基準年度), for trajectories.
    pub baseline_year: Option<FiscalYear>,
    /// The fiscal year the target is for (目標年度), for trajectories.
    pub target_year: Option<FiscalYear>,
}

impl Indicator {
    /// An indicator with a name, direction and target, and nothing else:
    /// the start of a struct update (`Indicator { actual, ..Indicator::new(…) }`).
    pub fn new(name: &str, direction: Direction, target: Decimal) -> Indicator {
        Indicator {
            line: 0,
            chapter: String::new(),
            section: String::new(),
            name: name.to_string(),
            unit: String::new(),
            direction,
            baseline: None,
            target,
            actual: None,
            period: String::new(),
            reason: String::new(),
            section_reason: String::new(),
            remark: String::new(),
            published: None,
            method: None,
            tolerance: None,
            baseline_year: None,
            target_year: None,
        }
    }
}

/// Whether a reason cell explains anything: the dashes and words tables put
/// in an empty reason cell (`-`, `－`, `なし`, `特になし`, `該当なし`) do not.
pub fn is_explanation(reason: &str) -> bool {
    let reason = reason.trim();
    !reason.is_empty()
        && !matches!(
            reason,
            "-" | "－"
                | "―"
                | "—"
                | "‐"
                | "ー"
                | "なし"
                | "無し"
                | "特になし"
                | "特に無し"
                | "該当なし"
                | "n/a"
                | "N/A"
                | "none"
                | "None"
        )
}

/// How achievement is computed. Publishers document different formulas;
/// each is one variant here and one pure function in `evaluate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// actual ÷ target (↗, →); target ÷ actual (↘). The reference plan's.
    Ratio,
    /// (actual − baseline) ÷ (target − baseline): share of the planned change
    /// achieved (進捗率), the same formula in either direction.
    Progress,
    /// actual ÷ target (↗, →); 2 − actual ÷ target (↘), as many Japanese
    /// evaluations compute lower-is-better indicators.
    Deviation,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Ratio => "ratio",
            Method::Progress => "progress",
            Method::Deviation => "deviation",
        }
    }
}

/// A method, or `auto`: progress where a baseline exists (and differs from
/// the target), ratio otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum MethodChoice {
    /// actual ÷ target; target ÷ actual when lower is better.
    #[default]
    Ratio,
    /// (actual − baseline) ÷ (target − baseline).
    Progress,
    /// actual ÷ target; 2 − actual ÷ target when lower is better.
    Deviation,
    /// progress where a baseline exists, ratio otherwise.
    Auto,
}

impl MethodChoice {
    /// Every word `MethodChoice::parse` accepts, for error messages.
    pub const ACCEPTED: &'static str = "ratio (達成率), progress (進捗率), deviation, auto";

    /// Reads a `method` (算出方法) cell.
    pub fn parse(text: &str) -> Option<MethodChoice> {
        match text.trim().to_lowercase().as_str() {
            "ratio" | "達成率" => Some(MethodChoice::Ratio),
            "progress" | "進捗率" => Some(MethodChoice::Progress),
            "deviation" => Some(MethodChoice::Deviation),
            "auto" => Some(MethodChoice::Auto),
            _ => None,
        }
    }

    /// The method this choice means for `indicator`.
    pub fn resolve(self, indicator: &Indicator) -> Method {
        match self {
            MethodChoice::Ratio => Method::Ratio,
            MethodChoice::Progress => Method::Progress,
            MethodChoice::Deviation => Method::Deviation,
            MethodChoice::Auto if indicator.baseline.is_some_and(|b| b != indicator.target) => {
                Method::Progress
            }
            MethodChoice::Auto => Method::Ratio,
        }
    }
}
