//! `iso20k catalogue validate|list|show|crosswalk|export`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use serde::Serialize;

use super::{print, CatalogueCommand, CrosswalkArgs, Failure, ListFormat, TableFormat};
use crate::catalogue::{Catalogue, Crosswalk, CrosswalkRef, Requirement};
use crate::diagnostic;
use crate::i18n::{id_and_title, pad, Lang, Text};
use crate::output::write_atomically;
use crate::{oscal, EXIT_OK};

pub(super) fn run(cmd: CatalogueCommand) -> Result<i32, Failure> {
    match cmd {
        CatalogueCommand::Validate { dir, edition } => validate(dir.as_deref(), edition.as_deref()),
        CatalogueCommand::List {
            format,
            lang,
            catalogue,
        } => {
            let cat = catalogue.load(None)?;
            match format {
                ListFormat::Json => print(&(to_json(&list_json(&cat))? + "\n")),
                ListFormat::Text => print(&list_text(&cat, lang)),
            }
            Ok(EXIT_OK)
        }
        CatalogueCommand::Show {
            id,
            format,
            lang,
            catalogue,
        } => {
            let cat = catalogue.load(None)?;
            match format {
                ListFormat::Json => print(&(to_json(&show_json(&cat, &id)?)? + "\n")),
                ListFormat::Text => print(&show(&cat, &id, lang)?),
            }
            Ok(EXIT_OK)
        }
        CatalogueCommand::Crosswalk(args) => crosswalk(&args),
        CatalogueCommand::Export(args) => export(&args),
    }
}

fn validate(dir: Option<&std::path::Path>, edition: Option<&str>) -> Result<i32, Failure> {
    let choice = super::CatalogueChoice {
        catalogue: dir.map(PathBuf::from),
        edition: edition.map(String::from),
    };
    let cat = choice.load(None)?;
    diagnostic::report(&cat.warnings);
    let name = dir.map_or(format!("built-in catalogue {}", cat.header.edition), |d| {
        d.display().to_string()
    });
    print(&format!(
        "{name}: valid — {} {}, {} clauses, {} requirements, {} document types, {} record types\n",
        cat.header.id,
        cat.header.version,
        cat.clauses.len(),
        cat.requirements.len(),
        cat.document_types.len(),
        cat.record_types.len()
    ));
    print(&review_notes(&cat));
    Ok(EXIT_OK)
}

/// One note per paraphrase the catalogue keeps under review, saying why: the doubts belong
/// to the catalogue's maintainers, not in the titles users read.
fn review_notes(cat: &Catalogue) -> String {
    let mut notes = Vec::new();
    for r in &cat.requirements {
        if let Some(why) = &r.review {
            notes.push(format!("note: {} is under review: {why}\n", r.id));
        }
        for el in &r.elements {
            if let Some(why) = &el.review {
                notes.push(format!("note: {}.{} is under review: {why}\n", r.id, el.id));
            }
        }
    }
    if notes.is_empty() {
        return String::new();
    }
    format!(
        "{} paraphrase(s) carry residual doubt; assess them against a licensed copy of the standard when the exact wording decides a finding:\n{}",
        notes.len(),
        notes.concat()
    )
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Message(format!("cannot write JSON: {e}")))
}

/// Picks the label in the output language.
fn label(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

// ---- list ------------------------------------------------------------------------------------

#[derive(Serialize)]
struct ListJson<'a> {
    catalogue: CatalogueJson<'a>,
    clauses: Vec<ClauseJson<'a>>,
    requirements: Vec<RequirementJson<'a>>,
    document_types: &'a [crate::catalogue::DocumentType],
    record_types: &'a [crate::catalogue::RecordType],
}

#[derive(Serialize)]
struct CatalogueJson<'a> {
    id: &'a str,
    version: &'a str,
    edition: &'a str,
    title: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    predecessor: Option<&'a str>,
}

#[derive(Serialize)]
struct ClauseJson<'a> {
    id: &'a str,
    parent: Option<&'a str>,
    title: &'a Text,
}

