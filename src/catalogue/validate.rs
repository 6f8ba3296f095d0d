//! Cross-entry checks: ids unique, references resolve, texts bilingual, every leaf assessed,
//! and nothing in a no-exclusion clause tailorable.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::clause_contains;
use super::codes::CatalogueCode as Code;
use super::loaded::{diagnostic, Loaded, Location};
use super::rules::{KnownTypes, RuleValidator};
use crate::diagnostic::Diagnostic;
use crate::i18n::{Lang, Text};

/// Runs every check, with `rules` judging the evidence rules, and returns the problems found.
pub(super) fn validate(loaded: &Loaded, rules: &dyn RuleValidator) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let c = &loaded.content;

    let clause_ids = unique_ids(
        loaded,
        "clause",
        c.clauses.iter().map(|x| x.id.as_str()),
        &c.clause_locs,
        &mut out,
    );
    let requirement_ids = unique_ids(
        loaded,
        "requirement",
        c.requirements.iter().map(|x| x.id.as_str()),
        &c.requirement_locs,
        &mut out,
    );
    unique_ids(
        loaded,
        "document type",
        c.document_types.iter().map(|x| x.id.as_str()),
        &c.document_type_locs,
        &mut out,
    );
    unique_ids(
        loaded,
        "record type",
        c.record_types.iter().map(|x| x.id.as_str()),
        &c.record_type_locs,
        &mut out,
    );
    unique_ids(
        loaded,
        "framework",
        c.frameworks.iter().map(|x| x.id.as_str()),
        &c.framework_locs,
        &mut out,
    );

    check_former_ids(loaded, &requirement_ids, &mut out);
    check_clauses(loaded, &clause_ids, &mut out);
    check_requirements(loaded, &clause_ids, rules, &mut out);
    check_types(loaded, &requirement_ids, &mut out);
    check_frameworks(loaded, &clause_ids, &mut out);
    check_transitions(loaded, &mut out);
    check_follow_up(loaded, &mut out);
    check_terms(loaded, &mut out);
    out
}

/// A former id (`formerly`) reads as one requirement only: it may be neither a current id nor
/// another requirement's former id.
fn check_former_ids(loaded: &Loaded, requirement_ids: &HashSet<String>, out: &mut Vec<Diagnostic>) {
    let c = &loaded.content;
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (r, loc) in c.requirements.iter().zip(&c.requirement_locs) {
        for old in &r.formerly {
            let clash = if requirement_ids.contains(old) {
                Some(format!(
                    "requirement `{}` was formerly `{old}`, which is still the id of a requirement",
                    r.id
                ))
            } else {
                seen.insert(old, &r.id).map(|other| {
                    format!(
                        "requirements `{other}` and `{}` both claim the former id `{old}`",
                        r.id
                    )
                })
            };
            if let Some(message) = clash {
                out.push(loaded.at_key(Code::DuplicateId, loc, "formerly", message));
            }
        }
    }
}

/// The header's `follow_up` must name requirements of the catalogue.
fn check_follow_up(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let Some(follow_up) = loaded.header.as_ref().and_then(|h| h.follow_up.as_ref()) else {
        return;
    };
    let Some(source) = loaded.sources.first() else {
        return;
    };
    let known: HashSet<&str> = loaded
        .content
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    for id in std::iter::once(&follow_up.corrective_action).chain(&follow_up.verification) {
        if !known.contains(id.as_str()) {
            let offset = source.find_key(0..source.text.len(), "follow_up");
            out.push(diagnostic(
                Code::DanglingRequirement,
                source,
                Some(offset),
                format!("`follow_up` names `{id}`, which is not a requirement of the catalogue"),
            ));
        }
    }
}

