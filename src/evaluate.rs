//! Achievement (達成率): how far an indicator's actual went towards its target.
//!
//! Everything here is a pure function of an `Indicator` and `Settings`. Rates
//! are exact fractions of integers (`exact::Fraction`), never floats: a
//! published rate such as 23/80 = 28.75% must round half-up to 28.8, and
//! binary floating point stores 0.2875 as 0.28749999…, which rounds to 28.7.
//!
//! A method is one function from a row's numbers to a raw fraction. Around
//! it, the rules every method shares: met is decided by comparing actual
//! with target in the indicator's direction, never by the rate; a met
//! indicator prints 100 (capped) and an unmet one never does; rates are
//! floored at 0 for display, while `raw` keeps the method's own value.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

pub use crate::error::{EvaluationError, Quantity};
use crate::exact::big;
pub use crate::exact::{Fraction, percent_for_display};
use crate::indicator::{Band, Direction, Indicator, Method, MethodChoice};
use crate::trajectory::{self, Trajectory};

/// How rates are computed and shown, chosen once per run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The file's method; a row's `method` cell overrides it.
    pub method: MethodChoice,
    /// Places of a percent to round to (0–4).
    pub decimals: u32,
    /// Cap achievement at 100%, as the reference plan prints it.
    pub cap: bool,
    /// For `maintain` rows without a tolerance of their own: how far below
    /// the target, in percent of it, still counts as kept.
    pub tolerance: Option<Decimal>,
    /// Grade thresholds (`--grades`).
    pub grades: Option<Grades>,
    /// Place actuals on the line from baseline to target (`--trajectory`).
    pub trajectory: bool,
    /// Where that line starts (`--interim-start`).
    pub interim_start: trajectory::Start,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            method: MethodChoice::Ratio,
            decimals: 1,
            cap: true,
            tolerance: None,
            grades: None,
            trajectory: false,
            interim_start: trajectory::Start::Baseline,
        }
    }
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
    /// The rate as a fraction of 1: capped when capping is on, floored at 0,
    /// at least 1 when met. What roll-ups average and grades classify, so
    /// that they never work on rounded numbers.
    pub exact: Fraction,
    /// The percent as printed, rounded per `Settings::decimals`.
    pub shown: Decimal,
    /// The method's own value in percent, rounded like `shown` but neither
    /// capped nor floored (a regression from the baseline is negative);
    /// `None` where the formula has no value (a zero denominator).
    pub raw: Option<Decimal>,
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
    /// The method used (after `auto` and the row's own choice).
    pub method: Method,
    /// The grade of the exact rate, with `--grades`; `None` while pending.
    pub grade: Option<Grade>,
    /// Where the actual stands on the way to the target, with `--trajectory`.
    pub trajectory: Option<Trajectory>,
}

/// An empty evaluation, allocating nothing: what a reader that keeps an
/// evaluation it was lent leaves in its place (`std::mem::take`).
impl Default for Evaluation {
    fn default() -> Evaluation {
        Evaluation {
            indicator: Indicator::new("", Direction::Increase, Decimal::ZERO),
            status: Status::Pending,
            achievement: None,
            note: None,
            method: Method::Ratio,
            grade: None,
            trajectory: None,
        }
    }
}

/// Why a rate was not computed by the method's formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// actual ÷ target with a target of 0: the ratio has no value.
    ZeroTarget,
    /// target ÷ actual (↘) with an actual of 0: the ratio has no value.
    ZeroActual,
    /// A `maintain` indicator below its target but within its tolerance.
    WithinTolerance,
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
    match assess(&indicator, settings) {
        Ok(assessment) => Ok(Evaluation {
            indicator,
            status: assessment.status,
            achievement: assessment.achievement,
            note: assessment.note,
            method: assessment.method,
            grade: assessment.grade,
            trajectory: assessment.trajectory,
        }),
        Err(error) => Err(Box::new(Rejected { indicator, error })),
    }
}

/// Everything `evaluate` adds to an indicator.
struct Assessment {
    status: Status,
    achievement: Option<Achievement>,
    note: Option<Note>,
    method: Method,
    grade: Option<Grade>,
    trajectory: Option<Trajectory>,
}

