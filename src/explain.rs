//! An entry for the terminal, as `rustc --explain` shows a compiler error: title, status, summary,
//! how to recognise it, the response on the wire, the paired requests and the fix, as plain text
//! wrapped to 80 columns.
//!
//! Markdown is reduced to readable text: emphasis marks go, inline code keeps its backticks, a link
//! shows its target after the text, lists keep their bullets and numbers, code blocks are indented
//! and never wrapped. This module reads the checked catalog and returns a string; it prints nothing.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::catalog::model::Entry;
use crate::catalog::reason::reason_phrase;
use crate::render::sample::response_text;
use crate::samples::{Lang, generate, to_text};
use crate::site::Checked;

/// The width prose is wrapped to.
pub const WIDTH: usize = 80;

/// The entry `id` (e.g. `401/expired-token`) as terminal text, or `None` when there is no such entry.
#[must_use]
pub fn explain_entry(checked: &Checked, id: &str) -> Option<String> {
    let id = checked.catalog.id_of(id);
    let loaded = checked.catalog.entries.iter().find(|e| e.id == id)?;
    let entry = &loaded.value;
    let mut out = String::new();
    let reason = reason_phrase(entry.status).unwrap_or("");
    let _ = writeln!(out, "{id}: {}", markdown_text(&entry.title, WIDTH).trim());
    let mut facts = vec![format!("{} {reason}", entry.status).trim_end().to_owned()];
    if !entry.schemes.is_empty() {
        facts.push(format!("schemes: {}", entry.schemes.join(", ")));
    }
    if !entry.tags.is_empty() {
        facts.push(format!("tags: {}", entry.tags.join(", ")));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    out.push_str(&markdown_text(&entry.summary, WIDTH));
    if let Some(details) = &entry.details {
        out.push('\n');
        out.push_str(&markdown_text(details, WIDTH));
    }
    items(&mut out, "How to recognise it", &entry.recognize, false);
    items(&mut out, "Causes", &entry.causes, false);
    heading(&mut out, "The response");
    out.push_str(&indent(&response_text(&entry.response), 4));
    samples(&mut out, entry);
    items(&mut out, "How to fix it", &entry.fix, true);
    if !entry.related.is_empty() {
        heading(&mut out, "See also");
        out.push_str(&wrap(&entry.related.join(", "), WIDTH, 4, 4));
    }
    if !entry.references.is_empty() {
        heading(&mut out, "References");
        for r in &entry.references {
            out.push_str(&wrap(&format!("{} <{}>", r.title, r.url), WIDTH, 4, 6));
        }
    }
    Some(out)
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n");
}

/// A titled list of Markdown items, bulleted or numbered.
fn items(out: &mut String, title: &str, list: &[String], numbered: bool) {
    if list.is_empty() {
        return;
    }
    heading(out, title);
    for (i, item) in list.iter().enumerate() {
        let marker = if numbered {
            format!("{}. ", i + 1)
        } else {
            "- ".to_owned()
        };
        let hang = 4 + marker.len();
        let body = markdown_text(item, WIDTH - hang);
        let mut lines = body.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "    {marker}{first}");
        }
        for line in lines {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{}{line}", " ".repeat(hang));
            }
        }
    }
}

/// Each sample pair: its title, then the failing and the working request as raw HTTP.
fn samples(out: &mut String, entry: &Entry) {
    for pair in &entry.samples {
        heading(
            out,
            &format!("Example: {}", markdown_text(&pair.title, WIDTH).trim()),
        );
        for (label, side) in [("Fails", &pair.incorrect), ("Works", &pair.correct)] {
            let _ = writeln!(out, "  {label}:");
            out.push_str(&indent(&to_text(&generate(&side.request, Lang::Http)), 4));
            if let Some(note) = &side.note {
                out.push('\n');
                let note = markdown_text(&format!("Note: {note}"), WIDTH - 4);
                out.push_str(&indent(&note, 4));
            }
        }
    }
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

/// Wraps `text` at word boundaries to `width` columns: the first line indented by `first`, the
/// rest by `rest`. A word longer than a line stays whole.
#[must_use]
pub fn wrap(text: &str, width: usize, first: usize, rest: usize) -> String {
    let mut out = String::new();
    let mut line = " ".repeat(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let used = line.chars().count();
        if !empty && used + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Markdown reduced to plain text wrapped to `width` columns. Paragraphs are separated by an empty
/// line, list items are not; code blocks keep their lines, indented by four spaces.
#[must_use]
pub fn markdown_text(markdown: &str, width: usize) -> String {
    let mut reducer = Reducer {
        width,
        ..Reducer::default()
    };
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        reducer.event(event);
    }
    reducer.flush();
    let mut out = String::new();
    let mut previous_item = false;
    for (i, (block, item)) in reducer.blocks.iter().enumerate() {
        if i > 0 && !(previous_item && *item) {
            out.push('\n');
        }
        out.push_str(block);
        previous_item = *item;
    }
    out
}

/// Collects Markdown events into blocks of wrapped text.
#[derive(Default)]
struct Reducer {
    width: usize,
    /// Each block's text and whether it is a list item.
    blocks: Vec<(String, bool)>,
    text: String,
    links: Vec<String>,
    lists: Vec<Option<u64>>,
    prefix: String,
    code: Option<String>,
}

impl Reducer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(t) => match &mut self.code {
                Some(code) => code.push_str(&t),
                None => self.text.push_str(&t),
            },
            Event::Code(t) => {
                let _ = write!(self.text, "`{t}`");
            }
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => self.links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::List(start)) => {
                self.flush();
                self.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => self.start_item(),
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                let code = self.code.take().unwrap_or_default();
                self.blocks.push((indent(&code, 4), false));
            }
            Event::Start(Tag::Heading { .. }) => self.flush(),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => self.flush(),
            Event::End(TagEnd::TableCell) => self.text.push_str(" | "),
            _ => {}
        }
    }

    fn end_link(&mut self) {
        let Some(dest) = self.links.pop() else {
            return;
        };
        let shown = match dest.strip_prefix('@') {
            Some(id) => format!(" (see {id})"),
            None if self.text.ends_with(&dest) => String::new(),
            None => format!(" <{dest}>"),
        };
        self.text.push_str(&shown);
    }

    fn start_item(&mut self) {
        self.flush();
        let depth = self.lists.len().saturating_sub(1) * 2;
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            _ => "- ".to_owned(),
        };
        self.prefix = format!("{}{marker}", " ".repeat(depth));
    }

    /// Ends the current block of text, wrapping it under the current list marker.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let prefix = std::mem::take(&mut self.prefix);
        if text.trim().is_empty() {
            if !prefix.is_empty() {
                self.prefix = prefix;
            }
            return;
        }
        let hang = if prefix.is_empty() {
            self.lists.len().saturating_sub(1) * 2 + if self.lists.is_empty() { 0 } else { 2 }
        } else {
            prefix.len()
        };
        let wrapped = wrap(&format!("{prefix}{}", text.trim()), self.width, 0, hang);
        self.blocks.push((wrapped, !self.lists.is_empty()));
    }
}

#[cfg(test)]
mod tests;
