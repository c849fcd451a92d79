//! Input: from a file or standard input to `Indicator`s, one record at a time.
//!
//! Records are read as raw bytes into one reused `ByteRecord` (the csv
//! crate's fast path), and only the cells plancheck needs are decoded, so an
//! invalid byte in an ignored column never stops a file.

pub mod columns;
pub mod number;
pub mod period;

use std::fs::{self, File};
use std::io::{self, Read};

use anyhow::{Context, bail};
use csv::ByteRecord;

pub use columns::{Column, Columns};
pub use number::parse_number;
pub use period::FiscalYear;

use crate::error::InputError;
use crate::indicator::{Direction, Indicator};

/// Where input comes from, with the name errors will show.
pub struct Input {
    pub name: String,
    reader: Box<dyn Read>,
}

impl Input {
    /// The name errors and reports give the input at `path`.
    pub fn display_name(path: &str) -> &str {
        if path == "-" { "<stdin>" } else { path }
    }

    /// Opens `path`, or standard input for `-`.
    pub fn open(path: &str) -> anyhow::Result<Input> {
        if path == "-" {
            return Ok(Input {
                name: Input::display_name(path).to_string(),
                reader: Box::new(io::stdin().lock()),
            });
        }
        let metadata = fs::metadata(path).with_context(|| format!("{path}: cannot open"))?;
        if metadata.is_dir() {
            bail!("{path}: is a directory; expected a CSV file");
        }
        let file = File::open(path).with_context(|| format!("{path}: cannot open"))?;
        Ok(Input {
            name: path.to_string(),
            reader: Box::new(file),
        })
    }

    /// Input from memory, for tests and for callers that already hold the text.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Input {
        Input {
            name: name.to_string(),
            reader: Box::new(io::Cursor::new(bytes)),
        }
    }
}

/// A row that could not be read, with every problem it has, so that a user
/// fixes a file in one pass rather than one error per run.
pub type RowErrors = Vec<InputError>;

/// Reads indicator rows from CSV.
pub struct IndicatorReader {
    file: String,
    csv: csv::Reader<Box<dyn Read>>,
    columns: Columns,
    headers: Vec<String>,
    record: ByteRecord,
}

