//! Achievement (達成率): how far an indicator's actual went towards its target.
//!
//! Everything here is a pure function of an `Indicator` and `Settings`. Rates
//! are exact fractions of integers, never floats: a published rate such as
//! 23/80 = 28.75% must round half-up to 28.8, and binary floating point
//! stores 0.2875 as 0.28749999…, which rounds to 28.7.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;

use crate::indicator::{Direction, Indicator};

/// How achievement is computed. Each publisher documents its own formula;
/// each is one variant here and one function below.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    /// actual ÷ target (↗, →), target ÷ actual (↘): the reference plan's.
    #[default]
    Ratio,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Ratio => "ratio",
        }
    }
}

/// How rates are computed and shown, chosen once per run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub method: Method,
    /// Places of a percent to round to (0–4).
    pub decimals: u32,
    /// Cap achievement at 100%, as the reference plan prints it.
    pub cap: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            method: Method::Ratio,
            decimals: 1,
            cap: true,
        }
    }
}

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

/// Met, unmet, or not yet measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Met,
    Unmet,
    Pending,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Unmet => "unmet",
            Status::Pending => "pending",
        }
    }
}

/// An achievement rate, exact and as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Achievement {
    /// The rate as a fraction of 1, after capping when capping is on; what
    /// roll-ups average, so that they never average rounded numbers.
    pub exact: Fraction,
    /// The percent as printed, rounded per `Settings::decimals`.
    pub shown: Decimal,
}

/// The result of evaluating one indicator row.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub indicator: Indicator,
    pub status: Status,
    /// `None` while pending.
    pub achievement: Option<Achievement>,
    /// Why a rate was decided other than by the formula, e.g. a zero target.
    pub note: Option<Note>,
}

/// Why a rate was not computed by the method's formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// ↗ or → with a target of 0: the ratio has no value.
    ZeroTarget,
    /// ↘ with an actual of 0: the ratio has no value.
    ZeroActual,
}

/// Which value of a row an evaluation error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    Target,
    Actual,
}

/// Why a row cannot be evaluated by the chosen method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationError {
    pub quantity: Quantity,
    pub message: String,
}

/// An indicator that could not be evaluated, handed back so that the caller
/// can say where in the input it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub indicator: Indicator,
    pub error: EvaluationError,
}

/// Evaluates one indicator.
pub fn evaluate(indicator: Indicator, settings: &Settings) -> Result<Evaluation, Box<Rejected>> {
    match achievement(&indicator, settings) {
        Ok((status, achievement, note)) => Ok(Evaluation {
            indicator,
            status,
            achievement,
            note,
        }),
        Err(error) => Err(Box::new(Rejected { indicator, error })),
    }
}

type Outcome = (Status, Option<Achievement>, Option<Note>);

fn achievement(indicator: &Indicator, settings: &Settings) -> Result<Outcome, EvaluationError> {
    let Some(actual) = indicator.actual else {
        return Ok((Status::Pending, None, None));
    };
    let met = is_met(indicator.direction, indicator.target, actual);
    let (raw, note) = match settings.method {
        Method::Ratio => ratio(indicator.direction, indicator.target, actual)?,
    };
    let exact = match raw {
        Some(rate) if settings.cap && rate.reaches_one() => Fraction::ONE,
        Some(rate) => rate,
        // The formula has no value (a zero denominator): the comparison decides.
        None if met => Fraction::ONE,
        None => Fraction::ZERO,
    };
    let shown = exact
        .display_percent(settings.decimals)
        .ok_or_else(|| EvaluationError {
            quantity: Quantity::Actual,
            message: "the numbers are too large to compute the rate exactly".to_string(),
        })?;
    let status = if met { Status::Met } else { Status::Unmet };
    Ok((status, Some(Achievement { exact, shown }), note))
}

/// Whether a publisher's printed rate agrees with the exact one, read at
/// the precision it was printed with: "86%" agrees with 85.8…%, since 86 is
/// 85.8 rounded to no decimals.
pub fn agrees_with_published(achievement: &Achievement, published: Decimal) -> bool {
    let decimals = published.scale().min(4);
    achievement
        .exact
        .display_percent(decimals)
        .is_some_and(|computed| computed == published)
}

/// Met is decided on the exact values, never on a rounded rate.
pub fn is_met(direction: Direction, target: Decimal, actual: Decimal) -> bool {
    if direction.higher_is_better() {
        actual >= target
    } else {
        actual <= target
    }
}

type MethodResult = Result<(Option<Fraction>, Option<Note>), EvaluationError>;

