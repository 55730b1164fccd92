//! Orchestration: load → resolve → lint → render → index → write, the one pipeline every command
//! runs.
//!
//! `check` stops after linting; `build` runs every stage and writes the output through a staging
//! folder that replaces the previous output only once it is complete (see `swap`), so a failed or
//! interrupted build never damages what was there. Only files whose bytes changed are written; the
//! others are hard-linked from the previous output (see `write`). A build whose input (content,
//! configuration, theme, errdocs itself) hashes the same as the last one's, into an output nobody
//! touched since, stops after reading the input and writes nothing. This is the only module that
//! writes output.

pub mod live;
mod output;
mod partial;
mod state;
mod swap;
mod write;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::assets::{Theme, load_theme};
use crate::catalog::cache::ParseCache;
use crate::catalog::load::{RawCatalog, Uploads, attach_uploads, list_content, read_uploads};
use crate::catalog::{Catalog, RawFile, parse_content, read_content, resolve};
use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic, locate};
use crate::page::Page;
use crate::render::twin::LLMS_FULL;
use crate::render::{CATALOG_JSON, PageJob, RenderOptions, Renderer, render_site};
use crate::samples::Lang;
use crate::search;
use state::State;
use write::Writer;

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
    /// HTML pages in the output.
    pub pages: usize,
    /// Pages rendered by this build: all of them, or only the edited entries' pages when nothing
    /// else can show the edit (the others are kept from the previous output).
    pub rendered: usize,
    /// Files in the output.
    pub files: usize,
    /// Files written by this build (the others were unchanged and kept as they were).
    pub written: usize,
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

/// Reads the configuration text at `root`; a missing file means an empty one (defaults).
fn read_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> String {
    let path = root.join(config::FILE_NAME);
    match std::fs::read_to_string(&path) {
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
    }
}

