//! A build without the `pdf` feature: a PDF is recognised (`source::is_pdf`),
//! and refused.

use anyhow::bail;

use super::PageRange;
use super::sheet::SheetRows;

pub fn tables(
    path: &str,
    _bytes: Vec<u8>,
    _pages: Option<PageRange>,
) -> anyhow::Result<(Vec<SheetRows>, Vec<String>)> {
    bail!("{path}: this build of plancheck reads no PDFs (built without the `pdf` feature)")
}
