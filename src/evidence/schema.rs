//! Canonical record-set schemas and classification of a header row against them.
//!
//! The schemas are data (`record_sets.toml`, compiled in): adding a column name an export uses
//! is a one-line change there, not code.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalogue::RecordSetKind;
use crate::i18n::Text;

/// What a classified table holds: operational records, or the evidence register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TableKind {
    /// Records of one kind (incidents, changes, …).
    Records(RecordSetKind),
    /// The evidence register.
    Register(RegisterKind),
}

/// The one value of the register's kind, so it serialises as `"register"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// The evidence register.
    Register,
}

impl TableKind {
    /// The kind's name as written in files and output (`incidents`, `register`, …).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }
}

/// How a field's values are read and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A record identifier, kept.
    Id,
    /// Free text, kept.
    Text,
    /// Text with few distinct values, kept as codes.
    Category,
    /// Free text where only "filled in or not" matters.
    Presence,
    /// A date or date-time.
    Date,
    /// A priority, 1 (highest) to 5.
    Priority,
    /// An impact or urgency level, 1 (highest) to 5.
    Level,
    /// Yes or no.
    Bool,
    /// A number.
    Number,
    /// A duration, kept in seconds: `1:04:35`, `2 Days 3 Hours`, `1d 4h 30m`, ServiceNow's
    /// `1970-01-01 01:04:35`, or seconds.
    Duration,
}

/// One canonical field and the headers exports use for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Canonical name, e.g. `opened_at`.
    pub name: String,
    /// How values are read.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Whether the field decides the classification.
    #[serde(default)]
    pub key: bool,
    /// Header names that mean this field.
    pub synonyms: Vec<String>,
    /// Words one of which a value must contain for a column matched by name to be taken as
    /// this field (a change's type is normal, standard or emergency, never "Hardware").
    #[serde(default)]
    pub expects: Vec<String>,
    #[serde(skip)]
    normalised: Vec<String>,
}

/// A canonical record set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Which records.
    pub kind: TableKind,
    /// Name in both languages.
    pub title: Text,
    /// Words in file or sheet names that suggest this kind.
    #[serde(default)]
    pub file_hints: Vec<String>,
    /// The names ITSM tools give this table (`change_request`): strong evidence of the kind
    /// in a file or sheet name, or in a `sys_class_name` column.
    #[serde(default)]
    pub table_names: Vec<String>,
    /// Whether the id is a ticket number, so repeated ids mean a history export to fold.
    #[serde(default)]
    pub history: bool,
    /// The fields.
    pub fields: Vec<FieldSpec>,
    /// Value rules for fields an export does not carry (see [`super::derive`]).
    #[serde(default)]
    pub derive: Vec<super::derive::Derivation>,
}

impl Schema {
    /// Index of the field named `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaFile {
    missing_values: Vec<String>,
    record_set: Vec<Schema>,
}

fn schema_file() -> &'static SchemaFile {
    static FILE: OnceLock<SchemaFile> = OnceLock::new();
    FILE.get_or_init(|| {
        let mut file: SchemaFile =
            toml::from_str(SCHEMA_SOURCE).expect("record_sets.toml is valid (checked by tests)");
        for s in &mut file.record_set {
            for f in &mut s.fields {
                f.normalised = f.synonyms.iter().map(|x| normalise_header(x)).collect();
                // The canonical name always works, after the tools' own names.
                let canonical = normalise_header(&f.name);
                if !f.normalised.contains(&canonical) {
                    f.normalised.push(canonical);
                }
            }
        }
        file
    })
}

/// Cell values that mean "no value" in exports (`?`, `NULL`, `N/A`, `—`, `无` …).
pub fn missing_values() -> &'static [String] {
    &schema_file().missing_values
}

/// The record-set definitions as shipped (part of the cache key: new synonyms or types
/// must not be served old readings).
pub const SCHEMA_SOURCE: &str = include_str!("record_sets.toml");

