//! Opening an input as the command line asks: a file, standard input or
//! the bytes the browser page holds, with the reading options of its
//! arguments. Its header is found here, before any output is written.

use crate::cli::InputArgs;
use crate::console::note;
use crate::read::{IndicatorReader, Input, ReadOptions};

/// Opens the input and reads its header row; done before any output is
/// written, so that a file that cannot be read leaves standard output empty.
pub fn open_input(input: &InputArgs) -> anyhow::Result<IndicatorReader> {
    let reader = match &input.contents {
        Some(contents) => IndicatorReader::sniff(
            Input::from_bytes(Input::display_name(&input.file), contents.0.clone()),
            read_options(input),
        )?,
        None => IndicatorReader::open(&input.file, read_options(input))?,
    };
    for line in reader.notes() {
        note(format_args!("{line}"));
    }
    Ok(reader)
}

fn read_options(input: &InputArgs) -> ReadOptions {
    ReadOptions {
        encoding: input.encoding,
        layout: input.layout,
        sheets: input.sheets.clone(),
        all_sheets: input.all_sheets,
        header_row: input.header_row,
        no_fill_down: input.no_fill_down,
        keep_subtotals: input.keep_subtotals,
        published: input.verify_published,
        direction: input.direction.map(Into::into),
        pages: input.pages,
    }
}
