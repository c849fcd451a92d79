//! Each rule kind, each rounding, and the built-in schemes read.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn row(baseline: &str, actual: &str, met: bool) -> Facts<'static> {
    Facts {
        evaluable: true,
        all_equal: false,
        met,
        final_met: None,
        rate: None,
        higher_is_better: true,
        baseline: Some(dec(baseline)),
        previous: None,
        actual: Some(dec(actual)),
        unit: "",
        below_line: None,
    }
}

fn builtin(name: &str) -> Scheme {
    builtin::scheme(name).unwrap().unwrap()
}

fn grade(scheme: &Scheme, facts: &Facts) -> String {
    scheme
        .grade(facts)
        .map_or("none".to_string(), |g| g.name.to_string())
}

#[test]
fn every_built_in_scheme_reads() {
    for (name, _, _) in builtin::SCHEMES {
        assert_eq!(builtin(name).name, name);
    }
}

#[test]
fn roundings_of_a_half() {
    assert_eq!(
        Rounding::HalfDown.round(dec("3.5")),
        dec("3"),
        "五捨六入: 3.5 → 3"
    );
    assert_eq!(Rounding::HalfDown.round(dec("3.6")), dec("4"));
    assert_eq!(Rounding::HalfUp.round(dec("3.5")), dec("4"));
    assert_eq!(Rounding::HalfEven.round(dec("2.5")), dec("2"));
    assert_eq!(Rounding::HalfEven.round(dec("3.5")), dec("4"));
}

#[test]
fn health21_grades_by_the_5_percent_rule_and_the_line() {
    let scheme = builtin("health21");
    assert_eq!(grade(&scheme, &row("100", "120", true)), "A");
    assert_eq!(grade(&scheme, &row("100", "105", false)), "B", "5% better is B");
    assert_eq!(grade(&scheme, &row("100", "104.99", false)), "C");
    assert_eq!(grade(&scheme, &row("100", "95.01", false)), "C");
    assert_eq!(grade(&scheme, &row("100", "95", false)), "D", "5% worse is D");
    // Lower is better: a fall is an improvement.
    let down = Facts {
        higher_is_better: false,
        ..row("49.5", "43.0", false)
    };
    assert_eq!(grade(&scheme, &down), "B");
    // Below the line from the baseline to the target: B*.
    let behind = Facts {
        below_line: Some(true),
        ..row("100", "110", false)
    };
    assert_eq!(grade(&scheme, &behind), "B*");
    let on_line = Facts {
        below_line: Some(false),
        ..row("100", "110", false)
    };
    assert_eq!(grade(&scheme, &on_line), "B");
    // No years: B, and the grade says B* was not decided.
    let undecided = scheme.grade(&row("100", "110", false)).unwrap();
    assert_eq!(
        (&*undecided.name, undecided.undecided),
        ("B", Some(Undecided::Line))
    );
    let pending = Facts {
        evaluable: false,
        actual: None,
        ..row("100", "100", false)
    };
    assert_eq!(grade(&scheme, &pending), "E");
    // An item: A=5, B=4, C=3 → mean 4 → B; 3.5 → C (五捨六入).
    assert_eq!(scheme.group_grade(dec("4")).as_deref(), Some("B"));
    assert_eq!(scheme.group_grade(dec("3.5")).as_deref(), Some("C"));
    assert_eq!(scheme.group_grade(dec("3.6")).as_deref(), Some("B"));
}

#[test]
fn marks_judge_the_final_target_the_year_and_the_previous_value() {
    let scheme = builtin("marks");
    let with_final = |met, final_met, baseline, actual| Facts {
        final_met: Some(final_met),
        ..row(baseline, actual, met)
    };
    assert_eq!(grade(&scheme, &with_final(true, true, "90", "100")), "◎");
    assert_eq!(grade(&scheme, &with_final(true, false, "90", "95")), "○");
    assert_eq!(grade(&scheme, &with_final(false, false, "90", "92")), "△");
    assert_eq!(
        grade(&scheme, &with_final(false, false, "90", "90")),
        "▲",
        "no change is not better"
    );
    let equal = Facts {
        all_equal: true,
        ..with_final(true, false, "90", "90")
    };
    assert_eq!(grade(&scheme, &equal), "−");
}

#[test]
fn rate_bands_points_and_one_sided_bands() {
    let bands = builtin("bands-90-80");
    let rate = |n, d| Facts::of_rate(crate::exact::Fraction::new(n, d).unwrap());
    assert_eq!(grade(&bands, &rate(1, 1)), "◎");
    assert_eq!(grade(&bands, &rate(9, 10)), "○");
    assert_eq!(grade(&bands, &rate(899, 1000)), "△");
    assert_eq!(grade(&bands, &rate(79, 100)), "×");
    let seven = builtin("sevenpoint");
    assert_eq!(seven.grade(&rate(1, 2)).unwrap().points, Some(dec("2")));
    assert_eq!(seven.group_grade(dec("4.5")).as_deref(), Some("5"));
    let band = builtin("baseline-band");
    assert_eq!(grade(&band, &row("100", "101", false)), "A");
    assert_eq!(
        grade(&band, &row("100", "100", false)),
        "B",
        "no change is within the band"
    );
    assert_eq!(
        grade(&band, &row("100", "90", false)),
        "B",
        "10% below is within it"
    );
    assert_eq!(grade(&band, &row("100", "89.9", false)), "C");
    let no_baseline = Facts {
        baseline: None,
        ..row("0", "80", false)
    };
    assert_eq!(grade(&band, &no_baseline), "−");
}

#[test]
fn points_bands_hold_for_shares_only() {
    let change = Change {
        from: From::Baseline,
        measure: Measure::Points,
        at_least: Some(dec("-3")),
        above: None,
        below: None,
        at_most: Some(dec("3")),
    };
    let share = Facts {
        unit: "%",
        ..row("50", "52", false)
    };
    assert!(change.holds(&share));
    let count = Facts {
        unit: "件",
        ..row("50", "52", false)
    };
    assert!(!change.holds(&count), "3 points of 件 mean nothing");
}

#[test]
fn scheme_errors_name_the_file_line_and_key() {
    let error = parse("[[rule]]\ngrade = \"A\"\nmet = true\n\n[[rule]]\ngrade = \"B\"\nchange_in = \"percentage\"\nchange_at_least = 5\n", "mine.toml").unwrap_err();
    assert_eq!(
        error,
        "mine.toml:5: rule \"B\": change_in: \"percentage\" is not percent, points or amount"
    );
    let unknown = parse("[[rule]]\ngrade = \"A\"\nmeets = true\n", "mine.toml").unwrap_err();
    assert!(
        unknown.starts_with("mine.toml:3: unknown field `meets`"),
        "{unknown}"
    );
    let twice = parse(
        "[[rule]]\ngrade = \"A\"\npoints = 5\n[[rule]]\ngrade = \"A\"\npoints = 4\n",
        "m.toml",
    )
    .unwrap_err();
    assert!(
        twice.starts_with("m.toml:4: rule \"A\": points: 4 here, but 5 in the rule at line 1"),
        "{twice}"
    );
    let letters = parse(
        "[[rule]]\ngrade = \"A\"\npoints = 5\n[rollup]\nrounding = \"half-up\"\nletters = { A = 5, B = 5 }\n",
        "m.toml",
    )
    .unwrap_err();
    assert!(letters.contains("both stand for 5 points"), "{letters}");
}