/// Every schema, parsed once from the compiled-in data.
pub fn schemas() -> &'static [Schema] {
    &schema_file().record_set
}

/// The schema of `kind`.
pub fn schema(kind: TableKind) -> &'static Schema {
    schemas()
        .iter()
        .find(|s| s.kind == kind)
        .expect("every kind has a schema (checked by tests)")
}

/// The schema of the record set named `name` (`changes`), if there is one.
pub fn schema_named(name: &str) -> Option<&'static Schema> {
    schemas().iter().find(|s| s.kind.name() == name)
}

/// The title of the record set named `name` (its name itself when unknown), for texts.
pub fn set_title(name: &str) -> Text {
    schema_named(name)
        .map(|s| s.title.clone())
        .unwrap_or_else(|| Text::new(name, name))
}

/// Folds a header for comparison: Jira's `Custom field (X)` becomes `X`, case is folded, and
/// everything but letters and digits (any script) is dropped.
pub fn normalise_header(raw: &str) -> String {
    let trimmed = raw.trim().trim_start_matches('\u{feff}');
    let lower = trimmed.to_lowercase();
    let inner = lower
        .strip_prefix("custom field (")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(&lower);
    inner.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The result of matching a header row against the schemas.
#[derive(Debug, Clone)]
pub struct Classification {
    /// The best-matching kind.
    pub kind: TableKind,
    /// 0 to 1: share of the kind's key fields found, plus a bonus for a telling file name.
    pub confidence: f64,
    /// For each schema field, the column that holds it.
    pub columns: Vec<Option<usize>>,
}

/// Below this confidence a table is not taken as records of any kind.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// Maps `headers` onto `schema`: each field takes the first of its synonyms found among the
/// columns not yet taken.
pub fn map_columns(schema: &Schema, headers: &[String]) -> Vec<Option<usize>> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let mut taken = vec![false; headers.len()];
    schema
        .fields
        .iter()
        .map(|f| {
            let found = f.normalised.iter().find_map(|syn| {
                normalised
                    .iter()
                    .enumerate()
                    .find(|(i, h)| !taken[*i] && !h.is_empty() && *h == syn)
                    .map(|(i, _)| i)
            });
            if let Some(i) = found {
                taken[i] = true;
            }
            found
        })
        .collect()
}

/// What is known of a table besides its header row.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableContext<'a> {
    /// The file's path (workspace-relative).
    pub path: &'a str,
    /// The sheet's name (none for CSV).
    pub sheet: Option<&'a str>,
    /// The first rows under the header (for a `sys_class_name` column).
    pub samples: &'a [Vec<String>],
}

impl TableContext<'_> {
    /// The file name without folders and extension, lower-cased: `change_request (2)`.
    fn stem(&self) -> String {
        let name = self.path.rsplit('/').next().unwrap_or(self.path);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        stem.trim().to_lowercase()
    }

    /// The words searched for weak hints: path and sheet name.
    fn words(&self) -> String {
        format!("{} {}", self.path, self.sheet.unwrap_or("")).to_lowercase()
    }
}

