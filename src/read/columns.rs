//! Which input column holds what: header names in English and Japanese, in
//! the long layout (one row per indicator and period) or the wide layout the
//! published tables use (one row per indicator, a column pair per period:
//! `目標値(H26)`, `実績値(H26)`, `target H30`, `actual H30`).

use super::header_names::{Header, classify, normalize_header, two_columns};
use super::number::parse_number;
use super::printed::is_grade_mark;
use super::vocabulary::Column;
use crate::period::FiscalYear;

/// Long or wide, forced with `--layout` or detected from the headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One row per indicator and period, with target and actual columns.
    Long,
    /// One row per indicator, with target/actual columns per period.
    Wide,
}

/// The columns of one period in the wide layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodColumns {
    pub period: String,
    pub target: usize,
    pub actual: usize,
    pub published: Option<usize>,
}

/// Where each known column sits in the input's records (0-based).
#[derive(Clone, Debug, Default)]
pub struct Columns {
    positions: [Option<usize>; Column::ALL.len()],
    /// Per-period columns; empty in the long layout.
    periods: Vec<PeriodColumns>,
    /// The final target is printed on the line under each row's target,
    /// in the target column (`H22の目標値` over `目標値(最終)`), as a
    /// white paper prints merged row pairs.
    final_below: bool,
    /// The year the target column's header names (`H22の目標値`,
    /// `目標(R7)`): every row's target year where no column gives one.
    target_year: Option<FiscalYear>,
    /// Each row is followed by a line of the years of its values
    /// (`,(平成22年),(令和4年度),(令和元年)`), as a health plan prints them.
    year_lines: bool,
}

