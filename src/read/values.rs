//! A row's figures as cells print them: the target (a number, a bound,
//! a trend, a target relative to the baseline), the actual or the
//! placeholder that stands for it, and the printed rate. Each problem
//! names its cell.

use rust_decimal::Decimal;

use super::number::parse_number;
use super::printed::{against_direction, is_grade_mark, is_text_target, is_trend_target, with_bound};
use super::row::{RowFields, RowReader};
use super::vocabulary::{Column, ZERO_TARGETS};
use super::{RowErrors, placeholder, relative};
use crate::indicator::Direction;

impl RowReader<'_> {
    /// `text`, the cell at `position`, as a number; an error names the cell.
    pub(super) fn number_in(
        &self,
        text: &str,
        position: Option<usize>,
        column: Column,
        unit: &str,
        errors: &mut RowErrors,
    ) -> Option<Decimal> {
        parse_number(text, unit).unwrap_or_else(|message| {
            errors.push(self.table.error_at(self.line, position, column, message));
            None
        })
    }

    /// The actual, or nothing yet: an empty cell, or a placeholder (`－`,
    /// `集計中`) that is kept to show as the evaluation's note.
    pub fn actual(
        &self,
        position: Option<usize>,
        unit: &str,
        errors: &mut RowErrors,
    ) -> (Option<Decimal>, String) {
        let text = self.str_cell(position, Column::Actual, errors);
        if placeholder::is_placeholder(text) {
            return (None, text.to_string());
        }
        (
            self.number_in(text, position, Column::Actual, unit, errors),
            String::new(),
        )
    }

    /// The target, and the form it was written in when that is relative to
    /// the baseline (`393人増`, `10%削減`, `倍増`, `現状維持`: resolved
    /// against the baseline, exactly). A blank target on a maintain (→) row
    /// is its baseline, as plans write "keep the current value".
    pub fn target(
        &self,
        position: Option<usize>,
        row: &RowFields,
        errors: &mut RowErrors,
    ) -> (Option<Decimal>, String) {
        let text = self.str_cell(position, Column::Target, errors);
        if text.is_empty() && row.direction == Ok(Direction::Maintain) && row.baseline.is_some() {
            return (row.baseline, String::new());
        }
        // Plain numbers, the common case, are answered by their last byte.
        if text.as_bytes().last().is_some_and(u8::is_ascii_digit) && !text.starts_with('+') {
            return (
                self.number_in(text, position, Column::Target, &row.unit, errors),
                String::new(),
            );
        }
        // 減少傾向へ, 増加傾向へ: a target that names only a trend is judged
        // against the baseline.
        if is_trend_target(text) {
            return match row.baseline {
                Some(baseline) => (Some(baseline), text.to_string()),
                None => {
                    let message = format!(
                        "\"{text}\" names a trend, judged against the baseline, but the row has no baseline (策定時)"
                    );
                    errors.push(self.table.error_at(self.line, position, Column::Target, message));
                    (None, String::new())
                }
            };
        }
        // ゼロ, なくす: a target of nothing left.
        if ZERO_TARGETS.contains(&text) {
            return (Some(Decimal::ZERO), text.to_string());
        }
        // A target printed with its bound (`80以下`, `95%以上`): the number is
        // the target and the bound its direction, which must agree.
        if let Some((number, bound, way)) = with_bound(text) {
            if let Ok(direction) = row.direction
                && direction != way
                && direction != Direction::Maintain
            {
                let message = format!(
                    "\"{text}\" says {bound}, but the direction is {}; correct one of them",
                    direction.as_str()
                );
                errors.push(self.table.error_at(self.line, position, Column::Target, message));
                return (None, String::new());
            }
            let target = self.number_in(number, position, Column::Target, &row.unit, errors);
            return (target, text.to_string());
        }
        let problem = match (relative::Relative::parse(text, &row.unit), row.baseline) {
            (Ok(None), _) => {
                return (
                    self.number_in(text, position, Column::Target, &row.unit, errors),
                    String::new(),
                );
            }
            (Ok(Some(relative)), Some(baseline)) => match relative.resolve(baseline) {
                Some(target) => match against_direction(row.direction.as_ref().ok(), baseline, target) {
                    None => return (Some(target), text.to_string()),
                    Some(way) => format!(
                        "\"{text}\" {way} the baseline ({baseline} → {target}), but the direction is {}; \
                         correct the direction or the target",
                        row.direction.as_ref().map_or("", |d| d.as_str())
                    ),
                },
                None => "the numbers are too large to resolve it exactly".to_string(),
            },
            (Ok(Some(_)), None) => {
                format!("\"{text}\" is relative to the baseline, but the row has no baseline (策定時)")
            }
            // A sentence naming no number of this row (`平均寿命の増加分を
            // 上回る健康寿命の増加`): pending, the text its note.
            (Err(_), _) if is_text_target(text) => return (Some(Decimal::ZERO), text.to_string()),
            (Err(message), _) => message,
        };
        errors.push(self.table.error_at(self.line, position, Column::Target, problem));
        (None, String::new())
    }

    /// The printed rate, read only when it is to be cross-checked: a
    /// publisher's "—" in that column must not stop a plain evaluation.
    pub fn published(&self, position: Option<usize>, errors: &mut RowErrors) -> Option<Decimal> {
        if !self.options.published {
            return None;
        }
        let text = self.str_cell(position, Column::Published, errors);
        // A dash where the actual is pending: nothing was printed to check.
        if is_grade_mark(text) || placeholder::is_placeholder(text) {
            // A 達成度 column of marks is the publisher's grade, not a rate.
            return None;
        }
        self.number_in(text, position, Column::Published, "%", errors)
    }

    /// The plan's final target: its column (目標値(最終)), or the line
    /// under the target. Read as evidence and for grades, never evaluated:
    /// a dash or text there is no final target, not an error.
    pub(super) fn final_target(&self, unit: &str, errors: &mut RowErrors) -> Option<Decimal> {
        let text = match self.table.columns.position(Column::FinalTarget) {
            Some(at) => self.present_cell(at, Column::FinalTarget, errors),
            None => self.under.final_target.trim(),
        };
        if text.is_empty() || placeholder::is_placeholder(text) {
            return None;
        }
        let number = with_bound(text).map_or(text, |(number, _, _)| number);
        parse_number(number, unit).ok().flatten()
    }
}
