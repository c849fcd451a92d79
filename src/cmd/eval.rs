//! `plancheck eval`: every indicator row with its achievement.

use std::io;
use std::sync::Arc;

use anyhow::Context;

use super::options::{check_bands, rollup, settings, style};
use crate::cli::{EvalArgs, InputArgs};
use crate::console::CANNOT_WRITE;
use crate::evaluate::Evaluation;
use crate::output::encoded_stdout;
use crate::pipeline::{
    Outcome, PeriodFilter, Run, Visitor, evaluate_input_to, evaluate_with_history, needs_history, open_input,
};
use crate::render::{self, EvaluationWriter, Format, RowFormat};
use crate::summarize::{GroupBy, Rollup};
use crate::timeline::Trend;
pub fn run(args: &EvalArgs) -> anyhow::Result<Outcome> {
    check_bands(&args.input, args.input.trend)?;
    let reader = open_input(&args.input)?;
    let style = style(&args.input, &args.output, &reader, args.raw);
    let mut writer = render::evaluation_writer(
        args.output.format,
        encoded_stdout(&args.output, &args.input.file)?,
        style,
    )
    .context(CANNOT_WRITE)?;
    // The terminal table and the workbook show roll-ups under the rows.
    let table = matches!(args.output.format, Format::Table | Format::Xlsx);
    let mut rollups = SectionRollups::new(&args.input);
    let mut run = Run::new(
        &args.input,
        settings(&args.input),
        PeriodFilter::from_args(&args.periods)?,
        args.output.lang,
    );
    let history = needs_history(&args.input);
    let counts = if history.is_none() && !table {
        evaluate_input_to(reader, &mut run, Written(&mut writer))?
    } else {
        evaluate_with_history(reader, &mut run, history, |evaluation, course| {
            if table {
                rollups.add(evaluation, course.as_ref().and_then(|c| c.trend));
            }
            writer.write(evaluation, course.as_ref())
        })?
    };
    writer.finish(&rollups.into_shown()).context(CANNOT_WRITE)?;
    Ok(counts.outcome())
}

/// Rows straight to the writer, and formatted on the threads that read
/// them where the format allows (`RowFormat`).
struct Written<'w>(&'w mut Box<dyn EvaluationWriter>);

impl Visitor for Written<'_> {
    fn visit(&mut self, evaluation: &mut Evaluation) -> io::Result<()> {
        self.0.write(evaluation, None)
    }

    fn row_format(&self) -> Option<Arc<dyn RowFormat>> {
        self.0.row_format()
    }

    fn write_formatted(&mut self, rows: &[u8]) -> io::Result<()> {
        self.0.write_formatted(rows)
    }
}

/// The roll-ups under the table: by section (within its chapter when the
/// file has chapters) and by chapter. Which ones make sense is known only
/// once every row is read, so all are kept.
struct SectionRollups {
    by_section: Rollup,
    by_chapter_section: Rollup,
    by_chapter: Rollup,
    has_chapters: bool,
    has_sections: bool,
}

impl SectionRollups {
    fn new(input: &InputArgs) -> SectionRollups {
        SectionRollups {
            by_section: rollup(vec![GroupBy::Section], input),
            by_chapter_section: rollup(vec![GroupBy::Chapter, GroupBy::Section], input),
            by_chapter: rollup(vec![GroupBy::Chapter], input),
            has_chapters: false,
            has_sections: false,
        }
    }

    fn add(&mut self, evaluation: &Evaluation, trend: Option<Trend>) {
        self.has_chapters |= !evaluation.indicator.chapter.is_empty();
        self.has_sections |= !evaluation.indicator.section.is_empty();
        self.by_section.add_traced(evaluation, trend);
        self.by_chapter_section.add_traced(evaluation, trend);
        self.by_chapter.add_traced(evaluation, trend);
    }

    fn into_shown(self) -> Vec<Rollup> {
        let mut shown = Vec::new();
        match (self.has_sections, self.has_chapters) {
            (true, true) => shown.push(self.by_chapter_section),
            (true, false) => shown.push(self.by_section),
            _ => {}
        }
        if self.has_chapters {
            shown.push(self.by_chapter);
        }
        shown
    }
}
