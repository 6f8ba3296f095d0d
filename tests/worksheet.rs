//! The auditor worksheet round trip on the northwind sample: `iso20k worksheet` writes one row
//! per requirement with the auditor's columns open, the test fills cells in the workbook's own
//! XML (as a spreadsheet would save them), and `assess` reads the verdicts, the raised finding
//! and the bad cell back — from `--worksheet FILE` outside the workspace, or from a worksheet
//! left inside it.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};
use common::{copy_dir, iso20k, sheet};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A copy of northwind in `dir/ws` (the tests may add files to it).
fn workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    copy_dir(&common::sample("northwind-msp"), &ws);
    ws
}

/// Runs `iso20k worksheet` and returns the worksheet's path.
fn generate(ws: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "worksheet",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
    ];
    args.extend(extra);
    let (code, stdout, stderr) = iso20k(&args);
    assert_eq!(code, 0, "worksheet: {stderr}");
    let path = out.join("auditor-worksheet.xlsx");
    assert!(stdout.contains("auditor-worksheet.xlsx"), "{stdout}");
    path
}

/// The column letter of each header of a sheet's first row.
fn columns(path: &Path, name: &str) -> HashMap<String, String> {
    sheet(path, name)[0]
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), iso20k::domain::column_letters(i)))
        .collect()
}

/// The row number (1-based) of requirement `id` on the requirements sheet.
fn row_of(path: &Path, id: &str) -> usize {
    sheet(path, "Requirements")
        .iter()
        .position(|r| r[0] == id)
        .unwrap_or_else(|| panic!("{id} not on the sheet"))
        + 1
}

/// A value typed into a cell.
enum Typed<'a> {
    Text(&'a str),
    /// A number, as a date typed into a date-formatted cell is stored.
    Number(f64),
}

