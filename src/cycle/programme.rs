//! The internal audit programme: which clause is audited in which quarter of a cycle of some
//! years, by whom, and why at that frequency (4.5.4.2 of the 2011 edition, 9.2 of 2018:
//! audits at planned intervals, covering the whole system, taking into account the status
//! and importance of the processes and the results of previous audits).
//!
//! The unit audited is a process-level clause: each subclause of a top-level clause of the
//! catalogue (`8.1`), or the top-level clause itself when it has none. Each unit's frequency
//! is the shortest interval of the [`RULES`] that apply to it, from the last assessment's
//! nonconformities and the manifest's `[programme]` marks; every unit is audited at least
//! once per cycle. Audits are spread over the quarters so that each quarter carries as even a
//! load as the intervals allow, and each is given to the least-loaded team member who is
//! independent of it. Nothing here depends on the clock or on hash order: the same inputs
//! give the same programme.

use std::path::Path;

use serde::Serialize;

use crate::assessment::{Assessment, Grade};
use crate::catalogue::{clause_contains, Catalogue};
use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use crate::domain::date::Timestamp;
use crate::domain::engagement::{ProgrammeMarks, TeamMember};
use crate::i18n::{Lang, Text};
use crate::labels::Labels;

/// `PRG001`: nobody in the team can audit a clause independently.
pub static NO_INDEPENDENT_AUDITOR: DiagnosticKind = DiagnosticKind {
    code: "PRG001",
    title: ("no independent auditor for a clause of the audit programme", "审核方案中的条款没有独立审核员"),
    explanation: (
        "Every member of the `[[team]]` in assessment.toml works in the clause (`works_in`), does not audit it (`audits`), or is declared not independent (`independent = false`). Auditors must not audit their own work, so the clause's audits are planned but left unassigned rather than given to someone who is not independent of them.",
        "assessment.toml的`[[team]]`中每位成员或在该条款工作（`works_in`），或不审核该条款（`audits`），或被声明不独立（`independent = false`）。审核员不得审核自己的工作，因此该条款的审核已列入计划但未指派，而不会交给不独立的人员。",
    ),
    hint: (
        "add to [[team]] in assessment.toml someone who does not work in the clause (an auditor from another area, or an external auditor), or widen a member's `audits`",
        "在assessment.toml的[[team]]中增加不在该条款工作的人员（其他领域的审核员或外部审核员），或扩大某成员的`audits`范围",
    ),
};

/// `PRG002`: the manifest declares no team, so no audit is assigned.
pub static NO_TEAM: DiagnosticKind = DiagnosticKind {
    code: "PRG002",
    title: ("the audit programme has no team to assign", "审核方案没有可指派的审核组"),
    explanation: (
        "The workspace has no assessment.toml, or it declares no `[[team]]` member: every audit is planned, and none is assigned an auditor.",
        "工作区没有assessment.toml，或其中未声明任何`[[team]]`成员：所有审核均已列入计划，但均未指派审核员。",
    ),
    hint: (
        "declare the internal auditors as [[team]] entries in assessment.toml, each with the clauses they work in (`works_in`) (`iso20k init` writes a commented example)",
        "在assessment.toml中以[[team]]条目声明内部审核员，并注明各自工作的条款（`works_in`）（`iso20k init`可生成带注释的示例）",
    ),
};

/// `PRG003`: the last assessment was made against another catalogue.
pub static PREVIOUS_OTHER_CATALOGUE: DiagnosticKind = DiagnosticKind {
    code: "PRG003",
    title: ("the last assessment was made against another catalogue", "上次评估依据的要求目录不同"),
    explanation: (
        "The assessment given with --previous names another catalogue than the one the programme is planned on. Its nonconformities are placed by clause id, which may name another clause in the other edition, so a clause may be audited more or less often than its results call for.",
        "以--previous给出的评估所依据的要求目录与编制审核方案所用的目录不同。其不符合按条款编号归入，而该编号在另一版本中可能指向其他条款，因此某条款的审核频次可能与其结果不相称。",
    ),
    hint: (
        "plan with the catalogue the assessment was made against (--edition or --catalogue), or assess the workspace again with this one",
        "使用该评估所依据的要求目录编制方案（--edition或--catalogue），或用当前目录重新评估工作区",
    ),
};

