//! plancheck: evaluate the numeric indicators (目標指標) of published plans.
//!
//! Data flows one way: `read` turns input into `Indicator`s, `evaluate`
//! computes each achievement exactly, `summarize` rolls evaluations up by
//! chapter, section and period, and `render` writes any of it in one format.
//! `cmd` holds one file of glue per subcommand.

pub mod aggregate;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod distinct;
pub mod error;
pub mod evaluate;
pub mod exact;
pub mod gate;
pub mod grading;
pub mod indicator;
pub mod output;
pub mod period;
pub mod pipeline;
pub mod projection;
pub mod read;
pub mod render;
pub mod report;
pub mod subtotal;
pub mod summarize;
pub mod text;
pub mod timeline;
pub mod trajectory;
pub mod validate;
