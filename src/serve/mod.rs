//! The live preview behind `errdocs serve`: the site held in memory, an HTTP server for it, and a
//! file watcher.
//!
//! [`Live`] is the one shared state: the files of the last good build (a [`Files`], which renders
//! each file the first time it is asked for), a generation number that changes with every build
//! published, the problems open pages show, and the pages open in browsers. The command's rebuild
//! loop publishes into it; the server ([`http`]) reads from it, injects the reload client into every
//! HTML page it serves, and streams every change of state to open pages as Server-Sent Events, whose
//! connections also say which page each browser shows. Pages are rendered by the same renderer as
//! `errdocs build` (see `site::live`); nothing here renders, and nothing here prints.

pub mod http;
pub mod request;
pub mod watch;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, display_path};

/// A problem as the overlay shows it: the terminal text, and its parts for scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The stable kind of problem.
    pub code: &'static str,
    /// `path:line:col`, or the path when the position is unknown.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// The whole diagnostic as the terminal prints it: location, message, source line, caret, help.
    pub text: String,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        let path = display_path(&d.path);
        let location = match d.position {
            Some(p) => format!("{path}:{}:{}", p.line, p.column),
            None => path,
        };
        Self {
            severity: d.severity,
            code: d.code,
            location,
            message: d.message.clone(),
            text: d.to_string(),
        }
    }
}

/// The files of one build, as the server reads them.
pub trait Files: Send + Sync {
    /// The file at the site-relative `path` (`401/expired-token/index.html`), made now when it was
    /// not made before; this may block while the file is rendered.
    fn get(&self, path: &str) -> Lookup;
    /// Whether the site has a file at `path`, without making it.
    fn contains(&self, path: &str) -> bool;
}

/// What [`Files::get`] found.
#[derive(Debug)]
pub enum Lookup {
    /// The file's bytes.
    Found(Bytes),
    /// The file's bytes in pieces, as they are made: a file too large to hold whole.
    Streamed(Pieces),
    /// No such file.
    Missing,
    /// The file exists but could not be made (a template failed).
    Failed(Box<Diagnostic>),
}

/// The pieces of a streamed file, in order; the file is whole when the sender is dropped.
#[derive(Debug)]
pub struct Pieces(pub tokio::sync::mpsc::UnboundedReceiver<Bytes>);

/// A consistent view of the state, taken under the lock.
#[derive(Clone)]
pub struct Snapshot {
    /// Changes whenever anything an open page shows changes (files or problems).
    pub version: u64,
    /// Changes with every build published.
    pub generation: u64,
    /// The files of the last good build; `None` before the first one.
    pub site: Option<Arc<dyn Files>>,
    /// What open pages show in the overlay: the errors of the last build when it failed, else
    /// those the background check and rendering found in the build served.
    pub problems: Arc<Vec<Problem>>,
    /// The last few generations, each with what it changed, oldest first.
    pub history: Arc<Vec<Revision>>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("version", &self.version)
            .field("generation", &self.generation)
            .field("site", &self.site.is_some())
            .field("problems", &self.problems)
            .field("history", &self.history)
            .finish()
    }
}

/// One generation and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The generation.
    pub generation: u64,
    /// The files it added, removed or changed; `None` when they are unknown (any file may have
    /// changed but those in `unchanged`) or too many to list.
    pub changed: Option<Vec<String>>,
    /// Pages rendered again for this generation and found byte for byte as before.
    pub unchanged: Vec<String>,
}

/// What a new build changed, as far as is known without rendering every file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Exactly these files.
    Listed(Vec<String>),
    /// Any file, but these pages, rendered again and found as they were.
    Unknown {
        /// Pages known to be unchanged.
        unchanged: Vec<String>,
    },
}

/// Above this many changed files an open page reloads without looking for its own path.
const LISTED_CHANGES: usize = 1000;
/// How many generations the history keeps.
const HISTORY: usize = 8;
/// How many distinct open pages are remembered; more connections are served but not counted.
const MAX_OPEN: usize = 1000;

/// What the open pages are told, as JSON: `generation`, `problems` and the `history` of the last
/// generations' changes, so a page whose own file did not change stays as it is.
#[derive(Serialize)]
struct Status<'a> {
    generation: u64,
    problems: &'a [Problem],
    history: &'a [Revision],
}

