//! The search index, built from the catalog's structured data.
//!
//! We know every status, identifier, header and title, so the index weighs them by field instead of
//! guessing from rendered HTML: a status overview owns its number, identifiers (`invalid_token`,
//! `WWW-Authenticate`, an entry's `code`, a JSON Pointer) are indexed whole and by their parts,
//! wherever they appear; titles outrank summaries, shorter titles outrank longer ones (see
//! `TitleNorm`), summaries outrank prose. The index is split so a first query downloads little:
//! `search/meta.json` (shard list, filter values), term shards keyed by a term's first two
//! characters, document chunks with what a result shows, and one file per filter (`f-status.json`,
//! …) fetched only when the reader uses that filter. `static/search.js` holds the matching query
//! code; the tokenizer here and there must agree (see [`tokens`]). Owns no I/O: it returns pages for
//! `site` to write.

pub(crate) mod tokenize;

mod facets;
mod hint;

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::SerializeSeq;

use facets::Facets;
pub use hint::hint;
use tokenize::{Piece, for_each_piece, word_count};
pub use tokenize::{is_stopword, tokens};

use crate::catalog::Catalog;
use crate::catalog::Kind;
use crate::catalog::model::{Entry, HeaderValue, Response};
use crate::catalog::resolve::url_of;
use crate::markdown::{plain_text, searchable_text};
use crate::page::Page;

/// Documents per chunk file. A query shows up to 20 results from anywhere in the catalog and
/// fetches every chunk that holds one, so small chunks move fewer bytes: at 2,000 entries, chunks
/// of 50 made a first query move a third to a half of what chunks of 200 did.
const CHUNK: usize = 50;

/// Field weights: how much a match in each field counts.
mod weight {
    /// A status overview's own number: above any title, so `401` finds the overview first.
    pub(super) const OWN_STATUS: u32 = 24;
    /// A header field a status overview's response defines (`WWW-Authenticate` on 401): the
    /// overview is that header's home, even over an entry that names it in a short title.
    pub(super) const DEFINED_HEADER: u32 = TITLE_MAX;
    /// An entry's own `code` (`rate_limit_exceeded`), whole: it names that one entry, as a
    /// defined header names its overview. Its parts weigh as an identifier's.
    pub(super) const CODE: u32 = TITLE_MAX;
    /// A title of the catalog's average length; shorter ones weigh more, longer ones less, within
    /// `TITLE_MIN..=TITLE_MAX` (see `TitleNorm`).
    pub(super) const TITLE: u32 = 12;
    /// The least a title match weighs: the weight from which the client counts a match as one in
    /// the title (`TITLE` in `static/search.js`).
    pub(super) const TITLE_MIN: u32 = 10;
    /// The most a title match weighs.
    pub(super) const TITLE_MAX: u32 = 20;
    /// A guide section's heading, the section's title: a little below a page's title, and
    /// normalised by its length the same way.
    pub(super) const HEADING: u32 = 10;
    /// Identifiers: error codes, header names, schemes, tags, the id's slug, and any identifier
    /// (`Request-Id`, `items/0/quantity`) written in prose.
    pub(super) const IDENT: u32 = 8;
    /// The status of an entry, or a status a tree concerns.
    pub(super) const STATUS: u32 = 6;
    /// The summary.
    pub(super) const SUMMARY: u32 = 5;
    /// Everything else.
    pub(super) const BODY: u32 = 1;
    /// The most that repeated mentions add to a term's best weight.
    pub(super) const REPEAT_CAP: u32 = 3;
}

/// Field-length normalisation of titles, as BM25 does it. A word found once in a field of `L`
/// words, where the catalog's fields average `avgL`, weighs
///
/// ```text
/// w(L) = base · (k1 + 1) / (1 + k1 · (1 − b + b · L / avgL))      k1 = 1.2, b = 0.75
/// ```
///
/// (BM25's term-frequency factor at a frequency of one, with its usual constants). A title of
/// average length keeps `base`; a shorter one weighs more and a longer one less, so a query that
/// is most of a short title ("Rate limit exceeded") outranks a long title that merely contains its
/// words. The average is the catalog's own, so the ranking holds on catalogs of any style. The
/// weight is rounded and clamped to `TITLE_MIN..=TITLE_MAX`: any title match still counts as one
/// in the title, and a status overview's own number stays on top.
#[derive(Debug, Clone, Copy)]
struct TitleNorm {
    /// The average title length, in words ([`word_count`]).
    avg: f64,
}

