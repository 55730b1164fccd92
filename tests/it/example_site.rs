//! The example site in `examples/parcel-api/`: the error catalog of Parcelo, an invented
//! parcel-shipping API whose errors (400, 404, 405, 409, 410, 412, 413, 415, 422, 429, 503) have
//! nothing to do with authentication. It proves errdocs serves any API's catalog, not only the
//! shipped 401 reference: it checks clean with warnings denied, builds, every link resolves, it uses
//! what the schema can say (codes, variants, the same request sent later, field errors, a tree over
//! several statuses), and no page shows wording the catalog never wrote.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use crate::support::{sel, snapshot};

/// The example site's folder.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api")
}

fn errdocs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(args)
        .env_remove("ERRDOCS_LOG")
        .output()
        .expect("run errdocs")
}

/// Builds the example site into a fresh temporary folder; asserts the build succeeded with nothing
/// to report. Returns the folder (kept alive by the caller) and the output inside it.
fn build() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = root();
    let run = errdocs(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    (dir, out)
}

/// Every HTML page of the output, parsed, by path.
fn pages(out: &Path) -> BTreeMap<String, Html> {
    snapshot(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
            (path, doc)
        })
        .collect()
}

#[test]
fn the_example_site_checks_clean_with_warnings_denied() {
    let root = root();
    let root = root.to_str().unwrap();
    let run = errdocs(&["check", "--deny", "warnings", "--root", root]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains(": warning:") && !stderr.contains(": error:"),
        "{stderr}"
    );
    // The machine-readable report is empty: not one diagnostic, whatever its severity.
    let json = errdocs(&["check", "--format", "json", "--root", root]);
    assert_eq!(json.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&json.stdout).expect("check --format json");
    assert_eq!(report, Value::Array(Vec::new()), "{report:#}");
}

#[test]
fn the_example_site_builds_and_every_link_resolves() {
    let (_dir, out) = build();
    let checked = crate::links::assert_links_resolve(&out, "/");
    assert!(checked > 300, "only {checked} links");
}

/// The example is what issue 20 asks of a second site: at least six statuses, twelve entries, a
/// comparison, a tree over several statuses and a guide; and it shows the schema's newer fields.
#[test]
fn the_example_site_has_the_breadth_of_a_real_catalog() {
    let (_dir, out) = build();
    let catalog: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    let list = |key: &str| catalog[key].as_array().unwrap().clone();
    let entries = list("entries");
    let statuses: BTreeSet<u64> = entries
        .iter()
        .map(|e| e["status"].as_u64().unwrap())
        .collect();
    assert!(statuses.len() >= 6, "{statuses:?}");
    assert!(entries.len() >= 12, "{} entries", entries.len());
    assert!(
        statuses
            .iter()
            .all(|s| (400..600).contains(s) && *s != 401 && *s != 403 && *s != 407)
    );
    assert_eq!(
        list("statuses").len(),
        statuses.len(),
        "an overview for each status"
    );
    assert!(!list("comparisons").is_empty());
    assert!(!list("trees").is_empty());
    assert!(!list("guides").is_empty());

    // Every entry has its own machine code.
    let codes: BTreeSet<&str> = entries
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), entries.len(), "{codes:?}");
    // Variants, and a sample side answered by one.
    assert!(
        entries
            .iter()
            .any(|e| e["variants"].as_array().is_some_and(|v| !v.is_empty()))
    );
    let sides = || {
        entries
            .iter()
            .flat_map(|e| e["samples"].as_array().unwrap())
            .flat_map(|p| [&p["incorrect"], &p["correct"]])
    };
    assert!(sides().any(|s| s["variant"].is_string()));
    // The same request, sent later.
    assert!(sides().any(|s| s["later"].is_string()));
    // Field errors whose pointers the lint checked against the request body.
    assert!(sides().any(|s| {
        s["response"]["body"]["errors"]
            .as_array()
            .is_some_and(|errors| errors.iter().all(|e| e["pointer"].is_string()))
    }));

    // The tree leads to entries of several statuses, and each of those overviews links back to it.
    let pages = pages(&out);
    for tree in list("trees") {
        let url = format!("/{}", tree["url"].as_str().unwrap());
        let page = &pages[&format!("{}index.html", &url[1..])];
        let reached: BTreeSet<String> = page
            .select(&sel("main a[href]"))
            .filter_map(|a| {
                let href = a.value().attr("href").unwrap();
                let mut parts = href.trim_matches('/').split('/');
                let status = parts.next()?;
                (parts.next().is_some() && status.parse::<u16>().is_ok()).then(|| status.to_owned())
            })
            .collect();
        assert!(reached.len() >= 3, "{url} reaches {reached:?}");
        for status in &reached {
            let overview = &pages[&format!("{status}/index.html")];
            assert!(
                overview
                    .select(&sel(&format!("main a[href=\"{url}\"]")))
                    .next()
                    .is_some(),
                "the {status} overview does not link to {url}"
            );
        }
    }
}

