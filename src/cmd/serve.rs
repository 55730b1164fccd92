//! `errdocs serve`: load the site, serve it, rendering each page when it is first requested, watch,
//! rebuild, tell open pages; lint in the background.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Weak;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use anyhow::Context as _;

use crate::catalog::cache::ParseCache;
use crate::cli::ServeArgs;
use crate::config;
use crate::render::CATALOG_JSON;
use crate::serve::http::Preview;
use crate::serve::watch::{Change, SiteWatcher};
use crate::serve::{self, Files, Live, Lookup};
use crate::site::live::{self, Prepared, Scope, Site, Update};
use crate::site::{BuildOptions, SiteError};

/// At most this many open pages are rendered before a build is published (the most recently
/// opened); the others are rendered when they reload.
const OPEN_FIRST: usize = 8;

/// Threads of the background check. One: the lints of a large catalog take seconds, and the other
/// cores stay free for the rebuild of the next save and the pages it renders.
const CHECK_THREADS: usize = 1;

/// Serves the site until Ctrl-C; returns the exit code (1 when the port is busy). `loaded` is
/// called once, when the site has loaded for the first time (or failed to), before it is served.
///
/// # Errors
/// When the site folder, the watcher or the server cannot be set up.
pub fn run(args: &ServeArgs, loaded: impl FnOnce()) -> anyhow::Result<i32> {
    let started = Instant::now();
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
    let live = Arc::new(Live::new(&base, |d| eprintln!("{d}\n")));
    eprintln!("loading {} …", root.display());
    let mut rebuilder = Rebuilder {
        options,
        cache: ParseCache::default(),
        site: None,
        checker: Checker::start(),
    };
    rebuilder.rebuild(&live, &[], started);
    loaded();
    let local = crate::http::spawn(listener, Arc::new(Preview(Arc::clone(&live))))?.addr;
    let url = format!("http://{local}{base}");
    eprintln!("serving {} at {url} (Ctrl-C stops)", root.display());
    if args.open {
        open_browser(&url);
    }
    watch_loop(&rx, &live, &mut watcher, &mut rebuilder);
    Ok(0)
}

/// Rebuilds after every batch of changes; Ctrl-C ends the process.
fn watch_loop(
    rx: &Receiver<Change>,
    live: &Arc<Live>,
    watcher: &mut SiteWatcher,
    rebuilder: &mut Rebuilder,
) {
    while let Ok(wake) = rx.recv() {
        let started = Instant::now();
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
        rebuilder.rebuild(live, &files, started);
    }
}

/// What the rebuilds keep from one to the next.
struct Rebuilder {
    options: BuildOptions,
    cache: ParseCache,
    /// The site served.
    site: Option<Arc<Site>>,
    checker: Checker,
}

impl Rebuilder {
    /// Loads the site again and publishes it, or its problems.
    fn rebuild(&mut self, live: &Arc<Live>, files: &[PathBuf], started: Instant) {
        let what = match files {
            [] => String::new(),
            [one] => format!(" after a change to {}", one.display()),
            [one, rest @ ..] => format!(
                " after changes to {} and {} more",
                one.display(),
                rest.len()
            ),
        };
        match live::update(&self.options, self.site.as_deref(), &mut self.cache) {
            Ok(Some(update)) => self.publish(live, update, &what, started),
            Ok(None) => {
                live.recover();
                eprintln!(
                    "nothing to render again{what} ({:.2}s)",
                    started.elapsed().as_secs_f64()
                );
            }
            Err(SiteError::Invalid(diagnostics)) => {
                super::print_diagnostics(&diagnostics);
                live.publish_problems(&diagnostics);
                eprintln!(
                    "build failed{what} ({:.2}s): open pages show the errors; still serving the last good build",
                    started.elapsed().as_secs_f64()
                );
            }
            Err(e @ SiteError::Io { .. }) => eprintln!("error: {e}"),
        }
    }

