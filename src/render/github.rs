//! `check --format github`: GitHub Actions workflow commands, so each finding
//! shows as an annotation on its line of the CSV in a pull request.
//! Escaping follows actions/toolkit (`packages/core/src/command.ts`).

use std::io::{self, Write};

use super::{check_detail, check_subject, tally_line};
use crate::gate::{GateReport, Verdict};

pub fn write_check(mut out: Box<dyn Write>, report: &GateReport, file: &str) -> io::Result<()> {
    for check in report.checks.iter().filter(|c| c.verdict != Verdict::Passed) {
        let (command, title) = match check.verdict {
            Verdict::Pending if report.rules.fails(Verdict::Pending) => ("error", "pending"),
            Verdict::Pending => ("warning", "pending"),
            Verdict::Explained => ("notice", "unmet target, explained"),
            _ if report.rules.on_track => ("error", "behind trajectory"),
            _ if report.check_label(check) == "below threshold" => ("error", "below threshold"),
            _ => ("error", "unmet target"),
        };
        let indicator = &check.evaluation.indicator;
        let mut properties = Vec::new();
        if file != "<stdin>" {
            properties.push(format!("file={}", escape_property(file)));
        }
        properties.push(format!("line={}", indicator.line));
        properties.push(format!("title={}", escape_property(title)));
        let message = format!("{}: {}", check_subject(indicator), check_detail(check, report));
        writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        )?;
    }
    writeln!(out, "{}", tally_line(report))?;
    out.flush()
}

/// A message as a workflow command carries it: `%`, CR and LF escaped as
/// the toolkit escapes them, other control characters (ESC, BEL) shown as
/// their pictures rather than sent to the log raw.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .chars()
        .map(|c| {
            if c.is_control() {
                super::markdown::control_picture(c)
            } else {
                c
            }
        })
        .collect()
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("100%\nnext"), "100%25%0Anext");
        assert_eq!(escape_data("a\u{1b}[31mb\u{7}"), "a\u{241b}[31mb\u{2407}");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
