//! HTML reports from handlebars templates: one self-contained file (inline CSS, no external
//! requests). Templates receive the report [`Document`]: the built-in `report.html.hbs`
//! walks its sections and blocks, writing tables through the `data_table` helper, and a custom
//! template may lay the document out freely (`{{#each sections}}{{#if (eq id "findings")}}…`).
//! The
//! templates in `templates/` are compiled in; `--templates DIR` overrides any of them by file
//! name, and `gap-analysis.html.hbs` or `internal-audit.html.hbs` there replaces the whole
//! report of that kind. Every value is HTML-escaped, and strict mode turns a misspelt field in
//! a custom template into an error instead of a silent blank.

use std::path::{Path, PathBuf};

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

/// Why the HTML report was not rendered: a custom template that cannot be read, does not
/// compile or does not fit the document, or (a defect of the build) a built-in one.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A compiled-in template or partial does not compile.
    #[error("built-in {what} {name}: {source}")]
    BuiltIn {
        /// `template` or `partial`.
        what: &'static str,
        /// Its name.
        name: &'static str,
        /// The compiler's message.
        source: Box<handlebars::TemplateError>,
    },
    /// A template file of `--templates` cannot be read.
    #[error("cannot read template `{}`: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// A template file of `--templates` does not compile.
    #[error("{}: {source}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The compiler's message, with line and column.
        source: Box<handlebars::TemplateError>,
    },
    /// `--templates` names a folder with none of the files this tool looks for.
    #[error("`{}` holds no template this tool uses (report.html.hbs, gap-analysis.html.hbs, internal-audit.html.hbs, partials/*.hbs)", dir.display())]
    NoneUsed {
        /// The folder.
        dir: PathBuf,
    },
    /// The document cannot be handed to a template as data.
    #[error("{0}")]
    Data(#[source] serde_json::Error),
    /// The template stopped on the document (in strict mode, a field it does not have).
    #[error("template {name}: {source}")]
    Render {
        /// The template's name.
        name: String,
        /// The renderer's message.
        source: Box<handlebars::RenderError>,
    },
}

/// Builds the template registry: compiled-in templates, then overrides from `dir`.
pub fn registry<'a>(dir: Option<&Path>) -> Result<Handlebars<'a>, TemplateError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    let built_in = |what, name| {
        move |e| TemplateError::BuiltIn {
            what,
            name,
            source: Box::new(e),
        }
    };
    for (name, text) in TEMPLATES {
        if let Some(text) = text {
            hb.register_template_string(name, *text)
                .map_err(built_in("template", name))?;
        }
    }
    for (name, text) in PARTIALS {
        hb.register_partial(name, *text)
            .map_err(built_in("partial", name))?;
    }
    if let Some(dir) = dir {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| TemplateError::Unreadable {
                path: path.to_path_buf(),
                source,
            })
        };
        let invalid = |path: &Path| {
            let path = path.to_path_buf();
            move |e| TemplateError::Invalid {
                path,
                source: Box::new(e),
            }
        };
        let mut found = 0;
        for (name, _) in TEMPLATES {
            let p = dir.join(format!("{name}.html.hbs"));
            if p.is_file() {
                hb.register_template_string(name, read(&p)?)
                    .map_err(invalid(&p))?;
                found += 1;
            }
        }
        for (name, _) in PARTIALS {
            let p = dir.join("partials").join(format!("{name}.hbs"));
            if p.is_file() {
                hb.register_partial(name, read(&p)?).map_err(invalid(&p))?;
                found += 1;
            }
        }
        if found == 0 {
            return Err(TemplateError::NoneUsed {
                dir: dir.to_path_buf(),
            });
        }
    }
    Ok(hb)
}

/// Renders a document with the template of its kind when one was given, else the report
/// template.
pub fn render<'a>(hb: &mut Handlebars<'a>, doc: &'a Document) -> Result<String, TemplateError> {
    let name = if hb.has_template(&doc.kind) {
        doc.kind.as_str()
    } else {
        REPORT
    };
    // The template data is the document less its rows; each table block is told its number,
    // by which `data_table` finds its rows in the document itself.
    let mut data = serde_json::to_value(doc).map_err(TemplateError::Data)?;
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
    hb.render(name, &data).map_err(|e| TemplateError::Render {
        name: name.to_string(),
        source: Box::new(e),
    })
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
