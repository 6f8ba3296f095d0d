//! Governance of processes operated by other parties (4.2). A process another party runs
//! stays in scope: the provider must show it governs it (4.2), manages a supplier through
//! supplier management (7.2), or an internal group or customer through an agreement (6.1).
//! Clause 4 itself cannot be handed to anyone.
//!
//! One party is one cause: a party with neither governance nor supplier management (or
//! agreement) is one finding that lists every requirement it affects. A party derived from an
//! exclusion ("done by our parent company") shares the exclusion's cause, so its findings are
//! reported inside the exclusion's.
//!
//! Codes: `governance_missing` (major), `supplier_management_missing` (major),
//! `internal_agreement_missing` (major), `clause4_not_delegable` (major).

use std::collections::HashMap;

use super::rules::{Kind, Prior};
use super::{findings, Context, Draft, Outcome};
use crate::assessment::Status;
use crate::catalogue::{clause_contains, Requirement};
use crate::evidence::manifest::{OtherParty, PartyType};
use crate::evidence::RegisterRow;
use crate::i18n::Text;

/// Governance findings and the status each 4.2 requirement takes from them.
pub struct Result {
    /// Findings.
    pub drafts: Vec<Draft>,
    statuses: HashMap<String, Status>,
    declared: bool,
}

impl Result {
    /// The outcome of a `governance` rule on `req`.
    pub fn outcome_for(&self, req: &Requirement) -> Outcome {
        if !self.declared {
            return Outcome::not_assessed(Text::new(
                "no process run by another party is declared (no population: neither a pass nor a fail)",
                "未声明由其他方运行的过程（无适用对象：既非通过也非不通过）",
            ));
        }
        Outcome::status(
            self.statuses
                .get(&req.id)
                .copied()
                .unwrap_or(Status::Conforming),
        )
    }
}

/// The `governance` kind of rule: where the catalogue asks for governance of processes others
/// operate. The parties are judged once for the workspace ([`evaluate`]); a rule reports
/// that judgement for its requirement. It takes any parameters and reads none.
pub struct GovernanceRule;

impl Kind for GovernanceRule {
    const NAME: &'static str = "governance";
    type Params = toml::Table;

    fn evaluate(_: &toml::Table, req: &Requirement, _: &Context, prior: &Prior) -> Outcome {
        prior.governance.outcome_for(req)
    }
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

fn evidence_rows<'a>(
    ctx: &'a Context,
    party: &OtherParty,
    prefixes: &[&str],
) -> Vec<&'a RegisterRow> {
    ctx.evidence
        .register
        .iter()
        .filter(|row| row.path.is_some() && row.status.as_deref() != Some("nonconforming"))
        .filter(|row| {
            row.requirements.iter().any(|id| {
                prefixes
                    .iter()
                    .any(|p| id == p || id.starts_with(&format!("{p}-")))
            })
        })
        .filter(|row| mentions(row, party))
        .collect()
}

