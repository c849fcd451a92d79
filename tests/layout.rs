//! The shape of the source tree, kept as the house style asks: no file in
//! `src/` over 600 lines, each `cmd/` file under 150 (glue only), and no
//! import circle between files, so that data flows one way (read →
//! evaluate → cross-row analyses → render, with `pipeline` wiring read and
//! evaluate, and `cmd` on top).
//!
//! A file depends on another when it names an item defined there, by a
//! `use` or by a path in code (`crate::read::Column`, `super::note`);
//! re-exports (`pub use`) are followed to the file that defines the item,
//! and are not dependencies of the file that re-exports. `mod` lines and
//! unit tests (`#[cfg(test)] mod tests`) do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;
const MAX_CMD_LINES: usize = 150;

/// One source file as a module: its path in the crate and its code.
struct Module {
    file: String,
    path: Vec<String>,
    code: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn modules() -> Vec<Module> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|f| {
            let relative = f
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let mut path: Vec<String> = relative
                .trim_end_matches(".rs")
                .split('/')
                .map(String::from)
                .collect();
            if path.last().is_some_and(|p| p == "mod" || p == "lib") {
                path.pop();
            }
            Module {
                file: format!("src/{relative}"),
                path,
                code: without_tests_and_comments(&fs::read_to_string(&f).unwrap()),
            }
        })
        .collect()
}

/// The code without unit tests, comments and string contents.
fn without_tests_and_comments(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        // String contents never name modules; drop them (roughly).
        let mut in_string = false;
        for c in code.chars() {
            if c == '"' {
                in_string = !in_string;
                continue;
            }
            if !in_string {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// `use` statements: (whether re-exported, each path of its tree).
fn use_statements(code: &str) -> (Vec<(bool, Vec<String>)>, String) {
    let mut uses = Vec::new();
    let mut rest = String::new();
    let mut remaining = code;
    while let Some(at) = find_word(remaining, "use") {
        let before = &remaining[..at];
        let public = before.trim_end().ends_with("pub") || before.trim_end().ends_with(')');
        let end = remaining[at..].find(';').map_or(remaining.len(), |e| at + e);
        rest.push_str(before);
        let tree: String = remaining[at + 3..end]
            .replace(" as ", "@")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for path in expand(&tree) {
            uses.push((public, path));
        }
        remaining = &remaining[(end + 1).min(remaining.len())..];
    }
    rest.push_str(remaining);
    (uses, rest)
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        let boundary = |b: Option<u8>| b.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_'));
        if boundary(before) && after == Some(b' ') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The paths of a use tree without spaces: `a::{b,c::{d,e}}` → a::b, a::c::d, a::c::e.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let Some(open) = tree.find('{') else {
        let path = tree.split('@').next().unwrap_or(tree);
        return vec![
            path.split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ];
    };
    let prefix: Vec<String> = tree[..open]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(expand)
        .map(|tail| {
            let mut path = prefix.clone();
            if tail.first().is_some_and(|s| s != "self") {
                path.extend(tail);
            }
            path
        })
        .collect()
}

/// Paths named in code, made absolute: `crate::a::b`, `super::x`,
/// `self::y`, and `child::f` or `alias::f` where `child` is a module below
/// this one and `alias` a name a `use` brought in.
fn code_paths(
    code: &str,
    at: &[String],
    aliases: &BTreeMap<String, Vec<String>>,
    modules: &BTreeSet<Vec<String>>,
) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            i += 1;
            continue;
        }
        let end = (i..bytes.len())
            .find(|&j| !(is_ident(bytes[j]) || bytes[j] == b':'))
            .unwrap_or(bytes.len());
        let text = &code[i..end];
        i = end;
        if !text.contains("::") {
            continue;
        }
        let segments: Vec<String> = text
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let first = segments[0].as_str();
        let path = match first {
            "crate" | "super" | "self" => absolute(&segments, at, modules),
            _ => match aliases.get(first) {
                Some(target) => {
                    let mut path = target.clone();
                    path.extend(segments[1..].iter().cloned());
                    Some(path)
                }
                None => absolute(&segments, at, modules),
            },
        };
        paths.extend(path);
    }
    paths
}

