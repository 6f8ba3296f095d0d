//! The catalogue's data model, as read from TOML. Every struct rejects unknown fields so a typo
//! in a catalogue is an error, not a silently ignored key.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// `catalogue.toml`: what the catalogue is and which files make it up.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueHeader {
    /// Catalogue id, e.g. `iso20000-1-2011`.
    pub id: String,
    /// Version of the catalogue data (not of the standard).
    pub version: String,
    /// Short name used on the command line, e.g. `2011` in `crosswalk --from 2011`.
    #[serde(default)]
    pub alias: Option<String>,
    /// The edition of the standard this catalogue covers.
    #[serde(default)]
    pub edition: String,
    /// Title in both languages.
    pub title: Text,
    /// Copyright and paraphrase notice.
    #[serde(default)]
    pub copyright: Text,
    /// Clauses in which no requirement may be tailored away.
    #[serde(default)]
    pub non_tailorable_clauses: Vec<String>,
    /// Clauses whose requirements no other party may fulfil for the provider.
    #[serde(default)]
    pub non_delegable_clauses: Vec<String>,
    /// The framework id (declared in the catalogue's crosswalk) of the edition this one
    /// replaces: every requirement then says in `transition` what it comes from there, and a
    /// transition gap analysis (`assess --kind transition`) can be run against it.
    #[serde(default)]
    pub predecessor: Option<String>,
    /// Where `assess --previous` judges the follow-up of the previous assessment's
    /// nonconformities: a corrective action past due is a finding against these requirements.
    #[serde(default)]
    pub follow_up: Option<FollowUpRequirements>,
    /// Set when the edition has been withdrawn: every assessment against it says so.
    #[serde(default)]
    pub withdrawn: Option<Withdrawal>,
    /// Content files, relative to the catalogue folder, in catalogue order.
    pub files: Vec<String>,
    /// Scoring defaults.
    #[serde(default)]
    pub scoring: Scoring,
}

/// An edition's withdrawal, as the catalogue states it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// The date certification against the edition ended, `YYYY-MM-DD`.
    pub date: String,
    /// What a user assessing against it should know (the current edition, the way across).
    pub note: Text,
}

/// The requirements that a corrective action past due on a persisting nonconformity fails.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequirements {
    /// The requirement to take corrective action (the finding's primary requirement).
    pub corrective_action: String,
    /// The requirements to follow up and verify actions taken, also affected.
    #[serde(default)]
    pub verification: Vec<String>,
}

/// How requirement statuses turn into scores. (How findings are graded is the grading
/// profile's business: `controls/grading-profiles.toml`.)
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Points for a conforming requirement.
    pub conforming: u32,
    /// Points for a partially conforming requirement.
    pub partial: u32,
    /// Points for a nonconforming requirement.
    pub nonconforming: u32,
    /// Whether a requirement nobody could assess scores 0, in every kind of assessment
    /// (`false`: it is left out of the score, which then says how many requirements it
    /// rests on). Both kinds read it alike, so a gap analysis and an internal audit of the
    /// same evidence score alike but for the provider's claims.
    pub not_assessed_counts_as_gap: bool,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            conforming: 100,
            partial: 50,
            nonconforming: 0,
            not_assessed_counts_as_gap: false,
        }
    }
}

/// A clause or subclause of the standard.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Clause number, e.g. `4.5.4.2`.
    pub id: String,
    /// The enclosing clause; absent for top-level clauses.
    #[serde(default)]
    pub parent: Option<String>,
    /// Title in both languages.
    #[serde(default)]
    pub title: Text,
}

