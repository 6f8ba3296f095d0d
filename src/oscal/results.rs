//! An assessment as OSCAL `assessment-results`.
//!
//! One `result` covers the whole assessment: its `start` and `end` are the period assessed (or
//! the assessment date when no period was declared), its `reviewed-controls` select every
//! control of the catalog that has requirements, with the requirements as statement ids.
//! Each requirement result is a `finding` whose target is the requirement's part in the
//! catalog (`statement-id` `req-4.1.1-01`). OSCAL knows only `satisfied` and `not-satisfied`:
//!
//! | iso20k status (basis)                    | `state`         | `reason` |
//! |------------------------------------------|-----------------|----------|
//! | conforming (verified, or the auditor's)  | `satisfied`     | `pass`   |
//! | conforming on the provider's claim alone | `not-satisfied` | `other`  |
//! | partial, nonconforming                   | `not-satisfied` | `fail`   |
//! | not assessed                             | `not-satisfied` | `other`  |
//!
//! The iso20k status, basis and score stay in props (`status`, `basis`, `score`), and the
//! status's remarks say why a requirement that was not failed is still not satisfied.
//! Each iso20k finding is an `observation` carrying its evidence, and each nonconformity a
//! `risk` linked from the findings of the requirements it affects.
//!
//! OSCAL requires `import-ap`, a reference to the assessment plan. iso20k has no separate
//! plan: the plan is the catalogue applied to the scope, period and team of the workspace's
//! `assessment.toml`. `import-ap` therefore points (`#uuid`) at a back-matter resource that
//! describes exactly that.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assessment_common::{
    AssociatedRisk, Finding, FindingTarget, ObjectiveStatus, Observation, RelatedObservation, Risk,
};
use super::catalog::catalog_uuid;
use super::common::{one_line, BackMatter, Metadata, Party, Props, Resource};
use super::dates::day;
use super::ids::{self, UuidScope};
use super::names::{basis_phrase, grade_phrase, status_phrase};
use super::observations::{observation, observation_uuid, EvidenceFiles};
use super::risks::{risk, risk_uuid};
use super::UNDATED;
use crate::assessment::{self as iso, Assessment, Basis, Grade, RequirementResult, Status};
use crate::catalogue::Catalogue;
use crate::domain::engagement::AssessmentKind;

/// An OSCAL assessment-results file: `{"assessment-results": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentResultsDocument {
    /// The assessment results.
    #[serde(rename = "assessment-results")]
    pub assessment_results: AssessmentResults,
}

/// OSCAL `assessment-results`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResults {
    /// Stable UUID, derived from the assessment's identity.
    pub uuid: String,
    /// Title, dates, tool, catalogue, organisation and team.
    pub metadata: Metadata,
    /// The assessment plan: a back-matter resource (see the module docs).
    pub import_ap: ImportAp,
    /// The one result of the assessment.
    pub results: Vec<AssessmentResult>,
    /// The assessment plan and the evidence files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_matter: Option<BackMatter>,
}

/// The reference to the assessment plan (`import-ap`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportAp {
    /// `#uuid` of the back-matter resource describing the plan.
    pub href: String,
    /// What the plan is.
    pub remarks: String,
}

/// One assessment's results (`result`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResult {
    /// Stable UUID.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// Verdict, score and counts in words.
    pub description: String,
    /// First moment of the period assessed (or of the assessment date).
    pub start: String,
    /// Last moment of the period assessed (or of the assessment date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Verdict, score, counts, assessment date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<super::Property>,
    /// The controls and requirements assessed.
    pub reviewed_controls: ReviewedControls,
    /// One per iso20k finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// One per nonconformity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// One per requirement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// How dates and statuses were mapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// The controls assessed (`reviewed-controls`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReviewedControls {
    /// What was assessed, in words.
    pub description: String,
    /// The selection.
    pub control_selections: Vec<ControlSelection>,
}

/// A selection of controls (`control-selection` with `include-controls`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlSelection {
    /// Every control assessed.
    pub include_controls: Vec<SelectControlById>,
}

