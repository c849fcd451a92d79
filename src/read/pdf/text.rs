//! A cell's glyphs as its text: lines top to bottom, each left to right,
//! joined as the cell shows them; Kangxi radicals folded to the ideographs
//! they stand for; a lone minus read as the dash it was printed as.

use hayro_interpret::kurbo::Point;
use unicode_normalization::UnicodeNormalization;

use super::page::Glyph;

/// The text of a cell's glyphs (`at`: each glyph's place, turned to read
/// left to right).
pub fn cell(glyphs: &[(Point, &Glyph)]) -> String {
    let lines = lines(glyphs);
    let mut text = String::new();
    for line in &lines {
        // A cell's lines are one text wrapped: nothing between Japanese
        // characters (億 / 円 is 億円), a space where the line broke
        // between words.
        if let (Some(last), Some(first)) = (text.chars().last(), line.chars().next())
            && !(is_japanese(last) || is_japanese(first))
        {
            text.push(' ');
        }
        text.push_str(line);
    }
    let text = text.trim();
    // Glyphs without a ToUnicode map read － (a placeholder) as U+2212.
    if text == "\u{2212}" {
        return "－".to_string();
    }
    middle_dots(text)
}

/// The katakana middle dot ・ (労働・雇用, and 21・3 for 21.3 as newspapers
/// print it), which CJK fonts share with the hyphenation point ‧ and the
/// Latin middle dot ·, and whose text maps then name either: ‧ (never
/// meant in a plan) is read as ・ always, · beside a Japanese character.
fn middle_dots(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let japanese_beside =
        |i: usize| (i > 0 && is_japanese(chars[i - 1])) || chars.get(i + 1).is_some_and(|&c| is_japanese(c));
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '\u{2027}' => '・',
            '\u{00B7}' if japanese_beside(i) => '・',
            c => c,
        })
        .collect()
}

/// Glyphs as lines of text, top to bottom.
pub fn lines(glyphs: &[(Point, &Glyph)]) -> Vec<String> {
    let mut sorted: Vec<&(Point, &Glyph)> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
    let mut lines: Vec<Vec<&(Point, &Glyph)>> = Vec::new();
    for glyph in sorted {
        let size = glyph.1.em.hypot();
        match lines.last_mut() {
            Some(line) if (glyph.0.y - line[0].0.y).abs() <= size * 0.5 => line.push(glyph),
            _ => lines.push(vec![glyph]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
            let mut text = String::new();
            let mut previous: Option<&(Point, &Glyph)> = None;
            for glyph in line {
                // A gap wider than a wide character is a space the PDF
                // left out as positioning.
                if let Some(before) = previous
                    && glyph.0.x - before.0.x > before.1.em.hypot() * 1.15
                    && !text.ends_with(' ')
                    && !glyph.1.text.starts_with(' ')
                {
                    text.push(' ');
                }
                text.extend(glyph.1.text.chars().map(fold));
                previous = Some(glyph);
            }
            text.trim().to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Kangxi radicals (⽬ U+2F6C for 目) and CJK compatibility forms, which
/// Chrome, wkhtmltopdf and PDFBox write in their text maps, as the
/// ideographs they are (NFKC): or 目標値 is never found.
fn fold(c: char) -> char {
    let folds = matches!(c, '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}');
    if !folds {
        return c;
    }
    let mut folded = std::iter::once(c).nfkc();
    match (folded.next(), folded.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{2190}'..='\u{21FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kangxi_radicals_fold_to_ideographs() {
        let folded: String = "⽬標値 ⼈".chars().map(fold).collect();
        assert_eq!(folded, "目標値 人");
        assert_eq!(fold('A'), 'A');
    }

    #[test]
    fn middle_dots_beside_japanese_are_katakana() {
        assert_eq!(middle_dots("労働‧雇用"), "労働・雇用");
        assert_eq!(middle_dots("a·b"), "a·b");
        assert_eq!(middle_dots("21‧3"), "21・3");
    }
}
