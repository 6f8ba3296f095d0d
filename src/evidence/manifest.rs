//! `assessment.toml`: what is assessed, for whom, when, and the scoping requests to judge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits::Limits;
use crate::catalogue::{Catalogue, Framework};
use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity, SourceFile};
use crate::domain::date::Timestamp;
use crate::domain::engagement::{AssessmentKind, ProgrammeMarks, Scope, TeamMember};
pub use crate::grading::GradingOverrides;

/// The file name of the manifest inside a workspace.
pub const MANIFEST_FILE: &str = "assessment.toml";

/// `MAN001`: the manifest cannot be read or parsed.
pub static MANIFEST_UNREADABLE: DiagnosticKind = DiagnosticKind {
    code: "MAN001",
    title: ("assessment.toml cannot be read", "无法读取assessment.toml"),
    explanation: ("The manifest is not UTF-8 text, is not valid TOML, or has a key or value the schema does not accept. It carries scoping decisions, so the run stops rather than guess.", "评估清单不是UTF-8文本、不是有效的TOML，或含有结构不接受的键或值。清单承载范围决定，因此运行停止而不作猜测。"),
    hint: ("fix assessment.toml at the line shown (`iso20k init` writes a commented example)", "按所示行修正assessment.toml（`iso20k init`可生成带注释的示例）"),
};

/// `MAN002`: a manifest value is inconsistent.
pub static MANIFEST_INVALID: DiagnosticKind = DiagnosticKind {
    code: "MAN002",
    title: ("a value in assessment.toml is inconsistent", "assessment.toml中的值不一致"),
    explanation: ("A value parses but makes no sense: a period that ends before it starts, a priority matrix that is not square or has priorities outside 1-5.", "值可以解析但不合理：评估周期的结束早于开始，或优先级矩阵不是方阵、优先级超出1至5。"),
    hint: ("fix the value at the line shown", "修正所示行的值"),
};

/// `MAN003`: the manifest names a clause or requirement the catalogue does not have.
pub static MANIFEST_UNKNOWN_TARGET: DiagnosticKind = DiagnosticKind {
    code: "MAN003",
    title: ("assessment.toml names a clause or requirement the catalogue does not have", "assessment.toml引用了目录中不存在的条款或要求"),
    explanation: ("An exclusion, a process run by another party or a team member's area names something that is not a clause or requirement of the catalogue's clauses (4-9 in the 2011 edition, 4-10 in 2018), or, when `edition` names another edition than the one assessed, an id of that edition with no counterpart in the one assessed. An exclusion of something outside them (`12.3`) is not silently ignored: it is an error, so the scoping decision is looked at.", "删减申请、由其他方运行的过程或审核组成员的领域引用了目录条款（2011版为第4至9章，2018版为第4至10章）以外的条款或要求；或者当`edition`指定的版本不是所评估的版本时，引用的该版本编号在所评估版本中没有对应项。对其以外内容（如`12.3`）的删减不会被静默忽略，而是报错，以便审视该范围决定。"),
    hint: ("use a clause id such as `8.1` or a requirement id such as `8.1-04` (`iso20k catalogue list` shows them)", "使用`8.1`这样的条款编号或`8.1-04`这样的要求编号（`iso20k catalogue list`可列出）"),
};

/// `MAN004`: the `[grading]` table cannot be used.
pub static MANIFEST_GRADING: DiagnosticKind = DiagnosticKind {
    code: "MAN004",
    title: ("the grading profile in assessment.toml cannot be used", "assessment.toml中的评级规则无法使用"),
    explanation: ("`[grading]` names a profile that does not exist, or overrides a value with one outside its range.", "`[grading]`引用了不存在的评级规则，或覆盖值超出范围。"),
    hint: ("pick a profile docs/judgement.md lists (`default`, `strict`) and keep shares between 0 and 1", "选择docs/judgement.md列出的评级规则（`default`、`strict`），比例取0至1之间"),
};

