//! One group's running counts (`Stats`): rows, met, unmet, pending, the
//! exact sum of rates, the worst indicator, grades, positions and trends;
//! and what a group reports once every row is in (`StatsReport`).

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

use crate::aggregate::{Aggregate, Sums, Weighted};
use crate::evaluate::{Evaluation, Fraction, Status};
use crate::exact::RateSum;

/// Running counts of one group.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Evaluations (rows), whatever their status.
    pub rows: u64,
    pub evaluated: u64,
    pub met: u64,
    pub unmet: u64,
    pub pending: u64,
    sum: RateSum,
    /// The lowest rate, its indicator and period.
    worst: Option<(Fraction, String, String)>,
    /// The first period seen, and whether others followed: the worst
    /// indicator is named with its period only where that is needed.
    first_period: Option<Arc<str>>,
    several_periods: bool,
    grades: HashMap<Arc<str>, u64>,
    /// The group's sums and weighted rates, for `--aggregate sum|weighted`.
    sums: Sums,
    weighted: Weighted,
    /// The points of the graded rows, where grades carry points.
    points: Decimal,
    pointed: u64,
    positions: [u64; 3],
    /// Rows improved, flat and worsened since their previous period.
    pub(super) trends: [u64; 3],
}
impl Stats {
    /// Counts whose sum of rates is kept as bounds only (`RateSum::inexact`).
    pub(super) fn inexact() -> Stats {
        Stats {
            sum: RateSum::inexact(),
            ..Stats::default()
        }
    }

    pub(super) fn is_exact(&self) -> bool {
        self.sum.is_exact()
    }

    pub fn add(&mut self, evaluation: &Evaluation, aggregate: Aggregate) {
        match aggregate {
            Aggregate::Mean => {}
            Aggregate::Sum => self.sums.add(evaluation),
            Aggregate::Weighted => self.weighted.add(evaluation),
        }
        self.rows += 1;
        let period = &evaluation.indicator.period;
        match &self.first_period {
            None => self.first_period = Some(period.clone()),
            Some(first) => self.several_periods |= first != period,
        }
        match evaluation.status {
            Status::Met => self.met += 1,
            Status::Unmet => self.unmet += 1,
            Status::Pending => self.pending += 1,
        }
        if let Some(grade) = &evaluation.grade {
            *self.grades.entry(grade.name.clone()).or_default() += 1;
            if let Some(points) = grade.points {
                self.points += points;
                self.pointed += 1;
            }
        }
        if let Some(trajectory) = evaluation.trajectory {
            self.positions[trajectory.position as usize] += 1;
        }
        let Some(achievement) = evaluation.achievement else {
            return;
        };
        self.evaluated += 1;
        self.sum.add(achievement.exact);
        match &mut self.worst {
            None => {
                self.worst = Some((
                    achievement.exact,
                    evaluation.indicator.name.clone(),
                    period.to_string(),
                ))
            }
            // The texts' buffers are reused: a block's roll-up (`merge`)
            // finds a new lowest rate several times per group.
            Some((rate, name, worst_period)) if achievement.exact < *rate => {
                *rate = achievement.exact;
                name.clone_from(&evaluation.indicator.name);
                worst_period.clear();
                worst_period.push_str(period);
            }
            Some(_) => {}
        }
    }

    /// Adds the counts of rows added to `other` (a later block's), as if
    /// they had been added here one by one after these.
    pub fn merge(&mut self, other: &Stats) {
        self.rows += other.rows;
        self.evaluated += other.evaluated;
        self.met += other.met;
        self.unmet += other.unmet;
        self.pending += other.pending;
        self.sum.merge(&other.sum);
        // The first lowest rate is the worst: a later one only when lower.
        if let Some((rate, _, _)) = &other.worst
            && self.worst.as_ref().is_none_or(|(worst, _, _)| rate < worst)
        {
            self.worst.clone_from(&other.worst);
        }
        match (&self.first_period, &other.first_period) {
            (_, None) => {}
            (None, Some(_)) => {
                self.first_period = other.first_period.clone();
                self.several_periods = other.several_periods;
            }
            (Some(first), Some(theirs)) => {
                self.several_periods |= other.several_periods || first != theirs;
            }
        }
        for (grade, count) in &other.grades {
            *self.grades.entry(grade.clone()).or_default() += count;
        }
        self.sums.merge(&other.sums);
        self.weighted.merge(&other.weighted);
        self.points += other.points;
        self.pointed += other.pointed;
        for (mine, theirs) in self.positions.iter_mut().zip(other.positions) {
            *mine += theirs;
        }
        for (mine, theirs) in self.trends.iter_mut().zip(other.trends) {
            *mine += theirs;
        }
    }

