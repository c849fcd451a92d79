//! `check --format junit`: JUnit XML in the minimal shape that GitLab,
//! Jenkins and GitHub test reporters all read. One testcase per indicator
//! row; names are made unique because GitLab drops duplicates.

use std::collections::HashSet;
use std::io::{self, Write};

use super::{check_detail, check_subject};
use crate::gate::{GateReport, Verdict};

pub fn write_check(mut out: Box<dyn Write>, report: &GateReport, file: &str) -> io::Result<()> {
    let tally = &report.tally;
    let failures = report
        .checks
        .iter()
        .filter(|c| report.rules.fails(c.verdict))
        .count();
    let skipped = report
        .checks
        .iter()
        .filter(|c| c.verdict == Verdict::Pending && !report.rules.fails(c.verdict))
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="plancheck" tests="{}" failures="{failures}" skipped="{skipped}">"#,
        tally.checked
    )?;
    writeln!(
        out,
        r#"  <testsuite name="{}" tests="{}" failures="{failures}" skipped="{skipped}">"#,
        escape(file),
        tally.checked
    )?;
    let mut names = HashSet::new();
    for check in &report.checks {
        let indicator = &check.evaluation.indicator;
        let classname = [&*indicator.chapter, &*indicator.section]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        let classname = if classname.is_empty() {
            file.to_string()
        } else {
            classname
        };
        let mut name = if indicator.period.is_empty() {
            indicator.name.clone()
        } else {
            format!("{} ({})", indicator.name, indicator.period)
        };
        if !names.insert((classname.clone(), name.clone())) {
            name = format!("{name} [line {}]", indicator.line);
        }
        write!(
            out,
            r#"    <testcase classname="{}" name="{}" file="{}" line="{}""#,
            escape(&classname),
            escape(&name),
            escape(file),
            indicator.line
        )?;
        let detail = escape(&format!(
            "{}: {}",
            check_subject(indicator),
            check_detail(check, report)
        ));
        match check.verdict {
            Verdict::Passed => writeln!(out, " />")?,
            verdict if report.rules.fails(verdict) => writeln!(
                out,
                ">\n      <failure message=\"{detail}\" type=\"{}\">{detail}</failure>\n    </testcase>",
                report.check_label(check)
            )?,
            Verdict::Pending => writeln!(out, ">\n      <skipped message=\"{detail}\" />\n    </testcase>")?,
            _ => writeln!(out, ">\n      <system-out>{detail}</system-out>\n    </testcase>")?,
        }
    }
    writeln!(out, "  </testsuite>\n</testsuites>")?;
    out.flush()
}

/// Escapes text for XML attributes and content: as for HTML, after dropping
/// the control characters XML 1.0 cannot hold at all; newlines are kept as
/// character references so that attribute values keep them.
fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\r' => Some(' '),
            '\n' => Some('\n'),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => None,
            c => Some(c),
        })
        .collect();
    super::html::escape(&allowed).replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