/// One atomic obligation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable id, `<clause>-<nn>`.
    pub id: String,
    /// The leaf subclause it belongs to.
    pub clause: String,
    /// Ids this requirement had in earlier versions of its catalogue; a register, worksheet or
    /// previous assessment that still names one is read as naming this requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
    /// Our paraphrase in both languages.
    #[serde(default)]
    pub text: Text,
    /// Content checklist, when one document has to cover several items.
    #[serde(default)]
    pub elements: Vec<Element>,
    /// A documented item is demanded.
    #[serde(default)]
    pub documented: bool,
    /// The obligation produces or needs records.
    #[serde(default)]
    pub records: bool,
    /// The activity must happen at planned intervals.
    #[serde(default)]
    pub planned_interval: bool,
    /// Something must be agreed with the customer or interested parties.
    #[serde(default)]
    pub agreed_with_customer: bool,
    /// The duty rests on top management personally.
    #[serde(default)]
    pub top_management: bool,
    /// Why the paraphrase is still under review (what a licensed copy would settle), when it
    /// carries residual doubt; `catalogue validate` lists these as notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    /// Whether the requirement may be excluded from scope.
    pub tailorable: bool,
    /// Whether another party may operate it under the provider's governance.
    pub other_party_allowed: bool,
    /// Relative weight in scoring, 1 to 10.
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// What an auditor usually asks to see.
    #[serde(default)]
    pub typical_evidence: Text,
    /// Explanation that goes with the requirement (a note of the standard, paraphrased): read
    /// by the auditor, never a finding of its own.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub guidance: Text,
    /// Clause or process ids in other frameworks, keyed by the framework's `mapping_key`.
    #[serde(default)]
    pub mappings: BTreeMap<String, Vec<String>>,
    /// Rules that say how evidence for this requirement is judged.
    #[serde(default)]
    pub evidence: Vec<EvidenceRule>,
    /// Where the obligation comes from in the predecessor edition (catalogue header
    /// `predecessor`); absent in a catalogue that names none.
    #[serde(default)]
    pub transition: Option<Transition>,
}

/// What an obligation owes to the edition its catalogue replaces.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// New, changed or carried over.
    pub change: Change,
    /// The predecessor's requirement ids it derives from (none when new).
    #[serde(default)]
    pub from: Vec<String>,
    /// The amendment of the edition that added or changed it (`Amd 1:2024`), when the
    /// edition as first published did not have it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
}

/// How an obligation differs from its predecessor's.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Nothing in the predecessor covers it: evidence must be produced.
    New,
    /// The predecessor covers the topic but the duty was widened, narrowed or reworded: the
    /// old evidence must be re-checked.
    Changed,
    /// The predecessor's evidence normally meets it.
    CarriedOver,
}

impl Change {
    /// Every change, in the order a transition plan takes them.
    pub const ALL: [Change; 3] = [Change::New, Change::Changed, Change::CarriedOver];
}

fn default_weight() -> u32 {
    1
}

/// One item of a requirement's content checklist.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    /// Letter, e.g. `a`.
    pub id: String,
    /// Paraphrase in both languages.
    #[serde(default)]
    pub text: Text,
    /// Why the paraphrase is still under review, when it carries residual doubt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    /// Words that show a document covers the element (any of them, in its headings or body).
    #[serde(default)]
    pub keywords: Keywords,
}

/// Words in English and Chinese; a text matches when it contains any of them (case folded).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    /// English words or word stems.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese words.
    #[serde(default)]
    pub zh: Vec<String>,
}

impl Keywords {
    /// Whether there are no words at all.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh.is_empty()
    }

    /// Every word, English first.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.en.iter().chain(&self.zh)
    }
}

/// A glossary entry: how a term of the standard is rendered in Chinese, and the variants the
/// catalogue's Chinese texts must not use (so capacity never reads as competence, and one
/// word names the supplier everywhere).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The English term.
    pub en: String,
    /// Its Chinese rendering.
    pub zh: String,
    /// Renderings that must not be used.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// Longer words in which an `avoid` rendering is fine (`供方` inside `服务提供方`).
    #[serde(default)]
    pub except: Vec<String>,
    /// Clauses whose texts the `avoid` list applies to (every text when empty): `能力` is
    /// wrong for capacity in 6.5 and right for competence in 4.4.2.
    #[serde(default)]
    pub clauses: Vec<String>,
    /// Why, for the person who meets the diagnostic.
    #[serde(default)]
    pub note: String,
}

