//! Exports as clients have them: a ServiceNow incident list and a Jira Service Management
//! change export, written here as those tools write them (ServiceNow's `1 - Critical`
//! priorities and `On Hold` states; Jira's `23/Jan/26 7:00 PM` dates, `[System] Change`
//! issue types, `Custom field (...)` headers, a blank Approval on emergency changes, service
//! requests mixed in), with no mapping in the manifest. Every planted defect is cited by
//! record id in a finding, and each finding says what it assumed about the client's values.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

const MANIFEST: &str = r#"organisation = "Contoso Managed Services"
assessment_date = 2026-06-30
kind = "gap"
edition = "2018"

[period]
start = 2026-01-01
end = 2026-06-30
"#;

/// ServiceNow's incident list export. Planted: INC0010005 resolved before it was opened;
/// INC0010007 and INC0010008 at priority 1 on hold since February; the priority-1 incidents
/// INC0010001 … INC0010004 resolved with no review anywhere except INC0010001, whose
/// post-incident review is a document.
fn servicenow_incidents() -> String {
    let mut rows = vec![
        "\"number\",\"opened_at\",\"short_description\",\"priority\",\"state\",\"category\",\"assignment_group\",\"resolved_at\",\"closed_at\"".to_string(),
    ];
    let p1 = [
        ("INC0010001", "2026-02-03 08:12:00", "2026-02-03 11:40:00"),
        ("INC0010002", "2026-03-09 14:02:00", "2026-03-09 18:30:00"),
        ("INC0010003", "2026-04-21 07:55:00", "2026-04-21 09:10:00"),
        ("INC0010004", "2026-05-30 22:15:00", "2026-05-31 02:00:00"),
    ];
    for (id, opened, resolved) in p1 {
        rows.push(format!(
            "\"{id}\",\"{opened}\",\"Core switch outage\",\"1 - Critical\",\"Closed\",\"Network\",\"Network Ops\",\"{resolved}\",\"{resolved}\""
        ));
    }
    rows.push("\"INC0010005\",\"2026-03-12 10:00:00\",\"Printer jam\",\"4 - Low\",\"Resolved\",\"Hardware\",\"Service Desk\",\"2026-03-11 16:00:00\",\"\"".into());
    rows.push("\"INC0010006\",\"2026-03-13 10:00:00\",\"Password reset\",\"3 - Moderate\",\"Closed\",\"Access\",\"Service Desk\",\"2026-03-13 10:20:00\",\"2026-03-14 10:20:00\"".into());
    rows.push("\"INC0010007\",\"2026-02-10 09:00:00\",\"Payment gateway down\",\"1 - Critical\",\"On Hold\",\"Application\",\"App Support\",\"\",\"\"".into());
    rows.push("\"INC0010008\",\"2026-02-18 09:00:00\",\"Data centre cooling alarm\",\"1 - Critical\",\"On Hold\",\"Facilities\",\"DC Ops\",\"\",\"\"".into());
    rows.push("\"INC0010009\",\"2026-06-28 09:00:00\",\"VPN slow\",\"2 - High\",\"In Progress\",\"Network\",\"Network Ops\",\"\",\"\"".into());
    rows.join("\n") + "\n"
}

/// Jira Service Management's CSV export of the change project, with service requests of the
/// same project mixed in. Planted: CHG-102 and CHG-104 emergency changes with a blank
/// Approval; CHG-103 approved after it was resolved; REQ-201 … REQ-203 service requests.
fn jira_changes() -> String {
    [
        "Summary,Issue key,Issue id,Issue Type,Status,Priority,Created,Resolved,Custom field (Change type),Custom field (Change risk),Custom field (Approval),Custom field (Approved date)",
        "Patch web servers,CHG-101,10101,[System] Change,Done,Medium,02/Mar/26 9:00 AM,05/Mar/26 6:00 PM,Normal,Low,Approved,03/Mar/26 10:00 AM",
        "Firewall rule hotfix,CHG-102,10102,[System] Change,Done,High,10/Mar/26 9:00 AM,10/Mar/26 11:00 PM,Emergency,High,,",
        "Database upgrade,CHG-103,10103,[System] Change,Done,Medium,12/Mar/26 9:00 AM,14/Mar/26 6:00 PM,Normal,Medium,Approved,20/Mar/26 10:00 AM",
        "Storage firmware,CHG-104,10104,[System] Change,Done,Highest,02/Apr/26 7:00 PM,02/Apr/26 11:30 PM,Emergency,High,,",
        "Certificate renewal,CHG-105,10105,[System] Change,Done,Low,06/Apr/26 9:00 AM,09/Apr/26 5:00 PM,Standard,Low,Approved,06/Apr/26 9:30 AM",
        "New laptop,REQ-201,10201,[System] Service request,Resolved,Low,04/Mar/26 9:00 AM,04/Mar/26 3:00 PM,,,,",
        "Shared drive access,REQ-202,10202,[System] Service request,Resolved,Low,05/Mar/26 9:00 AM,06/Mar/26 3:00 PM,,,,",
        "Software install,REQ-203,10203,[System] Service request with approvals,Resolved,Low,07/Mar/26 9:00 AM,07/Mar/26 1:00 PM,,,,",
    ]
    .join("\n")
        + "\n"
}

