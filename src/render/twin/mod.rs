//! The Markdown version of every page, for agents and tools: at the page's URL with `.md` appended
//! (`401/expired-token/index.html.md`, the home page's `index.html.md`), with `llms.txt` listing them
//! and `llms-full.txt` holding them all (see `llms`).
//!
//! Each shows the facts its page shows, written for a reader: an entry's title, status, code,
//! summary, details, how to recognise it, causes, the documented response as raw HTTP, each pair with
//! both requests as raw HTTP and curl (from the `samples` generators, as the page's tabs), the
//! response each side gets, its notes and variants, then the fix, related pages and references.
//! Catalog Markdown stays Markdown, with `@id` links pointing at the other pages' Markdown versions;
//! plain catalog text is escaped, and code is fenced so that no catalog text can break the
//! structure (see `text`). Pages and links come from the same catalog links and page list as the
//! HTML. Owns no I/O.

mod llms;
mod text;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;

pub use llms::{LLMS_FULL, LLMS_TXT};

use super::markdown::{LinkResolver, rewrite_links};
use super::sample::{differing_parts, response_text};
use super::views::PageJob;
use crate::catalog::load::{Guide, Loaded};
use crate::catalog::model::{Comparison, Entry, Reference, Sample, StatusPage, Tree};
use crate::catalog::{Catalog, resolve::url_of};
use crate::config::Config;
use crate::markdown::plain_text;
use crate::page::Page;
use crate::samples::{Lang, Part, generate, to_text, wire_headers};

/// The file name of a page's Markdown version in its folder: the page's `index.html` with `.md`
/// appended, as the llms.txt proposal asks of URLs that end in a folder.
pub const TWIN_INDEX: &str = "index.html.md";

/// The path of the Markdown version of the page at `html_path` (`401/index.html` →
/// `401/index.html.md`).
#[must_use]
pub fn twin_path(html_path: &str) -> String {
    format!("{html_path}.md")
}

/// What the Markdown versions are made from: the catalog, the configuration and the base path, and
/// each item's summary as plain text (for the notes of link lists), made once.
pub(crate) struct Twins<'a> {
    catalog: &'a Catalog,
    config: &'a Config,
    base: &'a str,
    summaries: HashMap<&'a str, String>,
}

/// `@id` links resolve to the Markdown version of the item's page.
impl LinkResolver for Twins<'_> {
    fn href(&self, id: &str) -> Option<String> {
        self.catalog
            .link(id)
            .map(|l| format!("{}{}{TWIN_INDEX}", self.base, l.url))
    }
}

/// Where a page's heading leaves off: each element ends with a blank line, so the next one starts a
/// block of its own.
const GAP: &str = "\n\n";

impl<'a> Twins<'a> {
    pub(crate) fn new(catalog: &'a Catalog, config: &'a Config, base: &'a str) -> Self {
        let summaries = catalog
            .items()
            .par_iter()
            .map(|item| (item.id(), plain_text(item.summary())))
            .collect();
        Self {
            catalog,
            config,
            base,
            summaries,
        }
    }

    /// The Markdown version of a page; `None` for the page not found, which has none.
    pub(crate) fn render(&self, job: PageJob) -> Option<Page> {
        let c = self.catalog;
        let (html, markdown) = match job {
            PageJob::Home => ("index.html".to_owned(), self.home()),
            PageJob::Entry(i) => (page_of(&c.entries[i].id), self.entry(&c.entries[i])),
            PageJob::Status(i) => (page_of(&c.statuses[i].id), self.status(&c.statuses[i])),
            PageJob::Comparison(i) => (
                page_of(&c.comparisons[i].id),
                self.comparison(&c.comparisons[i]),
            ),
            PageJob::Tree(i) => (page_of(&c.trees[i].id), self.tree(&c.trees[i])),
            PageJob::Guide(i) => (page_of(&c.guides[i].id), self.guide(&c.guides[i])),
            PageJob::Guides => ("guides/index.html".to_owned(), self.guides()),
            PageJob::NotFound => return None,
        };
        let mut bytes = markdown.trim_end().to_owned().into_bytes();
        bytes.push(b'\n');
        Some(Page {
            path: twin_path(&html),
            bytes,
        })
    }

    /// The href of the Markdown version of item `id`.
    fn href_of(&self, id: &str) -> String {
        self.href(id).unwrap_or_default()
    }

