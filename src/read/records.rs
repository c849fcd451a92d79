//! Records and their cells: the next record of a CSV stream or a loaded
//! sheet, and one record's cells decoded (strictly: a byte that would print
//! as mojibake is an error naming the cell, never read around).

use csv::ByteRecord;

use super::encoding::Encoding;
use super::sheet::SheetRows;
use super::source::CsvRecords;

/// The longest cell read (1 MiB): longer ones are almost always an unclosed
/// quote swallowing the rest of a file, and would be copied into every output.
pub(super) const MAX_CELL: usize = 1 << 20;

/// Records from a CSV stream or from a loaded sheet.
pub(super) enum Records {
    Csv(CsvRecords),
    Sheet(SheetRows),
    /// Handed over to blocks read on other threads (`split`).
    Split,
}

impl Records {
    /// Reads the next record into `record`, and returns its line (a sheet's
    /// row number); `None` at the end.
    pub(super) fn read(&mut self, record: &mut ByteRecord) -> Result<Option<u64>, csv::Error> {
        match self {
            Records::Csv(csv) => {
                if !csv.read_byte_record(record)? {
                    return Ok(None);
                }
                Ok(Some(
                    record.position().map_or(0, |p| csv.get_mut().line_at(p.byte())),
                ))
            }
            Records::Split => Ok(None),
            Records::Sheet(rows) => match rows.next_row() {
                Some((cells, line)) => {
                    record.clear();
                    cells.iter().for_each(|cell| record.push_field(cell.as_bytes()));
                    Ok(Some(line))
                }
                None => Ok(None),
            },
        }
    }
}

/// The cells of one record as text.
#[derive(Clone, Copy)]
pub(super) struct Cells<'r> {
    pub record: &'r ByteRecord,
    /// The record's bytes as text when all of them are UTF-8 (and no NUL):
    /// validated once per record, so that its cells are slices of it rather
    /// than each checked again.
    pub text: Option<&'r str>,
    pub encoding: Encoding,
}

impl<'r> Cells<'r> {
    /// The text of cell `position`, untrimmed, when the record is valid
    /// text and the cell a whole part of it; `None` sends the cell through
    /// `decode_cell`, which explains what is wrong.
    fn cell_text(&self, position: usize) -> Option<&'r str> {
        let text = self.text?.get(self.record.range(position)?)?;
        (text.len() <= MAX_CELL).then_some(text)
    }

    /// Cell `at`, trimmed; "" when the record has no such cell, and the
    /// problem when its bytes are not text.
    #[inline]
    pub fn cell(&self, at: usize) -> Result<&'r str, String> {
        // ASCII spaces go before decoding; others (全角 spaces) only if present.
        let decoded = match self.cell_text(at) {
            Some(text) => Ok(text.trim_ascii()),
            None => match self.record.get(at) {
                Some(bytes) => decode_cell(bytes.trim_ascii(), self.encoding),
                None => return Ok(""),
            },
        };
        match decoded {
            Ok(text) if may_have_space_at_an_end(text) => Ok(text.trim()),
            other => other,
        }
    }

    /// Decodes `bytes` (of this record) as the input's encoding says.
    pub fn decode(&self, bytes: &'r [u8]) -> Result<&'r str, String> {
        decode_cell(bytes, self.encoding)
    }
}

/// Whether `text`, already without ASCII spaces at its ends, may still
/// start or end with a space (`char::is_whitespace`: a vertical tab, or a
/// non-ASCII space such as the full-width U+3000). Told from the bytes at
/// its ends: decoding the characters there took a quarter of reading a
/// cell. Every such space is U+0085 or U+00A0 (two bytes, led by 0xC2) or
/// in U+1680–U+3000 (three bytes, led by 0xE1, 0xE2 or 0xE3).
pub(super) fn may_have_space_at_an_end(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let leads_a_space = |b: u8| matches!(b, 0x0B | 0xC2 | 0xE1..=0xE3);
    // The last character starts one to three bytes from the end.
    let last_starts = bytes.len().saturating_sub(3)..bytes.len();
    leads_a_space(first)
        || last == 0x0B
        || (last >= 0x80
            && bytes[last_starts]
                .iter()
                .any(|&b| matches!(b, 0xC2 | 0xE1..=0xE3)))
}

/// Decodes one cell as UTF-8, refusing bytes that would print as mojibake.
pub(super) fn decode_cell(bytes: &[u8], encoding: Encoding) -> Result<&str, String> {
    if bytes.len() > MAX_CELL {
        return Err(format!(
            "the cell is {} bytes long; plancheck reads cells of up to {MAX_CELL} bytes (is a quote unclosed?)",
            bytes.len()
        ));
    }
    if bytes.contains(&0) {
        return Err(
            "contains a NUL byte (is this a UTF-16 or binary file? save it as CSV UTF-8)".to_string(),
        );
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        format!(
            "invalid UTF-8 after \"{valid}\" (byte {}); save the file as CSV UTF-8, or pass \
             --encoding sjis if it is Shift_JIS",
            e.valid_up_to() + 1
        )
    })?;
    if encoding == Encoding::ShiftJis && text.contains('\u{fffd}') {
        let valid = text.split('\u{fffd}').next().unwrap_or("");
        return Err(format!("bytes after \"{valid}\" are not valid Shift_JIS"));
    }
    Ok(text)
}