/// An evidence rule: its kind and the kind's parameters, kept as written. The catalogue knows
/// no rule kind of its own: the checker's registry says which kinds exist and judges their
/// parameters while the catalogue loads (see [`RuleValidator`](super::RuleValidator)).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRule {
    /// Which kind of rule it is, and so which check evaluates it.
    pub kind: RuleKind,
    /// Parameters of that kind.
    #[serde(default)]
    pub params: toml::Table,
}

/// The name of a kind of evidence rule, as the catalogue writes it (`kind = "document"`).
///
/// Any name deserialises; whether a kind of that name exists is the loader's question to the
/// rule registry it is given, so a new kind needs no change here.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct RuleKind(Cow<'static, str>);

// The built-in kinds keep the names (and the `Debug` text) they had as enum variants, so code
// that picks rules of one kind out of a catalogue still reads `RuleKind::Document`. They are
// names, not a registry: `check::rules::KINDS` decides what exists, and a test there checks
// that each of these is registered.
#[allow(non_upper_case_globals)]
impl RuleKind {
    /// Rows of the evidence register for the requirement.
    pub const Register: RuleKind = RuleKind::named("register");
    /// A controlled document of a type.
    pub const Document: RuleKind = RuleKind::named("document");
    /// A predicate over a record set.
    pub const Records: RuleKind = RuleKind::named("records");
    /// Dated events at the planned interval.
    pub const Interval: RuleKind = RuleKind::named("interval");
    /// Requested exclusions.
    pub const Tailoring: RuleKind = RuleKind::named("tailoring");
    /// Processes operated by other parties.
    pub const Governance: RuleKind = RuleKind::named("governance");
}

impl RuleKind {
    /// The kind called `name` (`document`, `records`, …).
    pub const fn named(name: &'static str) -> RuleKind {
        RuleKind(Cow::Borrowed(name))
    }

    /// The name as the catalogue writes it.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RuleKind {
    /// The name in upper camel case (`Document`, `ServiceLevel` for `service_level`): the text
    /// diagnostics and `catalogue show` printed when the kinds were an enum.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for word in self.0.split('_') {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                write!(f, "{}{}", first.to_uppercase(), chars.as_str())?;
            }
        }
        Ok(())
    }
}

/// What sort of document a document type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A policy.
    Policy,
    /// A plan.
    Plan,
    /// A documented procedure.
    Procedure,
    /// Another kind of document or agreed definition.
    Document,
    /// An agreement or contract.
    Agreement,
}

/// Words that recognise a document or record file by its title or name.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    /// English patterns.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese patterns.
    #[serde(default)]
    pub zh: Vec<String>,
}

/// A mandatory (logical) document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentType {
    /// Id, e.g. `D34`.
    pub id: String,
    /// Policy, plan, procedure, …
    pub kind: DocumentKind,
    /// Title in both languages.
    #[serde(default)]
    pub title: Text,
    /// Requirements this document serves.
    #[serde(default)]
    pub requirements: Vec<String>,
    /// Title and file-name patterns.
    #[serde(default)]
    pub patterns: Patterns,
    /// The record sets of the process this document governs (a change policy's changes):
    /// only they show that the process runs without the document. None: nothing does.
    #[serde(default)]
    pub process_records: Vec<RecordSetKind>,
}

