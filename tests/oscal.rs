//! OSCAL export: the catalog, the assessment results of every bundled sample and their POA&Ms
//! are valid against the NIST OSCAL 1.2.1 JSON schemas in `schemas/oscal/`, hang together
//! (every reference resolves, every finding targets a requirement of the catalog), say what a
//! reader would look for, and are byte-identical on a rerun.

mod common;

use common::root;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use iso20k::assessment::{Assessment, Basis, Grade, Status};
use iso20k::catalogue::Catalogue;
use iso20k::oscal;
use jsonschema::{Draft, Validator};
use serde_json::Value;
use sha2::{Digest, Sha256};

const SAMPLES: [&str; 3] = ["northwind-msp", "huaxia-cloud", "tailored-scope"];
const NS: &str = "https://iso20k.dev/ns/oscal";

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::builtin().unwrap())
}

/// A bundled sample assessed by the command line, with `--format oscal`.
struct Assessed {
    /// The `--out` folder: assessment.json and the OSCAL files.
    out: PathBuf,
    /// assessment.json, read back.
    assessment: Assessment,
}

impl Assessed {
    /// The text of a file the run wrote.
    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.out.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", self.out.join(name).display()))
    }
}

/// A fresh folder under the test target's temporary folder (removed and made again).
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("oscal-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn iso20k(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `iso20k assess SAMPLE --format oscal` into `target/tmp/oscal-cli/<run>`.
fn assess_sample(sample: &str, run: &str) -> Assessed {
    let out = fresh_dir(run);
    let workspace = root().join("evidence-samples").join(sample);
    let result = iso20k(&[
        "assess".as_ref(),
        workspace.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "oscal".as_ref(),
        "--no-cache".as_ref(),
    ]);
    let code = result.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "assess {sample}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let json = std::fs::read(out.join("assessment.json")).unwrap();
    Assessed {
        assessment: serde_json::from_slice(&json).unwrap(),
        out,
    }
}

/// Each sample assessed once for the whole test binary.
fn assessed(sample: &str) -> &'static Assessed {
    static ASSESSED: OnceLock<BTreeMap<&'static str, Assessed>> = OnceLock::new();
    &ASSESSED.get_or_init(|| SAMPLES.iter().map(|s| (*s, assess_sample(s, s))).collect())[sample]
}

fn assessment(sample: &str) -> &'static Assessment {
    &assessed(sample).assessment
}

fn schema(file: &str) -> Validator {
    let text = std::fs::read_to_string(root().join("schemas/oscal").join(file)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{file} does not compile: {e}"))
}

fn catalog_schema() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| schema("oscal_catalog_schema.json"))
}

fn results_schema() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| schema("oscal_assessment-results_schema.json"))
}

fn poam_schema() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| schema("oscal_poam_schema.json"))
}

/// Schema errors, one line each (path: message, cut to 300 characters as a message quotes
/// the whole failing instance), at most 20.
fn schema_errors(validator: &Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .take(20)
        .map(|e| {
            let message: String = e.to_string().chars().take(300).collect();
            format!("{}: {message}", e.instance_path())
        })
        .collect()
}

fn assert_valid(validator: &Validator, document: &Value, what: &str) {
    let errors = schema_errors(validator, document);
    assert!(
        errors.is_empty(),
        "{what} is not valid OSCAL:\n{}",
        errors.join("\n")
    );
}

fn catalog_json() -> Value {
    serde_json::from_str(&oscal::to_json(&oscal::catalog(catalogue()))).unwrap()
}

/// The assessment results `assess --format oscal` wrote for a sample.
fn results_json(sample: &str) -> Value {
    serde_json::from_str(&assessed(sample).file(oscal::ASSESSMENT_RESULTS_FILE)).unwrap()
}

/// The POA&M `assess --format oscal` wrote for a sample, if it wrote one.
fn poam_json(sample: &str) -> Option<Value> {
    let run = assessed(sample);
    run.out
        .join(oscal::POAM_FILE)
        .exists()
        .then(|| serde_json::from_str(&run.file(oscal::POAM_FILE)).unwrap())
}

fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key].as_array().map_or(&[], |a| a.as_slice())
}

