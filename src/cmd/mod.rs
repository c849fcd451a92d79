//! One file of glue per subcommand; the plumbing they share lives here once.

pub mod check;
pub mod console;
pub mod eval;
pub mod parallel;
pub mod reading;
pub mod report;
pub mod summary;
pub mod template;
pub mod validate;

use std::io::{self, BufWriter, Write};

use anyhow::Context;

pub use console::{note, stdout};
pub use reading::{Counts, PeriodFilter, Run, evaluate_input};

use clap::Parser;

use crate::cli::{Cli, Command, Contents, InputArgs, OutputArgs};
use crate::evaluate::Evaluation;
use crate::evaluate::Settings;
use crate::projection::{self, Projection};
use crate::read::{Column, IndicatorReader, Input, ReadOptions};
use crate::render::{self, Extras, Style};
use crate::summarize::{GroupBy, Rollup};
use crate::timeline::{self, Course};

/// How a run ended, as the process exit code says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 0: everything read and evaluated.
    Success,
    /// 1: targets unmet (`check` only).
    Findings,
    /// 2: some input could not be read or evaluated.
    BadInput,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::BadInput => 2,
        }
    }
}

/// The whole command line, as the binary runs it: parses `args` (the
/// program's name first), runs, prints any error, and returns the exit
/// code. `contents`, when given, are the input file's bytes (the browser
/// page, which runs this inside [`console::capture`]).
pub fn main(args: Vec<std::ffi::OsString>, contents: Option<Contents>) -> u8 {
    let mut cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => return usage(&error),
    };
    if let Some(input) = cli.command.input_mut() {
        input.contents = contents;
    }
    match run(cli) {
        Ok(outcome) => outcome.exit_code(),
        // Rust ignores SIGPIPE: `plancheck … | head -1` ends here, quietly.
        Err(error) if is_broken_pipe(&error) => 0,
        Err(error) => {
            note(format_args!("plancheck: {error:#}"));
            if let Some(path) = remove_incomplete_output() {
                note(format_args!(
                    "plancheck: removed the incomplete {}",
                    path.display()
                ));
            }
            2
        }
    }
}

/// Prints a command line clap refused (or `--help`, `--version`) and
/// returns its exit code.
fn usage(error: &clap::Error) -> u8 {
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    if console::capturing() {
        let text = error.render().to_string();
        let text = text.trim_end();
        if error.exit_code() == 0 {
            let _ = console::stdout_line(format_args!("{text}"));
        } else {
            note(format_args!("{text}"));
        }
        return code;
    }
    // `--help | head` and a closed stderr must not panic either.
    if let Err(failed) = error.print()
        && failed.kind() != io::ErrorKind::BrokenPipe
        && error.exit_code() == 0
    {
        note(format_args!("plancheck: cannot write output: {failed}"));
        return 2;
    }
    code
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Eval(args) => eval::run(&args),
        Command::Summary(args) => summary::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Template(args) => template::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Report(args) => report::run(&args),
    }
}

pub(crate) const CANNOT_WRITE: &str = "cannot write output";

/// Whether `error` is standard output closed by its reader (`| head`):
/// Rust ignores SIGPIPE, so it arrives as an error.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The file `-o` created, if any: a run that fails after creating it
/// removes it ([`remove_incomplete_output`]) rather than leave half a file
/// that looks like a result.
static CREATED_OUTPUT: std::sync::Mutex<Option<std::path::PathBuf>> = std::sync::Mutex::new(None);

/// Where output goes: the file of `-o`, or standard output (`-o -`, or no
/// `-o`). A binary workbook is not written to a terminal.
pub(crate) fn destination(path: Option<&std::path::Path>, binary: bool) -> anyhow::Result<Box<dyn Write>> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            let file =
                std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            if let Ok(mut created) = CREATED_OUTPUT.lock() {
                *created = Some(path.to_path_buf());
            }
            Ok(Box::new(BufWriter::new(file)))
        }
        None if binary && !console::capturing() && io::IsTerminal::is_terminal(&io::stdout()) => {
            anyhow::bail!(
                "--format xlsx writes a binary workbook: give a file with -o FILE (or -o - to write it into a pipe)"
            )
        }
        _ => Ok(stdout()),
    }
}

