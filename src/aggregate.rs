//! How a group's rates roll up into one: the mean of the rows' rates
//! (plancheck's default), the ratio of the group's sums, as spending tables
//! total a chapter (Σ actual ÷ Σ target: 193.2% and 118.9% over two accounts
//! print 152.5%, where their mean would be 156.1%), or a weighted mean
//! (Σ wᵢ·rateᵢ ÷ Σ wᵢ, with a `weight` column).
//!
//! `summarize` feeds each group's evaluations in here; everything stays
//! exact and is rounded once, when printed.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::evaluate::{Evaluation, Fraction, is_met};
use crate::exact::RateSum;
use crate::indicator::{Direction, Method};

/// The roll-up rule, chosen with `summary --aggregate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Aggregate {
    /// The mean of the rows' exact (capped) rates.
    #[default]
    Mean,
    /// Σ actual ÷ Σ target over the group's evaluated rows (the method's
    /// formula applied to the sums), for additive indicators in one unit.
    Sum,
    /// Σ weight × rate ÷ Σ weight, with a `weight` column (missing: 1).
    Weighted,
}

impl Aggregate {
    /// The column the roll-up is printed in, named after its rule.
    pub fn column(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean_achievement",
            Aggregate::Sum => "sum_achievement",
            Aggregate::Weighted => "weighted_achievement",
        }
    }
}

/// Why a group's sums cannot be taken as one rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsummable {
    /// Rows in different units (人 and 件) cannot be added.
    Units,
    /// Rows that should move in different directions.
    Directions,
    /// Rows computed by different methods.
    Methods,
    /// The progress method needs every row's baseline.
    Baselines,
    /// The sums do not fit an exact decimal.
    TooLarge,
}

impl Unsummable {
    pub fn reason(self) -> &'static str {
        match self {
            Unsummable::Units => "rows in different units cannot be summed",
            Unsummable::Directions => "rows with different directions cannot be summed",
            Unsummable::Methods => "rows computed by different methods cannot be summed",
            Unsummable::Baselines => "the progress method needs a baseline on every row",
            Unsummable::TooLarge => "the sums are too large to compute exactly",
        }
    }
}

/// A group's running sums: Σ actual, Σ target, Σ baseline over its
/// evaluated rows, and what they share. Sums merge exactly in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    actual: Decimal,
    target: Decimal,
    baseline: Decimal,
    /// The rows' common unit, direction and method (from the first row).
    shared: Option<(Arc<str>, Direction, Method)>,
    rows: u64,
    with_baseline: u64,
    broken: Option<Unsummable>,
}

impl Sums {
    pub fn add(&mut self, evaluation: &Evaluation) {
        let indicator = &evaluation.indicator;
        let Some(actual) = indicator.actual else {
            return;
        };
        if evaluation.achievement.is_none() || self.broken.is_some() {
            return;
        }
        let shape = (indicator.unit.clone(), indicator.direction, evaluation.method);
        match &self.shared {
            None => self.shared = Some(shape),
            Some((unit, direction, method)) => {
                self.broken = if *unit != shape.0 {
                    Some(Unsummable::Units)
                } else if *direction != shape.1 {
                    Some(Unsummable::Directions)
                } else if *method != shape.2 {
                    Some(Unsummable::Methods)
                } else {
                    None
                };
                if self.broken.is_some() {
                    return;
                }
            }
        }
        self.rows += 1;
        if let Some(baseline) = indicator.baseline {
            self.with_baseline += 1;
            self.baseline = match self.baseline.checked_add(baseline) {
                Some(sum) => sum,
                None => return self.broken = Some(Unsummable::TooLarge),
            };
        }
        match (
            self.actual.checked_add(actual),
            self.target.checked_add(indicator.target),
        ) {
            (Some(a), Some(t)) => (self.actual, self.target) = (a, t),
            _ => self.broken = Some(Unsummable::TooLarge),
        }
    }

