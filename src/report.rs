//! The summary table people read (総括表): per chapter and section, each
//! indicator on one row with its periods side by side, the section's
//! figures, and the reasons given for what was missed.
//!
//! A report is a document, so it holds every evaluation; renderers only lay
//! it out (`render::html`, `render::markdown`).

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::aggregate::Aggregate;
use crate::evaluate::{Evaluation, Grades, Status};
use crate::indicator::{Direction, SectionReason, is_explanation};
use crate::period;
use crate::projection::Outlook;
use crate::summarize::{GroupBy, Rollup, Shape, Stats, StatsReport};
use crate::timeline::{Course, Trend};

/// One period of one indicator: target, actual and the rate as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodCell {
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    /// As `eval` prints it; `None` while pending.
    pub achievement: Option<Decimal>,
    pub status: Status,
    /// Where it went since the indicator's previous measured period.
    pub trend: Option<Trend>,
    /// The value projected at the target year from this period, and
    /// whether that reaches the target.
    pub projected: Option<Decimal>,
    pub outlook: Option<Outlook>,
    /// The row's grade (`--grades`), and its rank among the scheme's
    /// grades (0 the best), for colouring.
    pub grade: Option<(Arc<str>, usize)>,
}

/// One indicator with its periods, in the report's period order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorRow {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    /// Aligned with its section's `periods`; `None` where the indicator
    /// has no row.
    pub periods: Vec<Option<PeriodCell>>,
    /// The target of the indicator's latest period (目標値 at the plan's end).
    pub final_target: Option<Decimal>,
    /// The value projected at the target year from the latest measured
    /// period, and its outlook.
    pub projected: Option<Decimal>,
    pub outlook: Option<Outlook>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionReport {
    pub name: String,
    /// The periods the section's indicators have, in the report's order:
    /// the latest `MAX_SECTION_PERIODS` where there are more.
    pub periods: Vec<String>,
    /// How many earlier periods of the section are not shown.
    pub periods_left_out: usize,
    pub indicators: Vec<IndicatorRow>,
    /// Distinct reasons written for the section's rows, in file order.
    pub reasons: Vec<String>,
    pub stats: StatsReport,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChapterReport {
    pub name: String,
    pub sections: Vec<SectionReport>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    /// Every period of the file: in time order where all are years or
    /// dates, else in order of first appearance.
    pub periods: Vec<String>,
    /// The most periods any section shows: the width of the tables.
    pub widest: usize,
    pub chapters: Vec<ChapterReport>,
    pub total: StatsReport,
    /// The grades of `--grades`, best first (none without).
    pub grade_names: Vec<Arc<str>>,
    /// How many of them grade evaluable rows: the worst is the last.
    pub graded_names: usize,
}

type IndicatorKey = (String, String, String);

/// A row and its periods' cells, by index into the report's periods.
type RowWithCells = (IndicatorRow, Vec<(usize, PeriodCell)>);

/// The most periods one section's table shows (the latest ones): a file
/// with hundreds of periods would otherwise give a page of hundreds of
/// columns in every section.
pub const MAX_SECTION_PERIODS: usize = 12;

/// Collects evaluations into a report.
#[derive(Debug)]
pub struct ReportBuilder {
    periods: Vec<String>,
    period_index: HashMap<String, usize>,
    /// Each row's periods, by index into `periods`: only those it has.
    cells: Vec<Vec<(usize, PeriodCell)>>,
    /// Chapters and their sections in order of first appearance.
    chapters: Vec<(String, Vec<String>)>,
    rows: Vec<(IndicatorKey, IndicatorRow)>,
    index: HashMap<IndicatorKey, usize>,
    reasons: HashMap<(String, String), Vec<String>>,
    rollup: Rollup,
    /// The grades of `--grades`, best first.
    grade_names: Vec<Arc<str>>,
    /// How many of them grade evaluable rows (the worst is the last).
    graded_names: usize,
}

impl Default for ReportBuilder {
    fn default() -> ReportBuilder {
        ReportBuilder::new(Aggregate::Mean, true)
    }
}

impl ReportBuilder {
    /// Also grade, count grades per section and grade each section by
    /// the scheme's roll-up.
    pub fn with_grades(mut self, grades: &Grades) -> ReportBuilder {
        self.grade_names = grades.names();
        self.graded_names = grades.evaluable_names();
        self.rollup = self
            .rollup
            .with_grades(grades.names(), grades.has_points())
            .with_group_grades(grades.clone());
        self
    }

    /// A report whose section figures roll up by `aggregate`.
    pub fn new(aggregate: Aggregate, cap: bool) -> ReportBuilder {
        ReportBuilder {
            periods: Vec::new(),
            period_index: HashMap::new(),
            cells: Vec::new(),
            chapters: Vec::new(),
            rows: Vec::new(),
            index: HashMap::new(),
            reasons: HashMap::new(),
            rollup: Rollup::new(vec![GroupBy::Chapter, GroupBy::Section]).with_aggregate(aggregate, cap),
            grade_names: Vec::new(),
            graded_names: 0,
        }
    }

    pub fn add(&mut self, evaluation: Evaluation) {
        self.add_traced(evaluation, None);
    }

    /// Adds a row with its course: its trend, and its projection.
    pub fn add_traced(&mut self, evaluation: Evaluation, course: Option<Course>) {
        // A subtotal (計, 合計) repeats rows the report already shows.
        if evaluation.indicator.subtotal {
            return;
        }
        self.rollup.add(&evaluation);
        let indicator = &evaluation.indicator;
        let period = match self.period_index.get(&*indicator.period) {
            Some(&index) => index,
            None => {
                self.period_index
                    .insert(indicator.period.to_string(), self.periods.len());
                self.periods.push(indicator.period.to_string());
                self.periods.len() - 1
            }
        };
        self.place(&indicator.chapter, &indicator.section);
        for reason in [indicator.reason(), indicator.section_reason()] {
            let reasons = self
                .reasons
                .entry((indicator.chapter.to_string(), indicator.section.to_string()))
                .or_default();
            if is_explanation(reason) && !reasons.iter().any(|r| r == reason) {
                reasons.push(reason.to_string());
            }
        }
        let key = (
            indicator.chapter.to_string(),
            indicator.section.to_string(),
            indicator.name.clone(),
        );
        let slot = *self.index.entry(key.clone()).or_insert_with(|| {
            self.rows.push((
                key,
                IndicatorRow {
                    name: indicator.name.clone(),
                    unit: indicator.unit.to_string(),
                    direction: indicator.direction,
                    baseline: indicator.baseline,
                    periods: Vec::new(),
                    final_target: indicator.shown_target(),
                    projected: None,
                    outlook: None,
                },
            ));
            self.cells.push(Vec::new());
            self.rows.len() - 1
        });
        let row = &mut self.rows[slot].1;
        row.baseline = row.baseline.or(indicator.baseline);
        let cells = &mut self.cells[slot];
        let cell = PeriodCell {
            target: indicator.shown_target(),
            actual: indicator.actual,
            achievement: evaluation.achievement.map(|a| a.shown),
            status: evaluation.status,
            trend: course.as_ref().and_then(|c| c.trend),
            projected: course
                .as_ref()
                .and_then(|c| c.forecast.as_ref())
                .map(|f| f.projected),
            outlook: course.and_then(|c| c.forecast).and_then(|f| f.outlook),
            grade: evaluation.grade.as_ref().map(|g| {
                let rank = self.grade_names.iter().position(|n| *n == g.name).unwrap_or(0);
                (g.name.clone(), rank)
            }),
        };
        // A period given twice: the later row, as before.
        match cells.iter_mut().find(|(p, _)| *p == period) {
            Some((_, kept)) => *kept = cell,
            None => cells.push((period, cell)),
        }
    }

    /// Reasons the input wrote in blocks below their sections.
    pub fn add_section_reasons(&mut self, reasons: &[SectionReason]) {
        for reason in reasons.iter().filter(|r| is_explanation(&r.text)) {
            let listed = self
                .reasons
                .entry((reason.chapter.clone(), reason.section.clone()))
                .or_default();
            if !listed.contains(&reason.text) {
                listed.push(reason.text.clone());
            }
        }
    }

    fn place(&mut self, chapter: &str, section: &str) {
        let sections = match self.chapters.iter().position(|(c, _)| c == chapter) {
            Some(index) => &mut self.chapters[index].1,
            None => {
                self.chapters.push((chapter.to_string(), Vec::new()));
                &mut self.chapters.last_mut().expect("just pushed").1
            }
        };
        if !sections.iter().any(|s| s == section) {
            sections.push(section.to_string());
        }
    }

    /// The report, with figures rounded to `decimals`. Fails only where the
    /// distinct indicators cannot be read back from their temporary file.
    pub fn finish(self, title: String, decimals: u32) -> io::Result<Report> {
        // Columns in time order where periods are years or dates, so that
        // H26 comes before H30 whichever the file lists first.
        let order = period::chronological(&self.periods);
        let mut rank = vec![0; self.periods.len()];
        for (place, &index) in order.iter().enumerate() {
            rank[index] = place;
        }
        let mut stats: HashMap<Vec<String>, StatsReport> = self
            .rollup
            .groups(decimals)?
            .into_iter()
            .map(|group| (group.key, group.stats))
            .collect();
        let mut rows_by_section: HashMap<(String, String), Vec<RowWithCells>> = HashMap::new();
        for (((chapter, section, _), mut row), mut cells) in self.rows.into_iter().zip(self.cells) {
            cells.sort_by_key(|(period, _)| rank[*period]);
            // The plan's final target is the target of the latest period;
            // the projection is the latest measured period's.
            if let Some((_, last)) = cells.last() {
                row.final_target = last.target;
            }
            let latest = cells
                .iter()
                .rev()
                .map(|(_, c)| c)
                .find(|cell| cell.actual.is_some());
            (row.projected, row.outlook) = latest.map_or((None, None), |cell| (cell.projected, cell.outlook));
            rows_by_section
                .entry((chapter, section))
                .or_default()
                .push((row, cells));
        }
        let mut reasons = self.reasons;
        let mut widest = 0;
        let chapters = self
            .chapters
            .into_iter()
            .map(|(chapter, sections)| ChapterReport {
                sections: sections
                    .into_iter()
                    .map(|section| {
                        let key = (chapter.clone(), section.clone());
                        let rows = rows_by_section.remove(&key).unwrap_or_default();
                        let (periods, left_out, indicators) = section_periods(rows, &rank);
                        widest = widest.max(periods.len());
                        SectionReport {
                            reasons: reasons
                                .remove(&(chapter.clone(), section.clone()))
                                .unwrap_or_default(),
                            stats: stats
                                .remove(&vec![chapter.clone(), section.clone()])
                                .unwrap_or_else(empty_stats),
                            indicators,
                            periods: periods.iter().map(|&p| self.periods[p].clone()).collect(),
                            periods_left_out: left_out,
                            name: section,
                        }
                    })
                    .collect(),
                name: chapter,
            })
            .collect();
        Ok(Report {
            title,
            periods: order.iter().map(|&i| self.periods[i].clone()).collect(),
            widest,
            grade_names: self.grade_names,
            graded_names: self.graded_names,
            chapters,
            total: self.rollup.total(decimals)?,
        })
    }
}

/// A section's periods (the latest `MAX_SECTION_PERIODS` of those its rows
/// have, in the report's order), how many earlier ones are left out, and
/// its rows with their cells aligned to them.
fn section_periods(rows: Vec<RowWithCells>, rank: &[usize]) -> (Vec<usize>, usize, Vec<IndicatorRow>) {
    let mut periods: Vec<usize> = rows
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(|(p, _)| *p))
        .collect();
    periods.sort_by_key(|&p| rank[p]);
    periods.dedup();
    let left_out = periods.len().saturating_sub(MAX_SECTION_PERIODS);
    periods.drain(..left_out);
    let indicators = rows
        .into_iter()
        .map(|(mut row, cells)| {
            row.periods = periods
                .iter()
                .map(|p| cells.iter().find(|(q, _)| q == p).map(|(_, c)| c.clone()))
                .collect();
            row
        })
        .collect();
    (periods, left_out, indicators)
}

