//! Reading spreadsheets (xlsx, xlsm, ods) and CSV into classified, typed tables.
//!
//! Worksheets are streamed cell by cell: a sheet's declared dimension is never trusted, so a
//! small file claiming A1:XFD1048576 costs what its real cells cost.

use calamine::{Data, DataRef, Ods, Reader, Xlsx, XlsxError};
use serde::{Deserialize, Serialize};

use super::csv_structure::CsvStructure;
use super::history::{self, Fold};
use super::schema::{
    map_columns, normalise_header, schema, score_all, Classification, TableContext, TableKind,
};
use super::table::{BadColumn, Cell, CellRef, DateFormat, ReadOptions, RecordTable, TableBuilder};

mod split;

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

/// How one file is read: the manifest's mappings for it and the reading options.
#[derive(Debug, Clone, Copy)]
pub struct FileOptions<'a> {
    /// The file's workspace-relative path.
    pub path: &'a str,
    /// Tables the manifest maps explicitly.
    pub explicit: &'a [ExplicitTable],
    /// Missing-value markers and the date order.
    pub read: &'a ReadOptions,
    /// The text encoding of a CSV, when the manifest fixes it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// What one sheet (or a CSV file) turned out to hold.
#[derive(Debug)]
pub enum SheetContent {
    /// A table of records or the evidence register.
    Table(Box<ClassifiedTable>),
    /// One export holding several record sets, its rows split by a type column (Jira's
    /// `Issue Type`, ServiceNow's `sys_class_name`): one table per record set.
    Split(Vec<ClassifiedTable>),
    /// A table — a header row over rows of values — that matches no record set well enough.
    UnrecognisedTable(Box<UnrecognisedRows>),
    /// Cells that are not a table, kept as text (a document written in a spreadsheet).
    Text {
        /// The sheet's text, tab-separated, capped.
        text: String,
    },
    /// No cells at all.
    Empty,
}

/// A record set a table might be, with what matched and what is missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TableGuess {
    /// Record-set kind.
    pub kind: String,
    /// Confidence, 0 to 1 (below what is needed to accept it).
    pub confidence: f64,
    /// Canonical field ← header, for the columns that matched.
    pub matched: Vec<(String, String)>,
    /// Key fields of the set that no column matched.
    pub missing_keys: Vec<String>,
}

/// A table that was not recognised, with its best guesses.
#[derive(Debug, Clone, PartialEq)]
pub struct UnrecognisedRows {
    /// The header row's number (1-based).
    pub header_row: u32,
    /// The header cells.
    pub headers: Vec<String>,
    /// Rows of values under the header.
    pub rows: usize,
    /// The closest record sets, best first.
    pub guesses: Vec<TableGuess>,
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
    /// Values that could not be read, per column.
    pub bad: Vec<BadColumn>,
    /// How each date column was read.
    pub dates: Vec<DateFormat>,
    /// How a history export was folded to one record per id.
    pub fold: Option<Fold>,
    /// The type column whose values split the export into this and other record sets.
    pub split_by: Option<String>,
    /// Columns whose name matched a field but whose values do not read as it.
    pub rejected: Vec<RejectedColumn>,
}

