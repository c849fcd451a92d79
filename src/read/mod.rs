//! Input: from a CSV file, standard input or a workbook to `Indicator`s, one
//! record at a time.
//!
//! CSV records are read as raw bytes into one reused `ByteRecord` (the csv
//! crate's fast path), and only the cells plancheck needs are decoded, so an
//! invalid byte in an ignored column never stops a file. A wide row (one
//! indicator, a column pair per period) yields one `Indicator` per period.

pub mod blocks;
pub mod columns;
pub mod encoding;
pub mod fill;
pub mod header;
pub mod lines;
pub mod number;
pub mod placeholder;
pub mod relative;
pub mod repeats;
pub mod sheet;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, Read};
use std::sync::Arc;

use anyhow::{Context, bail};
use csv::ByteRecord;
use rust_decimal::Decimal;

pub use blocks::Block;
pub use columns::{Column, Columns, Layout};
pub use encoding::Encoding;
pub use number::parse_number;

use crate::error::InputError;
use crate::indicator::{Direction, Indicator, MethodChoice, SectionReason};
use crate::period::FiscalYear;
use crate::subtotal;
use blocks::{BLOCK_SIZE_VAR, Splitter};
use fill::{FillDown, Level};
use header::NotFound;
use lines::LineCounter;
use repeats::{Recent, Repeats};
use sheet::{SheetRows, Workbook};

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

    /// Input from memory, for tests and for callers that already hold the
    /// text: a `Vec`, or an `Arc<[u8]>` shared with the caller (the browser
    /// page reads one file several times), read in place, not copied.
    pub fn from_bytes(name: &str, bytes: impl AsRef<[u8]> + 'static) -> Input {
        Input {
            name: name.to_string(),
            reader: Box::new(io::Cursor::new(bytes)),
        }
    }
}

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
}

/// The longest cell read (1 MiB): longer ones are almost always an unclosed
/// quote swallowing the rest of a file, and would be copied into every output.
const MAX_CELL: usize = 1 << 20;

/// A row that could not be read, with every problem it has, so that a user
/// fixes a file in one pass rather than one error per run.
pub type RowErrors = Vec<InputError>;

/// The most columns a header may have: real plan tables have a few dozen;
/// a header of millions is a damaged or hostile file, refused at once.
pub const MAX_COLUMNS: usize = 4096;

type CsvRecords = csv::Reader<LineCounter<Box<dyn Read>>>;

/// Records from a CSV stream or from a loaded sheet.
enum Records {
    Csv(CsvRecords),
    Sheet(SheetRows),
    /// Handed over to blocks read on other threads (`split`).
    Split,
}

/// The CSV parser every table is read with. Flexible: a ragged row is
/// judged by which cells it lacks (see `shape_error`). No comment
/// character: `#` lines are comments only above the header, and after it a
/// `#1 ranking` row is data.
fn csv_records(counter: LineCounter<Box<dyn Read>>) -> CsvRecords {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(counter)
}

/// Input smaller than this is read on one thread: splitting it would cost
/// more than it saves (the 16-row example starts and ends in a millisecond).
const PARALLEL_MIN: usize = 64 << 10;

/// A CSV table's header and rules, to read one of its blocks with
/// (`IndicatorReader::split`) on another thread.
#[derive(Clone, Debug)]
pub struct BlockTemplate {
    path: String,
    file: String,
    columns: Columns,
    headers: Vec<String>,
    header_line: u64,
    header_tiers: usize,
    encoding: Encoding,
    options: ReadOptions,
}

impl BlockTemplate {
    /// A reader of `block`: the same header and rules; its leading rows,
    /// until one settles chapter and section, are deferred (`take_deferred`)
    /// to the reader of the rows before.
    pub fn reader(&self, block: Block) -> IndicatorReader {
        let bytes: Box<dyn Read> = Box::new(io::Cursor::new(block.bytes));
        let table = Table {
            file: self.file.clone(),
            records: Records::Csv(csv_records(LineCounter::starting_at(bytes, block.first_line))),
            columns: self.columns.clone(),
            headers: self.headers.clone(),
            column_offset: 0,
            replay: VecDeque::new(),
            chapter: None,
            header_line: self.header_line,
            header_tiers: self.header_tiers,
        };
        let mut reader = IndicatorReader::with_tables(
            self.path.clone(),
            vec![table],
            Vec::new(),
            self.encoding,
            self.options.clone(),
        );
        reader.leading = true;
        reader
    }
}

/// What a block reader leaves for the reader after it.
#[derive(Debug, Default)]
pub struct BlockEnd {
    pub state: BlockState,
    pub filled: u64,
    pub note_rows: Vec<(u64, String)>,
    pub section_reasons: Vec<SectionReason>,
}

/// Where a block reader stands at the end of its block, for the next one.
#[derive(Clone, Debug, Default)]
pub struct BlockState {
    /// Whether a row settled the chapter and section within the block; if
    /// not, the whole block was deferred to the reader before it.
    pub anchored: bool,
    pub chapter: String,
    pub section: String,
    pub in_reasons: bool,
}

/// One table: a CSV file, or one sheet of a workbook, with its header
/// settled before any row is read.
struct Table {
    /// As errors name it: the file, or `plan.xlsx[第5章]`.
    file: String,
    records: Records,
    columns: Columns,
    /// One label per column (two header rows joined: `目標値(H26)`).
    headers: Vec<String>,
    /// Columns left of a sheet's table, so errors name Excel's column.
    column_offset: usize,
    /// Rows read while looking for the header that lie below it.
    replay: VecDeque<(ByteRecord, u64)>,
    /// The sheet's name, as the chapter of rows that have none (several
    /// sheets, one per 章, and no chapter column).
    chapter: Option<Arc<str>>,
    /// Where the header was found: its first line, and 1 or 2 rows.
    header_line: u64,
    header_tiers: usize,
}

impl Table {
    fn is_sheet(&self) -> bool {
        matches!(self.records, Records::Sheet(_))
    }