/// Words of a topic this catalog never covers. A page that shows one took it from somewhere other
/// than the catalog: a template, a default, a starter's leftovers.
const FOREIGN_TOPIC: &[&str] = &[
    "401",
    "403",
    "407",
    "Unauthorized",
    "Forbidden",
    "authentication",
    "invalid_token",
    "insufficient_scope",
    "Bearer",
    "WWW-Authenticate",
    "Proxy-Authenticate",
    "access token",
    "refresh token",
    "OAuth",
];

/// No page of the example site shows a word about authentication, which its catalog never mentions.
///
/// Every HTML page's visible text is read (text nodes outside `<script>` and `<style>`, the
/// `<title>`, and the attributes a reader sees or hears: `placeholder`, `title`, `aria-label`,
/// `alt`, and the meta description), whitespace collapsed, and searched for each term of
/// [`FOREIGN_TOPIC`] as a whole word, case-insensitively (so `401` does not match `4010`). The
/// catalog itself is checked for the same terms first: should it ever write one, this test says
/// so instead of passing for the wrong reason.
#[test]
fn no_page_shows_words_of_a_topic_the_catalog_never_covers() {
    let catalog = catalog_text().to_lowercase();
    for term in FOREIGN_TOPIC {
        assert!(
            !contains_word(&catalog, &term.to_lowercase()),
            "the example catalog writes `{term}`; this test relies on it not doing so"
        );
    }
    let (_dir, out) = build();
    let mut found = Vec::new();
    for (path, doc) in pages(&out) {
        let text = normalize_space(&visible_text(&doc)).to_lowercase();
        for term in FOREIGN_TOPIC {
            if contains_word(&text, &term.to_lowercase()) {
                found.push(format!("{path}: `{term}` in …{}…", around(&text, term)));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The wording errdocs itself puts on pages whatever the catalog: section headings, labels, the
/// language tabs. Kept as the phrases the pages show, so a reader can find each one in the templates.
/// None of them may belong to a topic (see the check in the test), or the list could hide the very
/// leak the test is for.
const ERRDOCS_VOCABULARY: &[&str] = &[
    // Every page: the header, the search box, breadcrumbs and navigation.
    "Search",
    "Search the reference",
    "Home",
    "Main",
    "Breadcrumb",
    "Guides",
    // Entry pages, with their table of contents.
    "Recognise it",
    "Samples",
    "Fix",
    "Other responses",
    "Error code",
    "How to recognise it",
    "Causes",
    "The response",
    "As sent on the wire",
    "Other responses of this error",
    "Field errors in this response",
    "Field",
    "What is wrong",
    "Incorrect and correct requests",
    "✕ Incorrect",
    "✓ Correct",
    "Response",
    "How to fix it",
    "Related",
    "References",
    // Status overviews.
    "What it means",
    "What the server must send",
    "A typical response",
    "Cases",
    "Other cases",
    "Diagnose and compare",
    // Comparisons, trees, the home page, the 404 page.
    "Comparison",
    "aspect by aspect",
    "Aspect",
    "Decision tree",
    "Start here",
    "Next",
    "Status codes",
    "Page not found",
    "This page does not exist",
    "The address may be mistyped, or the page has moved. Start again from the home page.",
    // The language tabs of request samples, and their copy button.
    "HTTP",
    "curl",
    "HTTPie",
    "JavaScript",
    "Python",
    "Go",
    "Java",
    "C#",
    "Rust",
    "PHP",
    "Ruby",
    "PowerShell",
    "Copy",
];

/// Standard reason phrases (RFC 9110 §15, RFC 6585), which errdocs shows beside a status number the
/// catalog uses. Only the phrases of statuses that appear in the catalog are allowed.
const REASON_PHRASES: &[(u16, &str)] = &[
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (204, "No Content"),
    (400, "Bad Request"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Content Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (422, "Unprocessable Content"),
    (428, "Precondition Required"),
    (429, "Too Many Requests"),
    (500, "Internal Server Error"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
];

/// Every word of the search box and of every page's headings comes from the catalog, or is
/// errdocs' own fixed vocabulary.
///
/// What is checked, on every HTML page: the search box (its `placeholder`, `aria-label`, `title`
/// and label text), the `<title>`, the meta description, the page head (`.page-head`: kicker, title,
/// code, lede), every heading `h1`–`h6`, table headers and captions, labels, buttons, legends,
/// `<summary>` and every `<nav>` (the header navigation and the breadcrumbs). That is the text
/// errdocs writes around the catalog's own prose, where a template's leftover would show.
///
/// How a word is matched, so that the check holds up as the catalog and the templates change:
/// - Words are compared, not phrases: both sides are split into runs of letters, digits and `_`
///   (so `invalid_token` stays one word, while `Retry-After` is `retry` and `after`), lower-cased,
///   with `_` trimmed at the ends (Markdown emphasis). Markup, YAML quoting and escapes, line folding
///   and typographic quotes therefore do not matter.
/// - The catalog's words are taken from what it writes, not from its syntax: every string, number
///   and boolean in its YAML files and front matter, the keys of the data it quotes (header fields,
///   JSON bodies, query and form fields), the Markdown of `index.md` and the guides, and the string
///   values of `errdocs.toml`. The schema's own keys (`summary`, `causes`, `fix`, …) are not the
///   catalog's wording and do not count.
/// - errdocs' own wording is [`ERRDOCS_VOCABULARY`], a short reviewed list; the standard reason
///   phrase of each status the catalog uses is allowed too ([`REASON_PHRASES`]).
///
/// A failure names each word, the page and the text it sits in. If errdocs adds a generic heading,
/// add it to the vocabulary; if the word is about a topic, the page took it from somewhere other
/// than the catalog, and that is the bug.
#[test]
fn every_heading_and_search_box_word_comes_from_the_catalog_or_errdocs() {
    let catalog = catalog_words();
    let vocabulary: BTreeSet<String> = ERRDOCS_VOCABULARY.iter().flat_map(|p| words(p)).collect();
    for term in FOREIGN_TOPIC {
        for word in words(term) {
            assert!(
                !vocabulary.contains(&word) || word.chars().all(|c| c.is_ascii_digit()),
                "`{word}` of `{term}` is in the fixed vocabulary"
            );
        }
    }
    let statuses = catalog_statuses();
    let reasons: BTreeSet<String> = REASON_PHRASES
        .iter()
        .filter(|(status, _)| statuses.contains(status))
        .flat_map(|(_, phrase)| words(phrase))
        .collect();

    let (_dir, out) = build();
    let pages = pages(&out);
    assert!(pages.len() > 30, "{} pages", pages.len());
    let mut unknown: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, doc) in &pages {
        let search = doc
            .select(&sel("form[role=search] input[type=search]"))
            .next()
            .unwrap_or_else(|| panic!("{path}: no search box"));
        assert!(
            search.value().attr("placeholder").is_some(),
            "{path}: the search box has no placeholder"
        );
        for text in chrome_texts(doc) {
            for word in words(&text) {
                if !catalog.contains(&word)
                    && !vocabulary.contains(&word)
                    && !reasons.contains(&word)
                {
                    unknown
                        .entry(format!("{word:?}"))
                        .or_default()
                        .insert(format!("{path}: {}", normalize_space(&text)));
                }
            }
        }
    }
    let report: Vec<String> = unknown
        .iter()
        .map(|(word, wheres)| {
            let first: Vec<&String> = wheres.iter().take(3).collect();
            format!("{word} on {} page(s), e.g. {first:?}", wheres.len())
        })
        .collect();
    assert!(
        report.is_empty(),
        "words the catalog never wrote:\n{}",
        report.join("\n")
    );
}

/// The text a page shows around the catalog's prose: see
/// [`every_heading_and_search_box_word_comes_from_the_catalog_or_errdocs`].
fn chrome_texts(doc: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for el in doc.select(&sel(
        "title, .page-head, h1, h2, h3, h4, h5, h6, caption, th, label, button, legend, summary, nav, form[role=search]",
    )) {
        out.push(element_text(el));
    }
    for el in doc.select(&sel("form[role=search], form[role=search] *")) {
        for name in ["placeholder", "aria-label", "title"] {
            if let Some(v) = el.value().attr(name) {
                out.push(v.to_owned());
            }
        }
    }
    for el in doc.select(&sel("meta[name=description]")) {
        out.push(el.value().attr("content").unwrap_or_default().to_owned());
    }
    out
}

/// The visible text of an element: its text nodes outside `<script>` and `<style>`.
fn element_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        if let Node::Text(text) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style"))
            });
            if !hidden {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
    out
}

/// Everything a reader of the page sees or hears: the text of the whole document (with the
/// `<title>`), and the attributes shown or read out.
fn visible_text(doc: &Html) -> String {
    let mut out = element_text(doc.root_element());
    for el in doc.select(&sel(
        "[placeholder], [title], [aria-label], [alt], meta[name=description]",
    )) {
        for name in ["placeholder", "title", "aria-label", "alt", "content"] {
            if let Some(v) = el.value().attr(name) {
                out.push(' ');
                out.push_str(v);
            }
        }
    }
    out
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `needle` occurs in `haystack` with no letter, digit or `_` on either side.
fn contains_word(haystack: &str, needle: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(needle).any(|(i, m)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// A little of `text` around the first `term`, for a failure message.
fn around(text: &str, term: &str) -> String {
    let i = text.find(&term.to_lowercase()).unwrap_or(0);
    let start = text.floor_char_boundary(i.saturating_sub(60));
    let end = text.ceil_char_boundary((i + term.len() + 60).min(text.len()));
    text[start..end].to_owned()
}

/// The words of `text`: runs of letters, digits and `_`, lower-cased, `_` trimmed at the ends.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(|w| w.trim_matches('_').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every content file of the example site and its `errdocs.toml`, as `(path, text)`.
fn catalog_files() -> Vec<(PathBuf, String)> {
    let root = root();
    let mut files = vec![(
        root.join("errdocs.toml"),
        std::fs::read_to_string(root.join("errdocs.toml")).unwrap(),
    )];
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            files.push((entry.path().to_owned(), text));
        }
    }
    assert!(files.len() > 20, "{} files", files.len());
    files
}

/// All of the catalog's files as one text.
fn catalog_text() -> String {
    catalog_files()
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words the catalog writes: see
/// [`every_heading_and_search_box_word_comes_from_the_catalog_or_errdocs`].
fn catalog_words() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, text) in catalog_files() {
        let mut add = |s: &str| out.extend(words(s));
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => {
                let value: serde_yaml::Value = serde_yaml::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                yaml_words(&value, false, &mut add);
            }
            Some("md") => {
                let (front, body) = split_front_matter(&text);
                let value: serde_yaml::Value = serde_yaml::from_str(front)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                yaml_words(&value, false, &mut add);
                add(body);
            }
            Some("toml") => {
                let value: toml::Value = toml::from_str(&text).unwrap();
                toml_words(&value, &mut add);
            }
            _ => panic!("{}: a file the test does not know", path.display()),
        }
    }
    out
}

/// Passes every scalar of `value` to `add`, and the keys of the maps that are data the catalog
/// quotes (under `headers`, `json`, `body`, `query`, `form`), not the schema's own field names.
fn yaml_words(value: &serde_yaml::Value, data: bool, add: &mut impl FnMut(&str)) {
    use serde_yaml::Value as Y;
    match value {
        Y::String(s) => add(s),
        Y::Number(n) => add(&n.to_string()),
        Y::Bool(b) => add(&b.to_string()),
        Y::Sequence(items) => items.iter().for_each(|v| yaml_words(v, data, add)),
        Y::Mapping(map) => {
            for (k, v) in map {
                let key = k.as_str().unwrap_or_default();
                if data {
                    yaml_words(k, true, add);
                }
                let quoted = matches!(key, "headers" | "json" | "body" | "query" | "form");
                yaml_words(v, data || quoted, add);
            }
        }
        Y::Tagged(t) => yaml_words(&t.value, data, add),
        Y::Null => {}
    }
}

fn toml_words(value: &toml::Value, add: &mut impl FnMut(&str)) {
    match value {
        toml::Value::String(s) => add(s),
        toml::Value::Array(items) => items.iter().for_each(|v| toml_words(v, add)),
        toml::Value::Table(t) => t.values().for_each(|v| toml_words(v, add)),
        _ => {}
    }
}

/// The front matter of a Markdown file (between `---` lines) and the rest.
fn split_front_matter(text: &str) -> (&str, &str) {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    (&rest[..end], &rest[end + 5..])
}

/// Every HTTP status the catalog's YAML names in a `status` field.
fn catalog_statuses() -> BTreeSet<u16> {
    let mut out = BTreeSet::new();
    for (path, text) in catalog_files() {
        if path.extension().is_some_and(|e| e == "yaml") {
            let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            collect_statuses(&value, &mut out);
        }
    }
    out
}

fn collect_statuses(value: &serde_yaml::Value, out: &mut BTreeSet<u16>) {
    use serde_yaml::Value as Y;
    match value {
        Y::Sequence(items) => items.iter().for_each(|v| collect_statuses(v, out)),
        Y::Mapping(map) => {
            for (k, v) in map {
                if k.as_str() == Some("status") {
                    let numbers = match v {
                        Y::Sequence(items) => items.clone(),
                        other => vec![other.clone()],
                    };
                    out.extend(
                        numbers
                            .iter()
                            .filter_map(|n| u16::try_from(n.as_u64()?).ok()),
                    );
                }
                collect_statuses(v, out);
            }
        }
        _ => {}
    }
}
