//! Input: from a CSV file, standard input or a workbook to `Indicator`s, one
//! record at a time. This file is the reading side's public face; the work
//! is done in rooms named for their job, in the order a row meets them:
//!
//! ```text
//! source     bytes from a file, stdin or memory; workbook or CSV (encoding, lines)
//! table      where the header is (header, columns, vocabulary), the rows below it
//! records    one record's cells, decoded strictly (sheet: a workbook's cells)
//! notes      note rows: reasons blocks, headings, footnotes
//! fill       blank chapter and section cells filled from above (repeats)
//! row        cells → Indicator: numbers, relative targets, placeholders
//! reader     IndicatorReader, which runs the rooms in that order;
//!            blocks: a large CSV cut for reading on every core
//! ```
//!
//! CSV records are read as raw bytes into one reused `ByteRecord` (the csv
//! crate's fast path), and only the cells plancheck needs are decoded, so an
//! invalid byte in an ignored column never stops a file. A wide row (one
//! indicator, a column pair per period) yields one `Indicator` per period.

pub mod blocks;
pub mod columns;
pub mod direction;
pub mod encoding;
pub mod fill;
pub mod formula;
pub mod header;
pub mod header_names;
pub mod lines;
pub mod number;
pub mod number_format;
pub mod placeholder;
pub mod relative;
pub mod repeats;
pub mod sheet;
pub mod vocabulary;

mod notes;
// PDF input (`pdf` feature, on by default): without it, a PDF is refused.
mod pairs;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(not(feature = "pdf"))]
#[path = "no_pdf.rs"]
mod pdf;
mod printed;
mod reader;
mod records;
mod row;
mod sheets;
mod source;
mod table;
mod values;

#[cfg(test)]
mod tests;

pub use blocks::Block;
pub use columns::{Columns, Layout};
pub use encoding::Encoding;
pub use number::parse_number;
pub use reader::{BlockEnd, BlockState, BlockTemplate, IndicatorReader};
pub use source::{BlockParser, Input};
pub use vocabulary::Column;

use crate::error::InputError;
use crate::indicator::Direction;

/// How to read an input, beyond its name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// `None`: detect UTF-8 or Shift_JIS from the file.
    pub encoding: Option<Encoding>,
    /// `None`: long or wide, from the headers.
    pub layout: Option<Layout>,
    /// A workbook's sheets to read, in this order; none: the first.
    pub sheets: Vec<String>,
    /// Read every sheet of a workbook, skipping those with no header.
    pub all_sheets: bool,
    /// The header's line (a sheet's row number), instead of searching.
    pub header_row: Option<u64>,
    /// Leave blank chapter and section cells blank.
    pub no_fill_down: bool,
    /// Read 計 / 小計 / 合計 rows as ordinary rows, not subtotals.
    pub keep_subtotals: bool,
    /// Read the publisher's printed rates (`達成率`) to cross-check them.
    pub published: bool,
    /// The direction of rows whose own evidence decides none, where the
    /// table has no direction column (`--direction`).
    pub direction: Option<Direction>,
    /// A PDF's pages to read (`--pages`); none: every page.
    pub pages: Option<PageRange>,
}

/// Pages of a PDF: `3` or `3-5` (1-based, inclusive); `3-` to the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRange {
    pub first: usize,
    pub last: Option<usize>,
}

impl std::str::FromStr for PageRange {
    type Err = String;
    fn from_str(text: &str) -> Result<PageRange, String> {
        let page = |t: &str| match t.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!(
                "\"{text}\" is not a page or pages; expected N, N-M or N- (from 1)"
            )),
        };
        let range = match text.split_once(['-', '–']) {
            None => {
                let n = page(text)?;
                PageRange {
                    first: n,
                    last: Some(n),
                }
            }
            Some((first, "")) => PageRange {
                first: page(first)?,
                last: None,
            },
            Some((first, last)) => PageRange {
                first: page(first)?,
                last: Some(page(last)?),
            },
        };
        match range.last {
            Some(last) if last < range.first => {
                Err(format!("\"{text}\": the last page comes before the first"))
            }
            _ => Ok(range),
        }
    }
}

impl std::fmt::Display for PageRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.last {
            Some(last) if last == self.first => write!(f, "{last}"),
            Some(last) => write!(f, "{}-{last}", self.first),
            None => write!(f, "{}-", self.first),
        }
    }
}

/// A row that could not be read, with every problem it has, so that a user
/// fixes a file in one pass rather than one error per run.
pub type RowErrors = Vec<InputError>;

/// The most columns a header may have: real plan tables have a few dozen;
/// a header of millions is a damaged or hostile file, refused at once.
pub const MAX_COLUMNS: usize = 4096;
