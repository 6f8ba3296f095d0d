//! End to end on the bundled samples: the binary assesses each workspace, every planted
//! defect is found (code, grade, requirement, record ids) and nothing else is; the samples
//! are exactly what the generator writes, and their READMEs list exactly the planted defects
//! the generator declares.

mod common;

use common::root;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use iso20k::sample::defects;
use iso20k::sample::Profile;
use serde_json::Value;

/// The bundled samples: folder, `--profile` value, profile.
const SAMPLES: [(&str, &str, Profile); 3] = [
    ("northwind-msp", "typical", Profile::Typical),
    ("huaxia-cloud", "conforming", Profile::Conforming),
    ("tailored-scope", "tailored", Profile::Tailored),
];

/// The bundled sample written for ISO/IEC 20000-1:2018 (no defect is planted in it), with the
/// `sample` arguments that regenerate it.
const SAMPLE_2018: (&str, [&str; 4]) = (
    "northwind-2018",
    ["--profile", "typical", "--edition", "2018"],
);

fn assess(sample: &str, extra: &[&str]) -> (i32, Value) {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("assess")
        .arg(root().join("evidence-samples").join(sample))
        .arg("--out")
        .arg(out.path())
        .args(extra)
        .output()
        .unwrap();
    let code = status.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let json = std::fs::read(out.path().join("assessment.json")).unwrap();
    (code, serde_json::from_slice(&json).unwrap())
}

/// (grade, requirement, code, first record id or "") of every finding.
fn findings(a: &Value) -> BTreeSet<(String, String, String, String)> {
    a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let first_id = f["evidence"]
                .as_array()
                .and_then(|e| {
                    e.iter().find_map(|r| {
                        r["record_ids"]
                            .as_array()
                            .and_then(|ids| ids.first())
                            .and_then(|v| v.as_str())
                    })
                })
                .unwrap_or("")
                .to_string();
            (
                f["grade"].as_str().unwrap().to_string(),
                f["requirement"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                first_id,
            )
        })
        .collect()
}

/// Asserts the findings are exactly the defects planted in `profile`'s sample, as the
/// generator declares them (`iso20k::sample::defects`).
fn expect(a: &Value, profile: Profile) {
    let want: BTreeSet<(String, String, String, String)> = defects::planted(profile)
        .iter()
        .map(|d| {
            (
                d.grade.name().to_string(),
                d.requirement.to_string(),
                d.code.to_string(),
                d.first_record.to_string(),
            )
        })
        .collect();
    let got = findings(a);
    let missing: Vec<_> = want.difference(&got).collect();
    let unplanted: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && unplanted.is_empty(),
        "missing: {missing:#?}\nnot planted: {unplanted:#?}"
    );
}

#[test]
fn northwind_msp_typical_gap_analysis() {
    let (code, a) = assess("northwind-msp", &[]);
    assert_eq!(code, 0);
    assert_eq!(a["organisation"], "Northwind Managed Services Ltd");
    assert_eq!(a["kind"], "gap");
    // Ten planted minors, each standing on its own: the three of 8.1 incident management
    // (an overdue procedure review, a priority-matrix error, one unreviewed major incident)
    // are against different requirements, unrelated, and are never escalated into a major.
    expect(&a, Profile::Typical);
    let all = a["findings"].as_array().unwrap();
    assert!(all.iter().all(|f| f["code"] != "escalated_minors"));
    assert_eq!(a["summary"]["counts"]["major"], 0);
    assert_eq!(a["summary"]["counts"]["minor"], 10);
    for f in all {
        for lang in ["en", "zh"] {
            assert!(
                !f["grading_rationale"][lang].as_str().unwrap().is_empty(),
                "{} has no grading rationale",
                f["id"]
            );
        }
    }
    let basis = &a["summary"]["basis"];
    assert_eq!(
        basis["verified"].as_u64().unwrap() + basis["self_declared"].as_u64().unwrap(),
        273
    );
    assert_eq!(a["summary"]["provisional"], true);
    // Minors only: ready once they are corrected, never "not ready" on unrelated lapses.
    assert_eq!(a["summary"]["verdict"], "ready_with_minor");
    let pm = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "REC-INC-PRIORITY-MATRIX")
        .unwrap();
    assert_eq!(pm["sample"]["population"], 600);
    assert!(pm["statement"]["en"]
        .as_str()
        .unwrap()
        .starts_with("50 of 600 records"));
    let supplier = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "interval_gap")
        .unwrap();
    assert!(supplier["statement"]["en"]
        .as_str()
        .unwrap()
        .contains("Fibrelink Networks"));
    assert!(supplier["statement"]["en"]
        .as_str()
        .unwrap()
        .contains("between 2025-08-20 and 2026-09-30"));
    // The verified score leaves the 136 claims of conformity out, as not assessed, and rests
    // on the 136 requirements verified and the one the provider itself reports as partly met
    // (6.4-06); the claims score is the upper bound if every claim held.
    let score = a["summary"]["score"].as_f64().unwrap();
    let claims = a["summary"]["score_if_claims_hold"].as_f64().unwrap();
    assert_eq!(a["summary"]["scored"], 137);
    assert!((90.0..97.0).contains(&score), "{score}");
    assert!((90.0..99.0).contains(&claims), "{claims}");
    // No major: --fail-on major passes, --fail-on minor turns the minors into exit code 1.
    let (code, _) = assess("northwind-msp", &["--fail-on", "major"]);
    assert_eq!(code, 0);
    let (code, _) = assess("northwind-msp", &["--fail-on", "minor"]);
    assert_eq!(code, 1);
}

