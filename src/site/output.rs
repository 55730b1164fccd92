//! Which folders a build may replace.
//!
//! A build replaces its output folder whole (see `swap`), so before anything is written this module
//! decides whether the folder is one errdocs may replace: one it made itself (its state file beside
//! it names this very folder and lists every file in it), an empty one, or one that does not exist
//! yet. Some places are refused whatever they hold: the site folder, any folder above it, anything
//! inside its sources (`content/`, `templates/`, `static/`, `.git`), `errdocs.toml`, any path that is
//! not a folder, and any folder holding a file the site reads. Paths are compared after resolving
//! `..` and symbolic links, so no spelling of a path gets around the rules. This module only reads.

use std::path::{Component, Path, PathBuf};

use super::state::State;
use crate::diagnostic::Diagnostic;

/// The folders of a site whose files are its sources.
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", ".git"];

/// The output folder a build may replace, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    /// The path as the user gave it (relative to the working folder), for messages.
    pub(crate) shown: PathBuf,
    /// The same path with `..` and symbolic links resolved; every file operation uses this one.
    pub(crate) path: PathBuf,
}

/// Resolves `path` as the system would when opening it: the longest part that exists is
/// canonicalised (symbolic links and `..` resolved), and the rest, which no link can redirect, is
/// applied as written.
///
/// # Errors
/// When the current folder cannot be read or an existing part cannot be resolved (e.g. a link that
/// leads nowhere).
pub(crate) fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match std::fs::symlink_metadata(&resolved) {
                        Ok(_) => resolved = std::fs::canonicalize(&resolved)?,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => exists = false,
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// Why a folder may not be the output, and what to do instead.
struct Refusal {
    why: String,
    help: &'static str,
}

impl Refusal {
    /// A path that cannot be resolved.
    fn unresolved(e: &std::io::Error) -> Self {
        Self {
            why: format!("the path cannot be resolved ({e})"),
            help: ELSEWHERE,
        }
    }

    /// The error that refuses `out`, saying why and what to do instead.
    fn diagnostic(self, out: &Path) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(
                "output",
                out,
                format!("errdocs will not write here: {}", self.why),
            )
            .with_help(self.help),
        )
    }
}

const ELSEWHERE: &str =
    "choose another folder with `--out` (or `output =` in errdocs.toml), e.g. `public`";

/// Decides whether a build of the site at `root` may replace `out`.
///
/// # Errors
/// A diagnostic that names the folder, says why it is refused and what to do instead.
pub(crate) fn check(root: &Path, out: &Path) -> Result<Output, Box<Diagnostic>> {
    let refuse = |r: Refusal| r.diagnostic(out);
    let unreadable = |e: std::io::Error| refuse(Refusal::unresolved(&e));
    let path = resolve(out).map_err(unreadable)?;
    let root = resolve(root).map_err(unreadable)?;
    refused_always(&root, &path, &linked_sources(&root)).map_err(refuse)?;
    replaceable(&path).map_err(refuse)?;
    Ok(Output {
        shown: out.to_path_buf(),
        path,
    })
}

/// The output of [`write_output`](super::write_output), which has no site: only the folder's own
/// rules apply.
pub(crate) fn check_bare(out: &Path) -> Result<Output, Box<Diagnostic>> {
    let refuse = |r: Refusal| r.diagnostic(out);
    let path = resolve(out).map_err(|e| refuse(Refusal::unresolved(&e)))?;
    if path.parent().is_none() {
        return Err(refuse(Refusal {
            why: "this is the root of the file system".into(),
            help: ELSEWHERE,
        }));
    }
    replaceable(&path).map_err(refuse)?;
    Ok(Output {
        shown: out.to_path_buf(),
        path,
    })
}

/// The places refused whatever they hold.
fn refused_always(root: &Path, out: &Path, linked: &[PathBuf]) -> Result<(), Refusal> {
    if out == root {
        return Err(Refusal {
            why: "this is the site folder itself".into(),
            help: ELSEWHERE,
        });
    }
    if root.starts_with(out) {
        return Err(Refusal {
            why: "this folder contains the site folder".into(),
            help: ELSEWHERE,
        });
    }
    for name in SOURCE_FOLDERS {
        let folder = resolve(&root.join(name)).unwrap_or_else(|_| root.join(name));
        if out.starts_with(&folder) || out.starts_with(root.join(name)) {
            return Err(Refusal {
                why: format!("this is inside the site's `{name}` folder"),
                help: ELSEWHERE,
            });
        }
    }
    if out == root.join(crate::config::FILE_NAME) {
        return Err(Refusal {
            why: "this is the site's configuration file".into(),
            help: ELSEWHERE,
        });
    }
    for target in linked {
        if target.starts_with(out) || out.starts_with(target) {
            return Err(Refusal {
                why: format!(
                    "the site reads files here, through a symbolic link to {}",
                    target.display()
                ),
                help: ELSEWHERE,
            });
        }
    }
    Ok(())
}

/// Where the symbolic links among the site's sources lead (resolved), following links inside linked
/// folders too. Sources reached without a link live in the source folders, which
/// [`refused_always`] covers by name.
fn linked_sources(root: &Path) -> Vec<PathBuf> {
    let mut targets: Vec<PathBuf> = Vec::new();
    let mut folders: Vec<PathBuf> = SOURCE_FOLDERS[..3].iter().map(|n| root.join(n)).collect();
    folders.push(root.join(crate::config::FILE_NAME));
    while let Some(folder) = folders.pop() {
        for item in walkdir::WalkDir::new(&folder)
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            if !item.path_is_symlink() {
                continue;
            }
            let Ok(target) = std::fs::canonicalize(item.path()) else {
                continue;
            };
            if !targets.contains(&target) {
                if target.is_dir() {
                    folders.push(target.clone());
                }
                targets.push(target);
            }
        }
    }
    targets
}

/// Whether the folder at `out` (resolved) may be replaced: missing, empty, or made by errdocs.
fn replaceable(out: &Path) -> Result<(), Refusal> {
    let metadata = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Refusal {
                why: format!("it cannot be read ({e})"),
                help: ELSEWHERE,
            });
        }
    };
    if !metadata.is_dir() {
        return Err(Refusal {
            why: "this is a file, not a folder".into(),
            help: ELSEWHERE,
        });
    }
    let mut listing = std::fs::read_dir(out).map_err(|e| Refusal {
        why: format!("it cannot be read ({e})"),
        help: ELSEWHERE,
    })?;
    if listing.next().is_none() {
        return Ok(());
    }
    let state = State::read(out);
    if !state.made(out) {
        return Err(Refusal {
            why: "this folder was not made by errdocs (it is not empty and no errdocs build \
                  recorded writing it)"
                .into(),
            help: "choose another folder with `--out`, or remove this one yourself if nothing in it is needed",
        });
    }
    let foreign = state.foreign_files(out);
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(3).map(String::as_str).collect();
        let more = foreign.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        return Err(Refusal {
            why: format!(
                "this folder holds files that errdocs did not write ({}{more}), which a build would \
                 delete",
                shown.join(", ")
            ),
            help: "move those files into the site's `static/` folder (every build copies them into \
                   the output), or remove them yourself",
        });
    }
    Ok(())
}
