//! `iso20k completions SHELL`: a tab-completion script for the shell, on standard output.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Failure};
use crate::EXIT_OK;

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub(super) fn run(args: &CompletionsArgs) -> Result<i32, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "iso20k", &mut script);
    super::print(&String::from_utf8_lossy(&script));
    Ok(EXIT_OK)
}
