//! Documents as organisations write them, written here from scratch: a PDF whose cover starts
//! with the company's name and whose revision and approval tables come out as columns of
//! text, Chinese PDFs whose font is not embedded, a DOCX titled on its cover with a first
//! heading "Introduction", and a procedure typed by what it says with no register at all.
//! Each asserts the fields read, and that findings print words, never match stems.

mod common;

use common::index;

use std::io::Write;

use iso20k::catalogue::{Catalogue, RuleKind};
use iso20k::check::{assess, AssessOptions};
use iso20k::evidence::{scan, DocumentInfo, EvidenceIndex, ScanOptions};

const MANIFEST: &str =
    "organisation = \"Meridian Managed IT\"\nassessment_date = 2026-04-30\nkind = \"gap\"\n";

fn workspace(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::file(&dir.path().join("assessment.toml"), MANIFEST.as_bytes());
    for (path, bytes) in files {
        common::file(&dir.path().join(path), bytes);
    }
    dir
}

fn document<'a>(idx: &'a EvidenceIndex, path: &str) -> &'a DocumentInfo {
    idx.documents
        .iter()
        .find(|d| d.path == path)
        .unwrap_or_else(|| panic!("{path} not read as a document: {:#?}", idx.skipped))
}

/// A PDF page of text lines in a font that is not embedded, addressed through a predefined
/// CJK CMap (`UniGB-UCS2-H`: two-byte Unicode; `GBK-EUC-H`: GBK bytes), as older Chinese
/// tools write them.
fn cjk_pdf(lines: &[&str], cmap: &str) -> Vec<u8> {
    let encode = |l: &str| -> String {
        let bytes: Vec<u8> = if cmap.contains("UCS2") {
            l.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
        } else {
            encoding_rs::GBK.encode(l).0.into_owned()
        };
        bytes.iter().map(|b| format!("{b:02X}")).collect()
    };
    let shown: Vec<String> = lines
        .iter()
        .map(|l| format!("<{}> Tj 0 -24 Td", encode(l)))
        .collect();
    let content = format!("BT /F1 14 Tf 72 760 Td {} ET", shown.join(" "));
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{cmap} /DescendantFonts [6 0 R] >>"),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>".to_string(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A DOCX with Word's styles: `Title` on the cover, `Heading1` headings, and body text; the
/// cover's paragraphs may be set larger (`sz`, half-points) instead of styled.
fn styled_docx(paragraphs: &[(&str, Option<&str>, Option<u32>)], core_title: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut body = String::new();
    for (text, style, size) in paragraphs {
        let style = style
            .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
            .unwrap_or_default();
        let size = size
            .map(|s| format!("<w:rPr><w:sz w:val=\"{s}\"/></w:rPr>"))
            .unwrap_or_else(|| "<w:rPr><w:sz w:val=\"22\"/></w:rPr>".into());
        body.push_str(&format!(
            "<w:p>{style}<w:r>{size}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
        ));
    }
    z.start_file("word/document.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).unwrap();
    z.start_file("word/styles.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>"#).unwrap();
    z.start_file("docProps/core.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{core_title}</dc:title><cp:revision>14</cp:revision></cp:coreProperties>"#).unwrap();
    z.finish().unwrap().into_inner()
}

#[test]
fn a_pdf_cover_naming_the_company_first_and_column_laid_tables_give_title_version_and_approval() {
    let procedure = iso20k::sample::files::pdf_bytes(&[
        "Meridian Managed IT Ltd",
        "Change Management Procedure",
        "Revision History",
        "Version Date Author Change",
        "0.9 14 Feb 2022 J. Smith First draft",
        "1.0 1 Mar 2022 J. Smith Initial release",
        "Document Approver",
        "Version Approval Date Approving Authority",
        "1.0 1 April 2022 Board of Directors",
        "1 Purpose",
        "How changes are requested, assessed, approved, implemented and reviewed.",
    ]);
    let sla = iso20k::sample::files::pdf_bytes(&[
        "Meridian Managed IT",
        "Service Level Agreement - Contoso Retail plc",
        "Version 2.1",
    ]);
    let dir = workspace(&[
        ("procedures/CHG-PROC.pdf", procedure),
        ("agreements/sla-contoso.pdf", sla),
    ]);
    let idx = index(dir.path());
    let d = document(&idx, "procedures/CHG-PROC.pdf");
    assert_eq!(d.title.as_deref(), Some("Change Management Procedure"));
    assert_eq!(d.version.as_deref(), Some("1.0"));
    assert_eq!(d.approved_on.as_deref(), Some("2022-04-01"));
    assert_eq!(d.approved_by.as_deref(), Some("Board of Directors"));
    assert_eq!(d.revised_on.as_deref(), Some("2022-03-01"));
    // Typed by what it says, with no register: the change-management procedure.
    assert_eq!(d.document_type.as_deref(), Some("D41"), "{d:#?}");
    let sla = document(&idx, "agreements/sla-contoso.pdf");
    // The manifest's organisation is never the title, suffix or not.
    assert_eq!(
        sla.title.as_deref(),
        Some("Service Level Agreement - Contoso Retail plc")
    );
    assert!(
        sla.sources["title"].contains("names the organisation"),
        "{:?}",
        sla.sources
    );

    // With no register, the procedure still counts: no finding says it is missing.
    let cat = Catalogue::builtin().unwrap();
    let a = assess(&cat, &idx, &AssessOptions::default());
    assert!(a
        .findings
        .iter()
        .all(|f| !(f.code == "document_missing" && f.subject == "document:D41")));

    // `--explain` makes the same decision as the listing.
    let (code, out, err) = common::iso20k(&[
        "evidence",
        dir.path().to_str().unwrap(),
        "--explain",
        "procedures/CHG-PROC.pdf",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("type: D41"), "{out}");
    assert!(out.contains("approved_on   2022-04-01"), "{out}");
}

#[test]
fn chinese_pdfs_whose_font_is_not_embedded_are_read() {
    let lines = [
        "信息安全策略",
        "版本：V3.0",
        "批准人：王伟",
        "批准日期：2026年3月1日",
        "本策略规定了信息安全管理的要求。",
    ];
    let dir = workspace(&[
        (
            "policies/信息安全策略 v3.0.pdf",
            cjk_pdf(&lines, "UniGB-UCS2-H"),
        ),
        (
            "policies/信息安全策略-gbk.pdf",
            cjk_pdf(&lines, "GBK-EUC-H"),
        ),
    ]);
    let idx = index(dir.path());
    assert!(idx.unread.is_empty(), "{:#?}", idx.unread);
    for path in [
        "policies/信息安全策略 v3.0.pdf",
        "policies/信息安全策略-gbk.pdf",
    ] {
        let d = document(&idx, path);
        assert_eq!(d.title.as_deref(), Some("信息安全策略"), "{path}");
        assert_eq!(d.version.as_deref(), Some("V3.0"), "{path}");
        assert_eq!(d.approved_by.as_deref(), Some("王伟"), "{path}");
        assert_eq!(d.approved_on.as_deref(), Some("2026-03-01"), "{path}");
        assert_eq!(d.document_type.as_deref(), Some("D28"), "{path}");
    }
    let text = &idx.document_texts[0];
    assert!(text.contains("本策略规定了信息安全管理的要求"), "{text}");
}

#[test]
fn a_docx_titled_on_its_cover_is_not_called_introduction() {
    let styled = styled_docx(
        &[
            ("Meridian Managed IT Ltd", None, Some(28)),
            ("Disaster Recovery Plan", Some("Title"), Some(56)),
            ("Introduction", Some("Heading1"), None),
            (
                "This plan says how services are recovered after a major loss.",
                None,
                None,
            ),
        ],
        "",
    );
    // No styles used: the cover's largest type is the title.
    let sized = styled_docx(
        &[
            ("Meridian Managed IT Ltd", None, Some(28)),
            ("Capacity Plan 2026", None, Some(48)),
            ("Introduction", Some("Heading1"), None),
            ("How capacity is planned.", None, None),
        ],
        "Microsoft Word - CAP_v2.docx",
    );
    let dir = workspace(&[("plans/DRP.docx", styled), ("plans/CAP.docx", sized)]);
    let idx = index(dir.path());
    let drp = document(&idx, "plans/DRP.docx");
    assert_eq!(drp.title.as_deref(), Some("Disaster Recovery Plan"));
    assert_eq!(drp.sources["title"], "cover (title style or largest type)");
    assert_eq!(drp.document_type.as_deref(), Some("D24"), "{drp:#?}");
    let cap = document(&idx, "plans/CAP.docx");
    assert_eq!(cap.title.as_deref(), Some("Capacity Plan 2026"));
}

/// Whether `text` holds `stem` as a whole token (bounded by no letter either side).
fn holds_token(text: &str, stem: &str) -> bool {
    let lower = text.to_lowercase();
    lower.match_indices(stem).any(|(i, m)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

#[test]
fn findings_print_the_topics_in_words_never_their_match_stems() {
    // Every document type of both editions with a bare document of its title: every topic
    // rule fires, and each finding lists what is missing.
    for edition in ["2011", "2018"] {
        let cat = Catalogue::builtin_edition(edition).unwrap().unwrap();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, t) in cat.document_types.iter().enumerate() {
            let text = format!(
                "# {}\n\nVersion: 1.0\nApproved by: R. Adams\nApproval date: 2026-01-10\nNext review date: 2027-01-10\n\nThis document is kept under document control.\n",
                t.title.en
            );
            files.push((format!("docs/{i:02}.md"), text.into_bytes()));
        }
        let dir = tempfile::tempdir().unwrap();
        common::file(
            &dir.path().join("assessment.toml"),
            format!("{MANIFEST}edition = \"{edition}\"\n").as_bytes(),
        );
        for (path, bytes) in &files {
            common::file(&dir.path().join(path), bytes);
        }
        let idx = scan(dir.path(), &cat, &ScanOptions::default()).unwrap();
        let a = assess(&cat, &idx, &AssessOptions::default());
        // A stem is a pattern that is no word anywhere in the catalogue's English texts
        // (`remov`, `escalat`): a match pattern, never text to print.
        let mut words: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut add = |t: &str| {
            for w in t.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
                words.insert(w.to_string());
            }
        };
        for r in &cat.requirements {
            add(&r.text.en);
            add(&r.typical_evidence.en);
        }
        for t in &cat.document_types {
            add(&t.title.en);
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut topics = 0;
        for r in &cat.requirements {
            for rule in r.evidence.iter().filter(|e| e.kind == RuleKind::Document) {
                let Some(list) = rule.params.get("topics").and_then(|t| t.as_array()) else {
                    continue;
                };
                for topic in list {
                    topics += 1;
                    let text = topic["text"]["en"].as_str().unwrap_or_else(|| {
                        panic!("{edition} {}: a topic without a display text", r.id)
                    });
                    add(text);
                    assert!(!topic["text"]["zh"].as_str().unwrap().trim().is_empty());
                    for p in topic["en"].as_array().into_iter().flatten() {
                        patterns.push(p.as_str().unwrap().trim().to_lowercase());
                    }
                }
            }
        }
        let stems: Vec<String> = patterns
            .into_iter()
            .filter(|p| {
                !p.contains(' ') && p.chars().all(char::is_alphabetic) && !words.contains(p)
            })
            .collect();
        assert!(stems.iter().any(|s| s == "remov"), "{stems:?}");
        assert!(topics > 20, "{edition}: {topics} topics");
        let listed: Vec<&iso20k::assessment::Finding> = a
            .findings
            .iter()
            .filter(|f| f.code == "document_topics_missing")
            .collect();
        assert!(!listed.is_empty(), "{edition}: no topic finding to look at");
        // The texts a topic finding prints are the topics' own: no stem shows in them.
        for f in a
            .findings
            .iter()
            .filter(|f| f.code.starts_with("document_"))
        {
            for stem in &stems {
                assert!(
                    !holds_token(&f.statement.en, stem) && !holds_token(&f.recommendation.en, stem),
                    "{edition} {}: the stem `{stem}` is printed: {}",
                    f.id,
                    f.statement.en
                );
            }
        }
    }
}
