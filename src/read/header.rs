//! Finding the header of a table as it is published: below title and note
//! rows, and in one row or two — a period row whose labels span their
//! columns (`H26` over 目標値 / 実績値 / 達成率) above a row of column names,
//! or the transposed form (目標値 over `H26` / `H30`).
//!
//! This runs once, on the first rows of a table, before any data row is
//! read; the per-row path never asks about layout again.

use super::columns::{Columns, Layout};
use super::header_names::{is_per_period_name, known_columns};
use super::vocabulary::Column;

/// How many rows from the top are searched for the header.
pub const SEARCH_ROWS: usize = 30;

/// The header that was found.
#[derive(Debug)]
pub struct Header {
    /// Index of the header's (upper) row among the rows searched.
    pub row: usize,
    /// 1 or 2 rows.
    pub tiers: usize,
    /// One label per column, two tiers joined (`目標値(H26)`).
    pub labels: Vec<String>,
    pub columns: Columns,
}

/// Why no header was found: the closest row and what it lacked.
#[derive(Debug, PartialEq, Eq)]
pub struct NotFound {
    /// Index of the closest row, if any row had cells.
    pub row: Option<usize>,
    pub message: String,
}

/// Finds the header among `rows` (the first rows of a table, as text): the
/// first row that names the required columns, alone or with the row below
/// it as a second tier. `forced` (an index into `rows`) skips the search.
/// Rows whose first cell starts with `#` are comments, never a header.
pub fn detect(
    rows: &[Vec<String>],
    layout: Option<Layout>,
    forced: Option<usize>,
) -> Result<Header, NotFound> {
    let mut header = find(rows, layout, forced)?;
    let below = rows.get(header.row + header.tiers..).unwrap_or_default();
    header.columns.grades_in_published(below);
    header.columns.find_year_lines(below);
    Ok(header)
}

fn find(rows: &[Vec<String>], layout: Option<Layout>, forced: Option<usize>) -> Result<Header, NotFound> {
    let mut closest: Option<(usize, usize)> = None; // (known columns, row)
    let candidates: Vec<usize> = match forced {
        Some(row) => vec![row],
        None => (0..rows.len()).collect(),
    };
    for &i in &candidates {
        let row = &rows[i];
        if is_blank(row) || is_comment(row) {
            continue;
        }
        if let Some(lower) = rows.get(i + 1)
            && is_second_tier(row, lower)
        {
            let labels = join_tiers(row, lower);
            if let Ok(columns) = Columns::from_headers(labels.iter().map(String::as_str), layout) {
                return Ok(Header {
                    row: i,
                    tiers: 2,
                    labels,
                    columns,
                });
            }
        }
        match Columns::from_headers(row.iter().map(String::as_str), layout) {
            Ok(columns) => {
                return Ok(Header {
                    row: i,
                    tiers: 1,
                    labels: row.clone(),
                    columns,
                });
            }
            Err(_) => {
                let known = known_columns(row);
                if closest.is_none_or(|(best, _)| known > best) {
                    closest = Some((known, i));
                }
            }
        }
    }
    let Some((_, row)) = closest else {
        let message = if rows.iter().all(|r| is_blank(r)) {
            "the file is empty; expected a header row such as \
             chapter,section,indicator,unit,direction,baseline,target,actual,period"
                .to_string()
        } else {
            format!(
                "no header row: the first {SEARCH_ROWS} rows searched are blank or # comments; \
                 give the header's line with --header-row N"
            )
        };
        return Err(NotFound { row: None, message });
    };
    let message = Columns::from_headers(rows[row].iter().map(String::as_str), layout)
        .err()
        .unwrap_or_default();
    Err(NotFound {
        row: Some(row),
        message,
    })
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}

fn is_comment(row: &[String]) -> bool {
    row.first().is_some_and(|cell| cell.trim_start().starts_with('#'))
}

/// Whether `lower` completes `upper` as a second header row rather than
/// being the first data row (or a heading row naming a section): it is
/// blank (or repeats the label, where a workbook's merged cell spans both
/// rows) under the upper row's indicator and direction columns, where a
/// data row has values; and it labels something — a column name (目標値
/// under `H26`), a period under a column name (`H26` under 目標値), or a
/// column the upper row leaves blank.
fn is_second_tier(upper: &[String], lower: &[String]) -> bool {
    // A row of units under the header (`,,(人),(人)`, `単位：件`) names no
    // period: it is a note row, not a second tier.
    let filled: Vec<&str> = lower.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    if !filled.is_empty() && filled.iter().all(|c| is_unit_note(c)) {
        return false;
    }
    let labels = lower.iter().enumerate().any(|(j, below)| {
        let (below, above) = (below.trim(), upper.get(j).map_or("", |c| c.trim()));
        !below.is_empty()
            && below != above
            && (above.is_empty() || known_columns(&[below.to_string()]) > 0 || is_per_period_name(above))
    });
    if !labels {
        return false;
    }
    let mut anchored = false;
    for (j, label) in upper.iter().enumerate() {
        if !matches!(
            Columns::single(label),
            Some(Column::Indicator | Column::Direction)
        ) {
            continue;
        }
        anchored = true;
        let below = lower.get(j).map_or("", |c| c.trim());
        if !below.is_empty() && below != label.trim() {
            return false;
        }
    }
    // An indicator named on the lower row only (`施策項目` over `指標項目`).
    anchored
        || known_columns(upper) > 0
            && lower.iter().enumerate().any(|(j, below)| {
                Columns::single(below) == Some(Column::Indicator)
                    && upper
                        .get(j)
                        .is_none_or(|above| Columns::single(above).is_none_or(|c| c == Column::Section))
            })
}

