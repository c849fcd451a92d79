//! Numbers as plans print them: `2,900`, ` 3,085 `, `8.3`, `-5`, `34.4%`,
//! full-width `２，９００`, `△5` and `▲5` for −5 (Japanese accounting), and a
//! trailing unit (`182人`). Parsed straight into an exact decimal: no float
//! ever sits between the text and the printed rate.

use rust_decimal::Decimal;

use super::vocabulary::BOUNDS;

/// Largest number of significant digits kept: more than Excel's 15, so that
/// any number a spreadsheet shows is read exactly.
pub const MAX_DIGITS: u32 = 18;
/// Largest number of decimal places kept: as many as an exact decimal holds,
/// so that a formula's cached `=1/3` (0.333333333333333) or a tiny share is
/// read at any scale. Rate arithmetic checks for overflow and reports a row
/// whose numbers are too far apart to divide exactly, never rounds it.
pub const MAX_DECIMAL_PLACES: u32 = 28;

/// Parses a numeric cell of a row whose unit is `unit`. An empty cell is
/// `Ok(None)`; anything that is not a plain decimal number is an error
/// message naming the text and what was expected.
///
/// A unit written after the number (`182人`, `34.4%`) is accepted when it is
/// the row's unit; `%` is also accepted when the row names no unit. Any other
/// unit is an error, since `34.4%` in a row counted in 人 is a wrong column
/// or a wrong unit, and dropping it would hide that.
pub fn parse_number(text: &str, unit: &str) -> Result<Option<Decimal>, String> {
    // Most cells are a plain number and nothing else, which reads the same
    // by the path below: taken in one pass over the bytes.
    if let Some(value) = parse_plain(text) {
        return Ok(Some(value));
    }
    // Most cells are ASCII already; only full-width and △ forms need a copy.
    let normalized = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(normalize(text))
    };
    let cell = normalized.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    // As printed: `約 3,000` (about), `93.8 (H16)` (the value's year).
    let cell = cell.strip_prefix('約').map_or(cell, str::trim_start);
    let cell = without_year(cell);
    let (body, suffix) = split_unit(cell);
    if let Some(problem) = bound_or_range(text.trim(), suffix) {
        return Err(problem);
    }
    if !suffix.is_empty() {
        let unit = normalize(unit);
        let unit = unit.trim();
        if suffix != unit && !(suffix == "%" && unit.is_empty()) {
            return Err(if unit.is_empty() {
                format!(
                    "\"{}\" ends in the unit \"{suffix}\", but the row has no unit",
                    text.trim()
                )
            } else {
                format!(
                    "\"{}\" ends in the unit \"{suffix}\", but the row's unit is \"{unit}\"",
                    text.trim()
                )
            });
        }
    }
    parse_plain(body)
        .map(Some)
        .ok_or_else(|| describe_bad_number(text, body))
}