/// `path` as seen from module `at`, made absolute (without `crate`);
/// `None` for another crate's path.
fn absolute(path: &[String], at: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => at.to_vec(),
        "super" => {
            let mut base = at.to_vec();
            base.pop();
            let mut rest = rest;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        _ => {
            let mut child = at.to_vec();
            child.push(first.clone());
            if !modules.contains(&child) {
                return None;
            }
            child
        }
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The file that defines the item at `path`, following re-exports.
fn defining_file(
    path: &[String],
    files: &BTreeMap<Vec<String>, String>,
    exports: &BTreeMap<(Vec<String>, String), Vec<String>>,
    depth: usize,
) -> Option<String> {
    if let Some(file) = files.get(path) {
        return Some(file.clone());
    }
    for cut in (0..path.len()).rev() {
        let module = &path[..cut];
        if let Some(file) = files.get(module) {
            let name = &path[cut];
            if depth < 8
                && let Some(target) = exports.get(&(module.to_vec(), name.clone()))
            {
                let mut target = target.clone();
                target.extend(path[cut + 1..].iter().cloned());
                return defining_file(&target, files, exports, depth + 1);
            }
            return Some(file.clone());
        }
    }
    None
}

fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let paths: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let files: BTreeMap<Vec<String>, String> =
        modules.iter().map(|m| (m.path.clone(), m.file.clone())).collect();
    let mut exports = BTreeMap::new();
    let mut named = Vec::new();
    for module in &modules {
        let (uses, rest) = use_statements(&module.code);
        let mut found = Vec::new();
        let mut aliases = BTreeMap::new();
        for (public, path) in uses {
            let Some(target) = absolute(&path, &module.path, &paths) else {
                continue;
            };
            if let Some(name) = target.last() {
                if public {
                    exports.insert((module.path.clone(), name.clone()), target.clone());
                } else {
                    aliases.insert(name.clone(), target.clone());
                }
            }
            if !public {
                found.push(target);
            }
        }
        found.extend(code_paths(&rest, &module.path, &aliases, &paths));
        named.push((module.file.clone(), found));
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, found) in named {
        let entry = edges.entry(file.clone()).or_default();
        for path in found {
            if let Some(target) = defining_file(&path, &files, &exports, 0)
                && target != file
                && target != "src/lib.rs"
            {
                entry.insert(target);
            }
        }
    }
    edges
}

/// The groups of files that depend on one another in a circle.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(file) = stack.pop() {
            for next in edges.get(&file).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> = edges.keys().map(|f| (f, reaches(f))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (file, reached) in &reach {
        if !reached.contains(*file) || groups.iter().any(|g| g.contains(file)) {
            continue;
        }
        let group = reached
            .iter()
            .filter(|other| reach.get(other).is_some_and(|r| r.contains(*file)))
            .cloned()
            .collect();
        groups.push(group);
    }
    groups
}

#[test]
fn no_file_in_src_is_over_600_lines_and_cmd_is_glue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 20, "src/ was not found: {files:?}");
    let mut long = Vec::new();
    for file in files {
        let lines = fs::read_to_string(&file).unwrap().lines().count();
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let limit = if relative.starts_with("cmd/") {
            MAX_CMD_LINES
        } else {
            MAX_LINES
        };
        if lines > limit {
            long.push(format!("src/{relative}: {lines} lines (at most {limit})"));
        }
    }
    assert!(long.is_empty(), "files past their size:\n{}", long.join("\n"));
}

#[test]
fn no_import_circle_in_src() {
    let edges = dependencies();
    let found = circles(&edges);
    let shown: Vec<String> = found
        .iter()
        .map(|group| {
            let mut lines = vec![group.join(" ↔ ")];
            for file in group {
                let into: Vec<&String> = edges[file].iter().filter(|t| group.contains(t)).collect();
                lines.push(format!("    {file} → {into:?}"));
            }
            lines.join("\n")
        })
        .collect();
    assert!(found.is_empty(), "import circles:\n{}", shown.join("\n"));
}

#[test]
fn the_checker_sees_dependencies_and_circles() {
    // The checker itself: a known edge is found, and a made-up circle is one.
    let edges = dependencies();
    assert!(
        edges["src/cmd/eval.rs"]
            .iter()
            .any(|t| t.starts_with("src/render")),
        "{edges:?}"
    );
    let mut made_up = edges.clone();
    made_up
        .entry("src/read/number.rs".into())
        .or_default()
        .insert("src/cmd/eval.rs".into());
    assert!(!circles(&made_up).is_empty());
    assert_eq!(
        expand("crate::{a::{b,c},d}"),
        vec![
            vec!["crate".to_string(), "a".into(), "b".into()],
            vec!["crate".to_string(), "a".into(), "c".into()],
            vec!["crate".to_string(), "d".into()],
        ]
    );
}
