//! The commands: glue between the CLI and the pipeline in `site`. Only this layer and `main` print.

pub mod build;
pub mod check;
pub mod explain;

use crate::diagnostic::Diagnostic;

/// Prints diagnostics to stderr, one block each, and a count line.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
}