    /// Both groups' rows as one group (the rows of `self` first).
    pub fn merge(&mut self, other: &Sums) {
        if other.rows == 0 && other.broken.is_none() {
            return;
        }
        if self.rows == 0 && self.broken.is_none() {
            *self = other.clone();
            return;
        }
        self.broken = self
            .broken
            .or(other.broken)
            .or_else(|| match (&self.shared, &other.shared) {
                (Some(a), Some(b)) if a.0 != b.0 => Some(Unsummable::Units),
                (Some(a), Some(b)) if a.1 != b.1 => Some(Unsummable::Directions),
                (Some(a), Some(b)) if a.2 != b.2 => Some(Unsummable::Methods),
                _ => None,
            });
        let sums = (
            self.actual.checked_add(other.actual),
            self.target.checked_add(other.target),
            self.baseline.checked_add(other.baseline),
        );
        match sums {
            (Some(a), Some(t), Some(b)) => (self.actual, self.target, self.baseline) = (a, t, b),
            _ => self.broken = self.broken.or(Some(Unsummable::TooLarge)),
        }
        self.rows += other.rows;
        self.with_baseline += other.with_baseline;
    }

    /// The group's rate from its sums: the method's formula applied to
    /// Σ actual and Σ target, met when the sums meet (capped at 1 unless
    /// `cap` is off, never below 0), and whether it is met. `Ok(None)`
    /// when nothing was evaluated.
    pub fn rate(&self, cap: bool) -> Result<Option<(Fraction, bool)>, Unsummable> {
        if let Some(broken) = self.broken {
            return Err(broken);
        }
        let Some((_, direction, method)) = &self.shared else {
            return Ok(None);
        };
        let (actual, target) = (self.actual, self.target);
        let met = is_met(*direction, target, actual, None);
        let raw = match method {
            Method::Ratio if direction.higher_is_better() => Fraction::quotient(actual, target),
            Method::Ratio => Fraction::quotient(target, actual),
            Method::Deviation if direction.higher_is_better() => Fraction::quotient(actual, target),
            Method::Deviation => {
                let above = target
                    .checked_mul(Decimal::TWO)
                    .and_then(|t| t.checked_sub(actual))
                    .ok_or(Unsummable::TooLarge)?;
                Fraction::quotient(above, target)
            }
            Method::Progress => {
                if self.with_baseline != self.rows {
                    return Err(Unsummable::Baselines);
                }
                let change = actual.checked_sub(self.baseline).ok_or(Unsummable::TooLarge)?;
                let planned = target.checked_sub(self.baseline).ok_or(Unsummable::TooLarge)?;
                Fraction::quotient(change, planned)
            }
        };
        // A zero denominator: decided by comparison, as for a row.
        let rate = match (met, raw) {
            (true, _) if cap => Fraction::ONE,
            (true, Some(rate)) => rate.max(Fraction::ONE),
            (true, None) => Fraction::ONE,
            (false, Some(rate)) if cap => rate.max(Fraction::ZERO).min(Fraction::ONE),
            (false, Some(rate)) => rate.max(Fraction::ZERO),
            (false, None) => Fraction::ZERO,
        };
        Ok(Some((rate, met)))
    }
}

/// A group's weighted sum of rates: Σ wᵢ·rateᵢ and Σ wᵢ, exact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Weighted {
    sum: RateSum,
    /// Σ wᵢ in units of 10⁻⁹ (weights are read with at most 9 places).
    weight: i128,
    /// Evaluated rows added, whatever their weight.
    rows: u64,
}

/// Weights are counted in units of 10⁻⁹.
const WEIGHT_SCALE: u32 = 9;

impl Weighted {
    pub fn add(&mut self, evaluation: &Evaluation) {
        let Some(achievement) = evaluation.achievement else {
            return;
        };
        let weight = weight_units(evaluation.indicator.weight.unwrap_or(Decimal::ONE));
        self.sum.add_times(achievement.exact, weight);
        self.weight = self.weight.saturating_add(weight);
        self.rows += 1;
    }

    /// Both groups' rows as one group, as if added one by one.
    pub fn merge(&mut self, other: &Weighted) {
        self.sum.merge(&other.sum);
        self.weight = self.weight.saturating_add(other.weight);
        self.rows += other.rows;
    }

