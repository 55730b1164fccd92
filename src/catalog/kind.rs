//! The kinds of content, and one item of any kind.
//!
//! Every place that treats the kinds one by one (where files live, which schema describes them,
//! which template renders them, what the search index and the lints read of them) matches on
//! [`Kind`] or [`Item`] without a wildcard: a new kind is added by adding a variant here and following
//! the compiler's errors.

use super::load::{Guide, Loaded, Source};
use super::model::{Comparison, Entry, Reference, StatusPage, Tree};
use super::resolve::Catalog;

/// A kind of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An error entry (a sub-scenario): `content/errors/<status>/<slug>.yaml`.
    Entry,
    /// A status overview: `content/status/<code>.yaml`.
    Status,
    /// A comparison table: `content/compare/<slug>.yaml`.
    Comparison,
    /// A decision tree: `content/trees/<slug>.yaml`.
    Tree,
    /// A guide: `content/guides/<slug>.md`.
    Guide,
}

impl Kind {
    /// Every kind, in the order listings and the catalog's files put them.
    pub const ALL: [Self; 5] = [
        Self::Entry,
        Self::Status,
        Self::Comparison,
        Self::Tree,
        Self::Guide,
    ];

    /// The kind's name, as `catalog.json`, the search index and pages call it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Entry => "entry",
            Self::Status => "status",
            Self::Comparison => "comparison",
            Self::Tree => "tree",
            Self::Guide => "guide",
        }
    }

    /// The folder under `content/` that holds files of this kind.
    #[must_use]
    pub fn folder(self) -> &'static str {
        match self {
            Self::Entry => "errors",
            Self::Status => "status",
            Self::Comparison => "compare",
            Self::Tree => "trees",
            Self::Guide => "guides",
        }
    }

    /// The template that renders an item of this kind.
    #[must_use]
    pub fn template(self) -> &'static str {
        match self {
            Self::Entry => "entry.html",
            Self::Status => "status.html",
            Self::Comparison => "compare.html",
            Self::Tree => "tree.html",
            Self::Guide => "guide.html",
        }
    }
}

