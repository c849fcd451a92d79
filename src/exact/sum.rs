//! A running sum of rates (`RateSum`) whose result is the same whatever
//! order or split the rates come in: a large input's blocks are rolled up
//! on several threads and their sums merged in order, and a summary must
//! not depend on where the blocks were cut.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use rust_decimal::Decimal;

use super::{Fraction, big_display_percent};

/// Units of the bounds: 10^-18 of a rate, far finer than the 10^-6 (four
/// decimals of a percent) that a mean is ever printed at.
const UNIT: i128 = 1_000_000_000_000_000_000;

/// A running sum of rates, for means that must not be means of rounded rates.
///
/// Two sums are kept side by side:
/// - the **exact** sum, over the least common multiple of the rates'
///   denominators, while that fits an `i128` — it does for real plans (a
///   section's targets share few factors). An lcm only grows as rates come,
///   and rates are never negative, so whether the exact sum fits depends
///   only on which rates were added, not on their order or split;
/// - **bounds** `lo ≤ sum ≤ hi` in units of 10^-18: each rate's floor and
///   ceiling, summed — integers, so the same in any order.
///
/// Thousands of unrelated targets make the lcm outgrow `i128`; memory stays
/// constant per group, and the mean printed from the bounds is the
/// correctly rounded one unless the exact mean lies within about 10^-16
/// percentage points of a rounding boundary, where the upper bound is taken
/// (as half-up rounding would for a mean exactly on the boundary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateSum {
    exact: Option<Exact>,
    bounds: Bounds,
}

/// `num / den`, `den` the lcm of the rates' denominators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Exact {
    num: i128,
    den: i128,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Bounds {
    Small {
        lo: i128,
        hi: i128,
    },
    /// Bounds too large for `i128` (uncapped rates in the 10^20s).
    Wide {
        lo: BigInt,
        hi: BigInt,
    },
}

impl Default for RateSum {
    fn default() -> RateSum {
        RateSum {
            exact: Some(Exact { num: 0, den: 1 }),
            bounds: Bounds::Small { lo: 0, hi: 0 },
        }
    }
}

impl RateSum {
    /// An empty sum kept as bounds only: for a block whose group's sum is
    /// already inexact in the blocks before (a sum inexact in part is
    /// inexact in whole, so the merged sum is the same).
    pub fn inexact() -> RateSum {
        RateSum {
            exact: None,
            ..RateSum::default()
        }
    }

    /// Adds a rate (zero or more).
    pub fn add(&mut self, rate: Fraction) {
        self.exact = self.exact.and_then(|sum| sum.plus(rate));
        match small_bounds(rate) {
            Some((lo, hi)) => self.bounds.add_small(lo, hi),
            None => {
                let (lo, hi) = floor_and_ceiling(BigInt::from(rate.num), rate.den);
                self.bounds.add_wide(lo, hi);
            }
        }
    }

    /// Adds `rate × times` (a weighted rate): exactly while it fits, and
    /// always to the bounds.
    pub fn add_times(&mut self, rate: Fraction, times: i128) {
        if let Some(product) = rate
            .num
            .checked_mul(times)
            .and_then(|num| Fraction::new(num, rate.den))
        {
            return self.add(product);
        }
        // Whether a product fits depends on its row alone.
        self.exact = None;
        let (lo, hi) = floor_and_ceiling(BigInt::from(rate.num) * BigInt::from(times), rate.den);
        self.bounds.add_wide(lo, hi);
    }

    /// Adds the rates summed in `other`, as if they had been added here one
    /// by one after these: the same sum, exact or bounds, in any split.
    pub fn merge(&mut self, other: &RateSum) {
        self.exact = match (self.exact, other.exact) {
            (Some(a), Some(b)) => a.merged(b),
            _ => None,
        };
        match &other.bounds {
            Bounds::Small { lo, hi } => self.bounds.add_small(*lo, *hi),
            Bounds::Wide { lo, hi } => self.bounds.add_wide(lo.clone(), hi.clone()),
        }
    }

    /// The mean of `count` rates as a percent rounded for display.
    pub fn mean_percent(&self, count: u64, decimals: u32) -> Option<Decimal> {
        self.mean_over(i128::from(count), decimals)
    }

