//! The shipped 401 reference covers what it promises, and every documented response is correct by
//! the RFCs: checked on the catalog as the loader sees it.

use std::collections::BTreeSet;
use std::path::Path;

use errdocs::catalog::model::{Response, Tree};
use errdocs::site::{Checked, check};

fn shipped() -> Checked {
    let checked = check(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked
}

/// Every response the catalog documents, with where it comes from.
fn responses(c: &Checked) -> Vec<(String, Response)> {
    let mut out = Vec::new();
    for e in &c.catalog.entries {
        out.push((format!("{} response", e.id), e.value.response.clone()));
        for (i, pair) in e.value.samples.clone().into_iter().enumerate() {
            for (side, s) in [("incorrect", pair.incorrect), ("correct", pair.correct)] {
                if let Some(r) = s.response {
                    out.push((format!("{} sample {} {side}", e.id, i + 1), r));
                }
            }
        }
    }
    for s in &c.catalog.statuses {
        if let Some(r) = &s.value.response {
            out.push((format!("{} response", s.id), r.clone()));
        }
    }
    out
}

fn header<'a>(r: &'a Response, name: &str) -> Vec<&'a str> {
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.values().iter().map(String::as_str))
        .collect()
}

#[test]
fn every_promised_page_exists() {
    let c = shipped();
    let ids: BTreeSet<&str> = c.catalog.links.keys().map(String::as_str).collect();
    for id in [
        "status/401",
        "status/403",
        "status/407",
        "401/missing-credentials",
        "401/wrong-scheme",
        "401/malformed-credentials",
        "401/expired-token",
        "401/token-not-yet-valid",
        "401/invalid-signature",
        "401/wrong-audience",
        "401/revoked-token",
        "401/refresh-token-rejected",
        "401/invalid-api-key",
        "401/wrong-basic-credentials",
        "401/expired-session",
        "401/authorization-header-stripped",
        "401/cors-credentials",
        "401/redirect-drops-credentials",
        "403/insufficient-scope",
        "403/permission-denied",
        "407/proxy-authentication-required",
        "compare/401-vs-403",
        "compare/401-vs-407",
        "trees/why-401",
        "guides/handling-401-in-clients",
        "guides/returning-401-from-servers",
        "guides/documenting-auth-errors",
        "guides/testing-auth-failures",
        "guides/token-lifecycle",
        "guides/faq",
        "guides/references",
    ] {
        assert!(ids.contains(id), "missing {id}");
    }
}

#[test]
fn the_401_tree_reaches_every_401_case() {
    let c = shipped();
    let tree: &Tree = &c
        .catalog
        .trees
        .iter()
        .find(|t| t.id == "trees/why-401")
        .unwrap()
        .value;
    let reached: BTreeSet<&str> = tree
        .nodes
        .values()
        .flat_map(|n| n.answers.iter().filter_map(|a| a.entry.as_deref()))
        .collect();
    for e in c.catalog.entries.iter().filter(|e| e.value.status == 401) {
        assert!(
            reached.contains(e.id.as_str()),
            "the tree never reaches {}",
            e.id
        );
    }
}

