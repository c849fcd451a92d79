//! One page as plancheck needs it: the text's glyphs with their places, and
//! the ruling lines a table is drawn with. hayro-interpret interprets the
//! page's content and hands every glyph run and path to this device; the
//! rest (images, clips, transparency) is passed over.

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::page::Page;
use hayro_interpret::kurbo::{Affine, BezPath, PathSeg, Point, Rect, Shape, Vec2};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps, InterpreterCache,
    InterpreterSettings, SoftMask, interpret_page,
};

/// A glyph: its text (one character, or a ligature's several) and where
/// it sits, in points from the page's top left as shown (after /Rotate).
#[derive(Clone, Debug)]
pub struct Glyph {
    pub text: String,
    /// A point inside the glyph (a quarter em right of and a third of an em
    /// above its origin): inside a cell whatever the glyph's width.
    pub at: Point,
    /// The em: along the baseline, its length the font size.
    pub em: Vec2,
    /// The run of text the glyph was drawn in (one string shown, split
    /// where it jumps): a run belongs to the cell it starts in, so the end
    /// of a text wider than its cell, which a spreadsheet clips but the PDF
    /// still holds, stays with it.
    pub run: usize,
    /// The clip the glyph was drawn under: a glyph outside it is the end of
    /// a text its cell clips (hidden on the page, kept in the PDF), and
    /// belongs to that cell.
    pub clip: Option<Rect>,
}

/// A straight ruling line (or a thin filled rectangle, as browsers draw
/// borders), in the same coordinates as the glyphs.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub from: Point,
    pub to: Point,
}

/// What a page holds for reading a table.
#[derive(Debug, Default)]
pub struct Marks {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    runs: usize,
    /// Where the last glyph of the string being drawn ended, and its em.
    last: Option<(Point, Vec2)>,
    /// The clips in force, each the intersection of those before.
    clips: Vec<Option<Rect>>,
}

/// Rectangles thinner than this (in points) are lines, not shading.
const THIN: f64 = 2.5;

/// Interprets `page`: its glyphs and ruling lines.
pub fn marks(page: &Page<'_>, xref: &hayro_interpret::hayro_syntax::xref::XRef) -> Marks {
    let cache = InterpreterCache::new();
    let (width, height) = page.render_dimensions();
    let initial = Affine::new(page.initial_transform(true).as_coeffs());
    let mut context = Context::new(
        initial,
        Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
        &cache,
        xref,
        InterpreterSettings::default(),
    );
    let mut marks = Marks::default();
    interpret_page(page, &mut context, &mut marks);
    marks
}

impl Marks {
    fn add_path(&mut self, path: &BezPath, transform: Affine, filled: bool) {
        let path = transform * path.clone();
        if filled {
            // A thin filled rectangle is a line; a wide one is shading.
            for sub in subpaths(&path) {
                let bounds = sub.bounding_box();
                let (w, h) = (bounds.width(), bounds.height());
                if h <= THIN && w > h {
                    let y = bounds.center().y;
                    self.push(Point::new(bounds.x0, y), Point::new(bounds.x1, y));
                } else if w <= THIN && h > w {
                    let x = bounds.center().x;
                    self.push(Point::new(x, bounds.y0), Point::new(x, bounds.y1));
                }
            }
            return;
        }
        for segment in path.segments() {
            if let PathSeg::Line(line) = segment {
                self.push(line.p0, line.p1);
            }
        }
    }

    /// Keeps a line if it runs along an axis (within half a point).
    fn push(&mut self, from: Point, to: Point) {
        let d = to - from;
        if (d.x.abs() < 0.5 || d.y.abs() < 0.5) && d.hypot() >= 1.0 {
            self.rules.push(Rule { from, to });
        }
    }
}

/// The subpaths of `path`, each from a move to the next.
fn subpaths(path: &BezPath) -> Vec<BezPath> {
    let mut parts: Vec<BezPath> = Vec::new();
    for element in path.elements() {
        if matches!(element, hayro_interpret::kurbo::PathEl::MoveTo(_)) || parts.is_empty() {
            parts.push(BezPath::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push(*element);
        }
    }
    parts
}

impl<'a> Device<'a> for Marks {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        match draw_mode {
            DrawMode::Stroke(_) | DrawMode::FillAndStroke(..) => self.add_path(path, props.transform, false),
            DrawMode::Fill(_) => self.add_path(path, props.transform, true),
            DrawMode::Invisible => {}
        }
    }

    fn draw_rect(&mut self, rect: &Rect, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.draw_path(&rect.to_path(0.1), props, draw_mode);
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _mode: &DrawMode) {
        self.last = None;
        for glyph in run.glyphs() {
            let Some(unicode) = glyph.as_unicode() else {
                continue;
            };
            let text = match unicode {
                BfString::Char(c) => c.to_string(),
                BfString::String(s) => s,
            };
            // Glyph space is 1000 units to the em.
            let place = props.transform * glyph.transform();
            let origin = place * Point::ZERO;
            let em = place * Point::new(1000.0, 0.0) - origin;
            let up = place * Point::new(0.0, 1000.0) - origin;
            if !(em.is_finite() && up.is_finite()) || em.hypot() < 0.1 {
                continue;
            }
            // Each string shown is a run, split where a glyph does not
            // start where the last one ended (one string positioned across
            // several cells). The next string is a run of its own even
            // where it starts right after this one: in the next cell, a
            // number's dash can sit against the border the number ends at.
            let goes_on = self.last.is_some_and(|(end, last_em)| {
                let (step, size) = (origin - end, last_em.hypot());
                let along = step.dot(last_em) / size;
                let across = (step.x * last_em.y - step.y * last_em.x).abs() / size;
                (-size * 0.3..=size * 0.5).contains(&along) && across <= size * 0.3
            });
            if !goes_on {
                self.runs += 1;
            }
            let advance = match &**glyph {
                hayro_interpret::font::Glyph::Outline(outline) => outline.advance_width(),
                hayro_interpret::font::Glyph::Type3(type3) => type3.advance_width(),
            };
            // Without a width, a wide character's: the next glyph then
            // starts a run unless it overlaps.
            let advance = f64::from(advance.filter(|a| a.is_finite() && *a > 0.0).unwrap_or(1000.0));
            self.last = Some((place * Point::new(advance, 0.0), em));
            self.glyphs.push(Glyph {
                text,
                at: origin + em * 0.25 + up * 0.33,
                em,
                run: self.runs,
                clip: self.clips.last().copied().flatten(),
            });
        }
    }

    fn push_clip_path(&mut self, clip: &ClipPath) {
        let bounds = clip.path.bounding_box();
        let inner = match self.clips.last().copied().flatten() {
            Some(outer) => outer.intersect(bounds),
            None => bounds,
        };
        self.clips.push(Some(inner));
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}

    fn pop_clip(&mut self) {
        self.clips.pop();
    }
    fn pop_transparency_group(&mut self) {}
}
