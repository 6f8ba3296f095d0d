//! A second reading of a PDF's text, for what the first reader (pdf-extract) gives up on:
//! fonts that are not embedded and are addressed through a predefined CJK CMap (`UniGB-UCS2-H`,
//! `GBK-EUC-H`, `B5pc-H`, `90ms-RKSJ-H` …, common in Chinese documents made by older tools),
//! and fonts that carry a `/ToUnicode` map but no font program.
//!
//! It walks each page's content stream and decodes the strings shown, by the font in force:
//! a ToUnicode map when the font has one, else the character set its CMap names, else (a
//! simple font) Windows-1252. Lines break where the text moves down the page. What no font
//! says how to decode (an `Identity-H` font without a ToUnicode map) is left out.

use std::collections::{HashMap, HashSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

/// Pages read at most: a document's control data and prescribed contents are on its first
/// pages, and a pathological page tree must not cost more.
const MAX_PAGES: usize = 2000;

/// How the strings shown in one font are turned into text.
#[derive(Debug, Clone)]
enum Decoder {
    /// Two-byte UCS-2 / UTF-16 codes (`Uni…-UCS2-H`, `Uni…-UTF16-H`).
    Utf16,
    /// A legacy multi-byte character set (`GBK-EUC-H` → GBK).
    Legacy(&'static encoding_rs::Encoding),
    /// The font's own map from codes (of `width` bytes) to text.
    Map {
        width: usize,
        map: HashMap<u32, String>,
    },
    /// A simple font: one byte per character, read as Windows-1252.
    Latin,
    /// Codes nothing says how to decode.
    Unknown,
}

/// Why a PDF gave this reader no text.
#[derive(Debug, thiserror::Error)]
pub enum PdfTextError {
    /// The file does not parse as a PDF, even with its cross-reference table rebuilt.
    #[error("not a readable PDF ({0})")]
    NotReadable(#[source] lopdf::Error),
    /// The PDF is encrypted; its streams cannot be read without the key.
    #[error("the PDF is encrypted")]
    Encrypted,
    /// The pages parse but no font's codes decode to text.
    #[error("no text could be decoded from the PDF's fonts")]
    NoText,
}

/// The text of a PDF, page after page, or why there is none. A PDF whose cross-reference
/// table points to the wrong places (a file cut and mended, or written by a careless tool) is
/// read again with the table rebuilt from the objects themselves, as viewers do.
pub fn extract(bytes: &[u8]) -> Result<String, PdfTextError> {
    match read(bytes) {
        Ok(text) => Ok(text),
        Err(first) => match repair_xref(bytes) {
            Some(repaired) => read(&repaired).map_err(|_| first),
            None => Err(first),
        },
    }
}

/// The PDF with a new cross-reference table, built by finding each `N G obj` in the file,
/// appended after it (the last trailer's entries kept); `None` when no object is found.
pub fn repair_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut offsets: std::collections::BTreeMap<u32, (u16, usize)> = Default::default();
    let mut i = 0;
    while let Some(at) = find(&bytes[i..], b" obj").map(|k| k + i) {
        // Back over `G`, a space and `N`, each at a line start or after whitespace.
        let head = &bytes[at.saturating_sub(24)..at];
        let text = String::from_utf8_lossy(head);
        let mut parts = text
            .rsplit(|c: char| c.is_whitespace())
            .filter(|p| !p.is_empty());
        if let (Some(g), Some(n)) = (parts.next(), parts.next()) {
            if let (Ok(generation), Ok(number)) = (g.parse::<u16>(), n.parse::<u32>()) {
                // Back by the digits as written (`0012 0 obj` has leading zeros).
                let start = at - (g.len() + 1 + n.len());
                offsets.insert(number, (generation, start));
            }
        }
        i = at + 4;
    }
    if offsets.is_empty() {
        return None;
    }
    let trailer_at = rfind(bytes, b"trailer")?;
    let dict_start = trailer_at + find(&bytes[trailer_at..], b"<<")?;
    let dict_end = dict_start + find(&bytes[dict_start..], b">>")? + 2;
    let trailer = String::from_utf8_lossy(&bytes[dict_start..dict_end]).into_owned();
    let size = offsets.keys().max().copied().unwrap_or(0) + 1;
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let xref = out.len();
    // One subsection per run of consecutive numbers, so the table grows with the objects
    // found, never with the highest number claimed: `1 0 obj … 9999999 0 obj` in a few bytes
    // would otherwise ask for a ten-million-line table.
    let mut table = String::from("xref\n0 1\n0000000000 65535 f \n");
    let numbers: Vec<u32> = offsets.keys().copied().filter(|&n| n > 0).collect();
    for run in numbers.chunk_by(|a, b| b.checked_sub(*a) == Some(1)) {
        table.push_str(&format!("{} {}\n", run[0], run.len()));
        for n in run {
            let (g, at) = offsets[n];
            table.push_str(&format!("{at:010} {g:05} n \n"));
        }
    }
    // The trailer's own /Size and any /Prev are replaced: this table stands alone.
    let entries: String = trailer
        .trim_start_matches("<<")
        .trim_end_matches(">>")
        .replace("/Prev", "/OldPrev")
        .replace("/Size", "/OldSize");
    table.push_str(&format!(
        "trailer\n<< /Size {size} {entries} >>\nstartxref\n{xref}\n%%EOF\n"
    ));
    out.extend_from_slice(table.as_bytes());
    Some(out)
}

/// Cuts each `/Parent` link that leads a page back to a node already on its way up, and
/// returns how many it cut. Readers look up inherited attributes (`/MediaBox`, `/Resources`)
/// by climbing `/Parent` until a node has them; a node that is its own ancestor (found by the
/// `pdf` fuzz target: a page whose `/Parent` is itself) would keep them climbing forever.
/// A chain has one link per node, so cutting one link per loop leaves every chain finite.
pub fn cut_parent_cycles(doc: &mut Document) -> usize {
    let parent_of = |doc: &Document, node| {
        doc.get_dictionary(node)
            .and_then(|dict| dict.get(b"Parent"))
            .and_then(Object::as_reference)
            .ok()
    };
    // Nodes whose chain is known to end: pages of one tree share their ancestors.
    let mut ends = HashSet::new();
    let mut cut = 0;
    let pages: Vec<_> = doc.page_iter().collect();
    for page in pages {
        let mut path = HashSet::from([page]);
        let mut node = page;
        while let Some(parent) = parent_of(doc, node) {
            if ends.contains(&parent) {
                break;
            }
            if !path.insert(parent) {
                if let Ok(dict) = doc.get_dictionary_mut(node) {
                    dict.remove(b"Parent");
                }
                cut += 1;
                break;
            }
            node = parent;
        }
        ends.extend(path);
    }
    cut
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn read(bytes: &[u8]) -> Result<String, PdfTextError> {
    let mut doc = Document::load_mem(bytes).map_err(PdfTextError::NotReadable)?;
    if doc.is_encrypted() {
        return Err(PdfTextError::Encrypted);
    }
    cut_parent_cycles(&mut doc);
    let mut out = String::new();
    for (_, page) in doc.get_pages().into_iter().take(MAX_PAGES) {
        let fonts = doc.get_page_fonts(page).unwrap_or_default();
        let decoders: HashMap<Vec<u8>, Decoder> = fonts
            .into_iter()
            .map(|(name, font)| (name, decoder(&doc, font)))
            .collect();
        let Ok(content) = doc.get_page_content(page) else {
            continue;
        };
        let Ok(content) = Content::decode(&content) else {
            continue;
        };
        page_text(&content, &decoders, &mut out);
        out.push('\n');
        if out.len() > 4 << 20 {
            break;
        }
    }
    if out.trim().is_empty() {
        return Err(PdfTextError::NoText);
    }
    Ok(out)
}

/// The text shown by one page's content, appended to `out`.
fn page_text(content: &Content, decoders: &HashMap<Vec<u8>, Decoder>, out: &mut String) {
    let unknown = Decoder::Unknown;
    let mut font: &Decoder = &unknown;
    let mut last_y: Option<f32> = None;
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for op in &content.operations {
        let number = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok());
        match op.operator.as_str() {
            "Tf" => {
                font = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| decoders.get(n))
                    .unwrap_or(&unknown);
            }
            "Tj" | "'" | "\"" => {
                if op.operator != "Tj" {
                    newline(out);
                }
                if let Some(Object::String(s, _)) = op.operands.last() {
                    out.push_str(&decode(font, s));
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = op.operands.first() {
                    for item in items {
                        match item {
                            Object::String(s, _) => out.push_str(&decode(font, s)),
                            // A wide negative adjustment is a gap between words.
                            other => {
                                if other.as_float().is_ok_and(|n| n < -250.0)
                                    && !out.ends_with([' ', '\n'])
                                {
                                    out.push(' ');
                                }
                            }
                        }
                    }
                }
            }
            "Td" | "TD" => {
                if number(1).is_some_and(|ty| ty.abs() > 0.01) {
                    newline(out);
                } else if number(0).is_some_and(|tx| tx > 0.01) && !out.ends_with([' ', '\n']) {
                    out.push(' ');
                }
            }
            "T*" => newline(out),
            "Tm" => {
                let y = number(5);
                if y.is_some() && last_y.is_some() && y != last_y {
                    newline(out);
                } else if !out.ends_with([' ', '\n']) && !out.is_empty() {
                    out.push(' ');
                }
                last_y = y;
            }
            "BT" => last_y = None,
            "ET" => newline(out),
            _ => {}
        }
    }
}

/// The text of string `s` shown in `font`.
fn decode(font: &Decoder, s: &[u8]) -> String {
    match font {
        Decoder::Utf16 => {
            let units: Vec<u16> = s
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Decoder::Legacy(encoding) => encoding.decode_without_bom_handling(s).0.into_owned(),
        Decoder::Map { width, map } => s
            .chunks(*width)
            .filter_map(|c| map.get(&c.iter().fold(0u32, |n, &b| n << 8 | u32::from(b))))
            .map(String::as_str)
            .collect(),
        Decoder::Latin => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(s)
            .0
            .into_owned(),
        Decoder::Unknown => String::new(),
    }
}

/// How the strings of `font` are decoded.
fn decoder(doc: &Document, font: &Dictionary) -> Decoder {
    let composite = font
        .get(b"Subtype")
        .and_then(|s| s.as_name())
        .is_ok_and(|s| s == b"Type0");
    if let Some(map) = to_unicode(doc, font) {
        let width = if composite { 2 } else { 1 };
        return Decoder::Map { width, map };
    }
    if !composite {
        return Decoder::Latin;
    }
    let encoding = font
        .get(b"Encoding")
        .and_then(|e| e.as_name())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    cmap_charset(&encoding).unwrap_or(Decoder::Unknown)
}

/// The character set a predefined CJK CMap addresses, by its name.
fn cmap_charset(name: &str) -> Option<Decoder> {
    if name.contains("UCS2") || name.contains("UTF16") {
        return Some(Decoder::Utf16);
    }
    let legacy = if name.starts_with("GBK2K") {
        encoding_rs::GB18030
    } else if name.starts_with("GB") {
        encoding_rs::GBK
    } else if name.starts_with("B5") || name.starts_with("ETen") || name.starts_with("HKscs") {
        encoding_rs::BIG5
    } else if name.contains("RKSJ") {
        encoding_rs::SHIFT_JIS
    } else if name.starts_with("EUC") {
        encoding_rs::EUC_JP
    } else if name.starts_with("KSC") {
        encoding_rs::EUC_KR
    } else {
        return None;
    };
    Some(Decoder::Legacy(legacy))
}

/// The font's `/ToUnicode` map, when it has one that can be read.
fn to_unicode(doc: &Document, font: &Dictionary) -> Option<HashMap<u32, String>> {
    let (_, object) = doc.dereference(font.get(b"ToUnicode").ok()?).ok()?;
    let stream = object.as_stream().ok()?;
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let map = parse_cmap(&String::from_utf8_lossy(&data));
    (!map.is_empty()).then_some(map)
}

/// The code → text entries of a ToUnicode CMap (`bfchar` and `bfrange` sections).
fn parse_cmap(text: &str) -> HashMap<u32, String> {
    let hex = |t: &str| -> Option<Vec<u8>> {
        let t = t.trim_start_matches('<').trim_end_matches('>');
        if !t.len().is_multiple_of(2) || t.len() > 64 {
            return None;
        }
        (0..t.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
            .collect()
    };
    let code = |b: &[u8]| b.iter().fold(0u32, |n, &x| n << 8 | u32::from(x));
    let utf16 = |b: &[u8]| {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    // Tokens: hex strings, brackets and words.
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                let mut t = String::from("<");
                for d in chars.by_ref() {
                    t.push(d);
                    if d == '>' {
                        break;
                    }
                }
                tokens.push(t.chars().filter(|c| !c.is_whitespace()).collect());
            }
            '[' | ']' => tokens.push(c.to_string()),
            c if c.is_whitespace() => {}
            c => {
                let mut t = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_whitespace() || matches!(d, '<' | '[' | ']') {
                        break;
                    }
                    t.push(d);
                    chars.next();
                }
                tokens.push(t);
            }
        }
    }
    let mut map = HashMap::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    if let (Some(src), Some(dst)) = (hex(&tokens[i]), hex(&tokens[i + 1])) {
                        map.insert(code(&src), utf16(&dst));
                    }
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let (Some(lo), Some(hi)) = (hex(&tokens[i]), hex(&tokens[i + 1])) else {
                        i += 1;
                        continue;
                    };
                    let (lo, hi) = (code(&lo), code(&hi));
                    if hi < lo || hi - lo > 0xFFFF {
                        i += 3;
                        continue;
                    }
                    if tokens[i + 2] == "[" {
                        let mut k = i + 3;
                        let mut c = lo;
                        while k < tokens.len() && tokens[k] != "]" {
                            if let Some(dst) = hex(&tokens[k]) {
                                map.insert(c, utf16(&dst));
                            }
                            c += 1;
                            k += 1;
                        }
                        i = k + 1;
                    } else {
                        if let Some(dst) = hex(&tokens[i + 2]) {
                            let base = utf16(&dst);
                            let mut chars: Vec<char> = base.chars().collect();
                            for c in lo..=hi {
                                map.insert(c, chars.iter().collect());
                                if let Some(last) = chars.last_mut() {
                                    *last = char::from_u32(*last as u32 + 1).unwrap_or(*last);
                                }
                            }
                        }
                        i += 3;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tounicode_map_reads_chars_and_ranges() {
        let map = parse_cmap(
            "2 beginbfchar\n<0003> <0020>\n<0011> <4FE1>\nendbfchar\n1 beginbfrange\n<0020> <0022> <0041>\nendbfrange\n1 beginbfrange\n<0030> <0031> [<606F> <5B89>]\nendbfrange\n",
        );
        assert_eq!(map[&0x11], "信");
        assert_eq!(map[&0x03], " ");
        assert_eq!(map[&0x22], "C");
        assert_eq!(map[&0x31], "安");
    }

    /// A one-page PDF with Helvetica text and a correct cross-reference table.
    fn one_page_pdf(text_ops: &str) -> Vec<u8> {
        let content = format!("BT /F1 10 Tf 56 790 Td 13 TL {text_ops} ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn a_cross_reference_table_pointing_astray_is_rebuilt() {
        let good = one_page_pdf("(Capacity Plan) Tj T* (Version 2.0) Tj");
        // Bytes inserted after the header shift every object: the table now points astray.
        let mut shifted = good[..9].to_vec();
        shifted.extend_from_slice(b"% a comment a careless tool inserted here\n");
        shifted.extend_from_slice(&good[9..]);
        assert!(
            read(&shifted).is_err(),
            "the shifted file should need the repair"
        );
        let text = extract(&shifted).unwrap();
        assert!(
            text.contains("Capacity Plan") && text.contains("Version 2.0"),
            "{text}"
        );
        assert!(repair_xref(b"not a pdf at all").is_none());
    }

    #[test]
    fn a_rebuilt_table_grows_with_the_objects_found_not_the_numbers_claimed() {
        // Found by the `pdf` fuzz target: 158 bytes naming object 10,000,000 made a 200 MB
        // table that took seconds to write and parse.
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n0010000000 6550 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n";
        let repaired = repair_xref(pdf).unwrap();
        let table = String::from_utf8_lossy(&repaired[pdf.len()..]);
        assert!(table.len() < 200, "{table}");
        assert!(
            table.contains("\n1 1\n") && table.contains("\n10000000 1\n"),
            "{table}"
        );
        let at = pdf.windows(10).position(|w| w == b"0010000000").unwrap();
        assert!(table.contains(&format!("{at:010} 06550 n")), "{table}");
    }

    #[test]
    fn a_page_tree_whose_parents_loop_is_read_not_climbed_forever() {
        // Found by the `pdf` fuzz target: a page that is its own `/Parent` and has no
        // `/MediaBox` kept pdf-extract climbing for an inherited one (minutes, then the
        // worker's deadline). Same-length edits keep the cross-reference table right.
        let good = one_page_pdf("(Capacity Plan) Tj");
        let own_parent = replace_once(&good, b"/Parent 2 0 R", b"/Parent 4 0 R");
        let own_parent = replace_once(&own_parent, b"/MediaBox", b"/MediaBoy");
        let mut doc = Document::load_mem(&own_parent).unwrap();
        assert_eq!(cut_parent_cycles(&mut doc), 1);
        assert!(doc.get_dictionary((4, 0)).unwrap().get(b"Parent").is_err());
        assert_eq!(cut_parent_cycles(&mut doc), 0, "nothing left to cut");
        // Read on a thread, so that a loop back in the readers fails the test, not hangs it.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(crate::evidence::documents::extract_pdf_text(&own_parent));
        });
        let text = receiver
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the page tree's loop was climbed: no answer in 20 s")
            .unwrap();
        assert!(text.contains("Capacity Plan"), "{text}");

        // A loop of two (the page tree's parent is the page) is cut where it closes, at the
        // tree: the page keeps its parent and so still inherits the tree's `/MediaBox`.
        let pair = replace_once(
            &good,
            b"/Count 1 >>",
            b"/Count 1 /MediaBox [0 0 595 842] /Parent 4 0 R >>",
        );
        let pair = replace_once(&pair, b"/MediaBox [0 0 595 842] /Contents", b"/Contents");
        let mut pair = Document::load_mem(&repair_xref(&pair).unwrap()).unwrap();
        assert_eq!(cut_parent_cycles(&mut pair), 1);
        let page = pair.get_dictionary((4, 0)).unwrap();
        assert_eq!(page.get(b"Parent").unwrap().as_reference().unwrap(), (2, 0));
        let tree = pair.get_dictionary((2, 0)).unwrap();
        assert!(tree.get(b"Parent").is_err() && tree.get(b"MediaBox").is_ok());
    }

    fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = find(bytes, from).unwrap();
        [&bytes[..at], to, &bytes[at + from.len()..]].concat()
    }

    #[test]
    fn predefined_cjk_cmaps_name_their_character_sets() {
        let decoded = |name: &str, bytes: &[u8]| decode(&cmap_charset(name).unwrap(), bytes);
        assert_eq!(decoded("UniGB-UCS2-H", &[0x4F, 0xE1, 0x60, 0x6F]), "信息");
        let gbk = encoding_rs::GBK.encode("信息安全 V3.0").0;
        assert_eq!(decoded("GBK-EUC-H", &gbk), "信息安全 V3.0");
        assert!(cmap_charset("Identity-H").is_none());
    }
}
