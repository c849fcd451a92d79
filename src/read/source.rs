//! The source of a table: bytes from a file, standard input or memory, told
//! apart as a workbook or CSV by their first bytes (whatever the name), and
//! the CSV parser every CSV table is read with.

use std::fs::{self, File};
use std::io::{self, Read};

use anyhow::{Context, bail};

use super::ReadOptions;
use super::lines::LineCounter;
use super::sheet;

/// Where input comes from, with the name errors will show.
pub struct Input {
    pub name: String,
    pub(super) reader: Box<dyn Read>,
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

/// What an input turned out to be.
pub(super) enum Source {
    /// A workbook's bytes, read whole (the formats are zip or OLE files).
    Workbook { name: String, bytes: Vec<u8> },
    /// A PDF's bytes, read whole.
    Pdf { name: String, bytes: Vec<u8> },
    /// CSV, still streaming: its first bytes are read again.
    Csv(Input),
}

/// Tells a workbook from CSV by the first bytes of `input`; refuses the
/// workbook options (`--sheet`, `--all-sheets`) for CSV.
pub(super) fn sniff(input: Input, options: &ReadOptions) -> anyhow::Result<Source> {
    let Input { name, mut reader } = input;
    let mut head = Vec::with_capacity(sheet::MAGIC_LEN);
    (&mut reader)
        .take(sheet::MAGIC_LEN as u64)
        .read_to_end(&mut head)
        .with_context(|| format!("{name}: cannot read"))?;
    let workbook = sheet::is_workbook(&head);
    if workbook || is_pdf(&head) {
        let mut bytes = head;
        reader
            .read_to_end(&mut bytes)
            .with_context(|| format!("{name}: cannot read"))?;
        return Ok(match workbook {
            true => Source::Workbook { name, bytes },
            false => Source::Pdf { name, bytes },
        });
    }
    if let Some(pages) = options.pages {
        bail!("--pages {pages}: {name} is not a PDF");
    }
    if let Some(sheet) = options.sheets.first() {
        bail!("--sheet {sheet}: {name} is not a workbook (.xlsx, .xls or .ods)");
    }
    if options.all_sheets {
        bail!("--all-sheets: {name} is not a workbook (.xlsx, .xls or .ods)");
    }
    let reader: Box<dyn Read> = Box::new(io::Cursor::new(head).chain(reader));
    Ok(Source::Csv(Input { name, reader }))
}

/// Whether a file starting with `head` is a PDF (read with or without the
/// `pdf` feature, which refuses it without).
fn is_pdf(head: &[u8]) -> bool {
    head.starts_with(b"%PDF-")
}

pub(super) type CsvRecords = csv::Reader<LineCounter<Box<dyn Read>>>;

/// The CSV parser every table is read with. Flexible: a ragged row is
/// judged by which cells it lacks (see `shape_error`). No comment
/// character: `#` lines are comments only above the header, and after it a
/// `#1 ranking` row is data.
pub(super) fn csv_records(counter: LineCounter<Box<dyn Read>>) -> CsvRecords {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(counter)
}

/// A block's CSV parser, kept by the thread that read the block for its
/// next one (`IndicatorReader::take_parser`): building a parser makes
/// csv-core's state machine (about 300,000 instructions, as much as
/// reading a tenth of the block) and a 64 KiB buffer.
pub struct BlockParser(CsvRecords);

/// The parser of a block read from `counter`: `parser` reset to its
/// start, or a new one.
pub(super) fn block_records(counter: LineCounter<Box<dyn Read>>, parser: Option<BlockParser>) -> CsvRecords {
    let Some(BlockParser(mut records)) = parser else {
        return csv_records(counter);
    };
    *records.get_mut() = counter;
    // Seeking resets the parser's state and drops what it buffered; the
    // new counter is at its start already (`LineCounter`'s `Seek`).
    match records.seek_raw(io::SeekFrom::Start(0), csv::Position::new()) {
        Ok(()) => records,
        Err(_) => csv_records(records.into_inner()),
    }
}

impl BlockParser {
    pub(super) fn new(records: CsvRecords) -> BlockParser {
        BlockParser(records)
    }
}
