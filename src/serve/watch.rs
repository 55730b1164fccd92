//! Watching a site's inputs: `content/`, `templates/`, `static/` and `errdocs.toml`.
//!
//! Uses `notify` (inotify on Linux) and groups its events into batches, so an editor's save arrives
//! as one change and the reads of a build are never mistaken for edits. The site root itself is watched
//! without recursion, so a folder created later (say `templates/`) is noticed and watched too, and
//! the output folder, `target/` or `.git/` never wake a rebuild. Nothing here builds or prints.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config;

/// The folders under the site root whose files are inputs.
pub const INPUT_FOLDERS: [&str; 4] = ["content", "templates", "static", "files"];

/// A batch of changes ends after this long without another one.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// A batch never waits longer than this, even while files keep changing.
pub const MAX_BATCH: Duration = Duration::from_millis(500);

/// What the watcher reports.
#[derive(Debug)]
pub enum Change {
    /// Input files changed (paths relative to the site root).
    Files(Vec<PathBuf>),
    /// The watcher failed; the message says why.
    Failed(String),
}

/// A running watcher; dropping it stops watching.
#[derive(Debug)]
pub struct SiteWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching the site at `root` (an absolute path); `on_change` gets every batch of
    /// changes, on a thread of the watcher's.
    ///
    /// # Errors
    /// When the operating system's watcher cannot be started or the root cannot be watched.
    pub fn start(root: &Path, on_change: impl Fn(Change) + Send + 'static) -> notify::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        let filter_root = root.to_path_buf();
        std::thread::Builder::new()
            .name("errdocs-watch".into())
            .spawn(move || debounce(&rx, &filter_root, &on_change))?;
        let mut site = Self {
            root: root.to_path_buf(),
            watcher,
            watched: BTreeSet::new(),
        };
        site.watcher.watch(root, RecursiveMode::NonRecursive)?;
        site.watch_new_folders(&[])?;
        Ok(site)
    }

    /// Watches any input folder that exists now and is not watched yet; call it with every batch
    /// of changes. A folder named in `changed` itself was created, removed or replaced, so it is
    /// watched again from scratch: a folder deleted and made anew within one batch would otherwise
    /// keep a watch on a folder that is gone.
    ///
    /// # Errors
    /// When a folder cannot be watched.
    pub fn watch_new_folders(&mut self, changed: &[PathBuf]) -> notify::Result<()> {
        for name in INPUT_FOLDERS {
            let dir = self.root.join(name);
            let replaced = changed.iter().any(|c| c == Path::new(name));
            if (replaced || !dir.is_dir()) && self.watched.remove(&dir) {
                // The old watch may be gone with the old folder; failing to remove it is fine.
                let _ = self.watcher.unwatch(&dir);
            }
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.watcher.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }
}

/// Groups raw events into batches: a batch ends after [`DEBOUNCE`] of quiet (an editor's save is
/// often a write, a rename and a metadata change) or after [`MAX_BATCH`]. Reads (`Access` events,
/// which every build causes) and files that are not inputs are dropped.
fn debounce(rx: &Receiver<notify::Result<Event>>, root: &Path, on_change: &dyn Fn(Change)) {
    let mut files = BTreeSet::new();
    let mut started: Option<Instant> = None;
    loop {
        let next = match started {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) if at.elapsed() >= MAX_BATCH => Err(RecvTimeoutError::Timeout),
            Some(_) => rx.recv_timeout(DEBOUNCE),
        };
        match next {
            Ok(Ok(event)) if is_edit(event.kind) => {
                let before = files.len();
                files.extend(event.paths.iter().filter_map(|p| input_path(root, p)));
                if files.len() > before && started.is_none() {
                    started = Some(Instant::now());
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => on_change(Change::Failed(e.to_string())),
            Err(RecvTimeoutError::Timeout) => {
                on_change(Change::Files(
                    std::mem::take(&mut files).into_iter().collect(),
                ));
                started = None;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Whether an event can change a file: anything but a read (a write's close counts).
fn is_edit(kind: EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// `path` relative to `root` when it is an input of the site: `errdocs.toml`, or a file or folder
/// under an input folder whose name does not start with `.` or end with `~` (editor scratch files).
#[must_use]
pub fn input_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let input = match parts.as_slice() {
        [name] => *name == config::FILE_NAME || INPUT_FOLDERS.contains(name),
        [first, rest @ ..] => {
            INPUT_FOLDERS.contains(first)
                && rest
                    .iter()
                    .all(|p| !p.starts_with('.') && !p.ends_with('~'))
        }
        [] => false,
    };
    input.then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count() {
        let root = Path::new("/site");
        let yes = |p: &str| input_path(root, Path::new(p)).is_some();
        assert!(yes("/site/errdocs.toml"));
        assert!(yes("/site/content/errors/401/a.yaml"));
        assert!(yes("/site/templates/base.html"));
        assert!(yes("/site/static"));
        assert!(!yes("/site/public/index.html"));
        assert!(!yes("/site/Cargo.toml"));
        assert!(!yes("/site/content/errors/401/.a.yaml.swp"));
        assert!(!yes("/site/content/errors/401/a.yaml~"));
        assert!(!yes("/elsewhere/content/a.yaml"));
    }
}
