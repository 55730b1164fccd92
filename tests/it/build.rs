//! `errdocs build` on a site with every page kind.

use crate::support::{SiteTest, sel, snapshot, texts};

#[test]
fn writes_every_page_kind_at_pretty_urls() {
    let site = SiteTest::fixture("basic");
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains("built 11 pages from 3 entries"),
        "{}",
        run.stderr
    );
    for page in [
        "index.html",
        "404.html",
        "401/index.html",
        "403/index.html",
        "401/expired-token/index.html",
        "401/missing-token/index.html",
        "403/insufficient-scope/index.html",
        "compare/401-vs-403/index.html",
        "trees/why-401/index.html",
        "guides/handling-401/index.html",
        "guides/index.html",
        "sitemap.xml",
        "catalog.json",
        "_headers",
    ] {
        assert!(site.out().join(page).is_file(), "missing {page}");
    }
}

#[test]
fn quiet_prints_nothing_on_success() {
    let site = SiteTest::fixture("basic");
    let run = site.build_ok(&["--quiet"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn home_groups_entries_by_status_with_summaries() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("index.html");
    let groups = texts(&doc, "section.group h2");
    assert_eq!(
        groups,
        vec!["401 401 Unauthorized", "403 403 Forbidden", "Guides"]
    );
    let first = doc.select(&sel("section.group")).next().unwrap();
    let entries: Vec<String> = first
        .select(&sel(".link-title"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(entries, vec!["Expired access token", "Missing credentials"]);
    let summary: String = first
        .select(&sel(".link-summary"))
        .next()
        .unwrap()
        .inner_html();
    assert_eq!(
        summary,
        "The token was valid once; its <code>exp</code> time has passed."
    );
}

#[test]
fn an_entry_order_puts_entries_first_everywhere_they_are_listed() {
    let site = SiteTest::fixture("basic");
    let path = "content/errors/401/missing-token.yaml";
    let yaml = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.file(path, format!("order: 1\n{yaml}"));
    site.build_ok(&[]);
    let home = site.html("index.html");
    let first = home.select(&sel("section.group")).next().unwrap();
    let titles: Vec<String> = first
        .select(&sel(".link-title"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(titles, vec!["Missing credentials", "Expired access token"]);
    let status = site.html("401/index.html");
    let cases = texts(&status, "#cases + ul .link-title");
    assert_eq!(cases, vec!["Missing credentials", "Expired access token"]);
    let catalog: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).unwrap();
    let ids: Vec<&str> = catalog["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "401/missing-token",
            "401/expired-token",
            "403/insufficient-scope"
        ]
    );
    // Not a number: a located error, and no site.
    site.file(path, format!("order: first\n{yaml}"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/errors/401/missing-token.yaml:1:"),
        "{}",
        run.stderr
    );
}

#[test]
fn entry_page_shows_pairs_with_both_verdicts_and_marks_differences() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("401/expired-token/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["Expired access token"]);
    let pairs: Vec<_> = doc.select(&sel("[data-pair]")).collect();
    assert_eq!(pairs.len(), 1);
    let pair = pairs[0];
    for verdict in ["incorrect", "correct"] {
        let side = pair
            .select(&sel(&format!("[data-verdict=\"{verdict}\"]")))
            .next()
            .unwrap_or_else(|| panic!("no {verdict} side"));
        let http = side
            .select(&sel("[data-lang=\"http\"]"))
            .next()
            .expect("http variant");
        let marked: Vec<String> = http
            .select(&sel(".line.d"))
            .map(|l| l.text().collect())
            .collect();
        // Only the Authorization line differs between the two requests.
        assert_eq!(marked.len(), 1, "{verdict}: {marked:?}");
        assert!(
            marked[0].starts_with("Authorization: Bearer "),
            "{marked:?}"
        );
        let unmarked: Vec<String> = http
            .select(&sel(".line:not(.d)"))
            .map(|l| l.text().collect())
            .collect();
        assert!(
            unmarked.contains(&"Accept: application/json".to_owned()),
            "{unmarked:?}"
        );
    }
    // The incorrect side defaults to the entry's documented response.
    let incorrect_status = texts(&doc, "[data-verdict=incorrect] .response .status-pill");
    assert_eq!(incorrect_status, vec!["401 Unauthorized"]);
    // It is named and linked, not repeated: the page shows the response on the wire once.
    assert_eq!(
        doc.select(&sel("[data-verdict=incorrect] .response pre"))
            .count(),
        0
    );
    let link: Vec<_> = doc
        .select(&sel("[data-verdict=incorrect] .response a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(link, ["#response"]);
    assert_eq!(
        doc.select(&sel("section[aria-labelledby=response] pre"))
            .count(),
        1
    );
    let correct_status = texts(&doc, "[data-verdict=correct] .response .status-pill");
    assert_eq!(correct_status, vec!["200 OK"]);
}

#[test]
fn response_is_shown_as_on_the_wire_and_highlighted() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("401/expired-token/index.html");
    let wire = texts(
        &doc,
        "#response ~ .response pre, section[aria-labelledby=response] pre",
    );
    let text = &wire[0];
    assert!(text.starts_with("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\""), "{text}");
    assert!(
        text.contains("\n\n{\n  \"type\": \"https://api.example.com/problems/expired-token\""),
        "{text}"
    );
    let html = site.read("401/expired-token/index.html");
    assert!(
        html.contains("<span class=\"a\">\"status\"</span>"),
        "JSON keys are classed"
    );
    assert!(
        html.contains("<span class=\"n\">401</span>"),
        "numbers are classed"
    );
}

#[test]
fn fenced_code_in_guides_is_highlighted_as_classes() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("guides/handling-401/index.html");
    let http = doc
        .select(&sel("pre code.language-http"))
        .next()
        .expect("http block");
    assert!(
        http.select(&sel("span")).count() >= 3,
        "{}",
        http.inner_html()
    );
    let js = doc
        .select(&sel("pre code.language-js"))
        .next()
        .expect("js block");
    assert!(
        js.select(&sel("span.k")).count() >= 1,
        "{}",
        js.inner_html()
    );
    assert_eq!(texts(&doc, "table th"), vec!["Attempt", "Action"]);
}

#[test]
fn comparison_is_a_real_table() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("compare/401-vs-403/index.html");
    assert_eq!(
        texts(&doc, "table.compare thead th"),
        vec!["Aspect", "401 Unauthorized", "403 Forbidden"]
    );
    assert_eq!(
        texts(&doc, "table.compare tbody th[scope=row]"),
        vec!["What the server says", "Retry with the same credentials?"]
    );
    assert_eq!(doc.select(&sel("table.compare tbody td")).count(), 4);
}

#[test]
fn decision_tree_works_without_javascript_and_has_a_diagram() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("trees/why-401/index.html");
    let nodes: Vec<_> = doc.select(&sel("li.node")).collect();
    assert_eq!(nodes.len(), 2);
    assert_eq!(nodes[0].value().attr("id"), Some("node-header"));
    let answers: Vec<&str> = nodes[0]
        .select(&sel("a.answer"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(answers, vec!["/401/missing-token/", "#node-error"]);
    let svg = doc
        .select(&sel("svg.tree-diagram"))
        .next()
        .expect("diagram");
    assert_eq!(svg.select(&sel("rect")).count(), 5);
}

#[test]
fn status_overview_lists_its_cases_comparisons_and_trees() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let doc = site.html("401/index.html");
    let links: Vec<&str> = doc
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for href in [
        "/401/expired-token/",
        "/401/missing-token/",
        "/trees/why-401/",
        "/compare/401-vs-403/",
    ] {
        assert!(links.contains(&href), "{href} not in {links:?}");
    }
    // 403 has no overview file: a minimal one is generated for its entries.
    let doc = site.html("403/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["403 Forbidden"]);
}

#[test]
fn catalog_json_has_the_contract_fields() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).unwrap();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    let e = &entries[0];
    assert_eq!(e["id"], "401/expired-token");
    assert_eq!(e["status"], 401);
    assert_eq!(e["title"], "Expired access token");
    assert_eq!(
        e["summary"],
        "The token was valid once; its exp time has passed."
    );
    assert_eq!(e["url"], "401/expired-token/");
    assert_eq!(
        e["response"]["headers"]["Content-Type"],
        "application/problem+json"
    );
    assert_eq!(e["samples"][0]["incorrect"]["request"]["method"], "GET");
    assert_eq!(e["samples"][0]["correct"]["response"]["status"], 200);
    // The incorrect side shows the entry's response, so catalog.json gives it too.
    assert_eq!(
        e["samples"][0]["incorrect"]["response"], e["response"],
        "the incorrect side's effective response"
    );
    // Every field the page shows is there, as its Markdown source.
    for field in [
        "recognize",
        "causes",
        "fix",
        "related",
        "references",
        "variants",
    ] {
        assert!(e[field].is_array(), "{field}: {e}");
    }
}

#[test]
fn codes_variants_later_and_field_errors_are_shown_and_published() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/429/rate-limited.yaml",
        r#"status: 429
title: Too many requests
code: rate_limit_exceeded
summary: The client sent more requests than its plan allows in the window.
response:
  status: 429
  headers:
    Retry-After: "30"
    Content-Type: application/problem+json
  body: {type: "https://api.example.com/problems/rate-limit", title: Too Many Requests, status: 429}
variants:
  - name: daily-quota
    title: Daily quota used up
    when: Once the plan's daily quota is spent, until midnight UTC.
    response:
      status: 429
      headers:
        Retry-After: "3600"
        Content-Type: application/problem+json
      body: {type: "https://api.example.com/problems/daily-quota", title: Too Many Requests, status: 429}
samples:
  - title: Wait for Retry-After, then send it again
    incorrect:
      request: {method: GET, url: "https://api.example.com/v1/parcels"}
    correct:
      later: after the `Retry-After` delay (30 seconds here)
      response: {status: 200}
  - title: Daily quota
    incorrect:
      given: the plan's daily quota is used up
      request: {method: GET, url: "https://api.example.com/v1/parcels"}
      variant: daily-quota
    correct:
      later: the next day
      response: {status: 200}
"#,
    );
    site.file(
        "content/errors/422/invalid-parcel.yaml",
        r#"status: 422
title: Invalid parcel
code: invalid_parcel
summary: A field of the parcel is out of range.
related: [rate_limit_exceeded]
response:
  status: 422
  headers:
    Content-Type: application/problem+json
  body:
    type: https://api.example.com/problems/invalid-parcel
    title: Unprocessable Content
    status: 422
    errors:
      - {pointer: /weight_kg, detail: must be more than 0}
samples:
  - title: Send a positive weight
    incorrect:
      request: {method: POST, url: "https://api.example.com/v1/parcels", json: {weight_kg: 0}}
    correct:
      request: {method: POST, url: "https://api.example.com/v1/parcels", json: {weight_kg: 2.5}}
      response: {status: 201}
"#,
    );
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build_ok(&[]);
    let page = site.html("429/rate-limited/index.html");
    assert_eq!(texts(&page, ".error-code code"), ["rate_limit_exceeded"]);
    assert_eq!(
        texts(&page, "#variant-daily-quota h3"),
        ["Daily quota used up"]
    );
    let later = texts(&page, "[data-pair] [data-verdict=correct] .later");
    assert_eq!(later.len(), 2, "{later:?}");
    assert!(later[0].contains("The same request, sent later:") && later[0].contains("Retry-After"));
    let pair2 = texts(
        &page,
        "#sample-2 [data-verdict=incorrect] .response .code-title",
    );
    assert_eq!(pair2, ["Response: Daily quota used up"]);
    let parcel = site.html("422/invalid-parcel/index.html");
    assert_eq!(
        texts(
            &parcel,
            "section[aria-labelledby=response] .field-errors tbody td code"
        ),
        ["/weight_kg"]
    );
    // A related item named by its code links to the entry.
    let related: Vec<String> = parcel
        .select(&crate::support::sel(
            "#related ~ ul a, section[aria-labelledby=related] a",
        ))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(
        related.iter().any(|h| h.ends_with("429/rate-limited/")),
        "{related:?}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).unwrap();
    let e = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "429/rate-limited")
        .unwrap();
    assert_eq!(e["code"], "rate_limit_exceeded");
    assert_eq!(e["variants"][0]["name"], "daily-quota");
    assert_eq!(
        e["samples"][0]["correct"]["later"],
        "after the `Retry-After` delay (30 seconds here)"
    );
    assert_eq!(
        e["samples"][0]["correct"]["request"],
        e["samples"][0]["incorrect"]["request"]
    );
    assert_eq!(
        e["samples"][1]["incorrect"]["response"]["headers"]["Retry-After"],
        "3600"
    );
}

#[test]
fn pages_have_no_inline_script_style_or_handlers() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    for (path, bytes) in snapshot(&site.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for el in doc.select(&sel("*")) {
            let v = el.value();
            assert!(
                v.attr("style").is_none(),
                "{path}: style= on <{}>",
                v.name()
            );
            assert!(
                !v.attrs().any(|(k, _)| k.starts_with("on")),
                "{path}: handler on <{}>",
                v.name()
            );
            if v.name() == "script" {
                assert!(v.attr("src").is_some(), "{path}: inline script");
            }
            if let Some(href) = v.attr("href") {
                assert!(
                    !href
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{path}: {href}"
                );
            }
        }
        assert!(
            !doc.html().contains("alert(\"content script\")"),
            "{path}: content script survived"
        );
    }
}

