//! Tailoring: exclusions asked for in the manifest, or "not applicable" in the register.
//! Under clause 1.2 nothing in clauses 4–9 may be excluded, so every such request is refused
//! with a finding; scope is narrowed by services and locations (4.5.1), never by clause.
//!
//! Code: `exclusion_not_permitted` (major; reported as a critical gap in a gap analysis).

use std::collections::HashSet;

use super::{Context, Draft};
use crate::assessment::{Grade, TailoringDecision};
use crate::catalogue::clause_contains;
use crate::evidence::manifest::AssessmentKind;
use crate::i18n::Text;

struct Request {
    target: String,
    source: String,
    reason: String,
}

/// Judges every exclusion request; returns the decisions, their findings, and the
/// requirements the requests tried to exclude.
pub fn evaluate(ctx: &Context) -> (Vec<TailoringDecision>, Vec<Draft>, HashSet<String>) {
    let catalogue = ctx.catalogue;
    let mut requests: Vec<Request> = ctx
        .evidence
        .manifest
        .exclusions
        .iter()
        .map(|e| Request {
            target: e.target.trim().to_string(),
            source: "assessment.toml".into(),
            reason: e.reason.clone(),
        })
        .collect();
    for row in &ctx.evidence.register {
        if row.status.as_deref() == Some("not_applicable")
            || row.auditor_verdict.as_deref() == Some("not_applicable")
        {
            for id in &row.requirements {
                requests.push(Request {
                    target: id.clone(),
                    source: format!("{} row {}", row.register, row.row),
                    reason: row.title.clone().unwrap_or_default(),
                });
            }
        }
    }

    let mut decisions = Vec::new();
    let mut drafts = Vec::new();
    let mut excluded = HashSet::new();
    for req in requests {
        let affected: Vec<&str> = catalogue
            .requirements
            .iter()
            .filter(|r| r.id == req.target || clause_contains(&req.target, &r.clause))
            .map(|r| r.id.as_str())
            .collect();
        let protected = catalogue.header.non_tailorable_clauses.iter().any(|c| {
            clause_contains(c, &req.target)
                || affected
                    .iter()
                    .any(|a| clause_contains(c, a.split('-').next().unwrap_or("")))
        });
        let Some(first) = affected.first() else {
            decisions.push(TailoringDecision {
                target: req.target.clone(),
                requested: req.source,
                reason: req.reason,
                decision: Text::new(
                    format!(
                        "Ignored: `{}` is not a clause or requirement of {}.",
                        req.target, catalogue.header.id
                    ),
                    format!(
                        "已忽略：`{}`不是{}中的条款或要求。",
                        req.target, catalogue.header.id
                    ),
                ),
                finding: None,
            });
            continue;
        };
        if !protected {
            continue;
        }
        excluded.extend(affected.iter().map(|s| s.to_string()));
        let title = catalogue
            .clause(&req.target)
            .map(|c| c.title.clone())
            .or_else(|| catalogue.requirement(&req.target).map(|r| r.text.clone()))
            .unwrap_or_default();
        let (kind_en, kind_zh) = match ctx.kind {
            AssessmentKind::Gap => ("a critical gap", "关键差距"),
            AssessmentKind::InternalAudit => ("a major nonconformity", "严重不符合"),
        };
        let mut d = Draft::new(
            "exclusion_not_permitted",
            Grade::Major,
            first,
            Text::new(
                format!(
                    "Exclusion of {} ({}) was requested ({}), but clause 1.2 allows no exclusion from clauses 4-9: the {} requirement(s) affected stay in scope. Recorded as {kind_en}.",
                    req.target, title.en, req.source, affected.len()
                ),
                format!(
                    "申请删减{}（{}）（{}），但依据第1.2条，第4至9章的任何要求均不得删减：受影响的{}项要求仍在范围内。记为{kind_zh}。",
                    req.target, title.zh, req.source, affected.len()
                ),
            ),
            Text::new(
                "Withdraw the exclusion. Meet the requirements, or have another party operate the process under your governance (4.2); narrow the scope by services or locations (4.5.1) instead.",
                "撤回删减申请。满足相关要求，或在贵组织治理下由其他方运行该过程（4.2）；如需缩小范围，应按服务或地点界定（4.5.1）。",
            ),
        );
        d.also = affected.iter().skip(1).map(|s| s.to_string()).collect();
        d.dedup = Some(format!("exclusion:{}", req.target));
        decisions.push(TailoringDecision {
            target: req.target.clone(),
            requested: req.source,
            reason: req.reason,
            decision: Text::new(
                "Rejected: nothing in clauses 4-9 may be excluded (clause 1.2).",
                "不予接受：第4至9章的任何要求均不得删减（第1.2条）。",
            ),
            finding: None,
        });
        drafts.push(d);
    }
    (decisions, drafts, excluded)
}
