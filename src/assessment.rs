//! The assessment: the one result every report is rendered from. Nothing downstream of it
//! opens an evidence file, and the same inputs always serialise to the same bytes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::domain::engagement::{AssessmentKind, EvidenceSupplied};
use crate::i18n::Text;

/// Tool identity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Tool {
    /// `iso20k`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// Catalogue identity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CatalogueRef {
    /// Catalogue id.
    pub id: String,
    /// Catalogue version.
    pub version: String,
    /// The edition of the standard the catalogue covers, e.g. `ISO/IEC 20000-1:2018` (absent
    /// for a catalogue that names none, and in assessments written before format 1.1).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub edition: String,
    /// SHA-256 over the catalogue's files, in order.
    pub sha256: String,
    /// Title.
    pub title: Text,
    /// Set when the catalogue's edition has been withdrawn (format 1.5 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<EditionWithdrawn>,
}

/// Whether one record check could run on one record set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CheckCoverage {
    /// The check's finding code (`REC-CHG-APPROVAL-AFTER-IMPL`).
    pub code: String,
    /// What it tests.
    pub title: Text,
    /// The record set it reads.
    pub set: String,
    /// The file of that record set, when the evidence has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Whether the check ran.
    pub ran: bool,
    /// The fields it needs that the record set has no column for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// The requirements whose rules run the check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// Why it did not, and what would make it run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// An edition's withdrawal, as the assessment records it from its catalogue.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EditionWithdrawn {
    /// The date certification against the edition ended, `YYYY-MM-DD`.
    pub date: String,
    /// What the reader should know: the current edition and the way across.
    pub note: Text,
}

/// The assessment period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct PeriodRef {
    /// First day, `YYYY-MM-DD`.
    pub start: Option<String>,
    /// Last day.
    pub end: Option<String>,
}

/// How serious a finding is, as certification bodies grade them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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
    /// A strength worth recording; never scored.
    GoodPractice,
}

impl Grade {
    /// Every grade, most serious first.
    pub const ALL: [Grade; 5] = [
        Grade::Major,
        Grade::Minor,
        Grade::Observation,
        Grade::Ofi,
        Grade::GoodPractice,
    ];

    /// Whether the grade is a nonconformity.
    pub fn is_nonconformity(self) -> bool {
        matches!(self, Grade::Major | Grade::Minor)
    }

    /// The machine name, as in assessment.json (`major`, `good_practice` …).
    pub fn name(self) -> &'static str {
        match self {
            Grade::Major => "major",
            Grade::Minor => "minor",
            Grade::Observation => "observation",
            Grade::Ofi => "ofi",
            Grade::GoodPractice => "good_practice",
        }
    }
}

/// On what a requirement's status rests.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// An automated rule examined objective evidence: records, documents, dated events.
    Verified,
    /// The auditor's own verdict (the register's auditor column).
    Auditor,
    /// Only the provider's self-assessment in its evidence register.
    SelfDeclared,
    /// Nothing decided it.
    NotAssessed,
}

impl Basis {
    /// Every basis, strongest first.
    pub const ALL: [Basis; 4] = [
        Basis::Verified,
        Basis::Auditor,
        Basis::SelfDeclared,
        Basis::NotAssessed,
    ];

    /// The machine name, as in assessment.json.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Verified => "verified",
            Basis::Auditor => "auditor",
            Basis::SelfDeclared => "self_declared",
            Basis::NotAssessed => "not_assessed",
        }
    }
}

/// Requirements per basis.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct BasisCounts {
    /// Verified by an automated rule on objective evidence.
    pub verified: usize,
    /// Judged by the auditor.
    pub auditor: usize,
    /// Resting on the provider's claim alone.
    pub self_declared: usize,
    /// Not assessed.
    pub not_assessed: usize,
}

impl BasisCounts {
    /// Adds one requirement's basis.
    pub fn add(&mut self, basis: Basis) {
        match basis {
            Basis::Verified => self.verified += 1,
            Basis::Auditor => self.auditor += 1,
            Basis::SelfDeclared => self.self_declared += 1,
            Basis::NotAssessed => self.not_assessed += 1,
        }
    }

