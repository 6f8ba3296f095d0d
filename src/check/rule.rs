//! What a rule is, what it sees and what it answers: the [`Kind`] trait each kind of rule
//! implements (and [`AnyKind`], the same with its parameters still as written, so that kinds
//! with different parameter types sit in one [`Registry`]); the [`Context`] of the workspace
//! every rule reads, with the [`Prior`] judgements made before any rule runs; and the
//! [`Outcome`] a rule returns for a requirement, with the [`Draft`] findings it raises and
//! the evidence they cite. These refer to each other, so they live together. Every kind of
//! rule, the registry of the tool's kinds (`rules`) and the engine import this module; it
//! imports none of them.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::findings::FindingKind;
use crate::assessment::*;
use crate::catalogue::{Catalogue, EvidenceRule, KnownTypes, Requirement, RuleKind, RuleValidator};
use crate::domain::date::Timestamp;
use crate::domain::engagement::{AssessmentKind, EvidenceSupplied};
use crate::evidence::table::RecordTable;
use crate::evidence::{EvidenceIndex, RecordSetInfo, UnreadFile};
use crate::grading::GradingProfile;
use crate::i18n::Text;

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
    /// How findings are graded.
    pub grading: GradingProfile,
    /// `matrix[impact - 1][urgency - 1]` = expected priority.
    pub priority_matrix: Vec<Vec<u8>>,
    /// The kinds of rule, which evaluate the catalogue's rules.
    pub rules: Registry<'a>,
    /// Whether the evidence is complete, which decides what an absence means.
    pub supplied: EvidenceSupplied,
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

    /// The files that could not be read and whose name says they may hold records of `set`.
    pub fn unread_records(&self, set: &str) -> Vec<&'a UnreadFile> {
        self.evidence
            .unread
            .iter()
            .filter(|u| u.record_sets.iter().any(|s| s == set))
            .collect()
    }

    /// The files that could not be read and whose name (or register link) says they may be a
    /// document of type `id`.
    pub fn unread_documents(&self, id: &str) -> Vec<&'a UnreadFile> {
        self.evidence
            .unread
            .iter()
            .filter(|u| u.document_types.iter().any(|t| t == id))
            .collect()
    }
}

/// "a.pdf (why), b.docx (why)" for a list of files that could not be read (en, zh).
pub fn unread_list(files: &[&UnreadFile]) -> (String, String) {
    let en: Vec<String> = files
        .iter()
        .map(|u| format!("{} ({})", u.path, u.reason))
        .collect();
    let zh: Vec<String> = files
        .iter()
        .map(|u| format!("{}（{}）", u.path, u.reason))
        .collect();
    (en.join("; "), zh.join("；"))
}

/// A finding before it is merged, escalated and numbered.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Stable code (a [`findings`] entry or a record check).
    pub code: &'static str,
    /// Grade.
    pub grade: Grade,
    /// Why it has its grade.
    pub rationale: Text,
    /// Requirement it is raised against.
    pub requirement: String,
    /// Other requirements it also bears on.
    pub also: Vec<String>,
    /// What it is about, as [`subject`] writes it.
    pub subject: String,
    /// What was found.
    pub statement: Text,
    /// What to do.
    pub recommendation: Text,
    /// Evidence.
    pub evidence: Vec<EvidenceRef>,
    /// Sample.
    pub sample: Option<SampleRef>,
    /// Drafts with the same cause are one finding: the first is the primary, the others
    /// are reported inside it.
    pub cause: Option<String>,
    /// The auditor's verdict that withdrew or regraded it.
    pub overrule: Option<Overrule>,
}

impl Draft {
    /// A finding of registry kind `kind` about `subject` (one of [`subject`]'s), with the
    /// kind's default grade and rationale.
    pub fn new(
        kind: &'static FindingKind,
        requirement: &str,
        subject: String,
        statement: Text,
        recommendation: Text,
    ) -> Draft {
        Draft {
            code: kind.code,
            grade: kind.grade,
            rationale: Text::new(kind.rationale.0, kind.rationale.1),
            requirement: requirement.to_string(),
            also: Vec::new(),
            subject,
            statement,
            recommendation,
            evidence: Vec::new(),
            sample: None,
            cause: None,
            overrule: None,
        }
    }

