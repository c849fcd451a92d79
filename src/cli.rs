//! The whole command-line surface, in one place.

use clap::{Args, Parser, Subcommand};

use rust_decimal::Decimal;

use crate::aggregate::Aggregate;
use crate::evaluate::Grades;
use crate::indicator::Band;
use crate::indicator::MethodChoice;
use crate::period::YearStyle;
use crate::projection::Projection;
use crate::read::{Encoding, Layout, parse_number};
use crate::render::{CheckFormat, Format, Lang, ReportFormat};
use crate::summarize::Grouping;
use crate::trajectory::{Interim, Start};

/// Evaluate the numeric indicators (目標指標) of a published plan: achievement
/// rates computed exactly, rounded half-up (四捨五入) and capped at 100%.
#[derive(Debug, Parser)]
#[command(
    name = "plancheck",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("PLANCHECK_COMMIT"), ")"),
    after_help = "Exit codes: 0 ok; 1 unmet targets (check); 2 bad input or usage.\n\
                  Input: a header row, then one row per indicator and period (long) or per indicator with\n\
                  目標値(H26)/実績値(H26) column pairs (wide); CSV in UTF-8 or Shift_JIS, or a workbook.\n\
                  Start from `plancheck template`; README.md lists every column."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate every indicator row: achievement rate and met / unmet / pending.
    Eval(EvalArgs),
    /// Roll evaluations up by section, chapter or period.
    Summary(SummaryArgs),
    /// Gate for CI: exit 1 when targets are unmet (and unexplained).
    Check(CheckArgs),
    /// Write an empty input file with the right headers and an example row.
    Template(TemplateArgs),
    /// List every problem of a file: errors, and warnings about likely slips.
    Validate(ValidateArgs),
    /// The summary table people read: a self-contained HTML page or Markdown.
    Report(ReportArgs),
    /// List the built-in grading schemes, or print one (a TOML file) to
    /// start your own from: plancheck grades health21 > mine.toml
    Grades(GradesArgs),
}

