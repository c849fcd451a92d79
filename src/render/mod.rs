//! Output: one file per format, all taking the same evaluated data.
//!
//! Renderers only format: every number they print was computed and rounded
//! by `evaluate` or `summarize`. Adding a format is one new file here and one
//! `Format` variant.

mod csv;
mod encode;
mod github;
mod html;
mod json;
mod junit;
pub mod labels;
mod markdown;
mod table;
mod template;
mod text;
mod xlsx;

use std::io::{self, Write};
use std::sync::Arc;

use rust_decimal::Decimal;

pub use encode::encoded;
pub use labels::Lang;
pub use template::template;

use crate::aggregate::Aggregate;
use crate::evaluate::Evaluation;
use crate::gate::{Check, GateReport, Verdict, rate_beside_threshold};
use crate::indicator::Indicator;
use crate::report::Report;
use crate::summarize::{GroupReport, Rollup, StatsReport};
use crate::timeline::Course;
use crate::trajectory::Position;

/// An output format, chosen with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// CSV with a header row, for spreadsheets and scripts.
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// An Excel workbook (`-o FILE`): typed cells, percent formats, the
    /// evaluations and their roll-ups on sheets of their own.
    Xlsx,
}

/// An output format of `check`, chosen with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// One line per finding (FILE:LINE: …), then the totals.
    Text,
    /// GitHub Actions workflow commands: findings show on the CSV in a pull request.
    Github,
    /// JUnit XML: one testcase per indicator row, for CI test reporters.
    Junit,
    /// One JSON object with the totals and the findings.
    Json,
    /// A GitHub-flavoured Markdown table of the findings.
    Markdown,
    /// An Excel workbook of the findings (`-o FILE`).
    Xlsx,
}

/// Writes a gate's report in `format`; `file` is the input's name.
pub fn write_check(
    format: CheckFormat,
    out: Box<dyn Write>,
    report: &GateReport,
    file: &str,
) -> io::Result<()> {
    match format {
        CheckFormat::Text => text::write_check(out, report, file),
        CheckFormat::Github => github::write_check(out, report, file),
        CheckFormat::Junit => junit::write_check(out, report, file),
        CheckFormat::Json => json::write_check(out, report, file),
        CheckFormat::Markdown => markdown::write_check(out, report),
        CheckFormat::Xlsx => xlsx::write_check(out, report, file),
    }
}

/// Names a row the way planning staff look it up: section, indicator, period.
pub fn check_subject(indicator: &Indicator) -> String {
    let mut subject = String::new();
    for part in [&indicator.chapter, &indicator.section] {
        if !part.is_empty() {
            subject.push_str(part);
            subject.push_str(" / ");
        }
    }
    subject.push_str(&indicator.name);
    if !indicator.period.is_empty() {
        subject.push_str(&format!(" ({})", indicator.period));
    }
    subject
}

/// Says why a row is reported: its rate against the threshold, or pending.
pub fn check_detail(check: &Check, report: &GateReport) -> String {
    let evaluation = &check.evaluation;
    let indicator = &evaluation.indicator;
    let Some(achievement) = evaluation.achievement else {
        return "no actual yet (pending)".to_string();
    };
    let unit = if indicator.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", indicator.unit)
    };
    let actual = indicator.actual.map(|a| a.to_string()).unwrap_or_default();
    if report.rules.on_track {
        return match evaluation.trajectory {
            None => {
                "no trajectory: it needs baseline, baseline_year, target_year and a period that is a year"
                    .to_string()
            }
            Some(trajectory) => format!(
                "actual {actual}{unit} is {} the expected {}{unit} for {} on the line from {}{unit} (FY{}) to {}{unit} (FY{}), {}",
                match trajectory.position {
                    Position::Behind => "behind",
                    Position::OnTrack => "on track with",
                    Position::Ahead => "at the target, ahead of",
                },
                trajectory.expected,
                indicator.period,
                indicator.baseline.unwrap_or_default(),
                indicator.baseline_year.map_or(0, |y| y.0),
                indicator.target,
                indicator.target_year.map_or(0, |y| y.0),
                indicator.direction.as_str()
            ),
        };
    }
    // A row failing only for having worsened reached the threshold.
    let comparison = if check.verdict == Verdict::Passed || report.worsened_only(check) {
        "is at least"
    } else {
        "is below"
    };
    let (rate, cut) = rate_beside_threshold(&achievement, report.rules.threshold);
    let mut detail = format!(
        "achievement {rate}{}% {comparison} {}% (actual {actual}{unit}, target {}{unit}, {})",
        if cut { "…" } else { "" },
        report.rules.threshold,
        indicator.target,
        indicator.direction.as_str()
    );
    if let Some(course) = &check.course
        && course.trend == Some(crate::timeline::Trend::Worsened)
        && let (Some(previous), Some(actual)) = (course.previous, indicator.actual)
    {
        detail.push_str(&format!(
            "; worsened since the previous period ({previous} → {actual}{unit})"
        ));
    }
    if check.verdict == Verdict::Explained {
        detail.push_str(&format!("; reason: {}", check.reason));
    }
    detail
}