    /// The same finding with another grade, and the reason for it.
    pub fn graded(mut self, grade: Grade, rationale: Text) -> Draft {
        self.grade = grade;
        self.rationale = rationale;
        self
    }

    /// The same finding, sharing `cause` with any other finding that names it.
    pub fn caused_by(mut self, cause: impl Into<String>) -> Draft {
        self.cause = Some(cause.into());
        self
    }
}

/// What one rule concluded about one requirement.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Status.
    pub status: Status,
    /// On what the status rests: [`Basis::Verified`] for rules that examine objective
    /// evidence, [`Basis::SelfDeclared`] for the provider's register.
    pub basis: Basis,
    /// Findings.
    pub drafts: Vec<Draft>,
    /// Why the rule could not decide, when it could not.
    pub notes: Vec<Text>,
    /// Records tested without exception (for good practice).
    pub records_passed: usize,
    /// Absences that are findings in a complete submission and requests in a partial one
    /// (see [`Outcome::absent`]).
    pub not_supplied: Vec<Draft>,
}

impl Outcome {
    /// A decided outcome resting on objective evidence.
    pub fn status(status: Status) -> Outcome {
        Outcome {
            status,
            basis: Basis::Verified,
            drafts: Vec::new(),
            notes: Vec::new(),
            records_passed: 0,
            not_supplied: Vec::new(),
        }
    }

    /// Nothing of a kind the requirement needs is in the evidence (a document type, an
    /// activity): `draft` says so. In a complete submission that is a finding and the
    /// requirement is nonconforming; in a partial one nothing was examined, so the
    /// requirement is not assessed and the absence goes on the evidence request list.
    pub fn absent(ctx: &Context, draft: Draft) -> Outcome {
        match ctx.supplied {
            EvidenceSupplied::Complete => {
                Outcome::status(Status::NotAssessed).with(draft, Status::Nonconforming)
            }
            EvidenceSupplied::Partial => {
                let note = Text::new(
                    format!(
                        "not assessed: {} The evidence is a partial submission (assessment.toml: evidence = \"partial\"), so an absence is not a finding: it is on the evidence request list. Supply it, or declare evidence = \"complete\" once the client confirms the folder holds all their documentation and records.",
                        draft.statement.en
                    ),
                    format!(
                        "未评估：{}所提供的证据为部分提交（assessment.toml：evidence = \"partial\"），缺失不构成发现项，已列入证据需求清单。请提供该证据；或在客户确认文件夹包含其全部文件和记录后声明 evidence = \"complete\"。",
                        draft.statement.zh
                    ),
                );
                let mut o = Outcome::not_assessed(note);
                o.not_supplied.push(draft);
                o
            }
        }
    }

