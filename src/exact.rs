//! Exact arithmetic for rates: fractions of integers, rounded half-up only
//! when printed.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use rust_decimal::Decimal;

/// An exact non-reduced fraction `num / den` with `den > 0`.
///
/// Input numbers have at most 18 significant digits (`read::number`); with
/// up to 9 decimal places, as plans have, every operand after aligning
/// scales is below 10^27 and every product taken here fits an `i128`.
/// Numbers far apart in scale (a workbook's 1e-20 beside 10^17) can
/// overflow: that is checked and reported, never wrapped or rounded.
#[derive(Clone, Copy, Debug)]
pub struct Fraction {
    num: i128,
    den: i128,
}

impl Fraction {
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };
    pub const ONE: Fraction = Fraction { num: 1, den: 1 };

    /// `num / den`, or `None` when `den` is zero.
    pub fn new(num: i128, den: i128) -> Option<Fraction> {
        match den.cmp(&0) {
            Ordering::Equal => None,
            Ordering::Greater => Some(Fraction { num, den }),
            Ordering::Less => Some(Fraction {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            }),
        }
    }

    /// `a / b` exactly, or `None` when `b` is zero or the operands overflow.
    pub fn quotient(a: Decimal, b: Decimal) -> Option<Fraction> {
        let (a, b) = align(a, b)?;
        Fraction::new(a, b)
    }

    /// Whether the fraction is at least 1 (a rate of 100% or more).
    pub fn reaches_one(self) -> bool {
        self.num >= self.den
    }

    /// Rounds `self × 100` half-up (四捨五入, away from zero for negatives)
    /// to `decimals` places, as a decimal percent.
    pub fn round_percent(self, decimals: u32) -> Option<Decimal> {
        let factor = 100 * 10i128.pow(decimals);
        // A plan's figures fit in 64 bits, where dividing is several times
        // cheaper than in 128 (this runs twice per row).
        if let (Ok(num), Ok(den), Ok(factor)) = (
            i64::try_from(self.num),
            i64::try_from(self.den),
            i64::try_from(factor),
        ) && let Some(twice) = num.checked_mul(factor).and_then(|s| s.checked_mul(2))
            && let Some(twice_den) = den.checked_mul(2)
        {
            // |twice| and den (positive) are each below 2^63: their sum fits a u64.
            let magnitude = (twice.unsigned_abs() + den.unsigned_abs()) / twice_den.unsigned_abs();
            let rounded = if twice < 0 {
                -i128::from(magnitude)
            } else {
                i128::from(magnitude)
            };
            return Decimal::try_from_i128_with_scale(rounded, decimals).ok();
        }
        let scaled = self.num.checked_mul(factor)?;
        let twice = scaled.checked_mul(2)?;
        let twice_den = self.den.checked_mul(2)?;
        let magnitude = twice.checked_abs()?.checked_add(self.den)? / twice_den;
        let rounded = if twice < 0 { -magnitude } else { magnitude };
        Decimal::try_from_i128_with_scale(rounded, decimals).ok()
    }

    /// The percent to print: rounded half-up, except that a value below 100%
    /// never prints as 100, so that a printed 100 always means "met".
    /// As `display_percent`, but "below 100" is the indicator's status: an
    /// unmet indicator never prints 100, a met one is at least 1 already.
    pub fn display_percent_for(self, decimals: u32, met: bool) -> Option<Decimal> {
        let rounded = self.round_percent(decimals)?;
        percent_for_display(rounded.mantissa(), decimals, !met)
    }

    pub fn display_percent(self, decimals: u32) -> Option<Decimal> {
        let rounded = self.round_percent(decimals)?;
        percent_for_display(rounded.mantissa(), decimals, !self.reaches_one())
    }

    /// `self × 100` rounded down to `decimals` places, and whether nothing
    /// was cut: what a message prints to show a gap that rounding hides.
    pub fn floor_percent(self, decimals: u32) -> Option<(Decimal, bool)> {
        let scaled = self
            .num
            .checked_mul(100i128.checked_mul(10i128.checked_pow(decimals)?)?)?;
        let floor = scaled.div_euclid(self.den);
        let whole = scaled.rem_euclid(self.den) == 0;
        Some((Decimal::try_from_i128_with_scale(floor, decimals).ok()?, whole))
    }

    pub fn to_big(self) -> BigRational {
        BigRational::new(BigInt::from(self.num), BigInt::from(self.den))
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Fraction) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Fraction) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Fraction) -> Ordering {
        // Products of 64-bit parts cannot overflow 128 bits: no checks then
        // (a roll-up compares each row's rate with the group's lowest).
        let narrow = |v: i128| i64::try_from(v).map(i128::from);
        if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
            narrow(self.num),
            narrow(self.den),
            narrow(other.num),
            narrow(other.den),
        ) {
            return (a * d).cmp(&(c * b));
        }
        match (self.num.checked_mul(other.den), other.num.checked_mul(self.den)) {
            (Some(left), Some(right)) => left.cmp(&right),
            _ => self.to_big().cmp(&other.to_big()),
        }
    }
}