    /// The count of one basis.
    pub fn get(&self, basis: Basis) -> usize {
        match basis {
            Basis::Verified => self.verified,
            Basis::Auditor => self.auditor,
            Basis::SelfDeclared => self.self_declared,
            Basis::NotAssessed => self.not_assessed,
        }
    }
}

/// The status of one requirement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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

    /// The machine name, as in assessment.json (`not_assessed`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Conforming => "conforming",
            Status::Partial => "partial",
            Status::Nonconforming => "nonconforming",
            Status::NotAssessed => "not_assessed",
        }
    }
}

/// Counts per grade.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GradeCounts {
    /// Major nonconformities.
    pub major: usize,
    /// Minor nonconformities.
    pub minor: usize,
    /// Observations.
    pub observation: usize,
    /// Opportunities for improvement.
    pub ofi: usize,
    /// Good practices (never scored).
    #[serde(default)]
    pub good_practice: usize,
}

impl GradeCounts {
    /// Adds one finding's grade.
    pub fn add(&mut self, grade: Grade) {
        match grade {
            Grade::Major => self.major += 1,
            Grade::Minor => self.minor += 1,
            Grade::Observation => self.observation += 1,
            Grade::Ofi => self.ofi += 1,
            Grade::GoodPractice => self.good_practice += 1,
        }
    }

    /// The count of one grade.
    pub fn get(&self, grade: Grade) -> usize {
        match grade {
            Grade::Major => self.major,
            Grade::Minor => self.minor,
            Grade::Observation => self.observation,
            Grade::Ofi => self.ofi,
            Grade::GoodPractice => self.good_practice,
        }
    }
}

/// Counts per requirement status.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
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

/// The conclusion: readiness for certification in a gap analysis, conformity to the audit
/// criteria in an internal audit (ISO 19011 6.5: `ready` reads as "conforms",
/// `ready_with_minor` as "conforms except for the minor nonconformities", `not_ready` as
/// "does not conform").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No nonconformity.
    Ready,
    /// Minor nonconformities only.
    ReadyWithMinor,
    /// A major nonconformity (an exclusion asked for is one).
    NotReady,
    /// No major nonconformity, but requirements with nothing examined at all remain (not
    /// even a claim): nothing can be concluded until they are (format 1.6 on).
    NotConcluded,
}

impl Verdict {
    /// The colour reports show it in (RRGGBB).
    pub fn colour(self) -> &'static str {
        match self {
            Verdict::Ready => "1E8449",
            Verdict::ReadyWithMinor => "D68910",
            Verdict::NotReady => "B03A2E",
            Verdict::NotConcluded => "7F8C8D",
        }
    }
}

/// The headline numbers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Summary {
    /// Weighted conformity score, 0 to 100 (one decimal), on what was verified or judged by
    /// the auditor: a claim of conformity counts as not assessed.
    pub score: f64,
    /// The score if every claim of the provider held (gap analyses only).
    #[serde(default)]
    pub score_if_claims_hold: Option<f64>,
    /// Readiness verdict.
    pub verdict: Verdict,
    /// The verdict rests on fewer than all requirements: some were only claimed or not
    /// assessed, and it could change once they are examined.
    #[serde(default)]
    pub provisional: bool,
    /// Requirements whose status no rule verified and no auditor judged.
    #[serde(default)]
    pub unseen: usize,
    /// Requirements the score rests on: those verified or judged by the auditor (format 1.6
    /// on; 0 in older assessments, which did not say).
    #[serde(default)]
    pub scored: usize,
    /// Findings per grade, each finding counted once (minors escalated into a major count
    /// only inside it).
    pub counts: GradeCounts,
    /// Requirements per status.
    pub requirements: StatusCounts,
    /// Requirements per basis.
    #[serde(default)]
    pub basis: BasisCounts,
}

/// A clause's score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
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
    /// On what the status rests.
    pub basis: Basis,
    /// The provider's own status for it, from its evidence register.
    #[serde(default)]
    pub claimed_status: Option<Status>,
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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
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
    /// Places inside a document (the headings content was found under).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
}

/// How records were sampled for a check.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
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

/// Another check's result that shares a finding's cause and is reported inside it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct FindingDetail {
    /// The code of the check that found it.
    pub code: String,
    /// The requirement it bears on.
    pub requirement: String,
    /// What was found.
    pub statement: Text,
}