fn client_folder(dir: &Path) -> PathBuf {
    let ws = dir.join("contoso");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(
        &ws.join("exports/incident.csv"),
        servicenow_incidents().as_bytes(),
    );
    common::file(
        &ws.join("exports/Jira Service Management (Contoso).csv"),
        jira_changes().as_bytes(),
    );
    common::file(
        &ws.join("reviews/PIR INC0010001 core switch.md"),
        b"# Post-incident review: INC0010001\n\nDate: 2026-02-05\n\nThe core switch failed after a firmware push. Actions: staged rollout.\n",
    );
    ws
}

fn assess(ws: &Path, out: &Path) -> Value {
    common::assess_json(ws, out, &["--format", "json,html"])
}

/// The findings of `code`, with every record id they cite and their English statement.
fn cited(a: &Value, code: &str) -> Vec<(Vec<String>, String, String)> {
    a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            let ids = f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|e| e["record_ids"].as_array().cloned().unwrap_or_default())
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            (
                ids,
                f["statement"]["en"].as_str().unwrap().to_string(),
                f["grade"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn only(a: &Value, code: &str) -> (Vec<String>, String, String) {
    let found = cited(a, code);
    assert_eq!(found.len(), 1, "{code}: {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn every_planted_defect_of_the_exports_is_cited_with_what_was_assumed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = client_folder(dir.path());
    let a = assess(&ws, &dir.path().join("out"));

    let (ids, statement, grade) = only(&a, "REC-CHG-EMERGENCY-UNCONTROLLED");
    assert_eq!(ids, ["CHG-102", "CHG-104"]);
    assert!(statement.contains("review was not examined"), "{statement}");
    assert_ne!(grade, "observation");

    let (ids, statement, _) = only(&a, "REC-CHG-APPROVAL-AFTER-IMPL");
    assert_eq!(ids, ["CHG-103"]);
    assert!(
        statement.contains("Assumed: implementation taken as started no later than"),
        "{statement}"
    );

    let (ids, _, _) = only(&a, "REC-INC-DATES-OUT-OF-ORDER");
    assert_eq!(ids, ["INC0010005"]);

    let (ids, statement, _) = only(&a, "REC-INC-P1-STALLED");
    assert_eq!(ids, ["INC0010007", "INC0010008"]);
    assert!(statement.contains("fail the check"), "{statement}");

    let (ids, statement, _) = only(&a, "REC-INC-MI-NOT-REVIEWED");
    assert!(
        ["INC0010002", "INC0010003", "INC0010004"]
            .iter()
            .all(|id| ids.contains(&id.to_string())),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"INC0010001".to_string()),
        "its review is a document"
    );
    assert!(
        statement.contains("priority 1 read as a major incident")
            && statement.contains("looked for in the documents supplied"),
        "{statement}"
    );

    // The report's method says every value rule the exports were read with.
    let html = std::fs::read_to_string(dir.path().join("out/gap-analysis.en.html")).unwrap();
    assert!(
        html.contains("Value rules the exports were read with")
            && html.contains("priority 1 read as a major incident"),
        "the method states the assumptions"
    );

    // No service request is judged as a change.
    for f in a["findings"].as_array().unwrap() {
        let text = f.to_string();
        if f["code"].as_str().unwrap().starts_with("REC-CHG") {
            assert!(!text.contains("REQ-20"), "{text}");
        }
    }
}

#[test]
fn one_export_of_mixed_issue_types_is_split_into_its_record_sets() {
    let dir = tempfile::tempdir().unwrap();
    let ws = client_folder(dir.path());
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    let jira: Vec<&Value> = index["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().contains("Jira"))
        .collect();
    let kinds: Vec<(&str, u64)> = jira
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["rows"].as_u64().unwrap()))
        .collect();
    assert_eq!(kinds, [("changes", 5), ("service_requests", 3)], "{jira:?}");
    assert!(jira.iter().all(|r| r["split_by"] == "Issue Type"));
    let changes = jira[0];
    let derived = changes["derived"].as_array().unwrap();
    assert_eq!(derived[0]["field"], "actual_start");
    assert_eq!(derived[0]["from"], "resolved_at");
}

#[test]
fn a_manifest_switches_an_assumption_off_and_the_findings_resting_on_it_go() {
    let dir = tempfile::tempdir().unwrap();
    let ws = client_folder(dir.path());
    let manifest = format!(
        "{MANIFEST}\n[[derive]]\nrecord_set = \"incidents\"\nfield = \"major_incident\"\noff = true\n"
    );
    common::file(&ws.join("assessment.toml"), manifest.as_bytes());
    let a = assess(&ws, &dir.path().join("out"));
    assert!(cited(&a, "REC-INC-MI-NOT-REVIEWED").is_empty());
    let reviewed = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "8.6.1-12")
        .unwrap();
    assert!(
        reviewed.to_string().contains("major_incident"),
        "the check says what it lacks: {reviewed}"
    );
}

