//! Parsed files kept between rebuilds, so `errdocs serve` reads and parses only the files an edit
//! changed.
//!
//! Every rebuild still lists every file and resolves the whole catalog, since an edit anywhere can
//! break a reference anywhere. A file the file system describes as it did when it was last read
//! (size, modification and change times, inode) is taken from the cache without being read; any
//! other is read, and taken from the cache when its bytes hash as before, else parsed as a build
//! parses it. Only files that parsed cleanly are kept, so a broken file is parsed again on the
//! next rebuild and reports the same problems.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::load::{Listed, Outcome, Parsed, RawCatalog, parse_read, read_listed};
use crate::diagnostic::Diagnostic;

/// A file changed this close to when it was read may be written again within the same tick of
/// the file system's clock (two seconds on FAT) without its stamp changing: it is read again on
/// each rebuild until its last change is older than that.
const RACY: Duration = Duration::from_secs(2);

/// What the file system says of a file: a write changes at least one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Device and inode: an editor that saves by renaming a new file over the old one makes a new
    /// inode.
    #[cfg(unix)]
    inode: (u64, u64),
    /// The status change time, which no program can set back (a modification time can be).
    #[cfg(unix)]
    changed: Option<SystemTime>,
}

impl Stamp {
    fn of(metadata: &Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt as _;
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            inode: (metadata.dev(), metadata.ino()),
            #[cfg(unix)]
            changed: u64::try_from(metadata.ctime()).ok().and_then(|secs| {
                let nanos = u32::try_from(metadata.ctime_nsec()).ok()?;
                SystemTime::UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
            }),
        }
    }

    /// When the file last changed, as far as the stamp tells.
    fn last_change(&self) -> Option<SystemTime> {
        #[cfg(unix)]
        return self.modified.max(self.changed);
        #[cfg(not(unix))]
        return self.modified;
    }

    /// The stamp of a file read at `read`, if it can be trusted to tell a later write: its last
    /// change is more than `racy` older than the read.
    fn trusted(metadata: &Metadata, read: SystemTime, racy: Duration) -> Option<Self> {
        let stamp = Self::of(metadata);
        let old = stamp.last_change()?.checked_add(racy)? < read;
        old.then_some(stamp)
    }
}

/// A file kept for the next rebuild: its stamp when trusted, the hash of its bytes, its parse and
/// the placeholders left in it (found while parsing, the only time the text is held).
#[derive(Debug, Clone)]
struct Kept {
    stamp: Option<Stamp>,
    hash: u128,
    parsed: (Parsed, Vec<Diagnostic>),
}

/// What a rebuild made of one listed file.
struct Reloaded {
    /// What is kept of it for the next rebuild (if it parsed).
    kept: Option<Kept>,
    /// The parse, or why it failed.
    outcome: Outcome,
    /// Whether it was read (not known unchanged from its stamp).
    read: bool,
    /// Whether it was parsed (not taken from the cache).
    parsed: bool,
}

/// The files of the last rebuild that parsed, by path.
#[derive(Debug)]
pub struct ParseCache {
    files: HashMap<PathBuf, Kept>,
    /// See [`RACY`].
    racy: Duration,
    /// Files read by the rebuild that made this cache.
    read: usize,
    /// Files parsed (not taken from the cache) by the rebuild that made this cache.
    parsed: usize,
}

impl Default for ParseCache {
    fn default() -> Self {
        Self::trusting_after(RACY)
    }
}

impl ParseCache {
    /// An empty cache that trusts the stamp of a file whose last change is more than `racy` older
    /// than the read.
    fn trusting_after(racy: Duration) -> Self {
        Self {
            files: HashMap::new(),
            racy,
            read: 0,
            parsed: 0,
        }
    }

