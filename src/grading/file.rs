//! A scheme file (TOML): ordered `[[rule]]` tables, first match wins, and
//! an optional `[rollup]`. Every error names the file, the line and the
//! key, so that a user's own scheme is fixed in one pass.
//!
//! ```toml
//! name = "bands-90-80"
//! [[rule]]
//! grade = "◎"
//! rate_at_least = 100
//! [[rule]]
//! grade = "×"
//! ```

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::{Change, From, Line, Measure, Rollup, Rounding, Rule, Scheme, Tests};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeFile {
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default, rename = "rule")]
    rules: Vec<Spanned<RuleFile>>,
    rollup: Option<Spanned<RollupFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    grade: String,
    points: Option<Number>,
    evaluable: Option<bool>,
    all_equal: Option<bool>,
    met: Option<bool>,
    final_met: Option<bool>,
    rate_at_least: Option<Number>,
    rate_below: Option<Number>,
    change_from: Option<String>,
    change_in: Option<String>,
    change_at_least: Option<Number>,
    change_above: Option<Number>,
    change_below: Option<Number>,
    change_at_most: Option<Number>,
    line: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RollupFile {
    rounding: String,
    letters: HashMap<String, Number>,
}

/// A TOML number (or a number written as a string), kept exact: read
/// from its text, never through binary floating point arithmetic.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Integer(i64),
    Float(f64),
    Text(String),
}

impl Number {
    fn decimal(&self) -> Option<Decimal> {
        match self {
            Number::Integer(n) => Some(Decimal::from(*n)),
            // The shortest text that reads back as the float: 0.1 is 0.1.
            Number::Float(f) => Decimal::from_str(&f.to_string()).ok(),
            Number::Text(t) => Decimal::from_str(t.trim()).ok(),
        }
    }
}

/// Reads a scheme from `text`; `file` names it in errors
/// (`mine.toml:12: rule "B": change_in: "percentage" is not …`).
pub fn parse(text: &str, file: &str) -> Result<Scheme, String> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let parsed: SchemeFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(span.start));
        format!("{file}:{line}: {}", e.message().trim())
    })?;
    let _ = (&parsed.description, &parsed.source);
    let mut rules = Vec::new();
    let mut points_of: HashMap<String, (Option<Decimal>, usize)> = HashMap::new();
    for spanned in &parsed.rules {
        let line = line_of(spanned.span().start);
        let rule = spanned.get_ref();
        let at =
            |key: &str, message: String| format!("{file}:{line}: rule \"{}\": {key}: {message}", rule.grade);
        let number = |key: &str, value: &Option<Number>| -> Result<Option<Decimal>, String> {
            value
                .as_ref()
                .map(|n| n.decimal().ok_or_else(|| at(key, "not a number".to_string())))
                .transpose()
        };
        if rule.grade.trim().is_empty() {
            return Err(format!("{file}:{line}: rule: grade: the grade has no name"));
        }
        let points = number("points", &rule.points)?;
        match points_of.get(&rule.grade) {
            Some((other, first)) if *other != points => {
                let shown = |p: &Option<Decimal>| p.map_or("none".to_string(), |p| p.to_string());
                return Err(at(
                    "points",
                    format!(
                        "{} here, but {} in the rule at line {first}: one grade, one number of points",
                        shown(&points),
                        shown(other)
                    ),
                ));
            }
            Some(_) => {}
            None => {
                points_of.insert(rule.grade.clone(), (points, line));
            }
        }
        let percent = |key: &str, value: &Option<Number>| -> Result<Option<Decimal>, String> {
            match number(key, value)? {
                Some(p) if p.is_sign_negative() && !p.is_zero() => Err(at(key, format!("{p} is below 0%"))),
                other => Ok(other),
            }
        };
        let bounds = [
            number("change_at_least", &rule.change_at_least)?,
            number("change_above", &rule.change_above)?,
            number("change_below", &rule.change_below)?,
            number("change_at_most", &rule.change_at_most)?,
        ];
        let change = if bounds.iter().any(Option::is_some) {
            let from = match rule.change_from.as_deref().unwrap_or("baseline") {
                "baseline" => From::Baseline,
                "previous" => From::Previous,
                other => {
                    return Err(at(
                        "change_from",
                        format!("\"{other}\" is not baseline or previous"),
                    ));
                }
            };
            let measure = match rule.change_in.as_deref().unwrap_or("percent") {
                "percent" => Measure::Percent,
                "points" => Measure::Points,
                "amount" => Measure::Amount,
                other => {
                    return Err(at(
                        "change_in",
                        format!("\"{other}\" is not percent, points or amount"),
                    ));
                }
            };
            let [at_least, above, below, at_most] = bounds;
            Some(Change {
                from,
                measure,
                at_least,
                above,
                below,
                at_most,
            })
        } else if let Some(key) = [("change_from", &rule.change_from), ("change_in", &rule.change_in)]
            .iter()
            .find_map(|(key, value)| value.is_some().then_some(*key))
        {
            return Err(at(
                key,
                "no bound: add change_at_least, change_above, change_below or change_at_most".to_string(),
            ));
        } else {
            None
        };
        let line_test = match rule.line.as_deref() {
            None => None,
            Some("below") => Some(Line::Below),
            Some("on_or_above") => Some(Line::OnOrAbove),
            Some(other) => return Err(at("line", format!("\"{other}\" is not below or on_or_above"))),
        };
        rules.push(Rule {
            grade: Arc::from(rule.grade.as_str()),
            points,
            tests: Tests {
                evaluable: rule.evaluable,
                all_equal: rule.all_equal,
                met: rule.met,
                final_met: rule.final_met,
                rate_at_least: percent("rate_at_least", &rule.rate_at_least)?,
                rate_below: percent("rate_below", &rule.rate_below)?,
                change,
                line: line_test,
            },
        });
    }
    if rules.is_empty() {
        return Err(format!(
            "{file}:1: rule: no [[rule]] tables: a scheme needs at least one"
        ));
    }
    let rollup = match &parsed.rollup {
        None => None,
        Some(spanned) => {
            let line = line_of(spanned.span().start);
            let rollup = spanned.get_ref();
            let rounding = Rounding::parse(&rollup.rounding).ok_or_else(|| {
                format!(
                    "{file}:{line}: rollup: rounding: \"{}\" is not one of {}",
                    rollup.rounding,
                    Rounding::NAMES
                )
            })?;
            if !rules.iter().any(|r| r.points.is_some()) {
                return Err(format!(
                    "{file}:{line}: rollup: the rules give no points to average; add points to them"
                ));
            }
            let mut letters: Vec<(Decimal, Arc<str>)> = rollup
                .letters
                .iter()
                .map(|(letter, points)| {
                    points
                        .decimal()
                        .map(|p| (p, Arc::from(letter.as_str())))
                        .ok_or_else(|| format!("{file}:{line}: rollup: letters: {letter}: not a number"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            letters.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            if let Some(pair) = letters.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(format!(
                    "{file}:{line}: rollup: letters: {} and {} both stand for {} points",
                    pair[1].1, pair[0].1, pair[0].0
                ));
            }
            if letters.is_empty() {
                return Err(format!("{file}:{line}: rollup: letters: none given"));
            }
            Some(Rollup { rounding, letters })
        }
    };
    let name = parsed.name.clone().unwrap_or_else(|| file.to_string());
    Ok(Scheme { name, rules, rollup })
}
