//! Resolving: turns the loaded files into one consistent [`Catalog`].
//!
//! Owns ids, URLs, cross references (`related`, comparison subjects, tree targets), decision-tree
//! structure and defaults (a status with entries but no overview gets a generated one). Every
//! problem points into its file's text, which `load` reads again only for a diagnostic.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::kind::Kind;
use super::load::{Guide, Loaded, RawCatalog, Source};
use super::model::{Comparison, Entry, StatusPage, Tree};
use super::reason::reason_phrase;
use crate::diagnostic::{Diagnostic, Position, locate, locate_key};

/// What a catalog id points to: enough to link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The item's title.
    pub title: String,
    /// Site-relative URL, e.g. `401/expired-token/` (no leading slash).
    pub url: String,
    /// What it is.
    pub kind: Kind,
}

/// The whole catalog, consistent with itself, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Entries, by status then id.
    pub entries: Vec<Loaded<Entry>>,
    /// Status overviews, by status; includes generated ones for statuses without a file.
    pub statuses: Vec<Loaded<StatusPage>>,
    /// Comparisons, by id.
    pub comparisons: Vec<Loaded<Comparison>>,
    /// Decision trees, by id.
    pub trees: Vec<Loaded<Tree>>,
    /// Guides, by `order` then title.
    pub guides: Vec<Loaded<Guide>>,
    /// The home page's introduction.
    pub home: Option<Loaded<Guide>>,
    /// Every id, with its title and URL.
    pub links: BTreeMap<String, Link>,
    /// Each entry's `code`, with the entry's id.
    pub codes: BTreeMap<String, String>,
    /// Each problem type URI an entry declares (`type:`), with the entry's id.
    pub problem_types: BTreeMap<String, String>,
    /// The ids of files that did not load.
    pub failed: BTreeSet<String>,
}

impl Catalog {
    /// The statuses a tree concerns: those it names, and those of the entries and status overviews
    /// its answers lead to, in order, each once.
    #[must_use]
    pub fn tree_statuses(&self, tree: &Loaded<Tree>) -> Vec<u16> {
        let mut out = tree.value.status.clone();
        let led_to = tree
            .value
            .nodes
            .values()
            .flat_map(|n| &n.answers)
            .filter_map(|a| {
                let id = a.entry.as_deref()?;
                match id.strip_prefix("status/") {
                    Some(code) => code.parse().ok(),
                    None => id.split('/').next()?.parse().ok(),
                }
            });
        for status in led_to {
            if !out.contains(&status) {
                out.push(status);
            }
        }
        out
    }

    /// The link for `id`, or for the entry whose `code` it is; only valid after resolution
    /// succeeded.
    #[must_use]
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.links.get(self.id_of(id))
    }

    /// The id `reference` names: itself, or the id of the entry whose `code` it is.
    #[must_use]
    pub fn id_of<'a>(&'a self, reference: &'a str) -> &'a str {
        if self.links.contains_key(reference) {
            return reference;
        }
        self.codes.get(reference).map_or(reference, String::as_str)
    }
}

/// The site-relative URL of an id.
#[must_use]
pub fn url_of(id: &str) -> String {
    match id.strip_prefix("status/") {
        Some(code) => format!("{code}/"),
        None => format!("{id}/"),
    }
}

