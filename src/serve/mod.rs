//! The live preview behind `errdocs serve`: the site held in memory, an HTTP server for it, and a
//! file watcher.
//!
//! [`Live`] is the one shared state: the pages of the last good build, a generation number that
//! changes whenever their bytes change, and the problems of the last build when it failed. The
//! command's rebuild loop publishes into it; the server ([`http`]) reads from it, injects the reload
//! client into every HTML page it serves, and streams every change of state to open pages as
//! Server-Sent Events. Pages are built by the same `site::render` as `errdocs build`; nothing here
//! renders, and nothing here prints.

pub mod http;
pub mod request;
pub mod watch;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, display_path};
use crate::page::Page;

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

/// The pages by site-relative path (`401/expired-token/index.html`).
pub type PageMap = HashMap<String, Arc<Vec<u8>>>;

/// A consistent view of the state, taken under the lock.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Changes whenever anything an open page shows changes (pages or problems).
    pub version: u64,
    /// Changes whenever the bytes of any page change.
    pub generation: u64,
    /// The pages of the last good build.
    pub pages: Arc<PageMap>,
    /// The errors of the last build, empty when it succeeded.
    pub problems: Arc<Vec<Problem>>,
    /// The last few generations, each with the files it changed when they were few enough to
    /// list, oldest first.
    pub history: Arc<Vec<Revision>>,
}

/// One generation and the files it changed (`None`: too many to list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The generation.
    pub generation: u64,
    /// The files it added, removed or changed.
    pub changed: Option<Vec<String>>,
}

/// Above this many changed files an open page reloads without looking for its own path.
const LISTED_CHANGES: usize = 1000;
/// How many generations the history keeps.
const HISTORY: usize = 8;

/// What the open pages are told, as JSON: `generation`, `problems` and the `history` of the last
/// generations' changed files, so a page whose own file did not change stays as it is.
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

/// What publishing a build changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// Files added, removed or changed since the last good build.
    pub changed: usize,
    /// The generation now served.
    pub generation: u64,
}

/// The site as served, shared by the rebuild loop and every connection.
#[derive(Debug)]
pub struct Live {
    state: Mutex<Snapshot>,
    /// The state's version, watched by every open event stream.
    versions: tokio::sync::watch::Sender<u64>,
    base: String,
}

impl Live {
    /// An empty site served under `base` (a path starting and ending with `/`).
    #[must_use]
    pub fn new(base: &str) -> Self {
        Self {
            state: Mutex::new(Snapshot {
                version: 0,
                generation: 0,
                pages: Arc::new(PageMap::new()),
                problems: Arc::new(Vec::new()),
                history: Arc::new(Vec::new()),
            }),
            versions: tokio::sync::watch::Sender::new(0),
            base: base.to_owned(),
        }
    }

    /// The path the site is served under, e.g. `/` or `/docs/`.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The current state.
    #[must_use]
    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    /// Serves the pages of a good build and clears the problems. Open pages are told only when
    /// something they show changed: a build that gives the same bytes reloads nothing.
    pub fn publish_pages(&self, pages: Vec<Page>) -> Published {
        self.publish(pages, None)
    }

    /// Like [`Live::publish_pages`] for a partial build: `pages` replace the files of the same
    /// path, files for which `stale` holds are dropped unless `pages` has them, the rest stay.
    pub fn patch_pages(&self, pages: Vec<Page>, stale: &dyn Fn(&str) -> bool) -> Published {
        self.publish(pages, Some(stale))
    }

    /// [`Live::patch_pages`] when `current` still holds once no other publication can run; `None`
    /// (nothing published) when it does not. A patch computed in the background uses it so that it
    /// never lands on top of a newer build.
    pub fn patch_pages_if(
        &self,
        pages: Vec<Page>,
        stale: &dyn Fn(&str) -> bool,
        current: &dyn Fn() -> bool,
    ) -> Option<Published> {
        let state = self.lock();
        if !current() {
            return None;
        }
        Some(self.publish_locked(state, pages, Some(stale)))
    }

    fn publish(&self, pages: Vec<Page>, patch: Option<&dyn Fn(&str) -> bool>) -> Published {
        self.publish_locked(self.lock(), pages, patch)
    }

