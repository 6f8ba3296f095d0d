//! The three organisations a sample can be (names, language, assessment period, services,
//! people) and how many records each scale generates.

use super::{Profile, Scale};
use crate::domain::date::Timestamp;
use crate::i18n::Lang;

/// How many records of each volume-driven kind a scale generates; the management logs keep
/// the same size at every scale.
pub(super) struct Volumes {
    pub(super) incidents: usize,
    pub(super) requests: usize,
    pub(super) changes: usize,
    pub(super) problems: usize,
    pub(super) cis: usize,
    pub(super) releases: usize,
}

/// The record counts of `scale`.
pub(super) fn volumes(scale: Scale) -> Volumes {
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

/// Who the organisation of a profile is: what its manifest, documents and records name.
pub(super) struct Profiled {
    pub(super) organisation: &'static str,
    pub(super) lang: Lang,
    pub(super) assessment_date: Timestamp,
    pub(super) start: Timestamp,
    pub(super) end: Timestamp,
    pub(super) services: &'static [&'static str],
    pub(super) customers: &'static [&'static str],
    pub(super) suppliers: &'static [&'static str],
    pub(super) people: &'static [&'static str],
    pub(super) groups: &'static [&'static str],
}

/// The organisation of profile `p`.
pub(super) fn profiled(p: Profile) -> Profiled {
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
