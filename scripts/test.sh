#!/usr/bin/env bash
# Every test, on a fresh machine too: installs what the tests that drive real
# programs need when it is missing (Debian's Chromium for the browser test of
# `plancheck report`; LibreOffice Calc and poppler for the spreadsheet test of
# `--format xlsx`), then runs cargo test.
# (Set PLANCHECK_SKIP_BROWSER=1 / PLANCHECK_SKIP_SPREADSHEET=1 to run without.)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ -z "${PLANCHECK_SKIP_BROWSER:-}" ]; then
  missing+=(chromium)
fi
if [ -z "${PLANCHECK_SKIP_SPREADSHEET:-}" ]; then
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui fonts-noto-cjk)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "scripts/test.sh: installing ${missing[*]} for the browser and spreadsheet tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "scripts/test.sh: install Debian's ${missing[*]}," >&2
    echo "  or set PLANCHECK_SKIP_BROWSER=1 / PLANCHECK_SKIP_SPREADSHEET=1" >&2
    exit 2
  fi
fi
cargo test --locked "$@"