/// The value of the iso20k prop `name` on `object`, if any.
fn prop<'a>(object: &'a Value, name: &str) -> Option<&'a str> {
    array(object, "props")
        .iter()
        .find(|p| p["name"] == name && p["ns"] == NS)
        .and_then(|p| p["value"].as_str())
}

/// Every string value of a `key` field anywhere in a document (`id`s of the catalog's parts,
/// controls and groups; `uuid`s of an assessment), in document order.
fn field_values(value: &Value, key: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(found) = map.get(key).and_then(Value::as_str) {
                out.push(found.to_string());
            }
            map.values().for_each(|v| field_values(v, key, out));
        }
        Value::Array(items) => items.iter().for_each(|v| field_values(v, key, out)),
        _ => {}
    }
}

/// Every control of the catalog (nested ones too), with its parts.
fn controls(value: &Value, out: &mut Vec<Value>) {
    for group in array(value, "groups") {
        controls(group, out);
    }
    for control in array(value, "controls") {
        out.push(control.clone());
        controls(control, out);
    }
}

/// Every requirement item of the controls' statements.
fn statement_items(controls: &[Value]) -> Vec<&Value> {
    controls
        .iter()
        .flat_map(|c| array(c, "parts"))
        .filter(|p| p["name"] == "statement")
        .flat_map(|s| array(s, "parts"))
        .collect()
}

fn resource<'a>(document: &'a Value, href: &str) -> &'a Value {
    let uuid = href
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("{href} is not local"));
    array(&document["back-matter"], "resources")
        .iter()
        .find(|r| r["uuid"] == uuid)
        .unwrap_or_else(|| panic!("{href} names no back-matter resource"))
}

#[test]
fn the_schemas_reject_what_oscal_forbids() {
    // A catalog that is valid once, then broken three ways the exporter must never produce:
    // an id starting with a digit, a random-looking UUID of the wrong version, a blank prop.
    let good = catalog_json();
    assert_valid(catalog_schema(), &good, "the catalog");

    let mut bad_id = good.clone();
    bad_id["catalog"]["groups"][0]["id"] = Value::from("4");
    assert!(!schema_errors(catalog_schema(), &bad_id).is_empty());

    let mut bad_uuid = good.clone();
    bad_uuid["catalog"]["uuid"] = Value::from("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    assert!(!schema_errors(catalog_schema(), &bad_uuid).is_empty());

    let mut blank_prop = good.clone();
    blank_prop["catalog"]["groups"][0]["props"][0]["value"] = Value::from(" ");
    assert!(!schema_errors(catalog_schema(), &blank_prop).is_empty());

    // Token patterns use \p{L}: a Chinese id is a valid token, a leading digit is not.
    let mut chinese_id = good.clone();
    chinese_id["catalog"]["groups"][0]["id"] = Value::from("条款-4");
    assert_valid(
        catalog_schema(),
        &chinese_id,
        "a catalog with a Chinese group id",
    );
}

#[test]
fn the_catalog_nests_clauses_and_carries_every_requirement_in_both_languages() {
    let doc = catalog_json();
    assert_valid(catalog_schema(), &doc, "the catalog");
    let catalog = &doc["catalog"];
    assert_eq!(catalog["metadata"]["oscal-version"], oscal::OSCAL_VERSION);

    let tops: Vec<&str> = array(catalog, "groups")
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        tops,
        ["clause-4", "clause-5", "clause-6", "clause-7", "clause-8", "clause-9"]
    );
    // Subclauses nest as controls: control 4.5.4.2 inside 4.5.4 inside 4.5 in group 4.
    let clause_4_5 = array(&array(catalog, "groups")[0], "controls")
        .iter()
        .find(|c| c["id"] == "clause-4.5")
        .unwrap();
    let clause_4_5_4 = array(clause_4_5, "controls")
        .iter()
        .find(|c| c["id"] == "clause-4.5.4")
        .unwrap();
    assert!(array(clause_4_5_4, "controls")
        .iter()
        .any(|c| c["id"] == "clause-4.5.4.2"));

    let mut all = Vec::new();
    controls(catalog, &mut all);
    let subclauses = catalogue()
        .clauses
        .iter()
        .filter(|c| c.parent.is_some())
        .count();
    assert_eq!(all.len(), subclauses, "one control per subclause");

    let items = statement_items(&all);
    assert_eq!(items.len(), catalogue().requirements.len());

    let first = items.iter().find(|i| i["id"] == "req-4.1.1-01").unwrap();
    let source = catalogue().requirement("4.1.1-01").unwrap();
    assert_eq!(first["name"], "item");
    assert_eq!(first["prose"], source.text.en.as_str());
    assert_eq!(prop(first, "zh"), Some(source.text.zh.as_str()));
    assert_eq!(prop(first, "documented"), Some("true"));
    assert_eq!(prop(first, "top-management"), Some("true"));
    let mapped_2018: Vec<&str> = array(first, "props")
        .iter()
        .filter(|p| p["name"] == "mapping" && p["class"] == "iso20000-1-2018")
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(mapped_2018, source.mappings["iso20000_2018"]);
}