/// `MAN005`: the manifest names an edition iso20k has no catalogue for.
pub static MANIFEST_EDITION: DiagnosticKind = DiagnosticKind {
    code: "MAN005",
    title: ("assessment.toml names an edition with no catalogue", "assessment.toml指定的版本没有对应的要求目录"),
    explanation: ("`edition` picks the edition of ISO/IEC 20000-1 the workspace is assessed against; it must name a built-in catalogue (`2011`, `2018`) or the catalogue given with --catalogue. The run stops rather than assess against an edition nobody asked for.", "`edition`指定工作区所依据的ISO/IEC 20000-1版本，必须是内置要求目录（`2011`、`2018`）或以--catalogue给出的目录。为避免依据未被要求的版本进行评估，运行停止。"),
    hint: ("write `edition = \"2011\"` or `edition = \"2018\"`, or give your own catalogue with --catalogue DIR", "写作`edition = \"2011\"`或`edition = \"2018\"`，或以--catalogue DIR给出自己的要求目录"),
};

/// `MAN006`: a mapping or value rule names a record set or field that does not exist.
pub static MANIFEST_UNKNOWN_FIELD: DiagnosticKind = DiagnosticKind {
    code: "MAN006",
    title: ("a [[mapping]] or [[derive]] in assessment.toml names a file, record set or field that does not exist", "assessment.toml的[[mapping]]或[[derive]]引用了不存在的记录集或字段"),
    explanation: ("A mapping tells iso20k which column holds which field of a record set, and a value rule how a field is derived; a misspelt record set or field name would be ignored, and the checks that read the field would quietly not run. So the run stops at the line, with the nearest name.", "映射告诉iso20k哪一列对应记录集的哪个字段，取值规则说明字段如何推导；拼错的记录集或字段名会被忽略，读取该字段的检查会悄然不运行。因此运行在该行停止，并给出最接近的名称。"),
    hint: ("use a record set and field `iso20k fields` lists (`iso20k fields changes` shows one set)", "使用`iso20k fields`列出的记录集和字段（`iso20k fields changes`显示单个记录集）"),
};

/// Every manifest diagnostic.
pub static DIAGNOSTICS: &[&DiagnosticKind] = &[
    &MANIFEST_UNREADABLE,
    &MANIFEST_INVALID,
    &MANIFEST_UNKNOWN_TARGET,
    &MANIFEST_GRADING,
    &MANIFEST_EDITION,
    &MANIFEST_UNKNOWN_FIELD,
];

/// Who runs a process the provider does not run itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyType {
    /// An external supplier.
    Supplier,
    /// Another part of the provider's own organisation.
    InternalGroup,
    /// The customer.
    Customer,
}

/// A date as written in the manifest: a TOML date or a string in any supported format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct ManifestDate(pub Timestamp);

impl From<ManifestDate> for String {
    fn from(d: ManifestDate) -> String {
        d.0.date_string()
    }
}

impl<'de> Deserialize<'de> for ManifestDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Toml(dt) => dt.to_string(),
            Raw::Text(s) => s,
        };
        Timestamp::parse(&text)
            .map(|t| ManifestDate(t.day()))
            .ok_or_else(|| {
                serde::de::Error::custom(format!("`{text}` is not a date (use YYYY-MM-DD)"))
            })
    }
}

/// The assessment period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: ManifestDate,
    /// Last day.
    pub end: ManifestDate,
}

/// A requested exclusion of a requirement or clause.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// Requirement (`6.4-02`) or clause (`6.4`).
    pub target: String,
    /// The reason given.
    #[serde(default)]
    pub reason: String,
    /// Who runs the process instead, when the reason is that another party does.
    #[serde(default)]
    pub party: Option<String>,
    /// What kind of party that is.
    #[serde(default)]
    pub party_type: Option<PartyType>,
    /// When the manifest names another edition than the one assessed: what `target` was
    /// carried across to, as clause and requirement ids of the catalogue assessed (empty when
    /// `target` is the catalogue's own).
    #[serde(skip)]
    pub carried: Vec<String>,
}

impl Exclusion {
    /// The catalogue's clauses and requirements the exclusion asks to remove: `target`, or
    /// what it was carried across to.
    pub fn targets(&self) -> Vec<String> {
        if self.carried.is_empty() {
            vec![self.target.trim().to_string()]
        } else {
            self.carried.clone()
        }
    }
}

