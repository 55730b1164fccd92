//! What the previous build left: a fingerprint of its input and a hash of every file it wrote.
//!
//! Kept beside the output folder (`.public.errdocs-state` for `public/`), never inside it, so hosts do
//! not publish it. Each file's record also holds its size, modification time and inode: a file whose
//! metadata no longer match was changed by someone else, and is rewritten. A missing, stale or
//! unreadable state only costs a full write, never a wrong one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use super::partial::Shape;

/// One output file as the previous build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    /// Hash of the content.
    pub(crate) hash: u128,
    /// Size in bytes.
    pub(crate) size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub(crate) mtime: i64,
    /// Inode number.
    pub(crate) ino: u64,
}

impl Record {
    /// The record of a file on disk with the given content hash.
    pub(crate) fn of(path: &Path, hash: u128) -> std::io::Result<Self> {
        Ok(Self::from_metadata(&std::fs::symlink_metadata(path)?, hash))
    }

    /// The record of a file with metadata `m` and the given content hash: for a file just written,
    /// read from its open handle rather than by looking its path up again.
    pub(crate) fn from_metadata(m: &std::fs::Metadata, hash: u128) -> Self {
        Self {
            hash,
            size: m.size(),
            mtime: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
            ino: m.ino(),
        }
    }

    /// Whether the file at `path` is still the one this record describes.
    pub(crate) fn still_matches(&self, path: &Path) -> bool {
        Self::of(path, self.hash).is_ok_and(|now| now == *self)
    }
}

/// The state of the last successful build into one output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    /// Hash of everything the output depends on.
    pub(crate) fingerprint: u128,
    /// The build had no warnings (only then may a rebuild skip checking).
    pub(crate) clean: bool,
    /// HTML pages.
    pub(crate) pages: usize,
    /// Catalog entries.
    pub(crate) entries: usize,
    /// Every file, by path relative to the output folder.
    pub(crate) files: BTreeMap<String, Record>,
    /// What the pages depended on (see `partial`), when the build recorded it.
    pub(crate) shape: Option<Shape>,
    /// The output folder this state describes, as (device, inode), recorded once the build put it
    /// in place: a state file beside some other folder of the same name does not vouch for it.
    pub(crate) folder: Option<(u64, u64)>,
}

const MAGIC: &str = "errdocs-state 2";

/// The (device, inode) of the folder at `path`, when it is one.
pub(crate) fn folder_id(path: &Path) -> Option<(u64, u64)> {
    let m = std::fs::symlink_metadata(path).ok()?;
    m.is_dir().then(|| (m.dev(), m.ino()))
}

fn parse_folder(text: &str) -> Option<(u64, u64)> {
    let (dev, ino) = text.split_once(':')?;
    Some((dev.parse().ok()?, ino.parse().ok()?))
}

/// Where the state of output folder `out` is kept.
pub(crate) fn path_for(out: &Path) -> PathBuf {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent.join(format!(".{name}.errdocs-state"))
}

/// Where a build keeps the state of the output it is about to put in place, until it is there.
pub(crate) fn pending_path(out: &Path) -> PathBuf {
    let mut path = path_for(out).into_os_string();
    path.push(".pending");
    PathBuf::from(path)
}

/// Settles what a killed build left of the state beside `out`: a pending state that names the
/// folder now in place becomes the state (the build was killed after its swap), any other pending
/// state and half-written temporary files of builds no longer running are removed.
pub(crate) fn settle(out: &Path) {
    let pending = pending_path(out);
    let names_out = std::fs::read_to_string(&pending)
        .ok()
        .and_then(|text| State::parse(&text))
        .is_some_and(|p| p.folder.is_some() && p.folder == folder_id(out));
    if names_out {
        let _ = std::fs::rename(&pending, path_for(out));
    } else {
        let _ = std::fs::remove_file(&pending);
    }
    for path in [path_for(out), pending] {
        let (Some(parent), Some(stem)) = (path.parent(), path.file_stem()) else {
            continue;
        };
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let prefix = format!("{}.tmp-", stem.to_string_lossy());
        let Ok(listing) = std::fs::read_dir(parent) else {
            continue;
        };
        for item in listing.filter_map(Result::ok) {
            let name = item.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix(&prefix)
                && super::swap::dead(pid)
            {
                let _ = std::fs::remove_file(item.path());
            }
        }
    }
}

impl State {
    /// Reads the state of `out`; an empty state when there is none or it cannot be read. When a
    /// build was killed between putting its output in place and recording it, its pending state
    /// is the one that names the folder now at `out`.
    pub(crate) fn read(out: &Path) -> Self {
        let read = |path: PathBuf| {
            std::fs::read_to_string(path)
                .ok()
                .and_then(|text| Self::parse(&text))
        };
        if let Some(pending) = read(pending_path(out))
            && pending.folder.is_some()
            && pending.folder == folder_id(out)
        {
            return pending;
        }
        read(path_for(out)).unwrap_or_default()
    }

    fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut head = lines.next()?.split(' ');
        let mut state = Self {
            fingerprint: u128::from_str_radix(head.next()?, 16).ok()?,
            clean: head.next()? == "clean",
            pages: head.next()?.parse().ok()?,
            entries: head.next()?.parse().ok()?,
            files: BTreeMap::new(),
            shape: None,
            folder: head.next().and_then(parse_folder),
        };
        let mut shape = lines.next()?.split(' ');
        if shape.next()? != "shape" {
            return None;
        }
        if let (Some(setup), Some(outward), Some(count)) =
            (shape.next(), shape.next(), shape.next())
        {
            let mut entries = BTreeMap::new();
            for _ in 0..count.parse::<usize>().ok()? {
                let (hash, id) = lines.next()?.split_once(' ')?;
                entries.insert(id.to_owned(), u128::from_str_radix(hash, 16).ok()?);
            }
            state.shape = Some(Shape {
                setup: u128::from_str_radix(setup, 16).ok()?,
                outward: u128::from_str_radix(outward, 16).ok()?,
                entries,
            });
        }
        for line in lines {
            let mut f = line.splitn(5, ' ');
            let record = Record {
                hash: u128::from_str_radix(f.next()?, 16).ok()?,
                size: f.next()?.parse().ok()?,
                mtime: f.next()?.parse().ok()?,
                ino: f.next()?.parse().ok()?,
            };
            state.files.insert(f.next()?.to_owned(), record);
        }
        Some(state)
    }

    /// The state as text: a header line, then one line per file.
    pub(crate) fn to_text(&self) -> String {
        let mut out = format!(
            "{MAGIC}\n{:032x} {} {} {}",
            self.fingerprint,
            if self.clean { "clean" } else { "warnings" },
            self.pages,
            self.entries
        );
        if let Some((dev, ino)) = self.folder {
            let _ = write!(out, " {dev}:{ino}");
        }
        out.push('\n');
        match &self.shape {
            Some(shape) => {
                let _ = writeln!(
                    out,
                    "shape {:032x} {:032x} {}",
                    shape.setup,
                    shape.outward,
                    shape.entries.len()
                );
                for (id, hash) in &shape.entries {
                    let _ = writeln!(out, "{hash:032x} {id}");
                }
            }
            None => out.push_str("shape\n"),
        }
        for (path, r) in &self.files {
            let _ = writeln!(
                out,
                "{:032x} {} {} {} {path}",
                r.hash, r.size, r.mtime, r.ino
            );
        }
        out
    }

    /// Whether this state vouches that errdocs made the folder `out`: it lists files, and it
    /// recorded this very folder (a state written before folders were recorded vouches through its
    /// file list alone, see [`State::foreign_files`]).
    pub(crate) fn made(&self, out: &Path) -> bool {
        if self.files.is_empty() {
            return false;
        }
        match self.folder {
            Some(recorded) => folder_id(out).is_some_and(|now| now == recorded),
            None => true,
        }
    }

    /// The files and folders in `out` that this state does not list, as paths relative to `out`,
    /// sorted: what a build would delete although errdocs never wrote it.
    pub(crate) fn foreign_files(&self, out: &Path) -> Vec<String> {
        let mut folders = std::collections::HashSet::new();
        for path in self.files.keys() {
            let mut rest = path.as_str();
            while let Some((parent, _)) = rest.rsplit_once('/') {
                if !folders.insert(parent) {
                    break;
                }
                rest = parent;
            }
        }
        let mut foreign = Vec::new();
        let mut walk = walkdir::WalkDir::new(out)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter();
        while let Some(item) = walk.next() {
            let Ok(item) = item else { continue };
            let Ok(rel) = item.path().strip_prefix(out) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let known = if item.file_type().is_dir() {
                folders.contains(rel.as_str())
            } else {
                self.files.contains_key(&rel)
            };
            if !known {
                if item.file_type().is_dir() {
                    walk.skip_current_dir();
                    foreign.push(format!("{rel}/"));
                } else {
                    foreign.push(rel);
                }
            }
        }
        foreign
    }

    /// Whether `out` holds exactly the files of this state, each unchanged since it was written.
    pub(crate) fn output_intact(&self, out: &Path) -> bool {
        if self.files.is_empty() {
            return false;
        }
        let mut count = 0;
        for item in walkdir::WalkDir::new(out) {
            let Ok(item) = item else { return false };
            if item.file_type().is_dir() {
                continue;
            }
            count += 1;
            let Ok(rel) = item.path().strip_prefix(out) else {
                return false;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            match self.files.get(&rel) {
                Some(r) if r.still_matches(item.path()) => {}
                _ => return false,
            }
        }
        count == self.files.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips() {
        let mut state = State {
            fingerprint: 0xabc,
            clean: true,
            pages: 3,
            entries: 2,
            files: BTreeMap::new(),
            shape: None,
            folder: Some((3, 77)),
        };
        state.files.insert(
            "401/a b/index.html".into(),
            Record {
                hash: 7,
                size: 10,
                mtime: -5,
                ino: 99,
            },
        );
        assert_eq!(State::parse(&state.to_text()), Some(state.clone()));
        state.shape = Some(Shape {
            setup: 1,
            outward: 2,
            entries: BTreeMap::from([("401/a b".to_owned(), 3), ("401/c".to_owned(), 4)]),
        });
        assert_eq!(State::parse(&state.to_text()), Some(state));
        assert_eq!(State::parse("something else"), None);
        assert_eq!(State::parse("errdocs-state 1\n0 clean 1 1\n"), None);
    }
}
