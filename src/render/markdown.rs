//! Markdown to safe HTML.
//!
//! pulldown-cmark parses; fenced code is highlighted by `highlight`; headings get stable ids;
//! `@id` link destinations become site URLs; and the result passes through ammonia, so raw HTML in
//! the catalog can never run script in the site. Owns no I/O.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

use super::highlight::highlight;

/// A heading of a rendered document, for a table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// Level (2 for `##`).
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
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

/// The `##` and `###` headings of a Markdown document with the ids [`render`] gives them, without
/// rendering it.
#[must_use]
pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    number_headings(&mut events)
}

/// How deep the elements of a rendered Markdown text may nest. The HTML parser behind the
/// sanitiser checks the open elements at every tag, so its time grows with depth times length:
/// bounding the depth keeps a page's cost linear in its size. Real documents nest a dozen levels.
pub const MAX_NESTING: usize = 100;

/// Elements that never hold others.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that a start tag of the same kind closes (`<li>a<li>b` holds two siblings).
const SELF_CLOSING_SIBLINGS: [&str; 8] = ["li", "p", "dt", "dd", "tr", "td", "th", "option"];

/// The byte offset in `markdown` where its rendered elements (Markdown's own and raw HTML's)
/// first nest deeper than [`MAX_NESTING`], if they do. One pass over the parser's events.
#[must_use]
pub fn too_deep(markdown: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut open: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(at) = scan_tags(&html, &mut open, depth) {
                    return Some(range.start + at.min(range.len()));
                }
            }
            _ => {}
        }
        if depth + open.len() > MAX_NESTING {
            return Some(range.start);
        }
    }
    None
}

/// Follows the start and end tags of raw HTML, keeping the open elements in `open`; returns the
/// offset in `html` of the tag that makes `base + open.len()` exceed [`MAX_NESTING`].
fn scan_tags(html: &str, open: &mut Vec<String>, base: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + lt;
        let rest = &html[at + 1..];
        if rest.starts_with("!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| at + 1 + e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let end = rest.find('>').map_or(bytes.len(), |e| at + 1 + e + 1);
        i = end.max(at + 1);
        if name.is_empty() {
            continue;
        }
        if closing {
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                open.truncate(k);
            }
            continue;
        }
        if VOID.contains(&name.as_str()) || html[at..i].ends_with("/>") {
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && open.last() == Some(&name) {
            open.pop();
        }
        open.push(name);
        if base + open.len() > MAX_NESTING {
            return Some(at);
        }
    }
    None
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
    if let Some(html) = simple_inline(markdown) {
        return html;
    }
    parsed_inline(markdown, links)
}

/// [`render_inline`] through pulldown-cmark, for any Markdown.
fn parsed_inline(markdown: &str, links: &dyn LinkResolver) -> String {
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

/// The plain text of a Markdown snippet (for titles, descriptions and search).
#[must_use]
pub fn plain_text(markdown: &str) -> String {
    if is_plain(markdown) {
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_plain_text(markdown)
}

/// The words of a Markdown snippet as [`plain_text`] gives them, with the spaces between them as
/// they come, often the text itself: for the search index, whose terms break at any whitespace.
#[must_use]
pub fn searchable_text(markdown: &str) -> Cow<'_, str> {
    if is_plain(markdown) {
        Cow::Borrowed(markdown)
    } else {
        Cow::Owned(parsed_text(markdown))
    }
}

/// [`plain_text`] by parsing, whatever the text.
fn parsed_plain_text(markdown: &str) -> String {
    parsed_text(markdown)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a Markdown snippet's events, a space for each break, whitespace as it comes.
fn parsed_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out
}

/// Every `@id` link destination in a Markdown text, for reference checking.
#[must_use]
pub fn link_ids(markdown: &str) -> Vec<String> {
    if !may_link(markdown) {
        return Vec::new();
    }
    Parser::new_ext(markdown, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url
                .strip_prefix('@')
                .map(|d| d.split('#').next().unwrap_or("").to_owned()),
            _ => None,
        })
        .collect()
}