fn assess(indicator: &Indicator, settings: &Settings) -> Result<Assessment, EvaluationError> {
    let method = indicator.method.unwrap_or(settings.method).resolve(indicator);
    let tolerance = tolerance(indicator, settings)?;
    let Some(actual) = indicator.actual else {
        return Ok(Assessment {
            status: Status::Pending,
            achievement: None,
            note: None,
            method,
            grade: None,
            trajectory: None,
        });
    };
    let (direction, target) = (indicator.direction, indicator.target);
    let met = is_met(direction, target, actual, tolerance);
    let raw = match method {
        Method::Ratio => ratio(direction, target, actual)?,
        Method::Progress => progress(indicator.baseline, target, actual)?,
        Method::Deviation => deviation(direction, target, actual)?,
    };
    let exact = match (met, raw) {
        (true, _) if settings.cap => Fraction::ONE,
        (true, Value::Rate(rate)) => rate.max(Fraction::ONE),
        (true, Value::Undefined(_)) => Fraction::ONE,
        (false, Value::Rate(rate)) if settings.cap => rate.max(Fraction::ZERO).min(Fraction::ONE),
        (false, Value::Rate(rate)) => rate.max(Fraction::ZERO),
        (false, Value::Undefined(_)) => Fraction::ZERO,
    };
    let shown = exact
        .display_percent_for(settings.decimals, met)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    let (raw, note) = match raw {
        Value::Rate(rate) => {
            let shown_raw = raw_percent(rate, settings.decimals, met)
                .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
            // Without a tolerance, met is met by the plain comparison already.
            let within_tolerance = met && tolerance.is_some() && !is_met(direction, target, actual, None);
            (Some(shown_raw), within_tolerance.then_some(Note::WithinTolerance))
        }
        Value::Undefined(note) => (None, Some(note)),
    };
    let trajectory = if settings.trajectory {
        let shown = trajectory::Shown {
            decimals: settings.decimals,
            cap: settings.cap,
        };
        trajectory::locate(indicator, actual, met, settings.interim_start, shown)?
    } else {
        None
    };
    Ok(Assessment {
        status: if met { Status::Met } else { Status::Unmet },
        achievement: Some(Achievement { exact, shown, raw }),
        note,
        method,
        grade: settings
            .grades
            .as_ref()
            .and_then(|grades| grades.grade_row(indicator, actual, met, exact)),
        trajectory,
    })
}

/// The method's own value as printed: rounded half-up, except that an
/// unmet row never prints 100 — 99.99999999% shows 99.9, and a value just
/// above 100 (a target set below the baseline) shows 100.1 — so that a
/// printed 100 means "met" in the raw column too.
fn raw_percent(rate: Fraction, decimals: u32, met: bool) -> Option<Decimal> {
    let shown = rate.display_percent(decimals)?;
    if met || shown != Decimal::ONE_HUNDRED {
        return Some(shown);
    }
    let step = Decimal::new(1, decimals);
    Some(if rate.reaches_one() {
        shown + step
    } else {
        shown - step
    })
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

/// The tolerance that applies to the row: its own, else the file's, and
/// only for `maintain` (a band around a target one means to keep).
fn tolerance(indicator: &Indicator, settings: &Settings) -> Result<Option<Decimal>, EvaluationError> {
    match (indicator.direction, indicator.tolerance) {
        (Direction::Maintain, own) => Ok(own.or(settings.tolerance)),
        (_, None) => Ok(None),
        (direction, Some(_)) => Err(EvaluationError::new(
            Quantity::Tolerance,
            format!(
                "a tolerance applies to maintain (→) indicators only, and this one is {}",
                direction.as_str()
            ),
        )),
    }
}

/// Met is decided on the exact values, never on a rounded rate: actual at
/// or above the target (↗, →), at or below it (↘). A `maintain` tolerance of
/// p% also accepts an actual down to p% below the target.
pub fn is_met(direction: Direction, target: Decimal, actual: Decimal, tolerance: Option<Decimal>) -> bool {
    match (direction, tolerance) {
        (Direction::Decrease, _) => actual <= target,
        (Direction::Maintain, Some(tolerance)) => {
            let band = big(target.abs()) * big(tolerance) / big(Decimal::ONE_HUNDRED);
            big(actual) >= big(target) - band
        }
        _ => actual >= target,
    }
}

/// A method's value for one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Rate(Fraction),
    /// The formula divides by zero; the comparison decides, and the note says so.
    Undefined(Note),
}

