//! Typed template contexts: what each page template sees.
//!
//! Every field holding HTML is already safe (escaped or sanitised) and is printed with `| safe`;
//! every other string is escaped by Tera.

use serde::Serialize;

use super::markdown::Heading;
use super::sample::ResponseView;

/// Site-wide values every page gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// The base path, starting and ending with `/`.
    pub base: String,
    /// Href of the fingerprinted stylesheet.
    pub css: String,
    /// Href of the fingerprinted script.
    pub js: String,
    /// Every fingerprinted top-level CSS and JS file: original name → href.
    pub assets: std::collections::BTreeMap<String, String>,
    /// The status overviews, for navigation.
    pub statuses: Vec<LinkView>,
    /// Href of the guides index.
    pub guides_url: String,
    /// The crate version, for the footer.
    pub version: &'static str,
    /// The search box's hint: set in `errdocs.toml` or made from the catalog.
    pub search_hint: String,
    /// The header navigation as `nav.html` renders it, by the URL of the page it marks as current
    /// (the empty URL: none). Pages get theirs as `page.nav`.
    #[serde(skip)]
    pub navs: std::collections::HashMap<String, String>,
    /// This view as a template value, made once: each page's context takes a copy, which is
    /// quicker than serialising the view again for every page.
    #[serde(skip)]
    pub value: serde_json::Value,
}

impl SiteView {
    /// The URLs a navigation can mark as current: each status page and the guides index.
    pub(super) fn nav_urls(&self) -> impl Iterator<Item = &str> {
        self.statuses
            .iter()
            .map(|s| s.url.as_str())
            .chain([self.guides_url.as_str()])
    }

    /// The navigation for the page at `url`.
    pub(super) fn nav_for(&self, url: &str) -> &str {
        self.navs
            .get(url)
            .or_else(|| self.navs.get(""))
            .map_or("", String::as_str)
    }
}

/// Per-page values every page gets as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `<title>` text.
    pub title: String,
    /// Meta description (plain text).
    pub description: String,
    /// The page's own href (site path).
    pub url: String,
    /// The page's kind (`home`, `entry`, …), used as a body class.
    pub kind: &'static str,
    /// Breadcrumb links above the title.
    pub crumbs: Vec<LinkView>,
    /// The header navigation (HTML, print with `| safe`). It is rendered by `nav.html` once for
    /// every page it marks as current and once for all others, not once per page: the navigation
    /// loop was a fifth of the template work of a page.
    pub nav: String,
    /// The href of the page's Markdown version (its URL with `index.html.md`), empty for a page
    /// that has none.
    pub markdown: String,
}

/// A link with an optional one-line summary.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Href.
    pub url: String,
    /// Summary HTML (may be empty).
    pub summary: String,
    /// Status code, when the target has one.
    pub status: Option<u16>,
    /// The link as an item of a link list (HTML), as `link.html` renders it: once per item of the
    /// catalog, not once per page that lists it (an entry page lists about twenty, the home page
    /// every entry). Empty on links made for one page, such as breadcrumbs.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub html: String,
}

/// An external reference.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// Link text.
    pub title: String,
    /// URL.
    pub url: String,
}

/// A titled HTML section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Heading text.
    pub title: String,
    /// Anchor id.
    pub id: String,
    /// Body HTML.
    pub html: String,
}

/// One side of a sample pair.
#[derive(Debug, Clone, Serialize)]
pub struct SideView {
    /// `incorrect` or `correct`.
    pub verdict: &'static str,
    /// The request in every chosen language: the tabbed sample block. Templates get a marker that
    /// the block replaces after rendering; print it with `| safe`.
    pub sample: String,
    /// The response it gets.
    pub response: Option<ResponseView>,
    /// Whether `response` is the entry's own, shown in full above the samples: the default theme
    /// then names it and links to it instead of repeating it.
    pub response_above: bool,
    /// When the same request is sent again (the fix is timing), HTML; empty otherwise.
    pub later: String,
    /// What must hold outside the request for this answer, HTML; empty otherwise.
    pub given: String,
    /// The variant whose response this side gets: its name and title.
    pub variant: Option<VariantRef>,
    /// Note HTML.
    pub note: String,
}

/// A variant a sample side is answered with.
#[derive(Debug, Clone, Serialize)]
pub struct VariantRef {
    /// Anchor id of the variant on the page.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// A further documented response of an entry.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// Anchor id.
    pub id: String,
    /// Title.
    pub title: String,
    /// When the API sends it, HTML.
    pub when: String,
    /// The response.
    pub response: ResponseView,
}

