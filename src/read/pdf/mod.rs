//! A plan's PDF as input: the ruled table on each page read as the rows a
//! workbook's sheet gives, so that everything the workbook reader does
//! (title rows, two-tier headers, merged cells, reason blocks, notes, units
//! in names) applies unchanged.
//!
//! ```text
//! page ─ hayro-interpret ─► glyphs and ruling lines (page) ─► grid and cells (grid, text) ─► SheetRows
//! ```
//!
//! Text PDFs with ruled tables are read; a scan (no text) and a page whose
//! table has no ruling lines are refused with a message saying so.

mod grid;
mod page;
mod text;

use anyhow::bail;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};

use super::PageRange;
use super::sheet::SheetRows;

/// The tables of the chosen pages (`pages`, else every page), one per page
/// that has one, named `p.N`; and notes on pages passed over. Fails when
/// the file is no readable PDF, has no text at all (a scan), or no chosen
/// page has a ruled table.
pub fn tables(
    path: &str,
    bytes: Vec<u8>,
    pages: Option<PageRange>,
) -> anyhow::Result<(Vec<SheetRows>, Vec<String>)> {
    let pdf = match Pdf::new(bytes) {
        Ok(pdf) => pdf,
        Err(LoadPdfError::Decryption(_)) => {
            bail!(
                "{path}: the PDF is encrypted; save it unprotected (or print it to a new PDF) and read that"
            )
        }
        Err(LoadPdfError::Invalid) => bail!("{path}: cannot read the PDF (damaged, or not a PDF)"),
    };
    let count = pdf.pages().len();
    if count == 0 {
        bail!("{path}: the PDF has no pages");
    }
    let chosen = match pages {
        Some(range) if range.first > count => {
            bail!(
                "{path}: --pages {range}: the PDF has {count} page{}",
                if count == 1 { "" } else { "s" }
            )
        }
        Some(range) => range.first..=range.last.unwrap_or(count).min(count),
        None => 1..=count,
    };
    let (mut sheets, mut notes) = (Vec::new(), Vec::new());
    let mut any_text = false;
    let mut untabled = Vec::new();
    for number in chosen {
        let page = &pdf.pages()[number - 1];
        let Some(marks) = interpreted(|| page::marks(page, pdf.xref())) else {
            bail!("{path}[p.{number}]: cannot read the page (its content is damaged)");
        };
        any_text |= !marks.glyphs.is_empty();
        match grid::table(&marks) {
            Some(table) => sheets.push(SheetRows::from_cells(format!("p.{number}"), table.rows)),
            None if marks.glyphs.is_empty() => untabled.push(format!("{path}[p.{number}]: skipped, no text")),
            None => untabled.push(format!("{path}[p.{number}]: skipped, no ruled table")),
        }
    }
    if !any_text {
        bail!(
            "{path}: the PDF has no text (a scanned page?): plancheck reads PDFs whose text can be \
             selected, not images of pages; reading scans (OCR) is out of its scope"
        );
    }
    if sheets.is_empty() {
        bail!(
            "{path}: no page has a ruled table: plancheck reads tables drawn with lines around \
             their cells; a table laid out with spaces alone cannot be split into cells reliably \
             (export it from its spreadsheet as CSV or .xlsx instead)"
        );
    }
    notes.append(&mut untabled);
    Ok((sheets, notes))
}

/// Runs `interpret`, a panic in the PDF interpreter (a damaged or hostile
/// file it did not foresee) becoming `None`, reported as a damaged page
/// rather than a crash. Quietly: the default hook would print the panic.
fn interpreted<T>(interpret: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(interpret));
    std::panic::set_hook(hook);
    result.ok()
}
