//! ITSM exports as they come from real instances, not from our generator: an audit-log
//! (history) export with several rows per incident and `?` for blanks, a quoted Windows-1252
//! change export without approval columns, an Excel-saved CSV (BOM, CRLF, no final newline,
//! m/d/yy dates, a trailing unnamed column), and a custom `u_` table that needs a mapping.
//! The fixtures are written here, modelled on those shapes; none is copied from anyone's export.

mod common;

use common::index;

use iso20k::catalogue::Catalogue;
use iso20k::check::{assess, AssessOptions};

const MANIFEST: &str = r#"organisation = "Export Test Provider"
assessment_date = 2026-04-30
kind = "gap"
[period]
start = 2015-01-01
end = 2026-03-31
"#;

fn workspace(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::file(&dir.path().join("assessment.toml"), MANIFEST.as_bytes());
    for (path, bytes) in files {
        common::file(&dir.path().join(path), bytes);
    }
    dir
}

/// An incident audit log: one row per update, ordered by `sys_mod_count`, `?` where a field
/// is blank, day-first dates. INC0000045 is reopened once and reassigned twice; INC0000047
/// changes priority and never gets a category; three more go New → Resolved → Closed.
fn incident_audit_log() -> Vec<u8> {
    let mut rows = vec![
        "number,incident_state,active,reassignment_note,sys_mod_count,made_sla,caller_id,opened_at,sys_updated_by,sys_updated_at,category,impact,urgency,priority,assignment_group,assigned_to,resolved_at,closed_at,closed_code".to_string(),
    ];
    let mut row = |n: &str,
                   state: &str,
                   mc: u32,
                   at: &str,
                   cat: &str,
                   pri: &str,
                   group: &str,
                   res: &str,
                   clo: &str| {
        let code = if state == "Closed" { "code 5" } else { "?" };
        rows.push(format!(
            "{n},{state},{},?,{mc},true,Caller 2403,29/2/2016 01:16,Updater {mc},{at},{cat},2 - Medium,2 - Medium,{pri},{group},?,{res},{clo},{code}",
            state != "Closed"
        ));
    };
    row(
        "INC0000045",
        "New",
        0,
        "29/2/2016 01:23",
        "Category 55",
        "3 - Moderate",
        "Group 56",
        "?",
        "?",
    );
    row(
        "INC0000045",
        "Active",
        1,
        "29/2/2016 08:53",
        "Category 55",
        "3 - Moderate",
        "Group 70",
        "?",
        "?",
    );
    row(
        "INC0000045",
        "Resolved",
        2,
        "1/3/2016 09:10",
        "Category 55",
        "3 - Moderate",
        "Group 70",
        "1/3/2016 09:10",
        "?",
    );
    row(
        "INC0000045",
        "Active",
        3,
        "2/3/2016 10:00",
        "Category 55",
        "3 - Moderate",
        "Group 24",
        "?",
        "?",
    );
    row(
        "INC0000045",
        "Resolved",
        4,
        "3/3/2016 11:00",
        "Category 55",
        "3 - Moderate",
        "Group 24",
        "3/3/2016 11:00",
        "?",
    );
    // The closing update left resolved_at blank: the history says when it was resolved.
    row(
        "INC0000045",
        "Closed",
        5,
        "8/3/2016 11:05",
        "Category 55",
        "3 - Moderate",
        "Group 24",
        "?",
        "8/3/2016 11:05",
    );
    // Out of order in the file, as audit exports often are: sys_mod_count decides.
    row(
        "INC0000047",
        "Closed",
        3,
        "6/3/2016 06:05",
        "?",
        "2 - High",
        "Group 70",
        "1/3/2016 06:00",
        "6/3/2016 06:05",
    );
    row(
        "INC0000047",
        "New",
        0,
        "29/2/2016 04:40",
        "?",
        "3 - Moderate",
        "Group 70",
        "?",
        "?",
    );
    row(
        "INC0000047",
        "Active",
        1,
        "29/2/2016 05:00",
        "?",
        "2 - High",
        "Group 70",
        "?",
        "?",
    );
    row(
        "INC0000047",
        "Resolved",
        2,
        "1/3/2016 06:00",
        "?",
        "2 - High",
        "Group 70",
        "1/3/2016 06:00",
        "?",
    );
    for k in 0..3 {
        let n = format!("INC00001{k:02}");
        row(
            &n,
            "New",
            0,
            "10/3/2016 10:00",
            "Category 40",
            "4 - Low",
            "Group 12",
            "?",
            "?",
        );
        row(
            &n,
            "Resolved",
            1,
            "11/3/2016 10:00",
            "Category 40",
            "4 - Low",
            "Group 12",
            "11/3/2016 10:00",
            "?",
        );
        row(
            &n,
            "Closed",
            2,
            "16/3/2016 10:00",
            "Category 40",
            "4 - Low",
            "Group 12",
            "11/3/2016 10:00",
            "16/3/2016 10:00",
        );
    }
    (rows.join("\n") + "\n").into_bytes()
}

