//! Recognising a finding in the next assessment. Finding ids (`F-003`) are renumbered by every
//! assessment, so findings are matched by a stable key instead: the code of the check that
//! raised the finding, its primary requirement and its subject (what it is about: a document
//! type, a record set, a supplier …). Each finding of either assessment is then `new`,
//! `persisting`, `regraded` or `closed`.
//!
//! This works on the findings alone, so anything holding two lists of findings can use it:
//! `iso20k diff` on two assessment.json files, or an assessment marking its findings against
//! the previous one.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assessment::{Finding, Grade};

/// What a finding is recognised by from one assessment to the next.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FindingKey {
    /// The code of the check that raised it.
    pub code: String,
    /// Its primary requirement.
    pub requirement: String,
    /// What it is about (see [`Finding::subject`]); empty in assessments written before
    /// findings recorded it.
    pub subject: String,
}

impl FindingKey {
    /// The key of `finding`.
    pub fn of(finding: &Finding) -> FindingKey {
        FindingKey {
            code: finding.code.clone(),
            requirement: finding.requirement.clone(),
            subject: finding.subject.clone(),
        }
    }
}

impl std::fmt::Display for FindingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.requirement)?;
        if !self.subject.is_empty() {
            write!(f, " ({})", self.subject)?;
        }
        Ok(())
    }
}

/// What became of a finding between an assessment and the one after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "follow_up", rename_all = "snake_case")]
pub enum FollowUp {
    /// Not found by the earlier assessment.
    New,
    /// Found by both, with the same grade.
    Persisting,
    /// Found by both, with another grade.
    Regraded {
        /// The grade the earlier assessment gave it.
        from: Grade,
        /// The grade the later one gives it.
        to: Grade,
    },
    /// Found by the earlier assessment only.
    Closed,
}

impl FollowUp {
    /// The machine name: `new`, `persisting`, `regraded` or `closed`.
    pub fn name(self) -> &'static str {
        match self {
            FollowUp::New => "new",
            FollowUp::Persisting => "persisting",
            FollowUp::Regraded { .. } => "regraded",
            FollowUp::Closed => "closed",
        }
    }
}

/// A finding of either assessment, what became of it, and the finding it is in the other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matched<'a> {
    /// What became of it.
    pub follow_up: FollowUp,
    /// The finding in the earlier assessment (none when new).
    pub previous: Option<&'a Finding>,
    /// The finding in the later assessment (none when closed).
    pub current: Option<&'a Finding>,
}

impl<'a> Matched<'a> {
    /// The finding as last seen: the later assessment's, or the earlier's when closed.
    pub fn latest(&self) -> &'a Finding {
        self.current
            .or(self.previous)
            .expect("a match holds at least one finding")
    }

    /// Its key (the later assessment's when the two differ, as only an empty subject of an
    /// older assessment lets them).
    pub fn key(&self) -> FindingKey {
        FindingKey::of(self.latest())
    }
}

/// How many findings of each follow-up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FollowUpCounts {
    /// Found by the later assessment only.
    pub new: usize,
    /// Found by both, same grade.
    pub persisting: usize,
    /// Found by both, another grade.
    pub regraded: usize,
    /// Found by the earlier assessment only.
    pub closed: usize,
}

/// Every finding of two assessments, matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Matches<'a> {
    /// The later assessment's findings in their order (each new, persisting or regraded),
    /// then the closed findings in the earlier assessment's order.
    pub all: Vec<Matched<'a>>,
}

impl<'a> Matches<'a> {
    /// What became of the later assessment's finding `id` (`F-003`), with the earlier
    /// finding it continues.
    pub fn of_current(&self, id: &str) -> Option<&Matched<'a>> {
        self.all
            .iter()
            .find(|m| m.current.is_some_and(|f| f.id == id))
    }

    /// The earlier assessment's findings that the later one no longer raises.
    pub fn closed(&self) -> impl Iterator<Item = &Matched<'a>> {
        self.all.iter().filter(|m| m.follow_up == FollowUp::Closed)
    }

    /// How many of each follow-up.
    pub fn counts(&self) -> FollowUpCounts {
        let mut counts = FollowUpCounts::default();
        for m in &self.all {
            match m.follow_up {
                FollowUp::New => counts.new += 1,
                FollowUp::Persisting => counts.persisting += 1,
                FollowUp::Regraded { .. } => counts.regraded += 1,
                FollowUp::Closed => counts.closed += 1,
            }
        }
        counts
    }
}

