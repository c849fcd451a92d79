//! The domain: an indicator (目標指標) as one plan publishes it, for one period.

use rust_decimal::Decimal;
use std::sync::Arc;

use crate::period::FiscalYear;

/// Which way an indicator should move (指標のめざす方向).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// ↗ higher is better.
    Increase,
    /// ↘ lower is better.
    Decrease,
    /// → keep the value; judged like `Increase` (at or above the target),
    /// which is how the plans we reproduce treat 維持.
    Maintain,
}

impl Direction {
    /// Every word `Direction::parse` accepts, as listed in error messages.
    pub const ACCEPTED: &'static str = "up, increase, higher, ↗, ↑, ⇧, ▲, 増加, 上昇, 増, 向上, 維持・向上 / \
         down, decrease, lower, ↘, ↓, ⇩, ▼, 減少, 低下, 減, 削減, 抑制 / maintain, keep, →, ⇨, 維持, 現状維持, 横ばい";

    /// Reads the words and arrows that plans print in the direction column:
    /// full-width letters (`ＵＰ`) and an emoji variation selector after an
    /// arrow (`↗️`, common after copying from a PDF) read as the plain forms.
    pub fn parse(text: &str) -> Option<Direction> {
        let text = text.trim();
        // The usual spellings first, without the copy normalizing makes.
        match text {
            "up" | "↗" => return Some(Direction::Increase),
            "down" | "↘" => return Some(Direction::Decrease),
            "maintain" | "→" => return Some(Direction::Maintain),
            _ => {}
        }
        let word: String = text
            .chars()
            .filter(|c| !matches!(c, '\u{fe0e}' | '\u{fe0f}'))
            .map(crate::text::ascii_width)
            .collect::<String>()
            .to_lowercase();
        match word.trim() {
            "up" | "increase" | "higher" | "↗" | "↑" | "⇧" | "▲" | "増加" | "上昇" | "増" | "向上"
            | "維持・向上" | "維持･向上" | "維持又は向上" => Some(Direction::Increase),
            "down" | "decrease" | "lower" | "↘" | "↓" | "⇩" | "▼" | "減少" | "低下" | "減" | "削減"
            | "抑制" => Some(Direction::Decrease),
            "maintain" | "keep" | "→" | "⇨" | "維持" | "現状維持" | "横ばい" => {
                Some(Direction::Maintain)
            }
            _ => None,
        }
    }

    /// Why `text` is not a direction, for the error message: 改善 (improve)
    /// is a direction only once one knows which way is better.
    pub fn unknown(text: &str) -> String {
        if text.is_empty() {
            return format!("the direction is empty; expected one of {}", Direction::ACCEPTED);
        }
        if matches!(text.trim(), "改善" | "improve" | "better") {
            return format!(
                "\"{}\" does not say which way is better; write up (↗, 増加) when higher is better \
                 or down (↘, 減少) when lower is",
                text.trim()
            );
        }
        format!(
            "\"{text}\" is not a direction; expected one of {}",
            Direction::ACCEPTED
        )
    }

    /// The normalized name written in every output (`up|down|maintain`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "up",
            Direction::Decrease => "down",
            Direction::Maintain => "maintain",
        }
    }

    /// Whether reaching or passing the target from below counts as success.
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Direction::Decrease)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_as_plans_print_them() {
        for (text, direction) in [
            ("向上", Direction::Increase),
            ("増", Direction::Increase),
            ("維持・向上", Direction::Increase),
            ("⇧", Direction::Increase),
            ("▲", Direction::Increase),
            ("ＵＰ", Direction::Increase),
            ("↗\u{fe0f}", Direction::Increase),
            ("減", Direction::Decrease),
            ("削減", Direction::Decrease),
            ("抑制", Direction::Decrease),
            ("⇩", Direction::Decrease),
            ("▼", Direction::Decrease),
            ("↘️", Direction::Decrease),
            ("現状維持", Direction::Maintain),
            ("横ばい", Direction::Maintain),
            ("⇨", Direction::Maintain),
            ("Ｋｅｅｐ", Direction::Maintain),
        ] {
            assert_eq!(Direction::parse(text), Some(direction), "{text}");
        }
        assert_eq!(Direction::parse("改善"), None);
        assert!(Direction::unknown("改善").contains("does not say which way is better"));
    }
}

