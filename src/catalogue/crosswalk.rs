//! Crosswalks between frameworks: editions of the standard and ITIL versions.
//!
//! Rows are stored once, in one direction; a crosswalk can be read in either direction, and
//! two frameworks without a direct table are joined through this catalogue's own clauses.

use serde::Serialize;

use super::{clause_contains, Catalogue, Change, CrosswalkRow, Framework, Requirement};
use crate::i18n::Text;

/// A clause or process of one framework, with its title.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CrosswalkRef {
    /// Clause number or process id.
    pub id: String,
    /// Title in both languages (empty when the framework does not name it).
    pub title: Text,
}

/// One line of a crosswalk.
#[derive(Debug, Clone, Serialize)]
pub struct CrosswalkEntry {
    /// Clauses of the `from` framework; empty when the target is new.
    pub source: Vec<CrosswalkRef>,
    /// Clauses of the `to` framework; empty when there is no counterpart.
    pub target: Vec<CrosswalkRef>,
    /// What changed, or why they correspond.
    pub note: Option<Text>,
    /// Control points counted by difference analyses, where published.
    pub control_points: Option<String>,
}

/// A crosswalk table between two frameworks.
#[derive(Debug, Clone, Serialize)]
pub struct Crosswalk {
    /// Source framework id.
    pub from: String,
    /// Source framework title.
    pub from_title: Text,
    /// Target framework id.
    pub to: String,
    /// Target framework title.
    pub to_title: Text,
    /// How the table was obtained: `direct`, `reverse` or `via <catalogue id>`.
    pub derivation: String,
    /// The lines, in catalogue order.
    pub entries: Vec<CrosswalkEntry>,
}

/// Why no crosswalk can be given between two frameworks.
#[derive(Debug, thiserror::Error)]
pub enum CrosswalkError {
    /// A name is neither a framework's id nor its alias.
    #[error("unknown framework `{name}`; choose one of: {}", known.join(", "))]
    UnknownFramework {
        /// The name as given.
        name: String,
        /// The names accepted.
        known: Vec<String>,
    },
    /// Both names are the same framework.
    #[error("`--from` and `--to` both name {id}")]
    Same {
        /// The framework's id.
        id: String,
    },
    /// Neither a direct mapping nor one through the catalogue's own framework exists.
    #[error("no crosswalk is defined between {from} and {to}")]
    Undefined {
        /// The first framework's id.
        from: String,
        /// The second framework's id.
        to: String,
    },
}

impl Catalogue {
    /// Framework id and title for a name (id or alias), this catalogue included.
    fn resolve_framework(&self, name: &str) -> Option<(String, Text)> {
        if self.is_self(name) {
            return Some((self.header.id.clone(), self.header.title.clone()));
        }
        self.framework(name)
            .map(|f| (f.id.clone(), f.title.clone()))
    }

    /// Names accepted by [`Catalogue::crosswalk`].
    pub fn framework_names(&self) -> Vec<String> {
        let own = self.header.alias.clone().unwrap_or(self.header.id.clone());
        std::iter::once(own)
            .chain(
                self.frameworks
                    .iter()
                    .map(|f| f.alias.clone().unwrap_or(f.id.clone())),
            )
            .collect()
    }

