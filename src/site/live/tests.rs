use std::collections::BTreeMap;
use std::path::Path;

use super::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    for item in walkdir::WalkDir::new(&fixture) {
        let item = item.unwrap();
        let target = dir.path().join(item.path().strip_prefix(&fixture).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
    dir
}

fn options(dir: &tempfile::TempDir) -> BuildOptions {
    BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    }
}

fn edit(root: &Path, from: &str, to: &str) {
    let path = root.join("content/errors/401/expired-token.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every file a full build of `options` gives, by path.
fn full_build(options: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    crate::site::render(options)
        .unwrap()
        .pages
        .into_iter()
        .map(|p| (p.path, p.bytes))
        .collect()
}

/// The file at `path`, whole or joined from its pieces.
fn found(site: &Site, path: &str) -> Bytes {
    match site.get(path) {
        Lookup::Found(bytes) => bytes,
        Lookup::Streamed(mut pieces) => {
            let mut bytes = Vec::new();
            while let Some(piece) = pieces.0.blocking_recv() {
                bytes.extend_from_slice(&piece);
            }
            bytes.into()
        }
        other => panic!("{path}: {other:?}"),
    }
}

#[test]
fn every_file_is_rendered_on_request_as_a_build_renders_it() {
    let dir = site();
    let options = options(&dir);
    let update = update(&options, None, &mut ParseCache::default())
        .unwrap()
        .unwrap();
    assert_eq!(update.scope, Scope::Whole);
    let site = update.site;
    assert!(
        site.cached("index.html").is_none(),
        "nothing is rendered ahead"
    );
    let built = full_build(&options);
    for (path, bytes) in &built {
        assert!(
            *found(&site, path) == **bytes,
            "{path} differs from a build"
        );
        assert!(site.contains(path), "{path}");
    }
    assert_eq!(
        site.pages(),
        built.keys().filter(|p| p.ends_with(".html")).count()
    );
    // A page's Markdown version is made alone and kept like the page; the two files that hold the
    // whole catalog are made on each request, sent in pieces as they are made, and never kept.
    assert!(site.cached("401/expired-token/index.html.md").is_some());
    assert!(site.cached("llms.txt").is_some());
    for path in [CATALOG_JSON, "llms-full.txt"] {
        assert!(site.cached(path).is_none(), "{path}");
        let Lookup::Streamed(mut pieces) = site.get(path) else {
            panic!("{path} is not streamed");
        };
        let mut joined = Vec::new();
        while let Some(piece) = pieces.0.blocking_recv() {
            assert!(piece.len() <= super::PIECE, "{path}: {} bytes", piece.len());
            joined.extend_from_slice(&piece);
        }
        assert!(joined == built[path], "{path} differs from a build");
    }
    assert!(matches!(site.get("404.html.md"), Lookup::Missing));
    assert!(matches!(
        site.get("401/nothing/index.html"),
        Lookup::Missing
    ));
    assert!(!site.contains("401/nothing/index.html"));
}

#[test]
fn a_body_edit_keeps_every_other_page_and_gives_what_a_build_gives() {
    let dir = site();
    let options = options(&dir);
    let mut cache = ParseCache::default();
    let first = update(&options, None, &mut cache).unwrap().unwrap().site;
    let paths: Vec<String> = full_build(&options).into_keys().collect();
    for path in &paths {
        found(&first, path);
    }
    edit(
        dir.path(),
        "Retry the request once.",
        "Retry the request once, then stop.",
    );
    let next = update(&options, Some(&first), &mut cache).unwrap().unwrap();
    assert_eq!(cache.parsed(), 1, "only the edited file is parsed again");
    assert_eq!(
        next.scope,
        Scope::Entries(vec!["401/expired-token/index.html".into()])
    );
    let site = next.site;
    assert!(site.cached("401/expired-token/index.html").is_none());
    assert!(site.cached(CATALOG_JSON).is_none());
    assert!(
        site.cached("401/missing-token/index.html").is_some(),
        "the other pages are kept"
    );
    let fresh = full_build(&options);
    for (path, bytes) in &fresh {
        assert!(
            *found(&site, path) == **bytes,
            "{path} differs from a build"
        );
    }
}

#[test]
fn an_edit_other_pages_show_starts_over_and_no_edit_is_no_update() {
    let dir = site();
    let options = options(&dir);
    let mut cache = ParseCache::default();
    let first = update(&options, None, &mut cache).unwrap().unwrap().site;
    found(&first, "index.html");
    assert!(
        update(&options, Some(&first), &mut cache)
            .unwrap()
            .is_none(),
        "the same input changes nothing"
    );
    edit(
        dir.path(),
        "title: Expired access token",
        "title: Token past its expiry",
    );
    let next = update(&options, Some(&first), &mut cache).unwrap().unwrap();
    assert_eq!(next.scope, Scope::Whole);
    assert!(next.site.cached("index.html").is_none());
    let home = found(&next.site, "index.html");
    assert!(String::from_utf8_lossy(&home).contains("Token past its expiry"));
}

#[test]
fn a_broken_template_is_an_error_of_the_update() {
    let dir = site();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/entry.html"), "{% if %}").unwrap();
    let Err(SiteError::Invalid(problems)) =
        update(&options(&dir), None, &mut ParseCache::default())
    else {
        panic!("a template that does not parse was accepted");
    };
    assert!(
        problems.iter().any(|d| d.code == "template"),
        "{problems:?}"
    );
}

#[test]
fn a_template_that_fails_on_one_page_fails_that_page_only() {
    let dir = site();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/guide.html"),
        "{{ item.no_such_field.deeper }}",
    )
    .unwrap();
    let site = update(&options(&dir), None, &mut ParseCache::default())
        .unwrap()
        .unwrap()
        .site;
    found(&site, "401/expired-token/index.html");
    let Lookup::Failed(problem) = site.get("guides/handling-401/index.html") else {
        panic!("the guide rendered");
    };
    assert_eq!(problem.code, "template");
}

#[test]
fn the_cache_drops_the_least_recently_used_beyond_its_budget() {
    let mut cache = Cache::new(10);
    cache.insert("a", Bytes::from_static(b"aaaa"));
    cache.insert("b", Bytes::from_static(b"bbbb"));
    assert!(cache.get("a").is_some());
    cache.insert("c", Bytes::from_static(b"cccc"));
    assert!(cache.peek("b").is_none(), "b was used least recently");
    assert!(cache.peek("a").is_some() && cache.peek("c").is_some());
    cache.insert("c", Bytes::from_static(b"cc"));
    assert_eq!(cache.bytes, 6);
    let order: Vec<&String> = cache.least_recent_first().map(|(p, _)| p).collect();
    assert_eq!(order, ["a", "c"]);
    cache.insert("big", Bytes::from(vec![0; 64]));
    assert_eq!(
        cache.files.len(),
        1,
        "a file larger than the budget is kept alone"
    );
}
