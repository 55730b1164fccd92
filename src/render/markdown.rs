//! Markdown to safe HTML.
//!
//! pulldown-cmark parses (with the options of [`crate::markdown`]); fenced code is highlighted by
//! `highlight`; headings get stable ids; `@id` link destinations become site URLs; and the result
//! passes through ammonia, so raw HTML in the catalog can never run script in the site. Owns no
//! I/O.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

use super::highlight::highlight;
pub use crate::markdown::Heading;
use crate::markdown::{number_headings, options, slugify};

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// `##` and `###` headings in order.
    pub headings: Vec<Heading>,
}

/// Resolves `@id` link destinations to URLs.
pub trait LinkResolver {
    /// The href for `id` (with an optional `#fragment` kept by the caller), if the id exists.
    fn href(&self, id: &str) -> Option<String>;
}

/// Renders a Markdown document (block level).
///
/// Markdown without raw HTML, aligned table cells, images or footnotes, whose links all use a safe scheme, gives
/// HTML that is safe as pulldown-cmark writes it (it escapes every text and attribute), so it skips
/// the sanitiser, which would parse and rewrite it again for nothing; anything else goes through
/// ammonia. Both ways give links `rel="noopener"`.
#[must_use]
pub fn render(markdown: &str, links: &dyn LinkResolver) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let trusted = events.iter().all(is_trusted);
    resolve_links(&mut events, links);
    let headings = number_headings(&mut events);
    let mut events = highlight_code(events);
    let mut html = String::with_capacity(markdown.len() * 2);
    if trusted {
        add_rel(&mut events);
        html::push_html(&mut html, events.into_iter());
        return Rendered { html, headings };
    }
    html::push_html(&mut html, events.into_iter());
    Rendered {
        html: sanitize(&html),
        headings,
    }
}