/// Every link and image destination in a Markdown text, as written (after entity decoding).
#[must_use]
pub fn link_destinations(markdown: &str) -> Vec<String> {
    if !may_link(markdown) {
        return Vec::new();
    }
    parsed_link_destinations(markdown)
}

/// [`link_destinations`] by parsing, whatever the text.
fn parsed_link_destinations(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// Whether a Markdown text is one paragraph of text without inline syntax, which shows exactly
/// what it says: one line that starts with a letter (so it opens no block: not a heading, list,
/// quote, table, code block or definition) and holds no character that starts inline syntax (code,
/// emphasis, strikethrough, links, images, footnotes, HTML, entities, escapes).
fn is_plain(markdown: &str) -> bool {
    markdown
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
        && !markdown.bytes().any(|b| b == b'`' || is_inline_syntax(b))
}

/// Whether a byte can start inline Markdown syntax, HTML, an entity or a table cell, or break the
/// line: what text needs to be free of to be written without the parser (backticks aside).
fn is_inline_syntax(b: u8) -> bool {
    matches!(
        b,
        b'\n' | b'\r' | b'\\' | b'*' | b'_' | b'~' | b'[' | b']' | b'!' | b'<' | b'>' | b'&' | b'|'
    )
}

/// Whether a text's only Markdown is code spans in single backticks, so that it renders as one
/// paragraph of its text with each span in `<code>`; most summaries and list items are such text.
///
/// Outside the code spans the text must be [`is_plain`] text (no other inline syntax, no HTML,
/// no entity, no line break, no tab) that starts with a letter or a code span, so it is one
/// paragraph; each code span must hold something, without a line break and not starting or ending
/// with a space (CommonMark strips one from each side), and the text may not end in whitespace
/// (it is trimmed from a paragraph). The tests compare what this allows with pulldown-cmark.
fn code_spans_only(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    // An odd number of backticks leaves the last one unmatched, and two or more together open a
    // span that only as many close: both are left to the parser.
    if !bytes
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'`')
        || bytes.last().is_some_and(|&b| b == b' ' || b == b'\t')
        || memchr::memchr_iter(b'`', bytes).count() % 2 == 1
        || memchr::memmem::find(bytes, b"``").is_some()
    {
        return false;
    }
    markdown.split('`').enumerate().all(|(i, part)| {
        let bytes = part.as_bytes();
        if i % 2 == 0 {
            !bytes.iter().any(|&b| b == b'\t' || is_inline_syntax(b))
        } else {
            let spaced = |b: Option<&u8>| b.is_none_or(|&b| b == b' ');
            !spaced(bytes.first()) && !spaced(bytes.last()) && !part.contains(['\n', '\r'])
        }
    })
}

/// The HTML of a [`code_spans_only`] text, written directly: pulldown-cmark takes many times
/// longer to find out that it is that simple. `None` for any other text.
fn simple_inline(markdown: &str) -> Option<String> {
    if !code_spans_only(markdown) {
        return None;
    }
    let mut html = String::with_capacity(markdown.len() + 32);
    for (i, part) in markdown.split('`').enumerate() {
        if i % 2 == 0 {
            html.push_str(part);
        } else {
            html.push_str("<code>");
            super::highlight::escape_text_into(&mut html, part);
            html.push_str("</code>");
        }
    }
    Some(html)
}

/// Whether a Markdown text can hold a link or an image at all. Every form of one starts with `[`
/// (`[text](url)`, `![alt](src)`, `[text][ref]`, `[ref]`) or is an autolink in `<…>`; a text
/// with neither, as most list items are, need not be parsed to know it links nowhere.
fn may_link(markdown: &str) -> bool {
    memchr::memchr2(b'[', b'<', markdown.as_bytes()).is_some()
}

