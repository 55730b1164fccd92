//! From the catalog to typed page views and the data files (catalog.json, sitemap.xml, _headers).

use crate::exchange::{Side, side_key};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::context::{
    AnswerView, ComparisonView, EntryView, GroupView, GuideView, HomeView, LinkView, NodeView,
    PageMeta, PairView, ReferenceView, RowView, SectionView, SideView, SiteView, StatusView,
    TreeView, VariantRef, VariantView,
};
use super::markdown::{LinkResolver, render, render_inline};
use super::sample::{ResponseView, pair_html, response_view};
use super::twin::TWIN_INDEX;
use super::{Job, Page, RenderOptions, make_job, tree_svg};
use crate::catalog::load::{Guide, Loaded};
use crate::catalog::model::{
    Comparison, Entry, Reference, Response, SamplePair, Section, StatusPage, Tree, Variant,
};
use crate::catalog::{Catalog, Kind, resolve::url_of};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::{plain_text, slugify};

/// Turns ids into hrefs under the base path, and holds every item's link (title, URL, rendered
/// summary) so a page that lists thousands of items renders no Markdown and scans no list.
pub(super) struct Links<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) base: &'a str,
    table: HashMap<&'a str, LinkView>,
    /// The entries of each status: a range of `catalog.entries` (sorted by status, then id).
    by_status: HashMap<u16, Range<usize>>,
}

impl<'a> Links<'a> {
    /// Renders every item's summary, and its link as a list item with `item_html`, once, in
    /// parallel.
    ///
    /// # Errors
    /// What `item_html` reports, for the first link it fails on.
    pub(super) fn new(
        catalog: &'a Catalog,
        base: &'a str,
        item_html: &(dyn Fn(&LinkView) -> Result<String, Box<Diagnostic>> + Sync),
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut links = Self {
            catalog,
            base,
            table: HashMap::new(),
            by_status: HashMap::new(),
        };
        let items: Vec<(&str, &str, Option<u16>)> = catalog
            .items()
            .into_iter()
            .map(|item| (item.id(), item.summary(), item.status()))
            .collect();
        let table = items
            .par_iter()
            .map(|&(id, summary, status)| {
                let link = catalog.link(id);
                let mut view = LinkView {
                    title: link.map_or_else(|| id.to_owned(), |l| l.title.clone()),
                    url: links.href(id).unwrap_or_default(),
                    summary: links.inline(summary),
                    status,
                    html: String::new(),
                };
                view.html = item_html(&view)?;
                Ok((id, view))
            })
            .collect::<Result<_, Box<Diagnostic>>>()
            .map_err(|d| vec![*d])?;
        links.table = table;
        let mut start = 0;
        for (i, e) in catalog.entries.iter().enumerate() {
            if catalog.entries.get(i + 1).map(|n| n.value.status) != Some(e.value.status) {
                links.by_status.insert(e.value.status, start..i + 1);
                start = i + 1;
            }
        }
        Ok(links)
    }

    /// The entries of `status`, in catalog order.
    fn entries_of(&self, status: u16) -> &'a [Loaded<Entry>] {
        self.by_status
            .get(&status)
            .map_or(&[], |r| &self.catalog.entries[r.clone()])
    }
}

impl LinkResolver for Links<'_> {
    fn href(&self, id: &str) -> Option<String> {
        self.catalog
            .link(id)
            .map(|l| format!("{}{}", self.base, l.url))
    }
}

impl tree_svg::Targets for Links<'_> {
    fn target(&self, id: &str) -> (String, String) {
        let title = self
            .catalog
            .link(id)
            .map_or_else(|| id.to_owned(), |l| l.title.clone());
        (title, self.href(id).unwrap_or_default())
    }
}

