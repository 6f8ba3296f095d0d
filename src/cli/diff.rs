//! `iso20k diff OLD/assessment.json NEW/assessment.json`: the progress between two
//! assessments, as text on stdout and as a progress report (JSON, XLSX, PDF) in `--out`.

use std::path::{Path, PathBuf};

use super::{print, print_wrote, refuse_to_overwrite, Failure};
use crate::cycle::{self, progress::Progress};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::i18n::Lang;
use crate::output::{write_atomically, OutputLock, OUT_FORMAT_FAILED};
use crate::EXIT_OK;

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier assessment.json (written by `iso20k assess`).
    pub old: PathBuf,
    /// The later assessment.json.
    pub new: PathBuf,
    /// Formats, comma-separated: text (printed), json, xlsx and pdf (written into --out).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "text")]
    pub format: Vec<DiffFormat>,
    /// Language of the text and the reports.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Folder to write the json, xlsx and pdf reports into.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
}

/// What `diff` produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum DiffFormat {
    /// Text on stdout.
    Text,
    /// progress.json: every number and finding, for scripts.
    Json,
    /// An Excel workbook.
    Xlsx,
    /// A short PDF progress report, with a before/after chart of the clause scores.
    Pdf,
}

impl DiffFormat {
    /// The file it is written to in `--out` (none for text).
    fn file_name(self, lang: Lang) -> Option<String> {
        match self {
            DiffFormat::Text => None,
            DiffFormat::Json => Some("progress.json".to_string()),
            DiffFormat::Xlsx => Some(format!(
                "{}.{lang}.xlsx",
                crate::report::build::progress::KIND
            )),
            DiffFormat::Pdf => Some(format!(
                "{}.{lang}.pdf",
                crate::report::build::progress::KIND
            )),
        }
    }
}

pub(super) fn run(args: &DiffArgs) -> Result<i32, Failure> {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let files: Vec<(DiffFormat, String)> = formats
        .iter()
        .filter_map(|f| f.file_name(args.lang).map(|n| (*f, n)))
        .collect();
    let out = match (&args.out, files.is_empty()) {
        (None, false) => {
            return Err(Failure::Message(format!(
                "--format {} writes files: give --out DIR (text alone is printed)",
                files
                    .iter()
                    .map(|(f, _)| format!("{f:?}").to_lowercase())
                    .collect::<Vec<_>>()
                    .join(",")
            )))
        }
        (Some(out), true) => {
            crate::console::warn(&format!(
                "nothing is written into `{}`: --format text only prints; add json, xlsx or pdf to write reports",
                out.display()
            ));
            None
        }
        (out, _) => out.as_deref(),
    };
    let _lock = out
        .map(OutputLock::acquire)
        .transpose()
        .map_err(|d| Failure::Diagnostics(vec![d]))?;
    if let (Some(out), false) = (out, args.force) {
        refuse_to_overwrite(out, files.iter().map(|(_, n)| n))?;
    }

    let (previous, current) = match (cycle::input::read(&args.old), cycle::input::read(&args.new)) {
        (Ok(p), Ok(c)) => (p, c),
        (p, c) => {
            return Err(Failure::Diagnostics(
                [p.err(), c.err()].into_iter().flatten().collect(),
            ))
        }
    };
    let doubts = cycle::input::doubts((&args.old, &previous), (&args.new, &current));
    diagnostic::report(&doubts);
    let progress = Progress::between(
        (&args.old, &previous),
        (&args.new, &current),
        doubts
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect(),
    );
    // The assessments are large and no longer needed.
    drop((previous, current));

    if formats.contains(&DiffFormat::Text) {
        print(&crate::report::build::progress_text::render(
            &progress, args.lang,
        ));
    }
    let Some(out) = out else {
        return Ok(EXIT_OK);
    };
    let mut failed = Vec::new();
    let document = crate::report::build::progress::document(&progress, args.lang);
    for (format, name) in &files {
        let path = out.join(name);
        let written = render(*format, &progress, &document).and_then(|(bytes, warnings)| {
            write_atomically(&path, &bytes)?;
            Ok(warnings)
        });
        match written {
            Ok(warnings) => {
                print_wrote(&path);
                for w in warnings {
                    crate::console::warn(&format!("{name}: {w}"));
                }
            }
            Err(why) => failed.push(not_written(&path, *format, &why)),
        }
    }
    if failed.is_empty() {
        Ok(EXIT_OK)
    } else {
        Err(Failure::Diagnostics(failed))
    }
}

/// One format of the progress report in memory, with what had to give way to the format's
/// limits (a text cut to fit a cell).
fn render(
    format: DiffFormat,
    progress: &Progress,
    document: &crate::report::document::Document,
) -> Result<(Vec<u8>, Vec<String>), crate::report::RenderError> {
    match format {
        DiffFormat::Text => Ok((Vec::new(), Vec::new())),
        DiffFormat::Json => Ok((crate::report::pretty_json(progress)?, Vec::new())),
        DiffFormat::Xlsx => Ok(crate::report::xlsx::render(document)?),
        DiffFormat::Pdf => crate::report::pdf_with_warnings(document),
    }
}

/// The diagnostic of a format that could not be written.
fn not_written(path: &Path, format: DiffFormat, why: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic {
        code: OUT_FORMAT_FAILED.code,
        severity: Severity::Error,
        file: path.display().to_string(),
        position: None,
        message: format!(
            "the {} progress report was not written: {why}",
            format!("{format:?}").to_lowercase()
        ),
        hint: "fix what the message names, then run `iso20k diff` again with that --format".into(),
    }
}
