//! The registry of the kinds of evidence rule.
//!
//! Each kind is one module of the checker (`document`, `records`, `interval`, …) holding its
//! parameters, what makes them valid and how a rule of the kind is evaluated, all in one
//! [`Kind`] implementation (the trait lives in `rule`, which the kinds import, so that no
//! kind imports the registry back). [`KINDS`] lists the kinds: the engine evaluates a rule through it,
//! and the catalogue loader is handed it to judge the rules while a catalogue loads (the
//! catalogue knows no kind of rule itself, so it never reaches up into the checker).
//!
//! Adding a kind of rule is one module with a `Kind` implementation, and one line in
//! [`KINDS`]. `tests/check.rs` does exactly that with a kind of its own.

use std::path::Path;

#[cfg(doc)]
use super::rule::Kind;
use super::rule::Registry;
use super::{document, governance, interval, records, register, tailoring};
use crate::catalogue::{Catalogue, Loader};
use crate::diagnostic::Diagnostic;

/// The kinds of rule the tool knows, in the order diagnostics list them.
pub static KINDS: Registry<'static> = Registry::new(&[
    &register::RegisterRule,
    &document::DocumentRule,
    &records::RecordsRule,
    &interval::IntervalRule,
    &tailoring::TailoringRule,
    &governance::GovernanceRule,
]);

/// The catalogue as the tool loads it: with its rules judged by the kinds in [`KINDS`]. These
/// entry points live here, beside the registry, because the catalogue itself knows no kind of
/// rule; its own [`Loader`] takes any registry.
impl Catalogue {
    /// The default catalogue shipped inside the binary (ISO/IEC 20000-1:2011).
    pub fn builtin() -> Result<Catalogue, Vec<Diagnostic>> {
        Loader::new(&KINDS).builtin()
    }

    /// The shipped catalogue whose id or alias is `name` (`2011`, `2018`,
    /// `iso20000-1-2018`), or `None` when there is none
    /// ([`crate::catalogue::unknown_edition_message`] says so).
    pub fn builtin_edition(name: &str) -> Option<Result<Catalogue, Vec<Diagnostic>>> {
        Loader::new(&KINDS).edition(name)
    }

    /// The built-in catalogue with file number `index` (modulo the file count; 0 is
    /// `catalogue.toml`) replaced by `text` (used by the catalogue fuzz target).
    pub fn builtin_with_file(index: usize, text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
        Loader::new(&KINDS).builtin_with_file(index, text)
    }

    /// Loads the catalogue in folder `dir` (which holds a `catalogue.toml`).
    pub fn load_dir(dir: &Path) -> Result<Catalogue, Vec<Diagnostic>> {
        Loader::new(&KINDS).dir(dir)
    }

    /// Loads `dir` when given, the built-in catalogue otherwise.
    pub fn load(dir: Option<&Path>) -> Result<Catalogue, Vec<Diagnostic>> {
        Loader::new(&KINDS).load(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::RuleKind;
    use std::collections::HashSet;

    #[test]
    fn kind_names_are_unique() {
        let mut seen = HashSet::new();
        for k in KINDS.kinds() {
            assert!(seen.insert(k.name()), "two kinds are called `{}`", k.name());
        }
    }

    #[test]
    fn the_catalogue_names_for_the_builtin_kinds_are_registered() {
        for kind in [
            RuleKind::Register,
            RuleKind::Document,
            RuleKind::Records,
            RuleKind::Interval,
            RuleKind::Tailoring,
            RuleKind::Governance,
        ] {
            assert!(KINDS.kind(&kind).is_some(), "{kind:?} is not registered");
        }
    }

    #[test]
    fn every_rule_of_every_builtin_catalogue_has_a_registered_kind() {
        for edition in crate::catalogue::builtin_editions() {
            let catalogue = Catalogue::builtin_edition(&edition.id).unwrap().unwrap();
            for r in &catalogue.requirements {
                for rule in &r.evidence {
                    assert!(
                        KINDS.kind(&rule.kind).is_some(),
                        "{}: {:?}",
                        r.id,
                        rule.kind
                    );
                }
            }
        }
    }
}
