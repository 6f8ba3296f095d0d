//! The requirement catalogue as an OSCAL `catalog`.
//!
//! Each top-level clause with subclauses becomes a group and each subclause a control; a
//! subclause with subclauses of its own (4.5.4) is a control holding them as nested controls,
//! because OSCAL 1.2 lets a group hold groups or controls but not both, and clause 4 holds
//! both kinds. Each requirement is an `item` part of its control's statement, with the English paraphrase as prose
//! and everything else as props: `zh` (the Chinese text), the catalogue flags (`documented`,
//! `records`, `planned-interval`, `agreed-with-customer`, `top-management`, `review` (why a paraphrase is under review, when it is),
//! `tailorable`, `other-party-allowed`), `weight`, and one `mapping` per counterpart clause in
//! another edition or ITIL (`class` names the framework). A requirement's content checklist
//! becomes nested `item` parts; what an auditor usually asks to see becomes an
//! `assessment-method` part holding `assessment-objects`.

use serde::Serialize;

use super::common::{non_empty, BackMatter, Metadata, Property, Props};
use super::ids::{self, UuidScope};
use super::UNDATED;
use crate::catalogue::{Catalogue, Clause, Requirement};
use crate::i18n::Text;

/// An OSCAL catalog file: `{"catalog": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogDocument {
    /// The catalog.
    pub catalog: Catalog,
}

/// An OSCAL `catalog`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Catalog {
    /// Stable UUID, derived from the catalogue id.
    pub uuid: String,
    /// Title, version and provenance.
    pub metadata: Metadata,
    /// Top-level clauses with subclauses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Top-level clauses without subclauses (none in the built-in catalogue).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
    /// Resources (unused by the catalogue export).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_matter: Option<BackMatter>,
}

/// A top-level clause that has subclauses (`group`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Group {
    /// `clause-4`.
    pub id: String,
    /// Always `clause`.
    pub class: String,
    /// English title.
    pub title: String,
    /// `label` (the clause number), `sort-id`, `zh` (the Chinese title).
    pub props: Vec<Property>,
    /// Its subclauses.
    pub controls: Vec<Control>,
}

/// A subclause (`control`): the unit the requirements belong to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Control {
    /// `clause-4.1.1`.
    pub id: String,
    /// Always `subclause`.
    pub class: String,
    /// English title.
    pub title: String,
    /// `label` (the clause number), `sort-id`, `zh` (the Chinese title).
    pub props: Vec<Property>,
    /// The statement (one item per requirement), then one assessment method per requirement
    /// that names typical evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// Its own subclauses (4.5.4.1 inside 4.5.4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

/// A part of a control (`part`): a statement, an item, an assessment method.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Part {
    /// Id, where the part can be referred to (`req-4.1.1-01`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `statement`, `item`, `assessment-method`, `assessment-objects`.
    pub name: String,
    /// Further facts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// English text (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prose: Option<String>,
    /// Sub-parts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// The catalogue as an OSCAL catalog. Pure: the same catalogue always gives the same document
/// (its `last-modified` is [`UNDATED`], as the catalogue has no date of its own).
pub fn catalog(cat: &Catalogue) -> CatalogDocument {
    let tops: Vec<&Clause> = cat.clauses.iter().filter(|c| c.parent.is_none()).collect();
    CatalogDocument {
        catalog: Catalog {
            uuid: catalog_uuid(&cat.header.id),
            metadata: metadata(cat),
            groups: tops
                .iter()
                .filter(|c| !cat.is_leaf(&c.id))
                .map(|c| group(cat, c))
                .collect(),
            controls: tops
                .iter()
                .filter(|c| cat.is_leaf(&c.id))
                .map(|c| control(cat, c))
                .collect(),
            back_matter: None,
        },
    }
}

/// The UUID of the OSCAL catalog of the catalogue with id `catalogue_id` (assessment results
/// cite it too).
pub(super) fn catalog_uuid(catalogue_id: &str) -> String {
    UuidScope::ROOT.uuid(&format!("catalog:{catalogue_id}"))
}

fn metadata(cat: &Catalogue) -> Metadata {
    let header = &cat.header;
    let mut metadata = Metadata::new(&header.title.en, UNDATED.to_string(), &header.version);
    metadata.props = Props::new()
        .ours("zh", &header.title.zh)
        .ours("catalogue-id", &header.id)
        .ours("edition", &header.edition)
        .ours("catalogue-sha256", &cat.sha256)
        .build();
    for framework in cat.frameworks.iter().filter(|f| f.mapping_key.is_some()) {
        metadata.props.extend(
            Props::new()
                .ours_in("mapping-framework", &framework.id, &framework.title.en)
                .build(),
        );
    }
    let copyright = [&header.copyright.en, &header.copyright.zh]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    metadata.remarks = Some(format!(
        "{copyright}\n\nExported by iso20k. The catalogue carries no date, so `last-modified` is \
         the epoch; `version` and the `catalogue-sha256` prop identify the content."
    ));
    metadata
}

