//! Tailoring: exclusions asked for in the manifest, or "not applicable" in the register.
//! Under clause 1.2 nothing in the catalogue's `non_tailorable_clauses` (4–9 in 2011, 4–10 in
//! 2018) may be excluded, so every such request is refused with one finding; scope is
//! narrowed by services and locations, never by clause.
//!
//! An exclusion whose reason is that another party runs the process ("done by our parent
//! company's finance") is still refused, but the process is then treated as operated by that
//! party: its requirements are assessed on the evidence present and the party's governance
//! (the catalogue's `governance` rules: 4.2 in 2011, 8.2.3 in 2018) is checked — they are not
//! forced nonconforming. Findings that follow from the same
//! exclusion (a missing document, an ungoverned operator) are reported inside its finding.
//!
//! Code: `exclusion_not_permitted` (major; reported as a critical gap in a gap analysis).

use std::collections::HashSet;

use super::findings;
use super::rule::{Context, Draft, Outcome};
use super::rule::{Kind, Prior};
use crate::assessment::{Status, TailoringDecision};
use crate::catalogue::{clause_contains, span, Requirement};
use crate::domain::engagement::AssessmentKind;
use crate::evidence::manifest::{OtherParty, PartyType};
use crate::i18n::{Lang, Text};

/// The `tailoring` kind of rule: where the catalogue expects exclusion requests. Requests are
/// judged once for the workspace ([`evaluate`]); a rule of this kind decides nothing about its
/// requirement itself. It takes any parameters and reads none.
pub struct TailoringRule;

impl Kind for TailoringRule {
    const NAME: &'static str = "tailoring";
    type Params = toml::Table;

    fn evaluate(_: &toml::Table, _: &Requirement, _: &Context, _: &Prior) -> Outcome {
        Outcome::status(Status::NotAssessed)
    }
}

struct Request {
    /// The target as written (in the edition the manifest names).
    target: String,
    /// The catalogue's clauses and requirements it asks to remove: the target, or what it was
    /// carried across to from another edition.
    targets: Vec<String>,
    source: String,
    source_zh: String,
    reason: String,
    party: Option<OtherParty>,
}

/// What the exclusion requests came to.
#[derive(Debug, Default)]
pub struct Tailoring {
    /// One decision per request.
    pub decisions: Vec<TailoringDecision>,
    /// One finding per refused request.
    pub drafts: Vec<Draft>,
    /// Requirements that a plain exclusion tried to remove: they are nonconforming.
    pub excluded: HashSet<String>,
    /// Processes that an exclusion says another party runs, with the exclusion's cause.
    pub operated_by_others: Vec<(OtherParty, String)>,
    /// Each refused exclusion's target with its cause key.
    pub causes: Vec<(String, String)>,
}

/// Who an exclusion's reason says runs the process, if it says so: "done by our parent
/// company's finance department", "outsourced to Acme Ltd", "由集团财务部负责".
pub fn party_in_reason(reason: &str) -> Option<(String, PartyType)> {
    // A leading space lets a marker match at the very start ("Outsourced to …").
    let reason = &format!(" {}", reason.trim());
    let lower = reason.to_lowercase();
    let by_markers = [
        " done by ",
        " run by ",
        " operated by ",
        " performed by ",
        " handled by ",
        " provided by ",
        " managed by ",
        " carried out by ",
        " outsourced to ",
        " delegated to ",
        " is with ",
    ];
    let name = if let Some((at, marker)) = by_markers
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)
    {
        // Byte offsets of the lower-cased text match the original for the ASCII markers
        // only when the text before them has the same length in both; use the original
        // where it does, the lower-cased text otherwise.
        let source = if reason.len() == lower.len() {
            reason
        } else {
            &lower
        };
        source[at + marker.len()..].to_string()
    } else if let Some(start) = reason.find('由') {
        let rest = &reason[start + '由'.len_utf8()..];
        let end = ["负责", "运行", "承担", "处理", "完成", "执行", "管理"]
            .iter()
            .filter_map(|v| rest.find(v))
            .min()?;
        rest[..end].to_string()
    } else if lower.contains("outsourc") || reason.contains("外包") {
        String::new()
    } else {
        return None;
    };
    let mut name = name
        .trim()
        .trim_end_matches(['.', ',', ';', '。', '，', '；'])
        .to_string();
    for article in ["our ", "the ", "a ", "an ", "its "] {
        if name.to_lowercase().starts_with(article) {
            name = name[article.len()..].to_string();
        }
    }
    let kind_of = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let party_type = if kind_of(&[
        "supplier",
        "vendor",
        "outsourc",
        "contractor",
        "third party",
        "third-party",
        "供方",
        "供应商",
        "外包",
    ]) {
        PartyType::Supplier
    } else if kind_of(&["customer", "client", "客户"]) {
        PartyType::Customer
    } else {
        PartyType::InternalGroup
    };
    if name.is_empty() {
        name = "another party (not named)".into();
    }
    Some((name, party_type))
}

