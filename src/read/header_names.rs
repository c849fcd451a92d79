//! How a header cell is matched to a column: normalized as Excel users
//! type it (full-width, Alt+Enter, spaces), then looked up among the words
//! publishers use (`vocabulary`), alone or with a period (`目標値(H26)`).

use super::vocabulary::Column;

/// What a header names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Header {
    Single(Column),
    /// A per-period column and its period, as written (`H26`).
    PerPeriod(Column, String),
}

impl Header {
    /// The column named, with or without a period.
    pub fn column(&self) -> Column {
        match self {
            Header::Single(column) | Header::PerPeriod(column, _) => *column,
        }
    }
}

/// A header cell as it is matched: full-width letters, digits and brackets
/// made ASCII (`目標値（Ｈ２６）` → `目標値(H26)`), line breaks (Alt+Enter)
/// and runs of spaces made one space, and spaces next to Japanese text
/// dropped (`目 標 値`, `目標値\n(H26)`), while `target H26` keeps its.
/// Case is kept: periods are read from this text as written.
pub fn normalize_header(header: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(header.len());
    for c in header.chars() {
        let c = match crate::text::ascii_width(c) {
            '\u{feff}' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && chars.last().is_none_or(|&last| last == ' ') {
            continue;
        }
        chars.push(c);
    }
    while chars.last() == Some(&' ') {
        chars.pop();
    }
    let mut out = String::with_capacity(header.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let (before, after) = (chars[i - 1], chars[i + 1]);
            let between_japanese = !before.is_ascii() && !after.is_ascii();
            let by_a_bracket = matches!(after, '(' | ')') || matches!(before, '(' | ')');
            if between_japanese || by_a_bracket {
                continue;
            }
        }
        out.push(c);
    }
    out
}

pub(super) fn classify(header: &str) -> Option<Header> {
    let trimmed = normalize_header(header);
    let name = trimmed.to_ascii_lowercase();
    if let Some(column) = Column::from_name(&name) {
        return Some(Header::Single(column));
    }
    if let Some(header) = per_period(&trimmed, &name) {
        return Some(header);
    }
    // `策定時(H22)`: a known name with a qualifier in brackets.
    let bare = name.split(['(', '（']).next().unwrap_or("").trim();
    Column::from_name(bare).map(Header::Single)
}

/// Two columns one header names at once, as in `目標値・実績値` or
/// `目標/実績`: reading it as either would be a guess.
pub(super) fn two_columns(header: &str) -> Option<(Column, Column)> {
    let normalized = normalize_header(header).to_ascii_lowercase();
    let parts: Vec<&str> = normalized
        .split(['・', '/', '／', '、', '&', '＆'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let columns: Vec<Column> = parts.iter().filter_map(|p| Column::from_name(p)).collect();
    match columns.as_slice() {
        [a, b, ..] if a != b => Some((*a, *b)),
        _ => None,
    }
}

/// Whether `label` names a per-period column without its period
/// (`目標値`, `actual`, `達成率`): the lower tier of a period header.
pub fn is_per_period_name(label: &str) -> bool {
    matches!(classify(label), Some(Header::Single(c)) if c.is_per_period())
}

/// How many cells of `row` name a column plancheck knows: how close a row
/// that is not a header comes to being one.
pub fn known_columns(row: &[String]) -> usize {
    row.iter().filter(|cell| classify(cell).is_some()).count()
}

/// `目標値(H26)`, `目標値（H26）`, `target H26`, `target_2019`, `H26 target`.
/// The period is taken from `original` (ASCII lowercasing keeps byte offsets).
fn per_period(original: &str, name: &str) -> Option<Header> {
    const OPEN: &[char] = &[' ', '_', '(', '（', ':', '：', '\u{3000}'];
    const CLOSE: &[char] = &[')', '）', ' ', '\u{3000}'];
    for column in Column::ALL.into_iter().filter(|c| c.is_per_period()) {
        for alias in column.aliases() {
            if let Some(rest) = name.strip_prefix(alias)
                && rest.starts_with(OPEN)
            {
                let period = original[alias.len()..]
                    .trim_start_matches(OPEN)
                    .trim_end_matches(CLOSE);
                // `目標値(年度)`: a reminder that values are per year, no period.
                if !period.is_empty() && !matches!(period, "年度" | "年" | "年度末" | "単位") {
                    return Some(Header::PerPeriod(column, period.to_string()));
                }
            }
            // `H26 target`, `H22の目標値`.
            if let Some(rest) = name.strip_suffix(alias)
                && rest.ends_with([' ', '_', '\u{3000}', 'の'])
            {
                let period = original[..rest.len()].trim_end_matches([' ', '_', '\u{3000}', 'の']);
                if !period.is_empty() {
                    return Some(Header::PerPeriod(column, period.to_string()));
                }
            }
        }
    }
    None
}