#[test]
fn huaxia_cloud_is_nearly_conforming_with_no_major() {
    let (code, a) = assess("huaxia-cloud", &["--fail-on", "major"]);
    assert_eq!(code, 0, "no major, so --fail-on major passes");
    assert_eq!(a["organisation"], "华夏云服务有限公司");
    assert_eq!(a["kind"], "internal-audit");
    // Minors and observations only.
    expect(&a, Profile::Conforming);
    assert_eq!(a["summary"]["counts"]["major"], 0);
    assert_eq!(a["summary"]["verdict"], "ready_with_minor");
    let plan = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "document_elements_missing")
        .unwrap();
    let statement = plan["statement"]["zh"].as_str().unwrap();
    assert!(
        statement.contains("（c）可能影响服务管理体系的已知限制"),
        "{statement}"
    );
    assert!(statement.contains("（k）"), "{statement}");
    // The elements found are cited by the heading they were found under.
    let found = plan["evidence"][0]["locations"].as_array().unwrap();
    assert_eq!(found.len(), 10);
    assert!(
        found[0].as_str().unwrap().starts_with("(a) under \"4."),
        "{found:?}"
    );
    // An internal audit takes no claim as proof: what only the register claims is not
    // assessed, with what the auditor must examine.
    let claims = a["summary"]["basis"]["self_declared"].as_u64().unwrap();
    assert!(claims > 100, "{claims}");
    assert_eq!(a["summary"]["requirements"]["not_assessed"], claims);
    let claimed = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["basis"] == "self_declared")
        .unwrap();
    assert_eq!(claimed["status"], "not_assessed");
    assert_eq!(claimed["claimed_status"], "conforming");
    assert!(claimed["notes"][0]["zh"]
        .as_str()
        .unwrap()
        .contains("审核员须亲自检查证据"));
    // The team declared its independence, and nobody audited their own area.
    assert_eq!(a["independence"]["declared"], true);
    assert_eq!(a["independence"]["conflicts"].as_array().unwrap().len(), 0);
    let (code, _) = assess("huaxia-cloud", &["--fail-on", "minor"]);
    assert_eq!(code, 1);
    // Chinese statements for the Chinese report.
    let change = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "REC-CHG-APPROVAL-AFTER-IMPL")
        .unwrap();
    assert!(change["statement"]["zh"]
        .as_str()
        .unwrap()
        .contains("变更记录.xlsx"));
}

