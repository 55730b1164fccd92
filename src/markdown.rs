//! Markdown as text: the parser's options, and what the stages read from a Markdown text without
//! rendering it (its plain text, its link destinations, its headings and their ids, how deep its
//! elements nest). Used by `resolve`, `lint`, `render` and the search index alike, so it sits below
//! all of them; rendering Markdown to HTML is `render::markdown`. Owns no I/O.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// The `##` and `###` headings of a Markdown document with the ids `render::markdown::render` gives them, without
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

/// What the lints need to know of a Markdown text, found in one pass over the parser's events.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Inspection {
    /// Every link and image destination, as written (after entity decoding).
    pub destinations: Vec<String>,
    /// The byte offset where its rendered elements (Markdown's own and raw HTML's) first nest
    /// deeper than [`MAX_NESTING`], if they do; nothing after that point is looked at.
    pub too_deep: Option<usize>,
}

/// Inspects a Markdown text: see [`Inspection`].
#[must_use]
pub fn inspect(markdown: &str) -> Inspection {
    let mut found = Inspection::default();
    let mut depth = 0usize;
    let mut open: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = tag {
                    found.destinations.push(dest_url.into_string());
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(at) = scan_tags(&html, &mut open, depth) {
                    found.too_deep = Some(range.start + at.min(range.len()));
                    return found;
                }
            }
            _ => {}
        }
        if depth + open.len() > MAX_NESTING {
            found.too_deep = Some(range.start);
            return found;
        }
    }
    found
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

/// The plain text of a Markdown snippet (for titles, descriptions and search).
#[must_use]
pub fn plain_text(markdown: &str) -> String {
    searchable_text(markdown)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plain text as Markdown that shows it as it is: every ASCII punctuation character that could start
/// markup is backslash-escaped, and line breaks become spaces (CommonMark §2.4).
#[must_use]
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The text of a Markdown snippet's events, a space for each break, whitespace as it comes: what
/// the search index reads, whose terms break at any whitespace.
#[must_use]
pub fn searchable_text(markdown: &str) -> String {
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
    Parser::new_ext(markdown, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url
                .strip_prefix('@')
                .map(|d| d.split('#').next().unwrap_or("").to_owned()),
            _ => None,
        })
        .collect()
}

/// Gives `##`–`####` headings unique ids from their text and collects them.
pub(crate) fn number_headings(events: &mut [Event<'_>]) -> Vec<Heading> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_renders_as_itself() {
        let text = "*not* [a link](x) <b>&amp;</b>\n# no heading";
        let escaped = escape_text(text);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&escaped));
        assert_eq!(
            html.trim(),
            "<p>*not* [a link](x) &lt;b&gt;&amp;amp;&lt;/b&gt; # no heading</p>"
        );
    }
}