#[test]
fn a_misspelt_mapping_field_stops_the_run_at_its_line_with_the_nearest_name() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(
        &ws.join("exports/tickets.csv"),
        b"Ticket,Logged on,Prio\nT-1,2026-01-05,2\n",
    );
    let manifest = "organisation = \"Acme\"\n\n[[mapping]]\nfile = \"exports/tickets.csv\"\nrecord_set = \"incidents\"\n[mapping.columns]\nid = \"Ticket\"\nopend_at = \"Logged on\"\n";
    common::file(&ws.join("assessment.toml"), manifest.as_bytes());
    for command in ["evidence", "assess"] {
        let out = ws.join("out");
        let mut args = vec![command, ws.to_str().unwrap()];
        if command == "assess" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let (code, _, err) = common::iso20k(&args);
        assert_eq!(code, 2, "{command}: {err}");
        assert!(
            err.contains("assessment.toml:8:1: error[MAN006]")
                && err
                    .contains("`opend_at` is not a field of incidents; did you mean `opened_at`?"),
            "{command}: {err}"
        );
    }
    // A value rule on a record set that does not exist is one too.
    common::file(
        &ws.join("assessment.toml"),
        b"[[derive]]\nrecord_set = \"incidnets\"\nfield = \"major_incident\"\noff = true\n",
    );
    let (code, _, err) = common::iso20k(&["evidence", ws.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("assessment.toml:2:1") && err.contains("did you mean `incidents`?"),
        "{err}"
    );
}

