//! Customer and supplier relationships: satisfaction surveys, complaints, customer service
//! reviews and supplier performance reviews.

use super::super::defects::PlantedDefect;
use super::super::files::Table;
use super::super::{Gen, Profile};
use super::month_day;
use crate::assessment::Grade;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

/// Northwind's first supplier has not been reviewed since before the period.
pub(in crate::sample) const SUPPLIER_REVIEW_LAPSED: PlantedDefect = PlantedDefect {
    profile: Profile::Typical,
    defect: "Fibrelink Networks not reviewed since 2025-08-20",
    code: "interval_gap",
    grade: Grade::Minor,
    grade_note: "",
    requirement: "7.2-06",
    finding_note: "",
    evidence: "supplier-reviews.xlsx row 2",
    first_record: "row 2",
    consequence: false,
};

impl Gen<'_> {
    /// Customer satisfaction surveys.
    pub(super) fn satisfaction_surveys(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
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
        )
    }

    /// The complaint log.
    pub(super) fn complaints(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
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
        )
    }

    /// Quarterly service reviews with each customer.
    pub(super) fn customer_reviews(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let end = self.p.end;
        let d = |months: i64, day: i64| month_day(start, months, day);
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
        )
    }

    /// Supplier performance reviews, two per supplier.
    pub(super) fn supplier_reviews(&mut self) -> Result<(), SampleError> {
        let zh = self.zh();
        let start = self.p.start;
        let d = |months: i64, day: i64| month_day(start, months, day);
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
            let lapsed = self.plants(&SUPPLIER_REVIEW_LAPSED) && k == 0;
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
        )
    }
}