/// A rounded percent (`rounded` units of 10^-decimals) as printed: a value
/// that is exactly below 100% prints at most the largest number below 100
/// (99.9 at one decimal), so that a printed 100 always means "met".
/// `None` when the percent is too large for a decimal (only uncapped rates).
pub fn percent_for_display(rounded: i128, decimals: u32, below_one: bool) -> Option<Decimal> {
    let hundred = 100 * 10i128.pow(decimals);
    let units = if below_one && rounded >= hundred {
        hundred - 1
    } else {
        rounded
    };
    Decimal::try_from_i128_with_scale(units, decimals).ok()
}

/// Brings two decimals to one scale and returns their integer mantissas.
fn align(a: Decimal, b: Decimal) -> Option<(i128, i128)> {
    let scale = a.scale().max(b.scale());
    let lift = |d: Decimal| d.mantissa().checked_mul(10i128.checked_pow(scale - d.scale())?);
    Some((lift(a)?, lift(b)?))
}

/// A decimal as an exact big rational, for the rare comparisons whose
/// products could outgrow `i128` (tolerances, trajectories, means).
pub fn big(value: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(value.mantissa()),
        BigInt::from(10).pow(value.scale()),
    )
}

/// A decimal percent of an exact big rational (a fraction of 1), rounded
/// half away from zero (四捨五入) and kept below 100 when the value is.
pub fn big_display_percent(value: &BigRational, decimals: u32) -> Option<Decimal> {
    let scaled = value * BigRational::from_integer(BigInt::from(100 * 10i64.pow(decimals)));
    let rounded = scaled.round().to_integer().to_i128()?;
    let below_one = *value < BigRational::from_integer(BigInt::from(1));
    percent_for_display(rounded, decimals, below_one)
}

/// Units of an interval sum: 10^-18 of a rate, far finer than the 10^-6
/// (four decimals of a percent) that a mean is ever printed at.
const UNIT: i128 = 1_000_000_000_000_000_000;

/// A running sum of rates, for means that must not be means of rounded rates.
///
/// The sum stays an exact fraction while its denominator fits an `i128`,
/// which it does for real plans (a section's targets share few factors).
/// Thousands of unrelated targets make the exact denominator grow without
/// bound, so the sum then becomes bounds `lo ≤ sum ≤ hi` in units of
/// 10^-18: memory stays constant per group, and the mean printed from them
/// is the correctly rounded one unless the exact mean lies within about
/// 10^-16 percentage points of a rounding boundary, where the upper bound is
/// taken (as half-up rounding would for a mean exactly on the boundary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateSum {
    Exact {
        num: i128,
        den: i128,
    },
    Interval {
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
        RateSum::Exact { num: 0, den: 1 }
    }
}

