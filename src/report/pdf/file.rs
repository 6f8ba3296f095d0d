//! The PDF file around the laid-out pages: the page tree, the embedded font subset (a
//! composite font with Identity-H encoding, widths and a ToUnicode map so text can be
//! searched and copied), the document information, the cross-reference table.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::canvas::{compress, FONT_RESOURCE};
use super::font::{FontError, ReportFont, UsedGlyphs, POSTSCRIPT_NAME};
use super::layout::{PAGE_H, PAGE_W};

/// The document information dictionary's entries.
pub struct Info<'a> {
    /// Title.
    pub title: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Keywords (the report marker among them).
    pub keywords: &'a str,
    /// Creator.
    pub creator: &'a str,
    /// Creation and modification date, `D:YYYYMMDDHHmmSSZ`.
    pub date: &'a str,
    /// A stable identifier, from which the file identifier is derived.
    pub identifier: &'a str,
    /// The language of the text, `en-GB` or `zh-CN`.
    pub lang: &'a str,
}

/// A bookmark of the outline a viewer shows beside the pages.
pub struct Bookmark {
    /// The heading.
    pub title: String,
    /// 1 for a section, 2 for a subsection.
    pub level: u8,
    /// The page it opens, 0-based.
    pub page: usize,
}

/// A page: its body stream and, optionally, a second stream drawn over it.
pub struct Page {
    /// The body's compressed content.
    pub body: Vec<u8>,
    /// The running header and footer, compressed.
    pub overlay: Option<Vec<u8>>,
}

/// Object numbers fixed before the pages are numbered.
const CATALOG: usize = 1;
const INFO: usize = 2;
const PAGES: usize = 3;
const FONT: usize = 4;
const CID_FONT: usize = 5;
const DESCRIPTOR: usize = 6;
const FONT_FILE: usize = 7;
const TO_UNICODE: usize = 8;
const RESOURCES: usize = 9;
const OUTLINES: usize = 10;
const FIRST_FREE: usize = 11;

/// Builds the bytes of a PDF file object by object, noting each one's offset.
struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    fn object(&mut self, number: usize, body: &[u8]) {
        if self.offsets.len() <= number {
            self.offsets.resize(number + 1, 0);
        }
        self.offsets[number] = self.out.len();
        self.out
            .extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, number: usize, dict: &str, data: &[u8]) {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.object(number, &body);
    }
}

/// A text string: literal when it is printable ASCII, else UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        return format!("({escaped})");
    }
    let mut hex = String::from("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(hex, "{unit:04X}");
    }
    hex.push('>');
    hex
}

/// The ToUnicode map: each CID to the character it shows.
fn to_unicode(glyphs: &UsedGlyphs) -> String {
    let entries: Vec<(u16, char)> = glyphs
        .entries()
        .filter_map(|(cid, c, _)| c.map(|c| (cid, c)))
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // A bfchar block holds at most 100 entries.
    for chunk in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (cid, c) in chunk {
            let _ = write!(cmap, "<{cid:04X}> <");
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(cmap, "{unit:04X}");
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// The whole file: `pages` in order, drawn with `glyphs` of `font`, with `bookmarks` as its
/// outline.
pub fn write(
    pages: Vec<Page>,
    bookmarks: &[Bookmark],
    font: &ReportFont,
    glyphs: &UsedGlyphs,
    info: &Info<'_>,
) -> Result<Vec<u8>, FontError> {
    let mut w = Writer {
        out: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
        offsets: Vec::new(),
    };
    let mut next = FIRST_FREE;
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let body = next;
        w.stream(body, "/Filter /FlateDecode", &page.body);
        next += 1;
        let contents = match page.overlay {
            Some(overlay) => {
                w.stream(next, "/Filter /FlateDecode", &overlay);
                next += 1;
                format!("[{body} 0 R {} 0 R]", next - 1)
            }
            None => format!("{body} 0 R"),
        };
        w.object(
            next,
            format!(
                "<< /Type /Page /Parent {PAGES} 0 R /Resources {RESOURCES} 0 R /Contents {contents} >>"
            )
            .as_bytes(),
        );
        kids.push(next);
        next += 1;
    }
    write_outline(&mut w, bookmarks, &kids, next);
    let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    w.object(
        PAGES,
        format!(
            "<< /Type /Pages /Count {} /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Kids [{}] >>",
            kids.len(),
            kids.join(" ")
        )
        .as_bytes(),
    );
    w.object(
        RESOURCES,
        format!("<< /Font << /{FONT_RESOURCE} {FONT} 0 R >> >>").as_bytes(),
    );

    // The font: a subset holding exactly the glyphs drawn, CID n being its glyph n.
    let name = format!("{}+{POSTSCRIPT_NAME}", glyphs.subset_tag());
    w.object(
        FONT,
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{CID_FONT} 0 R] /ToUnicode {TO_UNICODE} 0 R >>"
        )
        .as_bytes(),
    );
    let widths: Vec<String> = glyphs.entries().map(|(_, _, w)| w.to_string()).collect();
    w.object(
        CID_FONT,
        format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {DESCRIPTOR} 0 R /CIDToGIDMap /Identity /DW 1000 /W [0 [{}]] >>",
            widths.join(" ")
        )
        .as_bytes(),
    );
    let scale = |v: i16| (f32::from(v) * 1000.0 / f32::from(font.units_per_em)).round() as i32;
    let [x_min, y_min, x_max, y_max] = font.bbox.map(scale);
    w.object(
        DESCRIPTOR,
        format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 4 \
             /FontBBox [{x_min} {y_min} {x_max} {y_max}] /ItalicAngle 0 /Ascent {} /Descent {} \
             /CapHeight {} /StemV 80 /FontFile2 {FONT_FILE} 0 R >>",
            scale(font.ascent),
            scale(font.descent),
            scale(font.ascent)
        )
        .as_bytes(),
    );
    let subset = glyphs.subset_font()?;
    let packed = compress(&subset);
    w.stream(
        FONT_FILE,
        &format!("/Filter /FlateDecode /Length1 {}", subset.len()),
        &packed,
    );
    w.stream(
        TO_UNICODE,
        "/Filter /FlateDecode",
        &compress(to_unicode(glyphs).as_bytes()),
    );

    w.object(
        CATALOG,
        format!(
            "<< /Type /Catalog /Pages {PAGES} 0 R /Outlines {OUTLINES} 0 R /PageMode /UseOutlines /Lang {} >>",
            text_string(info.lang)
        )
        .as_bytes(),
    );
    w.object(
        INFO,
        format!(
            "<< /Title {} /Author (iso20k) /Subject {} /Keywords {} /Creator {} /Producer (iso20k) \
             /CreationDate ({date}) /ModDate ({date}) >>",
            text_string(info.title),
            text_string(info.subject),
            text_string(info.keywords),
            text_string(info.creator),
            date = info.date,
        )
        .as_bytes(),
    );

    let xref = w.out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", w.offsets.len());
    for offset in &w.offsets[1..] {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let id: String = Sha256::digest(info.identifier.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root {CATALOG} 0 R /Info {INFO} 0 R /ID [<{id}> <{id}>] >>\n\
         startxref\n{xref}\n%%EOF\n",
        w.offsets.len()
    );
    w.out.extend_from_slice(table.as_bytes());
    Ok(w.out)
}