/// Every programme diagnostic, for `iso20k explain`.
pub static DIAGNOSTICS: [&DiagnosticKind; 3] =
    [&NO_INDEPENDENT_AUDITOR, &NO_TEAM, &PREVIOUS_OTHER_CATALOGUE];

/// Why a clause is audited at its frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The last assessment found a major nonconformity in the clause.
    MajorNonconformity,
    /// The last assessment found a minor nonconformity in the clause.
    MinorNonconformity,
    /// assessment.toml marks the clause's process as critical.
    Critical,
    /// assessment.toml marks the clause's process as changed.
    Changed,
    /// Every clause, once per cycle.
    Cycle,
}

/// A rule of the programme: a reason, and the longest interval between two audits of a
/// clause it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// When it applies.
    pub reason: Reason,
    /// The longest interval in months; `None` for once per cycle.
    pub interval_months: Option<u32>,
}

/// The rules, strictest first: a clause is audited at the shortest interval of those that
/// apply to it.
pub const RULES: [Rule; 5] = [
    Rule {
        reason: Reason::MajorNonconformity,
        interval_months: Some(6),
    },
    Rule {
        reason: Reason::MinorNonconformity,
        interval_months: Some(12),
    },
    Rule {
        reason: Reason::Critical,
        interval_months: Some(12),
    },
    Rule {
        reason: Reason::Changed,
        interval_months: Some(12),
    },
    Rule {
        reason: Reason::Cycle,
        interval_months: None,
    },
];

/// The rule of a reason.
pub fn rule(reason: Reason) -> Rule {
    RULES
        .into_iter()
        .find(|r| r.reason == reason)
        .unwrap_or(Rule {
            reason,
            interval_months: None,
        })
}

/// The label of a rule's reason.
pub fn rule_label(l: &Labels, reason: Reason) -> &'static str {
    match reason {
        Reason::MajorNonconformity => l.rule_major,
        Reason::MinorNonconformity => l.rule_minor,
        Reason::Critical => l.rule_critical,
        Reason::Changed => l.rule_changed,
        Reason::Cycle => l.rule_cycle,
    }
}

/// What the programme is planned from.
#[derive(Debug)]
pub struct Input<'a> {
    /// The catalogue whose clauses are audited.
    pub catalogue: &'a Catalogue,
    /// The organisation, as the manifest names it.
    pub organisation: String,
    /// The length of the cycle in years.
    pub years: u32,
    /// The audit team, in manifest order.
    pub team: &'a [TeamMember],
    /// The manifest's `[programme]` marks.
    pub marks: &'a ProgrammeMarks,
    /// The manifest's file, which the team's diagnostics point at.
    pub manifest_file: String,
    /// The last assessment, with the file it was read from.
    pub previous: Option<(&'a Path, &'a Assessment)>,
    /// The first day of the cycle's first quarter, when known: each audit then has dates,
    /// and the next assessment can check that the audits due were held.
    pub start: Option<Timestamp>,
}

/// The catalogue the programme is planned on.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueRef {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// The edition of the standard it covers.
    pub edition: String,
}

/// The last assessment the programme takes into account.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousRef {
    /// The file it was read from, as given.
    pub file: String,
    /// Its assessment date.
    pub assessment_date: Option<String>,
    /// Its catalogue id.
    pub catalogue: String,
}

/// One reason a clause is audited more often, with what it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Ground {
    /// The reason.
    pub reason: Reason,
    /// The finding ids (nonconformities) or the manifest's ids (marks) it rests on.
    pub because: Vec<String>,
}

/// One clause of the programme and its audits.
#[derive(Debug, Clone, Serialize)]
pub struct ClausePlan {
    /// The clause audited.
    pub id: String,
    /// The top-level clause it belongs to.
    pub top: String,
    /// Its title.
    pub title: Text,
    /// Every reason to audit it more often than once per cycle (none when there is none).
    pub grounds: Vec<Ground>,
    /// The reason whose rule sets its frequency.
    pub rule: Reason,
    /// The interval between its audits, in months (the cycle's length when once per cycle).
    pub interval_months: u32,
    /// The quarters it is audited in, numbered from 1.
    pub quarters: Vec<usize>,
    /// Why it is audited at this frequency.
    pub why: Text,
    /// Why nobody can audit it, when nobody can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unassigned: Option<Text>,
}

