//! The built-in entry page written by Rust code: what `entry.html`, inside `base.html` and with the
//! macros of `macros.html`, renders, byte for byte, without a template engine.
//!
//! Entry pages are nearly every page of a site, and Tera spent about a seventh of a build on them:
//! each page's view became a JSON value, and each of the ~170 variables a page prints was looked up
//! by copying and hashing its path. This writer prints the same view's fields directly. It is used
//! only while those three templates are the built-in ones (see [`is_default`]); a site that
//! overrides any of them gets Tera, as before. The tests render every entry both ways and compare
//! the bytes, so a change to one of the templates fails them until this writer follows.

use super::context::{EntryView, LinkView, PageMeta, ReferenceView, SideView, SiteView};
use super::highlight::escape_into;
use super::sample::ResponseView;
use crate::assets::Theme;

/// The templates an entry page is made of.
const TEMPLATES: [&str; 3] = ["entry.html", "base.html", "macros.html"];

/// Whether `theme` renders entry pages with the built-in templates, so [`entry_page`] writes what
/// Tera would.
pub(super) fn is_default(theme: &Theme) -> bool {
    let defaults = crate::assets::default_templates();
    TEMPLATES
        .iter()
        .all(|name| theme.templates.get(*name) == defaults.get(*name))
}

/// The page being written.
struct Out(String);

impl Out {
    /// Text as it is: the template's own text, or a value printed with `| safe`.
    fn raw(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    /// A value printed with `{{ }}`: escaped as Tera's escape function (`highlight::escape`) does.
    fn esc(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    /// A number printed with `{{ }}`.
    fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self.0, "{n}");
        self
    }
}

/// The entry page of `view`: `base.html` around `entry.html`'s `content` block. `page.nav` and the
/// sample fields hold markers, as in the Tera context, and are printed as they are.
pub(super) fn entry_page(site: &SiteView, page: &PageMeta, e: &EntryView, size: usize) -> Vec<u8> {
    let mut out = Out(String::with_capacity(size));
    head(&mut out, site, page);
    content(&mut out, e);
    foot(&mut out, site);
    out.0.into_bytes()
}

