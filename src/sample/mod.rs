//! Synthetic evidence workspaces: complete, realistic, deterministic, with defects planted at
//! known places so the findings they must produce are known in advance.
//!
//! The bundled samples in `evidence-samples/` are this generator's output at small scale;
//! a test regenerates them and compares the bytes.

pub mod files;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use files::Table;

use crate::catalogue::{Catalogue, DocumentKind, RecordSetKind};
use crate::evidence::date::Timestamp;
use crate::i18n::Lang;
use crate::rng::SplitMix64;

/// Which organisation and which planted defects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// An English-speaking managed-service provider mid-implementation: conforming areas,
    /// minors and a few majors (ServiceNow and Jira exports, DOCX and PDF policies).
    Typical,
    /// A Chinese cloud provider, nearly conforming: minors and observations only.
    Conforming,
    /// A provider that tries to exclude budgeting, hands problem management to an ungoverned
    /// supplier, and lets internal audits lapse.
    Tailored,
}

/// How many records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// Hundreds of records: the bundled samples.
    Small,
    /// A tenth of large.
    Medium,
    /// A year of a large provider: a million incidents.
    Large,
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Organisation and defects.
    pub profile: Profile,
    /// Volume.
    pub scale: Scale,
    /// Seed for names, times and texts (defects stay where they are planted).
    pub seed: u64,
}

struct Volumes {
    incidents: usize,
    requests: usize,
    changes: usize,
    problems: usize,
    cis: usize,
    releases: usize,
}

fn volumes(scale: Scale) -> Volumes {
    match scale {
        Scale::Small => Volumes {
            incidents: 600,
            requests: 150,
            changes: 120,
            problems: 24,
            cis: 200,
            releases: 24,
        },
        Scale::Medium => Volumes {
            incidents: 100_000,
            requests: 15_000,
            changes: 10_000,
            problems: 2_000,
            cis: 20_000,
            releases: 400,
        },
        Scale::Large => Volumes {
            incidents: 1_000_000,
            requests: 150_000,
            changes: 100_000,
            problems: 20_000,
            cis: 200_000,
            releases: 4_000,
        },
    }
}

struct Profiled {
    organisation: &'static str,
    lang: Lang,
    assessment_date: Timestamp,
    start: Timestamp,
    end: Timestamp,
    services: &'static [&'static str],
    customers: &'static [&'static str],
    suppliers: &'static [&'static str],
    people: &'static [&'static str],
    groups: &'static [&'static str],
}

fn profiled(p: Profile) -> Profiled {
    let d = |y, m, dd| Timestamp::from_ymd(y, m, dd).expect("valid date");
    match p {
        Profile::Typical => Profiled {
            organisation: "Northwind Managed Services Ltd",
            lang: Lang::En,
            assessment_date: d(2026, 10, 15),
            start: d(2025, 10, 1),
            end: d(2026, 9, 30),
            services: &["Managed Workplace", "Cloud Hosting", "Network Operations"],
            customers: &["Contoso Retail", "Fabrikam Health", "Tailspin Logistics"],
            suppliers: &["Fibrelink Networks", "DataVault Hosting", "PrintServ"],
            people: &[
                "Alice Morgan",
                "Ben Okafor",
                "Chloe Dupont",
                "Dev Patel",
                "Erin Walsh",
                "Farid Haddad",
                "Grace Liu",
                "Hugo Brandt",
            ],
            groups: &[
                "Service Desk",
                "Network Ops",
                "Cloud Platform",
                "Workplace Support",
            ],
        },
        Profile::Conforming => Profiled {
            organisation: "华夏云服务有限公司",
            lang: Lang::Zh,
            assessment_date: d(2026, 11, 10),
            start: d(2025, 11, 1),
            end: d(2026, 10, 31),
            services: &["云主机服务", "对象存储服务", "数据库托管服务"],
            customers: &["东方证券", "江南银行", "中原物流"],
            suppliers: &["北方电信", "长城数据中心"],
            people: &[
                "王伟", "李娜", "张强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏",
            ],
            groups: &["服务台", "云平台运维组", "数据库组", "网络组"],
        },
        Profile::Tailored => Profiled {
            organisation: "Tailwind IT Services",
            lang: Lang::En,
            assessment_date: d(2026, 10, 20),
            start: d(2025, 10, 1),
            end: d(2026, 9, 30),
            services: &["Application Support", "Hosting"],
            customers: &["Wingtip Toys", "Adventure Works"],
            suppliers: &["CloudCore Hosting"],
            people: &[
                "Ivy Chen",
                "Jack Rowe",
                "Kara Singh",
                "Liam Ortiz",
                "Maya Roth",
                "Noah Kim",
            ],
            groups: &["Service Desk", "Hosting Ops", "App Support"],
        },
    }
}

