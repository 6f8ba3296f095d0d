//! `document` rule: a mandatory document of a type exists and is under control — approved,
//! versioned, reviewed in time — and covers the topics the requirement demands.
//!
//! A missing document is major when nothing shows that the process exists, and a
//! documentation gap (minor) when the records of the process it governs show that the
//! process runs (the document type's `process_records`).
//!
//! Codes: `document_missing`, `document_not_approved`, `document_review_overdue`,
//! `document_review_due`, `document_topics_missing`, `document_unversioned` (see
//! [`super::findings`]).

use serde::Deserialize;

use super::findings;
use super::rule::{file_ref, Context, Draft, Outcome};
use super::rule::{Kind, ParamsError, Prior};
use crate::assessment::{Grade, Status};
use crate::catalogue::{DocumentType, KnownTypes, Requirement};
use crate::evidence::schema::TableKind;
use crate::evidence::DocumentInfo;
use crate::i18n::Text;

/// A topic: satisfied when any of its words appears in the document. The words are match
/// patterns (often stems: `remov`, `invok`); what a reader sees is the topic's `text`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// What the topic is, in words a report can print ("removal of services").
    #[serde(default)]
    pub text: Text,
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
    pub fn check(&self) -> Result<(), ParamsError> {
        if !(1..=60).contains(&self.review_months) {
            return Err(ParamsError::OutOfRange {
                parameter: "review_months",
                value: self.review_months.to_string(),
                range: "1-60",
            });
        }
        if self
            .topics
            .iter()
            .any(|t| t.en.is_empty() && t.zh.is_empty())
        {
            return Err(ParamsError::Invalid {
                parameter: "topics",
                problem: "has a topic without a word: each needs at least one".into(),
            });
        }
        if let Some(t) = self.topics.iter().find(|t| !t.text.missing().is_empty()) {
            return Err(ParamsError::Invalid {
                parameter: "topics",
                problem: format!(
                    "has the topic matched by {:?} without a display text in both languages (text = {{ en = \"…\", zh = \"…\" }}): its words are match patterns, not text a report can print",
                    t.en.iter().chain(&t.zh).collect::<Vec<_>>()
                ),
            });
        }
        Ok(())
    }
}

/// The `document` kind of rule.
pub struct DocumentRule;

impl Kind for DocumentRule {
    const NAME: &'static str = "document";
    type Params = Params;

    fn validate(params: &Params, types: &KnownTypes) -> Result<(), ParamsError> {
        params.check()?;
        // A document rule may name a document type, or a record type whose contents a
        // requirement prescribes (a service report, review minutes).
        if !types.contains(&params.document_type) {
            return Err(ParamsError::UnknownType(params.document_type.clone()));
        }
        Ok(())
    }

    fn evaluate(params: &Params, req: &Requirement, ctx: &Context, _: &Prior) -> Outcome {
        evaluate(params, req, ctx)
    }
}

/// Whether a document shows its approval: an approver, an approval date (from an approval
/// label, table or signature, never a bare revision date) or an approved status — and it is
/// no draft: a status of draft or for review outweighs whatever dates it carries.
pub fn approved(doc: &DocumentInfo) -> bool {
    if doc.draft {
        return false;
    }
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
    let last = doc
        .meta
        .approved_on
        .or(doc.meta.revised_on)
        .or(doc.meta.modified)?;
    (last.add_months(review_months) < date).then(|| {
        let span = crate::i18n::months(review_months);
        (
            format!(
                "it was last approved or changed on {}, more than {} ago",
                last.date_string(),
                span.en
            ),
            format!(
                "最后一次批准或修改是在{}，已超过{}",
                last.date_string(),
                span.zh
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
                "its review is due on {}, {} after the assessment date",
                next.date_string(),
                crate::i18n::days(days).en
            ),
            format!("应于{}评审，距评估日期{days}天", next.date_string()),
        )
    })
}