/// A risk acceptance (`[[waiver]]`): a minor nonconformity, observation or opportunity for
/// improvement the provider accepts for a stated reason, approved by a named person, until a
/// date. It never reaches a major or an exclusion (clause 1.2): the checker refuses those.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The finding's code (`interval_gap`, `REC-PRB-NO-ROOT-CAUSE`, …).
    pub finding: String,
    /// The finding's primary requirement.
    pub requirement: String,
    /// The finding's subject, when several findings share code and requirement
    /// (`activity:supplier_review/Fibrelink Networks`); any subject when absent.
    #[serde(default)]
    pub subject: Option<String>,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who approved the acceptance.
    pub approved_by: String,
    /// The last day the acceptance holds.
    pub until: ManifestDate,
}

/// A process (or part of one) operated by another party.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherParty {
    /// Clause of the process (`8.2`) or a requirement.
    pub target: String,
    /// Who operates it.
    pub party: String,
    /// What kind of party.
    pub party_type: PartyType,
}

/// An explicit mapping of a file (and sheet) to a record set, with column names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMapping {
    /// Path relative to the workspace.
    pub file: String,
    /// Sheet name; all sheets when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Record-set kind, e.g. `incidents` or `register`.
    pub record_set: String,
    /// Canonical field → header in the file.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// The file's text encoding (a CSV saved in a legacy code page): `windows-1252`, `gbk`,
    /// `shift_jis` … (WHATWG labels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The order of day and month in the file's numeric dates, when its values cannot tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<crate::domain::date::DateOrder>,
}

/// `assessment.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The edition of ISO/IEC 20000-1 the workspace is assessed against unless `--edition`
    /// says otherwise, by its built-in catalogue's alias or id (`2011`, `2018`); the default
    /// edition when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// The assessed organisation.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The date the assessment speaks for.
    #[serde(default)]
    pub assessment_date: Option<ManifestDate>,
    /// Gap analysis or internal audit.
    #[serde(default)]
    pub kind: Option<AssessmentKind>,
    /// The period whose records are assessed.
    #[serde(default)]
    pub period: Option<Period>,
    /// Whether the evidence is the client's complete SMS documentation and records for the
    /// period (`"complete"`) or a partial submission (`"partial"`): in a partial one an
    /// absent document, record set or activity is not assessed and requested, not a
    /// finding. Internal audits default to complete, gap analyses to partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<crate::domain::engagement::EvidenceSupplied>,
    /// Declared scope.
    #[serde(default)]
    pub scope: Scope,
    /// Assessment or audit team.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    /// How an internal audit was conducted (`[audit]`: client, participants, activities,
    /// diverging opinions), for its report.
    #[serde(
        default,
        skip_serializing_if = "crate::domain::engagement::AuditConduct::is_empty"
    )]
    pub audit: crate::domain::engagement::AuditConduct,
    /// Exclusions asked for.
    #[serde(default, rename = "exclusion")]
    pub exclusions: Vec<Exclusion>,
    /// Processes operated by other parties.
    #[serde(default, rename = "other_party")]
    pub other_parties: Vec<OtherParty>,
    /// Explicit file mappings.
    #[serde(default, rename = "mapping")]
    pub mappings: Vec<FileMapping>,
    /// Value rules (`[[derive]]`): how this client's values mean a field the export does not
    /// carry, replacing or switching off the tool's defaults.
    #[serde(default, rename = "derive", skip_serializing_if = "Vec::is_empty")]
    pub derivations: Vec<crate::evidence::derive::Derivation>,
    /// Priority matrix: `priority_matrix[impact - 1][urgency - 1]` = priority.
    #[serde(default)]
    pub priority_matrix: Option<Vec<Vec<u8>>>,
    /// Declared planned intervals, in months, per activity (e.g. `internal_audit = 12`).
    #[serde(default)]
    pub intervals: BTreeMap<String, u32>,
    /// Reading limits.
    #[serde(default)]
    pub limits: Limits,
    /// Cell values that mean "no value" in this client's exports, besides the built-in ones
    /// (`?`, `NULL`, `N/A`, `—`, `无` …).
    #[serde(default)]
    pub missing_values: Vec<String>,
    /// The grading profile and overrides (`[grading]`).
    #[serde(default)]
    pub grading: GradingOverrides,
    /// The previous assessment of this workspace to follow up, as the path of its
    /// assessment.json relative to the workspace (`assess --previous` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Risk acceptances asked for (`[[waiver]]`).
    #[serde(default, rename = "waiver")]
    pub waivers: Vec<Waiver>,
    /// The processes the internal audit programme audits more often (`[programme]`:
    /// `critical` and `changed` clause lists), read by `iso20k programme`.
    #[serde(default)]
    pub programme: ProgrammeMarks,
}

