//! Documents: text and document-control metadata from DOCX, PDF, Markdown and text files, and
//! their match to the catalogue's mandatory document types.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;

use std::collections::BTreeMap;

use super::control::{self, Field, FileProperties};
use crate::catalogue::Catalogue;
use crate::domain::date::Timestamp;

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
    /// Effective date.
    pub effective_on: Option<Timestamp>,
    /// Next review date.
    pub next_review: Option<Timestamp>,
    /// The latest revision's date (a revision history's row): when it last changed.
    pub revised_on: Option<Timestamp>,
    /// Document number or reference.
    pub number: Option<String>,
    /// Where each control value was found (`version` → `revision history, line 12`).
    pub sources: BTreeMap<String, String>,
    /// Other title candidates after the chosen one, best first, with their sources.
    pub title_alternatives: Vec<(String, String)>,
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

/// Why a DOCX or a PDF gave no text. Each message says what is wrong with the file and,
/// where the user can act, what to do; the run skips the file with it.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The DOCX is not a zip archive.
    #[error("not a valid DOCX (zip) file: {0}; re-save it from Word as .docx")]
    NotZip(#[source] zip::result::ZipError),
    /// The archive has no main document part.
    #[error("no word/document.xml inside: not a Word document")]
    NotWord,
    /// An entry of the archive cannot be opened.
    #[error("`{entry}` is unreadable: {source}")]
    EntryUnreadable {
        /// The entry's name inside the archive.
        entry: String,
        /// Why it cannot be opened.
        source: zip::result::ZipError,
    },
    /// An entry opens but its bytes do not inflate to UTF-8 text.
    #[error("`{entry}` is damaged: {source}")]
    EntryDamaged {
        /// The entry's name inside the archive.
        entry: String,
        /// What reading it failed on.
        source: std::io::Error,
    },
    /// A text run of the body (or of a header or footer) is not valid in its encoding.
    #[error("bad text in document.xml: {0}")]
    BadText(#[source] quick_xml::encoding::EncodingError),
    /// The body (or a header or footer) is not well-formed XML.
    #[error("document.xml is damaged at byte {position}: {source}")]
    BodyDamaged {
        /// The byte offset in the part where the reader stopped.
        position: u64,
        /// What the XML reader found.
        source: quick_xml::Error,
    },
    /// The core properties part is not well-formed XML.
    #[error("docProps/core.xml is damaged: {0}")]
    CoreDamaged(#[source] quick_xml::Error),
    /// The bytes do not start as a PDF does.
    #[error("not a PDF file (no %PDF header)")]
    NotPdf,
    /// Neither PDF reader found text; both said why.
    #[error("the PDF's text cannot be read ({first}; {second}); it may be encrypted, damaged or a scanned image: export it again, or add a text copy")]
    PdfUnreadable {
        /// Why the first reader gave no text.
        first: String,
        /// Why the second reader gave none.
        second: super::pdf_text::PdfTextError,
    },
    /// The first reader gave no text and the second stopped on a feature it cannot handle.
    #[error("the PDF's text cannot be read ({first}); it is damaged or uses an unsupported feature: export it again, or add a text copy")]
    PdfUnsupported {
        /// Why the first reader gave no text.
        first: String,
    },
}

/// Reads a DOCX: body text (headings marked `#`, table rows as tab-separated cells), the text
/// of its headers and footers, and `docProps/core.xml`.
pub fn read_docx(bytes: &[u8]) -> Result<ExtractedDocument, DocumentError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(DocumentError::NotZip)?;
    let body = read_entry(&mut archive, "word/document.xml")?.ok_or(DocumentError::NotWord)?;
    let styles = read_entry(&mut archive, "word/styles.xml")?.unwrap_or_default();
    let headings = heading_styles(&styles);
    let mut text = docx_text(&body, &headings)?;
    // Headers and footers carry control data ("Version 1.0 · Effective …"): their text goes
    // before and after the body, where the control reader looks.
    let mut names: Vec<String> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(String::from))
        .filter(|n| {
            n.starts_with("word/")
                && (n.contains("/header") || n.contains("/footer"))
                && n.ends_with(".xml")
        })
        .collect();
    names.sort();
    for name in names {
        if let Some(xml) = read_entry(&mut archive, &name)? {
            let part = docx_text(&xml, &headings)?;
            if part.trim().is_empty() {
                continue;
            }
            if name.contains("/header") {
                text = format!("{}\n{text}", part.trim());
            } else {
                text = format!("{text}\n{}", part.trim());
            }
        }
    }
    let mut meta = DocumentMeta::default();
    let mut props = FileProperties {
        cover_title: cover_title(&body, &title_styles(&styles)),
        ..FileProperties::default()
    };
    if let Some(core) = read_entry(&mut archive, "docProps/core.xml")? {
        core_properties(&core, &mut meta, &mut props)?;
    }
    let mut doc = ExtractedDocument { text, meta };
    apply_control(&mut doc, &props);
    Ok(doc)
}

