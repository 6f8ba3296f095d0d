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
    let mut command = visible_command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "iso20k", &mut script);
    super::print(&String::from_utf8_lossy(&script));
    Ok(EXIT_OK)
}

/// The command line as a user sees it: the internal PDF worker (a hidden subcommand the tool
/// runs itself) is not offered for completion.
fn visible_command() -> clap::Command {
    let root = Cli::command();
    let subcommands: Vec<clap::Command> = root
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let mut command = clap::Command::new("iso20k")
        .version(env!("CARGO_PKG_VERSION"))
        .args(root.get_arguments().cloned())
        .subcommands(subcommands);
    if let Some(about) = root.get_about() {
        command = command.about(about.clone());
    }
    command
}