/// The predecessor edition and each requirement's `transition`: the predecessor must be a
/// framework of the catalogue; every requirement then says what it owes to it, consistently
/// (new derives from nothing, changed and carried over from something), and every id it
/// derives from names a clause of that framework and, when the predecessor is a shipped
/// catalogue, one of its requirements. Without a predecessor, no requirement may claim one.
fn check_transitions(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let c = &loaded.content;
    let predecessor = loaded
        .header
        .as_ref()
        .and_then(|h| h.predecessor.as_deref());
    let Some(predecessor) = predecessor else {
        for (r, loc) in c.requirements.iter().zip(&c.requirement_locs) {
            if r.transition.is_some() {
                out.push(loaded.at_key(
                    Code::BadTransition,
                    loc,
                    "transition",
                    format!(
                        "requirement `{}` has a `transition`, but catalogue.toml names no `predecessor` it would come from",
                        r.id
                    ),
                ));
            }
        }
        return;
    };
    let Some(framework) = c.frameworks.iter().find(|f| f.id == predecessor) else {
        if let Some(source) = loaded.sources.first() {
            let offset = source.find_key(0..source.text.len(), "predecessor");
            out.push(diagnostic(
                Code::UnknownFramework,
                source,
                Some(offset),
                format!(
                    "`predecessor` names `{predecessor}`, which no [[framework]] of the catalogue declares"
                ),
            ));
        }
        return;
    };
    let clauses: HashSet<&str> = framework.clauses.iter().map(|x| x.id.as_str()).collect();
    let shipped = super::embedded::requirement_ids(predecessor);
    for (r, loc) in c.requirements.iter().zip(&c.requirement_locs) {
        let Some(t) = &r.transition else {
            out.push(loaded.at_key(
                Code::BadTransition,
                loc,
                "id",
                format!(
                    "requirement `{}` does not say what it owes to {predecessor} (add `transition`)",
                    r.id
                ),
            ));
            continue;
        };
        let problem = match (t.change, t.from.is_empty()) {
            (super::Change::New, false) => Some("is `new` but names requirements it comes from"),
            (super::Change::Changed | super::Change::CarriedOver, true) => {
                Some("is changed or carried over but names no requirement it comes from")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            out.push(loaded.at_key(
                Code::BadTransition,
                loc,
                "transition",
                format!("requirement `{}` {problem}", r.id),
            ));
        }
        for id in &t.from {
            let clause = id.split('-').next().unwrap_or(id);
            let known = match &shipped {
                Some(ids) => ids.contains(id),
                None => clauses.contains(clause),
            };
            if !known {
                out.push(loaded.at_key(
                    Code::BadTransition,
                    loc,
                    "transition",
                    format!(
                        "requirement `{}` comes from `{id}`, which is not a requirement of {predecessor}",
                        r.id
                    ),
                ));
            }
        }
    }
}

/// Every Chinese text of the catalogue against the glossary: a variant the glossary rules
/// out is reported where it stands (file, line, column).
fn check_terms(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let c = &loaded.content;
    if c.terms.is_empty() {
        return;
    }
    // (clause the text belongs to, its location, the Chinese text)
    let mut texts: Vec<(&str, &Location, &str)> = Vec::new();
    for (clause, loc) in c.clauses.iter().zip(&c.clause_locs) {
        texts.push((&clause.id, loc, &clause.title.zh));
    }
    for (r, loc) in c.requirements.iter().zip(&c.requirement_locs) {
        texts.push((&r.clause, loc, &r.text.zh));
        texts.push((&r.clause, loc, &r.typical_evidence.zh));
        for e in &r.elements {
            texts.push((&r.clause, loc, &e.text.zh));
        }
    }
    for (d, loc) in c.document_types.iter().zip(&c.document_type_locs) {
        texts.push(("", loc, &d.title.zh));
    }
    for (d, loc) in c.record_types.iter().zip(&c.record_type_locs) {
        texts.push(("", loc, &d.title.zh));
    }
    let mut reported: HashSet<(usize, usize, &str)> = HashSet::new();
    for (clause, loc, text) in texts {
        for term in &c.terms {
            let applies = term.clauses.is_empty()
                || (!clause.is_empty() && term.clauses.iter().any(|t| clause_contains(t, clause)));
            if !applies {
                continue;
            }
            for variant in &term.avoid {
                // An occurrence inside an excepted longer word does not count.
                let stray = |t: &str, at: usize| {
                    !term.except.iter().any(|w| {
                        w.match_indices(variant.as_str()).any(|(k, _)| {
                            at >= k
                                && t.get(at - k..)
                                    .is_some_and(|rest| rest.starts_with(w.as_str()))
                        })
                    })
                };
                if !text
                    .match_indices(variant.as_str())
                    .any(|(at, _)| stray(text, at))
                {
                    continue;
                }
                let source = &loaded.sources[loc.file];
                let within = &source.text[loc.range.clone()];
                let offset = within
                    .match_indices(variant.as_str())
                    .find(|(at, _)| stray(within, *at))
                    .map_or(loc.range.start, |(i, _)| loc.range.start + i);
                if !reported.insert((loc.file, offset, variant.as_str())) {
                    continue;
                }
                let note = if term.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", term.note)
                };
                out.push(diagnostic(
                    Code::GlossaryVariant,
                    source,
                    Some(offset),
                    format!(
                        "`{variant}` for \"{}\": the glossary renders it `{}`{note}",
                        term.en, term.zh
                    ),
                ));
            }
        }
    }
}

