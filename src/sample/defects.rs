//! Planted defects: what each profile's workspaces are built to get wrong, and the finding
//! the checker must raise for each.
//!
//! Every defect is declared as a [`PlantedDefect`] next to the code that plants it
//! (`changes.rs` declares the change defects, and so on), and that code asks whether the
//! workspace carries the declaration rather than naming a profile, so a declaration's profile
//! is where its defect really is. [`planted`] gathers a profile's declarations in the order its
//! sample README numbers them. Two tests read them: the end-to-end tests assess each bundled
//! sample and expect exactly these findings, and the README test expects each sample
//! README's table to be [`readme_table`] of its profile (`scripts/regenerate-samples.sh`
//! rewrites the tables with [`with_readme_table`]).
//!
//! The defects are planted at every scale and seed; the texts (record ids, row numbers,
//! counts) describe the bundled samples: small scale, seed 1.

use super::{
    changes, configuration, documents, incidents, management, manifest, problems, register, Profile,
};
use crate::assessment::Grade;

/// The catalogue whose ids every declaration below is written in (requirements, document
/// types). A workspace generated for another catalogue has no defect planted: the same ids
/// name other obligations there.
pub const DECLARED_IN: &str = "iso20000-1-2011";

/// A defect planted in a profile's workspaces and the finding it must produce; the fields
/// are the columns of the sample README's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlantedDefect {
    /// The profile whose workspaces carry the defect (its bundled sample is the README's).
    pub profile: Profile,
    /// What is wrong, as the README's "Defect" column says it (Markdown).
    pub defect: &'static str,
    /// The code of the finding it must produce.
    pub code: &'static str,
    /// The finding's grade.
    pub grade: Grade,
    /// Why that grade, when the README says so (shown in parentheses after the grade);
    /// empty otherwise.
    pub grade_note: &'static str,
    /// The requirement the finding is raised against.
    pub requirement: &'static str,
    /// What the README adds right after the requirement (Markdown, with its own leading
    /// separator, e.g. `" (also 6.5-04)"`); empty when nothing.
    pub finding_note: &'static str,
    /// The README's "Evidence" column: where the finding points. Empty in a sample whose
    /// table has no such column.
    pub evidence: &'static str,
    /// The first record id the finding's evidence cites (empty when it cites none): the
    /// end-to-end tests match findings on it.
    pub first_record: &'static str,
    /// Whether nothing plants this finding directly: it follows from other planted defects.
    /// Its README row is marked `—` instead of numbered.
    pub consequence: bool,
}

impl PlantedDefect {
    /// The README's "Finding (code, grade, requirement)" cell.
    pub fn finding(&self) -> String {
        let grade_note = if self.grade_note.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.grade_note)
        };
        format!(
            "`{}`, {}{grade_note}, {}{}",
            self.code,
            self.grade.name(),
            self.requirement,
            self.finding_note
        )
    }
}

/// northwind-msp, in its README's order.
const TYPICAL: &[PlantedDefect] = &[
    documents::CAPACITY_PLAN_MISSING,
    incidents::MAJOR_INCIDENT_NOT_REVIEWED,
    changes::EMERGENCY_CHANGE_NOT_REVIEWED,
    register::BUDGET_REPORTING_PARTIAL,
    management::SUPPLIER_REVIEW_LAPSED,
    documents::INCIDENT_PROCEDURE_REVIEW_OVERDUE,
    incidents::PRIORITY_MATRIX_BROKEN,
    problems::ROOT_CAUSE_MISSING,
    configuration::CI_OWNER_MISSING,
    changes::LATE_APPROVAL_TYPICAL,
];

/// huaxia-cloud, in its README's order.
const CONFORMING: &[PlantedDefect] = &[
    changes::LATE_APPROVAL_CONFORMING,
    management::TRAINING_NOT_EVALUATED,
    documents::PLAN_CONTENTS_MISSING,
    management::AVAILABILITY_BELOW_TARGET,
    documents::PROCEDURE_UNVERSIONED,
];

/// tailored-scope, in its README's order.
const TAILORED: &[PlantedDefect] = &[
    manifest::BUDGETING_EXCLUDED,
    manifest::PROBLEM_SUPPLIER_UNGOVERNED,
    management::AUDITS_LAPSED,
];

/// The defects planted in `profile`'s workspaces, in the order its sample README lists them:
/// exactly the findings an assessment of its bundled sample must raise.
pub fn planted(profile: Profile) -> &'static [PlantedDefect] {
    match profile {
        Profile::Typical => TYPICAL,
        Profile::Conforming => CONFORMING,
        Profile::Tailored => TAILORED,
    }
}

