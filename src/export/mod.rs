//! Exports: the resolved catalog in another tool's format. Each is a view of the [`Catalog`], like
//! the pages: it reads no files and writes none (`cmd::export` does).
//!
//! [`Catalog`]: crate::catalog::Catalog

pub mod openapi;
pub mod postman;

use std::path::Path;

/// How an export file is written: YAML for a `.yaml` or `.yml` file, else JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Pretty JSON.
    Json,
    /// YAML.
    Yaml,
}

impl Syntax {
    /// The syntax a file name asks for.
    #[must_use]
    pub fn of(path: Option<&Path>) -> Self {
        let yaml = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if yaml { Self::Yaml } else { Self::Json }
    }

    /// `value` in this syntax, ending with a newline.
    ///
    /// # Errors
    /// When the value cannot be serialised (it always can: it is plain data).
    pub fn write<T: serde::Serialize>(self, value: &T) -> Result<String, String> {
        match self {
            Self::Json => serde_json::to_string_pretty(value)
                .map(|s| s + "\n")
                .map_err(|e| e.to_string()),
            Self::Yaml => serde_yaml::to_string(value).map_err(|e| e.to_string()),
        }
    }
}
