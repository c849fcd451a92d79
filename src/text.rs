//! Text as Japanese spreadsheets type it: full-width ASCII (`ＡＢＣ`, `１２`,
//! `％`) is the same character as its ASCII form wherever plancheck
//! compares words, marks or numbers.

/// `c` as ASCII where it is a full-width form of it (U+FF01–U+FF5E).
pub fn ascii_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn full_width_is_ascii() {
        let folded: String = "ＡＢ＊１２％ａ全".chars().map(super::ascii_width).collect();
        assert_eq!(folded, "AB*12%a全");
    }
}
