//! Exact arithmetic for rates: fractions of integers, rounded half-up only
//! when printed.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;

/// An exact non-reduced fraction `num / den` with `den > 0`.
///
/// Input numbers have at most 18 significant digits and 9 decimal places
/// (`read::number`), so after aligning scales every operand is below 10^27
/// and every product taken here fits an `i128`; overflow is still checked
/// and reported, never wrapped.
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

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// Whether the fraction is at least 1 (a rate of 100% or more).
    pub fn reaches_one(self) -> bool {
        self.num >= self.den
    }

    /// Rounds `self × 100` half-up (四捨五入, away from zero for negatives)
    /// to `decimals` places, as a decimal percent.
    pub fn round_percent(self, decimals: u32) -> Option<Decimal> {
        let scaled = self.num.checked_mul(100 * 10i128.pow(decimals))?;
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