impl IndicatorReader {
    /// Reads and checks the header row.
    pub fn new(input: Input) -> anyhow::Result<IndicatorReader> {
        let file = input.name;
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input.reader);
        let raw_headers = csv
            .byte_headers()
            .with_context(|| format!("{file}: cannot read the header row"))?
            .clone();
        if raw_headers.is_empty() || raw_headers.iter().all(|h| h.trim_ascii().is_empty()) {
            bail!(
                "{file}:1: the file is empty; expected a header row such as \
                 chapter,section,indicator,unit,direction,baseline,target,actual,period"
            );
        }
        let mut headers = Vec::with_capacity(raw_headers.len());
        for (index, raw) in raw_headers.iter().enumerate() {
            let header = decode(raw).map_err(|message| InputError {
                file: file.clone(),
                line: 1,
                column: Some(index + 1),
                message: format!("header: {message}"),
            })?;
            headers.push(header.to_string());
        }
        let columns =
            Columns::from_headers(headers.iter().map(String::as_str)).map_err(|message| InputError {
                file: file.clone(),
                line: 1,
                column: None,
                message,
            })?;
        Ok(IndicatorReader {
            file,
            csv,
            columns,
            headers,
            record: ByteRecord::new(),
        })
    }

    /// The input's name as errors show it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The next row: `Ok(None)` at the end, `Ok(Some(Err(..)))` for a row
    /// with problems (reading goes on), `Err` when the input itself fails.
    pub fn next_row(&mut self) -> anyhow::Result<Option<Result<Indicator, RowErrors>>> {
        loop {
            match self.csv.read_byte_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    if self.record.iter().all(|cell| cell.trim_ascii().is_empty()) {
                        // Excel leaves rows of empty cells below a table.
                        continue;
                    }
                    return Ok(Some(self.indicator()));
                }
                Err(error) => return self.row_shape_error(error).map(|e| Some(Err(vec![e]))),
            }
        }
    }

    /// An error for `column` of the row that starts at `line`.
    pub fn error_at(&self, line: u64, column: Column, message: impl std::fmt::Display) -> InputError {
        let position = self.columns.position(column);
        let header = position
            .and_then(|p| self.headers.get(p))
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|| column.name().to_string());
        InputError {
            file: self.file.clone(),
            line,
            column: position.map(|p| p + 1),
            message: format!("{header}: {message}"),
        }
    }

    fn row_shape_error(&self, error: csv::Error) -> anyhow::Result<InputError> {
        if let csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } = error.kind()
        {
            let line = pos.as_ref().map_or(0, |p| p.line());
            let (expected_len, len) = (*expected_len as usize, *len as usize);
            return Ok(InputError {
                file: self.file.clone(),
                line,
                column: Some(expected_len.min(len) + 1),
                message: format!(
                    "this row has {len} fields but the header has {expected_len}; \
                     check for a missing or extra comma, or an unquoted comma in a number \
                     (write \"2,900\" in quotes)"
                ),
            });
        }
        Err(anyhow::Error::new(error).context(format!("{}: cannot read", self.file)))
    }

    fn indicator(&self) -> Result<Indicator, RowErrors> {
        let line = self.record.position().map_or(0, |p| p.line());
        let mut errors = Vec::new();
        let mut text = |column: Column| -> String {
            match self.cell(column) {
                Ok(text) => text.trim().to_string(),
                Err(message) => {
                    errors.push(self.error_at(line, column, message));
                    String::new()
                }
            }
        };
        let name = text(Column::Indicator);
        let direction_text = text(Column::Direction);
        let target_text = text(Column::Target);
        let actual_text = text(Column::Actual);
        let baseline_text = text(Column::Baseline);
        let chapter = text(Column::Chapter);
        let section = text(Column::Section);
        let unit = text(Column::Unit);
        let period = text(Column::Period);
        let reason = text(Column::Reason);
        let section_reason = text(Column::SectionReason);

        if name.is_empty() && !errors.iter().any(|e| e.column == self.field(Column::Indicator)) {
            errors.push(self.error_at(line, Column::Indicator, "the indicator name is empty"));
        }
        let direction = Direction::parse(&direction_text);
        if direction.is_none() {
            let found = if direction_text.is_empty() {
                "the direction is empty".to_string()
            } else {
                format!("\"{direction_text}\" is not a direction")
            };
            errors.push(self.error_at(
                line,
                Column::Direction,
                format!("{found}; expected one of {}", Direction::ACCEPTED),
            ));
        }
        let mut number = |column: Column, text: &str| match parse_number(text) {
            Ok(value) => value,
            Err(message) => {
                errors.push(self.error_at(line, column, message));
                None
            }
        };
        let target = number(Column::Target, &target_text);
        let actual = number(Column::Actual, &actual_text);
        let baseline = number(Column::Baseline, &baseline_text);
        if target.is_none() && target_text.is_empty() {
            errors.push(self.error_at(
                line,
                Column::Target,
                "the target is empty; every indicator needs a target",
            ));
        }
        match (direction, target) {
            (Some(direction), Some(target)) if errors.is_empty() => Ok(Indicator {
                line,
                chapter,
                section,
                name,
                unit,
                direction,
                baseline,
                target,
                actual,
                period,
                reason,
                section_reason,
            }),
            _ => {
                errors.sort_by_key(|e| e.column);
                Err(errors)
            }
        }
    }

    fn field(&self, column: Column) -> Option<usize> {
        self.columns.position(column).map(|p| p + 1)
    }

    fn cell(&self, column: Column) -> Result<&str, String> {
        match self.columns.position(column).and_then(|p| self.record.get(p)) {
            Some(bytes) => decode(bytes),
            None => Ok(""),
        }
    }
}

