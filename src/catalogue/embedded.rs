//! The shipped catalogue, compiled into the binary so the tool works from any directory.

use super::load::CatalogueFile;

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/controls/iso20000-1-2011/", $name)))),*]
    };
}

const FILES: &[(&str, &str)] = shipped!(
    "catalogue.toml",
    "clause-4.toml",
    "clause-5.toml",
    "clause-6.toml",
    "clause-7.toml",
    "clause-8.toml",
    "clause-9.toml",
    "documents.toml",
    "crosswalk.toml",
    "glossary.toml",
);

/// The shipped files, `catalogue.toml` first, named as they sit in the source tree.
pub(super) fn files() -> Vec<CatalogueFile> {
    FILES
        .iter()
        .map(|(name, text)| CatalogueFile {
            name: format!("controls/iso20000-1-2011/{name}"),
            file_name: (*name).to_string(),
            text: Some((*text).to_string()),
        })
        .collect()
}
