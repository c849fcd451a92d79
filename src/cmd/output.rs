//! Where a subcommand's output goes: standard output or the file of `-o`
//! (removed again if the run fails), in the encoding asked for.

use std::io::{self, BufWriter, Write};

use anyhow::Context;

use crate::cli::OutputArgs;
use crate::console::{self, CANNOT_WRITE, stdout};
use crate::render;

/// Whether `error` is standard output closed by its reader (`| head`):
/// Rust ignores SIGPIPE, so it arrives as an error.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The file `-o` created, if any: a run that fails after creating it
/// removes it ([`remove_incomplete_output`]) rather than leave half a file
/// that looks like a result.
static CREATED_OUTPUT: std::sync::Mutex<Option<std::path::PathBuf>> = std::sync::Mutex::new(None);

/// Where output goes: the file of `-o`, or standard output (`-o -`, or no
/// `-o`). A binary workbook is not written to a terminal.
pub fn destination(path: Option<&std::path::Path>, binary: bool) -> anyhow::Result<Box<dyn Write>> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            let file =
                std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            if let Ok(mut created) = CREATED_OUTPUT.lock() {
                *created = Some(path.to_path_buf());
            }
            Ok(Box::new(BufWriter::new(file)))
        }
        None if binary && !console::capturing() && io::IsTerminal::is_terminal(&io::stdout()) => {
            anyhow::bail!(
                "--format xlsx writes a binary workbook: give a file with -o FILE (or -o - to write it into a pipe)"
            )
        }
        _ => Ok(stdout()),
    }
}

/// After a failed run: removes the file `-o` created, when it is a regular
/// file (never a device such as /dev/null or a pipe), and returns its path.
pub fn remove_incomplete_output() -> Option<std::path::PathBuf> {
    let path = CREATED_OUTPUT.lock().ok()?.take()?;
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    (regular && std::fs::remove_file(&path).is_ok()).then_some(path)
}

/// The output `output` asks for (`-o`), in the encoding it asks for.
pub fn encoded_stdout(output: &OutputArgs) -> anyhow::Result<Box<dyn Write>> {
    let binary = output.format == render::Format::Xlsx;
    let out = destination(output.output.as_deref(), binary)?;
    if binary {
        return Ok(out);
    }
    render::encoded(out, output.output_encoding, output.bom).context(CANNOT_WRITE)
}
