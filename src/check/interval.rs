//! `interval` rule: dated events (internal audits, management reviews, surveys, tests,
//! supplier reviews …) happen at the planned interval across the period. A gap longer than
//! the interval is a finding naming the two dates.
//!
//! Codes: `interval_none` (major), `interval_gap` (minor; major beyond twice the interval),
//! `interval_undeclared` (observation); see [`super::findings`].

use serde::Deserialize;

use super::rules::{Kind, Prior};
use super::{findings, records_ref, Context, Draft, Outcome};
use crate::assessment::{Grade, Status};
use crate::catalogue::{KnownTypes, Requirement};
use crate::domain::date::Timestamp;
use crate::i18n::Text;

/// Only events whose `field` contains one of `contains` count (e.g. a review log's activity).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Field to look in.
    pub field: String,
    /// Words, any of which marks a matching event.
    pub contains: Vec<String>,
}

/// Parameters of an `interval` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Record set holding the events.
    pub set: String,
    /// Activity name; the manifest's `[intervals]` may declare its interval.
    pub activity: String,
    /// Default interval in months when the manifest declares none.
    #[serde(default = "default_months")]
    pub interval_months: u32,
    /// Date field of the events.
    #[serde(default = "default_field")]
    pub date_field: String,
    /// Optional event filter.
    #[serde(default)]
    pub filter: Option<Filter>,
    /// Activity title (en, zh) used in findings.
    pub title: Text,
    /// Check the interval separately for each value of this field (e.g. each supplier or
    /// customer), as auditors expect "per supplier per interval".
    #[serde(default)]
    pub per: Option<String>,
    /// The field naming the clauses an event covered: when the manifest names an audit
    /// programme (`[programme] plan`), the events are checked against the audits it planned
    /// from its start, instead of against the bare interval (internal audits).
    #[serde(default)]
    pub programme_scope: Option<String>,
}

fn default_months() -> u32 {
    12
}

fn default_field() -> String {
    "date".into()
}

impl Params {
    /// Checks the parameters on their own.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=60).contains(&self.interval_months) {
            return Err(format!(
                "interval_months = {} is outside 1-60",
                self.interval_months
            ));
        }
        let schema = crate::evidence::schema::schemas()
            .iter()
            .find(|s| s.kind.name() == self.set)
            .ok_or_else(|| format!("unknown record set `{}`", self.set))?;
        for field in std::iter::once(&self.date_field).chain(&self.programme_scope) {
            if schema.field_index(field).is_none() {
                return Err(format!("`{field}` is not a field of {}", self.set));
            }
        }
        Ok(())
    }
}

/// The `interval` kind of rule.
pub struct IntervalRule;

impl Kind for IntervalRule {
    const NAME: &'static str = "interval";
    type Params = Params;

    fn validate(params: &Params, _: &KnownTypes) -> Result<(), String> {
        params.check()
    }

    fn record_sets(params: &Params) -> Vec<String> {
        vec![params.set.clone()]
    }

    fn evaluate(params: &Params, req: &Requirement, ctx: &Context, _: &Prior) -> Outcome {
        evaluate(params, req, ctx)
    }
}