/// A column not taken for the field its name matched, because its values are not of the
/// field's kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedColumn {
    /// The field the name matched.
    pub field: String,
    /// The column's header.
    pub header: String,
    /// A value of it, as found.
    pub example: String,
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
    /// Longest text kept in a cell, in bytes (no limit when 0).
    max_cell: usize,
    /// The cells cut at `max_cell`: row, column and the bytes they held.
    cut: Vec<(u32, usize, usize)>,
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
        if let CellRef::Text(t) = cell {
            let kept = match self.max_cell {
                max if max > 0 && t.len() > max => {
                    let mut end = max;
                    while !t.is_char_boundary(end) {
                        end -= 1;
                    }
                    self.cut.push((self.number, col, t.len()));
                    &t[..end]
                }
                _ => t,
            };
            let slot = self.slot(col);
            slot.kind = SlotKind::Text;
            slot.text.clear();
            slot.text.push_str(kept);
            // A slot that once held a huge cell gives the memory back.
            if slot.text.capacity() > kept.len().max(4096) * 4 {
                slot.text.shrink_to(kept.len().max(64));
            }
            return;
        }
        let slot = self.slot(col);
        match cell {
            CellRef::Empty | CellRef::Text(_) => slot.kind = SlotKind::Empty,
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

/// Why a workbook's sheets were not read.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// The file does not open as an XLSX workbook.
    #[error("not a readable workbook: {0}")]
    NotXlsx(#[source] XlsxError),
    /// The file does not open as an ODS spreadsheet.
    #[error("not a readable spreadsheet: {0}")]
    NotOds(#[source] calamine::OdsError),
    /// A sheet opens but its cells stop parsing part-way.
    #[error("sheet `{sheet}` is damaged: {source}")]
    SheetDamaged {
        /// The sheet's name.
        sheet: String,
        /// What the cell reader stopped on.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Reads one worksheet cell into slot 0 of a buffer and gives its 1-based row and column;
/// `Ok(None)` at the end.
type NextCell<'r> = dyn FnMut(&mut RowBuf) -> Result<Option<(u32, usize)>, XlsxError> + 'r;

/// The rows of a worksheet streamed by calamine's cell reader (a macro: calamine does not
/// export the reader's type, so no function can take it).
macro_rules! xlsx_rows {
    ($reader:expr) => {{
        let mut reader = $reader;
        XlsxRows {
            next_cell: Box::new(move |buf: &mut RowBuf| match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    buf.start(row + 1);
                    buf.set(0, data_ref_cell(cell.get_value()));
                    Ok(Some((row + 1, col as usize)))
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            }),
            ahead: None,
            ahead_cell: RowBuf::default(),
            error: None,
            finished: false,
        }
    }};
}

/// Streams an xlsx worksheet's cells into rows; the first cell of the next row is held back.
struct XlsxRows<'r> {
    next_cell: Box<NextCell<'r>>,
    /// Row (1-based) and column of a cell read ahead, its value in `ahead_cell`.
    ahead: Option<(u32, usize)>,
    ahead_cell: RowBuf,
    error: Option<XlsxError>,
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
    options: &FileOptions,
    progress: &dyn Fn(u64),
) -> Result<Vec<Sheet>, WorkbookError> {
    let mut workbook: Xlsx<_> = Xlsx::new(source).map_err(WorkbookError::NotXlsx)?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::new();
    for name in names {
        let reader = match workbook.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(e) => {
                sheets.push(Sheet {
                    name: Some(name.clone()),
                    content: SheetContent::Text {
                        text: format!("(sheet could not be read: {e})"),
                    },
                    notes: Vec::new(),
                });
                continue;
            }
        };
        let mut rows = xlsx_rows!(reader);
        let mut notes = Vec::new();
        let content = read_rows(&mut rows, options, Some(&name), progress, &mut notes);
        if let Some(e) = rows.error {
            return Err(WorkbookError::SheetDamaged {
                sheet: name,
                source: Box::new(e),
            });
        }
        sheets.push(Sheet {
            name: Some(name),
            content,
            notes,
        });
    }
    Ok(sheets)
}

/// The first rows of one sheet, as text: what classification looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetHead {
    /// Sheet name; `None` for CSV.
    pub name: Option<String>,
    /// The first non-blank rows: row number and cells.
    pub rows: Vec<(u32, Vec<String>)>,
}

fn head_of(source: &mut dyn RowSource) -> Vec<(u32, Vec<String>)> {
    let mut row = RowBuf::default();
    let mut head = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS && source.next_row(&mut row) {
        if !row.is_blank() {
            head.push((row.number, row_text(&row.to_cells())));
        }
    }
    head
}

/// The first rows of every sheet of a workbook (xlsx, or ods when `ods`).
pub fn workbook_heads<RS: std::io::Read + std::io::Seek>(
    source: RS,
    ods: bool,
) -> Result<Vec<SheetHead>, WorkbookError> {
    let mut out = Vec::new();
    if ods {
        let mut workbook: Ods<_> = Ods::new(source).map_err(WorkbookError::NotOds)?;
        for name in workbook.sheet_names() {
            let Ok(range) = workbook.worksheet_range(&name) else {
                continue;
            };
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let mut rows = RangeRows {
                rows: range.rows().enumerate(),
                row0,
                col0: col0 as usize,
            };
            out.push(SheetHead {
                name: Some(name),
                rows: head_of(&mut rows),
            });
        }
        return Ok(out);
    }
    let mut workbook: Xlsx<_> = Xlsx::new(source).map_err(WorkbookError::NotXlsx)?;
    for name in workbook.sheet_names() {
        let Ok(reader) = workbook.worksheet_cells_reader(&name) else {
            continue;
        };
        let mut rows = xlsx_rows!(reader);
        let rows = head_of(&mut rows);
        out.push(SheetHead {
            name: Some(name),
            rows,
        });
    }
    Ok(out)
}

