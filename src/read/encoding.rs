//! Text encodings of input files: UTF-8 (with or without BOM) and
//! Shift_JIS / CP932, which is what Excel's plain "CSV" writes on Japanese
//! Windows. The choice is made once, from the first block of the file, and
//! the rest is decoded as a stream.

use std::io::{self, Read};

use anyhow::bail;
use encoding_rs::SHIFT_JIS;
use encoding_rs_io::DecodeReaderBytesBuilder;

/// An input encoding, given with `--encoding` or detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Shift_JIS as Windows writes it (code page 932).
    #[value(name = "sjis", aliases = ["shift_jis", "shift-jis", "cp932", "ms932", "windows-31j"])]
    ShiftJis,
}

/// How much of a file is looked at to choose its encoding.
const SNIFF: usize = 64 * 1024;

/// Wraps `reader` so that it yields UTF-8, choosing the encoding from the
/// first block unless one is `forced`.
pub fn decode(
    name: &str,
    mut reader: Box<dyn Read>,
    forced: Option<Encoding>,
) -> anyhow::Result<(Box<dyn Read>, Encoding)> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut reader).take(SNIFF as u64).read_to_end(&mut head)?;
    let encoding = match forced {
        Some(encoding) => encoding,
        None => detect(name, &head)?,
    };
    let whole = io::Cursor::new(head).chain(reader);
    let decoded: Box<dyn Read> = match encoding {
        Encoding::Utf8 => Box::new(whole),
        // A UTF-8 BOM wins over a forced Shift_JIS: Excel's "CSV UTF-8" has one.
        Encoding::ShiftJis => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(SHIFT_JIS))
                .bom_override(true)
                .strip_bom(true)
                .build(whole),
        ),
    };
    Ok((decoded, encoding))
}

fn detect(name: &str, head: &[u8]) -> anyhow::Result<Encoding> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok(Encoding::Utf8);
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        bail!("{name}: the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\"");
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        bail!(
            "{name}: this is a spreadsheet workbook, not CSV; name it .xlsx, .xls or .ods so that \
             plancheck reads it as one"
        );
    }
    match std::str::from_utf8(head) {
        Ok(_) => return Ok(Encoding::Utf8),
        // Cut inside a character at the end of the block: still UTF-8.
        Err(error) if error.error_len().is_none() && head.len() == SNIFF => return Ok(Encoding::Utf8),
        Err(_) => {}
    }
    if is_shift_jis(head) {
        return Ok(Encoding::ShiftJis);
    }
    // Japanese text read fine as UTF-8 before the bad byte: a UTF-8 file with
    // a damaged cell, which the reader names, rather than a file to refuse.
    let valid = std::str::from_utf8(head).err().map_or(0, |e| e.valid_up_to());
    if !head[..valid].is_ascii() {
        return Ok(Encoding::Utf8);
    }
    let offset = std::str::from_utf8(head).err().map_or(0, |e| e.valid_up_to());
    bail!(
        "{name}: the file is neither UTF-8 nor Shift_JIS (first byte that is not UTF-8 at offset {offset}); \
         save it as \"CSV UTF-8\", or name its encoding with --encoding"
    )
}

fn is_shift_jis(head: &[u8]) -> bool {
    let decodes = |bytes: &[u8]| {
        SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
    };
    // The block may end between the two bytes of a character.
    decodes(head) || (head.len() == SNIFF && decodes(&head[..head.len() - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detected(bytes: &[u8]) -> anyhow::Result<Encoding> {
        decode("t.csv", Box::new(io::Cursor::new(bytes.to_vec())), None).map(|(_, e)| e)
    }

    fn decoded(bytes: &[u8], forced: Option<Encoding>) -> String {
        let (mut reader, _) = decode("t.csv", Box::new(io::Cursor::new(bytes.to_vec())), forced).unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn detects_utf8_with_and_without_bom() {
        assert_eq!(detected("目標値,実績値\n".as_bytes()).unwrap(), Encoding::Utf8);
        assert_eq!(detected(b"\xEF\xBB\xBFa,b\n").unwrap(), Encoding::Utf8);
        assert_eq!(detected(b"plain ascii\n").unwrap(), Encoding::Utf8);
    }

    #[test]
    fn detects_and_decodes_shift_jis() {
        let (bytes, _, _) = SHIFT_JIS.encode("目標値,実績値\n人,億円\n");
        assert_eq!(detected(&bytes).unwrap(), Encoding::ShiftJis);
        assert_eq!(decoded(&bytes, None), "目標値,実績値\n人,億円\n");
    }

    #[test]
    fn a_utf8_bom_wins_over_forced_shift_jis() {
        assert_eq!(
            decoded("\u{feff}目標値\n".as_bytes(), Some(Encoding::ShiftJis)),
            "目標値\n"
        );
    }

    #[test]
    fn utf8_with_a_damaged_cell_is_still_utf8() {
        assert_eq!(
            detected(
                "目標値\n"
                    .as_bytes()
                    .iter()
                    .chain(b"a\xff\n")
                    .copied()
                    .collect::<Vec<u8>>()
                    .as_slice()
            )
            .unwrap(),
            Encoding::Utf8
        );
    }

    #[test]
    fn refuses_what_is_neither() {
        // EUC-JP "目標" is not valid UTF-8, and not valid Shift_JIS either.
        let error = detected(b"\xCC\xDC\xC9\xB8,\xFD\xFE\n").unwrap_err().to_string();
        assert!(error.contains("neither UTF-8 nor Shift_JIS"), "{error}");
        let error = detected(b"\xFF\xFEa\x00").unwrap_err().to_string();
        assert!(error.contains("UTF-16"));
        let error = detected(b"PK\x03\x04rest").unwrap_err().to_string();
        assert!(error.contains("spreadsheet workbook"));
    }
}