/// One control and the requirements of it that were assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SelectControlById {
    /// `clause-4.1.1`.
    pub control_id: String,
    /// `req-4.1.1-01`, …
    pub statement_ids: Vec<String>,
}

/// The UUID scope of one assessment: organisation, kind, dates and catalogue name it, so a
/// rerun gives the same UUIDs and another assessment different ones.
pub(super) fn assessment_scope(a: &Assessment) -> UuidScope {
    UuidScope::ROOT.scope(&format!(
        "assessment:{}|{}|{}|{}|{}|{}",
        a.organisation,
        kind_name(a.kind),
        a.assessment_date.as_deref().unwrap_or(""),
        a.period.start.as_deref().unwrap_or(""),
        a.period.end.as_deref().unwrap_or(""),
        a.catalogue.id,
    ))
}

/// When the assessment speaks for: the assessment date, else the end of the period, else the
/// start, else [`UNDATED`]. Used for `last-modified` and each observation's `collected`.
pub(super) fn as_of(a: &Assessment) -> String {
    if let Some(d) = day(a.assessment_date.as_deref()) {
        return d.start();
    }
    if let Some(d) = day(a.period.end.as_deref()) {
        return d.end();
    }
    day(a.period.start.as_deref()).map_or_else(|| UNDATED.to_string(), |d| d.start())
}

/// The metadata both assessment documents share: dates, tool, catalogue, parties.
pub(super) fn assessment_metadata(a: &Assessment, title: &str) -> Metadata {
    let scope = assessment_scope(a);
    let version = a.assessment_date.as_deref().unwrap_or("undated");
    let mut metadata = Metadata::new(title, as_of(a), version);
    metadata.props = Props::new()
        .ours("tool", &a.tool.name)
        .ours("tool-version", &a.tool.version)
        .ours("assessment-kind", kind_name(a.kind))
        .ours_opt("assessment-date", a.assessment_date.as_ref())
        .ours("catalogue-id", &a.catalogue.id)
        .ours("catalogue-version", &a.catalogue.version)
        .ours("catalogue-sha256", &a.catalogue.sha256)
        .ours("catalog-uuid", catalog_uuid(&a.catalogue.id))
        .ours("grading-profile", &a.grading.id)
        .build();
    metadata.parties = std::iter::once(Party::organisation(&scope, &a.organisation))
        .chain(
            a.team
                .iter()
                .map(|m| Party::person(&scope, &m.name, &m.role)),
        )
        .collect();
    metadata
}

/// The assessment as OSCAL assessment results. Pure: the same assessment and catalogue always
/// give the same document, with timestamps only from the assessment's own dates.
pub fn assessment_results(a: &Assessment, cat: &Catalogue) -> AssessmentResultsDocument {
    let scope = assessment_scope(a);
    let collected = as_of(a);
    let files = EvidenceFiles::collect(&scope, &a.findings);
    let by_id: BTreeMap<&str, &iso::Finding> =
        a.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let plan = plan_resource(a, &scope);
    let import_ap = ImportAp {
        href: format!("#{}", plan.uuid),
        remarks: "iso20k keeps no separate assessment plan: the plan is the catalogue (every \
                  requirement with its evidence rules) applied to the scope, period and team \
                  declared in the workspace's assessment.toml. This points at the back-matter \
                  resource that describes it."
            .to_string(),
    };
    let result = AssessmentResult {
        uuid: scope.uuid("result"),
        title: format!(
            "{} of {} against {}",
            kind_title(a.kind),
            one_line(&a.organisation),
            one_line(&a.catalogue.title.en)
        ),
        description: result_description(a),
        start: result_start(a),
        end: result_end(a),
        props: result_props(a),
        reviewed_controls: reviewed_controls(a, cat),
        observations: a
            .findings
            .iter()
            .map(|f| observation(&scope, f, &files, &collected))
            .collect(),
        risks: a
            .findings
            .iter()
            .filter(|f| f.grade.is_nonconformity())
            .map(|f| risk(&scope, f))
            .collect(),
        findings: a
            .requirements
            .iter()
            .map(|r| requirement_finding(&scope, cat, r, &by_id))
            .collect(),
        remarks: Some(
            "`start` and `end` are the period assessed; the `assessment-date` prop is the date \
             the assessment speaks for. Requirement statuses, bases and scores are iso20k's, in \
             props; see each finding's status remarks where a requirement that was not failed is \
             still not satisfied."
                .to_string(),
        ),
    };
    let mut resources = vec![plan];
    resources.extend(files.into_resources());
    AssessmentResultsDocument {
        assessment_results: AssessmentResults {
            uuid: scope.uuid("assessment-results"),
            metadata: assessment_metadata(
                a,
                &format!(
                    "{}: {} of {}",
                    one_line(&a.catalogue.title.en),
                    kind_title(a.kind).to_lowercase(),
                    one_line(&a.organisation)
                ),
            ),
            import_ap,
            results: vec![result],
            back_matter: BackMatter::of(resources),
        },
    }
}

