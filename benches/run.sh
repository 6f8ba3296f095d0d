#!/usr/bin/env bash
# Scale benchmark: on one generated evidence pack, measure in the same run
#   (a) the floor: calamine's streaming reader over every workbook, nothing else;
#   (b) `iso20k assess` on the pack, cold: its cache folder removed before each run;
#   (c) `iso20k assess` warm: one Markdown document edited, then the pack re-assessed with
#       the cache the cold runs left;
#   (d) the reference pandas + openpyxl script doing the same record checks;
# and print median wall time and peak RSS of each, and the ratios assess/raw_read,
# pandas/assess and warm/cold.
#
# Usage: benches/run.sh [small|medium|large] (default medium); RUNS=3 by default.
# It installs pandas and openpyxl into a virtualenv under target/bench on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
runs=${RUNS:-3}
work=target/bench
mkdir -p "$work"

cargo build --release --quiet --bin iso20k --benches
iso20k=target/release/iso20k
raw_read=$(ls -t target/release/deps/raw_read-* | grep -v '\.d$' | head -n 1)

pack="$work/pack-$scale"
if [ ! -d "$pack" ]; then
  echo "generating the $scale pack…"
  "$iso20k" sample "$pack" --profile typical --scale "$scale" --seed 42 >/dev/null
fi
if [ ! -x "$work/venv/bin/python" ]; then
  echo "installing pandas and openpyxl into $work/venv…"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet pandas openpyxl
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # name, runs, command...
  local name=$1 n=$2; shift 2
  local times=() mems=()
  for _ in $(seq "$n"); do
    read -r t m < <(python3 benches/measure.py "$@")
    times+=("$t"); mems+=("$m")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | median)
  printf '%-10s %10.2f s %10.0f MiB\n' "$name" "$t" "$(awk -v m="$m" 'BEGIN {print m / 1024}')" >&2
  echo "$t $m"
}

echo "pack: $pack ($(du -sh "$pack" | cut -f1)); $runs runs each; machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB" >&2
read -r raw_t raw_m < <(measure raw_read "$runs" "$raw_read" "$pack")
out="$work/out-$scale"
cache="$work/cache-$scale"
read -r assess_t assess_m < <(measure assess "$runs" sh -c 'rm -rf "$1" && shift && exec "$@" 2>/dev/null' sh \
  "$cache" "$iso20k" assess "$pack" --out "$out" --force --cache "$cache")
# The warm runs each edit the same document afresh (from a pristine copy), so each has
# exactly one changed file to read.
doc=$(find "$pack" -name '*.md' -path '*/plans/*' | sort | head -n 1)
cp "$doc" "$work/pristine.md"
trap 'cp "$work/pristine.md" "$doc"' EXIT
read -r warm_t warm_m < <(measure warm "$runs" sh -c 'cp "$1" "$2" && echo "Reviewed again on $(date +%s%N)." >>"$2" && shift 2 && exec "$@" 2>/dev/null' sh \
  "$work/pristine.md" "$doc" "$iso20k" assess "$pack" --out "$out" --force --cache "$cache")
pandas_runs=$runs
[ "$scale" = large ] && pandas_runs=1
read -r pandas_t pandas_m < <(measure pandas "$pandas_runs" "$work/venv/bin/python" benches/reference_pandas.py "$pack")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
printf 'assess/raw_read = %.2f   (target <= 1.15)\n' "$(ratio "$assess_t" "$raw_t")"
printf 'pandas/assess   = %.1f   (target >= 20)\n' "$(ratio "$pandas_t" "$assess_t")"
printf 'warm/cold       = %.1f %%  (target <= 5 %%)\n' "$(ratio "$warm_t" "$assess_t" | awk '{print $1 * 100}')"
printf 'assess peak RSS = %.0f MiB (target <= 256 MB on large)\n' "$(ratio "$assess_m" 1024)"
