//! PDF reports: the gap analysis (readiness report) and the internal-audit report, in English
//! or Chinese, with a CJK-capable font compiled in (WenQuanYi Micro Hei, Apache-2.0; licence in
//! `assets/fonts/`), subset on save. Dates and ids are fixed from the assessment, so the same
//! assessment gives the same bytes.

pub mod layout;

use printpdf::{Mm, OffsetDateTime, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

use super::document::{Block, Cover, Document, Media, Table};
use crate::domain::date::Timestamp;
use crate::i18n::Lang;
use layout::{Column, Layout, Metrics, PAGE_H, WIDTH};

/// The embedded font.
pub(crate) const FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// Renders a document as an A4 PDF: cover, contents, then every section not reserved for
/// wider formats.
pub fn render(model: &Document) -> Result<Vec<u8>, String> {
    let font = ParsedFont::from_bytes(FONT, 0, &mut Vec::new())
        .ok_or("the embedded font cannot be read")?;
    let mut doc = PdfDocument::new(&format!("{} — {}", model.title, model.organisation));
    let font_id = doc.add_font(&font);
    let mut lay = Layout::new(Metrics::new(font), font_id);
    cover(&mut lay, model);
    lay.new_page();
    for section in model.sections.iter().filter(|s| s.media == Media::All) {
        lay.heading(&section.title, section.level);
        for block in &section.blocks {
            block_on_page(&mut lay, block);
        }
    }
    let contents = lay.contents(&model.contents_label);
    lay.pages.splice(1..1, contents);
    let header = format!("{} · {} · {}", model.organisation, model.title, model.date);
    let zh = model.lang == Lang::Zh;
    lay.decorate(&header, &|x, y| {
        if zh {
            format!("第 {x} 页，共 {y} 页")
        } else {
            format!("Page {x} of {y}")
        }
    });

    let pages: Vec<PdfPage> = std::mem::take(&mut lay.pages)
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    let when = Timestamp::parse(&model.date).map(|t| t.0).unwrap_or(0);
    let date = OffsetDateTime::from_unix_timestamp(when).map_err(|e| e.to_string())?;
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.author = "iso20k".into();
    info.creator = format!("iso20k {}", env!("CARGO_PKG_VERSION"));
    info.producer = "iso20k".into();
    info.subject = model.organisation.clone();
    // Marks the file as a report, so it is never read back as evidence.
    info.keywords = vec![
        crate::domain::marker::MARKER.to_string(),
        model.kind.clone(),
    ];
    info.identifier = model.identifier.clone();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    Ok(doc.with_pages(pages).save(&options, &mut warnings))
}

const INK: &str = "1B2631";

fn block_on_page(lay: &mut Layout, block: &Block) {
    match block {
        Block::Paragraph { text, muted: true } => lay.note(text),
        Block::Paragraph { text, muted: false } => lay.paragraph(text, 9.5, INK),
        Block::KeyValues { rows } => {
            let pairs: Vec<(String, String)> = rows
                .iter()
                .map(|kv| (kv.key.clone(), kv.value.text.clone()))
                .collect();
            lay.key_values(&pairs);
        }
        Block::List { items } => {
            for item in items {
                lay.paragraph(&format!("• {item}"), 9.5, INK);
            }
        }
        Block::Chart(chart) => {
            let bars: Vec<(String, f32, String, String)> = chart
                .bars
                .iter()
                .map(|b| {
                    (
                        b.label.clone(),
                        b.length as f32,
                        b.colour.clone(),
                        b.text.clone(),
                    )
                })
                .collect();
            lay.bar_chart(&bars, chart.percent);
        }
        Block::Table(table) => table_on_page(lay, table),
    }
}

/// A table's printable columns; a grouped table is one table per group under its heading.
fn table_on_page(lay: &mut Layout, table: &Table) {
    if table.is_empty() {
        lay.paragraph(&table.empty, 9.5, INK);
        return;
    }
    let keep = table.printed_columns();
    let columns: Vec<Column> = keep
        .iter()
        .map(|&i| Column {
            header: table.columns[i].header.clone(),
            share: table.columns[i].width,
        })
        .collect();
    for group in table.groups.iter().filter(|g| !g.rows.is_empty()) {
        if !group.title.is_empty() {
            lay.heading(&group.title, 2);
        }
        let rows: Vec<Vec<String>> = group
            .rows
            .iter()
            // A row short of cells (a custom document) shows blanks rather than panicking.
            .map(|row| {
                keep.iter()
                    .map(|&i| row.get(i).map_or_else(String::new, |c| c.text.clone()))
                    .collect()
            })
            .collect();
        let colours: Vec<Vec<Option<String>>> = group
            .rows
            .iter()
            .map(|row| {
                keep.iter()
                    .map(|&i| row.get(i).and_then(|c| c.colour.clone()))
                    .collect()
            })
            .collect();
        lay.table(&columns, &rows, Some(&colours));
    }
}

fn cover(lay: &mut Layout, doc: &Document) {
    let c: &Cover = &doc.cover;
    lay.rect(0.0, PAGE_H - 180.0, layout::PAGE_W, 180.0, "1F618D");
    lay.text_at(50.0, PAGE_H - 95.0, &doc.title, 20.0, "FFFFFF");
    lay.text_at(50.0, PAGE_H - 130.0, &doc.organisation, 16.0, "FFFFFF");
    lay.text_at(50.0, PAGE_H - 155.0, &c.subtitle, 11.0, "D6EAF8");
    lay.set_y(PAGE_H - 230.0);
    // The first figure is the headline; an emphasised one (the verdict) stands beside it,
    // the others in small print under it.
    let mut small = 0.0;
    for (i, f) in c.figures.iter().enumerate() {
        if i == 0 {
            lay.text_at(50.0, lay.y(), &f.key, 11.0, "5D6D7E");
            lay.text_at(50.0, lay.y() - 36.0, &f.value.text, 32.0, INK);
        } else if let Some(colour) = &f.value.colour {
            lay.text_at(220.0, lay.y(), &f.key, 11.0, "5D6D7E");
            lay.text_at(220.0, lay.y() - 30.0, &f.value.text, 16.0, colour);
        } else {
            let line = format!("{}: {}", f.key, f.value.text);
            lay.text_at(50.0, lay.y() - 54.0 - small, &line, 9.0, "5D6D7E");
            small += 12.0;
        }
    }
    lay.set_y(PAGE_H - 300.0);
    let mut x = 50.0;
    let step = WIDTH / c.counts.len().max(1) as f32;
    for count in &c.counts {
        lay.rect(x, lay.y() - 56.0, 4.0, 56.0, &count.colour);
        // A long label wraps inside its own tile rather than running into the next.
        let lines = layout::wrap(&mut lay.metrics, &count.label, 8.0, step - 16.0);
        for (k, line) in lines.iter().take(2).enumerate() {
            lay.text_at(
                x + 10.0,
                lay.y() - 12.0 - 10.0 * k as f32,
                line,
                8.0,
                "5D6D7E",
            );
        }
        lay.text_at(
            x + 10.0,
            lay.y() - 50.0,
            &count.count.to_string(),
            20.0,
            INK,
        );
        x += step;
    }
    lay.set_y(PAGE_H - 380.0);
    let pairs: Vec<(String, String)> = c
        .facts
        .iter()
        .map(|kv| (kv.key.clone(), kv.value.text.clone()))
        .collect();
    lay.key_values(&pairs);
    for note in &c.notes {
        lay.note(note);
    }
}