fn kind_name(kind: AssessmentKind) -> &'static str {
    match kind {
        AssessmentKind::Gap => "gap",
        AssessmentKind::InternalAudit => "internal-audit",
        AssessmentKind::Transition => "transition",
    }
}

fn kind_title(kind: AssessmentKind) -> &'static str {
    match kind {
        AssessmentKind::Gap => "Gap analysis",
        AssessmentKind::InternalAudit => "Internal audit",
        AssessmentKind::Transition => "Transition gap analysis",
    }
}

fn result_start(a: &Assessment) -> String {
    day(a.period.start.as_deref())
        .or_else(|| day(a.assessment_date.as_deref()))
        .map_or_else(|| UNDATED.to_string(), |d| d.start())
}

fn result_end(a: &Assessment) -> Option<String> {
    match day(a.period.start.as_deref()) {
        Some(_) => day(a.period.end.as_deref()).map(|d| d.end()),
        None => day(a.assessment_date.as_deref()).map(|d| d.end()),
    }
}

fn verdict_name(verdict: iso::Verdict) -> &'static str {
    match verdict {
        iso::Verdict::Ready => "ready",
        iso::Verdict::ReadyWithMinor => "ready_with_minor",
        iso::Verdict::NotReady => "not_ready",
        iso::Verdict::NotConcluded => "not_concluded",
    }
}

fn verdict_phrase(
    verdict: iso::Verdict,
    kind: crate::domain::engagement::AssessmentKind,
) -> &'static str {
    let audit = kind == crate::domain::engagement::AssessmentKind::InternalAudit;
    match verdict {
        iso::Verdict::Ready if audit => "conforming to the audit criteria",
        iso::Verdict::ReadyWithMinor if audit => {
            "conforming to the audit criteria, except for the minor nonconformities"
        }
        iso::Verdict::NotReady if audit => "not conforming to the audit criteria",
        iso::Verdict::Ready => "ready for certification",
        iso::Verdict::ReadyWithMinor => "ready once the minor nonconformities are corrected",
        iso::Verdict::NotReady => "not ready for certification",
        iso::Verdict::NotConcluded => {
            "not concluded: some requirements had nothing examined at all"
        }
    }
}

fn result_description(a: &Assessment) -> String {
    let s = &a.summary;
    let mut text = format!(
        "Verdict: {}{}. Score {:.1} of 100 on what was verified or judged by the auditor",
        verdict_phrase(s.verdict, a.kind),
        if s.provisional { " (provisional)" } else { "" },
        s.score
    );
    if let Some(claims) = s.score_if_claims_hold {
        text.push_str(&format!(
            " ({claims:.1} if every claim of the provider held)"
        ));
    }
    text.push('.');
    let counts: Vec<String> = Grade::ALL
        .iter()
        .filter(|g| s.counts.get(**g) > 0)
        .map(|g| format!("{} × {}", s.counts.get(*g), grade_phrase(*g)))
        .collect();
    if !counts.is_empty() {
        text.push_str(&format!(" Findings: {}.", counts.join(", ")));
    }
    if !a.scope.statement.trim().is_empty() {
        text.push_str(&format!("\n\nScope: {}", a.scope.statement.trim()));
    }
    text
}

