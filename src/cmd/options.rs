//! The command line's options as the library takes them: evaluation
//! settings, how to print, and which roll-ups to count.

use crate::cli::{InputArgs, OutputArgs};
use crate::evaluate::{Grades, Settings};
use crate::indicator::Band;
use crate::pipeline::test_setting;
use crate::read::{Column, IndicatorReader};
use crate::render::{Extras, Style};
use crate::summarize::{GroupBy, Rollup};

pub fn settings(input: &InputArgs) -> Settings {
    Settings {
        method: input.method.unwrap_or_default(),
        decimals: input.decimals,
        cap: !input.no_cap,
        tolerance: input.tolerance,
        grades: input
            .grades
            .clone()
            .map(|grades| grades.with_band(input.grade_band)),
        trajectory: input.wants_trajectory(),
        interim_start: input.interim_start,
    }
}
/// How to print: `reader` tells whether the file chose methods per row,
/// `raw` whether raw rates were asked for.
pub fn style(input: &InputArgs, output: &OutputArgs, reader: &IndicatorReader, raw: bool) -> Style {
    Style {
        ascii: output.ascii,
        decimals: input.decimals,
        lang: output.lang,
        raw_text: output.raw_text,
        extras: Extras {
            method: input.method.is_some() || reader.has_column(Column::Method),
            raw,
            grades: input.grades.is_some(),
            grade_points: input.grades.as_ref().is_some_and(|g| g.has_points()),
            trend: input.trend,
            projection: input.projection.is_some(),
            trajectory: input.wants_trajectory(),
            interim: input.interim.is_some(),
            remark: reader.has_column(Column::Remark),
            published_grade: reader.has_column(Column::PublishedGrade),
        },
    }
}

/// A roll-up by `keys` that also counts what `input` adds (grades, positions).
pub fn rollup(keys: Vec<GroupBy>, input: &InputArgs) -> Rollup {
    let rollup = Rollup::new(keys);
    let rollup = match &input.grades {
        Some(grades) => rollup
            .with_grades(grades.names(), grades.has_points())
            .with_group_grades(grades.clone()),
        None => rollup,
    };
    let rollup = if input.trajectory {
        rollup.with_positions()
    } else {
        rollup
    };
    let rollup = match test_setting(DISTINCT_BUFFER_VAR) {
        Some(buffer) => rollup.with_distinct_buffer(buffer),
        None => rollup,
    };
    if input.trend { rollup.with_trends() } else { rollup }
}

/// Sorts distinct indicators this many at a time before they go to a
/// temporary file (for tests, which need small files to spill).
pub const DISTINCT_BUFFER_VAR: &str = "PLANCHECK_DISTINCT_BUFFER";

/// Refuses a band that would change nothing: `--flat-band` where no trend
/// is traced (`traced`), `--grade-band` without `--grades baseline`. A
/// setting that silently does nothing reads as if it had worked.
pub fn check_bands(input: &InputArgs, traced: bool) -> anyhow::Result<()> {
    if input.flat_band != Band::default() && !traced {
        anyhow::bail!("--flat-band sets when a trend is flat: add --trend");
    }
    if input.grade_band != Band::default() && !input.grades.as_ref().is_some_and(Grades::is_inline_baseline) {
        anyhow::bail!("--grade-band sets the band of --grades baseline: add --grades baseline");
    }
    Ok(())
}
