//! Errors that point at a place in the input, so a user can go and fix it:
//! where a cell could not be read (`InputError`), or which value of a row
//! an evaluation could not use (`EvaluationError`). The lowest floor:
//! reading, evaluating and trajectories all name their problems with these.

use std::fmt;

/// A problem with one place of the input: `FILE:LINE:COLUMN: message`, or
/// in a workbook `plan.xlsx[第5章]!F7: message`.
///
/// `column` is the 1-based field number (Excel's column A = 1); the message
/// names the header too, since planning staff know their columns by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file, and in a workbook the sheet: `plan.xlsx[第5章]`.
    pub file: String,
    /// The line as an editor counts it, or the sheet's row number.
    pub line: u64,
    pub column: Option<usize>,
    pub message: String,
    /// In a sheet: the place is a cell (`F7`), as the spreadsheet names it.
    pub cell: bool,
}

impl InputError {
    /// Where the problem is: `FILE:LINE:COLUMN`, or `plan.xlsx[第5章]!F7`.
    pub fn place(&self) -> String {
        match (self.cell, self.column) {
            (true, Some(column)) => format!("{}!{}{}", self.file, column_letters(column), self.line),
            (_, Some(column)) => format!("{}:{}:{column}", self.file, self.line),
            (_, None) => format!("{}:{}", self.file, self.line),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

impl std::error::Error for InputError {}

/// Which value of a row an evaluation error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    Baseline,
    Target,
    Actual,
    Period,
    Tolerance,
    BaselineYear,
    TargetYear,
}

/// Why a row cannot be evaluated by the chosen method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationError {
    pub quantity: Quantity,
    pub message: String,
}

impl EvaluationError {
    pub fn new(quantity: Quantity, message: impl Into<String>) -> EvaluationError {
        EvaluationError {
            quantity,
            message: message.into(),
        }
    }

    pub(crate) fn too_large(quantity: Quantity) -> EvaluationError {
        EvaluationError::new(quantity, "the numbers are too large to compute the rate exactly")
    }
}

/// Excel's column letters for a 1-based column number: 1 → A, 27 → AA.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        column -= 1;
        letters.push(b'A' + (column % 26) as u8);
        column /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_as_excel_names_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(6), "F");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }
}
