//! Grading a check's deviations with the grading profile, and saying why in one line.
//!
//! A record check that finds deviations grades them the way certification bodies do: a
//! systemic failure (at least the profile's share *and* count of the records tested) is major;
//! any other confirmed deviation is minor; deviations within the check's tolerance are an
//! observation. Some checks cap the grade: a missed target is never a nonconformity by itself.

use crate::assessment::{Grade, Status};
use crate::grading::{percent, GradingProfile};
use crate::i18n::Text;

/// The most serious grade a check's deviations can have, and why.
#[derive(Debug)]
pub struct Cap {
    /// The cap.
    pub grade: Grade,
    /// Why the check is capped (en, zh), appended to the rationale when the cap applies.
    pub why: (&'static str, &'static str),
}

/// A grade, the requirement status that goes with it, and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    /// The grade.
    pub grade: Grade,
    /// The status the requirement takes from it.
    pub status: Status,
    /// One line saying why.
    pub rationale: Text,
}

/// The status a finding of `grade` gives its requirement.
pub fn status_of(grade: Grade) -> Status {
    match grade {
        Grade::Major => Status::Nonconforming,
        Grade::Minor => Status::Partial,
        _ => Status::Conforming,
    }
}

/// Grades `failed` deviations among `tested` records for a check that tolerates up to
/// `check_tolerance` (a share; 0 for a check every record must pass).
pub fn deviations(
    profile: &GradingProfile,
    failed: usize,
    tested: usize,
    check_tolerance: f64,
    cap: Option<&Cap>,
) -> Graded {
    let share = failed as f64 / tested.max(1) as f64;
    let count_en = format!(
        "{failed} of {tested} record{} ({})",
        if tested == 1 { "" } else { "s" },
        percent(share)
    );
    let count_zh = format!("{tested}条记录中{failed}条（{}）", percent(share));
    let tolerance = check_tolerance.clamp(0.0, 1.0).min(profile.tolerance);
    let systemic_en = format!(
        "the systemic threshold of {} records and {}",
        profile.systemic_count,
        percent(profile.systemic_share)
    );
    let systemic_zh = format!(
        "系统性失效阈值（{}条且{}）",
        profile.systemic_count,
        percent(profile.systemic_share)
    );
    let (grade, en, zh) = if tolerance > 0.0 && share <= tolerance {
        (
            Grade::Observation,
            format!(
                "{count_en} deviate, within the tolerance of {} for this check: not a nonconformity",
                percent(tolerance)
            ),
            format!("{count_zh}偏离，在该检查{}的容许偏差以内：不构成不符合", percent(tolerance)),
        )
    } else if failed >= profile.systemic_count && share >= profile.systemic_share {
        (
            Grade::Major,
            format!("{count_en} deviate: at or above {systemic_en}, a systemic failure"),
            format!("{count_zh}偏离：达到{systemic_zh}，属系统性失效"),
        )
    } else {
        let (above_en, above_zh) = if tolerance > 0.0 {
            (
                format!(", above the tolerance of {}", percent(tolerance)),
                format!("，超出{}的容许偏差", percent(tolerance)),
            )
        } else {
            (String::new(), String::new())
        };
        // Say which half of the systemic threshold is not reached: "20 % is below 20 %"
        // must never be read.
        let share_met = share >= profile.systemic_share;
        let count_met = failed >= profile.systemic_count;
        let (why_en, why_zh) = match (share_met, count_met) {
            (true, _) => (
                format!(
                    "it reaches the systemic share of {} but not the count of {} records, so it is not systemic",
                    percent(profile.systemic_share),
                    profile.systemic_count
                ),
                format!(
                    "达到系统性失效的比例（{}），但未达到数量（{}条），不属系统性失效",
                    percent(profile.systemic_share),
                    profile.systemic_count
                ),
            ),
            (false, true) => (
                format!(
                    "it reaches the systemic count of {} records but not the share of {}, so it is not systemic",
                    profile.systemic_count,
                    percent(profile.systemic_share)
                ),
                format!(
                    "达到系统性失效的数量（{}条），但未达到比例（{}），不属系统性失效",
                    profile.systemic_count,
                    percent(profile.systemic_share)
                ),
            ),
            (false, false) => (format!("below {systemic_en}"), format!("未达{systemic_zh}")),
        };
        (
            Grade::Minor,
            format!("{count_en} deviate{above_en}: a confirmed deviation; {why_en}"),
            format!("{count_zh}偏离{above_zh}：经确认的偏离；{why_zh}"),
        )
    };
    match cap {
        // Grades order most serious first, so "more serious than the cap" is "less than".
        Some(cap) if grade < cap.grade => Graded {
            grade: cap.grade,
            status: status_of(cap.grade),
            rationale: Text::new(
                format!(
                    "{en}; capped at {}: {}",
                    grade_name_en(cap.grade),
                    cap.why.0
                ),
                format!("{zh}；最高判为{}：{}", grade_name_zh(cap.grade), cap.why.1),
            ),
        },
        _ => Graded {
            grade,
            status: status_of(grade),
            rationale: Text::new(en, zh),
        },
    }
}

