//! The finding registry is fully exercised: every code a check can raise — each record check
//! of `check::records::CHECKS` and each kind of `check::findings::KINDS` — has a small
//! scenario here that raises it through the library API (scan, then assess).
//!
//! Adding a code without a scenario fails `every_registered_finding_code_is_raised_by_a_scenario`;
//! a scenario that no longer raises its code fails `each_scenario_raises_its_code`, which runs
//! every scenario and reports all the broken ones at once.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use iso20k::assessment::Assessment;
use iso20k::catalogue::{Catalogue, RuleKind};
use iso20k::check::findings::KINDS;
use iso20k::check::records::CHECKS;
use iso20k::check::{assess, AssessOptions};
use iso20k::evidence::{scan, EvidenceIndex, ScanOptions};

/// The manifest every scenario starts from: an internal audit of the year to March 2026.
const MANIFEST: &str = r#"organisation = "Registry Test Provider"
assessment_date = 2026-04-30
kind = "internal-audit"
[period]
start = 2025-04-01
end = 2026-03-31
[intervals]
internal_audit = 12
management_review = 12
"#;

/// One scenario: the code it must raise and the files of its workspace (workspace-relative
/// path, content). `assessment.toml` is [`MANIFEST`] unless the scenario brings its own.
struct Scenario {
    code: &'static str,
    files: Vec<(&'static str, String)>,
    /// The workspace is assessed twice, the second time following up the first, whose
    /// action plan (written beside its assessment.json) gives every nonconformity an open
    /// action with this due date.
    follows_up: Option<&'static str>,
    /// Files that are not text (a workbook built in the test).
    binary: Vec<(&'static str, Vec<u8>)>,
}

fn scenario(code: &'static str, files: Vec<(&'static str, String)>) -> Scenario {
    Scenario {
        code,
        files,
        follows_up: None,
        binary: Vec::new(),
    }
}

/// An auditor worksheet as an auditor might rebuild it by hand: the about sheet, and the
/// headers `iso20k worksheet` writes in another order and with stray spaces, with one grade
/// on a requirement row.
fn auditor_worksheet() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let rows: [(&str, &[&[&str]]); 3] = [
        (
            "Requirements",
            &[
                &[
                    "Verdict",
                    "Requirement id ",
                    "GRADE OF A FINDING",
                    "Objective evidence seen",
                    "Note",
                    "Auditor",
                    "Date",
                ],
                &[
                    "partial",
                    "8.1-02",
                    "minor",
                    "Ticket INC0003",
                    "Escalations are not recorded",
                    "A. Auditor",
                    "2026-04-20",
                ],
            ],
        ),
        (
            "Auditor findings",
            &[&[
                "Requirement id",
                "Grade",
                "What was found",
                "Objective evidence seen",
                "Recommendation",
                "Auditor",
                "Date",
            ]],
        ),
        ("iso20k-worksheet", &[&["catalogue", "iso20000-1-2011"]]),
    ];
    for (name, cells) in rows {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// CSV text from its lines (header first).
fn csv(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// The shared manifest with `extra` appended (tables such as `[[exclusion]]`).
fn manifest_with(extra: &str) -> String {
    format!("{MANIFEST}{extra}")
}

/// An incident-management procedure that covers every topic 8.1-01 asks for, with the
/// given document-control block.
fn incident_procedure(control: &str) -> String {
    format!("# Incident Management Procedure\n\n{control}\n\nIncidents are recorded, classified and prioritised, escalated and resolved, then closed.\n")
}

/// The key columns of a changes export.
const CHANGE_HEADER: &str = "number,type,risk,start_date,work_start,approved_at,close_code";

/// A normal change implemented on 4 June 2025 after approval on 1 June, successful.
fn change_row(id: &str, extra: &str) -> String {
    let base = format!("{id},normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-01 09:00:00,successful");
    if extra.is_empty() {
        base
    } else {
        format!("{base},{extra}")
    }
}

/// A changes export: the key columns plus `extra_header`, one row per `(id, extra cells)`.
fn changes(extra_header: &str, rows: &[(&str, &str)]) -> String {
    let mut lines = vec![if extra_header.is_empty() {
        CHANGE_HEADER.to_string()
    } else {
        format!("{CHANGE_HEADER},{extra_header}")
    }];
    lines.extend(rows.iter().map(|(id, extra)| change_row(id, extra)));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    csv(&refs)
}

const RELEASE_HEADER: &str = "Release ID,approved_at,deployed_at,changes,test_result,outcome";

/// A release approved on 1 July 2025, deployed on 2 July, linked, tested and successful.
fn releases(extra_header: &str, rows: &[&str]) -> String {
    let mut lines = vec![if extra_header.is_empty() {
        RELEASE_HEADER.to_string()
    } else {
        format!("{RELEASE_HEADER},{extra_header}")
    }];
    lines.extend(rows.iter().map(|r| r.to_string()));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    csv(&refs)
}

const REGISTER_HEADER: &str =
    "Requirement IDs,Evidence title,File reference,Self-assessed status,Auditor verdict";

fn scenarios() -> Vec<Scenario> {
    let ok_doc = "# Evidence\n\nVersion: 1.0\nApproved by: Quality Manager\nApproval date: 2026-01-10\nNext review: 2027-01-10\n".to_string();
    vec![
        // ---------------------------------------------------------------- incidents (8.1, 6.1, 6.6.3)
        scenario("REC-INC-UNCLASSIFIED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,category",
            "INC0001,2025-06-02 09:00:00,3,Closed,network",
            "INC0002,2025-06-03 09:00:00,3,Closed,",
            "INC0003,2025-06-04 09:00:00,3,Closed,database",
        ]))]),
        scenario("REC-INC-PRIORITY-MATRIX", vec![("incidents.csv", csv(&[
            "number,opened_at,impact,urgency,priority,state",
            "INC0001,2025-06-02 09:00:00,1,1,1,Closed",
            "INC0002,2025-06-03 09:00:00,1,1,3,Closed",
            "INC0003,2025-06-04 09:00:00,2,2,3,Closed",
        ]))]),
        scenario("REC-INC-CLOSURE", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,resolved_at,closed_at",
            "INC0001,2025-06-02 09:00:00,3,Closed,2025-06-02 12:00:00,2025-06-03 12:00:00",
            "INC0002,2025-06-03 09:00:00,3,Closed,2025-06-03 12:00:00,2025-06-03 10:00:00",
            "INC0003,2025-06-04 09:00:00,3,Closed,2025-06-04 12:00:00,2025-06-05 12:00:00",
        ]))]),
        scenario("REC-INC-DATES-OUT-OF-ORDER", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,resolved_at",
            "INC0001,2025-06-02 09:00:00,3,Resolved,2025-06-02 12:00:00",
            "INC0002,2025-06-03 09:00:00,3,Resolved,2025-06-01 12:00:00",
            "INC0003,2025-06-04 09:00:00,3,Resolved,2025-06-04 12:00:00",
        ]))]),
        // The evidence's latest date, 2025-09-30, dates the assessment: INC0002 has been open
        // at priority 1 since June.
        scenario("REC-INC-P1-STALLED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,resolved_at",
            "INC0001,2025-09-28 09:00:00,1,In Progress,",
            "INC0002,2025-06-03 09:00:00,1,On Hold,",
            "INC0003,2025-06-04 09:00:00,1,Resolved,2025-06-04 12:00:00",
            "INC0004,2025-09-30 08:00:00,3,New,",
        ]))]),
        scenario("REC-SUP-CONTRACT-EXPIRED", vec![
            ("assessment.toml", "assessment_date = 2026-06-30\n".to_string()),
            ("supplier-contracts.csv", csv(&[
                "Contract number,Supplier,Start date,End date,Status,Last review",
                "CON-001,Acme Hosting,2024-01-01,2027-12-31,Active,2026-02-01",
                "CON-002,Globex Networks,2023-04-01,2026-03-31,Active,2026-01-15",
                "CON-003,Initech Print,2020-01-01,2025-12-31,Terminated,2025-06-01",
            ])),
        ]),
        scenario("REC-SUP-CONTRACT-NOT-REVIEWED", vec![
            ("assessment.toml", "assessment_date = 2026-06-30\n".to_string()),
            ("supplier-contracts.csv", csv(&[
                "Contract number,Supplier,Start date,End date,Status,Last review",
                "CON-001,Acme Hosting,2024-01-01,2027-12-31,Active,2026-02-01",
                "CON-002,Globex Networks,2023-04-01,2027-03-31,Active,2024-11-15",
                "CON-003,Umbrella Security,2025-01-01,2027-12-31,Active,2025-09-01",
            ])),
        ]),
        scenario("REC-PRB-AGED", vec![
            ("assessment.toml", "assessment_date = 2026-06-30\n".to_string()),
            ("problems.csv", csv(&[
                "number,opened_at,priority,state,resolved_at",
                "PRB0001,2026-04-02 09:00:00,3,Open,",
                "PRB0002,2020-06-03 09:00:00,3,Open,",
                "PRB0003,2019-06-04 09:00:00,3,Resolved,2019-07-04 12:00:00",
            ])),
        ]),
        scenario("REC-INC-AGED", vec![
            ("assessment.toml", "assessment_date = 2026-06-30\n".to_string()),
            ("incidents.csv", csv(&[
                "number,opened_at,priority,state,resolved_at",
                "INC0001,2026-06-20 09:00:00,3,In Progress,",
                "INC0002,2026-01-05 09:00:00,3,On Hold,",
                "INC0003,2026-01-06 09:00:00,3,Resolved,2026-01-07 12:00:00",
            ])),
        ]),
        scenario("REC-REQ-AGED", vec![
            ("assessment.toml", "assessment_date = 2026-06-30\n".to_string()),
            ("requests.csv", csv(&[
                "number,opened_at,cat_item,state,fulfilled_at",
                "RITM0001,2026-06-20 09:00:00,Laptop,Work in Progress,",
                "RITM0002,2026-02-05 09:00:00,Laptop,Pending,",
                "RITM0003,2026-02-06 09:00:00,Access,Closed Complete,2026-02-07 12:00:00",
            ])),
        ]),
        // A change compliance report: the tool's own verdict, no dates behind it.
        scenario("REC-CHG-REPORTED-APPROVAL-AFTER-IMPL", vec![("change-compliance.csv", csv(&[
            "Number,Type,State,Planned start date,Change approved before implemented",
            "CHG0001,Normal,Closed,2025-06-02 20:00:00,Yes",
            "CHG0002,Normal,Closed,2025-06-03 20:00:00,No",
            "CHG0003,Normal,Closed,2025-06-04 20:00:00,Yes",
        ]))]),
        scenario("REC-INC-SLA-UNMEASURED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,resolved_at,made_sla",
            "INC0001,2025-06-02 09:00:00,3,Resolved,2025-06-02 12:00:00,true",
            "INC0002,2025-06-03 09:00:00,3,Resolved,2025-06-03 12:00:00,",
            "INC0003,2025-06-04 09:00:00,3,Resolved,2025-06-04 12:00:00,false",
        ]))]),
        scenario("REC-INC-BREACH-NOT-ESCALATED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,made_sla,escalated",
            "INC0001,2025-06-02 09:00:00,2,Closed,false,true",
            "INC0002,2025-06-03 09:00:00,2,Closed,false,false",
            "INC0003,2025-06-04 09:00:00,2,Closed,false,true",
            "INC0004,2025-06-05 09:00:00,2,Closed,true,false",
        ]))]),
        scenario("REC-INC-CUSTOMER-NOT-UPDATED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,resolved_at,customer_updates",
            "INC0001,2025-06-02 09:00:00,3,Resolved,2025-06-05 09:00:00,2",
            "INC0002,2025-06-03 09:00:00,3,Resolved,2025-06-06 09:00:00,0",
            "INC0003,2025-06-04 09:00:00,3,Resolved,2025-06-07 09:00:00,1",
        ]))]),
        scenario("REC-INC-MI-NO-MANAGER", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,major_incident,major_incident_manager",
            "INC0001,2025-06-02 09:00:00,1,Closed,true,J. Smith",
            "INC0002,2025-06-03 09:00:00,1,Closed,true,",
            "INC0003,2025-06-04 09:00:00,1,Closed,true,K. Osei",
        ]))]),
        scenario("REC-INC-MI-NOT-NOTIFIED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,major_incident,management_notified_at",
            "INC0001,2025-06-02 09:00:00,1,Closed,true,2025-06-02 10:00:00",
            "INC0002,2025-06-03 09:00:00,1,Closed,true,",
            "INC0003,2025-06-04 09:00:00,1,Closed,true,2025-06-04 10:00:00",
        ]))]),
        scenario("REC-INC-MI-NOT-REVIEWED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,major_incident,restored_at,review_date",
            "INC0001,2025-06-02 09:00:00,1,Closed,true,2025-06-02 15:00:00,2025-06-09",
            "INC0002,2025-06-03 09:00:00,1,Closed,true,2025-06-03 15:00:00,",
            "INC0003,2025-06-04 09:00:00,1,Closed,true,2025-06-04 15:00:00,2025-06-11",
        ]))]),
        scenario("REC-INC-SECURITY-UNPRIORITISED", vec![("incidents.csv", csv(&[
            "number,opened_at,priority,state,category",
            "INC0001,2025-06-02 09:00:00,2,Closed,security",
            "INC0002,2025-06-03 09:00:00,,Closed,security",
            "INC0003,2025-06-04 09:00:00,1,Closed,security",
        ]))]),
        // ---------------------------------------------------------------- service requests (8.1)
        scenario("REC-REQ-NO-FULFILMENT", vec![("service-requests.csv", csv(&[
            "Request ID,opened_at,Request Type,state,fulfilled_at",
            "REQ0001,2025-06-02 09:00:00,laptop,Closed,2025-06-03 09:00:00",
            "REQ0002,2025-06-03 09:00:00,laptop,Closed,",
            "REQ0003,2025-06-04 09:00:00,access,Closed,2025-06-04 11:00:00",
        ]))]),
        // ---------------------------------------------------------------- problems (8.2)
        scenario("REC-PRB-INCOMPLETE", vec![("problems.csv", csv(&[
            "number,opened_at,priority,state,root_cause,workaround,known_error",
            "PRB0001,2025-06-02 09:00:00,2,Open,,,false",
            "PRB0002,2025-06-03 09:00:00,,Open,,,false",
            "PRB0003,2025-06-04 09:00:00,3,Open,,,false",
        ]))]),
        scenario("REC-PRB-NO-ROOT-CAUSE", vec![("problems.csv", csv(&[
            "number,opened_at,priority,state,root_cause,workaround,known_error",
            "PRB0001,2025-06-02 09:00:00,2,Closed,disk firmware,reboot,true",
            "PRB0002,2025-06-03 09:00:00,2,Closed,,reboot,true",
            "PRB0003,2025-06-04 09:00:00,3,Closed,memory leak,restart service,true",
        ]))]),
        scenario("REC-PRB-FIX-WITHOUT-RFC", vec![("problems.csv", csv(&[
            "number,opened_at,priority,state,root_cause,workaround,known_error,resolution_code,rfc",
            "PRB0001,2025-06-02 09:00:00,2,Closed,disk firmware,reboot,true,fix applied,CHG0001",
            "PRB0002,2025-06-03 09:00:00,2,Closed,bad config,reboot,true,fix applied,",
            "PRB0003,2025-06-04 09:00:00,3,Closed,memory leak,restart,true,fix applied,CHG0003",
        ]))]),
        scenario("REC-PRB-NO-KNOWN-ERROR", vec![("problems.csv", csv(&[
            "number,opened_at,priority,state,root_cause,workaround,known_error",
            "PRB0001,2025-06-02 09:00:00,2,Open,disk firmware,reboot,true",
            "PRB0002,2025-06-03 09:00:00,2,Open,bad config,,false",
            "PRB0003,2025-06-04 09:00:00,3,Open,memory leak,restart service,true",
        ]))]),
        // ---------------------------------------------------------------- changes (9.2, 6.3.2, 6.4, 6.6.3)
        scenario("REC-CHG-UNCLASSIFIED", vec![("changes.csv", csv(&[
            CHANGE_HEADER,
            "CHG0001,normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-01 09:00:00,successful",
            "CHG0002,normal,,2025-06-05 22:00:00,2025-06-05 22:05:00,2025-06-01 09:00:00,successful",
            "CHG0003,normal,low,2025-06-06 22:00:00,2025-06-06 22:05:00,2025-06-01 09:00:00,successful",
        ]))]),
        // CHG0002's work began two days before it was recorded.
        scenario("REC-CHG-WORK-BEFORE-RECORD", vec![("changes.csv", csv(&[
            "number,type,opened_at,actual_start,approved_at",
            "CHG0001,normal,2025-06-01 09:00:00,2025-06-04 22:00:00,2025-06-02 09:00:00",
            "CHG0002,normal,2025-06-06 09:00:00,2025-06-04 22:00:00,2025-06-02 09:00:00",
            "CHG0003,standard,2025-06-05 09:00:00,2025-06-05 22:00:00,2025-06-05 09:00:00",
        ]))]),
        scenario("REC-CHG-APPROVAL-AFTER-IMPL", vec![("changes.csv", csv(&[
            CHANGE_HEADER,
            "CHG0001,normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-01 09:00:00,successful",
            "CHG0002,normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-05 09:00:00,successful",
            "CHG0003,normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-02 09:00:00,successful",
        ]))]),
        scenario("REC-CHG-NO-RISK-ANALYSIS", vec![("changes.csv", changes("risk_impact_analysis", &[
            ("CHG0001", "low risk"), ("CHG0002", ""), ("CHG0003", "low risk"),
        ]))]),
        scenario("REC-CHG-NO-SECURITY-ASSESSMENT", vec![("changes.csv", changes("security_impact", &[
            ("CHG0001", "none"), ("CHG0002", ""), ("CHG0003", "none"),
        ]))]),
        scenario("REC-CHG-NO-CONTINUITY-ASSESSMENT", vec![("changes.csv", changes("continuity_impact", &[
            ("CHG0001", "none"), ("CHG0002", ""), ("CHG0003", "none"),
        ]))]),
        scenario("REC-CHG-NO-COST", vec![("changes.csv", changes("cost_estimate", &[
            ("CHG0001", "2 days"), ("CHG0002", ""), ("CHG0003", "1 day"),
        ]))]),
        scenario("REC-CHG-UNTESTED", vec![("changes.csv", changes("test_plan", &[
            ("CHG0001", "smoke tests"), ("CHG0002", ""), ("CHG0003", "smoke tests"),
        ]))]),
        scenario("REC-CHG-NO-BACKOUT", vec![("changes.csv", changes("backout_plan", &[
            ("CHG0001", "restore snapshot"), ("CHG0002", ""), ("CHG0003", "restore snapshot"),
        ]))]),
        scenario("REC-CHG-FAILURE-NOT-INVESTIGATED", vec![("changes.csv", csv(&[
            "number,type,risk,start_date,work_start,approved_at,close_code,investigation",
            "CHG0001,normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-01 09:00:00,unsuccessful,PRB0007",
            "CHG0002,normal,moderate,2025-06-05 22:00:00,2025-06-05 22:05:00,2025-06-01 09:00:00,unsuccessful,",
            "CHG0003,normal,moderate,2025-06-06 22:00:00,2025-06-06 22:05:00,2025-06-01 09:00:00,successful,",
        ]))]),
        scenario("REC-CHG-EMERGENCY-UNCONTROLLED", vec![("changes.csv", csv(&[
            "number,type,risk,start_date,work_start,approved_at,close_code,review_date",
            "CHG0001,emergency,high,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-05 09:00:00,successful,2025-06-10",
            "CHG0002,emergency,high,2025-06-05 22:00:00,2025-06-05 22:05:00,2025-06-06 09:00:00,successful,",
            "CHG0003,emergency,high,2025-06-06 22:00:00,2025-06-06 22:05:00,2025-06-07 09:00:00,successful,2025-06-12",
        ]))]),
        scenario("REC-CHG-NOT-REVIEWED", vec![("changes.csv", changes("review_date", &[
            ("CHG0001", "2025-06-10"), ("CHG0002", ""), ("CHG0003", "2025-06-11"),
        ]))]),
        scenario("REC-CHG-UNAUTHORISED", vec![("changes.csv", changes("unauthorized", &[
            ("CHG0001", "false"), ("CHG0002", "true"), ("CHG0003", "false"),
        ]))]),
        scenario("REC-CHG-MAJOR-NOT-IN-TRANSITION", vec![("changes.csv", csv(&[
            "number,type,risk,start_date,work_start,approved_at,close_code,transition_ref",
            "CHG0001,normal,high,2025-06-04 22:00:00,2025-06-04 22:05:00,2025-06-01 09:00:00,successful,PRJ-12",
            "CHG0002,normal,high,2025-06-05 22:00:00,2025-06-05 22:05:00,2025-06-01 09:00:00,successful,",
            "CHG0003,normal,high,2025-06-06 22:00:00,2025-06-06 22:05:00,2025-06-01 09:00:00,successful,PRJ-14",
        ]))]),
        // ---------------------------------------------------------------- releases (9.3, 9.1)
        scenario("REC-REL-NO-RFC", vec![("releases.csv", releases("", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,successful",
            "REL0002,2025-07-08 09:00:00,2025-07-09 22:00:00,,passed,successful",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful",
        ]))]),
        scenario("REC-REL-APPROVAL-AFTER-DEPLOY", vec![("releases.csv", releases("", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,successful",
            "REL0002,2025-07-10 09:00:00,2025-07-09 22:00:00,CHG0002,passed,successful",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful",
        ]))]),
        scenario("REC-REL-UNTESTED", vec![("releases.csv", releases("", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,successful",
            "REL0002,2025-07-08 09:00:00,2025-07-09 22:00:00,CHG0002,failed,successful",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful",
        ]))]),
        scenario("REC-REL-EMERGENCY-UNLINKED", vec![("releases.csv", releases("type,emergency_change", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,successful,emergency,CHG0001",
            "REL0002,2025-07-08 09:00:00,2025-07-09 22:00:00,CHG0002,passed,successful,emergency,",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful,emergency,CHG0003",
        ]))]),
        scenario("REC-REL-FAILURE-NOT-REVIEWED", vec![("releases.csv", releases("review_date", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,failed,2025-07-05",
            "REL0002,2025-07-08 09:00:00,2025-07-09 22:00:00,CHG0002,passed,failed,",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful,",
        ]))]),
        scenario("REC-REL-NO-BASELINE", vec![("releases.csv", releases("baseline_at", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,successful,2025-07-02 20:00:00",
            "REL0002,2025-07-08 09:00:00,2025-07-09 22:00:00,CHG0002,passed,successful,2025-07-10 08:00:00",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful,2025-07-16 20:00:00",
        ]))]),
        scenario("REC-REL-NO-ROLLBACK", vec![("releases.csv", releases("rollback_plan", &[
            "REL0001,2025-07-01 09:00:00,2025-07-02 22:00:00,CHG0001,passed,successful,redeploy previous build",
            "REL0002,2025-07-08 09:00:00,2025-07-09 22:00:00,CHG0002,passed,successful,",
            "REL0003,2025-07-15 09:00:00,2025-07-16 22:00:00,CHG0003,passed,successful,redeploy previous build",
        ]))]),
        // ---------------------------------------------------------------- configuration items (9.1)
        scenario("REC-CI-DUPLICATE", vec![("cmdb-ci.csv", csv(&[
            "sys_id,name,sys_class_name,install_status,owned_by",
            "CI0001,mail-server-01,server,installed,Infrastructure",
            "CI0001,mail-server-01b,server,installed,Infrastructure",
            "CI0002,db-server-02,server,installed,Infrastructure",
            "CI0003,app-server-03,server,installed,Infrastructure",
            "CI0004,web-server-04,server,installed,Infrastructure",
        ]))]),
        scenario("REC-CI-INCOMPLETE", vec![("cmdb-ci.csv", csv(&[
            "sys_id,name,sys_class_name,install_status,owned_by",
            "CI0001,mail-server-01,server,installed,Infrastructure",
            "CI0002,db-server-02,server,installed,",
            "CI0003,app-server-03,server,installed,Applications",
        ]))]),
        scenario("REC-CI-ORPHAN", vec![
            ("cmdb-ci.csv", csv(&[
                "sys_id,name,sys_class_name,install_status,owned_by",
                "CI0001,mail-server-01,server,installed,Infrastructure",
                "CI0002,db-server-02,server,installed,Infrastructure",
                "CI0003,app-server-03,server,installed,Applications",
            ])),
            ("ci-relationships.csv", csv(&[
                "parent,child,type",
                "CI0001,CI0002,depends on",
            ])),
        ]),
        // ---------------------------------------------------------------- clause 4 records
        scenario("REC-AUD-NOT-INDEPENDENT", vec![("internal-audits.csv", csv(&[
            "Audit ID,Audit date,Scope,Auditor,Auditee",
            "IA-2025-01,2025-06-10,Clause 8.1,K. Osei,Service Desk",
            "IA-2025-02,2025-09-10,Clause 9.2,M. Chan,M. Chan",
            "IA-2026-01,2026-01-10,Clause 6.1,K. Osei,SLM team",
        ]))]),
        scenario("REC-NC-OVERDUE-OR-UNVERIFIED", vec![("nonconformities.csv", csv(&[
            "NC ID,Raised,Root cause,Corrective action,Due date,Closed,Verified",
            "NC-01,2025-07-01,config drift,retrain staff,2025-09-30,2025-09-15,2025-10-15",
            "NC-02,2025-08-01,missing approval,tool gate,2026-01-31,,",
            "NC-03,2025-09-01,no review,add review step,2026-06-30,,",
        ]))]),
        scenario("REC-NC-NO-ROOT-CAUSE", vec![("nonconformities.csv", csv(&[
            "NC ID,Raised,Root cause,Corrective action,Due date,Closed,Verified",
            "NC-01,2025-07-01,config drift,retrain staff,2025-09-30,2025-09-15,2025-10-15",
            "NC-02,2025-08-01,,tool gate,2025-10-31,2025-10-20,2025-11-20",
            "NC-03,2025-09-01,no review,add review step,2025-11-30,2025-11-10,2025-12-10",
        ]))]),
        scenario("REC-IMP-NO-TARGET", vec![("improvements.csv", csv(&[
            "Improvement ID,Priority,Target,Status,Result",
            "IMP-01,2,Reduce MTTR by 10 %,Closed,MTTR down 12 %",
            "IMP-02,3,,Open,",
            "IMP-03,3,Raise CSAT to 4.5,Open,",
        ]))]),
        scenario("REC-MR-NO-TOP-MANAGEMENT", vec![("management-reviews.csv", csv(&[
            "Review date,Attendees,Top management present,Inputs covered",
            "2025-05-15,CEO; Service Manager,yes,all inputs",
            "2025-11-15,Service Manager; QA,no,all inputs",
            "2026-03-15,CEO; Service Manager,yes,all inputs",
        ]))]),
        scenario("REC-TRN-NOT-EVALUATED", vec![("training.csv", csv(&[
            "Person,Role,Course,Date,Evaluation",
            "A. Lee,Service desk analyst,ITIL Foundation,2025-06-10,passed",
            "B. Kim,Change manager,Change management,2025-07-10,",
            "C. Diaz,Problem manager,Root cause analysis,2025-08-10,effective",
        ]))]),
        // ---------------------------------------------------------------- clauses 6 and 7 records
        scenario("REC-CMP-NOT-INVESTIGATED", vec![("complaints.csv", csv(&[
            "Complaint ID,Customer,Received,Closed,Investigation",
            "CMP-01,Contoso,2025-06-01,2025-06-10,call recordings reviewed",
            "CMP-02,Contoso,2025-07-01,2025-07-05,",
            "CMP-03,Fabrikam,2025-08-01,2025-08-09,root cause found",
        ]))]),
        scenario("REC-BCP-NOT-REVIEWED", vec![("continuity-tests.csv", csv(&[
            "Plan,Test date,Result,Review date",
            "BCP-DC,2025-06-20,passed,2025-06-30",
            "BCP-DC,2025-12-20,partial,",
            "BCP-APP,2026-02-20,passed,2026-03-01",
        ]))]),
        scenario("REC-SUP-NO-OWNER", vec![("supplier-reviews.csv", csv(&[
            "Supplier,Review date,Owner,Targets met",
            "Acme,2025-06-20,J. Smith,yes",
            "Globex,2025-09-20,,yes",
            "Initech,2025-12-20,K. Osei,no",
        ]))]),
        scenario("REC-CSAT-UNREPRESENTATIVE", vec![("satisfaction-surveys.csv", csv(&[
            "Survey date,Population,Responses,Score",
            "2025-06-30,200,50,4.2",
            "2025-12-31,300,12,4.0",
            "2026-03-31,100,20,4.4",
        ]))]),
        scenario("REC-AVL-BELOW-TARGET", vec![("availability.csv", csv(&[
            "Service,Period,Availability,Target,Investigation",
            "Email,2025-06,99.95,99.9,",
            "Email,2025-07,99.50,99.9,INC0042 storage outage investigated",
            "Email,2025-08,99.92,99.9,",
        ]))]),
        scenario("REC-AVL-MISS-NOT-INVESTIGATED", vec![("availability.csv", csv(&[
            "Service,Period,Availability,Target,Investigation",
            "Email,2025-06,99.50,99.9,INC0042 storage outage investigated",
            "Email,2025-07,99.40,99.9,",
            "Email,2025-08,99.20,99.9,PRB0009 opened",
        ]))]),
        scenario("REC-CFA-NOT-ACTIONED", vec![("configuration-audits.csv", csv(&[
            "Audit date,Scope,Discrepancies,Actions",
            "2025-06-30,servers,3,records corrected",
            "2025-12-31,network,4,",
            "2026-03-31,applications,2,records corrected",
        ]))]),
        scenario("REC-CAP-NOT-ACTIONED", vec![("capacity.csv", csv(&[
            "Report date,Resource,Utilisation,Threshold,Actions",
            "2025-06-30,storage,92,85,added disks",
            "2025-09-30,cpu,88,85,",
            "2025-12-31,memory,90,85,tuned cache",
        ]))]),
        // ---------------------------------------------------------------- documents
        // Nothing in the workspace: every mandatory document is missing.
        scenario("document_missing", vec![]),
        scenario("document_not_approved", vec![(
            "procedures/incident-management-procedure.md",
            incident_procedure("Version: 2.0\nNext review: 2027-01-10"),
        )]),
        scenario("document_review_overdue", vec![(
            "procedures/incident-management-procedure.md",
            incident_procedure("Version: 3.1\nApproved by: Head of Operations\nApproval date: 2024-11-01\nNext review: 2025-11-01"),
        )]),
        scenario("document_review_due", vec![(
            "procedures/incident-management-procedure.md",
            incident_procedure("Version: 3.1\nApproved by: Head of Operations\nApproval date: 2025-05-10\nNext review: 2026-05-10"),
        )]),
        scenario("document_topics_missing", vec![(
            "procedures/problem-management-procedure.md",
            "# Problem Management Procedure\n\nVersion: 1.0\nApproved by: Head of Operations\nApproval date: 2026-01-10\nNext review: 2027-01-10\n\nProblems are identified and prioritised.\n".to_string(),
        )]),
        // A capacity plan with a control block but none of the contents 6.5-04 lists.
        scenario("document_elements_missing", vec![(
            "plans/capacity-plan.md",
            "# Capacity Plan\n\nVersion: 1.0\nApproved by: Head of Operations\nApproval date: 2026-01-10\nNext review: 2027-01-10\n\nThis plan exists.\n".to_string(),
        )]),
        scenario("document_unversioned", vec![(
            "procedures/incident-management-procedure.md",
            incident_procedure("Approved by: Head of Operations\nApproval date: 2026-01-10\nNext review: 2027-01-10"),
        )]),
        // ---------------------------------------------------------------- intervals
        // The only internal audit took place before the period.
        scenario("interval_none", vec![("internal-audits.csv", csv(&[
            "Audit ID,Audit date,Scope,Auditor,Auditee",
            "IA-2024-01,2024-01-10,Clauses 4-9,K. Osei,Service Desk",
        ]))]),
        // 15 months between two audits planned every 12.
        scenario("interval_gap", vec![("internal-audits.csv", csv(&[
            "Audit ID,Audit date,Scope,Auditor,Auditee",
            "IA-2024-02,2024-12-10,Clauses 4-9,K. Osei,Service Desk",
            "IA-2026-01,2026-03-10,Clauses 4-9,K. Osei,Change Mgmt",
        ]))]),
        // Audits on time, but no interval declared for them.
        scenario("interval_undeclared", vec![
            ("assessment.toml", MANIFEST.replace("internal_audit = 12\n", "")),
            ("internal-audits.csv", csv(&[
                "Audit ID,Audit date,Scope,Auditor,Auditee",
                "IA-2025-01,2025-06-10,Clauses 4-9,K. Osei,Service Desk",
                "IA-2026-01,2026-02-10,Clauses 4-9,K. Osei,Change Mgmt",
            ])),
        ]),
        // ---------------------------------------------------------------- evidence register
        scenario("register_self_partial", vec![
            ("docs/customer-communication-plan.md", ok_doc.clone()),
            ("evidence-register.csv", csv(&[
                REGISTER_HEADER,
                "7.1-03,Customer communication plan,docs/customer-communication-plan.md,Partial,",
            ])),
        ]),
        scenario("register_self_nonconforming", vec![
            ("docs/complaints.md", ok_doc.clone()),
            ("evidence-register.csv", csv(&[
                REGISTER_HEADER,
                "7.1-09,Complaint procedure,docs/complaints.md,Nonconforming,",
            ])),
        ]),
        scenario("register_evidence_missing", vec![("evidence-register.csv", csv(&[
            REGISTER_HEADER,
            "7.1-03,Customer communication plan,docs/not-in-the-workspace.md,Conforming,",
        ]))]),
        // 4.3.1-01 asks for a controlled document; the one cited shows no approval.
        scenario("register_document_uncontrolled", vec![
            ("docs/master-list.md", "# Master list of documents\n\nVersion: 1.0\n\nThe list of controlled documents.\n".to_string()),
            ("evidence-register.csv", csv(&[
                REGISTER_HEADER,
                "4.3.1-01,Master list of documents,docs/master-list.md,Conforming,",
            ])),
        ]),
        // ---------------------------------------------------------------- tailoring and governance
        scenario("exclusion_not_permitted", vec![(
            "assessment.toml",
            manifest_with("\n[[exclusion]]\ntarget = \"6.4\"\nreason = \"We do not budget for services\"\n"),
        )]),
        // A supplier runs problem management, and nothing shows it is governed.
        scenario("governance_missing", vec![(
            "assessment.toml",
            manifest_with("\n[[other_party]]\ntarget = \"8.2\"\nparty = \"Acme Support\"\nparty_type = \"supplier\"\n"),
        )]),
        // Governed (the register names it against 4.2), but under no supplier management.
        scenario("supplier_management_missing", vec![
            (
                "assessment.toml",
                manifest_with("\n[[other_party]]\ntarget = \"8.2\"\nparty = \"Acme Support\"\nparty_type = \"supplier\"\n"),
            ),
            ("governance/acme-support-governance.md", ok_doc.clone()),
            ("evidence-register.csv", csv(&[
                REGISTER_HEADER,
                "4.2-02;4.2-03;4.2-04;4.2-05,Acme Support governance matrix,governance/acme-support-governance.md,Conforming,",
            ])),
        ]),
        // Governed, but no agreement with the internal group that runs the process.
        scenario("internal_agreement_missing", vec![
            (
                "assessment.toml",
                manifest_with("\n[[other_party]]\ntarget = \"8.2\"\nparty = \"Group Shared Services\"\nparty_type = \"internal-group\"\n"),
            ),
            ("governance/group-shared-services-governance.md", ok_doc.clone()),
            ("evidence-register.csv", csv(&[
                REGISTER_HEADER,
                "4.2-02;4.2-03;4.2-04;4.2-05,Group Shared Services governance matrix,governance/group-shared-services-governance.md,Conforming,",
            ])),
        ]),
        scenario("clause4_not_delegable", vec![(
            "assessment.toml",
            manifest_with("\n[[other_party]]\ntarget = \"4.1\"\nparty = \"Parent Group plc\"\nparty_type = \"internal-group\"\n"),
        )]),
        // ---------------------------------------------------------------- escalation, independence
        // Three incident exports, each with one record closed before it was resolved: three
        // related minors (one requirement, record deviations).
        scenario("escalated_minors", ["a", "b", "c"].iter().map(|name| {
            let mut lines = vec!["number,opened_at,priority,category,state,resolved_at,closed_at,close_code".to_string()];
            for i in 0..20 {
                let closed = if i == 0 { "2025-08-02 09:00:00" } else { "2025-08-03 09:00:00" };
                lines.push(format!("INC{name}{i:03},2025-08-01 10:00:00,3,network,Closed,2025-08-02 10:00:00,{closed},fixed"));
            }
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            (match *name { "a" => "incidents-a.csv", "b" => "incidents-b.csv", _ => "incidents-c.csv" }, csv(&refs))
        }).collect()),
        scenario("audit_team_not_independent", vec![(
            "assessment.toml",
            manifest_with("\n[[team]]\nname = \"A. Auditor\"\nrole = \"auditor\"\nworks_in = [\"8.1\"]\n"),
        )]),
        // An auditor who says nothing of their independence.
        scenario("audit_team_independence_undeclared", vec![(
            "assessment.toml",
            manifest_with("\n[[team]]\nname = \"B. Auditor\"\nrole = \"auditor\"\n"),
        )]),
        // An audit programme in force whose second quarter's audit was not held.
        scenario("programme_audit_missed", vec![
            ("assessment.toml", manifest_with("\n[programme]\nplan = \"programme.json\"\n")),
            ("programme.json", r#"{"catalogue": {"id": "iso20000-1-2011"}, "start": "2025-04-01", "audits": [
                {"number": 1, "quarter": 1, "clause": "8.1", "auditor": "A. Auditor", "from": "2025-04-01", "until": "2025-06-30"},
                {"number": 2, "quarter": 2, "clause": "9.2", "auditor": "A. Auditor", "from": "2025-07-01", "until": "2025-09-30"}
            ]}"#.to_string()),
            ("internal-audits.csv", csv(&[
                "Audit ID,Audit date,Scope,Auditor,Auditee",
                "IA-1,2025-05-10,Clause 8.1,A. Auditor,Service desk",
            ])),
        ]),
        // ---------------------------------------------------------------- follow-up
        // A problem without a root cause, found again after its action fell due undone.
        Scenario {
            follows_up: Some("2026-03-31"),
            ..scenario("corrective_action_overdue", vec![("problems.csv", csv(&[
                "number,opened_at,priority,state,root_cause,workaround,known_error",
                "PRB0001,2025-06-02 09:00:00,2,Closed,disk firmware,reboot,true",
                "PRB0002,2025-06-03 09:00:00,2,Closed,,reboot,true",
            ]))])
        },
        // ---------------------------------------------------------------- good practice
        // 4.4.2: competence verified by the auditor for the requirements no check tests, and
        // 20 training records (the default profile's count) all evaluated for 4.4.2-04.
        scenario("good_practice_verified_clause", vec![
            ("hr/competence-records.md", ok_doc.clone()),
            ("evidence-register.csv", csv(&[
                REGISTER_HEADER,
                "4.4.2-01;4.4.2-02;4.4.2-03;4.4.2-05;4.4.2-06,Competence and training records,hr/competence-records.md,Conforming,Conforming",
            ])),
            ("training.csv", {
                let mut lines = vec!["Person,Role,Course,Date,Evaluation".to_string()];
                for i in 1..=20 {
                    lines.push(format!(
                        "Person {i:02},Service desk analyst,ITIL Foundation,2025-{:02}-10,effective",
                        4 + i % 9
                    ));
                }
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                csv(&refs)
            }),
        ]),
        // ---------------------------------------------------------------- auditor worksheet
        Scenario {
            binary: vec![("audits/worksheet.xlsx", auditor_worksheet())],
            ..scenario("auditor_finding", Vec::new())
        },
    ]
}