#[test]
fn the_fields_reference_lists_every_record_set_and_is_current() {
    let (code, out, _) = common::iso20k(&["fields", "incidents"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("major_incident") && out.contains("priority 1 read as a major incident"),
        "{out}"
    );
    assert!(out.contains("REC-INC-MI-NOT-REVIEWED (needs)"), "{out}");
    let (code, _, err) = common::iso20k(&["fields", "chnages"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `changes`"), "{err}");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fields.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == iso20k::fields::markdown(),
        "docs/fields.md is stale: run `cargo run -- fields --format markdown > docs/fields.md`"
    );
    for schema in iso20k::evidence::schema::schemas() {
        assert!(committed.contains(&format!("## `{}`", schema.kind.name())));
    }
}

#[test]
fn expired_supplier_contracts_are_found_in_a_contract_register() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // A register kept by hand: a title above the header, day-first dates, a status column.
    common::xlsx(
        &ws.join("suppliers/Supplier Contract Register FY2026.xlsx"),
        "Contracts",
        &[
            vec![
                "Supplier Contract Register – FY2026",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            vec!["", "", "", "", "", "", "", ""],
            vec![
                "Vendor",
                "Contract No.",
                "Services",
                "Start",
                "Expiry",
                "Contract owner",
                "Last reviewed",
                "Status",
            ],
            vec![
                "Acme Hosting",
                "CON-04",
                "Data centre colocation",
                "01/01/2024",
                "31/12/2027",
                "J. Patel",
                "14/02/2026",
                "Active",
            ],
            vec![
                "Globex Networks",
                "CON-17",
                "WAN links",
                "01/04/2023",
                "31/03/2026",
                "M. Chen",
                "10/01/2025",
                "Active",
            ],
            vec![
                "Initech Print",
                "CON-09",
                "Managed print",
                "01/01/2020",
                "31/12/2025",
                "J. Patel",
                "01/06/2025",
                "Terminated",
            ],
            vec![
                "Umbrella Security",
                "CON-21",
                "SOC monitoring",
                "01/07/2025",
                "30/06/2028",
                "A. Okafor",
                "",
                "Active",
            ],
        ],
    );
    let a = assess(&ws, &dir.path().join("out"));
    let (ids, statement, _) = only(&a, "REC-SUP-CONTRACT-EXPIRED");
    assert_eq!(ids, ["CON-17"], "{statement}");
    // Reviews: CON-21 has none; CON-17 has expired, so it is not "in force" to review.
    let (ids, statement, _) = only(&a, "REC-SUP-CONTRACT-NOT-REVIEWED");
    assert_eq!(ids, ["CON-21"], "{statement}");
    assert!(statement.contains("within 12 months"), "{statement}");
}

#[test]
fn the_evidence_command_and_the_method_say_which_checks_cannot_run_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let ws = client_folder(dir.path());
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let checks = &out[out.find("\nChecks (").expect("a checks table")..];
    assert!(
        checks.contains("exports/incident.csv")
            && checks.contains("REC-INC-MI-NOT-REVIEWED")
            && checks.contains(
                "not evaluated REC-INC-SLA-UNMEASURED: no column for `sla_met` (a column such as `made_sla`"
            )
            && checks.contains("no releases records: REC-REL-"),
        "{checks}"
    );
    let a = assess(&ws, &dir.path().join("out"));
    let sla = a["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "REC-INC-SLA-UNMEASURED")
        .unwrap();
    assert_eq!(sla["ran"], false);
    assert_eq!(sla["missing"], serde_json::json!(["sla_met"]));
    let html = std::fs::read_to_string(dir.path().join("out/gap-analysis.en.html")).unwrap();
    assert!(html.contains("Record checks not evaluated"));
    assert!(html.contains("REC-INC-SLA-UNMEASURED (exports/incident.csv, no sla_met)"));
}

#[test]
fn a_contract_end_or_a_planned_date_never_dates_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(
        &ws.join("suppliers/contracts.csv"),
        b"Contract number,Supplier,Start date,End date,Status,Last review\n\
CON-01,Acme Hosting,2024-01-01,2029-12-31,Active,2026-02-01\n",
    );
    common::file(
        &ws.join("exports/change_request.csv"),
        b"number,type,risk,start_date,end_date,approved_at,work_start,close_code\n\
CHG1,normal,low,2027-09-01 10:00:00,2027-09-02 10:00:00,2026-03-01 09:00:00,2026-03-02 09:00:00,successful\n",
    );
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        index["assessment_date"], "2026-03-02",
        "the latest date that happened: {}",
        index["assessment_date"]
    );
}

#[test]
fn a_header_written_twice_is_named_not_silently_dropped() {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("incidents.csv"),
        b"number,opened_at,priority,state,Severity,Severity\nINC1,2026-01-01,1,Closed,High,Low\n",
    );
    let (code, out, err) = common::iso20k(&["evidence", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("columns E and F are both headed `Severity`"),
        "{out}"
    );
}

#[test]
fn a_portuguese_glpi_list_is_read_split_and_its_priorities_understood() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(&ws.join("glpi/chamados.csv"), &common::glpi_tickets());
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    let sets: Vec<(String, u64)> = index["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["rows"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sets,
        [
            ("incidents".to_string(), 3),
            ("service_requests".to_string(), 2)
        ],
        "{out}"
    );
    assert!(
        !index["warnings"].to_string().contains("Muito alta"),
        "every priority word is read: {}",
        index["warnings"]
    );
    // Only the ticket without a category fails classification: a minor, never systemic.
    let a = assess(&ws, &dir.path().join("out"));
    let (ids, _, grade) = only(&a, "REC-INC-UNCLASSIFIED");
    assert_eq!(ids, ["1025"]);
    assert_eq!(grade, "minor");
}