/// actual ÷ target, or target ÷ actual when lower is better. A zero
/// denominator yields no fraction (the caller decides by comparison) and a
/// note saying so.
fn ratio(direction: Direction, target: Decimal, actual: Decimal) -> MethodResult {
    for (value, quantity) in [(target, Quantity::Target), (actual, Quantity::Actual)] {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(EvaluationError {
                quantity,
                message: format!(
                    "{value} is negative, and the ratio method is only defined for values of \
                     zero or more; use a method that measures change from the baseline"
                ),
            });
        }
    }
    let (numerator, denominator, note) = if direction.higher_is_better() {
        (actual, target, Note::ZeroTarget)
    } else {
        (target, actual, Note::ZeroActual)
    };
    if denominator.is_zero() {
        return Ok((None, Some(note)));
    }
    let fraction = Fraction::quotient(numerator, denominator).ok_or_else(|| EvaluationError {
        quantity: Quantity::Actual,
        message: "the numbers are too large to compute the rate exactly".to_string(),
    })?;
    Ok((Some(fraction), None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn indicator(direction: Direction, target: &str, actual: Option<&str>) -> Indicator {
        Indicator {
            line: 2,
            chapter: String::new(),
            section: String::new(),
            name: "x".to_string(),
            unit: String::new(),
            direction,
            baseline: None,
            target: dec(target),
            actual: actual.map(dec),
            period: String::new(),
            reason: String::new(),
            section_reason: String::new(),
            published: None,
        }
    }

    fn shown(direction: Direction, target: &str, actual: &str, settings: Settings) -> (String, Status) {
        let e = evaluate(indicator(direction, target, Some(actual)), &settings).unwrap();
        (e.achievement.unwrap().shown.to_string(), e.status)
    }

    fn rate(target: &str, actual: &str) -> String {
        shown(Direction::Increase, target, actual, Settings::default()).0
    }

    #[test]
    fn reproduces_the_reference_rates() {
        assert_eq!(rate("225", "182"), "80.9");
        assert_eq!(rate("42", "34.4"), "81.9");
        assert_eq!(rate("5", "8.3"), "100.0");
        assert_eq!(rate("3000", "2574"), "85.8");
        assert_eq!(rate("2180", "1612"), "73.9");
        assert_eq!(rate("2000", "1830"), "91.5");
        assert_eq!(rate("15000", "12974"), "86.5");
        assert_eq!(rate("6000", "5590"), "93.2");
        assert_eq!(rate("7000", "6092"), "87.0");
        assert_eq!(rate("3700", "2859"), "77.3");
    }

    #[test]
    fn rounds_half_up_where_floats_would_not() {
        assert_eq!(rate("80", "23"), "28.8");
        assert_eq!(rate("2000", "1733"), "86.7");
        assert_eq!(rate("8", "1"), "12.5");
        let zero_places = Settings {
            decimals: 0,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "8", "1", zero_places).0, "13");
        let four = Settings {
            decimals: 4,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "3", "1", four).0, "33.3333");
        assert_eq!(shown(Direction::Increase, "3", "2", four).0, "66.6667");
    }

    #[test]
    fn lower_is_better_inverts_the_ratio() {
        let (rate, status) = shown(Direction::Decrease, "50", "80", Settings::default());
        assert_eq!((rate.as_str(), status), ("62.5", Status::Unmet));
        let (rate, status) = shown(Direction::Decrease, "50", "40", Settings::default());
        assert_eq!((rate.as_str(), status), ("100.0", Status::Met));
    }

    #[test]
    fn cap_and_no_cap() {
        let no_cap = Settings {
            cap: false,
            ..Settings::default()
        };
        assert_eq!(
            shown(Direction::Increase, "200", "437.6", Settings::default()).0,
            "100.0"
        );
        assert_eq!(shown(Direction::Increase, "200", "437.6", no_cap).0, "218.8");
    }

    #[test]
    fn unmet_never_prints_100() {
        let (rate, status) = shown(Direction::Increase, "10000", "9999", Settings::default());
        assert_eq!((rate.as_str(), status), ("99.9", Status::Unmet));
        let zero = Settings {
            decimals: 0,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "1000", "996", zero).0, "99");
        let no_cap = Settings {
            cap: false,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "10000", "9999", no_cap).0, "99.9");
    }

    #[test]
    fn maintain_is_judged_like_increase() {
        assert_eq!(
            shown(Direction::Maintain, "10", "10", Settings::default()).1,
            Status::Met
        );
        assert_eq!(
            shown(Direction::Maintain, "10", "9", Settings::default()).1,
            Status::Unmet
        );
    }

    #[test]
    fn zero_denominators_are_decided_by_comparison() {
        let e = evaluate(
            indicator(Direction::Decrease, "0", Some("0")),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(
            (e.status, e.achievement.unwrap().shown.to_string()),
            (Status::Met, "100.0".into())
        );
        assert_eq!(e.note, Some(Note::ZeroActual));
        let e = evaluate(
            indicator(Direction::Decrease, "0", Some("3")),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(
            (e.status, e.achievement.unwrap().shown.to_string()),
            (Status::Unmet, "0.0".into())
        );
        let e = evaluate(
            indicator(Direction::Increase, "0", Some("3")),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(e.status, Status::Met);
        assert_eq!(e.note, Some(Note::ZeroTarget));
    }

    #[test]
    fn negative_values_are_refused_by_ratio() {
        let error = evaluate(
            indicator(Direction::Increase, "-5", Some("3")),
            &Settings::default(),
        )
        .unwrap_err()
        .error;
        assert_eq!(error.quantity, Quantity::Target);
        assert!(error.message.contains("-5 is negative"));
    }

    #[test]
    fn pending_has_no_rate() {
        let e = evaluate(indicator(Direction::Increase, "5", None), &Settings::default()).unwrap();
        assert_eq!((e.status, e.achievement), (Status::Pending, None));
    }

    #[test]
    fn fractions_compare_exactly() {
        let third = Fraction::new(1, 3).unwrap();
        let also = Fraction::new(2, 6).unwrap();
        assert_eq!(third, also);
        assert!(Fraction::new(-1, -3).unwrap() == third);
        let huge = Fraction::new(i128::MAX / 2, i128::MAX / 3).unwrap();
        assert!(huge > Fraction::ONE);
        assert_eq!(
            Fraction::new(-1, 8)
                .unwrap()
                .round_percent(0)
                .unwrap()
                .to_string(),
            "-13"
        );
    }
}
