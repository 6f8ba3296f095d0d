//! The assessment: the one result every report is rendered from. Nothing downstream of it
//! opens an evidence file, and the same inputs always serialise to the same bytes.

use serde::{Deserialize, Serialize};

use crate::evidence::manifest::AssessmentKind;
use crate::i18n::Text;

/// Tool identity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    /// `iso20k`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// Catalogue identity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CatalogueRef {
    /// Catalogue id.
    pub id: String,
    /// Catalogue version.
    pub version: String,
    /// SHA-256 over the catalogue's files, in order.
    pub sha256: String,
    /// Title.
    pub title: Text,
}

/// The assessment period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeriodRef {
    /// First day, `YYYY-MM-DD`.
    pub start: Option<String>,
    /// Last day.
    pub end: Option<String>,
}

/// How serious a finding is, as certification bodies grade them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Affects the management system's capability to achieve its intended results.
    Major,
    /// An isolated lapse or partial fulfilment.
    Minor,
    /// Not (yet) a nonconformity: a weakness or trend.
    Observation,
    /// Requirements met; a suggestion for doing better.
    Ofi,
}

impl Grade {
    /// Every grade, most serious first.
    pub const ALL: [Grade; 4] = [Grade::Major, Grade::Minor, Grade::Observation, Grade::Ofi];

    /// Whether the grade is a nonconformity.
    pub fn is_nonconformity(self) -> bool {
        matches!(self, Grade::Major | Grade::Minor)
    }
}

/// The status of one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Fully met.
    Conforming,
    /// Partly met.
    Partial,
    /// Not met.
    Nonconforming,
    /// No evidence could decide it.
    NotAssessed,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [
        Status::Conforming,
        Status::Partial,
        Status::Nonconforming,
        Status::NotAssessed,
    ];

    /// How bad the status is, for combining rule outcomes (higher is worse; not assessed is
    /// below everything so any real result wins).
    pub fn severity(self) -> u8 {
        match self {
            Status::NotAssessed => 0,
            Status::Conforming => 1,
            Status::Partial => 2,
            Status::Nonconforming => 3,
        }
    }
}

/// Counts per grade.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GradeCounts {
    /// Major nonconformities.
    pub major: usize,
    /// Minor nonconformities.
    pub minor: usize,
    /// Observations.
    pub observation: usize,
    /// Opportunities for improvement.
    pub ofi: usize,
}

/// Counts per requirement status.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct StatusCounts {
    /// Conforming.
    pub conforming: usize,
    /// Partial.
    pub partial: usize,
    /// Nonconforming.
    pub nonconforming: usize,
    /// Not assessed.
    pub not_assessed: usize,
}

impl StatusCounts {
    /// Adds one requirement's status.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Conforming => self.conforming += 1,
            Status::Partial => self.partial += 1,
            Status::Nonconforming => self.nonconforming += 1,
            Status::NotAssessed => self.not_assessed += 1,
        }
    }
}

/// Readiness for certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No nonconformity.
    Ready,
    /// Minor nonconformities only.
    ReadyWithMinor,
    /// A major nonconformity, or an exclusion was asked for.
    NotReady,
}

/// The headline numbers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// Weighted conformity score, 0 to 100 (one decimal).
    pub score: f64,
    /// Readiness verdict.
    pub verdict: Verdict,
    /// Findings per grade.
    pub counts: GradeCounts,
    /// Requirements per status.
    pub requirements: StatusCounts,
}

/// A clause's score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClauseResult {
    /// Clause id.
    pub id: String,
    /// Parent clause.
    pub parent: Option<String>,
    /// Title.
    pub title: Text,
    /// Weighted score, 0 to 100; none when nothing under it could be scored.
    pub score: Option<f64>,
    /// Requirements per status.
    pub status_counts: StatusCounts,
}

/// One requirement's result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RequirementResult {
    /// Requirement id.
    pub id: String,
    /// Leaf clause.
    pub clause: String,
    /// The status that counts (the auditor's when given).
    pub status: Status,
    /// The status the rules gave.
    pub auto_status: Status,
    /// The auditor's verdict from the register, if any.
    pub auditor_status: Option<Status>,
    /// The auditor's note.
    pub auditor_note: Option<String>,
    /// Points (none when not scored).
    pub score: Option<f64>,
    /// Weight.
    pub weight: u32,
    /// Ids of findings against it.
    pub findings: Vec<String>,
    /// Why a rule could not decide (missing data, no population in the period, …).
    pub notes: Vec<Text>,
}

/// A piece of evidence a finding rests on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EvidenceRef {
    /// File path (workspace-relative).
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Sheet, if any.
    pub sheet: Option<String>,
    /// Row numbers in the file.
    pub rows: Vec<u32>,
    /// Record ids (the record set's own ids).
    pub record_ids: Vec<String>,
}

/// How records were sampled for a check.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SampleRef {
    /// Population size in the period.
    pub population: usize,
    /// full, simple-random, systematic or stratified.
    pub method: String,
    /// Seed, for reproducing the sample.
    pub seed: Option<u64>,
    /// Sample size.
    pub size: usize,
    /// Sampled record ids.
    pub ids: Vec<String>,
}

/// A finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// `F-001` …
    pub id: String,
    /// Stable code of the check that raised it.
    pub code: String,
    /// Grade.
    pub grade: Grade,
    /// Requirement id.
    pub requirement: String,
    /// Leaf clause.
    pub clause: String,
    /// What was found.
    pub statement: Text,
    /// What to do.
    pub recommendation: Text,
    /// The evidence behind it.
    pub evidence: Vec<EvidenceRef>,
    /// The sample, for record checks.
    pub sample: Option<SampleRef>,
}

/// What happened to a requested exclusion.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TailoringDecision {
    /// Requirement or clause targeted.
    pub target: String,
    /// Where the request came from (`assessment.toml`, or the register row).
    pub requested: String,
    /// Reason given.
    pub reason: String,
    /// The decision.
    pub decision: Text,
    /// The finding raised.
    pub finding: Option<String>,
}

/// The assessment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assessment {
    /// Tool identity.
    pub tool: Tool,
    /// Catalogue identity.
    pub catalogue: CatalogueRef,
    /// The organisation.
    pub organisation: String,
    /// Gap analysis or internal audit.
    pub kind: AssessmentKind,
    /// The date the assessment speaks for.
    pub assessment_date: Option<String>,
    /// The period assessed.
    pub period: PeriodRef,
    /// Declared scope.
    pub scope: crate::evidence::manifest::Scope,
    /// Assessment or audit team.
    pub team: Vec<crate::evidence::manifest::TeamMember>,
    /// Headline numbers.
    pub summary: Summary,
    /// Every clause, in catalogue order.
    pub clauses: Vec<ClauseResult>,
    /// Every requirement, in catalogue order.
    pub requirements: Vec<RequirementResult>,
    /// Findings, most serious first.
    pub findings: Vec<Finding>,
    /// Requested exclusions and what was decided.
    pub tailoring: Vec<TailoringDecision>,
    /// The evidence index (what was read).
    pub evidence: serde_json::Value,
}
