//! Nonconformities (major and minor findings) as OSCAL risks, each with the assessor's
//! recommended action as a remediation of lifecycle `recommendation`.

use super::assessment_common::{RelatedObservation, Response, Risk};
use super::common::Props;
use super::ids::UuidScope;
use super::names::grade_phrase;
use super::observations::{finding_props, observation_uuid};
use crate::assessment::Finding;

/// The risk of a nonconformity: grade, code, statement and recommendation. Escalated minors
/// get a risk of their own, with an `escalated-into` prop naming the major that counts them.
pub(super) fn risk(scope: &UuidScope, finding: &Finding) -> Risk {
    let statement = match finding.grading_rationale.en.trim() {
        "" => format!("Graded {}.", grade_phrase(finding.grade)),
        rationale => rationale.to_string(),
    };
    Risk {
        uuid: risk_uuid(scope, finding),
        title: format!(
            "{} {} against {}",
            finding.id,
            grade_phrase(finding.grade),
            finding.requirement
        ),
        description: match finding.statement.en.trim() {
            "" => format!("{} ({})", finding.id, finding.code),
            text => text.to_string(),
        },
        statement,
        props: finding_props(finding)
            .ours("grading-rationale-zh", &finding.grading_rationale.zh)
            .ours_opt("escalated-into", finding.escalated_into.as_ref())
            .ours_each("includes", &finding.includes)
            .build(),
        status: "open".to_string(),
        remediations: remediation(scope, finding).into_iter().collect(),
        related_observations: vec![RelatedObservation {
            observation_uuid: observation_uuid(scope, finding),
        }],
    }
}

/// The UUID of the risk of `finding`; the same in assessment results and POA&M.
pub(super) fn risk_uuid(scope: &UuidScope, finding: &Finding) -> String {
    scope.uuid(&format!("risk:{}", finding.id))
}

fn remediation(scope: &UuidScope, finding: &Finding) -> Option<Response> {
    let recommendation = &finding.recommendation;
    if recommendation.en.trim().is_empty() && recommendation.zh.trim().is_empty() {
        return None;
    }
    let description = match recommendation.en.trim() {
        "" => recommendation.zh.trim().to_string(),
        text => text.to_string(),
    };
    Some(Response {
        uuid: scope.uuid(&format!("remediation:{}", finding.id)),
        lifecycle: "recommendation".to_string(),
        title: format!("Recommended action for {}", finding.id),
        description,
        props: Props::new().ours("zh", &recommendation.zh).build(),
    })
}
