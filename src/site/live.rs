//! The site as `errdocs serve` holds it: loaded at once, each file rendered the first time it is
//! asked for.
//!
//! A rebuild lists every file, reads only those the file system says changed, parses only those
//! whose bytes changed (see [`ParseCache`]) and resolves the whole catalog, as a build does. It
//! then prepares the same [`Renderer`] as `build` and makes a [`Site`]: every output path and how
//! to make it. Nothing is rendered yet. A page is rendered when it is first requested, with the
//! renderer's own [`Renderer::render`], and its bytes are kept in a cache bounded in bytes
//! ([`CACHE_BYTES`], the least recently used go first); `catalog.json` and `llms-full.txt` are
//! made on each request and sent in pieces as they are made, and the search index once, by the
//! same functions `build` calls. So a served file is byte for byte the file `build` writes, and the
//! first page of any catalog is on screen once the catalog is loaded. Linting is left to the
//! caller ([`lint`]), which runs it in the background.
//!
//! The renderer borrows the catalog it renders, so it lives on threads of the site's own that own
//! that catalog (`Workers`); requests reach them through a channel, and they end with the site.
//!
//! After an edit that changes only entries, and nothing other pages show of them (see `partial`),
//! the new site keeps the bytes the last one made of every other page; after any other edit it
//! starts with none. Nothing here writes or prints.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use bytes::Bytes;

use crate::assets::{Theme, load_theme};
use crate::catalog::cache::ParseCache;
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::render::twin::{LLMS_FULL, LLMS_TXT, twin_path};
use crate::render::{CATALOG_JSON, PageJob, Renderer};
use crate::search;
use crate::serve::{Files, Lookup, Pieces};

use super::partial::{self, Shape};
use super::{BuildOptions, Checked, SiteError, load_cached, render_options, with_lints};

/// The most bytes of rendered files a site keeps. At 10,000 entries every page together is about
/// 1.6 GB; a writer looks at a few of them, and a page dropped from the cache is rendered again in
/// milliseconds when it is asked for again. 64 MB holds about 400 pages of that size, and keeps
/// `serve` with every page requested within 1.5 times the memory of a build.
pub const CACHE_BYTES: usize = 64 << 20;

/// What one build is rendered from: the loaded site, not linted yet (see [`lint`]), and its theme.
#[derive(Debug)]
pub struct Prepared {
    /// The loaded and resolved site, with the problems of loading it.
    pub checked: Checked,
    /// The theme after overrides.
    pub theme: Theme,
}

/// Every problem of a prepared site, its own and the lints', sorted: what `errdocs check` reports.
#[must_use]
pub fn lint(prepared: &Prepared) -> Vec<Diagnostic> {
    with_lints(
        prepared.checked.diagnostics.clone(),
        &prepared.checked.catalog,
    )
}

/// Whether a file belongs to the search index, whose paths are known only once it is made.
#[must_use]
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("search/")
}

/// A file the renderer makes when it is asked for, and the cache keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Make {
    /// A page.
    Page(PageJob),
    /// The Markdown version of a page.
    Twin(PageJob),
    /// `llms.txt`.
    LlmsTxt,
}

/// A file that holds the whole catalog: made on each request and sent in pieces as it is made,
/// never held whole nor kept. At 10,000 entries they are 61 and 174 MB, more than the cache's
/// budget, and a browser never asks for them on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whole {
    /// `llms-full.txt`: every Markdown version.
    LlmsFull,
    /// `catalog.json`: every entry whole.
    CatalogJson,
}

/// How a file of the site is made.
enum Route {
    /// Made by the renderer and kept.
    Make(Make),
    /// Made by the renderer as it is sent.
    Stream(Whole),
    /// Known from the start (static files, `sitemap.xml`, `_headers`, `robots.txt`).
    File(Bytes),
}

/// One build of the site, rendered on request.
pub struct Site {
    prepared: Arc<Prepared>,
    /// What its pages depend on, compared by the next rebuild.
    shape: Shape,
    routes: HashMap<String, Route>,
    workers: Workers,
    cache: Mutex<Cache>,
    index: OnceLock<HashMap<String, Bytes>>,
}

/// What an edit changed, as far as is known without rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Only these pages (of the edited entries) and the catalog-wide files (`catalog.json`, the
    /// search index) can differ from the last build; the site kept the bytes of every other page.
    Entries(Vec<String>),
    /// Any file can differ.
    Whole,
}

/// A new build, ready to serve.
pub struct Update {
    /// The site.
    pub site: Arc<Site>,
    /// What it changed since the last build.
    pub scope: Scope,
}

