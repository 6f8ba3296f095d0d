//! The shipped catalogue is complete and valid; broken catalogues are diagnosed precisely.

use std::collections::BTreeSet;
use std::process::Command;

use iso20k::catalogue::Catalogue;

fn iso20k(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run iso20k");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const LEAF_SUBCLAUSES: [&str; 39] = [
    "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2", "4.3.1", "4.3.2", "4.3.3", "4.4.1", "4.4.2",
    "4.5.1", "4.5.2", "4.5.3", "4.5.4.1", "4.5.4.2", "4.5.4.3", "4.5.5.1", "4.5.5.2", "5.1", "5.2",
    "5.3", "5.4", "6.1", "6.2", "6.3.1", "6.3.2", "6.3.3", "6.4", "6.5", "6.6.1", "6.6.2", "6.6.3",
    "7.1", "7.2", "8.1", "8.2", "9.1", "9.2", "9.3",
];

#[test]
fn shipped_catalogue_is_complete() {
    let cat = Catalogue::builtin().expect("the shipped catalogue is valid");
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);

    let leaves: BTreeSet<&str> = cat
        .clauses
        .iter()
        .filter(|c| cat.is_leaf(&c.id))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(leaves, LEAF_SUBCLAUSES.into_iter().collect());
    for leaf in LEAF_SUBCLAUSES {
        assert!(
            cat.requirements.iter().any(|r| r.clause == leaf),
            "{leaf} has no requirement"
        );
    }

    assert!(cat.requirements.len() >= 250, "{}", cat.requirements.len());
    for r in &cat.requirements {
        assert!(
            !r.text.en.trim().is_empty() && !r.text.zh.trim().is_empty(),
            "{}",
            r.id
        );
        assert!(!r.typical_evidence.en.is_empty() && !r.typical_evidence.zh.is_empty());
        let top: u32 = r.clause.split('.').next().unwrap().parse().unwrap();
        assert!((4..=9).contains(&top));
        assert!(!r.tailorable, "{} is tailorable", r.id);
        assert_eq!(r.other_party_allowed, top != 4, "{}", r.id);
        for el in &r.elements {
            assert!(
                !el.text.en.is_empty() && !el.text.zh.is_empty(),
                "{}.{}",
                r.id,
                el.id
            );
        }
    }
    let with_2018 = cat
        .requirements
        .iter()
        .filter(|r| {
            r.mappings
                .get("iso20000_2018")
                .is_some_and(|m| !m.is_empty())
        })
        .count();
    assert!(
        with_2018 * 10 >= cat.requirements.len() * 9,
        "{with_2018} of {} carry a 2018 mapping",
        cat.requirements.len()
    );
    // Per-clause obligation counts of the founding analysis: 4 → 94, 5 → 18, 6 → 67, 7 → 22,
    // 8 → 21, 9 → 51.
    for (top, expected) in [
        ("4", 94),
        ("5", 18),
        ("6", 67),
        ("7", 22),
        ("8", 21),
        ("9", 51),
    ] {
        assert_eq!(
            cat.requirements_under(top).count(),
            expected,
            "clause {top}"
        );
    }
}

#[test]
fn mandatory_documents_and_records_are_data() {
    let cat = Catalogue::builtin().unwrap();
    let docs: Vec<_> = cat.document_types.iter().map(|d| d.id.clone()).collect();
    let expected: Vec<_> = (1..=47).map(|i| format!("D{i:02}")).collect();
    assert_eq!(docs, expected);
    let recs: Vec<_> = cat.record_types.iter().map(|d| d.id.clone()).collect();
    let expected: Vec<_> = (1..=28).map(|i| format!("R{i:02}")).collect();
    assert_eq!(recs, expected);
    for d in &cat.document_types {
        assert!(
            !d.requirements.is_empty() && !d.patterns.en.is_empty() && !d.patterns.zh.is_empty()
        );
    }
    // Every documented-item requirement is served by at least one document type or sits in a
    // clause whose documents are listed.
    let incident_procedure = cat.documents_for("8.1-01").next().unwrap();
    assert_eq!(incident_procedure.id, "D34");
}

