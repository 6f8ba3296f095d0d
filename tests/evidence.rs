//! Evidence ingestion on realistic exports and on bad input.

mod common;

use common::index;

use std::path::Path;
use std::process::Command;

use iso20k::catalogue::Catalogue;
use iso20k::evidence::{scan, EvidenceIndex, ScanOptions};

fn record_set<'a>(
    idx: &'a EvidenceIndex,
    path: &str,
) -> (
    &'a iso20k::evidence::RecordSetInfo,
    &'a iso20k::evidence::table::RecordTable,
) {
    idx.record_sets
        .iter()
        .zip(&idx.tables)
        .find(|(r, _)| r.path == path)
        .unwrap_or_else(|| panic!("no record set from {path}: {:#?}", idx.record_sets))
}

fn realistic_workspace(ws: &Path) {
    common::file(
        &ws.join("assessment.toml"),
        "organisation = \"Northwind MSP\"\nassessment_date = 2026-10-15\nkind = \"gap\"\n"
            .as_bytes(),
    );
    common::xlsx(
        &ws.join("records/incidents-servicenow.xlsx"),
        "Page 1",
        &[
            vec![
                "number",
                "opened_at",
                "impact",
                "urgency",
                "priority",
                "state",
                "category",
                "assignment_group",
                "resolved_at",
                "closed_at",
                "close_code",
                "made_sla",
                "u_symptom",
            ],
            vec![
                "INC0010001",
                "2026-03-05 10:17:00",
                "1 - High",
                "2 - Medium",
                "2 - High",
                "Closed",
                "network",
                "Network Ops",
                "2026-03-05 12:00:00",
                "2026-03-06 09:00:00",
                "Solved (Permanently)",
                "true",
                "slow",
            ],
            vec![
                "INC0010002",
                "2026-03-07 08:00:00",
                "3 - Low",
                "3 - Low",
                "5 - Planning",
                "Resolved",
                "software",
                "Service Desk",
                "2026-03-07 09:30:00",
                "",
                "",
                "false",
                "",
            ],
        ],
    );
    common::file(
        &ws.join("records/incident-list.csv"),
        "Number,Opened,Short description,Caller,Priority,State,Category,Assignment group\nINC0020001,05/03/2026 10:17,VPN down,Ann Lee,1 - Critical,In Progress,Network,Network Ops\nINC0020002,18/03/2026 14:02,Printer jam,Bo Chen,4 - Low,Closed,Hardware,Desk\n".as_bytes(),
    );
    common::file(
        &ws.join("records/jira-problems.csv"),
        "Summary,Issue key,Issue Type,Status,Priority,Created,Custom field (Root cause),Custom field (Workaround)\nMail queue stalls,PRB-12,Problem,Investigating,High,25/Feb/26 10:17 PM,,Restart relay\nDisk fills on db01,PRB-13,Problem,Closed,Medium,02/Mar/26 9:05 AM,Log rotation missing,\n".as_bytes(),
    );
    common::xlsx(
        &ws.join("records/变更记录.xlsx"),
        "变更",
        &[
            vec![
                "变更编号",
                "变更类型",
                "风险等级",
                "计划开始时间",
                "实际开始时间",
                "批准时间",
                "实施结果",
                "回退计划",
            ],
            vec![
                "CHG-2026-001",
                "一般变更",
                "中",
                "2026年3月5日 22:00",
                "2026年3月5日 22:10",
                "2026年3月4日 16:00",
                "成功",
                "回滚到上一版本",
            ],
            vec![
                "CHG-2026-002",
                "紧急变更",
                "高",
                "2026年3月9日 01:00",
                "2026年3月9日 01:05",
                "2026年3月9日 09:00",
                "成功",
                "",
            ],
        ],
    );
    common::xlsx(
        &ws.join("evidence-register.xlsx"),
        "Register",
        &[
            vec![
                "Requirement IDs",
                "Evidence title",
                "File reference",
                "Owner",
                "Date",
                "Self-assessed status",
                "Auditor verdict",
                "Auditor note",
            ],
            vec![
                "8.1-01, 8.1-02",
                "Incident procedure",
                "policies/incident-procedure.docx",
                "Desk lead",
                "2026-01-15",
                "Conforming",
                "",
                "",
            ],
            vec![
                "4.1.2-01",
                "SM policy",
                "policies\\service-management-policy.pdf",
                "CIO",
                "2026-02-01",
                "部分符合",
                "Nonconforming",
                "Not approved",
            ],
            vec![
                "8.2-01",
                "Problem procedure",
                "procedures/problem-procedure.md",
                "",
                "",
                "Conforming",
                "",
                "",
            ],
            vec![
                "9.9-99",
                "Secrets",
                "../../etc/passwd",
                "",
                "",
                "Conforming",
                "",
                "",
            ],
        ],
    );
    common::docx(
        &ws.join("policies/incident-procedure.docx"),
        "Incident Management Procedure",
        "Li Na",
        "7",
        "事件管理程序\n版本：V2.0\n批准人：王伟\n审批日期：2026年1月15日\n下次评审日期：2027年1月15日\n1 目的\n规定事件的记录、分类、优先级和关闭。",
    );
    common::file(
        &ws.join("policies/service-management-policy.pdf"),
        &iso20k::sample::files::pdf_bytes(&[
            "Service Management Policy",
            "Version: 1.0",
            "Approved by: R. Patel",
            "Approval date: 2026-02-01",
            "Next review: 2027-02-01",
            "We commit to meeting service requirements.",
        ]),
    );
    common::file(
        &ws.join("procedures/problem-procedure.md"),
        "# Problem Management Procedure\n\n| Field | Value |\n|---|---|\n| Version | 1.3 |\n| Owner | Problem Manager |\n| Approved by | Jane Doe |\n| Approval date | 2026-04-02 |\n| Next review | 2027-04-02 |\n\n## Scope\nAll problems.\n".as_bytes(),
    );
}

