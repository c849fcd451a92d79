//! One row's cells to an `Indicator`: the text cells, the baseline, the
//! optional columns (method, tolerance, years, weight), the direction or
//! its evidence, and every problem of the row with its cell, so that a
//! file is fixed in one pass. The figures themselves (target, actual,
//! printed rate) are read by `values`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::direction;
use super::fill::{FillDown, Level};
use super::number::{parse_number, split_year};
use super::pairs::LineUnder;
use super::printed::{is_grade_mark, is_text_target, is_trend_target, unit_in_name};
use super::records::Cells;
use super::repeats::{Recent, Repeats};
use super::table::Table;
use super::vocabulary::Column;
use super::vocabulary::is_subtotal_word;
use super::{ReadOptions, RowErrors, placeholder};
use crate::indicator::{Direction, Indicator, Inferred, MethodChoice, RowTexts, TargetForm};
use crate::period::FiscalYear;

/// Reads the cells of the current row of `table`.
pub(super) struct RowReader<'r> {
    pub table: &'r Table,
    pub cells: Cells<'r>,
    pub line: u64,
    pub options: &'r ReadOptions,
    /// The chapters, sections, units and periods met so far, shared by
    /// the rows that repeat them.
    pub repeats: &'r RefCell<Repeats>,
    /// What the line under this row adds (`pairs`): the final target
    /// under its target, or the years of its values.
    pub under: &'r LineUnder,
}

impl<'r> RowReader<'r> {
    /// Reads the row: one indicator, or one per period of a wide row. Long
    /// rows come back directly; wide rows go through `queue`. Blank chapter
    /// and section cells are filled from above (`fill`), except a
    /// subtotal's: its 合計 or 小計 names no chapter or section for the rows
    /// below it.
    pub fn read(
        &self,
        fill: &mut FillDown,
        queue: &mut VecDeque<Result<Indicator, RowErrors>>,
    ) -> Option<Result<Indicator, RowErrors>> {
        let mut errors = Vec::new();
        let mut row = self.row_fields(&mut errors);
        let keep = self.options.keep_subtotals;
        let subtotal = !keep
            && [&*row.chapter, &*row.section, row.name.as_str()]
                .into_iter()
                .any(is_subtotal_word);
        if subtotal && row.name.is_empty() {
            // The printed layout names a subtotal in its chapter or section
            // cell only (`,小計,,件,↗,200,170`): that word is its name.
            row.name = [&*row.section, &*row.chapter]
                .into_iter()
                .find(|cell| is_subtotal_word(cell))
                .unwrap_or_default()
                .to_string();
        }
        // Only a blank cell can be filled with a subtotal's word from above.
        let blank = (row.chapter.is_empty(), row.section.is_empty());
        {
            let repeats = &mut *self.repeats.borrow_mut();
            let has_chapters = self.table.columns.position(Column::Chapter).is_some();
            row.chapter = match &self.table.chapter {
                Some(sheet) if !has_chapters => sheet.clone(),
                // One of several sheets: a blank chapter with none above it
                // in the sheet is the sheet's, so that sheets never merge.
                Some(sheet) => {
                    let filled = fill.fill(Level::Chapter, row.chapter, &mut repeats.chapter);
                    if filled.is_empty() { sheet.clone() } else { filled }
                }
                None => fill.fill(Level::Chapter, row.chapter, &mut repeats.chapter),
            };
            row.section = fill.fill(Level::Section, row.section, &mut repeats.section);
        }
        // Rows under a subtotal's word are its rows: 合計 merged down the
        // chapter column (a CSV export has the word on the first row only),
        // or a 合計 heading over the accounts.
        row.subtotal = subtotal
            || (!keep
                && ((blank.0 && is_subtotal_word(&row.chapter))
                    || (blank.1 && is_subtotal_word(&row.section))));
        if !self.table.columns.is_wide() {
            let target = self.target(self.table.columns.position(Column::Target), &row, &mut errors);
            let actual = self.actual(
                self.table.columns.position(Column::Actual),
                &row.unit,
                &mut errors,
            );
            let published = self.published(self.table.columns.position(Column::Published), &mut errors);
            let period = match self.table.columns.position(Column::Period) {
                // No period column: the year an actual carries (`97.5 (H21)`)
                // is its period.
                None => {
                    let year = split_year(self.first_of(Column::Actual))
                        .map_or(self.under.actual_year.as_str(), |(_, year)| year);
                    self.repeats.borrow_mut().period.share(year)
                }
                at => self.shared(at, Column::Period, &mut errors, |repeats| &mut repeats.period),
            };
            let indicator = self.indicator(row, period, target, actual, published, &mut errors);
            return Some(finish(indicator, errors));
        }
        let mut produced = 0;
        for period in self.table.columns.periods().to_vec() {
            let vacant = |p: usize| {
                self.cells.record.get(p).is_none_or(|c| {
                    let c = c.trim_ascii();
                    c.is_empty()
                        || std::str::from_utf8(c).is_ok_and(|t| placeholder::is_placeholder(t.trim()))
                })
            };
            if vacant(period.target) && vacant(period.actual) {
                // The published tables leave a period's cells empty (or
                // dashed) where an indicator was not part of that period's plan.
                continue;
            }
            produced += 1;
            let mut period_errors = Vec::new();
            let target = self.target(Some(period.target), &row, &mut period_errors);
            let actual = self.actual(Some(period.actual), &row.unit, &mut period_errors);
            let published = self.published(period.published, &mut period_errors);
            let indicator = self.indicator(
                row.clone(),
                self.repeats.borrow_mut().period.share(&period.period),
                target,
                actual,
                published,
                &mut period_errors,
            );
            period_errors.extend(errors.iter().cloned());
            queue.push_back(finish(indicator, period_errors));
        }
        if produced == 0 {
            let position = self.table.columns.position(Column::Indicator);
            errors.push(self.table.error_at(
                self.line,
                position,
                Column::Indicator,
                format!("\"{}\" has no target or actual in any period", row.name),
            ));
            queue.push_back(Err(sorted(errors)));
        }
        None
    }

