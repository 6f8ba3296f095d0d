//! `iso20k assess WORKSPACE --out DIR`: read the evidence, judge every requirement, write
//! `assessment.json` (atomically, never over an existing one unless `--force`).

use std::path::{Path, PathBuf};

use super::{print, print_wrote, refuse_to_overwrite, split_formats, Failure, OutputFormat};
use crate::assessment::{Assessment, Finding, Verdict};
use crate::check::{self, AssessOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::domain::engagement::{AssessmentKind, EvidenceSupplied};
use crate::evidence;
use crate::i18n::Lang;
use crate::output::{OutputLock, OUT_FORMAT_FAILED};
use crate::report::{self, Format as ReportFormat};
use crate::{oscal, EXIT_FINDINGS, EXIT_OK};

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
    /// Gap analysis, internal audit, or transition gap analysis from the edition the catalogue
    /// replaces (with `--edition 2018`) (default: the manifest's, else gap).
    #[arg(long, value_enum)]
    pub kind: Option<AssessmentKind>,
    /// Exit with 1 when findings at or above this grade exist.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Replace existing output files.
    #[arg(long)]
    pub force: bool,
    /// The catalogue to assess against.
    #[command(flatten)]
    pub catalogue: super::CatalogueChoice,
    /// Formats to write besides assessment.json, comma-separated: json, xlsx, html, pdf,
    /// oscal, requests (the evidence request list as CSV), summary (Markdown to paste).
    #[arg(long, value_enum, value_delimiter = ',', default_value = super::DEFAULT_FORMATS)]
    pub format: Vec<OutputFormat>,
    /// Languages of the reports, comma-separated (`en,zh`): every format in each.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "en")]
    pub lang: Vec<Lang>,
    /// Folder of handlebars templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Where per-file readings are kept so an unchanged file is not parsed again (default:
    /// `.iso20k/cache` inside the workspace, with the evidence it was read from).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Read every file afresh and keep nothing between runs.
    #[arg(long)]
    pub no_cache: bool,
    /// The previous assessment of this workspace (its assessment.json) to follow up: each
    /// finding is marked new, persisting or regraded, closed ones are listed, and the
    /// corrective actions filled into its report workbook are read back (default: the
    /// manifest's `previous`).
    #[arg(long, value_name = "ASSESSMENT_JSON")]
    pub previous: Option<PathBuf>,
    /// The workbook the corrective actions of the previous assessment were filled into
    /// (default: its report workbook beside its assessment.json).
    #[arg(long, value_name = "XLSX", requires = "previous")]
    pub actions: Option<PathBuf>,
    /// A filled auditor worksheet (`iso20k worksheet`) to read, wherever it is; one inside
    /// the workspace is read without this.
    #[arg(long, value_name = "FILE")]
    pub worksheet: Option<PathBuf>,
}

/// The file the assessment is written to.
pub const ASSESSMENT_FILE: &str = "assessment.json";

