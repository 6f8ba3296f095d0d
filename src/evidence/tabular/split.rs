//! One export, several record sets: Jira Service Management exports every issue type into one
//! CSV, ServiceNow's task table mixes incidents, changes and requests, GLPI and OTRS write a
//! ticket type column. When a table carries such a type column and its values name record
//! sets, its rows are split by that value, each part read with its own record set's columns.
//!
//! Rows whose type names no record set (`Task`, `Epic`) stay with the kind the headers gave
//! the table, as they would without a split.

use crate::catalogue::RecordSetKind;
use crate::evidence::history;
use crate::evidence::schema::{map_columns, normalise_header, schema, Classification, TableKind};
use crate::evidence::table::{Cell, TableBuilder};

use super::{
    fit_to_values, ClassifiedTable, FileOptions, RejectedColumn, RowBuf, RowSource, SheetContent,
    MAX_COLUMNS,
};

/// Headers (folded as [`normalise_header`] folds them) of the columns that say which kind of
/// record a row is.
const TYPE_COLUMNS: &[&str] = &[
    "issuetype",
    "sysclassname",
    "tickettype",
    "recordtype",
    "tasktype",
    "工单类型",
    "记录类型",
    // GLPI's `Tipo` (Incidente / Requisição), OTRS's `Typ`, in translation.
    "tipo",
    "typ",
    "tickettyp",
    "typedeticket",
];

/// Words in a type value, lower-cased, and the record set they name; the first that the value
/// contains wins, so the longer phrases come first.
const TYPE_VALUES: &[(&str, RecordSetKind)] = &[
    // A change's or a request's tasks are work items of their parent, never the parent.
    ("change_task", RecordSetKind::Tasks),
    ("sc_task", RecordSetKind::Tasks),
    ("problem_task", RecordSetKind::Tasks),
    ("incident_task", RecordSetKind::Tasks),
    ("service request", RecordSetKind::ServiceRequests),
    ("sc_req_item", RecordSetKind::ServiceRequests),
    ("sc_request", RecordSetKind::ServiceRequests),
    ("服务请求", RecordSetKind::ServiceRequests),
    ("requisição", RecordSetKind::ServiceRequests),
    ("requisicao", RecordSetKind::ServiceRequests),
    ("solicitação", RecordSetKind::ServiceRequests),
    ("solicitud", RecordSetKind::ServiceRequests),
    ("demande", RecordSetKind::ServiceRequests),
    ("anfrage", RecordSetKind::ServiceRequests),
    ("verzoek", RecordSetKind::ServiceRequests),
    ("mudança", RecordSetKind::Changes),
    ("mudanca", RecordSetKind::Changes),
    ("cambio", RecordSetKind::Changes),
    ("changement", RecordSetKind::Changes),
    ("änderung", RecordSetKind::Changes),
    ("wijziging", RecordSetKind::Changes),
    ("incidente", RecordSetKind::Incidents),
    ("incidencia", RecordSetKind::Incidents),
    ("störung", RecordSetKind::Incidents),
    ("storing", RecordSetKind::Incidents),
    ("change_request", RecordSetKind::Changes),
    ("change", RecordSetKind::Changes),
    ("rfc", RecordSetKind::Changes),
    ("变更", RecordSetKind::Changes),
    ("incident", RecordSetKind::Incidents),
    ("事件", RecordSetKind::Incidents),
    ("故障", RecordSetKind::Incidents),
    ("problem", RecordSetKind::Problems),
    ("问题", RecordSetKind::Problems),
    // GLPI and OTRS call incidents and requests by their ITIL family alone.
    ("request", RecordSetKind::ServiceRequests),
    ("请求", RecordSetKind::ServiceRequests),
];

/// The record set a type value names, if any.
pub(crate) fn kind_of_value(value: &str) -> Option<RecordSetKind> {
    let lower = value.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    TYPE_VALUES
        .iter()
        .find(|(word, _)| lower.contains(word))
        .map(|(_, kind)| *kind)
}