impl Links<'_> {
    fn inline(&self, md: &str) -> String {
        render_inline(md, self)
    }

    fn block(&self, md: &str) -> String {
        render(md, self).html
    }

    fn blocks(&self, items: &[String]) -> Vec<String> {
        items.iter().map(|i| self.inline(i)).collect()
    }

    /// The link of item `id`. Every id a page links to is in the table (resolving the catalog
    /// rejects any other); one that is not would be left out of link lists.
    fn link(&self, id: &str) -> LinkView {
        self.table.get(id).cloned().unwrap_or_else(|| LinkView {
            title: id.to_owned(),
            url: self.href(id).unwrap_or_default(),
            summary: String::new(),
            status: None,
            html: String::new(),
        })
    }

    fn links(&self, ids: &[String]) -> Vec<LinkView> {
        ids.iter().map(|id| self.link(id)).collect()
    }

    fn references(refs: &[Reference]) -> Vec<ReferenceView> {
        refs.iter()
            .map(|r| ReferenceView {
                title: r.title.clone(),
                url: r.url.clone(),
            })
            .collect()
    }

    fn sections(&self, sections: &[Section]) -> Vec<SectionView> {
        sections
            .iter()
            .map(|s| SectionView {
                title: s.title.clone(),
                id: slugify(&s.title),
                html: self.block(&s.body),
            })
            .collect()
    }

    fn meta(
        &self,
        title: &str,
        summary_md: &str,
        id: &str,
        kind: &'static str,
        crumbs: Vec<LinkView>,
    ) -> PageMeta {
        let url = self.href(id).unwrap_or_else(|| self.base.to_owned());
        PageMeta {
            title: title.to_owned(),
            description: plain_text(summary_md),
            markdown: format!("{url}{TWIN_INDEX}"),
            url,
            kind,
            crumbs,
            nav: String::new(),
        }
    }

    fn home_crumb(&self) -> LinkView {
        LinkView {
            title: "Home".to_owned(),
            url: self.base.to_owned(),
            summary: String::new(),
            status: None,
            html: String::new(),
        }
    }
}

pub(super) fn site_view(
    catalog: &Catalog,
    config: &Config,
    base: &str,
    names: &std::collections::BTreeMap<String, String>,
) -> SiteView {
    let href = |name: &str| {
        names
            .get(name)
            .map_or_else(String::new, |n| format!("{base}{n}"))
    };
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base: base.to_owned(),
        css: href("app.css"),
        js: href("app.js"),
        assets: names
            .iter()
            .map(|(k, v)| (k.clone(), format!("{base}{v}")))
            .collect(),
        statuses: catalog
            .statuses
            .iter()
            .map(|s| LinkView {
                title: s.value.title.clone(),
                url: format!("{base}{}", url_of(&s.id)),
                summary: String::new(),
                status: Some(s.value.status),
                html: String::new(),
            })
            .collect(),
        guides_url: format!("{base}guides/"),
        version: env!("CARGO_PKG_VERSION"),
        search_hint: crate::search::hint(catalog, config.search.placeholder.as_deref()),
        navs: std::collections::HashMap::new(),
        value: serde_json::Value::Null,
    }
}

fn index_path(id: &str) -> String {
    format!("{}index.html", url_of(id))
}

/// One page of the site, by what it shows. Cheap to copy: pages are rendered from these in parallel,
/// each to its bytes, so no page's context outlives its rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageJob {
    /// The home page.
    Home,
    /// An entry, by index into `Catalog::entries`.
    Entry(usize),
    /// A status overview, by index into `Catalog::statuses`.
    Status(usize),
    /// A comparison, by index.
    Comparison(usize),
    /// A decision tree, by index.
    Tree(usize),
    /// A guide, by index.
    Guide(usize),
    /// The guides index.
    Guides,
    /// `404.html`.
    NotFound,
}

/// Every page of the catalog; the home page first, as it is the largest single page.
pub(super) fn jobs(catalog: &Catalog) -> Vec<PageJob> {
    let mut jobs = vec![PageJob::Home];
    jobs.extend((0..catalog.entries.len()).map(PageJob::Entry));
    jobs.extend((0..catalog.statuses.len()).map(PageJob::Status));
    jobs.extend((0..catalog.comparisons.len()).map(PageJob::Comparison));
    jobs.extend((0..catalog.trees.len()).map(PageJob::Tree));
    jobs.extend((0..catalog.guides.len()).map(PageJob::Guide));
    jobs.push(PageJob::Guides);
    jobs.push(PageJob::NotFound);
    jobs
}