fn unique_ids<'a>(
    loaded: &Loaded,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
    locs: &[Location],
    out: &mut Vec<Diagnostic>,
) -> HashSet<String> {
    let mut first: HashMap<&str, &Location> = HashMap::new();
    for (id, loc) in ids.zip(locs) {
        if let Some(earlier) = first.get(id) {
            let source = &loaded.sources[earlier.file];
            let p = source.position(source.find_key(earlier.range.clone(), "id"));
            out.push(loaded.at_key(
                Code::DuplicateId,
                loc,
                "id",
                format!(
                    "duplicate {what} id `{id}` (first defined at {}:{}:{})",
                    source.name, p.line, p.column
                ),
            ));
        } else {
            first.insert(id, loc);
        }
    }
    first.keys().map(|s| s.to_string()).collect()
}

fn missing_text(
    loaded: &Loaded,
    loc: &Location,
    key: &str,
    what: &str,
    text: &Text,
    code: Code,
    out: &mut Vec<Diagnostic>,
) {
    for lang in text.missing() {
        let name = match lang {
            Lang::En => "English",
            Lang::Zh => "Chinese",
        };
        out.push(loaded.at_key(
            code,
            loc,
            key,
            format!("{what} has no {name} `{key}.{lang}`"),
        ));
    }
}

fn check_clauses(loaded: &Loaded, clause_ids: &HashSet<String>, out: &mut Vec<Diagnostic>) {
    let c = &loaded.content;
    let with_requirements: HashSet<&str> = c
        .requirements
        .iter()
        .map(|r| r.clause.as_str())
        .chain(c.clauses_of_broken_requirements.iter().map(String::as_str))
        .collect();
    let parents: HashSet<&str> = c
        .clauses
        .iter()
        .filter_map(|x| x.parent.as_deref())
        .collect();
    for (clause, loc) in c.clauses.iter().zip(&c.clause_locs) {
        let what = format!("clause `{}`", clause.id);
        missing_text(
            loaded,
            loc,
            "title",
            &what,
            &clause.title,
            Code::MissingText,
            out,
        );
        if let Some(parent) = &clause.parent {
            if !clause_ids.contains(parent) {
                out.push(loaded.at_key(
                    Code::DanglingParent,
                    loc,
                    "parent",
                    format!(
                        "clause `{}` has parent `{parent}`, which is not a clause",
                        clause.id
                    ),
                ));
            }
        }
        let is_leaf = !parents.contains(clause.id.as_str());
        if is_leaf && !with_requirements.contains(clause.id.as_str()) {
            out.push(loaded.at_key(
                Code::EmptyLeafClause,
                loc,
                "id",
                format!("leaf subclause `{}` has no requirement", clause.id),
            ));
        }
    }
}

