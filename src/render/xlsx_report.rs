//! The report as a workbook sheet: each section's indicators with their
//! periods side by side, the figures above and the reasons below.

use std::io::{self, Write};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::xlsx::{NumberFormats, display_width, number, percent_code, percent_format, to_f64, xlsx_error};
use super::{Lang, labels};
use crate::report::Report;

/// Width of the report's indicator column, in characters (a Japanese
/// character counts two), and the height of one line of text in points.
const NAME_WIDTH: usize = 36;
const LINE_HEIGHT: f64 = 15.0;

/// The 総括表 as the reference prints it: per section a block with the
/// periods side by side under merged headers (目標値 / 実績値 / 達成率), the
/// reasons under it; A4 landscape.
pub fn write_report(mut out: Box<dyn Write>, report: &Report, decimals: u32, lang: Lang) -> io::Result<()> {
    let words = labels::report(lang);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(words.sheet).map_err(xlsx_error)?;
    // One page wide however many periods; as many pages down as it takes.
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("#EEEEEE");
    let text = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let percent = percent_format(decimals).set_border(FormatBorder::Thin);
    let numbers = NumberFormats::new(&Format::new().set_border(FormatBorder::Thin));
    let columns = 4 + 3 * report.widest as u16 + 1;
    // The merged reasons cell spans every column (widths set below).
    let block_width = NAME_WIDTH + 8 + 6 + 10 * (columns as usize - 3);
    let write = |sheet: &mut Worksheet| -> Result<(), XlsxError> {
        let mut row = 0u32;
        sheet.write_string_with_format(row, 0, &report.title, &bold)?;
        row += 2;
        let mut first_header = None;
        for chapter in &report.chapters {
            if !chapter.name.is_empty() {
                sheet.write_string_with_format(row, 0, &chapter.name, &bold)?;
                row += 1;
            }
            for section in &chapter.sections {
                if !section.name.is_empty() {
                    sheet.write_string_with_format(row, 0, &section.name, &bold)?;
                    row += 1;
                }
                if section.periods_left_out > 0 {
                    sheet.write_string(
                        row,
                        0,
                        format!("{}: {}", words.earlier_periods, section.periods_left_out),
                    )?;
                    row += 1;
                }
                first_header.get_or_insert(row);
                for (column, word) in [words.indicator, words.unit, words.direction, words.baseline]
                    .iter()
                    .enumerate()
                {
                    sheet.merge_range(row, column as u16, row + 1, column as u16, word, &head)?;
                }
                // The final target right after the section's own periods.
                let last = 4 + 3 * section.periods.len() as u16;
                for (i, period) in section.periods.iter().enumerate() {
                    let left = 4 + 3 * i as u16;
                    sheet.merge_range(row, left, row, left + 2, period, &head)?;
                    for (j, word) in [words.target, words.actual, words.achievement].iter().enumerate() {
                        sheet.write_string_with_format(row + 1, left + j as u16, *word, &head)?;
                    }
                }
                sheet.merge_range(row, last, row + 1, last, words.final_target, &head)?;
                row += 2;
                for indicator in &section.indicators {
                    // Spreadsheets do not grow a row for wrapped text they
                    // did not lay out themselves: give it the lines it needs.
                    let lines = display_width(&indicator.name).div_ceil(NAME_WIDTH).max(1);
                    if lines > 1 {
                        sheet.set_row_height(row, LINE_HEIGHT * lines as f64)?;
                    }
                    sheet.write_string_with_format(row, 0, &indicator.name, &text)?;
                    sheet.write_string_with_format(row, 1, &indicator.unit, &text)?;
                    sheet.write_string_with_format(row, 2, labels::arrow(indicator.direction), &text)?;
                    number(sheet, row, 3, indicator.baseline, &numbers)?;
                    for (i, cell) in indicator.periods.iter().enumerate() {
                        let left = 4 + 3 * i as u16;
                        match cell {
                            Some(cell) => {
                                number(sheet, row, left, cell.target, &numbers)?;
                                number(sheet, row, left + 1, cell.actual, &numbers)?;
                                match (cell.achievement, &cell.grade) {
                                    // The grade beside the rate in the cell's
                                    // number format: the cell stays a number.
                                    (Some(rate), Some((grade, _))) => {
                                        let graded = Format::new()
                                            .set_num_format(format!(
                                                "{}\" {}\"",
                                                percent_code(decimals),
                                                grade.replace('"', "")
                                            ))
                                            .set_border(FormatBorder::Thin);
                                        sheet.write_number_with_format(
                                            row,
                                            left + 2,
                                            to_f64(rate) / 100.0,
                                            &graded,
                                        )?;
                                    }
                                    (Some(rate), None) => {
                                        sheet.write_number_with_format(
                                            row,
                                            left + 2,
                                            to_f64(rate) / 100.0,
                                            &percent,
                                        )?;
                                    }
                                    (None, Some((grade, _))) => {
                                        sheet.write_string_with_format(
                                            row,
                                            left + 2,
                                            grade.as_ref(),
                                            &text,
                                        )?;
                                    }
                                    (None, None) => {
                                        sheet.write_blank(row, left + 2, &text)?;
                                    }
                                }
                            }
                            None => {
                                for j in 0..3 {
                                    sheet.write_blank(row, left + j, &text)?;
                                }
                            }
                        }
                    }
                    number(sheet, row, last, indicator.final_target, &numbers)?;
                    row += 1;
                }
                for reason in &section.reasons {
                    sheet.merge_range(row, 0, row, columns - 1, reason, &wrap)?;
                    let lines = reason
                        .lines()
                        .map(|line| display_width(line).div_ceil(block_width).max(1))
                        .sum::<usize>()
                        .max(1);
                    sheet.set_row_height(row, LINE_HEIGHT * lines as f64 + 4.0)?;
                    row += 1;
                }
                row += 1;
            }
        }
        if let Some(header) = first_header {
            sheet.set_repeat_rows(header, header + 1)?;
        }
        sheet.set_column_width(0, NAME_WIDTH as f64)?;
        sheet.set_column_width(1, 8)?;
        sheet.set_column_width(2, 6)?;
        for column in 3..columns {
            sheet.set_column_width(column, 10)?;
        }
        Ok(())
    };
    write(sheet).map_err(xlsx_error)?;
    out.write_all(&book.save_to_buffer().map_err(xlsx_error)?)?;
    out.flush()
}
