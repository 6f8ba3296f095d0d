//! Governance of processes operated by other parties. A process another party runs stays in
//! scope: the provider must show it governs it, and manages a supplier through supplier
//! management, or an internal group or the customer through an agreement. Which requirements
//! state those duties, and where the evidence register must show each, is catalogue data: the
//! parameters of the `governance` rules (4.2 in the 2011 catalogue, 8.2.3 in 2018's). The
//! catalogue's `non_delegable_clauses` (4 in 2011, 4 and 5 in 2018) cannot be handed to anyone.
//!
//! One party is one cause: a party with neither governance nor supplier management (or
//! agreement) is one finding that lists every requirement it affects. A party derived from an
//! exclusion ("done by our parent company") shares the exclusion's cause, so its findings are
//! reported inside the exclusion's.
//!
//! Codes: `governance_missing` (major), `supplier_management_missing` (major),
//! `internal_agreement_missing` (major), `clause4_not_delegable` (major).

use std::collections::HashMap;

use serde::Deserialize;

use super::findings;
use super::rule::{Context, Draft, Outcome};
use super::rule::{Governance, Kind, ParamsError, Prior};
use crate::assessment::Status;
use crate::catalogue::{clause_contains, Catalogue, KnownTypes, Requirement, RuleKind};
use crate::evidence::manifest::{OtherParty, PartyType};
use crate::evidence::RegisterRow;
use crate::i18n::Text;

/// Which duty towards processes other parties run a requirement states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// Governing the process: accountability, its definition, its performance and its
    /// improvement. A party no governance evidence names is one finding against every
    /// requirement of this duty.
    Control,
    /// Managing a supplier that runs a process through supplier management.
    ManageSupplier,
    /// Managing an internal group (internal supplier) or the customer that runs a process
    /// through a documented agreement.
    ManageInternal,
}

/// The parameters of a `governance` rule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The duty the requirement states; without one the requirement is judged conforming
    /// whenever a party is declared (identifying the parties, for instance).
    #[serde(default)]
    pub duty: Option<Duty>,
    /// Clauses or requirements against which the evidence register must list the evidence of
    /// the duty, naming the party (`["7.2"]`; `["6.1-11", "6.1-12"]`). Default: the
    /// requirement's own clause.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// The `governance` kind of rule: where the catalogue asks for governance of processes others
/// operate, and which duty each requirement states. The parties are judged once for the
/// workspace ([`evaluate`]); a rule reports that judgement for its requirement.
pub struct GovernanceRule;

impl Kind for GovernanceRule {
    const NAME: &'static str = "governance";
    type Params = Params;

    fn validate(params: &Params, _: &KnownTypes) -> Result<(), ParamsError> {
        match params.duty {
            Some(Duty::ManageSupplier | Duty::ManageInternal) if params.evidence.is_empty() => {
                Err(ParamsError::Invalid {
                    parameter: "evidence",
                    problem: "is needed by a `manage_supplier` or `manage_internal` duty: the clauses or requirements of the process that manages the party".into(),
                })
            }
            _ => Ok(()),
        }
    }

    fn evaluate(_: &Params, req: &Requirement, _: &Context, prior: &Prior) -> Outcome {
        prior.governance.outcome_for(req)
    }
}

/// The catalogue's requirements of one duty, and the register entries that evidence it.
#[derive(Debug, Default)]
struct DutyRequirements {
    requirements: Vec<String>,
    evidence: Vec<String>,
}

impl DutyRequirements {
    fn first(&self) -> Option<&str> {
        self.requirements.first().map(String::as_str)
    }
}

/// Every governance requirement of the catalogue with its parameters, in catalogue order.
fn governance_rules(catalogue: &Catalogue) -> Vec<(&Requirement, Params)> {
    catalogue
        .requirements
        .iter()
        .flat_map(|r| {
            r.evidence
                .iter()
                .filter(|e| e.kind == RuleKind::Governance)
                .map(move |e| {
                    // A loaded catalogue's parameters were validated; unreadable ones state no duty.
                    let params = toml::Value::Table(e.params.clone())
                        .try_into()
                        .unwrap_or_default();
                    (r, params)
                })
        })
        .collect()
}

/// The requirements of `duty` and where their evidence is listed.
fn of_duty(rules: &[(&Requirement, Params)], duty: Duty) -> DutyRequirements {
    let mut out = DutyRequirements::default();
    for (r, p) in rules.iter().filter(|(_, p)| p.duty == Some(duty)) {
        if !out.requirements.contains(&r.id) {
            out.requirements.push(r.id.clone());
        }
        let evidence = if p.evidence.is_empty() {
            std::slice::from_ref(&r.clause)
        } else {
            &p.evidence[..]
        };
        for e in evidence {
            if !out.evidence.contains(e) {
                out.evidence.push(e.clone());
            }
        }
    }
    out
}

/// The clause that governs processes other parties run (4.2 in the 2011 catalogue, 8.2.3 in
/// 2018's): that of the first `control` duty, else of the first governance rule.
pub fn governing_clause(catalogue: &Catalogue) -> Option<String> {
    let rules = governance_rules(catalogue);
    rules
        .iter()
        .find(|(_, p)| p.duty == Some(Duty::Control))
        .or(rules.first())
        .map(|(r, _)| r.clause.clone())
}

