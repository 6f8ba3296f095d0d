//! The OSCAL assessment-common objects that assessment results and POA&Ms share: findings,
//! observations, risks and remediations.

use serde::Serialize;

use super::common::Property;

/// A determination about one requirement (`finding`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Finding {
    /// Stable UUID (`finding:<requirement id>` in the assessment's scope).
    pub uuid: String,
    /// Title.
    pub title: String,
    /// What was determined and why.
    pub description: String,
    /// iso20k's status, score and basis.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The requirement (statement part of the catalog) the determination is about.
    pub target: FindingTarget,
    /// The observations (iso20k findings) it rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
    /// The risks (nonconformities) raised against the requirement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<AssociatedRisk>,
    /// Free-text remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// What a finding is about (`target`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FindingTarget {
    /// `statement-id`: the target is a part of a control's statement.
    #[serde(rename = "type")]
    pub target_type: String,
    /// The requirement's part id in the catalog (`req-4.1.1-01`).
    pub target_id: String,
    /// Whether the requirement is met.
    pub status: ObjectiveStatus,
}

/// Whether the target is met (`status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectiveStatus {
    /// `satisfied` or `not-satisfied` (OSCAL has no third state).
    pub state: String,
    /// `pass`, `fail`, or `other` (for a requirement nothing could decide).
    pub reason: String,
    /// Why, when the state needs explaining.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A reference from a finding or risk to an observation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedObservation {
    /// The observation's UUID.
    pub observation_uuid: String,
}

/// A reference to a risk (`associated-risk`, used in `related-risks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssociatedRisk {
    /// The risk's UUID.
    pub risk_uuid: String,
}

/// What the assessor saw: one iso20k finding with its evidence (`observation`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    /// Stable UUID (`observation:<finding id>`).
    pub uuid: String,
    /// Title.
    pub title: String,
    /// What was found (English), with results of checks that share its cause.
    pub description: String,
    /// Grade, code, finding id, requirements, sampling plan, Chinese text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// `EXAMINE` (documents, registers, dated events) or `TEST` (sampled records).
    pub methods: Vec<String>,
    /// Always `finding`.
    pub types: Vec<String>,
    /// The evidence files it rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relevant_evidence: Vec<RelevantEvidence>,
    /// When the evidence was examined: the assessment date.
    pub collected: String,
}

/// One evidence file an observation rests on (`relevant-evidence`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelevantEvidence {
    /// `#uuid` of the back-matter resource holding the file's path and SHA-256.
    pub href: String,
    /// The path, sheet and rows, for a reader.
    pub description: String,
    /// `path`, `sheet`, `rows`, `record-ids`, `locations`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
}

/// A nonconformity (`risk`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Risk {
    /// Stable UUID (`risk:<finding id>`), the same in assessment results and POA&M.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Why it has its grade: its effect on the management system.
    pub statement: String,
    /// Grade, code, finding id, requirements, escalation, Chinese text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Always `open`: an assessment reports nonconformities as found.
    pub status: String,
    /// The recommended correction.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remediations: Vec<Response>,
    /// The observation behind it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
}

/// A response to a risk (`response`): here, the recommended action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Response {
    /// Stable UUID (`remediation:<finding id>`).
    pub uuid: String,
    /// Always `recommendation`: the assessor's, not yet the provider's plan.
    pub lifecycle: String,
    /// Title.
    pub title: String,
    /// The recommendation (English).
    pub description: String,
    /// The recommendation in Chinese.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
}
