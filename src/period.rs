//! Periods that are fiscal years (年度) or dates, as plans write them:
//! `H30`, `平成30年度`, `R1`, `R元`, `令和元年度`, `2019年度`, `FY2019`, `2019`,
//! and dates `令和元年12月27日`, `2019-12-27`, `2019/12/27`.
//!
//! A Japanese fiscal year runs April to March (Local Autonomy Act art. 208)
//! and is named after the calendar year it starts in, so 平成31年度 and
//! 令和元年度 are both FY2019. An era year maps to a fiscal year by the era's
//! offset alone: plans written before an era change keep naming later years
//! in the old era (H32 = 2020), and those are read the same way. Dates, in
//! contrast, must fall inside their era (平成31年5月1日 does not exist).

use chrono::{Datelike, NaiveDate};

/// A Japanese era: its names, its first day, and the offset from era year to
/// Gregorian year (the Gregorian year of 元年 minus one).
struct Era {
    kanji: &'static str,
    letter: char,
    offset: i32,
    first_day: (i32, u32, u32),
}

/// Oldest first. 明治 is taken from 1868-01-01, as is usual for era tables
/// (the proclamation, 1868-10-23, was made retroactive to the year's start).
const ERAS: [Era; 5] = [
    Era {
        kanji: "明治",
        letter: 'M',
        offset: 1867,
        first_day: (1868, 1, 1),
    },
    Era {
        kanji: "大正",
        letter: 'T',
        offset: 1911,
        first_day: (1912, 7, 30),
    },
    Era {
        kanji: "昭和",
        letter: 'S',
        offset: 1925,
        first_day: (1926, 12, 25),
    },
    Era {
        kanji: "平成",
        letter: 'H',
        offset: 1988,
        first_day: (1989, 1, 8),
    },
    Era {
        kanji: "令和",
        letter: 'R',
        offset: 2018,
        first_day: (2019, 5, 1),
    },
];

impl Era {
    fn first_day(&self) -> NaiveDate {
        let (y, m, d) = self.first_day;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The era in effect on `date`, if it is one of the table's.
    fn on(date: NaiveDate) -> Option<&'static Era> {
        ERAS.iter().rev().find(|era| era.first_day() <= date)
    }

    fn contains(&self, date: NaiveDate) -> bool {
        Era::on(date).is_some_and(|era| std::ptr::eq(era, self))
    }

    /// `元` for the first year, else the number.
    fn year_name(year: i32, japanese: bool) -> String {
        if year == 1 && japanese {
            "元".to_string()
        } else {
            year.to_string()
        }
    }
}

/// A fiscal year, named by the Gregorian year it starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// A year as a year line prints it, in brackets or not: `(平成22年)`,
    /// `（令和4年度）`, `R1`.
    pub fn bracketed(text: &str) -> Option<FiscalYear> {
        FiscalYear::parse(text.trim().trim_matches(['(', ')', '（', '）']))
    }

    /// The cells of a year line (a row of the years of the values above
    /// it): its non-empty cells when there are at least two and every one
    /// is a year; `None` for any other row.
    pub fn line<'a>(cells: impl IntoIterator<Item = &'a str>) -> Option<Vec<&'a str>> {
        let mut years = Vec::new();
        for cell in cells.into_iter().map(str::trim).filter(|c| !c.is_empty()) {
            FiscalYear::bracketed(cell)?;
            years.push(cell);
        }
        (years.len() >= 2).then_some(years)
    }

    /// Reads a period as a fiscal year; a date gives the fiscal year it
    /// falls in. `None` for periods that are neither (`前期`, `後期`).
    pub fn parse(text: &str) -> Option<FiscalYear> {
        match Period::parse(text)? {
            Period::Year(year) => Some(year),
            Period::Date(date) => Some(FiscalYear::of(date)),
        }
    }

    /// The fiscal year `date` falls in (April to March).
    pub fn of(date: NaiveDate) -> FiscalYear {
        FiscalYear(if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        })
    }

    /// The era name of the fiscal year: `R1` or `令和元年度`. A fiscal year
    /// takes the era in effect on May 1 of its first year, which is how
    /// FY2019 is 令和元年度 (Reiwa began on May 1) and FY1989 平成元年度.
    pub fn era_name(self, japanese: bool) -> String {
        let may_first = NaiveDate::from_ymd_opt(self.0, 5, 1);
        match may_first.and_then(Era::on) {
            Some(era) if japanese => {
                format!("{}{}年度", era.kanji, Era::year_name(self.0 - era.offset, true))
            }
            Some(era) => format!("{}{}", era.letter, self.0 - era.offset),
            None => self.0.to_string(),
        }
    }
}

