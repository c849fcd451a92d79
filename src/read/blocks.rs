//! Splitting a CSV stream into blocks of whole records, so that several
//! cores can read it, each block on its own.
//!
//! A block ends just after a line feed that lies outside quotes. Quotes are
//! followed the way the CSV parser (csv-core, default dialect) follows them:
//! a `"` opens a quoted field only at the start of a field; inside one, `""`
//! is a quote and a lone `"` closes it; elsewhere `"` is an ordinary byte. So
//! a line break inside a quoted cell is never a boundary, and every split is
//! proven from the start of the input rather than guessed. Where no boundary
//! is found (a file with CR-only line ends, one huge quoted cell) the block
//! simply grows: correct, only less parallel.

use std::io::{self, Read};

use super::lines::{MAX_LINE, count_byte, count_crlf};

/// Forces the block path with blocks of this many bytes, for tests that
/// compare it with reading on one thread (the size is otherwise `BLOCK`,
/// and small inputs are read on one thread).
pub const BLOCK_SIZE_VAR: &str = "PLANCHECK_BLOCK_SIZE";

/// How many threads read blocks; 1 reads on one thread (for tests).
pub const THREADS_VAR: &str = "PLANCHECK_THREADS";

/// The size blocks are cut at (at the last record boundary within it, or
/// after the first record when one is longer). Small: a block's rows, once
/// read and evaluated, take about ten times its bytes, and four blocks per
/// thread are in flight (and as many waiting to be freed by their worker);
/// 64 KiB keeps `eval` of any size near 10–13 MB, against about 48 MB with
/// 512 KiB blocks (two per worker then), which were 5% faster.
pub const BLOCK: usize = 64 << 10;

/// Whole records, and the line the first one starts on.
pub struct Block {
    pub bytes: Vec<u8>,
    pub first_line: u64,
}

/// Cuts a stream into blocks of at least `size` bytes of whole records.
pub struct Splitter<R> {
    reader: R,
    size: usize,
    /// Bytes read past the last block's end: the start of the next one.
    carry: Vec<u8>,
    line: u64,
    done: bool,
}

impl<R: Read> Splitter<R> {
    /// `reader` starts at a record boundary on line `first_line`.
    pub fn new(reader: R, first_line: u64, size: usize) -> Splitter<R> {
        Splitter {
            reader,
            size: size.max(1),
            carry: Vec::new(),
            line: first_line,
            done: false,
        }
    }

