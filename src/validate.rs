//! Warnings about rows that evaluate but are probably wrong: the slips a
//! careful reader of a plan's table would query before it goes to council.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::indicator::{Direction, Indicator, TargetForm};
use crate::read::Column;
use crate::render::Lang;
use crate::render::labels::direction_note;

/// Checks rows one by one; remembers (chapter, section, indicator, period)
/// to find duplicates, so memory grows with the number of indicators.
#[derive(Debug, Default)]
pub struct Validator {
    seen: HashMap<(String, String, String, String), (u64, String)>,
}

/// How far apart actual and target may be before it looks like a unit slip
/// (千人 against 人, 億円 against 千円).
const MAGNITUDE: i64 = 1000;

impl Validator {
    /// The warnings for one row of the table named `table` (a file, or a
    /// workbook's sheet), each with the column it is about.
    pub fn check(&mut self, indicator: &Indicator, table: &str) -> Vec<(Column, String)> {
        let mut warnings = Vec::new();
        let key = (
            indicator.chapter.to_string(),
            indicator.section.to_string(),
            indicator.name.clone(),
            indicator.period.to_string(),
        );
        if let Some((first, first_table)) = self.seen.get(&key) {
            let period = if indicator.period.is_empty() {
                String::new()
            } else {
                format!(" for period {}", indicator.period)
            };
            // Rows of another sheet are named with their sheet.
            let place = if first_table == table {
                format!("line {first}")
            } else {
                format!("{first_table}, row {first}")
            };
            warnings.push((
                Column::Indicator,
                format!("\"{}\"{period} appears again (first on {place})", indicator.name),
            ));
        } else {
            self.seen.insert(key, (indicator.line, table.to_string()));
        }
        if let Some(inferred) = indicator.direction_from.as_deref().copied() {
            // Every direction the table did not print is listed, with what
            // decided it (and what disagrees, if anything does).
            warnings.push((Column::Direction, direction_note(indicator, inferred, Lang::En)));
        }
        warnings.extend(baseline_warnings(indicator));
        warnings.extend(magnitude_warning(indicator));
        warnings.extend(share_warnings(indicator));
        warnings
    }
}

fn baseline_warnings(indicator: &Indicator) -> Option<(Column, String)> {
    let baseline = indicator.baseline?;
    // A text target has no number; a trend target is the baseline itself.
    let target = indicator.shown_target()?;
    // Where the year's target keeps the baseline, a final target may still move.
    let moves_later = indicator.final_target.is_some_and(|last| last != baseline);
    if baseline == target && indicator.target_form != TargetForm::Trend && !moves_later {
        return Some((
            Column::Target,
            format!("the target equals the baseline ({baseline}): there is no change to achieve"),
        ));
    }
    let against = match indicator.direction {
        Direction::Increase if target < baseline => "below",
        Direction::Decrease if target > baseline => "above",
        _ => return None,
    };
    Some((
        Column::Direction,
        format!(
            "the target ({target}) is {against} the baseline ({baseline}) although the direction is {}: \
             is the direction wrong?",
            indicator.direction.as_str()
        ),
    ))
}

fn magnitude_warning(indicator: &Indicator) -> Option<(Column, String)> {
    let actual = indicator.actual?.abs();
    let target = indicator.shown_target()?.abs();
    if actual.is_zero() || target.is_zero() {
        return None;
    }
    let factor = Decimal::from(MAGNITUDE);
    let (larger, what) = if actual >= target * factor {
        ("the actual", "the target")
    } else if target >= actual * factor {
        ("the target", "the actual")
    } else {
        return None;
    };
    Some((
        Column::Actual,
        format!(
            "{larger} is {MAGNITUDE} times {what} or more (actual {}, target {}): a unit slip such as 千人 for 人?",
            indicator.actual.unwrap_or_default(),
            indicator.target
        ),
    ))
}

fn share_warnings(indicator: &Indicator) -> Vec<(Column, String)> {
    if !matches!(indicator.unit.trim(), "%" | "％") {
        return Vec::new();
    }
    [
        (Column::Baseline, "baseline", indicator.baseline),
        (Column::Target, "target", indicator.shown_target()),
        (Column::Actual, "actual", indicator.actual),
    ]
    .into_iter()
    .filter_map(|(column, name, value)| {
        let value = value?;
        (value > Decimal::ONE_HUNDRED).then(|| {
            (
                column,
                format!("the {name} is {value}% though a share in % cannot exceed 100"),
            )
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn row(direction: Direction, baseline: Option<&str>, target: &str, actual: &str) -> Indicator {
        Indicator {
            line: 2,
            baseline: baseline.map(|b| Decimal::from_str(b).unwrap()),
            actual: Some(Decimal::from_str(actual).unwrap()),
            ..Indicator::new("x", direction, Decimal::from_str(target).unwrap())
        }
    }

    fn warnings(indicator: &Indicator) -> Vec<String> {
        Validator::default()
            .check(indicator, "plan.csv")
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn duplicates_name_the_first_line() {
        let mut validator = Validator::default();
        let first = row(Direction::Increase, None, "10", "5");
        assert!(validator.check(&first, "plan.csv").is_empty());
        let again = Indicator {
            line: 9,
            ..first.clone()
        };
        assert_eq!(
            validator.check(&again, "plan.csv"),
            [(Column::Indicator, "\"x\" appears again (first on line 2)".into())]
        );
        let other_period = Indicator {
            period: "H30".into(),
            ..first
        };
        assert!(validator.check(&other_period, "plan.csv").is_empty());
    }

    #[test]
    fn baselines_that_contradict_the_direction() {
        assert_eq!(
            warnings(&row(Direction::Increase, Some("10"), "10", "5")),
            ["the target equals the baseline (10): there is no change to achieve"]
        );
        assert!(
            warnings(&row(Direction::Increase, Some("200"), "150", "160"))[0]
                .starts_with("the target (150) is below the baseline (200)")
        );
        assert!(
            warnings(&row(Direction::Decrease, Some("100"), "150", "120"))[0]
                .starts_with("the target (150) is above the baseline (100)")
        );
        assert!(warnings(&row(Direction::Maintain, Some("200"), "150", "160")).is_empty());
        assert!(warnings(&row(Direction::Increase, Some("100"), "150", "160")).is_empty());
    }

    #[test]
    fn magnitudes_and_shares() {
        assert!(
            warnings(&row(Direction::Increase, None, "225", "225000"))[0]
                .starts_with("the actual is 1000 times the target or more")
        );
        assert!(
            warnings(&row(Direction::Increase, None, "225000", "182"))[0]
                .starts_with("the target is 1000 times the actual or more")
        );
        assert!(warnings(&row(Direction::Increase, None, "225", "2250")).is_empty());
        let share = Indicator {
            unit: "%".into(),
            ..row(Direction::Increase, Some("35"), "42", "134.4")
        };
        assert_eq!(
            warnings(&share),
            ["the actual is 134.4% though a share in % cannot exceed 100"]
        );
    }
}
