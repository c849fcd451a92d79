//! The Windows executable (issue 18), cross-compiled for
//! `x86_64-pc-windows-gnu` and run under Wine, writes the same bytes and
//! exits with the same codes as the native binary on every example.
//!
//! Needs the Rust target, Debian's `gcc-mingw-w64-x86-64` and `wine64`
//! (bash scripts/test.sh installs them). Where they are missing the test
//! fails and says what to install, unless PLANCHECK_SKIP_WINDOWS is set, in
//! which case it prints that it was skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::std_command;

const TARGET: &str = "x86_64-pc-windows-gnu";

/// What is missing to build and run the Windows executable, if anything.
fn missing() -> Option<String> {
    let sysroot = Command::new("rustc").args(["--print", "sysroot"]).output().ok()?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if !sysroot.join("lib/rustlib").join(TARGET).exists() {
        return Some(format!("the Rust target (rustup target add {TARGET})"));
    }
    if which("x86_64-w64-mingw32-gcc").is_none() {
        return Some("Debian's gcc-mingw-w64-x86-64".into());
    }
    if wine().is_none() {
        return Some("Debian's wine64".into());
    }
    None
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

fn wine() -> Option<PathBuf> {
    which("wine64")
        .or_else(|| which("wine"))
        .or_else(|| Some(PathBuf::from("/usr/lib/wine/wine64")).filter(|p| p.is_file()))
}

/// The target directory the native binary was built in.
fn target_dir() -> PathBuf {
    let native = PathBuf::from(assert_cmd::cargo::cargo_bin!("plancheck"));
    native.parent().unwrap().parent().unwrap().to_path_buf()
}

/// Builds plancheck.exe (cargo, same profile as the tests) and copies it
/// into `dir` beside the bcryptprimitives shim that Wine 8.0 needs.
fn build_windows(dir: &Path) -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--locked", "--bin", "plancheck", "--target", TARGET])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success(), "cargo build --target {TARGET}");
    let built = target_dir().join(TARGET).join("debug/plancheck.exe");
    let exe = dir.join("plancheck.exe");
    std::fs::copy(&built, &exe).unwrap();
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/windows/bcryptprimitives.c");
    let status = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(dir.join("bcryptprimitives.dll"))
        .arg(shim)
        .arg("-ladvapi32")
        .status()
        .unwrap();
    assert!(status.success(), "the bcryptprimitives shim");
    exe
}

