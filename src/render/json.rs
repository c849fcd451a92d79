//! JSON: one array of objects, or one object per line (`jsonl`).
//!
//! Numbers are written from their exact decimal text (serde_json's
//! `arbitrary_precision`), so 0.3 never becomes 0.30000000000000004.

use std::io::{self, Write};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

use super::{
    EvaluationWriter, Extras, Lang, RowFormat, SUMMARY_COLUMNS, Style, Summary, check_detail, labels,
    note_text,
};
use crate::evaluate::Evaluation;
use crate::gate::GateReport;
use crate::summarize::{Rollup, StatsReport};
use crate::timeline::Course;
use crate::trajectory::Position;
/// Writes objects as a JSON array or as JSON lines.
struct Objects {
    out: Box<dyn Write>,
    lines: bool,
    /// Whether an object has been written (the array is open).
    started: bool,
}

impl Objects {
    fn write(&mut self, object: Map<String, Value>) -> io::Result<()> {
        let mut bytes = Vec::new();
        frame(&mut bytes, self.lines, |out| {
            Ok(serde_json::to_writer(out, &object)?)
        })?;
        self.write_framed(&bytes)
    }

    /// Writes objects framed by [`frame`]: in an array, each after ",\n",
    /// whose comma opens the array where it is the first.
    fn write_framed(&mut self, bytes: &[u8]) -> io::Result<()> {
        match bytes.split_first() {
            None => return Ok(()),
            Some((_, rest)) if !self.lines && !self.started => {
                self.out.write_all(b"[")?;
                self.out.write_all(rest)?;
            }
            Some(_) => self.out.write_all(bytes)?,
        }
        self.started = true;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.started { b"\n]\n" } else { b"[]\n" })?;
        }
        self.out.flush()
    }
}

/// Appends one object, written by `object`, framed for an array (after
/// ",\n") or as a line (before "\n"): the same bytes for any object, so
/// that reading threads can frame their rows without knowing which comes
/// first (`Objects::write_framed`).
fn frame(
    out: &mut Vec<u8>,
    lines: bool,
    object: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    if !lines {
        out.extend_from_slice(b",\n");
    }
    object(out)?;
    if lines {
        out.push(b'\n');
    }
    Ok(())
}

pub struct EvaluationJson {
    objects: Objects,
    rows: Arc<JsonRows>,
    line: Vec<u8>,
}
impl EvaluationJson {
    pub fn new(out: Box<dyn Write>, lines: bool, style: Style) -> EvaluationJson {
        EvaluationJson {
            objects: Objects {
                out,
                lines,
                started: false,
            },
            rows: Arc::new(JsonRows {
                extras: style.extras,
                lines,
            }),
            line: Vec::new(),
        }
    }
}

/// How an evaluation becomes a JSON object: what `EvaluationJson` writes,
/// and what reading threads run on their own rows (`RowFormat`).
#[derive(Debug)]
pub struct JsonRows {
    extras: Extras,
    lines: bool,
}

impl RowFormat for JsonRows {
    fn push_row(
        &self,
        out: &mut Vec<u8>,
        evaluation: &Evaluation,
        course: Option<&Course>,
    ) -> io::Result<()> {
        frame(out, self.lines, |out| {
            push_object(out, evaluation, course, &self.extras)
        })
    }
}

impl EvaluationWriter for EvaluationJson {
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        self.line.clear();
        self.rows.push_row(&mut self.line, evaluation, course)?;
        self.objects.write_framed(&self.line)
    }

    fn row_format(&self) -> Option<Arc<dyn RowFormat>> {
        Some(self.rows.clone())
    }

    fn write_formatted(&mut self, rows: &[u8]) -> io::Result<()> {
        self.objects.write_framed(rows)
    }

    fn finish(self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.objects.finish()
    }
}

/// One value of an evaluation's object, as `evaluation_fields` hands it
/// over.
#[derive(Clone, Copy, Debug)]
enum Field<'a> {
    Text(&'a str),
    Number(Option<Decimal>),
    Count(u64),
    Flag(bool),
    Null,
}