/// Loads the site again after an edit; `previous` is the site served, if any, and `cache` holds the
/// files parsed so far (updated here, also when the site has errors). `None`: the input is what
/// `previous` was made from, so nothing changed.
///
/// # Errors
/// [`SiteError::Invalid`] with every problem when the input has errors or a template does not
/// parse. The problems the lints find are not among them: see [`lint`].
pub fn update(
    options: &BuildOptions,
    previous: Option<&Site>,
    cache: &mut ParseCache,
) -> Result<Option<Update>, SiteError> {
    let (checked, next) = load_cached(options, cache);
    *cache = next;
    let checked = checked?;
    let mut since = std::time::Instant::now();
    let theme = load_theme(&options.root).map_err(SiteError::Invalid)?;
    super::lap("theme", &mut since);
    // The setup (theme, configuration) is compared here, so the shape leaves it out.
    let shape = partial::shape(0, &checked.catalog);
    let edited: Option<HashSet<String>> = previous.and_then(|p| {
        let before = &p.prepared;
        let same_setup = before.theme.templates == theme.templates
            && before.theme.statics == theme.statics
            && before.checked.config == checked.config
            && before.checked.languages == checked.languages;
        same_setup
            .then(|| partial::edited(&p.shape, &shape))
            .flatten()
            .map(|ids| ids.into_iter().map(str::to_owned).collect())
    });
    if edited.as_ref().is_some_and(HashSet::is_empty) {
        return Ok(None);
    }
    super::lap("compare", &mut since);
    let site = Site::start(Arc::new(Prepared { checked, theme }), shape)?;
    super::lap("prepare rendering", &mut since);
    let scope = match (edited, previous) {
        (Some(ids), Some(previous)) => {
            let pages = site.entry_pages(&ids);
            site.keep(previous, &pages.iter().map(String::as_str).collect());
            Scope::Entries(pages)
        }
        _ => Scope::Whole,
    };
    Ok(Some(Update {
        site: Arc::new(site),
        scope,
    }))
}

impl Site {
    /// Prepares the renderer of `prepared` on threads of its own and maps every output path.
    fn start(prepared: Arc<Prepared>, shape: Shape) -> Result<Self, SiteError> {
        let (workers, ready) = Workers::start(Arc::clone(&prepared))?;
        let mut routes = HashMap::with_capacity(ready.pages.len() + ready.files.len() + 1);
        // A later file of the same path wins, as in `build`'s output: pages, then static files,
        // then the data files (and the search index, looked up first).
        for (path, job) in ready.pages {
            if job != PageJob::NotFound {
                routes.insert(twin_path(&path), Route::Make(Make::Twin(job)));
            }
            routes.insert(path, Route::Make(Make::Page(job)));
        }
        for page in ready.files {
            routes.insert(page.path, Route::File(Bytes::from(page.bytes)));
        }
        routes.insert(LLMS_TXT.to_owned(), Route::Make(Make::LlmsTxt));
        for (path, whole) in [
            (LLMS_FULL, Whole::LlmsFull),
            (CATALOG_JSON, Whole::CatalogJson),
        ] {
            routes.insert(path.to_owned(), Route::Stream(whole));
        }
        Ok(Self {
            prepared,
            shape,
            routes,
            workers,
            cache: Mutex::new(Cache::new(CACHE_BYTES)),
            index: OnceLock::new(),
        })
    }

    /// The site as loaded, for the background check.
    #[must_use]
    pub fn prepared(&self) -> &Arc<Prepared> {
        &self.prepared
    }

    /// How many HTML pages the site has.
    #[must_use]
    pub fn pages(&self) -> usize {
        self.routes
            .values()
            .filter(|r| matches!(r, Route::Make(Make::Page(_))))
            .count()
    }

    /// The bytes of `path` if they were made already; never renders.
    #[must_use]
    pub fn cached(&self, path: &str) -> Option<Bytes> {
        self.lock_cache().peek(path)
    }

    /// Makes every file of `paths` at once, each on a worker of its own, and returns what each
    /// lookup found, in order: the pages open in browsers, rendered before a build is published.
    #[must_use]
    pub fn render_now(&self, paths: &[String]) -> Vec<(String, Lookup)> {
        std::thread::scope(|scope| {
            let found: Vec<_> = paths
                .iter()
                .map(|path| (path, scope.spawn(|| self.get(path))))
                .collect();
            found
                .into_iter()
                .map(|(path, found)| {
                    let found = found.join().unwrap_or(Lookup::Missing);
                    (path.clone(), found)
                })
                .collect()
        })
    }

    /// Makes the search index now, if no request made it yet.
    pub fn warm_index(&self) {
        self.index();
    }

    fn index(&self) -> &HashMap<String, Bytes> {
        self.index.get_or_init(|| {
            search::build_index(&self.prepared.checked.catalog)
                .into_iter()
                .map(|page| (page.path, Bytes::from(page.bytes)))
                .collect()
        })
    }

