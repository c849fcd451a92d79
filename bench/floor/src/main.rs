//! `plancheck eval --format csv`'s job, as bare as it goes: read each
//! record, parse target and actual exactly (thousands separators dropped),
//! rate = actual ÷ target (target ÷ actual when lower is better), capped at
//! 100, rounded half-up to one place in integer arithmetic; met / unmet /
//! pending; write the row. No header detection, no fill-down, no errors
//! named, no allocation per row: the floor.

use std::io::{self, BufWriter, Write};

/// A decimal as written: digits and the places after the point.
#[derive(Clone, Copy)]
struct Number {
    mantissa: i128,
    scale: u32,
}

fn number(bytes: &[u8]) -> Option<Number> {
    let (mut mantissa, mut scale, mut seen, mut point, mut negative) = (0i128, 0u32, false, false, false);
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
                scale += u32::from(point);
                seen = true;
            }
            b',' => {}
            b'.' if !point => point = true,
            b'-' if !seen && !negative => negative = true,
            _ => return None,
        }
    }
    seen.then_some(Number {
        mantissa: if negative { -mantissa } else { mantissa },
        scale,
    })
}

fn write_number(out: &mut Vec<u8>, n: Number) {
    let mut digits = itoa_i128(n.mantissa.unsigned_abs());
    if n.mantissa < 0 {
        out.push(b'-');
    }
    let scale = n.scale as usize;
    while digits.len() <= scale {
        digits.insert(0, b'0');
    }
    let cut = digits.len() - scale;
    out.extend_from_slice(&digits[..cut]);
    if scale > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[cut..]);
    }
}

fn itoa_i128(mut v: u128) -> Vec<u8> {
    let mut buf = Vec::with_capacity(40);
    loop {
        buf.push(b'0' + (v % 10) as u8);
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.reverse();
    buf
}

/// num ÷ den as a percent in tenths, rounded half-up (both positive).
fn tenths(num: Number, den: Number) -> Option<i128> {
    // (n / 10^sn) / (d / 10^sd) × 1000 = n × 10^sd × 1000 / (d × 10^sn)
    let top = num.mantissa.checked_mul(10i128.checked_pow(den.scale)?)?.checked_mul(1000)?;
    let bottom = den.mantissa.checked_mul(10i128.checked_pow(num.scale)?)?;
    Some((2 * top + bottom) / (2 * bottom))
}

fn main() -> io::Result<()> {
    let path = std::env::args().nth(1).expect("usage: plancheck-bench-floor FILE");
    let mut reader = csv::ReaderBuilder::new().from_path(&path)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    out.write_all(b"chapter,section,indicator,unit,direction,period,baseline,target,actual,achievement,status\n")?;
    let mut record = csv::ByteRecord::new();
    let mut line: Vec<u8> = Vec::with_capacity(256);
    while reader.read_byte_record(&mut record)? {
        line.clear();
        for field in [0, 1, 2, 3, 4, 8] {
            line.extend_from_slice(&record[field]);
            line.push(b',');
        }
        let down = &record[4] == b"down";
        let (baseline, target, actual) = (number(&record[5]), number(&record[6]), number(&record[7]));
        for value in [baseline, target, actual] {
            if let Some(value) = value {
                write_number(&mut line, value);
            }
            line.push(b',');
        }
        match (target, actual) {
            (Some(t), Some(a)) if t.mantissa > 0 && a.mantissa > 0 => {
                // Met is decided exactly; an unmet row never prints 100.
                let (lhs, rhs) = (a.mantissa * 10i128.pow(t.scale), t.mantissa * 10i128.pow(a.scale));
                let met = if down { lhs <= rhs } else { lhs >= rhs };
                let rate = if down { tenths(t, a) } else { tenths(a, t) }.unwrap_or(0);
                let rate = if met { 1000 } else { rate.min(999) };
                let _ = write!(line, "{}.{}", rate / 10, rate % 10);
                line.extend_from_slice(if met { b",met\n" } else { b",unmet\n" });
            }
            _ => line.extend_from_slice(b",pending\n"),
        }
        out.write_all(&line)?;
    }
    out.flush()
}