/// What to read and how to compute rates; shared by every subcommand.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Indicator file: CSV (UTF-8 or Shift_JIS, detected), a workbook (.xlsx,
    /// .xls, .ods), or - for CSV on standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// Decimal places of a percent to round rates to (0-4), half-up (四捨五入).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(0..=4))]
    pub decimals: u32,

    /// Print rates above 100% as computed instead of capping them at 100.
    #[arg(long)]
    pub no_cap: bool,

    /// How achievement is computed: ratio (actual ÷ target), progress (share
    /// of the change from baseline to target), deviation (2 − actual ÷ target
    /// when lower is better), or auto (progress where a baseline exists). A
    /// `method` column (算出方法) overrides it per row.
    #[arg(long, value_enum)]
    pub method: Option<MethodChoice>,

    /// For maintain (→) indicators: an actual down to PCT percent below the
    /// target still counts as met. A `tolerance` column overrides it per row.
    #[arg(long, value_name = "PCT", value_parser = parse_tolerance)]
    pub tolerance: Option<Decimal>,

    /// Grade every row by a scheme: a built-in one (health21, marks,
    /// bands-90-80, sevenpoint, baseline-band: `plancheck grades` lists
    /// them), your own scheme file (mine.toml), NAME=PCT,… (a rate gets the
    /// first grade whose PCT it reaches; the lowest starts at 0; NAME=PCT:POINTS
    /// to average points), or `baseline`: S met, A better than the baseline,
    /// B within --grade-band of it, C worse. Bare --grades means A=100,B=80,C=60,D=0.
    #[arg(long, value_name = "GRADES", num_args = 0..=1, default_missing_value = Grades::DEFAULT,
          value_parser = parse_grades)]
    pub grades: Option<Grades>,

    /// Add the expected value on the straight line from baseline to target
    /// and whether the actual is ahead, on track or behind. Needs baseline,
    /// baseline_year (基準年度), target_year (目標年度) and a period that is a year.
    #[arg(long)]
    pub trajectory: bool,
    /// Add previous (the actual of the indicator's previous measured period,
    /// by fiscal year), change and trend: improved, flat, worsened or first,
    /// in the indicator's direction. summary counts them. Reads the whole
    /// file before writing.
    #[arg(long)]
    pub trend: bool,

    /// Project each indicator to its target year (target_year, 目標年度) from
    /// its measured periods: linear (least squares, exact) or cagr (the SDG
    /// Progress Chart's compound annual growth from the baseline year, in
    /// floating point). Adds projected, projected_achievement and outlook.
    #[arg(long, value_enum, value_name = "METHOD")]
    pub projection: Option<Projection>,

    /// With --grades baseline: a change from the baseline this small is B:
    /// an amount in the unit (3), points (3pt) or a percent of it (5%).
    #[arg(long, value_name = "BAND", default_value = "0", value_parser = parse_band)]
    pub grade_band: Band,

    /// With --trend: a change this small is flat: an amount in the unit (3),
    /// points for shares in % (3pt), or a percent of the previous value (5%).
    #[arg(long, value_name = "BAND", default_value = "0", value_parser = parse_band)]
    pub flat_band: Band,

    /// Rate every period against an interim target: linear pro-rates the
    /// target over the years from the baseline to the target year (20/40/
    /// 60/80/100% of the change over five), as the trajectory's expected
    /// value. Adds interim_achievement; implies --trajectory.
    #[arg(long, value_enum, value_name = "RULE")]
    pub interim: Option<Interim>,

    /// Where the interim line starts: at the baseline year, or at the first
    /// plan year (the year after it), as publishers differ.
    #[arg(long, value_enum, default_value_t = Start::Baseline)]
    pub interim_start: Start,

    /// Input encoding; by default UTF-8 (BOM or not) or Shift_JIS (CP932) is
    /// detected from the file.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,

    /// Long (a row per indicator and period) or wide (a row per indicator,
    /// columns such as 目標値(H26) 実績値(H26)); by default detected from the headers.
    #[arg(long, value_enum)]
    pub layout: Option<Layout>,

    /// Where the table has no direction column, the direction of rows whose
    /// own evidence (the target's words, baseline → target, a printed rate,
    /// the name) decides none. Without it such a row is an error.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub direction: Option<DirectionArg>,

    /// A sheet of a workbook (.xlsx, .xls, .ods) to read (repeatable, read
    /// in the order given); by default the first. With several sheets, a
    /// sheet with no chapter column takes its name as the chapter.
    #[arg(long = "sheet", value_name = "NAME")]
    pub sheets: Vec<String>,

    /// Read every sheet of a workbook in order, skipping (with a note) those
    /// that have no header row.
    #[arg(long, conflicts_with = "sheets")]
    pub all_sheets: bool,

    /// A PDF's pages to read: 3, 3-5 or 3- (to the end); by default every
    /// page with a ruled table, read as one table.
    #[arg(long, visible_alias = "page", value_name = "N[-M]")]
    pub pages: Option<crate::read::PageRange>,

    /// The line (a sheet's row number) of the header, instead of finding it
    /// among the first 30 rows; a second header row below it is still joined.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_row: Option<u64>,

    /// Leave blank chapter and section cells blank instead of repeating the
    /// value above (how published tables write "same as above").
    #[arg(long)]
    pub no_fill_down: bool,

    /// Read 計 / 小計 / 合計 / 総計 / 平均 rows as ordinary indicators. By
    /// default they are subtotals: listed by eval (status subtotal), left out
    /// of every count and roll-up, and checked against the rows they close
    /// (validate, --verify-published).
    #[arg(long)]
    pub keep_subtotals: bool,

    /// Compare the publisher's printed rates (達成率 / achievement columns) with
    /// the computed ones and warn on stderr where they differ.
    #[arg(long)]
    pub verify_published: bool,

    /// Write periods that are years or dates as Gregorian years (2019) or
    /// era years (R1; 令和元年度 with --lang ja); by default as given.
    #[arg(long, value_enum, value_name = "STYLE")]
    pub years: Option<YearStyle>,

    /// The file's bytes, when the caller already holds them (the browser
    /// page): `file` is then only the name messages give it.
    #[arg(skip)]
    pub contents: Option<Contents>,
}