/// `3 unmet, 1 explained, 0 pending of 16 checked`, with the rows that
/// met their target below the threshold, and those that missed it above.
pub fn tally_line(report: &GateReport) -> String {
    let tally = &report.tally;
    let mut line = format!(
        "{} {}, ",
        tally.failed - tally.below_threshold - tally.worsened,
        report.label(Verdict::Failed)
    );
    if tally.below_threshold > 0 {
        line.push_str(&format!("{} below threshold, ", tally.below_threshold));
    }
    if tally.worsened > 0 {
        line.push_str(&format!("{} worsened, ", tally.worsened));
    }
    line.push_str(&format!(
        "{} explained, {} pending of {} checked",
        tally.explained, tally.pending, tally.checked
    ));
    if tally.passed_unmet > 0 && report.rules.on_track {
        line.push_str(&format!("; {} unmet but on track (passed)", tally.passed_unmet));
    } else if tally.passed_unmet > 0 {
        line.push_str(&format!(
            "; {} unmet but at or above the {}% threshold (passed)",
            tally.passed_unmet, report.rules.threshold
        ));
    }
    line
}

/// An output format of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page with bars and a chart, printable on A4.
    Html,
    /// The same tables in GitHub-flavoured Markdown.
    Markdown,
    /// The 総括表 as a workbook sheet (`-o FILE`): sections as blocks,
    /// periods under merged headers, A4 landscape.
    Xlsx,
}

/// Writes a report in `format`.
pub fn write_report(
    format: ReportFormat,
    out: Box<dyn Write>,
    report: &Report,
    decimals: u32,
    lang: Lang,
) -> io::Result<()> {
    match format {
        ReportFormat::Html => html::write_report(out, report, decimals, lang),
        ReportFormat::Markdown => markdown::write_report(out, report, lang),
        ReportFormat::Xlsx => xlsx::write_report(out, report, decimals, lang),
    }
}

/// The figures line of a report: counts, met share, mean achievement.
pub fn report_figures(stats: &StatsReport, words: &labels::ReportLabels) -> String {
    let percent = |value: Option<Decimal>| value.map(|v| format!("{v}%")).unwrap_or_else(|| "–".to_string());
    format!(
        "{} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
        stats.indicators,
        words.indicators,
        stats.evaluated,
        words.evaluated,
        stats.met,
        words.met,
        stats.unmet,
        words.unmet,
        words.met_share,
        percent(stats.met_share),
        words.achievement(stats.aggregate),
        percent(stats.mean_achievement)
    )
}

