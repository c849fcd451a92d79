#!/usr/bin/env python3
"""Derives every example and fixture from examples/tokorozawa-ch5.csv.

    pip install openpyxl xlwt odfpy && python3 scripts/make-examples.py

The wide layout, as planning staff keep and export the same table:

  examples/tokorozawa-ch5-wide.xlsx      one row per indicator, 目標値/実績値/達成率 per period
  examples/tokorozawa-ch5-wide-sjis.csv  the same sheet saved by Excel as "CSV" (Shift_JIS, CRLF)

(the 達成率 columns hold the rates as printed, as text, including the
reference's "86%", for `plancheck eval --verify-published`), and the reference 総括表 as it is printed — a title row, a blank row, a
two-row header whose period labels are merged over 目標値 / 実績値 / 達成率,
sections merged down over their indicators, 達成率 as percent-formatted
numbers, "－" where an indicator has no figures for a period, the final
target last, and below each section its block of reasons
(後期基本計画に係る未達成指標の理由・分析, merged across) — as a workbook and as Excel's CSV exports of the same sheet:

  examples/tokorozawa-ch5-as-published.xlsx       the README's demonstration
  tests/fixtures/published/as-published.xlsx      the same workbook
  tests/fixtures/published/as-published.xls       … as .xls (merged regions kept)
  tests/fixtures/published/as-published.ods       … as .ods (spanned cells)
  tests/fixtures/published/as-published.csv       Excel's "CSV UTF-8" (BOM, CRLF)
  tests/fixtures/published/as-published-sjis.csv  Excel's "CSV" (Shift_JIS, CRLF, ↗ as ↑)
  tests/fixtures/published/transposed.xlsx/.csv   目標値 over H26 / H30 (the other two-tier form)
  tests/fixtures/published/spaced.xlsx/.csv       one header row written 目標値⏎(H26), 目　標　指　標, （Ｈ３０）
  tests/fixtures/published/sheets.xlsx            a cover sheet, then the table on a sheet named after its chapter
  tests/fixtures/published/numbers.xlsx           formula-like floats (1/3, 0.1+0.2) and percent-formatted cells
  tests/fixtures/published/errors.xlsx            bad cells below a title, for the places errors name (F7)

Tables as other publishers print them (made-up figures; no direction column):

  tests/fixtures/publishers/environment-plan.xlsx/.csv  基本目標 / 施策 / 環境指標項目, years over 目標値・実績値・達成率, 目標値(R2)
  tests/fixtures/publishers/white-paper.xlsx/.csv       values with their years, the final target on the line under, 達成度 marks
  tests/fixtures/publishers/health-plan.xlsx/.csv       目標項目 / 指標, a year line under each value line, text targets, letter grades

Every table evaluates to the same rates as the long example. The outputs are
committed; tests read them and need no Python.
"""
import csv
import datetime
import io
from pathlib import Path

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.styles import Alignment

ROOT = Path(__file__).resolve().parent.parent
LONG = ROOT / "examples" / "tokorozawa-ch5.csv"
OUT = ROOT / "tests" / "fixtures" / "published"
PERIODS = ["H26", "H30"]
TITLE = "第5次所沢市総合計画 総括表 第5章 産業・経済"
CHAPTER = "第5章 産業・経済"
# The rates as printed in ../shared/reference, in the long example's row order.
PUBLISHED = ["80.9%", "81.9%", "100.0%", "100.0%", "86%", "100%", "100.0%", "73.9%", "91.5%", "86.5%",
             "100%", "93.2%", "87.0%", "77.3%", "100%", "100%"]
DASH = "－"
HEAD = ["節", "目標指標", "単位", "指標のめざす方向", "策定時(H22)"]
PART = ["目標値", "実績値", "達成率"]
FINAL = "目標値(最終)"
REASONS_HEADING = "後期基本計画に係る未達成指標の理由・分析"


def reasons():
    """The reasons the long example gives, by section (the reference prints
    each once, in a block below its section)."""
    with LONG.open(encoding="utf-8") as f:
        return {row["section"]: row["reason"] for row in csv.DictReader(f) if row["reason"]}


REASONS = reasons()


