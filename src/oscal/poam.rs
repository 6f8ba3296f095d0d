//! An assessment's open nonconformities as an OSCAL `plan-of-action-and-milestones`.
//!
//! One `poam-item` per nonconformity that counts on its own (a minor escalated into a major
//! is planned inside the major's item, which relates its risk too). Each item relates the
//! observation and risk of its finding; the risk carries the assessor's recommended action as
//! a remediation of lifecycle `recommendation`. Risk and observation UUIDs are the ones the
//! assessment results use, so tools can follow an item back to its finding. The assessment
//! sets no deadlines, so the plan has no milestones: the provider adds its own.
//!
//! The system is the organisation's service management system: `system-id` is a UUID
//! (`https://ietf.org/rfc/rfc4122`) derived from the organisation's name alone, so every POA&M
//! for the same organisation names the same system.

use serde::Serialize;

use super::assessment_common::{AssociatedRisk, Observation, RelatedObservation, Risk};
use super::common::{one_line, BackMatter, Metadata, Property};
use super::ids::UuidScope;
use super::names::grade_phrase;
use super::observations::{finding_props, observation, observation_uuid, EvidenceFiles};
use super::results::{as_of, assessment_metadata, assessment_scope};
use super::risks::{risk, risk_uuid};
use crate::assessment::{Assessment, Finding};
use crate::catalogue::Catalogue;

/// An OSCAL POA&M file: `{"plan-of-action-and-milestones": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoamDocument {
    /// The plan.
    #[serde(rename = "plan-of-action-and-milestones")]
    pub plan: PlanOfActionAndMilestones,
}

/// OSCAL `plan-of-action-and-milestones`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlanOfActionAndMilestones {
    /// Stable UUID, derived from the assessment's identity.
    pub uuid: String,
    /// Title, dates, tool, catalogue, organisation and team.
    pub metadata: Metadata,
    /// The organisation's service management system.
    pub system_id: SystemId,
    /// The observations (findings with evidence) of the nonconformities.
    pub observations: Vec<Observation>,
    /// The nonconformities, with recommended actions.
    pub risks: Vec<Risk>,
    /// One per nonconformity that counts on its own.
    pub poam_items: Vec<PoamItem>,
    /// The evidence files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_matter: Option<BackMatter>,
}

/// The system the plan is for (`system-id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SystemId {
    /// `https://ietf.org/rfc/rfc4122`: the id is a UUID.
    pub identifier_type: String,
    /// The UUID of the organisation's service management system.
    pub id: String,
}

/// One open nonconformity to correct (`poam-item`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PoamItem {
    /// Stable UUID (`poam-item:<finding id>`).
    pub uuid: String,
    /// Title.
    pub title: String,
    /// What was found and what to do.
    pub description: String,
    /// Finding id, grade, code, clause, requirements, Chinese text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The finding's observation (and those of minors escalated into it).
    pub related_observations: Vec<RelatedObservation>,
    /// The finding's risk (and those of minors escalated into it).
    pub related_risks: Vec<AssociatedRisk>,
}

/// The open nonconformities of an assessment as an OSCAL POA&M; `None` when there are none
/// (OSCAL requires at least one item). Pure, like [`super::assessment_results`].
pub fn plan_of_action_and_milestones(a: &Assessment, cat: &Catalogue) -> Option<PoamDocument> {
    let nonconformities: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.grade.is_nonconformity())
        .collect();
    let items: Vec<PoamItem> = nonconformities
        .iter()
        .filter(|f| f.counts())
        .map(|f| item(a, f))
        .collect();
    if items.is_empty() {
        return None;
    }
    let scope = assessment_scope(a);
    let collected = as_of(a);
    let files = EvidenceFiles::collect(&scope, nonconformities.iter().copied());
    let observations = nonconformities
        .iter()
        .map(|f| observation(&scope, f, &files, &collected))
        .collect();
    let title = format!(
        "Plan of action for the nonconformities found by the {} of {} against {}",
        kind_phrase(a),
        one_line(&a.organisation),
        one_line(&cat.header.edition)
    );
    Some(PoamDocument {
        plan: PlanOfActionAndMilestones {
            uuid: scope.uuid("plan-of-action-and-milestones"),
            metadata: assessment_metadata(a, &title),
            system_id: SystemId {
                identifier_type: "https://ietf.org/rfc/rfc4122".to_string(),
                id: UuidScope::ROOT.uuid(&format!("system:{}", a.organisation)),
            },
            observations,
            risks: nonconformities.iter().map(|f| risk(&scope, f)).collect(),
            poam_items: items,
            back_matter: BackMatter::of(files.into_resources()),
        },
    })
}

fn kind_phrase(a: &Assessment) -> &'static str {
    match a.kind {
        crate::domain::engagement::AssessmentKind::Gap => "gap analysis",
        crate::domain::engagement::AssessmentKind::InternalAudit => "internal audit",
        crate::domain::engagement::AssessmentKind::Transition => "transition gap analysis",
    }
}

/// The item for a nonconformity that counts on its own, relating the minors it contains.
fn item(a: &Assessment, finding: &Finding) -> PoamItem {
    let scope = assessment_scope(a);
    let contained: Vec<&Finding> = std::iter::once(finding)
        .chain(
            finding
                .includes
                .iter()
                .filter_map(|id| a.findings.iter().find(|f| &f.id == id)),
        )
        .collect();
    let mut description = finding.statement.en.trim().to_string();
    let action = finding.recommendation.en.trim();
    if !action.is_empty() {
        description.push_str(&format!("\n\nRecommended action: {action}"));
    }
    if !finding.includes.is_empty() {
        description.push_str(&format!(
            "\n\nIncludes the minor nonconformities {}.",
            finding.includes.join(", ")
        ));
    }
    PoamItem {
        uuid: scope.uuid(&format!("poam-item:{}", finding.id)),
        title: format!(
            "Correct {} ({}) against {}",
            finding.id,
            grade_phrase(finding.grade),
            finding.requirement
        ),
        description,
        props: finding_props(finding)
            .ours("recommendation-zh", &finding.recommendation.zh)
            .build(),
        related_observations: contained
            .iter()
            .map(|f| RelatedObservation {
                observation_uuid: observation_uuid(&scope, f),
            })
            .collect(),
        related_risks: contained
            .iter()
            .map(|f| AssociatedRisk {
                risk_uuid: risk_uuid(&scope, f),
            })
            .collect(),
    }
}
