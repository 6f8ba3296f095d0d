//! Reading spreadsheets (xlsx, xlsm, ods) and CSV into classified, typed tables.
//!
//! Worksheets are streamed cell by cell: a sheet's declared dimension is never trusted, so a
//! small file claiming A1:XFD1048576 costs what its real cells cost.

use calamine::{Data, DataRef, Ods, Reader, Xlsx};

use super::csv_structure::CsvStructure;
use super::schema::{classify, map_columns, normalise_header, schema, Classification, TableKind};
use super::table::{BadValue, Cell, CellRef, RecordTable, TableBuilder};

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
    /// Problems found while reading it, each with where (`line 14`, a sheet name) and what.
    pub notes: Vec<SheetNote>,
}

/// A problem in a sheet that did not stop its reading.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetNote {
    /// Where: `line 14`, or the sheet's name.
    pub location: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// One row being read, reused from row to row so that streaming a sheet allocates nothing
/// per cell: each slot keeps its text buffer.
#[derive(Debug, Default)]
pub struct RowBuf {
    /// The row's number in the source (1-based).
    pub number: u32,
    slots: Vec<Slot>,
    /// How many slots hold this row's cells.
    len: usize,
    /// Source columns worth reading (all when `None`): the rest are never converted.
    wanted: Option<Vec<bool>>,
    /// Non-empty cells in this row, counted before any column is left out.
    cells_in_row: usize,
    /// The most non-empty cells any row had.
    widest_row: usize,
}

#[derive(Debug, Default)]
struct Slot {
    kind: SlotKind,
    number: f64,
    text: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum SlotKind {
    #[default]
    Empty,
    Text,
    Number,
    Serial,
    Bool,
}

impl RowBuf {
    /// Starts row `number`, with no cells.
    pub fn start(&mut self, number: u32) {
        self.number = number;
        self.cells_in_row = 0;
        for slot in &mut self.slots[..self.len] {
            slot.kind = SlotKind::Empty;
        }
        self.len = 0;
    }

    /// Whether column `col` is read at all.
    fn wanted(&self, col: usize) -> bool {
        col < MAX_COLUMNS
            && self
                .wanted
                .as_ref()
                .is_none_or(|w| w.get(col) == Some(&true))
    }

    fn slot(&mut self, col: usize) -> &mut Slot {
        if self.slots.len() <= col {
            self.slots.resize_with(col + 1, Slot::default);
        }
        if self.len <= col {
            for slot in &mut self.slots[self.len..col] {
                slot.kind = SlotKind::Empty;
            }
            self.len = col + 1;
        }
        &mut self.slots[col]
    }

    /// Sets column `col` to a borrowed cell.
    pub fn set(&mut self, col: usize, cell: CellRef<'_>) {
        if !cell.is_empty() {
            self.cells_in_row += 1;
            self.widest_row = self.widest_row.max(self.cells_in_row);
        }
        if !self.wanted(col) {
            return;
        }
        let slot = self.slot(col);
        match cell {
            CellRef::Empty => slot.kind = SlotKind::Empty,
            CellRef::Text(t) => {
                slot.kind = SlotKind::Text;
                slot.text.clear();
                slot.text.push_str(t);
            }
            CellRef::Number(n) => (slot.kind, slot.number) = (SlotKind::Number, n),
            CellRef::Serial(n) => (slot.kind, slot.number) = (SlotKind::Serial, n),
            CellRef::Bool(b) => {
                (slot.kind, slot.number) = (SlotKind::Bool, if b { 1.0 } else { 0.0 })
            }
        }
    }

    /// The cell in column `col`.
    pub fn get(&self, col: usize) -> CellRef<'_> {
        if col >= self.len {
            return CellRef::Empty;
        }
        let slot = &self.slots[col];
        match slot.kind {
            SlotKind::Empty => CellRef::Empty,
            SlotKind::Text => CellRef::Text(&slot.text),
            SlotKind::Number => CellRef::Number(slot.number),
            SlotKind::Serial => CellRef::Serial(slot.number),
            SlotKind::Bool => CellRef::Bool(slot.number != 0.0),
        }
    }

    /// Whether every cell is empty.
    fn is_blank(&self) -> bool {
        (0..self.len).all(|c| self.get(c).is_empty())
    }

    /// The row as owned cells (for the few rows searched for a header).
    fn to_cells(&self) -> Vec<Cell> {
        (0..self.len).map(|c| self.get(c).to_cell()).collect()
    }
}

/// A source of rows: a worksheet, an ODS sheet or a CSV file.
trait RowSource {
    /// Reads the next row into `row`; false at the end (or on an error, kept by the source).
    fn next_row(&mut self, row: &mut RowBuf) -> bool;
}