def number(text):
    text = text.replace(",", "")
    if not text:
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def indicators():
    """One dict per indicator, in file order: its fields and its periods."""
    rows, index = [], {}
    with LONG.open(encoding="utf-8") as f:
        for printed, row in zip(PUBLISHED, csv.DictReader(f)):
            key = (row["section"], row["indicator"])
            if key not in index:
                index[key] = len(rows)
                rows.append({"section": row["section"], "name": row["indicator"], "unit": row["unit"],
                             "direction": row["direction"], "baseline": number(row["baseline"]), "periods": {},
                             "reason": ""})
            rows[index[key]]["periods"][row["period"]] = (number(row["target"]), number(row["actual"]), printed)
            rows[index[key]]["reason"] = rows[index[key]]["reason"] or row["reason"]
    return rows


def rate(printed):
    """A printed rate as Excel holds it: a fraction, and its percent format."""
    digits = printed.rstrip("%")
    return float(digits) / 100, ("0.0%" if "." in digits else "0%")


def final_target(ind):
    return ind["periods"][[p for p in PERIODS if p in ind["periods"]][-1]][0]


class Cell:
    """A cell's value and how Excel shows it."""

    def __init__(self, value, fmt=None):
        self.value, self.fmt = value, fmt

    def shown(self):
        v = self.value
        if v is None:
            return ""
        if self.fmt and self.fmt.endswith("%"):
            places = 1 if self.fmt == "0.0%" else 0
            return f"{v * 100:.{places}f}%"
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f"{v:,}" if abs(v) >= 1000 else str(v)
        return v


def published_table():
    """The sheet as printed: rows of Cells and the merged regions (0-based, inclusive)."""
    inds = indicators()
    width = len(HEAD) + 3 * len(PERIODS) + 1
    rows = [[Cell(TITLE)] + [Cell(None)] * (width - 1), [Cell(None)] * width]
    upper = [Cell(h) for h in HEAD]
    for p in PERIODS:
        upper += [Cell(p), Cell(None), Cell(None)]
    upper.append(Cell(FINAL))
    lower = [Cell(None)] * len(HEAD) + [Cell(part) for _ in PERIODS for part in PART] + [Cell(None)]
    rows += [upper, lower]
    merges = [(0, 0, 0, width - 1)]
    merges += [(2, c, 3, c) for c in range(len(HEAD))] + [(2, width - 1, 3, width - 1)]
    merges += [(2, len(HEAD) + 3 * i, 2, len(HEAD) + 3 * i + 2) for i in range(len(PERIODS))]
    start, previous = len(rows), None

    def reasons_block(section):
        """後期基本計画に係る未達成指標の理由・分析 and its text (or an empty
        row), each merged across the table, below the section's rows."""
        nonlocal start
        merges.append((start, 0, len(rows) - 1, 0))
        for text in [REASONS_HEADING, REASONS.get(section)]:
            merges.append((len(rows), 0, len(rows), width - 1))
            rows.append([Cell(text)] + [Cell(None)] * (width - 1))
        start = len(rows)

    for ind in inds:
        if ind["section"] != previous and previous is not None:
            reasons_block(previous)
        line = [Cell(ind["section"] if ind["section"] != previous else None), Cell(ind["name"]), Cell(ind["unit"]),
                Cell(ind["direction"]), Cell(ind["baseline"], "#,##0")]
        for p in PERIODS:
            if p in ind["periods"]:
                target, actual, printed = ind["periods"][p]
                value, fmt = rate(printed)
                line += [Cell(target, "#,##0"), Cell(actual, "#,##0.0" if isinstance(actual, float) else "#,##0"),
                         Cell(value, fmt)]
            else:
                line += [Cell(DASH), Cell(DASH), Cell(DASH)]
        line.append(Cell(final_target(ind), "#,##0"))
        previous = ind["section"]
        rows.append(line)
    reasons_block(previous)
    return rows, merges


def transposed_table():
    """目標値 / 実績値 over the periods: the other two-tier form, one header merge each."""
    inds = indicators()
    upper = [Cell(h) for h in HEAD]
    lower = [Cell(None)] * len(HEAD)
    for part in ["目標値", "実績値"]:
        upper += [Cell(part)] + [Cell(None)] * (len(PERIODS) - 1)
        lower += [Cell(p) for p in PERIODS]
    rows, merges = [upper, lower], []
    merges += [(0, c, 1, c) for c in range(len(HEAD))]
    merges += [(0, len(HEAD) + i * len(PERIODS), 0, len(HEAD) + (i + 1) * len(PERIODS) - 1) for i in range(2)]
    for ind in inds:
        line = [Cell(ind["section"]), Cell(ind["name"]), Cell(ind["unit"]), Cell(ind["direction"]),
                Cell(ind["baseline"], "#,##0")]
        for i in range(2):
            line += [Cell(ind["periods"][p][i] if p in ind["periods"] else None, "#,##0") for p in PERIODS]
        rows.append(line)
    return rows, merges


