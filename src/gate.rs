//! The CI gate behind `plancheck check`: which evaluations fail, and which
//! unmet ones are explained by a written reason.
//!
//! The reference plan's rule is that every unmet indicator of the latest
//! period carries a reason (後期基本計画に係る未達成指標の理由・分析), given per
//! section. A reason on a section's row therefore explains the whole section
//! and period, which is known only once the file is read: verdicts are final
//! in `Gate::finish`.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::evaluate::{Achievement, Evaluation, Fraction, Status};
use crate::indicator::{Indicator, SectionReason, is_explanation};
use crate::period;
use crate::timeline::{Course, Trend};
use crate::trajectory::Position;

/// What fails the gate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Achievement (percent) below which an indicator fails.
    pub threshold: Decimal,
    /// An indicator below the threshold passes when a reason is written.
    pub require_reason: bool,
    /// Rows without an actual fail instead of warning.
    pub fail_on_pending: bool,
    /// Fail rows behind their trajectory instead of rows below the
    /// threshold; rows with no trajectory cannot be judged (pending).
    pub on_track: bool,
    /// Also fail rows that worsened since their previous period.
    pub fail_on_worsened: bool,
    /// Fail rows with these grades instead of rows below the threshold
    /// (`--fail-on-grade`); empty: off.
    pub fail_on_grades: Vec<Arc<str>>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            threshold: Decimal::ONE_HUNDRED,
            require_reason: false,
            fail_on_pending: false,
            on_track: false,
            fail_on_worsened: false,
            fail_on_grades: Vec::new(),
        }
    }
}

impl Rules {
    /// Whether a verdict makes the gate fail (exit code 1).
    pub fn fails(&self, verdict: Verdict) -> bool {
        match verdict {
            Verdict::Failed => true,
            Verdict::Pending => self.fail_on_pending,
            Verdict::Passed | Verdict::Explained => false,
        }
    }

    /// The threshold as a fraction of 1, for exact comparison with rates:
    /// 89.96% is below a threshold of 90 although it prints as 90.0.
    fn threshold_fraction(&self) -> Option<Fraction> {
        threshold_fraction(self.threshold)
    }
}

/// A rate to print beside `threshold`: as shown where that already tells
/// which side of the threshold the exact rate is on, else with as many more
/// decimals as it takes, rounded down (89.96 against 90, never "90.0 is
/// below 90"). The flag says whether digits were cut (print "…").
pub fn rate_beside_threshold(achievement: &Achievement, threshold: Decimal) -> (Decimal, bool) {
    let shown = achievement.shown;
    let below = threshold_fraction(threshold).is_some_and(|t| achievement.exact < t);
    if (shown < threshold) == below {
        return (shown, false);
    }
    let mut closest = (shown, false);
    for decimals in shown.scale() + 1..=18 {
        match achievement.exact.floor_percent(decimals) {
            Some((value, whole)) => {
                closest = (value, !whole);
                if (value < threshold) == below {
                    break;
                }
            }
            None => break,
        }
    }
    closest
}

/// Whether a failing row fails only for having worsened (its rate
/// reaches the threshold).
fn worsened_only(rules: &Rules, check: &Check) -> bool {
    rules.fail_on_worsened
        && check
            .course
            .as_ref()
            .is_some_and(|c| c.trend == Some(Trend::Worsened))
        && check
            .evaluation
            .achievement
            .is_some_and(|a| threshold_fraction(rules.threshold).is_some_and(|t| a.exact >= t))
}

fn threshold_fraction(threshold: Decimal) -> Option<Fraction> {
    Fraction::quotient(threshold, Decimal::ONE_HUNDRED)
}

/// One row's outcome at the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Passed,
    /// Below the threshold with no reason required, or none written.
    Failed,
    /// Below the threshold, with a reason written (`--require-reason`).
    Explained,
    /// No actual yet.
    Pending,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "unmet",
            Verdict::Explained => "explained",
            Verdict::Pending => "pending",
        }
    }
}