    fn lock_cache(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The paths of the pages of the entries `ids`.
    fn entry_pages(&self, ids: &HashSet<String>) -> Vec<String> {
        let entries = &self.prepared.checked.catalog.entries;
        let mut pages: Vec<String> = self
            .routes
            .iter()
            .filter_map(|(path, route)| match route {
                Route::Make(Make::Page(PageJob::Entry(i))) if ids.contains(&entries[*i].id) => {
                    Some(path.clone())
                }
                _ => None,
            })
            .collect();
        pages.sort();
        pages
    }

    /// Takes the pages `previous` made, but those of `edited`, in the order they were last used:
    /// this site renders them byte for byte alike (see `partial`).
    fn keep(&self, previous: &Site, edited: &HashSet<&str>) {
        let old = previous.lock_cache();
        let mut cache = self.lock_cache();
        for (path, bytes) in old.least_recent_first() {
            let page = matches!(self.routes.get(path), Some(Route::Make(Make::Page(_))));
            if page && !edited.contains(path.as_str()) {
                cache.insert(path, bytes.clone());
            }
        }
    }

    fn make(&self, path: &str, make: Make) -> Result<Vec<u8>, Box<Diagnostic>> {
        self.workers
            .make(make)
            .inspect(|_| tracing::debug!(path, "rendered"))
    }
}

impl Files for Site {
    fn get(&self, path: &str) -> Lookup {
        if is_index_file(path)
            && let Some(bytes) = self.index().get(path)
        {
            return Lookup::Found(bytes.clone());
        }
        let make = match self.routes.get(path) {
            None => return Lookup::Missing,
            Some(Route::File(bytes)) => return Lookup::Found(bytes.clone()),
            Some(Route::Stream(whole)) => return Lookup::Streamed(self.workers.stream(*whole)),
            Some(Route::Make(make)) => *make,
        };
        if let Some(bytes) = self.lock_cache().get(path) {
            return Lookup::Found(bytes);
        }
        match self.make(path, make) {
            Ok(bytes) => {
                let bytes = Bytes::from(bytes);
                self.lock_cache().insert(path, bytes.clone());
                Lookup::Found(bytes)
            }
            Err(d) => Lookup::Failed(d),
        }
    }

    fn contains(&self, path: &str) -> bool {
        self.routes.contains_key(path) || (is_index_file(path) && self.index().contains_key(path))
    }
}

/// Rendered files by path, the least recently used dropped first once they pass a number of bytes.
#[derive(Debug)]
struct Cache {
    files: HashMap<String, (Bytes, u64)>,
    /// Paths by when they were last used.
    recency: BTreeMap<u64, String>,
    clock: u64,
    bytes: usize,
    budget: usize,
}

impl Cache {
    fn new(budget: usize) -> Self {
        Self {
            files: HashMap::new(),
            recency: BTreeMap::new(),
            clock: 0,
            bytes: 0,
            budget,
        }
    }

    /// The file at `path`, now the most recently used.
    fn get(&mut self, path: &str) -> Option<Bytes> {
        self.clock += 1;
        let (bytes, used) = self.files.get_mut(path)?;
        self.recency.remove(used);
        *used = self.clock;
        self.recency.insert(self.clock, path.to_owned());
        Some(bytes.clone())
    }

    /// The file at `path`, without counting it as used.
    fn peek(&self, path: &str) -> Option<Bytes> {
        self.files.get(path).map(|(bytes, _)| bytes.clone())
    }

    fn insert(&mut self, path: &str, bytes: Bytes) {
        self.clock += 1;
        self.bytes += bytes.len();
        if let Some((old, used)) = self.files.insert(path.to_owned(), (bytes, self.clock)) {
            self.bytes -= old.len();
            self.recency.remove(&used);
        }
        self.recency.insert(self.clock, path.to_owned());
        while self.bytes > self.budget && self.files.len() > 1 {
            let Some((_, oldest)) = self.recency.pop_first() else {
                break;
            };
            if let Some((bytes, _)) = self.files.remove(&oldest) {
                self.bytes -= bytes.len();
            }
        }
    }

