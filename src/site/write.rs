//! The write stage: pages into the output folder, changing only what changed, never in place.
//!
//! Pages arrive one at a time, from several threads, as they are rendered ([`Writer::put`]); each is
//! hashed and compared with what the previous build wrote (see `state`). A page that changed is
//! written into a staging folder beside the output; an unchanged one is only recorded. When every
//! page is in, [`Writer::finish`] either does nothing (nothing changed: no file is written) or
//! hard-links the unchanged files from the current output into the staging folder and swaps it into
//! place (see `swap`), so a failed or killed build never damages the previous output, and unchanged files keep
//! their inode and modification time.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use super::state::{Record, State, path_for, pending_path};
use super::{SiteError, swap};
use crate::diagnostic::Diagnostic;
use crate::page::Page;

/// One file of the new output, once handled by [`Writer::put`].
#[derive(Debug, Clone)]
pub(crate) struct Written {
    path: String,
    record: Record,
    changed: bool,
}

impl Written {
    /// A file kept from the previous output without rendering it again.
    pub(crate) fn kept(path: String, record: Record) -> Self {
        Self {
            path,
            record,
            changed: false,
        }
    }
}

/// Collects the pages of one build into a staging folder.
pub(crate) struct Writer<'a> {
    out: &'a Path,
    staging: PathBuf,
    previous: &'a State,
    /// Created on the first changed page, so a build that changes nothing creates nothing.
    staging_ready: OnceLock<Result<(), String>>,
    /// The folders made in staging so far: many files share one (search shards, assets), and asking
    /// the system again costs two calls each time.
    made: Mutex<HashSet<PathBuf>>,
}