/// Optional `eval` columns, after the stable twelve.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extras {
    /// `method`: the method used, with `--method` or a `method` column.
    pub method: bool,
    /// `raw_achievement`: the method's value, neither capped nor floored.
    pub raw: bool,
    /// `grade`, with `--grades`.
    pub grades: bool,
    /// `grade_points`, with grades that carry points.
    pub grade_points: bool,
    /// `previous`, `change` and `trend`, with `--trend`.
    pub trend: bool,
    /// `projected`, `projected_achievement` and `outlook`, with `--projection`.
    pub projection: bool,
    /// `expected` and `on_track`, with `--trajectory`.
    pub trajectory: bool,
    /// `interim_achievement`, with `--interim`.
    pub interim: bool,
    /// `remark`, when the input has a remark (備考) column.
    pub remark: bool,
}

/// How output looks, beyond the format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// Draw tables with ASCII only, for terminals that show box-drawing
    /// characters double width ("ambiguous = wide").
    pub ascii: bool,
    /// Places of a percent that figures were rounded to.
    pub decimals: u32,
    /// The language of headers, statuses and notes.
    pub lang: Lang,
    pub extras: Extras,
    /// CSV: write text cells that look like formulas as they are, without
    /// the protective `'` (`--raw-text`).
    pub raw_text: bool,
}

/// The per-indicator columns of `eval`, in their stable order.
pub const EVALUATION_COLUMNS: [&str; 12] = [
    "chapter",
    "section",
    "indicator",
    "unit",
    "direction",
    "period",
    "baseline",
    "target",
    "actual",
    "achievement",
    "status",
    "note",
];

/// The per-group columns of `summary`, after the group columns.
pub const SUMMARY_COLUMNS: [&str; 9] = [
    "indicators",
    "evaluated",
    "met",
    "unmet",
    "pending",
    "met_share",
    "mean_achievement",
    "min_achievement",
    "worst_indicator",
];

/// Writes evaluations one at a time as they are made.
pub trait EvaluationWriter {
    /// Writes one evaluation; `course` is its trend, with `--trend`.
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()>;
    /// How this writer turns an evaluation into bytes, where that needs
    /// nothing from the rows before (CSV): the threads that read a large
    /// input then format their own rows, and `write_formatted` writes them.
    fn row_format(&self) -> Option<Arc<dyn RowFormat>> {
        None
    }
    /// Writes rows formatted by `row_format`, in input order.
    fn write_formatted(&mut self, _rows: &[u8]) -> io::Result<()> {
        Err(io::Error::other("this format formats its own rows"))
    }
    /// Ends the output; `rollups` are the roll-ups a format may append
    /// (the terminal table shows them under the rows).
    fn finish(self: Box<Self>, rollups: &[Rollup]) -> io::Result<()>;
}

/// Formats one evaluation as the bytes its writer would write, on any
/// thread. Only for formats whose rows depend on nothing but the row.
pub trait RowFormat: Send + Sync {
    fn push_row(&self, out: &mut Vec<u8>, evaluation: &Evaluation, course: Option<&Course>)
    -> io::Result<()>;
}

/// Writes the rows its `RowFormat` formats: each as it comes, or a block's
/// at once, formatted by the thread that read them (CSV and Markdown, whose
/// header is written before; JSON frames its objects in its own writer).
pub struct RowWriter<R> {
    out: Box<dyn Write>,
    rows: Arc<R>,
    /// The row being written, reused for every row.
    line: Vec<u8>,
}

impl<R: RowFormat + 'static> RowWriter<R> {
    pub fn new(out: Box<dyn Write>, rows: R) -> RowWriter<R> {
        RowWriter {
            out,
            rows: Arc::new(rows),
            line: Vec::new(),
        }
    }
}

impl<R: RowFormat + 'static> EvaluationWriter for RowWriter<R> {
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        self.line.clear();
        self.rows.push_row(&mut self.line, evaluation, course)?;
        self.out.write_all(&self.line)
    }

    fn row_format(&self) -> Option<Arc<dyn RowFormat>> {
        Some(self.rows.clone())
    }

    fn write_formatted(&mut self, rows: &[u8]) -> io::Result<()> {
        self.out.write_all(rows)
    }

    fn finish(mut self: Box<Self>, _rollups: &[Rollup]) -> io::Result<()> {
        self.out.flush()
    }
}

