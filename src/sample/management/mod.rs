//! The management-system logs: audits and reviews, customer and supplier relationships,
//! service performance reports, risk, training and continuity records. One workbook each, in a
//! folder by concern (`audits/`, `reviews/`, `customers/` …; `records/` in Chinese).

mod audits;
mod relationships;
mod reports;

pub(super) use audits::AUDITS_LAPSED;
pub(super) use relationships::SUPPLIER_REVIEW_LAPSED;
pub(super) use reports::{AVAILABILITY_BELOW_TARGET, TRAINING_NOT_EVALUATED};

use super::files::{self, Table};
use super::Gen;
use crate::catalogue::RecordSetKind;
use crate::domain::date::Timestamp;
use crate::sample::SampleError;

impl Gen<'_> {
    /// Writes every log. The order is part of the output: each log draws names from the
    /// shared random sequence and adds its register row in turn.
    pub(super) fn management_records(&mut self) -> Result<(), SampleError> {
        self.internal_audits()?;
        self.corrective_actions()?;
        self.management_reviews()?;
        self.improvements()?;
        self.satisfaction_surveys()?;
        self.complaints()?;
        self.customer_reviews()?;
        self.supplier_reviews()?;
        self.continuity_tests()?;
        self.performance_reports()?;
        self.risk_assessments()?;
        self.training_records()?;
        self.configuration_audits()?;
        self.review_log()
    }

    /// Writes `table` as the workbook of one log (`{folder}/{en}.xlsx`, or `records/{zh}.xlsx`
    /// in Chinese) and registers it as evidence of its record kind.
    fn write_log(
        &mut self,
        folder: &str,
        en: &str,
        zh: &str,
        table: &Table,
        kind: RecordSetKind,
        title: (&str, &str),
    ) -> Result<(), SampleError> {
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
}

/// The date `day` days after the day `months` months from `start` (negative months reach
/// back before the assessment period): where the logs put their events.
fn month_day(start: Timestamp, months: i64, day: i64) -> Timestamp {
    Timestamp(start.add_months(months).0 + day * 86_400)
}
