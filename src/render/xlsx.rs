//! Excel workbooks (rust_xlsxwriter): typed cells, one sheet per view.
//!
//! Numbers are numbers, with a format that shows the digits plancheck
//! prints; rates are numbers with a percent format at `--decimals` (80.9%
//! is stored as 0.809); pending cells are empty; text is text, never a
//! formula, so a cell reading `=HYPERLINK(…)` cannot run. Unmet rows carry a
//! ✗ in a column of their own and a conditional grey fill, so that they
//! stand out printed in black and white too.

use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ConditionalFormatFormula, Format, FormatBorder, FormatPattern, Workbook, Worksheet, XlsxError,
};

use super::{EvaluationWriter, Lang, Style, Summary, evaluation_keys, for_each_cell, labels};
use crate::evaluate::{Evaluation, Status};
use crate::gate::{GateReport, Verdict};
use crate::summarize::Rollup;
use crate::timeline::Course;

/// Keys of the evaluation columns that hold rates (percent cells).
const RATE_KEYS: [&str; 4] = [
    "achievement",
    "raw_achievement",
    "interim_achievement",
    "projected_achievement",
];

/// A typed cell.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Text(String),
    Number(Decimal),
    /// A rate in percent as printed (80.9), stored as a fraction (0.809).
    Percent(Decimal),
    Empty,
}

impl Cell {
    /// A cell of `key`'s column from its printed text.
    fn of(key: &str, text: &str) -> Cell {
        if text.is_empty() {
            return Cell::Empty;
        }
        let number = || text.parse::<Decimal>().ok();
        if RATE_KEYS.contains(&key) {
            return number().map_or_else(|| Cell::Text(text.to_string()), Cell::Percent);
        }
        if super::NUMERIC_KEYS.contains(&key) {
            return number().map_or_else(|| Cell::Text(text.to_string()), Cell::Number);
        }
        Cell::Text(text.to_string())
    }
}

pub(super) fn xlsx_error(error: XlsxError) -> io::Error {
    match error {
        XlsxError::MaxStringLengthExceeded => io::Error::other(format!(
            "a text of more than {MAX_CELL_CHARS} characters, which a worksheet cell cannot hold \
             (use another format)"
        )),
        error => io::Error::other(error.to_string()),
    }
}

/// The most characters a worksheet cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// Excel's last row (0-based): a worksheet holds 1,048,576 rows.
const LAST_ROW: u32 = 1_048_575;

/// Writes evaluations into the first sheet as they come, one row at a time
/// (a constant-memory sheet: rows go to a temporary file, so memory does not
/// grow with them), and the roll-ups on sheets of their own at the end.
pub struct EvaluationXlsx {
    out: Box<dyn Write>,
    style: Style,
    keys: Vec<&'static str>,
    book: Workbook,
    table: Table,
    /// Set when the sheet could not be created: reported at the first row.
    failed: Option<String>,
}

/// The evaluations' sheet: on the command line streamed through a
/// temporary file (constant memory, however many rows); in the browser,
/// which has no file system, held in memory.
fn evaluation_sheet(book: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    #[cfg(not(target_arch = "wasm32"))]
    return book.add_worksheet_with_constant_memory();
    #[cfg(target_arch = "wasm32")]
    return Ok(book.add_worksheet());
}

impl EvaluationXlsx {
    pub fn new(out: Box<dyn Write>, style: Style) -> EvaluationXlsx {
        let keys = evaluation_keys(&style.extras);
        let mut headers: Vec<String> = labels::headers(&keys, style.lang)
            .into_iter()
            .map(str::to_string)
            .collect();
        headers.push(labels::header("mark", style.lang).to_string());
        let mut book = Workbook::new();
        let mut table = Table::new(&headers, style.decimals);
        let failed = evaluation_sheet(&mut book)
            .and_then(|sheet| {
                sheet.set_name(match style.lang {
                    Lang::En => "Evaluations",
                    Lang::Ja => "評価",
                })?;
                table.header(sheet, &headers)
            })
            .err()
            .map(|e| e.to_string());
        EvaluationXlsx {
            out,
            keys,
            style,
            book,
            table,
            failed,
        }
    }
}

