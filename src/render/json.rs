//! JSON: one array of objects, or one object per line (`jsonl`).
//!
//! Numbers are written from their exact decimal text (serde_json's
//! `arbitrary_precision`), so 0.3 never becomes 0.30000000000000004.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

use super::{
    EvaluationWriter, Extras, Lang, SUMMARY_COLUMNS, Style, Summary, check_detail, labels, note_text,
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
    written: u64,
}

impl Objects {
    fn write(&mut self, object: Map<String, Value>) -> io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, &object)?;
        if self.lines {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

pub struct EvaluationJson {
    objects: Objects,
    extras: Extras,
}
impl EvaluationJson {
    pub fn new(out: Box<dyn Write>, lines: bool, style: Style) -> EvaluationJson {
        EvaluationJson {
            objects: Objects {
                out,
                lines,
                written: 0,
            },
            extras: style.extras,
        }
    }
}

impl EvaluationWriter for EvaluationJson {
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        self.objects
            .write(evaluation_object(evaluation, course, &self.extras))
    }

    fn finish(self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.objects.finish()
    }
}

/// The keys of the CSV columns, plus `line`; the optional columns that are on.
fn evaluation_object(
    evaluation: &Evaluation,
    course: Option<&Course>,
    extras: &Extras,
) -> Map<String, Value> {
    let indicator = &evaluation.indicator;
    let mut object = Map::new();
    object.insert("line".into(), indicator.line.into());
    object.insert("chapter".into(), (*indicator.chapter).into());
    object.insert("section".into(), (*indicator.section).into());
    object.insert("indicator".into(), indicator.name.clone().into());
    object.insert("unit".into(), (*indicator.unit).into());
    object.insert("direction".into(), indicator.direction.as_str().into());
    object.insert("period".into(), (*indicator.period).into());
    object.insert("baseline".into(), number(indicator.baseline));
    object.insert("target".into(), number(Some(indicator.target)));
    object.insert("actual".into(), number(indicator.actual));
    object.insert(
        "achievement".into(),
        number(evaluation.achievement.map(|a| a.shown)),
    );
    object.insert("status".into(), labels::row_status(evaluation, Lang::En).into());
    let note = note_text(evaluation, Lang::En);
    object.insert(
        "note".into(),
        if note.is_empty() {
            Value::Null
        } else {
            note.into_owned().into()
        },
    );
    if extras.method {
        object.insert("method".into(), evaluation.method.name().into());
    }
    if extras.raw {
        object.insert(
            "raw_achievement".into(),
            number(evaluation.achievement.and_then(|a| a.raw)),
        );
    }
    if extras.grades {
        object.insert(
            "grade".into(),
            evaluation
                .grade
                .as_ref()
                .map_or(Value::Null, |g| Value::from(&*g.name)),
        );
    }
    if extras.grade_points {
        object.insert(
            "grade_points".into(),
            number(evaluation.grade.as_ref().and_then(|g| g.points)),
        );
    }
    if extras.trajectory {
        let trajectory = evaluation.trajectory;
        object.insert("expected".into(), number(trajectory.map(|t| t.expected)));
        let position = trajectory.map(|t| t.position.as_str());
        object.insert("on_track".into(), position.map_or(Value::Null, Value::from));
    }
    if extras.interim {
        let achievement = evaluation.trajectory.and_then(|t| t.achievement);
        object.insert("interim_achievement".into(), number(achievement));
    }
    if extras.trend {
        let course = course.cloned().unwrap_or_default();
        object.insert("previous".into(), number(course.previous));
        object.insert("change".into(), number(course.change));
        let trend = course.trend.map(crate::timeline::Trend::as_str);
        object.insert("trend".into(), trend.map_or(Value::Null, Value::from));
    }
    if extras.projection {
        let forecast = course.and_then(|c| c.forecast.as_ref());
        object.insert("projected".into(), number(forecast.map(|f| f.projected)));
        object.insert(
            "projected_achievement".into(),
            number(forecast.and_then(|f| f.share)),
        );
        let outlook = forecast.and_then(|f| f.outlook).map(|o| o.as_str());
        object.insert("outlook".into(), outlook.map_or(Value::Null, Value::from));
        if let Some(forecast) = forecast {
            object.insert("approximate".into(), forecast.approximate.into());
        }
    }
    if extras.remark {
        object.insert("remark".into(), indicator.remark.clone().into());
    }
    object
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
        written: 0,
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
