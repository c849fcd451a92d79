//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read directly with calamine.
//!
//! A sheet is loaded whole (calamine has no streaming reader), then handed
//! out row by row like CSV records. Numeric cells are stored by Excel as
//! binary floats; they are turned back into the decimal Excel shows, never
//! into `0.30000000000000004`.

use std::io::{Cursor, Read};

use anyhow::bail;
use calamine::{
    Data, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};
use rust_decimal::Decimal;

use super::formula;
use super::number_format::{is_percent_format, shown_places};

/// How many leading bytes tell a workbook from text.
pub const MAGIC_LEN: usize = 8;

/// Whether a file starting with `head` is a workbook, told by its first
/// bytes rather than its name: a ZIP archive (.xlsx, .xlsm, .xlsb, .ods) or
/// an OLE compound file (.xls). A CSV named .xlsx is still read as CSV.
pub fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// The message of the innermost cause: calamine's errors repeat their
/// sources in their own text, so printing the chain says it three times.
fn innermost(error: &dyn std::error::Error) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// An open workbook of any kind, read from memory.
enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xlsb(Xlsb<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

impl Book {
    /// Opens `bytes` as the kind their first bytes say: OLE is .xls; a ZIP
    /// archive is .xlsx, else .ods, else .xlsb.
    fn open(name: &str, bytes: Vec<u8>) -> anyhow::Result<Book> {
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return open_workbook_from_rs(Cursor::new(bytes))
                .map(Book::Xls)
                .map_err(|e| anyhow::anyhow!("{name}: cannot read the .xls workbook: {}", innermost(&e)));
        }
        let xlsx = match open_workbook_from_rs(Cursor::new(bytes.clone())) {
            Ok(book) => return Ok(Book::Xlsx(book)),
            Err(error) => innermost(&error),
        };
        if let Ok(book) = open_workbook_from_rs(Cursor::new(bytes.clone())) {
            return Ok(Book::Ods(book));
        }
        if let Ok(book) = open_workbook_from_rs(Cursor::new(bytes)) {
            return Ok(Book::Xlsb(book));
        }
        bail!("{name}: cannot read the workbook (a ZIP archive that is not .xlsx, .xlsb or .ods): {xlsx}")
    }

    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(book) => book.sheet_names(),
            Book::Xlsb(book) => book.sheet_names(),
            Book::Xls(book) => book.sheet_names(),
            Book::Ods(book) => book.sheet_names(),
        }
    }

    /// Whether each sheet (in workbook order) is a visible worksheet: not
    /// hidden, and not a chart sheet, which has no cells to read.
    fn readable(&self) -> Vec<bool> {
        let sheets = match self {
            Book::Xlsx(book) => book.sheets_metadata(),
            Book::Xlsb(book) => book.sheets_metadata(),
            Book::Xls(book) => book.sheets_metadata(),
            Book::Ods(book) => book.sheets_metadata(),
        };
        sheets
            .iter()
            .map(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
            .collect()
    }

    /// Which cells of `sheet` are formatted as percents, with the decimal
    /// places they show, where the format can be read (.xlsx; other kinds
    /// are read as stored).
    #[allow(clippy::type_complexity)]
    fn percent_cells(&mut self, sheet: &str) -> Option<Box<dyn Fn((u32, u32)) -> Option<u32>>> {
        let Book::Xlsx(book) = self else {
            return None;
        };
        let styles = book.worksheet_style(sheet).ok()?;
        Some(Box::new(move |at| {
            let format = styles.get(at).and_then(|style| style.number_format.as_ref())?;
            is_percent_format(format).then(|| shown_places(format))
        }))
    }

    /// The merged regions of `sheet`, where the kind of workbook keeps them.
    fn merged_regions(&mut self, sheet: &str) -> Vec<Dimensions> {
        match self {
            Book::Xlsx(book) => book.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Book::Xls(book) => book.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Book::Xlsb(_) | Book::Ods(_) => Vec::new(),
        }
    }

    /// The formulas of `sheet`, where the kind of workbook gives them.
    fn formulas(&mut self, sheet: &str) -> Option<Range<String>> {
        match self {
            Book::Xlsx(book) => book.worksheet_formula(sheet).ok(),
            Book::Xlsb(book) => book.worksheet_formula(sheet).ok(),
            Book::Xls(book) => book.worksheet_formula(sheet).ok(),
            Book::Ods(book) => book.worksheet_formula(sheet).ok(),
        }
    }

    fn range(&mut self, sheet: &str) -> Result<Range<Data>, String> {
        match self {
            Book::Xlsx(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
            Book::Xlsb(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
            Book::Xls(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
            Book::Ods(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
        }
    }
}

/// A workbook read from memory, whose sheets are loaded one at a time.
pub struct Workbook {
    path: String,
    book: Book,
    /// The sheet the workbook was saved showing (.xlsx `activeTab`).
    active: Option<usize>,
}

impl Workbook {
    /// Opens the workbook `bytes`, named `path` in messages.
    pub fn open(path: &str, bytes: Vec<u8>) -> anyhow::Result<Workbook> {
        let active = active_tab(&bytes);
        Ok(Workbook {
            path: path.to_string(),
            book: Book::open(path, bytes)?,
            active,
        })
    }

    /// The sheets to read, in workbook order, and notes on those passed
    /// over: every visible worksheet (`--all-sheets`; hidden and chart
    /// sheets skipped with a note), those `wanted` (`--sheet`, repeatable,
    /// in the order given, hidden ones too, each once), or the sheet the
    /// workbook opens on (its active sheet where visible, else the first
    /// visible one). A name the workbook lacks is an error listing them.
    pub fn select(&self, wanted: &[String], all: bool) -> anyhow::Result<(Vec<String>, Vec<String>)> {
        let names = self.book.sheet_names();
        if names.is_empty() {
            bail!("{}: the workbook has no sheets", self.path);
        }
        let readable = self.book.readable();
        let is_readable = |i: usize| readable.get(i).copied().unwrap_or(true);
        let skipped = |i: usize| {
            format!(
                "{}[{}]: skipped, a hidden or chart sheet (--sheet \"{}\" reads it)",
                self.path, names[i], names[i]
            )
        };
        if all {
            let (read, passed): (Vec<usize>, Vec<usize>) = (0..names.len()).partition(|&i| is_readable(i));
            if read.is_empty() {
                bail!(
                    "{}: every sheet is hidden or a chart; name one with --sheet",
                    self.path
                );
            }
            let notes = passed.into_iter().map(skipped).collect();
            return Ok((read.into_iter().map(|i| names[i].clone()).collect(), notes));
        }
        if wanted.is_empty() {
            let first = self
                .active
                .filter(|&i| i < names.len() && is_readable(i))
                .or_else(|| (0..names.len()).find(|&i| is_readable(i)))
                .unwrap_or(0);
            return Ok((vec![names[first].clone()], Vec::new()));
        }
        let mut chosen: Vec<String> = Vec::new();
        for want in wanted {
            match names.iter().find(|n| *n == want) {
                Some(name) if !chosen.contains(name) => chosen.push(name.clone()),
                Some(_) => {}
                None => bail!(
                    "{}: no sheet named \"{want}\"; sheets: {}",
                    self.path,
                    names.join(", ")
                ),
            }
        }
        Ok((chosen, Vec::new()))
    }

    /// The cells of sheet `name` as text: merged regions filled with their
    /// value, percent-formatted numbers written as percents.
    pub fn sheet(&mut self, name: &str) -> anyhow::Result<SheetRows> {
        let path = &self.path;
        let range = self
            .book
            .range(name)
            .map_err(|e| anyhow::anyhow!("{path}[{name}]: cannot read the sheet: {e}"))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let percent = self.book.percent_cells(name);
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .enumerate()
            .map(|(r, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let at = (top + r as u32, left + c as u32);
                        cell_text(cell, percent.as_ref().and_then(|p| p(at)))
                    })
                    .collect()
            })
            .collect();
        if let Some(formulas) = self.book.formulas(name) {
            unsaved_formulas(&mut rows, (top, left), &range, &formulas);
        }
        // A merged region past the cells in use (a title merged across
        // all 16,384 columns) fills only as far as they go.
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        for region in self.book.merged_regions(name) {
            fill_region(&mut rows, (top, left), region, width);
        }
        Ok(SheetRows {
            name: name.to_string(),
            rows,
            next: 0,
            first_row: u64::from(top) + 1,
            first_column: left as usize + 1,
            borrowed: 0,
        })
    }
}

/// Gives every cell of a merged region the value of its top-left cell, as
/// the region shows it: 第1節 merged down over its four indicators belongs
/// to each of them.
fn fill_region(rows: &mut [Vec<String>], (top, left): (u32, u32), region: Dimensions, width: usize) {
    let (Some(r0), Some(c0)) = (region.start.0.checked_sub(top), region.start.1.checked_sub(left)) else {
        return;
    };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let Some(value) = rows.get(r0).and_then(|row| row.get(c0)).cloned() else {
        return;
    };
    let (r1, c1) = ((region.end.0 - top) as usize, (region.end.1 - left) as usize);
    let c1 = c1.min(width.max(c0 + 1) - 1);
    for row in rows.iter_mut().take(r1 + 1).skip(r0) {
        if row.len() <= c1 {
            row.resize(c1 + 1, String::new());
        }
        for cell in &mut row[c0..=c1] {
            if cell.is_empty() {
                cell.clone_from(&value);
            }
        }
    }
}

/// The rows of one sheet as text cells.
#[derive(Clone)]
pub struct SheetRows {
    /// The sheet's name, as errors show it (`plan.xlsx[第5章]`).
    pub name: String,
    rows: Vec<Vec<String>>,
    next: usize,
    /// Excel's row and column number of the first cell (1-based).
    first_row: u64,
    first_column: usize,
    /// Leading rows that are another sheet's header (`under`): the sheet's
    /// own rows are numbered from `first_row` after them.
    borrowed: usize,
}

impl SheetRows {
    /// Rows of text cells read from elsewhere (a PDF page's table), their
    /// first row and column numbered 1.
    pub fn from_cells(name: String, rows: Vec<Vec<String>>) -> SheetRows {
        SheetRows {
            name,
            rows,
            next: 0,
            first_row: 1,
            first_column: 1,
            borrowed: 0,
        }
    }

    /// These rows under `header` (the header rows of the table they go on
    /// from: a table continued on the next page of a PDF), numbered as
    /// before.
    pub fn under(mut self, header: Vec<Vec<String>>) -> SheetRows {
        self.borrowed = header.len();
        self.rows.splice(0..0, header);
        self
    }

    /// The most cells in a row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The first `count` rows, for finding the header.
    pub fn head(&self, count: usize) -> &[Vec<String>] {
        &self.rows[..count.min(self.rows.len())]
    }

    /// Excel's row number of the row at `index` (a borrowed header row's
    /// in the table it came from).
    pub fn row_number(&self, index: usize) -> u64 {
        match index.checked_sub(self.borrowed) {
            Some(own) => self.first_row + own as u64,
            None => index as u64 + 1,
        }
    }

    /// The index of Excel's row `number`, if the sheet has it.
    pub fn index_of(&self, number: u64) -> Option<usize> {
        let index = usize::try_from(number.checked_sub(self.first_row)?).ok()? + self.borrowed;
        (index < self.rows.len()).then_some(index)
    }

    /// Goes on reading at the row at `index`.
    pub fn skip_to(&mut self, index: usize) {
        self.next = index;
    }

    /// The next row and its Excel row number.
    pub fn next_row(&mut self) -> Option<(&[String], u64)> {
        let row = self.rows.get(self.next)?;
        let line = self.row_number(self.next);
        self.next += 1;
        Some((row, line))
    }

    /// How many columns lie left of the table (a table starting at C: 2).
    pub fn column_offset(&self) -> usize {
        self.first_column - 1
    }
}

/// A cell as the text Excel shows. A number in a cell formatted as a
/// percent (a 達成率 of 0.809 shown as 80.9%) is written as that percent,
/// `80.9%`, at the places the format shows (`percent`), rounded half-up as
/// Excel rounds (0.80888… in a `0.0%` cell is `80.9%`): the format, not a
/// guess from its size, says what it means.
fn cell_text(cell: &Data, percent: Option<u32>) -> String {
    let number = match cell {
        Data::Float(value) => Some(float_text(*value)),
        Data::Int(value) => Some(value.to_string()),
        _ => None,
    };
    if let (Some(places), Some(number)) = (percent, &number)
        && let Ok(value) = number.parse::<Decimal>()
        && let Some(hundredfold) = value.checked_mul(Decimal::ONE_HUNDRED)
    {
        let mut shown =
            hundredfold.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        shown.rescale(places);
        return format!("{shown}%");
    }
    match cell {
        Data::Float(_) | Data::Int(_) => number.unwrap_or_default(),
        Data::DateTime(value) => match value.as_datetime() {
            Some(moment) if moment.time() == chrono::NaiveTime::MIN => moment.format("%Y-%m-%d").to_string(),
            Some(moment) => moment.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => value.to_string(),
        },
        other => other.to_string(),
    }
}

/// Fills the cells whose formula has no saved value: with the formula's
/// value where it is plain arithmetic (`formula`), else with the formula
/// itself (`=F2/G2`), which reading a number refuses by name. A saved 0
/// that the formula's arithmetic contradicts is not a value either:
/// writers that do not calculate (xlsxwriter) save every formula as 0.
fn unsaved_formulas(
    rows: &mut Vec<Vec<String>>,
    (top, left): (u32, u32),
    values: &Range<Data>,
    formulas: &Range<String>,
) {
    let formula_start = formulas.start().unwrap_or((0, 0));
    for (row, column, formula) in formulas.used_cells() {
        let at = (formula_start.0 + row as u32, formula_start.1 + column as u32);
        if formula.is_empty() || at.0 < top || at.1 < left {
            continue;
        }
        let worked_out = || {
            let cell = |row, column, depth| value_of((row, column), depth, values, formulas);
            formula::evaluate(formula, &cell, 0)
        };
        let text = match values.get_value(at) {
            None | Some(Data::Empty) => None,
            Some(Data::String(s)) if s.is_empty() => None,
            Some(Data::Float(v)) if *v == 0.0 => match worked_out() {
                Some(value) if !value.is_zero() => Some(value.to_string()),
                _ => continue,
            },
            Some(Data::Int(0)) => match worked_out() {
                Some(value) if !value.is_zero() => Some(value.to_string()),
                _ => continue,
            },
            Some(_) => continue,
        };
        let text = text
            .or_else(|| worked_out().map(|v| v.to_string()))
            .unwrap_or_else(|| format!("={}", formula.trim_start_matches('=')));
        // A formula with no value may lie outside the cells with values.
        let (r, c) = ((at.0 - top) as usize, (at.1 - left) as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, String::new());
        }
        rows[r][c] = text;
    }
}

/// The number in cell `at` for a formula that refers to it: its saved
/// value, or its own formula's where that has none.
fn value_of(at: (u32, u32), depth: usize, values: &Range<Data>, formulas: &Range<String>) -> Option<Decimal> {
    let unsaved = || {
        let formula = formulas.get_value(at).filter(|f| !f.is_empty())?;
        let cell = |row, column, depth| value_of((row, column), depth, values, formulas);
        formula::evaluate(formula, &cell, depth)
    };
    match values.get_value(at) {
        Some(Data::Float(v)) => float_text(*v).parse().ok(),
        Some(Data::Int(v)) => Some(Decimal::from(*v)),
        None | Some(Data::Empty) => unsaved(),
        Some(Data::String(s)) if s.is_empty() => unsaved(),
        _ => None,
    }
}

/// The decimal Excel shows for a float cell: the shortest text that reads
/// back as the same float, cut to Excel's 15 significant digits, so that a
/// formula's cached 0.1+0.2 reads as 0.3, as the user sees it.
pub fn float_text(value: f64) -> String {
    let shortest = value.to_string();
    let significant = shortest
        .trim_start_matches(['-', '0', '.'])
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    if !value.is_finite() || significant <= 15 {
        return shortest;
    }
    Decimal::from_scientific(&format!("{value:.14e}"))
        .map(|d| d.normalize().to_string())
        .unwrap_or(shortest)
}

/// The sheet an .xlsx workbook opens on: `activeTab` of its first
/// workbook view, counted over every sheet (hidden ones too). `None` for
/// other kinds, or where the workbook does not say (then the first sheet).
fn active_tab(bytes: &[u8]) -> Option<usize> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    archive
        .by_name("xl/workbook.xml")
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut xml)
        .ok()?;
    let view = &xml[xml.find("<workbookView")?..];
    let view = &view[..view.find('>')?];
    let at = view.find("activeTab=\"")? + "activeTab=\"".len();
    view[at..].split('"').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_excel_shows_them() {
        assert_eq!(float_text(225.0), "225");
        assert_eq!(float_text(34.4), "34.4");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(8.3), "8.3");
        assert_eq!(float_text(-5.0), "-5");
        assert_eq!(float_text(1.0 / 3.0), "0.333333333333333");
        assert_eq!(float_text(12974.0), "12974");
        assert_eq!(float_text(0.0000001), "0.0000001");
    }

    #[test]
    fn percent_cells_read_as_percents() {
        assert_eq!(cell_text(&Data::Float(0.809), Some(1)), "80.9%");
        assert_eq!(cell_text(&Data::Float(0.809f64.next_up()), Some(1)), "80.9%");
        assert_eq!(cell_text(&Data::Float(1.0), Some(0)), "100%");
        assert_eq!(cell_text(&Data::Float(1.0), Some(1)), "100.0%");
        assert_eq!(cell_text(&Data::Float(0.809), None), "0.809");
        assert_eq!(cell_text(&Data::String("80.9%".into()), Some(1)), "80.9%");
        // At the places shown, half-up: 0.80888… in a 0.0% cell, 0.8085 in 0.00%.
        assert_eq!(cell_text(&Data::Float(0.808_888_888_888_888_9), Some(1)), "80.9%");
        assert_eq!(cell_text(&Data::Float(0.80845), Some(2)), "80.85%");
        assert_eq!(cell_text(&Data::Float(0.80845), Some(1)), "80.8%");
    }

    #[test]
    fn merged_regions_fill_their_cells() {
        let mut rows = vec![
            vec!["第1節".to_string(), "a".into()],
            vec![String::new(), "b".into()],
            vec![String::new(), "c".into()],
        ];
        fill_region(
            &mut rows,
            (4, 0),
            Dimensions {
                start: (4, 0),
                end: (5, 0),
            },
            2,
        );
        assert_eq!(rows[1][0], "第1節");
        assert_eq!(rows[2][0], "", "outside the region");
        // A title merged across every column fills only the columns in use.
        fill_region(
            &mut rows,
            (4, 0),
            Dimensions {
                start: (4, 1),
                end: (4, 16_383),
            },
            2,
        );
        assert_eq!(rows[0].len(), 2);
    }

    #[test]
    fn workbooks_are_known_by_their_first_bytes() {
        assert!(is_workbook(b"PK\x03\x04\x14\x00\x06\x00"));
        assert!(is_workbook(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
        assert!(!is_workbook(b"chapter,"));
        assert!(!is_workbook(b""));
    }
}
