//! A row's grade by the scheme given with `--grades` (`grading`): the
//! row's facts as the scheme's tests see them, gathered here where the
//! row is evaluated.

use rust_decimal::Decimal;

pub use crate::grading::{Grade, Scheme as Grades};

use crate::exact::Fraction;
use crate::grading::Facts;
use crate::indicator::{Indicator, TargetForm};
use crate::trajectory::{self, Position};

/// The grade of an evaluated row: `measured` (actual, met, exact rate) is
/// `None` for a row that cannot be evaluated (pending, or a text target);
/// `final_met` whether the plan's final target is met, where there is one.
pub fn grade_row(
    grades: &Grades,
    indicator: &Indicator,
    measured: Option<(Decimal, bool, Fraction)>,
    (final_met, previous): (Option<bool>, Option<Decimal>),
) -> Option<Grade> {
    let actual = measured.map(|(actual, _, _)| actual);
    let below_line = match measured {
        Some((actual, met, _)) if grades.uses_line() => {
            let shown = trajectory::Shown {
                decimals: 1,
                cap: true,
            };
            match trajectory::locate(indicator, actual, met, trajectory::Start::Baseline, shown) {
                Ok(Some(found)) => Some(found.position == Position::Behind),
                _ => None,
            }
        }
        _ => None,
    };
    let facts = Facts {
        evaluable: measured.is_some() && indicator.target_form != TargetForm::Text,
        all_equal: actual.is_some_and(|a| indicator.baseline == Some(a) && indicator.target == a),
        met: measured.is_some_and(|(_, met, _)| met),
        final_met,
        rate: measured.map(|(_, _, rate)| rate),
        higher_is_better: indicator.direction.higher_is_better(),
        baseline: indicator.baseline,
        previous,
        actual,
        unit: &indicator.unit,
        below_line,
    };
    grades.grade(&facts)
}