impl TitleNorm {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;

    /// The average over every page title of the catalog.
    fn of(catalog: &Catalog) -> Self {
        let titles = catalog
            .statuses
            .iter()
            .map(|s| s.value.title.as_str())
            .chain(catalog.entries.iter().map(|e| e.value.title.as_str()))
            .chain(catalog.comparisons.iter().map(|c| c.value.title.as_str()))
            .chain(catalog.trees.iter().map(|t| t.value.title.as_str()))
            .chain(catalog.guides.iter().map(|g| g.value.meta.title.as_str()));
        let (n, words) = titles.fold((0_usize, 0_usize), |(n, w), t| (n + 1, w + word_count(t)));
        Self::with_average(if n == 0 { 1.0 } else { words as f64 / n as f64 })
    }

    fn with_average(avg: f64) -> Self {
        Self { avg: avg.max(1.0) }
    }

    /// The weight of a word of `title`, a field whose average-length weight is `base`.
    fn weight(self, base: u32, title: &str) -> u32 {
        let ratio = word_count(title) as f64 / self.avg;
        let norm = (Self::K1 + 1.0) / (1.0 + Self::K1 * (1.0 - Self::B + Self::B * ratio));
        let w = (f64::from(base) * norm).round();
        // Clamped first, so the cast below never truncates.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to a small positive range"
        )]
        let w = w.clamp(f64::from(weight::TITLE_MIN), f64::from(weight::TITLE_MAX)) as u32;
        w
    }
}

/// Entries tokenised at once when building the index.
const ENTRY_BATCH: usize = 1024;

/// One searchable document: a page, or a section of a guide.
#[derive(Debug, Clone)]
struct Doc {
    title: String,
    url: String,
    /// The status its result shows.
    status: Option<u16>,
    kind: &'static str,
    summary: String,
    /// Filter values: every status it concerns, schemes, tags, code.
    statuses: Vec<u16>,
    schemes: Vec<String>,
    tags: Vec<String>,
    code: Option<String>,
    /// Term → (best field weight, further mentions) in this document.
    terms: FastMap<String, (u32, u32)>,
}

impl Doc {
    /// A document whose title weighs `title_weight` ([`TitleNorm::weight`]).
    fn new(title: &str, url: String, kind: &'static str, summary: &str, title_weight: u32) -> Self {
        let mut doc = Self {
            title: title.to_owned(),
            url,
            status: None,
            kind,
            summary: summary.to_owned(),
            statuses: Vec::new(),
            schemes: Vec::new(),
            tags: Vec::new(),
            code: None,
            terms: FastMap::default(),
        };
        doc.add(title, title_weight);
        doc.add(summary, weight::SUMMARY);
        doc
    }

    /// Indexes every token of `text` at `weight`; an identifier kept whole weighs at least
    /// [`weight::IDENT`], wherever it is written: prose that names `Request-Id` or
    /// `/items/0/quantity` is where a reader who searches for it wants to land.
    fn add(&mut self, text: &str, weight: u32) {
        self.add_pieces(text, |piece| match piece {
            Piece::Whole => weight.max(weight::IDENT),
            Piece::Word | Piece::Part => weight,
        });
    }

    /// Indexes an entry's own code: whole at [`weight::CODE`], its parts as an identifier's.
    fn add_code(&mut self, code: &str) {
        self.add_pieces(code, |piece| match piece {
            Piece::Whole | Piece::Word => weight::CODE,
            Piece::Part => weight::IDENT,
        });
    }

