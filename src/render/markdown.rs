//! GitHub-flavoured Markdown tables, for reports and pull requests.

use std::io::{self, Write};

use super::{
    Lang, RowCell, RowFormat, RowWriter, Style, Summary, check_detail, check_subject, evaluation_keys,
    for_each_cell, grouped, labels, push_figure, report_figures, tally_line,
};
use crate::evaluate::Evaluation;
use crate::gate::{GateReport, Verdict};
use crate::report::Report;
use crate::timeline::Course;

/// `eval`'s Markdown: the table's header, then a row per evaluation.
pub fn evaluation_writer(mut out: Box<dyn Write>, style: Style) -> io::Result<RowWriter<MarkdownRows>> {
    write_header(
        &mut out,
        &labels::headers(&evaluation_keys(&style.extras), style.lang),
    )?;
    Ok(RowWriter::new(out, MarkdownRows { style }))
}

/// How an evaluation becomes a table row: what `eval`'s Markdown writer writes,
/// and what reading threads run on their own rows (`RowFormat`).
#[derive(Debug)]
pub struct MarkdownRows {
    style: Style,
}

impl RowFormat for MarkdownRows {
    /// The row `write_row` writes for `evaluation_cells`, byte for byte,
    /// with each cell escaped straight into the line.
    fn push_row(
        &self,
        line: &mut Vec<u8>,
        evaluation: &Evaluation,
        course: Option<&Course>,
    ) -> io::Result<()> {
        line.extend_from_slice(b"| ");
        let mut first = true;
        for_each_cell(evaluation, course, "%", &self.style, |cell| {
            if !std::mem::take(&mut first) {
                line.extend_from_slice(b" | ");
            }
            match cell {
                RowCell::Text(text) => push_escaped(line, text),
                // Digits, a sign, a point and `%`: nothing to escape.
                RowCell::Figure(value, suffix) => push_figure(line, value, suffix),
            }
            Ok(())
        })?;
        line.extend_from_slice(b" |\n");
        Ok(())
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
    for chapter in &report.chapters {
        if !chapter.name.is_empty() {
            writeln!(out, "## {}\n", escape(&chapter.name))?;
        }
        for section in &chapter.sections {
            if !section.name.is_empty() {
                writeln!(out, "### {}\n", escape(&section.name))?;
            }
            writeln!(out, "{}\n", report_figures(&section.stats, &words))?;
            if section.periods_left_out > 0 {
                writeln!(out, "{}: {}\n", words.earlier_periods, section.periods_left_out)?;
            }
            let mut headers = vec![
                words.indicator.to_string(),
                words.unit.to_string(),
                words.direction.to_string(),
                words.baseline.to_string(),
            ];
            for period in &section.periods {
                for word in [words.target, words.actual, words.achievement] {
                    headers.push(format!("{period} {word}"));
                }
            }
            headers.push(words.final_target.to_string());
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
                            cell.target.map(grouped).unwrap_or_default(),
                            number(cell.actual),
                            {
                                // The rate, and the grade beside it (`--grades`).
                                let rate = cell.achievement.map(|a| format!("{a}%")).unwrap_or_default();
                                match &cell.grade {
                                    Some((grade, _)) if rate.is_empty() => grade.to_string(),
                                    Some((grade, _)) => format!("{rate} {grade}"),
                                    None => rate,
                                }
                            },
                        ]),
                        None => cells.extend([String::new(), String::new(), String::new()]),
                    }
                }
                cells.push(indicator.final_target.map(grouped).unwrap_or_default());
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

/// A cell as Markdown text that renders as written: HTML's and tables'
/// specials (`& < > \\ |`), line breaks as spaces, and nothing that GitHub
/// would make live: no link or image (`[`, `]`), no @mention, no heading
/// or issue reference (`#`), no autolinked URL (`://`); control characters (ESC, BEL)
/// shown as their pictures (␛, ␇), never sent to a terminal raw.
fn escape(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' | '\n' => out.push(' '),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '@' => out.push_str("&#64;"),
            '#' => out.push_str("&#35;"),
            ':' if chars.clone().take(2).eq(['/', '/']) => out.push_str("&#58;"),
            c if c.is_control() => out.push(control_picture(c)),
            c => out.push(c),
        }
    }
    out
}

/// How a control character is shown: its Unicode picture (ESC → ␛).
pub fn control_picture(c: char) -> char {
    match c as u32 {
        code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Appends `cell` escaped as `escape` escapes it. Most cells have nothing
/// to escape and are copied whole: a cell cost more than the rest of the
/// row when escaped by replacements.
fn push_escaped(out: &mut Vec<u8>, cell: &str) {
    let special = |b: &u8| {
        matches!(
            b,
            b'&' | b'<' | b'>' | b'\\' | b'|' | b'[' | b']' | b'@' | b'#' | b':' | 0x7f | 0xc2
        ) || *b < 0x20
    };
    if !cell.as_bytes().iter().any(special) {
        out.extend_from_slice(cell.as_bytes());
        return;
    }
    out.extend_from_slice(escape(cell).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A row pushed cell by cell is the row `write_row` writes for the
        /// row's cells: any text, any figure, any optional columns.
        #[test]
        fn rows_are_written_as_write_row_writes_them(
            (chapter, name, remark) in ("[&<>\\\\|\r\n a第]{0,8}", "[&<>\\\\|\r\n a第]{0,8}", any::<String>()),
            (target, actual) in ((any::<i64>(), 0u32..6), prop::option::of((any::<i64>(), 0u32..6))),
            flags in prop::collection::vec(any::<bool>(), 3),
        ) {
            use crate::evaluate::{Settings, evaluate};
            use crate::indicator::{Direction, Indicator};
            use rust_decimal::Decimal;
            let indicator = Indicator {
                chapter: chapter.as_str().into(),
                texts: crate::indicator::RowTexts { remark, ..Default::default() }.boxed(),
                actual: actual.map(|(m, s)| Decimal::new(m, s)),
                ..Indicator::new(&name, Direction::Decrease, Decimal::new(target.0, target.1))
            };
            let Ok(evaluation) = evaluate(indicator, &Settings::default()) else {
                return Ok(());
            };
            let mut style = Style::default();
            style.extras.method = flags[0];
            style.extras.raw = flags[1];
            style.extras.remark = flags[2];
            let mut pushed = Vec::new();
            MarkdownRows { style }.push_row(&mut pushed, &evaluation, None).unwrap();
            let mut written = Vec::new();
            write_row(&mut written, &super::super::evaluation_cells(&evaluation, None, "%", &style)).unwrap();
            prop_assert_eq!(String::from_utf8(pushed).unwrap(), String::from_utf8(written).unwrap());
        }

        /// A cell copied whole needs no escaping, and one escaped is
        /// escaped as `escape` does it, for any text.
        #[test]
        fn cells_escape_in_one_pass_as_by_the_rule(
            cell in prop_oneof![any::<String>(), "[&<>\\\\|\r\na第\\[\\]@#:/\u{1b}\u{7}\u{85}]{0,16}"]
        ) {
            let mut escaped = Vec::new();
            push_escaped(&mut escaped, &cell);
            prop_assert_eq!(String::from_utf8(escaped).unwrap(), escape(&cell));
        }
    }
}
