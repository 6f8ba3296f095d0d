//! Document-control data read as real documents carry it: title, version, owner, approver,
//! approval, effective and next-review dates, status and document number — with where each
//! value was found, so a finding can cite it.
//!
//! In order of trust: a control table (a header row of labels over a row of values), the
//! latest row of a revision-history table, labelled lines on the first pages and in headers
//! and footers (with or without a colon, in Markdown block quotes and tables, English and
//! Chinese), a signature block, and only then the file's own properties (a DOCX's title and
//! dates, a PDF's Title) — never Word's `cp:revision` save counter as a version. Placeholders
//! (`<Company Name>`, `[Your Name]`, `Company Name`) are never taken as values.

use std::collections::BTreeMap;

use crate::domain::date::Timestamp;

/// A field of document-control data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The document's title.
    Title,
    /// Version or revision number.
    Version,
    /// Owner.
    Owner,
    /// Approver.
    ApprovedBy,
    /// Approval date.
    ApprovedOn,
    /// Effective date.
    EffectiveOn,
    /// Next review date.
    NextReview,
    /// The date of the latest revision (a revision history's row): when the document last
    /// changed, which is no approval.
    RevisedOn,
    /// Status (draft, approved, …).
    Status,
    /// Document number or reference.
    Number,
}

impl Field {
    /// The name used in `sources` and reports.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Version => "version",
            Field::Owner => "owner",
            Field::ApprovedBy => "approved_by",
            Field::ApprovedOn => "approved_on",
            Field::EffectiveOn => "effective_on",
            Field::NextReview => "next_review",
            Field::RevisedOn => "revised_on",
            Field::Status => "status",
            Field::Number => "number",
        }
    }

    fn is_date(self) -> bool {
        matches!(
            self,
            Field::ApprovedOn | Field::EffectiveOn | Field::NextReview | Field::RevisedOn
        )
    }
}

/// Labels of document-control data, longest first within a field so `Next review date` wins
/// over `Review`. Matched case-insensitively at the start of a line or cell.
const LABELS: &[(&str, Field)] = &[
    ("document title", Field::Title),
    ("document name", Field::Title),
    ("policy name", Field::Title),
    ("procedure name", Field::Title),
    ("plan name", Field::Title),
    ("文件名称", Field::Title),
    ("文档名称", Field::Title),
    ("制度名称", Field::Title),
    ("next review date", Field::NextReview),
    ("next review due", Field::NextReview),
    ("next review", Field::NextReview),
    ("review due", Field::NextReview),
    ("review date", Field::NextReview),
    ("下次评审日期", Field::NextReview),
    ("下次评审", Field::NextReview),
    ("复审日期", Field::NextReview),
    ("approval date", Field::ApprovedOn),
    ("date approved", Field::ApprovedOn),
    ("date of approval", Field::ApprovedOn),
    ("approved on", Field::ApprovedOn),
    ("审批日期", Field::ApprovedOn),
    ("批准日期", Field::ApprovedOn),
    ("effective date", Field::EffectiveOn),
    ("date effective", Field::EffectiveOn),
    ("effective from", Field::EffectiveOn),
    ("effective", Field::EffectiveOn),
    ("生效日期", Field::EffectiveOn),
    ("实施日期", Field::EffectiveOn),
    ("approved by", Field::ApprovedBy),
    ("approving authority", Field::ApprovedBy),
    ("approver", Field::ApprovedBy),
    ("批准人", Field::ApprovedBy),
    ("审批人", Field::ApprovedBy),
    ("批准", Field::ApprovedBy),
    ("document owner", Field::Owner),
    ("policy owner", Field::Owner),
    ("owner", Field::Owner),
    ("文件负责人", Field::Owner),
    ("文档负责人", Field::Owner),
    ("负责人", Field::Owner),
    ("编制人", Field::Owner),
    ("编制", Field::Owner),
    ("document version", Field::Version),
    ("version number", Field::Version),
    ("version no", Field::Version),
    ("version", Field::Version),
    ("revision", Field::Version),
    ("rev.", Field::Version),
    ("版本号", Field::Version),
    ("版本", Field::Version),
    ("document status", Field::Status),
    ("status", Field::Status),
    ("文件状态", Field::Status),
    ("状态", Field::Status),
    ("document number", Field::Number),
    ("document no", Field::Number),
    ("document id", Field::Number),
    ("reference", Field::Number),
    ("文件编号", Field::Number),
    ("文档编号", Field::Number),
];

/// Where the control data is looked for: the first lines, and the last (footers).
const FIRST_LINES: usize = 200;
const LAST_LINES: usize = 40;

/// Document-control values and where each came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Control {
    values: BTreeMap<Field, (String, String)>,
    /// Other title candidates after the chosen one, best first, with their sources: the next
    /// one is taken when the chosen title turns out to be the organisation's name.
    title_alternatives: Vec<(String, String)>,
}

