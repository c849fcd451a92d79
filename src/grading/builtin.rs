//! The schemes shipped with plancheck: the files under `schemes/`, each
//! with its source in a comment, embedded so that `--grades health21`
//! needs no file and `plancheck grades health21` prints one to start from.

use super::{Scheme, parse};

/// (name, one line on what it is, the file as shipped).
pub const SCHEMES: [(&str, &str, &str); 5] = [
    (
        "health21",
        "A B B* C D E against the baseline (5% rule), a national health plan's final evaluation",
        include_str!("../../schemes/health21.toml"),
    ),
    (
        "marks",
        "◎ ○ △ ▲ − with a year's target and a final target, an environment white paper",
        include_str!("../../schemes/marks.toml"),
    ),
    (
        "bands-90-80",
        "◎ ○ △ × on the rate (100/90/80), a prefecture's environment plan",
        include_str!("../../schemes/bands-90-80.toml"),
    ),
    (
        "sevenpoint",
        "7 to 1 points on the rate (100/90/80/70/60/50), a city's policy evaluation",
        include_str!("../../schemes/sevenpoint.toml"),
    ),
    (
        "baseline-band",
        "S A B C − against the baseline, B within 10% below it only, a town's mid-term review",
        include_str!("../../schemes/baseline-band.toml"),
    ),
];

/// The file of the built-in scheme `name`.
pub fn text(name: &str) -> Option<&'static str> {
    SCHEMES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, text)| *text)
}

/// The built-in scheme `name`, read.
pub fn scheme(name: &str) -> Option<Result<Scheme, String>> {
    text(name).map(|text| parse(text, &format!("schemes/{name}.toml")))
}
