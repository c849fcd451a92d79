//! The number parser: any text either parses or gives a message naming it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plancheck::read::parse_number;

fuzz_target!(|text: &str| {
    let (cell, unit) = text.split_once('\t').unwrap_or((text, ""));
    match parse_number(cell, unit) {
        Ok(Some(value)) => assert!(value.scale() <= 9),
        Ok(None) => assert!(cell.chars().all(char::is_whitespace)),
        Err(message) => assert!(!message.is_empty()),
    }
});