/// The first rows of a CSV file.
pub fn csv_head(bytes: &[u8], encoding: Option<&'static encoding_rs::Encoding>) -> SheetHead {
    let (text, _) = decode_text(bytes, encoding);
    let mut rows = CsvRows::new(
        &text,
        super::limits::Limits::default().max_cell_bytes as usize,
    );
    SheetHead {
        name: None,
        rows: head_of(&mut rows),
    }
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
    options: &FileOptions,
    progress: &dyn Fn(u64),
) -> Result<Vec<Sheet>, WorkbookError> {
    let mut workbook: Ods<_> = Ods::new(source).map_err(WorkbookError::NotOds)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| WorkbookError::SheetDamaged {
                sheet: name.clone(),
                source: Box::new(e),
            })?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = RangeRows {
            rows: range.rows().enumerate(),
            row0,
            col0: col0 as usize,
        };
        let mut notes = Vec::new();
        let content = read_rows(&mut rows, options, Some(&name), progress, &mut notes);
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
    /// The CSV state machine: fed the text, it yields one field at a time, so no record is
    /// ever held whole (a 200 MB line is 100 million fields).
    reader: csv_core::Reader,
    /// The text.
    text: &'a [u8],
    /// How far the reader has read.
    at: usize,
    /// The fields kept of the current record (the first [`MAX_COLUMNS`] and one more, each
    /// cut at `max_cell` bytes), and how many it had in all.
    fields: Vec<String>,
    field_count: usize,
    /// How many of the fields beyond those kept hold something.
    beyond: usize,
    /// Longest field kept, in bytes.
    max_cell: usize,
    /// Fields cut at `max_cell`: line, column and the bytes they held.
    cut: Vec<(u32, usize, usize)>,
    /// Where the reader writes a field, a piece at a time.
    chunk: Vec<u8>,
    /// Newlines counted up to `counted` bytes.
    lines_before: u32,
    counted: usize,
    /// Quote and row-structure checks, fed every record.
    structure: CsvStructure,
}