/// One planned audit.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// Its number in the programme, from 1, in chronological order.
    pub number: usize,
    /// The quarter, numbered from 1.
    pub quarter: usize,
    /// The clause audited.
    pub clause: String,
    /// The team member who audits it; `None` when nobody independent of it can.
    pub auditor: Option<String>,
    /// The first day of its quarter (YYYY-MM-DD), when the cycle's start is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last day of its quarter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// A team member's share of the programme.
#[derive(Debug, Clone, Serialize)]
pub struct AuditorLoad {
    /// The member's name.
    pub name: String,
    /// The clauses they work in.
    pub works_in: Vec<String>,
    /// The clauses they may audit; everything when empty.
    pub audits: Vec<String>,
    /// How many audits they are planned to do.
    pub planned: usize,
}

/// A rule with what it came to in this programme.
#[derive(Debug, Clone, Serialize)]
pub struct RuleUse {
    /// The rule.
    #[serde(flatten)]
    pub rule: Rule,
    /// How many clauses it sets the frequency of.
    pub clauses: usize,
}

/// The internal audit programme.
#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    /// The organisation.
    pub organisation: String,
    /// The catalogue planned on.
    pub catalogue: CatalogueRef,
    /// The length of the cycle in years.
    pub years: u32,
    /// The number of quarters in the cycle.
    pub quarters: usize,
    /// The first day of the first quarter (YYYY-MM-DD), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The last assessment taken into account.
    pub previous: Option<PreviousRef>,
    /// The rules, strictest first, with the number of clauses each decided.
    pub rules: Vec<RuleUse>,
    /// Every clause audited, in catalogue order.
    pub clauses: Vec<ClausePlan>,
    /// Every audit, in chronological order (by quarter, then catalogue order).
    pub audits: Vec<Audit>,
    /// The team and each member's share.
    pub team: Vec<AuditorLoad>,
    /// What the plan could not do as it should (code and message).
    pub warnings: Vec<String>,
}

impl Programme {
    /// The clause plan of `id`.
    pub fn clause(&self, id: &str) -> Option<&ClausePlan> {
        self.clauses.iter().find(|c| c.id == id)
    }

    /// The number of audits left unassigned.
    pub fn unassigned(&self) -> usize {
        self.audits.iter().filter(|a| a.auditor.is_none()).count()
    }

    /// The label of quarter `q` (from 1) in `lang`: `Y1 Q2`, `第1年第2季度`.
    pub fn quarter_label(q: usize, lang: Lang) -> String {
        let l = Labels::of(lang);
        l.quarter_label
            .replace("{year}", &((q - 1) / 4 + 1).to_string())
            .replace("{quarter}", &((q - 1) % 4 + 1).to_string())
    }
}

/// A label in both languages, with `fill` applied to each.
fn both(pick: impl Fn(&Labels) -> &'static str, fill: impl Fn(&str, Lang) -> String) -> Text {
    Text::new(
        fill(pick(&Labels::of(Lang::En)), Lang::En),
        fill(pick(&Labels::of(Lang::Zh)), Lang::Zh),
    )
}

/// Ids as a list in `lang`: `8.1, 8.2` or `8.1、8.2`.
fn list(ids: &[String], lang: Lang) -> String {
    ids.join(match lang {
        Lang::En => ", ",
        Lang::Zh => "、",
    })
}

/// The clause an id names: the clause itself, or a requirement's clause.
fn clause_of<'a>(catalogue: &'a Catalogue, id: &'a str) -> &'a str {
    let id = id.trim();
    catalogue.requirement(id).map_or(id, |r| r.clause.as_str())
}

/// Whether two clauses overlap: one contains the other.
fn overlap(a: &str, b: &str) -> bool {
    clause_contains(a, b) || clause_contains(b, a)
}