/// A file's bytes, held once however many times they are read.
#[derive(Clone)]
pub struct Contents(pub std::sync::Arc<[u8]>);

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Contents({} bytes)", self.0.len())
    }
}

impl Command {
    /// The input options of a subcommand that reads a file.
    pub fn input_mut(&mut self) -> Option<&mut InputArgs> {
        match self {
            Command::Eval(args) => Some(&mut args.input),
            Command::Summary(args) => Some(&mut args.input),
            Command::Check(args) => Some(&mut args.input),
            Command::Validate(args) => Some(&mut args.input),
            Command::Report(args) => Some(&mut args.input),
            Command::Template(_) | Command::Grades(_) => None,
        }
    }
}

impl InputArgs {
    /// Whether rows carry an expected value on the way to the target:
    /// `--trajectory`, and `--interim`, which rates against that value.
    pub fn wants_trajectory(&self) -> bool {
        self.trajectory || self.interim.is_some()
    }
}

/// How to write results; shared by every subcommand that prints tables.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Draw tables with ASCII characters only (for terminals that show
    /// box-drawing characters double width).
    #[arg(long)]
    pub ascii: bool,

    /// Language of headers, statuses and notes in tables, CSV and Markdown
    /// (JSON keeps English keys).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,

    /// Start the output with a UTF-8 byte order mark, so that Excel opens
    /// Japanese CSV correctly.
    #[arg(long, conflicts_with = "output_encoding")]
    pub bom: bool,

    /// Output encoding: utf-8, or sjis (Shift_JIS) for old versions of Excel.
    #[arg(long, value_enum, value_name = "ENCODING", default_value = "utf-8")]
    pub output_encoding: Encoding,

    /// Write to this file instead of standard output (- for standard
    /// output, which --format xlsx needs when it is a pipe).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<std::path::PathBuf>,

    /// CSV: write text cells exactly as read. By default a text cell that a
    /// spreadsheet would run as a formula (starting with = + - @, tab or CR)
    /// gets a leading ' so that Excel shows it as text; numbers never do.
    #[arg(long)]
    pub raw_text: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "CSV columns (a stable interface):\n  \
    chapter,section,indicator,unit,direction,period,baseline,target,actual,achievement,status,note\n\
    achievement is a plain number (80.9) or empty when pending; status is met, unmet or pending.\n\
    Exit codes: 0 all rows evaluated; 2 bad input (every bad row is reported on stderr).")]
pub struct EvalArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,

    /// Add raw_achievement: the method's value before capping at 100 and
    /// flooring at 0 (a regression away from the baseline shows as negative).
    #[arg(long)]
    pub raw: bool,

    /// Only rows of this period (repeatable; H30, 平成30年度, 2018年度 and 2018
    /// are one fiscal year), or `latest`: each indicator's latest period.
    #[arg(long = "period", value_name = "P")]
    pub periods: Vec<String>,
}
#[derive(Debug, Args)]
#[command(after_help = "CSV columns: the group columns, then\n  \
    indicators,evaluated,met,unmet,pending,met_share,mean_achievement,min_achievement,worst_indicator\n\
    met_share = met / evaluated; mean_achievement is the mean of the exact (capped) rates,\n\
    rounded once (sum_achievement or weighted_achievement with --aggregate, then a note\n\
    column with sum). indicators counts distinct indicators, evaluated the evaluations. The last row, \"(total)\", covers every row (drop it with --no-total).")]
pub struct SummaryArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,

    /// Group by section, chapter or period, or a list such as chapter,section
    /// or period,section.
    #[arg(long, value_name = "COLUMNS", default_value = "section")]
    pub by: Grouping,

    /// Keep only rows of this period (repeatable; H30, 平成30年度, 2018年度 and
    /// 2018 are one fiscal year), or `latest`: each indicator's latest period
    /// by fiscal year (by file order where periods are not years or dates).
    #[arg(long = "period", value_name = "P")]
    pub periods: Vec<String>,

    /// Leave out the overall "(total)" row.
    #[arg(long)]
    pub no_total: bool,

    /// How a group's rates roll up: mean (of the rows' exact rates), sum
    /// (Σ actual ÷ Σ target, for additive indicators in one unit, as
    /// spending tables total a chapter), or weighted (Σ weight × rate ÷
    /// Σ weight, with a weight column). The column is named after the rule.
    #[arg(long, value_enum, default_value_t = Aggregate::Mean)]
    pub aggregate: Aggregate,
}

