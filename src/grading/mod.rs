//! Grades as publishers define them: a scheme is ordered rules, the first
//! whose tests all hold gives the row its grade (and points), and a
//! roll-up says how a group's grade is made from its rows' points.
//!
//! A scheme is data — a TOML file (`file`), the common ones built in
//! (`builtin`, from `schemes/`), or today's inline forms (`A=100,B=80`,
//! `baseline`) — and grading is a pure function of one row's facts, so
//! it runs wherever the row is evaluated.

pub mod builtin;
mod file;
mod rounding;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use rust_decimal::Decimal;

pub use file::parse;
pub use rounding::Rounding;

use crate::exact::Fraction;
use crate::indicator::Band;

/// A grade given to a row, and the points it is worth where the scheme
/// gives points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    pub name: Arc<str>,
    pub points: Option<Decimal>,
    /// A test the grade could not decide (a line with no years): said in
    /// the row's note.
    pub undecided: Option<Undecided>,
}

/// Why a rule's test could not be decided for a row; the rule was passed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undecided {
    /// `line` needs baseline_year, target_year and a period that is a year.
    Line,
    /// `final_met` needs a final target.
    FinalTarget,
}

/// A grading scheme: its rules in order and how groups are graded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    pub name: String,
    pub rules: Vec<Rule>,
    pub rollup: Option<Rollup>,
}

/// One rule: the grade it gives when every test holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub grade: Arc<str>,
    pub points: Option<Decimal>,
    pub tests: Tests,
}

/// What a rule tests. Absent tests always hold; a rule with none catches
/// every evaluable row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tests {
    /// `false`: the row cannot be evaluated (no actual, a text target, or
    /// baseline, target and actual all equal). Rules without this test
    /// apply to evaluable rows only.
    pub evaluable: Option<bool>,
    /// Baseline, target and actual all equal: nothing was asked or done.
    pub all_equal: Option<bool>,
    /// The period's target met (the row's status).
    pub met: Option<bool>,
    /// The plan's final target met (needs a final target).
    pub final_met: Option<bool>,
    /// The rate (as rates are shown: capped unless `--no-cap`) at least
    /// this percent.
    pub rate_at_least: Option<Decimal>,
    /// The rate below this percent.
    pub rate_below: Option<Decimal>,
    /// The change from the baseline, in the row's direction (positive is
    /// better), against bounds.
    pub change: Option<Change>,
    /// The actual below (behind) or on/above the straight line from the
    /// baseline in its year to the target in its year.
    pub line: Option<Line>,
}

/// A test of the change from the baseline (or the previous value), in the
/// row's direction: positive is better whichever way the indicator goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub from: From,
    pub measure: Measure,
    pub at_least: Option<Decimal>,
    pub above: Option<Decimal>,
    pub below: Option<Decimal>,
    pub at_most: Option<Decimal>,
}

/// What a change is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    Baseline,
    /// The previous value: the actual of the indicator's previous measured
    /// period, or the baseline where there is none (a table of one period
    /// per indicator, as white papers print).
    Previous,
}

/// How a change is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Percent of the reference value.
    Percent,
    /// Percentage points: for shares in % (or rows with no unit); other
    /// rows pass only a test that no change passes.
    Points,
    /// An amount in the row's unit.
    Amount,
}

/// Where the actual stands against the baseline → target line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    Below,
    OnOrAbove,
}

/// How a group's grade is made: the mean of its rows' points, rounded,
/// then the letter of the highest points the rounded mean reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollup {
    pub rounding: Rounding,
    /// (points, letter), highest first.
    pub letters: Vec<(Decimal, Arc<str>)>,
}

/// One row's facts, as grading sees them.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    pub evaluable: bool,
    pub all_equal: bool,
    pub met: bool,
    /// Whether the final target is met; `None` without a final target.
    pub final_met: Option<bool>,
    /// The exact rate as a fraction of 1 (`None` when not evaluable).
    pub rate: Option<Fraction>,
    pub higher_is_better: bool,
    pub baseline: Option<Decimal>,
    /// The actual of the indicator's previous measured period, where the
    /// rows were read with their other periods (`None`: the baseline is
    /// the previous value).
    pub previous: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub unit: &'a str,
    /// Whether the actual is below the line; `None` where it has no line.
    pub below_line: Option<bool>,
}

impl Facts<'static> {
    /// A measured row known only by its rate: what bands on the rate see.
    pub fn of_rate(rate: Fraction) -> Facts<'static> {
        Facts {
            evaluable: true,
            all_equal: false,
            met: rate.reaches_one(),
            final_met: None,
            rate: Some(rate),
            higher_is_better: true,
            baseline: None,
            previous: None,
            actual: None,
            unit: "",
            below_line: None,
        }
    }
}

impl Scheme {
    /// What a bare `--grades` means.
    pub const DEFAULT: &'static str = "A=100,B=80,C=60,D=0";