/// A writer of evaluations in `format`.
pub fn evaluation_writer(
    format: Format,
    out: Box<dyn Write>,
    style: Style,
) -> io::Result<Box<dyn EvaluationWriter>> {
    Ok(match format {
        Format::Table => Box::new(table::EvaluationTable::new(out, style)),
        Format::Csv => Box::new(csv::evaluation_writer(out, style)?),
        Format::Json => Box::new(json::EvaluationJson::new(out, false, style)),
        Format::Jsonl => Box::new(json::EvaluationJson::new(out, true, style)),
        Format::Markdown => Box::new(markdown::evaluation_writer(out, style)?),
        Format::Xlsx => Box::new(xlsx::EvaluationXlsx::new(out, style)),
    })
}

/// A finished summary: one line per group, and the overall line if wanted.
pub struct Summary<'a> {
    pub rollup: &'a Rollup,
    pub groups: Vec<GroupReport>,
    pub total: Option<StatsReport>,
}

impl<'a> Summary<'a> {
    /// Fails only where the rollup's distinct indicators cannot be read
    /// back from their temporary file.
    pub fn new(rollup: &'a Rollup, decimals: u32, with_total: bool) -> io::Result<Summary<'a>> {
        Ok(Summary {
            rollup,
            groups: rollup.groups(decimals)?,
            total: with_total.then(|| rollup.total(decimals)).transpose()?,
        })
    }

    /// The group column names, then the figures' (`SUMMARY_COLUMNS`, then a
    /// count per grade and per trajectory position when those are on).
    pub fn headers(&self, lang: Lang) -> Vec<String> {
        let keys = self
            .rollup
            .keys()
            .iter()
            .map(|k| labels::group(*k, lang).to_string());
        let aggregate = self.rollup.aggregate();
        let figures = labels::summary_headers(lang, aggregate)
            .into_iter()
            .map(str::to_string)
            .chain((aggregate == Aggregate::Sum).then(|| labels::header("note", lang).to_string()));
        let grades = self
            .rollup
            .grade_names()
            .iter()
            .map(|g| labels::grade_count(g, lang))
            .chain(
                self.rollup
                    .tracks_points()
                    .then(|| labels::header("mean_points", lang).to_string()),
            );
        let positions = self
            .rollup
            .tracks_positions()
            .then(|| Position::ALL.map(|p| labels::position(p, lang).to_string()))
            .into_iter()
            .flatten();
        let trends = self
            .rollup
            .tracks_trends()
            .then(|| ["improved", "flat", "worsened"].map(|k| labels::header(k, lang).to_string()))
            .into_iter()
            .flatten();
        keys.chain(figures)
            .chain(grades)
            .chain(positions)
            .chain(trends)
            .collect()
    }

    /// Every line as key cells and figure cells, the total last; percents
    /// are written as plain numbers, `percent_suffix` appended if given.
    pub fn lines(&self, percent_suffix: &str, lang: Lang) -> Vec<Vec<String>> {
        let mut lines: Vec<Vec<String>> = self
            .groups
            .iter()
            .map(|g| {
                let mut line = g.key.clone();
                line.extend(stats_cells(&g.stats, percent_suffix));
                line
            })
            .collect();
        if let Some(total) = &self.total {
            let mut line = total_key(self.rollup.keys().len(), lang);
            line.extend(stats_cells(total, percent_suffix));
            lines.push(line);
        }
        lines
    }
}

/// The group cells of the overall line: the label, then empty cells.
fn total_key(key_count: usize, lang: Lang) -> Vec<String> {
    (0..key_count)
        .map(|i| {
            if i == 0 {
                labels::total(lang).to_string()
            } else {
                String::new()
            }
        })
        .collect()
}

/// Writes a summary in `format`.
pub fn write_summary(format: Format, out: Box<dyn Write>, summary: &Summary, style: Style) -> io::Result<()> {
    match format {
        Format::Table => table::write_summary(out, summary, style),
        Format::Csv => csv::write_summary(out, summary, style),
        Format::Json => json::write_summary(out, summary, false),
        Format::Jsonl => json::write_summary(out, summary, true),
        Format::Markdown => markdown::write_summary(out, summary, style.lang),
        Format::Xlsx => xlsx::write_summary(out, summary, style),
    }
}

/// The columns of `eval` under `style`: the stable twelve
/// (`EVALUATION_COLUMNS`), then the optional ones that are on, as keys
/// (`labels::header` gives a key's header in a language).
pub fn evaluation_keys(extras: &Extras) -> Vec<&'static str> {
    let mut keys = EVALUATION_COLUMNS.to_vec();
    if extras.method {
        keys.push("method");
    }
    if extras.raw {
        keys.push("raw_achievement");
    }
    if extras.grades {
        keys.push("grade");
    }
    if extras.grade_points {
        keys.push("grade_points");
    }
    if extras.trajectory {
        keys.extend(["expected", "on_track"]);
    }
    if extras.interim {
        keys.push("interim_achievement");
    }
    if extras.trend {
        keys.extend(["previous", "change", "trend"]);
    }
    if extras.projection {
        keys.extend(["projected", "projected_achievement", "outlook"]);
    }
    if extras.remark {
        keys.push("remark");
    }
    keys
}

