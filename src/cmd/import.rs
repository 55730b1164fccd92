//! `errdocs import FORMAT FILE`: read a document, then write the catalog files it plans that do not
//! exist yet, and say what was written and what was skipped.

use anyhow::Context as _;

use crate::cli::{ImportArgs, ImportFormat};

/// Writes the new files (exit 0); exit 1 when the document cannot be read or is not of the format,
/// or the root is not a site folder.
///
/// # Errors
/// When a file cannot be written.
pub fn run(args: &ImportArgs) -> anyhow::Result<i32> {
    let root = &args.site.root;
    if !root.join("content").is_dir() && !root.join(crate::config::FILE_NAME).is_file() {
        eprintln!(
            "error: {} is not a site folder (it has no errdocs.toml and no content/); \
             run `errdocs init` there first, or pass --root",
            root.display()
        );
        return Ok(1);
    }
    let text = match std::fs::read(&args.file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                eprintln!("error: {} is not UTF-8 text", args.file.display());
                return Ok(1);
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.file.display());
            return Ok(1);
        }
    };
    let plan = match args.format {
        ImportFormat::Openapi => match crate::import::openapi::parse(&text, &args.file) {
            Ok(doc) => crate::import::openapi::plan(&doc),
            Err(diagnostic) => {
                super::print_diagnostics(&[*diagnostic]);
                return Ok(1);
            }
        },
    };
    let (mut written, mut kept) = (0, 0);
    for file in &plan.files {
        let target = root.join(&file.path);
        if target.exists() {
            kept += 1;
            if !args.site.quiet {
                eprintln!("skipped {} (it exists; left as it is)", file.path.display());
            }
            continue;
        }
        super::write_new(root, file)
            .with_context(|| format!("importing {}", args.file.display()))?;
        written += 1;
        if !args.site.quiet {
            eprintln!("wrote {}", file.path.display());
        }
    }
    for why in &plan.skipped {
        eprintln!("skipped {why}");
    }
    eprintln!(
        "imported {}: {written} files written, {kept} left as they were; \
         replace each `<fill in …>` placeholder, then run `errdocs check`",
        args.file.display()
    );
    Ok(0)
}
