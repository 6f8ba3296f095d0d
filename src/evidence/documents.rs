//! Documents: text and document-control metadata from DOCX, PDF, Markdown and text files, and
//! their match to the catalogue's mandatory document types.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;

use super::date::Timestamp;
use crate::catalogue::Catalogue;

/// Text kept per document (enough for titles, control blocks and topic checks).
const MAX_TEXT: usize = 2 * 1024 * 1024;

/// Document-control metadata, from file properties or a control block in the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentMeta {
    /// Title.
    pub title: Option<String>,
    /// Version or revision.
    pub version: Option<String>,
    /// Owner (or author when no owner is named).
    pub owner: Option<String>,
    /// Approver.
    pub approved_by: Option<String>,
    /// Approval date.
    pub approved_on: Option<Timestamp>,
    /// Next review date.
    pub next_review: Option<Timestamp>,
    /// Status (draft, approved, …).
    pub status: Option<String>,
    /// Creation date from file properties.
    pub created: Option<Timestamp>,
    /// Last modification date from file properties.
    pub modified: Option<Timestamp>,
    /// Who last modified it, from file properties.
    pub last_modified_by: Option<String>,
}

/// A document's text and metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedDocument {
    /// Plain text (capped).
    pub text: String,
    /// Metadata.
    pub meta: DocumentMeta,
}

/// Reads a DOCX: body text (paragraphs and table cells) and `docProps/core.xml`.
pub fn read_docx(bytes: &[u8]) -> Result<ExtractedDocument, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a valid DOCX (zip) file: {e}; re-save it from Word as .docx"))?;
    let body = read_entry(&mut archive, "word/document.xml")?
        .ok_or("no word/document.xml inside: not a Word document")?;
    let text = docx_text(&body)?;
    let mut meta = DocumentMeta::default();
    if let Some(core) = read_entry(&mut archive, "docProps/core.xml")? {
        core_properties(&core, &mut meta)?;
    }
    let mut doc = ExtractedDocument { text, meta };
    apply_control_block(&mut doc);
    Ok(doc)
}

fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let mut entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("`{name}` is unreadable: {e}")),
    };
    let mut out = String::new();
    entry
        .by_ref()
        .take(64 << 20)
        .read_to_string(&mut out)
        .map_err(|e| format!("`{name}` is damaged: {e}"))?;
    Ok(Some(out))
}

fn resolve_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn docx_text(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tab" => out.push('\t'),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => out.push('\n'),
                b"tc" => out.push('\t'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                out.push_str(
                    &t.decode()
                        .map_err(|e| format!("bad text in document.xml: {e}"))?,
                );
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(c) = std::str::from_utf8(&r).ok().and_then(resolve_entity) {
                    out.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(format!(
                    "document.xml is damaged at byte {}: {e}",
                    reader.buffer_position()
                ))
            }
            _ => {}
        }
        if out.len() > MAX_TEXT {
            break;
        }
    }
    Ok(out)
}

fn core_properties(xml: &str, meta: &mut DocumentMeta) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<Vec<u8>> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                current = Some(e.local_name().as_ref().to_vec());
                value.clear();
            }
            Ok(Event::Text(t)) if current.is_some() => {
                value.push_str(&t.decode().unwrap_or_default());
            }
            Ok(Event::GeneralRef(r)) if current.is_some() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    value.push(c);
                } else if let Some(c) = std::str::from_utf8(&r).ok().and_then(resolve_entity) {
                    value.push(c);
                }
            }
            Ok(Event::End(_)) => {
                if let Some(name) = current.take() {
                    let v = value.trim().to_string();
                    if !v.is_empty() {
                        match name.as_slice() {
                            b"title" => meta.title = Some(v),
                            b"creator" => meta.owner = Some(v),
                            b"revision" => meta.version = Some(v),
                            b"created" => meta.created = Timestamp::parse(&v),
                            b"modified" => meta.modified = Timestamp::parse(&v),
                            b"lastModifiedBy" => meta.last_modified_by = Some(v),
                            b"contentStatus" => meta.status = Some(v),
                            _ => {}
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("docProps/core.xml is damaged: {e}")),
            _ => {}
        }
    }
    Ok(())
}

/// Reads a PDF's text in this process. Garbage, encrypted or unsupported PDFs give an error,
/// never a panic; but a PDF that exhausts memory or the stack ends the process, which is why
/// a run reads PDFs through [`super::pdf_worker`].
pub fn read_pdf(bytes: &[u8]) -> Result<ExtractedDocument, String> {
    extract_pdf_text(bytes).map(pdf_document)
}