#[test]
fn a_tab_separated_txt_export_in_single_quotes_is_a_table_not_a_document() {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("hp/changes-export.txt"),
        b"'Nummer'\t'Categorie'\t'Status'\t'Aangemaakt'\t'Geplande start'\t'Risico'\n\
'60.821'\t'Normaal'\t'Gesloten'\t'02-03-2026'\t'05-03-2026'\t'Laag'\n\
'60.822'\t'Spoed'\t'Gesloten'\t'04-03-2026'\t'04-03-2026'\t'Hoog'\n\
'60.823'\t'Normaal'\t'Open'\t'06-03-2026'\t'09-03-2026'\t'Laag'\n",
    );
    let (code, out, err) =
        common::iso20k(&["evidence", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    assert!(index["documents"].as_array().unwrap().is_empty(), "{out}");
    let set = &index["record_sets"][0];
    assert_eq!(set["kind"], "changes");
    assert_eq!(set["rows"], 3);
    assert_eq!(
        set["columns"]["id"], "Nummer",
        "quotes are not part of the headers"
    );
}

#[test]
fn a_column_whose_values_are_not_its_fields_kind_is_not_taken_for_it() {
    // OTRS ticket statistics: `SLA` holds SLA names, not whether the SLA was met.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(
        &ws.join("otrs/ticket-stats.csv"),
        b"Ticket#,Title,Created,State,Priority,Queue,SLA\n\
2026030110000011,Mail down,2026-03-01 10:00:00,closed successful,3 normal,Support,Atendimento 8H\n\
2026030210000022,VPN,2026-03-02 10:00:00,closed successful,5 very high,Support,Atendimento 4H\n\
2026030310000033,Printer,2026-03-03 10:00:00,closed successful,2 low,Support,Atendimento 8H\n",
    );
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("not read as sla_met: column `SLA`, whose values (such as `Atendimento 8H`)"),
        "{out}"
    );
    let a = assess(&ws, &dir.path().join("out"));
    assert!(
        cited(&a, "REC-INC-SLA-UNMEASURED").is_empty(),
        "never 3 of 3 failing"
    );
    // OTRS's `5 very high` is priority 1, read as a major incident.
    let index = &a["evidence"]["record_sets"][0];
    assert_eq!(index["derived"][0]["field"], "major_incident");
}

#[test]
fn a_breached_flag_is_read_as_the_target_missed_and_the_finding_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // ServiceNow's task SLA export says `has_breached`, not `made_sla`.
    common::file(
        &ws.join("exports/incident.csv"),
        b"number,opened_at,priority,state,resolved_at,has_breached,escalation\n\
INC1,2026-03-01 10:00:00,3,Resolved,2026-03-01 12:00:00,false,false\n\
INC2,2026-03-02 10:00:00,3,Resolved,2026-03-03 12:00:00,true,false\n\
INC3,2026-03-03 10:00:00,3,Resolved,2026-03-04 12:00:00,true,true\n",
    );
    let a = assess(&ws, &dir.path().join("out"));
    let (ids, statement, _) = only(&a, "REC-INC-BREACH-NOT-ESCALATED");
    assert_eq!(ids, ["INC2"]);
    assert!(
        statement.contains(
            "Assumed: the service target read as met where the export says it was not breached"
        ),
        "{statement}"
    );
}

#[test]
fn a_changes_tasks_are_never_counted_as_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    // ServiceNow's task table export: changes and their tasks, told apart by sys_class_name.
    common::file(
        &ws.join("exports/task.csv"),
        b"number,sys_class_name,type,risk,start_date,work_start,approved_at,state,parent\n\
CHG0040001,change_request,normal,low,2026-03-02 09:00:00,2026-03-02 10:00:00,2026-03-01 09:00:00,Closed,\n\
CTASK0010001,change_task,,,,,,Closed,CHG0040001\n\
CTASK0010002,change_task,,,,,,Closed,CHG0040001\n\
CHG0040002,change_request,normal,low,2026-03-05 09:00:00,2026-03-05 10:00:00,2026-03-04 09:00:00,Closed,\n",
    );
    // And a task list exported on its own.
    common::file(
        &ws.join("exports/change_task.csv"),
        b"number,change_request,state,opened_at\nCTASK0010003,CHG0040002,Closed,2026-03-05 09:30:00\n",
    );
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    let mut sets: Vec<(String, String, u64)> = index["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["kind"].as_str().unwrap().to_string(),
                r["rows"].as_u64().unwrap(),
            )
        })
        .collect();
    sets.sort();
    assert_eq!(
        sets,
        [
            ("exports/change_task.csv".into(), "tasks".into(), 1),
            ("exports/task.csv".into(), "changes".into(), 2),
            ("exports/task.csv".into(), "tasks".into(), 2),
        ],
        "{out}"
    );
}

