//! Command-line interface: one module per subcommand, all returning an exit code.

mod assess;
mod catalogue;
mod completions;
mod diff;
mod evidence;
mod explain;
mod init;
mod man;
mod programme;
mod report;
mod sample;
mod worksheet;
mod workspace;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalogue::Catalogue;
use crate::console::{self, ColourWhen, Label};
use crate::diagnostic::{self, Diagnostic};
use crate::i18n::Lang;
use crate::EXIT_BAD_INPUT;

/// Assess an IT service provider against ISO/IEC 20000-1 and produce audit-ready reports.
#[derive(Debug, Parser)]
#[command(name = "iso20k", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and warnings: no progress bar, notes or "wrote …" lines.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Colour severity labels on stderr: auto (when stderr is a terminal and NO_COLOR is
    /// unset), always or never.
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColourWhen::Auto)]
    pub color: ColourWhen,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess a workspace of evidence and write assessment.json, and reports in any of json,
    /// xlsx, html, pdf and oscal.
    Assess(assess::AssessArgs),
    /// Render reports from an assessment.json: json, xlsx, html, pdf and oscal.
    Report(report::ReportArgs),
    /// Show the progress between two assessments: clause scores, findings closed or new,
    /// requirement and evidence changes (text, json, xlsx, pdf).
    Diff(diff::DiffArgs),
    /// Plan the internal audits of the next cycle by quarter: every clause at least once,
    /// more often after nonconformities or for critical or changed processes, each by an
    /// auditor independent of it (json, xlsx, pdf).
    Programme(programme::ProgrammeArgs),
    /// Write the auditor worksheet: every requirement with its automatic status and what to
    /// examine, and columns for the auditor's verdict, findings and evidence, read back by
    /// `assess`.
    Worksheet(worksheet::WorksheetArgs),
    /// Inspect, validate and cross-reference the requirement catalogue.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Map clauses between editions of the standard and ITIL (same as `catalogue crosswalk`).
    Crosswalk(CrosswalkArgs),
    /// Show what the tool sees in a workspace: files, record sets, documents, register rows,
    /// and everything it skipped or could not read.
    Evidence {
        /// The workspace folder.
        workspace: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// The catalogue the manifest's and register's ids are checked against.
        #[command(flatten)]
        catalogue: CatalogueChoice,
        /// Explain how one file of the workspace is read: the score of each record set, the
        /// headers matched and missing, dates and encoding, and a [[mapping]] block to paste
        /// into assessment.toml.
        #[arg(long, value_name = "FILE")]
        explain: Option<PathBuf>,
    },
    /// Explain a code: a finding's grade, meaning and remedy, or a diagnostic's fix.
    Explain(explain::ExplainArgs),
    /// List the record sets and their fields: the column names exports use, the value rules
    /// that derive a field, and the checks that read it.
    Fields(FieldsArgs),
    /// Manage the cache of file readings a workspace keeps (client data).
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Generate a synthetic evidence workspace (demos, tests and benchmarks).
    Sample(sample::SampleArgs),
    /// Start a workspace: a commented assessment.toml and an evidence-register template.
    Init {
        /// The folder to set up (created if missing).
        dir: PathBuf,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
        /// The edition the workspace is assessed against: 2018 (current, with Amd 1:2024) or
        /// 2011 (withdrawn for certification).
        #[arg(long, default_value = "2018", value_name = "EDITION")]
        edition: String,
    },
    /// Print a tab-completion script for bash, zsh, fish, powershell or elvish.
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one per command into a folder with --out.
    Man(man::ManArgs),
    /// Internal: reads PDFs for a run in a memory-capped child process.
    #[command(name = crate::evidence::pdf_worker::WORKER_COMMAND, hide = true)]
    PdfWorker {
        /// Address-space limit of this process, in bytes.
        #[arg(long)]
        max_memory: u64,
    },
}

