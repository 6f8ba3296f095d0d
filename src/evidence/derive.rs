//! Value rules: a field an export does not carry, derived from fields it does — "priority 1 is
//! a major incident", "the change was implemented by the time it was resolved", "a filled
//! Approval field means approved".
//!
//! Defaults are data (`derive` in `record_sets.toml`), and apply only to a table that has no
//! column for the field. `[[derive]]` in assessment.toml replaces a default for one record set
//! or switches it off. Every derivation applied is kept with the record set
//! ([`Derived`]) so that each finding resting on it states it, and the report's method says
//! it: an auditor may disagree with an assumption, never be unaware of it.

use serde::{Deserialize, Serialize};

use super::schema::{FieldType, Schema};
use super::table::{Column, RecordTable};
use crate::i18n::Text;

/// How a derived field's value comes from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Yes when the source's level (a priority, 1 highest) is at most `at_most`.
    Level,
    /// Yes when the source's value contains one of `values` (case folded), no otherwise.
    Matches,
    /// Yes when the source is filled in, no when it is blank.
    Filled,
    /// The opposite of the source's yes/no ("breached" → "SLA met").
    Not,
    /// The source's value, as it is (a date into a date, text or an id into text).
    Copy,
}

/// One value rule: `field` from the first of `from` the table has.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Derivation {
    /// The record set it applies to (in assessment.toml; a schema's own rules omit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_set: Option<String>,
    /// The field derived.
    pub field: String,
    /// The fields it is derived from, in order of preference.
    #[serde(default)]
    pub from: Vec<String>,
    /// How.
    #[serde(default = "default_rule")]
    pub rule: Rule,
    /// For `level`: the lowest level (highest priority number) that still counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u8>,
    /// For `matches`: the words whose presence means yes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// What the derivation assumes, as a finding states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// In assessment.toml: switch the default rule for this field off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off: bool,
}

fn default_rule() -> Rule {
    Rule::Filled
}

/// A derivation applied to a record set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Derived {
    /// The field derived.
    pub field: String,
    /// The field it was derived from.
    pub from: String,
    /// Whether the rule came from assessment.toml (else it is the tool's default).
    pub from_manifest: bool,
    /// What it assumes, in both languages.
    pub text: Text,
}

impl Derivation {
    /// What is wrong with the rule against `schema`, if anything.
    pub fn problem(&self, schema: &Schema) -> Option<String> {
        let set = schema.kind.name();
        let Some(target) = schema.fields.iter().find(|f| f.name == self.field) else {
            return Some(format!("`{}` is not a field of {set}", self.field));
        };
        if self.off {
            return None;
        }
        if self.from.is_empty() {
            return Some(format!(
                "`from` names no field to derive `{}` from",
                self.field
            ));
        }
        for source in &self.from {
            if schema.field_index(source).is_none() {
                return Some(format!("`{source}` is not a field of {set}"));
            }
        }
        if self.rule == Rule::Copy {
            // A copy keeps the value as it is: a date into a date, text (or an id) into text.
            let textual = |t: FieldType| matches!(t, FieldType::Id | FieldType::Text);
            for source in &self.from {
                let from = &schema.fields[schema.field_index(source)?];
                let fits = from.field_type == target.field_type
                    || (textual(from.field_type) && textual(target.field_type));
                if !fits {
                    return Some(format!(
                        "rule `copy` cannot fill `{}` from `{source}`: their values are of different kinds",
                        self.field
                    ));
                }
            }
            return None;
        }
        let wanted = FieldType::Bool;
        if target.field_type != wanted {
            return Some(format!(
                "rule `{}` gives a {}, but `{}` is not one",
                rule_name(self.rule),
                "yes/no value",
                self.field
            ));
        }
        match self.rule {
            Rule::Level if self.at_most.is_none() => {
                Some("rule `level` needs `at_most` (1 for priority 1 only)".into())
            }
            Rule::Matches if self.values.is_empty() => {
                Some("rule `matches` needs `values` (the words that mean yes)".into())
            }
            _ => None,
        }
    }