/// The units audited: each subclause of a top-level clause, or the top-level clause when it
/// has none, in catalogue order, with their top-level clause.
fn units(catalogue: &Catalogue) -> Vec<(String, String, Text)> {
    let mut out = Vec::new();
    for top in catalogue.clauses.iter().filter(|c| c.parent.is_none()) {
        let children: Vec<_> = catalogue.children(&top.id).collect();
        if children.is_empty() {
            out.push((top.id.clone(), top.id.clone(), top.title.clone()));
        }
        for c in children {
            out.push((c.id.clone(), top.id.clone(), c.title.clone()));
        }
    }
    out
}

/// The reasons to audit `unit` more often, strictest first.
fn grounds(input: &Input, unit: &str) -> Vec<Ground> {
    let cat = input.catalogue;
    let mut out = Vec::new();
    if let Some((_, a)) = input.previous {
        for (grade, reason) in [
            (Grade::Major, Reason::MajorNonconformity),
            (Grade::Minor, Reason::MinorNonconformity),
        ] {
            let ids: Vec<String> = a
                .findings
                .iter()
                .filter(|f| f.counts() && f.grade == grade)
                .filter(|f| {
                    clause_contains(unit, &f.clause)
                        || f.requirements
                            .iter()
                            .any(|r| clause_contains(unit, clause_of(cat, r)))
                })
                .map(|f| f.id.clone())
                .collect();
            if !ids.is_empty() {
                out.push(Ground {
                    reason,
                    because: ids,
                });
            }
        }
    }
    for (ids, reason) in [
        (&input.marks.critical, Reason::Critical),
        (&input.marks.changed, Reason::Changed),
    ] {
        let marked: Vec<String> = ids
            .iter()
            .filter(|id| overlap(unit, clause_of(cat, id)))
            .map(|id| id.trim().to_string())
            .collect();
        if !marked.is_empty() {
            out.push(Ground {
                reason,
                because: marked,
            });
        }
    }
    out
}

/// Why a clause with these grounds is audited at `interval` (in quarters of a cycle of
/// `years`), in both languages.
fn why(grounds: &[Ground], deciding: Rule, years: u32) -> Text {
    let frequency = |l: &Labels| match deciding.interval_months {
        Some(months) if months < years * 12 => {
            l.every_months.replace("{months}", &months.to_string())
        }
        _ => l.once_in_cycle.replace("{years}", &years.to_string()),
    };
    let text = |lang: Lang| {
        let l = Labels::of(lang);
        let reasons: Vec<String> = if grounds.is_empty() {
            vec![l.reason_cycle.to_string()]
        } else {
            grounds
                .iter()
                .map(|g| {
                    let label = match g.reason {
                        Reason::MajorNonconformity => l.reason_major,
                        Reason::MinorNonconformity => l.reason_minor,
                        Reason::Critical => l.reason_critical,
                        Reason::Changed => l.reason_changed,
                        Reason::Cycle => l.reason_cycle,
                    };
                    label.replace("{ids}", &list(&g.because, lang))
                })
                .collect()
        };
        let joined = reasons.join(match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        });
        match lang {
            Lang::En => format!("{joined}: {}", frequency(&l)),
            Lang::Zh => format!("{joined}：{}", frequency(&l)),
        }
    };
    Text::new(text(Lang::En), text(Lang::Zh))
}

/// Why `member` may not audit `unit`, or `None` when they may.
fn excluded(catalogue: &Catalogue, member: &TeamMember, unit: &str) -> Option<Text> {
    if member.independent == Some(false) {
        return Some(both(
            |l| l.member_not_independent,
            |t, _| t.replace("{name}", &member.name),
        ));
    }
    let own: Vec<String> = member
        .works_in
        .iter()
        .filter(|w| overlap(unit, clause_of(catalogue, w)))
        .map(|w| w.trim().to_string())
        .collect();
    if !own.is_empty() {
        return Some(both(
            |l| l.member_works_in,
            |t, lang| {
                t.replace("{name}", &member.name)
                    .replace("{ids}", &list(&own, lang))
            },
        ));
    }
    let competent = member.audits.is_empty()
        || member
            .audits
            .iter()
            .any(|a| clause_contains(clause_of(catalogue, a), unit));
    if !competent {
        return Some(both(
            |l| l.member_does_not_audit,
            |t, lang| {
                t.replace("{name}", &member.name)
                    .replace("{id}", unit)
                    .replace("{ids}", &list(&member.audits, lang))
            },
        ));
    }
    None
}

