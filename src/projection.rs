//! Projections to the target year: will the indicator get there?
//!
//! Two methods, from the measured periods of an indicator up to each row's
//! period:
//! - `linear`: the least-squares line through the measured values (by
//!   fiscal year), read at the target year — exact, in rationals;
//! - `cagr`: the UN Statistics Division's SDG Progress Chart method: the
//!   compound annual growth rate from the baseline year b to the latest
//!   year t, CAGR = (vₜ ÷ v_b)^(1/(t−b)) − 1, carried to the target year T:
//!   projected = vₜ·(1 + CAGR)^(T−t). Powers and roots are the one place
//!   exact arithmetic cannot be kept: they are computed in f64 (15–17
//!   significant digits), and the note says so.
//!
//! The outlook follows the SDG Progress Chart's score of the share of the
//! planned change the projection reaches, (projected − baseline) ÷
//! (target − baseline): at least 0.95 is on track (score 3), at least 0.10
//! needs acceleration (2), below that off track (1). The share has the same
//! sign rule in both directions, so ↘ indicators need no special case.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{FromPrimitive, ToPrimitive, Zero};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::evaluate::{Evaluation, rows_by_indicator};
use crate::exact::{big, big_display_percent};
use crate::period::Period;

/// How to project an indicator to its target year (`--projection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Projection {
    /// Least squares over the measured periods (exact).
    Linear,
    /// Compound annual growth from the baseline year (SDG Progress Chart;
    /// floating point).
    Cagr,
}

/// Whether the projection reaches the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outlook {
    /// Score 3: the projection reaches at least 95% of the planned change.
    OnTrack,
    /// Score 2: at least 10%.
    NeedsAcceleration,
    /// Score 1: less than 10%, or the wrong way.
    OffTrack,
}

impl Outlook {
    pub fn as_str(self) -> &'static str {
        match self {
            Outlook::OnTrack => "on_track",
            Outlook::NeedsAcceleration => "needs_acceleration",
            Outlook::OffTrack => "off_track",
        }
    }

    /// The SDG Progress Chart's score.
    pub fn score(self) -> u8 {
        match self {
            Outlook::OnTrack => 3,
            Outlook::NeedsAcceleration => 2,
            Outlook::OffTrack => 1,
        }
    }

    fn of(share: f64) -> Outlook {
        if share >= 0.95 {
            Outlook::OnTrack
        } else if share >= 0.10 {
            Outlook::NeedsAcceleration
        } else {
            Outlook::OffTrack
        }
    }
}

/// A row's projection to its target year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// The value projected at the target year, to 2 decimal places.
    pub projected: Decimal,
    /// The share of the planned change the projection reaches, in percent
    /// rounded as rates are (`None` without a baseline).
    pub share: Option<Decimal>,
    pub outlook: Option<Outlook>,
    /// Computed in floating point (CAGR).
    pub approximate: bool,
}

/// The forecast of every evaluation, in the order given: `None` where its
/// period is not a year, it has no target year, or too few measurements.
pub fn project(evaluations: &[Evaluation], method: Projection, decimals: u32) -> Vec<Option<Forecast>> {
    project_counting(evaluations, method, decimals).0
}

/// Rows left without a projection for a reason the user should hear.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unprojected {
    /// Measured after the target year: a projection would run backwards.
    pub past_target: u64,
    /// CAGR from a baseline or an actual of zero or less: no growth rate.
    pub not_positive: u64,
}

/// `project`, and how many rows were left out for each reason.
pub fn project_counting(
    evaluations: &[Evaluation],
    method: Projection,
    decimals: u32,
) -> (Vec<Option<Forecast>>, Unprojected) {
    let mut forecasts = vec![None; evaluations.len()];
    let mut left_out = Unprojected::default();
    for indicator in rows_by_indicator(evaluations) {
        // Rows whose period is a year, in time order.
        let mut rows: Vec<(i32, usize)> = indicator
            .into_iter()
            .filter_map(|r| Period::parse(&evaluations[r].indicator.period).map(|p| (p.sort_key().0.0, r)))
            .collect();
        rows.sort_by_key(|&(year, _)| year);
        for (k, &(year, row)) in rows.iter().enumerate() {
            let evaluation = &evaluations[row];
            if evaluation
                .indicator
                .target_year
                .is_some_and(|target| target.0 < year)
            {
                left_out.past_target += 1;
                continue;
            }
            // The measurements known at this row's period.
            let points: Vec<(i32, Decimal)> = rows[..=k]
                .iter()
                .filter_map(|&(y, r)| evaluations[r].indicator.actual.map(|a| (y, a)))
                .filter(|&(y, _)| y <= year)
                .collect();
            forecasts[row] = match method {
                Projection::Linear => linear(evaluation, &points, decimals),
                Projection::Cagr => cagr(evaluation, &points, decimals),
            };
            let indicator = &evaluation.indicator;
            let not_positive = indicator.baseline.is_some_and(|b| b <= Decimal::ZERO)
                || points.last().is_some_and(|&(_, latest)| latest <= Decimal::ZERO);
            if method == Projection::Cagr
                && forecasts[row].is_none()
                && not_positive
                && indicator.target_year.is_some()
                && indicator.baseline_year.is_some()
            {
                left_out.not_positive += 1;
            }
        }
    }
    (forecasts, left_out)
}

