//! The evidence register (`evidence-register.xlsx`, `证据清单.xlsx`): the provider's own list of
//! what evidences each requirement, with its self-assessed status. Every generated document and
//! record set adds its row; a row per clause covers what no file names.

use std::collections::BTreeSet;

use super::defects::PlantedDefect;
use super::files::{self, Table};
use super::{Gen, Profile};
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// One row of the evidence register.
pub(super) struct RegisterRow {
    pub(super) requirements: Vec<String>,
    pub(super) title: String,
    pub(super) file: String,
    pub(super) owner: String,
    pub(super) date: Timestamp,
    pub(super) status: &'static str,
}

/// Northwind's register admits its budget-versus-actual reporting is partial.
pub(super) const BUDGET_REPORTING_PARTIAL: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "Budget-versus-actual reporting self-assessed as partial",
    code: "register_self_partial",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "6.4-06",
    finding_note: "",
    evidence: "register row 108",
    first_record: "",
    consequence: false,
};

impl Gen<'_> {
    /// The requirements the catalogue's record types of `kind` evidence.
    fn records_for(&self, kind: RecordSetKind) -> Vec<String> {
        let mut reqs: BTreeSet<String> = BTreeSet::new();
        for r in &self.catalogue.record_types {
            if r.record_sets.contains(&kind) {
                reqs.extend(r.requirements.iter().cloned());
            }
        }
        reqs.into_iter().collect()
    }

    /// Adds the register row of a record set just written to `file`, unless no requirement
    /// rests on records of that kind.
    pub(super) fn register_records(
        &mut self,
        kind: RecordSetKind,
        title_en: &str,
        title_zh: &str,
        file: &str,
    ) {
        let requirements = self.records_for(kind);
        if requirements.is_empty() {
            return;
        }
        let title = self.t(title_en, title_zh).to_string();
        let owner = self.person();
        self.register.push(RegisterRow {
            requirements,
            title,
            file: file.to_string(),
            owner,
            date: self.p.end,
            status: "Conforming",
        });
    }

    /// The evidence register: every document and record file, plus a row per leaf clause for
    /// the requirements the files above do not name.
    pub(super) fn register_file(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let covered: BTreeSet<String> = self
            .register
            .iter()
            .flat_map(|r| r.requirements.iter().cloned())
            .collect();
        let plan = self
            .register
            .iter()
            .find(|r| r.file.contains("service-management-plan") || r.file.contains("服务管理计划"))
            .map(|r| r.file.clone())
            .unwrap_or_default();
        let tailored = self.spec.profile == Profile::Tailored;
        for clause in &self.catalogue.clauses {
            let ids: Vec<String> = self
                .catalogue
                .requirements
                .iter()
                .filter(|r| r.clause == clause.id && !covered.contains(&r.id))
                .filter(|r| !(tailored && (r.clause == "6.4" || r.clause.starts_with("4.2"))))
                .map(|r| r.id.clone())
                .collect();
            if ids.is_empty() {
                continue;
            }
            let owner = self.person();
            self.register.push(RegisterRow {
                requirements: ids,
                title: if zh {
                    format!(
                        "{} {}：访谈记录、会议纪要和运行记录",
                        clause.id, clause.title.zh
                    )
                } else {
                    format!(
                        "{} {}: interviews, minutes and operating records",
                        clause.id, clause.title.en
                    )
                },
                file: plan.clone(),
                owner,
                date: self.p.end,
                status: "Conforming",
            });
        }
        if tailored {
            // Governance of the parent group (internal) is evidenced; the problem supplier's is not.
            let matrix = "governance/parent-group-it-governance.md";
            let path = self.path(matrix);
            files::text(&path, "# Parent Group IT governance of capacity management\n\nVersion: 1.2\nApproved by: Tailwind IT Services Board\nApproval date: 2026-02-01\n\nProcess-to-operator matrix: capacity management (6.5) is operated by Parent Group IT.\nTailwind keeps accountability, defines the process, receives monthly performance reports and prioritises improvements jointly.\n")?;
            let ola = "governance/parent-group-it-ola.md";
            let path = self.path(ola);
            files::text(&path, "# Operational level agreement with Parent Group IT\n\nVersion: 2.0\nApproved by: Tailwind IT Services Board\nApproval date: 2026-02-01\n\nTargets: capacity reports monthly; forecasts quarterly. Performance reviewed quarterly.\n")?;
            for (reqs, title, file) in [
                (
                    vec!["4.2-01", "4.2-02", "4.2-03", "4.2-04", "4.2-05", "4.2-07"],
                    "Parent Group IT governance matrix",
                    matrix,
                ),
                (
                    vec!["6.1-11", "6.1-12"],
                    "Parent Group IT operational level agreement",
                    ola,
                ),
            ] {
                self.register.push(RegisterRow {
                    requirements: reqs.into_iter().map(String::from).collect(),
                    title: title.into(),
                    file: file.into(),
                    owner: "Maya Roth".into(),
                    date: Timestamp::from_ymd(2026, 2, 1).expect("date"),
                    status: "Conforming",
                });
            }
        }
        if self.plants(&BUDGET_REPORTING_PARTIAL) {
            self.register.push(RegisterRow {
                requirements: vec!["6.4-06".into()],
                title: "Budget versus actual reporting (only two services reported so far)".into(),
                file: "reports/budget-vs-actual.xlsx".into(),
                owner: "Dev Patel".into(),
                date: self.p.end,
                status: "Partial",
            });
        }
        let mut t = Table::new(if zh {
            &[
                "要求编号",
                "证据名称",
                "文件路径",
                "负责人",
                "日期",
                "自评状态",
                "审核结论",
                "备注",
            ]
        } else {
            &[
                "Requirement IDs",
                "Evidence title",
                "File reference",
                "Owner",
                "Date",
                "Self-assessed status",
                "Auditor verdict",
                "Auditor note",
            ]
        });
        let rows: Vec<Vec<String>> = self
            .register
            .iter()
            .map(|r| {
                let status = match (zh, r.status) {
                    (true, "Conforming") => "符合",
                    (true, "Partial") => "部分符合",
                    (true, _) => "不符合",
                    (false, s) => s,
                };
                vec![
                    r.requirements.join(", "),
                    r.title.clone(),
                    r.file.clone(),
                    r.owner.clone(),
                    r.date.date_string(),
                    status.to_string(),
                    String::new(),
                    String::new(),
                ]
            })
            .collect();
        for row in rows {
            t.push(row);
        }
        let rel = if zh {
            "证据清单.xlsx"
        } else {
            "evidence-register.xlsx"
        };
        let path = self.path(rel);
        files::xlsx(&path, self.t("Register", "证据清单"), &t, self.streaming())
    }
}
