//! Formulas whose value the workbook did not save. Excel saves each
//! formula's last value beside it, and that value is what plancheck reads;
//! files written by scripts (openpyxl, pandas) often hold the formula
//! alone. Such a cell is worked out here when the formula is plain
//! arithmetic (cell references, numbers, + − × ÷, parentheses, SUM over
//! ranges of the same sheet), in exact decimals; any other stays a formula,
//! which reading a number then refuses with the cell's place: an unsaved
//! value is never read as an empty cell (that would be "pending").

use rust_decimal::Decimal;

/// A cell's number, or `None` (empty, text, or not known).
pub type Lookup<'a> = &'a dyn Fn(u32, u32, usize) -> Option<Decimal>;

/// How deep formulas may refer to other unsaved formulas.
pub const MAX_DEPTH: usize = 16;

/// The value of `formula` (with or without its leading `=`), with `cell`
/// giving the value of a referenced cell (its row and column from 0, and
/// the depth to pass on); `None` where the formula is more than plain
/// arithmetic or refers to a cell without a number.
pub fn evaluate(formula: &str, cell: Lookup, depth: usize) -> Option<Decimal> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text: Vec<char> = formula
        .trim()
        .trim_start_matches('=')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut parser = Parser {
        text: &text,
        at: 0,
        cell,
        depth,
    };
    let value = parser.sum()?;
    (parser.at == text.len()).then(|| value.round_sf(15).unwrap_or(value).normalize())
}

struct Parser<'t> {
    text: &'t [char],
    at: usize,
    cell: Lookup<'t>,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.at += usize::from(found);
        found
    }

    /// term (('+' | '-') term)*
    fn sum(&mut self) -> Option<Decimal> {
        let mut value = self.product()?;
        loop {
            if self.eat('+') {
                value = value.checked_add(self.product()?)?;
            } else if self.eat('-') {
                value = value.checked_sub(self.product()?)?;
            } else {
                return Some(value);
            }
        }
    }

    /// factor (('*' | '/') factor)*
    fn product(&mut self) -> Option<Decimal> {
        let mut value = self.factor()?;
        loop {
            if self.eat('*') {
                value = value.checked_mul(self.factor()?)?;
            } else if self.eat('/') {
                value = value.checked_div(self.factor()?)?;
            } else {
                return Some(value);
            }
        }
    }

    /// A number, a cell, SUM(…), ( sum ), or a sign before one.
    fn factor(&mut self) -> Option<Decimal> {
        if self.eat('-') {
            return self.factor().map(|v| -v);
        }
        if self.eat('+') {
            return self.factor();
        }
        if self.eat('(') {
            let value = self.sum()?;
            return self.eat(')').then_some(value);
        }
        let c = self.peek()?;
        if c.is_ascii_digit() || c == '.' {
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                self.at += 1;
            }
            let digits: String = self.text[start..self.at].iter().collect();
            return digits.parse().ok();
        }
        let word_start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        let word: String = self.text[word_start..self.at].iter().collect();
        if word.eq_ignore_ascii_case("SUM") && self.eat('(') {
            let mut total = Decimal::ZERO;
            loop {
                total = total.checked_add(self.range_sum()?)?;
                if self.eat(')') {
                    return Some(total);
                }
                if !self.eat(',') {
                    return None;
                }
            }
        }
        self.at = word_start;
        let (row, column) = self.reference()?;
        (self.cell)(row, column, self.depth + 1)
    }

    /// A cell or a range `A1:B3` in SUM, its empty and text cells counting
    /// nothing (as SUM counts them), or any sum.
    fn range_sum(&mut self) -> Option<Decimal> {
        let start = self.at;
        if let Some(first) = self.reference() {
            if self.eat(':') {
                let last = self.reference()?;
                let mut total = Decimal::ZERO;
                for row in first.0.min(last.0)..=first.0.max(last.0) {
                    for column in first.1.min(last.1)..=first.1.max(last.1) {
                        let value = (self.cell)(row, column, self.depth + 1).unwrap_or_default();
                        total = total.checked_add(value)?;
                    }
                }
                return Some(total);
            }
            if matches!(self.peek(), Some(',' | ')')) {
                return Some((self.cell)(first.0, first.1, self.depth + 1).unwrap_or_default());
            }
        }
        self.at = start;
        self.sum()
    }

    /// `A1`, `$B$12`: row and column from 0.
    fn reference(&mut self) -> Option<(u32, u32)> {
        self.eat('$');
        let mut column: u32 = 0;
        let mut letters = 0;
        while let Some(c) = self.peek().filter(char::is_ascii_alphabetic) {
            column = column
                .checked_mul(26)?
                .checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)?;
            letters += 1;
            self.at += 1;
        }
        self.eat('$');
        let mut row: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            row = row.checked_mul(10)?.checked_add(d)?;
            digits += 1;
            self.at += 1;
        }
        (letters > 0 && letters <= 3 && digits > 0 && row > 0).then(|| (row - 1, column - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn value(formula: &str) -> Option<String> {
        // A1 = 2, B1 = 3, A2 = 0.5, C1 = =A1*B1 (unsaved too), others empty.
        fn cell(row: u32, column: u32, depth: usize) -> Option<Decimal> {
            match (row, column) {
                (0, 0) => Some(Decimal::TWO),
                (0, 1) => Some(Decimal::from(3)),
                (1, 0) => Decimal::from_str("0.5").ok(),
                (0, 2) => evaluate("=A1*B1", &cell, depth),
                (9, 9) => evaluate("=J10", &cell, depth),
                _ => None,
            }
        }
        evaluate(formula, &cell, 0).map(|v| v.to_string())
    }

    #[test]
    fn plain_arithmetic_is_worked_out_exactly() {
        assert_eq!(value("=A1+B1*2").as_deref(), Some("8"));
        assert_eq!(value("=(A1+B1)/4").as_deref(), Some("1.25"));
        assert_eq!(value("=$A$1-A2").as_deref(), Some("1.5"));
        assert_eq!(value("=SUM(A1:B1,A2)").as_deref(), Some("5.5"));
        assert_eq!(value("=SUM(A1:C1)").as_deref(), Some("11"));
        assert_eq!(value("=C1/B1*100").as_deref(), Some("200"));
        assert_eq!(value("=1/3").as_deref(), Some("0.333333333333333"));
        assert_eq!(value("=-A1").as_deref(), Some("-2"));
    }

    #[test]
    fn anything_else_is_not_guessed() {
        for formula in [
            "=A1/0",
            "=D4",
            "=AVERAGE(A1:B1)",
            "=Sheet2!A1",
            "=A1&B1",
            "=J10",
            "=A1+",
            "=IF(A1>1,1,0)",
        ] {
            assert_eq!(value(formula), None, "{formula}");
        }
    }
}
