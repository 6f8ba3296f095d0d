//! The evidence request list: what to ask the client for next, built from the assessment
//! alone (so `iso20k report` renders it without the evidence). Each request says what to
//! send, which requirements it would settle, why it is asked, and how urgent it is: first
//! what would otherwise stand as a nonconformity, then files that could not be read, then
//! checks that could not run for want of a field, then requirements resting on the
//! provider's claim alone.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assessment::{Assessment, Basis, Status};
use crate::catalogue::Catalogue;
use crate::i18n::{in_sentence, Lang, Text};

/// How urgent a request is, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Not supplied: without it the absence stands as a nonconformity.
    NotSupplied,
    /// Supplied but not readable: the requirements it serves were not examined.
    NotReadable,
    /// A check could not run: the export lacks a field it needs.
    CheckNotEvaluated,
    /// Claimed in the register only: the status is provisional until evidence is seen.
    ClaimedOnly,
}

impl Urgency {
    /// Its number and label.
    pub fn label(self, lang: Lang) -> String {
        let (n, en, zh) = match self {
            Urgency::NotSupplied => (1, "not supplied", "未提供"),
            Urgency::NotReadable => (2, "not readable", "无法读取"),
            Urgency::CheckNotEvaluated => (3, "check not evaluated", "检查未评价"),
            Urgency::ClaimedOnly => (4, "claimed only", "仅有自我声明"),
        };
        format!("{n} {}", if lang == Lang::Zh { zh } else { en })
    }
}

/// One thing to ask the client for.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRequest {
    /// How urgent.
    pub urgency: Urgency,
    /// Its label (`1 not supplied`).
    pub urgency_label: String,
    /// The subclause it belongs to.
    pub clause: String,
    /// That subclause with its title: where the request goes.
    pub area: String,
    /// What to send.
    pub what: String,
    /// Why it is asked.
    pub why: String,
    /// The requirements it would settle.
    pub requirements: Vec<String>,
}

/// The checks one export cannot run for want of the same fields.
struct Blocked {
    set: String,
    codes: Vec<String>,
    requirements: Vec<String>,
}

/// The request list of `a`, most urgent first, then by area in catalogue order.
pub fn build(a: &Assessment, catalogue: &Catalogue, lang: Lang) -> Vec<EvidenceRequest> {
    let t = |text: &Text| text.get(lang).to_string();
    let zh = lang == Lang::Zh;
    let mut out: Vec<EvidenceRequest> = Vec::new();
    let clause_order: BTreeMap<&str, usize> = catalogue
        .clauses
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let clause_of = |requirement: &str| -> String {
        catalogue
            .requirement(requirement)
            .map_or(requirement, |r| r.clause.as_str())
            .to_string()
    };
    let area_of = |clause: &str| -> String {
        match catalogue.clause(clause) {
            Some(c) => format!("{} {}", c.id, c.title.get(lang)),
            None => clause.to_string(),
        }
    };
    let make = |urgency: Urgency, requirements: Vec<String>, what: String, why: String| {
        let clause = clause_of(requirements.first()?);
        Some(EvidenceRequest {
            urgency,
            urgency_label: urgency.label(lang),
            area: area_of(&clause),
            clause,
            what,
            why,
            requirements,
        })
    };

    // 1. Absent documents, activities and record sets: in a complete submission a
    // nonconformity unless the client has them; in a partial one not assessed until sent.
    let absences = a
        .findings
        .iter()
        .filter(|f| f.counts())
        .map(|f| {
            (
                f.code.as_str(),
                f.subject.as_str(),
                &f.requirements,
                &f.statement,
            )
        })
        .chain(a.not_supplied.iter().map(|n| {
            (
                n.code.as_str(),
                n.subject.as_str(),
                &n.requirements,
                &n.statement,
            )
        }));
    for (code, subject, requirements, statement) in absences {
        let Some(what) = absent_what(catalogue, code, subject, lang) else {
            continue;
        };
        out.extend(make(
            Urgency::NotSupplied,
            requirements.clone(),
            what,
            t(statement),
        ));
    }
    for (set, requirements) in absent_record_sets(a) {
        let title = set_title(&set, lang);
        let (what, why) = if zh {
            (
                format!("考察期间的{title}（从保存这些记录的工具导出）"),
                format!("证据中没有{title}，依赖这些记录的检查未能运行"),
            )
        } else {
            (
                format!(
                    "the {} for the period (an export from the tool that holds them)",
                    in_sentence(&title)
                ),
                format!(
                    "the evidence holds no {}, so the checks that read them did not run",
                    in_sentence(&title)
                ),
            )
        };
        out.extend(make(Urgency::NotSupplied, requirements, what, why));
    }

    // 2. Files that could not be read.
    for unread in a.evidence["unread"].as_array().into_iter().flatten() {
        let path = unread["path"].as_str().unwrap_or_default();
        let reason = unread["reason"].as_str().unwrap_or_default();
        let mut requirements: Vec<String> = Vec::new();
        for d in unread["document_types"].as_array().into_iter().flatten() {
            let id = d.as_str().unwrap_or_default();
            if let Some(dt) = catalogue.document_types.iter().find(|x| x.id == id) {
                requirements.extend(dt.requirements.iter().cloned());
            }
        }
        for s in unread["record_sets"].as_array().into_iter().flatten() {
            let set = s.as_str().unwrap_or_default();
            requirements.extend(
                a.coverage
                    .iter()
                    .filter(|c| c.set == set)
                    .flat_map(|c| c.requirements.iter().cloned()),
            );
        }
        requirements.sort();
        requirements.dedup();
        let what = if zh {
            format!("{path}的可读副本")
        } else {
            format!("a readable copy of {path}")
        };
        out.extend(make(
            Urgency::NotReadable,
            requirements,
            what,
            reason.to_string(),
        ));
    }

    // 3. Checks that could not run: one request per export and missing fields.
    let mut blocked: BTreeMap<(String, Vec<String>), Blocked> = BTreeMap::new();
    for c in a.coverage.iter().filter(|c| !c.ran) {
        let Some(path) = &c.path else { continue };
        if c.missing.is_empty() {
            continue;
        }
        let entry = blocked
            .entry((path.clone(), c.missing.clone()))
            .or_insert_with(|| Blocked {
                set: c.set.clone(),
                codes: Vec::new(),
                requirements: Vec::new(),
            });
        entry.codes.push(c.code.clone());
        entry.requirements.extend(c.requirements.iter().cloned());
    }
    for ((path, missing), blocked) in blocked {
        let Blocked {
            set,
            codes,
            mut requirements,
        } = blocked;
        requirements.sort();
        requirements.dedup();
        let fields = missing
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(if zh { "、" } else { ", " });
        let title = set_title(&set, lang);
        let what = if zh {
            format!("包含{fields}字段的{title}导出（替换{path}），或在assessment.toml中映射相应列")
        } else {
            format!(
                "an export of {} with {fields} (in place of {path}), or the column to map in assessment.toml",
                in_sentence(&title)
            )
        };
        let why = if zh {
            format!("{}无法运行：{path}中没有这些列", codes.join("、"))
        } else {
            format!("{} cannot run: {path} has no such column", codes.join(", "))
        };
        out.extend(make(Urgency::CheckNotEvaluated, requirements, what, why));
    }

    // 4. Requirements resting on the provider's claim alone, or on nothing, not already
    // asked for above.
    let asked: std::collections::HashSet<&str> = out
        .iter()
        .flat_map(|r| r.requirements.iter().map(String::as_str))
        .collect();
    let mut claimed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &a.requirements {
        let unseen = matches!(r.basis, Basis::SelfDeclared | Basis::NotAssessed)
            && r.status != Status::Nonconforming;
        if unseen && !asked.contains(r.id.as_str()) {
            claimed
                .entry(r.clause.clone())
                .or_default()
                .push(r.id.clone());
        }
    }
    let mut claimed_requests = Vec::new();
    for (_, ids) in claimed {
        for id in ids {
            let Some(req) = catalogue.requirement(&id) else {
                continue;
            };
            let basis = a
                .requirements
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.basis)
                .unwrap_or(Basis::NotAssessed);
            let why = match (basis, zh) {
                (Basis::SelfDeclared, false) => {
                    "claimed in the evidence register; nothing examined shows it yet".to_string()
                }
                (Basis::SelfDeclared, true) => {
                    "证据清单中自我声明符合，尚无经检查的证据".to_string()
                }
                (_, false) => "no evidence supplied for it".to_string(),
                (_, true) => "未提供相关证据".to_string(),
            };
            claimed_requests.extend(make(
                Urgency::ClaimedOnly,
                vec![id.clone()],
                req.typical_evidence.get(lang).to_string(),
                why,
            ));
        }
    }

    out.extend(claimed_requests);
    out.sort_by_key(|r| {
        (
            r.urgency,
            clause_order
                .get(r.clause.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        )
    });
    out
}

