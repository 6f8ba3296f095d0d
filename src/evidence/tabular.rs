//! Reading spreadsheets (xlsx, xlsm, ods) and CSV into classified, typed tables.
//!
//! Worksheets are streamed cell by cell: a sheet's declared dimension is never trusted, so a
//! small file claiming A1:XFD1048576 costs what its real cells cost.

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xlsx};

use super::schema::{classify, map_columns, normalise_header, schema, Classification, TableKind};
use super::table::{BadValue, Cell, RecordTable, TableBuilder};

/// How many leading rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 10;
/// Columns beyond this are ignored (no real export has them; sparse junk can).
const MAX_COLUMNS: usize = 1024;
/// Text kept from a sheet that holds no records, for use as a document.
const MAX_DOCUMENT_TEXT: usize = 256 * 1024;

/// A user-declared mapping of a table (from the manifest), which wins over classification.
#[derive(Debug, Clone)]
pub struct ExplicitTable {
    /// Sheet name, or any sheet when `None`.
    pub sheet: Option<String>,
    /// The record set.
    pub kind: TableKind,
    /// Canonical field → source header.
    pub columns: Vec<(String, String)>,
}

/// What one sheet (or a CSV file) turned out to hold.
#[derive(Debug)]
pub enum SheetContent {
    /// A table of records or the evidence register.
    Table(Box<ClassifiedTable>),
    /// Cells that are not a recognisable table, kept as text (a document in a spreadsheet).
    Unrecognised {
        /// The best header candidate, for the "unmapped" report.
        headers: Vec<String>,
        /// The sheet's text, tab-separated, capped.
        text: String,
    },
    /// No cells at all.
    Empty,
}

/// A recognised table and its typed records.
#[derive(Debug)]
pub struct ClassifiedTable {
    /// Kind, confidence and column mapping.
    pub classification: Classification,
    /// Whether the mapping came from the manifest.
    pub explicit: bool,
    /// The header row's number (1-based).
    pub header_row: u32,
    /// The header cells.
    pub headers: Vec<String>,
    /// The records.
    pub table: RecordTable,
    /// Values that could not be read (first few).
    pub bad_values: Vec<BadValue>,
    /// How many values could not be read.
    pub bad_count: usize,
}

/// One sheet's name and content.
#[derive(Debug)]
pub struct Sheet {
    /// Sheet name; `None` for CSV.
    pub name: Option<String>,
    /// What it holds.
    pub content: SheetContent,
}

/// Reads every sheet of an xlsx/xlsm workbook held in memory.
pub fn read_xlsx(
    bytes: &[u8],
    context: &str,
    explicit: &[ExplicitTable],
    progress: &dyn Fn(u64),
) -> Result<Vec<Sheet>, String> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not a readable workbook: {e}"))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::new();
    for name in names {
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(e) => {
                sheets.push(Sheet {
                    name: Some(name.clone()),
                    content: SheetContent::Unrecognised {
                        headers: Vec::new(),
                        text: format!("(sheet could not be read: {e})"),
                    },
                });
                continue;
            }
        };
        let mut pending: Option<(u32, Vec<Cell>)> = None;
        let mut error: Option<String> = None;
        let mut finished = false;
        let mut next_row = || -> Option<(u32, Vec<Cell>)> {
            loop {
                if finished {
                    return pending.take();
                }
                let cell = match reader.next_cell() {
                    Ok(Some(c)) => c,
                    Ok(None) => {
                        finished = true;
                        return pending.take();
                    }
                    Err(e) => {
                        finished = true;
                        error = Some(e.to_string());
                        return pending.take();
                    }
                };
                let (row, col) = cell.get_position();
                let value = data_ref_cell(cell.get_value());
                let col = col as usize;
                match &mut pending {
                    Some((r, cells)) if *r == row + 1 => {
                        if col < MAX_COLUMNS {
                            if cells.len() <= col {
                                cells.resize(col + 1, Cell::Empty);
                            }
                            cells[col] = value;
                        }
                    }
                    _ => {
                        let mut cells = Vec::new();
                        if col < MAX_COLUMNS {
                            cells.resize(col + 1, Cell::Empty);
                            cells[col] = value;
                        }
                        let finished = pending.replace((row + 1, cells));
                        if finished.is_some() {
                            return finished;
                        }
                    }
                }
            }
        };
        let content = read_rows(
            &mut next_row,
            &format!("{context} {name}"),
            explicit_for(explicit, Some(&name)),
            progress,
        );
        if let Some(e) = error {
            return Err(format!("sheet `{name}` is damaged: {e}"));
        }
        sheets.push(Sheet {
            name: Some(name),
            content,
        });
    }
    Ok(sheets)
}

/// Reads every sheet of an OpenDocument spreadsheet held in memory.
pub fn read_ods(
    bytes: &[u8],
    context: &str,
    explicit: &[ExplicitTable],
    progress: &dyn Fn(u64),
) -> Result<Vec<Sheet>, String> {
    let mut workbook: Ods<_> =
        Ods::new(Cursor::new(bytes)).map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("sheet `{name}` is damaged: {e}"))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = range.rows().enumerate();
        let mut next_row = || {
            rows.next().map(|(i, cells)| {
                let mut out = vec![Cell::Empty; col0 as usize];
                out.extend(cells.iter().take(MAX_COLUMNS).map(data_cell));
                (row0 + i as u32 + 1, out)
            })
        };
        let content = read_rows(
            &mut next_row,
            &format!("{context} {name}"),
            explicit_for(explicit, Some(&name)),
            progress,
        );
        sheets.push(Sheet {
            name: Some(name),
            content,
        });
    }
    Ok(sheets)
}

