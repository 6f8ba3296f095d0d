//! Reports: pure functions of an assessment. The view derives what a report shows; a
//! builder lays it out as a [`document::Document`] of sections and blocks; the PDF, XLSX and
//! HTML renderers each walk any document generically.

pub mod build;
pub mod colour;
pub mod document;
pub mod follow_up;
pub mod html;
pub mod pdf;
pub mod requests;
pub mod requirement_view;
pub mod transition;
pub mod truncate;
pub mod view;
pub mod web_font;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::domain::engagement::AssessmentKind;
use crate::i18n::Lang;
use crate::output::{write_atomically, WriteError};

/// Why one format of a report was not written; the other formats still are.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The assessment (or a progress report, or a programme) cannot be serialised as JSON.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// The workbook cannot be assembled.
    #[error("cannot build the workbook: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    /// The PDF's or the HTML's font cannot be embedded.
    #[error(transparent)]
    Font(#[from] pdf::FontError),
    /// The HTML template cannot be used.
    #[error(transparent)]
    Template(#[from] html::TemplateError),
    /// The rendered file cannot be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A renderer panicked: a defect, caught so the other formats are still written.
    #[error("the renderer failed unexpectedly (a bug: please report it with the assessment.json)")]
    Panicked,
}

/// Why no report was written into the output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputRefused {
    /// A report of this run would replace one already there, and `--force` was not given.
    #[error("`{}` already exists; nothing was written (use --force to replace it)", path.display())]
    Exists {
        /// The report already there.
        path: PathBuf,
    },
    /// The output folder cannot be created.
    #[error("cannot create `{}`: {source}", dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// Why it cannot be created.
        source: std::io::Error,
    },
}

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
    /// The evidence request list as CSV, to open in a spreadsheet or attach to an e-mail.
    Requests,
    /// A Markdown summary to paste into an e-mail: verdict, counts, the most serious
    /// findings and the top of the request list.
    Summary,
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
    format!("{}.{lang}.{ext}", document::kind_name(kind))
}

/// One report rendered into memory.
#[derive(Debug)]
pub struct RenderedFile {
    /// The file name.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// What had to give way to the format's limits (a cell truncated, …), naming the field.
    pub warnings: Vec<String>,
}

/// What writing the reports did.
#[derive(Debug, Default)]
pub struct Written {
    /// Files written, assessment.json (when asked for) first.
    pub files: Vec<PathBuf>,
    /// Formats that could not be rendered or written, with the file name and why.
    pub failed: Vec<(Format, String, RenderError)>,
    /// Warnings of the formats written, each naming its file.
    pub warnings: Vec<String>,
}

/// The file names `options` would write.
pub fn file_names(kind: AssessmentKind, options: &Options) -> Vec<String> {
    let kind = options.kind.unwrap_or(kind);
    options
        .formats
        .iter()
        .map(|f| format_file_name(*f, kind, options.lang))
        .collect()
}

fn format_file_name(format: Format, kind: AssessmentKind, lang: Lang) -> String {
    match format {
        Format::Json => "assessment.json".to_string(),
        Format::Xlsx => file_name(kind, lang, "xlsx"),
        Format::Html => file_name(kind, lang, "html"),
        Format::Pdf => file_name(kind, lang, "pdf"),
        Format::Requests => format!("evidence-requests.{lang}.csv"),
        Format::Summary => format!("summary.{lang}.md"),
    }
}

/// assessment.json's bytes.
pub fn assessment_json(assessment: &Assessment) -> Result<Vec<u8>, RenderError> {
    pretty_json(assessment)
}

/// The bytes of a JSON file the tool writes (assessment.json, progress.json,
/// programme.json): indented, ending with a newline.
pub fn pretty_json(value: &impl serde::Serialize) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_string_pretty(value)?;
    Ok(format!("{json}\n").into_bytes())
}

/// A document as a PDF, with no warnings (the PDF has no limits that cut text), in the
/// shape of [`xlsx::render`]'s result.
pub fn pdf_with_warnings(doc: &document::Document) -> Result<(Vec<u8>, Vec<String>), RenderError> {
    Ok((pdf::render(doc)?, Vec::new()))
}