/// Keys of columns that hold numbers (right-aligned in tables).
pub const NUMERIC_KEYS: [&str; 11] = [
    "projected",
    "projected_achievement",
    "previous",
    "change",
    "baseline",
    "target",
    "actual",
    "achievement",
    "raw_achievement",
    "expected",
    "interim_achievement",
];

/// The cells of one evaluation, in `evaluation_keys` order; percents with
/// `percent_suffix` appended.
pub fn evaluation_cells(
    evaluation: &Evaluation,
    course: Option<&Course>,
    percent_suffix: &str,
    style: &Style,
) -> Vec<String> {
    let mut cells = Vec::with_capacity(EVALUATION_COLUMNS.len() + 5);
    let mut scratch = String::new();
    for_each_cell(evaluation, course, percent_suffix, style, |cell| {
        cells.push(cell.text(&mut scratch).to_string());
        Ok(())
    })
    .unwrap_or_default();
    cells
}

/// One cell of an evaluation's row, as `for_each_cell` hands it over.
#[derive(Clone, Copy, Debug)]
pub enum RowCell<'a> {
    Text(&'a str),
    /// A number (an empty cell when `None`) and the suffix a percent takes:
    /// figures are most of a row, and a writer formats them where they go
    /// (CSV straight into its line) rather than through a scratch string.
    Figure(Option<Decimal>, &'a str),
}

impl<'a> RowCell<'a> {
    /// The cell as text; a figure is formatted into `scratch`.
    pub fn text<'b>(self, scratch: &'b mut String) -> &'b str
    where
        'a: 'b,
    {
        match self {
            RowCell::Text(text) => text,
            RowCell::Figure(value, suffix) => {
                scratch.clear();
                push_figure(scratch, value, suffix);
                scratch
            }
        }
    }
}

/// A figure cell's text: the number and its suffix (`%`), or nothing.
pub fn push_figure(out: &mut impl TextSink, value: Option<Decimal>, suffix: &str) {
    if let Some(value) = value {
        push_decimal(out, value);
        out.push_text(suffix);
    }
}