/// A mandatory kind of record.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordType {
    /// Id, e.g. `R20`.
    pub id: String,
    /// Title in both languages.
    #[serde(default)]
    pub title: Text,
    /// Requirements these records serve.
    #[serde(default)]
    pub requirements: Vec<String>,
    /// Which record sets (ITSM exports, logs) hold these records.
    #[serde(default)]
    pub record_sets: Vec<RecordSetKind>,
    /// Title and file-name patterns.
    #[serde(default)]
    pub patterns: Patterns,
    /// The dated activities a document of this type is one occurrence of: minutes of a
    /// management review are a management review, held on the date they state
    /// (`[[record_type.occurrence]]`).
    #[serde(default, rename = "occurrence")]
    pub occurrences: Vec<Occurrence>,
}

/// A kind of document that records one occurrence of a dated activity — the record set the
/// activity's log would be (`management_reviews`), and the title or file-name phrases that
/// mark such a document ("management review minutes"). Interval and programme rules count
/// each such document as an event at the date it states.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Occurrence {
    /// The record set whose events the document stands for.
    pub set: RecordSetKind,
    /// Phrases of the title or file name that mark such a document.
    pub patterns: Patterns,
}

/// The kinds of operational record set the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordSetKind {
    /// Incident records.
    Incidents,
    /// Service-request records.
    ServiceRequests,
    /// Problem records.
    Problems,
    /// Known-error records.
    KnownErrors,
    /// Change records (RFCs).
    Changes,
    /// Release and deployment records.
    Releases,
    /// Configuration items.
    ConfigurationItems,
    /// Relationships between configuration items.
    CiRelationships,
    /// Internal audits.
    InternalAudits,
    /// Nonconformities and corrective actions.
    Nonconformities,
    /// Management reviews.
    ManagementReviews,
    /// Improvement register.
    Improvements,
    /// Customer-satisfaction surveys.
    SatisfactionSurveys,
    /// Service complaints.
    Complaints,
    /// Service reviews held with customers.
    CustomerReviews,
    /// Supplier performance reviews.
    SupplierReviews,
    /// The register of supplier contracts: who, until when, last reviewed.
    SupplierContracts,
    /// Tasks of a change, request, problem or incident: work items of their parent.
    Tasks,
    /// Continuity and availability tests.
    ContinuityTests,
    /// Availability measurements.
    AvailabilityReports,
    /// Service and SLA reports.
    ServiceReports,
    /// Capacity reports.
    CapacityReports,
    /// Budget-versus-actual reports.
    BudgetReports,
    /// Risk assessments.
    RiskAssessments,
    /// Training records.
    TrainingRecords,
    /// Configuration audits.
    ConfigurationAudits,
    /// A log of periodic reviews and analyses (plan reviews, trend analyses, OLA reviews…).
    ReviewLog,
}

/// Another framework (edition of the standard, ITIL version) the catalogue maps to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Id, e.g. `iso20000-1-2018`.
    pub id: String,
    /// Short name for the command line, e.g. `2018`.
    #[serde(default)]
    pub alias: Option<String>,
    /// The key under which requirements list their mappings to this framework.
    #[serde(default)]
    pub mapping_key: Option<String>,
    /// Title in both languages.
    #[serde(default)]
    pub title: Text,
    /// The framework's clauses or processes.
    #[serde(default)]
    pub clauses: Vec<FrameworkClause>,
}

/// A clause or process of another framework.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkClause {
    /// Clause number or process id.
    pub id: String,
    /// Title in both languages.
    #[serde(default)]
    pub title: Text,
}

/// One row of a crosswalk between two frameworks: these source clauses map to these targets.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkRow {
    /// Source framework id.
    pub from: String,
    /// Target framework id.
    pub to: String,
    /// Source clause ids; empty when the target is new.
    #[serde(default)]
    pub source: Vec<String>,
    /// Target clause ids; empty when the source has no counterpart.
    #[serde(default)]
    pub target: Vec<String>,
    /// What changed or why they correspond.
    #[serde(default)]
    pub note: Option<Text>,
    /// Control points counted by difference analyses, as published.
    #[serde(default)]
    pub control_points: Option<String>,
}
