//! The checker: evaluates every requirement of the catalogue against the evidence, grades
//! findings with the grading profile, and scores conformity up to a verdict.
//!
//! Each kind of rule lives in its own module with its parameters, their validation and its
//! evaluation, behind one trait ([`rule::Kind`]) and listed in one registry
//! ([`rules::KINDS`]); every finding names its entry in the [`findings`] registry (record
//! checks, their row of [`records::CHECKS`]). The engine here dispatches through the
//! registry, says on what each status rests (its basis), merges findings that share a cause,
//! escalates related minors, and scores.

pub mod document;
pub mod findings;
pub mod follow_up;
pub mod governance;
pub mod grade;
pub mod independence;
pub mod interval;
pub mod programme;
pub mod records;
pub mod register;
pub mod rule;
pub mod rules;
pub mod sampling;
pub mod subject;
pub mod tailoring;
pub mod waivers;
pub mod worksheet;

pub use rule::{file_ref, records_ref, unread_list, Context, Draft, Outcome};

use std::collections::{BTreeMap, HashMap};

use crate::assessment::*;
use crate::catalogue::{clause_contains, Catalogue, EvidenceRule, Requirement};
use crate::domain::engagement::{AssessmentKind, EvidenceSupplied};
use crate::evidence::EvidenceIndex;
use crate::grading::GradingProfile;
use crate::i18n::Text;
use rule::{Prior, Registry};

/// Judges `req` by `rule`, through the rule's kind in the registry.
fn evaluate_rule(rule: &EvidenceRule, req: &Requirement, ctx: &Context, prior: &Prior) -> Outcome {
    match ctx.rules.kind(&rule.kind) {
        Some(kind) => kind.evaluate(rule, req, ctx, prior),
        // A loaded catalogue names only registered kinds; this only guards the impossible.
        None => Outcome::not_assessed(Text::new(
            format!("no kind of rule is called `{}`", rule.kind.name()),
            format!("没有名为`{}`的规则类型", rule.kind.name()),
        )),
    }
}

/// Options that are not in the evidence.
#[derive(Debug, Clone, Default)]
pub struct AssessOptions {
    /// Overrides the manifest's kind.
    pub kind: Option<AssessmentKind>,
    /// The previous assessment to follow up (`assess --previous`).
    pub previous: Option<follow_up::Previous>,
}

