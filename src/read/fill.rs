//! "Same as above" cells: published tables name a chapter or section once,
//! on the first of its rows, and leave the cells below it blank (or merge
//! them). A blank chapter or section takes the value of the row above, so
//! that a section's rows stay one group.

use std::sync::Arc;

/// Fill-down of the chapter and section columns.
#[derive(Clone, Debug)]
pub struct FillDown {
    on: bool,
    /// The last chapter and section written.
    above: [Arc<str>; 2],
    /// Cells filled so far, for `validate`.
    pub filled: u64,
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

    /// `value` as the row has it, or the row above's where it is blank. A
    /// new chapter starts its sections afresh: a blank section under a new
    /// chapter is not the previous chapter's section.
    pub fn fill(&mut self, level: Level, value: Arc<str>) -> Arc<str> {
        let slot = level as usize;
        if !self.on {
            // Still known, for the rows a section's notes belong to.
            self.above[slot].clone_from(&value);
            return value;
        }
        if value.is_empty() {
            if !self.above[slot].is_empty() {
                self.filled += 1;
            }
            return self.above[slot].clone();
        }
        // Rows share their texts (`read::repeats`): the same chapter as
        // above is usually the same allocation.
        if Arc::ptr_eq(&value, &self.above[slot]) {
            return value;
        }
        if level == Level::Chapter && value != self.above[0] {
            self.above[1] = Arc::default();
        }
        self.above[slot].clone_from(&value);
        value
    }

    /// The chapter and section of the last row.
    pub fn above(&self) -> (&str, &str) {
        (&self.above[0], &self.above[1])
    }

    /// Continues from a chapter and section known from elsewhere (the end of
    /// the block before).
    pub fn set_above(&mut self, chapter: &str, section: &str) {
        self.above = [chapter.into(), section.into()];
    }

    /// A heading row that names a chapter or section for the rows below it.
    pub fn heading(&mut self, level: Level, value: &str) {
        if level == Level::Chapter {
            self.above[1] = Arc::default();
        }
        self.above[level as usize] = value.into();
    }

    /// A new table (another sheet) starts with nothing above.
    pub fn restart(&mut self) {
        self.above = Default::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_take_the_value_above() {
        let mut fill = FillDown::new(true);
        assert_eq!(
            &*fill.fill(Level::Chapter, "".into()),
            "",
            "nothing above the first row"
        );
        assert_eq!(&*fill.fill(Level::Chapter, "第5章".into()), "第5章");
        assert_eq!(&*fill.fill(Level::Section, "第1節".into()), "第1節");
        assert_eq!(&*fill.fill(Level::Chapter, "".into()), "第5章");
        assert_eq!(&*fill.fill(Level::Section, "".into()), "第1節");
        assert_eq!(fill.filled, 2);
        assert_eq!(&*fill.fill(Level::Chapter, "第6章".into()), "第6章");
        assert_eq!(
            &*fill.fill(Level::Section, "".into()),
            "",
            "a new chapter's sections start afresh"
        );
        let mut off = FillDown::new(false);
        off.fill(Level::Section, "第1節".into());
        assert_eq!(&*off.fill(Level::Section, "".into()), "");
    }
}
