//! The checker: evaluates every requirement of the catalogue against the evidence, grades
//! findings the way certification bodies do, and scores conformity up to a verdict.
//!
//! Each rule kind lives in its own module with its parameters, its finding codes and its
//! evaluation. The engine here only dispatches, combines and scores.

pub mod document;
pub mod governance;
pub mod interval;
pub mod records;
pub mod register;
pub mod sampling;
pub mod tailoring;

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;

use crate::assessment::*;
use crate::catalogue::{Catalogue, EvidenceRule, Requirement, RuleKind};
use crate::evidence::date::Timestamp;
use crate::evidence::manifest::AssessmentKind;
use crate::evidence::table::RecordTable;
use crate::evidence::{EvidenceIndex, RecordSetInfo};
use crate::i18n::Text;

/// Every finding code raised outside the record checks (those carry their own `REC-…`
/// codes in [`records::CHECKS`]). Codes are stable: reports, filters and clients rely on them.
pub const FINDING_CODES: &[&str] = &[
    "register_self_partial",
    "register_self_nonconforming",
    "register_evidence_missing",
    "register_document_uncontrolled",
    "document_missing",
    "document_not_approved",
    "document_review_overdue",
    "document_topics_missing",
    "document_unversioned",
    "interval_none",
    "interval_gap",
    "interval_undeclared",
    "exclusion_not_permitted",
    "governance_missing",
    "supplier_management_missing",
    "internal_agreement_missing",
    "clause4_not_delegable",
    "escalated_minors",
];

/// Grading thresholds (from the catalogue's scoring defaults and the manifest's `[grading]`).
#[derive(Debug, Clone)]
pub struct Grading {
    /// This many minors against one requirement propose a major.
    pub minors_for_major: u32,
    /// A record check failing on at least this share of the population is a broad failure
    /// (major); fewer failures are isolated lapses (minor).
    pub broad_failure_share: f64,
}

/// What every rule can see.
pub struct Context<'a> {
    /// The catalogue.
    pub catalogue: &'a Catalogue,
    /// The evidence.
    pub evidence: &'a EvidenceIndex,
    /// Gap analysis or internal audit.
    pub kind: AssessmentKind,
    /// The date the assessment speaks for.
    pub assessment_date: Option<Timestamp>,
    /// First and last day of the period.
    pub period: Option<(Timestamp, Timestamp)>,
    /// Grading thresholds.
    pub grading: Grading,
    /// `matrix[impact - 1][urgency - 1]` = expected priority.
    pub priority_matrix: Vec<Vec<u8>>,
}

impl<'a> Context<'a> {
    /// Whether `t` falls in the period (always true without a period).
    pub fn in_period(&self, t: Option<Timestamp>) -> bool {
        match (self.period, t) {
            (Some((start, end)), Some(t)) => t >= start && t < Timestamp(end.0 + 86_400),
            _ => true,
        }
    }

    /// The record sets of a kind, with their tables.
    pub fn sets(&self, kind: &str) -> Vec<(&'a RecordSetInfo, &'a RecordTable)> {
        self.evidence.tables_of(kind).collect()
    }
}

/// A finding before it is numbered.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Stable code.
    pub code: String,
    /// Grade.
    pub grade: Grade,
    /// Requirement it is raised against.
    pub requirement: String,
    /// Other requirements it also bears on.
    pub also: Vec<String>,
    /// What was found.
    pub statement: Text,
    /// What to do.
    pub recommendation: Text,
    /// Evidence.
    pub evidence: Vec<EvidenceRef>,
    /// Sample.
    pub sample: Option<SampleRef>,
    /// Findings with the same key are one finding shared by several requirements.
    pub dedup: Option<String>,
}

impl Draft {
    /// A finding with no evidence reference yet.
    pub fn new(
        code: &str,
        grade: Grade,
        requirement: &str,
        statement: Text,
        recommendation: Text,
    ) -> Draft {
        Draft {
            code: code.to_string(),
            grade,
            requirement: requirement.to_string(),
            also: Vec::new(),
            statement,
            recommendation,
            evidence: Vec::new(),
            sample: None,
            dedup: None,
        }
    }
}

