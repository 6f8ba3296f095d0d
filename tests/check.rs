//! The checker on small workspaces with planted defects: each defect is found with the
//! exact code, grade, requirement and evidence, and clean data raises nothing.

mod common;

use common::{requirement, with_code};

use std::path::Path;

use iso20k::assessment::{Assessment, Grade, Status, Verdict};
use iso20k::catalogue::Catalogue;
use iso20k::check::{assess, AssessOptions};
use iso20k::evidence::{scan, ScanOptions};

fn run(ws: &Path) -> Assessment {
    let cat = Catalogue::builtin().unwrap();
    let idx = scan(ws, &cat, &ScanOptions::default()).unwrap();
    assess(&cat, &idx, &AssessOptions::default())
}

const MANIFEST: &str = r#"organisation = "Test Provider"
assessment_date = 2026-04-30
kind = "internal-audit"
[period]
start = 2025-04-01
end = 2026-03-31
[intervals]
internal_audit = 12
"#;

fn changes_csv(bad_approval: bool) -> String {
    let mut s = String::from("number,type,risk,start_date,work_start,approved_at,close_code,backout_plan,test_plan,risk_impact_analysis\n");
    for i in 0..10 {
        let approved = if bad_approval && i == 3 {
            "2025-06-05 09:00:00"
        } else {
            "2025-06-01 09:00:00"
        };
        s.push_str(&format!(
            "CHG00300{:02},normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,{approved},successful,restore snapshot,smoke tests,low risk\n",
            10 + i
        ));
    }
    s
}

#[test]
fn records_rule_finds_a_change_approved_after_implementation() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(&ws.join("changes.csv"), changes_csv(true).as_bytes());
    let a = run(ws);
    let f = with_code(&a, "REC-CHG-APPROVAL-AFTER-IMPL");
    assert_eq!(f.len(), 1, "{:#?}", a.findings);
    let f = f[0];
    assert_eq!(f.grade, Grade::Minor, "one lapse in ten is isolated");
    assert_eq!(f.requirement, "9.2-09");
    assert_eq!(f.clause, "9.2");
    assert_eq!(f.evidence[0].path, "changes.csv");
    assert_eq!(f.evidence[0].record_ids, vec!["CHG0030013"]);
    assert_eq!(f.evidence[0].rows, vec![5], "CSV line of CHG0030013");
    assert_eq!(f.evidence[0].sha256.len(), 64);
    let sample = f.sample.as_ref().unwrap();
    assert_eq!(
        (sample.population, sample.size, sample.method.as_str()),
        (10, 10, "full")
    );
    assert!(f.statement.zh.contains("CHG0030013"));
    assert_eq!(requirement(&a, "9.2-09").status, Status::Partial);

    // Clean data: no finding, conforming.
    common::file(&ws.join("changes.csv"), changes_csv(false).as_bytes());
    let a = run(ws);
    assert!(with_code(&a, "REC-CHG-APPROVAL-AFTER-IMPL").is_empty());
    assert_eq!(requirement(&a, "9.2-09").auto_status, Status::Conforming);
}