fn check_requirements(
    loaded: &Loaded,
    clause_ids: &HashSet<String>,
    rules: &dyn RuleValidator,
    out: &mut Vec<Diagnostic>,
) {
    let c = &loaded.content;
    let parents: HashSet<&str> = c
        .clauses
        .iter()
        .filter_map(|x| x.parent.as_deref())
        .collect();
    let (no_exclusion, non_delegable) = match &loaded.header {
        Some(h) => (
            h.non_tailorable_clauses.clone(),
            h.non_delegable_clauses.clone(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    // A rule may name a document type, or a record type whose contents a requirement
    // prescribes (a service report, review minutes).
    let known_types = KnownTypes::new(
        c.document_types
            .iter()
            .map(|d| d.id.as_str())
            .chain(c.record_types.iter().map(|r| r.id.as_str())),
    );
    let mapping_keys: HashMap<&str, HashSet<&str>> = c
        .frameworks
        .iter()
        .filter_map(|f| {
            let ids = f.clauses.iter().map(|x| x.id.as_str()).collect();
            f.mapping_key.as_deref().map(|k| (k, ids))
        })
        .collect();
    for (r, loc) in c.requirements.iter().zip(&c.requirement_locs) {
        let what = format!("requirement `{}`", r.id);
        missing_text(loaded, loc, "text", &what, &r.text, Code::MissingText, out);
        missing_text(
            loaded,
            loc,
            "typical_evidence",
            &what,
            &r.typical_evidence,
            Code::MissingEvidenceText,
            out,
        );
        if !r.guidance.is_empty() {
            missing_text(
                loaded,
                loc,
                "guidance",
                &what,
                &r.guidance,
                Code::MissingText,
                out,
            );
        }
        for el in &r.elements {
            let what = format!("element `{}` of requirement `{}`", el.id, r.id);
            missing_text(loaded, loc, "text", &what, &el.text, Code::MissingText, out);
        }
        let mut element_ids = HashSet::new();
        for el in &r.elements {
            if !element_ids.insert(el.id.as_str()) {
                out.push(loaded.at_key(
                    Code::DuplicateId,
                    loc,
                    "id",
                    format!("requirement `{}` lists element `{}` twice", r.id, el.id),
                ));
            }
        }
        if !clause_ids.contains(&r.clause) {
            out.push(loaded.at_key(
                Code::UnknownClause,
                loc,
                "clause",
                format!(
                    "requirement `{}` names clause `{}`, which does not exist",
                    r.id, r.clause
                ),
            ));
        } else if parents.contains(r.clause.as_str()) {
            out.push(loaded.at_key(
                Code::RequirementOnNonLeaf,
                loc,
                "clause",
                format!(
                    "requirement `{}` is attached to `{}`, which has subclauses",
                    r.id, r.clause
                ),
            ));
        }
        if !r.id.starts_with(&format!("{}-", r.clause)) {
            out.push(loaded.at_key(
                Code::IdClauseMismatch,
                loc,
                "id",
                format!(
                    "requirement id `{}` does not start with its clause `{}-`",
                    r.id, r.clause
                ),
            ));
        }
        if !(1..=10).contains(&r.weight) {
            out.push(loaded.at_key(
                Code::InvalidValue,
                loc,
                "weight",
                format!(
                    "requirement `{}` has weight {}; weights run from 1 to 10",
                    r.id, r.weight
                ),
            ));
        }
        if r.tailorable && no_exclusion.iter().any(|c| clause_contains(c, &r.clause)) {
            out.push(loaded.at_key(
                Code::TailorableInNoExclusionClause,
                loc,
                "tailorable",
                format!(
                    "requirement `{}` is marked tailorable, but nothing in clause {} may be excluded",
                    r.id,
                    no_exclusion.iter().find(|c| clause_contains(c, &r.clause)).unwrap()
                ),
            ));
        }
        if r.other_party_allowed && non_delegable.iter().any(|c| clause_contains(c, &r.clause)) {
            out.push(loaded.at_key(
                Code::DelegableInNonDelegableClause,
                loc,
                "other_party_allowed",
                format!(
                    "requirement `{}` may be fulfilled by another party, but its clause cannot be delegated",
                    r.id
                ),
            ));
        }
        for rule in &r.evidence {
            if let Some(problem) = rules.problem(rule, &known_types) {
                out.push(loaded.at_key(
                    Code::InvalidRule,
                    loc,
                    "evidence",
                    format!(
                        "requirement `{}` has a {:?} rule that cannot run: {problem}",
                        r.id, rule.kind
                    ),
                ));
            }
        }
        for (key, ids) in &r.mappings {
            let Some(known) = mapping_keys.get(key.as_str()) else {
                out.push(loaded.at_key(
                    Code::UnknownMappingKey,
                    loc,
                    key,
                    format!(
                        "requirement `{}` maps to `{key}`, which no framework declares",
                        r.id
                    ),
                ));
                continue;
            };
            for id in ids {
                if !known.contains(id.as_str()) {
                    out.push(loaded.at_key(
                        Code::DanglingMapping,
                        loc,
                        key,
                        format!("requirement `{}` maps to {key} `{id}`, which that framework does not list", r.id),
                    ));
                }
            }
        }
    }
}

fn check_types(loaded: &Loaded, requirement_ids: &HashSet<String>, out: &mut Vec<Diagnostic>) {
    let c = &loaded.content;
    for (r, loc) in c.record_types.iter().zip(&c.record_type_locs) {
        for o in &r.occurrences {
            if o.patterns
                .en
                .iter()
                .chain(&o.patterns.zh)
                .all(|p| p.trim().is_empty())
            {
                out.push(loaded.at_key(
                    Code::InvalidValue,
                    loc,
                    "occurrence",
                    format!(
                        "record type `{}`: an occurrence needs at least one title or file-name phrase (patterns.en or patterns.zh)",
                        r.id
                    ),
                ));
            }
        }
    }
    let docs = c
        .document_types
        .iter()
        .map(|d| (&d.id, &d.title, &d.requirements, "document type"));
    let recs = c
        .record_types
        .iter()
        .map(|d| (&d.id, &d.title, &d.requirements, "record type"));
    let locs = c.document_type_locs.iter().chain(&c.record_type_locs);
    for ((id, title, requirements, what), loc) in docs.chain(recs).zip(locs) {
        missing_text(
            loaded,
            loc,
            "title",
            &format!("{what} `{id}`"),
            title,
            Code::MissingText,
            out,
        );
        for r in requirements {
            if !requirement_ids.contains(r) {
                out.push(loaded.at_key(
                    Code::DanglingRequirement,
                    loc,
                    "requirements",
                    format!("{what} `{id}` serves requirement `{r}`, which does not exist"),
                ));
            }
        }
    }
}

fn check_frameworks(loaded: &Loaded, clause_ids: &HashSet<String>, out: &mut Vec<Diagnostic>) {
    let c = &loaded.content;
    let mut known: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (f, loc) in c.frameworks.iter().zip(&c.framework_locs) {
        missing_text(
            loaded,
            loc,
            "title",
            &format!("framework `{}`", f.id),
            &f.title,
            Code::MissingText,
            out,
        );
        let mut seen = HashSet::new();
        for clause in &f.clauses {
            missing_text(
                loaded,
                loc,
                "clauses",
                &format!("framework `{}` clause `{}`", f.id, clause.id),
                &clause.title,
                Code::MissingText,
                out,
            );
            if !seen.insert(clause.id.as_str()) {
                out.push(loaded.at_key(
                    Code::DuplicateId,
                    loc,
                    "clauses",
                    format!("framework `{}` lists clause `{}` twice", f.id, clause.id),
                ));
            }
        }
        let ids = f.clauses.iter().map(|x| x.id.as_str()).collect();
        known.insert(f.id.as_str(), ids);
    }
    let own_id = loaded.header.as_ref().map(|h| h.id.as_str()).unwrap_or("");
    let exists = |framework: &str, id: &str| {
        if framework == own_id {
            clause_ids.contains(id)
        } else {
            known.get(framework).is_some_and(|ids| ids.contains(id))
        }
    };
    for (row, loc) in c.crosswalk.iter().zip(&c.crosswalk_locs) {
        let mut frameworks_ok = true;
        for (key, framework) in [("from", &row.from), ("to", &row.to)] {
            if framework != own_id && !known.contains_key(framework.as_str()) {
                frameworks_ok = false;
                out.push(loaded.at_key(
                    Code::UnknownFramework,
                    loc,
                    key,
                    format!("crosswalk row names framework `{framework}`, which does not exist"),
                ));
            }
        }
        if let Some(note) = &row.note {
            missing_text(
                loaded,
                loc,
                "note",
                "crosswalk row",
                note,
                Code::MissingText,
                out,
            );
        }
        if !frameworks_ok {
            continue;
        }
        for (key, framework, ids) in [
            ("source", &row.from, &row.source),
            ("target", &row.to, &row.target),
        ] {
            for id in ids {
                if !exists(framework, id) {
                    out.push(loaded.at_key(
                        Code::DanglingMapping,
                        loc,
                        key,
                        format!(
                            "crosswalk row names {framework} clause `{id}`, which does not exist"
                        ),
                    ));
                }
            }
        }
    }
}