#[derive(Serialize)]
struct RequirementJson<'a> {
    id: &'a str,
    clause: &'a str,
    text: &'a Text,
    tailorable: bool,
    other_party_allowed: bool,
    documented: bool,
    records: bool,
    planned_interval: bool,
    agreed_with_customer: bool,
    top_management: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    formerly: &'a [String],
    weight: u32,
    elements: &'a [crate::catalogue::Element],
    typical_evidence: &'a Text,
    #[serde(skip_serializing_if = "Text::is_empty")]
    guidance: &'a Text,
    mappings: BTreeMap<&'a str, &'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transition: Option<&'a crate::catalogue::Transition>,
}

fn list_json(cat: &Catalogue) -> ListJson<'_> {
    // Every mapping key some requirement uses appears on every requirement, empty if need be,
    // so scripts can index without checking.
    let keys: Vec<&str> = cat
        .frameworks
        .iter()
        .filter_map(|f| f.mapping_key.as_deref())
        .filter(|k| cat.requirements.iter().any(|r| r.mappings.contains_key(*k)))
        .collect();
    ListJson {
        catalogue: CatalogueJson {
            id: &cat.header.id,
            version: &cat.header.version,
            edition: &cat.header.edition,
            title: &cat.header.title,
            predecessor: cat.header.predecessor.as_deref(),
        },
        clauses: cat
            .clauses
            .iter()
            .map(|c| ClauseJson {
                id: &c.id,
                parent: c.parent.as_deref(),
                title: &c.title,
            })
            .collect(),
        requirements: cat
            .requirements
            .iter()
            .map(|r| RequirementJson {
                id: &r.id,
                clause: &r.clause,
                text: &r.text,
                tailorable: r.tailorable,
                other_party_allowed: r.other_party_allowed,
                documented: r.documented,
                records: r.records,
                planned_interval: r.planned_interval,
                agreed_with_customer: r.agreed_with_customer,
                top_management: r.top_management,
                review: r.review.as_deref(),
                formerly: &r.formerly,
                weight: r.weight,
                elements: &r.elements,
                typical_evidence: &r.typical_evidence,
                guidance: &r.guidance,
                mappings: keys
                    .iter()
                    .map(|k| (*k, r.mappings.get(*k).map_or(&[][..], |v| v.as_slice())))
                    .collect(),
                transition: r.transition.as_ref(),
            })
            .collect(),
        document_types: &cat.document_types,
        record_types: &cat.record_types,
    }
}

fn list_text(cat: &Catalogue, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {}) — {} {}, {} {}\n",
        cat.header.title.get(lang),
        cat.header.id,
        cat.header.version,
        cat.clauses.len(),
        label(lang, "clauses", "个条款"),
        cat.requirements.len(),
        label(lang, "requirements", "项要求"),
    );
    for clause in &cat.clauses {
        let depth = clause.id.matches('.').count();
        let indent = "  ".repeat(depth);
        let _ = writeln!(out, "{indent}{} {}", clause.id, clause.title.get(lang));
        for r in cat.requirements.iter().filter(|r| r.clause == clause.id) {
            let _ = writeln!(out, "{indent}  {:<11} {}", r.id, r.text.get(lang));
        }
    }
    out
}

// ---- show ------------------------------------------------------------------------------------

/// `catalogue show --format json`: the clause or requirement in the shape `catalogue list
/// --format json` gives it, so a script can use either.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ShowJson<'a> {
    Requirement(RequirementJson<'a>),
    Clause {
        #[serde(flatten)]
        clause: ClauseJson<'a>,
        subclauses: Vec<&'a str>,
        requirements: Vec<&'a str>,
    },
}

fn show_json<'a>(cat: &'a Catalogue, id: &str) -> Result<ShowJson<'a>, Failure> {
    let id = cat.current_id(id).unwrap_or(id);
    if cat.requirement(id).is_some() {
        let list = list_json(cat);
        if let Some(r) = list.requirements.into_iter().find(|r| r.id == id) {
            return Ok(ShowJson::Requirement(r));
        }
    }
    if let Some(c) = cat.clause(id) {
        return Ok(ShowJson::Clause {
            clause: ClauseJson {
                id: &c.id,
                parent: c.parent.as_deref(),
                title: &c.title,
            },
            subclauses: cat.children(&c.id).map(|c| c.id.as_str()).collect(),
            requirements: cat
                .requirements_under(&c.id)
                .map(|r| r.id.as_str())
                .collect(),
        });
    }
    Err(not_found(cat, id))
}