/// `iso20k catalogue …`
#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Check a catalogue folder (default: a built-in one); exit 2 with every problem found.
    Validate {
        /// Folder holding catalogue.toml; the built-in catalogue of --edition when omitted.
        dir: Option<PathBuf>,
        /// The built-in catalogue to check when no folder is given: 2011 (the default) or
        /// 2018.
        #[arg(long, value_name = "EDITION", conflicts_with = "dir")]
        edition: Option<String>,
    },
    /// List every clause and requirement.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
        /// The catalogue to list.
        #[command(flatten)]
        catalogue: CatalogueChoice,
    },
    /// Show one clause or requirement, with its mappings.
    Show {
        /// A clause (`8.1`) or requirement (`8.1-04`) id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Language of the output.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
        /// The catalogue to look in.
        #[command(flatten)]
        catalogue: CatalogueChoice,
    },
    /// Map clauses between editions of the standard and ITIL.
    Crosswalk(CrosswalkArgs),
    /// Export the catalogue for other tools: an OSCAL catalog (JSON).
    Export(catalogue::ExportArgs),
}

/// Arguments of the crosswalk command.
#[derive(Debug, clap::Args)]
pub struct CrosswalkArgs {
    /// Framework to map from: 2005, 2011, 2018, itil-v2 or itil-v3 (default: 2011, the
    /// withdrawn edition a transition starts from).
    #[arg(long, default_value = "2011")]
    pub from: String,
    /// Framework to map to (default: 2018, the current edition).
    #[arg(long, default_value = "2018")]
    pub to: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
    /// Language of text and CSV output.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// The catalogue whose frameworks and crosswalk are used.
    #[command(flatten)]
    pub catalogue: CatalogueChoice,
}

/// `iso20k cache …`.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Remove the cache of a workspace's file readings: `.iso20k/cache` inside it, and the
    /// per-user copy kept for a workspace that could not be written.
    Clear {
        /// The workspace folder.
        workspace: PathBuf,
        /// A cache folder given to `assess --cache`, to remove as well.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
}

fn clear_cache(
    workspace: &std::path::Path,
    extra: Option<&std::path::Path>,
) -> Result<i32, Failure> {
    let mut candidates = vec![
        workspace.join(workspace::CACHE_DIR),
        workspace::user_cache(workspace),
    ];
    // A folder given with --cache is removed only when it holds nothing but cache entries
    // (files named by their hex key): a mistyped path must never delete evidence.
    if let Some(dir) = extra.filter(|d| d.is_dir()) {
        let foreign = std::fs::read_dir(dir)
            .map_err(|e| Failure::Message(format!("cannot read `{}`: {e}", dir.display())))?
            .filter_map(|e| e.ok())
            .find(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                !(e.path().is_file()
                    && name.len() == 64
                    && name.bytes().all(|b| b.is_ascii_hexdigit()))
            });
        if let Some(entry) = foreign {
            return Err(Failure::Message(format!(
                "`{}` holds `{}`, which is not a cache entry: nothing was removed (give the folder `assess --cache` was given)",
                dir.display(),
                entry.file_name().to_string_lossy()
            )));
        }
    }
    candidates.extend(extra.map(std::path::Path::to_path_buf));
    let mut removed = 0;
    for dir in candidates.iter().filter(|d| d.is_dir()) {
        let entries = std::fs::read_dir(dir).map(|r| r.count()).unwrap_or(0);
        std::fs::remove_dir_all(dir)
            .map_err(|e| Failure::Message(format!("cannot remove `{}`: {e}", dir.display())))?;
        removed += 1;
        if !console::quiet() {
            print(&format!(
                "removed {} ({entries} entr(ies))\n",
                dir.display()
            ));
        }
    }
    // The tool's folder goes too once nothing else is in it.
    let tool = workspace.join(crate::evidence::walk::TOOL_FOLDER);
    if std::fs::read_dir(&tool).is_ok_and(|mut d| d.next().is_none()) {
        let _ = std::fs::remove_dir(&tool);
    }
    if removed == 0 && !console::quiet() {
        print(&format!("no cache kept for {}\n", workspace.display()));
    }
    Ok(crate::EXIT_OK)
}

/// Arguments of `fields`.
#[derive(Debug, clap::Args)]
pub struct FieldsArgs {
    /// One record set (`incidents`, `changes`, …); every one when omitted.
    pub set: Option<String>,
    /// Output format: text, or the generated docs page (`markdown`).
    #[arg(long, value_enum, default_value_t = FieldsFormat::Text)]
    pub format: FieldsFormat,
    /// Language of the titles and value rules in text output.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

/// Output formats of `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FieldsFormat {
    /// Human-readable text.
    Text,
    /// The generated reference page (docs/fields.md), for every record set.
    Markdown,
}