impl EvaluationWriter for EvaluationXlsx {
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        if let Some(failed) = &self.failed {
            return Err(io::Error::other(failed.clone()));
        }
        if self.table.rows >= LAST_ROW {
            return Err(io::Error::other(
                "a worksheet holds at most 1,048,576 rows (a header and 1,048,575 \
                 evaluations) and this input gives more: use --format csv, or \
                 narrow it with --period",
            ));
        }
        let plain = Style {
            raw_text: true,
            ..self.style
        };
        let mut cells = Vec::with_capacity(self.keys.len() + 1);
        let mut scratch = String::new();
        let mut column = 0;
        for_each_cell(evaluation, course, "", &plain, |cell| {
            cells.push(Cell::of(self.keys[column], cell.text(&mut scratch)));
            column += 1;
            Ok(())
        })?;
        let mark = match (evaluation.indicator.subtotal, evaluation.status) {
            (true, _) => "",
            (false, Status::Met) => "✓",
            (false, Status::Unmet) => "✗",
            (false, Status::Pending) => "–",
        };
        cells.push(Cell::Text(mark.to_string()));
        if let Some((column, length)) = cells.iter().enumerate().find_map(|(i, cell)| match cell {
            Cell::Text(text) if text.chars().count() > MAX_CELL_CHARS => Some((i, text.chars().count())),
            _ => None,
        }) {
            let header = labels::header(self.keys.get(column).copied().unwrap_or("mark"), self.style.lang);
            return Err(io::Error::other(format!(
                "line {} of the input, {header}: a text of {length} characters; a worksheet cell \
                 holds at most {MAX_CELL_CHARS} (use --format csv)",
                evaluation.indicator.line
            )));
        }
        let sheet = self.book.worksheet_from_index(0).map_err(xlsx_error)?;
        self.table.row(sheet, &cells).map_err(xlsx_error)
    }

    fn finish(mut self: Box<Self>, rollups: &[Rollup]) -> io::Result<()> {
        if let Some(failed) = &self.failed {
            return Err(io::Error::other(failed.clone()));
        }
        let lang = self.style.lang;
        let sheet = self.book.worksheet_from_index(0).map_err(xlsx_error)?;
        let (rows, columns) = (self.table.rows as usize, self.table.widths.len());
        self.table.finish(sheet).map_err(xlsx_error)?;
        mark_unmet(sheet, rows, columns).map_err(xlsx_error)?;
        for rollup in rollups.iter().filter(|r| !r.is_empty()) {
            let summary = Summary::new(rollup, self.style.decimals, true)?;
            let sheet = self.book.add_worksheet();
            let mut name = labels::rollup_title(rollup.keys(), lang);
            name.retain(|c| !matches!(c, ':' | '：' | '/' | '\\' | '?' | '*' | '[' | ']'));
            sheet
                .set_name(name.chars().take(31).collect::<String>())
                .map_err(xlsx_error)?;
            summary_sheet(sheet, &summary, lang, self.style.decimals).map_err(xlsx_error)?;
        }
        let bytes = self.book.save_to_buffer().map_err(xlsx_error)?;
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

/// Writes a summary as a one-sheet workbook.
pub fn write_summary(mut out: Box<dyn Write>, summary: &Summary, style: Style) -> io::Result<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(match style.lang {
            Lang::En => "Summary",
            Lang::Ja => "集計",
        })
        .map_err(xlsx_error)?;
    summary_sheet(sheet, summary, style.lang, style.decimals).map_err(xlsx_error)?;
    out.write_all(&book.save_to_buffer().map_err(xlsx_error)?)?;
    out.flush()
}