/// Records of the process `doc_type` governs, if the evidence has any: (paths, count). Only
/// the document type's own `process_records` count; 120 changes say nothing of continuity.
fn process_records(doc_type: &DocumentType, ctx: &Context) -> Option<(String, usize)> {
    doc_type.process_records.iter().find_map(|kind| {
        let found: Vec<_> = ctx.sets(&TableKind::Records(*kind).name());
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
    if let Some(record_type) = ctx
        .catalogue
        .record_types
        .iter()
        .find(|r| r.id == params.document_type)
    {
        return record_contents(record_type, params, req, ctx);
    }
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
    let subject = super::subject::document_type(&doc_type.id);
    // The documents that are first of all this type; only when there are none, those that
    // also match it (a major-incident procedure is no incident procedure while one exists).
    let primary: Vec<(usize, &DocumentInfo)> = ctx
        .evidence
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.document_type.as_deref() == Some(doc_type.id.as_str()))
        .collect();
    let candidates: Vec<(usize, &DocumentInfo)> = if primary.is_empty() {
        ctx.evidence
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.document_types.iter().any(|t| t == &doc_type.id))
            .collect()
    } else {
        primary
    };
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
    let Some(&(_, doc)) = best else {
        // A file that could not be read and may be this document: nothing was examined, so
        // nothing is concluded; the auditor looks at it.
        let unread = ctx.unread_documents(&doc_type.id);
        if !unread.is_empty() {
            let (en, zh) = super::rule::unread_list(&unread);
            return Outcome::not_assessed(Text::new(
                format!(
                    "not examined: the {} ({}) may be in a file that could not be read: {en}; the auditor must examine it, or a readable copy be supplied",
                    crate::i18n::in_sentence(&title.en),
                    doc_type.id
                ),
                format!(
                    "未检查：{}（{}）可能在一份无法读取的文件中：{zh}；审核员须亲自查看，或提供可读的副本",
                    title.zh, doc_type.id
                ),
            ));
        }
        // Files that could not be read and whose names say nothing of their content are
        // assumed not to be it, and the finding says so.
        let unknown: Vec<&crate::evidence::UnreadFile> = ctx
            .evidence
            .unread
            .iter()
            .filter(|u| {
                u.document_types.is_empty() && u.record_sets.is_empty() && u.could_be_evidence()
            })
            .collect();
        let (assumed_en, assumed_zh) = if unknown.is_empty() {
            (String::new(), String::new())
        } else {
            let names: Vec<&str> = unknown.iter().map(|u| u.path.as_str()).collect();
            (
                format!(
                    " {} file(s) could not be read and, their names not saying what they are, were assumed not to be it: {}.",
                    names.len(),
                    names.join(", ")
                ),
                format!(
                    "另有{}份文件无法读取，因其名称未表明内容，假定其不是该文件：{}。",
                    names.len(),
                    names.join("、")
                ),
            )
        };
        let runs = process_records(doc_type, ctx);
        let mut d = Draft::new(
            &findings::DOCUMENT_MISSING,
            &req.id,
            subject.clone(),
            Text::new(
                format!(
                    "No {} ({}) was found in the evidence supplied.{assumed_en}",
                    title.en, doc_type.id
                ),
                format!(
                    "所提供的证据中未发现{}（{}）。{assumed_zh}",
                    title.zh, doc_type.id
                ),
            ),
            Text::new(
                format!(
                    "Write, approve and publish the {} and list it in the evidence register.",
                    crate::i18n::in_sentence(&title.en)
                ),
                format!("编写{}，经批准后发布，并将其列入证据清单。", title.zh),
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
        return Outcome::absent(ctx, d);
    };
    let considered: Vec<&DocumentInfo> = candidates.iter().map(|(_, d)| *d).collect();
    let others = |chosen: &DocumentInfo| -> (String, String) {
        let rest: Vec<&str> = considered
            .iter()
            .filter(|d| d.path != chosen.path)
            .map(|d| d.path.as_str())
            .collect();
        if rest.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(
                    " ({} other document(s) of this type considered, none better: {})",
                    rest.len(),
                    rest.join(", ")
                ),
                format!(
                    "（另考虑了同类文件{}份，均无更好者：{}）",
                    rest.len(),
                    rest.join("、")
                ),
            )
        }
    };
    let cite =
        |d: &mut Draft, doc: &DocumentInfo| d.evidence.push(file_ref(&doc.path, &doc.sha256));
    let mut outcome = Outcome::status(Status::Conforming);

    // Document control: a finding only when no document of the type satisfies the check.
    if !considered.iter().any(|d| approved(d)) {
        let (more_en, more_zh) = others(doc);
        let (statement_en, statement_zh) = if doc.draft {
            let status = doc.status.as_deref().unwrap_or("draft");
            let source = doc
                .sources
                .get("status")
                .map(String::as_str)
                .unwrap_or("file name");
            (
                format!("{} is a draft (status \"{status}\", {source}), so it is not approved, whatever dates its revision history holds{more_en}.", named_en(title, doc)),
                format!("{}是草稿（状态“{status}”，{source}），因此未经批准，无论其修订记录中有何日期{more_zh}。", named_zh(title, doc)),
            )
        } else {
            (
                format!(
                    "{} shows no approval: no approver, approval date or approved status{more_en}.",
                    named_en(title, doc)
                ),
                format!(
                    "{}没有批准记录：无批准人、批准日期或已批准状态{more_zh}。",
                    named_zh(title, doc)
                ),
            )
        };
        let mut d = Draft::new(
            &findings::DOCUMENT_NOT_APPROVED,
            &req.id,
            subject.clone(),
            Text::new(statement_en, statement_zh),
            Text::new(
                "Have the document approved by its designated authority and record the approver and date in it.",
                "由指定的批准人批准该文件，并在文件中记录批准人和批准日期。",
            ),
        );
        d.cause = Some(format!("document_not_approved:{}", doc.path));
        for c in &considered {
            cite(&mut d, c);
        }
        outcome = outcome.with(d, Status::Partial);
    }
    let current: Vec<&DocumentInfo> = considered
        .iter()
        .copied()
        .filter(|d| review_overdue(d, ctx, params.review_months).is_none())
        .collect();
    if current.is_empty() {
        if let Some((en, zh)) = review_overdue(doc, ctx, params.review_months) {
            let (more_en, more_zh) = others(doc);
            let mut d = Draft::new(
                &findings::DOCUMENT_REVIEW_OVERDUE,
                &req.id,
                subject.clone(),
                Text::new(
                    format!("{} is overdue for review: {en}{more_en}.", named_en(title, doc)),
                    format!("{}评审逾期：{zh}{more_zh}。", named_zh(title, doc)),
                ),
                Text::new(
                    "Review the document, update it where needed, and record the review and the next review date.",
                    "评审该文件，必要时更新，并记录评审情况和下次评审日期。",
                ),
            );
            d.cause = Some(format!("document_review_overdue:{}", doc.path));
            cite(&mut d, doc);
            outcome = outcome.with(d, Status::Partial);
        }
    } else if current.len() == 1 {
        // The only current document falls due soon: worth saying before it lapses.
        let only = current[0];
        if let Some((en, zh)) = review_due_soon(only, ctx) {
            let mut d = Draft::new(
                &findings::DOCUMENT_REVIEW_DUE,
                &req.id,
                subject.clone(),
                Text::new(
                    format!("{} falls due for review soon: {en}.", named_en(title, only)),
                    format!("{}即将到期评审：{zh}。", named_zh(title, only)),
                ),
                Text::new(
                    "Schedule the review before its due date, so the document stays current.",
                    "在到期前安排评审，使文件保持现行有效。",
                ),
            );
            d.cause = Some(format!("document_review_due:{}", only.path));
            cite(&mut d, only);
            outcome = outcome.with(d, Status::Conforming);
        }
    }
    if !considered.iter().any(|d| d.version.is_some()) {
        let mut d = Draft::new(
            &findings::DOCUMENT_UNVERSIONED,
            &req.id,
            subject.clone(),
            Text::new(
                format!(
                    "{} carries no version or revision number.",
                    named_en(title, doc)
                ),
                format!("{}没有版本号或修订号。", named_zh(title, doc)),
            ),
            Text::new(
                "Give the document a version number so the current revision can be identified.",
                "为文件标注版本号，以便识别现行版本。",
            ),
        );
        d.cause = Some(format!("document_unversioned:{}", doc.path));
        cite(&mut d, doc);
        outcome = outcome.with(d, Status::Conforming);
    }

    let texts: Vec<(usize, &DocumentInfo)> = candidates.to_vec();
    if let Some(d) = topics_check(params, req, ctx, &texts, title, &subject, &others) {
        outcome = outcome.with(d, Status::Partial);
    }
    if let Some(d) = elements_check(req, ctx, &texts, title, subject, &others) {
        outcome = outcome.with(d, Status::Partial);
    }
    outcome
}

