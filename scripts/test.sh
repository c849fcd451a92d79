#!/usr/bin/env bash
# Every test, on a fresh machine too: installs Debian's Chromium for the
# browser test of `plancheck report` when it is missing, then runs cargo test.
# (Set PLANCHECK_SKIP_BROWSER=1 to run without a browser.)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && [ -z "${PLANCHECK_SKIP_BROWSER:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "scripts/test.sh: installing chromium for the browser test" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "scripts/test.sh: install Debian's chromium, or set PLANCHECK_SKIP_BROWSER=1" >&2
    exit 2
  fi
fi
cargo test --locked "$@"
