//! The lattice: a page's ruling lines make a grid, a missing border inside
//! it joins two cells into one (a merged cell), and each glyph goes into the
//! cell it lies in. Tabula and camelot read ruled tables the same way; the
//! whitespace way (columns guessed from gaps) places few cells right in a
//! 総括表's two-tier headers and merged 節 cells, so it is not used.

use std::collections::HashMap;

use hayro_interpret::kurbo::{Point, Vec2};

use super::page::{Glyph, Marks, Rule};
use super::text;

/// Lines closer than this (in points) are one line.
const SAME_LINE: f64 = 1.5;

/// The most lines either way a table's grid may have: an A3 page holds
/// fewer than 400 rows of 3 pt.
const MAX_LINES: usize = 1000;

/// A page's table as cells of text: the rows above the grid (a title, one
/// text each), then the grid's rows, a merged cell's text in each of its
/// cells, as a workbook's merged region is read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageTable {
    pub rows: Vec<Vec<String>>,
}

/// The ruled table of a page, if its lines make one.
pub fn table(marks: &Marks) -> Option<PageTable> {
    let turn = reading_direction(&marks.glyphs);
    let place = |p: Point| Point::new(p.to_vec2().dot(turn), p.to_vec2().dot(Vec2::new(-turn.y, turn.x)));
    let rules: Vec<Rule> = marks
        .rules
        .iter()
        .map(|r| Rule {
            from: place(r.from),
            to: place(r.to),
        })
        .collect();
    let (across, down) = lines(&rules);
    let (ys, xs) = (positions(&across), positions(&down));
    // A grid finer than any printed table (a hatched drawing, a hostile
    // page) is no table: the cells' borders are checked line by line.
    if ys.len() < 2 || xs.len() < 2 || ys.len() > MAX_LINES || xs.len() > MAX_LINES {
        return None;
    }
    let (rows, columns) = (ys.len() - 1, xs.len() - 1);
    // A cell joins its right (lower) neighbour where no line runs between.
    let open_right = |r: usize, c: usize| !covered(&down, xs[c + 1], (ys[r], ys[r + 1]));
    let open_below = |r: usize, c: usize| !covered(&across, ys[r + 1], (xs[c], xs[c + 1]));
    let mut owner: Vec<usize> = (0..rows * columns).collect();
    for r in 0..rows {
        for c in 0..columns {
            if c + 1 < columns && open_right(r, c) {
                join(&mut owner, r * columns + c, r * columns + c + 1);
            }
            if r + 1 < rows && open_below(r, c) {
                join(&mut owner, r * columns + c, (r + 1) * columns + c);
            }
        }
    }
    // Where a glyph is seen: where it is, or, hidden by its clip, at the
    // nearest point of the clip (inside the cell that clips it).
    let seen = |glyph: &Glyph| {
        let at = place(glyph.at);
        let Some(clip) = glyph.clip else { return at };
        let (a, b) = (
            place(Point::new(clip.x0, clip.y0)),
            place(Point::new(clip.x1, clip.y1)),
        );
        let (x0, x1, y0, y1) = (a.x.min(b.x), a.x.max(b.x), a.y.min(b.y), a.y.max(b.y));
        let inside = x0 <= at.x && at.x <= x1 && y0 <= at.y && at.y <= y1;
        if inside || x1 - x0 < 1.0 || y1 - y0 < 1.0 {
            return at;
        }
        Point::new(at.x.clamp(x0 + 0.5, x1 - 0.5), at.y.clamp(y0 + 0.5, y1 - 0.5))
    };
    // Each run goes where its first glyph (in reading order) is seen.
    let mut starts: HashMap<usize, Point> = HashMap::new();
    for glyph in &marks.glyphs {
        let at = seen(glyph);
        starts
            .entry(glyph.run)
            .and_modify(|start| {
                if at.x < start.x {
                    *start = at;
                }
            })
            .or_insert(at);
    }
    let mut cells: Vec<Vec<(Point, &Glyph)>> = vec![Vec::new(); rows * columns];
    let mut above: Vec<(Point, &Glyph)> = Vec::new();
    for glyph in &marks.glyphs {
        let at = place(glyph.at);
        let start = starts.get(&glyph.run).copied().unwrap_or_else(|| seen(glyph));
        // A run just past the table's left or right edge (the end of a text
        // clipped by its cell, drawn in another font) belongs to the cell
        // at that edge.
        let edge = xs[0] - SAME_LINE * 4.0..xs[columns] + SAME_LINE * 4.0;
        let column = slot(&xs, start.x).or_else(|| {
            edge.contains(&start.x)
                .then(|| if start.x < xs[0] { 0 } else { columns - 1 })
        });
        match (column, slot(&ys, start.y)) {
            (Some(c), Some(r)) => cells[find(&mut owner, r * columns + c)].push((at, glyph)),
            (Some(_), None) if start.y < ys[0] => above.push((at, glyph)),
            _ => {}
        }
    }
    let mut table = PageTable::default();
    for line in text::lines(&above) {
        table.rows.push(vec![line]);
    }
    let texts: Vec<String> = cells.iter().map(|glyphs| text::cell(glyphs)).collect();
    for r in 0..rows {
        let row = (0..columns)
            .map(|c| texts[find(&mut owner, r * columns + c)].clone())
            .collect();
        table.rows.push(row);
    }
    Some(table)
}

