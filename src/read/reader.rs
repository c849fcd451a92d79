//! The reader: rows of a table in, `Indicator`s out, one record at a time.
//! It runs the rooms beside it in order: the source is opened (`source`),
//! the table's header found (`table`), each record read (`records`) and
//! told to be a note (`notes`) or an indicator row, whose blank chapter and
//! section are filled from above (`fill`) and whose cells become an
//! `Indicator` (`row`). A large CSV input is handed over to be read in
//! blocks on other threads (`split`, `BlockTemplate`), each block's
//! leading rows deferred to the reader of the rows before.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::Arc;

use csv::ByteRecord;

use super::blocks::{BLOCK_SIZE_VAR, Block, Splitter};
use super::columns::Columns;
use super::encoding::{self, Encoding};
use super::fill::{FillDown, Level};
use super::lines::LineCounter;
use super::notes::{self, Notes};
use super::pairs::{self, LineUnder};
use super::records::{Cells, Records};
use super::repeats::Repeats;
use super::row::RowReader;
use super::sheets;
use super::source::{self, BlockParser, Input, Source, block_records, csv_records};
use super::table::{Table, first_csv_rows};
use super::vocabulary::Column;
use super::{ReadOptions, RowErrors};
use crate::error::InputError;
use crate::indicator::{Indicator, SectionReason};

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
    /// `parser`, the previous block's, is reused where given.
    pub fn reader(&self, block: Block, parser: Option<BlockParser>) -> IndicatorReader {
        let bytes: Box<dyn Read> = Box::new(io::Cursor::new(block.bytes));
        let counter = LineCounter::starting_at(bytes, block.first_line);
        let table = Table {
            file: self.file.clone(),
            records: Records::Csv(block_records(counter, parser)),
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
    /// Note rows read: reasons, footnotes, whether in a reasons block.
    noted: Notes,
    /// A block reader, until a row settles chapter and section: rows before
    /// that depend on the block before, and are handed back (`deferred`).
    leading: bool,
    deferred: Vec<(ByteRecord, u64)>,
    /// What the line under the current row adds to it (`pairs`): a final
    /// target, or the years of its values.
    under: LineUnder,
}

impl IndicatorReader {
    /// Opens `path` (`-` for standard input): a workbook when its first
    /// bytes say so (whatever its name), anything else as CSV.
    pub fn open(path: &str, options: ReadOptions) -> anyhow::Result<IndicatorReader> {
        IndicatorReader::sniff(Input::open(path)?, options)
    }

    /// Reads `input`: a workbook or a PDF when its first bytes say so
    /// (whatever its name), anything else as CSV.
    pub fn sniff(input: Input, options: ReadOptions) -> anyhow::Result<IndicatorReader> {
        // Workbooks and PDFs are read whole, as sheets of text cells.
        let (name, (tables, notes)) = match source::sniff(input, &options)? {
            Source::Csv(input) => return IndicatorReader::new(input, options),
            Source::Workbook { name, bytes } => {
                let tables = sheets::workbook(&name, bytes, &options)?;
                (name, tables)
            }
            Source::Pdf { name, bytes } => {
                let tables = sheets::pdf(&name, bytes, &options)?;
                (name, tables)
            }
        };
        Ok(IndicatorReader::with_tables(
            name,
            tables,
            notes,
            Encoding::Utf8,
            options,
        ))
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
            noted: Notes::default(),
            leading: false,
            deferred: Vec::new(),
            under: LineUnder::default(),
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
        if self.table.columns.final_below() || self.table.columns.year_lines() {
            // Rows come in pairs: a block must not start on a pair's second line.
            return None;
        }
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
        &self.noted.section_reasons
    }

    /// Rows read as notes (one text, no indicator, no figures), with their
    /// lines: footnotes below a table, kept out of the evaluations.
    pub fn note_rows(&self) -> &[(u64, String)] {
        &self.noted.note_rows
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
    /// A block reader's CSV parser, for the next block (`BlockTemplate::reader`).
    pub fn take_parser(&mut self) -> Option<BlockParser> {
        match std::mem::replace(&mut self.table.records, Records::Split) {
            Records::Csv(csv) => Some(BlockParser::new(csv)),
            other => {
                self.table.records = other;
                None
            }
        }
    }

    pub fn end_block(mut self) -> BlockEnd {
        let (chapter, section) = self.above();
        BlockEnd {
            state: BlockState {
                anchored: !self.leading,
                chapter: chapter.to_string(),
                section: section.to_string(),
                in_reasons: self.noted.in_reasons,
            },
            filled: self.fill.filled,
            note_rows: std::mem::take(&mut self.noted.note_rows),
            section_reasons: std::mem::take(&mut self.noted.section_reasons),
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
            self.noted.in_reasons = end.state.in_reasons;
        }
        self.fill.filled += end.filled;
        self.noted.note_rows.append(&mut end.note_rows);
        self.noted.section_reasons.append(&mut end.section_reasons);
    }

    /// Whether the input (any of its sheets) has `column`.
    pub fn has_column(&self, column: Column) -> bool {
        std::iter::once(&self.table)
            .chain(&self.later)
            .any(|t| t.columns.position(column).is_some())
    }

    /// The name of the table being read, as messages show it: the file,
    /// or `plan.xlsx[第5章]`.
    pub fn table_file(&self) -> &str {
        &self.table.file
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
                    if let Some(note) = notes::note_text(&self.cells(), &self.table.columns) {
                        self.read_note(note);
                        continue;
                    }
                    let nameless = self
                        .table
                        .columns
                        .position(Column::Indicator)
                        .is_some_and(|p| self.record.get(p).is_none_or(|c| c.trim_ascii().is_empty()));
                    if nameless && let Some(years) = notes::year_line(&self.cells(), &self.table.columns) {
                        // The years of the values on the row above, as a
                        // health plan prints them: kept as a note row.
                        self.noted.note_rows.push((self.line, years));
                        continue;
                    }
                    self.noted.in_reasons = false;
                    if let Some(error) = self.table.shape_error(&self.record, self.line) {
                        return Ok(Some(Err(vec![error])));
                    }
                    self.read_line_under()?;
                    let reader = RowReader {
                        table: &self.table,
                        cells: Cells {
                            record: &self.record,
                            text: self.text_valid.then_some(self.text.as_str()),
                            encoding: self.encoding,
                        },
                        line: self.line,
                        options: &self.options,
                        repeats: &self.repeats,
                        under: &self.under,
                    };
                    if let Some(row) = reader.read(&mut self.fill, &mut self.queue) {
                        return Ok(Some(row));
                    }
                }
                Err(error) => return Err(self.read_error(error)),
            }
        }
    }

    /// Where the table prints a line under each row (`pairs`: the final
    /// target under the target, or the years of the values), reads it into
    /// `under`; any other line is put back, to be read next.
    fn read_line_under(&mut self) -> anyhow::Result<()> {
        self.under.clear();
        let columns = &self.table.columns;
        if !columns.final_below() && !columns.year_lines() {
            return Ok(());
        }
        let mut next = ByteRecord::new();
        let Some(line) = self.table.read(&mut next).map_err(|e| self.read_error(e))? else {
            return Ok(());
        };
        let columns = &self.table.columns;
        let taken = match columns.position(Column::Target).filter(|_| columns.final_below()) {
            Some(target) => pairs::final_line(&self.record, &next, target, self.encoding)
                .map(|text| self.under.final_target = text)
                .is_some(),
            None => pairs::year_line(&next, columns, self.encoding, &mut self.under),
        };
        if !taken {
            self.table.replay.push_front((next, line));
        }
        Ok(())
    }

    /// Reads the next record into `self.record`, setting `self.line` and
    /// `self.text`.
    fn read_record(&mut self) -> Result<bool, csv::Error> {
        let line = self.table.read(&mut self.record)?;
        if let Some(line) = line {
            self.line = line;
        }
        self.text.clear();
        self.text_valid = false;
        let bytes = self.record.as_slice();
        if line.is_some()
            && self.encoding == Encoding::Utf8
            && memchr::memchr(0, bytes).is_none()
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            self.text.push_str(text);
            self.text_valid = true;
        }
        Ok(line.is_some())
    }

    /// The current record's cells.
    fn cells(&self) -> Cells<'_> {
        Cells {
            record: &self.record,
            text: self.text_valid.then_some(self.text.as_str()),
            encoding: self.encoding,
        }
    }

    /// An error at `column` of `indicator`'s row, placed by its table
    /// (`Table::locate`): for messages about a row after it was read.
    pub fn locate(
        &self,
        indicator: &Indicator,
        column: Column,
        message: impl std::fmt::Display,
    ) -> InputError {
        self.table.locate(indicator, column, message)
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
            && notes::note_text(&self.cells(), &self.table.columns).is_none()
    }

    /// Reads a note row: a reasons heading, a section's reason below one,
    /// a chapter or section heading, or a footnote. A heading's text is in
    /// the chapter (or section) column: alone there, or merged across the
    /// row, which a workbook repeats in every cell of the region.
    fn read_note(&mut self, text: String) {
        // A note row's cells are empty or all the same text.
        let filled = |column| {
            self.table
                .columns
                .position(column)
                .and_then(|p| self.record.get(p))
                .is_some_and(|c| !c.trim_ascii().is_empty())
        };
        let alone_in = if filled(Column::Chapter) {
            Some(Level::Chapter)
        } else if filled(Column::Section) {
            Some(Level::Section)
        } else {
            None
        };
        let (fill, repeats) = (&self.fill, &self.repeats);
        let above = || {
            let repeats = repeats.borrow();
            fill.above(&repeats.chapter, &repeats.section)
        };
        if let Some((level, heading)) = self.noted.read(text, self.line, alone_in, above) {
            self.fill.heading(level, &heading);
        }
    }

    fn read_error(&self, error: csv::Error) -> anyhow::Error {
        anyhow::Error::new(error).context(format!("{}: cannot read", self.table.file))
    }
}
