//! Internal audits against the audit programme (`[programme] plan`): every audit the
//! programme planned in a quarter that has ended by the assessment date must show in the
//! internal-audit records as an audit dated in that quarter whose scope covers its clause.
//! A programme in force replaces the bare interval from its start (the `interval` rule
//! checks only the time before it); the audits it planned and that were not held are one
//! finding, listing each.
//!
//! A record's scope is read for the clauses it names (`8.1`, `Clauses 4-9`, `4 至 9`,
//! "all clauses"); a scope that names none (a team or service name) cannot be attributed, so
//! a quarter whose audits all have such scopes is not judged, and the requirement says so.

use super::findings;
use super::rule::{file_ref, Draft, Outcome};
use crate::assessment::{EvidenceRef, Grade, Status};
use crate::catalogue::Requirement;
use crate::domain::date::Timestamp;
use crate::evidence::audit_plan::AuditPlan;
use crate::grading::{percent, GradingProfile};
use crate::i18n::Text;

/// What an audit's scope says it covered.
#[derive(Debug, Clone, PartialEq)]
pub enum Coverage {
    /// The whole system.
    All,
    /// These clauses (a clause covers its subclauses), and these ranges of top-level clauses.
    Clauses {
        /// Clause ids named (`8`, `8.1`).
        ids: Vec<String>,
        /// Inclusive ranges of top-level clauses (`4-9`).
        ranges: Vec<(u32, u32)>,
    },
    /// Nothing recognisable as a clause.
    Unknown,
}

impl Coverage {
    /// Whether clause `clause` is covered.
    pub fn covers(&self, clause: &str) -> bool {
        match self {
            Coverage::All => true,
            Coverage::Unknown => false,
            Coverage::Clauses { ids, ranges } => {
                let top: Option<u32> = clause.split('.').next().and_then(|t| t.parse().ok());
                ids.iter().any(|id| {
                    clause == id
                        || clause.starts_with(&format!("{id}."))
                        || id.starts_with(&format!("{clause}."))
                }) || top.is_some_and(|t| ranges.iter().any(|(a, b)| (*a..=*b).contains(&t)))
            }
        }
    }
}

/// Words that say an audit covered the whole system.
const WHOLE: &[&str] = &[
    "all clauses",
    "whole sms",
    "entire sms",
    "full sms",
    "whole system",
    "all processes",
    "全部条款",
    "所有条款",
    "全部过程",
    "整个体系",
];

/// Reads the clauses an audit's scope names.
pub fn coverage(scope: &str) -> Coverage {
    let lower = scope.to_lowercase();
    if WHOLE.iter().any(|w| lower.contains(w)) {
        return Coverage::All;
    }
    // Clause-like tokens (`8`, `8.1`, `4.5.4.2`), with what joins each to the next.
    let mut tokens: Vec<(String, String)> = Vec::new();
    let mut current = String::new();
    let mut between = String::new();
    for ch in lower.chars() {
        if ch.is_ascii_digit() || (ch == '.' && !current.is_empty()) {
            if current.is_empty() {
                let joiner = std::mem::take(&mut between);
                if let Some(last) = tokens.last_mut() {
                    last.1 = joiner;
                }
            }
            current.push(ch);
        } else {
            if !current.is_empty() {
                tokens.push((current.trim_end_matches('.').to_string(), String::new()));
                current.clear();
            }
            between.push(ch);
        }
    }
    if !current.is_empty() {
        tokens.push((current.trim_end_matches('.').to_string(), String::new()));
    }
    let mut ids = Vec::new();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (token, joiner) = &tokens[i];
        let joiner = joiner.trim();
        let is_range = matches!(joiner, "-" | "–" | "—" | "to" | "至" | "到" | "~");
        if is_range && i + 1 < tokens.len() {
            if let (Ok(a), Ok(b)) = (token.parse::<u32>(), tokens[i + 1].0.parse::<u32>()) {
                if a <= b && b <= 20 {
                    ranges.push((a, b));
                    i += 2;
                    continue;
                }
            }
        }
        // Years, counts and other numbers are not clauses: standards' clauses run 1 to 10.
        let top: Option<u32> = token.split('.').next().and_then(|t| t.parse().ok());
        if top.is_some_and(|t| (1..=20).contains(&t)) {
            ids.push(token.clone());
        }
        i += 1;
    }
    if ids.is_empty() && ranges.is_empty() {
        Coverage::Unknown
    } else {
        Coverage::Clauses { ids, ranges }
    }
}

/// An internal-audit record: its date, where it is, and what its scope covers.
pub struct Held {
    /// The audit's date.
    pub date: Timestamp,
    /// Where it is recorded: a row of the internal-audit records, or an audit report.
    pub evidence: EvidenceRef,
    /// What it covered.
    pub coverage: Coverage,
}

