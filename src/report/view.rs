//! The report view-model: everything a renderer shows, built once from the assessment (and
//! the catalogue's texts). Renderers only lay it out; none re-derives a score or a status.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::colour::{basis_colour, grade_colour, status_colour};
use super::requirement_view::RequirementView;
use crate::assessment::{
    Assessment, Basis, Finding, FollowUpStatus, Grade, OverruleOutcome, Status, Verdict,
};
use crate::catalogue::{Catalogue, RuleKind};
use crate::domain::engagement::{AssessmentKind, EvidenceSupplied};
use crate::i18n::Lang;
use crate::labels::Labels;

/// A count with its label and colour.
#[derive(Debug, Clone, Serialize)]
pub struct CountView {
    /// Machine name (`major`, `conforming` …).
    pub code: String,
    /// Label.
    pub label: String,
    /// Count.
    pub count: usize,
    /// Colour.
    pub colour: String,
}

/// A clause row.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseView {
    /// Clause id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Score, when scored.
    pub score: Option<f64>,
    /// Score as text (`96.6` or `–`).
    pub score_text: String,
    /// Depth (0 for a top-level clause).
    pub depth: usize,
    /// Requirement counts.
    pub conforming: usize,
    /// Partial.
    pub partial: usize,
    /// Nonconforming.
    pub nonconforming: usize,
    /// Not assessed.
    pub not_assessed: usize,
}

/// Requirements of one leaf clause.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementGroup {
    /// Clause id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Score text.
    pub score_text: String,
    /// Rows.
    pub requirements: Vec<RequirementView>,
}

/// One evidence reference of a finding.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// File.
    pub path: String,
    /// Sheet, or empty.
    pub sheet: String,
    /// Rows, comma-separated.
    pub rows: String,
    /// Record ids, comma-separated.
    pub record_ids: String,
    /// SHA-256.
    pub sha256: String,
    /// One line for tables.
    pub text: String,
}

/// A sample.
#[derive(Debug, Clone, Serialize)]
pub struct SampleView {
    /// Finding id.
    pub finding: String,
    /// Requirement.
    pub requirement: String,
    /// Check code.
    pub code: String,
    /// Population.
    pub population: usize,
    /// Method.
    pub method: String,
    /// Seed, or empty.
    pub seed: String,
    /// Size.
    pub size: usize,
    /// Sampled ids (capped for display).
    pub ids: String,
}

/// A finding row.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// Id.
    pub id: String,
    /// Code.
    pub code: String,
    /// Grade label.
    pub grade: String,
    /// Grade code.
    pub grade_code: Grade,
    /// Grade colour.
    pub grade_colour: String,
    /// Requirement.
    pub requirement: String,
    /// Clause.
    pub clause: String,
    /// Statement.
    pub statement: String,
    /// Why it has its grade.
    pub grading_rationale: String,
    /// The statement with the same-cause details and the minors contained, as one text for
    /// table cells.
    pub statement_full: String,
    /// Every requirement it affects, comma-separated.
    pub requirements: String,
    /// For an escalated minor, the major that counts it.
    pub escalated_into: String,
    /// For an escalated major, the minors it contains, comma-separated.
    pub includes: String,
    /// Grade label with the escalation, e.g. "Minor nonconformity → F-002".
    pub grade_text: String,
    /// Recommendation.
    pub recommendation: String,
    /// Evidence references.
    pub evidence: Vec<EvidenceView>,
    /// Sample, if any.
    pub sample: Option<SampleView>,
    /// Requirement weight.
    pub weight: u32,
    /// Rank in the action plan (1 = first), 0 outside it.
    pub priority: usize,
    /// What became of it since the previous assessment ("persisting (F-004)"), when one was
    /// followed up.
    pub follow_up: String,
    /// The corrective action recorded against it last time, carried into this report's
    /// action columns so the provider updates it rather than writing it again.
    pub action: super::follow_up::ActionView,
    /// Its corrective action is past due.
    pub overdue: bool,
    /// An auditor's verdict withdrew it: it is listed, marked, and neither counted nor
    /// acted on.
    pub withdrawn: bool,
    /// How many requirements it affects (for ordering by seriousness).
    pub requirement_count: usize,
    /// How many records its evidence cites (for ordering by seriousness).
    pub record_count: usize,
}

/// A row of the mandatory-documents checklist.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    /// Document type id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Found?
    pub found: bool,
    /// Found as text.
    pub found_text: String,
    /// File.
    pub file: String,
    /// Version.
    pub version: String,
    /// Approval as text.
    pub approved: String,
    /// Next review date.
    pub next_review: String,
}

/// An evidence file row.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// Path.
    pub path: String,
    /// SHA-256.
    pub sha256: String,
    /// Size.
    pub bytes: u64,
    /// Kind.
    pub kind: String,
    /// Requirements it serves (from the register).
    pub serves: String,
}

/// A tailoring decision row.
#[derive(Debug, Clone, Serialize)]
pub struct TailoringView {
    /// Target.
    pub target: String,
    /// Where it was requested.
    pub requested: String,
    /// Reason.
    pub reason: String,
    /// Decision.
    pub decision: String,
}

/// A team member.
#[derive(Debug, Clone, Serialize)]
pub struct TeamView {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
}

