#!/usr/bin/env python3
"""Derives the wide-layout examples from examples/tokorozawa-ch5.csv.

    pip install openpyxl && python3 scripts/make-examples.py

Writes, as planning staff keep and export the same table:
  examples/tokorozawa-ch5-wide.xlsx      one row per indicator, 目標値/実績値/達成率 per period
  examples/tokorozawa-ch5-wide-sjis.csv  the same sheet saved by Excel as "CSV" (Shift_JIS, CRLF)

The 達成率 columns hold the rates as printed in the reference 総括表 (text,
including its "86%"), for `plancheck eval --verify-published`. The outputs
are committed; tests read them and need no Python.
"""
import csv
import io
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
LONG = ROOT / "examples" / "tokorozawa-ch5.csv"
PERIODS = ["H26", "H30"]
# As printed in ../shared/reference, in the long example's row order.
PUBLISHED = ["80.9%", "81.9%", "100.0%", "100.0%", "86%", "100%", "100.0%", "73.9%", "91.5%", "86.5%",
             "100%", "93.2%", "87.0%", "77.3%", "100%", "100%"]
HEADERS = ["章", "節", "目標指標", "単位", "指標のめざす方向", "策定時(H22)"]
for period in PERIODS:
    HEADERS += [f"目標値({period})", f"実績値({period})", f"達成率({period})"]
HEADERS += ["理由"]


def number(text):
    """The cell value Excel would hold: a number, or None when empty."""
    text = text.replace(",", "")
    if not text:
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def wide_rows():
    rows, index = [], {}
    with LONG.open(encoding="utf-8") as f:
        for published, row in zip(PUBLISHED, csv.DictReader(f)):
            key = (row["chapter"], row["section"], row["indicator"])
            if key not in index:
                index[key] = len(rows)
                rows.append({"head": [row["chapter"], row["section"], row["indicator"], row["unit"],
                                      row["direction"], number(row["baseline"])],
                             "periods": {}, "reason": ""})
            wide = rows[index[key]]
            wide["periods"][row["period"]] = (number(row["target"]), number(row["actual"]), published)
            wide["reason"] = wide["reason"] or row["reason"]
    for wide in rows:
        cells = list(wide["head"])
        for period in PERIODS:
            cells += list(wide["periods"].get(period, (None, None, None)))
        yield cells + [wide["reason"] or None]


def excel_text(value):
    """How Excel's CSV export writes a cell formatted with separators.
    Shift_JIS has no ↗, so files kept in it write ↑ for "higher is better"."""
    if value is None:
        return ""
    if value == "↗":
        return "↑"
    if isinstance(value, (int, float)):
        return f"{value:,}" if abs(value) >= 1000 else str(value)
    return value


def main():
    rows = list(wide_rows())
    book = Workbook()
    sheet = book.active
    sheet.title = "第5章"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(ROOT / "examples" / "tokorozawa-ch5-wide.xlsx")

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([excel_text(v) for v in row])
    (ROOT / "examples" / "tokorozawa-ch5-wide-sjis.csv").write_bytes(text.getvalue().encode("cp932"))


if __name__ == "__main__":
    main()
