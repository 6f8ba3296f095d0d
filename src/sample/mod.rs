//! Synthetic evidence workspaces: complete, realistic, deterministic, with defects planted at
//! known places so the findings they must produce are known in advance.
//!
//! The bundled samples in `evidence-samples/` are this generator's output at small scale;
//! a test regenerates them and compares the bytes.
//!
//! [`generate`] writes a workspace; each concern has its module: the organisation of a
//! profile and the volumes of a scale (`profiles`), `assessment.toml` (`manifest`), the
//! controlled and everyday documents (`documents`, `working_documents`), one module per
//! family of record sets (`incidents`, `problems`, `changes`, `configuration`, `management`)
//! and the evidence register (`register`). [`files`] writes the bytes.
//!
//! Each planted defect is declared, as a [`defects::PlantedDefect`], next to the code that
//! plants it; [`defects`] gathers the declarations, from which the tests know what each
//! bundled sample must produce and the sample READMEs get their tables.

mod changes;
mod configuration;
pub mod defects;
mod documents;
pub mod files;
mod incidents;
mod management;
mod manifest;
mod problems;
mod profiles;
mod register;
mod working_documents;

use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::domain::date::Timestamp;
use crate::i18n::Lang;
use crate::rng::SplitMix64;
use defects::PlantedDefect;
use profiles::{profiled, Profiled};
use register::RegisterRow;

/// Which organisation and which planted defects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// An English-speaking managed-service provider mid-implementation: conforming areas,
    /// minors and a few majors (ServiceNow and Jira exports, DOCX and PDF policies).
    Typical,
    /// A Chinese cloud provider, nearly conforming: minors and observations only.
    Conforming,
    /// A provider that tries to exclude budgeting, hands problem management to an ungoverned
    /// supplier, and lets internal audits lapse.
    Tailored,
}

/// How many records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// Hundreds of records: the bundled samples.
    Small,
    /// A tenth of large.
    Medium,
    /// A year of a large provider: a million incidents.
    Large,
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Organisation and defects.
    pub profile: Profile,
    /// Volume.
    pub scale: Scale,
    /// Seed for names, times and texts (defects stay where they are planted).
    pub seed: u64,
}

/// The generator's state while it writes one workspace.
struct Gen<'a> {
    dir: PathBuf,
    spec: Spec,
    p: Profiled,
    rng: SplitMix64,
    catalogue: &'a Catalogue,
    register: Vec<RegisterRow>,
    ci_ids: Vec<String>,
    written: Vec<String>,
}

/// What was generated.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written, workspace-relative.
    pub files: Vec<String>,
}

/// Why a sample workspace could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// The folder asked for holds files already: a sample is never written over anything.
    #[error("`{}` is not empty; choose a new folder", .0.display())]
    NotEmpty(PathBuf),
    /// A folder of the workspace could not be created.
    #[error("cannot create `{}`: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written (the disk, or the writer of its format).
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Writes a complete workspace into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, spec: Spec, catalogue: &Catalogue) -> Result<Report, SampleError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(SampleError::NotEmpty(dir.to_path_buf()));
    }
    let mut g = Gen {
        dir: dir.to_path_buf(),
        spec,
        p: profiled(spec.profile),
        rng: SplitMix64::new(spec.seed ^ 0x5EED),
        catalogue,
        register: Vec::new(),
        ci_ids: Vec::new(),
        written: Vec::new(),
    };
    g.manifest()?;
    g.documents()?;
    g.working_documents()?;
    g.configuration_items()?;
    g.incidents()?;
    g.requests()?;
    g.problems()?;
    g.changes()?;
    g.releases()?;
    g.management_records()?;
    g.register_file()?;
    g.written.sort();
    Ok(Report { files: g.written })
}

/// Helpers every part of the generator uses: language, calendar, names and paths.
impl Gen<'_> {
    /// Whether workbooks are written row by row straight to disk (medium and large scale), so
    /// a million rows need little memory; small samples use the ordinary writer, whose bytes
    /// the bundled samples hold.
    fn streaming(&self) -> bool {
        self.spec.scale != Scale::Small
    }
    /// Whether the organisation writes in Chinese.
    fn zh(&self) -> bool {
        self.p.lang == Lang::Zh
    }
    /// `en` or `zh`, in the organisation's language.
    fn t<'s>(&self, en: &'s str, zh: &'s str) -> &'s str {
        if self.zh() {
            zh
        } else {
            en
        }
    }
    /// The full path of workspace-relative `rel`, recorded as written.
    fn path(&mut self, rel: &str) -> PathBuf {
        self.written.push(rel.to_string());
        self.dir.join(rel)
    }
    /// Days in the assessment period.
    fn days(&self) -> i64 {
        self.p.start.days_until(self.p.end) + 1
    }
    /// `minutes` past midnight on day `day` of the period.
    fn at(&self, day: i64, minutes: i64) -> Timestamp {
        Timestamp(self.p.start.0 + day * 86_400 + minutes * 60)
    }
    /// A date and time as the exports write them.
    fn dt(&self, t: Timestamp) -> String {
        let (y, m, d) = t.ymd();
        let (h, mi, s) = t.hms();
        format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
    /// A date as the exports write it.
    fn date(&self, t: Timestamp) -> String {
        t.date_string()
    }
    /// Someone of the organisation, drawn from the random sequence.
    fn person(&mut self) -> String {
        self.rng.pick(self.p.people).to_string()
    }
    /// A yes/no field as the organisation's tools export it.
    fn yes(&self, b: bool) -> String {
        match (self.zh(), b) {
            (true, true) => "是".into(),
            (true, false) => "否".into(),
            (false, true) => "true".into(),
            (false, false) => "false".into(),
        }
    }
    /// Whether this workspace carries `defect`. Planting code asks this rather than naming a
    /// profile, so a declaration's profile is where its defect is actually planted.
    /// Whether the catalogue checks the dated activity `name` (an `interval` rule's
    /// `activity`). Activities one edition added (demand analyses, forecast reviews, risk
    /// assessments of availability and continuity …) are written only for a catalogue that
    /// asks for them, so a workspace holds what its edition asks, and a workspace written for
    /// the earlier edition shows the gap a transition has to close.
    fn checks_activity(&self, name: &str) -> bool {
        self.catalogue.requirements.iter().any(|r| {
            r.evidence.iter().any(|rule| {
                rule.kind == crate::catalogue::RuleKind::Interval
                    && rule.params.get("activity").and_then(|a| a.as_str()) == Some(name)
            })
        })
    }

    fn plants(&self, defect: &PlantedDefect) -> bool {
        self.spec.profile == defect.profile && self.catalogue.header.id == defects::DECLARED_IN
    }
}