/// The ids of paragraph styles that are headings or the title (`Heading1`, a localised `1`
/// named `heading 1`, `Title`, `标题 1`).
fn heading_styles(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"style" => {
                    current = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"styleId")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                }
                b"name" => {
                    let name = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .map(|a| String::from_utf8_lossy(&a.value).to_lowercase())
                        .unwrap_or_default();
                    if name.starts_with("heading") || name == "title" || name.starts_with("标题")
                    {
                        out.extend(current.clone());
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The ids of the paragraph styles that are the document's Title (not a heading): the
/// built-in `Title`, or a style named `title` or `标题`.
fn title_styles(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = vec!["Title".to_string()];
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"style" => {
                    current = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"styleId")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                }
                b"name" => {
                    let name = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .map(|a| String::from_utf8_lossy(&a.value).to_lowercase())
                        .unwrap_or_default();
                    if name == "title" || name == "标题" {
                        out.extend(current.clone());
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// How many paragraphs from the top the cover is looked for in.
const COVER_PARAGRAPHS: usize = 40;

/// The cover's title of a DOCX body: the first paragraph in a Title style, else the one
/// set in the largest type among the first paragraphs (when it is larger than the others).
fn cover_title(xml: &str, title_styles: &[String]) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut paragraphs: Vec<(String, u32, bool)> = Vec::new();
    let (mut text, mut size, mut titled, mut in_text) = (String::new(), 0u32, false, false);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"p" => {
                    text.clear();
                    size = 0;
                    titled = false;
                }
                b"t" => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(e)) => {
                let val = || {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                match e.local_name().as_ref() {
                    b"pStyle" => titled = val().is_some_and(|v| title_styles.contains(&v)),
                    b"sz" => size = size.max(val().and_then(|v| v.parse().ok()).unwrap_or(0)),
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if in_text => text.push_str(&t.decode().unwrap_or_default()),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let t = text.trim();
                    if !t.is_empty() {
                        paragraphs.push((t.to_string(), size, titled));
                        if paragraphs.len() >= COVER_PARAGRAPHS {
                            break;
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    if let Some((t, _, _)) = paragraphs.iter().find(|(_, _, titled)| *titled) {
        return Some(t.clone());
    }
    let largest = paragraphs.iter().map(|p| p.1).max().filter(|&s| s > 0)?;
    let mut at_largest = paragraphs.iter().filter(|p| p.1 == largest);
    let first = at_largest.next()?;
    // One size for everything says nothing about which line is the title.
    let others_smaller = paragraphs.iter().any(|p| p.1 < largest);
    (others_smaller && first.0.chars().count() <= 120).then(|| first.0.clone())
}

fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocumentError> {
    let mut entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(source) => {
            return Err(DocumentError::EntryUnreadable {
                entry: name.to_string(),
                source,
            })
        }
    };
    let mut out = String::new();
    entry
        .by_ref()
        .take(64 << 20)
        .read_to_string(&mut out)
        .map_err(|source| DocumentError::EntryDamaged {
            entry: name.to_string(),
            source,
        })?;
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

fn docx_text(xml: &str, headings: &[String]) -> Result<String, DocumentError> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    let mut heading = false;
    let mut in_cell = 0usize;
    let mut row_has_cells = false;
    let is_heading = |style: &str| {
        headings.iter().any(|h| h == style)
            || style.to_lowercase().starts_with("heading")
            || style.eq_ignore_ascii_case("title")
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tab" => paragraph.push('\t'),
                b"tc" => in_cell += 1,
                b"p" => {
                    paragraph.clear();
                    heading = false;
                }
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => paragraph.push(if in_cell > 0 { ' ' } else { '\t' }),
                b"br" | b"cr" => paragraph.push(if in_cell > 0 { ' ' } else { '\n' }),
                b"pStyle" => {
                    heading = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .is_some_and(|a| is_heading(&String::from_utf8_lossy(&a.value)));
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let text = paragraph.trim_end();
                    if in_cell > 0 {
                        // Paragraphs of a cell stay on the row's line.
                        if !text.is_empty() {
                            if !out.ends_with(['\t', '\n']) && !out.is_empty() {
                                out.push(' ');
                            }
                            out.push_str(text.trim());
                        }
                    } else {
                        if heading && !text.trim().is_empty() {
                            out.push_str("# ");
                        }
                        out.push_str(text);
                        out.push('\n');
                    }
                    paragraph.clear();
                }
                b"tc" => {
                    in_cell = in_cell.saturating_sub(1);
                    out.push('\t');
                    row_has_cells = true;
                }
                b"tr" => {
                    if row_has_cells {
                        while out.ends_with('\t') {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    row_has_cells = false;
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                paragraph.push_str(&t.decode().map_err(DocumentError::BadText)?);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    paragraph.push(c);
                } else if let Some(c) = std::str::from_utf8(&r).ok().and_then(resolve_entity) {
                    paragraph.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Err(source) => {
                return Err(DocumentError::BodyDamaged {
                    position: reader.buffer_position(),
                    source,
                })
            }
            _ => {}
        }
        if out.len() > MAX_TEXT {
            break;
        }
    }
    Ok(out)
}

/// The DOCX core properties: dates and who last saved it; the title as a last resort for the
/// control reader. Not the creator as owner (that is a login), nor `cp:revision` as a version
/// (that is Word's save counter).
fn core_properties(
    xml: &str,
    meta: &mut DocumentMeta,
    props: &mut FileProperties,
) -> Result<(), DocumentError> {
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
                            b"title" => {
                                props.title = Some(v);
                                props.title_source = "DOCX title property";
                            }
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
            Err(e) => return Err(DocumentError::CoreDamaged(e)),
            _ => {}
        }
    }
    Ok(())
}

/// Reads a PDF's text in this process. Garbage, encrypted or unsupported PDFs give an error,
/// never a panic; but a PDF that exhausts memory or the stack ends the process, which is why
/// a run reads PDFs through [`super::pdf_worker`].
pub fn read_pdf(bytes: &[u8]) -> Result<ExtractedDocument, DocumentError> {
    extract_pdf_text(bytes).map(|text| pdf_document(text, bytes))
}

/// The raw text of a PDF (what the PDF worker process computes).
pub fn extract_pdf_text(bytes: &[u8]) -> Result<String, DocumentError> {
    if !bytes.starts_with(b"%PDF") {
        return Err(DocumentError::NotPdf);
    }
    let result = std::panic::catch_unwind(|| pdf_extract_text(bytes));
    let first = match result {
        Ok(Ok(text)) if !text.trim().is_empty() => return Ok(text),
        Ok(Ok(_)) => "no text".to_string(),
        Ok(Err(e)) => e.to_string(),
        Err(_) => "a font or feature its reader does not support".to_string(),
    };
    // What the first reader cannot decode (fonts not embedded, addressed by a CJK CMap, or
    // with only a ToUnicode map) the second may.
    let second = std::panic::catch_unwind(|| super::pdf_text::extract(bytes));
    match second {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(second)) => Err(DocumentError::PdfUnreadable { first, second }),
        Err(_) => Err(DocumentError::PdfUnsupported { first }),
    }
}

/// What `pdf_extract::extract_text_from_mem` does, with the page tree's `/Parent` loops cut
/// first: its lookup of inherited page attributes climbs `/Parent` with no end.
fn pdf_extract_text(bytes: &[u8]) -> Result<String, pdf_extract::OutputError> {
    let mut doc = lopdf::Document::load_mem(bytes)?;
    if doc.is_encrypted() {
        // Only a PDF with an empty user password opens, as in pdf-extract itself.
        doc.decrypt("")?;
    }
    super::pdf_text::cut_parent_cycles(&mut doc);
    let mut text = String::new();
    pdf_extract::output_doc(&doc, &mut pdf_extract::PlainTextOutput::new(&mut text))?;
    Ok(text)
}

/// A document from a PDF's raw text (and its bytes, for the `/Title`): capped, with its
/// control data applied.
pub fn pdf_document(mut text: String, bytes: &[u8]) -> ExtractedDocument {
    text.truncate(floor_char_boundary(&text, MAX_TEXT));
    let mut doc = ExtractedDocument {
        text,
        meta: DocumentMeta::default(),
    };
    // The document information's title is a cheap byte search, safe outside the worker.
    let props = FileProperties {
        title: pdf_title(bytes),
        title_source: "PDF Title",
        ..FileProperties::default()
    };
    apply_control(&mut doc, &props);
    doc
}

/// The `/Title` of a PDF's document information, when the dictionary is stored plainly
/// (literal or hex string, PDFDocEncoding or UTF-16 with BOM).
pub fn pdf_title(bytes: &[u8]) -> Option<String> {
    let at = bytes.windows(7).rposition(|w| w == b"/Title")?;
    let rest = &bytes[at + 6..];
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &rest[start..];
    let raw: Vec<u8> = match rest.first()? {
        b'(' => {
            let mut out = Vec::new();
            let mut depth = 0;
            let mut escaped = false;
            for &b in &rest[1..] {
                if escaped {
                    out.push(match b {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        other => other,
                    });
                    escaped = false;
                    continue;
                }
                match b {
                    b'\\' => escaped = true,
                    b'(' => {
                        depth += 1;
                        out.push(b);
                    }
                    b')' if depth == 0 => break,
                    b')' => {
                        depth -= 1;
                        out.push(b);
                    }
                    _ => out.push(b),
                }
                if out.len() > 1024 {
                    return None;
                }
            }
            out
        }
        b'<' => {
            let end = rest.iter().position(|&b| b == b'>')?;
            let hex: Vec<u8> = rest[1..end]
                .iter()
                .copied()
                .filter(|b| b.is_ascii_hexdigit())
                .collect();
            hex.chunks(2)
                .filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
                .collect()
        }
        _ => return None,
    };
    let title = if raw.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .filter(|c| c.len() == 2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        raw.iter().map(|&b| b as char).collect()
    };
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

/// Reads a Markdown or plain-text document (UTF-8, UTF-16 or GB18030).
pub fn read_text(bytes: &[u8]) -> ExtractedDocument {
    let (mut text, _) = super::tabular::decode_text(bytes, None);
    text.truncate(floor_char_boundary(&text, MAX_TEXT));
    let mut doc = ExtractedDocument {
        text,
        meta: DocumentMeta::default(),
    };
    apply_control(&mut doc, &FileProperties::default());
    doc
}

/// A document made of a spreadsheet's cells.
pub fn from_sheet_text(text: String) -> ExtractedDocument {
    let mut doc = ExtractedDocument {
        text,
        meta: DocumentMeta::default(),
    };
    apply_control(&mut doc, &FileProperties::default());
    doc
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Fills the metadata from the document's control data (see [`control`]); values the text
/// carries win over file properties.
fn apply_control(doc: &mut ExtractedDocument, props: &FileProperties) {
    let c = control::read(&doc.text, props);
    let meta = &mut doc.meta;
    let text = |f: Field| c.get(f).map(String::from);
    meta.title = text(Field::Title);
    meta.version = text(Field::Version);
    meta.owner = text(Field::Owner);
    meta.approved_by = text(Field::ApprovedBy);
    meta.approved_on = c.date(Field::ApprovedOn);
    meta.effective_on = c.date(Field::EffectiveOn);
    meta.next_review = c.date(Field::NextReview);
    meta.revised_on = c.date(Field::RevisedOn);
    meta.number = text(Field::Number);
    if let Some(status) = text(Field::Status) {
        meta.status = Some(status);
    }
    meta.sources = c.sources();
    meta.title_alternatives = c.title_alternatives().to_vec();
}

/// Replaces a title that is the organisation's own name (a cover starts with it) by the next
/// candidate that is not; `organisation` is the manifest's.
pub fn retitle(meta: &mut DocumentMeta, organisation: &str) {
    let same = |t: &str| {
        let (t, o) = (t.trim().to_lowercase(), organisation.trim().to_lowercase());
        !o.is_empty() && (t == o || t.starts_with(&format!("{o} ")) && t.len() < o.len() + 4)
    };
    if !meta.title.as_deref().is_some_and(same) {
        return;
    }
    match meta.title_alternatives.iter().position(|(t, _)| !same(t)) {
        Some(i) => {
            let (title, source) = meta.title_alternatives.remove(i);
            meta.title = Some(title);
            meta.sources.insert(
                "title".into(),
                format!("{source} (the first line names the organisation)"),
            );
        }
        None => {
            meta.title = None;
            meta.sources.remove("title");
        }
    }
}

/// A document type a document was matched to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeMatch {
    /// Document type id.
    pub id: String,
    /// Why, for a person: `title "Incident Management Procedure" names it`.
    pub reason: String,
}

/// The words of `s`, lower-cased, split at anything that is not a letter or digit.
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Whether `pattern` occurs in `haystack` as a phrase: its words adjacent and in order (so
/// "security policy" is in "Information Security Policy" but not in "Security Incident
/// Response Process"); a Chinese pattern as a substring.
pub(crate) fn phrase_in(haystack: &str, pattern: &str) -> bool {
    let pattern = pattern.to_lowercase();
    if !pattern.is_ascii() {
        return haystack.to_lowercase().contains(&pattern);
    }
    let (h, p) = (words(haystack), words(&pattern));
    !p.is_empty() && h.windows(p.len()).any(|w| w == p.as_slice())
}

/// The catalogue document types a document is, best match first: by its title, headings and
/// file name matched as phrases against the types' patterns (longer patterns win, the
/// register's link breaking ties), then by the requirements the register links it to alone.
pub fn match_types(
    catalogue: &Catalogue,
    title: &str,
    headings: &[&str],
    file_name: &str,
    register_requirements: &[String],
) -> Vec<TypeMatch> {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let places: Vec<(&str, String)> = std::iter::once(("title", title.to_string()))
        .chain(std::iter::once((
            "file name",
            stem.replace(['_', '-', '.'], " "),
        )))
        .chain(headings.iter().map(|h| ("heading", h.to_string())))
        .collect();
    let mut scored: Vec<(usize, usize, TypeMatch)> = Vec::new();
    for (index, d) in catalogue.document_types.iter().enumerate() {
        let best = d
            .patterns
            .en
            .iter()
            .chain(&d.patterns.zh)
            .filter_map(|p| {
                places
                    .iter()
                    .find(|(_, text)| !text.is_empty() && phrase_in(text, p))
                    .map(|(place, text)| (p.chars().count(), p, place, text))
            })
            .max_by_key(|(len, _, _, _)| *len);
        let linked: Vec<&String> = d
            .requirements
            .iter()
            .filter(|r| register_requirements.iter().any(|x| x == *r))
            .collect();
        let register_hit = !linked.is_empty();
        let pattern_score = best.as_ref().map_or(0, |b| b.0);
        if pattern_score == 0 && !(register_hit && register_requirements.len() <= 3) {
            continue;
        }
        let mut reason = match &best {
            Some((_, p, place, text)) => format!("{place} \"{}\" names it (\"{p}\")", text.trim()),
            None => String::new(),
        };
        if register_hit {
            let link = format!(
                "the evidence register links it to {}",
                linked
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            reason = if reason.is_empty() {
                link
            } else {
                format!("{link}; {reason}")
            };
        }
        // What the document says of itself decides its type; the register confirms it
        // (breaking ties) or, when nothing in the document names a type, supplies one.
        let score = match (pattern_score, register_hit) {
            (0, _) => 1,
            (p, hit) => 1000 + p * 10 + usize::from(hit) * 5,
        };
        scored.push((
            score,
            index,
            TypeMatch {
                id: d.id.clone(),
                reason,
            },
        ));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, m)| m).collect()
}

/// Whether a document's title, headings or file name carries one of `patterns` as a phrase.
pub fn matches_patterns(
    patterns: &crate::catalogue::Patterns,
    title: &str,
    headings: &[&str],
    file_name: &str,
) -> bool {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let stem = stem.replace(['_', '-', '.'], " ");
    patterns.en.iter().chain(&patterns.zh).any(|p| {
        std::iter::once(title)
            .chain(std::iter::once(stem.as_str()))
            .chain(headings.iter().copied())
            .any(|place| !place.is_empty() && phrase_in(place, p))
    })
}

/// The ids of [`match_types`], from the title and file name alone.
pub fn match_document_types(
    catalogue: &Catalogue,
    title: &str,
    file_name: &str,
    register_requirements: &[String],
) -> Vec<String> {
    match_types(catalogue, title, &[], file_name, register_requirements)
        .into_iter()
        .map(|m| m.id)
        .collect()
}

/// The first headings of a text (lines marked `#`, as DOCX headings and Markdown are).
pub fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .filter(|l| !l.is_empty())
        .take(12)
        .collect()
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
        apply_control(&mut doc, &FileProperties::default());
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
        apply_control(&mut doc, &FileProperties::default());
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
        // Words of a pattern must stand together: a security incident process is not an
        // information security policy.
        assert!(!m("Security Incident Response Process", "")
            .iter()
            .any(|t| t == "D28"));
        assert_eq!(m("Information Security Policy", "")[0], "D28");
        let why = match_types(
            &cat,
            "Ops handbook",
            &["Incident management procedure"],
            "handbook.pdf",
            &[],
        );
        assert_eq!(why[0].id, "D34");
        assert!(
            why[0]
                .reason
                .starts_with("heading \"Incident management procedure\""),
            "{}",
            why[0].reason
        );
        let by_register =
            match_document_types(&cat, "Ops handbook", "handbook.pdf", &["8.2-01".into()]);
        assert_eq!(by_register[0], "D37");
    }
}