/// A finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Finding {
    /// `F-001` …
    pub id: String,
    /// Stable code of the check that raised it (see `iso20k explain CODE`).
    pub code: String,
    /// Grade.
    pub grade: Grade,
    /// Why it has its grade, in one line.
    pub grading_rationale: Text,
    /// The primary requirement id.
    pub requirement: String,
    /// Every requirement it affects, the primary first.
    #[serde(default)]
    pub requirements: Vec<String>,
    /// Leaf clause of the primary requirement.
    pub clause: String,
    /// What it is about, written the same way by every assessment so that a finding can be
    /// recognised in the next one: `KIND:NAME`, such as `document:D27` (a mandatory document
    /// type), `records:incidents` (a record set, by kind), `activity:supplier_review/Fibrelink
    /// Networks` (an activity at planned intervals, and whom it concerns), `register:TITLE` (an
    /// evidence-register entry), `party:NAME`, `exclusion:TARGET`, `auditor:NAME` or
    /// `clause:8.1`. It names the thing, not where it was read: a path or row appears only
    /// where nothing else names it (an untitled register entry). Empty in assessments written
    /// before iso20k recorded subjects.
    #[serde(default)]
    pub subject: String,
    /// What was found.
    pub statement: Text,
    /// Results of other checks with the same cause, reported here instead of apart.
    #[serde(default)]
    pub details: Vec<FindingDetail>,
    /// What to do.
    pub recommendation: Text,
    /// The evidence behind it.
    pub evidence: Vec<EvidenceRef>,
    /// The sample, for record checks.
    pub sample: Option<SampleRef>,
    /// For an escalated major: the minors it was built from.
    #[serde(default)]
    pub includes: Vec<String>,
    /// For a minor: the major it was escalated into (it is counted there, not on its own).
    #[serde(default)]
    pub escalated_into: Option<String>,
    /// A waiver the manifest asked for on this finding, and what became of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverDecision>,
    /// What became of it since the previous assessment (`assess --previous`), and the
    /// corrective action recorded for it then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FindingFollowUp>,
    /// The auditor's verdict that withdrew or superseded this automatic finding, on the
    /// record: it stays here, marked, and is neither counted nor graded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overruled: Option<Overrule>,
}

/// An auditor's verdict that overrules an automatic finding: the auditor signs the report,
/// so their judgement of the requirement stands over the rules', and it is kept with who gave
/// it, when, why and where it is written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Overrule {
    /// Withdrawn (the auditor judged the requirement conforming) or superseded (the auditor
    /// judged it not conforming and graded it: the auditor's finding replaces this one).
    pub outcome: OverruleOutcome,
    /// The grade the rules gave the finding.
    pub automatic_grade: Grade,
    /// The auditor's name, when written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditor: Option<String>,
    /// The date of the verdict (YYYY-MM-DD), when written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The auditor's note: what was examined and why the verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the verdict is written: the worksheet's file, sheet and row, or the register's
    /// row.
    pub source: String,
}

/// What an auditor's verdict did to an automatic finding.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverruleOutcome {
    /// The auditor judged every requirement the finding bears on conforming: the finding is
    /// withdrawn, neither counted nor graded.
    Withdrawn,
    /// The auditor judged the requirement, the only one the finding bears on, not
    /// conforming and graded it: the auditor's own finding, with the auditor's grade, stands
    /// in its place; this one is not counted.
    Superseded,
}

/// A finding seen against the previous assessment of the same workspace.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct FindingFollowUp {
    /// New, persisting or regraded.
    pub status: FollowUpStatus,
    /// The finding it continues in the previous assessment (`F-004`), unless new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_id: Option<String>,
    /// The grade the previous assessment gave it, unless new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_grade: Option<Grade>,
    /// The corrective action the provider recorded against the previous finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<CorrectiveAction>,
    /// The action's due date had passed on the assessment date and it was not done.
    #[serde(default)]
    pub overdue: bool,
}

/// What became of a finding from one assessment to the next.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// Not found by the previous assessment.
    New,
    /// Found again, with the same grade.
    Persisting,
    /// Found again, with another grade.
    Regraded,
    /// Found by the previous assessment and not by this one.
    Closed,
}