#[test]
fn northwind_as_an_internal_audit_does_not_count_claims_as_conformity() {
    let (_, a) = assess("northwind-msp", &["--kind", "internal-audit"]);
    let not_assessed = a["summary"]["requirements"]["not_assessed"]
        .as_u64()
        .unwrap();
    let claimed_conforming = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["basis"] == "self_declared" && r["claimed_status"] == "conforming")
        .inspect(|r| assert_eq!(r["status"], "not_assessed", "{}", r["id"]))
        .count() as u64;
    assert_eq!(not_assessed, claimed_conforming);
    assert!(not_assessed > 100, "{not_assessed}");
    // The provider's own admission of a gap stands.
    let admitted = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "6.4-06")
        .unwrap();
    assert_eq!(admitted["status"], "partial");
    assert_eq!(a["summary"]["score_if_claims_hold"], Value::Null);
    // The manifest declares no independence, so none is claimed.
    assert_eq!(a["independence"]["declared"], false);
}

#[test]
fn northwind_2018_meets_the_2018_edition_on_its_own_evidence() {
    let (code, a) = assess(SAMPLE_2018.0, &["--fail-on", "minor"]);
    assert_eq!(code, 0, "{:#?}", a["findings"]);
    assert_eq!(
        a["catalogue"]["id"], "iso20000-1-2018",
        "the manifest's edition chose it"
    );
    assert!(
        findings(&a).is_empty(),
        "no defect is planted in a 2018 workspace"
    );
    let basis = &a["summary"]["basis"];
    assert_eq!(
        basis["not_assessed"], 0,
        "every 2018 obligation has evidence or a claim"
    );
    // The activities 2018 added are on record and pass their interval rules.
    let verified: BTreeSet<&str> = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["basis"] == "verified")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "8.4.2-01", "8.4.2-02", "8.4.1-04", "8.3.3-05", "8.7.1-01", "8.7.2-01",
    ] {
        assert!(verified.contains(id), "{id} is not verified");
    }
    // Claims are not proof: the verdict stays provisional.
    assert_eq!(a["summary"]["verdict"], "ready");
    assert_eq!(a["summary"]["provisional"], true);
}