fn resolve_links(events: &mut [Event<'_>], links: &dyn LinkResolver) {
    for event in events {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(target) = dest_url.strip_prefix('@')
        {
            let (id, fragment) = target
                .split_once('#')
                .map_or((target, None), |(i, f)| (i, Some(f)));
            if let Some(mut href) = links.href(id) {
                if let Some(f) = fragment {
                    href.push('#');
                    href.push_str(f);
                }
                *dest_url = CowStr::from(href);
            }
        }
    }
}

/// Gives `##`–`####` headings unique ids from their text and collects them.
fn number_headings(events: &mut [Event<'_>]) -> Vec<Heading> {
    let mut seen = HashSet::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level, id: None, ..
        }) = &events[i]
        {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = slugify(&text);
            let mut id = if base.is_empty() {
                "section".to_owned()
            } else {
                base.clone()
            };
            let mut n = 1;
            while !seen.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                headings.push(Heading {
                    level: level as u8,
                    id,
                    text,
                });
            }
            i = j;
        }
        i += 1;
    }
    headings
}

/// A URL fragment from heading text: lower-case ASCII words joined by hyphens.
#[must_use]
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// Replaces fenced code blocks with highlighted HTML.
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
            html::push_html(&mut slow, events.into_iter());
            let parse = |h: &str| scraper::Html::parse_fragment(h).root_element().html();
            assert_eq!(parse(&fast), parse(&sanitize(&slow)), "{md}");
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
    fn texts_skipped_unparsed_are_the_texts_without_links() {
        let texts = [
            "plain text with https://bare.example/path and www.example.com",
            "&#91;entity&#93;(https://a.example/) and \\[escaped\\](https://b.example/)",
            "(https://c.example/) `code` *em* ~~del~~ | a | b |",
            "see [the case](@401/x) and ![a diagram](d.svg)",
            "[ref]\n\n[ref]: https://d.example/",
            "an autolink <https://e.example/> and <mailto:a@example.com>",
        ];
        for text in texts {
            assert_eq!(
                link_destinations(text),
                parsed_link_destinations(text),
                "{text}"
            );
        }
        assert!(!may_link(texts[0]) && !may_link(texts[2]));
        assert_eq!(link_destinations(texts[5]).len(), 2);
        assert_eq!(link_ids(texts[3]), ["401/x"]);
    }

    /// Text near the line between plain and not: mostly words, now and then one piece of syntax.
    fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let words = prop::sample::select(vec![
            "a", "Z", "word", " ", "  ", "\t", "1", "é", "—", "'", "\"", ".", ",", "(", ")", ":",
            "=", "-", "+", "#", "1.", "1)", "    ",
        ]);
        let syntax = prop::sample::select(vec![
            "\n", "*", "_", ">", "<", "&", "&amp;", "`", "~", "~~", "|", "[", "]", "!", "\\",
            "[^1]", "\n---", "\n===", "\n- ", "\n1. ", "\n    ",
        ]);
        let piece = prop_oneof![8 => words, 1 => syntax];
        prop::collection::vec(piece, 0..16).prop_map(|p| p.concat())
    }

    /// Lines of words and code spans, now and then with other syntax or an odd space.
    fn inline_code_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let words = prop::sample::select(vec![
            "a", "Word", " ", "  ", "401", "é", "—", "'", "\"", ".", ",", ";", "(", ")", ":", "=",
            "-", "+", "#", "/", "?", "%", "$", "{", "}", "^", "@", "\u{a0}",
        ]);
        let code = prop::sample::select(vec![
            "`",
            "`x`",
            "`invalid_token`",
            "`a b`",
            "` a`",
            "`a `",
            "` `",
            "``",
            "`<&>`",
            "`*_[`",
            "`\\`",
            "```",
            "`\n`",
            "`é`",
        ]);
        let syntax = prop::sample::select(vec![
            "\n", "*", "_", ">", "<", "&", "~", "|", "[", "]", "!", "\\", "\t", "\r", "1. ", "# ",
        ]);
        let piece = prop_oneof![6 => words, 3 => code, 1 => syntax];
        prop::collection::vec(piece, 0..14).prop_map(|p| p.concat())
    }

    #[test]
    fn common_inline_text_takes_the_shortcut() {
        for text in [
            "The dataset request carries an archived value, so the server answers `401`; correct it.",
            "`WWW-Authenticate` names the scheme: `Bearer realm=\"api\"` and `error=\"<x>\"`.",
            "A proxy rewrites the request on the way — the request looks fine in the client's logs.",
        ] {
            assert_eq!(
                simple_inline(text).as_deref(),
                Some(parsed_inline(text, &NoLinks).as_str()),
                "{text}"
            );
        }
        for text in [
            "a *b*", "a `b", "a `` b``", "1. a", "a ` b`", "a\nb", "a ", "[a](b)",
        ] {
            assert_eq!(simple_inline(text), None, "{text}");
        }
    }

    /// Every pair of ASCII characters, tab and line breaks in the shapes around and inside a code
    /// span: where the shortcut answers, it must answer what the parser does.
    #[test]
    fn inline_shortcut_agrees_with_the_parser_for_every_character_pair() {
        let chars: Vec<char> = (0x20u8..0x7f)
            .map(char::from)
            .chain(['\t', '\n', '\r'])
            .collect();
        let mut taken = 0;
        for &a in &chars {
            for &b in &chars {
                for text in [
                    format!("w{a}{b}x"),
                    format!("w {a}{b} x"),
                    format!("`{a}{b}`"),
                    format!("w `{a}{b}` x"),
                    format!("w{a}`x{b}`{a}"),
                ] {
                    if let Some(html) = simple_inline(&text) {
                        taken += 1;
                        assert_eq!(html, parsed_inline(&text, &NoLinks), "{text:?}");
                    }
                }
            }
        }
        assert!(taken > 10_000, "only {taken} texts took the shortcut");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        #[test]
        fn inline_shortcut_answers_only_what_the_parser_would(text in inline_code_text()) {
            if let Some(html) = simple_inline(&text) {
                proptest::prop_assert_eq!(html, parsed_inline(&text, &NoLinks));
            }
        }

        #[test]
        fn plain_text_skips_parsing_only_where_parsing_changes_nothing(text in markdownish()) {
            proptest::prop_assert_eq!(plain_text(&text), parsed_plain_text(&text));
        }

        #[test]
        fn searchable_text_has_the_search_terms_of_plain_text(text in markdownish()) {
            proptest::prop_assert_eq!(
                crate::search::tokenize::tokens(&searchable_text(&text)),
                crate::search::tokenize::tokens(&plain_text(&text))
            );
        }
    }

    /// Every pair of ASCII punctuation and line-break characters, in the shapes where Markdown turns
    /// them into syntax (around a word, doubled, before a parenthesis): the shortcut must agree
    /// with the parser on each, so no character that starts syntax is missing from its list.
    #[test]
    fn plain_text_agrees_with_the_parser_for_every_punctuation_pair() {
        let marks: Vec<char> = (0x21_u8..0x7f)
            .filter(u8::is_ascii_punctuation)
            .map(char::from)
            .chain(['\n', '\r', '\t'])
            .collect();
        for &x in &marks {
            for &y in &marks {
                for text in [
                    format!("a{x}b{y}c"),
                    format!("a {x}b{x} c"),
                    format!("a{x}{x}b{x}{x}"),
                    format!("a{x}b{y}(c)"),
                    format!("a{x}b{y}{x}"),
                    format!("a{x}{y}b"),
                    format!("a{x}#35;b{y}amp;c"),
                ] {
                    assert_eq!(plain_text(&text), parsed_plain_text(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn plain_prose_is_taken_as_it_is() {
        assert!(is_plain(
            "A 406 here is not a network problem — retry, e.g. later."
        ));
        for text in [
            "1. one",
            "# title",
            "a `code`",
            "a\nb",
            "x &amp; y",
            "- item",
        ] {
            assert!(!is_plain(text), "{text}");
        }
    }
}