impl<'a> CsvRows<'a> {
    /// The records of `text`, split at the delimiter its first line uses most (comma,
    /// semicolon, tab or bar), each field cut at `max_cell` bytes (no limit when 0).
    fn new(text: &'a str, max_cell: usize) -> CsvRows<'a> {
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = [b',', b';', b'\t', b'|']
            .into_iter()
            .max_by_key(|d| first_line.matches(*d as char).count())
            .unwrap_or(b',');
        // Some tools (HP Service Desk) quote every field in single quotes.
        let fields: Vec<&str> = first_line.trim_end().split(delimiter as char).collect();
        let single_quoted = fields.len() >= 2
            && fields
                .iter()
                .all(|f| f.len() >= 2 && f.starts_with('\'') && f.ends_with('\''));
        CsvRows {
            reader: csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .quote(if single_quoted { b'\'' } else { b'"' })
                .build(),
            text: text.as_bytes(),
            at: 0,
            fields: Vec::new(),
            field_count: 0,
            beyond: 0,
            max_cell: if max_cell == 0 { usize::MAX } else { max_cell },
            cut: Vec::new(),
            chunk: vec![0; 64 << 10],
            lines_before: 0,
            counted: 0,
            structure: CsvStructure::new(delimiter, first_line),
        }
    }

    /// The line (1-based) a record starting at byte `start` begins on: line ends before it
    /// are skipped, so a CRLF file numbers its lines as a spreadsheet shows them.
    fn line_at(&mut self, start: usize) -> u32 {
        let mut start = start.min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.counted {
            self.lines_before += self.text[self.counted..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            self.counted = start;
        }
        self.lines_before + 1
    }

    /// Reads the next record into `fields`: false at the end of the text.
    fn read_record(&mut self) -> bool {
        self.fields.clear();
        self.beyond = 0;
        self.field_count = 0;
        let keep = MAX_COLUMNS + 1;
        let mut field: Vec<u8> = Vec::new();
        let mut seen = 0usize;
        let mut filled = false;
        loop {
            let input = &self.text[self.at..];
            let (result, read, written) = self.reader.read_field(input, &mut self.chunk);
            self.at += read;
            let piece = &self.chunk[..written];
            if self.field_count < keep {
                let room = self.max_cell.saturating_sub(field.len());
                field.extend_from_slice(&piece[..written.min(room)]);
            } else if !filled {
                filled = piece.iter().any(|b| !b.is_ascii_whitespace());
            }
            seen += written;
            match result {
                csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
                csv_core::ReadFieldResult::Field { record_end } => {
                    if self.field_count < keep {
                        if seen > field.len() {
                            self.cut.push((0, self.field_count, seen));
                        }
                        let text = match String::from_utf8(std::mem::take(&mut field)) {
                            Ok(t) => t,
                            // Cut inside a character: the whole ones are kept.
                            Err(e) => {
                                let valid = e.utf8_error().valid_up_to();
                                let mut bytes = e.into_bytes();
                                bytes.truncate(valid);
                                String::from_utf8(bytes).unwrap_or_default()
                            }
                        };
                        self.fields.push(text);
                    } else if filled {
                        self.beyond += 1;
                    }
                    self.field_count += 1;
                    seen = 0;
                    filled = false;
                    if record_end {
                        return true;
                    }
                }
                csv_core::ReadFieldResult::End => return self.field_count > 0,
            }
        }
    }
}

impl RowSource for CsvRows<'_> {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let start = self.at;
        let first_cut = self.cut.len();
        if !self.read_record() {
            return false;
        }
        let number = self.line_at(start);
        for cut in &mut self.cut[first_cut..] {
            cut.0 = number;
        }
        self.structure.observe(
            &self.fields,
            self.field_count,
            u64::from(number),
            start as u64,
        );
        row.start(number);
        for (c, field) in self.fields.iter().enumerate() {
            if !field.trim().is_empty() {
                row.set(c, CellRef::Text(field));
            }
        }
        // Fields beyond those kept are only counted, for the width check.
        let kept = self.fields.len();
        for k in 0..self.beyond {
            row.set(kept + k, CellRef::Text("x"));
        }
        true
    }
}

/// How a text file's encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    /// Valid UTF-8 (with or without a byte-order mark).
    Utf8,
    /// A byte-order mark said so (UTF-16).
    ByteOrderMark,
    /// Detected from the bytes (the file is not UTF-8).
    Detected,
    /// Fixed by a `[[mapping]]` in assessment.toml.
    Manifest,
}

/// The encoding a text file was read in, and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TextEncoding {
    /// The encoding's name (`UTF-8`, `windows-1252`, `GBK` …).
    pub name: String,
    /// How it was decided.
    pub source: EncodingSource,
}