/// The document of the candidates that covers most of the topics the rule names, and a
/// finding when even it leaves some out.
fn topics_check(
    params: &Params,
    req: &Requirement,
    ctx: &Context,
    texts: &[(usize, &DocumentInfo)],
    title: &Text,
    subject: &str,
    others: &dyn Fn(&DocumentInfo) -> (String, String),
) -> Option<Draft> {
    let coverage = |i: usize| -> Vec<&Topic> {
        let text = ctx.evidence.document_texts[i].to_lowercase();
        params
            .topics
            .iter()
            .filter(|t| topic_missing(t, &text))
            .collect()
    };
    let (best_doc, missing) =
        texts
            .iter()
            .map(|&(i, d)| (d, coverage(i)))
            .min_by_key(|(d, m)| {
                (
                    m.len(),
                    std::cmp::Reverse(
                        d.document_type.as_deref() == Some(params.document_type.as_str()),
                    ),
                )
            })?;
    if missing.is_empty() {
        return None;
    }
    let en: Vec<String> = missing.iter().map(|t| t.text.en.clone()).collect();
    let zh: Vec<String> = missing.iter().map(|t| t.text.zh.clone()).collect();
    let (more_en, more_zh) = others(best_doc);
    let mut d = Draft::new(
        &findings::DOCUMENT_TOPICS_MISSING,
        &req.id,
        subject.to_string(),
        Text::new(
            format!(
                "{} does not cover what {} requires: {}{more_en}.",
                named_en(title, best_doc),
                req.id,
                en.join(", ")
            ),
            format!(
                "{}未涵盖{}所要求的内容：{}{more_zh}。",
                named_zh(title, best_doc),
                req.id,
                zh.join("、")
            ),
        ),
        Text::new(
            format!("Extend the document to cover: {}.", en.join(", ")),
            format!("补充文件内容，涵盖：{}。", zh.join("、")),
        ),
    );
    d.evidence.push(file_ref(&best_doc.path, &best_doc.sha256));
    Some(d)
}