/// The grade's name in a sentence.
pub fn grade_name_en(g: Grade) -> &'static str {
    match g {
        Grade::Major => "major",
        Grade::Minor => "minor",
        Grade::Observation => "observation",
        Grade::Ofi => "opportunity for improvement",
        Grade::GoodPractice => "good practice",
    }
}

/// The grade's name in a Chinese sentence.
pub fn grade_name_zh(g: Grade) -> &'static str {
    match g {
        Grade::Major => "严重不符合",
        Grade::Minor => "轻微不符合",
        Grade::Observation => "观察项",
        Grade::Ofi => "改进机会",
        Grade::GoodPractice => "良好实践",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> GradingProfile {
        GradingProfile::default()
    }

    #[test]
    fn a_single_lapse_in_a_small_population_is_minor() {
        let g = deviations(&default(), 1, 4, 0.0, None);
        assert_eq!((g.grade, g.status), (Grade::Minor, Status::Partial));
        assert!(
            g.rationale.en.starts_with("1 of 4 records (25 %)")
                && g.rationale.en.contains(
                    "it reaches the systemic share of 20 % but not the count of 5 records"
                ),
            "{}",
            g.rationale.en
        );
    }

    #[test]
    fn systemic_needs_both_share_and_count() {
        assert_eq!(deviations(&default(), 6, 20, 0.0, None).grade, Grade::Major);
        assert_eq!(deviations(&default(), 4, 10, 0.0, None).grade, Grade::Minor);
        assert_eq!(
            deviations(&default(), 50, 600, 0.05, None).grade,
            Grade::Minor
        );
    }

    #[test]
    fn tolerance_is_the_smaller_of_the_checks_and_the_profiles() {
        // 2 of 40 is 5 %: the check would tolerate 10 %, the profile only 2 %.
        let g = deviations(&default(), 2, 40, 0.1, None);
        assert_eq!(g.grade, Grade::Minor);
        assert!(g.rationale.en.contains("above the tolerance of 2 %"));
        let g = deviations(&default(), 2, 1000, 0.1, None);
        assert_eq!(
            (g.grade, g.status),
            (Grade::Observation, Status::Conforming)
        );
        // A check that demands every record tolerates nothing.
        assert_eq!(
            deviations(&default(), 1, 1000, 0.0, None).grade,
            Grade::Minor
        );
    }

    #[test]
    fn a_cap_lowers_the_grade_and_says_why() {
        let cap = Cap {
            grade: Grade::Minor,
            why: (
                "a missed target is not systemic by itself",
                "目标未达成本身不属系统性",
            ),
        };
        let g = deviations(&default(), 8, 36, 0.0, Some(&cap));
        assert_eq!(g.grade, Grade::Minor);
        assert!(g.rationale.en.contains("capped at minor"));
        assert!(g.rationale.zh.contains("最高判为轻微不符合"));
        let g = deviations(&default(), 1, 36, 0.0, Some(&cap));
        assert!(!g.rationale.en.contains("capped"));
    }
}