    /// The same scheme with `band` where it is today's `--grades
    /// baseline` (`--grade-band`); any other scheme is its own.
    pub fn with_band(self, band: Band) -> Scheme {
        if self.is_inline_baseline() {
            Scheme::baseline(band)
        } else {
            self
        }
    }

    /// Today's inline form: bands on the rate (`A=100:95,B=80,…`), highest
    /// first; the lowest must start at 0 so that every rate has a grade.
    pub fn bands(name: &str, mut grades: Vec<(String, Decimal, Option<Decimal>)>) -> Result<Scheme, String> {
        grades.sort_by_key(|(_, threshold, _)| std::cmp::Reverse(*threshold));
        for (i, (name, _, _)) in grades.iter().enumerate() {
            if grades[..i].iter().any(|(other, _, _)| other == name) {
                return Err(format!("grade \"{name}\" is given twice"));
            }
        }
        let with_points = grades.iter().filter(|(_, _, points)| points.is_some()).count();
        if with_points != 0 && with_points != grades.len() {
            return Err("give points for every grade (A=100:95,B=80:80,C=0:35) or for none".to_string());
        }
        match grades.last() {
            Some((_, lowest, _)) if lowest.is_zero() => {}
            Some((name, lowest, _)) => {
                return Err(format!(
                    "the lowest grade (\"{name}\" from {lowest}) must start at 0, so that every rate gets a grade"
                ));
            }
            None => return Err("no grades given".to_string()),
        }
        if let Some((name, threshold, _)) = grades
            .iter()
            .find(|(_, t, _)| Fraction::quotient(*t, Decimal::ONE_HUNDRED).is_none())
        {
            return Err(format!("grade {name}: threshold {threshold} is too large"));
        }
        let rules = grades
            .into_iter()
            .map(|(grade, threshold, points)| Rule {
                grade: Arc::from(grade.as_str()),
                points,
                tests: Tests {
                    rate_at_least: Some(threshold),
                    ..Tests::default()
                },
            })
            .collect();
        Ok(Scheme {
            name: name.to_string(),
            rules,
            rollup: None,
        })
    }

    /// Today's `--grades baseline`: S met, A better than the baseline by
    /// more than `band`, B within it (either way), C worse; no grade
    /// without a baseline.
    pub fn baseline(band: Band) -> Scheme {
        let (measure, width) = match band {
            Band::Absolute(width) => (Measure::Amount, width),
            Band::Relative(width) => (Measure::Percent, width),
            Band::Points(width) => (Measure::Points, width),
        };
        let change = |at_least, above, below, at_most| Change {
            from: From::Baseline,
            measure,
            at_least,
            above,
            below,
            at_most,
        };
        let rule = |grade: &str, tests| Rule {
            grade: Arc::from(grade),
            points: None,
            tests,
        };
        Scheme {
            name: "--grades baseline".to_string(),
            rules: vec![
                rule(
                    "S",
                    Tests {
                        met: Some(true),
                        ..Tests::default()
                    },
                ),
                rule(
                    "A",
                    Tests {
                        change: Some(change(None, Some(width), None, None)),
                        ..Tests::default()
                    },
                ),
                rule(
                    "B",
                    Tests {
                        change: Some(change(Some(-width), None, None, Some(width))),
                        ..Tests::default()
                    },
                ),
                rule(
                    "C",
                    Tests {
                        change: Some(change(None, None, Some(-width), None)),
                        ..Tests::default()
                    },
                ),
            ],
            rollup: None,
        }
    }

    /// Whether this is today's `--grades baseline` (whose band
    /// `--grade-band` sets).
    pub fn is_inline_baseline(&self) -> bool {
        self.name == "--grades baseline"
    }

    /// The grade names, highest first: in the order rules give them, those
    /// for rows that cannot be evaluated last.
    pub fn names(&self) -> Vec<Arc<str>> {
        let mut names: Vec<Arc<str>> = Vec::new();
        for rule in &self.rules {
            if !names.contains(&rule.grade) {
                names.push(rule.grade.clone());
            }
        }
        // Stable: the order of the rules within each part.
        names.sort_by_key(|name| self.for_unevaluable(name));
        names
    }

    /// Whether `name` is given to rows that cannot be evaluated.
    fn for_unevaluable(&self, name: &str) -> bool {
        self.rules
            .iter()
            .any(|r| r.tests.evaluable == Some(false) && &*r.grade == name)
    }

    /// How many of `names` grade evaluable rows (the rest, last, are for
    /// rows that cannot be evaluated): the worst grade is the last of these.
    pub fn evaluable_names(&self) -> usize {
        self.names()
            .iter()
            .filter(|name| !self.for_unevaluable(name))
            .count()
    }