    /// Where the header is, for `validate`: `line 3`, `rows 3–4`.
    fn header_place(&self) -> String {
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
}

/// Reads indicator rows.
pub struct IndicatorReader {
    /// The input's name (a workbook's path, without a sheet).
    path: String,
    table: Table,
    /// Further sheets to read, headers already found.
    later: VecDeque<Table>,
    /// Notes for the user: sheets skipped for want of a header.
    notes: Vec<String>,
    /// Where each table's header is, for `validate`.
    header_places: Vec<String>,
    encoding: Encoding,
    options: ReadOptions,
    record: ByteRecord,
    /// The record's bytes as text when all of them are UTF-8 (and no NUL),
    /// else empty: validated once per record, so that its cells are slices
    /// of it rather than each checked again.
    text: String,
    /// Whether `text` holds the record (an empty record's text is empty too).
    text_valid: bool,
    line: u64,
    fill: FillDown,
    /// The chapters, sections, units and periods met so far, shared by
    /// the rows that repeat them. In a cell: the cells are read by `&self`.
    repeats: RefCell<Repeats>,
    /// Indicators of a wide row not handed out yet.
    queue: VecDeque<Result<Indicator, RowErrors>>,
    /// Below a reasons heading (未達成指標の理由・分析): text rows are the
    /// section's reason until the next indicator row.
    in_reasons: bool,
    section_reasons: Vec<SectionReason>,
    /// Rows that are neither indicators nor understood notes (footnotes):
    /// their line and text, so that none is dropped silently.
    note_rows: Vec<(u64, String)>,
    /// A block reader, until a row settles chapter and section: rows before
    /// that depend on the block before, and are handed back (`deferred`).
    leading: bool,
    deferred: Vec<(ByteRecord, u64)>,
}

impl IndicatorReader {
    /// Opens `path` (`-` for standard input): a workbook when its first
    /// bytes say so (whatever its name), anything else as CSV.
    pub fn open(path: &str, options: ReadOptions) -> anyhow::Result<IndicatorReader> {
        IndicatorReader::sniff(Input::open(path)?, options)
    }

    /// Reads `input`: a workbook when its first bytes say so (whatever its
    /// name), anything else as CSV.
    pub fn sniff(input: Input, options: ReadOptions) -> anyhow::Result<IndicatorReader> {
        let Input { name, mut reader } = input;
        let mut head = Vec::with_capacity(sheet::MAGIC_LEN);
        (&mut reader)
            .take(sheet::MAGIC_LEN as u64)
            .read_to_end(&mut head)
            .with_context(|| format!("{name}: cannot read"))?;
        if sheet::is_workbook(&head) {
            let mut bytes = head;
            reader
                .read_to_end(&mut bytes)
                .with_context(|| format!("{name}: cannot read"))?;
            return IndicatorReader::workbook(name, bytes, options);
        }
        if let Some(sheet) = options.sheets.first() {
            bail!("--sheet {sheet}: {name} is not a workbook (.xlsx, .xls or .ods)");
        }
        if options.all_sheets {
            bail!("--all-sheets: {name} is not a workbook (.xlsx, .xls or .ods)");
        }
        let reader: Box<dyn Read> = Box::new(io::Cursor::new(head).chain(reader));
        IndicatorReader::new(Input { name, reader }, options)
    }

    /// Reads CSV from `input`, detecting its encoding unless one is given.
    pub fn new(input: Input, options: ReadOptions) -> anyhow::Result<IndicatorReader> {
        let (reader, encoding) = encoding::decode(&input.name, input.reader, options.encoding)?;
        // The bytes read while looking for the header are kept, so that a
        // large input can be read again from its first data row in blocks.
        let mut csv = csv_records(LineCounter::new(reader).with_tee());
        let (rows, lines) = first_csv_rows(&input.name, &mut csv, options.header_row)?;
        if csv.get_ref().teed().is_some_and(|n| n < PARALLEL_MIN)
            && std::env::var_os(BLOCK_SIZE_VAR).is_none()
        {
            csv.get_mut().stop_tee();
        }
        let table = Table::found(
            input.name.clone(),
            Records::Csv(csv),
            rows,
            lines,
            &options,
            encoding,
        )?;
        Ok(IndicatorReader::with_tables(
            input.name,
            vec![table],
            Vec::new(),
            encoding,
            options,
        ))
    }

