//! Rendering: the resolved catalog to pages in memory.
//!
//! Builds a typed view of each page (Markdown rendered and sanitised, samples generated and
//! highlighted, responses in wire form), then runs it through the theme's Tera templates. Pages are
//! rendered in parallel and returned sorted by path, so the same catalog always gives the same
//! bytes. Nothing here touches the disk.

pub mod context;
pub mod diff;
pub mod highlight;
pub mod markdown;
pub mod problem_types;
pub mod sample;
pub mod tree_svg;
pub mod twin;
mod views;

use std::collections::{BTreeMap, HashMap};

pub use views::{CATALOG_JSON, MAX_SIBLINGS, PageJob, sibling_positions};

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::assets::Theme;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::page::hash_hex;
use crate::samples::Lang;
use context::{PageMeta, SiteView};

/// What rendering needs besides the catalog.
#[derive(Debug, Clone)]
pub struct RenderOptions<'a> {
    /// Site configuration.
    pub config: &'a Config,
    /// The theme after overrides.
    pub theme: &'a Theme,
    /// Sample languages, in tab order.
    pub languages: &'a [Lang],
}

/// A page waiting for its template.
struct Job {
    path: String,
    template: &'static str,
    context: tera::Context,
    /// Large pieces of finished HTML that the context holds only as markers; see [`splice`].
    blocks: Vec<String>,
}

/// What a page's context holds in place of `blocks[index]`: an HTML comment, which no escaped or
/// sanitised text can hold.
fn marker(index: usize) -> String {
    format!("{MARKER}{index}-->")
}

const MARKER: &str = "<!--errdocs-block-";

/// Puts each block where the rendered page holds its marker.
///
/// An entry page's sample blocks are most of its bytes (about 130 of 150 kB). Passed through Tera
/// they were copied into the context, into each macro's arguments and its output, and into the
/// page; as markers, they are copied once, here, or not at all when the page goes to disk as its
/// [`Rendered::pieces`].
fn splice(page: Vec<u8>, blocks: &[String]) -> Vec<u8> {
    if blocks.is_empty() {
        return page;
    }
    pieces(&page, blocks).concat()
}

/// The bytes of `page` with each marker of a block replaced by the block, as slices in order.
fn pieces<'a>(page: &'a [u8], blocks: &'a [String]) -> Vec<&'a [u8]> {
    let finder = memchr::memmem::Finder::new(MARKER.as_bytes());
    let mut out = Vec::with_capacity(2 * blocks.len() + 1);
    let mut rest = page;
    // The text before the next block, grown across markers that name no block.
    let mut from = 0;
    while let Some(at) = finder.find(&rest[from..]).map(|at| from + at) {
        let after = &rest[at + MARKER.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let block = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| blocks.get(n))
            .filter(|_| after[digits..].starts_with(b"-->"));
        match block {
            Some(block) => {
                out.push(&rest[..at]);
                out.push(block.as_bytes());
                rest = &after[digits + 3..];
                from = 0;
            }
            None => from = at + MARKER.len(),
        }
    }
    out.push(rest);
    out.retain(|piece| !piece.is_empty());
    out
}

/// A page as its template wrote it, its blocks still apart: see [`Rendered::pieces`].
pub struct Rendered {
    /// Relative path with forward slashes.
    pub path: String,
    template: Vec<u8>,
    blocks: Vec<String>,
}

impl Rendered {
    /// The page's bytes, in order. A page goes to disk as these slices, never joined in memory:
    /// joining them copied about 150 kB per entry page.
    #[must_use]
    pub fn pieces(&self) -> Vec<&[u8]> {
        pieces(&self.template, &self.blocks)
    }

    /// The page, its pieces joined.
    #[must_use]
    pub fn into_page(self) -> Page {
        let mut bytes = splice(self.template, &self.blocks);
        if bytes.capacity() > bytes.len() + bytes.len() / 4 {
            // A page kept in memory (by `serve`) should not hold much more than itself.
            bytes.shrink_to_fit();
        }
        Page {
            path: self.path,
            bytes,
        }
    }
}

/// The job of a page whose context holds markers of `blocks`; the page's navigation is added as
/// one more block.
fn make_job<T: Serialize>(
    site: &SiteView,
    path: String,
    template: &'static str,
    mut page: PageMeta,
    item: T,
    mut blocks: Vec<String>,
) -> Job {
    add_nav(site, &mut page, &mut blocks);
    let context = page_context(site, &page, &item).unwrap_or_default();
    Job {
        path,
        template,
        context,
        blocks,
    }
}