/// Matches the findings of an earlier assessment (`previous`) with those of a later one
/// (`current`) by [`FindingKey`].
///
/// Several findings with one key (two lapses in one supplier's reviews) are paired in their
/// order, those of the same grade first. A finding of an assessment written before findings
/// recorded their subject matches, in the same way, a finding of the same code and
/// requirement whatever its subject.
pub fn match_findings<'a>(previous: &'a [Finding], current: &'a [Finding]) -> Matches<'a> {
    // For each finding of `current`, the index of the finding of `previous` it continues.
    let mut continues: Vec<Option<usize>> = vec![None; current.len()];
    let mut taken = vec![false; previous.len()];
    let by_key = |findings: &[Finding]| {
        let mut groups: BTreeMap<FindingKey, Vec<usize>> = BTreeMap::new();
        for (i, f) in findings.iter().enumerate() {
            groups.entry(FindingKey::of(f)).or_default().push(i);
        }
        groups
    };
    let before = by_key(previous);
    for (key, now) in by_key(current) {
        if let Some(then) = before.get(&key) {
            pair(previous, current, then, &now, &mut continues, &mut taken);
        }
    }
    // Older assessments left subjects empty: fall back to code and requirement.
    let loose = |f: &Finding| (f.code.clone(), f.requirement.clone());
    let mut unmatched_before: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, f) in previous.iter().enumerate() {
        if !taken[i] {
            unmatched_before.entry(loose(f)).or_default().push(i);
        }
    }
    let mut unmatched_now: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, f) in current.iter().enumerate() {
        if continues[i].is_none() {
            unmatched_now.entry(loose(f)).or_default().push(i);
        }
    }
    for (key, now) in unmatched_now {
        let Some(then) = unmatched_before.get(&key) else {
            continue;
        };
        let subjectless = |list: &[Finding], indices: &[usize]| {
            indices.iter().all(|&i| list[i].subject.is_empty())
        };
        // Where both sides name subjects, and they differ, the findings are different ones.
        if subjectless(previous, then) || subjectless(current, &now) {
            pair(previous, current, then, &now, &mut continues, &mut taken);
        }
    }

    let mut all: Vec<Matched<'a>> = current
        .iter()
        .zip(&continues)
        .map(|(f, then)| {
            let earlier = then.map(|i| &previous[i]);
            let follow_up = match earlier {
                None => FollowUp::New,
                Some(e) if e.grade == f.grade => FollowUp::Persisting,
                Some(e) => FollowUp::Regraded {
                    from: e.grade,
                    to: f.grade,
                },
            };
            Matched {
                follow_up,
                previous: earlier,
                current: Some(f),
            }
        })
        .collect();
    all.extend(
        previous
            .iter()
            .zip(&taken)
            .filter(|(_, taken)| !**taken)
            .map(|(f, _)| Matched {
                follow_up: FollowUp::Closed,
                previous: Some(f),
                current: None,
            }),
    );
    Matches { all }
}