    fn publish_locked(
        &self,
        mut state: MutexGuard<'_, Snapshot>,
        pages: Vec<Page>,
        patch: Option<&dyn Fn(&str) -> bool>,
    ) -> Published {
        let old = Arc::clone(&state.pages);
        let mut map: PageMap = match patch {
            Some(stale) => old
                .iter()
                .filter(|(path, _)| !stale(path))
                .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
                .collect(),
            None => PageMap::with_capacity(pages.len()),
        };
        let mut paths = Vec::new();
        for page in pages {
            let bytes = match old.get(&page.path) {
                Some(bytes) if **bytes == page.bytes => Arc::clone(bytes),
                _ => {
                    paths.push(page.path.clone());
                    Arc::new(page.bytes)
                }
            };
            map.insert(page.path, bytes);
        }
        paths.extend(old.keys().filter(|k| !map.contains_key(*k)).cloned());
        let changed = paths.len();
        let had_problems = !state.problems.is_empty();
        if changed > 0 {
            state.generation += 1;
            state.pages = Arc::new(map);
            paths.sort();
            let mut history: Vec<Revision> = state
                .history
                .iter()
                .rev()
                .take(HISTORY - 1)
                .rev()
                .cloned()
                .collect();
            history.push(Revision {
                generation: state.generation,
                changed: (changed <= LISTED_CHANGES).then_some(paths),
            });
            state.history = Arc::new(history);
        }
        if changed > 0 || had_problems {
            state.problems = Arc::new(Vec::new());
            state.version += 1;
            self.versions.send_replace(state.version);
        }
        Published {
            changed,
            generation: state.generation,
        }
    }

    /// Keeps serving the last good pages and tells every open page about these errors.
    pub fn publish_problems(&self, diagnostics: &[Diagnostic]) {
        let problems: Vec<Problem> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(Problem::from)
            .collect();
        let mut state = self.lock();
        if *state.problems != problems {
            state.problems = Arc::new(problems);
            state.version += 1;
            self.versions.send_replace(state.version);
        }
    }

    /// A receiver told of every change of the state's version.
    #[must_use]
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.versions.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn generation_moves_only_when_bytes_change() {
        let live = Live::new("/");
        let first = live.publish_pages(vec![page("index.html", "a"), page("x.css", "b")]);
        assert_eq!(
            first,
            Published {
                changed: 2,
                generation: 1
            }
        );
        let same = live.publish_pages(vec![page("index.html", "a"), page("x.css", "b")]);
        assert_eq!(
            same,
            Published {
                changed: 0,
                generation: 1
            }
        );
        assert_eq!(live.snapshot().version, 1);
        let edit = live.publish_pages(vec![page("index.html", "c")]);
        assert_eq!(
            edit,
            Published {
                changed: 2,
                generation: 2
            }
        );
    }

    #[test]
    fn a_patch_replaces_some_pages_and_drops_stale_ones() {
        let live = Live::new("/");
        live.publish_pages(vec![
            page("a.html", "a"),
            page("b.html", "b"),
            page("search/t-ab.json", "1"),
            page("search/t-cd.json", "2"),
        ]);
        let stale = |p: &str| p.starts_with("search/");
        let patch = live.patch_pages(
            vec![page("a.html", "A"), page("search/t-ab.json", "1")],
            &stale,
        );
        assert_eq!(
            patch,
            Published {
                changed: 2,
                generation: 2
            }
        );
        let pages = live.snapshot().pages;
        let mut paths: Vec<&String> = pages.keys().collect();
        paths.sort();
        assert_eq!(paths, ["a.html", "b.html", "search/t-ab.json"]);
        assert_eq!(**pages.get("a.html").unwrap(), b"A");
        let history = live.snapshot().history;
        assert_eq!(history.len(), 2);
        assert_eq!(
            history[1],
            Revision {
                generation: 2,
                changed: Some(vec!["a.html".into(), "search/t-cd.json".into()])
            }
        );
    }

    #[test]
    fn problems_come_and_go_without_touching_pages() {
        let live = Live::new("/");
        live.publish_pages(vec![page("index.html", "a")]);
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
        live.publish_pages(vec![page("index.html", "a")]);
        assert!(versions.has_changed().unwrap());
        let fixed = live.snapshot();
        assert!(fixed.version > broken.version);
        assert!(fixed.problems.is_empty());
        assert_eq!(fixed.generation, 1, "the same pages need no reload");
    }
}
