//! `interval` rule: dated events (internal audits, management reviews, surveys, tests,
//! supplier reviews …) happen at the planned interval across the period. A gap longer than
//! the interval the provider declares is a finding naming the two dates; with no interval
//! declared, none is invented: the dates found are listed and the plan asked for.
//!
//! An event is a row of the activity's record set or a document that records one
//! occurrence (minutes, reports: [`crate::evidence::occurrence`]), at the date it states. No
//! record of the activity in the period is said as that — no record was found in the
//! evidence supplied — and a file that could not be read and may hold one leaves the
//! requirement not examined.
//!
//! Codes: `interval_none` (major), `interval_gap` (minor; major beyond twice the interval),
//! `interval_undeclared` (observation); see [`super::findings`].

use serde::Deserialize;

use super::findings;
use super::rule::{file_ref, records_ref, Context, Draft, Outcome};
use super::rule::{Kind, ParamsError, Prior};
use crate::assessment::EvidenceRef;
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
    /// The interval commonly planned, in months: named in a finding as guidance when the
    /// provider declares none (`[intervals]` in assessment.toml), never used to judge gaps,
    /// since how often the activity is held is the provider's to plan.
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
    pub fn check(&self) -> Result<(), ParamsError> {
        if !(1..=60).contains(&self.interval_months) {
            return Err(ParamsError::OutOfRange {
                parameter: "interval_months",
                value: self.interval_months.to_string(),
                range: "1-60",
            });
        }
        let schema = crate::evidence::schema::schemas()
            .iter()
            .find(|s| s.kind.name() == self.set)
            .ok_or_else(|| ParamsError::UnknownSet(self.set.clone()))?;
        for field in std::iter::once(&self.date_field).chain(&self.programme_scope) {
            if schema.field_index(field).is_none() {
                return Err(ParamsError::UnknownField {
                    field: field.clone(),
                    set: self.set.clone(),
                });
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

    fn validate(params: &Params, _: &KnownTypes) -> Result<(), ParamsError> {
        params.check()
    }

    fn record_sets(params: &Params) -> Vec<String> {
        vec![params.set.clone()]
    }

    fn evaluate(params: &Params, req: &Requirement, ctx: &Context, _: &Prior) -> Outcome {
        evaluate(params, req, ctx)
    }
}

/// Where an event was found: a row of a record set (its index in the rule's sets, its
/// record), or a document that records the activity (its index in the evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Record(usize, usize),
    Document(usize),
}

/// A dated occurrence of the activity.
type Event = (Timestamp, Source);

/// The record sets a rule reads, with their tables.
type Sets<'a> = [(
    &'a crate::evidence::RecordSetInfo,
    &'a crate::evidence::table::RecordTable,
)];

/// The evidence reference of an event: the record's row, or the document with the date it
/// states and where that was read.
fn event_ref(ctx: &Context, sets: &Sets, params: &Params, &(date, source): &Event) -> EvidenceRef {
    match source {
        Source::Record(k, i) => records_ref(sets[k].0, sets[k].1, &[i]),
        Source::Document(d) => {
            let doc = &ctx.evidence.documents[d];
            let mut r = file_ref(&doc.path, &doc.sha256);
            let how = doc
                .occurrences
                .iter()
                .find(|o| o.set == params.set)
                .and_then(|o| o.date_source.clone())
                .unwrap_or_default();
            r.locations = vec![format!("dated {} ({how})", date.date_string())];
            r
        }
    }
}

/// Whether a document's title, file name or headings carry one of the filter's words: a
/// document has no fields, so what it is about is read from what it says of itself.
fn document_matches(filter: &Filter, doc: &crate::evidence::DocumentInfo, text: &str) -> bool {
    let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    let mut places = vec![
        doc.title.clone().unwrap_or_default().to_lowercase(),
        name.to_lowercase(),
    ];
    places.extend(
        crate::evidence::documents::headings(text)
            .into_iter()
            .map(str::to_lowercase),
    );
    filter
        .contains
        .iter()
        .any(|w| places.iter().any(|p| p.contains(&w.to_lowercase())))
}

