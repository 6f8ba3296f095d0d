//! The progress between two assessments, as `iso20k diff` reports it: scores before and after
//! (overall and per clause), what became of each finding, the requirements whose status
//! changed and the evidence files added, changed or removed. Every number is read from the
//! two assessments, never recomputed from evidence, so it is the number each one states.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::matching::{match_findings, FindingKey, FollowUp, FollowUpCounts};
use crate::assessment::{Assessment, Grade, GradeCounts, Status, StatusCounts, Tool, Verdict};
use crate::domain::engagement::AssessmentKind;
use crate::i18n::Text;

/// The progress between an earlier and a later assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// The tool that compared them (first: it marks the file as iso20k's, so it is never
    /// read back as evidence).
    pub tool: Tool,
    /// The earlier assessment.
    pub previous: Side,
    /// The later assessment.
    pub current: Side,
    /// What makes the comparison doubtful (other catalogues, other organisations …), as
    /// printed on stderr.
    pub warnings: Vec<String>,
    /// The verified score, before and after.
    pub score: Change,
    /// How many findings of each follow-up.
    pub follow_up: FollowUpCounts,
    /// Every clause of either assessment: the later one's in its order, then any clause only
    /// the earlier one has.
    pub clauses: Vec<ClauseProgress>,
    /// Every finding of either assessment: closed, regraded, new, then persisting; each group
    /// in its assessment's order (most serious first).
    pub findings: Vec<FindingProgress>,
    /// Requirements of both assessments whose status changed, in the later one's order.
    pub requirements: Vec<RequirementChange>,
    /// Requirements only the earlier assessment has (another catalogue).
    pub requirements_only_before: usize,
    /// Requirements only the later assessment has.
    pub requirements_only_after: usize,
    /// How many evidence files were added, changed, removed or kept.
    pub evidence_counts: EvidenceCounts,
    /// Evidence files added, changed or removed, by path.
    pub evidence: Vec<EvidenceChange>,
}

/// One of the two assessments, in brief.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The assessment.json, as named on the command line.
    pub file: String,
    /// The organisation.
    pub organisation: String,
    /// Gap analysis or internal audit.
    pub kind: AssessmentKind,
    /// The date it speaks for.
    pub assessment_date: Option<String>,
    /// Catalogue id.
    pub catalogue: String,
    /// Catalogue version.
    pub catalogue_version: String,
    /// The edition of the standard, when the catalogue names one.
    pub edition: String,
    /// The workspace assessed, as its path was given to `assess`.
    pub workspace: String,
    /// Verified score.
    pub score: f64,
    /// Readiness verdict.
    pub verdict: Verdict,
    /// Findings per grade, as the assessment counts them.
    pub counts: GradeCounts,
    /// Requirements per status.
    pub requirements: StatusCounts,
    /// Evidence files read.
    pub evidence_files: usize,
}

/// A value before and after, and by how much it moved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// In the earlier assessment (none when not scored there).
    pub before: Option<f64>,
    /// In the later one.
    pub after: Option<f64>,
    /// After less before, one decimal (none unless both are scored).
    pub change: Option<f64>,
}

impl Change {
    /// The change from `before` to `after`.
    pub fn new(before: Option<f64>, after: Option<f64>) -> Change {
        Change {
            before,
            after,
            change: before
                .zip(after)
                // `+ 0.0` turns the -0.0 of a rounded tiny fall into 0.0.
                .map(|(b, a)| ((a - b) * 10.0).round() / 10.0 + 0.0),
        }
    }
}

/// A clause's score before and after.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseProgress {
    /// Clause id.
    pub id: String,
    /// Parent clause (none for a top-level clause).
    pub parent: Option<String>,
    /// Title.
    pub title: Text,
    /// Score before and after.
    #[serde(flatten)]
    pub score: Change,
}

/// A finding as one assessment has it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingSide {
    /// Its id in that assessment (`F-003`).
    pub id: String,
    /// Its grade there.
    pub grade: Grade,
    /// What was found.
    pub statement: Text,
    /// The major it was escalated into there, if any.
    pub escalated_into: Option<String>,
}

/// What became of one finding.
#[derive(Debug, Clone, Serialize)]
pub struct FindingProgress {
    /// New, persisting, regraded (from, to) or closed.
    #[serde(flatten)]
    pub follow_up: FollowUp,
    /// What it is recognised by: code, requirement and subject.
    #[serde(flatten)]
    pub key: FindingKey,
    /// Leaf clause of its requirement.
    pub clause: String,
    /// The finding in the earlier assessment.
    pub previous: Option<FindingSide>,
    /// The finding in the later assessment.
    pub current: Option<FindingSide>,
}

