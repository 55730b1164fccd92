//! `errdocs check`.

use crate::cli::{CheckArgs, Deny, Format};
use crate::site;

/// Checks the catalog and prints every problem; returns the exit code.
///
/// # Errors
/// Only unexpected failures (e.g. stdout closed).
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let checked = site::check(&args.site.root);
    let failed = checked.has_errors()
        || (args.deny == Some(Deny::Warnings) && !checked.diagnostics.is_empty());
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&checked.diagnostics)?),
        Format::Human => {
            super::print_diagnostics(&checked.diagnostics);
            if !args.site.quiet && !failed {
                eprintln!(
                    "checked {} entries: no errors",
                    checked.catalog.entries.len()
                );
            }
        }
    }
    Ok(i32::from(failed))
}
