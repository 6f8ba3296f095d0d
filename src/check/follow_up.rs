//! The follow-up of the previous assessment (`assess --previous`): each finding is matched
//! with the previous assessment's by its stable key ([`crate::cycle::matching`]) and marked
//! new, persisting or regraded; the previous findings no longer raised are closed. The
//! corrective actions the provider wrote into the previous report's workbook are read back
//! ([`crate::cycle::actions`]) and carried with the findings they answer.
//!
//! A nonconformity found again whose corrective action was due before this assessment's date
//! and is not done is evidence in its own right: all of them make one finding against the
//! catalogue's `follow_up` requirements (one cause: corrective action is not being managed),
//! and with the grading profile's `escalate_repeated` each such minor is graded major as a
//! repeated nonconformity.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::rule::{file_ref, Context, Draft};
use super::{findings, subject};
use crate::assessment::{
    ClosedFinding, CorrectiveAction, EvidenceRef, Finding, FindingDetail, FindingFollowUp,
    FollowUpCounts, FollowUpStatus, Grade, PreviousAssessment, Status,
};
use crate::catalogue::Catalogue;
use crate::cycle::actions::ActionPlan;
use crate::cycle::matching::{match_findings, FollowUp};
use crate::diagnostic::Diagnostic;
use crate::evidence::limits::Limits;
use crate::i18n::Text;

/// The previous assessment, as `assess --previous` read it.
#[derive(Debug, Clone)]
pub struct Previous {
    /// Its assessment.json, as given.
    pub path: String,
    /// That file's SHA-256.
    pub sha256: String,
    /// The assessment.
    pub assessment: crate::assessment::Assessment,
    /// The corrective actions read from its workbook, when one was found.
    pub actions: Option<ActionsRead>,
    /// What went wrong finding or reading the workbook.
    pub warnings: Vec<String>,
}

/// Corrective actions read from a workbook.
#[derive(Debug, Clone)]
pub struct ActionsRead {
    /// The workbook, as a path the user can open.
    pub path: String,
    /// Its SHA-256.
    pub sha256: String,
    /// What was read.
    pub plan: ActionPlan,
}

impl ActionsRead {
    /// The workbook's sheet the actions were read from, as evidence.
    fn reference(&self) -> EvidenceRef {
        EvidenceRef {
            sheet: Some(self.plan.sheet.clone()),
            ..file_ref(&self.path, &self.sha256)
        }
    }
}

impl Previous {
    /// The action recorded against the previous finding `id`.
    fn action(&self, id: &str) -> Option<&CorrectiveAction> {
        self.actions.as_ref().and_then(|a| a.plan.actions.get(id))
    }

    /// The action that answers previous finding `f`, and the finding it was recorded
    /// against: its own, or for a minor counted inside a major, the major's (the action plan
    /// lists only the major).
    fn action_for<'a>(&'a self, f: &'a Finding) -> Option<(&'a Finding, &'a CorrectiveAction)> {
        if let Some(a) = self.action(&f.id) {
            return Some((f, a));
        }
        let major = f.escalated_into.as_deref()?;
        let owner = self.assessment.findings.iter().find(|x| x.id == major)?;
        self.action(major).map(|a| (owner, a))
    }
}

/// Gives the previous assessment's findings the ids their requirements have now, when it was
/// made against an earlier version of the same catalogue that numbered them differently.
fn renumber(assessment: &mut crate::assessment::Assessment, cat: &Catalogue) {
    let current = |id: &mut String| {
        if let Some(now) = cat.current_id(id) {
            *id = now.to_string();
        }
    };
    for finding in &mut assessment.findings {
        current(&mut finding.requirement);
        finding.requirements.iter_mut().for_each(current);
    }
}

