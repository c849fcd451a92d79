//! Where a subcommand's output goes: standard output or the file of `-o`
//! (written through a temporary file, renamed into place when the run
//! succeeds), in the encoding asked for.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// The file `-o` names while it is being written: the output goes to a
/// temporary file beside it, renamed over it when the run succeeds
/// ([`commit_output`]), so that a failed or killed run never leaves half a
/// result, nor loses the file that was there before ([`discard_output`]).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Pending {
    #[cfg(not(target_arch = "wasm32"))]
    temp: tempfile::TempPath,
    target: PathBuf,
    /// The permissions of the file it replaces, if there was one.
    before: Option<std::fs::Permissions>,
}

static PENDING_OUTPUT: Mutex<Option<Pending>> = Mutex::new(None);

/// Where output goes: the file of `-o`, or standard output (`-o -`, or no
/// `-o`). A binary workbook is not written to a terminal, and the input
/// (`input`, its path as given) is never written over.
pub fn destination(path: Option<&Path>, binary: bool, input: &str) -> anyhow::Result<Box<dyn Write>> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            if is_same_file(path, Path::new(input)) {
                anyhow::bail!(
                    "-o {}: that is the input file; write the output to another file",
                    path.display()
                );
            }
            let existing = std::fs::metadata(path).ok();
            if existing.as_ref().is_some_and(|m| !m.is_file()) || cfg!(target_arch = "wasm32") {
                // A device or a pipe (/dev/null, a FIFO) is written as it is.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                return Ok(Box::new(BufWriter::new(file)));
            }
            begin_file(path, existing.map(|m| m.permissions()))
        }
        None if binary && !console::capturing() && io::IsTerminal::is_terminal(&io::stdout()) => {
            anyhow::bail!(
                "--format xlsx writes a binary workbook: give a file with -o FILE (or -o - to write it into a pipe)"
            )
        }
        _ => Ok(stdout()),
    }
}

/// Starts writing `path` through a temporary file in its directory.
#[cfg(not(target_arch = "wasm32"))]
fn begin_file(path: &Path, before: Option<std::fs::Permissions>) -> anyhow::Result<Box<dyn Write>> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(directory)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let (file, temp) = temp.into_parts();
    if let Ok(mut pending) = PENDING_OUTPUT.lock() {
        *pending = Some(Pending {
            temp,
            target: path.to_path_buf(),
            before,
        });
    }
    Ok(Box::new(BufWriter::new(file)))
}

#[cfg(target_arch = "wasm32")]
fn begin_file(path: &Path, _before: Option<std::fs::Permissions>) -> anyhow::Result<Box<dyn Write>> {
    anyhow::bail!("cannot create {}: no file system here", path.display())
}

/// Whether `output` and `input` are one file (the same device and inode;
/// elsewhere the same canonical path).
fn is_same_file(output: &Path, input: &Path) -> bool {
    let (Ok(a), Ok(b)) = (std::fs::metadata(output), std::fs::metadata(input)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        matches!(
            (std::fs::canonicalize(output), std::fs::canonicalize(input)),
            (Ok(x), Ok(y)) if x == y
        )
    }
}

/// After a run that finished: the output written through a temporary file
/// takes the place of `-o`'s file (with the permissions of the one it
/// replaces, or read-write for its owner and readable by others).
pub fn commit_output() -> anyhow::Result<()> {
    let Some(pending) = PENDING_OUTPUT.lock().ok().and_then(|mut p| p.take()) else {
        return Ok(());
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        let Pending { temp, target, before } = pending;
        temp.persist(&target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        let permissions = before.unwrap_or_else(|| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::Permissions::from_mode(0o644)
            }
            #[cfg(not(unix))]
            {
                let mut permissions = std::fs::metadata(&target).map(|m| m.permissions()).unwrap();
                permissions.set_readonly(false);
                permissions
            }
        });
        let _ = std::fs::set_permissions(&target, permissions);
    }
    #[cfg(target_arch = "wasm32")]
    let _ = pending;
    Ok(())
}

/// After a failed run: the temporary file is removed and `-o`'s file left
/// as it was. Returns what to tell the user.
pub fn discard_output() -> Option<String> {
    let pending = PENDING_OUTPUT.lock().ok()?.take()?;
    let target = pending.target.display().to_string();
    drop(pending);
    Some(if std::fs::metadata(&target).is_ok() {
        format!("{target} left as it was")
    } else {
        format!("removed the incomplete {target}")
    })
}

/// The output `output` asks for (`-o`, never the file `input`), in the
/// encoding it asks for.
pub fn encoded_stdout(output: &OutputArgs, input: &str) -> anyhow::Result<Box<dyn Write>> {
    let binary = output.format == render::Format::Xlsx;
    let out = destination(output.output.as_deref(), binary, input)?;
    if binary {
        return Ok(out);
    }
    render::encoded(out, output.output_encoding, output.bom).context(CANNOT_WRITE)
}
