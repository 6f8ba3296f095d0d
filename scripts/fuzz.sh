#!/usr/bin/env bash
# Fuzz one reader for a while: scripts/fuzz.sh TARGET [SECONDS]
# Targets: see `targets` below (`scripts/fuzz.sh list` prints them).
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer wants a nightly compiler; on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it build. The working corpus grows in
# fuzz/corpus/TARGET (not committed); it starts from the committed seeds in
# fuzz/seeds/TARGET and the crash inputs in fuzz/regressions/TARGET. A crash is written to
# fuzz/artifacts/TARGET: fix it, then copy the input to fuzz/regressions/TARGET so
# `cargo test --test fuzz_corpus` replays it for good.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

targets="csv spreadsheet ods docx pdf pdf_ipc manifest catalogue worksheet previous_assessment action_plan"
target="${1:-}"
seconds="${2:-600}"
if [ -z "$target" ] || [ "$target" = list ]; then
  echo "usage: scripts/fuzz.sh TARGET [SECONDS]; targets: $targets"
  [ "$target" = list ] && exit 0 || exit 2
fi
case " $targets " in *" $target "*) ;; *) echo "unknown target: $target ($targets)"; exit 2 ;; esac

# A previous assessment.json is larger than the other inputs: its seeds would be cut short.
max_len=262144
[ "$target" = previous_assessment ] && max_len=1048576

export RUSTC_BOOTSTRAP="${RUSTC_BOOTSTRAP:-1}"
mkdir -p "corpus/$target" "artifacts/$target"
# No sanitizer: the crate and its readers are safe Rust, and AddressSanitizer would only
# slow the search; panics, aborts, stack overflows, timeouts and memory blow-ups are all
# caught by libFuzzer itself (-rss_limit_mb, -timeout).
exec cargo fuzz run --sanitizer none --release "$target" \
  "corpus/$target" "seeds/$target" "regressions/$target" -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len="$max_len" \
  -print_final_stats=1
