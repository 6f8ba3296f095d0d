//! Workbooks from report documents: each section goes on the sheet it names, tables become
//! filterable Excel tables with every column (the workbook is the wide format), charts are
//! native charts over cells holding their data. Every text from evidence or findings is
//! written with `write_string`, so a statement starting with `=` stays text; numbers are
//! written as computed values, never formulas; the creation date is the assessment date, so
//! the same document always gives the same bytes.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_xlsxwriter::{
    Chart as XlsxChart, ChartFormat, ChartPoint, ChartSolidFill, ChartType, DataValidation,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Table as XlsxTable,
    TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use super::document::{Block, Cell, Chart, Column, Comparison, Document, KeyValue, Section, Table};

struct Styles {
    /// Texts cut to fit a cell, recorded as they are written (see [`text_cell`]).
    truncations: RefCell<Vec<String>>,
    /// Bold coloured variants of `wrap`, one per colour and number format.
    emphasis: RefCell<HashMap<(String, &'static str), Format>>,
    title: Format,
    heading: Format,
    label: Format,
    wrap: Format,
    big: Format,
    subheading: Format,
}

fn styles() -> Styles {
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("BFC9CA");
    Styles {
        truncations: Default::default(),
        emphasis: Default::default(),
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_font_color("1B2631"),
        heading: Format::new()
            .set_bold()
            .set_font_size(12)
            .set_font_color("1F618D"),
        label: border(Format::new().set_bold().set_background_color("EAF2F8")),
        wrap: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
        subheading: Format::new().set_bold().set_font_color("1B2631"),
        big: Format::new()
            .set_bold()
            .set_font_size(20)
            .set_num_format("0.0"),
    }
}

/// Most characters an Excel cell holds; a longer text makes the whole workbook unwritable.
const MAX_CELL_CHARS: usize = 32_767;

/// Writes a text from the assessment into a cell as text (never a formula), cut to what a
/// cell holds with a visible marker when longer, and the cut recorded with the cell and the
/// field it holds (`field`, the column header or row label).
fn text_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
    s: &Styles,
    field: &str,
) -> Result<(), XlsxError> {
    match super::truncate::fit(text, MAX_CELL_CHARS) {
        None => {
            ws.write_string_with_format(row, col, text, format)?;
        }
        Some(cut) => {
            ws.write_string_with_format(row, col, &cut.text, format)?;
            s.truncations.borrow_mut().push(format!(
                "{}!{}{} ({field}) holds {} characters, more than the {} of an Excel cell: truncated, the full text is in assessment.json",
                ws.name(),
                crate::evidence::table::column_letters(col as usize),
                row + 1,
                super::truncate::thousands(cut.original_chars),
                super::truncate::thousands(MAX_CELL_CHARS),
            ));
        }
    }
    Ok(())
}

/// Renders a document as a workbook, with a warning for each text cut to fit a cell.
pub fn render(doc: &Document) -> Result<(Vec<u8>, Vec<String>), XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = date_parts(&doc.date);
    let props = DocProperties::new()
        .set_title(format!("{} — {}", doc.title, doc.organisation))
        .set_author("iso20k")
        .set_company(&doc.organisation)
        .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?)
        .set_custom_property(crate::domain::marker::MARKER, doc.kind.as_str());
    wb.set_properties(&props);
    let s = styles();
    for (i, (name, sections)) in sheets(doc).into_iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(name))?;
        let widths = column_widths(&sections, i == 0);
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let mut row = 0;
        if i == 0 {
            row = cover(ws, doc, &s)?;
        }
        for (k, section) in sections.iter().enumerate() {
            // A sheet opening on its section is titled by its tab; later sections get a heading.
            if row > 0 || k > 0 {
                let format = if section.level == 1 {
                    &s.heading
                } else {
                    &s.subheading
                };
                text_cell(ws, row, 0, &section.title, format, &s, "heading")?;
                row += 1;
            }
            for block in &section.blocks {
                row = write_block(ws, row, block, widths.len(), &s)?;
                row += 1;
            }
        }
    }
    let bytes = wb.save_to_buffer()?;
    Ok((bytes, s.truncations.into_inner()))
}

/// Sheets in order of first mention, each with its sections.
fn sheets(doc: &Document) -> Vec<(&str, Vec<&Section>)> {
    let mut sheets: Vec<(&str, Vec<&Section>)> = Vec::new();
    for section in &doc.sections {
        match sheets.iter_mut().find(|(name, _)| *name == section.sheet) {
            Some((_, list)) => list.push(section),
            None => sheets.push((&section.sheet, vec![section])),
        }
    }
    sheets
}

