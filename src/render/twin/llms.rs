//! `llms.txt` and `llms-full.txt`, as the llms.txt proposal (llmstxt.org) lays them out.
//!
//! `llms.txt`: an H1 with the site's title, its description as a blockquote, a paragraph on what the
//! links lead to, then H2 sections whose only lines are links to the Markdown version of pages
//! (`- [title](url): summary`): status overviews, each status's entries, comparisons, decision trees
//! and guides; last an "Optional" section with what an agent may skip. `llms-full.txt`: the
//! Markdown version of every page in that order, in one document. Both are made from the catalog
//! alone, like `sitemap.xml`.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::{TWIN_INDEX, Twins, text};
use crate::page::Page;
use crate::render::views::{CATALOG_JSON, PageJob};

/// The path of `llms.txt` in the output.
pub const LLMS_TXT: &str = "llms.txt";

/// The path of `llms-full.txt` in the output.
pub const LLMS_FULL: &str = "llms-full.txt";

/// How many pages of `llms-full.txt` are rendered at once (in parallel) before they are written:
/// enough to keep every thread busy, few enough that the file is never held whole.
const CHUNK: usize = 256;

/// What the description says when the configuration has none.
const DESCRIPTION: &str = "The errors of an HTTP API: what each one means, how to recognise it, \
the response as sent, requests that fail and requests that work, and how to fix it.";

impl Twins<'_> {
    /// The site's description on one line, for the blockquote both files open with.
    fn summary(&self) -> String {
        let description = text::one_line(&self.config.description);
        text::text(if description.is_empty() {
            DESCRIPTION
        } else {
            &description
        })
    }

    /// Every page that has a Markdown version, in the order `llms.txt` lists them: status
    /// overviews, the entries of each status, comparisons, trees, guides, then the home page and the
    /// guides index.
    pub(crate) fn order(&self) -> Vec<PageJob> {
        let c = self.catalog;
        let mut jobs: Vec<PageJob> = (0..c.statuses.len()).map(PageJob::Status).collect();
        // Entries are sorted by status, as the statuses are: each status's entries follow in turn.
        jobs.extend((0..c.entries.len()).map(PageJob::Entry));
        jobs.extend((0..c.comparisons.len()).map(PageJob::Comparison));
        jobs.extend((0..c.trees.len()).map(PageJob::Tree));
        jobs.extend((0..c.guides.len()).map(PageJob::Guide));
        jobs.extend([PageJob::Home, PageJob::Guides]);
        jobs
    }

    /// `llms.txt`.
    pub(crate) fn llms_txt(&self) -> Page {
        let c = self.catalog;
        let mut out = format!(
            "# {}\n\n> {}\n\n",
            text::text(&self.config.title),
            self.summary()
        );
        let _ = writeln!(
            out,
            "Each link below leads to the Markdown version of a page of this reference; every page \
             has one at its URL with `.md` appended (`{TWIN_INDEX}` for a page that is a folder). \
             An entry page gives one documented error: how to recognise it, its causes, the \
             response as sent, pairs of a request that fails and one that works (as raw HTTP and \
             curl) and how to fix it. {} holds every page in one file.",
            text::link(LLMS_FULL, &format!("{}{LLMS_FULL}", self.base))
        );
        let mut section = |title: &str, ids: &mut dyn Iterator<Item = &str>| {
            let lines: String = ids.map(|id| self.link_item(id)).collect();
            if !lines.is_empty() {
                let _ = write!(out, "\n## {}\n\n{lines}", text::text(title));
            }
        };
        section(
            "Status overviews",
            &mut c.statuses.iter().map(|s| s.id.as_str()),
        );
        for s in &c.statuses {
            let status = s.value.status;
            section(
                &format!("{} cases", text::one_line(&s.value.title)),
                &mut c
                    .entries
                    .iter()
                    .filter(|e| e.value.status == status)
                    .map(|e| e.id.as_str()),
            );
        }
        section(
            "Comparisons",
            &mut c.comparisons.iter().map(|x| x.id.as_str()),
        );
        section("Decision trees", &mut c.trees.iter().map(|x| x.id.as_str()));
        section("Guides", &mut c.guides.iter().map(|x| x.id.as_str()));
        let base = self.base;
        let optional = [
            (
                "Home".to_owned(),
                format!("{base}{TWIN_INDEX}"),
                "The introduction, and every page above by status",
            ),
            (
                "Guides index".to_owned(),
                format!("{base}guides/{TWIN_INDEX}"),
                "The guides above, listed",
            ),
            (
                LLMS_FULL.to_owned(),
                format!("{base}{LLMS_FULL}"),
                "Every page above in one Markdown document",
            ),
            (
                CATALOG_JSON.to_owned(),
                format!("{base}{CATALOG_JSON}"),
                "The whole catalog as JSON: each entry's fields, requests and responses as data",
            ),
        ];
        out.push_str("\n## Optional\n\n");
        for (title, href, note) in optional {
            let _ = writeln!(out, "- {}: {note}", text::link(&title, &href));
        }
        Page {
            path: LLMS_TXT.to_owned(),
            bytes: out.into_bytes(),
        }
    }

    /// Writes `llms-full.txt` to `out` and hands the Markdown version of every page to `each`, a
    /// few hundred at a time: each page is rendered once, for its own file and for this one, and
    /// neither is ever held whole.
    ///
    /// # Errors
    /// The error of `out`.
    pub(crate) fn write_full(
        &self,
        out: &mut dyn std::io::Write,
        each: &mut dyn FnMut(Vec<Page>),
    ) -> std::io::Result<()> {
        write!(
            out,
            "# {}\n\n> {}\n\nEvery page of this reference as Markdown, in the order {} lists them.\n",
            text::text(&self.config.title),
            self.summary(),
            text::link(LLMS_TXT, &format!("{}{LLMS_TXT}", self.base))
        )?;
        for chunk in self.order().chunks(CHUNK) {
            let pages: Vec<Page> = chunk
                .par_iter()
                .filter_map(|job| self.render(*job))
                .collect();
            for page in &pages {
                out.write_all(b"\n")?;
                out.write_all(&page.bytes)?;
            }
            each(pages);
        }
        Ok(())
    }
}