fn result_props(a: &Assessment) -> Vec<super::Property> {
    let s = &a.summary;
    let mut props = Props::new()
        .ours("verdict", verdict_name(s.verdict))
        .flag("provisional", s.provisional)
        .ours("score", format!("{:.1}", s.score))
        .ours_opt(
            "score-if-claims-hold",
            s.score_if_claims_hold.map(|v| format!("{v:.1}")),
        )
        .ours("unseen-requirements", s.unseen.to_string())
        .ours_opt("assessment-date", a.assessment_date.as_ref());
    for grade in Grade::ALL {
        props = props.ours_in("count", grade.name(), s.counts.get(grade).to_string());
    }
    props.build()
}

fn reviewed_controls(a: &Assessment, cat: &Catalogue) -> ReviewedControls {
    let mut controls: Vec<SelectControlById> = Vec::new();
    for r in &a.requirements {
        let statement = ids::requirement_id(&r.id);
        let control_id = ids::clause_id(&r.clause);
        match controls.last_mut() {
            Some(last) if last.control_id == control_id => last.statement_ids.push(statement),
            _ => controls.push(SelectControlById {
                control_id,
                statement_ids: vec![statement],
            }),
        }
    }
    ReviewedControls {
        description: format!(
            "Every requirement of the iso20k catalogue {} {} ({}), one finding each.",
            cat.header.id,
            cat.header.version,
            one_line(&cat.header.title.en)
        ),
        control_selections: vec![ControlSelection {
            include_controls: controls,
        }],
    }
}

/// A requirement's status as OSCAL's state and reason, with remarks where a requirement that
/// was not failed is still not satisfied.
fn objective_status(r: &RequirementResult) -> ObjectiveStatus {
    let (state, reason, remarks) = match (r.status, r.basis) {
        (Status::Conforming, Basis::SelfDeclared) => (
            "not-satisfied",
            "other",
            Some(
                "Conforming only by the provider's own claim in its evidence register: no rule \
                 verified it and no auditor judged it, so it is not reported as satisfied \
                 (iso20k scores it as not assessed).",
            ),
        ),
        (Status::Conforming, _) => ("satisfied", "pass", None),
        (Status::Partial | Status::Nonconforming, _) => ("not-satisfied", "fail", None),
        (Status::NotAssessed, _) => (
            "not-satisfied",
            "other",
            Some(
                "Not assessed: no evidence could decide this requirement. OSCAL has no \
                 not-assessed state, and a requirement nobody could examine is not satisfied.",
            ),
        ),
    };
    ObjectiveStatus {
        state: state.to_string(),
        reason: reason.to_string(),
        remarks: remarks.map(str::to_string),
    }
}

fn requirement_finding(
    scope: &UuidScope,
    cat: &Catalogue,
    r: &RequirementResult,
    findings: &BTreeMap<&str, &iso::Finding>,
) -> Finding {
    let against: Vec<&iso::Finding> = r
        .findings
        .iter()
        .filter_map(|id| findings.get(id.as_str()).copied())
        .collect();
    let props = Props::new()
        .ours("status", r.status.name())
        .ours("basis", r.basis.name())
        .ours("auto-status", r.auto_status.name())
        .ours_opt("auditor-status", r.auditor_status.map(Status::name))
        .ours_opt("claimed-status", r.claimed_status.map(Status::name))
        .ours_opt("score", r.score.map(|s| format!("{s:.1}")))
        .ours("weight", r.weight.to_string())
        .ours("clause", &r.clause)
        .ours_each("finding-id", against.iter().map(|f| f.id.as_str()))
        .build();
    Finding {
        uuid: scope.uuid(&format!("finding:{}", r.id)),
        title: format!("Requirement {} is {}", r.id, status_phrase(r.status)),
        description: requirement_description(cat, r, &against),
        props,
        target: FindingTarget {
            target_type: "statement-id".to_string(),
            target_id: ids::requirement_id(&r.id),
            status: objective_status(r),
        },
        related_observations: against
            .iter()
            .map(|f| RelatedObservation {
                observation_uuid: observation_uuid(scope, f),
            })
            .collect(),
        related_risks: against
            .iter()
            .filter(|f| f.grade.is_nonconformity())
            .map(|f| AssociatedRisk {
                risk_uuid: risk_uuid(scope, f),
            })
            .collect(),
        remarks: r
            .auditor_note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| format!("Auditor's note: {}", n.trim())),
    }
}