impl Control {
    /// The value of `field`, if found.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values.get(&field).map(|(v, _)| v.as_str())
    }

    /// A date field, parsed.
    pub fn date(&self, field: Field) -> Option<Timestamp> {
        self.get(field).and_then(Timestamp::parse)
    }

    /// The other title candidates, best first, with their sources.
    pub fn title_alternatives(&self) -> &[(String, String)] {
        &self.title_alternatives
    }

    /// Where each value was found, by field name.
    pub fn sources(&self) -> BTreeMap<String, String> {
        self.values
            .iter()
            .map(|(f, (_, s))| (f.name().to_string(), s.clone()))
            .collect()
    }

    /// Sets `field` unless a more trusted source already did.
    fn offer(&mut self, field: Field, value: &str, source: impl FnOnce() -> String) {
        if self.values.contains_key(&field) {
            return;
        }
        let value = clean(value);
        if value.is_empty() || placeholder(&value) || value.chars().count() > 120 {
            return;
        }
        if field.is_date() && Timestamp::parse(&value).is_none() {
            return;
        }
        if field == Field::Version && !looks_like_version(&value) {
            return;
        }
        self.values.insert(field, (value, source()));
    }
}

/// What a file says about itself, outside its text.
#[derive(Debug, Clone, Default)]
pub struct FileProperties {
    /// Title property (DOCX core, PDF Info).
    pub title: Option<String>,
    /// Which property it was, for the source.
    pub title_source: &'static str,
    /// The cover's title: a DOCX paragraph in the Title style, else the one set in the
    /// largest type on the first page.
    pub cover_title: Option<String>,
}

fn clean(v: &str) -> String {
    v.trim()
        .trim_matches(|c: char| c == '|' || c == '*' || c == '_' || c == '"')
        .trim()
        .to_string()
}

/// A template placeholder rather than a value: `<Business Name>`, `[Your Name]`,
/// `Company Name`, `TBD`.
pub fn placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_lowercase();
    let bracketed = (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']'))
        || (v.starts_with('{') && v.ends_with('}'));
    const WORDS: &[&str] = &[
        "company name",
        "business name",
        "organisation name",
        "organization name",
        "your name",
        "your company",
        "name",
        "date",
        "title",
        "signature",
        "tbd",
        "tbc",
        "to be confirmed",
        "xxx",
        "xx",
        "n/a",
        "company logo",
        "logo",
        "insert",
        "待定",
        "公司名称",
        "单位名称",
        "姓名",
        "日期",
    ];
    bracketed
        || WORDS.contains(&lower.as_str())
        || lower.starts_with("insert ")
        || lower.starts_with("enter ")
        || lower
            .chars()
            .all(|c| c == 'x' || c == '_' || c == '.' || c == '-' || c == ' ')
}

fn looks_like_version(v: &str) -> bool {
    let v = v
        .trim_start_matches(['v', 'V'])
        .trim_start_matches("ersion")
        .trim();
    v.starts_with(|c: char| c.is_ascii_digit())
        || v.starts_with("第")
        || v.chars().count() <= 3 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// A line with Markdown and list decoration removed: `> Version: 1.3` → `Version: 1.3`.
fn bare(line: &str) -> &str {
    let mut l = line.trim();
    loop {
        let next = l
            .trim_start_matches('>')
            .trim_start_matches(['*', '-', '•'])
            .trim_start();
        if next.len() == l.len() {
            break;
        }
        l = next;
    }
    l
}

/// The cells of a table row (`a | b | c`, or tab-separated), if the line is one.
fn cells(line: &str) -> Option<Vec<String>> {
    let l = bare(line);
    let parts: Vec<String> = if l.contains('|') {
        l.trim_matches('|').split('|').map(clean).collect()
    } else if l.contains('\t') {
        l.split('\t').map(clean).collect()
    } else {
        return None;
    };
    (parts.len() >= 2).then_some(parts)
}

/// The field a cell or line start names, and the rest after the label.
fn label_of(text: &str) -> Option<(Field, &str)> {
    let lower = text.to_lowercase();
    LABELS.iter().find_map(|&(label, field)| {
        let rest = lower.strip_prefix(label)?;
        // The label must end there: `Version` but not `Versioning`.
        if rest.starts_with(|c: char| c.is_alphabetic() && c.is_ascii()) {
            return None;
        }
        Some((field, &text[text.len() - rest.len()..]))
    })
}

/// A label cell of a header row: the whole cell is a label. In a table's header a bare `Date`
/// is a column of dates too (the revision's, in a revision history).
fn header_label(cell: &str) -> Option<Field> {
    let cell = cell.trim().trim_end_matches([':', '：']);
    if ["date", "revision date", "日期", "修订日期"].contains(&cell.to_lowercase().as_str()) {
        return Some(Field::ApprovedOn);
    }
    let (field, rest) = label_of(cell)?;
    rest.trim().is_empty().then_some(field)
}

/// Header words of control and revision tables that name no control field: a revision's
/// author, what changed.
const TEXT_HEADERS: &[&str] = &[
    "author",
    "authors",
    "description",
    "change",
    "changes",
    "change description",
    "description of change",
    "description of changes",
    "comments",
    "comment",
    "summary",
    "reason",
    "reviewer",
    "reviewed by",
    "prepared by",
    "修订人",
    "修订内容",
    "变更内容",
    "修订说明",
    "说明",
    "作者",
    "备注",
    "审核人",
    "编写人",
];

/// How a table's cells are laid out on a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `|`- or tab-separated cells.
    Cells,
    /// Columns set apart by runs of spaces, as PDF text comes out of aligned tables.
    Spaced,
    /// One space between words: cells are told apart by what each column holds.
    Words,
}

