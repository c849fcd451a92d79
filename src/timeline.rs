//! An indicator's course over its periods: where it went since the last
//! measurement. Plans are reviewed every year and at mid-term (中間評価); the
//! question then is not only "was the target met?" but "is it moving the
//! right way?".
//!
//! This consumes every evaluation of a file: an indicator (chapter +
//! section + name) may be listed in any order of periods, so its history is
//! known only once all rows are read. Periods are ordered by fiscal year as
//! `--period latest` orders them (file order where they are not years).

use rust_decimal::Decimal;

use crate::evaluate::{Evaluation, rows_by_indicator};
use crate::indicator::{Band, Indicator};
use crate::period;
use crate::projection::Forecast;

/// Which way an indicator moved since its previous measurement, in its
/// direction (up: higher is better; down: lower is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trend {
    Improved,
    /// The change is within the flat band (`--flat-band`).
    Flat,
    Worsened,
    /// No earlier measurement to compare with.
    First,
}

impl Trend {
    pub const ALL: [Trend; 3] = [Trend::Improved, Trend::Flat, Trend::Worsened];

    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Improved => "improved",
            Trend::Flat => "flat",
            Trend::Worsened => "worsened",
            Trend::First => "first",
        }
    }
}

/// One evaluation's place in its indicator's history: where it went since
/// its previous measurement and, with `--projection`, where it is heading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Course {
    /// The actual of the indicator's previous measured period.
    pub previous: Option<Decimal>,
    /// actual − previous, exact, in the unit.
    pub change: Option<Decimal>,
    /// `None` while the row has no actual.
    pub trend: Option<Trend>,
    /// The projection to the target year (`projection`).
    pub forecast: Option<Forecast>,
}

/// The course of every evaluation, in the order given.
pub fn trace(evaluations: &[Evaluation], band: Band) -> Vec<Course> {
    let mut courses = vec![Course::default(); evaluations.len()];
    for rows in rows_by_indicator(evaluations) {
        let periods: Vec<&str> = rows.iter().map(|&r| &*evaluations[r].indicator.period).collect();
        let mut previous: Option<Decimal> = None;
        for position in period::chronological(&periods) {
            let row = rows[position];
            let indicator = &evaluations[row].indicator;
            let Some(actual) = indicator.actual else {
                continue;
            };
            courses[row] = match previous {
                None => Course {
                    trend: Some(Trend::First),
                    ..Course::default()
                },
                Some(before) => {
                    let change = actual - before;
                    Course {
                        previous: Some(before),
                        change: Some(change),
                        trend: Some(trend(indicator, change, before, band)),
                        forecast: None,
                    }
                }
            };
            previous = Some(actual);
        }
    }
    courses
}

fn trend(indicator: &Indicator, change: Decimal, previous: Decimal, band: Band) -> Trend {
    if band.holds(change, previous, &indicator.unit) {
        return Trend::Flat;
    }
    let better = if indicator.direction.higher_is_better() {
        change.is_sign_positive()
    } else {
        change.is_sign_negative()
    };
    if better { Trend::Improved } else { Trend::Worsened }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::Direction;

    use std::str::FromStr;

    fn row(name: &str, direction: Direction, period: &str, actual: Option<&str>) -> Evaluation {
        let indicator = Indicator {
            period: period.into(),
            actual: actual.map(|a| Decimal::from_str(a).unwrap()),
            ..Indicator::new(name, direction, Decimal::from(100))
        };
        evaluate(indicator, &Settings::default()).unwrap()
    }

    fn trends(courses: &[Course]) -> Vec<Option<&'static str>> {
        courses.iter().map(|c| c.trend.map(Trend::as_str)).collect()
    }

    #[test]
    fn trends_follow_fiscal_years_and_the_direction() {
        let rows = [
            row("a", Direction::Increase, "H30", Some("70")),
            row("a", Direction::Increase, "H26", Some("50")),
            row("a", Direction::Increase, "R1", None),
            row("a", Direction::Increase, "R2", Some("65")),
            row("b", Direction::Decrease, "2019", Some("10")),
            row("b", Direction::Decrease, "2020", Some("12")),
        ];
        let courses = trace(&rows, Band::default());
        assert_eq!(
            trends(&courses),
            [
                Some("improved"),
                Some("first"),
                None,
                Some("worsened"),
                Some("first"),
                Some("worsened")
            ]
        );
        assert_eq!(
            courses[3].previous,
            Some(Decimal::from(70)),
            "the gap year is skipped"
        );
        assert_eq!(courses[3].change, Some(Decimal::from(-5)));
    }

    #[test]
    fn flat_bands() {
        let rows = [
            row("a", Direction::Increase, "2019", Some("60")),
            row("a", Direction::Increase, "2020", Some("62.5")),
        ];
        let flat = |band: &str| trends(&trace(&rows, crate::cli::parse_band(band).unwrap()))[1];
        assert_eq!(flat("0"), Some("improved"));
        assert_eq!(flat("3pt"), Some("flat"));
        // Points are for shares: a row counted in 件 has no band from them.
        let counted: Vec<Evaluation> = rows
            .iter()
            .cloned()
            .map(|mut e| {
                e.indicator.unit = "件".into();
                e
            })
            .collect();
        let points = crate::cli::parse_band("3pt").unwrap();
        assert_eq!(trends(&trace(&counted, points))[1], Some("improved"));
        assert_eq!(
            trends(&trace(&counted, crate::cli::parse_band("3").unwrap()))[1],
            Some("flat")
        );
        assert_eq!(flat("2"), Some("improved"));
        assert_eq!(flat("5%"), Some("flat"), "2.5 is 4.2% of 60");
        assert_eq!(flat("4%"), Some("improved"));
        assert!(crate::cli::parse_band("x").is_err());
    }
}