    /// Indexes every token of `text` at the weight `weigh` gives its kind. A term keeps its best
    /// field's weight; each further mention, in any field, adds one, up to
    /// [`weight::REPEAT_CAP`].
    fn add_pieces(&mut self, text: &str, weigh: impl Fn(Piece) -> u32) {
        let terms = &mut self.terms;
        for_each_piece(text, |token, piece| {
            let weight = weigh(piece);
            match terms.get_mut(token) {
                Some((best, more)) => {
                    *best = (*best).max(weight);
                    *more = (*more + 1).min(weight::REPEAT_CAP);
                }
                None => {
                    terms.insert(token.to_owned(), (weight, 0));
                }
            }
        });
    }

    /// The weight stored in the index for `term`.
    #[cfg(test)]
    fn score(&self, term: &str) -> u32 {
        self.terms.get(term).map_or(0, |&counts| score(counts))
    }

    fn add_all<'a>(&mut self, texts: impl IntoIterator<Item = &'a String>, weight: u32) {
        for t in texts {
            self.add(t, weight);
        }
    }
}

/// The weight stored in the index for a term of a document: its best field's weight plus its
/// further mentions.
fn score((best, more): (u32, u32)) -> u32 {
    best + more
}

/// What the index keeps of a document once its terms are in the postings and its filter values
/// in the facets: what its result shows.
struct Row {
    title: String,
    url: String,
    status: Option<u16>,
    kind: &'static str,
    schemes: String,
    summary: String,
    code: Option<String>,
}

impl Serialize for Row {
    /// `[title, url, status, kind, schemes, summary]`, then the code when there is one.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(6 + usize::from(self.code.is_some())))?;
        seq.serialize_element(&self.title)?;
        seq.serialize_element(&self.url)?;
        seq.serialize_element(&self.status.unwrap_or(0))?;
        seq.serialize_element(self.kind)?;
        seq.serialize_element(&self.schemes)?;
        seq.serialize_element(&self.summary)?;
        if let Some(code) = &self.code {
            seq.serialize_element(code)?;
        }
        seq.end()
    }
}

/// A hash map with a fast, fixed-seed hasher. Every map here holds short terms and is either
/// looked up by key or sorted before anything is written, so neither `SipHash`'s resistance to
/// flooding nor a random seed buys anything, and iteration order never reaches the output.
type FastMap<K, V> = HashMap<K, V, FixedState>;

/// A term and its postings.
type TermPostings = (String, PostingList);

/// One term's postings, `(doc, weight)` pairs in ascending document order, packed as LEB128
/// varints: the distance from the previous document, then the weight. Most distances and weights
/// fit in a byte, so a pair takes two or three bytes where two `u32` take eight; at 100,000
/// entries the postings are most of the index's memory.
#[derive(Debug, Default)]
struct PostingList {
    bytes: Vec<u8>,
    /// The last document added; the next one is written as its distance from it.
    last: u32,
}

impl PostingList {
    /// Adds a document, which must come after every document already in the list.
    fn push(&mut self, doc: u32, weight: u32) {
        let gap = if self.bytes.is_empty() {
            doc
        } else {
            doc - self.last
        };
        self.last = doc;
        put_varint(&mut self.bytes, gap);
        put_varint(&mut self.bytes, weight);
    }

    /// The pairs, flat: `doc, weight, doc, weight, …`.
    fn flat(&self) -> impl Iterator<Item = u32> + '_ {
        let mut rest = self.bytes.as_slice();
        let mut doc = 0_u32;
        let mut second = false;
        std::iter::from_fn(move || {
            let n = take_varint(&mut rest)?;
            second = !second;
            Some(if second {
                doc += n;
                doc
            } else {
                n
            })
        })
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn take_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut n = 0_u32;
    let mut shift = 0;
    loop {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
}

/// Documents as they are added: their rows, and term → flat `[doc, weight, doc, weight, …]`. A
/// document's own term map is dropped once its terms are in here. Documents arrive in order and
/// hold each term once, so every list is already sorted by document; terms are sorted once, at the
/// end ([`Postings::into_sorted_terms`]), which is cheaper than keeping a sorted map of strings
/// up to date on every insert.
#[derive(Default)]
struct Postings {
    rows: Vec<Row>,
    terms: FastMap<String, PostingList>,
    facets: Facets,
}

impl Postings {
    fn push(&mut self, doc: Doc) {
        let i = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        self.facets.add(i, &doc);
        for (term, counts) in doc.terms {
            self.terms.entry(term).or_default().push(i, score(counts));
        }
        self.rows.push(Row {
            title: doc.title,
            url: doc.url,
            status: doc.status,
            kind: doc.kind,
            schemes: doc.schemes.join(" "),
            summary: doc.summary,
            code: doc.code,
        });
    }

