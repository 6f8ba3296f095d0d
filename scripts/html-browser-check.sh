#!/usr/bin/env bash
# Opens the northwind (en), huaxia-cloud (zh), northwind 2011→2018 transition and northwind
# follow-up internal audit (zh) HTML reports
# in headless Chromium, saves a screenshot and a print-to-PDF of each under
# target/browser-check/, and fails on a console
# error, on an element wider than the page (outside the tables that scroll on purpose), or on
# a character drawn as an empty box (a glyph no font of the page has: the check draws each
# character of the page and the missing-glyph box, and compares the pixels).
# Without a browser it prints "skipped: …" and passes: `apt-get install -y chromium`.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "skipped: no chromium on this machine (apt-get install -y chromium)"
  exit 0
fi
if ! "$browser" --headless --no-sandbox --disable-gpu --dump-dom about:blank >/dev/null 2>&1; then
  echo "skipped: $browser is installed but does not start headless here"
  exit 0
fi
out=target/browser-check
rm -rf "$out" && mkdir -p "$out"
cargo build --quiet --bin iso20k
iso20k=${CARGO_TARGET_DIR:-target}/debug/iso20k
"$iso20k" assess evidence-samples/northwind-msp --out "$out/en" --format json,html --force >/dev/null || [ $? -eq 1 ]
"$iso20k" assess evidence-samples/huaxia-cloud --out "$out/zh" --format json,html --lang zh --force >/dev/null || [ $? -eq 1 ]
"$iso20k" assess evidence-samples/northwind-msp --edition 2018 --kind transition --out "$out/transition" --format json,html --force >/dev/null || [ $? -eq 1 ]
# An internal audit following up the first run, in Chinese: the follow-up section's table.
"$iso20k" assess evidence-samples/northwind-msp --kind internal-audit --previous "$out/en/assessment.json" --out "$out/followup" --format json,html --lang zh --force >/dev/null 2>&1 || [ $? -eq 1 ]

status=0
for page in "$out"/en/*.html "$out"/zh/*.html "$out"/transition/*.html "$out"/followup/*.html; do
  name=$(basename "$(dirname "$page")")-$(basename "$page" .html)
  abs=$(realpath "$page")
  flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=8000)
  "$browser" "${flags[@]}" --window-size=1280,2000 --screenshot="$out/$name.png" "file://$abs" 2>/dev/null
  "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "file://$abs" 2>/dev/null
  # The checks run in a copy with a probe script first in <head>, so it sees every error.
  probe="$out/$name.probe.html"
  python3 - "$page" "$probe" <<'PY'
import sys
page, probe = sys.argv[1], sys.argv[2]
html = open(page, encoding="utf-8").read()
script = r"""<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message)));
const __err = console.error;
console.error = (...a) => { window.__errors.push(a.join(' ')); __err(...a); };
window.addEventListener('load', () => document.fonts.ready.then(() => {
  const width = document.documentElement.clientWidth;
  const overflow = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1) overflow.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + Math.round(r.right) + 'px');
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext('2d');
  const draw = (ch, font) => { ctx.clearRect(0, 0, 48, 48); ctx.font = '32px ' + font; ctx.fillText(ch, 4, 38); return ctx.getImageData(0, 0, 48, 48).data.join(','); };
  const font = getComputedStyle(document.body).fontFamily;
  const box = draw('\uFFFF', font);
  const chars = [...new Set([...document.body.innerText].filter(c => c.codePointAt(0) >= 0x2E80))];
  const tofu = chars.filter(c => draw(c, font) === box);
  document.title = 'CHECK:' + JSON.stringify({errors: window.__errors, overflow: overflow.slice(0, 20), tofu: tofu.slice(0, 40), chars: chars.length});
}));
</script>
"""
at = html.find("<head>")
at = at + len("<head>") if at >= 0 else 0
open(probe, "w", encoding="utf-8").write(html[:at] + script + html[at:])
PY
  "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --window-size=1280,2000 \
    --dump-dom "file://$(realpath "$probe")" 2>/dev/null >"$out/$name.dom.html"
  result=$(python3 - "$out/$name.dom.html" <<'PY'
import html, json, re, sys
m = re.search(r"<title>CHECK:(.*?)</title>", open(sys.argv[1], encoding="utf-8").read(), re.S)
if not m:
    print("FAIL the page did not finish its checks"); sys.exit()
r = json.loads(html.unescape(m.group(1)))
problems = []
if r["errors"]: problems.append("console errors: " + "; ".join(r["errors"]))
if r["overflow"]: problems.append("wider than the page: " + ", ".join(r["overflow"]))
if r["tofu"]: problems.append("drawn as empty boxes: " + "".join(r["tofu"]))
print(("FAIL " + " | ".join(problems)) if problems else f"ok ({r['chars']} distinct CJK characters drawn)")
PY
)
  echo "$name: $result"
  case "$result" in FAIL*) status=1 ;; esac
done
echo "screenshots and PDFs in $out/"
exit $status