#[test]
fn every_challenge_is_where_the_rfcs_put_it() {
    let c = shipped();
    let mut checked = 0;
    for (what, r) in &responses(&c) {
        let challenges = header(r, "WWW-Authenticate");
        match r.status {
            // RFC 9110 §15.5.2: a 401 carries at least one challenge.
            401 => assert!(
                !challenges.is_empty(),
                "{what}: a 401 without WWW-Authenticate"
            ),
            // RFC 9110 §15.5.8: a 407 carries Proxy-Authenticate.
            407 => assert!(
                !header(r, "Proxy-Authenticate").is_empty(),
                "{what}: a 407 without Proxy-Authenticate"
            ),
            _ => {}
        }
        let all = challenges
            .iter()
            .chain(header(r, "Proxy-Authenticate").iter())
            .copied()
            .collect::<Vec<_>>();
        for ch in &all {
            // RFC 6750 §3.1: each Bearer error code belongs to one status.
            for (code, status) in [
                ("insufficient_scope", 403),
                ("invalid_token", 401),
                ("invalid_request", 400),
            ] {
                if ch.contains(&format!("error=\"{code}\"")) {
                    assert_eq!(
                        r.status, status,
                        "{what}: error=\"{code}\" on a {}",
                        r.status
                    );
                }
            }
            // RFC 7617 §2: a Basic challenge names its realm.
            if ch.trim_start().starts_with("Basic") {
                assert!(
                    ch.contains("realm="),
                    "{what}: Basic challenge without realm: {ch}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} responses");
}

#[test]
fn problem_details_bodies_follow_rfc_9457() {
    let c = shipped();
    let mut seen = 0;
    for (what, r) in &responses(&c) {
        let is_problem = header(r, "Content-Type")
            .iter()
            .any(|t| t.starts_with("application/problem+json"));
        if !is_problem {
            continue;
        }
        let body = r
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: problem+json without a body"));
        let obj = body
            .as_object()
            .unwrap_or_else(|| panic!("{what}: problem body is not an object"));
        assert!(
            obj.get("title").is_some_and(serde_json::Value::is_string),
            "{what}: no title"
        );
        if let Some(status) = obj.get("status") {
            assert_eq!(
                status.as_u64(),
                Some(u64::from(r.status)),
                "{what}: status differs from the response"
            );
        }
        seen += 1;
    }
    assert!(seen > 10, "only {seen} problem bodies");
}

#[test]
fn every_entry_has_a_pair_that_fails_and_one_that_works() {
    let c = shipped();
    for e in &c.catalog.entries {
        assert!(!e.value.samples.is_empty(), "{}: no sample pair", e.id);
        let response = e.value.response.clone();
        for pair in &e.value.samples {
            let incorrect = pair.incorrect.response.as_ref().unwrap_or(&response);
            assert!(
                (400..500).contains(&incorrect.status),
                "{}: incorrect side answered {}",
                e.id,
                incorrect.status
            );
            let correct = pair.correct.response.as_ref().map_or(0, |r| r.status);
            assert!(
                (200..400).contains(&correct),
                "{}: correct side answered {correct}",
                e.id
            );
            assert_ne!(
                pair.incorrect.request, pair.correct.request,
                "{}: identical requests",
                e.id
            );
        }
    }
}

#[test]
fn references_cite_the_current_rfcs() {
    let c = shipped();
    let mut urls = BTreeSet::new();
    for e in &c.catalog.entries {
        urls.extend(e.value.references.iter().map(|r| r.url.clone()));
    }
    for s in &c.catalog.statuses {
        urls.extend(s.value.references.iter().map(|r| r.url.clone()));
    }
    for g in &c.catalog.guides {
        urls.extend(
            g.value
                .body
                .split(['(', ')', ' ', '<', '>'])
                .filter(|w| w.starts_with("https://"))
                .map(str::to_owned),
        );
    }
    let all = urls.iter().cloned().collect::<Vec<_>>().join("\n");
    for needle in [
        "rfc9110#section-11",
        "rfc9110#section-15.5.2",
        "rfc9110#section-15.5.4",
        "rfc9110#section-15.5.8",
        "rfc6750",
        "rfc7617",
        "rfc7616",
        "rfc6749",
        "rfc9457",
        "owasp.org",
    ] {
        assert!(all.contains(needle), "no reference to {needle}");
    }
    assert!(
        urls.iter().all(|u| u.starts_with("https://")),
        "non-https reference"
    );
}

/// Lower-cased words of a text, letters and digits only.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn no_run_of_twelve_words_is_taken_from_the_source_pages() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(dir) = std::fs::read_dir(&seeds) else {
        eprintln!("SKIP: {} is not beside the repository", seeds.display());
        return;
    };
    let mut shingles = BTreeSet::new();
    for file in dir.filter_map(Result::ok) {
        let text = std::fs::read_to_string(file.path()).unwrap_or_default();
        let w = words(&text);
        for run in w.windows(12) {
            shingles.insert(run.join(" "));
        }
    }
    assert!(shingles.len() > 1000, "the seeds were not read");
    let mut copied = Vec::new();
    for file in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("content")) {
        let file = file.unwrap();
        if !file.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(file.path()).unwrap();
        for run in words(&text).windows(12) {
            let run = run.join(" ");
            if shingles.contains(&run) {
                copied.push(format!("{}: {run}", file.path().display()));
            }
        }
    }
    assert!(copied.is_empty(), "{copied:#?}");
}
