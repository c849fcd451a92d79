//! The words of a `check` finding, shared by the text, GitHub, JUnit and
//! workbook formats: what was checked, why it failed, and the tally.

use crate::gate::{Check, GateReport, Verdict, rate_beside_threshold};
use crate::indicator::Indicator;
use crate::trajectory::Position;

/// Names a row the way planning staff look it up: section, indicator, period.
pub fn check_subject(indicator: &Indicator) -> String {
    let mut subject = String::new();
    for part in [&indicator.chapter, &indicator.section] {
        if !part.is_empty() {
            subject.push_str(part);
            subject.push_str(" / ");
        }
    }
    subject.push_str(&indicator.name);
    if !indicator.period.is_empty() {
        subject.push_str(&format!(" ({})", indicator.period));
    }
    subject
}

/// Says why a row is reported: its rate against the threshold, or pending.
pub fn check_detail(check: &Check, report: &GateReport) -> String {
    let evaluation = &check.evaluation;
    let indicator = &evaluation.indicator;
    if !report.rules.fail_on_grades.is_empty()
        && let Some(grade) = &evaluation.grade
    {
        let failing: Vec<&str> = report.rules.fail_on_grades.iter().map(|g| &**g).collect();
        let rate = evaluation
            .achievement
            .map_or(String::new(), |a| format!(", achievement {}%", a.shown));
        return format!(
            "graded {} (failing grades: {}){rate}",
            grade.name,
            failing.join(", ")
        );
    }
    let Some(achievement) = evaluation.achievement else {
        return "no actual yet (pending)".to_string();
    };
    let unit = if indicator.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", indicator.unit)
    };
    let actual = indicator.actual.map(|a| a.to_string()).unwrap_or_default();
    if report.rules.on_track {
        return match evaluation.trajectory {
            None => {
                "no trajectory: it needs baseline, baseline_year, target_year and a period that is a year"
                    .to_string()
            }
            Some(trajectory) => format!(
                "actual {actual}{unit} is {} the expected {}{unit} for {} on the line from {}{unit} (FY{}) to {}{unit} (FY{}), {}",
                match trajectory.position {
                    Position::Behind => "behind",
                    Position::OnTrack => "on track with",
                    Position::Ahead => "at the target, ahead of",
                },
                trajectory.expected,
                indicator.period,
                indicator.baseline.unwrap_or_default(),
                indicator.baseline_year.map_or(0, |y| y.0),
                indicator.target,
                indicator.target_year.map_or(0, |y| y.0),
                indicator.direction.as_str()
            ),
        };
    }
    // A row failing only for having worsened reached the threshold.
    let comparison = if check.verdict == Verdict::Passed || report.worsened_only(check) {
        "is at least"
    } else {
        "is below"
    };
    let (rate, cut) = rate_beside_threshold(&achievement, report.rules.threshold);
    let mut detail = format!(
        "achievement {rate}{}% {comparison} {}% (actual {actual}{unit}, target {}{unit}, {})",
        if cut { "…" } else { "" },
        report.rules.threshold,
        indicator.target,
        indicator.direction.as_str()
    );
    if let Some(course) = &check.course
        && course.trend == Some(crate::timeline::Trend::Worsened)
        && let (Some(previous), Some(actual)) = (course.previous, indicator.actual)
    {
        detail.push_str(&format!(
            "; worsened since the previous period ({previous} → {actual}{unit})"
        ));
    }
    if check.verdict == Verdict::Explained {
        detail.push_str(&format!("; reason: {}", check.reason));
    }
    detail
}

/// `3 unmet, 1 explained, 0 pending of 16 checked`, with the rows that
/// met their target below the threshold, and those that missed it above.
pub fn tally_line(report: &GateReport) -> String {
    let tally = &report.tally;
    let mut line = format!(
        "{} {}, ",
        tally.failed - tally.below_threshold - tally.worsened,
        report.label(Verdict::Failed)
    );
    if tally.below_threshold > 0 {
        line.push_str(&format!("{} below threshold, ", tally.below_threshold));
    }
    if tally.worsened > 0 {
        line.push_str(&format!("{} worsened, ", tally.worsened));
    }
    line.push_str(&format!(
        "{} explained, {} pending of {} checked",
        tally.explained, tally.pending, tally.checked
    ));
    if !report.rules.fail_on_grades.is_empty() {
        // Grades decide: an unmet row with a passing grade is no news.
    } else if tally.passed_unmet > 0 && report.rules.on_track {
        line.push_str(&format!("; {} unmet but on track (passed)", tally.passed_unmet));
    } else if tally.passed_unmet > 0 {
        line.push_str(&format!(
            "; {} unmet but at or above the {}% threshold (passed)",
            tally.passed_unmet, report.rules.threshold
        ));
    }
    line
}