type MethodResult = Result<Value, EvaluationError>;

/// actual ÷ target, or target ÷ actual when lower is better.
fn ratio(direction: Direction, target: Decimal, actual: Decimal) -> MethodResult {
    refuse_negatives(Method::Ratio, target, actual)?;
    if direction.higher_is_better() {
        quotient(actual, target, Note::ZeroTarget)
    } else {
        quotient(target, actual, Note::ZeroActual)
    }
}

/// (actual − baseline) ÷ (target − baseline) in either direction: for ↘,
/// (baseline − actual) ÷ (baseline − target) is the same fraction.
fn progress(baseline: Option<Decimal>, target: Decimal, actual: Decimal) -> MethodResult {
    let Some(baseline) = baseline else {
        return Err(EvaluationError::new(
            Quantity::Baseline,
            "the progress method needs a baseline (策定時); fill it in, or use the ratio method \
             (--method auto uses progress only where a baseline exists)",
        ));
    };
    if baseline == target {
        return Err(EvaluationError::new(
            Quantity::Baseline,
            format!(
                "the baseline equals the target ({target}), so there is no planned change to measure \
                 progress on; use the ratio method"
            ),
        ));
    }
    let change = actual
        .checked_sub(baseline)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    let planned = target
        .checked_sub(baseline)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Target))?;
    let rate =
        Fraction::quotient(change, planned).ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    Ok(Value::Rate(rate))
}

/// actual ÷ target, or 2 − actual ÷ target when lower is better.
fn deviation(direction: Direction, target: Decimal, actual: Decimal) -> MethodResult {
    refuse_negatives(Method::Deviation, target, actual)?;
    if direction.higher_is_better() {
        return quotient(actual, target, Note::ZeroTarget);
    }
    let twice = target
        .checked_mul(Decimal::TWO)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Target))?;
    let above = twice
        .checked_sub(actual)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))?;
    quotient(above, target, Note::ZeroTarget)
}

/// `numerator ÷ denominator`, or `Undefined(note)` for a zero denominator.
fn quotient(numerator: Decimal, denominator: Decimal, note: Note) -> MethodResult {
    if denominator.is_zero() {
        return Ok(Value::Undefined(note));
    }
    Fraction::quotient(numerator, denominator)
        .map(Value::Rate)
        .ok_or_else(|| EvaluationError::too_large(Quantity::Actual))
}

fn refuse_negatives(method: Method, target: Decimal, actual: Decimal) -> Result<(), EvaluationError> {
    for (value, quantity) in [(target, Quantity::Target), (actual, Quantity::Actual)] {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(EvaluationError::new(
                quantity,
                format!(
                    "{value} is negative, and the {} method is only defined for values of zero or \
                     more; use the progress method, which measures change from the baseline",
                    method.name()
                ),
            ));
        }
    }
    Ok(())
}

/// A grade given to a rate, and the points it is worth where the grades
/// carry points (`--grades A=100:95,B=80:80,C=0:35`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    pub name: Arc<str>,
    pub points: Option<Decimal>,
}