/// What the page of entry `i` is made of: its path, its `page` values, its view, and the sample
/// blocks whose markers the view holds.
fn entry_parts(
    i: usize,
    options: &RenderOptions<'_>,
    links: &Links<'_>,
) -> (String, PageMeta, EntryView, Vec<String>) {
    let e = &links.catalog.entries[i];
    let mut blocks = Vec::new();
    let view = entry_view(i, options, links, &mut blocks);
    let crumbs = vec![links.home_crumb(), view.parent.clone()];
    let meta = links.meta(
        &e.value.title,
        &e.value.summary,
        &e.id,
        Kind::Entry.name(),
        crumbs,
    );
    (index_path(&e.id), meta, view, blocks)
}

/// Builds the view of one page and its template context.
pub(super) fn job(
    page: PageJob,
    options: &RenderOptions<'_>,
    site: &SiteView,
    links: &Links<'_>,
) -> Job {
    let catalog = links.catalog;
    match page {
        PageJob::Entry(i) => {
            let (path, meta, view, blocks) = entry_parts(i, options, links);
            make_job(site, path, Kind::Entry.template(), meta, view, blocks)
        }
        PageJob::Status(i) => {
            let s = &catalog.statuses[i];
            let crumbs = vec![links.home_crumb()];
            let meta = links.meta(
                &s.value.title,
                &s.value.summary,
                &s.id,
                Kind::Status.name(),
                crumbs,
            );
            make_job(
                site,
                index_path(&s.id),
                Kind::Status.template(),
                meta,
                status_view(s, links),
                Vec::new(),
            )
        }
        PageJob::Comparison(i) => {
            let c = &catalog.comparisons[i];
            let crumbs = vec![links.home_crumb()];
            let meta = links.meta(
                &c.value.title,
                &c.value.summary,
                &c.id,
                Kind::Comparison.name(),
                crumbs,
            );
            make_job(
                site,
                index_path(&c.id),
                Kind::Comparison.template(),
                meta,
                comparison_view(c, links),
                Vec::new(),
            )
        }
        PageJob::Tree(i) => {
            let t = &catalog.trees[i];
            let crumbs = vec![links.home_crumb()];
            let meta = links.meta(
                &t.value.title,
                &t.value.summary,
                &t.id,
                Kind::Tree.name(),
                crumbs,
            );
            make_job(
                site,
                index_path(&t.id),
                Kind::Tree.template(),
                meta,
                tree_view(t, links),
                Vec::new(),
            )
        }
        PageJob::Guide(i) => {
            let g = &catalog.guides[i];
            let crumbs = vec![links.home_crumb(), guides_crumb(site)];
            let m = &g.value.meta;
            let meta = links.meta(&m.title, &m.summary, &g.id, Kind::Guide.name(), crumbs);
            make_job(
                site,
                index_path(&g.id),
                Kind::Guide.template(),
                meta,
                guide_view(g, links),
                Vec::new(),
            )
        }
        PageJob::Guides => {
            let guides: Vec<LinkView> = catalog.guides.iter().map(|g| links.link(&g.id)).collect();
            let meta = PageMeta {
                title: "Guides".to_owned(),
                description: format!("Guides of {}", options.config.title),
                url: site.guides_url.clone(),
                kind: "guides",
                crumbs: vec![links.home_crumb()],
                nav: String::new(),
                markdown: format!("{}{TWIN_INDEX}", site.guides_url),
            };
            make_job(
                site,
                "guides/index.html".to_owned(),
                "guides.html",
                meta,
                &guides,
                Vec::new(),
            )
        }
        PageJob::Home => {
            let meta = PageMeta {
                title: options.config.title.clone(),
                description: options.config.description.clone(),
                url: links.base.to_owned(),
                kind: "home",
                crumbs: Vec::new(),
                nav: String::new(),
                markdown: format!("{}{TWIN_INDEX}", links.base),
            };
            make_job(
                site,
                "index.html".to_owned(),
                "index.html",
                meta,
                home_view(links),
                Vec::new(),
            )
        }
        PageJob::NotFound => {
            let meta = PageMeta {
                title: "Page not found".to_owned(),
                description: String::new(),
                url: format!("{}404.html", links.base),
                kind: "not-found",
                crumbs: Vec::new(),
                nav: String::new(),
                markdown: String::new(),
            };
            make_job(
                site,
                "404.html".to_owned(),
                "404.html",
                meta,
                (),
                Vec::new(),
            )
        }
    }
}

