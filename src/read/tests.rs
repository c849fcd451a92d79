//! The reader's unit tests: rows read from small CSV texts.

use super::records::may_have_space_at_an_end;
use super::*;
use crate::indicator::{Direction, Indicator};

proptest::proptest! {
    /// The byte test never misses a space that `trim` would remove,
    /// for any text and any of Unicode's spaces at either end.
    #[test]
    fn no_space_at_an_end_goes_unseen(
        body in "\\PC{0,6}",
        space in proptest::sample::select(
            ('\0'..=char::MAX).filter(|c| c.is_whitespace()).collect::<Vec<_>>()
        ),
        at_start in proptest::bool::ANY,
    ) {
        let text = if at_start { format!("{space}{body}") } else { format!("{body}{space}") };
        for text in [text.as_str(), body.as_str()] {
            let text = text.trim_ascii();
            proptest::prop_assert!(
                may_have_space_at_an_end(text) || text.trim() == text,
                "{:?}", text
            );
        }
    }
}

fn rows_bytes(bytes: &[u8]) -> Vec<Result<Indicator, RowErrors>> {
    rows_with(bytes, ReadOptions::default())
}

fn rows_with(bytes: &[u8], options: ReadOptions) -> Vec<Result<Indicator, RowErrors>> {
    let input = Input::from_bytes("t.csv", Vec::from(bytes));
    let mut reader = IndicatorReader::new(input, options).unwrap();
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row().unwrap() {
        rows.push(row);
    }
    rows
}

fn rows(text: &str) -> Vec<Result<Indicator, RowErrors>> {
    rows_bytes(text.as_bytes())
}

fn header_error(text: &str) -> String {
    let input = Input::from_bytes("t.csv", text.to_string().into_bytes());
    IndicatorReader::new(input, ReadOptions::default())
        .err()
        .unwrap()
        .to_string()
}

#[test]
fn reads_a_row_with_japanese_headers() {
    let rows = rows(
        "節,目標指標,単位,指標のめざす方向,策定時,目標値,実績値,年度\n第1節 農業,認定農業者数,人,↗,193,225,182人,H26\n",
    );
    let indicator = rows[0].as_ref().unwrap();
    assert_eq!(indicator.line, 2);
    assert_eq!(indicator.name, "認定農業者数");
    assert_eq!(indicator.direction, Direction::Increase);
    assert_eq!(indicator.target.to_string(), "225");
    assert_eq!(indicator.actual.map(|a| a.to_string()), Some("182".to_string()));
    assert_eq!(&*indicator.period, "H26");
}

#[test]
fn every_problem_of_a_row_is_reported_with_its_place() {
    let rows = rows("indicator,direction,target,actual\n,sideways,x,\n");
    let errors = rows[0].as_ref().unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 3);
    assert_eq!(shown[0], "t.csv:2:1: indicator: the indicator name is empty");
    assert!(
        shown[1].starts_with("t.csv:2:2: direction: \"sideways\" is not a direction; expected one of up,")
    );
    assert!(shown[2].starts_with("t.csv:2:3: target: \"x\" is not a number"));
}

#[test]
fn a_short_row_is_an_error_and_reading_goes_on() {
    let rows = rows("indicator,direction,target,actual\na,up,1\nb,up,1,2\n");
    assert_eq!(rows.len(), 2);
    let error = &rows[0].as_ref().unwrap_err()[0];
    assert_eq!(error.line, 2);
    assert!(
        error
            .message
            .contains("this row has 3 fields but the header has 4")
    );
    assert_eq!(rows[1].as_ref().unwrap().name, "b");
}

#[test]
fn comments_above_the_header_are_skipped_and_rows_after_it_are_data() {
    let rows = rows("# a comment\n\nindicator,direction,target,actual\n#1 ranking,up,1,1\n,,,\na,down,1,\n");
    assert_eq!(rows.len(), 2);
    let ranking = rows[0].as_ref().unwrap();
    assert_eq!((ranking.name.as_str(), ranking.line), ("#1 ranking", 4));
    let pending = rows[1].as_ref().unwrap();
    assert_eq!((pending.actual, pending.line), (None, 6));
}