impl<'a> Field<'a> {
    fn text_or_null(text: Option<&'a str>) -> Field<'a> {
        text.map_or(Field::Null, Field::Text)
    }

    fn value(self) -> Value {
        match self {
            Field::Text(text) => text.into(),
            Field::Number(value) => number(value),
            Field::Count(count) => count.into(),
            Field::Flag(flag) => flag.into(),
            Field::Null => Value::Null,
        }
    }
}

/// An evaluation as a JSON object (for the gate's report, which adds to it).
fn evaluation_object(
    evaluation: &Evaluation,
    course: Option<&Course>,
    extras: &Extras,
) -> Map<String, Value> {
    let mut object = Map::new();
    evaluation_fields(evaluation, course, extras, |key, field| {
        object.insert(key.into(), field.value());
    });
    object
}

/// Writes an evaluation's object as `serde_json` writes `evaluation_object`,
/// byte for byte, without building it: a map of values per row took four
/// times as long as the row's CSV line.
fn push_object(
    out: &mut Vec<u8>,
    evaluation: &Evaluation,
    course: Option<&Course>,
    extras: &Extras,
) -> io::Result<()> {
    let mut result = Ok(());
    out.push(b'{');
    let mut first = true;
    evaluation_fields(evaluation, course, extras, |key, field| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        // Keys are plain ASCII names: nothing to escape.
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        match field {
            Field::Text(text) => {
                if let Err(error) = serde_json::to_writer(&mut *out, text) {
                    result = Err(error.into());
                }
            }
            // A decimal's text, as `number` gives it to serde_json.
            Field::Number(Some(value)) => {
                let _ = write!(out, "{value}");
            }
            Field::Count(count) => out.extend_from_slice(itoa::Buffer::new().format(count).as_bytes()),
            Field::Flag(flag) => out.extend_from_slice(if flag { b"true" } else { b"false" }),
            Field::Number(None) | Field::Null => out.extend_from_slice(b"null"),
        }
    });
    out.push(b'}');
    result
}