/// Pairs the findings `then` of `previous` with the findings `now` of `current`, in order,
/// those of equal grade first; records each pair in `continues` and `taken`.
fn pair(
    previous: &[Finding],
    current: &[Finding],
    then: &[usize],
    now: &[usize],
    continues: &mut [Option<usize>],
    taken: &mut [bool],
) {
    for same_grade in [true, false] {
        for &c in now {
            if continues[c].is_some() {
                continue;
            }
            let found = then
                .iter()
                .copied()
                .find(|&p| !taken[p] && (!same_grade || previous[p].grade == current[c].grade));
            if let Some(p) = found {
                continues[c] = Some(p);
                taken[p] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;

    fn finding(id: &str, code: &str, requirement: &str, subject: &str, grade: Grade) -> Finding {
        Finding {
            id: id.into(),
            code: code.into(),
            grade,
            grading_rationale: Text::default(),
            requirement: requirement.into(),
            requirements: vec![requirement.into()],
            clause: requirement.split('-').next().unwrap_or("").into(),
            subject: subject.into(),
            statement: Text::new(format!("{id} statement"), ""),
            details: Vec::new(),
            recommendation: Text::default(),
            evidence: Vec::new(),
            sample: None,
            includes: Vec::new(),
            escalated_into: None,
            waiver: None,
            follow_up: None,
            overruled: None,
        }
    }

    /// (follow-up, previous id, current id) of every match, in order.
    fn summary(m: &Matches) -> Vec<(String, Option<String>, Option<String>)> {
        m.all
            .iter()
            .map(|x| {
                (
                    x.follow_up.name().to_string(),
                    x.previous.map(|f| f.id.clone()),
                    x.current.map(|f| f.id.clone()),
                )
            })
            .collect()
    }

    fn ids(p: Option<&str>, c: Option<&str>) -> (Option<String>, Option<String>) {
        (p.map(String::from), c.map(String::from))
    }

    #[test]
    fn persisting_findings_are_recognised_though_renumbered() {
        let previous = [
            finding(
                "F-001",
                "document_missing",
                "6.5-02",
                "document:D27",
                Grade::Minor,
            ),
            finding(
                "F-002",
                "REC-PRB-NO-ROOT-CAUSE",
                "8.2-03",
                "records:problems",
                Grade::Minor,
            ),
            finding(
                "F-003",
                "REC-CI-INCOMPLETE",
                "9.1-02",
                "records:configuration_items",
                Grade::Minor,
            ),
        ];
        let current = [
            finding(
                "F-001",
                "REC-PRB-NO-ROOT-CAUSE",
                "8.2-03",
                "records:problems",
                Grade::Minor,
            ),
            finding(
                "F-002",
                "REC-CI-INCOMPLETE",
                "9.1-02",
                "records:configuration_items",
                Grade::Minor,
            ),
        ];
        let m = match_findings(&previous, &current);
        let (a, b) = ids(Some("F-002"), Some("F-001"));
        let (c, d) = ids(Some("F-003"), Some("F-002"));
        let (e, f) = ids(Some("F-001"), None);
        assert_eq!(
            summary(&m),
            [
                ("persisting".to_string(), a, b),
                ("persisting".to_string(), c, d),
                ("closed".to_string(), e, f),
            ]
        );
        assert_eq!(
            m.counts(),
            FollowUpCounts {
                new: 0,
                persisting: 2,
                regraded: 0,
                closed: 1
            }
        );
        assert_eq!(m.of_current("F-002").unwrap().previous.unwrap().id, "F-003");
        assert_eq!(m.closed().next().unwrap().latest().id, "F-001");
    }

    #[test]
    fn a_finding_with_another_grade_is_regraded_from_one_to_the_other() {
        let previous = [finding(
            "F-004",
            "interval_gap",
            "7.2-06",
            "activity:supplier_review/Fibrelink",
            Grade::Minor,
        )];
        let current = [finding(
            "F-001",
            "interval_gap",
            "7.2-06",
            "activity:supplier_review/Fibrelink",
            Grade::Major,
        )];
        let m = match_findings(&previous, &current);
        assert_eq!(m.all.len(), 1);
        assert_eq!(
            m.all[0].follow_up,
            FollowUp::Regraded {
                from: Grade::Minor,
                to: Grade::Major
            }
        );
        assert_eq!(m.counts().regraded, 1);
    }

    #[test]
    fn another_subject_is_another_finding() {
        // Fibrelink's reviews were caught up; Acme's lapsed.
        let previous = [finding(
            "F-001",
            "interval_gap",
            "7.2-06",
            "activity:supplier_review/Fibrelink",
            Grade::Minor,
        )];
        let current = [finding(
            "F-001",
            "interval_gap",
            "7.2-06",
            "activity:supplier_review/Acme",
            Grade::Minor,
        )];
        let m = match_findings(&previous, &current);
        assert_eq!(
            summary(&m).into_iter().map(|(f, ..)| f).collect::<Vec<_>>(),
            ["new", "closed"]
        );
        assert_eq!(m.all[0].key().subject, "activity:supplier_review/Acme");
    }

    #[test]
    fn findings_sharing_a_key_pair_in_order_same_grade_first() {
        let key = (
            "interval_gap",
            "7.2-06",
            "activity:supplier_review/Fibrelink",
        );
        let previous = [
            finding("F-001", key.0, key.1, key.2, Grade::Major),
            finding("F-002", key.0, key.1, key.2, Grade::Minor),
        ];
        let current = [finding("F-005", key.0, key.1, key.2, Grade::Minor)];
        let m = match_findings(&previous, &current);
        let (a, b) = ids(Some("F-002"), Some("F-005"));
        let (c, d) = ids(Some("F-001"), None);
        assert_eq!(
            summary(&m),
            [
                ("persisting".to_string(), a, b),
                ("closed".to_string(), c, d)
            ]
        );
    }

    #[test]
    fn findings_of_an_assessment_without_subjects_match_on_code_and_requirement() {
        let previous = [
            finding("F-001", "REC-PRB-NO-ROOT-CAUSE", "8.2-03", "", Grade::Minor),
            finding("F-002", "document_missing", "6.5-02", "", Grade::Minor),
        ];
        let current = [finding(
            "F-001",
            "REC-PRB-NO-ROOT-CAUSE",
            "8.2-03",
            "records:problems",
            Grade::Minor,
        )];
        let m = match_findings(&previous, &current);
        assert_eq!(m.all[0].follow_up, FollowUp::Persisting);
        assert_eq!(m.all[0].previous.unwrap().id, "F-001");
        assert_eq!(m.all[1].follow_up, FollowUp::Closed);
        assert_eq!(m.all[1].previous.unwrap().id, "F-002");
    }

    #[test]
    fn every_finding_of_either_side_appears_once() {
        let previous = [
            finding("F-001", "a", "1-01", "x", Grade::Minor),
            finding("F-002", "b", "1-02", "x", Grade::Observation),
        ];
        let current = [
            finding("F-001", "c", "1-03", "x", Grade::Major),
            finding("F-002", "b", "1-02", "x", Grade::Minor),
        ];
        let m = match_findings(&previous, &current);
        assert_eq!(
            summary(&m).into_iter().map(|(f, ..)| f).collect::<Vec<_>>(),
            ["new", "regraded", "closed"]
        );
        assert_eq!(match_findings(&[], &[]).all, []);
    }
}
