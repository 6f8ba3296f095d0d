//! History exports folded to one record per id.
//!
//! An export taken from an ITSM tool's audit trail (ServiceNow's `sys_audit`-style list views,
//! a `sys_history` export, activity logs) has one row per update: an incident appears six times,
//! with `sys_mod_count` and `sys_updated_on` moving on and the state changing from row to row.
//! Read as it is, every count, share and grade built on it is wrong. A record set whose ids are
//! ticket numbers (`history = true` in `record_sets.toml`) and repeat is folded here, in memory
//! and without reading the file again: each id keeps its latest row (by modification count, else
//! update time, else the order of the file), and the history adds what the last row alone cannot
//! show — when the ticket was first opened, first resolved and first closed, how often it was
//! reopened and reassigned, whether its priority changed. Each record keeps all of its source
//! rows, so a finding cites every row of the id.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::schema::Schema;
use super::table::{Column, RecordTable, RowGroups};

/// How a history was folded, for the `evidence` listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fold {
    /// Rows in the source.
    pub source_rows: usize,
    /// Records after folding.
    pub records: usize,
    /// The source column that ordered each id's rows (`sys_mod_count`, `sys_updated_on`),
    /// or `None` when the export carries no history marker and the file's order was used.
    pub ordered_by: Option<String>,
    /// Fields whose values come from the history rather than the last row.
    pub derived: Vec<String>,
}

const RESOLVED: &[&str] = &["resolved", "solved", "已解决", "解决"];
const CLOSED: &[&str] = &["closed", "关闭", "已关闭"];
const DONE: &[&str] = &[
    "resolved",
    "solved",
    "closed",
    "complete",
    "done",
    "cancel",
    "已解决",
    "解决",
    "关闭",
    "完成",
    "取消",
];

fn is_any(value: Option<&str>, words: &[&str]) -> bool {
    value.is_some_and(|v| {
        let v = v.to_lowercase();
        words.iter().any(|w| v.contains(w))
    })
}

/// Folds `table` when its ids repeat and its schema is a ticket set; `header_of(field)` names
/// the source column of a field, for the report.
pub fn fold(
    table: RecordTable,
    schema: &Schema,
    header_of: impl Fn(&str) -> Option<String>,
) -> (RecordTable, Option<Fold>) {
    if !schema.history || !repeats(&table) {
        return (table, None);
    }
    let n = table.len();
    let ids = table.column("id").expect("repeats() found an id column");
    // Rows grouped by id, in the order ids first appear; a row without an id stands alone.
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        match ids.text(i) {
            Some(id) => match group_of.get(id) {
                Some(&g) => groups[g].push(i),
                None => {
                    group_of.insert(id, groups.len());
                    groups.push(vec![i]);
                }
            },
            None => groups.push(vec![i]),
        }
    }
    // Each id's rows in history order: modification count, else update time, else the file.
    let mod_count = table.column("mod_count");
    let updated = table.column("updated_at");
    let ordered_by = if mod_count.is_some() {
        header_of("mod_count")
    } else if updated.is_some() {
        header_of("updated_at")
    } else {
        None
    };
    for g in &mut groups {
        g.sort_by(|&a, &b| {
            let key = |i: usize| {
                (
                    mod_count.and_then(|c| c.number(i)).map(|x| x as i64),
                    updated.and_then(|c| c.date(i)),
                    i,
                )
            };
            key(a).cmp(&key(b))
        });
    }

    // The latest row of each id, for every field.
    let mut columns: Vec<Column> = table.field_types.iter().map(|&t| Column::new(t)).collect();
    let mut unreadable: Vec<Vec<u32>> = vec![Vec::new(); table.fields.len()];
    let mut rows = Vec::with_capacity(groups.len());
    let mut grouped = RowGroups {
        offsets: Vec::with_capacity(groups.len() + 1),
        rows: Vec::with_capacity(n),
    };
    for g in &groups {
        let last = *g.last().expect("groups are never empty");
        for (k, column) in columns.iter_mut().enumerate() {
            column.push_copy(&table.columns[k], last);
            if table.unreadable[k].binary_search(&(last as u32)).is_ok() {
                unreadable[k].push(rows.len() as u32);
            }
        }
        rows.push(table.rows[last]);
        grouped.offsets.push(grouped.rows.len() as u32);
        let mut source: Vec<u32> = g.iter().map(|&i| table.rows[i]).collect();
        source.sort_unstable();
        grouped.rows.extend(source);
    }
    grouped.offsets.push(grouped.rows.len() as u32);
    let mut folded = RecordTable::from_parts(
        table.fields.clone(),
        table.field_types.clone(),
        columns,
        rows,
    )
    .with_unreadable(unreadable)
    .with_groups(grouped);

    let derived = derive(&table, &mut folded, schema, &groups);
    let report = Fold {
        source_rows: n,
        records: folded.len(),
        ordered_by,
        derived,
    };
    (folded, Some(report))
}