/// Checks the audits `plan` had due in the window (quarters that overlap it and ended by
/// its end) against the audits held.
pub fn check(
    plan: &AuditPlan,
    held: &[Held],
    req: &Requirement,
    (start, end): (Timestamp, Timestamp),
    profile: &GradingProfile,
    outcome: Outcome,
) -> Outcome {
    let due: Vec<_> = plan
        .audits
        .iter()
        .filter(|a| a.until <= end && a.until >= start)
        .collect();
    let mut missed = Vec::new();
    let mut unattributed = 0;
    let mut cited: Vec<EvidenceRef> = Vec::new();
    for a in &due {
        let in_quarter: Vec<&Held> = held
            .iter()
            .filter(|h| h.date >= a.from && h.date <= a.until)
            .collect();
        // An audit of part of the clause (a subclause) counts as its audit that quarter.
        if let Some(h) = in_quarter.iter().find(|h| h.coverage.covers(&a.clause)) {
            if !cited.contains(&h.evidence) {
                cited.push(h.evidence.clone());
            }
        } else if in_quarter.iter().any(|h| h.coverage == Coverage::Unknown) {
            // An audit was held that quarter, but its scope names no clause.
            unattributed += 1;
        } else {
            missed.push(*a);
        }
    }
    if missed.is_empty() {
        return outcome;
    }
    let (list_en, list_zh): (Vec<String>, Vec<String>) = missed
        .iter()
        .map(|a| {
            let (from, until) = (a.from.date_string(), a.until.date_string());
            let who = a.auditor.as_deref();
            (
                format!(
                    "#{} {} ({from} – {until}{})",
                    a.number,
                    a.clause,
                    who.map(|n| format!(", {n}")).unwrap_or_default()
                ),
                format!(
                    "#{} {}（{from}至{until}{}）",
                    a.number,
                    a.clause,
                    who.map(|n| format!("，{n}")).unwrap_or_default()
                ),
            )
        })
        .unzip();
    let n = missed.len();
    // Audits whose quarter's records name no clause are neither held nor missed: say so
    // where the reader looks, in the finding (a rule's notes show only when it decides nothing).
    let (unattributed_en, unattributed_zh) = if unattributed == 0 {
        (String::new(), String::new())
    } else {
        (
            format!(" Whether {unattributed} more were held cannot be told: the internal audits of their quarter name no clause in their scope."),
            format!("另有{unattributed}项审核所在季度的内部审核范围未写明条款，无法判断是否已开展。"),
        )
    };
    let mut d = Draft::new(
        &findings::PROGRAMME_AUDIT_MISSED,
        &req.id,
        super::subject::activity("internal_audit_programme", ""),
        Text::new(
            format!(
                "{n} of the {} audits the internal audit programme ({}) planned in quarters ended by {} {} no record in the evidence supplied: no internal audit dated in {} quarter covers {} clause: {}.",
                due.len(),
                plan.path,
                end.date_string(),
                if n == 1 { "has" } else { "have" },
                if n == 1 { "its" } else { "their" },
                if n == 1 { "its" } else { "their" },
                list_en.join("; ")
            ) + &unattributed_en,
            format!(
                "内部审核方案（{}）在{}前结束的季度中策划的{}项审核中有{n}项在所提供的证据中没有记录：该季度没有覆盖相应条款的内部审核记录：{}。",
                plan.path,
                end.date_string(),
                due.len(),
                list_zh.join("；")
            ) + &unattributed_zh,
        ),
        findings::PROGRAMME_AUDIT_MISSED.default_recommendation(),
    );
    // Judged like a record check: missing both of the profile's systemic thresholds is a
    // lapse; reaching them shows the programme is not being run.
    let share = n as f64 / due.len() as f64;
    let systemic = share >= profile.systemic_share && n >= profile.systemic_count;
    if systemic {
        d = d.graded(
            Grade::Major,
            Text::new(
                format!("{n} of {} planned audits without a record ({}), at or above the profile's systemic thresholds ({} and {}): the programme is not being carried out", due.len(), percent(share), percent(profile.systemic_share), profile.systemic_count),
                format!("{}项策划审核中有{n}项没有记录（{}），达到评级规则的系统性阈值（{}且{}项）：审核方案未得到执行", due.len(), percent(share), percent(profile.systemic_share), profile.systemic_count),
            ),
        );
    }
    d.evidence.push(EvidenceRef {
        record_ids: missed.iter().map(|a| format!("#{}", a.number)).collect(),
        ..file_ref(&plan.path, &plan.sha256)
    });
    d.evidence.extend(cited);
    let status = if systemic {
        Status::Nonconforming
    } else {
        Status::Partial
    };
    outcome.with(d, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(ids: &[&str], ranges: &[(u32, u32)]) -> Coverage {
        Coverage::Clauses {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            ranges: ranges.to_vec(),
        }
    }

    #[test]
    fn scopes_as_people_write_them() {
        assert_eq!(
            coverage("Clauses 4-9, all services"),
            clauses(&[], &[(4, 9)])
        );
        assert_eq!(coverage("4 至 9 章"), clauses(&[], &[(4, 9)]));
        assert_eq!(
            coverage("8.1, 8.2 and 9.2"),
            clauses(&["8.1", "8.2", "9.2"], &[])
        );
        assert_eq!(coverage("Clause 8."), clauses(&["8"], &[]));
        assert_eq!(coverage("Whole SMS"), Coverage::All);
        assert_eq!(coverage("Network Ops"), Coverage::Unknown);
        // A year is not a clause.
        assert_eq!(coverage("2025 audit of Cloud Platform"), Coverage::Unknown);
    }

    #[test]
    fn a_clause_covers_its_subclauses_and_a_range_its_clauses() {
        assert!(clauses(&["8"], &[]).covers("8.1"));
        assert!(!clauses(&["8.1"], &[]).covers("8.2"));
        assert!(clauses(&["4.5.4.2"], &[]).covers("4.5"));
        assert!(clauses(&[], &[(4, 9)]).covers("6.6"));
        assert!(!clauses(&[], &[(4, 7)]).covers("8.1"));
        assert!(!Coverage::Unknown.covers("8.1"));
    }
}
