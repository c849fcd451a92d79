//! The words publishers use, as data: the header names each column is
//! known by (English and Japanese), and the words that make a row a
//! subtotal. README lists them; a new publisher's word is one more entry.

use std::fmt;

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
}

impl Column {
    pub const ALL: [Column; 19] = [
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
    ];

    /// Header names accepted for the column, the English name first. Matching
    /// ignores ASCII case and surrounding spaces.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Chapter => &["chapter", "章"],
            Column::Section => &["section", "節"],
            Column::Indicator => &["indicator", "目標指標", "指標", "指標名", "指標名称", "成果指標"],
            Column::Unit => &["unit", "単位"],
            Column::Direction => &["direction", "指標のめざす方向", "方向", "めざす方向", "方向性"],
            Column::Baseline => &["baseline", "策定時", "基準値", "現状値", "計画策定時"],
            Column::Target => &["target", "目標値", "目標"],
            Column::Actual => &["actual", "実績値", "実績"],
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
