//! Reports read back: workbooks through calamine, HTML as text. Text from evidence never
//! becomes a formula or markup, and the same assessment always renders to the same bytes.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};

fn bin(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-samples")
        .join(name)
        .display()
        .to_string()
}

/// Assesses a sample and renders xlsx + html in `lang` into a fresh folder.
fn reports(name: &str, lang: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, err) = bin(&[
        "assess",
        &sample(name),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "xlsx,html",
        "--lang",
        lang,
    ]);
    assert!(code == 0 || code == 1, "{err}");
    (dir, out)
}

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    range
        .get((row, col))
        .map(|c| c.to_string())
        .unwrap_or_default()
}

#[test]
fn gap_workbook_reads_back_with_every_sheet_and_requirement() {
    let (_d, out) = reports("northwind-msp", "en");
    let mut wb: Xlsx<_> = open_workbook(out.join("gap-analysis.en.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "Requirements",
            "Findings",
            "Action plan",
            "Evidence requests",
            "Mandatory documents",
            "Tailoring requests",
            "Evidence"
        ]
    );
    let summary = wb.worksheet_range("Summary").unwrap();
    let find = |label: &str| {
        (0..summary.height())
            .find(|&r| cell(&summary, r, 0) == label)
            .unwrap_or_else(|| panic!("{label}"))
    };
    assert_eq!(
        cell(&summary, find("Organisation"), 1),
        "Northwind Managed Services Ltd"
    );
    // The verified score reads a claim as not assessed and leaves it out; the claims score
    // is shown beside it.
    let score = summary.get((find("Verified score"), 1)).unwrap();
    assert!(
        matches!(score, Data::Float(s) if (*s - 95.5).abs() < 0.05),
        "{score:?}"
    );
    assert_eq!(cell(&summary, find("Score if claims hold"), 1), "97.2");
    assert_eq!(
        cell(&summary, find("Verdict"), 1),
        "Ready, with minor nonconformities to correct (provisional)"
    );
    assert_eq!(cell(&summary, find("Major nonconformity"), 1), "0");
    assert_eq!(cell(&summary, find("Minor nonconformity"), 1), "10");
    assert_eq!(cell(&summary, find("Basis: Claimed only"), 1), "137");
    let basis = cell(&summary, find("Basis of the statuses"), 1);
    assert!(
        basis.starts_with(
            "The client confirmed that the evidence is its complete SMS documentation"
        ) && basis.contains("Of the 273 requirements, 136 were verified automatically")
            && basis.contains("The score, 95.5, rests on 137 requirements"),
        "{basis}"
    );

    let reqs = wb.worksheet_range("Requirements").unwrap();
    assert_eq!(cell(&reqs, 0, 0), "Requirement");
    assert_eq!(cell(&reqs, 0, 3), "Status");
    assert_eq!(reqs.height(), 274, "header plus one row per requirement");
    let row = (1..reqs.height())
        .find(|&r| cell(&reqs, r, 0) == "9.2-09")
        .unwrap();
    assert_eq!(cell(&reqs, row, 3), "Partial");
    assert_eq!(cell(&reqs, row, 8), "Verified");
    assert!(cell(&reqs, row, 9).starts_with("F-"));
    assert!(cell(&reqs, row, 10).contains("records/change_request.xlsx"));
    let claimed = (1..reqs.height())
        .find(|&r| cell(&reqs, r, 0) == "4.1.1-03")
        .unwrap();
    assert_eq!(cell(&reqs, claimed, 3), "Conforming (claimed)");
    assert_eq!(cell(&reqs, claimed, 8), "Claimed only");

    let actions = wb.worksheet_range("Action plan").unwrap();
    assert_eq!(cell(&actions, 1, 0), "1");
    assert_eq!(cell(&actions, 1, 2), "Minor nonconformity");
    assert_eq!(cell(&actions, 0, 6), "Owner");

    let docs = wb.worksheet_range("Mandatory documents").unwrap();
    assert_eq!(docs.height(), 48);
    let capacity = (1..docs.height())
        .find(|&r| cell(&docs, r, 0) == "D27")
        .unwrap();
    assert_eq!(cell(&docs, capacity, 2), "no");
}