#[test]
fn an_audit_log_export_is_one_record_per_incident() {
    let dir = workspace(&[("exports/incident_audit_log.csv", incident_audit_log())]);
    let idx = index(dir.path());
    assert_eq!(idx.record_sets.len(), 1, "{:#?}", idx.unrecognised_tables);
    let info = &idx.record_sets[0];
    assert_eq!((info.kind.as_str(), info.rows), ("incidents", 5));
    let fold = info.fold.as_ref().unwrap();
    assert_eq!((fold.source_rows, fold.records), (19, 5));
    assert_eq!(fold.ordered_by.as_deref(), Some("sys_mod_count"));
    for field in [
        "resolved_at",
        "reopen_count",
        "reassignment_count",
        "priority_changed",
    ] {
        assert!(
            fold.derived.iter().any(|d| d == field),
            "{field}: {:?}",
            fold.derived
        );
    }
    // `?` is a blank, never a value that cannot be read.
    assert!(idx.warnings.is_empty(), "{:#?}", idx.warnings);

    let t = &idx.tables[0];
    let at = |id: &str| (0..t.len()).find(|&i| t.record_id(i) == id).unwrap();
    let reopened = at("INC0000045");
    assert_eq!(
        t.text("state", reopened),
        Some("Closed"),
        "the latest row wins"
    );
    assert_eq!(t.number("reopen_count", reopened), Some(1.0));
    assert_eq!(t.number("reassignment_count", reopened), Some(2.0));
    assert_eq!(
        t.date("resolved_at", reopened).unwrap().to_string(),
        "2016-03-01T09:10:00",
        "blank on the last row: the first time the state became Resolved"
    );
    assert_eq!(
        t.date("resolved_at", at("INC0000100")).unwrap().to_string(),
        "2016-03-11T10:00:00",
        "the export's own value stands"
    );
    assert_eq!(t.rows_of(reopened), &[2, 3, 4, 5, 6, 7]);
    let changed = at("INC0000047");
    assert_eq!(t.flag("priority_changed", changed), Some(true));
    assert_eq!(t.level("priority", changed), Some(2));
    assert_eq!(t.flag("priority_changed", at("INC0000100")), Some(false));

    // The finding cites the incident once, with every one of its rows.
    let cat = Catalogue::builtin().unwrap();
    let a = assess(&cat, &idx, &AssessOptions::default());
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "REC-INC-UNCLASSIFIED")
        .unwrap();
    assert_eq!(f.evidence[0].record_ids, vec!["INC0000047"]);
    assert_eq!(f.evidence[0].rows, vec![8, 9, 10, 11]);
    assert!(
        f.statement.en.starts_with("1 of 5 records"),
        "{}",
        f.statement.en
    );

    // `evidence` states the fold.
    let (code, out, err) = common::iso20k(&["evidence", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("19 rows → 5 incidents (history log folded by sys_mod_count)"),
        "{out}"
    );
}