/// A summary's lines as typed cells: group names and notes as text, counts
/// as numbers, shares and achievements as percents.
fn summary_sheet(
    sheet: &mut Worksheet,
    summary: &Summary,
    lang: Lang,
    decimals: u32,
) -> Result<(), XlsxError> {
    let headers = summary.headers(lang);
    let key_count = summary.rollup.keys().len();
    let rows: Vec<Vec<Cell>> = summary
        .lines("", lang)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .enumerate()
                .map(|(column, text)| {
                    let figure = column.checked_sub(key_count);
                    match figure {
                        // met_share, the roll-up, min_achievement.
                        Some(5..=7) => Cell::of("achievement", &text),
                        Some(8) | None => Cell::of("text", &text),
                        Some(_) => match text.parse::<Decimal>() {
                            Ok(value) => Cell::Number(value),
                            Err(_) => Cell::of("text", &text),
                        },
                    }
                })
                .collect()
        })
        .collect();
    table(sheet, &headers, &rows, decimals)
}

/// Writes a gate's findings: one row per reported indicator.
pub fn write_check(mut out: Box<dyn Write>, report: &GateReport, file: &str) -> io::Result<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("check").map_err(xlsx_error)?;
    let headers: Vec<String> = ["file", "line", "verdict", "indicator", "achievement", "detail"]
        .map(str::to_string)
        .to_vec();
    let rows: Vec<Vec<Cell>> = report
        .checks
        .iter()
        .filter(|c| c.verdict != Verdict::Passed)
        .map(|check| {
            let rate = check
                .evaluation
                .achievement
                .map_or(Cell::Empty, |a| Cell::Percent(a.shown));
            vec![
                Cell::Text(file.to_string()),
                Cell::Number(Decimal::from(check.evaluation.indicator.line)),
                Cell::Text(report.check_label(check).to_string()),
                Cell::Text(super::check_subject(&check.evaluation.indicator)),
                rate,
                Cell::Text(super::check_detail(check, report)),
            ]
        })
        .collect();
    let decimals = report
        .checks
        .iter()
        .find_map(|c| c.evaluation.achievement.map(|a| a.shown.scale()))
        .unwrap_or(1);
    table(sheet, &headers, &rows, decimals).map_err(xlsx_error)?;
    out.write_all(&book.save_to_buffer().map_err(xlsx_error)?)?;
    out.flush()
}

/// A number cell with the places it was written with, thousands grouped
/// (2,900; 34.4), so that Excel shows the digits plancheck prints.
pub(super) fn number(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<Decimal>,
    formats: &NumberFormats,
) -> Result<(), XlsxError> {
    match value {
        Some(value) => sheet.write_number_with_format(row, column, to_f64(value), formats.get(value))?,
        None => sheet.write_blank(row, column, &formats.blank)?,
    };
    Ok(())
}

/// Excel's number formats for every count of places plancheck writes
/// (`#,##0`, `#,##0.0`, … up to 15), built once rather than per cell.
pub(super) struct NumberFormats {
    by_places: Vec<Format>,
    blank: Format,
}

impl NumberFormats {
    pub(super) fn new(base: &Format) -> NumberFormats {
        let by_places = (0..=15usize)
            .map(|places| {
                let code = if places == 0 {
                    "#,##0".to_string()
                } else {
                    format!("#,##0.{}", "0".repeat(places))
                };
                base.clone().set_num_format(code)
            })
            .collect();
        NumberFormats {
            by_places,
            blank: base.clone(),
        }
    }

    fn get(&self, value: Decimal) -> &Format {
        &self.by_places[(value.scale() as usize).min(15)]
    }
}

pub(super) fn percent_format(decimals: u32) -> Format {
    Format::new().set_num_format(percent_code(decimals))
}

/// Excel's number format for a percent with `decimals` places.
pub(super) fn percent_code(decimals: u32) -> String {
    if decimals == 0 {
        "0%".to_string()
    } else {
        format!("0.{}%", "0".repeat(decimals as usize))
    }
}

/// The nearest double: Excel stores numbers as doubles and shows 15
/// significant digits, more than plancheck reads (18 at most are rare).
pub(super) fn to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

/// A header row (bold, frozen, with an autofilter) and typed rows, columns
/// as wide as their longest text (a Japanese character counts two).
fn table(
    sheet: &mut Worksheet,
    headers: &[String],
    rows: &[Vec<Cell>],
    decimals: u32,
) -> Result<(), XlsxError> {
    let mut table = Table::new(headers, decimals);
    table.header(sheet, headers)?;
    for row in rows {
        table.row(sheet, row)?;
    }
    table.finish(sheet)
}

