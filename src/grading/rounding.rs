//! How a group's mean of points is rounded before it becomes a letter:
//! half-up (四捨五入), half-down (五捨六入: a half rounds down, as the
//! national health plan rounds its items' means, 3.5 → 3), half-even.

use rust_decimal::{Decimal, RoundingStrategy};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    HalfUp,
    HalfDown,
    HalfEven,
}

impl Rounding {
    pub const NAMES: &'static str = "half-up, half-down, half-even";

    pub fn parse(text: &str) -> Option<Rounding> {
        match text {
            "half-up" | "四捨五入" => Some(Rounding::HalfUp),
            "half-down" | "五捨六入" => Some(Rounding::HalfDown),
            "half-even" => Some(Rounding::HalfEven),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half-up",
            Rounding::HalfDown => "half-down",
            Rounding::HalfEven => "half-even",
        }
    }

    /// `value` rounded to a whole number.
    pub fn round(self, value: Decimal) -> Decimal {
        let strategy = match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        value.round_dp_with_strategy(0, strategy)
    }
}
