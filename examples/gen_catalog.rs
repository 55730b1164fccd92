//! Writes a deterministic synthetic errdocs site, or the same content as a plain Markdown corpus for
//! other generators, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_catalog -- --entries 10000 --out /dev/shm/site
//! cargo run --release --example gen_catalog -- --from /dev/shm/site --format hugo --out /dev/shm/hugo
//! cargo run --release --example gen_catalog -- --from /dev/shm/site --format mdbook --out /dev/shm/book
//! ```
//!
//! The Markdown corpus carries what an errdocs entry page shows: the same prose, the response, every
//! sample in every configured language as a fenced code block (to be highlighted by the other tool),
//! the fix steps and the related, sibling and reference links.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use errdocs::catalog::Catalog;
use errdocs::catalog::model::{Response, Sample};
use errdocs::catalog::reason::reason_phrase;
use errdocs::exchange::body_text;
use errdocs::samples::{self, Lang};
#[path = "../benches/support/synth.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod synth;
use synth::{SynthOptions, write_site};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Errdocs,
    Hugo,
    Mdbook,
}

struct Args {
    entries: usize,
    seed: u64,
    out: PathBuf,
    from: Option<PathBuf>,
    format: Format,
}

const USAGE: &str = "usage: gen_catalog --entries N --out DIR [--seed S]\n       gen_catalog --from SITE --format hugo|mdbook --out DIR";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        entries: 1000,
        seed: SynthOptions::default().seed,
        out: PathBuf::new(),
        from: None,
        format: Format::Errdocs,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--entries" => {
                args.entries = value()?.parse().map_err(|e| format!("--entries: {e}"))?
            }
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => args.out = value()?.into(),
            "--from" => args.from = Some(value()?.into()),
            "--format" => {
                args.format = match value()?.as_str() {
                    "errdocs" => Format::Errdocs,
                    "hugo" => Format::Hugo,
                    "mdbook" => Format::Mdbook,
                    other => return Err(format!("unknown format `{other}`")),
                }
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out is required".to_owned());
    }
    if (args.format == Format::Errdocs) == args.from.is_some() {
        return Err("--from goes with --format hugo|mdbook, and only with them".to_owned());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match (args.format, &args.from) {
        (Format::Errdocs, _) => write_site(
            &args.out,
            &SynthOptions {
                entries: args.entries,
                seed: args.seed,
            },
        )
        .map(|files| eprintln!("wrote {files} files into {}", args.out.display())),
        (format, Some(from)) => convert(from, &args.out, format),
        (_, None) => unreachable!("checked in parse_args"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One Markdown page of the corpus: its id (errdocs URL without the slash) and its Markdown.
struct MdPage {
    id: String,
    title: String,
    markdown: String,
}

fn convert(from: &Path, out: &Path, format: Format) -> std::io::Result<()> {
    let checked = errdocs::site::check(from);
    if checked.has_errors() {
        return Err(std::io::Error::other(
            "the site has errors; run `errdocs check`",
        ));
    }
    let c = &checked.catalog;
    let conv = Converter {
        catalog: c,
        languages: &checked.languages,
        format,
    };
    let mut pages = Vec::new();
    // Each status overview, then its entries: mdBook nests them in that order.
    for s in &c.statuses {
        pages.push(conv.status(s));
        for e in c
            .entries
            .iter()
            .filter(|e| e.value.status == s.value.status)
        {
            pages.push(conv.entry(e));
        }
    }
    for x in &c.comparisons {
        pages.push(conv.comparison(x));
    }
    for t in &c.trees {
        pages.push(conv.tree(t));
    }
    for g in &c.guides {
        pages.push(MdPage {
            id: g.id.clone(),
            title: g.value.meta.title.clone(),
            markdown: format!(
                "{}\n\n{}",
                conv.md(&g.value.meta.summary, &g.id),
                conv.md(&g.value.body, &g.id)
            ),
        });
    }
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    match format {
        Format::Hugo => write_hugo(out, &checked.config.title, &pages)?,
        Format::Mdbook => write_mdbook(out, &checked.config.title, &pages)?,
        Format::Errdocs => unreachable!("not a conversion"),
    }
    eprintln!(
        "wrote {} Markdown pages into {}",
        pages.len(),
        out.display()
    );
    Ok(())
}

struct Converter<'a> {
    catalog: &'a Catalog,
    languages: &'a [Lang],
    format: Format,
}

impl Converter<'_> {
    /// The link to `id` from the page `from`, in the target tool's convention.
    fn href(&self, id: &str, from: &str) -> String {
        let url = errdocs::catalog::resolve::url_of(id);
        match self.format {
            Format::Mdbook => {
                let depth = errdocs::catalog::resolve::url_of(from).matches('/').count();
                let up = "../".repeat(depth.saturating_sub(1));
                format!("{up}{}.md", url.trim_end_matches('/'))
            }
            _ => format!("/{url}"),
        }
    }

    /// Markdown with `@id` links rewritten for the target tool.
    fn md(&self, text: &str, from: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("](@") {
            out.push_str(&rest[..at + 2]);
            let after = &rest[at + 3..];
            let end = after.find(')').unwrap_or(after.len());
            let (id, fragment) = after[..end]
                .split_once('#')
                .map_or((&after[..end], ""), |(i, f)| (i, f));
            out.push_str(&self.href(id, from));
            if !fragment.is_empty() {
                out.push('#');
                out.push_str(fragment);
            }
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    fn link_line(&self, id: &str, from: &str) -> String {
        let link = self.catalog.link(id);
        let title = link.map_or(id, |l| l.title.as_str());
        format!("- [{title}]({})\n", self.href(id, from))
    }

    fn list(&self, out: &mut String, heading: &str, items: &[String], from: &str, ordered: bool) {
        if items.is_empty() {
            return;
        }
        let _ = write!(out, "\n## {heading}\n\n");
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}.", i + 1)
            } else {
                "-".to_owned()
            };
            let _ = writeln!(out, "{marker} {}", self.md(item, from));
        }
    }

    fn entry(&self, e: &errdocs::catalog::Loaded<errdocs::catalog::model::Entry>) -> MdPage {
        let v = &e.value;
        let id = &e.id;
        let mut out = format!("{}\n\n", self.md(&v.summary, id));
        if let Some(d) = &v.details {
            out.push_str(&self.md(d, id));
            out.push('\n');
        }
        self.list(&mut out, "How to recognise it", &v.recognize, id, false);
        self.list(&mut out, "Causes", &v.causes, id, false);
        out.push_str("\n## The response\n\n");
        let response = &v.response;
        out.push_str(&response_block(response));
        if !v.samples.is_empty() {
            out.push_str("\n## Incorrect and correct requests\n");
        }
        for pair in &v.samples {
            let _ = write!(out, "\n### {}\n\n", pair.title);
            if let Some(d) = &pair.description {
                let _ = write!(out, "{}\n\n", self.md(d, id));
            }
            self.side(&mut out, "Incorrect", &pair.incorrect, Some(response), id);
            self.side(&mut out, "Correct", &pair.correct, None, id);
        }
        self.list(&mut out, "How to fix it", &v.fix, id, true);
        if !v.related.is_empty() {
            out.push_str("\n## Related\n\n");
            for r in &v.related {
                out.push_str(&self.link_line(r, id));
            }
        }
        let siblings: Vec<&String> = self
            .catalog
            .entries
            .iter()
            .filter(|s| s.value.status == v.status && s.id != e.id)
            .map(|s| &s.id)
            .collect();
        if !siblings.is_empty() {
            let _ = write!(out, "\n## Other {} cases\n\n", v.status);
            for s in siblings {
                out.push_str(&self.link_line(s, id));
            }
        }
        references(&mut out, &v.references);
        MdPage {
            id: id.clone(),
            title: v.title.clone(),
            markdown: out,
        }
    }

    fn side(
        &self,
        out: &mut String,
        verdict: &str,
        s: &Sample,
        fallback: Option<&Response>,
        id: &str,
    ) {
        let _ = write!(out, "#### {verdict}\n\n");
        for &lang in self.languages {
            let code = samples::generate(&s.request, lang);
            let _ = write!(out, "**{}**\n\n```{}\n", lang.label(), fence_lang(lang));
            for line in &code {
                out.push_str(line.plain());
                out.push('\n');
            }
            out.push_str("```\n\n");
        }
        if let Some(r) = s.response.as_ref().or(fallback) {
            out.push_str(&response_block(r));
        }
        if let Some(n) = &s.note {
            let _ = write!(out, "\n{}\n\n", self.md(n, id));
        }
    }

    fn status(&self, s: &errdocs::catalog::Loaded<errdocs::catalog::model::StatusPage>) -> MdPage {
        let v = &s.value;
        let id = &s.id;
        let mut out = format!(
            "{}\n\n{}\n",
            self.md(&v.summary, id),
            self.md(&v.definition, id)
        );
        self.list(
            &mut out,
            "What the server must send",
            &v.requirements,
            id,
            false,
        );
        if let Some(r) = &v.response {
            out.push_str("\n## A typical response\n\n");
            out.push_str(&response_block(r));
        }
        // Hugo and mdBook list a section's pages themselves; errdocs lists them with summaries.
        for section in &v.sections {
            let _ = write!(
                out,
                "\n## {}\n\n{}\n",
                section.title,
                self.md(&section.body, id)
            );
        }
        references(&mut out, &v.references);
        MdPage {
            id: id.clone(),
            title: v.title.clone(),
            markdown: out,
        }
    }

    fn comparison(
        &self,
        c: &errdocs::catalog::Loaded<errdocs::catalog::model::Comparison>,
    ) -> MdPage {
        let v = &c.value;
        let id = &c.id;
        let mut out = format!("{}\n\n", self.md(&v.summary, id));
        if let Some(i) = &v.intro {
            let _ = write!(out, "{}\n\n", self.md(i, id));
        }
        out.push_str("| |");
        for s in &v.subjects {
            let title = self
                .catalog
                .link(s)
                .map_or(s.as_str(), |l| l.title.as_str());
            let _ = write!(out, " [{title}]({}) |", self.href(s, id));
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(v.subjects.len()));
        out.push('\n');
        for row in &v.rows {
            let _ = write!(out, "| {} |", self.md(&row.aspect, id));
            for cell in &row.values {
                let _ = write!(out, " {} |", self.md(cell, id).replace('\n', " "));
            }
            out.push('\n');
        }
        for section in &v.sections {
            let _ = write!(
                out,
                "\n## {}\n\n{}\n",
                section.title,
                self.md(&section.body, id)
            );
        }
        references(&mut out, &v.references);
        MdPage {
            id: id.clone(),
            title: v.title.clone(),
            markdown: out,
        }
    }

    fn tree(&self, t: &errdocs::catalog::Loaded<errdocs::catalog::model::Tree>) -> MdPage {
        let v = &t.value;
        let id = &t.id;
        let mut out = format!("{}\n", self.md(&v.summary, id));
        for (node_id, node) in &v.nodes {
            let _ = write!(out, "\n## {} {{#node-{node_id}}}\n\n", node.question);
            if let Some(h) = &node.help {
                let _ = write!(out, "{}\n\n", self.md(h, id));
            }
            for a in &node.answers {
                match (&a.next, &a.entry) {
                    (Some(next), _) => {
                        let _ = writeln!(out, "- [{}](#node-{next})", a.label);
                    }
                    (None, Some(entry)) => {
                        let _ = writeln!(out, "- [{}]({})", a.label, self.href(entry, id));
                    }
                    _ => {}
                }
            }
        }
        MdPage {
            id: id.clone(),
            title: v.title.clone(),
            markdown: out,
        }
    }
}