/// A period that plancheck can place in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(FiscalYear),
    Date(NaiveDate),
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let text = to_ascii_width(text.trim());
        let text = text.trim();
        if let Some(date) = parse_date(text) {
            return Some(Period::Date(date));
        }
        parse_year(text).map(Period::Year)
    }

    /// Orders periods in time: a date after the start of its fiscal year.
    pub fn sort_key(self) -> (FiscalYear, Option<NaiveDate>) {
        match self {
            Period::Year(year) => (year, None),
            Period::Date(date) => (FiscalYear::of(date), Some(date)),
        }
    }
}

/// The order to show `periods` in, as indices: by time where every one is
/// a year or a date (a file may list H30 before H26), else as given — the
/// same rule `--period latest` follows.
pub fn chronological<T: AsRef<str>>(periods: &[T]) -> Vec<usize> {
    let keys: Option<Vec<_>> = periods
        .iter()
        .map(|p| Period::parse(p.as_ref()).map(Period::sort_key))
        .collect();
    let mut order: Vec<usize> = (0..periods.len()).collect();
    if let Some(keys) = keys {
        order.sort_by_key(|&i| keys[i]);
    }
    order
}

/// How `--years` rewrites periods that are years or dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum YearStyle {
    /// `2019` (ja: `2019年度`); dates `2019-12-27`.
    Gregorian,
    /// `R1` (ja: `令和元年度`); dates `R1.12.27` (ja: `令和元年12月27日`).
    Era,
}

/// The period written in `style`; periods that are not years are kept.
pub fn relabel(text: &str, style: YearStyle, japanese: bool) -> String {
    match (Period::parse(text), style) {
        (None, _) => text.to_string(),
        (Some(Period::Year(year)), YearStyle::Gregorian) if japanese => format!("{}年度", year.0),
        (Some(Period::Year(year)), YearStyle::Gregorian) => year.0.to_string(),
        (Some(Period::Year(year)), YearStyle::Era) => year.era_name(japanese),
        (Some(Period::Date(date)), YearStyle::Gregorian) => date.format("%Y-%m-%d").to_string(),
        (Some(Period::Date(date)), YearStyle::Era) => match Era::on(date) {
            Some(era) if japanese => format!(
                "{}{}年{}月{}日",
                era.kanji,
                Era::year_name(date.year() - era.offset, true),
                date.month(),
                date.day()
            ),
            Some(era) => format!(
                "{}{}.{}.{}",
                era.letter,
                date.year() - era.offset,
                date.month(),
                date.day()
            ),
            None => date.format("%Y-%m-%d").to_string(),
        },
    }
}

fn parse_year(text: &str) -> Option<FiscalYear> {
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
    let (era, year) = era_prefix(text)?;
    Some(FiscalYear(era.offset + era_year(year)?))
}

/// `2019-12-27`, `2019/12/27`, `令和元年12月27日`, `R1.12.27`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    let (era, rest) = era_prefix(text)?;
    let (year, month, day) = if let Some((year, rest)) = rest.split_once('年') {
        let (month, rest) = rest.split_once('月')?;
        (year, month, rest.strip_suffix('日')?)
    } else {
        let mut parts = rest.split('.');
        let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
        if parts.3.is_some() {
            return None;
        }
        (parts.0, parts.1, parts.2)
    };
    let date = NaiveDate::from_ymd_opt(
        era.offset + era_year(year.trim())?,
        month.trim().parse().ok()?,
        day.trim().parse().ok()?,
    )?;
    era.contains(date).then_some(date)
}

