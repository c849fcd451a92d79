//! Tests of `columns`: header rows to column positions.

use super::*;

fn columns(headers: &[&str]) -> Result<Columns, String> {
    Columns::from_headers(headers.iter().copied(), None)
}

#[test]
fn english_and_japanese_headers() {
    let c = columns(&[" 節 ", "目標指標", "指標のめざす方向", "目標値", "実績値"]).unwrap();
    assert_eq!(c.position(Column::Section), Some(0));
    assert_eq!(c.position(Column::Indicator), Some(1));
    assert_eq!(c.position(Column::Actual), Some(4));
    assert_eq!(c.position(Column::Chapter), None);
    assert!(!c.is_wide());

    let c = columns(&["\u{feff}Indicator", "DIRECTION", "Target", "actual", "extra"]).unwrap();
    assert_eq!(c.position(Column::Indicator), Some(0));
    assert_eq!(c.position(Column::Actual), Some(3));
}

#[test]
fn missing_columns_are_named_with_the_headers_found() {
    assert_eq!(
        columns(&["indicator", "target"]).unwrap_err(),
        "missing required column actual (実績値, 実績, 現況値, 直近値, 最新値, 現在値, 最終評価, 直近の実績値); \
         headers found: \"indicator\", \"target\""
    );
}

#[test]
fn two_columns_for_one_meaning_is_an_error() {
    let error = columns(&["指標", "目標指標", "direction", "target", "actual"]).unwrap_err();
    assert!(error.contains("columns 1 (\"指標\") and 2 (\"目標指標\") are both the indicator column"));
}

#[test]
fn wide_headers_are_detected() {
    let c = columns(&[
        "節",
        "目標指標",
        "指標のめざす方向",
        "策定時(H22)",
        "目標値(H26)",
        "実績値(H26)",
        "達成率(H26)",
        "目標値（H30）",
        "実績値（H30）",
    ])
    .unwrap();
    assert!(c.is_wide());
    assert_eq!(c.position(Column::Baseline), Some(3));
    assert_eq!(
        c.periods(),
        [
            PeriodColumns {
                period: "H26".into(),
                target: 4,
                actual: 5,
                published: Some(6)
            },
            PeriodColumns {
                period: "H30".into(),
                target: 7,
                actual: 8,
                published: None
            },
        ]
    );
    let c = columns(&[
        "indicator",
        "direction",
        "target H26",
        "Actual H26",
        "target_2019",
        "actual_2019",
    ])
    .unwrap();
    assert_eq!(c.periods()[0].period, "H26");
    assert_eq!(c.periods()[1].period, "2019");
    let c = columns(&["indicator", "direction", "H26 target", "H26 actual"]).unwrap();
    assert_eq!(c.periods()[0].period, "H26");
}

#[test]
fn wide_errors() {
    let error = columns(&["indicator", "direction", "目標値(H26)"]).unwrap_err();
    assert_eq!(
        error,
        "column 3 (\"目標値(H26)\") has no matching actual (実績値) column for period H26"
    );
    let error = columns(&["indicator", "direction", "period", "target H26", "actual H26"]).unwrap_err();
    assert!(error.contains("names a period, but the wide layout takes its periods from the headers"));
    let error = Columns::from_headers(["indicator", "direction", "target", "actual"], Some(Layout::Wide))
        .unwrap_err();
    assert!(error.starts_with("no per-period columns"));
}

#[test]
fn forced_long_ignores_period_columns() {
    let c = Columns::from_headers(
        ["indicator", "direction", "target", "actual", "target H26"],
        Some(Layout::Long),
    )
    .unwrap();
    assert!(!c.is_wide());
}

#[test]
fn headers_are_normalized_before_matching() {
    assert_eq!(normalize_header(" 目 標 値 "), "目標値");
    assert_eq!(normalize_header("目標値\n(H26)"), "目標値(H26)");
    assert_eq!(normalize_header("目標値（Ｈ２６）"), "目標値(H26)");
    assert_eq!(normalize_header("target  H26"), "target H26");
    assert_eq!(normalize_header("目標値 H26"), "目標値 H26");
    assert_eq!(
        classify("目標値\r\n（Ｈ２６）"),
        Some(Header::PerPeriod(Column::Target, "H26".into()))
    );
    assert_eq!(classify("目　標　値"), Some(Header::Single(Column::Target)));
    assert_eq!(classify("ＵＮＩＴ"), Some(Header::Single(Column::Unit)));
    assert_eq!(classify("基準値(H22)"), Some(Header::Single(Column::Baseline)));
    assert_eq!(
        classify("目標値(最終)"),
        Some(Header::Single(Column::FinalTarget))
    );
    assert_eq!(
        classify("目標値（最終）"),
        Some(Header::Single(Column::FinalTarget))
    );
    for (alias, column) in [
        ("指標名称", Column::Indicator),
        ("成果指標", Column::Indicator),
        ("めざす方向", Column::Direction),
        ("方向性", Column::Direction),
        ("計画策定時", Column::Baseline),
        ("現状値", Column::Baseline),
        ("目標年度", Column::TargetYear),
        ("実績", Column::Actual),
        ("目標", Column::Target),
        ("最終目標値", Column::FinalTarget),
        ("達成度", Column::Published),
    ] {
        assert_eq!(classify(alias), Some(Header::Single(column)), "{alias}");
    }
}

#[test]
fn a_header_naming_two_columns_is_an_error() {
    let error = columns(&["指標", "方向", "目標値・実績値"]).unwrap_err();
    assert_eq!(
        error,
        "column 3 (\"目標値・実績値\") could be the target or the actual column; give each its own column"
    );
    assert!(columns(&["指標", "方向", "目標値", "実績値", "指標名・備考"]).is_err());
    assert!(columns(&["指標", "方向", "目標値", "実績値", "所管課・担当"]).is_ok());
}

#[test]
fn two_periods_with_spaced_headers_are_read() {
    let c = columns(&[
        "指標",
        "方向",
        "目標値\n(H26)",
        "実績値\n(H26)",
        "目標値 （Ｈ３０）",
        "実績値（Ｈ３０）",
    ])
    .unwrap();
    let periods: Vec<&str> = c.periods().iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["H26", "H30"]);
}

#[test]
fn names_that_merely_start_like_a_column_are_not_periods() {
    assert_eq!(classify("目標指標"), Some(Header::Single(Column::Indicator)));
    assert_eq!(classify("目標年度"), Some(Header::Single(Column::TargetYear)));
    assert_eq!(classify("targets"), None);
}
