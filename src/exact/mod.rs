//! Exact arithmetic for rates: fractions of integers, rounded half-up only
//! when printed.

use std::cmp::Ordering;

use num_bigint::BigInt;
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

mod sum;

pub use sum::RateSum;

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
    }
}