/// Evaluates an `interval` rule for `req`.
pub fn evaluate(params: &Params, req: &Requirement, ctx: &Context) -> Outcome {
    let declared = ctx
        .evidence
        .manifest
        .intervals
        .get(&params.activity)
        .copied();
    let months = declared.unwrap_or(params.interval_months) as i64;
    let Some(end) = ctx.period.map(|(_, e)| e).or(ctx.assessment_date) else {
        return Outcome::not_assessed(Text::new(
            "no assessment date or period, so intervals cannot be checked",
            "没有评估日期或考察期间，无法检查时间间隔",
        ));
    };
    let start = ctx
        .period
        .map(|(s, _)| s)
        .unwrap_or_else(|| end.add_months(-months.max(12)));
    let title = &params.title;

    let mut events: Vec<(Timestamp, usize, usize)> = Vec::new();
    let sets = ctx.sets(&params.set);
    for (k, (_, table)) in sets.iter().enumerate() {
        for i in 0..table.len() {
            let Some(date) = table.date(&params.date_field, i) else {
                continue;
            };
            if let Some(f) = &params.filter {
                let value = table.text(&f.field, i).unwrap_or("").to_lowercase();
                if !f.contains.iter().any(|w| value.contains(&w.to_lowercase())) {
                    continue;
                }
            }
            if date <= end {
                events.push((date.day(), k, i));
            }
        }
    }
    events.sort();
    let mut outcome = Outcome::status(Status::Conforming);
    let in_window: Vec<&(Timestamp, usize, usize)> =
        events.iter().filter(|e| e.0 >= start).collect();
    // An activity that never took place is one finding: its statement says that no interval
    // was declared, rather than a second finding (an observation) saying it apart.
    if declared.is_none() && !in_window.is_empty() {
        let mut d = Draft::new(
            &findings::INTERVAL_UNDECLARED,
            &req.id,
            super::subject::activity(&params.activity, ""),
            Text::new(
                format!("No planned interval is declared for {}; iso20k assumed {months} months.", title.en),
                format!("未声明{}的策划时间间隔；iso20k按{months}个月进行检查。", title.zh),
            ),
            Text::new(
                format!("Declare the interval for {} in the plan or procedure (and in assessment.toml under [intervals] as `{}`).", title.en, params.activity),
                format!("在计划或程序中规定{}的时间间隔（并在assessment.toml的[intervals]中声明`{}`）。", title.zh, params.activity),
            ),
        );
        d.cause = Some(format!("interval_undeclared:{}", params.activity));
        outcome = outcome.with(d, Status::Conforming);
    }
    if in_window.is_empty() {
        let last = events.last().map(|e| e.0);
        let (since_en, since_zh) = match last {
            Some(t) => (
                format!(" (the last was on {})", t.date_string()),
                format!("（最近一次为{}）", t.date_string()),
            ),
            None => (String::new(), String::new()),
        };
        // Say where the interval comes from: a plan the provider declared, or the
        // catalogue's default when none was declared (the provider never promised it).
        let (planned_en, planned_zh) = if declared.is_some() {
            (
                format!("they are planned every {months} months"),
                format!("按计划应每{months}个月开展一次"),
            )
        } else {
            (
                format!("no interval is declared, and iso20k checked against {months} months"),
                format!("未声明时间间隔，iso20k按{months}个月检查"),
            )
        };
        let mut d = Draft::new(
            &findings::INTERVAL_NONE,
            &req.id,
            super::subject::activity(&params.activity, ""),
            Text::new(
                format!(
                    "No {} took place between {} and {}{since_en}; {planned_en}.",
                    title.en,
                    start.date_string(),
                    end.date_string()
                ),
                format!(
                    "{}至{}期间未开展{}{since_zh}；{planned_zh}。",
                    start.date_string(),
                    end.date_string(),
                    title.zh
                ),
            ),
            Text::new(
                format!(
                    "Carry out the {} now and schedule the next ones at the planned interval.",
                    title.en
                ),
                format!("立即开展{}，并按策划的时间间隔安排后续活动。", title.zh),
            ),
        );
        d.cause = Some(format!("interval_none:{}", params.activity));
        if let Some(&(_, k, i)) = events.last() {
            d.evidence.push(records_ref(sets[k].0, sets[k].1, &[i]));
        }
        return outcome.with(d, Status::Nonconforming);
    }
    // A programme in force replaces the bare interval from its start: the audits it planned
    // are checked instead, and the interval only before it.
    let plan = params
        .programme_scope
        .as_ref()
        .zip(ctx.evidence.audit_plan.as_ref())
        .filter(|(_, plan)| plan.catalogue == ctx.catalogue.header.id);
    let mut gap_end = end;
    if let Some((field, plan)) = plan {
        let held: Vec<super::programme::Held> = events
            .iter()
            .map(|&(date, k, i)| super::programme::Held {
                date,
                set: (sets[k].0, sets[k].1),
                row: i,
                coverage: super::programme::coverage(sets[k].1.text(field, i).unwrap_or("")),
            })
            .collect();
        outcome = super::programme::check(plan, &held, req, (start, end), &ctx.grading, outcome);
        gap_end = end.min(plan.start);
    }
    if gap_end <= start {
        return outcome;
    }
    let end = gap_end;
    let mut groups: std::collections::BTreeMap<String, Vec<(Timestamp, usize, usize)>> =
        Default::default();
    for &(date, k, i) in &events {
        let key = match &params.per {
            Some(f) => sets[k].1.text(f, i).unwrap_or("").trim().to_string(),
            None => String::new(),
        };
        groups.entry(key).or_default().push((date, k, i));
    }
    for (group, events) in &groups {
        outcome = check_group(
            params,
            req,
            &sets,
            group,
            events,
            (start, end),
            months,
            outcome,
        );
    }
    outcome
}

