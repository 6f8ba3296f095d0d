#!/usr/bin/env bash
# Opens the generated workbooks in a real spreadsheet application (LibreOffice, headless) and
# converts them to PDF: a workbook LibreOffice cannot open fails here. Too slow and too large
# an install for every CI run, so it is run by hand before a release:
#   apt-get install -y libreoffice-calc-nogui
#   scripts/check-xlsx-in-libreoffice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-calc-nogui" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet --release -- assess evidence-samples/northwind-msp --out "$out/gap" --format xlsx
cargo run --quiet --release -- assess evidence-samples/huaxia-cloud --out "$out/audit" --format xlsx --lang zh
for xlsx in "$out"/gap/*.xlsx "$out"/audit/*.xlsx; do
  soffice --headless --convert-to pdf --outdir "$out/pdf" "$xlsx" >/dev/null 2>&1
  pdf="$out/pdf/$(basename "${xlsx%.xlsx}").pdf"
  [ -s "$pdf" ] || { echo "FAIL: LibreOffice could not convert $(basename "$xlsx")" >&2; exit 1; }
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  echo "ok: $(basename "$xlsx") opened in LibreOffice and converted ($pages pages)"
done
