//! The controlled documents: one file per mandatory document type of the catalogue, with a
//! document-control block, the requirements it addresses, the topics its rules look for and
//! the contents its requirements list. Document defects are planted here.

use super::defects::PlantedDefect;
use super::{files, manifest, Gen, Profile, RegisterRow};
use crate::assessment::Grade;
use crate::catalogue::DocumentKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// Northwind has no capacity plan (D27) while its capacity reports show the process runs: a
/// documentation gap.
pub(super) const CAPACITY_PLAN_MISSING: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "No capacity plan, while the capacity reports show capacity management runs",
    code: "document_missing",
    grade: Grade::Minor,
    grade_note: "a documentation gap",
    requirement: "6.5-02",
    finding_note: " (also 6.5-04)",
    evidence: "—",
    first_record: "",
    consequence: false,
};

/// Northwind's incident-management procedure (D34) was due for review before the assessment.
pub(super) const INCIDENT_PROCEDURE_REVIEW_OVERDUE: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "Incident procedure review due 2026-06-30",
    code: "document_review_overdue",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "8.1-01",
    finding_note: "",
    evidence: "incident-management-procedure.docx",
    first_record: "",
    consequence: false,
};

/// Huaxia's service management plan (D04) lacks two of the contents 4.5.2 lists: known
/// limitations (c) and the technology supporting the SMS (k).
pub(super) const PLAN_CONTENTS_MISSING: PlantedDefect = PlantedDefect {
    profile: Profile::Conforming,
    defect: "服务管理计划 has no section on known limitations (c) or on the technology supporting the SMS (k)",
    code: "document_elements_missing",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "4.5.2-03",
    finding_note: "",
    evidence: "服务管理计划.md, with the headings the other ten elements were found under",
    first_record: "",
    consequence: false,
};

/// Huaxia's configuration-management procedure (D39) has no version in its control block.
pub(super) const PROCEDURE_UNVERSIONED: PlantedDefect = PlantedDefect {
    profile: Profile::Conforming,
    defect: "配置管理程序 carries no version number",
    code: "document_unversioned",
    grade: Grade::Observation,
    grade_note: "",
    requirement: "9.1-05",
    finding_note: "",
    evidence: "配置管理程序.docx",
    first_record: "",
    consequence: false,
};