#[test]
fn css_and_js_are_fingerprinted_and_linked() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let files = snapshot(&site.out());
    let css: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("app.") && k.ends_with(".css"))
        .collect();
    let js: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("app.") && k.ends_with(".js"))
        .collect();
    assert_eq!((css.len(), js.len()), (1, 1), "{:?}", files.keys());
    let doc = site.html("index.html");
    let href = doc
        .select(&sel("link[rel=stylesheet]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(href, format!("/{}", css[0]));
}

#[test]
fn same_input_gives_byte_identical_output() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let first = snapshot(&site.out());
    site.build_ok(&[]);
    let second = snapshot(&site.out());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(second[k] == *v, "{k} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let before = snapshot(&site.out());
    site.file(
        "content/errors/401/expired-token.yaml",
        "status: 401\ntitle: [unclosed\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the previous output was left as it was"),
        "{}",
        run.stderr
    );
    assert!(
        before == snapshot(&site.out()),
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn out_flag_writes_elsewhere_and_refuses_the_site_itself() {
    let site = SiteTest::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("site");
    site.build_ok(&["--out", target.to_str().unwrap()]);
    assert!(target.join("index.html").is_file());
    let run = site.run(&["build", "--out", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("errdocs will not write here"),
        "{}",
        run.stderr
    );
    assert!(site.root().join("content/status/401.yaml").is_file());
}

#[test]
fn an_entry_lists_at_most_twelve_siblings_around_itself() {
    let site = SiteTest::empty();
    for i in 0..30 {
        site.file(
            &format!("content/errors/401/case-{i:02}.yaml"),
            format!(
                "status: 401\ntitle: Case {i:02}\nsummary: Case number {i}.\nresponse:\n  status: 401\n  headers:\n    WWW-Authenticate: Bearer realm=\"api\"\n"
            ),
        );
    }
    site.build_ok(&[]);
    let doc = site.html("401/case-15/index.html");
    let siblings = texts(&doc, "section[aria-labelledby=siblings] .link-title");
    let expected: Vec<String> = (9..=21)
        .filter(|i| *i != 15)
        .map(|i| format!("Case {i:02}"))
        .collect();
    assert_eq!(siblings, expected);
    let doc = site.html("401/case-00/index.html");
    let siblings = texts(&doc, "section[aria-labelledby=siblings] .link-title");
    assert_eq!(siblings.first().map(String::as_str), Some("Case 01"));
    assert_eq!(siblings.len(), 12);
}

#[test]
fn explain_prints_an_entry_by_id_for_the_terminal() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["explain", "401/expired-token"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Expired access token"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("WWW-Authenticate: Bearer realm=\"api\""),
        "{}",
        run.stdout
    );
    let run = site.run(&["explain", "401/expired-tokn"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean `401/expired-token`?"),
        "{}",
        run.stderr
    );
}
