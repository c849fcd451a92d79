//! The bytes of output for spreadsheets: a UTF-8 BOM so that Excel opens
//! Japanese CSV correctly (`--bom`), or Shift_JIS for old Excel
//! (`--output-encoding sjis`).

use std::io::{self, Write};

use encoding_rs::SHIFT_JIS;

use crate::read::Encoding;

/// Wraps `out` to write in `encoding`, starting with a BOM if asked.
pub fn encoded(mut out: Box<dyn Write>, encoding: Encoding, bom: bool) -> io::Result<Box<dyn Write>> {
    match encoding {
        Encoding::Utf8 => {
            if bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            Ok(out)
        }
        Encoding::ShiftJis => Ok(Box::new(ShiftJisWriter {
            out,
            pending: Vec::new(),
        })),
    }
}

/// Encodes UTF-8 written to it as Shift_JIS. A character Shift_JIS cannot
/// hold is an error: encoding_rs would write `&#…;` in its place, a silent
/// change of the data.
struct ShiftJisWriter {
    out: Box<dyn Write>,
    /// The start of a character split between two writes.
    pending: Vec<u8>,
}

impl Write for ShiftJisWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        let complete = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "output is not UTF-8")),
        };
        let text = std::str::from_utf8(&self.pending[..complete]).unwrap_or_default();
        let windows;
        let text = if text.chars().any(|c| as_windows_writes(c) != c) {
            windows = text.chars().map(as_windows_writes).collect::<String>();
            windows.as_str()
        } else {
            text
        };
        let (encoded, _, unmappable) = SHIFT_JIS.encode(text);
        if unmappable {
            let character = text
                .chars()
                .find(|c| SHIFT_JIS.encode(c.encode_utf8(&mut [0; 4])).2)
                .unwrap_or('\u{fffd}');
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "\"{character}\" (U+{:04X}) cannot be written in Shift_JIS; write UTF-8 instead \
                     (--bom lets Excel open it)",
                    character as u32
                ),
            ));
        }
        self.out.write_all(&encoded)?;
        self.pending.drain(..complete);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The character whose Shift_JIS bytes Windows writes for `c`: code page
/// 932 holds these at the code points of their full-width look-alikes
/// (〜 as ～, ‖ as ∥, ¢ as ￠), which the WHATWG encoder knows by those
/// only. Read back, the bytes are the look-alikes, as in Excel.
fn as_windows_writes(c: char) -> char {
    match c {
        '\u{301c}' => '\u{ff5e}', // 〜 WAVE DASH → ～
        '\u{2016}' => '\u{2225}', // ‖ DOUBLE VERTICAL LINE → ∥
        '\u{2212}' => '\u{ff0d}', // − MINUS SIGN → －
        '\u{2014}' => '\u{2015}', // — EM DASH → ―
        '\u{00a2}' => '\u{ffe0}', // ¢ → ￠
        '\u{00a3}' => '\u{ffe1}', // £ → ￡
        '\u{00ac}' => '\u{ffe2}', // ¬ → ￢
        '\u{00a6}' => '\u{ffe4}', // ¦ → ￤
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn shift_jis_across_split_writes() {
        let sink = Shared::default();
        let mut out = encoded(Box::new(sink.clone()), Encoding::ShiftJis, false).unwrap();
        let text = "達成率,未達成\n".as_bytes();
        out.write_all(&text[..4]).unwrap();
        out.write_all(&text[4..]).unwrap();
        let bytes = sink.0.lock().unwrap().clone();
        assert_eq!(SHIFT_JIS.decode(&bytes).0, "達成率,未達成\n");
    }

    #[test]
    fn characters_windows_maps_are_written_as_windows_writes_them() {
        for (given, read_back) in [
            ("〜", "～"),
            ("‖", "∥"),
            ("¢", "￠"),
            ("£", "￡"),
            ("¬", "￢"),
            ("−", "－"),
            ("—", "―"),
            ("¦", "￤"),
        ] {
            let sink = Shared::default();
            let mut out = encoded(Box::new(sink.clone()), Encoding::ShiftJis, false).unwrap();
            out.write_all(format!("10{given}20").as_bytes()).unwrap();
            let bytes = sink.0.lock().unwrap().clone();
            assert_eq!(SHIFT_JIS.decode(&bytes).0, format!("10{read_back}20"), "{given}");
        }
    }

    #[test]
    fn unmappable_characters_are_an_error() {
        let mut out = encoded(Box::new(Shared::default()), Encoding::ShiftJis, false).unwrap();
        let error = out.write_all("😀".as_bytes()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("(U+1F600) cannot be written in Shift_JIS")
        );
    }

    #[test]
    fn bom_comes_first() {
        let sink = Shared::default();
        let mut out = encoded(Box::new(sink.clone()), Encoding::Utf8, true).unwrap();
        out.write_all(b"a").unwrap();
        assert_eq!(sink.0.lock().unwrap().as_slice(), b"\xEF\xBB\xBFa");
    }
}
