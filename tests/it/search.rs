//! The search index files: their records, and that every result points at a real page; the ranking
//! signals of the index (title length, identifiers in prose, codes), its filters, and the search
//! box's hint.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{SiteTest, snapshot};

fn json(site: &SiteTest, rel: &str) -> Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every document row of every chunk, in index order.
fn docs(site: &SiteTest) -> Vec<Value> {
    let meta = json(site, "search/meta.json");
    let n = meta["n"].as_u64().unwrap() as usize;
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let rows: Vec<Value> = (0..n.div_ceil(chunk))
        .flat_map(|i| {
            json(site, &format!("search/d-{i}.json"))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(rows.len(), n);
    rows
}

/// The index position of the document at `url`.
fn doc_index(rows: &[Value], url: &str) -> usize {
    rows.iter()
        .position(|r| r[1] == url)
        .unwrap_or_else(|| panic!("no document {url}"))
}

/// A term's postings: document → stored weight.
fn postings(site: &SiteTest, term: &str) -> BTreeMap<usize, u64> {
    let shard: String = term.chars().take(2).collect();
    let t = json(
        site,
        &format!("search/t-{}.json", errdocs::search::file_key(&shard)),
    );
    let flat = t[term]
        .as_array()
        .unwrap_or_else(|| panic!("no term {term}"));
    flat.chunks(2)
        .map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap()))
        .collect()
}

/// The weight of `term` in the document at `url` (0 when it does not hold it).
fn weight(site: &SiteTest, rows: &[Value], term: &str, url: &str) -> u64 {
    postings(site, term)
        .get(&doc_index(rows, url))
        .copied()
        .unwrap_or(0)
}

/// A filter's values and its documents per value, from its own file; `None` when the index
/// offers no such filter.
fn facet(site: &SiteTest, key: &str) -> Option<BTreeMap<String, Vec<usize>>> {
    let meta = json(site, "search/meta.json");
    let listed = meta["facets"].as_array()?.iter().find(|f| f["k"] == key)?;
    let file = json(site, &format!("search/f-{key}.json"));
    let values = file["v"].as_array().unwrap();
    let lists = file["d"].as_array().unwrap();
    assert_eq!(values.len(), lists.len());
    // Buttons (statuses, schemes) are drawn from `meta.json`; the values of lists (tags, codes),
    // which may be thousands, stay in their file.
    match key {
        "status" | "scheme" => assert_eq!(&listed["v"], &file["v"]),
        _ => assert!(listed.get("v").is_none()),
    }
    Some(
        values
            .iter()
            .zip(lists)
            .map(|(v, gaps)| {
                let mut doc = 0;
                let docs = gaps
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| {
                        doc += g.as_u64().unwrap() as usize;
                        doc
                    })
                    .collect();
                (v.as_str().unwrap().to_owned(), docs)
            })
            .collect(),
    )
}

/// The search box's hint on a page.
fn placeholder(site: &SiteTest, page: &str) -> String {
    let doc = site.html(page);
    let input = doc
        .select(&crate::support::sel("input[data-search-input]"))
        .next()
        .unwrap_or_else(|| panic!("{page}: no search box"));
    input.value().attr("placeholder").unwrap_or("").to_owned()
}

