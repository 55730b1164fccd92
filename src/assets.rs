//! The theme: embedded default templates and static files, and a site's per-file overrides.
//!
//! A site's `templates/<name>` or `static/<path>` replaces the embedded file of the same name, so a
//! site can change one template without forking the theme. This module reads the site's override
//! folders and nothing else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Templates and static files after overrides, by relative path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name → source text.
    pub templates: BTreeMap<String, String>,
    /// Static path → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// Every embedded default template, by name (for `errdocs init --templates` and tests).
#[must_use]
pub fn default_templates() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    collect_embedded(&TEMPLATES, &mut |path, bytes| {
        out.insert(path, String::from_utf8_lossy(bytes).into_owned());
    });
    out
}

fn collect_embedded(dir: &Dir<'_>, f: &mut dyn FnMut(String, &[u8])) {
    for file in dir.files() {
        f(
            file.path().to_string_lossy().replace('\\', "/"),
            file.contents(),
        );
    }
    for sub in dir.dirs() {
        collect_embedded(sub, f);
    }
}

/// Loads the theme for the site at `root`: the embedded defaults, overridden by the site's files.
///
/// # Errors
/// Diagnostics for override files that cannot be read or are not UTF-8 templates.
pub fn load_theme(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme {
        templates: default_templates(),
        statics: BTreeMap::new(),
    };
    collect_embedded(&STATIC, &mut |path, bytes| {
        theme.statics.insert(path, bytes.to_vec());
    });
    let mut problems = Vec::new();
    for (rel, bytes) in read_folder(root, "templates", &mut problems) {
        match String::from_utf8(bytes) {
            Ok(text) => {
                theme.templates.insert(rel, text);
            }
            Err(_) => problems.push(Diagnostic::error(
                "encoding",
                Path::new("templates").join(&rel),
                "a template must be UTF-8 text",
            )),
        }
    }
    for (rel, bytes) in read_folder(root, "static", &mut problems) {
        theme.statics.insert(rel, bytes);
    }
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

fn read_folder(root: &Path, name: &str, problems: &mut Vec<Diagnostic>) -> Vec<(String, Vec<u8>)> {
    let base = root.join(name);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walk = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(item) = walk.next() {
        if let Ok(file) = &item {
            let rel = file.path().strip_prefix(root).unwrap_or(file.path());
            if let Some(d) = crate::catalog::load::link_outside(&site, file, rel) {
                problems.push(d);
                if file.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        match item {
            Ok(file) if file.file_type().is_file() => {
                let rel: PathBuf = file
                    .path()
                    .strip_prefix(&base)
                    .unwrap_or(file.path())
                    .to_path_buf();
                let rel = rel.to_string_lossy().replace('\\', "/");
                match std::fs::read(file.path()) {
                    Ok(bytes) => out.push((rel, bytes)),
                    Err(e) => problems.push(Diagnostic::error(
                        "io",
                        Path::new(name).join(&rel),
                        format!("cannot read: {e}"),
                    )),
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::error(
                "io",
                Path::new(name),
                format!("cannot read: {e}"),
            )),
        }
    }
    out
}
