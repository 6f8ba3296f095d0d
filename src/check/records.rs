//! `records` rule: a check over an operational record set — required fields present and a
//! predicate holding for at least a threshold share of the population in the period.
//!
//! Each check below is data plus two small functions (which records it applies to, and what
//! passing means), with a stable code such as `REC-CHG-APPROVAL-AFTER-IMPL`.
//!
//! A check reads fields by name, so it declares every field it reads (`requires`, `optional`,
//! `period`), and a misspelt name cannot pass unnoticed: a test holds every declared name
//! against the record set's schema (`record_sets.toml`, see [`RecordCheck::schema_problems`]),
//! and in debug builds reading a field the check does not declare panics.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::grade::{self, Cap};
use super::rule::{records_ref, Context, Draft, Outcome};
use super::rule::{Kind, ParamsError, Prior};
use super::sampling::{self, Method, Plan};
use crate::assessment::{Grade, SampleRef, Status};
use crate::catalogue::{KnownTypes, Requirement};
use crate::evidence::schema::{schemas, TableKind};
use crate::evidence::table::{Column, RecordTable};
use crate::i18n::Text;

/// Parameters of a `records` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The check's name (see [`CHECKS`]).
    pub check: String,
    /// Share of the population that must pass; the check's default when absent.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Sampling plan; the whole population when absent.
    #[serde(default)]
    pub sample: Option<Plan>,
    /// Fields a completeness check requires (for `ci_attributes`): when given, they replace
    /// the check's own `requires`, as the fields without which it cannot run.
    #[serde(default)]
    pub fields: Vec<String>,
}

impl Params {
    /// Checks the parameters on their own.
    pub fn check(&self) -> Result<(), ParamsError> {
        let check = find(&self.check).ok_or_else(|| ParamsError::UnknownCheck {
            check: self.check.clone(),
            known: CHECKS.iter().map(|c| c.name).collect::<Vec<_>>().join(", "),
        })?;
        if let Some(t) = self.threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(ParamsError::OutOfRange {
                    parameter: "threshold",
                    value: t.to_string(),
                    range: "0-1",
                });
            }
        }
        let schema = schemas()
            .iter()
            .find(|s| s.kind.name() == check.set)
            .ok_or_else(|| ParamsError::UnknownSet(check.set.to_string()))?;
        for f in &self.fields {
            if schema.field_index(f).is_none() {
                return Err(ParamsError::UnknownField {
                    field: f.clone(),
                    set: check.set.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// The `records` kind of rule.
pub struct RecordsRule;

impl Kind for RecordsRule {
    const NAME: &'static str = "records";
    type Params = Params;

    fn validate(params: &Params, _: &KnownTypes) -> Result<(), ParamsError> {
        params.check()
    }

    fn record_sets(params: &Params) -> Vec<String> {
        find(&params.check)
            .map(|c| vec![c.set.to_string()])
            .unwrap_or_default()
    }

    fn evaluate(params: &Params, req: &Requirement, ctx: &Context, _: &Prior) -> Outcome {
        evaluate(params, req, ctx)
    }
}

/// One record, as a check sees it.
pub struct Rec<'a> {
    columns: &'a Columns<'a>,
    i: usize,
    aux: &'a Aux<'a>,
    ctx: &'a Context<'a>,
    params: &'a Params,
}

/// A table's columns as one check looks them up, remembered by the name's address: a check
/// names its fields with `'static` literals and asks for them on every record, so after the
/// first record each lookup is an integer comparison instead of a string search.
struct Columns<'t> {
    table: &'t RecordTable,
    /// The check reading them, whose declared fields are the only ones it may read.
    check: &'t RecordCheck,
    seen: RefCell<Vec<(usize, usize, Option<&'t Column>)>>,
}

impl<'t> Columns<'t> {
    fn new(table: &'t RecordTable, check: &'t RecordCheck) -> Columns<'t> {
        Columns {
            table,
            check,
            seen: RefCell::new(Vec::new()),
        }
    }

    /// The column of `field`. Only `'static` names are remembered: their address can never
    /// be reused for another name.
    fn get(&self, field: &'static str) -> Option<&'t Column> {
        let key = (field.as_ptr() as usize, field.len());
        if let Some(&(_, _, column)) = self.seen.borrow().iter().find(|e| (e.0, e.1) == key) {
            return column;
        }
        // A field read but not declared escapes the schema test (and a misspelt one would
        // silently read as empty): asked once per name and table, so it costs nothing.
        debug_assert!(
            self.check.may_read(field),
            "record check `{}` reads `{field}`, which it declares in neither `requires` nor `optional`",
            self.check.name
        );
        let column = self.table.column(field);
        self.seen.borrow_mut().push((key.0, key.1, column));
        column
    }
}

impl<'a> Rec<'a> {
    fn col(&self, f: &'static str) -> Option<&'a Column> {
        self.columns.get(f)
    }
    /// Whether the export has a column for `f` at all.
    fn has_column(&self, f: &'static str) -> bool {
        self.col(f).is_some()
    }
    /// Like [`Rec::has`], for a field named at run time (looked up afresh each time).
    fn has_named(&self, f: &str) -> bool {
        self.columns.table.present(f, self.i)
    }
    fn has(&self, f: &'static str) -> bool {
        self.col(f).is_some_and(|c| c.present(self.i))
    }
    /// The value of text field `f` as recorded ("" when empty).
    fn raw(&self, f: &'static str) -> &'a str {
        self.col(f).and_then(|c| c.text(self.i)).unwrap_or("")
    }
    /// The record's id as recorded (every record set has an `id` field).
    fn raw_id(&self) -> &'a str {
        self.columns.table.text("id", self.i).unwrap_or("")
    }
    /// The value of text field `f`, lower-cased (borrowed when already lower-case).
    fn text(&self, f: &'static str) -> Cow<'a, str> {
        folded(self.col(f).and_then(|c| c.text(self.i)).unwrap_or(""))
    }
    fn any(&self, f: &'static str, words: &[impl AsRef<str>]) -> bool {
        holds_any(&self.text(f), words)
    }
    fn date(&self, f: &'static str) -> Option<crate::domain::date::Timestamp> {
        self.col(f)?.date(self.i)
    }
    fn flag(&self, f: &'static str) -> Option<bool> {
        self.col(f)?.flag(self.i)
    }
    fn level(&self, f: &'static str) -> Option<u8> {
        self.col(f)?.level(self.i)
    }
    fn num(&self, f: &'static str) -> Option<f64> {
        self.col(f)?.number(self.i)
    }
}

/// The words checks look for inside values, from `vocabulary.toml`.
fn words() -> &'static crate::evidence::value::Words {
    &crate::evidence::value::vocabulary().words
}

/// An open priority-1 incident older than this many days, at the assessment date, is stalled:
/// a priority that high is worked in hours, and a month is beyond any target a provider sets.
const STALLED_DAYS: i64 = 30;

/// How long an incident (below priority 1) or a service request may stay open, in days at the
/// assessment date: both are worked in days, and a quarter is beyond any target a provider sets.
const OPEN_RECORD_AGE_DAYS: i64 = 90;

/// How long a problem may stay open, in days at the assessment date, before the backlog is
/// a finding: a year, whatever the organisation's own targets (which the export does not show).
const PROBLEM_AGE_DAYS: i64 = 365;

/// How old a contract's last review may be, in days, at the assessment date.
const CONTRACT_REVIEW_DAYS: i64 = 366;

/// Whether a change records its approval: an approval date, or an approval field that says
/// approved (a blank one does not).
fn approved(r: &Rec) -> bool {
    r.has("approved_at")
        || (r.any("approval", &words().approved) && !r.any("approval", &words().not_approved))
}

/// Whether an incident records that service was restored (or the incident resolved or
/// closed).
fn restored(r: &Rec) -> bool {
    r.has("restored_at") || r.has("resolved_at") || r.has("closed_at")
}

/// Whether the export can tell an open record from a finished one: it has a state, a
/// resolution or a closure column.
fn shows_open(r: &Rec, state: &'static str) -> bool {
    r.has_column(state) || r.has_column("resolved_at") || r.has_column("closed_at")
}

fn closed(r: &Rec, state: &'static str) -> bool {
    r.has("closed_at") || r.any(state, &words().closed)
}
/// Whether a record is no longer open: closed, or ended another way (cancelled, withdrawn).
/// A cancelled ticket is never one left open, however old.
fn finished(r: &Rec, state: &'static str) -> bool {
    closed(r, state) || r.any(state, &words().ended)
}

/// Whether folded text `t` holds any of `words` (the vocabulary's words are folded already).
fn holds_any(t: &str, words: &[impl AsRef<str>]) -> bool {
    !t.is_empty() && words.iter().any(|w| t.contains(w.as_ref()))
}

fn normal_change(r: &Rec) -> bool {
    !r.any("type", &words().standard)
}
/// Whether two names name one person: the same words, in any order and case, or one
/// name's words all in the other's when it has at least two ("Li Na" in "Li Na (Ops)").
/// A word inside another word is no match: "Li" is not "Lina", nor "IT" "IT Security".
fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        let mut w: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let within = |x: &[String], y: &[String]| x.len() >= 2 && x.iter().all(|w| y.contains(w));
    a == b || within(&a, &b) || within(&b, &a)
}

/// Data shared by a check's records: duplicate ids, related CIs. Values are borrowed from
/// the tables and compared without regard to case, so a million-CI export is not copied.
#[derive(Default)]
struct Aux<'t> {
    duplicate_ids: HashSet<Caseless<'t>>,
    related: Option<HashSet<Caseless<'t>>>,
    /// Record ids that some document of the evidence names (a review written up apart).
    named_in_documents: HashSet<Caseless<'t>>,
}

/// A value hashed and compared without regard to case (as `to_lowercase` would see it),
/// without building the lower-cased copy.
#[derive(Debug, Clone, Copy)]
struct Caseless<'t>(&'t str);

impl Caseless<'_> {
    fn folded_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(char::to_lowercase)
    }
}

impl std::hash::Hash for Caseless<'_> {
    /// Hashes the bytes of the lower-cased text, as `to_lowercase` would give it.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if self.0.is_ascii() {
            // Lower-cased a block at a time on the stack: no copy of the value.
            let mut block = [0u8; 64];
            for chunk in self.0.as_bytes().chunks(64) {
                let block = &mut block[..chunk.len()];
                block.copy_from_slice(chunk);
                block.make_ascii_lowercase();
                state.write(block);
            }
        } else {
            let folded: String = self.folded_chars().collect();
            state.write(folded.as_bytes());
        }
        state.write_u8(0xff);
    }
}

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.0.is_ascii() && other.0.is_ascii() {
            self.0.eq_ignore_ascii_case(other.0)
        } else {
            self.folded_chars().eq(other.folded_chars())
        }
    }
}

impl Eq for Caseless<'_> {}

/// `s` lower-cased, borrowed when it has nothing to fold.
fn folded(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// A record check.
pub struct RecordCheck {
    /// Name used in the catalogue (`check = "..."`).
    pub name: &'static str,
    /// Stable finding code.
    pub code: &'static str,
    /// Record set it runs on.
    pub set: &'static str,
    /// The check's own reference among the operational checks.
    pub reference: &'static str,
    /// Title (en, zh).
    pub title: (&'static str, &'static str),
    /// Fields the export must have for the check to run.
    pub requires: &'static [&'static str],
    /// Other fields its predicates read when the export has them.
    pub optional: &'static [&'static str],
    /// Date fields (first present wins) that place a record in the period; none = all records.
    pub period: &'static [&'static str],
    /// Default share that must pass.
    pub threshold: f64,
    /// High-risk populations are always tested in full, whatever the sampling plan says.
    pub always_full: bool,
    /// The most serious grade its deviations can have, when the check tests a result (a
    /// target met) rather than the process that produces it.
    pub cap: Option<Cap>,
    /// Which records the check applies to.
    pub applies: fn(&Rec) -> bool,
    /// Whether a record passes.
    pub passes: fn(&Rec) -> bool,
    /// What to do about failures (en, zh).
    pub fix: (&'static str, &'static str),
}