    /// Catalog Markdown with its `@id` links pointing at Markdown versions.
    fn md<'m>(&self, markdown: &'m str) -> Cow<'m, str> {
        rewrite_links(markdown, self)
    }

    /// `- [title](href): summary` for item `id`, the summary as plain text.
    fn link_item(&self, id: &str) -> String {
        let title = self.catalog.link(id).map_or(id, |l| l.title.as_str());
        let summary = self.summaries.get(self.catalog.id_of(id));
        let mut line = format!("- {}", text::link(title, &self.href_of(id)));
        if let Some(summary) = summary.filter(|s| !s.is_empty()) {
            line.push_str(": ");
            line.push_str(&text::text(summary));
        }
        line.push('\n');
        line
    }

    fn home(&self) -> String {
        let c = self.catalog;
        let mut out = Doc::new(&self.config.title, &self.config.description, self);
        if let Some(home) = &c.home {
            out.block(&home.value.body);
        }
        out.links("Decision trees", c.trees.iter().map(|t| t.id.as_str()));
        out.links("Comparisons", c.comparisons.iter().map(|t| t.id.as_str()));
        for s in &c.statuses {
            let _ = write!(
                out.text,
                "## {}{GAP}",
                text::link(&s.value.title, &self.href_of(&s.id))
            );
            out.paragraph(&s.value.summary);
            let entries = c
                .entries
                .iter()
                .filter(|e| e.value.status == s.value.status);
            out.list(entries.map(|e| e.id.as_str()));
        }
        out.links("Guides", c.guides.iter().map(|g| g.id.as_str()));
        out.text
    }

    fn guides(&self) -> String {
        let description = format!("Guides of {}", self.config.title);
        let mut out = Doc::new("Guides", &text::text(&description), self);
        if self.catalog.guides.is_empty() {
            out.text.push_str("No guides yet.\n");
        }
        out.list(self.catalog.guides.iter().map(|g| g.id.as_str()));
        out.text
    }

    fn entry(&self, e: &Loaded<Entry>) -> String {
        let v = &e.value;
        let mut out = Doc::new(&v.title, &v.summary, self);
        let status = format!("status/{}", v.status);
        let mut facts = vec![format!(
            "Status: {} ({})",
            v.status,
            text::link(
                self.catalog.link(&status).map_or("", |l| l.title.as_str()),
                &self.href_of(&status)
            )
        )];
        if let Some(code) = &v.code {
            facts.push(format!("Error code: {}", text::code(code)));
        }
        for (name, list) in [("Schemes", &v.schemes), ("Tags", &v.tags)] {
            if !list.is_empty() {
                let names: Vec<String> = list.iter().map(|s| text::text(s)).collect();
                facts.push(format!("{name}: {}", names.join(", ")));
            }
        }
        for fact in facts {
            out.text.push_str(&text::item(0, "- ", &fact));
        }
        out.text.push('\n');
        if let Some(details) = &v.details {
            out.block(details);
        }
        out.items("How to recognise it", &v.recognize, false);
        out.items("Causes", &v.causes, false);
        out.heading(2, "The response");
        out.code("http", &response_text(&v.response));
        if !v.variants.is_empty() {
            out.heading(2, "Other responses of this error");
            for variant in &v.variants {
                out.heading(3, &variant.title);
                if let Some(when) = &variant.when {
                    out.block(when);
                }
                out.code("http", &response_text(&variant.response));
            }
        }
        if !v.samples.is_empty() {
            out.heading(2, "Incorrect and correct requests");
            for pair in &v.samples {
                out.heading(3, &pair.title);
                if let Some(description) = &pair.description {
                    out.block(description);
                }
                let parts = differing_parts(&pair.incorrect.request, &pair.correct.request);
                if !parts.is_empty() {
                    let words = differences(&parts, &pair.incorrect, &pair.correct);
                    let _ = write!(out.text, "The two requests differ in {words}.{GAP}");
                }
                for (label, side, incorrect) in [
                    ("Incorrect", &pair.incorrect, true),
                    ("Correct", &pair.correct, false),
                ] {
                    out.heading(4, label);
                    out.side(v, side, incorrect);
                }
            }
        }
        out.items("How to fix it", &v.fix, true);
        out.links("Related", v.related.iter().map(String::as_str));
        out.references(&v.references);
        out.text
    }

    fn status(&self, s: &Loaded<StatusPage>) -> String {
        let v = &s.value;
        let c = self.catalog;
        let mut out = Doc::new(&v.title, &v.summary, self);
        if !v.definition.trim().is_empty() {
            out.heading(2, "What it means");
            out.block(&v.definition);
        }
        out.items("What the server must send", &v.requirements, false);
        if let Some(response) = &v.response {
            out.heading(2, "A typical response");
            out.code("http", &response_text(response));
        }
        let entries = c.entries.iter().filter(|e| e.value.status == v.status);
        out.links("Cases", entries.map(|e| e.id.as_str()));
        let trees = c
            .trees
            .iter()
            .filter(|t| c.tree_statuses(t).contains(&v.status))
            .map(|t| t.id.as_str());
        let comparisons = c
            .comparisons
            .iter()
            .filter(|x| x.value.subjects.contains(&s.id))
            .map(|x| x.id.as_str());
        out.links("Diagnose and compare", trees.chain(comparisons));
        out.sections(&v.sections);
        out.links("Related", v.related.iter().map(String::as_str));
        out.references(&v.references);
        out.text
    }

    fn comparison(&self, x: &Loaded<Comparison>) -> String {
        let v = &x.value;
        let mut out = Doc::new(&v.title, &v.summary, self);
        if let Some(intro) = &v.intro {
            out.block(intro);
        }
        out.text.push_str("| Aspect |");
        for subject in &v.subjects {
            let title = self.catalog.link(subject).map_or("", |l| l.title.as_str());
            let _ = write!(out.text, " {} |", text::link(title, &self.href_of(subject)));
        }
        out.text.push_str("\n| --- |");
        out.text.push_str(&" --- |".repeat(v.subjects.len()));
        out.text.push('\n');
        for row in &v.rows {
            let _ = write!(out.text, "| {} |", text::cell(&self.md(&row.aspect)));
            for i in 0..v.subjects.len() {
                let value = row.values.get(i).map_or("", String::as_str);
                let _ = write!(out.text, " {} |", text::cell(&self.md(value)));
            }
            out.text.push('\n');
        }
        out.text.push('\n');
        out.sections(&v.sections);
        out.references(&v.references);
        out.text
    }

    fn tree(&self, t: &Loaded<Tree>) -> String {
        let v = &t.value;
        let mut out = Doc::new(&v.title, &v.summary, self);
        out.text.push_str(&self.tree_list(v));
        out.text
    }

    /// The tree as nested lists, from its first question: each question with its help, under it each
    /// answer, and under an answer the question it leads to, or the page it ends at. A question
    /// reached again is named, not repeated. Written with a stack, as a tree may be deep.
    fn tree_list(&self, tree: &Tree) -> String {
        let mut out = String::new();
        let mut shown: HashSet<&str> = HashSet::new();
        let question = |out: &mut String, id: &str, indent: usize| {
            if let Some(node) = tree.nodes.get(id) {
                let mut body = self.md(&node.question).into_owned();
                if let Some(help) = &node.help {
                    body.push_str(GAP);
                    body.push_str(&text::block(&self.md(help)));
                }
                out.push_str(&text::item(indent, "- ", &body));
            }
        };
        let mut stack: Vec<(&str, usize, usize)> = Vec::new();
        if tree.nodes.contains_key(&tree.start) {
            question(&mut out, &tree.start, 0);
            shown.insert(&tree.start);
            stack.push((&tree.start, 0, 0));
        }
        while let Some(top) = stack.last_mut() {
            let (id, next, indent) = *top;
            let Some(answer) = tree.nodes.get(id).and_then(|n| n.answers.get(next)) else {
                stack.pop();
                continue;
            };
            top.1 += 1;
            let label = text::text(&answer.label);
            let at = indent + 2;
            match (&answer.next, &answer.entry) {
                (Some(next), _) if shown.insert(next) => {
                    out.push_str(&text::item(at, "- ", &format!("{label}:")));
                    question(&mut out, next, at + 2);
                    stack.push((next, 0, at + 2));
                }
                (Some(next), _) => {
                    let asked = tree
                        .nodes
                        .get(next)
                        .map(|n| plain_text(&n.question))
                        .unwrap_or_default();
                    let line = format!("{label}: see “{}” above", text::text(&asked));
                    out.push_str(&text::item(at, "- ", &line));
                }
                (None, entry) => {
                    let target = entry.as_deref().unwrap_or_default();
                    let title = self.catalog.link(target).map_or("", |l| l.title.as_str());
                    let line = format!("{label}: {}", text::link(title, &self.href_of(target)));
                    out.push_str(&text::item(at, "- ", &line));
                }
            }
        }
        out
    }

    fn guide(&self, g: &Loaded<Guide>) -> String {
        let v = &g.value;
        let mut out = Doc::new(&v.meta.title, &v.meta.summary, self);
        out.block(&v.body);
        out.links("Related", v.meta.related.iter().map(String::as_str));
        out.text
    }
}