/// The scope an audit report states on its first lines (`Scope: Clauses 4-9`, `审核范围：…`).
fn stated_scope(text: &str) -> &str {
    const LABELS: &[&str] = &[
        "audit scope",
        "scope of the audit",
        "scope",
        "审核范围",
        "范围",
    ];
    for line in text.lines().take(80) {
        let l = line
            .trim()
            .trim_start_matches(['#', '>', '*', '-', '|'])
            .trim();
        let lower = l.to_lowercase();
        for label in LABELS {
            if lower.starts_with(label) {
                let rest: String = l.chars().skip(label.chars().count()).collect();
                let rest = rest.trim_start();
                if let Some(v) = rest.strip_prefix([':', '：']) {
                    let at = l.len() - v.len();
                    return l[at..].trim();
                }
            }
        }
    }
    ""
}

/// Evaluates an `interval` rule for `req`.
pub fn evaluate(params: &Params, req: &Requirement, ctx: &Context) -> Outcome {
    let declared = ctx
        .evidence
        .manifest
        .intervals
        .get(&params.activity)
        .copied();
    let Some(end) = ctx.period.map(|(_, e)| e).or(ctx.assessment_date) else {
        return Outcome::not_assessed(Text::new(
            "no assessment date or period, so intervals cannot be checked",
            "没有评估日期或考察期间，无法检查时间间隔",
        ));
    };
    // Without a declared period, the year before the assessment date is looked at, and the
    // finding says so.
    let (start, window_en, window_zh) = match ctx.period {
        Some((s, _)) => (s, String::new(), String::new()),
        None => (
            end.add_months(-12),
            " (the 12 months before the assessment date, as assessment.toml declares no [period])"
                .to_string(),
            "（评估日期前12个月，因assessment.toml未声明[period]）".to_string(),
        ),
    };
    let title = &params.title;

    let sets = ctx.sets(&params.set);
    let mut events: Vec<Event> = Vec::new();
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
                events.push((date.day(), Source::Record(k, i)));
            }
        }
    }
    // Documents that record the activity (minutes, reports) are occurrences of it too.
    let mut undated: Vec<&crate::evidence::DocumentInfo> = Vec::new();
    for (d, doc) in ctx.evidence.documents.iter().enumerate() {
        let Some(occurrence) = doc.occurrences.iter().find(|o| o.set == params.set) else {
            continue;
        };
        if let Some(f) = &params.filter {
            if !document_matches(f, doc, &ctx.evidence.document_texts[d]) {
                continue;
            }
        }
        match occurrence.at {
            Some(date) if date <= end => events.push((date.day(), Source::Document(d))),
            Some(_) => {}
            None => undated.push(doc),
        }
    }
    events.sort();
    events.dedup();
    let mut outcome = Outcome::status(Status::Conforming);
    let in_window: Vec<&Event> = events.iter().filter(|e| e.0 >= start).collect();
    let subject = super::subject::activity(&params.activity, "");
    let typical = params.interval_months;
    let (every_en, every_zh) = plural_months(typical);

    if in_window.is_empty() {
        // What could not be read or dated may be the occurrence: nothing is concluded.
        let unread = ctx.unread_records(&params.set);
        if !unread.is_empty() || !undated.is_empty() {
            let mut en = Vec::new();
            let mut zh = Vec::new();
            if !unread.is_empty() {
                let (e, z) = super::rule::unread_list(&unread);
                en.push(format!("files that may record them could not be read: {e}"));
                zh.push(format!("可能记录该活动的文件无法读取：{z}"));
            }
            if !undated.is_empty() {
                let names: Vec<&str> = undated.iter().map(|d| d.path.as_str()).collect();
                en.push(format!(
                    "documents that record them state no date the tool can read: {}",
                    names.join(", ")
                ));
                zh.push(format!(
                    "记录该活动的文件未写明工具可读取的日期：{}",
                    names.join("、")
                ));
            }
            return Outcome::not_assessed(Text::new(
                format!(
                    "{} not examined between {} and {}{window_en}: {}; the auditor must examine them",
                    capitalise(&title.en),
                    start.date_string(),
                    end.date_string(),
                    en.join("; ")
                ),
                format!(
                    "未检查{}至{}期间的{}{window_zh}：{}；审核员须亲自查看",
                    start.date_string(),
                    end.date_string(),
                    title.zh,
                    zh.join("；")
                ),
            ));
        }
        let last = events.last();
        let (since_en, since_zh) = match last {
            Some(e) => (
                format!(" (the latest found is dated {})", e.0.date_string()),
                format!("（所发现的最近一次为{}）", e.0.date_string()),
            ),
            None => (String::new(), String::new()),
        };
        // Say what the interval rests on: the provider's declared plan, or — none declared —
        // the standard's "at planned intervals", with no interval invented.
        let (planned_en, planned_zh) = match declared {
            Some(m) => {
                let (en, zh) = plural_months(m);
                (
                    format!("they are planned every {en}"),
                    format!("按计划应每{zh}开展一次"),
                )
            }
            None => (
                format!("the standard asks for them at planned intervals, and no interval is declared: supply the plan or schedule that sets it (commonly every {every_en})"),
                format!("标准要求按策划的时间间隔开展，且未声明时间间隔：请提供规定该间隔的计划或日程（通常为每{every_zh}）"),
            ),
        };
        let mut d = Draft::new(
            &findings::INTERVAL_NONE,
            &req.id,
            subject,
            Text::new(
                format!(
                    "No record of {} dated between {} and {}{window_en} was found in the evidence supplied{since_en}; {planned_en}.",
                    title.en,
                    start.date_string(),
                    end.date_string()
                ),
                format!(
                    "所提供的证据中未发现{}至{}期间{window_zh}的{}记录{since_zh}；{planned_zh}。",
                    start.date_string(),
                    end.date_string(),
                    title.zh
                ),
            ),
            Text::new(
                format!(
                    "Supply the records of the {} held in the period; if none was held, hold one now and schedule the next ones at the planned interval.",
                    title.en
                ),
                format!("提供考察期间内{}的记录；如未开展，立即开展并按策划的时间间隔安排后续活动。", title.zh),
            ),
        );
        d.cause = Some(format!("interval_none:{}", params.activity));
        if let Some(e) = last {
            d.evidence.push(event_ref(ctx, &sets, params, e));
        }
        return Outcome::absent(ctx, d);
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
            .map(|e| {
                let scope = match e.1 {
                    Source::Record(k, i) => sets[k].1.text(field, i).unwrap_or(""),
                    Source::Document(d) => stated_scope(&ctx.evidence.document_texts[d]),
                };
                super::programme::Held {
                    date: e.0,
                    evidence: event_ref(ctx, &sets, params, e),
                    coverage: super::programme::coverage(scope),
                }
            })
            .collect();
        outcome = super::programme::check(plan, &held, req, (start, end), &ctx.grading, outcome);
        gap_end = end.min(plan.start);
    }
    let Some(months) = declared else {
        // The activity takes place; how often it should is the provider's to plan, so gaps
        // are not judged against an interval nobody declared.
        let first = in_window
            .first()
            .map(|e| e.0.date_string())
            .unwrap_or_default();
        let latest = in_window
            .last()
            .map(|e| e.0.date_string())
            .unwrap_or_default();
        let n = in_window.len();
        let mut d = Draft::new(
            &findings::INTERVAL_UNDECLARED,
            &req.id,
            subject,
            Text::new(
                format!(
                    "No planned interval is declared for {}, so the time between them cannot be judged: the evidence supplied holds {n} dated between {first} and {latest}. The standard asks for them at planned intervals (commonly every {every_en}).",
                    title.en
                ),
                format!(
                    "未声明{}的策划时间间隔，无法判断相邻两次之间的间隔是否适当：所提供的证据中有{n}次，日期在{first}至{latest}之间。标准要求按策划的时间间隔开展（通常为每{every_zh}）。",
                    title.zh
                ),
            ),
            Text::new(
                format!("Declare the interval for {} in the plan or procedure (and in assessment.toml under [intervals] as `{}`).", title.en, params.activity),
                format!("在计划或程序中规定{}的时间间隔（并在assessment.toml的[intervals]中声明`{}`）。", title.zh, params.activity),
            ),
        );
        d.cause = Some(format!("interval_undeclared:{}", params.activity));
        for e in in_window.iter().rev().take(3) {
            d.evidence.push(event_ref(ctx, &sets, params, e));
        }
        return outcome.with(d, Status::Conforming);
    };
    if gap_end <= start {
        return outcome;
    }
    let end = gap_end;
    let mut groups: std::collections::BTreeMap<String, Vec<Event>> = Default::default();
    let group_names: Vec<String> = match &params.per {
        Some(f) => {
            let mut names: Vec<String> = events
                .iter()
                .filter_map(|e| match e.1 {
                    Source::Record(k, i) => {
                        Some(sets[k].1.text(f, i).unwrap_or("").trim().to_string())
                    }
                    Source::Document(_) => None,
                })
                .filter(|n| !n.is_empty())
                .collect();
            names.sort();
            names.dedup();
            names
        }
        None => Vec::new(),
    };
    for &e in &events {
        let key = match (&params.per, e.1) {
            (None, _) => String::new(),
            (Some(f), Source::Record(k, i)) => {
                sets[k].1.text(f, i).unwrap_or("").trim().to_string()
            }
            // A document counts for the supplier or customer it names; one that names none
            // shows the activity happened but cannot be placed in anyone's series.
            (Some(_), Source::Document(d)) => {
                let doc = &ctx.evidence.documents[d];
                let head: String = ctx.evidence.document_texts[d].chars().take(4000).collect();
                let haystack = format!(
                    "{} {} {}",
                    doc.title.as_deref().unwrap_or(""),
                    doc.path,
                    head
                )
                .to_lowercase();
                match group_names
                    .iter()
                    .find(|n| haystack.contains(&n.to_lowercase()))
                {
                    Some(n) => n.clone(),
                    None => continue,
                }
            }
        };
        groups.entry(key).or_default().push(e);
    }
    for (group, events) in &groups {
        outcome = check_group(
            ctx,
            params,
            req,
            &sets,
            group,
            events,
            (start, end),
            months as i64,
            outcome,
        );
    }
    outcome
}