impl RateSum {
    pub fn add(&mut self, rate: Fraction) {
        match self {
            RateSum::Exact { num, den } => {
                let (num, den) = (*num, *den);
                match exact_sum(num, den, rate) {
                    Some(sum) => *self = sum,
                    None => {
                        let (lo, hi) = big_bounds(Fraction { num, den });
                        *self = RateSum::Wide { lo, hi };
                        self.narrow();
                        self.add(rate);
                    }
                }
            }
            RateSum::Interval { lo, hi } => {
                let sum =
                    small_bounds(rate).and_then(|(l, h)| Some((lo.checked_add(l)?, hi.checked_add(h)?)));
                match sum {
                    Some((l, h)) => (*lo, *hi) = (l, h),
                    None => {
                        let (l, h) = big_bounds(rate);
                        *self = RateSum::Wide {
                            lo: BigInt::from(*lo) + l,
                            hi: BigInt::from(*hi) + h,
                        };
                    }
                }
            }
            RateSum::Wide { lo, hi } => {
                let (l, h) = big_bounds(rate);
                *lo += l;
                *hi += h;
            }
        }
    }

    /// Adds `rate × times` (a weighted rate): exactly while it fits, else
    /// as bounds, like `add`.
    pub fn add_times(&mut self, rate: Fraction, times: i128) {
        if let Some(product) = rate
            .num
            .checked_mul(times)
            .and_then(|num| Fraction::new(num, rate.den))
        {
            return self.add(product);
        }
        let (floor, ceil) = floor_and_ceiling(BigInt::from(rate.num) * BigInt::from(times), rate.den);
        let (lo, hi) = match std::mem::take(self) {
            RateSum::Exact { num, den } => big_bounds(Fraction { num, den }),
            RateSum::Interval { lo, hi } => (BigInt::from(lo), BigInt::from(hi)),
            RateSum::Wide { lo, hi } => (lo, hi),
        };
        *self = RateSum::Wide {
            lo: lo + floor,
            hi: hi + ceil,
        };
    }

    /// Bounds that fit go back to `i128`.
    fn narrow(&mut self) {
        if let RateSum::Wide { lo, hi } = self
            && let (Some(lo), Some(hi)) = (lo.to_i128(), hi.to_i128())
        {
            *self = RateSum::Interval { lo, hi };
        }
    }

    /// The mean of `count` rates as a percent rounded for display.
    pub fn mean_percent(&self, count: u64, decimals: u32) -> Option<Decimal> {
        self.mean_over(i128::from(count), decimals)
    }

    /// The sum divided by `count` (a count of rows, or a total weight in
    /// the units the rates were multiplied by), as a percent for display.
    pub fn mean_over(&self, count: i128, decimals: u32) -> Option<Decimal> {
        match self {
            RateSum::Exact { num, den } => {
                match den.checked_mul(count).and_then(|d| Fraction::new(*num, d)) {
                    Some(mean) => mean.display_percent(decimals),
                    None => big_display_percent(
                        &(Fraction { num: *num, den: *den }.to_big() / BigInt::from(count)),
                        decimals,
                    ),
                }
            }
            RateSum::Interval { lo, hi } => {
                let mean = |sum: i128| {
                    let den = UNIT.checked_mul(count)?;
                    Fraction::new(sum, den)?.display_percent(decimals)
                };
                mean(*hi).or_else(|| mean(*lo))
            }
            RateSum::Wide { hi, .. } => big_display_percent(
                &BigRational::new(hi.clone(), BigInt::from(UNIT) * BigInt::from(count)),
                decimals,
            ),
        }
    }
}