def spaced_table():
    """One header row typed with Alt+Enter, spaces and full-width forms."""
    inds = indicators()
    header = ["節", "目　標　指　標", "単 位", "指標の\nめざす方向", "策定時\n（Ｈ２２）"]
    for p in PERIODS:
        wide = p.translate(str.maketrans("H0123456789", "Ｈ０１２３４５６７８９"))
        header += [f"目標値\n({p})", f"実績値（{wide}）"]
    rows = [[Cell(h) for h in header]]
    for ind in inds:
        line = [Cell(ind["section"]), Cell(ind["name"]), Cell(ind["unit"]), Cell(ind["direction"]),
                Cell(ind["baseline"], "#,##0")]
        for p in PERIODS:
            line += [Cell(v, "#,##0") for v in (ind["periods"].get(p, (None, None))[:2])]
        rows.append(line)
    return rows, []


def xlsx(path, sheets):
    """sheets: [(name, rows, merges)]"""
    book = Workbook()
    book.remove(book.active)
    # A fixed creation date (openpyxl stamps the modification time itself).
    book.properties.created = book.properties.modified = datetime.datetime(2019, 12, 27)
    for name, rows, merges in sheets:
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell.value is None:
                    continue
                target = sheet.cell(row=r, column=c, value=cell.value)
                if cell.fmt:
                    target.number_format = cell.fmt
                if isinstance(cell.value, str) and "\n" in cell.value:
                    target.alignment = Alignment(wrap_text=True)
        for r0, c0, r1, c1 in merges:
            sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    book.save(path)


def xls(path, name, rows, merges):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(name)
    styles = {}
    merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            style = styles.setdefault(cell.fmt, xlwt.easyxf(num_format_str=cell.fmt or "General"))
            if (r, c) in merged:
                r1, c1 = merged[(r, c)]
                sheet.write_merge(r, r1, c, c1, cell.value, style)
            elif (r, c) not in covered and cell.value is not None:
                sheet.write(r, c, cell.value, style)
    book.save(str(path))


