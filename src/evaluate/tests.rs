//! The evaluation rules, row by row.

use super::*;
use crate::indicator::{Direction, Indicator, MethodChoice};
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn indicator(direction: Direction, target: &str, actual: Option<&str>) -> Indicator {
    Indicator {
        actual: actual.map(dec),
        ..Indicator::new("x", direction, dec(target))
    }
}

fn shown(direction: Direction, target: &str, actual: &str, settings: &Settings) -> (String, Status) {
    let e = evaluate(indicator(direction, target, Some(actual)), settings).unwrap();
    (e.achievement.unwrap().shown.to_string(), e.status)
}

fn rate(target: &str, actual: &str) -> String {
    shown(Direction::Increase, target, actual, &Settings::default()).0
}

#[test]
fn reproduces_the_reference_rates() {
    assert_eq!(rate("225", "182"), "80.9");
    assert_eq!(rate("42", "34.4"), "81.9");
    assert_eq!(rate("5", "8.3"), "100.0");
    assert_eq!(rate("3000", "2574"), "85.8");
    assert_eq!(rate("2180", "1612"), "73.9");
    assert_eq!(rate("2000", "1830"), "91.5");
    assert_eq!(rate("15000", "12974"), "86.5");
    assert_eq!(rate("6000", "5590"), "93.2");
    assert_eq!(rate("7000", "6092"), "87.0");
    assert_eq!(rate("3700", "2859"), "77.3");
}

#[test]
fn rounds_half_up_where_floats_would_not() {
    assert_eq!(rate("80", "23"), "28.8");
    assert_eq!(rate("2000", "1733"), "86.7");
    assert_eq!(rate("8", "1"), "12.5");
    let zero_places = Settings {
        decimals: 0,
        ..Settings::default()
    };
    assert_eq!(shown(Direction::Increase, "8", "1", &zero_places).0, "13");
    let four = Settings {
        decimals: 4,
        ..Settings::default()
    };
    assert_eq!(shown(Direction::Increase, "3", "1", &four).0, "33.3333");
    assert_eq!(shown(Direction::Increase, "3", "2", &four).0, "66.6667");
}

#[test]
fn lower_is_better_inverts_the_ratio() {
    let (rate, status) = shown(Direction::Decrease, "50", "80", &Settings::default());
    assert_eq!((rate.as_str(), status), ("62.5", Status::Unmet));
    let (rate, status) = shown(Direction::Decrease, "50", "40", &Settings::default());
    assert_eq!((rate.as_str(), status), ("100.0", Status::Met));
}

#[test]
fn cap_and_no_cap() {
    let no_cap = Settings {
        cap: false,
        ..Settings::default()
    };
    assert_eq!(
        shown(Direction::Increase, "200", "437.6", &Settings::default()).0,
        "100.0"
    );
    assert_eq!(shown(Direction::Increase, "200", "437.6", &no_cap).0, "218.8");
}

#[test]
fn unmet_never_prints_100() {
    let (rate, status) = shown(Direction::Increase, "10000", "9999", &Settings::default());
    assert_eq!((rate.as_str(), status), ("99.9", Status::Unmet));
    let zero = Settings {
        decimals: 0,
        ..Settings::default()
    };
    assert_eq!(shown(Direction::Increase, "1000", "996", &zero).0, "99");
    let no_cap = Settings {
        cap: false,
        ..Settings::default()
    };
    assert_eq!(shown(Direction::Increase, "10000", "9999", &no_cap).0, "99.9");
}