/// Splits `182人` into `182` and `人`: the unit starts at the first character
/// that cannot be part of a number.
fn split_unit(cell: &str) -> (&str, &str) {
    // A byte position: the bytes before it are ASCII, so it starts a character.
    let Some(end) = cell
        .bytes()
        .position(|b| !(b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-' | b'+' | b' ')))
    else {
        return (cell, "");
    };
    let (body, suffix) = cell.split_at(end);
    // Letters inside a number (1e5, 0x10, NaN) are not a unit but a bad number.
    if suffix.starts_with(|c: char| c.is_ascii_alphanumeric()) || body.trim().is_empty() {
        return (cell, "");
    }
    (body.trim_end(), suffix.trim())
}

/// Maps full-width digits, separators and signs to ASCII, and any Unicode
/// space to a plain one, so that what Excel users type in 全角 reads the same.
pub(crate) fn normalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            // Newspaper numerals: 105・3 is 105.3, 18、500 is 18,500.
            '・' if digit(i.checked_sub(1)) && digit(Some(i + 1)) => '.',
            '、' if digit(i.checked_sub(1)) && digit(Some(i + 1)) => ',',
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '，' => ',',
            '．' => '.',
            '－' | '−' | '△' | '▲' => '-',
            '＋' => '+',
            '％' => '%',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// Accepts `[+-]digits[.digits]`, with thousands separators only in groups of
/// three in the integer part, so that `1,5` (a European 1.5?) is refused
/// rather than read as 15. One pass over the bytes: this runs for every
/// number of every row.
fn parse_plain(body: &str) -> Option<Decimal> {
    let bytes = body.as_bytes();
    let (negative, mut start) = match bytes.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    // "▲ 5": a space may follow the sign.
    while bytes.get(start) == Some(&b' ') {
        start += 1;
    }
    // At most 18 digits: the mantissa fits a u64 (10^18 < 2^63), cheaper
    // per digit than the i128 it is built into at the end. Separators are
    // checked by where they fall among the digits counted so far.
    let mut mantissa: u64 = 0;
    let mut digits: u32 = 0;
    let mut separator: Option<u32> = None; // digits before the last separator
    let mut point: Option<u32> = None; // digits before the point
    for &byte in &bytes[start..] {
        if byte.is_ascii_digit() {
            mantissa = mantissa * 10 + u64::from(byte - b'0');
            if mantissa >= 10u64.pow(MAX_DIGITS) {
                return None;
            }
            digits += 1;
            continue;
        }
        // A separator closes a group of three, or a first group of one to three.
        let group_complete = match separator {
            None => true,
            Some(before) => digits - before == 3,
        };
        match byte {
            b',' if point.is_none()
                && group_complete
                && (separator.is_some() || (1..=3).contains(&digits)) =>
            {
                separator = Some(digits);
            }
            b'.' if point.is_none() && group_complete => point = Some(digits),
            _ => return None,
        }
    }
    if digits == 0 || (point.is_none() && separator.is_some_and(|before| digits - before != 3)) {
        return None;
    }
    let scale = point.map_or(0, |before| digits - before);
    if scale > MAX_DECIMAL_PLACES {
        return None;
    }
    let signed = if negative {
        -i128::from(mantissa)
    } else {
        i128::from(mantissa)
    };
    Decimal::try_from_i128_with_scale(signed, scale).ok()
}

/// `1e18`, `2.5E-3`: a number as a calculator or a script prints it.
fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa = mantissa.trim_start_matches(['-', '+']);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    digits(whole) && digits(fraction) && digits(exponent.trim_start_matches(['-', '+']))
}

/// `cell` without a year in brackets at its end (`93.8 (H16)`,
/// `35.0%（H30）`, `100 (2005年度)`): the value's year, not part of it.
pub fn without_year(cell: &str) -> &str {
    match split_year(cell) {
        Some((value, _)) => value,
        None => cell,
    }
}

/// A cell's value and the year in brackets at its end, if it has one.
pub fn split_year(cell: &str) -> Option<(&str, &str)> {
    let inner_end = cell.strip_suffix([')', '）'])?;
    let open = inner_end.rfind(['(', '（'])?;
    let year = inner_end[open..].trim_start_matches(['(', '（']).trim();
    let value = inner_end[..open].trim_end();
    (!value.is_empty() && crate::period::FiscalYear::parse(year).is_some()).then_some((value, year))
}

/// A bound (`90%以上`, `10件以下`, `5未満`) or a range (`80～90`) where a
/// number belongs: not a unit, and not a number. (A direction column says
/// which way is better; a target is one number.)
fn bound_or_range(text: &str, suffix: &str) -> Option<String> {
    if let Some((bound, _)) = BOUNDS.iter().find(|(b, _)| suffix.ends_with(b)) {
        return Some(format!(
            "\"{text}\" is a bound ({bound}), not a number: write the number alone \
             (the direction column says which way is better)"
        ));
    }
    let range = suffix.starts_with(['～', '~', '〜', '-', '－', '–'])
        && suffix[suffix.char_indices().nth(1).map_or(suffix.len(), |(i, _)| i)..]
            .starts_with(|c: char| c.is_ascii_digit());
    range.then(|| format!("\"{text}\" is a range, not a number: write one number"))
}

/// Explains why a cell is not a number, in the terms a spreadsheet user knows.
fn describe_bad_number(original: &str, body: &str) -> String {
    let found = original.trim();
    let digits = body.bytes().filter(u8::is_ascii_digit).count();
    let places = body.split_once('.').map_or(0, |(_, f)| f.len());
    let looks_numeric = body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-' | b'+'))
        && digits > 0
        && body.matches('.').count() <= 1;
    if looks_numeric && (digits as u32 > MAX_DIGITS || places as u32 > MAX_DECIMAL_PLACES) {
        format!(
            "\"{found}\" has too many digits (plancheck keeps numbers exact up to \
             {MAX_DIGITS} significant digits and {MAX_DECIMAL_PLACES} decimal places)"
        )
    } else if looks_numeric && body.contains(',') {
        format!(
            "\"{found}\" has a misplaced thousands separator (expected groups of three \
             digits, like 2,900)"
        )
    } else if is_scientific(found) {
        format!("\"{found}\" is in scientific notation; write the number in full (1e3 as 1000)")
    } else if found.starts_with('=') {
        format!(
            "\"{found}\" is a formula whose value the workbook did not save (files written by \
             scripts often hold formulas alone); open and save it in Excel or LibreOffice, or write the value"
        )
    } else {
        format!("\"{found}\" is not a number (expected digits like 2,900, 8.3, -5 or 34.4%)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// `parse_plain` by the rule as written: split at the point, then the
    /// integer part at its separators.
    fn plain_by_the_rule(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let rest = rest.trim_start_matches(' ');
        let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
        let groups: Vec<&str> = whole.split(',').collect();
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let grouped = groups.len() == 1
            || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
        if !grouped || !groups.iter().all(|g| all_digits(g)) || !all_digits(fraction) {
            return None;
        }
        let digits = format!("{}{fraction}", groups.concat());
        let significant = digits.trim_start_matches('0');
        if digits.is_empty()
            || significant.len() > MAX_DIGITS as usize
            || fraction.len() > MAX_DECIMAL_PLACES as usize
        {
            return None;
        }
        let sign = if negative { "-" } else { "" };
        let whole = groups.concat();
        let whole = if whole.is_empty() { "0".to_string() } else { whole };
        Decimal::from_str(&format!("{sign}{whole}.{fraction}0"))
            .ok()
            .map(|d| {
                // The rule's scale is the fraction's length.
                let mut d = d;
                d.rescale(fraction.len() as u32);
                d
            })
    }

    proptest::proptest! {
        #[test]
        fn plain_numbers_read_by_the_rule(
            sign in "[-+]? ?",
            groups in proptest::collection::vec("[0-9]{0,5}", 1..4),
            fraction in "(\\.[0-9]{0,3}[.,]?[0-9]{0,3})?",
            noise in "[0-9,.]{0,6}",
        ) {
            let shaped = format!("{sign}{}{fraction}", groups.join(","));
            for text in [shaped.as_str(), noise.as_str()] {
                let ours = parse_plain(text);
                let rule = plain_by_the_rule(text);
                proptest::prop_assert_eq!(ours.map(|d| d.to_string()), rule.map(|d| d.to_string()), "{:?}", text);
            }
        }
    }

    fn num(text: &str) -> String {
        parse_number(text, "").unwrap().unwrap().to_string()
    }

    #[test]
    fn plain_and_separated_numbers() {
        assert_eq!(num("2,900"), "2900");
        assert_eq!(num(" 3,085 "), "3085");
        assert_eq!(num("8.3"), "8.3");
        assert_eq!(num("-5"), "-5");
        assert_eq!(num("+5"), "5");
        assert_eq!(num("34.4%"), "34.4");
        assert_eq!(num("34.4 %"), "34.4");
        assert_eq!(num("1,234,567.25"), "1234567.25");
        assert_eq!(num(".5"), "0.5");
        assert_eq!(num("5."), "5");
        assert_eq!(num("0.000000001"), "0.000000001");
    }

    #[test]
    fn full_width_forms() {
        assert_eq!(num("２，９００"), "2900");
        assert_eq!(num("８．３"), "8.3");
        assert_eq!(num("－５"), "-5");
        assert_eq!(num("３４．４％"), "34.4");
        assert_eq!(num("\u{3000}１２\u{3000}"), "12");
    }

    #[test]
    fn triangles_are_minus() {
        assert_eq!(num("△5"), "-5");
        assert_eq!(num("▲1,200"), "-1200");
        assert_eq!(num("▲ 0.5"), "-0.5");
    }

    #[test]
    fn a_unit_after_the_number_must_be_the_rows() {
        assert_eq!(parse_number("182人", "人").unwrap().unwrap().to_string(), "182");
        assert_eq!(
            parse_number("2,900 億円", "億円").unwrap().unwrap().to_string(),
            "2900"
        );
        assert_eq!(parse_number("34.4%", "%").unwrap().unwrap().to_string(), "34.4");
        assert_eq!(parse_number("34.4％", "％").unwrap().unwrap().to_string(), "34.4");
        assert_eq!(
            parse_number("34.4%", "人").unwrap_err(),
            "\"34.4%\" ends in the unit \"%\", but the row's unit is \"人\""
        );
        assert_eq!(
            parse_number("182人", "").unwrap_err(),
            "\"182人\" ends in the unit \"人\", but the row has no unit"
        );
        assert!(parse_number("人", "人").is_err());
    }

    #[test]
    fn empty_is_none() {
        assert_eq!(parse_number("", "").unwrap(), None);
        assert_eq!(parse_number("  \u{3000}", "").unwrap(), None);
    }

    #[test]
    fn rejects_what_is_not_a_plain_number() {
        for bad in [
            "-", "abc", "1e5", "1e999", "NaN", "inf", "1.2.3", "1_000", "%", "1,5", "12,34", "1,2345",
            ",100", "1 000", "--5", ".", "0x10",
        ] {
            assert!(parse_number(bad, "").is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn error_messages_name_the_text() {
        assert_eq!(
            parse_number("1.2.3", "").unwrap_err(),
            "\"1.2.3\" is not a number (expected digits like 2,900, 8.3, -5 or 34.4%)"
        );
        assert!(
            parse_number("1,5", "")
                .unwrap_err()
                .contains("misplaced thousands separator")
        );
        let forty = "1".repeat(40);
        assert!(parse_number(&forty, "").unwrap_err().contains("too many digits"));
        assert!(
            parse_number("0.00000000000000000000000000001", "")
                .unwrap_err()
                .contains("too many digits")
        );
        assert_eq!(num("0.333333333333333"), "0.333333333333333");
        assert_eq!(num("0.0000000001"), "0.0000000001");
    }

    #[test]
    fn limits_are_inclusive() {
        assert!(parse_number(&"9".repeat(18), "").is_ok());
        assert!(parse_number(&"9".repeat(19), "").is_err());
    }
}