/// What to ask for, for an absence of kind `code` about `subject`; `None` for a finding that
/// is no absence.
fn absent_what(catalogue: &Catalogue, code: &str, subject: &str, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match code {
        "document_missing" => {
            let id = subject.strip_prefix("document:").unwrap_or_default();
            let title = catalogue
                .document_types
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.title.get(lang).to_string())
                .unwrap_or_else(|| id.to_string());
            if zh {
                format!("{title}（如有）")
            } else {
                format!("the {} (if it exists)", in_sentence(&title))
            }
        }
        "interval_none" if zh => "记录该活动的有日期的记录（纪要、报告或日志）".to_string(),
        "interval_none" => "dated records of the activity (minutes, reports or a log)".to_string(),
        "register_evidence_missing" if zh => "证据清单所引用的文件".to_string(),
        "register_evidence_missing" => "the files the evidence register cites".to_string(),
        _ => return None,
    })
}

/// The title of record set `set` in `lang` (its machine name when unknown).
fn set_title(set: &str, lang: Lang) -> String {
    crate::evidence::schema::set_title(set)
        .get(lang)
        .to_string()
}

/// The record sets of which the evidence holds nothing (and no unreadable file may hold
/// them), each with the requirements whose checks read it.
fn absent_record_sets(a: &Assessment) -> BTreeMap<String, Vec<String>> {
    let unread: std::collections::HashSet<&str> = a.evidence["unread"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|u| u["record_sets"].as_array().into_iter().flatten())
        .filter_map(|s| s.as_str())
        .collect();
    let present: std::collections::HashSet<&str> = a
        .coverage
        .iter()
        .filter(|c| c.path.is_some())
        .map(|c| c.set.as_str())
        .collect();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in &a.coverage {
        if c.path.is_some() || present.contains(c.set.as_str()) || unread.contains(c.set.as_str()) {
            continue;
        }
        let requirements = out.entry(c.set.clone()).or_default();
        for r in &c.requirements {
            if !requirements.contains(r) {
                requirements.push(r.clone());
            }
        }
    }
    for requirements in out.values_mut() {
        requirements.sort();
    }
    out.retain(|_, r| !r.is_empty());
    out
}
