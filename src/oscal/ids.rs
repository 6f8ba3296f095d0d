//! Stable identifiers: deterministic UUIDs and the OSCAL ids of clauses and requirements.
//!
//! OSCAL wants a UUID on nearly everything and asks that a UUID keep naming the same subject
//! across revisions of a document. iso20k therefore never draws random UUIDs: each one is a
//! version-5 (SHA-1, RFC 9562) UUID of a key that names its subject, under [`NAMESPACE`].
//! Keys nest through [`UuidScope`]: an assessment's scope is derived from the organisation,
//! kind, dates and catalogue, and a finding's UUID from that scope and `finding:<id>`, so two
//! assessments never share a UUID while a rerun of one gives the same UUIDs again.

use uuid::Uuid;

/// The root of every iso20k UUID: the version-5 UUID of the URL [`super::NS`] in the RFC 9562
/// URL namespace: `376ad21a-aa0b-55af-b665-bc4e1295f978`.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x376ad21a_aa0b_55af_b665_bc4e1295f978);

/// A namespace in which keys become UUIDs; scopes nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UuidScope(Uuid);

impl UuidScope {
    /// The root scope, [`NAMESPACE`].
    pub const ROOT: UuidScope = UuidScope(NAMESPACE);

    /// The UUID of `key` in this scope, hyphenated lower case.
    pub fn uuid(&self, key: &str) -> String {
        Uuid::new_v5(&self.0, key.as_bytes()).to_string()
    }

    /// The scope named by `key` inside this one.
    pub fn scope(&self, key: &str) -> UuidScope {
        UuidScope(Uuid::new_v5(&self.0, key.as_bytes()))
    }
}

/// Turns an id into an OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`): characters other than
/// letters, digits, `.`, `-` and `_` become `_`. Callers prefix ids that start with a digit.
fn token_tail(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The OSCAL id of a clause: `clause-4.1.1` (a group, or a control for a leaf subclause).
pub fn clause_id(clause: &str) -> String {
    format!("clause-{}", token_tail(clause))
}

/// The id of a control's statement part: `clause-4.1.1_smt`.
pub fn statement_id(clause: &str) -> String {
    format!("{}_smt", clause_id(clause))
}

/// The id of a requirement's `item` part, which findings target: `req-4.1.1-01`.
pub fn requirement_id(requirement: &str) -> String {
    format!("req-{}", token_tail(requirement))
}

/// The id of a checklist element's part inside its requirement: `req-4.1.1-01.a`.
pub fn element_id(requirement: &str, element: &str) -> String {
    format!("{}.{}", requirement_id(requirement), token_tail(element))
}

/// The id of a requirement's assessment-method part (what an auditor asks to see):
/// `req-4.1.1-01_asm`.
pub fn assessment_method_id(requirement: &str) -> String {
    format!("{}_asm", requirement_id(requirement))
}

/// A sort key that orders clause numbers numerically (`4.1.10` after `4.1.2`): every number
/// padded to three digits, `004.001.010`.
pub fn sort_id(clause: &str) -> String {
    clause
        .split(['.', '-'])
        .map(|part| match part.parse::<u32>() {
            Ok(n) => format!("{n:03}"),
            Err(_) => token_tail(part),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namespace_is_the_url_uuid_of_the_iso20k_namespace() {
        let derived = Uuid::new_v5(&Uuid::NAMESPACE_URL, crate::oscal::NS.as_bytes());
        assert_eq!(NAMESPACE, derived, "NAMESPACE must be {derived}");
    }

    #[test]
    fn uuids_are_version_5_and_depend_on_scope_and_key() {
        let a = UuidScope::ROOT.scope("assessment:a");
        let b = UuidScope::ROOT.scope("assessment:b");
        let id = a.uuid("finding:4.1.1-01");
        assert_eq!(id, a.uuid("finding:4.1.1-01"));
        assert_ne!(id, b.uuid("finding:4.1.1-01"));
        assert_ne!(id, a.uuid("finding:4.1.1-02"));
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "5", "version nibble of {id}");
        assert!(
            matches!(&id[19..20], "8" | "9" | "a" | "b"),
            "variant of {id}"
        );
    }

    #[test]
    fn ids_are_oscal_tokens() {
        assert_eq!(clause_id("4.5.4.2"), "clause-4.5.4.2");
        assert_eq!(requirement_id("4.1.1-01"), "req-4.1.1-01");
        assert_eq!(element_id("4.1.1-01", "a"), "req-4.1.1-01.a");
        assert_eq!(statement_id("8.1"), "clause-8.1_smt");
        assert_eq!(requirement_id("A 1/2"), "req-A_1_2");
    }

    #[test]
    fn sort_ids_order_numerically() {
        assert_eq!(sort_id("4.1.10"), "004.001.010");
        assert!(sort_id("4.1.2") < sort_id("4.1.10"));
        assert_eq!(sort_id("9.2-21"), "009.002.021");
    }
}