#[test]
fn records_rule_checks_the_priority_matrix_and_keeps_a_small_failure_minor() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    let mut csv = String::from("number,opened_at,impact,urgency,priority,category,state\n");
    for i in 0..5 {
        // INC0010002 and INC0010004 break the 3x3 matrix: impact 1 x urgency 1 is priority 1.
        let priority = if i % 2 == 1 {
            "3 - Moderate"
        } else {
            "1 - Critical"
        };
        csv.push_str(&format!(
            "INC00100{:02},2025-09-0{} 10:00:00,1 - High,1 - High,{priority},network,Closed\n",
            i,
            i + 1
        ));
    }
    common::file(&ws.join("incidents.csv"), csv.as_bytes());
    let a = run(ws);
    let f = with_code(&a, "REC-INC-PRIORITY-MATRIX");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].grade,
        Grade::Minor,
        "two in five is 40 %, but two records are fewer than the systemic count of five"
    );
    assert!(
        f[0].grading_rationale
            .en
            .starts_with("2 of 5 records (40 %)"),
        "{}",
        f[0].grading_rationale.en
    );
    assert_eq!(f[0].requirement, "8.1-04");
    assert_eq!(
        f[0].evidence[0].record_ids,
        vec!["INC0010001", "INC0010003"]
    );
    assert_eq!(requirement(&a, "8.1-04").status, Status::Partial);
    // Records outside the period are not part of the population.
    let out_of_period = csv.replace("2025-09-0", "2024-09-0");
    common::file(&ws.join("incidents.csv"), out_of_period.as_bytes());
    let a = run(ws);
    assert!(with_code(&a, "REC-INC-PRIORITY-MATRIX").is_empty());
    let r = requirement(&a, "8.1-04");
    assert_eq!(
        r.status,
        Status::NotAssessed,
        "no population is neither pass nor fail"
    );
    assert!(
        r.notes.iter().any(|n| n.en.contains("no population")),
        "{:?}",
        r.notes
    );
}

#[test]
fn interval_rule_names_the_two_dates_of_a_lapse() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(
        &ws.join("internal-audits.csv"),
        b"Audit ID,Audit date,Scope,Auditor,Auditee\nIA-2024-02,2024-12-10,Clauses 4-9,K. Osei,Service Desk\nIA-2026-01,2026-03-10,Clauses 4-9,K. Osei,Change Mgmt\n",
    );
    let a = run(ws);
    let f = with_code(&a, "interval_gap");
    assert_eq!(f.len(), 1, "{:#?}", a.findings);
    assert_eq!(f[0].requirement, "4.5.4.2-01");
    assert_eq!(f[0].grade, Grade::Minor);
    assert!(
        f[0].statement
            .en
            .contains("between 2024-12-10 and 2026-03-10"),
        "{}",
        f[0].statement.en
    );
    assert!(
        f[0].statement.en.contains("15 months"),
        "{}",
        f[0].statement.en
    );
    assert_eq!(f[0].evidence.len(), 2);
    assert_eq!(f[0].evidence[1].record_ids, vec!["IA-2026-01"]);
    // The interval is declared, so no "undeclared" observation for audits.
    assert!(!a
        .findings
        .iter()
        .any(|f| f.code == "interval_undeclared" && f.requirement == "4.5.4.2-01"));
    // Independence holds: the auditor never audits their own area.
    assert!(with_code(&a, "REC-AUD-NOT-INDEPENDENT").is_empty());
}

#[test]
fn an_absent_activity_with_no_declared_interval_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(
        &ws.join("assessment.toml"),
        MANIFEST.replace("internal_audit = 12\n", "").as_bytes(),
    );
    // The last audit predates the period: none took place in it.
    common::file(
        &ws.join("internal-audits.csv"),
        b"Audit ID,Audit date,Scope,Auditor,Auditee\nIA-2023-01,2023-11-10,Clauses 4-9,K. Osei,Service Desk\n",
    );
    let a = run(ws);
    let none = with_code(&a, "interval_none");
    let audits: Vec<_> = none
        .iter()
        .filter(|f| f.requirement == "4.5.4.2-01")
        .collect();
    assert_eq!(audits.len(), 1, "{:#?}", a.findings);
    assert_eq!(audits[0].grade, Grade::Major);
    // The statement says the interval is iso20k's assumption, not the provider's plan ...
    assert!(
        audits[0].statement.en.contains("no interval is declared")
            && !audits[0].statement.en.contains("planned every"),
        "{}",
        audits[0].statement.en
    );
    // ... and no second finding says the same gap apart.
    assert!(!a
        .findings
        .iter()
        .any(|f| f.code == "interval_undeclared" && f.requirement == "4.5.4.2-01"));
}