/// Splits a table by its type column.
pub(super) struct Splitter {
    /// The type column.
    column: usize,
    /// The kind the headers gave the whole table: rows of no named kind stay in it.
    main: TableKind,
}

/// One part of the split: a record set and its rows.
struct Part {
    kind: TableKind,
    columns: Vec<Option<usize>>,
    builder: TableBuilder,
    /// Columns its names matched whose values do not read as the field.
    rejected: Vec<RejectedColumn>,
}

impl Splitter {
    /// A splitter when `headers` hold a type column and the table is a record set that such
    /// a column can mix with others.
    pub(super) fn new(headers: &[String], main: TableKind) -> Option<Splitter> {
        let TableKind::Records(kind) = main else {
            return None;
        };
        if !TYPE_VALUES.iter().any(|(_, k)| *k == kind) {
            return None;
        }
        let column = headers
            .iter()
            .position(|h| TYPE_COLUMNS.contains(&normalise_header(h).as_str()))?;
        Some(Splitter { column, main })
    }

    /// The kind a row of type `value` belongs to.
    fn kind_for(&self, value: &str) -> TableKind {
        kind_of_value(value).map_or(self.main, TableKind::Records)
    }

    /// Reads the rest of the table, routing each row to its record set. A table whose rows
    /// all turn out to be of one kind is one table, as without a split.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn read(
        self,
        source: &mut dyn RowSource,
        row: &mut RowBuf,
        head_rows: &[(u32, Vec<Cell>)],
        header_row: u32,
        headers: Vec<String>,
        classification: Classification,
        main_rejected: Vec<RejectedColumn>,
        options: &FileOptions,
        progress: &dyn Fn(u64),
    ) -> SheetContent {
        let mut main_rejected = Some(main_rejected);
        let mut parts: Vec<Part> = Vec::new();
        let mut part_for = |kind: TableKind, parts: &mut Vec<Part>| -> usize {
            if let Some(i) = parts.iter().position(|p| p.kind == kind) {
                return i;
            }
            let (columns, rejected) = if kind == self.main {
                (
                    classification.columns.clone(),
                    main_rejected.take().unwrap_or_default(),
                )
            } else {
                let mut columns = part_columns(kind, self.main, &classification.columns, &headers);
                // The part's own columns are guessed from names too: they must fit its values.
                let rejected = fit_to_values(
                    schema(kind),
                    &mut columns,
                    &headers,
                    head_rows,
                    options.read,
                );
                (columns, rejected)
            };
            let builder = TableBuilder::new(schema(kind), &columns, options.read);
            parts.push(Part {
                kind,
                columns,
                builder,
                rejected,
            });
            parts.len() - 1
        };
        for (n, cells) in head_rows {
            let value = cells
                .get(self.column)
                .map(Cell::as_text)
                .unwrap_or_default();
            let i = part_for(self.kind_for(&value), &mut parts);
            parts[i].builder.push(*n, cells);
        }
        // Every kind a row can be split into is known now, so the columns any of them reads
        // are: only those are converted from here on.
        let mut wanted = vec![false; MAX_COLUMNS];
        let mut mark = |columns: &[Option<usize>]| {
            for c in columns.iter().flatten() {
                if let Some(w) = wanted.get_mut(*c) {
                    *w = true;
                }
            }
        };
        mark(&classification.columns);
        let mut possible: Vec<TableKind> = TYPE_VALUES
            .iter()
            .map(|(_, k)| TableKind::Records(*k))
            .collect();
        possible.dedup();
        for kind in &possible {
            mark(&part_columns(
                *kind,
                self.main,
                &classification.columns,
                &headers,
            ));
        }
        if let Some(w) = wanted.get_mut(self.column) {
            *w = true;
        }
        row.wanted = Some(wanted);
        let mut count = 0u64;
        while source.next_row(row) {
            let value = row.get(self.column).as_text();
            let i = part_for(self.kind_for(&value), &mut parts);
            parts[i].builder.push_with(row.number, |c| row.get(c));
            count += 1;
            if count.is_multiple_of(50_000) {
                progress(count);
            }
        }
        let mut tables: Vec<ClassifiedTable> = parts
            .into_iter()
            .filter(|p| p.kind == self.main || !p.builder.is_empty())
            .map(|mut part| {
                let table_schema = schema(part.kind);
                let bad = std::mem::take(&mut part.builder.bad);
                let (table, dates) = part.builder.finish();
                let header_of = |field: &str| {
                    let f = table_schema.field_index(field)?;
                    part.columns[f].and_then(|c| headers.get(c).cloned())
                };
                let (table, fold) = history::fold(table, table_schema, header_of);
                ClassifiedTable {
                    classification: Classification {
                        kind: part.kind,
                        confidence: classification.confidence,
                        columns: part.columns,
                    },
                    explicit: false,
                    header_row,
                    headers: headers.clone(),
                    table,
                    bad,
                    dates,
                    fold,
                    split_by: None,
                    rejected: part.rejected,
                }
            })
            .collect();
        if tables.len() == 1 {
            return SheetContent::Table(Box::new(tables.remove(0)));
        }
        let by = headers.get(self.column).cloned().unwrap_or_default();
        for t in &mut tables {
            t.split_by = Some(by.clone());
        }
        SheetContent::Split(tables)
    }
}

