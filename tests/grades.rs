//! Grades as publishers define them (issue 27): each built-in scheme on
//! its worked example (every branch, the publisher's grade printed
//! beside), `plancheck grades`, scheme files and their errors, the gate.

mod common;

use common::{run, run_stdin};
use proptest::prelude::*;

const SCHEMES: [&str; 5] = ["health21", "marks", "bands-90-80", "sevenpoint", "baseline-band"];

fn example(scheme: &str) -> String {
    format!("examples/grades/{scheme}.csv")
}

#[test]
fn every_built_in_scheme_reproduces_its_worked_example() {
    for scheme in SCHEMES {
        let file = example(scheme);
        let args = ["--grades", scheme, "--verify-published", "--format", "csv"];
        let (eval, err, code) = run(&[&["eval", file.as_str()][..], &args].concat());
        assert_eq!(code, 0, "{scheme}: {err}");
        // Every printed grade (the example's published_grade) is reproduced.
        assert!(err.contains(" 0 differ"), "{scheme}: {err}");
        insta::assert_snapshot!(format!("grades_eval_{scheme}"), eval);
        let (summary, err, code) = run(&[&["summary", file.as_str()][..], &args].concat());
        assert_eq!(code, 0, "{scheme}: {err}");
        insta::assert_snapshot!(format!("grades_summary_{scheme}"), summary);
    }
}

#[test]
fn group_grades_follow_the_schemes_rounding() {
    // health21: 項目2 is B (4) and C (3): 3.5 rounds half-down (五捨六入) to C.
    let (out, _, _) = run(&[
        "summary",
        &example("health21"),
        "--grades",
        "health21",
        "--by",
        "section",
        "--format",
        "csv",
    ]);
    let line = |start: &str| out.lines().find(|l| l.starts_with(start)).unwrap().to_string();
    assert!(line("項目1").ends_with(",4.5,B"), "{out}");
    assert!(line("項目2").ends_with(",3.5,C"), "{out}");
    // sevenpoint: 施策1's 5.5 rounds half-up to 6.
    let (out, _, _) = run(&[
        "summary",
        &example("sevenpoint"),
        "--grades",
        "sevenpoint",
        "--by",
        "section",
        "--format",
        "csv",
    ]);
    assert!(out.lines().nth(1).unwrap().ends_with(",5.5,6"), "{out}");
}

#[test]
fn plancheck_grades_lists_and_prints_the_schemes() {
    let (out, _, code) = run(&["grades"]);
    assert_eq!(code, 0);
    for scheme in SCHEMES {
        assert!(out.contains(scheme), "{out}");
    }
    let (out, _, code) = run(&["grades", "health21"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# health21:") && out.contains("rounding = \"half-down\""),
        "{out}"
    );
    assert_eq!(out, std::fs::read_to_string("schemes/health21.toml").unwrap());
    let (_, err, code) = run(&["grades", "health99"]);
    assert_eq!(code, 2);
    assert!(err.contains("no built-in scheme \"health99\""), "{err}");
}

#[test]
fn a_users_scheme_file_and_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    std::fs::write(
        &mine,
        "name = \"mine\"\n[[rule]]\ngrade = \"good\"\nrate_at_least = 95\n[[rule]]\ngrade = \"poor\"\n",
    )
    .unwrap();
    let mine = mine.to_str().unwrap();
    let (out, err, code) = run(&[
        "eval",
        &example("bands-90-80"),
        "--grades",
        mine,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let grades: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(12).unwrap())
        .collect();
    assert_eq!(grades, ["good", "good", "poor", "poor", "poor", "poor"], "{out}");
    // A mistake is exit 2 naming the file, the line and the key.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[rule]]\ngrade = \"A\"\nmet = true\n\n[[rule]]\ngrade = \"B\"\nline = \"under\"\n",
    )
    .unwrap();
    let (_, err, code) = run(&["eval", &example("marks"), "--grades", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml:5: rule \"B\": line: \"under\" is not below or on_or_above"),
        "{err}"
    );
    let (_, err, code) = run(&["eval", &example("marks"), "--grades", "missing.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.toml: cannot read the scheme file"), "{err}");
    // An input file after a bare --grades is not read as a scheme.
    let (_, err, code) = run(&["eval", "--grades", &example("marks")]);
    assert_eq!(code, 2);
    assert!(err.contains("an input file goes before a bare --grades"), "{err}");
}