    fn least_recent_first(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.recency
            .values()
            .filter_map(|path| self.files.get_key_value(path))
            .map(|(path, (bytes, _))| (path, bytes))
    }
}

/// Where a worker sends a file it made.
type Reply = Box<dyn FnOnce(Result<Vec<u8>, Box<Diagnostic>>) + Send>;

/// A file for the workers to make, and where to send it.
enum Work {
    /// Made whole, then sent.
    Make(Make, Reply),
    /// Sent in pieces as it is made; making it stops when the receiver is dropped. The channel
    /// is unbounded so that a slow client never holds a worker: at worst the file is held whole,
    /// as it would be without pieces.
    Stream(Whole, tokio::sync::mpsc::UnboundedSender<Bytes>),
}

/// What the renderer knows once it is prepared: every page's path, and the files made at once.
struct Ready {
    pages: Vec<(String, PageJob)>,
    files: Vec<Page>,
}

/// The threads that own one site's renderer; they end when this is dropped.
struct Workers {
    queue: Sender<Work>,
}

impl Workers {
    /// Prepares the renderer of `prepared` on a thread that then renders whatever it is sent,
    /// with as many helpers as there are cores.
    fn start(prepared: Arc<Prepared>) -> Result<(Self, Ready), SiteError> {
        let (queue, work) = mpsc::channel();
        let (tell, ready) = mpsc::channel();
        std::thread::Builder::new()
            .name("errdocs-render".into())
            .spawn(move || render_thread(&prepared, &tell, work))
            .map_err(|e| SiteError::Invalid(vec![*stopped(&e.to_string())]))?;
        match ready.recv() {
            Ok(Ok(ready)) => Ok((Self { queue }, ready)),
            Ok(Err(problems)) => Err(SiteError::Invalid(problems)),
            Err(_) => Err(SiteError::Invalid(vec![*stopped("it stopped")])),
        }
    }

    /// Has the workers make one file, and waits for it.
    fn make(&self, make: Make) -> Result<Vec<u8>, Box<Diagnostic>> {
        let (tx, rx) = mpsc::sync_channel(1);
        let reply: Reply = Box::new(move |made| {
            let _ = tx.send(made);
        });
        self.queue
            .send(Work::Make(make, reply))
            .map_err(|_| stopped("it stopped"))?;
        rx.recv()
            .unwrap_or_else(|_| Err(stopped("it stopped while rendering this file")))
    }

    /// Has the workers make one file in pieces; the pieces end early if the workers stopped.
    fn stream(&self, whole: Whole) -> Pieces {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let _ = self.queue.send(Work::Stream(whole, tx));
        Pieces(rx)
    }
}

fn stopped(why: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        "render",
        "templates",
        format!("rendering failed: {why}"),
    ))
}

/// Prepares the renderer, says what it knows (or why it cannot be prepared), then renders what
/// `work` brings until the site is dropped.
fn render_thread(
    prepared: &Prepared,
    ready: &Sender<Result<Ready, Vec<Diagnostic>>>,
    work: Receiver<Work>,
) {
    let checked = &prepared.checked;
    let options = render_options(checked, &prepared.theme);
    let base = checked.config.base_path();
    let renderer = match Renderer::new(&checked.catalog, &options, &base) {
        Ok(renderer) => renderer,
        Err(problems) => {
            let _ = ready.send(Err(problems));
            return;
        }
    };
    let mut files = renderer.assets().to_vec();
    files.extend(renderer.small_data_files());
    let pages = renderer.routes();
    if ready.send(Ok(Ready { pages, files })).is_err() {
        return;
    }
    let work = Mutex::new(work);
    let threads = std::thread::available_parallelism().map_or(2, NonZeroUsize::get);
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // Fewer helpers when the system has no more threads to give.
            let _ = std::thread::Builder::new()
                .name("errdocs-render".into())
                .spawn_scoped(scope, || serve_work(&renderer, &work));
        }
        serve_work(&renderer, &work);
    });
}

/// Makes one file after the other until the site is dropped.
fn serve_work(renderer: &Renderer<'_>, work: &Mutex<Receiver<Work>>) {
    loop {
        let next = work.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(work) = next else { return };
        match work {
            Work::Make(make, reply) => reply(match make {
                Make::Page(job) => renderer.render(job).map(|page| page.bytes),
                Make::Twin(job) => Ok(renderer
                    .render_twin(job)
                    .map(|page| page.bytes)
                    .unwrap_or_default()),
                Make::LlmsTxt => Ok(renderer.llms_txt().bytes),
            }),
            Work::Stream(whole, tx) => {
                let mut out = std::io::BufWriter::with_capacity(PIECE, PieceSender(tx));
                // Writing fails only when the receiver is gone: then nobody wants the rest.
                use std::io::Write as _;
                let _ = match whole {
                    Whole::LlmsFull => renderer.write_markdown(&mut out, &mut |_| {}),
                    Whole::CatalogJson => renderer.write_catalog_json(&mut out),
                }
                .and_then(|()| out.flush());
            }
        }
    }
}

/// The size of the pieces a streamed file is sent in.
const PIECE: usize = 64 << 10;

/// Writes each buffer it is given as one piece of a streamed file.
struct PieceSender(tokio::sync::mpsc::UnboundedSender<Bytes>);

impl std::io::Write for PieceSender {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(Bytes::copy_from_slice(buf))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