#[test]
fn validate_command_accepts_the_shipped_catalogue() {
    let (code, out, err) = iso20k(&["catalogue", "validate"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("273 requirements"), "{out}");
    let (code, _, err) = iso20k(&["catalogue", "validate", "controls/iso20000-1-2011"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn broken_catalogue_reports_every_problem_with_positions() {
    let (code, out, err) = iso20k(&["catalogue", "validate", "tests/fixtures/catalogue/broken"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let f = "tests/fixtures/catalogue/broken";
    for expected in [
        format!("{f}/clause-5.toml:6:15: error[CAT001]: invalid TOML"),
        format!(
            "{f}/clause-4.toml:25:1: error[CAT002]: in [[requirement]]: unknown field `wieght`"
        ),
        format!("{f}/clause-4.toml:37:1: error[CAT005]: duplicate requirement id `4.1-02`"),
        format!("{f}/clause-4.toml:14:1: error[CAT006]: clause `4.2` has parent `4.9`"),
        format!(
            "{f}/clause-4.toml:30:1: error[CAT008]: requirement `4.1-02` has no Chinese `text.zh`"
        ),
        format!("{f}/clause-4.toml:41:1: error[CAT010]: requirement `4.1-02` is marked tailorable"),
        format!("{f}/clause-4.toml:45:14: error[CAT015]"),
        format!(
            "{f}/clause-4.toml:54:1: error[CAT003]: in [[requirement]], `weight`: invalid type"
        ),
        format!("{f}/catalogue.toml:8:1: error[CAT004]: catalogue.toml lists `missing.toml`"),
    ] {
        assert!(err.contains(&expected), "missing `{expected}` in:\n{err}");
    }
    // The leaf whose only requirement failed to parse is not reported as empty as well.
    assert!(!err.contains("CAT009"), "{err}");
    insta::assert_snapshot!("broken_catalogue", err);
}

#[test]
fn unreadable_catalogue_folder_is_a_clear_error() {
    let (code, _, err) = iso20k(&["catalogue", "validate", "tests/fixtures/does-not-exist"]);
    assert_eq!(code, 2);
    assert!(err.contains("no catalogue.toml"), "{err}");
}

#[test]
fn list_json_follows_the_contract() {
    let (code, out, err) = iso20k(&["catalogue", "list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["catalogue"]["id"], "iso20000-1-2011");
    assert!(v["catalogue"]["version"].is_string());
    assert!(v["catalogue"]["title"]["zh"].is_string());
    let clauses = v["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 53);
    assert_eq!(clauses[0]["id"], "4");
    assert!(clauses[0]["parent"].is_null());
    assert_eq!(clauses[1]["parent"], "4");
    let reqs = v["requirements"].as_array().unwrap();
    assert_eq!(reqs.len(), 273);
    assert_eq!(reqs[0]["id"], "4.1.1-01");
    assert_eq!(reqs[272]["id"], "9.3-18");
    for r in reqs {
        for key in [
            "id",
            "clause",
            "tailorable",
            "other_party_allowed",
            "documented",
            "records",
            "planned_interval",
            "weight",
        ] {
            assert!(!r[key].is_null(), "{key} in {r}");
        }
        assert!(r["text"]["en"].is_string() && r["text"]["zh"].is_string());
        for key in ["iso20000_2005", "iso20000_2018", "itil_v3"] {
            assert!(r["mappings"][key].is_array(), "{key} in {}", r["id"]);
        }
    }
    let r = reqs.iter().find(|r| r["id"] == "8.1-04").unwrap();
    assert_eq!(r["mappings"]["iso20000_2005"], serde_json::json!(["8.2"]));
    assert_eq!(v["document_types"].as_array().unwrap().len(), 47);
    assert_eq!(v["record_types"].as_array().unwrap().len(), 28);
}

#[test]
fn show_renders_requirements_and_clauses_in_both_languages() {
    let (code, out, _) = iso20k(&["catalogue", "show", "9.2-09"]);
    assert_eq!(code, 0);
    assert!(out.contains("9.2 Change management"), "{out}");
    assert!(
        out.contains("8.5.1.2 Change management initiation"),
        "{out}"
    );
    let (code, out, _) = iso20k(&["catalogue", "show", "9.2", "--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(out.contains("9.2 变更管理"), "{out}");
    assert!(out.contains("9.2-21"), "{out}");
    let (code, _, err) = iso20k(&["catalogue", "show", "9.2-99"]);
    assert_eq!(code, 2);
    assert!(err.contains("no clause or requirement `9.2-99`"), "{err}");
}

#[test]
fn crosswalk_2005_to_2011_lists_what_changed() {
    let (code, out, err) = iso20k(&["catalogue", "crosswalk", "--from", "2005", "--to", "2011"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "3.1 Management responsibility\n  → 4.1.1 Management commitment",
        "(new — no counterpart)\n  → 4.2 Governance of processes operated by other parties",
        "10.1 Release management process\n  → 9.3 Release and deployment management",
        "8.3 Problem management\n  → 8.2 Problem management",
        "7.3 Supplier management\n  → 7.2 Supplier management",
        "control points 2011 / 2005 (degree of change): 24 / 14 (4)",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
}

#[test]
fn crosswalk_2011_to_itil_v3_reproduces_the_process_table() {
    let (code, out, err) = iso20k(&[
        "crosswalk",
        "--from",
        "2011",
        "--to",
        "itil-v3",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows: Vec<(Vec<String>, Vec<String>)> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let ids = |k: &str| {
                e[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["id"].as_str().unwrap().to_string())
                    .collect()
            };
            (ids("source"), ids("target"))
        })
        .collect();
    let has =
        |source: &[&str], target: &[&str]| rows.iter().any(|(s, t)| s == source && t == target);
    assert!(has(
        &["8.1"],
        &[
            "event-management",
            "incident-management",
            "request-fulfilment"
        ]
    ));
    assert!(has(&["8.2"], &["problem-management"]));
    assert!(has(&["9.2"], &["change-management"]));
    assert!(has(
        &["9.1"],
        &["service-asset-and-configuration-management"]
    ));
    assert!(has(&["9.3"], &["release-and-deployment-management"]));
    assert!(has(
        &["6.1"],
        &["service-level-management", "service-catalogue-management"]
    ));
    assert!(has(
        &["6.3"],
        &[
            "it-service-continuity-management",
            "availability-management"
        ]
    ));
    assert!(has(&["6.4"], &["financial-management"]));
    assert!(has(&["6.5"], &["capacity-management"]));
    assert!(has(&["6.2"], &["service-reporting"]));
    assert!(has(&["6.6"], &["information-security-management"]));
    assert!(has(&["7.1"], &["business-relationship-management"]));
    assert!(has(&["7.2"], &["supplier-management"]));
    assert!(has(&[], &["knowledge-management"]));

    // Chinese output uses the ITIL vocabulary in the ITIL column: 事故 = incident.
    let (_, out, _) = iso20k(&[
        "crosswalk",
        "--from",
        "2011",
        "--to",
        "itil-v3",
        "--lang",
        "zh",
    ]);
    assert!(
        out.contains("8.1 事件和服务请求管理\n  → 事件管理; 事故管理; 请求实现"),
        "{out}"
    );
    assert!(out.contains("IT服务财务管理"), "{out}");
}

#[test]
fn crosswalk_reads_backwards_and_through_the_catalogue() {
    let (code, out, _) = iso20k(&[
        "crosswalk",
        "--from",
        "2018",
        "--to",
        "2011",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("8.6.1; 8.6.2,") && l.contains(",8.1,")),
        "{out}"
    );
    let (code, out, _) = iso20k(&[
        "crosswalk",
        "--from",
        "2005",
        "--to",
        "2018",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["derivation"], "via iso20000-1-2011");
    let release = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"][0]["id"] == "10")
        .unwrap();
    assert_eq!(release["target"][0]["id"], "8.5.3");
    let (code, _, err) = iso20k(&["crosswalk", "--from", "2011", "--to", "2011"]);
    assert_eq!(code, 2);
    assert!(err.contains("both name"), "{err}");
    let (code, _, err) = iso20k(&["crosswalk", "--from", "2009", "--to", "2011"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown framework `2009`"), "{err}");
}

#[test]
fn rules_cover_documents_intervals_and_record_checks() {
    use iso20k::catalogue::RuleKind;
    let cat = Catalogue::builtin().unwrap();
    let has =
        |r: &iso20k::catalogue::Requirement, k: RuleKind| r.evidence.iter().any(|e| e.kind == k);
    for r in &cat.requirements {
        if r.documented {
            assert!(
                has(r, RuleKind::Document) || has(r, RuleKind::Register),
                "{} lacks a document/register rule",
                r.id
            );
        }
        if r.planned_interval {
            assert!(
                has(r, RuleKind::Interval),
                "{} lacks an interval rule",
                r.id
            );
        }
    }
    // Every mandatory document type is checked by some document rule.
    let checked: BTreeSet<String> = cat
        .requirements
        .iter()
        .flat_map(|r| &r.evidence)
        .filter(|e| e.kind == RuleKind::Document)
        .map(|e| e.params["type"].as_str().unwrap().to_string())
        .collect();
    let all: BTreeSet<String> = cat.document_types.iter().map(|d| d.id.clone()).collect();
    assert!(
        checked.is_superset(&all),
        "unchecked: {:?}",
        all.difference(&checked)
    );
    // The others are record types whose contents a requirement prescribes (service reports,
    // management-review minutes).
    let records: BTreeSet<String> = cat.record_types.iter().map(|d| d.id.clone()).collect();
    let extra: BTreeSet<String> = checked.difference(&all).cloned().collect();
    assert!(
        extra.is_subset(&records),
        "unknown types: {:?}",
        extra.difference(&records)
    );
    // At least 30 operational-record checks run as records rules.
    let checks: BTreeSet<String> = cat
        .requirements
        .iter()
        .flat_map(|r| &r.evidence)
        .filter(|e| e.kind == RuleKind::Records)
        .map(|e| e.params["check"].as_str().unwrap().to_string())
        .collect();
    assert!(checks.len() >= 30, "{}", checks.len());
    // Every record check is run by some requirement: a check nothing runs is retired, not
    // left to rot (its code goes to `check::findings::RETIRED`).
    for c in iso20k::check::records::CHECKS {
        assert!(
            checks.contains(c.name),
            "no requirement runs the records check `{}`",
            c.name
        );
    }
    let references: BTreeSet<&str> = checks
        .iter()
        .map(|c| iso20k::check::records::find(c).unwrap().reference)
        .collect();
    assert!(references.len() >= 30, "{references:?}");
}

#[test]
fn an_invalid_rule_is_a_catalogue_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("controls/iso20000-1-2011");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let clause8 = dir.path().join("clause-8.toml");
    let text = std::fs::read_to_string(&clause8).unwrap();
    std::fs::write(
        &clause8,
        text.replacen(
            "check = \"priority_matrix\"",
            "check = \"priority_matrx\"",
            1,
        ),
    )
    .unwrap();
    let (code, _, err) = iso20k(&["catalogue", "validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[CAT019]") && err.contains("unknown records check `priority_matrx`"),
        "{err}"
    );
}
