//! Invariants of the evaluator over generated indicators.

use num_bigint::BigInt;
use num_rational::BigRational;
use plancheck::evaluate::{Settings, Status, evaluate};
use plancheck::indicator::{Direction, Indicator};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn value() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        (0i64..1_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
        (0i64..10_000_000_000_000, 0u32..=9).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![
        Just(Direction::Increase),
        Just(Direction::Decrease),
        Just(Direction::Maintain)
    ]
}

fn indicator(direction: Direction, target: Decimal, actual: Decimal) -> Indicator {
    Indicator {
        actual: Some(actual),
        ..Indicator::new("x", direction, target)
    }
}

fn shown(direction: Direction, target: Decimal, actual: Decimal, settings: Settings) -> (Decimal, Status) {
    let evaluation = evaluate(indicator(direction, target, actual), &settings).unwrap();
    (evaluation.achievement.unwrap().shown, evaluation.status)
}

fn big(value: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(value.mantissa()),
        BigInt::from(10).pow(value.scale()),
    )
}

/// An independent reference: the percent as a big rational, rounded half-up
/// by floor(x + 1/2), an unmet value kept below 100.
fn reference(direction: Direction, target: Decimal, actual: Decimal, decimals: u32) -> Option<Decimal> {
    let (numerator, denominator) = match direction {
        Direction::Decrease => (target, actual),
        _ => (actual, target),
    };
    if denominator.is_zero() {
        return None;
    }
    let unit = BigRational::from_integer(BigInt::from(10).pow(decimals));
    let percent = big(numerator) / big(denominator) * BigRational::from_integer(100.into());
    let half = BigRational::new(1.into(), 2.into());
    let mut units: i128 = (percent.clone() * &unit + half)
        .floor()
        .to_integer()
        .try_into()
        .ok()?;
    let hundred = 100 * 10i128.pow(decimals);
    if percent < BigRational::from_integer(100.into()) && units >= hundred {
        units = hundred - 1;
    }
    Some(Decimal::from_i128_with_scale(units, decimals))
}

proptest! {
    #[test]
    fn capped_rate_is_within_0_and_100(d in direction(), t in value(), a in value(), decimals in 0u32..=4) {
        let settings = Settings { decimals, ..Settings::default() };
        let (rate, _) = shown(d, t, a, settings);
        prop_assert!(rate >= Decimal::ZERO && rate <= Decimal::ONE_HUNDRED, "{rate}");
    }

    #[test]
    fn rate_is_monotone_in_actual(d in direction(), t in value(), a in value(), b in value()) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let (rate_low, _) = shown(d, t, low, Settings::default());
        let (rate_high, _) = shown(d, t, high, Settings::default());
        if d.higher_is_better() {
            prop_assert!(rate_low <= rate_high, "{rate_low} > {rate_high}");
        } else {
            prop_assert!(rate_low >= rate_high, "{rate_low} < {rate_high}");
        }
    }

    #[test]
    fn met_exactly_when_printed_100(d in direction(), t in value(), a in value(), decimals in 0u32..=4) {
        let settings = Settings { decimals, ..Settings::default() };
        let (rate, status) = shown(d, t, a, settings);
        let met_by_comparison = if d.higher_is_better() { a >= t } else { a <= t };
        prop_assert_eq!(status == Status::Met, met_by_comparison);
        prop_assert_eq!(status == Status::Met, rate == Decimal::ONE_HUNDRED);
    }

    #[test]
    fn rounding_agrees_with_a_big_rational_reference(
        d in direction(), t in value(), a in value(), decimals in 0u32..=4
    ) {
        let settings = Settings { decimals, cap: false, ..Settings::default() };
        if let Some(expected) = reference(d, t, a, decimals) {
            let (rate, _) = shown(d, t, a, settings);
            prop_assert_eq!(rate, expected);
        }
    }
}
