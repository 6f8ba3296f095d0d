//! The evidence register: which evidence serves which requirement, with the provider's own
//! status and the auditor's verdict.

use std::collections::HashMap;

use serde::Serialize;

use super::table::RecordTable;
use super::{known_id, FileEntry, RecordSetInfo, Warning};
use crate::catalogue::{Catalogue, Framework};

/// One row of the evidence register.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RegisterRow {
    /// The register file.
    pub register: String,
    /// Row number in the register.
    pub row: u32,
    /// Requirement or clause ids the evidence serves.
    pub requirements: Vec<String>,
    /// Evidence title.
    pub title: Option<String>,
    /// Referenced file, workspace-relative (or a URL); none when missing or refused.
    pub path: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Self-assessed status: conforming, partial, nonconforming, not_applicable (normalised).
    pub status: Option<String>,
    /// Auditor verdict (normalised the same way).
    pub auditor_verdict: Option<String>,
    /// Auditor note.
    pub auditor_note: Option<String>,
}

/// Normalises a status or verdict written in English or Chinese.
pub fn normalise_status(raw: &str) -> Option<&'static str> {
    let s = raw.trim().to_lowercase();
    let s = s.as_str();
    if s.is_empty() {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["n/a", "not applicable", "不适用", "excluded", "删减"]) || s == "na" {
        Some("not_applicable")
    } else if has(&["partial", "部分", "in progress", "进行中"]) {
        Some("partial")
    } else if has(&[
        "nonconform",
        "non-conform",
        "not conform",
        "not met",
        "not implemented",
        "不符合",
        "未实施",
        "未满足",
        "missing",
        "缺失",
    ]) || s == "no"
        || s == "否"
    {
        Some("nonconforming")
    } else if has(&[
        "conform",
        "compliant",
        "implemented",
        "met",
        "符合",
        "已实施",
        "满足",
        "yes",
        "是",
        "ok",
    ]) {
        Some("conforming")
    } else {
        None
    }
}

/// Splits a requirements cell: `8.1-04, 8.1-05`, `8.1-04；8.1-05`, one per line …
fn split_ids(cell: &str) -> Vec<String> {
    cell.split(|c: char| {
        c == ',' || c == ';' || c == '，' || c == '；' || c == '、' || c == '/' || c.is_whitespace()
    })
    .map(|s| s.trim().trim_end_matches('.').to_string())
    .filter(|s| !s.is_empty())
    .collect()
}

/// Why a file reference (in the register or the manifest) is refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// An absolute path, which would name a file wherever the workspace is copied.
    #[error("`{0}` is an absolute path; refer to files relative to the workspace")]
    Absolute(String),
    /// A path whose `..` steps leave the workspace.
    #[error("`{0}` points outside the workspace; refused")]
    Outside(String),
}