/// Whether a cell only says the unit of the column: `(人)`, `（％）`,
/// `[千円]`, `単位：件`.
fn is_unit_note(cell: &str) -> bool {
    let inner = cell
        .strip_prefix(['(', '（', '[', '［', '【'])
        .and_then(|c| c.strip_suffix([')', '）', ']', '］', '】']))
        .or_else(|| cell.strip_prefix("単位：").or_else(|| cell.strip_prefix("単位:")));
    inner.is_some_and(|unit| {
        let unit = unit.trim();
        !unit.is_empty()
            && unit.chars().count() <= 4
            && !unit
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    })
}

/// One label per column from two header rows. An upper label carries to
/// the right over empty cells that have a lower label (a merged cell, as a
/// CSV export writes it: its value, then empty cells); the two join as
/// `目標値(H26)` whichever of them is the period.
fn join_tiers(upper: &[String], lower: &[String]) -> Vec<String> {
    let width = upper.len().max(lower.len());
    let mut carried = "";
    (0..width)
        .map(|j| {
            let up = upper.get(j).map_or("", |c| c.trim());
            let low = lower.get(j).map_or("", |c| c.trim());
            if !up.is_empty() {
                carried = up;
            } else if low.is_empty() {
                carried = "";
            }
            let up = if up.is_empty() { carried } else { up };
            join(up, low)
        })
        .collect()
}

fn join(upper: &str, lower: &str) -> String {
    // The year's target over the final target (`H22の目標値` over
    // `目標値(最終)`): one column, two lines, as `Columns` reads it.
    let single = |label: &str| super::header_names::classify(label).map(|h| h.column());
    if single(upper) == Some(Column::Target) && single(lower) == Some(Column::FinalTarget) {
        return format!("{upper}\n{lower}");
    }
    // `施策項目` spanning `指標項目`: the indicator column.
    if single(lower) == Some(Column::Indicator) && single(upper) != Some(Column::Indicator) {
        return lower.to_string();
    }
    if lower.is_empty() || lower == upper {
        upper.to_string()
    } else if upper.is_empty() {
        lower.to_string()
    } else if is_per_period_name(lower) {
        format!("{lower}({upper})")
    } else {
        format!("{upper}({lower})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|line| line.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let rows = rows("第5次所沢市総合計画 総括表,,\n,,\n目標指標,方向,目標値,実績値\na,↗,1,1");
        let header = detect(&rows, None, None).unwrap();
        assert_eq!((header.row, header.tiers), (2, 1));
    }

    #[test]
    fn a_period_row_above_the_column_names_is_joined() {
        let rows = rows(
            "節,目標指標,単位,方向,策定時,H26,,,H30,,,目標値(最終)\n\
             ,,,,,目標値,実績値,達成率,目標値,実績値,達成率,\n\
             第1節 農業,認定農業者数,人,↗,193,225,182,80.9%,,,,",
        );
        let header = detect(&rows, None, None).unwrap();
        assert_eq!((header.row, header.tiers), (0, 2));
        assert_eq!(
            header.labels[4..],
            [
                "策定時",
                "目標値(H26)",
                "実績値(H26)",
                "達成率(H26)",
                "目標値(H30)",
                "実績値(H30)",
                "達成率(H30)",
                "目標値(最終)"
            ]
        );
        let periods: Vec<&str> = header
            .columns
            .periods()
            .iter()
            .map(|p| p.period.as_str())
            .collect();
        assert_eq!(periods, ["H26", "H30"]);
    }

    #[test]
    fn the_transposed_form_and_merged_cells_filled_in_a_workbook() {
        // A workbook's merged cells repeat their value over the region.
        let rows =
            rows("目標指標,方向,目標値,目標値,実績値,実績値\n目標指標,方向,H26,H30,H26,H30\na,↗,1,2,1,2");
        let header = detect(&rows, None, None).unwrap();
        assert_eq!(header.tiers, 2);
        assert_eq!(
            header.labels[2..],
            ["目標値(H26)", "目標値(H30)", "実績値(H26)", "実績値(H30)"]
        );
    }

    #[test]
    fn a_data_row_or_a_section_heading_is_not_a_second_tier() {
        let data = rows("目標指標,方向,目標値,実績値\na,↗,1,1");
        assert_eq!(detect(&data, None, None).unwrap().tiers, 1);
        let heading = rows("節,目標指標,方向,目標値,実績値\n第2節,,,,\n,a,↗,1,1");
        assert_eq!(detect(&heading, None, None).unwrap().tiers, 1);
    }

    #[test]
    fn the_closest_row_is_named_when_none_fits() {
        let rows = rows("title\n# indicator,direction,target,actual\n目標指標,単位,目標値,見込み\nx,y,1,1");
        let error = detect(&rows, None, None).unwrap_err();
        assert_eq!(error.row, Some(2));
        assert!(
            error.message.starts_with("missing required column actual"),
            "{}",
            error.message
        );
        assert_eq!(detect(&[], None, None).unwrap_err().row, None);
    }

    #[test]
    fn a_forced_row_is_the_only_candidate() {
        let rows = rows("indicator,direction,target,actual\nindicator,direction,target,actual\na,up,1,1");
        assert_eq!(detect(&rows, None, Some(1)).unwrap().row, 1);
    }
}