/// Every code the registry holds: record checks and the other kinds.
fn registered_codes() -> BTreeSet<&'static str> {
    CHECKS
        .iter()
        .map(|c| c.code)
        .chain(KINDS.iter().map(|k| k.code))
        .collect()
}

#[test]
fn every_registered_finding_code_is_raised_by_a_scenario() {
    let all = scenarios();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &all {
        *seen.entry(s.code).or_default() += 1;
    }
    let duplicated: Vec<&str> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(c, _)| *c)
        .collect();
    assert!(
        duplicated.is_empty(),
        "codes with more than one scenario: {duplicated:?}"
    );
    let covered: BTreeSet<&str> = seen.keys().copied().collect();
    let registered = registered_codes();
    let missing: Vec<&str> = registered.difference(&covered).copied().collect();
    let unknown: Vec<&str> = covered.difference(&registered).copied().collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "every registered finding code needs a scenario in tests/registry.rs.\n  \
         registered codes without a scenario: {missing:?}\n  \
         scenario codes the registry does not have: {unknown:?}"
    );
}

fn build_and_assess(cat: &Catalogue, s: &Scenario) -> Result<(EvidenceIndex, Assessment), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let ws = dir.path();
    if !s.files.iter().any(|(p, _)| *p == "assessment.toml") {
        common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    }
    for (path, content) in &s.files {
        common::file(&ws.join(path), content.as_bytes());
    }
    for (path, content) in &s.binary {
        common::file(&ws.join(path), content);
    }
    let idx = scan(ws, cat, &ScanOptions::default()).map_err(|e| format!("scan failed: {e:?}"))?;
    let a = assess(cat, &idx, &AssessOptions::default());
    let Some(due) = s.follows_up else {
        return Ok((idx, a));
    };
    // The first assessment and its action plan, as the previous run would have left them.
    let before = tempfile::tempdir().map_err(|e| e.to_string())?;
    let json = before.path().join("assessment.json");
    common::file(&json, serde_json::to_string(&a).unwrap().as_bytes());
    let mut rows = vec![vec!["Finding", "Owner", "Due date", "Action status"]];
    for f in a.findings.iter().filter(|f| f.grade.is_nonconformity()) {
        rows.push(vec![f.id.as_str(), "Owner", due, "open"]);
    }
    let workbook = iso20k::report::file_name(a.kind, iso20k::i18n::Lang::En, "xlsx");
    common::xlsx(&before.path().join(workbook), "Action plan", &rows);
    let previous = iso20k::check::follow_up::read_previous(&json, None, cat)
        .map_err(|e| format!("previous: {e:?}"))?;
    let options = AssessOptions {
        previous: Some(previous),
        ..AssessOptions::default()
    };
    let a = assess(cat, &idx, &options);
    Ok((idx, a))
}