#[test]
fn every_document_is_a_real_page_and_every_shard_is_listed() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let meta = json(&site, "search/meta.json");
    let files = snapshot(&site.out());
    for row in docs(&site) {
        let url = row[1].as_str().unwrap();
        let path = url.split('#').next().unwrap();
        assert!(files.contains_key(&format!("{path}index.html")), "{url}");
    }
    let listed: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let on_disk: Vec<String> = files
        .keys()
        .filter_map(|k| {
            k.strip_prefix("search/t-")
                .and_then(|k| k.strip_suffix(".json"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(listed, on_disk);
    // `h` names this version of the index: FNV-1a over every shard, then every chunk of rows, then
    // every filter's file.
    let chunks = docs(&site)
        .len()
        .div_ceil(meta["chunk"].as_u64().unwrap() as usize);
    let facets: Vec<&str> = meta["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["k"].as_str().unwrap())
        .collect();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let names = listed
        .iter()
        .map(|k| format!("search/t-{k}.json"))
        .chain((0..chunks).map(|i| format!("search/d-{i}.json")))
        .chain(facets.iter().map(|k| format!("search/f-{k}.json")));
    for name in names {
        for b in &files[&name] {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    assert_eq!(meta["h"], format!("{hash:016x}")[..10]);
    // The index written file by file during a build is the index a preview serves from memory.
    let rendered = errdocs::site::render(&errdocs::site::BuildOptions {
        root: site.root().to_path_buf(),
        out: None,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    let in_memory: BTreeMap<&str, &[u8]> = rendered
        .pages
        .iter()
        .filter(|p| p.path.starts_with("search/"))
        .map(|p| (p.path.as_str(), &p.bytes[..]))
        .collect();
    let written: BTreeMap<&str, &[u8]> = files
        .iter()
        .filter(|(k, _)| k.starts_with("search/"))
        .map(|(k, v)| (k.as_str(), &v[..]))
        .collect();
    assert_eq!(in_memory, written);
    // Every file of the index is one the meta file names.
    let named = written
        .keys()
        .filter(|k| {
            let name = k.trim_start_matches("search/");
            !(name == "meta.json"
                || name.starts_with("t-")
                || name.starts_with("d-")
                || facets.iter().any(|f| name == format!("f-{f}.json")))
        })
        .count();
    assert_eq!(named, 0, "{:?}", written.keys());
    // Two statuses, a scheme and tags that some entries lack: filters; no codes: no code filter.
    assert_eq!(facets, ["status", "scheme", "tag"]);
    let status = facet(&site, "status").unwrap();
    assert_eq!(status.keys().collect::<Vec<_>>(), ["401", "403"]);
    let rows = docs(&site);
    assert!(status["403"].contains(&doc_index(&rows, "403/insufficient-scope/")));
    assert_eq!(
        facet(&site, "scheme").unwrap()["Bearer"],
        [doc_index(&rows, "401/expired-token/")]
    );
}

#[test]
fn status_numbers_belong_to_their_overview_and_identifiers_are_whole_and_split() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let rows = docs(&site);
    let index_of = |url: &str| {
        rows.iter()
            .position(|r| r[1] == url)
            .unwrap_or_else(|| panic!("{url}"))
    };
    let postings = |term: &str| -> BTreeMap<usize, u64> {
        let shard: String = term.chars().take(2).collect();
        let t = json(&site, &format!("search/t-{shard}.json"));
        let flat = t[term]
            .as_array()
            .unwrap_or_else(|| panic!("no term {term}"));
        flat.chunks(2)
            .map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap()))
            .collect()
    };
    let p401 = postings("401");
    let overview = p401[&index_of("401/")];
    let entry = p401[&index_of("401/expired-token/")];
    assert!(
        overview > 2 * entry,
        "the overview owns 401: {overview} vs {entry}"
    );
    let whole = postings("invalid_token");
    assert!(whole.contains_key(&index_of("401/expired-token/")));
    assert!(postings("invalid").contains_key(&index_of("401/expired-token/")));
    // Guide sections are documents of their own, linked by the heading's anchor.
    assert!(
        rows.iter()
            .any(|r| r[1] == "guides/handling-401/#never-loop"),
        "{rows:?}"
    );
}

#[test]
fn every_page_has_the_search_box_hooks() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    for page in [
        "index.html",
        "401/expired-token/index.html",
        "404.html",
        "guides/index.html",
    ] {
        let doc = site.html(page);
        assert_eq!(
            doc.select(&crate::support::sel("input[data-search-input]"))
                .count(),
            1,
            "{page}"
        );
        assert_eq!(
            doc.select(&crate::support::sel("[data-search-results]"))
                .count(),
            1,
            "{page}"
        );
    }
}

#[test]
fn shorter_titles_weigh_more_and_identifiers_in_prose_and_codes_are_found() {
    let site = SiteTest::fixture("search-ranking");
    site.build_ok(&[]);
    let rows = docs(&site);
    let w = |term: &str, url: &str| weight(&site, &rows, term, url);
    // Field-length normalisation: "Rate limit exceeded" against a fourteen-word title that also
    // repeats the words in its body. Before, both titles weighed 12 and the repeats won.
    let short = w("rate", "429/rate-limit-exceeded/");
    let long = w("rate", "429/account-rate-limit/");
    assert!(short > long, "{short} vs {long}");
    assert!(
        w("order", "404/order-not-found/") > w("order", "404/archived-order/"),
        "order"
    );
    assert!(
        w("maintenance", "503/scheduled-maintenance/")
            > w("maintenance", "503/maintenance-writes/")
    );
    // An identifier written in prose is an identifier: `Request-Id` in the details of the 500
    // entry, a JSON Pointer in the details and field errors of the 422 one.
    assert!(w("request-id", "500/internal-error/") >= 8);
    assert!(w("items/0/quantity", "422/line-item-invalid/") >= 8);
    assert_eq!(postings(&site, "items/0/quantity").len(), 1);
    // An entry's code, whole and by its parts; it names its entry above any other mention.
    let exact = w("rate_limit_exceeded", "429/rate-limit-exceeded/");
    let mention = w("rate_limit_exceeded", "429/account-rate-limit/");
    assert!(exact > mention && mention > 0, "{exact} vs {mention}");
    assert!(w("exceeded", "429/rate-limit-exceeded/") > 0);
    // A result shows its code.
    let row = &rows[doc_index(&rows, "429/rate-limit-exceeded/")];
    assert_eq!(row[6], "rate_limit_exceeded");
    assert_eq!(
        rows[doc_index(&rows, "guides/support/")]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[test]
fn filters_are_the_catalogs_own_and_a_tree_counts_for_each_of_its_statuses() {
    let site = SiteTest::fixture("search-ranking");
    site.build_ok(&[]);
    let rows = docs(&site);
    let meta = json(&site, "search/meta.json");
    let keys: Vec<&str> = meta["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["k"].as_str().unwrap())
        .collect();
    // No entry names a scheme: no scheme filter.
    assert_eq!(keys, ["status", "tag", "code"]);
    let status = facet(&site, "status").unwrap();
    let tree = doc_index(&rows, "trees/why-refused/");
    assert!(status["429"].contains(&tree) && status["503"].contains(&tree));
    assert!(!status["404"].contains(&tree));
    let tags = facet(&site, "tag").unwrap();
    assert_eq!(
        tags["maintenance"],
        [
            doc_index(&rows, "503/maintenance-writes/"),
            doc_index(&rows, "503/scheduled-maintenance/")
        ]
    );
    let codes = facet(&site, "code").unwrap();
    assert_eq!(codes.len(), 12);
    assert_eq!(
        codes["validation_failed"],
        [doc_index(&rows, "422/line-item-invalid/")]
    );
}

#[test]
fn the_search_hint_comes_from_the_catalog_or_the_configuration() {
    let site = SiteTest::fixture("search-ranking");
    site.build_ok(&[]);
    for page in [
        "index.html",
        "404/index.html",
        "429/rate-limit-exceeded/index.html",
        "guides/support/index.html",
        "404.html",
    ] {
        let hint = placeholder(&site, page);
        assert_eq!(hint, "Search 404, order not found…", "{page}");
        let form = site.read(page);
        let form = &form[form.find("<form").unwrap()..form.find("</form>").unwrap()];
        for word in ["401", "invalid_token", "auth", "Auth", "token"] {
            assert!(
                !form.contains(word),
                "{page}: the search box says {word}: {form}"
            );
        }
    }
    site.file(
        "errdocs.toml",
        "title = \"Larder\"\n[search]\nplaceholder = \"Find a Larder error\"\n",
    );
    site.build_ok(&[]);
    assert_eq!(placeholder(&site, "index.html"), "Find a Larder error");
}

#[test]
fn the_shipped_search_hint_names_what_its_catalog_has() {
    let site = SiteTest::empty();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = site.root().join("public");
    let run = site.run(&[
        "build",
        "--quiet",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hint = placeholder(&site, "index.html");
    let examples = hint
        .strip_prefix("Search ")
        .and_then(|h| h.strip_suffix('…'))
        .unwrap_or_else(|| panic!("{hint}"));
    let catalog = json(&site, "catalog.json");
    let titles: Vec<String> = catalog["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_lowercase())
        .collect();
    let mut statuses = 0;
    for example in examples.split(", ") {
        if example.parse::<u16>().is_ok() {
            statuses += 1;
            assert!(out.join(example).join("index.html").is_file(), "{example}");
        } else {
            assert!(titles.contains(&example.to_lowercase()), "{example}");
        }
    }
    assert_eq!(statuses, 1, "{hint}");
}
