//! Aligned tables for the terminal (comfy-table). Widths come from
//! `unicode-width`, so Japanese wide characters line up.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{EVALUATION_COLUMNS, EvaluationWriter, Style, Summary, evaluation_cells, labels};
use crate::evaluate::Evaluation;
use crate::summarize::Rollup;

const CHAPTER: usize = 0;
const SECTION: usize = 1;
const NOTE: usize = 11;
/// Columns printed right-aligned: baseline … achievement.
const NUMERIC: std::ops::Range<usize> = 6..10;

/// Buffers the rows (a table needs all widths) and prints them grouped by
/// chapter, then the roll-ups.
pub struct EvaluationTable {
    out: Box<dyn Write>,
    style: Style,
    rows: Vec<[String; 12]>,
}

impl EvaluationTable {
    pub fn new(out: Box<dyn Write>, style: Style) -> EvaluationTable {
        EvaluationTable {
            out,
            style,
            rows: Vec::new(),
        }
    }
}

impl EvaluationWriter for EvaluationTable {
    fn write(&mut self, evaluation: &Evaluation) -> io::Result<()> {
        self.rows.push(evaluation_cells(evaluation, "%", self.style.lang));
        Ok(())
    }

    fn finish(mut self: Box<Self>, rollups: &[Rollup]) -> io::Result<()> {
        let with_note = self.rows.iter().any(|row| !row[NOTE].is_empty());
        let shown: Vec<usize> = (SECTION..EVALUATION_COLUMNS.len())
            .filter(|&c| c != NOTE || with_note)
            .collect();
        for chapter_rows in self.rows.chunk_by(|a, b| a[CHAPTER] == b[CHAPTER]) {
            let chapter = &chapter_rows[0][CHAPTER];
            if !chapter.is_empty() {
                writeln!(self.out, "{chapter}")?;
            }
            let names = labels::evaluation_headers(self.style.lang);
            let headers: Vec<&str> = shown.iter().map(|&c| names[c]).collect();
            let mut table = new_table(&headers, self.style);
            let mut previous_section: Option<&str> = None;
            for row in chapter_rows {
                let section = row[SECTION].as_str();
                let cells = shown.iter().map(|&c| match c {
                    // Like the published tables: a section is named once.
                    SECTION if previous_section == Some(section) => "",
                    _ => row[c].as_str(),
                });
                table.add_row(cells);
                previous_section = Some(section);
            }
            align_right(&mut table, shown.iter().map(|c| NUMERIC.contains(c)));
            writeln!(self.out, "{table}")?;
        }
        for rollup in rollups.iter().filter(|r| !r.is_empty()) {
            writeln!(
                self.out,
                "\n{}",
                labels::rollup_title(rollup.keys(), self.style.lang)
            )?;
            write_summary_table(
                &mut self.out,
                &Summary::new(rollup, self.style.decimals, false),
                self.style,
            )?;
        }
        self.out.flush()
    }
}

pub fn write_summary(mut out: Box<dyn Write>, summary: &Summary, style: Style) -> io::Result<()> {
    write_summary_table(&mut out, summary, style)?;
    out.flush()
}

fn write_summary_table(out: &mut dyn Write, summary: &Summary, style: Style) -> io::Result<()> {
    let headers = summary.headers(style.lang);
    let mut table = new_table(&headers, style);
    for line in summary.lines("%", style.lang) {
        table.add_row(line);
    }
    let key_count = summary.rollup.keys().len();
    let worst = headers.len() - 1;
    align_right(
        &mut table,
        (0..headers.len()).map(|c| c >= key_count && c < worst),
    );
    writeln!(out, "{table}")
}

fn new_table(headers: &[&str], style: Style) -> Table {
    let mut table = Table::new();
    table
        .load_style(if style.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.to_vec());
    table
}

fn align_right(table: &mut Table, right: impl Iterator<Item = bool>) {
    for (index, right) in right.enumerate() {
        if let (true, Some(column)) = (right, table.column_mut(index)) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}
