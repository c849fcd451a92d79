//! CSV: a header row, then one record per evaluation or group.

use std::io::{self, Write};

use super::{
    EvaluationWriter, NUMERIC_KEYS, SUMMARY_COLUMNS, Style, Summary, evaluation_keys, for_each_cell, labels,
    looks_like_formula,
};
use crate::evaluate::Evaluation;
use crate::summarize::Rollup;
use crate::timeline::Course;

pub struct EvaluationCsv {
    writer: csv::Writer<Box<dyn Write>>,
    style: Style,
    scratch: String,
    /// Per column: whether it holds text a spreadsheet could run as a formula.
    guarded: Vec<bool>,
}
impl EvaluationCsv {
    pub fn new(out: Box<dyn Write>, style: Style) -> io::Result<EvaluationCsv> {
        let mut writer = csv::Writer::from_writer(out);
        let keys = evaluation_keys(&style.extras);
        writer
            .write_record(labels::headers(&keys, style.lang))
            .map_err(io_error)?;
        Ok(EvaluationCsv {
            writer,
            style,
            scratch: String::new(),
            guarded: keys
                .iter()
                .map(|key| !style.raw_text && !NUMERIC_KEYS.contains(key))
                .collect(),
        })
    }
}

impl EvaluationWriter for EvaluationCsv {
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        let EvaluationCsv {
            writer,
            style,
            scratch,
            guarded,
        } = self;
        let mut column = 0;
        for_each_cell(evaluation, course, "", style, scratch, |cell| {
            let guard = guarded[column];
            column += 1;
            write_text(writer, cell, guard)
        })?;
        writer.write_record(None::<&[u8]>).map_err(io_error)
    }

    fn finish(mut self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.writer.flush()
    }
}

pub fn write_summary(out: Box<dyn Write>, summary: &Summary, style: Style) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(summary.headers(style.lang))
        .map_err(io_error)?;
    // The group names and worst_indicator are text; the rest are figures.
    let key_count = summary.rollup.keys().len();
    let worst = key_count + SUMMARY_COLUMNS.len() - 1;
    for line in summary.lines("", style.lang) {
        for (column, cell) in line.iter().enumerate() {
            let text = column < key_count || column == worst;
            write_text(&mut writer, cell, text && !style.raw_text)?;
        }
        writer.write_record(None::<&[u8]>).map_err(io_error)?;
    }
    writer.flush()
}

/// Writes one cell; a `guard`ed text cell that a spreadsheet would run as a
/// formula (`=HYPERLINK(…)`, `-1+2`, `@SUM`) gets a leading `'`, as OWASP
/// advises, so that Excel shows it as text. Numbers are never touched.
fn write_text(writer: &mut csv::Writer<Box<dyn Write>>, cell: &str, guard: bool) -> io::Result<()> {
    if guard && looks_like_formula(cell) {
        let mut quoted = String::with_capacity(cell.len() + 1);
        quoted.push('\'');
        quoted.push_str(cell);
        return writer.write_field(quoted).map_err(io_error);
    }
    writer.write_field(cell).map_err(io_error)
}

/// The underlying I/O error of a csv write, so that a closed pipe is still
/// recognisable as one (`csv::Error` converts to a generic I/O error).
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}