impl ReportView {
    /// The findings at `indexes` (of [`ReportView::findings`]).
    pub fn pick(&self, indexes: &[usize]) -> Vec<&FindingView> {
        indexes.iter().map(|&i| &self.findings[i]).collect()
    }
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Language.
    pub lang: Lang,
    /// Fixed texts.
    pub labels: Labels,
    /// Gap or internal audit.
    pub kind: AssessmentKind,
    /// Kind label.
    pub kind_label: String,
    /// Report title.
    pub title: String,
    /// Organisation.
    pub organisation: String,
    /// Assessment date.
    pub assessment_date: String,
    /// Period, as text.
    pub period: String,
    /// The period's label: the assessment period, or in an audit the period audited.
    pub period_label: String,
    /// The team's label: assessment team, or audit team.
    pub team_label: String,
    /// Scope statement.
    pub scope: String,
    /// Services, as text.
    pub services: String,
    /// Locations, as text.
    pub locations: String,
    /// Team.
    pub team: Vec<TeamView>,
    /// The catalogue assessed against, by its title.
    pub edition: String,
    /// The edition of the standard, e.g. `ISO/IEC 20000-1:2018` (the catalogue's title when
    /// it names no edition).
    pub edition_name: String,
    /// The audit's objectives, naming the edition.
    pub objectives_text: String,
    /// The audit's criteria: the edition and its clauses, and the provider's own.
    pub criteria_text: String,
    /// How the requirements were judged and the findings graded.
    pub method_text: String,
    /// Catalogue id and version.
    pub catalogue: String,
    /// Catalogue SHA-256.
    pub catalogue_sha256: String,
    /// Overall (verified) score.
    pub score: f64,
    /// Score as text.
    pub score_text: String,
    /// The score if every claim held (gap analyses), as text; empty otherwise.
    pub claims_score_text: String,
    /// The score if the provider's claims hold, when there are claims.
    pub claims_score: Option<f64>,
    /// Verdict label (with "provisional" when it is).
    pub verdict: String,
    /// Whether the verdict is provisional.
    pub provisional: bool,
    /// What the verdict rests on, in one or two sentences.
    pub basis_summary: String,
    /// What an internal audit concludes on the system's effectiveness.
    pub effectiveness: String,
    /// How the internal audit was conducted (`[audit]`).
    pub audit: crate::domain::engagement::AuditConduct,
    /// Requirements per basis.
    pub basis_counts: Vec<CountView>,
    /// The grading profile, as text.
    pub grading: String,
    /// The audit team's independence statement (internal audits), or empty.
    pub independence: String,
    /// Verdict code.
    pub verdict_code: Verdict,
    /// Verdict colour.
    pub verdict_colour: String,
    /// Findings per grade.
    pub grade_counts: Vec<CountView>,
    /// Requirements per status.
    pub status_counts: Vec<CountView>,
    /// The top-level clauses.
    pub top_clauses: Vec<ClauseView>,
    /// Every clause.
    pub clauses: Vec<ClauseView>,
    /// Every requirement.
    pub requirements: Vec<RequirementView>,
    /// Requirements per leaf clause.
    pub requirement_groups: Vec<RequirementGroup>,
    /// Findings, most serious first.
    pub findings: Vec<FindingView>,
    /// Nonconformities that count on their own (for corrective-action requests).
    pub nonconformities: Vec<usize>,
    /// The most serious gaps.
    pub top_gaps: Vec<usize>,
    /// What to ask the client for next, most urgent first.
    pub requests: Vec<super::requests::EvidenceRequest>,
    /// Action plan, in priority order.
    pub actions: Vec<usize>,
    /// Mandatory-documents checklist.
    pub documents: Vec<DocumentRow>,
    /// Evidence files.
    pub evidence_files: Vec<FileView>,
    /// Tailoring decisions.
    pub tailoring: Vec<TailoringView>,
    /// Samples.
    pub samples: Vec<SampleView>,
    /// Whether any record check sampled rather than tested everything.
    pub sampled: bool,
    /// The way from the predecessor edition, in a transition gap analysis.
    pub transition: Option<super::transition::TransitionView>,
    /// The follow-up of the previous assessment, when one was given.
    pub follow_up: Option<super::follow_up::FollowUpView>,
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>, sep: &str) -> String {
    items
        .into_iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

fn score_text(s: Option<f64>) -> String {
    s.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into())
}