/// Each column as wide as the widest use any block of the sheet makes of it.
fn column_widths(sections: &[&Section], with_cover: bool) -> Vec<f64> {
    let mut widths: Vec<f64> = Vec::new();
    let mut widen = |c: usize, w: f64| {
        if widths.len() <= c {
            widths.resize(c + 1, 8.43);
        }
        widths[c] = widths[c].max(w);
    };
    if with_cover {
        widen(0, 30.0);
        widen(1, 60.0);
    }
    for block in sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Table(t) => {
                for (c, col) in t.columns.iter().enumerate() {
                    widen(c, col.width as f64);
                }
            }
            Block::KeyValues { .. } | Block::Chart(_) => {
                widen(0, 30.0);
                widen(1, 60.0);
            }
            Block::Comparison(c) => {
                for (col, column) in comparison_table(c).columns.iter().enumerate() {
                    widen(col, column.width as f64);
                }
            }
            Block::Paragraph { .. } | Block::List { .. } => widen(0, 30.0),
        }
    }
    widths
}

/// The cover on top of the first sheet: title, facts, key figures and counts.
fn cover(ws: &mut Worksheet, doc: &Document, s: &Styles) -> Result<u32, XlsxError> {
    text_cell(ws, 0, 0, &doc.title, &s.title, s, "title")?;
    let mut row = 2;
    for kv in &doc.cover.facts {
        row = key_value(ws, row, kv, s, &s.wrap)?;
    }
    row += 1;
    for (i, kv) in doc.cover.figures.iter().enumerate() {
        // The headline figure is shown large.
        let format = if i == 0 { &s.big } else { &s.wrap };
        row = key_value(ws, row, kv, s, format)?;
    }
    row += 1;
    for c in &doc.cover.counts {
        let kv = KeyValue::cell(&c.label, Cell::count(c.count));
        row = key_value(ws, row, &kv, s, &s.wrap)?;
    }
    Ok(row + 1)
}

fn key_value(
    ws: &mut Worksheet,
    row: u32,
    kv: &KeyValue,
    s: &Styles,
    format: &Format,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, &kv.key, &s.label)?;
    value_cell(ws, row, 1, &kv.value, format, s, &kv.key)?;
    Ok(row + 1)
}

/// Writes a cell: a number as a number, a text as text, emphasised in its colour.
fn value_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    base: &Format,
    s: &Styles,
    field: &str,
) -> Result<(), XlsxError> {
    let num_format = match cell.number {
        Some(n) if n.fract() == 0.0 && !cell.text.contains('.') => "0",
        Some(_) => "0.0",
        None => "",
    };
    let emphasised;
    let format = match (&cell.colour, num_format) {
        (None, "") => base,
        (colour, num) => {
            let key = (colour.clone().unwrap_or_default(), num);
            let mut cache = s.emphasis.borrow_mut();
            emphasised = cache
                .entry(key)
                .or_insert_with(|| {
                    let mut f = base.clone();
                    if let Some(c) = colour {
                        f = f.set_bold().set_font_color(c.as_str());
                    }
                    if !num.is_empty() {
                        f = f.set_num_format(num);
                    }
                    f
                })
                .clone();
            &emphasised
        }
    };
    match cell.number {
        Some(n) => {
            ws.write_number_with_format(row, col, n, format)?;
        }
        None => text_cell(ws, row, col, &cell.text, format, s, field)?,
    }
    Ok(())
}

/// Writes one block from `row`; returns the row after it.
fn write_block(
    ws: &mut Worksheet,
    row: u32,
    block: &Block,
    columns: usize,
    s: &Styles,
) -> Result<u32, XlsxError> {
    match block {
        Block::Paragraph { text, .. } => {
            // Running text spans the sheet's columns, its row as tall as its lines.
            let last = (columns.max(2) - 1) as u16;
            // About 110 characters a line across the merged cells; the height caps at
            // Excel's largest row, so a text cut to fit a cell needs no separate count.
            let lines = text.chars().count() / 110 + text.matches('\n').count() + 1;
            ws.merge_range(row, 0, row, last, "", &s.wrap)?;
            text_cell(ws, row, 0, text, &s.wrap, s, "text")?;
            ws.set_row_height(row, (15 * lines).min(409) as f64)?;
            Ok(row + 1)
        }
        Block::List { items } => {
            let mut row = row;
            for item in items {
                text_cell(ws, row, 0, &format!("• {item}"), &s.wrap, s, "list")?;
                row += 1;
            }
            Ok(row)
        }
        Block::KeyValues { rows } => {
            let mut row = row;
            for kv in rows {
                row = key_value(ws, row, kv, s, &s.wrap)?;
            }
            Ok(row)
        }
        Block::Chart(chart) => write_chart(ws, row, chart, s),
        Block::Comparison(c) => write_table(ws, row, &comparison_table(c), s),
        Block::Table(table) => write_table(ws, row, table, s),
    }
}