/// One row of input: an indicator's target and actual for one period.
///
/// Missing optional text columns are empty strings, because every output
/// writes them as empty cells anyway; missing numbers are `None`, because
/// "not yet measured" must never be confused with zero.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// Line of the input where the row starts (1-based, header is line 1).
    pub line: u64,
    pub chapter: Arc<str>,
    pub section: Arc<str>,
    pub name: String,
    pub unit: Arc<str>,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    pub target: Decimal,
    /// `None` while the actual has not been measured yet (pending).
    pub actual: Option<Decimal>,
    pub period: Arc<str>,
    /// A subtotal row (計, 小計, 合計, 総計, 平均 in its chapter, section or
    /// indicator cell): listed by `eval`, left out of counts and roll-ups,
    /// checked against the rows it closes (`subtotal`).
    pub subtotal: bool,
    /// The row's weight in a weighted roll-up; `None` counts as 1.
    pub weight: Option<Decimal>,
    /// The achievement rate the publisher printed (percent), when read for
    /// `--verify-published`; its scale is the number of decimals printed.
    pub published: Option<Decimal>,
    /// This row's method (算出方法), overriding the one chosen for the file.
    pub method: Option<MethodChoice>,
    /// For `maintain`: how far below the target (percent of it) still
    /// counts as kept, overriding `--tolerance`.
    pub tolerance: Option<Decimal>,
    /// The fiscal year of the baseline (基準年度), for trajectories.
    pub baseline_year: Option<FiscalYear>,
    /// The fiscal year the target is for (目標年度), for trajectories.
    pub target_year: Option<FiscalYear>,
    /// How the direction was decided where the table has no direction
    /// column (`None`: the row's direction cell).
    pub direction_from: Option<Box<Inferred>>,
    /// The grade the publisher printed (`◎`, `B*`), as written. (Boxed
    /// text, as `direction_from` is boxed: most tables have neither, and a
    /// row is moved between threads, so it is kept small.)
    pub published_grade: Box<str>,
    /// How the target was written: a number, a trend (the target is then
    /// the baseline), or text that names no number (pending).
    pub target_form: TargetForm,
    /// The texts a row rarely has (reasons, a remark, a placeholder, the
    /// target as written), out of the row itself: rows are moved between
    /// threads and through queues, and most carry none of them.
    pub texts: Option<Box<RowTexts>>,
    /// The plan's final target (目標値(最終), or the line under the
    /// year's target), where the table prints one beside this period's
    /// target: evidence of the direction, and what a grade of marks
    /// (◎ the final target met) is judged against.
    pub final_target: Option<Decimal>,
}

/// The texts a row rarely carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowTexts {
    /// Why this indicator's target was missed (理由).
    pub reason: String,
    /// The section's reason (節の理由), written on the row.
    pub section_reason: String,
    /// A remark (備考), carried to the output as written.
    pub remark: String,
    /// What a pending row printed instead of its actual (`－`, `集計中`),
    /// shown as its note.
    pub placeholder: String,
    /// The target as written when it is relative to the baseline (`393人増`,
    /// `10%削減`), a bound, a trend or text; `target` holds it resolved.
    /// Shown as the note.
    pub target_as_written: String,
}

impl RowTexts {
    /// `None` when every text is empty: the common row allocates nothing.
    pub fn boxed(self) -> Option<Box<RowTexts>> {
        (self != RowTexts::default()).then(|| Box::new(self))
    }
}

/// How a target cell was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TargetForm {
    /// A number (or a bound, or relative to the baseline): `target` is it.
    #[default]
    Number,
    /// A target that names only a trend (`減少傾向へ`, `増加傾向へ`): the
    /// target is the baseline, and only a change beyond it is met.
    Trend,
    /// A target that is text naming no number of this row
    /// (`平均寿命の増加分を上回る健康寿命の増加`): nothing to compare the
    /// actual with, so the row is pending and the text is its note;
    /// `target` is zero and is never shown.
    Text,
}

