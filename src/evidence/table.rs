//! Records held as compact typed columns: one column per canonical field, values normalised
//! as they stream in, so a million-row export costs bytes per row, not strings per cell.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::schema::{FieldType, Schema};
use super::value;
use crate::domain::date::{DateOrder, Timestamp};

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
            FieldType::Number | FieldType::Duration => Column::Number(Vec::new()),
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

    /// Appends value `i` of `src`, a column of the same kind (for folding histories).
    pub(crate) fn push_copy(&mut self, src: &Column, i: usize) {
        match (self, src) {
            (Column::Text { text, ends }, Column::Text { .. }) => {
                if let Some(t) = src.text(i) {
                    text.push_str(t);
                }
                ends.push(text.len() as u32);
            }
            (
                Column::Category {
                    codes,
                    values,
                    index,
                },
                Column::Category { .. },
            ) => match src.text(i) {
                None => codes.push(u32::MAX),
                Some(t) => {
                    let code = match index.get(t) {
                        Some(&c) => c,
                        None => {
                            let c = values.len() as u32;
                            let boxed: Box<str> = t.into();
                            values.push(boxed.clone());
                            index.insert(boxed, c);
                            c
                        }
                    };
                    codes.push(code);
                }
            },
            (Column::Presence(v), Column::Presence(s)) => v.push(s[i]),
            (Column::Date(v), Column::Date(s)) => v.push(s[i]),
            (Column::Level(v), Column::Level(s)) => v.push(s[i]),
            (Column::Bool(v), Column::Bool(s)) => v.push(s[i]),
            (Column::Number(v), Column::Number(s)) => v.push(s[i]),
            (column, _) => column.push_empty(),
        }
    }

    /// Appends an empty value.
    pub(crate) fn push_empty(&mut self) {
        match self {
            Column::Text { text, ends } => ends.push(text.len() as u32),
            Column::Category { codes, .. } => codes.push(u32::MAX),
            Column::Presence(v) => v.push(false),
            Column::Date(v) => v.push(NO_DATE),
            Column::Level(v) => v.push(0),
            Column::Bool(v) => v.push(None),
            Column::Number(v) => v.push(f64::NAN),
        }
    }

    /// Sets date value `i` (for dates derived from a history).
    pub(crate) fn set_date(&mut self, i: usize, t: Timestamp) {
        if let Column::Date(v) = self {
            v[i] = t.0;
        }
    }

    /// Sets number value `i`.
    pub(crate) fn set_number(&mut self, i: usize, n: f64) {
        if let Column::Number(v) = self {
            v[i] = n;
        }
    }

    /// Sets yes/no value `i`.
    pub(crate) fn set_flag(&mut self, i: usize, b: bool) {
        if let Column::Bool(v) = self {
            v[i] = Some(b);
        }
    }

    /// The text of value `i` of a text column.
    fn text_at<'t>(text: &'t str, ends: &[u32], i: usize) -> Option<&'t str> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        let end = ends[i] as usize;
        (end > start).then(|| &text[start..end])
    }
}

/// Values of one source column that could not be read as their field's type, summarised:
/// the count and the first few, so a bad column gives one warning, not one per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct BadColumn {
    /// Canonical field.
    pub field: String,
    /// Index of the column in the source.
    pub column: usize,
    /// How many values could not be read.
    pub count: usize,
    /// The first few: row number in the source (1-based, as a spreadsheet shows it) and the
    /// raw text.
    pub first: Vec<(u32, String)>,
}

/// How many unreadable values of a column are quoted in its warning.
const BAD_VALUES_QUOTED: usize = 3;

/// How a date column's values were read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DateFormat {
    /// Canonical field.
    pub field: String,
    /// The day/month order applied to numeric dates, when the column has any.
    pub order: Option<DateOrder>,
    /// What was found and decided, for a person.
    pub description: String,
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
    /// Source row number of each record (for a folded history, its latest row).
    pub rows: Vec<u32>,
    /// For a folded history: every source row of each record.
    pub(crate) groups: Option<RowGroups>,
    /// Per field, the records (ascending) whose cell held a value that could not be read as
    /// the field's type: for a check, such a record's value is unknown, not absent.
    pub(crate) unreadable: Vec<Vec<u32>>,
}