#[test]
fn lines_are_counted_as_an_editor_counts_them() {
    let lines = |text: &str| -> Vec<u64> {
        rows(text)
            .iter()
            .map(|r| match r {
                Ok(i) => i.line,
                Err(e) => e[0].line,
            })
            .collect()
    };
    assert_eq!(
        lines("indicator,direction,target,actual\nA,up,10,5\nB,x,10,5\n"),
        [2, 3]
    );
    assert_eq!(
        lines("indicator,direction,target,actual\r\nA,up,10,5\r\nB,x,10,5\r\n"),
        [2, 3]
    );
    assert_eq!(
        lines("indicator,direction,target,actual\rA,up,10,5\rB,x,10,5\r"),
        [2, 3]
    );
    assert_eq!(
        lines("indicator,direction,target,actual\r\nA,up,10,5\n\r\n\rB,x,10,5\r"),
        [2, 5]
    );
    assert_eq!(
        lines("indicator,direction,target,actual\r\n\"A\r\nsecond line\",up,10,5\r\nB,x,10,5\r\n"),
        [2, 4]
    );
}

#[test]
fn ragged_rows_are_fine_unless_a_required_cell_is_missing() {
    let rows = rows("indicator,direction,target,actual,unit,reason\nA,up,10,5,\nB,up,10,5\nC,up,10\n");
    assert_eq!(rows[0].as_ref().unwrap().name, "A");
    assert_eq!(rows[1].as_ref().unwrap().name, "B");
    let error = &rows[2].as_ref().unwrap_err()[0];
    assert_eq!((error.line, error.column), (4, Some(4)));
}

#[test]
fn empty_input_and_missing_columns_are_errors() {
    assert!(header_error("").starts_with("t.csv:1: the file is empty"));
    assert!(header_error("indicator,target\n").starts_with("t.csv:1: missing required column actual"));
}

#[test]
fn invalid_utf8_names_the_cell() {
    let utf8 = ReadOptions {
        encoding: Some(Encoding::Utf8),
        ..ReadOptions::default()
    };
    let rows = rows_with(b"indicator,direction,target,actual\nab\xff,up,1,1\n", utf8);
    let error = &rows[0].as_ref().unwrap_err()[0];
    assert_eq!(error.column, Some(1));
    assert!(error.message.contains("invalid UTF-8 after \"ab\""));
}

#[test]
fn a_character_split_between_two_cells_is_invalid_in_each() {
    // The record's bytes joined are "xあ" (valid), its cells are not:
    // cells are checked one by one, not only the record as a whole.
    let utf8 = ReadOptions {
        encoding: Some(Encoding::Utf8),
        ..ReadOptions::default()
    };
    let rows = rows_with(
        b"indicator,direction,target,actual\n\"x\xe3\",\x81\x82,1,1\n",
        utf8,
    );
    let errors = rows[0].as_ref().unwrap_err();
    assert_eq!(errors[0].column, Some(1), "{errors:?}");
    assert!(
        errors[0].message.contains("invalid UTF-8 after \"x\""),
        "{errors:?}"
    );
    assert_eq!(errors[1].column, Some(2), "{errors:?}");
}

#[test]
fn wide_rows_yield_one_indicator_per_period() {
    let rows = rows(
        "目標指標,単位,方向,策定時(H22),目標値(H26),実績値(H26),目標値(H30),実績値(H30)\n\
         認定農業者数,人,↗,193,225,182,,\n\
         観光客数,千人,↗,\"4,581\",\"6,000\",\"5,590\",\"7,000\",\n\
         空行,人,↗,,,,,\n",
    );
    let indicators: Vec<(String, String, Option<String>)> = rows
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|i| {
            (
                i.name.clone(),
                i.period.to_string(),
                i.actual.map(|a| a.to_string()),
            )
        })
        .collect();
    assert_eq!(
        indicators,
        [
            ("認定農業者数".into(), "H26".into(), Some("182".into())),
            ("観光客数".into(), "H26".into(), Some("5590".into())),
            ("観光客数".into(), "H30".into(), None),
        ]
    );
    let error = &rows[3].as_ref().unwrap_err()[0];
    assert_eq!(
        error.to_string(),
        "t.csv:4:1: 目標指標: \"空行\" has no target or actual in any period"
    );
}

#[test]
fn wide_errors_name_the_periods_column() {
    let rows = rows("indicator,direction,target H26,actual H26,target H30,actual H30\na,up,10,5,x,5\n");
    assert!(rows[0].is_ok());
    let error = &rows[1].as_ref().unwrap_err()[0];
    assert_eq!(error.column, Some(5));
    assert!(error.message.starts_with("target H30: \"x\" is not a number"));
}

