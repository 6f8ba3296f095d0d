//! The record sets' fields as a reference for users: each record set, its fields with their
//! type, the column names exports use for them, the value rules that derive them and the
//! checks that read them. `iso20k fields [SET]` prints it; `docs/fields.md` is generated from
//! it (a test fails when the committed page is stale).

use std::fmt::Write as _;

use crate::check::records::CHECKS;
use crate::evidence::schema::{schemas, FieldSpec, FieldType, Schema};
use crate::i18n::Lang;

/// A field type in words.
fn type_name(t: FieldType) -> &'static str {
    match t {
        FieldType::Id => "id",
        FieldType::Text => "text",
        FieldType::Category => "category",
        FieldType::Presence => "filled in or not",
        FieldType::Date => "date",
        FieldType::Priority => "priority 1-5",
        FieldType::Level => "level 1-5",
        FieldType::Bool => "yes/no",
        FieldType::Number => "number",
        FieldType::Duration => "duration",
    }
}

/// The checks (name and code) that read `field` of `set`.
fn checks_reading(set: &str, field: &str) -> Vec<String> {
    CHECKS
        .iter()
        .filter(|c| c.set == set)
        .filter(|c| {
            c.requires.contains(&field) || c.optional.contains(&field) || c.period.contains(&field)
        })
        .map(|c| {
            let how = if c.requires.contains(&field) {
                "needs"
            } else {
                "reads"
            };
            format!("{} ({how})", c.code)
        })
        .collect()
}

