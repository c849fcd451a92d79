//! Tables as other publishers print them (issue 26): no direction column,
//! their own header words, values that carry their year, newspaper
//! numerals. Each is read with no options.

mod common;

use common::run_stdin;

/// An environment plan's table as printed: 基本目標 / 施策 / 環境指標項目,
/// 設定時の値, 目標値(年度), 現況値 with its year, no direction, no unit column.
const ENVIRONMENT_PLAN: &str = "\
基本目標,施策,環境指標項目,設定時の値,目標値(年度),現況値,年度
1 脱炭素,1 省エネ,温室効果ガス排出量【千t】,\"1,200 (H25)\",\"1,000以下\",\"1,100 (R4)\",R4
1 脱炭素,1 省エネ,再生可能エネルギー導入量【MW】,50,120,80,R4
2 循環,1 ごみ,ごみの削減量【t】,0,500,450,R4
2 循環,1 ごみ,リサイクル率【%】,20,30,24・5,R4
";

#[test]
fn an_environment_plan_reads_with_no_options() {
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], ENVIRONMENT_PLAN);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "{out}");
    // Lower is better from the target's 以下; the unit from the name.
    assert!(
        rows[0].starts_with(
            "1 脱炭素,1 省エネ,温室効果ガス排出量【千t】,千t,down,R4,1200,1000,1100,90.9,unmet,"
        ),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("1,000以下"), "{}", rows[0]);
    // Higher is better from baseline 50 → target 120.
    assert!(
        rows[1]
            .contains(",MW,up,R4,50,120,80,66.7,unmet,direction up inferred from baseline 50 → target 120"),
        "{}",
        rows[1]
    );
    // 削減量: an amount achieved by reducing is raised.
    assert!(rows[2].contains(",t,up,R4,0,500,450,90.0,unmet,"), "{}", rows[2]);
    // 24・5 as a newspaper prints 24.5.
    assert!(rows[3].contains(",%,up,R4,20,30,24.5,81.7,unmet,"), "{}", rows[3]);
    let (out, _, _) = run_stdin(&["validate", "-"], ENVIRONMENT_PLAN);
    assert_eq!(
        out.matches("inferred from").count(),
        4,
        "validate lists every inferred direction: {out}"
    );
}

#[test]
fn a_direction_column_agreeing_with_the_evidence_changes_nothing_but_the_note() {
    let with_column: String = ENVIRONMENT_PLAN
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let direction = match i {
                0 => "方向",
                1 => "↘",
                _ => "↗",
            };
            format!("{line},{direction}\n")
        })
        .collect();
    let strip_note = |out: &str| -> Vec<String> {
        out.lines()
            .map(|l| l.rsplit_once(",direction").map_or(l, |(a, _)| a).to_string())
            .collect()
    };
    let (inferred, _, _) = run_stdin(&["eval", "-", "--format", "csv"], ENVIRONMENT_PLAN);
    let (given, err, code) = run_stdin(&["eval", "-", "--format", "csv"], &with_column);
    assert_eq!(code, 0, "{err}");
    assert!(!given.contains("inferred"), "{given}");
    let inferred: Vec<String> = strip_note(&inferred)
        .into_iter()
        .map(|l| l.trim_end_matches(',').to_string())
        .collect();
    let given: Vec<String> = strip_note(&given)
        .into_iter()
        .map(|l| l.trim_end_matches(',').to_string())
        .collect();
    assert_eq!(inferred.len(), given.len());
    for (a, b) in inferred.iter().zip(&given) {
        // The target's written form stays in both notes.
        assert_eq!(
            a.split(',').take(10).collect::<Vec<_>>(),
            b.split(',').take(10).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_row_nothing_decides_is_an_error_unless_the_option_decides() {
    let input = "評価指標,目標値,直近値\n来館者の声,80,90\n";
    let (_, err, code) = run_stdin(&["eval", "-"], input);
    assert_eq!(code, 2);
    assert!(
        err.contains("<stdin>:2: direction: no direction") && err.contains("--direction"),
        "{err}"
    );
    let (out, err, code) = run_stdin(&["eval", "-", "--direction", "down", "--format", "csv"], input);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(",down,") && out.contains("direction down inferred from --direction"),
        "{out}"
    );
}

#[test]
fn evidence_that_disagrees_is_named() {
    let input = "指標,策定時,目標値,実績値\n不法投棄の削減件数,10,20,15\n";
    let (out, _, _) = run_stdin(&["eval", "-", "--format", "csv", "--lang", "ja"], input);
    assert!(
        out.contains("方向（増加）は策定時10→目標値20から推定。指標名の「削減」は減少を示す"),
        "{out}"
    );
}

#[test]
fn a_printed_rate_decides_where_nothing_stronger_does() {
    let input = "指標,目標値,実績値,達成率\n来館者の声,225,182,80.9\n苦情,20,25,80.0\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("来館者の声,,up,") && out.contains("inferred from the printed rate"),
        "{out}"
    );
    assert!(out.contains("苦情,,down,"), "{out}");
}

