#!/usr/bin/env bash
# Redraws docs/report-xlsx.png, README's picture of `plancheck report
# --format xlsx`: the workbook printed to PDF by LibreOffice, its first page
# drawn by poppler. Needs Debian's libreoffice-calc-nogui, fonts-noto-cjk and
# poppler-utils (bash scripts/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release -- report examples/tokorozawa-ch5.csv --lang ja \
  --format xlsx -o "$work/report.xlsx"
soffice "-env:UserInstallation=file://$work/profile" --headless \
  --convert-to pdf --outdir "$work" "$work/report.xlsx" >/dev/null
mkdir -p docs
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$work/report.pdf" docs/report-xlsx
echo "wrote docs/report-xlsx.png"
