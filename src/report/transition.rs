//! The transition view: each requirement of an edition whose catalogue names a predecessor,
//! with what it owes to the predecessor (new, changed, carried over, from which ids), where
//! the evidence stands, and the step of the transition plan it needs; and the predecessor's
//! obligations that no longer exist.
//!
//! Everything comes from catalogue data (`predecessor`, each requirement's `transition`), so a
//! client's own catalogue that names a predecessor gets the same report.

use serde::Serialize;

use super::requirement_view::RequirementView;
use crate::assessment::{Basis, Status};
use crate::catalogue::{Catalogue, Change};
use crate::i18n::Lang;
use crate::labels::Labels;

/// How urgent a requirement's transition step is, most urgent first. The rule is stated in
/// the report's method section ([`Labels::transition_method`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Nonconforming now: a finding to correct whatever the edition.
    Correct,
    /// New in this edition and not yet shown to be met: evidence must be produced.
    Produce,
    /// Changed, and not yet shown to be met: the old evidence must be re-checked against the
    /// new wording.
    Recheck,
    /// Carried over (or claimed) but not verified: the old evidence must be named under the
    /// new id and verified.
    Confirm,
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 4] = [
        Priority::Correct,
        Priority::Produce,
        Priority::Recheck,
        Priority::Confirm,
    ];

    /// The step a requirement needs, or `None` when it is met on verified evidence or the
    /// auditor's judgement.
    pub fn of(change: Change, status: Status, basis: Basis) -> Option<Priority> {
        let shown = matches!(basis, Basis::Verified | Basis::Auditor);
        match (status, change) {
            (Status::Nonconforming, _) => Some(Priority::Correct),
            (Status::Conforming, _) if shown => None,
            (_, Change::New) => Some(Priority::Produce),
            (_, Change::Changed) => Some(Priority::Recheck),
            (_, Change::CarriedOver) => Some(Priority::Confirm),
        }
    }

    /// Its label, numbered (`1 Correct`).
    pub fn label(self, l: &Labels) -> String {
        let (n, name) = match self {
            Priority::Correct => (1, l.priority_correct),
            Priority::Produce => (2, l.priority_produce),
            Priority::Recheck => (3, l.priority_recheck),
            Priority::Confirm => (4, l.priority_confirm),
        };
        format!("{n} {name}")
    }

    /// Its colour (hex, no `#`).
    pub fn colour(self) -> &'static str {
        match self {
            Priority::Correct => "B03A2E",
            Priority::Produce => "D68910",
            Priority::Recheck => "D4AC0D",
            Priority::Confirm => "2E86C1",
        }
    }
}

/// The label of a change.
pub fn change_label(change: Change, l: &Labels) -> &'static str {
    match change {
        Change::New => l.change_new,
        Change::Changed => l.change_changed,
        Change::CarriedOver => l.change_carried_over,
    }
}

/// One requirement as the transition sees it.
#[derive(Debug, Clone, Serialize)]
pub struct TransitionRow {
    /// Index into the view's requirements.
    pub requirement: usize,
    /// New, changed or carried over.
    pub change: Change,
    /// The change's label.
    pub change_label: String,
    /// The predecessor's requirement ids it derives from, comma-separated.
    pub from: String,
    /// The step it needs, if any.
    pub priority: Option<Priority>,
    /// That step's label, or empty.
    pub priority_label: String,
    /// What to do: the finding's recommendation, else the step's instruction.
    pub action: String,
}

/// Counts of one kind of change by status.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeSummary {
    /// The change.
    pub change: Change,
    /// Its label.
    pub label: String,
    /// Requirements of this change.
    pub total: usize,
    /// Met on verified evidence or the auditor's judgement.
    pub met: usize,
    /// Conforming on the provider's claim only.
    pub claimed: usize,
    /// Partially conforming.
    pub partial: usize,
    /// Nonconforming.
    pub nonconforming: usize,
    /// Not assessed.
    pub not_assessed: usize,
}

/// Met share of one top-level clause.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseReadiness {
    /// Clause id.
    pub id: String,
    /// Title.
    pub title: String,
    /// New, changed and carried-over requirements.
    pub new: usize,
    /// Changed.
    pub changed: usize,
    /// Carried over.
    pub carried_over: usize,
    /// Met on verified evidence or the auditor's judgement.
    pub met: usize,
    /// Requirements in the clause.
    pub total: usize,
}

/// A predecessor obligation that no requirement derives from.
#[derive(Debug, Clone, Serialize)]
pub struct Retired {
    /// Its id in the predecessor.
    pub id: String,
    /// Its text, when the predecessor is a shipped catalogue.
    pub text: String,
}

/// The transition view of an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct TransitionView {
    /// The predecessor edition's title.
    pub from_edition: String,
    /// This edition's title.
    pub to_edition: String,
    /// Every requirement, in catalogue order.
    pub rows: Vec<TransitionRow>,
    /// The plan: rows needing a step, most urgent first, heavier requirements first within a
    /// priority, then in catalogue order.
    pub plan: Vec<usize>,
    /// Counts per kind of change.
    pub changes: Vec<ChangeSummary>,
    /// Per top-level clause.
    pub clauses: Vec<ClauseReadiness>,
    /// Predecessor obligations nothing derives from.
    pub retired: Vec<Retired>,
}