/// The first `n` column names exports use for `field` of `set`, quoted (`` `made_sla`, `Made
/// SLA` ``); empty for an unknown field.
pub fn column_names(set: &str, field: &str, n: usize) -> String {
    schemas()
        .iter()
        .find(|s| s.kind.name() == set)
        .and_then(|s| s.fields.iter().find(|f| f.name == field))
        .map(|f| {
            f.synonyms
                .iter()
                .take(n)
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .unwrap_or_default()
}

/// A name that is not a record set's.
#[derive(Debug, thiserror::Error)]
#[error("`{name}` is not a record set; {}the record sets are: {}", near.as_ref().map(|n| format!("did you mean `{n}`? ")).unwrap_or_default(), names.join(", "))]
pub struct UnknownSet {
    /// The name as given.
    pub name: String,
    /// The nearest record set's name, when one is near.
    pub near: Option<String>,
    /// Every record set's name.
    pub names: Vec<String>,
}

/// The schema named `set` (`incidents`, `changes`, …), or why there is none, listing them all.
pub fn find(set: &str) -> Result<&'static Schema, UnknownSet> {
    let set = set.trim();
    schemas()
        .iter()
        .find(|s| s.kind.name() == set)
        .ok_or_else(|| {
            let names: Vec<String> = schemas().iter().map(|s| s.kind.name()).collect();
            let near =
                crate::domain::nearest(set, names.iter().map(String::as_str)).map(str::to_string);
            UnknownSet {
                name: set.to_string(),
                near,
                names,
            }
        })
}

/// One record set as text: its fields, their synonyms, and the checks that read them.
pub fn text(schema: &Schema, lang: Lang) -> String {
    let mut out = String::new();
    let kind = schema.kind.name();
    let _ = writeln!(out, "{kind} — {}", schema.title.get(lang));
    if !schema.table_names.is_empty() {
        let _ = writeln!(out, "  table names: {}", schema.table_names.join(", "));
    }
    for f in &schema.fields {
        let key = if f.key { ", key" } else { "" };
        let _ = writeln!(out, "  {:<24} {}{key}", f.name, type_name(f.field_type));
        let _ = writeln!(out, "      columns: {}", f.synonyms.join(", "));
        let checks = checks_reading(&kind, &f.name);
        if !checks.is_empty() {
            let _ = writeln!(out, "      checks:  {}", checks.join(", "));
        }
        for d in schema.derive.iter().filter(|d| d.field == f.name) {
            let _ = writeln!(
                out,
                "      derived when the export has no column for it, from {}: {}",
                d.from.join(" or "),
                d.text.as_ref().map_or("", |t| t.get(lang))
            );
        }
    }
    out
}

fn markdown_row(f: &FieldSpec, kind: &str, schema: &Schema) -> String {
    let escape = |s: &str| s.replace('|', "\\|");
    let mut what = type_name(f.field_type).to_string();
    if f.key {
        what.push_str(", key");
    }
    let derived: Vec<String> = schema
        .derive
        .iter()
        .filter(|d| d.field == f.name)
        .map(|d| {
            format!(
                "derived from `{}` when no column holds it: {}",
                d.from.join("` or `"),
                d.text.as_ref().map_or("", |t| t.en.as_str())
            )
        })
        .collect();
    format!(
        "| `{}` | {what} | {} | {} | {} |",
        f.name,
        escape(
            &f.synonyms
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        checks_reading(kind, &f.name).join(", "),
        escape(&derived.join("; "))
    )
}

/// The words values are read by (`vocabulary.toml`), as Markdown or text lines.
pub fn vocabulary_lines() -> Vec<String> {
    let v = crate::evidence::value::vocabulary();
    let scale = |name: &str, words: Vec<(&str, u8)>| {
        let mut by_rank: std::collections::BTreeMap<u8, Vec<&str>> = Default::default();
        for (w, r) in words {
            by_rank.entry(r).or_default().push(w);
        }
        by_rank
            .into_iter()
            .map(|(r, ws)| format!("{name} {r}: {}", ws.join(", ")))
            .collect::<Vec<_>>()
    };
    let mut lines = scale("priority", v.priority.words());
    lines.extend(scale("impact/urgency", v.level.words()));
    lines.push(format!("yes: {}", v.yes.join(", ")));
    lines.push(format!("no: {}", v.no.join(", ")));
    for (name, words) in v.words.sets() {
        lines.push(format!("{name} (within the value): {}", words.join(", ")));
    }
    lines
}

/// The generated `docs/fields.md`: every record set and its fields.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Record sets and their fields\n\n\
         Generated from `src/evidence/record_sets.toml` and the record checks by `iso20k fields --format markdown`;\n\
         do not edit by hand. A table is recognised by its header row: each field's column names are\n\
         compared after folding case and dropping punctuation and spaces (Jira's `Custom field (...)`\n\
         is unwrapped). Key fields decide the kind. Map a column the tool does not recognise with\n\
         `[[mapping]]` in assessment.toml, and derive a field an export does not carry with `[[derive]]`\n\
         (see docs/exports.md). \"needs\": the check does not run without the field; \"reads\": the check uses\n\
         it when the export has it.\n",
    );
    out.push_str("\n## Values\n\nPriorities, impact and urgency levels and yes/no values are read by the words below (from\n`src/evidence/vocabulary.toml`), the longest word a value contains deciding, after a leading\nnumber (`1 - Critical`, `P2`); a value none of them reads is unreadable, and the record is left\nout of the checks that need it.\n\n");
    for line in vocabulary_lines() {
        let _ = writeln!(out, "- {line}");
    }
    for schema in schemas() {
        let kind = schema.kind.name();
        let _ = write!(
            out,
            "\n## `{kind}` — {} ({})\n\n",
            schema.title.en, schema.title.zh
        );
        if !schema.table_names.is_empty() {
            let _ = writeln!(
                out,
                "Table names: {}.\n",
                schema
                    .table_names
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        out.push_str(
            "| field | type | column names | checks | value rule |\n|---|---|---|---|---|\n",
        );
        for f in &schema.fields {
            out.push_str(&markdown_row(f, &kind, schema));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_a_check_reads_is_listed_with_it() {
        let page = markdown();
        for check in CHECKS {
            assert!(page.contains(check.code), "{}", check.code);
        }
        let unknown = find("chnages").unwrap_err();
        assert_eq!(unknown.near.as_deref(), Some("changes"));
        assert!(unknown.to_string().contains("did you mean `changes`"));
    }
}