    /// The sentence a finding gives for the rule, from `source`: its own text, else one made
    /// from the rule.
    fn sentence(&self, source: &str, header: &str) -> Text {
        if let Some(text) = &self.text {
            return text.clone();
        }
        let (en, zh) = match self.rule {
            Rule::Level => (
                format!(
                    "`{}` read as yes where `{header}` is at level {} or higher",
                    self.field,
                    self.at_most.unwrap_or(1)
                ),
                format!(
                    "`{header}`为{}级或更高时，`{}`视为是",
                    self.at_most.unwrap_or(1),
                    self.field
                ),
            ),
            Rule::Matches => (
                format!(
                    "`{}` read as yes where `{header}` contains {}",
                    self.field,
                    self.values.join(" or ")
                ),
                format!(
                    "`{header}`包含{}时，`{}`视为是",
                    self.values.join("或"),
                    self.field
                ),
            ),
            Rule::Filled => (
                format!(
                    "`{}` read as yes where `{header}` is filled in and no where it is blank",
                    self.field
                ),
                format!("`{header}`有值时`{}`视为是，空白时视为否", self.field),
            ),
            Rule::Not => (
                format!("`{}` read as the opposite of `{header}`", self.field),
                format!("`{}`取`{header}`的相反值", self.field),
            ),
            Rule::Copy => (
                format!("`{}` taken from `{header}` ({source})", self.field),
                format!("`{}`取自`{header}`（{source}）", self.field),
            ),
        };
        Text::new(
            format!("{en}, as assessment.toml says"),
            format!("{zh}（依据assessment.toml）"),
        )
    }
}

fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::Level => "level",
        Rule::Matches => "matches",
        Rule::Filled => "filled",
        Rule::Not => "not",
        Rule::Copy => "copy",
    }
}