/// The raw text of a PDF (what the PDF worker process computes).
pub fn extract_pdf_text(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"%PDF") {
        return Err("not a PDF file (no %PDF header)".into());
    }
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(format!(
            "the PDF's text cannot be read ({e}); it may be encrypted or damaged: export it again, or add a text copy"
        )),
        Err(_) => Err(
            "the PDF's text cannot be read; it is damaged or uses an unsupported feature: export it again, or add a text copy"
                .into(),
        ),
    }
}

/// A document from a PDF's raw text: capped, with its control block applied.
pub fn pdf_document(mut text: String) -> ExtractedDocument {
    text.truncate(floor_char_boundary(&text, MAX_TEXT));
    let mut doc = ExtractedDocument {
        text,
        meta: DocumentMeta::default(),
    };
    apply_control_block(&mut doc);
    doc
}

/// Reads a Markdown or plain-text document (UTF-8, UTF-16 or GB18030).
pub fn read_text(bytes: &[u8]) -> ExtractedDocument {
    let (mut text, _) = super::tabular::decode_text(bytes);
    text.truncate(floor_char_boundary(&text, MAX_TEXT));
    let mut doc = ExtractedDocument {
        text,
        meta: DocumentMeta::default(),
    };
    apply_control_block(&mut doc);
    doc
}

/// A document made of a spreadsheet's cells.
pub fn from_sheet_text(text: String) -> ExtractedDocument {
    let mut doc = ExtractedDocument {
        text,
        meta: DocumentMeta::default(),
    };
    apply_control_block(&mut doc);
    doc
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Copy)]
enum Label {
    Title,
    Version,
    Owner,
    ApprovedBy,
    ApprovedOn,
    NextReview,
    Status,
}

/// Labels of a document-control block, longest first so `Next review date` beats `Review`.
const LABELS: &[(&str, Label)] = &[
    ("document title", Label::Title),
    ("文件名称", Label::Title),
    ("文档名称", Label::Title),
    ("next review date", Label::NextReview),
    ("next review", Label::NextReview),
    ("review due", Label::NextReview),
    ("下次评审日期", Label::NextReview),
    ("下次评审", Label::NextReview),
    ("复审日期", Label::NextReview),
    ("approval date", Label::ApprovedOn),
    ("date approved", Label::ApprovedOn),
    ("approved on", Label::ApprovedOn),
    ("审批日期", Label::ApprovedOn),
    ("批准日期", Label::ApprovedOn),
    ("approved by", Label::ApprovedBy),
    ("approver", Label::ApprovedBy),
    ("批准人", Label::ApprovedBy),
    ("审批人", Label::ApprovedBy),
    ("document owner", Label::Owner),
    ("owner", Label::Owner),
    ("文件负责人", Label::Owner),
    ("文档负责人", Label::Owner),
    ("负责人", Label::Owner),
    ("编制人", Label::Owner),
    ("document version", Label::Version),
    ("version", Label::Version),
    ("revision", Label::Version),
    ("版本号", Label::Version),
    ("版本", Label::Version),
    ("document status", Label::Status),
    ("status", Label::Status),
    ("文件状态", Label::Status),
    ("状态", Label::Status),
];

/// Finds `Label: value` lines (also `Label<tab>value` and Markdown table rows) near the top of
/// the text and fills the metadata they give; the block wins over file properties.
fn apply_control_block(doc: &mut ExtractedDocument) {
    let mut found_title = None;
    for line in doc.text.lines().take(200) {
        let line = line.trim().trim_matches('|').trim();
        let lower = line.to_lowercase();
        for (label, kind) in LABELS {
            let Some(rest) = lower.strip_prefix(label) else {
                continue;
            };
            let rest_original = &line[line.len() - rest.len()..];
            let Some(value) = label_value(rest_original) else {
                continue;
            };
            let meta = &mut doc.meta;
            let text = Some(value.to_string());
            match kind {
                Label::Title => found_title = text,
                Label::Version => meta.version = text,
                Label::Owner => meta.owner = text,
                Label::ApprovedBy => meta.approved_by = text,
                Label::ApprovedOn => {
                    meta.approved_on = Timestamp::parse(value).or(meta.approved_on)
                }
                Label::NextReview => {
                    meta.next_review = Timestamp::parse(value).or(meta.next_review)
                }
                Label::Status => meta.status = text,
            }
            break;
        }
    }
    if found_title.is_some() {
        doc.meta.title = found_title;
    }
    if doc.meta.title.is_none() {
        doc.meta.title = doc
            .text
            .lines()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .find(|l| !l.is_empty() && l.chars().count() <= 120)
            .map(String::from);
    }
}