/// Builds the transition view, or `None` when the catalogue names no predecessor.
pub fn build(
    to_edition: &str,
    catalogue: &Catalogue,
    requirements: &[RequirementView],
    l: &Labels,
    lang: Lang,
) -> Option<TransitionView> {
    let predecessor = catalogue.header.predecessor.as_deref()?;
    let from_edition = catalogue
        .framework(predecessor)
        .map_or(predecessor.to_string(), |f| f.title.get(lang).to_string());
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let mut rows = Vec::new();
    for (index, view) in requirements.iter().enumerate() {
        let Some(transition) = catalogue
            .requirement(&view.id)
            .and_then(|r| r.transition.as_ref())
        else {
            continue;
        };
        let from = transition.from.join(sep);
        let priority = Priority::of(transition.change, view.status_code, view.basis_code);
        let typical = catalogue
            .requirement(&view.id)
            .map(|r| r.typical_evidence.get(lang).to_string())
            .unwrap_or_default();
        let action = match priority {
            None => String::new(),
            Some(_) if !view.action.is_empty() => view.action.clone(),
            Some(Priority::Correct | Priority::Produce) => fill(l.action_produce, &typical, &from),
            Some(Priority::Recheck) => fill(l.action_recheck, &typical, &from),
            Some(Priority::Confirm) => fill(l.action_confirm, &typical, &from),
        };
        rows.push(TransitionRow {
            requirement: index,
            change: transition.change,
            change_label: match &transition.amendment {
                Some(amendment) => format!("{} ({amendment})", change_label(transition.change, l)),
                None => change_label(transition.change, l).to_string(),
            },
            from,
            priority,
            priority_label: priority.map(|p| p.label(l)).unwrap_or_default(),
            action,
        });
    }
    let mut plan: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].priority.is_some())
        .collect();
    plan.sort_by_key(|&i| {
        let weight = requirements[rows[i].requirement].weight;
        (rows[i].priority, std::cmp::Reverse(weight), i)
    });

    let met = |r: &TransitionRow| {
        let v = &requirements[r.requirement];
        v.status_code == Status::Conforming
            && matches!(v.basis_code, Basis::Verified | Basis::Auditor)
    };
    let changes = Change::ALL
        .iter()
        .map(|&change| {
            let of: Vec<&TransitionRow> = rows.iter().filter(|r| r.change == change).collect();
            let count = |s: Status| {
                of.iter()
                    .filter(|r| requirements[r.requirement].status_code == s)
                    .count()
            };
            let met_count = of.iter().filter(|r| met(r)).count();
            ChangeSummary {
                change,
                label: change_label(change, l).to_string(),
                total: of.len(),
                met: met_count,
                claimed: count(Status::Conforming) - met_count,
                partial: count(Status::Partial),
                nonconforming: count(Status::Nonconforming),
                not_assessed: count(Status::NotAssessed),
            }
        })
        .collect();
    let clauses = catalogue
        .clauses
        .iter()
        .filter(|c| c.parent.is_none())
        .map(|c| {
            let of: Vec<&TransitionRow> = rows
                .iter()
                .filter(|r| catalogue.top_clause(&requirements[r.requirement].clause) == c.id)
                .collect();
            let count = |change: Change| of.iter().filter(|r| r.change == change).count();
            ClauseReadiness {
                id: c.id.clone(),
                title: c.title.get(lang).to_string(),
                new: count(Change::New),
                changed: count(Change::Changed),
                carried_over: count(Change::CarriedOver),
                met: of.iter().filter(|r| met(r)).count(),
                total: of.len(),
            }
        })
        .filter(|c| c.total > 0)
        .collect();
    Some(TransitionView {
        from_edition,
        to_edition: to_edition.to_string(),
        retired: retired(catalogue, predecessor, lang),
        rows,
        plan,
        changes,
        clauses,
    })
}

/// The predecessor's obligations that no requirement derives from: kept voluntarily or
/// retired. Only known when the predecessor is a shipped catalogue (its requirement list is
/// needed); empty otherwise.
fn retired(catalogue: &Catalogue, predecessor: &str, lang: Lang) -> Vec<Retired> {
    let Some(Ok(old)) = Catalogue::builtin_edition(predecessor) else {
        return Vec::new();
    };
    let derived: std::collections::HashSet<&str> = catalogue
        .requirements
        .iter()
        .filter_map(|r| r.transition.as_ref())
        .flat_map(|t| t.from.iter().map(String::as_str))
        .collect();
    old.requirements
        .iter()
        .filter(|r| !derived.contains(r.id.as_str()))
        .map(|r| Retired {
            id: r.id.clone(),
            text: r.text.get(lang).to_string(),
        })
        .collect()
}

/// Fills an instruction's `{evidence}` (what an auditor asks to see) and `{from}` (the
/// predecessor's ids).
fn fill(template: &str, evidence: &str, from: &str) -> String {
    template
        .replace("{evidence}", evidence.trim_end_matches(['.', '。']))
        .replace("{from}", from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_follow_status_then_change() {
        use Change::{CarriedOver, Changed, New};
        let of = Priority::of;
        assert_eq!(
            of(New, Status::Nonconforming, Basis::Verified),
            Some(Priority::Correct)
        );
        assert_eq!(
            of(CarriedOver, Status::Nonconforming, Basis::Verified),
            Some(Priority::Correct)
        );
        assert_eq!(of(New, Status::Conforming, Basis::Verified), None);
        assert_eq!(of(Changed, Status::Conforming, Basis::Auditor), None);
        assert_eq!(
            of(New, Status::NotAssessed, Basis::NotAssessed),
            Some(Priority::Produce)
        );
        assert_eq!(
            of(Changed, Status::Partial, Basis::Verified),
            Some(Priority::Recheck)
        );
        // A claim is not proof: a claimed obligation still needs its evidence confirmed.
        assert_eq!(
            of(CarriedOver, Status::Conforming, Basis::SelfDeclared),
            Some(Priority::Confirm)
        );
        assert_eq!(
            of(New, Status::Conforming, Basis::SelfDeclared),
            Some(Priority::Produce)
        );
    }
}
