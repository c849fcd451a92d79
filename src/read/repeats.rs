//! Cells that repeat row after row: a table's chapter, section, unit and
//! period take a handful of values over thousands of rows. Each distinct
//! text is allocated once and shared (`Arc<str>`) by every row that has it;
//! allocating and freeing a copy per row and cell took a fifth of reading
//! a large file.

use std::sync::Arc;

/// How many recent texts a column remembers. A column with more distinct
/// values than this (rare: a unit per row) still reads correctly, with an
/// allocation per row as before.
const REMEMBERED: usize = 16;

/// The recent texts of one column.
#[derive(Clone, Debug, Default)]
pub struct Recent {
    texts: Vec<Arc<str>>,
    /// The text the last row had, and where the next new one goes.
    last: usize,
    next: usize,
    /// A text kept from being replaced: the fill-down's value above
    /// (`read::fill`), which holds it by its place here.
    pinned: Option<usize>,
}

impl Recent {
    /// `text` as a shared string: one remembered, or a new one.
    pub fn share(&mut self, text: &str) -> Arc<str> {
        // Rows come in runs (the same text again) or in turns (the text
        // after it, as sections repeat under each chapter): both are tried
        // before the rest.
        let count = self.texts.len();
        let mut found = None;
        let mut at = self.last;
        for _ in 0..count {
            if *self.texts[at] == *text {
                found = Some(at);
                break;
            }
            at = if at + 1 == count { 0 } else { at + 1 };
        }
        let at = match found {
            Some(at) => at,
            None => {
                let mut at = self.next;
                if count == REMEMBERED && self.pinned == Some(at) {
                    at = (at + 1) % REMEMBERED;
                }
                if at == count {
                    self.texts.push(Arc::from(text));
                } else {
                    self.texts[at] = Arc::from(text);
                }
                self.next = (at + 1) % REMEMBERED;
                at
            }
        };
        self.last = at;
        Arc::clone(&self.texts[at])
    }

    /// Where the text `share` returned last is held.
    pub fn last(&self) -> usize {
        self.last
    }

    /// The text held at `place` (one `last` gave).
    pub fn held(&self, place: usize) -> &Arc<str> {
        &self.texts[place]
    }

    /// Keeps the text at `place` from being replaced by new ones.
    pub fn pin(&mut self, place: usize) {
        self.pinned = Some(place);
    }
}

/// The repeating columns of a table.
#[derive(Clone, Debug, Default)]
pub struct Repeats {
    pub chapter: Recent,
    pub section: Recent,
    pub unit: Recent,
    pub period: Recent,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_seen_again_is_the_same_allocation() {
        let mut recent = Recent::default();
        let first = recent.share("第1章");
        let other = recent.share("第2章");
        let again = recent.share("第1章");
        assert!(Arc::ptr_eq(&first, &again));
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(&*again, "第1章");
    }

    #[test]
    fn a_pinned_text_outlasts_any_number_of_new_ones() {
        let mut recent = Recent::default();
        let kept = recent.share("第1章");
        recent.pin(recent.last());
        let place = recent.last();
        for i in 0..REMEMBERED * 3 {
            recent.share(&format!("単位{i}"));
        }
        assert!(Arc::ptr_eq(recent.held(place), &kept));
    }

    #[test]
    fn past_the_remembered_texts_every_text_still_reads_as_written() {
        let mut recent = Recent::default();
        let texts: Vec<String> = (0..REMEMBERED * 3).map(|i| format!("単位{i}")).collect();
        for round in 0..2 {
            for text in &texts {
                assert_eq!(&*recent.share(text), text, "round {round}");
            }
        }
        assert_eq!(recent.texts.len(), REMEMBERED);
        let latest = recent.share(texts.last().unwrap());
        assert!(Arc::ptr_eq(&latest, &recent.share(texts.last().unwrap())));
        let earlier = &texts[texts.len() - REMEMBERED];
        let remembered = recent.share(earlier);
        assert!(Arc::ptr_eq(&remembered, &recent.share(earlier)));
    }
}
