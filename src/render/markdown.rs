//! GitHub-flavoured Markdown tables, for reports and pull requests.

use std::io::{self, Write};

use super::{EVALUATION_COLUMNS, EvaluationWriter, Summary, evaluation_cells};
use crate::evaluate::Evaluation;
use crate::summarize::Rollup;

pub struct EvaluationMarkdown {
    out: Box<dyn Write>,
}

impl EvaluationMarkdown {
    pub fn new(mut out: Box<dyn Write>) -> io::Result<EvaluationMarkdown> {
        write_header(&mut out, &EVALUATION_COLUMNS)?;
        Ok(EvaluationMarkdown { out })
    }
}

impl EvaluationWriter for EvaluationMarkdown {
    fn write(&mut self, evaluation: &Evaluation) -> io::Result<()> {
        write_row(&mut self.out, &evaluation_cells(evaluation, "%"))
    }

    fn finish(mut self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.out.flush()
    }
}

pub fn write_summary(mut out: Box<dyn Write>, summary: &Summary) -> io::Result<()> {
    write_header(&mut out, &summary.headers())?;
    for line in summary.lines("%") {
        write_row(&mut out, &line)?;
    }
    out.flush()
}

fn write_header(out: &mut dyn Write, headers: &[&str]) -> io::Result<()> {
    write_row(out, headers)?;
    write_row(out, &vec!["---"; headers.len()])
}

fn write_row<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| escape(c.as_ref())).collect();
    writeln!(out, "| {} |", cells.join(" | "))
}

/// Keeps a cell inside its column: a `|` would end it, a newline the row.
fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}
