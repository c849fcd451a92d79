#!/usr/bin/env bash
# Builds the browser page into web/dist/index.html: one self-contained file
# (the WebAssembly core, its JavaScript glue and the page), to open from disk
# or put on any static host.
#
# Needs the Rust target wasm32-unknown-unknown and wasm-bindgen-cli of the
# version web/Cargo.toml pins (both installed here when missing), python3,
# and npm for binaryen's wasm-opt (optional: it makes the page smaller).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/web/dist"
work="$root/target/web-page"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown >&2 || {
    echo "build-web: cannot install the Rust target wasm32-unknown-unknown (rustup target add wasm32-unknown-unknown)" >&2
    exit 3
  }
fi
version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' web/Cargo.toml)
[[ -n "$version" ]] || { echo "build-web: web/Cargo.toml does not pin wasm-bindgen" >&2; exit 2; }
bindgen=$(command -v wasm-bindgen || true)
if [[ -z "$bindgen" || "$("$bindgen" --version)" != "wasm-bindgen $version" ]]; then
  echo "build-web: installing wasm-bindgen-cli $version (once; a few minutes)" >&2
  # Not --locked: its lock file names crates a registry mirror may lack.
  cargo install --quiet --root "$root/target/web-tools" wasm-bindgen-cli --version "$version" >&2 || {
    echo "build-web: cannot install wasm-bindgen-cli $version (cargo install wasm-bindgen-cli --version $version)" >&2
    exit 3
  }
  bindgen="$root/target/web-tools/bin/wasm-bindgen"
fi

cargo build --quiet --locked -p plancheck-web --target wasm32-unknown-unknown --profile web
mkdir -p "$work" "$out"
"$bindgen" --target no-modules --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$work" \
  target/wasm32-unknown-unknown/web/plancheck_web.wasm
wasm="$work/plancheck_web_bg.wasm"
# binaryen's wasm-opt from npm (pinned) shrinks the module by a tenth;
# Debian 12's (version 108) breaks modules that use reference types. Where
# npm is missing or offline, the page is built without it, a little larger.
binaryen=132.0.0
wasm_opt="$root/target/web-tools/node_modules/.bin/wasm-opt"
if [[ ! -x "$wasm_opt" ]] && command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix "$root/target/web-tools" "binaryen@$binaryen" >&2 \
    || echo "build-web: cannot install binaryen $binaryen from npm; the page is built without wasm-opt" >&2
fi
if [[ -x "$wasm_opt" ]]; then
  "$wasm_opt" -Oz --enable-bulk-memory --enable-reference-types --enable-multivalue --enable-sign-ext \
    --enable-mutable-globals --enable-nontrapping-float-to-int "$wasm" -o "$work/small.wasm"
  wasm="$work/small.wasm"
else
  echo "build-web: no wasm-opt (npm's binaryen $binaryen): the page works, but is larger" >&2
fi

python3 - "$root/web/index.html" "$work/plancheck_web.js" "$root/web/app.js" "$wasm" "$out/index.html" \
  "$root/THIRD-PARTY-NOTICES.md" <<'PY'
import base64, hashlib, html as markup, sys
page, glue, app, wasm, target, notices = sys.argv[1:]
script = open(glue, encoding="utf-8").read() + "\n" + open(app, encoding="utf-8").read()
# The page's one script, allowed by its hash and nothing else.
digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
html = open(page, encoding="utf-8").read()
for marker in ("@SCRIPT_HASH@", "@WASM_BASE64@", "@SCRIPT@", "@NOTICES@"):
    if html.count(marker) != 1:
        sys.exit(f"build-web: {page} must hold {marker} once")
assert "</script" not in script.lower()
# The notices of the fonts and CMaps the PDF reader embeds, on the page.
html = html.replace("@NOTICES@", markup.escape(open(notices, encoding="utf-8").read()))
html = (html.replace("@SCRIPT_HASH@", "sha256-" + digest)
            .replace("@WASM_BASE64@", base64.b64encode(open(wasm, "rb").read()).decode())
            .replace("@SCRIPT@", script))
open(target, "w", encoding="utf-8").write(html)
PY
printf 'build-web: %s (%s KB; WebAssembly %s KB)\n' "web/dist/index.html" \
  "$(( $(stat -c %s "$out/index.html") / 1024 ))" "$(( $(stat -c %s "$wasm") / 1024 ))"