/// An evaluation with its verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub evaluation: Evaluation,
    pub verdict: Verdict,
    /// The reason written for this row: its own, else its section's
    /// (empty when there is none).
    pub reason: String,
    /// Where the row went since its previous period (`--fail-on-worsened`).
    pub course: Option<Course>,
}

/// How many rows ended in each verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub checked: u64,
    pub passed: u64,
    pub failed: u64,
    /// Of `failed`: rows that met their target but not the threshold
    /// (`--threshold 101 --no-cap`).
    pub below_threshold: u64,
    /// Of `failed`: rows that reached the threshold but worsened since their
    /// previous period (`--fail-on-worsened`).
    pub worsened: u64,
    /// Of `passed`: rows that missed their target but reached a threshold
    /// below 100 — counted, so that "0 unmet" never hides them.
    pub passed_unmet: u64,
    pub explained: u64,
    pub pending: u64,
}

/// The gate's result: the rows to report, and the counts.
#[derive(Clone, Debug, PartialEq)]
pub struct GateReport {
    pub rules: Rules,
    /// Every non-passing row, and passing ones too when asked for (JUnit
    /// lists every indicator), in file order.
    pub checks: Vec<Check>,
    pub tally: Tally,
}

impl GateReport {
    /// The word for a verdict in reports: a failure is "unmet", or "behind"
    /// when the gate checks trajectories.
    pub fn label(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::Failed if self.rules.on_track => "behind",
            Verdict::Failed if !self.rules.fail_on_grades.is_empty() => "graded to fail",
            verdict => verdict.as_str(),
        }
    }
    /// The word for one row's verdict: a failing row that met its target
    /// is "below threshold", not "unmet".
    pub fn check_label(&self, check: &Check) -> &'static str {
        match check.verdict {
            Verdict::Failed if self.worsened_only(check) => "worsened",
            Verdict::Failed
                if !self.rules.on_track
                    && self.rules.fail_on_grades.is_empty()
                    && check.evaluation.status == Status::Met =>
            {
                "below threshold"
            }
            verdict => self.label(verdict),
        }
    }

    /// Whether a failing row fails only for having worsened (its rate
    /// reaches the threshold).
    pub fn worsened_only(&self, check: &Check) -> bool {
        worsened_only(&self.rules, check)
    }

    /// Whether the gate fails (exit code 1).
    pub fn fails(&self) -> bool {
        self.tally.failed > 0 || (self.rules.fail_on_pending && self.tally.pending > 0)
    }
}

type SectionKey = (Arc<str>, Arc<str>, Arc<str>);

fn section_key(indicator: &Indicator) -> SectionKey {
    (
        indicator.chapter.clone(),
        indicator.section.clone(),
        indicator.period.clone(),
    )
}

/// Collects evaluations and decides their verdicts.
pub struct Gate {
    rules: Rules,
    /// `rules.threshold` as a fraction, computed once rather than per row.
    threshold: Option<Fraction>,
    keep_passed: bool,
    checks: Vec<Check>,
    passed_unmet: u64,
    /// The first section reason given for each chapter, section and period.
    section_reasons: HashMap<SectionKey, String>,
    /// Reasons written in blocks below their sections, by chapter and
    /// section: they explain the latest period's rows.
    block_reasons: HashMap<(String, String), String>,
    /// The periods seen, to know the latest one.
    periods: Vec<Arc<str>>,
    passed: u64,
}

impl Gate {
    /// `keep_passed`: also keep passing rows for the report.
    pub fn new(rules: Rules, keep_passed: bool) -> Gate {
        Gate {
            threshold: rules.threshold_fraction(),
            rules,
            keep_passed,
            checks: Vec::new(),
            passed_unmet: 0,
            section_reasons: HashMap::new(),
            block_reasons: HashMap::new(),
            periods: Vec::new(),
            passed: 0,
        }
    }