/// What a header cell names: a control field, a text column (`Author`), or nothing known.
fn header_cell(cell: &str) -> Option<Option<Field>> {
    if let Some(f) = header_label(cell) {
        return Some(Some(f));
    }
    let lower = cell.trim().trim_end_matches([':', '：']).to_lowercase();
    TEXT_HEADERS.contains(&lower.as_str()).then_some(None)
}

/// Splits a line at runs of two or more spaces.
fn spaced_cells(line: &str) -> Vec<String> {
    line.trim()
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// A table header on this line, if it is one: its cell texts, the field each names, and the
/// layout its rows will have. At least two cells name control fields.
fn header_row(line: &str) -> Option<(Vec<String>, Vec<Option<Field>>, Layout)> {
    let enough = |fields: &[Option<Field>]| fields.iter().filter(|f| f.is_some()).count() >= 2;
    if let Some(header) = cells(line) {
        let fields: Vec<Option<Field>> = header.iter().map(|c| header_label(c)).collect();
        return enough(&fields).then_some((header, fields, Layout::Cells));
    }
    let spaced = spaced_cells(bare(line));
    if spaced.len() >= 2 {
        let known: Option<Vec<Option<Field>>> = spaced.iter().map(|c| header_cell(c)).collect();
        return known
            .filter(|f| enough(f))
            .map(|fields| (spaced, fields, Layout::Spaced));
    }
    // One space apart: the longest run of words (up to four) that is a header cell, then the
    // next; every word must belong to one.
    let words: Vec<&str> = bare(line).split_whitespace().collect();
    if words.len() < 2 || words.len() > 16 {
        return None;
    }
    let (mut header, mut fields) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < words.len() {
        let found = (1..=4.min(words.len() - i)).rev().find_map(|n| {
            let cell = words[i..i + n].join(" ");
            header_cell(&cell).map(|f| (n, cell, f))
        });
        let (n, cell, field) = found?;
        header.push(cell);
        fields.push(field);
        i += n;
    }
    enough(&fields).then_some((header, fields, Layout::Words))
}

/// What a column holds, for telling cells apart in a row of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Version,
    Date,
    Text,
}

fn holds(field: Option<Field>) -> Holds {
    match field {
        Some(Field::Version) => Holds::Version,
        Some(f) if f.is_date() => Holds::Date,
        _ => Holds::Text,
    }
}

/// How many words from the start of `words` make a date (the longest reading, up to four).
fn date_words(words: &[&str]) -> Option<usize> {
    (1..=4.min(words.len()))
        .rev()
        .find(|&n| Timestamp::parse(&words[..n].join(" ")).is_some())
}

/// Whether a cell of kind `h` can start at the start of `words`.
fn starts(h: Holds, words: &[&str]) -> bool {
    match h {
        Holds::Version => words.first().is_some_and(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == 'v' || c == 'V')
                && looks_like_version(w)
        }),
        Holds::Date => date_words(words).is_some(),
        Holds::Text => !words.is_empty(),
    }
}

/// The cells of a table row laid out as the header is, or `None` when the line is no row of
/// it. A row of words is cut by what each column holds: a version, a date (`1 April
/// 2022`), text up to where the next column's kind of value starts.
fn row_cells(line: &str, layout: Layout, fields: &[Option<Field>]) -> Option<Vec<String>> {
    match layout {
        Layout::Cells => cells(line),
        Layout::Spaced => {
            let c = spaced_cells(bare(line));
            if c.len() == fields.len() {
                return Some(c);
            }
            row_of_words(line, fields)
        }
        Layout::Words => row_of_words(line, fields),
    }
}

fn row_of_words(line: &str, fields: &[Option<Field>]) -> Option<Vec<String>> {
    let words: Vec<&str> = bare(line).split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let kinds: Vec<Holds> = fields.iter().map(|f| holds(*f)).collect();
    let mut out = Vec::with_capacity(fields.len());
    let mut i = 0;
    // A row holds a date where the header has a date column, else a version: a numbered
    // heading below the table (`1 Purpose`) is no row.
    let needs = if kinds.contains(&Holds::Date) {
        Holds::Date
    } else {
        Holds::Version
    };
    let mut typed = false;
    for (k, &kind) in kinds.iter().enumerate() {
        let rest = &words[i.min(words.len())..];
        let take = match kind {
            Holds::Version if starts(Holds::Version, rest) => 1,
            Holds::Date => date_words(rest).unwrap_or(0),
            Holds::Version => 0,
            Holds::Text => match kinds.get(k + 1) {
                None => rest.len(),
                Some(&next) => (1..rest.len())
                    .find(|&j| next != Holds::Text && starts(next, &rest[j..]))
                    .unwrap_or(if next == Holds::Text {
                        1.min(rest.len())
                    } else {
                        rest.len()
                    }),
            },
        };
        typed |= take > 0 && kind == needs;
        out.push(rest[..take].join(" "));
        i += take;
    }
    typed.then_some(out)
}