/// What decided a row's direction where the table prints none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectionEvidence {
    /// A word of the target cell (`以下`, `ゼロ`, `減少傾向へ`).
    TargetWords(&'static str),
    /// A target relative to the baseline (`10%削減`, `5ポイント増`).
    Relative,
    /// The baseline below or above the target.
    BaselineToTarget,
    /// The baseline below or above the final target, where this period's
    /// target equals the baseline.
    BaselineToFinalTarget,
    /// The formula that reproduces the printed rate.
    PublishedRate,
    /// A word of the indicator's name (`削減`, `死亡率`, `向上`).
    NameWords(&'static str),
    /// `--direction`.
    Option,
    /// Nothing decides, and nothing needs to: the target is text, so the
    /// row is pending whichever way it goes.
    TextTarget,
}

/// A direction decided from the row's evidence, and the first evidence
/// that says otherwise, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inferred {
    pub by: DirectionEvidence,
    pub against: Option<(DirectionEvidence, Direction)>,
}

impl Indicator {
    /// Why this indicator's target was missed (理由), or "".
    pub fn reason(&self) -> &str {
        self.texts.as_ref().map_or("", |t| &t.reason)
    }

    /// The section's reason written on the row, or "".
    pub fn section_reason(&self) -> &str {
        self.texts.as_ref().map_or("", |t| &t.section_reason)
    }

    /// The remark (備考), or "".
    pub fn remark(&self) -> &str {
        self.texts.as_ref().map_or("", |t| &t.remark)
    }

    /// What a pending row printed instead of its actual, or "".
    pub fn placeholder(&self) -> &str {
        self.texts.as_ref().map_or("", |t| &t.placeholder)
    }

    /// The target as written where it was not a plain number, or "".
    pub fn target_as_written(&self) -> &str {
        self.texts.as_ref().map_or("", |t| &t.target_as_written)
    }

    /// The row's texts, to set one (`indicator.texts_mut().reason = …`).
    pub fn texts_mut(&mut self) -> &mut RowTexts {
        self.texts.get_or_insert_with(Box::default)
    }

    /// The target as outputs show it: none for a text target.
    pub fn shown_target(&self) -> Option<Decimal> {
        (self.target_form != TargetForm::Text).then_some(self.target)
    }

    /// An indicator with a name, direction and target, and nothing else:
    /// the start of a struct update (`Indicator { actual, ..Indicator::new(…) }`).
    pub fn new(name: &str, direction: Direction, target: Decimal) -> Indicator {
        Indicator {
            line: 0,
            chapter: Arc::default(),
            section: Arc::default(),
            name: name.to_string(),
            unit: Arc::default(),
            direction,
            baseline: None,
            target,
            actual: None,
            period: Arc::default(),
            texts: None,
            weight: None,
            subtotal: false,
            published: None,
            method: None,
            tolerance: None,
            baseline_year: None,
            target_year: None,
            direction_from: None,
            published_grade: Box::default(),
            target_form: TargetForm::Number,
            final_target: None,
        }
    }
}

/// A reason written once for a section, in a block of rows below the
/// section's indicators — 後期基本計画に係る未達成指標の理由・分析, then the
/// text — as the reference 総括表 prints it. It explains the section's rows
/// of the latest period, the period such blocks are written for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionReason {
    pub chapter: String,
    pub section: String,
    pub text: String,
    /// Where the text is, for messages.
    pub line: u64,
}

/// Words a reason cell holds when it gives no reason: "none", "not
/// filled in", "not decided" (compared after the folding of
/// `is_explanation`: lower case, no spaces, no brackets or punctuation at
/// the ends).
pub const NO_REASON_WORDS: [&str; 19] = [
    "なし",
    "無し",
    "特になし",
    "特に無し",
    "該当なし",
    "該当無し",
    "未記入",
    "記入なし",
    "記載なし",
    "未定",
    "不明",
    "空欄",
    "n/a",
    "na",
    "none",
    "nil",
    "null",
    "tbd",
    "no",
];

