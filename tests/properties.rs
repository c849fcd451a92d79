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

mod whole_files {
    use plancheck::evaluate::{Settings, evaluate};
    use plancheck::read::{IndicatorReader, Input, ReadOptions};
    use proptest::prelude::*;

    /// A cell that is sometimes valid, sometimes the junk users really type.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u32..100_000).prop_map(|n| n.to_string()),
            (0u32..100_000, 0u32..100).prop_map(|(n, f)| format!("{n}.{f}")),
            (1u32..999, 0u32..1000).prop_map(|(a, b)| format!("\"{a},{b:03}\"")),
            Just(String::new()),
            Just("-".to_string()),
            Just("△5".to_string()),
            Just("１２３".to_string()),
            Just("1e5".to_string()),
            "[a-z↗↘→%人 ]{0,4}",
        ]
    }

    fn direction() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("up"),
            Just("down"),
            Just("maintain"),
            Just("↗"),
            Just("sideways"),
            Just("")
        ]
        .prop_map(str::to_string)
    }

    fn row() -> impl Strategy<Value = String> {
        ("[a-z]{1,3}", direction(), cell(), cell(), cell(), "[A-Z0-9]{0,3}").prop_map(
            |(name, d, baseline, target, actual, period)| {
                format!("{name},{d},{baseline},{target},{actual},{period}")
            },
        )
    }

    proptest! {
        #[test]
        fn every_row_is_evaluated_pending_or_reported(rows in prop::collection::vec(row(), 1..40), method in 0..4usize) {
            let text = format!("indicator,direction,baseline,target,actual,period\n{}\n", rows.join("\n"));
            let mut reader = IndicatorReader::new(Input::from_bytes("p.csv", text.into_bytes()), ReadOptions::default()).unwrap();
            let settings = Settings {
                method: [
                    plancheck::indicator::MethodChoice::Ratio,
                    plancheck::indicator::MethodChoice::Progress,
                    plancheck::indicator::MethodChoice::Deviation,
                    plancheck::indicator::MethodChoice::Auto,
                ][method],
                ..Settings::default()
            };
            let (mut read, mut evaluated, mut rejected, mut unreadable) = (0, 0, 0, 0);
            while let Some(row) = reader.next_row().unwrap() {
                read += 1;
                match row {
                    Ok(indicator) => match evaluate(indicator, &settings) {
                        Ok(_) => evaluated += 1,
                        Err(_) => rejected += 1,
                    },
                    Err(errors) => {
                        prop_assert!(!errors.is_empty(), "a bad row always says why");
                        unreadable += 1;
                    }
                }
            }
            prop_assert_eq!(read, rows.len());
            prop_assert_eq!(evaluated + rejected + unreadable, rows.len());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let mut with_header = b"indicator,direction,target,actual\n".to_vec();
            with_header.extend(&bytes);
            for input in [bytes, with_header] {
                if let Ok(mut reader) = IndicatorReader::new(Input::from_bytes("b.csv", input), ReadOptions::default()) {
                                        while let Ok(Some(row)) = reader.next_row() {
                        match row {
                            Ok(indicator) => {
                                if let Err(rejected) = evaluate(indicator, &Settings::default()) {
                                    prop_assert!(!rejected.error.message.is_empty());
                                }
                            }
                            Err(errors) => prop_assert!(errors.iter().all(|e| e.line > 0 && !e.message.is_empty())),
                        }
                    }
                }
            }
        }
    }
}