impl RecordCheck {
    /// Whether the check's predicates may read `field`: it requires it or reads it optionally.
    pub fn may_read(&self, field: &str) -> bool {
        self.requires.contains(&field) || self.optional.contains(&field)
    }

    /// The fields without which the check cannot run on a record set: the rule's own
    /// `fields` when it names them (a completeness check's list), else `requires`.
    pub fn needed<'p>(&'static self, params: &'p Params) -> Vec<&'p str> {
        if params.fields.is_empty() {
            self.requires.to_vec()
        } else {
            params.fields.iter().map(String::as_str).collect()
        }
    }

    /// Every field a record's result depends on: the needed fields and those read when
    /// present. A record holding an unreadable value in one of them is not evaluated.
    fn read_fields<'p>(&'static self, params: &'p Params) -> Vec<&'p str> {
        let mut fields = self.needed(params);
        for f in self.requires.iter().chain(self.optional) {
            if !fields.contains(f) {
                fields.push(f);
            }
        }
        fields
    }

    /// What is wrong with the names the check declares, held against its record set's schema
    /// in `record_sets.toml`: an unknown set, or a field (required, optional or dating) the
    /// set does not have. Empty when every name is right.
    pub fn schema_problems(&self) -> Vec<String> {
        let Some(schema) = schemas().iter().find(|s| s.kind.name() == self.set) else {
            return vec![format!(
                "check `{}` names unknown set `{}`",
                self.name, self.set
            )];
        };
        self.requires
            .iter()
            .chain(self.optional)
            .chain(self.period)
            .filter(|f| schema.field_index(f).is_none())
            .map(|f| {
                format!(
                    "check `{}` reads `{f}`, which is not a field of {}",
                    self.name, self.set
                )
            })
            .collect()
    }
}

fn all(_: &Rec) -> bool {
    true
}

fn below_target(r: &Rec) -> bool {
    r.num("measured").unwrap_or(0.0) < r.num("target").unwrap_or(0.0)
}

