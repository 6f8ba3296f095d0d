//! What a kind of evidence rule is: the [`Kind`] trait each checker module implements, and
//! [`AnyKind`], the same kind with its parameters still as the catalogue wrote them, so that
//! kinds with different parameter types sit in one registry (`rules`). Each kind's module
//! and the registry import this module; it imports neither.

use serde::de::DeserializeOwned;

use super::prior::Prior;
use super::{Context, Outcome};
use crate::catalogue::{EvidenceRule, KnownTypes, Requirement};
use crate::i18n::Text;

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
