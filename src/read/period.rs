//! Periods that are fiscal years (年度), as plans write them: `H30`,
//! `平成30年度`, `R1`, `R元`, `令和元年度`, `2019年度`, `FY2019`, `2019`.
//!
//! A Japanese fiscal year runs April to March (Local Autonomy Act art. 208)
//! and is named after the calendar year it starts in, so 平成31年度 and
//! 令和元年度 are both FY2019. An era year maps to a fiscal year by the era's
//! offset alone; plans written before an era change keep naming later years
//! in the old era (H32 = 2020), and those are read the same way.

/// A Japanese era: its names and the offset from era year to Gregorian year.
struct Era {
    kanji: &'static str,
    letter: char,
    /// Gregorian year of the era's first year (元年) minus one.
    offset: i32,
}

const ERAS: [Era; 5] = [
    Era {
        kanji: "明治",
        letter: 'M',
        offset: 1867,
    },
    Era {
        kanji: "大正",
        letter: 'T',
        offset: 1911,
    },
    Era {
        kanji: "昭和",
        letter: 'S',
        offset: 1925,
    },
    Era {
        kanji: "平成",
        letter: 'H',
        offset: 1988,
    },
    Era {
        kanji: "令和",
        letter: 'R',
        offset: 2018,
    },
];

/// A fiscal year, named by the Gregorian year it starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// Reads a period as a fiscal year; `None` for periods that are not
    /// years (`前期`, `後期`, `2019-12-27`).
    pub fn parse(text: &str) -> Option<FiscalYear> {
        let text = to_ascii_width(text.trim());
        let text = text.trim();
        let text = text
            .strip_suffix("年度")
            .or_else(|| text.strip_suffix('年'))
            .unwrap_or(text)
            .trim_end();
        if let Some(year) = text.strip_prefix("FY").or_else(|| text.strip_prefix("fy")) {
            return gregorian(year.trim_start());
        }
        if let Some(year) = gregorian(text) {
            return Some(year);
        }
        ERAS.iter().find_map(|era| {
            let rest = text.strip_prefix(era.kanji).or_else(|| {
                let mut chars = text.chars();
                let first = chars.next()?;
                (first.to_ascii_uppercase() == era.letter).then_some(chars.as_str())
            })?;
            let year = era_year(rest.trim_start())?;
            Some(FiscalYear(era.offset + year))
        })
    }
}

fn gregorian(text: &str) -> Option<FiscalYear> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok().map(FiscalYear))
        .flatten()
}

/// `元` (the first year) or 1–99.
fn era_year(text: &str) -> Option<i32> {
    if text == "元" {
        return Some(1);
    }
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|year| *year >= 1)
}

/// Full-width digits and Latin letters (Ｈ３０, ＦＹ２０１９) to ASCII.
fn to_ascii_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(text: &str) -> Option<i32> {
        FiscalYear::parse(text).map(|y| y.0)
    }

    #[test]
    fn gregorian_forms() {
        assert_eq!(year("2019"), Some(2019));
        assert_eq!(year("2019年度"), Some(2019));
        assert_eq!(year("FY2019"), Some(2019));
        assert_eq!(year("fy 2019"), Some(2019));
        assert_eq!(year("２０１９年度"), Some(2019));
    }

    #[test]
    fn era_forms() {
        assert_eq!(year("H30"), Some(2018));
        assert_eq!(year("h26"), Some(2014));
        assert_eq!(year("Ｈ３０"), Some(2018));
        assert_eq!(year("平成30年度"), Some(2018));
        assert_eq!(year("平成31年度"), Some(2019));
        assert_eq!(year("R1"), Some(2019));
        assert_eq!(year("R元"), Some(2019));
        assert_eq!(year("令和元年度"), Some(2019));
        assert_eq!(year("令和6年"), Some(2024));
        assert_eq!(year("S64"), Some(1989));
        assert_eq!(year("昭和元年度"), Some(1926));
        assert_eq!(year("大正15年度"), Some(1926));
        assert_eq!(year("明治45年度"), Some(1912));
        assert_eq!(year("H32"), Some(2020));
    }

    #[test]
    fn not_years() {
        for text in [
            "前期",
            "後期",
            "",
            "H",
            "H0",
            "H100",
            "X30",
            "201",
            "2019-12-27",
            "平成",
            "30",
        ] {
            assert_eq!(year(text), None, "{text:?}");
        }
    }
}