    /// An undecided outcome, with the reason.
    pub fn not_assessed(note: Text) -> Outcome {
        Outcome {
            notes: vec![note],
            ..Outcome::status(Status::NotAssessed)
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

/// Evidence reference for records `indices` of a record set (capped at 100 records). A record
/// folded from a history cites every row of its id.
pub fn records_ref(info: &RecordSetInfo, table: &RecordTable, indices: &[usize]) -> EvidenceRef {
    const CAP: usize = 100;
    EvidenceRef {
        path: info.path.clone(),
        sha256: info.sha256.clone(),
        sheet: info.sheet.clone(),
        rows: indices
            .iter()
            .take(CAP)
            .flat_map(|&i| table.rows_of(i).iter().copied())
            .collect(),
        record_ids: indices
            .iter()
            .take(CAP)
            .map(|&i| table.record_id(i))
            .collect(),
        locations: Vec::new(),
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
        locations: Vec::new(),
    }
}

/// A kind of evidence rule: its name in the catalogue, its parameters, what makes them valid,
/// and how a rule of the kind judges a requirement.
pub trait Kind: Sync {
    /// The name the catalogue writes (`kind = "document"`).
    const NAME: &'static str;

    /// The parameters, read from the rule's `params` table (which rejects unknown keys when
    /// the type does).
    type Params: DeserializeOwned;

    /// What is wrong with parameters that were read, checked on their own and against the
    /// catalogue's document and record `types` (for `catalogue validate`); nothing by default.
    fn validate(params: &Self::Params, types: &KnownTypes) -> Result<(), ParamsError> {
        let _ = (params, types);
        Ok(())
    }

    /// The record sets (by kind name) a rule with these parameters reads, so that a document
    /// rule can tell whether the process it documents runs; none by default.
    fn record_sets(params: &Self::Params) -> Vec<String> {
        let _ = params;
        Vec::new()
    }

    /// The parameters with which the kind also judges every requirement that wires no rule
    /// of it (the register is consulted for all); `None`, the default, for kinds that judge
    /// only where the catalogue wires them.
    fn implicit() -> Option<Self::Params> {
        None
    }

    /// Judges `req` by a rule with these parameters.
    fn evaluate(params: &Self::Params, req: &Requirement, ctx: &Context, prior: &Prior) -> Outcome;
}

/// A [`Kind`] with its parameters still as written: what the registry holds, so kinds with
/// different parameter types sit in one list.
pub trait AnyKind: Sync {
    /// The name the catalogue writes.
    fn name(&self) -> &'static str;

    /// Why a rule of this kind with `params` cannot run, or `None` when it can.
    fn problem(&self, params: &toml::Table, types: &KnownTypes) -> Option<String>;

    /// The record sets a rule of this kind with `params` reads (none when they do not parse).
    fn record_sets(&self, params: &toml::Table) -> Vec<String>;

    /// The kind's judgement of a requirement that wires no rule of it, if it judges those.
    fn implicit_outcome(&self, req: &Requirement, ctx: &Context, prior: &Prior) -> Option<Outcome>;

    /// Judges `req` by `rule` (a rule of this kind).
    fn evaluate(
        &self,
        rule: &EvidenceRule,
        req: &Requirement,
        ctx: &Context,
        prior: &Prior,
    ) -> Outcome;
}

impl<K: Kind> AnyKind for K {
    fn name(&self) -> &'static str {
        K::NAME
    }

    fn problem(&self, params: &toml::Table, types: &KnownTypes) -> Option<String> {
        parse::<K::Params>(params)
            .and_then(|p| K::validate(&p, types))
            .err()
            .map(|e| e.to_string())
    }

    fn record_sets(&self, params: &toml::Table) -> Vec<String> {
        parse::<K::Params>(params)
            .map(|p| K::record_sets(&p))
            .unwrap_or_default()
    }

    fn implicit_outcome(&self, req: &Requirement, ctx: &Context, prior: &Prior) -> Option<Outcome> {
        K::implicit().map(|p| K::evaluate(&p, req, ctx, prior))
    }

    fn evaluate(
        &self,
        rule: &EvidenceRule,
        req: &Requirement,
        ctx: &Context,
        prior: &Prior,
    ) -> Outcome {
        // A loaded catalogue's parameters were validated; this only guards the impossible.
        match parse::<K::Params>(&rule.params) {
            Ok(p) => K::evaluate(&p, req, ctx, prior),
            Err(e) => Outcome::not_assessed(Text::new(
                format!("rule `{:?}` has invalid parameters: {e}", rule.kind),
                format!("规则 `{:?}` 的参数无效：{e}", rule.kind),
            )),
        }
    }
}

/// Reads a rule's parameters as a kind's parameter type.
fn parse<P: DeserializeOwned>(params: &toml::Table) -> Result<P, ParamsError> {
    toml::Value::Table(params.clone())
        .try_into()
        .map_err(|e: toml::de::Error| ParamsError::Unreadable(e.message().to_string()))
}

/// What is wrong with a rule's parameters, as `catalogue validate` reports it (after "has a
/// … rule that cannot run: "): the parameter, and what to write instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamsError {
    /// The `params` table does not read as the kind's parameters: an unknown key, a value of
    /// the wrong type, a key missing (the TOML reader's words).
    #[error("{0}")]
    Unreadable(String),
    /// A number outside the range the kind accepts.
    #[error("{parameter} = {value} is outside {range}")]
    OutOfRange {
        /// The parameter.
        parameter: &'static str,
        /// Its value, as written.
        value: String,
        /// The range accepted (`1-60`).
        range: &'static str,
    },
    /// A record set no schema describes.
    #[error("unknown record set `{0}`")]
    UnknownSet(String),
    /// A field the record set's schema does not have.
    #[error("`{field}` is not a field of {set}")]
    UnknownField {
        /// The field named.
        field: String,
        /// The record set.
        set: String,
    },
    /// A records check the tool does not have.
    #[error("unknown records check `{check}`; known: {known}")]
    UnknownCheck {
        /// The check named.
        check: String,
        /// The checks there are, comma-separated.
        known: String,
    },
    /// A document or record type the catalogue does not declare.
    #[error("its type `{0}` is neither a document type nor a record type in the catalogue")]
    UnknownType(String),
    /// Any other condition a kind sets on one of its parameters: `` `{parameter}` {problem}``.
    #[error("`{parameter}` {problem}")]
    Invalid {
        /// The parameter.
        parameter: &'static str,
        /// What is wrong with it and what to write, as a phrase continuing its name.
        problem: String,
    },
}

/// A list of kinds of rule: what evaluates a catalogue's rules, and what judges them while
/// the catalogue loads.
#[derive(Clone, Copy)]
pub struct Registry<'a> {
    kinds: &'a [&'a dyn AnyKind],
}

