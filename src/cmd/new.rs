//! `errdocs new`: one catalog file from a commented skeleton.

use crate::cli::NewArgs;
use crate::scaffold::{self, schema_files};

/// Writes the skeleton (exit 0), or explains why not: a bad kind or name (exit 2), a file that
/// exists already or a folder that is not a site (exit 1).
///
/// # Errors
/// When the file cannot be written.
pub fn run(args: &NewArgs) -> anyhow::Result<i32> {
    let file = match scaffold::new_file(&args.kind, &args.name) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let root = &args.root;
    if !root.join("content").is_dir() && !root.join(crate::config::FILE_NAME).is_file() {
        eprintln!(
            "error: {} is not a site folder (it has no errdocs.toml and no content/); \
             run `errdocs init` there first, or pass --root",
            root.display()
        );
        return Ok(1);
    }
    let target = root.join(&file.path);
    if target.exists() {
        eprintln!(
            "error: {} exists already; it was left as it is",
            target.display()
        );
        return Ok(1);
    }
    super::write_new(root, &file)?;
    eprintln!("created {}", target.display());
    if let Some(kind) = file.schema {
        let schema = schema_files()
            .into_iter()
            .find(|f| f.path.ends_with(kind.file_name()));
        if let Some(schema) = schema.filter(|s| !root.join(&s.path).exists()) {
            super::write_new(root, &schema)?;
            eprintln!(
                "created {} (for editors)",
                root.join(&schema.path).display()
            );
        }
    }
    eprintln!("replace each `<fill in …>` placeholder, then run `errdocs check`");
    Ok(0)
}
