//! `errdocs init` and `errdocs new`: a new site that checks clean, and skeletons that pass `check`
//! once their `<fill in …>` placeholders are replaced.

use crate::support::SiteTest;

fn init_site(starter: &str) -> SiteTest {
    let site = SiteTest::empty();
    let run = site.run(&["init", "site", "--starter", starter]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// Checks with warnings denied and builds the site in `site/`; asserts the pages exist.
fn checks_and_builds_clean(t: &SiteTest, pages: &[&str]) {
    let check = t.run(&["check", "--root", "site", "--deny", "warnings"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    let build = t.run(&["build", "--root", "site"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for page in pages {
        assert!(t.root().join("site/public").join(page).is_file(), "{page}");
    }
    assert!(t.root().join("site/schemas/entry.schema.json").is_file());
}

#[test]
fn init_makes_a_general_site_by_default_that_checks_and_builds_clean() {
    let t = SiteTest::empty();
    assert_eq!(t.run(&["init", "site"]).code, 0);
    checks_and_builds_clean(
        &t,
        &[
            "index.html",
            "400/malformed-json/index.html",
            "422/invalid-field/index.html",
            "429/rate-limited/index.html",
            "compare/400-vs-422/index.html",
            "trees/why-rejected/index.html",
            "guides/editing/index.html",
        ],
    );
    let entry = std::fs::read_to_string(t.root().join("site/content/errors/429/rate-limited.yaml"))
        .unwrap();
    assert!(
        entry.starts_with("# yaml-language-server: $schema=../../../schemas/entry.schema.json\n")
    );
    // Nothing in it is about authentication.
    let public = crate::support::snapshot(&t.root().join("site/public"));
    for (path, bytes) in public.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for word in ["401", "authenticat", "invalid_token", "bearer"] {
            assert!(!text.contains(word), "{path} says `{word}`");
        }
    }
}

#[test]
fn init_offers_the_authentication_starter_too() {
    let t = init_site("auth");
    checks_and_builds_clean(
        &t,
        &[
            "401/expired-token/index.html",
            "compare/missing-vs-expired/index.html",
            "trees/why-401/index.html",
        ],
    );
    // Its home page names no entry, so removing the 401 files leaves it valid.
    let index = std::fs::read_to_string(t.root().join("site/content/index.md")).unwrap();
    assert!(!index.contains("](@"), "{index}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let t = SiteTest::empty();
    t.file("site/content/index.md", "mine");
    let run = t.run(&["init", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("exist already"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(t.root().join("site/content/index.md")).unwrap(),
        "mine"
    );
    assert!(!t.root().join("site/errdocs.toml").exists());
}

#[test]
fn init_templates_ejects_the_embedded_templates() {
    let t = SiteTest::empty();
    let run = t.run(&["init", "site", "--templates"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, text) in errdocs::assets::default_templates() {
        let path = t.root().join("site/templates").join(&name);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{name}");
    }
    assert_eq!(t.run(&["build", "--root", "site"]).code, 0);
}

/// Replaces every `<fill in …>` placeholder: ids with catalog ids, anything else with text.
fn fill(text: &str) -> String {
    let ids = ["400/malformed-json", "422/invalid-field", "status/429"];
    let mut out = String::new();
    let mut rest = text;
    let mut n = 0;
    while let Some(at) = rest.find("<fill in") {
        let end = at + rest[at..].find('>').unwrap() + 1;
        out.push_str(&rest[..at]);
        if rest[at..end].contains("an id") {
            out.push_str(ids[n % ids.len()]);
            n += 1;
        } else if rest[at..end].contains("path") {
            out.push_str("orders");
        } else {
            out.push_str("Filled in");
        }
        rest = &rest[end..];
    }
    out + rest
}

#[test]
fn every_skeleton_passes_check_once_its_placeholders_are_filled() {
    let t = init_site("general");
    let made = [
        (
            ["401", "wrong-audience"],
            "content/errors/401/wrong-audience.yaml",
        ),
        (
            ["404", "order-missing"],
            "content/errors/404/order-missing.yaml",
        ),
        (["405", "no-delete"], "content/errors/405/no-delete.yaml"),
        (["422", "bad-weight"], "content/errors/422/bad-weight.yaml"),
        (["429", "burst"], "content/errors/429/burst.yaml"),
        (
            ["503", "maintenance"],
            "content/errors/503/maintenance.yaml",
        ),
        (["status", "503"], "content/status/503.yaml"),
        (["status", "403"], "content/status/403.yaml"),
        (["compare", "401-vs-403"], "content/compare/401-vs-403.yaml"),
        (
            ["compare", "token-cases"],
            "content/compare/token-cases.yaml",
        ),
        (["tree", "why-403"], "content/trees/why-403.yaml"),
        (["guide", "handling-401"], "content/guides/handling-401.md"),
    ];
    for (args, _) in &made {
        let run = t.run(&["new", args[0], args[1], "--root", "site"]);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let unfilled = t.run(&["check", "--root", "site"]);
    assert_eq!(unfilled.code, 1);
    for (_, path) in &made {
        assert!(
            unfilled.stderr.contains(&format!("{path}:"))
                && unfilled.stderr.contains("is a placeholder"),
            "{path} has no placeholder error:\n{}",
            unfilled.stderr
        );
    }
    for (_, path) in &made {
        let file = t.root().join("site").join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, fill(&text)).unwrap();
    }
    let filled = t.run(&["check", "--root", "site"]);
    assert_eq!(filled.code, 0, "{}", filled.stderr);
    assert_eq!(t.run(&["build", "--root", "site"]).code, 0);
}

#[test]
fn new_checks_its_arguments_and_never_overwrites() {
    let t = init_site("general");
    for (args, code, says) in [
        (["401", "Expired_Token"], 2, "not a valid slug"),
        (["401", "../escape"], 2, "not a valid slug"),
        (["4011", "x"], 2, "not an HTTP status code"),
        (["page", "x"], 2, "is not a kind"),
        (["400", "malformed-json"], 1, "exists already"),
    ] {
        let run = t.run(&["new", args[0], args[1], "--root", "site"]);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    let bare = SiteTest::empty();
    let run = bare.run(&["new", "401", "x"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not a site folder"), "{}", run.stderr);
}

#[test]
fn new_adds_the_schema_its_file_points_to() {
    let t = SiteTest::fixture("basic");
    let run = t.run(&["new", "tree", "why-403"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(t.root().join("content/trees/why-403.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/tree.schema.json\n"));
    let schema = std::fs::read_to_string(t.root().join("schemas/tree.schema.json")).unwrap();
    assert_eq!(schema, errdocs::schema::SchemaKind::Tree.schema_text());
}