/// Types `cells` (`("I5", value)`) into sheet file `sheet_xml` (`xl/worksheets/sheet1.xml`)
/// of the workbook at `path`, by rewriting the blank cells the generator wrote there. The
/// cell keeps its style, so a number in a date column is a date cell, as in Excel.
fn fill(path: &Path, sheet_xml: &str, cells: &[(&str, Typed)]) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == sheet_xml {
            let mut xml = String::from_utf8(content).unwrap();
            for (cell, value) in cells {
                let start = xml
                    .find(&format!("<c r=\"{cell}\" "))
                    .unwrap_or_else(|| panic!("no blank cell {cell} in {sheet_xml}"));
                let end = start + xml[start..].find("/>").unwrap();
                let style = xml[start..end]
                    .split("s=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap()
                    .to_string();
                let escaped = |s: &str| {
                    s.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                };
                let replacement = match value {
                    Typed::Text(t) => format!(
                        "<c r=\"{cell}\" s=\"{style}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        escaped(t)
                    ),
                    Typed::Number(n) => format!("<c r=\"{cell}\" s=\"{style}\"><v>{n}</v></c>"),
                };
                xml.replace_range(start..end + 2, &replacement);
            }
            content = xml.into_bytes();
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// Fills the worksheet the way the tests expect: a nonconforming verdict with a major on
/// 8.1-02 (note, evidence, auditor, a real date cell), a conforming verdict on 4.1.1-03 (date
/// as text), a bad verdict on 4.1.1-04, and a minor on the findings sheet against 8.2-01.
/// Returns the rows used.
struct Filled {
    nonconforming_row: usize,
    conforming_row: usize,
    bad_row: usize,
    verdict_column: String,
}

fn fill_in(path: &Path) -> Filled {
    let c = columns(path, "Requirements");
    let col = |h: &str| c.get(h).unwrap_or_else(|| panic!("no header {h}")).clone();
    let nonconforming_row = row_of(path, "8.1-02");
    let conforming_row = row_of(path, "4.1.1-03");
    let bad_row = row_of(path, "4.1.1-04");
    let at = |h: &str, row: usize| format!("{}{row}", col(h));
    let cells = [
        (
            at("Verdict", nonconforming_row),
            Typed::Text("nonconforming"),
        ),
        (
            at("Grade of a finding", nonconforming_row),
            Typed::Text("major"),
        ),
        (
            at("Note", nonconforming_row),
            Typed::Text("=Priority 1 incidents are not escalated to the duty manager"),
        ),
        (
            at("Objective evidence seen", nonconforming_row),
            Typed::Text("Interview with the service desk lead\nINC0012 and INC0047 reviewed"),
        ),
        (
            at("Auditor", nonconforming_row),
            Typed::Text("Jane Auditor"),
        ),
        // 2026-03-05, typed into the date-formatted cell.
        (at("Date", nonconforming_row), Typed::Number(46086.0)),
        (at("Verdict", conforming_row), Typed::Text("Conforming ")),
        (
            at("Note", conforming_row),
            Typed::Text("Scope statement seen and approved"),
        ),
        (at("Date", conforming_row), Typed::Text("2026-03-04")),
        (at("Verdict", bad_row), Typed::Text("passed")),
    ];
    let cells: Vec<(&str, Typed)> = cells
        .iter()
        .map(|(cell, v)| {
            (
                cell.as_str(),
                match v {
                    Typed::Text(t) => Typed::Text(t),
                    Typed::Number(n) => Typed::Number(*n),
                },
            )
        })
        .collect();
    fill(path, "xl/worksheets/sheet1.xml", &cells);
    fill(
        path,
        "xl/worksheets/sheet2.xml",
        &[
            ("A2", Typed::Text("8.2-01")),
            ("B2", Typed::Text("minor")),
            (
                "C2",
                Typed::Text("The capacity plan was last updated two years ago"),
            ),
            ("D2", Typed::Text("Capacity plan v1.2 on the intranet")),
            ("E2", Typed::Text("Update the capacity plan every year")),
            ("F2", Typed::Text("Jane Auditor")),
            ("G2", Typed::Text("2026-03-05")),
        ],
    );
    Filled {
        nonconforming_row,
        conforming_row,
        bad_row,
        verdict_column: col("Verdict"),
    }
}

/// Assesses `ws` without the cache: the assessment and stderr.
fn assess(ws: &Path, out: &Path, extra: &[&str]) -> (Value, String) {
    let run = common::assess_run(ws, out, &[&["--no-cache"], extra].concat());
    (run.json, run.stderr)
}

fn auditor_findings(a: &Value) -> Vec<&Value> {
    a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "auditor_finding")
        .collect()
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_worksheet_lists_every_requirement_under_headers_in_either_language_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let first = generate(&ws, &dir.path().join("one"), &[]);
    let again = generate(&ws, &dir.path().join("two"), &[]);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&again).unwrap(),
        "the same workspace gave different bytes"
    );
    let assessed = assess(&ws, &dir.path().join("a"), &[]).0;
    let requirements = assessed["requirements"].as_array().unwrap();
    let rows = sheet(&first, "Requirements");
    assert_eq!(
        rows[0],
        [
            "Requirement id",
            "Clause",
            "Requirement (English)",
            "Requirement (Chinese)",
            "Automatic status",
            "Basis",
            "Findings raised",
            "What to examine",
            "Verdict",
            "Grade of a finding",
            "Objective evidence seen",
            "Note",
            "Auditor",
            "Date"
        ]
    );
    assert_eq!(rows.len() - 1, requirements.len());
    for (row, r) in rows[1..].iter().zip(requirements) {
        assert_eq!(row[0], r["id"].as_str().unwrap());
        assert_eq!(row[4], r["auto_status"].as_str().unwrap());
        assert!(row[8..].iter().all(String::is_empty), "{row:?}");
    }
    // Findings already raised are listed on their requirement.
    let with_findings = requirements
        .iter()
        .position(|r| !r["findings"].as_array().unwrap().is_empty())
        .unwrap();
    assert!(rows[with_findings + 1][6].starts_with("F-0"));
    assert_eq!(
        sheet(&first, "Auditor findings")[0],
        [
            "Requirement id",
            "Grade",
            "What was found",
            "Objective evidence seen",
            "Recommendation",
            "Auditor",
            "Date"
        ]
    );
    let about = sheet(&first, "iso20k-worksheet");
    assert!(about.contains(&vec![
        "catalogue".to_string(),
        "iso20000-1-2011".to_string()
    ]));

    // Chinese headers read back just the same (an empty worksheet: no warnings).
    let zh = generate(&ws, &dir.path().join("zh"), &["--lang", "zh"]);
    assert_eq!(sheet(&zh, "要求")[0][0], "要求编号");
    let (a, stderr) = assess(
        &ws,
        &dir.path().join("b"),
        &["--worksheet", zh.to_str().unwrap()],
    );
    assert!(!stderr.contains("EVD0"), "{stderr}");
    assert!(auditor_findings(&a).is_empty());

    // Never over an existing worksheet without --force.
    let (code, _, stderr) = iso20k(&[
        "worksheet",
        ws.to_str().unwrap(),
        "--out",
        dir.path().join("one").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
}

#[test]
fn a_filled_worksheet_given_with_worksheet_sets_verdicts_raises_findings_and_names_bad_cells() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let sheet = generate(&ws, &dir.path().join("sheet"), &[]);
    let filled = fill_in(&sheet);
    let before = assess(&ws, &dir.path().join("before"), &[]).0;
    let (a, stderr) = assess(
        &ws,
        &dir.path().join("after"),
        &[
            "--worksheet",
            sheet.to_str().unwrap(),
            "--format",
            "json,xlsx,html",
        ],
    );

    // Verdicts override the automatic status, which is kept.
    let nc = common::requirement_json(&a, "8.1-02");
    assert_eq!(nc["basis"], "auditor");
    assert_eq!(nc["status"], "nonconforming");
    assert_eq!(
        nc["auto_status"],
        common::requirement_json(&before, "8.1-02")["status"]
    );
    let note = nc["auditor_note"].as_str().unwrap();
    assert!(
        note.contains("not escalated") && note.contains("INC0012"),
        "{note}"
    );
    assert!(note.contains("Jane Auditor, 2026-03-05"), "{note}");
    let c = common::requirement_json(&a, "4.1.1-03");
    assert_eq!(c["basis"], "auditor");
    assert_eq!(c["status"], "conforming");
    assert!(c["auditor_note"].as_str().unwrap().contains("2026-03-04"));
    // The bad row was skipped: 4.1.1-04 keeps what the rules said.
    assert_eq!(
        common::requirement_json(&a, "4.1.1-04")["basis"],
        common::requirement_json(&before, "4.1.1-04")["basis"]
    );
    assert_eq!(a["summary"]["basis"]["auditor"], 2);

    // Two findings: the major on the requirement row, the minor from the findings sheet.
    let found = auditor_findings(&a);
    assert_eq!(found.len(), 2, "{found:#?}");
    let major = found.iter().find(|f| f["grade"] == "major").unwrap();
    assert_eq!(major["requirement"], "8.1-02");
    // Text that looks like a formula stays text.
    assert_eq!(
        major["statement"]["en"],
        "=Priority 1 incidents are not escalated to the duty manager"
    );
    assert_eq!(major["subject"], "worksheet:Jane Auditor");
    assert!(major["grading_rationale"]["en"]
        .as_str()
        .unwrap()
        .contains("by the auditor Jane Auditor on 2026-03-05"));
    let evidence = &major["evidence"][0];
    assert_eq!(evidence["path"], sheet.display().to_string());
    assert_eq!(evidence["sha256"], sha256(&sheet));
    assert_eq!(evidence["sheet"], "Requirements");
    assert_eq!(
        evidence["rows"],
        serde_json::json!([filled.nonconforming_row])
    );
    assert_eq!(
        evidence["locations"],
        serde_json::json!([
            "Interview with the service desk lead",
            "INC0012 and INC0047 reviewed"
        ])
    );
    assert!(nc["findings"].as_array().unwrap().contains(&major["id"]));
    let minor = found.iter().find(|f| f["grade"] == "minor").unwrap();
    assert_eq!(minor["requirement"], "8.2-01");
    assert_eq!(
        minor["recommendation"]["en"],
        "Update the capacity plan every year"
    );
    assert_eq!(minor["evidence"][0]["sheet"], "Auditor findings");
    assert_eq!(minor["evidence"][0]["rows"], serde_json::json!([2]));
    // Numbered with the others: ids run F-001… in grade order with no gap.
    let ids: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=ids.len()).map(|i| format!("F-{i:03}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        a["summary"]["counts"]["major"],
        before["summary"]["counts"]["major"].as_u64().unwrap() + 1
    );

    // The bad verdict is named by file, sheet and cell, in the run and in the assessment.
    let cell = format!("{}{}", filled.verdict_column, filled.bad_row);
    assert!(
        stderr.contains(&format!("sheet Requirements, cell {cell}: verdict \"passed\" is not one of conforming, partial, nonconforming, not_assessed; the row was skipped (EVD002)")),
        "{stderr}"
    );
    let warnings = a["evidence"]["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w["location"] == format!("Requirements!{cell}")
            && w["path"] == sheet.display().to_string()
            && w["code"] == "EVD002"));
    assert!(!stderr.contains(&format!(
        "{}{}",
        filled.verdict_column, filled.conforming_row
    )));

    // Every report shows the auditor's finding.
    let html = std::fs::read_to_string(dir.path().join("after/gap-analysis.en.html")).unwrap();
    assert!(html.contains("The capacity plan was last updated two years ago"));
    let report = dir.path().join("after/gap-analysis.en.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&report).unwrap();
    let in_xlsx = wb.worksheets().iter().any(|(_, range)| {
        range
            .used_cells()
            .any(|(_, _, c)| c.to_string().contains("The capacity plan was last updated"))
    });
    assert!(in_xlsx, "the finding is not in the xlsx report");
}

