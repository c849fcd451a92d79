//! Reading in blocks on several threads gives, byte for byte, what reading
//! on one thread gives: stdout, stderr and the exit code, for any block size
//! down to one record, whatever falls on a block's edge (issue 14).

mod common;

use common::temp_file;
use proptest::prelude::*;

/// Runs plancheck on `path` with `args`, on one thread or in blocks of
/// `block` bytes: on two threads (one worker and the thread that cuts
/// blocks, which reads some too), or three for even sizes.
fn run(path: &str, args: &[&str], block: Option<usize>) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let mut command = common::std_command();
    command.arg(args[0]).arg(path).args(&args[1..]);
    match block {
        Some(size) => command
            .env("PLANCHECK_THREADS", if size % 2 == 0 { "3" } else { "2" })
            .env("PLANCHECK_BLOCK_SIZE", size.to_string()),
        None => command.env("PLANCHECK_THREADS", "1"),
    };
    let output = command.output().unwrap();
    (output.stdout, output.stderr, output.status.code())
}

const JOBS: [&[&str]; 14] = [
    &["eval", "--format", "csv"],
    // Rows formatted on the threads that read them (filtered and relabelled
    // there, or with an optional column), written through the Shift_JIS encoder.
    &["eval", "--format", "csv", "--output-encoding", "sjis", "--raw"],
    &[
        "eval",
        "--format",
        "csv",
        "--period",
        "H26",
        "--years",
        "gregorian",
        "--lang",
        "ja",
    ],
    &["eval", "--format", "jsonl", "--period", "latest"],
    // JSON and Markdown rows formatted on the threads that read them: an
    // array's first object opens it, whichever block it is in.
    &["eval", "--format", "json", "--period", "H30", "--raw"],
    &["eval", "--format", "markdown", "--lang", "ja"],
    &["summary", "--by", "chapter,section", "--format", "csv"],
    &["summary", "--by", "period", "--format", "csv", "--period", "H30"],
    // Rolled up per block where read, merged in order: relabelled periods,
    // grades and points, ratios of sums, and a by-period order.
    &[
        "summary",
        "--by",
        "period,section",
        "--format",
        "csv",
        "--years",
        "gregorian",
        "--grades",
        "health21",
    ],
    &[
        "summary",
        "--by",
        "chapter",
        "--format",
        "json",
        "--aggregate",
        "sum",
        "--no-cap",
    ],
    &["summary", "--format", "csv", "--grades", "sevenpoint"],
    &["check", "--require-reason", "--format", "text"],
    &["validate"],
    &["report", "--format", "markdown"],
];

fn same_in_blocks(text: &[u8], sizes: &[usize]) {
    let (_dir, path) = temp_file(text);
    let path = path.to_str().unwrap();
    for job in JOBS {
        let one = run(path, job, None);
        for &size in sizes {
            let blocks = run(path, job, Some(size));
            assert_eq!(
                (
                    String::from_utf8_lossy(&blocks.0),
                    String::from_utf8_lossy(&blocks.1),
                    blocks.2
                ),
                (
                    String::from_utf8_lossy(&one.0),
                    String::from_utf8_lossy(&one.1),
                    one.2
                ),
                "{job:?} in blocks of {size} bytes"
            );
        }
    }
}

/// A file with every kind of row: titles, a header, blank chapters and
/// sections ("same as above"), quoted line breaks, CRLF and LF, bad rows,
/// placeholders, a reason block, a footnote and a heading row.
fn awkward_file() -> Vec<u8> {
    let mut text = String::from("総括表\r\n\r\nchapter,section,indicator,direction,target,actual,period\r\n");
    for i in 0..40 {
        let chapter = if i % 7 == 0 {
            format!("第{}章", i / 7 + 1)
        } else {
            String::new()
        };
        let section = if i % 3 == 0 {
            format!("第{}節", i / 3)
        } else {
            String::new()
        };
        let name = if i % 5 == 0 {
            format!("\"指標\n{i}\"")
        } else {
            format!("指標{i}")
        };
        let actual = match i % 11 {
            0 => "集計中".to_string(),
            1 => "x".to_string(),
            _ => format!("\"{},{:03}\"", i % 4 + 1, (i * 37) % 1000),
        };
        let period = if i % 2 == 0 { "H26" } else { "H30" };
        let end = if i % 4 == 0 { "\n" } else { "\r\n" };
        text.push_str(&format!(
            "{chapter},{section},{name},up,\"2,000\",{actual},{period}{end}"
        ));
        if i == 17 {
            text.push_str("後期基本計画に係る未達成指標の理由・分析,,,,,,\r\n理由の本文,,,,,,\r\n");
        }
        if i == 29 {
            text.push_str(",第九節,,,,,\r\n");
        }
        if i % 9 == 8 {
            // A subtotal row, its name only in the section cell, then a row
            // under it whose chapter is "same as above".
            text.push_str(",小計,,up,\"6,000\",\"5,500\",H30\r\n");
        }
    }
    text.push_str("※出典：市統計書,,,,,,\r\n");
    text.into_bytes()
}

#[test]
fn every_block_size_reads_alike() {
    let text = awkward_file();
    same_in_blocks(&text, &[1, 7, 64, 200, 1000, text.len()]);
}

fn row() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(""), Just("第1章"), Just("第2章"), Just("合計")],
        prop_oneof![Just(""), Just("第1節"), Just("\"第2\n節\""), Just("小計")],
        prop_oneof![
            Just("a"),
            Just("\"b,c\""),
            Just("\"d\"\"e\""),
            Just("#1"),
            Just("")
        ],
        prop_oneof![Just("up"), Just("down"), Just("sideways")],
        prop_oneof![Just("10"), Just("\"1,000\""), Just("x"), Just("")],
        prop_oneof![Just("5"), Just(""), Just("－"), Just("12.5")],
        prop_oneof![Just("H26"), Just("H30"), Just("平成30年度")],
        prop_oneof![Just("\n"), Just("\r\n"), Just("\n\n")],
    )
        .prop_map(|(c, s, i, d, t, a, p, end)| format!("{c},{s},{i},{d},{t},{a},{p}{end}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_files_read_alike_in_blocks(rows in prop::collection::vec(row(), 1..40), size in 1usize..300) {
        let mut text = String::from("chapter,section,indicator,direction,target,actual,period\n");
        rows.iter().for_each(|r| text.push_str(r));
        same_in_blocks(text.as_bytes(), &[size]);
    }
}