/// The parts two requests differ in, in words: `the method or URL, the `Authorization` header field
/// and the body`.
fn differences(parts: &HashSet<Part>, a: &Sample, b: &Sample) -> String {
    let mut headers: Vec<String> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Header(lower) => Some(lower.clone()),
            _ => None,
        })
        .collect();
    headers.sort();
    // Field names as the requests write them.
    let written: Vec<(String, String)> = wire_headers(&a.request)
        .into_iter()
        .chain(wire_headers(&b.request))
        .collect();
    let spelled = |lower: &str| {
        written
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(lower))
            .map_or_else(|| lower.to_owned(), |(name, _)| name.clone())
    };
    let mut words = Vec::new();
    if parts.contains(&Part::Target) {
        words.push("the method or URL".to_owned());
    }
    match headers.as_slice() {
        [] => {}
        [one] => words.push(format!("the {} header field", text::code(&spelled(one)))),
        many => {
            let names: Vec<String> = many.iter().map(|h| text::code(&spelled(h))).collect();
            words.push(format!("the header fields {}", names.join(", ")));
        }
    }
    if parts.contains(&Part::Body) {
        words.push("the body".to_owned());
    }
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The HTML path of item `id`'s page.
fn page_of(id: &str) -> String {
    format!("{}index.html", url_of(id))
}

