//! Editions: the 2018 catalogue is built in beside 2011's and valid; `--edition`, the
//! manifest's `edition` and the assessment's own catalogue choose between them; every bundled
//! sample assesses against 2018, with findings citing 2018 ids; the no-exclusion rule holds
//! for clauses 4-10; and the reports, in both languages, name the edition assessed.

mod common;

use common::root;

use std::collections::BTreeSet;
use std::path::Path;

use common::iso20k;
use serde_json::Value;

const SAMPLES: [&str; 4] = [
    "northwind-msp",
    "huaxia-cloud",
    "tailored-scope",
    "northwind-2018",
];

/// Every leaf subclause of ISO/IEC 20000-1:2018 clauses 4-10, from the clause tree of the
/// domain reference (written out here, not read from the catalogue under test).
const LEAVES_2018: &[&str] = &[
    "4.1", "4.2", "4.3", "4.4", "5.1", "5.2.1", "5.2.2", "5.3", "6.1", "6.2.1", "6.2.2", "6.3",
    "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "7.5.4", "7.6", "8.1", "8.2.1", "8.2.2",
    "8.2.3", "8.2.4", "8.2.5", "8.2.6", "8.3.1", "8.3.2", "8.3.3", "8.3.4.1", "8.3.4.2", "8.4.1",
    "8.4.2", "8.4.3", "8.5.1.1", "8.5.1.2", "8.5.1.3", "8.5.2.1", "8.5.2.2", "8.5.2.3", "8.5.3",
    "8.6.1", "8.6.2", "8.6.3", "8.7.1", "8.7.2", "8.7.3.1", "8.7.3.2", "8.7.3.3", "9.1", "9.2",
    "9.3", "9.4", "10.1", "10.2",
];