#[test]
fn repeated_ids_without_a_history_marker_are_kept_once_with_a_warning() {
    let csv = "number,opened_at,priority,state,category\nINC1,2025-06-01 10:00,3,New,network\nINC1,2025-06-01 10:00,3,Closed,network\nINC2,2025-06-02 10:00,2,Closed,mail\n";
    let dir = workspace(&[("incidents.csv", csv.as_bytes().to_vec())]);
    let idx = index(dir.path());
    assert_eq!(idx.record_sets[0].rows, 2);
    assert_eq!(idx.record_sets[0].fold.as_ref().unwrap().ordered_by, None);
    let w: Vec<&str> = idx.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("ids in column `number` repeat (3 rows, 2 distinct ids)"),
        "{}",
        w[0]
    );
    assert_eq!(idx.tables[0].text("state", 0), Some("Closed"));
    // A CI list is not a history: duplicate CIs stay, as they are a finding of their own.
    let cis = "sys_id,name,sys_class_name,install_status,owned_by\nA1,web01,cmdb_ci_server,Installed,Ops\nA1,web01,cmdb_ci_server,Installed,Ops\n";
    let dir = workspace(&[("cmdb_ci.csv", cis.as_bytes().to_vec())]);
    let idx = index(dir.path());
    assert_eq!(idx.record_sets[0].rows, 2);
    assert!(idx.record_sets[0].fold.is_none());
}

#[test]
fn missing_value_markers_are_blank_without_warnings() {
    let csv = "number,opened_at,priority,impact,urgency,state,category,resolved_at\n\
        INC1,2025-06-01 10:00,?,N/A,NULL,Closed,network,#N/A\n\
        INC2,2025-06-02 10:00,2,—,-,Closed,无,(empty)\n\
        INC3,2025-06-03 10:00,tbd,2,2,Closed,mail,2025-06-03 12:00\n";
    let dir = workspace(&[("incidents.csv", csv.as_bytes().to_vec())]);
    common::file(
        &dir.path().join("assessment.toml"),
        format!("missing_values = [\"tbd\"]\n{MANIFEST}").as_bytes(),
    );
    let idx = index(dir.path());
    assert!(idx.warnings.is_empty(), "{:#?}", idx.warnings);
    let t = &idx.tables[0];
    assert_eq!(t.level("priority", 0), None);
    assert_eq!(t.level("priority", 2), None, "the manifest's own marker");
    assert_eq!(t.text("category", 1), None);
    assert_eq!(t.date("resolved_at", 0), None);
    assert!(t.date("resolved_at", 2).is_some());
}

/// A ServiceNow `change_request` list saved in Windows-1252: quoted fields with smart quotes
/// and accented names, and no approval or implementation-start columns.
fn partial_change_export() -> Vec<u8> {
    let names = ["José Müller", "Zoë Ångström", "François Lévêque"];
    let mut rows = vec![
        "\"number\",\"priority\",\"short_description\",\"sys_class_name\",\"requested_by\",\"type\",\"state\",\"assignment_group\",\"assigned_to\",\"work_end\",\"closed_at\"".to_string(),
    ];
    for i in 0..6 {
        rows.push(format!(
            "\"CHG00{i:05}\",\"3 - Moderate\",\"“Upgrade” of router {i}, phase 2\",\"change_request\",\"{}\",\"normal\",\"Closed\",\"Network\",\"{}\",\"2025-07-0{} 10:00:00\",\"2025-07-0{} 10:00:00\"",
            names[i % 3],
            names[(i + 1) % 3],
            i + 1,
            i + 2
        ));
    }
    let text = rows.join("\r\n") + "\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_partial_windows_1252_change_export_is_a_changes_record_set() {
    let dir = workspace(&[("exports/change_request.csv", partial_change_export())]);
    let idx = index(dir.path());
    assert_eq!(idx.record_sets.len(), 1, "{:#?}", idx.unrecognised_tables);
    assert!(idx.documents.is_empty(), "never a document");
    let info = &idx.record_sets[0];
    assert_eq!((info.kind.as_str(), info.rows), ("changes", 6));
    let encoding = info.encoding.as_ref().unwrap();
    assert_eq!(encoding.name, "windows-1252");
    assert!(idx.warnings[0]
        .message
        .contains("read as windows-1252 (detected"));
    let t = &idx.tables[0];
    assert_eq!(
        t.text("short_description", 0),
        Some("“Upgrade” of router 0, phase 2")
    );
    // What it lacks is reported per check, not silently passed.
    let cat = Catalogue::builtin().unwrap();
    let a = assess(&cat, &idx, &AssessOptions::default());
    let approval = a.requirements.iter().find(|r| r.id == "9.2-09").unwrap();
    assert!(
        approval
            .notes
            .iter()
            .any(|n| n.en.contains("has no column for `approved_at`")),
        "{:?}",
        approval.notes
    );
}