/// The source rows of each record of a folded history: record `i`'s rows are
/// `rows[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowGroups {
    /// Start of each record's rows, plus the end.
    pub offsets: Vec<u32>,
    /// Every row, record after record, each record's in source order.
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
            unreadable: vec![Vec::new(); fields.len()],
            fields,
            columns,
            field_types,
            rows,
            groups: None,
        }
    }

    /// The same table with, per field, the records whose value could not be read (ascending;
    /// the caller keeps them in step with the fields).
    pub(crate) fn with_unreadable(mut self, unreadable: Vec<Vec<u32>>) -> RecordTable {
        debug_assert_eq!(unreadable.len(), self.fields.len());
        self.unreadable = unreadable;
        self
    }

    /// Whether record `i` holds a value of `field` that could not be read as the field's
    /// type (an unknown priority word, a date in no known format): its value is unknown, so
    /// no check may count it as missing.
    pub fn unreadable(&self, field: &str, i: usize) -> bool {
        self.field_index(field)
            .is_some_and(|k| self.unreadable[k].binary_search(&(i as u32)).is_ok())
    }

    /// How many records hold a value of `field` that could not be read.
    pub fn unreadable_count(&self, field: &str) -> usize {
        self.field_index(field)
            .map_or(0, |k| self.unreadable[k].len())
    }

    /// How many records have `field` filled in with a readable value.
    pub fn present_count(&self, field: &str) -> usize {
        self.column(field)
            .map_or(0, |c| (0..self.len()).filter(|&i| c.present(i)).count())
    }

    /// The same table with every record's source rows (a folded history).
    pub(crate) fn with_groups(mut self, groups: RowGroups) -> RecordTable {
        self.groups = Some(groups);
        self
    }

    /// Adds a column for `field` (derived from a history), empty for every record.
    pub(crate) fn add_field(&mut self, field: &str, field_type: FieldType) -> usize {
        let mut column = Column::new(field_type);
        for _ in 0..self.rows.len() {
            column.push_empty();
        }
        self.fields.push(field.to_string());
        self.unreadable.push(Vec::new());
        self.field_tags.push(field_tag(field));
        self.field_types.push(field_type);
        self.columns.push(column);
        self.fields.len() - 1
    }

    /// The index of `field`'s column, if the table has it.
    pub(crate) fn position(&self, field: &str) -> Option<usize> {
        self.field_index(field)
    }

    /// Every source row of record `i`: one, or all the rows of a folded history.
    pub fn rows_of(&self, i: usize) -> &[u32] {
        match &self.groups {
            Some(g) => &g.rows[g.offsets[i] as usize..g.offsets[i + 1] as usize],
            None => std::slice::from_ref(&self.rows[i]),
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

    /// The record's id for a Chinese sentence: the id, or `第N行`.
    pub fn record_id_zh(&self, i: usize) -> String {
        self.text("id", i)
            .map(String::from)
            .unwrap_or_else(|| format!("第{}行", self.rows[i]))
    }

    /// Every date in the table (for the latest-evidence date).
    pub fn latest_date(&self) -> Option<Timestamp> {
        self.columns
            .iter()
            .zip(&self.fields)
            // A date something is planned for, due by or runs until has not happened: it
            // never dates the evidence.
            .filter(|(_, f)| !FORWARD_DATES.contains(&f.as_str()))
            .filter_map(|(c, _)| match c {
                Column::Date(v) => v.iter().copied().filter(|&d| d != NO_DATE).max(),
                _ => None,
            })
            .max()
            .map(Timestamp)
    }
}

/// Whether `cell` reads as a value of `field_type` (an empty cell does).
pub fn reads_as(field_type: FieldType, cell: &Cell) -> bool {
    if field_type == FieldType::Date {
        let (mut v, mut tracker) = (Vec::new(), DateTracker::default());
        return push_date(&mut v, &mut tracker, cell.view(), 0, 0);
    }
    push_value(&mut Column::new(field_type), field_type, cell.view())
}

/// Date fields that look forward (a plan, a due date, a contract's term), left out of the
/// date the evidence speaks for.
const FORWARD_DATES: &[&str] = &[
    "planned_start",
    "planned_end",
    "planned_date",
    "due_date",
    "start_date",
    "end_date",
];

/// What a date column's values said about the order of day and month, gathered as they
/// stream in and settled when the table is finished.
#[derive(Debug, Default)]
struct DateTracker {
    /// Values that can only be day-first, and the first of them (row, text).
    day_first: u32,
    day_first_example: Option<(u32, String)>,
    /// Values that can only be month-first, and the first of them.
    month_first: u32,
    month_first_example: Option<(u32, String)>,
    /// Values that read either way, with their month-first reading (kept until the column
    /// is settled day-first, when they are no longer needed).
    ambiguous: u32,
    alternates: Vec<(u32, i64)>,
    /// ISO or other unambiguous text dates, and spreadsheet serials.
    other: u32,
}

/// Reading choices that come from the manifest rather than the file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Cell values read as "no value" (the built-in list plus the manifest's).
    pub missing_values: Vec<String>,
    /// The day/month order of this file's numeric dates, when the manifest fixes it.
    pub date_order: Option<DateOrder>,
    /// Longest cell kept, in bytes (`[limits] max_cell_bytes`); longer ones are cut.
    pub max_cell_bytes: usize,
    /// The markers by their length in bytes, for a check that costs next to nothing on the
    /// millions of ordinary cells of a big export.
    by_length: Vec<Vec<String>>,
}

