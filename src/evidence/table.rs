//! Records held as compact typed columns: one column per canonical field, values normalised
//! as they stream in, so a million-row export costs bytes per row, not strings per cell.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::date::Timestamp;
use super::schema::{FieldType, Schema};
use super::value;

/// One cell as a reader delivers it, owned (kept for the few rows searched for a header).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A spreadsheet date (Excel serial).
    Serial(f64),
    /// A boolean.
    Bool(bool),
}

/// One cell, borrowed: what the table builder reads, so streaming rows need no allocation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// No value.
    Empty,
    /// Text, as written.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// A spreadsheet date (Excel serial).
    Serial(f64),
    /// A boolean.
    Bool(bool),
}

impl Cell {
    /// The borrowed view of the cell.
    pub fn view(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Text(s) => CellRef::Text(s),
            Cell::Number(n) => CellRef::Number(*n),
            Cell::Serial(n) => CellRef::Serial(*n),
            Cell::Bool(b) => CellRef::Bool(*b),
        }
    }

    /// The cell as text, numbers without a spurious `.0`.
    pub fn as_text(&self) -> String {
        self.view().as_text()
    }

    /// Whether the cell holds nothing (or only spaces).
    pub fn is_empty(&self) -> bool {
        self.view().is_empty()
    }
}

impl<'a> CellRef<'a> {
    /// The cell as text, numbers without a spurious `.0`.
    pub fn as_text(self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    /// Appends the cell's text (trimmed) to `out`, without allocating for numbers.
    fn write_text(self, out: &mut String) {
        match self {
            CellRef::Empty => {}
            CellRef::Text(s) => out.push_str(s.trim()),
            CellRef::Number(n) | CellRef::Serial(n) => {
                let _ = match whole(n) {
                    Some(i) => write!(out, "{i}"),
                    None => write!(out, "{n}"),
                };
            }
            CellRef::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        }
    }

    /// The trimmed text of a text cell, without copying; `None` for other cells.
    fn trimmed(self) -> Option<&'a str> {
        match self {
            CellRef::Text(s) => Some(s.trim()),
            _ => None,
        }
    }

    /// Whether the cell holds nothing (or only spaces).
    pub fn is_empty(self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// A whole number the cell holds, written as a number.
    fn whole_number(self) -> Option<i64> {
        match self {
            CellRef::Number(n) => whole(n),
            _ => None,
        }
    }

    /// The owned cell (the inverse of [`Cell::view`]).
    pub fn to_cell(self) -> Cell {
        match self {
            CellRef::Empty => Cell::Empty,
            CellRef::Text(t) => Cell::Text(t.to_string()),
            CellRef::Number(n) => Cell::Number(n),
            CellRef::Serial(n) => Cell::Serial(n),
            CellRef::Bool(b) => Cell::Bool(b),
        }
    }
}

/// `n` as an integer when it is one (and small enough to print without an exponent).
fn whole(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() < 1e15).then_some(n as i64)
}

/// Marks an empty date (no real timestamp is this far in the past).
const NO_DATE: i64 = i64::MIN;

/// A column of one canonical field.
#[derive(Debug, Clone)]
pub enum Column {
    /// Kept text, end to end in one buffer: value `i` is `text[ends[i-1]..ends[i]]`, and an
    /// empty slice means no value. One allocation per column instead of one per cell.
    Text {
        /// Every value, concatenated.
        text: String,
        /// End offset of each value in `text`.
        ends: Vec<u32>,
    },
    /// Kept text with few distinct values: codes into `values` (`u32::MAX` = empty).
    Category {
        /// Per-row code.
        codes: Vec<u32>,
        /// Distinct values, in first-seen order.
        values: Vec<Box<str>>,
        /// Value → code.
        index: HashMap<Box<str>, u32>,
    },
    /// Whether the cell was filled in.
    Presence(Vec<bool>),
    /// Dates as [`Timestamp`] seconds ([`NO_DATE`] = empty or unreadable).
    Date(Vec<i64>),
    /// Priorities or levels, 1 to 5 (0 = empty or unreadable).
    Level(Vec<u8>),
    /// Yes/no.
    Bool(Vec<Option<bool>>),
    /// Numbers (NaN = empty or unreadable).
    Number(Vec<f64>),
}

impl Column {
    /// An empty column for a field type.
    pub(crate) fn new(field_type: FieldType) -> Column {
        match field_type {
            FieldType::Id | FieldType::Text => Column::Text {
                text: String::new(),
                ends: Vec::new(),
            },
            FieldType::Category => Column::Category {
                codes: Vec::new(),
                values: Vec::new(),
                index: HashMap::new(),
            },
            FieldType::Presence => Column::Presence(Vec::new()),
            FieldType::Date => Column::Date(Vec::new()),
            FieldType::Priority | FieldType::Level => Column::Level(Vec::new()),
            FieldType::Bool => Column::Bool(Vec::new()),
            FieldType::Number => Column::Number(Vec::new()),
        }
    }