/// What a failing scenario produced: the record sets read, the reader's warnings, the
/// findings raised, and why the requirements the code belongs to could not be decided.
fn explain(cat: &Catalogue, s: &Scenario, idx: &EvidenceIndex, a: &Assessment) -> String {
    let mut out = format!("scenario `{}` did not raise its code\n", s.code);
    out.push_str("  record sets read:\n");
    for r in &idx.record_sets {
        out.push_str(&format!(
            "    {} -> {} ({} rows, confidence {:.2}, columns {:?})\n",
            r.path, r.kind, r.rows, r.confidence, r.columns
        ));
    }
    for w in &idx.warnings {
        out.push_str(&format!(
            "  warning: {} {}: {}\n",
            w.path, w.location, w.message
        ));
    }
    out.push_str("  findings:\n");
    for f in &a.findings {
        out.push_str(&format!(
            "    {} [{:?}] {}: {}\n",
            f.code, f.grade, f.requirement, f.statement.en
        ));
        for d in &f.details {
            out.push_str(&format!("      (inside) {}: {}\n", d.code, d.statement.en));
        }
    }
    // For a record check, the requirements that run it; otherwise every requirement that
    // says why it could not be decided (leaving out the register's "no row names it").
    let check = CHECKS.iter().find(|c| c.code == s.code);
    let relevant: Vec<&str> = match check {
        Some(c) => cat
            .requirements
            .iter()
            .filter(|r| {
                r.evidence.iter().any(|e| {
                    e.kind == RuleKind::Records
                        && e.params.get("check").and_then(|v| v.as_str()) == Some(c.name)
                })
            })
            .map(|r| r.id.as_str())
            .collect(),
        None => a.requirements.iter().map(|r| r.id.as_str()).collect(),
    };
    if let Some(c) = check {
        if relevant.is_empty() {
            out.push_str(&format!(
                "  no requirement of the catalogue runs the records check `{}`\n",
                c.name
            ));
        }
    }
    let mut shown = 0;
    for r in a
        .requirements
        .iter()
        .filter(|r| relevant.contains(&r.id.as_str()))
    {
        for n in &r.notes {
            if n.en.starts_with("no evidence-register row") || shown >= 40 {
                continue;
            }
            shown += 1;
            out.push_str(&format!("  note on {} ({:?}): {}\n", r.id, r.status, n.en));
        }
    }
    out
}

