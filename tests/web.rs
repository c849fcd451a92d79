//! The browser page (`web/`, built by `scripts/build-web.sh` into
//! `web/dist/index.html`), driven in headless Chromium through the DevTools
//! protocol: opened from disk, it must show exactly the CLI's numbers,
//! messages and downloads for the bundled example, an uploaded Shift_JIS
//! CSV and an uploaded workbook, and make no network request.
//!
//! The protocol runs over `--remote-debugging-pipe` (file descriptors 3 and
//! 4, messages ended by a NUL byte), wired to two named pipes by `sh`, so
//! no WebSocket client is needed.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::chromium;
use serde_json::{Value, json};

const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/web/dist/index.html");
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
const PUBLISHED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/published");
const PDFS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");

/// Headless Chromium and its end of the DevTools protocol.
struct Browser {
    child: Child,
    to_browser: std::fs::File,
    from_browser: mpsc::Receiver<Value>,
    next_id: u64,
    /// Events seen so far, in order.
    events: Vec<Value>,
    session: Option<String>,
    _dir: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path) -> Browser {
        let dir = tempfile::tempdir().unwrap();
        let (to, from) = (dir.path().join("to"), dir.path().join("from"));
        for fifo in [&to, &from] {
            let made = Command::new("mkfifo").arg(fifo).status().unwrap();
            assert!(made.success(), "mkfifo {}", fifo.display());
        }
        let child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<"$TO" 4>"$FROM" 2>/dev/null"#)
            .arg(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg("about:blank")
            .env("TO", &to)
            .env("FROM", &from)
            .spawn()
            .unwrap();
        // The shell opens "to" for reading, then "from" for writing: open
        // them in the same order, or both sides wait for ever.
        let to_browser = std::fs::OpenOptions::new().write(true).open(&to).unwrap();
        let from_file = std::fs::File::open(&from).unwrap();
        let (send, from_browser) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from_file);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                message.pop();
                if let Ok(value) = serde_json::from_slice::<Value>(&message)
                    && send.send(value).is_err()
                {
                    break;
                }
                message.clear();
            }
        });
        Browser {
            child,
            to_browser,
            from_browser,
            next_id: 0,
            events: Vec::new(),
            session: None,
            _dir: dir,
        }
    }

    /// Sends `method` (to the page once attached) and waits for its answer.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = &self.session
            && !method.starts_with("Target.")
            && !method.starts_with("Browser.")
        {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to_browser.write_all(&bytes).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let reply = self
                .from_browser
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no answer to {method}"));
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
            self.events.push(reply);
        }
    }

    /// Opens a page and attaches to it, recording its requests and console.
    fn open_page(&mut self) {
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        self.session = Some(attached["sessionId"].as_str().unwrap().to_string());
        for domain in ["Network.enable", "Page.enable", "Runtime.enable", "Log.enable"] {
            self.call(domain, json!({}));
        }
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": false}),
        );
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(result.get("exceptionDetails").is_none(), "{expression}: {result}");
        result["result"]["value"].clone()
    }

    /// Waits until the page has evaluated a file (or given up on one).
    fn wait_for_result(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let state = self.eval("(document.body && document.body.dataset.state) || ''");
            let state = state.as_str().unwrap_or_default().to_string();
            if ["done", "failed", "crashed"].contains(&state.as_str()) {
                return state;
            }
            if Instant::now() >= deadline {
                let seen = self.eval(
                    "[document.getElementById('file').files.length, document.getElementById('status').textContent].join(' | ')",
                );
                panic!("the page never finished: {state}; {seen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn navigate(&mut self, url: &str) -> String {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for_result()
    }

    /// Hands `path` to the page's file input, as a user choosing it would.
    fn upload(&mut self, path: &Path) -> String {
        self.eval("document.body.dataset.state = 'uploading'");
        let document = self.call("DOM.getDocument", json!({}));
        let input = self.call(
            "DOM.querySelector",
            json!({"nodeId": document["root"]["nodeId"], "selector": "#file"}),
        );
        self.call(
            "DOM.setFileInputFiles",
            json!({"nodeId": input["nodeId"], "files": [path.to_str().unwrap()]}),
        );
        self.wait_for_result()
    }

    /// Drags `path` onto the drop zone and drops it, as a user would from
    /// a file manager.
    fn drop_file(&mut self, path: &Path) -> String {
        self.eval("document.body.dataset.state = 'dropping'");
        let centre = self.eval(
            "(r => [r.left + r.width / 2, r.top + r.height / 2])\
             (document.getElementById('drop').getBoundingClientRect())",
        );
        let (x, y) = (centre[0].as_f64().unwrap(), centre[1].as_f64().unwrap());
        let data = json!({"items": [], "files": [path.to_str().unwrap()], "dragOperationsMask": 1});
        for kind in ["dragEnter", "dragOver", "drop"] {
            self.call(
                "Input.dispatchDragEvent",
                json!({"type": kind, "x": x, "y": y, "data": data}),
            );
        }
        self.wait_for_result()
    }

    /// Sets the control `id` to `value` as a user would, and waits for the
    /// page to evaluate the file again.
    fn choose(&mut self, id: &str, value: &str) -> String {
        self.eval("document.body.dataset.state = 'changing'");
        self.eval(&format!(
            "(c => {{ c.value = '{value}'; c.dispatchEvent(new Event('change')); }})\
             (document.getElementById('{id}'))"
        ));
        self.wait_for_result()
    }

    /// A table of the page (`#evaluation`, `#summary`) as rows of cells.
    fn table(&mut self, id: &str) -> Vec<Vec<String>> {
        let rows = self.eval(&format!(
            "[...document.querySelectorAll('#{id} tr')].map(r => [...r.cells].map(c => c.textContent))"
        ));
        serde_json::from_value(rows).unwrap()
    }

    fn messages(&mut self) -> Vec<String> {
        let items = self.eval("[...document.querySelectorAll('#message-list li')].map(l => l.textContent)");
        serde_json::from_value(items).unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CLI's output for `args`, run in `examples/` so that it names the
/// file as the page does (by its name alone).
fn cli(args: &[&str], dir: &Path) -> (Vec<u8>, String, i32) {
    let output = common::std_command()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The page's evaluation and summary tables against the CLI's CSV, for the
/// file `name` in `dir`.
fn assert_same_as_cli(browser: &mut Browser, name: &str, dir: &Path, lang: &str) {
    let (eval, _, code) = cli(&["eval", name, "--format", "csv", "--lang", lang], dir);
    assert_eq!(code, 0);
    let expected = csv_rows(&eval);
    assert!(expected.len() > 5, "{name}");
    assert_eq!(browser.table("evaluation"), expected, "{name}: evaluations");
    let (summary, _, _) = cli(
        &[
            "summary",
            name,
            "--by",
            "chapter,section",
            "--format",
            "csv",
            "--lang",
            lang,
        ],
        dir,
    );
    assert_eq!(browser.table("summary"), csv_rows(&summary), "{name}: summary");
    let (report, _, _) = cli(&["report", name, "--lang", lang], dir);
    let shown = browser.eval("document.getElementById('report').srcdoc");
    assert_eq!(
        shown.as_str().unwrap(),
        String::from_utf8(report).unwrap(),
        "{name}: report"
    );
}

#[test]
fn the_page_evaluates_offline_exactly_as_the_cli() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("PLANCHECK_SKIP_BROWSER").is_some(),
            "no Chromium: install Debian's `chromium` (bash scripts/test.sh does), or set PLANCHECK_SKIP_BROWSER=1"
        );
        return;
    };
    if !Path::new(PAGE).exists() {
        assert!(
            std::env::var_os("PLANCHECK_SKIP_WEB").is_some(),
            "no web/dist/index.html: build it with `bash scripts/build-web.sh` (bash scripts/test.sh does), \
             or set PLANCHECK_SKIP_WEB=1"
        );
        eprintln!("skipped: the browser page is not built (PLANCHECK_SKIP_WEB)");
        return;
    }
    let examples = Path::new(EXAMPLES);
    let mut browser = Browser::start(&chromium);
    browser.open_page();
    let page_url = format!("file://{PAGE}");

    // The bundled example, in Japanese, with no file dialog.
    let state = browser.navigate(&format!("{page_url}#example&lang=ja"));
    assert_eq!(state, "done");
    assert_same_as_cli(&mut browser, "tokorozawa-ch5.csv", examples, "ja");
    let status = browser.eval("document.getElementById('status').textContent");
    assert_eq!(status, "tokorozawa-ch5.csv：16 件の評価");
    // The report as rendered: its counts, its rates and its reasons.
    let report_text = browser.eval("document.getElementById('report').contentDocument.body.innerText");
    let report_text = report_text.as_str().unwrap();
    assert!(
        report_text.contains("13 指標 · 16 評価 · 7 達成 · 9 未達成"),
        "{report_text}"
    );
    for rate in [
        "80.9%", "81.9%", "85.8%", "73.9%", "91.5%", "86.5%", "93.2%", "87.0%", "77.3%",
    ] {
        assert!(report_text.contains(rate), "{rate} in {report_text}");
    }
    assert!(
        report_text.contains("観光入込客数は、観光庁が策定する全国共通基準"),
        "{report_text}"
    );
    assert!(browser.messages().is_empty());

    let screenshot = browser.call("Page.captureScreenshot", json!({"format": "png"}));
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        let png = base64_decode(screenshot["data"].as_str().unwrap());
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/web.png"), png).unwrap();
    }

    // A download is the CLI's own output: the CSV for Excel, with its BOM.
    let downloads = tempfile::tempdir().unwrap();
    browser.call(
        "Browser.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": downloads.path().to_str().unwrap()}),
    );
    browser.eval("document.querySelector('[data-download=csv]').click()");
    let saved = downloads.path().join("tokorozawa-ch5-評価.csv");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !saved.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let (expected, _, _) = cli(
        &[
            "eval",
            "tokorozawa-ch5.csv",
            "--format",
            "csv",
            "--bom",
            "--lang",
            "ja",
        ],
        examples,
    );
    assert_eq!(std::fs::read(&saved).unwrap(), expected);

    // An uploaded Shift_JIS CSV, an uploaded workbook and the plan's PDF,
    // in English.
    assert_eq!(browser.choose("lang", "en"), "done");
    for name in [
        "tokorozawa-ch5-wide-sjis.csv",
        "tokorozawa-ch5-as-published.xlsx",
        "tokorozawa-ch5-as-published.pdf",
    ] {
        assert_eq!(browser.upload(&examples.join(name)), "done", "{name}");
        assert_same_as_cli(&mut browser, name, examples, "en");
    }
    // Dropped on the page rather than chosen: the same.
    let name = "tokorozawa-ch5.csv";
    assert_eq!(browser.drop_file(&examples.join(name)), "done");
    assert_same_as_cli(&mut browser, name, examples, "en");
    // The plan's PDF as Chromium and reportlab print it (a CID font the
    // PDF does not embed: the page's own fonts and CMaps stand in).
    let pdfs = Path::new(PDFS);
    for name in ["chromium.pdf", "reportlab.pdf"] {
        assert_eq!(browser.upload(&pdfs.join(name)), "done", "{name}");
        assert_same_as_cli(&mut browser, name, pdfs, "en");
    }
    // The older and the open workbook formats read alike.
    let published = Path::new(PUBLISHED);
    for name in ["as-published.xls", "as-published.ods"] {
        assert_eq!(browser.upload(&published.join(name)), "done", "{name}");
        assert_same_as_cli(&mut browser, name, published, "en");
    }
    assert_eq!(
        browser.upload(&examples.join("tokorozawa-ch5-as-published.xlsx")),
        "done"
    );

    // Options are the CLI's: a period and two decimals.
    assert_eq!(browser.choose("period", "H30"), "done");
    assert_eq!(browser.choose("decimals", "2"), "done");
    let (expected, _, _) = cli(
        &[
            "eval",
            "tokorozawa-ch5-as-published.xlsx",
            "--format",
            "csv",
            "--lang",
            "en",
            "--decimals",
            "2",
            "--period",
            "H30",
        ],
        examples,
    );
    assert_eq!(browser.table("evaluation"), csv_rows(&expected));
    assert_eq!(browser.choose("period", ""), "done");
    assert_eq!(browser.choose("decimals", "1"), "done");

    // A file with errors: every message as the CLI prints it, beside the file.
    let bad_dir = tempfile::tempdir().unwrap();
    let bad = bad_dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "indicator,direction,target,actual\r\nA,↗,100,80\r\nB,↗,ten,5\r\nC,sideways,3,4\r\n",
    )
    .unwrap();
    assert_eq!(browser.upload(&bad), "done");
    let (_, stderr, code) = cli(
        &["eval", "bad.csv", "--format", "csv", "--lang", "en"],
        bad_dir.path(),
    );
    assert_eq!(code, 2);
    let expected: Vec<String> = stderr.lines().map(str::to_string).collect();
    assert!(expected.iter().any(|l| l.starts_with("bad.csv:3:")), "{stderr}");
    assert_eq!(browser.messages(), expected);
    // The rows that could be read are still reported, as the CLI does.
    let (report, _, code) = cli(&["report", "bad.csv", "--lang", "en"], bad_dir.path());
    assert_eq!(code, 2);
    let shown = browser.eval("document.getElementById('report').srcdoc");
    assert_eq!(shown.as_str().unwrap(), String::from_utf8(report).unwrap());
    // A file that cannot be read at all says so, not an empty table.
    std::fs::write(&bad, "no,header,here\n1,2,3\n").unwrap();
    assert_eq!(browser.upload(&bad), "failed");
    let (_, stderr, _) = cli(&["eval", "bad.csv"], bad_dir.path());
    assert_eq!(
        browser.messages(),
        stderr.lines().map(str::to_string).collect::<Vec<_>>()
    );

    // Nothing left the page: the only request is the page itself, and no
    // policy was broken or script failed.
    let drained: Vec<Value> = browser.from_browser.try_iter().collect();
    browser.events.extend(drained);
    let requests: Vec<&str> = browser
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str())
        .collect();
    assert!(!requests.is_empty(), "requests are recorded");
    for url in &requests {
        assert!(
            url.starts_with(&page_url) || url.starts_with("blob:") || url.starts_with("data:"),
            "the page requested {url}"
        );
    }
    for event in &browser.events {
        assert_ne!(event["method"], "Runtime.exceptionThrown", "{event}");
        if event["method"] == "Log.entryAdded" {
            let text = event["params"]["entry"]["text"].as_str().unwrap_or_default();
            assert!(!text.contains("Content Security Policy"), "{text}");
        }
    }
}

/// Standard base64, for the screenshot the protocol returns.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk.iter().fold(0u32, |n, &d| n << 6 | u32::from(d)) << (6 * (4 - chunk.len()));
            let bytes = n.to_be_bytes();
            bytes[1..chunk.len()].to_vec()
        })
        .collect()
}