fn guides_crumb(site: &SiteView) -> LinkView {
    LinkView {
        title: "Guides".to_owned(),
        url: site.guides_url.clone(),
        summary: String::new(),
        status: None,
        html: String::new(),
    }
}

/// At most this many sibling entries on an entry page: its neighbours in the status's list. The status
/// overview lists every entry, so a status with thousands of entries keeps entry pages small, and a
/// changed entry shows on a few pages instead of on every page of its status.
pub const MAX_SIBLINGS: usize = 12;

/// The positions (in its status's list of `len` entries) of the siblings an entry at `pos` shows:
/// every other entry when there are at most [`MAX_SIBLINGS`], else the nearest ones in order.
#[must_use]
pub fn sibling_positions(len: usize, pos: usize) -> Vec<usize> {
    let shown = MAX_SIBLINGS + 1;
    let start = if len <= shown {
        0
    } else {
        pos.saturating_sub(MAX_SIBLINGS / 2).min(len - shown)
    };
    (start..len.min(start + shown))
        .filter(|&p| p != pos)
        .collect()
}

/// The view of entry `index`. Its sample blocks go to `blocks`, and the view holds their markers
/// (see [`super::splice`]).
fn entry_view(
    index: usize,
    options: &RenderOptions<'_>,
    links: &Links<'_>,
    blocks: &mut Vec<String>,
) -> EntryView {
    let e = &links.catalog.entries[index];
    let v = &e.value;
    let parent_id = format!("status/{}", v.status);
    // The entry's response also stands for every incorrect request that shows none of its own.
    let response = response_view(&v.response);
    let variant_id = |name: &str| format!("variant-{name}");
    let variants = v
        .variants
        .iter()
        .map(|x| VariantView {
            id: variant_id(&x.name),
            title: x.title.clone(),
            when: x
                .when
                .as_deref()
                .map(|w| links.block(w))
                .unwrap_or_default(),
            response: response_view(&x.response),
        })
        .collect();
    let pairs = v
        .samples
        .iter()
        .enumerate()
        .map(|(i, pair)| {
            let [incorrect, correct] = pair_html(
                &pair.incorrect.request,
                &pair.correct.request,
                options.languages,
            );
            let mut side = |verdict: &'static str,
                            s: &crate::catalog::model::Sample,
                            block: String,
                            fallback: Option<&ResponseView>| SideView {
                verdict,
                sample: {
                    blocks.push(block);
                    super::marker(blocks.len() - 1)
                },
                response_above: s.response.is_none() && s.variant.is_none() && fallback.is_some(),
                response: match (&s.response, s.variant.as_deref().and_then(|n| v.variant(n))) {
                    (Some(r), _) => Some(response_view(r)),
                    (None, Some(variant)) => Some(response_view(&variant.response)),
                    (None, None) => fallback.cloned(),
                },
                later: s
                    .later
                    .as_deref()
                    .map(|w| links.inline(w))
                    .unwrap_or_default(),
                given: s
                    .given
                    .as_deref()
                    .map(|w| links.inline(w))
                    .unwrap_or_default(),
                variant: s
                    .variant
                    .as_deref()
                    .and_then(|n| v.variant(n))
                    .map(|x| VariantRef {
                        id: variant_id(&x.name),
                        title: x.title.clone(),
                    }),
                note: s
                    .note
                    .as_deref()
                    .map(|n| links.inline(n))
                    .unwrap_or_default(),
            };
            PairView {
                title: pair.title.clone(),
                id: format!("sample-{}", i + 1),
                description: pair
                    .description
                    .as_deref()
                    .map(|d| links.block(d))
                    .unwrap_or_default(),
                incorrect: side("incorrect", &pair.incorrect, incorrect, Some(&response)),
                correct: side("correct", &pair.correct, correct, None),
            }
        })
        .collect();
    let family = links.entries_of(v.status);
    let first = links.by_status.get(&v.status).map_or(0, |r| r.start);
    let siblings = sibling_positions(family.len(), index - first)
        .into_iter()
        .map(|p| links.link(&family[p].id))
        .collect();
    let own = links.link(&e.id);
    EntryView {
        id: e.id.clone(),
        status: v.status,
        parent: links.link(&parent_id),
        title: v.title.clone(),
        code: v.code.clone(),
        summary: own.summary,
        details: v
            .details
            .as_deref()
            .map(|d| links.block(d))
            .unwrap_or_default(),
        schemes: v.schemes.clone(),
        tags: v.tags.clone(),
        recognize: links.blocks(&v.recognize),
        causes: links.blocks(&v.causes),
        response,
        variants,
        pairs,
        fix: links.blocks(&v.fix),
        related: links.links(&v.related),
        references: Links::references(&v.references),
        siblings,
        siblings_total: family.len().saturating_sub(1),
    }
}