#[test]
fn document_rule_checks_control_and_topics() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(
        &ws.join("procedures/incident-management-procedure.md"),
        "# Incident Management Procedure\n\nVersion: 3.1\nApproved by: Head of Operations\nApproval date: 2024-11-01\nNext review: 2025-11-01\n\nIncidents are recorded, classified and prioritised, escalated and resolved, then closed.\n".as_bytes(),
    );
    common::file(
        &ws.join("procedures/problem-management-procedure.md"),
        "# Problem Management Procedure\n\nVersion: 1.0\nApproved by: Head of Operations\nApproval date: 2026-01-10\nNext review: 2027-01-10\n\nProblems are identified and prioritised.\n".as_bytes(),
    );
    let a = run(ws);
    let overdue = with_code(&a, "document_review_overdue");
    assert_eq!(overdue.len(), 1, "{:#?}", overdue);
    assert_eq!(overdue[0].requirement, "8.1-01");
    assert_eq!(overdue[0].grade, Grade::Minor);
    assert!(overdue[0].statement.en.contains("2025-11-01"));
    assert_eq!(
        overdue[0].evidence[0].path,
        "procedures/incident-management-procedure.md"
    );
    // The problem procedure is current but misses escalation, resolution and closure.
    let topics = with_code(&a, "document_topics_missing");
    let problem = topics.iter().find(|f| f.requirement == "8.2-01").unwrap();
    assert!(
        problem.statement.en.contains("escalat"),
        "{}",
        problem.statement.en
    );
    assert!(
        !topics.iter().any(|f| f.requirement == "8.1-01"),
        "the incident procedure covers its topics"
    );
    // A mandatory document nobody wrote is one major finding, shared by the requirements it serves.
    let missing = with_code(&a, "document_missing");
    let change_policy = missing
        .iter()
        .find(|f| f.statement.en.contains("(D40)"))
        .unwrap();
    assert_eq!(change_policy.grade, Grade::Major);
    assert_eq!(
        missing
            .iter()
            .filter(|f| f.statement.en.contains("(D40)"))
            .count(),
        1
    );
    for id in ["9.2-01", "9.2-02", "9.2-03", "5.1-02"] {
        assert!(
            requirement(&a, id).findings.contains(&change_policy.id),
            "{id}"
        );
    }
}

#[test]
fn register_statuses_and_auditor_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(
        &ws.join("docs/complaints.md"),
        b"# Complaints\nVersion: 1\nApproved by: CEO\n",
    );
    common::xlsx(
        &ws.join("evidence-register.xlsx"),
        "Register",
        &[
            vec![
                "Requirement IDs",
                "Evidence title",
                "File reference",
                "Self-assessed status",
                "Auditor verdict",
                "Auditor note",
            ],
            vec![
                "7.1-09",
                "Complaint procedure",
                "docs/complaints.md",
                "Nonconforming",
                "",
                "",
            ],
            vec![
                "7.1-03",
                "Customer comms plan",
                "docs/complaints.md",
                "Conforming",
                "Partial",
                "Plan covers only two of five customers",
            ],
        ],
    );
    let a = run(ws);
    let f = with_code(&a, "register_self_nonconforming");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].requirement.as_str(), f[0].grade),
        ("7.1-09", Grade::Major)
    );
    assert_eq!(f[0].evidence[0].rows, vec![2]);
    let r = requirement(&a, "7.1-03");
    assert_eq!(r.auto_status, Status::Conforming);
    assert_eq!(r.auditor_status, Some(Status::Partial));
    assert_eq!(r.status, Status::Partial, "the auditor's verdict wins");
    assert_eq!(
        r.auditor_note.as_deref(),
        Some("Plan covers only two of five customers")
    );
}

