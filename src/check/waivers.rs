//! Waivers (risk acceptance): the manifest's `[[waiver]]` entries set against the findings.
//!
//! A valid waiver on a minor nonconformity, an observation or an opportunity for improvement
//! keeps the finding in the report, marked accepted, and out of the verdict until its date;
//! after that date the finding counts again, marked expired. Nothing else can be waived: a
//! major nonconformity, an attempted exclusion (clause 1.2) or a minor already counted inside
//! a major stays a finding, and the waiver is marked refused with the reason.

use super::findings::EXCLUSION_NOT_PERMITTED;
use super::rule::Context;
use crate::assessment::{Finding, Grade, WaiverDecision, WaiverStatus};
use crate::evidence::manifest::Waiver;
use crate::i18n::Text;

/// Marks every finding a waiver of the manifest names (by code, primary requirement and,
/// when the waiver gives one, subject) with what became of the waiver.
pub fn apply(ctx: &Context, findings: &mut [Finding]) {
    for waiver in &ctx.evidence.manifest.waivers {
        for f in findings.iter_mut().filter(|f| names(waiver, f)) {
            f.waiver = Some(decide(ctx, waiver, f));
        }
    }
}

fn names(waiver: &Waiver, f: &Finding) -> bool {
    f.code == waiver.finding.trim()
        && f.requirement == waiver.requirement.trim()
        && waiver
            .subject
            .as_deref()
            .is_none_or(|s| f.subject == s.trim())
}

fn decide(ctx: &Context, waiver: &Waiver, f: &Finding) -> WaiverDecision {
    let until = waiver.until.0.date_string();
    let by = waiver.approved_by.trim();
    let (status, note) = if f.code == EXCLUSION_NOT_PERMITTED.code {
        (
            WaiverStatus::Refused,
            Text::new(
                "Waiver refused: clause 1.2 allows no exclusion, and no risk acceptance can stand in for one.",
                "豁免不予接受：第1.2条不允许删减，任何风险接受都不能替代删减。",
            ),
        )
    } else if f.grade == Grade::Major {
        (
            WaiverStatus::Refused,
            Text::new(
                "Waiver refused: a major nonconformity must be corrected, not accepted.",
                "豁免不予接受：严重不符合必须纠正，不能接受其风险。",
            ),
        )
    } else if let Some(major) = &f.escalated_into {
        (
            WaiverStatus::Refused,
            Text::new(
                format!("Waiver refused: this minor is counted inside the major nonconformity {major}, which must be corrected."),
                format!("豁免不予接受：该轻微不符合已计入严重不符合{major}，必须纠正。"),
            ),
        )
    } else {
        match ctx.assessment_date.or(ctx.period.map(|(_, end)| end)) {
            Some(date) if waiver.until.0.day() >= date.day() => (
                WaiverStatus::Accepted,
                Text::new(
                    format!("Accepted by {by} until {until}: not counted in the verdict until then."),
                    format!("经{by}批准接受，有效期至{until}：在此之前不计入结论。"),
                ),
            ),
            Some(_) => (
                WaiverStatus::Expired,
                Text::new(
                    format!("The acceptance by {by} expired on {until}: the finding counts again."),
                    format!("经{by}批准的接受已于{until}到期：该发现重新计入。"),
                ),
            ),
            None => (
                WaiverStatus::Refused,
                Text::new(
                    format!("Waiver not applied: the assessment has no date to hold {until} against (set assessment_date in assessment.toml)."),
                    format!("豁免未生效：评估没有日期，无法与{until}比较（请在assessment.toml中设置assessment_date）。"),
                ),
            ),
        }
    };
    WaiverDecision {
        status,
        reason: waiver.reason.trim().to_string(),
        approved_by: by.to_string(),
        until,
        note,
    }
}
