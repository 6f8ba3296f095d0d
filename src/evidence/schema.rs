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
    /// The fields.
    pub fields: Vec<FieldSpec>,
}

impl Schema {
    /// Index of the field named `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Deserialize)]
struct SchemaFile {
    record_set: Vec<Schema>,
}

/// The record-set definitions as shipped (part of the cache key: new synonyms or types
/// must not be served old readings).
pub const SCHEMA_SOURCE: &str = include_str!("record_sets.toml");

/// Every schema, parsed once from the compiled-in data.
pub fn schemas() -> &'static [Schema] {
    static SCHEMAS: OnceLock<Vec<Schema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let file: SchemaFile =
            toml::from_str(SCHEMA_SOURCE).expect("record_sets.toml is valid (checked by tests)");
        file.record_set
            .into_iter()
            .map(|mut s| {
                for f in &mut s.fields {
                    f.normalised = f.synonyms.iter().map(|x| normalise_header(x)).collect();
                }
                s
            })
            .collect()
    })
}

/// The schema of `kind`.
pub fn schema(kind: TableKind) -> &'static Schema {
    schemas()
        .iter()
        .find(|s| s.kind == kind)
        .expect("every kind has a schema (checked by tests)")
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

/// Classifies a header row, using the file and sheet names as a tie-breaker.
pub fn classify(headers: &[String], context: &str) -> Option<Classification> {
    let context = context.to_lowercase();
    let mut best: Option<(Classification, usize)> = None;
    for schema in schemas() {
        let columns = map_columns(schema, headers);
        let keys: Vec<bool> = schema
            .fields
            .iter()
            .zip(&columns)
            .filter(|(f, _)| f.key)
            .map(|(_, c)| c.is_some())
            .collect();
        let found_keys = keys.iter().filter(|k| **k).count();
        if found_keys < 2 {
            continue;
        }
        let mapped = columns.iter().filter(|c| c.is_some()).count();
        let hint = schema
            .file_hints
            .iter()
            .any(|h| context.contains(&h.to_lowercase()));
        let confidence =
            (found_keys as f64 / keys.len() as f64 + if hint { 0.15 } else { 0.0 }).min(1.0);
        let better = match &best {
            None => true,
            Some((b, b_mapped)) => {
                confidence > b.confidence + 1e-9
                    || ((confidence - b.confidence).abs() < 1e-9 && mapped > *b_mapped)
            }
        };
        if better {
            best = Some((
                Classification {
                    kind: schema.kind,
                    confidence,
                    columns,
                },
                mapped,
            ));
        }
    }
    best.map(|(c, _)| c)
        .filter(|c| c.confidence >= MIN_CONFIDENCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_record_set_kind_has_a_schema_with_an_identifying_key_set() {
        let all = schemas();
        assert_eq!(all.len(), 26);
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
        let c = classify(&snow, "incidents.xlsx").unwrap();
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
        let c = classify(&jira_problem, "export.csv").unwrap();
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
        let c = classify(&chinese_changes, "变更记录.xlsx").unwrap();
        assert_eq!(c.kind, TableKind::Records(RecordSetKind::Changes));
        assert!(classify(&h(&["a", "b", "c"]), "x.csv").is_none());
    }
}