impl Columns {
    /// Maps a header row; the error says what is missing or ambiguous and
    /// lists the headers that were found.
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        layout: Option<Layout>,
    ) -> Result<Columns, String> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut columns = Columns::default();
        let mut per_period: Vec<(Column, String, usize)> = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            if is_target_over_final(header) {
                if let Some(first) = columns.position(Column::Target) {
                    return Err(format!(
                        "columns {} (\"{}\") and {} (\"{}\") are both the target column; keep one",
                        first + 1,
                        headers[first].trim(),
                        index + 1,
                        header.trim().replace('\n', " ")
                    ));
                }
                columns.positions[Column::Target as usize] = Some(index);
                columns.final_below = true;
                columns.target_year = match classify(header.split('\n').next().unwrap_or("")) {
                    Some(Header::PerPeriod(_, year)) => FiscalYear::parse(&year),
                    _ => None,
                };
                continue;
            }
            match classify(header) {
                // 現状値 beside another baseline (策定時) is the actual.
                Some(Header::Single(Column::Baseline))
                    if columns.position(Column::Baseline).is_some()
                        && columns.position(Column::Actual).is_none()
                        && [header, &headers[columns.position(Column::Baseline).unwrap_or(0)]]
                            .iter()
                            .any(|h| is_current_value(h)) =>
                {
                    let baseline = columns.position(Column::Baseline).unwrap_or(0);
                    if is_current_value(header) {
                        columns.positions[Column::Actual as usize] = Some(index);
                    } else {
                        columns.positions[Column::Actual as usize] = Some(baseline);
                        columns.positions[Column::Baseline as usize] = Some(index);
                    }
                }
                // 目標項目 beside another indicator column (指標) is the item
                // the indicators are grouped under, as a health plan prints
                // it: the section.
                Some(Header::Single(Column::Indicator))
                    if columns.position(Column::Section).is_none()
                        && columns
                            .position(Column::Indicator)
                            .is_some_and(|first| [headers[first], header].iter().any(|h| is_item(h))) =>
                {
                    let first = columns.position(Column::Indicator).unwrap_or(0);
                    let (item, indicator) = if is_item(header) {
                        (index, first)
                    } else {
                        (first, index)
                    };
                    columns.positions[Column::Section as usize] = Some(item);
                    columns.positions[Column::Indicator as usize] = Some(indicator);
                }
                Some(Header::Single(column)) => {
                    let slot = &mut columns.positions[column as usize];
                    if let Some(first) = *slot {
                        return Err(format!(
                            "columns {} (\"{}\") and {} (\"{}\") are both the {column} column; keep one",
                            first + 1,
                            headers[first].trim(),
                            index + 1,
                            header.trim()
                        ));
                    }
                    *slot = Some(index);
                }
                Some(Header::PerPeriod(column, period)) => per_period.push((column, period, index)),
                None => {
                    if let Some((a, b)) = two_columns(header) {
                        return Err(format!(
                            "column {} (\"{}\") could be the {a} or the {b} column; give each its own column",
                            index + 1,
                            header.trim()
                        ));
                    }
                }
            }
        }
        // 現状値 alone, with no actual column, is the actual (as a white
        // paper prints its latest value).
        if columns.position(Column::Actual).is_none()
            && let Some(at) = columns
                .position(Column::Baseline)
                .filter(|&at| is_current_value(headers[at]))
        {
            columns.positions[Column::Actual as usize] = Some(at);
            columns.positions[Column::Baseline as usize] = None;
        }
        let has_single =
            columns.position(Column::Target).is_some() || columns.position(Column::Actual).is_some();
        // A single column written with its year (`目標(R7)`, `実績値(H30)`)
        // beside the other single columns is that column, not a period.
        if layout != Some(Layout::Wide) && has_single {
            for column in [Column::Target, Column::Actual, Column::Published] {
                let written: Vec<usize> = per_period
                    .iter()
                    .filter(|(c, _, _)| *c == column)
                    .map(|&(_, _, i)| i)
                    .collect();
                if let ([only], None) = (written.as_slice(), columns.position(column)) {
                    columns.positions[column as usize] = Some(*only);
                    if column == Column::Target {
                        columns.target_year = per_period
                            .iter()
                            .find(|&&(_, _, i)| i == *only)
                            .and_then(|(_, year, _)| FiscalYear::parse(year));
                    }
                    per_period.retain(|&(_, _, i)| i != *only);
                }
            }
        }
        let wide = match layout {
            Some(Layout::Wide) => true,
            Some(Layout::Long) => false,
            None => !per_period.is_empty() && !has_single,
        };
        if layout.is_none()
            && !wide
            && let Some((column, _, index)) = per_period
                .iter()
                .find(|(c, _, _)| matches!(c, Column::Target | Column::Actual))
        {
            return Err(format!(
                "column {} (\"{}\") is a {column} for one period, beside the {column} column of \
                 the long layout, and would be ignored; remove one, or choose with --layout",
                index + 1,
                headers[*index].trim().replace(['\r', '\n'], " ")
            ));
        }
        if wide {
            // A target with a year and no actual after every period
            // (`目標値(R2)`) is the plan's final target.
            if let Some(&(Column::Target, ref period, index)) = per_period.last()
                && columns.position(Column::FinalTarget).is_none()
                && per_period.iter().filter(|(_, p, _)| p == period).count() == 1
                && per_period.iter().any(|(c, _, _)| *c == Column::Actual)
            {
                columns.positions[Column::FinalTarget as usize] = Some(index);
                per_period.pop();
            }
            columns.periods = group_periods(&per_period, &headers)?;
            if columns.periods.is_empty() {
                return Err(format!(
                    "no per-period columns such as 目標値(H26) and 実績値(H26), or target H26 and actual H26, \
                     for the wide layout; headers found: {}",
                    list(&headers)
                ));
            }
            if has_single {
                return Err(
                    "the wide layout has its targets and actuals per period; remove the plain \
                            target and actual columns, or use --layout long"
                        .to_string(),
                );
            }
            if let Some(p) = columns.position(Column::Period) {
                return Err(format!(
                    "column {} (\"{}\") names a period, but the wide layout takes its periods from the \
                     headers; remove it, or use --layout long",
                    p + 1,
                    headers[p].trim().replace(['\r', '\n'], " ")
                ));
            }
        }
        let missing: Vec<Column> = Column::ALL
            .into_iter()
            .filter(|c| columns.is_required(*c) && columns.position(*c).is_none())
            .collect();
        if !missing.is_empty() {
            let named: Vec<String> = missing
                .iter()
                .map(|c| format!("{c} ({})", c.aliases()[1..].join(", ")))
                .collect();
            return Err(format!(
                "missing required column{} {}; headers found: {}{}",
                if missing.len() > 1 { "s" } else { "" },
                named.join(", "),
                list(&headers),
                near_misses(&headers, &missing)
            ));
        }
        Ok(columns)
    }

    /// Columns a file cannot be evaluated without. `actual` is required as a
    /// column even though its cells may be empty (pending).
    fn is_required(&self, column: Column) -> bool {
        match column {
            // No publisher prints a direction column: without one, each
            // row's evidence decides (`read::direction`).
            Column::Indicator => true,
            Column::Target | Column::Actual => self.periods.is_empty(),
            _ => false,
        }
    }

    /// The column `label` names on its own (not per period), if any.
    pub fn single(label: &str) -> Option<Column> {
        match classify(label) {
            Some(Header::Single(column)) => Some(column),
            _ => None,
        }
    }

    /// The position of the rightmost required column: a row shorter than
    /// that lacks a cell it cannot do without. (A wide row that stops before
    /// a period's cells has no figures for that period, like blank cells.)
    pub fn last_required(&self) -> usize {
        Column::ALL
            .into_iter()
            .filter(|c| self.is_required(*c))
            .filter_map(|c| self.position(c))
            .max()
            .unwrap_or(0)
    }

    /// Whether the table has a printed rate column (達成率), in either layout.
    pub fn has_published(&self) -> bool {
        self.position(Column::Published).is_some() || self.periods.iter().any(|p| p.published.is_some())
    }

    pub fn position(&self, column: Column) -> Option<usize> {
        self.positions[column as usize]
    }

    pub fn periods(&self) -> &[PeriodColumns] {
        &self.periods
    }

    pub fn is_wide(&self) -> bool {
        !self.periods.is_empty()
    }

    /// Whether the rows below the header come with a year line under each
    /// (the first data row, then a line of years only): then each is read
    /// with the line under it (`pairs`).
    pub fn find_year_lines(&mut self, below: &[Vec<String>]) {
        let Some(name) = self.position(Column::Indicator) else {
            return;
        };
        let grouping = [Column::Chapter, Column::Section].map(|c| self.position(c));
        let is_year_line = |row: &Vec<String>| {
            let cells = row
                .iter()
                .enumerate()
                .filter(|(at, _)| !grouping.contains(&Some(*at)))
                .map(|(_, cell)| cell.as_str());
            row.get(name).is_none_or(|c| c.trim().is_empty()) && FiscalYear::line(cells).is_some()
        };
        let mut rows = below
            .iter()
            .filter(|row| row.iter().any(|c| !c.trim().is_empty()));
        // The first data row, then a year line under it.
        if let (Some(first), Some(second)) = (rows.next(), rows.next()) {
            self.year_lines = !is_year_line(first) && is_year_line(second);
        }
    }

    /// A printed-rate column (達成度) whose cells below the header are
    /// marks or letters (◎ ○ △, A B* C), not numbers, is the publisher's
    /// grade: listed as `published_grade`, never read as a rate.
    pub fn grades_in_published(&mut self, below: &[Vec<String>]) {
        let (Some(at), None) = (
            self.position(Column::Published),
            self.position(Column::PublishedGrade),
        ) else {
            return;
        };
        let cells: Vec<&str> = below
            .iter()
            .filter_map(|row| row.get(at))
            .map(|cell| cell.trim())
            .filter(|cell| !cell.is_empty())
            .collect();
        if cells.iter().any(|c| is_grade_mark(c))
            && !cells
                .iter()
                .any(|c| parse_number(c, "%").is_ok_and(|n| n.is_some()))
        {
            self.positions[Column::PublishedGrade as usize] = Some(at);
            self.positions[Column::Published as usize] = None;
        }
    }

    /// Whether each row has a year line under it (`pairs`).
    pub fn year_lines(&self) -> bool {
        self.year_lines
    }

    /// The year the target column's header names, if any.
    pub fn target_year(&self) -> Option<FiscalYear> {
        self.target_year
    }

    /// Whether the final target is on the line under each row's target.
    pub fn final_below(&self) -> bool {
        self.final_below
    }
}