#[derive(Debug, Args)]
#[command(after_help = "Exit codes:\n  \
    0  nothing failed (pending rows are warnings unless --fail-on-pending)\n  \
    1  at least one indicator failed (unless --exit-zero)\n  \
    2  bad input or usage (every bad row is reported on stderr)\n\n\
    A reason explains an unmet indicator (--require-reason) when its reason cell\n\
    (reason, 理由, 未達成の理由) is filled, or when any row of the same chapter,\n\
    section and period fills section_reason (節の理由, 未達成指標の理由・分析).\n\
    A remark (備考) is not a reason, nor is a placeholder (-, －, なし, 特になし, 該当なし).")]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Write to this file instead of standard output (--format xlsx).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<std::path::PathBuf>,

    /// Fail indicators whose exact achievement (percent) is below this.
    #[arg(long, value_name = "PCT", default_value = "100", value_parser = parse_threshold,
          allow_hyphen_values = true)]
    pub threshold: Decimal,

    /// Check only rows of this period (repeatable; H30, 平成30年度, 2018年度 and
    /// 2018 are one fiscal year), or `latest`: each indicator's latest period
    /// by fiscal year. Default: every row.
    #[arg(long = "period", value_name = "P")]
    pub periods: Vec<String>,

    /// An unmet indicator passes when a reason is written for it or its
    /// section; it is listed as explained.
    #[arg(long)]
    pub require_reason: bool,

    /// Fail rows that have no actual yet, instead of warning.
    #[arg(long)]
    pub fail_on_pending: bool,

    /// Exit 0 even when indicators fail (report without failing the job).
    #[arg(long)]
    pub exit_zero: bool,

    /// Also fail indicators that worsened since their previous period
    /// (implies --trend).
    #[arg(long)]
    pub fail_on_worsened: bool,

    /// Fail indicators that are behind their trajectory (mid-term reviews)
    /// instead of those below the threshold; implies --trajectory.
    #[arg(long)]
    pub on_track: bool,

    /// Fail indicators graded GRADE by --grades (several: D,E) instead of
    /// those below the threshold.
    #[arg(long, value_name = "GRADE", value_delimiter = ',')]
    pub fail_on_grade: Vec<String>,
}
fn parse_tolerance(text: &str) -> Result<Decimal, String> {
    match parse_number(text, "%")? {
        Some(value) if value >= Decimal::ZERO && value <= Decimal::ONE_HUNDRED => Ok(value),
        _ => Err(format!("\"{text}\" is not a percentage from 0 to 100")),
    }
}

