#!/usr/bin/env bash
# Builds the release archives into dist/:
#   dist/plancheck-<version>-windows-x86_64.zip   plancheck.exe (x86_64-pc-windows-gnu)
#   dist/plancheck-<version>-linux-x86_64.tar.gz  plancheck, linked statically
#                                                  with glibc (runs on any x86-64 Linux)
# each with README.md, LICENSE, CHANGELOG.md, THIRD-PARTY-NOTICES.md and the examples, and
#   dist/plancheck-<version>-web.html              the browser page (scripts/build-web.sh)
# Needs the Rust targets (added here with rustup) and Debian's
# gcc-mingw-w64-x86-64 for linking the Windows executable.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
rm -rf dist && mkdir -p dist

if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  echo "build-release.sh: install Debian's gcc-mingw-w64-x86-64 to link plancheck.exe" >&2
  exit 2
fi
rustup target list --installed | grep -qx x86_64-pc-windows-gnu \
  || rustup target add x86_64-pc-windows-gnu
# Static glibc rather than musl: musl's allocator made `eval` of 1M rows
# twice as slow (0.88 s against 0.43 s), and a static binary starts faster
# than a dynamic one (the 16-row example in 1.5 ms against 1.8 ms). The
# flag goes to the target only (an explicit --target), so proc-macros still
# build as the shared libraries they must be.
linux_target=x86_64-unknown-linux-gnu

cargo build --locked --release --target x86_64-pc-windows-gnu
CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-feature=+crt-static" \
  cargo build --locked --release --target "$linux_target"
if ldd "target/$linux_target/release/plancheck" 2>&1 | grep -q '=>'; then
  echo "build-release.sh: the Linux binary is not static" >&2
  exit 1
fi

# One directory per archive: the binary, the documents, the examples.
package() {
  local name=$1 binary=$2
  local dir="dist/$name"
  mkdir -p "$dir/examples"
  cp "$binary" "$dir/"
  cp README.md LICENSE CHANGELOG.md THIRD-PARTY-NOTICES.md "$dir/"
  cp examples/* "$dir/examples/"
}
win="plancheck-$version-windows-x86_64"
package "$win" target/x86_64-pc-windows-gnu/release/plancheck.exe
(cd dist && python3 -m zipfile -c "$win.zip" "$win")
linux="plancheck-$version-linux-x86_64"
package "$linux" "target/$linux_target/release/plancheck"
tar -C dist -czf "dist/$linux.tar.gz" "$linux"
rm -rf "dist/$win" "dist/$linux"
bash scripts/build-web.sh
cp web/dist/index.html "dist/plancheck-$version-web.html"

"target/$linux_target/release/plancheck" --version
ls -l dist/
