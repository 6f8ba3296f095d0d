#!/usr/bin/env bash
# The auditor worksheet survives a real spreadsheet application: generate it for the northwind
# sample, fill it in (verdicts on two requirements, a finding on the findings sheet, a bad
# verdict cell — the same cells tests/worksheet.rs fills), re-save it with LibreOffice
# (headless), and show that `assess --worksheet` still reads the verdicts, the finding and the
# bad cell back. Too slow and too large an install for every CI run, so it is run by hand:
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui
#   scripts/check-worksheet-in-libreoffice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cp -r evidence-samples/northwind-msp "$out/ws"
cargo build --quiet
iso20k() { "${CARGO_TARGET_DIR:-target}/debug/iso20k" "$@"; }
iso20k worksheet "$out/ws" --out "$out/sheet" --no-cache --quiet
ISO20K_FILL_WORKSHEET="$out/sheet/auditor-worksheet.xlsx" \
  cargo test --quiet --test worksheet -- --ignored --nocapture fill_the_worksheet_named_by_the_environment 2>&1 | grep '^filled:'
# Converting xlsx to xlsx is LibreOffice's "open and save as": the file is written anew by Calc.
soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out/resaved" \
  "$out/sheet/auditor-worksheet.xlsx" >/dev/null 2>&1
resaved="$out/resaved/auditor-worksheet.xlsx"
[ -s "$resaved" ] || { echo "FAIL: LibreOffice did not re-save the worksheet" >&2; exit 1; }
cmp -s "$resaved" "$out/sheet/auditor-worksheet.xlsx" && { echo "FAIL: the re-saved file is the same bytes" >&2; exit 1; }
echo "ok: LibreOffice re-saved the worksheet ($(stat -c %s "$resaved") bytes)"
set +e
iso20k assess "$out/ws" --out "$out/assessed" --no-cache --worksheet "$resaved" >"$out/stdout" 2>"$out/stderr"
set -e
grep -E '^basis:' "$out/stdout"
grep -E 'EVD0' "$out/stderr" || true
grep -q ' 2 by the auditor' "$out/stdout" || { echo "FAIL: the two verdicts were not read back" >&2; cat "$out/stderr" >&2; exit 1; }
grep -q 'verdict "passed" is not one of' "$out/stderr" || { echo "FAIL: the bad verdict cell was not reported" >&2; exit 1; }
grep -q '"code": "auditor_finding"' "$out/assessed/assessment.json" || { echo "FAIL: the auditor's findings were not read back" >&2; exit 1; }
echo "ok: assess --worksheet read the re-saved worksheet: verdicts, findings and the bad cell"
