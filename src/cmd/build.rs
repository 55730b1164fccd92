//! `errdocs build`.

use crate::cli::BuildArgs;
use crate::site::{self, BuildOptions, SiteError};

/// Runs a build and prints its summary; returns the exit code.
///
/// # Errors
/// Only unexpected failures; catalog problems are printed and give exit code 1.
pub fn run(args: &BuildArgs) -> anyhow::Result<i32> {
    let options = BuildOptions {
        root: args.site.root.clone(),
        out: args.out.clone(),
        base_url: args.base_url.clone(),
    };
    match site::build(&options) {
        Ok(report) => {
            super::print_diagnostics(&report.warnings);
            if !args.site.quiet {
                let changes = match report.written {
                    0 => "nothing changed".to_owned(),
                    n if n == report.files => format!("{n} files"),
                    n => format!("{n} of {} files changed", report.files),
                };
                let partial = if report.rendered > 0 && report.rendered < report.pages {
                    format!(", rendering only {} edited entry page(s)", report.rendered)
                } else {
                    String::new()
                };
                eprintln!(
                    "built {} pages from {} entries in {:.2}s into {} ({changes}){partial}",
                    report.pages,
                    report.entries,
                    report.seconds,
                    report.out.display()
                );
            }
            Ok(0)
        }
        Err(SiteError::Invalid(diagnostics)) => {
            super::print_diagnostics(&diagnostics);
            eprintln!("build failed; the previous output was left as it was");
            Ok(1)
        }
        Err(e @ SiteError::Io { .. }) => {
            eprintln!("error: {e}");
            Ok(1)
        }
    }
}