#[allow(clippy::too_many_arguments)]
fn check_group(
    params: &Params,
    req: &Requirement,
    sets: &[(
        &crate::evidence::RecordSetInfo,
        &crate::evidence::table::RecordTable,
    )],
    group: &str,
    events: &[(Timestamp, usize, usize)],
    (start, end): (Timestamp, Timestamp),
    months: i64,
    mut outcome: Outcome,
) -> Outcome {
    let title = &params.title;
    let (for_en, for_zh) = if group.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(" for {group}"), format!("（{group}）"))
    };
    let in_window: Vec<&(Timestamp, usize, usize)> =
        events.iter().filter(|e| e.0 >= start).collect();
    // The reference point is the last event before the window, or the window's start.
    let mut previous: (Timestamp, Option<(usize, usize)>) = events
        .iter()
        .rev()
        .find(|e| e.0 < start)
        .map(|e| (e.0, Some((e.1, e.2))))
        .unwrap_or((start, None));
    let mut gaps = Vec::new();
    for &&(date, k, i) in &in_window {
        if previous.0.add_months(months) < date {
            gaps.push((previous, Some((date, k, i))));
        }
        previous = (date, Some((k, i)));
    }
    if previous.0.add_months(months) < end {
        gaps.push((previous, None));
    }
    for (from, to) in gaps {
        let to_date = to.map(|t| t.0).unwrap_or(end);
        let span_months = (from.0.days_until(to_date) as f64 / 30.44).round() as i64;
        let (grade, rationale) = if from.0.add_months(2 * months) < to_date {
            (
                Grade::Major,
                Text::new(
                    format!("{span_months} months without one, more than twice the planned interval of {months} months: the activity was in effect not run"),
                    format!("{span_months}个月未开展，超过策划时间间隔{months}个月的两倍：该活动实际上未开展"),
                ),
            )
        } else {
            (
                Grade::Minor,
                Text::new(
                    format!("one lapse of {span_months} months against a planned interval of {months} months, less than twice it: a confirmed deviation, not an absent activity"),
                    format!("一次{span_months}个月的间隔，策划时间间隔为{months}个月，未超过两倍：经确认的偏离，而非活动缺失"),
                ),
            )
        };
        let (en, zh) = match to {
            Some(_) => (
                format!("{}{for_en} are planned every {months} months, but {span_months} months passed between {} and {}.", capitalise(&title.en), from.0.date_string(), to_date.date_string()),
                format!("{}{for_zh}按计划应每{months}个月开展一次，但{}至{}之间间隔了{span_months}个月。", title.zh, from.0.date_string(), to_date.date_string()),
            ),
            None => (
                format!("{}{for_en} are planned every {months} months, but none took place between {} and {} ({span_months} months).", capitalise(&title.en), from.0.date_string(), to_date.date_string()),
                format!("{}{for_zh}按计划应每{months}个月开展一次，但{}至{}期间（{span_months}个月）未开展。", title.zh, from.0.date_string(), to_date.date_string()),
            ),
        };
        let mut d = Draft::new(
            &findings::INTERVAL_GAP,
            &req.id,
            super::subject::activity(&params.activity, group),
            Text::new(en, zh),
            Text::new(
                format!("Hold the {} at the planned interval and keep a schedule that shows the next date.", title.en),
                format!("按策划的时间间隔开展{}，并保持显示下次日期的日程安排。", title.zh),
            ),
        )
        .graded(grade, rationale);
        d.cause = Some(format!(
            "interval_gap:{}:{}",
            params.activity,
            from.0.date_string()
        ));
        for (k, i) in from.1.into_iter().chain(to.map(|t| (t.1, t.2))) {
            d.evidence.push(records_ref(sets[k].0, sets[k].1, &[i]));
        }
        let status = if grade == Grade::Major {
            Status::Nonconforming
        } else {
            Status::Partial
        };
        outcome = outcome.with(d, status);
    }
    outcome
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