/// Whether a record id is the row a record without an id is cited by (`row 9`).
fn is_row_placeholder(id: &str) -> bool {
    id.strip_prefix("row ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A record id in `lang`: the row a record without an id is cited by reads as a row.
fn row_id(id: &str, lang: Lang) -> String {
    match (lang, is_row_placeholder(id)) {
        (Lang::Zh, true) => format!("第{}行", &id["row ".len()..]),
        _ => id.to_string(),
    }
}

/// Where in a document an element was found, as the assessment stores it (`(a) under
/// "4.1 Objectives"`), in `lang`.
fn location(stored: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        if let Some((element, heading)) = stored.split_once(") under \"") {
            let element = element.trim_start_matches('(');
            let heading = heading.trim_end_matches('"');
            return format!("（{element}）见\u{201c}{heading}\u{201d}");
        }
    }
    stored.to_string()
}

/// A sampling method's name, as the assessment stores it, in `lang`.
fn sample_method(name: &str, lang: Lang) -> String {
    match (name, lang) {
        (_, Lang::En) => name.to_string(),
        ("full", Lang::Zh) => "全部".to_string(),
        ("simple-random", Lang::Zh) => "简单随机".to_string(),
        ("systematic", Lang::Zh) => "系统抽样".to_string(),
        ("stratified", Lang::Zh) => "分层抽样".to_string(),
        (other, Lang::Zh) => other.to_string(),
    }
}

/// A file's kind, as the evidence index stores it, in `lang`.
fn file_kind(name: &str, lang: Lang) -> String {
    match (name, lang) {
        (_, Lang::En) => name.to_string(),
        ("manifest", Lang::Zh) => "工作区清单".to_string(),
        ("markdown", Lang::Zh) => "MD文件".to_string(),
        ("text", Lang::Zh) => "文本".to_string(),
        ("other", Lang::Zh) => "其他".to_string(),
        ("xlsx" | "ods" | "csv" | "docx" | "pdf", Lang::Zh) => name.to_uppercase(),
        (other, Lang::Zh) => other.to_string(),
    }
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(|x| x.as_str())
        .unwrap_or("")
        .to_string()
}

/// Builds the view of `assessment` in `lang`, as a report of `kind` (an assessment can be
/// reported in the other kind's style).
pub fn build(
    a: &Assessment,
    kind: AssessmentKind,
    catalogue: &Catalogue,
    lang: Lang,
) -> ReportView {
    let labels = Labels::of(lang).for_kind(kind);
    let weights: HashMap<&str, u32> = a
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.weight))
        .collect();
    let finding_view = |f: &Finding| {
        let evidence: Vec<EvidenceView> = f
            .evidence
            .iter()
            .map(|e| {
                let rows = join(e.rows.iter().take(20), ", ");
                // A record without an id is cited by its row, which the rows already say.
                let ids = join(
                    e.record_ids
                        .iter()
                        .filter(|id| !is_row_placeholder(id))
                        .take(20),
                    ", ",
                );
                let mut text = e.path.clone();
                if let Some(s) = &e.sheet {
                    text.push_str(&format!(" [{s}]"));
                }
                if !rows.is_empty() {
                    text.push_str(&format!(" {} {rows}", labels.rows.to_lowercase()));
                }
                if !ids.is_empty() {
                    text.push_str(&format!(" ({ids})"));
                }
                if !e.locations.is_empty() {
                    let locations: Vec<String> =
                        e.locations.iter().map(|l| location(l, lang)).collect();
                    let sep = if lang == Lang::Zh { "；" } else { "; " };
                    text.push_str(&format!(" [{}]", locations.join(sep)));
                }
                if !e.sha256.is_empty() {
                    text.push_str(&format!(" sha256:{}", &e.sha256[..12.min(e.sha256.len())]));
                }
                EvidenceView {
                    path: e.path.clone(),
                    sheet: e.sheet.clone().unwrap_or_default(),
                    rows,
                    record_ids: ids,
                    sha256: e.sha256.clone(),
                    text,
                }
            })
            .collect();
        let details: Vec<String> = f
            .details
            .iter()
            .map(|d| {
                format!(
                    "{} {} ({}): {}",
                    labels.same_cause,
                    d.requirement,
                    d.code,
                    d.statement.get(lang)
                )
            })
            .collect();
        let grading_rationale = f.grading_rationale.get(lang).to_string();
        let mut statement_full = f.statement.get(lang).to_string();
        for d in details {
            statement_full.push_str(&format!("\n• {d}"));
        }
        if !f.includes.is_empty() {
            statement_full.push_str(&format!("\n{}: {}", labels.contains, f.includes.join(", ")));
        }
        let mut grade_text = match &f.escalated_into {
            Some(major) => format!("{} ({} {major})", labels.grade(f.grade), labels.counted_in),
            None => labels.grade(f.grade).to_string(),
        };
        if let Some(o) = &f.overruled {
            // Who overruled it, when and why, where the grade is read.
            let who: Vec<&str> = [o.auditor.as_deref(), o.date.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let who = if who.is_empty() {
                o.source.clone()
            } else {
                format!("{}; {}", who.join(", "), o.source)
            };
            match o.outcome {
                OverruleOutcome::Withdrawn => {
                    grade_text = format!("{grade_text} — {} ({who})", labels.overruled);
                }
                OverruleOutcome::Superseded => {
                    grade_text = format!("{grade_text} — {} ({who})", labels.superseded);
                }
            }
            if let Some(note) = &o.note {
                statement_full.push_str(&format!("\n{}: {note}", labels.auditor_note));
            }
        }
        if let Some(w) = &f.waiver {
            // The waiver's outcome, its reason and approver go where the grade is read.
            grade_text.push_str(&format!(" — {}", w.note.get(lang)));
            statement_full.push_str(&format!(
                "\n{}: {} ({})",
                labels.waiver, w.reason, w.approved_by
            ));
        }
        FindingView {
            id: f.id.clone(),
            code: f.code.clone(),
            grade: labels.grade(f.grade).to_string(),
            grade_code: f.grade,
            grade_colour: grade_colour(f.grade).to_string(),
            requirement: f.requirement.clone(),
            clause: f.clause.clone(),
            statement: f.statement.get(lang).to_string(),
            grading_rationale,
            statement_full,
            requirements: if f.requirements.is_empty() {
                f.requirement.clone()
            } else {
                f.requirements.join(", ")
            },
            escalated_into: f.escalated_into.clone().unwrap_or_default(),
            includes: f.includes.join(", "),
            grade_text,
            recommendation: f.recommendation.get(lang).to_string(),
            evidence,
            sample: f.sample.as_ref().map(|s| SampleView {
                finding: f.id.clone(),
                requirement: f.requirement.clone(),
                code: f.code.clone(),
                population: s.population,
                method: sample_method(&s.method, lang),
                seed: s.seed.map(|x| x.to_string()).unwrap_or_default(),
                size: s.size,
                ids: {
                    let ids: Vec<String> =
                        s.ids.iter().take(50).map(|id| row_id(id, lang)).collect();
                    let shown = join(ids.iter(), ", ");
                    if s.ids.len() > 50 {
                        format!("{shown} … (+{})", s.ids.len() - 50)
                    } else {
                        shown
                    }
                },
            }),
            weight: weights.get(f.requirement.as_str()).copied().unwrap_or(1),
            priority: 0,
            follow_up: f
                .follow_up
                .as_ref()
                .map(|fu| {
                    let status = match fu.status {
                        FollowUpStatus::New => labels.follow_up_new,
                        FollowUpStatus::Persisting => labels.follow_up_persisting,
                        FollowUpStatus::Regraded => labels.follow_up_regraded,
                        FollowUpStatus::Closed => labels.follow_up_closed,
                    };
                    match &fu.previous_id {
                        Some(id) => format!("{status} ({id})"),
                        None => status.to_string(),
                    }
                })
                .unwrap_or_default(),
            action: super::follow_up::ActionView::of(
                f.follow_up.as_ref().and_then(|fu| fu.action.as_ref()),
            ),
            overdue: f.follow_up.as_ref().is_some_and(|fu| fu.overdue),
            withdrawn: f.withdrawn(),
            requirement_count: f.requirements.len().max(1),
            record_count: f
                .evidence
                .iter()
                .map(|e| e.record_ids.len().max(e.rows.len()))
                .sum(),
        }
    };
    let mut findings: Vec<FindingView> = a.findings.iter().map(finding_view).collect();
    let by_id: HashMap<&str, &FindingView> = findings.iter().map(|f| (f.id.as_str(), f)).collect();

    // Register links: which requirements each file serves.
    let mut serves: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut req_files: HashMap<String, Vec<String>> = HashMap::new();
    for row in a
        .evidence
        .get("register")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        let path = str_of(row, "path");
        if path.is_empty() {
            continue;
        }
        for id in row
            .get("requirements")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(id) = id.as_str() {
                serves.entry(path.clone()).or_default().push(id.to_string());
                req_files
                    .entry(id.to_string())
                    .or_default()
                    .push(path.clone());
            }
        }
    }

    // Record exports serve the requirements whose checks read them; documents, those of
    // the mandatory type they were recognised as.
    for c in &a.coverage {
        if let Some(path) = &c.path {
            serves
                .entry(path.clone())
                .or_default()
                .extend(c.requirements.iter().cloned());
        }
    }
    for d in a
        .evidence
        .get("documents")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
    {
        let path = str_of(d, "path");
        let id = str_of(d, "document_type");
        if let Some(dt) = catalogue.document_types.iter().find(|t| t.id == id) {
            serves
                .entry(path)
                .or_default()
                .extend(dt.requirements.iter().cloned());
        }
    }

    let clause_title = |id: &str| {
        catalogue
            .clause(id)
            .map(|c| c.title.get(lang).to_string())
            .unwrap_or_default()
    };
    let requirements: Vec<RequirementView> = a
        .requirements
        .iter()
        .map(|r| {
            let text = catalogue
                .requirement(&r.id)
                .map(|q| requirement_text(q, lang))
                .unwrap_or_default();
            let mut files: Vec<String> = r
                .findings
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .flat_map(|f| f.evidence.iter().map(|e| e.path.clone()))
                .chain(req_files.get(&r.id).cloned().unwrap_or_default())
                .collect();
            files.sort();
            files.dedup();
            RequirementView {
                id: r.id.clone(),
                clause: r.clause.clone(),
                clause_title: clause_title(&r.clause),
                text,
                status: if r.basis == Basis::SelfDeclared && r.status == Status::Conforming {
                    format!("{} ({})", labels.status(r.status), labels.claimed)
                } else {
                    labels.status(r.status).to_string()
                },
                status_code: r.status,
                status_colour: status_colour(r.status).to_string(),
                score_text: score_text(r.score),
                score: r.score,
                auto_status: labels.status(r.auto_status).to_string(),
                auditor_status: r
                    .auditor_status
                    .map(|s| labels.status(s).to_string())
                    .unwrap_or_default(),
                auditor_note: r.auditor_note.clone().unwrap_or_default(),
                basis: labels.basis(r.basis).to_string(),
                basis_code: r.basis,
                basis_colour: basis_colour(r.basis).to_string(),
                notes: r
                    .notes
                    .iter()
                    .map(|n| n.get(lang))
                    .collect::<Vec<_>>()
                    .join(" "),
                findings: r.findings.join(", "),
                evidence_files: files.join("; "),
                action: r
                    .findings
                    .first()
                    .and_then(|id| by_id.get(id.as_str()))
                    .map(|f| f.recommendation.clone())
                    .unwrap_or_default(),
                weight: r.weight,
            }
        })
        .collect();
    let clauses: Vec<ClauseView> = a
        .clauses
        .iter()
        .map(|c| ClauseView {
            id: c.id.clone(),
            title: c.title.get(lang).to_string(),
            score: c.score,
            score_text: score_text(c.score),
            depth: c.id.matches('.').count(),
            conforming: c.status_counts.conforming,
            partial: c.status_counts.partial,
            nonconforming: c.status_counts.nonconforming,
            not_assessed: c.status_counts.not_assessed,
        })
        .collect();
    let leaf_ids: Vec<&str> = catalogue
        .clauses
        .iter()
        .filter(|c| catalogue.is_leaf(&c.id))
        .map(|c| c.id.as_str())
        .collect();
    let requirement_groups = leaf_ids
        .iter()
        .map(|leaf| RequirementGroup {
            id: leaf.to_string(),
            title: clause_title(leaf),
            score_text: clauses
                .iter()
                .find(|c| c.id == *leaf)
                .map(|c| c.score_text.clone())
                .unwrap_or_default(),
            requirements: requirements
                .iter()
                .filter(|r| r.clause == *leaf)
                .cloned()
                .collect(),
        })
        .collect();

    // An escalated minor is acted on through the major that contains it.
    // Tables of a subset of the findings hold their indexes, not copies: a large assessment
    // has tens of thousands of findings.
    let mut actions: Vec<usize> = (0..findings.len())
        .filter(|&i| {
            let f = &findings[i];
            !matches!(f.grade_code, Grade::Ofi | Grade::GoodPractice)
                && f.escalated_into.is_empty()
                && !f.withdrawn
        })
        .collect();
    actions.sort_by(|&x, &y| {
        let (x, y) = (&findings[x], &findings[y]);
        (x.grade_code, std::cmp::Reverse(x.weight), &x.id).cmp(&(
            y.grade_code,
            std::cmp::Reverse(y.weight),
            &y.id,
        ))
    });
    for (rank, &i) in actions.iter().enumerate() {
        findings[i].priority = rank + 1;
    }
    let nonconformities: Vec<usize> = (0..findings.len())
        .filter(|&i| {
            findings[i].grade_code.is_nonconformity()
                && findings[i].escalated_into.is_empty()
                && !findings[i].withdrawn
        })
        .collect();
    // The most serious first: by grade, then by how many requirements and records each
    // affects; the finding number breaks ties.
    let mut most_serious = nonconformities.clone();
    most_serious.sort_by(|&x, &y| {
        let key = |f: &FindingView| {
            (
                f.grade_code,
                std::cmp::Reverse(f.requirement_count),
                std::cmp::Reverse(f.record_count),
                f.id.clone(),
            )
        };
        key(&findings[x]).cmp(&key(&findings[y]))
    });

    let docs: Vec<&Value> = a
        .evidence
        .get("documents")
        .and_then(|d| d.as_array())
        .map(|d| d.iter().collect())
        .unwrap_or_default();
    let unread_files: Vec<&Value> = a
        .evidence
        .get("unread")
        .and_then(|d| d.as_array())
        .map(|d| d.iter().collect())
        .unwrap_or_default();
    let documents = catalogue
        .document_types
        .iter()
        .map(|t| {
            let found = docs
                .iter()
                .filter(|d| {
                    d.get("document_types")
                        .and_then(|x| x.as_array())
                        .is_some_and(|x| x.iter().any(|v| v.as_str() == Some(&t.id)))
                })
                .max_by_key(|d| str_of(d, "document_type") == t.id);
            let approved = found.map(|d| {
                if d.get("draft").and_then(|x| x.as_bool()) == Some(true) {
                    return format!("{} ({})", labels.no, labels.draft);
                }
                let by = str_of(d, "approved_by");
                let on = str_of(d, "approved_on");
                match (by.is_empty(), on.is_empty()) {
                    (true, true) => labels.no.to_string(),
                    (false, true) => by,
                    (true, false) => on,
                    (false, false) => format!("{by}, {on}"),
                }
            });
            // A file that could not be read and may be this document: not examined, not absent.
            let unread: Vec<String> = if found.is_some() {
                Vec::new()
            } else {
                unread_files
                    .iter()
                    .filter(|u| {
                        u.get("document_types")
                            .and_then(|x| x.as_array())
                            .is_some_and(|x| x.iter().any(|v| v.as_str() == Some(&t.id)))
                    })
                    .map(|u| str_of(u, "path"))
                    .collect()
            };
            DocumentRow {
                id: t.id.clone(),
                title: t.title.get(lang).to_string(),
                found: found.is_some(),
                found_text: if found.is_some() {
                    labels.yes
                } else if !unread.is_empty() {
                    labels.not_examined
                } else if a.evidence_supplied == EvidenceSupplied::Partial {
                    labels.not_supplied_requested
                } else {
                    labels.no
                }
                .to_string(),
                file: found
                    .map(|d| str_of(d, "path"))
                    .unwrap_or_else(|| unread.join("; ")),
                version: found.map(|d| str_of(d, "version")).unwrap_or_default(),
                approved: approved.unwrap_or_default(),
                next_review: found.map(|d| str_of(d, "next_review")).unwrap_or_default(),
            }
        })
        .collect();
    // Every file is inventoried with its hash; one skipped (an empty file, an old report, a
    // sample's guide) says so, so the appendix never shows it as evidence.
    let skipped: std::collections::HashSet<String> = a
        .evidence
        .get("skipped")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .map(|s| str_of(s, "path"))
        .collect();
    let evidence_files = a
        .evidence
        .get("files")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .map(|f| {
            let path = str_of(f, "path");
            let mut s = serves.get(&path).cloned().unwrap_or_default();
            s.sort();
            s.dedup();
            let serves = if s.is_empty() && skipped.contains(&path) {
                labels.skipped_not_evidence.to_string()
            } else {
                s.join(", ")
            };
            FileView {
                sha256: str_of(f, "sha256"),
                bytes: f.get("bytes").and_then(|b| b.as_u64()).unwrap_or(0),
                kind: file_kind(&str_of(f, "kind"), lang),
                serves,
                path,
            }
        })
        .collect();
    let tailoring = a
        .tailoring
        .iter()
        .map(|t| TailoringView {
            target: t.target.clone(),
            requested: t.requested.clone(),
            reason: t.reason.clone(),
            decision: t.decision.get(lang).to_string(),
        })
        .collect();
    let samples: Vec<SampleView> = findings.iter().filter_map(|f| f.sample.clone()).collect();
    let c = &a.summary.counts;
    let grade_counts = Grade::ALL
        .into_iter()
        .map(|g| CountView {
            code: g.name().to_string(),
            label: labels.grade(g).to_string(),
            count: c.get(g),
            colour: grade_colour(g).to_string(),
        })
        .collect();
    let b = &a.summary.basis;
    let basis_counts = Basis::ALL
        .into_iter()
        .map(|k| CountView {
            code: k.name().to_string(),
            label: labels.basis(k).to_string(),
            count: b.get(k),
            colour: basis_colour(k).to_string(),
        })
        .collect();
    let basis_summary = basis_sentence(a, kind, lang);
    let edition_name = edition_name(a, catalogue, lang);
    let clauses_span = catalogue.clause_span(lang);
    let audit_clause = catalogue
        .requirement_with_rule(&RuleKind::Records, "check", "audit_independent")
        .map(|r| r.clause.clone())
        .unwrap_or_default();
    let fill =
        |label: &str| crate::labels::fill(label, &edition_name, &clauses_span, &audit_clause);
    let independence = independence_sentence(a, lang, &labels, &fill, &audit_clause);
    let r = &a.summary.requirements;
    let status_counts = [
        (Status::Conforming, r.conforming),
        (Status::Partial, r.partial),
        (Status::Nonconforming, r.nonconforming),
        (Status::NotAssessed, r.not_assessed),
    ]
    .into_iter()
    .map(|(s, n)| CountView {
        code: format!("{s:?}").to_lowercase(),
        label: labels.status(s).to_string(),
        count: n,
        colour: status_colour(s).to_string(),
    })
    .collect();
    let verdict_colour = a.summary.verdict.colour();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let transition = match kind {
        AssessmentKind::Transition => {
            super::transition::build(&edition_name, catalogue, &requirements, &labels, lang)
        }
        _ => None,
    };
    ReportView {
        lang,
        kind,
        kind_label: labels.kind(kind).to_string(),
        title: format!("{edition_name} {}", labels.report_title(kind)),
        organisation: a.organisation.clone(),
        assessment_date: a.assessment_date.clone().unwrap_or_default(),
        period_label: match kind {
            AssessmentKind::InternalAudit => labels.audit_period,
            AssessmentKind::Gap | AssessmentKind::Transition => labels.period,
        }
        .to_string(),
        team_label: match kind {
            AssessmentKind::InternalAudit => labels.audit_team,
            AssessmentKind::Gap | AssessmentKind::Transition => labels.team,
        }
        .to_string(),
        period: match (&a.period.start, &a.period.end) {
            (Some(s), Some(e)) => format!("{s} – {e}"),
            _ => String::new(),
        },
        scope: a.scope.statement.clone(),
        services: a.scope.services.join(sep),
        locations: a.scope.locations.join(sep),
        team: a
            .team
            .iter()
            .map(|t| TeamView {
                name: t.name.clone(),
                role: match kind {
                    AssessmentKind::InternalAudit => auditor_role(&t.role),
                    _ => t.role.clone(),
                },
            })
            .collect(),
        audit: a.audit.clone(),
        edition: a.catalogue.title.get(lang).to_string(),
        objectives_text: fill(labels.objectives_text),
        // A withdrawn edition is said where each report states what it judged against: the
        // audit report's criteria, the gap and transition reports' method.
        criteria_text: with_withdrawal(a, lang, fill(labels.criteria_text)),
        method_text: with_withdrawal(a, lang, fill(labels.method_text)) + &value_rules(a, lang),
        edition_name,
        catalogue: format!("{} {}", a.catalogue.id, a.catalogue.version),
        catalogue_sha256: a.catalogue.sha256.clone(),
        score: a.summary.score,
        score_text: format!("{:.1}", a.summary.score),
        claims_score_text: a
            .summary
            .score_if_claims_hold
            .map(|s| format!("{s:.1}"))
            .unwrap_or_default(),
        claims_score: a.summary.score_if_claims_hold,
        verdict: {
            let v = a.summary.verdict;
            let text = labels
                .verdict_for(v, kind)
                .replace("{n}", &a.summary.counts.minor.to_string());
            if a.summary.provisional && v != Verdict::NotConcluded {
                format!("{text} ({})", labels.provisional)
            } else {
                text
            }
        },
        effectiveness: effectiveness(a, lang),
        provisional: a.summary.provisional,
        basis_summary,
        basis_counts,
        // The profile's id is a name for the manifest; a Chinese reader gets its title.
        grading: match lang {
            Lang::Zh => a.grading.title.zh.clone(),
            Lang::En => format!("{} — {}", a.grading.id, a.grading.title.en),
        },
        independence,
        verdict_code: a.summary.verdict,
        verdict_colour: verdict_colour.to_string(),
        grade_counts,
        status_counts,
        top_clauses: clauses.iter().filter(|c| c.depth == 0).cloned().collect(),
        clauses,
        requirements,
        requirement_groups,
        top_gaps: most_serious.into_iter().take(10).collect(),
        requests: super::requests::build(a, catalogue, lang),
        nonconformities,
        actions,
        findings,
        documents,
        evidence_files,
        tailoring,
        sampled: a
            .findings
            .iter()
            .filter_map(|f| f.sample.as_ref())
            .any(|s| s.method != "full"),
        samples,
        transition,
        follow_up: super::follow_up::build(a, &labels, lang),
        labels,
    }
}