/// One finding for a process whose activities have no record at all: the `interval_none`
/// drafts of one leaf clause (and those of the same activity elsewhere, which already share
/// a cause) get one cause, led by a draft that names the process and lists the activities;
/// each activity's own statement is kept inside it.
pub fn group_absences(catalogue: &crate::catalogue::Catalogue, drafts: &mut Vec<Draft>) {
    let absent: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].code == findings::INTERVAL_NONE.code)
        .collect();
    if absent.len() < 2 {
        return;
    }
    let clause_of = |d: &Draft| {
        catalogue
            .requirement(&d.requirement)
            .map(|r| r.clause.clone())
            .unwrap_or_default()
    };
    // Union of drafts that share a clause or an activity (their cause).
    let mut group: Vec<usize> = (0..absent.len()).collect();
    fn root(group: &mut [usize], mut x: usize) -> usize {
        while group[x] != x {
            group[x] = group[group[x]];
            x = group[x];
        }
        x
    }
    for a in 0..absent.len() {
        for b in a + 1..absent.len() {
            let (da, db) = (&drafts[absent[a]], &drafts[absent[b]]);
            if clause_of(da) == clause_of(db) || da.cause == db.cause {
                let (ra, rb) = (root(&mut group, a), root(&mut group, b));
                group[rb] = ra;
            }
        }
    }
    let titles = activity_titles(catalogue);
    let mut components: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (a, &draft) in absent.iter().enumerate() {
        let r = root(&mut group, a);
        components.entry(r).or_default().push(draft);
    }
    let mut leaders = Vec::new();
    for members in components.values() {
        let mut activities: Vec<&str> = Vec::new();
        for &i in members {
            let a = drafts[i].subject.trim_start_matches("activity:");
            if !activities.contains(&a) {
                activities.push(a);
            }
        }
        if activities.len() < 2 {
            continue;
        }
        let first = &drafts[members[0]];
        let clause = clause_of(first);
        let clause_title = catalogue
            .clause(&clause)
            .map(|c| c.title.clone())
            .unwrap_or_default();
        let names = |en: bool| -> Vec<String> {
            activities
                .iter()
                .map(|a| match titles.get(*a) {
                    Some(t) if en => t.en.clone(),
                    Some(t) => t.zh.clone(),
                    None => a.to_string(),
                })
                .collect()
        };
        let cause = format!("interval_none:process:{clause}");
        let n = activities.len();
        let mut leader = Draft::new(
            &findings::INTERVAL_NONE,
            &first.requirement,
            super::subject::clause(&clause),
            Text::new(
                format!(
                    "No record of any of {n} activities of {clause} {} was found in the evidence supplied for the period: {}.",
                    clause_title.en,
                    names(true).join("; ")
                ),
                format!(
                    "所提供的考察期间证据中未发现{clause} {}的{n}项活动的任何记录：{}。",
                    clause_title.zh,
                    names(false).join("；")
                ),
            ),
            Text::new(
                "Supply the records of these activities for the period; for those not held, hold them now and schedule them at the planned intervals.",
                "提供考察期间内这些活动的记录；对未开展的活动，立即开展并按策划的时间间隔安排。",
            ),
        )
        .caused_by(cause.clone());
        leader.rationale = first.rationale.clone();
        for &i in members {
            drafts[i].cause = Some(cause.clone());
        }
        leaders.push((members[0], leader));
    }
    // Each leader goes just before the first of its members, so it leads the merge (from the
    // back, so the positions still hold).
    leaders.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, leader) in leaders {
        drafts.insert(at, leader);
    }
}

