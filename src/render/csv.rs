//! CSV: a header row, then one record per evaluation or group.

use std::io::{self, Write};

use super::{
    NUMERIC_KEYS, RowCell, RowFormat, RowWriter, SUMMARY_COLUMNS, Style, Summary, evaluation_keys,
    for_each_cell, labels, looks_like_formula, push_figure,
};
use crate::evaluate::Evaluation;
use crate::timeline::Course;

/// How an evaluation becomes a CSV record: what `eval`'s CSV writer writes,
/// and what reading threads run on their own rows (`RowFormat`).
#[derive(Debug)]
pub struct CsvRows {
    style: Style,
    /// Per column: whether it holds text a spreadsheet could run as a formula.
    guarded: Vec<bool>,
}

/// `eval`'s CSV: the header row, then a record per evaluation.
pub fn evaluation_writer(mut out: Box<dyn Write>, style: Style) -> io::Result<RowWriter<CsvRows>> {
    let keys = evaluation_keys(&style.extras);
    let mut line = Vec::new();
    for (column, header) in labels::headers(&keys, style.lang).into_iter().enumerate() {
        push_field(&mut line, column == 0, "", header);
    }
    line.push(b'\n');
    out.write_all(&line)?;
    let guarded = keys
        .iter()
        .map(|key| !style.raw_text && !NUMERIC_KEYS.contains(key))
        .collect();
    Ok(RowWriter::new(out, CsvRows { style, guarded }))
}

impl RowFormat for CsvRows {
    fn push_row(
        &self,
        line: &mut Vec<u8>,
        evaluation: &Evaluation,
        course: Option<&Course>,
    ) -> io::Result<()> {
        let mut column = 0;
        for_each_cell(evaluation, course, "", &self.style, |cell| {
            match cell {
                RowCell::Text(text) => push_cell(line, column == 0, text, self.guarded[column]),
                // Digits, a sign and a point: never quoted, never a formula.
                RowCell::Figure(value, suffix) => {
                    if column > 0 {
                        line.push(b',');
                    }
                    push_figure(line, value, suffix);
                }
            }
            column += 1;
            Ok(())
        })?;
        line.push(b'\n');
        Ok(())
    }
}

/// Appends one field of a record, `prefix` and `cell` together, as the csv
/// crate writes it (quoted only when it holds a comma, a quote, CR or LF;
/// quotes doubled). A row's fields go straight into one line buffer: the
/// csv crate's per-field state machine took a tenth of `eval`'s time.
/// `csv_lines_match_the_csv_crate` checks the bytes against it.
fn push_field(line: &mut Vec<u8>, first: bool, prefix: &str, cell: &str) {
    if !first {
        line.push(b',');
    }
    // The four bytes all lie at or below b',': most bytes fail the first test.
    let special = |b: &u8| *b <= b',' && matches!(b, b',' | b'"' | b'\r' | b'\n');
    if !cell.as_bytes().iter().any(special) && !prefix.as_bytes().iter().any(special) {
        line.extend_from_slice(prefix.as_bytes());
        line.extend_from_slice(cell.as_bytes());
        return;
    }
    line.push(b'"');
    for &b in prefix.as_bytes().iter().chain(cell.as_bytes()) {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

pub fn write_summary(mut out: Box<dyn Write>, summary: &Summary, style: Style) -> io::Result<()> {
    let mut line = Vec::new();
    for (column, header) in summary.headers(style.lang).iter().enumerate() {
        push_field(&mut line, column == 0, "", header);
    }
    line.push(b'\n');
    // The group names and worst_indicator are text; the rest are figures.
    let key_count = summary.rollup.keys().len();
    let worst = key_count + SUMMARY_COLUMNS.len() - 1;
    for cells in summary.lines("", style.lang) {
        for (column, cell) in cells.iter().enumerate() {
            let text = column < key_count || column == worst;
            push_cell(&mut line, column == 0, cell, text && !style.raw_text);
        }
        line.push(b'\n');
    }
    out.write_all(&line)?;
    out.flush()
}

/// Appends one cell; a `guard`ed text cell that a spreadsheet would run as a
/// formula (`=HYPERLINK(…)`, `-1+2`, `@SUM`) gets a leading `'`, as OWASP
/// advises, so that Excel shows it as text. Numbers are never touched.
fn push_cell(line: &mut Vec<u8>, first: bool, cell: &str, guard: bool) {
    let prefix = if guard && looks_like_formula(cell) {
        "'"
    } else {
        ""
    };
    push_field(line, first, prefix, cell);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The line writer and the csv crate write the same bytes, for any
        /// cells: commas, quotes, CR, LF, empty cells, any text.
        #[test]
        fn csv_lines_match_the_csv_crate(
            records in proptest::collection::vec(
                proptest::collection::vec(("[,\"\r\n' a=\\-]{0,3}", "(\\PC|[,\"\r\n])*"), 2..6),
                1..4,
            ),
        ) {
            let mut ours = Vec::new();
            let mut theirs = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            for record in &records {
                for (column, (prefix, cell)) in record.iter().enumerate() {
                    push_field(&mut ours, column == 0, prefix, cell);
                    theirs.write_field(format!("{prefix}{cell}")).unwrap();
                }
                ours.push(b'\n');
                theirs.write_record(None::<&[u8]>).unwrap();
            }
            prop_assert_eq!(ours, theirs.into_inner().unwrap());
        }
    }
}