impl Snapshot {
    /// The JSON open pages receive (and `/__errdocs/status` returns).
    #[must_use]
    pub fn status_json(&self) -> String {
        serde_json::to_string(&Status {
            generation: self.generation,
            problems: &self.problems,
            history: &self.history,
        })
        .unwrap_or_default()
    }
}

/// What publishing a build did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// The generation now served.
    pub generation: u64,
}

/// The state behind the lock: the snapshot, and the problems it shows by where they came from.
struct State {
    snapshot: Snapshot,
    /// Errors of the last rebuild, when it failed: the last good build is still served.
    failed: Option<Vec<Problem>>,
    /// Errors the background check found in the build served.
    checked: Vec<Problem>,
    /// Errors met rendering files of the build served.
    rendering: Vec<Problem>,
    /// Open pages: how many connections show each, and when the last one opened.
    open: HashMap<String, (usize, u64)>,
    opened: u64,
}

impl State {
    /// Recomputes the problems shown; tells open pages when they changed.
    fn show_problems(&mut self, versions: &tokio::sync::watch::Sender<u64>) {
        let problems: Vec<Problem> = match &self.failed {
            Some(failed) => failed.clone(),
            None => self
                .checked
                .iter()
                .chain(&self.rendering)
                .cloned()
                .collect(),
        };
        if *self.snapshot.problems != problems {
            self.snapshot.problems = Arc::new(problems);
            self.touch(versions);
        }
    }

    fn touch(&mut self, versions: &tokio::sync::watch::Sender<u64>) {
        self.snapshot.version += 1;
        versions.send_replace(self.snapshot.version);
    }
}

/// Tells problems to whoever runs the server (the command prints them).
type Reporter = Box<dyn Fn(&Diagnostic) + Send + Sync>;

/// The site as served, shared by the rebuild loop and every connection.
pub struct Live {
    state: Mutex<State>,
    /// The state's version, watched by every open event stream.
    versions: tokio::sync::watch::Sender<u64>,
    base: String,
    report: Reporter,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live").field("base", &self.base).finish()
    }
}

/// An open page, counted while this lives: dropped when its event stream ends.
#[derive(Debug)]
pub struct OpenPage {
    live: Arc<Live>,
    page: String,
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut state = self.live.lock();
        if let Some((count, _)) = state.open.get_mut(&self.page) {
            *count -= 1;
            if *count == 0 {
                state.open.remove(&self.page);
            }
        }
    }
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<Problem> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(Problem::from)
        .collect()
}

impl Live {
    /// An empty site served under `base` (a path starting and ending with `/`); `report` is told
    /// of every file that fails to render, once per build.
    #[must_use]
    pub fn new(base: &str, report: impl Fn(&Diagnostic) + Send + Sync + 'static) -> Self {
        Self {
            state: Mutex::new(State {
                snapshot: Snapshot {
                    version: 0,
                    generation: 0,
                    site: None,
                    problems: Arc::new(Vec::new()),
                    history: Arc::new(Vec::new()),
                },
                failed: None,
                checked: Vec::new(),
                rendering: Vec::new(),
                open: HashMap::new(),
                opened: 0,
            }),
            versions: tokio::sync::watch::Sender::new(0),
            base: base.to_owned(),
            report: Box::new(report),
        }
    }

    /// The path the site is served under, e.g. `/` or `/docs/`.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The current state.
    #[must_use]
    pub fn snapshot(&self) -> Snapshot {
        self.lock().snapshot.clone()
    }

    /// Serves the files of a new good build, clears the problems of the last one, and tells open
    /// pages what changed: each reloads unless `change` says its own page did not.
    pub fn publish(&self, site: Arc<dyn Files>, change: Change) -> Published {
        let mut state = self.lock();
        let snapshot = &mut state.snapshot;
        snapshot.generation += 1;
        snapshot.site = Some(site);
        let revision = match change {
            Change::Listed(mut paths) => {
                paths.sort();
                paths.dedup();
                Revision {
                    generation: snapshot.generation,
                    changed: (paths.len() <= LISTED_CHANGES).then_some(paths),
                    unchanged: Vec::new(),
                }
            }
            Change::Unknown { mut unchanged } => {
                unchanged.sort();
                Revision {
                    generation: snapshot.generation,
                    changed: None,
                    unchanged,
                }
            }
        };
        let mut history: Vec<Revision> = snapshot
            .history
            .iter()
            .rev()
            .take(HISTORY - 1)
            .rev()
            .cloned()
            .collect();
        history.push(revision);
        snapshot.history = Arc::new(history);
        let generation = snapshot.generation;
        state.failed = None;
        state.checked.clear();
        state.rendering.clear();
        state.show_problems(&self.versions);
        state.touch(&self.versions);
        Published { generation }
    }