    /// Number of values.
    pub(crate) fn len(&self) -> usize {
        match self {
            Column::Text { ends, .. } => ends.len(),
            Column::Category { codes, .. } => codes.len(),
            Column::Presence(v) => v.len(),
            Column::Date(v) => v.len(),
            Column::Level(v) => v.len(),
            Column::Bool(v) => v.len(),
            Column::Number(v) => v.len(),
        }
    }

    /// Text (or category) value `i`.
    pub fn text(&self, i: usize) -> Option<&str> {
        match self {
            Column::Text { text, ends } => Column::text_at(text, ends, i),
            Column::Category { codes, values, .. } => {
                let code = codes[i];
                (code != u32::MAX).then(|| &*values[code as usize])
            }
            _ => None,
        }
    }

    /// Date value `i`.
    pub fn date(&self, i: usize) -> Option<Timestamp> {
        match self {
            Column::Date(v) => (v[i] != NO_DATE).then_some(Timestamp(v[i])),
            _ => None,
        }
    }

    /// Priority or level value `i`.
    pub fn level(&self, i: usize) -> Option<u8> {
        match self {
            Column::Level(v) => Some(v[i]).filter(|&l| l > 0),
            _ => None,
        }
    }

    /// Yes/no value `i`.
    pub fn flag(&self, i: usize) -> Option<bool> {
        match self {
            Column::Bool(v) => v[i],
            _ => None,
        }
    }

    /// Number value `i`.
    pub fn number(&self, i: usize) -> Option<f64> {
        match self {
            Column::Number(v) => Some(v[i]).filter(|n| !n.is_nan()),
            _ => None,
        }
    }

    /// Whether value `i` is filled in, whatever the type.
    pub fn present(&self, i: usize) -> bool {
        match self {
            Column::Presence(v) => v[i],
            Column::Text { text, ends } => Column::text_at(text, ends, i).is_some(),
            Column::Category { codes, .. } => codes[i] != u32::MAX,
            Column::Date(v) => v[i] != NO_DATE,
            Column::Level(v) => v[i] > 0,
            Column::Bool(v) => v[i].is_some(),
            Column::Number(v) => !v[i].is_nan(),
        }
    }

    /// The text of value `i` of a text column.
    fn text_at<'t>(text: &'t str, ends: &[u32], i: usize) -> Option<&'t str> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        let end = ends[i] as usize;
        (end > start).then(|| &text[start..end])
    }
}

/// A value that could not be read as its field's type.
#[derive(Debug, Clone, PartialEq)]
pub struct BadValue {
    /// Canonical field.
    pub field: String,
    /// Index of the column in the source.
    pub column: usize,
    /// Row number in the source (1-based, as a spreadsheet shows it).
    pub row: u32,
    /// The raw text.
    pub raw: String,
}

/// Typed records of one record set.
#[derive(Debug, Clone)]
pub struct RecordTable {
    /// Canonical field names present in the table (mapped from some column).
    pub(crate) fields: Vec<String>,
    /// [`field_tag`] of each field: checks look fields up by name once per value, so the
    /// lookup compares integers, not strings.
    field_tags: Vec<u64>,
    pub(crate) columns: Vec<Column>,
    pub(crate) field_types: Vec<FieldType>,
    /// Source row number of each record.
    pub rows: Vec<u32>,
}

/// A field name's first seven bytes and its length, packed: equal tags mean equal names for
/// names up to seven bytes, and a likely match otherwise.
fn field_tag(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut tag = [0; 8];
    let n = bytes.len().min(7);
    tag[..n].copy_from_slice(&bytes[..n]);
    tag[7] = bytes.len().min(255) as u8;
    u64::from_le_bytes(tag)
}

impl RecordTable {
    /// A table from its parts (the caller keeps fields, types and columns in step).
    pub(crate) fn from_parts(
        fields: Vec<String>,
        field_types: Vec<FieldType>,
        columns: Vec<Column>,
        rows: Vec<u32>,
    ) -> RecordTable {
        RecordTable {
            field_tags: fields.iter().map(|f| field_tag(f)).collect(),
            fields,
            columns,
            field_types,
            rows,
        }
    }

