//! Rebuilds: nothing changed writes nothing; a changed entry rewrites only the files that show it,
//! and every other file keeps its inode and modification time.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt as _;

use crate::support::{SiteTest, identities, snapshot};

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let before = identities(&site.out());
    let dir_inode = std::fs::metadata(site.out()).unwrap().ino();
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("(nothing changed)"), "{}", run.stderr);
    assert_eq!(identities(&site.out()), before);
    assert_eq!(std::fs::metadata(site.out()).unwrap().ino(), dir_inode);
    // An edit that changes no page (a comment) renders again but still writes nothing.
    let path = "content/errors/401/expired-token.yaml";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.file(path, format!("# reviewed\n{text}"));
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("(nothing changed)"), "{}", run.stderr);
    assert_eq!(identities(&site.out()), before);
}

#[test]
fn a_changed_entry_rewrites_only_the_pages_that_show_it() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let old_files = snapshot(&site.out());
    let before = identities(&site.out());
    edit(
        &site,
        EDITED,
        "title: Expired access token",
        "title: Expired bearer token",
    );
    let run = site.build_ok(&[]);
    let new_files = snapshot(&site.out());
    let after = identities(&site.out());
    let mut rewritten = Vec::new();
    for (rel, bytes) in &new_files {
        if old_files.get(rel) == Some(bytes) {
            assert_eq!(
                after[rel], before[rel],
                "{rel} is unchanged but was rewritten"
            );
        } else {
            assert_ne!(after[rel], before[rel], "{rel} changed but kept its inode");
            rewritten.push(rel.as_str());
        }
    }
    for page in [
        "401/expired-token/index.html",
        "401/missing-token/index.html",
        "401/index.html",
        "index.html",
        "catalog.json",
    ] {
        assert!(rewritten.contains(&page), "{page} not in {rewritten:?}");
    }
    assert!(!rewritten.contains(&"403/insufficient-scope/index.html"));
    assert!(
        run.stderr.contains(&format!(
            "({} of {} files changed)",
            rewritten.len(),
            new_files.len()
        )),
        "{}",
        run.stderr
    );
    assert_same_as_clean_build(&site);
}

#[test]
fn an_output_changed_by_hand_is_repaired() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let good = snapshot(&site.out());
    // A page errdocs wrote and someone changed is written again (a file someone added is refused:
    // see `output_safety`).
    std::fs::write(site.out().join("404.html"), "tampered").unwrap();
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("(1 of "), "{}", run.stderr);
    assert!(snapshot(&site.out()) == good, "the output was not restored");
}

/// Builds the site from scratch into a new folder and returns what it wrote.
fn clean_build(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("public");
    site.build_ok(&["--out", target.to_str().unwrap()]);
    snapshot(&target)
}

/// The entry these tests edit.
const EDITED: &str = "content/errors/401/expired-token.yaml";

/// Replaces `from` with `to` in the site file at `path`; `from` must be there, or the test would
/// build an unchanged site and prove nothing.
fn edit(site: &SiteTest, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    site.file(path, text.replace(from, to));
}

/// The output equals what a build from scratch writes.
fn assert_same_as_clean_build(site: &SiteTest) {
    assert!(
        snapshot(&site.out()) == clean_build(site),
        "differs from a clean build"
    );
}

#[test]
fn an_edit_only_its_own_page_shows_renders_only_that_page() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    let before = identities(&site.out());
    edit(
        &site,
        EDITED,
        "Retry the request once.",
        "Retry the request once, then stop.",
    );
    let run = site.build_ok(&[]);
    assert!(
        run.stderr
            .contains(", rendering only 1 edited entry page(s)"),
        "{}",
        run.stderr
    );
    let after = identities(&site.out());
    assert_ne!(
        after["401/expired-token/index.html"],
        before["401/expired-token/index.html"]
    );
    assert_eq!(
        after["401/missing-token/index.html"],
        before["401/missing-token/index.html"]
    );
    assert!(
        site.read("401/expired-token/index.html")
            .contains("Retry the request once, then stop.")
    );
    assert_same_as_clean_build(&site);

    // A title is shown on other pages: every page is rendered again.
    edit(
        &site,
        EDITED,
        "title: Expired access token",
        "title: Expired bearer token",
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("rendering only"), "{}", run.stderr);
    assert_same_as_clean_build(&site);
}

#[test]
fn a_kept_page_changed_by_hand_makes_the_build_render_everything() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    std::fs::write(site.out().join("401/missing-token/index.html"), "tampered").unwrap();
    edit(&site, EDITED, "Retry the request once.", "Retry it once.");
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("rendering only"), "{}", run.stderr);
    assert_same_as_clean_build(&site);
}

#[test]
fn another_base_url_or_template_renders_every_page() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    edit(&site, EDITED, "Retry the request once.", "Retry it once.");
    let run = site.build_ok(&["--base-url", "/docs/"]);
    assert!(!run.stderr.contains("rendering only"), "{}", run.stderr);
    edit(&site, EDITED, "Retry it once.", "Retry it twice.");
    site.file(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock content %}",
    );
    let run = site.build_ok(&["--base-url", "/docs/"]);
    assert!(!run.stderr.contains("rendering only"), "{}", run.stderr);
    assert!(site.read("404.html").contains("<h1>Lost</h1>"));
}
