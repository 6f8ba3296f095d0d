//! The layers point one way. The catalogue is data the checker reads, so it may build only on
//! the layers below it (`domain`, `diagnostic`, `i18n`) — never on the checker, the evidence
//! reader or the reports, or the import cycle it once had (catalogue validation calling into
//! the checker) comes back. The bottom layer, `domain`, builds on nothing; the evidence reader
//! builds on neither the checker nor the reports, and the reports never on the checker; the
//! comparison of assessments and the audit programme build on neither the checker, the
//! evidence reader nor the reports, which are built on top of them.
//!
//! The test reads the source, every mention included (doc links too: a doc that has to name
//! the checker is a sign the code leans on it).

use std::path::{Path, PathBuf};

/// The modules of the crate that the files under each folder may name.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "src/catalogue",
        &["catalogue", "domain", "diagnostic", "i18n"],
    ),
    ("src/domain", &["domain"]),
    // The evidence reader knows the catalogue's record sets, never the checker or the
    // reports (the report marker it looks for lives in `domain`).
    (
        "src/evidence",
        &[
            "evidence",
            "catalogue",
            // Quiet and colour settings of the progress display (it imports only diagnostics).
            "console",
            "diagnostic",
            "domain",
            "grading",
            "i18n",
        ],
    ),
    // Reports are pure functions of an assessment: they never run a check.
    (
        "src/report",
        &[
            "report",
            "assessment",
            "catalogue",
            // The progress, programme and follow-up models the progress report, the audit
            // programme and the action plan are built from.
            "cycle",
            "domain",
            "evidence",
            "i18n",
            "labels",
            "output",
        ],
    ),
    // Comparing assessments works from assessment.json files alone: it never reads evidence
    // or runs a check, so an old assessment is compared as it was made. The audit programme
    // plans over the catalogue's clauses (data, below the checker), from the team and marks
    // the CLI read from the manifest.
    (
        "src/cycle",
        &[
            "cycle",
            "assessment",
            "catalogue",
            "diagnostic",
            "domain",
            "i18n",
            // The report's words, to read back the headers of a previous report's workbook;
            // never the reports themselves, which are built on top of this layer.
            "labels",
        ],
    ),
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The top-level items of a `{…}` group that starts at `text[0]`: `{a::b, c}` gives `a`, `c`.
fn group_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    let mut at_item_start = true;
    for c in text.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                at_item_start = true;
                continue;
            }
            _ => {}
        }
        if depth != 1 {
            continue;
        }
        if at_item_start && (c.is_alphanumeric() || c == '_') {
            current.push(c);
        } else if !current.is_empty() {
            heads.push(std::mem::take(&mut current));
            at_item_start = false;
        }
    }
    if !current.is_empty() {
        heads.push(current);
    }
    heads
}

/// Each reference in `text` to a module of the crate outside `allowed` (`crate::check`,
/// `crate::{i18n::Text, evidence::hex}`), and each `super::super` (which can climb out of the
/// layer), as `line N: what`.
fn forbidden_references(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.contains("super::super") {
            found.push(format!("line {line_no}: super::super"));
        }
        for (at, _) in line.match_indices("crate::") {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue; // `mycrate::`, `$crate::`: not this crate's root
            }
            let rest = &line[at + "crate::".len()..];
            let heads = if rest.starts_with('{') {
                // A group may span lines: read on from here to its closing brace.
                let offset = text.lines().take(n).map(|l| l.len() + 1).sum::<usize>();
                group_heads(&text[offset + at + "crate::".len()..])
            } else {
                let head: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                vec![head]
            };
            for head in heads {
                if !allowed.contains(&head.as_str()) {
                    found.push(format!("line {line_no}: crate::{head}"));
                }
            }
        }
    }
    found
}