/// Whether pulldown-cmark's HTML for this event needs no sanitising.
fn is_trusted(event: &Event<'_>) -> bool {
    match event {
        // Footnote references are links pulldown-cmark writes itself, without `rel`.
        Event::Html(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::Start(Tag::Image { .. }) => false,
        // Aligned cells carry a `style=` attribute, which the site's CSP forbids: ammonia drops it.
        Event::Start(Tag::Table(alignments)) => alignments
            .iter()
            .all(|a| matches!(a, pulldown_cmark::Alignment::None)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => matches!(link_type, pulldown_cmark::LinkType::Email) || safe_url(dest_url),
        _ => true,
    }
}

/// A relative URL, a catalog `@id`, or an absolute `http`, `https` or `mailto` URL.
fn safe_url(url: &str) -> bool {
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(c), Some(p)) if p < c => true,
        (Some(c), _) => {
            let scheme = url[..c].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// Writes link openings as ammonia would leave them: `rel="noopener"` after the other attributes.
fn add_rel(events: &mut [Event<'_>]) {
    for event in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let mut a = String::from("<a href=\"");
                if matches!(link_type, pulldown_cmark::LinkType::Email) {
                    a.push_str("mailto:");
                }
                let _ = pulldown_cmark_escape::escape_href(&mut a, dest_url);
                if !title.is_empty() {
                    a.push_str("\" title=\"");
                    let _ = pulldown_cmark_escape::escape_html(&mut a, title);
                }
                a.push_str("\" rel=\"noopener\">");
                *event = Event::InlineHtml(CowStr::from(a));
            }
            Event::End(TagEnd::Link) => *event = Event::InlineHtml(CowStr::Borrowed("</a>")),
            _ => {}
        }
    }
}

/// Renders one line of Markdown without the surrounding paragraph.
#[must_use]
pub fn render_inline(markdown: &str, links: &dyn LinkResolver) -> String {
    let html = render(markdown, links).html;
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

fn resolve_links(events: &mut [Event<'_>], links: &dyn LinkResolver) {
    for event in events {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(href) = at_href(dest_url, links)
        {
            *dest_url = CowStr::from(href);
        }
    }
}

/// The href of a link destination written `@id` or `@id#fragment` (the fragment kept), when the id
/// exists; `None` for any other destination.
fn at_href(dest: &str, links: &dyn LinkResolver) -> Option<String> {
    let target = dest.strip_prefix('@')?;
    let (id, fragment) = target
        .split_once('#')
        .map_or((target, None), |(i, f)| (i, Some(f)));
    let mut href = links.href(id)?;
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    Some(href)
}

/// The Markdown source with each `@id` link destination (of inline links and of link reference
/// definitions) replaced by the href `links` gives it, as [`render`] resolves them; nothing else is
/// touched. For the Markdown version of a page, where catalog text stays Markdown. A destination
/// the source does not spell as the parser reads it (written with an entity or a backslash escape)
/// is left as written.
#[must_use]
pub fn rewrite_links<'a>(markdown: &'a str, links: &dyn LinkResolver) -> Cow<'a, str> {
    if !markdown.contains('@') {
        return Cow::Borrowed(markdown);
    }
    let parser = Parser::new_ext(markdown, options());
    let mut edits: Vec<(Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| {
            let href = at_href(&def.dest, links)?;
            Some((destination_in(markdown, def.span.clone(), &def.dest)?, href))
        })
        .collect();
    for (event, range) in parser.into_offset_iter() {
        if let Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            ..
        }) = &event
            && let Some(href) = at_href(dest_url, links)
            && let Some(at) = destination_in(markdown, range, dest_url)
        {
            edits.push((at, href));
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(markdown);
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(markdown.len() + 32 * edits.len());
    let mut done = 0;
    for (range, href) in edits {
        if range.start < done {
            continue;
        }
        out.push_str(&markdown[done..range.start]);
        out.push_str(&href);
        done = range.end;
    }
    out.push_str(&markdown[done..]);
    Cow::Owned(out)
}

/// Where, within `span` of `markdown`, the destination `dest` is written: its last occurrence that
/// follows the `(` of an inline link, the `<` of a bracketed destination or the `:` of a reference
/// definition (whitespace between allowed), so a title that repeats it is not taken for it.
fn destination_in(markdown: &str, span: Range<usize>, dest: &str) -> Option<Range<usize>> {
    let text = markdown.get(span.clone())?;
    text.rmatch_indices(dest).find_map(|(at, _)| {
        let before = text[..at].trim_end();
        before
            .ends_with(['(', '<', ':'])
            .then(|| span.start + at..span.start + at + dest.len())
    })
}

/// Replaces fenced code blocks with highlighted HTML, and puts each table in a scrolling box.
fn highlight_code(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = code.take() {
                    let body = highlight(&buf, &lang);
                    let class = if lang.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"language-{}\"", slugify(&lang))
                    };
                    out.push(Event::Html(CowStr::from(format!(
                        "<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n"
                    ))));
                }
            }
            // A table scrolls inside its own box, so a wide one never widens the page.
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\">",
                )));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            other => out.push(other),
        }
    }
    out
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id"]);
        b.add_tag_attributes("input", ["type", "checked", "disabled"]);
        // Code blocks scroll sideways; keyboard users must be able to focus them to scroll.
        b.add_tag_attributes("pre", ["tabindex"]);
        b.add_tags(["input"]);
        b.link_rel(Some("noopener"));
        b
    })
}

