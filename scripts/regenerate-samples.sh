#!/usr/bin/env bash
# Regenerates the three bundled sample workspaces from the generator (their READMEs, written
# by hand, are kept). Run after changing the generator or the catalogue's document rules;
# tests/samples.rs fails until the committed samples match what the generator writes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
for pair in northwind-msp:typical huaxia-cloud:conforming tailored-scope:tailored; do
  name=${pair%%:*}
  profile=${pair##*:}
  dir=evidence-samples/$name
  readme=$(mktemp)
  cp "$dir/README.md" "$readme"
  rm -rf "$dir"
  ./target/debug/iso20k sample --profile "$profile" --seed 1 "$dir" >/dev/null
  mv "$readme" "$dir/README.md"
  echo "regenerated $dir"
done