/// A requirement's text with its content elements, so a list requirement never ends on a
/// dangling colon: "The SM plan contains …: (a) the SM objectives; (b) …".
pub fn requirement_text(req: &crate::catalogue::Requirement, lang: Lang) -> String {
    let text = req.text.get(lang).trim().to_string();
    if req.elements.is_empty() {
        return text;
    }
    let items: Vec<String> = req
        .elements
        .iter()
        .map(|e| match lang {
            Lang::En => format!("({}) {}", e.id, e.text.get(lang)),
            Lang::Zh => format!("（{}）{}", e.id, e.text.get(lang)),
        })
        .collect();
    match lang {
        Lang::En => format!("{} {}.", text, items.join("; ").trim_end_matches('.')),
        Lang::Zh => format!("{}{}。", text, items.join("；").trim_end_matches('。')),
    }
}

/// The executive summary's statement of what the verdict rests on: the four basis counts,
/// the two scores of a gap analysis, and whether the verdict is provisional.
/// A team role as an internal audit names it: its team are auditors, so a role written for
/// a gap analysis ("lead assessor", 评估员) is shown in audit terms; any other role as written.
fn auditor_role(role: &str) -> String {
    role.replace("Assessor", "Auditor")
        .replace("assessor", "auditor")
        .replace("评估组长", "审核组长")
        .replace("评估员", "审核员")
        .replace("评估师", "审核员")
}

