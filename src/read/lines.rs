//! Line numbers as an editor counts them, whatever the line endings.
//!
//! The csv crate's own `Position::line()` is one too low after every CRLF
//! (rust-csv #395), which is what Excel writes, and puts every row of a
//! CR-only file on line 1. So the bytes are counted here instead, on their
//! way into the CSV parser: a line ends at LF, at CRLF (once) and at a lone
//! CR. A record's line is then the line its first byte is on, which the
//! parser's byte offset gives; quoted cells with line breaks, blank lines and
//! comments need no special case.
//!
//! Only the breaks the parser has read ahead are kept (its buffer is a few
//! kilobytes), so memory stays flat however long the file is.

use std::collections::VecDeque;
use std::io::{self, Read};

/// The longest physical line read (16 MiB). A plan's row is a few hundred
/// bytes; a longer line is a damaged or hostile file (a header of millions
/// of columns), refused before it is held in memory.
pub const MAX_LINE: u64 = 16 << 20;

/// How many times `byte` occurs in `bytes`. Counted in runs of 255 into a
/// byte-wide sum, which the compiler turns into wide compares; a sum as wide
/// as the result was several times slower.
pub fn count_byte(bytes: &[u8], byte: u8) -> u64 {
    bytes
        .chunks(255)
        .map(|run| u64::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == byte))))
        .sum()
}

/// How many CRLF pairs `bytes` hold, counted as `count_byte` counts.
pub fn count_crlf(bytes: &[u8]) -> u64 {
    if bytes.len() < 2 {
        return 0;
    }
    let (firsts, seconds) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    firsts
        .chunks(255)
        .zip(seconds.chunks(255))
        .map(|(a, b)| {
            let pairs = a
                .iter()
                .zip(b)
                .fold(0u8, |n, (&x, &y)| n + u8::from(x == b'\r' && y == b'\n'));
            u64::from(pairs)
        })
        .sum()
}

/// The error for line `line`, longer than `MAX_LINE`.
fn too_long(line: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "line {line} is longer than {} MiB; plancheck reads lines of up to that length \
             (is this a plan table?)",
            MAX_LINE >> 20
        ),
    )
}

/// A reader that counts the line breaks passing through it.
pub struct LineCounter<R> {
    inner: R,
    /// Bytes passed through so far.
    offset: u64,
    /// Line breaks not yet passed by `line_at`: where each begins, and
    /// where the line after it starts (CRLF is one break of two bytes).
    breaks: VecDeque<(u64, u64)>,
    /// The line `line_at` last answered, and where it started.
    line: u64,
    /// The previous byte was CR: an LF right after it ends no new line.
    after_cr: bool,
    /// Length of the line being read.
    line_length: u64,
    /// A copy of every byte passed through, while the header is looked
    /// for: the CSV parser reads ahead, and the parallel path starts again
    /// from the first data row (`into_parts`).
    tee: Option<Vec<u8>>,
}

impl<R: Read> LineCounter<R> {
    pub fn new(inner: R) -> LineCounter<R> {
        LineCounter::starting_at(inner, 1)
    }

    /// A counter whose first byte is on line `line`: a block of a file.
    pub fn starting_at(inner: R, line: u64) -> LineCounter<R> {
        LineCounter {
            inner,
            offset: 0,
            breaks: VecDeque::new(),
            line,
            after_cr: false,
            line_length: 0,
            tee: None,
        }
    }

    /// Keeps a copy of the bytes read from now on, until `stop_tee`.
    pub fn with_tee(mut self) -> LineCounter<R> {
        self.tee = Some(Vec::new());
        self
    }

    /// Stops copying and frees the copy.
    pub fn stop_tee(&mut self) {
        self.tee = None;
    }

    /// How many bytes the copy holds, if one is kept.
    pub fn teed(&self) -> Option<usize> {
        self.tee.as_ref().map(Vec::len)
    }

    /// The bytes copied so far and the reader of the rest.
    pub fn into_parts(self) -> (Vec<u8>, R) {
        (self.tee.unwrap_or_default(), self.inner)
    }

