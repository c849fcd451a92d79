//! The words publishers use, as data: the header names each column is
//! known by (English and Japanese), and the words that make a row a
//! subtotal. README lists them; a new publisher's word is one more entry.

use std::fmt;

use crate::indicator::Direction;

/// A column plancheck understands. Any other column is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Chapter,
    Section,
    Indicator,
    Unit,
    Direction,
    Baseline,
    Target,
    Actual,
    Period,
    Reason,
    SectionReason,
    /// A remark (備考): carried to the output, never an explanation.
    Remark,
    /// A row's weight in a weighted roll-up (`summary --aggregate weighted`).
    Weight,
    /// The plan's final target (目標値(最終)), printed beside the periods'
    /// targets in published tables: recognised so that it is not taken for
    /// a period named 最終, and otherwise not read.
    FinalTarget,
    /// The rate a publisher printed, for `--verify-published`.
    Published,
    Method,
    Tolerance,
    BaselineYear,
    TargetYear,
    /// The grade a publisher printed (◎ ○ △, A B B* C D, S A B C):
    /// carried to the output, compared with `--grades` by
    /// `--verify-published`, never read as a rate.
    PublishedGrade,
}

impl Column {
    pub const ALL: [Column; 20] = [
        Column::Chapter,
        Column::Section,
        Column::Indicator,
        Column::Unit,
        Column::Direction,
        Column::Baseline,
        Column::Target,
        Column::Actual,
        Column::Period,
        Column::Reason,
        Column::SectionReason,
        Column::Remark,
        Column::FinalTarget,
        Column::Weight,
        Column::Published,
        Column::Method,
        Column::Tolerance,
        Column::BaselineYear,
        Column::TargetYear,
        Column::PublishedGrade,
    ];

