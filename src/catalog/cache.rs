//! Parsed files kept between rebuilds, so `errdocs serve` parses only the files an edit changed.
//!
//! Every rebuild still reads every file (a read is cheap next to a parse) and resolves and lints the
//! whole catalog, since an edit anywhere can break a reference anywhere. A file whose path and bytes
//! hash as they did last time is taken from the cache; any other is parsed as a build parses it.
//! Only files that parsed cleanly are kept, so a broken file is parsed again on the next rebuild
//! and reports the same problems.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::load::{Outcome, Parsed, RawCatalog, RawFile, parse_read};
use crate::diagnostic::Diagnostic;

/// One file after a rebuild: its path, the hash of its bytes, the parse, and whether it was parsed
/// now (not taken from the cache).
type Rebuilt = (PathBuf, u128, Outcome, bool);

/// The files of the last rebuild that parsed, by path, with a hash of their bytes and the
/// placeholders left in them (found while parsing, the only time the text is held).
#[derive(Debug, Default)]
pub struct ParseCache {
    files: HashMap<PathBuf, (u128, (Parsed, Vec<Diagnostic>))>,
    /// Files parsed (not taken from the cache) by the rebuild that made this cache.
    parsed: usize,
}

impl ParseCache {
    /// Parses `files` like [`super::parse_content`], reusing what this cache holds for files
    /// whose bytes did not change. Returns the catalog, its problems and the cache for next time.
    #[must_use]
    pub fn parse(&self, files: Vec<RawFile>) -> (RawCatalog, Vec<Diagnostic>, ParseCache) {
        let results: Vec<Rebuilt> = files
            .into_par_iter()
            .map(|file| {
                let hash = xxhash_rust::xxh3::xxh3_128(&file.bytes);
                match self.files.get(&file.path) {
                    Some((old, parsed)) if *old == hash => {
                        (file.path, hash, Ok(parsed.clone()), false)
                    }
                    _ => {
                        let path = file.path.clone();
                        (path, hash, parse_read(file), true)
                    }
                }
            })
            .collect();
        let mut next = ParseCache::default();
        let mut items = Vec::with_capacity(results.len());
        for (path, hash, parsed, fresh) in results {
            next.parsed += usize::from(fresh);
            if let Ok(p) = &parsed {
                next.files.insert(path, (hash, p.clone()));
            }
            items.push(parsed);
        }
        let (catalog, problems) = super::load::assemble(items);
        (catalog, problems, next)
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

    fn file(path: &str, text: &str) -> RawFile {
        RawFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const ENTRY: &str = "status: 418\ntitle: T\nsummary: S.\nresponse:\n  status: 418\n";

    #[test]
    fn only_changed_or_broken_files_are_parsed_again() {
        let a = || file("content/errors/418/a.yaml", ENTRY);
        let b = |title: &str| {
            file(
                "content/errors/418/b.yaml",
                &ENTRY.replace("title: T", &format!("title: {title}")),
            )
        };
        let (first, problems, cache) = ParseCache::default().parse(vec![a(), b("B")]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(first.entries.len(), 2);
        assert_eq!(cache.parsed(), 2);

        let (second, _, cache) = cache.parse(vec![a(), b("B2")]);
        assert_eq!(cache.parsed(), 1);
        assert_eq!(second.entries[1].value.title, "B2");

        let (_, problems, cache) =
            cache.parse(vec![a(), file("content/errors/418/b.yaml", "status: [\n")]);
        assert_eq!(problems.len(), 1);
        assert_eq!(cache.parsed(), 1);
        let (_, problems, cache) =
            cache.parse(vec![a(), file("content/errors/418/b.yaml", "status: [\n")]);
        assert_eq!(
            problems.len(),
            1,
            "a broken file reports its problem every time"
        );
        assert_eq!(cache.parsed(), 1);
    }

    #[test]
    fn the_catalog_shares_what_the_cache_holds_and_never_changes_it() {
        let entry = |name: &str, extra: &str| {
            file(
                &format!("content/errors/418/{name}.yaml"),
                &format!("{ENTRY}{extra}"),
            )
        };
        // `a` names its related entry by code; `b` has that code first, then `c`.
        let a = || entry("a", "related: [TEAPOT-1]\n");
        let (raw, _, cache) = ParseCache::default().parse(vec![
            a(),
            entry("b", "code: TEAPOT-1\n"),
            entry("c", "code: TEAPOT-2\n"),
        ]);
        let (first, problems) = crate::catalog::resolve(raw);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(first.entries[0].value.related, ["418/b"]);
        let (raw, _, cache) = cache.parse(vec![
            a(),
            entry("b", "code: TEAPOT-3\n"),
            entry("c", "code: TEAPOT-1\n"),
        ]);
        assert_eq!(cache.parsed(), 2, "`a` comes from the cache");
        let (second, problems) = crate::catalog::resolve(raw);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            second.entries[0].value.related,
            ["418/c"],
            "the code is resolved again, not taken from the last catalog"
        );
        let (raw, _, _) = cache.parse(vec![
            a(),
            entry("b", "code: TEAPOT-3\n"),
            entry("c", "code: TEAPOT-1\n"),
        ]);
        assert!(
            std::sync::Arc::ptr_eq(&raw.entries[1].value, &second.entries[1].value),
            "an unchanged file's value is shared, not copied"
        );
    }

    #[test]
    fn a_cached_parse_equals_a_fresh_one() {
        let files = || vec![file("content/errors/418/a.yaml", ENTRY)];
        let (fresh, _) = super::super::parse_content(files());
        let (_, _, cache) = ParseCache::default().parse(files());
        let (cached, _, cache) = cache.parse(files());
        assert_eq!(cache.parsed(), 0);
        assert_eq!(format!("{fresh:?}"), format!("{cached:?}"));
    }
}