struct Gen<'a> {
    dir: PathBuf,
    spec: Spec,
    p: Profiled,
    rng: SplitMix64,
    catalogue: &'a Catalogue,
    register: Vec<RegisterRow>,
    ci_ids: Vec<String>,
    written: Vec<String>,
}

struct RegisterRow {
    requirements: Vec<String>,
    title: String,
    file: String,
    owner: String,
    date: Timestamp,
    status: &'static str,
}

/// What was generated.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written, workspace-relative.
    pub files: Vec<String>,
}

/// Writes a complete workspace into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, spec: Spec, catalogue: &Catalogue) -> Result<Report, String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(format!(
            "`{}` is not empty; choose a new folder",
            dir.display()
        ));
    }
    let mut g = Gen {
        dir: dir.to_path_buf(),
        spec,
        p: profiled(spec.profile),
        rng: SplitMix64::new(spec.seed ^ 0x5EED),
        catalogue,
        register: Vec::new(),
        ci_ids: Vec::new(),
        written: Vec::new(),
    };
    g.manifest()?;
    g.documents()?;
    g.working_documents()?;
    g.configuration_items()?;
    g.incidents()?;
    g.requests()?;
    g.problems()?;
    g.changes()?;
    g.releases()?;
    g.management_records()?;
    g.register_file()?;
    g.written.sort();
    Ok(Report { files: g.written })
}