impl FollowUpStatus {
    /// The machine name.
    pub fn name(self) -> &'static str {
        match self {
            FollowUpStatus::New => "new",
            FollowUpStatus::Persisting => "persisting",
            FollowUpStatus::Regraded => "regraded",
            FollowUpStatus::Closed => "closed",
        }
    }
}

/// A corrective action as the provider recorded it in the previous report's workbook (the
/// gap analysis's action plan, or the internal audit's findings register).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CorrectiveAction {
    /// Who owns it.
    #[serde(default)]
    pub owner: String,
    /// When it is due (YYYY-MM-DD), when a date was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Its status, as written.
    #[serde(default)]
    pub status: String,
    /// Whether the status says it is done (done, closed, completed, verified …).
    #[serde(default)]
    pub done: bool,
    /// The cause found.
    #[serde(default)]
    pub root_cause: String,
    /// What was done about the nonconformity itself.
    #[serde(default)]
    pub correction: String,
    /// What was done so that it does not recur.
    #[serde(default)]
    pub corrective_action: String,
    /// How and when the action was verified.
    #[serde(default)]
    pub verification: String,
    /// The workbook row it was read from (1-based).
    pub row: u32,
}

impl CorrectiveAction {
    /// Whether anything was written in it.
    pub fn is_blank(&self) -> bool {
        [
            &self.owner,
            &self.status,
            &self.root_cause,
            &self.correction,
            &self.corrective_action,
            &self.verification,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
            && self.due.is_none()
    }
}

/// The previous assessment this one followed up (`assess --previous`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct PreviousAssessment {
    /// Its assessment.json, as given.
    pub path: String,
    /// That file's SHA-256.
    pub sha256: String,
    /// The date it speaks for.
    pub assessment_date: Option<String>,
    /// Its kind.
    pub kind: AssessmentKind,
    /// The catalogue it was made against.
    pub catalogue: CatalogueRef,
    /// The workbook the corrective actions were read from, when one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<EvidenceRef>,
    /// How many findings are new, persisting, regraded and closed.
    pub counts: FollowUpCounts,
    /// Persisting nonconformities whose corrective action is past due and not done.
    pub overdue: usize,
    /// Its findings that this assessment no longer raises.
    pub closed: Vec<ClosedFinding>,
    /// What could not be read in the workbook (a due date that is not a date …), by cell.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// How many findings of each follow-up status.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct FollowUpCounts {
    /// Not found before.
    pub new: usize,
    /// Found again with the same grade.
    pub persisting: usize,
    /// Found again with another grade.
    pub regraded: usize,
    /// Found before and not now.
    pub closed: usize,
}

/// A finding of the previous assessment that this one no longer raises.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ClosedFinding {
    /// Its id in the previous assessment.
    pub id: String,
    /// Its code.
    pub code: String,
    /// Its grade then.
    pub grade: Grade,
    /// Its primary requirement.
    pub requirement: String,
    /// What it was about.
    #[serde(default)]
    pub subject: String,
    /// What was found then.
    pub statement: Text,
    /// The corrective action recorded against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<CorrectiveAction>,
}

impl Finding {
    /// Whether an auditor's verdict withdrew or superseded the finding (it is kept, marked,
    /// and not counted).
    pub fn withdrawn(&self) -> bool {
        self.overruled.is_some()
    }

    /// Whether the finding counts on its own in the summary and the verdict: an escalated
    /// minor counts only inside the major that contains it, and a finding accepted by a
    /// valid waiver not at all (it stays in the report, marked).
    pub fn counts(&self) -> bool {
        self.escalated_into.is_none()
            && !self.withdrawn()
            && !self
                .waiver
                .as_ref()
                .is_some_and(|w| w.status == WaiverStatus::Accepted)
    }
}

/// What became of a waiver (risk acceptance) the manifest asked for on a finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct WaiverDecision {
    /// Accepted, expired or refused.
    pub status: WaiverStatus,
    /// Why the risk was accepted, as the manifest says.
    pub reason: String,
    /// Who approved the acceptance.
    pub approved_by: String,
    /// The last day the acceptance holds (YYYY-MM-DD).
    pub until: String,
    /// What the decision means, in both languages.
    pub note: Text,
}