    /// Reasons the input wrote in blocks below their sections.
    pub fn add_section_reasons(&mut self, reasons: &[SectionReason]) {
        for reason in reasons.iter().filter(|r| is_explanation(&r.text)) {
            self.block_reasons
                .entry((reason.chapter.clone(), reason.section.clone()))
                .or_insert_with(|| reason.text.clone());
        }
    }

    pub fn add(&mut self, evaluation: Evaluation) {
        self.add_traced(evaluation, None);
    }

    /// Adds a row with its course since the previous period: with
    /// `--fail-on-worsened`, a row that worsened fails too.
    pub fn add_traced(&mut self, evaluation: Evaluation, course: Option<Course>) {
        let indicator = &evaluation.indicator;
        // A subtotal (計, 合計) repeats rows already checked.
        if indicator.subtotal {
            return;
        }
        if self.periods.last() != Some(&indicator.period) && !self.periods.contains(&indicator.period) {
            self.periods.push(indicator.period.clone());
        }
        if is_explanation(indicator.section_reason()) {
            self.section_reasons
                .entry(section_key(indicator))
                .or_insert_with(|| indicator.section_reason().to_string());
        }
        let graded = !self.rules.fail_on_grades.is_empty();
        let verdict = match (evaluation.achievement, evaluation.trajectory) {
            // Grades judge pending rows too (E, −: not evaluable).
            _ if graded => match &evaluation.grade {
                Some(grade) if self.rules.fail_on_grades.contains(&grade.name) => Verdict::Failed,
                Some(_) => Verdict::Passed,
                None if evaluation.achievement.is_none() => Verdict::Pending,
                None => Verdict::Passed,
            },
            (None, _) => Verdict::Pending,
            (Some(_), Some(trajectory)) if self.rules.on_track => match trajectory.position {
                Position::Behind => Verdict::Failed,
                Position::Ahead | Position::OnTrack => Verdict::Passed,
            },
            (Some(_), None) if self.rules.on_track => Verdict::Pending,
            (Some(achievement), _) if self.threshold.is_some_and(|t| achievement.exact < t) => {
                Verdict::Failed
            }
            (Some(_), _) => Verdict::Passed,
        };
        let worsened = course.as_ref().is_some_and(|c| c.trend == Some(Trend::Worsened));
        let verdict = if self.rules.fail_on_worsened && worsened {
            Verdict::Failed
        } else {
            verdict
        };
        if verdict == Verdict::Passed {
            self.passed += 1;
            self.passed_unmet += u64::from(evaluation.status == Status::Unmet);
            if !self.keep_passed {
                return;
            }
        }
        self.checks.push(Check {
            evaluation,
            verdict,
            reason: String::new(),
            course,
        });
    }