/// Reads a CSV (or TSV) file held in memory, in whatever encoding it was saved in.
pub fn read_csv(
    bytes: &[u8],
    options: &FileOptions,
    progress: &dyn Fn(u64),
) -> (Sheet, TextEncoding) {
    let (text, encoding) = decode_text(bytes, options.encoding);
    let mut rows = CsvRows::new(&text, options.read.max_cell_bytes);
    let mut notes = Vec::new();
    let content = read_rows(&mut rows, options, None, progress, &mut notes);
    // Fields cut while they were read: the table holds only their first bytes.
    for &(line, col, bytes) in &rows.cut {
        notes.push(cut_note(
            format!("line {line}"),
            line,
            col,
            bytes,
            options.read.max_cell_bytes,
        ));
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
    (
        Sheet {
            name: None,
            content,
            notes,
        },
        encoding,
    )
}

/// The warning for a cell cut at `max` bytes while it was read.
fn cut_note(location: String, number: u32, col: usize, bytes: usize, max: usize) -> SheetNote {
    SheetNote {
        location,
        message: format!(
            "the cell in row {number}, column {} holds {} bytes, more than the {} a cell may hold: only its first {} bytes were read (raise [limits] max_cell_bytes in assessment.toml to read more)",
            crate::domain::column_letters(col),
            crate::domain::thousands(bytes),
            crate::domain::thousands(max),
            crate::domain::thousands(max)
        ),
    }
}

/// Whether a text file is a delimited table rather than prose (a `.txt` export of a ticket
/// tool): its first lines split at one delimiter (tab, semicolon or bar) into the same number
/// of at least three fields.
pub fn looks_delimited(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    if lines.len() < 3 {
        return false;
    }
    [b'\t', b';', b'|'].into_iter().any(|d| {
        let count = |l: &str| l.matches(d as char).count();
        let header = count(lines[0]);
        header >= 2 && lines.iter().filter(|l| count(l) == header).count() * 10 >= lines.len() * 8
    })
}

/// How much of a non-UTF-8 file the encoding detector reads: plenty to decide, and a big
/// export is not scanned twice.
const DETECT_BYTES: usize = 1 << 20;

/// Decodes text bytes: the manifest's encoding when given; else a byte-order mark; else
/// UTF-8 when the bytes are valid UTF-8; else the encoding a detector (the one browsers use)
/// finds most likely — Windows-1252 for a US or European export, GBK/GB18030 for a Chinese
/// one, Shift-JIS, Big5 ….
pub fn decode_text(
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> (String, TextEncoding) {
    let named = |e: &'static encoding_rs::Encoding, source| TextEncoding {
        name: e.name().to_string(),
        source,
    };
    if let Some(encoding) = forced {
        let (text, _, _) = encoding.decode(bytes);
        return (text.into_owned(), named(encoding, EncodingSource::Manifest));
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let source = if encoding == encoding_rs::UTF_8 {
            EncodingSource::Utf8
        } else {
            EncodingSource::ByteOrderMark
        };
        return (text.into_owned(), named(encoding, source));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (
            s.to_string(),
            named(encoding_rs::UTF_8, EncodingSource::Utf8),
        );
    }
    let mut detector = chardetng::EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let encoding = detector.guess(None, false);
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), named(encoding, EncodingSource::Detected))
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

/// Guesses listed for an unrecognised table.
const GUESSES: usize = 3;

/// Finds the header row among the first rows, classifies the table and streams the rest;
/// a sheet wider than a record table can be is noted in `notes` under the sheet's name.
fn read_rows(
    source: &mut dyn RowSource,
    options: &FileOptions,
    sheet: Option<&str>,
    progress: &dyn Fn(u64),
    notes: &mut Vec<SheetNote>,
) -> SheetContent {
    let mut row = RowBuf {
        max_cell: options.read.max_cell_bytes,
        ..RowBuf::default()
    };
    let content = classify_and_read(source, options, sheet, progress, &mut row);
    for &(number, col, bytes) in &row.cut {
        notes.push(cut_note(
            format!("row {number}"),
            number,
            col,
            bytes,
            options.read.max_cell_bytes,
        ));
    }
    let headers = match &content {
        SheetContent::Table(t) => Some(&t.headers),
        SheetContent::Split(ts) => ts.first().map(|t| &t.headers),
        _ => None,
    };
    if let Some(headers) = headers {
        notes.extend(duplicate_headers(headers, sheet));
    }
    if row.widest_row <= MAX_COLUMNS {
        return content;
    }
    let what = sheet.map_or_else(|| "the file".to_string(), |s| format!("sheet `{s}`"));
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
        location: sheet.unwrap_or("").to_string(),
        message: format!(
            "{what} has a row of {} cells, more than the {MAX_COLUMNS} columns a record table can have: {consequence}",
            crate::domain::thousands(row.widest_row)
        ),
    });
    content
}

/// A note for each header written twice: only the first such column can be read as the field
/// its name means, so the other is named, for the client to rename one.
fn duplicate_headers(headers: &[String], sheet: Option<&str>) -> Vec<SheetNote> {
    let mut notes = Vec::new();
    let folded: Vec<String> = headers
        .iter()
        .map(|h| super::schema::normalise_header(h))
        .collect();
    for (i, h) in folded.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(first) = folded[..i].iter().position(|x| x == h) {
            notes.push(SheetNote {
                location: sheet.unwrap_or("").to_string(),
                message: format!(
                    "columns {} and {} are both headed `{}`: only the first is read as the field that name means; rename the other (or map it in a [[mapping]]) to use it",
                    crate::domain::column_letters(first),
                    crate::domain::column_letters(i),
                    headers[i].trim()
                ),
            });
        }
    }
    notes
}