    /// The rows, every term with its postings sorted by term, and the filters.
    fn into_sorted_terms(self) -> (Vec<Row>, Vec<TermPostings>, Facets) {
        let mut terms: Vec<TermPostings> = self.terms.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (self.rows, terms, self.facets)
    }
}

/// The terms of one shard, sorted, written as a JSON object of term → postings.
struct ShardTerms<'a>(&'a [TermPostings]);

impl Serialize for ShardTerms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(term, list)| (term, Flat(list))))
    }
}

/// A posting list written as a flat JSON array: `[doc, weight, doc, weight, …]`.
struct Flat<'a>(&'a PostingList);

impl Serialize for Flat<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.flat())
    }
}

/// Splits terms sorted by term into shards, in order of their keys: each shard's key and its
/// range of `terms`. A shard key is a prefix of the term, and cutting sorted strings to a prefix
/// keeps them sorted, so each shard's terms are one run and the runs come in key order.
fn shards(terms: &[TermPostings]) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some((first, _)) = terms.get(start) {
        let key = shard_prefix(first);
        let n = terms[start..]
            .iter()
            .position(|(term, _)| shard_prefix(term) != key)
            .unwrap_or(terms.len() - start);
        out.push((key.to_owned(), start..start + n));
        start += n;
    }
    out
}

fn add_response(doc: &mut Doc, response: &Response) {
    doc.add(&response.status.to_string(), weight::BODY);
    for (name, value) in &response.headers {
        doc.add(name, weight::IDENT);
        add_header_value(doc, value);
    }
    if let Some(body) = &response.body {
        add_json(doc, body);
    }
}

/// Challenge parameters such as `error="invalid_token"` are identifiers; the rest is prose.
fn add_header_value(doc: &mut Doc, value: &HeaderValue) {
    for v in value.values() {
        doc.add(v, weight::BODY);
        for part in v.split(',') {
            if let Some((key, val)) = part.split_once('=') {
                let key = key.trim().rsplit(' ').next().unwrap_or("");
                if matches!(key, "error" | "scope" | "realm") {
                    doc.add(val.trim().trim_matches('"'), weight::IDENT);
                }
            }
        }
    }
}

fn add_json(doc: &mut Doc, value: &serde_json::Value) {
    match value {
        serde_json::Value::String(s) => doc.add(s, weight::BODY),
        serde_json::Value::Array(items) => items.iter().for_each(|v| add_json(doc, v)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if matches!(k.as_str(), "error" | "code" | "type")
                    && let serde_json::Value::String(s) = v
                {
                    doc.add(s, weight::IDENT);
                }
                add_json(doc, v);
            }
        }
        _ => {}
    }
}

fn entry_doc(id: &str, e: &Entry, titles: TitleNorm) -> Doc {
    let mut doc = Doc::new(
        &e.title,
        url_of(id),
        Kind::Entry.name(),
        &plain_text(&e.summary),
        titles.weight(weight::TITLE, &e.title),
    );
    doc.status = Some(e.status);
    doc.statuses = vec![e.status];
    doc.schemes.clone_from(&e.schemes);
    doc.tags.clone_from(&e.tags);
    doc.add(&e.status.to_string(), weight::STATUS);
    if let Some(code) = &e.code {
        doc.add_code(code);
        doc.code = Some(code.clone());
    }
    doc.add_all(&e.schemes, weight::IDENT);
    doc.add_all(&e.tags, weight::IDENT);
    doc.add(id.rsplit('/').next().unwrap_or(""), weight::IDENT);
    for list in [&e.recognize, &e.causes, &e.fix] {
        for item in list {
            doc.add(&searchable_text(item), weight::BODY);
        }
    }
    if let Some(details) = &e.details {
        doc.add(&searchable_text(details), weight::BODY);
    }
    add_response(&mut doc, &e.response);
    for variant in &e.variants {
        doc.add(&variant.title, weight::BODY);
        if let Some(when) = &variant.when {
            doc.add(&searchable_text(when), weight::BODY);
        }
        add_response(&mut doc, &variant.response);
    }
    for pair in &e.samples {
        doc.add(&pair.title, weight::BODY);
        for side in [&pair.incorrect, &pair.correct] {
            for (name, value) in &side.request.headers {
                doc.add(name, weight::IDENT);
                add_header_value(&mut doc, value);
            }
            if let Some(r) = &side.response {
                add_response(&mut doc, r);
            }
            for text in [&side.note, &side.later].into_iter().flatten() {
                doc.add(&searchable_text(text), weight::BODY);
            }
        }
    }
    doc
}

