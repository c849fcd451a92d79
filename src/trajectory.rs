//! On track? A mid-term review asks whether an indicator is where a straight
//! line from its baseline to its target says it should be by now, which a
//! final review's "did we make it?" cannot answer.
//!
//! expected = baseline + (target − baseline) × elapsed ÷ span, in fiscal
//! years from the baseline year (基準年度) to the target year (目標年度),
//! computed exactly; the actual's year is the row's period.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{EvaluationError, Quantity};
use crate::exact::big;
use crate::indicator::Indicator;
use crate::period::FiscalYear;

/// Where an actual stands against the straight line to its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// The final target is already reached.
    Ahead,
    /// Not yet at the target, but at or past the expected value.
    OnTrack,
    /// Short of the expected value.
    Behind,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Ahead, Position::OnTrack, Position::Behind];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Ahead => "ahead",
            Position::OnTrack => "on_track",
            Position::Behind => "behind",
        }
    }
}

/// The expected value for the row's year and where the actual stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trajectory {
    /// Rounded half-up to one place more than the row's numbers have.
    pub expected: Decimal,
    pub position: Position,
}

/// The trajectory of a row, `None` when the row names neither a baseline
/// year nor a target year. `met` is the row's status, decided by the caller.
pub fn locate(
    indicator: &Indicator,
    actual: Decimal,
    met: bool,
) -> Result<Option<Trajectory>, EvaluationError> {
    let (baseline_year, target_year) = match (indicator.baseline_year, indicator.target_year) {
        (None, None) => return Ok(None),
        (Some(from), Some(to)) => (from, to),
        (None, Some(_)) => {
            return Err(missing(
                Quantity::BaselineYear,
                "a baseline year (baseline_year, 基準年度)",
            ));
        }
        (Some(_), None) => {
            return Err(missing(
                Quantity::TargetYear,
                "a target year (target_year, 目標年度)",
            ));
        }
    };
    let baseline = indicator
        .baseline
        .ok_or_else(|| missing(Quantity::Baseline, "a baseline value (baseline, 策定時)"))?;
    let FiscalYear(year) = FiscalYear::parse(&indicator.period).ok_or_else(|| {
        EvaluationError::new(
            Quantity::Period,
            format!(
                "the period \"{}\" is not a year, so the trajectory has no point in time; \
                 write it as a fiscal year such as H30, 2018 or 令和元年度",
                indicator.period
            ),
        )
    })?;
    let span = target_year.0 - baseline_year.0;
    if span <= 0 {
        return Err(EvaluationError::new(
            Quantity::TargetYear,
            format!(
                "the target year (FY{}) must come after the baseline year (FY{})",
                target_year.0, baseline_year.0
            ),
        ));
    }
    let elapsed = (year - baseline_year.0).clamp(0, span);
    let expected = big(baseline)
        + (big(indicator.target) - big(baseline))
            * BigRational::new(BigInt::from(elapsed), BigInt::from(span));
    let position = if met {
        Position::Ahead
    } else if indicator.direction.higher_is_better() == (big(actual) >= expected) || big(actual) == expected {
        Position::OnTrack
    } else {
        Position::Behind
    };
    let places = [baseline, indicator.target, actual]
        .iter()
        .map(Decimal::scale)
        .max()
        .unwrap_or(0)
        + 1;
    let expected = round(&expected, places).ok_or_else(|| {
        EvaluationError::new(
            Quantity::Target,
            "the numbers are too large to compute the trajectory exactly",
        )
    })?;
    Ok(Some(Trajectory { expected, position }))
}

fn missing(quantity: Quantity, what: &str) -> EvaluationError {
    EvaluationError::new(
        quantity,
        format!("a trajectory needs {what}, a baseline year, a target year and a period that is a year"),
    )
}

/// Rounds half away from zero (四捨五入) to `places`, dropping trailing zeros.
fn round(value: &BigRational, places: u32) -> Option<Decimal> {
    let scale = BigRational::from_integer(BigInt::from(10).pow(places));
    let units = (value * scale).round().to_integer().to_i128()?;
    Decimal::try_from_i128_with_scale(units, places)
        .ok()
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Direction;
    use std::str::FromStr;

    fn row(direction: Direction, baseline: &str, target: &str, period: &str) -> Indicator {
        Indicator {
            baseline: Some(Decimal::from_str(baseline).unwrap()),
            period: period.to_string(),
            baseline_year: FiscalYear::parse("H22"),
            target_year: FiscalYear::parse("H30"),
            ..Indicator::new("x", direction, Decimal::from_str(target).unwrap())
        }
    }

    fn at(indicator: &Indicator, actual: &str) -> Trajectory {
        let actual = Decimal::from_str(actual).unwrap();
        let met = crate::evaluate::is_met(indicator.direction, indicator.target, actual, None);
        locate(indicator, actual, met).unwrap().unwrap()
    }

    #[test]
    fn expected_is_on_the_straight_line() {
        // 193 → 225 over H22–H30 (8 years); H26 is half-way: 209.
        let halfway = row(Direction::Increase, "193", "225", "H26");
        assert_eq!(
            at(&halfway, "209"),
            Trajectory {
                expected: Decimal::from(209),
                position: Position::OnTrack
            }
        );
        assert_eq!(at(&halfway, "208").position, Position::Behind);
        assert_eq!(at(&halfway, "225").position, Position::Ahead);
        // 3 of 8 years: 193 + 32 × 3/8 = 205.
        assert_eq!(
            at(&row(Direction::Increase, "193", "225", "H25"), "1").expected,
            Decimal::from(205)
        );
        // Non-terminating: 100 + 10 × 1/8 … and thirds round half-up.
        let third = Indicator {
            target_year: FiscalYear::parse("H25"),
            ..row(Direction::Increase, "100", "110", "H23")
        };
        assert_eq!(at(&third, "1").expected.to_string(), "103.3");
    }

    #[test]
    fn lower_is_better_and_clamping() {
        let down = row(Direction::Decrease, "100", "60", "H26");
        assert_eq!(at(&down, "80").expected, Decimal::from(80));
        assert_eq!(at(&down, "79").position, Position::OnTrack);
        assert_eq!(at(&down, "81").position, Position::Behind);
        assert_eq!(at(&down, "60").position, Position::Ahead);
        // After the target year, the target itself is expected.
        assert_eq!(
            at(&row(Direction::Decrease, "100", "60", "R2"), "70").expected,
            Decimal::from(60)
        );
        // Before the baseline year, the baseline.
        assert_eq!(
            at(&row(Direction::Decrease, "100", "60", "H20"), "70").expected,
            Decimal::from(100)
        );
    }

    #[test]
    fn missing_pieces_are_errors() {
        let mut partial = row(Direction::Increase, "1", "2", "H26");
        partial.target_year = None;
        let error = locate(&partial, Decimal::ONE, false).unwrap_err();
        assert_eq!(error.quantity, Quantity::TargetYear);
        let not_a_year = row(Direction::Increase, "1", "2", "後期");
        let error = locate(&not_a_year, Decimal::ONE, false).unwrap_err();
        assert!(error.message.starts_with("the period \"後期\" is not a year"));
        let backwards = Indicator {
            target_year: FiscalYear::parse("H20"),
            ..row(Direction::Increase, "1", "2", "H26")
        };
        assert!(
            locate(&backwards, Decimal::ONE, false)
                .unwrap_err()
                .message
                .contains("must come after")
        );
        let none = Indicator::new("x", Direction::Increase, Decimal::ONE);
        assert_eq!(locate(&none, Decimal::ONE, false).unwrap(), None);
    }
}
