//! The kinds of evidence rule, behind one trait, and the registry that lists them.
//!
//! Each kind is one module of the checker (`document`, `records`, `interval`, …) holding its
//! parameters, what makes them valid and how a rule of the kind is evaluated, all in one
//! [`Kind`] implementation. [`KINDS`] lists the kinds: the engine evaluates a rule through it,
//! and the catalogue loader is handed it to judge the rules while a catalogue loads (the
//! catalogue knows no kind of rule itself, so it never reaches up into the checker).
//!
//! Adding a kind of rule is one module with a `Kind` implementation, and one line in
//! [`KINDS`]. `tests/check.rs` does exactly that with a kind of its own.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{document, governance, interval, records, register, tailoring, Context, Outcome};
use crate::catalogue::{
    Catalogue, EvidenceRule, KnownTypes, Loader, Requirement, RuleKind, RuleValidator,
};
use crate::diagnostic::Diagnostic;
use crate::i18n::Text;

/// The kinds of rule the tool knows, in the order diagnostics list them.
pub static KINDS: Registry<'static> = Registry::new(&[
    &register::RegisterRule,
    &document::DocumentRule,
    &records::RecordsRule,
    &interval::IntervalRule,
    &tailoring::TailoringRule,
    &governance::GovernanceRule,
]);

/// A kind of evidence rule: its name in the catalogue, its parameters, what makes them valid,
/// and how a rule of the kind judges a requirement.
pub trait Kind: Sync {
    /// The name the catalogue writes (`kind = "document"`).
    const NAME: &'static str;

    /// The parameters, read from the rule's `params` table (which rejects unknown keys when
    /// the type does).
    type Params: DeserializeOwned;

    /// What is wrong with parameters that were read, checked on their own and against the
    /// catalogue's document and record `types` (for `catalogue validate`); nothing by default.
    fn validate(params: &Self::Params, types: &KnownTypes) -> Result<(), String> {
        let _ = (params, types);
        Ok(())
    }

    /// The record sets (by kind name) a rule with these parameters reads, so that a document
    /// rule can tell whether the process it documents runs; none by default.
    fn record_sets(params: &Self::Params) -> Vec<String> {
        let _ = params;
        Vec::new()
    }

    /// The parameters with which the kind also judges every requirement that wires no rule
    /// of it (the register is consulted for all); `None`, the default, for kinds that judge
    /// only where the catalogue wires them.
    fn implicit() -> Option<Self::Params> {
        None
    }

    /// Judges `req` by a rule with these parameters.
    fn evaluate(params: &Self::Params, req: &Requirement, ctx: &Context, prior: &Prior) -> Outcome;
}

/// Judgements made once for the whole workspace before any requirement's rules run, which
/// some kinds of rule report requirement by requirement.
pub struct Prior<'a> {
    /// Governance of the processes other parties operate.
    pub governance: &'a governance::Result,
}

/// A [`Kind`] with its parameters still as written: what the registry holds, so kinds with
/// different parameter types sit in one list.
pub trait AnyKind: Sync {
    /// The name the catalogue writes.
    fn name(&self) -> &'static str;

    /// Why a rule of this kind with `params` cannot run, or `None` when it can.
    fn problem(&self, params: &toml::Table, types: &KnownTypes) -> Option<String>;

    /// The record sets a rule of this kind with `params` reads (none when they do not parse).
    fn record_sets(&self, params: &toml::Table) -> Vec<String>;

    /// The kind's judgement of a requirement that wires no rule of it, if it judges those.
    fn implicit_outcome(&self, req: &Requirement, ctx: &Context, prior: &Prior) -> Option<Outcome>;

    /// Judges `req` by `rule` (a rule of this kind).
    fn evaluate(
        &self,
        rule: &EvidenceRule,
        req: &Requirement,
        ctx: &Context,
        prior: &Prior,
    ) -> Outcome;
}

impl<K: Kind> AnyKind for K {
    fn name(&self) -> &'static str {
        K::NAME
    }

    fn problem(&self, params: &toml::Table, types: &KnownTypes) -> Option<String> {
        parse::<K::Params>(params)
            .and_then(|p| K::validate(&p, types))
            .err()
    }

    fn record_sets(&self, params: &toml::Table) -> Vec<String> {
        parse::<K::Params>(params)
            .map(|p| K::record_sets(&p))
            .unwrap_or_default()
    }

    fn implicit_outcome(&self, req: &Requirement, ctx: &Context, prior: &Prior) -> Option<Outcome> {
        K::implicit().map(|p| K::evaluate(&p, req, ctx, prior))
    }

    fn evaluate(
        &self,
        rule: &EvidenceRule,
        req: &Requirement,
        ctx: &Context,
        prior: &Prior,
    ) -> Outcome {
        // A loaded catalogue's parameters were validated; this only guards the impossible.
        match parse::<K::Params>(&rule.params) {
            Ok(p) => K::evaluate(&p, req, ctx, prior),
            Err(e) => Outcome::not_assessed(Text::new(
                format!("rule `{:?}` has invalid parameters: {e}", rule.kind),
                format!("规则 `{:?}` 的参数无效：{e}", rule.kind),
            )),
        }
    }
}

/// Reads a rule's parameters as a kind's parameter type.
fn parse<P: DeserializeOwned>(params: &toml::Table) -> Result<P, String> {
    toml::Value::Table(params.clone())
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// A list of kinds of rule: what evaluates a catalogue's rules, and what judges them while
/// the catalogue loads.
#[derive(Clone, Copy)]
pub struct Registry<'a> {
    kinds: &'a [&'a dyn AnyKind],
}

impl<'a> Registry<'a> {
    /// A registry of `kinds` (their names must differ).
    pub const fn new(kinds: &'a [&'a dyn AnyKind]) -> Registry<'a> {
        Registry { kinds }
    }

    /// Every kind, in order.
    pub fn kinds(&self) -> &'a [&'a dyn AnyKind] {
        self.kinds
    }

    /// The kind of a rule: the one named `kind`.
    pub fn kind(&self, kind: &RuleKind) -> Option<&'a dyn AnyKind> {
        self.kinds.iter().copied().find(|k| k.name() == kind.name())
    }

    /// The record sets `rule` reads (none for a kind the registry does not hold).
    pub fn record_sets(&self, rule: &EvidenceRule) -> Vec<String> {
        self.kind(&rule.kind)
            .map(|k| k.record_sets(&rule.params))
            .unwrap_or_default()
    }
}

impl RuleValidator for Registry<'_> {
    fn kind_names(&self) -> Vec<&'static str> {
        self.kinds.iter().map(|k| k.name()).collect()
    }

    fn problem(&self, rule: &EvidenceRule, types: &KnownTypes) -> Option<String> {
        match self.kind(&rule.kind) {
            Some(kind) => kind.problem(&rule.params, types),
            // The loader rejects unknown kinds before it asks; this answers anyone else.
            None => Some(format!("no kind of rule is called `{}`", rule.kind.name())),
        }
    }
}

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