#[test]
fn current_value_is_the_actual_unless_an_actual_is_given() {
    // 現状値 beside 策定時: the actual.
    let (out, err, code) = run_stdin(
        &["eval", "-", "--format", "csv"],
        "指標,策定時,目標値,現状値\n参加者数,100,120,110\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",100,120,110,91.7,"), "{out}");
    // 現状値 beside 実績値: the baseline, as before.
    let (out, err, code) = run_stdin(
        &["eval", "-", "--format", "csv"],
        "指標,方向,現状値,目標値,実績値\n参加者数,↗,100,120,110\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",100,120,110,91.7,"), "{out}");
}

#[test]
fn newspaper_numerals_and_values_with_their_year() {
    let input = "指標,方向,策定時,目標値,実績値\n\
                 a,↗,93.8 (H16),100,\"105・3\"\n\
                 b,↗,約 3000,\"18、500\",\"12,000（R1年度）\"\n\
                 c,↘,▲5,△10,△12\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv", "--method", "progress"], input);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows[0].contains(",93.8,100,105.3,"), "{out}");
    assert!(rows[1].contains(",3000,18500,12000,"), "{out}");
    assert!(rows[2].contains(",-5,-10,-12,"), "{out}");
}

#[test]
fn a_target_of_nothing_left_and_a_header_that_is_nearly_known() {
    let (out, err, code) = run_stdin(
        &["eval", "-", "--format", "csv"],
        "指標,策定時,目標値,実績値\n交通事故死者数,5,ゼロ,0\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(",down,,5,0,0,100.0,met,") && out.contains("; ゼロ; direction down"),
        "{out}"
    );
    let (_, err, code) = run_stdin(&["eval", "-"], "指標,目標値,実績見込\nA,10,5\n");
    assert_eq!(code, 2);
    assert!(err.contains("\"実績見込\" is not read as actual (実績)"), "{err}");
}

#[test]
fn the_publishers_grades_are_carried_and_checked() {
    let input = "指標,方向,目標値,実績値,評価\nA,↗,100,100,◎\nB,↗,100,92,〇\nC,↗,100,50,○\n";
    let grades = "◎=100,○=90,△=80,×=0";
    let (out, err, code) = run_stdin(
        &[
            "eval",
            "-",
            "--format",
            "csv",
            "--grades",
            grades,
            "--verify-published",
        ],
        input,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().next().unwrap().ends_with(",grade,published_grade"),
        "{out}"
    );
    assert!(
        out.contains(",100.0,met,,◎,◎") && out.contains(",92.0,unmet,,○,〇"),
        "{out}"
    );
    // 〇 is ○; the third row's printed ○ is not the computed ×.
    assert_eq!(err.matches("differs from the computed").count(), 1, "{err}");
    assert!(
        err.contains("published grades: 2 agree with the computed ones, 1 differ"),
        "{err}"
    );
    assert!(
        err.contains("<stdin>:4:5: 評価: published grade ○ differs from the computed ×"),
        "{err}"
    );
    let (out, _, _) = run_stdin(&["eval", "-", "--format", "json"], input);
    assert!(out.contains("\"published_grade\":\"◎\""), "{out}");
    // A 達成度 column of marks is a grade, never a rate that fails to read.
    let marks = "指標,方向,目標値,実績値,達成度\nA,↗,100,100,◎\nB,↗,100,92,Ｂ*\n";
    let (_, err, code) = run_stdin(&["eval", "-", "--verify-published"], marks);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_year_line_under_each_value_line_belongs_to_the_row_above() {
    // A health plan's table: each value line, then a line of the values' years.
    let input = "目標項目,策定時,目標値,直近値\n\
                 健康寿命の延伸【年】,70.42,71.5,72.14\n\
                 ,平成22年,令和4年,令和元年\n\
                 成人の喫煙率の減少【%】,19.5,12,16.7\n\
                 ,(H22),(R4),(R1)\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 3, "{out}");
    // The year under the actual is the period.
    assert!(
        out.contains(",健康寿命の延伸【年】,年,up,令和元年,70.42,71.5,72.14,100.0,met,"),
        "{out}"
    );
    assert!(
        out.contains(",成人の喫煙率の減少【%】,%,down,R1,19.5,12,16.7,71.9,unmet,"),
        "{out}"
    );
    // The years under the baseline and the target are the row's: its
    // trajectory is known. (Expected at R1: 19.5 − 7.5 × 9/12 = 13.875, shown 13.88.)
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv", "--trajectory"], input);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(",16.7,71.9,unmet,direction down inferred from baseline 19.5 → target 12,13.88,behind"),
        "{out}"
    );
    // Not notes any more: nothing is left unexplained.
    let (out, _, _) = run_stdin(&["validate", "-"], input);
    assert!(!out.contains("year line"), "{out}");
}

#[test]
fn a_target_that_names_a_trend_is_judged_against_the_baseline() {
    let input = "指標,策定時,目標値,実績値\n喫煙率,19.5,減少傾向へ,16.7\n運動習慣者の割合,30,増加傾向へ,30\n肥満者の割合,25,減少傾向へ,27\n睡眠,,増加傾向へ,7\n";
    let (out, err, code) = run_stdin(&["eval", "-", "--format", "csv"], input);
    assert_eq!(code, 2, "the row with no baseline: {err}");
    assert!(out.contains(",down,,19.5,19.5,16.7,100.0,met,"), "{out}");
    // Standing at the baseline is no trend: unmet, and never 100.
    assert!(out.contains(",up,,30,30,30,99.9,unmet,"), "{out}");
    assert!(out.contains(",down,,25,25,27,92.6,unmet,"), "{out}");
    assert!(
        err.contains(
            "\"増加傾向へ\" names a trend, judged against the baseline, but the row has no baseline"
        ),
        "{err}"
    );
}