/// Reads the previous assessment to follow up, and the corrective actions filled into its
/// workbook. An unreadable assessment stops the run (the user asked for a follow-up); a
/// workbook that cannot be read only costs the actions, and says so.
pub fn read_previous(
    path: &Path,
    actions: Option<&Path>,
    cat: &Catalogue,
) -> Result<Previous, Diagnostic> {
    use crate::cycle::input;
    let text = input::read_text(path)?;
    let mut assessment = input::parse(path, &text)?;
    let sha256 = sha256_hex(text.as_bytes());
    let mut warnings = Vec::new();
    if assessment.catalogue.id == cat.header.id {
        renumber(&mut assessment, cat);
    } else {
        warnings.push(format!(
            "{}: the previous assessment was made against {}, this one against {}; findings are matched by code, requirement and subject, so those on requirements the catalogues number differently show as closed and new",
            path.display(),
            assessment.catalogue.id,
            cat.header.id
        ));
    }
    let candidates: Vec<PathBuf> = match actions {
        Some(a) => vec![a.to_path_buf()],
        None => workbooks_beside(path, &assessment),
    };
    let mut read = None;
    for workbook in &candidates {
        let plan = workbook_bytes(workbook).and_then(|bytes| {
            read_action_plan(&bytes, workbook, &Limits::default())
                .map(|plan| plan.map(|p| (p, sha256_hex(&bytes))))
        });
        match plan {
            Ok(Some((plan, sha256))) => {
                read = Some(ActionsRead {
                    path: workbook.display().to_string(),
                    sha256,
                    plan,
                });
                break;
            }
            Ok(None) => warnings.push(format!(
                "{}: no sheet has a finding column with action columns (owner, due date, status …); the corrective actions were not read",
                workbook.display()
            )),
            Err(e) => warnings.push(format!("{e}; the corrective actions were not read")),
        }
    }
    if candidates.is_empty() {
        warnings.push(format!(
            "no report workbook beside {}: the previous findings are followed up without their corrective actions (give the filled-in workbook with --actions)",
            path.display()
        ));
    }
    Ok(Previous {
        path: path.display().to_string(),
        sha256,
        assessment,
        actions: read,
        warnings,
    })
}

/// The workbooks next to a previous assessment.json that may hold its action plan: the
/// report workbook of its kind, in each language, those that exist.
fn workbooks_beside(
    previous_json: &Path,
    previous: &crate::assessment::Assessment,
) -> Vec<PathBuf> {
    use crate::i18n::Lang;
    let dir = previous_json.parent().unwrap_or(Path::new("."));
    [Lang::En, Lang::Zh]
        .into_iter()
        .map(|lang| dir.join(crate::report::file_name(previous.kind, lang, "xlsx")))
        .filter(|p| p.is_file())
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::domain::hex(&Sha256::digest(bytes))
}

/// The corrective actions in a workbook's bytes (named `path` in messages), once the
/// workbook passed the limits any workspace workbook is held to (zip inflation, ODS cells):
/// one given with `--actions` comes from anywhere.
pub fn read_action_plan(
    bytes: &[u8],
    path: &Path,
    limits: &Limits,
) -> Result<Option<ActionPlan>, ActionsUnread> {
    use crate::evidence::limits::{check_ods_cells, check_zip};
    let refused = |source| ActionsUnread::Refused {
        path: path.to_path_buf(),
        source,
    };
    check_zip(std::io::Cursor::new(bytes), limits).map_err(refused)?;
    check_ods_cells(std::io::Cursor::new(bytes), limits).map_err(refused)?;
    Ok(crate::cycle::actions::read(bytes, path)?)
}