    /// Reads and parses `files` (see [`super::load::list_content`]) like
    /// [`super::read_content`] and [`super::parse_content`], reusing what this cache holds for
    /// files that did not change. Returns the catalog, its problems (those of reading too) and the
    /// cache for next time.
    #[must_use]
    pub fn load(&self, files: Vec<Listed>) -> (RawCatalog, Vec<Diagnostic>, ParseCache) {
        let results: Vec<Result<(PathBuf, Reloaded), Box<Diagnostic>>> = files
            .into_par_iter()
            .map(|file| self.load_one(&file).map(|reloaded| (file.path, reloaded)))
            .collect();
        let mut next = ParseCache::trusting_after(self.racy);
        let mut items = Vec::with_capacity(results.len());
        let mut unread = Vec::new();
        for result in results {
            match result {
                Ok((path, file)) => {
                    next.read += usize::from(file.read);
                    next.parsed += usize::from(file.parsed);
                    if let Some(kept) = file.kept {
                        next.files.insert(path, kept);
                    }
                    items.push(file.outcome);
                }
                Err(d) => unread.push(*d),
            }
        }
        let (catalog, mut problems) = super::load::assemble(items);
        problems.extend(unread);
        (catalog, problems, next)
    }

    /// One file: from the cache unread when its stamp says it is unchanged, else read.
    fn load_one(&self, file: &Listed) -> Result<Reloaded, Box<Diagnostic>> {
        let cached = self.files.get(&file.path);
        if let Some(kept) = cached
            && let Some(stamp) = kept.stamp
            && std::fs::metadata(&file.full).is_ok_and(|m| Stamp::of(&m) == stamp)
        {
            return Ok(Reloaded {
                outcome: Ok(kept.parsed.clone()),
                kept: Some(kept.clone()),
                read: false,
                parsed: false,
            });
        }
        let read_at = SystemTime::now();
        let (raw, metadata) = read_listed(file)?;
        let stamp = Stamp::trusted(&metadata, read_at, self.racy);
        let hash = xxhash_rust::xxh3::xxh3_128(&raw.bytes);
        let (outcome, parsed) = match cached {
            Some(kept) if kept.hash == hash => (Ok(kept.parsed.clone()), false),
            _ => (parse_read(raw), true),
        };
        let kept = outcome.as_ref().ok().map(|parsed| Kept {
            stamp,
            hash,
            parsed: parsed.clone(),
        });
        Ok(Reloaded {
            kept,
            outcome,
            read: true,
            parsed,
        })
    }

    /// How many files the rebuild that made this cache read (the others were unchanged on disk).
    #[must_use]
    pub fn read(&self) -> usize {
        self.read
    }