/// Whether some id occurs on more than one row. A million-row export is checked through an
/// 8-byte hash per id, sorted, rather than a set of the ids themselves (a quarter of the
/// memory); equal hashes are confirmed on the ids.
fn repeats(table: &RecordTable) -> bool {
    let Some(ids) = table.column("id") else {
        return false;
    };
    let hash = |id: &str| {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        id.hash(&mut h);
        h.finish()
    };
    let mut hashes: Vec<u64> = (0..table.len())
        .filter_map(|i| ids.text(i))
        .map(hash)
        .collect();
    hashes.sort_unstable();
    let doubled: HashSet<u64> = hashes
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(hashes);
    if doubled.is_empty() {
        return false;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    (0..table.len()).any(|i| {
        ids.text(i)
            .is_some_and(|id| doubled.contains(&hash(id)) && !seen.insert(id))
    })
}

/// Fills what the history shows better than the last row; returns the fields it set.
fn derive(
    source: &RecordTable,
    folded: &mut RecordTable,
    schema: &Schema,
    groups: &[Vec<usize>],
) -> Vec<String> {
    let mut derived = Vec::new();
    let state = source.column("state");
    let updated = source.column("updated_at");
    let date = |field: &str, i: usize| source.column(field).and_then(|c| c.date(i));
    // A column of `folded` for `field`, added when the schema has it and the export did not.
    let column_for = |folded: &mut RecordTable, field: &str| -> Option<usize> {
        folded.position(field).or_else(|| {
            let spec = schema.fields.iter().find(|f| f.name == field)?;
            Some(folded.add_field(field, spec.field_type))
        })
    };

    // First opened: the earliest opening date any row carries.
    if let Some(k) = folded.position("opened_at") {
        let mut changed = false;
        for (r, g) in groups.iter().enumerate() {
            if let Some(first) = g.iter().filter_map(|&i| date("opened_at", i)).min() {
                if folded.columns[k].date(r) != Some(first) {
                    folded.columns[k].set_date(r, first);
                    changed = true;
                }
            }
        }
        if changed {
            derived.push("opened_at".to_string());
        }
    }

    // Resolved and closed, where the latest row leaves them blank: when the state first
    // became so, or the first row that carries the date.
    for (field, words) in [("resolved_at", RESOLVED), ("closed_at", CLOSED)] {
        let can_see = source.has(field) || (state.is_some() && updated.is_some());
        if !can_see || schema.field_index(field).is_none() {
            continue;
        }
        let Some(k) = column_for(folded, field) else {
            continue;
        };
        let mut set = false;
        for (r, g) in groups.iter().enumerate() {
            // The export's own value on the latest row stands; only a blank is filled.
            if folded.columns[k].date(r).is_some() {
                continue;
            }
            let from_state = g
                .iter()
                .find(|&&i| is_any(state.and_then(|c| c.text(i)), words))
                .and_then(|&i| updated.and_then(|c| c.date(i)));
            let first = from_state.or_else(|| g.iter().find_map(|&i| date(field, i)));
            if let Some(t) = first {
                folded.columns[k].set_date(r, t);
                set = true;
            }
        }
        if set {
            derived.push(field.to_string());
        }
    }

    // Reopenings: a done state followed by an open one.
    if let Some(state) = state.filter(|_| !source.has("reopen_count")) {
        if let Some(k) = column_for(folded, "reopen_count") {
            for (r, g) in groups.iter().enumerate() {
                let mut reopened = 0;
                let mut was_done = false;
                for &i in g {
                    let Some(s) = state.text(i) else { continue };
                    let done = is_any(Some(s), DONE);
                    if was_done && !done {
                        reopened += 1;
                    }
                    was_done = done;
                }
                folded.columns[k].set_number(r, reopened as f64);
            }
            derived.push("reopen_count".to_string());
        }
    }

    // Reassignments: the assignment group changing from one row to the next.
    if let Some(groups_col) = source
        .column("assignment_group")
        .filter(|_| !source.has("reassignment_count"))
    {
        if let Some(k) = column_for(folded, "reassignment_count") {
            for (r, g) in groups.iter().enumerate() {
                let values: Vec<&str> = g.iter().filter_map(|&i| groups_col.text(i)).collect();
                let moves = values.windows(2).filter(|w| w[0] != w[1]).count();
                folded.columns[k].set_number(r, moves as f64);
            }
            derived.push("reassignment_count".to_string());
        }
    }

    // Priority changed after opening.
    if let Some(priority) = source.column("priority") {
        if schema.field_index("priority_changed").is_some() {
            if let Some(k) = column_for(folded, "priority_changed") {
                for (r, g) in groups.iter().enumerate() {
                    let levels: Vec<u8> = g.iter().filter_map(|&i| priority.level(i)).collect();
                    let changed = levels.windows(2).any(|w| w[0] != w[1]);
                    folded.columns[k].set_flag(r, changed);
                }
                derived.push("priority_changed".to_string());
            }
        }
    }
    derived
}
