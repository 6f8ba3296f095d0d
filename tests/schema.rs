//! The published assessment schema: `schemas/assessment.schema.json` is what the Rust types
//! generate (so it cannot drift from what `assess` writes), and every bundled sample's
//! assessment.json validates against it.

use std::path::{Path, PathBuf};

mod common;

use common::root;

use iso20k::assessment::{Assessment, SCHEMA_VERSION};
use serde_json::Value;

const SAMPLES: [&str; 3] = ["northwind-msp", "huaxia-cloud", "tailored-scope"];

/// Set to rewrite the committed schema from the types instead of comparing.
const WRITE_SCHEMA: &str = "ISO20K_WRITE_SCHEMA";

fn schema_path() -> PathBuf {
    root().join("schemas/assessment.schema.json")
}

/// The generated schema as committed: pretty-printed, one trailing newline.
fn generated_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&Assessment::json_schema()).unwrap();
    text.push('\n');
    text
}

#[test]
fn committed_schema_is_the_generated_one() {
    let generated = generated_schema_text();
    if std::env::var_os(WRITE_SCHEMA).is_some() {
        std::fs::write(schema_path(), &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/assessment.schema.json differs from the schema the assessment types generate; \
         if the change is intended, rewrite it with `{WRITE_SCHEMA}=1 cargo test --test schema` \
         and bump SCHEMA_VERSION (minor for additions, major for removals or renames)"
    );
}

/// Runs `iso20k assess` on a bundled sample into a fresh folder and returns assessment.json.
fn assess_sample(sample: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let workspace = root().join("evidence-samples").join(sample);
    let (code, _, stderr) = common::iso20k(&[
        "assess",
        workspace.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--no-cache",
    ]);
    // 1 means findings were raised, which the samples are meant to raise.
    assert!(code == 0 || code == 1, "assess {sample}: {stderr}");
    let json = std::fs::read(out.join("assessment.json")).unwrap();
    serde_json::from_slice(&json).unwrap()
}

#[test]
fn every_sample_assessment_validates_against_the_committed_schema() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("schemas/assessment.schema.json does not compile: {e}"));
    for sample in SAMPLES {
        let assessment = assess_sample(sample);
        assert_eq!(assessment["schema_version"], SCHEMA_VERSION, "{sample}");
        let errors: Vec<String> = validator
            .iter_errors(&assessment)
            .take(20)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{sample}:\n{}", errors.join("\n"));
    }
}

/// Reads `json` as `iso20k report` does, with the message it would print.
fn read(json: &str) -> Result<Assessment, String> {
    Assessment::read_json(json).map_err(|e| e.describe(Path::new("out/assessment.json")))
}

/// A sample's assessment.json with its `schema_version` replaced (or removed when `None`).
fn with_schema_version(version: Option<&str>) -> String {
    let mut assessment = assess_sample("tailored-scope");
    let object = assessment.as_object_mut().unwrap();
    match version {
        Some(v) => object.insert("schema_version".into(), v.into()),
        None => object.remove("schema_version"),
    };
    serde_json::to_string(&assessment).unwrap()
}

#[test]
fn reading_honours_the_compatibility_promise() {
    // Written by this build, an older build (no field), or a later minor of the same major.
    assert!(read(&with_schema_version(Some(SCHEMA_VERSION))).is_ok());
    let unversioned = read(&with_schema_version(None)).expect("an unversioned file reads");
    assert_eq!(unversioned.schema_version, "1.0.0");
    assert!(read(&with_schema_version(Some("1.99.0"))).is_ok());

    // A newer major is refused, naming the file and both versions.
    let error = read(&with_schema_version(Some("2.0.0"))).unwrap_err();
    assert!(error.contains("out/assessment.json"), "{error}");
    assert!(
        error.contains("2.0.0") && error.contains(SCHEMA_VERSION),
        "{error}"
    );

    // Also when the newer major no longer parses as this version's types.
    let error = read(r#"{"schema_version": "3.1.0", "tool": 7}"#).unwrap_err();
    assert!(error.contains("3.1.0"), "{error}");

    // Anything else keeps the parser's position.
    let error = read(r#"{"tool": 7}"#).unwrap_err();
    assert!(error.starts_with("out/assessment.json:1:"), "{error}");
}

#[test]
fn report_refuses_an_assessment_of_a_newer_major_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("assessment.json");
    std::fs::write(&file, with_schema_version(Some("2.0.0"))).unwrap();
    let reports = dir.path().join("reports");
    let (code, _, stderr) = common::iso20k(&[
        "report",
        file.to_str().unwrap(),
        "--out",
        reports.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("assessment.json") && stderr.contains("2.0.0"),
        "{stderr}"
    );
    assert!(
        !reports.join("assessment.json").exists(),
        "nothing is rendered from a file it cannot read"
    );
}
