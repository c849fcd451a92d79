//! Every word plancheck prints in tables and CSV, in English and Japanese.
//! JSON keeps English keys and values: it is read by programs.

use crate::evaluate::{Note, Status};
use crate::indicator::Direction;
use crate::summarize::GroupBy;

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

pub fn evaluation_headers(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::En => super::EVALUATION_COLUMNS,
        Lang::Ja => [
            "章",
            "節",
            "目標指標",
            "単位",
            "方向",
            "期間",
            "策定時",
            "目標値",
            "実績値",
            "達成率",
            "判定",
            "備考",
        ],
    }
}

pub fn summary_headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::En => super::SUMMARY_COLUMNS,
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
    }
}