#[test]
fn recognises_exports_documents_and_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    realistic_workspace(ws);
    let idx = index(ws);

    assert_eq!(idx.organisation, "Northwind MSP");
    assert_eq!(idx.assessment_date.as_deref(), Some("2026-10-15"));
    assert_eq!(idx.files.len(), 9);
    assert!(idx.files.iter().all(|f| f.sha256.len() == 64));
    assert!(idx.skipped.is_empty(), "{:#?}", idx.skipped);

    // ServiceNow table API names.
    let (info, t) = record_set(&idx, "records/incidents-servicenow.xlsx");
    assert_eq!(info.kind, "incidents");
    assert_eq!(info.sheet.as_deref(), Some("Page 1"));
    assert_eq!(info.rows, 2);
    assert!(info.confidence > 0.99);
    assert_eq!(info.columns["sla_met"], "made_sla");
    assert_eq!(info.unmapped, vec!["u_symptom"]);
    assert_eq!(t.record_id(0), "INC0010001");
    assert_eq!(
        t.date("opened_at", 0).unwrap().to_string(),
        "2026-03-05T10:17:00"
    );
    assert_eq!(
        (
            t.level("impact", 0),
            t.level("urgency", 0),
            t.level("priority", 0)
        ),
        (Some(1), Some(2), Some(2))
    );
    assert_eq!(t.flag("sla_met", 1), Some(false));
    assert_eq!(t.rows, vec![2, 3]);

    // ServiceNow list-view labels, day-first dates.
    let (info, t) = record_set(&idx, "records/incident-list.csv");
    assert_eq!(info.kind, "incidents");
    assert_eq!(info.columns["opened_at"], "Opened");
    assert_eq!(
        t.date("opened_at", 1).unwrap().to_string(),
        "2026-03-18T14:02:00"
    );
    assert_eq!(t.level("priority", 0), Some(1));

    // Jira Service Management CSV.
    let (info, t) = record_set(&idx, "records/jira-problems.csv");
    assert_eq!(info.kind, "problems");
    assert_eq!(info.columns["root_cause"], "Custom field (Root cause)");
    assert_eq!(
        t.date("opened_at", 0).unwrap().to_string(),
        "2026-02-25T22:17:00"
    );
    assert!(!t.present("root_cause", 0) && t.present("root_cause", 1));
    assert_eq!(t.level("priority", 0), Some(2));

    // Chinese-header change log.
    let (info, t) = record_set(&idx, "records/变更记录.xlsx");
    assert_eq!(info.kind, "changes");
    assert_eq!(info.columns["approved_at"], "批准时间");
    assert_eq!(
        t.date("approved_at", 1).unwrap().to_string(),
        "2026-03-09T09:00:00"
    );
    assert!(t.present("backout_plan", 0) && !t.present("backout_plan", 1));

    // Register: ids split, statuses normalised, references checked.
    assert_eq!(idx.register.len(), 4);
    let r = &idx.register[0];
    assert_eq!(r.requirements, vec!["8.1-01", "8.1-02"]);
    assert_eq!(r.path.as_deref(), Some("policies/incident-procedure.docx"));
    assert_eq!(r.status.as_deref(), Some("conforming"));
    let r = &idx.register[1];
    assert_eq!(
        r.path.as_deref(),
        Some("policies/service-management-policy.pdf")
    );
    assert_eq!(
        (r.status.as_deref(), r.auditor_verdict.as_deref()),
        (Some("partial"), Some("nonconforming"))
    );
    let escape = &idx.register[3];
    assert_eq!(escape.path, None);
    let refused = idx
        .warnings
        .iter()
        .find(|w| w.message.contains("outside the workspace"))
        .unwrap();
    assert_eq!(refused.path, "evidence-register.xlsx");
    assert!(
        refused.location.starts_with("Register!row 5"),
        "{}",
        refused.location
    );
    assert!(idx
        .warnings
        .iter()
        .any(|w| w.message.contains("`9.9-99` is not a requirement")));

    // Documents: DOCX core properties + Chinese control block, PDF, Markdown.
    let doc = |p: &str| idx.documents.iter().find(|d| d.path == p).unwrap();
    let d = doc("policies/incident-procedure.docx");
    // The title the document shows wins over the file's title property.
    assert_eq!(d.title.as_deref(), Some("事件管理程序"));
    assert_eq!(d.version.as_deref(), Some("V2.0"));
    assert_eq!(d.approved_by.as_deref(), Some("王伟"));
    assert_eq!(d.approved_on.as_deref(), Some("2026-01-15"));
    assert_eq!(d.next_review.as_deref(), Some("2027-01-15"));
    assert_eq!(d.modified.as_deref(), Some("2026-01-20"));
    // The account that created the file is no owner, and Word's save counter no version.
    assert_eq!(d.owner, None);
    assert_eq!(d.document_type.as_deref(), Some("D34"));
    let d = doc("policies/service-management-policy.pdf");
    assert_eq!(d.title.as_deref(), Some("Service Management Policy"));
    assert_eq!(d.version.as_deref(), Some("1.0"));
    assert_eq!(d.approved_on.as_deref(), Some("2026-02-01"));
    assert_eq!(d.document_type.as_deref(), Some("D01"));
    let d = doc("procedures/problem-procedure.md");
    assert_eq!(d.title.as_deref(), Some("Problem Management Procedure"));
    assert_eq!(d.version.as_deref(), Some("1.3"));
    assert_eq!(d.approved_by.as_deref(), Some("Jane Doe"));
    assert_eq!(d.document_type.as_deref(), Some("D37"));
}

