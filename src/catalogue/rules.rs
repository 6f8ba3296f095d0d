//! How a catalogue has its evidence rules judged without knowing any kind of rule.
//!
//! The kinds of rule, their parameters and what makes them valid belong to the checker, which
//! runs them. Whoever loads a catalogue hands the [`Loader`](super::Loader) a
//! [`RuleValidator`] (the tool hands it the checker's registry of rule kinds), so the
//! catalogue never reaches up into the checker, and a new kind of rule needs no change here.

use std::collections::HashSet;

use super::model::EvidenceRule;

/// Judges a catalogue's evidence rules while it loads.
pub trait RuleValidator {
    /// The names of the kinds of rule there are, in the order a diagnostic lists them.
    fn kind_names(&self) -> Vec<&'static str>;

    /// Why `rule` cannot run, or `None` when it can. `types` are the document and record
    /// types of the catalogue being loaded, which a rule may name.
    fn problem(&self, rule: &EvidenceRule, types: &KnownTypes) -> Option<String>;
}

/// The ids of the document types and record types of the catalogue being loaded.
#[derive(Debug, Default)]
pub struct KnownTypes<'a> {
    ids: HashSet<&'a str>,
}

impl<'a> KnownTypes<'a> {
    /// The types with these ids.
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> KnownTypes<'a> {
        KnownTypes {
            ids: ids.into_iter().collect(),
        }
    }

    /// Whether `id` is a document type or a record type of the catalogue.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// What the loader says of a rule kind nobody registered: serde's words for an unknown enum
/// variant, which the catalogue printed while the kinds were an enum.
pub(crate) fn unknown_kind_message(name: &str, known: &[&str]) -> String {
    let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    match quoted.as_slice() {
        [] => format!("unknown variant `{name}`, there are no variants"),
        [one] => format!("unknown variant `{name}`, expected {one}"),
        [a, b] => format!("unknown variant `{name}`, expected {a} or {b}"),
        more => format!(
            "unknown variant `{name}`, expected one of {}",
            more.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::unknown_kind_message;
    use serde::de::Error;

    #[test]
    fn an_unknown_kind_is_worded_as_serde_words_an_unknown_variant() {
        let lists: [&'static [&'static str]; 4] = [
            &[],
            &["register"],
            &["register", "document"],
            &["register", "document", "records", "interval"],
        ];
        for known in lists {
            let serde = serde::de::value::Error::unknown_variant("recrods", known).to_string();
            assert_eq!(unknown_kind_message("recrods", known), serde);
        }
    }
}
