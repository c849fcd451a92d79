//! Achievement (達成率): how far an indicator's actual went towards its target.
//!
//! Everything here is a pure function of an `Indicator` and `Settings`. Rates
//! are exact fractions of integers (`exact::Fraction`), never floats: a
//! published rate such as 23/80 = 28.75% must round half-up to 28.8, and
//! binary floating point stores 0.2875 as 0.28749999…, which rounds to 28.7.
//!
//! A method is one function from a row's numbers to a raw fraction. Around
//! it, the rules every method shares: met is decided by comparing actual
//! with target in the indicator's direction, never by the rate; a met
//! indicator prints 100 (capped) and an unmet one never does; rates are
//! floored at 0 for display, while `raw` keeps the method's own value.

mod grades;
mod methods;
mod model;
#[cfg(test)]
mod tests;

pub use crate::error::{EvaluationError, Quantity};
pub use crate::exact::{Fraction, percent_for_display};
pub use grades::{Grade, Grades};
pub use model::{Achievement, Evaluation, Note, Rejected, Settings, Status};

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::exact::big;
use crate::indicator::{Direction, Indicator, Method, TargetForm};
use crate::trajectory::{self, Trajectory};
use methods::{Value, deviation, progress, ratio};

/// Evaluates one indicator.
pub fn evaluate(indicator: Indicator, settings: &Settings) -> Result<Evaluation, Box<Rejected>> {
    match assess(&indicator, settings) {
        Ok(assessment) => Ok(Evaluation {
            indicator,
            status: assessment.status,
            achievement: assessment.achievement,
            note: assessment.note,
            method: assessment.method,
            grade: assessment.grade,
            trajectory: assessment.trajectory,
        }),
        Err(error) => Err(Box::new(Rejected { indicator, error })),
    }
}

/// Everything `evaluate` adds to an indicator.
struct Assessment {
    status: Status,
    achievement: Option<Achievement>,
    note: Option<Note>,
    method: Method,
    grade: Option<Grade>,
    trajectory: Option<Trajectory>,
}

fn assess(indicator: &Indicator, settings: &Settings) -> Result<Assessment, EvaluationError> {
    let method = indicator.method.unwrap_or(settings.method).resolve(indicator);
    let tolerance = tolerance(indicator, settings)?;
    // A text target names no number to reach: pending, with the text as
    // its note.
    let actual = indicator
        .actual
        .filter(|_| indicator.target_form != TargetForm::Text);
    let Some(actual) = actual else {
        return Ok(Assessment {
            status: Status::Pending,
            achievement: None,
            note: None,
            method,
            grade: settings
                .grades
                .as_ref()
                .and_then(|grades| grades::grade_row(grades, indicator, None, (None, None))),
            trajectory: None,
        });
    };
    let (direction, target) = (indicator.direction, indicator.target);
    // A trend target (減少傾向へ) is met by a change beyond the baseline,
    // not by standing at it.
    let met = is_met(direction, target, actual, tolerance)
        && !(indicator.target_form == TargetForm::Trend && actual == target);
    let raw = match method {
        Method::Ratio => ratio(direction, target, actual)?,
        Method::Progress => progress(indicator.baseline, target, actual)?,
        Method::Deviation => deviation(direction, target, actual)?,
    };
    let exact = match (met, raw) {
        (true, _) if settings.cap => Fraction::ONE,
        (true, Value::Rate(rate)) => rate.max(Fraction::ONE),
        (true, Value::Undefined(_)) => Fraction::ONE,
        (false, Value::Rate(rate)) if settings.cap => rate.max(Fraction::ZERO).min(Fraction::ONE),
        (false, Value::Rate(rate)) => rate.max(Fraction::ZERO),
        (false, Value::Undefined(_)) => Fraction::ZERO,
    };
    let shown = exact
        .display_percent_for(settings.decimals, met)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    let (raw, note) = match raw {
        Value::Rate(rate) => {
            let shown_raw = raw_percent(rate, settings.decimals, met)
                .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
            // Without a tolerance, met is met by the plain comparison already.
            let within_tolerance = met && tolerance.is_some() && !is_met(direction, target, actual, None);
            (Some(shown_raw), within_tolerance.then_some(Note::WithinTolerance))
        }
        Value::Undefined(note) => (None, Some(note)),
    };
    let trajectory = if settings.trajectory {
        let shown = trajectory::Shown {
            decimals: settings.decimals,
            cap: settings.cap,
        };
        trajectory::locate(indicator, actual, met, settings.interim_start, shown)?
    } else {
        None
    };
    Ok(Assessment {
        status: if met { Status::Met } else { Status::Unmet },
        achievement: Some(Achievement { exact, shown, raw }),
        note,
        method,
        grade: settings.grades.as_ref().and_then(|grades| {
            let final_met = final_met(indicator, actual, tolerance);
            grades::grade_row(grades, indicator, Some((actual, met, exact)), (final_met, None))
        }),
        trajectory,
    })
}