/// Removes anything that could run script or break out of the page: only safe tags, attributes and
/// URL schemes survive.
#[must_use]
pub fn sanitize(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{inspect, link_ids, plain_text};

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn href(&self, id: &str) -> Option<String> {
            (id == "401/x").then(|| "/docs/401/x/".to_owned())
        }
    }

    #[test]
    fn script_and_javascript_urls_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            &NoLinks,
        )
        .html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Why it happens\n\n## Why it happens\n", &NoLinks);
        assert!(r.html.contains("<h2 id=\"why-it-happens\">"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"why-it-happens-2\">"),
            "{}",
            r.html
        );
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn rewrite_links_changes_only_at_destinations() {
        let source = "[a](@401/x#fix \"@401/x\") [b](https://x.example) [c][r] `[d](@401/x)`\n\n\
                      [r]: @401/x\n[s]: @401/unknown\n";
        assert_eq!(
            rewrite_links(source, &NoLinks),
            "[a](/docs/401/x/#fix \"@401/x\") [b](https://x.example) [c][r] `[d](@401/x)`\n\n\
             [r]: /docs/401/x/\n[s]: @401/unknown\n"
        );
        assert!(matches!(
            rewrite_links("no links here", &NoLinks),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn at_links_resolve_with_fragments() {
        let html = render_inline("see [this](@401/x#fix)", &NoLinks);
        assert_eq!(
            html,
            "see <a href=\"/docs/401/x/#fix\" rel=\"noopener\">this</a>"
        );
        assert_eq!(
            link_ids("[a](@401/y#z) [b](https://x.example)"),
            vec!["401/y".to_owned()]
        );
    }

    #[test]
    fn fenced_code_is_highlighted() {
        let html = render("```json\n{\"a\": 1}\n```\n", &NoLinks).html;
        assert!(
            html.contains("<pre class=\"code\" tabindex=\"0\"><code class=\"language-json\">"),
            "{html}"
        );
        assert!(html.contains("<span class=\"n\">1</span>"), "{html}");
    }

    #[test]
    fn trusted_markdown_skips_the_sanitiser_with_the_same_result() {
        for md in [
            "A [link](https://x.example/a?b=1&c=2 \"T\") and <me@x.example>, `code` & **bold**.",
            "## Head\n\n- [x] done\n- item [rel](../a/)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Footnote[^1].\n\n[^1]: The note.\n",
        ] {
            let fast = render(md, &NoLinks).html;
            let mut events: Vec<Event<'_>> = Parser::new_ext(md, options()).collect();
            number_headings(&mut events);
            let mut slow = String::new();
            html::push_html(&mut slow, highlight_code(events).into_iter());
            let parse = |h: &str| scraper::Html::parse_fragment(h).root_element().html();
            assert_eq!(parse(&fast), parse(&sanitize(&slow)), "{md}");
        }
    }

    #[test]
    fn tables_scroll_in_their_own_box() {
        for md in [
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "| a |\n|:-:|\n| <b>1</b> |\n",
        ] {
            let html = render(md, &NoLinks).html;
            assert!(
                html.starts_with("<div class=\"table-scroll\"><table>")
                    && html.trim_end().ends_with("</table>\n</div>"),
                "{html}"
            );
        }
    }

    #[test]
    fn untrusted_markdown_is_sanitised() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "<b onclick=x>hi</b>",
            "| a |\n|:-:|\n| 1 |\n",
            "![i](data:text/html,x)",
        ] {
            let html = render(md, &NoLinks).html;
            assert!(
                !html.contains("javascript") && !html.contains("JaVa"),
                "{html}"
            );
            assert!(
                !html.contains("onclick") && !html.contains("style="),
                "{html}"
            );
            assert!(!html.contains("data:"), "{html}");
        }
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("The `exp` claim **passed**."),
            "The exp claim passed."
        );
    }

    #[test]
    fn link_destinations_are_read_as_the_parser_reads_them() {
        assert!(
            inspect("plain https://bare.example/ and www.example.com")
                .destinations
                .is_empty()
        );
        assert!(
            inspect("&#91;entity&#93;(https://a.example/) \\[x\\](https://b.example/)")
                .destinations
                .is_empty()
        );
        assert_eq!(
            inspect("an autolink <https://e.example/> and <mailto:a@example.com>")
                .destinations
                .len(),
            2
        );
        assert_eq!(
            link_ids("see [the case](@401/x) and ![a diagram](d.svg)"),
            ["401/x"]
        );
        assert_eq!(
            inspect("[ref]\n\n[ref]: https://d.example/").destinations,
            ["https://d.example/"]
        );
    }

    #[test]
    fn inline_markdown_drops_its_paragraph() {
        assert_eq!(
            render_inline(
                "`WWW-Authenticate` names the scheme: `Bearer realm=\"api\"`.",
                &NoLinks
            ),
            "<code>WWW-Authenticate</code> names the scheme: <code>Bearer realm=\"api\"</code>."
        );
        assert_eq!(render_inline("a *b*", &NoLinks), "a <em>b</em>");
    }
}
