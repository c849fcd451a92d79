#!/usr/bin/env python3
"""Writes the PDF fixtures: the reference's 総括表 (make-examples.py's
as-published table) printed to PDF by three producers, and the layouts a
PDF reader must survive.

    pip install openpyxl xlwt odfpy reportlab pypdf
    apt-get install chromium libreoffice-calc-nogui fonts-noto-cjk
    python3 scripts/make-pdfs.py

  tests/fixtures/pdf/chromium.pdf      Chromium's print-to-PDF of an HTML table (CID TrueType, Kangxi text maps)
  tests/fixtures/pdf/libreoffice.pdf   LibreOffice Calc's export of the workbook, cells ruled
  tests/fixtures/pdf/reportlab.pdf     reportlab, lines drawn one by one, a non-embedded CID font (HeiseiKakuGo-W5)
  tests/fixtures/pdf/two-pages.pdf     Chromium, the table across two pages, its header repeated
  tests/fixtures/pdf/continued.pdf     Chromium, across pages, the header only on the first
  tests/fixtures/pdf/rotated.pdf       chromium.pdf with /Rotate 90
  tests/fixtures/pdf/sideways.pdf      the table drawn sideways on a portrait page (no /Rotate)
  tests/fixtures/pdf/unruled.pdf       Chromium, the same table without ruling lines
  tests/fixtures/pdf/no-text.pdf       a ruled grid and no text (as a scan would have none)
  tests/fixtures/pdf/bad-cell.pdf      reportlab.pdf with words in an actual's cell (G4), for the place errors name
  tests/fixtures/pdf/bad-rate.pdf      reportlab.pdf with a misprinted rate (H4), for --verify-published
  examples/tokorozawa-ch5-as-published.pdf   libreoffice.pdf, the README's example of a PDF
  tests/fixtures/pdf/publishers/*-{chromium,libreoffice}.pdf
                                       make-examples.py's three publishers' tables (no direction
                                       column, values with years, final targets on the line
                                       under, marks and letter grades), each by two producers

Every ruled one evaluates to the example's 16 rates. The outputs are
committed; tests read them and need none of the producers.
"""
import html
import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl.styles import Border, Side
from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "pdf"
spec = importlib.util.spec_from_file_location("examples", ROOT / "scripts" / "make-examples.py")
examples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(examples)


def spans_of(merges):
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    return spans, covered - set(spans)


def page_html(rows, merges, ruled=True, page="A4 landscape", font="9pt", repeat=True):
    """The title above, the table below it (header rows in <thead>, which
    Chromium repeats on every page, with `repeat`), merged cells as
    row/column spans."""
    spans, covered = spans_of(merges)
    border = "0.75pt solid #000" if ruled else "none"
    out = [f'<!doctype html><meta charset="utf-8"><style>@page {{ size: {page}; margin: 12mm }}'
           f' body {{ font-family: "Noto Sans CJK JP", sans-serif; font-size: {font} }}'
           f' table {{ border-collapse: collapse }} td {{ border: {border}; padding: 2pt 4pt }}'
           ' tr { break-inside: avoid }</style>',
           f'<h1 style="font-size:12pt">{html.escape(rows[0][0].shown())}</h1><table>'
           + ('<thead>' if repeat else '')]
    for r, row in enumerate(rows[2:], start=2):
        if r == 4 and repeat:
            out.append("</thead><tbody>")
        out.append("<tr>")
        for c, cell in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            out.append(f"<td rowspan={rs} colspan={cs}>{html.escape(cell.shown()).replace(chr(10), '<br>')}</td>")
        out.append("</tr>")
    out.append(("</tbody>" if repeat else "") + "</table><p>- 1 -</p>")
    return "".join(out)


def chromium(page, path):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "table.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={path}", str(source)], check=True, capture_output=True)


def libreoffice(rows, merges, path):
    """The workbook make-examples.py writes, every table cell ruled, fitted
    to one landscape page, exported by LibreOffice Calc."""
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "table.xlsx"
        examples.xlsx(book, [("総括表", rows, merges)])
        from openpyxl import load_workbook
        workbook = load_workbook(book)
        sheet = workbook.active
        thin, none = Side(style="thin"), Side(style=None)
        region = {(r, c): m for m in merges for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)}
        for row in sheet.iter_rows(min_row=3, max_row=len(rows), max_col=len(rows[2])):
            for cell in row:
                # A merged region is ruled round its edge only, as Excel prints it.
                r, c = cell.row - 1, cell.column - 1
                r0, c0, r1, c1 = region.get((r, c), (r, c, r, c))
                cell.border = Border(left=thin if c == c0 else none, right=thin if c == c1 else none,
                                     top=thin if r == r0 else none, bottom=thin if r == r1 else none)
        # Columns as wide as their longest line (LibreOffice drops the
        # text a cell clips from the PDF; a CJK character is two units).
        from openpyxl.utils import get_column_letter
        merged = {(r, c) for r0, c0, r1, c1 in merges if c1 > c0 for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for c in range(len(rows[2])):
            lines = [line for r, row in enumerate(rows[2:], start=2) if c < len(row) and (r, c) not in merged
                     for line in row[c].shown().split("\n")]
            units = max([sum(1 if ord(ch) < 0x2000 else 2 for ch in line) for line in lines] + [4])
            sheet.column_dimensions[get_column_letter(c + 1)].width = units + 2
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 1
        workbook.save(book)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
                       check=True, capture_output=True)
        shutil.copy(Path(tmp) / "table.pdf", path)


