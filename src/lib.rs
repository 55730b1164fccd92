//! errdocs turns a catalog of HTTP error entries, kept as YAML, into a static reference site.
//!
//! The pipeline runs one way, each stage a plain function of the previous one's output:
//! `load` (files → [`catalog::RawCatalog`]), `resolve` (ids, references, trees → [`catalog::Catalog`]),
//! `lint` (rules that know HTTP → diagnostics; `errdocs check` stops here),
//! `render` (templates, Markdown, highlighting, samples → pages in memory) and `write` (a staging
//! folder swapped into place). Only [`site`] orchestrates them, and only loading and writing touch the
//! disk.

pub mod assets;
pub mod catalog;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostic;
pub mod exchange;
pub mod explain;
pub mod export;
pub mod http;
pub mod import;
pub mod lint;
pub mod markdown;
pub mod mock;
pub mod openapi;
pub mod page;
pub mod render;
pub mod samples;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod verify;