fn is_separator_row(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Reads the control data of a document's text (and file properties).
pub fn read(text: &str, props: &FileProperties) -> Control {
    let lines: Vec<&str> = text.lines().collect();
    let mut window: Vec<usize> = (0..lines.len().min(FIRST_LINES)).collect();
    window.extend(lines.len().saturating_sub(LAST_LINES).max(FIRST_LINES)..lines.len());
    let mut control = Control::default();
    tables(&lines, &window, &mut control);
    labelled_lines(&lines, &window, &mut control);
    signature_block(&lines, &window, &mut control);
    draft_marker(&lines, &mut control);
    title(&lines, props, &mut control);
    control
}

/// Header-row tables: a control table (labels over one row of values) or a revision history
/// (version, date and change columns over many rows: the latest row counts).
fn tables(lines: &[&str], window: &[usize], control: &mut Control) {
    let mut i = 0;
    while i < window.len() {
        let n = window[i];
        let Some((header, fields, layout)) = header_row(lines[n]) else {
            i += 1;
            continue;
        };
        // The data rows under the header, up to a line that is not a row.
        let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
        let mut k = n + 1;
        while k < lines.len() && rows.len() < 50 {
            match row_cells(lines[k], layout, &fields) {
                Some(c) if is_separator_row(&c) => {}
                Some(c) => rows.push((k, c)),
                None if lines[k].trim().is_empty() && rows.is_empty() => {}
                None => break,
            }
            k += 1;
        }
        // A column of authors or changes makes it a history; a control field whose name
        // holds such a word (`Approving Authority`) does not.
        let history = header.iter().zip(&fields).any(|(h, f)| {
            f.is_none() && {
                let h = h.to_lowercase();
                [
                    "change",
                    "description",
                    "comment",
                    "summary",
                    "author",
                    "修订内容",
                    "变更内容",
                    "说明",
                    "修订人",
                ]
                .iter()
                .any(|w| h.contains(w))
            }
        }) && fields.contains(&Some(Field::Version));
        let chosen = if history {
            // The latest revision: the highest version number, else the last row.
            let version_col = fields.iter().position(|f| *f == Some(Field::Version));
            let version_of = |row: &[String]| -> Vec<u32> {
                version_col
                    .and_then(|c| row.get(c))
                    .map(|v| {
                        v.trim_start_matches(['v', 'V'])
                            .split(['.', '-'])
                            .map_while(|p| p.trim().parse::<u32>().ok())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            rows.iter()
                .enumerate()
                .max_by(|(ia, a), (ib, b)| version_of(&a.1).cmp(&version_of(&b.1)).then(ia.cmp(ib)))
                .map(|(_, r)| r)
        } else if let Some(c) = fields.iter().position(|f| *f == Some(Field::Version)) {
            // Several approvals of successive versions: the highest version's row.
            let version_of = |row: &[String]| -> Vec<u32> {
                row.get(c)
                    .map(|v| {
                        v.trim_start_matches(['v', 'V'])
                            .split(['.', '-'])
                            .map_while(|p| p.trim().parse::<u32>().ok())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            rows.iter()
                .enumerate()
                .max_by(|(ia, a), (ib, b)| version_of(&a.1).cmp(&version_of(&b.1)).then(ia.cmp(ib)))
                .map(|(_, r)| r)
        } else {
            rows.first()
        };
        if history {
            // A revision row's date is an approval only where the row records one
            // ("Approved release", "发布"): the latest such row gives the approval date.
            let date_col = fields.iter().position(|f| f.is_some_and(Field::is_date));
            let approval = rows.iter().rev().find(|(_, row)| {
                row.iter()
                    .enumerate()
                    .any(|(c, cell)| Some(c) != date_col && records_approval(cell))
            });
            if let (Some((line, row)), Some(c)) = (approval, date_col) {
                if let Some(value) = row.get(c) {
                    control.offer(Field::ApprovedOn, value, || {
                        format!("revision history, line {} (an approved revision)", line + 1)
                    });
                }
            }
        }
        if let Some((row_line, row)) = chosen {
            for (c, field) in fields.iter().enumerate() {
                let (Some(field), Some(value)) = (field, row.get(c)) else {
                    continue;
                };
                // A revision history's date is the revision's: when the document last
                // changed, not when it was approved.
                let field = match (history, field) {
                    (true, f) if f.is_date() => Field::RevisedOn,
                    (true, Field::Owner) => continue,
                    (_, f) => *f,
                };
                let kind = if history {
                    "revision history"
                } else {
                    "control table"
                };
                control.offer(field, value, || format!("{kind}, line {}", row_line + 1));
            }
        }
        i += 1;
    }
}

/// `Label: value`, `Label value` (for versions and dates), `| Label | value |`, block quotes.
fn labelled_lines(lines: &[&str], window: &[usize], control: &mut Control) {
    for &n in window {
        let line = bare(lines[n]);
        // Key-value table rows and tab-separated pairs, several pairs to a line.
        let parts: Vec<String> = match cells(line) {
            Some(c) => c,
            None => vec![line.to_string()],
        };
        let mut k = 0;
        while k < parts.len() {
            let part = parts[k].as_str();
            let Some((field, rest)) = label_of(part) else {
                k += 1;
                continue;
            };
            let rest = rest.trim_start();
            let value = if let Some(v) = rest.strip_prefix([':', '：']) {
                Some(v.trim().to_string())
            } else if rest.is_empty() {
                // `| Version | 1.0 |`: the value is the next cell.
                parts.get(k + 1).cloned()
            } else if matches!(field, Field::Version) || field.is_date() {
                // `Version 1.0`, `Effective 19 January 2020`: no colon, but the value says
                // what it is.
                Some(rest.to_string())
            } else if matches!(field, Field::Number)
                && !rest.contains(char::is_whitespace)
                && rest.contains(|c: char| c.is_ascii_digit())
            {
                // `Document number ISP-01`: one token with a digit in it is an identifier.
                Some(rest.to_string())
            } else {
                None
            };
            if let Some(v) = value {
                let v = v.split('\t').next().unwrap_or("").to_string();
                control.offer(field, &v, || format!("labelled line {}", n + 1));
            }
            k += if rest.is_empty() { 2 } else { 1 };
        }
    }
}

/// `Approved:` (or `Approval`, `批准`) followed within a few lines by `Name:` and `Date:`.
fn signature_block(lines: &[&str], window: &[usize], control: &mut Control) {
    for &n in window {
        let l = bare(lines[n]).to_lowercase();
        let l = l.trim_end_matches([':', '：']).trim();
        if ![
            "approved",
            "approval",
            "approved by",
            "sign-off",
            "批准",
            "审批",
        ]
        .contains(&l)
        {
            continue;
        }
        for (k, raw) in lines.iter().enumerate().skip(n + 1).take(4) {
            let line = bare(raw);
            let lower = line.to_lowercase();
            // Lower-casing may change byte lengths outside ASCII; such a line is skipped.
            let value = |prefixes: &[&str]| {
                prefixes.iter().find_map(|p| {
                    lower
                        .strip_prefix(p)
                        .and_then(|rest| line.get(line.len().checked_sub(rest.len())?..))
                        .map(|v| v.trim_start_matches([':', '：', ' ']))
                })
            };
            if let Some(v) = value(&["name", "姓名"]) {
                control.offer(Field::ApprovedBy, v, || {
                    format!("signature block, line {}", k + 1)
                });
            } else if let Some(v) = value(&["date", "日期"]) {
                control.offer(Field::ApprovedOn, v, || {
                    format!("signature block, line {}", k + 1)
                });
            }
        }
    }
}

/// Whether a revision row's cell records an approval or release of that revision
/// ("Approved release", "Issued for use", "批准发布"), and not a draft of it.
fn records_approval(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    if is_draft(&lower) || lower.contains("not approved") || lower.contains("unapproved") {
        return false;
    }
    [
        "approved", "approval", "released", "issued", "批准", "发布", "审批",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a status says the document is not (yet) approved: a draft, a version for review
/// or comment, one awaiting approval (`Draft`, `For review`, `Pending approval`, `草稿`,
/// `征求意见稿`, `待批准`).
pub fn is_draft(status: &str) -> bool {
    let lower = status.to_lowercase();
    const WORDS: &[&str] = &[
        "draft",
        "for review",
        "under review",
        "in review",
        "for comment",
        "not approved",
        "unapproved",
        "pending approval",
        "awaiting approval",
        "for approval",
        "work in progress",
        "草稿",
        "草案",
        "征求意见",
        "讨论稿",
        "送审稿",
        "待审批",
        "待批准",
        "未批准",
        "审批中",
        "评审中",
    ];
    WORDS.iter().any(|w| lower.contains(w)) || lower.trim() == "wip"
}

/// A line on the first pages that marks the whole document a draft (`DRAFT`, `Draft for
/// review`, `征求意见稿`): the status, when no labelled status says otherwise.
fn draft_marker(lines: &[&str], control: &mut Control) {
    for (n, line) in lines.iter().take(FIRST_LINES).enumerate() {
        let l = bare(line).trim_start_matches('#').trim();
        if l.is_empty() || l.chars().count() > 40 {
            continue;
        }
        let lower = l.to_lowercase();
        let marker = lower.starts_with("draft")
            || ["草稿", "征求意见稿", "讨论稿", "送审稿"]
                .iter()
                .any(|w| lower.starts_with(w));
        if marker && is_draft(&lower) && label_of(l).is_none() {
            control.offer(Field::Status, l, || format!("draft marker, line {}", n + 1));
            return;
        }
    }
}

/// Whether a line names an organisation rather than a document: a legal entity's name
/// (`Meridian Managed IT Ltd`, `Contoso Retail plc`, `华夏云服务有限公司`). A cover often
/// starts with it; it is never the title.
pub fn looks_like_organisation(text: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "ltd",
        "limited",
        "inc",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "s.a",
        "bv",
        "b.v",
        "nv",
        "pty",
        "corp",
        "corporation",
        "co",
        "lp",
        "llp",
        "srl",
        "spa",
        "s.p.a",
        "oy",
        "ab",
        "kk",
        "sarl",
        "s.a.r.l",
        "ltda",
        "pte",
    ];
    let t = text.trim();
    // "Service Level Agreement – Contoso Retail plc" names a document for an organisation.
    if t.contains(['–', '—', ':', '|', '：'])
        || t.contains(" - ")
        || t.split_whitespace().count() > 7
    {
        return false;
    }
    if ["有限公司", "股份公司", "有限责任公司", "集团"]
        .iter()
        .any(|s| t.ends_with(s))
    {
        return true;
    }
    let last = t
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches(['.', ','])
        .to_lowercase();
    t.split_whitespace().count() >= 2 && SUFFIXES.contains(&last.as_str())
}

/// A section heading every document has, never its title: `Introduction`, `1 Purpose`,
/// `Document control`, `目录`.
fn generic_heading(text: &str) -> bool {
    const GENERIC: &[&str] = &[
        "introduction",
        "purpose",
        "scope",
        "overview",
        "background",
        "definitions",
        "terms and definitions",
        "document control",
        "document information",
        "document history",
        "revision history",
        "version history",
        "change history",
        "change record",
        "contents",
        "table of contents",
        "approval",
        "approvals",
        "references",
        "distribution",
        "executive summary",
        "summary",
        "引言",
        "目的",
        "范围",
        "概述",
        "前言",
        "文件控制",
        "修订记录",
        "修订历史",
        "变更记录",
        "目录",
        "定义",
        "术语和定义",
    ];
    let t = text
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim()
        .trim_end_matches([':', '：'])
        .to_lowercase();
    GENERIC.contains(&t.as_str())
}

/// Whether a text can be a document's title: not empty, not too long, no placeholder, label,
/// table row, draft marker, page furniture, organisation name or bare date.
fn title_like(t: &str) -> bool {
    let t = t.trim();
    let lower = t.to_lowercase();
    !t.is_empty()
        && t.chars().count() <= 120
        && !placeholder(t)
        && label_of(bare(t)).is_none()
        && cells(t).is_none()
        && !(lower.starts_with("draft") && is_draft(t))
        && !looks_like_organisation(t)
        && !lower.starts_with("page ")
        && Timestamp::parse(t).is_none()
        && t.chars().any(char::is_alphabetic)
        && ![
            "confidential",
            "internal",
            "public",
            "restricted",
            "table of contents",
            "contents",
            "目录",
            "内部",
            "机密",
        ]
        .contains(&lower.as_str())
}

/// The title, in order of trust: a labelled one (`Document title: …`), the cover's title (a
/// DOCX Title style or the largest type of the first paragraphs), a PDF's Title property, the
/// first heading that is not a generic section (`Introduction`), the first line that is
/// neither a placeholder, a label, furniture nor an organisation's name, and last a DOCX's
/// title property. A property that is a file name or a template's is never taken. The
/// candidates after the chosen one are kept, best first.
fn title(lines: &[&str], props: &FileProperties, control: &mut Control) {
    let mut candidates: Vec<(String, String)> = Vec::new();
    let property = props.title.as_deref().filter(|t| {
        let lower = t.to_lowercase();
        let file_name = [".doc", ".pdf", ".xls", ".odt", ".rtf"]
            .iter()
            .any(|e| lower.contains(e));
        let template = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "template" || w == "untitled")
            || lower.contains("模板");
        !file_name
            && !template
            && !lower.starts_with("microsoft word")
            && !["title", "document"].contains(&lower.trim())
            && title_like(t)
    });
    if let Some(t) = props.cover_title.as_deref().filter(|t| title_like(t)) {
        candidates.push((clean(t), "cover (title style or largest type)".to_string()));
    }
    // A PDF's text comes in drawing order, headers and company names first: its Title
    // property is the better witness. A DOCX's title property is often a template's left
    // behind: its own text comes first.
    let pdf_property = props.title_source == "PDF Title";
    if let (true, Some(t)) = (pdf_property, property) {
        candidates.push((clean(t), props.title_source.to_string()));
    }
    for (n, l) in lines.iter().take(FIRST_LINES).enumerate() {
        let t = l.trim().trim_start_matches('#').trim();
        if l.trim_start().starts_with('#') && title_like(t) && !generic_heading(t) {
            candidates.push((t.to_string(), format!("first heading, line {}", n + 1)));
            break;
        }
    }
    // The first lines that could be titles, a few of them: should the first turn out to be
    // the organisation's name, the next one is the title.
    lines
        .iter()
        .take(FIRST_LINES)
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim().trim_start_matches('#').trim();
            title_like(t) && !generic_heading(t)
        })
        .take(3)
        .for_each(|(n, l)| {
            let t = l.trim().trim_start_matches('#').trim();
            let kind = if n == 0 { "first line" } else { "line" };
            candidates.push((t.to_string(), format!("{kind}, line {}", n + 1)));
        });
    if let (false, Some(t)) = (pdf_property, property) {
        candidates.push((clean(t), props.title_source.to_string()));
    }
    for (value, source) in candidates {
        let seen = control
            .get(Field::Title)
            .is_some_and(|t| t.eq_ignore_ascii_case(&value))
            || control
                .title_alternatives
                .iter()
                .any(|(v, _)| v.eq_ignore_ascii_case(&value));
        if seen {
            continue;
        }
        if control.get(Field::Title).is_none() {
            control.offer(Field::Title, &value, || source.clone());
            if control.get(Field::Title).is_some() {
                continue;
            }
        }
        control.title_alternatives.push((value, source));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Control {
        read(text, &FileProperties::default())
    }

    #[test]
    fn a_header_row_control_table_is_read_by_column() {
        let c = read_text("# Information Security Policy\n\nVersion\tApproved by\tApproval date\tNext review\n1.0\tChief Information Officer\t19 January 2020\tMarch 2021\n\nPurpose …");
        assert_eq!(c.get(Field::Version), Some("1.0"));
        assert_eq!(c.get(Field::ApprovedBy), Some("Chief Information Officer"));
        assert_eq!(c.date(Field::ApprovedOn).unwrap().to_string(), "2020-01-19");
        assert_eq!(c.sources()["version"], "control table, line 4");
        assert_eq!(c.get(Field::Title), Some("Information Security Policy"));
        // `March 2021` is no date: not taken.
        assert_eq!(c.get(Field::NextReview), None);
    }

    #[test]
    fn the_latest_revision_of_a_history_table_counts() {
        let c = read_text("Access Control Procedure\n| Version | Date | Description |\n|---|---|---|\n| 0.9 | 2021-11-02 | Draft |\n| 1.0 | 1 April 2022 | Approved release |\n| 1.1 | 2023-05-20 | Review |\n");
        assert_eq!(c.get(Field::Version), Some("1.1"));
        // The latest revision's date is when it changed; the approval is the latest row
        // that records one.
        assert_eq!(c.date(Field::RevisedOn).unwrap().to_string(), "2023-05-20");
        assert_eq!(c.date(Field::ApprovedOn).unwrap().to_string(), "2022-04-01");
        assert!(c.sources()["version"].starts_with("revision history"));
        assert!(c.sources()["approved_on"].ends_with("(an approved revision)"));
    }

    #[test]
    fn tables_laid_out_in_columns_of_pdf_text_are_read() {
        // As PDF text extraction gives them: one space between cells, a title line above.
        let c = read_text("Meridian Managed IT Ltd\nChange Management Procedure\nRevision History\nVersion Date Author Change\n0.9 14 Feb 2022 J. Smith First draft\n1.0 1 Mar 2022 J. Smith Initial release\nDocument Approver\nVersion Approval Date Approving Authority\n1.0 1 April 2022 Board of Directors\n1 Purpose\nThis procedure …\n");
        assert_eq!(c.get(Field::Version), Some("1.0"));
        assert_eq!(c.date(Field::ApprovedOn).unwrap().to_string(), "2022-04-01");
        assert_eq!(c.get(Field::ApprovedBy), Some("Board of Directors"));
        assert_eq!(c.date(Field::RevisedOn).unwrap().to_string(), "2022-03-01");
        assert_eq!(c.get(Field::Title), Some("Change Management Procedure"));
        // Aligned with runs of spaces, and in Chinese.
        let c =
            read_text("信息安全方针\n版本    日期          批准人\nV2.1    2026年3月1日   王伟\n");
        assert_eq!(c.get(Field::Version), Some("V2.1"));
        assert_eq!(c.get(Field::ApprovedBy), Some("王伟"));
        assert_eq!(c.date(Field::ApprovedOn).unwrap().to_string(), "2026-03-01");
        // Prose that happens to start with a label is no table.
        let c = read_text("Policy\nStatus Date\nThe status date is set by the owner.\n");
        assert_eq!(c.date(Field::ApprovedOn), None);
    }

    #[test]
    fn titles_skip_the_organisation_generic_headings_and_take_the_cover() {
        let c = read_text("# Introduction\nThis plan sets out …\n");
        assert_eq!(c.get(Field::Title), Some("This plan sets out …"));
        let props = FileProperties {
            cover_title: Some("Disaster Recovery Plan".into()),
            ..FileProperties::default()
        };
        let c = read("# Introduction\nThis plan sets out …\n", &props);
        assert_eq!(c.get(Field::Title), Some("Disaster Recovery Plan"));
        assert_eq!(c.sources()["title"], "cover (title style or largest type)");
        let c = read_text("Contoso Retail plc\nService Level Agreement – Contoso Retail plc\n");
        assert_eq!(
            c.get(Field::Title),
            Some("Service Level Agreement – Contoso Retail plc")
        );
        let props = FileProperties {
            title: Some("Microsoft Word - DRP_v3.docx".into()),
            title_source: "DOCX title property",
            ..FileProperties::default()
        };
        let c = read("华夏云服务有限公司\n灾难恢复计划\n", &props);
        assert_eq!(c.get(Field::Title), Some("灾难恢复计划"));
        assert!(looks_like_organisation("Meridian Managed IT Ltd."));
        assert!(!looks_like_organisation("Change Management Procedure"));
    }

    #[test]
    fn a_draft_with_a_revision_history_has_no_approval() {
        let c = read_text("Incident Management Procedure\nStatus: Draft\nApproved by:\n| Version | Date | Author | Change |\n|---|---|---|---|\n| 1.2 | 2026-08-14 | K. Osei | Restructured |\n| 1.3 | 2026-10-03 | K. Osei | SC comments incorporated |\n");
        assert_eq!(c.get(Field::Status), Some("Draft"));
        assert_eq!(c.get(Field::ApprovedBy), None);
        assert_eq!(c.date(Field::ApprovedOn), None);
        assert_eq!(c.date(Field::RevisedOn).unwrap().to_string(), "2026-10-03");
        let c = read_text("DRAFT – for review\nChange Management Procedure\nVersion 0.4\n");
        assert!(is_draft(c.get(Field::Status).unwrap()));
        assert_eq!(c.sources()["status"], "draft marker, line 1");
        assert_eq!(c.get(Field::Title), Some("Change Management Procedure"));
        for s in [
            "Draft",
            "draft v0.3",
            "For review",
            "Pending approval",
            "草稿",
            "征求意见稿",
            "待批准",
        ] {
            assert!(is_draft(s), "{s}");
        }
        for s in ["Approved", "Released", "已批准", "Final"] {
            assert!(!is_draft(s), "{s}");
        }
    }

    #[test]
    fn labels_without_colons_block_quotes_and_chinese() {
        let c = read_text("Service Continuity Plan\nVersion 1.0\nEffective 19 January 2020\n");
        assert_eq!(c.get(Field::Version), Some("1.0"));
        assert_eq!(
            c.date(Field::EffectiveOn).unwrap().to_string(),
            "2020-01-19"
        );
        let c = read_text(
            "# Release Policy\n\n> Version: 1.3\n> Approved by: CEO\n> Next review: 2027-02-20\n",
        );
        assert_eq!(c.get(Field::Version), Some("1.3"));
        assert_eq!(c.get(Field::ApprovedBy), Some("CEO"));
        assert_eq!(c.date(Field::NextReview).unwrap().to_string(), "2027-02-20");
        let c = read_text("变更管理程序\n文件编号：QP-09\n版本号：V2.0\n批准人：王伟\n生效日期：2026年3月1日\n下次评审：2027年3月1日\n");
        assert_eq!(c.get(Field::Number), Some("QP-09"));
        assert_eq!(c.get(Field::Version), Some("V2.0"));
        assert_eq!(c.get(Field::ApprovedBy), Some("王伟"));
        assert_eq!(
            c.date(Field::EffectiveOn).unwrap().to_string(),
            "2026-03-01"
        );
        assert_eq!(c.get(Field::Title), Some("变更管理程序"));
    }

    #[test]
    fn a_signature_block_gives_approver_and_date() {
        let c = read_text("Supplier Management Policy\n\nScope …\n\nApproved:\nName: Dana Whitfield, COO\nDate: 2025-09-30\n");
        assert_eq!(c.get(Field::ApprovedBy), Some("Dana Whitfield, COO"));
        assert_eq!(c.date(Field::ApprovedOn).unwrap().to_string(), "2025-09-30");
        assert_eq!(c.sources()["approved_by"], "signature block, line 6");
    }

    #[test]
    fn placeholders_and_label_cells_are_never_values_or_titles() {
        let c = read_text("<Business Name>\nIncident Response Plan\nOwner: [Your Name]\nPolicy Name | Information Security Policy\n");
        assert_eq!(c.get(Field::Title), Some("Information Security Policy"));
        assert_eq!(c.get(Field::Owner), None);
        let c = read_text("Company Name\n[Company Logo]\nCapacity Plan\nApproval Date  Approving Authority  Signature\n");
        assert_eq!(c.get(Field::Title), Some("Capacity Plan"));
        assert_eq!(
            c.get(Field::Version),
            None,
            "a table's header text is no version"
        );
        assert!(placeholder("<COMPANY>") && placeholder("Your Name") && !placeholder("Dana"));
    }

    #[test]
    fn a_title_property_that_is_no_placeholder_comes_before_the_text() {
        let props = FileProperties {
            title: Some("Microsoft Word - draft3.docx".into()),
            title_source: "DOCX properties",
            ..FileProperties::default()
        };
        let c = read("", &props);
        assert_eq!(c.get(Field::Title), None);
        let props = FileProperties {
            title: Some("Acceptable Use Policy".into()),
            title_source: "PDF Title",
            ..FileProperties::default()
        };
        let c = read("<Organisation Name>\nAcceptable use\n", &props);
        assert_eq!(c.get(Field::Title), Some("Acceptable Use Policy"));
        assert_eq!(c.sources()["title"], "PDF Title");
        assert_eq!(c.title_alternatives()[0].0, "Acceptable use");
        // A labelled title still wins.
        let c = read("Document title: AUP\n", &props);
        assert_eq!(c.get(Field::Title), Some("AUP"));
    }
}
