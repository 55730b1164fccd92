//! Every internal link and anchor resolves, at the domain root and under a sub-path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::{SiteTest, sel, snapshot};

/// Checks every `href`/`src` under `base` in every HTML page of `out`: the file exists (a folder
/// means its `index.html`) and a `#fragment` names an element id in that page. Returns the number
/// of links checked.
pub(crate) fn assert_links_resolve(out: &Path, base: &str) -> usize {
    let files = snapshot(out);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        let mut page_ids = BTreeSet::new();
        for el in doc.select(&sel("[id]")) {
            page_ids.insert(el.value().attr("id").unwrap().to_owned());
        }
        ids.insert(path.clone(), page_ids);
        for el in doc.select(&sel("[href], [src]")) {
            let v = el.value();
            let link = v.attr("href").or_else(|| v.attr("src")).unwrap().to_owned();
            links.push((path.clone(), link));
        }
    }
    let mut checked = 0;
    for (from, link) in links {
        if link.starts_with("http://")
            || link.starts_with("https://")
            || link.starts_with("mailto:")
        {
            continue;
        }
        let (target, fragment) = match link.split_once('#') {
            Some((t, f)) => (t.to_owned(), Some(f.to_owned())),
            None => (link.clone(), None),
        };
        let file = if target.is_empty() {
            from.clone()
        } else {
            let rel = target.strip_prefix(base).unwrap_or_else(|| {
                panic!("{from}: link {link} does not start with the base path {base}")
            });
            if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_owned()
            }
        };
        assert!(
            files.contains_key(&file),
            "{from}: link {link} points to missing {file}"
        );
        if let Some(f) = fragment {
            let page_ids = ids
                .get(&file)
                .unwrap_or_else(|| panic!("{from}: fragment link into non-HTML {file}"));
            assert!(
                page_ids.contains(&f),
                "{from}: link {link}: no element with id {f} in {file}"
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_internal_link_and_anchor_resolves_at_the_root() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let checked = assert_links_resolve(&site.out(), "/");
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn a_sub_path_base_url_prefixes_every_link() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&["--base-url", "https://org.example/docs/"]);
    let checked = assert_links_resolve(&site.out(), "/docs/");
    assert!(checked > 50, "only {checked} links checked");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://org.example/docs/401/expired-token/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://org.example/docs/</loc>"),
        "{sitemap}"
    );
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://org.example/docs/sitemap.xml"),
        "{robots}"
    );
    // The @id link inside Markdown follows the base path too.
    let entry = site.read("401/expired-token/index.html");
    assert!(
        entry.contains("href=\"/docs/trees/why-401/#node-header\""),
        "{entry}"
    );
}

#[test]
fn base_url_in_the_config_works_as_a_bare_path() {
    let site = SiteTest::fixture("basic");
    site.file(
        "errdocs.toml",
        "title = \"Fixture\"\nbase_url = \"/api-errors\"\n",
    );
    site.build_ok(&[]);
    assert_links_resolve(&site.out(), "/api-errors/");
    let not_found = site.read("404.html");
    assert!(
        not_found.contains("href=\"/api-errors/\""),
        "the 404 page links home under the base path"
    );
}
