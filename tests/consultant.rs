//! A consultant's evening: both languages in one run, the evidence request list in every
//! format, a summary to paste into an e-mail, a quiet run that prints nothing, and the cache
//! kept out of the reports folder.

mod common;

use common::iso20k;

#[test]
fn one_run_writes_every_format_in_both_languages_with_the_request_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let ws = common::sample("northwind-msp");
    let (code, _, err) = iso20k(&[
        "assess",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "pdf,xlsx,requests,summary",
        "--lang",
        "en,zh",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "assessment.json",
            "evidence-requests.en.csv",
            "evidence-requests.zh.csv",
            "gap-analysis.en.pdf",
            "gap-analysis.en.xlsx",
            "gap-analysis.zh.pdf",
            "gap-analysis.zh.xlsx",
            "summary.en.md",
            "summary.zh.md",
        ],
        "the reports folder holds reports only"
    );

    // The request list: the missing capacity plan (planted defect 1) first, as not supplied.
    let csv = std::fs::read_to_string(out.join("evidence-requests.en.csv")).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "Priority,Area,What to send,Why,Requirements it settles"
    );
    let first = lines.next().unwrap();
    assert!(first.starts_with("1 not supplied,"), "{first}");
    assert!(csv.contains("the capacity plan (if it exists)"), "{csv}");
    assert!(csv.contains("4 claimed only"), "claims are asked for last");
    let zh = std::fs::read_to_string(out.join("evidence-requests.zh.csv")).unwrap();
    assert!(zh.contains("优先级") && zh.contains("未提供"), "{zh}");

    // … in the PDF of each language.
    let en_pdf = common::pdf_text_with(&out.join("gap-analysis.en.pdf"), true);
    assert!(en_pdf.contains("Evidence requests") && en_pdf.contains("not supplied"));
    let zh_pdf = common::pdf_text_with(&out.join("gap-analysis.zh.pdf"), true);
    assert!(
        zh_pdf.contains("证据请求"),
        "the Chinese PDF has the Chinese section"
    );

    // The summary to paste.
    let summary = std::fs::read_to_string(out.join("summary.en.md")).unwrap();
    assert!(
        summary.starts_with("# ")
            && summary.contains("**Verdict: Ready, with minor nonconformities to correct")
            && summary.contains("(provisional)")
            && summary.contains("## Most serious findings")
            && summary.contains("## Evidence to request next")
            && summary.contains("**1 not supplied**"),
        "{summary}"
    );
    assert_eq!(
        summary.matches("\n- **F-").count(),
        5,
        "the five most serious findings: {summary}"
    );
    let summary_zh = std::fs::read_to_string(out.join("summary.zh.md")).unwrap();
    assert!(summary_zh.contains("**结论：") && summary_zh.contains("需向客户索取的证据"));

    // `report` renders the same list from the assessment alone, in both languages, with the
    // same default formats as `assess`.
    let again = dir.path().join("again");
    let (code, _, err) = iso20k(&[
        "report",
        out.join("assessment.json").to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "--lang",
        "zh,en",
    ]);
    assert_eq!(code, 0, "{err}");
    for name in [
        "gap-analysis.en.pdf",
        "gap-analysis.zh.pdf",
        "gap-analysis.en.xlsx",
        "gap-analysis.zh.html",
    ] {
        assert!(again.join(name).exists(), "{name}");
    }
}

#[test]
fn a_quiet_clean_run_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&common::sample("northwind-2018"), &ws);
    let out = dir.path().join("out");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(["--quiet", "assess"])
        .arg(&ws)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(out.join("gap-analysis.en.pdf").exists());
    // The cache went with the evidence, not with the reports.
    assert!(ws.join(".iso20k/cache").is_dir());
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("cache")));
}

#[test]
fn a_workspace_that_cannot_be_written_keeps_its_cache_per_user_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("share");
    common::copy_dir(&common::sample("huaxia-cloud"), &ws);
    std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ws.join("probe"), b"").is_ok() {
        // Running as root: permissions do not bind, so there is nothing to test.
        std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let home = dir.path().join("home-cache");
    let out = dir.path().join("out");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .env("XDG_CACHE_HOME", &home)
        .args(["assess"])
        .arg(&ws)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    assert!(stderr.contains("cannot be written"), "{stderr}");
    assert!(home.join("iso20k").is_dir());
}
