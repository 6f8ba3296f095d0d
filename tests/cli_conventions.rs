//! Conventions every command follows: shell completions, manual pages, help that lists every
//! format, `--quiet`, `--color` and `NO_COLOR`, and JSON on both streams under `--format json`.

use std::process::Command;

/// Runs iso20k from the crate root with `env` set, and returns (exit code, stdout, stderr).
fn iso20k_with_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_iso20k"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run iso20k");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn iso20k(args: &[&str]) -> (i32, String, String) {
    iso20k_with_env(args, &[])
}

/// The visible top-level subcommands.
const SUBCOMMANDS: [&str; 13] = [
    "assess",
    "report",
    "diff",
    "programme",
    "catalogue",
    "crosswalk",
    "evidence",
    "explain",
    "sample",
    "init",
    "completions",
    "man",
    "help",
];

/// Every format `assess` and `report` can write.
const OUTPUT_FORMATS: [&str; 5] = ["json", "xlsx", "html", "pdf", "oscal"];

// ---- completions and manual pages ------------------------------------------------------------

#[test]
fn bash_completion_mentions_every_subcommand() {
    let (code, out, err) = iso20k(&["completions", "bash"]);
    assert_eq!(code, 0, "{err}");
    for sub in SUBCOMMANDS {
        assert!(
            out.contains(sub),
            "`{sub}` missing from the bash completion"
        );
    }
    assert!(
        !out.contains("pdf-worker"),
        "the internal command is completed"
    );
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = iso20k(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("catalogue"), "{shell}");
    }
    let (code, _, err) = iso20k(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn man_without_out_prints_the_top_page() {
    let (code, out, err) = iso20k(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(".ie") || out.contains(".TH iso20k 1"),
        "{out}"
    );
    assert!(out.contains("assess"), "{out}");
}

#[test]
fn man_writes_a_page_per_command_with_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let out_arg = out_dir.to_str().unwrap();
    let (code, out, err) = iso20k(&["man", "--out", out_arg]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for sub in SUBCOMMANDS.iter().filter(|s| **s != "help") {
        let page = format!("iso20k-{sub}.1");
        assert!(names.contains(&page), "no {page} in {names:?}");
        assert!(
            out.contains(&page),
            "`wrote` line for {page} missing:\n{out}"
        );
    }
    for page in [
        "iso20k.1",
        "iso20k-catalogue-list.1",
        "iso20k-catalogue-show.1",
    ] {
        assert!(names.contains(&page.to_string()), "no {page} in {names:?}");
    }
    assert!(!names
        .iter()
        .any(|n| n.contains("pdf-worker") || n.contains("help")));
    let assess = std::fs::read_to_string(out_dir.join("iso20k-assess.1")).unwrap();
    for option in ["format", "out", "fail\\-on", "quiet", "color"] {
        assert!(assess.contains(&format!("\\-\\-{option}")), "--{option}");
    }
    let report = std::fs::read_to_string(out_dir.join("iso20k-report.1")).unwrap();
    for format in OUTPUT_FORMATS {
        assert!(
            report.contains(format),
            "{format} missing from iso20k-report.1"
        );
    }
}

#[test]
fn man_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out_arg = dir.path().to_str().unwrap();
    let existing = dir.path().join("iso20k-assess.1");
    std::fs::write(&existing, "mine").unwrap();
    let (code, out, err) = iso20k(&["man", "--out", out_arg]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    // Nothing at all was written, not only the page in the way.
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine");
    assert!(!dir.path().join("iso20k.1").exists());

    let (code, _, err) = iso20k(&["man", "--out", out_arg, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&existing).unwrap().contains(".TH"));
}

// ---- help ------------------------------------------------------------------------------------

#[test]
fn report_and_assess_help_list_every_format() {
    for command in ["report", "assess"] {
        let (code, out, err) = iso20k(&[command, "--help"]);
        assert_eq!(code, 0, "{err}");
        let format_help = &out[out.find("--format").expect("a --format option")..];
        for format in OUTPUT_FORMATS {
            assert!(
                format_help.contains(format),
                "`{command} --help` does not list {format}:\n{out}"
            );
        }
        let (_, short, _) = iso20k(&[command, "-h"]);
        assert!(
            short.contains("json, xlsx, html, pdf, oscal"),
            "`{command} -h`:\n{short}"
        );
    }
    let (_, top, _) = iso20k(&["--help"]);
    let report_line = top
        .lines()
        .find(|l| l.trim_start().starts_with("report"))
        .unwrap();
    for format in OUTPUT_FORMATS {
        assert!(report_line.contains(format), "{report_line}");
    }
}

#[test]
fn json_capable_commands_list_json_in_their_help() {
    for command in [
        &["evidence", "--help"][..],
        &["catalogue", "list", "--help"],
        &["catalogue", "show", "--help"],
        &["crosswalk", "--help"],
        &["explain", "--help"],
    ] {
        let (code, out, err) = iso20k(command);
        assert_eq!(code, 0, "{err}");
        let format_help = &out[out.find("--format").expect("a --format option")..];
        assert!(format_help.contains("json"), "{command:?}:\n{out}");
    }
}

// ---- --quiet and --color ---------------------------------------------------------------------

#[test]
fn quiet_hides_wrote_lines_but_keeps_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out_arg = dir.path().to_str().unwrap();
    let (code, out, err) = iso20k(&["--quiet", "man", "--out", out_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty() && err.is_empty(), "{out}{err}");
    assert!(dir.path().join("iso20k.1").exists());

    // Global: accepted after the subcommand too.
    let ws = dir.path().join("ws");
    let (code, out, err) = iso20k(&["init", ws.to_str().unwrap(), "-q"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(ws.join("assessment.toml").exists());

    let (code, _, err) = iso20k(&["catalogue", "show", "99.9", "--quiet"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: no clause or requirement"), "{err}");
}

#[test]
fn color_always_colours_labels_and_never_or_no_color_does_not() {
    let escape = "\x1b[";
    let (code, _, err) = iso20k(&["catalogue", "show", "99.9", "--color", "always"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("\x1b[1;31merror\x1b[0m: "), "{err:?}");
    // NO_COLOR does not override an explicit request.
    let (_, _, err) = iso20k_with_env(
        &["catalogue", "show", "99.9", "--color=always"],
        &[("NO_COLOR", "1")],
    );
    assert!(err.contains(escape), "{err:?}");

    let (_, _, err) = iso20k(&["catalogue", "show", "99.9", "--color", "never"]);
    assert!(!err.contains(escape), "{err:?}");
    // Auto: stderr is a pipe here, so no colour.
    let (_, _, err) = iso20k(&["catalogue", "show", "99.9"]);
    assert!(!err.contains(escape), "{err:?}");

    let (code, _, err) = iso20k(&[
        "catalogue",
        "validate",
        "tests/fixtures/catalogue/broken",
        "--color",
        "always",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("\x1b[1;31merror\x1b[0m[CAT001]"), "{err:?}");
}

// ---- --format json ---------------------------------------------------------------------------

#[test]
fn catalogue_show_writes_json() {
    let (code, out, err) = iso20k(&["catalogue", "show", "8.1-04", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["kind"], "requirement");
    assert_eq!(value["id"], "8.1-04");
    assert_eq!(value["clause"], "8.1");
    assert!(value["text"]["en"].as_str().is_some_and(|t| !t.is_empty()));

    let (code, out, err) = iso20k(&["catalogue", "show", "8.1", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["kind"], "clause");
    assert_eq!(value["id"], "8.1");
    let requirements = value["requirements"].as_array().unwrap();
    assert!(requirements.iter().any(|r| r == "8.1-04"), "{value}");
}

#[test]
fn json_commands_write_json() {
    for command in [
        &["catalogue", "list", "--format", "json"][..],
        &[
            "crosswalk",
            "--from",
            "2011",
            "--to",
            "2018",
            "--format",
            "json",
        ],
        &[
            "evidence",
            "evidence-samples/northwind-msp",
            "--format",
            "json",
        ],
    ] {
        let (code, out, err) = iso20k(command);
        assert_eq!(code, 0, "{command:?}: {err}");
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap_or_else(|e| panic!("{command:?}: {e}\n{out}"));
    }
}

/// Parses stderr as JSON lines, one diagnostic object each.
fn json_lines(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn errors_are_json_lines_under_format_json() {
    let (code, out, err) = iso20k(&[
        "catalogue",
        "list",
        "--format",
        "json",
        "--catalogue",
        "tests/fixtures/catalogue/broken",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    let diagnostics = json_lines(&err);
    assert!(diagnostics.len() >= 9, "{err}");
    let invalid_toml = diagnostics
        .iter()
        .find(|d| d["code"] == "CAT001")
        .expect("CAT001");
    assert_eq!(invalid_toml["severity"], "error");
    assert_eq!(
        invalid_toml["file"],
        "tests/fixtures/catalogue/broken/clause-5.toml"
    );
    assert_eq!(invalid_toml["line"], 6);
    assert!(invalid_toml["message"]
        .as_str()
        .unwrap()
        .contains("invalid TOML"));
    assert!(invalid_toml.get("help").is_some());

    // A failure that is not about a file: still one JSON object, with no code or place.
    let (code, _, err) = iso20k(&["catalogue", "show", "99.9", "--format", "json"]);
    assert_eq!(code, 2);
    let diagnostics = json_lines(&err);
    assert_eq!(diagnostics.len(), 1, "{err}");
    assert_eq!(diagnostics[0]["severity"], "error");
    assert!(diagnostics[0]["code"].is_null());
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("no clause or requirement `99.9`"));

    // Text output keeps text errors.
    let (_, _, err) = iso20k(&["catalogue", "show", "99.9"]);
    assert!(err.starts_with("error: "), "{err}");
}
