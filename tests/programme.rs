//! `iso20k programme`: the internal audit programme of the northwind sample, planned from its
//! gap analysis (`--previous`) and a team declared in a copy of its manifest. Every clause is
//! audited within the cycle, clauses with nonconformities more often, nobody audits their own
//! area, and a clause nobody can audit independently is said to be so. Needs poppler-utils
//! (pdftotext), as the other PDF tests do.

mod common;

use common::read_json;

use common::pdf_text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_dir, file, iso20k, sheet};
use serde_json::Value;

/// Assesses northwind into `out` and returns the path of its assessment.json.
fn assess_northwind(out: &Path) -> PathBuf {
    let (code, _, stderr) = iso20k(&[
        "assess",
        common::sample("northwind-msp").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--no-cache",
    ]);
    assert!(code == 0 || code == 1, "assess: {stderr}");
    out.join("assessment.json")
}

/// A copy of northwind whose manifest's team is `team` (TOML `[[team]]` entries) and ends
/// with `extra`.
fn northwind_with(into: &Path, team: &str, extra: &str) -> PathBuf {
    let workspace = into.join("northwind");
    copy_dir(&common::sample("northwind-msp"), &workspace);
    let manifest = std::fs::read_to_string(workspace.join("assessment.toml")).unwrap();
    let start = manifest.find("[[team]]").unwrap();
    let end = manifest.find("[intervals]").unwrap();
    let manifest = format!("{}{team}\n{}{extra}", &manifest[..start], &manifest[end..]);
    file(&workspace.join("assessment.toml"), manifest.as_bytes());
    workspace
}

/// Three auditors, each working in some area of the system.
const TEAM: &str = r#"[[team]]
name = "Priya Nair"
role = "lead auditor"
works_in = ["8"]

[[team]]
name = "Tom Becker"
role = "auditor"
works_in = ["6.6", "9.1"]

[[team]]
name = "Wei Zhang"
role = "auditor"
works_in = ["4.1"]
audits = ["5", "6", "7", "8", "9"]
"#;

/// The clauses each auditor of [`TEAM`] works in.
fn works_in() -> BTreeMap<&'static str, Vec<&'static str>> {
    BTreeMap::from([
        ("Priya Nair", vec!["8"]),
        ("Tom Becker", vec!["6.6", "9.1"]),
        ("Wei Zhang", vec!["4.1"]),
    ])
}

fn clause_contains(outer: &str, inner: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Runs `iso20k programme` and returns (exit code, stdout, stderr).
fn programme(workspace: &Path, out: &Path, more: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "programme",
        workspace.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    iso20k(&args)
}

fn audits_of<'a>(p: &'a Value, clause: &str) -> Vec<&'a Value> {
    p["audits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["clause"] == clause)
        .collect()
}

