//! CSV: a header row, then one record per evaluation or group.

use std::io::{self, Write};

use super::{EvaluationWriter, Lang, Style, Summary, evaluation_keys, for_each_cell, labels};
use crate::evaluate::Evaluation;
use crate::summarize::Rollup;

pub struct EvaluationCsv {
    writer: csv::Writer<Box<dyn Write>>,
    style: Style,
    scratch: String,
}
impl EvaluationCsv {
    pub fn new(out: Box<dyn Write>, style: Style) -> io::Result<EvaluationCsv> {
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record(labels::headers(&evaluation_keys(&style.extras), style.lang))
            .map_err(io_error)?;
        Ok(EvaluationCsv {
            writer,
            style,
            scratch: String::new(),
        })
    }
}

impl EvaluationWriter for EvaluationCsv {
    fn write(&mut self, evaluation: &Evaluation) -> io::Result<()> {
        let EvaluationCsv {
            writer,
            style,
            scratch,
        } = self;
        for_each_cell(evaluation, "", style, scratch, |cell| {
            writer.write_field(cell).map_err(io_error)
        })?;
        writer.write_record(None::<&[u8]>).map_err(io_error)
    }

    fn finish(mut self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.writer.flush()
    }
}

pub fn write_summary(out: Box<dyn Write>, summary: &Summary, lang: Lang) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(summary.headers(lang)).map_err(io_error)?;
    for line in summary.lines("", lang) {
        writer.write_record(line).map_err(io_error)?;
    }
    writer.flush()
}

/// The underlying I/O error of a csv write, so that a closed pipe is still
/// recognisable as one (`csv::Error` converts to a generic I/O error).
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}