/// What is wrong with a generated Chinese sentence, if anything: English words left in it
/// (`row 9` for 第9行, `and 3 more`), a doubled word (`记录记录`), or assessment vocabulary in
/// what an internal audit reports (评估组, 评估周期 — an audit has 审核组 and 审核期间).
fn chinese_problem(text: &str) -> Option<String> {
    const ENGLISH: &[&str] = &[
        "row", "rows", "line", "and", "more", "the", "of", "records", "tested", "sampled", "for",
    ];
    // What the evidence itself says is quoted, and may be English.
    let mut unquoted = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '“' | '”' | '"' | '`' => quoted = c == '“' || (c != '”' && !quoted),
            _ if !quoted => unquoted.push(c),
            _ => {}
        }
    }
    let words: Vec<String> = unquoted
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if let Some(w) = words.iter().find(|w| ENGLISH.contains(&w.as_str())) {
        return Some(format!("the English word `{w}`"));
    }
    let chars: Vec<char> = text.chars().collect();
    for n in [2, 3] {
        for w in chars.windows(2 * n) {
            let cjk = w.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
            if cjk && w[..n] == w[n..] {
                return Some(format!(
                    "the doubled word `{}`",
                    w.iter().collect::<String>()
                ));
            }
        }
    }
    ["评估组", "评估周期"]
        .iter()
        .find(|w| text.contains(*w))
        .map(|w| format!("`{w}` in an internal audit"))
}