fn show(cat: &Catalogue, id: &str, lang: Lang) -> Result<String, Failure> {
    if let Some(r) = cat.current_id(id).and_then(|id| cat.requirement(id)) {
        return Ok(show_requirement(cat, r, lang));
    }
    if let Some(c) = cat.clause(id) {
        let mut out = String::new();
        let _ = writeln!(out, "{} {}", c.id, c.title.get(lang));
        if let Some(parent) = c.parent.as_deref().and_then(|p| cat.clause(p)) {
            let _ = writeln!(
                out,
                "{}: {} {}",
                label(lang, "Part of", "所属条款"),
                parent.id,
                parent.title.get(lang)
            );
        }
        let children: Vec<_> = cat.children(&c.id).collect();
        if !children.is_empty() {
            let _ = writeln!(out, "\n{}:", label(lang, "Subclauses", "子条款"));
            for child in children {
                let _ = writeln!(out, "  {} {}", child.id, child.title.get(lang));
            }
        }
        let requirements: Vec<_> = cat.requirements_under(&c.id).collect();
        let _ = writeln!(
            out,
            "\n{} ({}):",
            label(lang, "Requirements", "要求"),
            requirements.len()
        );
        for r in requirements {
            let _ = writeln!(out, "  {:<11} {}", r.id, r.text.get(lang));
        }
        return Ok(out);
    }
    Err(not_found(cat, id))
}

/// The failure for an id that is neither a clause nor a requirement, with close ids.
fn not_found(cat: &Catalogue, id: &str) -> Failure {
    let close: Vec<&str> = cat
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .filter(|r| r.starts_with(id) || id.starts_with(r.split('-').next().unwrap_or("")))
        .take(8)
        .collect();
    let suggestion = if close.is_empty() {
        String::new()
    } else {
        format!(" (close: {})", close.join(", "))
    };
    Failure::Message(format!(
        "no clause or requirement `{id}` in {}{suggestion}; run `iso20k catalogue list` to see every id",
        cat.header.id
    ))
}

