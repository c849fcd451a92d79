//! Where a table is: its header row (or two-tier header) found among the
//! first rows of a CSV file or a sheet, the columns it names, and the
//! rows below it; and how an error names a place in it (file and line, or
//! sheet and cell).

use std::collections::VecDeque;
use std::sync::Arc;

use anyhow::bail;
use csv::ByteRecord;

use super::columns::Columns;
use super::encoding::Encoding;
use super::header::{self, NotFound};
use super::records::{Records, decode_cell};
use super::sheet::SheetRows;
use super::source::CsvRecords;
use super::vocabulary::Column;
use super::{MAX_COLUMNS, ReadOptions};
use crate::error::InputError;
use crate::indicator::Indicator;

/// One table: a CSV file, or one sheet of a workbook, with its header
/// settled before any row is read.
pub(super) struct Table {
    /// As errors name it: the file, or `plan.xlsx[第5章]`.
    pub file: String,
    pub records: Records,
    pub columns: Columns,
    /// One label per column (two header rows joined: `目標値(H26)`).
    pub headers: Vec<String>,
    /// Columns left of a sheet's table, so errors name Excel's column.
    pub column_offset: usize,
    /// Rows read while looking for the header that lie below it.
    pub replay: VecDeque<(ByteRecord, u64)>,
    /// With several sheets read, the sheet's name: the chapter of its rows
    /// where the sheet has no chapter column, or a blank chapter cell with
    /// none above it in the sheet (one sheet per 章).
    pub chapter: Option<Arc<str>>,
    /// Where the header was found: its first line, and 1 or 2 rows.
    pub header_line: u64,
    pub header_tiers: usize,
}

impl Table {
    pub fn is_sheet(&self) -> bool {
        matches!(self.records, Records::Sheet(_))
    }

    /// Where the header is, for `validate`: `line 3`, `rows 3–4`.
    pub fn header_place(&self) -> String {
        let unit = if self.is_sheet() { "row" } else { "line" };
        match self.header_tiers {
            1 => format!("{}: header at {unit} {}", self.file, self.header_line),
            _ => format!(
                "{}: two-row header at {unit}s {}–{}",
                self.file,
                self.header_line,
                self.header_line + 1
            ),
        }
    }

    /// The next record into `record`, with its line: rows replayed after
    /// the header search first, then the CSV stream or the sheet.
    pub fn read(&mut self, record: &mut ByteRecord) -> Result<Option<u64>, csv::Error> {
        if let Some((replayed, line)) = self.replay.pop_front() {
            *record = replayed;
            return Ok(Some(line));
        }
        self.records.read(record)
    }

    /// The error for `column` of `indicator`'s row: in the wide layout, the
    /// target, actual and published columns of the indicator's period.
    pub fn locate(
        &self,
        indicator: &Indicator,
        column: Column,
        message: impl std::fmt::Display,
    ) -> InputError {
        let period = self
            .columns
            .periods()
            .iter()
            .find(|p| *p.period == *indicator.period);
        let position = match (period, column) {
            (Some(p), Column::Target) => Some(p.target),
            (Some(p), Column::Actual) => Some(p.actual),
            (Some(p), Column::Published) => p.published,
            _ => self.columns.position(column),
        };
        self.error_at(indicator.line, position, column, message)
    }

    pub fn error_at(
        &self,
        line: u64,
        position: Option<usize>,
        column: Column,
        message: impl std::fmt::Display,
    ) -> InputError {
        let header = position
            .and_then(|p| self.headers.get(p))
            .map(|h| h.trim().replace(['\r', '\n'], " "))
            .unwrap_or_else(|| column.name().to_string());
        InputError {
            file: self.file.clone(),
            line,
            column: position.map(|p| p + 1 + self.column_offset),
            message: format!("{header}: {message}"),
            cell: self.is_sheet(),
        }
    }

    /// A row whose cells do not line up with the header: one that stops
    /// before a required cell, or has text beyond the last column (usually
    /// an unquoted comma in a number). A trailing empty cell (`A,up,10,5,`)
    /// and missing optional trailing columns are fine.
    pub fn shape_error(&self, record: &ByteRecord, line: u64) -> Option<InputError> {
        let (len, expected) = (record.len(), self.headers.len());
        let short = len < expected && self.columns.last_required() >= len;
        let long = len > expected && record.iter().skip(expected).any(|c| !c.trim_ascii().is_empty());
        if !short && !long {
            return None;
        }
        let fields = if len == 1 { "field" } else { "fields" };
        Some(InputError {
            file: self.file.clone(),
            line,
            column: Some(expected.min(len) + 1 + self.column_offset),
            message: format!(
                "this row has {len} {fields} but the header has {expected}; \
                 check for a missing or extra comma, or an unquoted comma in a number \
                 (write \"2,900\" in quotes)"
            ),
            cell: self.is_sheet(),
        })
    }

