//! Where a run's standard output and messages go: the process's stdout and
//! stderr, or, inside [`capture`], two buffers. The browser page (`web/`)
//! has no process streams: it runs the very same commands in a capture and
//! shows what they wrote, so the page and the command line cannot disagree.

use std::cell::RefCell;
use std::io::{self, BufWriter, Write};

/// The context of every error writing output (a full disk, a closed pipe).
pub const CANNOT_WRITE: &str = "cannot write output";

/// What a captured run wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `f` with standard output and messages written into buffers, and
/// returns them with its result. Captures do not nest: an inner capture
/// takes the output from its start to its end.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    let outer = CAPTURE.with(|c| c.replace(Some(Captured::default())));
    let result = f();
    let captured = CAPTURE.with(|c| c.replace(outer)).unwrap_or_default();
    (result, captured)
}

/// Whether output is being captured on this thread.
pub fn capturing() -> bool {
    CAPTURE.with(|c| c.borrow().is_some())
}

/// Which of the two streams.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// Appends to the capture's buffer; writes nowhere once the capture ended.
struct Sink(Stream);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(captured) = c.borrow_mut().as_mut() {
                match self.0 {
                    Stream::Out => captured.stdout.extend_from_slice(bytes),
                    Stream::Err => captured.stderr.extend_from_slice(bytes),
                }
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Buffered standard output; every renderer writes through it.
pub fn stdout() -> Box<dyn Write> {
    if capturing() {
        return Box::new(Sink(Stream::Out));
    }
    Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock()))
}

/// Standard output unbuffered, for lines written between a renderer's own
/// (`validate`'s findings).
pub fn stdout_line(line: std::fmt::Arguments) -> io::Result<()> {
    if capturing() {
        return writeln!(Sink(Stream::Out), "{line}");
    }
    writeln!(io::stdout().lock(), "{line}")
}

/// One line on standard error. `eprintln!` panics when stderr is closed or
/// full; a message that cannot be shown is lost, and the exit code still
/// says what happened.
pub fn note(line: std::fmt::Arguments) {
    if capturing() {
        let _ = writeln!(Sink(Stream::Err), "{line}");
        return;
    }
    let _ = writeln!(io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_takes_both_streams_and_ends() {
        let ((), captured) = capture(|| {
            let mut out = stdout();
            write!(out, "a,b").unwrap();
            drop(out);
            note(format_args!("line {}", 3));
            stdout_line(format_args!("!")).unwrap();
            assert!(capturing());
        });
        assert_eq!(captured.stdout, b"a,b!\n");
        assert_eq!(captured.stderr, b"line 3\n");
        assert!(!capturing());
    }
}