    /// Whether a rule counts a change from the previous value: then rows
    /// are read with their other periods, and graded against the previous
    /// period's actual.
    pub fn uses_previous(&self) -> bool {
        self.rules.iter().any(|rule| {
            rule.tests
                .change
                .as_ref()
                .is_some_and(|c| c.from == From::Previous)
        })
    }

    /// Whether a rule tests the baseline → target line (which costs a
    /// trajectory per row, so is worked out only then).
    pub fn uses_line(&self) -> bool {
        self.rules.iter().any(|rule| rule.tests.line.is_some())
    }

    /// Whether the grades carry points.
    pub fn has_points(&self) -> bool {
        self.rules.iter().any(|rule| rule.points.is_some())
    }

    /// The grade of a row: the first rule whose tests all hold; `None`
    /// when none does. A test a row cannot decide (a line without years)
    /// passes the rule over and is named in the grade it gets.
    pub fn grade(&self, facts: &Facts) -> Option<Grade> {
        let mut undecided = None;
        for rule in &self.rules {
            match rule.tests.hold(facts) {
                Ok(true) => {
                    return Some(Grade {
                        name: rule.grade.clone(),
                        points: rule.points,
                        undecided,
                    });
                }
                Ok(false) => {}
                Err(why) => undecided = undecided.or(Some(why)),
            }
        }
        None
    }

    /// A group's grade from its rows' points (`None` without a roll-up or
    /// without graded rows).
    pub fn group_grade(&self, mean: Decimal) -> Option<Arc<str>> {
        let rollup = self.rollup.as_ref()?;
        let rounded = rollup.rounding.round(mean);
        rollup
            .letters
            .iter()
            .find(|(points, _)| rounded >= *points)
            .or(rollup.letters.last())
            .map(|(_, letter)| letter.clone())
    }
}

impl Tests {
    /// Whether every test holds; `Err` when one cannot be decided.
    fn hold(&self, facts: &Facts) -> Result<bool, Undecided> {
        if self.evaluable.unwrap_or(true) != facts.evaluable {
            return Ok(false);
        }
        if !facts.evaluable {
            // Nothing else can be said of a row that cannot be evaluated.
            return Ok(true);
        }
        if self.all_equal.is_some_and(|equal| equal != facts.all_equal) {
            return Ok(false);
        }
        if self.met.is_some_and(|met| met != facts.met) {
            return Ok(false);
        }
        if let Some(wanted) = self.final_met {
            match facts.final_met {
                None => return Err(Undecided::FinalTarget),
                Some(met) if met != wanted => return Ok(false),
                Some(_) => {}
            }
        }
        let percent = |t: Decimal| Fraction::quotient(t, Decimal::ONE_HUNDRED);
        if let (Some(t), Some(rate)) = (self.rate_at_least, facts.rate)
            && percent(t).is_none_or(|t| rate < t)
        {
            return Ok(false);
        }
        if let (Some(t), Some(rate)) = (self.rate_below, facts.rate)
            && percent(t).is_some_and(|t| rate >= t)
        {
            return Ok(false);
        }
        if let Some(change) = &self.change
            && !change.holds(facts)
        {
            return Ok(false);
        }
        if let Some(line) = self.line {
            match facts.below_line {
                None => return Err(Undecided::Line),
                Some(below) if below != (line == Line::Below) => return Ok(false),
                Some(_) => {}
            }
        }
        Ok(true)
    }
}

impl Change {
    /// Whether the row's change lies within the bounds. Compared exactly:
    /// for a percent, `gain × 100` against `bound × |reference|`.
    fn holds(&self, facts: &Facts) -> bool {
        let reference = match self.from {
            From::Baseline => facts.baseline,
            // The previous period's actual; the baseline where there is none.
            From::Previous => facts.previous.or(facts.baseline),
        };
        let (Some(reference), Some(actual)) = (reference, facts.actual) else {
            return false;
        };
        let raw = actual - reference;
        let gain = if facts.higher_is_better { raw } else { -raw };
        let (value, scale) = match self.measure {
            Measure::Amount => (gain, Decimal::ONE),
            Measure::Points if matches!(facts.unit.trim(), "%" | "％" | "") => (gain, Decimal::ONE),
            // Points of 件 mean nothing: the bounds shrink to no change.
            Measure::Points => (gain, Decimal::ZERO),
            Measure::Percent => {
                if reference.is_zero() {
                    return false;
                }
                match gain.checked_mul(Decimal::ONE_HUNDRED) {
                    Some(value) => (value, reference.abs()),
                    None => return false,
                }
            }
        };
        // Numbers too large to multiply exactly fail the test.
        let holds = |bound: Option<Decimal>, test: fn(Decimal, Decimal) -> bool| {
            bound.is_none_or(|b| b.checked_mul(scale).is_some_and(|b| test(value, b)))
        };
        holds(self.at_least, |v, b| v >= b)
            && holds(self.above, |v, b| v > b)
            && holds(self.below, |v, b| v < b)
            && holds(self.at_most, |v, b| v <= b)
    }
}
