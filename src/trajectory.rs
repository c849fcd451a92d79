//! On track? A mid-term review asks whether an indicator is where a straight
//! line from its baseline to its target says it should be by now, which a
//! final review's "did we make it?" cannot answer.
//!
//! expected = baseline + (target − baseline) × elapsed ÷ span, in fiscal
//! years from the start of the line to the target year (目標年度), computed
//! exactly; the actual's year is the row's period. That expected value is
//! the row's interim target (`--interim linear`): publishers pro-rate the
//! target over the plan's years (20/40/60/80/100% over five), but differ on
//! where the line starts — at the baseline year (基準年度), or at the first
//! year of the plan, the year after it, which moves the pass line.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::Decimal;

use crate::error::{EvaluationError, Quantity};
use crate::exact::{Fraction, big};
use crate::indicator::Indicator;
use crate::period::FiscalYear;

/// How interim targets are set (`--interim`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Interim {
    /// The target pro-rated along a straight line from the baseline.
    Linear,
}

/// Where the straight line to the target starts (`--interim-start`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Start {
    /// At the baseline year: the first plan year is 1/span of the way.
    #[default]
    Baseline,
    /// At the first plan year (the year after the baseline year), which is
    /// still at the baseline value.
    PlanStart,
}

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
    /// The actual rated against the expected value (the interim target),
    /// in percent as printed: actual ÷ expected, or expected ÷ actual when
    /// lower is better, computed exactly and capped like a rate; 100 only
    /// where the interim target is reached (`None` where it is zero).
    pub achievement: Option<Decimal>,
}

/// How the interim achievement is shown: places and capping, as for rates.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    pub decimals: u32,
    pub cap: bool,
}

/// The trajectory of a row, `None` when the row names neither a baseline
/// year nor a target year. `met` is the row's status, decided by the caller.
pub fn locate(
    indicator: &Indicator,
    actual: Decimal,
    met: bool,
    start: Start,
    shown: Shown,
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
    let first = match start {
        Start::Baseline => baseline_year.0,
        Start::PlanStart => baseline_year.0 + 1,
    };
    let span = target_year.0 - first;
    if span <= 0 {
        return Err(EvaluationError::new(
            Quantity::TargetYear,
            format!(
                "the target year (FY{}) must come after the baseline year (FY{})",
                target_year.0, baseline_year.0
            ),
        ));
    }
    let elapsed = (year - first).clamp(0, span);
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
    let exact = big(baseline)
        + (big(indicator.target) - big(baseline))
            * BigRational::new(BigInt::from(elapsed), BigInt::from(span));
    let (numerator, denominator) = if indicator.direction.higher_is_better() {
        (big(actual), exact)
    } else {
        (exact, big(actual))
    };
    let reached = position != Position::Behind;
    let achievement = (!denominator.is_zero())
        .then(|| numerator / denominator)
        .and_then(|r| Fraction::new(r.numer().to_i128()?, r.denom().to_i128()?))
        .and_then(|rate| {
            let rate = match (shown.cap, reached) {
                (true, true) => Fraction::ONE,
                (true, false) => rate.max(Fraction::ZERO).min(Fraction::ONE),
                (false, _) => rate.max(Fraction::ZERO),
            };
            rate.display_percent_for(shown.decimals, reached)
        });
    Ok(Some(Trajectory {
        expected,
        position,
        achievement,
    }))
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
            period: period.into(),
            baseline_year: FiscalYear::parse("H22"),
            target_year: FiscalYear::parse("H30"),
            ..Indicator::new("x", direction, Decimal::from_str(target).unwrap())
        }
    }

    fn at(indicator: &Indicator, actual: &str) -> Trajectory {
        let actual = Decimal::from_str(actual).unwrap();
        let met = crate::evaluate::is_met(indicator.direction, indicator.target, actual, None);
        locate(indicator, actual, met, Start::Baseline, SHOWN)
            .unwrap()
            .unwrap()
    }

    const SHOWN: Shown = Shown {
        decimals: 1,
        cap: true,
    };

    #[test]
    fn expected_is_on_the_straight_line() {
        // 193 → 225 over H22–H30 (8 years); H26 is half-way: 209.
        let halfway = row(Direction::Increase, "193", "225", "H26");
        assert_eq!(
            at(&halfway, "209"),
            Trajectory {
                expected: Decimal::from(209),
                position: Position::OnTrack,
                achievement: Some(Decimal::new(1000, 1)),
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
    fn interim_targets_and_where_the_line_starts() {
        // 100 → 150 over 2018–2023: 20/40/60/80/100% of the change.
        let row = |period: &str| Indicator {
            baseline: Some(Decimal::from(100)),
            period: period.into(),
            baseline_year: Some(FiscalYear(2018)),
            target_year: Some(FiscalYear(2023)),
            ..Indicator::new("x", Direction::Increase, Decimal::from(150))
        };
        let interim = |period: &str, actual: &str, start: Start| {
            let actual = Decimal::from_str(actual).unwrap();
            locate(&row(period), actual, false, start, SHOWN)
                .unwrap()
                .unwrap()
        };
        assert_eq!(
            interim("2019", "105", Start::Baseline).expected,
            Decimal::from(110)
        );
        assert_eq!(
            interim("2019", "105", Start::Baseline)
                .achievement
                .unwrap()
                .to_string(),
            "95.5",
            "105 ÷ 110"
        );
        // From the first plan year (2019), 2019 is still the baseline: 0/4 of the way.
        assert_eq!(
            interim("2019", "105", Start::PlanStart).expected,
            Decimal::from(100)
        );
        assert_eq!(
            interim("2019", "105", Start::PlanStart)
                .achievement
                .unwrap()
                .to_string(),
            "100.0"
        );
        assert_eq!(
            interim("2021", "120", Start::PlanStart).expected,
            Decimal::from(125)
        );
        assert_eq!(
            interim("2021", "124.99", Start::PlanStart)
                .achievement
                .unwrap()
                .to_string(),
            "99.9"
        );
    }

    #[test]
    fn missing_pieces_are_errors() {
        let mut partial = row(Direction::Increase, "1", "2", "H26");
        partial.target_year = None;
        let error = locate(&partial, Decimal::ONE, false, Start::Baseline, SHOWN).unwrap_err();
        assert_eq!(error.quantity, Quantity::TargetYear);
        let not_a_year = row(Direction::Increase, "1", "2", "後期");
        let error = locate(&not_a_year, Decimal::ONE, false, Start::Baseline, SHOWN).unwrap_err();
        assert!(error.message.starts_with("the period \"後期\" is not a year"));
        let backwards = Indicator {
            target_year: FiscalYear::parse("H20"),
            ..row(Direction::Increase, "1", "2", "H26")
        };
        assert!(
            locate(&backwards, Decimal::ONE, false, Start::Baseline, SHOWN)
                .unwrap_err()
                .message
                .contains("must come after")
        );
        let none = Indicator::new("x", Direction::Increase, Decimal::ONE);
        assert_eq!(
            locate(&none, Decimal::ONE, false, Start::Baseline, SHOWN).unwrap(),
            None
        );
    }
}