/// `num/den + rate`, reduced, if it fits an `i128`.
fn exact_sum(num: i128, den: i128, rate: Fraction) -> Option<RateSum> {
    let g = den.gcd(&rate.den);
    let (left, right) = (rate.den / g, den / g);
    let sum = num.checked_mul(left)?.checked_add(rate.num.checked_mul(right)?)?;
    let common = den.checked_mul(left)?;
    let reduce = sum.gcd(&common).max(1);
    Some(RateSum::Exact {
        num: sum / reduce,
        den: common / reduce,
    })
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

/// floor and ceiling of `rate` in units of 10^-18.
fn big_bounds(rate: Fraction) -> (BigInt, BigInt) {
    if let Some((floor, ceil)) = small_bounds(rate) {
        return (BigInt::from(floor), BigInt::from(ceil));
    }
    floor_and_ceiling(BigInt::from(rate.num), rate.den)
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

    fn fraction(num: i128, den: i128) -> Fraction {
        Fraction::new(num, den).unwrap()
    }

    proptest::proptest! {
        /// The 64-bit shortcut rounds as the exact rational does, across the
        /// edge where products leave 64 bits and the 128-bit path takes over.
        #[test]
        fn percents_round_half_up_in_any_width(
            num in proptest::prop_oneof![-10i64.pow(13)..10i64.pow(13), proptest::prelude::any::<i64>()],
            den in proptest::prop_oneof![1i64..10i64.pow(13), 1i64..=i64::MAX],
            shift in proptest::prop_oneof![0u32..1, 0u32..40],
            decimals in 0u32..=4,
        ) {
            let (num, den) = (i128::from(num) << shift, i128::from(den) << (shift / 2));
            let exact = BigRational::new(BigInt::from(num), BigInt::from(den))
                * BigRational::from_integer(BigInt::from(100 * 10i64.pow(decimals)));
            let expected = exact
                .round()
                .to_integer()
                .to_i128()
                .and_then(|units| Decimal::try_from_i128_with_scale(units, decimals).ok());
            let rounded = fraction(num, den).round_percent(decimals);
            // The 128-bit path may refuse a product it cannot hold; it never
            // gives another answer.
            if rounded.is_some() || num.unsigned_abs() < 1 << 90 {
                proptest::prop_assert_eq!(rounded, expected);
            }
        }

        /// Fractions order as the rationals they are, in 64 bits or beyond.
        #[test]
        fn fractions_order_as_rationals(
            parts in proptest::collection::vec(
                proptest::prop_oneof![-10i64.pow(12)..10i64.pow(12), proptest::prelude::any::<i64>()],
                4,
            ),
            widen in proptest::prelude::any::<bool>(),
        ) {
            let part = |i: usize| i128::from(parts[i]) << if widen && i.is_multiple_of(2) { 40 } else { 0 };
            let den = |v: i128| if v == 0 { 1 } else { v.abs() };
            let (a, b) = (fraction(part(0), den(part(1))), fraction(part(2), den(part(3))));
            proptest::prop_assert_eq!(a.cmp(&b), a.to_big().cmp(&b.to_big()));
        }

        /// A rate's bounds in units of 10^-18 are its floor and ceiling,
        /// for rates of either sign.
        #[test]
        fn bounds_are_floor_and_ceiling(
            num in proptest::prop_oneof![0i64..10i64.pow(13), -10i64.pow(13)..0, proptest::prelude::any::<i64>()],
            den in proptest::prop_oneof![1i64..100, 1i64..10i64.pow(13)],
        ) {
            let rate = fraction(i128::from(num), i128::from(den));
            let (floor, ceil) = floor_and_ceiling(BigInt::from(num), i128::from(den));
            proptest::prop_assert_eq!(
                small_bounds(rate).map(|(l, h)| (BigInt::from(l), BigInt::from(h))),
                Some((floor, ceil))
            );
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
        assert!(matches!(sum, RateSum::Exact { .. }));
        assert_eq!(sum.mean_percent(2, 1).unwrap().to_string(), "28.8");
    }

    #[test]
    fn unrelated_denominators_turn_into_bounds() {
        let sum = near_ones();
        assert!(matches!(sum, RateSum::Interval { .. }), "{sum:?}");
        assert_eq!(sum.mean_percent(60, 4).unwrap().to_string(), "99.9999");
    }

    #[test]
    fn huge_uncapped_rates_widen() {
        let mut sum = near_ones();
        sum.add(fraction(10i128.pow(22), 7));
        assert!(matches!(sum, RateSum::Wide { .. }));
        // Python's fractions: (Σ (p−1)/p + 10^22/7) / 61 × 100 = 2341920374707259953259.953…
        assert_eq!(
            sum.mean_percent(61, 1).unwrap().to_string(),
            "2341920374707259953260.0"
        );
    }
}
