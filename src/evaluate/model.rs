//! What an evaluation is: the settings rows are evaluated with, and what
//! comes out of one row: its achievement, status, note, grade, or the
//! reason its method refuses it.

use rust_decimal::Decimal;

use super::grades::{Grade, Grades};
use crate::error::EvaluationError;
use crate::exact::Fraction;
use crate::indicator::{Direction, Indicator, Method, MethodChoice};
use crate::trajectory::{self, Trajectory};

/// How rates are computed and shown, chosen once per run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The file's method; a row's `method` cell overrides it.
    pub method: MethodChoice,
    /// Places of a percent to round to (0–4).
    pub decimals: u32,
    /// Cap achievement at 100%, as the reference plan prints it.
    pub cap: bool,
    /// For `maintain` rows without a tolerance of their own: how far below
    /// the target, in percent of it, still counts as kept.
    pub tolerance: Option<Decimal>,
    /// Grade thresholds (`--grades`).
    pub grades: Option<Grades>,
    /// Place actuals on the line from baseline to target (`--trajectory`).
    pub trajectory: bool,
    /// Where that line starts (`--interim-start`).
    pub interim_start: trajectory::Start,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            method: MethodChoice::Ratio,
            decimals: 1,
            cap: true,
            tolerance: None,
            grades: None,
            trajectory: false,
            interim_start: trajectory::Start::Baseline,
        }
    }
}

/// Met, unmet, or not yet measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Met,
    Unmet,
    Pending,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Unmet => "unmet",
            Status::Pending => "pending",
        }
    }
}

/// An achievement rate, exact and as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Achievement {
    /// The rate as a fraction of 1: capped when capping is on, floored at 0,
    /// at least 1 when met. What roll-ups average and grades classify, so
    /// that they never work on rounded numbers.
    pub exact: Fraction,
    /// The percent as printed, rounded per `Settings::decimals`.
    pub shown: Decimal,
    /// The method's own value in percent, rounded like `shown` but neither
    /// capped nor floored (a regression from the baseline is negative);
    /// `None` where the formula has no value (a zero denominator).
    pub raw: Option<Decimal>,
}

/// The result of evaluating one indicator row.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub indicator: Indicator,
    pub status: Status,
    /// `None` while pending.
    pub achievement: Option<Achievement>,
    /// Why a rate was decided other than by the formula, e.g. a zero target.
    pub note: Option<Note>,
    /// The method used (after `auto` and the row's own choice).
    pub method: Method,
    /// The grade of the exact rate, with `--grades`; `None` while pending.
    pub grade: Option<Grade>,
    /// Where the actual stands on the way to the target, with `--trajectory`.
    pub trajectory: Option<Trajectory>,
}

/// An empty evaluation, allocating nothing: what a reader that keeps an
/// evaluation it was lent leaves in its place (`std::mem::take`).
impl Default for Evaluation {
    fn default() -> Evaluation {
        Evaluation {
            indicator: Indicator::new("", Direction::Increase, Decimal::ZERO),
            status: Status::Pending,
            achievement: None,
            note: None,
            method: Method::Ratio,
            grade: None,
            trajectory: None,
        }
    }
}

/// Why a rate was not computed by the method's formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// actual ÷ target with a target of 0: the ratio has no value.
    ZeroTarget,
    /// target ÷ actual (↘) with an actual of 0: the ratio has no value.
    ZeroActual,
    /// A `maintain` indicator below its target but within its tolerance.
    WithinTolerance,
}

/// An indicator that could not be evaluated, handed back so that the caller
/// can say where in the input it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub indicator: Indicator,
    pub error: EvaluationError,
}