/// The direction text runs in, most glyphs' (a page printed sideways
/// reads along its height): one of the four axes, as a unit vector.
fn reading_direction(glyphs: &[Glyph]) -> Vec2 {
    let mut counts = [0usize; 4];
    for glyph in glyphs {
        counts[quadrant(glyph.em)] += 1;
    }
    let most = (0..4)
        .max_by_key(|&q| (counts[q], usize::from(q == 0)))
        .unwrap_or(0);
    [
        Vec2::new(1.0, 0.0),
        Vec2::new(0.0, 1.0),
        Vec2::new(-1.0, 0.0),
        Vec2::new(0.0, -1.0),
    ][most]
}

fn quadrant(v: Vec2) -> usize {
    if v.x.abs() >= v.y.abs() {
        if v.x >= 0.0 { 0 } else { 2 }
    } else if v.y >= 0.0 {
        1
    } else {
        3
    }
}

/// A group of lines at one position (within `SAME_LINE`): where, and the
/// stretches they cover along it.
#[derive(Clone, Debug)]
struct Line {
    at: f64,
    spans: Vec<(f64, f64)>,
}

/// The horizontal and the vertical lines, each merged by position; only
/// lines that meet a line of the other kind, so that an underline or a
/// frame's stray rule makes no row.
fn lines(rules: &[Rule]) -> (Vec<Line>, Vec<Line>) {
    let mut across = Vec::new();
    let mut down = Vec::new();
    for rule in rules {
        let (a, b) = (rule.from, rule.to);
        if (a.y - b.y).abs() < 0.5 {
            across.push(((a.y + b.y) / 2.0, a.x.min(b.x), a.x.max(b.x)));
        } else if (a.x - b.x).abs() < 0.5 {
            down.push(((a.x + b.x) / 2.0, a.y.min(b.y), a.y.max(b.y)));
        }
    }
    let (across, down) = (merge(across), merge(down));
    // Each line is checked against the other kind's: bounded, as for the grid.
    if across.len() > MAX_LINES * 4 || down.len() > MAX_LINES * 4 {
        return (Vec::new(), Vec::new());
    }
    // From a line's first stretch to its last: a dotted line's gaps too.
    let reaches = |line: &Line, at: f64| match (line.spans.first(), line.spans.last()) {
        (Some(first), Some(last)) => first.0 - SAME_LINE <= at && at <= last.1 + SAME_LINE,
        _ => false,
    };
    let meets = |line: &Line, others: &[Line]| {
        others
            .iter()
            .any(|other| reaches(other, line.at) && reaches(line, other.at))
    };
    let kept_across: Vec<Line> = across.iter().filter(|l| meets(l, &down)).cloned().collect();
    let kept_down: Vec<Line> = down.iter().filter(|l| meets(l, &across)).cloned().collect();
    (kept_across, kept_down)
}

/// Segments `(position, from, to)` merged into lines: by position within
/// `SAME_LINE`, their stretches joined where they touch.
fn merge(mut segments: Vec<(f64, f64, f64)>) -> Vec<Line> {
    segments.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Per line: the positions of its segments, and their stretches.
    type Gathered = (Vec<f64>, Vec<(f64, f64)>);
    let mut lines: Vec<Gathered> = Vec::new();
    for (at, from, to) in segments {
        match lines.last_mut() {
            Some((ats, spans)) if at - ats[ats.len() - 1] <= SAME_LINE => {
                ats.push(at);
                spans.push((from, to));
            }
            _ => lines.push((vec![at], vec![(from, to)])),
        }
    }
    lines
        .into_iter()
        .map(|(ats, mut spans)| {
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut joined: Vec<(f64, f64)> = Vec::new();
            for (from, to) in spans {
                match joined.last_mut() {
                    Some(last) if from <= last.1 + SAME_LINE => last.1 = last.1.max(to),
                    _ => joined.push((from, to)),
                }
            }
            Line {
                at: ats.iter().sum::<f64>() / ats.len() as f64,
                spans: joined,
            }
        })
        .collect()
}

/// Whether a line at `at` (within `SAME_LINE`) borders the stretch
/// `from..to` of a cell's edge: covers a third of it or more, so that a
/// dotted or dashed border (点線, common between a table's inner rows)
/// counts as the border it is.
fn covered(lines: &[Line], at: f64, (from, to): (f64, f64)) -> bool {
    let length = to - from;
    lines
        .iter()
        .filter(|line| (line.at - at).abs() <= SAME_LINE)
        .any(|line| {
            let drawn: f64 = line
                .spans
                .iter()
                .map(|&(a, b)| (b.min(to) - a.max(from)).max(0.0))
                .sum();
            drawn >= length / 3.0
        })
}

