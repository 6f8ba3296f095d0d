//! `iso20k report ASSESSMENT.json --out DIR`: render an existing assessment again, in another
//! language, kind or template set, without reading the evidence.

use std::path::PathBuf;

use super::{print_wrote, refuse_to_overwrite, split_formats, Failure, OutputFormat};
use crate::assessment::Assessment;
use crate::domain::engagement::AssessmentKind;
use crate::i18n::Lang;
use crate::report;
use crate::{oscal, EXIT_OK};

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// An assessment.json written by `iso20k assess`.
    pub assessment: PathBuf,
    /// Folder to write the reports into.
    #[arg(long)]
    pub out: PathBuf,
    /// Report style (default: the assessment's kind).
    #[arg(long, value_enum)]
    pub kind: Option<AssessmentKind>,
    /// Formats to write, comma-separated: json, xlsx, html, pdf, oscal, requests, summary.
    #[arg(long, value_enum, value_delimiter = ',', default_value = super::DEFAULT_FORMATS)]
    pub format: Vec<OutputFormat>,
    /// Languages, comma-separated (`en,zh`): every format is written in each.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "en")]
    pub lang: Vec<Lang>,
    /// Folder of handlebars templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// The catalogue the assessment was made with (default: the built-in catalogue it
    /// names).
    #[command(flatten)]
    pub catalogue: super::CatalogueChoice,
}

pub(super) fn run(args: &ReportArgs) -> Result<i32, Failure> {
    let _lock =
        crate::output::OutputLock::acquire(&args.out).map_err(|d| Failure::Diagnostics(vec![d]))?;
    let text = std::fs::read_to_string(&args.assessment).map_err(|e| {
        Failure::Message(format!("cannot read `{}`: {e}", args.assessment.display()))
    })?;
    let assessment =
        Assessment::read_json(&text).map_err(|e| Failure::Message(e.describe(&args.assessment)))?;
    // A large assessment's text is no longer needed once parsed.
    drop(text);
    let cat = args.catalogue.load(Some(&assessment.catalogue.id))?;
    if cat.header.id != assessment.catalogue.id || cat.sha256 != assessment.catalogue.sha256 {
        crate::console::warn(&format!(
            "the assessment was made with catalogue {} {} (sha256 {}), not the one loaded ({} {}); requirement texts may differ",
            assessment.catalogue.id, assessment.catalogue.version, &assessment.catalogue.sha256, cat.header.id, cat.header.version
        ));
    }
    super::workspace::transition_possible(args.kind.unwrap_or(assessment.kind), &cat)?;
    let (formats, with_oscal) = split_formats(&args.format);
    let langs = super::languages(&args.lang);
    let options = report::Options {
        formats,
        lang: langs[0],
        kind: args.kind,
        templates: args.templates.clone(),
        force: args.force,
    };
    // Every file is checked before any is written: render_and_write checks only its own.
    if !args.force {
        refuse_to_overwrite(
            &args.out,
            report::file_names_in(assessment.kind, &options, &langs),
        )?;
        if with_oscal {
            refuse_to_overwrite(&args.out, oscal::FILE_NAMES)?;
        }
    }
    let written = report::render_and_write_in(&assessment, &cat, &options, &langs, &args.out)
        .map_err(Failure::of)?;
    // The OSCAL documents describe the assessment as made: `--kind` restyles reports only.
    let oscal_written =
        with_oscal.then(|| oscal::write_assessment_files(&assessment, &cat, &args.out, args.force));
    for path in &written.files {
        print_wrote(path);
    }
    super::assess::print_oscal_written(oscal_written.as_ref());
    super::assess::report_outcome(&written, oscal_written.as_ref(), &args.out)?;
    Ok(EXIT_OK)
}
