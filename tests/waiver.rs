//! Waivers (risk acceptance): a valid waiver on a minor keeps the finding in the report,
//! marked accepted, and out of the verdict until its date; an expired one counts again; a
//! waiver on a major, or on a minor counted inside a major, is refused and the finding counts.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, finding, iso20k};
use serde_json::Value;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-samples")
        .join(name)
}

/// Copies sample `name` to `dir`, appends `waivers` to its manifest, assesses it, and
/// returns assessment.json.
fn assess_with(dir: &Path, name: &str, waivers: &str) -> Value {
    assess_with_files(dir, name, waivers, &[])
}

/// Like [`assess_with`], with `files` (path, content) added to the copy.
fn assess_with_files(dir: &Path, name: &str, waivers: &str, files: &[(String, String)]) -> Value {
    let ws = dir.join("ws");
    copy_dir(&sample(name), &ws);
    for (path, content) in files {
        common::file(&ws.join(path), content.as_bytes());
    }
    let manifest = ws.join("assessment.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(waivers);
    std::fs::write(&manifest, text).unwrap();
    let out = dir.join("out");
    let (code, stdout, stderr) = iso20k(&[
        "assess",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
        "--format",
        "json,xlsx",
    ]);
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
    assert!(
        !stderr.contains("matches no finding"),
        "every waiver of these tests names a finding: {stderr}"
    );
    serde_json::from_str(&std::fs::read_to_string(out.join("assessment.json")).unwrap()).unwrap()
}

fn waiver(code: &str, requirement: &str, until: &str) -> String {
    format!(
        "\n[[waiver]]\nfinding = \"{code}\"\nrequirement = \"{requirement}\"\nreason = \"Accepted pending the tool migration\"\napproved_by = \"Chief Operating Officer\"\nuntil = {until}\n"
    )
}

#[test]
fn accepted_minors_leave_the_verdict_until_their_date() {
    // Huaxia (assessed 2026-11-10) has three minors and no major: ready with minors.
    let dir = tempfile::tempdir().unwrap();
    let waivers = [
        waiver("REC-TRN-NOT-EVALUATED", "4.4.2-04", "2027-03-31"),
        waiver("document_elements_missing", "4.5.2-03", "2027-03-31"),
        waiver("REC-CHG-APPROVAL-AFTER-IMPL", "9.2-09", "2027-03-31"),
    ]
    .concat();
    let a = assess_with(dir.path(), "huaxia-cloud", &waivers);
    assert_eq!(a["summary"]["verdict"], "ready", "{:#?}", a["summary"]);
    assert_eq!(a["summary"]["counts"]["minor"], 0);
    // The findings stay in the report, marked, with who accepted them and why.
    let f = finding(&a, "REC-CHG-APPROVAL-AFTER-IMPL", "9.2-09");
    assert_eq!(f["grade"], "minor");
    assert_eq!(f["waiver"]["status"], "accepted");
    assert_eq!(f["waiver"]["approved_by"], "Chief Operating Officer");
    assert_eq!(f["waiver"]["until"], "2027-03-31");
    let workbook = dir.path().join("out/internal-audit.en.xlsx");
    let bytes = std::fs::read(workbook).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(
        strings.contains("Accepted by Chief Operating Officer until 2027-03-31"),
        "the workbook says the finding is accepted"
    );

    // Once the date has passed, the same finding counts again.
    let dir = tempfile::tempdir().unwrap();
    let a = assess_with(
        dir.path(),
        "huaxia-cloud",
        &waiver("REC-CHG-APPROVAL-AFTER-IMPL", "9.2-09", "2026-10-31"),
    );
    assert_eq!(a["summary"]["verdict"], "ready_with_minor");
    assert_eq!(a["summary"]["counts"]["minor"], 3);
    assert_eq!(
        finding(&a, "REC-CHG-APPROVAL-AFTER-IMPL", "9.2-09")["waiver"]["status"],
        "expired"
    );
}

#[test]
fn a_waiver_on_a_major_or_inside_one_is_refused() {
    // Three more incident exports, each with one incident closed before it was resolved: three
    // related minors against 8.1-03, escalated into one major.
    let files: Vec<(String, String)> = common::closure_lapse_exports("INX", "2026-08")
        .into_iter()
        .map(|(path, csv)| (format!("records/{path}"), csv))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let waivers = [
        waiver("escalated_minors", "8.1-03", "2027-03-31"),
        waiver("REC-INC-CLOSURE", "8.1-03", "2027-03-31"),
    ]
    .concat();
    let a = assess_with_files(dir.path(), "northwind-msp", &waivers, &files);
    let major = finding(&a, "escalated_minors", "8.1-03");
    assert_eq!(major["waiver"]["status"], "refused");
    assert!(major["waiver"]["note"]["en"]
        .as_str()
        .unwrap()
        .contains("must be corrected"));
    let inside = finding(&a, "REC-INC-CLOSURE", "8.1-03");
    assert_eq!(inside["waiver"]["status"], "refused");
    assert_eq!(a["summary"]["counts"]["major"], 1);
    assert_eq!(a["summary"]["verdict"], "not_ready");
}

#[test]
fn a_waiver_that_names_no_finding_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&sample("huaxia-cloud"), &ws);
    let manifest = ws.join("assessment.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    // A real requirement, but no interval_gap finding on it.
    text.push_str(&waiver("interval_gap", "4.4.2-04", "2027-03-31"));
    std::fs::write(&manifest, text).unwrap();
    let (code, _, stderr) = iso20k(&[
        "assess",
        ws.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(
        stderr.contains("the waiver of `interval_gap` on 4.4.2-04 matches no finding"),
        "{stderr}"
    );
}

#[test]
fn a_waiver_naming_an_unknown_requirement_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&sample("huaxia-cloud"), &ws);
    let manifest = ws.join("assessment.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    let line = text.lines().count() + 4;
    text.push_str(&waiver("interval_gap", "99.9-01", "2027-03-31"));
    std::fs::write(&manifest, text).unwrap();
    let (code, _, stderr) = iso20k(&[
        "assess",
        ws.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("assessment.toml:{line}")) && stderr.contains("99.9-01"),
        "{stderr}"
    );
}