    /// Reads the chosen sheets of a workbook. With several, a sheet that
    /// has no header is skipped with a note under `--all-sheets`.
    fn workbook(path: String, bytes: Vec<u8>, options: ReadOptions) -> anyhow::Result<IndicatorReader> {
        let mut book = Workbook::open(&path, bytes)?;
        let names = book.select(&options.sheets, options.all_sheets)?;
        let several = names.len() > 1;
        let (mut tables, mut notes) = (Vec::new(), Vec::new());
        for name in names {
            let rows = book.sheet(&name)?;
            match Table::from_sheet(&path, rows, &options, several) {
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
        Ok(IndicatorReader::with_tables(
            path,
            tables,
            notes,
            Encoding::Utf8,
            options,
        ))
    }

    fn with_tables(
        path: String,
        tables: Vec<Table>,
        notes: Vec<String>,
        encoding: Encoding,
        options: ReadOptions,
    ) -> IndicatorReader {
        let header_places = tables.iter().map(Table::header_place).collect();
        let mut later: VecDeque<Table> = tables.into();
        let table = later.pop_front().expect("at least one table");
        IndicatorReader {
            path,
            table,
            later,
            notes,
            header_places,
            encoding,
            fill: FillDown::new(!options.no_fill_down),
            repeats: RefCell::default(),
            options,
            record: ByteRecord::new(),
            text: String::new(),
            text_valid: false,
            line: 0,
            queue: VecDeque::new(),
            in_reasons: false,
            section_reasons: Vec::new(),
            note_rows: Vec::new(),
            leading: false,
            deferred: Vec::new(),
        }
    }

    /// Hands the rest of a large CSV input over to be read in blocks of
    /// `size` bytes: from the first row not read yet, on its line. `None`
    /// (and reading goes on here) for workbooks, small inputs, and once rows
    /// have been read.
    pub fn split(&mut self, size: usize) -> Option<Splitter<Box<dyn Read>>> {
        let Records::Csv(csv) = &self.table.records else {
            return None;
        };
        let (first, line) = self.table.replay.front()?;
        let line = *line;
        let start = first.position()?.byte() as usize;
        if csv.get_ref().teed().is_none_or(|n| n < start) || !self.later.is_empty() {
            return None;
        }
        let Records::Csv(csv) = std::mem::replace(&mut self.table.records, Records::Split) else {
            return None;
        };
        let (mut teed, rest) = csv.into_inner().into_parts();
        // The parser's position is before the blank lines it skips.
        let start = start
            + teed[start..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        teed.drain(..start);
        self.table.replay.clear();
        let reader: Box<dyn Read> = Box::new(io::Cursor::new(teed).chain(rest));
        Some(Splitter::new(reader, line, size))
    }

    /// What a reader of one block of this table needs, to be sent to
    /// the thread that reads it.
    pub fn block_template(&self) -> BlockTemplate {
        BlockTemplate {
            path: self.path.clone(),
            file: self.table.file.clone(),
            columns: self.table.columns.clone(),
            headers: self.table.headers.clone(),
            header_line: self.table.header_line,
            header_tiers: self.table.header_tiers,
            encoding: self.encoding,
            options: self.options.clone(),
        }
    }

    /// Reads `rows` (deferred by a block reader) next, with this reader's
    /// chapter, section and notes state.
    pub fn read_next(&mut self, rows: Vec<(ByteRecord, u64)>) {
        self.table.replay.extend(rows);
    }

    /// The rows a block reader deferred, with their lines.
    pub fn take_deferred(&mut self) -> Vec<(ByteRecord, u64)> {
        std::mem::take(&mut self.deferred)
    }

    /// Reasons given in blocks below their sections, read so far.
    pub fn section_reasons(&self) -> &[SectionReason] {
        &self.section_reasons
    }

    /// Rows read as notes (one text, no indicator, no figures), with their
    /// lines: footnotes below a table, kept out of the evaluations.
    pub fn note_rows(&self) -> &[(u64, String)] {
        &self.note_rows
    }

    /// Notes for the user about how the input was read (sheets skipped).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Where each table's header was found (`validate` says it).
    pub fn header_places(&self) -> &[String] {
        &self.header_places
    }

    /// Blank chapter and section cells filled from the row above so far.
    pub fn filled_cells(&self) -> u64 {
        self.fill.filled
    }

    /// Ends a block reader: where it stands, and what it gathered.
    pub fn end_block(mut self) -> BlockEnd {
        let (chapter, section) = self.above();
        BlockEnd {
            state: BlockState {
                anchored: !self.leading,
                chapter: chapter.to_string(),
                section: section.to_string(),
                in_reasons: self.in_reasons,
            },
            filled: self.fill.filled,
            note_rows: std::mem::take(&mut self.note_rows),
            section_reasons: std::mem::take(&mut self.section_reasons),
        }
    }

    /// The chapter and section of the last row, as the fill-down has them.
    fn above(&self) -> (Arc<str>, Arc<str>) {
        let repeats = self.repeats.borrow();
        self.fill.above(&repeats.chapter, &repeats.section)
    }

    /// Takes over where a block reader ended, after reading the rows it
    /// deferred: its chapter and section, notes, reasons and filled cells.
    pub fn continue_after(&mut self, mut end: BlockEnd) {
        if end.state.anchored {
            self.fill.set_above(&end.state.chapter, &end.state.section);
            self.in_reasons = end.state.in_reasons;
        }
        self.fill.filled += end.filled;
        self.note_rows.append(&mut end.note_rows);
        self.section_reasons.append(&mut end.section_reasons);
    }

    /// Whether the input (any of its sheets) has `column`.
    pub fn has_column(&self, column: Column) -> bool {
        std::iter::once(&self.table)
            .chain(&self.later)
            .any(|t| t.columns.position(column).is_some())
    }

    /// The input's name as messages show it (a workbook's, not a sheet's).
    pub fn file(&self) -> &str {
        &self.path
    }

    /// The next row: `Ok(None)` at the end, `Ok(Some(Err(..)))` for a row
    /// with problems (reading goes on), `Err` when the input itself fails.
    pub fn next_row(&mut self) -> anyhow::Result<Option<Result<Indicator, RowErrors>>> {
        if let Records::Csv(csv) = &mut self.table.records {
            // Rows are read here: the input will not be split any more.
            csv.get_mut().stop_tee();
        }
        loop {
            if let Some(row) = self.queue.pop_front() {
                return Ok(Some(row));
            }
            match self.read_record() {
                Ok(false) => match self.later.pop_front() {
                    // The next sheet: its own header, nothing above its first row.
                    Some(table) => {
                        self.table = table;
                        self.fill.restart();
                    }
                    None => return Ok(None),
                },
                Ok(true) => {
                    if self.record.iter().all(|cell| cell.trim_ascii().is_empty()) {
                        // Excel leaves rows of empty cells below a table.
                        continue;
                    }
                    if self.leading {
                        if !self.is_anchor() {
                            self.deferred.push((self.record.clone(), self.line));
                            continue;
                        }
                        self.leading = false;
                    }
                    if let Some(note) = self.note_text() {
                        self.read_note(note);
                        continue;
                    }
                    self.in_reasons = false;
                    if let Some(error) = self.shape_error() {
                        return Ok(Some(Err(vec![error])));
                    }
                    if let Some(row) = self.parse_record() {
                        return Ok(Some(row));
                    }
                }
                Err(error) => return Err(self.read_error(error)),
            }
        }
    }

    /// Reads the next record into `self.record`, setting `self.line` and
    /// `self.text`.
    fn read_record(&mut self) -> Result<bool, csv::Error> {
        let found = self.read_bytes()?;
        self.text.clear();
        self.text_valid = false;
        let bytes = self.record.as_slice();
        if found
            && self.encoding == Encoding::Utf8
            && memchr::memchr(0, bytes).is_none()
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            self.text.push_str(text);
            self.text_valid = true;
        }
        Ok(found)
    }

    /// The text of cell `position` of the current record, untrimmed, when
    /// the record is valid text and the cell a whole part of it; `None`
    /// sends the cell through `decode`, which explains what is wrong.
    fn cell_text(&self, position: usize) -> Option<&str> {
        if !self.text_valid {
            return None;
        }
        let text = self.text.get(self.record.range(position)?)?;
        (text.len() <= MAX_CELL).then_some(text)
    }

    /// The next record's cells and line: rows replayed after the header
    /// search first, then the CSV stream or the sheet.
    fn read_bytes(&mut self) -> Result<bool, csv::Error> {
        if let Some((record, line)) = self.table.replay.pop_front() {
            self.record = record;
            self.line = line;
            return Ok(true);
        }
        match &mut self.table.records {
            Records::Csv(csv) => {
                let found = csv.read_byte_record(&mut self.record)?;
                if let Some(position) = self.record.position() {
                    self.line = csv.get_mut().line_at(position.byte());
                }
                Ok(found)
            }
            Records::Split => Ok(false),
            Records::Sheet(rows) => match rows.next_row() {
                Some((cells, line)) => {
                    self.record.clear();
                    cells
                        .iter()
                        .for_each(|cell| self.record.push_field(cell.as_bytes()));
                    self.line = line;
                    Ok(true)
                }
                None => Ok(false),
            },
        }
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
            .table
            .columns
            .periods()
            .iter()
            .find(|p| *p.period == *indicator.period);
        let position = match (period, column) {
            (Some(p), Column::Target) => Some(p.target),
            (Some(p), Column::Actual) => Some(p.actual),
            (Some(p), Column::Published) => p.published,
            _ => self.table.columns.position(column),
        };
        self.error_at(indicator.line, position, column, message)
    }

    fn error_at(
        &self,
        line: u64,
        position: Option<usize>,
        column: Column,
        message: impl std::fmt::Display,
    ) -> InputError {
        let header = position
            .and_then(|p| self.table.headers.get(p))
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|| column.name().to_string());
        InputError {
            file: self.table.file.clone(),
            line,
            column: position.map(|p| p + 1 + self.table.column_offset),
            message: format!("{header}: {message}"),
            cell: self.table.is_sheet(),
        }
    }

    /// Whether the current row settles the chapter and section by itself
    /// (an indicator row with them filled, where the table has them), so
    /// that the rows after it no longer depend on the rows before.
    fn is_anchor(&self) -> bool {
        let filled = |column| {
            self.table
                .columns
                .position(column)
                .is_none_or(|p| self.record.get(p).is_some_and(|c| !c.trim_ascii().is_empty()))
        };
        self.table.chapter.is_none()
            && filled(Column::Chapter)
            && filled(Column::Section)
            && self.note_text().is_none()
    }

    /// The text of a row that is a note in the table rather than an
    /// indicator: one text (alone, or repeated over a merged region), not
    /// only in the indicator column, and not a number. A row naming only an
    /// indicator is still an indicator row, and an error for what it lacks.
    fn note_text(&self) -> Option<String> {
        let indicator = self.table.columns.position(Column::Indicator)?;
        let mut text: Option<&[u8]> = None;
        let mut outside = false;
        for (index, cell) in self.record.iter().enumerate() {
            let cell = cell.trim_ascii();
            if cell.is_empty() {
                continue;
            }
            match text {
                None => text = Some(cell),
                Some(seen) if seen == cell => {}
                Some(_) => return None,
            }
            outside |= index != indicator;
        }
        let text = self.decode(text?).ok()?.trim();
        if !outside || matches!(parse_number(text, ""), Ok(Some(_))) {
            return None;
        }
        Some(text.to_string())
    }

    /// Reads a note row: a reasons heading, a section's reason below one,
    /// a chapter or section heading alone in its column, or a footnote.
    fn read_note(&mut self, text: String) {
        let position = |column| self.table.columns.position(column);
        let only_in = |column: Option<usize>| {
            column.is_some_and(|c| {
                self.record
                    .iter()
                    .enumerate()
                    .all(|(i, cell)| i == c || cell.trim_ascii().is_empty())
            })
        };
        if is_reasons_heading(&text) {
            self.in_reasons = true;
        } else if self.in_reasons {
            let (chapter, section) = self.above();
            self.section_reasons.push(SectionReason {
                chapter: chapter.to_string(),
                section: section.to_string(),
                text,
                line: self.line,
            });
        } else if is_footnote(&text) {
            self.note_rows.push((self.line, text));
        } else if only_in(position(Column::Chapter)) {
            self.fill.heading(Level::Chapter, &text);
        } else if only_in(position(Column::Section)) {
            self.fill.heading(Level::Section, &text);
        } else {
            self.note_rows.push((self.line, text));
        }
    }

    /// A row whose cells do not line up with the header: one that stops
    /// before a required cell, or has text beyond the last column (usually
    /// an unquoted comma in a number). A trailing empty cell (`A,up,10,5,`)
    /// and missing optional trailing columns are fine.
    fn shape_error(&self) -> Option<InputError> {
        let (len, expected) = (self.record.len(), self.table.headers.len());
        let short = len < expected && self.table.columns.last_required() >= len;
        let long = len > expected
            && self
                .record
                .iter()
                .skip(expected)
                .any(|c| !c.trim_ascii().is_empty());
        if !short && !long {
            return None;
        }
        let fields = if len == 1 { "field" } else { "fields" };
        Some(InputError {
            file: self.table.file.clone(),
            line: self.line,
            column: Some(expected.min(len) + 1 + self.table.column_offset),
            message: format!(
                "this row has {len} {fields} but the header has {expected}; \
                 check for a missing or extra comma, or an unquoted comma in a number \
                 (write \"2,900\" in quotes)"
            ),
            cell: self.table.is_sheet(),
        })
    }

    fn read_error(&self, error: csv::Error) -> anyhow::Error {
        anyhow::Error::new(error).context(format!("{}: cannot read", self.table.file))
    }

    /// Parses the current record into the queue: one indicator, or one per
    /// period of a wide row.
    /// Long rows come back directly; wide rows go through the queue.
    fn parse_record(&mut self) -> Option<Result<Indicator, RowErrors>> {
        let mut errors = Vec::new();
        let mut row = self.row_fields(&mut errors);
        // A subtotal's 合計 or 小計 names no chapter or section for the
        // rows below it.
        let subtotal = !self.options.keep_subtotals
            && [&*row.chapter, &*row.section, row.name.as_str()]
                .into_iter()
                .any(subtotal::is_subtotal_word);
        {
            let repeats = &mut *self.repeats.borrow_mut();
            row.chapter = match &self.table.chapter {
                Some(sheet) if row.chapter.is_empty() => sheet.clone(),
                _ if subtotal && subtotal::is_subtotal_word(&row.chapter) => row.chapter,
                _ => self.fill.fill(Level::Chapter, row.chapter, &mut repeats.chapter),
            };
            if !(subtotal && subtotal::is_subtotal_word(&row.section)) {
                row.section = self.fill.fill(Level::Section, row.section, &mut repeats.section);
            }
        }
        row.subtotal = subtotal;
        if !self.table.columns.is_wide() {
            let target = self.target(self.table.columns.position(Column::Target), &row, &mut errors);
            let actual = self.actual(
                self.table.columns.position(Column::Actual),
                &row.unit,
                &mut errors,
            );
            let published = self.published(self.table.columns.position(Column::Published), &mut errors);
            let period = self.shared(
                self.table.columns.position(Column::Period),
                Column::Period,
                &mut errors,
                |repeats| &mut repeats.period,
            );
            let indicator = self.indicator(row, period, target, actual, published, &mut errors);
            return Some(finish(indicator, errors));
        }
        let mut produced = 0;
        for period in self.table.columns.periods().to_vec() {
            let vacant = |p: usize| {
                self.record.get(p).is_none_or(|c| {
                    let c = c.trim_ascii();
                    c.is_empty()
                        || std::str::from_utf8(c).is_ok_and(|t| placeholder::is_placeholder(t.trim()))
                })
            };
            if vacant(period.target) && vacant(period.actual) {
                // The published tables leave a period's cells empty (or
                // dashed) where an indicator was not part of that period's plan.
                continue;
            }
            produced += 1;
            let mut period_errors = Vec::new();
            let target = self.target(Some(period.target), &row, &mut period_errors);
            let actual = self.actual(Some(period.actual), &row.unit, &mut period_errors);
            let published = self.published(period.published, &mut period_errors);
            let indicator = self.indicator(
                row.clone(),
                self.repeats.borrow_mut().period.share(&period.period),
                target,
                actual,
                published,
                &mut period_errors,
            );
            period_errors.extend(errors.iter().cloned());
            self.queue.push_back(finish(indicator, period_errors));
        }
        if produced == 0 {
            let position = self.table.columns.position(Column::Indicator);
            errors.push(self.error_at(
                self.line,
                position,
                Column::Indicator,
                format!("\"{}\" has no target or actual in any period", row.name),
            ));
            self.queue.push_back(Err(sorted(errors)));
        }
        None
    }

    /// The cells every layout has once per row.
    fn row_fields(&self, errors: &mut RowErrors) -> RowFields {
        let direction_position = self.table.columns.position(Column::Direction);
        let direction_text = self.str_cell(direction_position, Column::Direction, errors);
        let direction = Direction::parse(direction_text).ok_or_else(|| direction_text.to_string());
        let position = |column| self.table.columns.position(column);
        let chapter = self.shared(position(Column::Chapter), Column::Chapter, errors, |r| {
            &mut r.chapter
        });
        let section = self.shared(position(Column::Section), Column::Section, errors, |r| {
            &mut r.section
        });
        let unit = self.shared(position(Column::Unit), Column::Unit, errors, |r| &mut r.unit);
        let mut text = |column: Column| self.text(position(column), column, errors);
        let fields = RowFields {
            name: text(Column::Indicator),
            direction,
            chapter,
            section,
            unit,
            reason: text(Column::Reason),
            section_reason: text(Column::SectionReason),
            remark: text(Column::Remark),
            baseline: None,
            method: None,
            tolerance: None,
            baseline_year: None,
            target_year: None,
            weight: None,
            subtotal: false,
        };
        let baseline = self.number(
            self.table.columns.position(Column::Baseline),
            Column::Baseline,
            &fields.unit,
            errors,
        );
        let method = self.parsed(Column::Method, errors, |text| {
            MethodChoice::parse(text)
                .ok_or_else(|| format!("\"{text}\" is not a method; expected {}", MethodChoice::ACCEPTED))
        });
        let tolerance = self.parsed(Column::Tolerance, errors, |text| match parse_number(text, "%")? {
            Some(tolerance) if tolerance >= Decimal::ZERO && tolerance <= Decimal::ONE_HUNDRED => {
                Ok(tolerance)
            }
            _ => Err(format!(
                "\"{text}\" is not a tolerance; expected a percentage from 0 to 100"
            )),
        });
        let year = |text: &str| {
            FiscalYear::parse(text).ok_or_else(|| {
                format!("\"{text}\" is not a fiscal year; expected a year such as H22, 平成22年度, R1, 2010 or FY2010")
            })
        };
        let weight = self.parsed(Column::Weight, errors, |text| match parse_number(text, "")? {
            Some(weight) if weight.is_sign_negative() && !weight.is_zero() => Err(format!(
                "\"{text}\" is a negative weight; weights are zero or more"
            )),
            Some(weight) if weight.scale() > 9 => Err(format!(
                "\"{text}\" has more than 9 decimal places; weights are read to 9"
            )),
            Some(weight) => Ok(weight),
            None => Err(format!("\"{text}\" is not a weight")),
        });
        let baseline_year = self.parsed(Column::BaselineYear, errors, year);
        let target_year = self.parsed(Column::TargetYear, errors, year);
        RowFields {
            baseline,
            method,
            tolerance,
            baseline_year,
            target_year,
            weight,
            ..fields
        }
    }

    /// A cell read by `parse`; `None` when empty, an error when it fails.
    fn parsed<T>(
        &self,
        column: Column,
        errors: &mut RowErrors,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let position = self.table.columns.position(column);
        let text = self.str_cell(position, column, errors);
        if text.is_empty() {
            return None;
        }
        parse(text)
            .map_err(|message| errors.push(self.error_at(self.line, position, column, message)))
            .ok()
    }

    /// Checks the row's required cells and builds the indicator.
    fn indicator(
        &self,
        row: RowFields,
        period: Arc<str>,
        (target, target_as_written): (Option<Decimal>, String),
        (actual, placeholder): (Option<Decimal>, String),
        published: Option<Decimal>,
        errors: &mut RowErrors,
    ) -> Option<Indicator> {
        let line = self.line;
        let name_position = self.table.columns.position(Column::Indicator);
        if row.name.is_empty()
            && !errors
                .iter()
                .any(|e| e.column == name_position.map(|p| p + 1 + self.table.column_offset))
        {
            errors.push(self.error_at(
                line,
                name_position,
                Column::Indicator,
                "the indicator name is empty",
            ));
        }
        if let Err(text) = &row.direction {
            errors.push(self.error_at(
                line,
                self.table.columns.position(Column::Direction),
                Column::Direction,
                Direction::unknown(text),
            ));
        }
        let target_column = self
            .table
            .columns
            .periods()
            .iter()
            .find(|p| *p.period == *period)
            .map(|p| p.target);
        let target_position = target_column.or(self.table.columns.position(Column::Target));
        let target_cell = target_position
            .and_then(|p| self.record.get(p))
            .unwrap_or_default();
        if target.is_none() && target_cell.trim_ascii().is_empty() {
            errors.push(self.error_at(
                line,
                target_position,
                Column::Target,
                "the target is empty; every indicator needs a target",
            ));
        }
        Some(Indicator {
            line,
            chapter: row.chapter,
            section: row.section,
            name: row.name,
            unit: row.unit,
            direction: row.direction.ok()?,
            baseline: row.baseline,
            target: target?,
            actual,
            period,
            reason: row.reason,
            section_reason: row.section_reason,
            remark: row.remark,
            placeholder,
            target_as_written,
            weight: row.weight,
            subtotal: row.subtotal,
            published,
            method: row.method,
            tolerance: row.tolerance,
            baseline_year: row.baseline_year,
            target_year: row.target_year,
        })
    }

    fn text(&self, position: Option<usize>, column: Column, errors: &mut RowErrors) -> String {
        self.str_cell(position, column, errors).to_string()
    }

    /// A cell of a column whose values repeat (`repeats`), shared.
    fn shared(
        &self,
        position: Option<usize>,
        column: Column,
        errors: &mut RowErrors,
        recent: impl FnOnce(&mut Repeats) -> &mut Recent,
    ) -> Arc<str> {
        let text = self.str_cell(position, column, errors);
        recent(&mut self.repeats.borrow_mut()).share(text)
    }

    /// A cell of the current record, trimmed; "" when absent or undecodable
    /// (the error then goes to `errors`). Borrowed: most cells are parsed,
    /// not kept, and a copy per cell was most of the reading time.
    /// Inlined for the columns a file lacks (most of the optional ones), so
    /// that they cost a test, not a call.
    #[inline]
    fn str_cell(&self, position: Option<usize>, column: Column, errors: &mut RowErrors) -> &str {
        match position {
            Some(at) => self.present_cell(at, column, errors),
            None => "",
        }
    }

    fn present_cell(&self, at: usize, column: Column, errors: &mut RowErrors) -> &str {
        // ASCII spaces go before decoding; others (全角 spaces) only if present.
        let decoded = match self.cell_text(at) {
            Some(text) => Ok(text.trim_ascii()),
            None => match self.record.get(at) {
                Some(bytes) => self.decode(bytes.trim_ascii()),
                None => return "",
            },
        };
        match decoded {
            Ok(text) if may_have_space_at_an_end(text) => text.trim(),
            Ok(text) => text,
            Err(message) => {
                errors.push(self.error_at(self.line, Some(at), column, message));
                ""
            }
        }
    }

    fn number(
        &self,
        position: Option<usize>,
        column: Column,
        unit: &str,
        errors: &mut RowErrors,
    ) -> Option<Decimal> {
        let text = self.str_cell(position, column, errors);
        self.number_in(text, position, column, unit, errors)
    }

    /// `text`, the cell at `position`, as a number; an error names the cell.
    fn number_in(
        &self,
        text: &str,
        position: Option<usize>,
        column: Column,
        unit: &str,
        errors: &mut RowErrors,
    ) -> Option<Decimal> {
        parse_number(text, unit).unwrap_or_else(|message| {
            errors.push(self.error_at(self.line, position, column, message));
            None
        })
    }

    /// The actual, or nothing yet: an empty cell, or a placeholder (`－`,
    /// `集計中`) that is kept to show as the evaluation's note.
    fn actual(
        &self,
        position: Option<usize>,
        unit: &str,
        errors: &mut RowErrors,
    ) -> (Option<Decimal>, String) {
        let text = self.str_cell(position, Column::Actual, errors);
        if placeholder::is_placeholder(text) {
            return (None, text.to_string());
        }
        (
            self.number_in(text, position, Column::Actual, unit, errors),
            String::new(),
        )
    }

    /// The target, and the form it was written in when that is relative to
    /// the baseline (`393人増`, `10%削減`, `倍増`, `現状維持`: resolved
    /// against the baseline, exactly). A blank target on a maintain (→) row
    /// is its baseline, as plans write "keep the current value".
    fn target(
        &self,
        position: Option<usize>,
        row: &RowFields,
        errors: &mut RowErrors,
    ) -> (Option<Decimal>, String) {
        let text = self.str_cell(position, Column::Target, errors);
        if text.is_empty() && row.direction == Ok(Direction::Maintain) && row.baseline.is_some() {
            return (row.baseline, String::new());
        }
        // Plain numbers, the common case, are answered by their last byte.
        if text.as_bytes().last().is_some_and(u8::is_ascii_digit) && !text.starts_with('+') {
            return (
                self.number_in(text, position, Column::Target, &row.unit, errors),
                String::new(),
            );
        }
        let problem = match (relative::Relative::parse(text, &row.unit), row.baseline) {
            (Ok(None), _) => {
                return (
                    self.number_in(text, position, Column::Target, &row.unit, errors),
                    String::new(),
                );
            }
            (Ok(Some(relative)), Some(baseline)) => match relative.resolve(baseline) {
                Some(target) => return (Some(target), text.to_string()),
                None => "the numbers are too large to resolve it exactly".to_string(),
            },
            (Ok(Some(_)), None) => {
                format!("\"{text}\" is relative to the baseline, but the row has no baseline (策定時)")
            }
            (Err(message), _) => message,
        };
        errors.push(self.error_at(self.line, position, Column::Target, problem));
        (None, String::new())
    }

    /// The printed rate, read only when it is to be cross-checked: a
    /// publisher's "—" in that column must not stop a plain evaluation.
    fn published(&self, position: Option<usize>, errors: &mut RowErrors) -> Option<Decimal> {
        if !self.options.published {
            return None;
        }
        self.number(position, Column::Published, "%", errors)
    }

    /// Decodes one cell as UTF-8, refusing bytes that would print as mojibake.
    fn decode<'a>(&self, bytes: &'a [u8]) -> Result<&'a str, String> {
        decode_cell(bytes, self.encoding)
    }
}