/// Every record check.
pub const CHECKS: &[RecordCheck] = &[
    RecordCheck { name: "incident_classified", code: "REC-INC-UNCLASSIFIED", set: "incidents", reference: "C01",
        title: ("incidents are classified and prioritised", "事件已分类并确定优先级"),
        requires: &["category", "priority"], optional: &[], period: &["opened_at"], threshold: 0.98, always_full: false, cap: None,
        applies: all, passes: |r| r.has("category") && r.has("priority"),
        fix: ("Make category and priority mandatory when an incident is recorded.", "在记录事件时将分类和优先级设为必填项。") },
    RecordCheck { name: "priority_matrix", code: "REC-INC-PRIORITY-MATRIX", set: "incidents", reference: "C02",
        title: ("priority follows the impact × urgency matrix", "优先级符合影响度×紧急度矩阵"),
        requires: &["impact", "urgency", "priority"], optional: &["priority_override"], period: &["opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: |r| r.level("impact").is_some() && r.level("urgency").is_some() && r.level("priority").is_some(),
        passes: |r| {
            let (i, u, p) = (r.level("impact").unwrap_or(0), r.level("urgency").unwrap_or(0), r.level("priority").unwrap_or(0));
            let expected = r.ctx.priority_matrix.get(i as usize - 1).and_then(|row| row.get(u as usize - 1)).copied();
            expected == Some(p) || r.has("priority_override")
        },
        fix: ("Derive priority from impact and urgency in the tool, and record a justification whenever it is overridden.", "在工具中由影响度和紧急度自动计算优先级，人工调整时须记录理由。") },
    RecordCheck { name: "incident_closure", code: "REC-INC-CLOSURE", set: "incidents", reference: "C03",
        title: ("closed incidents were resolved first and carry a resolution code", "已关闭事件先解决后关闭并有解决代码"),
        requires: &["closed_at", "resolved_at"], optional: &["close_code"], period: &["opened_at"], threshold: 0.98, always_full: false, cap: None,
        applies: |r| r.has("closed_at"),
        passes: |r| match (r.date("resolved_at"), r.date("closed_at")) {
            (Some(res), Some(clo)) => res <= clo && (!r.has_column("close_code") || r.has("close_code")),
            _ => false,
        },
        fix: ("Enforce the resolve-then-close lifecycle and a mandatory resolution code in the tool.", "在工具中强制执行先解决后关闭的流程，并将解决代码设为必填。") },
    RecordCheck { name: "incident_dates_in_order", code: "REC-INC-DATES-OUT-OF-ORDER", set: "incidents", reference: "C03",
        title: ("incidents were resolved and closed after they were opened", "事件的解决和关闭时间晚于其创建时间"),
        requires: &["opened_at", "resolved_at"], optional: &["closed_at"], period: &["opened_at"], threshold: 1.0, always_full: false, cap: None,
        applies: |r| r.has("opened_at") && (r.has("resolved_at") || r.has("closed_at")),
        passes: |r| {
            let opened = r.date("opened_at");
            [r.date("resolved_at"), r.date("closed_at")].into_iter().flatten().all(|d| opened.is_none_or(|o| d >= o))
        },
        fix: ("Correct the records whose dates run backwards, and find how the tool let them be saved (a data migration, a manual edit, a clock).", "更正时间倒置的记录，并查明工具为何允许保存此类记录（数据迁移、手工修改或时钟问题）。") },
    RecordCheck { name: "priority_one_not_stalled", code: "REC-INC-P1-STALLED", set: "incidents", reference: "C01",
        title: ("priority-1 incidents are not left open for weeks", "优先级1事件未被搁置数周"),
        requires: &["priority", "opened_at"], optional: &["state", "resolved_at", "closed_at"], period: &["opened_at"], threshold: 1.0, always_full: true, cap: None,
        // Open only where the export can say so: without a state or resolution column no
        // record can be told open, and none is counted as stalled.
        applies: |r| r.level("priority") == Some(1) && shows_open(r, "state") && !r.has("resolved_at") && !finished(r, "state"),
        passes: |r| match (r.date("opened_at"), r.ctx.assessment_date) {
            (Some(opened), Some(today)) => today.0 - opened.0 <= STALLED_DAYS * 86_400,
            _ => true,
        },
        fix: ("Resolve, re-prioritise with a recorded reason, or escalate the priority-1 incidents left open, and watch the age of open priority-1 incidents.", "解决、记录理由后重新确定优先级或升级被搁置的优先级1事件，并监视未关闭优先级1事件的时长。") },
    RecordCheck { name: "sla_recorded", code: "REC-INC-SLA-UNMEASURED", set: "incidents", reference: "C05",
        title: ("service-target attainment is recorded", "记录了服务目标达成情况"),
        requires: &["sla_met"], optional: &["resolved_at", "closed_at"], period: &["opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: |r| r.has("resolved_at") || r.has("closed_at"), passes: |r| r.has("sla_met"),
        fix: ("Attach the agreed service targets to every incident so attainment is measured.", "为每个事件关联商定的服务目标，以便测量达成情况。") },
    RecordCheck { name: "sla_breach_escalated", code: "REC-INC-BREACH-NOT-ESCALATED", set: "incidents", reference: "C04",
        title: ("incidents that missed their target were escalated", "未达服务目标的事件已升级"),
        requires: &["sla_met", "escalated"], optional: &[], period: &["opened_at"], threshold: 0.9, always_full: false, cap: None,
        applies: |r| r.flag("sla_met") == Some(false), passes: |r| r.flag("escalated") == Some(true),
        fix: ("Escalate and inform the customer whenever a service target will be missed, as the procedure says.", "预计无法达成服务目标时，按程序升级并通知客户。") },
    RecordCheck { name: "customer_informed", code: "REC-INC-CUSTOMER-NOT-UPDATED", set: "incidents", reference: "C06",
        title: ("customers were updated on long-running incidents", "对处理时间较长的事件向客户通报了进展"),
        requires: &["customer_updates", "opened_at", "resolved_at"], optional: &[], period: &["opened_at"], threshold: 0.9, always_full: false, cap: None,
        applies: |r| matches!((r.date("opened_at"), r.date("resolved_at")), (Some(o), Some(s)) if s.0 - o.0 > 86_400),
        passes: |r| r.num("customer_updates").unwrap_or(0.0) >= 1.0,
        fix: ("Send the customer progress updates on incidents open longer than a day.", "对持续超过一天的事件向客户发送进展通报。") },
    RecordCheck { name: "major_incident_manager", code: "REC-INC-MI-NO-MANAGER", set: "incidents", reference: "C08",
        title: ("every major incident had a designated manager", "每个重大事件都指定了负责人"),
        requires: &["major_incident", "major_incident_manager"], optional: &[], period: &["opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.flag("major_incident") == Some(true), passes: |r| r.has("major_incident_manager"),
        fix: ("Appoint and record a major-incident manager as soon as an incident is declared major.", "事件一经认定为重大事件，即指定并记录重大事件经理。") },
    RecordCheck { name: "major_incident_notified", code: "REC-INC-MI-NOT-NOTIFIED", set: "incidents", reference: "C08",
        title: ("top management was informed of every major incident", "每个重大事件都已通报最高管理者"),
        requires: &["major_incident", "management_notified_at"], optional: &[], period: &["opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.flag("major_incident") == Some(true), passes: |r| r.has("management_notified_at"),
        fix: ("Notify top management of each major incident and record when.", "将每个重大事件通报最高管理者并记录通报时间。") },
    RecordCheck { name: "major_incident_reviewed", code: "REC-INC-MI-NOT-REVIEWED", set: "incidents", reference: "C08",
        title: ("every major incident was reviewed after service was restored", "每个重大事件在服务恢复后都进行了评审"),
        requires: &["major_incident"], optional: &["review_date", "restored_at", "resolved_at", "closed_at"], period: &["opened_at"], threshold: 1.0, always_full: true, cap: None,
        // Reviewed once service is restored: a major incident still open is not due yet.
        applies: |r| r.flag("major_incident") == Some(true) && (restored(r) || !["restored_at", "resolved_at", "closed_at"].iter().any(|f| r.has_column(f))),
        passes: |r| match r.date("review_date") {
            Some(review) => r.date("restored_at").or(r.date("resolved_at")).is_none_or(|restored| review >= restored.day()),
            // No review date in the record: a review written as a document that names the
            // incident counts (a post-incident review report, minutes).
            None => r.aux.named_in_documents.contains(&Caseless(r.raw_id())),
        },
        fix: ("Hold a post-incident review after service is restored for every major incident and record its improvements.", "对每个重大事件在服务恢复后开展事后评审，并记录改进措施。") },
    RecordCheck { name: "security_incident_prioritised", code: "REC-INC-SECURITY-UNPRIORITISED", set: "incidents", reference: "C09",
        title: ("security incidents are prioritised through incident management", "信息安全事件经事件管理确定了优先级"),
        requires: &["category", "priority"], optional: &["subcategory"], period: &["opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.any("category", &words().security) || r.any("subcategory", &words().security), passes: |r| r.has("priority"),
        fix: ("Handle security incidents in the incident process with a priority that reflects the security risk.", "通过事件管理过程处理信息安全事件，并按安全风险确定优先级。") },
    RecordCheck { name: "request_fulfilled", code: "REC-REQ-NO-FULFILMENT", set: "service_requests", reference: "C07",
        title: ("closed requests record their fulfilment", "已关闭的服务请求记录了履行情况"),
        requires: &["state", "fulfilled_at"], optional: &[], period: &["opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: |r| r.any("state", &words().closed), passes: |r| r.has("fulfilled_at"),
        fix: ("Record fulfilment before closing a service request.", "在关闭服务请求前记录履行情况。") },
    RecordCheck { name: "incident_not_aged", code: "REC-INC-AGED", set: "incidents", reference: "C03",
        title: ("open incidents are not left unresolved for months", "未解决的事件未被搁置数月"),
        requires: &["opened_at"], optional: &["priority", "state", "resolved_at", "closed_at"], period: &[], threshold: 0.95, always_full: false, cap: None,
        // Priority 1 has its own, shorter limit (REC-INC-P1-STALLED): one fact, one finding.
        applies: |r| r.level("priority") != Some(1) && shows_open(r, "state") && !r.has("resolved_at") && !finished(r, "state"),
        passes: |r| match (r.date("opened_at"), r.ctx.assessment_date) {
            (Some(opened), Some(today)) => opened.days_until(today) <= OPEN_RECORD_AGE_DAYS,
            _ => true,
        },
        fix: ("Review the incidents open for more than 90 days: resolve them, raise a problem for those that cannot be resolved, or close them with a reason, and watch the age of the open queue.", "评审未关闭超过90天的事件：予以解决、对无法解决的事件提出问题记录或说明理由后关闭，并监视未关闭队列的时长。") },
    RecordCheck { name: "request_not_aged", code: "REC-REQ-AGED", set: "service_requests", reference: "C07",
        title: ("open service requests are not left unfulfilled for months", "未履行的服务请求未被搁置数月"),
        requires: &["opened_at"], optional: &["state", "fulfilled_at", "closed_at"], period: &[], threshold: 0.95, always_full: false, cap: None,
        applies: |r| (r.has_column("state") || r.has_column("fulfilled_at") || r.has_column("closed_at")) && !r.has("fulfilled_at") && !finished(r, "state"),
        passes: |r| match (r.date("opened_at"), r.ctx.assessment_date) {
            (Some(opened), Some(today)) => opened.days_until(today) <= OPEN_RECORD_AGE_DAYS,
            _ => true,
        },
        fix: ("Review the requests open for more than 90 days: fulfil them, or close them with the requester's agreement and a reason.", "评审未关闭超过90天的服务请求：予以履行，或在请求人同意并说明理由后关闭。") },
    RecordCheck { name: "problem_recorded", code: "REC-PRB-INCOMPLETE", set: "problems", reference: "C12",
        title: ("problems are prioritised and tracked", "问题已确定优先级并得到跟踪"),
        requires: &["priority", "state"], optional: &[], period: &["opened_at"], threshold: 0.98, always_full: false, cap: None,
        applies: all, passes: |r| r.has("priority") && r.has("state"),
        fix: ("Give every problem a priority and keep its state current.", "为每个问题确定优先级并保持其状态最新。") },
    RecordCheck { name: "problem_not_aged", code: "REC-PRB-AGED", set: "problems", reference: "C12",
        title: ("open problems are not left unresolved for more than a year", "未解决的问题未被搁置超过一年"),
        requires: &["opened_at"], optional: &["state", "resolved_at", "closed_at"], period: &[], threshold: 0.95, always_full: false, cap: None,
        applies: |r| shows_open(r, "state") && !r.has("resolved_at") && !finished(r, "state"),
        passes: |r| match (r.date("opened_at"), r.ctx.assessment_date) {
            (Some(opened), Some(today)) => opened.days_until(today) <= PROBLEM_AGE_DAYS,
            _ => true,
        },
        fix: ("Review the problem backlog: resolve, record as known errors with workarounds, or close with a reason the problems open for more than a year, and report the backlog's age to management.", "评审问题积压：对超过一年未解决的问题予以解决、记录为带临时解决方法的已知错误或说明理由后关闭，并向管理层报告积压时长。") },
    RecordCheck { name: "root_cause_recorded", code: "REC-PRB-NO-ROOT-CAUSE", set: "problems", reference: "C13",
        title: ("resolved problems record their root cause", "已解决的问题记录了根本原因"),
        requires: &["root_cause"], optional: &["closed_at", "state"], period: &["opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: |r| closed(r, "state"), passes: |r| r.has("root_cause"),
        fix: ("Record the root cause before a problem is resolved or closed.", "在解决或关闭问题前记录根本原因。") },
    RecordCheck { name: "fix_has_rfc", code: "REC-PRB-FIX-WITHOUT-RFC", set: "problems", reference: "C14",
        title: ("problems fixed by a CI change were fixed through an RFC", "需变更配置项才能解决的问题通过变更请求解决"),
        requires: &["resolution_code", "rfc"], optional: &[], period: &["opened_at"], threshold: 1.0, always_full: false, cap: None,
        applies: |r| r.any("resolution_code", &["fix", "修复"]), passes: |r| r.has("rfc"),
        fix: ("Raise an RFC for every problem fix that changes a CI, and link it to the problem.", "对需要变更配置项的问题修复提出变更请求，并与问题关联。") },
    RecordCheck { name: "known_error_recorded", code: "REC-PRB-NO-KNOWN-ERROR", set: "problems", reference: "C15",
        title: ("open problems with a known cause are known errors with a workaround", "原因已知的未解决问题已记录为已知错误并有临时解决方法"),
        requires: &["root_cause", "known_error", "workaround"], optional: &["closed_at", "state"], period: &["opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: |r| r.has("root_cause") && !closed(r, "state"), passes: |r| r.flag("known_error") == Some(true) && r.has("workaround"),
        fix: ("Record a known error and a workaround as soon as the root cause is known.", "一旦根本原因已知，即记录已知错误和临时解决方法。") },
    RecordCheck { name: "change_classified", code: "REC-CHG-UNCLASSIFIED", set: "changes", reference: "C19",
        title: ("changes are classified by type and risk", "变更已按类型和风险分类"),
        requires: &["type", "risk"], optional: &[], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.98, always_full: false, cap: None,
        applies: all, passes: |r| r.has("type") && r.has("risk"),
        fix: ("Make change type and risk mandatory on every RFC.", "将变更类型和风险设为每个变更请求的必填项。") },
    RecordCheck { name: "approved_before_implementation", code: "REC-CHG-APPROVAL-AFTER-IMPL", set: "changes", reference: "C20",
        title: ("changes were approved before implementation started", "变更在实施前已获批准"),
        requires: &["approved_at", "actual_start"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: false, cap: None,
        applies: |r| r.has("actual_start") && normal_change(r) && !r.any("type", &words().emergency),
        passes: |r| matches!((r.date("approved_at"), r.date("actual_start")), (Some(a), Some(s)) if a <= s),
        fix: ("Block implementation in the tool until the change is approved, and review the late approvals with the change owners.", "在工具中设置未获批准不得实施，并与变更负责人复盘事后批准的变更。") },
    RecordCheck { name: "reported_approval_order", code: "REC-CHG-REPORTED-APPROVAL-AFTER-IMPL", set: "changes", reference: "C20",
        title: ("the export's own compliance column says changes were approved before implementation", "导出自带的合规列表明变更在实施前已获批准"),
        requires: &["approved_before_start"], optional: &["type", "approved_at", "actual_start"], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: false, cap: None,
        // Where the export has both dates, REC-CHG-APPROVAL-AFTER-IMPL tests them: one fact, one finding.
        applies: |r| r.flag("approved_before_start").is_some() && !(r.has_column("approved_at") && r.has_column("actual_start")) && normal_change(r) && !r.any("type", &words().emergency),
        passes: |r| r.flag("approved_before_start") == Some(true),
        fix: ("Block implementation in the tool until the change is approved, and review the changes the compliance report lists as approved late with their owners.", "在工具中设置未获批准不得实施，并与变更负责人复盘合规报告所列事后批准的变更。") },
    RecordCheck { name: "change_risk_assessed", code: "REC-CHG-NO-RISK-ANALYSIS", set: "changes", reference: "C21",
        title: ("normal changes carry a risk and impact analysis", "一般变更附有风险和影响分析"),
        requires: &["risk_impact_analysis"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: normal_change, passes: |r| r.has("risk_impact_analysis"),
        fix: ("Complete the risk and impact analysis before an RFC goes to approval.", "在变更请求提交审批前完成风险和影响分析。") },
    RecordCheck { name: "change_security_assessed", code: "REC-CHG-NO-SECURITY-ASSESSMENT", set: "changes", reference: "C21",
        title: ("RFCs were assessed for information-security impact", "变更请求已评估信息安全影响"),
        requires: &["security_impact"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: normal_change, passes: |r| r.has("security_impact"),
        fix: ("Add a mandatory security-impact assessment to the RFC template.", "在变更请求模板中增加必填的安全影响评估。") },
    RecordCheck { name: "change_continuity_assessed", code: "REC-CHG-NO-CONTINUITY-ASSESSMENT", set: "changes", reference: "C21",
        title: ("RFCs were assessed for impact on continuity and availability plans", "变更请求已评估对连续性和可用性计划的影响"),
        requires: &["continuity_impact"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: normal_change, passes: |r| r.has("continuity_impact"),
        fix: ("Add a continuity and availability impact assessment to the RFC template.", "在变更请求模板中增加连续性和可用性影响评估。") },
    RecordCheck { name: "change_cost_estimated", code: "REC-CHG-NO-COST", set: "changes", reference: "C21",
        title: ("RFCs carry a cost estimate", "变更请求附有成本估算"),
        requires: &["cost_estimate"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.9, always_full: false, cap: None,
        applies: normal_change, passes: |r| r.has("cost_estimate"),
        fix: ("Have budgeting and accounting supply a cost estimate for each normal RFC.", "由预算和核算为每个一般变更请求提供成本估算。") },
    RecordCheck { name: "change_tested", code: "REC-CHG-UNTESTED", set: "changes", reference: "C22",
        title: ("changes were tested before deployment", "变更在部署前经过测试"),
        requires: &["test_plan"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: normal_change, passes: |r| r.has("test_plan"),
        fix: ("Require a test plan and test evidence on every normal and emergency change.", "要求每个一般变更和紧急变更都有测试计划和测试证据。") },
    RecordCheck { name: "backout_planned", code: "REC-CHG-NO-BACKOUT", set: "changes", reference: "C23",
        title: ("changes have a back-out plan", "变更有回退计划"),
        requires: &["backout_plan"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.95, always_full: false, cap: None,
        applies: normal_change, passes: |r| r.has("backout_plan"),
        fix: ("Make a back-out plan mandatory before a change is approved.", "在变更获批前将回退计划设为必填。") },
    RecordCheck { name: "failed_change_investigated", code: "REC-CHG-FAILURE-NOT-INVESTIGATED", set: "changes", reference: "C24",
        title: ("unsuccessful changes were investigated", "不成功的变更已被调查"),
        requires: &["close_code", "investigation"], optional: &[], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.any("close_code", &words().failed), passes: |r| r.has("investigation"),
        fix: ("Investigate every unsuccessful change and link the investigation or problem record to it.", "调查每个不成功的变更，并将调查或问题记录与之关联。") },
    RecordCheck { name: "emergency_change_controlled", code: "REC-CHG-EMERGENCY-UNCONTROLLED", set: "changes", reference: "C25",
        title: ("emergency changes were approved and reviewed", "紧急变更已获批准并经过评审"),
        requires: &["type", "approved_at"], optional: &["review_date", "approval"], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.any("type", &words().emergency),
        passes: |r| approved(r) && (!r.has_column("review_date") || r.has("review_date")),
        fix: ("Follow the emergency-change procedure: record the (possibly retrospective) approval and review every emergency change.", "执行紧急变更程序：记录（可事后补办的）批准，并评审每个紧急变更。") },
    RecordCheck { name: "change_reviewed", code: "REC-CHG-NOT-REVIEWED", set: "changes", reference: "C26",
        title: ("completed changes were reviewed for effectiveness", "已完成的变更经过有效性评审"),
        requires: &["review_date"], optional: &["closed_at", "close_code", "review_status", "type", "approved_at"], period: &["actual_start", "planned_start", "opened_at"], threshold: 0.9, always_full: false, cap: None,
        // An emergency change's review is tested by REC-CHG-EMERGENCY-UNCONTROLLED wherever that
        // check runs (it needs the type and approval date): one deviation, one finding.
        applies: |r| (r.has("closed_at") || r.has("close_code")) && !(r.has_column("approved_at") && r.any("type", &words().emergency)),
        passes: |r| r.has("review_date") || r.has("review_status"),
        fix: ("Review completed changes against their objectives and record the outcome.", "对照目标评审已完成的变更并记录结果。") },
    RecordCheck { name: "no_unauthorised_change", code: "REC-CHG-UNAUTHORISED", set: "changes", reference: "C18",
        title: ("no change was made without an authorised RFC", "没有未经授权的变更"),
        requires: &["unauthorized"], optional: &[], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: all, passes: |r| r.flag("unauthorized") != Some(true),
        fix: ("Investigate each unauthorised change and close the path that allowed it.", "调查每个未经授权的变更，并堵塞其发生的途径。") },
    RecordCheck { name: "recorded_before_work", code: "REC-CHG-WORK-BEFORE-RECORD", set: "changes", reference: "C18",
        title: ("work on a change began only after the change was recorded", "变更在记录之后才开始实施"),
        requires: &["opened_at", "actual_start"], optional: &["type"], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: false, cap: None,
        // Emergency changes are often recorded after the fact under their own procedure;
        // standard changes are not left out: a pre-approved change is still raised first.
        applies: |r| r.date("opened_at").is_some() && r.date("actual_start").is_some() && !r.any("type", &words().emergency),
        passes: |r| matches!((r.date("opened_at"), r.date("actual_start")), (Some(o), Some(s)) if s.day() >= o.day()),
        fix: ("Raise the change record before any work starts, and find out with the implementers why these were recorded afterwards.", "在开始任何工作之前提出变更记录，并与实施人员查明这些变更为何事后才记录。") },
    RecordCheck { name: "major_change_transitioned", code: "REC-CHG-MAJOR-NOT-IN-TRANSITION", set: "changes", reference: "C28",
        title: ("high-impact changes went through design and transition", "高影响变更经过了设计和转换过程"),
        requires: &["risk", "transition_ref"], optional: &[], period: &["actual_start", "planned_start", "opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.any("risk", &words().high_risk), passes: |r| r.has("transition_ref"),
        fix: ("Route changes the change policy classes as major-impact through the design-and-transition process (clause 5).", "将变更方针认定为重大影响的变更纳入设计和转换过程（第5章）。") },
    RecordCheck { name: "release_linked", code: "REC-REL-NO-RFC", set: "releases", reference: "C38",
        title: ("releases reference the changes they deploy", "发布关联了所部署的变更"),
        requires: &["changes"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 1.0, always_full: false, cap: None,
        applies: all, passes: |r| r.has("changes"),
        fix: ("Link each release to its approved RFCs (and the known errors and problems it closes).", "将每个发布与其已批准的变更请求（及所关闭的已知错误和问题）关联。") },
    RecordCheck { name: "release_approved_before_deployment", code: "REC-REL-APPROVAL-AFTER-DEPLOY", set: "releases", reference: "C39",
        title: ("releases were accepted and approved before deployment", "发布在部署前已验收并获批准"),
        requires: &["approved_at", "deployed_at"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 1.0, always_full: false, cap: None,
        applies: |r| r.has("deployed_at"),
        passes: |r| matches!((r.date("approved_at"), r.date("deployed_at")), (Some(a), Some(d)) if a <= d),
        fix: ("Deploy only after the release has been verified against the agreed acceptance criteria and approved.", "仅在发布按商定验收准则验证并获批准后部署。") },
    RecordCheck { name: "release_tested", code: "REC-REL-UNTESTED", set: "releases", reference: "C40",
        title: ("releases were built and tested before deployment", "发布在部署前经过构建和测试"),
        requires: &["test_result"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 1.0, always_full: false, cap: None,
        applies: all, passes: |r| r.has("test_result") && !r.any("test_result", &words().failed),
        fix: ("Test every release in the controlled acceptance environment and record the result.", "在受控验收环境中测试每个发布并记录结果。") },
    RecordCheck { name: "emergency_release_linked", code: "REC-REL-EMERGENCY-UNLINKED", set: "releases", reference: "C41",
        title: ("emergency releases are tied to an emergency change", "紧急发布与紧急变更关联"),
        requires: &["type", "emergency_change"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.any("type", &words().emergency), passes: |r| r.has("emergency_change"),
        fix: ("Deploy emergency releases only under an emergency change, and link the two.", "紧急发布须在紧急变更下部署，并将二者关联。") },
    RecordCheck { name: "failed_release_reviewed", code: "REC-REL-FAILURE-NOT-REVIEWED", set: "releases", reference: "C42",
        title: ("unsuccessful releases were investigated and reviewed", "不成功的发布已被调查和评审"),
        requires: &["outcome", "review_date"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.any("outcome", &words().failed), passes: |r| r.has("review_date"),
        fix: ("Review every failed release, including its impact on the customer, and act on the result.", "评审每个失败的发布（包括对客户的影响），并根据结果采取措施。") },
    RecordCheck { name: "baseline_before_deployment", code: "REC-REL-NO-BASELINE", set: "releases", reference: "C37",
        title: ("a configuration baseline was taken before deployment", "部署前已建立配置基线"),
        requires: &["baseline_at", "deployed_at"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 1.0, always_full: false, cap: None,
        applies: |r| r.has("deployed_at"),
        passes: |r| matches!((r.date("baseline_at"), r.date("deployed_at")), (Some(b), Some(d)) if b <= d),
        fix: ("Take and record a configuration baseline of the affected CIs before each deployment.", "每次部署前对相关配置项建立并记录配置基线。") },
    RecordCheck { name: "rollback_planned", code: "REC-REL-NO-ROLLBACK", set: "releases", reference: "C23",
        title: ("releases have a rollback plan", "发布有回滚计划"),
        requires: &["rollback_plan"], optional: &[], period: &["deployed_at", "planned_date"], threshold: 0.95, always_full: false, cap: None,
        applies: all, passes: |r| r.has("rollback_plan"),
        fix: ("Plan, and where possible test, how each deployment would be reversed.", "策划（并尽可能测试）每次部署的撤销方式。") },
    RecordCheck { name: "ci_unique", code: "REC-CI-DUPLICATE", set: "configuration_items", reference: "C32",
        title: ("each CI is uniquely identified", "每个配置项都有唯一标识"),
        requires: &["id"], optional: &[], period: &[], threshold: 1.0, always_full: false, cap: None,
        applies: all, passes: |r| !r.aux.duplicate_ids.contains(&Caseless(r.raw("id"))),
        fix: ("Remove or merge duplicate CI records and enforce unique identifiers.", "删除或合并重复的配置项记录，并强制唯一标识。") },
    RecordCheck { name: "ci_attributes", code: "REC-CI-INCOMPLETE", set: "configuration_items", reference: "C33",
        title: ("CIs carry the attributes needed to control them", "配置项具备受控所需的属性"),
        requires: &["class", "status", "owner"], optional: &[], period: &[], threshold: 0.95, always_full: false, cap: None,
        applies: all,
        passes: |r| if r.params.fields.is_empty() {
            ["class", "status", "owner"].into_iter().all(|f| r.has(f))
        } else {
            r.params.fields.iter().all(|f| r.has_named(f))
        },
        fix: ("Complete the missing CI attributes and make them mandatory in the CMDB.", "补全缺失的配置项属性，并在配置管理数据库中设为必填。") },
    RecordCheck { name: "ci_has_relationship", code: "REC-CI-ORPHAN", set: "configuration_items", reference: "C34",
        title: ("CIs are related to other CIs or services", "配置项与其他配置项或服务建立了关系"),
        requires: &["id"], optional: &["name"], period: &[], threshold: 0.9, always_full: false, cap: None,
        applies: all,
        passes: |r| match &r.aux.related {
            Some(related) => related.contains(&Caseless(r.raw("id"))) || (r.has("name") && related.contains(&Caseless(r.raw("name")))),
            None => true,
        },
        fix: ("Record the relationships of orphan CIs to the CIs and services they support.", "为孤立的配置项补录与其支持的配置项和服务的关系。") },
    // An auditee recorded as a team or a process cannot show who in it was audited: the
    // check finds an auditor named as the auditee, and the audit team's declared
    // independence (independence.rs) covers the rest.
    RecordCheck { name: "audit_independent", code: "REC-AUD-NOT-INDEPENDENT", set: "internal_audits", reference: "C51",
        title: ("auditors did not audit their own work", "审核员未审核自己的工作"),
        requires: &["auditor", "auditee"], optional: &[], period: &["date"], threshold: 1.0, always_full: true, cap: None,
        applies: all, passes: |r| !same_person(&r.text("auditor"), &r.text("auditee")),
        fix: ("Assign auditors from outside the audited area and record their independence.", "从受审区域以外指派审核员，并记录其独立性。") },
    RecordCheck { name: "nonconformity_closed", code: "REC-NC-OVERDUE-OR-UNVERIFIED", set: "nonconformities", reference: "C53",
        title: ("corrective actions are closed on time and verified", "纠正措施按时关闭并经过验证"),
        requires: &["due_date"], optional: &["closed_at", "verified_at"], period: &[], threshold: 1.0, always_full: true, cap: None,
        applies: all,
        passes: |r| {
            if r.has("closed_at") {
                // Closed after the provider's own due date is undue delay (4.5.4.2,
                // 10.1: "without undue delay"), however well verified.
                let on_time = match (r.date("closed_at"), r.date("due_date")) {
                    (Some(closed), Some(due)) => closed.day() <= due.day(),
                    _ => true,
                };
                on_time && (!r.has_column("verified_at") || r.has("verified_at"))
            } else {
                match (r.date("due_date"), r.ctx.assessment_date) {
                    (Some(due), Some(today)) => due >= today,
                    _ => true,
                }
            }
        },
        fix: ("Close overdue corrective actions, verify their effectiveness, and report the verification.", "关闭逾期的纠正措施，验证其有效性并报告验证结果。") },
    RecordCheck { name: "nonconformity_root_cause", code: "REC-NC-NO-ROOT-CAUSE", set: "nonconformities", reference: "C53",
        title: ("nonconformities record their cause", "不符合项记录了原因"),
        requires: &["root_cause"], optional: &[], period: &[], threshold: 1.0, always_full: true, cap: None,
        applies: all, passes: |r| r.has("root_cause"),
        fix: ("Analyse and record the cause of every nonconformity before choosing the corrective action.", "在确定纠正措施前分析并记录每项不符合的原因。") },
    RecordCheck { name: "improvement_targets", code: "REC-IMP-NO-TARGET", set: "improvements", reference: "C54",
        title: ("improvements have measurable targets and measured results", "改进有可测量的目标和测量结果"),
        requires: &["target"], optional: &["status", "result"], period: &[], threshold: 1.0, always_full: false, cap: None,
        applies: all, passes: |r| r.has("target") && (!r.any("status", &words().closed) || !r.has_column("result") || r.has("result")),
        fix: ("Give each improvement a measurable target and record the result against it.", "为每项改进设定可测量的目标，并对照目标记录结果。") },
    RecordCheck { name: "review_top_management", code: "REC-MR-NO-TOP-MANAGEMENT", set: "management_reviews", reference: "C52",
        title: ("top management took part in management reviews", "最高管理者参加了管理评审"),
        requires: &["top_management_present"], optional: &[], period: &["date"], threshold: 1.0, always_full: true, cap: None,
        applies: all, passes: |r| r.flag("top_management_present") == Some(true),
        fix: ("Have top management chair the management review and record its attendance.", "由最高管理者主持管理评审并记录其出席情况。") },
    RecordCheck { name: "complaint_investigated", code: "REC-CMP-NOT-INVESTIGATED", set: "complaints", reference: "C45",
        title: ("closed complaints were investigated", "已关闭的投诉经过调查"),
        requires: &["closed_at", "investigation"], optional: &[], period: &["opened_at"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.has("closed_at"), passes: |r| r.has("investigation"),
        fix: ("Record the investigation and action for every complaint before closing it formally.", "在正式关闭投诉前记录每项投诉的调查和处理情况。") },
    RecordCheck { name: "continuity_test_reviewed", code: "REC-BCP-NOT-REVIEWED", set: "continuity_tests", reference: "C48",
        title: ("every continuity test or invocation was reviewed", "每次连续性测试或启用后都进行了评审"),
        requires: &["review_date"], optional: &[], period: &["date"], threshold: 1.0, always_full: true, cap: None,
        applies: all, passes: |r| r.has("review_date"),
        fix: ("Review each test and invocation of the continuity plan and act on the deficiencies found.", "评审连续性计划的每次测试和启用，并针对发现的缺陷采取措施。") },
    RecordCheck { name: "supplier_owner", code: "REC-SUP-NO-OWNER", set: "supplier_reviews", reference: "C50",
        title: ("each supplier has a named relationship owner", "每个供应商都有指定的关系负责人"),
        requires: &["owner"], optional: &[], period: &["date"], threshold: 1.0, always_full: true, cap: None,
        applies: all, passes: |r| r.has("owner"),
        fix: ("Name an individual responsible for each supplier relationship and contract.", "为每个供应商关系和合同指定负责人。") },
    RecordCheck { name: "contract_in_force", code: "REC-SUP-CONTRACT-EXPIRED", set: "supplier_contracts", reference: "C50",
        title: ("supplier contracts in use have not expired", "在用的供方合同未过期"),
        requires: &["end_date"], optional: &["status"], period: &[], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.has("end_date") && !r.any("status", &words().ended),
        passes: |r| match (r.date("end_date"), r.ctx.assessment_date) {
            (Some(end), Some(today)) => end.day() >= today.day(),
            _ => true,
        },
        fix: ("Renew or replace the expired contracts of suppliers still delivering, or record that they ended; keep the register's end dates and statuses current.", "续签或替换仍在供货的供方的过期合同，或记录合同已终止；保持登记表中的到期日期和状态最新。") },
    RecordCheck { name: "contract_reviewed", code: "REC-SUP-CONTRACT-NOT-REVIEWED", set: "supplier_contracts", reference: "C50",
        title: ("supplier contracts in force were reviewed in the last 12 months", "有效的供方合同在过去12个月内经过评审"),
        requires: &["review_date"], optional: &["end_date", "status"], period: &[], threshold: 1.0, always_full: false, cap: None,
        applies: |r| !r.any("status", &words().ended) && match (r.date("end_date"), r.ctx.assessment_date) {
            (Some(end), Some(today)) => end.day() >= today.day(),
            _ => true,
        },
        passes: |r| match (r.date("review_date"), r.ctx.assessment_date) {
            (Some(review), Some(today)) => review.days_until(today) <= CONTRACT_REVIEW_DAYS,
            (None, _) => false,
            _ => true,
        },
        fix: ("Review each contract in force against the current service requirements and record the review and the next review date.", "对照当前服务要求评审每份有效合同，并记录评审情况和下次评审日期。") },
    RecordCheck { name: "training_evaluated", code: "REC-TRN-NOT-EVALUATED", set: "training_records", reference: "C55",
        title: ("the effectiveness of training was evaluated", "培训有效性得到评价"),
        requires: &["evaluation"], optional: &[], period: &["date"], threshold: 0.9, always_full: false, cap: None,
        applies: all, passes: |r| r.has("evaluation"),
        fix: ("Evaluate whether training achieved the competence needed and record the evaluation.", "评价培训是否达到所需能力并记录评价结果。") },
    RecordCheck { name: "survey_representative", code: "REC-CSAT-UNREPRESENTATIVE", set: "satisfaction_surveys", reference: "C43",
        title: ("satisfaction surveys reached a representative sample", "满意度调查覆盖了具有代表性的样本"),
        requires: &["population", "responses"], optional: &[], period: &["date"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.num("population").unwrap_or(0.0) > 0.0,
        passes: |r| r.num("responses").unwrap_or(0.0) / r.num("population").unwrap_or(1.0) >= 0.1,
        fix: ("Survey enough customers of each service that the results represent them (at least one in ten here).", "调查足够数量的各服务客户，使结果具有代表性（此处至少十分之一）。") },
    RecordCheck { name: "availability_target_met", code: "REC-AVL-BELOW-TARGET", set: "availability_reports", reference: "C47",
        title: ("availability met its agreed target", "可用性达到商定目标"),
        requires: &["measured", "target"], optional: &["investigation"], period: &[], threshold: 1.0, always_full: true,
        cap: Some(Cap { grade: Grade::Observation, why: ("availability is monitored and compared with its target, and each miss counted here was investigated; a missed number alone is not a nonconformity", "可用性已得到监视并与目标比较，此处计入的每次未达标均已调查；仅数字未达标不构成不符合") }),
        // A miss without an investigation is the finding of `availability_miss_investigated`.
        applies: |r| r.num("target").is_some() && !(below_target(r) && r.has_column("investigation") && !r.has("investigation")),
        passes: |r| !below_target(r),
        fix: ("Keep acting on the causes of the periods below target, and watch the trend.", "持续处理低于目标时段的原因，并关注趋势。") },
    RecordCheck { name: "availability_miss_investigated", code: "REC-AVL-MISS-NOT-INVESTIGATED", set: "availability_reports", reference: "C47",
        title: ("each period below the availability target was investigated", "每个低于可用性目标的时段都经过调查"),
        requires: &["measured", "target", "investigation"], optional: &[], period: &[], threshold: 1.0, always_full: true,
        cap: Some(Cap { grade: Grade::Minor, why: ("what the standard asks is that unplanned non-availability is investigated and acted on; an uninvestigated miss is a lapse of that, not a systemic failure of the process", "标准要求对计划外的不可用进行调查并采取措施；未调查的未达标属该要求的疏漏，而非过程的系统性失效") }),
        applies: |r| r.num("target").is_some() && below_target(r),
        passes: |r| r.has("investigation"),
        fix: ("Investigate every period below target (a linked incident, problem or action, or commentary in the report) and record what was done.", "调查每个低于目标的时段（关联事件、问题或措施，或在报告中说明），并记录所采取的措施。") },
    RecordCheck { name: "configuration_audit_actioned", code: "REC-CFA-NOT-ACTIONED", set: "configuration_audits", reference: "C36",
        title: ("configuration-audit discrepancies were acted on", "配置审核发现的差异已得到处理"),
        requires: &["discrepancies", "actions"], optional: &[], period: &["date"], threshold: 1.0, always_full: true, cap: None,
        applies: |r| r.num("discrepancies").unwrap_or(0.0) > 0.0, passes: |r| r.has("actions"),
        fix: ("Correct the CMDB discrepancies found and report the actions.", "纠正发现的配置管理数据库差异并报告所采取的措施。") },
    RecordCheck { name: "capacity_breach_actioned", code: "REC-CAP-NOT-ACTIONED", set: "capacity_reports", reference: "C49",
        title: ("capacity threshold breaches were acted on", "超过能力阈值的情况已得到处理"),
        requires: &["utilisation", "threshold", "actions"], optional: &[], period: &["date"], threshold: 1.0, always_full: true,
        cap: Some(Cap { grade: Grade::Minor, why: ("capacity is monitored against its thresholds; a breach without a recorded action is a lapse of acting on the data, not a systemic failure", "能力已按阈值得到监视；超阈值但无记录措施属未依据数据采取措施的疏漏，而非系统性失效") }),
        applies: |r| r.num("utilisation").unwrap_or(0.0) >= r.num("threshold").unwrap_or(f64::MAX), passes: |r| r.has("actions"),
        fix: ("Act on every threshold breach (upgrade, tune or re-plan) and record the action.", "对每次超过阈值的情况采取措施（扩容、调优或重新规划）并记录。") },
];

/// The check named `name`.
pub fn find(name: &str) -> Option<&'static RecordCheck> {
    CHECKS.iter().find(|c| c.name == name)
}

/// "records of" a record set's Chinese title: 培训记录 is already a kind of 记录, so no
/// 培训记录记录.
fn records_zh(title: &str) -> String {
    if title.ends_with("记录") {
        title.to_string()
    } else {
        format!("{title}记录")
    }
}

pub use crate::evidence::schema::set_title;

/// Evaluates a `records` rule for `req`: each record set of the check's kind is tested on
/// its own, and the worst result counts.
pub fn evaluate(params: &Params, req: &Requirement, ctx: &Context) -> Outcome {
    let Some(check) = find(&params.check) else {
        return Outcome::not_assessed(Text::new(
            format!("unknown records check `{}`", params.check),
            format!("未知的记录检查`{}`", params.check),
        ));
    };
    let set_name = set_title(check.set);
    let sets = ctx.sets(check.set);
    if sets.is_empty() {
        let unread = ctx.unread_records(check.set);
        if !unread.is_empty() {
            let (en, zh) = super::rule::unread_list(&unread);
            return Outcome::not_assessed(Text::new(
                format!(
                    "\"{}\" was not examined: no {} records could be read, and files that may hold them could not be read: {en}; the auditor must examine them, or supply readable copies",
                    check.title.0,
                    crate::i18n::in_sentence(&set_name.en)
                ),
                format!("未检查“{}”：未能读取任何{}记录，可能包含这些记录的文件无法读取：{zh}；审核员须亲自查看，或提供可读的副本", check.title.1, set_name.zh),
            ));
        }
        return Outcome::not_assessed(Text::new(
            format!(
                "the evidence holds no {}, so \"{}\" could not be checked",
                crate::i18n::in_sentence(&set_name.en),
                check.title.0
            ),
            format!(
                "证据中没有{}，无法检查“{}”",
                records_zh(&set_name.zh),
                check.title.1
            ),
        ));
    }
    let mut outcome = Outcome::status(Status::NotAssessed);
    let needed = check.needed(params);
    let read_fields = check.read_fields(params);
    for (info, table) in sets {
        if let Some(note) = not_evaluated(check, &needed, info, table) {
            outcome.notes.push(note);
            continue;
        }
        let aux = prepare(check, table, ctx);
        if check.name == "ci_has_relationship" && aux.related.is_none() {
            outcome.notes.push(Text::new(
                "no CI-relationship export in the evidence, so orphan CIs cannot be found",
                "证据中没有配置项关系导出，无法识别孤立配置项",
            ));
            continue;
        }
        // Without a review date, reviews are looked for in the documents; a partial
        // submission that holds no review naming any major incident may simply not include
        // them, so nothing is concluded.
        if check.name == "major_incident_reviewed"
            && !table.has("review_date")
            && ctx.supplied == crate::domain::engagement::EvidenceSupplied::Partial
            && aux.named_in_documents.is_empty()
        {
            outcome.notes.push(Text::new(
                format!(
                    "\"{}\" was not evaluated: {} has no review-date column and no document supplied names any of its major incidents; in a partial submission the reviews may simply not have been sent. Supply the major-incident reviews (or an export with the review date), or declare evidence = \"complete\" in assessment.toml once the client confirms the folder is complete",
                    check.title.0, info.path
                ),
                format!(
                    "未评价“{}”：{}中没有评审日期列，且所提供的文件均未提及其中的任何重大事件；在部分提交中，评审记录可能只是未被提供。请提供重大事件评审（或包含评审日期的导出文件），或在客户确认文件夹完整后于assessment.toml中声明 evidence = \"complete\"",
                    check.title.1, info.path
                ),
            ));
            continue;
        }
        let columns = Columns::new(table, check);
        let period: Vec<&Column> = check
            .period
            .iter()
            .filter_map(|f| table.column(f))
            .collect();
        let rec = |i: usize| Rec {
            columns: &columns,
            i,
            aux: &aux,
            ctx,
            params,
        };
        // A record whose value of a field the check reads could not be read is not
        // evaluated: its value is unknown, not missing.
        let unknown: Vec<&str> = read_fields
            .iter()
            .copied()
            .filter(|f| table.unreadable_count(f) > 0)
            .collect();
        let unread = |i: usize| unknown.iter().any(|f| table.unreadable(f, i));
        let in_period = |i: usize| {
            check.period.is_empty() || ctx.in_period(period.iter().find_map(|c| c.date(i)))
        };
        let in_population = |i: usize| in_period(i) && !unread(i) && (check.applies)(&rec(i));
        let not_evaluated_records = if unknown.is_empty() {
            0
        } else {
            (0..table.len())
                .filter(|&i| in_period(i) && unread(i))
                .count()
        };
        let plan = if check.always_full {
            Plan::default()
        } else {
            params.sample.clone().unwrap_or_default()
        };
        let seed = plan.seed.unwrap_or(20_000);
        // (population size, tested records when at most 1,000 are listed, tested count, failures)
        let (population_size, tested, tested_count, failed) = if plan.method == Method::Full {
            // A full test is the population itself, tested as it is found: a million-record
            // set is walked once and never listed.
            let (mut size, mut listed, mut failed) = (0, Vec::new(), Vec::new());
            for i in 0..table.len() {
                if in_population(i) {
                    size += 1;
                    if listed.len() <= 1000 {
                        listed.push(i as u32);
                    }
                    if !(check.passes)(&rec(i)) {
                        failed.push(i);
                    }
                }
            }
            (size, listed, size, failed)
        } else {
            // Indices as u32 (a table's rows are numbered in u32): half the memory.
            let population: Vec<u32> = (0..table.len())
                .filter(|&i| in_population(i))
                .map(|i| i as u32)
                .collect();
            let strata: Vec<String> = match &plan.stratum {
                Some(f) => population
                    .iter()
                    .map(|&i| table.text(f, i as usize).unwrap_or("").to_string())
                    .collect(),
                None => Vec::new(),
            };
            let tested: Vec<u32> = sampling::choose(&plan, population.len(), &strata, seed)
                .into_iter()
                .map(|k| population[k])
                .collect();
            let failed: Vec<usize> = tested
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| !(check.passes)(&rec(i)))
                .collect();
            let count = tested.len();
            (population.len(), tested, count, failed)
        };
        let (unread_en, unread_zh) = unread_sentence(info, &unknown, not_evaluated_records);
        if population_size == 0 {
            if not_evaluated_records > 0 {
                outcome.notes.push(Text::new(
                    format!(
                        "\"{}\" was not evaluated on {}: {}",
                        check.title.0,
                        info.path,
                        unread_en.trim()
                    ),
                    format!(
                        "未能在{}上评价“{}”：{}",
                        info.path, check.title.1, unread_zh
                    ),
                ));
                continue;
            }
            outcome.notes.push(Text::new(
                format!(
                    "no population in the period for \"{}\" in {} (neither a pass nor a fail)",
                    check.title.0, info.path
                ),
                format!(
                    "本期{}中没有适用“{}”的记录（既非通过也非不通过）",
                    info.path, check.title.1
                ),
            ));
            continue;
        }
        let sample = SampleRef {
            population: population_size,
            method: plan.method.name().to_string(),
            seed: (plan.method != Method::Full).then_some(seed),
            size: tested_count,
            ids: if tested_count <= 1000 {
                tested
                    .iter()
                    .map(|&i| table.record_id(i as usize))
                    .collect()
            } else {
                Vec::new()
            },
        };
        if failed.is_empty() {
            if outcome.status == Status::NotAssessed {
                outcome.status = Status::Conforming;
            }
            outcome.records_passed += tested_count;
            continue;
        }
        let threshold = params.threshold.unwrap_or(check.threshold);
        let graded = grade::deviations(
            &ctx.grading,
            failed.len(),
            tested_count,
            1.0 - threshold,
            check.cap.as_ref(),
        );
        let examples: Vec<String> = failed.iter().take(5).map(|&i| table.record_id(i)).collect();
        let examples_zh: Vec<String> = failed
            .iter()
            .take(5)
            .map(|&i| table.record_id_zh(i))
            .collect();
        let more = failed.len().saturating_sub(examples.len());
        let (more_en, more_zh) = if more > 0 {
            (format!(" and {more} more"), format!("等{}条", failed.len()))
        } else {
            (String::new(), String::new())
        };
        let full = plan.method == Method::Full;
        let records_zh = records_zh(&set_name.zh);
        let mut d = Draft {
            code: check.code,
            grade: graded.grade,
            rationale: graded.rationale,
            requirement: req.id.clone(),
            also: Vec::new(),
            subject: super::subject::record_set(&info.kind),
            statement: Text::new(
                format!(
                    "{} of {} records {} in {} ({}) fail the check that {}: {}{more_en}.{unread_en}",
                    failed.len(),
                    tested_count,
                    if full { "tested" } else { "sampled" },
                    info.path,
                    crate::i18n::in_sentence(&set_name.en),
                    check.title.0,
                    examples.join(", ")
                ),
                format!(
                    "{}中{}的{}条{records_zh}有{}条未通过“{}”检查：{}{more_zh}。{unread_zh}",
                    info.path,
                    if full { "全数检查" } else { "抽样检查" },
                    tested_count,
                    failed.len(),
                    check.title.1,
                    examples_zh.join("、")
                ),
            ),
            recommendation: Text::new(check.fix.0, check.fix.1),
            evidence: Vec::new(),
            sample: None,
            cause: None,
            overrule: None,
        };
        if let Some(fact) = fact_of(check.name) {
            // Checks of one fact failing on the same records of one table are one deviation:
            // merged into one finding that lists every requirement it bears on.
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for &i in &failed {
                table.record_id(i).hash(&mut h);
            }
            d.cause = Some(format!(
                "deviation:{fact}:{}:{}:{}:{:x}",
                info.path,
                info.sheet.as_deref().unwrap_or(""),
                failed.len(),
                h.finish()
            ));
        }
        let (assumed_en, assumed_zh) = assumptions(check, params, info, table, ctx);
        d.statement.en.push_str(&assumed_en);
        d.statement.zh.push_str(&assumed_zh);
        d.evidence.push(records_ref(info, table, &failed));
        d.sample = Some(sample);
        outcome = outcome.with(d, graded.status);
    }
    outcome
}

/// Checks that test one fact of a record from two sides (the check, the fact): where they fail
/// on the same records, the records hold one deviation, and it is one finding.
const FACTS: &[(&str, &str)] = &[
    ("incident_closure", "incident_lifecycle_dates"),
    ("incident_dates_in_order", "incident_lifecycle_dates"),
    ("approved_before_implementation", "change_approval_order"),
    ("reported_approval_order", "change_approval_order"),
    ("emergency_change_controlled", "change_review"),
    ("change_reviewed", "change_review"),
    ("priority_one_not_stalled", "incident_left_open"),
    ("incident_not_aged", "incident_left_open"),
];

/// The fact check `name` tests, if another check tests it too.
fn fact_of(name: &str) -> Option<&'static str> {
    FACTS.iter().find(|(c, _)| *c == name).map(|(_, f)| *f)
}

/// Checks that test less when the export lacks a field they read where it exists: the check,
/// the field, and what was tested instead (en, zh).
const NARROWED: &[(&str, &str, &str, &str)] = &[
    (
        "contract_in_force",
        "status",
        "the register has no status column, so every contract it lists was taken as in use",
        "登记表中没有状态列，因此其所列的每份合同均视为在用",
    ),
    (
        "emergency_change_controlled",
        "review_date",
        "the export has no review-date column, so the approval of each emergency change was tested and its review was not examined",
        "导出中没有评审日期列，因此只检查了紧急变更的批准，未检查其评审",
    ),
    (
        "major_incident_reviewed",
        "review_date",
        "the export has no review-date column, so a review was looked for in the documents supplied, by incident number, and none names these incidents",
        "导出中没有评审日期列，因此按事件编号在所提供的文件中查找评审，没有任何文件提及这些事件",
    ),
];

/// The change checks that test normal changes only: a standard change follows its
/// pre-approved procedure, so it is left out, and each finding says how many were.
const NORMAL_CHANGES_ONLY: &[&str] = &[
    "approved_before_implementation",
    "reported_approval_order",
    "change_risk_assessed",
    "change_security_assessed",
    "change_continuity_assessed",
    "change_cost_estimated",
    "change_tested",
    "backout_planned",
];

/// What a check assumes of every export it runs on (the check, en, zh); the 30 days are
/// [`STALLED_DAYS`].
const ASSUMED: &[(&str, &str, &str)] = &[
    (
        "reported_approval_order",
        "the export's own yes/no verdict (a column such as `Change approved before implemented`) read as whether the change was approved before it was implemented; the export does not carry the dates behind the verdict, which were not examined",
        "导出自带的是/否结论（如\u{201c}Change approved before implemented\u{201d}列）视为变更是否在实施前获批；导出中没有该结论所依据的日期，未对其进行检查",
    ),
    (
        "nonconformity_closed",
        "a corrective action counted as closed with undue delay when it was closed on a later day than the due date the register gives; a due date moved since, with the reason approved, is not known to the tool unless the register shows it",
        "关闭日期晚于登记表所记载计划完成日期的纠正措施视为未及时关闭；经批准的改期若未在登记表中体现，工具无从知晓",
    ),
    (
        "recorded_before_work",
        "work counted as begun before the change was recorded only when its actual start falls on an earlier day than the record's creation date; emergency changes, often recorded after the fact under their own procedure, were left out",
        "仅当变更的实际开始日期早于记录创建日期时，才视为在记录之前已开始实施；紧急变更常按其自身程序事后记录，未纳入",
    ),
    (
        "incident_not_aged",
        "an incident below priority 1 counted as left unresolved when it has no resolution date, its state is not closed, resolved or cancelled, and it was opened more than 90 days before the assessment date",
        "无解决日期、状态非关闭、已解决或已取消、且创建时间早于评估日期90天以上的非优先级1事件视为被搁置",
    ),
    (
        "request_not_aged",
        "a service request counted as left unfulfilled when it has no fulfilment date, its state is not closed, fulfilled or cancelled, and it was opened more than 90 days before the assessment date",
        "无履行日期、状态非关闭或已取消、且创建时间早于评估日期90天以上的服务请求视为被搁置",
    ),
    (
        "problem_not_aged",
        "a problem counted as left unresolved when it has no resolution date, its state is not closed, resolved or cancelled, and it was opened more than 365 days before the assessment date",
        "无解决日期、状态非关闭、已解决或已取消、且创建时间早于评估日期365天以上的问题视为被搁置",
    ),
    (
        "contract_reviewed",
        "a contract in force counted as reviewed when the register's last review lies within 12 months of the assessment date",
        "登记表中的上次评审日期在评估日期前12个月内的有效合同视为已评审",
    ),
    (
    "priority_one_not_stalled",
    "priority 1 read as the highest priority, and a priority-1 incident still open more than 30 days after it was opened, at the assessment date, counted as left open",
    "优先级1视为最高优先级；截至评估日期，创建后超过30天仍未关闭的优先级1事件视为被搁置",
),
];

/// What a finding of `check` on this record set rests on beyond the records themselves: the
/// value rules applied to fields it reads, and what it could not test for want of a column.
/// Empty when nothing is assumed; else a sentence to append to the statement.
fn assumptions(
    check: &'static RecordCheck,
    params: &Params,
    info: &crate::evidence::RecordSetInfo,
    table: &RecordTable,
    ctx: &Context,
) -> (String, String) {
    let read = check.read_fields(params);
    let mut en: Vec<String> = Vec::new();
    let mut zh: Vec<String> = Vec::new();
    for d in info
        .derived
        .iter()
        .filter(|d| read.contains(&d.field.as_str()))
    {
        en.push(d.text.en.clone());
        zh.push(d.text.zh.clone());
    }
    for (_, always_en, always_zh) in ASSUMED.iter().filter(|(name, _, _)| *name == check.name) {
        en.push((*always_en).to_string());
        zh.push((*always_zh).to_string());
    }
    for (_, field, narrowed_en, narrowed_zh) in NARROWED
        .iter()
        .filter(|(name, field, _, _)| *name == check.name && !table.has(field))
    {
        debug_assert!(check.may_read(field));
        en.push((*narrowed_en).to_string());
        zh.push((*narrowed_zh).to_string());
    }
    // The population a change check leaves out, and the matrix a priority is judged
    // against, are assumptions about the client's process: each finding names them.
    if NORMAL_CHANGES_ONLY.contains(&check.name) {
        let standard = (0..table.len())
            .filter(|&i| {
                table
                    .text("type", i)
                    .is_some_and(|t| holds_any(&folded(t), &words().standard))
            })
            .count();
        if standard > 0 {
            en.push(format!("the {standard} standard (pre-approved) change(s) in {} were left out, as the standard allows a standard change to follow its pre-approved procedure", info.path));
            zh.push(format!("{}中的{standard}项标准（预先批准的）变更未纳入，因为标准允许标准变更按其预先批准的程序执行", info.path));
        }
    }
    if check.name == "priority_matrix" {
        let rows: Vec<String> = ctx
            .priority_matrix
            .iter()
            .map(|row| row.iter().map(u8::to_string).collect::<Vec<_>>().join(", "))
            .collect();
        let matrix = format!("[{}]", rows.join("; "));
        if ctx.evidence.manifest.priority_matrix.is_some() {
            en.push(format!("priority expected from the matrix assessment.toml declares (rows impact 1…, columns urgency 1…): {matrix}"));
            zh.push(format!(
                "预期优先级依据assessment.toml声明的矩阵（行为影响度1…，列为紧急度1…）：{matrix}"
            ));
        } else {
            en.push(format!("priority expected from the tool's default matrix (rows impact 1…, columns urgency 1…): {matrix}, as assessment.toml declares no priority_matrix; declare the provider's own if it differs"));
            zh.push(format!("预期优先级依据工具的默认矩阵（行为影响度1…，列为紧急度1…）：{matrix}，因assessment.toml未声明priority_matrix；如服务提供方的矩阵不同，请声明"));
        }
    }
    // A review looked for in the documents was not looked for in those that could not be read.
    let searched_documents = check.name == "major_incident_reviewed" && !table.has("review_date");
    let unread = &ctx.evidence.unread;
    if searched_documents && !unread.is_empty() {
        let files: Vec<&str> = unread.iter().map(|u| u.path.as_str()).collect();
        en.push(format!(
            "{} file(s) could not be read and were not searched: {}",
            files.len(),
            files.join(", ")
        ));
        zh.push(format!(
            "{}个文件无法读取，未被查找：{}",
            files.len(),
            files.join("、")
        ));
    }
    if en.is_empty() {
        return (String::new(), String::new());
    }
    (
        format!(" Assumed: {}.", en.join("; ")),
        format!("假设：{}。", zh.join("；")),
    )
}

/// Every record check `catalogue`'s rules run, on each record set of its kind in
/// `evidence`: whether it can run, and if not why and what would make it run. A check on a
/// kind the evidence has no records of is listed once, without a file.
pub fn coverage(
    catalogue: &crate::catalogue::Catalogue,
    evidence: &crate::evidence::EvidenceIndex,
) -> Vec<crate::assessment::CheckCoverage> {
    use crate::assessment::CheckCoverage;
    let mut used: Vec<(&'static RecordCheck, Params)> = Vec::new();
    let mut requirements_of: HashMap<&str, Vec<String>> = HashMap::new();
    for (req, rule) in catalogue
        .requirements
        .iter()
        .flat_map(|r| r.evidence.iter().map(move |e| (r, e)))
    {
        if rule.kind != crate::catalogue::RuleKind::Records {
            continue;
        }
        let Ok(params) = Params::deserialize(toml::Value::Table(rule.params.clone())) else {
            continue;
        };
        let Some(check) = find(&params.check) else {
            continue;
        };
        requirements_of
            .entry(check.name)
            .or_default()
            .push(req.id.clone());
        if !used
            .iter()
            .any(|(c, p)| c.name == check.name && p.fields == params.fields)
        {
            used.push((check, params));
        }
    }
    let mut out = Vec::new();
    for (check, params) in used {
        let title = Text::new(check.title.0, check.title.1);
        let sets: Vec<_> = evidence.tables_of(check.set).collect();
        if sets.is_empty() {
            let set = set_title(check.set);
            out.push(CheckCoverage {
                code: check.code.to_string(),
                title,
                set: check.set.to_string(),
                path: None,
                ran: false,
                missing: Vec::new(),
                requirements: requirements_of.get(check.name).cloned().unwrap_or_default(),
                reason: Some(Text::new(
                    format!(
                        "the evidence holds no {}",
                        crate::i18n::in_sentence(&set.en)
                    ),
                    format!("证据中没有{}", records_zh(&set.zh)),
                )),
            });
            continue;
        }
        let needed = check.needed(&params);
        for (info, table) in sets {
            let reason = not_evaluated(check, &needed, info, table);
            out.push(CheckCoverage {
                code: check.code.to_string(),
                title: title.clone(),
                set: check.set.to_string(),
                path: Some(info.path.clone()),
                ran: reason.is_none(),
                missing: needed
                    .iter()
                    .filter(|f| !table.has(f))
                    .map(|f| f.to_string())
                    .collect(),
                requirements: requirements_of.get(check.name).cloned().unwrap_or_default(),
                reason,
            });
        }
    }
    out
}

/// The source column that provides `field` in a record set, as the export names it.
fn header<'i>(info: &'i crate::evidence::RecordSetInfo, field: &'i str) -> &'i str {
    info.columns.get(field).map_or(field, String::as_str)
}

/// Why `check` cannot run on a record set at all, or `None` when it can: a field it needs has
/// no column, is empty on every record, or holds values of which fewer could be read than
/// not. What cannot be tested is never a failing record; the note says what would let it run.
fn not_evaluated(
    check: &RecordCheck,
    needed: &[&str],
    info: &crate::evidence::RecordSetInfo,
    table: &RecordTable,
) -> Option<Text> {
    let missing: Vec<&str> = needed.iter().copied().filter(|f| !table.has(f)).collect();
    if !missing.is_empty() {
        let fields = missing
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let known: Vec<String> = missing
            .iter()
            .filter_map(|f| {
                let spec = schemas()
                    .iter()
                    .find(|s| s.kind.name() == check.set)?
                    .fields
                    .iter()
                    .find(|s| s.name == *f)?;
                let names: Vec<String> = spec
                    .synonyms
                    .iter()
                    .take(3)
                    .map(|n| format!("`{n}`"))
                    .collect();
                Some(format!("{f}: {}", names.join(", ")))
            })
            .collect();
        return Some(Text::new(
            format!(
                "\"{}\" was not evaluated: {} has no column for {fields} (exports name it {}; `iso20k fields {}` lists them all); map the export's column to it in assessment.toml (`[[mapping]]` `columns`), derive it from another field (`[[derive]]`), or supply an export that has it",
                check.title.0,
                info.path,
                known.join("; "),
                check.set
            ),
            format!(
                "未评价“{}”：{}中没有对应{fields}的列（导出文件中常见的列名：{}；`iso20k fields {}`列出全部）；请在assessment.toml中（`[[mapping]]`的`columns`）映射导出文件中的相应列、由其他字段推导（`[[derive]]`），或提供包含该列的导出文件",
                check.title.1,
                info.path,
                known.join("；"),
                check.set
            ),
        ));
    }
    let empty: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|f| table.present_count(f) == 0 && table.unreadable_count(f) == 0)
        .collect();
    if !empty.is_empty() && !table.is_empty() {
        let columns = empty
            .iter()
            .map(|f| format!("`{}`", header(info, f)))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(Text::new(
            format!(
                "\"{}\" was not evaluated: column {columns} of {} is empty on all {} records, so the export does not show whether it is recorded; supply an export where it is filled in, or have the auditor examine how it is recorded",
                check.title.0,
                info.path,
                table.len()
            ),
            format!(
                "未评价“{}”：{}的{columns}列在全部{}条记录中均为空，导出文件无法表明是否记录了该项；请提供填写了该列的导出文件，或由审核员检查其记录方式",
                check.title.1,
                info.path,
                table.len()
            ),
        ));
    }
    let unreadable: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|f| table.unreadable_count(f) > table.present_count(f))
        .collect();
    if let Some(f) = unreadable.first() {
        return Some(Text::new(
            format!(
                "\"{}\" was not evaluated: {} of the values in column `{}` of {} could not be read as the field `{f}` (see the warnings for examples); map the values the tool does not know, or supply the export with readable values",
                check.title.0,
                table.unreadable_count(f),
                header(info, f),
                info.path
            ),
            format!(
                "未评价“{}”：{}的`{}`列中有{}个值无法读取为字段`{f}`（示例见警告）；请映射工具无法识别的值，或提供值可读的导出文件",
                check.title.1,
                info.path,
                header(info, f),
                table.unreadable_count(f)
            ),
        ));
    }
    None
}

/// The sentence a finding or note adds when records were left out because a value they hold
/// could not be read (en with a leading space, zh).
fn unread_sentence(
    info: &crate::evidence::RecordSetInfo,
    fields: &[&str],
    records: usize,
) -> (String, String) {
    if records == 0 {
        return (String::new(), String::new());
    }
    let columns = fields
        .iter()
        .map(|f| format!("`{}`", header(info, f)))
        .collect::<Vec<_>>()
        .join(", ");
    (
        format!(" {records} record(s) were not evaluated, because a value in {columns} could not be read (see the warnings): they are counted neither as passing nor as failing."),
        format!("另有{records}条记录未评价，因其{columns}列中的值无法读取（见警告）：既不计为通过也不计为未通过。"),
    )
}

/// The fields of a CI-relationship export that name the two CIs related (`ci_has_relationship`
/// counts a CI named by either as related).
const RELATIONSHIP_ENDS: [&str; 2] = ["parent", "child"];

fn prepare<'t>(check: &RecordCheck, table: &'t RecordTable, ctx: &Context<'t>) -> Aux<'t> {
    let mut aux = Aux::default();
    if check.name == "ci_unique" {
        let mut seen: HashMap<Caseless<'t>, u32> = HashMap::with_capacity(table.len());
        for i in 0..table.len() {
            if let Some(id) = table.text("id", i) {
                *seen.entry(Caseless(id)).or_default() += 1;
            }
        }
        aux.duplicate_ids = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, _)| k)
            .collect();
    }
    if check.name == "major_incident_reviewed" && !table.has("review_date") {
        aux.named_in_documents = ids_named_in_documents(table, ctx, |i| {
            table.flag("major_incident", i) == Some(true)
        });
    }
    if check.name == "ci_has_relationship" {
        let rels =
            ctx.sets(&TableKind::Records(crate::catalogue::RecordSetKind::CiRelationships).name());
        if !rels.is_empty() {
            let mut related = HashSet::with_capacity(rels.iter().map(|(_, t)| t.len()).sum());
            for (_, t) in rels {
                for i in 0..t.len() {
                    for f in RELATIONSHIP_ENDS {
                        if let Some(v) = t.text(f, i) {
                            related.insert(Caseless(v));
                        }
                    }
                }
            }
            aux.related = Some(related);
        }
    }
    aux
}

/// The ids of the records `wanted` picks that some document of the evidence names, compared
/// without regard to case. Ids shorter than four characters name nothing reliably and are
/// never looked for.
fn ids_named_in_documents<'t>(
    table: &'t RecordTable,
    ctx: &Context<'t>,
    wanted: impl Fn(usize) -> bool,
) -> HashSet<Caseless<'t>> {
    let texts: Vec<String> = ctx
        .evidence
        .document_texts
        .iter()
        .map(|t| t.to_lowercase())
        .collect();
    (0..table.len())
        .filter(|&i| wanted(i))
        .filter_map(|i| table.text("id", i))
        .filter(|id| id.chars().count() >= 4)
        .filter(|id| {
            let id = id.to_lowercase();
            texts.iter().any(|t| t.contains(&id))
        })
        .map(Caseless)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_is_the_same_words_not_a_word_inside_another() {
        assert!(same_person("Li Na", "li na"));
        assert!(same_person("Na, Li", "Li Na"));
        assert!(same_person("Li Na", "Li Na (Service Desk)"));
        assert!(!same_person("Li", "Lina Park"));
        assert!(!same_person("IT", "IT Security"));
        assert!(!same_person("A. Smith", "Service desk"));
        assert!(!same_person("", "Service desk"));
    }

    #[test]
    fn the_checks_said_to_leave_standard_changes_out_are_change_checks() {
        for name in NORMAL_CHANGES_ONLY {
            let check = find(name).unwrap_or_else(|| panic!("{name} is no check"));
            assert_eq!(check.set, "changes", "{name}");
        }
    }

    #[test]
    fn check_names_and_codes_are_unique_and_sets_exist() {
        let mut names = HashSet::new();
        let mut codes = HashSet::new();
        for c in CHECKS {
            assert!(names.insert(c.name), "{}", c.name);
            assert!(codes.insert(c.code), "{}", c.code);
            assert!(c.code.starts_with("REC-"));
            assert!(c.threshold > 0.0 && c.threshold <= 1.0);
        }
        assert!(CHECKS.len() >= 30);
    }

    #[test]
    fn every_field_a_check_declares_is_a_field_of_its_record_set() {
        let problems: Vec<String> = CHECKS.iter().flat_map(|c| c.schema_problems()).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let relationships = schemas()
            .iter()
            .find(|s| s.kind.name() == "ci_relationships")
            .unwrap();
        for f in RELATIONSHIP_ENDS {
            assert!(relationships.field_index(f).is_some(), "{f}");
        }
    }

    /// `priority_matrix` with one of its field names misspelt, declared and read.
    const MISSPELT: RecordCheck = RecordCheck {
        name: "priority_matrix",
        code: "REC-TEST-MISSPELT",
        set: "incidents",
        reference: "C02",
        title: ("priority follows the matrix", "优先级符合矩阵"),
        requires: &["impact", "urgency", "priority"],
        optional: &["priorty_override"],
        period: &["opened_at"],
        threshold: 0.95,
        always_full: false,
        cap: None,
        applies: all,
        passes: |r| r.has("priorty_override"),
        fix: ("", ""),
    };

    #[test]
    fn a_misspelt_field_name_is_caught_against_the_schema() {
        assert_eq!(
            MISSPELT.schema_problems(),
            ["check `priority_matrix` reads `priorty_override`, which is not a field of incidents"]
        );
        let elsewhere = RecordCheck {
            set: "incidnets",
            ..MISSPELT
        };
        assert_eq!(
            elsewhere.schema_problems(),
            ["check `priority_matrix` names unknown set `incidnets`"]
        );
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "reads `priorty_override`, which it declares in neither")]
    fn reading_a_field_the_check_does_not_declare_panics_in_debug_builds() {
        // Declared correctly, read misspelt: the schema test cannot see it; the read can.
        let undeclared = RecordCheck {
            optional: &["priority_override"],
            ..MISSPELT
        };
        assert!(undeclared.schema_problems().is_empty());
        let table = varied_table("incidents", 20);
        with_context(|ctx| run_predicates(&undeclared, &table, ctx));
    }

    #[test]
    fn every_fact_names_two_checks_that_exist() {
        for (check, fact) in FACTS {
            assert!(CHECKS.iter().any(|c| c.name == *check), "{check}");
            assert!(
                FACTS.iter().filter(|(_, f)| f == fact).count() >= 2,
                "{fact}"
            );
        }
    }

    #[test]
    fn every_check_reads_only_the_fields_it_declares() {
        // Each check's predicates run over records whose every field is present or empty by
        // turns, with values that take their branches; a read of an undeclared field panics.
        with_context(|ctx| {
            for check in CHECKS {
                let table = varied_table(check.set, 400);
                let (applied, passed) = run_predicates(check, &table, ctx);
                // The export's own approval verdict is read only where the dates are absent,
                // and this table has every column: its scenario in tests/registry.rs runs it.
                if check.name == "reported_approval_order" {
                    continue;
                }
                assert!(applied > 0, "{} applied to no record", check.name);
                assert!(passed > 0 || check.name == "ci_unique", "{}", check.name);
            }
        });
    }

    /// A table of record set `set` with every field of its schema and `rows` records whose
    /// values (or emptiness) vary with a fixed seed.
    fn varied_table(set: &str, rows: u32) -> RecordTable {
        use crate::evidence::schema::FieldType;
        use crate::evidence::table::{Cell, ReadOptions, TableBuilder};
        let schema = schemas().iter().find(|s| s.kind.name() == set).unwrap();
        let columns: Vec<Option<usize>> = (0..schema.fields.len()).map(Some).collect();
        let mut builder = TableBuilder::new(schema, &columns, &ReadOptions::default());
        let words = [
            "closed",
            "resolved",
            "open",
            "emergency",
            "standard",
            "normal",
            "failed",
            "successful",
            "security",
            "high",
            "low",
            "fix",
            "workaround",
            "Alice",
            "alice",
        ];
        let mut seed: u64 = 20_000;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for row in 0..rows {
            let cells: Vec<Cell> = schema
                .fields
                .iter()
                .map(|f| {
                    if next(3) == 0 {
                        return Cell::Empty;
                    }
                    let text = match f.field_type {
                        FieldType::Id => format!("X{}", row % (rows / 2).max(1)),
                        FieldType::Date => [
                            "2025-03-01",
                            "2025-06-01 09:00",
                            "2025-06-02 10:00",
                            "2026-12-31",
                        ][next(4)]
                        .into(),
                        FieldType::Priority | FieldType::Level => (1 + next(5)).to_string(),
                        FieldType::Bool => ["yes", "no"][next(2)].into(),
                        FieldType::Number => ["0", "1", "5", "90", "99.9", "100"][next(6)].into(),
                        FieldType::Duration => "1:00:00".into(),
                        FieldType::Text | FieldType::Category | FieldType::Presence => {
                            words[next(words.len())].into()
                        }
                    };
                    Cell::Text(text)
                })
                .collect();
            builder.push(row + 2, &cells);
        }
        builder.finish().0
    }

    /// Runs `f` with a context over the built-in catalogue and no evidence.
    fn with_context<R>(f: impl FnOnce(&Context) -> R) -> R {
        let catalogue = crate::catalogue::Catalogue::builtin().unwrap();
        let evidence = crate::evidence::EvidenceIndex {
            workspace: String::new(),
            organisation: String::new(),
            assessment_date: Some("2025-12-31".into()),
            files: Vec::new(),
            record_sets: Vec::new(),
            unrecognised_tables: Vec::new(),
            documents: Vec::new(),
            register: Vec::new(),
            skipped: Vec::new(),
            unread: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            manifest: Default::default(),
            tables: Vec::new(),
            document_texts: Vec::new(),
            audit_plan: None,
            auditor: Default::default(),
        };
        let ctx = Context {
            catalogue: &catalogue,
            evidence: &evidence,
            kind: Default::default(),
            assessment_date: evidence.assessment_timestamp(),
            period: None,
            grading: Default::default(),
            priority_matrix: vec![vec![1, 2, 3], vec![2, 3, 4], vec![3, 4, 5]],
            rules: super::super::rules::KINDS,
            supplied: crate::domain::engagement::EvidenceSupplied::Complete,
        };
        f(&ctx)
    }

    /// Runs `check`'s predicates over `table` as the engine does (`passes` only where the
    /// check applies): how many records it applied to, and how many of those passed.
    fn run_predicates(check: &RecordCheck, table: &RecordTable, ctx: &Context) -> (usize, usize) {
        let params = Params {
            check: check.name.to_string(),
            threshold: None,
            sample: None,
            fields: Vec::new(),
        };
        let mut aux = prepare(check, table, ctx);
        if check.name == "ci_has_relationship" {
            // No relationship export in the context: relate a few CIs, so names are read.
            aux.related = Some(
                (0..50)
                    .step_by(3)
                    .map(|i| Caseless(["X1", "X4", "alice"][i % 3]))
                    .collect(),
            );
        }
        let columns = Columns::new(table, check);
        let (mut applied, mut passed) = (0, 0);
        for i in 0..table.len() {
            let rec = Rec {
                columns: &columns,
                i,
                aux: &aux,
                ctx,
                params: &params,
            };
            if (check.applies)(&rec) {
                applied += 1;
                passed += usize::from((check.passes)(&rec));
            }
        }
        (applied, passed)
    }

    #[test]
    fn caseless_values_match_as_lower_case_text_would() {
        use std::hash::BuildHasher;
        let hasher = std::collections::hash_map::RandomState::new();
        let pairs = [
            ("CI0001234", "ci0001234", true),
            ("Web-Server-01", "WEB-SERVER-01", true),
            ("数据库服务器A", "数据库服务器a", true),
            ("ÉCOLE", "école", true),
            ("\u{212A}elvin", "kelvin", true), // the Kelvin sign folds to ASCII k
            ("CI0001234", "CI0001235", false),
            ("CI1", "CI1 ", false),
            ("", "", true),
        ];
        for (a, b, same) in pairs {
            let (ca, cb) = (Caseless(a), Caseless(b));
            assert_eq!(ca == cb, same, "{a} vs {b}");
            assert_eq!(same, a.to_lowercase() == b.to_lowercase(), "{a} vs {b}");
            if same {
                assert_eq!(hasher.hash_one(ca), hasher.hash_one(cb), "{a} vs {b}");
            }
        }
        let long = "X".repeat(150);
        assert_eq!(
            hasher.hash_one(Caseless(&long)),
            hasher.hash_one(Caseless(&long.to_lowercase()))
        );
    }
}
