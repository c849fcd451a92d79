//! The plan's own PDF as input (issue 31): the reference's 総括表 printed
//! to PDF by three producers (Chromium, LibreOffice, reportlab with a font
//! it does not embed), across pages with the header repeated, turned by
//! /Rotate and drawn sideways — each must give the example's 16 rates with
//! no options, exactly as the table's CSV export does. The fixtures come
//! from `scripts/make-pdfs.py`.

mod common;

use common::run;

const DIR: &str = "tests/fixtures/pdf";

fn eval_csv(file: &str, extra: &[&str]) -> (String, String, i32) {
    let mut args = vec!["eval", file, "--format", "csv"];
    args.extend_from_slice(extra);
    run(&args)
}

/// The rates of the as-published table, read from its CSV export.
fn from_csv() -> String {
    let (stdout, stderr, code) = eval_csv("tests/fixtures/published/as-published.csv", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 17, "{stdout}");
    stdout
}

#[test]
fn every_producers_pdf_reads_as_the_csv_does_with_no_options() {
    let want = from_csv();
    for name in [
        "chromium.pdf",
        "libreoffice.pdf",
        "reportlab.pdf",
        "two-pages.pdf",
        "continued.pdf",
        "rotated.pdf",
        "sideways.pdf",
    ] {
        let (stdout, stderr, code) = eval_csv(&format!("{DIR}/{name}"), &[]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{name}");
        assert_eq!(stdout, want, "{name}");
    }
    let (stdout, _, code) = eval_csv("examples/tokorozawa-ch5-as-published.pdf", &[]);
    assert_eq!((code, stdout), (0, want));
}

/// Other publishers' tables (no direction column, values with their years,
/// the final target on the line under, marks and letter grades), printed
/// by Chromium and LibreOffice: each reads as its CSV export does.
#[test]
fn publishers_tables_read_from_pdf_as_from_csv() {
    for name in ["environment-plan", "white-paper", "health-plan"] {
        let (want, _, code) = eval_csv(&format!("tests/fixtures/publishers/{name}.csv"), &[]);
        assert_eq!(code, 0, "{name}");
        for producer in ["chromium", "libreoffice"] {
            let file = format!("{DIR}/publishers/{name}-{producer}.pdf");
            let (got, stderr, code) = eval_csv(&file, &[]);
            assert_eq!((code, stderr.as_str()), (0, ""), "{file}");
            assert_eq!(got, want, "{file}");
        }
    }
}

#[test]
fn the_printed_rates_are_verified_from_the_pdf() {
    // Every printed rate (86% for 85.8% included, at the places printed)
    // agrees with the computed one, read from the PDF's 達成率 cells.
    for name in ["libreoffice.pdf", "reportlab.pdf"] {
        let (_, stderr, code) = eval_csv(&format!("{DIR}/{name}"), &["--verify-published"]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{name}");
    }
    // A printed rate that differs is found in the PDF too.
    let (_, stderr, code) = eval_csv(&format!("{DIR}/bad-rate.pdf"), &["--verify-published"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "bad-rate.pdf[p.1]!H4: 達成率(H26): published rate 90.9% differs from the computed 80.9%"
        ),
        "{stderr}"
    );
}

#[test]
fn every_subcommand_reads_a_pdf() {
    let file = format!("{DIR}/chromium.pdf");
    let (summary, stderr, code) = run(&["summary", &file, "--by", "section", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("pdf_summary_by_section", summary);
    let (_, _, code) = run(&["check", &file]);
    assert_eq!(code, 1, "the example has unmet targets");
    let (report, _, code) = run(&["report", &file, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(report.contains("第2節 商業"), "{report}");
}

#[test]
fn pages_choose_what_is_read() {
    let file = format!("{DIR}/two-pages.pdf");
    let (all, _, _) = eval_csv(&file, &[]);
    let (second, stderr, code) = eval_csv(&file, &["--pages", "2"]);
    assert_eq!(code, 0, "{stderr}");
    // Page 2 holds sections 3 and 4: its rows, under its repeated header.
    assert!(second.lines().count() > 2 && second.lines().count() < all.lines().count());
    assert!(
        second.contains("製造品出荷額") && !second.contains("認定農業者数"),
        "{second}"
    );
    let (tail, _, code) = eval_csv(&file, &["--page", "2-"]);
    assert_eq!(code, 0);
    assert!(
        tail.contains("年間就職者数") && !tail.contains("認定農業者数"),
        "{tail}"
    );
    let (_, stderr, code) = eval_csv(&file, &["--pages", "7"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--pages 7: the PDF has 3 pages"), "{stderr}");
    let (_, stderr, code) = eval_csv(&file, &["--pages", "3-1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the last page comes before the first"),
        "{stderr}"
    );
    let (_, stderr, code) = eval_csv(&file, &["--sheet", "p.1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is a PDF, not a workbook (--pages chooses its pages)"),
        "{stderr}"
    );
    let (_, stderr, code) = eval_csv("tests/fixtures/published/as-published.xlsx", &["--pages", "1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is a workbook, not a PDF (--sheet chooses its sheets)"),
        "{stderr}"
    );
    let (_, stderr, code) = eval_csv("tests/fixtures/published/as-published.csv", &["--pages", "1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--pages 1: tests/fixtures/published/as-published.csv is not a PDF"),
        "{stderr}"
    );
}

#[test]
fn an_error_names_the_page_and_the_grids_cell() {
    let (stdout, stderr, code) = eval_csv(&format!("{DIR}/bad-cell.pdf"), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("tests/fixtures/pdf/bad-cell.pdf[p.1]!G4: 実績値(H26): \"百八十二\" is not a number"),
        "{stderr}"
    );
    // The other 15 rows are still read.
    assert_eq!(stdout.lines().count(), 16, "{stdout}");
}

#[test]
fn pdfs_it_cannot_read_are_refused_with_the_reason() {
    let (_, stderr, code) = eval_csv(&format!("{DIR}/unruled.pdf"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no page has a ruled table"), "{stderr}");
    let (_, stderr, code) = eval_csv(&format!("{DIR}/no-text.pdf"), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the PDF has no text (a scanned page?)"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged.pdf");
    std::fs::write(&damaged, b"%PDF-1.7\nnot a PDF at all\n").unwrap();
    let (_, stderr, code) = eval_csv(damaged.to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read the PDF"), "{stderr}");
}

#[test]
fn a_damaged_pdf_never_crashes() {
    // Every prefix and a spread of corrupted bytes of a real PDF: a clear
    // refusal or a reading, never a panic.
    let bytes = std::fs::read(format!("{DIR}/reportlab.pdf")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.pdf");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..24 {
        let mut damaged = bytes[..bytes.len() * (round + 1) / 25].to_vec();
        for _ in 0..round {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % damaged.len();
            damaged[at] = (seed >> 32) as u8;
        }
        std::fs::write(&path, &damaged).unwrap();
        let (_, stderr, code) = eval_csv(path.to_str().unwrap(), &[]);
        assert!(code == 0 || code == 2, "round {round}: exit {code}: {stderr}");
        assert!(!stderr.contains("panicked"), "round {round}: {stderr}");
    }
}
