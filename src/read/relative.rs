//! Targets written relative to the baseline, as plans print them:
//! `393人増`, `+393`, `10%増`, `10%削減`, `5ポイント増`, `倍増`, `半減`,
//! `現状維持`. Each is resolved against the row's baseline, exactly.

use rust_decimal::Decimal;

use super::number::{normalize, parse_number};

/// A target written relative to the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relative {
    /// The baseline plus an amount in the row's unit (`393人増`, `+393`,
    /// `5ポイント増` for a share in %); negative for a decrease (`393人減`).
    Plus(Decimal),
    /// The baseline times a factor: `10%増` 1.1, `10%削減` 0.9, `倍増` 2,
    /// `半減` 0.5.
    Times(Decimal),
    /// The baseline itself (`現状維持`, `維持`).
    Keep,
}

/// Words after an amount that say which way it goes.
const UP: [&str; 3] = ["増加", "増", "アップ"];
const DOWN: [&str; 4] = ["削減", "減少", "減", "ダウン"];

/// Words that end a target's reference clause (`平成20年度と比べて`,
/// `H20年度比`): the amount after them is counted from the reference,
/// which plancheck takes to be the row's baseline (the note keeps the
/// target as written, reference and all).
const REFERENCE_ENDS: [&str; 7] = [
    "と比べて",
    "に比べて",
    "と比較して",
    "と比べ",
    "に比べ",
    "年度比",
    "年比",
];

/// The cell after its reference clause, or the cell.
fn without_reference(cell: &str) -> &str {
    REFERENCE_ENDS
        .iter()
        .find_map(|end| {
            let rest = cell[cell.rfind(end)? + end.len()..].trim_start_matches(['、', ',', ' ', '　']);
            (!rest.is_empty()).then_some(rest)
        })
        .unwrap_or(cell)
}

impl Relative {
    /// Reads a target cell of a row counted in `unit`: `Ok(None)` when the
    /// cell is not written relative to the baseline (a plain number), an
    /// error when it is but names another unit.
    pub fn parse(text: &str, unit: &str) -> Result<Option<Relative>, String> {
        let cell = normalize(text);
        let cell = without_reference(cell.trim());
        match cell {
            "現状維持" | "維持" | "現状値を維持" | "現状値維持" => {
                return Ok(Some(Relative::Keep));
            }
            "倍増" => return Ok(Some(Relative::Times(Decimal::TWO))),
            "半減" => return Ok(Some(Relative::Times(Decimal::new(5, 1)))),
            _ => {}
        }
        let (body, sign) = if let Some(body) = UP.iter().find_map(|w| cell.strip_suffix(w)) {
            (body, Decimal::ONE)
        } else if let Some(body) = DOWN.iter().find_map(|w| cell.strip_suffix(w)) {
            (body, Decimal::NEGATIVE_ONE)
        } else if let Some(body) = cell.strip_prefix('+') {
            (body, Decimal::ONE)
        } else {
            return Ok(None);
        };
        let body = body.trim();
        let amount = |number: &str, unit: &str| -> Result<Decimal, String> {
            match parse_number(number, unit) {
                Ok(Some(value)) if !value.is_sign_negative() => Ok(value * sign),
                Ok(_) => Err(format!(
                    "\"{}\" has no amount to add to the baseline",
                    text.trim()
                )),
                Err(message) => Err(format!("\"{}\": {message}", text.trim())),
            }
        };
        if let Some(points) = body.strip_suffix("ポイント").or_else(|| body.strip_suffix("pt")) {
            return amount(points, "").map(|n| Some(Relative::Plus(n)));
        }
        if let Some(percent) = body.strip_suffix('%') {
            let share = amount(percent, "")?;
            return Ok(Some(Relative::Times(Decimal::ONE + share / Decimal::ONE_HUNDRED)));
        }
        // An amount, with or without the row's unit (`393人`); a `%` row's
        // amount is in its own unit only through ポイント (`5ポイント増`),
        // since `5%増` reads as five percent more.
        amount(body, unit).map(|n| Some(Relative::Plus(n)))
    }

    /// The target this means for a row whose baseline is `baseline`;
    /// `None` when the numbers are too large.
    pub fn resolve(self, baseline: Decimal) -> Option<Decimal> {
        match self {
            Relative::Plus(amount) => baseline.checked_add(amount),
            Relative::Times(factor) => baseline.checked_mul(factor).map(|t| t.normalize()),
            Relative::Keep => Some(baseline),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn target(text: &str, unit: &str, baseline: &str) -> String {
        let relative = Relative::parse(text, unit).unwrap().unwrap();
        relative
            .resolve(Decimal::from_str(baseline).unwrap())
            .unwrap()
            .to_string()
    }

    #[test]
    fn every_form_resolves_against_the_baseline() {
        assert_eq!(target("393人増", "人", "6125"), "6518");
        assert_eq!(target("+393", "人", "6125"), "6518");
        assert_eq!(target("＋３９３人", "人", "6125"), "6518");
        assert_eq!(target("393人減", "人", "6125"), "5732");
        assert_eq!(target("10%増", "人", "200"), "220");
        assert_eq!(target("10%削減", "t", "1,250".replace(',', "").as_str()), "1125");
        assert_eq!(target("5ポイント増", "%", "42.5"), "47.5");
        assert_eq!(target("倍増", "件", "35"), "70");
        assert_eq!(target("半減", "件", "35"), "17.5");
        assert_eq!(target("現状維持", "%", "80"), "80");
    }

    #[test]
    fn plain_numbers_are_not_relative_and_units_must_agree() {
        assert_eq!(Relative::parse("393", "人").unwrap(), None);
        assert_eq!(Relative::parse("-5", "人").unwrap(), None);
        assert_eq!(Relative::parse("", "人").unwrap(), None);
        let error = Relative::parse("393件増", "人").unwrap_err();
        assert!(
            error.contains("ends in the unit \"件\", but the row's unit is \"人\""),
            "{error}"
        );
        assert!(Relative::parse("増", "人").is_err());
    }
}