fn status_view(s: &Loaded<StatusPage>, links: &Links<'_>) -> StatusView {
    let v = &s.value;
    let catalog = links.catalog;
    StatusView {
        status: v.status,
        title: v.title.clone(),
        summary: links.inline(&v.summary),
        definition: links.block(&v.definition),
        requirements: links.blocks(&v.requirements),
        response: v.response.as_ref().map(response_view),
        sections: links.sections(&v.sections),
        entries: links
            .entries_of(v.status)
            .iter()
            .map(|e| links.link(&e.id))
            .collect(),
        comparisons: catalog
            .comparisons
            .iter()
            .filter(|c| c.value.subjects.contains(&s.id))
            .map(|c| links.link(&c.id))
            .collect(),
        trees: catalog
            .trees
            .iter()
            .filter(|t| links.catalog.tree_statuses(t).contains(&v.status))
            .map(|t| links.link(&t.id))
            .collect(),
        related: links.links(&v.related),
        references: Links::references(&v.references),
    }
}

fn comparison_view(c: &Loaded<Comparison>, links: &Links<'_>) -> ComparisonView {
    let v = &c.value;
    ComparisonView {
        title: v.title.clone(),
        summary: links.inline(&v.summary),
        intro: v
            .intro
            .as_deref()
            .map(|i| links.block(i))
            .unwrap_or_default(),
        subjects: links.links(&v.subjects),
        rows: v
            .rows
            .iter()
            .map(|r| RowView {
                aspect: links.inline(&r.aspect),
                cells: links.blocks(&r.values),
            })
            .collect(),
        sections: links.sections(&v.sections),
        references: Links::references(&v.references),
    }
}

fn tree_view(t: &Loaded<Tree>, links: &Links<'_>) -> TreeView {
    let v = &t.value;
    let mut order: Vec<&String> = vec![&v.start];
    order.extend(v.nodes.keys().filter(|k| **k != v.start));
    let nodes = order
        .into_iter()
        .filter_map(|id| v.nodes.get(id).map(|n| (id, n)))
        .map(|(id, n)| NodeView {
            id: id.clone(),
            question: links.inline(&n.question),
            help: n
                .help
                .as_deref()
                .map(|h| links.block(h))
                .unwrap_or_default(),
            start: *id == v.start,
            answers: n
                .answers
                .iter()
                .map(|a| match (&a.next, &a.entry) {
                    (Some(next), _) => AnswerView {
                        label: a.label.clone(),
                        url: format!("#node-{next}"),
                        target: v
                            .nodes
                            .get(next)
                            .map(|n| plain_text(&n.question))
                            .unwrap_or_default(),
                        is_entry: false,
                    },
                    (None, entry) => {
                        let target = entry
                            .as_deref()
                            .map(|e| links.link(e))
                            .map_or_else(|| (String::new(), String::new()), |l| (l.title, l.url));
                        AnswerView {
                            label: a.label.clone(),
                            url: target.1,
                            target: target.0,
                            is_entry: true,
                        }
                    }
                })
                .collect(),
        })
        .collect();
    TreeView {
        title: v.title.clone(),
        summary: links.inline(&v.summary),
        nodes,
        svg: tree_svg::draw(v, links),
    }
}

fn guide_view(g: &Loaded<Guide>, links: &Links<'_>) -> GuideView {
    let rendered = render(&g.value.body, links);
    GuideView {
        title: g.value.meta.title.clone(),
        summary: links.inline(&g.value.meta.summary),
        html: rendered.html,
        toc: rendered
            .headings
            .into_iter()
            .filter(|h| h.level == 2)
            .collect(),
        related: links.links(&g.value.meta.related),
    }
}

