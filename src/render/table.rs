//! Aligned tables for the terminal (comfy-table). Widths come from
//! `unicode-width`, so Japanese wide characters line up.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};

use super::{
    EvaluationWriter, NUMERIC_KEYS, Style, Summary, evaluation_cells, evaluation_keys, group_digits, labels,
    terminal_text,
};
use crate::evaluate::Evaluation;
use crate::summarize::Rollup;
use crate::timeline::Course;

const CHAPTER: usize = 0;
const SECTION: usize = 1;

/// Buffers the rows (a table needs all widths) and prints them grouped by
/// chapter, then the roll-ups.
pub struct EvaluationTable {
    out: Box<dyn Write>,
    style: Style,
    rows: Vec<Vec<String>>,
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
    fn write(&mut self, evaluation: &Evaluation, course: Option<&Course>) -> io::Result<()> {
        let keys = evaluation_keys(&self.style.extras);
        let cells = evaluation_cells(evaluation, course, "%", &self.style)
            .into_iter()
            .zip(keys)
            .map(|(cell, key)| {
                if NUMERIC_KEYS.contains(&key) {
                    group_digits(&cell)
                } else if key == "trend" {
                    // An arrow beside the word, as a council's table marks it.
                    arrowed(&cell, self.style)
                } else {
                    terminal_text(&cell).into_owned()
                }
            })
            .collect();
        self.rows.push(cells);
        Ok(())
    }

    fn finish(mut self: Box<Self>, rollups: &[Rollup]) -> io::Result<()> {
        let keys = evaluation_keys(&self.style.extras);
        let note = keys.iter().position(|k| *k == "note").unwrap_or(usize::MAX);
        let with_note = self.rows.iter().any(|row| !row[note].is_empty());
        // The chapter heads each table; an all-empty note column is left out.
        let shown: Vec<usize> = (SECTION..keys.len())
            .filter(|&c| c != note || with_note)
            .collect();
        let headers = labels::headers(&keys, self.style.lang);
        let shown_headers: Vec<&str> = shown.iter().map(|&c| headers[c]).collect();
        for chapter_rows in self.rows.chunk_by(|a, b| a[CHAPTER] == b[CHAPTER]) {
            let chapter = &chapter_rows[0][CHAPTER];
            if !chapter.is_empty() {
                writeln!(self.out, "{chapter}")?;
            }
            let mut table = new_table(&shown_headers, self.style);
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
            align_right(&mut table, shown.iter().map(|&c| NUMERIC_KEYS.contains(&keys[c])));
            // A narrow terminal wraps names, never a figure or a status (未達/成).
            keep_whole(
                &mut table,
                shown.iter().map(|&c| {
                    NUMERIC_KEYS.contains(&keys[c])
                        || matches!(keys[c], "status" | "direction" | "period" | "unit")
                }),
            );
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
                &Summary::new(rollup, self.style.decimals, false)?,
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
    let key_count = summary.rollup.keys().len();
    let worst = key_count + super::SUMMARY_COLUMNS.len() - 1;
    for line in summary.lines("%", style.lang) {
        table.add_row(line.iter().enumerate().map(|(c, cell)| {
            if c >= key_count && c != worst {
                group_digits(cell)
            } else {
                terminal_text(cell).into_owned()
            }
        }));
    }
    // Figures are right-aligned and never wrapped; the group names and
    // worst_indicator are text.
    let figure = |c: usize| c >= key_count && c != worst;
    align_right(&mut table, (0..headers.len()).map(figure));
    keep_whole(&mut table, (0..headers.len()).map(figure));
    writeln!(out, "{table}")
}

fn new_table<S: AsRef<str>>(headers: &[S], style: Style) -> Table {
    let mut table = Table::new();
    table
        .load_style(if style.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(AsRef::as_ref).collect::<Vec<&str>>());
    table
}

/// A trend word with its arrow: ↑ improved, → flat, ↓ worsened (ASCII
/// `^ = v` with `--ascii`).
fn arrowed(word: &str, style: Style) -> String {
    let trend = crate::timeline::Trend::ALL
        .into_iter()
        .find(|t| labels::trend(*t, style.lang) == word);
    let arrow = match (trend, style.ascii) {
        (Some(crate::timeline::Trend::Improved), false) => "↑",
        (Some(crate::timeline::Trend::Flat), false) => "→",
        (Some(crate::timeline::Trend::Worsened), false) => "↓",
        (Some(crate::timeline::Trend::Improved), true) => "^",
        (Some(crate::timeline::Trend::Flat), true) => "=",
        (Some(crate::timeline::Trend::Worsened), true) => "v",
        _ => return word.to_string(),
    };
    format!("{arrow} {word}")
}

fn keep_whole(table: &mut Table, whole: impl Iterator<Item = bool>) {
    for (index, whole) in whole.enumerate() {
        if let (true, Some(column)) = (whole, table.column_mut(index)) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

fn align_right(table: &mut Table, right: impl Iterator<Item = bool>) {
    for (index, right) in right.enumerate() {
        if let (true, Some(column)) = (right, table.column_mut(index)) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}
