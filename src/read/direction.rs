//! A row's direction where the table prints none: no publisher seen prints
//! a direction column, yet every rate depends on it. It is decided from the
//! row's own evidence, strongest first, and the evidence is kept for the
//! note (`direction inferred from baseline 100 → target 80`) so a reader
//! can check it; evidence that disagrees is named beside it.
//!
//! 1. the target cell's words (以下, ゼロ, 減少傾向へ → down; 以上 → up;
//!    維持 → maintain), or a target relative to the baseline (10%削減);
//! 2. the baseline → the target: above is up, below is down;
//! 3. the publisher's printed rate: whichever formula gives it;
//! 4. words in the indicator's name (削減, 死亡率 → down; 向上 → up);
//! 5. `--direction`, where nothing above decides.
//!
//! Without any, the row is an error naming what would decide it: never a
//! silent default.

use rust_decimal::Decimal;

use super::number::parse_number;
use super::printed::is_text_target;
use super::relative::Relative;
use super::vocabulary::{NAME_WORDS_DOWN, NAME_WORDS_UP, NAME_WORDS_UP_EXCEPTIONS, TARGET_WORDS};
use crate::indicator::{Direction, DirectionEvidence, Inferred};

/// What a row offers to decide its direction.
pub struct Evidence<'a> {
    pub name: &'a str,
    pub unit: &'a str,
    pub target_text: &'a str,
    pub baseline: Option<Decimal>,
    /// The plan's final target, where the table prints one.
    pub final_target: Option<Decimal>,
    pub actual_text: &'a str,
    pub published_text: &'a str,
    /// `--direction`.
    pub fallback: Option<Direction>,
}

/// The row's direction and the evidence that decided it, or what would
/// decide it.
pub fn infer(evidence: &Evidence) -> Result<(Direction, Inferred), String> {
    let mut found: Vec<(Direction, DirectionEvidence)> = Vec::new();
    found.extend(target_words(evidence.target_text, evidence.unit));
    let target = parse_number(evidence.target_text, evidence.unit).ok().flatten();
    // The baseline → this period's target, or, where that keeps the
    // baseline, → the plan's final target.
    let way = |from: Decimal, to: Decimal| {
        (to != from).then_some(if to > from {
            Direction::Increase
        } else {
            Direction::Decrease
        })
    };
    if let (Some(baseline), Some(target)) = (evidence.baseline, target) {
        if let Some(direction) = way(baseline, target) {
            found.push((direction, DirectionEvidence::BaselineToTarget));
        } else if let Some(direction) = evidence.final_target.and_then(|last| way(baseline, last)) {
            found.push((direction, DirectionEvidence::BaselineToFinalTarget));
        }
    }
    let actual = parse_number(evidence.actual_text, evidence.unit).ok().flatten();
    let published = parse_number(evidence.published_text, "%").ok().flatten();
    if let (Some(target), Some(actual), Some(published)) = (target, actual, published) {
        found.extend(printed_rate(target, actual, published).map(|d| (d, DirectionEvidence::PublishedRate)));
    }
    found.extend(name_words(evidence.name));
    let text_target = is_text_target(evidence.target_text);
    if text_target {
        // A sentence for a target says its way in the words a name would
        // (`健康寿命の増加`).
        found.extend(name_words(evidence.target_text).map(|(d, e)| match e {
            DirectionEvidence::NameWords(word) => (d, DirectionEvidence::TargetWords(word)),
            other => (d, other),
        }));
    }
    let Some(&(direction, by)) = found.first() else {
        return match evidence.fallback {
            Some(direction) => Ok((
                direction,
                Inferred {
                    by: DirectionEvidence::Option,
                    against: None,
                },
            )),
            // Pending whichever way it goes: no direction is needed.
            None if text_target => Ok((
                Direction::Maintain,
                Inferred {
                    by: DirectionEvidence::TextTarget,
                    against: None,
                },
            )),
            None => Err(
                "no direction: the table has no direction column, and neither the target's words, \
                 a baseline below or above the target, a printed rate nor the name decides it; \
                 add a direction column (↗ ↘ →) or give --direction up|down|maintain"
                    .to_string(),
            ),
        };
    };
    let against = found
        .iter()
        .skip(1)
        .find(|(other, _)| {
            *other != direction && *other != Direction::Maintain && direction != Direction::Maintain
        })
        .map(|&(other, why)| (why, other));
    Ok((direction, Inferred { by, against }))
}