def reportlab(rows, merges, path, text=True, replace=None):
    """Lines drawn one by one around each (merged) cell, text in a CID font
    the PDF does not embed."""
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    widths = [70, 230, 34, 40, 46] + [40, 40, 44] * 2 + [50]
    # ↗ is not in JIS X 0208, which the font's encoding covers: ↑, as in
    # Excel's Shift_JIS exports.
    arrows = str.maketrans("↗↘→", "↑↓→")
    height, left, top = 16, 20, 60
    page = canvas.Canvas(str(path), pagesize=landscape(A4), invariant=1)
    _, page_height = landscape(A4)
    page.setFont("HeiseiKakuGo-W5", 7)
    if text:
        page.drawString(left, page_height - 35, rows[0][0].shown())
    spans, covered = spans_of(merges)
    xs = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
    body = rows[2:]
    y = lambda r: page_height - top - r * height
    for r, row in enumerate(body, start=2):
        for c in range(len(widths)):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            x0, x1 = xs[c], xs[c + cs]
            y0, y1 = y(r - 2), y(r - 2 + rs)
            page.rect(x0, y1, x1 - x0, y0 - y1, stroke=1, fill=0)
            value = row[c].shown().translate(arrows) if c < len(row) else ""
            value = (replace or {}).get((r, c), value)
            if text and value:
                lines = value.split("\n")
                for i, line in enumerate(lines):
                    page.drawString(x0 + 2, (y0 + y1) / 2 + (len(lines) / 2 - i - 0.8) * 8, line)
    page.showPage()
    page.save()


def rotate(source, path, degrees):
    reader = PdfReader(source)
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page.rotate(degrees))
    with open(path, "wb") as f:
        writer.write(f)


def sideways(source, path):
    """The page's content turned a quarter, the page made portrait: text
    runs up the page and nothing says so but the text itself."""
    writer = PdfWriter(clone_from=source)
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(90).translate(height, 0))
        page.mediabox.upper_right = (height, width)
    with open(path, "wb") as f:
        writer.write(f)


def publishers():
    """The publishers' tables of make-examples.py, by Chromium and LibreOffice."""
    out = OUT / "publishers"
    out.mkdir(parents=True, exist_ok=True)
    for name, table in [("environment-plan", examples.environment_plan), ("white-paper", examples.white_paper),
                        ("health-plan", examples.health_plan)]:
        rows, merges = table()
        # page_html and libreoffice print rows[0] as the title and start
        # the table at rows[2]: these tables have no title.
        rows = [[examples.Cell("")], [examples.Cell(None)]] + rows
        merges = [(r0 + 2, c0, r1 + 2, c1) for r0, c0, r1, c1 in merges]
        chromium(page_html(rows, merges, repeat=False), out / f"{name}-chromium.pdf")
        libreoffice(rows, merges, out / f"{name}-libreoffice.pdf")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rows, merges = examples.published_table()
    chromium(page_html(rows, merges), OUT / "chromium.pdf")
    libreoffice(rows, merges, OUT / "libreoffice.pdf")
    reportlab(rows, merges, OUT / "reportlab.pdf")
    chromium(page_html(rows, merges, page="A5 landscape", font="10pt"), OUT / "two-pages.pdf")
    chromium(page_html(rows, merges, page="A5 landscape", font="10pt", repeat=False), OUT / "continued.pdf")
    rotate(OUT / "chromium.pdf", OUT / "rotated.pdf", 90)
    sideways(OUT / "reportlab.pdf", OUT / "sideways.pdf")
    chromium(page_html(rows, merges, ruled=False), OUT / "unruled.pdf")
    reportlab(rows, merges, OUT / "no-text.pdf", text=False)
    reportlab(rows, merges, OUT / "bad-cell.pdf", replace={(4, 6): "百八十二"})
    reportlab(rows, merges, OUT / "bad-rate.pdf", replace={(4, 7): "90.9%"})
    shutil.copy(OUT / "libreoffice.pdf", ROOT / "examples" / "tokorozawa-ch5-as-published.pdf")
    publishers()


if __name__ == "__main__":
    main()