/// A reference to a file, checked to stay inside the workspace.
pub(crate) fn normalise_reference(raw: &str) -> Result<String, ReferenceError> {
    let r = raw.trim().replace('\\', "/");
    if r.starts_with("http://") || r.starts_with("https://") {
        return Ok(r);
    }
    let is_absolute = r.starts_with('/') || r.as_bytes().get(1) == Some(&b':');
    if is_absolute {
        return Err(ReferenceError::Absolute(raw.to_string()));
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in r.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(ReferenceError::Outside(raw.to_string()));
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// Turns the register table's records into rows, warning about unknown ids, missing files and
/// references that leave the workspace.
///
/// When the workspace names another edition than the one assessed (`other_edition`), the
/// register's requirement ids are that edition's. A claim on one obligation carries only to
/// the obligations the catalogue says were carried over from it unchanged (its `transition`
/// data, when that edition is its predecessor): a changed or new obligation needs its
/// evidence re-checked, so nothing is claimed for it. An auditor's verdict judged the old
/// wording and never carries. One warning says so.
pub(super) fn rows(
    info: &RecordSetInfo,
    table: &RecordTable,
    catalogue: &Catalogue,
    other_edition: Option<&Framework>,
    known: &HashMap<&str, &FileEntry>,
    warnings: &mut Vec<Warning>,
) -> Vec<RegisterRow> {
    if let Some(framework) = other_edition {
        let carries = catalogue.header.predecessor.as_deref() == Some(framework.id.as_str());
        let message = if carries {
            format!(
                "its requirement ids are read as {}'s (the edition assessment.toml names): its statuses are claims for the {} obligations carried over unchanged from them, not for changed or new ones, and its auditor verdicts are not used; write a register in {}'s ids to claim the rest",
                framework.title.en, catalogue.header.id, catalogue.header.id
            )
        } else {
            format!(
                "its requirement ids are read as {}'s (the edition assessment.toml names), not {}'s: its statuses and verdicts are not used in this assessment, and its files are read as evidence by their contents alone; write a register in {}'s ids to use them",
                framework.title.en, catalogue.header.id, catalogue.header.id
            )
        };
        warnings.push(Warning {
            path: info.path.clone(),
            location: String::new(),
            message,
            code: None,
        });
    }
    let column_of = |field: &str| {
        info.columns
            .get(field)
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    let location = |row: u32, field: &str| match &info.sheet {
        Some(s) => format!("{s}!row {row} ({})", column_of(field)),
        None => format!("line {row} ({})", column_of(field)),
    };
    let mut out = Vec::new();
    for i in 0..table.len() {
        let row = table.rows[i];
        let mut warn = |field: &str, message: String| {
            warnings.push(Warning {
                path: info.path.clone(),
                location: location(row, field),
                message,
                code: None,
            });
        };
        let mut named = split_ids(table.text("requirements", i).unwrap_or(""));
        // Former ids are this catalogue's own history: a register written for another
        // edition is mapped by the crosswalk instead.
        for id in named.iter_mut().filter(|_| other_edition.is_none()) {
            if let Some(now) = catalogue.current_id(id).filter(|now| now != id) {
                warn(
                    "requirements",
                    format!(
                        "`{id}` is the former id of requirement `{now}` in {}; it was read as `{now}` (write `{now}` to silence this)",
                        catalogue.header.id
                    ),
                );
                *id = now.to_string();
            }
        }
        let requirements = match other_edition {
            Some(framework) => catalogue.carried_over_from(framework, &named),
            None => named,
        };
        for id in &requirements {
            if !known_id(catalogue, id) {
                warn(
                    "requirements",
                    format!(
                        "`{id}` is not a requirement or clause of {}",
                        catalogue.header.id
                    ),
                );
            }
        }
        let path = match table.text("file", i) {
            None => None,
            Some(raw) => match normalise_reference(raw) {
                Err(refused) => {
                    warn("file", refused.to_string());
                    None
                }
                Ok(p) if p.starts_with("http") => Some(p),
                Ok(p) if known.contains_key(p.as_str()) => Some(p),
                Ok(p) => {
                    warn(
                        "file",
                        format!("refers to `{p}`, which is not in the workspace"),
                    );
                    None
                }
            },
        };
        let status_of = |field: &str, warn: &mut dyn FnMut(&str, String)| {
            let raw = table.text(field, i)?;
            match normalise_status(raw) {
                Some(s) => Some(s.to_string()),
                None => {
                    warn(field, format!("`{raw}` is not a status this tool knows (conforming, partial, nonconforming, not applicable)"));
                    None
                }
            }
        };
        let status = status_of("status", &mut warn);
        let auditor_verdict = match other_edition {
            Some(_) => None,
            None => status_of("auditor_verdict", &mut warn),
        };
        out.push(RegisterRow {
            register: info.path.clone(),
            row,
            requirements,
            title: table.text("title", i).map(String::from),
            path,
            owner: table.text("owner", i).map(String::from),
            date: table.date("date", i).map(|t| t.date_string()),
            status,
            auditor_verdict,
            auditor_note: table.text("auditor_note", i).map(String::from),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_cannot_escape_the_workspace() {
        assert_eq!(
            normalise_reference("./docs\\policy.docx").unwrap(),
            "docs/policy.docx"
        );
        assert_eq!(
            normalise_reference("docs/../records/x.csv").unwrap(),
            "records/x.csv"
        );
        assert!(normalise_reference("../../etc/passwd").is_err());
        assert!(normalise_reference("/etc/passwd").is_err());
        assert!(normalise_reference("C:\\secret.txt").is_err());
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(normalise_status("Conforming"), Some("conforming"));
        assert_eq!(normalise_status("Non-conforming"), Some("nonconforming"));
        assert_eq!(normalise_status("部分符合"), Some("partial"));
        assert_eq!(normalise_status("不符合"), Some("nonconforming"));
        assert_eq!(normalise_status("符合"), Some("conforming"));
        assert_eq!(normalise_status("N/A"), Some("not_applicable"));
        assert_eq!(normalise_status("???"), None);
        assert_eq!(
            split_ids("8.1-04, 8.1-05；9.2"),
            vec!["8.1-04", "8.1-05", "9.2"]
        );
    }
}
