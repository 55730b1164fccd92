//! `errdocs export FORMAT`: check the catalog, then write it in another format to stdout or a file.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::cli::{ExportArgs, ExportFormat};
use crate::export::Syntax;

/// Writes the export (exit 0); exit 1 when the catalog has errors or `--out` names a file errdocs
/// did not write.
///
/// # Errors
/// When the output cannot be written.
pub fn run(args: &ExportArgs) -> anyhow::Result<i32> {
    let checked = crate::site::check(&args.site.root);
    if checked.has_errors() {
        super::print_diagnostics(&checked.diagnostics);
        eprintln!("the catalog has errors; nothing was exported");
        return Ok(1);
    }
    let text = match args.format {
        ExportFormat::Openapi => Syntax::of(args.out.as_deref()).write(
            &crate::export::openapi::document(&checked.catalog, &checked.config),
        ),
        // Postman and Newman read a collection as JSON only, whatever the file is called.
        ExportFormat::Postman => Syntax::Json.write(&crate::export::postman::collection(
            &checked.catalog,
            &checked.config,
        )),
    }
    .map_err(|e| anyhow::anyhow!("cannot write the export: {e}"))?;
    let Some(out) = &args.out else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(0);
    };
    if let Some(why) = refusal(out, &args.site.root) {
        eprintln!("error: {} {why}; nothing was written", out.display());
        return Ok(1);
    }
    replace(out, &text)?;
    if !args.site.quiet {
        eprintln!(
            "wrote {} ({} documented requests)",
            out.display(),
            crate::exchange::exchanges(&checked.catalog).len()
        );
    }
    Ok(0)
}

/// Why `out` must not be written, if it must not: a folder, a file in the catalog's `content/`, or
/// a file that an export did not write.
fn refusal(out: &Path, root: &Path) -> Option<String> {
    if out.is_dir() {
        return Some("is a folder".to_owned());
    }
    let content = root.join("content").canonicalize().ok();
    let parent = out
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| p.canonicalize().ok());
    if let (Some(content), Some(parent)) = (content, parent)
        && parent.starts_with(&content)
    {
        return Some("is inside the catalog's content/ folder".to_owned());
    }
    if !out.exists() {
        return None;
    }
    let text = std::fs::read_to_string(out).unwrap_or_default();
    (!written_by_errdocs(&text)).then(|| {
        "exists and was not written by `errdocs export` (it has no `x-errdocs.generator`)"
            .to_owned()
    })
}

/// Whether a file's text is an export: JSON or YAML whose `x-errdocs.generator` names errdocs.
fn written_by_errdocs(text: &str) -> bool {
    let value: Option<serde_json::Value> = serde_json::from_str(text)
        .ok()
        .or_else(|| serde_yaml::from_str(text).ok());
    value
        .as_ref()
        .and_then(|v| v.pointer("/x-errdocs/generator"))
        .and_then(serde_json::Value::as_str)
        .is_some_and(|g| g.starts_with("errdocs "))
}

/// Writes `text` to `out` whole: into a new file beside it, then renamed over it.
fn replace(out: &Path, text: &str) -> anyhow::Result<()> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = out.with_file_name(format!(".{name}.errdocs-partial"));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&staging)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", staging.display()))?;
    std::fs::rename(&staging, out).with_context(|| {
        let _ = std::fs::remove_file(&staging);
        format!("cannot replace {}", out.display())
    })
}
