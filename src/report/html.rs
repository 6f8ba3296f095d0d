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

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};
use serde_json::Value;

use super::document::Document;

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
pub fn registry(dir: Option<&Path>) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_helper("data_table", Box::new(data_table));
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
pub fn render(hb: &Handlebars, doc: &Document) -> Result<String, String> {
    let name = if hb.has_template(&doc.kind) {
        doc.kind.as_str()
    } else {
        REPORT
    };
    hb.render(name, doc)
        .map_err(|e| format!("template {name}: {e}"))
}

/// `{{data_table TABLE}}`: a table block as HTML, in Rust because a report's tables hold
/// most of its cells (tens of thousands for a large assessment), where a template walking
/// them cell by cell is slow. Columns for the wide formats carry the class `wide`, which the
/// print stylesheet hides.
fn data_table(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let table = h
        .param(0)
        .map(|p| p.value())
        .ok_or_else(|| handlebars::RenderErrorReason::ParamNotFoundForIndex("data_table", 0))?;
    let mut html = String::new();
    write_table(&mut html, table);
    out.write(&html)?;
    Ok(())
}

/// Appends `text` HTML-escaped, as handlebars escapes `{{…}}` values.
fn escaped(out: &mut String, text: &str) {
    out.push_str(&handlebars::html_escape(text));
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn write_table(out: &mut String, table: &Value) {
    let array = |key: &str| {
        table
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let columns = array("columns");
    let groups = array("groups");
    let rows: usize = groups
        .iter()
        .map(|g| g.get("rows").and_then(Value::as_array).map_or(0, Vec::len))
        .sum();
    if rows == 0 {
        out.push_str("<p class=\"text\">");
        escaped(out, str_of(table, "empty"));
        out.push_str("</p>\n");
        return;
    }
    let classes: Vec<String> = columns
        .iter()
        .map(|c| {
            let mut class = str_of(c, "media").to_string();
            if c.get("mono").and_then(Value::as_bool) == Some(true) {
                class.push_str(" mono");
            }
            class
        })
        .collect();
    out.push_str("<div class=\"scroll\"><table class=\"data\">\n  <thead><tr>");
    for c in columns {
        out.push_str("<th class=\"");
        out.push_str(str_of(c, "media"));
        out.push_str("\">");
        escaped(out, str_of(c, "header"));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n");
    for group in groups {
        out.push_str("  <tbody>\n");
        let title = str_of(group, "title");
        if !title.is_empty() {
            out.push_str(&format!(
                "  <tr class=\"group\"><th colspan=\"{}\">",
                columns.len()
            ));
            escaped(out, title);
            out.push_str("</th></tr>\n");
        }
        for row in group
            .get("rows")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push_str("  <tr>");
            for (i, cell) in row.as_array().into_iter().flatten().enumerate() {
                out.push_str("<td class=\"");
                out.push_str(classes.get(i).map_or("", String::as_str));
                out.push('"');
                if let Some(anchor) = cell.get("anchor").and_then(Value::as_str) {
                    out.push_str(" id=\"");
                    escaped(out, anchor);
                    out.push('"');
                }
                out.push('>');
                match cell.get("colour").and_then(Value::as_str) {
                    Some(colour) => {
                        out.push_str("<strong style=\"color:#");
                        escaped(out, colour);
                        out.push_str("\">");
                        escaped(out, str_of(cell, "text"));
                        out.push_str("</strong>");
                    }
                    None => escaped(out, str_of(cell, "text")),
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("  </tbody>\n");
    }
    out.push_str("</table></div>\n");
}
