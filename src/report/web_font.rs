//! A web-font subset of the report font for HTML reports with Chinese text: a browser on a
//! machine without CJK fonts (a fresh Linux, a locked-down client laptop) draws every Chinese
//! character of the page as an empty box. The PDF embeds its font; the HTML now embeds the
//! glyphs it uses, as an `@font-face` data URL, so it stays one self-contained file.

use std::collections::BTreeSet;

use allsorts::subset::{CmapTarget, SubsetProfile};
use base64::Engine;

use crate::report::pdf::font;

/// The family name the report's stylesheet lists for CJK text.
pub const FAMILY: &str = "iso20k-cjk";

/// Whether `c` is a CJK character the common Latin fonts lack.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// An `@font-face` rule holding the glyphs of the CJK characters of `html` (and of the
/// other non-ASCII characters the font has, so punctuation matches), or `None` when the
/// page has no CJK text.
pub fn face_for(html: &str) -> Result<Option<String>, font::FontError> {
    if !html.chars().any(is_cjk) {
        return Ok(None);
    }
    let mut font = font::ReportFont::load()?;
    let used: BTreeSet<char> = html.chars().filter(|c| !c.is_ascii()).collect();
    // Glyph 0 (.notdef) first, then the used glyphs, each once.
    let glyphs: BTreeSet<u16> = used.iter().filter_map(|c| font.glyph_id(*c)).collect();
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    // The minimal profile keeps the tables a browser's font sanitiser requires (name, OS/2,
    // post), which the PDF profile drops.
    let bytes = font::subset_face(
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
        "the HTML report",
    )?;
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(Some(format!(
        "<style>@font-face {{ font-family: \"{FAMILY}\"; src: url(data:font/ttf;base64,{data}) format(\"truetype\"); }}</style>\n"
    )))
}

/// `html` with the font face of its CJK text, inserted before `</head>` (or first, for a
/// custom template without one).
pub fn with_face(html: String) -> Result<String, font::FontError> {
    let Some(face) = face_for(&html)? else {
        return Ok(html);
    };
    Ok(match html.find("</head>") {
        Some(at) => format!("{}{face}{}", &html[..at], &html[at..]),
        None => format!("{face}{html}"),
    })
}
