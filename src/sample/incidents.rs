//! Service desk records: incidents (a ServiceNow `incident` export with major-incident
//! fields) and service requests (`sc_req_item`).

use super::defects::PlantedDefect;
use super::files::{self, Table};
use super::profiles::volumes;
use super::{Gen, Profile};
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// Northwind's first major incident has no post-incident review: one of four, a single lapse.
pub(super) const MAJOR_INCIDENT_NOT_REVIEWED: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "The first major incident has no post-incident review (1 of 4: a single lapse)",
    code: "REC-INC-MI-NOT-REVIEWED",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "8.1-13",
    finding_note: "",
    evidence: "INC0010004",
    first_record: "INC0010004",
    consequence: false,
};

/// One Northwind incident in twelve has a priority the impact × urgency matrix does not give.
pub(super) const PRIORITY_MATRIX_BROKEN: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "50 of 600 incidents break the impact × urgency matrix (8.3 %: above tolerance, below the systemic 20 %)",
    code: "REC-INC-PRIORITY-MATRIX",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "8.1-04",
    finding_note: "",
    evidence: "INC0010006, INC0010018, …",
    first_record: "INC0010006",
    consequence: false,
};

impl Gen<'_> {
    /// The incident export: priorities from the impact × urgency matrix, four major incidents
    /// in the period, each with its post-incident review.
    pub(super) fn incidents(&mut self) -> Result<(), SampleError> {
        let n = volumes(self.spec.scale).incidents;
        let zh = self.zh();
        let mut t = Table::new(if zh {
            &[
                "事件编号",
                "创建时间",
                "标题",
                "分类",
                "影响度",
                "紧急度",
                "优先级",
                "状态",
                "处理组",
                "处理人",
                "配置项",
                "解决时间",
                "关闭时间",
                "解决代码",
                "解决说明",
                "SLA达成",
                "是否升级",
                "客户通知次数",
                "是否重大事件",
                "重大事件经理",
                "管理层通报时间",
                "服务恢复时间",
                "事后评审日期",
            ]
        } else {
            &[
                "number",
                "opened_at",
                "short_description",
                "category",
                "impact",
                "urgency",
                "priority",
                "state",
                "assignment_group",
                "assigned_to",
                "cmdb_ci",
                "resolved_at",
                "closed_at",
                "close_code",
                "close_notes",
                "made_sla",
                "escalation",
                "u_customer_updates",
                "u_major_incident",
                "u_mi_manager",
                "u_management_notified",
                "u_service_restored",
                "u_pir_date",
            ]
        });
        let matrix = [[1u8, 2, 3], [2, 3, 4], [3, 4, 5]];
        let level_en = ["1 - High", "2 - Medium", "3 - Low"];
        let level_zh = ["高", "中", "低"];
        let prio_en = [
            "1 - Critical",
            "2 - High",
            "3 - Moderate",
            "4 - Low",
            "5 - Planning",
        ];
        let categories: &[&str] = if zh {
            &["网络", "存储", "数据库", "账号", "安全"]
        } else {
            &["network", "hardware", "software", "inquiry", "security"]
        };
        let summaries_en = [
            "VPN tunnel down",
            "Disk latency alarm",
            "Login failures",
            "Email delivery delayed",
            "Suspicious sign-in",
            "Printer offline",
            "Backup job failed",
        ];
        let summaries_zh = [
            "云主机无法访问",
            "存储延迟告警",
            "数据库连接超时",
            "账号登录失败",
            "可疑登录告警",
            "备份任务失败",
        ];
        let days = self.days();
        let major_every = (n / 4).max(1);
        let mut first_major = true;
        for i in 0..n {
            let opened = self.at(i as i64 * days / n as i64, 480 + (i as i64 * 37) % 600);
            let (impact, urgency) = ((i % 3) as u8, ((i / 3) % 3) as u8);
            let mut priority = matrix[impact as usize][urgency as usize];
            if self.plants(&PRIORITY_MATRIX_BROKEN) && i % 12 == 5 {
                priority = (priority % 5) + 1;
            }
            let major = i % major_every == 3;
            let resolved = Timestamp(opened.0 + 3600 * (1 + (i as i64 % 30)));
            let closed = Timestamp(resolved.0 + 86_400);
            let sla_met = i % 40 != 7;
            let category = if i % 50 == 11 {
                categories[4]
            } else {
                categories[i % 4]
            };
            let id = if zh {
                format!("INC-2026-{:06}", i + 1)
            } else {
                format!("INC{:07}", 10_001 + i)
            };
            let group = self.p.groups[i % self.p.groups.len()];
            let person = self.person();
            let ci = self.ci_ids[i % self.ci_ids.len()].clone();
            let summary = if zh {
                summaries_zh[i % summaries_zh.len()]
            } else {
                summaries_en[i % summaries_en.len()]
            };
            let (mut manager, mut notified, mut restored, mut review) =
                (String::new(), String::new(), String::new(), String::new());
            if major {
                manager = self.person();
                notified = self.dt(Timestamp(opened.0 + 1800));
                restored = self.dt(resolved);
                review = self.date(Timestamp(resolved.0 + 3 * 86_400));
                if self.plants(&MAJOR_INCIDENT_NOT_REVIEWED) && first_major {
                    review.clear();
                }
                first_major = false;
            }
            let level = |l: u8| {
                if zh {
                    level_zh[l as usize].to_string()
                } else {
                    level_en[l as usize].to_string()
                }
            };
            t.push(vec![
                id,
                self.dt(opened),
                summary.to_string(),
                category.to_string(),
                level(impact),
                level(urgency),
                if zh {
                    format!("P{priority}")
                } else {
                    prio_en[priority as usize - 1].to_string()
                },
                self.t("Closed", "已关闭").to_string(),
                group.to_string(),
                person,
                ci,
                self.dt(resolved),
                self.dt(closed),
                self.t("Solved (Permanently)", "已解决").to_string(),
                self.t(
                    "Service restored and verified with the caller",
                    "已恢复服务并与报告人确认",
                )
                .to_string(),
                self.yes(sla_met),
                if zh {
                    self.yes(!sla_met)
                } else if sla_met {
                    "0".into()
                } else {
                    "1".into()
                },
                (1 + i % 3).to_string(),
                self.yes(major),
                manager,
                notified,
                restored,
                review,
            ]);
        }
        let rel = if zh {
            "records/事件记录.xlsx"
        } else {
            "records/incident.xlsx"
        };
        let path = self.path(rel);
        files::xlsx(&path, self.t("Page 1", "事件"), &t, self.streaming())?;
        self.register_records(
            RecordSetKind::Incidents,
            "Incident records export",
            "事件记录导出",
            rel,
        );
        Ok(())
    }

    /// The service request export: routine requests, all fulfilled the next day.
    pub(super) fn requests(&mut self) -> Result<(), SampleError> {
        let n = volumes(self.spec.scale).requests;
        let zh = self.zh();
        let mut t = Table::new(if zh {
            &[
                "请求编号",
                "创建时间",
                "服务项",
                "优先级",
                "状态",
                "完成时间",
                "关闭时间",
                "标题",
            ]
        } else {
            &[
                "number",
                "opened_at",
                "cat_item",
                "priority",
                "state",
                "u_fulfilled_at",
                "closed_at",
                "short_description",
            ]
        });
        let items: &[&str] = if zh {
            &["新建账号", "权限申请", "扩容申请"]
        } else {
            &["New laptop", "Access request", "Software install"]
        };
        let days = self.days();
        for i in 0..n {
            let opened = self.at(i as i64 * days / n as i64, 540);
            let fulfilled = Timestamp(opened.0 + 86_400);
            t.push(vec![
                if zh {
                    format!("REQ-2026-{:05}", i + 1)
                } else {
                    format!("RITM{:07}", 20_001 + i)
                },
                self.dt(opened),
                items[i % 3].to_string(),
                if zh { "P4".into() } else { "4 - Low".into() },
                self.t("Closed Complete", "已关闭").to_string(),
                self.dt(fulfilled),
                self.dt(Timestamp(fulfilled.0 + 3600)),
                items[i % 3].to_string(),
            ]);
        }
        let rel = if zh {
            "records/服务请求.xlsx"
        } else {
            "records/sc_req_item.xlsx"
        };
        let path = self.path(rel);
        files::xlsx(&path, self.t("Page 1", "服务请求"), &t, self.streaming())
    }
}
