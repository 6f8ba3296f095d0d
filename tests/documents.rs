//! What documents say: control data read as real documents carry it (tables, revision
//! histories, signature blocks, block quotes, cover placeholders, Chinese blocks, DOCX
//! headers and footers — never Word's save counter as a version), and the contents the
//! standard prescribes checked element by element.

mod common;

use common::index;

use std::io::Write;
use std::path::Path;

use iso20k::assessment::Assessment;
use iso20k::catalogue::{Catalogue, RuleKind};
use iso20k::check::{assess, AssessOptions};

const MANIFEST: &str = "organisation = \"Document Test Provider\"\nassessment_date = 2026-04-30\nkind = \"internal-audit\"\n";

/// A DOCX with a heading style, a body of paragraphs and tables, a footer, and core
/// properties including Word's revision counter.
fn rich_docx(path: &Path, revision: &str, core_title: &str, body: &[Block], footer: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let para = |style: Option<&str>, text: &str| {
        let style = style
            .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
            .unwrap_or_default();
        format!(
            "<w:p>{style}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(text)
        )
    };
    let mut xml = String::new();
    for block in body {
        match block {
            Block::Heading(t) => xml.push_str(&para(Some("1"), t)),
            Block::Para(t) => xml.push_str(&para(None, t)),
            Block::Table(rows) => {
                xml.push_str("<w:tbl>");
                for row in rows.iter() {
                    xml.push_str("<w:tr>");
                    for cell in row.iter() {
                        xml.push_str(&format!("<w:tc>{}</w:tc>", para(None, cell)));
                    }
                    xml.push_str("</w:tr>");
                }
                xml.push_str("</w:tbl>");
            }
        }
    }
    z.start_file("word/document.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{xml}</w:body></w:document>"#).unwrap();
    // A localised style id (`1`) named `heading 1`, as Chinese Word writes them.
    z.start_file("word/styles.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#).unwrap();
    z.start_file("word/footer1.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}</w:ftr>"#, para(None, footer)).unwrap();
    z.start_file("docProps/core.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>jsmith</dc:creator><cp:revision>{revision}</cp:revision></cp:coreProperties>"#, esc(core_title)).unwrap();
    z.finish().unwrap();
}

enum Block {
    Heading(&'static str),
    Para(&'static str),
    Table(Vec<Vec<&'static str>>),
}

#[test]
fn control_data_is_read_where_real_documents_keep_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // A cover placeholder, the title on the next line, a header-row control table, a footer,
    // and Word's revision counter at 145.
    rich_docx(
        &ws.join("policies/infosec.docx"),
        "145",
        "Template v4",
        &[
            Block::Para("<Business Name>"),
            Block::Heading("Information Security Policy"),
            Block::Table(vec![
                vec!["Version", "Approved by", "Approval date", "Next review"],
                vec![
                    "1.0",
                    "Chief Information Officer",
                    "19 January 2020",
                    "19 January 2027",
                ],
            ]),
            Block::Para("1 Purpose"),
            Block::Para("The security of information is managed …"),
        ],
        "Document number ISP-01",
    );
    // A revision-history table and a signature block.
    rich_docx(
        &ws.join("procedures/access.docx"),
        "191",
        "",
        &[
            Block::Heading("Access Control Procedure"),
            Block::Table(vec![
                vec!["Version", "Date", "Description"],
                vec!["0.9", "2021-11-02", "Draft"],
                vec!["1.0", "1 April 2022", "First release"],
                vec!["1.1", "2023-05-20", "Annual review"],
            ]),
            Block::Para("Approved:"),
            Block::Para("Name: Dana Whitfield"),
            Block::Para("Date: 2023-05-22"),
        ],
        "",
    );
    common::file(
        &ws.join("plans/release-policy.md"),
        "# Release Policy\n\n> Version: 1.3\n> Approved by: CEO\n> Next review: 2027-02-20\n\nReleases are …\n".as_bytes(),
    );
    common::file(
        &ws.join("procedures/变更管理程序.md"),
        "变更管理程序\n\n| 文件编号 | QP-09 |\n| 版本号 | V2.0 |\n| 批准 | 王伟 |\n| 生效日期 | 2026年3月1日 |\n| 下次评审 | 2027年3月1日 |\n".as_bytes(),
    );
    let idx = index(ws);
    let doc = |p: &str| {
        idx.documents
            .iter()
            .find(|d| d.path == p)
            .unwrap_or_else(|| panic!("{p}"))
    };

    let d = doc("policies/infosec.docx");
    assert_eq!(d.title.as_deref(), Some("Information Security Policy"));
    assert_eq!(
        d.version.as_deref(),
        Some("1.0"),
        "not Word's revision counter 145"
    );
    assert_eq!(d.approved_by.as_deref(), Some("Chief Information Officer"));
    assert_eq!(d.approved_on.as_deref(), Some("2020-01-19"));
    assert_eq!(d.next_review.as_deref(), Some("2027-01-19"));
    assert_eq!(d.number.as_deref(), Some("ISP-01"), "read from the footer");
    assert_eq!(d.owner, None, "the account that saved the file is no owner");
    assert!(
        d.sources["version"].starts_with("control table"),
        "{:?}",
        d.sources
    );
    assert_eq!(d.document_type.as_deref(), Some("D28"));
    assert!(d
        .type_reason
        .as_deref()
        .unwrap()
        .contains("Information Security Policy"));

    let d = doc("procedures/access.docx");
    assert_eq!(d.version.as_deref(), Some("1.1"), "the latest revision");
    assert_eq!(d.approved_by.as_deref(), Some("Dana Whitfield"));
    assert!(d.sources["version"].starts_with("revision history"));
    assert!(d.sources["approved_by"].starts_with("signature block"));

    let d = doc("plans/release-policy.md");
    assert_eq!(
        (
            d.version.as_deref(),
            d.approved_by.as_deref(),
            d.next_review.as_deref()
        ),
        (Some("1.3"), Some("CEO"), Some("2027-02-20"))
    );

    let d = doc("procedures/变更管理程序.md");
    assert_eq!(d.title.as_deref(), Some("变更管理程序"));
    assert_eq!(d.version.as_deref(), Some("V2.0"));
    assert_eq!(d.approved_by.as_deref(), Some("王伟"));
    assert_eq!(d.effective_on.as_deref(), Some("2026-03-01"));
    assert_eq!(d.number.as_deref(), Some("QP-09"));
}

#[test]
fn several_documents_of_a_type_are_judged_together() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    // Three continuity plans; only one of them is approved: no "not approved" finding.
    for (name, control) in [
        ("dc-continuity-plan.md", "Version: 0.3\n"),
        (
            "service-continuity-plan.md",
            "Version: 2.0\nApproved by: COO\nApproval date: 2026-01-10\nNext review: 2027-01-10\n",
        ),
        ("it-continuity-plan.md", "Version: 0.1\n"),
    ] {
        common::file(
            &ws.join("plans").join(name),
            format!("# Service Continuity Plan\n\n{control}\nRecovery …\n").as_bytes(),
        );
    }
    let a = run(ws);
    assert!(
        !a.findings
            .iter()
            .any(|f| f.code == "document_not_approved" && f.requirement.starts_with("6.3.2")),
        "{:#?}",
        a.findings
            .iter()
            .filter(|f| f.code == "document_not_approved")
            .collect::<Vec<_>>()
    );
    // None approved: one finding that names every plan considered.
    for name in [
        "dc-continuity-plan.md",
        "service-continuity-plan.md",
        "it-continuity-plan.md",
    ] {
        common::file(
            &ws.join("plans").join(name),
            "# Service Continuity Plan\n\nVersion: 0.3\n\nRecovery …\n".as_bytes(),
        );
    }
    let a = run(ws);
    let f: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == "document_not_approved" && f.requirement.starts_with("6.3.2"))
        .collect();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].statement
            .en
            .contains("2 other document(s) of this type considered"),
        "{}",
        f[0].statement.en
    );
    assert_eq!(f[0].evidence.len(), 3);
}

fn run(ws: &Path) -> Assessment {
    let cat = Catalogue::builtin().unwrap();
    assess(&cat, &index(ws), &AssessOptions::default())
}

/// The documents whose contents the standard prescribes: (requirement, type).
const PRESCRIBED: &[(&str, &str)] = &[
    ("4.5.2-03", "D04"),   // service management plan
    ("7.2-03", "D32"),     // supplier contract
    ("6.1-06", "D20"),     // service level agreement
    ("6.2-03", "R09"),     // service report
    ("4.5.4.3-03", "R05"), // management-review inputs (minutes)
    ("4.5.4.2-02", "D11"), // internal audit procedure
    ("6.3.2-03", "D24"),   // continuity plan
    ("6.5-04", "D27"),     // capacity plan
    ("9.2-01", "D40"),     // change management policy
    ("9.3-01", "D44"),     // release policy
];

#[test]
fn prescribed_contents_are_checked_element_by_element() {
    let cat = Catalogue::builtin().unwrap();
    for &(id, kind) in PRESCRIBED {
        let req = cat.requirement(id).unwrap();
        assert!(
            req.evidence
                .iter()
                .any(|r| r.kind == RuleKind::Document && r.params["type"].as_str() == Some(kind)),
            "{id} has a document rule on {kind}"
        );
        let elements: Vec<_> = req
            .elements
            .iter()
            .filter(|e| !e.keywords.is_empty())
            .collect();
        assert!(elements.len() >= 2, "{id} lists its elements with keywords");
        let pattern = cat
            .document_types
            .iter()
            .find(|d| d.id == kind)
            .map(|d| d.patterns.en[0].clone())
            .or_else(|| {
                cat.record_types
                    .iter()
                    .find(|r| r.id == kind)
                    .map(|r| r.patterns.en[0].clone())
            })
            .unwrap();
        let write = |skip: &[&str]| {
            let dir = tempfile::tempdir().unwrap();
            common::file(&dir.path().join("assessment.toml"), MANIFEST.as_bytes());
            let mut text = format!("# {pattern}\n\nVersion: 1.0\nApproved by: COO\nApproval date: 2026-01-10\nNext review: 2027-01-10\n\n");
            for (k, e) in elements.iter().enumerate() {
                if !skip.contains(&e.id.as_str()) {
                    text.push_str(&format!(
                        "## {} {}\n\nSee the register.\n\n",
                        k + 1,
                        e.keywords.en[0]
                    ));
                }
            }
            let file = format!("docs/{}.md", pattern.replace(' ', "-"));
            common::file(&dir.path().join(file), text.as_bytes());
            let a = run(dir.path());
            (dir, a)
        };
        let (_d, complete) = write(&[]);
        assert!(
            !complete
                .findings
                .iter()
                .any(|f| f.code == "document_elements_missing" && f.requirement == id),
            "{id}: a complete document raises nothing: {:#?}",
            complete
                .findings
                .iter()
                .filter(|f| f.code == "document_elements_missing")
                .collect::<Vec<_>>()
        );
        let gaps = [
            elements[0].id.as_str(),
            elements[elements.len() - 1].id.as_str(),
        ];
        let (_d, partial) = write(&gaps);
        let f = partial
            .findings
            .iter()
            .find(|f| f.code == "document_elements_missing" && f.requirement == id)
            .unwrap_or_else(|| panic!("{id}: two missing elements are found"));
        for gap in gaps {
            assert!(
                f.statement.en.contains(&format!("({gap})")),
                "{id}: {}",
                f.statement.en
            );
        }
        assert!(
            f.statement
                .en
                .contains(&format!("lacks 2 of the {}", elements.len())),
            "{}",
            f.statement.en
        );
        assert_eq!(
            f.evidence[0].locations.len(),
            elements.len() - 2,
            "{id}: the found ones are cited"
        );
    }
}

#[test]
fn no_list_requirement_ends_on_a_dangling_colon_in_a_report() {
    let cat = Catalogue::builtin().unwrap();
    for lang in [iso20k::i18n::Lang::En, iso20k::i18n::Lang::Zh] {
        for r in cat.requirements.iter().filter(|r| !r.elements.is_empty()) {
            let text = iso20k::report::view::requirement_text(r, lang);
            assert!(!text.trim_end().ends_with([':', '：']), "{}: {text}", r.id);
            let start: String = r.elements[0].text.get(lang).chars().take(2).collect();
            assert!(text.contains(&start), "{}: {text}", r.id);
        }
    }
}

#[test]
fn catalogue_validation_rejects_a_forbidden_chinese_variant_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("controls/iso20000-1-2011");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let clause7 = dir.path().join("clause-7.toml");
    let text = std::fs::read_to_string(&clause7).unwrap();
    let changed = text.replacen("供应商管理", "供方管理", 1);
    assert_ne!(text, changed);
    std::fs::write(&clause7, &changed).unwrap();
    let line = changed
        .lines()
        .position(|l| l.contains("供方管理"))
        .unwrap()
        + 1;
    let (code, _, err) = common::iso20k(&["catalogue", "validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("clause-7.toml:{line}:")), "{err}");
    assert!(
        err.contains("error[CAT020]") && err.contains("`供方`"),
        "{err}"
    );
    // Capacity is never rendered so that it reads as competence.
    let cat = Catalogue::builtin().unwrap();
    for r in cat.requirements.iter().filter(|r| r.clause == "6.5") {
        assert!(!r.text.zh.contains("能力"), "{}: {}", r.id, r.text.zh);
    }
}

#[test]
fn catalogue_validation_rejects_a_document_rule_on_an_unknown_type() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("controls/iso20000-1-2011");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let clause6 = dir.path().join("clause-6.toml");
    let text = std::fs::read_to_string(&clause6).unwrap();
    let changed = text.replacen(
        "params = { type = \"D20\" }",
        "params = { type = \"D99\" }",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&clause6, &changed).unwrap();
    let (code, _, err) = common::iso20k(&["catalogue", "validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error[CAT019]") && err.contains("`D99`"),
        "{err}"
    );
    assert!(err.contains("clause-6.toml:"), "{err}");
}

#[test]
fn explain_shows_a_documents_type_and_where_its_control_data_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::file(&ws.join("assessment.toml"), MANIFEST.as_bytes());
    rich_docx(
        &ws.join("policies/infosec.docx"),
        "145",
        "",
        &[
            Block::Heading("Information Security Policy"),
            Block::Table(vec![
                vec!["Version", "Approved by", "Approval date"],
                vec!["2.0", "Chief Information Officer", "19 January 2026"],
            ]),
            Block::Para("1 Purpose"),
        ],
        "",
    );
    let (code, out, err) = common::iso20k(&[
        "evidence",
        ws.to_str().unwrap(),
        "--explain",
        "policies/infosec.docx",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("type: D28 Information security policy")
            && out.contains("— title \"Information Security Policy\""),
        "{out}"
    );
    let version = out
        .lines()
        .find(|l| l.trim_start().starts_with("version"))
        .unwrap();
    assert!(
        version.contains("2.0") && version.contains("(control table"),
        "{out}"
    );
    let approved = out
        .lines()
        .find(|l| l.trim_start().starts_with("approved_on"))
        .unwrap();
    assert!(approved.contains("2026-01-19"), "{out}");
}
