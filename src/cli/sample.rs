//! `iso20k sample DIR --profile … --scale … --seed N`: a synthetic evidence workspace.

use std::path::PathBuf;

use super::{print, Failure};
use crate::sample::{self, Profile, Scale, Spec};
use crate::EXIT_OK;

/// Arguments of `sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Folder to create (must be new or empty).
    pub dir: PathBuf,
    /// Which organisation and planted defects.
    #[arg(long, value_enum, default_value_t = Profile::Typical)]
    pub profile: Profile,
    /// How many records.
    #[arg(long, value_enum, default_value_t = Scale::Small)]
    pub scale: Scale,
    /// Seed for names, times and texts.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The catalogue the workspace is written for: its documents, records and register follow
    /// that catalogue's ids. The planted defects are declared in ISO/IEC 20000-1:2011's ids
    /// and are planted only in a workspace written for that edition.
    #[command(flatten)]
    pub catalogue: super::CatalogueChoice,
}

pub(super) fn run(args: &SampleArgs) -> Result<i32, Failure> {
    let cat = args.catalogue.load(None)?;
    let report = sample::generate(
        &args.dir,
        Spec {
            profile: args.profile,
            scale: args.scale,
            seed: args.seed,
        },
        &cat,
    )
    .map_err(|e| Failure::Message(e.to_string()))?;
    if !crate::console::quiet() {
        print(&format!(
            "wrote {} files to {}\nassess it with: iso20k assess {} --out <report folder>\n",
            report.files.len(),
            args.dir.display(),
            args.dir.display()
        ));
    }
    Ok(EXIT_OK)
}