pub(super) fn run(args: &AssessArgs) -> Result<i32, Failure> {
    let (mut formats, with_oscal) = split_formats(&args.format);
    formats.push(ReportFormat::Json);
    formats.sort();
    formats.dedup();
    let langs = super::languages(&args.lang);
    let options = report::Options {
        formats,
        lang: langs[0],
        kind: None,
        templates: args.templates.clone(),
        force: args.force,
    };
    // `--out` is checked and locked before any work: a file in its place, or another run
    // writing there, fails now rather than after all the evidence was read.
    let _lock = OutputLock::acquire(&args.out).map_err(|d| Failure::Diagnostics(vec![d]))?;
    // Refuse before doing any work if a report would be overwritten.
    if !args.force {
        let kind = args.kind.unwrap_or_default();
        refuse_to_overwrite(&args.out, report::file_names_in(kind, &options, &langs))?;
        if with_oscal {
            refuse_to_overwrite(&args.out, oscal::FILE_NAMES)?;
        }
    }
    let cat = args
        .catalogue
        .load(evidence::manifest_edition(&args.workspace).as_deref())?;
    if let Some(kind) = args.kind {
        super::workspace::transition_possible(kind, &cat)?;
    }
    let mut index = super::workspace::scan_workspace(
        &args.workspace,
        &cat,
        &args.out,
        args.cache.clone(),
        args.no_cache,
    )?;
    super::workspace::read_given(&mut index, args.worksheet.as_deref(), &args.workspace, &cat)?;
    crate::memory::release_free_memory();
    let previous_path = args.previous.clone().or_else(|| {
        index
            .manifest
            .previous
            .as_deref()
            .map(|p| args.workspace.join(p.trim()))
    });
    let previous = previous_path
        .map(|p| check::follow_up::read_previous(&p, args.actions.as_deref(), &cat))
        .transpose()
        .map_err(|d| Failure::Diagnostics(vec![d]))?;
    let assessment = check::assess(
        &cat,
        &index,
        &AssessOptions {
            kind: args.kind,
            previous,
        },
    );
    if let Some(p) = &assessment.previous {
        for w in &p.warnings {
            crate::console::warn(w);
        }
    }
    // The manifest may ask for the kind too.
    super::workspace::transition_possible(assessment.kind, &cat)?;
    // A waiver that names no finding of this assessment does nothing: say so, since it may
    // be a typo in its code or requirement, or a finding since closed.
    for w in &index.manifest.waivers {
        let used = assessment.findings.iter().any(|f| {
            f.code == w.finding.trim()
                && f.requirement == w.requirement.trim()
                && f.waiver.is_some()
        });
        if !used {
            crate::console::warn(&format!(
                "assessment.toml: the waiver of `{}` on {} matches no finding of this assessment and has no effect (check the code and requirement against the report)",
                w.finding.trim(),
                w.requirement.trim()
            ));
        }
    }
    let written = report::render_and_write_in(&assessment, &cat, &options, &langs, &args.out)
        .map_err(Failure::of)?;
    // OSCAL after assessment.json, which must be on disk before anything else.
    let oscal_written =
        with_oscal.then(|| oscal::write_assessment_files(&assessment, &cat, &args.out, args.force));
    let target = args.out.join(ASSESSMENT_FILE);
    // `--quiet` prints nothing but errors and warnings: the result is in the files (and in
    // the exit code with --fail-on).
    if !crate::console::quiet() {
        print(&summary(
            &assessment,
            &target,
            index.skipped.len(),
            index.warnings.len(),
            index.unrecognised_tables.len(),
        ));
    }
    for path in written.files.iter().filter(|p| **p != target) {
        print_wrote(path);
    }
    print_oscal_written(oscal_written.as_ref());
    report_outcome(&written, oscal_written.as_ref(), &args.out)?;
    Ok(exit_code(&assessment, args.fail_on))
}

pub(super) fn print_oscal_written(written: Option<&oscal::OscalWritten>) {
    let Some(written) = written else { return };
    for path in &written.files {
        print_wrote(path);
    }
    for note in &written.notes {
        crate::console::note(note);
    }
}

/// Prints the warnings of the reports written, and fails (exit 2, one diagnostic per
/// format) when a format, OSCAL included, could not be written.
pub(super) fn report_outcome(
    written: &report::Written,
    oscal_written: Option<&oscal::OscalWritten>,
    out: &Path,
) -> Result<(), Failure> {
    for w in &written.warnings {
        crate::console::warn(w);
    }
    let not_written = |name: &str, format: &str, why: &dyn std::fmt::Display| Diagnostic {
        code: OUT_FORMAT_FAILED.code,
        severity: Severity::Error,
        file: out.join(name).display().to_string(),
        position: None,
        message: format!("the {format} report was not written: {why}"),
        hint: OUT_FORMAT_FAILED.hint.0.into(),
    };
    let mut failed: Vec<Diagnostic> = written
        .failed
        .iter()
        .map(|(format, name, why)| not_written(name, &format!("{format:?}").to_lowercase(), why))
        .collect();
    if let Some(oscal_written) = oscal_written {
        failed.extend(
            oscal_written
                .failed
                .iter()
                .map(|(name, why)| not_written(name, "oscal", why)),
        );
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Diagnostics(failed))
    }
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

