//! `iso20k programme WORKSPACE --out DIR`: the risk-based internal audit programme of the
//! next cycle, planned from the catalogue's clauses, the manifest's team and `[programme]`
//! marks and the last assessment (`--previous`), written as JSON, XLSX and PDF.

use std::path::{Path, PathBuf};

use super::{print_wrote, refuse_to_overwrite, CatalogueChoice, Failure};
use crate::cycle;
use crate::cycle::programme::{self, Input, Programme};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::domain::date::Timestamp;
use crate::domain::engagement::ProgrammeMarks;
use crate::evidence::{self, manifest::MANIFEST_FILE};
use crate::i18n::Lang;
use crate::output::{write_atomically, OutputLock, OUT_FORMAT_FAILED};
use crate::report::build::programme as programme_document;
use crate::EXIT_OK;

/// Arguments of `programme`.
#[derive(Debug, clap::Args)]
pub struct ProgrammeArgs {
    /// The workspace folder whose assessment.toml declares the team (`[[team]]`) and the
    /// critical or changed processes (`[programme]`).
    pub workspace: PathBuf,
    /// The length of the audit cycle in years (1 to 10), planned by quarter.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub years: u32,
    /// Folder to write the programme into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The last assessment's assessment.json: clauses with nonconformities in it are audited
    /// more often.
    #[arg(long, value_name = "ASSESSMENT.json")]
    pub previous: Option<PathBuf>,
    /// Formats, comma-separated: json (programme.json), xlsx and pdf.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "json,xlsx,pdf"
    )]
    pub format: Vec<ProgrammeFormat>,
    /// Language of the workbook and the PDF.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// The first day of the cycle (YYYY-MM-DD), so that each audit has dates and the next
    /// assessment can check that those due were held (default: the first day of the month
    /// after the last assessment, else after the manifest's assessment date).
    #[arg(long, value_name = "DATE", value_parser = parse_start)]
    pub start: Option<Timestamp>,
    /// The catalogue whose clauses are audited.
    #[command(flatten)]
    pub catalogue: CatalogueChoice,
}

/// A `--start` that is not a date.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a date; write it as YYYY-MM-DD")]
struct NotADate(String);

fn parse_start(s: &str) -> Result<Timestamp, NotADate> {
    Timestamp::parse(s).ok_or_else(|| NotADate(s.to_string()))
}

/// The first day of the month after `date`.
fn month_after(date: Timestamp) -> Timestamp {
    let (y, m, _) = date.add_months(1).ymd();
    Timestamp::from_ymd(y, m, 1).unwrap_or(date)
}

/// What `programme` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum ProgrammeFormat {
    /// programme.json: every clause, audit, auditor and reason, for scripts.
    Json,
    /// An Excel workbook: a calendar by quarter and the list of planned audits.
    Xlsx,
    /// A PDF of the programme.
    Pdf,
}

impl ProgrammeFormat {
    /// The file it is written to in `--out`.
    fn file_name(self, lang: Lang) -> String {
        match self {
            ProgrammeFormat::Json => "programme.json".to_string(),
            ProgrammeFormat::Xlsx => format!("{}.{lang}.xlsx", programme_document::KIND),
            ProgrammeFormat::Pdf => format!("{}.{lang}.pdf", programme_document::KIND),
        }
    }
}

pub(super) fn run(args: &ProgrammeArgs) -> Result<i32, Failure> {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let _lock = OutputLock::acquire(&args.out).map_err(|d| Failure::Diagnostics(vec![d]))?;
    if !args.force {
        refuse_to_overwrite(&args.out, formats.iter().map(|f| f.file_name(args.lang)))?;
    }
    if !args.workspace.is_dir() {
        return Err(Failure::Message(format!(
            "`{}` is not a folder: give the workspace whose assessment.toml declares the audit team",
            args.workspace.display()
        )));
    }
    let previous = args
        .previous
        .as_deref()
        .map(cycle::input::read)
        .transpose()
        .map_err(|d| Failure::Diagnostics(vec![d]))?;
    // The workspace's edition first, else the one the last assessment was made against.
    let edition = evidence::manifest_edition(&args.workspace).or_else(|| {
        previous
            .as_ref()
            .map(|a| a.catalogue.id.clone())
            .filter(|id| crate::catalogue::Catalogue::builtin_edition(id).is_some())
    });
    let cat = args.catalogue.load(edition.as_deref())?;
    let manifest = evidence::read_manifest(&args.workspace, &cat)
        .map_err(|d| Failure::Diagnostics(vec![d]))?;
    let (manifest, carried) = match manifest {
        Some((m, carried)) => (Some(m), carried),
        None => (None, Vec::new()),
    };
    for note in &carried {
        crate::console::note(note);
    }
    let no_marks = ProgrammeMarks::default();
    let organisation = manifest
        .as_ref()
        .and_then(|m| m.organisation.clone())
        .or_else(|| previous.as_ref().map(|a| a.organisation.clone()))
        .unwrap_or_default();
    let input = Input {
        catalogue: &cat,
        organisation,
        years: args.years,
        team: manifest.as_ref().map_or(&[], |m| m.team.as_slice()),
        marks: manifest.as_ref().map_or(&no_marks, |m| &m.programme),
        manifest_file: args.workspace.join(MANIFEST_FILE).display().to_string(),
        previous: args.previous.as_deref().zip(previous.as_ref()),
        start: args.start.or_else(|| {
            previous
                .as_ref()
                .and_then(|a| a.assessment_date.as_deref())
                .or(manifest
                    .as_ref()
                    .and_then(|m| m.assessment_date.as_ref())
                    .map(|d| d.0.date_string())
                    .as_deref())
                .and_then(Timestamp::parse)
                .map(month_after)
        }),
    };
    let (plan, warnings) = programme::plan(&input);
    diagnostic::report(&warnings);

    let document = programme_document::document(&plan, args.lang);
    let mut failed = Vec::new();
    for format in &formats {
        let name = format.file_name(args.lang);
        let path = args.out.join(&name);
        let written = render(*format, &plan, &document).and_then(|(bytes, warnings)| {
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

/// One format of the programme in memory, with what had to give way to the format's limits.
fn render(
    format: ProgrammeFormat,
    plan: &Programme,
    document: &crate::report::document::Document,
) -> Result<(Vec<u8>, Vec<String>), crate::report::RenderError> {
    match format {
        ProgrammeFormat::Json => Ok((crate::report::pretty_json(plan)?, Vec::new())),
        ProgrammeFormat::Xlsx => Ok(crate::report::xlsx::render(document)?),
        ProgrammeFormat::Pdf => crate::report::pdf_with_warnings(document),
    }
}

/// The diagnostic of a format that could not be written.
fn not_written(path: &Path, format: ProgrammeFormat, why: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic {
        code: OUT_FORMAT_FAILED.code,
        severity: Severity::Error,
        file: path.display().to_string(),
        position: None,
        message: format!(
            "the {} audit programme was not written: {why}",
            format!("{format:?}").to_lowercase()
        ),
        hint: "fix what the message names, then run `iso20k programme` again with that --format"
            .into(),
    }
}
