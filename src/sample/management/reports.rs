//! Operating records of the supporting processes: continuity tests, availability, service,
//! capacity and budget reports, risk assessments and training records.

use super::super::defects::PlantedDefect;
use super::super::files::Table;
use super::super::{Gen, Profile};
use super::month_day;
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// Two of Huaxia's service-months miss the availability target, each investigated through a
/// problem record: an observation, not a nonconformity.
pub(in crate::sample) const AVAILABILITY_BELOW_TARGET: PlantedDefect = PlantedDefect {
    profile: Profile::Conforming,
    defect: "Two service-months of 对象存储服务 below the 99.9 % target, each investigated through a problem record",
    code: "REC-AVL-BELOW-TARGET",
    grade: Grade::Observation,
    grade_note: "",
    requirement: "6.3.3-01",
    finding_note: "",
    evidence: "可用性报告.xlsx rows 12, 27",
    first_record: "row 12",
    consequence: false,
};

/// Two of Huaxia's 40 training records have no effectiveness evaluation.
pub(in crate::sample) const TRAINING_NOT_EVALUATED: PlantedDefect = PlantedDefect {
    profile: Profile::Conforming,
    defect: "2 of 40 training records without an effectiveness evaluation (5 %: above the 2 % tolerance)",
    code: "REC-TRN-NOT-EVALUATED",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "4.4.2-04",
    finding_note: "",
    evidence: "培训记录.xlsx rows 9, 29",
    first_record: "row 9",
    consequence: false,
};