def ods(path, name, rows, merges):
    doc = OpenDocumentSpreadsheet()
    table = Table(name=name)
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(spans)
    for r, row in enumerate(rows):
        tr = TableRow()
        for c, cell in enumerate(row):
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
                continue
            attrs = {}
            if (r, c) in spans:
                attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = spans[(r, c)]
            v = cell.value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                tc = TableCell(valuetype="float", value=v, **attrs)
                tc.addElement(P(text=cell.shown()))
            else:
                tc = TableCell(valuetype="string", **attrs) if v is not None else TableCell(**attrs)
                if v is not None:
                    tc.addElement(P(text=v))
            tr.addElement(tc)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def csv_export(path, rows, encoding, bom=False, sjis_arrows=False):
    """What Excel's CSV export writes: the text each cell shows, a merged
    region's value in its first cell only, CRLF line ends."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    for row in rows:
        cells = [cell.shown() for cell in row]
        if sjis_arrows:
            cells = [c.replace("↗", "↑") for c in cells]
        writer.writerow(cells)
    data = text.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def numbers_table():
    """Floats as a formula's cached value stores them, and percent-formatted
    targets: target 1/3 (0.333333333333333 as Excel shows it), actual
    0.1 + 0.2 (0.3), and a 42% target with the actual 34.4%."""
    header = [Cell(h) for h in ["目標指標", "単位", "方向", "目標値", "実績値"]]
    return [header,
            [Cell("三分の一"), Cell(""), Cell("↗"), Cell(1 / 3), Cell(0.1 + 0.2)],
            [Cell("割合"), Cell("%"), Cell("↗"), Cell(0.42, "0%"), Cell(0.344, "0.0%")]]


def errors_table():
    """A title, a blank row, a header on row 3, and bad cells: F7 (a target
    that is not a number) and E8 (改善, which does not say which way)."""
    header = [Cell(h) for h in ["章", "節", "目標指標", "単位", "方向", "目標値", "実績値"]]
    good = [[Cell(CHAPTER), Cell("第1節 農業"), Cell(f"指標{i}"), Cell("人"), Cell("↗"), Cell(10), Cell(5)]
            for i in range(1, 4)]
    return [[Cell(TITLE)], [], header, *good,
            [Cell(None), Cell(None), Cell("不正な目標"), Cell("人"), Cell("↗"), Cell("x"), Cell(5)],
            [Cell(None), Cell(None), Cell("方向なし"), Cell("人"), Cell("改善"), Cell(10), Cell("集計中")]]


def wide_examples():
    """The wide examples: a header row of 目標値(H26)-style names, one row
    per indicator, the printed rates as text."""
    header = ["章", "節", "目標指標", "単位", "指標のめざす方向", "策定時(H22)"]
    for p in PERIODS:
        header += [f"目標値({p})", f"実績値({p})", f"達成率({p})"]
    header.append("理由")
    rows = [[Cell(h) for h in header]]
    for ind in indicators():
        line = [Cell(CHAPTER), Cell(ind["section"]), Cell(ind["name"]), Cell(ind["unit"]), Cell(ind["direction"]),
                Cell(ind["baseline"])]
        for p in PERIODS:
            line += [Cell(v) for v in ind["periods"].get(p, (None, None, None))]
        line.append(Cell(ind["reason"] or None))
        rows.append(line)
    xlsx(ROOT / "examples" / "tokorozawa-ch5-wide.xlsx", [("第5章", rows, [])])
    csv_export(ROOT / "examples" / "tokorozawa-ch5-wide-sjis.csv", rows, "cp932", sjis_arrows=True)


# Tables as three other kinds of publisher print them (issue 26), with
# made-up figures: none prints a direction column, each uses its own words.
PUBLISHERS = ROOT / "tests" / "fixtures" / "publishers"


def half_up(value, places=1):
    """A rate as publishers print it: rounded half-up (四捨五入)."""
    from decimal import ROUND_HALF_UP, Decimal
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def merge_down(merges, column):
    """A tracker of groups merged down `column` (基本目標, 目標項目): call it
    with the table at each row that starts a group, and once at the end."""
    start = None

    def close(table, starts_group=True):
        nonlocal start
        if start is not None and len(table) - 1 > start:
            merges.append((start, column, len(table) - 1, column))
        start = len(table) if starts_group else None

    return close


def environment_plan():
    """A prefecture's environment plan: a title, 基本目標 merged down over
    its rows, 施策, 環境指標項目 with the unit in the name, 設定時の値 with
    its year in the cell, each year over 目標値 / 実績値 / 達成率 (uncapped;
    lower is better as target ÷ actual), and the plan's final target
    (目標値(R2)) last. One indicator's year targets keep the baseline: only
    the final target says which way it goes."""
    years = ["26年度", "30年度"]
    # goal, measure, indicator, baseline, down?, {year: (target, actual)}, final
    rows = [
        ("1 低炭素社会の実現", "(1) 省エネルギーの推進", "温室効果ガス排出量【千t-CO2】", "1,250 (H22)", True,
         {"26年度": (1200, 1180), "30年度": (1100, 1150)}, 1000),
        (None, None, "再生可能エネルギー導入量【MW】", "45 (H22)", False,
         {"26年度": (60, 58), "30年度": (90, 95)}, 120),
        (None, "(2) 森林の保全", "森林整備面積【ha】", "500 (H22)", False,
         {"26年度": (500, 505), "30年度": (500, 490)}, 520),
        ("2 循環型社会の形成", "(1) ごみの減量", "1人1日当たりごみ排出量【g】", "980 (H22)", True,
         {"26年度": (950, 930), "30年度": (900, 910)}, 850),
        (None, None, "リサイクル率【%】", "18.5 (H22)", False,
         {"26年度": (22, "21・3"), "30年度": (25, "23・9")}, 28),
        (None, "(2) 不法投棄の防止", "不法投棄件数【件】", "120 (H22)", True,
         {"26年度": (100, 110), "30年度": (80, None)}, 60),
    ]
    head = ["基本目標", "施策", "環境指標項目", "設定時の値\n(年度)"]
    width = len(head) + 3 * len(years) + 1
    title = [Cell("第3次○○県環境基本計画 環境指標の達成状況（数値は架空）")] + [Cell(None)] * (width - 1)
    upper = [Cell(h) for h in head]
    lower = [Cell(None)] * len(head)
    for year in years:
        upper += [Cell(year), Cell(None), Cell(None)]
        lower += [Cell("目標値"), Cell("実績値"), Cell("達成率")]
    upper.append(Cell("目標値(R2)"))
    lower.append(Cell(None))
    table = [title, [Cell(None)] * width, upper, lower]
    merges = [(0, 0, 0, width - 1)] + [(2, c, 3, c) for c in range(len(head))] + [(2, width - 1, 3, width - 1)]
    merges += [(2, len(head) + 3 * i, 2, len(head) + 3 * i + 2) for i in range(len(years))]
    goal = merge_down(merges, 0)
    for group, measure, name, baseline, down, figures, final in rows:
        if group is not None:
            goal(table)
        line = [Cell(group), Cell(measure), Cell(name), Cell(baseline)]
        for year in years:
            target, actual = figures[year]
            if actual is None:
                line += [Cell(target), Cell("－"), Cell("－")]
                continue
            value = float(str(actual).replace("・", "."))
            rate = half_up((target / value if down else value / target) * 100)
            line += [Cell(target), Cell(actual), Cell(round(rate / 100, 3), "0.0%")]
        line.append(Cell(final))
        table.append(line)
    goal(table, starts_group=False)
    return table, merges


def white_paper():
    """A prefecture's environment white paper: each indicator on two lines
    merged together, 基準値 and 現況値 carrying their years, the year's
    target (H22の目標値) over the final target (目標値(最終)) in one
    column, and the publisher's grade in 達成度: ◎ the final target met,
    ○ the year's target met, △ better than the baseline, ▲ not."""
    rows = [
        ("大気環境基準達成率【%】", "93.8 (H16)", "97.5 (H21)", 100, 100, "△"),
        ("河川のBOD環境基準達成率【%】", "85.0 (H16)", "100 (H21)", 95, 100, "◎"),
        ("一般廃棄物の最終処分量【千t】", "210 (H16)", "150 (H21)", 160, 120, "○"),
        ("自然公園の利用者数【千人】", "5,200 (H16)", "4,900 (H21)", 5500, 6000, "▲"),
        ("森林の面積【ha】", "800 (H16)", "810 (H21)", 800, 850, "○"),
        ("水質事故の件数【件】", "12 (H16)", "9 (H21)", "10以下", "ゼロ", "○"),
    ]
    title = [Cell("○○県環境白書（令和3年版） 主な環境指標の状況（数値は架空）")] + [Cell(None)] * 4
    upper = [Cell(h) for h in ["指標", "基準値", "現況値", "H22の目標値", "達成度"]]
    lower = [Cell(None), Cell(None), Cell(None), Cell("目標値(最終)"), Cell(None)]
    table = [title, upper, lower]
    merges = [(0, 0, 0, 4)] + [(1, c, 2, c) for c in (0, 1, 2, 4)]
    for name, baseline, current, target, final, grade in rows:
        top = len(table)
        table.append([Cell(name), Cell(baseline), Cell(current), Cell(target), Cell(grade)])
        table.append([Cell(None), Cell(None), Cell(None), Cell(final), Cell(None)])
        merges += [(top, c, top + 1, c) for c in (0, 1, 2, 4)]
    return table, merges


