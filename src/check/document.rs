//! `document` rule: a mandatory document of a type exists and is under control — approved,
//! versioned, reviewed in time — and covers the topics the requirement demands.
//!
//! A missing document is major when nothing shows that the process exists, and a
//! documentation gap (minor) when the records show that the process runs.
//!
//! Codes: `document_missing`, `document_not_approved`, `document_review_overdue`,
//! `document_review_due`, `document_topics_missing`, `document_unversioned` (see
//! [`super::findings`]).

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{file_ref, findings, Context, Draft, Outcome};
use crate::assessment::{Grade, Status};
use crate::catalogue::{Requirement, RuleKind};
use crate::evidence::schema::TableKind;
use crate::evidence::DocumentInfo;
use crate::i18n::Text;

/// A topic: satisfied when any of its words appears in the document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// English words.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese words.
    #[serde(default)]
    pub zh: Vec<String>,
}

/// Parameters of a `document` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Document type id (`D34`).
    #[serde(rename = "type")]
    pub document_type: String,
    /// The document must have been reviewed within this many months (default 12).
    #[serde(default = "default_review")]
    pub review_months: i64,
    /// Topics the document must mention.
    #[serde(default)]
    pub topics: Vec<Topic>,
}

fn default_review() -> i64 {
    12
}

impl Params {
    /// Checks the parameters on their own.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=60).contains(&self.review_months) {
            return Err(format!(
                "review_months = {} is outside 1-60",
                self.review_months
            ));
        }
        if self
            .topics
            .iter()
            .any(|t| t.en.is_empty() && t.zh.is_empty())
        {
            return Err("a topic needs at least one word".into());
        }
        Ok(())
    }
}

fn approved(doc: &DocumentInfo) -> bool {
    let status = doc.status.as_deref().unwrap_or("").to_lowercase();
    doc.meta.approved_by.is_some()
        || doc.meta.approved_on.is_some()
        || [
            "approved",
            "released",
            "published",
            "已批准",
            "已发布",
            "生效",
        ]
        .iter()
        .any(|w| status.contains(w))
}

/// What is wrong with a document's control (en, zh), for this rule and the register rule.
pub fn control_problems(
    doc: &DocumentInfo,
    ctx: &Context,
    review_months: i64,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !approved(doc) {
        out.push((
            "no approval is recorded".to_string(),
            "没有批准记录".to_string(),
        ));
    }
    if let Some(p) = review_overdue(doc, ctx, review_months) {
        out.push(p);
    }
    out
}

fn review_overdue(
    doc: &DocumentInfo,
    ctx: &Context,
    review_months: i64,
) -> Option<(String, String)> {
    let date = ctx.assessment_date?;
    if let Some(next) = doc.meta.next_review {
        return (next < date).then(|| {
            (
                format!("its review was due on {}", next.date_string()),
                format!("应于{}评审", next.date_string()),
            )
        });
    }
    let last = doc.meta.approved_on.or(doc.meta.modified)?;
    (last.add_months(review_months) < date).then(|| {
        (
            format!(
                "it was last approved or changed on {}, more than {review_months} months ago",
                last.date_string()
            ),
            format!(
                "最后一次批准或修改是在{}，已超过{review_months}个月",
                last.date_string()
            ),
        )
    })
}

/// The review falls due within the profile's notice period (en, zh).
fn review_due_soon(doc: &DocumentInfo, ctx: &Context) -> Option<(String, String)> {
    let date = ctx.assessment_date?;
    let next = doc.meta.next_review?;
    let days = date.days_until(next);
    (next >= date && days <= ctx.grading.due_soon_days).then(|| {
        (
            format!(
                "its review is due on {}, {days} days after the assessment date",
                next.date_string()
            ),
            format!("应于{}评审，距评估日期{days}天", next.date_string()),
        )
    })
}

