//! Integration tests: the real `errdocs` binary on small fixture sites.
//!
//! Each test copies a fixture (or starts empty), adds or changes files, runs the binary and asserts
//! on its exit code, stderr and the files it wrote. HTML is parsed with `scraper`.

mod build;
mod diagnostics;
mod generated;
mod incremental;
mod links;
mod overrides;
mod shipped;
mod support;
