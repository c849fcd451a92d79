#!/usr/bin/env bash
# Runs two plancheck binaries over the examples, the test fixtures and a
# generated 20k-row file (read in parallel blocks) with many option sets,
# and reports every run whose stdout, stderr or exit code differs.
# Usage: bash scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [WORKDIR]
# Used to show that a change meant to keep behaviour keeps it, byte for byte.
set -uo pipefail
old=$1 new=$2 work=${3:-$(mktemp -d)}
cd "$(dirname "$0")/.."
mkdir -p "$work"
big="$work/big.csv"
[ -f "$big" ] || python3 ../shared/bench/gen_indicators.py 20000 > "$big"
inputs=(examples/*.csv examples/*.xlsx tests/fixtures/published/* "$big")
eval_opts=(
  "" "--format csv" "--format json" "--format jsonl" "--format markdown" "--format csv --lang ja"
  "--format csv --no-cap" "--format csv --method progress" "--format csv --method deviation"
  "--format csv --method auto" "--format csv --decimals 3" "--format csv --grades"
  "--format csv --grades baseline --grade-band 5%" "--format csv --trend" "--format csv --projection linear"
  "--format csv --projection cagr" "--format csv --trajectory" "--format csv --interim linear"
  "--format csv --period latest" "--format csv --period H26" "--format csv --years era --lang ja"
  "--format csv --no-fill-down" "--format csv --keep-subtotals" "--format csv --verify-published"
  "--format csv --tolerance 5" "--format csv --all-sheets" "--format csv --raw-text"
  "--format csv --output-encoding sjis --bom" "--ascii" "--format csv --layout wide" "--format csv --header-row 1"
)
summary_opts=(
  "" "--format csv" "--by section --format csv" "--by chapter,section --format csv" "--by period --format json"
  "--by chapter --aggregate sum --format csv" "--by section --aggregate weighted --format markdown"
  "--format csv --no-total --lang ja" "--format csv --grades --trend" "--format csv --period latest"
)
check_opts=("" "--format github" "--format junit" "--require-reason" "--fail-on-worsened" "--period latest" "--verify-published")
other=("validate" "validate --verify-published" "report" "report --format markdown")
run() { # dir label args...
  local dir=$1 label=$2; shift 2
  "$@" >"$dir/$label.out" 2>"$dir/$label.err"; echo $? >"$dir/$label.rc"
}
n=0
for bin in old new; do rm -rf "$work/$bin"; mkdir -p "$work/$bin"; done
for input in "${inputs[@]}"; do
  base=$(basename "$input")
  for kind in eval summary check other; do
    declare -n opts="${kind}_opts" 2>/dev/null || true
    case $kind in eval) list=("${eval_opts[@]}");; summary) list=("${summary_opts[@]}");;
      check) list=("${check_opts[@]}");; other) list=("${other[@]}");; esac
    i=0
    for opt in "${list[@]}"; do
      i=$((i+1)); label="$base.$kind.$i"
      case $kind in other) cmd=($opt "$input");; *) cmd=($kind $opt "$input");; esac
      for bin in old new; do
        b=$old; [ $bin = new ] && b=$new
        (cd "$work" && run "$work/$bin" "$label" "$b" "${cmd[@]/#$input/$OLDPWD/$input}")
      done
      n=$((n+1))
    done
  done
done
diffs=$(diff -rq "$work/old" "$work/new" | wc -l)
echo "$n runs; $diffs files differ"
diff -rq "$work/old" "$work/new" | head -20
[ "$diffs" = 0 ]
