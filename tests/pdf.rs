//! PDF reports: valid (qpdf), text extractable in English and Chinese (pdftotext), small,
//! complete with thousands of findings, and byte-identical run to run. Needs poppler-utils
//! and qpdf (CI installs them).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn iso20k(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-samples")
        .join(name)
        .display()
        .to_string()
}

fn qpdf_ok(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf (apt-get install qpdf)");
    assert!(
        out.status.success(),
        "qpdf --check {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

fn assess_pdf(sample_name: &str, lang: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    iso20k(&[
        "assess",
        &sample(sample_name),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "pdf",
        "--lang",
        lang,
    ]);
    (dir, out)
}

#[test]
fn english_gap_report_is_valid_and_readable() {
    let (_d, out) = assess_pdf("northwind-msp", "en");
    let pdf = out.join("gap-analysis.en.pdf");
    qpdf_ok(&pdf);
    assert!(std::fs::metadata(&pdf).unwrap().len() < 1 << 20);
    let text = common::pdf_text_with(&pdf, true);
    for expected in [
        "Northwind Managed Services Ltd",
        "ISO/IEC 20000-1:2011 gap analysis",
        "Incident and service request management",
        "Change management",
        "Mandatory documents",
        "CHG0030012",
        "No Capacity plan (D27)",
        "Page 2 of",
    ] {
        assert!(text.contains(expected), "missing `{expected}`");
    }
    // The executive summary says on what the verdict rests (the paragraph wraps, so compare
    // with the line breaks folded).
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Of the 273 requirements, 136 were verified automatically",
        "0 were judged by the auditor, 137 rest only on the provider's own claim and 0 were not assessed",
        "The verdict is provisional",
        "Verified score",
        "Why this grade",
        "1 of 4 records (25",
    ] {
        assert!(flat.contains(expected), "missing `{expected}`");
    }
    // Table columns are at least as wide as their words: statuses, grades and headers are
    // never split mid-word (in the laid-out text a split word leaves a stub token such as
    // `Nonconformin` or `Requirem` at the end of a cell line).
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for word in ["Nonconforming", "Requirement", "nonconformity"] {
        let stub = tokens
            .iter()
            .find(|t| t.len() < word.len() && t.len() + 5 >= word.len() && word.starts_with(**t));
        assert!(stub.is_none(), "`{word}` broken across lines: {stub:?}");
        assert!(text.contains(word));
    }
}

#[test]
fn chinese_reports_carry_chinese_text() {
    let (_d, out) = assess_pdf("huaxia-cloud", "zh");
    let pdf = out.join("internal-audit.zh.pdf");
    qpdf_ok(&pdf);
    assert!(std::fs::metadata(&pdf).unwrap().len() < 1 << 20);
    let text = common::pdf_text_with(&pdf, true);
    for expected in [
        "华夏云服务有限公司",
        "内部审核报告",
        "变更管理",
        "轻微不符合",
        "不符合",
        "纠正措施要求",
        "签署",
    ] {
        assert!(text.contains(expected), "missing `{expected}`");
    }
    let dense: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        "137项依据客观证据",
        "136项仅有服务提供方的自我声明",
        "内部审核中自我声明不视为符合",
        "审核组全体成员均声明了独立性",
        "审核组周敏",
        "审核期间2025-11-01",
    ] {
        assert!(dense.contains(expected), "missing `{expected}`");
    }
    // An internal audit speaks of its audit team and period, not of an assessment's.
    for wrong in ["评估组", "评估周期"] {
        assert!(
            !dense.contains(wrong),
            "`{wrong}` in an internal-audit report"
        );
    }
    let (_d, out) = assess_pdf("northwind-msp", "zh");
    let text = common::pdf_text_with(&out.join("gap-analysis.zh.pdf"), true);
    assert!(
        text.contains("差距分析报告") && text.contains("强制性文件") && text.contains("严重不符合")
    );
    let dense: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        "136项依据客观证据",
        "137项仅有服务提供方的自我声明",
        "已验证得分",
    ] {
        assert!(dense.contains(expected), "missing `{expected}`");
    }
}

#[test]
fn two_thousand_findings_render_without_losing_rows() {
    let (dir, out) = assess_pdf("northwind-msp", "en");
    let mut a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap();
    let template = a["findings"][6].clone();
    let many: Vec<serde_json::Value> = (1..=2000)
        .map(|i| {
            let mut f = template.clone();
            f["id"] = format!("F-{i:04}").into();
            f["statement"]["en"] = format!("Planted finding number {i} with a long statement that has to wrap over several lines of its table cell to fit the page width.").into();
            f
        })
        .collect();
    a["findings"] = many.into();
    let big = dir.path().join("big.json");
    std::fs::write(&big, serde_json::to_vec(&a).unwrap()).unwrap();
    let out2 = dir.path().join("big");
    iso20k(&[
        "report",
        big.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    let pdf = out2.join("gap-analysis.en.pdf");
    qpdf_ok(&pdf);
    let text = common::pdf_text_with(&pdf, true);
    for i in 1..=2000 {
        assert!(text.contains(&format!("F-{i:04}")), "F-{i:04} lost");
    }
}

#[test]
fn pdfs_are_byte_identical_run_to_run() {
    let (_a, first) = assess_pdf("tailored-scope", "en");
    let (_b, second) = assess_pdf("tailored-scope", "en");
    let name = "gap-analysis.en.pdf";
    assert_eq!(
        std::fs::read(first.join(name)).unwrap(),
        std::fs::read(second.join(name)).unwrap()
    );
}

/// A viewer's outline opens each section on the page where its heading is printed, with the
/// subsections beneath it (read back with `qpdf --json`).
#[test]
fn outline_opens_each_section_at_its_heading() {
    let (_d, out) = assess_pdf("northwind-msp", "en");
    let pdf = out.join("gap-analysis.en.pdf");
    let json = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(&pdf)
        .output()
        .expect("qpdf (apt-get install qpdf)");
    assert!(json.status.success());
    let outline: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let items = outline["outlines"].as_array().unwrap();
    let titles: Vec<&str> = items.iter().map(|i| i["title"].as_str().unwrap()).collect();
    for section in [
        "Executive summary",
        "Requirements",
        "Findings",
        "Action plan",
    ] {
        assert!(titles.contains(&section), "{section} not in {titles:?}");
    }
    for item in items {
        let title = item["title"].as_str().unwrap();
        let page = item["destpageposfrom1"].as_u64().unwrap() as u32;
        let text = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        // The running header names the report, not the section: the heading is a line of its own.
        assert!(
            text.lines().any(|l| l.trim() == title),
            "`{title}` is not a heading on page {page}"
        );
    }
    let requirements = items.iter().find(|i| i["title"] == "Requirements").unwrap();
    let subsections = requirements["kids"].as_array().unwrap();
    assert!(
        subsections.iter().any(|k| k["title"]
            .as_str()
            .unwrap()
            .starts_with("6.1 Service level management")),
        "{subsections:?}"
    );
}