#[test]
fn chinese_audit_workbook_has_chinese_labels() {
    let (_d, out) = reports("huaxia-cloud", "zh");
    let mut wb: Xlsx<_> = open_workbook(out.join("internal-audit.zh.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "审核信息",
            "发现项",
            "纠正措施要求",
            "证据请求",
            "要求",
            "抽样附录",
            "证据"
        ]
    );
    let details = wb.worksheet_range("审核信息").unwrap();
    assert_eq!(cell(&details, 0, 0), "ISO/IEC 20000-1:2011 内部审核报告");
    assert_eq!(cell(&details, 2, 0), "组织");
    assert_eq!(cell(&details, 2, 1), "华夏云服务有限公司");
    let car = wb.worksheet_range("纠正措施要求").unwrap();
    assert_eq!(cell(&car, 0, 1), "等级");
    assert_eq!(cell(&car, 1, 1), "轻微不符合");
    assert!(
        (1..car.height()).any(|r| cell(&car, r, 5).contains("变更")),
        "the late change approval is a corrective-action request"
    );
    assert_eq!(cell(&car, 0, 6), "定级理由");
    assert!(
        cell(&car, 1, 6).contains("经确认的偏离"),
        "{}",
        cell(&car, 1, 6)
    );
    assert_eq!(cell(&car, 0, 10), "根本原因");
    let find = |label: &str| {
        (0..details.height())
            .find(|&r| cell(&details, r, 0) == label)
            .unwrap_or_else(|| panic!("{label}"))
    };
    assert!(cell(&details, find("独立性"), 1).starts_with("审核组全体成员均声明了独立性"));
    assert!(cell(&details, find("状态依据"), 1).contains("项仅有服务提供方的自我声明"));
}

#[test]
fn evidence_text_never_becomes_a_formula_or_markup() {
    let (dir, out) = reports("northwind-msp", "en");
    let path = out.join("assessment.json");
    let mut a: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    // Every finding's text, so whichever the action plan lists first carries it.
    for f in a["findings"].as_array_mut().unwrap() {
        f["statement"]["en"] = "=HYPERLINK(\"http://example.invalid\",\"click\")".into();
        f["recommendation"]["en"] = "+1+2".into();
    }
    a["evidence"]["files"][0]["path"] = "<script>alert(1)</script>.xlsx".into();
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, serde_json::to_vec(&a).unwrap()).unwrap();
    let out2 = dir.path().join("out2");
    let (code, err) = bin(&[
        "report",
        tampered.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");

    let mut wb: Xlsx<_> = open_workbook(out2.join("gap-analysis.en.xlsx")).unwrap();
    let actions = wb.worksheet_range("Action plan").unwrap();
    assert!(
        cell(&actions, 1, 4).starts_with("=HYPERLINK(\"http://example.invalid\",\"click\")"),
        "{}",
        cell(&actions, 1, 4)
    );
    assert_eq!(cell(&actions, 1, 5), "+1+2");
    let formulas = wb.worksheet_formula("Action plan").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );

    let html = std::fs::read_to_string(out2.join("gap-analysis.en.html")).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.xlsx"));
}