/// The era named at the start of `text` (`平成`, `H`, `h`) and the rest.
fn era_prefix(text: &str) -> Option<(&'static Era, &str)> {
    ERAS.iter().find_map(|era| {
        let rest = text.strip_prefix(era.kanji).or_else(|| {
            let mut chars = text.chars();
            let first = chars.next()?;
            (first.to_ascii_uppercase() == era.letter).then_some(chars.as_str())
        })?;
        Some((era, rest.trim_start()))
    })
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
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '／' | '－' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
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

    fn date(text: &str) -> Option<String> {
        match Period::parse(text)? {
            Period::Date(date) => Some(date.to_string()),
            Period::Year(_) => None,
        }
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
    fn every_era_and_gannen() {
        assert_eq!(year("明治45年度"), Some(1912));
        assert_eq!(year("M1"), Some(1868));
        assert_eq!(year("大正元年度"), Some(1912));
        assert_eq!(year("大正15年度"), Some(1926));
        assert_eq!(year("T15"), Some(1926));
        assert_eq!(year("昭和元年度"), Some(1926));
        assert_eq!(year("S64"), Some(1989));
        assert_eq!(year("平成元年度"), Some(1989));
        assert_eq!(year("H30"), Some(2018));
        assert_eq!(year("h26"), Some(2014));
        assert_eq!(year("Ｈ３０"), Some(2018));
        assert_eq!(year("平成30年度"), Some(2018));
        assert_eq!(year("平成31年度"), Some(2019));
        assert_eq!(year("R1"), Some(2019));
        assert_eq!(year("R元"), Some(2019));
        assert_eq!(year("令和元年度"), Some(2019));
        assert_eq!(year("令和6年"), Some(2024));
        assert_eq!(year("H32"), Some(2020), "years planned before an era change");
    }

    #[test]
    fn dates_fall_in_fiscal_years() {
        assert_eq!(date("2019-12-27").as_deref(), Some("2019-12-27"));
        assert_eq!(date("2019/3/31").as_deref(), Some("2019-03-31"));
        assert_eq!(date("令和元年12月27日").as_deref(), Some("2019-12-27"));
        assert_eq!(date("R1.12.27").as_deref(), Some("2019-12-27"));
        assert_eq!(year("2019-12-27"), Some(2019));
        assert_eq!(
            year("2020-03-31"),
            Some(2019),
            "March belongs to the previous fiscal year"
        );
        assert_eq!(year("2020-04-01"), Some(2020));
    }

    #[test]
    fn era_switch_dates() {
        assert_eq!(date("平成31年4月30日").as_deref(), Some("2019-04-30"));
        assert_eq!(date("令和元年5月1日").as_deref(), Some("2019-05-01"));
        assert_eq!(date("平成31年5月1日"), None, "Heisei had ended");
        assert_eq!(date("令和元年4月30日"), None, "Reiwa had not begun");
        assert_eq!(date("昭和64年1月7日").as_deref(), Some("1989-01-07"));
        assert_eq!(date("平成元年1月8日").as_deref(), Some("1989-01-08"));
        assert_eq!(date("昭和64年1月8日"), None);
        assert_eq!(date("大正15年12月24日").as_deref(), Some("1926-12-24"));
        assert_eq!(date("昭和元年12月25日").as_deref(), Some("1926-12-25"));
        assert_eq!(date("明治45年7月29日").as_deref(), Some("1912-07-29"));
        assert_eq!(date("大正元年7月30日").as_deref(), Some("1912-07-30"));
        assert_eq!(date("令和元年2月30日"), None, "no such day");
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
            "平成",
            "30",
            "2019-13-01",
        ] {
            assert_eq!(year(text), None, "{text:?}");
        }
    }

    #[test]
    fn relabels_years_and_dates() {
        assert_eq!(relabel("H30", YearStyle::Gregorian, false), "2018");
        assert_eq!(relabel("H30", YearStyle::Gregorian, true), "2018年度");
        assert_eq!(relabel("2019", YearStyle::Era, false), "R1");
        assert_eq!(relabel("2019", YearStyle::Era, true), "令和元年度");
        assert_eq!(relabel("平成31年度", YearStyle::Era, true), "令和元年度");
        assert_eq!(relabel("1989", YearStyle::Era, true), "平成元年度");
        assert_eq!(relabel("1926", YearStyle::Era, true), "大正15年度");
        assert_eq!(relabel("2019-12-27", YearStyle::Era, true), "令和元年12月27日");
        assert_eq!(
            relabel("令和元年12月27日", YearStyle::Gregorian, false),
            "2019-12-27"
        );
        assert_eq!(relabel("2019-04-30", YearStyle::Era, false), "H31.4.30");
        assert_eq!(relabel("後期", YearStyle::Era, true), "後期");
    }

    #[test]
    fn dates_sort_after_the_start_of_their_year() {
        let key = |t: &str| Period::parse(t).unwrap().sort_key();
        assert!(
            key("H30") < key("2019-01-10"),
            "January 2019 is in FY2018, after its start"
        );
        assert!(key("2019-01-10") < key("R1"));
    }
}
