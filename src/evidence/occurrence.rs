//! Documents that record an activity: minutes of a management review are a management
//! review, an internal-audit report an internal audit, a monthly service report a service
//! report — each one occurrence of the activity, held on the date the document states.
//!
//! Which document records which activity is catalogue data (`[[record_type.occurrence]]`: a
//! record set and the title or file-name phrases that mark such a document); no activity is
//! named here. What is here is how documents are written: the words that make a title a
//! procedure or a template rather than a record, and where a record states its date — a
//! labelled line (`Meeting date: 18 March 2026`, `会议日期：2026年3月18日`), its title, its
//! control data, its file name, in that order, the source always recorded.

use serde::Serialize;

use super::control;
use super::documents::DocumentMeta;
use crate::catalogue::{Catalogue, Patterns, RecordSetKind};
use crate::domain::date::{find_date, FoundDate, Precision, Timestamp};

/// One occurrence of a dated activity that a document records.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DocumentOccurrence {
    /// The record set the activity's events belong to (`management_reviews`).
    pub set: String,
    /// The catalogue record type that says so (`R05`).
    pub record_type: String,
    /// Why the document is one: `title "Management Review Meeting – Minutes" ("management
    /// review meeting")`.
    pub reason: String,
    /// The date the activity took place, `YYYY-MM-DD` (the first day, when the document
    /// states only a month); none when the document states no date the tool can read.
    pub date: Option<String>,
    /// Where the date was read: `labelled line 3 ("Date: 18 March 2026")`, `title`,
    /// `control data (approved_on)`, `file name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    /// The date, for the checker.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: Option<Timestamp>,
}

/// Words that make a title a document about the activity (how it is done, planned or
/// recorded) rather than a record of it, unless a record word follows them: "Management
/// review procedure", "Continuity test plan", "Audit report template".
const NOT_A_RECORD: &[&str] = &[
    "procedure",
    "policy",
    "plan",
    "process",
    "template",
    "form",
    "guideline",
    "guidelines",
    "guidance",
    "methodology",
    "method",
    "manual",
    "handbook",
    "framework",
    "schedule",
    "programme",
    "program",
    "agenda",
    "checklist",
    "instructions",
    "terms",
    "程序",
    "方针",
    "政策",
    "制度",
    "计划",
    "模板",
    "表单",
    "指南",
    "方法",
    "手册",
    "方案",
    "议程",
    "规范",
    "流程",
];

/// Words that name a record of something that happened.
const RECORD_WORDS: &[&str] = &[
    "minutes", "report", "reports", "results", "result", "record", "records", "findings", "output",
    "outcome", "纪要", "报告", "记录", "结果",
];

/// Labels of the line that states when an activity took place, most specific first.
/// Matched case-insensitively at the start of a line or table cell.
const DATE_LABELS: &[&str] = &[
    "date of the meeting",
    "date of meeting",
    "meeting date",
    "date held",
    "held on",
    "date of the review",
    "date of review",
    "review date",
    "date of the audit",
    "date of audit",
    "audit dates",
    "audit date",
    "audit period",
    "date of the test",
    "date of test",
    "test date",
    "exercise date",
    "date of exercise",
    "survey date",
    "survey period",
    "reporting period",
    "report period",
    "report date",
    "period",
    "date",
    "会议日期",
    "会议时间",
    "评审日期",
    "评审时间",
    "审核日期",
    "审核时间",
    "测试日期",
    "演练日期",
    "演练时间",
    "调查日期",
    "调查时间",
    "报告日期",
    "报告期间",
    "报告周期",
    "统计期间",
    "日期",
    "时间",
];

/// How many lines from the top a record's date line is looked for in.
const DATE_LINES: usize = 80;

/// The occurrences `catalogue` says a document with this title, file name, text and control
/// data records: one per record type whose occurrence phrases its title or file name carry.
pub fn occurrences(
    catalogue: &Catalogue,
    title: &str,
    file_name: &str,
    text: &str,
    meta: &DocumentMeta,
) -> Vec<DocumentOccurrence> {
    let mut out: Vec<DocumentOccurrence> = Vec::new();
    let mut date: Option<Option<(FoundDate, String)>> = None;
    for record_type in &catalogue.record_types {
        for occurrence in &record_type.occurrences {
            let set = crate::evidence::schema::TableKind::Records(occurrence.set).name();
            if out.iter().any(|o| o.set == set) {
                continue;
            }
            let Some(reason) = marked(&occurrence.patterns, title, file_name) else {
                continue;
            };
            let found = date
                .get_or_insert_with(|| event_date(text, title, meta, file_name))
                .clone();
            out.push(DocumentOccurrence {
                set,
                record_type: record_type.id.clone(),
                reason,
                date: found.as_ref().map(|(d, _)| d.date.date_string()),
                date_source: found.as_ref().map(|(d, source)| match d.precision {
                    Precision::Day => source.clone(),
                    Precision::Month => format!("{source}, a month only: its first day"),
                }),
                at: found.map(|(d, _)| d.date),
            });
        }
    }
    out
}

