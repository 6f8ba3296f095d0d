//! The SMS checking itself: internal audits, nonconformities and corrective actions,
//! management reviews, improvements, configuration audits and the review log.

use super::super::defects::PlantedDefect;
use super::super::files::Table;
use super::super::{Gen, Profile};
use super::month_day;
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// The tailored provider's internal audits lapse for 15 months.
pub(in crate::sample) const AUDITS_LAPSED: PlantedDefect = PlantedDefect {
    profile: Profile::Tailored,
    defect: "Internal audits on 2025-06-10 and then 2026-09-15",
    code: "interval_gap",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "4.5.4.2-01",
    finding_note: "",
    evidence: "",
    first_record: "IA-2025-01",
    consequence: false,
};

impl Gen<'_> {
    /// The internal audit programme: an audit every six months.
    pub(super) fn internal_audits(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        // Internal audits every six months (the tailored provider lets them lapse 15 months).
        let mut audits = Table::new(if zh {
            &[
                "审核编号",
                "审核日期",
                "审核范围",
                "审核员",
                "受审核方",
                "发现项",
                "审核报告",
            ]
        } else {
            &[
                "Audit ID",
                "Audit date",
                "Scope",
                "Auditor",
                "Auditee",
                "Findings",
                "Report",
            ]
        });
        let audit_dates: Vec<Timestamp> = if self.plants(&AUDITS_LAPSED) {
            vec![
                Timestamp::from_ymd(2025, 6, 10).expect("date"),
                Timestamp::from_ymd(2026, 9, 15).expect("date"),
            ]
        } else {
            vec![d(-4, 0), d(2, 0), d(8, 0)]
        };
        for (k, date) in audit_dates.iter().enumerate() {
            audits.push(vec![
                format!("IA-{}-{:02}", date.ymd().0, k + 1),
                date.date_string(),
                self.t("Clauses 4-9, all services", "第4至9章，全部服务")
                    .to_string(),
                self.t("Olivia Grant (external auditor)", "外部审核员 钱进")
                    .to_string(),
                self.p.groups[k % self.p.groups.len()].to_string(),
                (2 + k).to_string(),
                format!("IA-{}-{:02}.pdf", date.ymd().0, k + 1),
            ]);
        }
        self.write_log(
            "audits",
            "internal-audits",
            "内部审核记录",
            &audits,
            RecordSetKind::InternalAudits,
            ("Internal audit log", "内部审核记录"),
        )
    }

    /// Nonconformities raised by audits and their corrective actions, verified closed.
    pub(super) fn corrective_actions(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut ncs = Table::new(if zh {
            &[
                "不符合编号",
                "提出日期",
                "等级",
                "原因分析",
                "纠正措施",
                "责任人",
                "计划完成日期",
                "关闭日期",
                "验证日期",
            ]
        } else {
            &[
                "NC ID",
                "Raised",
                "Grade",
                "Root cause",
                "Corrective action",
                "Owner",
                "Due date",
                "Closed",
                "Verified",
            ]
        });
        for k in 0..4i64 {
            let raised = d(2 + k, 5);
            let owner = self.person();
            ncs.push(vec![
                format!("NC-{:03}", k + 1),
                raised.date_string(),
                self.t("Minor", "轻微").to_string(),
                self.t(
                    "Procedure step not followed under time pressure",
                    "时间压力下未按程序执行",
                )
                .to_string(),
                self.t(
                    "Checklist added to the tool and team briefed",
                    "在工具中增加检查单并组织宣贯",
                )
                .to_string(),
                owner,
                Timestamp(raised.0 + 30 * 86_400).date_string(),
                Timestamp(raised.0 + 25 * 86_400).date_string(),
                Timestamp(raised.0 + 40 * 86_400).date_string(),
            ]);
        }
        self.write_log(
            "audits",
            "corrective-actions",
            "不符合及纠正措施",
            &ncs,
            RecordSetKind::Nonconformities,
            (
                "Nonconformity and corrective-action register",
                "不符合及纠正措施登记",
            ),
        )
    }

    /// Management review minutes, with top management present.
    pub(super) fn management_reviews(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut mrs = Table::new(if zh {
            &[
                "编号",
                "评审日期",
                "出席人员",
                "最高管理者出席",
                "评审输入",
                "评审决定",
                "行动项",
            ]
        } else {
            &[
                "Review ID",
                "Meeting date",
                "Attendees",
                "Top management present",
                "Inputs covered",
                "Decisions",
                "Actions",
            ]
        });
        for (k, date) in [d(-2, 10), d(3, 10), d(9, 10)].iter().enumerate() {
            mrs.push(vec![
                format!("MR-{:02}", k + 1),
                date.date_string(),
                self.t(
                    "Managing Director, Service Director, process owners",
                    "总经理、服务总监、各过程负责人",
                )
                .to_string(),
                self.yes(true),
                "a-i".into(),
                self.t(
                    "Resources approved for capacity upgrade",
                    "批准能力扩容资源",
                )
                .to_string(),
                self.t(
                    "Update SM plan; review supplier targets",
                    "更新服务管理计划；评审供方目标",
                )
                .to_string(),
            ]);
        }
        self.write_log(
            "reviews",
            "management-reviews",
            "管理评审记录",
            &mrs,
            RecordSetKind::ManagementReviews,
            ("Management review minutes log", "管理评审记录"),
        )
    }

    /// The improvement register.
    pub(super) fn improvements(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut imps = Table::new(if zh {
            &["改进编号", "优先级", "目标", "状态", "测量结果", "提出日期"]
        } else {
            &[
                "Improvement ID",
                "Priority",
                "Target",
                "Status",
                "Measured result",
                "Raised",
            ]
        });
        for k in 0..6i64 {
            imps.push(vec![
                format!("CSI-{:03}", k + 1),
                ["High", "Medium", "Low"][k as usize % 3].into(),
                self.t("Reduce repeat incidents by 20%", "重复事件减少20%")
                    .to_string(),
                self.t("Closed", "已关闭").to_string(),
                self.t("Repeat incidents down 23%", "重复事件减少23%")
                    .to_string(),
                d(k, 1).date_string(),
            ]);
        }
        self.write_log(
            "reviews",
            "improvement-register",
            "改进登记",
            &imps,
            RecordSetKind::Improvements,
            ("Improvement register", "改进登记"),
        )
    }

    /// Configuration audits of the CMDB.
    pub(super) fn configuration_audits(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut cfa = Table::new(if zh {
            &["编号", "审核日期", "范围", "差异数", "整改措施"]
        } else {
            &[
                "Audit ID",
                "Audit date",
                "Scope",
                "Discrepancies",
                "Actions",
            ]
        });
        for (k, date) in [d(-3, 12), d(3, 12), d(9, 12)].iter().enumerate() {
            cfa.push(vec![
                format!("CA-{}", k + 1),
                date.date_string(),
                self.t("Servers and databases", "服务器和数据库")
                    .to_string(),
                "3".into(),
                self.t("CMDB corrected", "已更正配置管理数据库").to_string(),
            ]);
        }
        self.write_log(
            "audits",
            "configuration-audits",
            "配置审核",
            &cfa,
            RecordSetKind::ConfigurationAudits,
            ("Configuration audit reports", "配置审核报告"),
        )
    }

    /// The review log: service management plan reviews, OLA reviews and change trend
    /// analyses.
    pub(super) fn review_log(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let end = self.p.end;
        let d = |months: i64, day: i64| month_day(start, months, day);
        let mut log = Table::new(if zh {
            &["活动", "日期", "对象", "负责人", "结论"]
        } else {
            &["Activity", "Date", "Subject", "Owner", "Outcome"]
        });
        log.push(vec![
            self.t("SM plan review", "服务管理计划评审").to_string(),
            d(-1, 15).date_string(),
            self.t("Service management plan", "服务管理计划")
                .to_string(),
            self.person(),
            self.t("Plan updated", "计划已更新").to_string(),
        ]);
        log.push(vec![
            self.t("SM plan review", "服务管理计划评审").to_string(),
            d(10, 15).date_string(),
            self.t("Service management plan", "服务管理计划")
                .to_string(),
            self.person(),
            self.t("Plan updated", "计划已更新").to_string(),
        ]);
        let forecasts = self.checks_activity("forecast_review");
        let demand = self.checks_activity("demand_analysis");
        for q in -1..5i64 {
            if forecasts {
                log.push(vec![
                    self.t("Financial forecast review", "财务预测评审")
                        .to_string(),
                    d(q * 3, 10).min(end).date_string(),
                    self.t("Service budgets and forecasts", "服务预算和预测")
                        .to_string(),
                    self.person(),
                    self.t("Forecast revised", "预测已修订").to_string(),
                ]);
            }
            if demand {
                log.push(vec![
                    self.t("Demand analysis", "需求分析").to_string(),
                    d(q * 3, 12).min(end).date_string(),
                    self.t(
                        "Present and expected demand per service",
                        "各项服务当前和预期的需求",
                    )
                    .to_string(),
                    self.person(),
                    self.t("Capacity plan input updated", "容量计划输入已更新")
                        .to_string(),
                ]);
            }
            log.push(vec![
                self.t("OLA performance review", "内部协议绩效评审")
                    .to_string(),
                d(q * 3, 20).min(end).date_string(),
                self.p.groups[0].to_string(),
                self.person(),
                self.t("Targets met", "目标达成").to_string(),
            ]);
            log.push(vec![
                self.t("Change trend analysis", "变更趋势分析").to_string(),
                d(q * 3, 25).min(end).date_string(),
                self.t("RFCs of the quarter", "本季度变更请求").to_string(),
                self.person(),
                self.t("No adverse trend", "无不利趋势").to_string(),
            ]);
        }
        self.write_log(
            "reviews",
            "review-log",
            "评审记录",
            &log,
            RecordSetKind::ReviewLog,
            ("Review log", "评审记录"),
        )
    }
}