/// Parses the configuration and the sample languages it chooses.
fn parse_config(text: &str, diagnostics: &mut Vec<Diagnostic>) -> (Config, Vec<Lang>) {
    let config = Config::parse(text).unwrap_or_else(|d| {
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
                if let Some(p) = locate(text, &format!("\"{name}\""), 1) {
                    d = d.at(text, p);
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

/// Everything a site's output depends on, read from disk: the content files read (`C` is
/// `Vec<RawFile>`), or only listed for a cache to read those that changed.
struct Input<C = Vec<RawFile>> {
    config_text: String,
    files: C,
    uploads: Uploads,
    problems: Vec<Diagnostic>,
}

fn read_input(root: &Path) -> Input {
    read_input_with(root, read_content)
}

/// The input at `root`, its content files as `content` finds them.
fn read_input_with<C>(
    root: &Path,
    content: impl FnOnce(&Path) -> (C, Vec<Diagnostic>),
) -> Input<C> {
    let mut problems = Vec::new();
    let config_text = read_config(root, &mut problems);
    let (files, read_problems) = content(root);
    problems.extend(read_problems);
    let (uploads, upload_problems) = read_uploads(root);
    problems.extend(upload_problems);
    Input {
        config_text,
        files,
        uploads,
        problems,
    }
}

fn check_input(input: Input) -> Checked {
    let mut checked = load_input(input);
    let mut since = Instant::now();
    checked.diagnostics = with_lints(std::mem::take(&mut checked.diagnostics), &checked.catalog);
    lap("lint", &mut since);
    checked
}

/// `diagnostics` and every lint's problems with the catalog, sorted: what a check reports.
fn with_lints(mut diagnostics: Vec<Diagnostic>, catalog: &Catalog) -> Vec<Diagnostic> {
    diagnostics.extend(crate::lint::lint(catalog));
    diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// The parse and resolve stages of [`check_input`], without linting: the site and its problems so
/// far (sorted).
fn load_input(input: Input) -> Checked {
    let mut since = Instant::now();
    let (raw, mut problems) = parse_content(input.files);
    lap("parse", &mut since);
    problems.extend(input.problems);
    resolve_input(&input.config_text, raw, &input.uploads, problems)
}

/// The configuration parsed, the uploads attached and the catalog resolved: the site and its
/// problems so far (sorted), those found before among them.
fn resolve_input(
    config_text: &str,
    mut raw: RawCatalog,
    uploads: &Uploads,
    mut diagnostics: Vec<Diagnostic>,
) -> Checked {
    let mut since = Instant::now();
    let (config, languages) = parse_config(config_text, &mut diagnostics);
    diagnostics.extend(attach_uploads(&mut raw, uploads));
    let (catalog, problems) = resolve(raw);
    diagnostics.extend(problems);
    diagnostic::sort(&mut diagnostics);
    lap("resolve", &mut since);
    Checked {
        config,
        languages,
        catalog,
        diagnostics,
    }
}

/// A hash of everything the output depends on: the setup (see [`setup_hash`]) and every content
/// file (path and bytes).
fn fingerprint(input: &Input, setup: u128) -> u128 {
    let mut parts: Vec<u128> = vec![setup];
    parts.par_extend(input.files.par_iter().flat_map_iter(|f| {
        [
            xxhash_rust::xxh3::xxh3_128(f.path.to_string_lossy().as_bytes()),
            xxhash_rust::xxh3::xxh3_128(&f.bytes),
        ]
    }));
    for (path, bytes) in &input.uploads {
        parts.push(xxhash_rust::xxh3::xxh3_128(path.as_bytes()));
        parts.push(xxhash_rust::xxh3::xxh3_128(bytes));
    }
    let bytes: Vec<u8> = parts.iter().flat_map(|p| p.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// A hash of what every page depends on besides the catalog: errdocs itself, the configuration,
/// the command-line base URL and the theme.
fn setup_hash(config_text: &str, base_url: Option<&str>, theme: &Theme) -> u128 {
    let mut parts: Vec<u128> = vec![
        xxhash_rust::xxh3::xxh3_128(env!("ERRDOCS_BUILD_ID").as_bytes()),
        xxhash_rust::xxh3::xxh3_128(config_text.as_bytes()),
        xxhash_rust::xxh3::xxh3_128(base_url.unwrap_or("\0").as_bytes()),
    ];
    for (name, text) in &theme.templates {
        parts.push(xxhash_rust::xxh3::xxh3_128(name.as_bytes()));
        parts.push(xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
    }
    for (name, bytes) in &theme.statics {
        parts.push(xxhash_rust::xxh3::xxh3_128(name.as_bytes()));
        parts.push(xxhash_rust::xxh3::xxh3_128(bytes));
    }
    let bytes: Vec<u8> = parts.iter().flat_map(|p| p.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// Loads, resolves and lints the site at `root`, collecting every problem.
#[must_use]
pub fn check(root: &Path) -> Checked {
    check_input(read_input(root))
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

/// Loads and resolves the site with the options' base URL, parsing only the files `cache` does not
/// hold, and leaves linting to [`with_lints`]; errors stop here. Returns the cache for next time
/// whether or not the site has errors.
fn load_cached(
    options: &BuildOptions,
    cache: &ParseCache,
) -> (Result<Checked, SiteError>, ParseCache) {
    let mut since = Instant::now();
    let input = read_input_with(&options.root, list_content);
    lap("list", &mut since);
    let (raw, mut problems, next) = cache.load(input.files);
    problems.extend(input.problems);
    lap("read and parse", &mut since);
    tracing::debug!(read = next.read(), parsed = next.parsed(), "content files");
    let checked = resolve_input(&input.config_text, raw, &input.uploads, problems);
    (with_base(checked, options), next)
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

/// Logs how long a stage took (`ERRDOCS_LOG=debug`).
fn lap(stage: &str, since: &mut Instant) {
    tracing::debug!(
        stage,
        ms = since.elapsed().as_secs_f64() * 1000.0,
        "stage done"
    );
    *since = Instant::now();
}

/// Builds the site: every stage, then the staged write.
///
/// # Errors
/// [`SiteError::Invalid`] with every problem when the input has errors (nothing is written);
/// [`SiteError::Io`] when the output cannot be written (the previous output stays).
pub fn build(options: &BuildOptions) -> Result<BuildReport, SiteError> {
    let started = Instant::now();
    let mut lap_start = started;
    let input = read_input(&options.root);
    let theme = load_theme(&options.root);
    lap("read", &mut lap_start);
    let mut early = Vec::new();
    let (mut config, _) = parse_config(&input.config_text, &mut early);
    if let Some(base) = &options.base_url {
        config.base_url.clone_from(base);
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output));
    let output = output::check(&options.root, &out).map_err(|d| SiteError::Invalid(vec![*d]))?;
    let out = output.path;
    // Before anything can fail: a build killed earlier must not cost the previous output.
    swap::recover(&out);
    state::settle(&out);
    let previous = State::read(&out);
    let setup = match &theme {
        Ok(theme) if input.problems.is_empty() && early.is_empty() => Some(setup_hash(
            &input.config_text,
            options.base_url.as_deref(),
            theme,
        )),
        _ => None,
    };
    let print = setup.map(|setup| fingerprint(&input, setup));
    if let Some(print) = print
        && previous.clean
        && previous.fingerprint == print
        && previous.output_intact(&out)
    {
        tracing::info!("nothing changed since the last build");
        return Ok(BuildReport {
            pages: previous.pages,
            rendered: 0,
            files: previous.files.len(),
            written: 0,
            entries: previous.entries,
            out: output.shown,
            warnings: Vec::new(),
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let mut checked = check_input(input);
    lap("load and resolve", &mut lap_start);
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
    let theme = theme.map_err(SiteError::Invalid)?;
    let shape = setup.map(|setup| partial::shape(setup, &checked.catalog));
    let plan = shape
        .as_ref()
        .filter(|_| out.is_dir())
        .and_then(|shape| partial::plan(&previous, shape, &checked.catalog, &out));
    let render_options = RenderOptions {
        config: &checked.config,
        theme: &theme,
        languages: &checked.languages,
    };
    let base = checked.config.base_path();
    let renderer =
        Renderer::new(&checked.catalog, &render_options, &base).map_err(SiteError::Invalid)?;
    lap("prepare rendering", &mut lap_start);
    let writer = Writer::new(&out, &previous)?;
    let (jobs, kept) = match plan {
        Some(plan) => {
            // Assets are always written again; a static `.html` file is one of them.
            let assets: std::collections::HashSet<&str> =
                renderer.assets().iter().map(|p| p.path.as_str()).collect();
            let kept: Vec<(String, write::Written)> = plan
                .kept
                .into_iter()
                .filter(|(path, _)| !assets.contains(path.as_str()))
                .map(|(path, record)| (path.clone(), write::Written::kept(path, record)))
                .collect();
            let jobs = plan.entries.into_iter().map(PageJob::Entry).collect();
            (jobs, kept)
        }
        None => (renderer.jobs(), Vec::new()),
    };
    let rendered = jobs.len();
    tracing::info!(rendered, kept = kept.len(), "pages to render");
    let written = render_and_put(&renderer, &writer, &checked.catalog, jobs).map(|mut w| {
        w.extend(kept);
        w
    });
    lap("render and write", &mut lap_start);
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            writer.abandon();
            return Err(e);
        }
    };
    let pages = written.iter().filter(|w| w.0.ends_with(".html")).count();
    let state = State {
        fingerprint: print.unwrap_or(0),
        clean: checked.diagnostics.is_empty(),
        pages,
        entries: checked.catalog.entries.len(),
        files: std::collections::BTreeMap::new(),
        shape,
        folder: None,
    };
    let files = written.len();
    let (state, changed) = match writer.finish(written.into_iter().map(|w| w.1).collect(), state) {
        Ok(done) => done,
        Err(e) => {
            return Err(e);
        }
    };
    if changed > 0 || state.fingerprint != previous.fingerprint || state.shape != previous.shape {
        write::save_state(&out, &state)?;
    }
    lap("finish", &mut lap_start);
    let entries = checked.catalog.entries.len();
    let warnings = std::mem::take(&mut checked.diagnostics);
    drop(renderer);
    // Freeing a large catalog takes a noticeable moment on one thread; the build is done, so that
    // happens beside the caller (a command that exits next never waits for it). Should no thread
    // be available, the closure, and the catalog with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("errdocs-free".into())
        .spawn(move || drop(checked));
    Ok(BuildReport {
        pages,
        rendered,
        files,
        written: changed,
        entries,
        out: output.shown,
        warnings,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Renders every page in parallel and hands each to the writer as soon as it is rendered, so pages
/// never pile up in memory; then the static files, the data files and the search index.
fn render_and_put(
    renderer: &Renderer<'_>,
    writer: &Writer<'_>,
    catalog: &Catalog,
    jobs: Vec<PageJob>,
) -> Result<Vec<(String, write::Written)>, SiteError> {
    type Put = Result<(String, write::Written), SiteError>;
    let put = |page: &Page| -> Put { Ok((page.path.clone(), writer.put(page)?)) };
    // The data files and the search index are each built on one thread: they run beside the
    // pages, whose parallel pass keeps the other threads busy.
    let (pages, derived): (Vec<Put>, Vec<Put>) = rayon::join(
        || {
            jobs.into_par_iter()
                .map(|job| {
                    let page = renderer
                        .render_pieces(job)
                        .map_err(|d| SiteError::Invalid(vec![*d]))?;
                    Ok((
                        page.path.clone(),
                        writer.put_pieces(&page.path, &page.pieces())?,
                    ))
                })
                .collect()
        },
        || {
            // catalog.json holds every entry whole: it goes to disk as it is serialised.
            let (json, (index, markdown)) = rayon::join(
                || {
                    writer
                        .put_stream(CATALOG_JSON, |w| renderer.write_catalog_json(w))
                        .map(|w| (CATALOG_JSON.to_owned(), w))
                },
                || {
                    rayon::join(
                        || {
                            // Each index file is written as soon as it is made.
                            let mut done = Vec::new();
                            search::build_index_into(catalog, &mut |page| done.push(put(&page)));
                            done
                        },
                        || {
                            // llms-full.txt goes to disk as the pages' Markdown versions are
                            // made, and each of them to its own file.
                            let mut done: Vec<Put> = Vec::new();
                            let full = writer.put_stream(LLMS_FULL, |w| {
                                renderer.write_markdown(w, &mut |pages| {
                                    done.par_extend(pages.par_iter().map(put));
                                })
                            });
                            done.push(full.map(|w| (LLMS_FULL.to_owned(), w)));
                            done
                        },
                    )
                },
            );
            let files = renderer.small_data_files();
            let mut done: Vec<Put> = files.par_iter().map(put).collect();
            done.extend(index);
            done.extend(markdown);
            done.push(json);
            done
        },
    );
    let mut out = Vec::with_capacity(pages.len() + derived.len() + 16);
    let mut problems = Vec::new();
    for p in pages {
        match p {
            Ok(w) => out.push(w),
            Err(SiteError::Invalid(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(SiteError::Invalid(problems));
    }
    for page in renderer.assets() {
        out.push(put(page)?);
    }
    for page in derived {
        out.push(page?);
    }
    Ok(out)
}

/// The write stage alone, for pages already rendered in memory (benchmarks, tools): writes them into
/// `out` as a build does, through a staging folder, changing only the files that differ from what the
/// last write there recorded. Returns the number of files written.
///
/// # Errors
/// [`SiteError::Io`] when a file cannot be written; [`SiteError::Invalid`] for a path that would
/// leave the output folder. The previous output stays as it was in both cases.
pub fn write_output(out: &Path, pages: &[crate::page::Page]) -> Result<usize, SiteError> {
    let out = &output::check_bare(out)
        .map_err(|d| SiteError::Invalid(vec![*d]))?
        .path;
    swap::recover(out);
    state::settle(out);
    let previous = State::read(out);
    let writer = Writer::new(out, &previous)?;
    let written: Result<Vec<write::Written>, SiteError> =
        pages.par_iter().map(|page| writer.put(page)).collect();
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            writer.abandon();
            return Err(e);
        }
    };
    let state = State {
        fingerprint: 0,
        clean: false,
        pages: pages.iter().filter(|p| p.path.ends_with(".html")).count(),
        entries: 0,
        files: std::collections::BTreeMap::new(),
        shape: None,
        folder: None,
    };
    let (state, changed) = writer.finish(written, state)?;
    if changed > 0 {
        write::save_state(out, &state)?;
    }
    Ok(changed)
}