fn empty_stats() -> StatsReport {
    Stats::default().report(0, 1, &Shape::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Settings, evaluate};
    use crate::indicator::Indicator;
    use std::str::FromStr;

    fn evaluation(
        section: &str,
        name: &str,
        period: &str,
        target: &str,
        actual: &str,
        reason: &str,
    ) -> Evaluation {
        let indicator = Indicator {
            chapter: "第5章".into(),
            section: section.into(),
            period: period.into(),
            actual: Some(Decimal::from_str(actual).unwrap()),
            texts: crate::indicator::RowTexts {
                reason: reason.into(),
                ..Default::default()
            }
            .boxed(),
            ..Indicator::new(name, Direction::Increase, Decimal::from_str(target).unwrap())
        };
        evaluate(indicator, &Settings::default()).unwrap()
    }

    #[test]
    fn periods_side_by_side_and_reasons_once() {
        let mut builder = ReportBuilder::default();
        builder.add(evaluation("第3節", "製造品出荷額", "H26", "2180", "1612", ""));
        builder.add(evaluation(
            "第3節",
            "製造品出荷額",
            "H30",
            "2000",
            "1830",
            "設備投資",
        ));
        builder.add(evaluation(
            "第3節",
            "償却資産",
            "H30",
            "15000",
            "12974",
            "設備投資",
        ));
        builder.add(evaluation("第4節", "観光客数", "H26", "6000", "5590", ""));
        let report = builder.finish("t".into(), 1).unwrap();
        assert_eq!(report.periods, ["H26", "H30"]);
        let section = &report.chapters[0].sections[0];
        assert_eq!(section.indicators.len(), 2);
        let first = &section.indicators[0];
        assert_eq!(
            first.periods[0]
                .as_ref()
                .unwrap()
                .achievement
                .unwrap()
                .to_string(),
            "73.9"
        );
        assert_eq!(
            first.periods[1]
                .as_ref()
                .unwrap()
                .achievement
                .unwrap()
                .to_string(),
            "91.5"
        );
        assert_eq!(first.final_target, Some(Decimal::from(2000)));
        assert_eq!(section.indicators[1].periods[0], None);
        assert_eq!(section.reasons, ["設備投資"]);
        assert_eq!(section.stats.evaluated, 3);
        let other = &report.chapters[0].sections[1];
        assert_eq!(
            other.indicators[0].periods.len(),
            other.periods.len(),
            "its section's periods"
        );
        assert_eq!((report.total.indicators, report.total.evaluated), (3, 4));
    }
}
