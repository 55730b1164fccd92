//! Which pages a build renders again, from what the last build into the same output recorded (and
//! which pages `serve` renders again after an edit: the same rule, see [`edited`]).
//!
//! An entry's page shows the entry itself and, of the rest of the catalog, only what every other
//! page may show too: titles, summaries, statuses, schemes, tags and the files that are not entries.
//! A build records a hash of that "outward" part, a hash of its setup (errdocs itself, the
//! configuration, the base URL, the theme) and a hash of each entry's file. When the setup and the
//! outward part are unchanged, only the entries whose own file changed are rendered again; every
//! other page of the previous output is kept as it is (checked against its recorded size, time and
//! inode first). The data files, the search index and the Markdown versions of the pages (with
//! `llms.txt` and `llms-full.txt`) are always built again, since they hold every entry whole or are
//! cheap to make; the writer still leaves each unchanged one as it is. Any doubt means rendering
//! every page.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::state::{Record, State};
use crate::catalog::Catalog;
use crate::catalog::Kind;
use crate::catalog::resolve::url_of;

/// What a build's pages depend on, in the terms [`State`] records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    /// Hash of errdocs itself, the configuration, the base URL and the theme.
    pub(super) setup: u128,
    /// Hash of what any page may show of the catalog beyond one entry's own page.
    pub(super) outward: u128,
    /// Each entry's id and the hash of its file.
    pub(super) entries: BTreeMap<String, u128>,
}

/// The shape of a checked catalog (from its files' hashes: their text is gone).
pub(super) fn shape(setup: u128, catalog: &Catalog) -> Shape {
    let mut h = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    // Every file but the entries', whole: any edit to one renders everything.
    let others = catalog
        .items()
        .into_iter()
        .filter(|item| item.kind() != Kind::Entry)
        .map(|item| (item.id(), item.source().hash))
        .chain(catalog.home.iter().map(|x| (x.id.as_str(), x.source.hash)));
    for (id, hash) in others {
        field(id.as_bytes());
        field(&hash.to_le_bytes());
    }
    field(b"entries");
    let mut entries = BTreeMap::new();
    for e in &catalog.entries {
        let v = &e.value;
        field(e.id.as_bytes());
        field(v.title.as_bytes());
        field(v.summary.as_bytes());
        field(&v.status.to_le_bytes());
        for list in [&v.schemes, &v.tags] {
            field(&(list.len() as u64).to_le_bytes());
            for item in list {
                field(item.as_bytes());
            }
        }
        entries.insert(e.id.clone(), e.source.hash);
    }
    Shape {
        setup,
        outward: h.digest128(),
        entries,
    }
}

/// A build that renders only some entries' pages and keeps the other pages of the last output.
#[derive(Debug)]
pub(super) struct Plan {
    /// Indexes into `Catalog::entries` of the entries to render again.
    pub(super) entries: Vec<usize>,
    /// The pages kept from the previous output, with their records.
    pub(super) kept: Vec<(String, Record)>,
}

/// The ids of the entries whose files changed between two shapes, when nothing but those entries'
/// own pages can show the change (the outward part and the set of entries are the same); `None`
/// when every page must be rendered again. The setup is compared by the caller.
pub(super) fn edited<'a>(before: &Shape, now: &'a Shape) -> Option<Vec<&'a str>> {
    if before.outward != now.outward || before.entries.len() != now.entries.len() {
        return None;
    }
    let mut edited = Vec::new();
    for (id, hash) in &now.entries {
        if before.entries.get(id)? != hash {
            edited.push(id.as_str());
        }
    }
    Some(edited)
}

/// The partial build that gives the same output as a full one, or `None` when every page must be
/// rendered: no usable previous state, another setup, an outward change, or a kept page that is no
/// longer the file the last build wrote.
pub(super) fn plan(previous: &State, now: &Shape, catalog: &Catalog, out: &Path) -> Option<Plan> {
    let before = previous.shape.as_ref()?;
    if before.setup != now.setup {
        return None;
    }
    let ids: HashSet<&str> = edited(before, now)?.into_iter().collect();
    let mut entries = Vec::new();
    let mut pages = HashSet::new();
    for (i, e) in catalog.entries.iter().enumerate() {
        if ids.contains(e.id.as_str()) {
            entries.push(i);
            pages.insert(format!("{}index.html", url_of(&e.id)));
        }
    }
    let mut kept = Vec::new();
    for (path, record) in &previous.files {
        if !path.ends_with(".html") || pages.contains(path) {
            continue;
        }
        if !record.still_matches(&out.join(path)) {
            return None;
        }
        kept.push((path.clone(), *record));
    }
    Some(Plan { entries, kept })
}