/// Hands each cell of one evaluation to `write`, in `evaluation_keys`
/// order, borrowing the text where it can: the streaming writers call this
/// once per row, and it allocates nothing.
pub fn for_each_cell(
    evaluation: &Evaluation,
    course: Option<&Course>,
    percent_suffix: &str,
    style: &Style,
    mut emit: impl FnMut(RowCell) -> io::Result<()>,
) -> io::Result<()> {
    use RowCell::{Figure, Text};
    let indicator = &evaluation.indicator;
    let lang = style.lang;
    let achievement = evaluation.achievement;
    emit(Text(&indicator.chapter))?;
    emit(Text(&indicator.section))?;
    emit(Text(&indicator.name))?;
    emit(Text(&indicator.unit))?;
    emit(Text(labels::direction(indicator.direction, lang)))?;
    emit(Text(&indicator.period))?;
    emit(Figure(indicator.baseline, ""))?;
    emit(Figure(Some(indicator.target), ""))?;
    emit(Figure(indicator.actual, ""))?;
    emit(Figure(achievement.map(|a| a.shown), percent_suffix))?;
    emit(Text(labels::row_status(evaluation, lang)))?;
    match course.and_then(|c| c.forecast.as_ref()).filter(|f| f.approximate) {
        // Powers and roots are the one step in floating point: say so.
        Some(_) => {
            let note = note_text(evaluation, lang);
            let floating = labels::note_floating(lang);
            if note.is_empty() {
                emit(Text(floating))?;
            } else {
                emit(Text(&format!("{note}; {floating}")))?;
            }
        }
        None => emit(Text(&note_text(evaluation, lang)))?,
    }
    let extras = &style.extras;
    if extras.method {
        emit(Text(evaluation.method.name()))?;
    }
    if extras.raw {
        emit(Figure(achievement.and_then(|a| a.raw), percent_suffix))?;
    }
    if extras.grades {
        emit(Text(evaluation.grade.as_ref().map_or("", |g| &g.name)))?;
    }
    if extras.grade_points {
        emit(Figure(evaluation.grade.as_ref().and_then(|g| g.points), ""))?;
    }
    if extras.trajectory {
        let trajectory = evaluation.trajectory;
        emit(Figure(trajectory.map(|t| t.expected), ""))?;
        emit(Text(
            trajectory
                .map(|t| labels::position(t.position, lang))
                .unwrap_or_default(),
        ))?;
    }
    if extras.interim {
        emit(Figure(
            evaluation.trajectory.and_then(|t| t.achievement),
            percent_suffix,
        ))?;
    }
    if extras.trend {
        let course = course.cloned().unwrap_or_default();
        emit(Figure(course.previous, ""))?;
        emit(Figure(course.change, ""))?;
        emit(Text(course.trend.map_or("", |t| labels::trend(t, lang))))?;
    }
    if extras.projection {
        let forecast = course.and_then(|c| c.forecast.as_ref());
        emit(Figure(forecast.map(|f| f.projected), ""))?;
        emit(Figure(forecast.and_then(|f| f.share), percent_suffix))?;
        emit(Text(
            forecast
                .and_then(|f| f.outlook)
                .map_or("", |o| labels::outlook(o, lang)),
        ))?;
    }
    if extras.remark {
        emit(Text(&indicator.remark))?;
    }
    Ok(())
}

/// A number as councils print it: thousands separated (`2,900`,
/// `-12,345.6`). For tables and reports; CSV and JSON stay plain.
pub fn grouped(value: Decimal) -> String {
    let mut plain = String::new();
    push_decimal(&mut plain, value);
    group_digits(&plain)
}

/// Puts thousands separators into the integer part of a plain number
/// already printed (`12345.6%` → `12,345.6%`); other text is left alone.
pub fn group_digits(text: &str) -> String {
    let body = text.strip_prefix('-').unwrap_or(text);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits <= 3 || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'%') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + digits / 3);
    if text.starts_with('-') {
        out.push('-');
    }
    for (i, c) in body[..digits].chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(&body[digits..]);
    out
}