    /// The cells every layout has once per row.
    pub fn row_fields(&self, errors: &mut RowErrors) -> RowFields {
        let direction_position = self.table.columns.position(Column::Direction);
        let direction_text = self.str_cell(direction_position, Column::Direction, errors);
        let direction = Direction::parse(direction_text).ok_or_else(|| Direction::unknown(direction_text));
        let position = |column| self.table.columns.position(column);
        let chapter = self.shared(position(Column::Chapter), Column::Chapter, errors, |r| {
            &mut r.chapter
        });
        let section = self.shared(position(Column::Section), Column::Section, errors, |r| {
            &mut r.section
        });
        let unit = self.shared(position(Column::Unit), Column::Unit, errors, |r| &mut r.unit);
        let mut text = |column: Column| self.text(position(column), column, errors);
        let mut fields = RowFields {
            name: text(Column::Indicator),
            direction,
            chapter,
            section,
            unit,
            reason: text(Column::Reason),
            section_reason: text(Column::SectionReason),
            remark: text(Column::Remark),
            published_grade: text(Column::PublishedGrade),
            baseline: None,
            method: None,
            tolerance: None,
            baseline_year: None,
            target_year: None,
            weight: None,
            final_target: None,
            subtotal: false,
            direction_from: None,
        };
        if self.table.columns.position(Column::Unit).is_none()
            && let Some(unit) = unit_in_name(&fields.name)
        {
            // No unit column: the unit printed in the name (`…率【%】`).
            fields.unit = self.repeats.borrow_mut().unit.share(unit);
        }
        // The baseline is optional: a dash (－) or 集計中 there is none.
        let baseline_position = self.table.columns.position(Column::Baseline);
        let baseline_text = self.str_cell(baseline_position, Column::Baseline, errors);
        let baseline = if placeholder::is_placeholder(baseline_text) {
            None
        } else {
            self.number_in(
                baseline_text,
                baseline_position,
                Column::Baseline,
                &fields.unit,
                errors,
            )
        };
        let method = self.parsed(Column::Method, errors, |text| {
            MethodChoice::parse(text)
                .ok_or_else(|| format!("\"{text}\" is not a method; expected {}", MethodChoice::ACCEPTED))
        });
        let tolerance = self.parsed(Column::Tolerance, errors, |text| match parse_number(text, "%")? {
            Some(tolerance) if tolerance >= Decimal::ZERO && tolerance <= Decimal::ONE_HUNDRED => {
                Ok(tolerance)
            }
            _ => Err(format!(
                "\"{text}\" is not a tolerance; expected a percentage from 0 to 100"
            )),
        });
        let year = |text: &str| {
            FiscalYear::parse(text).ok_or_else(|| {
                format!("\"{text}\" is not a fiscal year; expected a year such as H22, 平成22年度, R1, 2010 or FY2010")
            })
        };
        let weight = self.parsed(Column::Weight, errors, |text| match parse_number(text, "")? {
            Some(weight) if weight.is_sign_negative() && !weight.is_zero() => Err(format!(
                "\"{text}\" is a negative weight; weights are zero or more"
            )),
            Some(weight) if weight.scale() > 9 => Err(format!(
                "\"{text}\" has more than 9 decimal places; weights are read to 9"
            )),
            Some(weight) => Ok(weight),
            None => Err(format!("\"{text}\" is not a weight")),
        });
        let final_target = self.final_target(&fields.unit, errors);
        // The year a baseline carries (`93.8 (H16)`) is its year where no
        // column gives one.
        let baseline_year = self
            .parsed(Column::BaselineYear, errors, year)
            .or_else(|| split_year(baseline_text).and_then(|(_, year)| FiscalYear::parse(year)))
            .or(self.under.baseline_year);
        let target_year = self
            .parsed(Column::TargetYear, errors, year)
            .or(self.table.columns.target_year())
            .or(self.under.target_year);
        let mut fields = RowFields {
            baseline,
            method,
            tolerance,
            baseline_year,
            target_year,
            weight,
            final_target,
            ..fields
        };
        if fields.published_grade.is_empty()
            && self.table.columns.has_published()
            && is_grade_mark(self.first_of(Column::Published))
        {
            // 達成度 holding ◎ ○ △: the publisher's grade.
            fields.published_grade = self.first_of(Column::Published).to_string();
        }
        if direction_position.is_none() {
            // No direction column: the row's own evidence decides.
            let evidence = direction::Evidence {
                name: &fields.name,
                unit: &fields.unit,
                target_text: self.first_of(Column::Target),
                baseline: fields.baseline,
                actual_text: self.first_of(Column::Actual),
                published_text: self.first_of(Column::Published),
                final_target: fields.final_target,
                fallback: self.options.direction,
            };
            fields.direction = direction::infer(&evidence).map(|(direction, inferred)| {
                fields.direction_from = Some(inferred);
                direction
            });
        }
        fields
    }