/// Resolves a loaded catalog. Problems are collected; the catalog is usable only when none is an error.
#[must_use]
pub fn resolve(raw: RawCatalog) -> (Catalog, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut catalog = Catalog {
        entries: raw.entries,
        statuses: raw.statuses,
        comparisons: raw.comparisons,
        trees: raw.trees,
        guides: raw.guides,
        home: raw.home,
        links: BTreeMap::new(),
        codes: BTreeMap::new(),
        problem_types: BTreeMap::new(),
        failed: raw.failed.into_iter().collect(),
    };
    catalog.entries.sort_by(|a, b| {
        let key = |e: &Loaded<Entry>| (e.value.status, e.value.order.is_none(), e.value.order);
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    catalog.statuses.sort_by_key(|s| s.value.status);
    catalog.comparisons.sort_by(|a, b| a.id.cmp(&b.id));
    catalog.trees.sort_by(|a, b| a.id.cmp(&b.id));
    catalog.guides.sort_by(|a, b| {
        (a.value.meta.order.unwrap_or(i64::MAX), &a.value.meta.title)
            .cmp(&(b.value.meta.order.unwrap_or(i64::MAX), &b.value.meta.title))
    });
    check_statuses(&catalog, &mut diagnostics);
    add_generated_statuses(&mut catalog);
    register_links(&mut catalog, &mut diagnostics);
    register_codes(&mut catalog, &mut diagnostics);
    register_problem_types(&mut catalog, &mut diagnostics);
    check_variants(&catalog, &mut diagnostics);
    check_references(&catalog, &mut diagnostics);
    canonical_references(&mut catalog);
    check_markdown_links(&catalog, &mut diagnostics);
    for tree in &catalog.trees {
        check_tree(tree, &catalog, &mut diagnostics);
    }
    (catalog, diagnostics)
}

fn check_statuses(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for entry in &catalog.entries {
        let folder = entry.id.split('/').next().unwrap_or("");
        let status = entry.value.status;
        if folder != status.to_string() {
            out.push(
                at_key(
                    Diagnostic::error(
                        "status-folder",
                        &entry.source.path,
                        format!(
                            "the entry says status {status} but lives in the folder for {folder}"
                        ),
                    ),
                    &entry.source,
                    "status",
                )
                .with_help(format!(
                    "move it to content/errors/{status}/ or correct `status`"
                )),
            );
        }
        if !(100..=599).contains(&status) {
            out.push(at_key(
                Diagnostic::error(
                    "status-range",
                    &entry.source.path,
                    format!("{status} is not an HTTP status code (100–599)"),
                ),
                &entry.source,
                "status",
            ));
        }
    }
    for page in &catalog.statuses {
        let name = page.id.trim_start_matches("status/");
        if name != page.value.status.to_string() {
            out.push(at_key(
                Diagnostic::error(
                    "status-folder",
                    &page.source.path,
                    format!(
                        "the overview says status {} but its file is named {name}",
                        page.value.status
                    ),
                ),
                &page.source,
                "status",
            ));
        }
    }
}

/// Statuses that have entries but no overview get a minimal one, so every entry has a parent page.
fn add_generated_statuses(catalog: &mut Catalog) {
    let have: BTreeSet<u16> = catalog.statuses.iter().map(|s| s.value.status).collect();
    let need: BTreeSet<u16> = catalog
        .entries
        .iter()
        .map(|e| e.value.status)
        .filter(|s| !have.contains(s))
        .collect();
    for status in need {
        let reason = reason_phrase(status).unwrap_or("");
        catalog.statuses.push(Loaded {
            // What it says is written here, without links.
            links: Vec::new(),
            id: format!("status/{status}"),
            source: Source::new("(generated)", String::new()),
            value: Arc::new(StatusPage {
                status,
                title: format!("{status} {reason}").trim_end().to_owned(),
                summary: format!("The documented cases of a {status} response."),
                definition: String::new(),
                requirements: Vec::new(),
                response: None,
                sections: Vec::new(),
                related: Vec::new(),
                references: Vec::new(),
                allow: Vec::new(),
            }),
        });
    }
    catalog.statuses.sort_by_key(|s| s.value.status);
}

fn register_links(catalog: &mut Catalog, out: &mut Vec<Diagnostic>) {
    let items: Vec<(&str, &Source, String, Kind)> = catalog
        .items()
        .into_iter()
        .map(|item| {
            (
                item.id(),
                item.source(),
                item.title().to_owned(),
                item.kind(),
            )
        })
        .collect();
    let mut urls: HashMap<String, &Source> = HashMap::new();
    let mut links = BTreeMap::new();
    for (id, source, title, kind) in items {
        let url = url_of(id);
        if let Some(first) = urls.get(&url) {
            out.push(Diagnostic::error("duplicate-id", &source.path, format!(
                "the id `{id}` is already used by {}", crate::diagnostic::display_path(&first.path)
            )).with_help("each id (the file's path without its extension) must be unique; rename one file"));
            continue;
        }
        urls.insert(url.clone(), source);
        links.insert(id.to_owned(), Link { title, url, kind });
    }
    catalog.links = links;
}

fn check_references(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let check = |out: &mut Vec<Diagnostic>, source: &Source, key: &str, ids: &[String]| {
        for id in ids {
            if catalog.link(id).is_none() && !catalog.failed.contains(id) {
                // Located only for a diagnostic.
                let from = locate_key(source.text(), key).map_or(1, |p| p.line);
                out.push(unresolved(source, key, id, from, &catalog.links));
            }
        }
    };
    for e in &catalog.entries {
        check(out, &e.source, "related", &e.value.related);
    }
    for s in &catalog.statuses {
        check(out, &s.source, "related", &s.value.related);
    }
    for g in &catalog.guides {
        check(out, &g.source, "related", &g.value.meta.related);
    }
    for c in &catalog.comparisons {
        check(out, &c.source, "subjects", &c.value.subjects);
        let columns = c.value.subjects.len();
        if columns < 2 {
            out.push(at_key(
                Diagnostic::error(
                    "comparison-subjects",
                    &c.source.path,
                    "a comparison needs at least two subjects",
                ),
                &c.source,
                "subjects",
            ));
        }
        for row in &c.value.rows {
            if row.values.len() != columns {
                let pos = locate(c.source.text(), &row.aspect, 1);
                let mut d = Diagnostic::error(
                    "comparison-row",
                    &c.source.path,
                    format!(
                        "the row `{}` has {} values but there are {columns} subjects",
                        row.aspect,
                        row.values.len()
                    ),
                )
                .with_help("give one value per subject, in the order of `subjects`");
                if let Some(p) = pos {
                    d = d.at(c.source.text(), p);
                }
                out.push(d);
            }
        }
    }
}

/// Each entry's `code`; two entries with one code are an error.
fn register_codes(catalog: &mut Catalog, out: &mut Vec<Diagnostic>) {
    let mut codes: BTreeMap<String, String> = BTreeMap::new();
    for e in &catalog.entries {
        let Some(code) = &e.value.code else { continue };
        match codes.get(code) {
            Some(first) => out.push(
                at_key(
                    Diagnostic::error(
                        "duplicate-code",
                        &e.source.path,
                        format!("the code `{code}` is already the code of `{first}`"),
                    ),
                    &e.source,
                    "code",
                )
                .with_help("a code names one error; give each entry its own"),
            ),
            None => {
                codes.insert(code.clone(), e.id.clone());
            }
        }
    }
    catalog.codes = codes;
}

/// Each entry's problem `type`; two entries declaring one type are an error, since the type's URI
/// leads to one page. Entries for sub-scenarios of one problem send its type in their bodies, and
/// only the entry of the problem as a whole declares it.
fn register_problem_types(catalog: &mut Catalog, out: &mut Vec<Diagnostic>) {
    use crate::lint::registry::{DUPLICATE_PROBLEM_TYPE, INVALID_PROBLEM_TYPE};
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    for e in &catalog.entries {
        let Some(uri) = &e.value.problem_type else {
            continue;
        };
        let invalid = if uri == "about:blank" {
            Some(
                "`about:blank` means the problem has no type beyond its status (RFC 9457 §4.2.1): \
                 it is no entry's own type"
                    .to_owned(),
            )
        } else if !uri.contains(':') || uri.chars().any(char::is_whitespace) {
            Some(format!(
                "the problem type `{uri}` is not an absolute URI (RFC 9457 §3.1.1)"
            ))
        } else {
            None
        };
        let (lint, message, help) = if let Some(message) = invalid {
            (
                INVALID_PROBLEM_TYPE,
                message,
                "write the absolute URI the API sends as the problem's `type`, such as \
                 `https://api.example.com/problems/out-of-credit`, or leave `type:` out",
            )
        } else if let Some(first) = types.get(uri) {
            (
                DUPLICATE_PROBLEM_TYPE,
                format!("the problem type `{uri}` is already declared by `{first}`"),
                "declare a type in the one entry that documents the problem as a whole; entries \
                 for its sub-scenarios send it in their bodies without declaring it",
            )
        } else {
            types.insert(uri.clone(), e.id.clone());
            continue;
        };
        let mut d = Diagnostic::error(lint.code, &e.source.path, message).with_help(help);
        if let Some(p) = crate::lint::at_path(&e.source, &[crate::lint::locate::Seg::Key("type")]) {
            d = d.at(e.source.text(), p);
        }
        out.push(d);
    }
    catalog.problem_types = types;
}

/// Variant names are unique in their entry, and a sample side names one that exists.
fn check_variants(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for e in &catalog.entries {
        let mut seen = HashSet::new();
        for v in &e.value.variants {
            if !seen.insert(v.name.as_str()) {
                let mut d = Diagnostic::error(
                    "duplicate-variant",
                    &e.source.path,
                    format!("two variants are named `{}`", v.name),
                )
                .with_help("give each variant of an entry its own name");
                if let Some(p) = locate(e.source.text(), &v.name, 1) {
                    d = d.at(e.source.text(), p);
                }
                out.push(d);
            }
        }
        for pair in &e.value.samples {
            for side in [&pair.incorrect, &pair.correct] {
                let Some(name) = &side.variant else { continue };
                if !seen.contains(name.as_str()) {
                    let mut d = Diagnostic::error(
                        "unresolved-reference",
                        &e.source.path,
                        format!("`variant` names `{name}`, which is not a variant of this entry"),
                    );
                    if let Some(p) = locate(e.source.text(), &format!("variant: {name}"), 1) {
                        d = d.at(e.source.text(), p);
                    }
                    let known: Vec<&str> =
                        e.value.variants.iter().map(|v| v.name.as_str()).collect();
                    out.push(d.with_help(if known.is_empty() {
                        "add it under `variants:` with its response".to_owned()
                    } else {
                        format!("the variants are: {}", known.join(", "))
                    }));
                }
            }
        }
    }
}

/// References written as an entry's `code` become its id, so later stages see ids only. An item
/// is copied only when one of its references changes: `serve` shares the others with the files it
/// keeps parsed for the next rebuild.
fn canonical_references(catalog: &mut Catalog) {
    let codes = std::mem::take(&mut catalog.codes);
    let coded = |ids: &[String]| ids.iter().any(|id| codes.contains_key(id.as_str()));
    let canonical = |ids: &mut Vec<String>| {
        for id in ids {
            if let Some(target) = codes.get(id.as_str()) {
                id.clone_from(target);
            }
        }
    };
    for e in &mut catalog.entries {
        if coded(&e.value.related) {
            canonical(&mut Arc::make_mut(&mut e.value).related);
        }
    }
    for s in &mut catalog.statuses {
        if coded(&s.value.related) {
            canonical(&mut Arc::make_mut(&mut s.value).related);
        }
    }
    for g in &mut catalog.guides {
        if coded(&g.value.meta.related) {
            canonical(&mut Arc::make_mut(&mut g.value).meta.related);
        }
    }
    for c in &mut catalog.comparisons {
        if coded(&c.value.subjects) {
            canonical(&mut Arc::make_mut(&mut c.value).subjects);
        }
    }
    for t in &mut catalog.trees {
        let answers = || t.value.nodes.values().flat_map(|node| &node.answers);
        if !answers().any(|a| a.entry.as_ref().is_some_and(|id| codes.contains_key(id))) {
            continue;
        }
        for node in Arc::make_mut(&mut t.value).nodes.values_mut() {
            for answer in &mut node.answers {
                if let Some(target) = answer.entry.as_ref().and_then(|id| codes.get(id)) {
                    answer.entry = Some(target.clone());
                }
            }
        }
    }
    catalog.codes = codes;
}

fn unresolved(
    source: &Source,
    key: &str,
    id: &str,
    from_line: usize,
    links: &BTreeMap<String, Link>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        "unresolved-reference",
        &source.path,
        if key == "link" {
            format!("the link `@{id}` refers to an id that does not exist")
        } else {
            format!("`{key}` refers to `{id}`, which does not exist")
        },
    );
    if let Some(p) = locate(source.text(), id, from_line) {
        d = d.at(source.text(), p);
    }
    let best = links
        .keys()
        .map(|candidate| (strsim::damerau_levenshtein(id, candidate), candidate))
        .filter(|(distance, _)| *distance <= 3)
        .min();
    match best {
        Some((_, candidate)) => d.with_help(format!("did you mean `{candidate}`?")),
        None => d.with_help("an id names a file: `<status>/<slug>` for content/errors/<status>/<slug>.yaml, `status/<code>`, `compare/<slug>`, `trees/<slug>`, `guides/<slug>`; an entry's `code` names it too"),
    }
}

fn at_key(d: Diagnostic, source: &Source, key: &str) -> Diagnostic {
    match locate_key(source.text(), key) {
        Some(p) => d.at(source.text(), p),
        None => d,
    }
}

fn at_node(d: Diagnostic, source: &Source, node: &str) -> Diagnostic {
    match locate(
        source.text(),
        &format!("{node}:"),
        locate_key(source.text(), "nodes").map_or(1, |p| p.line),
    ) {
        Some(p) => d.at(source.text(), p),
        None => d,
    }
}

/// Decision trees: every answer leads somewhere that exists, every node is reachable, no cycles.
fn check_tree(tree: &Loaded<Tree>, catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let links = &catalog.links;
    let t = &tree.value;
    let src = &tree.source;
    let path = &src.path;
    // Lines are looked up only for a diagnostic.
    let nodes_line = || locate_key(src.text(), "nodes").map_or(1, |p| p.line);
    if !t.nodes.contains_key(&t.start) {
        out.push(at_key(
            Diagnostic::error(
                "tree-start",
                path,
                format!("the start node `{}` does not exist", t.start),
            ),
            src,
            "start",
        ));
    }
    for (id, node) in &t.nodes {
        if node.answers.is_empty() {
            out.push(at_node(
                Diagnostic::error(
                    "tree-dead-end",
                    path,
                    format!("the node `{id}` has no answers"),
                ),
                src,
                id,
            ));
        }
        let node_line = || {
            let from = nodes_line();
            locate(src.text(), &format!("{id}:"), from).map_or(from, |p| p.line)
        };
        for answer in &node.answers {
            match (&answer.next, &answer.entry) {
                (Some(next), None) if !t.nodes.contains_key(next) => {
                    let mut d = Diagnostic::error(
                        "tree-target",
                        path,
                        format!(
                            "the answer `{}` leads to the node `{next}`, which does not exist",
                            answer.label
                        ),
                    );
                    if let Some(p) = locate(src.text(), &format!("next: {next}"), node_line()) {
                        d = d.at(
                            src.text(),
                            Position {
                                column: p.column + 6,
                                ..p
                            },
                        );
                    }
                    out.push(d);
                }
                (None, Some(entry))
                    if catalog.link(entry).is_none() && !catalog.failed.contains(entry) =>
                {
                    out.push(unresolved(src, "entry", entry, node_line(), links));
                }
                (Some(_), Some(_)) | (None, None) => {
                    let mut d = Diagnostic::error(
                        "tree-answer",
                        path,
                        format!(
                            "the answer `{}` must lead to exactly one place: `next` (a node) or `entry` (a catalog item)",
                            answer.label
                        ),
                    );
                    if let Some(p) = locate(src.text(), &answer.label, node_line()) {
                        d = d.at(src.text(), p);
                    }
                    out.push(d);
                }
                _ => {}
            }
        }
    }
    check_tree_shape(tree, out);
}

fn check_tree_shape(tree: &Loaded<Tree>, out: &mut Vec<Diagnostic>) {
    let t = &tree.value;
    // Depth-first from the start: grey = on the current path (a cycle if met again), black = done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut stack: Vec<(&str, usize)> = Vec::new();
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    if t.nodes.contains_key(&t.start) {
        stack.push((t.start.as_str(), 0));
        state.insert(t.start.as_str(), 1);
    }
    while let Some((id, i)) = stack.pop() {
        let nexts: Vec<&str> = t.nodes[id]
            .answers
            .iter()
            .filter_map(|a| a.next.as_deref())
            .filter(|n| t.nodes.contains_key(*n))
            .collect();
        if let Some(next) = nexts.get(i) {
            stack.push((id, i + 1));
            match state.get(next) {
                None => {
                    state.insert(next, 1);
                    stack.push((next, 0));
                }
                Some(1) if reported.insert((id, next)) => out.push(at_node(
                    Diagnostic::error(
                        "tree-cycle",
                        &tree.source.path,
                        format!("the node `{id}` leads back to `{next}`, which forms a cycle"),
                    )
                    .with_help("a decision tree must always move towards an answer"),
                    &tree.source,
                    id,
                )),
                _ => {}
            }
        } else {
            state.insert(id, 2);
        }
    }
    for id in t.nodes.keys() {
        if !state.contains_key(id.as_str()) {
            out.push(at_node(
                Diagnostic::error(
                    "tree-unreachable",
                    &tree.source.path,
                    format!("no answer leads to the node `{id}`"),
                )
                .with_help(format!(
                    "link it from another node with `next: {id}`, or remove it"
                )),
                &tree.source,
                id,
            ));
        }
    }
}

/// Calls `f`, in parallel, with the Markdown texts of each file of the catalog (every item, then
/// the home page's introduction); returns what it gives in that order.
pub(crate) fn map_markdown<R: Send>(
    catalog: &Catalog,
    f: impl Fn(&Source, &[&str]) -> R + Sync,
) -> Vec<R> {
    let mut texts: Vec<(&Source, Vec<&str>)> = catalog
        .items()
        .into_iter()
        .map(|item| (item.source(), item.markdown()))
        .collect();
    texts.extend(
        catalog
            .home
            .iter()
            .map(|e| (&e.source, vec![e.value.body.as_str()])),
    );
    texts
        .into_par_iter()
        .map(|(source, texts)| f(source, &texts))
        .collect()
}

/// `[text](@id)` links in Markdown must name an existing id. Each file's links were found when it
/// was parsed ([`Loaded::links`]); the diagnostics keep the files' order.
fn check_markdown_links(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = catalog
        .items()
        .into_iter()
        .map(|item| (item.source(), item.links()));
    let home = catalog.home.iter().map(|h| (&h.source, h.links.as_slice()));
    for (source, links) in items.chain(home) {
        for id in links {
            if catalog.link(id).is_none() && !catalog.failed.contains(id) {
                out.push(unresolved(source, "link", id, 1, &catalog.links));
            }
        }
    }
}
