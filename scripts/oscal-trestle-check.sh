#!/usr/bin/env bash
# Loads iso20k's OSCAL exports with compliance-trestle, whose typed models are stricter than
# the NIST JSON schemas in places (OSCAL version string, UUID format, token patterns).
#
#   scripts/oscal-trestle-check.sh [FILE.json ...]
#
# Without files, runs `cargo test --test oscal`, which writes the catalog and, for each bundled
# sample, the assessment results and POA&M to $CARGO_TARGET_DIR/tmp/oscal-export/, and loads
# those. Each file's model (catalog, assessment-results, plan-of-action-and-milestones) is told
# by its top-level key.
#
# compliance-trestle (TRESTLE_VERSION, default below) is installed into a venv under the target
# folder. Exits 0 with "skipped: …" when python3, venv or pip is missing or cannot install it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
trestle_version=${TRESTLE_VERSION:-5.2.0}
venv=$target/oscal-trestle-venv

if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: python3 is not installed"
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$target"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    echo "skipped: python3 cannot create a venv (install python3-venv)"
    exit 0
  fi
fi
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("compliance-trestle"))' 2>/dev/null || true)
if [ "$installed" != "$trestle_version" ]; then
  if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    echo "skipped: pip is not available in the venv"
    exit 0
  fi
  echo "installing compliance-trestle $trestle_version into $venv"
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --retries 2 \
    "compliance-trestle==$trestle_version"; then
    echo "skipped: pip could not install compliance-trestle $trestle_version"
    exit 0
  fi
fi

if [ "$#" -eq 0 ]; then
  export_dir=$target/tmp/oscal-export
  rm -rf "$export_dir"
  (cd "$root" && CARGO_TARGET_DIR=$target cargo test --quiet --test oscal)
  shopt -s nullglob
  set -- "$export_dir"/*.json
  if [ "$#" -eq 0 ]; then
    echo "error: cargo test --test oscal wrote nothing to $export_dir" >&2
    exit 1
  fi
fi

"$venv/bin/python" - "$@" <<'PY'
import json
import pathlib
import sys

from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog
from trestle.oscal.poam import PlanOfActionAndMilestones

MODELS = {
    "catalog": Catalog,
    "assessment-results": AssessmentResults,
    "plan-of-action-and-milestones": PlanOfActionAndMilestones,
}

failed = 0
for name in sys.argv[1:]:
    path = pathlib.Path(name)
    keys = list(json.loads(path.read_text(encoding="utf-8")))
    model = MODELS.get(keys[0]) if len(keys) == 1 else None
    if model is None:
        print(f"FAIL {path}: top-level key {keys} is not one of {sorted(MODELS)}")
        failed += 1
        continue
    try:
        loaded = model.oscal_read(path)
    except Exception as error:  # trestle raises pydantic and its own errors
        print(f"FAIL {path} as {keys[0]}:\n{error}")
        failed += 1
        continue
    if loaded is None:
        print(f"FAIL {path}: trestle read nothing")
        failed += 1
        continue
    version = loaded.metadata.oscal_version
    while hasattr(version, "root"):  # pydantic root models wrap the string
        version = version.root
    print(f"ok   {path.name}: {keys[0]} {loaded.uuid}, OSCAL {version}")

print(f"{len(sys.argv) - 1 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