    /// The crosswalk from framework `from` to framework `to` (ids or aliases).
    pub fn crosswalk(&self, from: &str, to: &str) -> Result<Crosswalk, CrosswalkError> {
        let unknown = |name: &str| CrosswalkError::UnknownFramework {
            name: name.to_string(),
            known: self.framework_names(),
        };
        let (from_id, from_title) = self.resolve_framework(from).ok_or_else(|| unknown(from))?;
        let (to_id, to_title) = self.resolve_framework(to).ok_or_else(|| unknown(to))?;
        if from_id == to_id {
            return Err(CrosswalkError::Same { id: from_id });
        }
        let (rows, derivation) = if let Some(rows) = self.rows_between(&from_id, &to_id) {
            let reversed = self
                .crosswalk
                .iter()
                .all(|r| r.from != from_id || r.to != to_id);
            (
                rows,
                if reversed { "reverse" } else { "direct" }.to_string(),
            )
        } else {
            let own = self.header.id.clone();
            let first = self.rows_between(&from_id, &own).unwrap_or_default();
            let second = self.rows_between(&own, &to_id).unwrap_or_default();
            if first.is_empty() || second.is_empty() {
                return Err(CrosswalkError::Undefined {
                    from: from_id,
                    to: to_id,
                });
            }
            (compose(&first, &second), format!("via {own}"))
        };
        let refs = |framework: &str, ids: &[String]| {
            ids.iter()
                .map(|id| CrosswalkRef {
                    id: id.clone(),
                    title: self
                        .clause_title(framework, id)
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect()
        };
        let entries = rows
            .iter()
            .map(|row| CrosswalkEntry {
                source: refs(&from_id, &row.source),
                target: refs(&to_id, &row.target),
                note: row.note.clone(),
                control_points: row.control_points.clone(),
            })
            .collect();
        Ok(Crosswalk {
            from: from_id,
            from_title,
            to: to_id,
            to_title,
            derivation,
            entries,
        })
    }

    /// Rows from `from` to `to`, stored that way or stored the other way round and flipped.
    fn rows_between(&self, from: &str, to: &str) -> Option<Vec<CrosswalkRow>> {
        let direct: Vec<_> = self
            .crosswalk
            .iter()
            .filter(|r| r.from == from && r.to == to)
            .cloned()
            .collect();
        if !direct.is_empty() {
            return Some(direct);
        }
        let reversed: Vec<_> = self
            .crosswalk
            .iter()
            .filter(|r| r.from == to && r.to == from)
            .map(|r| CrosswalkRow {
                from: from.to_string(),
                to: to.to_string(),
                source: r.target.clone(),
                target: r.source.clone(),
                note: r.note.clone(),
                control_points: r.control_points.clone(),
            })
            .collect();
        (!reversed.is_empty()).then_some(reversed)
    }
}

/// Joins `a → pivot` rows with `pivot → b` rows on overlapping pivot clauses.
fn compose(first: &[CrosswalkRow], second: &[CrosswalkRow]) -> Vec<CrosswalkRow> {
    let overlaps = |x: &str, y: &str| clause_contains(x, y) || clause_contains(y, x);
    first
        .iter()
        .map(|a| {
            let mut target: Vec<String> = Vec::new();
            for b in second {
                if b.source
                    .iter()
                    .any(|s| a.target.iter().any(|t| overlaps(s, t)))
                {
                    for t in &b.target {
                        if !target.contains(t) {
                            target.push(t.clone());
                        }
                    }
                }
            }
            CrosswalkRow {
                from: a.from.clone(),
                to: second.first().map(|b| b.to.clone()).unwrap_or_default(),
                source: a.source.clone(),
                target,
                // Notes describe one step of the chain, not the joined mapping.
                note: None,
                control_points: None,
            }
        })
        .collect()
}

impl Catalogue {
    /// The requirements carried over unchanged (`transition.change = "carried_over"`) from
    /// any of `ids` (requirements, or clauses holding them) of `framework`, in catalogue
    /// order; empty unless `framework` is this catalogue's predecessor. Evidence claimed for
    /// the predecessor's obligation normally meets these, and only these.
    pub fn carried_over_from(&self, framework: &Framework, ids: &[String]) -> Vec<String> {
        if self.header.predecessor.as_deref() != Some(framework.id.as_str()) {
            return Vec::new();
        }
        self.requirements
            .iter()
            .filter(|r| {
                r.transition.as_ref().is_some_and(|t| {
                    t.change == Change::CarriedOver
                        && t.from.iter().any(|from| {
                            ids.iter().any(|id| {
                                let id = id.trim();
                                from == id
                                    || (!id.contains('-')
                                        && clause_contains(
                                            id,
                                            from.split('-').next().unwrap_or(from),
                                        ))
                            })
                        })
                })
            })
            .map(|r| r.id.clone())
            .collect()
    }

    /// This catalogue's counterparts of clause or requirement `id` of `framework` (another
    /// edition), by the requirements' mappings to it: the requirements mapped to `id` or to a
    /// clause inside it, else those mapped to the nearest clause that holds it. A requirement
    /// id of the predecessor edition (`6.1-03`) goes to the requirements whose `transition`
    /// derives from it; any other requirement id (or one nothing derives from) is taken by
    /// its clause (`6.1`), since mappings name clauses. The result names a clause where every
    /// one of its requirements is a counterpart, and requirements otherwise, in catalogue
    /// order; it is empty when nothing maps to `id` (or the framework is mapped under no key).
    pub fn counterparts(&self, framework: &Framework, id: &str) -> Vec<String> {
        let Some(key) = framework.mapping_key.as_deref() else {
            return Vec::new();
        };
        let id = id.trim();
        let clause = id.split('-').next().unwrap_or(id);
        let derived: Vec<&Requirement> =
            if self.header.predecessor.as_deref() == Some(&framework.id) {
                self.requirements
                    .iter()
                    .filter(|r| {
                        r.transition
                            .as_ref()
                            .is_some_and(|t| t.from.iter().any(|f| f == id))
                    })
                    .collect()
            } else {
                Vec::new()
            };
        let mapped = |inside: bool| -> Vec<&Requirement> {
            self.requirements
                .iter()
                .filter(|r| {
                    r.mappings.get(key).is_some_and(|ids| {
                        ids.iter().any(|m| {
                            if inside {
                                clause_contains(clause, m)
                            } else {
                                clause_contains(m, clause)
                            }
                        })
                    })
                })
                .collect()
        };
        let mut found = derived;
        if found.is_empty() {
            found = mapped(true);
        }
        if found.is_empty() {
            found = mapped(false);
        }
        let mut out: Vec<String> = Vec::new();
        for r in &found {
            let whole = self
                .requirements
                .iter()
                .filter(|x| x.clause == r.clause)
                .all(|x| found.iter().any(|f| f.id == x.id));
            let name = if whole { &r.clause } else { &r.id };
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }
}
