//! A PDF, read and evaluated: no panic on any bytes. Inputs start as a PDF
//! does, so that every run reaches the PDF reader (`read/pdf`); seed the
//! corpus with tests/fixtures/pdf/*.pdf. Under the fuzzer a panic aborts,
//! so the reader's own catch of an interpreter panic hides nothing here.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plancheck::evaluate::{Settings, evaluate};
use plancheck::read::{IndicatorReader, Input, ReadOptions};

fuzz_target!(|bytes: &[u8]| {
    let mut pdf = b"%PDF-".to_vec();
    pdf.extend_from_slice(bytes.strip_prefix(b"%PDF-").unwrap_or(bytes));
    let Ok(mut reader) = IndicatorReader::sniff(Input::from_bytes("fuzz.pdf", pdf), ReadOptions::default())
    else {
        return;
    };
    while let Ok(Some(row)) = reader.next_row() {
        match row {
            Ok(indicator) => {
                let _ = evaluate(indicator, &Settings::default());
            }
            Err(errors) => assert!(!errors.is_empty()),
        }
    }
});
