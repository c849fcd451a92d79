//! What published tables print where a value is missing: a dash, an
//! ellipsis, or a word saying the figure is not out yet (集計中). Such an
//! actual is pending, with the placeholder kept as its note; any other text
//! in a number's place is still an error.

/// The placeholders read as "no actual yet".
pub const PLACEHOLDERS: [&str; 16] = [
    "－",
    "―",
    "-",
    "—",
    "–",
    "‐",
    "ー",
    "…",
    "...",
    "・・・",
    "集計中",
    "未集計",
    "未公表",
    "調査中",
    "※",
    "n/a",
];

/// Whether `text` (a trimmed cell) stands for a missing value.
pub fn is_placeholder(text: &str) -> bool {
    // Numbers, the common case, are answered at the first byte.
    match text.as_bytes().first() {
        None => false,
        Some(b) if b.is_ascii_digit() => false,
        _ => PLACEHOLDERS.contains(&text) || text.eq_ignore_ascii_case("n/a"),
    }
}

/// Whether a target cell says "keep the baseline" (維持, 現状維持): for a
/// maintain (→) indicator, the target is then its baseline.
pub fn means_baseline(text: &str) -> bool {
    matches!(text, "維持" | "現状維持" | "現状値を維持" | "keep" | "maintain")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_numbers() {
        for text in [
            "－",
            "―",
            "-",
            "—",
            "…",
            "集計中",
            "未集計",
            "未公表",
            "調査中",
            "※",
            "N/A",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["", "5", "-5", "x", "集計"] {
            assert!(!is_placeholder(text), "{text}");
        }
        assert!(means_baseline("現状維持"));
        assert!(!means_baseline("100"));
    }
}
