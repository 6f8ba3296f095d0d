//! One requirement as a report shows it: the row the requirement tables, the transition
//! plan and the worksheet-like listings are built from. Apart from the report view that
//! builds it, so that a part of the view (the transition plan) can read it without
//! importing the whole view back.

use serde::Serialize;

use crate::assessment::{Basis, Status};

/// A requirement row.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    /// Id.
    pub id: String,
    /// Leaf clause.
    pub clause: String,
    /// Leaf clause title.
    pub clause_title: String,
    /// Paraphrase.
    pub text: String,
    /// Status label.
    pub status: String,
    /// Status code.
    pub status_code: Status,
    /// Status colour.
    pub status_colour: String,
    /// Score text.
    pub score_text: String,
    /// Score.
    pub score: Option<f64>,
    /// Automatic status label.
    pub auto_status: String,
    /// Auditor verdict label, or empty.
    pub auditor_status: String,
    /// Auditor note.
    pub auditor_note: String,
    /// Basis label.
    pub basis: String,
    /// Basis code.
    pub basis_code: Basis,
    /// Basis colour.
    pub basis_colour: String,
    /// Why it is not assessed, or what the auditor must examine.
    pub notes: String,
    /// Finding ids, comma-separated.
    pub findings: String,
    /// Evidence files cited by its findings or the register, `; `-separated.
    pub evidence_files: String,
    /// What to do (the first finding's recommendation).
    pub action: String,
    /// Weight.
    pub weight: u32,
}