/// A table written row by row: what it needs to know at the end (how many
/// rows, how wide each column) is kept as it goes, never the rows.
struct Table {
    percent: Format,
    numbers: NumberFormats,
    widths: Vec<usize>,
    /// Data rows written so far (the header is row 0).
    rows: u32,
}

impl Table {
    fn new(headers: &[String], decimals: u32) -> Table {
        Table {
            percent: percent_format(decimals),
            numbers: NumberFormats::new(&Format::new()),
            widths: headers.iter().map(|h| display_width(h)).collect(),
            rows: 0,
        }
    }

    fn header(&mut self, sheet: &mut Worksheet, headers: &[String]) -> Result<(), XlsxError> {
        let bold = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
        for (column, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, header, &bold)?;
        }
        Ok(())
    }

    fn row(&mut self, sheet: &mut Worksheet, row: &[Cell]) -> Result<(), XlsxError> {
        self.rows += 1;
        let r = self.rows;
        for (column, cell) in row.iter().enumerate() {
            let c = column as u16;
            let shown = match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                    display_width(text)
                }
                Cell::Number(value) => {
                    sheet.write_number_with_format(r, c, to_f64(*value), self.numbers.get(*value))?;
                    value.to_string().len() + 2
                }
                Cell::Percent(value) => {
                    sheet.write_number_with_format(r, c, to_f64(*value) / 100.0, &self.percent)?;
                    value.to_string().len() + 2
                }
                Cell::Empty => 0,
            };
            if let Some(width) = self.widths.get_mut(column) {
                *width = (*width).max(shown);
            }
        }
        Ok(())
    }

    fn finish(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_freeze_panes(1, 0)?;
        if !self.widths.is_empty() {
            sheet.autofilter(0, 0, self.rows, self.widths.len() as u16 - 1)?;
        }
        for (column, width) in self.widths.iter().enumerate() {
            sheet.set_column_width(column as u16, (width.min(&60) + 2) as f64)?;
        }
        Ok(())
    }
}

/// A grey fill on every row whose last column (the mark) is ✗: a
/// conditional format, which follows the rows when they are sorted.
fn mark_unmet(sheet: &mut Worksheet, rows: usize, columns: usize) -> Result<(), XlsxError> {
    if rows == 0 || columns == 0 {
        return Ok(());
    }
    let last = columns as u16 - 1;
    let mark = rust_xlsxwriter::utility::column_number_to_name(last);
    let fill = Format::new()
        .set_pattern(FormatPattern::Gray125)
        .set_background_color("#D9D9D9");
    let rule = ConditionalFormatFormula::new()
        .set_rule(format!("=${mark}2=\"✗\"").as_str())
        .set_format(fill);
    sheet.add_conditional_format(1, 0, rows as u32, last, &rule)?;
    Ok(())
}

/// Width of text in a fixed-width font: wide (Japanese) characters count two.
pub(super) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::{Direction, Indicator};

    /// A sheet holds 1,048,576 rows: the evaluation that would not fit is
    /// refused with what to do instead, not written past Excel's limit.
    /// (Reaching it through the binary takes a million rows.)
    #[test]
    fn the_row_past_excels_limit_is_refused() {
        let mut writer = EvaluationXlsx::new(Box::new(io::sink()), Style::default());
        let evaluation = evaluate(
            Indicator::new("x", Direction::Increase, Decimal::from(10)),
            &Settings::default(),
        )
        .unwrap();
        writer.write(&evaluation, None).unwrap();
        assert_eq!(writer.table.rows, 1);
        writer.table.rows = LAST_ROW - 1;
        writer.write(&evaluation, None).unwrap();
        let error = writer.write(&evaluation, None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a worksheet holds at most 1,048,576 rows (a header and 1,048,575 evaluations) \
             and this input gives more: use --format csv, or narrow it with --period"
        );
    }
}