fn sample(name: &str) -> String {
    root()
        .join("evidence-samples")
        .join(name)
        .display()
        .to_string()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Runs `assess WORKSPACE --out OUT EXTRA…` quietly without the cache, expecting success
/// (exit 0, or 1 for findings): the assessment and stderr.
fn assess(workspace: &str, out: &Path, extra: &[&str]) -> (Value, String) {
    let run = common::assess_run(
        Path::new(workspace),
        out,
        &[&["--no-cache", "--quiet"], extra].concat(),
    );
    (run.json, run.stderr)
}

/// The ids of a catalogue as `catalogue list --edition EDITION --format json` gives them:
/// (clauses, requirements).
fn listed(edition: &str) -> Value {
    let (code, stdout, stderr) = iso20k(&[
        "catalogue",
        "list",
        "--edition",
        edition,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    json(&stdout)
}

fn ids(list: &Value, key: &str) -> BTreeSet<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

/// A workspace with only a manifest: `body` follows the organisation and date.
fn manifest_only(dir: &Path, body: &str) -> String {
    common::file(
        &dir.join("assessment.toml"),
        format!("organisation = \"Edition Test Ltd\"\nassessment_date = 2026-06-30\n{body}")
            .as_bytes(),
    );
    dir.display().to_string()
}

#[test]
fn the_2018_catalogue_validates_from_its_folder_and_built_in() {
    let folder = root()
        .join("controls/iso20000-1-2018")
        .display()
        .to_string();
    let (code, stdout, stderr) = iso20k(&["catalogue", "validate", &folder]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("valid — iso20000-1-2018"), "{stdout}");
    let (code, stdout, stderr) = iso20k(&["catalogue", "validate", "--edition", "2018"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("ISO/IEC 20000-1:2018") && stdout.contains("valid"),
        "{stdout}"
    );
    // Without a folder or an edition, the default is still 2011.
    let (code, stdout, _) = iso20k(&["catalogue", "validate"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("iso20000-1-2011"), "{stdout}");
}

#[test]
fn the_2018_list_has_every_leaf_of_clauses_4_to_10_and_each_requirement_is_bilingual_and_mapped_or_new(
) {
    let list = listed("2018");
    assert_eq!(list["catalogue"]["id"], "iso20000-1-2018");
    assert_eq!(
        list["catalogue"]["edition"],
        "ISO/IEC 20000-1:2018 + Amd 1:2024"
    );
    let clauses = list["clauses"].as_array().unwrap();
    let parents: BTreeSet<&str> = clauses
        .iter()
        .filter_map(|c| c["parent"].as_str())
        .collect();
    let leaves: BTreeSet<&str> = clauses
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .filter(|id| !parents.contains(id))
        .collect();
    let expected: BTreeSet<&str> = LEAVES_2018.iter().copied().collect();
    assert_eq!(leaves, expected, "leaf subclauses of clauses 4-10");
    let tops: Vec<&str> = clauses
        .iter()
        .filter(|c| c["parent"].is_null())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(tops, ["4", "5", "6", "7", "8", "9", "10"]);

    let clauses_2011 = ids(&listed("2011"), "clauses");
    let requirements = list["requirements"].as_array().unwrap();
    let mut with_requirements = BTreeSet::new();
    let mut new = 0;
    for r in requirements {
        let id = r["id"].as_str().unwrap();
        with_requirements.insert(r["clause"].as_str().unwrap());
        for key in ["text", "typical_evidence"] {
            for lang in ["en", "zh"] {
                let text = r[key][lang].as_str().unwrap_or("");
                assert!(!text.trim().is_empty(), "{id}: no {key}.{lang}");
            }
        }
        assert!(!r["tailorable"].as_bool().unwrap(), "{id} is tailorable");
        let mapped = r["mappings"]["iso20000_2011"]
            .as_array()
            .unwrap_or_else(|| panic!("{id} has no iso20000_2011 mapping (not even an empty one)"));
        // What the obligation owes to 2011 is data: new derives from nothing and maps to no
        // 2011 clause; changed and carried over derive from 2011 requirements.
        let change = r["transition"]["change"]
            .as_str()
            .unwrap_or_else(|| panic!("{id} does not say what it owes to 2011"));
        let from = r["transition"]["from"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if change == "new" {
            new += 1;
            assert!(
                mapped.is_empty() && from.is_empty(),
                "{id} is new but derives from 2011"
            );
        } else {
            assert!(
                ["changed", "carried_over"].contains(&change) && !from.is_empty(),
                "{id}: `{change}` from {from:?}"
            );
        }
        for m in mapped {
            let m = m.as_str().unwrap();
            assert!(
                clauses_2011.contains(m),
                "{id} maps to 2011 `{m}`, which is not a 2011 clause"
            );
        }
    }
    assert!(
        new > 0,
        "the 2018 edition has obligations with no 2011 counterpart"
    );
    for leaf in LEAVES_2018 {
        assert!(
            with_requirements.contains(leaf),
            "{leaf} has no requirement"
        );
    }
}

#[test]
fn every_sample_assesses_against_2018_with_findings_citing_2018_ids() {
    let list = listed("2018");
    let requirements_2018 = ids(&list, "requirements");
    let clauses_2018 = ids(&list, "clauses");
    for name in SAMPLES {
        let out = tempfile::tempdir().unwrap();
        let (a, _) = assess(&sample(name), out.path(), &["--edition", "2018"]);
        assert_eq!(a["catalogue"]["id"], "iso20000-1-2018", "{name}");
        assert_eq!(
            a["catalogue"]["edition"], "ISO/IEC 20000-1:2018 + Amd 1:2024",
            "{name}"
        );
        assert_eq!(
            a["requirements"].as_array().unwrap().len(),
            requirements_2018.len(),
            "{name}: every 2018 requirement is judged"
        );
        let findings = a["findings"].as_array().unwrap();
        // A workspace written for 2011 has gaps against 2018; the one written for 2018 none.
        assert_eq!(findings.is_empty(), name == "northwind-2018", "{name}");
        for f in findings {
            let cited: Vec<&str> = f["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .chain(std::iter::once(f["requirement"].as_str().unwrap()))
                .collect();
            for r in cited {
                assert!(
                    requirements_2018.contains(r),
                    "{name}: {} cites `{r}`, not a 2018 requirement",
                    f["id"]
                );
            }
            assert!(
                clauses_2018.contains(f["clause"].as_str().unwrap()),
                "{name}: {}",
                f["id"]
            );
        }
    }
}

#[test]
fn the_2011_exclusion_of_the_tailored_sample_is_carried_to_2018_and_refused() {
    let out = tempfile::tempdir().unwrap();
    let (a, _) = assess(
        &sample("tailored-scope"),
        out.path(),
        &["--edition", "2018"],
    );
    let refused: Vec<&Value> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "exclusion_not_permitted")
        .collect();
    assert_eq!(refused.len(), 1, "one exclusion, one finding");
    let f = refused[0];
    assert_eq!(f["grade"], "major");
    // 6.4 of 2011 (budgeting and accounting) is 8.4.1 of 2018.
    assert!(f["requirement"].as_str().unwrap().starts_with("8.4.1-"));
    let statement = f["statement"]["en"].as_str().unwrap();
    assert!(
        statement.contains("6.4") && statement.contains("8.4.1") && statement.contains("4-10"),
        "{statement}"
    );
    let decision = &a["tailoring"][0];
    assert_eq!(decision["target"], "6.4");
    assert!(decision["decision"]["en"]
        .as_str()
        .unwrap()
        .starts_with("Rejected: nothing in clauses 4-10 may be excluded"));
    assert_eq!(decision["finding"], f["id"]);
    // What the 2011 ids became is said, not silent.
    let notes = a["evidence"]["notes"].to_string();
    assert!(
        notes.contains("6.4 of ISO/IEC 20000-1:2011 is read as 8.4.1"),
        "{notes}"
    );
}

#[test]
fn an_exclusion_from_clauses_4_to_10_of_a_2018_workspace_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = manifest_only(
        &dir.path().join("ws"),
        "edition = \"2018\"\n\n[[exclusion]]\ntarget = \"10.2\"\nreason = \"We improve when we can\"\n\n[[exclusion]]\ntarget = \"7.6-01\"\nreason = \"Not applicable to us\"\n",
    );
    let out = dir.path().join("out");
    let (a, _) = assess(&ws, &out, &[]);
    assert_eq!(a["catalogue"]["id"], "iso20000-1-2018");
    let refused: Vec<&Value> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "exclusion_not_permitted")
        .collect();
    assert_eq!(refused.len(), 2);
    for f in &refused {
        assert_eq!(f["grade"], "major");
        assert!(f["statement"]["en"]
            .as_str()
            .unwrap()
            .contains("clause 1.2 allows no exclusion from clauses 4-10"));
    }
    assert!(refused.iter().any(|f| f["requirement"] == "10.2-01"));
    assert!(refused.iter().any(|f| f["requirement"] == "7.6-01"));
    // What a plain exclusion tried to remove stays in scope, recorded as not met.
    let status = |id: &str| {
        a["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["status"].clone())
            .unwrap()
    };
    assert_eq!(status("7.6-01"), "nonconforming");
    assert_eq!(status("10.2-01"), "nonconforming");
    for d in a["tailoring"].as_array().unwrap() {
        assert!(d["decision"]["en"]
            .as_str()
            .unwrap()
            .starts_with("Rejected"));
        assert!(d["decision"]["zh"]
            .as_str()
            .unwrap()
            .contains("第4至10章的任何要求均不得删减"));
    }
}

#[test]
fn a_2018_assessment_reports_name_the_2018_edition_in_english_and_chinese() {
    let dir = tempfile::tempdir().unwrap();
    for (name, kind) in [
        ("northwind-msp", "gap-analysis"),
        ("huaxia-cloud", "internal-audit"),
    ] {
        let out = dir.path().join(name);
        let (a, _) = assess(
            &sample(name),
            &out,
            &["--edition", "2018", "--format", "json,html"],
        );
        assert_eq!(
            a["catalogue"]["edition"],
            "ISO/IEC 20000-1:2018 + Amd 1:2024"
        );
        // `report` finds the 2018 catalogue from the assessment alone.
        let assessment = out.join("assessment.json").display().to_string();
        let zh_out = dir.path().join(format!("{name}-zh"));
        let (code, stdout, stderr) = iso20k(&[
            "report",
            &assessment,
            "--out",
            &zh_out.display().to_string(),
            "--lang",
            "zh",
            "--format",
            "html,json",
        ]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(
            !stderr.contains("not the one loaded"),
            "report loaded another catalogue: {stderr}"
        );
        let rejson = json(&std::fs::read_to_string(zh_out.join("assessment.json")).unwrap());
        assert_eq!(rejson["catalogue"]["id"], "iso20000-1-2018");
        assert_eq!(
            rejson["catalogue"]["edition"],
            "ISO/IEC 20000-1:2018 + Amd 1:2024"
        );

        let en = std::fs::read_to_string(out.join(format!("{kind}.en.html"))).unwrap();
        let zh = std::fs::read_to_string(zh_out.join(format!("{kind}.zh.html"))).unwrap();
        let (title_en, title_zh) = match kind {
            "gap-analysis" => (
                "ISO/IEC 20000-1:2018 + Amd 1:2024 gap analysis",
                "ISO/IEC 20000-1:2018 + Amd 1:2024 差距分析报告",
            ),
            _ => (
                "ISO/IEC 20000-1:2018 + Amd 1:2024 internal audit report",
                "ISO/IEC 20000-1:2018 + Amd 1:2024 内部审核报告",
            ),
        };
        assert!(
            en.contains(&format!("<title>{title_en}")),
            "{name} en title"
        );
        assert!(
            zh.contains(&format!("<title>{title_zh}")),
            "{name} zh title"
        );
        for html in [&en, &zh] {
            assert!(
                !html.contains("20000-1:2011 "),
                "{name}: a report names 2011"
            );
            assert!(!html.contains("4-9") && !html.contains("4至9"), "{name}");
        }
        if kind == "internal-audit" {
            assert!(
                en.contains("ISO/IEC 20000-1:2018 + Amd 1:2024 clauses 4-10;"),
                "{name}: criteria"
            );
            assert!(
                zh.contains("ISO/IEC 20000-1:2018 + Amd 1:2024第4至10章；"),
                "{name}: 准则"
            );
            // The internal-audit clause of 2018 (9.2), not 2011's 4.5.4.2.
            assert!(en.contains("maintained (9.2)"), "{name}: objectives");
            assert!(!en.contains("4.5.4.2") && !zh.contains("4.5.4.2"), "{name}");
        } else {
            assert!(
                en.contains("Every obligation of clauses 4-10"),
                "{name}: method"
            );
            assert!(zh.contains("对第4至10章的每项要求"), "{name}: 方法");
        }
    }
}

#[test]
fn the_manifest_edition_is_the_default_and_the_edition_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = manifest_only(&dir.path().join("ws"), "edition = \"2018\"\n");
    let (a, _) = assess(&ws, &dir.path().join("default"), &[]);
    assert_eq!(a["catalogue"]["id"], "iso20000-1-2018");
    let (a, _) = assess(&ws, &dir.path().join("flag"), &["--edition", "2011"]);
    assert_eq!(a["catalogue"]["id"], "iso20000-1-2011");
    assert_eq!(a["catalogue"]["edition"], "ISO/IEC 20000-1:2011");
    // No edition anywhere: 2011.
    let plain = manifest_only(&dir.path().join("plain"), "");
    let (a, _) = assess(&plain, &dir.path().join("plain-out"), &[]);
    assert_eq!(a["catalogue"]["id"], "iso20000-1-2011");
    // A catalogue folder wins over the manifest's edition.
    let folder = root()
        .join("controls/iso20000-1-2011")
        .display()
        .to_string();
    let (a, _) = assess(&ws, &dir.path().join("folder"), &["--catalogue", &folder]);
    assert_eq!(a["catalogue"]["id"], "iso20000-1-2011");
}

#[test]
fn an_unknown_edition_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let plain = manifest_only(&dir.path().join("plain"), "");
    let out = dir.path().join("out").display().to_string();
    for args in [
        vec![
            "assess",
            plain.as_str(),
            "--out",
            out.as_str(),
            "--edition",
            "2015",
        ],
        vec!["catalogue", "list", "--edition", "2015"],
        vec!["catalogue", "validate", "--edition", "2015"],
    ] {
        let (code, stdout, stderr) = iso20k(&args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains("--edition 2015")
                && stderr.contains("`2015` is not an edition")
                && stderr.contains(
                    "2011 (ISO/IEC 20000-1:2011) and 2018 (ISO/IEC 20000-1:2018 + Amd 1:2024)"
                ),
            "{args:?}: {stderr}"
        );
    }
    // In the manifest: MAN005 at the line that says it.
    let bad = manifest_only(
        &dir.path().join("bad"),
        "kind = \"gap\"\nedition = \"2015\"\n",
    );
    let (code, _, stderr) = iso20k(&["assess", &bad, "--out", &out]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("assessment.toml:4:1: error[MAN005]") && stderr.contains("`2015`"),
        "{stderr}"
    );
}