/// Decodes one cell as UTF-8, refusing bytes that would print as mojibake.
fn decode(bytes: &[u8]) -> Result<&str, String> {
    if bytes.contains(&0) {
        return Err(
            "contains a NUL byte (is this a UTF-16 or binary file? save it as CSV UTF-8)".to_string(),
        );
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        format!(
            "invalid UTF-8 after \"{valid}\" (byte {}); save the file as CSV UTF-8",
            e.valid_up_to() + 1
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Result<Indicator, RowErrors>> {
        rows_bytes(text.as_bytes())
    }

    #[test]
    fn reads_a_row_with_japanese_headers() {
        let rows = rows(
            "節,目標指標,単位,指標のめざす方向,策定時,目標値,実績値,年度\n第1節 農業,認定農業者数,人,↗,193,225,182,H26\n",
        );
        let indicator = rows[0].as_ref().unwrap();
        assert_eq!(indicator.line, 2);
        assert_eq!(indicator.name, "認定農業者数");
        assert_eq!(indicator.direction, Direction::Increase);
        assert_eq!(indicator.target.to_string(), "225");
        assert_eq!(indicator.actual.map(|a| a.to_string()), Some("182".to_string()));
        assert_eq!(indicator.period, "H26");
    }

    #[test]
    fn every_problem_of_a_row_is_reported_with_its_place() {
        let rows = rows("indicator,direction,target,actual\n,sideways,x,\n");
        let errors = rows[0].as_ref().unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[0], "t.csv:2:1: indicator: the indicator name is empty");
        assert!(
            shown[1]
                .starts_with("t.csv:2:2: direction: \"sideways\" is not a direction; expected one of up,")
        );
        assert!(shown[2].starts_with("t.csv:2:3: target: \"x\" is not a number"));
    }

    #[test]
    fn a_short_row_is_an_error_and_reading_goes_on() {
        let rows = rows("indicator,direction,target,actual\na,up,1\nb,up,1,2\n");
        assert_eq!(rows.len(), 2);
        let error = &rows[0].as_ref().unwrap_err()[0];
        assert_eq!(error.line, 2);
        assert!(
            error
                .message
                .contains("this row has 3 fields but the header has 4")
        );
        assert_eq!(rows[1].as_ref().unwrap().name, "b");
    }

    #[test]
    fn blank_rows_are_skipped_and_empty_actual_is_pending() {
        let rows = rows("indicator,direction,target,actual\n,,,\na,down,1,\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].as_ref().unwrap().actual, None);
    }

    #[test]
    fn empty_input_and_missing_columns_are_errors() {
        let error = IndicatorReader::new(Input::from_bytes("e.csv", Vec::new()))
            .err()
            .unwrap();
        assert!(error.to_string().starts_with("e.csv:1: the file is empty"));
        let error = IndicatorReader::new(Input::from_bytes("m.csv", b"indicator,target\n".to_vec()))
            .err()
            .unwrap();
        assert!(
            error
                .to_string()
                .starts_with("m.csv:1: missing required columns direction")
        );
    }

    #[test]
    fn invalid_utf8_names_the_cell() {
        let rows = rows_bytes(b"indicator,direction,target,actual\nab\xff,up,1,1\n");
        let error = &rows[0].as_ref().unwrap_err()[0];
        assert_eq!(error.column, Some(1));
        assert!(error.message.contains("invalid UTF-8 after \"ab\""));
    }

    fn rows_bytes(bytes: &[u8]) -> Vec<Result<Indicator, RowErrors>> {
        let mut reader = IndicatorReader::new(Input::from_bytes("t.csv", bytes.to_vec())).unwrap();
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            rows.push(row);
        }
        rows
    }
}
