//! The files for agents and tools: `llms.txt`, `llms-full.txt` and the Markdown version of every
//! page (`…/index.html.md`), on the shipped reference, the parcel example and hostile content.
//!
//! Markdown is read back with the parser the site uses (pulldown-cmark), and `llms.txt` also line by
//! line, as the proposal's simple parsers read it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::Html;
use serde_json::Value;

use crate::support::{SiteTest, identities, sel, snapshot};

/// The parser options the site uses for catalog Markdown (tables among them).
fn parse(markdown: &str) -> Parser<'_> {
    Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
}

/// Builds the site at `root` into a fresh folder with the base path `base`; the build must succeed.
fn build(root: &Path, base: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["build", "--base-url", base, "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .env_remove("ERRDOCS_LOG")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

fn text_of(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The headings of a Markdown document: level and plain text.
fn headings(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for event in parse(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some((level as usize, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => out.extend(open.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut open {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// Every link of a Markdown document: its text and destination.
fn links(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in parse(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = Some((String::new(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => out.extend(open.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = &mut open {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The contents of every code block of a Markdown document.
fn code_blocks(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for event in parse(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            Event::Text(t) => {
                if let Some(code) = &mut open {
                    code.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// A Markdown document as plain text, words separated by single spaces.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in parse(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Inline markup ends inside a word; blocks and line breaks end words.
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The output path a site-relative link under `base` points at.
fn target(base: &str, href: &str) -> String {
    href.strip_prefix(base)
        .unwrap_or_else(|| panic!("{href} is not under {base}"))
        .to_owned()
}

/// `llms.txt` as the proposal lays it out: an H1 with the site's title, a blockquote, free text, then
/// H2 sections whose lines are only `- [title](url)` or `- [title](url): notes`, the last of them
/// "Optional". Returns the destinations of the sections' links, in order.
fn assert_llms_txt_structure(llms: &str, title: &str) -> Vec<String> {
    let mut lines = llms.lines();
    assert_eq!(lines.next(), Some(format!("# {title}").as_str()));
    assert_eq!(lines.next(), Some(""));
    assert!(lines.next().unwrap().starts_with("> "), "{llms}");
    let mut sections = Vec::new();
    let mut hrefs = Vec::new();
    for line in lines {
        if let Some(h2) = line.strip_prefix("## ") {
            sections.push(h2.to_owned());
        } else if line.is_empty() || sections.is_empty() {
            assert!(!line.starts_with('#'), "a heading other than H2: {line}");
        } else {
            let rest = line
                .strip_prefix("- [")
                .unwrap_or_else(|| panic!("not a link item: {line}"));
            let (_, rest) = rest
                .split_once("](")
                .unwrap_or_else(|| panic!("no link: {line}"));
            let (href, notes) = rest
                .split_once(')')
                .unwrap_or_else(|| panic!("no link end: {line}"));
            assert!(notes.is_empty() || notes.starts_with(": "), "{line}");
            hrefs.push(href.to_owned());
        }
    }
    assert_eq!(sections.last().map(String::as_str), Some("Optional"));
    // Read as Markdown, the same links, in the same order.
    let parsed: Vec<String> = links(llms).into_iter().map(|(_, href)| href).collect();
    let listed = &parsed[parsed.len() - hrefs.len()..];
    assert_eq!(listed, hrefs.as_slice());
    let levels: Vec<usize> = headings(llms).into_iter().map(|(level, _)| level).collect();
    assert_eq!(levels[0], 1);
    assert!(levels[1..].iter().all(|l| *l == 2), "{levels:?}");
    hrefs
}

/// Everything the twins promise, on one built site.
fn assert_twins(out: &Path, base: &str) {
    let files = snapshot(out);
    let catalog: Value = serde_json::from_slice(&files["catalog.json"]).unwrap();
    let html: BTreeSet<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with("index.html"))
        .collect();
    let twins: BTreeSet<&str> = files.keys().filter_map(|p| p.strip_suffix(".md")).collect();
    // Every page has its twin, and every twin its page; the page not found has none.
    assert_eq!(html, twins);
    assert!(!files.contains_key("404.html.md"));
    assert!(html.len() > 10, "only {} pages", html.len());
    for page in &html {
        let doc = Html::parse_document(&text_of(&files, page));
        let alternates: Vec<&str> = doc
            .select(&sel("head link[rel=alternate][type=\"text/markdown\"]"))
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(alternates, [format!("{base}{page}.md")], "{page}");
    }
    let not_found = Html::parse_document(&text_of(&files, "404.html"));
    assert_eq!(
        not_found.select(&sel("link[rel=alternate]")).count(),
        0,
        "404.html links a Markdown version"
    );

    // Hosts that read `_headers` serve the twins as Markdown: a rule for them, with the media type.
    let headers = text_of(&files, "_headers");
    let rule = format!("{base}*.md\n  Content-Type: text/markdown; charset=utf-8\n");
    assert!(headers.contains(&rule), "{headers}");

    let title = catalog["title"].as_str().unwrap();
    let llms = text_of(&files, "llms.txt");
    let hrefs = assert_llms_txt_structure(&llms, title);
    let linked: Vec<String> = hrefs.iter().map(|h| target(base, h)).collect();
    for file in &linked {
        assert!(files.contains_key(file), "llms.txt links missing {file}");
    }
    // Every twin is listed once.
    let listed: Vec<&str> = linked
        .iter()
        .filter_map(|f| f.strip_suffix(".md"))
        .collect();
    assert_eq!(listed.iter().copied().collect::<BTreeSet<_>>(), twins);
    assert_eq!(listed.len(), twins.len(), "a page listed twice");
    // Each listed entry's note is its plain summary.
    for entry in catalog["entries"].as_array().unwrap() {
        let line = format!("{base}{}index.html.md): ", entry["url"].as_str().unwrap());
        let item = llms
            .lines()
            .find(|l| l.contains(&line))
            .unwrap_or_else(|| panic!("llms.txt has no item for {}", entry["id"]));
        let (_, note) = item.split_once("): ").unwrap();
        assert_eq!(plain(note), plain(entry["summary"].as_str().unwrap()));
    }

    // llms-full.txt holds every twin whole, in the order llms.txt lists them.
    let full = text_of(&files, "llms-full.txt");
    assert!(full.starts_with(&format!("# {title}\n")), "{}", &full[..80]);
    let mut at = 0;
    for twin in &linked {
        if !twin.ends_with(".md") {
            continue;
        }
        let page = text_of(&files, twin);
        let found = full[at..]
            .find(&page)
            .unwrap_or_else(|| panic!("llms-full.txt lacks {twin} after byte {at}"));
        at += found + page.len();
    }
    // One H1 a page, and one for the document: no page's text opened another.
    let h1 = headings(&full).iter().filter(|(l, _)| *l == 1).count();
    assert_eq!(h1, twins.len() + 1);

    // Every item's id and site-relative URL.
    let urls: BTreeMap<&str, &str> = ["entries", "statuses", "comparisons", "trees", "guides"]
        .iter()
        .flat_map(|kind| catalog[kind].as_array().unwrap())
        .map(|item| (item["id"].as_str().unwrap(), item["url"].as_str().unwrap()))
        .collect();
    for entry in catalog["entries"].as_array().unwrap() {
        assert_entry_facts(&files, &urls, entry, base);
    }
}

/// An entry's twin shows what its page shows: the title, the status, the documented response, both
/// sides of every pair (raw request, curl, response), the fix steps, related pages.
fn assert_entry_facts(
    files: &BTreeMap<String, Vec<u8>>,
    urls: &BTreeMap<&str, &str>,
    entry: &Value,
    base: &str,
) {
    let url = entry["url"].as_str().unwrap();
    let md = text_of(files, &format!("{url}index.html.md"));
    let page = Html::parse_document(&text_of(files, &format!("{url}index.html")));
    let id = entry["id"].as_str().unwrap();
    let heads = headings(&md);
    assert_eq!(heads[0], (1, entry["title"].as_str().unwrap().to_owned()));
    assert_eq!(heads.iter().filter(|(l, _)| *l == 1).count(), 1, "{id}");
    let status = entry["status"].as_u64().unwrap();
    assert!(md.contains(&format!("\n- Status: {status} (")), "{id}");
    let text = plain(&md);
    assert!(
        text.contains(&plain(entry["summary_markdown"].as_str().unwrap())),
        "{id}"
    );
    for step in entry["fix"].as_array().unwrap() {
        assert!(
            text.contains(&plain(step.as_str().unwrap())),
            "{id}: {step}"
        );
    }
    let code = code_blocks(&md);
    let has_code = |shown: &str, what: &str| {
        assert!(
            code.iter().any(|c| c.trim_end() == shown.trim_end()),
            "{id}: {what} not in a code block:\n{shown}"
        );
    };
    // The documented response, and every side's request and response, as the page shows them.
    let responses: Vec<String> = page
        .select(&sel("figure.response pre code"))
        .map(|c| c.text().collect())
        .collect();
    assert!(!responses.is_empty(), "{id}");
    for response in &responses {
        has_code(response, "a response");
        let status_line = response.lines().next().unwrap();
        assert!(md.contains(status_line), "{id}: {status_line}");
    }
    let pairs = page.select(&sel("[data-pair]")).count();
    assert_eq!(pairs, entry["samples"].as_array().unwrap().len(), "{id}");
    for side in page.select(&sel("[data-pair] [data-verdict]")) {
        for lang in ["http", "curl"] {
            let shown: String = side
                .select(&sel(&format!("[data-lang={lang}] pre code")))
                .next()
                .unwrap_or_else(|| panic!("{id}: no {lang} sample"))
                .text()
                .collect();
            has_code(&shown, lang);
        }
    }
    for pair in entry["samples"].as_array().unwrap() {
        for verdict in ["incorrect", "correct"] {
            let request = &pair[verdict]["request"];
            let method = request["method"].as_str().unwrap_or("GET");
            assert!(
                code.iter().any(|c| c.starts_with(&format!("{method} "))),
                "{id}: no {method} request"
            );
            if let Some(status) = pair[verdict]["response"]["status"].as_u64() {
                assert!(md.contains(&format!("HTTP/1.1 {status}")), "{id}: {status}");
            }
        }
    }
    // Related pages are links to their twins.
    let hrefs: BTreeSet<String> = links(&md).into_iter().map(|(_, h)| h).collect();
    for related in entry["related"].as_array().unwrap() {
        let related = related.as_str().unwrap();
        let twin = format!("{base}{}index.html.md", urls[related]);
        assert!(
            hrefs.contains(&twin),
            "{id}: no link to {twin} in {hrefs:?}"
        );
    }
    for href in hrefs.iter().filter(|h| h.starts_with(base)) {
        assert!(files.contains_key(&target(base, href)), "{id}: {href}");
    }
}

#[test]
fn the_shipped_reference_has_a_markdown_twin_of_every_page() {
    let (_dir, out) = build(Path::new(env!("CARGO_MANIFEST_DIR")), "/");
    assert_twins(&out, "/");
}

#[test]
fn the_parcel_example_has_a_markdown_twin_of_every_page_under_a_sub_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api");
    let (_dir, out) = build(&root, "/docs/");
    assert_twins(&out, "/docs/");
}

#[test]
fn the_other_twins_show_their_pages_facts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api");
    let (_dir, out) = build(&root, "/");
    let files = snapshot(&out);
    let catalog: Value = serde_json::from_slice(&files["catalog.json"]).unwrap();
    // A comparison's table is a Markdown table with a column per subject and a row per aspect.
    for x in catalog["comparisons"].as_array().unwrap() {
        let md = text_of(
            &files,
            &format!("{}index.html.md", x["url"].as_str().unwrap()),
        );
        let page = Html::parse_document(&text_of(
            &files,
            &format!("{}index.html", x["url"].as_str().unwrap()),
        ));
        let rows = page.select(&sel("table tbody tr")).count();
        let mut cells = 0;
        let mut in_table = false;
        for event in parse(&md) {
            match event {
                Event::Start(Tag::Table(_)) => in_table = true,
                Event::Start(Tag::TableRow) if in_table => cells += 1,
                _ => {}
            }
        }
        assert!(in_table, "{md}");
        assert_eq!(cells, rows, "{md}");
    }
    // A tree is nested lists: every question of the page is in it, every answer that ends at an
    // entry links that entry's twin.
    for t in catalog["trees"].as_array().unwrap() {
        let url = t["url"].as_str().unwrap();
        let md = text_of(&files, &format!("{url}index.html.md"));
        let text = plain(&md);
        let page = Html::parse_document(&text_of(&files, &format!("{url}index.html")));
        let start = page
            .select(&sel("li.node .start-label"))
            .next()
            .map(|s| s.text().collect::<String>())
            .unwrap_or_default();
        let shown: Vec<String> = page
            .select(&sel("li.node > h2, li.node .answer-label"))
            .map(|q| q.text().collect::<String>().replacen(&start, "", 1))
            .collect();
        assert!(shown.len() > 5, "{url}: {shown:?}");
        for q in &shown {
            let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains(&q), "{url}: {q}");
        }
        let mut depth = 0;
        let mut deepest = 0;
        for event in parse(&md) {
            match event {
                Event::Start(Tag::List(_)) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Event::End(TagEnd::List(_)) => depth -= 1,
                _ => {}
            }
        }
        assert!(deepest >= 3, "{url}: lists {deepest} deep");
        for (_, href) in links(&md) {
            assert!(files.contains_key(&target("/", &href)), "{url}: {href}");
        }
    }
    // A guide's twin is its Markdown source, below its title.
    let guides = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api/content/guides");
    for g in catalog["guides"].as_array().unwrap() {
        let md = text_of(
            &files,
            &format!("{}index.html.md", g["url"].as_str().unwrap()),
        );
        let id = g["id"].as_str().unwrap();
        let source = std::fs::read_to_string(
            guides.join(format!("{}.md", id.trim_start_matches("guides/"))),
        )
        .unwrap();
        let body = source.splitn(3, "---").nth(2).unwrap().trim();
        if !body.contains("](@") {
            assert!(md.contains(body), "{id}");
        }
        assert_eq!(
            headings(&md)[0],
            (1, g["title"].as_str().unwrap().to_owned())
        );
    }
}

/// An entry whose plain text is full of Markdown: titles, a code, headers and bodies with backtick
/// runs, a reference URL with spaces and parentheses, catalog Markdown that leaves a fence open.
const HOSTILE: &str = r###"status: 401
title: "# Break ](https://evil.example/) out [x]: <b>x</b> | a \\"
summary: "A summary with a ](https://evil.example/) and | pipes"
code: "E_1:2"
details: |
  Details with a fence that never closes:

  ````
  never closed
  ## Swallowed?
recognize:
  - "line one\n````\nan open fence in an item"
causes:
  - "* ]( `unclosed [x] <div>"
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm="api"
    Content-Type: text/plain
  body: "```` backticks ````\n# not a heading\n```"
samples:
  - title: "## Pair ](https://evil.example/) title *x*"
    incorrect:
      request:
        method: GET
        url: https://api.example.com/v1/x
        headers:
          X-Note: "a ``` b ````"
    correct:
      request:
        method: GET
        url: https://api.example.com/v1/x
        headers:
          X-Note: "fine"
      response:
        status: 200
        headers:
          Content-Type: text/plain
        body: "ok ```"
fix:
  - "Step with [a link](@401/missing-token)"
related: [401/missing-token]
references:
  - title: "Ref ](https://evil.example/) [x]"
    url: "https://example.com/a b)(c"
"###;

#[test]
fn hostile_catalog_text_cannot_break_the_markdown() {
    let site = SiteTest::fixture("basic");
    site.file("content/errors/401/hostile.yaml", HOSTILE);
    site.build_ok(&[]);
    let md = site.read("401/hostile/index.html.md");
    let title = "# Break ](https://evil.example/) out [x]: <b>x</b> | a \\";
    let pair = "## Pair ](https://evil.example/) title *x*";
    let heads: Vec<(usize, String)> = headings(&md);
    let expected: Vec<(usize, String)> = [
        (1, title),
        (2, "How to recognise it"),
        (2, "Causes"),
        (2, "The response"),
        (2, "Incorrect and correct requests"),
        (3, pair),
        (4, "Incorrect"),
        (4, "Correct"),
        (2, "How to fix it"),
        (2, "Related"),
        (2, "References"),
    ]
    .into_iter()
    .map(|(l, t)| (l, t.to_owned()))
    .collect();
    assert_eq!(heads, expected, "{md}");
    // No link but the ones the page makes: the status, the fix step's, related, the reference.
    let found = links(&md);
    assert!(
        found.iter().all(|(_, href)| !href.contains("evil.example")),
        "{found:?}"
    );
    assert!(found.contains(&(
        "Ref ](https://evil.example/) [x]".to_owned(),
        "https://example.com/a%20b%29%28c".to_owned()
    )));
    assert!(found.contains(&(
        "a link".to_owned(),
        "/401/missing-token/index.html.md".to_owned()
    )));
    // Code keeps every backtick: the response body and the header, whole, in their own blocks.
    let code = code_blocks(&md);
    assert!(
        code.iter()
            .any(|c| c.ends_with("\n\n```` backticks ````\n# not a heading\n```\n")),
        "{code:?}"
    );
    assert!(
        code.iter().any(|c| c.contains("X-Note: a ``` b ````\n")),
        "{code:?}"
    );
    // The fence the details leave open is closed there: its text stays code.
    assert!(code.iter().any(|c| c == "never closed\n## Swallowed?\n"));
    assert!(md.contains("`E_1:2`"));

    // llms.txt lists it on one line whose link text is the title.
    let llms = site.read("llms.txt");
    let line = llms
        .lines()
        .find(|l| l.contains("/401/hostile/index.html.md"))
        .unwrap();
    let (text, href) = links(line).remove(0);
    assert_eq!(text, title);
    assert_eq!(href, "/401/hostile/index.html.md");
    assert!(line.ends_with(": A summary with a \\](https://evil.example/) and \\| pipes"));
    let hrefs = assert_llms_txt_structure(&llms, "Fixture reference");
    assert!(hrefs.iter().all(|h| !h.contains("evil")), "{hrefs:?}");
    let full = site.read("llms-full.txt");
    assert!(full.contains(&md));
    let twins = snapshot(&site.out())
        .keys()
        .filter(|p| p.ends_with(".html.md"))
        .count();
    assert_eq!(
        headings(&full).iter().filter(|(l, _)| *l == 1).count(),
        twins + 1
    );
}

#[test]
fn an_edited_entry_rewrites_its_twin_and_llms_full_and_nothing_else() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let before = identities(&site.out());
    let path = "content/errors/401/expired-token.yaml";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    assert!(text.contains("Retry the request once."));
    site.file(
        path,
        text.replace(
            "Retry the request once.",
            "Retry the request once, then stop.",
        ),
    );
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("rendering only 1"), "{}", run.stderr);
    let after = identities(&site.out());
    let changed: BTreeSet<&str> = after
        .iter()
        .filter(|(rel, id)| before.get(*rel) != Some(id))
        .map(|(rel, _)| rel.as_str())
        .collect();
    for file in [
        "401/expired-token/index.html.md",
        "401/expired-token/index.html",
        "llms-full.txt",
    ] {
        assert!(changed.contains(file), "{file} not rewritten: {changed:?}");
    }
    for file in [
        "401/missing-token/index.html.md",
        "index.html.md",
        "llms.txt",
    ] {
        assert!(!changed.contains(file), "{file} rewritten");
    }
    assert!(
        site.read("401/expired-token/index.html.md")
            .contains("Retry the request once, then stop.")
    );
    assert!(
        site.read("llms-full.txt")
            .contains("Retry the request once, then stop.")
    );
    // The same output as a build from scratch.
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("public");
    site.build_ok(&["--out", target.to_str().unwrap()]);
    assert!(snapshot(&site.out()) == snapshot(&target));
    // Nothing changed: nothing written.
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("(nothing changed)"), "{}", run.stderr);
}