/// A text cell as a terminal may show it: control characters (an ESC
/// sequence in an indicator's name could recolour or clear the screen) are
/// dropped, and line breaks and tabs become spaces.
pub fn terminal_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Whether a spreadsheet would take a text cell for a formula (OWASP's
/// CSV-injection list: `=`, `+`, `-`, `@`, tab, carriage return).
pub fn looks_like_formula(text: &str) -> bool {
    // All ASCII: the first byte tells, without decoding a character.
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// The note column: why a rate was decided other than by the formula, the
/// placeholder a pending row printed instead of its actual (`集計中`), and
/// a target written relative to the baseline (`393人増`), joined by `; `.
pub fn note_text(evaluation: &Evaluation, lang: Lang) -> std::borrow::Cow<'_, str> {
    let indicator = &evaluation.indicator;
    let parts = [
        evaluation.note.map_or("", |note| labels::note(note, lang)),
        &indicator.placeholder,
        &indicator.target_as_written,
    ];
    let mut written = parts.iter().filter(|p| !p.is_empty());
    match (written.next(), written.next()) {
        (None, _) => std::borrow::Cow::Borrowed(""),
        (Some(only), None) => std::borrow::Cow::Borrowed(only),
        _ => std::borrow::Cow::Owned(
            parts
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// Appends `value` as `Decimal`'s `Display` writes it (plain digits, the
/// given scale kept), without its formatting machinery: the number columns
/// are most of the output, and this was the largest cost in writing them.
pub fn push_decimal(out: &mut impl TextSink, value: Decimal) {
    let mantissa = value.mantissa();
    let scale = value.scale() as usize;
    if mantissa < 0 {
        out.push_text("-");
    }
    let mut buffer = itoa::Buffer::new();
    // Formatting a u128 divides in 128 bits; a plan's figures fit in 64.
    let magnitude = mantissa.unsigned_abs();
    let digits = match u64::try_from(magnitude) {
        Ok(small) => buffer.format(small),
        Err(_) => buffer.format(magnitude),
    };
    if scale == 0 {
        out.push_text(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_text(whole);
        out.push_text(".");
        out.push_text(fraction);
    } else {
        out.push_text("0.");
        for _ in digits.len()..scale {
            out.push_text("0");
        }
        out.push_text(digits);
    }
}

/// Where `push_decimal` writes: a string, or the bytes of a CSV line.
pub trait TextSink {
    fn push_text(&mut self, text: &str);
}

impl TextSink for String {
    fn push_text(&mut self, text: &str) {
        self.push_str(text);
    }
}

impl TextSink for Vec<u8> {
    fn push_text(&mut self, text: &str) {
        self.extend_from_slice(text.as_bytes());
    }
}

fn stats_cells(stats: &StatsReport, percent_suffix: &str) -> Vec<String> {
    let percent = |value: Option<Decimal>| value.map(|v| format!("{v}{percent_suffix}")).unwrap_or_default();
    let mut cells = vec![
        stats.indicators.to_string(),
        stats.evaluated.to_string(),
        stats.met.to_string(),
        stats.unmet.to_string(),
        stats.pending.to_string(),
        percent(stats.met_share),
        percent(stats.mean_achievement),
        percent(stats.min_achievement),
        stats.worst_indicator.clone().unwrap_or_default(),
    ];
    // `--aggregate sum`: why a group has no sum (rows in different units).
    if stats.aggregate == Aggregate::Sum {
        cells.push(stats.note.unwrap_or_default().to_string());
    }
    cells.extend(stats.grades.iter().map(|(_, count)| count.to_string()));
    if let Some(points) = &stats.mean_points {
        cells.push(points.map(|p| p.to_string()).unwrap_or_default());
    }
    cells.extend(stats.positions.iter().flatten().map(u64::to_string));
    cells.extend(stats.trends.iter().flatten().map(u64::to_string));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn push_decimal_writes_what_display_writes(mantissa in -10i64.pow(18)..10i64.pow(18), scale in 0u32..=9) {
            let value = Decimal::new(mantissa, scale);
            let mut out = String::new();
            push_decimal(&mut out, value);
            prop_assert_eq!(out, value.to_string());
        }

        /// Beyond 64 bits too: a mantissa of up to 96 bits, at any scale.
        #[test]
        fn push_decimal_writes_large_values_as_display_does(
            mantissa in -(1i128 << 96) + 1..(1i128 << 96),
            scale in 0u32..=28,
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            let mut out = String::new();
            push_decimal(&mut out, value);
            prop_assert_eq!(out, value.to_string());
        }
    }
}