/// Parses a manifest, turning any problem into a diagnostic at its line and column.
pub fn parse(source: &SourceFile) -> Result<Manifest, Diagnostic> {
    let manifest: Manifest = toml::from_str(&source.text).map_err(|e| {
        let message = e.message().lines().next().unwrap_or("").trim().to_string();
        let at = e.span().map(|s| s.start);
        Diagnostic {
            code: MANIFEST_UNREADABLE.code,
            severity: Severity::Error,
            file: source.name.clone(),
            position: at.map(|offset| source.position(offset)),
            hint: parse_hint(&message, &source.text, at),
            message,
        }
    })?;
    let bad = |message: String, key: &str| Diagnostic {
        code: MANIFEST_INVALID.code,
        severity: Severity::Error,
        file: source.name.clone(),
        position: Some(source.position(source.find_key(0..source.text.len(), key))),
        message,
        hint: "fix assessment.toml (`iso20k init` writes a commented example)".into(),
    };
    if let Some(p) = &manifest.period {
        if p.end < p.start {
            return Err(bad(
                format!(
                    "the period ends ({}) before it starts ({})",
                    p.end.0, p.start.0
                ),
                "period",
            ));
        }
    }
    for w in &manifest.waivers {
        if w.reason.trim().is_empty() || w.approved_by.trim().is_empty() {
            return Err(bad(
                format!(
                    "the waiver of `{}` on {} needs a `reason` and the name of who approved it (`approved_by`)",
                    w.finding, w.requirement
                ),
                "waiver",
            ));
        }
    }
    if let Some(m) = &manifest.priority_matrix {
        let square = !m.is_empty() && m.iter().all(|row| row.len() == m.len());
        if !square || m.iter().flatten().any(|&p| !(1..=5).contains(&p)) {
            return Err(bad(
                "priority_matrix must be square (impact rows × urgency columns) with priorities 1 to 5".into(),
                "priority_matrix",
            ));
        }
    }
    Ok(manifest)
}

/// What to do about a TOML error, for the causes people meet most: a key written under a
/// table it does not belong to, a Windows path in double quotes, text without quotes.
fn parse_hint(message: &str, text: &str, at: Option<usize>) -> String {
    const GENERIC: &str =
        "fix assessment.toml at the line shown (`iso20k init` writes a commented example)";
    if message.contains("escape") {
        return "a backslash starts an escape in a double-quoted TOML string: write paths with forward slashes (\"exports/tickets.csv\") or in single quotes ('exports\\tickets.csv')".into();
    }
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        // The key is one of the manifest's own, written below a table header.
        let top_level = [
            "edition",
            "organisation",
            "assessment_date",
            "kind",
            "priority_matrix",
            "missing_values",
            "previous",
        ];
        if top_level.contains(&key) {
            let table = at
                .and_then(|offset| {
                    text[..offset.min(text.len())]
                        .lines()
                        .rev()
                        .find(|l| l.trim_start().starts_with('['))
                })
                .map(|l| l.trim().to_string())
                .unwrap_or_default();
            return format!(
                "`{key}` is a key of the manifest itself, but it is written under `{table}`: TOML reads every key below a table's header line as part of that table; move `{key}` above the first line that starts with `[`"
            );
        }
        return format!("`{key}` is not a key here: check its spelling, and that it sits under the right table (the message lists the keys this table accepts)");
    }
    if message.contains("invalid string")
        || message.contains("expected a string")
        || message.contains("invalid unquoted")
        || message.contains("must be quoted")
    {
        return "text values need quotes: write `name = \"value\"`".into();
    }
    GENERIC.into()
}

