//! Orchestration: load → resolve → render → write, the one pipeline every command runs.
//!
//! `check` stops after linting; `build` runs every stage and writes the output through a staging
//! folder that replaces the previous output only once it is complete, so a failed or interrupted
//! build never damages what was there. This is the only module that writes output.

pub mod live;
mod swap;

use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use crate::assets::{Theme, load_theme};
use crate::catalog::{Catalog, load_catalog, resolve};
use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic, locate};
use crate::render::{Page, RenderOptions, data_files, render_entries, render_site};
use crate::samples::Lang;
use crate::search;

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The input has errors; every problem found is listed.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
    /// Writing the output failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// What `build` needs: the site root and the command-line overrides.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds `errdocs.toml` and `content/`).
    pub root: PathBuf,
    /// Output folder; the config's `output` (relative to the root) when absent.
    pub out: Option<PathBuf>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Catalog entries.
    pub entries: usize,
    /// The output folder.
    pub out: PathBuf,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub seconds: f64,
}

/// A loaded and resolved site: configuration, catalog and every problem found.
#[derive(Debug)]
pub struct Checked {
    /// The configuration (defaults where the file is missing).
    pub config: Config,
    /// The sample languages the configuration chose.
    pub languages: Vec<Lang>,
    /// The catalog.
    pub catalog: Catalog,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any problem is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads the configuration at `root`; a missing file means defaults.
fn load_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> (Config, Vec<Lang>) {
    let path = root.join(config::FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "io",
                config::FILE_NAME,
                format!("cannot read: {e}"),
            ));
            String::new()
        }
    };
    let config = Config::parse(&text).unwrap_or_else(|d| {
        diagnostics.push(*d);
        Config::default()
    });
    let mut languages = Vec::new();
    for name in &config.samples.languages {
        match Lang::from_name(name) {
            Some(lang) if !languages.contains(&lang) => languages.push(lang),
            Some(_) => {}
            None => {
                let known: Vec<&str> = Lang::ALL.iter().map(|l| l.name()).collect();
                let mut d = Diagnostic::error(
                    "config",
                    config::FILE_NAME,
                    format!("`{name}` is not a sample language"),
                )
                .with_help(format!("the languages are: {}", known.join(", ")));
                if let Some(p) = locate(&text, &format!("\"{name}\""), 1) {
                    d = d.at(&text, p);
                }
                diagnostics.push(d);
            }
        }
    }
    if config.samples.languages.is_empty() {
        languages = Lang::ALL.to_vec();
    }
    (config, languages)
}

/// Loads, resolves and lints the site at `root`, collecting every problem.
#[must_use]
pub fn check(root: &Path) -> Checked {
    let mut diagnostics = Vec::new();
    let (config, languages) = load_config(root, &mut diagnostics);
    let (raw, problems) = load_catalog(root);
    diagnostics.extend(problems);
    let (catalog, problems) = resolve(raw);
    diagnostics.extend(problems);
    diagnostics.extend(crate::lint::lint(&catalog));
    diagnostic::sort(&mut diagnostics);
    Checked {
        config,
        languages,
        catalog,
        diagnostics,
    }
}

/// A site built in memory: every stage but the write.
#[derive(Debug)]
pub struct Rendered {
    /// The loaded catalog and its warnings.
    pub checked: Checked,
    /// Every output file, sorted by path.
    pub pages: Vec<Page>,
}

/// Runs every stage but the write: check, theme, render and the search index.
///
/// # Errors
/// [`SiteError::Invalid`] with every problem when the input or a template has errors.
pub fn render(options: &BuildOptions) -> Result<Rendered, SiteError> {
    render_checked(check(&options.root), options)
}

/// [`render`] for a site already checked.
fn render_checked(checked: Checked, options: &BuildOptions) -> Result<Rendered, SiteError> {
    let checked = with_base(checked, options)?;
    let theme = load_theme(&options.root).map_err(SiteError::Invalid)?;
    let pages = render_whole(&checked, &theme)?;
    Ok(Rendered { checked, pages })
}

/// Checks the site with the options' base URL; errors stop here.
fn check_for(options: &BuildOptions) -> Result<Checked, SiteError> {
    with_base(check(&options.root), options)
}

/// Applies the options' base URL to a checked site; errors stop here.
fn with_base(mut checked: Checked, options: &BuildOptions) -> Result<Checked, SiteError> {
    if let Some(base) = &options.base_url {
        checked.config.base_url.clone_from(base);
    }
    if checked.has_errors() {
        return Err(SiteError::Invalid(checked.diagnostics));
    }
    tracing::info!(
        entries = checked.catalog.entries.len(),
        "loaded the catalog"
    );
    Ok(checked)
}

fn render_options<'a>(checked: &'a Checked, theme: &'a Theme) -> RenderOptions<'a> {
    RenderOptions {
        config: &checked.config,
        theme,
        languages: &checked.languages,
    }
}

/// Every page and the search index.
fn render_whole(checked: &Checked, theme: &Theme) -> Result<Vec<Page>, SiteError> {
    let options = render_options(checked, theme);
    let mut pages = render_site(&checked.catalog, &options).map_err(SiteError::Invalid)?;
    pages.extend(search::build_index(&checked.catalog));
    Ok(pages)
}

/// Builds the site: every stage, then the staged write.
///
/// # Errors
/// [`SiteError::Invalid`] with every problem when the input has errors (nothing is written);
/// [`SiteError::Io`] when the output cannot be written (the previous output stays).
pub fn build(options: &BuildOptions) -> Result<BuildReport, SiteError> {
    let started = Instant::now();
    let checked = check(&options.root);
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join(&checked.config.output));
    refuse_dangerous_output(&options.root, &out)?;
    // Before anything can fail: a build killed earlier must not cost the previous output.
    swap::recover(&out);
    let Rendered { checked, pages } = render_checked(checked, options)?;
    write_staged(&out, &pages)?;
    Ok(BuildReport {
        pages: pages.iter().filter(|p| p.path.ends_with(".html")).count(),
        files: pages.len(),
        entries: checked.catalog.entries.len(),
        out,
        warnings: checked.diagnostics,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The output folder is replaced whole, so it must never be the site itself or hold its sources.
fn refuse_dangerous_output(root: &Path, out: &Path) -> Result<(), SiteError> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, target) = (abs(root), abs(out));
    let bad = root.starts_with(&target)
        || target.starts_with(root.join("content"))
        || target == Path::new("/");
    if bad {
        return Err(SiteError::Invalid(vec![Diagnostic::error(
            "output",
            out,
            "the output folder would replace the site's own files",
        )
        .with_help("choose an output folder outside `content/` that does not contain the site, e.g. `public`")]));
    }
    Ok(())
}

/// Writes every page into a sibling staging folder, then swaps it into place.
fn write_staged(out: &Path, pages: &[Page]) -> Result<(), SiteError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SiteError::Io { path, source }
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let staging = swap::staging_path(out);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let written = write_pages(&staging, pages);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap::swap(&staging, out).map_err(|source| {
        let _ = std::fs::remove_dir_all(&staging);
        SiteError::Io {
            path: out.to_path_buf(),
            source,
        }
    })
}

fn write_pages(dir: &Path, pages: &[Page]) -> Result<(), SiteError> {
    for page in pages {
        let rel = Path::new(&page.path);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(SiteError::Invalid(vec![Diagnostic::error(
                "output",
                rel,
                "this output path would leave the output folder",
            )]));
        }
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|source| SiteError::Io {
                path: p.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, &page.bytes).map_err(|source| SiteError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}