/// Whether `text`, already without ASCII spaces at its ends, may still
/// start or end with a space (`char::is_whitespace`: a vertical tab, or a
/// non-ASCII space such as the full-width U+3000). Told from the bytes at
/// its ends: decoding the characters there took a quarter of reading a
/// cell. Every such space is U+0085 or U+00A0 (two bytes, led by 0xC2) or
/// in U+1680–U+3000 (three bytes, led by 0xE1, 0xE2 or 0xE3).
fn may_have_space_at_an_end(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let leads_a_space = |b: u8| matches!(b, 0x0B | 0xC2 | 0xE1..=0xE3);
    // The last character starts one to three bytes from the end.
    let last_starts = bytes.len().saturating_sub(3)..bytes.len();
    leads_a_space(first)
        || last == 0x0B
        || (last >= 0x80
            && bytes[last_starts]
                .iter()
                .any(|&b| matches!(b, 0xC2 | 0xE1..=0xE3)))
}

impl Table {
    /// The CSV table whose first rows (`rows`, at `lines`) were read to
    /// find its header; the rows below the header are read again as data.
    fn found(
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
    fn from_sheet(
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
        let has_chapter = header.columns.position(Column::Chapter).is_some();
        Ok(Table {
            chapter: (several && !has_chapter).then(|| rows.name.as_str().into()),
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

/// Whether a note row heads a block of reasons for a section's missed
/// targets (後期基本計画に係る未達成指標の理由・分析, 未達成の理由).
fn is_reasons_heading(text: &str) -> bool {
    Columns::single(text).is_some_and(|c| matches!(c, Column::SectionReason | Column::Reason))
        || text.ends_with("未達成指標の理由・分析")
        || text.ends_with("の理由・分析")
}

/// Whether a note row is a footnote (※, 注, 出典, 資料) rather than a
/// heading naming the chapter or section of the rows below it.
fn is_footnote(text: &str) -> bool {
    const MARKS: [&str; 9] = ["※", "＊", "*", "注", "(注", "（注", "出典", "資料", "備考"];
    MARKS.iter().any(|mark| text.starts_with(mark))
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
fn first_csv_rows(
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

/// Decodes one cell as UTF-8, refusing bytes that would print as mojibake.
fn decode_cell(bytes: &[u8], encoding: Encoding) -> Result<&str, String> {
    if bytes.len() > MAX_CELL {
        return Err(format!(
            "the cell is {} bytes long; plancheck reads cells of up to {MAX_CELL} bytes (is a quote unclosed?)",
            bytes.len()
        ));
    }
    if bytes.contains(&0) {
        return Err(
            "contains a NUL byte (is this a UTF-16 or binary file? save it as CSV UTF-8)".to_string(),
        );
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        format!(
            "invalid UTF-8 after \"{valid}\" (byte {}); save the file as CSV UTF-8, or pass \
             --encoding sjis if it is Shift_JIS",
            e.valid_up_to() + 1
        )
    })?;
    if encoding == Encoding::ShiftJis && text.contains('\u{fffd}') {
        let valid = text.split('\u{fffd}').next().unwrap_or("");
        return Err(format!("bytes after \"{valid}\" are not valid Shift_JIS"));
    }
    Ok(text)
}

/// The cells of a row that every period of it shares.
#[derive(Clone)]
struct RowFields {
    name: String,
    /// The parsed direction, or the text that is not one.
    direction: Result<Direction, String>,
    chapter: Arc<str>,
    section: Arc<str>,
    unit: Arc<str>,
    reason: String,
    section_reason: String,
    remark: String,
    baseline: Option<Decimal>,
    method: Option<MethodChoice>,
    tolerance: Option<Decimal>,
    baseline_year: Option<FiscalYear>,
    target_year: Option<FiscalYear>,
    weight: Option<Decimal>,
    subtotal: bool,
}

fn finish(indicator: Option<Indicator>, errors: RowErrors) -> Result<Indicator, RowErrors> {
    match indicator {
        Some(indicator) if errors.is_empty() => Ok(indicator),
        _ => Err(sorted(errors)),
    }
}

fn sorted(mut errors: RowErrors) -> RowErrors {
    errors.sort_by_key(|e| e.column);
    errors.dedup();
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte test never misses a space that `trim` would remove,
        /// for any text and any of Unicode's spaces at either end.
        #[test]
        fn no_space_at_an_end_goes_unseen(
            body in "\\PC{0,6}",
            space in proptest::sample::select(
                ('\0'..=char::MAX).filter(|c| c.is_whitespace()).collect::<Vec<_>>()
            ),
            at_start in proptest::bool::ANY,
        ) {
            let text = if at_start { format!("{space}{body}") } else { format!("{body}{space}") };
            for text in [text.as_str(), body.as_str()] {
                let text = text.trim_ascii();
                proptest::prop_assert!(
                    may_have_space_at_an_end(text) || text.trim() == text,
                    "{:?}", text
                );
            }
        }
    }

    fn rows_bytes(bytes: &[u8]) -> Vec<Result<Indicator, RowErrors>> {
        rows_with(bytes, ReadOptions::default())
    }

    fn rows_with(bytes: &[u8], options: ReadOptions) -> Vec<Result<Indicator, RowErrors>> {
        let input = Input::from_bytes("t.csv", Vec::from(bytes));
        let mut reader = IndicatorReader::new(input, options).unwrap();
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            rows.push(row);
        }
        rows
    }

    fn rows(text: &str) -> Vec<Result<Indicator, RowErrors>> {
        rows_bytes(text.as_bytes())
    }

    fn header_error(text: &str) -> String {
        let input = Input::from_bytes("t.csv", text.to_string().into_bytes());
        IndicatorReader::new(input, ReadOptions::default())
            .err()
            .unwrap()
            .to_string()
    }

    #[test]
    fn reads_a_row_with_japanese_headers() {
        let rows = rows(
            "節,目標指標,単位,指標のめざす方向,策定時,目標値,実績値,年度\n第1節 農業,認定農業者数,人,↗,193,225,182人,H26\n",
        );
        let indicator = rows[0].as_ref().unwrap();
        assert_eq!(indicator.line, 2);
        assert_eq!(indicator.name, "認定農業者数");
        assert_eq!(indicator.direction, Direction::Increase);
        assert_eq!(indicator.target.to_string(), "225");
        assert_eq!(indicator.actual.map(|a| a.to_string()), Some("182".to_string()));
        assert_eq!(&*indicator.period, "H26");
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
    fn comments_above_the_header_are_skipped_and_rows_after_it_are_data() {
        let rows =
            rows("# a comment\n\nindicator,direction,target,actual\n#1 ranking,up,1,1\n,,,\na,down,1,\n");
        assert_eq!(rows.len(), 2);
        let ranking = rows[0].as_ref().unwrap();
        assert_eq!((ranking.name.as_str(), ranking.line), ("#1 ranking", 4));
        let pending = rows[1].as_ref().unwrap();
        assert_eq!((pending.actual, pending.line), (None, 6));
    }

    #[test]
    fn lines_are_counted_as_an_editor_counts_them() {
        let lines = |text: &str| -> Vec<u64> {
            rows(text)
                .iter()
                .map(|r| match r {
                    Ok(i) => i.line,
                    Err(e) => e[0].line,
                })
                .collect()
        };
        assert_eq!(
            lines("indicator,direction,target,actual\nA,up,10,5\nB,x,10,5\n"),
            [2, 3]
        );
        assert_eq!(
            lines("indicator,direction,target,actual\r\nA,up,10,5\r\nB,x,10,5\r\n"),
            [2, 3]
        );
        assert_eq!(
            lines("indicator,direction,target,actual\rA,up,10,5\rB,x,10,5\r"),
            [2, 3]
        );
        assert_eq!(
            lines("indicator,direction,target,actual\r\nA,up,10,5\n\r\n\rB,x,10,5\r"),
            [2, 5]
        );
        assert_eq!(
            lines("indicator,direction,target,actual\r\n\"A\r\nsecond line\",up,10,5\r\nB,x,10,5\r\n"),
            [2, 4]
        );
    }

    #[test]
    fn ragged_rows_are_fine_unless_a_required_cell_is_missing() {
        let rows = rows("indicator,direction,target,actual,unit,reason\nA,up,10,5,\nB,up,10,5\nC,up,10\n");
        assert_eq!(rows[0].as_ref().unwrap().name, "A");
        assert_eq!(rows[1].as_ref().unwrap().name, "B");
        let error = &rows[2].as_ref().unwrap_err()[0];
        assert_eq!((error.line, error.column), (4, Some(4)));
    }

    #[test]
    fn empty_input_and_missing_columns_are_errors() {
        assert!(header_error("").starts_with("t.csv:1: the file is empty"));
        assert!(
            header_error("indicator,target\n").starts_with("t.csv:1: missing required columns direction")
        );
    }

    #[test]
    fn invalid_utf8_names_the_cell() {
        let utf8 = ReadOptions {
            encoding: Some(Encoding::Utf8),
            ..ReadOptions::default()
        };
        let rows = rows_with(b"indicator,direction,target,actual\nab\xff,up,1,1\n", utf8);
        let error = &rows[0].as_ref().unwrap_err()[0];
        assert_eq!(error.column, Some(1));
        assert!(error.message.contains("invalid UTF-8 after \"ab\""));
    }

    #[test]
    fn a_character_split_between_two_cells_is_invalid_in_each() {
        // The record's bytes joined are "xあ" (valid), its cells are not:
        // cells are checked one by one, not only the record as a whole.
        let utf8 = ReadOptions {
            encoding: Some(Encoding::Utf8),
            ..ReadOptions::default()
        };
        let rows = rows_with(
            b"indicator,direction,target,actual\n\"x\xe3\",\x81\x82,1,1\n",
            utf8,
        );
        let errors = rows[0].as_ref().unwrap_err();
        assert_eq!(errors[0].column, Some(1), "{errors:?}");
        assert!(
            errors[0].message.contains("invalid UTF-8 after \"x\""),
            "{errors:?}"
        );
        assert_eq!(errors[1].column, Some(2), "{errors:?}");
    }

    #[test]
    fn wide_rows_yield_one_indicator_per_period() {
        let rows = rows(
            "目標指標,単位,方向,策定時(H22),目標値(H26),実績値(H26),目標値(H30),実績値(H30)\n\
             認定農業者数,人,↗,193,225,182,,\n\
             観光客数,千人,↗,\"4,581\",\"6,000\",\"5,590\",\"7,000\",\n\
             空行,人,↗,,,,,\n",
        );
        let indicators: Vec<(String, String, Option<String>)> = rows
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|i| {
                (
                    i.name.clone(),
                    i.period.to_string(),
                    i.actual.map(|a| a.to_string()),
                )
            })
            .collect();
        assert_eq!(
            indicators,
            [
                ("認定農業者数".into(), "H26".into(), Some("182".into())),
                ("観光客数".into(), "H26".into(), Some("5590".into())),
                ("観光客数".into(), "H30".into(), None),
            ]
        );
        let error = &rows[3].as_ref().unwrap_err()[0];
        assert_eq!(
            error.to_string(),
            "t.csv:4:1: 目標指標: \"空行\" has no target or actual in any period"
        );
    }

    #[test]
    fn wide_errors_name_the_periods_column() {
        let rows = rows("indicator,direction,target H26,actual H26,target H30,actual H30\na,up,10,5,x,5\n");
        assert!(rows[0].is_ok());
        let error = &rows[1].as_ref().unwrap_err()[0];
        assert_eq!(error.column, Some(5));
        assert!(error.message.starts_with("target H30: \"x\" is not a number"));
    }
}
