//! A whole file, read and evaluated: no panic, and every bad row says why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plancheck::evaluate::{Settings, evaluate};
use plancheck::indicator::MethodChoice;
use plancheck::read::{IndicatorReader, Input, ReadOptions};

fuzz_target!(|bytes: &[u8]| {
    let Ok(mut reader) = IndicatorReader::new(
        Input::from_bytes("fuzz.csv", bytes.to_vec()),
        ReadOptions::default(),
    ) else {
        return;
    };
    let settings = Settings {
        method: MethodChoice::Auto,
        trajectory: true,
        ..Settings::default()
    };
    while let Ok(Some(row)) = reader.next_row() {
        match row {
            Ok(indicator) => {
                if let Ok(evaluation) = evaluate(indicator, &settings)
                    && let Some(achievement) = evaluation.achievement
                {
                    assert!(!achievement.shown.is_sign_negative() || achievement.shown.is_zero());
                }
            }
            Err(errors) => assert!(!errors.is_empty()),
        }
    }
});
