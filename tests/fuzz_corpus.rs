//! Replays every committed fuzz input — the seeds and every input that once crashed a reader
//! (fuzz/seeds/TARGET, fuzz/regressions/TARGET) — through the same entry points the fuzz
//! targets call, so a fixed crash stays fixed without running the fuzzer. PDFs go through
//! the `iso20k` binary, where a run reads them: in a memory-capped worker process.

use std::path::{Path, PathBuf};

use iso20k::catalogue::Catalogue;

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for folder in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if path.is_file() && !hidden {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn replay(target: &str, read: impl Fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "no committed inputs for {target}");
    for path in inputs {
        eprintln!("{target}: {}", path.display());
        read(&std::fs::read(&path).unwrap());
    }
}

#[test]
fn csv_inputs_are_read_without_a_crash() {
    replay("csv", iso20k::fuzzing::csv);
}

#[test]
fn spreadsheet_inputs_are_read_without_a_crash() {
    replay("spreadsheet", iso20k::fuzzing::spreadsheet);
}

#[test]
fn docx_inputs_are_read_without_a_crash() {
    replay("docx", iso20k::fuzzing::docx);
}

#[test]
fn manifest_inputs_are_read_without_a_crash() {
    let catalogue = Catalogue::builtin().unwrap();
    replay("manifest", |bytes| {
        iso20k::fuzzing::manifest(bytes, &catalogue)
    });
}

#[test]
fn catalogue_inputs_are_read_without_a_crash() {
    replay("catalogue", iso20k::fuzzing::catalogue);
}

#[test]
fn ods_inputs_are_read_without_a_crash() {
    replay("ods", iso20k::fuzzing::ods);
}

#[test]
fn worksheet_inputs_are_read_without_a_crash() {
    let catalogue = Catalogue::builtin().unwrap();
    replay("worksheet", |bytes| {
        iso20k::fuzzing::worksheet(bytes, &catalogue)
    });
}

#[test]
fn previous_assessment_inputs_are_read_without_a_crash() {
    replay("previous_assessment", iso20k::fuzzing::previous_assessment);
}

#[test]
fn action_plan_inputs_are_read_without_a_crash() {
    replay("action_plan", iso20k::fuzzing::action_plan);
}

#[test]
fn pdf_ipc_inputs_cross_the_pipe_unchanged() {
    replay("pdf_ipc", iso20k::fuzzing::pdf_ipc);
}

#[test]
fn every_fuzz_target_has_committed_inputs_and_a_replay() {
    // A target added to fuzz/ without seeds, or without a replay here, is caught.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/Cargo.toml"))
            .unwrap();
    let this = include_str!("fuzz_corpus.rs");
    let script = include_str!("../scripts/fuzz.sh");
    for line in manifest.lines() {
        let Some(name) = line
            .strip_prefix("name = \"")
            .and_then(|l| l.strip_suffix('"'))
        else {
            continue;
        };
        if name == "iso20k-fuzz" {
            continue;
        }
        assert!(!inputs(name).is_empty(), "fuzz target {name} has no seeds");
        assert!(
            this.contains(&format!("replay(\"{name}\""))
                || (name == "pdf" && this.contains("inputs(\"pdf\")")),
            "fuzz target {name} is not replayed by tests/fuzz_corpus.rs"
        );
        assert!(
            script.contains(name),
            "scripts/fuzz.sh does not list {name}"
        );
    }
}

#[test]
fn pdf_inputs_are_read_or_skipped_by_a_run() {
    let inputs = inputs("pdf");
    assert!(!inputs.is_empty());
    let ws = tempfile::tempdir().unwrap();
    for (i, path) in inputs.iter().enumerate() {
        std::fs::copy(path, ws.path().join(format!("input-{i:03}.pdf"))).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("evidence")
        .arg(ws.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = index["files"].as_array().unwrap().len();
    assert_eq!(files, inputs.len(), "every input listed");
}
