//! GitHub-flavoured Markdown tables, for reports and pull requests.

use std::io::{self, Write};

use super::{
    EvaluationWriter, Lang, Style, Summary, check_detail, check_subject, evaluation_cells, evaluation_keys,
    grouped, labels, report_figures, tally_line,
};
use crate::evaluate::Evaluation;
use crate::gate::{GateReport, Verdict};
use crate::report::Report;
use crate::summarize::Rollup;
use crate::timeline::Course;

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
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        write_row(
            &mut self.out,
            &evaluation_cells(evaluation, course, "%", &self.style),
        )
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
                    report.check_label(check),
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

/// The report's tables in Markdown: a heading per chapter and section.
pub fn write_report(mut out: Box<dyn Write>, report: &Report, lang: Lang) -> io::Result<()> {
    let words = labels::report(lang);
    writeln!(
        out,
        "# {}\n\n{}\n",
        escape(&report.title),
        report_figures(&report.total, &words)
    )?;
    let mut headers = vec![
        words.indicator.to_string(),
        words.unit.to_string(),
        words.direction.to_string(),
        words.baseline.to_string(),
    ];
    for period in &report.periods {
        for word in [words.target, words.actual, words.achievement] {
            headers.push(format!("{period} {word}"));
        }
    }
    headers.push(words.final_target.to_string());
    for chapter in &report.chapters {
        if !chapter.name.is_empty() {
            writeln!(out, "## {}\n", escape(&chapter.name))?;
        }
        for section in &chapter.sections {
            if !section.name.is_empty() {
                writeln!(out, "### {}\n", escape(&section.name))?;
            }
            writeln!(out, "{}\n", report_figures(&section.stats, &words))?;
            write_header(&mut out, &headers)?;
            for indicator in &section.indicators {
                let number = |v: Option<rust_decimal::Decimal>| v.map(grouped).unwrap_or_default();
                let mut cells = vec![
                    indicator.name.clone(),
                    indicator.unit.clone(),
                    labels::arrow(indicator.direction).to_string(),
                    number(indicator.baseline),
                ];
                for cell in &indicator.periods {
                    match cell {
                        Some(cell) => cells.extend([
                            grouped(cell.target),
                            number(cell.actual),
                            cell.achievement.map(|a| format!("{a}%")).unwrap_or_default(),
                        ]),
                        None => cells.extend([String::new(), String::new(), String::new()]),
                    }
                }
                cells.push(grouped(indicator.final_target));
                write_row(&mut out, &cells)?;
            }
            writeln!(out)?;
            if !section.reasons.is_empty() {
                writeln!(out, "**{}**\n", words.reasons)?;
                for reason in &section.reasons {
                    writeln!(out, "> {}\n", escape(reason))?;
                }
            }
        }
    }
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

/// Keeps a cell inside its column (a `|` would end it, a newline the row)
/// and shows markup as text (`<script>` is a name, not a tag).
fn escape(cell: &str) -> String {
    cell.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}
