//! The report font, WenQuanYi Micro Hei (Apache-2.0, licence in `assets/fonts/`), compiled
//! in: glyph ids and advances for layout, and the glyphs a PDF uses, numbered in the order
//! they are first drawn so the embedded subset can be cut once the last page is laid out.

use std::collections::HashMap;

use allsorts::binary::read::ReadScope;
use allsorts::font::{Font, MatchingPresentation};
use allsorts::font_data::{DynamicFontTableProvider, FontData};
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable};
use allsorts::tag;

/// The embedded font (a TrueType collection; the first face is used).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// The face's PostScript name, as the PDF names it.
pub const POSTSCRIPT_NAME: &str = "WenQuanYiMicroHei";

/// Why the compiled-in font failed a renderer: a defect of the build, never of the input.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The face's tables do not parse.
    #[error("the embedded font cannot be read: {0}")]
    Unreadable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The glyphs a report uses cannot be cut out of the face.
    #[error("cannot subset the embedded font for {purpose}: {source}")]
    Subset {
        /// The report the subset was for (`the PDF`, `the HTML report`).
        purpose: &'static str,
        /// What the subsetter stopped on.
        source: allsorts::subset::SubsetError,
    },
}

fn unreadable(e: impl std::error::Error + Send + Sync + 'static) -> FontError {
    FontError::Unreadable(Box::new(e))
}

fn provider() -> Result<DynamicFontTableProvider<'static>, FontError> {
    ReadScope::new(FONT)
        .read::<FontData<'static>>()
        .map_err(unreadable)?
        .table_provider(0)
        .map_err(unreadable)
}

/// A subset of the face holding the glyphs `ids` (in that order: glyph `n` of the subset is
/// `ids[n]`), for `purpose` (named in the error).
pub fn subset_face(
    ids: &[u16],
    profile: &SubsetProfile,
    cmap: CmapTarget,
    purpose: &'static str,
) -> Result<Vec<u8>, FontError> {
    subset(&provider()?, ids, profile, cmap).map_err(|source| FontError::Subset { purpose, source })
}

/// The face's glyph lookup, advances and the metrics a PDF font descriptor states.
pub struct ReportFont {
    font: Font<DynamicFontTableProvider<'static>>,
    /// Units per em of the glyph coordinates.
    pub units_per_em: u16,
    /// Ascender, in font units.
    pub ascent: i16,
    /// Descender (negative), in font units.
    pub descent: i16,
    /// Bounding box of all glyphs (x min, y min, x max, y max), in font units.
    pub bbox: [i16; 4],
    /// Glyphs looked up so far: a table for the Basic Multilingual Plane (every character a
    /// report is likely to hold; a large report draws millions), a map beyond it.
    bmp: Vec<Option<Glyph>>,
    astral: HashMap<char, Glyph>,
}

/// A character's glyph in the face.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    /// Glyph id; 0 (the "missing" glyph) when the face has none for the character.
    pub id: u16,
    /// Advance at size 1.
    pub advance: f32,
}

impl ReportFont {
    /// Reads the compiled-in face.
    pub fn load() -> Result<ReportFont, FontError> {
        let provider = provider()?;
        let head_data = provider.read_table_data(tag::HEAD).map_err(unreadable)?;
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .map_err(unreadable)?;
        let hhea_data = provider.read_table_data(tag::HHEA).map_err(unreadable)?;
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .map_err(unreadable)?;
        let font = Font::new(provider).map_err(unreadable)?;
        Ok(ReportFont {
            font,
            units_per_em: head.units_per_em.max(1),
            ascent: hhea.ascender,
            descent: hhea.descender,
            bbox: [head.x_min, head.y_min, head.x_max, head.y_max],
            bmp: vec![None; 0x1_0000],
            astral: HashMap::new(),
        })
    }

    /// The glyph drawn for `c`; a character the face lacks gets glyph 0 and half an em, so
    /// layout still leaves room for it.
    pub fn glyph(&mut self, c: char) -> Glyph {
        let cached = match self.bmp.get(c as usize) {
            Some(slot) => *slot,
            None => self.astral.get(&c).copied(),
        };
        if let Some(g) = cached {
            return g;
        }
        let (id, _) = self
            .font
            .lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        let advance = match id {
            0 => 0.5,
            _ => self
                .font
                .horizontal_advance(id)
                .map_or(0.5, |a| f32::from(a) / f32::from(self.units_per_em)),
        };
        let glyph = Glyph { id, advance };
        match self.bmp.get_mut(c as usize) {
            Some(slot) => *slot = Some(glyph),
            None => {
                self.astral.insert(c, glyph);
            }
        }
        glyph
    }

    /// The glyph id of `c`, if the face has one.
    pub fn glyph_id(&mut self, c: char) -> Option<u16> {
        Some(self.glyph(c).id).filter(|&id| id != 0)
    }
}

/// Marks a glyph not drawn yet.
const NO_CID: u16 = u16::MAX;

/// The glyphs a PDF has drawn, each given a character id (CID) in the order first drawn:
/// CID 0 is the missing glyph, and the subset font holds exactly these glyphs in this order,
/// so a CID is its glyph's id in the subset.
pub struct UsedGlyphs {
    /// Per glyph id of the face, its CID, or [`NO_CID`].
    cids: Vec<u16>,
    /// Per CID: the glyph id in the full face, the character it shows, its advance at size 1.
    used: Vec<(u16, char, f32)>,
}

impl Default for UsedGlyphs {
    fn default() -> UsedGlyphs {
        UsedGlyphs::new()
    }
}

impl UsedGlyphs {
    /// Starts with the missing glyph as CID 0.
    pub fn new() -> UsedGlyphs {
        let mut cids = vec![NO_CID; 0x1_0000];
        cids[0] = 0;
        UsedGlyphs {
            cids,
            used: vec![(0, '\u{FFFD}', 0.5)],
        }
    }

    /// The CID that draws `glyph` (shown for `c`), numbering it if it is new.
    pub fn cid(&mut self, glyph: Glyph, c: char) -> u16 {
        let slot = &mut self.cids[usize::from(glyph.id)];
        if *slot != NO_CID {
            return *slot;
        }
        // A face has fewer than 65,535 glyphs, so every glyph gets its own CID.
        let cid = u16::try_from(self.used.len()).unwrap_or(0);
        *slot = cid;
        self.used.push((glyph.id, c, glyph.advance));
        cid
    }

    /// Per CID, in order: the character it shows (none for the missing glyph) and its
    /// advance in thousandths of an em.
    pub fn entries(&self) -> impl Iterator<Item = (u16, Option<char>, u32)> + '_ {
        self.used
            .iter()
            .enumerate()
            .map(|(cid, &(gid, c, advance))| {
                (
                    cid as u16,
                    (gid != 0).then_some(c),
                    (advance * 1000.0).round() as u32,
                )
            })
    }

    /// The subset of the face holding these glyphs, glyph `n` being CID `n`.
    pub fn subset_font(&self) -> Result<Vec<u8>, FontError> {
        let ids: Vec<u16> = self.used.iter().map(|&(gid, _, _)| gid).collect();
        subset_face(
            &ids,
            &SubsetProfile::Pdf,
            CmapTarget::Unrestricted,
            "the PDF",
        )
    }

    /// A tag naming this subset (six capitals, as PDF subset names start), the same for the
    /// same glyphs.
    pub fn subset_tag(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &(gid, _, _) in &self.used {
            for b in gid.to_be_bytes() {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        (0..6)
            .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
            .collect()
    }
}