#[test]
fn json_output_follows_the_contract_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    realistic_workspace(dir.path());
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_iso20k"))
            .args(["evidence", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    assert_eq!(first, run());
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    for key in [
        "workspace",
        "organisation",
        "assessment_date",
        "files",
        "record_sets",
        "documents",
        "register",
        "skipped",
        "warnings",
    ] {
        assert!(!v[key].is_null(), "{key}");
    }
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"policies/service-management-policy.pdf"));
    let rs = &v["record_sets"][0];
    for key in [
        "kind",
        "path",
        "sheet",
        "rows",
        "confidence",
        "columns",
        "unmapped",
    ] {
        assert!(rs.get(key).is_some(), "{key}");
    }
    let doc = &v["documents"][0];
    for key in [
        "path",
        "title",
        "document_type",
        "version",
        "approved_by",
        "approved_on",
        "next_review",
    ] {
        assert!(doc.get(key).is_some(), "{key}");
    }
    let reg = &v["register"][0];
    for key in ["row", "requirements", "path", "status", "auditor_verdict"] {
        assert!(reg.get(key).is_some(), "{key}");
    }
}

#[test]
fn a_folder_without_manifest_is_read_with_stated_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("Contoso Exports");
    common::file(
        &ws.join("incidents.csv"),
        b"number,opened_at,priority,state\nINC1,2026-05-01 10:00:00,3 - Moderate,Closed\nINC2,2026-06-30 23:00:00,2 - High,Closed\n",
    );
    let idx = index(&ws);
    assert_eq!(idx.organisation, "Contoso Exports");
    assert_eq!(idx.assessment_date.as_deref(), Some("2026-06-30"));
    assert!(idx.notes.iter().any(|n| n.contains("no assessment.toml")));
    assert!(idx.notes.iter().any(|n| n.contains("latest evidence date")));
}