/// The outcome of a waiver.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaiverStatus {
    /// Valid on the assessment date: the finding does not count in the verdict.
    Accepted,
    /// Its date has passed: the finding counts again.
    Expired,
    /// Not acceptable by waiver (a major nonconformity, an attempted exclusion, a minor
    /// counted inside a major): the finding counts.
    Refused,
}

/// Whether the audit team is independent of what it audited (4.5.4.2), as declared in the
/// manifest; internal audits only.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Independence {
    /// Every team member declared whether they are independent or where they work.
    pub declared: bool,
    /// Members who audited a clause they work in.
    pub conflicts: Vec<IndependenceConflict>,
}

/// A team member who audited their own area.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct IndependenceConflict {
    /// The member.
    pub member: String,
    /// The clauses they audited and work in (empty when they declared themselves not
    /// independent without naming an area).
    pub clauses: Vec<String>,
    /// The finding raised.
    pub finding: Option<String>,
}

/// What happened to a requested exclusion.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Assessment {
    /// Tool identity (first: it is the marker that tells an assessment from evidence).
    pub tool: Tool,
    /// The version of the assessment.json format it was written in, `MAJOR.MINOR.PATCH`
    /// (see `SCHEMA_VERSION`); files written before the field existed read as 1.0.0.
    #[serde(default = "unversioned_schema_version")]
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+\.[0-9]+$"))]
    pub schema_version: String,
    /// Catalogue identity.
    pub catalogue: CatalogueRef,
    /// The organisation.
    pub organisation: String,
    /// Gap analysis or internal audit.
    pub kind: AssessmentKind,
    /// Whether the evidence was declared the client's complete documentation and records
    /// for the period, or a partial submission (format 1.6 on; older assessments read as
    /// complete, which is how they were judged).
    #[serde(default = "complete_submission")]
    pub evidence_supplied: EvidenceSupplied,
    /// The date the assessment speaks for.
    pub assessment_date: Option<String>,
    /// The period assessed.
    pub period: PeriodRef,
    /// Declared scope.
    pub scope: crate::domain::engagement::Scope,
    /// Assessment or audit team.
    pub team: Vec<crate::domain::engagement::TeamMember>,
    /// How the internal audit was conducted, as assessment.toml's `[audit]` declares it
    /// (format 1.6 on).
    #[serde(
        default,
        skip_serializing_if = "crate::domain::engagement::AuditConduct::is_empty"
    )]
    pub audit: crate::domain::engagement::AuditConduct,
    /// Headline numbers.
    pub summary: Summary,
    /// The grading profile the findings were graded with.
    pub grading: crate::grading::GradingProfile,
    /// The audit team's independence, as declared (internal audits only).
    #[serde(default)]
    pub independence: Option<Independence>,
    /// Every clause, in catalogue order.
    pub clauses: Vec<ClauseResult>,
    /// Every requirement, in catalogue order.
    pub requirements: Vec<RequirementResult>,
    /// Findings, most serious first.
    pub findings: Vec<Finding>,
    /// Requested exclusions and what was decided.
    pub tailoring: Vec<TailoringDecision>,
    /// In a partial submission, what had nothing in the evidence and so was not assessed
    /// (a document type, an activity): each is on the evidence request list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_supplied: Vec<NotSupplied>,
    /// The previous assessment followed up, when one was given (`assess --previous`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousAssessment>,
    /// Every record check the catalogue runs, and whether it could run on the evidence
    /// (format 1.5 on; empty in older assessments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coverage: Vec<CheckCoverage>,
    /// The evidence index (what was read).
    // Kept as a value so a report reads it back without the evidence reader's types; the
    // schema still describes it field by field.
    #[schemars(with = "crate::evidence::EvidenceIndex")]
    pub evidence: serde_json::Value,
}

/// The version of the assessment.json format this build writes, published as the JSON Schema
/// `schemas/assessment.schema.json`.
///
/// The compatibility promise: a change that only adds (a new optional field, a new enum value
/// a reader may ignore) bumps the minor version; removing or renaming a field, or changing what
/// one means, bumps the major version. A reader accepts every assessment of its own major
/// version, and refuses a newer major rather than misreading it.
pub const SCHEMA_VERSION: &str = "1.6.0";

fn complete_submission() -> EvidenceSupplied {
    EvidenceSupplied::Complete
}

