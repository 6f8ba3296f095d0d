//! The audit team's independence (4.5.4.2: auditors do not audit their own work), as the
//! manifest declares it. Internal audits only — a gap analysis needs no independence.
//!
//! A member who works in a clause they audited (`works_in` against `audits`, the whole scope
//! when `audits` is empty), or who declares `independent = false`, raises
//! `audit_team_not_independent` against the requirement the catalogue tests auditor
//! independence with. The report states independence only where every member declared it.

use super::findings;
use super::rule::{Context, Draft};
use crate::catalogue::{clause_contains, RuleKind};
use crate::domain::engagement::AssessmentKind;
use crate::i18n::Text;

/// What the manifest says about the team's independence.
#[derive(Debug, Default)]
pub struct Result {
    /// Findings.
    pub drafts: Vec<Draft>,
    /// Every member declared their independence or their areas.
    pub declared: bool,
    /// Members who audited their own area, with the clauses concerned.
    pub conflicts: Vec<(String, Vec<String>)>,
}

/// The requirement the catalogue tests auditor independence with: the one whose rules run
/// the `audit_independent` record check.
fn independence_requirement(ctx: &Context) -> Option<String> {
    ctx.catalogue
        .requirement_with_rule(&RuleKind::Records, "check", "audit_independent")
        .map(|r| r.id.clone())
}

/// Judges the declared team.
pub fn evaluate(ctx: &Context) -> Result {
    let team = &ctx.evidence.manifest.team;
    if ctx.kind != AssessmentKind::InternalAudit {
        return Result::default();
    }
    let requirement = independence_requirement(ctx);
    let undeclared: Vec<&str> = team
        .iter()
        .filter(|m| !m.declared_independence())
        .map(|m| m.name.as_str())
        .collect();
    let mut silent = Vec::new();
    if let Some(req) = &requirement {
        if team.is_empty() || !undeclared.is_empty() {
            let (en, zh) = if team.is_empty() {
                (
                    "assessment.toml declares no audit team, so the report cannot show who audited or that no auditor audited their own work.".to_string(),
                    "assessment.toml未声明审核组，报告无法证明由谁审核，也无法证明审核员未审核自己的工作。".to_string(),
                )
            } else {
                (
                    format!("assessment.toml declares no independence for {}, so the report cannot show that they did not audit their own work.", undeclared.join(", ")),
                    format!("assessment.toml未声明{}的独立性，报告无法证明其未审核自己的工作。", undeclared.join("、")),
                )
            };
            silent.push(
                Draft::new(
                    &findings::AUDIT_TEAM_INDEPENDENCE_UNDECLARED,
                    req,
                    super::subject::requirement(req),
                    Text::new(en, zh),
                    findings::AUDIT_TEAM_INDEPENDENCE_UNDECLARED.default_recommendation(),
                )
                .caused_by("independence:undeclared".to_string()),
            );
        }
    }
    if team.is_empty() {
        return Result {
            drafts: silent,
            ..Result::default()
        };
    }
    let whole_scope: Vec<String> = ctx
        .catalogue
        .clauses
        .iter()
        .filter(|c| c.parent.is_none())
        .map(|c| c.id.clone())
        .collect();
    let mut result = Result {
        declared: undeclared.is_empty(),
        drafts: silent,
        ..Result::default()
    };
    for m in team {
        let audited = if m.audits.is_empty() {
            &whole_scope
        } else {
            &m.audits
        };
        let own: Vec<String> = m
            .works_in
            .iter()
            .map(|w| w.trim().to_string())
            .filter(|w| {
                let clause = w.split('-').next().unwrap_or(w);
                audited
                    .iter()
                    .any(|a| clause_contains(a, clause) || clause_contains(clause, a))
            })
            .collect();
        if own.is_empty() && m.independent != Some(false) {
            continue;
        }
        let (en, zh) = if own.is_empty() {
            (
                format!("{} is declared not independent of the areas audited, yet took part in the audit: auditors must not audit their own work.", m.name),
                format!("{}被声明不独立于受审核领域，却参与了审核：审核员不得审核自己的工作。", m.name),
            )
        } else {
            (
                format!(
                    "{} works in {} and audited it: auditors must not audit their own work.",
                    m.name,
                    own.join(", ")
                ),
                format!(
                    "{}在{}工作并审核了该领域：审核员不得审核自己的工作。",
                    m.name,
                    own.join("、")
                ),
            )
        };
        if let Some(req) = &requirement {
            result.drafts.push(
                Draft::new(
                    &findings::AUDIT_TEAM_NOT_INDEPENDENT,
                    req,
                    super::subject::team_member(&m.name),
                    Text::new(en, zh),
                    findings::AUDIT_TEAM_NOT_INDEPENDENT.default_recommendation(),
                )
                .caused_by(format!("independence:{}", m.name)),
            );
        }
        result.conflicts.push((m.name.clone(), own));
    }
    result
}
