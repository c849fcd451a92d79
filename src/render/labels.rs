//! Every word plancheck prints in tables and CSV, in English and Japanese.
//! JSON keeps English keys and values: it is read by programs.

use crate::aggregate::Aggregate;
use crate::evaluate::{Note, Status};
use crate::indicator::{Direction, DirectionEvidence, Indicator, Inferred};
use crate::projection::Outlook;
use crate::summarize::GroupBy;
use crate::timeline::Trend;
use crate::trajectory::Position;

/// The language of headers, statuses and notes (`--lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn is_japanese(self) -> bool {
        self == Lang::Ja
    }
}

/// The headers of `keys` (from `render::evaluation_keys`) in `lang`.
pub fn headers(keys: &[&'static str], lang: Lang) -> Vec<&'static str> {
    keys.iter().map(|key| header(key, lang)).collect()
}

pub fn header(key: &'static str, lang: Lang) -> &'static str {
    if lang == Lang::En {
        return key;
    }
    match key {
        "chapter" => "章",
        "section" => "節",
        "indicator" => "目標指標",
        "unit" => "単位",
        "direction" => "方向",
        "period" => "期間",
        "baseline" => "策定時",
        "target" => "目標値",
        "actual" => "実績値",
        "achievement" => "達成率",
        "status" => "判定",
        "note" => "注記",
        "remark" => "備考",
        "published_grade" => "評価(公表)",
        "method" => "算出方法",
        "raw_achievement" => "算出値",
        "grade" => "評価",
        "grade_points" => "評価点",
        "previous" => "前回値",
        "mark" => "判定記号",
        "interim_achievement" => "中間達成率",
        "projected" => "推計値",
        "projected_achievement" => "推計達成度",
        "outlook" => "見通し",
        "change" => "変化",
        "trend" => "傾向",
        "improved" => "改善",
        "flat" => "横ばい",
        "worsened" => "悪化",
        "mean_points" => "平均評価点",
        "group_grade" => "総合評価",
        "expected" => "期待値",
        "on_track" => "進捗",
        other => other,
    }
}

/// The summary column counting a grade: `grade_A`, `評価A`.
pub fn grade_count(grade: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("grade_{grade}"),
        Lang::Ja => format!("評価{grade}"),
    }
}

pub fn position(position: Position, lang: Lang) -> &'static str {
    match (lang, position) {
        (Lang::En, position) => position.as_str(),
        (Lang::Ja, Position::Ahead) => "達成済",
        (Lang::Ja, Position::OnTrack) => "順調",
        (Lang::Ja, Position::Behind) => "遅れ",
    }
}

/// The summary's figure columns, the roll-up named after its rule.
pub fn summary_headers(lang: Lang, aggregate: Aggregate) -> [&'static str; 9] {
    let mut headers = summary_headers_of(lang);
    headers[6] = match (lang, aggregate) {
        (Lang::En, aggregate) => aggregate.column(),
        (Lang::Ja, Aggregate::Mean) => "平均達成率",
        (Lang::Ja, Aggregate::Sum) => "合計達成率",
        (Lang::Ja, Aggregate::Weighted) => "加重平均達成率",
    };
    headers
}

fn summary_headers_of(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::En => SUMMARY_COLUMNS,
        Lang::Ja => [
            "指標数",
            "評価数",
            "達成",
            "未達成",
            "未測定",
            "達成割合",
            "平均達成率",
            "最低達成率",
            "最低の指標",
        ],
    }
}

pub fn group(key: GroupBy, lang: Lang) -> &'static str {
    match (lang, key) {
        (Lang::En, key) => key.name(),
        (Lang::Ja, GroupBy::Chapter) => "章",
        (Lang::Ja, GroupBy::Section) => "節",
        (Lang::Ja, GroupBy::Period) => "期間",
    }
}

/// The heading above a roll-up under the `eval` table.
pub fn rollup_title(keys: &[GroupBy], lang: Lang) -> String {
    let names: Vec<&str> = keys.iter().map(|k| group(*k, lang)).collect();
    match lang {
        Lang::En => format!("By {}:", names.join(" and ")),
        Lang::Ja => format!("{}別:", names.join("・")),
    }
}

pub fn total(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "(total)",
        Lang::Ja => "合計",
    }
}

/// An evaluation's status as printed: a subtotal row's is `subtotal` (小計).
pub fn row_status(evaluation: &crate::evaluate::Evaluation, lang: Lang) -> &'static str {
    match (evaluation.indicator.subtotal, lang) {
        (true, Lang::En) => "subtotal",
        (true, Lang::Ja) => "小計",
        (false, _) => status(evaluation.status, lang),
    }
}

/// A trend as printed: improved / 改善, flat / 横ばい, worsened / 悪化,
/// first / 初回.
pub fn trend(trend: Trend, lang: Lang) -> &'static str {
    match (lang, trend) {
        (Lang::En, trend) => trend.as_str(),
        (Lang::Ja, Trend::Improved) => "改善",
        (Lang::Ja, Trend::Flat) => "横ばい",
        (Lang::Ja, Trend::Worsened) => "悪化",
        (Lang::Ja, Trend::First) => "初回",
    }
}