fn fields(args: &FieldsArgs) -> Result<i32, Failure> {
    use crate::fields as f;
    let text = match (args.format, &args.set) {
        (FieldsFormat::Markdown, _) => f::markdown(),
        (FieldsFormat::Text, Some(set)) => f::text(f::find(set).map_err(Failure::of)?, args.lang),
        (FieldsFormat::Text, None) => {
            let sets: Vec<String> = crate::evidence::schema::schemas()
                .iter()
                .map(|s| f::text(s, args.lang))
                .collect();
            format!(
                "{}\nvalues\n  {}\n",
                sets.join("\n"),
                f::vocabulary_lines().join("\n  ")
            )
        }
    };
    print(&text);
    Ok(crate::EXIT_OK)
}

/// Which catalogue a command uses: a folder of one's own, or the built-in catalogue of an
/// edition of the standard.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CatalogueChoice {
    /// Use the catalogue in this folder (a client's own controls) instead of a built-in one;
    /// it wins over --edition.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
    /// The edition of ISO/IEC 20000-1, by its built-in catalogue: 2011 or 2018. Default: the
    /// edition the workspace's assessment.toml (`edition = "2018"`) or the assessment names,
    /// else 2011.
    #[arg(long, value_name = "EDITION")]
    pub edition: Option<String>,
}

impl CatalogueChoice {
    /// Loads the catalogue chosen: the `--catalogue` folder; else the built-in catalogue of
    /// `--edition` (an edition with none is an error that lists those there are); else that
    /// of `default`, the edition the workspace or assessment names (when it names one with a
    /// built-in catalogue: a manifest's unknown edition is reported at its line when the
    /// manifest is read); else the default built-in catalogue.
    pub fn load(&self, default: Option<&str>) -> Result<Catalogue, Failure> {
        if let Some(dir) = &self.catalogue {
            let cat = Catalogue::load_dir(dir)?;
            if let Some(edition) = self.edition.as_deref().filter(|e| !cat.is_self(e)) {
                console::warn(&format!(
                    "--edition {edition} is not used: --catalogue {} ({} {}) is",
                    dir.display(),
                    cat.header.id,
                    cat.header.version
                ));
            }
            return Ok(cat);
        }
        if let Some(edition) = &self.edition {
            return match Catalogue::builtin_edition(edition) {
                Some(loaded) => Ok(loaded?),
                None => Err(Failure::Message(format!(
                    "--edition {edition}: {}",
                    crate::catalogue::unknown_edition_message(edition)
                ))),
            };
        }
        match default.and_then(Catalogue::builtin_edition) {
            Some(loaded) => Ok(loaded?),
            None => Ok(Catalogue::builtin()?),
        }
    }
}

/// Output formats of list-style commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Human-readable text.
    Text,
    /// JSON for scripts.
    Json,
}

/// Output formats of table-style commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Human-readable text.
    Text,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// The formats `assess` and `report` write: the report formats of [`crate::report::Format`],
/// plus `oscal`. OSCAL is written here in the CLI layer rather than by
/// [`crate::report::render_and_write`], which renders from the report view; the OSCAL
/// documents are built from the assessment and catalogue alone ([`crate::oscal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum OutputFormat {
    /// The assessment itself (assessment.json).
    Json,
    /// Excel workbook.
    Xlsx,
    /// Self-contained HTML.
    Html,
    /// PDF, with an embedded CJK-capable font.
    Pdf,
    /// NIST OSCAL 1.2.1 JSON: assessment-results.oscal.json, and poam.oscal.json when a
    /// nonconformity is open.
    Oscal,
    /// The evidence request list as CSV (evidence-requests.<lang>.csv).
    Requests,
    /// A Markdown summary to paste into an e-mail (summary.<lang>.md).
    Summary,
}

