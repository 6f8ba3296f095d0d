//! Reports: pure functions of an assessment. A shared view-model feeds every renderer —
//! XLSX workbooks, HTML from handlebars templates, and the view as JSON.

pub mod html;
pub mod labels;
pub mod pdf;
pub mod view;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::evidence::manifest::AssessmentKind;
use crate::i18n::Lang;
use crate::output::write_atomically;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// The assessment itself (assessment.json).
    Json,
    /// Excel workbook.
    Xlsx,
    /// Self-contained HTML.
    Html,
    /// PDF, with an embedded CJK-capable font.
    Pdf,
}

/// What to render.
#[derive(Debug, Clone)]
pub struct Options {
    /// Formats.
    pub formats: Vec<Format>,
    /// Language.
    pub lang: Lang,
    /// Overrides the assessment's kind (e.g. an audit-style report of a gap analysis).
    pub kind: Option<AssessmentKind>,
    /// Template folder overriding the built-in templates.
    pub templates: Option<PathBuf>,
    /// Replace existing files.
    pub force: bool,
}

/// The file name of a report.
pub fn file_name(kind: AssessmentKind, lang: Lang, ext: &str) -> String {
    let stem = match kind {
        AssessmentKind::Gap => "gap-analysis",
        AssessmentKind::InternalAudit => "internal-audit",
    };
    format!("{stem}.{lang}.{ext}")
}

/// Renders the reports into memory: (file name, bytes).
pub fn render(
    assessment: &Assessment,
    catalogue: &Catalogue,
    options: &Options,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut a = assessment.clone();
    if let Some(k) = options.kind {
        a.kind = k;
    }
    let view = view::build(&a, catalogue, options.lang);
    let mut out = Vec::new();
    for format in &options.formats {
        match format {
            Format::Json => {
                let json = serde_json::to_string_pretty(assessment).map_err(|e| e.to_string())?;
                out.push((
                    "assessment.json".to_string(),
                    format!("{json}\n").into_bytes(),
                ));
            }
            Format::Xlsx => {
                let bytes =
                    xlsx::render(&view).map_err(|e| format!("cannot build the workbook: {e}"))?;
                out.push((file_name(a.kind, options.lang, "xlsx"), bytes));
            }
            Format::Pdf => {
                out.push((file_name(a.kind, options.lang, "pdf"), pdf::render(&view)?));
            }
            Format::Html => {
                let hb = html::registry(options.templates.as_deref())?;
                out.push((
                    file_name(a.kind, options.lang, "html"),
                    html::render(&hb, &view)?.into_bytes(),
                ));
            }
        }
    }
    Ok(out)
}

/// Writes rendered files into `dir`: all or nothing — if any exists (without `force`),
/// nothing is written.
pub fn write(dir: &Path, files: &[(String, Vec<u8>)], force: bool) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    if !force {
        if let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists()) {
            return Err(format!(
                "`{}` already exists; nothing was written (use --force to replace it)",
                dir.join(name).display()
            ));
        }
    }
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomically(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}
