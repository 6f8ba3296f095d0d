"""The alternative our users have: a pandas + openpyxl notebook reading the same exports and
running the same record checks as iso20k (priority matrix, change approval before
implementation, major-incident review, CI relationships). Used by benches/run.sh as the
comparison point; prints the failure counts so its work cannot be optimised away."""
import sys
from pathlib import Path

import pandas as pd

MATRIX = {(1, 1): 1, (1, 2): 2, (1, 3): 3, (2, 1): 2, (2, 2): 3, (2, 3): 4, (3, 1): 3, (3, 2): 4, (3, 3): 5}


def level(value):
    text = str(value).strip()
    return int(text[0]) if text[:1].isdigit() else None


def main(workspace: Path) -> None:
    records = workspace / "records"
    frames = {}
    for path in sorted(workspace.rglob("*")):
        if path.suffix == ".xlsx":
            frames[path.name] = pd.read_excel(path, engine="openpyxl", dtype=str)
        elif path.suffix == ".csv":
            frames[path.name] = pd.read_csv(path, dtype=str)

    inc = frames["incident.xlsx"]
    impact, urgency, priority = inc["impact"].map(level), inc["urgency"].map(level), inc["priority"].map(level)
    expected = [MATRIX.get((i, u)) for i, u in zip(impact, urgency)]
    matrix_failures = sum(1 for e, p in zip(expected, priority) if e is not None and e != p)

    major = inc[inc["u_major_incident"].str.lower() == "true"]
    unreviewed = int(major["u_pir_date"].isna().sum())

    chg = frames["change_request.xlsx"]
    normal = chg[~chg["type"].isin(["standard", "emergency"])]
    approved = pd.to_datetime(normal["approval_set"])
    started = pd.to_datetime(normal["work_start"])
    late = int((approved > started).sum())

    ci = frames["cmdb_ci.xlsx"]
    rel = frames["cmdb_rel_ci.xlsx"]
    related = set(rel["parent"]).union(rel["child"])
    orphans = int((~ci["sys_id"].isin(related)).sum())

    print(f"pandas: {len(frames)} files; matrix {matrix_failures}, unreviewed MIs {unreviewed}, late approvals {late}, orphan CIs {orphans}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