/// Every rule's outcome for every requirement, in catalogue order. Requirements are
/// independent, so they are shared out between the cores (a million-record set makes a few
/// of them heavy); the order of the result does not depend on who did what.
fn evaluate_requirements(
    requirements: &[Requirement],
    ctx: &Context<'_>,
    prior: &Prior,
) -> Vec<Vec<Outcome>> {
    let evaluate = |req: &Requirement| {
        let mut outcomes: Vec<Outcome> = req
            .evidence
            .iter()
            .map(|rule| evaluate_rule(rule, req, ctx, prior))
            .collect();
        // Kinds that judge every requirement (the register) do so where none is wired.
        for kind in ctx.rules.kinds() {
            if !req.evidence.iter().any(|r| r.kind.name() == kind.name()) {
                outcomes.extend(kind.implicit_outcome(req, ctx, prior));
            }
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

/// What the rules concluded about one requirement, before the auditor's verdict.
struct Judged {
    status: Status,
    basis: Basis,
    notes: Vec<Text>,
    records_passed: usize,
}

/// Combines a requirement's outcomes: the worst status counts, and it rests on objective
/// evidence when any rule that reached it examined some.
fn combine(outcomes: &[Outcome]) -> Judged {
    let worst = outcomes
        .iter()
        .map(|o| o.status)
        .max_by_key(|s| s.severity())
        .unwrap_or(Status::NotAssessed);
    let basis = if worst == Status::NotAssessed {
        Basis::NotAssessed
    } else if outcomes
        .iter()
        .any(|o| o.status == worst && o.basis == Basis::Verified)
    {
        Basis::Verified
    } else {
        Basis::SelfDeclared
    };
    // Why a rule could not decide is said wherever nothing examined decided the status:
    // also when only the provider's claim did (a cited file that could not be read, a check
    // whose column is missing).
    // And where a status rests on some rules while others could not run, what those others
    // did not examine is said too: a verified "conforming" covers only what was examined.
    let notes = if worst == Status::NotAssessed {
        outcomes.iter().flat_map(|o| o.notes.clone()).collect()
    } else {
        outcomes
            .iter()
            .filter(|o| o.status == Status::NotAssessed && o.basis != Basis::SelfDeclared)
            .flat_map(|o| o.notes.clone())
            .collect()
    };
    Judged {
        status: worst,
        basis,
        notes,
        records_passed: outcomes.iter().map(|o| o.records_passed).sum(),
    }
}

/// Assesses the evidence against every requirement of the catalogue.
pub fn assess(
    catalogue: &Catalogue,
    evidence: &EvidenceIndex,
    options: &AssessOptions,
) -> Assessment {
    assess_with_rules(catalogue, evidence, options, rules::KINDS)
}

/// Assesses the evidence against every requirement of the catalogue, with the catalogue's
/// rules evaluated by the kinds in `rules` (the tool's own are [`rules::KINDS`]).
pub fn assess_with_rules(
    catalogue: &Catalogue,
    evidence: &EvidenceIndex,
    options: &AssessOptions,
    rules: Registry<'_>,
) -> Assessment {
    let manifest = &evidence.manifest;
    let kind = options.kind.or(manifest.kind).unwrap_or_default();
    let ctx = Context {
        catalogue,
        evidence,
        kind,
        assessment_date: evidence.assessment_timestamp(),
        period: manifest.period.as_ref().map(|p| (p.start.0, p.end.0)),
        // The manifest was validated when it was read; a profile that does not resolve
        // cannot reach here, and the default is the safe reading if it ever did.
        grading: manifest.grading.resolve().unwrap_or_default(),
        priority_matrix: manifest
            .priority_matrix
            .clone()
            .unwrap_or_else(|| vec![vec![1, 2, 3], vec![2, 3, 4], vec![3, 4, 5]]),
        rules,
        supplied: manifest
            .evidence
            .unwrap_or_else(|| EvidenceSupplied::default_for(kind)),
    };

    let mut drafts: Vec<Draft> = Vec::new();
    let tailoring = tailoring::evaluate(&ctx);
    drafts.extend(tailoring.drafts.iter().cloned());
    let governance = governance::evaluate(&ctx, &tailoring.operated_by_others);
    drafts.extend(governance.drafts.iter().cloned());
    let independence = independence::evaluate(&ctx);
    drafts.extend(independence.drafts.iter().cloned());
    drafts.extend(worksheet::drafts(evidence));

    let prior = Prior {
        governance: &governance,
    };
    let all_outcomes = evaluate_requirements(&catalogue.requirements, &ctx, &prior);
    let mut judged: Vec<Judged> = Vec::with_capacity(catalogue.requirements.len());
    let mut absences: Vec<Draft> = Vec::new();
    for (req, outcomes) in catalogue.requirements.iter().zip(all_outcomes) {
        let mut j = combine(&outcomes);
        for o in outcomes {
            drafts.extend(o.drafts);
            absences.extend(o.not_supplied);
        }
        if tailoring.excluded.contains(&req.id) {
            j.status = Status::Nonconforming;
            j.basis = Basis::Verified;
            j.notes.clear();
        }
        judged.push(j);
    }
    // Several activities of one process without any record are one finding for the process;
    // a register's own admission and a rule's finding on one requirement are one fact.
    interval::group_absences(catalogue, &mut drafts);
    interval::group_absences(catalogue, &mut absences);
    let not_supplied = not_supplied(absences);
    same_fact(&mut drafts);
    // The absence of what an exclusion tried to remove has the exclusion as its cause (and so
    // does every other finding of that absence, e.g. the same missing document elsewhere).
    let absence = [
        findings::DOCUMENT_MISSING.code,
        findings::INTERVAL_NONE.code,
    ];
    let mut recaused: HashMap<String, String> = HashMap::new();
    for d in drafts.iter_mut().filter(|d| absence.contains(&d.code)) {
        if let Some((_, cause)) = tailoring
            .causes
            .iter()
            .find(|(target, _)| covers(catalogue, target, &d.requirement))
        {
            if let Some(old) = d.cause.replace(cause.clone()) {
                recaused.insert(old, cause.clone());
            }
        }
    }
    for d in &mut drafts {
        if let Some(new) = d.cause.as_ref().and_then(|c| recaused.get(c)) {
            d.cause = Some(new.clone());
        }
    }
    let mut merged = merge_causes(drafts);
    if let Some(previous) = &options.previous {
        // A corrective action past due fails the follow-up requirements: their status says so.
        let failed = follow_up::judge(&ctx, previous, &mut merged);
        for (req, j) in catalogue.requirements.iter().zip(judged.iter_mut()) {
            if failed.contains(&req.id) {
                j.status = follow_up::worsened(j.status);
                j.basis = Basis::Verified;
                j.notes.clear();
            }
        }
    }
    // The auditor signs: their verdicts withdraw or regrade the automatic findings before
    // anything is escalated or counted.
    let verdicts = worksheet::verdicts(evidence);
    worksheet::overrule(&mut merged, &verdicts);
    let (merged, escalations) = escalate(catalogue, &ctx.grading, merged);
    let (findings, by_cause) = number_findings(catalogue, merged, escalations);
    let mut decisions = tailoring.decisions;
    for decision in &mut decisions {
        decision.finding = decision
            .finding
            .take()
            .and_then(|cause| by_cause.get(&cause).cloned());
    }
    let mut findings = findings;
    waivers::apply(&ctx, &mut findings);
    let previous = options
        .previous
        .as_ref()
        .map(|p| follow_up::annotate(&ctx, p, &mut findings));
    let mut assessment =
        build_assessment(&ctx, judged, findings, decisions, independence, &verdicts);
    assessment.previous = previous;
    assessment.not_supplied = not_supplied;
    assessment
}

/// The absences of a partial submission, one per thing to request: those of one cause (the
/// activities of one process) are one.
fn not_supplied(absences: Vec<Draft>) -> Vec<NotSupplied> {
    merge_causes(absences)
        .into_iter()
        .map(|(d, _)| NotSupplied {
            code: d.code.to_string(),
            subject: d.subject,
            requirements: std::iter::once(d.requirement).chain(d.also).collect(),
            statement: d.statement,
        })
        .collect()
}

/// Whether exclusion `target` (a clause or requirement) covers requirement `id`.
fn covers(catalogue: &Catalogue, target: &str, id: &str) -> bool {
    id == target
        || catalogue
            .requirement(id)
            .is_some_and(|r| clause_contains(target, &r.clause))
}

/// The register findings that state a fact a rule can find too: the provider's own "partly
/// met" or "not met", a claim whose file is missing, a cited document out of control.
const REGISTER_FACTS: [&str; 4] = [
    findings::REGISTER_SELF_PARTIAL.code,
    findings::REGISTER_SELF_NONCONFORMING.code,
    findings::REGISTER_EVIDENCE_MISSING.code,
    findings::REGISTER_DOCUMENT_UNCONTROLLED.code,
];

/// One fact, one finding: a register finding on a requirement that a rule also found wanting
/// (the register says internal audit slipped, the interval rule finds none in the period) is
/// reported inside the rule's finding, which cites both. The rule's finding leads: it rests
/// on evidence examined; the register's admission joins it.
fn same_fact(drafts: &mut Vec<Draft>) {
    let is_register = |d: &Draft| REGISTER_FACTS.contains(&d.code);
    let mut fresh = 0;
    for i in 0..drafts.len() {
        if !is_register(&drafts[i]) {
            continue;
        }
        let requirement = drafts[i].requirement.clone();
        let Some(j) = drafts.iter().position(|d| {
            !is_register(d)
                && d.code != findings::AUDITOR_FINDING.code
                && d.grade != Grade::GoodPractice
                && (d.requirement == requirement || d.also.contains(&requirement))
        }) else {
            continue;
        };
        let cause = match drafts[j].cause.clone() {
            Some(c) => c,
            None => {
                fresh += 1;
                let c = format!("same_fact:{requirement}:{fresh}");
                drafts[j].cause = Some(c.clone());
                c
            }
        };
        drafts[i].cause = Some(cause);
    }
    // The rule's finding leads the merge: register findings go after every other draft.
    let (register, mut rest): (Vec<Draft>, Vec<Draft>) = std::mem::take(drafts)
        .into_iter()
        .partition(|d| is_register(d) && d.cause.is_some());
    rest.extend(register);
    *drafts = rest;
}

/// Merges drafts that share a cause into one: the first is the primary, its grade becomes
/// the most serious of the group, and the others' requirements, evidence and (when they say
/// something else) statements join it.
fn merge_causes(drafts: Vec<Draft>) -> Vec<(Draft, Vec<FindingDetail>)> {
    let mut merged: Vec<(Draft, Vec<FindingDetail>)> = Vec::new();
    let mut by_cause: HashMap<String, usize> = HashMap::new();
    for d in drafts {
        let Some(cause) = d.cause.clone() else {
            merged.push((d, Vec::new()));
            continue;
        };
        let Some(&i) = by_cause.get(&cause) else {
            by_cause.insert(cause, merged.len());
            merged.push((d, Vec::new()));
            continue;
        };
        let (target, details) = &mut merged[i];
        for r in std::iter::once(&d.requirement).chain(&d.also) {
            if *r != target.requirement && !target.also.contains(r) {
                target.also.push(r.clone());
            }
        }
        for e in d.evidence {
            if !target.evidence.contains(&e) {
                target.evidence.push(e);
            }
        }
        if d.grade < target.grade {
            target.grade = d.grade;
            target.rationale = d.rationale.clone();
        }
        let repeats = d.code == target.code && d.statement == target.statement;
        if !repeats && !details.iter().any(|x| x.statement == d.statement) {
            details.push(FindingDetail {
                code: d.code.to_string(),
                requirement: d.requirement.clone(),
                statement: d.statement,
            });
        }
    }
    merged
}

/// An escalation: the major and the positions (in the merged list) of the minors it holds.
struct Escalation {
    draft: Draft,
    minors: Vec<usize>,
}

/// What kind of deviation a finding records, for escalation: record deviations, document
/// gaps and the other checks' findings never add up with one another.
fn nature(code: &str) -> findings::Domain {
    if code.starts_with("REC-") {
        findings::Domain::Records
    } else {
        findings::kind(code).map_or(findings::Domain::Auditor, |k| k.domain)
    }
}

/// What the minors of one nature have in common, as the escalated finding names it (en, zh).
fn common_cause(nature: findings::Domain) -> (&'static str, &'static str) {
    match nature {
        findings::Domain::Records => (
            "records that deviate from it in the process's own operation",
            "过程运行中偏离该要求的记录",
        ),
        findings::Domain::Document => ("documents that do not meet it", "不满足该要求的文件"),
        findings::Domain::Interval => (
            "activities not carried out as it requires",
            "未按该要求开展的活动",
        ),
        _ => ("findings of one kind against it", "针对该要求的同类发现"),
    }
}

/// Related minors — against the same requirement and of the same nature (record deviations,
/// document gaps, …) — as many as the profile's escalation count, become one major that
/// contains them: one obligation failed that often shows its control is not working
/// (ISO/IEC 17021-1 3.12). Unrelated minors in one subclause stay minors.
fn escalate(
    catalogue: &Catalogue,
    profile: &GradingProfile,
    merged: Vec<(Draft, Vec<FindingDetail>)>,
) -> (Vec<(Draft, Vec<FindingDetail>)>, Vec<Escalation>) {
    if profile.escalate_minors < 2 {
        return (merged, Vec::new());
    }
    let mut related: BTreeMap<(String, findings::Domain), Vec<usize>> = BTreeMap::new();
    for (i, (d, _)) in merged.iter().enumerate() {
        // What the auditor withdrew or graded is the auditor's, not the rules', to roll up.
        if d.grade == Grade::Minor
            && d.overrule.is_none()
            && catalogue.requirement(&d.requirement).is_some()
        {
            related
                .entry((d.requirement.clone(), nature(d.code)))
                .or_default()
                .push(i);
        }
    }
    let mut escalations = Vec::new();
    for ((requirement, nature), minors) in related {
        if minors.len() < profile.escalate_minors {
            continue;
        }
        let n = minors.len();
        let (cause_en, cause_zh) = common_cause(nature);
        let mut codes: Vec<&str> = Vec::new();
        for &i in &minors {
            if !codes.contains(&merged[i].0.code) {
                codes.push(merged[i].0.code);
            }
        }
        let mut draft = Draft::new(
            &findings::ESCALATED_MINORS,
            &requirement,
            subject::requirement(&requirement),
            Text::new(
                format!("{n} minor nonconformities against {requirement}, each one of {cause_en}, together show that its control is not working ({})."
                    , codes.join(", ")),
                format!("针对{requirement}的{n}项轻微不符合，均为{cause_zh}，合在一起表明其控制未发挥作用（{}）。", codes.join("、")),
            ),
            findings::ESCALATED_MINORS.default_recommendation(),
        )
        .graded(
            Grade::Major,
            Text::new(
                format!("{n} minors against the same requirement and of the same nature ({}), at or above the escalation count of {}: related, so one systemic failure; the minors are listed inside this finding and counted once, here", nature.name(), profile.escalate_minors),
                format!("同一要求的{n}项同类轻微不符合（{}），达到评级规则规定的升级数（{}项）：彼此相关，构成一项系统性失效；这些轻微不符合列于本发现内，仅在此计数一次", nature_zh(nature), profile.escalate_minors),
            ),
        );
        // The major cites the evidence of the minors it contains.
        for &i in &minors {
            for e in &merged[i].0.evidence {
                if !draft.evidence.contains(e) {
                    draft.evidence.push(e.clone());
                }
            }
        }
        escalations.push(Escalation { draft, minors });
    }
    (merged, escalations)
}

/// The nature's name in a Chinese sentence.
fn nature_zh(nature: findings::Domain) -> &'static str {
    match nature {
        findings::Domain::Records => "记录偏离",
        findings::Domain::Document => "文件缺陷",
        findings::Domain::Interval => "活动未按期开展",
        _ => "同类发现",
    }
}

fn requirement_order(catalogue: &Catalogue) -> HashMap<&str, usize> {
    catalogue
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect()
}

/// A finding on its way to a number: the escalation it belongs to, or the one it is.
struct Row {
    draft: Draft,
    details: Vec<FindingDetail>,
    member_of: Option<usize>,
    escalation: Option<usize>,
}

/// Orders findings (grade, then catalogue order) and numbers them; escalated majors and
/// their minors point at each other by id. Also returns the id of each cause's finding.
fn number_findings(
    catalogue: &Catalogue,
    merged: Vec<(Draft, Vec<FindingDetail>)>,
    escalations: Vec<Escalation>,
) -> (Vec<Finding>, HashMap<String, String>) {
    let order = requirement_order(catalogue);
    let mut rows: Vec<Row> = merged
        .into_iter()
        .map(|(draft, details)| Row {
            draft,
            details,
            member_of: None,
            escalation: None,
        })
        .collect();
    for (e, esc) in escalations.iter().enumerate() {
        for &i in &esc.minors {
            rows[i].member_of = Some(e);
        }
    }
    for (e, esc) in escalations.into_iter().enumerate() {
        rows.push(Row {
            draft: esc.draft,
            details: Vec::new(),
            member_of: None,
            escalation: Some(e),
        });
    }
    let key = |d: &Draft| {
        let pos = order
            .get(d.requirement.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        // An overruled finding goes after those that count; within a grade, catalogue order,
        // then what the finding is and what it is about, which the same evidence always
        // gives the same way.
        let withdrawn = d.overrule.is_some();
        (
            withdrawn,
            d.grade,
            pos,
            d.code,
            d.subject.clone(),
            d.statement.en.clone(),
        )
    };
    rows.sort_by_cached_key(|r| key(&r.draft));
    let id = |i: usize| format!("F-{:03}", i + 1);
    let escalation_ids: HashMap<usize, String> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.escalation.map(|e| (e, id(i))))
        .collect();
    let mut members: HashMap<usize, Vec<String>> = HashMap::new();
    let mut by_cause: HashMap<String, String> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(e) = r.member_of {
            members.entry(e).or_default().push(id(i));
        }
        if let Some(c) = &r.draft.cause {
            by_cause.insert(c.clone(), id(i));
        }
    }
    let findings = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let Row {
                draft: d,
                details,
                member_of,
                escalation,
            } = row;
            let clause = catalogue
                .requirement(&d.requirement)
                .map(|r| r.clause.clone())
                .unwrap_or_default();
            let mut also = d.also.clone();
            also.sort_by_key(|r| order.get(r.as_str()).copied().unwrap_or(usize::MAX));
            let mut requirements = vec![d.requirement.clone()];
            requirements.extend(also);
            Finding {
                id: id(i),
                code: d.code.to_string(),
                grade: d.grade,
                grading_rationale: d.rationale,
                requirement: d.requirement,
                requirements,
                clause,
                subject: d.subject,
                statement: d.statement,
                details,
                recommendation: d.recommendation,
                evidence: d.evidence,
                sample: d.sample,
                includes: escalation
                    .and_then(|e| members.get(&e).cloned())
                    .unwrap_or_default(),
                escalated_into: member_of.and_then(|e| escalation_ids.get(&e).cloned()),
                waiver: None,
                follow_up: None,
                overruled: d.overrule,
            }
        })
        .collect();
    (findings, by_cause)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Good practice: a leaf subclause whose every requirement was verified conforming, whose