/// Adds the page's navigation to `blocks`, and its marker to `page`.
fn add_nav(site: &SiteView, page: &mut PageMeta, blocks: &mut Vec<String>) {
    blocks.push(site.nav_for(&page.url).to_owned());
    page.nav = marker(blocks.len() - 1);
}

/// The template context of every page: `site` (copied from the value made once), `page` and the
/// page's own `item`.
fn page_context(
    site: &SiteView,
    page: &PageMeta,
    item: &impl Serialize,
) -> Result<tera::Context, serde_json::Error> {
    let mut context = serde_json::Map::new();
    context.insert("site".to_owned(), site.value.clone());
    context.insert("page".to_owned(), serde_json::to_value(page)?);
    context.insert("item".to_owned(), serde_json::to_value(item)?);
    Ok(tera::Context::from_value(serde_json::Value::Object(context)).unwrap_or_default())
}

/// A partial template (`link.html`, `nav.html`) rendered once, without the whitespace around it,
/// for reuse in many pages.
fn render_partial(
    tera: &Tera,
    name: &str,
    context: &tera::Context,
) -> Result<String, Box<Diagnostic>> {
    tera.render(name, context)
        .map(|html| html.trim().to_owned())
        .map_err(|e| Box::new(template_error(name, &e)))
}

/// `link.html` rendered for `link`.
fn link_item(tera: &Tera, link: &context::LinkView) -> Result<String, Box<Diagnostic>> {
    let mut context = tera::Context::new();
    context.insert("link", link);
    render_partial(tera, "link.html", &context)
}

/// `nav.html` rendered for each URL a navigation can mark as current, and for none (the empty
/// URL).
fn render_navs(tera: &Tera, site: &SiteView) -> Result<HashMap<String, String>, Vec<Diagnostic>> {
    let mut navs = HashMap::new();
    for url in site.nav_urls().chain([""]) {
        let mut context = tera::Context::new();
        context.insert("site", site);
        context.insert("current", url);
        let html = render_partial(tera, "nav.html", &context).map_err(|d| vec![*d])?;
        navs.insert(url.to_owned(), html);
    }
    Ok(navs)
}

/// Everything that is the same for every page of one build: the parsed templates, the site view
/// and every item's link with its rendered summary. Pages are then rendered one at a time, in any
/// order and in parallel, with [`Renderer::render`].
pub struct Renderer<'a> {
    options: &'a RenderOptions<'a>,
    tera: Tera,
    site: SiteView,
    links: views::Links<'a>,
    assets: Vec<Page>,
    twins: twin::Twins<'a>,
}

impl<'a> Renderer<'a> {
    /// Parses the templates and prepares what every page shares.
    ///
    /// # Errors
    /// Diagnostics when a template does not parse.
    pub fn new(
        catalog: &'a Catalog,
        options: &'a RenderOptions<'a>,
        base: &'a str,
    ) -> Result<Self, Vec<Diagnostic>> {
        let tera = load_templates(options.theme)?;
        let (assets, names) = fingerprint(options.theme);
        let mut site = views::site_view(catalog, options.config, base, &names);
        site.navs = render_navs(&tera, &site)?;
        site.value = serde_json::to_value(&site).unwrap_or_default();
        let links = views::Links::new(catalog, base, &|link| link_item(&tera, link))?;
        let twins = twin::Twins::new(catalog, options.config, base);
        Ok(Self {
            options,
            tera,
            site,
            links,
            assets,
            twins,
        })
    }

    /// Every page to render, the largest first.
    #[must_use]
    pub fn jobs(&self) -> Vec<PageJob> {
        views::jobs(self.links.catalog)
    }

    /// Every page of [`Renderer::jobs`] with its output path, known without rendering it: what
    /// `serve` looks a requested path up in before rendering that one page.
    #[must_use]
    pub fn routes(&self) -> Vec<(String, PageJob)> {
        self.jobs()
            .into_iter()
            .map(|job| (self.path_of(job), job))
            .collect()
    }

    /// The path [`Renderer::render`] gives the page of `job` (a test checks that they agree).
    #[must_use]
    pub fn path_of(&self, job: PageJob) -> String {
        let catalog = self.links.catalog;
        let id = match job {
            PageJob::Home => return "index.html".to_owned(),
            PageJob::Guides => return "guides/index.html".to_owned(),
            PageJob::NotFound => return "404.html".to_owned(),
            PageJob::Entry(i) => &catalog.entries[i].id,
            PageJob::Status(i) => &catalog.statuses[i].id,
            PageJob::Comparison(i) => &catalog.comparisons[i].id,
            PageJob::Tree(i) => &catalog.trees[i].id,
            PageJob::Guide(i) => &catalog.guides[i].id,
        };
        format!("{}index.html", crate::catalog::resolve::url_of(id))
    }