/// The rows of each indicator (chapter + section + name), as indices into
/// `evaluations`, indicators in order of first appearance: what the
/// analyses of an indicator's periods (`timeline`, `projection`) start from.
pub fn rows_by_indicator(evaluations: &[Evaluation]) -> Vec<Vec<usize>> {
    let mut index: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut indicators: Vec<Vec<usize>> = Vec::new();
    for (row, evaluation) in evaluations.iter().enumerate() {
        let i = &evaluation.indicator;
        let slot = *index.entry((&i.chapter, &i.section, &i.name)).or_insert_with(|| {
            indicators.push(Vec::new());
            indicators.len() - 1
        });
        indicators[slot].push(row);
    }
    indicators
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
        let slot = if band.holds(change, baseline) {
            2
        } else if indicator.direction.higher_is_better() == change.is_sign_positive() {
            1
        } else {
            3
        };
        Some(names[slot].clone())
    }
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
            actual: actual.map(dec),
            ..Indicator::new("x", direction, dec(target))
        }
    }

    fn shown(direction: Direction, target: &str, actual: &str, settings: &Settings) -> (String, Status) {
        let e = evaluate(indicator(direction, target, Some(actual)), settings).unwrap();
        (e.achievement.unwrap().shown.to_string(), e.status)
    }

    fn rate(target: &str, actual: &str) -> String {
        shown(Direction::Increase, target, actual, &Settings::default()).0
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
        assert_eq!(shown(Direction::Increase, "8", "1", &zero_places).0, "13");
        let four = Settings {
            decimals: 4,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "3", "1", &four).0, "33.3333");
        assert_eq!(shown(Direction::Increase, "3", "2", &four).0, "66.6667");
    }

    #[test]
    fn lower_is_better_inverts_the_ratio() {
        let (rate, status) = shown(Direction::Decrease, "50", "80", &Settings::default());
        assert_eq!((rate.as_str(), status), ("62.5", Status::Unmet));
        let (rate, status) = shown(Direction::Decrease, "50", "40", &Settings::default());
        assert_eq!((rate.as_str(), status), ("100.0", Status::Met));
    }

    #[test]
    fn cap_and_no_cap() {
        let no_cap = Settings {
            cap: false,
            ..Settings::default()
        };
        assert_eq!(
            shown(Direction::Increase, "200", "437.6", &Settings::default()).0,
            "100.0"
        );
        assert_eq!(shown(Direction::Increase, "200", "437.6", &no_cap).0, "218.8");
    }

    #[test]
    fn unmet_never_prints_100() {
        let (rate, status) = shown(Direction::Increase, "10000", "9999", &Settings::default());
        assert_eq!((rate.as_str(), status), ("99.9", Status::Unmet));
        let zero = Settings {
            decimals: 0,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "1000", "996", &zero).0, "99");
        let no_cap = Settings {
            cap: false,
            ..Settings::default()
        };
        assert_eq!(shown(Direction::Increase, "10000", "9999", &no_cap).0, "99.9");
    }

    #[test]
    fn unmet_never_prints_100_in_the_raw_column_either() {
        let e = evaluate(
            indicator(Direction::Increase, "100000000", Some("99999999")),
            &Settings::default(),
        )
        .unwrap();
        let achievement = e.achievement.unwrap();
        assert_eq!(e.status, Status::Unmet);
        assert_eq!(achievement.raw.unwrap().to_string(), "99.9");
        let met = evaluate(
            indicator(Direction::Increase, "10", Some("10")),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(met.achievement.unwrap().raw.unwrap().to_string(), "100.0");
        let above = Fraction::new(100001, 100000).unwrap();
        assert_eq!(raw_percent(above, 1, false).unwrap().to_string(), "100.1");
        assert_eq!(raw_percent(above, 1, true).unwrap().to_string(), "100.0");
    }

    #[test]
    fn maintain_is_judged_like_increase() {
        assert_eq!(
            shown(Direction::Maintain, "10", "10", &Settings::default()).1,
            Status::Met
        );
        assert_eq!(
            shown(Direction::Maintain, "10", "9", &Settings::default()).1,
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

    fn with_baseline(direction: Direction, baseline: &str, target: &str, actual: &str) -> Indicator {
        Indicator {
            baseline: Some(dec(baseline)),
            ..indicator(direction, target, Some(actual))
        }
    }

    /// (shown, raw, status) under `method`.
    fn by(method: MethodChoice, indicator: Indicator) -> (String, Option<String>, Status) {
        let settings = Settings {
            method,
            ..Settings::default()
        };
        let e = evaluate(indicator, &settings).unwrap();
        let a = e.achievement.unwrap();
        (a.shown.to_string(), a.raw.map(|r| r.to_string()), e.status)
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    #[test]
    fn progress_measures_the_share_of_the_planned_change() {
        use Direction::*;
        let p = MethodChoice::Progress;
        // (1100 − 1000) ÷ (1200 − 1000) = 50%
        assert_eq!(
            by(p, with_baseline(Increase, "1000", "1200", "1100")),
            ("50.0".into(), some("50.0"), Status::Unmet)
        );
        // ↘: (500 − 450) ÷ (500 − 400) = 50%
        assert_eq!(
            by(p, with_baseline(Decrease, "500", "400", "450")),
            ("50.0".into(), some("50.0"), Status::Unmet)
        );
        // A regression away from the baseline: raw −20%, shown 0.
        assert_eq!(
            by(p, with_baseline(Decrease, "500", "400", "520")),
            ("0.0".into(), some("-20.0"), Status::Unmet)
        );
        // No change at all: 0%.
        assert_eq!(by(p, with_baseline(Increase, "1000", "1200", "1000")).0, "0.0");
        // Past the target: met, capped; raw 150%.
        assert_eq!(
            by(p, with_baseline(Increase, "1000", "1200", "1300")),
            ("100.0".into(), some("150.0"), Status::Met)
        );
        // Negative values are fine: from −10 to +10, at 0 is half-way.
        assert_eq!(by(p, with_baseline(Increase, "-10", "10", "0")).0, "50.0");
        // Thirds round half-up: (1 − 0) ÷ (3 − 0).
        assert_eq!(by(p, with_baseline(Increase, "0", "3", "1")).0, "33.3");
    }

    #[test]
    fn progress_needs_a_baseline_that_differs_from_the_target() {
        let settings = Settings {
            method: MethodChoice::Progress,
            ..Settings::default()
        };
        let error = evaluate(indicator(Direction::Increase, "5", Some("3")), &settings)
            .unwrap_err()
            .error;
        assert_eq!(error.quantity, Quantity::Baseline);
        assert!(
            error
                .message
                .starts_with("the progress method needs a baseline (策定時)")
        );
        let same = with_baseline(Direction::Increase, "5", "5", "3");
        let error = evaluate(same, &settings).unwrap_err().error;
        assert!(error.message.starts_with("the baseline equals the target (5)"));
    }

    #[test]
    fn deviation_is_two_minus_the_ratio_when_lower_is_better() {
        use Direction::*;
        let d = MethodChoice::Deviation;
        // 2 − 450 ÷ 400 = 0.875
        assert_eq!(
            by(d, indicator(Decrease, "400", Some("450"))),
            ("87.5".into(), some("87.5"), Status::Unmet)
        );
        // 2 − 300 ÷ 400 = 1.25: met, capped.
        assert_eq!(
            by(d, indicator(Decrease, "400", Some("300"))),
            ("100.0".into(), some("125.0"), Status::Met)
        );
        // 2 − 1000 ÷ 400 = −0.5: floored at 0 for display.
        assert_eq!(
            by(d, indicator(Decrease, "400", Some("1000"))),
            ("0.0".into(), some("-50.0"), Status::Unmet)
        );
        // ↗ is the plain ratio.
        assert_eq!(by(d, indicator(Increase, "400", Some("300"))).0, "75.0");
        // A zero target has no quotient: decided by comparison.
        assert_eq!(
            by(d, indicator(Decrease, "0", Some("0"))),
            ("100.0".into(), None, Status::Met)
        );
        assert_eq!(
            by(d, indicator(Decrease, "0", Some("2"))),
            ("0.0".into(), None, Status::Unmet)
        );
    }

    #[test]
    fn ratio_for_lower_is_better_differs_from_deviation() {
        // target ÷ actual = 400 ÷ 450 = 88.9%, where deviation gives 87.5%.
        assert_eq!(
            by(
                MethodChoice::Ratio,
                indicator(Direction::Decrease, "400", Some("450"))
            )
            .0,
            "88.9"
        );
    }

    #[test]
    fn auto_and_per_row_methods() {
        let e = |indicator: Indicator, method| {
            let settings = Settings {
                method,
                ..Settings::default()
            };
            evaluate(indicator, &settings).unwrap().method
        };
        let auto = MethodChoice::Auto;
        assert_eq!(
            e(with_baseline(Direction::Increase, "1000", "1200", "1100"), auto),
            Method::Progress
        );
        assert_eq!(
            e(indicator(Direction::Increase, "1200", Some("1100")), auto),
            Method::Ratio
        );
        assert_eq!(
            e(with_baseline(Direction::Increase, "1200", "1200", "1100"), auto),
            Method::Ratio
        );
        let own = Indicator {
            method: Some(MethodChoice::Deviation),
            ..indicator(Direction::Decrease, "400", Some("450"))
        };
        assert_eq!(e(own, MethodChoice::Ratio), Method::Deviation);
    }

    #[test]
    fn maintain_within_its_tolerance_is_met() {
        let settings = Settings {
            tolerance: Some(dec("5")),
            ..Settings::default()
        };
        let kept = evaluate(indicator(Direction::Maintain, "300", Some("285")), &settings).unwrap();
        assert_eq!(
            (kept.status, kept.note),
            (Status::Met, Some(Note::WithinTolerance))
        );
        assert_eq!(kept.achievement.unwrap().shown.to_string(), "100.0");
        let below = evaluate(indicator(Direction::Maintain, "300", Some("284.99")), &settings).unwrap();
        assert_eq!(
            (below.status, below.achievement.unwrap().shown.to_string()),
            (Status::Unmet, "95.0".into())
        );
        // The row's own tolerance wins; up and down rows ignore the file's.
        let own = Indicator {
            tolerance: Some(dec("1")),
            ..indicator(Direction::Maintain, "300", Some("295"))
        };
        assert_eq!(evaluate(own, &settings).unwrap().status, Status::Unmet);
        assert_eq!(
            evaluate(indicator(Direction::Increase, "300", Some("295")), &settings)
                .unwrap()
                .status,
            Status::Unmet
        );
        let misplaced = Indicator {
            tolerance: Some(dec("1")),
            ..indicator(Direction::Increase, "300", Some("295"))
        };
        let error = evaluate(misplaced, &settings).unwrap_err().error;
        assert_eq!(error.quantity, Quantity::Tolerance);
    }

    #[test]
    fn grades_classify_the_exact_rate() {
        let grades = Grades::new(vec![
            ("D".into(), dec("0"), None),
            ("A".into(), dec("100"), None),
            ("B".into(), dec("80"), None),
            ("C".into(), dec("60"), None),
        ])
        .unwrap();
        let names: Vec<String> = grades.names().iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["A", "B", "C", "D"]);
        let grade = |num, den| grades.grade(Fraction::new(num, den).unwrap()).name.to_string();
        assert_eq!(grade(1, 1), "A");
        assert_eq!(grade(4, 5), "B");
        assert_eq!(grade(79_999, 100_000), "C", "79.999% prints 80.0 but is below B");
        assert_eq!(grade(0, 1), "D");
        assert!(
            Grades::new(vec![("A".into(), dec("50"), None)])
                .unwrap_err()
                .contains("must start at 0")
        );
        assert!(
            Grades::new(vec![("A".into(), dec("0"), None), ("A".into(), dec("50"), None)])
                .unwrap_err()
                .contains("twice")
        );
        let pointed = Grades::new(vec![
            ("A".into(), dec("100"), Some(dec("95"))),
            ("B".into(), dec("80"), Some(dec("80"))),
            ("C".into(), dec("0"), Some(dec("35"))),
        ])
        .unwrap();
        assert_eq!(
            pointed.grade(Fraction::new(9, 10).unwrap()).points,
            Some(dec("80"))
        );
        assert!(
            Grades::new(vec![
                ("A".into(), dec("100"), Some(dec("95"))),
                ("C".into(), dec("0"), None)
            ])
            .unwrap_err()
            .contains("every grade")
        );
    }
}
