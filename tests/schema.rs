//! The published assessment schema: `schemas/assessment.schema.json` is what the Rust types
//! generate (so it cannot drift from what `assess` writes), and every bundled sample's
//! assessment.json validates against it.

use std::path::{Path, PathBuf};

use iso20k::assessment::{Assessment, SCHEMA_VERSION};
use serde_json::Value;

const SAMPLES: [&str; 3] = ["northwind-msp", "huaxia-cloud", "tailored-scope"];

/// Set to rewrite the committed schema from the types instead of comparing.
const WRITE_SCHEMA: &str = "ISO20K_WRITE_SCHEMA";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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
    // Tests run in parallel and may assess the same sample: each run gets its own folder.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out = std::env::temp_dir().join(format!(
        "iso20k-schema-test-{}-{run}-{sample}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let workspace = root().join("evidence-samples").join(sample);
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("assess")
        .arg(&workspace)
        .arg("--out")
        .arg(&out)
        .args(["--format", "json", "--no-cache"])
        .output()
        .unwrap();
    let code = result.status.code().unwrap_or(-1);
    // 1 means findings were raised, which the samples are meant to raise.
    assert!(
        code == 0 || code == 1,
        "assess {sample}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let json = std::fs::read(out.join("assessment.json")).unwrap();
    let _ = std::fs::remove_dir_all(&out);
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

fn read(json: &str) -> Result<Assessment, String> {
    Assessment::from_json(json, Path::new("out/assessment.json"))
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
    let dir = std::env::temp_dir().join(format!("iso20k-schema-newer-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("assessment.json");
    std::fs::write(&file, with_schema_version(Some("2.0.0"))).unwrap();
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(dir.join("reports"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    let report_written = dir.join("reports/assessment.json").exists();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!result.status.success(), "{stderr}");
    assert!(
        stderr.contains("assessment.json") && stderr.contains("2.0.0"),
        "{stderr}"
    );
    assert!(
        !report_written,
        "nothing is rendered from a file it cannot read"
    );
}