/// Every interval activity of the catalogue with its title, from the rules' parameters.
fn activity_titles(
    catalogue: &crate::catalogue::Catalogue,
) -> std::collections::HashMap<String, Text> {
    let mut out = std::collections::HashMap::new();
    for r in &catalogue.requirements {
        for rule in r
            .evidence
            .iter()
            .filter(|e| e.kind.name() == IntervalRule::NAME)
        {
            if let Ok(p) = toml::Value::Table(rule.params.clone()).try_into::<Params>() {
                out.entry(p.activity).or_insert(p.title);
            }
        }
    }
    out
}

/// An interval as it follows "every": `month` / `3 months`, and the Chinese `1个月` (en, zh).
fn plural_months(n: u32) -> (String, String) {
    let Text { en, zh } = crate::i18n::months(n as i64);
    (if n == 1 { "month".to_string() } else { en }, zh)
}

#[allow(clippy::too_many_arguments)]
fn check_group(
    ctx: &Context,
    params: &Params,
    req: &Requirement,
    sets: &Sets,
    group: &str,
    events: &[Event],
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
    let (every_en, every_zh) = plural_months(months as u32);
    let in_window: Vec<&Event> = events.iter().filter(|e| e.0 >= start).collect();
    // The reference point is the last event before the window, or the window's start.
    let mut previous: (Timestamp, Option<&Event>) = events
        .iter()
        .rev()
        .find(|e| e.0 < start)
        .map(|e| (e.0, Some(e)))
        .unwrap_or((start, None));
    let mut gaps = Vec::new();
    for &e in &in_window {
        if previous.0.add_months(months) < e.0 {
            gaps.push((previous, Some(e)));
        }
        previous = (e.0, Some(e));
    }
    if previous.0.add_months(months) < end {
        gaps.push((previous, None));
    }
    for (from, to) in gaps {
        let to_date = to.map(|t| t.0).unwrap_or(end);
        let span_months = (from.0.days_until(to_date) as f64 / 30.44).round() as i64;
        let Text {
            en: span_en,
            zh: span_zh,
        } = crate::i18n::months(span_months.max(0));
        let (grade, rationale) = if from.0.add_months(2 * months) < to_date {
            (
                Grade::Major,
                Text::new(
                    format!("no record of one for {span_en}, more than twice the planned interval of {every_en}: on the records, the activity was in effect not run"),
                    format!("{span_zh}内没有记录，超过策划时间间隔{every_zh}的两倍：从记录看，该活动实际上未运行"),
                ),
            )
        } else {
            (
                Grade::Minor,
                Text::new(
                    format!("one lapse of {span_en} against a planned interval of {every_en}, less than twice it: a confirmed deviation, not an absent activity"),
                    format!("一次{span_zh}的间隔，策划时间间隔为{every_zh}，未超过两倍：经确认的偏离，而非活动缺失"),
                ),
            )
        };
        let (en, zh) = match to {
            Some(_) => (
                format!("{}{for_en} are planned every {every_en}, but {span_en} passed between {} and {}.", capitalise(&title.en), from.0.date_string(), to_date.date_string()),
                format!("{}{for_zh}按计划应每{every_zh}开展一次，但{}至{}之间间隔了{span_zh}。", title.zh, from.0.date_string(), to_date.date_string()),
            ),
            None => (
                format!("{}{for_en} are planned every {every_en}, but no record of one dated between {} and {} ({span_en}) was found in the evidence supplied.", capitalise(&title.en), from.0.date_string(), to_date.date_string()),
                format!("{}{for_zh}按计划应每{every_zh}开展一次，但所提供的证据中未发现{}至{}期间（{span_zh}）的记录。", title.zh, from.0.date_string(), to_date.date_string()),
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
        for e in from.1.into_iter().chain(to) {
            d.evidence.push(event_ref(ctx, sets, params, e));
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
