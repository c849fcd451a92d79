//! Workbooks written with --format xlsx (issue 17): read back with calamine
//! and compared cell by cell with the CSV output.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{EXAMPLE, in_terminal, plancheck, run};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Runs plancheck with `args` and `--format xlsx -o path`; the workbook goes
/// to the file, nothing to standard output. Returns the exit code.
fn write_workbook(path: &Path, args: &[&str]) -> i32 {
    let mut all = args.to_vec();
    all.extend(["--format", "xlsx", "-o", path.to_str().unwrap()]);
    let (stdout, stderr, code) = run(&all);
    assert!(code == 0 || code == 1, "{stderr}");
    assert_eq!(stdout, "", "the workbook goes to the file");
    code
}

fn workbook(args: &[&str]) -> Xlsx<Cursor<Vec<u8>>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xlsx");
    write_workbook(&path, args);
    open_workbook_from_rs(Cursor::new(std::fs::read(&path).unwrap())).unwrap()
}

#[test]
fn eval_cells_are_typed_like_the_csv() {
    let mut book = workbook(&["eval", EXAMPLE, "--lang", "ja"]);
    assert_eq!(book.sheet_names(), ["評価", "章・節別", "章別"]);
    let (csv, _, _) = run(&["eval", EXAMPLE, "--format", "csv", "--lang", "ja"]);
    let sheet = book.worksheet_range("評価").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let csv_lines: Vec<&str> = csv.lines().collect();
    assert_eq!(header[..12].join(","), csv_lines[0]);
    assert_eq!(header[12], "判定記号");
    for (row, line) in rows.zip(&csv_lines[1..]) {
        let cells: Vec<&str> = line.split(',').collect();
        for (column, (cell, text)) in row.iter().zip(&cells).enumerate() {
            match (column, cell) {
                // Periods stay text; names are text.
                (0..=5 | 10 | 11, Data::String(s)) => assert_eq!(s, text),
                (0..=11, Data::Empty) => assert_eq!(*text, ""),
                // Numbers are numbers; the rate a fraction shown as a percent.
                (6..=8, Data::Float(v)) => assert_eq!(*v, text.parse::<f64>().unwrap(), "{line}"),
                (9, Data::Float(v)) => {
                    assert!((v * 100.0 - text.parse::<f64>().unwrap()).abs() < 1e-9, "{line}")
                }
                (12, Data::String(mark)) => assert_eq!(mark, if cells[10] == "未達成" { "✗" } else { "✓" }),
                other => panic!("column {column}: {other:?} for {text:?} in {line}"),
            }
        }
    }
    // The rate cells carry a percent format at --decimals.
    let styles = book.worksheet_style("評価").unwrap();
    let format = styles.get((1, 9)).and_then(|s| s.number_format.clone()).unwrap();
    assert_eq!(format.format_code, "0.0%");
}

#[test]
fn the_workbook_reads_back_to_the_same_rates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("評価.xlsx");
    assert_eq!(write_workbook(&path, &["eval", EXAMPLE, "--lang", "ja"]), 0);
    let (again, stderr, code) = run(&[
        "eval",
        path.to_str().unwrap(),
        "--format",
        "csv",
        "--verify-published",
    ]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, ""),
        "the percent cells agree with the computed rates"
    );
    let (original, _, _) = run(&["eval", EXAMPLE, "--format", "csv"]);
    assert_eq!(again, original);
}

#[test]
fn text_is_never_a_formula_and_terminals_get_no_binary() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "indicator,direction,target,actual,period\n=HYPERLINK(\"http://e\"),up,10,5,H30\n",
    )
    .unwrap();
    let mut book = workbook(&["eval", input.to_str().unwrap()]);
    let sheet = book.worksheet_range("Evaluations").unwrap();
    assert_eq!(
        sheet.get((1, 2)),
        Some(&Data::String("=HYPERLINK(\"http://e\")".into()))
    );
    assert_eq!(
        sheet.get((1, 5)),
        Some(&Data::String("H30".into())),
        "a period is not a date"
    );
    let formulas = book.worksheet_formula("Evaluations").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formulas");
}

#[test]
fn summary_check_and_report_workbooks() {
    let mut book = workbook(&["summary", EXAMPLE, "--by", "chapter,section"]);
    let sheet = book.worksheet_range("Summary").unwrap();
    assert_eq!(
        sheet.get((1, 2)),
        Some(&Data::Float(4.0)),
        "indicators counted as a number"
    );
    assert!(
        matches!(sheet.get((1, 8)), Some(Data::Float(v)) if (v - 0.907).abs() < 1e-9),
        "90.7%"
    );
    let mut book = workbook(&["check", EXAMPLE, "--period", "H30"]);
    let sheet = book.worksheet_range("check").unwrap();
    assert_eq!(sheet.height(), 4, "a header and the three unmet indicators");
    let mut book = workbook(&["report", EXAMPLE, "--lang", "ja"]);
    assert_eq!(book.sheet_names(), ["総括表"]);
    let merged = book.merge_cells_by_sheet_name("総括表").unwrap();
    assert!(
        merged.len() >= 5 * 7,
        "merged headers per section, reasons under them"
    );
    let sheet = book.worksheet_range("総括表").unwrap();
    let texts: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(texts.iter().any(|t| t == "第3節 工業"));
    assert!(
        texts.iter().any(|t| t.starts_with("中小企業が多い")),
        "the reasons under their section"
    );
}

