//! The current edition as certification bodies audit it: ISO/IEC 20000-1:2018 with Amd 1:2024
//! in the catalogue, no unverified numbering shown to users, new workspaces on 2018, and the
//! withdrawn 2011 edition said to be withdrawn wherever an assessment against it is read.

mod common;

use std::path::Path;

use common::iso20k;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (code, out, err) = iso20k(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_climate_change_requirement_of_amd_1_is_listed_in_both_languages() {
    let list = json(&["catalogue", "list", "--edition", "2018", "--format", "json"]);
    assert!(
        list["catalogue"]["edition"]
            .as_str()
            .unwrap()
            .contains("Amd 1:2024"),
        "{}",
        list["catalogue"]
    );
    let requirements = list["requirements"].as_array().unwrap();
    let climate = requirements
        .iter()
        .find(|r| r["id"] == "4.1-03")
        .expect("4.1-03 is listed");
    assert_eq!(climate["clause"], "4.1");
    assert!(climate["text"]["en"]
        .as_str()
        .unwrap()
        .contains("climate change"));
    assert!(climate["text"]["zh"].as_str().unwrap().contains("气候变化"));
    assert_eq!(climate["transition"]["change"], "new");
    assert_eq!(climate["transition"]["amendment"], "Amd 1:2024");
    // The 4.2 note is guidance on a requirement, not a requirement of its own.
    let parties = requirements.iter().find(|r| r["id"] == "4.2-02").unwrap();
    assert!(parties["guidance"]["en"]
        .as_str()
        .unwrap()
        .contains("climate change"));
    assert!(parties["guidance"]["zh"]
        .as_str()
        .unwrap()
        .contains("气候变化"));
    assert_eq!(
        requirements
            .iter()
            .filter(|r| r["text"]["en"].as_str().unwrap().contains("climate"))
            .count(),
        1
    );
    let (_, zh, _) = iso20k(&[
        "catalogue",
        "show",
        "4.1-03",
        "--edition",
        "2018",
        "--lang",
        "zh",
    ]);
    assert!(zh.contains("气候变化") && zh.contains("Amd 1:2024"), "{zh}");
}

#[test]
fn no_text_a_user_reads_says_a_numbering_or_wording_is_to_verify() {
    for edition in ["2011", "2018"] {
        for lang in ["en", "zh"] {
            let (_, text, _) = iso20k(&["catalogue", "list", "--edition", edition, "--lang", lang]);
            let (_, listed, _) = iso20k(&[
                "catalogue",
                "list",
                "--edition",
                edition,
                "--format",
                "json",
            ]);
            let list: Value = serde_json::from_str(&listed).unwrap();
            let mut shown = text + &listed;
            // `show` prints what `list` does not: the review notes, where doubts used to be.
            for r in list["requirements"].as_array().unwrap() {
                if r.get("review").is_some() || r["elements"].to_string().contains("review") {
                    let id = r["id"].as_str().unwrap();
                    shown += &iso20k(&[
                        "catalogue",
                        "show",
                        id,
                        "--edition",
                        edition,
                        "--lang",
                        lang,
                    ])
                    .1;
                }
            }
            for needle in [
                "numbering to verify",
                "wording to verify",
                "to verify against",
                "待核实",
                "需对照正式标准核实",
                "uncertain",
            ] {
                assert!(
                    !shown.contains(needle),
                    "{edition} {lang}: `{needle}` is shown"
                );
            }
        }
    }
    // The doubts are the maintainers' business: `catalogue validate` lists them as notes.
    let (code, notes, err) = iso20k(&["catalogue", "validate", "--edition", "2018"]);
    assert_eq!(code, 0, "{err}");
    assert!(notes.contains("note: 8.3.1-01 is under review:"), "{notes}");
}

#[test]
fn six_one_is_one_leaf_and_its_former_ids_are_still_read() {
    let list = json(&["catalogue", "list", "--edition", "2018", "--format", "json"]);
    let clauses: Vec<&str> = list["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(clauses.contains(&"6.1") && !clauses.iter().any(|c| c.starts_with("6.1.")));
    let (code, shown, err) = iso20k(&["catalogue", "show", "6.1.2-03", "--edition", "2018"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        shown.starts_with("6.1-05 ") && shown.contains("6.1.2-03"),
        "{shown}"
    );

    // A register written against catalogue 2018.1.0 names 6.1.2-03: read as 6.1-05, said.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), b"edition = \"2018\"\n");
    common::file(
        &ws.join("risk/risk-criteria.md"),
        b"# Risk acceptance criteria\n\nVersion 1.0\n",
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
            ],
            vec![
                "6.1.2-03",
                "Risk criteria",
                "risk/risk-criteria.md",
                "Conforming",
            ],
        ],
    );
    let (code, out, err) = iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("`6.1.2-03` is the former id of requirement `6.1-05`"),
        "{out}"
    );
    let reports = dir.path().join("out");
    let (code, _, err) = iso20k(&[
        "assess",
        ws.to_str().unwrap(),
        "--out",
        reports.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let assessment: Value =
        serde_json::from_slice(&std::fs::read(reports.join("assessment.json")).unwrap()).unwrap();
    let criteria = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "6.1-05")
        .unwrap();
    assert_ne!(criteria["basis"], "not_assessed", "{criteria}");
}

#[test]
fn a_context_analysis_is_asked_whether_climate_change_is_relevant() {
    let run = |analysis: &str| -> Value {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        common::file(&ws.join("assessment.toml"), b"edition = \"2018\"\n");
        common::file(&ws.join("context/context-analysis.md"), analysis.as_bytes());
        let out = dir.path().join("out");
        let (code, _, err) = iso20k(&[
            "assess",
            ws.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(code == 0 || code == 1, "{err}");
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap()
    };
    let climate_findings = |a: &Value| -> Vec<String> {
        a["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["requirement"] == "4.1-03")
            .map(|f| format!("{} {}", f["code"], f["statement"]["en"]))
            .collect()
    };
    let silent = run("# Context analysis\n\nVersion 1.2\n\n## External issues\n\nMarket consolidation; new data-protection rules.\n\n## Internal issues\n\nTooling, skills.\n");
    let found = climate_findings(&silent);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("document_topics_missing")
            && found[0].contains("whether climate change is a relevant issue"),
        "{found:?}"
    );
    let said = run("# Context analysis\n\nVersion 1.3\n\n## External issues\n\nClimate change: judged relevant; heat waves threaten the Leeds data centre's cooling.\n");
    assert!(climate_findings(&said).is_empty());
}

fn init(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["init", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, _, err) = iso20k(&args);
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(dir.join("assessment.toml")).unwrap()
}

#[test]
fn a_new_workspace_is_on_the_current_edition() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = init(&dir.path().join("acme"), &[]);
    let parsed: toml::Table = manifest.parse().unwrap();
    assert_eq!(parsed["edition"].as_str(), Some("2018"));
    // The examples name clauses of the edition written: 8.4.1 budgeting, not 2011's 6.4.
    assert!(manifest.contains("# target = \"8.4.1\""), "{manifest}");
    let older = init(&dir.path().join("legacy"), &["--edition", "2011"]);
    let parsed: toml::Table = older.parse().unwrap();
    assert_eq!(parsed["edition"].as_str(), Some("2011"));
    assert!(older.contains("# target = \"6.4\""));
    let (code, _, err) = iso20k(&[
        "init",
        dir.path().join("x").to_str().unwrap(),
        "--edition",
        "2005",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("2018") && err.contains("2011"), "{err}");
}

#[test]
fn every_example_in_the_template_uncomments_into_a_valid_manifest() {
    for edition in ["2018", "2011"] {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("acme");
        let manifest = init(&ws, &["--edition", edition]);
        // An example is a commented key or table line; prose comments stay comments.
        let uncommented: String = manifest
            .lines()
            .map(|line| {
                let body = line.strip_prefix("# ").unwrap_or(line);
                let is_table = body.starts_with('[') && body.trim_end().ends_with(']');
                let is_key = body.split_once(" = ").is_some_and(|(key, _)| {
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                });
                if line.starts_with("# ") && (is_table || is_key) {
                    body.to_string()
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(ws.join("assessment.toml"), &uncommented).unwrap();
        // The file the example mapping names.
        common::file(
            &ws.join("exports/tickets.csv"),
            b"Ticket,Logged on\nT-1,2026-01-05\n",
        );
        let (code, out, err) = iso20k(&["evidence", ws.to_str().unwrap()]);
        assert_eq!(code, 0, "{edition}: {err}\n{out}\n{uncommented}");
        assert!(!err.contains("MAN"), "{edition}: {err}");
    }
}

#[test]
fn an_assessment_against_2011_says_the_edition_is_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = common::sample("huaxia-cloud");
    let (code, console, err) = iso20k(&[
        "assess",
        sample.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json,html",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(
        console.contains("ISO/IEC 20000-1:2011 is withdrawn"),
        "{console}"
    );
    let assessment: Value =
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(assessment["catalogue"]["withdrawn"]["date"], "2021-09-30");
    let html = std::fs::read_to_string(out.join("internal-audit.en.html")).unwrap();
    assert!(html.contains("ISO/IEC 20000-1:2011 is withdrawn"));
    let (code, _, err) = iso20k(&[
        "report",
        out.join("assessment.json").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "zh",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    let zh = std::fs::read_to_string(out.join("internal-audit.zh.html")).unwrap();
    assert!(zh.contains("已作废"));

    // The current edition carries no such note.
    let current = dir.path().join("current");
    let (_, console, _) = iso20k(&[
        "assess",
        common::sample("northwind-2018").to_str().unwrap(),
        "--out",
        current.to_str().unwrap(),
    ]);
    assert!(!console.contains("withdrawn"), "{console}");
}