impl Gen<'_> {
    /// Service continuity tests and their reviews.
    pub(super) fn continuity_tests(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut tests = Table::new(if zh {
            &["计划", "演练日期", "类型", "结果", "评审日期", "改进措施"]
        } else {
            &[
                "Plan",
                "Test date",
                "Type",
                "Result",
                "Review date",
                "Actions",
            ]
        });
        for date in [d(-5, 20), d(6, 20)] {
            tests.push(vec![
                self.t("Service continuity plan", "服务连续性计划")
                    .to_string(),
                date.date_string(),
                self.t("Test", "测试").to_string(),
                self.t("Passed", "通过").to_string(),
                Timestamp(date.0 + 7 * 86_400).date_string(),
                self.t("Update contact list", "更新联系人清单").to_string(),
            ]);
        }
        self.write_log(
            "continuity",
            "continuity-tests",
            "连续性演练",
            &tests,
            RecordSetKind::ContinuityTests,
            ("Continuity test records", "连续性演练记录"),
        )
    }

    /// The monthly reports of the period: availability, service reports, capacity and (where
    /// budgeting is in scope) budget versus actual.
    pub(super) fn performance_reports(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let mut availability = Table::new(if zh {
            &["服务", "月份", "可用率", "目标", "原因分析"]
        } else {
            &[
                "Service",
                "Month",
                "Availability",
                "Target",
                "Investigation",
            ]
        });
        let mut service_reports = Table::new(if zh {
            &["报告编号", "服务", "周期", "发布日期", "内容"]
        } else {
            &["Report ID", "Service", "Period", "Issue date", "Sections"]
        });
        let mut capacity = Table::new(if zh {
            &["日期", "服务", "使用率", "阈值", "措施"]
        } else {
            &[
                "Report date",
                "Service",
                "Utilisation",
                "Threshold",
                "Actions",
            ]
        });
        let mut budget = Table::new(if zh {
            &["周期", "服务", "预算", "实际", "预测"]
        } else {
            &["Period", "Service", "Budget", "Actual", "Forecast"]
        });
        // The contents of each monthly report: the elements every edition lists, and the
        // workload and demand sections of an edition that checks for them.
        let mut sections = vec!["a-f".to_string()];
        if self.checks_activity("workload_report") {
            sections.push(
                self.t("workload against SLA limits", "对照SLA限值的工作量")
                    .to_string(),
            );
        }
        if self.checks_activity("demand_report") {
            sections.push(self.t("demand and consumption", "需求和消耗").to_string());
        }
        let sections = sections.join(if zh { "；" } else { "; " });
        for m in -1..12i64 {
            let month = start.add_months(m);
            let (y, mo, _) = month.ymd();
            let period = format!("{y}-{mo:02}");
            for (k, service) in self.p.services.iter().enumerate() {
                if m >= 0 {
                    let missed =
                        self.plants(&AVAILABILITY_BELOW_TARGET) && k == 1 && (m == 3 || m == 8);
                    availability.push(vec![
                        service.to_string(),
                        period.clone(),
                        if missed {
                            format!("{:.2}", 99.82 - (m as f64) * 0.01)
                        } else {
                            format!("{:.2}", 99.95 - (k as f64) * 0.01)
                        },
                        "99.9".into(),
                        if missed {
                            format!(
                                "存储控制器故障，见问题单PRB-{y}-{mo:02}1，已更换控制器并调整巡检"
                            )
                        } else {
                            String::new()
                        },
                    ]);
                    let utilisation = 55 + ((m as usize * 7 + k * 11) % 30);
                    capacity.push(vec![
                        Timestamp(month.0 + 27 * 86_400).date_string(),
                        service.to_string(),
                        utilisation.to_string(),
                        "80".into(),
                        if utilisation >= 80 {
                            self.t("Storage expanded", "已扩容").to_string()
                        } else {
                            String::new()
                        },
                    ]);
                    if self.spec.profile != Profile::Tailored {
                        budget.push(vec![
                            period.clone(),
                            service.to_string(),
                            "50000".into(),
                            (48_000 + k * 900).to_string(),
                            "50000".into(),
                        ]);
                    }
                }
                service_reports.push(vec![
                    format!("SR-{period}-{}", k + 1),
                    service.to_string(),
                    period.clone(),
                    Timestamp(month.0 + 4 * 86_400).date_string(),
                    sections.clone(),
                ]);
            }
        }
        self.write_log(
            "reports",
            "availability",
            "可用性报告",
            &availability,
            RecordSetKind::AvailabilityReports,
            ("Availability reports", "可用性报告"),
        )?;
        self.write_log(
            "reports",
            "service-reports",
            "服务报告清单",
            &service_reports,
            RecordSetKind::ServiceReports,
            ("Monthly service reports", "月度服务报告"),
        )?;
        self.write_log(
            "reports",
            "capacity-reports",
            "能力报告",
            &capacity,
            RecordSetKind::CapacityReports,
            ("Capacity reports", "能力报告"),
        )?;
        if self.spec.profile != Profile::Tailored {
            self.write_log(
                "reports",
                "budget-vs-actual",
                "预算执行报告",
                &budget,
                RecordSetKind::BudgetReports,
                ("Budget versus actual", "预算执行报告"),
            )?;
        }
        Ok(())
    }

    /// Information security risk assessments.
    pub(super) fn risk_assessments(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut risks = Table::new(if zh {
            &["编号", "评估日期", "范围", "风险数", "处置措施"]
        } else {
            &[
                "Assessment ID",
                "Assessment date",
                "Scope",
                "Risks identified",
                "Treatment",
            ]
        });
        for (k, date) in [d(-6, 2), d(5, 2)].iter().enumerate() {
            risks.push(vec![
                format!("RA-{}", k + 1),
                date.date_string(),
                self.t("All services", "全部服务").to_string(),
                "24".into(),
                self.t("Treatment plan approved", "处置计划已批准")
                    .to_string(),
            ]);
        }
        // Risk assessments of availability and of continuity, for an edition that asks for
        // them at planned intervals.
        let scoped = [
            (
                "availability_risk_assessment",
                ("Service availability", "服务可用性"),
                "9",
            ),
            (
                "continuity_risk_assessment",
                (
                    "Service continuity and business impact",
                    "服务连续性和业务影响",
                ),
                "7",
            ),
        ];
        for (activity, (en, zh_scope), count) in scoped {
            if self.checks_activity(activity) {
                let n = risks.rows.len() + 1;
                risks.push(vec![
                    format!("RA-{n}"),
                    d(4, 9 + n as i64).date_string(),
                    self.t(en, zh_scope).to_string(),
                    count.into(),
                    self.t("Treatment plan approved", "处置计划已批准")
                        .to_string(),
                ]);
            }
        }
        self.write_log(
            "risk",
            "risk-assessments",
            "风险评估",
            &risks,
            RecordSetKind::RiskAssessments,
            ("Information security risk assessments", "信息安全风险评估"),
        )
    }

    /// Training records with their effectiveness evaluations.
    pub(super) fn training_records(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut training = Table::new(if zh {
            &["员工", "岗位", "培训内容", "培训日期", "考核结果"]
        } else {
            &["Employee", "Role", "Course", "Date", "Evaluation"]
        });
        for k in 0..40i64 {
            let evaluated = !(self.plants(&TRAINING_NOT_EVALUATED) && k % 20 == 7);
            training.push(vec![
                self.p.people[k as usize % self.p.people.len()].to_string(),
                self.p.groups[k as usize % self.p.groups.len()].to_string(),
                self.t("ITIL Foundation", "ITIL基础").to_string(),
                d(k % 11, 8).date_string(),
                if evaluated {
                    self.t("Passed", "合格").to_string()
                } else {
                    String::new()
                },
            ]);
        }
        self.write_log(
            "people",
            "training-records",
            "培训记录",
            &training,
            RecordSetKind::TrainingRecords,
            ("Training records", "培训记录"),
        )
    }
}
