//! Problem types (RFC 9457): an entry's `type:` in `catalog.json`, the page its URI leads to when
//! it is under `base_url`, and the lints of declared, duplicate, unknown and `about:blank` types.

use crate::support::{SiteTest, sel};

/// An entry of a shipping API's catalog: a 404 or 410 with a problem details body.
fn entry(
    status: u16,
    title: &str,
    declared: Option<&str>,
    body_type: &str,
    body_title: &str,
) -> String {
    let declared = declared.map_or(String::new(), |t| format!("type: \"{t}\"\n"));
    format!(
        "status: {status}
title: {title}
summary: The shipment cannot be read.
{declared}response:
  status: {status}
  headers:
    Content-Type: application/problem+json
  body:
    type: \"{body_type}\"
    title: {body_title}
    status: {status}
allow: [missing-sample-pair]
"
    )
}

fn site_with_types() -> SiteTest {
    let site = SiteTest::empty();
    site.file(
        "errdocs.toml",
        "title = \"Parcels\"\nbase_url = \"https://docs.parcels.example/errors/\"\n",
    );
    // Its type's path is another page's: the type leads to a small page that sends the reader on.
    site.file(
        "content/errors/404/shipment-not-found.yaml",
        entry(
            404,
            "Shipment <not> found",
            Some("https://docs.parcels.example/errors/problems/shipment-not-found"),
            "https://docs.parcels.example/errors/problems/shipment-not-found",
            "Shipment not found",
        ),
    );
    // Its type is the entry page's own URL: nothing more is written.
    site.file(
        "content/errors/410/label-expired.yaml",
        entry(
            410,
            "Label expired",
            Some("https://docs.parcels.example/errors/410/label-expired/"),
            "https://docs.parcels.example/errors/410/label-expired/",
            "Label expired",
        ),
    );
    // Its type lives on the API's host, not under base_url: no page for it.
    site.file(
        "content/errors/409/pickup-slot-taken.yaml",
        entry(
            409,
            "Pickup slot taken",
            Some("https://api.parcels.example/problems/pickup-slot-taken"),
            "https://api.parcels.example/problems/pickup-slot-taken",
            "Pickup slot taken",
        ),
    );
    site
}

#[test]
fn a_type_under_base_url_leads_to_its_entry_page_and_catalog_json_names_it() {
    let site = site_with_types();
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build_ok(&[]);

    let page = site.read("problems/shipment-not-found/index.html");
    let doc = site.html("problems/shipment-not-found/index.html");
    let refresh = doc
        .select(&sel("meta[http-equiv=refresh]"))
        .next()
        .expect("a refresh");
    assert_eq!(
        refresh.value().attr("content"),
        Some("0; url=/errors/404/shipment-not-found/")
    );
    let link = doc.select(&sel("body a")).next().expect("a link");
    assert_eq!(
        link.value().attr("href"),
        Some("/errors/404/shipment-not-found/")
    );
    // The title is catalog text, escaped; no script or style, for the site's CSP.
    assert_eq!(link.text().collect::<String>(), "Shipment <not> found");
    assert!(page.contains("Shipment &lt;not&gt; found"), "{page}");
    assert!(
        !page.contains("<script") && !page.contains("style="),
        "{page}"
    );
    // The page it leads to exists.
    site.read("404/shipment-not-found/index.html");

    // A type that is the entry's own URL adds nothing; one on another host gets no page.
    site.read("410/label-expired/index.html");
    assert!(!site.out().join("problems/pickup-slot-taken").exists());
    let files = crate::support::snapshot(&site.out());
    let extra: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("problems/") || p.starts_with("errors/"))
        .collect();
    assert_eq!(extra, ["problems/shipment-not-found/index.html"]);

    let catalog: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).unwrap();
    let types: Vec<(&str, Option<&str>)> = catalog["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["type"].as_str()))
        .collect();
    assert_eq!(
        types,
        [
            (
                "404/shipment-not-found",
                Some("https://docs.parcels.example/errors/problems/shipment-not-found")
            ),
            (
                "409/pickup-slot-taken",
                Some("https://api.parcels.example/problems/pickup-slot-taken")
            ),
            (
                "410/label-expired",
                Some("https://docs.parcels.example/errors/410/label-expired/")
            ),
        ]
    );
}

