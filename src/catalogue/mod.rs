//! The requirement catalogue: clauses, atomic requirements, mandatory documents and records,
//! and mappings to other editions and ITIL — all data, loaded from TOML and validated.

pub mod codes;
mod crosswalk;
mod embedded;
mod load;
mod loaded;
mod model;
mod rules;
mod validate;

use std::collections::HashMap;
use std::path::Path;

pub use codes::CatalogueCode;
pub use crosswalk::{Crosswalk, CrosswalkEntry, CrosswalkRef};
pub use embedded::BuiltinEdition;
pub use model::*;
pub use rules::{KnownTypes, RuleValidator};

use crate::diagnostic::Diagnostic;
use crate::i18n::Text;

/// A loaded, validated catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Identity, files and scoring defaults.
    pub header: CatalogueHeader,
    /// Clauses in catalogue order.
    pub clauses: Vec<Clause>,
    /// Requirements in catalogue order.
    pub requirements: Vec<Requirement>,
    /// Mandatory document types.
    pub document_types: Vec<DocumentType>,
    /// Mandatory record types.
    pub record_types: Vec<RecordType>,
    /// Other frameworks this catalogue maps to.
    pub frameworks: Vec<Framework>,
    /// Crosswalk rows between frameworks.
    pub crosswalk: Vec<CrosswalkRow>,
    /// The terminology glossary.
    pub terms: Vec<Term>,
    /// Problems that did not stop loading (warnings).
    pub warnings: Vec<Diagnostic>,
    /// SHA-256 over the catalogue's files (names and contents, in catalogue order), so an
    /// assessment records exactly which catalogue judged it.
    pub sha256: String,
    clause_index: HashMap<String, usize>,
    requirement_index: HashMap<String, usize>,
}

/// Loads catalogues, with their evidence rules judged by a [`RuleValidator`]: the catalogue
/// knows no kind of rule itself. (The tool's everyday entry points, `Catalogue::builtin()`
/// and `Catalogue::load()`, are this loader with the checker's registry of rule kinds; they
/// are defined in `check::rules`, beside that registry.)
#[derive(Clone, Copy)]
pub struct Loader<'r> {
    rules: &'r dyn RuleValidator,
}

impl<'r> Loader<'r> {
    /// A loader whose catalogues' rules `rules` judges.
    pub fn new(rules: &'r dyn RuleValidator) -> Loader<'r> {
        Loader { rules }
    }

    /// The default catalogue shipped inside the binary (the first of [`builtin_editions`]:
    /// ISO/IEC 20000-1:2011).
    pub fn builtin(self) -> Result<Catalogue, Vec<Diagnostic>> {
        load::load_files(embedded::files(0), self.rules)
    }

    /// The shipped catalogue whose id or alias is `name` (`2018`, `iso20000-1-2018`), or
    /// `None` when no shipped catalogue answers to it.
    pub fn edition(self, name: &str) -> Option<Result<Catalogue, Vec<Diagnostic>>> {
        let index = builtin_editions().iter().position(|e| e.answers_to(name))?;
        Some(load::load_files(embedded::files(index), self.rules))
    }

    /// The default built-in catalogue with file number `index` (modulo the file count; 0 is
    /// `catalogue.toml`) replaced by `text`: the whole loader and validator run on a
    /// catalogue that is valid but for that one file (used by the catalogue fuzz target).
    pub fn builtin_with_file(self, index: usize, text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
        let mut files = embedded::files(0);
        let slot = index % files.len();
        files[slot].text = Some(text.to_string());
        load::load_files(files, self.rules)
    }

    /// Loads the catalogue in folder `dir` (which holds a `catalogue.toml`).
    pub fn dir(self, dir: &Path) -> Result<Catalogue, Vec<Diagnostic>> {
        load::load_files(load::read_dir(dir)?, self.rules)
    }

    /// Loads `dir` when given, the built-in catalogue otherwise.
    pub fn load(self, dir: Option<&Path>) -> Result<Catalogue, Vec<Diagnostic>> {
        match dir {
            Some(dir) => self.dir(dir),
            None => self.builtin(),
        }
    }
}

/// The catalogues shipped inside the binary, one per edition, the default first.
pub fn builtin_editions() -> Vec<BuiltinEdition> {
    embedded::editions()
}

/// Says that no shipped catalogue answers to `name`, and which ones do.
pub fn unknown_edition_message(name: &str) -> String {
    let known: Vec<String> = builtin_editions()
        .iter()
        .map(|e| format!("{} ({})", e.name(), e.edition))
        .collect();
    let listed = match known.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => "none".into(),
    };
    format!(
        "`{name}` is not an edition iso20k has a catalogue for; the built-in ones are {listed}. A catalogue of your own is used with --catalogue DIR"
    )
}

impl Catalogue {
    fn new(
        header: CatalogueHeader,
        content: loaded::Content,
        warnings: Vec<Diagnostic>,
        sha256: String,
    ) -> Catalogue {
        let clause_index = content
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let requirement_index = content
            .requirements
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Catalogue {
            header,
            clauses: content.clauses,
            requirements: content.requirements,
            document_types: content.document_types,
            record_types: content.record_types,
            frameworks: content.frameworks,
            crosswalk: content.crosswalk,
            terms: content.terms,
            warnings,
            sha256,
            clause_index,
            requirement_index,
        }
    }