fn show_requirement(cat: &Catalogue, r: &Requirement, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", r.id, r.text.get(lang));
    for el in &r.elements {
        let _ = writeln!(out, "    .{} {}", el.id, el.text.get(lang));
    }
    let clause_title = cat
        .clause(&r.clause)
        .map(|c| c.title.get(lang))
        .unwrap_or("");
    let top = cat.top_clause(&r.clause);
    let top_title = cat.clause(top).map(|c| c.title.get(lang)).unwrap_or("");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {} {} ({top} {top_title})",
        pad(label(lang, "Clause", "条款"), 10),
        r.clause,
        clause_title
    );
    let mut flags = Vec::new();
    for (on, en, zh) in [
        (r.documented, "documented item", "须形成文件"),
        (r.records, "records", "须有记录"),
        (r.planned_interval, "planned intervals", "按策划的时间间隔"),
        (
            r.agreed_with_customer,
            "agreed with the customer",
            "须与客户商定",
        ),
        (r.top_management, "top management", "最高管理者职责"),
    ] {
        if on {
            flags.push(label(lang, en, zh));
        }
    }
    flags.push(if r.tailorable {
        label(lang, "may be excluded", "可删减")
    } else {
        label(lang, "cannot be excluded", "不可删减")
    });
    flags.push(if r.other_party_allowed {
        label(
            lang,
            "may be operated by another party under the provider's governance",
            "可由其他方在服务提供方的治理下运行",
        )
    } else {
        label(
            lang,
            "only the provider itself can meet it",
            "只能由服务提供方自身满足",
        )
    });
    let _ = writeln!(
        out,
        "{} {}",
        pad(label(lang, "Flags", "属性"), 10),
        flags.join("; ")
    );
    let _ = writeln!(
        out,
        "{} {}",
        pad(label(lang, "Weight", "权重"), 10),
        r.weight
    );
    if !r.formerly.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            pad(label(lang, "Formerly", "原编号"), 10),
            r.formerly.join(", ")
        );
    }
    // Review notes are the maintainers' English; they say what a licensed copy would settle.
    let reviews: Vec<String> = r
        .review
        .iter()
        .cloned()
        .chain(
            r.elements
                .iter()
                .filter_map(|el| el.review.as_ref().map(|why| format!(".{}: {why}", el.id))),
        )
        .collect();
    if !reviews.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            pad(label(lang, "Review", "复核说明"), 10),
            reviews.join(" ")
        );
    }
    let _ = writeln!(
        out,
        "{} {}",
        pad(label(lang, "Evidence", "典型证据"), 10),
        r.typical_evidence.get(lang)
    );
    if !r.guidance.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            pad(label(lang, "Guidance", "指南"), 10),
            r.guidance.get(lang)
        );
    }
    if let Some(amendment) = r.transition.as_ref().and_then(|t| t.amendment.as_deref()) {
        let _ = writeln!(
            out,
            "{} {amendment}",
            pad(label(lang, "Added by", "增补来源"), 10),
        );
    }
    let docs: Vec<String> = cat
        .documents_for(&r.id)
        .map(|d| format!("{} {}", d.id, d.title.get(lang)))
        .collect();
    if !docs.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            pad(label(lang, "Documents", "文件"), 10),
            docs.join("; ")
        );
    }
    let recs: Vec<String> = cat
        .records_for(&r.id)
        .map(|d| format!("{} {}", d.id, d.title.get(lang)))
        .collect();
    if !recs.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            pad(label(lang, "Records", "记录"), 10),
            recs.join("; ")
        );
    }
    for rule in &r.evidence {
        let params: Vec<String> = rule
            .params
            .iter()
            .filter(|(k, _)| *k != "title" && *k != "topics")
            .map(|(k, v)| format!("{k} = {}", serde_json::to_string(v).unwrap_or_default()))
            .collect();
        let _ = writeln!(
            out,
            "{} {:?}{}",
            pad(label(lang, "Rule", "规则"), 10),
            rule.kind,
            if params.is_empty() {
                String::new()
            } else {
                format!(" ({})", params.join(", "))
            }
        );
    }
    if let (Some(t), Some(predecessor)) = (&r.transition, &cat.header.predecessor) {
        let edition = cat
            .framework(predecessor)
            .map_or(predecessor.as_str(), |f| f.title.get(lang));
        let change = match t.change {
            crate::catalogue::Change::New => label(lang, "new", "新增"),
            crate::catalogue::Change::Changed => label(lang, "changed", "变更"),
            crate::catalogue::Change::CarriedOver => label(lang, "carried over", "沿用"),
        };
        let from = if t.from.is_empty() {
            String::new()
        } else {
            format!(" ← {}", t.from.join(", "))
        };
        let _ = writeln!(
            out,
            "{} {change} {} {edition}{from}",
            pad(label(lang, "Since", "版本变化"), 10),
            label(lang, "since", "相对于"),
        );
    }
    let mut first = true;
    for (key, ids) in &r.mappings {
        let Some(framework) = cat.framework_for_mapping(key) else {
            continue;
        };
        let names: Vec<String> = if ids.is_empty() {
            vec![label(lang, "(no counterpart)", "（无对应）").to_string()]
        } else {
            ids.iter()
                .map(|id| {
                    let title = cat
                        .clause_title(&framework.id, id)
                        .map(|t| t.get(lang))
                        .unwrap_or("");
                    id_and_title(id, title)
                })
                .collect()
        };
        let head = if first {
            label(lang, "Mappings", "映射")
        } else {
            ""
        };
        first = false;
        let _ = writeln!(
            out,
            "{} {}: {}",
            pad(head, 10),
            framework.title.get(lang),
            names.join("; ")
        );
    }
    out
}