/// Whether hint word `hint` occurs in `words`: a short Latin hint (`ci`, `inc`, `rfc`) only as
/// a word of its own, so `incident` is no hint of `ci`; longer ones (and Chinese) anywhere.
fn hint_in(words: &str, hint: &str) -> bool {
    let hint = hint.to_lowercase();
    if hint.len() > 3 || !hint.is_ascii() {
        return words.contains(&hint);
    }
    words.match_indices(&hint).any(|(at, _)| {
        let before = words[..at].chars().next_back();
        let after = words[at + hint.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

/// Whether `name` is table `table` or a variant of it (`change_request_2025`,
/// `incident (3)`, `cmdb_ci_server` for `cmdb_ci`).
fn names_table(name: &str, table: &str) -> bool {
    name == table
        || name
            .strip_prefix(table)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphabetic()))
}

/// How well a header row fits one record set, and why.
#[derive(Debug, Clone)]
pub struct Score {
    /// The classification it gives (its confidence may be below [`MIN_CONFIDENCE`]).
    pub classification: Classification,
    /// Key fields found, and how many the set has.
    pub keys_found: usize,
    /// Key fields of the set.
    pub keys_total: usize,
    /// Fields mapped in all.
    pub mapped: usize,
    /// A word of the file or sheet name suggests the set.
    pub name_hint: bool,
    /// Strong evidence: the file or sheet is named after the tool's table, or a
    /// `sys_class_name` column holds it (the text says which).
    pub table_hint: Option<String>,
    /// Whether the score is enough to take the table as this set.
    pub accepted: bool,
}

/// Bonus for a file or sheet name that contains one of the set's hint words.
const NAME_HINT: f64 = 0.15;
/// Bonus for a file or sheet named after the tool's table, or a class column naming it.
const TABLE_HINT: f64 = 0.4;

/// Scores a header row against every record set, best first.
pub fn score_all(headers: &[String], context: &TableContext) -> Vec<Score> {
    let words = context.words();
    let stem = context.stem();
    let sheet = context.sheet.map(|s| s.trim().to_lowercase());
    let class_column = headers
        .iter()
        .position(|h| normalise_header(h) == "sysclassname");
    let classes: Vec<String> = class_column
        .map(|c| {
            context
                .samples
                .iter()
                .filter_map(|row| row.get(c))
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut scores: Vec<Score> = schemas()
        .iter()
        .map(|schema| {
            let columns = map_columns(schema, headers);
            let keys_total = schema.fields.iter().filter(|f| f.key).count();
            let keys_found = schema
                .fields
                .iter()
                .zip(&columns)
                .filter(|(f, c)| f.key && c.is_some())
                .count();
            let mapped = columns.iter().filter(|c| c.is_some()).count();
            let name_hint = schema.file_hints.iter().any(|h| hint_in(&words, h));
            let table_hint = schema.table_names.iter().find_map(|t| {
                if names_table(&stem, t) {
                    Some(format!("the file is named after the `{t}` table"))
                } else if sheet.as_deref().is_some_and(|s| names_table(s, t)) {
                    Some(format!("the sheet is named after the `{t}` table"))
                } else if !classes.is_empty() && classes.iter().all(|c| names_table(c, t)) {
                    Some(format!("its sys_class_name column says `{t}`"))
                } else {
                    None
                }
            });
            let confidence = (keys_found as f64 / keys_total.max(1) as f64
                + if name_hint { NAME_HINT } else { 0.0 }
                + if table_hint.is_some() {
                    TABLE_HINT
                } else {
                    0.0
                })
            .min(1.0);
            let has_id = schema
                .field_index("id")
                .is_some_and(|f| columns[f].is_some());
            // Two key fields make a table; with the table's own name, an id and two more
            // columns are enough (a partial export of a known table).
            let enough = keys_found >= 2 || (table_hint.is_some() && has_id && mapped >= 3);
            Score {
                accepted: enough && confidence >= MIN_CONFIDENCE,
                classification: Classification {
                    kind: schema.kind,
                    confidence,
                    columns,
                },
                keys_found,
                keys_total,
                mapped,
                name_hint,
                table_hint,
            }
        })
        .collect();
    // Best first: accepted, then confidence, then more mapped fields; ties keep file order.
    scores.sort_by(|a, b| {
        b.accepted
            .cmp(&a.accepted)
            .then(
                b.classification
                    .confidence
                    .total_cmp(&a.classification.confidence),
            )
            .then(b.mapped.cmp(&a.mapped))
    });
    scores
}

/// Classifies a header row, using the file and sheet names and the values under the header.
pub fn classify(headers: &[String], context: &TableContext) -> Option<Classification> {
    score_all(headers, context)
        .into_iter()
        .next()
        .filter(|s| s.accepted)
        .map(|s| s.classification)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn ctx(path: &str) -> TableContext<'_> {
        TableContext {
            path,
            sheet: None,
            samples: &[],
        }
    }

    #[test]
    fn every_record_set_kind_has_a_schema_with_an_identifying_key_set() {
        let all = schemas();
        assert_eq!(all.len(), 28);
        for s in all {
            assert!(
                s.fields.iter().filter(|f| f.key).count() >= 2,
                "{:?}",
                s.kind
            );
            let mut names: Vec<_> = s.fields.iter().map(|f| &f.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                s.fields.len(),
                "duplicate field in {:?}",
                s.kind
            );
        }
    }

    #[test]
    fn headers_normalise_across_tools() {
        assert_eq!(normalise_header("Custom field (Root cause)"), "rootcause");
        assert_eq!(normalise_header(" opened_at "), "openedat");
        assert_eq!(normalise_header("\u{feff}事件编号"), "事件编号");
    }

    #[test]
    fn exports_classify_by_their_headers() {
        let snow = h(&[
            "number",
            "opened_at",
            "impact",
            "urgency",
            "priority",
            "state",
            "assignment_group",
        ]);
        let c = classify(&snow, &ctx("incidents.xlsx")).unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Incidents));
        assert!(c.confidence > 0.99);
        let jira_problem = h(&[
            "Summary",
            "Issue key",
            "Issue Type",
            "Status",
            "Priority",
            "Created",
            "Custom field (Root cause)",
            "Custom field (Workaround)",
        ]);
        let c = classify(&jira_problem, &ctx("export.csv")).unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Problems));
        let chinese_changes = h(&[
            "变更编号",
            "变更类型",
            "风险等级",
            "计划开始时间",
            "实际开始时间",
            "批准时间",
            "实施结果",
        ]);
        let c = classify(&chinese_changes, &ctx("变更记录.xlsx")).unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Changes));
        assert!(classify(&h(&["a", "b", "c"]), &ctx("x.csv")).is_none());
    }

    #[test]
    fn short_hints_are_whole_words() {
        assert!(hint_in("records/cmdb ci list.xlsx", "ci"));
        assert!(hint_in("exports/ci_2025.csv", "ci"));
        assert!(!hint_in("records/u_incident_outage.csv", "ci"));
        assert!(hint_in("records/u_incident_outage.csv", "incident"));
        assert!(hint_in("导出/事件记录.xlsx", "事件"));
    }

    #[test]
    fn a_partial_export_is_recognised_by_its_table_name() {
        // A ServiceNow change_request list with no approval or start columns.
        let partial = h(&[
            "number",
            "priority",
            "short_description",
            "sys_class_name",
            "requested_by",
            "type",
            "assignment_group",
            "assigned_to",
            "work_end",
            "closed_at",
        ]);
        let c = classify(&partial, &ctx("exports/change_request.csv")).unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Changes));
        // The same columns in a file named otherwise: the class column says which table.
        let samples = vec![
            h(&["CHG0000001", "3", "Patch", "change_request", "a", "normal"]),
            h(&[
                "CHG0000002",
                "4",
                "Upgrade",
                "change_request",
                "b",
                "standard",
            ]),
        ];
        let named_by_class = TableContext {
            path: "export (7).csv",
            sheet: None,
            samples: &samples,
        };
        let c = classify(&partial, &named_by_class).unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Changes));
        // Without either, too little is known.
        assert!(classify(&partial, &ctx("export (7).csv")).is_none());
        // Canonical field names are understood as headers.
        let canonical = h(&[
            "id",
            "type",
            "risk",
            "planned_start",
            "actual_start",
            "approved_at",
        ]);
        let c = classify(&canonical, &ctx("x.csv")).unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Changes));
        let planned = schema(c.kind).field_index("planned_start").unwrap();
        assert_eq!(c.columns[planned], Some(3));
    }
}