#[test]
fn a_worksheet_left_in_the_workspace_is_read_and_listed_as_evidence_not_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let sheet = generate(&ws, &dir.path().join("sheet"), &[]);
    fill_in(&sheet);
    // Renamed, so it is recognised by its structure, not its file name.
    let inside = ws.join("audits/fieldwork-notes.xlsx");
    std::fs::copy(&sheet, &inside).unwrap();
    let (a, stderr) = assess(&ws, &dir.path().join("out"), &[]);
    assert_eq!(common::requirement_json(&a, "8.1-02")["basis"], "auditor");
    assert!(
        stderr.contains("audits/fieldwork-notes.xlsx, sheet Requirements"),
        "{stderr}"
    );
    let ev = &a["evidence"];
    let listed = ev["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "audits/fieldwork-notes.xlsx")
        .expect("the worksheet is not listed as an evidence file");
    assert_eq!(listed["sha256"], sha256(&inside));
    for list in ["unrecognised_tables", "record_sets", "documents"] {
        assert!(
            !ev[list]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["path"] == "audits/fieldwork-notes.xlsx"),
            "the worksheet is among {list}"
        );
    }
    assert!(!ev["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["path"] == "audits/fieldwork-notes.xlsx"));
    let major = auditor_findings(&a)
        .into_iter()
        .find(|f| f["grade"] == "major")
        .unwrap()
        .clone();
    assert_eq!(major["evidence"][0]["path"], "audits/fieldwork-notes.xlsx");
    // Named again with --worksheet, it is read once.
    let (again, _) = assess(
        &ws,
        &dir.path().join("again"),
        &["--worksheet", inside.to_str().unwrap()],
    );
    assert_eq!(auditor_findings(&again).len(), 2);
}

#[test]
fn a_worksheet_for_another_catalogue_warns_and_reads_the_ids_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let sheet = generate(&ws, &dir.path().join("sheet"), &[]);
    fill_in(&sheet);
    let (a, stderr) = assess(
        &ws,
        &dir.path().join("out"),
        &["--edition", "2018", "--worksheet", sheet.to_str().unwrap()],
    );
    assert!(
        stderr.contains("the worksheet was made for catalogue iso20000-1-2011"),
        "{stderr}"
    );
    assert!(stderr.contains("(EVD003)"), "{stderr}");
    // Ids of the 2011 catalogue that 2018 lacks are named cell by cell; any that exist are read.
    assert!(
        stderr.contains("is not in catalogue iso20000-1-2018"),
        "{stderr}"
    );
    let read: usize = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["basis"] == "auditor")
        .count();
    let known = ["8.1-02", "4.1.1-03"]
        .iter()
        .filter(|id| {
            a["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == **id)
        })
        .count();
    assert_eq!(read, known);
}

/// Not a test: fills the worksheet at `$ISO20K_FILL_WORKSHEET` as the tests above do, for
/// `scripts/check-worksheet-in-libreoffice.sh`, which then re-saves it in LibreOffice.
#[test]
#[ignore = "run by scripts/check-worksheet-in-libreoffice.sh"]
fn fill_the_worksheet_named_by_the_environment() {
    let path = std::env::var("ISO20K_FILL_WORKSHEET")
        .expect("set ISO20K_FILL_WORKSHEET to the auditor-worksheet.xlsx to fill");
    let filled = fill_in(Path::new(&path));
    println!(
        "filled: verdicts on 8.1-02 (row {}) and 4.1.1-03 (row {}), a bad verdict in {}{}, a minor on the findings sheet",
        filled.nonconforming_row, filled.conforming_row, filled.verdict_column, filled.bad_row
    );
}
