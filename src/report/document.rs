//! The report document model: what a report says, as sections of a few block kinds, with no
//! notion of page, sheet or markup. Builders (`build::gap`, `build::audit`) turn an
//! assessment's view into a [`Document`]; the PDF, XLSX and HTML renderers each walk its
//! blocks generically and know nothing about gap analyses or internal audits. A new column
//! is one edit in a builder; a new report is one more builder.

use serde::Serialize;

use crate::domain::engagement::AssessmentKind;
use crate::i18n::Lang;

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Language of every text in it.
    pub lang: Lang,
    /// The report's kind, as its marker states it (`gap-analysis`, `internal-audit`).
    pub kind: String,
    /// Title.
    pub title: String,
    /// The organisation assessed.
    pub organisation: String,
    /// The assessment date (`YYYY-MM-DD`), which also dates the files.
    pub date: String,
    /// A stable identifier of the report (catalogue hash and date).
    pub identifier: String,
    /// "Contents".
    pub contents_label: String,
    /// The cover page.
    pub cover: Cover,
    /// The body, in reading order.
    pub sections: Vec<Section>,
    /// Lines closing the report (generator, catalogue, copyright).
    pub footer: Vec<String>,
}

/// The cover page: title block, key figures, counts and facts.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// The line under the organisation (kind · date · period).
    pub subtitle: String,
    /// The figures shown large (score, verdict).
    pub figures: Vec<KeyValue>,
    /// Counts shown as tiles (findings per grade).
    pub counts: Vec<Count>,
    /// Facts (organisation, date, scope, criteria, team).
    pub facts: Vec<KeyValue>,
    /// Small print.
    pub notes: Vec<String>,
}

/// A labelled count with its colour.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// Label.
    pub label: String,
    /// Count.
    pub count: usize,
    /// Colour (hex, no `#`).
    pub colour: String,
}

/// A section: a heading and its blocks.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Stable anchor (`findings`, `actions` …), for links and custom templates.
    pub id: String,
    /// Heading.
    pub title: String,
    /// 1 for a chapter, 2 for a part of one.
    pub level: u8,
    /// In a workbook, the sheet it is written on: the first section naming a sheet creates
    /// it, later ones continue it.
    pub sheet: String,
    /// Where it is shown (a section may be left out of the printed report).
    pub media: Media,
    /// Content.
    pub blocks: Vec<Block>,
}

/// One piece of content.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Running text.
    Paragraph {
        /// The text.
        text: String,
        /// Small print rather than body text.
        muted: bool,
    },
    /// Label–value rows.
    KeyValues {
        /// The rows.
        rows: Vec<KeyValue>,
    },
    /// A data table.
    Table(Table),
    /// Horizontal bars.
    Chart(Chart),
    /// Pairs of bars: each label's value before and after.
    Comparison(Comparison),
    /// A bulleted list.
    List {
        /// Items.
        items: Vec<String>,
    },
}

/// A label and its value.
#[derive(Debug, Clone, Serialize)]
pub struct KeyValue {
    /// Label.
    pub key: String,
    /// Value.
    pub value: Cell,
}

impl KeyValue {
    /// A text value.
    pub fn text(key: &str, value: impl Into<String>) -> KeyValue {
        KeyValue {
            key: key.to_string(),
            value: Cell::text(value),
        }
    }

    /// Any cell as value.
    pub fn cell(key: &str, value: Cell) -> KeyValue {
        KeyValue {
            key: key.to_string(),
            value,
        }
    }
}

/// Which renderings show a column: a printed page has room for fewer columns than a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Media {
    /// Every format.
    All,
    /// Workbook and HTML only (not the printed page).
    Wide,
}

/// A table column.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Header.
    pub header: String,
    /// Width in characters (a workbook's unit; a page scales the widths to fit).
    pub width: f32,
    /// Where it is shown.
    pub media: Media,
    /// Identifiers and hashes: set in a monospaced face where the format has one.
    pub mono: bool,
    /// The values a reader fills in from (a workbook offers them as a drop-down).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

impl Column {
    /// A column shown everywhere.
    pub fn new(header: &str, width: f32) -> Column {
        Column {
            header: header.to_string(),
            width,
            media: Media::All,
            mono: false,
            choices: Vec::new(),
        }
    }

    /// A column shown only where there is room (workbook, HTML).
    pub fn wide(header: &str, width: f32) -> Column {
        Column {
            media: Media::Wide,
            ..Column::new(header, width)
        }
    }

    /// The same column in a monospaced face.
    pub fn mono(self) -> Column {
        Column { mono: true, ..self }
    }

    /// The same column, filled in from `choices` (a drop-down in a workbook).
    pub fn choices(self, choices: &[&str]) -> Column {
        Column {
            choices: choices.iter().map(|c| c.to_string()).collect(),
            ..self
        }
    }
}