#[test]
fn check_fails_on_the_grades_named() {
    let (out, _, code) = run(&[
        "check",
        &example("health21"),
        "--grades",
        "health21",
        "--fail-on-grade",
        "D,E",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("graded D (failing grades: D, E)") && out.contains("graded E"),
        "{out}"
    );
    assert!(
        out.contains("2 graded to fail, 0 explained, 0 pending of 7 checked"),
        "{out}"
    );
    let (_, _, code) = run(&[
        "check",
        &example("health21"),
        "--grades",
        "health21",
        "--fail-on-grade",
        "E",
        "--period",
        "2019",
    ]);
    assert_eq!(code, 1);
    let (_, err, code) = run(&["check", &example("health21"), "--fail-on-grade", "D"]);
    assert_eq!(code, 2);
    assert!(err.contains("add --grades"), "{err}");
    let (_, err, code) = run(&[
        "check",
        &example("health21"),
        "--grades",
        "health21",
        "--fail-on-grade",
        "F",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("its grades are A, B*, B, C, D, E"), "{err}");
}

#[test]
fn todays_inline_forms_keep_working() {
    let input =
        "indicator,direction,baseline,target,actual\na,up,100,120,120\nb,up,100,120,100\nc,up,100,120,90\n";
    let (out, err, code) = run_stdin(
        &["eval", "-", "--grades", "A=100:5,B=80:3,C=0:1", "--format", "csv"],
        input,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(",A,5\n") && out.contains(",B,3\n") && out.contains(",C,1\n"),
        "{out}"
    );
    let (out, _, _) = run_stdin(
        &[
            "eval",
            "-",
            "--grades",
            "baseline",
            "--grade-band",
            "10%",
            "--format",
            "csv",
        ],
        input,
    );
    let grades: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(grades, ["S", "B", "B"], "{out}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// A scheme printed by `plancheck grades NAME` and read back from a
    /// file grades exactly as the built-in does.
    #[test]
    fn a_printed_scheme_read_back_grades_alike(
        scheme in prop::sample::select(SCHEMES.to_vec()),
        rows in prop::collection::vec((1u32..200, 1u32..200, prop::option::of(0u32..250), any::<bool>(), prop::option::of(0u32..250)), 1..12),
    ) {
        let mut input = String::from("indicator,unit,direction,baseline,target,actual,final_target,baseline_year,target_year,period\n");
        for (i, (baseline, target, actual, up, last)) in rows.iter().enumerate() {
            let show = |v: &Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
            input.push_str(&format!(
                "r{i},%,{},{baseline},{target},{},{},2010,2022,2019\n",
                if *up { "up" } else { "down" },
                show(actual),
                show(last)
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("printed.toml");
        let (printed, _, _) = run(&["grades", scheme]);
        std::fs::write(&file, printed).unwrap();
        for command in ["eval", "summary"] {
            let built_in = run_stdin(&[command, "-", "--grades", scheme, "--format", "csv"], &input);
            let read_back = run_stdin(&[command, "-", "--grades", file.to_str().unwrap(), "--format", "csv"], &input);
            prop_assert_eq!(built_in, read_back);
        }
    }
}

#[test]
fn the_report_shows_colours_and_counts_grades() {
    let file = example("health21");
    let (md, err, code) = run(&["report", &file, "--grades", "health21", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("| 91.7% B* |"), "{md}");
    assert!(
        md.contains("· A 0 · B* 0 · B 1 · C 1 · D 0 · E 0 · overall grade C"),
        "{md}"
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let (_, err, code) = run(&[
        "report",
        &file,
        "--grades",
        "health21",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(page).unwrap();
    // The best grade and the worst (E is not evaluable, so not the worst).
    assert!(
        html.contains("<span class=\"grade best\" data-rank=\"0\">A</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"grade worst\" data-rank=\"4\">D</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"grade\" data-rank=\"5\">E</span>"),
        "{html}"
    );
}

#[test]
fn the_report_workbook_shows_each_grade_beside_its_rate() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("report.xlsx");
    let (_, err, code) = run(&[
        "report",
        &example("health21"),
        "--grades",
        "health21",
        "--format",
        "xlsx",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // The rate stays a number; its number format prints the grade after it.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut styles = String::new();
    archive
        .by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    for grade in ["A", "B*", "B", "C", "D"] {
        assert!(
            styles.contains(&format!("formatCode=\"0.0%&quot; {grade}&quot;\"")),
            "{grade}: {styles}"
        );
    }
}

#[test]
fn the_previous_value_is_the_previous_periods_actual() {
    // marks: △ better than the previous value, ▲ not. H30's 110 is better
    // than the baseline (100) but not than H26's 120: ▲. H26 has no period
    // before it: compared with the baseline, △.
    let input = "indicator,direction,baseline,target,actual,period\n\
                 利用者数,up,100,150,110,H30\n\
                 利用者数,up,100,150,120,H26\n";
    for command in ["eval", "summary"] {
        let (out, err, code) = run_stdin(&[command, "-", "--grades", "marks", "--format", "csv"], input);
        assert_eq!(code, 0, "{err}");
        if command == "eval" {
            let grades: Vec<&str> = out
                .lines()
                .skip(1)
                .map(|l| l.rsplit(',').next().unwrap())
                .collect();
            assert_eq!(grades, ["▲", "△"], "{out}");
        } else {
            assert!(out.contains("grade_△,grade_▲"), "{out}");
        }
    }
}
