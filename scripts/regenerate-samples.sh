#!/usr/bin/env bash
# Regenerates the bundled sample workspaces from the generator. Their READMEs, written
# by hand, are kept, except for the table of planted defects, which is rewritten from the
# declarations in src/sample/ (iso20k::sample::defects). Run after changing the generator,
# a planted defect or the catalogue's document rules; tests/samples.rs fails until the
# committed samples and README tables match what the generator writes and declares.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
for entry in northwind-msp:typical:2011 huaxia-cloud:conforming:2011 tailored-scope:tailored:2011 \
  northwind-2018:typical:2018; do
  IFS=: read -r name profile edition <<<"$entry"
  dir=evidence-samples/$name
  readme=$(mktemp)
  cp "$dir/README.md" "$readme"
  rm -rf "$dir"
  "${CARGO_TARGET_DIR:-target}/debug/iso20k" sample --profile "$profile" --edition "$edition" --seed 1 "$dir" >/dev/null
  mv "$readme" "$dir/README.md"
  echo "regenerated $dir"
done
# The README tables: the test that checks them rewrites them when asked to.
ISO20K_WRITE_SAMPLE_READMES=1 cargo test --quiet --test samples sample_readmes_list_the_declared_defects >/dev/null
echo "rewrote the planted-defect tables of evidence-samples/*/README.md"