/// A rule on a record type (`R09` service reports): records are not controlled documents and
/// often live in an export, so nothing is required of them here — but a record written as a
/// document (a monthly service report, management-review minutes, a context analysis) has its
/// contents checked: the rule's topics and the requirement's elements.
fn record_contents(
    record_type: &crate::catalogue::RecordType,
    params: &Params,
    req: &Requirement,
    ctx: &Context,
) -> Outcome {
    let title = &record_type.title;
    let candidates: Vec<(usize, &DocumentInfo)> = ctx
        .evidence
        .documents
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            let name = d.path.rsplit('/').next().unwrap_or(&d.path);
            let headings = crate::evidence::documents::headings(&ctx.evidence.document_texts[*i]);
            crate::evidence::documents::matches_patterns(
                &record_type.patterns,
                d.title.as_deref().unwrap_or(""),
                &headings,
                name,
            )
        })
        .collect();
    if candidates.is_empty() {
        return Outcome::not_assessed(Text::new(
            format!(
                "no {} written as a document in the evidence, so its contents could not be checked (records in an export are checked by the record rules)",
                crate::i18n::in_sentence(&title.en)
            ),
            format!("证据中没有以文件形式呈现的{}，无法检查其内容（导出的记录由记录规则检查）", title.zh),
        ));
    }
    let others = |chosen: &DocumentInfo| -> (String, String) {
        let rest: Vec<&str> = candidates
            .iter()
            .filter(|(_, d)| d.path != chosen.path)
            .map(|(_, d)| d.path.as_str())
            .collect();
        if rest.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(" ({} other(s) considered: {})", rest.len(), rest.join(", ")),
                format!("（另考虑了{}份：{}）", rest.len(), rest.join("、")),
            )
        }
    };
    let subject = super::subject::document_type(&record_type.id);
    let mut outcome = Outcome::status(Status::Conforming);
    if let Some(d) = topics_check(params, req, ctx, &candidates, title, &subject, &others) {
        outcome = outcome.with(d, Status::Partial);
    }
    if let Some(d) = elements_check(req, ctx, &candidates, title, subject, &others) {
        outcome = outcome.with(d, Status::Partial);
    }
    outcome
}

/// "the incident-management procedure (\"Ops procedures\")", or just the type when the
/// document's title is the type's name: a title is never repeated inside its own quotes.
fn named_en(title: &Text, doc: &DocumentInfo) -> String {
    let kind = crate::i18n::in_sentence(&title.en);
    match doc.title.as_deref().map(str::trim) {
        Some(t) if !t.eq_ignore_ascii_case(&kind) => format!("The {kind} (\"{t}\")"),
        _ => format!("The {kind} ({})", doc.path),
    }
}

/// The Chinese form of [`named_en`]: `配置管理程序`, or `服务管理计划（“SM Plan 2026”）`.
fn named_zh(title: &Text, doc: &DocumentInfo) -> String {
    match doc.title.as_deref().map(str::trim) {
        Some(t) if t != title.zh => format!("{}（“{t}”）", title.zh),
        _ => format!("{}（{}）", title.zh, doc.path),
    }
}

/// Whether a line is a heading: a `#` line, or a short numbered line such as `3 Scope` or
/// `3.2 资源`.
fn is_heading(line: &str) -> bool {
    let l = line.trim();
    l.starts_with('#')
        || (l.chars().count() <= 60
            && l.chars().next().is_some_and(|c| c.is_ascii_digit())
            && l.split_whitespace().count() >= 2
            && l.split_whitespace().next().is_some_and(|n| {
                n.trim_end_matches('.')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
            }))
}