/// `base.html` up to the `content` block.
fn head(o: &mut Out, site: &SiteView, page: &PageMeta) {
    o.raw("<!doctype html>\n<html lang=\"en\" data-base=\"")
        .esc(&site.base)
        .raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if page.kind == "home" {
        o.esc(&site.title);
    } else {
        o.esc(&page.title).raw(" · ").esc(&site.title);
    }
    o.raw("</title>\n");
    if !page.description.is_empty() {
        o.raw("<meta name=\"description\" content=\"")
            .esc(&page.description)
            .raw("\">");
    }
    o.raw("\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"")
        .esc(&site.base)
        .raw("favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"")
        .esc(&site.css)
        .raw("\">\n<script src=\"")
        .esc(&site.js)
        .raw("\" defer></script>\n");
    if let Some(search) = site.assets.get("search.js").filter(|s| !s.is_empty()) {
        o.raw("<script src=\"")
            .esc(search)
            .raw("\" defer></script>");
    }
    o.raw("\n</head>\n<body class=\"kind-")
        .esc(page.kind)
        .raw("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n  <div class=\"wrap top-inner\">\n    <a class=\"brand\" href=\"")
        .esc(&site.base)
        .raw("\"><span class=\"brand-mark\" aria-hidden=\"true\">{}</span>")
        .esc(&site.title)
        .raw("</a>\n    <form class=\"search\" role=\"search\" action=\"")
        .esc(&site.base)
        .raw("\" method=\"get\" data-search data-index=\"")
        .esc(&site.base)
        .raw("search/\">\n      <label class=\"visually-hidden\" for=\"search-input\">Search the reference</label>\n      <input id=\"search-input\" name=\"q\" type=\"search\" placeholder=\"Search 401, invalid_token, expired…\" autocomplete=\"off\" spellcheck=\"false\" data-search-input aria-describedby=\"search-status\">\n      <kbd class=\"search-key\" aria-hidden=\"true\">/</kbd>\n      <div class=\"search-panel\" id=\"search-panel\" hidden>\n        <div class=\"search-filters\" data-search-filters></div>\n        <p class=\"search-status\" id=\"search-status\" role=\"status\" aria-live=\"polite\" data-search-status></p>\n        <ul class=\"search-results\" data-search-results></ul>\n      </div>\n    </form>\n    ")
        .raw(&page.nav)
        .raw("\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    if !page.crumbs.is_empty() {
        o.raw("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>");
        for c in &page.crumbs {
            o.raw("<li><a href=\"")
                .esc(&c.url)
                .raw("\">")
                .esc(&c.title)
                .raw("</a></li>");
        }
        o.raw("<li aria-current=\"page\">")
            .esc(&page.title)
            .raw("</li></ol></nav>");
    }
    o.raw("\n");
}

/// `base.html` after the `content` block.
fn foot(o: &mut Out, site: &SiteView) {
    o.raw("\n</main>\n<footer class=\"foot\">\n  <div class=\"wrap\">")
        .esc(&site.title)
        .raw(" · <a href=\"")
        .esc(&site.base)
        .raw("catalog.json\">catalog.json</a> · built with errdocs</div>\n</footer>\n</body>\n</html>\n");
}

/// The `family` filter: `401` → `4xx`.
fn family(status: u16) -> String {
    format!("{}xx", status / 100)
}

/// `entry.html`'s `content` block.
fn content(o: &mut Out, e: &EntryView) {
    o.raw("\n\n<article class=\"entry\">\n<header class=\"page-head\">\n  <p class=\"eyebrow\"><span class=\"code-badge s")
        .esc(&family(e.status))
        .raw("\">")
        .num(e.status)
        .raw("</span> ")
        .esc(&e.parent.title);
    for s in &e.schemes {
        o.raw(" <span class=\"chip\">").esc(s).raw("</span>");
    }
    o.raw("</p>\n  <h1>")
        .esc(&e.title)
        .raw("</h1>\n  <p class=\"lede\">")
        .raw(&e.summary)
        .raw("</p>\n</header>\n<nav class=\"toc\" aria-label=\"On this page\"><ul>\n  ");
    if !e.recognize.is_empty() {
        o.raw("<li><a href=\"#recognize\">Recognise it</a></li>");
    }
    o.raw("\n  ");
    if !e.causes.is_empty() {
        o.raw("<li><a href=\"#causes\">Causes</a></li>");
    }
    o.raw("\n  <li><a href=\"#response\">Response</a></li>\n  ");
    if !e.pairs.is_empty() {
        o.raw("<li><a href=\"#samples\">Samples</a></li>");
    }
    o.raw("\n  ");
    if !e.fix.is_empty() {
        o.raw("<li><a href=\"#fix\">Fix</a></li>");
    }
    o.raw("\n</ul></nav>\n");
    if !e.details.is_empty() {
        o.raw("<div class=\"prose\">").raw(&e.details).raw("</div>");
    }
    o.raw("\n");
    items(
        o,
        "<section aria-labelledby=\"recognize\"><h2 id=\"recognize\">How to recognise it</h2><ul class=\"checks\">",
        &e.recognize,
        "</ul></section>",
    );
    o.raw("\n");
    items(
        o,
        "<section aria-labelledby=\"causes\"><h2 id=\"causes\">Causes</h2><ul>",
        &e.causes,
        "</ul></section>",
    );
    o.raw("\n<section aria-labelledby=\"response\"><h2 id=\"response\">The response</h2>\n");
    response(o, &e.response, "As sent on the wire");
    o.raw("\n</section>\n");
    if !e.pairs.is_empty() {
        o.raw("<section aria-labelledby=\"samples\"><h2 id=\"samples\">Incorrect and correct requests</h2>\n<p class=\"hint\">Highlighted lines differ between the two requests.</p>\n");
        for p in &e.pairs {
            o.raw("<div class=\"pair\" data-pair id=\"")
                .esc(&p.id)
                .raw("\">\n<h3>")
                .esc(&p.title)
                .raw("</h3>\n");
            if !p.description.is_empty() {
                o.raw("<div class=\"prose\">")
                    .raw(&p.description)
                    .raw("</div>");
            }
            o.raw("\n<div class=\"pair-grid\">\n");
            side(o, &p.incorrect);
            o.raw("\n");
            side(o, &p.correct);
            o.raw("\n</div>\n</div>\n");
        }
        o.raw("</section>");
    }
    o.raw("\n");
    items(
        o,
        "<section aria-labelledby=\"fix\"><h2 id=\"fix\">How to fix it</h2><ol class=\"steps\">",
        &e.fix,
        "</ol></section>",
    );
    o.raw("\n");
    if !e.related.is_empty() {
        o.raw("<section aria-labelledby=\"related\"><h2 id=\"related\">Related</h2>");
        link_list(o, &e.related, "links");
        o.raw("</section>");
    }
    o.raw("\n");
    if !e.siblings.is_empty() {
        o.raw("<section aria-labelledby=\"siblings\"><h2 id=\"siblings\">Other ")
            .num(e.status)
            .raw(" cases</h2>");
        link_list(o, &e.siblings, "links compact");
        if e.siblings_total > e.siblings.len() {
            o.raw("<p class=\"more\"><a href=\"")
                .esc(&e.parent.url)
                .raw("#cases\">All ")
                .num(e.siblings_total + 1)
                .raw(" ")
                .num(e.status)
                .raw(" cases</a></p>");
        }
        o.raw("</section>");
    }
    o.raw("\n");
    references(o, &e.references);
    o.raw("\n</article>\n");
}

/// A section of `<li>` items (HTML, printed as it is) between `open` and `close`, when there is
/// any item.
fn items(o: &mut Out, open: &str, items: &[String], close: &str) {
    if items.is_empty() {
        return;
    }
    o.raw(open);
    for item in items {
        o.raw("<li>").raw(item).raw("</li>");
    }
    o.raw(close);
}

/// The `response` macro.
fn response(o: &mut Out, r: &ResponseView, label: &str) {
    o.raw(
        "<figure class=\"response\">\n<figcaption class=\"code-head\"><span class=\"code-title\">",
    )
    .esc(label)
    .raw("</span> <span class=\"status-pill s")
    .esc(&family(r.status))
    .raw("\">")
    .num(r.status)
    .raw(" ")
    .esc(&r.reason)
    .raw("</span></figcaption>\n<pre class=\"code wire\" tabindex=\"0\"><code>")
    .raw(&r.html)
    .raw("</code></pre>\n</figure>");
}

/// The `side` macro.
fn side(o: &mut Out, s: &SideView) {
    o.raw("<section class=\"side side-")
        .esc(s.verdict)
        .raw("\" data-verdict=\"")
        .esc(s.verdict)
        .raw("\">\n<h4 class=\"verdict\">");
    if s.verdict == "incorrect" {
        o.raw("<span class=\"verdict-icon\" aria-hidden=\"true\">✕</span> Incorrect");
    } else {
        o.raw("<span class=\"verdict-icon\" aria-hidden=\"true\">✓</span> Correct");
    }
    o.raw("</h4>\n").raw(&s.sample).raw("\n");
    if let Some(r) = &s.response {
        response(o, r, "Response");
    }
    o.raw("\n");
    if !s.note.is_empty() {
        o.raw("<p class=\"note\">").raw(&s.note).raw("</p>");
    }
    o.raw("\n</section>");
}

/// The `link_list` macro.
fn link_list(o: &mut Out, links: &[LinkView], class: &str) {
    o.raw("<ul class=\"").esc(class).raw("\">\n");
    for l in links {
        o.raw(&l.html).raw("\n");
    }
    o.raw("</ul>");
}

/// The `references` macro.
fn references(o: &mut Out, refs: &[ReferenceView]) {
    if refs.is_empty() {
        return;
    }
    o.raw("<section class=\"refs\" aria-labelledby=\"references\"><h2 id=\"references\">References</h2><ul>\n");
    for r in refs {
        o.raw("<li><a href=\"")
            .esc(&r.url)
            .raw("\" rel=\"noopener\">")
            .esc(&r.title)
            .raw("</a></li>\n");
    }
    o.raw("</ul></section>");
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::render::{PageJob, RenderOptions, Renderer};

    /// Renders every entry of the site at `root` both ways and compares the bytes; returns how
    /// many entries there were.
    fn assert_same_as_tera(root: &Path) -> usize {
        let checked = crate::site::check(root);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let theme = crate::assets::load_theme(root).unwrap();
        assert!(is_default(&theme));
        let options = RenderOptions {
            config: &checked.config,
            theme: &theme,
            languages: &checked.languages,
        };
        let base = checked.config.base_path();
        let renderer = Renderer::new(&checked.catalog, &options, &base).unwrap();
        assert!(renderer.native_entries);
        for (i, entry) in checked.catalog.entries.iter().enumerate() {
            let native = renderer.native_entry(i);
            let tera = renderer.render_with_tera(PageJob::Entry(i)).unwrap();
            assert_eq!(native.path, tera.path);
            let (native, tera) = (native.pieces().concat(), tera.pieces().concat());
            if native != tera {
                let at = native.iter().zip(&tera).take_while(|(a, b)| a == b).count();
                let around = |bytes: &[u8]| {
                    String::from_utf8_lossy(
                        &bytes[at.saturating_sub(80)..(at + 80).min(bytes.len())],
                    )
                    .into_owned()
                };
                panic!(
                    "{}: the pages differ at byte {at}\nnative: {}\ntera:   {}",
                    entry.id,
                    around(&native),
                    around(&tera)
                );
            }
        }
        checked.catalog.entries.len()
    }

    #[test]
    fn the_shipped_site_entries_are_written_as_tera_writes_them() {
        assert!(assert_same_as_tera(Path::new(env!("CARGO_MANIFEST_DIR"))) > 10);
    }

    #[test]
    fn generated_entries_are_written_as_tera_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::synth::SynthOptions {
            entries: 300,
            seed: 11,
        };
        crate::synth::write_site(dir.path(), &options).unwrap();
        assert_eq!(assert_same_as_tera(dir.path()), 300);
    }

    #[test]
    fn entries_with_markup_in_every_field_are_written_as_tera_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for item in walkdir::WalkDir::new(&fixture) {
            let item = item.unwrap();
            let to = dir.path().join(item.path().strip_prefix(&fixture).unwrap());
            if item.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(item.path(), &to).unwrap();
            }
        }
        std::fs::write(
            dir.path().join("errdocs.toml"),
            "title = \"Acme <\\\"API\\\"> & 'co'\"\ndescription = \"Errors & <fixes>\"\nbase_url = \"/docs/\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("content/errors/401/odd-text.yaml"),
            concat!(
                "status: 401\n",
                "title: \"Quotes \\\" and <b>tags</b> & 'apostrophes'\"\n",
                "summary: \"A summary with <i>markup</i> & `code <x>`.\"\n",
                "schemes: [Bearer, Basic]\n",
                "details: \"<script>alert(1)</script> and **bold**\"\n",
                "recognize: [\"One <em>\\\"quoted\\\"</em> sign\"]\n",
                "response:\n",
                "  status: 401\n",
                "  reason: \"Unauthorized <now> & \\\"then\\\"\"\n",
                "  headers: {WWW-Authenticate: 'Bearer realm=\"a<b>\"'}\n",
                "samples:\n",
                "  - title: \"Pair <one> & 'two'\"\n",
                "    description: \"Some *prose* & <u>markup</u>.\"\n",
                "    incorrect:\n",
                "      request: {method: GET, url: \"https://api.example.com/v1/a?x=<1>&y='2'\"}\n",
                "    correct:\n",
                "      request:\n",
                "        method: GET\n",
                "        url: \"https://api.example.com/v1/a?x=<1>&y='2'\"\n",
                "        headers: {Authorization: \"Bearer ${ACCESS_TOKEN}\"}\n",
                "      note: \"A note & <tag>.\"\n",
                "fix: [\"Step <one> & 'two'\"]\n",
                "references:\n",
                "  - title: \"RFC <6750> & \\\"more\\\"\"\n",
                "    url: \"https://example.com/?a=1&b='2'\"\n",
            ),
        )
        .unwrap();
        assert_eq!(assert_same_as_tera(dir.path()), 4);
    }

    #[test]
    fn an_override_of_any_template_of_the_entry_page_turns_the_writer_off() {
        let mut theme = crate::assets::load_theme(Path::new("/nonexistent")).unwrap();
        assert!(is_default(&theme));
        for name in TEMPLATES {
            let mut changed = theme.clone();
            changed
                .templates
                .get_mut(name)
                .unwrap()
                .push_str("<!-- changed -->");
            assert!(!is_default(&changed), "{name}");
        }
        theme.templates.insert("guide.html".into(), "other".into());
        assert!(is_default(&theme), "templates entry pages do not use");
    }
}