/// The other edition the manifest's ids are written in, when it names one (`edition =
/// "2011"`) that is not the catalogue assessed and that the catalogue maps its requirements
/// to: the ids are then carried across by those mappings ([`carry_across`]).
pub fn other_edition<'c>(manifest: &Manifest, catalogue: &'c Catalogue) -> Option<&'c Framework> {
    let edition = manifest.edition.as_deref()?.trim();
    if catalogue.is_self(edition) {
        return None;
    }
    catalogue
        .framework(edition)
        .filter(|f| f.mapping_key.is_some())
}

/// Carries the manifest's clause and requirement ids (exclusions, other parties, team areas)
/// from the edition it names into the catalogue assessed, by the catalogue's mappings, when
/// they differ ([`other_edition`]); nothing changes otherwise. Returns one note per id
/// carried, saying what it became. An id with no counterpart is an error at its line: the
/// scoping decision it carries must not be dropped.
pub fn carry_across(
    manifest: &mut Manifest,
    source: &SourceFile,
    catalogue: &Catalogue,
) -> Result<Vec<String>, Diagnostic> {
    let Some(framework) = other_edition(manifest, catalogue) else {
        return Ok(Vec::new());
    };
    let mut notes = Vec::new();
    let carry = |id: &str, offset: usize, notes: &mut Vec<String>| {
        let found = catalogue.counterparts(framework, id);
        if found.is_empty() {
            let clause = id.trim().split('-').next().unwrap_or("");
            let known = framework.clauses.iter().any(|c| c.id == clause);
            return Err(Diagnostic {
                code: MANIFEST_UNKNOWN_TARGET.code,
                severity: Severity::Error,
                file: source.name.clone(),
                position: Some(source.position(offset)),
                message: if known {
                    format!(
                        "`{}` of {} has no counterpart in {}: no requirement maps to it",
                        id.trim(),
                        framework.title.en,
                        catalogue.header.id
                    )
                } else {
                    format!(
                        "`{}` is not a clause or requirement of {} (the edition this file names)",
                        id.trim(),
                        framework.title.en
                    )
                },
                hint: format!(
                    "name a clause of {} (`iso20k crosswalk --from {} --to {}` shows what maps where), or write this file in {}'s ids and set `edition` to it",
                    framework.title.en,
                    framework.alias.as_deref().unwrap_or(&framework.id),
                    catalogue.header.alias.as_deref().unwrap_or(&catalogue.header.id),
                    catalogue.header.id
                ),
            });
        }
        notes.push(format!(
            "{} of {} is read as {} of {}",
            id.trim(),
            framework.title.en,
            found.join(", "),
            catalogue.header.id
        ));
        Ok(found)
    };
    for (n, e) in manifest.exclusions.iter_mut().enumerate() {
        let offset = entry_key_offset(source, "exclusion", n, "target");
        e.carried = carry(&e.target, offset, &mut notes)?;
    }
    let mut parties = Vec::new();
    for (n, p) in manifest.other_parties.iter().enumerate() {
        let offset = entry_key_offset(source, "other_party", n, "target");
        for target in carry(&p.target, offset, &mut notes)? {
            parties.push(OtherParty {
                target,
                ..p.clone()
            });
        }
    }
    manifest.other_parties = parties;
    // Every id of a list carried, each counterpart once, in the order found.
    let carry_all = |ids: &[String], offset: usize, notes: &mut Vec<String>| {
        let mut carried: Vec<String> = Vec::new();
        for id in ids {
            for c in carry(id, offset, notes)? {
                if !carried.contains(&c) {
                    carried.push(c);
                }
            }
        }
        Ok(carried)
    };
    for (n, m) in manifest.team.iter_mut().enumerate() {
        for (key, ids) in [("works_in", &mut m.works_in), ("audits", &mut m.audits)] {
            let offset = entry_key_offset(source, "team", n, key);
            *ids = carry_all(ids, offset, &mut notes)?;
        }
    }
    let offset = programme_key_offset(source, "critical");
    manifest.programme.critical = carry_all(&manifest.programme.critical, offset, &mut notes)?;
    let offset = programme_key_offset(source, "changed");
    manifest.programme.changed = carry_all(&manifest.programme.changed, offset, &mut notes)?;
    notes.dedup();
    Ok(notes)
}

