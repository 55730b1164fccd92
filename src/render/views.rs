//! From the catalog to typed page views and the data files (catalog.json, sitemap.xml, _headers).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::context::{
    AnswerView, ComparisonView, EntryView, GroupView, GuideView, HomeView, LinkView, NodeView,
    PageMeta, PairView, ReferenceView, RowView, SectionView, SideView, SiteView, StatusView,
    TreeView,
};
use super::markdown::{LinkResolver, plain_text, render, render_inline, slugify};
use super::sample::{differing_parts, response_view, variants};
use super::{Job, Page, RenderOptions, job, tree_svg};
use crate::catalog::load::{Guide, Loaded};
use crate::catalog::model::{Comparison, Entry, Reference, Section, StatusPage, Tree};
use crate::catalog::{Catalog, resolve::url_of};
use crate::config::Config;
use crate::samples::Part;

/// Turns ids into hrefs under the base path, and knows each id's summary and status.
pub(super) struct Links<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) base: &'a str,
    /// id → (summary Markdown, status): built once, so a lookup never scans the catalog.
    facts: HashMap<&'a str, (&'a str, Option<u16>)>,
}

impl<'a> Links<'a> {
    /// Indexes the catalog's ids for link lookups.
    pub(super) fn new(catalog: &'a Catalog, base: &'a str) -> Self {
        let mut facts = HashMap::new();
        for e in &catalog.entries {
            facts.insert(
                e.id.as_str(),
                (e.value.summary.as_str(), Some(e.value.status)),
            );
        }
        for e in &catalog.statuses {
            facts.insert(
                e.id.as_str(),
                (e.value.summary.as_str(), Some(e.value.status)),
            );
        }
        for e in &catalog.comparisons {
            facts.insert(e.id.as_str(), (e.value.summary.as_str(), None));
        }
        for e in &catalog.trees {
            facts.insert(e.id.as_str(), (e.value.summary.as_str(), None));
        }
        for e in &catalog.guides {
            facts.insert(e.id.as_str(), (e.value.meta.summary.as_str(), None));
        }
        Self {
            catalog,
            base,
            facts,
        }
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

    fn link(&self, id: &str) -> LinkView {
        let summary = self
            .summary_md(id)
            .map(|s| self.inline(s))
            .unwrap_or_default();
        let link = self.catalog.link(id);
        LinkView {
            title: link.map_or_else(|| id.to_owned(), |l| l.title.clone()),
            url: self.href(id).unwrap_or_default(),
            summary,
            status: self.status_of(id),
        }
    }

    fn links(&self, ids: &[String]) -> Vec<LinkView> {
        ids.iter().map(|id| self.link(id)).collect()
    }

    fn summary_md(&self, id: &str) -> Option<&str> {
        self.facts.get(id).map(|f| f.0)
    }

    fn status_of(&self, id: &str) -> Option<u16> {
        self.facts.get(id).and_then(|f| f.1)
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
        PageMeta {
            title: title.to_owned(),
            description: plain_text(summary_md),
            url: self.href(id).unwrap_or_else(|| self.base.to_owned()),
            kind,
            crumbs,
        }
    }

    fn home_crumb(&self) -> LinkView {
        LinkView {
            title: "Home".to_owned(),
            url: self.base.to_owned(),
            summary: String::new(),
            status: None,
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
            })
            .collect(),
        guides_url: format!("{base}guides/"),
        version: env!("CARGO_PKG_VERSION"),
    }
}

fn index_path(id: &str) -> String {
    format!("{}index.html", url_of(id))
}

/// The page of one entry.
pub(super) fn entry_job(
    e: &Loaded<Entry>,
    catalog: &Catalog,
    options: &RenderOptions<'_>,
    site: &SiteView,
    links: &Links<'_>,
) -> Job {
    let view = entry_view(e, catalog, options, links);
    let crumbs = vec![links.home_crumb(), view.parent.clone()];
    job(
        site,
        index_path(&e.id),
        "entry.html",
        links.meta(&e.value.title, &e.value.summary, &e.id, "entry", crumbs),
        view,
    )
}