#[test]
fn init_round_trips_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("acme");
    let bin = env!("CARGO_BIN_EXE_iso20k");
    let out = Command::new(bin).arg("init").arg(&ws).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The workspace is on the current edition, as its manifest says.
    let current = Catalogue::builtin_edition("2018").unwrap().unwrap();
    let idx = scan(&ws, &current, &ScanOptions::default()).unwrap();
    assert_eq!(idx.organisation, "acme");
    assert!(
        idx.skipped.is_empty() && idx.warnings.is_empty(),
        "{:#?} {:#?}",
        idx.skipped,
        idx.warnings
    );
    assert_eq!(idx.record_sets.len(), 1);
    assert_eq!(idx.record_sets[0].kind, "register");
    assert_eq!(idx.record_sets[0].columns.len(), 8);
    // A second init refuses and changes nothing.
    let before = std::fs::read(ws.join("assessment.toml")).unwrap();
    let out = Command::new(bin).arg("init").arg(&ws).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(before, std::fs::read(ws.join("assessment.toml")).unwrap());
}

#[test]
fn bad_inputs_are_named_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    // A good file, so the run has something to do.
    common::file(
        &ws.join("incidents.csv"),
        b"number,opened_at,priority,state\nINC1,2026-05-01,3,Closed\n",
    );
    // Truncated workbook.
    common::xlsx(
        &dir.path().join("full.xlsx"),
        "S",
        &[vec!["a", "b"], vec!["1", "2"]],
    );
    let full = std::fs::read(dir.path().join("full.xlsx")).unwrap();
    common::file(&ws.join("truncated.xlsx"), &full[..full.len() / 2]);
    // DOCX that is not a zip; garbage PDF; empty file.
    common::file(
        &ws.join("policy.docx"),
        b"this is plain text pretending to be a DOCX",
    );
    common::file(
        &ws.join("scan.pdf"),
        b"%PDF-1.7\n\x00\x01 garbage that is not a PDF body",
    );
    common::file(&ws.join("empty.csv"), b"");
    // Legacy format, lock file, hidden file.
    common::file(&ws.join("old.xls"), b"\xd0\xcf\x11\xe0");
    common::file(&ws.join("~$register.xlsx"), b"lock");
    common::file(&ws.join(".DS_Store"), b"x");
    // A bad date in an otherwise good export.
    common::file(&ws.join("changes.csv"), "number,type,risk,start_date,work_start,approved_at,close_code\nCHG1,normal,low,2026-05-01,2026-05-01,someday,successful\n".as_bytes());
    #[cfg(unix)]
    {
        std::fs::create_dir_all(ws.join("sub")).unwrap();
        std::os::unix::fs::symlink("..", ws.join("sub/back")).unwrap();
        std::os::unix::fs::symlink("/etc", ws.join("outside")).unwrap();
    }
    let idx = index(&ws);
    let skipped = |p: &str| {
        idx.skipped
            .iter()
            .find(|s| s.path == p)
            .unwrap_or_else(|| panic!("{p} not skipped: {:#?}", idx.skipped))
            .reason
            .clone()
    };
    assert!(
        skipped("truncated.xlsx").contains("not a valid zip"),
        "{}",
        skipped("truncated.xlsx")
    );
    assert!(skipped("policy.docx").contains("not a valid zip"));
    assert!(skipped("scan.pdf").contains("cannot be read"));
    assert!(skipped("empty.csv").contains("empty file"));
    assert!(skipped("old.xls").contains("legacy"));
    assert!(skipped("~$register.xlsx").contains("lock file"));
    assert!(skipped(".DS_Store").contains("hidden"));
    #[cfg(unix)]
    {
        assert!(
            skipped("outside").contains("outside the workspace"),
            "{}",
            skipped("outside")
        );
        assert!(
            skipped("sub/back").contains("link loop"),
            "{}",
            skipped("sub/back")
        );
    }
    let bad_date = idx
        .warnings
        .iter()
        .find(|w| w.path == "changes.csv")
        .unwrap();
    assert_eq!(bad_date.location, "line 2, column 6");
    assert!(bad_date.message.contains("`someday`"));
    // The good files were still read.
    assert_eq!(
        idx.record_sets
            .iter()
            .filter(|r| r.kind == "incidents" || r.kind == "changes")
            .count(),
        2
    );
}