/// What an internal audit concludes on the effectiveness of the system (ISO 19011 6.5),
/// from the findings that count: where majors stand it is not effective, minors are lapses
/// in a system that works, and nothing is said of what was not examined.
fn effectiveness(a: &Assessment, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let clauses = |grade: Grade| -> String {
        let mut ids: Vec<&str> = a
            .findings
            .iter()
            .filter(|f| f.counts() && f.grade == grade)
            .map(|f| f.clause.as_str())
            .collect();
        ids.sort_by_key(|c| {
            c.split('.')
                .map(|p| p.parse::<u32>().unwrap_or(u32::MAX))
                .collect::<Vec<_>>()
        });
        ids.dedup();
        ids.join(if zh { "、" } else { ", " })
    };
    let c = &a.summary.counts;
    match (a.summary.verdict, zh) {
        (Verdict::NotReady, false) => format!("The SMS is not effectively implemented and maintained where the {} major nonconformities stand ({}).", c.major, clauses(Grade::Major)),
        (Verdict::NotReady, true) => format!("在{}项严重不符合所涉及的方面（{}），服务管理体系未得到有效实施和保持。", c.major, clauses(Grade::Major)),
        (Verdict::ReadyWithMinor, false) => format!("The SMS is implemented and maintained, and effective in what was examined; the {} minor nonconformities ({}) are lapses to correct, not a failure of the system.", c.minor, clauses(Grade::Minor)),
        (Verdict::ReadyWithMinor, true) => format!("服务管理体系已实施并保持，就所检查的内容而言是有效的；{}项轻微不符合（{}）为需纠正的疏漏，并非体系失效。", c.minor, clauses(Grade::Minor)),
        (Verdict::Ready, false) => "The SMS is effectively implemented and maintained in what was examined.".to_string(),
        (Verdict::Ready, true) => "就所检查的内容而言，服务管理体系得到有效实施和保持。".to_string(),
        (Verdict::NotConcluded, false) => format!("Not concluded: {} requirements had nothing examined.", a.summary.basis.not_assessed),
        (Verdict::NotConcluded, true) => format!("无法得出结论：{}项要求未经任何检查。", a.summary.basis.not_assessed),
    }
}