/// Judges every exclusion request.
pub fn evaluate(ctx: &Context) -> Tailoring {
    let catalogue = ctx.catalogue;
    let manifest = &ctx.evidence.manifest;
    let mut requests: Vec<Request> = manifest
        .exclusions
        .iter()
        .map(|e| {
            let target = e.target.trim().to_string();
            // Who runs it: the entry itself, a declared other party for the same process,
            // or the reason given.
            let targets = e.targets();
            let declared = manifest.other_parties.iter().find(|p| {
                let t = p.target.trim();
                targets
                    .iter()
                    .any(|x| clause_contains(t, x) || clause_contains(x, t))
            });
            let party = match (&e.party, declared, party_in_reason(&e.reason)) {
                (Some(name), _, guessed) => Some(OtherParty {
                    target: target.clone(),
                    party: name.clone(),
                    party_type: e
                        .party_type
                        .or(guessed.map(|g| g.1))
                        .unwrap_or(PartyType::InternalGroup),
                }),
                (None, Some(p), _) => Some(p.clone()),
                (None, None, Some((name, party_type))) => Some(OtherParty {
                    target: target.clone(),
                    party: name,
                    party_type: e.party_type.unwrap_or(party_type),
                }),
                (None, None, None) => None,
            };
            Request {
                targets: e.targets(),
                target,
                source: "assessment.toml".into(),
                source_zh: "assessment.toml".into(),
                reason: e.reason.clone(),
                party,
            }
        })
        .collect();
    for row in &ctx.evidence.register {
        if row.status.as_deref() == Some("not_applicable")
            || row.auditor_verdict.as_deref() == Some("not_applicable")
        {
            for id in &row.requirements {
                let reason = row.title.clone().unwrap_or_default();
                let party = party_in_reason(&reason).map(|(party, party_type)| OtherParty {
                    target: id.clone(),
                    party,
                    party_type,
                });
                requests.push(Request {
                    target: id.clone(),
                    targets: vec![id.clone()],
                    source: format!("{} row {}", row.register, row.row),
                    source_zh: format!("{}第{}行", row.register, row.row),
                    reason,
                    party,
                });
            }
        }
    }

    let mut out = Tailoring::default();
    let header = &catalogue.header;
    // The clauses nothing may be excluded from (4-9, 4-10) and the clause that governs what
    // other parties run, as the catalogue names them.
    let non_tailorable: Vec<&str> = header
        .non_tailorable_clauses
        .iter()
        .map(String::as_str)
        .collect();
    let no_exclusion_en = span(&non_tailorable, Lang::En);
    let no_exclusion_zh = span(&non_tailorable, Lang::Zh);
    let governed = super::governance::governing_clause(catalogue);
    let under = |en: bool| match (&governed, en) {
        (Some(c), true) => format!(" under {c}"),
        (Some(c), false) => format!("按{c}"),
        (None, _) => String::new(),
    };
    for req in requests {
        let affected: Vec<&str> = catalogue
            .requirements
            .iter()
            .filter(|r| {
                req.targets
                    .iter()
                    .any(|t| r.id == *t || clause_contains(t, &r.clause))
            })
            .map(|r| r.id.as_str())
            .collect();
        let protected = header.non_tailorable_clauses.iter().any(|c| {
            req.targets.iter().any(|t| clause_contains(c, t))
                || affected
                    .iter()
                    .any(|a| clause_contains(c, a.split('-').next().unwrap_or("")))
        });
        let Some(first) = affected.first() else {
            // The manifest's targets were checked when it was read; only a register row can
            // name something the catalogue does not have.
            out.decisions.push(TailoringDecision {
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
        let cause = format!("exclusion:{}", req.target);
        if out.causes.iter().any(|(_, c)| *c == cause) {
            continue;
        }
        // What the request names: its target's title, and what another edition's target was
        // read as.
        let title_of = |id: &str| {
            catalogue
                .clause(id)
                .map(|c| c.title.clone())
                .or_else(|| catalogue.requirement(id).map(|r| r.text.clone()))
        };
        let title = if req.targets == [req.target.clone()] {
            title_of(&req.target).unwrap_or_default()
        } else {
            // Carried across from the edition the manifest names.
            let edition = manifest.edition.as_deref().unwrap_or("");
            let written = catalogue
                .clause_title(edition, req.target.split('-').next().unwrap_or(""))
                .cloned()
                .unwrap_or_default();
            let framework = catalogue
                .framework(edition)
                .map(|f| f.title.clone())
                .unwrap_or_default();
            Text::new(
                format!(
                    "{} in {}; read as {}",
                    written.en,
                    framework.en,
                    req.targets.join(", ")
                ),
                format!(
                    "{}中的{}；对应{}",
                    framework.zh,
                    written.zh,
                    req.targets.join("、")
                ),
            )
        };
        let (kind_en, kind_zh) = match ctx.kind {
            AssessmentKind::Gap | AssessmentKind::Transition => ("a critical gap", "关键差距"),
            AssessmentKind::InternalAudit => ("a major nonconformity", "严重不符合"),
        };
        let (then_en, then_zh, decision) = match &req.party {
            Some(p) => (
                format!(" It is treated as a process operated by {} ({}): its requirements are assessed on the evidence present, and its governance{} is checked.", p.party, super::governance::party_type_en(p.party_type), under(true)),
                format!("该过程按由{}（{}）运行的过程处理：依据现有证据评价其要求，并检查其{}治理。", p.party, super::governance::party_type_zh(p.party_type), governed.as_deref().unwrap_or("")),
                Text::new(
                    format!("Rejected: nothing in clauses {no_exclusion_en} may be excluded (clause 1.2). Kept in scope as a process operated by {}, assessed on its evidence and governed{}.", p.party, under(true)),
                    format!("不予接受：第{no_exclusion_zh}章的任何要求均不得删减（第1.2条）。作为由{}运行的过程保留在范围内，依据其证据评价并{}治理。", p.party, under(false)),
                ),
            ),
            None => (
                format!(" The {} requirement(s) affected stay in scope and are recorded as not met.", affected.len()),
                format!("受影响的{}项要求仍在范围内，记为未满足。", affected.len()),
                Text::new(
                    format!("Rejected: nothing in clauses {no_exclusion_en} may be excluded (clause 1.2)."),
                    format!("不予接受：第{no_exclusion_zh}章的任何要求均不得删减（第1.2条）。"),
                ),
            ),
        };
        let (governance_en, governance_zh) = match &governed {
            Some(c) => (format!(" ({c})"), format!("（{c}）")),
            None => (String::new(), String::new()),
        };
        let mut d = Draft::new(
            &findings::EXCLUSION_NOT_PERMITTED,
            first,
            super::subject::exclusion(&req.target),
            Text::new(
                format!(
                    "Exclusion of {} ({}) was requested ({}: \"{}\"), but clause 1.2 allows no exclusion from clauses {no_exclusion_en}. Recorded as {kind_en}.{then_en}",
                    req.target, title.en, req.source, req.reason
                ),
                format!(
                    "申请删减{}（{}）（{}：“{}”），但依据第1.2条，第{no_exclusion_zh}章的任何要求均不得删减。记为{kind_zh}。{then_zh}",
                    req.target, title.zh, req.source_zh, req.reason
                ),
            ),
            Text::new(
                format!("Withdraw the exclusion. Meet the requirements, or have another party operate the process under your governance{governance_en}; narrow the scope by services or locations instead."),
                format!("撤回删减申请。满足相关要求，或在贵组织治理下由其他方运行该过程{governance_zh}；如需缩小范围，应按服务或地点界定。"),
            ),
        )
        .caused_by(cause.clone());
        match req.party {
            // One operated process per target it came to (an id of another edition may map to
            // several), all of the one cause.
            Some(p) if p.target == req.target && req.targets != [req.target.clone()] => {
                out.operated_by_others.extend(req.targets.iter().map(|t| {
                    let p = OtherParty {
                        target: t.clone(),
                        ..p.clone()
                    };
                    (p, cause.clone())
                }))
            }
            Some(p) => out.operated_by_others.push((p, cause.clone())),
            None => {
                d.also = affected.iter().skip(1).map(|s| s.to_string()).collect();
                out.excluded.extend(affected.iter().map(|s| s.to_string()));
            }
        }
        out.decisions.push(TailoringDecision {
            target: req.target.clone(),
            requested: req.source,
            reason: req.reason,
            decision,
            // The cause until the findings are numbered; the engine puts the finding id here.
            finding: Some(cause.clone()),
        });
        out.causes.push((req.target, cause));
        out.drafts.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_that_name_another_party_are_read_as_such() {
        assert_eq!(
            party_in_reason(
                "Budgeting and accounting are done by our parent company's finance department"
            ),
            Some((
                "parent company's finance department".into(),
                PartyType::InternalGroup
            ))
        );
        assert_eq!(
            party_in_reason("Outsourced to Acme Problem Services Ltd."),
            Some(("Acme Problem Services Ltd".into(), PartyType::Supplier))
        );
        assert_eq!(
            party_in_reason("预算和核算由集团财务部负责"),
            Some(("集团财务部".into(), PartyType::InternalGroup))
        );
        assert_eq!(
            party_in_reason("Capacity is managed by the customer's own IT"),
            Some(("customer's own IT".into(), PartyType::Customer))
        );
        assert_eq!(party_in_reason("We do not budget for services"), None);
        assert_eq!(party_in_reason("Not applicable to us"), None);
    }
}
