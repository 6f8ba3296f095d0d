//! The auditor worksheet in the assessment: the auditor's verdicts override the automatic
//! status (ahead of the register's auditor column), and the findings the auditor raised
//! join the others, graded as the auditor graded them.

use std::collections::HashMap;

use super::grade::{grade_name_en, grade_name_zh};
use super::{findings, subject, Draft};
use crate::assessment::{EvidenceRef, Grade, Status};
use crate::evidence::worksheet::AuditorFinding;
use crate::evidence::EvidenceIndex;
use crate::i18n::Text;

/// Puts the worksheets' verdicts into `auditor` (requirement → verdict and note), replacing
/// what the register's auditor column said for the same requirement: the worksheet is the
/// auditor's own record of the audit. Two verdicts on one requirement: the most serious.
pub fn override_verdicts<'a>(
    evidence: &'a EvidenceIndex,
    auditor: &mut HashMap<&'a str, (Status, Option<String>)>,
) {
    let mut from_worksheet: HashMap<&str, (Status, Option<String>)> = HashMap::new();
    for v in &evidence.auditor.verdicts {
        let Some(status) = status_of(v.verdict) else {
            continue;
        };
        let e = from_worksheet
            .entry(v.requirement.as_str())
            .or_insert((status, v.note.clone()));
        if status.severity() > e.0.severity() {
            *e = (status, v.note.clone());
        }
    }
    auditor.extend(from_worksheet);
}

/// The status a worksheet verdict names (the reader accepts only the list's names).
fn status_of(verdict: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| s.name() == verdict)
}

/// The findings the auditor raised, as drafts numbered with every other finding.
pub fn drafts(evidence: &EvidenceIndex) -> Vec<Draft> {
    evidence.auditor.findings.iter().filter_map(draft).collect()
}

fn draft(f: &AuditorFinding) -> Option<Draft> {
    let kind = &findings::AUDITOR_FINDING;
    let grade = Grade::ALL.into_iter().find(|g| g.name() == f.grade)?;
    let recommendation = match &f.recommendation {
        Some(r) => Text::new(r.clone(), r.clone()),
        None => kind.default_recommendation(),
    };
    let by_en = match (&f.auditor, &f.date) {
        (Some(a), Some(d)) => format!("the auditor {a} on {d}"),
        (Some(a), None) => format!("the auditor {a}"),
        (None, Some(d)) => format!("the auditor on {d}"),
        (None, None) => "the auditor".to_string(),
    };
    let by_zh = match (&f.auditor, &f.date) {
        (Some(a), Some(d)) => format!("由{a}于{d}"),
        (Some(a), None) => format!("由{a}"),
        (None, Some(d)) => format!("于{d}"),
        (None, None) => String::new(),
    };
    let rationale = Text::new(
        format!(
            "graded {} by {by_en} in the auditor worksheet ({}, sheet {}, row {}); the tool does not regrade an auditor's finding",
            grade_name_en(grade),
            f.path,
            f.sheet,
            f.row
        ),
        format!(
            "{by_zh}审核员在审核员工作表中评为{}（{}，工作表{}，第{}行）；工具不更改审核员的评级",
            grade_name_zh(grade),
            f.path,
            f.sheet,
            f.row
        ),
    );
    let mut d = Draft::new(
        kind,
        &f.requirement,
        subject::worksheet_auditor(f.auditor.as_deref()),
        Text::new(f.statement.clone(), f.statement.clone()),
        recommendation,
    )
    .graded(grade, rationale);
    d.evidence.push(EvidenceRef {
        path: f.path.clone(),
        sha256: f.sha256.clone(),
        sheet: Some(f.sheet.clone()),
        rows: vec![f.row],
        record_ids: Vec::new(),
        locations: f.evidence.clone(),
    });
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_and_grade_of_the_worksheet_lists_has_a_meaning() {
        for v in crate::domain::worksheet::VERDICTS {
            assert!(status_of(v).is_some(), "{v}");
        }
        for g in crate::domain::worksheet::GRADES {
            assert!(Grade::ALL.iter().any(|x| x.name() == g), "{g}");
        }
    }
}