/// The outline: sections at the top, each with its subsections closed beneath it (a large
/// report has thousands of them), numbered from `first`.
fn write_outline(w: &mut Writer, bookmarks: &[Bookmark], page_objects: &[usize], first: usize) {
    // Top-level items with the indexes of their children; a subsection before any section
    // stands at the top.
    let mut tops: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, b) in bookmarks.iter().enumerate() {
        match tops.last_mut() {
            Some((_, children)) if b.level > 1 => children.push(i),
            _ => tops.push((i, Vec::new())),
        }
    }
    let number = |i: usize| first + i;
    let item = |w: &mut Writer,
                i: usize,
                parent: usize,
                prev: Option<usize>,
                next: Option<usize>,
                children: &[usize]| {
        let b = &bookmarks[i];
        let page = page_objects
            .get(b.page)
            .or(page_objects.last())
            .copied()
            .unwrap_or(0);
        let mut dict = format!(
            "<< /Title {} /Parent {parent} 0 R /Dest [{page} 0 R /Fit]",
            text_string(&b.title)
        );
        if let Some(prev) = prev {
            let _ = write!(dict, " /Prev {} 0 R", number(prev));
        }
        if let Some(next) = next {
            let _ = write!(dict, " /Next {} 0 R", number(next));
        }
        if let (Some(first), Some(last)) = (children.first(), children.last()) {
            // A negative count: closed until the reader opens it.
            let _ = write!(
                dict,
                " /First {} 0 R /Last {} 0 R /Count -{}",
                number(*first),
                number(*last),
                children.len()
            );
        }
        dict.push_str(" >>");
        w.object(number(i), dict.as_bytes());
    };
    for (t, (i, children)) in tops.iter().enumerate() {
        let prev = t.checked_sub(1).map(|p| tops[p].0);
        let next = tops.get(t + 1).map(|n| n.0);
        item(w, *i, OUTLINES, prev, next, children);
        for (c, &child) in children.iter().enumerate() {
            let prev = c.checked_sub(1).map(|p| children[p]);
            let next = children.get(c + 1).copied();
            item(w, child, number(*i), prev, next, &[]);
        }
    }
    let mut root = String::from("<< /Type /Outlines");
    if let (Some(first), Some(last)) = (tops.first(), tops.last()) {
        let _ = write!(
            root,
            " /First {} 0 R /Last {} 0 R /Count {}",
            number(first.0),
            number(last.0),
            tops.len()
        );
    }
    root.push_str(" >>");
    w.object(OUTLINES, root.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_literal_when_ascii_and_utf16_otherwise() {
        assert_eq!(text_string("a (b) \\c"), "(a \\(b\\) \\\\c)");
        assert_eq!(text_string("差距"), "<FEFF5DEE8DDD>");
    }
}
