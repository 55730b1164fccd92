//! errdocs turns a catalog of HTTP error entries, kept as YAML, into a static reference site.

pub mod catalog;
pub mod samples;
