//! Row pairs: a white paper prints each indicator on two lines merged
//! together, the year's target above and the plan's final target on the
//! line under it, in the target column (`H22の目標値` over `目標値(最終)`);
//! a health plan prints the year of each value on the line under it
//! (`,(平成22年),(令和4年度),(令和元年)`). The second line is part of the
//! first row, not a row of its own.

use csv::ByteRecord;

use super::columns::Columns;
use super::encoding::Encoding;
use super::records::Cells;
use super::vocabulary::Column;
use crate::period::FiscalYear;

/// What the line under a row adds to it.
#[derive(Debug, Default)]
pub(super) struct LineUnder {
    /// The final target, or "".
    pub final_target: String,
    /// The years printed under the baseline, the target and the actual.
    pub baseline_year: Option<FiscalYear>,
    pub target_year: Option<FiscalYear>,
    pub actual_year: String,
}

impl LineUnder {
    pub fn clear(&mut self) {
        self.final_target.clear();
        self.baseline_year = None;
        self.target_year = None;
        self.actual_year.clear();
    }
}

/// The years on `next`, when it is a year line (`notes::year_line`): under
/// the baseline, the target and the actual, as the row above's.
pub(super) fn year_line(
    next: &ByteRecord,
    columns: &Columns,
    encoding: Encoding,
    under: &mut LineUnder,
) -> bool {
    let cells = Cells {
        record: next,
        text: None,
        encoding,
    };
    if super::notes::year_line(&cells, columns).is_none() {
        return false;
    }
    let cell = |column: Column| -> &str {
        columns
            .position(column)
            .and_then(|at| cells.cell(at).ok())
            .unwrap_or("")
    };
    under.baseline_year = FiscalYear::bracketed(cell(Column::Baseline));
    under.target_year = FiscalYear::bracketed(cell(Column::Target));
    under.actual_year = cell(Column::Actual)
        .trim_matches(['(', ')', '（', '）'])
        .to_string();
    true
}

/// The final target on `next`, when `next` is the line under `current` in
/// such a pair: its target cell filled, and every other cell empty or
/// repeating `current`'s (a workbook repeats a merged cell's value over
/// its region; Excel's CSV export leaves the rest of the region empty).
pub(super) fn final_line(
    current: &ByteRecord,
    next: &ByteRecord,
    target: usize,
    encoding: Encoding,
) -> Option<String> {
    let value = next.get(target)?.trim_ascii();
    if value.is_empty() {
        return None;
    }
    let rest_repeats = next.iter().enumerate().all(|(at, cell)| {
        let cell = cell.trim_ascii();
        at == target || cell.is_empty() || current.get(at).is_some_and(|c| c.trim_ascii() == cell)
    });
    if !rest_repeats {
        return None;
    }
    let cells = Cells {
        record: next,
        text: None,
        encoding,
    };
    cells.cell(target).ok().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[&str]) -> ByteRecord {
        ByteRecord::from(cells.to_vec())
    }

    #[test]
    fn the_line_under_holds_only_the_final_target() {
        let current = record(&["大気", "93.8 (H16)", "97.5", "100", "△"]);
        // As Excel's CSV export writes the pair, and as a workbook fills it.
        let exported = record(&["", "", "", "100", ""]);
        let filled = record(&["大気", "93.8 (H16)", "97.5", "110", "△"]);
        assert_eq!(
            final_line(&current, &exported, 3, Encoding::Utf8).as_deref(),
            Some("100")
        );
        assert_eq!(
            final_line(&current, &filled, 3, Encoding::Utf8).as_deref(),
            Some("110")
        );
        // The next indicator, or a line with nothing under the target.
        let next = record(&["河川", "85", "100", "95", "◎"]);
        assert_eq!(final_line(&current, &next, 3, Encoding::Utf8), None);
        let empty = record(&["", "", "", "", ""]);
        assert_eq!(final_line(&current, &empty, 3, Encoding::Utf8), None);
    }
}