    pub fn finish(mut self) -> GateReport {
        let mut tally = Tally {
            passed: self.passed,
            passed_unmet: self.passed_unmet,
            ..Tally::default()
        };
        let latest = period::chronological(&self.periods)
            .last()
            .map(|&i| self.periods[i].clone());
        for check in &mut self.checks {
            let indicator = &check.evaluation.indicator;
            let block = || {
                (latest.as_ref() == Some(&indicator.period))
                    .then(|| {
                        self.block_reasons
                            .get(&(indicator.chapter.to_string(), indicator.section.to_string()))
                            .cloned()
                    })
                    .flatten()
            };
            check.reason = if is_explanation(indicator.reason()) {
                indicator.reason().to_string()
            } else {
                self.section_reasons
                    .get(&section_key(indicator))
                    .cloned()
                    .or_else(block)
                    .unwrap_or_default()
            };
            if check.verdict == Verdict::Failed && self.rules.require_reason && !check.reason.is_empty() {
                check.verdict = Verdict::Explained;
            }
            match check.verdict {
                Verdict::Passed => {}
                Verdict::Failed => {
                    tally.failed += 1;
                    if worsened_only(&self.rules, check) {
                        tally.worsened += 1;
                    } else if check.evaluation.status == Status::Met {
                        tally.below_threshold += 1;
                    }
                }
                Verdict::Explained => tally.explained += 1,
                Verdict::Pending => tally.pending += 1,
            }
        }
        tally.checked = tally.passed + tally.failed + tally.explained + tally.pending;
        GateReport {
            rules: self.rules,
            checks: self.checks,
            tally,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::Direction;
    use std::str::FromStr;

    fn evaluation(section: &str, actual: Option<&str>, reason: &str, section_reason: &str) -> Evaluation {
        let indicator = Indicator {
            section: section.into(),
            actual: actual.map(|a| Decimal::from_str(a).unwrap()),
            period: "H30".into(),
            texts: crate::indicator::RowTexts {
                reason: reason.to_string(),
                section_reason: section_reason.to_string(),
                ..Default::default()
            }
            .boxed(),
            ..Indicator::new("x", Direction::Increase, Decimal::from(100))
        };
        evaluate(indicator, &Settings::default()).unwrap()
    }

    fn verdicts(rules: Rules, evaluations: Vec<Evaluation>) -> (Vec<Verdict>, Tally) {
        let mut gate = Gate::new(rules, true);
        evaluations.into_iter().for_each(|e| gate.add(e));
        let report = gate.finish();
        (report.checks.iter().map(|c| c.verdict).collect(), report.tally)
    }

    #[test]
    fn below_the_threshold_fails() {
        let (v, tally) = verdicts(
            Rules::default(),
            vec![
                evaluation("a", Some("99.99"), "", ""),
                evaluation("a", Some("100"), "", ""),
            ],
        );
        assert_eq!(v, [Verdict::Failed, Verdict::Passed]);
        assert_eq!((tally.checked, tally.failed, tally.passed), (2, 1, 1));
        let lower = Rules {
            threshold: Decimal::from(90),
            ..Rules::default()
        };
        let (v, _) = verdicts(
            lower,
            vec![
                evaluation("a", Some("90"), "", ""),
                evaluation("a", Some("89.999"), "", ""),
            ],
        );
        assert_eq!(v, [Verdict::Passed, Verdict::Failed]);
    }

    #[test]
    fn reasons_explain_only_when_required() {
        let rows = || {
            vec![
                evaluation("a", Some("50"), "天候", ""),
                evaluation("b", Some("100"), "", "景気の影響"),
                evaluation("b", Some("50"), "", ""),
                evaluation("c", Some("50"), "", ""),
            ]
        };
        let (v, _) = verdicts(Rules::default(), rows());
        assert_eq!(
            v,
            [Verdict::Failed, Verdict::Passed, Verdict::Failed, Verdict::Failed]
        );
        let required = Rules {
            require_reason: true,
            ..Rules::default()
        };
        let (v, tally) = verdicts(required, rows());
        assert_eq!(
            v,
            [
                Verdict::Explained,
                Verdict::Passed,
                Verdict::Explained,
                Verdict::Failed
            ]
        );
        assert_eq!((tally.explained, tally.failed), (2, 1));
    }

    #[test]
    fn pending_warns_unless_it_must_fail() {
        let mut gate = Gate::new(Rules::default(), false);
        gate.add(evaluation("a", None, "", ""));
        gate.add(evaluation("a", Some("100"), "", ""));
        let report = gate.finish();
        assert_eq!(report.checks.len(), 1, "passing rows are not kept");
        assert!(!report.fails());
        assert!(!report.rules.fails(Verdict::Pending));
        let strict = Rules {
            fail_on_pending: true,
            ..Rules::default()
        };
        let mut gate = Gate::new(strict, false);
        gate.add(evaluation("a", None, "", ""));
        assert!(gate.finish().fails());
    }
}