    /// The text of `column` (target, actual, printed rate) of the row: in
    /// the wide layout, of the first period that has a target, for the
    /// evidence of a direction. Undecodable cells give "".
    fn first_of(&self, column: Column) -> &'r str {
        let cell = |at: Option<usize>| at.and_then(|p| self.cells.cell(p).ok()).unwrap_or("");
        if !self.table.columns.is_wide() {
            return cell(self.table.columns.position(column));
        }
        let period = self
            .table
            .columns
            .periods()
            .iter()
            .find(|p| !cell(Some(p.target)).is_empty());
        match (period, column) {
            (Some(p), Column::Target) => cell(Some(p.target)),
            (Some(p), Column::Actual) => cell(Some(p.actual)),
            (Some(p), Column::Published) => cell(p.published),
            _ => "",
        }
    }

    /// A cell read by `parse`; `None` when empty, an error when it fails.
    fn parsed<T>(
        &self,
        column: Column,
        errors: &mut RowErrors,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let position = self.table.columns.position(column);
        let text = self.str_cell(position, column, errors);
        if text.is_empty() {
            return None;
        }
        parse(text)
            .map_err(|message| errors.push(self.table.error_at(self.line, position, column, message)))
            .ok()
    }

    /// Checks the row's required cells and builds the indicator.
    pub fn indicator(
        &self,
        row: RowFields,
        period: Arc<str>,
        (target, target_as_written): (Option<Decimal>, String),
        (actual, placeholder): (Option<Decimal>, String),
        published: Option<Decimal>,
        errors: &mut RowErrors,
    ) -> Option<Indicator> {
        let line = self.line;
        let name_position = self.table.columns.position(Column::Indicator);
        if row.name.is_empty()
            && !errors
                .iter()
                .any(|e| e.column == name_position.map(|p| p + 1 + self.table.column_offset))
        {
            errors.push(self.table.error_at(
                line,
                name_position,
                Column::Indicator,
                "the indicator name is empty",
            ));
        }
        if let Err(message) = &row.direction {
            errors.push(self.table.error_at(
                line,
                self.table.columns.position(Column::Direction),
                Column::Direction,
                message,
            ));
        }
        let target_column = self
            .table
            .columns
            .periods()
            .iter()
            .find(|p| *p.period == *period)
            .map(|p| p.target);
        let target_position = target_column.or(self.table.columns.position(Column::Target));
        let target_cell = target_position
            .and_then(|p| self.cells.record.get(p))
            .unwrap_or_default();
        if target.is_none() && target_cell.trim_ascii().is_empty() {
            errors.push(self.table.error_at(
                line,
                target_position,
                Column::Target,
                "the target is empty; every indicator needs a target",
            ));
        }
        Some(Indicator {
            line,
            chapter: row.chapter,
            section: row.section,
            name: row.name,
            unit: row.unit,
            direction: row.direction.ok()?,
            baseline: row.baseline,
            target: target?,
            actual,
            period,
            published_grade: row.published_grade.into(),
            target_form: if is_trend_target(&target_as_written) {
                TargetForm::Trend
            } else if is_text_target(&target_as_written) {
                TargetForm::Text
            } else {
                TargetForm::Number
            },
            final_target: row.final_target,
            texts: RowTexts {
                reason: row.reason,
                section_reason: row.section_reason,
                remark: row.remark,
                placeholder,
                target_as_written,
            }
            .boxed(),
            weight: row.weight,
            subtotal: row.subtotal,
            published,
            method: row.method,
            tolerance: row.tolerance,
            baseline_year: row.baseline_year,
            target_year: row.target_year,
            direction_from: row.direction_from.map(Box::new),
        })
    }

    fn text(&self, position: Option<usize>, column: Column, errors: &mut RowErrors) -> String {
        self.str_cell(position, column, errors).to_string()
    }

    /// A cell of a column whose values repeat (`repeats`), shared.
    pub fn shared(
        &self,
        position: Option<usize>,
        column: Column,
        errors: &mut RowErrors,
        recent: impl FnOnce(&mut Repeats) -> &mut Recent,
    ) -> Arc<str> {
        let text = self.str_cell(position, column, errors);
        recent(&mut self.repeats.borrow_mut()).share(text)
    }

    /// A cell of the current record, trimmed; "" when absent or undecodable
    /// (the error then goes to `errors`). Borrowed: most cells are parsed,
    /// not kept, and a copy per cell was most of the reading time.
    /// Inlined for the columns a file lacks (most of the optional ones), so
    /// that they cost a test, not a call.
    #[inline]
    pub(super) fn str_cell(
        &self,
        position: Option<usize>,
        column: Column,
        errors: &mut RowErrors,
    ) -> &'r str {
        match position {
            Some(at) => self.present_cell(at, column, errors),
            None => "",
        }
    }

    #[inline]
    pub(super) fn present_cell(&self, at: usize, column: Column, errors: &mut RowErrors) -> &'r str {
        self.cells.cell(at).unwrap_or_else(|message| {
            errors.push(self.table.error_at(self.line, Some(at), column, message));
            ""
        })
    }
}