fn requirement_description(
    cat: &Catalogue,
    r: &RequirementResult,
    against: &[&iso::Finding],
) -> String {
    let mut text = String::new();
    if let Some(req) = cat.requirement(&r.id) {
        text.push_str(&format!("{}\n\n", req.text.en.trim()));
    }
    text.push_str(&format!(
        "Status: {} ({}).",
        status_phrase(r.status),
        basis_phrase(r.basis)
    ));
    if let Some(score) = r.score {
        text.push_str(&format!(" Score {score:.1} of 100, weight {}.", r.weight));
    }
    let notes: Vec<&str> = r
        .notes
        .iter()
        .map(|n| n.en.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if !notes.is_empty() {
        text.push_str("\n\nNotes:\n");
        for note in notes {
            text.push_str(&format!("\n- {note}"));
        }
    }
    if !against.is_empty() {
        text.push_str("\n\nFindings:\n");
        for f in against {
            text.push_str(&format!(
                "\n- {} {} (`{}`): {}",
                f.id,
                grade_phrase(f.grade),
                f.code,
                one_line(&f.statement.en)
            ));
        }
    }
    text
}

/// The back-matter resource `import-ap` points at: the catalogue applied to the declared
/// scope, period and team.
fn plan_resource(a: &Assessment, scope: &UuidScope) -> Resource {
    let mut description = format!(
        "The iso20k catalogue {} {} ({}) applied to the scope, period and team declared in \
         the workspace's assessment.toml; graded with the `{}` grading profile.",
        a.catalogue.id,
        a.catalogue.version,
        one_line(&a.catalogue.title.en),
        a.grading.id
    );
    if !a.scope.statement.trim().is_empty() {
        description.push_str(&format!("\n\nScope: {}", a.scope.statement.trim()));
    }
    if let (Some(start), Some(end)) = (&a.period.start, &a.period.end) {
        description.push_str(&format!("\n\nPeriod: {start} to {end}."));
    }
    if !a.team.is_empty() {
        let team: Vec<String> = a
            .team
            .iter()
            .map(|m| match m.role.trim() {
                "" => m.name.clone(),
                role => format!("{} ({role})", m.name),
            })
            .collect();
        description.push_str(&format!("\n\nTeam: {}.", team.join(", ")));
    }
    Resource {
        uuid: scope.uuid("assessment-plan"),
        title: Some(format!(
            "Assessment plan: {} for {}",
            one_line(&a.catalogue.title.en),
            one_line(&a.organisation)
        )),
        description: Some(description),
        props: Props::new()
            .ours("catalogue-id", &a.catalogue.id)
            .ours("catalogue-version", &a.catalogue.version)
            .ours("catalogue-sha256", &a.catalogue.sha256)
            .ours("catalog-uuid", catalog_uuid(&a.catalogue.id))
            .ours_opt("period-start", a.period.start.as_ref())
            .ours_opt("period-end", a.period.end.as_ref())
            .ours_each("service", &a.scope.services)
            .ours_each("location", &a.scope.locations)
            .build(),
        rlinks: Vec::new(),
        remarks: None,
    }
}