/// A table with every column, its groups flattened (each row carries its own keys), as an
/// Excel table with a filter; frozen under its header when it opens the sheet.
fn write_table(
    ws: &mut Worksheet,
    first_row: u32,
    t: &Table,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let mut row = first_row + 1;
    if t.is_empty() {
        text_cell(ws, row, 0, &t.empty, &s.wrap, s, "table")?;
        row += 1;
    }
    for r in t.groups.iter().flat_map(|g| &g.rows) {
        for (c, (cell, column)) in r.iter().zip(&t.columns).enumerate() {
            value_cell(ws, row, c as u16, cell, &s.wrap, s, &column.header)?;
        }
        row += 1;
    }
    let columns: Vec<TableColumn> = t
        .columns
        .iter()
        .map(|c| TableColumn::new().set_header(&c.header))
        .collect();
    let table = XlsxTable::new()
        .set_columns(&columns)
        .set_style(TableStyle::Light9);
    ws.add_table(first_row, 0, row - 1, t.columns.len() as u16 - 1, &table)?;
    // Columns meant to be filled in offer their values, on the rows there are and on as
    // many again for rows the reader adds.
    for (c, column) in t.columns.iter().enumerate() {
        if column.choices.is_empty() {
            continue;
        }
        let choices: Vec<&str> = column.choices.iter().map(String::as_str).collect();
        let validation = DataValidation::new()
            .allow_list_strings(&choices)?
            .ignore_blank(true);
        let last = row + (row - first_row).max(50);
        ws.add_data_validation(first_row + 1, c as u16, last, c as u16, &validation)?;
    }
    if first_row == 0 {
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(row)
}

/// A comparison as a workbook shows it: a table of each label's two values and the change,
/// its headers told apart even when the two series have one name (an Excel table's must be).
fn comparison_table(c: &Comparison) -> Table {
    let [first, second] = &c.series;
    let second_name = if second.name == first.name {
        format!("{} (2)", second.name)
    } else {
        second.name.clone()
    };
    let rows = c
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.label),
                r.values[0].clone(),
                r.values[1].clone(),
                r.change.clone(),
            ]
        })
        .collect();
    Table::new(
        vec![
            Column::new(&c.label, 40.0),
            Column::new(&first.name, 16.0),
            Column::new(&second_name, 16.0),
            Column::new(&c.change, 12.0),
        ],
        rows,
        "",
    )
}

/// The chart's data in two columns, and a native chart over it beside the data.
fn write_chart(
    ws: &mut Worksheet,
    first_row: u32,
    chart: &Chart,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let mut row = first_row;
    for bar in &chart.bars {
        text_cell(ws, row, 0, &bar.label, &s.label, s, &chart.title)?;
        let cell = Cell {
            number: Some(bar.value),
            text: bar.text.clone(),
            ..Cell::default()
        };
        value_cell(ws, row, 1, &cell, &s.wrap, s, &chart.title)?;
        row += 1;
    }
    if chart.bars.is_empty() {
        return Ok(row);
    }
    let name = ws.name();
    let last = row - 1;
    let mut native = XlsxChart::new(if chart.percent {
        ChartType::Bar
    } else {
        ChartType::Column
    });
    native.title().set_name(&chart.title);
    native
        .add_series()
        .set_categories((name.as_str(), first_row, 0, last, 0))
        .set_values((name.as_str(), first_row, 1, last, 1))
        .set_name(&chart.title)
        .set_points(
            &chart
                .bars
                .iter()
                .map(|b| {
                    ChartPoint::new().set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(b.colour.as_str())),
                    )
                })
                .collect::<Vec<_>>(),
        );
    if chart.percent {
        native.x_axis().set_min(0).set_max(100);
    }
    native.legend().set_hidden();
    ws.insert_chart(first_row, 9, &native)?;
    // Leave room for the chart before the next block.
    Ok(row.max(first_row + 16))
}

pub(crate) fn date_parts(date: &str) -> (u16, u8, u8) {
    let mut it = date.split('-').map(|p| p.parse::<u32>().unwrap_or(1));
    let y = it.next().unwrap_or(2026) as u16;
    let m = it.next().unwrap_or(1) as u8;
    let d = it.next().unwrap_or(1) as u8;
    if (1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
        (y, m, d)
    } else {
        (2026, 1, 1)
    }
}

fn sheet_name(s: &str) -> String {
    // Excel forbids []:*?/\ in sheet names and caps them at 31 characters.
    s.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