/// What one rule concluded about one requirement.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Status.
    pub status: Status,
    /// Findings.
    pub drafts: Vec<Draft>,
    /// Why the rule could not decide, when it could not.
    pub notes: Vec<Text>,
}

impl Outcome {
    /// A decided outcome.
    pub fn status(status: Status) -> Outcome {
        Outcome {
            status,
            drafts: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An undecided outcome, with the reason.
    pub fn not_assessed(note: Text) -> Outcome {
        Outcome {
            status: Status::NotAssessed,
            drafts: Vec::new(),
            notes: vec![note],
        }
    }

    /// Adds a finding, worsening the status to at least `status`.
    pub fn with(mut self, draft: Draft, status: Status) -> Outcome {
        if status.severity() > self.status.severity() {
            self.status = status;
        }
        self.drafts.push(draft);
        self
    }
}

/// Evidence reference for records `indices` of a record set (capped at 100 rows).
pub fn records_ref(info: &RecordSetInfo, table: &RecordTable, indices: &[usize]) -> EvidenceRef {
    const CAP: usize = 100;
    EvidenceRef {
        path: info.path.clone(),
        sha256: info.sha256.clone(),
        sheet: info.sheet.clone(),
        rows: indices.iter().take(CAP).map(|&i| table.rows[i]).collect(),
        record_ids: indices
            .iter()
            .take(CAP)
            .map(|&i| table.record_id(i))
            .collect(),
    }
}

/// Evidence reference to a whole file.
pub fn file_ref(path: &str, sha256: &str) -> EvidenceRef {
    EvidenceRef {
        path: path.to_string(),
        sha256: sha256.to_string(),
        sheet: None,
        rows: Vec::new(),
        record_ids: Vec::new(),
    }
}

/// Parses a rule's parameters into its kind's configuration.
pub fn params<T: DeserializeOwned>(rule: &EvidenceRule) -> Result<T, String> {
    toml::Value::Table(rule.params.clone())
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// Checks a rule's parameters without evaluating it (used by catalogue validation).
pub fn rule_params_error(rule: &EvidenceRule) -> Option<String> {
    let result = match rule.kind {
        RuleKind::Register => params::<register::Params>(rule).map(|_| ()),
        RuleKind::Document => params::<document::Params>(rule).and_then(|p| p.check()),
        RuleKind::Records => params::<records::Params>(rule).and_then(|p| p.check()),
        RuleKind::Interval => params::<interval::Params>(rule).and_then(|p| p.check()),
        RuleKind::Tailoring | RuleKind::Governance => params::<toml::Table>(rule).map(|_| ()),
    };
    result.err()
}

fn evaluate_rule(
    rule: &EvidenceRule,
    req: &Requirement,
    ctx: &Context,
    governance: &governance::Result,
) -> Outcome {
    let invalid = |e: String| {
        Outcome::not_assessed(Text::new(
            format!("rule `{:?}` has invalid parameters: {e}", rule.kind),
            format!("规则 `{:?}` 的参数无效：{e}", rule.kind),
        ))
    };
    match rule.kind {
        RuleKind::Register => match params(rule) {
            Ok(p) => register::evaluate(&p, req, ctx),
            Err(e) => invalid(e),
        },
        RuleKind::Document => match params(rule) {
            Ok(p) => document::evaluate(&p, req, ctx),
            Err(e) => invalid(e),
        },
        RuleKind::Records => match params(rule) {
            Ok(p) => records::evaluate(&p, req, ctx),
            Err(e) => invalid(e),
        },
        RuleKind::Interval => match params(rule) {
            Ok(p) => interval::evaluate(&p, req, ctx),
            Err(e) => invalid(e),
        },
        RuleKind::Governance => governance.outcome_for(req),
        RuleKind::Tailoring => Outcome::status(Status::NotAssessed),
    }
}

/// Options that are not in the evidence.
#[derive(Debug, Clone, Default)]
pub struct AssessOptions {
    /// Overrides the manifest's kind.
    pub kind: Option<AssessmentKind>,
}

/// Every rule's outcome for every requirement, in catalogue order. Requirements are
/// independent, so they are shared out between the cores (a million-record set makes a few
/// of them heavy); the order of the result does not depend on who did what.
fn evaluate_requirements(
    requirements: &[Requirement],
    ctx: &Context<'_>,
    governance: &governance::Result,
) -> Vec<Vec<Outcome>> {
    let evaluate = |req: &Requirement| {
        let mut outcomes: Vec<Outcome> = req
            .evidence
            .iter()
            .map(|rule| evaluate_rule(rule, req, ctx, governance))
            .collect();
        if !req.evidence.iter().any(|r| r.kind == RuleKind::Register) {
            outcomes.push(register::evaluate(&register::Params::default(), req, ctx));
        }
        outcomes
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(requirements.len());
    if workers <= 1 {
        return requirements.iter().map(evaluate).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Vec<Outcome>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(req) = requirements.get(i) else {
                            break done;
                        };
                        done.push((i, evaluate(req)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a requirement's evaluation panicked"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, outcomes)| outcomes).collect()
}

/// Assesses the evidence against every requirement of the catalogue.
pub fn assess(
    catalogue: &Catalogue,
    evidence: &EvidenceIndex,
    options: &AssessOptions,
) -> Assessment {
    let manifest = &evidence.manifest;
    let kind = options.kind.or(manifest.kind).unwrap_or_default();
    let ctx = Context {
        catalogue,
        evidence,
        kind,
        assessment_date: evidence.assessment_timestamp(),
        period: manifest.period.as_ref().map(|p| (p.start.0, p.end.0)),
        grading: Grading {
            minors_for_major: manifest
                .grading
                .minors_for_major
                .unwrap_or(catalogue.header.scoring.minors_for_major),
            broad_failure_share: manifest.grading.broad_failure_share.unwrap_or(0.2),
        },
        priority_matrix: manifest
            .priority_matrix
            .clone()
            .unwrap_or_else(|| vec![vec![1, 2, 3], vec![2, 3, 4], vec![3, 4, 5]]),
    };

    let mut drafts: Vec<Draft> = Vec::new();
    let (tailoring, tailoring_drafts, excluded) = tailoring::evaluate(&ctx);
    drafts.extend(tailoring_drafts);
    let governance = governance::evaluate(&ctx);
    drafts.extend(governance.drafts.iter().cloned());

    let all_outcomes = evaluate_requirements(&catalogue.requirements, &ctx, &governance);
    let mut statuses: Vec<(Status, Vec<Text>)> = Vec::with_capacity(catalogue.requirements.len());
    for (req, outcomes) in catalogue.requirements.iter().zip(all_outcomes) {
        let mut status = Status::NotAssessed;
        let mut notes = Vec::new();
        for o in outcomes {
            if o.status.severity() > status.severity() {
                status = o.status;
            }
            drafts.extend(o.drafts);
            notes.extend(o.notes);
        }
        if excluded.contains(&req.id) {
            status = Status::Nonconforming;
        }
        if status != Status::NotAssessed {
            notes.clear();
        }
        statuses.push((status, notes));
    }

    // Several minors against one requirement point at a systemic failure.
    let mut minors: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &drafts {
        if d.grade == Grade::Minor {
            *minors.entry(d.requirement.as_str()).or_default() += 1;
        }
    }
    let threshold = ctx.grading.minors_for_major.max(2) as usize;
    let escalations: Vec<Draft> = minors
        .into_iter()
        .filter(|(_, n)| *n >= threshold)
        .map(|(req, n)| {
            Draft::new(
                "escalated_minors",
                Grade::Major,
                req,
                Text::new(
                    format!("{n} minor nonconformities against {req} together indicate that the requirement is not met systematically."),
                    format!("针对{req}的{n}项轻微不符合合在一起表明该要求未得到系统性满足。"),
                ),
                Text::new(
                    "Treat the related minors as one systemic problem: find the common cause and correct the process, not the single records.",
                    "将相关轻微不符合作为一个系统性问题处理：查找共同原因并纠正过程，而非仅纠正个别记录。",
                ),
            )
        })
        .collect();
    drafts.extend(escalations);

    let findings = number_findings(catalogue, drafts);
    build_assessment(&ctx, statuses, findings, tailoring)
}

/// Merges shared findings, orders them (grade, then catalogue order) and numbers them.
fn number_findings(catalogue: &Catalogue, drafts: Vec<Draft>) -> Vec<(Finding, Vec<String>)> {
    let order: HashMap<&str, usize> = catalogue
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut merged: Vec<Draft> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for d in drafts {
        if let Some(key) = &d.dedup {
            if let Some(&i) = by_key.get(key) {
                let target = &mut merged[i];
                if target.requirement != d.requirement && !target.also.contains(&d.requirement) {
                    target.also.push(d.requirement.clone());
                }
                continue;
            }
            by_key.insert(key.clone(), merged.len());
        }
        merged.push(d);
    }
    merged.sort_by(|a, b| {
        let pos = |d: &Draft| {
            order
                .get(d.requirement.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        };
        (a.grade, pos(a), &a.code, &a.statement.en).cmp(&(
            b.grade,
            pos(b),
            &b.code,
            &b.statement.en,
        ))
    });
    merged
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let clause = catalogue
                .requirement(&d.requirement)
                .map(|r| r.clause.clone())
                .unwrap_or_default();
            let mut requirements = vec![d.requirement.clone()];
            requirements.extend(d.also.iter().cloned());
            (
                Finding {
                    id: format!("F-{:03}", i + 1),
                    code: d.code,
                    grade: d.grade,
                    requirement: d.requirement,
                    clause,
                    statement: d.statement,
                    recommendation: d.recommendation,
                    evidence: d.evidence,
                    sample: d.sample,
                },
                requirements,
            )
        })
        .collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn build_assessment(
    ctx: &Context,
    statuses: Vec<(Status, Vec<Text>)>,
    findings: Vec<(Finding, Vec<String>)>,
    tailoring: Vec<TailoringDecision>,
) -> Assessment {
    let catalogue = ctx.catalogue;
    let scoring = &catalogue.header.scoring;
    let gap = ctx.kind == AssessmentKind::Gap;
    let mut finding_ids: HashMap<&str, Vec<String>> = HashMap::new();
    for (f, reqs) in &findings {
        for r in reqs {
            finding_ids
                .entry(r.as_str())
                .or_default()
                .push(f.id.clone());
        }
    }
    // The register's auditor verdicts override the automatic status; both are kept.
    let mut auditor: HashMap<&str, (Status, Option<String>)> = HashMap::new();
    for row in &ctx.evidence.register {
        let Some(verdict) = row.auditor_verdict.as_deref().and_then(register::status_of) else {
            continue;
        };
        for id in &row.requirements {
            let entry = auditor
                .entry(id.as_str())
                .or_insert((verdict, row.auditor_note.clone()));
            if verdict.severity() > entry.0.severity() {
                *entry = (verdict, row.auditor_note.clone());
            }
        }
    }
    let points = |s: Status| -> Option<f64> {
        match s {
            Status::Conforming => Some(scoring.conforming as f64),
            Status::Partial => Some(scoring.partial as f64),
            Status::Nonconforming => Some(scoring.nonconforming as f64),
            Status::NotAssessed if gap && scoring.not_assessed_counts_as_gap => Some(0.0),
            Status::NotAssessed => None,
        }
    };
    let requirements: Vec<RequirementResult> = catalogue
        .requirements
        .iter()
        .zip(statuses)
        .map(|(req, (auto, notes))| {
            let (auditor_status, auditor_note) = match auditor.get(req.id.as_str()) {
                Some((s, n)) => (Some(*s), n.clone()),
                None => (None, None),
            };
            let status = auditor_status.unwrap_or(auto);
            RequirementResult {
                id: req.id.clone(),
                clause: req.clause.clone(),
                status,
                auto_status: auto,
                auditor_status,
                auditor_note,
                score: points(status),
                weight: req.weight,
                findings: finding_ids.remove(req.id.as_str()).unwrap_or_default(),
                notes,
            }
        })
        .collect();

    let weighted =
        |reqs: &mut dyn Iterator<Item = &RequirementResult>| -> (Option<f64>, StatusCounts) {
            let mut counts = StatusCounts::default();
            let (mut sum, mut weight) = (0.0, 0.0);
            for r in reqs {
                counts.add(r.status);
                if let Some(s) = r.score {
                    sum += s * r.weight as f64;
                    weight += r.weight as f64;
                }
            }
            ((weight > 0.0).then(|| round1(sum / weight)), counts)
        };
    let clauses = catalogue
        .clauses
        .iter()
        .map(|c| {
            let (score, status_counts) = weighted(
                &mut requirements
                    .iter()
                    .filter(|r| crate::catalogue::clause_contains(&c.id, &r.clause)),
            );
            ClauseResult {
                id: c.id.clone(),
                parent: c.parent.clone(),
                title: c.title.clone(),
                score,
                status_counts,
            }
        })
        .collect();
    let (overall, requirement_counts) = weighted(&mut requirements.iter());
    let mut counts = GradeCounts::default();
    for (f, _) in &findings {
        match f.grade {
            Grade::Major => counts.major += 1,
            Grade::Minor => counts.minor += 1,
            Grade::Observation => counts.observation += 1,
            Grade::Ofi => counts.ofi += 1,
        }
    }
    let verdict = if counts.major > 0 || !tailoring.is_empty() {
        Verdict::NotReady
    } else if counts.minor > 0 {
        Verdict::ReadyWithMinor
    } else {
        Verdict::Ready
    };
    let manifest = &ctx.evidence.manifest;
    Assessment {
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        catalogue: CatalogueRef {
            id: catalogue.header.id.clone(),
            version: catalogue.header.version.clone(),
            sha256: catalogue.sha256.clone(),
            title: catalogue.header.title.clone(),
        },
        organisation: ctx.evidence.organisation.clone(),
        kind: ctx.kind,
        assessment_date: ctx.evidence.assessment_date.clone(),
        period: PeriodRef {
            start: manifest.period.as_ref().map(|p| p.start.0.date_string()),
            end: manifest.period.as_ref().map(|p| p.end.0.date_string()),
        },
        scope: manifest.scope.clone(),
        team: manifest.team.clone(),
        summary: Summary {
            score: overall.unwrap_or(0.0),
            verdict,
            counts,
            requirements: requirement_counts,
        },
        clauses,
        requirements,
        findings: findings.into_iter().map(|(f, _)| f).collect(),
        tailoring,
        evidence: serde_json::to_value(ctx.evidence).unwrap_or(serde_json::Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn finding_codes_are_unique_and_every_raised_code_is_listed() {
        let mut all: HashSet<&str> = HashSet::new();
        for c in FINDING_CODES
            .iter()
            .copied()
            .chain(records::CHECKS.iter().map(|c| c.code))
        {
            assert!(all.insert(c), "duplicate code {c}");
        }
        let sources = [
            include_str!("mod.rs"),
            include_str!("register.rs"),
            include_str!("document.rs"),
            include_str!("interval.rs"),
            include_str!("tailoring.rs"),
            include_str!("governance.rs"),
        ];
        let mut raised = 0;
        for src in sources {
            for (i, _) in src.match_indices("Draft::new(") {
                if src[..i].ends_with('"') {
                    continue;
                }
                let rest = src[i..].trim_start_matches("Draft::new(").trim_start();
                if let Some(rest) = rest.strip_prefix('"') {
                    let code = &rest[..rest.find('"').unwrap()];
                    assert!(
                        FINDING_CODES.contains(&code),
                        "`{code}` is raised but not listed"
                    );
                    raised += 1;
                }
            }
        }
        assert!(raised >= FINDING_CODES.len() - 2, "{raised}");
    }
}
