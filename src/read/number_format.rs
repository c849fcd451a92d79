//! Number formats as Excel applies them: whether a format shows its value
//! as a percent (×100), and how many decimal places it shows.

use calamine::NumberFormat;

/// Whether a number format shows its value as a percent: the built-in
/// formats 9 (`0%`) and 10 (`0.00%`), or a format code with a `%` outside
/// quoted text.
pub(super) fn is_percent_format(format: &NumberFormat) -> bool {
    matches!(format.format_id, Some(9 | 10)) || scales_by_100(&format.format_code)
}

/// The decimal places a number format shows: the digit places (`0`, `#`,
/// `?`) after the point of its first section (`0.0%` → 1, `0%` → 0).
pub(super) fn shown_places(format: &NumberFormat) -> u32 {
    match format.format_id {
        Some(9) => return 0,
        Some(10) => return 2,
        _ => {}
    }
    places_in_code(&format.format_code)
}

/// The decimal places of a format code's first section.
fn places_in_code(code: &str) -> u32 {
    let mut chars = code.chars();
    let mut places = None;
    while let Some(c) = chars.next() {
        match (c, places) {
            ('"', _) => {
                chars.by_ref().find(|&c| c == '"');
            }
            ('[', _) => {
                chars.by_ref().find(|&c| c == ']');
            }
            ('\\' | '_' | '*', _) => {
                chars.next();
            }
            (';', _) => break,
            ('.', None) => places = Some(0),
            ('0' | '#' | '?', Some(n)) => places = Some(n + 1),
            (_, Some(_)) => break,
            _ => {}
        }
    }
    places.unwrap_or(0).min(10)
}

/// Whether a number format code multiplies by 100: a `%` that is not
/// literal text. Quoted (`"%"`), escaped (`\%`), after `_` (a space as wide
/// as the character) or `*` (a fill), or inside brackets (`[Red]`,
/// `[$%-409]`), `%` is shown as itself and the value is as stored.
fn scales_by_100(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                chars.by_ref().find(|&c| c == '"');
            }
            '[' => {
                chars.by_ref().find(|&c| c == ']');
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '%' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_live_percent_sign_scales_a_value() {
        for code in ["0%", "0.0%", "#,##0.00%;[Red]-0.00%", "0.0 %", "%0"] {
            assert!(scales_by_100(code), "{code}");
        }
        for code in [
            "0.0\\%",
            "0.0\"%\"",
            "0.0_%",
            "0.0*%",
            "[$%-409]0.0",
            "General",
            "0.0\"％\"",
            "0.0\"a%b\"",
        ] {
            assert!(!scales_by_100(code), "{code}");
        }
    }

    #[test]
    fn the_places_a_format_shows() {
        for (code, places) in [
            ("0%", 0),
            ("0.0%", 1),
            ("0.00%", 2),
            ("#,##0.0_);[Red](#,##0.0)", 1),
            ("0.0\"x.00\"%", 1),
            ("General", 0),
        ] {
            assert_eq!(places_in_code(code), places, "{code}");
        }
    }
}