/// Where the `n`-th `[[table]]` entry's `key` is written, as a byte offset (the table header
/// when the key is absent, the file's start when the table is not found).
fn entry_key_offset(source: &SourceFile, table: &str, n: usize, key: &str) -> usize {
    let header = format!("[[{table}]]");
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        if line.trim_start().starts_with(&header) {
            starts.push(offset);
        }
        offset += line.len();
    }
    let Some(&start) = starts.get(n) else {
        return source.find_key(0..source.text.len(), table);
    };
    // The entry runs to the next table header of any kind.
    let after_header = start + header.len();
    let end = source.text[after_header..]
        .split_inclusive('\n')
        .scan(after_header, |at, line| {
            let here = *at;
            *at += line.len();
            Some((here, line))
        })
        .find(|(_, line)| line.trim_start().starts_with('['))
        .map_or(source.text.len(), |(here, _)| here);
    let found = source.find_key(after_header..end, key);
    if found == after_header {
        start
    } else {
        found
    }
}

/// Every `[[mapping]]` and `[[derive]]` names a record set and fields it has (`MAN006`).
fn check_fields(manifest: &Manifest, source: &SourceFile) -> Result<(), Diagnostic> {
    use super::schema::schemas;
    let sets: Vec<String> = schemas().iter().map(|s| s.kind.name()).collect();
    let fail = |offset: usize, message: String| Diagnostic {
        code: MANIFEST_UNKNOWN_FIELD.code,
        severity: Severity::Error,
        file: source.name.clone(),
        position: Some(source.position(offset)),
        message,
        hint: MANIFEST_UNKNOWN_FIELD.hint.0.into(),
    };
    let did_you_mean = |word: &str, candidates: &[&str]| -> String {
        crate::domain::nearest(word, candidates.iter().copied())
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default()
    };
    let set_of = |name: &str, table: &str, n: usize| {
        let name = name.trim();
        schemas()
            .iter()
            .find(|s| s.kind.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = sets.iter().map(String::as_str).collect();
                fail(
                    entry_key_offset(source, table, n, "record_set"),
                    format!("`{name}` is not a record set{}", did_you_mean(name, &names)),
                )
            })
    };
    for (n, m) in manifest.mappings.iter().enumerate() {
        let schema = set_of(&m.record_set, "mapping", n)?;
        let fields: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
        for field in m.columns.keys() {
            if schema.field_index(field).is_none() {
                return Err(fail(
                    mapping_column_offset(source, n, field),
                    format!(
                        "`{field}` is not a field of {}{}",
                        m.record_set,
                        did_you_mean(field, &fields)
                    ),
                ));
            }
        }
    }
    for (n, d) in manifest.derivations.iter().enumerate() {
        let Some(set) = &d.record_set else {
            return Err(fail(
                entry_key_offset(source, "derive", n, "field"),
                "a [[derive]] rule needs `record_set`, the record set whose field it derives"
                    .into(),
            ));
        };
        let schema = set_of(set, "derive", n)?;
        if let Some(problem) = d.problem(schema) {
            let fields: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
            let named = std::iter::once(&d.field)
                .chain(&d.from)
                .find(|f| schema.field_index(f).is_none());
            let (key, hint) = match named {
                Some(f) if *f == d.field => ("field", did_you_mean(f, &fields)),
                Some(f) => ("from", did_you_mean(f, &fields)),
                None => ("rule", String::new()),
            };
            return Err(fail(
                entry_key_offset(source, "derive", n, key),
                format!("{problem}{hint}"),
            ));
        }
    }
    Ok(())
}

