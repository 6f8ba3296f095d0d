//! The internal audit programme the manifest names (`[programme] plan = "…"`, the
//! programme.json `iso20k programme` writes), read as the plan the next assessment checks the
//! internal audits against: each planned audit's clause and dates.
//!
//! Only the fields the check needs are read, and unknown ones are ignored, so a programme
//! written by an older or newer iso20k still reads.

use std::path::Path;

use serde::Deserialize;

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

/// Reads the programme at `path` (shown as `shown`), or says what is wrong and what to do.
pub fn read(path: &Path, shown: &str) -> Result<AuditPlan, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!("the audit programme named by [programme] plan cannot be read ({e}); write the path of the programme.json `iso20k programme` wrote, relative to the workspace")
    })?;
    let file: File = serde_json::from_slice(&bytes).map_err(|e| {
        format!("not an audit programme written by `iso20k programme` ({e}); plan it again with `iso20k programme WORKSPACE --start DATE`")
    })?;
    let Some(start) = file.start.as_deref().and_then(Timestamp::parse) else {
        return Err("the programme has no start date, so its audits have no dates to check; plan it again with `iso20k programme WORKSPACE --start DATE`".into());
    };
    let mut audits = Vec::with_capacity(file.audits.len());
    for a in file.audits {
        let (Some(from), Some(until)) = (
            a.from.as_deref().and_then(Timestamp::parse),
            a.until.as_deref().and_then(Timestamp::parse),
        ) else {
            return Err(format!(
                "planned audit {} ({}) has no dates; plan the programme again with `iso20k programme WORKSPACE --start DATE`",
                a.number, a.clause
            ));
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