    /// Header names accepted for the column, the English name first. Matching
    /// ignores ASCII case and surrounding spaces.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Chapter => &["chapter", "章", "基本目標", "政策", "分野", "領域"],
            Column::Section => &["section", "節", "施策", "基本施策", "項目", "施策項目"],
            Column::Indicator => &[
                "indicator",
                "目標指標",
                "指標",
                "指標名",
                "指標名称",
                "成果指標",
                "指標項目",
                "環境指標項目",
                "評価指標",
                "数値目標",
                "kpi",
                "目標項目",
            ],
            Column::Unit => &["unit", "単位"],
            Column::Direction => &["direction", "指標のめざす方向", "方向", "めざす方向", "方向性"],
            // 現状値 is the baseline beside an actual column, else the actual
            // (`Columns::from_headers`).
            Column::Baseline => &[
                "baseline",
                "策定時",
                "基準値",
                "現状値",
                "計画策定時",
                "設定時の値",
                "策定時のベースライン値",
                "ベースライン",
                "策定時の値",
                "基準年度の値",
            ],
            Column::Target => &["target", "目標値", "目標", "年度目標値"],
            Column::Actual => &[
                "actual",
                "実績値",
                "実績",
                "現況値",
                "直近値",
                "最新値",
                "現在値",
                "最終評価",
                "直近の実績値",
            ],
            Column::Period => &["period", "期間", "年度"],
            Column::Reason => &["reason", "理由", "未達成の理由"],
            Column::SectionReason => &[
                "section_reason",
                "節の理由",
                "未達成指標の理由・分析",
                "理由・分析",
            ],
            // 備考 is a remark, not a reason: "H29から算定方法変更" explains no
            // missed target. (`eval` names its own notes note / 注記, which
            // are read back as nothing.)
            Column::Remark => &["remark", "備考", "remarks"],
            Column::Weight => &["weight", "ウエイト", "ウェイト", "重み", "配点"],
            Column::FinalTarget => &["final_target", "最終目標値", "目標値(最終)", "最終目標"],
            Column::Published => &["achievement", "達成率", "published_rate", "達成度"],
            Column::Method => &["method", "算出方法"],
            Column::Tolerance => &["tolerance", "許容範囲", "許容幅"],
            Column::BaselineYear => &["baseline_year", "基準年度", "策定年度"],
            Column::TargetYear => &["target_year", "目標年度"],
            Column::PublishedGrade => &[
                "published_grade",
                "評価(公表)",
                // Not 判定: that is the status column plancheck itself
                // writes in Japanese (達成 / 未達成).
                "評価",
                "達成状況",
                "評価結果",
                "達成区分",
            ],
        }
    }

    pub fn name(self) -> &'static str {
        self.aliases()[0]
    }

    /// Whether the column comes once per period in the wide layout.
    pub(super) fn is_per_period(self) -> bool {
        matches!(self, Column::Target | Column::Actual | Column::Published)
    }

    pub(super) fn from_name(name: &str) -> Option<Column> {
        Column::ALL
            .into_iter()
            .find(|column| column.aliases().contains(&name))
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The words that make a row a subtotal.
const WORDS: [&str; 5] = ["計", "小計", "合計", "総計", "平均"];

/// Whether a chapter, section or indicator cell makes its row a subtotal.
pub fn is_subtotal_word(cell: &str) -> bool {
    // Most cells are longer than any spelling of the words, or do not end
    // in 計 or 均 as every word does: a test of the last character rejects
    // almost every cell, on three cells of every row.
    if cell.is_empty() || cell.len() > 18 || !cell.trim_end().ends_with(['計', '均']) {
        return false;
    }
    // Compared without spaces (合 計), and without allocating.
    let compact = cell.chars().filter(|c| !c.is_whitespace());
    WORDS.iter().any(|word| compact.clone().eq(word.chars()))
}

/// Words in a target cell that give the row's direction where the table
/// has no direction column (`80以下`, `ゼロ`, `減少傾向へ`), in the order
/// they are looked for: a word that means "keep" comes last, so that
/// `維持・向上` is up.
pub const TARGET_WORDS: [(&str, Direction); 16] = [
    ("以下", Direction::Decrease),
    ("未満", Direction::Decrease),
    ("ゼロ", Direction::Decrease),
    ("なくす", Direction::Decrease),
    ("減少傾向", Direction::Decrease),
    ("縮小", Direction::Decrease),
    ("削減", Direction::Decrease),
    ("抑制", Direction::Decrease),
    ("以上", Direction::Increase),
    ("増加傾向", Direction::Increase),
    ("向上", Direction::Increase),
    ("拡大", Direction::Increase),
    ("増加", Direction::Increase),
    ("現状維持", Direction::Maintain),
    ("維持", Direction::Maintain),
    ("横ばい", Direction::Maintain),
];

/// Words in an indicator's name that say lower is better: what is to be
/// reduced, or counts harm (`排出量`, `死亡率`, `事故件数`).
pub const NAME_WORDS_DOWN: [&str; 20] = [
    "削減",
    "減少",
    "低減",
    "抑制",
    "排出量",
    "死亡率",
    "死亡数",
    "事故件数",
    "事故",
    "犯罪",
    "発生件数",
    "待機児童",
    "不登校",
    "失業率",
    "罹患率",
    "喫煙率",
    "肥満",
    "廃棄物",
    "放置",
    "苦情",
];

/// Amounts and shares achieved by reducing (`削減量`, `削減率`): words of
/// `NAME_WORDS_DOWN` that name something to raise.
pub const NAME_WORDS_UP_EXCEPTIONS: [&str; 7] = [
    "削減量",
    "削減率",
    "減少量",
    "低減量",
    "削減効果",
    "抑制量",
    "削減額",
];

/// Words in an indicator's name that say higher is better.
pub const NAME_WORDS_UP: [&str; 10] = [
    "増加",
    "向上",
    "拡大",
    "普及率",
    "達成率",
    "満足度",
    "参加者数",
    "利用者数",
    "設置数",
    "整備率",
];

/// Bounds printed after a number (`80以下`, `95%以上`) and the direction
/// each means. A target may carry the first four (`with_bound`); any of
/// them in another cell makes it no number.
pub const BOUNDS: [(&str, Direction); 6] = [
    ("以下", Direction::Decrease),
    ("未満", Direction::Decrease),
    ("以上", Direction::Increase),
    ("超", Direction::Increase),
    ("を上回る", Direction::Increase),
    ("を下回る", Direction::Decrease),
];

/// Targets that name only a trend: the target is the baseline, and only a
/// change beyond it is met.
/// Targets of nothing left: the target is 0, lower is better.
pub const ZERO_TARGETS: [&str; 5] = ["ゼロ", "ゼロにする", "なくす", "0にする", "根絶"];

pub const TREND_TARGETS: [&str; 11] = [
    "減少傾向へ",
    "減少傾向",
    "増加傾向へ",
    "増加傾向",
    "縮小",
    "拡大",
    "減少",
    "増加",
    "減らす",
    "増やす",
    "改善",
];
