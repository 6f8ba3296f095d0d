//! How the program talks on the terminal, set once from the command line: whether progress
//! and "wrote …" lines are shown, whether severity labels are coloured, and whether
//! diagnostics go to stderr as text or as JSON lines.
//!
//! Process-wide because the progress bar and the diagnostic printer sit far below the
//! command line and would otherwise need these settings threaded through every call.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);
static COLOUR: AtomicBool = AtomicBool::new(false);
static JSON_DIAGNOSTICS: AtomicBool = AtomicBool::new(false);

/// When to colour severity labels on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColourWhen {
    /// When stderr is a terminal and the NO_COLOR variable is unset or empty.
    #[default]
    Auto,
    /// Always, even into a file or pipe.
    Always,
    /// Never.
    Never,
}

impl ColourWhen {
    /// Whether to colour, given whether stderr is a terminal and the value of NO_COLOR.
    pub fn resolve(self, stderr_is_terminal: bool, no_color: Option<&str>) -> bool {
        match self {
            ColourWhen::Always => true,
            ColourWhen::Never => false,
            // https://no-color.org: any non-empty value turns colour off.
            ColourWhen::Auto => stderr_is_terminal && no_color.is_none_or(str::is_empty),
        }
    }
}

/// The settings of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Hide progress and "wrote …" lines; errors and warnings still show.
    pub quiet: bool,
    /// When to colour.
    pub colour: ColourWhen,
    /// Diagnostics as one JSON object per line instead of text.
    pub json_diagnostics: bool,
}

/// Applies `settings` for the rest of the process.
pub fn configure(settings: Settings) {
    let no_color = std::env::var("NO_COLOR").ok();
    let colour = settings
        .colour
        .resolve(std::io::stderr().is_terminal(), no_color.as_deref());
    QUIET.store(settings.quiet, Ordering::Relaxed);
    COLOUR.store(colour, Ordering::Relaxed);
    JSON_DIAGNOSTICS.store(settings.json_diagnostics, Ordering::Relaxed);
}

/// Whether progress and "wrote …" lines are hidden.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Whether diagnostics are written as JSON lines.
pub fn json_diagnostics() -> bool {
    JSON_DIAGNOSTICS.load(Ordering::Relaxed)
}

/// The severity label (`error`, `warning`, `note`), coloured when colour is on.
pub fn label(severity: Label) -> String {
    let (text, ansi) = match severity {
        Label::Error => ("error", "1;31"),
        Label::Warning => ("warning", "1;33"),
        Label::Note => ("note", "1;36"),
    };
    if COLOUR.load(Ordering::Relaxed) {
        format!("\x1b[{ansi}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Writes a `note:` line to stderr, unless quiet.
pub fn note(text: &str) {
    if !quiet() {
        eprintln!("{}: {}", label(Label::Note), printable(text));
    }
}

/// Writes a `warning:` line to stderr (shown even when quiet).
pub fn warn(text: &str) {
    eprintln!("{}: {}", label(Label::Warning), printable(text));
}

pub use crate::domain::printable;

/// The labels a line on stderr can start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Something failed.
    Error,
    /// Something is probably wrong.
    Warning,
    /// For information.
    Note,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert!(ColourWhen::Auto.resolve(true, None));
        assert!(ColourWhen::Auto.resolve(true, Some("")));
        assert!(!ColourWhen::Auto.resolve(true, Some("1")));
        assert!(!ColourWhen::Auto.resolve(false, None));
        assert!(ColourWhen::Always.resolve(false, Some("1")));
        assert!(!ColourWhen::Never.resolve(true, None));
    }
}