/// The cells of a row that every period of it shares.
#[derive(Clone)]
pub(super) struct RowFields {
    pub name: String,
    /// The direction, or why there is none.
    pub direction: Result<Direction, String>,
    /// How it was decided where the table has no direction column.
    pub direction_from: Option<Inferred>,
    pub chapter: Arc<str>,
    pub section: Arc<str>,
    pub unit: Arc<str>,
    pub reason: String,
    pub section_reason: String,
    pub remark: String,
    /// The grade the publisher printed, as written.
    pub published_grade: String,
    pub baseline: Option<Decimal>,
    pub method: Option<MethodChoice>,
    pub tolerance: Option<Decimal>,
    pub baseline_year: Option<FiscalYear>,
    pub target_year: Option<FiscalYear>,
    pub weight: Option<Decimal>,
    pub final_target: Option<Decimal>,
    pub subtotal: bool,
}

pub(super) fn finish(indicator: Option<Indicator>, errors: RowErrors) -> Result<Indicator, RowErrors> {
    match indicator {
        Some(indicator) if errors.is_empty() => Ok(indicator),
        _ => Err(sorted(errors)),
    }
}

pub(super) fn sorted(mut errors: RowErrors) -> RowErrors {
    errors.sort_by_key(|e| e.column);
    errors.dedup();
    errors
}