/// A header of two lines, the year's target over the final target
/// (`H22の目標値⏎目標値(最終)`, one cell or two header rows joined): the
/// target column, with the final target on each row's next line.
fn is_target_over_final(header: &str) -> bool {
    let Some((upper, lower)) = header.trim().split_once('\n') else {
        return false;
    };
    let names = |label: &str| classify(label).map(|h| h.column());
    names(upper) == Some(Column::Target) && names(lower) == Some(Column::FinalTarget)
}

fn group_periods(
    per_period: &[(Column, String, usize)],
    headers: &[&str],
) -> Result<Vec<PeriodColumns>, String> {
    let mut order: Vec<&str> = Vec::new();
    for (_, period, _) in per_period {
        if !order.contains(&period.as_str()) {
            order.push(period);
        }
    }
    order
        .into_iter()
        .map(|period| {
            let find = |wanted: Column| -> Result<Option<usize>, String> {
                let found: Vec<usize> = per_period
                    .iter()
                    .filter(|(c, p, _)| *c == wanted && p == period)
                    .map(|(_, _, i)| *i)
                    .collect();
                match found.as_slice() {
                    [] => Ok(None),
                    [one] => Ok(Some(*one)),
                    [first, second, ..] => Err(format!(
                        "columns {} (\"{}\") and {} (\"{}\") are both the {wanted} of period {period}; keep one",
                        first + 1,
                        headers[*first].trim(),
                        second + 1,
                        headers[*second].trim()
                    )),
                }
            };
            let (target, actual) = (find(Column::Target)?, find(Column::Actual)?);
            match (target, actual) {
                (Some(target), Some(actual)) => Ok(PeriodColumns {
                    period: period.to_string(),
                    target,
                    actual,
                    published: find(Column::Published)?,
                }),
                (Some(only), None) | (None, Some(only)) => Err(format!(
                    "column {} (\"{}\") has no matching {} column for period {period}",
                    only + 1,
                    headers[only].trim(),
                    if target.is_some() { "actual (実績値)" } else { "target (目標値)" }
                )),
                (None, None) => Err(format!(
                    "period {period} has a published rate but no target and actual columns"
                )),
            }
        })
        .collect()
}

