//! Deterministic writers for the file formats a sample workspace holds: the same content
//! always gives the same bytes (fixed document dates, fixed zip timestamps). The integration
//! tests build their PDF fixtures with [`pdf_bytes`] and [`pdf_from_objects`] too, so the
//! crate has one PDF writer.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::SampleError;

/// A table: headers and rows of text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Header row.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headers.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }
}

fn ensure_parent(path: &Path) -> Result<(), SampleError> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|source| SampleError::CreateDir {
            path: p.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// The error for a file at `path` that could not be written.
fn write_failed(
    path: &Path,
) -> impl Fn(Box<dyn std::error::Error + Send + Sync>) -> SampleError + '_ {
    move |source| SampleError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `table` as a one-sheet workbook; `streaming` writes rows straight to disk (inline
/// strings) so a million-row sheet needs no more memory than a small one.
pub fn xlsx(path: &Path, sheet: &str, table: &Table, streaming: bool) -> Result<(), SampleError> {
    ensure_parent(path)?;
    let fail = |e: rust_xlsxwriter::XlsxError| write_failed(path)(e.into());
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1).map_err(fail)?);
    wb.set_properties(&props);
    let bold = Format::new().set_bold();
    let ws = if streaming {
        wb.add_worksheet_with_constant_memory()
    } else {
        wb.add_worksheet()
    };
    ws.set_name(sheet).map_err(fail)?;
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(fail)?;
        ws.set_column_width(c as u16, (h.chars().count() as f64 + 4.0).clamp(10.0, 40.0))
            .map_err(fail)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v).map_err(fail)?;
            }
        }
    }
    wb.save(path).map_err(fail)
}

/// Writes `table` as CSV.
pub fn csv(path: &Path, table: &Table) -> Result<(), SampleError> {
    ensure_parent(path)?;
    let fail = |e: csv::Error| write_failed(path)(e.into());
    let mut w = csv::Writer::from_path(path).map_err(fail)?;
    w.write_record(&table.headers).map_err(fail)?;
    for row in &table.rows {
        w.write_record(row).map_err(fail)?;
    }
    w.flush().map_err(|e| write_failed(path)(e.into()))
}

/// Writes a text file.
pub fn text(path: &Path, content: &str) -> Result<(), SampleError> {
    ensure_parent(path)?;
    std::fs::write(path, content).map_err(|e| write_failed(path)(e.into()))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes a DOCX with core properties and one paragraph per line.
pub fn docx(
    path: &Path,
    title: &str,
    author: &str,
    revision: &str,
    modified: &str,
    body: &str,
) -> Result<(), SampleError> {
    ensure_parent(path)?;
    let io = |e: std::io::Error| write_failed(path)(e.into());
    let zip = |e: zip::result::ZipError| write_failed(path)(e.into());
    let file = std::fs::File::create(path).map_err(io)?;
    let mut z = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let parts: [(&str, String); 5] = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.to_string()),
        ("word/document.xml", {
            let paragraphs: String = body
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    let style = if i == 0 { "<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>" } else { "" };
                    format!("<w:p>{style}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", xml_escape(l))
                })
                .collect();
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}<w:sectPr/></w:body></w:document>"#)
        }),
        ("docProps/core.xml", format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator>{}<dcterms:created xsi:type="dcterms:W3CDTF">{modified}T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{modified}T09:00:00Z</dcterms:modified></cp:coreProperties>"#,
            xml_escape(title),
            xml_escape(author),
            if revision.is_empty() { String::new() } else { format!("<cp:revision>{}</cp:revision>", xml_escape(revision)) }
        )),
    ];
    for (name, content) in parts {
        z.start_file(name, opts).map_err(zip)?;
        z.write_all(content.as_bytes()).map_err(io)?;
    }
    z.finish().map_err(zip)?;
    Ok(())
}

/// Writes [`pdf_bytes`] of `lines` to `path`.
pub fn pdf<S: AsRef<str>>(path: &Path, lines: &[S]) -> Result<(), SampleError> {
    ensure_parent(path)?;
    std::fs::write(path, pdf_bytes(lines)).map_err(|e| write_failed(path)(e.into()))
}

/// A minimal valid PDF 1.4 showing `lines` in 10-point Helvetica on A4 pages of 60 lines,
/// one text line per entry. Characters outside ASCII become `?`: the font is the standard,
/// unembedded Helvetica, which has no glyphs for them. The same lines always give the same
/// bytes (no dates, no ids), so sample workspaces and test fixtures built with it are
/// reproducible.
pub fn pdf_bytes<S: AsRef<str>>(lines: &[S]) -> Vec<u8> {
    // Objects 1 (catalog) and 2 (page tree) are filled in once the pages are known; the
    // font is object 3; each page adds its content stream and its page object.
    let mut objects: Vec<String> = vec![
        String::new(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    let mut kids = Vec::new();
    for chunk in lines.chunks(60) {
        let mut content = String::from("BT /F1 10 Tf 56 790 Td 13 TL\n");
        for l in chunk {
            let ascii: String = l
                .as_ref()
                .chars()
                .map(|c| if c.is_ascii() { c } else { '?' })
                .collect();
            let escaped = ascii
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({escaped}) Tj T*\n"));
        }
        content.push_str("ET");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let content_id = objects.len();
        let page_id = objects.len() + 1;
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R /Resources << /Font << /F1 3 0 R >> >> >>"));
        kids.push(format!("{page_id} 0 R"));
    }
    objects[0] = "<< /Type /Catalog /Pages 2 0 R >>".into();
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    );
    pdf_from_objects(&objects)
}

/// A PDF 1.4 file of `objects`, numbered from 1 in order (object 1 must be the catalog), with
/// its cross-reference table and trailer. [`pdf_bytes`] builds on it; tests that need a PDF of
/// other content (a compressed stream, say) give it their own objects.
pub fn pdf_from_objects<O: AsRef<[u8]>>(objects: &[O]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o.as_ref());
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
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