impl FindingProgress {
    /// The finding as last seen: the later assessment's, or the earlier one's when closed.
    pub fn latest(&self) -> &FindingSide {
        self.current
            .as_ref()
            .or(self.previous.as_ref())
            .expect("a finding is in at least one assessment")
    }
}

/// A requirement whose status changed.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementChange {
    /// Requirement id.
    pub id: String,
    /// Leaf clause (the later assessment's).
    pub clause: String,
    /// Status before.
    pub before: Status,
    /// Status after.
    pub after: Status,
}

/// What happened to an evidence file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    /// Only the later assessment read it.
    Added,
    /// Both read it, with other content (another SHA-256).
    Changed,
    /// Only the earlier assessment read it.
    Removed,
}

impl FileChange {
    /// The machine name.
    pub fn name(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Changed => "changed",
            FileChange::Removed => "removed",
        }
    }
}

/// An evidence file added, changed or removed.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceChange {
    /// Workspace-relative path.
    pub path: String,
    /// What happened to it.
    pub change: FileChange,
    /// SHA-256 before (none when added).
    pub before: Option<String>,
    /// SHA-256 after (none when removed).
    pub after: Option<String>,
}

/// Evidence files per change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceCounts {
    /// Added.
    pub added: usize,
    /// Changed.
    pub changed: usize,
    /// Removed.
    pub removed: usize,
    /// Read by both, unchanged.
    pub unchanged: usize,
}

/// The order findings are listed in: the good news first.
const FOLLOW_UP_ORDER: [&str; 4] = ["closed", "regraded", "new", "persisting"];

impl Progress {
    /// The progress from `previous` (read from `previous_path`) to `current`, with the
    /// `warnings` printed about comparing them.
    pub fn between(
        (previous_path, previous): (&Path, &Assessment),
        (current_path, current): (&Path, &Assessment),
        warnings: Vec<String>,
    ) -> Progress {
        let matches = match_findings(&previous.findings, &current.findings);
        let side = |f: &crate::assessment::Finding| FindingSide {
            id: f.id.clone(),
            grade: f.grade,
            statement: f.statement.clone(),
            escalated_into: f.escalated_into.clone(),
        };
        let mut findings: Vec<FindingProgress> = matches
            .all
            .iter()
            .map(|m| FindingProgress {
                follow_up: m.follow_up,
                key: m.key(),
                clause: m.latest().clause.clone(),
                previous: m.previous.map(side),
                current: m.current.map(side),
            })
            .collect();
        // A stable sort keeps each group in its assessment's order.
        findings.sort_by_key(|f| {
            FOLLOW_UP_ORDER
                .iter()
                .position(|n| *n == f.follow_up.name())
        });
        let (requirements, only_before, only_after) = requirement_changes(previous, current);
        let (evidence, evidence_counts) = evidence_changes(previous, current);
        Progress {
            tool: Tool {
                name: "iso20k".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            previous: Side::of(previous_path, previous),
            current: Side::of(current_path, current),
            warnings,
            score: Change::new(Some(previous.summary.score), Some(current.summary.score)),
            follow_up: matches.counts(),
            clauses: clause_progress(previous, current),
            findings,
            requirements,
            requirements_only_before: only_before,
            requirements_only_after: only_after,
            evidence_counts,
            evidence,
        }
    }

    /// The top-level clauses (4, 5 … 9), in order.
    pub fn top_clauses(&self) -> impl Iterator<Item = &ClauseProgress> {
        self.clauses.iter().filter(|c| c.parent.is_none())
    }
}

impl Side {
    fn of(path: &Path, a: &Assessment) -> Side {
        Side {
            file: path.display().to_string(),
            organisation: a.organisation.clone(),
            kind: a.kind,
            assessment_date: a.assessment_date.clone(),
            catalogue: a.catalogue.id.clone(),
            catalogue_version: a.catalogue.version.clone(),
            edition: a.catalogue.edition.clone(),
            workspace: a
                .evidence
                .get("workspace")
                .and_then(|w| w.as_str())
                .unwrap_or_default()
                .to_string(),
            score: a.summary.score,
            verdict: a.summary.verdict,
            counts: a.summary.counts.clone(),
            requirements: a.summary.requirements.clone(),
            evidence_files: evidence_files(a).len(),
        }
    }
}

/// Every clause of either assessment with its score before and after.
fn clause_progress(previous: &Assessment, current: &Assessment) -> Vec<ClauseProgress> {
    let before: HashMap<&str, Option<f64>> = previous
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), c.score))
        .collect();
    let now: HashMap<&str, Option<f64>> = current
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), c.score))
        .collect();
    let later = current.clauses.iter().map(|c| (c, true));
    let earlier_only = previous
        .clauses
        .iter()
        .filter(|c| !now.contains_key(c.id.as_str()))
        .map(|c| (c, false));
    later
        .chain(earlier_only)
        .map(|(c, in_later)| ClauseProgress {
            id: c.id.clone(),
            parent: c.parent.clone(),
            title: c.title.clone(),
            score: Change::new(
                before.get(c.id.as_str()).copied().flatten(),
                if in_later { c.score } else { None },
            ),
        })
        .collect()
}