/// "7.2 Supplier management": the clauses (with their titles) of the register entries that
/// evidence a duty, in each language.
fn named_clauses(catalogue: &Catalogue, ids: &[String]) -> (String, String) {
    let mut clauses: Vec<&str> = Vec::new();
    for id in ids {
        let clause = catalogue
            .requirement(id)
            .map(|r| r.clause.as_str())
            .unwrap_or(id.as_str());
        if !clauses.contains(&clause) {
            clauses.push(clause);
        }
    }
    let name = |zh: bool| {
        clauses
            .iter()
            .map(|c| match catalogue.clause(c) {
                Some(cl) if zh => format!("{c} {}", cl.title.zh),
                Some(cl) => format!("{c} {}", cl.title.en),
                None => c.to_string(),
            })
            .collect::<Vec<_>>()
    };
    (name(false).join(", "), name(true).join("、"))
}

fn mentions(row: &RegisterRow, party: &OtherParty) -> bool {
    let party_name = party.party.to_lowercase();
    let hay = format!(
        "{} {} {}",
        row.title.as_deref().unwrap_or(""),
        row.path.as_deref().unwrap_or(""),
        row.auditor_note.as_deref().unwrap_or("")
    )
    .to_lowercase();
    !party_name.is_empty() && hay.contains(&party_name)
}

/// Register rows listed against any of `ids` (clauses, or requirements) that name the party.
fn evidence_rows<'a>(ctx: &'a Context, party: &OtherParty, ids: &[String]) -> Vec<&'a RegisterRow> {
    ctx.evidence
        .register
        .iter()
        .filter(|row| row.path.is_some() && row.status.as_deref() != Some("nonconforming"))
        .filter(|row| {
            row.requirements.iter().any(|id| {
                ids.iter()
                    .any(|p| id == p || id.starts_with(&format!("{p}-")) || clause_contains(p, id))
            })
        })
        .filter(|row| mentions(row, party))
        .collect()
}