/// The text with the lines that only repeat the document's title blanked: a title such as
/// "Service Level Agreement" names the document, not one of its prescribed contents.
fn without_title(text: &str, title: Option<&str>) -> String {
    let Some(title) = title
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
    else {
        return text.to_string();
    };
    text.split_inclusive('\n')
        .map(|line| {
            let bare = line.trim().trim_start_matches('#').trim().to_lowercase();
            if bare == title {
                line.chars()
                    .map(|c| if c == '\n' { c } else { ' ' })
                    .collect()
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Where in a text a position falls: the nearest heading above it.
fn heading_above(text: &str, at: usize) -> Option<String> {
    text[..at]
        .lines()
        .rev()
        .find(|l| is_heading(l))
        .map(|l| l.trim().trim_start_matches('#').trim().to_string())
}

/// The content elements a requirement lists, checked one by one in the document of the type
/// that covers most of them; a finding names the elements missing, and its evidence the
/// headings the others were found under.
fn elements_check(
    req: &Requirement,
    ctx: &Context,
    candidates: &[(usize, &DocumentInfo)],
    title: &Text,
    subject: String,
    others: &dyn Fn(&DocumentInfo) -> (String, String),
) -> Option<Draft> {
    // Elements describe one document; a requirement met by a set of documents (several
    // document rules) lists the members of the set, not contents of each.
    let document_rules = req
        .evidence
        .iter()
        .filter(|r| r.kind == crate::catalogue::RuleKind::Document)
        .count();
    let checked: Vec<&crate::catalogue::Element> = req
        .elements
        .iter()
        .filter(|e| !e.keywords.is_empty())
        .collect();
    if checked.is_empty() || document_rules != 1 {
        return None;
    }
    // For each candidate: per element, where it was found — a heading that names it first,
    // else the heading above its first mention in the body.
    let found_in = |i: usize, doc: &DocumentInfo| -> Vec<Option<String>> {
        let text = &without_title(&ctx.evidence.document_texts[i], doc.title.as_deref());
        let lower = text.to_lowercase();
        let headings: Vec<&str> = text.lines().filter(|l| is_heading(l)).collect();
        checked
            .iter()
            .map(|e| {
                let names = |t: &str| {
                    let t = t.to_lowercase();
                    e.keywords.all().any(|k| t.contains(&k.to_lowercase()))
                };
                if let Some(h) = headings.iter().find(|h| names(h)) {
                    return Some(h.trim_start_matches('#').trim().to_string());
                }
                e.keywords
                    .all()
                    .filter_map(|k| lower.find(&k.to_lowercase()))
                    .min()
                    .map(|at| {
                        // Lower-casing keeps byte offsets for the scripts in use here; when
                        // it does not, the body is cited.
                        text.get(..at)
                            .and_then(|_| heading_above(text, at))
                            .unwrap_or_else(|| "the body".to_string())
                    })
            })
            .collect()
    };
    let (_, doc, found) = candidates
        .iter()
        .map(|&(i, d)| (i, d, found_in(i, d)))
        .min_by_key(|(_, _, f)| f.iter().filter(|x| x.is_none()).count())?;
    let missing: Vec<&crate::catalogue::Element> = checked
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(e, _)| *e)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let (more_en, more_zh) = others(doc);
    let list_en: Vec<String> = missing
        .iter()
        .map(|e| format!("({}) {}", e.id, e.text.en))
        .collect();
    let list_zh: Vec<String> = missing
        .iter()
        .map(|e| format!("（{}）{}", e.id, e.text.zh))
        .collect();
    let mut d = Draft::new(
        &findings::DOCUMENT_ELEMENTS_MISSING,
        &req.id,
        subject,
        Text::new(
            format!(
                "{} lacks {} of the {} elements {} requires: {}{more_en}.",
                named_en(title, doc),
                missing.len(),
                checked.len(),
                req.id,
                list_en.join("; ")
            ),
            format!(
                "{}缺少{}所要求的{}项内容中的{}项：{}{more_zh}。",
                named_zh(title, doc),
                req.id,
                checked.len(),
                missing.len(),
                list_zh.join("；")
            ),
        ),
        Text::new(
            format!("Add to the document: {}.", list_en.join("; ")),
            format!("在文件中补充：{}。", list_zh.join("；")),
        ),
    );
    let mut evidence = file_ref(&doc.path, &doc.sha256);
    evidence.locations = checked
        .iter()
        .zip(&found)
        .filter_map(|(e, f)| f.as_ref().map(|h| format!("({}) under \"{h}\"", e.id)))
        .collect();
    d.evidence.push(evidence);
    Some(d)
}
