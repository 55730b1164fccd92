//! The site configuration, `errdocs.toml`.
//!
//! Owns parsing and defaults only; the `--base-url` and `--out` flags are applied by `cmd/`.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Position};

/// The file name of the configuration, at the site root.
pub const FILE_NAME: &str = "errdocs.toml";

/// The settings of one site.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title, shown in the header and in every page title.
    pub title: String,
    /// One-sentence description, for the home page and meta tags.
    pub description: String,
    /// Where the site is served: a full URL (`https://org.example/docs/`) or a path (`/docs/`).
    pub base_url: String,
    /// Output folder, relative to the site root.
    pub output: PathBuf,
    /// Sample options.
    pub samples: SamplesConfig,
    /// Search box options.
    pub search: SearchConfig,
}

/// Which sample languages the site shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SamplesConfig {
    /// `data-lang` names, in tab order; empty means every language.
    pub languages: Vec<String>,
}

/// The search box.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// The hint shown in the empty search box, e.g. "Search 429, rate_limit_exceeded…". When
    /// absent, it is made from the catalog: its most documented status and its shortest entry
    /// titles, so it never names a topic the catalog does not have.
    pub placeholder: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            title: "HTTP error reference".to_owned(),
            description: String::new(),
            base_url: "/".to_owned(),
            output: PathBuf::from("public"),
            samples: SamplesConfig::default(),
            search: SearchConfig::default(),
        }
    }
}

impl Config {
    /// Parses `errdocs.toml` text; problems come back as a located diagnostic.
    ///
    /// # Errors
    /// A diagnostic pointing at the offending TOML.
    pub fn parse(text: &str) -> Result<Self, Box<Diagnostic>> {
        toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error("config", FILE_NAME, e.message().trim().to_owned());
            if let Some(help) = crate::diagnostic::unknown_field_help(e.message()) {
                d = d.with_help(help);
            }
            if let Some(span) = e.span() {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                d = d.at(text, Position { line, column });
            }
            Box::new(d)
        })
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    #[must_use]
    pub fn base_path(&self) -> String {
        base_path(&self.base_url)
    }

    /// `base_url` as an absolute origin + path when it has a host.
    #[must_use]
    pub fn absolute_base(&self) -> Option<String> {
        let (scheme, rest) = self.base_url.split_once("://")?;
        let host = rest.split('/').next().unwrap_or("");
        (!host.is_empty()).then(|| format!("{scheme}://{host}{}", self.base_path()))
    }
}

/// The path part of a base URL (`https://x.example/docs` → `/docs/`).
#[must_use]
pub fn base_path(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => base_url,
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url_or_path() {
        assert_eq!(base_path("https://org.example/docs"), "/docs/");
        assert_eq!(base_path("https://org.example"), "/");
        assert_eq!(base_path("/docs/"), "/docs/");
        assert_eq!(base_path("docs"), "/docs/");
        assert_eq!(base_path(""), "/");
    }

    #[test]
    fn unknown_key_is_located() {
        let err = Config::parse("title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(err.position, Some(Position { line: 2, column: 1 }));
        assert!(err.message.contains("unknown field"), "{}", err.message);
    }
}
