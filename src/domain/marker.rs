//! Every report iso20k writes says so, and a file that says so is never read back as
//! evidence: a consultant who keeps the reports in the client's folder would otherwise have
//! last run's gap-analysis workbook read as an evidence register and its PDF as a document.
//!
//! The marker is the name [`MARKER`] with the report's kind as value: a custom document
//! property in XLSX, a keyword in the PDF's document information, a `<meta>` element in
//! HTML; assessment.json opens with its `tool` field naming iso20k.

use std::io::{Read, Seek};

/// The marker's name.
pub const MARKER: &str = "iso20k-report";

/// The `<meta>` element that marks an HTML report.
pub fn html_meta(kind: &str) -> String {
    format!("<meta name=\"{MARKER}\" content=\"{kind}\">")
}

/// Puts the marker into rendered HTML, right after `<head>` (or at the start of a custom
/// template that has none), so no template can leave it out.
pub fn mark_html(html: String, kind: &str) -> String {
    let meta = html_meta(kind);
    match html.find("<head>") {
        Some(i) => {
            let at = i + "<head>".len();
            format!("{}\n{meta}{}", &html[..at], &html[at..])
        }
        None => format!("{meta}\n{html}"),
    }
}

/// The first line of the README that `iso20k sample` writes into a sample workspace: the
/// guide lists the defects planted in the workspace, so reading it as evidence would let
/// the answer key stand as a document.
pub const SAMPLE_GUIDE: &str =
    "<!-- iso20k-sample-guide: lists the planted defects; never read as evidence -->";

/// Whether a Markdown file is the guide to a sample workspace: its first line is
/// [`SAMPLE_GUIDE`].
pub fn is_sample_guide(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .is_some_and(|l| l.trim() == SAMPLE_GUIDE)
}

/// How far into a text report the marker is looked for.
const HEAD_BYTES: usize = 16 << 10;

/// Whether an HTML or JSON file's first bytes mark it as an iso20k report.
pub fn is_text_report(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let text = String::from_utf8_lossy(head);
    let html = text.contains(&format!("<meta name=\"{MARKER}\""));
    // assessment.json is written by serde_json with the tool first.
    let json = text
        .trim_start()
        .starts_with("{\n  \"tool\": {\n    \"name\": \"iso20k\",");
    html || json
}

/// Whether a PDF's document information carries the marker. The information dictionary is
/// plain text near the end of the file (or, rewritten by another tool, near the start), so
/// those bytes are searched, never parsed: a hostile PDF costs nothing here.
pub fn is_pdf_report(bytes: &[u8]) -> bool {
    const EDGE: usize = 64 << 10;
    let start = &bytes[..bytes.len().min(EDGE)];
    let end = &bytes[bytes.len().saturating_sub(EDGE)..];
    let needle = MARKER.as_bytes();
    // The keyword is a literal string in the reports this build writes; reports of earlier
    // builds, and tools that rewrite the information, give it as UTF-16 (in hex or not).
    let utf16: Vec<u8> = MARKER.bytes().flat_map(|b| [0, b]).collect();
    let hex: String = utf16.iter().map(|b| format!("{b:02X}")).collect();
    [start, end].iter().any(|part| {
        contains(part, needle) || contains(part, &utf16) || contains(part, hex.as_bytes())
    })
}

/// Whether a workbook's custom properties carry the marker. Call it only once the zip
/// limits have passed: it inflates `docProps/custom.xml`.
pub fn is_xlsx_report(source: impl Read + Seek) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(source) else {
        return false;
    };
    let Ok(entry) = archive.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    if entry.take(1 << 20).read_to_end(&mut xml).is_err() {
        return false;
    }
    contains(&xml, format!("name=\"{MARKER}\"").as_bytes())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_marker_is_recognised_and_plain_files_are_not() {
        let html = mark_html(
            "<html><head><title>x</title></head></html>".into(),
            "gap-analysis",
        );
        assert!(html.starts_with("<html><head>\n<meta name=\"iso20k-report\""));
        assert!(is_text_report(html.as_bytes()));
        assert!(is_text_report(
            b"{\n  \"tool\": {\n    \"name\": \"iso20k\",\n    \"version\": \"0.1.0\""
        ));
        assert!(!is_text_report(
            b"<html><head><meta name=\"generator\" content=\"Word\">"
        ));
        // Earlier builds wrote the keywords as UTF-16BE in hex, with a byte-order mark.
        let pdf = b"%PDF-1.7\n... /Keywords <FEFF00690073006F00320030006B002D007200650070006F00720074> ...";
        assert!(is_pdf_report(pdf));
        assert!(!is_pdf_report(b"%PDF-1.4\n/Keywords (ISO 20000 report)"));
    }
}