/// Reads one worksheet cell into slot 0 of a buffer and gives its 1-based row and column;
/// `Ok(None)` at the end.
type NextCell<'r> = dyn FnMut(&mut RowBuf) -> Result<Option<(u32, usize)>, String> + 'r;

/// Streams an xlsx worksheet's cells into rows; the first cell of the next row is held back.
struct XlsxRows<'r> {
    next_cell: Box<NextCell<'r>>,
    /// Row (1-based) and column of a cell read ahead, its value in `ahead_cell`.
    ahead: Option<(u32, usize)>,
    ahead_cell: RowBuf,
    error: Option<String>,
    finished: bool,
}

impl RowSource for XlsxRows<'_> {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let Some((number, col)) = self.ahead.take().or_else(|| self.read_ahead()) else {
            return false;
        };
        row.start(number);
        row.set(col, self.ahead_cell.get(0));
        loop {
            match self.read_ahead() {
                Some((n, c)) if n == number => row.set(c, self.ahead_cell.get(0)),
                Some(next) => {
                    self.ahead = Some(next);
                    return true;
                }
                None => return true,
            }
        }
    }
}

impl XlsxRows<'_> {
    /// Reads one cell into `ahead_cell`; returns its position.
    fn read_ahead(&mut self) -> Option<(u32, usize)> {
        if self.finished {
            return None;
        }
        match (self.next_cell)(&mut self.ahead_cell) {
            Ok(Some(position)) => Some(position),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(e) => {
                self.finished = true;
                self.error = Some(e);
                None
            }
        }
    }
}

/// Reads every sheet of an xlsx/xlsm workbook.
pub fn read_xlsx<RS: std::io::Read + std::io::Seek>(
    source: RS,
    context: &str,
    explicit: &[ExplicitTable],
    progress: &dyn Fn(u64),
) -> Result<Vec<Sheet>, String> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(source).map_err(|e| format!("not a readable workbook: {e}"))?;
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
                    notes: Vec::new(),
                });
                continue;
            }
        };
        let mut rows = XlsxRows {
            next_cell: Box::new(move |buf: &mut RowBuf| match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    buf.start(row + 1);
                    buf.set(0, data_ref_cell(cell.get_value()));
                    Ok(Some((row + 1, col as usize)))
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e.to_string()),
            }),
            ahead: None,
            ahead_cell: RowBuf::default(),
            error: None,
            finished: false,
        };
        let mut notes = Vec::new();
        let content = read_rows(
            &mut rows,
            &format!("{context} {name}"),
            explicit_for(explicit, Some(&name)),
            progress,
            (&name, &mut notes),
        );
        if let Some(e) = rows.error {
            return Err(format!("sheet `{name}` is damaged: {e}"));
        }
        sheets.push(Sheet {
            name: Some(name),
            content,
            notes,
        });
    }
    Ok(sheets)
}

/// The rows of a sheet already loaded as a range (ODS, whose reader has no streaming mode).
struct RangeRows<'a> {
    rows: std::iter::Enumerate<calamine::Rows<'a, Data>>,
    row0: u32,
    col0: usize,
}

impl RowSource for RangeRows<'_> {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let Some((i, cells)) = self.rows.next() else {
            return false;
        };
        row.start(self.row0 + i as u32 + 1);
        for (c, cell) in cells.iter().enumerate() {
            row.set(self.col0 + c, data_cell(cell));
        }
        true
    }
}

/// Reads every sheet of an OpenDocument spreadsheet.
pub fn read_ods<RS: std::io::Read + std::io::Seek>(
    source: RS,
    context: &str,
    explicit: &[ExplicitTable],
    progress: &dyn Fn(u64),
) -> Result<Vec<Sheet>, String> {
    let mut workbook: Ods<_> =
        Ods::new(source).map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("sheet `{name}` is damaged: {e}"))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = RangeRows {
            rows: range.rows().enumerate(),
            row0,
            col0: col0 as usize,
        };
        let mut notes = Vec::new();
        let content = read_rows(
            &mut rows,
            &format!("{context} {name}"),
            explicit_for(explicit, Some(&name)),
            progress,
            (&name, &mut notes),
        );
        sheets.push(Sheet {
            name: Some(name),
            content,
            notes,
        });
    }
    Ok(sheets)
}

/// The records of a CSV file, one reused record at a time.
struct CsvRows<'a> {
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    line: u32,
    error: Option<String>,
    /// Quote and row-structure checks, fed every record.
    structure: CsvStructure,
}

