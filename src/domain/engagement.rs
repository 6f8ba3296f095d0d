//! What an engagement is, as the manifest declares it and every report repeats it: its kind
//! (gap analysis, internal audit or transition gap analysis), its scope and its team.

use serde::{Deserialize, Serialize};

/// Gap analysis or internal audit.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentKind {
    /// A readiness assessment before certification.
    #[default]
    Gap,
    /// An internal audit under 4.5.4.2.
    InternalAudit,
    /// A transition gap analysis: a gap analysis against an edition whose catalogue names a
    /// predecessor, reported as the way from the predecessor's system to this edition (what
    /// is new, changed or carried over, and whether the evidence already meets it).
    Transition,
}

impl AssessmentKind {
    /// Whether findings are judged as in a readiness assessment (gaps before certification)
    /// rather than an internal audit's nonconformities: a gap analysis and a transition
    /// gap analysis are.
    pub fn is_readiness(self) -> bool {
        matches!(self, AssessmentKind::Gap | AssessmentKind::Transition)
    }
}

/// What the client supplied, which decides what an absence means (`evidence` in
/// assessment.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSupplied {
    /// Part of the client's documentation and records: a document type, record set or
    /// activity with nothing in the evidence is not assessed and goes on the evidence
    /// request list, never a nonconformity.
    Partial,
    /// The client's complete SMS documentation and records for the period, as the client
    /// confirmed: what is absent from it is absent, and a finding.
    Complete,
}

impl EvidenceSupplied {
    /// What is assumed when assessment.toml does not say: an internal audit examines the
    /// provider's own complete system; a gap analysis works from what the client sent until
    /// the consultant confirms it is everything.
    pub fn default_for(kind: AssessmentKind) -> EvidenceSupplied {
        match kind {
            AssessmentKind::InternalAudit => EvidenceSupplied::Complete,
            AssessmentKind::Gap | AssessmentKind::Transition => EvidenceSupplied::Partial,
        }
    }

    /// The machine name, as in assessment.toml.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceSupplied::Partial => "partial",
            EvidenceSupplied::Complete => "complete",
        }
    }
}

/// What an internal-audit report records of how the audit was conducted, besides its
/// objectives, criteria, scope and team (ISO 19011 6.5.1): `[audit]` in assessment.toml.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditConduct {
    /// The audit client: who asked for the audit (top management, the SMS owner …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client: String,
    /// The auditee's participants: who took part for the audited organisation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    /// The audit activities: when and where each was conducted.
    #[serde(default, rename = "activity", skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<AuditActivity>,
    /// Diverging opinions between the audit team and the auditee left unresolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diverging_opinions: Vec<String>,
}

impl AuditConduct {
    /// Whether `[audit]` says nothing.
    pub fn is_empty(&self) -> bool {
        *self == AuditConduct::default()
    }
}

/// One audit activity (`[[audit.activity]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditActivity {
    /// When, as written (`2026-11-03`, `3-4 November 2026`).
    pub date: String,
    /// Where: a site, or "remote".
    #[serde(default)]
    pub place: String,
    /// What was done: opening meeting, interviews on incident management …
    #[serde(default)]
    pub activity: String,
}

/// The declared scope (clause 4.5.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Scope statement.
    #[serde(default)]
    pub statement: String,
    /// Services in scope.
    #[serde(default)]
    pub services: Vec<String>,
    /// Locations in scope.
    #[serde(default)]
    pub locations: Vec<String>,
}

/// A member of the assessment or audit team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Name.
    pub name: String,
    /// Role, e.g. lead auditor.
    #[serde(default)]
    pub role: String,
    /// Whether the member declares themselves independent of everything they audited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub independent: Option<bool>,
    /// Clauses (or requirements) of the areas the member works in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub works_in: Vec<String>,
    /// Clauses the member audited; the whole scope when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audits: Vec<String>,
}

impl TeamMember {
    /// Whether the member said anything about their independence.
    pub fn declared_independence(&self) -> bool {
        self.independent.is_some() || !self.works_in.is_empty()
    }
}

/// What the internal audit programme is told about the processes beyond the last assessment
/// (`[programme]` in assessment.toml): the clauses whose processes are critical to the
/// services, or changed since they were last audited. `iso20k programme` audits them at least
/// yearly (4.5.4.2 of the 2011 edition, 9.2 of 2018: "taking into consideration the status
/// and importance of the processes").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeMarks {
    /// Clauses (`8.1`) or requirements (`8.1-04`) of critical processes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub critical: Vec<String>,
    /// Clauses (`8.5`) or requirements of processes changed since they were last audited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// The programme.json `iso20k programme` wrote, relative to the workspace: the internal
    /// audits are then checked against the audits it planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}