fn home_view(links: &Links<'_>) -> HomeView {
    let catalog = links.catalog;
    HomeView {
        intro: catalog
            .home
            .as_ref()
            .map(|h| links.block(&h.value.body))
            .unwrap_or_default(),
        groups: catalog
            .statuses
            .iter()
            .map(|s| GroupView {
                status: links.link(&s.id),
                entries: links
                    .entries_of(s.value.status)
                    .iter()
                    .map(|e| links.link(&e.id))
                    .collect(),
            })
            .collect(),
        comparisons: catalog
            .comparisons
            .iter()
            .map(|c| links.link(&c.id))
            .collect(),
        trees: catalog.trees.iter().map(|t| links.link(&t.id)).collect(),
        guides: catalog.guides.iter().map(|g| links.link(&g.id)).collect(),
        entry_count: catalog.entries.len(),
    }
}

/// The machine-readable catalog (`catalog.json`).
#[derive(Serialize)]
struct CatalogJson<'a> {
    version: u32,
    title: &'a str,
    base_url: &'a str,
    entries: EntriesJson<'a>,
    statuses: Vec<ItemJson>,
    comparisons: Vec<ItemJson>,
    trees: Vec<ItemJson>,
    guides: Vec<ItemJson>,
}

/// Every entry of `catalog.json`, each made only as it is written: at 100,000 entries a list of
/// them all (with each one's plain-text summary and URL) would hold about 40 MB at once.
struct EntriesJson<'a>(&'a [Loaded<Entry>]);

impl Serialize for EntriesJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(EntryJson::new))
    }
}

/// An entry as `catalog.json` holds it: every field its page shows, with Markdown fields as
/// their source text, and each sample side with the response it gets.
#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    /// The problem type URI the entry declares.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    problem_type: Option<&'a str>,
    title: &'a str,
    /// Plain text; the Markdown source is `summary_markdown`.
    summary: String,
    summary_markdown: &'a str,
    url: String,
    schemes: &'a [String],
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a str>,
    recognize: &'a [String],
    causes: &'a [String],
    response: &'a Response,
    variants: &'a [Variant],
    samples: Vec<PairJson<'a>>,
    fix: &'a [String],
    related: &'a [String],
    references: &'a [Reference],
}

/// A sample pair in `catalog.json`.
#[derive(Serialize)]
struct PairJson<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    incorrect: SideJson<'a>,
    correct: SideJson<'a>,
}

/// One side of a pair in `catalog.json`: the request and the response it gets, as documented (its
/// own, its variant's, or for the incorrect side the entry's).
#[derive(Serialize)]
struct SideJson<'a> {
    /// The side's key (`401.expired-token.1.incorrect`), as the exports and the mock name it.
    key: String,
    request: &'a crate::catalog::model::Request,
    response: Option<&'a Response>,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    later: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    given: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl<'a> EntryJson<'a> {
    fn new(e: &'a Loaded<Entry>) -> Self {
        let v = &e.value;
        let side = |s: &'a crate::catalog::model::Sample, pair: usize, which: Side| SideJson {
            key: side_key(&e.id, pair, which),
            request: &s.request,
            response: v.side_response(s, which == Side::Incorrect),
            variant: s.variant.as_deref(),
            later: s.later.as_deref(),
            given: s.given.as_deref(),
            note: s.note.as_deref(),
        };
        Self {
            id: &e.id,
            status: v.status,
            code: v.code.as_deref(),
            problem_type: v.problem_type.as_deref(),
            title: &v.title,
            summary: plain_text(&v.summary),
            summary_markdown: &v.summary,
            url: url_of(&e.id),
            schemes: &v.schemes,
            tags: &v.tags,
            details: v.details.as_deref(),
            recognize: &v.recognize,
            causes: &v.causes,
            response: &v.response,
            variants: &v.variants,
            samples: v
                .samples
                .iter()
                .enumerate()
                .map(|(i, p): (usize, &'a SamplePair)| PairJson {
                    title: &p.title,
                    description: p.description.as_deref(),
                    incorrect: side(&p.incorrect, i, Side::Incorrect),
                    correct: side(&p.correct, i, Side::Correct),
                })
                .collect(),
            fix: &v.fix,
            related: &v.related,
            references: &v.references,
        }
    }
}

