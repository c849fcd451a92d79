//! The writers' shared shapes: `EvaluationWriter` (rows as they are
//! made), `RowFormat` (a row formatted on any thread) and `RowWriter`, and
//! a finished `Summary` with its lines' cells.

use std::io::{self, Write};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::labels::{self, Lang};
use crate::aggregate::Aggregate;
use crate::evaluate::Evaluation;
use crate::summarize::{GroupReport, Rollup, StatsReport};
use crate::timeline::Course;
use crate::trajectory::Position;

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
            .chain(
                matches!(aggregate, Aggregate::Sum | Aggregate::Weighted)
                    .then(|| labels::header("note", lang).to_string()),
            );
        let grades = self
            .rollup
            .grade_names()
            .iter()
            .map(|g| labels::grade_count(g, lang))
            .chain(
                self.rollup
                    .tracks_points()
                    .then(|| labels::header("mean_points", lang).to_string()),
            )
            .chain(
                self.rollup
                    .tracks_group_grades()
                    .then(|| labels::header("group_grade", lang).to_string()),
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
    // `--aggregate sum|weighted`: why a group has no rate (rows in
    // different units; weights all zero).
    if matches!(stats.aggregate, Aggregate::Sum | Aggregate::Weighted) {
        cells.push(stats.note.unwrap_or_default().to_string());
    }
    cells.extend(stats.grades.iter().map(|(_, count)| count.to_string()));
    if let Some(points) = &stats.mean_points {
        cells.push(points.map(|p| p.to_string()).unwrap_or_default());
    }
    if let Some(grade) = &stats.group_grade {
        cells.push(grade.as_deref().unwrap_or_default().to_string());
    }
    cells.extend(stats.positions.iter().flatten().map(u64::to_string));
    cells.extend(stats.trends.iter().flatten().map(u64::to_string));
    cells
}