/// A table cell: text, optionally a number (written as a number where the format has
/// numbers) and an emphasis colour. A template sees `number`, `colour` and `anchor` only when
/// set (`{{#if colour}}` tests it): most of a large report's cells have none of them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cell {
    /// The text shown.
    pub text: String,
    /// The value, when the cell is a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
    /// Emphasis colour (hex, no `#`): the text is shown bold in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// An in-report anchor this row can be linked to (a finding id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A whole number.
    pub fn count(n: usize) -> Cell {
        Cell {
            text: n.to_string(),
            number: Some(n as f64),
            ..Cell::default()
        }
    }

    /// A score with one decimal.
    pub fn score(v: f64) -> Cell {
        Cell {
            text: format!("{v:.1}"),
            number: Some(v),
            ..Cell::default()
        }
    }

    /// The same cell emphasised in `colour`.
    pub fn coloured(self, colour: impl Into<String>) -> Cell {
        Cell {
            colour: Some(colour.into()),
            ..self
        }
    }

    /// The same cell as the target of links to `anchor`.
    pub fn anchored(self, anchor: impl Into<String>) -> Cell {
        Cell {
            anchor: Some(anchor.into()),
            ..self
        }
    }
}

/// Rows under one optional heading: a table may be split in groups (requirements per
/// subclause), shown as one table with headings on a page, as one filterable table in a
/// workbook.
#[derive(Debug, Clone, Serialize)]
pub struct RowGroup {
    /// The group's heading, or empty for an ungrouped table.
    pub title: String,
    /// Rows, each one cell per column. Not in a template's data (they are most of a large
    /// report, and as template values cost several times their size): templates write them
    /// with `{{data_table TABLE}}`, and the table's `row_count` says how many there are.
    #[serde(skip_serializing)]
    pub rows: Vec<Vec<Cell>>,
}

/// A data table.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, in groups.
    pub groups: Vec<RowGroup>,
    /// What to show instead when there is no row.
    pub empty: String,
    /// Rows in all groups (templates test it to show `empty` instead).
    pub row_count: usize,
    /// Columns (templates span group headings over them).
    pub column_count: usize,
}

impl Table {
    /// An ungrouped table.
    pub fn new(columns: Vec<Column>, rows: Vec<Vec<Cell>>, empty: &str) -> Table {
        let groups = vec![RowGroup {
            title: String::new(),
            rows,
        }];
        Table::grouped(columns, groups, empty)
    }

    /// A table in groups.
    pub fn grouped(columns: Vec<Column>, groups: Vec<RowGroup>, empty: &str) -> Table {
        debug_assert!(
            groups
                .iter()
                .flat_map(|g| &g.rows)
                .all(|r| r.len() == columns.len()),
            "every row has one cell per column"
        );
        Table {
            row_count: groups.iter().map(|g| g.rows.len()).sum(),
            column_count: columns.len(),
            columns,
            groups,
            empty: empty.to_string(),
        }
    }

    /// Appends a column, with its cells in row order (a missing cell is left empty).
    pub fn add_column(&mut self, column: Column, cells: impl IntoIterator<Item = Cell>) {
        let mut cells = cells.into_iter();
        for row in self.groups.iter_mut().flat_map(|g| &mut g.rows) {
            row.push(cells.next().unwrap_or_default());
        }
        self.columns.push(column);
        self.column_count = self.columns.len();
    }

    /// Whether no group has a row.
    pub fn is_empty(&self) -> bool {
        self.row_count == 0
    }

    /// The indexes of the columns a printed page shows (those for every medium).
    pub fn printed_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].media == Media::All)
            .collect()
    }
}

/// A horizontal bar chart.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Title (also the series name in a workbook).
    pub title: String,
    /// Bars.
    pub bars: Vec<Bar>,
    /// Whether the bars are percentages (an axis 0–100 is drawn) or counts.
    pub percent: bool,
}

/// One bar.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// Label.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Length, 0–100.
    pub length: f64,
    /// Value as shown.
    pub text: String,
    /// Colour (hex, no `#`).
    pub colour: String,
}

/// Pairs of horizontal bars on a scale of 0 to 100: a value before and after for each label
/// (scores by clause between two assessments). A page draws each pair under a legend naming
/// the two series; a workbook and HTML show the same values as a table.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Title.
    pub title: String,
    /// Header of the labels in a table ("Clause").
    pub label: String,
    /// The two series, the earlier first: what each bar of a pair shows, and its colour.
    pub series: [Series; 2],
    /// Header of the change in a table.
    pub change: String,
    /// One pair per label.
    pub rows: Vec<ComparisonRow>,
}

/// One series of a [`Comparison`].
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Name, shown in the legend and as a table header (an assessment's date).
    pub name: String,
    /// Colour of its bars (hex, no `#`).
    pub colour: String,
}

/// One label's pair of values.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Label.
    pub label: String,
    /// The values of the two series: a cell with a number (0–100) draws a bar, one with text
    /// only ("–", not scored) draws none.
    pub values: [Cell; 2],
    /// The change from the first to the second, as shown (coloured when it says better or
    /// worse).
    pub change: Cell,
}

/// The report's kind as the marker states it.
pub fn kind_name(kind: AssessmentKind) -> &'static str {
    match kind {
        AssessmentKind::Gap => "gap-analysis",
        AssessmentKind::InternalAudit => "internal-audit",
        AssessmentKind::Transition => "transition",
    }
}