/// Writes `pieces` to `file` in order, in as few calls as the system takes (one, mostly).
fn write_pieces(file: &mut std::fs::File, pieces: &[&[u8]]) -> std::io::Result<()> {
    use std::io::{IoSlice, Write as _};
    let mut slices: Vec<IoSlice<'_>> = pieces.iter().map(|piece| IoSlice::new(piece)).collect();
    let mut rest = &mut slices[..];
    // Drops the empty slices at the front: writing only those would look like a full disk.
    IoSlice::advance_slices(&mut rest, 0);
    while !rest.is_empty() {
        match file.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError {
    let path = path.to_path_buf();
    move |source| SiteError::Io { path, source }
}

impl<'a> Writer<'a> {
    /// A writer into `out`, knowing what the previous build wrote there.
    pub(crate) fn new(out: &'a Path, previous: &'a State) -> Result<Self, SiteError> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        Ok(Self {
            out,
            staging: swap::staging_path(out),
            previous: if out.is_dir() {
                previous
            } else {
                empty_state()
            },
            staging_ready: OnceLock::new(),
            made: Mutex::new(HashSet::new()),
        })
    }

    fn ensure_staging(&self) -> Result<(), SiteError> {
        let ready = self.staging_ready.get_or_init(|| {
            if self.staging.exists() {
                std::fs::remove_dir_all(&self.staging).map_err(|e| e.to_string())?;
            }
            std::fs::create_dir(&self.staging).map_err(|e| e.to_string())
        });
        ready.clone().map_err(|e| SiteError::Io {
            path: self.staging.clone(),
            source: std::io::Error::other(e),
        })
    }

    /// Makes the folder `path` goes in, unless this build already made it.
    fn make_parent(&self, path: &Path) -> Result<(), SiteError> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let made = || self.made.lock().unwrap_or_else(PoisonError::into_inner);
        if !made().contains(parent) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
            made().insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Takes one page: records it if the output already has it, else writes it into staging.
    pub(crate) fn put(&self, page: &Page) -> Result<Written, SiteError> {
        self.put_pieces(&page.path, &[&page.bytes])
    }

    /// Takes one page given as the slices of its bytes, in order: see [`Writer::put`].
    pub(crate) fn put_pieces(&self, path: &str, pieces: &[&[u8]]) -> Result<Written, SiteError> {
        let rel = checked_path(path)?;
        let hash = match pieces {
            [one] => xxhash_rust::xxh3::xxh3_128(one),
            _ => {
                let mut hash = xxhash_rust::xxh3::Xxh3::new();
                pieces.iter().for_each(|piece| hash.update(piece));
                hash.digest128()
            }
        };
        if let Some(kept) = self.unchanged(path, hash) {
            return Ok(kept);
        }
        self.ensure_staging()?;
        let staged = self.staging.join(rel);
        self.make_parent(&staged)?;
        let metadata = std::fs::File::create(&staged)
            .and_then(|mut file| {
                write_pieces(&mut file, pieces)?;
                file.metadata()
            })
            .map_err(io(&staged))?;
        Ok(Written {
            path: path.to_owned(),
            record: Record::from_metadata(&metadata, hash),
            changed: true,
        })
    }

    /// The previous output's file at `path` when it already has these bytes (by `hash`) and nobody
    /// changed it since.
    fn unchanged(&self, path: &str, hash: u128) -> Option<Written> {
        let record = self.previous.files.get(path)?;
        (record.hash == hash && record.still_matches(&self.out.join(path)))
            .then(|| Written::kept(path.to_owned(), *record))
    }

    /// Takes one file written as a stream by `write`, hashing it on the way: a large file is never
    /// held in memory. It is written into staging first and removed again when the output already
    /// has the same bytes.
    pub(crate) fn put_stream(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<Written, SiteError> {
        let rel = checked_path(path)?;
        self.ensure_staging()?;
        let staged = self.staging.join(rel);
        self.make_parent(&staged)?;
        let file = std::fs::File::create(&staged).map_err(io(&staged))?;
        let mut sink = Hashing {
            inner: std::io::BufWriter::with_capacity(1 << 20, file),
            hash: xxhash_rust::xxh3::Xxh3::new(),
        };
        write(&mut sink)
            .and_then(|()| std::io::Write::flush(&mut sink))
            .map_err(io(&staged))?;
        let hash = sink.hash.digest128();
        let metadata = sink.inner.get_ref().metadata().map_err(io(&staged))?;
        drop(sink);
        if let Some(kept) = self.unchanged(path, hash) {
            std::fs::remove_file(&staged).map_err(io(&staged))?;
            return Ok(kept);
        }
        Ok(Written {
            path: path.to_owned(),
            record: Record::from_metadata(&metadata, hash),
            changed: true,
        })
    }

    /// Completes the output: nothing when nothing changed, else links the unchanged files into the
    /// staging folder and swaps it into place. Returns the new state and how many files were written.
    pub(crate) fn finish(
        self,
        mut written: Vec<Written>,
        mut state: State,
    ) -> Result<(State, usize), SiteError> {
        written.sort_by(|a, b| a.path.cmp(&b.path));
        if let Some(pair) = written.windows(2).find(|w| w[0].path == w[1].path) {
            return Err(SiteError::Invalid(vec![Diagnostic::error(
                "output",
                &pair[0].path,
                "two pages would be written to this path",
            )]));
        }
        let changed = written.iter().filter(|w| w.changed).count();
        let same_files = written.len() == self.previous.files.len();
        state.files = written.iter().map(|w| (w.path.clone(), w.record)).collect();
        if changed == 0 && same_files {
            // A streamed file may have been staged before it proved unchanged.
            self.abandon();
            return Ok((state, 0));
        }
        self.ensure_staging()?;
        let linked: Result<Vec<()>, SiteError> = written
            .par_iter()
            .filter(|w| !w.changed)
            .map(|w| {
                let to = self.staging.join(&w.path);
                self.make_parent(&to)?;
                let from = self.out.join(&w.path);
                std::fs::hard_link(&from, &to)
                    .or_else(|_| std::fs::copy(&from, &to).map(drop))
                    .map_err(io(&to))
            })
            .collect();
        linked?;
        // The state of the new output is recorded before the swap, naming the staging folder
        // (which keeps its inode when renamed), and takes over once the swap is done: a build
        // killed in between leaves a state that vouches for whichever folder is in place.
        let pending = pending_path(self.out);
        write_state(
            &pending,
            &State {
                folder: super::state::folder_id(&self.staging),
                ..state.clone()
            },
        )?;
        if let Err(e) = self.swap() {
            let _ = std::fs::remove_file(&pending);
            return Err(e);
        }
        let path = path_for(self.out);
        std::fs::rename(&pending, &path).map_err(io(&path))?;
        Ok((state, changed))
    }

    fn swap(&self) -> Result<(), SiteError> {
        swap::swap(&self.staging, self.out).map_err(|source| {
            let _ = std::fs::remove_dir_all(&self.staging);
            SiteError::Io {
                path: self.out.to_path_buf(),
                source,
            }
        })
    }

    /// Removes the staging folder after a failure; the output was never touched.
    pub(crate) fn abandon(&self) {
        if self.staging_ready.get().is_some() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// A relative output path that stays inside the output folder.
fn checked_path(path: &str) -> Result<&Path, SiteError> {
    let rel = Path::new(path);
    if path.is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(SiteError::Invalid(vec![Diagnostic::error(
            "output",
            rel,
            "this output path would leave the output folder",
        )]));
    }
    Ok(rel)
}

/// A writer that hashes what passes through it.
struct Hashing<W: std::io::Write> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn empty_state() -> &'static State {
    static EMPTY: OnceLock<State> = OnceLock::new();
    EMPTY.get_or_init(State::default)
}

/// Records the state of a finished build beside the output.
/// Records the state of a finished build that did not swap folders (see [`Writer::finish`]) beside
/// the output, naming the folder now in place so the next build can tell it made it.
pub(crate) fn save_state(out: &Path, state: &State) -> Result<(), SiteError> {
    let path = path_for(out);
    write_state(
        &path,
        &State {
            folder: super::state::folder_id(out),
            ..state.clone()
        },
    )?;
    let _ = std::fs::remove_file(pending_path(out));
    Ok(())
}

/// Writes `state` to `path` whole, or not at all.
fn write_state(path: &Path, state: &State) -> Result<(), SiteError> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, state.to_text()).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_in_pieces_is_hashed_and_written_as_the_joined_page() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let state = State::default();
        let writer = Writer::new(&out, &state).unwrap();
        let pieces: [&[u8]; 4] = [b"", b"<p>", b"", b"block</p>"];
        let split = writer.put_pieces("a/index.html", &pieces).unwrap();
        let joined = Page {
            path: "b/index.html".to_owned(),
            bytes: pieces.concat(),
        };
        let whole = writer.put(&joined).unwrap();
        // The same hash either way, so a page written in pieces is found unchanged next time.
        assert_eq!(split.record.hash, whole.record.hash);
        let staged = |p: &str| std::fs::read(writer.staging.join(p)).unwrap();
        assert_eq!(staged("a/index.html"), joined.bytes);
        // An empty page is an empty file, not an error.
        writer.put_pieces("c.txt", &[b""]).unwrap();
        writer.put_pieces("d.txt", &[]).unwrap();
        assert!(staged("c.txt").is_empty() && staged("d.txt").is_empty());
    }
}
