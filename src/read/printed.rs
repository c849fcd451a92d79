//! Values as publishers print them, beyond the number itself: a target
//! with its bound (`80以下`), a relative target that goes against the
//! direction, a unit printed at the end of the indicator's name.

use rust_decimal::Decimal;

use super::relative::Relative;
use super::vocabulary::{BOUNDS, TREND_TARGETS, ZERO_TARGETS};
use crate::indicator::Direction;

/// How a target relative to the baseline moves it, where that goes against
/// the direction: `10%削減` on a row where higher is better, `倍増` where
/// lower is (or of a negative baseline, which doubling lowers). Such a row
/// would count as met by standing still, so it is an error.
pub(super) fn against_direction(
    direction: Option<&Direction>,
    baseline: Decimal,
    target: Decimal,
) -> Option<&'static str> {
    match direction? {
        Direction::Increase if target < baseline => Some("lowers"),
        Direction::Decrease if target > baseline => Some("raises"),
        _ => None,
    }
}

/// A target written with its bound: the number's text, the bound, and the
/// direction the bound means (`80以下` → 80, 以下, down).
pub(super) fn with_bound(text: &str) -> Option<(&str, &'static str, Direction)> {
    // The first four: a target says "80以上", not "80を上回る".
    BOUNDS[..4].iter().find_map(|&(bound, way)| {
        let number = text.strip_suffix(bound)?.trim_end();
        (!number.is_empty()).then_some((number, bound, way))
    })
}

/// The unit an indicator's name carries at its end, as tables without a
/// unit column print it: `大気環境基準達成率【%】`, `待機児童数（単位：人）`.
pub(super) fn unit_in_name(name: &str) -> Option<&str> {
    let name = name.trim_end();
    let (open, close) = [
        ("【", "】"),
        ("（単位：", "）"),
        ("(単位:", ")"),
        ("(単位：", ")"),
        ("［", "］"),
    ]
    .into_iter()
    .find(|(_, close)| name.ends_with(close))?;
    let inner = &name[..name.len() - close.len()];
    let unit = inner[inner.rfind(open)? + open.len()..].trim();
    let unit = unit
        .strip_prefix("単位：")
        .or_else(|| unit.strip_prefix("単位:"))
        .unwrap_or(unit)
        .trim();
    (!unit.is_empty() && unit.chars().count() <= 6).then_some(unit)
}

/// Whether a cell is a grade as publishers print them, not a rate: a mark
/// (◎ ○ 〇 △ ▲ × ●), or a letter grade (A, B, B*, C, D, E, S, in any width).
pub fn is_grade_mark(text: &str) -> bool {
    let folded: String = text.trim().chars().map(crate::text::ascii_width).collect();
    matches!(
        folded.as_str(),
        "◎" | "○"
            | "〇"
            | "△"
            | "▲"
            | "×"
            | "✕"
            | "●"
            | "A"
            | "B"
            | "B*"
            | "C"
            | "D"
            | "E"
            | "S"
            | "a"
            | "b"
            | "c"
            | "d"
    )
}

/// Whether a target names only a trend (`減少傾向へ`, `増加傾向へ`, `縮小`):
/// the target is then the baseline, and only a change beyond it is met.
pub fn is_trend_target(text: &str) -> bool {
    TREND_TARGETS.contains(&text.trim())
}

/// Whether a target is text that names no number of the row — a sentence
/// such as `平均寿命の増加分を上回る健康寿命の増加`, as a health plan
/// prints a target tied to another indicator: no digit, at least four
/// characters with Japanese among them, and none of the written forms
/// plancheck resolves (a trend, ゼロ, 現状維持, 倍増). A short or
/// alphabetic cell (`x`, `同上`) is still an error.
pub fn is_text_target(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() >= 4
        && !text.chars().any(|c| crate::text::ascii_width(c).is_ascii_digit())
        && text.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
        && !is_trend_target(text)
        && !ZERO_TARGETS.contains(&text)
        && !matches!(Relative::parse(text, ""), Ok(Some(_)))
}