#[derive(Serialize)]
struct ItemJson {
    id: String,
    title: String,
    summary: String,
    url: String,
}

fn items<T>(
    list: &[Loaded<T>],
    title: impl Fn(&T) -> &str,
    summary: impl Fn(&T) -> &str,
) -> Vec<ItemJson> {
    list.iter()
        .map(|i| ItemJson {
            id: i.id.clone(),
            title: title(&i.value).to_owned(),
            summary: plain_text(summary(&i.value)),
            url: url_of(&i.id),
        })
        .collect()
}

/// Writes `catalog.json` (compact JSON: a third smaller than pretty, and a tool such as `jq .` lays
/// it out for reading) to `out`, one value at a time, so the whole file is never held
/// in memory.
pub(super) fn write_catalog_json(
    catalog: &Catalog,
    config: &Config,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let json = CatalogJson {
        version: 1,
        title: &config.title,
        base_url: &config.base_url,
        entries: EntriesJson(&catalog.entries),
        statuses: items(&catalog.statuses, |s| &s.title, |s| &s.summary),
        comparisons: items(&catalog.comparisons, |s| &s.title, |s| &s.summary),
        trees: items(&catalog.trees, |s| &s.title, |s| &s.summary),
        guides: items(&catalog.guides, |s| &s.meta.title, |s| &s.meta.summary),
    };
    serde_json::to_writer(out, &json).map_err(std::io::Error::other)
}

/// `catalog.json`, `sitemap.xml`, `_headers` and `robots.txt`, in memory.
pub(super) fn data_files(catalog: &Catalog, config: &Config, base: &str) -> Vec<Page> {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_catalog_json(catalog, config, &mut bytes);
    let mut pages = vec![Page {
        path: CATALOG_JSON.to_owned(),
        bytes,
    }];
    pages.extend(small_data_files(catalog, config, base));
    pages
}

/// The path of the machine-readable catalog in the output.
pub const CATALOG_JSON: &str = "catalog.json";

/// The data files but `catalog.json`: `sitemap.xml`, `_headers`, `robots.txt` and the pages of
/// problem types under `base_url`. `_headers` (the Netlify and Cloudflare Pages format) gives every
/// page the site's security header fields and the Markdown versions of pages their media type
/// (RFC 7763), which hosts do not know by the extension.
pub(super) fn small_data_files(catalog: &Catalog, config: &Config, base: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    let prefix = config.absolute_base().unwrap_or_else(|| base.to_owned());
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls = vec![String::new(), "guides/".to_owned()];
    urls.extend(catalog.links.values().map(|l| l.url.clone()));
    urls.sort();
    for url in urls {
        let _ = writeln!(
            sitemap,
            "  <url><loc>{}</loc></url>",
            super::highlight::escape(&format!("{prefix}{url}"))
        );
    }
    sitemap.push_str("</urlset>\n");
    pages.push(Page {
        path: "sitemap.xml".to_owned(),
        bytes: sitemap.into_bytes(),
    });
    let headers = format!(
        "{base}*\n  Content-Security-Policy: default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n\
         {base}*.md\n  Content-Type: text/markdown; charset=utf-8\n"
    );
    pages.push(Page {
        path: "_headers".to_owned(),
        bytes: headers.into_bytes(),
    });
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if config.absolute_base().is_some() {
        let _ = writeln!(robots, "Sitemap: {prefix}sitemap.xml");
    }
    pages.push(Page {
        path: "robots.txt".to_owned(),
        bytes: robots.into_bytes(),
    });
    pages.extend(super::problem_types::pages(catalog, config, base));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_are_all_others_or_the_nearest_window() {
        assert_eq!(sibling_positions(3, 1), vec![0, 2]);
        let many = sibling_positions(100, 50);
        assert_eq!(many.len(), MAX_SIBLINGS);
        assert_eq!((many[0], many[MAX_SIBLINGS - 1]), (44, 56));
        assert_eq!(
            sibling_positions(100, 0),
            (1..=MAX_SIBLINGS).collect::<Vec<_>>()
        );
        assert_eq!(sibling_positions(100, 99).len(), MAX_SIBLINGS);
        assert!(!sibling_positions(100, 99).contains(&99));
    }
}
