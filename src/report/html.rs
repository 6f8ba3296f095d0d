//! HTML reports from handlebars templates: one self-contained file (inline CSS, no external
//! requests). The templates in `templates/` are compiled in; `--templates DIR` overrides any
//! of them by file name. Every value is HTML-escaped, and strict mode turns a misspelt field
//! in a custom template into an error instead of a silent blank.

use std::path::Path;

use handlebars::Handlebars;

use super::view::ReportView;
use crate::evidence::manifest::AssessmentKind;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "gap-analysis",
        include_str!("../../templates/gap-analysis.html.hbs"),
    ),
    (
        "internal-audit",
        include_str!("../../templates/internal-audit.html.hbs"),
    ),
];

const PARTIALS: &[(&str, &str)] = &[
    ("style", include_str!("../../templates/partials/style.hbs")),
    ("cover", include_str!("../../templates/partials/cover.hbs")),
    (
        "clause-chart",
        include_str!("../../templates/partials/clause-chart.hbs"),
    ),
    (
        "findings",
        include_str!("../../templates/partials/findings.hbs"),
    ),
    (
        "evidence",
        include_str!("../../templates/partials/evidence.hbs"),
    ),
    (
        "footer",
        include_str!("../../templates/partials/footer.hbs"),
    ),
];

/// Builds the template registry: compiled-in templates, then overrides from `dir`.
pub fn registry(dir: Option<&Path>) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    for (name, text) in TEMPLATES {
        hb.register_template_string(name, *text)
            .map_err(|e| format!("built-in template {name}: {e}"))?;
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
                "`{}` holds no template this tool uses (gap-analysis.html.hbs, internal-audit.html.hbs, partials/*.hbs)",
                dir.display()
            ));
        }
    }
    Ok(hb)
}

/// Renders the HTML report of the view's kind.
pub fn render(hb: &Handlebars, view: &ReportView) -> Result<String, String> {
    let name = match view.kind {
        AssessmentKind::Gap => "gap-analysis",
        AssessmentKind::InternalAudit => "internal-audit",
    };
    hb.render(name, view)
        .map_err(|e| format!("template {name}: {e}"))
}
