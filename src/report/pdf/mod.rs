//! PDF reports: any report document, in English or Chinese, laid out on A4 pages with a
//! CJK-capable font compiled in (WenQuanYi Micro Hei, Apache-2.0; licence in `assets/fonts/`)
//! and embedded as the subset of glyphs drawn. Pages are compressed as they are finished, so
//! a report of thousands of pages holds little more than its compressed content. Dates and
//! ids are fixed from the assessment, so the same assessment gives the same bytes.

mod canvas;
mod file;
pub mod font;
pub mod layout;

use super::document::{Block, Cover, Document, Media, Table};
use crate::domain::date::Timestamp;
use crate::i18n::Lang;
pub use font::FontError;
use font::ReportFont;
use layout::{Column, Layout, Metrics, PairedBars, PAGE_H, WIDTH};

/// Renders a document as an A4 PDF: cover, contents, then every section not reserved for
/// wider formats.
pub fn render(model: &Document) -> Result<Vec<u8>, FontError> {
    let metrics = Metrics::new(ReportFont::load()?);
    std::thread::scope(|scope| {
        let lay = Layout::new(metrics, Box::new(canvas::ThreadedSink::start(scope)));
        render_in(model, lay)
    })
}

fn render_in(model: &Document, mut lay: Layout<'_>) -> Result<Vec<u8>, FontError> {
    cover(&mut lay, model);
    lay.new_page();
    for section in model.sections.iter().filter(|s| s.media == Media::All) {
        lay.heading(&section.title, section.level);
        for block in &section.blocks {
            block_on_page(&mut lay, block);
        }
    }
    let mut bodies = lay.finish_pages();
    let contents = lay.contents(&model.contents_label);
    // The headings' pages, once the contents pages are in after the cover.
    let bookmarks: Vec<file::Bookmark> = lay
        .headings
        .iter()
        .map(|h| file::Bookmark {
            title: h.text.clone(),
            level: h.level,
            page: if h.page == 0 {
                0
            } else {
                h.page + contents.len()
            },
        })
        .collect();
    bodies.splice(1..1, contents);
    let header = format!("{} · {} · {}", model.organisation, model.title, model.date);
    let zh = model.lang == Lang::Zh;
    let overlays = lay.decorations(bodies.len(), &header, &|x, y| {
        if zh {
            format!("第 {x} 页，共 {y} 页")
        } else {
            format!("Page {x} of {y}")
        }
    });
    let pages = bodies
        .into_iter()
        .zip(overlays)
        .map(|(body, overlay)| file::Page { body, overlay })
        .collect();

    let (y, m, d) = Timestamp::parse(&model.date).unwrap_or(Timestamp(0)).ymd();
    let date = format!("D:{y:04}{m:02}{d:02}000000Z");
    // The marker keyword tells the file is a report, so it is never read back as evidence.
    let keywords = format!("{},{}", crate::domain::marker::MARKER, model.kind);
    let creator = format!("iso20k {}", env!("CARGO_PKG_VERSION"));
    let info = file::Info {
        title: &format!("{} — {}", model.title, model.organisation),
        subject: &model.organisation,
        keywords: &keywords,
        creator: &creator,
        date: &date,
        identifier: &model.identifier,
        lang: if zh { "zh-CN" } else { "en-GB" },
    };
    let Layout {
        metrics, glyphs, ..
    } = lay;
    file::write(pages, &bookmarks, metrics.font(), &glyphs, &info)
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
        Block::Comparison(c) => {
            let series = c.series.clone().map(|s| (s.name, s.colour));
            let rows: Vec<PairedBars> = c
                .rows
                .iter()
                .map(|r| PairedBars {
                    label: r.label.clone(),
                    lengths: r.values.clone().map(|v| v.number.map(|n| n as f32)),
                    shown: r.values.clone().map(|v| v.text),
                    change: r.change.text.clone(),
                    change_colour: r.change.colour.clone(),
                })
                .collect();
            lay.paired_bar_chart(&series, &rows);
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
