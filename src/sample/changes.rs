//! Change records: a ServiceNow `change_request` export with approvals, plans, impact
//! assessments and post-implementation reviews.

use super::defects::PlantedDefect;
use super::files::{self, Table};
use super::profiles::volumes;
use super::{Gen, Profile};
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// A Northwind change approved nine hours after its work started.
pub(super) const LATE_APPROVAL_TYPICAL: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "CHG0030012 approved 9 hours after work started",
    code: "REC-CHG-APPROVAL-AFTER-IMPL",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "9.2-09",
    finding_note: "",
    evidence: "CHG0030012",
    first_record: "CHG0030012",
    consequence: false,
};

/// A Huaxia change (the 39th) approved after its implementation started.
pub(super) const LATE_APPROVAL_CONFORMING: PlantedDefect = PlantedDefect {
    profile: Profile::Conforming,
    defect: "CHG-2026-00039 approved after implementation started",
    code: "REC-CHG-APPROVAL-AFTER-IMPL",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "9.2-09",
    finding_note: "",
    evidence: "CHG-2026-00039",
    first_record: "CHG-2026-00039",
    consequence: false,
};

/// Northwind's first emergency change was never reviewed.
pub(super) const EMERGENCY_CHANGE_NOT_REVIEWED: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "The first emergency change was never reviewed (1 of 5)",
    code: "REC-CHG-EMERGENCY-UNCONTROLLED",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "9.2-19",
    finding_note: "",
    evidence: "CHG0030013",
    first_record: "CHG0030013",
    consequence: false,
};

impl Gen<'_> {
    /// The change export: normal, standard and emergency changes with their approvals, plans,
    /// impact assessments and post-implementation reviews.
    pub(super) fn changes(&mut self) -> Result<(), SampleError> {
        let n = volumes(self.spec.scale).changes;
        let zh = self.zh();
        let tailored = self.spec.profile == Profile::Tailored;
        let mut headers: Vec<&str> = if zh {
            vec![
                "变更编号",
                "变更标题",
                "变更类型",
                "风险等级",
                "状态",
                "计划开始时间",
                "计划结束时间",
                "实际开始时间",
                "实际结束时间",
                "审批结果",
                "批准时间",
                "测试计划",
                "回退计划",
                "影响分析",
                "变更原因",
                "安全影响",
                "连续性影响",
                "成本估算",
                "评审状态",
                "评审日期",
                "实施结果",
                "关闭时间",
                "未授权",
                "配置项",
                "调查记录",
                "设计转换记录",
            ]
        } else {
            vec![
                "number",
                "short_description",
                "type",
                "risk",
                "state",
                "start_date",
                "end_date",
                "work_start",
                "work_end",
                "approval",
                "approval_set",
                "test_plan",
                "backout_plan",
                "risk_impact_analysis",
                "justification",
                "u_security_impact",
                "u_continuity_impact",
                "u_cost_estimate",
                "review_status",
                "review_date",
                "close_code",
                "closed_at",
                "unauthorized",
                "cmdb_ci",
                "u_investigation",
                "u_transition_project",
            ]
        };
        // A provider that excludes budgeting keeps no cost estimates on its changes.
        let cost_column = headers
            .iter()
            .position(|h| *h == "u_cost_estimate" || *h == "成本估算")
            .expect("cost column");
        if tailored {
            headers.remove(cost_column);
        }
        let mut t = Table::new(&headers);
        let days = self.days();
        let mut first_emergency = true;
        for i in 0..n {
            let planned = self.at(i as i64 * days / n as i64, 22 * 60);
            let emergency = i % 25 == 12;
            let standard = i % 5 == 2 && !emergency;
            let high = i % 30 == 17 && !emergency && !standard;
            let failed = i % 40 == 21;
            let id = if zh {
                format!("CHG-2026-{:05}", i + 1)
            } else {
                format!("CHG{:07}", 30_001 + i)
            };
            let start = Timestamp(planned.0 + 300);
            let mut approved = Timestamp(planned.0 - 2 * 86_400);
            let planted_late = (self.plants(&LATE_APPROVAL_TYPICAL) && id == "CHG0030012")
                || (self.plants(&LATE_APPROVAL_CONFORMING) && i == 38);
            if planted_late {
                approved = Timestamp(start.0 + 9 * 3600);
            }
            if emergency {
                approved = Timestamp(start.0 + 6 * 3600);
            }
            let mut review = self.date(Timestamp(start.0 + 5 * 86_400));
            if emergency && self.plants(&EMERGENCY_CHANGE_NOT_REVIEWED) && first_emergency {
                review.clear();
            }
            if emergency {
                first_emergency = false;
            }
            let kind = if emergency {
                self.t("emergency", "紧急变更")
            } else if standard {
                self.t("standard", "标准变更")
            } else {
                self.t("normal", "一般变更")
            };
            let risk = if high {
                self.t("High", "高")
            } else {
                *self.rng.pick(if zh {
                    &["低", "中"]
                } else {
                    &["Low", "Moderate"]
                })
            };
            let mut row = vec![
                id.clone(),
                self.t(
                    "Patch and reconfigure production servers",
                    "生产服务器补丁及配置调整",
                )
                .to_string(),
                kind.to_string(),
                risk.to_string(),
                self.t("Closed", "已关闭").to_string(),
                self.dt(planned),
                self.dt(Timestamp(planned.0 + 7200)),
                self.dt(start),
                self.dt(Timestamp(start.0 + 5400)),
                self.t("approved", "已批准").to_string(),
                self.dt(approved),
                self.t(
                    "Functional and regression tests in staging",
                    "在预生产环境进行功能和回归测试",
                )
                .to_string(),
                self.t("Restore from pre-change snapshot", "回滚至变更前快照")
                    .to_string(),
                self.t(
                    "Low residual risk; 2 services affected",
                    "剩余风险低；影响2项服务",
                )
                .to_string(),
                self.t("Security patching", "安全补丁").to_string(),
                self.t("No new security risk", "无新增安全风险").to_string(),
                self.t("No impact on continuity plan", "不影响连续性计划")
                    .to_string(),
                self.t("GBP 1,200", "人民币8,000元").to_string(),
                self.t("Reviewed", "已评审").to_string(),
                review,
                if failed {
                    self.t("unsuccessful", "失败")
                } else {
                    self.t("successful", "成功")
                }
                .to_string(),
                self.dt(Timestamp(start.0 + 2 * 86_400)),
                self.yes(false),
                self.ci_ids[i % self.ci_ids.len()].clone(),
                if failed {
                    format!("PRB-{}", 500 + i)
                } else {
                    String::new()
                },
                if high {
                    format!("PRJ-{}", 700 + i)
                } else {
                    String::new()
                },
            ];
            if tailored {
                row.remove(cost_column);
            }
            t.push(row);
        }
        let rel = if zh {
            "records/变更记录.xlsx"
        } else {
            "records/change_request.xlsx"
        };
        let path = self.path(rel);
        files::xlsx(&path, self.t("Page 1", "变更"), &t, self.streaming())?;
        self.register_records(
            RecordSetKind::Changes,
            "Change records export",
            "变更记录导出",
            rel,
        );
        Ok(())
    }
}