/// Applies the value rules for `schema`'s record set to `table`: the schema's defaults, as
/// assessment.toml's `overrides` replace or switch them off, then the manifest's own. Only
/// fields the table has no column for are derived. `header_of` names a field's source column.
pub fn apply(
    table: &mut RecordTable,
    schema: &Schema,
    overrides: &[Derivation],
    header_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Derived> {
    let set = schema.kind.name();
    let mine: Vec<&Derivation> = overrides
        .iter()
        .filter(|d| d.record_set.as_deref() == Some(set.as_str()))
        .collect();
    let defaults = schema
        .derive
        .iter()
        .filter(|d| !mine.iter().any(|m| m.field == d.field))
        .map(|d| (d, false));
    let rules: Vec<(&Derivation, bool)> = defaults
        .chain(mine.iter().filter(|d| !d.off).map(|d| (*d, true)))
        .collect();
    let mut applied = Vec::new();
    for (rule, from_manifest) in rules {
        if table.has(&rule.field) || rule.problem(schema).is_some() {
            continue;
        }
        let Some(source) = rule.from.iter().find(|f| table.has(f)) else {
            continue;
        };
        let header = header_of(source).unwrap_or_else(|| source.clone());
        derive_one(table, schema, rule, source);
        applied.push(Derived {
            field: rule.field.clone(),
            from: source.clone(),
            from_manifest,
            text: rule.sentence(source, &header),
        });
    }
    applied
}

fn derive_one(table: &mut RecordTable, schema: &Schema, rule: &Derivation, source: &str) {
    let n = table.len();
    if rule.rule == Rule::Copy {
        let target = schema.fields[schema.field_index(&rule.field).expect("checked")].field_type;
        let Some(from) = table.column(source) else {
            return;
        };
        let mut column = Column::new(target);
        for i in 0..n {
            column.push_copy(from, i);
        }
        let unreadable: Vec<u32> = (0..n)
            .filter(|&i| table.unreadable(source, i))
            .map(|i| i as u32)
            .collect();
        let k = table.add_field(&rule.field, target);
        table.columns[k] = column;
        table.unreadable[k] = unreadable;
        return;
    }
    let field_type = FieldType::Bool;
    let values: Vec<Option<Derivative>> = (0..n)
        .map(|i| {
            if table.unreadable(source, i) {
                return None;
            }
            match rule.rule {
                Rule::Copy => None,
                Rule::Level => table
                    .level(source, i)
                    .map(|l| Derivative::Flag(l <= rule.at_most.unwrap_or(1))),
                Rule::Filled => Some(Derivative::Flag(table.present(source, i))),
                Rule::Not => table.flag(source, i).map(|b| Derivative::Flag(!b)),
                Rule::Matches => table.text(source, i).map(|t| {
                    let t = t.to_lowercase();
                    Derivative::Flag(rule.values.iter().any(|v| t.contains(&v.to_lowercase())))
                }),
            }
        })
        .collect();
    let unreadable: Vec<u32> = (0..n)
        .filter(|&i| table.unreadable(source, i))
        .map(|i| i as u32)
        .collect();
    let k = table.add_field(&rule.field, field_type);
    for (i, value) in values.into_iter().enumerate() {
        let column: &mut Column = &mut table.columns[k];
        match value {
            Some(Derivative::Flag(b)) => column.set_flag(i, b),
            None => {}
        }
    }
    table.unreadable[k] = unreadable;
}

enum Derivative {
    Flag(bool),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::schema::{schema, TableKind};
    use crate::evidence::table::{ReadOptions, TableBuilder};

    fn incidents(rows: &[[&str; 2]]) -> RecordTable {
        let s = schema(TableKind::Records(
            crate::catalogue::RecordSetKind::Incidents,
        ));
        let mut columns = vec![None; s.fields.len()];
        columns[s.field_index("id").unwrap()] = Some(0);
        columns[s.field_index("priority").unwrap()] = Some(1);
        let mut b = TableBuilder::new(s, &columns, &ReadOptions::default());
        for (n, r) in rows.iter().enumerate() {
            b.push(
                n as u32 + 2,
                &r.iter()
                    .map(|c| crate::evidence::table::Cell::Text(c.to_string()))
                    .collect::<Vec<_>>(),
            );
        }
        b.finish().0
    }

    #[test]
    fn priority_one_is_read_as_a_major_incident_and_the_assumption_kept() {
        let s = schema(TableKind::Records(
            crate::catalogue::RecordSetKind::Incidents,
        ));
        let mut t = incidents(&[
            ["INC1", "1 - Critical"],
            ["INC2", "3 - Moderate"],
            ["INC3", ""],
        ]);
        let applied = apply(&mut t, s, &[], &|_| Some("Priority".into()));
        assert_eq!(applied.len(), 1, "{applied:?}");
        assert_eq!(applied[0].field, "major_incident");
        assert!(
            applied[0].text.en.contains("priority 1"),
            "{:?}",
            applied[0].text
        );
        assert_eq!(t.flag("major_incident", 0), Some(true));
        assert_eq!(t.flag("major_incident", 1), Some(false));
        assert_eq!(t.flag("major_incident", 2), None);
    }

    #[test]
    fn the_manifest_switches_a_default_off_or_replaces_it() {
        let s = schema(TableKind::Records(
            crate::catalogue::RecordSetKind::Incidents,
        ));
        let off = Derivation {
            record_set: Some("incidents".into()),
            field: "major_incident".into(),
            from: Vec::new(),
            rule: Rule::Filled,
            at_most: None,
            values: Vec::new(),
            text: None,
            off: true,
        };
        let mut t = incidents(&[["INC1", "1"]]);
        assert!(apply(&mut t, s, &[off], &|_| None).is_empty());
        assert!(!t.has("major_incident"));
        let two = Derivation {
            off: false,
            from: vec!["priority".into()],
            rule: Rule::Level,
            at_most: Some(2),
            field: "major_incident".into(),
            record_set: Some("incidents".into()),
            values: Vec::new(),
            text: None,
        };
        let mut t = incidents(&[["INC1", "2"]]);
        let applied = apply(&mut t, s, &[two], &|_| Some("Priority".into()));
        assert!(applied[0].from_manifest && applied[0].text.en.contains("assessment.toml"));
        assert_eq!(t.flag("major_incident", 0), Some(true));
    }

    #[test]
    fn a_rule_naming_a_field_of_another_type_is_refused() {
        let s = schema(TableKind::Records(
            crate::catalogue::RecordSetKind::Incidents,
        ));
        let bad = Derivation {
            record_set: Some("incidents".into()),
            field: "opened_at".into(),
            from: vec!["priority".into()],
            rule: Rule::Filled,
            at_most: None,
            values: Vec::new(),
            text: None,
            off: false,
        };
        assert!(bad.problem(s).unwrap().contains("opened_at"));
    }
}