/// Renders one format of a report document into memory.
pub fn render_format(
    assessment: &Assessment,
    view: &view::ReportView,
    doc: &document::Document,
    kind: AssessmentKind,
    format: Format,
    options: &Options,
) -> Result<RenderedFile, RenderError> {
    let name = format_file_name(format, kind, options.lang);
    let (bytes, warnings) = match format {
        Format::Requests => (
            build::requests::csv(&view.requests, options.lang).into_bytes(),
            Vec::new(),
        ),
        Format::Summary => (build::summary::summary(view).into_bytes(), Vec::new()),
        Format::Json => (assessment_json(assessment)?, Vec::new()),
        Format::Xlsx => xlsx::render(doc)?,
        Format::Pdf => (pdf::render(doc)?, Vec::new()),
        Format::Html => {
            let mut hb = html::registry(options.templates.as_deref())?;
            let html = web_font::with_face(html::render(&mut hb, doc)?)?;
            let marked = crate::domain::marker::mark_html(html, &doc.kind);
            (marked.into_bytes(), Vec::new())
        }
    };
    Ok(RenderedFile {
        name,
        bytes,
        warnings,
    })
}

/// The file names `options` would write in each of `langs` (assessment.json once).
pub fn file_names_in(kind: AssessmentKind, options: &Options, langs: &[Lang]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for &lang in langs {
        let options = Options {
            lang,
            ..options.clone()
        };
        for name in file_names(kind, &options) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// [`render_and_write`] in each of `langs`, one after the other, assessment.json once; every
/// file of every language is checked against overwriting before any is written.
pub fn render_and_write_in(
    assessment: &Assessment,
    catalogue: &Catalogue,
    options: &Options,
    langs: &[Lang],
    dir: &Path,
) -> Result<Written, OutputRefused> {
    if !options.force {
        if let Some(name) = file_names_in(assessment.kind, options, langs)
            .into_iter()
            .find(|name| dir.join(name).exists())
        {
            return Err(OutputRefused::Exists {
                path: dir.join(name),
            });
        }
    }
    let mut all = Written::default();
    for (i, &lang) in langs.iter().enumerate() {
        let formats = options
            .formats
            .iter()
            .copied()
            .filter(|f| i == 0 || *f != Format::Json)
            .collect();
        let one = Options {
            lang,
            formats,
            force: true,
            ..options.clone()
        };
        let written = render_and_write(assessment, catalogue, &one, dir)?;
        all.files.extend(written.files);
        all.failed.extend(written.failed);
        all.warnings.extend(written.warnings);
    }
    Ok(all)
}

/// Renders and writes every format of `options` into `dir`, assessment.json first: each
/// format is written as soon as it is rendered, so a renderer that fails (or panics) costs
/// its own format only, never the assessment. Refuses before writing anything when a file
/// exists and `force` is off.
pub fn render_and_write(
    assessment: &Assessment,
    catalogue: &Catalogue,
    options: &Options,
    dir: &Path,
) -> Result<Written, OutputRefused> {
    std::fs::create_dir_all(dir).map_err(|source| OutputRefused::Folder {
        dir: dir.to_path_buf(),
        source,
    })?;
    if !options.force {
        if let Some(name) = file_names(assessment.kind, options)
            .into_iter()
            .find(|name| dir.join(name).exists())
        {
            return Err(OutputRefused::Exists {
                path: dir.join(name),
            });
        }
    }
    let kind = options.kind.unwrap_or(assessment.kind);
    let mut formats = options.formats.clone();
    // JSON sorts first, but say it: the assessment must be on disk before anything else.
    formats.sort_by_key(|f| *f != Format::Json);
    let mut written = Written::default();
    let mut doc = None;
    for format in formats {
        let name = format_file_name(format, kind, options.lang);
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if format == Format::Json {
                return assessment_json(assessment).map(|bytes| RenderedFile {
                    name: name.clone(),
                    bytes,
                    warnings: Vec::new(),
                });
            }
            let (view, doc) = doc.get_or_insert_with(|| {
                let view = view::build(assessment, kind, catalogue, options.lang);
                let doc = build::document(&view);
                (view, doc)
            });
            render_format(assessment, view, doc, kind, format, options)
        }))
        .unwrap_or(Err(RenderError::Panicked));
        let result = rendered.and_then(|file| {
            let path = dir.join(&file.name);
            write_atomically(&path, &file.bytes)?;
            Ok((path, file))
        });
        match result {
            Ok((path, file)) => {
                written
                    .warnings
                    .extend(file.warnings.iter().map(|w| format!("{}: {w}", file.name)));
                written.files.push(path);
            }
            Err(e) => written.failed.push((format, name, e)),
        }
    }
    Ok(written)
}
