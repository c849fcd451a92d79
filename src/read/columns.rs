//! Which input column holds what: header names in English and Japanese.

use std::fmt;

/// A column plancheck understands. Any other column is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Chapter,
    Section,
    Indicator,
    Unit,
    Direction,
    Baseline,
    Target,
    Actual,
    Period,
    Reason,
    SectionReason,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Chapter,
        Column::Section,
        Column::Indicator,
        Column::Unit,
        Column::Direction,
        Column::Baseline,
        Column::Target,
        Column::Actual,
        Column::Period,
        Column::Reason,
        Column::SectionReason,
    ];

    /// Header names accepted for the column, the English name first. Matching
    /// ignores case and surrounding spaces (see `normalize_header`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Chapter => &["chapter", "章"],
            Column::Section => &["section", "節"],
            Column::Indicator => &["indicator", "目標指標", "指標", "指標名"],
            Column::Unit => &["unit", "単位"],
            Column::Direction => &["direction", "指標のめざす方向", "方向"],
            Column::Baseline => &["baseline", "策定時", "基準値", "現状値"],
            Column::Target => &["target", "目標値"],
            Column::Actual => &["actual", "実績値"],
            Column::Period => &["period", "期間", "年度"],
            Column::Reason => &["reason", "理由", "未達成の理由", "備考"],
            Column::SectionReason => &[
                "section_reason",
                "節の理由",
                "未達成指標の理由・分析",
                "理由・分析",
            ],
        }
    }

    pub fn name(self) -> &'static str {
        self.aliases()[0]
    }

    /// Columns a file cannot be evaluated without. `actual` is required as a
    /// column even though its cells may be empty (pending).
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Column::Indicator | Column::Direction | Column::Target | Column::Actual
        )
    }

    fn from_header(header: &str) -> Option<Column> {
        let wanted = normalize_header(header);
        Column::ALL
            .into_iter()
            .find(|column| column.aliases().contains(&wanted.as_str()))
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn normalize_header(header: &str) -> String {
    header
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_lowercase()
}

/// Where each known column sits in the input's records (0-based).
#[derive(Clone, Debug, Default)]
pub struct Columns {
    positions: [Option<usize>; Column::ALL.len()],
}

impl Columns {
    /// Maps a header row; the error says what is missing or ambiguous and
    /// lists the headers that were found.
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Result<Columns, String> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut columns = Columns::default();
        for (index, header) in headers.iter().enumerate() {
            let Some(column) = Column::from_header(header) else {
                continue;
            };
            let slot = &mut columns.positions[column as usize];
            if let Some(first) = *slot {
                return Err(format!(
                    "columns {} (\"{}\") and {} (\"{}\") are both the {column} column; keep one",
                    first + 1,
                    headers[first].trim(),
                    index + 1,
                    header.trim()
                ));
            }
            *slot = Some(index);
        }
        let missing: Vec<String> = Column::ALL
            .into_iter()
            .filter(|c| c.is_required() && columns.position(*c).is_none())
            .map(|c| format!("{c} ({})", c.aliases()[1..].join(", ")))
            .collect();
        if !missing.is_empty() {
            let found: Vec<String> = headers.iter().map(|h| format!("\"{}\"", h.trim())).collect();
            return Err(format!(
                "missing required column{} {}; headers found: {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            ));
        }
        Ok(columns)
    }

    pub fn position(&self, column: Column) -> Option<usize> {
        self.positions[column as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_japanese_headers() {
        let columns =
            Columns::from_headers([" 節 ", "目標指標", "指標のめざす方向", "目標値", "実績値"]).unwrap();
        assert_eq!(columns.position(Column::Section), Some(0));
        assert_eq!(columns.position(Column::Indicator), Some(1));
        assert_eq!(columns.position(Column::Actual), Some(4));
        assert_eq!(columns.position(Column::Chapter), None);

        let columns =
            Columns::from_headers(["\u{feff}Indicator", "DIRECTION", "Target", "actual", "extra"]).unwrap();
        assert_eq!(columns.position(Column::Indicator), Some(0));
        assert_eq!(columns.position(Column::Actual), Some(3));
    }

    #[test]
    fn missing_columns_are_named_with_the_headers_found() {
        let error = Columns::from_headers(["indicator", "target"]).unwrap_err();
        assert_eq!(
            error,
            "missing required columns direction (指標のめざす方向, 方向), actual (実績値); \
             headers found: \"indicator\", \"target\""
        );
    }

    #[test]
    fn two_columns_for_one_meaning_is_an_error() {
        let error = Columns::from_headers(["指標", "目標指標", "direction", "target", "actual"]).unwrap_err();
        assert!(error.contains("columns 1 (\"指標\") and 2 (\"目標指標\") are both the indicator column"));
    }
}