/// After a failed run: removes the file `-o` created, when it is a regular
/// file (never a device such as /dev/null or a pipe), and returns its path.
pub fn remove_incomplete_output() -> Option<std::path::PathBuf> {
    let path = CREATED_OUTPUT.lock().ok()?.take()?;
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    (regular && std::fs::remove_file(&path).is_ok()).then_some(path)
}

/// The output `output` asks for (`-o`), in the encoding it asks for.
pub(crate) fn encoded_stdout(output: &OutputArgs) -> anyhow::Result<Box<dyn Write>> {
    let binary = output.format == render::Format::Xlsx;
    let out = destination(output.output.as_deref(), binary)?;
    if binary {
        return Ok(out);
    }
    render::encoded(out, output.output_encoding, output.bom).context(CANNOT_WRITE)
}

pub(crate) fn settings(input: &InputArgs) -> Settings {
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
pub(crate) fn style(input: &InputArgs, output: &OutputArgs, reader: &IndicatorReader, raw: bool) -> Style {
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
        },
    }
}

/// A roll-up by `keys` that also counts what `input` adds (grades, positions).
pub(crate) fn rollup(keys: Vec<GroupBy>, input: &InputArgs) -> Rollup {
    let rollup = Rollup::new(keys);
    let rollup = match &input.grades {
        Some(grades) => rollup.with_grades(grades.names(), grades.has_points()),
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

/// A number set in the environment variable `name`, which tests use to
/// reach paths that only large inputs take (threads, block and buffer sizes).
pub(crate) fn test_setting(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}
/// Whether rows need their indicator's other periods (`--trend`,
/// `--projection`): then every row is read before any is written.
pub(crate) fn needs_history(input: &InputArgs) -> Option<History> {
    (input.trend || input.projection.is_some()).then_some(History {
        projection: input.projection,
    })
}

/// What to work out from an indicator's other periods: its trend always,
/// and a projection to the target year when one is asked for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct History {
    pub projection: Option<Projection>,
}

/// Reads `reader` and lends every kept evaluation to `visit` with its course
/// when `history` is asked for (`--trend`, `--projection`): then every row is
/// read before any is handed on, since an indicator's earlier period may
/// come later in the file. Otherwise rows stream through with no course.
pub(crate) fn evaluate_with_history(
    reader: IndicatorReader,
    run: &mut Run,
    history: Option<History>,
    mut visit: impl FnMut(&mut Evaluation, Option<Course>) -> io::Result<()>,
) -> anyhow::Result<Counts> {
    let Some(history) = history else {
        return evaluate_input(reader, run, |evaluation| visit(evaluation, None));
    };
    let mut evaluations = Vec::new();
    let counts = evaluate_input(reader, run, |evaluation| {
        evaluations.push(std::mem::take(evaluation));
        Ok(())
    })?;
    let courses = courses(&evaluations, run.input, history);
    for (mut evaluation, course) in evaluations.into_iter().zip(courses) {
        visit(&mut evaluation, Some(course)).context(CANNOT_WRITE)?;
    }
    Ok(counts)
}

/// Each evaluation's course: its trend and, with `--projection`, its forecast.
fn courses(evaluations: &[Evaluation], input: &InputArgs, history: History) -> Vec<Course> {
    let mut courses = timeline::trace(evaluations, input.flat_band);
    if let Some(method) = history.projection {
        let forecasts = projection::project(evaluations, method, input.decimals);
        for (course, forecast) in courses.iter_mut().zip(forecasts) {
            course.forecast = forecast;
        }
    }
    courses
}

/// Opens the input and reads its header row; done before any output is
/// written, so that a file that cannot be read leaves standard output empty.
pub(crate) fn open_input(input: &InputArgs) -> anyhow::Result<IndicatorReader> {
    let reader = match &input.contents {
        Some(contents) => IndicatorReader::sniff(
            Input::from_bytes(Input::display_name(&input.file), contents.0.clone()),
            read_options(input),
        )?,
        None => IndicatorReader::open(&input.file, read_options(input))?,
    };
    for line in reader.notes() {
        note(format_args!("{line}"));
    }
    Ok(reader)
}

fn read_options(input: &InputArgs) -> ReadOptions {
    ReadOptions {
        encoding: input.encoding,
        layout: input.layout,
        sheets: input.sheets.clone(),
        all_sheets: input.all_sheets,
        header_row: input.header_row,
        no_fill_down: input.no_fill_down,
        keep_subtotals: input.keep_subtotals,
        published: input.verify_published,
    }
}
