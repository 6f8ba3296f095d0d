//! The `iso20k` command: parse arguments, run, and map the outcome to an exit code.

use clap::Parser;

fn main() {
    iso20k::memory::tune_allocator();
    let cli = iso20k::cli::Cli::parse();
    std::process::exit(iso20k::cli::run(cli));
}