/// record checks tested at least the profile's count of records, and against which nothing
/// was found.
fn good_practices(
    ctx: &Context,
    requirements: &[RequirementResult],
    passed: &HashMap<&str, usize>,
) -> Vec<Draft> {
    let profile = &ctx.grading;
    if profile.good_practice_records == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for clause in ctx
        .catalogue
        .clauses
        .iter()
        .filter(|c| ctx.catalogue.is_leaf(&c.id))
    {
        let reqs: Vec<&RequirementResult> = requirements
            .iter()
            .filter(|r| r.clause == clause.id)
            .collect();
        let clean = !reqs.is_empty()
            && reqs.iter().all(|r| {
                r.status == Status::Conforming
                    && matches!(r.basis, Basis::Verified | Basis::Auditor)
                    && r.findings.is_empty()
            });
        let records: usize = reqs
            .iter()
            .map(|r| passed.get(r.id.as_str()).copied().unwrap_or(0))
            .sum();
        if !clean || records < profile.good_practice_records {
            continue;
        }
        let n = reqs.len();
        out.push(
            Draft::new(
                &findings::GOOD_PRACTICE_VERIFIED_CLAUSE,
                &reqs[0].id,
                subject::clause(&clause.id),
                Text::new(
                    format!("Every one of the {n} requirements of {} {} was verified conforming from objective evidence; its record checks tested {records} records without a single exception.", clause.id, clause.title.en),
                    format!("{} {}的全部{n}项要求均依据客观证据验证为符合；其记录检查共测试{records}条记录，无一例外。", clause.id, clause.title.zh),
                ),
                findings::GOOD_PRACTICE_VERIFIED_CLAUSE.default_recommendation(),
            )
            .graded(
                Grade::GoodPractice,
                Text::new(
                    format!("all {n} requirements verified conforming and {records} records tested, at least the {} records the profile asks for; never scored", profile.good_practice_records),
                    format!("全部{n}项要求经验证符合，测试{records}条记录，达到评级规则要求的{}条；不计分", profile.good_practice_records),
                ),
            ),
        );
    }
    out
}