fn summary(
    a: &Assessment,
    target: &Path,
    skipped: usize,
    warnings: usize,
    unrecognised: usize,
) -> String {
    let audit = a.kind == AssessmentKind::InternalAudit;
    let verdict = match a.summary.verdict {
        Verdict::Ready if audit => "conforms".to_string(),
        Verdict::ReadyWithMinor if audit => format!(
            "conforms except for {} minor nonconformit{}",
            a.summary.counts.minor,
            if a.summary.counts.minor == 1 {
                "y"
            } else {
                "ies"
            }
        ),
        Verdict::NotReady if audit => "does not conform".to_string(),
        Verdict::Ready => "ready".to_string(),
        Verdict::ReadyWithMinor => "ready with minor nonconformities".to_string(),
        Verdict::NotReady => "not ready".to_string(),
        Verdict::NotConcluded => format!(
            "not concluded: {} requirements had nothing examined",
            a.summary.basis.not_assessed
        ),
    };
    let provisional = if a.summary.provisional && a.summary.verdict != Verdict::NotConcluded {
        format!(
            " (provisional: {} requirements neither verified nor judged by the auditor)",
            a.summary.unseen
        )
    } else {
        String::new()
    };
    let claims = a
        .summary
        .score_if_claims_hold
        .map(|s| format!(" · {s:.1} if claims hold"))
        .unwrap_or_default();
    let c = &a.summary.counts;
    let r = &a.summary.requirements;
    let b = &a.summary.basis;
    let total = b.verified + b.auditor + b.self_declared + b.not_assessed;
    // In an internal audit a claim is not assessed: the two lines then add up only if the
    // requirements line says so.
    let claimed_in_not_assessed = if a.kind == AssessmentKind::InternalAudit && b.self_declared > 0
    {
        format!(" ({} of them claimed only)", b.self_declared)
    } else {
        String::new()
    };
    let evidence = match a.evidence_supplied {
        EvidenceSupplied::Complete => {
            "evidence: complete (the client's whole SMS documentation and records; an absence is a finding)".to_string()
        }
        EvidenceSupplied::Partial => format!(
            "evidence: partial submission ({} absence(s) not assessed and on the request list, not findings; declare evidence = \"complete\" once the client confirms)",
            a.not_supplied.len()
        ),
    };
    let mut out = format!(
        "{} — {} ({})\nscore {:.1} on {} of {total} requirements examined{claims} · {verdict}{provisional}\n{evidence}\nfindings: {} major, {} minor, {} observations, {} OFIs, {} good practices\nrequirements: {} conforming, {} partial, {} nonconforming, {} not assessed{claimed_in_not_assessed}\nbasis: {} verified, {} by the auditor, {} claimed only, {} not assessed\n",
        a.organisation,
        match a.kind {
            AssessmentKind::Gap => "gap analysis",
            AssessmentKind::InternalAudit => "internal audit",
            AssessmentKind::Transition => "transition gap analysis",
        },
        a.assessment_date.as_deref().unwrap_or("undated"),
        a.summary.score,
        a.summary.scored,
        c.major,
        c.minor,
        c.observation,
        c.ofi,
        c.good_practice,
        r.conforming,
        r.partial,
        r.nonconforming,
        r.not_assessed,
        b.verified,
        b.auditor,
        b.self_declared,
        b.not_assessed,
    );
    if let Some(w) = &a.catalogue.withdrawn {
        out.push_str(&format!("note: {}\n", w.note.en));
    }
    if let Some(p) = &a.previous {
        let n = p.counts;
        out.push_str(&format!(
            "follow-up of {}: {} closed, {} persisting, {} regraded, {} new; {} corrective action(s) past due{}\n",
            p.assessment_date.as_deref().unwrap_or("the previous assessment"),
            n.closed,
            n.persisting,
            n.regraded,
            n.new,
            p.overdue,
            if p.actions.is_none() { " (no action plan read)" } else { "" }
        ));
    }
    // The most serious first: grade, then how many requirements and records each affects.
    let mut serious: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.counts() && f.grade.is_nonconformity())
        .collect();
    serious.sort_by_key(|f| {
        let records: usize = f
            .evidence
            .iter()
            .map(|e| e.record_ids.len().max(e.rows.len()))
            .sum();
        (
            f.grade,
            std::cmp::Reverse(f.requirements.len()),
            std::cmp::Reverse(records),
            f.id.clone(),
        )
    });
    for f in serious.into_iter().take(5) {
        out.push_str(&format!(
            "  {} {} {}: {}\n",
            f.id, f.requirement, f.code, f.statement.en
        ));
    }
    let withdrawn = a.findings.iter().filter(|f| f.withdrawn()).count();
    if withdrawn > 0 {
        out.push_str(&format!(
            "{withdrawn} finding(s) overruled by the auditor's verdict: listed, not counted\n"
        ));
    }
    if skipped + warnings > 0 {
        out.push_str(&format!(
            "{skipped} file(s) skipped, {warnings} warning(s): run `iso20k evidence` on the workspace for details\n"
        ));
    }
    if unrecognised > 0 {
        out.push_str(&format!(
            "{unrecognised} table(s) not recognised as records: `iso20k evidence WORKSPACE --explain FILE` shows how to map each\n"
        ));
    }
    out.push_str(&format!("wrote {}\n", target.display()));
    out
}