    /// The clause with this id.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clause_index.get(id).map(|&i| &self.clauses[i])
    }

    /// The requirement with this id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirement_index
            .get(id)
            .map(|&i| &self.requirements[i])
    }

    /// The id a requirement has now, for `id` or for an id it had in an earlier version of
    /// the catalogue (`formerly`); `None` when no requirement answers to it.
    pub fn current_id<'a>(&'a self, id: &'a str) -> Option<&'a str> {
        if self.requirement_index.contains_key(id) {
            return Some(id);
        }
        self.requirements
            .iter()
            .find(|r| r.formerly.iter().any(|old| old == id))
            .map(|r| r.id.as_str())
    }

    /// Direct subclauses of `id`, in catalogue order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Clause> + 'a {
        self.clauses
            .iter()
            .filter(move |c| c.parent.as_deref() == Some(id))
    }

    /// Whether the clause has no subclauses (it is an assessment unit).
    pub fn is_leaf(&self, id: &str) -> bool {
        self.children(id).next().is_none()
    }

    /// The top-level clause that contains clause `id` (e.g. `8` for `8.1`).
    pub fn top_clause<'a>(&'a self, mut id: &'a str) -> &'a str {
        while let Some(parent) = self.clause(id).and_then(|c| c.parent.as_deref()) {
            id = parent;
        }
        id
    }

    /// Requirements of clause `id` and of all its subclauses.
    pub fn requirements_under<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a Requirement> + 'a {
        self.requirements
            .iter()
            .filter(move |r| clause_contains(id, &r.clause))
    }

    /// Document types that serve requirement `id`.
    pub fn documents_for<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a DocumentType> {
        self.document_types
            .iter()
            .filter(move |d| d.requirements.iter().any(|r| r == id))
    }

    /// Record types that serve requirement `id`.
    pub fn records_for<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a RecordType> {
        self.record_types
            .iter()
            .filter(move |d| d.requirements.iter().any(|r| r == id))
    }

    /// The first requirement, in catalogue order, with a rule of `kind` whose parameter `param`
    /// is the text `value` (the requirement that runs the `audit_independent` record check).
    pub fn requirement_with_rule(
        &self,
        kind: &RuleKind,
        param: &str,
        value: &str,
    ) -> Option<&Requirement> {
        self.requirements.iter().find(|r| {
            r.evidence.iter().any(|e| {
                e.kind == *kind && e.params.get(param).and_then(|v| v.as_str()) == Some(value)
            })
        })
    }

    /// A span of top-level clauses as the reports write it: `4-10` (`4至10` in Chinese) for
    /// clauses 4 to 10, the one id when there is one.
    pub fn clause_span(&self, lang: crate::i18n::Lang) -> String {
        let tops: Vec<&str> = self
            .clauses
            .iter()
            .filter(|c| c.parent.is_none())
            .map(|c| c.id.as_str())
            .collect();
        span(&tops, lang)
    }

    /// The framework with this id or alias; this catalogue itself answers to its own id and alias.
    pub fn framework(&self, name: &str) -> Option<&Framework> {
        self.frameworks
            .iter()
            .find(|f| f.id == name || f.alias.as_deref() == Some(name))
    }

    /// The framework whose requirements' mappings use `key`.
    pub fn framework_for_mapping(&self, key: &str) -> Option<&Framework> {
        self.frameworks
            .iter()
            .find(|f| f.mapping_key.as_deref() == Some(key))
    }

    /// Whether `name` is this catalogue's own id or alias.
    pub fn is_self(&self, name: &str) -> bool {
        self.header.id == name || self.header.alias.as_deref() == Some(name)
    }

    /// The title of clause `id` in framework `framework` (this catalogue or another).
    pub fn clause_title(&self, framework: &str, id: &str) -> Option<&Text> {
        if self.is_self(framework) {
            return self.clause(id).map(|c| &c.title);
        }
        self.framework(framework)?
            .clauses
            .iter()
            .find(|c| c.id == id)
            .map(|c| &c.title)
    }
}

/// `4-10` (`4至10`) for the first and last of `ids`, the one id when there is one, nothing
/// when there are none.
pub fn span(ids: &[&str], lang: crate::i18n::Lang) -> String {
    match ids {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] => match lang {
            crate::i18n::Lang::En => format!("{first}-{last}"),
            crate::i18n::Lang::Zh => format!("{first}至{last}"),
        },
    }
}

/// Whether clause `inner` is `outer` or lies inside it (`6.3.1` is inside `6.3` and `6`).
pub fn clause_contains(outer: &str, inner: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::clause_contains;

    #[test]
    fn clause_containment_respects_dots() {
        assert!(clause_contains("6", "6.3.1"));
        assert!(clause_contains("6.3", "6.3"));
        assert!(!clause_contains("6.3", "6.30"));
        assert!(!clause_contains("4.5.4", "4.5.5.1"));
    }
}
