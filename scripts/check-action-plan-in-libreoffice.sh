#!/usr/bin/env bash
# The action plan a client fills in survives a real spreadsheet application: assess the
# northwind sample into a gap-analysis workbook, fill its action plan (the cells
# tests/follow_up.rs fills), re-save it with LibreOffice (headless), and show that
# `assess --previous --actions` still reads the actions back: two overdue, one done, and the
# due date that is not a date named by its cell. Run by hand, like the other LibreOffice checks:
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui
#   scripts/check-action-plan-in-libreoffice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --quiet
iso20k() { "${CARGO_TARGET_DIR:-target}/debug/iso20k" "$@"; }
ws=evidence-samples/northwind-msp
iso20k assess "$ws" --out "$out/march" --format json,xlsx --no-cache --quiet >/dev/null || true
ISO20K_FILL_ACTION_PLAN="$out/march/gap-analysis.en.xlsx" \
  cargo test --quiet --test follow_up -- --ignored --nocapture fill_the_action_plan_named_by_the_environment 2>&1 | grep '^filled:'
# Converting xlsx to xlsx is LibreOffice's "open and save as": the file is written anew by Calc.
soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out/resaved" \
  "$out/march/gap-analysis.en.xlsx" >/dev/null 2>&1
resaved="$out/resaved/gap-analysis.en.xlsx"
[ -s "$resaved" ] || { echo "FAIL: LibreOffice did not re-save the workbook" >&2; exit 1; }
cmp -s "$resaved" "$out/march/gap-analysis.en.xlsx" && { echo "FAIL: the re-saved file is the same bytes" >&2; exit 1; }
echo "ok: LibreOffice re-saved the workbook ($(stat -c %s "$resaved") bytes)"
set +e
iso20k assess "$ws" --out "$out/june" --no-cache --previous "$out/march/assessment.json" \
  --actions "$resaved" >"$out/stdout" 2>"$out/stderr"
set -e
grep -E '^follow-up' "$out/stdout"
grep -q '2 corrective action(s) past due' "$out/stdout" || { echo "FAIL: the overdue actions were not read back" >&2; cat "$out/stderr" >&2; exit 1; }
grep -q 'next quarter' "$out/stderr" || { echo "FAIL: the bad due date was not reported" >&2; exit 1; }
grep -q '"code": "corrective_action_overdue"' "$out/june/assessment.json" || { echo "FAIL: no overdue-action finding" >&2; exit 1; }
echo "ok: assess --previous read the re-saved action plan: overdue actions, the done one and the bad cell"