/// The record sets a file that could not be read may hold events of, by its name alone.
pub fn sets_named_by(catalogue: &Catalogue, file_name: &str) -> Vec<RecordSetKind> {
    let mut out = Vec::new();
    for record_type in &catalogue.record_types {
        for occurrence in &record_type.occurrences {
            if !out.contains(&occurrence.set)
                && marked(&occurrence.patterns, "", file_name).is_some()
            {
                out.push(occurrence.set);
            }
        }
    }
    out
}

/// Why a title or file name marks a record of the activity (`title "…" ("phrase")`), or
/// `None`: it carries none of the phrases, or it names a procedure, plan or template.
fn marked(patterns: &Patterns, title: &str, file_name: &str) -> Option<String> {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let stem = stem.replace(['_', '-', '.'], " ");
    for (place, text) in [("title", title), ("file name", stem.as_str())] {
        if text.trim().is_empty() || !is_record(text) {
            continue;
        }
        let best = patterns
            .en
            .iter()
            .chain(&patterns.zh)
            .filter(|p| super::documents::phrase_in(text, p))
            .max_by_key(|p| p.chars().count());
        if let Some(p) = best {
            return Some(format!("{place} \"{}\" (\"{p}\")", text.trim()));
        }
    }
    None
}

/// Whether a title names a record rather than a document about the activity: no word of
/// [`NOT_A_RECORD`] in it, or a record word after the last such word.
fn is_record(text: &str) -> bool {
    let lower = text.to_lowercase();
    let position = |words: &[&str], last: bool| -> Option<usize> {
        let found = words.iter().filter_map(|w| {
            if w.is_ascii() {
                let mut at = None;
                for (i, m) in lower.match_indices(w) {
                    let before = lower[..i].chars().next_back();
                    let after = lower[i + m.len()..].chars().next();
                    let bounded = !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric);
                    if bounded {
                        at = Some(i);
                        if !last {
                            break;
                        }
                    }
                }
                at
            } else if last {
                lower.rfind(w)
            } else {
                lower.find(w)
            }
        });
        if last {
            found.max()
        } else {
            found.min()
        }
    };
    match position(NOT_A_RECORD, true) {
        None => true,
        Some(not_record) => position(RECORD_WORDS, true).is_some_and(|r| r > not_record),
    }
}

/// When the activity a record documents took place, and where that was read: a labelled
/// line on its first lines, its title, its control data, its file name — the first that
/// gives a date.
pub fn event_date(
    text: &str,
    title: &str,
    meta: &DocumentMeta,
    file_name: &str,
) -> Option<(FoundDate, String)> {
    for (n, line) in text.lines().take(DATE_LINES).enumerate() {
        let line = line
            .trim()
            .trim_start_matches(['#', '>', '*', '-', '|'])
            .trim();
        let lower = line.to_lowercase();
        let Some(label) = DATE_LABELS.iter().find(|l| {
            lower.strip_prefix(*l).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with([':', '：', ' ', '\t', '|']) || !l.is_ascii()
            })
        }) else {
            continue;
        };
        // Lower-casing can change byte lengths outside ASCII: the rest is cut from the line
        // by the label's length in characters.
        let rest: String = line.chars().skip(label.chars().count()).collect();
        if let Some(found) = find_date(&rest) {
            let shown: String = line.chars().take(80).collect();
            return Some((found, format!("labelled line {} (\"{shown}\")", n + 1)));
        }
    }
    if let Some(found) = find_date(title) {
        return Some((found, "title".to_string()));
    }
    let control = [
        ("approved_on", meta.approved_on),
        ("effective_on", meta.effective_on),
        ("revised_on", meta.revised_on),
    ];
    for (field, date) in control {
        if let Some(date) = date {
            let source = meta
                .sources
                .get(field)
                .map(|s| format!("control data ({field}, {s})"))
                .unwrap_or_else(|| format!("control data ({field})"));
            let found = FoundDate {
                date,
                written: date.date_string(),
                precision: Precision::Day,
            };
            return Some((found, source));
        }
    }
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    find_date(stem).map(|found| (found, "file name".to_string()))
}