    /// Canonical field names present in the table (mapped from some column).
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The position of `field` among the table's fields.
    fn field_index(&self, field: &str) -> Option<usize> {
        let tag = field_tag(field);
        let exact = field.len() <= 7;
        self.field_tags
            .iter()
            .zip(&self.fields)
            .position(|(&t, f)| t == tag && (exact || f == field))
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether the table has a column for `field`.
    pub fn has(&self, field: &str) -> bool {
        self.field_index(field).is_some()
    }

    /// The column of `field`: look it up once when reading many records.
    pub fn column(&self, field: &str) -> Option<&Column> {
        self.field_index(field).map(|i| &self.columns[i])
    }

    /// Text (or category) value of `field` in record `i`.
    pub fn text(&self, field: &str, i: usize) -> Option<&str> {
        self.column(field)?.text(i)
    }

    /// Date value of `field` in record `i`.
    pub fn date(&self, field: &str, i: usize) -> Option<Timestamp> {
        self.column(field)?.date(i)
    }

    /// Priority or level of `field` in record `i`.
    pub fn level(&self, field: &str, i: usize) -> Option<u8> {
        self.column(field)?.level(i)
    }

    /// Yes/no value of `field` in record `i`.
    pub fn flag(&self, field: &str, i: usize) -> Option<bool> {
        self.column(field)?.flag(i)
    }

    /// Number value of `field` in record `i`.
    pub fn number(&self, field: &str, i: usize) -> Option<f64> {
        self.column(field)?.number(i)
    }

    /// Whether `field` is filled in for record `i`, whatever its type.
    pub fn present(&self, field: &str, i: usize) -> bool {
        self.column(field).is_some_and(|c| c.present(i))
    }

    /// The type `field` is read as.
    pub fn field_type(&self, field: &str) -> Option<FieldType> {
        self.field_index(field).map(|i| self.field_types[i])
    }

    /// The record's id, if the set has an id column, else `row <n>`.
    pub fn record_id(&self, i: usize) -> String {
        self.text("id", i)
            .map(String::from)
            .unwrap_or_else(|| format!("row {}", self.rows[i]))
    }

    /// Every date in the table (for the latest-evidence date).
    pub fn latest_date(&self) -> Option<Timestamp> {
        self.columns
            .iter()
            .filter_map(|c| match c {
                Column::Date(v) => v.iter().copied().filter(|&d| d != NO_DATE).max(),
                _ => None,
            })
            .max()
            .map(Timestamp)
    }
}

/// Builds a [`RecordTable`] row by row.
pub struct TableBuilder {
    table: RecordTable,
    /// For each kept field, its column index in the source.
    sources: Vec<usize>,
    /// Values that could not be read, for warnings.
    pub bad_values: Vec<BadValue>,
    /// How many bad values there were in all (only the first few are kept).
    pub bad_count: usize,
}

const MAX_BAD_VALUES_KEPT: usize = 20;

impl TableBuilder {
    /// A builder for `schema`, with `columns[f]` giving the source column of field `f`.
    pub fn new(schema: &Schema, columns: &[Option<usize>]) -> TableBuilder {
        let mut fields = Vec::new();
        let mut cols = Vec::new();
        let mut types = Vec::new();
        let mut sources = Vec::new();
        for (spec, source) in schema.fields.iter().zip(columns) {
            if let Some(source) = source {
                fields.push(spec.name.clone());
                cols.push(Column::new(spec.field_type));
                types.push(spec.field_type);
                sources.push(*source);
            }
        }
        TableBuilder {
            table: RecordTable::from_parts(fields, types, cols, Vec::new()),
            sources,
            bad_values: Vec::new(),
            bad_count: 0,
        }
    }

    /// The source columns the table reads; the others need not be read at all.
    pub fn source_columns(&self) -> &[usize] {
        &self.sources
    }

    /// Adds one source row (skipped when every mapped cell is empty).
    pub fn push(&mut self, row_number: u32, cells: &[Cell]) {
        self.push_with(row_number, |i| {
            cells.get(i).map_or(CellRef::Empty, Cell::view)
        });
    }

    /// Adds one source row whose cell in source column `i` is `cell_at(i)`.
    pub fn push_with<'c>(&mut self, row_number: u32, cell_at: impl Fn(usize) -> CellRef<'c>) {
        if self.sources.iter().all(|&s| cell_at(s).is_empty()) {
            return;
        }
        self.table.rows.push(row_number);
        for (k, &source) in self.sources.iter().enumerate() {
            let cell = cell_at(source);
            let ok = push_value(&mut self.table.columns[k], self.table.field_types[k], cell);
            if !ok {
                self.bad_count += 1;
                if self.bad_values.len() < MAX_BAD_VALUES_KEPT {
                    self.bad_values.push(BadValue {
                        field: self.table.fields[k].clone(),
                        column: source,
                        row: row_number,
                        raw: cell.as_text(),
                    });
                }
            }
        }
    }

    /// The finished table.
    pub fn finish(mut self) -> RecordTable {
        for column in &mut self.table.columns {
            if let Column::Text { text, .. } = column {
                text.shrink_to_fit();
            }
        }
        self.table
    }
}

/// Runs `f` on the cell's trimmed text, borrowing it when the cell is text.
fn with_text<R>(cell: CellRef<'_>, f: impl FnOnce(&str) -> R) -> R {
    match cell.trimmed() {
        Some(s) => f(s),
        None => f(&cell.as_text()),
    }
}