/// Why the corrective actions of a workbook were not read (the follow-up goes on without
/// them).
#[derive(Debug, thiserror::Error)]
pub enum ActionsUnread {
    /// The file cannot be read from disk.
    #[error("{}: cannot be read ({source})", path.display())]
    Unreadable {
        /// The workbook.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is over the evidence reader's file-size limit.
    #[error("{}: {} MB is over the {} MB file limit", path.display(), .size >> 20, .limit >> 20)]
    TooBig {
        /// The workbook.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The container was refused by a limit before a sheet was opened.
    #[error("{}: {source}", path.display())]
    Refused {
        /// The workbook.
        path: PathBuf,
        /// The limit crossed.
        source: crate::evidence::limits::LimitError,
    },
    /// No spreadsheet reader opens it.
    #[error(transparent)]
    NotAWorkbook(#[from] crate::cycle::actions::NotAWorkbook),
}

/// A workbook's bytes, within the file-size limit the evidence reader keeps to (the reader
/// checks the rest).
fn workbook_bytes(path: &Path) -> Result<Vec<u8>, ActionsUnread> {
    let limits = Limits::default();
    let unreadable = |source| ActionsUnread::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > limits.max_file_bytes {
        return Err(ActionsUnread::TooBig {
            path: path.to_path_buf(),
            size,
            limit: limits.max_file_bytes,
        });
    }
    std::fs::read(path).map_err(unreadable)
}

/// Whether `action` was due before the assessment date and is not done.
fn is_overdue(action: &CorrectiveAction, ctx: &Context) -> bool {
    let (Some(due), Some(today)) = (
        action
            .due
            .as_deref()
            .and_then(crate::domain::date::Timestamp::parse),
        ctx.assessment_date,
    ) else {
        return false;
    };
    !action.done && due.day() < today.day()
}

/// A finding found again whose action is overdue: the previous finding, its action, and the
/// position of the draft that continues it.
struct Overdue<'a> {
    /// The previous finding the action was recorded against.
    previous: &'a Finding,
    action: &'a CorrectiveAction,
    draft: usize,
    /// The action is the finding's own, not that of the major it was counted in.
    own: bool,
}

/// A draft seen as a finding, only so that it can be matched before findings are numbered.
fn provisional(i: usize, d: &Draft) -> Finding {
    Finding {
        id: format!("#{i}"),
        code: d.code.to_string(),
        grade: d.grade,
        grading_rationale: d.rationale.clone(),
        requirement: d.requirement.clone(),
        requirements: vec![d.requirement.clone()],
        clause: String::new(),
        subject: d.subject.clone(),
        statement: d.statement.clone(),
        details: Vec::new(),
        recommendation: d.recommendation.clone(),
        evidence: Vec::new(),
        sample: None,
        includes: Vec::new(),
        escalated_into: None,
        waiver: None,
        follow_up: None,
        overruled: None,
    }
}

/// Before findings are numbered: grades repeated minors (when the profile says so) and adds
/// the overdue-action finding. Returns the requirements that finding fails, whose status
/// must reflect it.
pub fn judge(
    ctx: &Context,
    previous: &Previous,
    merged: &mut Vec<(Draft, Vec<FindingDetail>)>,
) -> Vec<String> {
    let drafts: Vec<Finding> = merged
        .iter()
        .enumerate()
        .map(|(i, (d, _))| provisional(i, d))
        .collect();
    let matches = match_findings(&previous.assessment.findings, &drafts);
    let mut overdue: Vec<Overdue> = Vec::new();
    for m in &matches.all {
        let (Some(before), Some(now)) = (m.previous, m.current) else {
            continue;
        };
        if !before.grade.is_nonconformity() || !now.grade.is_nonconformity() {
            continue;
        }
        let Some((owner, action)) = previous.action_for(before) else {
            continue;
        };
        if is_overdue(action, ctx) {
            let draft = now.id[1..].parse().expect("provisional ids are #N");
            overdue.push(Overdue {
                previous: owner,
                action,
                draft,
                own: std::ptr::eq(owner, before),
            });
        }
    }
    if overdue.is_empty() {
        return Vec::new();
    }
    let then = previous
        .assessment
        .assessment_date
        .as_deref()
        .unwrap_or("?");
    if ctx.grading.escalate_repeated {
        // A minor counted inside a major last time is followed up through that major.
        for o in overdue.iter().filter(|o| o.own) {
            let (d, _) = &mut merged[o.draft];
            if d.grade == Grade::Minor {
                let due = o.action.due.as_deref().unwrap_or("?");
                d.grade = Grade::Major;
                d.rationale = Text::new(
                    format!("a repeated nonconformity: raised as minor {} by the assessment of {then}, its corrective action due {due} is not done, and the grading profile grades a repeated minor major", o.previous.id),
                    format!("重复不符合：{then}的评估已将其作为轻微不符合{}提出，计划于{due}完成的纠正措施未完成，评级规则将重复的轻微不符合判为严重不符合", o.previous.id),
                );
            }
        }
    }
    let Some(requirements) = ctx.catalogue.header.follow_up.as_ref() else {
        return Vec::new();
    };
    // One line per action: the minors of an escalated major share the major's.
    let mut seen = std::collections::HashSet::new();
    overdue.retain(|o| seen.insert(o.previous.id.clone()));
    let (lines_en, lines_zh): (Vec<String>, Vec<String>) = overdue
        .iter()
        .map(|o| {
            let (a, p) = (o.action, o.previous);
            let (owner, due) = (or_dash(&a.owner), a.due.as_deref().unwrap_or("–"));
            (
                format!(
                    "{} ({}, {}): owner {owner}, due {due}, status {}",
                    p.id,
                    crate::check::grade::grade_name_en(p.grade),
                    p.requirement,
                    quoted_or_blank(&a.status, "blank"),
                ),
                format!(
                    "{}（{}，{}）：负责人{owner}，计划完成日期{due}，状态{}",
                    p.id,
                    crate::check::grade::grade_name_zh(p.grade),
                    p.requirement,
                    quoted_or_blank(&a.status, "空白"),
                ),
            )
        })
        .unzip();
    let n = overdue.len();
    let mut draft = Draft::new(
        &findings::CORRECTIVE_ACTION_OVERDUE,
        &requirements.corrective_action,
        subject::corrective_actions(),
        Text::new(
            format!(
                "{n} nonconformit{} of the assessment of {then} {} found again, and the corrective action{} recorded against {} in the previous report's workbook {} past due and not done: {}.",
                if n == 1 { "y" } else { "ies" },
                if n == 1 { "is" } else { "are" },
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" },
                if n == 1 { "is" } else { "are" },
                lines_en.join("; ")
            ),
            format!(
                "{then}评估的{n}项不符合再次被发现，且服务提供方在上次报告工作簿中针对其记录的纠正措施已逾期未完成：{}。",
                lines_zh.join("；")
            ),
        ),
        findings::CORRECTIVE_ACTION_OVERDUE.default_recommendation(),
    );
    draft.also = requirements.verification.clone();
    draft.evidence = evidence(previous, &overdue);
    merged.push((draft, Vec::new()));
    std::iter::once(requirements.corrective_action.clone())
        .chain(requirements.verification.iter().cloned())
        .collect()
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "–"
    } else {
        s
    }
}

fn quoted_or_blank(s: &str, blank: &str) -> String {
    if s.trim().is_empty() {
        blank.to_string()
    } else {
        format!("\"{s}\"")
    }
}

/// The workbook rows of the overdue actions, and the previous assessment's findings.
fn evidence(previous: &Previous, overdue: &[Overdue]) -> Vec<EvidenceRef> {
    let ids: Vec<String> = overdue.iter().map(|o| o.previous.id.clone()).collect();
    let mut out = Vec::new();
    if let Some(a) = &previous.actions {
        let mut rows: Vec<u32> = overdue.iter().map(|o| o.action.row).collect();
        rows.sort_unstable();
        out.push(EvidenceRef {
            rows,
            record_ids: ids.clone(),
            ..a.reference()
        });
    }
    out.push(EvidenceRef {
        record_ids: ids,
        ..file_ref(&previous.path, &previous.sha256)
    });
    out
}

/// The status a requirement failed by the overdue-action finding gets: a minor's, unless
/// something worse was already found.
pub fn worsened(status: Status) -> Status {
    if status.severity() > Status::Partial.severity() {
        status
    } else {
        Status::Partial
    }
}

/// After findings are numbered: marks each with what became of it, and gathers the previous
/// assessment's closed findings.
pub fn annotate(
    ctx: &Context,
    previous: &Previous,
    findings: &mut [Finding],
) -> PreviousAssessment {
    let matches = match_findings(&previous.assessment.findings, findings);
    let mut by_current: HashMap<String, FindingFollowUp> = HashMap::new();
    let mut closed = Vec::new();
    let mut counts = FollowUpCounts::default();
    let mut late_rows = std::collections::BTreeSet::new();
    for m in &matches.all {
        match (m.previous, m.current) {
            (Some(before), None) => {
                counts.closed += 1;
                closed.push(ClosedFinding {
                    id: before.id.clone(),
                    code: before.code.clone(),
                    grade: before.grade,
                    requirement: before.requirement.clone(),
                    subject: before.subject.clone(),
                    statement: before.statement.clone(),
                    action: previous.action_for(before).map(|(_, a)| a.clone()),
                });
            }
            (before, Some(now)) => {
                let status = match m.follow_up {
                    FollowUp::New => FollowUpStatus::New,
                    FollowUp::Persisting => FollowUpStatus::Persisting,
                    FollowUp::Regraded { .. } => FollowUpStatus::Regraded,
                    FollowUp::Closed => FollowUpStatus::Closed,
                };
                match status {
                    FollowUpStatus::New => counts.new += 1,
                    FollowUpStatus::Persisting => counts.persisting += 1,
                    _ => counts.regraded += 1,
                }
                let action = before
                    .and_then(|b| previous.action_for(b))
                    .map(|(_, a)| a.clone());
                let late = before.is_some_and(|b| b.grade.is_nonconformity())
                    && now.grade.is_nonconformity()
                    && action.as_ref().is_some_and(|a| is_overdue(a, ctx));
                if late {
                    // Counted by action: the minors of a major share its one action.
                    late_rows.extend(action.as_ref().map(|a| a.row));
                }
                by_current.insert(
                    now.id.clone(),
                    FindingFollowUp {
                        status,
                        previous_id: before.map(|b| b.id.clone()),
                        previous_grade: before.map(|b| b.grade),
                        action,
                        overdue: late,
                    },
                );
            }
            (None, None) => {}
        }
    }
    for f in findings.iter_mut() {
        f.follow_up = by_current.remove(&f.id);
    }
    let overdue = late_rows.len();
    let p = &previous.assessment;
    let mut warnings = previous.warnings.clone();
    if let Some(a) = &previous.actions {
        warnings.extend(a.plan.warnings.iter().cloned());
    }
    if overdue > 0 && ctx.catalogue.header.follow_up.is_none() {
        warnings.push(format!(
            "{overdue} corrective action(s) are past due, but the catalogue {} names no `follow_up` requirement to raise that against; add `follow_up` to its catalogue.toml",
            ctx.catalogue.header.id
        ));
    }
    PreviousAssessment {
        path: previous.path.clone(),
        sha256: previous.sha256.clone(),
        assessment_date: p.assessment_date.clone(),
        kind: p.kind,
        catalogue: p.catalogue.clone(),
        actions: previous.actions.as_ref().map(ActionsRead::reference),
        counts,
        overdue,
        closed,
        warnings,
    }
}
