//! Subtotal rows typed from print (計, 小計, 合計, 総計, 平均): kept out of
//! every count and roll-up, and checked against the rows they close.
//!
//! The word may stand in the chapter, section or indicator column. A
//! subtotal closes the rows that agree with it where it names something and
//! that come after the previous subtotal of the same kind: 計 in the
//! indicator column closes its section; 小計 in the section column closes
//! its chapter (or, with an indicator name, that indicator's rows in the
//! chapter); a 合計 block at the bottom, the word in the chapter column,
//! closes the same-named rows of every chapter above. Its printed target and
//! actual must equal the sums of those rows (平均: their means).
//!
//! Memory grows with the number of indicators, not rows: each row adds to
//! the running sums of the eight patterns it can be closed by.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::indicator::Indicator;
use crate::read::Column;
use crate::read::vocabulary::is_subtotal_word;

/// Whether `indicator` is a subtotal row.
pub fn is_subtotal(indicator: &Indicator) -> bool {
    [&*indicator.chapter, &*indicator.section, &indicator.name]
        .into_iter()
        .any(is_subtotal_word)
}

/// Which rows a subtotal closes: a value to agree with at each level, or
/// any (`None`), and the period.
type Pattern = (Option<String>, Option<String>, Option<String>, String);

/// Running sums of the rows a pattern matches.
#[derive(Clone, Debug, Default)]
struct Running {
    target: Decimal,
    actual: Decimal,
    /// Rows summed, and rows with an actual.
    rows: u64,
    measured: u64,
    unit: Option<String>,
    mixed_units: bool,
}

/// Checks subtotal rows against the rows they close.
#[derive(Debug, Default)]
pub struct SubtotalCheck {
    running: HashMap<Pattern, Running>,
    /// What each pattern had summed when its last subtotal (or average)
    /// came.
    closed: HashMap<(Pattern, bool), Running>,
}

impl SubtotalCheck {
    /// An ordinary row: added to every pattern that could close it.
    pub fn add(&mut self, indicator: &Indicator) {
        let levels = [&*indicator.chapter, &*indicator.section, &indicator.name];
        for mask in 0..8u8 {
            let pick = |i: usize| (mask & (1 << i) != 0).then(|| levels[i].to_string());
            let pattern = (pick(0), pick(1), pick(2), indicator.period.to_string());
            let running = self.running.entry(pattern).or_default();
            running.target += indicator.target;
            running.rows += 1;
            if let Some(actual) = indicator.actual {
                running.actual += actual;
                running.measured += 1;
            }
            match &running.unit {
                None => running.unit = Some(indicator.unit.to_string()),
                Some(unit) => running.mixed_units |= **unit != *indicator.unit,
            }
        }
    }

    /// A subtotal row: the problems of its printed figures against the rows
    /// it closes, each with the column it is about.
    pub fn check(&mut self, subtotal: &Indicator) -> Vec<(Column, String)> {
        let level = |cell: &str| (!cell.is_empty() && !is_subtotal_word(cell)).then(|| cell.to_string());
        let pattern = (
            level(&subtotal.chapter),
            level(&subtotal.section),
            level(&subtotal.name),
            subtotal.period.to_string(),
        );
        let average = [&*subtotal.chapter, &*subtotal.section, &subtotal.name]
            .iter()
            .any(|cell| cell.chars().filter(|c| !c.is_whitespace()).collect::<String>() == "平均");
        let now = self.running.get(&pattern).cloned().unwrap_or_default();
        let before = self
            .closed
            .insert((pattern, average), now.clone())
            .unwrap_or_default();
        let rows = now.rows - before.rows;
        if rows == 0 {
            return vec![(
                Column::Indicator,
                "a subtotal row with no rows above it to close".to_string(),
            )];
        }
        if now.mixed_units {
            return vec![(
                Column::Unit,
                "the rows this subtotal closes are in different units, so they cannot be summed".to_string(),
            )];
        }
        let mut problems = Vec::new();
        let target = now.target - before.target;
        if !agrees(subtotal.target, target, rows, average) {
            problems.push((
                Column::Target,
                describe("target", subtotal.target, target, rows, average),
            ));
        }
        let measured = now.measured - before.measured;
        if let Some(actual) = subtotal.actual
            && measured == rows
            && !agrees(actual, now.actual - before.actual, rows, average)
        {
            problems.push((
                Column::Actual,
                describe("actual", actual, now.actual - before.actual, rows, average),
            ));
        }
        problems
    }
}

/// Whether a printed figure equals the sum (or, for 平均, the mean) of
/// `rows` rows summing to `sum`: compared exactly, the mean as printed ×
/// rows against the sum.
fn agrees(printed: Decimal, sum: Decimal, rows: u64, average: bool) -> bool {
    if average {
        printed * Decimal::from(rows) == sum
    } else {
        printed == sum
    }
}

fn describe(what: &str, printed: Decimal, sum: Decimal, rows: u64, average: bool) -> String {
    if average {
        format!("the printed {what} {printed} is not the mean of the {rows} rows it closes ({sum} ÷ {rows})")
    } else {
        format!("the printed {what} {printed} is not the sum of the {rows} rows it closes ({sum})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Direction;
    use std::str::FromStr;

    fn row(chapter: &str, section: &str, name: &str, target: &str, actual: &str) -> Indicator {
        Indicator {
            chapter: chapter.into(),
            section: section.into(),
            unit: "千円".into(),
            actual: Some(Decimal::from_str(actual).unwrap()),
            ..Indicator::new(name, Direction::Increase, Decimal::from_str(target).unwrap())
        }
    }

    #[test]
    fn words_in_any_column() {
        assert!(is_subtotal(&row("", "", "計", "1", "1")));
        assert!(is_subtotal(&row("", "小 計", "a", "1", "1")));
        assert!(is_subtotal(&row("合計", "", "一般会計", "1", "1")));
        assert!(!is_subtotal(&row("第1章", "第1節", "合計特殊出生率", "1", "1")));
        for word in ["平 均\u{3000}", "\u{3000}総計", "総　計", "小計 "] {
            assert!(is_subtotal_word(word), "{word:?}");
        }
        for cell in ["計画", "均等", "合計額", "時計", "第1章 章1", ""] {
            assert!(!is_subtotal_word(cell), "{cell:?}");
        }
    }

    #[test]
    fn subtotals_close_their_rows() {
        let mut check = SubtotalCheck::default();
        check.add(&row("第1章", "", "一般会計", "100", "90"));
        check.add(&row("第1章", "", "特別会計", "50", "60"));
        assert!(check.check(&row("第1章", "", "計", "150", "150")).is_empty());
        check.add(&row("第2章", "", "一般会計", "200", "210"));
        check.add(&row("第2章", "", "特別会計", "40", "20"));
        let wrong = check.check(&row("第2章", "", "計", "240", "231"));
        assert_eq!(
            wrong,
            [(
                Column::Actual,
                "the printed actual 231 is not the sum of the 2 rows it closes (230)".to_string()
            )]
        );
        // A 合計 block repeats the accounts: each closes its rows in every chapter.
        assert!(check.check(&row("合計", "", "一般会計", "300", "300")).is_empty());
        assert!(check.check(&row("合計", "", "特別会計", "90", "80")).is_empty());
        assert!(check.check(&row("総計", "", "", "390", "380")).is_empty());
        assert!(check.check(&row("平均", "", "", "97.5", "95")).is_empty());
    }
}