/// The value after a label: separated by `:`, `：`, a tab, `|` or two spaces; never empty.
fn label_value(rest: &str) -> Option<&str> {
    let trimmed = rest.trim_start_matches([' ']);
    let after = if let Some(v) = trimmed.strip_prefix([':', '：', '|', '\t']) {
        v
    } else if rest.starts_with("  ") || rest.starts_with('\t') {
        trimmed
    } else {
        return None;
    };
    let value = after
        .trim()
        .trim_matches('|')
        .trim()
        .trim_end_matches('|')
        .trim();
    let value = value.split(['|', '\t']).next().unwrap_or("").trim();
    (!value.is_empty() && value.chars().count() <= 120).then_some(value)
}

/// The catalogue document types a document is, best match first: by the requirements the
/// register links it to, then by title and file-name patterns (more specific patterns win).
pub fn match_document_types(
    catalogue: &Catalogue,
    title: &str,
    file_name: &str,
    register_requirements: &[String],
) -> Vec<String> {
    let haystack = format!("{} {}", title.to_lowercase(), file_name.to_lowercase())
        .replace(['_', '-', '.'], " ");
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for (index, d) in catalogue.document_types.iter().enumerate() {
        let pattern_score = d
            .patterns
            .en
            .iter()
            .chain(&d.patterns.zh)
            .filter(|p| {
                let p = p.to_lowercase();
                if p.is_ascii() {
                    p.split_whitespace().all(|w| has_word(&haystack, w))
                } else {
                    haystack.contains(&p)
                }
            })
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0);
        let register_hit = d
            .requirements
            .iter()
            .any(|r| register_requirements.iter().any(|x| x == r));
        let score = pattern_score + if register_hit { 1000 } else { 0 };
        if pattern_score > 0 || (register_hit && register_requirements.len() <= 3) {
            scored.push((score, index, &d.id));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .map(|(_, _, id)| id.to_string())
        .collect()
}

fn has_word(haystack: &str, word: &str) -> bool {
    haystack
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_blocks_in_english_and_chinese() {
        let mut doc = ExtractedDocument {
            text: "Incident Management Procedure\nVersion: 2.1\nOwner: Service Desk Manager\nApproved by: J. Smith\nApproval date: 2026-03-01\nNext review date: 2027-03-01\n\nPurpose ...".into(),
            meta: DocumentMeta::default(),
        };
        apply_control_block(&mut doc);
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Incident Management Procedure")
        );
        assert_eq!(doc.meta.version.as_deref(), Some("2.1"));
        assert_eq!(doc.meta.approved_by.as_deref(), Some("J. Smith"));
        assert_eq!(doc.meta.next_review.unwrap().to_string(), "2027-03-01");

        let mut doc = ExtractedDocument {
            text: "变更管理程序\n| 版本 | V3.0 |\n批准人：王伟\n审批日期：2026年2月10日\n下次评审日期\t2027年2月10日\n".into(),
            meta: DocumentMeta::default(),
        };
        apply_control_block(&mut doc);
        assert_eq!(doc.meta.version.as_deref(), Some("V3.0"));
        assert_eq!(doc.meta.approved_by.as_deref(), Some("王伟"));
        assert_eq!(doc.meta.approved_on.unwrap().to_string(), "2026-02-10");
        assert_eq!(doc.meta.next_review.unwrap().to_string(), "2027-02-10");
    }

    #[test]
    fn the_most_specific_document_type_wins() {
        let cat = Catalogue::builtin().unwrap();
        let m = |title: &str, file: &str| match_document_types(&cat, title, file, &[]);
        assert_eq!(m("Emergency Change Procedure", "x.docx")[0], "D42");
        assert_eq!(m("", "change-management-procedure.docx")[0], "D41");
        assert_eq!(m("Major Incident Procedure", "")[0], "D36");
        assert_eq!(m("事件管理程序", "")[0], "D34");
        assert!(m("Lunch menu", "menu.pdf").is_empty());
        let by_register =
            match_document_types(&cat, "Ops handbook", "handbook.pdf", &["8.2-01".into()]);
        assert_eq!(by_register[0], "D37");
    }
}
