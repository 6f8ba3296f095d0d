#!/usr/bin/env bash
# Report-rendering benchmark: an assessment with 10,000 findings (built from the northwind
# sample's by benches/many_findings.py) rendered in every format and both report kinds by
# `iso20k report`, with the median wall time and peak RSS of each. The baseline, measured in
# the same run, is `--format json` (reading and writing the assessment, no rendering): each
# format's ratio to it is what rendering costs. With BASE=path/to/an/older/iso20k, the same
# renders by that binary are measured too, and the ratio new/old printed.
#
# Usage: benches/report.sh [FINDINGS] (default 10000); RUNS=3 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
runs=${RUNS:-3}
work=target/bench/report
mkdir -p "$work"

cargo build --release --quiet --bin iso20k
iso20k=target/release/iso20k
"$iso20k" assess evidence-samples/northwind-msp --out "$work/sample" --format json --force >/dev/null
python3 benches/many_findings.py "$work/sample/assessment.json" "$work/assessment.json" "$count"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # runs, command... → "seconds KiB" (medians)
  local n=$1; shift
  local times=() mems=()
  for _ in $(seq "$n"); do
    read -r t m < <(python3 benches/measure.py "$@")
    times+=("$t"); mems+=("$m")
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${mems[@]}" | median)"
}
render() { # binary, kind, format
  measure "$runs" "$1" report "$work/assessment.json" --out "$work/out" --force --kind "$2" --format "$3"
}

echo "$count findings; $runs runs each; machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
read -r base_t base_m < <(render "$iso20k" gap json)
printf '%-16s %8.2f s %7.0f MiB  (baseline)\n' "json" "$base_t" "$(awk -v m="$base_m" 'BEGIN {print m / 1024}')"
for kind in gap internal-audit; do
  for format in xlsx html pdf; do
    read -r t m < <(render "$iso20k" "$kind" "$format")
    line=$(printf '%-16s %8.2f s %7.0f MiB  ×%.1f time, ×%.1f memory of json' "$kind $format" "$t" \
      "$(awk -v m="$m" 'BEGIN {print m / 1024}')" \
      "$(awk -v a="$t" -v b="$base_t" 'BEGIN {print a / b}')" \
      "$(awk -v a="$m" -v b="$base_m" 'BEGIN {print a / b}')")
    if [ -n "${BASE:-}" ]; then
      read -r ot om < <(render "$BASE" "$kind" "$format")
      line+=$(printf ';  old %.2f s %.0f MiB → new/old ×%.2f time, ×%.2f memory' "$ot" \
        "$(awk -v m="$om" 'BEGIN {print m / 1024}')" \
        "$(awk -v a="$t" -v b="$ot" 'BEGIN {print a / b}')" \
        "$(awk -v a="$m" -v b="$om" 'BEGIN {print a / b}')")
    fi
    echo "$line"
  done
done
