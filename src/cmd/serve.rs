//! `errdocs serve`: build in memory, serve, watch, rebuild, tell open pages.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use anyhow::Context as _;

use crate::catalog::cache::ParseCache;
use crate::cli::ServeArgs;
use crate::config;
use crate::serve::Live;
use crate::serve::http::Preview;
use crate::serve::watch::{Change, SiteWatcher};
use crate::site::live::{self, Basis, Output};
use crate::site::{BuildOptions, SiteError};

/// Serves the site until Ctrl-C; returns the exit code (1 when the port is busy).
///
/// # Errors
/// When the site folder, the watcher or the server cannot be set up.
pub fn run(args: &ServeArgs) -> anyhow::Result<i32> {
    let root = std::fs::canonicalize(&args.site.root)
        .with_context(|| format!("cannot open the site folder {}", args.site.root.display()))?;
    let base = args
        .base_url
        .as_deref()
        .map_or_else(|| "/".to_owned(), config::base_path);
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = match crate::http::bind(addr) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = SiteWatcher::start(&root, move |c| {
        let _ = tx.send(c);
    })
    .context("cannot watch the site's files")?;
    ctrlc::set_handler(move || {
        // Nothing is written to disk, so stopping needs no cleanup, even in the middle of a build.
        eprintln!("stopped");
        std::process::exit(0);
    })
    .context("cannot handle Ctrl-C")?;
    let options = BuildOptions {
        root: root.clone(),
        out: None,
        base_url: Some(base.clone()),
    };
    let live = Arc::new(Live::new(&base));
    eprintln!("building {} in memory …", root.display());
    let mut cache = ParseCache::default();
    let mut basis = rebuild(&options, &live, None, &[], &mut cache);
    let local = crate::http::spawn(listener, Arc::new(Preview(Arc::clone(&live))))?.addr;
    let url = format!("http://{local}{base}");
    eprintln!("serving {} at {url} (Ctrl-C stops)", root.display());
    if args.open {
        open_browser(&url);
    }
    watch_loop(&rx, &options, &live, &mut watcher, &mut basis, &mut cache);
    Ok(0)
}

/// Rebuilds after every batch of changes; Ctrl-C ends the process.
fn watch_loop(
    rx: &Receiver<Change>,
    options: &BuildOptions,
    live: &Arc<Live>,
    watcher: &mut SiteWatcher,
    basis: &mut Option<Arc<Basis>>,
    cache: &mut ParseCache,
) {
    while let Ok(wake) = rx.recv() {
        let mut files: Vec<PathBuf> = Vec::new();
        let mut pending = Some(wake);
        while let Some(wake) = pending.take().or_else(|| rx.try_recv().ok()) {
            match wake {
                Change::Files(more) => files.extend(more),
                Change::Failed(e) => eprintln!("warning: watching failed: {e}"),
            }
        }
        if files.is_empty() {
            continue;
        }
        files.sort();
        files.dedup();
        if let Err(e) = watcher.watch_new_folders(&files) {
            eprintln!("warning: cannot watch a new folder: {e}");
        }
        if let Some(next) = rebuild(options, live, basis.as_deref(), &files, cache) {
            *basis = Some(next);
        }
    }
}

/// Builds in memory and publishes the pages (and returns the new basis), or the problems.
fn rebuild(
    options: &BuildOptions,
    live: &Arc<Live>,
    previous: Option<&Basis>,
    files: &[PathBuf],
    cache: &mut ParseCache,
) -> Option<Arc<Basis>> {
    let started = Instant::now();
    let what = match files {
        [] => String::new(),
        [one] => format!(" after a change to {}", one.display()),
        [one, rest @ ..] => format!(
            " after changes to {} and {} more",
            one.display(),
            rest.len()
        ),
    };
    match live::rebuild(options, previous, cache) {
        Ok((basis, output)) => {
            let partial = matches!(output, Output::Patch { .. });
            super::print_diagnostics(&basis.checked.diagnostics);
            // From here on, catalog-wide files still being made for an older build are stale.
            let build = BUILDS.fetch_add(1, Ordering::SeqCst) + 1;
            let (scope, published) = match output {
                Output::Whole(pages) => (
                    format!("built {} files", pages.len()),
                    live.publish_pages(pages),
                ),
                Output::Patch { entries, pages } => (
                    format!("rendered {} edited entry page(s)", entries.len()),
                    live.patch_pages(pages, &|_| false),
                ),
            };
            eprintln!(
                "{scope}{what} in {:.2}s; {} changed",
                started.elapsed().as_secs_f64(),
                published.changed
            );
            let basis = Arc::new(basis);
            if partial {
                derive_in_background(Arc::clone(live), Arc::clone(&basis), build, started);
            }
            Some(basis)
        }
        Err(SiteError::Invalid(diagnostics)) => {
            super::print_diagnostics(&diagnostics);
            live.publish_problems(&diagnostics);
            eprintln!(
                "build failed{what} ({:.2}s): open pages show the errors; still serving the last good build",
                started.elapsed().as_secs_f64()
            );
            None
        }
        Err(e @ SiteError::Io { .. }) => {
            eprintln!("error: {e}");
            None
        }
    }
}

/// Opens `url` in the desktop's browser, if there is one.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("cannot open a browser ({program}: {e}); open {url} yourself"),
    }
}

/// Successful builds so far: a background patch of catalog-wide files lands only while its build
/// is still the newest one published.
static BUILDS: AtomicU64 = AtomicU64::new(0);

/// A background rebuild of the catalog-wide files for one published build.
struct Derive {
    live: Arc<Live>,
    basis: Arc<Basis>,
    build: u64,
    started: Instant,
}

/// The edited pages are served already; `catalog.json` and the search index follow on a worker
/// thread of their own, so the next save starts rebuilding at once. The worker takes only the
/// newest request waiting, and a result is dropped when a newer build was published meanwhile (it
/// brings its own).
fn derive_in_background(live: Arc<Live>, basis: Arc<Basis>, build: u64, started: Instant) {
    static WORKER: OnceLock<Option<Mutex<Sender<Derive>>>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Derive>();
        std::thread::Builder::new()
            .name("derived".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    while let Ok(newer) = rx.try_recv() {
                        report_dropped();
                        job = newer;
                    }
                    derive(&job);
                }
            })
            .map_err(|e| eprintln!("warning: cannot update catalog.json and the search index: {e}"))
            .ok()
            .map(|_| Mutex::new(tx))
    });
    let job = Derive {
        live,
        basis,
        build,
        started,
    };
    match worker {
        Some(tx) => {
            let sent = tx.lock().map(|tx| tx.send(job));
            if !matches!(sent, Ok(Ok(()))) {
                eprintln!("warning: cannot update catalog.json and the search index");
            }
        }
        None => derive(&job),
    }
}

fn derive(job: &Derive) {
    let current = || BUILDS.load(Ordering::SeqCst) == job.build;
    if !current() {
        report_dropped();
        return;
    }
    let derived = live::derived_files(&job.basis.checked);
    match job
        .live
        .patch_pages_if(derived, &live::is_index_file, &current)
    {
        Some(published) => eprintln!(
            "updated catalog.json and the search index in {:.2}s; {} changed",
            job.started.elapsed().as_secs_f64(),
            published.changed
        ),
        None => report_dropped(),
    }
}

/// Says that the catalog-wide files of an older build were not published.
fn report_dropped() {
    eprintln!("dropped catalog.json and the search index of an older build: a newer one is served");
}