/// Requirements of both whose status changed, and how many only one of them has.
fn requirement_changes(
    previous: &Assessment,
    current: &Assessment,
) -> (Vec<RequirementChange>, usize, usize) {
    let before: HashMap<&str, Status> = previous
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.status))
        .collect();
    let mut changed = Vec::new();
    let mut only_after = 0;
    for r in &current.requirements {
        match before.get(r.id.as_str()) {
            None => only_after += 1,
            Some(&then) if then != r.status => changed.push(RequirementChange {
                id: r.id.clone(),
                clause: r.clause.clone(),
                before: then,
                after: r.status,
            }),
            Some(_) => {}
        }
    }
    let in_both = current.requirements.len() - only_after;
    (changed, previous.requirements.len() - in_both, only_after)
}

/// The evidence files an assessment read: path → SHA-256.
fn evidence_files(a: &Assessment) -> BTreeMap<String, String> {
    a.evidence
        .get("files")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let path = f.get("path")?.as_str()?;
            let sha = f.get("sha256").and_then(|s| s.as_str()).unwrap_or("");
            Some((path.to_string(), sha.to_string()))
        })
        .collect()
}

/// Evidence files added, changed and removed, by path, and the counts.
fn evidence_changes(
    previous: &Assessment,
    current: &Assessment,
) -> (Vec<EvidenceChange>, EvidenceCounts) {
    let before = evidence_files(previous);
    let after = evidence_files(current);
    let mut counts = EvidenceCounts::default();
    let mut changes = Vec::new();
    let paths: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for path in paths {
        let (then, now) = (before.get(path), after.get(path));
        let change = match (then, now) {
            (None, Some(_)) => FileChange::Added,
            (Some(_), None) => FileChange::Removed,
            (Some(a), Some(b)) if a != b => FileChange::Changed,
            _ => {
                counts.unchanged += 1;
                continue;
            }
        };
        match change {
            FileChange::Added => counts.added += 1,
            FileChange::Changed => counts.changed += 1,
            FileChange::Removed => counts.removed += 1,
        }
        changes.push(EvidenceChange {
            path: path.clone(),
            change,
            before: then.cloned(),
            after: now.cloned(),
        });
    }
    (changes, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_rounded_to_one_decimal_and_needs_both_values() {
        assert_eq!(Change::new(Some(60.7), Some(61.9)).change, Some(1.2));
        assert_eq!(Change::new(Some(50.0), Some(49.9)).change, Some(-0.1));
        let unmoved = Change::new(Some(50.0), Some(49.999)).change.unwrap();
        assert!(unmoved == 0.0 && unmoved.is_sign_positive());
        assert_eq!(Change::new(None, Some(40.0)).change, None);
    }

    #[test]
    fn a_regraded_finding_serialises_flat_with_both_grades_and_its_key() {
        let f = FindingProgress {
            follow_up: FollowUp::Regraded {
                from: Grade::Minor,
                to: Grade::Major,
            },
            key: FindingKey {
                code: "interval_gap".into(),
                requirement: "7.2-06".into(),
                subject: "activity:supplier_review/Fibrelink Networks".into(),
            },
            clause: "7.2".into(),
            previous: Some(FindingSide {
                id: "F-004".into(),
                grade: Grade::Minor,
                statement: Text::new("Lapsed.", "逾期。"),
                escalated_into: None,
            }),
            current: None,
        };
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["follow_up"], "regraded");
        assert_eq!(
            (&json["from"], &json["to"]),
            (&"minor".into(), &"major".into())
        );
        assert_eq!(json["code"], "interval_gap");
        assert_eq!(
            json["subject"],
            "activity:supplier_review/Fibrelink Networks"
        );
        assert_eq!(json["previous"]["id"], "F-004");
        assert_eq!(f.latest().id, "F-004");
    }
}