/// The direction a target cell's words give: a bound or a trend
/// (`以下`, `減少傾向へ`), or a target relative to the baseline.
fn target_words(text: &str, unit: &str) -> Option<(Direction, DirectionEvidence)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(&(word, direction)) = TARGET_WORDS.iter().find(|(word, _)| text.contains(word)) {
        return Some((direction, DirectionEvidence::TargetWords(word)));
    }
    let direction = match Relative::parse(text, unit).ok().flatten()? {
        Relative::Plus(amount) if amount.is_sign_positive() && !amount.is_zero() => Direction::Increase,
        Relative::Plus(amount) if !amount.is_zero() => Direction::Decrease,
        Relative::Times(factor) if factor > Decimal::ONE => Direction::Increase,
        Relative::Times(factor) if factor < Decimal::ONE => Direction::Decrease,
        _ => Direction::Maintain,
    };
    Some((direction, DirectionEvidence::Relative))
}

/// Which formula reproduces the printed rate, at the places printed:
/// actual ÷ target (higher is better) or target ÷ actual (lower is).
fn printed_rate(target: Decimal, actual: Decimal, published: Decimal) -> Option<Direction> {
    let places = published.scale();
    let rate = |num: Decimal, den: Decimal| {
        (!den.is_zero()).then(|| {
            (num / den * Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
    };
    let up = rate(actual, target) == Some(published);
    let down = rate(target, actual) == Some(published);
    match (up, down) {
        (true, false) => Some(Direction::Increase),
        (false, true) => Some(Direction::Decrease),
        _ => None,
    }
}

/// The direction the indicator's name says (`ごみ排出量` → down), where an
/// amount achieved by reducing (`削減量`) is something to raise.
fn name_words(name: &str) -> Option<(Direction, DirectionEvidence)> {
    if let Some(word) = NAME_WORDS_UP_EXCEPTIONS.iter().find(|w| name.contains(*w)) {
        return Some((Direction::Increase, DirectionEvidence::NameWords(word)));
    }
    if let Some(word) = NAME_WORDS_DOWN.iter().find(|w| name.contains(*w)) {
        return Some((Direction::Decrease, DirectionEvidence::NameWords(word)));
    }
    NAME_WORDS_UP
        .iter()
        .find(|w| name.contains(*w))
        .map(|word| (Direction::Increase, DirectionEvidence::NameWords(word)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn row<'a>(name: &'a str, target: &'a str, baseline: Option<&str>) -> Evidence<'a> {
        Evidence {
            name,
            unit: "",
            target_text: target,
            baseline: baseline.map(|b| Decimal::from_str(b).unwrap()),
            final_target: None,
            actual_text: "",
            published_text: "",
            fallback: None,
        }
    }

    fn direction(evidence: &Evidence) -> Option<Direction> {
        infer(evidence).ok().map(|(d, _)| d)
    }

    #[test]
    fn the_strongest_evidence_decides() {
        use Direction::*;
        assert_eq!(
            direction(&row("二酸化炭素排出量", "80以下", None)),
            Some(Decrease)
        );
        assert_eq!(direction(&row("参加者数", "ゼロ", Some("5"))), Some(Decrease));
        assert_eq!(
            direction(&row("参加者数", "10%削減", Some("100"))),
            Some(Decrease)
        );
        assert_eq!(
            direction(&row("参加者数", "現状維持", Some("100"))),
            Some(Maintain)
        );
        assert_eq!(direction(&row("x", "120", Some("100"))), Some(Increase));
        assert_eq!(direction(&row("x", "80", Some("100"))), Some(Decrease));
        assert_eq!(direction(&row("交通事故件数", "80", None)), Some(Decrease));
        assert_eq!(direction(&row("ごみの削減量", "80", None)), Some(Increase));
        assert_eq!(direction(&row("満足度の向上", "80", None)), Some(Increase));
        assert_eq!(direction(&row("x", "80", None)), None);
        let with_option = Evidence {
            fallback: Some(Maintain),
            ..row("x", "80", None)
        };
        assert_eq!(direction(&with_option), Some(Maintain));
    }

    #[test]
    fn a_printed_rate_says_which_formula() {
        let mut evidence = row("x", "225", None);
        evidence.actual_text = "182";
        evidence.published_text = "80.9";
        assert_eq!(direction(&evidence), Some(Direction::Increase));
        evidence.published_text = "123.6";
        assert_eq!(direction(&evidence), Some(Direction::Decrease));
    }

    #[test]
    fn disagreeing_evidence_is_named() {
        let (direction, inferred) = infer(&row("ごみ排出量の削減", "120", Some("100"))).unwrap();
        assert_eq!(direction, Direction::Increase);
        assert_eq!(inferred.by, DirectionEvidence::BaselineToTarget);
        assert_eq!(
            inferred.against,
            Some((DirectionEvidence::NameWords("削減"), Direction::Decrease))
        );
    }
}