#[test]
fn accented_names_from_a_windows_1252_export_reach_the_reports_intact() {
    // A supplier-review log and a policy saved in Windows-1252; the lapsed review of an
    // accented supplier becomes a finding, the accented approver a document-control fact.
    let reviews = "Supplier,Contract,Review date,Owner,Targets met,Actions\r\nSociété Générale Informatique,C-17,2024-01-15,Zoë Ångström,yes,\r\nNordkraft Daten,C-18,2025-09-01,Zoë Ångström,yes,";
    let policy = "# Service Management Policy\n\nVersion: 2.0\nApproved by: José Müller\nApproval date: 2025-11-01\nNext review: 2026-11-01\n\nThe policy of the provider for service management.\n";
    let cp1252 = |s: &str| encoding_rs::WINDOWS_1252.encode(s).0.into_owned();
    let dir = workspace(&[
        ("suppliers/supplier-reviews.csv", cp1252(reviews)),
        ("policies/service-management-policy.md", cp1252(policy)),
    ]);
    // The provider plans supplier reviews yearly: a lapse is judged against that plan.
    common::file(
        &dir.path().join("assessment.toml"),
        format!("{MANIFEST}[intervals]\nsupplier_review = 12\n").as_bytes(),
    );
    let out = dir.path().join("out");
    let (code, _, err) = common::iso20k(&[
        "assess",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "xlsx,pdf",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let json = std::fs::read_to_string(out.join("assessment.json")).unwrap();
    assert!(json.contains("Société Générale Informatique"));
    assert!(json.contains("José Müller"));
    // The workbook's cells read back with the accents.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("gap-analysis.en.xlsx")).unwrap();
    let docs = wb.worksheet_range("Mandatory documents").unwrap();
    assert!(docs
        .cells()
        .any(|(_, _, c)| c.to_string().contains("José Müller")));
    let actions = wb.worksheet_range("Action plan").unwrap();
    assert!(actions
        .cells()
        .any(|(_, _, c)| c.to_string().contains("Société Générale Informatique")));
    // And so does the PDF's text.
    let pdf = std::process::Command::new("pdftotext")
        .arg(out.join("gap-analysis.en.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&pdf.stdout);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Société Générale"), "not in the PDF text");
    assert!(flat.contains("José Müller"));
}

/// A change history saved from Excel as CSV: byte-order mark, CRLF, no final newline, m/d/yy
/// dates and a trailing unnamed column.
fn excel_saved_changes() -> Vec<u8> {
    let rows = [
        "Number,Type,Assignment group,Completion Code,Assigned to,Short Description,Work start,Approved,Work end,Closed,",
        "CHG0030101,Normal,Network,Successful,Jane Doe,Patch routers,1/13/20 6:27,1/12/20 17:00,1/13/20 8:00,1/14/20 9:00,",
        "CHG0030102,Normal,Network,Successful,Jane Doe,Patch switches,2/3/20 22:00,2/4/20 9:15,2/3/20 23:30,2/5/20 9:00,",
        "CHG0030103,Standard,Desktop,Successful,Ravi Rao,Reimage laptops,2/10/20 9:00,2/9/20 12:00,2/10/20 11:00,2/11/20 9:00,",
        "CHG0030104,Normal,Cloud,Successful,Ravi Rao,Resize cluster,3/2/20 20:00,3/1/20 10:00,3/2/20 21:00,3/3/20 9:00,",
    ];
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(rows.join("\r\n").into_bytes());
    bytes
}

#[test]
fn an_excel_saved_csv_reads_every_row_and_its_month_first_dates() {
    let dir = workspace(&[("reports/Change history.csv", excel_saved_changes())]);
    let idx = index(dir.path());
    assert!(idx.warnings.is_empty(), "{:#?}", idx.warnings);
    let info = &idx.record_sets[0];
    assert_eq!(
        (info.kind.as_str(), info.rows),
        ("changes", 4),
        "the last line has no newline"
    );
    let start = info
        .dates
        .iter()
        .find(|d| d.field == "actual_start")
        .unwrap();
    assert!(
        start
            .description
            .starts_with("month-first (m/d/y), settled by `1/13/20 6:27` at row 2"),
        "{}",
        start.description
    );
    let t = &idx.tables[0];
    assert_eq!(
        t.date("actual_start", 1).unwrap().to_string(),
        "2020-02-03T22:00:00"
    );
    // CHG0030102 was approved the morning after its work started.
    let cat = Catalogue::builtin().unwrap();
    let a = assess(&cat, &idx, &AssessOptions::default());
    let late = a
        .findings
        .iter()
        .find(|f| f.code == "REC-CHG-APPROVAL-AFTER-IMPL")
        .unwrap();
    assert_eq!(late.evidence[0].record_ids, vec!["CHG0030102"]);
    assert_eq!(late.evidence[0].rows, vec![3]);
}

fn custom_outage_table() -> Vec<u8> {
    let mut rows =
        vec!["u_number,u_begin_time,u_end_time,priority,u_service,u_description".to_string()];
    for i in 0..6 {
        rows.push(format!(
            "OUT{i:04},2025-06-0{} 10:00:00,2025-06-0{} 12:30:00,{} - High,Mail,Storage outage {i}",
            i + 1,
            i + 1,
            i % 4 + 1
        ));
    }
    (rows.join("\n") + "\n").into_bytes()
}

#[test]
fn a_custom_table_is_listed_unrecognised_and_explain_gives_a_mapping_that_works() {
    let dir = workspace(&[("records/u_incident_outage.csv", custom_outage_table())]);
    let ws = dir.path().to_str().unwrap();
    let idx = index(dir.path());
    assert!(idx.record_sets.is_empty() && idx.documents.is_empty());
    let u = &idx.unrecognised_tables[0];
    assert_eq!(
        (u.path.as_str(), u.rows),
        ("records/u_incident_outage.csv", 6)
    );
    assert_eq!(u.guesses[0].kind, "incidents");

    let (code, out, err) =
        common::iso20k(&["evidence", ws, "--explain", "records/u_incident_outage.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("an unrecognised table of 6 rows"), "{out}");
    assert!(out.contains("incidents"), "{out}");
    assert!(
        out.contains("id ← u_number") && out.contains("opened_at ← u_begin_time"),
        "{out}"
    );
    let block: String = out
        .lines()
        .skip_while(|l| l.trim() != "[[mapping]]")
        .take(4)
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    assert!(block.contains("record_set = \"incidents\""), "{block}");

    // Pasted into assessment.toml, the block makes the next run read the file as incidents.
    common::file(
        &dir.path().join("assessment.toml"),
        format!("{MANIFEST}\n{block}").as_bytes(),
    );
    let idx = index(dir.path());
    assert!(idx.unrecognised_tables.is_empty());
    let info = &idx.record_sets[0];
    assert_eq!((info.kind.as_str(), info.rows), ("incidents", 6));
    assert_eq!(info.columns["opened_at"], "u_begin_time");
    assert_eq!(idx.tables[0].record_id(0), "OUT0000");
    // And explain now says it is read as incidents, mapped in the manifest.
    let (_, out, _) =
        common::iso20k(&["evidence", ws, "--explain", "records/u_incident_outage.csv"]);
    assert!(
        out.contains("read as: incidents, 6 records, mapped in assessment.toml"),
        "{out}"
    );
}

#[test]
fn warnings_sort_by_line_number_and_a_bad_column_is_one_warning() {
    let mut csv = String::from("number,opened_at,priority,state,category\n");
    for i in 0..1100 {
        let opened = if i == 172 || i == 1050 || i == 1051 {
            "yesterday".to_string()
        } else {
            format!("2025-06-{:02} 10:00", i % 28 + 1)
        };
        csv.push_str(&format!("INC{i:05},{opened},3,Closed,network\n"));
    }
    // A second, unrelated problem earlier in the file, in another column.
    csv = csv.replacen(
        "INC00010,2025-06-11 10:00,3",
        "INC00010,2025-06-11 10:00,whenever",
        1,
    );
    let dir = workspace(&[("incidents.csv", csv.into_bytes())]);
    let idx = index(dir.path());
    let w: Vec<(&str, &str)> = idx
        .warnings
        .iter()
        .map(|w| (w.location.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(w.len(), 2, "{w:#?}");
    assert_eq!(w[0].0, "line 12, column 3");
    assert_eq!(w[1].0, "line 174, column 2", "line 174 before line 1052");
    assert!(
        w[1].1.starts_with("3 values in column `opened_at` cannot be read as the incidents field `opened_at` (`yesterday`, `yesterday`, `yesterday` at rows 174, 1052, 1053)"),
        "{}",
        w[1].1
    );
}
