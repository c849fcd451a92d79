//! Cell formatting every format shares: which columns `eval` has
//! (`Style`, `Extras`), an evaluation's cells as text or as typed figures
//! (`RowCell`), numbers written without allocating (`push_decimal`), digit
//! grouping, and the guards for terminals and spreadsheets.

use std::io::{self};

use rust_decimal::Decimal;

use super::labels::{self, EVALUATION_COLUMNS, Lang};
use crate::evaluate::Evaluation;
use crate::summarize::StatsReport;
use crate::timeline::Course;

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
    /// `published_grade`, when the input has a grade column (評価, 判定).
    pub published_grade: bool,
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
    if extras.published_grade {
        keys.push("published_grade");
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
    emit(Figure(indicator.shown_target(), ""))?;
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
        emit(Text(indicator.remark()))?;
    }
    if extras.published_grade {
        emit(Text(&indicator.published_grade))?;
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
        indicator.placeholder(),
        indicator.target_as_written(),
        evaluation
            .grade
            .as_ref()
            .and_then(|g| g.undecided)
            .map_or("", |why| labels::undecided(why, lang)),
    ];
    let mut written = parts.iter().filter(|p| !p.is_empty());
    let plain = match (written.next(), written.next()) {
        (None, _) => std::borrow::Cow::Borrowed(""),
        (Some(only), None) => std::borrow::Cow::Borrowed(*only),
        _ => std::borrow::Cow::Owned(
            parts
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("; "),
        ),
    };
    // Where the table has no direction column, the note says last what
    // decided the row's direction.
    match indicator.direction_from.as_deref() {
        None => plain,
        Some(inferred) => {
            let direction = labels::direction_note(indicator, *inferred, lang);
            if plain.is_empty() {
                direction.into()
            } else {
                format!("{plain}; {direction}").into()
            }
        }
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

/// The figures line of a report: counts, met share, mean achievement.
pub fn report_figures(stats: &StatsReport, words: &labels::ReportLabels) -> String {
    let percent = |value: Option<Decimal>| value.map(|v| format!("{v}%")).unwrap_or_else(|| "–".to_string());
    // With --grades: the count of each grade, and the section's grade
    // where the scheme has a roll-up.
    let grades: String = stats
        .grades
        .iter()
        .map(|(name, count)| format!(" · {name} {count}"))
        .chain(
            stats
                .group_grade
                .iter()
                .map(|grade| format!(" · {} {}", words.group_grade, grade.as_deref().unwrap_or("–"))),
        )
        .collect();
    let figures = format!(
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
    );
    figures + &grades
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
