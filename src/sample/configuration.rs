//! Configuration and release records: the CMDB extract with its relationships (ServiceNow
//! `cmdb_ci` and `cmdb_rel_ci`) and the release log.

use super::defects::PlantedDefect;
use super::files::{self, Table};
use super::profiles::volumes;
use super::{Gen, Profile};
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// One Northwind CI in seventeen has no owner.
pub(super) const CI_OWNER_MISSING: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "12 of 200 CIs without an owner",
    code: "REC-CI-INCOMPLETE",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "9.1-02",
    finding_note: "",
    evidence: "12 CI sys_ids",
    first_record: "2b35d4815a246eabd8f0807ff0274b38",
    consequence: false,
};

impl Gen<'_> {
    /// The CMDB extract and its relationship table; the CI ids it draws are what incidents and
    /// changes refer to, so it runs before them.
    pub(super) fn configuration_items(&mut self) -> Result<(), SampleError> {
        let n = volumes(self.spec.scale).cis;
        let classes_en = [
            "cmdb_ci_server",
            "cmdb_ci_app_server",
            "cmdb_ci_database",
            "cmdb_ci_netgear",
            "cmdb_ci_computer",
        ];
        let classes_zh = ["服务器", "应用", "数据库", "网络设备", "终端"];
        let mut t = Table::new(if self.zh() {
            &[
                "配置项编号",
                "配置项名称",
                "配置项类型",
                "状态",
                "负责人",
                "版本",
                "位置",
                "描述",
                "所属服务",
            ]
        } else {
            &[
                "sys_id",
                "name",
                "sys_class_name",
                "install_status",
                "owned_by",
                "version",
                "location",
                "short_description",
                "business_service",
            ]
        });
        let mut rels = Table::new(if self.zh() {
            &["父配置项", "子配置项", "关系类型"]
        } else {
            &["parent", "child", "type"]
        });
        for i in 0..n {
            let id = if self.zh() {
                format!("CI-{:06}", i + 1)
            } else {
                format!("{:016x}{:016x}", self.rng.next_u64(), self.rng.next_u64())
            };
            let class = if self.zh() {
                classes_zh[i % 5]
            } else {
                classes_en[i % 5]
            };
            let name = if self.zh() {
                format!("{}-{:04}", class, i + 1)
            } else {
                format!("{}{:04}", ["srv", "app", "db", "sw", "pc"][i % 5], i + 1)
            };
            let owner = if self.plants(&CI_OWNER_MISSING) && i % 17 == 4 {
                String::new()
            } else {
                self.rng.pick(self.p.groups).to_string()
            };
            let service = self.p.services[i % self.p.services.len()].to_string();
            t.push(vec![
                id.clone(),
                name,
                class.to_string(),
                self.t("Installed", "在用").to_string(),
                owner,
                format!("{}.{}", 1 + i % 4, i % 10),
                self.t("London DC1", "北京数据中心").to_string(),
                self.t("Production component", "生产组件").to_string(),
                service,
            ]);
            if i > 0 {
                let parent = self.ci_ids[(i - 1) / 2].clone();
                rels.push(vec![
                    parent,
                    id.clone(),
                    self.t("Depends on::Used by", "依赖").to_string(),
                ]);
            } else {
                rels.push(vec![
                    id.clone(),
                    id.clone(),
                    self.t("Runs on::Runs", "运行于").to_string(),
                ]);
            }
            self.ci_ids.push(id);
        }
        let (cmdb, rel) = if self.zh() {
            ("records/配置项清单.xlsx", "records/配置项关系.xlsx")
        } else {
            ("records/cmdb_ci.xlsx", "records/cmdb_rel_ci.xlsx")
        };
        let path = self.path(cmdb);
        files::xlsx(&path, self.t("Page 1", "配置项"), &t, self.streaming())?;
        let path = self.path(rel);
        files::xlsx(&path, self.t("Page 1", "关系"), &rels, self.streaming())?;
        self.register_records(
            RecordSetKind::ConfigurationItems,
            "CMDB extract",
            "配置管理数据库导出",
            cmdb,
        );
        Ok(())
    }

    /// The release log: each release linked to a change, one in ten an emergency release.
    pub(super) fn releases(&mut self) -> Result<(), SampleError> {
        let n = volumes(self.spec.scale).releases;
        let zh = self.zh();
        let mut t = Table::new(if zh {
            &[
                "发布编号",
                "发布类型",
                "状态",
                "计划发布时间",
                "验收签署时间",
                "上线时间",
                "关联变更",
                "测试结果",
                "回滚计划",
                "发布结果",
                "评审日期",
                "基线时间",
                "紧急变更",
            ]
        } else {
            &[
                "Release ID",
                "Type",
                "State",
                "Release date",
                "Approval date",
                "Deployment date",
                "Linked changes",
                "Test result",
                "Rollback plan",
                "Outcome",
                "Review date",
                "Baseline date",
                "Emergency change",
            ]
        });
        let days = self.days();
        for i in 0..n {
            let deployed = self.at(i as i64 * days / n as i64 + 3, 23 * 60);
            let failed = i % 12 == 7;
            let emergency = i % 10 == 4;
            t.push(vec![
                if zh {
                    format!("REL-2026-{:03}", i + 1)
                } else {
                    format!("RLSE{:07}", 40_001 + i)
                },
                if emergency {
                    self.t("Emergency", "紧急发布")
                } else {
                    self.t("Minor", "常规发布")
                }
                .to_string(),
                self.t("Closed", "已关闭").to_string(),
                self.date(deployed),
                self.dt(Timestamp(deployed.0 - 86_400)),
                self.dt(deployed),
                if zh {
                    format!("CHG-2026-{:05}", i * 4 + 1)
                } else {
                    format!("CHG{:07}", 30_001 + i * 4)
                },
                self.t("Passed", "通过").to_string(),
                self.t("Redeploy previous build", "重新部署上一版本")
                    .to_string(),
                if failed {
                    self.t("Failed", "失败")
                } else {
                    self.t("Successful", "成功")
                }
                .to_string(),
                self.date(Timestamp(deployed.0 + 7 * 86_400)),
                self.dt(Timestamp(deployed.0 - 2 * 3600)),
                if emergency {
                    format!("CHG-E{:04}", i)
                } else {
                    String::new()
                },
            ]);
        }
        let rel = if zh {
            "records/发布记录.xlsx"
        } else {
            "records/releases.xlsx"
        };
        let path = self.path(rel);
        files::xlsx(&path, self.t("Releases", "发布"), &t, self.streaming())?;
        self.register_records(RecordSetKind::Releases, "Release records", "发布记录", rel);
        Ok(())
    }
}
