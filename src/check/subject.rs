//! What a finding is about — its subject — written the same way by every assessment, so a
//! finding can be recognised in the next assessment of the same workspace: a finding's code
//! and requirement alone do not tell two lapsed suppliers, or two register rows, apart.
//!
//! A subject is `KIND:NAME`. The kind says what sort of thing the finding is about; the name
//! is an identifier from the catalogue (a document type, a clause) or from the workspace's
//! own data (a supplier, a register entry's title, a team member). It is not a file path, a
//! row number or a date, which change from one export of the same evidence to the next,
//! except where nothing else names the thing (a register entry without a title).

/// A document type of the catalogue (`document:D27`), or a record type whose records are
/// written as documents (`document:R09`).
pub fn document_type(id: &str) -> String {
    format!("document:{id}")
}

/// A record set, by its kind (not its file, which a new export may rename):
/// `records:incidents`.
pub fn record_set(kind: &str) -> String {
    format!("records:{kind}")
}

/// An activity held at planned intervals, and whom it concerns when the check looks at each
/// separately: `activity:supplier_review/Fibrelink Networks`, `activity:management_review`.
pub fn activity(activity: &str, per: &str) -> String {
    let per = per.trim();
    if per.is_empty() {
        format!("activity:{activity}")
    } else {
        format!("activity:{activity}/{per}")
    }
}

/// An entry of the provider's evidence register, by its title, else the file it cites, else
/// its row: `register:Budget versus actual report`.
pub fn register_entry(title: Option<&str>, path: Option<&str>, row: u32) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()).or(path) {
        Some(name) => format!("register:{name}"),
        None => format!("register:row {row}"),
    }
}

/// Another party that operates a process: `party:Fibrelink Networks`.
pub fn party(name: &str) -> String {
    format!("party:{}", name.trim())
}

/// A requirement or clause whose exclusion was asked for: `exclusion:6.4`.
pub fn exclusion(target: &str) -> String {
    format!("exclusion:{}", target.trim())
}

/// A member of the audit team: `auditor:Jane Doe`.
pub fn team_member(name: &str) -> String {
    format!("auditor:{}", name.trim())
}

/// Findings an auditor raised in the auditor worksheet, by the auditor who raised them
/// (`worksheet:Jane Doe`), or `worksheet:unnamed` when the auditor column is blank.
pub fn worksheet_auditor(name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("worksheet:{name}"),
        None => "worksheet:unnamed".to_string(),
    }
}

/// One requirement's related findings taken together (escalated minors): `requirement:8.1-03`.
pub fn requirement(id: &str) -> String {
    format!("requirement:{id}")
}

/// A clause as a whole (good practice): `clause:8.1`.
pub fn clause(id: &str) -> String {
    format!("clause:{id}")
}

/// The corrective actions of the previous assessment's nonconformities, followed up as one:
/// `follow_up:corrective_actions`.
pub fn corrective_actions() -> String {
    "follow_up:corrective_actions".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_name_their_kind_and_leave_out_what_changes_between_exports() {
        assert_eq!(document_type("D27"), "document:D27");
        assert_eq!(record_set("incidents"), "records:incidents");
        assert_eq!(
            activity("management_review", " "),
            "activity:management_review"
        );
        assert_eq!(
            activity("supplier_review", "Fibrelink Networks "),
            "activity:supplier_review/Fibrelink Networks"
        );
        assert_eq!(
            register_entry(Some("Budget report"), Some("reports/b.xlsx"), 108),
            "register:Budget report"
        );
        assert_eq!(
            register_entry(Some(" "), Some("reports/b.xlsx"), 108),
            "register:reports/b.xlsx"
        );
        assert_eq!(register_entry(None, None, 108), "register:row 108");
        assert_eq!(party(" Fibrelink "), "party:Fibrelink");
        assert_eq!(exclusion("6.4"), "exclusion:6.4");
        assert_eq!(team_member("Jane Doe"), "auditor:Jane Doe");
        assert_eq!(clause("8.1"), "clause:8.1");
        assert_eq!(requirement("8.1-03"), "requirement:8.1-03");
        assert_eq!(corrective_actions(), "follow_up:corrective_actions");
    }
}