/// Grades `evaluation` again against its indicator's previous measured
/// value (`previous`, from the rows read with their other periods), for a
/// scheme that counts a change from the previous value.
pub fn regrade(evaluation: &mut Evaluation, settings: &Settings, previous: Option<Decimal>) {
    let Some(grades) = settings.grades.as_ref().filter(|g| g.uses_previous()) else {
        return;
    };
    let indicator = &evaluation.indicator;
    let tolerance = tolerance(indicator, settings).ok().flatten();
    let measured = match (indicator.actual, evaluation.achievement) {
        (Some(actual), Some(achievement)) if indicator.target_form != TargetForm::Text => {
            Some((actual, evaluation.status == Status::Met, achievement.exact))
        }
        _ => None,
    };
    let final_met = measured.and_then(|(actual, _, _)| final_met(indicator, actual, tolerance));
    evaluation.grade = grades::grade_row(grades, indicator, measured, (final_met, previous));
}

/// Whether `actual` meets the plan's final target, where the row has one.
fn final_met(indicator: &Indicator, actual: Decimal, tolerance: Option<Decimal>) -> Option<bool> {
    indicator
        .final_target
        .map(|last| is_met(indicator.direction, last, actual, tolerance))
}

/// The method's own value as printed: rounded half-up, except that an
/// unmet row never prints 100 — 99.99999999% shows 99.9, and a value just
/// above 100 (a target set below the baseline) shows 100.1 — so that a
/// printed 100 means "met" in the raw column too.
fn raw_percent(rate: Fraction, decimals: u32, met: bool) -> Option<Decimal> {
    let shown = rate.display_percent(decimals)?;
    if met || shown != Decimal::ONE_HUNDRED {
        return Some(shown);
    }
    let step = Decimal::new(1, decimals);
    Some(if rate.reaches_one() {
        shown + step
    } else {
        shown - step
    })
}

/// Whether a publisher's printed rate agrees with the exact one, read at
/// the precision it was printed with: "86%" agrees with 85.8…%, since 86 is
/// 85.8 rounded to no decimals.
pub fn agrees_with_published(achievement: &Achievement, published: Decimal) -> bool {
    let decimals = published.scale().min(4);
    achievement
        .exact
        .display_percent(decimals)
        .is_some_and(|computed| computed == published)
}

/// The tolerance that applies to the row: its own, else the file's, and
/// only for `maintain` (a band around a target one means to keep).
fn tolerance(indicator: &Indicator, settings: &Settings) -> Result<Option<Decimal>, EvaluationError> {
    match (indicator.direction, indicator.tolerance) {
        (Direction::Maintain, own) => Ok(own.or(settings.tolerance)),
        (_, None) => Ok(None),
        (direction, Some(_)) => Err(EvaluationError::new(
            Quantity::Tolerance,
            format!(
                "a tolerance applies to maintain (→) indicators only, and this one is {}",
                direction.as_str()
            ),
        )),
    }
}

/// Met is decided on the exact values, never on a rounded rate: actual at
/// or above the target (↗, →), at or below it (↘). A `maintain` tolerance of
/// p% also accepts an actual down to p% below the target.
pub fn is_met(direction: Direction, target: Decimal, actual: Decimal, tolerance: Option<Decimal>) -> bool {
    match (direction, tolerance) {
        (Direction::Decrease, _) => actual <= target,
        (Direction::Maintain, Some(tolerance)) => {
            let band = big(target.abs()) * big(tolerance) / big(Decimal::ONE_HUNDRED);
            big(actual) >= big(target) - band
        }
        _ => actual >= target,
    }
}

/// The rows of each indicator (chapter + section + name), as indices into
/// `evaluations`, indicators in order of first appearance: what the
/// analyses of an indicator's periods (`timeline`, `projection`) start from.
pub fn rows_by_indicator(evaluations: &[Evaluation]) -> Vec<Vec<usize>> {
    let mut index: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut indicators: Vec<Vec<usize>> = Vec::new();
    for (row, evaluation) in evaluations.iter().enumerate() {
        let i = &evaluation.indicator;
        let slot = *index.entry((&i.chapter, &i.section, &i.name)).or_insert_with(|| {
            indicators.push(Vec::new());
            indicators.len() - 1
        });
        indicators[slot].push(row);
    }
    indicators
}