/// The Markdown table of `profile`'s planted defects, as its sample README shows it: one row
/// per defect, numbered (consequences marked `—`), with an "Evidence" column when any defect
/// names its evidence. Ends with a newline.
pub fn readme_table(profile: Profile) -> String {
    let defects = planted(profile);
    let with_evidence = defects.iter().any(|d| !d.evidence.is_empty());
    let mut out = String::from("| # | Defect | Finding (code, grade, requirement) |");
    if with_evidence {
        out.push_str(" Evidence |\n|---|---|---|---|\n");
    } else {
        out.push_str("\n|---|---|---|\n");
    }
    let mut number = 0;
    for d in defects {
        let label = if d.consequence {
            "—".to_string()
        } else {
            number += 1;
            number.to_string()
        };
        out.push_str(&format!("| {label} | {} | {} |", d.defect, d.finding()));
        if with_evidence {
            out.push_str(&format!(" {} |", d.evidence));
        }
        out.push('\n');
    }
    out
}

/// The line before the table in a sample README: an HTML comment, so the rendered README
/// shows nothing of it.
pub const README_TABLE_MARKER: &str = "<!-- Generated from the planted-defect declarations in src/sample/ by scripts/regenerate-samples.sh: edit those, not this table. -->";

/// Why a sample README's planted-defect table cannot be rewritten.
#[derive(Debug, thiserror::Error)]
pub enum ReadmeTableError {
    /// The README has no marker line to find the table by: put [`README_TABLE_MARKER`] on
    /// the line before it.
    #[error("no `{README_TABLE_MARKER}` line before the table")]
    NoMarker,
    /// The marker is the README's last line.
    #[error("nothing after the table marker")]
    NothingAfterMarker,
}

/// `readme` with the table that follows [`README_TABLE_MARKER`] (its lines starting with `|`)
/// replaced by [`readme_table`] of `profile`; the rest of the README is kept as written.
pub fn with_readme_table(readme: &str, profile: Profile) -> Result<String, ReadmeTableError> {
    let marker = readme
        .find(README_TABLE_MARKER)
        .ok_or(ReadmeTableError::NoMarker)?;
    let table_start = readme[marker..]
        .find('\n')
        .map(|end| marker + end + 1)
        .ok_or(ReadmeTableError::NothingAfterMarker)?;
    let table_len: usize = readme[table_start..]
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('|'))
        .map(str::len)
        .sum();
    Ok(format!(
        "{}{}{}",
        &readme[..table_start],
        readme_table(profile),
        &readme[table_start + table_len..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILES: [Profile; 3] = [Profile::Typical, Profile::Conforming, Profile::Tailored];

    #[test]
    fn each_profile_lists_only_its_own_defects() {
        for profile in PROFILES {
            assert!(!planted(profile).is_empty(), "{profile:?}");
            for d in planted(profile) {
                assert_eq!(
                    d.profile, profile,
                    "{} is listed under another profile",
                    d.code
                );
            }
        }
    }

    #[test]
    fn the_table_numbers_defects() {
        let table = readme_table(Profile::Typical);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "| # | Defect | Finding (code, grade, requirement) | Evidence |"
        );
        assert_eq!(lines.len(), 2 + TYPICAL.len());
        assert!(
            lines[2].starts_with("| 1 | No capacity plan"),
            "{}",
            lines[2]
        );
        assert!(lines[11].starts_with("| 10 | CHG0030012"), "{}", lines[11]);
        // No defect of the tailored sample names its evidence: no Evidence column.
        assert!(readme_table(Profile::Tailored)
            .starts_with("| # | Defect | Finding (code, grade, requirement) |\n|---|---|---|\n"));
    }

    #[test]
    fn the_readme_keeps_everything_but_its_table() {
        let readme = format!(
            "# Sample\n\n## Planted\n\n{README_TABLE_MARKER}\n| old | table |\n|---|---|\n| 1 | x |\n\nNothing else.\n"
        );
        let rewritten = with_readme_table(&readme, Profile::Tailored).unwrap();
        assert_eq!(
            rewritten,
            format!(
                "# Sample\n\n## Planted\n\n{README_TABLE_MARKER}\n{}\nNothing else.\n",
                readme_table(Profile::Tailored)
            )
        );
        assert_eq!(
            with_readme_table(&rewritten, Profile::Tailored).unwrap(),
            rewritten
        );
        assert!(with_readme_table("| no | marker |\n", Profile::Tailored).is_err());
    }
}