impl ReadOptions {
    /// The built-in missing-value markers plus `extra`.
    pub fn with_missing(extra: &[String]) -> ReadOptions {
        let mut missing_values = super::schema::missing_values().to_vec();
        missing_values.extend(extra.iter().map(|m| m.trim().to_string()));
        let longest = missing_values.iter().map(String::len).max().unwrap_or(0);
        let mut by_length = vec![Vec::new(); longest + 1];
        for m in &missing_values {
            by_length[m.len()].push(m.clone());
        }
        ReadOptions {
            missing_values,
            date_order: None,
            max_cell_bytes: crate::evidence::limits::Limits::default().max_cell_bytes as usize,
            by_length,
        }
    }

    /// Whether `text` is a "no value" marker.
    pub(crate) fn is_missing(&self, text: &str) -> bool {
        let t = text.trim();
        self.by_length
            .get(t.len())
            .is_some_and(|markers| markers.iter().any(|m| m.eq_ignore_ascii_case(t)))
    }
}

/// Builds a [`RecordTable`] row by row.
pub struct TableBuilder {
    table: RecordTable,
    /// For each kept field, its column index in the source.
    sources: Vec<usize>,
    options: ReadOptions,
    /// Per kept field: its date tracker, for date fields.
    dates: Vec<Option<DateTracker>>,
    /// Unreadable values, per source column, in the order first met.
    pub bad: Vec<BadColumn>,
}

impl TableBuilder {
    /// A builder for `schema`, with `columns[f]` giving the source column of field `f`.
    pub fn new(schema: &Schema, columns: &[Option<usize>], options: &ReadOptions) -> TableBuilder {
        let mut fields = Vec::new();
        let mut cols = Vec::new();
        let mut types = Vec::new();
        let mut sources = Vec::new();
        let mut dates = Vec::new();
        for (spec, source) in schema.fields.iter().zip(columns) {
            if let Some(source) = source {
                fields.push(spec.name.clone());
                cols.push(Column::new(spec.field_type));
                types.push(spec.field_type);
                sources.push(*source);
                dates.push((spec.field_type == FieldType::Date).then(DateTracker::default));
            }
        }
        TableBuilder {
            table: RecordTable::from_parts(fields, types, cols, Vec::new()),
            sources,
            options: options.clone(),
            dates,
            bad: Vec::new(),
        }
    }

    /// The source columns the table reads; the others need not be read at all.
    pub fn source_columns(&self) -> &[usize] {
        &self.sources
    }

    /// Whether no row has been added.
    pub fn is_empty(&self) -> bool {
        self.table.rows.is_empty()
    }

    /// How many values could not be read, in all.
    pub fn bad_count(&self) -> usize {
        self.bad.iter().map(|b| b.count).sum()
    }

    /// Adds one source row (skipped when every mapped cell is empty).
    pub fn push(&mut self, row_number: u32, cells: &[Cell]) {
        self.push_with(row_number, |i| {
            cells.get(i).map_or(CellRef::Empty, Cell::view)
        });
    }