pub(super) fn jobs(
    catalog: &Catalog,
    options: &RenderOptions<'_>,
    site: &SiteView,
    links: &Links<'_>,
) -> Vec<Job> {
    let mut jobs: Vec<Job> = catalog
        .entries
        .iter()
        .map(|e| entry_job(e, catalog, options, site, links))
        .collect();
    for s in &catalog.statuses {
        let view = status_view(s, catalog, links);
        jobs.push(job(
            site,
            index_path(&s.id),
            "status.html",
            links.meta(
                &s.value.title,
                &s.value.summary,
                &s.id,
                "status",
                vec![links.home_crumb()],
            ),
            view,
        ));
    }
    for c in &catalog.comparisons {
        jobs.push(job(
            site,
            index_path(&c.id),
            "compare.html",
            links.meta(
                &c.value.title,
                &c.value.summary,
                &c.id,
                "comparison",
                vec![links.home_crumb()],
            ),
            comparison_view(c, links),
        ));
    }
    for t in &catalog.trees {
        jobs.push(job(
            site,
            index_path(&t.id),
            "tree.html",
            links.meta(
                &t.value.title,
                &t.value.summary,
                &t.id,
                "tree",
                vec![links.home_crumb()],
            ),
            tree_view(t, links),
        ));
    }
    let guides_crumb = LinkView {
        title: "Guides".to_owned(),
        url: site.guides_url.clone(),
        summary: String::new(),
        status: None,
    };
    for g in &catalog.guides {
        let view = guide_view(g, links);
        jobs.push(job(
            site,
            index_path(&g.id),
            "guide.html",
            links.meta(
                &g.value.meta.title,
                &g.value.meta.summary,
                &g.id,
                "guide",
                vec![links.home_crumb(), guides_crumb.clone()],
            ),
            view,
        ));
    }
    let guides: Vec<LinkView> = catalog.guides.iter().map(|g| links.link(&g.id)).collect();
    let guides_meta = PageMeta {
        title: "Guides".to_owned(),
        description: format!("Guides of {}", options.config.title),
        url: site.guides_url.clone(),
        kind: "guides",
        crumbs: vec![links.home_crumb()],
    };
    jobs.push(job(
        site,
        "guides/index.html".to_owned(),
        "guides.html",
        guides_meta,
        &guides,
    ));
    let home = home_view(catalog, links);
    let home_meta = PageMeta {
        title: options.config.title.clone(),
        description: options.config.description.clone(),
        url: links.base.to_owned(),
        kind: "home",
        crumbs: Vec::new(),
    };
    jobs.push(job(
        site,
        "index.html".to_owned(),
        "index.html",
        home_meta,
        home,
    ));
    let not_found = PageMeta {
        title: "Page not found".to_owned(),
        description: String::new(),
        url: format!("{}404.html", links.base),
        kind: "not-found",
        crumbs: Vec::new(),
    };
    jobs.push(job(site, "404.html".to_owned(), "404.html", not_found, ()));
    jobs
}

fn entry_view(
    e: &Loaded<Entry>,
    catalog: &Catalog,
    options: &RenderOptions<'_>,
    links: &Links<'_>,
) -> EntryView {
    let v = &e.value;
    let parent_id = format!("status/{}", v.status);
    let pairs = v
        .samples
        .iter()
        .enumerate()
        .map(|(i, pair)| {
            let marked: HashSet<Part> =
                differing_parts(&pair.incorrect.request, &pair.correct.request);
            let side =
                |verdict: &'static str,
                 s: &crate::catalog::model::Sample,
                 fallback: Option<&crate::catalog::model::Response>| SideView {
                    verdict,
                    variants: variants(&s.request, options.languages, &marked),
                    response: s.response.as_ref().or(fallback).map(response_view),
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
                incorrect: side("incorrect", &pair.incorrect, Some(&v.response)),
                correct: side("correct", &pair.correct, None),
            }
        })
        .collect();
    let siblings = sibling_window(catalog, e)
        .map(|s| links.link(&s.id))
        .collect();
    EntryView {
        id: e.id.clone(),
        status: v.status,
        parent: links.link(&parent_id),
        title: v.title.clone(),
        summary: links.inline(&v.summary),
        details: v
            .details
            .as_deref()
            .map(|d| links.block(d))
            .unwrap_or_default(),
        schemes: v.schemes.clone(),
        tags: v.tags.clone(),
        recognize: links.blocks(&v.recognize),
        causes: links.blocks(&v.causes),
        response: response_view(&v.response),
        pairs,
        fix: links.blocks(&v.fix),
        related: links.links(&v.related),
        references: Links::references(&v.references),
        siblings,
    }
}

