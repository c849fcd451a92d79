#!/usr/bin/env bash
# Every test, on a fresh machine too: installs what the tests that drive real
# programs need when it is missing (Debian's Chromium for the browser test of
# `plancheck report`; LibreOffice Calc and poppler for the spreadsheet test of
# `--format xlsx`; the Windows Rust target, mingw and Wine for the test of
# plancheck.exe; the wasm target and wasm-bindgen-cli for the browser page),
# builds the page, then runs cargo test.
# (Set PLANCHECK_SKIP_BROWSER=1 / PLANCHECK_SKIP_SPREADSHEET=1 /
# PLANCHECK_SKIP_WINDOWS=1 / PLANCHECK_SKIP_WEB=1 to run without.)
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
if [ -z "${PLANCHECK_SKIP_WINDOWS:-}" ]; then
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
  if ! command -v wine64 >/dev/null 2>&1 && ! command -v wine >/dev/null 2>&1 \
     && [ ! -x /usr/lib/wine/wine64 ]; then
    missing+=(wine64)
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "scripts/test.sh: installing ${missing[*]} for the tests that drive real programs" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "scripts/test.sh: install Debian's ${missing[*]}," >&2
    echo "  or set PLANCHECK_SKIP_BROWSER=1 / PLANCHECK_SKIP_SPREADSHEET=1 / PLANCHECK_SKIP_WINDOWS=1" >&2
    exit 2
  fi
fi
if [ -z "${PLANCHECK_SKIP_WINDOWS:-}" ] \
   && ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  if ! rustup target add x86_64-pc-windows-gnu >&2; then
    echo "scripts/test.sh: WARNING: cannot install the Rust target x86_64-pc-windows-gnu;" >&2
    echo "  the Windows executable is NOT tested in this run (PLANCHECK_SKIP_WINDOWS=1)" >&2
    export PLANCHECK_SKIP_WINDOWS=1
  fi
fi
# The browser page (web/): built here, then driven in Chromium by tests/web.rs.
if [ -z "${PLANCHECK_SKIP_WEB:-}" ]; then
  status=0
  bash scripts/build-web.sh || status=$?
  if [ "$status" = 3 ]; then
    echo "scripts/test.sh: WARNING: cannot install what the browser page needs (see above);" >&2
    echo "  the page is NOT built or tested in this run (PLANCHECK_SKIP_WEB=1)" >&2
    export PLANCHECK_SKIP_WEB=1
    rm -f web/dist/index.html
  elif [ "$status" != 0 ]; then
    exit "$status"
  fi
fi
cargo test --locked --workspace "$@"