/// The props every clause carries: its number, a numeric sort key and its Chinese title.
fn clause_props(clause: &Clause) -> Vec<Property> {
    Props::new()
        .oscal("label", &clause.id)
        .oscal("sort-id", ids::sort_id(&clause.id))
        .ours("zh", &clause.title.zh)
        .build()
}

fn group(cat: &Catalogue, clause: &Clause) -> Group {
    Group {
        id: ids::clause_id(&clause.id),
        class: "clause".to_string(),
        title: non_empty(&clause.title.en, &clause.id),
        props: clause_props(clause),
        controls: cat.children(&clause.id).map(|c| control(cat, c)).collect(),
    }
}

fn control(cat: &Catalogue, clause: &Clause) -> Control {
    let requirements: Vec<&Requirement> = cat
        .requirements
        .iter()
        .filter(|r| r.clause == clause.id)
        .collect();
    let mut parts = Vec::new();
    if !requirements.is_empty() {
        parts.push(Part {
            id: Some(ids::statement_id(&clause.id)),
            name: "statement".to_string(),
            props: Vec::new(),
            prose: None,
            parts: requirements
                .iter()
                .map(|r| requirement_item(cat, r))
                .collect(),
        });
    }
    parts.extend(requirements.iter().filter_map(|r| assessment_method(r)));
    Control {
        id: ids::clause_id(&clause.id),
        class: "subclause".to_string(),
        title: non_empty(&clause.title.en, &clause.id),
        props: clause_props(clause),
        parts,
        controls: cat.children(&clause.id).map(|c| control(cat, c)).collect(),
    }
}

fn requirement_item(cat: &Catalogue, r: &Requirement) -> Part {
    let mut props = Props::new()
        .oscal("label", &r.id)
        .ours("zh", &r.text.zh)
        .flag("documented", r.documented)
        .flag("records", r.records)
        .flag("planned-interval", r.planned_interval)
        .flag("agreed-with-customer", r.agreed_with_customer)
        .flag("top-management", r.top_management)
        .ours("review", r.review.as_deref().unwrap_or_default())
        .flag("tailorable", r.tailorable)
        .flag("other-party-allowed", r.other_party_allowed)
        .ours("weight", r.weight.to_string());
    for (key, clauses) in &r.mappings {
        let framework = cat
            .framework_for_mapping(key)
            .map_or(key.as_str(), |f| f.id.as_str());
        for clause in clauses {
            props = props.ours_in("mapping", framework, clause);
        }
    }
    Part {
        id: Some(ids::requirement_id(&r.id)),
        name: "item".to_string(),
        props: props.build(),
        prose: Some(prose(&r.text, &r.id)),
        parts: r
            .elements
            .iter()
            .map(|el| Part {
                id: Some(ids::element_id(&r.id, &el.id)),
                name: "item".to_string(),
                props: Props::new()
                    .oscal("label", &el.id)
                    .ours("zh", &el.text.zh)
                    .ours("review", el.review.as_deref().unwrap_or_default())
                    .build(),
                prose: Some(prose(&el.text, &el.id)),
                parts: Vec::new(),
            })
            .chain((!r.guidance.is_empty()).then(|| Part {
                id: Some(format!("{}_gdn", ids::requirement_id(&r.id))),
                name: "guidance".to_string(),
                props: Props::new().ours("zh", &r.guidance.zh).build(),
                prose: Some(prose(&r.guidance, &r.id)),
                parts: Vec::new(),
            }))
            .collect(),
    }
}

/// What an auditor usually asks to see, as an `assessment-method` holding
/// `assessment-objects`; none when the catalogue names nothing.
fn assessment_method(r: &Requirement) -> Option<Part> {
    let evidence = &r.typical_evidence;
    if evidence.en.trim().is_empty() && evidence.zh.trim().is_empty() {
        return None;
    }
    Some(Part {
        id: Some(ids::assessment_method_id(&r.id)),
        name: "assessment-method".to_string(),
        props: Props::new().oscal("label", &r.id).build(),
        prose: None,
        parts: vec![Part {
            id: None,
            name: "assessment-objects".to_string(),
            props: Props::new().ours("zh", &evidence.zh).build(),
            prose: Some(prose(evidence, &r.id)),
            parts: Vec::new(),
        }],
    })
}

/// English prose, falling back to the Chinese, then to the id (a validated catalogue has both).
fn prose(text: &Text, id: &str) -> String {
    let en = non_empty(&text.en, "");
    if en.is_empty() {
        non_empty(&text.zh, id)
    } else {
        en
    }
}