    /// The sum divided by `count` (a count of rows, or a total weight in
    /// the units the rates were multiplied by), as a percent for display.
    pub fn mean_over(&self, count: i128, decimals: u32) -> Option<Decimal> {
        if let Some(Exact { num, den }) = self.exact {
            return match den.checked_mul(count).and_then(|d| Fraction::new(num, d)) {
                Some(mean) => mean.display_percent(decimals),
                None => {
                    big_display_percent(&(Fraction { num, den }.to_big() / BigInt::from(count)), decimals)
                }
            };
        }
        match &self.bounds {
            Bounds::Small { lo, hi } => {
                let mean = |sum: i128| {
                    let den = UNIT.checked_mul(count)?;
                    Fraction::new(sum, den)?.display_percent(decimals)
                };
                mean(*hi).or_else(|| mean(*lo))
            }
            Bounds::Wide { hi, .. } => big_display_percent(
                &BigRational::new(hi.clone(), BigInt::from(UNIT) * BigInt::from(count)),
                decimals,
            ),
        }
    }

    /// Whether the sum is still exact (not only bounds).
    pub fn is_exact(&self) -> bool {
        self.exact.is_some()
    }
}

impl Exact {
    /// `self + rate` over the lcm of the denominators, if it fits.
    fn plus(self, rate: Fraction) -> Option<Exact> {
        // A plan's rows mostly share denominators: one remainder and one
        // division then, and one gcd where the lcm must grow. (Reducing the
        // rate first would keep it exact longer, at a second gcd per row;
        // the rate as evaluated is the same in any split either way.)
        if self.den % rate.den == 0 {
            let num = rate.num.checked_mul(self.den / rate.den)?;
            return Some(Exact {
                num: self.num.checked_add(num)?,
                den: self.den,
            });
        }
        self.merged(Exact {
            num: rate.num,
            den: rate.den,
        })
    }

    /// The sum of two exact sums over the lcm of their denominators.
    fn merged(self, other: Exact) -> Option<Exact> {
        let den = self
            .den
            .checked_div(gcd(self.den, other.den))?
            .checked_mul(other.den)?;
        let left = self.num.checked_mul(den / self.den)?;
        let right = other.num.checked_mul(den / other.den)?;
        Some(Exact {
            num: left.checked_add(right)?,
            den,
        })
    }
}

/// The gcd of two positive denominators: in 64 bits where they fit (a
/// 128-bit gcd costs several times more, and a block's roll-up takes one
/// per row until its lcm outgrows `i128`).
fn gcd(a: i128, b: i128) -> i128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => i128::from(a.gcd(&b)),
        _ => a.gcd(&b),
    }
}

impl Bounds {
    fn add_small(&mut self, l: i128, h: i128) {
        match self {
            Bounds::Small { lo, hi } => match (lo.checked_add(l), hi.checked_add(h)) {
                (Some(new_lo), Some(new_hi)) => (*lo, *hi) = (new_lo, new_hi),
                _ => self.add_wide(BigInt::from(l), BigInt::from(h)),
            },
            Bounds::Wide { .. } => self.add_wide(BigInt::from(l), BigInt::from(h)),
        }
    }

    /// Adds wide bounds; the result goes back to `i128` where it fits, so
    /// that equal sums are equal values whatever their way there.
    fn add_wide(&mut self, l: BigInt, h: BigInt) {
        let (lo, hi) = match std::mem::replace(self, Bounds::Small { lo: 0, hi: 0 }) {
            Bounds::Small { lo, hi } => (BigInt::from(lo) + l, BigInt::from(hi) + h),
            Bounds::Wide { lo, hi } => (lo + l, hi + h),
        };
        *self = match (lo.to_i128(), hi.to_i128()) {
            (Some(lo), Some(hi)) => Bounds::Small { lo, hi },
            _ => Bounds::Wide { lo, hi },
        };
    }
}

/// floor and ceiling of `rate` in units of 10^-18, if they fit an `i128`.
fn small_bounds(rate: Fraction) -> Option<(i128, i128)> {
    let scaled = rate.num.checked_mul(UNIT)?;
    // Rates are rarely negative: one unsigned division then, where
    // `div_euclid` and `rem_euclid` divide twice or more (twice a row for
    // each roll-up group, and 128-bit division is the slow kind).
    if let (Ok(magnitude), Ok(den)) = (u128::try_from(scaled), u128::try_from(rate.den)) {
        let floor = magnitude / den;
        let whole = floor * den == magnitude;
        let floor = i128::try_from(floor).ok()?;
        return Some((floor, floor + i128::from(!whole)));
    }
    let floor = scaled.div_euclid(rate.den);
    Some((floor, floor + i128::from(scaled.rem_euclid(rate.den) != 0)))
}