fn run(mut command: Command, cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    command
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

#[test]
fn the_windows_executable_gives_the_same_bytes_under_wine() {
    if let Some(what) = missing() {
        assert!(
            std::env::var_os("PLANCHECK_SKIP_WINDOWS").is_some(),
            "cannot build or run the Windows executable: install {what} \
             (bash scripts/test.sh does), or set PLANCHECK_SKIP_WINDOWS=1"
        );
        eprintln!("SKIPPED: the Windows executable was not tested: {what} is missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = build_windows(dir.path());
    let prefix = target_dir().join("wine-prefix");
    let windows = || {
        let mut command = Command::new(wine().unwrap());
        command
            .arg(&exe)
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=");
        command
    };
    // One Wine server for all the runs (it stays 30 s after the last; a
    // server per run costs seconds), then a first run that sets up the
    // prefix. Its standard streams go nowhere: the services Wine starts
    // for a new prefix inherit them and would hold a pipe open for minutes.
    std::fs::create_dir_all(&prefix).unwrap();
    let server = which("wineserver").unwrap_or_else(|| PathBuf::from("/usr/lib/wine/wineserver"));
    let _ = Command::new(server)
        .arg("-p30")
        .env("WINEPREFIX", &prefix)
        .status();
    let _ = windows()
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let version = windows().arg("--version").output().unwrap();
    let native_version = std_command().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        String::from_utf8_lossy(&native_version.stdout),
        "plancheck --version names the version and the commit"
    );
    let native = || std_command();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));

    // A file under a Japanese name, and a bad file with CRLF line endings.
    std::fs::copy(
        repo.join("examples/tokorozawa-ch5.csv"),
        dir.path().join("総合計画 指標.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        "indicator,direction,target,actual,period\r\nA,up,10,5,H30\r\nB,up,ten,5,H30\r\n",
    )
    .unwrap();

    let mut cases: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let mut examples: Vec<String> = std::fs::read_dir(repo.join("examples"))
        .unwrap()
        .map(|entry| format!("examples/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    examples.sort();
    assert!(examples.len() >= 7, "{examples:?}");
    for example in &examples {
        for args in [
            vec!["eval", example],
            vec!["eval", example, "--format", "csv", "--lang", "ja", "--bom"],
            vec!["eval", example, "--format", "json"],
            vec!["eval", example, "--format", "csv", "--output-encoding", "sjis"],
            vec!["summary", example, "--by", "chapter,section", "--format", "csv"],
            vec!["check", example, "--format", "text"],
            vec!["report", example, "--lang", "ja"],
        ] {
            cases.push((repo.to_path_buf(), args.iter().map(|a| a.to_string()).collect()));
        }
    }
    // The plan's PDF as three producers print it (the example's is
    // LibreOffice's, read above with every example).
    for producer in ["chromium", "reportlab"] {
        let pdf = format!("tests/fixtures/pdf/{producer}.pdf");
        cases.push((
            repo.to_path_buf(),
            ["eval", pdf.as_str(), "--format", "csv"]
                .map(String::from)
                .to_vec(),
        ));
    }
    for args in [
        vec!["eval", "総合計画 指標.csv", "--format", "csv"],
        vec!["check", "総合計画 指標.csv", "--exit-zero"],
        vec!["eval", "bad.csv"],
        vec!["eval", "bad.csv", "--format", "nonsense"],
    ] {
        cases.push((
            dir.path().to_path_buf(),
            args.iter().map(|a| a.to_string()).collect(),
        ));
    }
    let mut codes = Vec::new();
    for (cwd, args) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let expected = run(native(), cwd, &args, None);
        let got = run(windows(), cwd, &args, None);
        assert_eq!(
            String::from_utf8_lossy(&got.stderr),
            String::from_utf8_lossy(&expected.stderr),
            "stderr of plancheck {args:?}"
        );
        assert!(
            got.stdout == expected.stdout,
            "stdout of plancheck {args:?} differs"
        );
        assert_eq!(got.status.code(), expected.status.code(), "exit code of {args:?}");
        codes.push(expected.status.code().unwrap());
    }
    // The cases cover passing, failing and refused runs.
    for code in [0, 1, 2] {
        assert!(codes.contains(&code), "no case exits {code}: {codes:?}");
    }
    // Standard input, Shift_JIS on the way in.
    let sjis = std::fs::read(repo.join("examples/tokorozawa-ch5-wide-sjis.csv")).unwrap();
    let args = ["eval", "-", "--format", "csv"];
    let expected = run(native(), repo, &args, Some(&sjis));
    let got = run(windows(), repo, &args, Some(&sjis));
    assert_eq!(expected.status.code(), Some(0));
    assert!(got.stdout == expected.stdout, "stdin, Shift_JIS");
    // Workbooks carry a creation time, so their cells are compared instead
    // of their bytes; on Windows the evaluations sheet streams through a
    // temporary file too.
    for (tool, name) in [(native(), "native.xlsx"), (windows(), "windows.xlsx")] {
        let args = [
            "eval",
            "総合計画 指標.csv",
            "--lang",
            "ja",
            "--format",
            "xlsx",
            "-o",
            name,
        ];
        assert_eq!(
            run(tool, dir.path(), &args, None).status.code(),
            Some(0),
            "{name}"
        );
    }
    let sheets = |name: &str| {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join(name)).unwrap();
        let names = book.sheet_names();
        let ranges: Vec<_> = names
            .iter()
            .map(|sheet| book.worksheet_range(sheet).unwrap())
            .collect();
        (names, ranges)
    };
    let (native_book, windows_book) = (sheets("native.xlsx"), sheets("windows.xlsx"));
    assert_eq!(native_book.0.len(), 3);
    assert!(native_book == windows_book, "the workbooks' cells differ");
    // A missing file is refused the same way (the system's wording differs).
    let args = ["eval", "no-such-file.csv"];
    assert_eq!(
        run(windows(), repo, &args, None).status.code(),
        run(native(), repo, &args, None).status.code()
    );
}
