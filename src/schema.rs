//! JSON Schemas of the content kinds and the configuration, for editors.
//!
//! Every schema is generated from the types the loader deserialises into (`catalog::model` and
//! `config`), so a field the loader accepts is exactly a field the schema allows: `deny_unknown_fields`
//! becomes `additionalProperties: false`, `#[serde(default)]` makes a field optional, and the doc
//! comments become the descriptions an editor shows on hover. This module only describes; it reads
//! and writes nothing.

use schemars::{JsonSchema, generate::SchemaSettings};

use crate::catalog::Kind;
use crate::catalog::model::{Comparison, Entry, GuideMeta, StatusPage, Tree};
use crate::config::Config;

/// A kind of file that has a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// An error entry, `content/errors/<status>/<slug>.yaml`.
    Entry,
    /// A status overview, `content/status/<code>.yaml`.
    Status,
    /// A comparison, `content/compare/<slug>.yaml`.
    Compare,
    /// A decision tree, `content/trees/<slug>.yaml`.
    Tree,
    /// A guide's front matter, `content/guides/<slug>.md`.
    Guide,
    /// The configuration, `errdocs.toml`.
    Config,
}

/// The names `errdocs schema KIND` accepts, in the order of [`SchemaKind::ALL`].
pub const KIND_NAMES: [&str; 6] = ["entry", "status", "compare", "tree", "guide", "config"];

/// The folder, relative to the site root, where `init` and `new` put the schema files.
pub const SCHEMA_DIR: &str = "schemas";

impl SchemaKind {
    /// Every kind, content kinds first.
    pub const ALL: [Self; 6] = [
        Self::Entry,
        Self::Status,
        Self::Compare,
        Self::Tree,
        Self::Guide,
        Self::Config,
    ];

    /// The kind's name, as in [`KIND_NAMES`].
    #[must_use]
    pub fn name(self) -> &'static str {
        KIND_NAMES[Self::ALL.iter().position(|k| *k == self).unwrap_or(0)]
    }

    /// The kind named `name` (`comparison` is accepted for `compare`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = if name == "comparison" {
            "compare"
        } else {
            name
        };
        KIND_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// The schema of files of a content kind.
    #[must_use]
    pub fn of(kind: Kind) -> Self {
        match kind {
            Kind::Entry => Self::Entry,
            Kind::Status => Self::Status,
            Kind::Comparison => Self::Compare,
            Kind::Tree => Self::Tree,
            Kind::Guide => Self::Guide,
        }
    }

    /// The content kind this schema describes; `None` for the configuration.
    #[must_use]
    pub fn kind(self) -> Option<Kind> {
        match self {
            Self::Entry => Some(Kind::Entry),
            Self::Status => Some(Kind::Status),
            Self::Compare => Some(Kind::Comparison),
            Self::Tree => Some(Kind::Tree),
            Self::Guide => Some(Kind::Guide),
            Self::Config => None,
        }
    }

    /// The schema's file name, e.g. `entry.schema.json`.
    #[must_use]
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The schema, as a JSON value.
    #[must_use]
    pub fn schema(self) -> serde_json::Value {
        match self {
            Self::Entry => generate::<Entry>("errdocs entry"),
            Self::Status => generate::<StatusPage>("errdocs status overview"),
            Self::Compare => generate::<Comparison>("errdocs comparison"),
            Self::Tree => generate::<Tree>("errdocs decision tree"),
            Self::Guide => generate::<GuideMeta>("errdocs guide front matter"),
            Self::Config => generate::<Config>("errdocs.toml"),
        }
    }

    /// The schema as pretty-printed JSON text, ending with a newline.
    #[must_use]
    pub fn schema_text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// A draft 2020-12 schema of `T`, titled `title`, with `$schema`, `title` and `description` first.
fn generate<T: JsonSchema>(title: &str) -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let value = generator.into_root_schema_for::<T>().to_value();
    let serde_json::Value::Object(mut generated) = value else {
        return value;
    };
    let mut out = serde_json::Map::new();
    for key in ["$schema", "title", "description"] {
        if let Some(value) = generated.remove(key) {
            out.insert(key.to_owned(), value);
        }
    }
    out.insert("title".to_owned(), title.into());
    out.extend(generated);
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_content_kind_has_its_schema() {
        for kind in Kind::ALL {
            assert_eq!(SchemaKind::of(kind).kind(), Some(kind));
        }
        assert_eq!(SchemaKind::Config.kind(), None);
    }

    #[test]
    fn names_round_trip() {
        for kind in SchemaKind::ALL {
            assert_eq!(SchemaKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(
            SchemaKind::from_name("comparison"),
            Some(SchemaKind::Compare)
        );
        assert_eq!(SchemaKind::from_name("nope"), None);
    }

    #[test]
    fn unknown_fields_are_not_allowed() {
        let entry = SchemaKind::Entry.schema();
        assert_eq!(entry["additionalProperties"], false);
        assert_eq!(entry["properties"]["status"]["type"], "integer");
        let required: Vec<&str> = entry["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(required, ["status", "title", "summary", "response"]);
        let config = SchemaKind::Config.schema();
        assert_eq!(config["additionalProperties"], false);
        assert!(config.get("required").is_none());
    }
}