#[test]
fn a_body_type_no_entry_declares_is_reported_where_it_is_written() {
    let site = site_with_types();
    site.file(
        "content/errors/404/label-not-found.yaml",
        entry(
            404,
            "Label not found",
            None,
            "https://docs.parcels.example/errors/problems/shipment-not-fund",
            "Label not found",
        ),
    );
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "content/errors/404/label-not-found.yaml:9:12: warning: the problem type \
             `https://docs.parcels.example/errors/problems/shipment-not-fund` is declared by no \
             entry, so it links to no page"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "did you mean `https://docs.parcels.example/errors/problems/shipment-not-found` \
             (declared by `404/shipment-not-found`)?"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--format", "json"]);
    assert!(
        run.stdout.contains("\"code\":\"unknown-problem-type\"")
            || run.stdout.contains("\"code\": \"unknown-problem-type\""),
        "{}",
        run.stdout
    );

    // A catalog that declares no type is not checked: its types may live anywhere.
    let plain = SiteTest::empty();
    plain.file(
        "content/errors/404/label-not-found.yaml",
        entry(
            404,
            "Label not found",
            None,
            "https://api.parcels.example/problems/label-not-found",
            "Label not found",
        ),
    );
    let run = plain.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn two_entries_declaring_one_type_and_a_type_that_is_not_one_are_errors() {
    let site = site_with_types();
    site.file(
        "content/errors/404/shipment-deleted.yaml",
        entry(
            404,
            "Shipment deleted",
            Some("https://docs.parcels.example/errors/problems/shipment-not-found"),
            "https://docs.parcels.example/errors/problems/shipment-not-found",
            "Shipment not found",
        ),
    );
    site.file(
        "content/errors/409/label-voided.yaml",
        entry(
            409,
            "Label voided",
            Some("about:blank"),
            "about:blank",
            "Conflict",
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.out().exists());
    assert!(
        run.stderr.contains(
            "content/errors/404/shipment-not-found.yaml:4:1: error: the problem type \
             `https://docs.parcels.example/errors/problems/shipment-not-found` is already declared \
             by `404/shipment-deleted`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/errors/409/label-voided.yaml:4:1: error: `about:blank` means the problem has \
             no type beyond its status"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--format", "json"]);
    let codes: Vec<String> = serde_json::from_str::<serde_json::Value>(&run.stdout)
        .unwrap()
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        codes.contains(&"duplicate-problem-type".to_owned()),
        "{}",
        run.stdout
    );
    assert!(
        codes.contains(&"invalid-problem-type".to_owned()),
        "{}",
        run.stdout
    );
}

#[test]
fn an_about_blank_problem_is_titled_by_its_reason_phrase() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/404/shipment-not-found.yaml",
        entry(
            404,
            "Shipment not found",
            None,
            "about:blank",
            "Shipment not found",
        ),
    );
    // No `type` at all means `about:blank` too.
    site.file(
        "content/errors/410/label-expired.yaml",
        entry(410, "Label expired", None, "about:blank", "Gone").replace(
            "    type: \"about:blank\"\n    title: Gone",
            "    title: Label expired",
        ),
    );
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/errors/404/shipment-not-found.yaml:10:12: warning: the problem's type is \
             `about:blank`, so its `title` should be `Not Found`, the reason phrase of 404, not \
             `Shipment not found`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/errors/410/label-expired.yaml:9:12: warning: the problem's type is \
             `about:blank` (no `type` means it), so its `title` should be `Gone`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("0 error(s), 2 warning(s)"),
        "{}",
        run.stderr
    );
}