    /// The cell as the table reads it: a "no value" marker is empty (except where a yes/no
    /// field gives it a meaning, as `无` has).
    fn effective<'c>(&self, cell: CellRef<'c>, field_type: FieldType) -> CellRef<'c> {
        match cell {
            CellRef::Text(t)
                if self.options.is_missing(t)
                    && !(field_type == FieldType::Bool && value::boolean(t).is_some()) =>
            {
                CellRef::Empty
            }
            other => other,
        }
    }

    /// Adds one source row whose cell in source column `i` is `cell_at(i)`.
    pub fn push_with<'c>(&mut self, row_number: u32, cell_at: impl Fn(usize) -> CellRef<'c>) {
        let types = &self.table.field_types;
        if self
            .sources
            .iter()
            .zip(types)
            .all(|(&s, &t)| self.effective(cell_at(s), t).is_empty())
        {
            return;
        }
        let index = self.table.rows.len() as u32;
        self.table.rows.push(row_number);
        for (k, &source) in self.sources.iter().enumerate() {
            let field_type = self.table.field_types[k];
            let cell = self.effective(cell_at(source), field_type);
            let ok = match (&mut self.table.columns[k], &mut self.dates[k]) {
                (Column::Date(v), Some(tracker)) => push_date(v, tracker, cell, index, row_number),
                (column, _) => push_value(column, field_type, cell),
            };
            if !ok {
                self.table.unreadable[k].push(index);
                let bad = match self.bad.iter_mut().position(|b| b.column == source) {
                    Some(i) => &mut self.bad[i],
                    None => {
                        self.bad.push(BadColumn {
                            field: self.table.fields[k].clone(),
                            column: source,
                            count: 0,
                            first: Vec::new(),
                        });
                        self.bad.last_mut().expect("just pushed")
                    }
                };
                bad.count += 1;
                if bad.first.len() < BAD_VALUES_QUOTED {
                    bad.first.push((row_number, cell.as_text()));
                }
            }
        }
    }

    /// The finished table, with each date column's numeric dates settled to one day/month
    /// order, and how each date column was read.
    pub fn finish(mut self) -> (RecordTable, Vec<DateFormat>) {
        // An export writes all its dates one way: a column whose own values cannot tell
        // follows the columns that do, when they agree.
        let settled: Vec<(DateOrder, &str)> = self
            .dates
            .iter()
            .zip(&self.table.fields)
            .filter_map(|(t, f)| {
                let t = t.as_ref()?;
                match (t.day_first > 0, t.month_first > 0) {
                    (true, false) => Some((DateOrder::DayFirst, f.as_str())),
                    (false, true) => Some((DateOrder::MonthFirst, f.as_str())),
                    _ => None,
                }
            })
            .collect();
        let consensus = match settled.first() {
            Some(&(order, field)) if settled.iter().all(|(o, _)| *o == order) => {
                Some((order, field.to_string()))
            }
            _ => None,
        };
        let mut formats = Vec::new();
        for (k, tracker) in self.dates.iter_mut().enumerate() {
            let Some(tracker) = tracker.take() else {
                continue;
            };
            let field = self.table.fields[k].clone();
            let (mut order, mut description) = settle_dates(&tracker, self.options.date_order);
            let undecided = self.options.date_order.is_none()
                && tracker.day_first + tracker.month_first == 0
                && tracker.ambiguous > 0;
            if let (true, Some((by, other))) = (undecided, &consensus) {
                order = Some(*by);
                description = format!(
                    "{} like the file's other dates (`{other}` settles it); its own values could be read either way",
                    order_words(*by)
                );
            }
            if order == Some(DateOrder::MonthFirst) {
                if let Column::Date(v) = &mut self.table.columns[k] {
                    for &(i, alt) in &tracker.alternates {
                        v[i as usize] = alt;
                    }
                }
            }
            if tracker.day_first + tracker.month_first + tracker.ambiguous + tracker.other > 0 {
                formats.push(DateFormat {
                    field,
                    order,
                    description,
                });
            }
        }
        for column in &mut self.table.columns {
            if let Column::Text { text, .. } = column {
                text.shrink_to_fit();
            }
        }
        (self.table, formats)
    }
}

