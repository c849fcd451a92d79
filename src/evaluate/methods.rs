//! The achievement methods: one function each from a row's numbers to a
//! raw fraction (ratio, progress, deviation), and the refusals they share.

use rust_decimal::Decimal;

use super::model::Note;
use crate::error::{EvaluationError, Quantity};
use crate::exact::Fraction;
use crate::indicator::{Direction, Method};

/// A method's value for one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Value {
    Rate(Fraction),
    /// The formula divides by zero; the comparison decides, and the note says so.
    Undefined(Note),
}

pub(super) type MethodResult = Result<Value, EvaluationError>;

/// actual ÷ target, or target ÷ actual when lower is better.
pub(super) fn ratio(direction: Direction, target: Decimal, actual: Decimal) -> MethodResult {
    refuse_negatives(Method::Ratio, target, actual)?;
    if direction.higher_is_better() {
        quotient(actual, target, Note::ZeroTarget)
    } else {
        quotient(target, actual, Note::ZeroActual)
    }
}

/// (actual − baseline) ÷ (target − baseline) in either direction: for ↘,
/// (baseline − actual) ÷ (baseline − target) is the same fraction.
pub(super) fn progress(baseline: Option<Decimal>, target: Decimal, actual: Decimal) -> MethodResult {
    let Some(baseline) = baseline else {
        return Err(EvaluationError::new(
            Quantity::Baseline,
            "the progress method needs a baseline (策定時); fill it in, or use the ratio method \
             (--method auto uses progress only where a baseline exists)",
        ));
    };
    if baseline == target {
        return Err(EvaluationError::new(
            Quantity::Baseline,
            format!(
                "the baseline equals the target ({target}), so there is no planned change to measure \
                 progress on; use the ratio method"
            ),
        ));
    }
    let change = actual
        .checked_sub(baseline)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    let planned = target
        .checked_sub(baseline)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Target))?;
    let rate =
        Fraction::quotient(change, planned).ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    Ok(Value::Rate(rate))
}

/// actual ÷ target, or 2 − actual ÷ target when lower is better.
pub(super) fn deviation(direction: Direction, target: Decimal, actual: Decimal) -> MethodResult {
    refuse_negatives(Method::Deviation, target, actual)?;
    if direction.higher_is_better() {
        return quotient(actual, target, Note::ZeroTarget);
    }
    let twice = target
        .checked_mul(Decimal::TWO)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Target))?;
    let above = twice
        .checked_sub(actual)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    quotient(above, target, Note::ZeroTarget)
}

/// `numerator ÷ denominator`, or `Undefined(note)` for a zero denominator.
fn quotient(numerator: Decimal, denominator: Decimal, note: Note) -> MethodResult {
    if denominator.is_zero() {
        return Ok(Value::Undefined(note));
    }
    Fraction::quotient(numerator, denominator)
        .map(Value::Rate)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))
}

pub(super) fn refuse_negatives(
    method: Method,
    target: Decimal,
    actual: Decimal,
) -> Result<(), EvaluationError> {
    for (value, quantity) in [(target, Quantity::Target), (actual, Quantity::Actual)] {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(EvaluationError::new(
                quantity,
                format!(
                    "{value} is negative, and the {} method is only defined for values of zero or \
                     more; use the progress method, which measures change from the baseline",
                    method.name()
                ),
            ));
        }
    }
    Ok(())
}