#[test]
fn a_plain_exclusion_is_refused_and_its_requirements_stay_unmet() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(
        &ws.join("assessment.toml"),
        format!("{MANIFEST}\n[[exclusion]]\ntarget = \"6.4\"\nreason = \"We do not budget per service\"\n").as_bytes(),
    );
    let a = run(ws);
    let f = with_code(&a, "exclusion_not_permitted");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].grade, Grade::Major);
    assert_eq!(f[0].requirement, "6.4-01");
    assert!(f[0].statement.en.contains("clause 1.2"));
    assert_eq!(a.summary.verdict, Verdict::NotReady);
    assert_eq!(a.tailoring.len(), 1);
    assert_eq!(a.tailoring[0].target, "6.4");
    assert!(a.tailoring[0].decision.en.starts_with("Rejected"));
    assert_eq!(a.tailoring[0].finding.as_deref(), Some(f[0].id.as_str()));
    // The missing budgeting documents have the exclusion as their cause: one finding.
    assert!(with_code(&a, "document_missing")
        .iter()
        .all(|d| !d.requirement.starts_with("6.4")));
    assert!(f[0].details.iter().any(|d| d.code == "document_missing"));
    for r in a.requirements.iter().filter(|r| r.clause == "6.4") {
        assert_eq!(r.status, Status::Nonconforming, "{}", r.id);
        assert!(r.findings.contains(&f[0].id));
    }
}

fn governance_workspace(ws: &Path, with_evidence: bool) {
    common::file(
        &ws.join("assessment.toml"),
        format!("{MANIFEST}\n[[other_party]]\ntarget = \"8.2\"\nparty = \"Acme Support\"\nparty_type = \"supplier\"\n").as_bytes(),
    );
    common::file(
        &ws.join("governance/acme-support-governance.md"),
        b"# Acme Support process governance\nVersion: 1\n",
    );
    common::file(
        &ws.join("contracts/acme-support-contract.pdf"),
        &iso20k::sample::files::pdf_bytes(&["Acme Support services contract"]),
    );
    let mut rows = vec![vec![
        "Requirement IDs",
        "Evidence title",
        "File reference",
        "Self-assessed status",
    ]];
    if with_evidence {
        rows.push(vec![
            "4.2-02, 4.2-03, 4.2-04, 4.2-05",
            "Acme Support governance matrix",
            "governance/acme-support-governance.md",
            "Conforming",
        ]);
        rows.push(vec![
            "7.2-02",
            "Acme Support contract",
            "contracts/acme-support-contract.pdf",
            "Conforming",
        ]);
    }
    common::xlsx(&ws.join("evidence-register.xlsx"), "Register", &rows);
}

#[test]
fn a_process_run_by_a_supplier_needs_governance_and_supplier_management() {
    let dir = tempfile::tempdir().unwrap();
    governance_workspace(dir.path(), false);
    let a = run(dir.path());
    // One ungoverned supplier is one cause: one finding listing every requirement it affects.
    let g = with_code(&a, "governance_missing");
    assert_eq!(g.len(), 1, "{:#?}", a.findings);
    assert_eq!(
        (g[0].requirement.as_str(), g[0].grade),
        ("4.2-02", Grade::Major)
    );
    assert!(g[0].statement.en.contains("Acme Support"));
    for id in ["4.2-02", "4.2-03", "4.2-04", "4.2-05", "4.2-06"] {
        assert!(g[0].requirements.iter().any(|r| r == id), "{id}");
    }
    assert!(with_code(&a, "supplier_management_missing").is_empty());
    assert_eq!(g[0].details.len(), 1);
    assert_eq!(g[0].details[0].code, "supplier_management_missing");
    let about_acme = a
        .findings
        .iter()
        .filter(|f| f.statement.en.contains("Acme Support") && f.counts())
        .count();
    assert_eq!(about_acme, 1, "counted once");
    assert_eq!(requirement(&a, "4.2-06").status, Status::Nonconforming);
    assert!(requirement(&a, "4.2-06").findings.contains(&g[0].id));

    let dir = tempfile::tempdir().unwrap();
    governance_workspace(dir.path(), true);
    let a = run(dir.path());
    assert!(
        with_code(&a, "governance_missing").is_empty(),
        "{:#?}",
        with_code(&a, "governance_missing")
    );
    assert!(with_code(&a, "supplier_management_missing").is_empty());
    assert_eq!(requirement(&a, "4.2-06").status, Status::Conforming);
    assert_eq!(
        requirement(&a, "4.2-07").status,
        Status::NotAssessed,
        "no internal group declared"
    );
}