#[test]
fn northwind_is_covered_with_nonconformities_more_often_and_nobody_auditing_their_own_area() {
    let tmp = tempfile::tempdir().unwrap();
    let previous = assess_northwind(&tmp.path().join("gap"));
    let assessment = read_json(&previous);
    let workspace = northwind_with(tmp.path(), TEAM, "");
    let out = tmp.path().join("programme");
    let (code, stdout, stderr) = programme(
        &workspace,
        &out,
        &["--previous", previous.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("programme.json"), "{stdout}");
    assert!(stdout.contains("audit-programme.en.xlsx"), "{stdout}");
    assert!(stdout.contains("audit-programme.en.pdf"), "{stdout}");
    let p = read_json(&out.join("programme.json"));
    assert_eq!(p["years"], 3);
    assert_eq!(p["quarters"], 12);

    // Every top-level clause of the catalogue assessed is audited within the cycle.
    let tops: Vec<&str> = assessment["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["parent"].is_null())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(tops, ["4", "5", "6", "7", "8", "9"]);
    for top in &tops {
        assert!(
            p["audits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| clause_contains(top, a["clause"].as_str().unwrap())),
            "clause {top} is never audited"
        );
    }
    // And every clause of the programme at least once, within the 12 quarters.
    for c in p["clauses"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let audits = audits_of(&p, id);
        assert!(!audits.is_empty(), "{id} is never audited");
        assert!(audits
            .iter()
            .all(|a| (1..=12).contains(&a["quarter"].as_u64().unwrap())));
    }

    // Clauses with a nonconformity in the assessment are audited more often than the others.
    let nonconformities: Vec<(&str, &str, &str)> = assessment["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["grade"] == "major" || f["grade"] == "minor")
        .filter(|f| f["escalated_into"].is_null())
        .map(|f| {
            (
                f["id"].as_str().unwrap(),
                f["clause"].as_str().unwrap(),
                f["grade"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        !nonconformities.is_empty(),
        "northwind is built to have some"
    );
    let (with, without): (Vec<&Value>, Vec<&Value>) =
        p["clauses"].as_array().unwrap().iter().partition(|c| {
            nonconformities
                .iter()
                .any(|(_, clause, _)| clause_contains(c["id"].as_str().unwrap(), clause))
        });
    assert!(!with.is_empty() && !without.is_empty());
    let most_without = without
        .iter()
        .map(|c| audits_of(&p, c["id"].as_str().unwrap()).len())
        .max()
        .unwrap();
    assert_eq!(most_without, 1, "no mark in northwind: once per cycle");
    for c in &with {
        let id = c["id"].as_str().unwrap();
        let count = audits_of(&p, id).len();
        assert!(count > most_without, "{id}: {count} audit(s)");
        let major = nonconformities
            .iter()
            .any(|(_, clause, grade)| clause_contains(id, clause) && *grade == "major");
        let why = c["why"]["en"].as_str().unwrap();
        if major {
            assert!(count >= 6, "{id}: {count}");
            assert!(
                why.contains("major nonconformity in the last assessment"),
                "{why}"
            );
            assert!(why.ends_with("audited every 6 months"), "{why}");
        } else {
            assert!(count >= 3, "{id}: {count}");
            assert!(why.ends_with("audited every 12 months"), "{why}");
        }
        let (first, ..) = nonconformities
            .iter()
            .find(|(_, clause, _)| clause_contains(id, clause))
            .unwrap();
        assert!(why.contains(first), "{id}: {why} names no finding");
    }
    for c in &without {
        assert_eq!(
            c["why"]["en"],
            "no nonconformity in the last assessment and no mark: audited once in the 3-year cycle"
        );
    }

    // Nobody is planned to audit an area they work in, and everything is assigned.
    let team = works_in();
    for a in p["audits"].as_array().unwrap() {
        let clause = a["clause"].as_str().unwrap();
        let auditor = a["auditor"]
            .as_str()
            .unwrap_or_else(|| panic!("{clause} is unassigned"));
        for own in &team[auditor] {
            assert!(
                !clause_contains(own, clause) && !clause_contains(clause, own),
                "{auditor} works in {own} and audits {clause}"
            );
        }
    }
    assert!(!stderr.contains("PRG001"), "{stderr}");

    // The quarters carry an even load: no quarter more than two audits above another.
    let mut load = [0usize; 12];
    for a in p["audits"].as_array().unwrap() {
        load[a["quarter"].as_u64().unwrap() as usize - 1] += 1;
    }
    let (low, high) = (load.iter().min().unwrap(), load.iter().max().unwrap());
    assert!(high - low <= 2, "{load:?}");
}

#[test]
fn a_clause_nobody_can_audit_independently_is_planned_unassigned_and_said_so() {
    let tmp = tempfile::tempdir().unwrap();
    let team = r#"[[team]]
name = "Priya Nair"
works_in = ["8"]

[[team]]
name = "Tom Becker"
works_in = ["8.1"]
audits = ["4", "5", "6", "7", "8", "9"]

[[team]]
name = "Ann Li"
independent = false
"#;
    let workspace = northwind_with(tmp.path(), team, "");
    let out = tmp.path().join("programme");
    let (code, _, stderr) = programme(&workspace, &out, &["--format", "json,xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("PRG001"), "{stderr}");
    assert!(
        stderr.contains("no independent auditor for clause 8.1"),
        "{stderr}"
    );
    assert!(stderr.contains("Priya Nair works in 8"), "{stderr}");
    assert!(stderr.contains("Tom Becker works in 8.1"), "{stderr}");
    assert!(
        stderr.contains("Ann Li is declared not independent"),
        "{stderr}"
    );
    let p = read_json(&out.join("programme.json"));
    let audits = audits_of(&p, "8.1");
    assert!(!audits.is_empty());
    assert!(audits.iter().all(|a| a["auditor"].is_null()), "{audits:?}");
    // 8.2 is Tom Becker's to audit: he works in 8.1 only.
    assert!(audits_of(&p, "8.2")
        .iter()
        .all(|a| a["auditor"] == "Tom Becker"));
    assert!(p["warnings"][0].as_str().unwrap().starts_with("PRG001"));
    // The workbook marks the row unassigned.
    let rows = sheet(&out.join("audit-programme.en.xlsx"), "Planned audits");
    let row = rows
        .iter()
        .find(|r| r.get(2).map(String::as_str) == Some("8.1"))
        .expect("an audit of 8.1");
    assert!(
        row[4].starts_with("Unassigned: Priya Nair works in 8"),
        "{row:?}"
    );
    let calendar = sheet(&out.join("audit-programme.en.xlsx"), "Calendar");
    let row = calendar.iter().find(|r| r[0] == "8.1").unwrap();
    assert!(row.iter().any(|c| c == "○"), "{row:?}");
    assert!(!row.iter().any(|c| c == "●"), "{row:?}");
}

#[test]
fn without_a_team_every_audit_is_planned_and_none_assigned() {
    let tmp = tempfile::tempdir().unwrap();
    let workspace = northwind_with(tmp.path(), "", "");
    let out = tmp.path().join("programme");
    let (code, _, stderr) = programme(&workspace, &out, &["--format", "json", "--years", "1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("PRG002"), "{stderr}");
    let p = read_json(&out.join("programme.json"));
    assert_eq!(p["quarters"], 4);
    assert!(p["audits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["auditor"].is_null()));
}

#[test]
fn critical_and_changed_processes_are_audited_yearly_and_unknown_ids_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let workspace = northwind_with(
        tmp.path(),
        TEAM,
        "\n[programme]\ncritical = [\"6.3\"]\nchanged = [\"7.2-01\"]\n",
    );
    let out = tmp.path().join("programme");
    let (code, _, stderr) = programme(&workspace, &out, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let p = read_json(&out.join("programme.json"));
    let clause = |id: &str| {
        p["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(clause("6.3")["rule"], "critical");
    assert_eq!(audits_of(&p, "6.3").len(), 3);
    assert_eq!(
        clause("6.3")["why"]["en"],
        "marked critical in assessment.toml (6.3): audited every 12 months"
    );
    assert_eq!(clause("7.2")["rule"], "changed");
    assert_eq!(audits_of(&p, "7.2").len(), 3);
    assert_eq!(clause("6.4")["rule"], "cycle");

    let workspace = northwind_with(
        &tmp.path().join("bad"),
        TEAM,
        "\n[programme]\ncritical = [\"12.3\"]\n",
    );
    let (code, _, stderr) = programme(&workspace, &tmp.path().join("bad-out"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("MAN003"), "{stderr}");
    assert!(
        stderr.contains("[programme] critical entry `12.3`"),
        "{stderr}"
    );
}

#[test]
fn workbook_pdf_and_json_are_deterministic_and_never_replaced_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let previous = assess_northwind(&tmp.path().join("gap"));
    let workspace = northwind_with(tmp.path(), TEAM, "");
    let previous = previous.to_str().unwrap();
    let (first, second) = (tmp.path().join("one"), tmp.path().join("two"));
    for out in [&first, &second] {
        let (code, _, stderr) =
            programme(&workspace, out, &["--previous", previous, "--lang", "zh"]);
        assert_eq!(code, 0, "{stderr}");
    }
    for name in ["programme.json", "audit-programme.zh.xlsx"] {
        assert_eq!(
            std::fs::read(first.join(name)).unwrap(),
            std::fs::read(second.join(name)).unwrap(),
            "{name} differs between two runs"
        );
    }

    // The Chinese PDF says what it is.
    let text = pdf_text(&first.join("audit-programme.zh.pdf"));
    assert!(text.contains("内部审核方案"), "{text}");
    assert!(text.contains("日程"), "{text}");

    // The Chinese workbook: a calendar by quarter and the planned audits.
    let xlsx = first.join("audit-programme.zh.xlsx");
    let calendar = sheet(&xlsx, "日程");
    let header = calendar
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("条款"))
        .expect("the calendar's header row");
    assert_eq!(header.len(), 3 + 12, "{header:?}");
    assert_eq!(header[3], "第1年第1季度");
    assert_eq!(header[14], "第3年第4季度");
    let p = read_json(&first.join("programme.json"));
    for c in p["clauses"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let row = calendar.iter().find(|r| r[0] == id).unwrap();
        let marks: Vec<usize> = (3..row.len()).filter(|&i| row[i] == "●").collect();
        let quarters: Vec<usize> = c["quarters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_u64().unwrap() as usize + 2)
            .collect();
        assert_eq!(marks, quarters, "{id}");
    }
    let audits = sheet(&xlsx, "计划的审核");
    let first_audit = &p["audits"][0];
    let row = audits
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("1"))
        .expect("audit 1");
    assert_eq!(row[2], first_audit["clause"].as_str().unwrap());
    assert_eq!(row[4], first_audit["auditor"].as_str().unwrap());
    assert!(row[5].contains("审核"), "{row:?}");

    // Existing files are refused, untouched, without --force.
    let before = std::fs::read(first.join("programme.json")).unwrap();
    let (code, _, stderr) = programme(&workspace, &first, &["--lang", "zh"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read(first.join("programme.json")).unwrap(), before);
    let (code, _, stderr) = programme(&workspace, &first, &["--lang", "zh", "--force"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn every_programme_code_is_explained() {
    for code in ["PRG001", "PRG002", "PRG003"] {
        let (status, out, err) = iso20k(&["explain", code]);
        assert_eq!(status, 0, "{code}: {err}");
        assert!(out.contains(code), "{out}");
    }
}

#[test]
fn a_last_assessment_of_another_edition_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gap-2018");
    let (code, _, stderr) = iso20k(&[
        "assess",
        common::sample("northwind-msp").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--edition",
        "2018",
        "--no-cache",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let previous = out.join("assessment.json");
    // The workspace names 2011: the programme is planned on it, the assessment was not.
    let (code, _, stderr) = programme(
        &common::sample("northwind-msp"),
        &tmp.path().join("programme"),
        &["--previous", previous.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("PRG003"), "{stderr}");
    assert!(stderr.contains("placed by clause id"), "{stderr}");
}

/// A copy of northwind whose manifest names a one-year programme starting with its period
/// (2025-10-01). Its internal audits on 2025-12-01 and 2026-06-01 cover "Clauses 4-9", so
/// the first and third quarters' audits were held; nothing was audited in the second and
/// fourth.
fn northwind_with_programme(dir: &Path, grading: &str) -> PathBuf {
    let ws = dir.join("ws");
    copy_dir(&common::sample("northwind-msp"), &ws);
    let (code, _, stderr) = iso20k(&[
        "programme",
        ws.to_str().unwrap(),
        "--years",
        "1",
        "--start",
        "2025-10-01",
        "--format",
        "json",
        "--out",
        ws.join("audits/plan").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = ws.join("assessment.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    file(
        &manifest,
        format!("{text}\n[programme]\nplan = \"audits/plan/programme.json\"\n{grading}").as_bytes(),
    );
    ws
}

fn assess(ws: &Path, out: &Path) -> Value {
    common::assess_json(ws, out, &["--no-cache"])
}

#[test]
fn the_next_assessment_checks_the_internal_audits_against_the_programme_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let ws = northwind_with_programme(dir.path(), "");
    let plan = read_json(&ws.join("audits/plan/programme.json"));
    assert_eq!(plan["start"], "2025-10-01");
    assert_eq!(plan["audits"][0]["from"], "2025-10-01");
    assert_eq!(plan["audits"][0]["until"], "2025-12-31");
    let expected: Vec<String> = plan["audits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["quarter"] == 2 || a["quarter"] == 4)
        .map(|a| format!("#{}", a["number"]))
        .collect();
    let due = plan["audits"].as_array().unwrap().len();

    let a = assess(&ws, &dir.path().join("out"));
    let missed: Vec<&Value> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "programme_audit_missed")
        .collect();
    assert_eq!(missed.len(), 1, "one finding for every audit missed");
    let f = missed[0];
    assert_eq!(f["requirement"], "4.5.4.2-01");
    assert_eq!(f["evidence"][0]["path"], "audits/plan/programme.json");
    assert_eq!(f["evidence"][0]["record_ids"], serde_json::json!(expected));
    // The audits held are cited too: the two "Clauses 4-9" audits.
    let held: Vec<&str> = f["evidence"].as_array().unwrap()[1..]
        .iter()
        .flat_map(|e| e["record_ids"].as_array().unwrap())
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(held, ["IA-2025-02", "IA-2026-03"]);
    let statement = f["statement"]["en"].as_str().unwrap();
    assert!(
        statement.starts_with(&format!("{} of the {due} audits", expected.len())),
        "{statement}"
    );
    // Half the programme missed reaches both systemic thresholds of the default profile.
    assert_eq!(f["grade"], "major");
    assert!(f["grading_rationale"]["en"]
        .as_str()
        .unwrap()
        .contains("systemic thresholds"));
    // The programme replaces the bare interval from its start: no interval finding on top.
    assert!(!a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["requirement"] == "4.5.4.2-01" && f["code"] != "programme_audit_missed"));

    // With a higher systemic count the same misses are a lapse: minor.
    let dir = tempfile::tempdir().unwrap();
    let ws = northwind_with_programme(dir.path(), "[grading]\nsystemic_count = 50\n");
    let a = assess(&ws, &dir.path().join("out"));
    let f = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "programme_audit_missed")
        .unwrap();
    assert_eq!(f["grade"], "minor");
}

#[test]
fn a_programme_that_cannot_be_used_is_a_warning_and_the_interval_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ws = northwind_with_programme(dir.path(), "");
    // Planned on the other edition: its clauses are not this catalogue's.
    let path = ws.join("audits/plan/programme.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("iso20000-1-2011", "iso20000-1-2018");
    file(&path, text.as_bytes());
    let a = assess(&ws, &dir.path().join("out"));
    assert!(!a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "programme_audit_missed"));
    let warnings = a["evidence"]["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["location"] == "[programme] plan"
            && w["message"]
                .as_str()
                .unwrap()
                .contains("planned on iso20000-1-2018")),
        "{warnings:?}"
    );
}

#[test]
fn audits_whose_scope_names_no_clause_are_neither_held_nor_missed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = northwind_with_programme(dir.path(), "");
    std::fs::remove_file(ws.join("audits/internal-audits.xlsx")).unwrap();
    file(
        &ws.join("audits/internal-audits.csv"),
        b"Audit ID,Audit date,Scope,Auditor,Auditee\n\
          IA-1,2025-11-10,Network Ops,Olivia Grant,Operations\n\
          IA-2,2026-05-10,Clauses 4-9,Olivia Grant,All services\n",
    );
    let plan = read_json(&ws.join("audits/plan/programme.json"));
    let in_quarter = |q: u64| {
        plan["audits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["quarter"] == q)
            .map(|a| format!("#{}", a["number"]))
            .collect::<Vec<_>>()
    };
    let a = assess(&ws, &dir.path().join("out"));
    let f = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "programme_audit_missed")
        .unwrap();
    // The first quarter's only audit names a team, not clauses: its audits are not listed
    // as missed, and the finding says how many could not be told.
    let listed: Vec<String> = f["evidence"][0]["record_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut missed = in_quarter(2);
    missed.extend(in_quarter(4));
    assert_eq!(listed, missed);
    let statement = f["statement"]["en"].as_str().unwrap();
    assert!(
        statement.ends_with(&format!(
            "Whether {} more were held cannot be told: the internal audits of their quarter name no clause in their scope.",
            in_quarter(1).len()
        )),
        "{statement}"
    );
}