/// Whether a reason cell explains anything. A dash, an ellipsis, a number,
/// a mark (`×`, `.`) or a word saying there is none (`なし。`, `（なし）`,
/// `特に なし`, `未記入`) does not: an explanation has a letter in it and is
/// not one of `NO_REASON_WORDS`, whatever its width, spaces, brackets or
/// closing punctuation.
pub fn is_explanation(reason: &str) -> bool {
    let folded: String = reason
        .chars()
        // Full-width ASCII (Ｎ／Ａ) as ASCII.
        .map(crate::text::ascii_width)
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    // The long-vowel mark ー is a letter to Unicode but a dash in a cell.
    let core = folded.trim_matches(|c: char| !c.is_alphanumeric() || c == 'ー');
    core.chars().any(|c| c.is_alphabetic() && c != 'ー') && !NO_REASON_WORDS.contains(&core)
}

/// How large a change still counts as none (a flat trend, a grade within
/// the baseline's band): within an amount in the
/// indicator's unit (`3`, or `3pt` for a share in %), or within a percent
/// of the previous value (`5%`). The default, zero, counts only no change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    Absolute(Decimal),
    Relative(Decimal),
    /// Percentage points (`3pt`): for shares in % (or rows with no unit),
    /// and no band for rows in any other unit (3 points of 件 mean nothing).
    Points(Decimal),
}

impl Default for Band {
    fn default() -> Band {
        Band::Absolute(Decimal::ZERO)
    }
}

impl Band {
    /// Whether `change` from `previous`, in `unit`, is small enough to be
    /// flat.
    pub fn holds(self, change: Decimal, previous: Decimal, unit: &str) -> bool {
        match self {
            Band::Absolute(band) => change.abs() <= band,
            // A row without a unit may be a share, as a number in % may.
            Band::Points(band) if matches!(unit.trim(), "%" | "％" | "") => change.abs() <= band,
            Band::Points(_) => change.is_zero(),
            // |change| ≤ band% × |previous|, compared exactly.
            Band::Relative(band) => change.abs() * Decimal::ONE_HUNDRED <= band * previous.abs(),
        }
    }
}

/// How achievement is computed. Publishers document different formulas;
/// each is one variant here and one pure function in `evaluate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// actual ÷ target (↗, →); target ÷ actual (↘). The reference plan's.
    Ratio,
    /// (actual − baseline) ÷ (target − baseline): share of the planned change
    /// achieved (進捗率), the same formula in either direction.
    Progress,
    /// actual ÷ target (↗, →); 2 − actual ÷ target (↘), as many Japanese
    /// evaluations compute lower-is-better indicators.
    Deviation,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Ratio => "ratio",
            Method::Progress => "progress",
            Method::Deviation => "deviation",
        }
    }
}

/// A method, or `auto`: progress where a baseline exists (and differs from
/// the target), ratio otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum MethodChoice {
    /// actual ÷ target; target ÷ actual when lower is better.
    #[default]
    Ratio,
    /// (actual − baseline) ÷ (target − baseline).
    Progress,
    /// actual ÷ target; 2 − actual ÷ target when lower is better.
    Deviation,
    /// progress where a baseline exists, ratio otherwise.
    Auto,
}

impl MethodChoice {
    /// Every word `MethodChoice::parse` accepts, for error messages.
    pub const ACCEPTED: &'static str = "ratio (達成率), progress (進捗率), deviation, auto";

    /// Reads a `method` (算出方法) cell.
    pub fn parse(text: &str) -> Option<MethodChoice> {
        match text.trim().to_lowercase().as_str() {
            "ratio" | "達成率" => Some(MethodChoice::Ratio),
            "progress" | "進捗率" => Some(MethodChoice::Progress),
            "deviation" => Some(MethodChoice::Deviation),
            "auto" => Some(MethodChoice::Auto),
            _ => None,
        }
    }

    /// The method this choice means for `indicator`.
    pub fn resolve(self, indicator: &Indicator) -> Method {
        match self {
            MethodChoice::Ratio => Method::Ratio,
            MethodChoice::Progress => Method::Progress,
            MethodChoice::Deviation => Method::Deviation,
            MethodChoice::Auto if indicator.baseline.is_some_and(|b| b != indicator.target) => {
                Method::Progress
            }
            MethodChoice::Auto => Method::Ratio,
        }
    }
}