/// One item of the catalog, of any kind.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// An error entry.
    Entry(&'a Loaded<Entry>),
    /// A status overview.
    Status(&'a Loaded<StatusPage>),
    /// A comparison.
    Comparison(&'a Loaded<Comparison>),
    /// A decision tree.
    Tree(&'a Loaded<Tree>),
    /// A guide.
    Guide(&'a Loaded<Guide>),
}

impl<'a> Item<'a> {
    /// Its kind.
    #[must_use]
    pub fn kind(self) -> Kind {
        match self {
            Self::Entry(_) => Kind::Entry,
            Self::Status(_) => Kind::Status,
            Self::Comparison(_) => Kind::Comparison,
            Self::Tree(_) => Kind::Tree,
            Self::Guide(_) => Kind::Guide,
        }
    }

    /// Its id (`401/expired-token`, `status/401`, `compare/401-vs-403`, …).
    #[must_use]
    pub fn id(self) -> &'a str {
        match self {
            Self::Entry(x) => &x.id,
            Self::Status(x) => &x.id,
            Self::Comparison(x) => &x.id,
            Self::Tree(x) => &x.id,
            Self::Guide(x) => &x.id,
        }
    }

    /// The file it came from.
    #[must_use]
    pub fn source(self) -> &'a Source {
        match self {
            Self::Entry(x) => &x.source,
            Self::Status(x) => &x.source,
            Self::Comparison(x) => &x.source,
            Self::Tree(x) => &x.source,
            Self::Guide(x) => &x.source,
        }
    }

    /// The ids its Markdown links to, found when it was parsed.
    #[must_use]
    pub fn links(self) -> &'a [String] {
        match self {
            Self::Entry(x) => &x.links,
            Self::Status(x) => &x.links,
            Self::Comparison(x) => &x.links,
            Self::Tree(x) => &x.links,
            Self::Guide(x) => &x.links,
        }
    }

    /// Its title.
    #[must_use]
    pub fn title(self) -> &'a str {
        match self {
            Self::Entry(x) => &x.value.title,
            Self::Status(x) => &x.value.title,
            Self::Comparison(x) => &x.value.title,
            Self::Tree(x) => &x.value.title,
            Self::Guide(x) => &x.value.meta.title,
        }
    }

    /// Its one-line summary (Markdown).
    #[must_use]
    pub fn summary(self) -> &'a str {
        match self {
            Self::Entry(x) => &x.value.summary,
            Self::Status(x) => &x.value.summary,
            Self::Comparison(x) => &x.value.summary,
            Self::Tree(x) => &x.value.summary,
            Self::Guide(x) => &x.value.meta.summary,
        }
    }

    /// The status code it belongs to, for entries and status overviews.
    #[must_use]
    pub fn status(self) -> Option<u16> {
        match self {
            Self::Entry(x) => Some(x.value.status),
            Self::Status(x) => Some(x.value.status),
            Self::Comparison(_) | Self::Tree(_) | Self::Guide(_) => None,
        }
    }

    /// Its external references.
    #[must_use]
    pub fn references(self) -> &'a [Reference] {
        match self {
            Self::Entry(x) => &x.value.references,
            Self::Status(x) => &x.value.references,
            Self::Comparison(x) => &x.value.references,
            Self::Tree(_) | Self::Guide(_) => &[],
        }
    }

    /// Every Markdown text it holds.
    #[must_use]
    pub fn markdown(self) -> Vec<&'a str> {
        match self {
            Self::Entry(x) => {
                let e = &x.value;
                let mut out = vec![e.summary.as_str()];
                out.extend(e.details.as_deref());
                for list in [&e.recognize, &e.causes, &e.fix] {
                    out.extend(list.iter().map(String::as_str));
                }
                for pair in &e.samples {
                    out.extend(pair.description.as_deref());
                    out.extend(pair.incorrect.note.as_deref());
                    out.extend(pair.correct.note.as_deref());
                }
                out
            }
            Self::Status(x) => {
                let s = &x.value;
                let mut out = vec![s.summary.as_str(), s.definition.as_str()];
                out.extend(s.requirements.iter().map(String::as_str));
                out.extend(s.sections.iter().map(|x| x.body.as_str()));
                out
            }
            Self::Comparison(x) => {
                let c = &x.value;
                let mut out = vec![c.summary.as_str()];
                out.extend(c.intro.as_deref());
                for row in &c.rows {
                    out.push(row.aspect.as_str());
                    out.extend(row.values.iter().map(String::as_str));
                }
                out.extend(c.sections.iter().map(|x| x.body.as_str()));
                out
            }
            Self::Tree(x) => {
                let t = &x.value;
                let mut out = vec![t.summary.as_str()];
                for node in t.nodes.values() {
                    out.push(node.question.as_str());
                    out.extend(node.help.as_deref());
                }
                out
            }
            Self::Guide(x) => vec![x.value.meta.summary.as_str(), x.value.body.as_str()],
        }
    }
}

impl Catalog {
    /// The items of one kind, in catalog order.
    #[must_use]
    pub fn items_of(&self, kind: Kind) -> Vec<Item<'_>> {
        match kind {
            Kind::Entry => self.entries.iter().map(Item::Entry).collect(),
            Kind::Status => self.statuses.iter().map(Item::Status).collect(),
            Kind::Comparison => self.comparisons.iter().map(Item::Comparison).collect(),
            Kind::Tree => self.trees.iter().map(Item::Tree).collect(),
            Kind::Guide => self.guides.iter().map(Item::Guide).collect(),
        }
    }

    /// Every item, kind by kind in the order of [`Kind::ALL`].
    #[must_use]
    pub fn items(&self) -> Vec<Item<'_>> {
        Kind::ALL.iter().flat_map(|k| self.items_of(*k)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    /// The position of a kind in [`Kind::ALL`], by a match the compiler holds complete.
    fn position(kind: Kind) -> usize {
        match kind {
            Kind::Entry => 0,
            Kind::Status => 1,
            Kind::Comparison => 2,
            Kind::Tree => 3,
            Kind::Guide => 4,
        }
    }

    #[test]
    fn all_lists_every_kind_once() {
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(position(*kind), i);
        }
    }
}
