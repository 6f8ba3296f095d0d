//! The internal audit programme the manifest names (`[programme] plan = "…"`, the
//! programme.json `iso20k programme` writes), read as the plan the next assessment checks the
//! internal audits against: each planned audit's clause and dates.
//!
//! Only the fields the check needs are read, and unknown ones are ignored, so a programme
//! written by an older or newer iso20k still reads.

use std::path::Path;

use serde::Deserialize;

use super::register::{normalise_reference, ReferenceError};
use crate::domain::date::Timestamp;

/// One planned audit, with the dates of its quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedAudit {
    /// Its number in the programme.
    pub number: usize,
    /// The clause to audit.
    pub clause: String,
    /// Who was to audit it.
    pub auditor: Option<String>,
    /// First day of its quarter.
    pub from: Timestamp,
    /// Last day of its quarter.
    pub until: Timestamp,
}

/// The programme as the check uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPlan {
    /// The file, workspace-relative.
    pub path: String,
    /// Its SHA-256.
    pub sha256: String,
    /// The catalogue it was planned on.
    pub catalogue: String,
    /// The first day of the cycle.
    pub start: Timestamp,
    /// Every planned audit, in the programme's order.
    pub audits: Vec<PlannedAudit>,
}

#[derive(Deserialize)]
struct File {
    catalogue: CatalogueId,
    start: Option<String>,
    audits: Vec<AuditRow>,
}

#[derive(Deserialize)]
struct CatalogueId {
    id: String,
}

#[derive(Deserialize)]
struct AuditRow {
    number: usize,
    clause: String,
    auditor: Option<String>,
    from: Option<String>,
    until: Option<String>,
}

/// Why the programme a manifest names is not used: each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The manifest's path is absolute or leaves the workspace.
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    /// The file cannot be read.
    #[error("{path}: the audit programme named by [programme] plan cannot be read ({source}); write the path of the programme.json `iso20k programme` wrote, relative to the workspace")]
    Unreadable {
        /// The file, workspace-relative.
        path: String,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// The file is not a programme.json.
    #[error("{path}: not an audit programme written by `iso20k programme` ({source}); plan it again with `iso20k programme WORKSPACE --start DATE`")]
    NotAProgramme {
        /// The file, workspace-relative.
        path: String,
        /// Where the JSON stops matching a programme.
        source: serde_json::Error,
    },
    /// The programme has no start date.
    #[error("{path}: the programme has no start date, so its audits have no dates to check; plan it again with `iso20k programme WORKSPACE --start DATE`")]
    NoStart {
        /// The file, workspace-relative.
        path: String,
    },
    /// A planned audit has no dates.
    #[error("{path}: planned audit {number} ({clause}) has no dates; plan the programme again with `iso20k programme WORKSPACE --start DATE`")]
    Undated {
        /// The file, workspace-relative.
        path: String,
        /// The audit's number in the programme.
        number: usize,
        /// The clause it audits.
        clause: String,
    },
    /// The programme was planned on another catalogue than the one assessed.
    #[error("{path}: the programme was planned on {planned}, and the workspace is assessed against {assessed}, whose clauses may differ; plan it again with the same --edition")]
    OtherCatalogue {
        /// The file, workspace-relative.
        path: String,
        /// The catalogue it was planned on.
        planned: String,
        /// The catalogue assessed against.
        assessed: String,
    },
}

/// Reads the programme the manifest names (`raw`, relative to `workspace`) for an assessment
/// against the catalogue `assessed`, or says why it cannot be used.
pub fn read_named(raw: &str, workspace: &Path, assessed: &str) -> Result<AuditPlan, PlanError> {
    let rel = normalise_reference(raw)?;
    let plan = read(&workspace.join(&rel), &rel)?;
    if plan.catalogue != assessed {
        return Err(PlanError::OtherCatalogue {
            path: plan.path,
            planned: plan.catalogue,
            assessed: assessed.to_string(),
        });
    }
    Ok(plan)
}

/// Reads the programme at `path` (shown as `shown`), or says what is wrong and what to do.
fn read(path: &Path, shown: &str) -> Result<AuditPlan, PlanError> {
    let bytes = std::fs::read(path).map_err(|source| PlanError::Unreadable {
        path: shown.to_string(),
        source,
    })?;
    let file: File = serde_json::from_slice(&bytes).map_err(|source| PlanError::NotAProgramme {
        path: shown.to_string(),
        source,
    })?;
    let Some(start) = file.start.as_deref().and_then(Timestamp::parse) else {
        return Err(PlanError::NoStart {
            path: shown.to_string(),
        });
    };
    let mut audits = Vec::with_capacity(file.audits.len());
    for a in file.audits {
        let (Some(from), Some(until)) = (
            a.from.as_deref().and_then(Timestamp::parse),
            a.until.as_deref().and_then(Timestamp::parse),
        ) else {
            return Err(PlanError::Undated {
                path: shown.to_string(),
                number: a.number,
                clause: a.clause,
            });
        };
        audits.push(PlannedAudit {
            number: a.number,
            clause: a.clause,
            auditor: a.auditor,
            from,
            until,
        });
    }
    use sha2::{Digest, Sha256};
    Ok(AuditPlan {
        path: shown.to_string(),
        sha256: crate::domain::hex(&Sha256::digest(&bytes)),
        catalogue: file.catalogue.id,
        start,
        audits,
    })
}
