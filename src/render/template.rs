//! The empty input file `plancheck template` writes: the headers plancheck
//! reads, a note on what goes where, and one example row commented out above
//! the header (comments are read only there: below it every row is data).

use crate::read::Layout;

use super::Lang;

/// The template's text, ending in a newline.
pub fn template(lang: Lang, layout: Layout) -> String {
    let (notes, headers, example) = match (lang, layout) {
        (Lang::En, Layout::Long) => (
            EN_NOTES,
            "chapter,section,indicator,unit,direction,baseline,target,actual,period,reason",
            "第5章 産業・経済,第1節 農業,認定農業者数,人,up,193,225,182,H26,",
        ),
        (Lang::En, Layout::Wide) => (
            EN_NOTES,
            "chapter,section,indicator,unit,direction,baseline,target H26,actual H26,target H30,actual H30,reason",
            "第5章 産業・経済,第1節 農業,認定農業者数,人,up,193,225,182,,,",
        ),
        (Lang::Ja, Layout::Long) => (
            JA_NOTES,
            "章,節,目標指標,単位,指標のめざす方向,策定時,目標値,実績値,年度,理由",
            "第5章 産業・経済,第1節 農業,認定農業者数,人,↗,193,225,182,H26,",
        ),
        (Lang::Ja, Layout::Wide) => (
            JA_NOTES,
            "章,節,目標指標,単位,指標のめざす方向,策定時,目標値(H26),実績値(H26),目標値(H30),実績値(H30),理由",
            "第5章 産業・経済,第1節 農業,認定農業者数,人,↗,193,225,182,,,",
        ),
    };
    format!("{notes}# {example}\n{headers}\n")
}

const EN_NOTES: &str = "\
# plancheck input. Lines starting with # above the header are comments; delete them or keep them.
# An example row follows; copy it below the header without the #.
# direction: up (higher is better), down (lower is better), maintain (keep at or above the target).
# Leave actual empty until it is measured. Numbers may be written 2,900 or 34.4%.
";

const JA_NOTES: &str = "\
# plancheck 入力ファイル。見出し行より上の # で始まる行はコメントです(消しても残してもかまいません)。
# 次の行は記入例です。# を除いて見出し行の下に写してください。
# 指標のめざす方向: ↗ (高いほどよい)、↘ (低いほどよい)、→ (維持)。
# 実績値は測定するまで空欄にします。数値は 2,900 や 34.4% のように書けます。
";