/// The order a date column's numeric dates are read in, and why, in words.
fn settle_dates(t: &DateTracker, fixed: Option<DateOrder>) -> (Option<DateOrder>, String) {
    let example = |e: &Option<(u32, String)>| {
        e.as_ref()
            .map(|(row, raw)| format!("`{raw}` at row {row}"))
            .unwrap_or_default()
    };
    let numeric = t.day_first + t.month_first + t.ambiguous;
    if let Some(order) = fixed {
        return (
            (numeric > 0).then_some(order),
            format!("{} (set in assessment.toml)", order_words(order)),
        );
    }
    match (t.day_first > 0, t.month_first > 0) {
        (true, false) => (
            Some(DateOrder::DayFirst),
            format!("day-first (d/m/y), settled by {}", example(&t.day_first_example)),
        ),
        (false, true) => (
            Some(DateOrder::MonthFirst),
            format!("month-first (m/d/y), settled by {}", example(&t.month_first_example)),
        ),
        (true, true) => (
            None,
            format!(
                "mixed: both day-first ({}) and month-first ({}) values occur; each value is read on its own, the ambiguous ones day-first",
                example(&t.day_first_example),
                example(&t.month_first_example)
            ),
        ),
        (false, false) if t.ambiguous > 0 => (
            Some(DateOrder::DayFirst),
            format!(
                "ambiguous: none of {} numeric dates has a day above 12, so day-first was assumed (set date_order = \"month-first\" in a [[mapping]] for this file if that is wrong)",
                t.ambiguous
            ),
        ),
        (false, false) => (None, "ISO dates or spreadsheet date cells".into()),
    }
}

fn order_words(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "day-first (d/m/y)",
        DateOrder::MonthFirst => "month-first (m/d/y)",
    }
}

/// Appends a date cell, noting what it says about the column's day/month order; returns
/// false when a non-empty value could not be read.
fn push_date(
    v: &mut Vec<i64>,
    tracker: &mut DateTracker,
    cell: CellRef<'_>,
    index: u32,
    row_number: u32,
) -> bool {
    let serial = |n: f64| Timestamp::from_excel_serial(n);
    let parsed = match cell {
        CellRef::Empty => {
            v.push(NO_DATE);
            return true;
        }
        CellRef::Serial(n) => serial(n).map(|t| (t, None, None)),
        CellRef::Number(n) if (20_000.0..80_000.0).contains(&n) => {
            serial(n).map(|t| (t, None, None))
        }
        other => with_text(other, |t| {
            // A date cell saved as text keeps its serial: `45356.25`.
            match t.parse::<f64>() {
                Ok(n) if (20_000.0..80_000.0).contains(&n) => serial(n).map(|t| (t, None, None)),
                _ => Timestamp::parse_detailed(t).map(|p| {
                    (
                        p.value,
                        p.month_first,
                        p.evidence.map(|e| (e, t.to_string())),
                    )
                }),
            }
        }),
    };
    let Some((value, month_first, evidence)) = parsed else {
        v.push(NO_DATE);
        return cell.is_empty();
    };
    v.push(value.0);
    match evidence {
        Some((DateOrder::DayFirst, raw)) => {
            tracker.day_first += 1;
            if tracker.day_first_example.is_none() {
                tracker.day_first_example = Some((row_number, raw));
            }
            // Settled day-first: the month-first readings will never be used.
            if tracker.month_first == 0 {
                tracker.alternates = Vec::new();
            }
        }
        Some((DateOrder::MonthFirst, raw)) => {
            tracker.month_first += 1;
            if tracker.month_first_example.is_none() {
                tracker.month_first_example = Some((row_number, raw));
            }
        }
        None => match month_first {
            Some(alt) => {
                tracker.ambiguous += 1;
                if tracker.day_first == 0 {
                    tracker.alternates.push((index, alt.0));
                }
            }
            None => tracker.other += 1,
        },
    }
    true
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
            // A flag exported as `false`/`no`/`0` says the thing is not there.
            let present = !cell.is_empty()
                && !matches!(cell, CellRef::Bool(false))
                && !matches!(cell, CellRef::Text(t) if t.trim().len() <= 5 && value::boolean(t) == Some(false));
            v.push(present);
            true
        }
        Column::Date(v) => {
            // Date columns with a tracker go through `push_date`; this is the plain reading.
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
        Column::Number(v) if field_type == FieldType::Duration => {
            let parsed = match cell {
                CellRef::Number(n) => Some(n),
                // A duration typed into a spreadsheet is a fraction of a day.
                CellRef::Serial(n) => Some(n * 86_400.0),
                other => with_text(other, value::duration_seconds),
            }
            .filter(|n| n.is_finite());
            v.push(parsed.unwrap_or(f64::NAN));
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

pub use crate::domain::column_letters;

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
        let mut b = TableBuilder::new(
            s,
            &map_columns(s, &headers),
            &ReadOptions::with_missing(&[]),
        );
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
        assert_eq!(b.bad_count(), 1);
        assert_eq!(b.bad[0].first[0].0, 4);
        assert_eq!(b.bad[0].field, "opened_at");
        let (t, _) = b.finish();
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