    /// The CSV table whose first rows (`rows`, at `lines`) were read to
    /// find its header; the rows below the header are read again as data.
    pub fn found(
        file: String,
        records: Records,
        rows: Vec<ByteRecord>,
        lines: Vec<u64>,
        options: &ReadOptions,
        encoding: Encoding,
    ) -> anyhow::Result<Table> {
        let texts: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect()
            })
            .collect();
        let forced = options.header_row.map(|_| 0);
        // The header's cells are decoded strictly: a damaged byte there (a
        // Shift_JIS file read as UTF-8) is named, not read around.
        let undecodable = |row: usize| -> Result<(), InputError> {
            for (index, raw) in rows[row].iter().enumerate() {
                decode_cell(raw, encoding).map_err(|message| InputError {
                    file: file.clone(),
                    line: lines[row],
                    column: Some(index + 1),
                    message: format!("header: {message}"),
                    cell: false,
                })?;
            }
            Ok(())
        };
        let header = match header::detect(&texts, options.layout, forced) {
            Ok(header) => header,
            Err(not_found) => {
                if let Some(row) = not_found.row {
                    undecodable(row)?;
                }
                return Err(
                    not_found_error(&file, &not_found, |i| lines[i], false, first_candidate(&texts)).into(),
                );
            }
        };
        for row in header.row..header.row + header.tiers {
            undecodable(row)?;
        }
        let below = header.row + header.tiers;
        Ok(Table {
            replay: rows.into_iter().zip(lines.iter().copied()).skip(below).collect(),
            header_line: lines[header.row],
            header_tiers: header.tiers,
            file,
            records,
            columns: header.columns,
            headers: header.labels,
            column_offset: 0,
            chapter: None,
        })
    }

    /// A sheet of the workbook at `path`, read from below its header.
    /// With `several` sheets read, one without a chapter column takes the
    /// sheet's name as its chapter.
    pub fn from_sheet(
        path: &str,
        mut rows: SheetRows,
        options: &ReadOptions,
        several: bool,
    ) -> Result<Table, InputError> {
        let file = format!("{path}[{}]", rows.name);
        let (texts, first) = match options.header_row {
            Some(number) => {
                let index = rows.index_of(number).ok_or_else(|| InputError {
                    file: file.clone(),
                    line: number,
                    column: None,
                    message: format!("--header-row {number}: the sheet has no row {number}"),
                    cell: true,
                })?;
                (rows.head(index + 2)[index..].to_vec(), index)
            }
            None => (rows.head(header::SEARCH_ROWS + 1).to_vec(), 0),
        };
        if let Some(row) = texts.iter().find(|r| r.len() > MAX_COLUMNS) {
            return Err(InputError {
                file,
                line: rows.row_number(first),
                column: None,
                message: format!(
                    "the header has {} columns; plancheck reads up to {MAX_COLUMNS}",
                    row.len()
                ),
                cell: true,
            });
        }
        let forced = options.header_row.map(|_| 0);
        let header = header::detect(&texts, options.layout, forced).map_err(|not_found| {
            not_found_error(
                &file,
                &not_found,
                |i| rows.row_number(first + i),
                true,
                first_candidate(&texts),
            )
        })?;
        rows.skip_to(first + header.row + header.tiers);
        Ok(Table {
            chapter: several.then(|| rows.name.as_str().into()),
            column_offset: rows.column_offset(),
            header_line: rows.row_number(first + header.row),
            header_tiers: header.tiers,
            file,
            columns: header.columns,
            headers: header.labels,
            records: Records::Sheet(rows),
            replay: VecDeque::new(),
        })
    }
}

/// The first row that is neither blank nor a comment, if any.
fn first_candidate(rows: &[Vec<String>]) -> Option<usize> {
    rows.iter().position(|r| {
        !r.iter().all(|c| c.trim().is_empty()) && !r.first().is_some_and(|c| c.trim_start().starts_with('#'))
    })
}

/// The error for a table with no header: at the closest row, saying what it
/// lacks, and that no row above fitted when it is not the first row.
fn not_found_error(
    file: &str,
    not_found: &NotFound,
    line_of: impl Fn(usize) -> u64,
    cell: bool,
    first: Option<usize>,
) -> InputError {
    let message = match not_found.row {
        Some(row) if Some(row) != first => format!(
            "no row of the first {} names the required columns; the closest is this one: {}",
            header::SEARCH_ROWS,
            not_found.message
        ),
        _ => not_found.message.clone(),
    };
    InputError {
        file: file.to_string(),
        line: not_found.row.map_or(1, line_of),
        column: None,
        message,
        cell,
    }
}

/// Reads the first rows of a CSV file, where its header is looked for: up
/// to `header::SEARCH_ROWS` and one more (a second header tier), or from
/// line `header_row` on when it is given. Returns the rows and their lines.
pub(super) fn first_csv_rows(
    name: &str,
    csv: &mut CsvRecords,
    header_row: Option<u64>,
) -> anyhow::Result<(Vec<ByteRecord>, Vec<u64>)> {
    let wanted = if header_row.is_some() {
        2
    } else {
        header::SEARCH_ROWS + 1
    };
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    while rows.len() < wanted {
        let mut record = ByteRecord::new();
        let found = csv
            .read_byte_record(&mut record)
            .map_err(|e| anyhow::Error::new(e).context(format!("{name}: cannot read the header row")))?;
        if !found {
            break;
        }
        let line = record.position().map_or(1, |p| csv.get_mut().line_at(p.byte()));
        if record.len() > MAX_COLUMNS {
            bail!(
                "{name}:{line}: the header has {} columns; plancheck reads up to {MAX_COLUMNS} \
                 (is this a plan table?)",
                record.len()
            );
        }
        if header_row.is_some_and(|wanted| line < wanted) {
            continue;
        }
        rows.push(record);
        lines.push(line);
    }
    if let Some(number) = header_row
        && lines.first() != Some(&number)
    {
        bail!("{name}: --header-row {number}: line {number} is blank, inside a quoted cell, or past the end");
    }
    Ok((rows, lines))
}