/// The least-squares line through `points`, read at the target year.
fn linear(evaluation: &Evaluation, points: &[(i32, Decimal)], decimals: u32) -> Option<Forecast> {
    let indicator = &evaluation.indicator;
    let target_year = indicator.target_year?.0;
    let years: Vec<i32> = points.iter().map(|&(y, _)| y).collect();
    if years.iter().min() == years.iter().max() {
        return None;
    }
    let n = BigRational::from_integer(BigInt::from(points.len()));
    let x = |y: i32| BigRational::from_integer(BigInt::from(y - years[0]));
    let (mut sx, mut sy, mut sxy, mut sxx) = (zero(), zero(), zero(), zero());
    for &(y, v) in points {
        let (x, v) = (x(y), big(v));
        sx += &x;
        sy += &v;
        sxy += &x * &v;
        sxx += &x * &x;
    }
    let slope = (&n * &sxy - &sx * &sy) / (&n * &sxx - &sx * &sx);
    let intercept = (&sy - &slope * &sx) / &n;
    let projected = intercept + slope * x(target_year);
    let share = indicator.baseline.and_then(|baseline| {
        let planned = big(indicator.target) - big(baseline);
        (!planned.is_zero()).then(|| (&projected - big(baseline)) / planned)
    });
    Some(Forecast {
        projected: round(&projected)?,
        share: share.as_ref().and_then(|s| big_display_percent(s, decimals)),
        outlook: share.as_ref().and_then(|s| s.to_f64()).map(Outlook::of),
        approximate: false,
    })
}

/// The SDG Progress Chart's CAGR projection, in f64.
fn cagr(evaluation: &Evaluation, points: &[(i32, Decimal)], decimals: u32) -> Option<Forecast> {
    let indicator = &evaluation.indicator;
    let (target_year, baseline_year) = (indicator.target_year?.0, indicator.baseline_year?.0);
    let baseline = indicator.baseline?.to_f64()?;
    let &(latest_year, latest) = points.last()?;
    let latest = latest.to_f64()?;
    if latest_year <= baseline_year || baseline <= 0.0 || latest <= 0.0 {
        return None;
    }
    let growth = (latest / baseline).powf(1.0 / f64::from(latest_year - baseline_year)) - 1.0;
    let projected = latest * (1.0 + growth).powf(f64::from(target_year - latest_year));
    let target = indicator.target.to_f64()?;
    let share = (target != baseline).then(|| (projected - baseline) / (target - baseline));
    // Printed with a fixed number of places, as the exact values are.
    let rounded = |value: f64, places: u32| {
        let mut value =
            Decimal::from_f64(value)?.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        value.rescale(places);
        Some(value)
    };
    Some(Forecast {
        projected: rounded(projected, 2)?,
        share: share.and_then(|share| rounded(share * 100.0, decimals)),
        outlook: share.map(Outlook::of),
        approximate: true,
    })
}

fn zero() -> BigRational {
    BigRational::from_integer(BigInt::from(0))
}

/// An exact value rounded half-up to 2 decimal places.
fn round(value: &BigRational) -> Option<Decimal> {
    let scaled = (value * BigRational::from_integer(BigInt::from(100))).round();
    Decimal::try_from_i128_with_scale(scaled.to_integer().to_i128()?, 2).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::{Direction, Indicator};
    use crate::period::FiscalYear;
    use std::str::FromStr;

    fn row(period: &str, actual: Option<&str>) -> Evaluation {
        let indicator = Indicator {
            period: period.into(),
            baseline: Some(Decimal::from(100)),
            baseline_year: Some(FiscalYear(2018)),
            target_year: Some(FiscalYear(2023)),
            actual: actual.map(|a| Decimal::from_str(a).unwrap()),
            ..Indicator::new("x", Direction::Increase, Decimal::from(150))
        };
        evaluate(indicator, &Settings::default()).unwrap()
    }

    #[test]
    fn linear_least_squares_by_hand() {
        // 2019: 110, 2020: 112, 2021: 117 → slope 21/6 = 3.5 a year,
        // intercept 109.5 at 2019, line at 2023: 109.5 + 4 × 3.5 = 123.5.
        let rows = [
            row("2019", Some("110")),
            row("2020", Some("112")),
            row("2021", Some("117")),
        ];
        let forecasts = project(&rows, Projection::Linear, 1);
        assert_eq!(forecasts[0], None, "one measurement draws no line");
        let last = forecasts[2].as_ref().unwrap();
        assert_eq!(last.projected.to_string(), "123.50");
        // (123.5 − 100) ÷ (150 − 100) = 47.0%: needs acceleration.
        assert_eq!(last.share.unwrap().to_string(), "47.0");
        assert_eq!(last.outlook, Some(Outlook::NeedsAcceleration));
        assert!(!last.approximate);
    }

    #[test]
    fn cagr_by_hand() {
        // 100 in 2018 to 121 in 2020: 10% a year; 121 × 1.1³ = 161.05 in 2023.
        let rows = [row("2019", Some("110")), row("2020", Some("121"))];
        let last = project(&rows, Projection::Cagr, 1)[1].clone().unwrap();
        assert_eq!(last.projected.to_string(), "161.05");
        assert_eq!(last.share.unwrap().to_string(), "122.1");
        assert_eq!(last.outlook, Some(Outlook::OnTrack));
        assert!(last.approximate);
        // Falling away from the target: off track.
        let falling = [row("2019", Some("95")), row("2020", Some("90"))];
        let last = project(&falling, Projection::Cagr, 1)[1].clone().unwrap();
        assert_eq!(last.outlook, Some(Outlook::OffTrack));
    }
}