    /// Why there is no weighted mean where rows were evaluated: every
    /// weight is zero.
    pub fn note(&self) -> Option<&'static str> {
        (self.rows > 0 && self.weight == 0).then_some("the weights are all zero")
    }

    /// The weighted mean as a percent for display; `None` when no row was
    /// evaluated or the weights sum to zero.
    pub fn mean_percent(&self, decimals: u32) -> Option<Decimal> {
        (self.weight > 0)
            .then(|| self.sum.mean_over(self.weight, decimals))
            .flatten()
    }
}

/// A weight in units of 10⁻⁹ (the reader refuses more places).
fn weight_units(weight: Decimal) -> i128 {
    let scale = weight.scale().min(WEIGHT_SCALE);
    let units = weight.mantissa() * 10i128.pow(WEIGHT_SCALE - scale);
    units / 10i128.pow(weight.scale() - scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::Indicator;
    use std::str::FromStr;

    fn row(unit: &str, target: &str, actual: &str) -> Evaluation {
        let indicator = Indicator {
            unit: unit.into(),
            actual: Some(Decimal::from_str(actual).unwrap()),
            ..Indicator::new("x", Direction::Increase, Decimal::from_str(target).unwrap())
        };
        evaluate(indicator, &Settings::default()).unwrap()
    }

    #[test]
    fn a_ratio_of_sums_is_not_a_mean_of_ratios() {
        // Two accounts: 193.2% and 118.9% of their budgets; the chapter
        // prints 152.5%, where the mean of the two rates is 156.0%.
        let mut sums = Sums::default();
        sums.add(&row("千円", "45222", "87369"));
        sums.add(&row("千円", "54778", "65131"));
        let (rate, met) = sums.rate(false).unwrap().unwrap();
        assert!(met);
        assert_eq!(rate.display_percent(1).unwrap().to_string(), "152.5");
        assert_eq!(sums.rate(true).unwrap().unwrap().0, Fraction::ONE);
    }

    #[test]
    fn mixed_units_have_no_sum() {
        let mut sums = Sums::default();
        sums.add(&row("人", "10", "5"));
        sums.add(&row("件", "10", "5"));
        assert_eq!(sums.rate(true), Err(Unsummable::Units));
    }

    use num_bigint::BigInt;
    use num_rational::BigRational;
    use proptest::prelude::*;

    fn big(value: Decimal) -> BigRational {
        crate::exact::big(value)
    }

    proptest! {
        /// Σ actual ÷ Σ target, capped, equals a big-rational reference; and
        /// sums merged from any split of the rows equal the sums of all.
        #[test]
        fn sums_are_exact_and_merge_in_any_split(
            rows in prop::collection::vec((1i64..10_000_000, 0i64..10_000_000, 0u32..3), 1..30),
            split in 0usize..30,
        ) {
            let evaluations: Vec<Evaluation> = rows
                .iter()
                .map(|&(t, a, scale)| {
                    row("円", &Decimal::new(t, scale).to_string(), &Decimal::new(a, scale).to_string())
                })
                .collect();
            let mut all = Sums::default();
            evaluations.iter().for_each(|e| all.add(e));
            let split = split.min(evaluations.len());
            let (mut left, mut right) = (Sums::default(), Sums::default());
            evaluations[..split].iter().for_each(|e| left.add(e));
            evaluations[split..].iter().for_each(|e| right.add(e));
            left.merge(&right);
            prop_assert_eq!(&left, &all);
            let (rate, met) = all.rate(false).unwrap().unwrap();
            let (targets, actuals) = evaluations.iter().fold(
                (BigRational::from_integer(BigInt::from(0)), BigRational::from_integer(BigInt::from(0))),
                |(t, a), e| (t + big(e.indicator.target), a + big(e.indicator.actual.unwrap())),
            );
            let reference = actuals.clone() / targets.clone();
            prop_assert_eq!(rate.to_big(), reference.clone());
            prop_assert_eq!(met, actuals >= targets);
            for decimals in 0..=2 {
                prop_assert_eq!(
                    rate.display_percent_for(decimals, met),
                    crate::exact::big_display_percent(&reference, decimals)
                );
            }
        }
    }

    #[test]
    fn weights_in_units() {
        assert_eq!(weight_units(Decimal::ONE), 1_000_000_000);
        assert_eq!(weight_units(Decimal::from_str("0.5").unwrap()), 500_000_000);
    }
}
