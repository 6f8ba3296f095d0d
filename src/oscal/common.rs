//! OSCAL building blocks every model shares: metadata, properties, links, parties and back
//! matter. Optional fields and empty lists are left out, as OSCAL forbids empty arrays.

use serde::Serialize;

use super::{ids::UuidScope, NS, OSCAL_VERSION};

/// Document metadata (`metadata`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    /// Document title.
    pub title: String,
    /// When the document's content last changed (from the assessment's dates, never the clock).
    pub last_modified: String,
    /// The document's own version.
    pub version: String,
    /// The OSCAL version it conforms to.
    pub oscal_version: String,
    /// Further facts about the document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The organisation and people named in the document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// Free-text remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Metadata {
    /// Metadata with a title, a last-modified timestamp and a version, at [`OSCAL_VERSION`].
    pub(super) fn new(title: &str, last_modified: String, version: &str) -> Metadata {
        Metadata {
            title: one_line(title),
            last_modified,
            version: non_empty(version, "unversioned"),
            oscal_version: OSCAL_VERSION.to_string(),
            props: Vec::new(),
            parties: Vec::new(),
            remarks: None,
        }
    }
}

/// A name–value pair (`prop`). Names without `ns` are OSCAL's own; iso20k's carry [`NS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Property {
    /// Property name (a token).
    pub name: String,
    /// The namespace the name belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<String>,
    /// The value: one line, no surrounding whitespace.
    pub value: String,
    /// A further qualifier, e.g. the framework a mapping points into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

/// A list of properties under construction. Values are folded onto one line and empty values
/// are dropped, as OSCAL requires a non-blank single-line value.
#[derive(Debug, Default)]
pub(super) struct Props(Vec<Property>);

impl Props {
    pub(super) fn new() -> Props {
        Props::default()
    }

    /// Adds an OSCAL property (no namespace), e.g. `label` or `sort-id`.
    pub(super) fn oscal(self, name: &str, value: impl AsRef<str>) -> Props {
        self.push(name, None, value.as_ref(), None)
    }

    /// Adds an iso20k property.
    pub(super) fn ours(self, name: &str, value: impl AsRef<str>) -> Props {
        self.push(name, Some(NS), value.as_ref(), None)
    }

    /// Adds an iso20k property with a class.
    pub(super) fn ours_in(self, name: &str, class: &str, value: impl AsRef<str>) -> Props {
        self.push(name, Some(NS), value.as_ref(), Some(class))
    }

    /// Adds an iso20k property when there is a value.
    pub(super) fn ours_opt<V: AsRef<str>>(self, name: &str, value: Option<V>) -> Props {
        match value {
            Some(value) => self.ours(name, value),
            None => self,
        }
    }

    /// Adds one iso20k property per value, in order.
    pub(super) fn ours_each<V: AsRef<str>>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Props {
        for value in values {
            self = self.ours(name, value);
        }
        self
    }

    /// Adds an iso20k `true`/`false` property.
    pub(super) fn flag(self, name: &str, on: bool) -> Props {
        self.ours(name, if on { "true" } else { "false" })
    }

    fn push(mut self, name: &str, ns: Option<&str>, value: &str, class: Option<&str>) -> Props {
        let value = one_line(value);
        if !value.is_empty() {
            self.0.push(Property {
                name: name.to_string(),
                ns: ns.map(str::to_string),
                value,
                class: class.map(str::to_string),
            });
        }
        self
    }

    pub(super) fn build(self) -> Vec<Property> {
        self.0
    }
}

/// An organisation or person (`party`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Party {
    /// Stable UUID.
    pub uuid: String,
    /// `organization` or `person`.
    #[serde(rename = "type")]
    pub party_type: String,
    /// Name.
    pub name: String,
    /// Further facts (a team member's role).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
}

impl Party {
    /// The assessed organisation.
    pub(super) fn organisation(scope: &UuidScope, name: &str) -> Party {
        Party {
            uuid: scope.uuid(&format!("party:organisation:{name}")),
            party_type: "organization".to_string(),
            name: non_empty(name, "(organisation not named)"),
            props: Vec::new(),
        }
    }

    /// A member of the assessment or audit team, with their role.
    pub(super) fn person(scope: &UuidScope, name: &str, role: &str) -> Party {
        Party {
            uuid: scope.uuid(&format!("party:person:{name}")),
            party_type: "person".to_string(),
            name: non_empty(name, "(name not given)"),
            props: Props::new().ours("role", role).build(),
        }
    }
}

/// Resources the document refers to (`back-matter`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct BackMatter {
    /// The resources.
    pub resources: Vec<Resource>,
}

impl BackMatter {
    /// Back matter holding `resources`, or none when there are none.
    pub(super) fn of(resources: Vec<Resource>) -> Option<BackMatter> {
        (!resources.is_empty()).then_some(BackMatter { resources })
    }
}

/// A resource in the back matter (`resource`): an evidence file, the assessment plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resource {
    /// Stable UUID; other objects refer to it as `#uuid`.
    pub uuid: String,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the resource is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Further facts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Where the resource is, with its hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<Rlink>,
    /// Free-text remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A pointer to a resource's content, with hashes to verify it (`rlink`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Rlink {
    /// A URI reference (here: the workspace-relative path, percent-encoded).
    pub href: String,
    /// Hashes of the content.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
}

/// A digest of a resource (`hash`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hash {
    /// Digest method, e.g. `SHA-256`.
    pub algorithm: String,
    /// The digest, hexadecimal.
    pub value: String,
}

/// Folds `text` onto one line: runs of whitespace become one space, ends are trimmed.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` on one line, or `fallback` when it is blank (OSCAL strings may not be empty).
pub(super) fn non_empty(text: &str, fallback: &str) -> String {
    let text = one_line(text);
    if text.is_empty() {
        fallback.to_string()
    } else {
        text
    }
}

/// Percent-encodes a workspace-relative path into a relative URI reference: unreserved
/// characters and `/` stay, everything else (spaces, Chinese file names) is `%XX` per UTF-8
/// byte. Backslashes become `/`.
pub(super) fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_are_single_line_and_never_blank() {
        let props = Props::new()
            .ours("zh", "  第一行\n第二行 ")
            .ours("empty", "   ")
            .ours_opt("none", None::<&str>)
            .oscal("label", "4.1.1")
            .build();
        assert_eq!(props.len(), 2);
        assert_eq!(props[0].value, "第一行 第二行");
        assert_eq!(props[0].ns.as_deref(), Some(NS));
        assert_eq!(props[1].ns, None);
    }

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(
            path_to_uri("records/incidents.xlsx"),
            "records/incidents.xlsx"
        );
        assert_eq!(
            path_to_uri("证据 清单.xlsx"),
            "%E8%AF%81%E6%8D%AE%20%E6%B8%85%E5%8D%95.xlsx"
        );
        assert_eq!(path_to_uri(r"a\b#1.csv"), "a/b%231.csv");
    }
}