impl Gen<'_> {
    fn streaming(&self) -> bool {
        self.spec.scale != Scale::Small
    }
    fn zh(&self) -> bool {
        self.p.lang == Lang::Zh
    }
    fn t<'s>(&self, en: &'s str, zh: &'s str) -> &'s str {
        if self.zh() {
            zh
        } else {
            en
        }
    }
    fn path(&mut self, rel: &str) -> PathBuf {
        self.written.push(rel.to_string());
        self.dir.join(rel)
    }
    fn days(&self) -> i64 {
        self.p.start.days_until(self.p.end) + 1
    }
    fn at(&self, day: i64, minutes: i64) -> Timestamp {
        Timestamp(self.p.start.0 + day * 86_400 + minutes * 60)
    }
    fn dt(&self, t: Timestamp) -> String {
        let (y, m, d) = t.ymd();
        let (h, mi, s) = t.hms();
        format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
    fn date(&self, t: Timestamp) -> String {
        t.date_string()
    }
    fn person(&mut self) -> String {
        self.rng.pick(self.p.people).to_string()
    }
    fn yes(&self, b: bool) -> String {
        match (self.zh(), b) {
            (true, true) => "是".into(),
            (true, false) => "否".into(),
            (false, true) => "true".into(),
            (false, false) => "false".into(),
        }
    }
    fn records_for(&self, kind: RecordSetKind) -> Vec<String> {
        let mut reqs: BTreeSet<String> = BTreeSet::new();
        for r in &self.catalogue.record_types {
            if r.record_sets.contains(&kind) {
                reqs.extend(r.requirements.iter().cloned());
            }
        }
        reqs.into_iter().collect()
    }
    fn register_records(
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

    fn manifest(&mut self) -> Result<(), String> {
        let p = &self.p;
        let kind = if self.spec.profile == Profile::Conforming {
            "internal-audit"
        } else {
            "gap"
        };
        // The internal audit's team declares its independence (4.5.4.2): the lead auditor
        // is independent of every area, the second auditor works in information security
        // and audits everything else.
        let team = if self.spec.profile == Profile::Conforming {
            "\n[[team]]\nname = \"周敏\"\nrole = \"审核组长\"\nindependent = true\n\n[[team]]\nname = \"孙浩\"\nrole = \"审核员\"\nworks_in = [\"6.6\"]\naudits = [\"4\", \"5\", \"7\", \"8\", \"9\"]\n".to_string()
        } else {
            format!(
                "\n[[team]]\nname = \"{}\"\nrole = \"{}\"\n\n[[team]]\nname = \"{}\"\nrole = \"{}\"\n",
                self.t("Priya Nair", "周敏"),
                self.t("lead assessor", "审核组长"),
                self.t("Tom Becker", "孙浩"),
                self.t("assessor", "审核员"),
            )
        };
        let mut m = format!(
            "# Assessment manifest for the iso20k sample workspace (generated by `iso20k sample`).\n\norganisation = \"{}\"\nassessment_date = {}\nkind = \"{kind}\"\n\n[period]\nstart = {}\nend = {}\n\n[scope]\nstatement = \"{}\"\nservices = [{}]\nlocations = [{}]\n{team}\n[intervals]\ninternal_audit = 12\nmanagement_review = 6\nplan_review = 12\nservice_report = 1\ninternal_agreement_review = 3\nrisk_assessment = 12\ncustomer_review = 3\ncustomer_satisfaction = 12\nsupplier_review = 12\nconfiguration_audit = 6\nchange_trend_analysis = 3\ncontinuity_test = 12\n",
            p.organisation,
            p.assessment_date.date_string(),
            p.start.date_string(),
            p.end.date_string(),
            self.t(
                &format!("The {} service management organisation delivering {} to its customers.", p.organisation, p.services.join(", ")),
                &format!("{}服务管理组织向其客户提供{}。", p.organisation, p.services.join("、")),
            ),
            p.services.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "),
            self.t("\"London\", \"Manchester\"", "\"北京\", \"上海\"").replace('\\', ""),
        );
        if self.spec.profile == Profile::Tailored {
            m.push_str("\n[[exclusion]]\ntarget = \"6.4\"\nreason = \"Budgeting and accounting are done by our parent company's finance department\"\n");
            m.push_str("\n[[other_party]]\ntarget = \"8.2\"\nparty = \"Apex Problem Services\"\nparty_type = \"supplier\"\n");
            m.push_str("\n[[other_party]]\ntarget = \"6.5\"\nparty = \"Parent Group IT\"\nparty_type = \"internal-group\"\n");
        }
        let path = self.path("assessment.toml");
        files::text(&path, &m)
    }

    /// One file per mandatory document type, with a control block and the topics its rules
    /// look for; the planted document defects are made here.
    fn documents(&mut self) -> Result<(), String> {
        let cat = self.catalogue;
        for doc in &cat.document_types {
            let id = doc.id.as_str();
            let missing = match self.spec.profile {
                Profile::Typical => id == "D27",
                Profile::Tailored => id == "D26",
                Profile::Conforming => false,
            };
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
            if self.spec.profile == Profile::Typical && id == "D34" {
                next_review = Timestamp::from_ymd(2026, 6, 30).expect("date");
            }
            let version = if self.spec.profile == Profile::Conforming && id == "D39" {
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
            // (the checker looks for them element by element). Planted: the conforming
            // profile's service management plan lacks known limitations and the
            // technology used to support the SMS.
            let planted_gaps: &[&str] = if self.spec.profile == Profile::Conforming && id == "D04" {
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

    /// Everyday documents that sit beside the controlled ones in a real evidence folder:
    /// knowledge articles, shift handovers, operations bulletins. They are not in the
    /// register and match no required document type, so they add reading work, not
    /// findings. None at small scale: the bundled samples stay as they are.
    fn working_documents(&mut self) -> Result<(), String> {
        let total: usize = match self.spec.scale {
            Scale::Small => return Ok(()),
            Scale::Medium => 200,
            Scale::Large => 2_000,
        };
        let already = self
            .written
            .iter()
            .filter(|f| {
                [".md", ".docx", ".pdf", ".txt"]
                    .iter()
                    .any(|e| f.ends_with(e))
            })
            .count();
        let topics_en = [
            "resetting a VPN token",
            "clearing a full print queue",
            "restarting the web tier after patching",
            "rotating the backup tapes",
            "unlocking a directory account",
            "replacing a failed disk in the storage array",
            "renewing a TLS certificate",
            "moving a mailbox between sites",
        ];
        let topics_zh = [
            "重置VPN令牌",
            "清理打印队列",
            "补丁后重启Web层",
            "轮换备份磁带",
            "解锁目录账号",
            "更换存储阵列故障磁盘",
            "续签TLS证书",
            "跨站点迁移邮箱",
        ];
        for n in 1..=total.saturating_sub(already) {
            let day = self.rng.below(self.days() as u64) as i64;
            let minutes = 8 * 60 + self.rng.below(600) as i64;
            let when = self.at(day, minutes);
            let author = self.person();
            let service = self.rng.pick(self.p.services).to_string();
            let topic = if self.zh() {
                self.rng.pick(&topics_zh)
            } else {
                self.rng.pick(&topics_en)
            };
            match n % 10 {
                // Knowledge articles in Markdown, most of the folder.
                0..=5 => {
                    let rel = format!("knowledge/kb{:07}.md", n);
                    let body = if self.zh() {
                        format!(
                            "# 知识库文章 KB{n:07}：{topic}\n\n适用服务：{service}\n作者：{author}\n\n1. 确认故障现象并记录工单号。\n2. 按步骤处理：{topic}。\n3. 验证服务已恢复，并在工单中记录结果。\n"
                        )
                    } else {
                        format!(
                            "# Knowledge article KB{n:07}: {topic}\n\nService: {service}\nAuthor: {author}\n\n1. Confirm the symptom and note the ticket number.\n2. Work through the steps for {topic}.\n3. Check the service is back and record the outcome on the ticket.\n"
                        )
                    };
                    let path = self.path(&rel);
                    files::text(&path, &body)?;
                }
                // Shift handovers as plain text.
                6..=8 => {
                    let rel = format!("handovers/handover-{:07}.txt", n);
                    let body = if self.zh() {
                        format!(
                            "值班交接 {}\n交班人：{author}\n服务：{service}\n未结事项：{topic}，已在工单中跟踪。\n",
                            self.dt(when)
                        )
                    } else {
                        format!(
                            "Shift handover {}\nHanded over by: {author}\nService: {service}\nOpen item: {topic}, tracked on its ticket.\n",
                            self.dt(when)
                        )
                    };
                    let path = self.path(&rel);
                    files::text(&path, &body)?;
                }
                // Operations bulletins as Word documents.
                _ => {
                    let rel = format!("bulletins/bulletin-{:07}.docx", n);
                    let title = if self.zh() {
                        format!("运维通报 {n:07}")
                    } else {
                        format!("Operations bulletin {n:07}")
                    };
                    let body = if self.zh() {
                        format!("{title}\n服务：{service}\n本周重点：{topic}。")
                    } else {
                        format!("{title}\nService: {service}\nThis week: {topic}.")
                    };
                    let path = self.path(&rel);
                    files::docx(&path, &title, &author, "1", &self.date(when), &body)?;
                }
            }
        }
        Ok(())
    }

    fn configuration_items(&mut self) -> Result<(), String> {
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
            let owner = if self.spec.profile == Profile::Typical && i % 17 == 4 {
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

    fn incidents(&mut self) -> Result<(), String> {
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
            if self.spec.profile == Profile::Typical && i % 12 == 5 {
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
                if self.spec.profile == Profile::Typical && first_major {
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

    fn requests(&mut self) -> Result<(), String> {
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

    fn problems(&mut self) -> Result<(), String> {
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
            if self.spec.profile == Profile::Typical && !open && i % 10 == 3 && missing_cause < 2 {
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

    fn changes(&mut self) -> Result<(), String> {
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
            let planted_late = match self.spec.profile {
                Profile::Typical => id == "CHG0030012",
                Profile::Conforming => i == 38,
                Profile::Tailored => false,
            };
            if planted_late {
                approved = Timestamp(start.0 + 9 * 3600);
            }
            if emergency {
                approved = Timestamp(start.0 + 6 * 3600);
            }
            let mut review = self.date(Timestamp(start.0 + 5 * 86_400));
            if emergency && self.spec.profile == Profile::Typical && first_emergency {
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

    fn releases(&mut self) -> Result<(), String> {
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

    /// The management-system logs: audits, reviews, surveys, tests and the like.
    fn management_records(&mut self) -> Result<(), String> {
        let zh = self.zh();
        let start = self.p.start;
        let end = self.p.end;
        let d = |months: i64, day: i64| Timestamp(start.add_months(months).0 + day * 86_400);

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
        let audit_dates: Vec<Timestamp> = if self.spec.profile == Profile::Tailored {
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
        )?;

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
        )?;

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
        )?;

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
        )?;

        let mut surveys = Table::new(if zh {
            &[
                "调查编号",
                "调查日期",
                "调查总体",
                "回复数",
                "满意度得分",
                "改进措施",
            ]
        } else {
            &[
                "Survey ID",
                "Survey date",
                "Population",
                "Responses",
                "Score",
                "Actions",
            ]
        });
        for (k, date) in [d(-7, 0), d(5, 0)].iter().enumerate() {
            surveys.push(vec![
                format!("CSAT-{}", k + 1),
                date.date_string(),
                "420".into(),
                "96".into(),
                "4.3".into(),
                self.t("Shorter password-reset times", "缩短密码重置时间")
                    .to_string(),
            ]);
        }
        self.write_log(
            "customers",
            "satisfaction-surveys",
            "客户满意度调查",
            &surveys,
            RecordSetKind::SatisfactionSurveys,
            ("Customer satisfaction surveys", "客户满意度调查"),
        )?;

        let mut complaints = Table::new(if zh {
            &[
                "投诉编号",
                "客户",
                "投诉日期",
                "关闭日期",
                "状态",
                "是否升级",
                "调查结果",
            ]
        } else {
            &[
                "Complaint ID",
                "Customer",
                "Received",
                "Closed",
                "Status",
                "Escalated",
                "Investigation",
            ]
        });
        for k in 0..5i64 {
            let received = d(k * 2, 3);
            complaints.push(vec![
                format!("CMP-{:03}", k + 1),
                self.p.customers[k as usize % self.p.customers.len()].to_string(),
                received.date_string(),
                Timestamp(received.0 + 12 * 86_400).date_string(),
                self.t("Closed", "已关闭").to_string(),
                self.yes(k == 2),
                self.t("Root cause found and fixed", "已查明原因并整改")
                    .to_string(),
            ]);
        }
        self.write_log(
            "customers",
            "complaints",
            "投诉记录",
            &complaints,
            RecordSetKind::Complaints,
            ("Complaint log", "投诉记录"),
        )?;

        let mut reviews = Table::new(if zh {
            &["客户", "会议日期", "会议纪要", "行动项"]
        } else {
            &["Customer", "Meeting date", "Minutes", "Actions"]
        });
        for customer in self.p.customers {
            for q in 0..5i64 {
                let date = d(q * 3 - 2, 14);
                if date > end {
                    continue;
                }
                reviews.push(vec![
                    customer.to_string(),
                    date.date_string(),
                    format!("SR-{}-{}", q + 1, customer.len()),
                    self.t("Agreed actions tracked", "已跟踪商定措施")
                        .to_string(),
                ]);
            }
        }
        self.write_log(
            "customers",
            "service-reviews",
            "客户服务评审",
            &reviews,
            RecordSetKind::CustomerReviews,
            ("Customer service review minutes", "客户服务评审纪要"),
        )?;

        let mut suppliers = Table::new(if zh {
            &["供方", "合同编号", "评审日期", "负责人", "达标", "改进措施"]
        } else {
            &[
                "Supplier",
                "Contract",
                "Review date",
                "Owner",
                "Targets met",
                "Actions",
            ]
        });
        for (k, supplier) in self.p.suppliers.iter().enumerate() {
            let lapsed = self.spec.profile == Profile::Typical && k == 0;
            let dates: Vec<Timestamp> = if lapsed {
                vec![Timestamp::from_ymd(2025, 8, 20).expect("date")]
            } else {
                vec![d(-3, 5), d(7, 5)]
            };
            for date in dates {
                let owner = self.person();
                suppliers.push(vec![
                    supplier.to_string(),
                    format!("CT-{}", 100 + k),
                    date.date_string(),
                    owner,
                    self.yes(true),
                    self.t("Renew with revised targets", "按修订目标续约")
                        .to_string(),
                ]);
            }
        }
        self.write_log(
            "suppliers",
            "supplier-reviews",
            "供方评审",
            &suppliers,
            RecordSetKind::SupplierReviews,
            ("Supplier performance reviews", "供方绩效评审"),
        )?;

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
        )?;

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
        for m in -1..12i64 {
            let month = start.add_months(m);
            let (y, mo, _) = month.ymd();
            let period = format!("{y}-{mo:02}");
            for (k, service) in self.p.services.iter().enumerate() {
                if m >= 0 {
                    // Planted: two months below target in the conforming profile, each
                    // investigated through a problem record — an observation, not a
                    // nonconformity.
                    let missed =
                        self.spec.profile == Profile::Conforming && k == 1 && (m == 3 || m == 8);
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
                    "a-f".into(),
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
        self.write_log(
            "risk",
            "risk-assessments",
            "风险评估",
            &risks,
            RecordSetKind::RiskAssessments,
            ("Information security risk assessments", "信息安全风险评估"),
        )?;

        let mut training = Table::new(if zh {
            &["员工", "岗位", "培训内容", "培训日期", "考核结果"]
        } else {
            &["Employee", "Role", "Course", "Date", "Evaluation"]
        });
        for k in 0..40i64 {
            let evaluated = !(self.spec.profile == Profile::Conforming && k % 20 == 7);
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
        )?;

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
        )?;

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
        for q in -1..5i64 {
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
        )?;
        Ok(())
    }

    fn write_log(
        &mut self,
        folder: &str,
        en: &str,
        zh: &str,
        table: &Table,
        kind: RecordSetKind,
        title: (&str, &str),
    ) -> Result<(), String> {
        let rel = if self.zh() {
            format!("records/{zh}.xlsx")
        } else {
            format!("{folder}/{en}.xlsx")
        };
        let path = self.path(&rel);
        files::xlsx(&path, self.t("Log", "记录"), table, self.streaming())?;
        self.register_records(kind, title.0, title.1, &rel);
        Ok(())
    }

    /// The evidence register: every document and record file, plus a row per leaf clause for
    /// the requirements the files above do not name.
    fn register_file(&mut self) -> Result<(), String> {
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
        if self.spec.profile == Profile::Typical {
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

fn title_case(s: &str) -> String {
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
