//! Rows that are notes in a table rather than indicators: a heading of a
//! block of reasons (未達成指標の理由・分析) and the reasons below it, a
//! chapter or section heading alone in its column, and footnotes (※, 注,
//! 出典). None is dropped: each is a reason, a heading, or a note row kept
//! with its line for `validate`.

use std::sync::Arc;

use super::columns::Columns;
use super::fill::Level;
use super::number::parse_number;
use super::records::Cells;
use super::vocabulary::Column;
use crate::indicator::SectionReason;

/// The text of a row that is a note in the table rather than an
/// indicator: one text (alone, or repeated over a merged region), not
/// only in the indicator column, and not a number. A row naming only an
/// indicator is still an indicator row, and an error for what it lacks.
pub(super) fn note_text(cells: &Cells, columns: &Columns) -> Option<String> {
    let indicator = columns.position(Column::Indicator)?;
    let mut text: Option<&[u8]> = None;
    let mut outside = false;
    for (index, cell) in cells.record.iter().enumerate() {
        let cell = cell.trim_ascii();
        if cell.is_empty() {
            continue;
        }
        match text {
            None => text = Some(cell),
            Some(seen) if seen == cell => {}
            Some(_) => return None,
        }
        outside |= index != indicator;
    }
    let text = cells.decode(text?).ok()?.trim();
    if !outside || matches!(parse_number(text, ""), Ok(Some(_))) {
        return None;
    }
    Some(text.to_string())
}

/// The text of a row that holds only the years of the values on the row
/// above (`,平成22年,令和4年,令和元年`), as some tables print a year line
/// under each value line: not an indicator, and not an error.
pub(super) fn year_line(cells: &Cells, columns: &Columns) -> Option<String> {
    let indicator = columns.position(Column::Indicator)?;
    if !cells.cell(indicator).ok()?.is_empty() {
        return None;
    }
    // A workbook repeats a chapter or section merged down over the year
    // line too: those cells are not the line's.
    let grouping = [Column::Chapter, Column::Section].map(|c| columns.position(c));
    let texts = (0..cells.record.len())
        .filter(|at| !grouping.contains(&Some(*at)))
        .map(|at| cells.cell(at).ok())
        .collect::<Option<Vec<&str>>>()?;
    let years = crate::period::FiscalYear::line(texts)?;
    Some(format!("year line: {}", years.join(", ")))
}

/// The notes read so far, and whether rows are inside a reasons block.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// Below a reasons heading (未達成指標の理由・分析): text rows are the
    /// section's reason until the next indicator row.
    pub in_reasons: bool,
    pub section_reasons: Vec<SectionReason>,
    /// Rows that are neither indicators nor understood notes (footnotes):
    /// their line and text, so that none is dropped silently.
    pub note_rows: Vec<(u64, String)>,
}

impl Notes {
    /// Reads a note row at `line`: a reasons heading, a section's reason
    /// below one (for the section `above` the row), a footnote, or the
    /// heading it is alone in a chapter or section column (`alone_in`),
    /// which is returned for the fill-down; else a note row.
    pub fn read(
        &mut self,
        text: String,
        line: u64,
        alone_in: Option<Level>,
        above: impl FnOnce() -> (Arc<str>, Arc<str>),
    ) -> Option<(Level, String)> {
        if is_reasons_heading(&text) {
            self.in_reasons = true;
        } else if self.in_reasons && alone_in.is_some() && is_heading(&text) {
            // A chapter or section heading ends the block of reasons.
            self.in_reasons = false;
            return alone_in.map(|level| (level, text));
        } else if is_footnote(&text) || is_page_number(&text) {
            // Below a block of reasons too: a source or a page number
            // explains nothing.
            self.note_rows.push((line, text));
        } else if self.in_reasons {
            let (chapter, section) = above();
            self.section_reasons.push(SectionReason {
                chapter: chapter.to_string(),
                section: section.to_string(),
                text,
                line,
            });
        } else if let Some(level) = alone_in {
            return Some((level, text));
        } else {
            self.note_rows.push((line, text));
        }
        None
    }
}

/// Whether a note row heads a block of reasons for a section's missed
/// targets (後期基本計画に係る未達成指標の理由・分析, 未達成の理由).
fn is_reasons_heading(text: &str) -> bool {
    Columns::single(text).is_some_and(|c| matches!(c, Column::SectionReason | Column::Reason))
        || text.ends_with("未達成指標の理由・分析")
        || text.ends_with("の理由・分析")
}

/// Whether a note row is a footnote (※, 注, 出典, 資料) rather than a
/// heading naming the chapter or section of the rows below it.
fn is_footnote(text: &str) -> bool {
    const MARKS: [&str; 9] = ["※", "＊", "*", "注", "(注", "（注", "出典", "資料", "備考"];
    MARKS.iter().any(|mark| text.starts_with(mark))
}

/// Whether a note row is a page number as printed tables carry them
/// (`- 12 -`, `－12－`, `p.12`, `12頁`, `3/40`).
pub(super) fn is_page_number(text: &str) -> bool {
    let folded: String = text
        .chars()
        .map(crate::text::ascii_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let dashes = |c: char| {
        matches!(
            c,
            '-' | '－' | '―' | '—' | '–' | '‐' | 'ー' | '(' | ')' | '[' | ']'
        )
    };
    let core = folded.trim_matches(dashes);
    let core = core
        .strip_prefix("p.")
        .or_else(|| core.strip_prefix("P."))
        .or_else(|| core.strip_prefix('p'))
        .or_else(|| core.strip_prefix('P'))
        .unwrap_or(core);
    let core = core
        .strip_suffix("頁")
        .or_else(|| core.strip_suffix("ページ"))
        .unwrap_or(core);
    let mut parts = core.split('/');
    let number = |part: Option<&str>| {
        part.is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    number(parts.next()) && parts.next().is_none_or(|p| number(Some(p))) && parts.next().is_none()
}

/// Whether a note row names a chapter or section the way plans number
/// them (`第6章 健康・福祉`, `第2節`, `Chapter 3`): a heading, even right
/// below a block of reasons.
pub(super) fn is_heading(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    if let Some(rest) = ["chapter", "section"].iter().find_map(|w| lower.strip_prefix(w)) {
        return rest.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    let Some(rest) = text.trim().strip_prefix('第') else {
        return false;
    };
    let numeral =
        |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十百".contains(c);
    let digits = rest.chars().take_while(|&c| numeral(c)).count();
    digits > 0
        && rest
            .chars()
            .nth(digits)
            .is_some_and(|c| "章節編部款項".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for text in [
            "- 12 -",
            "－12－",
            "12",
            "p.12",
            "P 3",
            "12頁",
            "3/40",
            "（4）",
            "— 7 —",
        ] {
            assert!(is_page_number(text), "{text}");
        }
        for text in [
            "-",
            "※出典：県統計",
            "第12章",
            "12人",
            "p.",
            "1/2/3",
            "理由の本文",
        ] {
            assert!(!is_page_number(text), "{text}");
        }
    }

    #[test]
    fn headings() {
        for text in [
            "第6章 健康・福祉",
            "第２節 保育",
            "第十二章",
            "Chapter 3 Health",
            "section 2",
        ] {
            assert!(is_heading(text), "{text}");
        }
        for text in [
            "第一に、予算が不足した",
            "理由の本文",
            "章立て",
            "Sections differ",
            "第",
        ] {
            assert!(!is_heading(text), "{text}");
        }
    }
}