    /// How many files the rebuild that made this cache parsed (the others came from the cache).
    #[must_use]
    pub fn parsed(&self) -> usize {
        self.parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::list_content;

    /// A site folder whose entries are written by the test.
    struct Site(tempfile::TempDir);

    impl Site {
        fn new() -> Self {
            Self(tempfile::tempdir().unwrap())
        }

        fn path(&self, name: &str) -> PathBuf {
            self.0
                .path()
                .join(format!("content/errors/418/{name}.yaml"))
        }

        fn write(&self, name: &str, text: &str) {
            let path = self.path(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

        fn listed(&self) -> Vec<Listed> {
            let (listed, problems) = list_content(self.0.path());
            assert!(problems.is_empty(), "{problems:?}");
            listed
        }
    }

    const ENTRY: &str = "status: 418\ntitle: T\nsummary: S.\nresponse:\n  status: 418\n";

    #[test]
    fn only_changed_or_broken_files_are_parsed_again() {
        let site = Site::new();
        site.write("a", ENTRY);
        let b = |title: &str| ENTRY.replace("title: T", &format!("title: {title}"));
        site.write("b", &b("B"));
        let (first, problems, cache) = ParseCache::default().load(site.listed());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(first.entries.len(), 2);
        assert_eq!(cache.parsed(), 2);

        site.write("b", &b("B2"));
        let (second, _, cache) = cache.load(site.listed());
        assert_eq!(cache.parsed(), 1);
        assert_eq!(second.entries[1].value.title, "B2");

        site.write("b", "status: [\n");
        let (_, problems, cache) = cache.load(site.listed());
        assert_eq!(problems.len(), 1);
        assert_eq!(cache.parsed(), 1);
        let (_, problems, cache) = cache.load(site.listed());
        assert_eq!(
            problems.len(),
            1,
            "a broken file reports its problem every time"
        );
        assert_eq!(cache.parsed(), 1);
    }

    #[test]
    fn a_file_is_read_again_only_when_the_file_system_says_it_changed() {
        let site = Site::new();
        site.write("a", ENTRY);
        site.write("b", ENTRY);
        // Changes older than the read are trusted at once (instead of after `RACY`).
        std::thread::sleep(Duration::from_millis(20));
        let (_, _, cache) = ParseCache::trusting_after(Duration::ZERO).load(site.listed());
        assert_eq!((cache.read(), cache.parsed()), (2, 2));
        let (_, _, cache) = cache.load(site.listed());
        assert_eq!((cache.read(), cache.parsed()), (0, 0), "nothing changed");

        // The same size, and the modification time set back as `touch -d` or `rsync -t` would:
        // the change time still tells.
        let modified = std::fs::metadata(site.path("b"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20));
        site.write("b", &ENTRY.replace("title: T", "title: U"));
        std::fs::File::options()
            .write(true)
            .open(site.path("b"))
            .unwrap()
            .set_modified(modified)
            .unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let (raw, _, cache) = cache.load(site.listed());
        assert_eq!((cache.read(), cache.parsed()), (1, 1));
        assert_eq!(raw.entries[1].value.title, "U");

        // Replaced by another file with the same bytes (a new inode): read, not parsed.
        let moved = site.0.path().join("b.yaml");
        std::fs::write(&moved, ENTRY.replace("title: T", "title: U")).unwrap();
        std::fs::rename(&moved, site.path("b")).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let (_, _, cache) = cache.load(site.listed());
        assert_eq!((cache.read(), cache.parsed()), (1, 0));
        let (_, _, cache) = cache.load(site.listed());
        assert_eq!((cache.read(), cache.parsed()), (0, 0));
    }

    #[test]
    fn a_file_changed_just_before_it_was_read_is_read_on_every_rebuild() {
        let site = Site::new();
        site.write("a", ENTRY);
        let (_, _, cache) = ParseCache::default().load(site.listed());
        let (_, _, cache) = cache.load(site.listed());
        assert_eq!(
            (cache.read(), cache.parsed()),
            (1, 0),
            "a second write within the same tick of the clock would not change the stamp"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_a_problem_and_not_kept() {
        let site = Site::new();
        site.write("a", ENTRY);
        let listed = site.listed();
        std::fs::remove_file(site.path("a")).unwrap();
        let (raw, problems, cache) = ParseCache::default().load(listed);
        assert!(raw.entries.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.starts_with("cannot read"),
            "{problems:?}"
        );
        assert_eq!(cache.read(), 0);
    }

    #[test]
    fn the_catalog_shares_what_the_cache_holds_and_never_changes_it() {
        let site = Site::new();
        let entry = |name: &str, extra: &str| site.write(name, &format!("{ENTRY}{extra}"));
        // `a` names its related entry by code; `b` has that code first, then `c`.
        entry("a", "related: [TEAPOT-1]\n");
        entry("b", "code: TEAPOT-1\n");
        entry("c", "code: TEAPOT-2\n");
        let (raw, _, cache) = ParseCache::default().load(site.listed());
        let (first, problems) = crate::catalog::resolve(raw);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(first.entries[0].value.related, ["418/b"]);
        entry("b", "code: TEAPOT-3\n");
        entry("c", "code: TEAPOT-1\n");
        let (raw, _, cache) = cache.load(site.listed());
        assert_eq!(cache.parsed(), 2, "`a` comes from the cache");
        let (second, problems) = crate::catalog::resolve(raw);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            second.entries[0].value.related,
            ["418/c"],
            "the code is resolved again, not taken from the last catalog"
        );
        let (raw, _, _) = cache.load(site.listed());
        assert!(
            std::sync::Arc::ptr_eq(&raw.entries[1].value, &second.entries[1].value),
            "an unchanged file's value is shared, not copied"
        );
    }

    #[test]
    fn a_cached_parse_equals_a_fresh_one() {
        let site = Site::new();
        site.write("a", ENTRY);
        let (files, _) = super::super::read_content(site.0.path());
        let (fresh, _) = super::super::parse_content(files);
        let (_, _, cache) = ParseCache::default().load(site.listed());
        let (cached, _, cache) = cache.load(site.listed());
        assert_eq!(cache.parsed(), 0);
        assert_eq!(format!("{fresh:?}"), format!("{cached:?}"));
    }
}
