//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read directly with calamine.
//!
//! A sheet is loaded whole (calamine has no streaming reader), then handed
//! out row by row like CSV records. Numeric cells are stored by Excel as
//! binary floats; they are turned back into the decimal Excel shows, never
//! into `0.30000000000000004`.

use std::io::Cursor;

use anyhow::bail;
use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};
use rust_decimal::Decimal;

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

    fn range(&mut self, sheet: &str) -> Result<Range<Data>, String> {
        match self {
            Book::Xlsx(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
            Book::Xlsb(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
            Book::Xls(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
            Book::Ods(book) => book.worksheet_range(sheet).map_err(|e| innermost(&e)),
        }
    }
}

/// The rows of one sheet as text cells.
pub struct SheetRows {
    rows: Vec<Vec<String>>,
    next: usize,
    /// Excel's row and column number of the first cell (1-based).
    first_row: u64,
    first_column: usize,
}

impl SheetRows {
    /// Reads the sheet `sheet` of the workbook `bytes` (named `path` in
    /// messages), or its first sheet.
    pub fn from_bytes(path: &str, bytes: Vec<u8>, sheet: Option<&str>) -> anyhow::Result<SheetRows> {
        let mut workbook = Book::open(path, bytes)?;
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
                Some(name) => name.clone(),
                None => bail!(
                    "{path}: no sheet named \"{wanted}\"; sheets: {}",
                    names.join(", ")
                ),
            },
            None => match names.first() {
                Some(name) => name.clone(),
                None => bail!("{path}: the workbook has no sheets"),
            },
        };
        let range = workbook
            .range(&name)
            .map_err(|e| anyhow::anyhow!("{path}: cannot read sheet \"{name}\": {e}"))?;
        let (row, column) = range.start().unwrap_or((0, 0));
        Ok(SheetRows {
            rows: range
                .rows()
                .map(|cells| cells.iter().map(cell_text).collect())
                .collect(),
            next: 0,
            first_row: u64::from(row) + 1,
            first_column: column as usize + 1,
        })
    }

    /// The next row and its Excel row number.
    pub fn next_row(&mut self) -> Option<(&[String], u64)> {
        let row = self.rows.get(self.next)?;
        let line = self.first_row + self.next as u64;
        self.next += 1;
        Some((row, line))
    }

    /// How many columns lie left of the table (a table starting at C: 2).
    pub fn column_offset(&self) -> usize {
        self.first_column - 1
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(value) => float_text(*value),
        Data::DateTime(value) => match value.as_datetime() {
            Some(moment) if moment.time() == chrono::NaiveTime::MIN => moment.format("%Y-%m-%d").to_string(),
            Some(moment) => moment.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => value.to_string(),
        },
        other => other.to_string(),
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
    fn workbooks_are_known_by_their_first_bytes() {
        assert!(is_workbook(b"PK\x03\x04\x14\x00\x06\x00"));
        assert!(is_workbook(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
        assert!(!is_workbook(b"chapter,"));
        assert!(!is_workbook(b""));
    }
}