#[test]
fn unmet_never_prints_100_in_the_raw_column_either() {
    let e = evaluate(
        indicator(Direction::Increase, "100000000", Some("99999999")),
        &Settings::default(),
    )
    .unwrap();
    let achievement = e.achievement.unwrap();
    assert_eq!(e.status, Status::Unmet);
    assert_eq!(achievement.raw.unwrap().to_string(), "99.9");
    let met = evaluate(
        indicator(Direction::Increase, "10", Some("10")),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(met.achievement.unwrap().raw.unwrap().to_string(), "100.0");
    let above = Fraction::new(100001, 100000).unwrap();
    assert_eq!(raw_percent(above, 1, false).unwrap().to_string(), "100.1");
    assert_eq!(raw_percent(above, 1, true).unwrap().to_string(), "100.0");
}

#[test]
fn maintain_is_judged_like_increase() {
    assert_eq!(
        shown(Direction::Maintain, "10", "10", &Settings::default()).1,
        Status::Met
    );
    assert_eq!(
        shown(Direction::Maintain, "10", "9", &Settings::default()).1,
        Status::Unmet
    );
}

#[test]
fn zero_denominators_are_decided_by_comparison() {
    let e = evaluate(
        indicator(Direction::Decrease, "0", Some("0")),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(
        (e.status, e.achievement.unwrap().shown.to_string()),
        (Status::Met, "100.0".into())
    );
    assert_eq!(e.note, Some(Note::ZeroActual));
    let e = evaluate(
        indicator(Direction::Decrease, "0", Some("3")),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(
        (e.status, e.achievement.unwrap().shown.to_string()),
        (Status::Unmet, "0.0".into())
    );
    let e = evaluate(
        indicator(Direction::Increase, "0", Some("3")),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(e.status, Status::Met);
    assert_eq!(e.note, Some(Note::ZeroTarget));
}

#[test]
fn negative_values_are_refused_by_ratio() {
    let error = evaluate(
        indicator(Direction::Increase, "-5", Some("3")),
        &Settings::default(),
    )
    .unwrap_err()
    .error;
    assert_eq!(error.quantity, Quantity::Target);
    assert!(error.message.contains("-5 is negative"));
}

#[test]
fn pending_has_no_rate() {
    let e = evaluate(indicator(Direction::Increase, "5", None), &Settings::default()).unwrap();
    assert_eq!((e.status, e.achievement), (Status::Pending, None));
}

#[test]
fn fractions_compare_exactly() {
    let third = Fraction::new(1, 3).unwrap();
    let also = Fraction::new(2, 6).unwrap();
    assert_eq!(third, also);
    assert!(Fraction::new(-1, -3).unwrap() == third);
    let huge = Fraction::new(i128::MAX / 2, i128::MAX / 3).unwrap();
    assert!(huge > Fraction::ONE);
    assert_eq!(
        Fraction::new(-1, 8)
            .unwrap()
            .round_percent(0)
            .unwrap()
            .to_string(),
        "-13"
    );
}

fn with_baseline(direction: Direction, baseline: &str, target: &str, actual: &str) -> Indicator {
    Indicator {
        baseline: Some(dec(baseline)),
        ..indicator(direction, target, Some(actual))
    }
}

/// (shown, raw, status) under `method`.
fn by(method: MethodChoice, indicator: Indicator) -> (String, Option<String>, Status) {
    let settings = Settings {
        method,
        ..Settings::default()
    };
    let e = evaluate(indicator, &settings).unwrap();
    let a = e.achievement.unwrap();
    (a.shown.to_string(), a.raw.map(|r| r.to_string()), e.status)
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn progress_measures_the_share_of_the_planned_change() {
    use Direction::*;
    let p = MethodChoice::Progress;
    // (1100 − 1000) ÷ (1200 − 1000) = 50%
    assert_eq!(
        by(p, with_baseline(Increase, "1000", "1200", "1100")),
        ("50.0".into(), some("50.0"), Status::Unmet)
    );
    // ↘: (500 − 450) ÷ (500 − 400) = 50%
    assert_eq!(
        by(p, with_baseline(Decrease, "500", "400", "450")),
        ("50.0".into(), some("50.0"), Status::Unmet)
    );
    // A regression away from the baseline: raw −20%, shown 0.
    assert_eq!(
        by(p, with_baseline(Decrease, "500", "400", "520")),
        ("0.0".into(), some("-20.0"), Status::Unmet)
    );
    // No change at all: 0%.
    assert_eq!(by(p, with_baseline(Increase, "1000", "1200", "1000")).0, "0.0");
    // Past the target: met, capped; raw 150%.
    assert_eq!(
        by(p, with_baseline(Increase, "1000", "1200", "1300")),
        ("100.0".into(), some("150.0"), Status::Met)
    );
    // Negative values are fine: from −10 to +10, at 0 is half-way.
    assert_eq!(by(p, with_baseline(Increase, "-10", "10", "0")).0, "50.0");
    // Thirds round half-up: (1 − 0) ÷ (3 − 0).
    assert_eq!(by(p, with_baseline(Increase, "0", "3", "1")).0, "33.3");
}

#[test]
fn progress_needs_a_baseline_that_differs_from_the_target() {
    let settings = Settings {
        method: MethodChoice::Progress,
        ..Settings::default()
    };
    let error = evaluate(indicator(Direction::Increase, "5", Some("3")), &settings)
        .unwrap_err()
        .error;
    assert_eq!(error.quantity, Quantity::Baseline);
    assert!(
        error
            .message
            .starts_with("the progress method needs a baseline (策定時)")
    );
    let same = with_baseline(Direction::Increase, "5", "5", "3");
    let error = evaluate(same, &settings).unwrap_err().error;
    assert!(error.message.starts_with("the baseline equals the target (5)"));
}

#[test]
fn deviation_is_two_minus_the_ratio_when_lower_is_better() {
    use Direction::*;
    let d = MethodChoice::Deviation;
    // 2 − 450 ÷ 400 = 0.875
    assert_eq!(
        by(d, indicator(Decrease, "400", Some("450"))),
        ("87.5".into(), some("87.5"), Status::Unmet)
    );
    // 2 − 300 ÷ 400 = 1.25: met, capped.
    assert_eq!(
        by(d, indicator(Decrease, "400", Some("300"))),
        ("100.0".into(), some("125.0"), Status::Met)
    );
    // 2 − 1000 ÷ 400 = −0.5: floored at 0 for display.
    assert_eq!(
        by(d, indicator(Decrease, "400", Some("1000"))),
        ("0.0".into(), some("-50.0"), Status::Unmet)
    );
    // ↗ is the plain ratio.
    assert_eq!(by(d, indicator(Increase, "400", Some("300"))).0, "75.0");
    // A zero target has no quotient: decided by comparison.
    assert_eq!(
        by(d, indicator(Decrease, "0", Some("0"))),
        ("100.0".into(), None, Status::Met)
    );
    assert_eq!(
        by(d, indicator(Decrease, "0", Some("2"))),
        ("0.0".into(), None, Status::Unmet)
    );
}

#[test]
fn ratio_for_lower_is_better_differs_from_deviation() {
    // target ÷ actual = 400 ÷ 450 = 88.9%, where deviation gives 87.5%.
    assert_eq!(
        by(
            MethodChoice::Ratio,
            indicator(Direction::Decrease, "400", Some("450"))
        )
        .0,
        "88.9"
    );
}

#[test]
fn auto_and_per_row_methods() {
    let e = |indicator: Indicator, method| {
        let settings = Settings {
            method,
            ..Settings::default()
        };
        evaluate(indicator, &settings).unwrap().method
    };
    let auto = MethodChoice::Auto;
    assert_eq!(
        e(with_baseline(Direction::Increase, "1000", "1200", "1100"), auto),
        Method::Progress
    );
    assert_eq!(
        e(indicator(Direction::Increase, "1200", Some("1100")), auto),
        Method::Ratio
    );
    assert_eq!(
        e(with_baseline(Direction::Increase, "1200", "1200", "1100"), auto),
        Method::Ratio
    );
    let own = Indicator {
        method: Some(MethodChoice::Deviation),
        ..indicator(Direction::Decrease, "400", Some("450"))
    };
    assert_eq!(e(own, MethodChoice::Ratio), Method::Deviation);
}

#[test]
fn maintain_within_its_tolerance_is_met() {
    let settings = Settings {
        tolerance: Some(dec("5")),
        ..Settings::default()
    };
    let kept = evaluate(indicator(Direction::Maintain, "300", Some("285")), &settings).unwrap();
    assert_eq!(
        (kept.status, kept.note),
        (Status::Met, Some(Note::WithinTolerance))
    );
    assert_eq!(kept.achievement.unwrap().shown.to_string(), "100.0");
    let below = evaluate(indicator(Direction::Maintain, "300", Some("284.99")), &settings).unwrap();
    assert_eq!(
        (below.status, below.achievement.unwrap().shown.to_string()),
        (Status::Unmet, "95.0".into())
    );
    // The row's own tolerance wins; up and down rows ignore the file's.
    let own = Indicator {
        tolerance: Some(dec("1")),
        ..indicator(Direction::Maintain, "300", Some("295"))
    };
    assert_eq!(evaluate(own, &settings).unwrap().status, Status::Unmet);
    assert_eq!(
        evaluate(indicator(Direction::Increase, "300", Some("295")), &settings)
            .unwrap()
            .status,
        Status::Unmet
    );
    let misplaced = Indicator {
        tolerance: Some(dec("1")),
        ..indicator(Direction::Increase, "300", Some("295"))
    };
    let error = evaluate(misplaced, &settings).unwrap_err().error;
    assert_eq!(error.quantity, Quantity::Tolerance);
}

#[test]
fn grades_classify_the_exact_rate() {
    use crate::grading::Facts;
    let grades = Grades::bands(
        "t",
        vec![
            ("D".into(), dec("0"), None),
            ("A".into(), dec("100"), None),
            ("B".into(), dec("80"), None),
            ("C".into(), dec("60"), None),
        ],
    )
    .unwrap();
    let names: Vec<String> = grades.names().iter().map(|n| n.to_string()).collect();
    assert_eq!(names, ["A", "B", "C", "D"]);
    let grade = |num, den| {
        grades
            .grade(&Facts::of_rate(Fraction::new(num, den).unwrap()))
            .unwrap()
            .name
            .to_string()
    };
    assert_eq!(grade(1, 1), "A");
    assert_eq!(grade(4, 5), "B");
    assert_eq!(grade(79_999, 100_000), "C", "79.999% prints 80.0 but is below B");
    assert_eq!(grade(0, 1), "D");
    assert!(
        Grades::bands("t", vec![("A".into(), dec("50"), None)])
            .unwrap_err()
            .contains("must start at 0")
    );
    assert!(
        Grades::bands(
            "t",
            vec![("A".into(), dec("0"), None), ("A".into(), dec("50"), None)]
        )
        .unwrap_err()
        .contains("twice")
    );
    let pointed = Grades::bands(
        "t",
        vec![
            ("A".into(), dec("100"), Some(dec("95"))),
            ("B".into(), dec("80"), Some(dec("80"))),
            ("C".into(), dec("0"), Some(dec("35"))),
        ],
    )
    .unwrap();
    assert_eq!(
        pointed
            .grade(&Facts::of_rate(Fraction::new(9, 10).unwrap()))
            .unwrap()
            .points,
        Some(dec("80"))
    );
    assert!(
        Grades::bands(
            "t",
            vec![
                ("A".into(), dec("100"), Some(dec("95"))),
                ("C".into(), dec("0"), None)
            ]
        )
        .unwrap_err()
        .contains("every grade")
    );
}
