//! The header matcher: any header row maps or says what is wrong.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plancheck::read::{Columns, Layout};

fuzz_target!(|text: &str| {
    let headers: Vec<&str> = text.split(',').collect();
    for layout in [None, Some(Layout::Long), Some(Layout::Wide)] {
        if let Err(message) = Columns::from_headers(headers.iter().copied(), layout) {
            assert!(!message.is_empty());
        }
    }
});
