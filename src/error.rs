//! Errors that point at a place in the input, so a user can go and fix it.

use std::fmt;

/// A problem with one place of the input: `FILE:LINE:COLUMN: message`.
///
/// `column` is the 1-based field number (Excel's column A = 1); the message
/// names the header too, since planning staff know their columns by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    pub line: u64,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.file, self.line)?;
        if let Some(column) = self.column {
            write!(f, "{column}:")?;
        }
        write!(f, " {}", self.message)
    }
}

impl std::error::Error for InputError {}