/// Every `[[mapping]]` names a file of the workspace (`MAN006`): a path that names nothing
/// would leave the file read by its headers alone, the mapping silently unused.
pub fn check_mapping_files(
    manifest: &Manifest,
    source: &SourceFile,
    workspace: &std::path::Path,
) -> Result<(), Diagnostic> {
    for (n, m) in manifest.mappings.iter().enumerate() {
        let relative = m.file.trim().trim_start_matches("./").replace('\\', "/");
        if workspace.join(&relative).is_file() {
            continue;
        }
        let garbled = m.file.chars().any(char::is_control);
        let hint = if garbled {
            "the path holds a control character: in double quotes a backslash starts an escape (`\\t` is a tab); write the path with forward slashes or in single quotes".to_string()
        } else {
            let folder = std::path::Path::new(&relative)
                .parent()
                .map(|p| workspace.join(p))
                .unwrap_or_else(|| workspace.to_path_buf());
            let names: Vec<String> = std::fs::read_dir(&folder)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let file_name = relative.rsplit('/').next().unwrap_or(&relative);
            match crate::domain::nearest(file_name, names.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? Paths are relative to the workspace, with `/` between folders"),
                None => "give the file's path relative to the workspace, with `/` between folders".into(),
            }
        };
        return Err(Diagnostic {
            code: MANIFEST_UNKNOWN_FIELD.code,
            severity: Severity::Error,
            file: source.name.clone(),
            position: Some(source.position(entry_key_offset(source, "mapping", n, "file"))),
            message: format!(
                "the [[mapping]] names `{}`, which is not a file of the workspace",
                m.file.escape_debug()
            ),
            hint,
        });
    }
    Ok(())
}

/// Where column `key` of the `n`-th `[[mapping]]` is written: in its `[mapping.columns]`
/// table or its inline `columns = { … }`, else the entry's header.
fn mapping_column_offset(source: &SourceFile, n: usize, key: &str) -> usize {
    let entry = entry_key_offset(source, "mapping", n, "record_set");
    let end = source.text[entry..]
        .get(1..)
        .and_then(|rest| rest.find("[[mapping]]"))
        .map_or(source.text.len(), |i| entry + 1 + i);
    let columns = source.text[entry..end]
        .find("columns")
        .map_or(entry, |i| entry + i);
    let found = source.find_key(columns..end, key);
    if found == columns {
        entry
    } else {
        found
    }
}

/// Where `key` of the `[programme]` table is written, as a byte offset (the table header
/// when the key is absent, the file's start when the table is).
fn programme_key_offset(source: &SourceFile, key: &str) -> usize {
    let Some(start) = source.text.find("[programme]") else {
        return 0;
    };
    let after = start + "[programme]".len();
    let end = source.text[after..]
        .find("\n[")
        .map_or(source.text.len(), |i| after + i);
    let found = source.find_key(after..end, key);
    if found == after {
        start
    } else {
        found
    }
}

