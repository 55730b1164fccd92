//! Writing Markdown that catalog text cannot break: plain text escaped so that nothing in it reads as
//! markup, code in fences longer than any backtick run it holds, URLs that stay one destination, and
//! catalog Markdown (which stays Markdown) held inside the block it is written in.
//!
//! Every function here returns text; the pages' structure is `twin`'s. Owns no I/O.

use std::borrow::Cow;
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::markdown::options;

/// Plain text as Markdown inline content that shows exactly this text: every character that could
/// start markup is escaped, line breaks become spaces.
#[must_use]
pub(crate) fn text(plain: &str) -> String {
    escape(plain, false)
}

/// [`text`] for the text of a link (`[…](…)`): `]` is written as a character reference, which
/// Markdown reads as `]` and line-based llms.txt parsers (which end a link's text at the first `]`)
/// do not take for the end of the text.
#[must_use]
pub(crate) fn link_text(plain: &str) -> String {
    escape(plain, true)
}

fn escape(plain: &str, in_link: bool) -> String {
    let plain = plain.trim();
    let mut out = String::with_capacity(plain.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        let at_start = previous.is_none();
        match c {
            '\r' | '\n' | '\t' => {
                if previous != Some(' ') {
                    out.push(' ');
                }
                previous = Some(' ');
                continue;
            }
            ']' if in_link => out.push_str("&#93;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A character reference (`&amp;`, `&#91;`) would be decoded.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            // An ATX heading's opening or closing sequence.
            '#' if at_start || previous.is_some_and(char::is_whitespace) => out.push_str("\\#"),
            // A list item, a thematic break or a setext underline at the start of a line.
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            // An ordered list item: `1.` or `1)` at the start.
            '.' | ')'
                if previous.is_some_and(|p| p.is_ascii_digit())
                    && out.bytes().all(|b| b.is_ascii_digit()) =>
            {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// `code` as a code span: delimited by a backtick run longer than any it holds, padded when it
/// starts or ends with a backtick. Line breaks become spaces, as they would anyway.
#[must_use]
pub(crate) fn code(code: &str) -> String {
    let code = code.replace(['\r', '\n'], " ");
    let ticks = "`".repeat(longest_run(&code, '`') + 1);
    let pad = if code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty())
    {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{code}{pad}{ticks}")
}

/// A fenced code block of `body` with the info string `info`, its fence longer than any backtick
/// run in the body, every line indented by `indent` (to sit inside a list item). Ends with a line
/// break.
#[must_use]
pub(crate) fn fence(info: &str, body: &str, indent: usize) -> String {
    let fence = "`".repeat(longest_run(body, '`').max(2) + 1);
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(body.len() + 2 * fence.len() + 16);
    let _ = writeln!(out, "{pad}{fence}{info}");
    for line in body.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{pad}{fence}");
    out
}

fn longest_run(text: &str, of: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A URL as a link destination: characters that would end or split it (space, `(`, `)`, `<`, `>`,
/// `\`, `` ` ``, `"`, `'`, `|`, control characters) are percent-encoded, which leaves the URL the
/// same to anything that follows it.
#[must_use]
pub(crate) fn url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_control() || " ()<>\\`\"'|".contains(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A link: `[text](url)`, both escaped.
#[must_use]
pub(crate) fn link(title: &str, href: &str) -> String {
    format!("[{}]({})", link_text(title), url(href))
}

/// Catalog Markdown (a block: details, a section's body, a guide) made safe to write between other
/// blocks: as it is when nothing in it stays open past its end (the usual case); with its last
/// fenced code block closed when that is what stays open; else shown as text in a code block. A
/// block that stayed open (a fence never closed, an HTML block never ended) would swallow everything
/// written after it.
#[must_use]
pub(crate) fn block(markdown: &str) -> Cow<'_, str> {
    let markdown = markdown.trim_end();
    if ends_closed(markdown) {
        return Cow::Borrowed(markdown);
    }
    if let Some(closed) = close_fence(markdown).filter(|m| ends_closed(m)) {
        return Cow::Owned(closed);
    }
    Cow::Owned(fence("markdown", markdown, 0).trim_end().to_owned())
}

/// A paragraph that must stand alone after a block that is closed.
const PROBE: &str = "errdocs-probe-paragraph";

/// Whether a paragraph written after `markdown` (and a blank line) is a paragraph of its own at
/// the top level, i.e. nothing in `markdown` is still open.
fn ends_closed(markdown: &str) -> bool {
    let text = format!("{markdown}\n\n{PROBE}\n");
    let mut depth = 0usize;
    // The last top-level event sequence must be: paragraph start, the probe's text, paragraph end.
    let mut last: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(&text, options()) {
        let top = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if top {
            last.clear();
        }
        if last.len() < 4 {
            last.push(event.into_static());
        }
    }
    matches!(
        last.as_slice(),
        [Event::Start(Tag::Paragraph), Event::Text(t), Event::End(TagEnd::Paragraph)] if &**t == PROBE
    )
}

/// `markdown` with its last fenced code block closed, when that block is still open at the end.
fn close_fence(markdown: &str) -> Option<String> {
    let (_, range) = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))))
        .last()?;
    if range.end < markdown.len() {
        return None;
    }
    let opening = markdown[range.start..].trim_start_matches(' ');
    let mark = opening.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = opening.chars().take_while(|c| *c == mark).count();
    Some(format!(
        "{markdown}\n{}",
        mark.to_string().repeat(length.max(3))
    ))
}

/// A list item: `marker` (`- `, `1. `) then `markdown`, every further line indented under the
/// first, so the whole text, whatever it holds, stays inside the item (a list item closes what is
/// open in it when it ends). `indent` is the item's own indentation. Ends with a line break.
#[must_use]
pub(crate) fn item(indent: usize, marker: &str, markdown: &str) -> String {
    let pad = " ".repeat(indent);
    let hang = " ".repeat(indent + marker.len());
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut lines = markdown.trim().lines();
    let _ = writeln!(out, "{pad}{marker}{}", lines.next().unwrap_or(""));
    for line in lines {
        if !line.trim().is_empty() {
            out.push_str(&hang);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// A block quote of `markdown`: every line marked, so the text stays inside the quote. Ends with a
/// line break.
#[must_use]
pub(crate) fn quote(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 8);
    for line in markdown.trim().lines() {
        if line.trim().is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Inline Markdown as one table cell: on one line, its pipes escaped (a table splits its rows at
/// every pipe not escaped, even inside code).
#[must_use]
pub(crate) fn cell(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 4);
    let mut backslashes = 0;
    for c in markdown.trim().chars() {
        match c {
            '\r' | '\n' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            '|' if backslashes % 2 == 0 => out.push_str("\\|"),
            _ => out.push(c),
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    // A trailing backslash would escape the pipe after the cell.
    if backslashes % 2 == 1 {
        out.push('\\');
    }
    out
}

/// Plain text on one line, whitespace collapsed (for a list note or a blockquote summary).
#[must_use]
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