#[test]
fn clause_4_cannot_be_handed_to_another_party() {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("assessment.toml"),
        format!("{MANIFEST}\n[[other_party]]\ntarget = \"4.1\"\nparty = \"Parent Group plc\"\nparty_type = \"internal-group\"\n").as_bytes(),
    );
    let a = run(dir.path());
    let f = with_code(&a, "clause4_not_delegable");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].requirement.as_str(), f[0].grade),
        ("4.1.1-01", Grade::Major)
    );
}

#[test]
fn related_minors_against_one_requirement_escalate_into_one_major_that_contains_them() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    // The old name of the setting still works.
    common::file(
        &ws.join("assessment.toml"),
        format!("{MANIFEST}\n[grading]\nminors_for_major = 2\n").as_bytes(),
    );
    // Two incident exports, each with an isolated closure lapse against 8.1-03.
    for name in ["a", "b"] {
        let mut csv = String::from(
            "number,opened_at,priority,category,state,resolved_at,closed_at,close_code\n",
        );
        for i in 0..20 {
            let closed = if i == 0 {
                "2025-08-01 09:00:00"
            } else {
                "2025-08-03 09:00:00"
            };
            csv.push_str(&format!("INC{name}{i:03},2025-08-01 10:00:00,3,network,Closed,2025-08-02 10:00:00,{closed},fixed\n"));
        }
        common::file(&ws.join(format!("incidents-{name}.csv")), csv.as_bytes());
    }
    let a = run(ws);
    let closure = with_code(&a, "REC-INC-CLOSURE");
    assert_eq!(closure.len(), 2);
    let escalated = with_code(&a, "escalated_minors");
    assert_eq!(escalated.len(), 1);
    assert_eq!(escalated[0].grade, Grade::Major);
    assert_eq!(escalated[0].clause, "8.1");
    assert!(escalated[0].requirements.iter().any(|r| r == "8.1-03"));
    for f in &closure {
        assert_eq!(f.grade, Grade::Minor);
        assert!(escalated[0].includes.contains(&f.id));
        assert_eq!(f.escalated_into.as_deref(), Some(escalated[0].id.as_str()));
    }
    // Only the related minors (the closure lapses, against one requirement) are inside the
    // major; none of them counts on its own, and every other minor of 8.1 still does.
    let inside: Vec<(&str, &str)> = a
        .findings
        .iter()
        .filter(|f| escalated[0].includes.contains(&f.id))
        .map(|f| (f.code.as_str(), f.requirement.as_str()))
        .collect();
    assert_eq!(escalated[0].includes.len(), closure.len(), "{inside:?}");
    assert!(closure.iter().all(|f| !f.counts()));
    assert!(a
        .findings
        .iter()
        .filter(|f| f.grade == Grade::Minor && f.clause == "8.1" && f.code != "REC-INC-CLOSURE")
        .all(|f| f.counts()));
    let counted_minors = a
        .findings
        .iter()
        .filter(|f| f.grade == Grade::Minor && f.counts())
        .count();
    assert_eq!(a.summary.counts.minor, counted_minors);
    assert_eq!(a.grading.escalate_minors, 2);
}