fn documents(catalog: &Catalog, docs: &mut Postings) {
    let titles = TitleNorm::of(catalog);
    for s in &catalog.statuses {
        let v = &s.value;
        let mut doc = Doc::new(
            &v.title,
            url_of(&s.id),
            Kind::Status.name(),
            &plain_text(&v.summary),
            titles.weight(weight::TITLE, &v.title),
        );
        doc.status = Some(v.status);
        doc.statuses = vec![v.status];
        doc.add(&v.status.to_string(), weight::OWN_STATUS);
        doc.add(&searchable_text(&v.definition), weight::BODY);
        for r in &v.requirements {
            doc.add(&searchable_text(r), weight::BODY);
        }
        for section in &v.sections {
            doc.add(&section.title, weight::SUMMARY);
            doc.add(&searchable_text(&section.body), weight::BODY);
        }
        if let Some(r) = &v.response {
            add_response(&mut doc, r);
            for name in r.headers.keys() {
                doc.add(name, weight::DEFINED_HEADER);
            }
        }
        docs.push(doc);
    }
    // Entries are most of the catalog: tokenise them on every thread, keeping their order, a batch
    // at a time so only one batch's term maps are held at once.
    for batch in catalog.entries.chunks(ENTRY_BATCH) {
        let batch: Vec<Doc> = batch
            .par_iter()
            .map(|e| entry_doc(&e.id, &e.value, titles))
            .collect();
        batch.into_iter().for_each(|d| docs.push(d));
    }
    for c in &catalog.comparisons {
        let v = &c.value;
        let mut doc = Doc::new(
            &v.title,
            url_of(&c.id),
            Kind::Comparison.name(),
            &plain_text(&v.summary),
            titles.weight(weight::TITLE, &v.title),
        );
        for row in &v.rows {
            doc.add(&searchable_text(&row.aspect), weight::BODY);
            for cell in &row.values {
                doc.add(&searchable_text(cell), weight::BODY);
            }
        }
        docs.push(doc);
    }
    for t in &catalog.trees {
        let v = &t.value;
        let mut doc = Doc::new(
            &v.title,
            url_of(&t.id),
            Kind::Tree.name(),
            &plain_text(&v.summary),
            titles.weight(weight::TITLE, &v.title),
        );
        // A tree concerns every status it names or leads to: each one finds it, and filters to it.
        doc.statuses = catalog.tree_statuses(t);
        doc.status = doc.statuses.first().copied();
        for status in &doc.statuses.clone() {
            doc.add(&status.to_string(), weight::STATUS);
        }
        for node in v.nodes.values() {
            doc.add(&searchable_text(&node.question), weight::BODY);
        }
        docs.push(doc);
    }
    for g in &catalog.guides {
        let meta = &g.value.meta;
        for doc in guide_docs(
            &url_of(&g.id),
            &meta.title,
            &plain_text(&meta.summary),
            &g.value.body,
            titles,
        ) {
            docs.push(doc);
        }
    }
}