    /// Keeps serving the last good build and tells every open page about these errors.
    pub fn publish_problems(&self, diagnostics: &[Diagnostic]) {
        let mut state = self.lock();
        state.failed = Some(errors(diagnostics));
        state.show_problems(&self.versions);
    }

    /// The input is again what the build served was made from: the errors of a failed rebuild
    /// since then go, those of the served build stay.
    pub fn recover(&self) {
        let mut state = self.lock();
        state.failed = None;
        state.show_problems(&self.versions);
    }

    /// The errors the background check found in `generation`; dropped (returns `false`) when a
    /// newer build is served.
    pub fn publish_checked(&self, generation: u64, diagnostics: &[Diagnostic]) -> bool {
        let mut state = self.lock();
        if state.snapshot.generation != generation {
            return false;
        }
        state.checked = errors(diagnostics);
        state.show_problems(&self.versions);
        true
    }

    /// A file of `generation` failed to render: open pages show why (until the next build), and
    /// the reporter is told the first time.
    pub fn report(&self, generation: u64, diagnostic: &Diagnostic) {
        let problem = Problem::from(diagnostic);
        {
            let mut state = self.lock();
            if state.snapshot.generation != generation || state.rendering.contains(&problem) {
                return;
            }
            state.rendering.push(problem);
            state.show_problems(&self.versions);
        }
        (self.report)(diagnostic);
    }

    /// Counts `page` (a site-relative path) as open until the result is dropped.
    #[must_use]
    pub fn open(self: &Arc<Self>, page: &str) -> Option<OpenPage> {
        let mut state = self.lock();
        if state.open.len() >= MAX_OPEN && !state.open.contains_key(page) {
            return None;
        }
        state.opened += 1;
        let opened = state.opened;
        let entry = state.open.entry(page.to_owned()).or_insert((0, 0));
        entry.0 += 1;
        entry.1 = opened;
        Some(OpenPage {
            live: Arc::clone(self),
            page: page.to_owned(),
        })
    }

    /// The pages open now, the most recently opened first, at most `max` of them.
    #[must_use]
    pub fn open_pages(&self, max: usize) -> Vec<String> {
        let state = self.lock();
        let mut pages: Vec<(&String, u64)> = state
            .open
            .iter()
            .map(|(page, (_, opened))| (page, *opened))
            .collect();
        pages.sort_by_key(|(_, opened)| std::cmp::Reverse(*opened));
        pages
            .into_iter()
            .take(max)
            .map(|(page, _)| page.clone())
            .collect()
    }

    /// A receiver told of every change of the state's version.
    #[must_use]
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.versions.subscribe()
    }
}

/// A site of files in memory, for tests.
#[cfg(test)]
impl Files for HashMap<String, Bytes> {
    fn get(&self, path: &str) -> Lookup {
        HashMap::get(self, path).map_or(Lookup::Missing, |b| Lookup::Found(b.clone()))
    }