/// Records that show the process of `req`'s subclause runs: the record sets its subclause's
/// rules read and the record types that serve it, with how many records the evidence holds.
fn process_records(req: &Requirement, ctx: &Context) -> Option<(String, usize)> {
    let catalogue = ctx.catalogue;
    let in_clause: Vec<&Requirement> = catalogue
        .requirements
        .iter()
        .filter(|r| r.clause == req.clause)
        .collect();
    let mut sets: BTreeSet<String> = BTreeSet::new();
    for r in &in_clause {
        for rule in &r.evidence {
            match rule.kind {
                RuleKind::Records => {
                    if let Some(check) = rule
                        .params
                        .get("check")
                        .and_then(|c| c.as_str())
                        .and_then(super::records::find)
                    {
                        sets.insert(check.set.to_string());
                    }
                }
                RuleKind::Interval => {
                    if let Some(set) = rule.params.get("set").and_then(|c| c.as_str()) {
                        sets.insert(set.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    for t in &catalogue.record_types {
        if t.requirements
            .iter()
            .any(|id| in_clause.iter().any(|r| &r.id == id))
        {
            sets.extend(t.record_sets.iter().map(|k| TableKind::Records(*k).name()));
        }
    }
    sets.into_iter().find_map(|set| {
        let found: Vec<_> = ctx.sets(&set);
        let count: usize = found.iter().map(|(_, t)| t.len()).sum();
        (count > 0).then(|| {
            let paths: Vec<&str> = found.iter().map(|(i, _)| i.path.as_str()).collect();
            (paths.join(", "), count)
        })
    })
}

fn topic_missing(topic: &Topic, text: &str) -> bool {
    !topic
        .en
        .iter()
        .chain(&topic.zh)
        .any(|w| text.contains(&w.to_lowercase()))
}

/// Evaluates a `document` rule for `req`.
pub fn evaluate(params: &Params, req: &Requirement, ctx: &Context) -> Outcome {
    let Some(doc_type) = ctx
        .catalogue
        .document_types
        .iter()
        .find(|d| d.id == params.document_type)
    else {
        return Outcome::not_assessed(Text::new(
            format!(
                "document type {} is not in the catalogue",
                params.document_type
            ),
            format!("目录中没有文件类型{}", params.document_type),
        ));
    };
    let title = &doc_type.title;
    let candidates: Vec<(usize, &DocumentInfo)> = ctx
        .evidence
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.document_types.iter().any(|t| t == &doc_type.id))
        .collect();
    // Prefer an approved document, then the most recently approved or changed one.
    // Prefer a document that is first of all this type, then an approved one, then the most
    // recently approved or changed.
    let best = candidates.iter().max_by_key(|(_, d)| {
        (
            d.document_type.as_deref() == Some(doc_type.id.as_str()),
            approved(d),
            d.meta.approved_on.or(d.meta.modified),
            std::cmp::Reverse(d.path.clone()),
        )
    });
    let Some(&(index, doc)) = best else {
        let runs = process_records(req, ctx);
        let mut d = Draft::new(
            &findings::DOCUMENT_MISSING,
            &req.id,
            Text::new(
                format!(
                    "No {} ({}) was found in the evidence.",
                    title.en, doc_type.id
                ),
                format!("证据中未发现{}（{}）。", title.zh, doc_type.id),
            ),
            Text::new(
                format!(
                    "Write, approve and publish the {} and list it in the evidence register.",
                    title.en.to_lowercase()
                ),
                format!("编写、批准并发布{}，并将其列入证据清单。", title.zh),
            ),
        );
        if let Some((paths, count)) = runs {
            d = d.graded(
                Grade::Minor,
                Text::new(
                    format!("a documentation gap: the records show that the process runs ({count} records in {paths}), so the process is not absent"),
                    format!("文件化差距：记录表明该过程在运行（{paths}中有{count}条记录），该过程并非缺失"),
                ),
            );
        }
        d = d.caused_by(format!("document_missing:{}", doc_type.id));
        return Outcome::status(Status::NotAssessed).with(d, Status::Nonconforming);
    };
    let cite = |d: &mut Draft| d.evidence.push(file_ref(&doc.path, &doc.sha256));
    let name = doc.title.clone().unwrap_or_else(|| doc.path.clone());
    let mut outcome = Outcome::status(Status::Conforming);
    if !approved(doc) {
        let mut d = Draft::new(
            &findings::DOCUMENT_NOT_APPROVED,
            &req.id,
            Text::new(
                format!("The {} (\"{name}\") shows no approval: no approver, approval date or approved status.", title.en.to_lowercase()),
                format!("{}（“{name}”）没有批准记录：无批准人、批准日期或已批准状态。", title.zh),
            ),
            Text::new(
                "Have the document approved by its designated authority and record the approver and date in the document.",
                "由指定的批准人批准该文件，并在文件中记录批准人和批准日期。",
            ),
        );
        d.cause = Some(format!("document_not_approved:{}", doc.path));
        cite(&mut d);
        outcome = outcome.with(d, Status::Partial);
    }
    if let Some((en, zh)) = review_overdue(doc, ctx, params.review_months) {
        let mut d = Draft::new(
            &findings::DOCUMENT_REVIEW_OVERDUE,
            &req.id,
            Text::new(
                format!("The {} (\"{name}\") is overdue for review: {en}.", title.en.to_lowercase()),
                format!("{}（“{name}”）评审逾期：{zh}。", title.zh),
            ),
            Text::new(
                "Review the document, update it where needed, and record the review and the next review date.",
                "评审该文件，必要时更新，并记录评审情况和下次评审日期。",
            ),
        );
        d.cause = Some(format!("document_review_overdue:{}", doc.path));
        cite(&mut d);
        outcome = outcome.with(d, Status::Partial);
    } else if let Some((en, zh)) = review_due_soon(doc, ctx) {
        let mut d = Draft::new(
            &findings::DOCUMENT_REVIEW_DUE,
            &req.id,
            Text::new(
                format!(
                    "The {} (\"{name}\") falls due for review soon: {en}.",
                    title.en.to_lowercase()
                ),
                format!("{}（“{name}”）即将到期评审：{zh}。", title.zh),
            ),
            Text::new(
                "Schedule the review before its due date, so the document stays current.",
                "在到期前安排评审，使文件保持现行有效。",
            ),
        );
        d.cause = Some(format!("document_review_due:{}", doc.path));
        cite(&mut d);
        outcome = outcome.with(d, Status::Conforming);
    }
    if doc.version.is_none() {
        let mut d = Draft::new(
            &findings::DOCUMENT_UNVERSIONED,
            &req.id,
            Text::new(
                format!(
                    "The {} (\"{name}\") carries no version or revision number.",
                    title.en.to_lowercase()
                ),
                format!("{}（“{name}”）没有版本号或修订号。", title.zh),
            ),
            Text::new(
                "Give the document a version number so the current revision can be identified.",
                "为文件标注版本号，以便识别现行版本。",
            ),
        );
        d.cause = Some(format!("document_unversioned:{}", doc.path));
        cite(&mut d);
        outcome = outcome.with(d, Status::Conforming);
    }
    let text = ctx.evidence.document_texts[index].to_lowercase();
    let missing: Vec<&Topic> = params
        .topics
        .iter()
        .filter(|t| topic_missing(t, &text))
        .collect();
    if !missing.is_empty() {
        let en: Vec<String> = missing
            .iter()
            .map(|t| t.en.first().or(t.zh.first()).cloned().unwrap_or_default())
            .collect();
        let zh: Vec<String> = missing
            .iter()
            .map(|t| t.zh.first().or(t.en.first()).cloned().unwrap_or_default())
            .collect();
        let mut d = Draft::new(
            &findings::DOCUMENT_TOPICS_MISSING,
            &req.id,
            Text::new(
                format!(
                    "The {} (\"{name}\") does not cover what {} requires: {}.",
                    title.en.to_lowercase(),
                    req.id,
                    en.join(", ")
                ),
                format!(
                    "{}（“{name}”）未涵盖{}所要求的内容：{}。",
                    title.zh,
                    req.id,
                    zh.join("、")
                ),
            ),
            Text::new(
                format!("Extend the document to cover: {}.", en.join(", ")),
                format!("补充文件内容，涵盖：{}。", zh.join("、")),
            ),
        );
        cite(&mut d);
        outcome = outcome.with(d, Status::Partial);
    }
    outcome
}