proptest::proptest! {
    /// Adding a direction column that agrees with the inferred direction
    /// changes nothing but how the direction was found.
    #[test]
    fn an_agreeing_direction_column_changes_nothing_but_the_note(
        rows in proptest::collection::vec(
            (
                proptest::sample::select(vec!["参加者数", "ごみ排出量", "満足度の向上", "削減量", "x"]),
                proptest::option::of(0u32..200),
                0u32..200,
                proptest::sample::select(vec!["", "以下", "以上"]),
                proptest::option::of(0u32..200),
                proptest::option::of(0u32..120),
            ),
            1..8,
        ),
    ) {
        let mut bare = String::from("指標,策定時,目標値,実績値,達成率\n");
        for (name, baseline, target, bound, actual, rate) in &rows {
            let show = |v: &Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
            bare.push_str(&format!("{name},{},{target}{bound},{},{}\n", show(baseline), show(actual), show(rate)));
        }
        let inferred = rows_with(bare.as_bytes(), ReadOptions { direction: Some(Direction::Maintain), ..ReadOptions::default() });
        let mut given = String::from("指標,策定時,目標値,実績値,達成率,方向\n");
        for (line, row) in bare.lines().skip(1).zip(&inferred) {
            let direction = row.as_ref().map_or("↗", |i| match i.direction {
                Direction::Increase => "↗",
                Direction::Decrease => "↘",
                Direction::Maintain => "→",
            });
            given.push_str(&format!("{line},{direction}\n"));
        }
        let with_column = rows_with(given.as_bytes(), ReadOptions::default());
        proptest::prop_assert_eq!(inferred.len(), with_column.len());
        for (a, b) in inferred.iter().zip(&with_column) {
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    proptest::prop_assert!(a.direction_from.is_some() && b.direction_from.is_none());
                    let a = Indicator { direction_from: None, ..a.clone() };
                    proptest::prop_assert_eq!(&a, b);
                }
                (Err(_), Err(_)) => {}
                (a, b) => proptest::prop_assert!(false, "{:?} against {:?}", a, b),
            }
        }
    }
}

#[test]
fn text_targets_and_reference_clauses() {
    use super::printed::is_text_target;
    use super::relative::Relative;
    assert!(is_text_target("平均寿命の増加分を上回る健康寿命の増加"));
    for not_text in [
        "x",
        "同上",
        "現状維持",
        "減少傾向へ",
        "ゼロにする",
        "80以下",
        "2025年までに半減",
    ] {
        assert!(!is_text_target(not_text), "{not_text}");
    }
    let times = |text: &str| Relative::parse(text, "").unwrap();
    assert_eq!(
        times("平成20年度と比べて25%減少"),
        Some(Relative::Times("0.75".parse().unwrap()))
    );
    assert_eq!(
        times("H20年度比10%削減"),
        Some(Relative::Times("0.9".parse().unwrap()))
    );
    // A text target is pending, its text the note; nothing fails the file.
    let row = rows(
        "指標,策定時,目標値,直近値\n健康寿命【年】,70.42,平均寿命の増加分を上回る健康寿命の増加,72.68\n",
    );
    let indicator = row[0].as_ref().unwrap();
    assert_eq!(indicator.target_form, crate::indicator::TargetForm::Text);
    assert_eq!(indicator.shown_target(), None);
}

#[test]
fn a_final_target_in_its_column_at_the_end_of_the_periods_or_on_the_line_under() {
    use super::columns::Columns;
    let columns = Columns::from_headers(
        ["指標", "基準値", "現況値", "H22の目標値\n目標値(最終)", "達成度"],
        None,
    )
    .unwrap();
    assert_eq!(columns.position(Column::Target), Some(3));
    assert!(columns.final_below());
    let wide = Columns::from_headers(["指標", "目標値(H26)", "実績値(H26)", "目標値(R2)"], None).unwrap();
    assert_eq!(
        (wide.periods().len(), wide.position(Column::FinalTarget)),
        (1, Some(3))
    );
    // 目標項目 beside 指標: the item is the section.
    let item = Columns::from_headers(["目標項目", "指標", "目標値", "直近値"], None).unwrap();
    assert_eq!(
        (item.position(Column::Section), item.position(Column::Indicator)),
        (Some(0), Some(1))
    );
    // The line under is the row's final target, not a row.
    let read = rows(
        "指標,基準値,\"H22の目標値\n目標値(最終)\",現況値\n森林【ha】,800,800,810\n,,850,\n大気【%】,93.8,100,97.5\n,,100,\n",
    );
    let finals: Vec<_> = read.iter().map(|r| r.as_ref().unwrap().final_target).collect();
    assert_eq!(finals, [Some(850.into()), Some(100.into())]);
    assert_eq!(read[0].as_ref().unwrap().direction, Direction::Increase);
}
