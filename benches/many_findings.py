"""Writes an assessment with N findings, built from a real one: `python3 benches/many_findings.py
IN.json OUT.json N`. Each finding of the input is repeated with a fresh id, its statement
varied and its evidence rows shifted, and spread over the input's requirements, so every
report section grows as it would for a messy client with large record sets."""
import copy
import json
import sys

source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(source, encoding="utf-8") as f:
    a = json.load(f)
seeds = a["findings"]
requirements = a["requirements"]
findings = []
for n in range(count):
    f = copy.deepcopy(seeds[n % len(seeds)])
    f["id"] = f"F-{n + 1:05d}"
    f["escalated_into"] = None
    f["includes"] = []
    req = requirements[n % len(requirements)]
    f["requirement"] = req["id"]
    f["clause"] = req["clause"]
    f["requirements"] = [req["id"]]
    for lang in ("en", "zh"):
        f["statement"][lang] = f"{f['statement'][lang]} (case {n + 1})"
    for e in f.get("evidence", []):
        e["rows"] = [r + n for r in e.get("rows", [])][:20]
    findings.append(f)
a["findings"] = findings
by_req = {}
for f in findings:
    by_req.setdefault(f["requirement"], []).append(f["id"])
for r in requirements:
    r["findings"] = by_req.get(r["id"], [])
grades = {}
for f in findings:
    grades[f["grade"]] = grades.get(f["grade"], 0) + 1
for g, n in grades.items():
    if g in a["summary"]["counts"]:
        a["summary"]["counts"][g] = n
with open(target, "w", encoding="utf-8") as f:
    json.dump(a, f, ensure_ascii=False, indent=1)