/// Reads a CSV (or TSV) file held in memory, in UTF-8, UTF-16 or GB18030.
pub fn read_csv(
    bytes: &[u8],
    context: &str,
    explicit: &[ExplicitTable],
    progress: &dyn Fn(u64),
) -> Result<(Sheet, Option<&'static str>), String> {
    let (text, encoding) = decode_text(bytes);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut line = 0u32;
    let mut error = None;
    let mut next_row = || match records.next()? {
        Ok(record) => {
            line += 1;
            let row = record.position().map_or(line, |p| p.line() as u32);
            Some((
                row,
                record
                    .iter()
                    .take(MAX_COLUMNS)
                    .map(|s| {
                        if s.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.to_string())
                        }
                    })
                    .collect(),
            ))
        }
        Err(e) => {
            error = Some(e.to_string());
            None
        }
    };
    let content = read_rows(
        &mut next_row,
        context,
        explicit_for(explicit, None),
        progress,
    );
    if let Some(e) = error {
        return Err(format!("CSV is malformed: {e}"));
    }
    Ok((
        Sheet {
            name: None,
            content,
        },
        encoding,
    ))
}

/// Decodes text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (the usual
/// encoding of Chinese Excel and ITSM exports). Returns the encoding used when it was not UTF-8.
pub fn decode_text(bytes: &[u8]) -> (String, Option<&'static str>) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let name = (encoding != encoding_rs::UTF_8).then_some(encoding.name());
        return (text.into_owned(), name);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), Some("GB18030"))
        }
    }
}

fn explicit_for<'a>(
    explicit: &'a [ExplicitTable],
    sheet: Option<&str>,
) -> Option<&'a ExplicitTable> {
    explicit
        .iter()
        .find(|e| e.sheet.is_none() || e.sheet.as_deref() == sheet)
}

fn row_text(cells: &[Cell]) -> Vec<String> {
    cells.iter().map(Cell::as_text).collect()
}

/// Finds the header row among the first rows, classifies the table and streams the rest.
fn read_rows(
    next_row: &mut dyn FnMut() -> Option<(u32, Vec<Cell>)>,
    context: &str,
    explicit: Option<&ExplicitTable>,
    progress: &dyn Fn(u64),
) -> SheetContent {
    let mut head: Vec<(u32, Vec<Cell>)> = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS {
        match next_row() {
            Some((n, cells)) if cells.iter().any(|c| !c.is_empty()) => head.push((n, cells)),
            Some(_) => continue,
            None => break,
        }
    }
    if head.is_empty() {
        return SheetContent::Empty;
    }

    let choice = match explicit {
        Some(e) => explicit_header(&head, e),
        None => head
            .iter()
            .enumerate()
            .filter_map(|(i, (_, cells))| classify(&row_text(cells), context).map(|c| (i, c)))
            .max_by(|a, b| {
                a.1.confidence
                    .total_cmp(&b.1.confidence)
                    .then(b.0.cmp(&a.0))
            }),
    };
    let Some((header_index, classification)) = choice else {
        let headers = row_text(&head[0].1);
        let mut text = String::new();
        let append = |cells: &[Cell], text: &mut String| {
            if text.len() < MAX_DOCUMENT_TEXT {
                text.push_str(&row_text(cells).join("\t"));
                text.push('\n');
            }
        };
        for (_, cells) in &head {
            append(cells, &mut text);
        }
        while text.len() < MAX_DOCUMENT_TEXT {
            match next_row() {
                Some((_, cells)) => append(&cells, &mut text),
                None => break,
            }
        }
        return SheetContent::Unrecognised { headers, text };
    };

    let (header_row, header_cells) = &head[header_index];
    let headers = row_text(header_cells);
    let mut builder = TableBuilder::new(schema(classification.kind), &classification.columns);
    for (n, cells) in &head[header_index + 1..] {
        builder.push(*n, cells);
    }
    let mut count = 0u64;
    while let Some((n, cells)) = next_row() {
        builder.push(n, &cells);
        count += 1;
        if count.is_multiple_of(50_000) {
            progress(count);
        }
    }
    let (bad_values, bad_count) = (builder.bad_values.clone(), builder.bad_count);
    SheetContent::Table(Box::new(ClassifiedTable {
        explicit: explicit.is_some(),
        header_row: *header_row,
        headers,
        table: builder.finish(),
        bad_values,
        bad_count,
        classification,
    }))
}

/// Applies a manifest mapping: the header row is the first that holds the named headers.
fn explicit_header(
    head: &[(u32, Vec<Cell>)],
    e: &ExplicitTable,
) -> Option<(usize, Classification)> {
    let s = schema(e.kind);
    let (index, headers) = head
        .iter()
        .enumerate()
        .map(|(i, (_, cells))| (i, row_text(cells)))
        .max_by_key(|(_, headers)| {
            let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
            e.columns
                .iter()
                .filter(|(_, h)| normalised.contains(&normalise_header(h)))
                .count()
        })?;
    let mut columns = map_columns(s, &headers);
    for (field, header) in &e.columns {
        if let Some(f) = s.field_index(field) {
            let wanted = normalise_header(header);
            columns[f] = headers.iter().position(|h| normalise_header(h) == wanted);
        }
    }
    Some((
        index,
        Classification {
            kind: e.kind,
            confidence: 1.0,
            columns,
        },
    ))
}

fn data_ref_cell(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => Cell::Serial(d.as_f64()),
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
}

fn data_cell(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => Cell::Serial(d.as_f64()),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}