/// `--lang` as given, each language once, in the order first named (English when empty).
fn languages(given: &[Lang]) -> Vec<Lang> {
    let mut langs: Vec<Lang> = Vec::new();
    for &l in given {
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    if langs.is_empty() {
        langs.push(Lang::En);
    }
    langs
}

/// The report formats `assess` and `report` write when `--format` is not given.
pub const DEFAULT_FORMATS: &str = "xlsx,html,pdf";

/// Formats split by who writes them: the report formats for [`crate::report`], and whether
/// OSCAL was asked for. Sorted and without repeats.
fn split_formats(formats: &[OutputFormat]) -> (Vec<crate::report::Format>, bool) {
    use crate::report::Format;
    let mut report: Vec<Format> = formats
        .iter()
        .filter_map(|f| match f {
            OutputFormat::Json => Some(Format::Json),
            OutputFormat::Xlsx => Some(Format::Xlsx),
            OutputFormat::Html => Some(Format::Html),
            OutputFormat::Pdf => Some(Format::Pdf),
            OutputFormat::Requests => Some(Format::Requests),
            OutputFormat::Summary => Some(Format::Summary),
            OutputFormat::Oscal => None,
        })
        .collect();
    report.sort();
    report.dedup();
    (report, formats.contains(&OutputFormat::Oscal))
}

/// Fails, before any work, when `--out` already holds one of `names` and `--force` is off.
fn refuse_to_overwrite<S: AsRef<str>>(
    out: &std::path::Path,
    names: impl IntoIterator<Item = S>,
) -> Result<(), Failure> {
    for name in names {
        let target = out.join(name.as_ref());
        if target.exists() {
            return Err(Failure::Message(format!(
                "`{}` already exists; nothing was written (use --force to replace it)",
                target.display()
            )));
        }
    }
    Ok(())
}

/// A failure that ends a command: bad input the user can fix.
#[derive(Debug)]
pub enum Failure {
    /// A message (already saying what to do).
    Message(String),
    /// Problems found in an input file.
    Diagnostics(Vec<Diagnostic>),
}

impl Failure {
    /// A failure whose message is `error`'s (which already says what to do).
    pub fn of(error: impl std::fmt::Display) -> Failure {
        Failure::Message(error.to_string())
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(d: Vec<Diagnostic>) -> Self {
        Failure::Diagnostics(d)
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    console::configure(console::Settings {
        quiet: cli.quiet,
        colour: cli.color,
        json_diagnostics: wants_json(&cli.command),
    });
    let result = match cli.command {
        Command::Assess(args) => assess::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Programme(args) => programme::run(&args),
        Command::Worksheet(args) => worksheet::run(&args),
        Command::Catalogue(cmd) => catalogue::run(cmd),
        Command::Crosswalk(args) => catalogue::crosswalk(&args),
        Command::Evidence {
            workspace,
            format,
            catalogue,
            explain,
        } => match explain {
            Some(file) => evidence::explain(&workspace, &file, format, &catalogue),
            None => evidence::run(&workspace, format, &catalogue),
        },
        Command::Init {
            dir,
            force,
            edition,
        } => init::run(&dir, force, &edition),
        Command::Explain(args) => explain::run(&args),
        Command::Fields(args) => fields(&args),
        Command::Cache(CacheCommand::Clear { workspace, cache }) => {
            clear_cache(&workspace, cache.as_deref())
        }
        Command::Sample(args) => sample::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::PdfWorker { max_memory } => return crate::evidence::pdf_worker::serve(max_memory),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Message(m)) => {
            if console::json_diagnostics() {
                diagnostic::report_message_json(&m);
            } else {
                eprintln!(
                    "{}: {}",
                    console::label(Label::Error),
                    console::printable(&m)
                );
            }
            EXIT_BAD_INPUT
        }
        Err(Failure::Diagnostics(d)) => {
            diagnostic::report(&d);
            EXIT_BAD_INPUT
        }
    }
}

/// Writes `text` to stdout, treating a closed pipe (`| head`) as success.
fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(console::printable(text).as_bytes());
    let _ = out.flush();
}

/// Tells the user a file was written, unless `--quiet`.
fn print_wrote(path: &std::path::Path) {
    if !console::quiet() {
        print(&format!("wrote {}\n", path.display()));
    }
}

/// Whether the command prints JSON on stdout, in which case its diagnostics go to stderr
/// as JSON too, so a script reads both the same way.
fn wants_json(command: &Command) -> bool {
    match command {
        Command::Evidence { format, .. } => *format == ListFormat::Json,
        Command::Crosswalk(args) | Command::Catalogue(CatalogueCommand::Crosswalk(args)) => {
            args.format == TableFormat::Json
        }
        Command::Catalogue(CatalogueCommand::List { format, .. })
        | Command::Catalogue(CatalogueCommand::Show { format, .. }) => *format == ListFormat::Json,
        Command::Explain(args) => args.wants_json(),
        _ => false,
    }
}