/// An outlook as printed (SDG Progress Chart scores 3, 2, 1).
pub fn outlook(outlook: Outlook, lang: Lang) -> &'static str {
    match (lang, outlook) {
        (Lang::En, outlook) => outlook.as_str(),
        (Lang::Ja, Outlook::OnTrack) => "達成見込み",
        (Lang::Ja, Outlook::NeedsAcceleration) => "加速が必要",
        (Lang::Ja, Outlook::OffTrack) => "達成困難",
    }
}

/// The note of a row whose projection was computed in floating point.
pub fn note_floating(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "projection computed in floating point (CAGR)",
        Lang::Ja => "推計値は浮動小数点で計算(CAGR)",
    }
}

pub fn status(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, status) => status.as_str(),
        (Lang::Ja, Status::Met) => "達成",
        (Lang::Ja, Status::Unmet) => "未達成",
        (Lang::Ja, Status::Pending) => "未測定",
    }
}

pub fn direction(direction: Direction, lang: Lang) -> &'static str {
    match (lang, direction) {
        (Lang::En, direction) => direction.as_str(),
        (Lang::Ja, Direction::Increase) => "増加",
        (Lang::Ja, Direction::Decrease) => "減少",
        (Lang::Ja, Direction::Maintain) => "維持",
    }
}

pub fn note(note: Note, lang: Lang) -> &'static str {
    match (lang, note) {
        (Lang::En, Note::ZeroTarget) => "target is 0: rate undefined, judged by comparing actual with target",
        (Lang::En, Note::ZeroActual) => "actual is 0: rate undefined, judged by comparing actual with target",
        (Lang::Ja, Note::ZeroTarget) => "目標値が0のため達成率は算出せず、実績値と目標値の比較で判定",
        (Lang::Ja, Note::ZeroActual) => "実績値が0のため達成率は算出せず、実績値と目標値の比較で判定",
        (Lang::En, Note::WithinTolerance) => "below the target but within the tolerance: kept",
        (Lang::Ja, Note::WithinTolerance) => "目標値を下回るが許容範囲内のため維持と判定",
    }
}

/// A grading test a row could not decide, for its note.
pub fn undecided(why: crate::grading::Undecided, lang: Lang) -> &'static str {
    use crate::grading::Undecided;
    match (why, lang.is_japanese()) {
        (Undecided::Line, false) => {
            "grade: the test against the baseline → target line was not decided (it needs baseline_year, target_year and a period that is a year)"
        }
        (Undecided::Line, true) => {
            "評価: 基準年度・目標年度・年度の期間がないため、策定時→目標値の線との比較は判定せず"
        }
        (Undecided::FinalTarget, false) => {
            "grade: the test of the final target was not decided (the row has no final target)"
        }
        (Undecided::FinalTarget, true) => "評価: 最終目標値がないため、最終目標の達成は判定せず",
    }
}

/// What decided a row's direction, for its note: `direction inferred from
/// baseline 100 → target 80`, and the evidence that says otherwise.
pub fn direction_note(indicator: &Indicator, inferred: Inferred, lang: Lang) -> String {
    let ja = lang.is_japanese();
    let evidence = |by: DirectionEvidence| match (by, ja) {
        (DirectionEvidence::TargetWords(word), false) => format!("the target's \"{word}\""),
        (DirectionEvidence::TargetWords(word), true) => format!("目標値の「{word}」"),
        (DirectionEvidence::Relative, false) => format!("the target \"{}\"", indicator.target_as_written()),
        (DirectionEvidence::Relative, true) => format!("目標値「{}」", indicator.target_as_written()),
        (DirectionEvidence::BaselineToTarget, false) => match indicator.baseline {
            Some(baseline) => format!("baseline {baseline} → target {}", indicator.target),
            None => "baseline → target".to_string(),
        },
        (DirectionEvidence::BaselineToTarget, true) => match indicator.baseline {
            Some(baseline) => format!("策定時{baseline}→目標値{}", indicator.target),
            None => "策定時→目標値".to_string(),
        },
        (DirectionEvidence::PublishedRate, false) => "the printed rate".to_string(),
        (DirectionEvidence::PublishedRate, true) => "公表の達成率".to_string(),
        (DirectionEvidence::NameWords(word), false) => format!("the name's \"{word}\""),
        (DirectionEvidence::NameWords(word), true) => format!("指標名の「{word}」"),
        (DirectionEvidence::Option, false) => "--direction".to_string(),
        (DirectionEvidence::Option, true) => "--direction".to_string(),
        (DirectionEvidence::BaselineToFinalTarget, false) => {
            match (indicator.baseline, indicator.final_target) {
                (Some(baseline), Some(last)) => format!("baseline {baseline} → final target {last}"),
                _ => "baseline → final target".to_string(),
            }
        }
        (DirectionEvidence::BaselineToFinalTarget, true) => {
            match (indicator.baseline, indicator.final_target) {
                (Some(baseline), Some(last)) => format!("策定時{baseline}→最終目標値{last}"),
                _ => "策定時→最終目標値".to_string(),
            }
        }
        (DirectionEvidence::TextTarget, _) => String::new(),
    };
    if inferred.by == DirectionEvidence::TextTarget {
        return if ja {
            "目標値が文章のため評価せず、方向も判定せず".to_string()
        } else {
            "the target is text: not evaluated, and no direction decided".to_string()
        };
    }
    let mut note = if ja {
        format!(
            "方向（{}）は{}から推定",
            direction(indicator.direction, lang),
            evidence(inferred.by)
        )
    } else {
        format!(
            "direction {} inferred from {}",
            indicator.direction.as_str(),
            evidence(inferred.by)
        )
    };
    if let Some((by, other)) = inferred.against {
        if ja {
            note.push_str(&format!("。{}は{}を示す", evidence(by), direction(other, lang)));
        } else {
            note.push_str(&format!(", though {} says {}", evidence(by), other.as_str()));
        }
    }
    note
}