/// A guide is one document for its introduction and one per `##` section, linked by anchor, so a
/// search for a topic lands on the section that covers it.
fn guide_docs(url: &str, title: &str, summary: &str, body: &str, titles: TitleNorm) -> Vec<Doc> {
    // The page's own heading ids, so every section link lands on its anchor.
    let ids: Vec<String> = crate::markdown::headings(body)
        .into_iter()
        .filter(|h| h.level == 2)
        .map(|h| h.id)
        .collect();
    let mut ids = ids.into_iter();
    let mut docs = vec![Doc::new(
        title,
        url.to_owned(),
        Kind::Guide.name(),
        summary,
        titles.weight(weight::TITLE, title),
    )];
    let mut in_code = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let heading = if in_code {
            None
        } else {
            line.strip_prefix("## ")
        };
        if let (Some(heading), Some(anchor)) = (heading, heading.and_then(|_| ids.next())) {
            let heading = plain_text(heading.trim());
            let mut doc = Doc::new("", format!("{url}#{anchor}"), Kind::Guide.name(), "", 0);
            doc.title = format!("{title} › {heading}");
            doc.summary = summary.to_owned();
            doc.add(&heading, titles.weight(weight::HEADING, &heading));
            doc.add(title, weight::BODY);
            docs.push(doc);
        } else if let Some(doc) = docs.last_mut() {
            doc.add(line, weight::BODY);
        }
    }
    docs
}

/// `search/meta.json`: what the client needs before it fetches anything else.
#[derive(Serialize)]
struct Meta {
    /// Format version.
    v: u32,
    /// Content hash, appended to shard URLs so caches never serve a stale shard.
    h: String,
    /// Number of documents.
    n: usize,
    /// Documents per chunk.
    chunk: usize,
    /// Shard keys that exist.
    shards: Vec<String>,
    /// The filters the catalog has, each with its values; `search/f-<key>.json` lists the
    /// documents of each value.
    facets: Vec<facets::FacetMeta>,
}

/// The first two characters of a term: the shard that holds it.
#[must_use]
pub fn shard_key(term: &str) -> String {
    shard_prefix(term).to_owned()
}

/// [`shard_key`] as a slice of `term`.
fn shard_prefix(term: &str) -> &str {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    &term[..end]
}

/// Builds the search index files (`search/…`) for the catalog.
#[must_use]
pub fn build_index(catalog: &Catalog) -> Vec<Page> {
    let mut pages = Vec::new();
    build_index_into(catalog, &mut |page| pages.push(page));
    pages
}

/// Builds the search index files for the catalog and hands each to `emit` as soon as it is made,
/// `search/meta.json` last: a large catalog's index never sits in memory whole.
pub fn build_index_into(catalog: &Catalog, emit: &mut dyn FnMut(Page)) {
    let mut index = Postings::default();
    documents(catalog, &mut index);
    let (docs, terms, facets) = index.into_sorted_terms();
    let shards = shards(&terms);
    let mut terms = terms;
    let mut hash = crate::page::Fnv::default();
    // The meta file names a hash of every other file, so a browser never mixes two versions.
    let mut put = |page: Page| {
        hash.update(&page.bytes);
        emit(page);
    };
    for (key, range) in &shards {
        let bytes = serde_json::to_vec(&ShardTerms(&terms[range.clone()])).unwrap_or_default();
        // Each shard's postings are freed once written out: the whole index is never held twice,
        // as lists and as text.
        terms[range.clone()].fill_with(Default::default);
        put(Page {
            path: format!("search/t-{}.json", file_key(key)),
            bytes,
        });
    }
    drop(terms);
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        put(Page {
            path: format!("search/d-{n}.json"),
            bytes: serde_json::to_vec(chunk).unwrap_or_default(),
        });
    }
    let facets = facets.finish();
    for facet in &facets {
        put(Page {
            path: format!("search/f-{}.json", facet.key),
            bytes: facet.documents_json(),
        });
    }
    let hash = hash.hex()[..10].to_owned();
    let meta = Meta {
        v: 2,
        h: hash,
        n: docs.len(),
        chunk: CHUNK,
        shards: shards.iter().map(|(k, _)| file_key(k)).collect(),
        facets: facets.iter().map(facets::Facet::meta).collect(),
    };
    emit(Page {
        path: "search/meta.json".to_owned(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
}

/// A shard key as a file name: lower-case ASCII letters and digits stay, anything else is hex.
#[must_use]
pub fn file_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c.to_string()
            } else {
                format!("_{:x}", u32::from(c))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