impl Gen<'_> {
    /// One file per mandatory document type, with a control block and the topics its rules
    /// look for; the planted document defects are made here.
    pub(super) fn documents(&mut self) -> Result<(), SampleError> {
        let cat = self.catalogue;
        for doc in &cat.document_types {
            let id = doc.id.as_str();
            let missing = (self.plants(&CAPACITY_PLAN_MISSING) && id == "D27")
                || (self.plants(&manifest::BUDGETING_EXCLUDED) && id == "D26");
            if missing {
                continue;
            }
            let title = if self.zh() {
                doc.patterns
                    .zh
                    .first()
                    .cloned()
                    .unwrap_or(doc.title.zh.clone())
            } else {
                title_case(
                    doc.patterns
                        .en
                        .first()
                        .map(String::as_str)
                        .unwrap_or(&doc.title.en),
                )
            };
            let topics: Vec<String> = cat
                .requirements
                .iter()
                .flat_map(|r| r.evidence.iter())
                .filter(|e| e.params.get("type").and_then(|t| t.as_str()) == Some(id))
                .filter_map(|e| e.params.get("topics").and_then(|t| t.as_array()).cloned())
                .flatten()
                .filter_map(|t| {
                    let side = if self.zh() { "zh" } else { "en" };
                    t.get(side)
                        .and_then(|w| w.as_array())
                        .and_then(|w| w.first())
                        .and_then(|w| w.as_str())
                        .map(String::from)
                })
                .collect();
            let approved = Timestamp(self.p.start.0 + (self.rng.below(150) as i64 + 120) * 86_400);
            let mut next_review = approved.add_months(12);
            if self.plants(&INCIDENT_PROCEDURE_REVIEW_OVERDUE) && id == "D34" {
                next_review = Timestamp::from_ymd(2026, 6, 30).expect("date");
            }
            let version = if self.plants(&PROCEDURE_UNVERSIONED) && id == "D39" {
                None
            } else {
                Some(format!("{}.{}", 1 + self.rng.below(3), self.rng.below(5)))
            };
            let owner = self.person();
            let approver = self
                .t("Rachel Adams (Service Director)", "王总（服务总监）")
                .to_string();
            let mut lines = vec![title.clone()];
            let label = |en: &str, zh: &str| {
                if self.zh() {
                    format!("{zh}：")
                } else {
                    format!("{en}: ")
                }
            };
            if let Some(v) = &version {
                lines.push(format!("{}{v}", label("Version", "版本")));
            }
            lines.push(format!("{}{owner}", label("Owner", "负责人")));
            lines.push(format!("{}{approver}", label("Approved by", "批准人")));
            lines.push(format!(
                "{}{}",
                label("Approval date", "审批日期"),
                approved.date_string()
            ));
            lines.push(format!(
                "{}{}",
                label("Next review date", "下次评审日期"),
                next_review.date_string()
            ));
            lines.push(format!(
                "{}{}",
                label("Status", "文件状态"),
                self.t("Approved", "已发布")
            ));
            lines.push(String::new());
            lines.push(self.t("1 Purpose", "1 目的").to_string());
            lines.push(if self.zh() {
                format!(
                    "本文件规定{}在{}方面的要求和做法，适用于{}。",
                    self.p.organisation,
                    doc.title.zh,
                    self.p.services.join("、")
                )
            } else {
                format!(
                    "This document sets out how {} handles {} for {}.",
                    self.p.organisation,
                    doc.title.en.to_lowercase(),
                    self.p.services.join(", ")
                )
            });
            lines.push(self.t("2 Requirements addressed", "2 对应要求").to_string());
            for r in &doc.requirements {
                if let Some(req) = cat.requirement(r) {
                    let text = if self.zh() {
                        &req.text.zh
                    } else {
                        &req.text.en
                    };
                    lines.push(format!("{r} {text}"));
                }
            }
            if !topics.is_empty() {
                lines.push(self.t("3 Scope of this document", "3 内容范围").to_string());
                lines.push(if self.zh() {
                    format!("本文件涵盖：{}。", topics.join("、"))
                } else {
                    format!("This document covers: {}.", topics.join(", "))
                });
            }
            // The contents a requirement lists for this document, one numbered heading each
            // (the checker looks for them element by element), less the planted gaps.
            let planted_gaps: &[&str] = if self.plants(&PLAN_CONTENTS_MISSING) && id == "D04" {
                &["c", "k"]
            } else {
                &[]
            };
            let contents: Vec<String> = cat
                .requirements
                .iter()
                .filter(|r| {
                    let rules: Vec<_> = r
                        .evidence
                        .iter()
                        .filter(|e| e.kind == crate::catalogue::RuleKind::Document)
                        .collect();
                    rules.len() == 1
                        && rules[0].params.get("type").and_then(|t| t.as_str()) == Some(id)
                })
                .flat_map(|r| r.elements.iter())
                .filter(|e| !planted_gaps.contains(&e.id.as_str()))
                .filter_map(|e| {
                    let words = if self.zh() {
                        &e.keywords.zh
                    } else {
                        &e.keywords.en
                    };
                    words.first().cloned()
                })
                .collect();
            if !contents.is_empty() {
                lines.push(self.t("4 Contents", "4 主要内容").to_string());
                for (k, word) in contents.iter().enumerate() {
                    lines.push(format!("4.{} {}", k + 1, title_case(word)));
                }
            }
            let (folder, ext) = match (doc.kind, self.zh(), id) {
                (_, false, "D01") => ("policies", "pdf"),
                (DocumentKind::Agreement, false, _) => ("agreements", "pdf"),
                (DocumentKind::Policy, _, _) => ("policies", "docx"),
                (DocumentKind::Procedure, _, _) => ("procedures", "docx"),
                (DocumentKind::Plan, _, _) => ("plans", "md"),
                _ => ("documents", "md"),
            };
            let stem = if self.zh() {
                title.clone()
            } else {
                title.to_lowercase().replace(' ', "-")
            };
            let rel = format!("{folder}/{stem}.{ext}");
            let path = self.path(&rel);
            match ext {
                "pdf" => files::pdf(&path, &lines)?,
                "docx" => files::docx(
                    &path,
                    &title,
                    &owner,
                    version.as_deref().unwrap_or(""),
                    &approved.date_string(),
                    &lines.join("\n"),
                )?,
                _ => files::text(
                    &path,
                    &format!("# {}\n\n{}\n", lines[0], lines[1..].join("\n\n")),
                )?,
            }
            self.register.push(RegisterRow {
                requirements: doc.requirements.clone(),
                title: title.clone(),
                file: rel,
                owner,
                date: approved,
                status: "Conforming",
            });
        }
        Ok(())
    }
}

/// Capitalises the words of a document title, leaving short joining words and known
/// acronyms as a reader expects them.
pub(super) fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if w.len() > 3 || !matches!(w, "and" | "of" | "for" | "the") => {
                    f.to_uppercase().chain(c).collect()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace("Sla", "SLA")
        .replace("Ola", "OLA")
        .replace("Ci ", "CI ")
}