fn basis_sentence(a: &Assessment, kind: AssessmentKind, lang: Lang) -> String {
    let b = &a.summary.basis;
    let total = b.verified + b.auditor + b.self_declared + b.not_assessed;
    let audit = kind == AssessmentKind::InternalAudit;
    let absent = a.not_supplied.len();
    let mut out = match (a.evidence_supplied, lang) {
        (EvidenceSupplied::Complete, Lang::En) => "The client confirmed that the evidence is its complete SMS documentation and records for the period, so what is absent from it is a finding. ".to_string(),
        (EvidenceSupplied::Complete, Lang::Zh) => "客户确认所提供的证据为其考察期间全部的服务管理体系文件和记录，因此其中缺失的内容构成发现项。".to_string(),
        (EvidenceSupplied::Partial, Lang::En) => format!("The evidence is a partial submission: what it does not hold is not assessed and is on the evidence request list, never a finding ({absent} documents or activities with nothing in the evidence). "),
        (EvidenceSupplied::Partial, Lang::Zh) => format!("所提供的证据为部分提交：其中没有的内容记为未评估并列入证据需求清单，从不构成发现项（{absent}项文件或活动在证据中没有任何内容）。"),
    };
    out.push_str(&match lang {
        Lang::En => format!(
            "Of the {total} requirements, {} were verified automatically from objective evidence (records, documents, dated events), {} were judged by the auditor, {} rest only on the provider's own claim and {} were not assessed.",
            b.verified, b.auditor, b.self_declared, b.not_assessed
        ),
        Lang::Zh => format!(
            "在{total}项要求中，{}项依据客观证据（记录、文件、有日期的事件）自动验证，{}项由审核员判定，{}项仅有服务提供方的自我声明，{}项{}。",
            b.verified, b.auditor, b.self_declared, b.not_assessed,
            if audit { "未审核" } else { "未评估" }
        ),
    });
    // "Verified" is a rule that examined evidence present; a conclusion from absence in a
    // complete submission is said apart.
    let from_absence = a
        .requirements
        .iter()
        .filter(|r| r.basis == Basis::Verified && r.status == Status::Nonconforming)
        .filter(|r| {
            a.findings.iter().any(|f| {
                f.counts()
                    && matches!(f.code.as_str(), "document_missing" | "interval_none")
                    && f.requirements.contains(&r.id)
            })
        })
        .count();
    if from_absence > 0 {
        out.push_str(&match lang {
            Lang::En => format!(" Of those verified, {from_absence} rest on an absence: nothing they need is in the evidence, which the client confirmed complete."),
            Lang::Zh => format!("在经验证的要求中，{from_absence}项依据缺失判定：证据中没有其所需的任何内容，而客户已确认证据完整。"),
        });
    }
    let scored = a.summary.scored;
    // Assessments written before the count existed do not say it.
    let known = scored > 0 || a.summary.score == 0.0;
    // A provider's own "partly met" or "not met" is taken at its word, so it is scored.
    let admitted = scored.saturating_sub(b.verified + b.auditor);
    out.push_str(&match lang {
        _ if !known => String::new(),
        Lang::En if admitted > 0 => format!(" The score, {:.1}, rests on {scored} requirements: those verified or judged by the auditor, and {admitted} the provider itself reports as not fully met; what was not assessed, and a claim of conformity, are left out of it, alike in a gap analysis and an internal audit.", a.summary.score),
        Lang::Zh if admitted > 0 => format!("得分{:.1}依据{scored}项要求计算：经验证或由审核员判定的要求，以及服务提供方自述未完全满足的{admitted}项；未评估的要求和自我声明的符合不计入得分，差距分析与内部审核相同。", a.summary.score),
        Lang::En => format!(" The score, {:.1}, rests on the {scored} requirements verified or judged by the auditor; what was not assessed, and a claim of conformity, are left out of it, alike in a gap analysis and an internal audit.", a.summary.score),
        Lang::Zh => format!("得分{:.1}依据经验证或由审核员判定的{scored}项要求计算；未评估的要求和自我声明的符合不计入得分，差距分析与内部审核相同。", a.summary.score),
    });
    if audit && b.self_declared > 0 {
        out.push_str(&match lang {
            Lang::En => format!(" In an internal audit a claim does not count as conformity: the {} claimed requirements are reported as not assessed, each with what the auditor must examine.", b.self_declared),
            Lang::Zh => format!("内部审核中自我声明不视为符合：{}项自我声明的要求记为未审核，并逐项说明审核员须检查的内容。", b.self_declared),
        });
    }
    if let Some(claims) = a.summary.score_if_claims_hold {
        out.push_str(&match lang {
            Lang::En => format!(" The verified score, which reads a claim as not assessed, is {:.1}; if every claim held it would be {claims:.1}.", a.summary.score),
            Lang::Zh => format!("已验证得分（将自我声明视为未评估）为{:.1}；若所有声明属实则为{claims:.1}。", a.summary.score),
        });
    }
    if a.summary.provisional {
        out.push_str(&match lang {
            Lang::En => format!(" The verdict is provisional: {} requirements were neither verified nor judged by the auditor, and examining them could change it.", a.summary.unseen),
            Lang::Zh => format!("该结论为暂定：有{}项要求既未验证也未经审核员判定，检查后结论可能改变。", a.summary.unseen),
        });
    }
    out
}

