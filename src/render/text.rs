//! `check --format text`: one line per finding, as compilers print them, so
//! editors and terminals can jump to `FILE:LINE`.

use std::io::{self, Write};

use super::{check_detail, check_subject, tally_line, terminal_text};
use crate::gate::{GateReport, Verdict};

pub fn write_check(mut out: Box<dyn Write>, report: &GateReport, file: &str) -> io::Result<()> {
    for check in report.checks.iter().filter(|c| c.verdict != Verdict::Passed) {
        let kind = match check.verdict {
            Verdict::Pending if report.rules.fails(Verdict::Pending) => "pending (fails)",
            _ => report.check_label(check),
        };
        // Meant for a terminal: no control characters from the input.
        let finding = format!(
            "{file}:{}: {kind}: {}: {}",
            check.evaluation.indicator.line,
            check_subject(&check.evaluation.indicator),
            check_detail(check, report)
        );
        writeln!(out, "{}", terminal_text(&finding))?;
    }
    writeln!(out, "{}", tally_line(report))?;
    out.flush()
}
