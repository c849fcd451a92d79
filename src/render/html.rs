//! `report --format html`: one self-contained page (inline CSS and SVG, no
//! scripts, nothing fetched), printable on A4, laid out like the published
//! summary tables. Every text it writes is escaped.
//!
//! Achievement bars differ by more than colour: met bars are solid and
//! marked ✓, unmet bars hatched and marked ✗, pending cells dashed and
//! marked –, so the page reads the same in black and white.

use std::fmt::Write as _;
use std::io::{self, Write};

use rust_decimal::Decimal;

use super::labels::{self, Lang, ReportLabels};
use super::{grouped, report_figures};
use crate::evaluate::Status;
use crate::report::{IndicatorRow, PeriodCell, Report, SectionReport};
use crate::timeline::Trend;

const STYLE: &str = r#"
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: #1a1a1a;
       margin: 24px auto; max-width: 1120px; font-size: 13px; line-height: 1.45;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; border-bottom: 2px solid #1a1a1a; padding-bottom: 2px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
h4 { font-size: 13px; margin: 8px 0 2px; }
.totals, .figures { color: #444; margin: 2px 0 8px; }
section.section { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: middle; }
th { background: #eef0f3; font-weight: 600; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.direction { text-align: center; }
td.rate { white-space: nowrap; overflow: hidden; }
td.rate .value { display: inline-block; width: 48px; text-align: right; font-variant-numeric: tabular-nums; }
td.rate .bar { display: inline-block; width: 52px; height: 10px; margin: 0 4px; border: 1px solid #555;
               vertical-align: middle; background: #fff; }
td.rate .fill { display: block; height: 100%; }
td.rate.met .fill { background: #2b6cb0; }
td.rate.unmet .fill { background: repeating-linear-gradient(45deg, #c05621 0 3px, #fff 3px 5px); }
td.rate.pending .bar { border-style: dashed; }
td.rate .mark { display: inline-block; width: 14px; text-align: center; font-weight: 700; }
td.rate .trend { display: inline-block; width: 12px; text-align: center; }
td.rate .grade { display: inline-block; min-width: 16px; margin-left: 3px; padding: 0 2px; font-weight: 700; text-align: center; border: 1px solid #555; }
td.rate .grade.best { background: #2b6cb0; color: #fff; }
td.rate .grade.worst { background: #c05621; color: #fff; }
td.course { white-space: nowrap; }
svg.sparkline { vertical-align: middle; }
td.course .outlook { display: block; font-size: 10px; }
.reasons { margin: 6px 0 0; padding: 6px 10px; border-left: 4px solid #c05621; background: #fbf6f2; }
.reasons p { margin: 2px 0; }
.chart svg text { font-size: 12px; font-family: inherit; }
footer { margin-top: 28px; color: #666; font-size: 11px; }
"#;

/// Writes the report as one HTML page.
pub fn write_report(mut out: Box<dyn Write>, report: &Report, decimals: u32, lang: Lang) -> io::Result<()> {
    let words = labels::report(lang);
    let mut page = String::with_capacity(64 * 1024);
    let code = if lang.is_japanese() { "ja" } else { "en" };
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&report.title),
        escape(&report.title)
    );
    let _ = writeln!(
        page,
        "<p class=\"totals\">{}</p>",
        escape(&report_figures(&report.total, &words))
    );
    chart(&mut page, report, &words);
    for chapter in &report.chapters {
        if !chapter.name.is_empty() {
            let _ = writeln!(page, "<h2>{}</h2>", escape(&chapter.name));
        }
        for section in &chapter.sections {
            section_table(&mut page, report, section, decimals, &words, lang);
        }
    }
    let _ = writeln!(
        page,
        "<footer>{}</footer>\n</body>\n</html>",
        escape(words.generated)
    );
    out.write_all(page.as_bytes())?;
    out.flush()
}

/// Horizontal bars of met share and mean achievement for every section.
fn chart(page: &mut String, report: &Report, words: &ReportLabels) {
    let sections: Vec<(&str, &SectionReport)> = report
        .chapters
        .iter()
        .flat_map(|c| c.sections.iter().map(move |s| (c.name.as_str(), s)))
        .collect();
    if sections.is_empty() {
        return;
    }
    // Chapters often number their sections alike (第1節 in each): where a
    // name repeats, the chapter tells the bars apart.
    let repeated = |name: &str| sections.iter().filter(|(_, s)| s.name == name).count() > 1;
    let (label_width, bar_width, row_height) = (230.0, 420.0, 34.0);
    let height = 30.0 + row_height * sections.len() as f64;
    let _ = writeln!(
        page,
        "<section class=\"chart\">\n<h2>{}</h2>",
        escape(words.chart)
    );
    let _ = writeln!(
        page,
        "<svg role=\"img\" aria-label=\"{}\" width=\"760\" height=\"{height}\" viewBox=\"0 0 760 {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(words.chart)
    );
    let _ = writeln!(
        page,
        "<defs><pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"5\" fill=\"#c05621\"/></pattern></defs>"
    );
    let _ = writeln!(
        page,
        "<rect x=\"{label_width}\" y=\"4\" width=\"12\" height=\"10\" fill=\"#2b6cb0\"/><text x=\"{}\" y=\"13\">{}</text><rect x=\"{}\" y=\"4\" width=\"12\" height=\"10\" fill=\"url(#hatch)\" stroke=\"#555\"/><text x=\"{}\" y=\"13\">{}</text>",
        label_width + 16.0,
        escape(words.met_share),
        label_width + 140.0,
        label_width + 156.0,
        escape(words.achievement(report.total.aggregate))
    );
    for (i, (chapter, section)) in sections.iter().enumerate() {
        let y = 24.0 + row_height * i as f64;
        let label = if repeated(&section.name) && !chapter.is_empty() {
            format!("{chapter} {}", section.name)
        } else {
            section.name.clone()
        };
        let _ = writeln!(page, "<text x=\"0\" y=\"{}\">{}</text>", y + 17.0, escape(&label));
        for (j, (value, fill)) in [
            (section.stats.met_share, "#2b6cb0"),
            (section.stats.mean_achievement, "url(#hatch)"),
        ]
        .into_iter()
        .enumerate()
        {
            let top = y + 3.0 + 13.0 * j as f64;
            let width = value.map_or(0.0, |v| bar_width * percent_fraction(v));
            let _ = writeln!(
                page,
                "<rect x=\"{label_width}\" y=\"{top}\" width=\"{bar_width}\" height=\"11\" fill=\"#fff\" stroke=\"#bbb\"/><rect x=\"{label_width}\" y=\"{top}\" width=\"{width:.2}\" height=\"11\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\">{}</text>",
                label_width + bar_width + 8.0,
                top + 10.0,
                value.map(|v| format!("{v}%")).unwrap_or_else(|| "–".to_string())
            );
        }
    }
    page.push_str("</svg>\n</section>\n");
}

fn section_table(
    page: &mut String,
    report: &Report,
    section: &SectionReport,
    decimals: u32,
    words: &ReportLabels,
    lang: Lang,
) {
    let _ = writeln!(page, "<section class=\"section\">");
    if !section.name.is_empty() {
        let _ = writeln!(page, "<h3>{}</h3>", escape(&section.name));
    }
    let _ = writeln!(
        page,
        "<p class=\"figures\">{}</p>",
        escape(&report_figures(&section.stats, words))
    );
    if section.periods_left_out > 0 {
        let _ = writeln!(
            page,
            "<p class=\"figures\">{}: {}</p>",
            escape(words.earlier_periods),
            section.periods_left_out
        );
    }
    // One column plan for every section, so that the tables line up.
    let per_period = 50.0 / report.widest.max(1) as f64;
    page.push_str("<table class=\"indicators\">\n<colgroup><col style=\"width:19%\"><col style=\"width:5%\"><col style=\"width:5%\"><col style=\"width:6%\">");
    for _ in &section.periods {
        let _ = write!(
            page,
            "<col style=\"width:{:.2}%\"><col style=\"width:{:.2}%\"><col style=\"width:{:.2}%\">",
            per_period * 0.25,
            per_period * 0.25,
            per_period * 0.5
        );
    }
    page.push_str("<col style=\"width:7%\"><col style=\"width:8%\"></colgroup>\n");
    let _ = write!(
        page,
        "<thead>\n<tr><th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th>",
        escape(words.indicator),
        escape(words.unit),
        escape(words.direction),
        escape(words.baseline)
    );
    for period in &section.periods {
        let _ = write!(page, "<th colspan=\"3\">{}</th>", escape(period));
    }
    let _ = write!(
        page,
        "<th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th></tr>\n<tr>",
        escape(words.final_target),
        escape(words.course)
    );
    for _ in &section.periods {
        let _ = write!(
            page,
            "<th>{}</th><th>{}</th><th>{}</th>",
            escape(words.target),
            escape(words.actual),
            escape(words.achievement)
        );
    }
    page.push_str("</tr>\n</thead>\n<tbody>\n");
    for indicator in &section.indicators {
        indicator_row(page, indicator, (decimals, report.graded_names), words, lang);
    }
    page.push_str("</tbody>\n</table>\n");
    if !section.reasons.is_empty() {
        let _ = writeln!(
            page,
            "<div class=\"reasons\">\n<h4>{}</h4>",
            escape(words.reasons)
        );
        for reason in &section.reasons {
            let _ = writeln!(page, "<p>{}</p>", escape(reason));
        }
        page.push_str("</div>\n");
    }
    page.push_str("</section>\n");
}

fn indicator_row(
    page: &mut String,
    indicator: &IndicatorRow,
    (decimals, grades): (u32, usize),
    words: &ReportLabels,
    lang: Lang,
) {
    let _ = write!(
        page,
        "<tr class=\"indicator\"><td class=\"name\">{}</td><td>{}</td><td class=\"direction\">{}</td><td class=\"num\">{}</td>",
        escape(&indicator.name),
        escape(&indicator.unit),
        labels::arrow(indicator.direction),
        number(indicator.baseline)
    );
    // The trend arrow goes beside the latest measured rate.
    let latest = indicator
        .periods
        .iter()
        .rposition(|cell| cell.as_ref().is_some_and(|c| c.actual.is_some()));
    for (index, cell) in indicator.periods.iter().enumerate() {
        match cell {
            Some(cell) => period_cells(page, cell, decimals, words, (latest == Some(index), grades)),
            None => page.push_str("<td></td><td></td><td class=\"rate none\"></td>"),
        }
    }
    let _ = writeln!(
        page,
        "<td class=\"num\">{}</td><td class=\"course\">{}{}</td></tr>",
        number(indicator.final_target),
        sparkline(indicator),
        indicator.outlook.map_or(String::new(), |outlook| format!(
            "<span class=\"outlook {}\">{}</span>",
            outlook.as_str(),
            escape(labels::outlook(outlook, lang))
        ))
    );
}

/// An indicator's actuals over the periods as a small line, its final
/// target as a dotted line and its projection (`--projection`) dashed to
/// the right edge: told apart by line style, so that it reads in print and
/// without colour. Floats only for drawing; the figures are in the table.
fn sparkline(indicator: &IndicatorRow) -> String {
    let float = |value: Decimal| value.to_string().parse::<f64>().unwrap_or(0.0);
    let points: Vec<(usize, f64)> = indicator
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| Some((i, float(cell.as_ref()?.actual?))))
        .collect();
    if points.is_empty() {
        return String::new();
    }
    let target = indicator.final_target.map(float);
    let projected = indicator.projected.map(float);
    let values = points.iter().map(|&(_, v)| v).chain(target).chain(projected);
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (width, height, pad) = (96.0, 26.0, 3.0);
    let right = if projected.is_some() {
        width - pad - 14.0
    } else {
        width - pad
    };
    let steps = indicator.periods.len().saturating_sub(1).max(1) as f64;
    let x = |i: usize| pad + (right - pad) * i as f64 / steps;
    let y = |v: f64| height - pad - (v - lo) / span * (height - 2.0 * pad);
    let line: Vec<String> = points
        .iter()
        .map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v)))
        .collect();
    let mut svg = format!(
        "<svg class=\"sparkline\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(
            &points
                .iter()
                .map(|&(_, v)| v.to_string())
                .collect::<Vec<_>>()
                .join(" → ")
        )
    );
    // A text target has no line to draw.
    if let Some(target) = target {
        svg.push_str(&format!(
            "<line class=\"target\" x1=\"{pad}\" y1=\"{t:.1}\" x2=\"{width}\" y2=\"{t:.1}\" stroke=\"#555\" stroke-width=\"1\" stroke-dasharray=\"1 2\"/>",
            t = y(target)
        ));
    }
    svg.push_str(&format!(
        "<polyline class=\"actuals\" points=\"{}\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>",
        line.join(" ")
    ));
    for &(i, v) in &points {
        svg.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"1.8\" fill=\"#000\"/>",
            x(i),
            y(v)
        ));
    }
    if let (Some(projected), Some(&(i, v))) = (projected, points.last()) {
        svg.push_str(&format!(
            "<line class=\"projection\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"1\" stroke-dasharray=\"4 2\"/>",
            x(i),
            y(v),
            width - pad,
            y(projected)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A period's cells; `grades` is how many grades the scheme gives
/// evaluable rows (the last of them is the worst).
fn period_cells(
    page: &mut String,
    cell: &PeriodCell,
    decimals: u32,
    words: &ReportLabels,
    (latest, grades): (bool, usize),
) {
    let (class, mark, title) = match cell.status {
        Status::Met => ("met", "✓", words.met),
        Status::Unmet => ("unmet", "✗", words.unmet),
        Status::Pending => ("pending", "–", words.pending),
    };
    let _ = write!(
        page,
        "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
        number(cell.target),
        number(cell.actual)
    );
    let rate = cell.achievement.map(|a| a.to_string()).unwrap_or_default();
    let width = cell.achievement.map_or(0.0, percent_fraction) * 100.0;
    let trend = match cell.trend.filter(|_| latest) {
        Some(trend @ (Trend::Improved | Trend::Flat | Trend::Worsened)) => format!(
            "<span class=\"trend\" aria-label=\"{}\">{}</span>",
            escape(trend.as_str()),
            match trend {
                Trend::Improved => "↑",
                Trend::Flat => "→",
                _ => "↓",
            }
        ),
        _ => String::new(),
    };
    // The grade, coloured: the scheme's best grade blue, its worst orange.
    let grade = match &cell.grade {
        Some((name, rank)) => format!(
            "<span class=\"grade{}\" data-rank=\"{rank}\">{}</span>",
            if *rank == 0 {
                " best"
            } else if *rank + 1 == grades {
                " worst"
            } else {
                ""
            },
            escape(name)
        ),
        None => String::new(),
    };
    let _ = write!(
        page,
        "<td class=\"rate {class}\" data-rate=\"{rate}\" title=\"{}\"><span class=\"value\">{}</span><span class=\"bar\" aria-hidden=\"true\"><span class=\"fill\" style=\"width:{width:.prec$}%\"></span></span><span class=\"mark\" aria-label=\"{}\">{mark}</span>{trend}{grade}</td>",
        escape(title),
        if rate.is_empty() {
            String::new()
        } else {
            format!("{rate}%")
        },
        escape(title),
        prec = decimals as usize
    );
}

/// A printed percent as a fraction of the bar: 0 to 1 (uncapped rates fill it).
fn percent_fraction(percent: Decimal) -> f64 {
    let clamped = percent.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    // Only for drawing: the printed number is the decimal itself.
    clamped.to_string().parse::<f64>().unwrap_or(0.0) / 100.0
}

/// As councils print figures: with thousands separators (2,900).
fn number(value: Option<Decimal>) -> String {
    value.map(grouped).unwrap_or_default()
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn bar_fractions() {
        assert_eq!(percent_fraction(Decimal::new(809, 1)), 0.809);
        assert_eq!(percent_fraction(Decimal::new(2188, 1)), 1.0);
        assert_eq!(percent_fraction(Decimal::ZERO), 0.0);
    }
}