/// floor and ceiling of `num / den` in units of 10^-18.
fn floor_and_ceiling(num: BigInt, den: i128) -> (BigInt, BigInt) {
    let scaled = num * BigInt::from(UNIT);
    let den = BigInt::from(den);
    let floor = scaled.div_floor(&den);
    let ceil = if &floor * &den == scaled {
        floor.clone()
    } else {
        &floor + 1
    };
    (floor, ceil)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fraction(num: i128, den: i128) -> Fraction {
        Fraction::new(num, den).unwrap()
    }

    proptest! {
        /// A rate's bounds in units of 10^-18 are its floor and ceiling,
        /// for rates of either sign.
        #[test]
        fn bounds_are_floor_and_ceiling(
            num in prop_oneof![0i64..10i64.pow(13), -10i64.pow(13)..0, any::<i64>()],
            den in prop_oneof![1i64..100, 1i64..10i64.pow(13)],
        ) {
            let rate = fraction(i128::from(num), i128::from(den));
            let (floor, ceil) = floor_and_ceiling(BigInt::from(num), i128::from(den));
            prop_assert_eq!(
                small_bounds(rate).map(|(l, h)| (BigInt::from(l), BigInt::from(h))),
                Some((floor, ceil))
            );
        }

        /// Rates summed in blocks and merged in order give the sum of
        /// adding them one by one — exact or bounds, equal as values — and
        /// its means; with few denominators the sum stays exact.
        #[test]
        fn merged_blocks_sum_as_one(
            rates in prop::collection::vec(
                (0i128..3_000_000, prop_oneof![
                    prop::sample::select(vec![1i128, 2, 3, 4, 8, 10, 20, 120, 1000]),
                    1i128..10_000_000,
                ], prop_oneof![Just(1i128), 1i128..1_000_000_000]),
                0..80,
            ),
            cuts in prop::collection::vec(0usize..80, 0..6),
        ) {
            let rates: Vec<(Fraction, i128)> =
                rates.into_iter().map(|(n, d, w)| (fraction(n, d), w)).collect();
            let add = |sum: &mut RateSum, (rate, times): (Fraction, i128)| {
                if times == 1 { sum.add(rate) } else { sum.add_times(rate, times) }
            };
            let mut whole = RateSum::default();
            rates.iter().for_each(|r| add(&mut whole, *r));
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rates.len())).collect();
            cuts.push(0);
            cuts.push(rates.len());
            cuts.sort_unstable();
            let mut merged = RateSum::default();
            for pair in cuts.windows(2) {
                let mut block = RateSum::default();
                rates[pair[0]..pair[1]].iter().for_each(|r| add(&mut block, *r));
                merged.merge(&block);
            }
            prop_assert_eq!(&merged, &whole);
            let count = rates.len().max(1) as u64;
            for decimals in 0..=4 {
                prop_assert_eq!(merged.mean_percent(count, decimals), whole.mean_percent(count, decimals));
            }
            // The exact sum is the rationals' sum.
            if let Some(Exact { num, den }) = whole.exact {
                let reference = rates.iter().fold(BigRational::from_integer(BigInt::from(0)), |sum, (rate, times)| {
                    sum + rate.to_big() * BigInt::from(*times)
                });
                prop_assert_eq!(BigRational::new(BigInt::from(num), BigInt::from(den)), reference);
            }
        }
    }

    /// 60 rates just below 1 over unrelated prime denominators: an exact
    /// sum would need a 140-bit denominator.
    fn near_ones() -> RateSum {
        let mut sum = RateSum::default();
        let primes = [
            9_999_991i128,
            9_999_973,
            9_999_971,
            9_999_937,
            9_999_929,
            9_999_907,
        ];
        for p in primes.iter().cycle().take(60) {
            sum.add(fraction(p - 1, *p));
        }
        sum
    }

    #[test]
    fn sums_stay_exact_while_they_fit() {
        let mut sum = RateSum::default();
        // 1/3 + 29/120 = 57.5%, mean 28.75% → 28.8 exactly on the boundary.
        sum.add(fraction(1, 3));
        sum.add(fraction(29, 120));
        assert!(sum.is_exact());
        assert_eq!(sum.mean_percent(2, 1).unwrap().to_string(), "28.8");
    }

    #[test]
    fn unrelated_denominators_turn_into_bounds() {
        let sum = near_ones();
        assert!(!sum.is_exact(), "{sum:?}");
        assert!(matches!(sum.bounds, Bounds::Small { .. }), "{sum:?}");
        assert_eq!(sum.mean_percent(60, 4).unwrap().to_string(), "99.9999");
    }

    #[test]
    fn huge_uncapped_rates_widen() {
        let mut sum = near_ones();
        sum.add(fraction(10i128.pow(22), 7));
        assert!(matches!(sum.bounds, Bounds::Wide { .. }));
        // Python's fractions: (Σ (p−1)/p + 10^22/7) / 61 × 100 = 2341920374707259953259.953…
        assert_eq!(
            sum.mean_percent(61, 1).unwrap().to_string(),
            "2341920374707259953260.0"
        );
    }
}
