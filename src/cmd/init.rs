//! `errdocs init`: a new site folder with a small catalog, its editor schemas and, on request, the
//! default templates.

use std::path::Path;

use crate::assets::default_templates;
use crate::cli::InitArgs;
use crate::scaffold::{NewFile, schema_files, starter_files};

/// Creates the site; refuses (exit 1, nothing written) when any of its files already exists.
///
/// # Errors
/// When a file cannot be written.
pub fn run(args: &InitArgs) -> anyhow::Result<i32> {
    let mut files = starter_files(args.starter);
    files.extend(schema_files());
    if args.templates {
        files.extend(default_templates().into_iter().map(|(name, text)| NewFile {
            path: Path::new("templates").join(name),
            text,
            schema: None,
        }));
    }
    let existing: Vec<String> = files
        .iter()
        .filter(|f| args.dir.join(&f.path).exists())
        .map(|f| format!("  {}", args.dir.join(&f.path).display()))
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: these files exist already; nothing was written:\n{}",
            existing.join("\n")
        );
        return Ok(1);
    }
    for file in &files {
        super::write_new(&args.dir, file)?;
    }
    let shown = args.dir.display();
    eprintln!("created a site in {shown} ({} files)", files.len());
    eprintln!("next: errdocs serve --root {shown}   (or: cd {shown} && errdocs serve)");
    Ok(0)
}
