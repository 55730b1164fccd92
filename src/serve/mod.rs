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
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, display_path};
use crate::render::Page;

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
}

/// What the open pages are told, as JSON: `generation` and `problems`.
#[derive(Serialize)]
struct Status<'a> {
    generation: u64,
    problems: &'a [Problem],
}

impl Snapshot {
    /// The JSON open pages receive (and `/__errdocs/status` returns).
    #[must_use]
    pub fn status_json(&self) -> String {
        serde_json::to_string(&Status {
            generation: self.generation,
            problems: &self.problems,
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
    changed: Condvar,
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
            }),
            changed: Condvar::new(),
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
        let mut state = self.lock();
        let old = Arc::clone(&state.pages);
        let mut map = PageMap::with_capacity(pages.len());
        let mut changed = 0;
        for page in pages {
            let same = old
                .get(&page.path)
                .is_some_and(|bytes| **bytes == page.bytes);
            let bytes = if same {
                Arc::clone(&old[&page.path])
            } else {
                changed += 1;
                Arc::new(page.bytes)
            };
            map.insert(page.path, bytes);
        }
        changed += old.keys().filter(|k| !map.contains_key(*k)).count();
        let had_problems = !state.problems.is_empty();
        if changed > 0 {
            state.generation += 1;
            state.pages = Arc::new(map);
        }
        if changed > 0 || had_problems {
            state.problems = Arc::new(Vec::new());
            state.version += 1;
            self.changed.notify_all();
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
            self.changed.notify_all();
        }
    }

    /// Waits until the state's version differs from `seen`, at most `timeout`; `None` on timeout.
    #[must_use]
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> Option<Snapshot> {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.version == seen)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (state.version != seen).then(|| state.clone())
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
        assert!(
            live.wait_for_change(broken.version, Duration::ZERO)
                .is_none()
        );
        live.publish_pages(vec![page("index.html", "a")]);
        let fixed = live
            .wait_for_change(broken.version, Duration::ZERO)
            .unwrap();
        assert!(fixed.problems.is_empty());
        assert_eq!(fixed.generation, 1, "the same pages need no reload");
    }
}