/// Something a requirement needs of which a partial submission holds nothing: not a finding,
/// but the first thing to ask the client for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct NotSupplied {
    /// The code of the finding it would be in a complete submission (`document_missing`,
    /// `interval_none`).
    pub code: String,
    /// What is absent, as a finding's subject says it (`document:D01`).
    pub subject: String,
    /// The requirements it would settle.
    pub requirements: Vec<String>,
    /// What was looked for and not found.
    pub statement: Text,
}

/// The version assumed for assessments written before `schema_version` existed: they have the
/// shape of version 1.0.0 less that field, so they read as 1.0.0.
const UNVERSIONED_SCHEMA_VERSION: &str = "1.0.0";

fn unversioned_schema_version() -> String {
    UNVERSIONED_SCHEMA_VERSION.to_string()
}

/// The major number of a `MAJOR.MINOR.PATCH` version, if it has one.
fn major_of(version: &str) -> Option<u64> {
    version.split('.').next()?.trim().parse().ok()
}

impl Assessment {
    /// Reads an assessment.json, refusing one written in a newer major version of the format
    /// than this build understands, and saying why it cannot in a form a caller can tell apart
    /// (damaged, or written by a newer iso20k); [`ReadError::describe`] words it for a file.
    pub fn read_json(text: &str) -> Result<Assessment, ReadError> {
        match serde_json::from_str::<Assessment>(text) {
            Ok(assessment) => {
                check_schema_version(&assessment.schema_version)?;
                Ok(assessment)
            }
            Err(e) => {
                // A newer major may fail to parse at all: say so rather than name a field.
                if let Ok(VersionOnly {
                    schema_version: Some(version),
                }) = serde_json::from_str::<VersionOnly>(text)
                {
                    check_schema_version(&version)?;
                }
                Err(ReadError::Invalid {
                    line: e.line(),
                    column: e.column(),
                    reason: e.to_string(),
                })
            }
        }
    }

    /// The JSON Schema of assessment.json as `assess` writes it, generated from these types
    /// (the committed `schemas/assessment.schema.json` is this, pretty-printed; a test keeps
    /// them equal).
    pub fn json_schema() -> serde_json::Value {
        // What `assess` writes, so fields it leaves out when empty are not required.
        let generator = schemars::generate::SchemaSettings::default()
            .for_serialize()
            .into_generator();
        serde_json::to_value(generator.into_root_schema_for::<Assessment>())
            .expect("a generated schema serialises")
    }
}

/// Just the version of an assessment.json, read when the whole does not parse.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    schema_version: Option<String>,
}

/// Why a text is not an assessment this build can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not an assessment, or a damaged one: what the parser stopped at, and where.
    Invalid {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong there.
        reason: String,
    },
    /// Written in a newer major version of the format than this build reads.
    Newer {
        /// The file's `schema_version`.
        version: String,
    },
    /// `schema_version` is not a `MAJOR.MINOR.PATCH` version.
    BadVersion {
        /// The file's `schema_version`.
        version: String,
    },
}

impl ReadError {
    /// The error as one message about the file `source`, saying what to do.
    pub fn describe(&self, source: &std::path::Path) -> String {
        let source = source.display();
        match self {
            ReadError::Invalid {
                line,
                column,
                reason,
            } => format!(
                "{source}:{line}:{column}: not an iso20k assessment: {reason} (write one with `iso20k assess`)"
            ),
            ReadError::Newer { version } => format!(
                "{source}: written in assessment format {version}, newer than the {SCHEMA_VERSION} this iso20k \
                 {} reads; report it with a newer iso20k, or assess the evidence again with this one",
                env!("CARGO_PKG_VERSION")
            ),
            ReadError::BadVersion { version } => format!(
                "{source}: `schema_version` is \"{version}\", not a MAJOR.MINOR.PATCH version"
            ),
        }
    }
}

/// Refuses a schema version this build cannot read: a newer major, or no version at all.
fn check_schema_version(version: &str) -> Result<(), ReadError> {
    let supported = major_of(SCHEMA_VERSION).expect("SCHEMA_VERSION is MAJOR.MINOR.PATCH");
    match major_of(version) {
        Some(major) if major <= supported => Ok(()),
        Some(_) => Err(ReadError::Newer {
            version: version.to_string(),
        }),
        None => Err(ReadError::BadVersion {
            version: version.to_string(),
        }),
    }
}
