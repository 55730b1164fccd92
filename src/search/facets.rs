//! The search filters: which documents carry each status, scheme, tag and code.
//!
//! A filter is offered only when the catalog has it and it can narrow the entries (two values or
//! more, or one that some entries lack), so a catalog without tags shows no tag filter. The
//! documents of each value go in `search/f-<key>.json`, which the client fetches only when the
//! reader uses that filter: a first query never downloads them. Statuses and schemes are few and
//! shown as buttons, so `search/meta.json` lists their values; tags and codes may be thousands (a
//! code per entry), so their values stay in their file too, and `meta.json` names only the filter.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Doc;
use crate::catalog::Kind;

/// What `search/meta.json` says of one filter.
#[derive(Debug, Serialize)]
pub(super) struct FacetMeta {
    /// Its key: `status`, `scheme`, `tag` or `code`.
    k: &'static str,
    /// Its values, in the order of its file's lists, for a filter shown as buttons; absent for a
    /// filter whose values are only in its file.
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<Vec<String>>,
}

/// A filter's file: its values and, per value, its documents as gaps.
#[derive(Serialize)]
struct FacetFile<'a> {
    v: &'a [String],
    d: Vec<Vec<u32>>,
}

/// The documents that carry one value, and how many of them are entries.
#[derive(Debug, Default)]
struct Members {
    docs: Vec<u32>,
    entries: u32,
}

/// Value → its documents, for one filter.
type Values<K> = BTreeMap<K, Members>;

/// Every filter's values and documents, gathered as documents are added in order.
#[derive(Debug, Default)]
pub(super) struct Facets {
    entries: u32,
    status: Values<u16>,
    scheme: Values<String>,
    tag: Values<String>,
    code: Values<String>,
}

impl Facets {
    /// Records the filter values of document `i`; documents come in ascending order.
    pub(super) fn add(&mut self, i: u32, doc: &Doc) {
        let entry = doc.kind == Kind::Entry.name();
        self.entries += u32::from(entry);
        for status in &doc.statuses {
            join(&mut self.status, *status, i, entry);
        }
        for scheme in &doc.schemes {
            join(&mut self.scheme, scheme.clone(), i, entry);
        }
        for tag in &doc.tags {
            join(&mut self.tag, tag.clone(), i, entry);
        }
        if let Some(code) = &doc.code {
            join(&mut self.code, code.clone(), i, entry);
        }
    }

    /// The filters worth offering, in the order the search box shows them.
    pub(super) fn finish(self) -> Vec<Facet> {
        let entries = self.entries;
        let status = self
            .status
            .into_iter()
            .map(|(k, m)| (k.to_string(), m))
            .collect();
        [
            ("status", true, status),
            ("scheme", true, self.scheme),
            ("tag", false, self.tag),
            ("code", false, self.code),
        ]
        .into_iter()
        .filter(|(_, _, values)| narrows(values, entries))
        .map(|(key, inline, values)| {
            let (values, docs) = values.into_iter().map(|(v, m)| (v, m.docs)).unzip();
            Facet {
                key,
                inline,
                values,
                docs,
            }
        })
        .collect()
    }
}

fn join<K: Ord>(values: &mut Values<K>, value: K, doc: u32, entry: bool) {
    let members = values.entry(value).or_default();
    if members.docs.last() != Some(&doc) {
        members.docs.push(doc);
        members.entries += u32::from(entry);
    }
}

/// Whether a filter with these values can narrow a catalog of `entries` entries.
fn narrows<K>(values: &Values<K>, entries: u32) -> bool {
    values.len() >= 2
        || values
            .values()
            .any(|m| m.entries > 0 && m.entries < entries)
}

/// One filter offered: its values and the documents of each.
#[derive(Debug)]
pub(super) struct Facet {
    /// Its key, also its file's name: `search/f-<key>.json`.
    pub(super) key: &'static str,
    /// Whether `meta.json` lists its values.
    inline: bool,
    values: Vec<String>,
    /// Per value, its documents in ascending order.
    docs: Vec<Vec<u32>>,
}

impl Facet {
    /// What `search/meta.json` says of it.
    pub(super) fn meta(&self) -> FacetMeta {
        FacetMeta {
            k: self.key,
            v: self.inline.then(|| self.values.clone()),
        }
    }

    /// Its file: its values, and per value its documents as gaps (the first document, then the
    /// distance from the one before), which keeps the numbers short in a catalog of thousands of
    /// entries.
    pub(super) fn documents_json(&self) -> Vec<u8> {
        let d = self
            .docs
            .iter()
            .map(|docs| {
                let mut last = 0;
                docs.iter()
                    .enumerate()
                    .map(|(i, &d)| {
                        let gap = if i == 0 { d } else { d - last };
                        last = d;
                        gap
                    })
                    .collect()
            })
            .collect();
        serde_json::to_vec(&FacetFile { v: &self.values, d }).unwrap_or_default()
    }
}