    fn contains(&self, path: &str) -> bool {
        self.contains_key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Arc<dyn Files> {
        let map: HashMap<String, Bytes> = files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), Bytes::copy_from_slice(t.as_bytes())))
            .collect();
        Arc::new(map)
    }

    fn quiet() -> Live {
        Live::new("/", |_| {})
    }

    #[test]
    fn every_publication_is_a_generation_with_what_it_changed() {
        let live = quiet();
        assert!(live.snapshot().site.is_none());
        let first = live.publish(
            site(&[("index.html", "a")]),
            Change::Unknown {
                unchanged: Vec::new(),
            },
        );
        assert_eq!(first.generation, 1);
        let edit = live.publish(
            site(&[("index.html", "b")]),
            Change::Listed(vec!["index.html".into(), "catalog.json".into()]),
        );
        assert_eq!(edit.generation, 2);
        let snapshot = live.snapshot();
        assert!(matches!(
            snapshot.site.unwrap().get("index.html"),
            Lookup::Found(b) if b == Bytes::from_static(b"b")
        ));
        assert_eq!(
            snapshot.history[1],
            Revision {
                generation: 2,
                changed: Some(vec!["catalog.json".into(), "index.html".into()]),
                unchanged: Vec::new(),
            }
        );
        let many = (0..=LISTED_CHANGES).map(|i| format!("{i}.html")).collect();
        live.publish(site(&[]), Change::Listed(many));
        assert_eq!(live.snapshot().history[2].changed, None);
        for _ in 0..HISTORY {
            live.publish(
                site(&[]),
                Change::Unknown {
                    unchanged: vec!["a.html".into()],
                },
            );
        }
        let history = live.snapshot().history;
        assert_eq!(history.len(), HISTORY);
        assert_eq!(history[HISTORY - 1].unchanged, ["a.html"]);
    }

    #[test]
    fn problems_come_and_go_without_touching_the_site() {
        let live = quiet();
        live.publish(site(&[("index.html", "a")]), Change::Listed(Vec::new()));
        let d = Diagnostic::error("syntax", "content/a.yaml", "bad")
            .at("x: [\n", crate::diagnostic::Position { line: 1, column: 4 });
        live.publish_problems(std::slice::from_ref(&d));
        let broken = live.snapshot();
        assert_eq!(broken.problems[0].location, "content/a.yaml:1:4");
        assert!(
            broken.problems[0].text.contains("1 | x: ["),
            "{}",
            broken.problems[0].text
        );
        assert_eq!(broken.generation, 1);
        let versions = live.subscribe();
        assert!(!versions.has_changed().unwrap());
        live.recover();
        assert!(versions.has_changed().unwrap());
        let fixed = live.snapshot();
        assert!(fixed.version > broken.version);
        assert!(fixed.problems.is_empty());
        assert_eq!(fixed.generation, 1, "the same input needs no reload");
    }

    #[test]
    fn a_check_or_a_render_shows_its_errors_only_for_the_build_served() {
        let reported = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&reported);
        let live = Live::new("/", move |d| seen.lock().unwrap().push(d.message.clone()));
        live.publish(site(&[]), Change::Listed(Vec::new()));
        let lint = Diagnostic::error("lint", "content/a.yaml", "checked");
        let warning = Diagnostic::warning("style", "content/a.yaml", "only a warning");
        assert!(live.publish_checked(1, &[lint.clone(), warning]));
        assert_eq!(
            live.snapshot().problems.len(),
            1,
            "warnings stay in the terminal"
        );
        let template = Diagnostic::error("template", "templates/entry.html", "failed");
        live.report(1, &template);
        live.report(1, &template);
        live.report(0, &template);
        assert_eq!(live.snapshot().problems.len(), 2);
        assert_eq!(*reported.lock().unwrap(), ["failed"], "reported once");
        // A failed rebuild shows its own errors over them; recovering shows them again.
        live.publish_problems(&[Diagnostic::error("syntax", "content/b.yaml", "broken")]);
        assert_eq!(live.snapshot().problems[0].message, "broken");
        live.recover();
        assert_eq!(live.snapshot().problems.len(), 2);
        // A newer build clears them; a late check of the older one is dropped.
        live.publish(site(&[]), Change::Listed(Vec::new()));
        assert!(live.snapshot().problems.is_empty());
        assert!(!live.publish_checked(1, &[lint]));
        assert!(live.snapshot().problems.is_empty());
    }

    #[test]
    fn open_pages_are_counted_while_their_streams_live() {
        let live = Arc::new(quiet());
        let a = live.open("a/index.html");
        let b = live.open("b/index.html");
        let a2 = live.open("a/index.html");
        assert_eq!(live.open_pages(8), ["a/index.html", "b/index.html"]);
        assert_eq!(live.open_pages(1), ["a/index.html"]);
        drop(a2);
        assert_eq!(live.open_pages(8), ["a/index.html", "b/index.html"]);
        drop(a);
        assert_eq!(live.open_pages(8), ["b/index.html"]);
        drop(b);
        assert!(live.open_pages(8).is_empty());
    }
}