/// The value rules the evidence was read with, one sentence each ("exports/incident.csv:
/// priority 1 read as a major incident …"), so the method says every assumption the findings
/// rest on; empty when none was applied.
fn value_rules(a: &Assessment, lang: Lang) -> String {
    let mut rules: Vec<String> = Vec::new();
    for set in a.evidence["record_sets"].as_array().into_iter().flatten() {
        let path = set["path"].as_str().unwrap_or_default();
        for d in set["derived"].as_array().into_iter().flatten() {
            let text = d["text"][lang.to_string()].as_str().unwrap_or_default();
            if !text.is_empty() {
                rules.push(format!("{path}: {text}"));
            }
        }
    }
    let mut out = String::new();
    if !rules.is_empty() {
        out.push_str(&match lang {
            Lang::Zh => format!(" 读取导出时采用的取值规则：{}。", rules.join("；")),
            Lang::En => format!(
                " Value rules the exports were read with (each finding that rests on one says so): {}.",
                rules.join("; ")
            ),
        });
    }
    let blocked: Vec<String> = a
        .coverage
        .iter()
        .filter(|c| !c.ran)
        .filter_map(|c| {
            let path = c.path.as_deref()?;
            let why = if c.missing.is_empty() {
                String::new()
            } else {
                let sep = if lang == Lang::Zh { "、" } else { ", " };
                match lang {
                    Lang::Zh => format!("，缺少{}", c.missing.join(sep)),
                    Lang::En => format!(", no {}", c.missing.join(sep)),
                }
            };
            Some(format!("{} ({path}{why})", c.code))
        })
        .collect();
    if !blocked.is_empty() {
        out.push_str(&match lang {
            Lang::Zh => format!(
                " 以下记录检查因缺少列或值不可读而未评价，其结果不计为符合或不符合：{}。",
                blocked.join("；")
            ),
            Lang::En => format!(
                " Record checks not evaluated, for want of a column or of readable values, and counted neither as met nor as failed: {}.",
                blocked.join("; ")
            ),
        });
    }
    out
}