impl ReportLabels {
    /// The name of the roll-up `aggregate` gives.
    pub fn achievement(&self, aggregate: Aggregate) -> &'static str {
        match aggregate {
            Aggregate::Mean => self.mean_achievement,
            Aggregate::Sum => self.sum_achievement,
            Aggregate::Weighted => self.weighted_achievement,
        }
    }
}

/// The words of `plancheck report`.
pub struct ReportLabels {
    pub title: &'static str,
    pub indicator: &'static str,
    pub unit: &'static str,
    pub direction: &'static str,
    pub baseline: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub achievement: &'static str,
    pub final_target: &'static str,
    /// Before a section's grade by the scheme's roll-up.
    pub group_grade: &'static str,
    pub course: &'static str,
    /// Before the count of a section's earlier periods not shown.
    pub earlier_periods: &'static str,
    /// The name of the report's sheet in a workbook.
    pub sheet: &'static str,
    pub reasons: &'static str,
    pub chart: &'static str,
    pub met_share: &'static str,
    pub mean_achievement: &'static str,
    pub sum_achievement: &'static str,
    pub weighted_achievement: &'static str,
    pub indicators: &'static str,
    pub evaluated: &'static str,
    pub met: &'static str,
    pub unmet: &'static str,
    pub pending: &'static str,
    pub generated: &'static str,
}

pub fn report(lang: Lang) -> ReportLabels {
    match lang {
        Lang::En => ReportLabels {
            title: "Indicator achievement report",
            indicator: "Indicator",
            unit: "Unit",
            direction: "Direction",
            baseline: "Baseline",
            target: "Target",
            actual: "Actual",
            achievement: "Achievement",
            final_target: "Final target",
            group_grade: "overall grade",
            earlier_periods: "Earlier periods not shown (the table shows the latest 12)",
            course: "Course",
            sheet: "Summary table",
            reasons: "Reasons for unmet indicators",
            chart: "Met share and mean achievement by section",
            met_share: "met share",
            mean_achievement: "mean achievement",
            sum_achievement: "achievement of the sums",
            weighted_achievement: "weighted achievement",
            indicators: "indicators",
            evaluated: "evaluated",
            met: "met",
            unmet: "unmet",
            pending: "pending",
            generated: "Computed by plancheck: exact decimal arithmetic, rounded half-up, capped at 100%.",
        },
        Lang::Ja => ReportLabels {
            title: "目標指標の達成状況",
            indicator: "目標指標",
            unit: "単位",
            direction: "方向",
            baseline: "策定時",
            target: "目標値",
            actual: "実績値",
            achievement: "達成率",
            final_target: "目標値(最終)",
            group_grade: "総合評価",
            earlier_periods: "表示していない以前の期間（表は直近12期間）",
            course: "推移",
            sheet: "総括表",
            reasons: "未達成指標の理由・分析",
            chart: "節別の達成割合と平均達成率",
            met_share: "達成割合",
            mean_achievement: "平均達成率",
            sum_achievement: "合計達成率",
            weighted_achievement: "加重平均達成率",
            indicators: "指標",
            evaluated: "評価",
            met: "達成",
            unmet: "未達成",
            pending: "未測定",
            generated: "plancheck により算出(10進数の厳密計算、四捨五入、上限100%)。",
        },
    }
}

/// The arrow a published table prints for a direction.
pub fn arrow(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "↗",
        Direction::Decrease => "↘",
        Direction::Maintain => "→",
    }
}

/// The per-indicator columns of `eval`, in their stable order.
pub const EVALUATION_COLUMNS: [&str; 12] = [
    "chapter",
    "section",
    "indicator",
    "unit",
    "direction",
    "period",
    "baseline",
    "target",
    "actual",
    "achievement",
    "status",
    "note",
];

/// The per-group columns of `summary`, after the group columns.
pub const SUMMARY_COLUMNS: [&str; 9] = [
    "indicators",
    "evaluated",
    "met",
    "unmet",
    "pending",
    "met_share",
    "mean_achievement",
    "min_achievement",
    "worst_indicator",
];
