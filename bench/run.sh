#!/usr/bin/env bash
# plancheck against DuckDB and Miller on the same jobs, interleaved.
#
#   bench/run.sh            100k and 1M rows
#   bench/run.sh --large    also 10M rows (about 750 MB of CSV; Miller skipped there)
#
# Needs: python3, DuckDB's CLI (pip install duckdb-cli), Miller (apt-get install
# miller), GNU time (/usr/bin/time). Data goes to bench/data/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
generator="$root/../shared/bench/gen_indicators.py"
data="$root/bench/data"
reps=${REPS:-3}
sizes=(100000 1000000)
[[ "${1:-}" == "--large" ]] && sizes+=(10000000)

for tool in python3 mlr /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (see the header of $0)" >&2; exit 2; }
done
# DuckDB's own binary: the `duckdb` that pip puts on PATH is a Python entry
# point that starts it and adds about 0.2 s to every run.
duckdb=$(python3 -c 'import duckdb_cli, os; print(os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb"))' 2>/dev/null) \
  || { echo "bench: DuckDB's CLI is missing (pip install duckdb-cli)" >&2; exit 2; }
[[ -x "$duckdb" ]] || { echo "bench: $duckdb is not executable" >&2; exit 2; }
cargo build --release --quiet
plancheck="$root/target/release/plancheck"
mkdir -p "$data"

# One timed run: prints "seconds max_rss_kb"; the job's output goes to $2.
timed() {
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$data/time" "$@" > "$out"
  cat "$data/time"
}

job() { # tool job file out
  local tool=$1 job=$2 file=$3 out=$4
  case "$tool/$job" in
    plancheck/eval) timed "$out" "$plancheck" eval "$file" --format csv ;;
    plancheck/summary) timed "$out" "$plancheck" summary "$file" --by chapter,section --format csv ;;
    duckdb/*) sed "s|FILE|$file|" "$root/bench/$job.sql" > "$data/$job.sql"
              timed "$out" "$duckdb" -c ".read $data/$job.sql" ;;
    # The shared anchor: the job as a DuckDB user writes it (DOUBLE arithmetic).
    duckdb-user/*) sed "s|FILE|$file|" "$root/../shared/bench/duckdb-$job.sql" > "$data/user-$job.sql"
              timed "$out" "$duckdb" -c ".read $data/user-$job.sql" ;;
    miller/eval) timed "$out" mlr --icsv --ocsv --infer-none put -f "$root/bench/eval.mlr" "$file" ;;
    miller/summary) timed "$out" mlr --icsv --ocsv --infer-none put -f "$root/bench/summary.mlr" \
                      then stats1 -a count,sum,mean,min -f met,pending,rate -g chapter,section "$file" ;;
  esac
}

met_count() { # tool job out: met rows (eval) or met total (summary), to check the tools agree
  local tool=$1 job=$2 out=$3
  case "$job" in
    eval) python3 -c "import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r['status']=='met'))" "$out" ;;
    summary) python3 -c "
import csv,sys
rows=list(csv.DictReader(open(sys.argv[1])))
key='met_sum' if 'met_sum' in rows[0] else 'met'
print(int(sum(float(r[key]) for r in rows if r.get('chapter')!='(total)')))" "$out" ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-9s %-8s %-12s %9s %9s %9s %16s\n' rows job tool "wall s" "RSS MB" "MB/s" "plancheck/peer"
for rows in "${sizes[@]}"; do
  file="$data/indicators-$rows.csv"
  [[ -s "$file" ]] || python3 "$generator" "$rows" > "$file"
  mb=$(du -m --apparent-size "$file" | cut -f1)
  tools=(plancheck duckdb-user duckdb miller)
  (( rows > 1000000 )) && tools=(plancheck duckdb-user duckdb)
  for j in eval summary; do
    # Agreement first: every tool must find the same met count.
    expected=""
    for tool in "${tools[@]}"; do
      job "$tool" "$j" "$file" "$data/out-$tool-$j.csv" > /dev/null
      # The shared anchor query prints rates, not a met column: timed only.
      [[ $tool == duckdb-user ]] && continue
      count=$(met_count "$tool" "$j" "$data/out-$tool-$j.csv")
      [[ -z "$expected" ]] && expected=$count
      [[ "$count" == "$expected" ]] || { echo "bench: $tool $j finds $count met, plancheck $expected" >&2; exit 1; }
    done
    declare -A wall=() rss=()
    for ((r = 0; r < reps; r++)); do          # interleaved: one run of each tool per round
      for tool in "${tools[@]}"; do
        read -r s kb < <(job "$tool" "$j" "$file" /dev/null)
        wall[$tool]+="$s "; rss[$tool]+="$kb "
      done
    done
    ours=$(tr ' ' '\n' <<< "${wall[plancheck]}" | grep . | median)
    for tool in "${tools[@]}"; do
      s=$(tr ' ' '\n' <<< "${wall[$tool]}" | grep . | median)
      kb=$(tr ' ' '\n' <<< "${rss[$tool]}" | grep . | sort -n | tail -1)
      ratio=$(awk -v a="$ours" -v b="$s" 'BEGIN {printf (b > 0 ? "%.2f" : "-"), a / b}')
      [[ $tool == plancheck ]] && ratio="met: $expected"
      printf '%-9s %-8s %-12s %9s %9.1f %9.0f %16s\n' "$rows" "$j" "$tool" "$s" \
        "$(awk -v k="$kb" 'BEGIN {print k / 1024}')" "$(awk -v m="$mb" -v s="$s" 'BEGIN {print (s > 0 ? m / s : 0)}')" "$ratio"
    done
  done
done

# The floor (issue 29): a bare csv-crate loop doing eval's job on one thread
# (bench/floor), beside plancheck on one thread; CPU seconds (user + sys),
# medians, and plancheck's as a multiple of the floor's.
cargo build --release --quiet --manifest-path "$root/bench/floor/Cargo.toml"
floor="$root/bench/floor/target/release/plancheck-bench-floor"
cpu() { # out command…: prints "cpu_seconds"
  local out=$1; shift
  /usr/bin/time -f "%U %S" -o "$data/time" "$@" > "$out"
  awk '{print $1 + $2}' "$data/time"
}
printf '\n%-9s %-22s %9s %9s %9s\n' rows "one thread, eval" "floor s" "plancheck" "multiple"
for rows in "${sizes[@]}"; do
  file="$data/indicators-$rows.csv"
  fl=() pc=()
  for ((r = 0; r < reps; r++)); do
    fl+=("$(cpu /dev/null "$floor" "$file")")
    pc+=("$(PLANCHECK_THREADS=1 cpu /dev/null "$plancheck" eval "$file" --format csv)")
  done
  f=$(printf '%s\n' "${fl[@]}" | median); p=$(printf '%s\n' "${pc[@]}" | median)
  printf '%-9s %-22s %9s %9s %9s\n' "$rows" "CPU seconds" "$f" "$p" "$(awk -v a="$p" -v b="$f" 'BEGIN {printf (b > 0 ? "%.1f×" : "-"), a / b}')"
done