/// `text` after the catalogue's withdrawal note, when its edition is withdrawn.
fn with_withdrawal(a: &Assessment, lang: Lang, text: String) -> String {
    match &a.catalogue.withdrawn {
        Some(w) => format!("{} {text}", w.note.get(lang)),
        None => text,
    }
}

/// The edition the assessment was made against, as its reports name it: as the assessment
/// records it (format 1.1 on), else as the catalogue it was made with says, else that
/// catalogue's title.
fn edition_name(a: &Assessment, catalogue: &Catalogue, lang: Lang) -> String {
    if !a.catalogue.edition.is_empty() {
        return a.catalogue.edition.clone();
    }
    if catalogue.header.id == a.catalogue.id && !catalogue.header.edition.is_empty() {
        return catalogue.header.edition.clone();
    }
    a.catalogue.title.get(lang).to_string()
}

/// The audit team's independence, stated only as far as the manifest declared it.
fn independence_sentence(
    a: &Assessment,
    lang: Lang,
    labels: &Labels,
    fill: &dyn Fn(&str) -> String,
    audit_clause: &str,
) -> String {
    let Some(ind) = &a.independence else {
        return String::new();
    };
    if !ind.conflicts.is_empty() {
        let parts: Vec<String> = ind
            .conflicts
            .iter()
            .map(|c| {
                let see = c.finding.clone().unwrap_or_default();
                match (lang, c.clauses.is_empty()) {
                    (Lang::En, false) => format!(
                        "{} audited {}, which they work in (see {see})",
                        c.member,
                        c.clauses.join(", ")
                    ),
                    (Lang::En, true) => format!(
                        "{} is declared not independent of the areas audited (see {see})",
                        c.member
                    ),
                    (Lang::Zh, false) => format!(
                        "{}审核了其所在的{}（见{see}）",
                        c.member,
                        c.clauses.join("、")
                    ),
                    (Lang::Zh, true) => format!("{}被声明不独立于受审核领域（见{see}）", c.member),
                }
            })
            .collect();
        let sentence = match lang {
            Lang::En => format!(
                "Auditors must not audit their own work ({{audit_clause}}), but {}.",
                parts.join("; ")
            ),
            Lang::Zh => format!(
                "审核员不得审核自己的工作（{{audit_clause}}），但{}。",
                parts.join("；")
            ),
        };
        return crate::labels::fill(&sentence, "", "", audit_clause);
    }
    if ind.declared {
        fill(labels.independence_declared)
    } else {
        fill(labels.independence_not_declared)
    }
}