    /// The line (1-based) of the record the parser began reading at
    /// `offset`. The parser skips blank lines before a record, so an offset
    /// on a line break means the record starts after it. Offsets must be
    /// asked for in increasing order, as records come.
    pub fn line_at(&mut self, mut offset: u64) -> u64 {
        while let Some(&(at, next)) = self.breaks.front()
            && at <= offset
        {
            offset = offset.max(next);
            self.breaks.pop_front();
            self.line += 1;
        }
        self.line
    }

    fn count(&mut self, bytes: &[u8]) -> io::Result<()> {
        let base = self.offset;
        let mut from = 0;
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let previous_cr = if at == 0 {
                self.after_cr
            } else {
                bytes[at - 1] == b'\r'
            };
            self.line_length += (at - from) as u64;
            self.check_length()?;
            let position = base + at as u64;
            match self.breaks.back_mut() {
                // The LF of a CRLF: the break is one, two bytes long.
                Some((_, next)) if bytes[at] == b'\n' && previous_cr => *next = position + 1,
                _ => self.breaks.push_back((position, position + 1)),
            }
            self.line_length = 0;
            from = at + 1;
        }
        self.line_length += (bytes.len() - from) as u64;
        self.check_length()?;
        if let Some(&last) = bytes.last() {
            self.after_cr = last == b'\r';
        }
        self.offset += bytes.len() as u64;
        Ok(())
    }

    fn check_length(&self) -> io::Result<()> {
        if self.line_length > MAX_LINE {
            return Err(too_long(self.line + self.breaks.len() as u64));
        }
        Ok(())
    }
}

/// Only to its start, before a byte is read: how a block's parser is reset
/// for the next block (`source::block_records`).
impl<R> io::Seek for LineCounter<R> {
    fn seek(&mut self, position: io::SeekFrom) -> io::Result<u64> {
        match position {
            io::SeekFrom::Start(0) if self.offset == 0 => Ok(0),
            _ => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "a line counter seeks only to its start",
            )),
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count(&buf[..n])?;
        if let Some(tee) = &mut self.tee {
            tee.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each offset in `offsets`, reading `text` in chunks of `chunk` bytes.
    fn lines(text: &[u8], chunk: usize, offsets: &[u64]) -> Vec<u64> {
        let mut counter = LineCounter::new(text);
        let mut buf = vec![0; chunk];
        while counter.read(&mut buf).unwrap() > 0 {}
        offsets.iter().map(|&o| counter.line_at(o)).collect()
    }

    #[test]
    fn bytes_are_counted_past_a_run() {
        let bytes: Vec<u8> = (0..1000u32)
            .map(|i| if i % 3 == 0 { b'\n' } else { b'a' })
            .collect();
        assert_eq!(count_byte(&bytes, b'\n'), 334);
        assert_eq!(count_byte(&[b'\n'; 600], b'\n'), 600);
        assert_eq!(count_byte(b"", b'\n'), 0);
        assert_eq!(count_crlf(b"\r\n\r\r\n\n\r"), 2);
        assert_eq!(count_crlf(&b"a\r\n".repeat(300)), 300);
        assert_eq!(count_crlf(b"\r"), 0);
        assert_eq!(count_crlf(b""), 0);
    }

    #[test]
    fn every_line_ending_counts_once() {
        for chunk in [1, 2, 3, 64] {
            assert_eq!(lines(b"a\nb\nc", chunk, &[0, 2, 4]), [1, 2, 3]);
            assert_eq!(lines(b"a\r\nb\r\nc", chunk, &[0, 3, 6]), [1, 2, 3]);
            assert_eq!(lines(b"a\rb\rc", chunk, &[0, 2, 4]), [1, 2, 3]);
            assert_eq!(lines(b"a\r\n\r\nb\nc\rd", chunk, &[0, 5, 7, 9]), [1, 3, 4, 5]);
        }
    }

    #[test]
    fn an_overlong_line_is_refused() {
        let long = vec![b'a'; MAX_LINE as usize + 2];
        let mut counter = LineCounter::new(&long[..]);
        let mut sink = Vec::new();
        let error = counter.read_to_end(&mut sink).unwrap_err();
        assert!(error.to_string().starts_with("line 1 is longer than 16 MiB"));
    }
}