// ---- export ----------------------------------------------------------------------------------

/// Arguments of `catalogue export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Export format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// The catalogue to export.
    #[command(flatten)]
    pub catalogue: super::CatalogueChoice,
}

/// Formats the catalogue can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A NIST OSCAL catalog (JSON, OSCAL 1.2.1): clauses as groups and controls,
    /// requirements as statement items.
    Oscal,
}

fn export(args: &ExportArgs) -> Result<i32, Failure> {
    let cat = args.catalogue.load(None)?;
    let text = match args.format {
        ExportFormat::Oscal => oscal::to_json(&oscal::catalog(&cat)),
    };
    match &args.out {
        None => print(&text),
        Some(path) => {
            if path.exists() && !args.force {
                return Err(Failure::Message(format!(
                    "`{}` already exists; nothing was written (use --force to replace it)",
                    path.display()
                )));
            }
            write_atomically(path, text.as_bytes()).map_err(Failure::of)?;
            super::print_wrote(path);
        }
    }
    Ok(EXIT_OK)
}

// ---- crosswalk -------------------------------------------------------------------------------

pub(super) fn crosswalk(args: &CrosswalkArgs) -> Result<i32, Failure> {
    let cat = args.catalogue.load(None)?;
    let table = cat.crosswalk(&args.from, &args.to).map_err(Failure::of)?;
    let text = match args.format {
        TableFormat::Json => to_json(&table)? + "\n",
        TableFormat::Text => crosswalk_text(&table, args.lang),
        TableFormat::Csv => crosswalk_csv(&table, args.lang)?,
    };
    print(&text);
    Ok(EXIT_OK)
}

fn refs_text(refs: &[CrosswalkRef], lang: Lang) -> String {
    refs.iter()
        .map(|r| id_and_title(&r.id, r.title.get(lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn crosswalk_text(table: &Crosswalk, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} → {}\n",
        table.from_title.get(lang),
        table.to_title.get(lang)
    );
    let none_from = label(lang, "(new — no counterpart)", "（新增——无对应）");
    let none_to = label(lang, "(no counterpart)", "（无对应）");
    for e in &table.entries {
        let source = if e.source.is_empty() {
            none_from.to_string()
        } else {
            refs_text(&e.source, lang)
        };
        let target = if e.target.is_empty() {
            none_to.to_string()
        } else {
            refs_text(&e.target, lang)
        };
        let _ = writeln!(out, "{source}\n  → {target}");
        if let Some(note) = &e.note {
            let _ = writeln!(out, "  {}", note.get(lang));
        }
        if let Some(cp) = &e.control_points {
            let _ = writeln!(
                out,
                "  {}: {cp}",
                label(
                    lang,
                    "control points 2011 / 2005 (degree of change)",
                    "控制点 2011 / 2005（变化度）"
                )
            );
        }
        let _ = writeln!(out);
    }
    out
}

fn crosswalk_csv(table: &Crosswalk, lang: Lang) -> Result<String, Failure> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        format!("{} ({})", label(lang, "from", "源"), table.from),
        label(lang, "from title", "源标题").to_string(),
        format!("{} ({})", label(lang, "to", "目标"), table.to),
        label(lang, "to title", "目标标题").to_string(),
        label(lang, "note", "说明").to_string(),
        label(lang, "control points", "控制点").to_string(),
    ];
    let fail = |e: csv::Error| Failure::Message(format!("cannot write CSV: {e}"));
    w.write_record(&header).map_err(fail)?;
    let ids = |refs: &[CrosswalkRef]| {
        refs.iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let titles = |refs: &[CrosswalkRef]| {
        refs.iter()
            .map(|r| r.title.get(lang))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for e in &table.entries {
        w.write_record([
            ids(&e.source),
            titles(&e.source),
            ids(&e.target),
            titles(&e.target),
            e.note
                .as_ref()
                .map(|n| n.get(lang).to_string())
                .unwrap_or_default(),
            e.control_points.clone().unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::Message(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure::Message(format!("cannot write CSV: {e}")))
}
