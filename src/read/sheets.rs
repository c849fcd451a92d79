//! Inputs read whole as sheets of text cells: a workbook's chosen sheets,
//! and a PDF's pages (`pdf`), each page's ruled table one sheet. Their
//! tables (and notes on what was passed over) are read one after another as
//! one input by `IndicatorReader`.

use anyhow::bail;

use super::ReadOptions;
use super::pdf;
use super::sheet::Workbook;
use super::table::Table;

/// Tables to read one after another, and notes on what was passed over.
pub(super) type Tables = (Vec<Table>, Vec<String>);

/// The chosen sheets of a workbook. With several, a sheet that has no
/// header is skipped with a note under `--all-sheets`.
pub(super) fn workbook(path: &str, bytes: Vec<u8>, options: &ReadOptions) -> anyhow::Result<Tables> {
    if let Some(pages) = options.pages {
        bail!("--pages {pages}: {path} is a workbook, not a PDF (--sheet chooses its sheets)");
    }
    let mut book = Workbook::open(path, bytes)?;
    let (names, mut notes) = book.select(&options.sheets, options.all_sheets)?;
    let several = names.len() > 1;
    let mut tables = Vec::new();
    for name in names {
        let rows = book.sheet(&name)?;
        match Table::from_sheet(path, rows, options, several) {
            Ok(table) => tables.push(table),
            Err(error) if options.all_sheets => {
                notes.push(format!(
                    "{path}[{name}]: skipped, no header found ({})",
                    error.message
                ));
            }
            Err(error) => return Err(error.into()),
        }
    }
    if tables.is_empty() {
        bail!(
            "{path}: no sheet has a header row with the required columns; {}",
            notes.join("; ")
        );
    }
    Ok((tables, notes))
}

/// A PDF's pages, one table each, read as one table. A page's repeated
/// header is found again and skipped, as a sheet's is; a page whose table
/// has no header but the columns of the table before goes on under that
/// table's header (a table continued across pages); pages never name the
/// chapter. A page with another table (no header, other columns) is
/// skipped with a note, unless `--pages` chose it.
pub(super) fn pdf(path: &str, bytes: Vec<u8>, options: &ReadOptions) -> anyhow::Result<Tables> {
    if let Some(sheet) = options.sheets.first() {
        bail!("--sheet {sheet}: {path} is a PDF, not a workbook (--pages chooses its pages)");
    }
    if options.all_sheets {
        bail!("--all-sheets: {path} is a PDF, not a workbook (every page is read by default)");
    }
    let (pages, mut notes) = pdf::tables(path, bytes, options.pages)?;
    let mut tables = Vec::new();
    // The header rows of the last table read (title rows included), and
    // its width.
    let mut header: Option<(Vec<Vec<String>>, usize)> = None;
    for rows in pages {
        let name = rows.name.clone();
        let width = rows.width();
        let head = rows.head(super::header::SEARCH_ROWS + 2).to_vec();
        let error = match Table::from_sheet(path, rows.clone(), options, false) {
            Ok(table) => {
                let end = (table.header_line as usize + table.header_tiers - 1).min(head.len());
                header = Some((head[..end].to_vec(), width));
                tables.push(table);
                continue;
            }
            Err(error) => error,
        };
        match &header {
            Some((above, columns)) if *columns == width => {
                tables.push(Table::from_sheet(
                    path,
                    rows.under(above.clone()),
                    options,
                    false,
                )?);
            }
            _ if options.pages.is_none() => {
                notes.push(format!(
                    "{path}[{name}]: skipped, no header found ({})",
                    error.message
                ));
            }
            _ => return Err(error.into()),
        }
    }
    if tables.is_empty() {
        bail!(
            "{path}: no page has a table with a header row naming the required columns; {}",
            notes.join("; ")
        );
    }
    Ok((tables, notes))
}