#[test]
fn assess_is_deterministic_refuses_to_overwrite_and_honours_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(&ws.join("changes.csv"), changes_csv(true).as_bytes());
    let out = dir.path().join("out");
    let (ws_s, out_s) = (ws.to_str().unwrap(), out.to_str().unwrap());
    let (code, stdout, stderr) = common::iso20k(&["assess", ws_s, "--out", out_s]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Test Provider"), "{stdout}");
    let first = std::fs::read(out.join("assessment.json")).unwrap();
    // A second run without --force refuses and changes nothing.
    let (code, _, stderr) = common::iso20k(&["assess", ws_s, "--out", out_s]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(first, std::fs::read(out.join("assessment.json")).unwrap());
    // With --force the same inputs give byte-identical output.
    let (code, _, _) = common::iso20k(&["assess", ws_s, "--out", out_s, "--force"]);
    assert_eq!(code, 0);
    assert_eq!(first, std::fs::read(out.join("assessment.json")).unwrap());
    // --fail-on: majors exist (missing mandatory documents), so exit 1.
    let (code, _, _) = common::iso20k(&[
        "assess",
        ws_s,
        "--out",
        out_s,
        "--force",
        "--fail-on",
        "major",
    ]);
    assert_eq!(code, 1);

    let v: serde_json::Value = serde_json::from_slice(&first).unwrap();
    for key in [
        "tool",
        "catalogue",
        "organisation",
        "kind",
        "assessment_date",
        "period",
        "summary",
        "clauses",
        "requirements",
        "findings",
        "tailoring",
        "evidence",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["kind"], "internal-audit");
    assert_eq!(v["catalogue"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["requirements"].as_array().unwrap().len(), 273);
    assert_eq!(v["clauses"].as_array().unwrap().len(), 53);
    for key in ["score", "verdict", "counts", "requirements"] {
        assert!(v["summary"].get(key).is_some(), "{key}");
    }
    let f = &v["findings"][0];
    for key in [
        "id",
        "code",
        "grade",
        "requirement",
        "clause",
        "statement",
        "recommendation",
        "evidence",
        "sample",
    ] {
        assert!(f.get(key).is_some(), "{key}");
    }
}

#[test]
fn raw_exports_without_a_manifest_are_assessed_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("Fabrikam exports");
    common::file(&ws.join("changes.csv"), changes_csv(true).as_bytes());
    common::file(&ws.join("incidents.csv"), b"number,opened_at,impact,urgency,priority,category,state\nINC1,2025-06-01 10:00:00,1,1,1,network,Closed\n");
    let out = dir.path().join("out");
    let (code, stdout, stderr) = common::iso20k(&[
        "assess",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Fabrikam exports — gap analysis (2025-06-05)"),
        "{stdout}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(v["kind"], "gap");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "REC-CHG-APPROVAL-AFTER-IMPL"));
}

#[test]
fn a_records_rule_can_sample_reproducibly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    let mut csv = String::from("number,opened_at,category,priority,state\n");
    for i in 0..400 {
        let category = if i % 10 == 0 { "" } else { "network" };
        csv.push_str(&format!(
            "INC{i:05},2025-07-01 10:00:00,{category},3,Closed\n"
        ));
    }
    common::file(&ws.join("incidents.csv"), csv.as_bytes());
    let mut cat = Catalogue::builtin().unwrap();
    let req = cat
        .requirements
        .iter_mut()
        .find(|r| r.id == "8.1-03")
        .unwrap();
    let rule = req
        .evidence
        .iter_mut()
        .find(|e| e.params.get("check").and_then(|c| c.as_str()) == Some("incident_classified"))
        .unwrap();
    rule.params.insert(
        "sample".into(),
        toml::Value::Table(toml::toml! { method = "simple-random"
        size = 25
        seed = 42 }),
    );
    let idx = scan(ws, &cat, &ScanOptions::default()).unwrap();
    let a = assess(&cat, &idx, &AssessOptions::default());
    let again = assess(&cat, &idx, &AssessOptions::default());
    let f = with_code(&a, "REC-INC-UNCLASSIFIED")[0];
    let sample = f.sample.as_ref().unwrap();
    assert_eq!(
        (
            sample.population,
            sample.size,
            sample.method.as_str(),
            sample.seed
        ),
        (400, 25, "simple-random", Some(42))
    );
    assert_eq!(sample.ids.len(), 25);
    assert_eq!(
        f.sample,
        with_code(&again, "REC-INC-UNCLASSIFIED")[0].sample
    );
    for id in &f.evidence[0].record_ids {
        assert!(sample.ids.contains(id), "failures come from the sample");
    }
}

/// A kind of rule added from outside the checker, to show all that adding one takes: this
/// module, and one line in a registry (`kinds.push(&attested::AttestedRule)` below; in the
/// tool, a line `&attested::AttestedRule,` in `check::rules::KINDS`). Neither the catalogue
/// nor the engine changes.
mod attested {
    use iso20k::assessment::Status;
    use iso20k::catalogue::{KnownTypes, Requirement};
    use iso20k::check::rule::{Kind, ParamsError, Prior};
    use iso20k::check::{Context, Outcome};
    use serde::Deserialize;

    /// Parameters of an `attested` rule.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Params {
        /// Who attests that the requirement is partly met.
        pub by: String,
    }

    /// A requirement someone attests is partly met.
    pub struct AttestedRule;

    impl Kind for AttestedRule {
        const NAME: &'static str = "attested";
        type Params = Params;

        fn validate(params: &Params, _: &KnownTypes) -> Result<(), ParamsError> {
            if params.by.trim().is_empty() {
                return Err(ParamsError::Invalid {
                    parameter: "by",
                    problem: "names nobody".into(),
                });
            }
            Ok(())
        }

        fn evaluate(_: &Params, _: &Requirement, _: &Context, _: &Prior) -> Outcome {
            Outcome::status(Status::Partial)
        }
    }
}

/// The built-in catalogue in a folder, with an `attested` rule (by `by`) on 8.1-04.
fn catalogue_with_an_attested_rule(by: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("controls/iso20000-1-2011");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let clause8 = dir.path().join("clause-8.toml");
    let text = std::fs::read_to_string(&clause8).unwrap();
    let wired = "params = { check = \"priority_matrix\" }\n";
    assert!(text.contains(wired));
    let attested = format!(
        "{wired}\n[[requirement.evidence]]\nkind = \"attested\"\nparams = {{ by = \"{by}\" }}\n"
    );
    std::fs::write(&clause8, text.replacen(wired, &attested, 1)).unwrap();
    dir
}

#[test]
fn a_new_kind_of_rule_is_one_module_and_one_registry_line() {
    use iso20k::catalogue::Loader;
    use iso20k::check::rule::{AnyKind, Registry};
    use iso20k::check::rules::KINDS;

    let mut kinds: Vec<&'static dyn AnyKind> = KINDS.kinds().to_vec();
    kinds.push(&attested::AttestedRule);
    let registry = Registry::new(&kinds);

    // Unregistered, the kind is unknown to the catalogue, as a misspelt kind is.
    let dir = catalogue_with_an_attested_rule("Service owner");
    let errors = Catalogue::load_dir(dir.path()).unwrap_err();
    assert!(
        errors[0].message.contains("unknown variant `attested`"),
        "{errors:?}"
    );

    // Registered, the catalogue loads, and the kind's own validation speaks for it.
    let catalogue = Loader::new(&registry).dir(dir.path()).unwrap();
    let invalid = catalogue_with_an_attested_rule(" ");
    let errors = Loader::new(&registry).dir(invalid.path()).unwrap_err();
    assert_eq!(errors[0].code, "CAT019");
    assert!(
        errors[0]
            .message
            .ends_with("has a Attested rule that cannot run: `by` names nobody"),
        "{errors:?}"
    );

    // And the engine evaluates it like any other kind.
    let ws = tempfile::tempdir().unwrap();
    common::file(&ws.path().join("assessment.toml"), MANIFEST.as_bytes());
    let index = scan(ws.path(), &catalogue, &ScanOptions::default()).unwrap();
    let options = AssessOptions::default();
    let with = iso20k::check::assess_with_rules(&catalogue, &index, &options, registry);
    assert_eq!(requirement(&with, "8.1-04").status, Status::Partial);
    let builtin = Catalogue::builtin().unwrap();
    let without = assess(&builtin, &index, &options);
    assert_eq!(requirement(&without, "8.1-04").status, Status::NotAssessed);
}