#[test]
fn chinese_problems_are_caught() {
    assert!(
        chinese_problem("培训记录.xlsx中全数检查的40条培训记录有2条未通过：第9行、第29行。")
            .is_none()
    );
    assert!(chinese_problem("40条培训记录记录有2条").is_some());
    assert!(chinese_problem("未通过：row 9、row 29").is_some());
    assert!(chinese_problem("评估周期内").is_some());
    assert!(chinese_problem("文件（“Master list of documents”）未受控").is_none());
}

#[test]
fn each_scenario_raises_its_code() {
    let cat = Catalogue::builtin().unwrap();
    let mut failures: Vec<String> = Vec::new();
    let all = scenarios();
    for s in &all {
        match build_and_assess(&cat, s) {
            Err(e) => failures.push(format!("scenario `{}`: {e}\n", s.code)),
            Ok((idx, a)) => {
                if !a.findings.iter().any(|f| f.code == s.code) {
                    failures.push(explain(&cat, s, &idx, &a));
                }
                for f in a.findings.iter().filter(|f| f.code == s.code) {
                    for (what, text) in [
                        ("statement", &f.statement.zh),
                        ("recommendation", &f.recommendation.zh),
                        ("grading rationale", &f.grading_rationale.zh),
                    ] {
                        if let Some(problem) = chinese_problem(text) {
                            failures.push(format!(
                                "`{}` {what} in Chinese: {problem}\n  {text}\n",
                                s.code
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios did not raise their code:\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