/// At most this many other entries of the same status on an entry page.
const MAX_SIBLINGS: usize = 12;

/// The entry's neighbours among the entries of its status (the catalog keeps them sorted by status
/// then id): all of them when there are few, else a window around the entry, so a status with
/// thousands of entries does not put thousands of links on every page.
fn sibling_window<'c>(
    catalog: &'c Catalog,
    e: &Loaded<Entry>,
) -> impl Iterator<Item = &'c Loaded<Entry>> {
    let all = &catalog.entries;
    let first = all.partition_point(|x| x.value.status < e.value.status);
    let end = all.partition_point(|x| x.value.status <= e.value.status);
    let me = first + all[first..end].partition_point(|x| x.id < e.id);
    let start = me.saturating_sub(MAX_SIBLINGS / 2).max(first);
    let stop = (start + MAX_SIBLINGS + 1).min(end);
    let start = stop.saturating_sub(MAX_SIBLINGS + 1).max(first);
    all[start..stop].iter().filter(move |x| x.id != e.id)
}

fn status_view(s: &Loaded<StatusPage>, catalog: &Catalog, links: &Links<'_>) -> StatusView {
    let v = &s.value;
    StatusView {
        status: v.status,
        title: v.title.clone(),
        summary: links.inline(&v.summary),
        definition: links.block(&v.definition),
        requirements: links.blocks(&v.requirements),
        response: v.response.as_ref().map(response_view),
        sections: links.sections(&v.sections),
        entries: catalog
            .entries
            .iter()
            .filter(|e| e.value.status == v.status)
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
            .filter(|t| t.value.status == Some(v.status))
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
            question: n.question.clone(),
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
                            .map(|n| n.question.clone())
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

fn home_view(catalog: &Catalog, links: &Links<'_>) -> HomeView {
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
                entries: catalog
                    .entries
                    .iter()
                    .filter(|e| e.value.status == s.value.status)
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
    entries: Vec<EntryJson<'a>>,
    statuses: Vec<ItemJson>,
    comparisons: Vec<ItemJson>,
    trees: Vec<ItemJson>,
    guides: Vec<ItemJson>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    status: u16,
    title: &'a str,
    /// Plain text; the Markdown source is `summary_markdown`.
    summary: String,
    summary_markdown: &'a str,
    url: String,
    schemes: &'a [String],
    tags: &'a [String],
    response: &'a crate::catalog::model::Response,
    samples: &'a [crate::catalog::model::SamplePair],
    fix: &'a [String],
    related: &'a [String],
    references: &'a [Reference],
}

impl<'a> EntryJson<'a> {
    fn new(e: &'a Loaded<Entry>) -> Self {
        let v = &e.value;
        Self {
            id: &e.id,
            status: v.status,
            title: &v.title,
            summary: plain_text(&v.summary),
            summary_markdown: &v.summary,
            url: url_of(&e.id),
            schemes: &v.schemes,
            tags: &v.tags,
            response: &v.response,
            samples: &v.samples,
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

pub(super) fn data_files(catalog: &Catalog, config: &Config, base: &str) -> Vec<Page> {
    let json = CatalogJson {
        version: 1,
        title: &config.title,
        base_url: &config.base_url,
        entries: catalog.entries.iter().map(EntryJson::new).collect(),
        statuses: items(&catalog.statuses, |s| &s.title, |s| &s.summary),
        comparisons: items(&catalog.comparisons, |s| &s.title, |s| &s.summary),
        trees: items(&catalog.trees, |s| &s.title, |s| &s.summary),
        guides: items(&catalog.guides, |s| &s.meta.title, |s| &s.meta.summary),
    };
    let mut pages = vec![Page {
        path: "catalog.json".to_owned(),
        bytes: serde_json::to_vec_pretty(&json).unwrap_or_default(),
    }];
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
        "{base}*\n  Content-Security-Policy: default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
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
    pages
}
