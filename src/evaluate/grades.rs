//! Grades given to rates: bands on the rate (`A=100,B=80`, with points),
//! or against the baseline (S/A/B/C).

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::exact::Fraction;
use crate::indicator::{Band, Indicator};

/// A grade given to a rate, and the points it is worth where the grades
/// carry points (`--grades A=100:95,B=80:80,C=0:35`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    pub name: Arc<str>,
    pub points: Option<Decimal>,
}

/// How rows are graded: thresholds such as `A=100,B=80,C=60,D=0` (a rate
/// gets the first grade whose threshold it reaches; municipal evaluations
/// often turn grades into points and average them: `A=100:95` gives an A
/// 95 points), or `baseline`: S where the target is met, A better than the
/// baseline, B within a band of it, C worse, as towns grade a mid-term
/// review against where the plan started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grades {
    Rates(Vec<(Grade, Fraction)>),
    Baseline { names: [Grade; 4], band: Band },
}

impl Grades {
    /// What a bare `--grades` means.
    pub const DEFAULT: &'static str = "A=100,B=80,C=60,D=0";

    /// From names, thresholds in percent and points (for every grade or
    /// none); the lowest must be 0, so that every rate has a grade.
    pub fn new(mut grades: Vec<(String, Decimal, Option<Decimal>)>) -> Result<Grades, String> {
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
        let grades = grades
            .into_iter()
            .map(|(name, threshold, points)| {
                Fraction::quotient(threshold, Decimal::ONE_HUNDRED)
                    .map(|t| {
                        let name = Arc::from(name.as_str());
                        (Grade { name, points }, t)
                    })
                    .ok_or_else(|| format!("grade {name}: threshold {threshold} is too large"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Grades::Rates(grades))
    }

    /// S, A, B, C against the baseline; a change within `band` is B.
    pub fn baseline(band: Band) -> Grades {
        let grade = |name: &str| Grade {
            name: Arc::from(name),
            points: None,
        };
        Grades::Baseline {
            names: [grade("S"), grade("A"), grade("B"), grade("C")],
            band,
        }
    }

    /// The same grades with `band` for `baseline` grading.
    pub fn with_band(self, band: Band) -> Grades {
        match self {
            Grades::Baseline { names, .. } => Grades::Baseline { names, band },
            rates => rates,
        }
    }

    /// Names from the highest grade to the lowest.
    pub fn names(&self) -> Vec<Arc<str>> {
        match self {
            Grades::Rates(grades) => grades.iter().map(|(grade, _)| grade.name.clone()).collect(),
            Grades::Baseline { names, .. } => names.iter().map(|grade| grade.name.clone()).collect(),
        }
    }

    /// Whether the grades carry points.
    pub fn has_points(&self) -> bool {
        match self {
            Grades::Rates(grades) => grades.iter().any(|(grade, _)| grade.points.is_some()),
            Grades::Baseline { .. } => false,
        }
    }

    /// The grade of an exact rate (a fraction of 1).
    pub fn grade(&self, rate: Fraction) -> Grade {
        match self {
            Grades::Rates(grades) => {
                let (grade, _) = grades
                    .iter()
                    .find(|(_, threshold)| rate >= *threshold)
                    .unwrap_or_else(|| &grades[grades.len() - 1]);
                grade.clone()
            }
            Grades::Baseline { names, .. } => names[if rate.reaches_one() { 0 } else { 3 }].clone(),
        }
    }

    /// The grade of a row: by its rate, or against its baseline (`None`
    /// where `baseline` grading finds no baseline).
    pub fn grade_row(
        &self,
        indicator: &Indicator,
        actual: Decimal,
        met: bool,
        rate: Fraction,
    ) -> Option<Grade> {
        let Grades::Baseline { names, band } = self else {
            return Some(self.grade(rate));
        };
        if met {
            return Some(names[0].clone());
        }
        let baseline = indicator.baseline?;
        let change = actual - baseline;
        let slot = if band.holds(change, baseline, &indicator.unit) {
            2
        } else if indicator.direction.higher_is_better() == change.is_sign_positive() {
            1
        } else {
            3
        };
        Some(names[slot].clone())
    }
}
