//! `iso20k man [--out DIR]`: manual pages, one per command (`iso20k.1`, `iso20k-assess.1`,
//! `iso20k-catalogue-list.1`, …), generated from the same definitions as `--help`.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{print_wrote, refuse_to_overwrite, Cli, Failure};
use crate::output::write_atomically;
use crate::EXIT_OK;

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write a page per command into this folder (created if missing); without it, the
    /// top-level page goes to standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace existing pages in --out.
    #[arg(long, requires = "out")]
    pub force: bool,
}

pub(super) fn run(args: &ManArgs) -> Result<i32, Failure> {
    let pages = pages()?;
    let Some(out) = &args.out else {
        // The first page is the top-level one.
        super::print(&String::from_utf8_lossy(&pages[0].1));
        return Ok(EXIT_OK);
    };
    // Every page is checked before any is written, so a refusal leaves the folder as it was.
    if !args.force {
        refuse_to_overwrite(out, pages.iter().map(|(name, _)| name))?;
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Failure::Message(format!("cannot create `{}`: {e}", out.display())))?;
    for (name, page) in &pages {
        let path = out.join(name);
        write_atomically(&path, page).map_err(Failure::of)?;
        print_wrote(&path);
    }
    Ok(EXIT_OK)
}

/// Every visible command's page as (file name, roff text), the top-level page first.
fn pages() -> Result<Vec<(String, Vec<u8>)>, Failure> {
    // Building fills in each subcommand's display name (`iso20k-catalogue-list`), which
    // names its page; the `help` subcommand documents nothing a page would not.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    Ok(pages)
}

fn collect(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), Failure> {
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render(&mut page)
        .map_err(|e| Failure::Message(format!("cannot render a manual page: {e}")))?;
    pages.push((man.get_filename(), page));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}