    /// The next block, `None` at the end of the input.
    pub fn next_block(&mut self) -> io::Result<Option<Block>> {
        let mut bytes = std::mem::take(&mut self.carry);
        // Room for the block and the start of the next: read in place,
        // without regrowing (and copying) the block as it fills.
        bytes.reserve(self.size.saturating_sub(bytes.len()) + (self.size >> 3).min(4096));
        let mut scanned = Scan::default();
        let mut last_line = LastLine::default();
        loop {
            if !self.done && bytes.len() < self.size {
                let want = self.size - bytes.len();
                let read = (&mut self.reader).take(want as u64).read_to_end(&mut bytes)?;
                self.done = read == 0;
                continue;
            }
            scanned.scan(&bytes);
            match scanned.boundary {
                Some(end) => {
                    self.carry = bytes.split_off(end);
                    break;
                }
                None if self.done => break,
                // A line too long to read (`lines::MAX_LINE`): the block goes
                // as it is, and is the last. Its reader stops at that line
                // with the error reading on one thread gives, and a file
                // that is one endless line is never held whole.
                None if last_line.too_long(&bytes) => {
                    self.done = true;
                    break;
                }
                // No boundary yet (a long quoted cell): read on.
                _ => {
                    let read = (&mut self.reader)
                        .take(self.size as u64)
                        .read_to_end(&mut bytes)?;
                    self.done = read == 0;
                }
            }
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        let first_line = self.line;
        self.line += line_breaks(&bytes);
        Ok(Some(Block { bytes, first_line }))
    }
}

/// Where a growing block's last line starts, from the bytes looked at so
/// far: each byte is looked at once however long the block grows.
#[derive(Default)]
struct LastLine {
    start: usize,
    checked: usize,
}

impl LastLine {
    /// Whether the last line of `bytes` is longer than a line may be.
    fn too_long(&mut self, bytes: &[u8]) -> bool {
        if let Some(at) = memchr::memrchr2(b'\n', b'\r', &bytes[self.checked..]) {
            self.start = self.checked + at + 1;
        }
        self.checked = bytes.len();
        (bytes.len() - self.start) as u64 > MAX_LINE
    }
}

/// Where the quote scan of a growing buffer stands, so that reading more
/// does not scan the same bytes again.
#[derive(Default)]
struct Scan {
    /// Bytes scanned so far.
    at: usize,
    in_quotes: bool,
    /// Just after the last line feed outside quotes.
    boundary: Option<usize>,
}

impl Scan {
    fn scan(&mut self, bytes: &[u8]) {
        // A quote that ended the previous scan may be the first of `""`.
        let mut i = self.at;
        while let Some(found) = memchr::memchr2(b'"', b'\n', &bytes[i..]) {
            let at = i + found;
            match bytes[at] {
                b'\n' if !self.in_quotes => self.boundary = Some(at + 1),
                b'\n' => {}
                _ if self.in_quotes => {
                    if at + 1 == bytes.len() {
                        // Unknown yet: `"` then `"` (a quote) or not (the end).
                        self.at = at;
                        return;
                    }
                    if bytes[at + 1] == b'"' {
                        i = at + 2;
                        continue;
                    }
                    self.in_quotes = false;
                }
                _ => self.in_quotes = at == 0 || matches!(bytes[at - 1], b',' | b'\n' | b'\r'),
            }
            i = at + 1;
        }
        self.at = bytes.len();
    }
}

/// Line breaks in `bytes` as an editor counts them: LF, CRLF once, lone CR.
/// Counted as LFs plus CRs less CRLF pairs: plain counts over the bytes,
/// which the compiler vectorises, rather than a stop at every line.
fn line_breaks(bytes: &[u8]) -> u64 {
    let line_feeds = count_byte(bytes, b'\n');
    if memchr::memchr(b'\r', bytes).is_none() {
        return line_feeds;
    }
    line_feeds + count_byte(bytes, b'\r') - count_crlf(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str, size: usize) -> Vec<(String, u64)> {
        let mut splitter = Splitter::new(text.as_bytes(), 2, size);
        let mut out = Vec::new();
        while let Some(block) = splitter.next_block().unwrap() {
            out.push((String::from_utf8(block.bytes).unwrap(), block.first_line));
        }
        out
    }

    #[test]
    fn blocks_end_after_whole_records() {
        assert_eq!(
            blocks("a,1\nb,2\nc,3\n", 1),
            [("a,1\n".into(), 2), ("b,2\n".into(), 3), ("c,3\n".into(), 4)]
        );
        assert_eq!(
            blocks("a,1\r\nb,2\r\nc", 6),
            [("a,1\r\n".into(), 2), ("b,2\r\n".into(), 3), ("c".into(), 4)]
        );
        assert_eq!(blocks("a,1\nb,2\n", 100), [("a,1\nb,2\n".into(), 2)]);
    }

    #[test]
    fn a_line_break_inside_quotes_is_no_boundary() {
        let text = "\"a\nb\",1\n\"c\"\"\nd\",2\ne\"f\n,3\n";
        let got = blocks(text, 1);
        assert_eq!(
            got,
            [
                ("\"a\nb\",1\n".into(), 2),
                ("\"c\"\"\nd\",2\n".into(), 4),
                ("e\"f\n".into(), 6),
                (",3\n".into(), 7)
            ]
        );
        // Every cut, at every size, rebuilds the input.
        for size in 1..text.len() + 2 {
            let joined: String = blocks(text, size).into_iter().map(|(b, _)| b).collect();
            assert_eq!(joined, text, "size {size}");
        }
    }

    #[test]
    fn an_endless_line_is_one_last_block_not_the_whole_input() {
        // Without a line feed the block would grow for ever: it stops once
        // its line is longer than any line read.
        let endless = io::repeat(b'a');
        let mut splitter = Splitter::new(endless, 2, 1 << 20);
        let block = splitter.next_block().unwrap().unwrap();
        assert!(block.bytes.len() as u64 > MAX_LINE);
        assert!((block.bytes.len() as u64) < MAX_LINE + (2 << 20));
        assert!(splitter.next_block().unwrap().is_none());
    }

    #[test]
    fn cr_only_lines_count_but_do_not_split() {
        assert_eq!(blocks("a\rb\rc", 1), [("a\rb\rc".into(), 2)]);
        assert_eq!(line_breaks(b"a\r\nb\nc\rd"), 3);
        assert_eq!(line_breaks(b"\r\r\n\n\r"), 4);
        assert_eq!(line_breaks(b"no break"), 0);
    }
}
