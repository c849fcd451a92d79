//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read directly with calamine.
//!
//! A sheet is loaded whole (calamine has no streaming reader), then handed
//! out row by row like CSV records. Numeric cells are stored by Excel as
//! binary floats; they are turned back into the decimal Excel shows, never
//! into `0.30000000000000004`.

use std::path::Path;

use anyhow::{Context, bail};
use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;

/// Whether `path` names a workbook rather than a CSV file.
pub fn is_workbook(path: &str) -> bool {
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
    )
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
    /// Opens the sheet `sheet` of the workbook at `path`, or its first sheet.
    pub fn open(path: &str, sheet: Option<&str>) -> anyhow::Result<SheetRows> {
        let mut workbook =
            open_workbook_auto(path).with_context(|| format!("{path}: cannot open the workbook"))?;
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
            .worksheet_range(&name)
            .with_context(|| format!("{path}: cannot read sheet \"{name}\""))?;
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
    fn workbooks_are_known_by_extension() {
        assert!(is_workbook("a/b.XLSX"));
        assert!(is_workbook("plan.ods"));
        assert!(!is_workbook("plan.csv"));
        assert!(!is_workbook("-"));
    }
}