/// [`read_rows`] without the width check.
fn classify_and_read(
    source: &mut dyn RowSource,
    options: &FileOptions,
    sheet: Option<&str>,
    progress: &dyn Fn(u64),
    row: &mut RowBuf,
) -> SheetContent {
    let explicit = explicit_for(options.explicit, sheet);
    let mut head: Vec<(u32, Vec<Cell>)> = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS && source.next_row(row) {
        if !row.is_blank() {
            head.push((row.number, row.to_cells()));
        }
    }
    if head.is_empty() {
        return SheetContent::Empty;
    }
    let texts: Vec<Vec<String>> = head.iter().map(|(_, cells)| row_text(cells)).collect();
    let context = |i: usize| TableContext {
        path: options.path,
        sheet,
        samples: &texts[i + 1..],
    };

    let choice = match explicit {
        Some(e) => explicit_header(&head, e),
        None => texts
            .iter()
            .enumerate()
            .filter_map(|(i, headers)| {
                score_all(headers, &context(i))
                    .into_iter()
                    .next()
                    .filter(|s| s.accepted)
                    .map(|s| (i, s.classification))
            })
            .max_by(|a, b| {
                a.1.confidence
                    .total_cmp(&b.1.confidence)
                    .then(b.0.cmp(&a.0))
            }),
    };
    let Some((header_index, classification)) = choice else {
        return unrecognised(source, row, &head, &texts, options, sheet);
    };

    let (header_row, header_cells) = &head[header_index];
    let headers = row_text(header_cells);
    let mut classification = classification;
    let mut rejected = Vec::new();
    if explicit.is_none() {
        rejected = fit_to_values(
            schema(classification.kind),
            &mut classification.columns,
            &headers,
            &head[header_index + 1..],
            options.read,
        );
    }
    if explicit.is_none() {
        if let Some(split) = split::Splitter::new(&headers, classification.kind) {
            return split.read(
                source,
                row,
                &head[header_index + 1..],
                *header_row,
                headers,
                classification,
                rejected,
                options,
                progress,
            );
        }
    }
    let table_schema = schema(classification.kind);
    let mut builder = TableBuilder::new(table_schema, &classification.columns, options.read);
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
    let bad = std::mem::take(&mut builder.bad);
    let (table, dates) = builder.finish();
    let header_of = |field: &str| {
        let f = table_schema.field_index(field)?;
        classification.columns[f].and_then(|c| headers.get(c).cloned())
    };
    let (table, fold) = history::fold(table, table_schema, header_of);
    SheetContent::Table(Box::new(ClassifiedTable {
        explicit: explicit.is_some(),
        header_row: *header_row,
        headers,
        table,
        bad,
        dates,
        fold,
        classification,
        split_by: None,
        rejected,
    }))
}

/// A column matched by its name whose sample values do not read as the field at all (SLA
/// names as "SLA met", Yes/No as a date) is not the field: it is unmapped, and said.
pub(super) fn fit_to_values(
    schema: &super::schema::Schema,
    columns: &mut [Option<usize>],
    headers: &[String],
    samples: &[(u32, Vec<Cell>)],
    read: &ReadOptions,
) -> Vec<RejectedColumn> {
    use super::schema::FieldType;
    let mut rejected = Vec::new();
    for (spec, column) in schema.fields.iter().zip(columns.iter_mut()) {
        let Some(c) = *column else { continue };
        let typed = !matches!(
            spec.field_type,
            FieldType::Id | FieldType::Text | FieldType::Category | FieldType::Presence
        );
        if !typed && spec.expects.is_empty() {
            continue;
        }
        let values: Vec<&Cell> = samples
            .iter()
            .filter_map(|(_, cells)| cells.get(c))
            .filter(|cell| !cell.is_empty() && !read.is_missing(&cell.as_text()))
            .collect();
        let fits = |v: &Cell| {
            if typed {
                super::table::reads_as(spec.field_type, v)
            } else {
                let text = v.as_text().to_lowercase();
                spec.expects.iter().any(|w| text.contains(w.as_str()))
            }
        };
        if values.len() >= 2 && values.iter().all(|v| !fits(v)) {
            rejected.push(RejectedColumn {
                field: spec.name.clone(),
                header: headers.get(c).cloned().unwrap_or_default(),
                example: values[0].as_text(),
            });
            *column = None;
        }
    }
    rejected
}