fn build_assessment(
    ctx: &Context,
    judged: Vec<Judged>,
    mut findings: Vec<Finding>,
    tailoring: Vec<TailoringDecision>,
    independence: independence::Result,
    verdicts: &HashMap<String, worksheet::Verdict>,
) -> Assessment {
    let catalogue = ctx.catalogue;
    let scoring = &catalogue.header.scoring;
    let gap = ctx.kind.is_readiness();
    let audit = ctx.kind == AssessmentKind::InternalAudit;
    // The auditor's verdicts (worksheet, else the register's auditor column) override the
    // automatic status; both are kept.
    let auditor: HashMap<&str, (Status, Option<String>)> = verdicts
        .iter()
        .map(|(id, v)| (id.as_str(), (v.status, v.note.clone())))
        .collect();
    let mut claimed: HashMap<&str, Status> = HashMap::new();
    for row in &ctx.evidence.register {
        let own = row.status.as_deref().and_then(register::status_of);
        for id in &row.requirements {
            if let Some(s) = own {
                let e = claimed.entry(id.as_str()).or_insert(s);
                if s.severity() > e.severity() {
                    *e = s;
                }
            }
        }
    }
    let points = |s: Status| -> Option<f64> {
        match s {
            Status::Conforming => Some(scoring.conforming as f64),
            Status::Partial => Some(scoring.partial as f64),
            Status::Nonconforming => Some(scoring.nonconforming as f64),
            // What nobody examined is no gap found: it stays out of the score unless the
            // catalogue says otherwise, alike in every kind of assessment.
            Status::NotAssessed if scoring.not_assessed_counts_as_gap => Some(0.0),
            Status::NotAssessed => None,
        }
    };
    // A claim of conformity is not proof: the verified score reads it as not assessed.
    let verified_points = |s: Status, b: Basis| {
        if b == Basis::SelfDeclared && s == Status::Conforming {
            points(Status::NotAssessed)
        } else {
            points(s)
        }
    };
    let mut passed: HashMap<&str, usize> = HashMap::new();
    let mut claim_scores: Vec<Option<f64>> = Vec::with_capacity(judged.len());
    let mut requirements: Vec<RequirementResult> = Vec::with_capacity(judged.len());
    let mut finding_ids: HashMap<&str, Vec<String>> = HashMap::new();
    for f in &findings {
        for r in &f.requirements {
            finding_ids
                .entry(r.as_str())
                .or_default()
                .push(f.id.clone());
        }
    }
    // A requirement's status agrees with its findings: a major that counts makes it
    // nonconforming, a minor at least partial (an escalation or a merge can raise a finding
    // above what the rule that drafted it concluded).
    let mut by_findings: HashMap<&str, Status> = HashMap::new();
    for f in findings.iter().filter(|f| f.counts()) {
        let status = match f.grade {
            Grade::Major => Status::Nonconforming,
            Grade::Minor => Status::Partial,
            _ => continue,
        };
        for r in &f.requirements {
            let e = by_findings.entry(r.as_str()).or_insert(status);
            if status.severity() > e.severity() {
                *e = status;
            }
        }
    }
    for (req, j) in catalogue.requirements.iter().zip(judged) {
        passed.insert(req.id.as_str(), j.records_passed);
        let (auditor_status, auditor_note) = match auditor.get(req.id.as_str()) {
            Some((s, n)) => (Some(*s), n.clone()),
            None => (None, None),
        };
        let mut notes = j.notes;
        let (mut status, basis) = match auditor_status {
            // An auditor's "not assessed" records that they did not judge it: what the
            // evidence showed stands, and a requirement nobody saw keeps the verdict
            // provisional.
            Some(s) if s != Status::NotAssessed => (s, Basis::Auditor),
            _ => match by_findings.get(req.id.as_str()) {
                Some(&s) if s.severity() > j.status.severity() => (
                    s,
                    if j.basis == Basis::NotAssessed {
                        Basis::Verified
                    } else {
                        j.basis
                    },
                ),
                _ => (j.status, j.basis),
            },
        };
        claim_scores.push(points(status));
        if audit && basis == Basis::SelfDeclared && status == Status::Conforming {
            // In an internal audit a claim is where the auditor starts, never the result.
            status = Status::NotAssessed;
            let what = &req.typical_evidence;
            notes.push(Text::new(
                format!("Only the provider's claim in its evidence register supports this requirement; the auditor must examine the evidence itself ({}) and record a verdict.", what.en.trim_end_matches('.')),
                format!("仅有服务提供方在证据清单中的声明支持此要求；审核员须亲自检查证据（{}）并记录结论。", what.zh.trim_end_matches('。')),
            ));
        }
        requirements.push(RequirementResult {
            id: req.id.clone(),
            clause: req.clause.clone(),
            status,
            auto_status: j.status,
            auditor_status,
            auditor_note,
            basis,
            claimed_status: claimed.get(req.id.as_str()).copied(),
            score: verified_points(status, basis),
            weight: req.weight,
            findings: finding_ids.remove(req.id.as_str()).unwrap_or_default(),
            notes,
        });
    }

    // Good practice is recorded after the requirements are known, and never scored.
    let good = good_practices(ctx, &requirements, &passed);
    if !good.is_empty() {
        let next = findings.len();
        for (k, d) in good.into_iter().enumerate() {
            let clause = catalogue
                .requirement(&d.requirement)
                .map(|r| r.clause.clone())
                .unwrap_or_default();
            findings.push(Finding {
                id: format!("F-{:03}", next + k + 1),
                code: d.code.to_string(),
                grade: d.grade,
                grading_rationale: d.rationale,
                requirements: vec![d.requirement.clone()],
                requirement: d.requirement,
                clause,
                subject: d.subject,
                statement: d.statement,
                details: Vec::new(),
                recommendation: d.recommendation,
                evidence: d.evidence,
                sample: None,
                includes: Vec::new(),
                escalated_into: None,
                waiver: None,
                follow_up: None,
                overruled: None,
            });
        }
    }

    let weighted = |reqs: &mut dyn Iterator<Item = (&RequirementResult, Option<f64>)>| {
        let mut counts = StatusCounts::default();
        let (mut sum, mut weight) = (0.0, 0.0);
        for (r, score) in reqs {
            counts.add(r.status);
            if let Some(s) = score {
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
                    .filter(|r| clause_contains(&c.id, &r.clause))
                    .map(|r| (r, r.score)),
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
    let (overall, requirement_counts) = weighted(&mut requirements.iter().map(|r| (r, r.score)));
    let (if_claims_hold, _) =
        weighted(&mut requirements.iter().zip(&claim_scores).map(|(r, s)| (r, *s)));
    let mut counts = GradeCounts::default();
    for f in findings.iter().filter(|f| f.counts()) {
        counts.add(f.grade);
    }
    let mut basis = BasisCounts::default();
    for r in &requirements {
        basis.add(r.basis);
    }
    let unseen = basis.self_declared + basis.not_assessed;
    let verdict = if counts.major > 0 {
        Verdict::NotReady
    } else if basis.not_assessed > 0 {
        // Nothing examined, not even claimed, for some requirements: no conclusion can be
        // drawn on the system as a whole, whatever the rest shows.
        Verdict::NotConcluded
    } else if counts.minor > 0 {
        Verdict::ReadyWithMinor
    } else {
        Verdict::Ready
    };
    let independence = audit.then(|| Assessment::independence_with_ids(independence, &findings));
    let manifest = &ctx.evidence.manifest;
    Assessment {
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        schema_version: crate::assessment::SCHEMA_VERSION.to_string(),
        catalogue: CatalogueRef {
            id: catalogue.header.id.clone(),
            version: catalogue.header.version.clone(),
            edition: catalogue.header.edition.clone(),
            sha256: catalogue.sha256.clone(),
            title: catalogue.header.title.clone(),
            withdrawn: catalogue.header.withdrawn.as_ref().map(|w| {
                crate::assessment::EditionWithdrawn {
                    date: w.date.clone(),
                    note: w.note.clone(),
                }
            }),
        },
        organisation: ctx.evidence.organisation.clone(),
        kind: ctx.kind,
        evidence_supplied: ctx.supplied,
        assessment_date: ctx.evidence.assessment_date.clone(),
        period: PeriodRef {
            start: manifest.period.as_ref().map(|p| p.start.0.date_string()),
            end: manifest.period.as_ref().map(|p| p.end.0.date_string()),
        },
        scope: manifest.scope.clone(),
        team: manifest.team.clone(),
        audit: manifest.audit.clone(),
        summary: Summary {
            score: overall.unwrap_or(0.0),
            score_if_claims_hold: if gap { if_claims_hold } else { None },
            verdict,
            provisional: unseen > 0,
            unseen,
            scored: requirements.iter().filter(|r| r.score.is_some()).count(),
            counts,
            requirements: requirement_counts,
            basis,
        },
        grading: ctx.grading.clone(),
        independence,
        clauses,
        requirements,
        findings,
        tailoring,
        not_supplied: Vec::new(),
        previous: None,
        coverage: records::coverage(ctx.catalogue, ctx.evidence),
        evidence: serde_json::to_value(ctx.evidence).unwrap_or(serde_json::Value::Null),
    }
}

impl Assessment {
    /// The independence statement with the ids of the findings it raised.
    fn independence_with_ids(result: independence::Result, findings: &[Finding]) -> Independence {
        let conflicts = result
            .conflicts
            .into_iter()
            .map(|(member, clauses)| {
                let finding = findings
                    .iter()
                    .find(|f| {
                        f.code == findings::AUDIT_TEAM_NOT_INDEPENDENT.code
                            && f.statement.en.starts_with(&format!("{member} "))
                    })
                    .map(|f| f.id.clone());
                IndependenceConflict {
                    member,
                    clauses,
                    finding,
                }
            })
            .collect();
        Independence {
            declared: result.declared,
            conflicts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use findings::FindingKind;
    use std::collections::HashSet;

    #[test]
    fn finding_codes_are_unique_across_the_registry_and_the_record_checks() {
        let mut all: HashSet<&str> = HashSet::new();
        for c in findings::KINDS
            .iter()
            .map(|k| k.code)
            .chain(records::CHECKS.iter().map(|c| c.code))
        {
            assert!(all.insert(c), "duplicate code {c}");
        }
        for (code, _) in findings::RETIRED {
            assert!(!all.contains(code), "retired code {code} reused");
        }
        for k in findings::KINDS {
            for (en, zh) in [k.title, k.rationale, k.explanation, k.recommendation] {
                assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{}", k.code);
            }
        }
    }

    #[test]
    fn a_register_finding_and_any_rule_finding_on_one_requirement_are_one_finding() {
        // Every register code that states a fact, against every other kind a rule raises on a
        // requirement (record checks included): one merged finding, the rule's leading.
        let draft = |kind: &'static FindingKind, cause: Option<&str>| {
            let mut d = Draft::new(
                kind,
                "9.2-01",
                subject::record_set("x"),
                Text::new(kind.code, kind.code),
                kind.default_recommendation(),
            );
            d.cause = cause.map(String::from);
            d
        };
        let rule_kinds: Vec<&'static FindingKind> = findings::KINDS
            .iter()
            .copied()
            .filter(|k| {
                !REGISTER_FACTS.contains(&k.code)
                    && !matches!(
                        k.domain,
                        findings::Domain::Auditor
                            | findings::Domain::GoodPractice
                            | findings::Domain::Escalation
                    )
            })
            .collect();
        assert!(rule_kinds.len() >= 10);
        for register in REGISTER_FACTS {
            let register = findings::kind(register).unwrap();
            for rule in &rule_kinds {
                for cause in [None, Some("interval_none:internal_audit")] {
                    let mut drafts = vec![draft(register, None), draft(rule, cause)];
                    same_fact(&mut drafts);
                    let merged = merge_causes(drafts);
                    assert_eq!(merged.len(), 1, "{} and {}", register.code, rule.code);
                    assert_eq!(merged[0].0.code, rule.code, "the rule's finding leads");
                    assert_eq!(merged[0].1[0].code, register.code);
                }
            }
        }
        // On another requirement they stay apart.
        let mut other = draft(rule_kinds[0], None);
        other.requirement = "9.3-01".into();
        let mut drafts = vec![draft(&findings::REGISTER_SELF_PARTIAL, None), other];
        same_fact(&mut drafts);
        assert_eq!(merge_causes(drafts).len(), 2);
    }

    #[test]
    fn no_check_names_a_finding_code_by_string() {
        // Findings are raised by naming a registry entry (`&findings::DOCUMENT_MISSING`), so
        // a code written as a string literal in a `Draft::new` call is a mistake.
        for src in [
            include_str!("mod.rs"),
            include_str!("register.rs"),
            include_str!("document.rs"),
            include_str!("interval.rs"),
            include_str!("tailoring.rs"),
            include_str!("governance.rs"),
            include_str!("independence.rs"),
            include_str!("follow_up.rs"),
            include_str!("programme.rs"),
            include_str!("worksheet.rs"),
        ] {
            let needle = format!("{}(\"", "Draft::new");
            assert!(!src.contains(&needle), "a finding code written as a string");
        }
    }
}