#[test]
fn a_category_of_hardware_and_software_is_not_taken_for_the_change_type() {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("change_request.csv"),
        b"number,Category,risk,start_date,work_start,approved_at,close_code\n\
CHG1,Hardware,low,2026-03-01 10:00:00,2026-03-01 11:00:00,2026-02-28 10:00:00,successful\n\
CHG2,Software,low,2026-03-02 10:00:00,2026-03-02 11:00:00,2026-03-01 10:00:00,successful\n",
    );
    let (code, out, err) =
        common::iso20k(&["evidence", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    let set = &index["record_sets"][0];
    assert!(set["columns"].get("type").is_none(), "{set}");
    assert_eq!(set["rejected"][0]["header"], "Category");
}

#[test]
fn an_export_that_cannot_tell_open_from_closed_counts_nothing_as_left_open() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // Only an id, an opening date, a priority and a category: no state, no resolution.
    common::file(
        &ws.join("exports/incident.csv"),
        b"number,opened_at,priority,category\nINC1,2026-01-05 10:00:00,1 - Critical,Network\n",
    );
    common::file(
        &ws.join("exports/problem.csv"),
        b"number,opened_at,priority,category\nPRB1,2020-01-05 10:00:00,2,Network\n",
    );
    let a = assess(&ws, &dir.path().join("out"));
    assert!(cited(&a, "REC-INC-P1-STALLED").is_empty());
    assert!(cited(&a, "REC-PRB-AGED").is_empty());
}

#[test]
fn a_review_looked_for_in_documents_names_the_files_it_could_not_search() {
    let dir = tempfile::tempdir().unwrap();
    let ws = client_folder(dir.path());
    common::file(
        &ws.join("reviews/PIR INC0010002.pdf"),
        b"%PDF-1.7\n\x00\x01 not a PDF body",
    );
    let a = assess(&ws, &dir.path().join("out"));
    let (_, statement, _) = only(&a, "REC-INC-MI-NOT-REVIEWED");
    assert!(
        statement.contains("could not be read and were not searched: reviews/PIR INC0010002.pdf"),
        "{statement}"
    );
}

#[test]
fn a_change_compliance_reports_own_verdicts_cite_the_late_approvals_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // A ServiceNow change SLA report: no approval or start dates, only the report's verdicts;
    // its Yes/No "closed promptly" is no closure date.
    let mut report = String::from("Number,Short description,Type,State,Planned start date,Change approved before implemented,Emergency Change approved promptly,Change closed promptly,Overall compliance\n");
    for i in 1..=12 {
        let late = i == 4 || i == 9;
        let kind = match i {
            11 => "Standard",
            12 => "Emergency",
            _ => "Normal",
        };
        report.push_str(&format!(
            "CHG00{},Patch server {i},{kind},Closed,2026-03-{i:02} 20:00:00,{},{},Yes,{}\n",
            30000 + i,
            if late { "No" } else { "Yes" },
            if kind == "Emergency" { "Yes" } else { "N/A" },
            if late { "No" } else { "Yes" },
        ));
    }
    common::file(
        &ws.join("reports/Change SLA compliance.csv"),
        report.as_bytes(),
    );
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let index: Value = serde_json::from_str(&out).unwrap();
    let set = &index["record_sets"][0];
    assert_eq!(set["kind"], "changes", "{set}");
    assert!(set["columns"].get("closed_at").is_none(), "{set}");
    let a = assess(&ws, &dir.path().join("out"));
    let (ids, statement, _) = only(&a, "REC-CHG-REPORTED-APPROVAL-AFTER-IMPL");
    assert_eq!(ids, ["CHG0030004", "CHG0030009"]);
    assert!(
        statement.contains("Assumed: the export's own yes/no verdict"),
        "{statement}"
    );
}

