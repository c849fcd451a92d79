//! `plancheck report`: the page people read, checked as text and in a real
//! browser (headless Chromium: Debian's `chromium`, installed by .ci/run).

mod common;

use std::path::Path;
use std::process::Command;

use common::{EXAMPLE, chromium, run, run_stdin};

/// The rates of the example in page order: per section, each indicator's
/// H26 then H30 achievement where it has one.
const PAGE_RATES: [&str; 16] = [
    "80.9%", "81.9%", "100.0%", "100.0%", "85.8%", "100.0%", "100.0%", "73.9%", "91.5%", "86.5%", "100.0%",
    "93.2%", "87.0%", "77.3%", "100.0%", "100.0%",
];

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

#[test]
fn html_report_has_every_indicator_and_rate() {
    let (page, stderr, code) = run(&["report", EXAMPLE]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"), "no scripts");
    assert!(
        !page.contains("http://") || page.matches("http://").count() == 1,
        "only the SVG namespace"
    );
    assert_eq!(page.matches("<tr class=\"indicator\">").count(), 13);
    let rates: Vec<&str> = page
        .split("<span class=\"value\">")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap()])
        .filter(|rate| !rate.is_empty())
        .collect();
    assert_eq!(rates, PAGE_RATES);
    assert!(
        page.contains("中小企業が多い所沢市内の事業所では"),
        "section 3's reason"
    );
    assert_eq!(
        page.matches("中小企業が多い所沢市内の事業所では").count(),
        1,
        "given once per section"
    );
}

#[test]
fn report_escapes_everything_it_writes() {
    let input =
        "section,indicator,direction,target,actual,reason\n<b>,<script>alert(1)</script>,up,10,5,a & b\n";
    let (page, _, code) = run_stdin(&["report", "-", "--title", "<i>x</i>"], input);
    assert_eq!(code, 0);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("<title>&lt;i&gt;x&lt;/i&gt;</title>"));
    assert!(page.contains("a &amp; b"));
    assert!(!page.contains("<script"));
    let (markdown, _, _) = run_stdin(&["report", "-", "--format", "markdown"], input);
    assert!(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn markdown_report_snapshot() {
    let (markdown, _, code) = run(&["report", EXAMPLE, "--format", "markdown", "--lang", "ja"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(markdown);
}

#[test]
fn report_to_a_file_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let (stdout, _, code) = run(&["report", EXAMPLE, "--lang", "ja", "-o", path.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.contains("<html lang=\"ja\">"));
    assert!(page.contains("<h1>目標指標の達成状況</h1>"));
    assert!(page.contains("未達成指標の理由・分析"));
}

/// Measures the rendered page: rows, printed rates, and each bar's filled
/// width against its frame. The script goes into a copy of the page only;
/// the report itself has no scripts.
const MEASURE: &str = r#"<script>
const bars = [...document.querySelectorAll('td.rate[data-rate]')].filter(td => td.dataset.rate !== '').map(td => ({
  rate: parseFloat(td.dataset.rate),
  ratio: td.querySelector('.fill').getBoundingClientRect().width / td.querySelector('.bar').clientWidth
}));
const result = {
  rows: document.querySelectorAll('tr.indicator').length,
  rates: [...document.querySelectorAll('td.rate .value')].map(e => e.textContent).filter(t => t !== ''),
  bars,
  chart_bars: document.querySelectorAll('section.chart svg rect').length,
  sparklines: [...document.querySelectorAll('svg.sparkline')].map(s => ({
    points: s.querySelectorAll('circle').length,
    width: s.getBoundingClientRect().width,
  })),
};
const out = document.createElement('pre');
out.id = 'measurements';
out.textContent = JSON.stringify(result);
document.body.appendChild(out);
</script>"#;

#[test]
fn report_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("PLANCHECK_SKIP_BROWSER").is_some(),
            "no Chromium: install Debian's `chromium` (bash scripts/test.sh does), or set PLANCHECK_SKIP_BROWSER=1"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page_path = dir.path().join("report.html");
    let (_, _, code) = run(&[
        "report",
        EXAMPLE,
        "--lang",
        "ja",
        "-o",
        page_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(&page_path).unwrap();
    let measured_path = dir.path().join("measured.html");
    std::fs::write(
        &measured_path,
        page.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .unwrap();

    let dom = headless(&browser, &dir.path().join("profile-dom"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", measured_path.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let json = dom
        .split("<pre id=\"measurements\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no measurements in the DOM:\n{dom}"));
    let measured: serde_json::Value = serde_json::from_str(&json.replace("&amp;", "&")).unwrap();
    assert_eq!(measured["rows"], 13);
    let rates: Vec<&str> = measured["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(rates, PAGE_RATES);
    let bars = measured["bars"].as_array().unwrap();
    assert_eq!(bars.len(), 16);
    for bar in bars {
        let (rate, ratio) = (bar["rate"].as_f64().unwrap(), bar["ratio"].as_f64().unwrap());
        assert!(
            (ratio - rate / 100.0).abs() < 0.03,
            "bar of {rate}% fills {ratio}"
        );
    }
    assert!(
        measured["chart_bars"].as_u64().unwrap() >= 20,
        "two bars and a frame each for 5 sections"
    );
    // A sparkline per indicator, a point per measured period: 16 in all.
    let sparklines = measured["sparklines"].as_array().unwrap();
    assert_eq!(sparklines.len(), 13);
    let points: u64 = sparklines.iter().map(|s| s["points"].as_u64().unwrap()).sum();
    assert_eq!(points, 16);
    assert!(
        sparklines.iter().all(|s| s["width"].as_f64().unwrap() > 50.0),
        "drawn: {sparklines:?}"
    );

    let screenshot = dir.path().join("report.png");
    let shot = headless(&browser, &dir.path().join("profile-shot"))
        .args([
            "--window-size=1200,1900",
            &format!("--screenshot={}", screenshot.display()),
        ])
        .arg(format!("file://{}", page_path.display()))
        .output()
        .unwrap();
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let png = std::fs::read(&screenshot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "a real picture"
    );
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.png"), &png).unwrap();
    }
}

#[test]
fn sparklines_trends_and_projections_in_the_report() {
    let (page, _, code) = run(&["report", "examples/time-series.csv", "--projection", "cagr"]);
    assert_eq!(code, 0);
    assert_eq!(page.matches("<svg class=\"sparkline\"").count(), 3);
    assert_eq!(
        page.matches("class=\"projection\"").count(),
        3,
        "each projection dashed"
    );
    assert_eq!(page.matches("class=\"target\"").count(), 3);
    // The latest rate carries the trend: all three improved in 2023.
    assert_eq!(
        page.matches("<span class=\"trend\" aria-label=\"improved\">↑</span>")
            .count(),
        3
    );
    assert_eq!(
        page.matches("<span class=\"outlook ").count(),
        3,
        "whether each will reach its target"
    );
    assert!(
        page.contains("<span class=\"outlook on_track\">on_track</span>"),
        "{page}"
    );
    // Without --projection the report projects by least squares (exact).
    let (page, _, _) = run(&["report", "examples/time-series.csv"]);
    assert_eq!(page.matches("class=\"projection\"").count(), 3);
    // The reference example names no target years: no projection there.
    let (page, _, _) = run(&["report", "examples/tokorozawa-ch5.csv"]);
    assert_eq!(page.matches("class=\"projection\"").count(), 0);
}
