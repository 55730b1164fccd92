//! Integration tests: the real `errdocs` binary on small fixture sites.
//!
//! Each test copies a fixture (or starts empty), adds or changes files, runs the binary and asserts
//! on its exit code, stderr and the files it wrote. HTML is parsed with `scraper`.

mod authoring;
mod bad_inputs;
mod build;
mod coverage;
mod diagnostics;
mod example_site;
mod generated;
mod incremental;
#[cfg(unix)]
mod interrupt;
mod links;
mod lints;
mod llms;
mod mock;
mod multipart;
mod openapi;
mod output_safety;
mod overrides;
mod postman;
mod problem_types;
mod properties;
mod schema;
mod search;
mod serve;
mod shipped;
mod support;
mod verify;