#[test]
fn incidents_and_requests_left_open_for_months_are_cited() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    common::file(
        &ws.join("exports/incident.csv"),
        b"number,opened_at,priority,state,category,resolved_at\n\
INC1,2026-06-20 10:00:00,3 - Moderate,In Progress,Network,\n\
INC2,2026-02-02 10:00:00,3 - Moderate,On Hold,Network,\n\
INC3,2026-01-10 10:00:00,1 - Critical,On Hold,Network,\n\
INC4,2026-01-12 10:00:00,4 - Low,Resolved,Network,2026-01-13 10:00:00\n\
INC5,2026-01-14 10:00:00,3 - Moderate,Canceled,Network,\n\
INC6,2026-01-15 10:00:00,1 - Critical,Canceled,Network,\n",
    );
    common::file(
        &ws.join("exports/sc_req_item.csv"),
        b"number,sys_created_on,cat_item,state,assigned_to,assignment_group\n\
RITM1,2026-06-25 10:00:00,Laptop,Work in Progress,Ann,Desktop\n\
RITM2,2026-01-15 10:00:00,Laptop,Pending,Ann,Desktop\n\
RITM3,2026-01-16 10:00:00,Access,Closed Complete,Bob,Access\n\
RITM4,2026-01-17 10:00:00,Access,Cancelled,Bob,Access\n",
    );
    let a = assess(&ws, &dir.path().join("out"));
    // The priority-1 incident is stalled by its own, shorter limit, and only there; cancelled
    // tickets are never left open, however old.
    assert_eq!(only(&a, "REC-INC-AGED").0, ["INC2"]);
    assert_eq!(only(&a, "REC-INC-P1-STALLED").0, ["INC3"]);
    assert_eq!(only(&a, "REC-REQ-AGED").0, ["RITM2"]);
    let requests = a["evidence"]["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "service_requests")
        .unwrap()
        .clone();
    for field in ["opened_at", "assigned_to", "assignment_group"] {
        assert!(
            requests["columns"].get(field).is_some(),
            "{field}: {requests}"
        );
    }
}

#[test]
fn no_finding_counts_a_record_whose_value_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // One unreadable value per field read through a vocabulary (priority, impact, urgency,
    // yes/no); were any read as blank, its record would fail a check that needs the field.
    common::file(
        &ws.join("exports/incident.csv"),
        "number,opened_at,priority,impact,urgency,state,category,resolved_at,made_sla,escalation,major_incident\n\
INC1,2026-03-01 10:00:00,3 - Moderate,2 - Medium,2 - Medium,Resolved,Network,2026-03-01 12:00:00,true,false,false\n\
INC2,2026-03-02 10:00:00,Sehr wichtig,2 - Medium,2 - Medium,Resolved,Network,2026-03-02 12:00:00,true,false,false\n\
INC3,2026-03-03 10:00:00,3 - Moderate,Ganz groß,2 - Medium,Resolved,Network,2026-03-03 12:00:00,true,false,false\n\
INC4,2026-03-04 10:00:00,3 - Moderate,2 - Medium,Bald,Resolved,Network,2026-03-04 12:00:00,true,false,false\n\
INC5,2026-03-05 10:00:00,3 - Moderate,2 - Medium,2 - Medium,Resolved,Network,2026-03-05 12:00:00,vielleicht,false,false\n\
INC6,2026-03-06 10:00:00,3 - Moderate,2 - Medium,2 - Medium,Resolved,Network,2026-03-06 12:00:00,false,talvez,false\n\
INC7,2026-03-07 10:00:00,3 - Moderate,2 - Medium,2 - Medium,Resolved,Network,2026-03-07 12:00:00,true,false,peut-être\n\
INC8,2026-03-08 10:00:00,3 - Moderate,2 - Medium,2 - Medium,Resolved,,2026-03-08 12:00:00,true,false,false\n"
            .as_bytes(),
    );
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let warnings = serde_json::from_str::<Value>(&out).unwrap()["warnings"].to_string();
    for value in [
        "Sehr wichtig",
        "Ganz groß",
        "Bald",
        "vielleicht",
        "talvez",
        "peut-être",
    ] {
        assert!(warnings.contains(value), "{value} is named: {warnings}");
    }
    let a = assess(&ws, &dir.path().join("out"));
    let cited: Vec<String> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["evidence"].as_array().cloned().unwrap_or_default())
        .flat_map(|e| e["record_ids"].as_array().cloned().unwrap_or_default())
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    // Only the record with a readable gap (no category) is cited.
    assert_eq!(cited, ["INC8"], "{cited:?}");
}