/// A sample pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairView {
    /// Title text.
    pub title: String,
    /// Anchor id.
    pub id: String,
    /// Description HTML.
    pub description: String,
    /// The failing request.
    pub incorrect: SideView,
    /// The working request.
    pub correct: SideView,
}

/// An error entry page.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// Catalog id.
    pub id: String,
    /// Status code.
    pub status: u16,
    /// The status overview.
    pub parent: LinkView,
    /// Title.
    pub title: String,
    /// The machine code the API sends for it, if documented.
    pub code: Option<String>,
    /// Summary HTML.
    pub summary: String,
    /// Details HTML.
    pub details: String,
    /// Schemes.
    pub schemes: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// "How to recognise it" items, HTML.
    pub recognize: Vec<String>,
    /// Causes, HTML.
    pub causes: Vec<String>,
    /// The documented response.
    pub response: ResponseView,
    /// Further documented responses.
    pub variants: Vec<VariantView>,
    /// Sample pairs.
    pub pairs: Vec<PairView>,
    /// Fix steps, HTML.
    pub fix: Vec<String>,
    /// Related items.
    pub related: Vec<LinkView>,
    /// References.
    pub references: Vec<ReferenceView>,
    /// Sibling entries of the same status: all of them, or the nearest ones when there are many.
    pub siblings: Vec<LinkView>,
    /// How many other entries the status has (the overview lists them all).
    pub siblings_total: usize,
}

/// A status overview page.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// Status code.
    pub status: u16,
    /// Title.
    pub title: String,
    /// Summary HTML.
    pub summary: String,
    /// Definition HTML.
    pub definition: String,
    /// Requirements, HTML.
    pub requirements: Vec<String>,
    /// A typical response.
    pub response: Option<ResponseView>,
    /// Sections.
    pub sections: Vec<SectionView>,
    /// The sub-scenarios.
    pub entries: Vec<LinkView>,
    /// Comparisons that include this status.
    pub comparisons: Vec<LinkView>,
    /// Trees that diagnose it.
    pub trees: Vec<LinkView>,
    /// Related items.
    pub related: Vec<LinkView>,
    /// References.
    pub references: Vec<ReferenceView>,
}

/// A comparison row.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// Aspect HTML.
    pub aspect: String,
    /// One HTML cell per subject.
    pub cells: Vec<String>,
}

/// A comparison page.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// Title.
    pub title: String,
    /// Summary HTML.
    pub summary: String,
    /// Intro HTML.
    pub intro: String,
    /// Column heads.
    pub subjects: Vec<LinkView>,
    /// Rows.
    pub rows: Vec<RowView>,
    /// Sections.
    pub sections: Vec<SectionView>,
    /// References.
    pub references: Vec<ReferenceView>,
}

/// An answer in a tree.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    /// Answer text.
    pub label: String,
    /// Href: `#node-…` or an entry page.
    pub url: String,
    /// Title of the target (question or entry).
    pub target: String,
    /// Whether the answer ends at a catalog item.
    pub is_entry: bool,
}

/// A question in a tree.
#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    /// Node id (anchor is `node-<id>`).
    pub id: String,
    /// The question, HTML (inline Markdown).
    pub question: String,
    /// Help HTML.
    pub help: String,
    /// Answers.
    pub answers: Vec<AnswerView>,
    /// Whether this is the start node.
    pub start: bool,
}

/// A decision tree page.
#[derive(Debug, Clone, Serialize)]
pub struct TreeView {
    /// Title.
    pub title: String,
    /// Summary HTML.
    pub summary: String,
    /// Nodes, start first.
    pub nodes: Vec<NodeView>,
    /// The diagram (SVG markup).
    pub svg: String,
}

/// A guide page.
#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    /// Title.
    pub title: String,
    /// Summary HTML.
    pub summary: String,
    /// Body HTML.
    pub html: String,
    /// Table of contents.
    pub toc: Vec<Heading>,
    /// Related items.
    pub related: Vec<LinkView>,
}

/// A status group on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The status overview.
    pub status: LinkView,
    /// Its entries.
    pub entries: Vec<LinkView>,
}

/// The home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Introduction HTML.
    pub intro: String,
    /// Entries grouped by status.
    pub groups: Vec<GroupView>,
    /// Comparisons.
    pub comparisons: Vec<LinkView>,
    /// Decision trees.
    pub trees: Vec<LinkView>,
    /// Guides.
    pub guides: Vec<LinkView>,
    /// Number of entries.
    pub entry_count: usize,
}