/// Judges every other party: those the manifest declares and those an exclusion's reason
/// names (`derived`, each with the exclusion's cause).
pub fn evaluate(ctx: &Context, derived: &[(OtherParty, String)]) -> Result {
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
        let what = ctx
            .catalogue
            .clause(target)
            .map(|c| format!("{target} {}", c.title.en))
            .unwrap_or_else(|| target.to_string());
        let what_zh = ctx
            .catalogue
            .clause(target)
            .map(|c| format!("{target} {}", c.title.zh))
            .unwrap_or_else(|| target.to_string());
        let non_delegable = ctx.catalogue.header.non_delegable_clauses.iter().any(|c| {
            clause_contains(c, target) || clause_contains(c, target.split('-').next().unwrap_or(""))
        });
        if non_delegable {
            let first = ctx
                .catalogue
                .requirements
                .iter()
                .find(|r| r.id == target || clause_contains(target, &r.clause))
                .map(|r| r.id.clone())
                .unwrap_or_else(|| "4.2-01".into());
            let d = Draft::new(
                &findings::CLAUSE4_NOT_DELEGABLE,
                &first,
                Text::new(
                    format!("{what} is declared as operated by {}, but clause 4 can only be met by the provider itself (clause 1.2).", party.party),
                    format!("声明{what_zh}由{}运行，但第4章只能由服务提供方自身满足（第1.2条）。", party.party),
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
        let governance = evidence_rows(ctx, party, &["4.2"]);
        if governance.is_empty() {
            let mut d = Draft::new(
                &findings::GOVERNANCE_MISSING,
                "4.2-02",
                Text::new(
                    format!("{what} is run by {} ({}), but no governance evidence names that party: accountability, process definition, performance and improvement control (4.2) are not shown.", party.party, party_type_en(party.party_type)),
                    format!("{what_zh}由{}（{}）运行，但没有涉及该方的治理证据：未能证明对其的责任、过程定义、绩效和改进控制（4.2）。", party.party, party_type_zh(party.party_type)),
                ),
                Text::new(
                    format!("Document how you govern the process {} runs (process-to-operator matrix, agreed process definition, performance reports, joint improvement plan) and list it in the evidence register against 4.2.", party.party),
                    format!("将贵组织对{}所运行过程的治理形成文件（过程与运行方矩阵、商定的过程定义、绩效报告、联合改进计划），并在证据清单中对应4.2列出。", party.party),
                ),
            );
            d.also = vec!["4.2-03".into(), "4.2-04".into(), "4.2-05".into()];
            drafts.push(d.caused_by(cause.clone()));
            for id in ["4.2-02", "4.2-03", "4.2-04", "4.2-05"] {
                worsen(id, Status::Nonconforming);
            }
        }
        let (prefixes, kind, requirement, en, zh): (&[&str], _, _, _, _) = match party.party_type {
            PartyType::Supplier => (
                &["7.2"],
                &findings::SUPPLIER_MANAGEMENT_MISSING,
                "4.2-06",
                (
                    "supplier management (7.2): no contract or supplier review names it",
                    "没有合同或供应商评审涉及该方",
                ),
                "供应商管理（7.2）",
            ),
            PartyType::InternalGroup | PartyType::Customer => (
                &["6.1-11", "6.1-12"],
                &findings::INTERNAL_AGREEMENT_MISSING,
                "4.2-07",
                (
                    "a documented agreement under service level management (6.1): none names it",
                    "没有书面协议涉及该方",
                ),
                "服务级别管理（6.1）下的书面协议",
            ),
        };
        let mut managed = !evidence_rows(ctx, party, prefixes).is_empty();
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
            let d = Draft::new(
                kind,
                requirement,
                Text::new(
                    format!(
                        "{what} is run by {}, which must be managed through {}.",
                        party.party, en.0
                    ),
                    format!(
                        "{what_zh}由{}运行，应通过{}进行管理，但{}。",
                        party.party, zh, en.1
                    ),
                ),
                Text::new(
                    format!(
                        "Put {} under {} and record the evidence in the register.",
                        party.party,
                        en.0.split(':').next().unwrap_or("")
                    ),
                    format!("将{}纳入{}，并在证据清单中记录证据。", party.party, zh),
                ),
            );
            drafts.push(d.caused_by(cause.clone()));
            worsen(requirement, Status::Nonconforming);
        }
    }
    let supplier_declared = parties
        .iter()
        .any(|(p, _)| p.party_type == PartyType::Supplier);
    let internal_declared = parties
        .iter()
        .any(|(p, _)| p.party_type != PartyType::Supplier);
    if !parties.is_empty() {
        if !supplier_declared {
            statuses
                .entry("4.2-06".into())
                .or_insert(Status::NotAssessed);
        }
        if !internal_declared {
            statuses
                .entry("4.2-07".into())
                .or_insert(Status::NotAssessed);
        }
    }
    Result {
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
