//! The commands: glue between the CLI and the pipeline in `site`. Only this layer and `main` print.

pub mod build;
pub mod check;
pub mod explain;
pub mod export;
pub mod import;
pub mod init;
pub mod mock;
pub mod new;
pub mod schema;
pub mod serve;
pub mod verify;

use std::path::Path;

use anyhow::Context as _;

use crate::diagnostic::Diagnostic;
use crate::scaffold::NewFile;

/// Writes a new file under `root`, creating its folders.
fn write_new(root: &Path, file: &NewFile) -> anyhow::Result<()> {
    let path = root.join(&file.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // `create_new`: a file that appeared since the caller looked is never replaced.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, file.text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

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