    /// Renders one page.
    ///
    /// # Errors
    /// A diagnostic when its template fails.
    pub fn render(&self, page: PageJob) -> Result<Page, Box<Diagnostic>> {
        self.render_pieces(page).map(Rendered::into_page)
    }

    /// Renders one page, leaving its blocks apart from what the template wrote.
    ///
    /// # Errors
    /// A diagnostic when its template fails.
    pub fn render_pieces(&self, page: PageJob) -> Result<Rendered, Box<Diagnostic>> {
        let job = views::job(page, self.options, &self.site, &self.links);
        let mut bytes = Vec::new();
        self.tera
            .render_to(job.template, &job.context, &mut bytes)
            .map_err(|e| Box::new(template_error(job.template, &e)))?;
        Ok(Rendered {
            path: job.path,
            template: bytes,
            blocks: job.blocks,
        })
    }

    /// Renders `jobs` in parallel; every failure is reported.
    ///
    /// # Errors
    /// The diagnostics of every page whose template fails.
    pub fn render_all(&self, jobs: Vec<PageJob>) -> Result<Vec<Page>, Vec<Diagnostic>> {
        let rendered: Vec<Result<Page, Box<Diagnostic>>> =
            jobs.into_par_iter().map(|job| self.render(job)).collect();
        let mut pages = Vec::with_capacity(rendered.len());
        let mut problems = Vec::new();
        for r in rendered {
            match r {
                Ok(page) => pages.push(page),
                Err(d) => problems.push(*d),
            }
        }
        if problems.is_empty() {
            Ok(pages)
        } else {
            problems.dedup();
            Err(problems)
        }
    }

    /// The static files, `app.css` and `app.js` fingerprinted.
    #[must_use]
    pub fn assets(&self) -> &[Page] {
        &self.assets
    }

    /// `catalog.json`, `sitemap.xml`, `_headers` and `robots.txt`.
    #[must_use]
    pub fn data_files(&self) -> Vec<Page> {
        views::data_files(self.links.catalog, self.options.config, self.links.base)
    }

    /// `sitemap.xml`, `_headers` and `robots.txt`: the data files but `catalog.json`, which
    /// [`Renderer::write_catalog_json`] writes as a stream.
    #[must_use]
    pub fn small_data_files(&self) -> Vec<Page> {
        views::small_data_files(self.links.catalog, self.options.config, self.links.base)
    }

    /// Writes `catalog.json` (at [`CATALOG_JSON`]) to `out` without holding it in memory.
    ///
    /// # Errors
    /// The error of `out`.
    pub fn write_catalog_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        views::write_catalog_json(self.links.catalog, self.options.config, out)
    }

    /// The Markdown version of the page of `job` (at [`twin::twin_path`] of its path); `None` for
    /// the page not found, which has none.
    #[must_use]
    pub fn render_twin(&self, job: PageJob) -> Option<Page> {
        self.twins.render(job)
    }

    /// `llms.txt`.
    #[must_use]
    pub fn llms_txt(&self) -> Page {
        self.twins.llms_txt()
    }

    /// Writes `llms-full.txt` (at [`twin::LLMS_FULL`]) to `out`, and hands `each` the Markdown
    /// version of every page and `llms.txt`, a few hundred at a time: nothing of them is held
    /// whole (see [`twin`]).
    ///
    /// # Errors
    /// The error of `out`.
    pub fn write_markdown(
        &self,
        out: &mut dyn std::io::Write,
        each: &mut dyn FnMut(Vec<Page>),
    ) -> std::io::Result<()> {
        each(vec![self.twins.llms_txt()]);
        self.twins.write_full(out, each)
    }
}

