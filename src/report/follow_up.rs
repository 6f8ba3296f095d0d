//! The follow-up of the previous assessment, as reports show it (ISO 19011 lists the
//! follow-up of previous findings among an audit report's contents): where the previous
//! assessment and its corrective actions were read from, how many findings are new,
//! persisting, regraded or closed, and each previous finding with what became of it and the
//! action recorded against it.

use serde::Serialize;

use crate::assessment::{Assessment, CorrectiveAction, FollowUpStatus};
use crate::i18n::Lang;
use crate::labels::Labels;
use crate::report::colour::grade_colour;

/// A corrective action as table cells (blank where nothing was recorded).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionView {
    /// Owner.
    pub owner: String,
    /// Due date.
    pub due: String,
    /// Status as written.
    pub status: String,
    /// Root cause.
    pub root_cause: String,
    /// Correction.
    pub correction: String,
    /// Corrective action.
    pub corrective_action: String,
    /// Verification.
    pub verification: String,
}

impl ActionView {
    /// The cells of `action`, blank when there is none.
    pub fn of(action: Option<&CorrectiveAction>) -> ActionView {
        let Some(a) = action else {
            return ActionView::default();
        };
        ActionView {
            owner: a.owner.clone(),
            due: a.due.clone().unwrap_or_default(),
            status: a.status.clone(),
            root_cause: a.root_cause.clone(),
            correction: a.correction.clone(),
            corrective_action: a.corrective_action.clone(),
            verification: a.verification.clone(),
        }
    }

    /// Owner, due date and status on one line, for a narrow table.
    pub fn summary(&self) -> String {
        [&self.owner, &self.due, &self.status]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// One previous finding and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpRow {
    /// Its id in the previous assessment.
    pub previous_id: String,
    /// Its grade then.
    pub grade_then: String,
    /// The colour of that grade.
    pub grade_then_colour: String,
    /// Its requirement.
    pub requirement: String,
    /// What was found then (for closed findings) or now.
    pub statement: String,
    /// What became of it: closed, persisting, regraded (with the grade now).
    pub now: String,
    /// Colour of `now`.
    pub now_colour: String,
    /// The finding that continues it in this assessment.
    pub current_id: String,
    /// The action recorded against it.
    pub action: ActionView,
    /// "Overdue" when its action is past due and the finding persists.
    pub overdue: String,
}

/// The follow-up section's content.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    /// The previous assessment: date, kind and file.
    pub previous: String,
    /// Where the corrective actions were read from.
    pub actions_source: String,
    /// Counts on one line.
    pub counts: String,
    /// How many actions are overdue.
    pub overdue: String,
    /// Each previous finding (closed ones first, then those found again), and the new ones
    /// are only counted.
    pub rows: Vec<FollowUpRow>,
    /// What could not be read.
    pub warnings: Vec<String>,
}

/// The follow-up view of `a`, when it followed up a previous assessment.
pub fn build(a: &Assessment, labels: &Labels, lang: Lang) -> Option<FollowUpView> {
    let p = a.previous.as_ref()?;
    let previous = format!(
        "{} · {} · {}",
        p.assessment_date.as_deref().unwrap_or("–"),
        labels.kind(p.kind),
        p.path
    );
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let actions_source = match &p.actions {
        Some(e) => format!(
            "{}, {}{colon}{} · sha256:{}",
            e.path,
            labels.sheet,
            e.sheet.as_deref().unwrap_or(""),
            &e.sha256[..12.min(e.sha256.len())]
        ),
        None => labels.actions_not_read.to_string(),
    };
    let c = p.counts;
    let counts = format!(
        "{}{colon}{} · {}{colon}{} · {}{colon}{} · {}{colon}{}",
        labels.follow_up_closed,
        c.closed,
        labels.follow_up_persisting,
        c.persisting,
        labels.follow_up_regraded,
        c.regraded,
        labels.follow_up_new,
        c.new
    );
    let mut rows: Vec<FollowUpRow> = p
        .closed
        .iter()
        .map(|f| FollowUpRow {
            previous_id: f.id.clone(),
            grade_then: labels.grade(f.grade).to_string(),
            grade_then_colour: grade_colour(f.grade).to_string(),
            requirement: f.requirement.clone(),
            statement: f.statement.get(lang).to_string(),
            now: labels.follow_up_closed.to_string(),
            now_colour: "2E7D32".to_string(),
            current_id: String::new(),
            action: ActionView::of(f.action.as_ref()),
            overdue: String::new(),
        })
        .collect();
    for f in &a.findings {
        let Some(fu) = &f.follow_up else { continue };
        let (Some(id), Some(then)) = (&fu.previous_id, fu.previous_grade) else {
            continue;
        };
        let now = match fu.status {
            FollowUpStatus::Regraded => format!(
                "{} → {} ({})",
                labels.follow_up_regraded,
                labels.grade(f.grade),
                f.id
            ),
            _ => format!("{} ({})", labels.follow_up_persisting, f.id),
        };
        rows.push(FollowUpRow {
            previous_id: id.clone(),
            grade_then: labels.grade(then).to_string(),
            grade_then_colour: grade_colour(then).to_string(),
            requirement: f.requirement.clone(),
            statement: f.statement.get(lang).to_string(),
            now,
            now_colour: grade_colour(f.grade).to_string(),
            current_id: f.id.clone(),
            action: ActionView::of(fu.action.as_ref()),
            overdue: if fu.overdue {
                labels.overdue.to_string()
            } else {
                String::new()
            },
        });
    }
    // In the previous assessment's order, so the table reads like the report it follows up.
    // By number, so that F-1000 follows F-999.
    let number = |id: &str| -> (usize, String) {
        let digits: String = id.chars().filter(char::is_ascii_digit).collect();
        (digits.parse().unwrap_or(usize::MAX), id.to_string())
    };
    rows.sort_by_cached_key(|r| number(&r.previous_id));
    Some(FollowUpView {
        previous,
        actions_source,
        counts,
        overdue: p.overdue.to_string(),
        rows,
        warnings: p.warnings.clone(),
    })
}