#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    let command = format!("{} eval {EXAMPLE} --format xlsx", env!("CARGO_BIN_EXE_plancheck"));
    let Some(output) = in_terminal(&command) else {
        return;
    };
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(
        screen.contains("--format xlsx writes a binary workbook: give a file with -o FILE"),
        "{screen}"
    );
    assert_eq!(output.status.code(), Some(2));
    // Into a pipe (-o -) it is written.
    let output = plancheck()
        .args(["eval", EXAMPLE, "--format", "xlsx", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.starts_with(b"PK"), "a zip container on the pipe");
}

/// LibreOffice (Debian's `libreoffice-calc-nogui`, installed by
/// scripts/test.sh) and poppler's `pdftoppm`, when both are here.
fn spreadsheet_program() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| names.iter().map(PathBuf::from).find(|path| path.exists());
    Some((
        find(&["/usr/bin/soffice", "/usr/bin/libreoffice"])?,
        find(&["/usr/bin/pdftoppm"])?,
    ))
}

/// A real spreadsheet program opens the report workbook, shows the digits
/// plancheck prints (its own CSV export of the formatted cells), prints it
/// to PDF and the PDF to a PNG picture.
#[test]
fn a_spreadsheet_program_opens_the_report_workbook() {
    let Some((office, pdftoppm)) = spreadsheet_program() else {
        assert!(
            std::env::var_os("PLANCHECK_SKIP_SPREADSHEET").is_some(),
            "no LibreOffice: install Debian's `libreoffice-calc-nogui` and `poppler-utils` \
             (bash scripts/test.sh does), or set PLANCHECK_SKIP_SPREADSHEET=1"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("report.xlsx");
    assert_eq!(write_workbook(&book, &["report", EXAMPLE, "--lang", "ja"]), 0);
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let convert_file = |book: &Path, to: &str| {
        let status = std::process::Command::new(&office)
            .args([&profile, "--headless", "--convert-to", to, "--outdir"])
            .arg(dir.path())
            .arg(book)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    let convert = |to: &str| convert_file(&book, to);
    // Comma-separated, UTF-8, cells as shown (formatted), not as stored.
    convert("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true");
    let shown = std::fs::read_to_string(dir.path().join("report.csv")).unwrap();
    assert!(
        shown.contains("認定農業者数,人,↗,193,225,182,80.9%,,,,225"),
        "{shown}"
    );
    assert!(
        shown.contains("市内小売業の年間販売額,億円,↗,\"2,900\",\"3,000\",\"2,574\",85.8%,\"2,800\",\"3,085\",100.0%,\"2,800\""),
        "{shown}"
    );
    // Every rate plancheck prints is on its indicator's line, as shown.
    let (csv, _, _) = run(&["eval", EXAMPLE, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        let (name, rate) = (&record[2], &record[9]);
        if rate.is_empty() {
            continue;
        }
        let line = shown
            .lines()
            .find(|line| line.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not in {shown}"));
        assert!(
            line.contains(&format!("{rate}%")),
            "{name}: {rate}% not in {line}"
        );
    }
    // The evaluations workbook too: its first sheet, as shown.
    let evaluations = dir.path().join("評価.xlsx");
    assert_eq!(
        write_workbook(&evaluations, &["eval", EXAMPLE, "--lang", "ja"]),
        0
    );
    convert_file(
        &evaluations,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
    );
    let shown_eval = std::fs::read_to_string(dir.path().join("評価.csv")).unwrap();
    assert!(
        shown_eval
            .starts_with("章,節,目標指標,単位,方向,期間,策定時,目標値,実績値,達成率,判定,注記,判定記号"),
        "{shown_eval}"
    );
    assert!(
        shown_eval.contains("認定農業者数,人,増加,H26,193,225,182,80.9%,未達成,,✗"),
        "{shown_eval}"
    );
    convert("pdf");
    let pdf = std::fs::read(dir.path().join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let status = std::process::Command::new(&pdftoppm)
        .args(["-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(dir.path().join("report.pdf"))
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read(dir.path().join("page.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a picture of the first page");
}

/// A summary workbook holds the CSV's cells: counts as numbers, shares and
/// rates as percent-formatted fractions, names as text.
#[test]
fn summary_workbook_matches_the_csv_cell_by_cell() {
    for lang in ["en", "ja"] {
        let args = ["summary", EXAMPLE, "--by", "chapter,section", "--lang", lang];
        let mut book = workbook(&args);
        let name = book.sheet_names()[0].clone();
        let sheet = book.worksheet_range(&name).unwrap();
        let styles = book.worksheet_style(&name).unwrap();
        let mut all = args.to_vec();
        all.extend(["--format", "csv"]);
        let (csv, _, _) = run(&all);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(sheet.height(), records.len());
        let header = &records[0];
        for (r, record) in records.iter().enumerate() {
            for (c, text) in record.iter().enumerate() {
                let cell = sheet.get((r, c)).unwrap_or(&Data::Empty);
                let column = &header[c];
                let percent = [
                    "met_share",
                    "mean_achievement",
                    "min_achievement",
                    "達成割合",
                    "平均達成率",
                    "最低達成率",
                ]
                .contains(&column);
                match cell {
                    Data::String(s) => assert_eq!(s, text, "row {r} column {c}"),
                    Data::Empty => assert_eq!(text, "", "row {r} column {c}"),
                    Data::Float(v) if r > 0 && percent => {
                        assert!((v * 100.0 - text.parse::<f64>().unwrap()).abs() < 1e-9);
                        let format = styles
                            .get((r as u32, c as u32))
                            .and_then(|s| s.number_format.clone())
                            .unwrap();
                        assert_eq!(format.format_code, "0.0%", "{column}");
                    }
                    Data::Float(v) if r > 0 => assert_eq!(*v, text.parse::<f64>().unwrap()),
                    other => panic!("row {r} column {c}: {other:?} for {text:?}"),
                }
            }
        }
    }
}
