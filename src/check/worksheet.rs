//! The auditor worksheet in the assessment: the auditor's verdicts override the automatic
//! status (ahead of the register's auditor column), and the findings the auditor raised
//! join the others, graded as the auditor graded them.

use std::collections::HashMap;

use super::grade::{grade_name_en, grade_name_zh};
use super::rule::Draft;
use super::{findings, subject};
use crate::assessment::{EvidenceRef, Grade, Overrule, OverruleOutcome, Status};
use crate::evidence::worksheet::AuditorFinding;
use crate::evidence::EvidenceIndex;
use crate::i18n::Text;

/// An auditor's verdict on one requirement, with who gave it, when, why and where it is
/// written: from an auditor worksheet, or from the register's auditor column.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The status the auditor judged.
    pub status: Status,
    /// The grade written beside it (worksheets only).
    pub grade: Option<Grade>,
    /// The auditor's name.
    pub auditor: Option<String>,
    /// The date of the verdict.
    pub date: Option<String>,
    /// The auditor's note (with the objective evidence noted).
    pub note: Option<String>,
    /// Where it is written, for the record.
    pub source: String,
    /// The worksheet row it is on (path, sheet, row), so the finding the same row raises is
    /// recognised.
    pub row: Option<(String, String, u32)>,
}

/// Every requirement's auditor verdict that judges it (a verdict of `not_assessed` records
/// that nobody judged it, and is left out): the register's auditor column, replaced by the
/// worksheets for the requirements they judge — the worksheet is the auditor's own record of
/// the audit. Two verdicts on one requirement: the most serious.
pub fn verdicts(evidence: &EvidenceIndex) -> HashMap<String, Verdict> {
    let mut from_register: HashMap<String, Verdict> = HashMap::new();
    for row in &evidence.register {
        let Some(status) = row
            .auditor_verdict
            .as_deref()
            .and_then(super::register::status_of)
        else {
            continue;
        };
        for id in &row.requirements {
            let v = Verdict {
                status,
                grade: None,
                auditor: None,
                date: None,
                note: row.auditor_note.clone(),
                source: format!("{}, row {} (auditor verdict)", row.register, row.row),
                row: None,
            };
            keep_most_serious(&mut from_register, id, v);
        }
    }
    let mut from_worksheet: HashMap<String, Verdict> = HashMap::new();
    for v in &evidence.auditor.verdicts {
        let Some(status) = status_of(v.verdict).filter(|s| *s != Status::NotAssessed) else {
            continue;
        };
        let verdict = Verdict {
            status,
            grade: v
                .grade
                .and_then(|g| Grade::ALL.into_iter().find(|x| x.name() == g)),
            auditor: v.auditor.clone(),
            date: v.date.clone(),
            note: v.note.clone(),
            source: format!("{}, sheet {}, row {}", v.path, v.sheet, v.row),
            row: Some((v.path.clone(), v.sheet.clone(), v.row)),
        };
        keep_most_serious(&mut from_worksheet, &v.requirement, verdict);
    }
    from_register.extend(from_worksheet);
    from_register
}

fn keep_most_serious(map: &mut HashMap<String, Verdict>, id: &str, v: Verdict) {
    match map.get(id) {
        Some(old) if old.status.severity() >= v.status.severity() => {}
        _ => {
            map.insert(id.to_string(), v);
        }
    }
}

/// Applies the auditor's verdicts to the automatic findings, before they are escalated and
/// counted. A finding whose every requirement the auditor judged conforming is withdrawn; one
/// that bears only on a requirement the auditor judged partial or nonconforming and graded is
/// superseded: the auditor's own finding from that row, with the auditor's grade, stands in
/// its place. Either way it stays listed, marked with who, when and why, and is not counted.
/// The auditor's own findings are left as they are.
pub fn overrule(
    drafts: &mut [(super::Draft, Vec<crate::assessment::FindingDetail>)],
    verdicts: &HashMap<String, Verdict>,
) {
    for (d, _) in drafts.iter_mut() {
        if d.code == findings::AUDITOR_FINDING.code || d.grade == Grade::GoodPractice {
            continue;
        }
        let record = |v: &Verdict, outcome| Overrule {
            outcome,
            automatic_grade: d.grade,
            auditor: v.auditor.clone(),
            date: v.date.clone(),
            note: v.note.clone(),
            source: v.source.clone(),
        };
        let all: Vec<&String> = std::iter::once(&d.requirement).chain(&d.also).collect();
        let conforming = all.iter().all(|r| {
            verdicts
                .get(r.as_str())
                .is_some_and(|v| v.status == Status::Conforming)
        });
        if conforming {
            d.overrule = Some(record(
                &verdicts[d.requirement.as_str()],
                OverruleOutcome::Withdrawn,
            ));
            continue;
        }
        let graded = verdicts.get(d.requirement.as_str()).filter(|v| {
            v.grade.is_some() && matches!(v.status, Status::Partial | Status::Nonconforming)
        });
        if let (Some(v), true) = (graded, d.also.is_empty()) {
            d.overrule = Some(record(v, OverruleOutcome::Superseded));
        }
    }
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