def health_plan():
    """A national health plan's final evaluation: 目標項目 (the item) beside
    指標, 策定時のベースライン値 / 目標値 / 直近値 with a year line under
    each value line, targets written as text (減少傾向へ, 以下, a reference
    year and a percentage, a sentence tied to another indicator), and the
    publisher's letter grade in 評価."""
    rows = [
        ("①健康寿命の延伸", "日常生活に制限のない期間の平均（男性）【年】", "70.42", "平均寿命の増加分を上回る健康寿命の増加",
         "72.68", "A", ("(平成22年)", "(令和4年度)", "(令和元年)")),
        (None, "日常生活に制限のない期間の平均（女性）【年】", "73.62", "平均寿命の増加分を上回る健康寿命の増加",
         "75.38", "A", ("(平成22年)", "(令和4年度)", "(令和元年)")),
        ("②がんの年齢調整死亡率の減少", "がんの75歳未満年齢調整死亡率（10万人当たり）", "84.3", "73.9", "70.0", "A",
         ("(平成22年)", "(平成27年)", "(令和元年)")),
        ("③循環器疾患の年齢調整死亡率の減少", "脳血管疾患の年齢調整死亡率 男性（10万人当たり）", "49.5", "41.6", "43.0", "B",
         ("(平成22年)", "(令和4年度)", "(令和元年)")),
        (None, "虚血性心疾患の年齢調整死亡率 女性（10万人当たり）", "15.3", "13.7", "14.9", "C",
         ("(平成22年)", "(令和4年度)", "(令和元年)")),
        ("④メタボリックシンドロームの減少", "該当者及び予備群の数【万人】", "1,400", "平成20年度と比べて25%減少", "1,516", "D",
         ("(平成20年度)", "(令和4年度)", "(令和元年度)")),
        ("⑤適正体重の子どもの増加", "肥満傾向にある子どもの割合【%】", "4.60", "減少傾向へ", "5.12", "D",
         ("(平成23年)", "(令和4年度)", "(令和元年)")),
        ("⑥自殺者の減少", "自殺死亡率（10万人当たり）", "23.4", "13.0以下", "19.5", "B*",
         ("(平成22年)", "(令和8年)", "(令和元年)")),
    ]
    title = [Cell("健康増進計画 最終評価 目標項目の評価状況（抜粋・数値は架空）")] + [Cell(None)] * 5
    header = [Cell(h) for h in ["目標項目", "指標", "策定時のベースライン値", "目標値", "直近値", "評価"]]
    table = [title, header]
    merges = [(0, 0, 0, 5)]
    items = merge_down(merges, 0)
    for item, name, baseline, target, latest, grade, years in rows:
        if item is not None:
            items(table)
        table.append([Cell(item), Cell(name), Cell(baseline), Cell(target), Cell(latest), Cell(grade)])
        table.append([Cell(None), Cell(None), Cell(years[0]), Cell(years[1]), Cell(years[2]), Cell(None)])
    items(table, starts_group=False)
    return table, merges


