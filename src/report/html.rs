//! HTML reports from handlebars templates: one self-contained file (inline CSS, no external
//! requests). Templates receive the report [`Document`]: the built-in `report.html.hbs`
//! walks its sections and blocks, writing tables through the `data_table` helper, and a custom
//! template may lay the document out freely (`{{#each sections}}{{#if (eq id "findings")}}…`).
//! The
//! templates in `templates/` are compiled in; `--templates DIR` overrides any of them by file
//! name, and `gap-analysis.html.hbs` or `internal-audit.html.hbs` there replaces the whole
//! report of that kind. Every value is HTML-escaped, and strict mode turns a misspelt field in
//! a custom template into an error instead of a silent blank.

use std::path::Path;

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};
use serde_json::Value;

use super::document::{Block, Document, Table};

/// The built-in report template.
const REPORT: &str = "report";

/// Templates that may be given in a template folder: the built-in report, and one per kind
/// replacing it for that kind only.
const TEMPLATES: &[(&str, Option<&str>)] = &[
    (
        REPORT,
        Some(include_str!("../../templates/report.html.hbs")),
    ),
    ("gap-analysis", None),
    ("internal-audit", None),
];

const PARTIALS: &[(&str, &str)] = &[("cell", include_str!("../../templates/partials/cell.hbs"))];

/// Builds the template registry: compiled-in templates, then overrides from `dir`.
pub fn registry<'a>(dir: Option<&Path>) -> Result<Handlebars<'a>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    for (name, text) in TEMPLATES {
        if let Some(text) = text {
            hb.register_template_string(name, *text)
                .map_err(|e| format!("built-in template {name}: {e}"))?;
        }
    }
    for (name, text) in PARTIALS {
        hb.register_partial(name, *text)
            .map_err(|e| format!("built-in partial {name}: {e}"))?;
    }
    if let Some(dir) = dir {
        let read = |p: &Path| {
            std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read template `{}`: {e}", p.display()))
        };
        let mut found = 0;
        for (name, _) in TEMPLATES {
            let p = dir.join(format!("{name}.html.hbs"));
            if p.is_file() {
                hb.register_template_string(name, read(&p)?)
                    .map_err(|e| format!("{}: {e}", p.display()))?;
                found += 1;
            }
        }
        for (name, _) in PARTIALS {
            let p = dir.join("partials").join(format!("{name}.hbs"));
            if p.is_file() {
                hb.register_partial(name, read(&p)?)
                    .map_err(|e| format!("{}: {e}", p.display()))?;
                found += 1;
            }
        }
        if found == 0 {
            return Err(format!(
                "`{}` holds no template this tool uses (report.html.hbs, gap-analysis.html.hbs, internal-audit.html.hbs, partials/*.hbs)",
                dir.display()
            ));
        }
    }
    Ok(hb)
}

/// Renders a document with the template of its kind when one was given, else the report
/// template.
pub fn render<'a>(hb: &mut Handlebars<'a>, doc: &'a Document) -> Result<String, String> {
    let name = if hb.has_template(&doc.kind) {
        doc.kind.as_str()
    } else {
        REPORT
    };
    // The template data is the document less its rows; each table block is told its number,
    // by which `data_table` finds its rows in the document itself.
    let mut data = serde_json::to_value(doc).map_err(|e| e.to_string())?;
    let mut tables = Vec::new();
    let sections = data.get_mut("sections").and_then(Value::as_array_mut);
    for (section, value) in doc.sections.iter().zip(sections.into_iter().flatten()) {
        let blocks = value.get_mut("blocks").and_then(Value::as_array_mut);
        for (block, value) in section.blocks.iter().zip(blocks.into_iter().flatten()) {
            if let (Block::Table(table), Some(object)) = (block, value.as_object_mut()) {
                object.insert(TABLE_NUMBER.into(), tables.len().into());
                tables.push(table);
            }
        }
    }
    hb.register_helper("data_table", Box::new(DataTable { tables }));
    hb.render(name, &data)
        .map_err(|e| format!("template {name}: {e}"))
}

/// The key under which a table block's number is given to templates.
const TABLE_NUMBER: &str = "table";

/// `{{data_table TABLE}}`: a table block as HTML, in Rust because a report's tables hold
/// most of its cells (tens of thousands for a large assessment), where a template walking
/// them cell by cell is slow. Columns for the wide formats carry the class `wide`, which the
/// print stylesheet hides.
struct DataTable<'a> {
    /// The document's tables, by number.
    tables: Vec<&'a Table>,
}

impl HelperDef for DataTable<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let table = h
            .param(0)
            .and_then(|p| p.value().get(TABLE_NUMBER))
            .and_then(Value::as_u64)
            .and_then(|n| self.tables.get(n as usize))
            .ok_or_else(|| {
                handlebars::RenderErrorReason::Other(
                    "data_table takes a table block (`{{data_table this}}` inside `{{#each blocks}}`)"
                        .into(),
                )
            })?;
        let mut html = String::new();
        write_table(&mut html, table);
        out.write(&html)?;
        Ok(())
    }
}

/// Appends `text` HTML-escaped, as handlebars escapes `{{…}}` values.
fn escaped(out: &mut String, text: &str) {
    out.push_str(&handlebars::html_escape(text));
}

fn write_table(out: &mut String, table: &Table) {
    if table.is_empty() {
        out.push_str("<p class=\"text\">");
        escaped(out, &table.empty);
        out.push_str("</p>\n");
        return;
    }
    let media = |c: &super::document::Column| match c.media {
        super::document::Media::All => "all",
        super::document::Media::Wide => "wide",
    };
    let classes: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let mut class = media(c).to_string();
            if c.mono {
                class.push_str(" mono");
            }
            class
        })
        .collect();
    out.push_str("<div class=\"scroll\"><table class=\"data\">\n  <thead><tr>");
    for c in &table.columns {
        out.push_str("<th class=\"");
        out.push_str(media(c));
        out.push_str("\">");
        escaped(out, &c.header);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n");
    for group in &table.groups {
        out.push_str("  <tbody>\n");
        if !group.title.is_empty() {
            out.push_str(&format!(
                "  <tr class=\"group\"><th colspan=\"{}\">",
                table.columns.len()
            ));
            escaped(out, &group.title);
            out.push_str("</th></tr>\n");
        }
        for row in &group.rows {
            out.push_str("  <tr>");
            for (i, cell) in row.iter().enumerate() {
                out.push_str("<td class=\"");
                out.push_str(classes.get(i).map_or("", String::as_str));
                out.push('"');
                if let Some(anchor) = &cell.anchor {
                    out.push_str(" id=\"");
                    escaped(out, anchor);
                    out.push('"');
                }
                out.push('>');
                match &cell.colour {
                    Some(colour) => {
                        out.push_str("<strong style=\"color:#");
                        escaped(out, colour);
                        out.push_str("\">");
                        escaped(out, &cell.text);
                        out.push_str("</strong>");
                    }
                    None => escaped(out, &cell.text),
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("  </tbody>\n");
    }
    out.push_str("</table></div>\n");
}