/// The keys of the CSV columns, plus `line`; the optional columns that are
/// on; each with its value, in order.
fn evaluation_fields(
    evaluation: &Evaluation,
    course: Option<&Course>,
    extras: &Extras,
    mut put: impl FnMut(&'static str, Field),
) {
    let indicator = &evaluation.indicator;
    put("line", Field::Count(indicator.line));
    put("chapter", Field::Text(&indicator.chapter));
    put("section", Field::Text(&indicator.section));
    put("indicator", Field::Text(&indicator.name));
    put("unit", Field::Text(&indicator.unit));
    put("direction", Field::Text(indicator.direction.as_str()));
    put("period", Field::Text(&indicator.period));
    put("baseline", Field::Number(indicator.baseline));
    put("target", Field::Number(indicator.shown_target()));
    put("actual", Field::Number(indicator.actual));
    put(
        "achievement",
        Field::Number(evaluation.achievement.map(|a| a.shown)),
    );
    put("status", Field::Text(labels::row_status(evaluation, Lang::En)));
    let note = note_text(evaluation, Lang::En);
    put(
        "note",
        Field::text_or_null(Some(&*note).filter(|n| !n.is_empty())),
    );
    if extras.method {
        put("method", Field::Text(evaluation.method.name()));
    }
    if extras.raw {
        put(
            "raw_achievement",
            Field::Number(evaluation.achievement.and_then(|a| a.raw)),
        );
    }
    if extras.grades {
        put(
            "grade",
            Field::text_or_null(evaluation.grade.as_ref().map(|g| &*g.name)),
        );
    }
    if extras.grade_points {
        put(
            "grade_points",
            Field::Number(evaluation.grade.as_ref().and_then(|g| g.points)),
        );
    }
    if extras.trajectory {
        let trajectory = evaluation.trajectory;
        put("expected", Field::Number(trajectory.map(|t| t.expected)));
        put(
            "on_track",
            Field::text_or_null(trajectory.map(|t| t.position.as_str())),
        );
    }
    if extras.interim {
        let achievement = evaluation.trajectory.and_then(|t| t.achievement);
        put("interim_achievement", Field::Number(achievement));
    }
    if extras.trend {
        let course = course.cloned().unwrap_or_default();
        put("previous", Field::Number(course.previous));
        put("change", Field::Number(course.change));
        put(
            "trend",
            Field::text_or_null(course.trend.map(crate::timeline::Trend::as_str)),
        );
    }
    if extras.projection {
        let forecast = course.and_then(|c| c.forecast.as_ref());
        put("projected", Field::Number(forecast.map(|f| f.projected)));
        put(
            "projected_achievement",
            Field::Number(forecast.and_then(|f| f.share)),
        );
        put(
            "outlook",
            Field::text_or_null(forecast.and_then(|f| f.outlook).map(|o| o.as_str())),
        );
        if let Some(forecast) = forecast {
            put("approximate", Field::Flag(forecast.approximate));
        }
    }
    if extras.remark {
        put("remark", Field::Text(indicator.remark()));
    }
    if extras.published_grade {
        put("published_grade", Field::Text(&indicator.published_grade));
    }
}
/// The gate's totals and every reported row, as one object.
pub fn write_check(mut out: Box<dyn Write>, report: &GateReport, file: &str) -> io::Result<()> {
    let tally = &report.tally;
    let findings: Vec<Value> = report
        .checks
        .iter()
        .map(|check| {
            let mut object = evaluation_object(&check.evaluation, None, &Extras::default());
            object.insert("verdict".into(), report.check_label(check).into());
            object.insert("fails".into(), report.rules.fails(check.verdict).into());
            object.insert("reason".into(), check.reason.clone().into());
            object.insert("detail".into(), check_detail(check, report).into());
            Value::Object(object)
        })
        .collect();
    let mut object = Map::new();
    object.insert("file".into(), file.into());
    object.insert("threshold".into(), number(Some(report.rules.threshold)));
    object.insert("fails".into(), report.fails().into());
    object.insert("checked".into(), tally.checked.into());
    object.insert("passed".into(), tally.passed.into());
    object.insert("failed".into(), tally.failed.into());
    object.insert(
        "unmet".into(),
        (tally.failed - tally.below_threshold - tally.worsened).into(),
    );
    object.insert("worsened".into(), tally.worsened.into());
    object.insert("below_threshold".into(), tally.below_threshold.into());
    object.insert("passed_unmet".into(), tally.passed_unmet.into());
    object.insert("explained".into(), tally.explained.into());
    object.insert("pending".into(), tally.pending.into());
    object.insert("findings".into(), Value::Array(findings));
    serde_json::to_writer_pretty(&mut out, &object)?;
    out.write_all(b"\n")?;
    out.flush()
}

pub fn write_summary(out: Box<dyn Write>, summary: &Summary, lines: bool) -> io::Result<()> {
    let mut objects = Objects {
        out,
        lines,
        started: false,
    };
    let keys = summary.rollup.keys();
    for group in &summary.groups {
        let mut object = Map::new();
        for (key, value) in keys.iter().zip(&group.key) {
            object.insert(key.name().into(), value.clone().into());
        }
        object.insert("total".into(), false.into());
        insert_stats(&mut object, &group.stats);
        objects.write(object)?;
    }
    if let Some(total) = &summary.total {
        let mut object = Map::new();
        for key in keys {
            object.insert(key.name().into(), Value::Null);
        }
        object.insert("total".into(), true.into());
        insert_stats(&mut object, total);
        objects.write(object)?;
    }
    objects.finish()
}

fn insert_stats(object: &mut Map<String, Value>, stats: &StatsReport) {
    let values = [
        stats.indicators.into(),
        stats.evaluated.into(),
        stats.met.into(),
        stats.unmet.into(),
        stats.pending.into(),
        number(stats.met_share),
        number(stats.mean_achievement),
        number(stats.min_achievement),
        stats.worst_indicator.clone().map_or(Value::Null, Value::from),
    ];
    let mut names = SUMMARY_COLUMNS;
    names[6] = stats.aggregate.column();
    for (name, value) in names.into_iter().zip(values) {
        object.insert(name.into(), value);
    }
    if let Some(note) = stats.note {
        object.insert("note".into(), note.into());
    }
    if !stats.grades.is_empty() {
        let grades: Map<String, Value> = stats
            .grades
            .iter()
            .map(|(g, n)| (g.to_string(), (*n).into()))
            .collect();
        object.insert("grades".into(), Value::Object(grades));
    }
    if let Some(points) = stats.mean_points {
        object.insert("mean_points".into(), number(points));
    }
    if let Some(grade) = &stats.group_grade {
        object.insert(
            "group_grade".into(),
            grade.as_deref().map_or(serde_json::Value::Null, |g| g.into()),
        );
    }
    if let Some(counts) = stats.positions {
        for (position, count) in Position::ALL.into_iter().zip(counts) {
            object.insert(position.as_str().into(), count.into());
        }
    }
}
/// An exact decimal as a JSON number, or null.
fn number(value: Option<Decimal>) -> Value {
    value
        .and_then(|v| v.to_string().parse::<Number>().ok())
        .map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::{Direction, Indicator};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{2028}a-z第章]{0,12}",
            Just(String::new()),
        ]
    }

    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..8).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
    }

    proptest! {
        /// The object written straight into a row's bytes is the one
        /// serde_json writes for the map, byte for byte: any text (quotes,
        /// backslashes, control characters), any figure, any columns.
        #[test]
        fn objects_are_written_as_serde_json_writes_them(
            (chapter, name, unit, remark) in (text(), text(), text(), text()),
            (target, actual, baseline) in (decimal(), prop::option::of(decimal()), prop::option::of(decimal())),
            flags in prop::collection::vec(any::<bool>(), 9),
            direction in prop_oneof![Just(Direction::Increase), Just(Direction::Decrease), Just(Direction::Maintain)],
        ) {
            let indicator = Indicator {
                chapter: chapter.as_str().into(),
                unit: unit.as_str().into(),
                texts: crate::indicator::RowTexts { remark, ..Default::default() }.boxed(),
                baseline,
                actual,
                line: 7,
                ..Indicator::new(&name, direction, target)
            };
            let Ok(evaluation) = evaluate(indicator, &Settings::default()) else {
                return Ok(());
            };
            let extras = Extras {
                method: flags[0],
                raw: flags[1],
                grades: flags[2],
                grade_points: flags[3],
                trend: flags[4],
                projection: flags[5],
                trajectory: flags[6],
                interim: flags[7],
                remark: flags[8],
                published_grade: flags[8],
            };
            let mut written = Vec::new();
            push_object(&mut written, &evaluation, None, &extras).unwrap();
            let expected = serde_json::to_vec(&evaluation_object(&evaluation, None, &extras)).unwrap();
            prop_assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());
        }
    }

    /// Framed objects make one array however they are split into writes,
    /// and an empty one where there are none.
    #[test]
    fn framed_objects_make_one_array() {
        let write = |parts: &[&[u8]], lines: bool| {
            let out = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
            impl Write for Shared {
                fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                    self.0.borrow_mut().extend_from_slice(bytes);
                    Ok(bytes.len())
                }
                fn flush(&mut self) -> io::Result<()> {
                    Ok(())
                }
            }
            let mut objects = Objects {
                out: Box::new(Shared(out.clone())),
                lines,
                started: false,
            };
            for part in parts {
                objects.write_framed(part).unwrap();
            }
            objects.finish().unwrap();
            String::from_utf8(out.borrow().clone()).unwrap()
        };
        assert_eq!(
            write(&[b"", b",\n{}", b"", b",\n{},\n{}"], false),
            "[\n{},\n{},\n{}\n]\n"
        );
        assert_eq!(write(&[b""], false), "[]\n");
        assert_eq!(write(&[b"{}\n", b"", b"{}\n{}\n"], true), "{}\n{}\n{}\n");
    }
}