/// Checks what the manifest names against the catalogue: every exclusion, other party, team
/// area and `[programme]` mark must be a clause or requirement of it, and the grading profile must resolve.
/// Each problem is a diagnostic at the line that holds it.
pub fn validate(
    manifest: &Manifest,
    source: &SourceFile,
    catalogue: &Catalogue,
) -> Result<(), Diagnostic> {
    if let Some(edition) = &manifest.edition {
        let builtin = crate::catalogue::builtin_editions()
            .iter()
            .any(|e| e.answers_to(edition));
        if !builtin && !catalogue.is_self(edition.trim()) {
            return Err(Diagnostic {
                code: MANIFEST_EDITION.code,
                severity: Severity::Error,
                file: source.name.clone(),
                position: Some(source.position(source.find_key(0..source.text.len(), "edition"))),
                message: crate::catalogue::unknown_edition_message(edition),
                hint: MANIFEST_EDITION.hint.0.into(),
            });
        }
    }
    let known = |id: &str| {
        let id = id.trim();
        catalogue.clause(id).is_some() || catalogue.requirement(id).is_some()
    };
    let clauses = catalogue.clause_span(crate::i18n::Lang::En);
    let unknown = |what: &str, id: &str, offset: usize, hint: &str| Diagnostic {
        code: MANIFEST_UNKNOWN_TARGET.code,
        severity: Severity::Error,
        file: source.name.clone(),
        position: Some(source.position(offset)),
        message: format!(
            "{what} `{id}` is not a clause or requirement of {} (clauses {clauses})",
            catalogue.header.id
        ),
        hint: format!("{hint}; ids of another edition are carried across when `edition` names it"),
    };
    for (n, e) in manifest.exclusions.iter().enumerate() {
        if let Some(bad) = e.targets().iter().find(|t| !known(t)) {
            return Err(unknown(
                "the exclusion target",
                bad,
                entry_key_offset(source, "exclusion", n, "target"),
                &format!("an exclusion names a clause or a requirement of clauses {clauses} — and is refused under clause 1.2; to narrow the scope, list services and locations under [scope] and remove this entry"),
            ));
        }
    }
    for (n, p) in manifest.other_parties.iter().enumerate() {
        if !known(&p.target) {
            return Err(unknown(
                "the other party's target",
                &p.target,
                entry_key_offset(source, "other_party", n, "target"),
                "name the clause (`8.2`) or requirement of the process the other party operates",
            ));
        }
    }
    for (n, m) in manifest.team.iter().enumerate() {
        for (key, ids) in [("works_in", &m.works_in), ("audits", &m.audits)] {
            if let Some(bad) = ids.iter().find(|id| !known(id)) {
                return Err(unknown(
                    &format!("{}'s {key} entry", m.name),
                    bad,
                    entry_key_offset(source, "team", n, key),
                    &format!("list clause ids such as `8` or `9` (the areas of clauses {clauses})"),
                ));
            }
        }
    }
    // A waiver names a finding of the catalogue assessed; written in another edition, its
    // requirement matches no finding there and the waiver has no effect.
    if other_edition(manifest, catalogue).is_none() {
        for (n, w) in manifest.waivers.iter().enumerate() {
            if catalogue.requirement(w.requirement.trim()).is_none() {
                return Err(unknown(
                    "the waiver's requirement",
                    &w.requirement,
                    entry_key_offset(source, "waiver", n, "requirement"),
                    "name the primary requirement of the finding to accept, as the report gives it (`7.2-06`)",
                ));
            }
        }
    }
    for (key, ids) in [
        ("critical", &manifest.programme.critical),
        ("changed", &manifest.programme.changed),
    ] {
        if let Some(bad) = ids.iter().find(|id| !known(id)) {
            return Err(unknown(
                &format!("[programme] {key} entry"),
                bad,
                programme_key_offset(source, key),
                &format!("list the clauses (`8.1`) or requirements (`8.1-04`) of the {key} processes, within clauses {clauses}"),
            ));
        }
    }
    for (n, m) in manifest.mappings.iter().enumerate() {
        if let Some(label) = &m.encoding {
            if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
                return Err(Diagnostic {
                    code: MANIFEST_INVALID.code,
                    severity: Severity::Error,
                    file: source.name.clone(),
                    position: Some(source.position(entry_key_offset(source, "mapping", n, "encoding"))),
                    message: format!("`{label}` is not a text encoding iso20k knows"),
                    hint: "use a WHATWG label such as `windows-1252`, `iso-8859-1`, `gbk`, `gb18030`, `big5`, `shift_jis` or `utf-16le`".into(),
                });
            }
        }
    }
    check_fields(manifest, source)?;
    if let Err(e) = manifest.grading.resolve() {
        let grading = source.text.find("[grading]").unwrap_or(0);
        let end = source.text[grading + 1..]
            .find("\n[")
            .map_or(source.text.len(), |i| grading + 1 + i);
        return Err(Diagnostic {
            code: MANIFEST_GRADING.code,
            severity: Severity::Error,
            file: source.name.clone(),
            position: Some(source.position(source.find_key(grading..end, e.key))),
            message: e.message,
            hint:
                "fix [grading] in assessment.toml (docs/judgement.md lists the profiles and their values)"
                    .into(),
        });
    }
    Ok(())
}