    /// Renders the pages open in browsers that the update may change, then serves the new site;
    /// when one of them fails to render, the last good build stays.
    fn publish(&mut self, live: &Arc<Live>, update: Update, what: &str, started: Instant) {
        let Update { site, scope } = update;
        let mut open = live.open_pages(OPEN_FIRST);
        if let Scope::Entries(pages) = &scope {
            open.retain(|page| pages.contains(page));
        }
        let previous = self.site.as_deref();
        let mut unchanged = Vec::new();
        let mut failed = Vec::new();
        for (path, found) in site.render_now(&open) {
            match found {
                Lookup::Found(bytes) => {
                    if previous.and_then(|p| p.cached(&path)).as_ref() == Some(&bytes) {
                        unchanged.push(path);
                    }
                }
                Lookup::Failed(d) => failed.push(*d),
                Lookup::Missing | Lookup::Streamed(_) => {}
            }
        }
        if !failed.is_empty() {
            super::print_diagnostics(&failed);
            live.publish_problems(&failed);
            eprintln!(
                "build failed{what} ({:.2}s): a page open in the browser does not render; still serving the last good build",
                started.elapsed().as_secs_f64()
            );
            return;
        }
        let (change, scope) = match scope {
            Scope::Entries(mut pages) => {
                let count = pages.len();
                pages.retain(|page| !unchanged.contains(page));
                pages.push(CATALOG_JSON.to_owned());
                (
                    serve::Change::Listed(pages),
                    format!("{count} edited entry page(s) to render again"),
                )
            }
            Scope::Whole if previous.is_none() => (
                serve::Change::Unknown { unchanged },
                format!("{} pages, each rendered when first requested", site.pages()),
            ),
            Scope::Whole => (
                serve::Change::Unknown { unchanged },
                "every page to render again".to_owned(),
            ),
        };
        let published = live.publish(Arc::clone(&site) as Arc<dyn Files>, change);
        eprintln!(
            "site ready{what} in {:.2}s: {scope}; {} open page(s) rendered",
            started.elapsed().as_secs_f64(),
            open.len()
        );
        self.checker.check(Check {
            live: Arc::clone(live),
            prepared: Arc::clone(site.prepared()),
            site: Arc::downgrade(&site),
            generation: published.generation,
            started,
        });
        self.site = Some(site);
    }
}

/// The background check of one published build.
struct Check {
    live: Arc<Live>,
    prepared: Arc<Prepared>,
    /// The search index is made once the check is done, if the site is still served.
    site: Weak<Site>,
    generation: u64,
    started: Instant,
}

/// A thread that lints each published build, then makes its search index, on a thread pool of
/// its own: the lints run in parallel, and a check never holds up the renders of the next save,
/// which use the global pool. It takes only the newest build waiting, and its findings are dropped
/// when a newer build was published meanwhile.
struct Checker {
    jobs: Option<Sender<Check>>,
}

impl Checker {
    fn start() -> Self {
        let (tx, rx) = mpsc::channel::<Check>();
        let spawned = std::thread::Builder::new()
            .name("errdocs-check".into())
            .spawn(move || {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(CHECK_THREADS)
                    .thread_name(|i| format!("errdocs-check-{i}"))
                    .build();
                while let Ok(mut job) = rx.recv() {
                    while let Ok(newer) = rx.try_recv() {
                        report_dropped();
                        job = newer;
                    }
                    match &pool {
                        Ok(pool) => pool.install(|| check(&job)),
                        Err(_) => check(&job),
                    }
                }
            });
        match spawned {
            Ok(_) => Self { jobs: Some(tx) },
            Err(e) => {
                eprintln!("warning: cannot check the catalog in the background: {e}");
                Self { jobs: None }
            }
        }
    }

    fn check(&self, job: Check) {
        if let Some(jobs) = &self.jobs
            && jobs.send(job).is_err()
        {
            eprintln!("warning: cannot check the catalog in the background");
        }
    }
}

/// Lints one build and makes its search index; says which of "checked" or "dropped" it did.
fn check(job: &Check) {
    let current = || job.live.snapshot().generation == job.generation;
    if !current() {
        report_dropped();
        return;
    }
    let diagnostics = live::lint(&job.prepared);
    if !current() {
        report_dropped();
        return;
    }
    super::print_diagnostics(&diagnostics);
    if !job.live.publish_checked(job.generation, &diagnostics) {
        report_dropped();
        return;
    }
    let found = if diagnostics
        .iter()
        .any(crate::diagnostic::Diagnostic::is_error)
    {
        "open pages show its errors"
    } else {
        "no errors"
    };
    eprintln!(
        "checked the catalog {:.2}s after the change: {found}",
        job.started.elapsed().as_secs_f64()
    );
    if let Some(site) = job.site.upgrade()
        && current()
    {
        site.warm_index();
    }
}

/// Says that the check of an older build was not finished or not shown.
fn report_dropped() {
    eprintln!("dropped the check of an older build: a newer one is served");
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