/// The first and last day of quarter `quarter` (from 1) of a cycle starting on `start`.
pub fn quarter_dates(start: Option<Timestamp>, quarter: usize) -> Option<(String, String)> {
    let start = start?.day();
    let from = start.add_months(3 * (quarter as i64 - 1));
    let next = start.add_months(3 * quarter as i64);
    let until = Timestamp(next.0 - 86_400);
    Some((from.date_string(), until.date_string()))
}

/// The quarters (from 0) of a unit audited every `interval` quarters from `offset`.
fn quarters_from(offset: usize, interval: usize, quarters: usize) -> Vec<usize> {
    (offset..quarters).step_by(interval).collect()
}

/// Plans the programme, with a warning for each thing it could not do as it should.
pub fn plan(input: &Input) -> (Programme, Vec<Diagnostic>) {
    let cat = input.catalogue;
    let years = input.years.max(1);
    let quarter_count = years as usize * 4;
    let mut diagnostics = Vec::new();
    let warn = |kind: &DiagnosticKind, file: String, message: String| Diagnostic {
        code: kind.code,
        severity: Severity::Warning,
        file,
        position: None,
        message,
        hint: kind.hint.0.into(),
    };

    // Each unit's grounds and the rule that decides its interval, in quarters.
    let mut clauses: Vec<ClausePlan> = units(cat)
        .into_iter()
        .map(|(id, top, title)| {
            let grounds = grounds(input, &id);
            let deciding = grounds
                .iter()
                .map(|g| rule(g.reason))
                .chain([rule(Reason::Cycle)])
                .min_by_key(|r| r.interval_months.unwrap_or(u32::MAX))
                .unwrap_or(rule(Reason::Cycle));
            let interval_months = deciding
                .interval_months
                .unwrap_or(years * 12)
                .clamp(3, years * 12);
            ClausePlan {
                why: why(&grounds, deciding, years),
                id,
                top,
                title,
                grounds,
                rule: deciding.reason,
                interval_months,
                quarters: Vec::new(),
                unassigned: None,
            }
        })
        .collect();

    // Spread the audits: the clauses with the shortest interval first (they have the fewest
    // choices), each at the offset whose quarters carry the least load so far.
    let mut load = vec![0usize; quarter_count];
    let mut order: Vec<usize> = (0..clauses.len()).collect();
    order.sort_by_key(|&i| (clauses[i].interval_months, i));
    for i in order {
        let interval = (clauses[i].interval_months / 3) as usize;
        let best = (0..interval)
            .map(|offset| {
                let qs = quarters_from(offset, interval, quarter_count);
                let peak = qs.iter().map(|&q| load[q]).max().unwrap_or(0);
                let total: usize = qs.iter().map(|&q| load[q]).sum();
                ((peak, total, offset), qs)
            })
            .min_by_key(|(key, _)| *key)
            .map(|(_, qs)| qs)
            .unwrap_or_default();
        for &q in &best {
            load[q] += 1;
        }
        clauses[i].quarters = best.iter().map(|q| q + 1).collect();
    }

    // Who may audit each clause, and why nobody may when nobody may.
    let eligible: Vec<Vec<usize>> = clauses
        .iter()
        .map(|c| {
            (0..input.team.len())
                .filter(|&m| excluded(cat, &input.team[m], &c.id).is_none())
                .collect()
        })
        .collect();
    if input.team.is_empty() {
        diagnostics.push(warn(
            &NO_TEAM,
            input.manifest_file.clone(),
            "no [[team]] member is declared: every audit is planned without an auditor".into(),
        ));
    } else {
        for (c, who) in clauses.iter_mut().zip(&eligible) {
            if !who.is_empty() {
                continue;
            }
            let reasons: Vec<Text> = input
                .team
                .iter()
                .filter_map(|m| excluded(cat, m, &c.id))
                .collect();
            let joined = |lang: Lang| {
                let parts: Vec<String> = reasons.iter().map(|t| t.get(lang).to_string()).collect();
                list(&parts, lang)
            };
            let why_not = Text::new(joined(Lang::En), joined(Lang::Zh));
            diagnostics.push(warn(
                &NO_INDEPENDENT_AUDITOR,
                input.manifest_file.clone(),
                format!(
                    "no independent auditor for clause {} ({} audit(s) left unassigned): {}",
                    c.id,
                    c.quarters.len(),
                    why_not.en
                ),
            ));
            c.unassigned = Some(why_not);
        }
    }

    // The audits in chronological order, each to the least-loaded eligible member.
    let mut audits: Vec<(usize, usize)> = clauses
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.quarters.iter().map(move |&q| (q, i)))
        .collect();
    audits.sort();
    let mut planned = vec![0usize; input.team.len()];
    let audits: Vec<Audit> = audits
        .into_iter()
        .enumerate()
        .map(|(n, (quarter, i))| {
            let auditor = eligible[i]
                .iter()
                .copied()
                .min_by_key(|&m| (planned[m], m))
                .map(|m| {
                    planned[m] += 1;
                    input.team[m].name.clone()
                });
            let (from, until) = match quarter_dates(input.start, quarter) {
                Some((f, u)) => (Some(f), Some(u)),
                None => (None, None),
            };
            Audit {
                number: n + 1,
                quarter,
                clause: clauses[i].id.clone(),
                auditor,
                from,
                until,
            }
        })
        .collect();

    if let Some((path, a)) = input.previous {
        if a.catalogue.id != cat.header.id {
            diagnostics.push(warn(
                &PREVIOUS_OTHER_CATALOGUE,
                path.display().to_string(),
                format!(
                    "assessed against {}, the programme is planned on {}: its nonconformities are placed by clause id",
                    a.catalogue.id, cat.header.id
                ),
            ));
        }
    }

    let rules = RULES
        .iter()
        .map(|r| RuleUse {
            rule: *r,
            clauses: clauses.iter().filter(|c| c.rule == r.reason).count(),
        })
        .collect();
    let programme = Programme {
        organisation: input.organisation.clone(),
        catalogue: CatalogueRef {
            id: cat.header.id.clone(),
            version: cat.header.version.clone(),
            edition: cat.header.edition.clone(),
        },
        years,
        quarters: quarter_count,
        start: input.start.map(|t| t.date_string()),
        previous: input.previous.map(|(path, a)| PreviousRef {
            file: path.display().to_string(),
            assessment_date: a.assessment_date.clone(),
            catalogue: a.catalogue.id.clone(),
        }),
        rules,
        team: input
            .team
            .iter()
            .zip(&planned)
            .map(|(m, &n)| AuditorLoad {
                name: m.name.clone(),
                works_in: m.works_in.clone(),
                audits: m.audits.clone(),
                planned: n,
            })
            .collect(),
        clauses,
        audits,
        warnings: diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect(),
    };
    (programme, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_repeats_from_its_offset_within_the_cycle() {
        assert_eq!(quarters_from(1, 2, 12), [1, 3, 5, 7, 9, 11]);
        assert_eq!(quarters_from(3, 4, 12), [3, 7, 11]);
        assert_eq!(quarters_from(5, 12, 12), [5]);
    }

    #[test]
    fn quarters_are_named_by_year_and_quarter() {
        assert_eq!(Programme::quarter_label(1, Lang::En), "Y1 Q1");
        assert_eq!(Programme::quarter_label(12, Lang::En), "Y3 Q4");
        assert_eq!(Programme::quarter_label(6, Lang::Zh), "第2年第2季度");
    }

    #[test]
    fn the_strictest_rule_sets_the_frequency_and_every_reason_is_said() {
        let grounds = [
            Ground {
                reason: Reason::MinorNonconformity,
                because: vec!["F-002".into()],
            },
            Ground {
                reason: Reason::Critical,
                because: vec!["8.1".into()],
            },
        ];
        let text = why(&grounds, rule(Reason::MinorNonconformity), 3);
        assert_eq!(
            text.en,
            "minor nonconformity in the last assessment (F-002); marked critical in assessment.toml (8.1): audited every 12 months"
        );
        assert_eq!(
            text.zh,
            "上次评估发现轻微不符合（F-002）；assessment.toml将其过程标记为关键（8.1）：每12个月审核一次"
        );
        // A one-year cycle: yearly is once per cycle.
        assert!(why(&grounds, rule(Reason::Critical), 1)
            .en
            .ends_with("audited once in the 1-year cycle"));
    }
}