/// Renders every page and asset of the site into memory, sorted by path.
///
/// # Errors
/// Diagnostics when a template does not parse or fails to render.
pub fn render_site(
    catalog: &Catalog,
    options: &RenderOptions<'_>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let base = options.config.base_path();
    let renderer = Renderer::new(catalog, options, &base)?;
    let mut pages = renderer.assets().to_vec();
    pages.extend(renderer.render_all(renderer.jobs())?);
    pages.extend(renderer.data_files());
    pages.extend(markdown_files(catalog, options.config));
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

/// The files for agents and tools, in memory: the Markdown version of every page, `llms.txt` and
/// `llms-full.txt` (see [`twin`]).
#[must_use]
pub fn markdown_files(catalog: &Catalog, config: &Config) -> Vec<Page> {
    let base = config.base_path();
    let twins = twin::Twins::new(catalog, config, &base);
    let mut pages = vec![twins.llms_txt()];
    let mut full = Vec::new();
    // Writing into memory cannot fail.
    let _ = twins.write_full(&mut full, &mut |more| pages.extend(more));
    pages.push(Page {
        path: twin::LLMS_FULL.to_owned(),
        bytes: full,
    });
    pages
}

/// The machine-readable files (`catalog.json`, `sitemap.xml`, `robots.txt`, `_headers`).
#[must_use]
pub fn data_files(catalog: &Catalog, config: &Config) -> Vec<Page> {
    views::data_files(catalog, config, &config.base_path())
}

fn load_templates(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("family", status_family);
    // Tera's default escaper also escapes `/`, which bloats every URL; quotes, `<`, `>` and `&` are
    // what HTML needs.
    tera.set_escape_fn(highlight::escape);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|e| vec![template_error("", &e)])?;
    Ok(tera)
}

/// The Tera filter `family`: a status code's class, `401` → `4xx`.
fn status_family(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let code = value
        .as_u64()
        .ok_or_else(|| tera::Error::msg("`family` takes a status code"))?;
    Ok(tera::Value::String(format!("{}xx", code / 100)))
}

fn template_error(name: &str, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let path = if name.is_empty() {
        "templates".to_owned()
    } else {
        format!("templates/{name}")
    };
    Diagnostic::error("template", path, message.replace('\n', " "))
}

/// Static files, with every top-level `.css` and `.js` file renamed by a content hash
/// (`app.css` → `app.3f2a1c9e0b.css`) so hosts can cache them forever. Returns the files and a map
/// from each original name to its site-relative fingerprinted name.
fn fingerprint(theme: &Theme) -> (Vec<Page>, BTreeMap<String, String>) {
    let mut pages = Vec::new();
    let mut names = BTreeMap::new();
    for (path, bytes) in &theme.statics {
        let renamed = match path.rsplit_once('.') {
            Some((stem, ext)) if !path.contains('/') && matches!(ext, "css" | "js") => {
                let name = format!("{stem}.{}.{ext}", &hash_hex(bytes)[..10]);
                names.insert(path.clone(), name.clone());
                name
            }
            _ => path.clone(),
        };
        pages.push(Page {
            path: renamed,
            bytes: bytes.clone(),
        });
    }
    (pages, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_the_path_its_page_renders_to() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let checked = crate::site::check(&root);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let theme = crate::assets::load_theme(&root).unwrap();
        let options = RenderOptions {
            config: &checked.config,
            theme: &theme,
            languages: &checked.languages,
        };
        let base = checked.config.base_path();
        let renderer = Renderer::new(&checked.catalog, &options, &base).unwrap();
        let routes = renderer.routes();
        assert_eq!(routes.len(), renderer.jobs().len());
        for (path, job) in routes {
            assert_eq!(renderer.render(job).unwrap().path, path, "{job:?}");
        }
    }

    #[test]
    fn splice_puts_each_block_at_its_markers() {
        let blocks = vec!["<b>zero</b>".to_owned(), "<i>one</i>".to_owned()];
        let page = format!("a{}b{}c{}d", marker(1), marker(0), marker(1));
        assert_eq!(
            String::from_utf8(splice(page.into_bytes(), &blocks)).unwrap(),
            "a<i>one</i>b<b>zero</b>c<i>one</i>d"
        );
    }

    #[test]
    fn splice_leaves_what_is_not_a_marker_of_a_block() {
        let blocks = vec!["X".to_owned()];
        for text in [
            format!("{MARKER}7-->"),
            format!("{MARKER}-->"),
            format!("{MARKER}0->"),
            format!("{MARKER}0"),
            format!("{MARKER}{MARKER}0-->"),
        ] {
            let expected = text.replace(&marker(0), "X");
            assert_eq!(
                String::from_utf8(splice(text.clone().into_bytes(), &blocks)).unwrap(),
                expected,
                "{text}"
            );
        }
        let page = b"no markers".to_vec();
        assert_eq!(splice(page.clone(), &[]), page);
    }
}