/// The columns of a split part of kind `kind`: its own synonyms first, then, for a field its
/// synonyms miss, the column the whole table's kind `main` took for the field of the same name.
/// One ticket list means one thing by one column: GLPI's `Título` is the title of its requests
/// as of its incidents, although only the incidents' synonyms name it.
fn part_columns(
    kind: TableKind,
    main: TableKind,
    main_columns: &[Option<usize>],
    headers: &[String],
) -> Vec<Option<usize>> {
    let part_schema = schema(kind);
    let mut columns = map_columns(part_schema, headers);
    let main_schema = schema(main);
    for (f, field) in part_schema.fields.iter().enumerate() {
        if columns[f].is_some() {
            continue;
        }
        // A ticket's solution date is a request's fulfilment and an incident's resolution.
        let same_as = match field.name.as_str() {
            "fulfilled_at" if main_schema.field_index("fulfilled_at").is_none() => "resolved_at",
            "resolved_at" if main_schema.field_index("resolved_at").is_none() => "fulfilled_at",
            name => name,
        };
        let inherited = main_schema
            .field_index(same_as)
            .and_then(|m| main_columns.get(m).copied().flatten());
        if inherited.is_some() && !columns.contains(&inherited) {
            columns[f] = inherited;
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_values_name_their_record_sets() {
        for (value, kind) in [
            ("[System] Change", RecordSetKind::Changes),
            ("Emergency Change", RecordSetKind::Changes),
            ("[System] Service request", RecordSetKind::ServiceRequests),
            (
                "Service Request with Approvals",
                RecordSetKind::ServiceRequests,
            ),
            ("sc_req_item", RecordSetKind::ServiceRequests),
            ("change_request", RecordSetKind::Changes),
            ("Incident", RecordSetKind::Incidents),
            ("[System] Problem", RecordSetKind::Problems),
            ("服务请求", RecordSetKind::ServiceRequests),
            ("变更", RecordSetKind::Changes),
            ("Requisição", RecordSetKind::ServiceRequests),
            ("Mudança normal", RecordSetKind::Changes),
            ("Störung", RecordSetKind::Incidents),
            ("Change Request", RecordSetKind::Changes),
            ("Request for change", RecordSetKind::Changes),
        ] {
            assert_eq!(kind_of_value(value), Some(kind), "{value}");
        }
        assert_eq!(
            kind_of_value("Requisição"),
            Some(RecordSetKind::ServiceRequests)
        );
        assert_eq!(kind_of_value("Incidente"), Some(RecordSetKind::Incidents));
        assert_eq!(kind_of_value("change_task"), Some(RecordSetKind::Tasks));
        assert_eq!(kind_of_value("Task"), None);
        assert_eq!(kind_of_value(""), None);
    }
}
