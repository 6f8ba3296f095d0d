//! Problem records: a Jira Service Management CSV export (English) or a Chinese workbook, with
//! root causes, workarounds, known errors and the changes that fixed them.

use super::defects::PlantedDefect;
use super::files::{self, Table};
use super::profiles::volumes;
use super::{Gen, Profile};
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// Two of Northwind's closed problems record no root cause.
pub(super) const ROOT_CAUSE_MISSING: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "2 of 20 closed problems without root cause",
    code: "REC-PRB-NO-ROOT-CAUSE",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "8.2-02",
    finding_note: "",
    evidence: "PRB-103, PRB-113",
    first_record: "PRB-103",
    consequence: false,
};

impl Gen<'_> {
    /// The problem export, with Jira's own date format in the English profiles.
    pub(super) fn problems(&mut self) -> Result<(), SampleError> {
        let n = volumes(self.spec.scale).problems;
        let zh = self.zh();
        let mut t = if zh {
            Table::new(&[
                "问题编号",
                "标题",
                "状态",
                "优先级",
                "创建时间",
                "解决时间",
                "解决方式",
                "根本原因",
                "临时解决方法",
                "是否已知错误",
                "关联变更",
            ])
        } else {
            Table::new(&[
                "Summary",
                "Issue key",
                "Issue Type",
                "Status",
                "Priority",
                "Created",
                "Resolved",
                "Resolution",
                "Custom field (Root cause)",
                "Custom field (Workaround)",
                "Custom field (Known error)",
                "Custom field (Related change)",
            ])
        };
        let days = self.days();
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let jira = |ts: Timestamp| {
            let (y, m, d) = ts.ymd();
            let (h, mi, _) = ts.hms();
            let (h12, ampm) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!(
                "{d:02}/{}/{:02} {h12}:{mi:02} {ampm}",
                months[m as usize - 1],
                y % 100
            )
        };
        let mut missing_cause = 0;
        for i in 0..n {
            let opened = self.at(i as i64 * days / n as i64, 600);
            let open = i % 6 == 5;
            let resolved = Timestamp(opened.0 + 10 * 86_400);
            let fixed = i % 2 == 0;
            let mut cause = self
                .t("Configuration drift after patching", "补丁后配置漂移")
                .to_string();
            if self.plants(&ROOT_CAUSE_MISSING) && !open && i % 10 == 3 && missing_cause < 2 {
                cause.clear();
                missing_cause += 1;
            }
            let change = if fixed && !open {
                format!("CHG{:07}", 30_001 + i)
            } else {
                String::new()
            };
            let status = if open {
                self.t("Known Error", "处理中")
            } else {
                self.t("Closed", "已关闭")
            };
            let resolution = if open {
                ""
            } else if fixed {
                self.t("Fixed", "修复")
            } else {
                self.t("Done", "已处理")
            };
            let workaround = self
                .t("Restart the affected service", "重启受影响的服务")
                .to_string();
            if zh {
                t.push(vec![
                    format!("PRB-2026-{:04}", i + 1),
                    "存储延迟反复出现".into(),
                    status.into(),
                    "P2".into(),
                    self.dt(opened),
                    if open {
                        String::new()
                    } else {
                        self.dt(resolved)
                    },
                    resolution.into(),
                    cause,
                    workaround,
                    self.yes(open),
                    change,
                ]);
            } else {
                t.push(vec![
                    "Recurring latency on shared storage".into(),
                    format!("PRB-{}", 100 + i),
                    "Problem".into(),
                    status.into(),
                    ["High", "Medium", "Low"][i % 3].into(),
                    jira(opened),
                    if open { String::new() } else { jira(resolved) },
                    resolution.into(),
                    cause,
                    workaround,
                    if open { "Yes".into() } else { "No".into() },
                    change,
                ]);
            }
        }
        let rel = if zh {
            "records/问题记录.xlsx"
        } else {
            "records/jira-problems.csv"
        };
        let path = self.path(rel);
        if zh {
            files::xlsx(&path, "问题", &t, self.streaming())?;
        } else {
            files::csv(&path, &t)?;
        }
        self.register_records(RecordSetKind::Problems, "Problem records", "问题记录", rel);
        Ok(())
    }
}