fn positions(lines: &[Line]) -> Vec<f64> {
    lines.iter().map(|line| line.at).collect()
}

/// The index of the gap between `edges` that holds `at`.
fn slot(edges: &[f64], at: f64) -> Option<usize> {
    edges.windows(2).position(|pair| pair[0] <= at && at < pair[1])
}

fn find(owner: &mut [usize], cell: usize) -> usize {
    let mut root = cell;
    while owner[root] != root {
        root = owner[root];
    }
    let mut at = cell;
    while owner[at] != root {
        let next = owner[at];
        owner[at] = root;
        at = next;
    }
    root
}

/// Joins two cells' groups; the group is owned by its first cell (top
/// left), whose text the merged cell is.
fn join(owner: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(owner, a), find(owner, b));
    let (first, second) = (a.min(b), a.max(b));
    owner[second] = first;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(x0: f64, y0: f64, x1: f64, y1: f64) -> Rule {
        Rule {
            from: Point::new(x0, y0),
            to: Point::new(x1, y1),
        }
    }

    fn glyph(text: &str, x: f64, y: f64, run: usize) -> Glyph {
        Glyph {
            text: text.to_string(),
            at: Point::new(x, y),
            em: Vec2::new(10.0, 0.0),
            run,
            clip: None,
        }
    }

    /// Three columns by two rows; the border between the first row's last
    /// two cells is missing (a merged cell), and the top rule is drawn in
    /// two pieces that touch.
    fn marks() -> Marks {
        let mut marks = Marks::default();
        marks.rules = vec![
            rule(0.0, 0.0, 50.0, 0.0),
            rule(50.5, 0.0, 90.0, 0.0),
            rule(0.0, 20.0, 90.0, 20.0),
            rule(0.0, 40.0, 90.0, 40.0),
            rule(0.0, 0.0, 0.0, 40.0),
            rule(30.0, 0.0, 30.0, 40.0),
            rule(60.0, 20.0, 60.0, 40.0),
            rule(90.0, 0.0, 90.0, 40.0),
            // An underline below the table that meets no other line.
            rule(0.0, 60.0, 90.0, 60.0),
        ];
        marks.glyphs = vec![
            glyph("表", 5.0, -10.0, 1),
            glyph("節", 5.0, 10.0, 2),
            glyph("目", 35.0, 10.0, 3),
            glyph("標", 45.0, 10.0, 3),
            glyph("1", 5.0, 30.0, 4),
            glyph("2", 35.0, 30.0, 5),
            // A text too wide for its cell, drawn on past the border.
            glyph("3", 86.0, 30.0, 6),
            glyph("4", 95.0, 30.0, 6),
            glyph("頁", 5.0, 70.0, 7),
        ];
        marks
    }

    #[test]
    fn a_grid_with_a_merged_cell_reads_as_a_sheet() {
        let table = table(&marks()).unwrap();
        assert_eq!(
            table.rows,
            [
                vec!["表".to_string()],
                vec!["節".into(), "目標".into(), "目標".into()],
                vec!["1".into(), "2".into(), "34".into()],
            ]
        );
    }

    #[test]
    fn a_page_turned_a_quarter_reads_the_same() {
        // Every point turned 90° clockwise, text running down the page.
        let turn = |p: Point| Point::new(-p.y, p.x);
        let mut marks = marks();
        for rule in &mut marks.rules {
            (rule.from, rule.to) = (turn(rule.from), turn(rule.to));
        }
        for glyph in &mut marks.glyphs {
            glyph.at = turn(glyph.at);
            glyph.em = Vec2::new(0.0, 10.0);
        }
        assert_eq!(table(&marks).unwrap(), table(&self::marks()).unwrap());
    }

    /// The border between the two rows drawn dashed, dash by dash (2 pt
    /// dashes, 2.5 pt gaps): a border still, the rows two.
    #[test]
    fn a_dotted_border_is_a_border() {
        let mut marks = marks();
        marks.rules.retain(|r| !(r.from.y == 20.0 && r.to.y == 20.0));
        for i in 0..20 {
            let x = i as f64 * 4.5;
            marks.rules.push(rule(x, 20.0, x + 2.0, 20.0));
        }
        assert_eq!(table(&marks).unwrap(), table(&self::marks()).unwrap());
    }

    #[test]
    fn lines_that_make_no_grid_are_no_table() {
        let mut marks = Marks::default();
        marks.rules = vec![rule(0.0, 0.0, 90.0, 0.0), rule(0.0, 20.0, 90.0, 20.0)];
        marks.glyphs = vec![glyph("x", 5.0, 10.0, 1)];
        assert_eq!(table(&marks), None);
        // Hatching finer than any table: refused, not checked cell by cell.
        marks.rules = (0..1500)
            .map(|i| rule(0.0, i as f64 * 2.0, 90.0, i as f64 * 2.0))
            .collect();
        marks
            .rules
            .extend([rule(0.0, 0.0, 0.0, 3000.0), rule(90.0, 0.0, 90.0, 3000.0)]);
        assert_eq!(table(&marks), None);
    }
}