impl RowSource for CsvRows<'_> {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                self.line += 1;
                let number = self
                    .record
                    .position()
                    .map_or(self.line, |p| p.line() as u32);
                if let Some(p) = self.record.position() {
                    self.structure.observe(&self.record, p.line(), p.byte());
                }
                row.start(number);
                for (c, field) in self.record.iter().enumerate() {
                    if !field.trim().is_empty() {
                        row.set(c, CellRef::Text(field));
                    }
                }
                true
            }
            Ok(false) => false,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }
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
    let mut rows = CsvRows {
        reader: csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes()),
        record: csv::StringRecord::new(),
        line: 0,
        error: None,
        structure: CsvStructure::new(delimiter, first_line),
    };
    let mut notes = Vec::new();
    let content = read_rows(
        &mut rows,
        context,
        explicit_for(explicit, None),
        progress,
        ("", &mut notes),
    );
    if let Some(e) = rows.error {
        return Err(format!("CSV is malformed: {e}"));
    }
    notes.extend(
        rows.structure
            .finish(text.as_bytes())
            .into_iter()
            .map(|n| SheetNote {
                location: format!("line {}", n.line),
                message: n.message,
            }),
    );
    Ok((
        Sheet {
            name: None,
            content,
            notes,
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

/// Finds the header row among the first rows, classifies the table and streams the rest;
/// a sheet wider than a record table can be is noted in `notes` under the sheet's name.
fn read_rows(
    source: &mut dyn RowSource,
    context: &str,
    explicit: Option<&ExplicitTable>,
    progress: &dyn Fn(u64),
    (sheet, notes): (&str, &mut Vec<SheetNote>),
) -> SheetContent {
    let mut row = RowBuf::default();
    let content = classify_and_read(source, context, explicit, progress, &mut row);
    if row.widest_row <= MAX_COLUMNS {
        return content;
    }
    let what = if sheet.is_empty() {
        "the file".to_string()
    } else {
        format!("sheet `{sheet}`")
    };
    let (content, consequence) = match content {
        SheetContent::Table(t) => (
            SheetContent::Table(t),
            format!("only its first {MAX_COLUMNS} columns were read"),
        ),
        // Too wide to be records, and no document either: nothing of it is used.
        _ => (
            SheetContent::Empty,
            "it is not read (split it, or export only the columns that hold records)".into(),
        ),
    };
    notes.push(SheetNote {
        location: sheet.to_string(),
        message: format!(
            "{what} has a row of {} cells, more than the {MAX_COLUMNS} columns a record table can have: {consequence}",
            super::super::report::truncate::thousands(row.widest_row)
        ),
    });
    content
}

/// [`read_rows`] without the width check.
fn classify_and_read(
    source: &mut dyn RowSource,
    context: &str,
    explicit: Option<&ExplicitTable>,
    progress: &dyn Fn(u64),
    row: &mut RowBuf,
) -> SheetContent {
    let mut head: Vec<(u32, Vec<Cell>)> = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS && source.next_row(row) {
        if !row.is_blank() {
            head.push((row.number, row.to_cells()));
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
        while text.len() < MAX_DOCUMENT_TEXT && source.next_row(row) {
            append(&row.to_cells(), &mut text);
        }
        return SheetContent::Unrecognised { headers, text };
    };

    let (header_row, header_cells) = &head[header_index];
    let headers = row_text(header_cells);
    let mut builder = TableBuilder::new(schema(classification.kind), &classification.columns);
    for (n, cells) in &head[header_index + 1..] {
        builder.push(*n, cells);
    }
    // From here on only the mapped columns are converted at all.
    let mut wanted = vec![false; MAX_COLUMNS];
    for &c in builder.source_columns() {
        if let Some(w) = wanted.get_mut(c) {
            *w = true;
        }
    }
    row.wanted = Some(wanted);
    let mut count = 0u64;
    while source.next_row(row) {
        builder.push_with(row.number, |c| row.get(c));
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

fn data_ref_cell<'a>(v: &'a DataRef<'_>) -> CellRef<'a> {
    match v {
        DataRef::Int(i) => CellRef::Number(*i as f64),
        DataRef::Float(f) => CellRef::Number(*f),
        DataRef::String(s) => CellRef::Text(s),
        DataRef::SharedString(s) => CellRef::Text(s),
        DataRef::Bool(b) => CellRef::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => CellRef::Serial(d.as_f64()),
        DataRef::DateTime(d) => CellRef::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellRef::Text(s),
        DataRef::Error(_) | DataRef::Empty => CellRef::Empty,
    }
}

fn data_cell(v: &Data) -> CellRef<'_> {
    match v {
        Data::Int(i) => CellRef::Number(*i as f64),
        Data::Float(f) => CellRef::Number(*f),
        Data::String(s) => CellRef::Text(s),
        Data::Bool(b) => CellRef::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => CellRef::Serial(d.as_f64()),
        Data::DateTime(d) => CellRef::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellRef::Text(s),
        Data::Error(_) | Data::Empty => CellRef::Empty,
    }
}