#[test]
fn tailored_scope_is_refused_its_exclusion() {
    let (_, a) = assess("tailored-scope", &[]);
    // One finding per cause: the refused exclusion and the ungoverned supplier each hold
    // the findings they cause.
    expect(&a, Profile::Tailored);
    assert_eq!(a["summary"]["verdict"], "not_ready");
    assert_eq!(a["tailoring"][0]["target"], "6.4");
    let findings = a["findings"].as_array().unwrap();
    let apex = &findings[0];
    assert!(apex["requirements"]
        .as_array()
        .unwrap()
        .contains(&"4.2-06".into()));
    assert_eq!(apex["details"][0]["code"], "supplier_management_missing");
    let exclusion = findings
        .iter()
        .find(|f| f["code"] == "exclusion_not_permitted")
        .unwrap();
    assert_eq!(a["tailoring"][0]["finding"], exclusion["id"]);
    let detail_codes: Vec<&str> = exclusion["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        detail_codes.contains(&"document_missing"),
        "{detail_codes:?}"
    );
    assert!(
        detail_codes.contains(&"governance_missing"),
        "{detail_codes:?}"
    );
    // Exactly one finding cites clause 1.2; 6.4 is assessed as the parent's process, not
    // forced nonconforming.
    let citing_1_2 = findings
        .iter()
        .filter(|f| {
            f["statement"]["en"]
                .as_str()
                .unwrap()
                .contains("clause 1.2")
        })
        .count();
    assert_eq!(citing_1_2, 1);
    assert!(a["tailoring"][0]["decision"]["en"]
        .as_str()
        .unwrap()
        .contains("process operated by parent company's finance department"));
    let budget_reporting = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "6.4-06")
        .unwrap();
    assert_ne!(budget_reporting["status"], "nonconforming");
    let gap = findings
        .iter()
        .find(|f| f["code"] == "interval_gap")
        .unwrap();
    assert!(gap["statement"]["en"]
        .as_str()
        .unwrap()
        .contains("15 months passed between 2025-06-10 and 2026-09-15"));
    // Capacity management run by the parent group is governed: no finding names it.
    assert!(!a["findings"].to_string().contains("Parent Group IT"));
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    // The tool's own folder (a cache left by an assessment of the sample) is not the sample.
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != ".iso20k");
    for entry in walk {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push(entry.path().strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    out
}

#[test]
fn samples_regenerate_byte_identically() {
    let every = SAMPLES
        .iter()
        .map(|(name, profile, _)| (*name, vec!["--profile", *profile]))
        .chain([(SAMPLE_2018.0, SAMPLE_2018.1.to_vec())]);
    for (name, args) in every {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join(name);
        let status = Command::new(env!("CARGO_BIN_EXE_iso20k"))
            .arg("sample")
            .args(&args)
            .args(["--seed", "1"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let committed = root().join("evidence-samples").join(name);
        let generated = files_under(&out);
        let mut expected = files_under(&committed);
        expected.retain(|p| p != Path::new("README.md"));
        assert_eq!(generated, expected, "{name}: file lists differ");
        for rel in generated {
            let a = std::fs::read(out.join(&rel)).unwrap();
            let b = std::fs::read(committed.join(&rel)).unwrap();
            assert!(a == b, "{name}/{}: regenerate with scripts/regenerate-samples.sh (`iso20k sample evidence-samples/{name} {}`)", rel.display(), args.join(" "));
        }
    }
    let total: u64 = walkdir::WalkDir::new(root().join("evidence-samples"))
        .into_iter()
        .filter_entry(|e| e.file_name() != ".iso20k")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    assert!(total < 5 << 20, "samples are {total} bytes");
}

#[test]
fn a_generated_small_pack_yields_the_planted_rates() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack");
    let status = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args([
            "sample",
            "--profile",
            "typical",
            "--scale",
            "small",
            "--seed",
            "7",
        ])
        .arg(&pack)
        .output()
        .unwrap();
    assert!(status.status.success());
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("assess")
        .arg(&pack)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let a: Value =
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap();
    let by_code = |code: &str| {
        a["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code}"))
    };
    // One incident in twelve breaks the priority matrix: 50 of 600.
    assert!(by_code("REC-INC-PRIORITY-MATRIX")["statement"]["en"]
        .as_str()
        .unwrap()
        .starts_with("50 of 600 "));
    // One CI in seventeen has no owner: 12 of 200.
    assert!(by_code("REC-CI-INCOMPLETE")["statement"]["en"]
        .as_str()
        .unwrap()
        .starts_with("12 of 200 "));
    // The first of four major incidents has no review; the first of five emergency changes none either.
    assert!(by_code("REC-INC-MI-NOT-REVIEWED")["statement"]["en"]
        .as_str()
        .unwrap()
        .starts_with("1 of 4 "));
    assert!(by_code("REC-CHG-EMERGENCY-UNCONTROLLED")["statement"]["en"]
        .as_str()
        .unwrap()
        .starts_with("1 of 5 "));
    // The seed changes names and times, not where defects are planted: the same findings as
    // the bundled sample's (ten defects, and the major that three of them make together),
    // whatever records they cite.
    let without_records = |set: BTreeSet<(String, String, String, String)>| {
        set.into_iter()
            .map(|(grade, requirement, code, _)| (grade, requirement, code))
            .collect::<BTreeSet<_>>()
    };
    let declared = defects::planted(Profile::Typical)
        .iter()
        .map(|d| {
            (
                d.grade.name().to_string(),
                d.requirement.to_string(),
                d.code.to_string(),
                String::new(),
            )
        })
        .collect();
    assert_eq!(without_records(findings(&a)), without_records(declared));
    assert_eq!(findings(&a).len(), 10);
}

/// Each sample README's table of planted defects is the generator's declarations, rendered.
/// `ISO20K_WRITE_SAMPLE_READMES=1` rewrites the tables instead (scripts/regenerate-samples.sh
/// does).
#[test]
fn sample_readmes_list_the_declared_defects() {
    let write = std::env::var_os("ISO20K_WRITE_SAMPLE_READMES").is_some();
    let mut stale = Vec::new();
    for (name, _, profile) in SAMPLES {
        let path = root().join("evidence-samples").join(name).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let wanted = defects::with_readme_table(&readme, profile)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if wanted == readme {
            continue;
        }
        if write {
            std::fs::write(&path, wanted).unwrap();
        } else {
            stale.push(format!(
                "{name}/README.md: the table should read\n{}",
                defects::readme_table(profile)
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrun scripts/regenerate-samples.sh, or change the declarations in src/sample/",
        stale.join("\n")
    );
}