    /// The group's line of a summary, rounded for display; a count for each
    /// of `grade_names` and, if `positions`, for each trajectory position.
    /// `indicators` is the group's distinct indicators (chapter + section +
    /// name), counted by `Rollup`: a plan's 13 indicators measured in two
    /// periods are 13, not 16.
    pub fn report(&self, indicators: u64, decimals: u32, shape: &Shape) -> StatsReport {
        let Shape {
            grade_names,
            points,
            positions,
            aggregate,
            cap,
            ..
        } = shape;
        let (points, positions) = (*points, *positions);
        let evaluated = i128::from(self.evaluated);
        let met_share =
            Fraction::new(i128::from(self.met), evaluated).and_then(|share| share.display_percent(decimals));
        let (mean, note) = match aggregate {
            _ if evaluated == 0 => (None, None),
            Aggregate::Mean => (self.sum.mean_percent(self.evaluated, decimals), None),
            Aggregate::Weighted => (self.weighted.mean_percent(decimals), self.weighted.note()),
            Aggregate::Sum => match self.sums.rate(*cap) {
                Ok(rate) => (
                    rate.and_then(|(rate, met)| rate.display_percent_for(decimals, met)),
                    None,
                ),
                Err(unsummable) => (None, Some(unsummable.reason())),
            },
        };
        StatsReport {
            indicators,
            evaluated: self.evaluated,
            met: self.met,
            unmet: self.unmet,
            pending: self.pending,
            met_share,
            mean_achievement: mean,
            aggregate: *aggregate,
            note,
            min_achievement: self
                .worst
                .as_ref()
                .and_then(|(rate, _, _)| rate.display_percent(decimals)),
            worst_indicator: self.worst.as_ref().map(|(_, name, period)| {
                if self.several_periods && !period.is_empty() {
                    format!("{name} ({period})")
                } else {
                    name.clone()
                }
            }),
            grades: grade_names
                .iter()
                .map(|name| (name.clone(), self.grades.get(name).copied().unwrap_or(0)))
                .collect(),
            mean_points: points.then(|| {
                // The exact mean, rounded once: points ÷ (rows × 100) is a
                // fraction whose percent is the mean.
                Fraction::quotient(self.points, Decimal::from(self.pointed) * Decimal::ONE_HUNDRED)
                    .and_then(|mean| mean.round_percent(decimals))
            }),
            group_grade: shape.group_grade.as_ref().map(|scheme| {
                (self.pointed > 0)
                    .then(|| scheme.group_grade(self.points / Decimal::from(self.pointed)))
                    .flatten()
            }),
            positions: positions.then_some(self.positions),
            trends: shape.trends.then_some(self.trends),
        }
    }
}

/// A group's figures as printed: what every renderer of summaries takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsReport {
    pub indicators: u64,
    pub evaluated: u64,
    pub met: u64,
    pub unmet: u64,
    pub pending: u64,
    /// met ÷ evaluated, as a percent; `None` when nothing was evaluated.
    pub met_share: Option<Decimal>,
    /// The group's achievement by the chosen roll-up (`aggregate`): the
    /// mean of its exact rates by default, else the ratio of its sums or
    /// its weighted mean; `None` where it has none (`note` says why).
    pub mean_achievement: Option<Decimal>,
    pub aggregate: Aggregate,
    /// Why a group has no roll-up (rows in different units cannot be summed).
    pub note: Option<&'static str>,
    pub min_achievement: Option<Decimal>,
    /// The indicator with the lowest rate, with its period when the group
    /// spans several.
    pub worst_indicator: Option<String>,
    /// Rows per grade, highest first (with `--grades`).
    pub grades: Vec<(Arc<str>, u64)>,
    /// The mean of the graded rows' points, with grades that carry points
    /// (`Some(None)` where no row was graded).
    pub mean_points: Option<Option<Decimal>>,
    /// The group's grade by the scheme's roll-up (`Some(None)` where no
    /// row was graded with points).
    pub group_grade: Option<Option<std::sync::Arc<str>>>,
    /// Rows ahead, on track and behind (with `--trajectory`).
    pub positions: Option<[u64; 3]>,
    /// Rows improved, flat and worsened (with `--trend`).
    pub trends: Option<[u64; 3]>,
}

/// What a roll-up reports beyond the counts: grades, points, trajectory
/// positions, and the rule for its achievement.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    pub grade_names: Vec<Arc<str>>,
    pub points: bool,
    pub positions: bool,
    pub aggregate: Aggregate,
    /// Whether rates are capped at 100 (the sums' rate too).
    pub cap: bool,
    /// Count trends (`--trend`).
    pub trends: bool,
    /// How a group's grade is made from its rows' points, where the
    /// grading scheme says (`[rollup]`).
    pub group_grade: Option<crate::grading::Scheme>,
}