#[test]
fn the_catalog_export_command_prints_or_writes_the_same_document() {
    let expected = oscal::to_json(&oscal::catalog(catalogue()));
    let run = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(["catalogue", "export", "--format", "oscal"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(String::from_utf8(run.stdout).unwrap(), expected);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.json");
    let write = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_iso20k"))
            .args(["catalogue", "export", "--format", "oscal", "--out"])
            .arg(&file)
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(write(&[]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
    let again = write(&[]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing file is not replaced"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(write(&["--force"]).status.code(), Some(0));
}

#[test]
fn the_assessment_results_of_every_sample_are_valid_and_hang_together() {
    let catalog = catalog_json();
    let mut ids = Vec::new();
    field_values(&catalog, "id", &mut ids);
    let part_ids: BTreeSet<String> = ids.into_iter().collect();
    for sample in SAMPLES {
        let doc = results_json(sample);
        assert_valid(
            results_schema(),
            &doc,
            &format!("{sample} assessment results"),
        );
        let ar = &doc["assessment-results"];
        resource(ar, ar["import-ap"]["href"].as_str().unwrap());
        let results = array(ar, "results");
        assert_eq!(results.len(), 1);
        let result = &results[0];

        let selected = array(&result["reviewed-controls"], "control-selections");
        for control in array(&selected[0], "include-controls") {
            assert!(part_ids.contains(control["control-id"].as_str().unwrap()));
            for statement in array(control, "statement-ids") {
                assert!(
                    part_ids.contains(statement.as_str().unwrap()),
                    "{statement}"
                );
            }
        }

        let observations: BTreeSet<&str> = array(result, "observations")
            .iter()
            .map(|o| o["uuid"].as_str().unwrap())
            .collect();
        let risks: BTreeSet<&str> = array(result, "risks")
            .iter()
            .map(|r| r["uuid"].as_str().unwrap())
            .collect();
        let findings = array(result, "findings");
        assert_eq!(findings.len(), assessment(sample).requirements.len());
        for finding in findings {
            let target = finding["target"]["target-id"].as_str().unwrap();
            assert!(
                part_ids.contains(target),
                "{sample}: {target} is not in the catalog"
            );
            for o in array(finding, "related-observations") {
                assert!(observations.contains(o["observation-uuid"].as_str().unwrap()));
            }
            for r in array(finding, "related-risks") {
                assert!(risks.contains(r["risk-uuid"].as_str().unwrap()));
            }
        }
        for observation in array(result, "observations") {
            // `finding` is deprecated since OSCAL 1.1.4; `discovery` replaces it.
            assert_eq!(observation["types"], serde_json::json!(["discovery"]));
            for evidence in array(observation, "relevant-evidence") {
                resource(ar, evidence["href"].as_str().unwrap());
            }
        }

        let mut uuids = Vec::new();
        field_values(&doc, "uuid", &mut uuids);
        let distinct: BTreeSet<&String> = uuids.iter().collect();
        assert_eq!(
            distinct.len(),
            uuids.len(),
            "{sample}: a UUID names two things"
        );
    }
}

#[test]
fn a_planted_nonconformity_is_a_not_satisfied_finding_with_its_evidence_hash_and_grade() {
    // Planted defect 10 of northwind-msp (see its README): change CHG0030012 was approved
    // after work on it started, a minor nonconformity against 9.2-09.
    let doc = results_json("northwind-msp");
    let ar = &doc["assessment-results"];
    let result = &array(ar, "results")[0];

    let finding = array(result, "findings")
        .iter()
        .find(|f| f["target"]["target-id"] == "req-9.2-09")
        .expect("requirement 9.2-09 has a finding");
    assert_eq!(finding["target"]["type"], "statement-id");
    assert_eq!(finding["target"]["status"]["state"], "not-satisfied");
    assert_eq!(finding["target"]["status"]["reason"], "fail");

    let observations: Vec<&Value> = array(finding, "related-observations")
        .iter()
        .map(|r| {
            array(result, "observations")
                .iter()
                .find(|o| o["uuid"] == r["observation-uuid"])
                .unwrap()
        })
        .collect();
    let observation = observations
        .iter()
        .find(|o| prop(o, "code") == Some("REC-CHG-APPROVAL-AFTER-IMPL"))
        .expect("the finding rests on the late-approval observation");
    assert_eq!(prop(observation, "grade"), Some("minor"));
    assert_eq!(observation["methods"][0], "TEST", "records were tested");
    assert_eq!(prop(observation, "sample-method"), Some("full"));

    let cited = array(observation, "relevant-evidence")
        .iter()
        .find(|e| prop(e, "path") == Some("records/change_request.xlsx"))
        .expect("the observation cites the change export");
    assert_eq!(prop(cited, "record-ids"), Some("CHG0030012"));
    // The hash is that of the file on disk, computed here, not copied from assessment.json.
    let bytes =
        std::fs::read(root().join("evidence-samples/northwind-msp/records/change_request.xlsx"))
            .unwrap();
    let on_disk = format!("{:x}", Sha256::digest(&bytes));
    let file = resource(ar, cited["href"].as_str().unwrap());
    let rlink = &array(file, "rlinks")[0];
    assert_eq!(rlink["href"], "records/change_request.xlsx");
    assert_eq!(array(rlink, "hashes")[0]["algorithm"], "SHA-256");
    assert_eq!(array(rlink, "hashes")[0]["value"], on_disk.as_str());

    let risk = array(result, "risks")
        .iter()
        .find(|r| prop(r, "finding-id") == prop(observation, "finding-id"))
        .expect("the nonconformity is a risk");
    assert!(array(finding, "related-risks")
        .iter()
        .any(|r| r["risk-uuid"] == risk["uuid"]));
    assert_eq!(prop(risk, "grade"), Some("minor"));
    assert_eq!(risk["status"], "open");
    let action = &array(risk, "remediations")[0];
    assert_eq!(action["lifecycle"], "recommendation");
    assert!(action["description"].as_str().unwrap().contains("approved"));

    // The POA&M plans it, through the same risk.
    let poam = poam_json("northwind-msp").expect("northwind has open nonconformities");
    let item = array(&poam["plan-of-action-and-milestones"], "poam-items")
        .iter()
        .find(|i| prop(i, "finding-id") == prop(observation, "finding-id"))
        .expect("the POA&M has an item for it");
    assert_eq!(array(item, "related-risks")[0]["risk-uuid"], risk["uuid"]);
    assert!(item["description"]
        .as_str()
        .unwrap()
        .contains("Recommended action"));
}

#[test]
fn a_northwind_nonconformity_is_a_risk_of_its_grade_with_its_evidence_hash() {
    let a = assessment("northwind-msp");
    // Northwind's findings are minors; the first with evidence stands for them all.
    let major = a
        .findings
        .iter()
        .find(|f| f.grade == Grade::Minor && !f.evidence.is_empty())
        .expect("the northwind sample has a minor nonconformity with evidence");
    let doc = results_json("northwind-msp");
    let ar = &doc["assessment-results"];
    let result = &array(ar, "results")[0];

    let risk = array(result, "risks")
        .iter()
        .find(|r| prop(r, "finding-id") == Some(major.id.as_str()))
        .expect("the nonconformity is a risk");
    assert_eq!(prop(risk, "grade"), Some("minor"));
    assert_eq!(prop(risk, "code"), Some(major.code.as_str()));
    assert_eq!(risk["description"], major.statement.en.trim());
    assert_eq!(risk["status"], "open");
    let remediation = &array(risk, "remediations")[0];
    assert_eq!(remediation["lifecycle"], "recommendation");
    assert_eq!(remediation["description"], major.recommendation.en.trim());

    let finding = array(result, "findings")
        .iter()
        .find(|f| f["target"]["target-id"] == format!("req-{}", major.requirement))
        .unwrap();
    assert_eq!(finding["target"]["status"]["state"], "not-satisfied");
    assert!(array(finding, "related-risks")
        .iter()
        .any(|r| r["risk-uuid"] == risk["uuid"]));

    let observation = array(result, "observations")
        .iter()
        .find(|o| prop(o, "finding-id") == Some(major.id.as_str()))
        .unwrap();
    let evidence = &major.evidence[0];
    let cited = array(observation, "relevant-evidence")
        .iter()
        .find(|e| prop(e, "path") == Some(evidence.path.as_str()))
        .expect("the observation cites the finding's evidence file");
    let file = resource(ar, cited["href"].as_str().unwrap());
    let hash = &array(&array(file, "rlinks")[0], "hashes")[0];
    assert_eq!(hash["algorithm"], "SHA-256");
    assert_eq!(hash["value"], evidence.sha256.as_str());
    assert_eq!(evidence.sha256.len(), 64);
}

#[test]
fn requirement_statuses_map_onto_satisfied_and_not_satisfied() {
    let mut seen = BTreeSet::new();
    for sample in SAMPLES {
        let a = assessment(sample);
        let doc = results_json(sample);
        let findings = array(&array(&doc["assessment-results"], "results")[0], "findings");
        for (r, finding) in a.requirements.iter().zip(findings) {
            assert_eq!(finding["target"]["target-id"], format!("req-{}", r.id));
            let status = &finding["target"]["status"];
            let claimed_only = r.basis == Basis::SelfDeclared;
            let expected = match r.status {
                Status::Conforming if claimed_only => ("not-satisfied", "other"),
                Status::Conforming => ("satisfied", "pass"),
                Status::Partial | Status::Nonconforming => ("not-satisfied", "fail"),
                Status::NotAssessed => ("not-satisfied", "other"),
            };
            assert_eq!(
                (
                    status["state"].as_str().unwrap(),
                    status["reason"].as_str().unwrap()
                ),
                expected,
                "{sample} {}",
                r.id
            );
            seen.insert(expected);
            if r.status == Status::NotAssessed {
                assert_eq!(prop(finding, "status"), Some("not_assessed"));
                assert!(status["remarks"].as_str().unwrap().contains("Not assessed"));
            }
            if r.findings.is_empty() && r.status == Status::Conforming && !claimed_only {
                assert_eq!(status["state"], "satisfied", "{sample} {}", r.id);
            }
        }
    }
    assert!(seen.contains(&("satisfied", "pass")));
    assert!(seen.contains(&("not-satisfied", "fail")));
    assert!(seen.contains(&("not-satisfied", "other")));
}

#[test]
fn a_verified_requirement_without_findings_is_satisfied() {
    let a = assessment("northwind-msp");
    let clean = a
        .requirements
        .iter()
        .find(|r| {
            r.findings.is_empty() && r.basis == Basis::Verified && r.status == Status::Conforming
        })
        .expect("northwind has verified conforming requirements");
    let doc = results_json("northwind-msp");
    let finding = array(&array(&doc["assessment-results"], "results")[0], "findings")
        .iter()
        .find(|f| f["target"]["target-id"] == format!("req-{}", clean.id))
        .unwrap();
    assert_eq!(finding["target"]["status"]["state"], "satisfied");
    assert_eq!(prop(finding, "basis"), Some("verified"));
    assert!(finding.get("related-risks").is_none());
}

#[test]
fn the_poam_plans_every_open_nonconformity() {
    let mut planned_any = false;
    for sample in SAMPLES {
        let a = assessment(sample);
        let counted: Vec<&str> = a
            .findings
            .iter()
            .filter(|f| f.grade.is_nonconformity() && f.counts())
            .map(|f| f.id.as_str())
            .collect();
        let Some(doc) = poam_json(sample) else {
            assert!(
                counted.is_empty(),
                "{sample} has nonconformities but no POA&M"
            );
            continue;
        };
        planned_any = true;
        assert_valid(poam_schema(), &doc, &format!("{sample} POA&M"));
        let plan = &doc["plan-of-action-and-milestones"];
        let items: Vec<&str> = array(plan, "poam-items")
            .iter()
            .map(|i| prop(i, "finding-id").unwrap())
            .collect();
        assert_eq!(items, counted, "{sample}");
        let risks: BTreeSet<&str> = array(plan, "risks")
            .iter()
            .map(|r| r["uuid"].as_str().unwrap())
            .collect();
        for item in array(plan, "poam-items") {
            for r in array(item, "related-risks") {
                assert!(risks.contains(r["risk-uuid"].as_str().unwrap()));
            }
        }
        // The same risk has the same UUID in the assessment results.
        let results = results_json(sample);
        let ar_risks: BTreeSet<&str> = array(
            &array(&results["assessment-results"], "results")[0],
            "risks",
        )
        .iter()
        .map(|r| r["uuid"].as_str().unwrap())
        .collect();
        assert!(risks.is_subset(&ar_risks), "{sample}");
    }
    assert!(planned_any, "some sample has an open nonconformity");
}

#[test]
fn exports_are_byte_identical_on_a_rerun() {
    let cat = catalogue();
    assert_eq!(
        oscal::to_json(&oscal::catalog(cat)),
        oscal::to_json(&oscal::catalog(&Catalogue::builtin().unwrap()))
    );
    // A second, independent run of `assess --format oscal` on the same workspace.
    let first = assessed("northwind-msp");
    let again = assess_sample("northwind-msp", "northwind-msp-rerun");
    for name in oscal::FILE_NAMES {
        assert_eq!(
            first.file(name),
            again.file(name),
            "{name} differs on a rerun"
        );
    }
    // Timestamps come from the assessment's own dates.
    let doc = results_json("northwind-msp");
    let date = first.assessment.assessment_date.as_deref().unwrap();
    assert_eq!(
        doc["assessment-results"]["metadata"]["last-modified"],
        format!("{date}T00:00:00Z")
    );
}

#[test]
fn different_assessments_get_different_uuids() {
    let northwind = results_json("northwind-msp");
    let huaxia = results_json("huaxia-cloud");
    assert_ne!(
        northwind["assessment-results"]["uuid"],
        huaxia["assessment-results"]["uuid"]
    );
    let mut a = Vec::new();
    let mut b = Vec::new();
    field_values(&northwind, "uuid", &mut a);
    field_values(&huaxia, "uuid", &mut b);
    let a: BTreeSet<String> = a.into_iter().collect();
    assert!(
        b.iter().all(|u| !a.contains(u)),
        "no UUID is shared across organisations"
    );
}

/// Writes every export to `$CARGO_TARGET_TMPDIR/oscal-export/` for external checkers
/// (`scripts/oscal-trestle-check.sh`), after checking each against its schema.
#[test]
fn exports_are_written_for_external_checkers() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("oscal-export");
    std::fs::create_dir_all(&dir).unwrap();
    let mut written = vec![(
        "catalog.json".to_string(),
        oscal::to_json(&oscal::catalog(catalogue())),
        catalog_schema(),
    )];
    for sample in SAMPLES {
        let a = assessment(sample);
        written.push((
            format!("{sample}.assessment-results.json"),
            oscal::to_json(&oscal::assessment_results(a, catalogue())),
            results_schema(),
        ));
        if let Some(poam) = oscal::plan_of_action_and_milestones(a, catalogue()) {
            written.push((
                format!("{sample}.poam.json"),
                oscal::to_json(&poam),
                poam_schema(),
            ));
        }
    }
    for (name, text, validator) in &written {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let reread: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_valid(validator, &reread, name);
    }
    assert!(written.len() >= 5);
}

#[test]
fn assess_writes_exactly_what_the_library_builds_from_its_assessment_json() {
    // `report` builds from assessment.json; equality here means `report --format oscal`
    // and `assess --format oscal` agree.
    for sample in SAMPLES {
        let run = assessed(sample);
        let expected = oscal::assessment_files(&run.assessment, catalogue());
        assert!(!expected.is_empty());
        for file in &expected {
            assert_eq!(run.file(file.name), file.text, "{sample}: {}", file.name);
        }
    }
}

#[test]
fn report_writes_oscal_from_an_assessment_and_refuses_to_overwrite_it() {
    let run = assessed("northwind-msp");
    let assessment_json = run.out.join("assessment.json");
    let out = fresh_dir("report-oscal");
    let report = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "report".as_ref(),
            assessment_json.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "oscal,html".as_ref(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        iso20k(&args)
    };
    let first = report(&[]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for name in oscal::FILE_NAMES {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            run.file(name),
            "report and assess write the same {name}"
        );
        assert!(String::from_utf8_lossy(&first.stdout).contains(name));
    }
    assert!(
        out.join("gap-analysis.en.html").exists(),
        "other formats are still written"
    );

    // Only the OSCAL files are in the way: still nothing is written.
    std::fs::remove_file(out.join("gap-analysis.en.html")).unwrap();
    let again = report(&[]);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains(oscal::ASSESSMENT_RESULTS_FILE) && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(
        !out.join("gap-analysis.en.html").exists(),
        "a refused run writes nothing"
    );
    assert_eq!(report(&["--force"]).status.code(), Some(0));
}

#[test]
fn an_assessment_without_open_nonconformities_has_no_poam_and_replaces_a_stale_one() {
    // northwind's assessment with its nonconformities taken out.
    let mut value: Value =
        serde_json::from_str(&assessed("northwind-msp").file("assessment.json")).unwrap();
    value["findings"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["grade"] != "major" && f["grade"] != "minor");
    let dir = fresh_dir("no-nonconformities");
    let assessment_json = dir.join("assessment.json");
    std::fs::write(
        &assessment_json,
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(oscal::POAM_FILE), "{}").unwrap();
    let report = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "report".as_ref(),
            assessment_json.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "oscal".as_ref(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        iso20k(&args)
    };
    // An earlier run's POA&M is in the way without --force …
    assert_eq!(report(&[]).status.code(), Some(2));
    assert!(!out.join(oscal::ASSESSMENT_RESULTS_FILE).exists());
    // … and removed with it, as it would contradict the new assessment results.
    let forced = report(&["--force"]);
    assert_eq!(
        forced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(!out.join(oscal::POAM_FILE).exists());
    assert!(String::from_utf8_lossy(&forced.stderr).contains("no open nonconformity"));
    let results: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(oscal::ASSESSMENT_RESULTS_FILE)).unwrap(),
    )
    .unwrap();
    assert_valid(
        results_schema(),
        &results,
        "assessment results without nonconformities",
    );
    let result = &array(&results["assessment-results"], "results")[0];
    assert!(result.get("risks").is_none(), "no nonconformity, no risk");
}

#[test]
fn an_unreadable_assessment_is_refused_naming_the_file() {
    let dir = fresh_dir("bad-assessment");
    let bad = dir.join("assessment.json");
    std::fs::write(&bad, "{\"tool\": 1}").unwrap();
    let out = dir.join("out");
    let run = iso20k(&[
        "report".as_ref(),
        bad.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "oscal".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains(&bad.display().to_string()), "{stderr}");
    assert!(!out.join(oscal::ASSESSMENT_RESULTS_FILE).exists());
}

#[test]
fn the_2018_catalog_carries_the_amendment_guidance_and_review_notes_and_stays_valid() {
    let current = Catalogue::builtin_edition("2018").unwrap().unwrap();
    let doc: Value = serde_json::from_str(&oscal::to_json(&oscal::catalog(&current))).unwrap();
    assert_valid(catalog_schema(), &doc, "the 2018 catalog");
    let mut all = Vec::new();
    controls(&doc["catalog"], &mut all);
    let items = statement_items(&all);
    let item = |id: &str| *items.iter().find(|i| i["id"] == id).unwrap();
    assert!(item("req-4.1-03")["prose"]
        .as_str()
        .unwrap()
        .contains("climate change"));
    let guidance = array(item("req-4.2-02"), "parts")
        .iter()
        .find(|p| p["name"] == "guidance")
        .expect("4.2-02 has the Amd 1:2024 note as guidance");
    assert!(guidance["prose"]
        .as_str()
        .unwrap()
        .contains("climate change"));
    assert!(prop(guidance, "zh").unwrap().contains("气候变化"));
    // A doubt is a review note, not a flag, and only where the catalogue has one.
    assert!(prop(item("req-8.3.1-01"), "review").is_some());
    assert_eq!(prop(item("req-4.1-01"), "review"), None);
    assert!(items.iter().all(|i| prop(i, "uncertain").is_none()));
}