def publisher_examples():
    PUBLISHERS.mkdir(parents=True, exist_ok=True)
    for name, sheet, (rows, merges) in [
        ("environment-plan", "環境指標", environment_plan()),
        ("white-paper", "環境指標の状況", white_paper()),
        ("health-plan", "最終評価", health_plan()),
    ]:
        xlsx(PUBLISHERS / f"{name}.xlsx", [(sheet, rows, merges)])
        csv_export(PUBLISHERS / f"{name}.csv", rows, "utf-8", bom=True)


def main():
    publisher_examples()
    wide_examples()
    OUT.mkdir(parents=True, exist_ok=True)
    rows, merges = published_table()
    sheet = "総括表"
    xlsx(ROOT / "examples" / "tokorozawa-ch5-as-published.xlsx", [(sheet, rows, merges)])
    xlsx(OUT / "as-published.xlsx", [(sheet, rows, merges)])
    xls(OUT / "as-published.xls", sheet, rows, merges)
    ods(OUT / "as-published.ods", sheet, rows, merges)
    csv_export(OUT / "as-published.csv", rows, "utf-8", bom=True)
    csv_export(OUT / "as-published-sjis.csv", rows, "cp932", sjis_arrows=True)
    t_rows, t_merges = transposed_table()
    xlsx(OUT / "transposed.xlsx", [(sheet, t_rows, t_merges)])
    csv_export(OUT / "transposed.csv", t_rows, "utf-8", bom=True)
    s_rows, _ = spaced_table()
    xlsx(OUT / "spaced.xlsx", [(sheet, s_rows, [])])
    csv_export(OUT / "spaced.csv", s_rows, "cp932", sjis_arrows=True)
    cover = [[Cell("第5次所沢市総合計画 総括表")], [Cell("令和元年12月27日")]]
    xlsx(OUT / "sheets.xlsx", [("表紙", cover, []), (CHAPTER, rows, merges)])
    xlsx(OUT / "numbers.xlsx", [("Sheet1", numbers_table(), [])])
    xlsx(OUT / "errors.xlsx", [("第5章", errors_table(), [])])


if __name__ == "__main__":
    main()