#[test]
fn html_reports_hold_every_section() {
    let (_d, out) = reports("northwind-msp", "en");
    let html = std::fs::read_to_string(out.join("gap-analysis.en.html")).unwrap();
    for section in [
        "summary",
        "method",
        "clauses",
        "requirements",
        "findings",
        "actions",
        "documents",
        "tailoring",
        "evidence",
    ] {
        assert!(html.contains(&format!("id=\"{section}\"")), "{section}");
    }
    assert!(html.contains("Northwind Managed Services Ltd"));
    assert!(html.contains("CHG0030012"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "self-contained: no external requests"
    );
    let (_d, out) = reports("huaxia-cloud", "zh");
    let html = std::fs::read_to_string(out.join("internal-audit.zh.html")).unwrap();
    for section in [
        "details",
        "findings",
        "conclusions",
        "car",
        "clauses",
        "sampling",
        "evidence",
        "signoff",
    ] {
        assert!(html.contains(&format!("id=\"{section}\"")), "{section}");
    }
    assert!(html.contains("变更管理") && html.contains("轻微不符合"));
}

#[test]
fn reports_are_byte_identical_run_to_run() {
    let (_a, first) = reports("tailored-scope", "en");
    let (_b, second) = reports("tailored-scope", "en");
    for name in [
        "assessment.json",
        "gap-analysis.en.xlsx",
        "gap-analysis.en.html",
    ] {
        assert_eq!(
            std::fs::read(first.join(name)).unwrap(),
            std::fs::read(second.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn custom_templates_override_and_report_refuses_to_overwrite() {
    let (dir, out) = reports("tailored-scope", "en");
    let templates = dir.path().join("tpl");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("gap-analysis.html.hbs"),
        // A custom template lays the document out freely: here the verdict (the cover's
        // emphasised figure) and the findings section's table alone.
        "<h1>{{organisation}}</h1>{{#each cover.figures}}{{#if value.colour}}<p>{{value.text}}</p>{{/if}}{{/each}}\
         {{#each sections}}{{#if (eq id \"findings\")}}<h2>{{title}}</h2><p>{{blocks.0.row_count}} rows</p>{{/if}}{{/each}}",
    )
    .unwrap();
    let out2 = dir.path().join("custom");
    let a = out.join("assessment.json");
    let (code, err) = bin(&[
        "report",
        a.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--format",
        "html",
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out2.join("gap-analysis.en.html")).unwrap();
    // The report marker goes in even when a custom template has no <head>, so the file is
    // never read back as evidence.
    assert_eq!(
        html,
        "<meta name=\"iso20k-report\" content=\"gap-analysis\">\n<h1>Tailwind IT Services</h1><p>Not ready for certification (provisional)</p><h2>Findings</h2><p>3 rows</p>"
    );
    let (code, err) = bin(&[
        "report",
        a.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    // A template with a misspelt field is an error, not a blank.
    std::fs::write(templates.join("gap-analysis.html.hbs"), "{{organisaton}}").unwrap();
    let (code, err) = bin(&[
        "report",
        a.to_str().unwrap(),
        "--out",
        dir.path().join("x").to_str().unwrap(),
        "--format",
        "html",
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("organisaton"), "{err}");
}

#[test]
fn chinese_html_carries_the_glyphs_of_its_chinese_text() {
    let (_d, out) = reports("huaxia-cloud", "zh");
    let html = std::fs::read_to_string(out.join("internal-audit.zh.html")).unwrap();
    let start = html
        .find("url(data:font/ttf;base64,")
        .expect("an embedded font face")
        + "url(data:font/ttf;base64,".len();
    let end = start + html[start..].find(')').unwrap();
    use base64::Engine;
    let font = base64::engine::general_purpose::STANDARD
        .decode(&html[start..end])
        .unwrap();
    let face = ttf_parser::Face::parse(&font, 0).expect("a valid font");
    // Every Chinese character of the page has its glyph, so a browser without CJK fonts
    // draws no empty boxes.
    let missing: Vec<char> = html
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .filter(|c| face.glyph_index(*c).is_none())
        .collect();
    assert!(missing.is_empty(), "no glyph for {missing:?}");
    assert!(face.glyph_index('审').is_some());
    // A page without Chinese text embeds nothing.
    let (_d, out) = reports("northwind-msp", "en");
    let html = std::fs::read_to_string(out.join("gap-analysis.en.html")).unwrap();
    assert!(!html.contains("@font-face"));
}

#[test]
fn workbook_numbers_are_numbers_and_the_columns_to_fill_offer_their_values() {
    let (_d, out) = reports("northwind-msp", "en");
    let path = out.join("gap-analysis.en.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let row = (0..summary.height())
        .find(|&r| cell(&summary, r, 0) == "Score if claims hold")
        .unwrap();
    let claims = summary.get((row, 1)).unwrap();
    assert!(
        matches!(claims, Data::Float(s) if (*s - 97.2).abs() < 0.05),
        "{claims:?}"
    );
    let clauses = (0..summary.height())
        .find(|&r| cell(&summary, r, 0) == "4")
        .expect("clause 4's score row");
    assert!(matches!(summary.get((clauses, 2)), Some(Data::Float(_))));
    assert!(matches!(summary.get((clauses, 3)), Some(Data::Float(_))));

    // The evidence request list is a sheet of its own.
    let requests = wb.worksheet_range("Evidence requests").unwrap();
    let header = (0..requests.height())
        .find(|&r| cell(&requests, r, 0) == "Priority")
        .expect("the request table's header");
    assert_eq!(cell(&requests, header, 2), "What to send");
    assert!(cell(&requests, header + 1, 0).starts_with("1 "));

    // Record exports serve the requirements whose checks read them.
    let evidence = wb.worksheet_range("Evidence").unwrap();
    let incidents = (0..evidence.height())
        .find(|&r| (0..evidence.width()).any(|c| cell(&evidence, r, c) == "records/incident.xlsx"))
        .expect("the incident export is listed");
    assert!(
        (0..evidence.width()).any(|c| cell(&evidence, incidents, c).contains("8.1-03")),
        "{:?}",
        (0..evidence.width())
            .map(|c| cell(&evidence, incidents, c))
            .collect::<Vec<_>>()
    );

    // The action plan's status column is a drop-down.
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let mut found = false;
    for name in names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
    {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
        if xml.contains("<dataValidation") && xml.contains("Open,In progress,Done,Verified") {
            found = true;
        }
    }
    assert!(found, "a status drop-down in the workbook");
}

/// The Latin words in the text of a Chinese HTML report, outside what is Latin by nature:
/// code in backticks, ids and codes (`F-001`, `REC-INC-CLOSURE`, `4.5.4.2-06`, `D01`), file
/// names and paths, hashes, format names in capitals, list letters (`（a）`), and the
/// standard's own designations (`ISO/IEC`, `Amd`) and the tool's name.
fn latin_words(html: &str) -> Vec<String> {
    // Style and script are no text.
    let mut text = html.to_string();
    for tag in ["style", "script"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        while let Some(i) = text.find(&open) {
            let end = text[i..]
                .find(&close)
                .map_or(text.len(), |j| i + j + close.len());
            text.replace_range(i..end, " ");
        }
    }
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    // Entities back to characters (`&#x60;` is the backtick).
    let mut decoded = String::with_capacity(plain.len());
    let mut rest = plain.as_str();
    while let Some(i) = rest.find('&') {
        decoded.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 8);
        let entity = end.map(|e| &rest[1..e]);
        let c = match entity {
            Some("quot") => Some('"'),
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some(e) if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (c, end) {
            (Some(c), Some(e)) => {
                decoded.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    let plain = decoded;
    // Code in backticks: commands and manifest keys.
    let mut unquoted = String::new();
    for (i, part) in plain.split('`').enumerate() {
        if i % 2 == 0 {
            unquoted.push_str(part);
            unquoted.push(' ');
        }
    }
    let mut words = Vec::new();
    let chars: Vec<char> = unquoted.chars().collect();
    let token_char = |c: char| c.is_ascii_alphanumeric() || "_-./:@".contains(c);
    let mut i = 0;
    while i < chars.len() {
        if !token_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && token_char(chars[i]) {
            i += 1;
        }
        let token: String = chars[start..i].iter().collect();
        let token = token.trim_end_matches(['.', ':', '-']);
        let letters = token.chars().any(|c| c.is_ascii_alphabetic());
        let after_dot = start > 0 && chars[start - 1] == '.';
        let natural = !letters
            || after_dot
            || token.contains(['.', '/', '_', '@'])
            || token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            || (token.chars().any(|c| c.is_ascii_digit()) && token.contains('-'))
            || (token.len() >= 12 && token.chars().all(|c| c.is_ascii_hexdigit()))
            || token.starts_with("sha256")
            || token.len() == 1
            || ["Amd", "iso20k"].contains(&token);
        if !natural {
            let context: String = chars[start.saturating_sub(30)..(i + 20).min(chars.len())]
                .iter()
                .collect();
            words.push(format!("{token} :: {}", context.replace('\n', " ")));
        }
    }
    words
}

#[test]
fn chinese_reports_of_the_samples_speak_chinese() {
    let cases = [
        ("huaxia-cloud", "internal-audit", "internal-audit.zh.html"),
        ("huaxia-cloud", "gap", "gap-analysis.zh.html"),
    ];
    for (sample, kind, file) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r");
        let path = self::sample(sample);
        let (code, err) = bin(&[
            "assess",
            &path,
            "--out",
            out.to_str().unwrap(),
            "--kind",
            kind,
            "--format",
            "html",
            "--lang",
            "zh",
        ]);
        assert!(code == 0 || code == 1, "{err}");
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        let words = latin_words(&html);
        assert!(
            words.is_empty(),
            "{sample} {kind}: English left in the Chinese report:\n{}",
            words.join("\n")
        );
        assert!(
            !html.contains("自称"),
            "{sample} {kind}: 自称 reads as pejorative"
        );
        if kind == "internal-audit" {
            assert!(
                !html.contains("评估日期"),
                "an internal audit has an audit date (审核日期)"
            );
        }
    }
}

#[test]
fn the_latin_word_scan_finds_english_and_passes_what_is_latin_by_nature() {
    let html = "<style>p{color:red}</style><p>见 policies/方针.docx、REC-INC-CLOSURE、F-001、4.5.4.2-06、D01、XLSX、（a）、`iso20k assess --kind gap`、sha256:a922b8864a8f</p><td>lead assessor</td>";
    let words = latin_words(html);
    assert_eq!(words.len(), 2, "{words:?}");
    assert!(words[0].starts_with("lead ::"));
}