#[test]
fn each_layer_names_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for (dir, allowed) in LAYERS {
        let files = rust_files(&root.join(dir));
        assert!(files.len() >= 2, "{dir}: found only {files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for p in forbidden_references(&text, allowed) {
                problems.push(format!(
                    "{}: {p} (may name only {allowed:?})",
                    file.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scan_catches_every_form_of_an_upward_reference() {
    let allowed = &["catalogue", "domain", "diagnostic", "i18n"];
    let upward = "use crate::check::rules::KINDS;\n\
                  let s = crate::evidence::hex(&bytes);\n\
                  use crate::{i18n::Text, report::marker};\n\
                  use crate::{\n    diagnostic::Diagnostic,\n    check::Context,\n};\n\
                  /// See [`crate::check::rules`].\n\
                  use super::super::report;\n";
    assert_eq!(
        forbidden_references(upward, allowed),
        [
            "line 1: crate::check",
            "line 2: crate::evidence",
            "line 3: crate::report",
            "line 4: crate::check",
            "line 8: crate::check",
            "line 9: super::super",
        ]
    );
    let fine = "use crate::diagnostic::Diagnostic;\n\
                use crate::{domain::hex, i18n::{Lang, Text}};\n\
                use super::model::EvidenceRule;\n\
                macro_rules! m { () => { $crate::i18n::Text } }\n";
    assert!(forbidden_references(fine, allowed).is_empty());
}

// ---- typed errors ----------------------------------------------------------------------------
//
// Every fallible function of the crate says why it failed with a type (a `thiserror` enum per
// module, each variant a case a caller can tell apart and a message that says what to do),
// never with a bare `String`: a string can only be printed, so a caller that must react to
// one case (skip the file, raise a limit, refuse the run) ends up matching on its words.

/// The lines of `text` that write a `Result` whose error type is `String`, whatever the `Ok`
/// type holds (generics, tuples, slices) and however it is laid out; comments are ignored.
fn string_errors(text: &str) -> Vec<usize> {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            // `//` after a `:` is a URL in a string, not a comment.
            Some(at) if !line[..at].ends_with(':') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("Result").map(|i| i + from) {
        from = at + "Result".len();
        let word_start =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let rest = code[from..].trim_start();
        if !word_start || !rest.starts_with('<') {
            continue;
        }
        let open = code.len() - rest.len();
        // The arguments at depth 1, split at their top-level commas.
        let (mut depth, mut start, mut args) = (0usize, open + 1, Vec::new());
        for (i, c) in code[open..].char_indices().map(|(i, c)| (i + open, c)) {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' if i > 0 && bytes[i - 1] == b'-' => {}
                '>' | ')' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        args.push(&code[start..i]);
                        break;
                    }
                }
                ',' if depth == 1 => {
                    args.push(&code[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        // A trailing comma leaves an empty last argument.
        args.retain(|a| !a.trim().is_empty());
        if let [_, error] = args[..] {
            if matches!(error.trim(), "String" | "std::string::String") {
                found.push(code[..at].matches('\n').count() + 1);
            }
        }
    }
    found
}

#[test]
fn no_function_of_the_crate_fails_with_a_bare_string() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in string_errors(&text) {
            problems.push(format!(
                "{}:{line}: a `Result<_, String>`; give the module an error enum (thiserror) whose variants say what went wrong and what to do",
                file.strip_prefix(root).unwrap().display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_string_error_scan_sees_through_layout_and_nesting() {
    let text = "fn a() -> Result<(), String> {}\n\
                fn b() -> Result<(Vec<u8>, Vec<String>), String> {}\n\
                fn c() -> Result<\n    HashMap<String, Vec<u8>>,\n    std::string::String,\n> {}\n\
                type D = dyn Fn(&[u8]) -> Result<Option<(u32, usize)>, String>;\n\
                fn e() -> io::Result <String> {}\n\
                fn f() -> Result<String, Error> {}\n\
                fn g() -> Result<Vec<String>, ParamsError> {}\n\
                // fn h() -> Result<(), String>\n\
                let url = \"https://example.org\"; fn i() -> Result<u8, String> {}\n\
                fn j() -> MyResult<u8, String> {}\n";
    assert_eq!(string_errors(text), [1, 2, 3, 7, 12]);
}