/// Appends `cell` to `column`; returns false when a non-empty value could not be read.
fn push_value(column: &mut Column, field_type: FieldType, cell: CellRef<'_>) -> bool {
    match column {
        Column::Text { text, ends } => {
            let before = text.len();
            cell.write_text(text);
            match u32::try_from(text.len()) {
                Ok(end) => {
                    ends.push(end);
                    true
                }
                Err(_) => {
                    // Past 4 GiB of text in one column the value is dropped, not wrapped.
                    text.truncate(before);
                    ends.push(before as u32);
                    false
                }
            }
        }
        Column::Category {
            codes,
            values,
            index,
        } => {
            with_text(cell, |t| {
                if t.is_empty() {
                    codes.push(u32::MAX);
                } else if let Some(&code) = index.get(t) {
                    codes.push(code);
                } else {
                    let code = values.len() as u32;
                    let boxed: Box<str> = t.into();
                    values.push(boxed.clone());
                    index.insert(boxed, code);
                    codes.push(code);
                }
            });
            true
        }
        Column::Presence(v) => {
            v.push(!cell.is_empty());
            true
        }
        Column::Date(v) => {
            let parsed = match cell {
                CellRef::Empty => None,
                CellRef::Serial(n) => Timestamp::from_excel_serial(n),
                CellRef::Number(n) if (20_000.0..80_000.0).contains(&n) => {
                    Timestamp::from_excel_serial(n)
                }
                other => with_text(other, Timestamp::parse),
            };
            v.push(parsed.map_or(NO_DATE, |t| t.0));
            parsed.is_some() || cell.is_empty()
        }
        Column::Level(v) => {
            let read = |t: &str| match field_type {
                FieldType::Priority => value::priority(t),
                _ => value::level(t),
            };
            let parsed = match cell.whole_number() {
                // Numbers are the common case in exports; read them without text.
                Some(n) => match field_type {
                    FieldType::Priority => value::priority_number(n),
                    _ => value::level_number(n),
                },
                None => with_text(cell, read),
            };
            v.push(parsed.unwrap_or(0));
            parsed.is_some() || cell.is_empty()
        }
        Column::Bool(v) => {
            let parsed = match cell {
                CellRef::Bool(b) => Some(b),
                other => with_text(other, value::boolean),
            };
            v.push(parsed);
            parsed.is_some() || cell.is_empty()
        }
        Column::Number(v) => {
            let parsed = match cell {
                CellRef::Number(n) | CellRef::Serial(n) => Some(n),
                other => with_text(other, |t| {
                    t.trim_end_matches('%').trim().parse::<f64>().ok()
                }),
            }
            .filter(|n| !n.is_nan());
            v.push(parsed.unwrap_or(f64::NAN));
            parsed.is_some() || cell.is_empty()
        }
    }
}

/// Spreadsheet column letters for a 0-based index (0 → A, 27 → AB).
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::RecordSetKind;
    use crate::evidence::schema::{map_columns, schema, TableKind};

    #[test]
    fn rows_become_typed_columns() {
        let s = schema(TableKind::Records(RecordSetKind::Incidents));
        let headers: Vec<String> = ["number", "opened_at", "priority", "made_sla", "close_notes"]
            .iter()
            .map(|x| x.to_string())
            .collect();
        let mut b = TableBuilder::new(s, &map_columns(s, &headers));
        b.push(
            2,
            &[
                Cell::Text("INC0010001".into()),
                Cell::Serial(45356.25),
                Cell::Text("1 - Critical".into()),
                Cell::Text("true".into()),
                Cell::Text("Restarted the pool".into()),
            ],
        );
        b.push(
            3,
            &[
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        );
        b.push(
            4,
            &[
                Cell::Text("INC0010002".into()),
                Cell::Text("yesterday".into()),
                Cell::Text("P3".into()),
                Cell::Empty,
                Cell::Empty,
            ],
        );
        assert_eq!(b.bad_count, 1);
        assert_eq!(b.bad_values[0].row, 4);
        assert_eq!(b.bad_values[0].field, "opened_at");
        let t = b.finish();
        assert_eq!(t.len(), 2);
        assert_eq!(t.rows, vec![2, 4]);
        assert_eq!(t.record_id(1), "INC0010002");
        assert_eq!(
            t.date("opened_at", 0).unwrap().to_string(),
            "2024-03-05T06:00:00"
        );
        assert_eq!(t.level("priority", 0), Some(1));
        assert_eq!(t.level("priority", 1), Some(3));
        assert_eq!(t.flag("sla_met", 0), Some(true));
        assert!(t.present("close_notes", 0) && !t.present("close_notes", 1));
    }

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(16383), "XFD");
    }
}