/// Headers that contain a missing column's name but are not it
/// (`実績見込` beside 実績), as a hint: "; \"実績見込\" is not read as
/// actual (実績)".
fn near_misses(headers: &[&str], missing: &[Column]) -> String {
    let mut hints = Vec::new();
    for header in headers {
        let normalized = normalize_header(header);
        for column in missing {
            let alias = column.aliases()[1..]
                .iter()
                .filter(|a| a.chars().count() >= 2 && !a.is_ascii())
                .find(|a| normalized.contains(*a));
            if let Some(alias) = alias {
                hints.push(format!(
                    "\"{}\" is not read as {column} ({alias}): rename it if it is",
                    normalized.trim()
                ));
                break;
            }
        }
    }
    if hints.is_empty() {
        String::new()
    } else {
        format!("; {}", hints.join("; "))
    }
}

/// Whether a header is 現状値 (the current value): the baseline beside an
/// actual column, the actual where there is none.
/// A header naming the item several indicators serve (目標項目).
fn is_item(header: &str) -> bool {
    normalize_header(header) == "目標項目"
}

fn is_current_value(header: &str) -> bool {
    normalize_header(header)
        .split(['(', '（'])
        .next()
        .is_some_and(|h| h.trim() == "現状値")
}

fn list(headers: &[&str]) -> String {
    if headers.is_empty() {
        return "none".to_string();
    }
    // A header written over two lines in its cell (Alt+Enter) stays on
    // the message's one line.
    let quoted: Vec<String> = headers
        .iter()
        .map(|h| format!("\"{}\"", h.trim().replace(['\r', '\n'], " ")))
        .collect();
    let list = quoted.join(", ");
    match headers {
        [one] if one.contains('\t') => {
            format!("{list} (this looks tab-separated: save it as CSV, comma-separated)")
        }
        [one] if one.matches(';').count() >= 2 => {
            format!("{list} (this looks semicolon-separated: save it as CSV, comma-separated)")
        }
        _ => list,
    }
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
