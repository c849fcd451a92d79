//! Output: one file per format, all taking the same evaluated data.
//!
//! Renderers only format: every number they print was computed and rounded
//! by `evaluate` or `summarize`. Adding a format is one new file here and one
//! `Format` variant.

mod cells;
mod csv;
mod encode;
mod findings;
mod github;
mod html;
mod json;
mod junit;
pub mod labels;
mod markdown;
mod table;
mod template;
mod text;
mod writers;
mod xlsx;
mod xlsx_report;

use std::io::{self, Write};

pub use encode::encoded;
pub use labels::Lang;
pub use template::template;

pub use cells::{
    Extras, NUMERIC_KEYS, RowCell, Style, TextSink, evaluation_cells, evaluation_keys, for_each_cell,
    group_digits, grouped, looks_like_formula, note_text, push_decimal, push_figure, report_figures,
    terminal_text,
};
pub use findings::{check_detail, check_subject, tally_line};
pub use labels::{EVALUATION_COLUMNS, SUMMARY_COLUMNS};
pub use writers::{EvaluationWriter, RowFormat, RowWriter, Summary};

use crate::gate::GateReport;
use crate::report::Report;

/// An output format, chosen with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// CSV with a header row, for spreadsheets and scripts.
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// An Excel workbook (`-o FILE`): typed cells, percent formats, the
    /// evaluations and their roll-ups on sheets of their own.
    Xlsx,
}

/// An output format of `check`, chosen with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// One line per finding (FILE:LINE: …), then the totals.
    Text,
    /// GitHub Actions workflow commands: findings show on the CSV in a pull request.
    Github,
    /// JUnit XML: one testcase per indicator row, for CI test reporters.
    Junit,
    /// One JSON object with the totals and the findings.
    Json,
    /// A GitHub-flavoured Markdown table of the findings.
    Markdown,
    /// An Excel workbook of the findings (`-o FILE`).
    Xlsx,
}

/// Writes a gate's report in `format`; `file` is the input's name.
pub fn write_check(
    format: CheckFormat,
    out: Box<dyn Write>,
    report: &GateReport,
    file: &str,
) -> io::Result<()> {
    match format {
        CheckFormat::Text => text::write_check(out, report, file),
        CheckFormat::Github => github::write_check(out, report, file),
        CheckFormat::Junit => junit::write_check(out, report, file),
        CheckFormat::Json => json::write_check(out, report, file),
        CheckFormat::Markdown => markdown::write_check(out, report),
        CheckFormat::Xlsx => xlsx::write_check(out, report, file),
    }
}

/// An output format of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page with bars and a chart, printable on A4.
    Html,
    /// The same tables in GitHub-flavoured Markdown.
    Markdown,
    /// The 総括表 as a workbook sheet (`-o FILE`): sections as blocks,
    /// periods under merged headers, A4 landscape.
    Xlsx,
}

/// Writes a report in `format`.
pub fn write_report(
    format: ReportFormat,
    out: Box<dyn Write>,
    report: &Report,
    decimals: u32,
    lang: Lang,
) -> io::Result<()> {
    match format {
        ReportFormat::Html => html::write_report(out, report, decimals, lang),
        ReportFormat::Markdown => markdown::write_report(out, report, lang),
        ReportFormat::Xlsx => xlsx_report::write_report(out, report, decimals, lang),
    }
}

/// A writer of evaluations in `format`.
pub fn evaluation_writer(
    format: Format,
    out: Box<dyn Write>,
    style: Style,
) -> io::Result<Box<dyn EvaluationWriter>> {
    Ok(match format {
        Format::Table => Box::new(table::EvaluationTable::new(out, style)),
        Format::Csv => Box::new(csv::evaluation_writer(out, style)?),
        Format::Json => Box::new(json::EvaluationJson::new(out, false, style)),
        Format::Jsonl => Box::new(json::EvaluationJson::new(out, true, style)),
        Format::Markdown => Box::new(markdown::evaluation_writer(out, style)?),
        Format::Xlsx => Box::new(xlsx::EvaluationXlsx::new(out, style)),
    })
}

/// Writes a summary in `format`.
pub fn write_summary(format: Format, out: Box<dyn Write>, summary: &Summary, style: Style) -> io::Result<()> {
    match format {
        Format::Table => table::write_summary(out, summary, style),
        Format::Csv => csv::write_summary(out, summary, style),
        Format::Json => json::write_summary(out, summary, false),
        Format::Jsonl => json::write_summary(out, summary, true),
        Format::Markdown => markdown::write_summary(out, summary, style.lang),
        Format::Xlsx => xlsx::write_summary(out, summary, style),
    }
}