fn references(out: &mut String, refs: &[errdocs::catalog::model::Reference]) {
    if refs.is_empty() {
        return;
    }
    out.push_str("\n## References\n\n");
    for r in refs {
        let _ = writeln!(out, "- [{}]({})", r.title, r.url);
    }
}

/// The fence name the other tools' highlighters know for a sample language.
fn fence_lang(lang: Lang) -> &'static str {
    match lang.name() {
        "curl" | "httpie" => "bash",
        "javascript" => "js",
        other => other,
    }
}

fn response_block(r: &Response) -> String {
    let reason = r
        .reason
        .clone()
        .unwrap_or_else(|| reason_phrase(r.status).unwrap_or("").to_owned());
    let mut out = format!("```http\nHTTP/1.1 {} {reason}\n", r.status);
    for (name, value) in &r.headers {
        for v in value.values() {
            let _ = writeln!(out, "{name}: {v}");
        }
    }
    if let Some(body) = &r.body {
        out.push('\n');
        out.push_str(&body_text(body));
        out.push('\n');
    }
    out.push_str("```\n");
    out
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A Hugo site: status overviews become section pages, everything else a page at the same URL as in
/// errdocs; minimal layouts shaped like the errdocs theme, highlighting as CSS classes.
fn write_hugo(out: &Path, title: &str, pages: &[MdPage]) -> std::io::Result<()> {
    write(
        &out.join("hugo.toml"),
        &format!(
            "baseURL = \"/\"\ntitle = {}\n# Pages with dozens of code blocks take Hugo longer than its default 30 s limit.\ntimeout = \"3600s\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[markup.highlight]\nnoClasses = false\n[markup.goldmark.parser.attribute]\ntitle = true\n",
            yaml_string(title)
        ),
    )?;
    write(
        &out.join("layouts/_default/baseof.html"),
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{{ .Title }} · {{ site.Title }}</title>\n<meta name=\"description\" content=\"{{ .Summary | plainify | truncate 160 }}\">\n<link rel=\"stylesheet\" href=\"/app.css\"></head>\n<body><header class=\"top\"><a class=\"brand\" href=\"/\">{{ site.Title }}</a><nav><ul>{{ range site.Sections }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav></header>\n<main>{{ block \"main\" . }}{{ end }}</main>\n<footer>{{ site.Title }} · built with Hugo</footer></body></html>\n",
    )?;
    write(
        &out.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>\n{{ .Content }}</article>{{ end }}\n",
    )?;
    write(
        &out.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>\n{{ .Content }}\n<h2>Cases</h2><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary | plainify | truncate 120 }}</li>{{ end }}</ul></article>{{ end }}\n",
    )?;
    write(
        &out.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>{{ site.Title }}</h1>{{ range site.Sections }}<section><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}{{ end }}\n",
    )?;
    for page in pages {
        let front = format!("---\ntitle: {}\n---\n\n", yaml_string(&page.title));
        let path = match page.id.strip_prefix("status/") {
            Some(code) => out.join(format!("content/{code}/_index.md")),
            None => out.join(format!("content/{}.md", page.id)),
        };
        write(&path, &(front + &page.markdown))?;
    }
    Ok(())
}

/// An mdBook: every page in `SUMMARY.md`, entries nested under their status.
fn write_mdbook(out: &Path, title: &str, pages: &[MdPage]) -> std::io::Result<()> {
    write(
        &out.join("book.toml"),
        &format!("[book]\ntitle = {}\nsrc = \"src\"\n", yaml_string(title)),
    )?;
    let mut summary = String::from("# Summary\n\n");
    for page in pages {
        let rel = format!(
            "{}.md",
            errdocs::catalog::resolve::url_of(&page.id).trim_end_matches('/')
        );
        let nested = !page.id.starts_with("status/")
            && page
                .id
                .split('/')
                .next()
                .is_some_and(|s| s.parse::<u16>().is_ok());
        let indent = if nested { "    " } else { "" };
        let _ = writeln!(
            summary,
            "{indent}- [{}]({rel})",
            page.title.replace(['[', ']'], "")
        );
        write(
            &out.join("src").join(&rel),
            &format!("# {}\n\n{}", page.title, page.markdown),
        )?;
    }
    write(&out.join("src/SUMMARY.md"), &summary)
}