fn parse_grades(text: &str) -> Result<Grades, String> {
    let text = text.trim();
    if text == "baseline" {
        // The band comes from --grade-band (see `cmd::options::settings`).
        return Ok(Grades::baseline(Band::default()));
    }
    if let Some(scheme) = crate::grading::builtin::scheme(text) {
        return scheme;
    }
    // A scheme file: named .toml, so that an input file written after a
    // bare --grades is not read as one.
    if !text.contains('=') {
        if !text.to_ascii_lowercase().ends_with(".toml") {
            return Err(format!(
                "\"{text}\" is not a built-in scheme ({}), NAME=PCT,… or a scheme file (.toml); \
                 an input file goes before a bare --grades",
                crate::grading::builtin::SCHEMES
                    .map(|(name, _, _)| name)
                    .join(", ")
            ));
        }
        let bytes = std::fs::read(text).map_err(|e| format!("{text}: cannot read the scheme file: {e}"))?;
        let file = String::from_utf8(bytes).map_err(|_| format!("{text}: a scheme file is UTF-8 text"))?;
        return crate::grading::parse(&file, text);
    }
    let grades = text
        .split(',')
        .map(|part| {
            let (name, rest) = part.split_once('=').ok_or_else(|| {
                format!("\"{part}\" is not NAME=PCT or NAME=PCT:POINTS (as in A=100,B=80,C=60,D=0)")
            })?;
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("\"{part}\" has no grade name"));
            }
            let (threshold, points) = match rest.split_once(':') {
                Some((threshold, points)) => match parse_number(points, "")? {
                    Some(points) => (threshold, Some(points)),
                    None => return Err(format!("grade {name}: \"{part}\" has no points after the colon")),
                },
                None => (rest, None),
            };
            match parse_number(threshold, "%")? {
                Some(value) if !value.is_sign_negative() => Ok((name.to_string(), value, points)),
                _ => Err(format!(
                    "grade {name}: \"{}\" is not a percentage of zero or more",
                    threshold.trim()
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Grades::bands(text, grades)
}

/// Reads a band: `3` (in the unit), `3pt` (points) or `5%` (relative).
pub fn parse_band(text: &str) -> Result<Band, String> {
    let text = text.trim();
    let (number, kind): (&str, fn(Decimal) -> Band) = if let Some(percent) = text.strip_suffix('%') {
        (percent, Band::Relative)
    } else if let Some(points) = text.strip_suffix("pt").or_else(|| text.strip_suffix("ポイント")) {
        (points, Band::Points)
    } else {
        (text, Band::Absolute)
    };
    match parse_number(number, "") {
        Ok(Some(value)) if !value.is_sign_negative() => Ok(kind(value)),
        _ => Err(format!(
            "\"{text}\" is not a flat band; expected an amount (3), points (3pt) or a percent (5%)"
        )),
    }
}

fn parse_threshold(text: &str) -> Result<Decimal, String> {
    match parse_number(text, "%")? {
        Some(value) if !value.is_sign_negative() => Ok(value),
        _ => Err(format!(
            "\"{text}\" is not a percentage of zero or more (such as 100 or 90)"
        )),
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  plancheck grades\n  plancheck grades health21 > mine.toml\n  plancheck eval plan.xlsx --grades mine.toml"
)]
pub struct GradesArgs {
    /// A built-in scheme to print as its file; without it, the list.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "Example: plancheck template --lang ja --bom > indicators.csv")]
pub struct TemplateArgs {
    /// Language of the headers and notes.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,

    /// Long (a row per indicator and period) or wide (a column pair per period).
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    pub layout: Layout,

    /// Start with a UTF-8 byte order mark, so that Excel opens it correctly.
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Warnings: a duplicate indicator and period; a target equal to the baseline;\n\
    a target on the wrong side of the baseline for the direction; an actual 1000 times the\n\
    target or more (or less); a share in % above 100; a printed rate that differs\n\
    (--verify-published).\n\
    Exit codes: 0 no errors (warnings allowed unless --strict); 2 errors, or warnings with --strict."
)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Treat warnings as errors (exit 2).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Example: plancheck report examples/tokorozawa-ch5.csv --lang ja -o report.html")]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// html: one self-contained page (inline CSS and SVG), printable on A4;
    /// markdown: the same tables for wikis and pull requests; xlsx: the
    /// 総括表 as a workbook sheet (needs -o FILE, or -o - into a pipe).
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<std::path::PathBuf>,

    /// Language of every label.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,

    /// The page's title; by default "Indicator achievement report" (目標指標の達成状況).
    #[arg(long)]
    pub title: Option<String>,

    /// How each section's rates roll up in its figures line: mean, sum or
    /// weighted (see `summary --help`).
    #[arg(long, value_enum, default_value_t = Aggregate::Mean)]
    pub aggregate: Aggregate,

    /// Only rows of this period (repeatable; H30, 平成30年度, 2018年度 and 2018
    /// are one fiscal year), or `latest`: each indicator's latest period.
    #[arg(long = "period", value_name = "P")]
    pub periods: Vec<String>,
}

/// `--direction`: a direction as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    /// Higher is better (↗).
    Up,
    /// Lower is better (↘).
    Down,
    /// Keep the value (→).
    Maintain,
}

impl From<DirectionArg> for crate::indicator::Direction {
    fn from(arg: DirectionArg) -> Self {
        match arg {
            DirectionArg::Up => crate::indicator::Direction::Increase,
            DirectionArg::Down => crate::indicator::Direction::Decrease,
            DirectionArg::Maintain => crate::indicator::Direction::Maintain,
        }
    }
}