/// Whether the document's own status marks it a draft: its control data, else its file name
/// (`…_v1.3_DRAFT (SC comments).docx`).
pub fn is_draft(meta: &DocumentMeta, file_name: &str) -> bool {
    match meta.status.as_deref() {
        Some(status) => control::is_draft(status),
        None => {
            let lower = file_name.to_lowercase();
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "draft")
                || lower.contains("草稿")
                || lower.contains("征求意见稿")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> DocumentMeta {
        DocumentMeta::default()
    }

    #[test]
    fn minutes_and_reports_are_occurrences_and_procedures_are_not() {
        let cat = Catalogue::builtin().unwrap();
        let sets = |title: &str, file: &str| -> Vec<String> {
            occurrences(&cat, title, file, "", &meta())
                .into_iter()
                .map(|o| o.set)
                .collect()
        };
        assert_eq!(
            sets("Management Review Meeting – Minutes", "x.docx"),
            ["management_reviews"]
        );
        assert_eq!(
            sets("", "Mgmt Review minutes 18-03-2026.docx"),
            ["management_reviews"]
        );
        assert_eq!(sets("管理评审会议纪要", "a.pdf"), ["management_reviews"]);
        assert_eq!(
            sets("Internal Audit Report IA-2026-02", ""),
            ["internal_audits"]
        );
        assert_eq!(sets("DR test report – May 2026", ""), ["continuity_tests"]);
        assert!(sets("Management Review Procedure", "mr-procedure.docx").is_empty());
        assert!(sets("Continuity Test Plan", "").is_empty());
        assert!(sets("Internal audit report template", "").is_empty());
        assert_eq!(
            sets("Continuity plan DR test report", ""),
            ["continuity_tests"],
            "a record word after the plan"
        );
        assert!(sets("Incident Management Procedure", "").is_empty());
    }

    #[test]
    fn the_date_comes_from_a_labelled_line_then_the_title_control_data_and_file_name() {
        let text =
            "Management Review Meeting – Minutes\nMeeting date: 18 March 2026\nAttendees: …\n";
        let (d, source) = event_date(
            text,
            "Management Review Meeting – Minutes",
            &meta(),
            "mr.docx",
        )
        .unwrap();
        assert_eq!(d.date.to_string(), "2026-03-18");
        assert!(source.starts_with("labelled line 2"), "{source}");
        let (d, _) =
            event_date("会议纪要\n会议时间：2026年5月9日 14:00\n", "", &meta(), "").unwrap();
        assert_eq!(d.date.to_string(), "2026-05-09");
        let (d, source) =
            event_date("no dates here", "Service report March 2026", &meta(), "").unwrap();
        assert_eq!(
            (d.date.to_string(), d.precision),
            ("2026-03-01".into(), Precision::Month)
        );
        assert_eq!(source, "title");
        let mut m = meta();
        m.approved_on = Timestamp::parse("2026-04-02");
        let (d, source) = event_date("", "", &m, "minutes 2026-03-18.docx").unwrap();
        assert_eq!(d.date.to_string(), "2026-04-02");
        assert!(source.starts_with("control data"), "{source}");
        let (d, source) =
            event_date("", "", &meta(), "Mgmt Review minutes 18-03-2026.docx").unwrap();
        assert_eq!(
            (d.date.to_string(), source.as_str()),
            ("2026-03-18".into(), "file name")
        );
        assert!(event_date("Attendees: Ann, Bo", "Minutes", &meta(), "minutes.docx").is_none());
    }

    #[test]
    fn drafts_by_status_or_file_name() {
        let mut m = meta();
        assert!(is_draft(
            &m,
            "Incident Management Procedure_v1.3_DRAFT (SC comments).docx"
        ));
        assert!(!is_draft(&m, "Drafting guide.docx"));
        m.status = Some("Approved".into());
        assert!(
            !is_draft(&m, "x_DRAFT.docx"),
            "the document's own status wins"
        );
        m.status = Some("Draft".into());
        assert!(is_draft(&m, "x.docx"));
    }
}
