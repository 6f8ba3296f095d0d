//! The shipped catalogues, compiled into the binary so the tool works from any directory: one
//! per edition of the standard, the first being the default.

use serde::Deserialize;

use super::loaded::CatalogueFile;

/// One catalogue folder compiled in: its path under the source tree and its files,
/// `catalogue.toml` first.
struct Shipped {
    folder: &'static str,
    files: &'static [(&'static str, &'static str)],
}

macro_rules! shipped {
    ($folder:literal: $($name:literal),* $(,)?) => {
        Shipped {
            folder: $folder,
            files: &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/controls/", $folder, "/", $name)))),*],
        }
    };
}

/// Every shipped catalogue; the first is the default edition.
const SHIPPED: &[Shipped] = &[
    shipped!("iso20000-1-2011":
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
    ),
    shipped!("iso20000-1-2018":
        "catalogue.toml",
        "clause-4.toml",
        "clause-5.toml",
        "clause-6.toml",
        "clause-7.toml",
        "clause-8.toml",
        "clause-9.toml",
        "clause-10.toml",
        "documents.toml",
        "crosswalk.toml",
        "glossary.toml",
    ),
];

/// What a shipped catalogue answers to, read from its `catalogue.toml` alone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BuiltinEdition {
    /// Catalogue id, e.g. `iso20000-1-2018`.
    pub id: String,
    /// Short name, e.g. `2018` (what `--edition` takes).
    #[serde(default)]
    pub alias: Option<String>,
    /// The edition of the standard, e.g. `ISO/IEC 20000-1:2018`.
    #[serde(default)]
    pub edition: String,
}

impl BuiltinEdition {
    /// Whether `name` is this catalogue's id or alias.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim();
        self.id == name || self.alias.as_deref() == Some(name)
    }

    /// The name to give on the command line: the alias, else the id.
    pub fn name(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.id)
    }
}

/// The identity of every shipped catalogue, default first. A header that does not parse
/// (impossible for a shipped file: a test loads each) is left out.
pub(super) fn editions() -> Vec<BuiltinEdition> {
    // Keys other than the three are ignored here; the loader checks the whole header.
    SHIPPED
        .iter()
        .filter_map(|s| toml::from_str::<BuiltinEdition>(s.files[0].1).ok())
        .collect()
}

/// The files of shipped catalogue number `index` (0, the default, when out of range),
/// `catalogue.toml` first, named as they sit in the source tree.
pub(super) fn files(index: usize) -> Vec<CatalogueFile> {
    let shipped = SHIPPED.get(index).unwrap_or(&SHIPPED[0]);
    shipped
        .files
        .iter()
        .map(|(name, text)| CatalogueFile {
            name: format!("controls/{}/{name}", shipped.folder),
            file_name: (*name).to_string(),
            text: Some((*text).to_string()),
        })
        .collect()
}

/// The requirement ids of the shipped catalogue whose id is `id`, read from its clause
/// files alone (no rules, no validation: a test loads every shipped catalogue in full), or
/// `None` when no shipped catalogue has that id. A catalogue naming a shipped edition as its
/// predecessor is checked against these.
pub(super) fn requirement_ids(id: &str) -> Option<std::collections::HashSet<String>> {
    #[derive(Deserialize)]
    struct Entry {
        id: String,
    }
    #[derive(Deserialize)]
    struct Ids {
        #[serde(default)]
        requirement: Vec<Entry>,
    }
    let shipped = SHIPPED
        .iter()
        .find(|s| toml::from_str::<BuiltinEdition>(s.files[0].1).is_ok_and(|e| e.id == id))?;
    let ids = shipped.files[1..]
        .iter()
        .filter_map(|(_, text)| toml::from_str::<Ids>(text).ok())
        .flat_map(|ids| ids.requirement.into_iter().map(|r| r.id))
        .collect();
    Some(ids)
}

#[cfg(test)]
mod tests {
    use super::SHIPPED;

    #[test]
    fn every_toml_file_of_a_shipped_folder_is_compiled_in() {
        for shipped in SHIPPED {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("controls")
                .join(shipped.folder);
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.ends_with(".toml"))
                .collect();
            on_disk.sort();
            let mut compiled: Vec<String> =
                shipped.files.iter().map(|(n, _)| n.to_string()).collect();
            compiled.sort();
            assert_eq!(compiled, on_disk, "controls/{}", shipped.folder);
            assert_eq!(shipped.files[0].0, "catalogue.toml");
        }
    }
}
