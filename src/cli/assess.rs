//! `iso20k assess WORKSPACE --out DIR`: read the evidence, judge every requirement, write
//! `assessment.json` (atomically, never over an existing one unless `--force`).

use std::path::{Path, PathBuf};

use super::{print, Failure};
use crate::assessment::{Assessment, Grade, Verdict};
use crate::catalogue::Catalogue;
use crate::check::{self, AssessOptions};
use crate::evidence::manifest::AssessmentKind;
use crate::evidence::{self, ScanOptions};
use crate::output::write_atomically;
use crate::{EXIT_FINDINGS, EXIT_OK};

/// The threshold of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when a major nonconformity is found.
    Major,
    /// Exit 1 when a major or minor nonconformity is found.
    Minor,
}

/// Arguments of `assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// The workspace folder (evidence, and optionally assessment.toml).
    pub workspace: PathBuf,
    /// Folder to write the assessment into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Gap analysis or internal audit (default: the manifest's, else gap).
    #[arg(long, value_enum)]
    pub kind: Option<AssessmentKind>,
    /// Exit with 1 when findings at or above this grade exist.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Replace existing output files.
    #[arg(long)]
    pub force: bool,
    /// Use the catalogue in this folder instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
}

/// The file the assessment is written to.
pub const ASSESSMENT_FILE: &str = "assessment.json";

pub(super) fn run(args: &AssessArgs) -> Result<i32, Failure> {
    let target = args.out.join(ASSESSMENT_FILE);
    if target.exists() && !args.force {
        return Err(Failure::Message(format!(
            "`{}` already exists; nothing was written (use --force to replace it)",
            target.display()
        )));
    }
    let cat = Catalogue::load(args.catalogue.as_deref())?;
    let options = ScanOptions {
        exclude: vec![args.out.clone()],
    };
    let index = evidence::scan(&args.workspace, &cat, &options)
        .map_err(|d| Failure::Diagnostics(vec![d]))?;
    let assessment = check::assess(&cat, &index, &AssessOptions { kind: args.kind });
    let json = serde_json::to_string_pretty(&assessment)
        .map_err(|e| Failure::Message(format!("cannot write JSON: {e}")))?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::Message(format!("cannot create `{}`: {e}", args.out.display())))?;
    write_atomically(&target, format!("{json}\n").as_bytes()).map_err(Failure::Message)?;
    print(&summary(
        &assessment,
        &target,
        index.skipped.len(),
        index.warnings.len(),
    ));
    Ok(exit_code(&assessment, args.fail_on))
}

/// The exit code for `--fail-on`.
pub fn exit_code(assessment: &Assessment, fail_on: Option<FailOn>) -> i32 {
    let c = &assessment.summary.counts;
    let failed = match fail_on {
        None => false,
        Some(FailOn::Major) => c.major > 0,
        Some(FailOn::Minor) => c.major + c.minor > 0,
    };
    if failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn summary(a: &Assessment, target: &Path, skipped: usize, warnings: usize) -> String {
    let verdict = match a.summary.verdict {
        Verdict::Ready => "ready",
        Verdict::ReadyWithMinor => "ready with minor nonconformities",
        Verdict::NotReady => "not ready",
    };
    let c = &a.summary.counts;
    let r = &a.summary.requirements;
    let mut out = format!(
        "{} — {} ({})\nscore {:.1} · {verdict}\nfindings: {} major, {} minor, {} observations, {} OFIs\nrequirements: {} conforming, {} partial, {} nonconforming, {} not assessed\n",
        a.organisation,
        match a.kind {
            AssessmentKind::Gap => "gap analysis",
            AssessmentKind::InternalAudit => "internal audit",
        },
        a.assessment_date.as_deref().unwrap_or("undated"),
        a.summary.score,
        c.major,
        c.minor,
        c.observation,
        c.ofi,
        r.conforming,
        r.partial,
        r.nonconforming,
        r.not_assessed
    );
    for f in a
        .findings
        .iter()
        .filter(|f| f.grade == Grade::Major)
        .take(5)
    {
        out.push_str(&format!(
            "  {} {} {}: {}\n",
            f.id, f.requirement, f.code, f.statement.en
        ));
    }
    if skipped + warnings > 0 {
        out.push_str(&format!(
            "{skipped} file(s) skipped, {warnings} warning(s): run `iso20k evidence` on the workspace for details\n"
        ));
    }
    out.push_str(&format!("wrote {}\n", target.display()));
    out
}