/// A sheet no record set fits: an unrecognised table when it has the shape of one (a CSV
/// always has), else text — a document written in a spreadsheet.
fn unrecognised(
    source: &mut dyn RowSource,
    row: &mut RowBuf,
    head: &[(u32, Vec<Cell>)],
    texts: &[Vec<String>],
    options: &FileOptions,
    sheet: Option<&str>,
) -> SheetContent {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.is_empty()).count();
    // The header is the first row as wide as the widest of the first rows.
    let widest = texts.iter().map(|t| filled(t)).max().unwrap_or(0);
    let h = texts.iter().position(|t| filled(t) == widest).unwrap_or(0);
    let data_rows = texts[h + 1..].iter().filter(|t| filled(t) >= 2).count();
    let tabular = if sheet.is_none() {
        widest >= 2
    } else {
        widest >= 3 && data_rows >= 2
    };
    if !tabular {
        let mut text = String::new();
        let append = |cells: &[Cell], text: &mut String| {
            if text.len() < MAX_DOCUMENT_TEXT {
                text.push_str(&row_text(cells).join("\t"));
                text.push('\n');
            }
        };
        for (_, cells) in head {
            append(cells, &mut text);
        }
        while text.len() < MAX_DOCUMENT_TEXT && source.next_row(row) {
            append(&row.to_cells(), &mut text);
        }
        return SheetContent::Text { text };
    }
    let headers = texts[h].clone();
    let context = TableContext {
        path: options.path,
        sheet,
        samples: &texts[h + 1..],
    };
    let guesses = score_all(&headers, &context)
        .into_iter()
        .filter(|s| s.keys_found > 0 || s.name_hint || s.table_hint.is_some())
        .take(GUESSES)
        .map(|s| {
            let schema = schema(s.classification.kind);
            TableGuess {
                kind: s.classification.kind.name(),
                confidence: (s.classification.confidence * 100.0).round() / 100.0,
                matched: schema
                    .fields
                    .iter()
                    .zip(&s.classification.columns)
                    .filter_map(|(f, c)| c.map(|c| (f.name.clone(), headers[c].clone())))
                    .collect(),
                missing_keys: schema
                    .fields
                    .iter()
                    .zip(&s.classification.columns)
                    .filter(|(f, c)| f.key && c.is_none())
                    .map(|(f, _)| f.name.clone())
                    .collect(),
            }
        })
        .collect();
    let mut rows = texts[h + 1..].iter().filter(|t| filled(t) > 0).count();
    while source.next_row(row) {
        if !row.is_blank() {
            rows += 1;
        }
    }
    SheetContent::UnrecognisedTable(Box::new(UnrecognisedRows {
        header_row: head[h].0,
        headers,
        rows,
        guesses,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str) -> Vec<(u32, Vec<String>)> {
        let mut rows = CsvRows::new(text, 0);
        let mut out = Vec::new();
        let mut row = RowBuf::default();
        while rows.next_row(&mut row) {
            out.push((row.number, row_text(&row.to_cells())));
        }
        out
    }

    #[test]
    fn csv_rows_carry_their_line_numbers_whatever_the_line_ends() {
        for text in [
            "a,b\n1,2\n3,4",
            "a,b\r\n1,2\r\n3,4",
            "a,b\r\n1,2\r\n3,4\r\n",
        ] {
            let rows = rows_of(text);
            let numbers: Vec<u32> = rows.iter().map(|(n, _)| *n).collect();
            assert_eq!(numbers, vec![1, 2, 3], "{text:?}");
        }
        // A quoted field over two lines: the next record starts on line 4.
        let rows = rows_of("a,b\n1,\"x\ny\"\n3,4\n");
        assert_eq!(rows[2].0, 4);
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("name\nJosé Müller\nZoë Ångström\n“quoted”\n");
        let (text, enc) = decode_text(&bytes, None);
        assert_eq!(
            (enc.name.as_str(), enc.source),
            ("windows-1252", EncodingSource::Detected)
        );
        assert!(text.contains("José Müller") && text.contains("“quoted”"));
        let (bytes, _, _) = encoding_rs::GBK.encode("变更编号,变更类型\nCHG1,紧急变更\n");
        let (text, enc) = decode_text(&bytes, None);
        assert!(enc.name == "GBK" || enc.name == "gb18030", "{}", enc.name);
        assert!(text.contains("紧急变更"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,b\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode_text(&utf16, None).1.source,
            EncodingSource::ByteOrderMark
        );
        let forced = decode_text(b"caf\xe9", Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            (forced.0.as_str(), forced.1.source),
            ("café", EncodingSource::Manifest)
        );
    }
}
