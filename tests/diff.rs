//! `iso20k diff`: the northwind sample assessed, then a copy of it with two planted defects
//! fixed assessed again; the progress between the two, as text, JSON, workbook and PDF (en and
//! zh), with every number the one the two assessment.json files state. Needs poppler-utils
//! (pdftotext), as the other PDF tests do.

mod common;

use common::read_json;

use common::pdf_text;

use std::collections::BTreeSet;
use std::path::Path;

use common::{file, iso20k, northwind_fixed, sample, sheet};
use serde_json::Value;

/// Assesses `workspace` into `out` (JSON only, no cache) and returns its assessment.json.
fn assess(workspace: &Path, out: &Path) -> Value {
    common::assess_json(workspace, out, &["--format", "json", "--no-cache"])
}

/// The last row of a sheet whose first cell is `first` (the cover, at the top of the first
/// sheet, may hold a row of the same name).
fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .rev()
        .find(|r| r.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no row `{first}`"))
}

/// (code, requirement) of each finding of an assessment.
fn keys(findings: &Value) -> BTreeSet<(String, String)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["requirement"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn two_fixed_defects_show_as_closed_and_every_number_is_the_assessments() {
    let dir = tempfile::tempdir().unwrap();
    let old = assess(&sample("northwind-msp"), &dir.path().join("old"));
    let new = assess(&northwind_fixed(dir.path()), &dir.path().join("new"));
    let (old_file, new_file) = (
        dir.path().join("old/assessment.json"),
        dir.path().join("new/assessment.json"),
    );
    let out = dir.path().join("progress");
    let (code, stdout, stderr) = iso20k(&[
        "diff",
        old_file.to_str().unwrap(),
        new_file.to_str().unwrap(),
        "--format",
        "text,json,xlsx,pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    // Same organisation and catalogue: nothing to warn about.
    assert!(stderr.is_empty(), "{stderr}");

    // Every finding names what it is about.
    for f in new["findings"].as_array().unwrap() {
        assert!(
            f["subject"].as_str().is_some_and(|s| s.contains(':')),
            "{f}"
        );
    }

    let p = read_json(&out.join("progress.json"));
    let closed = BTreeSet::from([
        ("REC-PRB-NO-ROOT-CAUSE".to_string(), "8.2-02".to_string()),
        ("document_missing".to_string(), "6.5-02".to_string()),
    ]);
    let findings = p["findings"].as_array().unwrap();
    let with = |follow_up: &str| -> BTreeSet<(String, String)> {
        findings
            .iter()
            .filter(|f| f["follow_up"] == follow_up)
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["requirement"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(with("closed"), closed);
    let persisting = with("persisting");
    assert_eq!(persisting, keys(&new["findings"]));
    assert_eq!(
        keys(&old["findings"]),
        persisting.union(&closed).cloned().collect()
    );
    let n_old = old["findings"].as_array().unwrap().len();
    assert_eq!(
        p["follow_up"],
        serde_json::json!({"new": 0, "persisting": n_old - 2, "regraded": 0, "closed": 2})
    );
    // A persisting finding keeps its key though it was renumbered.
    let renumbered = findings
        .iter()
        .find(|f| f["code"] == "interval_gap")
        .unwrap();
    let id_in = |a: &Value| {
        a["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "interval_gap")
            .unwrap()["id"]
            .clone()
    };
    assert_eq!(renumbered["previous"]["id"], id_in(&old));
    assert_eq!(renumbered["current"]["id"], id_in(&new));
    assert_ne!(id_in(&old), id_in(&new), "the fixture no longer renumbers");

    // Scores and counts are each assessment's own.
    assert_eq!(p["score"]["before"], old["summary"]["score"]);
    assert_eq!(p["score"]["after"], new["summary"]["score"]);
    assert_eq!(p["previous"]["counts"], old["summary"]["counts"]);
    assert_eq!(p["current"]["counts"], new["summary"]["counts"]);
    assert_eq!(p["current"]["requirements"], new["summary"]["requirements"]);
    for clause in new["clauses"].as_array().unwrap() {
        let id = &clause["id"];
        let progress = p["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| &c["id"] == id)
            .unwrap();
        let before = old["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| &c["id"] == id)
            .unwrap();
        assert_eq!(progress["after"], clause["score"], "clause {id}");
        assert_eq!(progress["before"], before["score"], "clause {id}");
    }
    let changed: BTreeSet<&str> = p["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        changed.contains("6.5-02") && changed.contains("8.2-02"),
        "{changed:?}"
    );
    let evidence: Vec<(&str, &str)> = p["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        evidence,
        [
            ("plans/capacity-plan.md", "added"),
            ("records/jira-problems.csv", "changed")
        ]
    );

    // The text says the same.
    assert!(
        stdout.contains(&format!(
            "What became of the findings: 2 closed, 0 regraded, 0 new, {} persisting",
            n_old - 2
        )),
        "{stdout}"
    );
    let closed_lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("Closed"))
        .collect();
    assert_eq!(closed_lines.len(), 2, "{stdout}");
    assert!(closed_lines.iter().any(|l| l.contains("document_missing")));
    assert!(closed_lines
        .iter()
        .any(|l| l.contains("REC-PRB-NO-ROOT-CAUSE")));
    let score_line = format!(
        "{:.1} → {:.1}",
        old["summary"]["score"].as_f64().unwrap(),
        new["summary"]["score"].as_f64().unwrap()
    );
    assert!(stdout.contains(&score_line), "{stdout}");
    assert!(
        stdout.contains("Added    plans/capacity-plan.md"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("wrote {}", out.join("progress.en.pdf").display())));

    // The workbook reads back with the same numbers.
    let xlsx = out.join("progress.en.xlsx");
    let summary = sheet(&xlsx, "Summary");
    let score = row(&summary, "Verified score");
    let number = |s: &str| s.parse::<f64>().unwrap();
    assert_eq!(number(&score[1]), old["summary"]["score"].as_f64().unwrap());
    assert_eq!(number(&score[2]), new["summary"]["score"].as_f64().unwrap());
    let minor = row(&summary, "Minor nonconformity");
    assert_eq!(minor[1], old["summary"]["counts"]["minor"].to_string());
    assert_eq!(minor[2], new["summary"]["counts"]["minor"].to_string());
    let clauses = sheet(&xlsx, "Scores by clause");
    let capacity = row(&clauses, "6.5");
    let old_score = old["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "6.5")
        .unwrap()["score"]
        .to_string();
    assert_eq!(capacity[2], old_score);
    let follow_ups = sheet(&xlsx, "Findings");
    assert_eq!(follow_ups[0][0], "Follow-up");
    let count = |label: &str| follow_ups.iter().filter(|r| r[0] == label).count();
    assert_eq!((count("Closed"), count("Persisting")), (2, n_old - 2));
    let files = sheet(&xlsx, "Evidence");
    assert_eq!(row(&files, "plans/capacity-plan.md")[1], "Added");

    // The PDF is a progress report with a before/after chart of the clauses.
    let text = pdf_text(&out.join("progress.en.pdf"));
    assert!(text.contains("progress report"), "{text}");
    assert!(text.contains("Scores by clause, before and after"));
    assert!(text.contains("Earlier assessment (2026-10-15)"));

    // In Chinese too: another file name, so nothing is overwritten.
    let (code, stdout, stderr) = iso20k(&[
        "diff",
        old_file.to_str().unwrap(),
        new_file.to_str().unwrap(),
        "--format",
        "text,pdf",
        "--lang",
        "zh",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "发现项跟踪情况：已关闭2项，等级变化0项，新增0项，仍存在{}项",
            n_old - 2
        )),
        "{stdout}"
    );
    let text = pdf_text(&out.join("progress.zh.pdf"));
    assert!(text.contains("进展报告"), "{text}");
    assert!(text.contains("各条款得分前后对比"), "{text}");
    assert!(text.contains("已关闭"), "{text}");
}

#[test]
fn files_need_out_and_are_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    assess(&sample("tailored-scope"), &dir.path().join("a"));
    let a = dir.path().join("a/assessment.json");
    let a = a.to_str().unwrap();

    let (code, stdout, stderr) = iso20k(&["diff", a, a, "--format", "json"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("give --out DIR"), "{stderr}");

    let out = dir.path().join("progress");
    let json = out.join("progress.json");
    file(&json, b"mine");
    let args = [
        "diff",
        a,
        a,
        "--format",
        "json,xlsx",
        "--out",
        out.to_str().unwrap(),
    ];
    let (code, _, stderr) = iso20k(&args);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    // Nothing at all was written, not only the file in the way.
    assert_eq!(std::fs::read(&json).unwrap(), b"mine");
    assert!(!out.join("progress.en.xlsx").exists());

    let (code, _, stderr) = iso20k(&[&args[..], &["--force"]].concat());
    assert_eq!(code, 0, "{stderr}");
    let p = read_json(&json);
    // The same assessment twice: everything persists, nothing moved.
    assert_eq!(p["follow_up"]["closed"], 0);
    assert_eq!(p["follow_up"]["new"], 0);
    assert_eq!(p["score"]["change"], 0.0);
    assert!(p["evidence"].as_array().unwrap().is_empty());
    // Marked as iso20k's, so a progress report kept in a workspace is never read as evidence.
    assert!(std::fs::read_to_string(&json)
        .unwrap()
        .starts_with("{\n  \"tool\": {\n    \"name\": \"iso20k\","));
}

#[test]
fn unreadable_damaged_and_newer_assessments_are_refused_with_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let good = assess(&sample("tailored-scope"), &dir.path().join("a"));
    let good_file = dir.path().join("a/assessment.json");
    let missing = dir.path().join("nowhere/assessment.json");
    let damaged = dir.path().join("damaged.json");
    file(&damaged, b"{\n  \"tool\": 7\n}\n");
    let newer = dir.path().join("newer.json");
    let mut value = good.clone();
    value["schema_version"] = "2.0.0".into();
    file(&newer, value.to_string().as_bytes());

    let run =
        |old: &Path, new: &Path| iso20k(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    // Both files' problems at once, each with its code and the file it is about.
    let (code, stdout, stderr) = run(&missing, &damaged);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!("{}: error[CMP001]", missing.display())),
        "{stderr}"
    );
    assert!(stderr.contains("no such file"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:2:", damaged.display())) && stderr.contains("error[CMP002]"),
        "{stderr}"
    );
    assert!(stderr.contains("= help: "), "{stderr}");

    let (code, _, stderr) = run(&good_file, &newer);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error[CMP003]") && stderr.contains("2.0.0"),
        "{stderr}"
    );
    // A folder is not an assessment.
    let (code, _, stderr) = run(dir.path(), &good_file);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error[CMP001]") && stderr.contains("is a folder"),
        "{stderr}"
    );
}

#[test]
fn other_catalogues_organisations_and_dates_are_warned_about_and_still_compared() {
    let dir = tempfile::tempdir().unwrap();
    let current = assess(&sample("tailored-scope"), &dir.path().join("b"));
    let mut previous = current.clone();
    previous["catalogue"]["version"] = "2011.0.9".into();
    previous["organisation"] = "Someone Else Ltd".into();
    previous["assessment_date"] = "2027-01-01".into();
    let old = dir.path().join("old.json");
    file(&old, previous.to_string().as_bytes());
    let new = dir.path().join("b/assessment.json");
    let out = dir.path().join("progress");
    let (code, stdout, stderr) = iso20k(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "text,json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    for code in ["warning[CMP004]", "warning[CMP005]", "warning[CMP006]"] {
        assert!(stderr.contains(code), "{code} missing:\n{stderr}");
    }
    assert!(stderr.contains("compared by id"), "{stderr}");
    assert!(stdout.contains("0 closed, 0 regraded, 0 new"), "{stdout}");
    let p = read_json(&out.join("progress.json"));
    assert_eq!(p["warnings"].as_array().unwrap().len(), 3);
}

#[test]
fn every_comparison_code_is_explained() {
    for code in ["CMP001", "CMP002", "CMP003", "CMP004", "CMP005", "CMP006"] {
        let (status, stdout, stderr) = iso20k(&["explain", code]);
        assert_eq!(status, 0, "{code}: {stderr}");
        assert!(stdout.starts_with(code), "{stdout}");
        assert!(stdout.contains("comparison diagnostic"), "{stdout}");
    }
}