/// One Markdown page being written: its text and the links it resolves.
struct Doc<'t> {
    text: String,
    twins: &'t Twins<'t>,
}

impl<'t> Doc<'t> {
    /// A page that opens with its title as the only level-one heading and its summary (Markdown)
    /// quoted under it.
    fn new(title: &str, summary: &str, twins: &'t Twins<'t>) -> Self {
        let mut text = format!("# {}{GAP}", text::text(title));
        if !summary.trim().is_empty() {
            text.push_str(&text::quote(&twins.md(summary)));
            text.push('\n');
        }
        Self { text, twins }
    }

    fn heading(&mut self, level: usize, title: &str) {
        let _ = write!(
            self.text,
            "{} {}{GAP}",
            "#".repeat(level),
            text::text(title)
        );
    }

    /// Catalog Markdown as blocks of the page.
    fn block(&mut self, markdown: &str) {
        if markdown.trim().is_empty() {
            return;
        }
        self.text.push_str(&text::block(&self.twins.md(markdown)));
        self.text.push_str(GAP);
    }

    /// Inline catalog Markdown as a paragraph.
    fn paragraph(&mut self, markdown: &str) {
        self.block(markdown);
    }

    fn code(&mut self, info: &str, body: &str) {
        self.text.push_str(&text::fence(info, body, 0));
        self.text.push('\n');
    }

    /// A titled list of catalog Markdown items, bulleted or numbered.
    fn items(&mut self, title: &str, list: &[String], numbered: bool) {
        if list.is_empty() {
            return;
        }
        self.heading(2, title);
        for (i, item) in list.iter().enumerate() {
            let marker = if numbered {
                format!("{}. ", i + 1)
            } else {
                "- ".to_owned()
            };
            self.text
                .push_str(&text::item(0, &marker, &self.twins.md(item)));
        }
        self.text.push('\n');
    }

    /// A list of links to items, each with its summary.
    fn list<'i>(&mut self, ids: impl Iterator<Item = &'i str>) {
        let before = self.text.len();
        for id in ids {
            self.text.push_str(&self.twins.link_item(id));
        }
        if self.text.len() > before {
            self.text.push('\n');
        }
    }

    /// A titled [`Doc::list`], left out when empty.
    fn links<'i>(&mut self, title: &str, ids: impl Iterator<Item = &'i str>) {
        let mut ids = ids.peekable();
        if ids.peek().is_some() {
            self.heading(2, title);
            self.list(ids);
        }
    }

    fn sections(&mut self, sections: &[crate::catalog::model::Section]) {
        for section in sections {
            self.heading(2, &section.title);
            self.block(&section.body);
        }
    }

    fn references(&mut self, references: &[Reference]) {
        if references.is_empty() {
            return;
        }
        self.heading(2, "References");
        for r in references {
            let _ = writeln!(self.text, "- {}", text::link(&r.title, &r.url));
        }
        self.text.push('\n');
    }

    /// One side of a pair: what must hold, the request as sent and as curl, the response it gets,
    /// and the note.
    fn side(&mut self, entry: &Entry, side: &Sample, incorrect: bool) {
        if let Some(later) = &side.later {
            self.paragraph(&format!("**The same request, sent later:** {later}"));
        }
        if let Some(given) = &side.given {
            self.paragraph(&format!("**Given:** {given}"));
        }
        self.text.push_str("The request as sent:\n\n");
        self.code("http", &to_text(&generate(&side.request, Lang::Http)));
        self.text.push_str("With curl:\n\n");
        self.code("sh", &to_text(&generate(&side.request, Lang::Curl)));
        if let Some(response) = entry.side_response(side, incorrect) {
            match side.variant.as_deref().and_then(|n| entry.variant(n)) {
                Some(variant) if side.response.is_none() => {
                    let _ = write!(
                        self.text,
                        "The response ({}):{GAP}",
                        text::text(&variant.title)
                    );
                }
                _ => self.text.push_str("The response:\n\n"),
            }
            self.code("http", &response_text(response));
        }
        if let Some(note) = &side.note {
            self.paragraph(&format!("**Note:** {note}"));
        }
    }
}
