//! "Same as above" cells: published tables name a chapter or section once,
//! on the first of its rows, and leave the cells below it blank (or merge
//! them). A blank chapter or section takes the value of the row above, so
//! that a section's rows stay one group.

use std::sync::Arc;

use super::repeats::Recent;

/// Fill-down of the chapter and section columns. Not `Clone`: its value
/// above may be a place in its reader's recent texts, valid only there.
#[derive(Debug)]
pub struct FillDown {
    on: bool,
    /// The last chapter and section written.
    above: [Above; 2],
    /// Cells filled so far, for `validate`.
    pub filled: u64,
}

/// A value above: where the column's recent texts hold it, or the text.
#[derive(Debug)]
enum Above {
    /// Held (and pinned) by the column's `Recent`: following a value that
    /// changes row after row then moves no reference count, whose atomic
    /// updates took 7% of reading on two cores.
    Held(usize),
    /// From elsewhere: a heading row, the block before, nothing yet.
    Text(Arc<str>),
}

impl Default for Above {
    fn default() -> Above {
        Above::Text(Arc::default())
    }
}

/// Which column a value is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Chapter = 0,
    Section = 1,
}

impl FillDown {
    pub fn new(on: bool) -> FillDown {
        FillDown {
            on,
            above: Default::default(),
            filled: 0,
        }
    }

    /// `value`, the text `recent` (the level's column) shared last, as the
    /// row has it, or the row above's where it is blank. A new chapter
    /// starts its sections afresh: a blank section under a new chapter is
    /// not the previous chapter's section.
    pub fn fill(&mut self, level: Level, value: Arc<str>, recent: &mut Recent) -> Arc<str> {
        let slot = level as usize;
        let place = recent.last();
        debug_assert!(
            Arc::ptr_eq(recent.held(place), &value),
            "the value is the one shared last"
        );
        if !self.on {
            // Still known, for the rows a section's notes belong to.
            self.hold(slot, place, recent);
            return value;
        }
        if value.is_empty() {
            let above = Arc::clone(self.text(slot, recent));
            if !above.is_empty() {
                self.filled += 1;
            }
            return above;
        }
        let same = match &self.above[slot] {
            Above::Held(held) => *held == place || **recent.held(*held) == *value,
            Above::Text(text) => **text == *value,
        };
        if !same {
            if level == Level::Chapter {
                self.above[1] = Above::default();
            }
            self.hold(slot, place, recent);
        }
        value
    }

    fn hold(&mut self, slot: usize, place: usize, recent: &mut Recent) {
        self.above[slot] = Above::Held(place);
        recent.pin(place);
    }

    fn text<'a>(&'a self, slot: usize, recent: &'a Recent) -> &'a Arc<str> {
        match &self.above[slot] {
            Above::Held(place) => recent.held(*place),
            Above::Text(text) => text,
        }
    }

    /// The chapter and section of the last row, from the columns' recent texts.
    pub fn above(&self, chapters: &Recent, sections: &Recent) -> (Arc<str>, Arc<str>) {
        (
            Arc::clone(self.text(0, chapters)),
            Arc::clone(self.text(1, sections)),
        )
    }

    /// Continues from a chapter and section known from elsewhere (the end of
    /// the block before).
    pub fn set_above(&mut self, chapter: &str, section: &str) {
        self.above = [Above::Text(chapter.into()), Above::Text(section.into())];
    }

    /// A heading row that names a chapter or section for the rows below it.
    pub fn heading(&mut self, level: Level, value: &str) {
        if level == Level::Chapter {
            self.above[1] = Above::default();
        }
        self.above[level as usize] = Above::Text(value.into());
    }

    /// A new table (another sheet) starts with nothing above.
    pub fn restart(&mut self) {
        self.above = Default::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row's `text` shared by `recent`, then filled.
    fn put(fill: &mut FillDown, level: Level, recent: &mut Recent, text: &str) -> String {
        let value = recent.share(text);
        fill.fill(level, value, recent).to_string()
    }

    #[test]
    fn blanks_take_the_value_above() {
        let (mut chapters, mut sections) = (Recent::default(), Recent::default());
        let (c, s) = (Level::Chapter, Level::Section);
        let mut fill = FillDown::new(true);
        assert_eq!(
            put(&mut fill, c, &mut chapters, ""),
            "",
            "nothing above the first row"
        );
        assert_eq!(put(&mut fill, c, &mut chapters, "第5章"), "第5章");
        assert_eq!(put(&mut fill, s, &mut sections, "第1節"), "第1節");
        assert_eq!(put(&mut fill, c, &mut chapters, ""), "第5章");
        assert_eq!(put(&mut fill, s, &mut sections, ""), "第1節");
        assert_eq!(fill.filled, 2);
        assert_eq!(put(&mut fill, c, &mut chapters, "第6章"), "第6章");
        assert_eq!(
            put(&mut fill, s, &mut sections, ""),
            "",
            "a new chapter's sections start afresh"
        );
        // Many other texts shared in between do not lose the value above.
        for i in 0..40 {
            chapters.share(&format!("注{i}"));
        }
        assert_eq!(put(&mut fill, c, &mut chapters, ""), "第6章");
        fill.heading(Level::Chapter, "第7章");
        assert_eq!(put(&mut fill, c, &mut chapters, ""), "第7章");
        assert_eq!(
            put(&mut fill, s, &mut sections, ""),
            "",
            "a heading starts its sections afresh"
        );
        let (above_chapter, above_section) = fill.above(&chapters, &sections);
        assert_eq!((&*above_chapter, &*above_section), ("第7章", ""));
        let mut off = FillDown::new(false);
        put(&mut off, s, &mut sections, "第1節");
        assert_eq!(put(&mut off, s, &mut sections, ""), "");
    }
}
