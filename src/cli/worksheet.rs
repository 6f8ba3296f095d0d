//! `iso20k worksheet WORKSPACE --out DIR`: assess the workspace as `assess` does and write the
//! auditor worksheet (`auditor-worksheet.xlsx`) for the auditor to fill in; `assess` reads
//! it back (found in the workspace, or `--worksheet FILE`).

use std::path::PathBuf;

use super::workspace::{scan_workspace, transition_possible};
use super::{print_wrote, refuse_to_overwrite, CatalogueChoice, Failure};
use crate::check::{self, AssessOptions};
use crate::domain::engagement::AssessmentKind;
use crate::evidence;
use crate::i18n::Lang;
use crate::output::{write_atomically, OutputLock};
use crate::report::build::worksheet::{self, FILE_NAME};
use crate::EXIT_OK;

/// Arguments of `worksheet`.
#[derive(Debug, clap::Args)]
pub struct WorksheetArgs {
    /// The workspace folder (evidence, and optionally assessment.toml).
    pub workspace: PathBuf,
    /// Folder to write auditor-worksheet.xlsx into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Gap analysis, internal audit or transition: the automatic statuses shown are those of
    /// this kind of assessment (default: the manifest's, else gap).
    #[arg(long, value_enum)]
    pub kind: Option<AssessmentKind>,
    /// The catalogue whose requirements are listed.
    #[command(flatten)]
    pub catalogue: CatalogueChoice,
    /// Language of the headers, sheet names and what to examine.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Replace an existing worksheet.
    #[arg(long)]
    pub force: bool,
    /// Read every file afresh and keep nothing between runs (otherwise per-file readings
    /// are kept in `.iso20k-cache` inside --out, as `assess` does).
    #[arg(long)]
    pub no_cache: bool,
}

pub(super) fn run(args: &WorksheetArgs) -> Result<i32, Failure> {
    let _lock = OutputLock::acquire(&args.out).map_err(|d| Failure::Diagnostics(vec![d]))?;
    if !args.force {
        refuse_to_overwrite(&args.out, [FILE_NAME])?;
    }
    let cat = args
        .catalogue
        .load(evidence::manifest_edition(&args.workspace).as_deref())?;
    if let Some(kind) = args.kind {
        transition_possible(kind, &cat)?;
    }
    let mut index = scan_workspace(&args.workspace, &cat, &args.out, None, args.no_cache)?;
    // The worksheet shows what the evidence alone concludes: a filled worksheet already in
    // the workspace does not colour the statuses of the next one.
    index.auditor = Default::default();
    let assessment = check::assess(
        &cat,
        &index,
        &AssessOptions {
            kind: args.kind,
            ..AssessOptions::default()
        },
    );
    transition_possible(assessment.kind, &cat)?;
    let bytes = worksheet::render(&assessment, &cat, args.lang).map_err(|e| {
        Failure::Message(format!(
            "the worksheet could not be built: {e} (report this as a bug, with the workspace's catalogue)"
        ))
    })?;
    let path = args.out.join(FILE_NAME);
    write_atomically(&path, &bytes).map_err(Failure::of)?;
    print_wrote(&path);
    crate::console::note(&format!(
        "{} requirements: fill in the Verdict, Grade, Objective evidence, Note, Auditor and Date columns, then run `iso20k assess {} --worksheet {}` (or put the filled worksheet in the workspace)",
        cat.requirements.len(),
        args.workspace.display(),
        path.display()
    ));
    Ok(EXIT_OK)
}