impl<'a> Registry<'a> {
    /// A registry of `kinds` (their names must differ).
    pub const fn new(kinds: &'a [&'a dyn AnyKind]) -> Registry<'a> {
        Registry { kinds }
    }

    /// Every kind, in order.
    pub fn kinds(&self) -> &'a [&'a dyn AnyKind] {
        self.kinds
    }

    /// The kind of a rule: the one named `kind`.
    pub fn kind(&self, kind: &RuleKind) -> Option<&'a dyn AnyKind> {
        self.kinds.iter().copied().find(|k| k.name() == kind.name())
    }

    /// The record sets `rule` reads (none for a kind the registry does not hold).
    pub fn record_sets(&self, rule: &EvidenceRule) -> Vec<String> {
        self.kind(&rule.kind)
            .map(|k| k.record_sets(&rule.params))
            .unwrap_or_default()
    }
}

impl RuleValidator for Registry<'_> {
    fn kind_names(&self) -> Vec<&'static str> {
        self.kinds.iter().map(|k| k.name()).collect()
    }

    fn problem(&self, rule: &EvidenceRule, types: &KnownTypes) -> Option<String> {
        match self.kind(&rule.kind) {
            Some(kind) => kind.problem(&rule.params, types),
            // The loader rejects unknown kinds before it asks; this answers anyone else.
            None => Some(format!("no kind of rule is called `{}`", rule.kind.name())),
        }
    }
}

/// The judgements made before the requirements' rules run.
pub struct Prior<'a> {
    /// Governance of the processes other parties operate.
    pub governance: &'a Governance,
}

/// Governance findings and the status each governance requirement takes from them.
pub struct Governance {
    /// Findings.
    pub drafts: Vec<Draft>,
    pub(super) statuses: HashMap<String, Status>,
    pub(super) declared: bool,
}

impl Governance {
    /// The outcome of a `governance` rule on `req`.
    pub fn outcome_for(&self, req: &Requirement) -> Outcome {
        if !self.declared {
            return Outcome::not_assessed(Text::new(
                "no process run by another party is declared (no population: neither a pass nor a fail)",
                "未声明由其他方运行的过程（无适用对象：既非通过也非不通过）",
            ));
        }
        Outcome::status(
            self.statuses
                .get(&req.id)
                .copied()
                .unwrap_or(Status::Conforming),
        )
    }
}
