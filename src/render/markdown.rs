//! GitHub-flavoured Markdown tables, for reports and pull requests.

use std::io::{self, Write};

use super::{
    EvaluationWriter, Lang, Style, Summary, check_detail, check_subject, evaluation_cells, evaluation_keys,
    labels, tally_line,
};
use crate::evaluate::Evaluation;
use crate::gate::{GateReport, Verdict};
use crate::summarize::Rollup;

pub struct EvaluationMarkdown {
    out: Box<dyn Write>,
    style: Style,
}
impl EvaluationMarkdown {
    pub fn new(mut out: Box<dyn Write>, style: Style) -> io::Result<EvaluationMarkdown> {
        write_header(
            &mut out,
            &labels::headers(&evaluation_keys(&style.extras), style.lang),
        )?;
        Ok(EvaluationMarkdown { out, style })
    }
}

impl EvaluationWriter for EvaluationMarkdown {
    fn write(&mut self, evaluation: &Evaluation) -> io::Result<()> {
        write_row(&mut self.out, &evaluation_cells(evaluation, "%", &self.style))
    }

    fn finish(mut self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.out.flush()
    }
}

pub fn write_summary(mut out: Box<dyn Write>, summary: &Summary, lang: Lang) -> io::Result<()> {
    write_header(&mut out, &summary.headers(lang))?;
    for line in summary.lines("%", lang) {
        write_row(&mut out, &line)?;
    }
    out.flush()
}

/// The findings of a gate as a table, then the totals: for pull requests
/// and GitHub's job summary page.
pub fn write_check(mut out: Box<dyn Write>, report: &GateReport) -> io::Result<()> {
    let findings: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.verdict != Verdict::Passed)
        .collect();
    if !findings.is_empty() {
        write_header(&mut out, &["line", "verdict", "indicator", "detail"])?;
        for check in findings {
            let line = check.evaluation.indicator.line.to_string();
            let subject = check_subject(&check.evaluation.indicator);
            write_row(
                &mut out,
                &[
                    line.as_str(),
                    report.label(check.verdict),
                    &subject,
                    &check_detail(check, report),
                ],
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "**plancheck**: {}", tally_line(report))?;
    out.flush()
}

fn write_header<S: AsRef<str>>(out: &mut dyn Write, headers: &[S]) -> io::Result<()> {
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