/// Judges every other party: those the manifest declares and those an exclusion's reason
/// names (`derived`, each with the exclusion's cause).
pub fn evaluate(ctx: &Context, derived: &[(OtherParty, String)]) -> Governance {
    let same = |a: &OtherParty, b: &OtherParty| {
        a.party.eq_ignore_ascii_case(&b.party) && a.target.trim() == b.target.trim()
    };
    let mut parties: Vec<(OtherParty, String)> = ctx
        .evidence
        .manifest
        .other_parties
        .iter()
        .map(|p| {
            let cause = derived
                .iter()
                .find(|(d, _)| same(d, p))
                .map(|(_, c)| c.clone())
                .unwrap_or_else(|| format!("party:{}", p.party.to_lowercase()));
            (p.clone(), cause)
        })
        .collect();
    for (d, cause) in derived {
        if !parties.iter().any(|(p, _)| same(p, d)) {
            parties.push((d.clone(), cause.clone()));
        }
    }
    let catalogue = ctx.catalogue;
    let rules = governance_rules(catalogue);
    let control = of_duty(&rules, Duty::Control);
    let suppliers = of_duty(&rules, Duty::ManageSupplier);
    let internal = of_duty(&rules, Duty::ManageInternal);
    let governing = governing_clause(catalogue).unwrap_or_default();
    let mut drafts = Vec::new();
    let mut statuses: HashMap<String, Status> = HashMap::new();
    let mut worsen = |id: &str, s: Status| {
        let e = statuses.entry(id.to_string()).or_insert(Status::Conforming);
        if s.severity() > e.severity() {
            *e = s;
        }
    };
    for (party, cause) in &parties {
        let target = party.target.trim();
        let what = catalogue
            .clause(target)
            .map(|c| format!("{target} {}", c.title.en))
            .unwrap_or_else(|| target.to_string());
        let what_zh = catalogue
            .clause(target)
            .map(|c| format!("{target} {}", c.title.zh))
            .unwrap_or_else(|| target.to_string());
        let non_delegable = catalogue.header.non_delegable_clauses.iter().find(|c| {
            clause_contains(c, target) || clause_contains(c, target.split('-').next().unwrap_or(""))
        });
        if let Some(clause) = non_delegable {
            // Raised against the target's first requirement, else the first that states a
            // governance duty.
            let Some(first) = catalogue
                .requirements
                .iter()
                .find(|r| r.id == target || clause_contains(target, &r.clause))
                .map(|r| r.id.clone())
                .or_else(|| rules.first().map(|(r, _)| r.id.clone()))
            else {
                continue;
            };
            let d = Draft::new(
                &findings::CLAUSE4_NOT_DELEGABLE,
                &first,
                super::subject::party(&party.party),
                Text::new(
                    format!("{what} is declared as operated by {}, but clause {clause} can only be met by the provider itself (clause 1.2).", party.party),
                    format!("声明{what_zh}由{}运行，但第{clause}章只能由服务提供方自身满足（第1.2条）。", party.party),
                ),
                Text::new(
                    "Produce your own evidence for this clause. Another party may perform individual activities (for example running an internal audit) only under your documented control.",
                    "由贵组织自行提供该条款的证据。其他方只能在贵组织的书面控制下执行个别活动（例如实施内部审核）。",
                ),
            )
            .caused_by(if cause.starts_with("exclusion:") {
                cause.clone()
            } else {
                format!("clause4:{target}:{}", party.party)
            });
            drafts.push(d);
            worsen(&first, Status::Nonconforming);
            continue;
        }
        if let Some(first) = control.first() {
            if evidence_rows(ctx, party, &control.evidence).is_empty() {
                let listed = control.evidence.join(", ");
                let mut d = Draft::new(
                    &findings::GOVERNANCE_MISSING,
                    first,
                    super::subject::party(&party.party),
                    Text::new(
                        format!("{what} is run by {} ({}), but no governance evidence names that party: accountability, process definition, performance and improvement control ({governing}) are not shown.", party.party, party_type_en(party.party_type)),
                        format!("{what_zh}由{}（{}）运行，但没有涉及该方的治理证据：未能证明对其的责任、过程定义、绩效和改进控制（{governing}）。", party.party, party_type_zh(party.party_type)),
                    ),
                    Text::new(
                        format!("Document how you govern the process {} runs (process-to-operator matrix, agreed process definition, performance reports, joint improvement plan) and list it in the evidence register against {listed}.", party.party),
                        format!("将贵组织对{}所运行过程的治理形成文件（过程与运行方矩阵、商定的过程定义、绩效报告、联合改进计划），并在证据清单中对应{}列出。", party.party, control.evidence.join("、")),
                    ),
                );
                d.also = control.requirements[1..].to_vec();
                drafts.push(d.caused_by(cause.clone()));
                for id in &control.requirements {
                    worsen(id, Status::Nonconforming);
                }
            }
        }
        let (duty, kind, why_en, why_zh) = match party.party_type {
            PartyType::Supplier => (
                &suppliers,
                &findings::SUPPLIER_MANAGEMENT_MISSING,
                "no contract or supplier review names it",
                "没有合同或供应商评审涉及该方",
            ),
            PartyType::InternalGroup | PartyType::Customer => (
                &internal,
                &findings::INTERNAL_AGREEMENT_MISSING,
                "no documented agreement names it",
                "没有书面协议涉及该方",
            ),
        };
        let Some(requirement) = duty.first() else {
            continue;
        };
        let mut managed = !evidence_rows(ctx, party, &duty.evidence).is_empty();
        if party.party_type == PartyType::Supplier && !managed {
            let name = party.party.to_lowercase();
            managed = ctx.sets("supplier_reviews").iter().any(|(_, t)| {
                (0..t.len()).any(|i| {
                    t.text("supplier", i)
                        .is_some_and(|s| s.to_lowercase().contains(&name))
                })
            });
        }
        if !managed {
            let (through_en, through_zh) = named_clauses(catalogue, &duty.evidence);
            let mut d = Draft::new(
                kind,
                requirement,
                super::subject::party(&party.party),
                Text::new(
                    format!(
                        "{what} is run by {}, which must be managed through {through_en}: {why_en}.",
                        party.party
                    ),
                    format!(
                        "{what_zh}由{}运行，应通过{through_zh}进行管理，但{why_zh}。",
                        party.party
                    ),
                ),
                Text::new(
                    format!(
                        "Put {} under {through_en} and record the evidence in the register.",
                        party.party
                    ),
                    format!("将{}纳入{through_zh}，并在证据清单中记录证据。", party.party),
                ),
            );
            d.also = duty.requirements[1..].to_vec();
            drafts.push(d.caused_by(cause.clone()));
            for id in &duty.requirements {
                worsen(id, Status::Nonconforming);
            }
        }
    }
    let supplier_declared = parties
        .iter()
        .any(|(p, _)| p.party_type == PartyType::Supplier);
    let internal_declared = parties
        .iter()
        .any(|(p, _)| p.party_type != PartyType::Supplier);
    if !parties.is_empty() {
        for (declared, duty) in [
            (supplier_declared, &suppliers),
            (internal_declared, &internal),
        ] {
            if !declared {
                for id in &duty.requirements {
                    statuses.entry(id.clone()).or_insert(Status::NotAssessed);
                }
            }
        }
    }
    Governance {
        drafts,
        statuses,
        declared: !parties.is_empty(),
    }
}

/// "a supplier", "an internal group", "the customer".
pub fn party_type_en(t: PartyType) -> &'static str {
    match t {
        PartyType::Supplier => "a supplier",
        PartyType::InternalGroup => "an internal group",
        PartyType::Customer => "the customer",
    }
}

/// 供应商, 内部小组, 客户.
pub fn party_type_zh(t: PartyType) -> &'static str {
    match t {
        PartyType::Supplier => "供应商",
        PartyType::InternalGroup => "内部小组",
        PartyType::Customer => "客户",
    }
}
