//! Hostile and broken input: every case gives exit 1 with located diagnostics (where a position
//! exists) and never a panic.
//!
//! The fixed cases live in `tests/fixtures/bad-inputs/<case>/`, each a site whose `expected.txt`
//! lists the first line of every diagnostic it must produce. The cases too large or too strange to
//! keep in git (a 20 MB file, 100,000 nested brackets, symbolic-link loops, a FIFO) are made here.

use std::path::Path;

use crate::support::{Run, SiteTest};

fn fails_with(site: &SiteTest, expected: &[&str]) -> Run {
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "expected exit 1:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let firsts: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("content"))
        .collect();
    for line in expected {
        assert!(
            firsts.contains(line),
            "missing {line:?}; the diagnostics were:\n{}",
            firsts.join("\n")
        );
    }
    run
}

#[test]
fn every_fixture_case_gives_its_expected_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-inputs");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{cases:?}");
    for case in cases {
        let site = SiteTest::fixture(&format!("bad-inputs/{case}"));
        let expected = std::fs::read_to_string(site.root().join("expected.txt"))
            .unwrap_or_else(|e| panic!("{case}: expected.txt: {e}"));
        let lines: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        assert!(!lines.is_empty(), "{case}: expected.txt is empty");
        fails_with(&site, &lines);
    }
}

const ENTRY: &str = "status: 401
title: T
summary: S.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
";

#[test]
fn a_very_large_file_is_refused_without_parsing_it() {
    let site = SiteTest::empty();
    let mut big = String::from(ENTRY);
    big.push_str("details: |\n");
    let line = format!("  {}\n", "x".repeat(98));
    while big.len() < 20 << 20 {
        big.push_str(&line);
    }
    site.file("content/errors/401/big.yaml", &big);
    fails_with(
        &site,
        &[
            "content/errors/401/big.yaml: error: the file is 20.0 MiB; catalog files are limited to 1 MiB",
        ],
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow_or_a_stall() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/flow.yaml",
        format!("{ENTRY}tags: {}", "[".repeat(100_000)),
    );
    site.file("content/errors/401/dashes.yaml", "- ".repeat(100_000));
    site.file(
        "content/errors/401/maps.yaml",
        format!("{ENTRY}tags: {}", "{a: ".repeat(100_000)),
    );
    fails_with(
        &site,
        &[
            "content/errors/401/dashes.yaml:1:129: error: the YAML is nested more than 64 levels deep",
            "content/errors/401/flow.yaml:8:71: error: the YAML is nested more than 64 levels deep",
            "content/errors/401/maps.yaml:8:263: error: the YAML is nested more than 64 levels deep",
        ],
    );
}

#[test]
fn deeply_nested_markup_is_refused_by_check_and_build_alike() {
    let site = SiteTest::empty();
    let deep = "<ul><li>".repeat(256 * 1024 / 8);
    site.file(
        "content/errors/401/x.yaml",
        format!("{ENTRY}allow: [missing-sample-pair]\ndetails: |\n  Intro.\n\n  {deep}\n"),
    );
    site.file(
        "content/guides/g.md",
        format!("---\ntitle: G\nsummary: S.\n---\n\n{}\n", "> ".repeat(150)),
    );
    let expected = [
        "content/errors/401/x.yaml:12:399: error: the markup here nests more than 100 elements deep",
        "content/guides/g.md:6:201: error: the markup here nests more than 100 elements deep",
    ];
    fails_with(&site, &expected);
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    for line in expected {
        assert!(build.stderr.contains(line), "{}", build.stderr);
    }
    // Deep but within the bound, repeated to the same size: built.
    let nested = format!("{}x{}", "<div>".repeat(90), "</div>".repeat(90));
    site.file(
        "content/errors/401/x.yaml",
        format!(
            "{ENTRY}allow: [missing-sample-pair]\ndetails: |\n  {}\n",
            nested.repeat(256 * 1024 / nested.len())
        ),
    );
    site.file(
        "content/guides/g.md",
        "---\ntitle: G\nsummary: S.\n---\n\nText.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn links_that_lead_outside_the_site_are_refused_and_never_printed() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/ok.yaml",
        format!("{ENTRY}allow: [missing-sample-pair]\n"),
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("secret.txt");
    std::fs::write(&secret, "password: hunter2-secret-value\n").unwrap();
    std::fs::create_dir(elsewhere.path().join("folder")).unwrap();
    std::fs::write(elsewhere.path().join("folder/x.yaml"), "status: [hunter3\n").unwrap();
    symlink(&secret, site.root().join("content/errors/401/leak.yaml")).unwrap();
    symlink(
        elsewhere.path().join("folder"),
        site.root().join("content/errors/402"),
    )
    .unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(&secret, site.root().join("static/leak.txt")).unwrap();
    // A link that stays inside the site is fine.
    site.file(
        "shared/inside.yaml",
        format!("{ENTRY}allow: [missing-sample-pair]\n"),
    );
    symlink(
        site.root().join("shared/inside.yaml"),
        site.root().join("content/errors/401/inside.yaml"),
    )
    .unwrap();
    let run = fails_with(&site, &[]);
    for rel in ["content/errors/401/leak.yaml", "content/errors/402"] {
        assert!(
            run.stderr.contains(&format!(
                "{rel}: error: this symbolic link leads outside the site folder"
            )),
            "{rel}: {}",
            run.stderr
        );
    }
    std::fs::remove_file(site.root().join("content/errors/401/leak.yaml")).unwrap();
    std::fs::remove_file(site.root().join("content/errors/402")).unwrap();
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(
        build
            .stderr
            .contains("static/leak.txt: error: this symbolic link leads outside"),
        "{}",
        build.stderr
    );
    for run in [&run, &build] {
        assert!(!run.stderr.contains("hunter"), "{}", run.stderr);
        assert!(!run.stderr.contains("inside.yaml"), "{}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/ok.yaml",
        format!("{ENTRY}allow: [missing-sample-pair]\n"),
    );
    symlink("..", site.root().join("content/errors/401/loop")).unwrap();
    symlink("self", site.root().join("content/errors/401/self")).unwrap();
    symlink(
        "nowhere.yaml",
        site.root().join("content/errors/401/dangling.yaml"),
    )
    .unwrap();
    let run = fails_with(
        &site,
        &[
            "content/errors/401/loop: error: symbolic link loop: this link points back to a folder that contains it",
        ],
    );
    assert!(
        run.stderr
            .contains("content/errors/401/dangling.yaml: error: cannot read"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/errors/401/self: error: cannot read"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_reported_not_read() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/ok.yaml",
        format!("{ENTRY}allow: [missing-sample-pair]\n"),
    );
    let fifo = site.root().join("content/errors/401/pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    fails_with(
        &site,
        &[
            "content/errors/401/pipe.yaml: error: this is not a regular file (a pipe, socket or device)",
        ],
    );
}

#[cfg(unix)]
#[test]
fn ids_and_overrides_never_write_outside_the_output_folder() {
    let site = SiteTest::empty();
    let entry = format!("{ENTRY}allow: [missing-sample-pair]\n");
    site.file("content/errors/401/ok.yaml", &entry);
    for name in [
        "content/errors/401/a\\..\\..\\evil.yaml",
        "content/errors/401/a%2f..%2f..%2fevil.yaml",
        "content/errors/%2e%2e/evil.yaml",
        "content/status/4%2e1.yaml",
        "content/guides/a\\..\\..\\evil.md",
    ] {
        site.file(name, &entry);
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for id in ["a\\..\\..\\evil", "a%2f..%2f..%2fevil", "%2e%2e", "4%2e1"] {
        assert!(
            run.stderr
                .contains(&format!("error: `{id}` cannot be part of an id")),
            "{id}: {}",
            run.stderr
        );
    }
    // Without the bad ids, a static override whose name holds `..` and backslashes (an ordinary
    // name on Unix, which the theme turns into `/`) is refused before anything is written.
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    site.file("content/errors/401/ok.yaml", &entry);
    site.file("static/..\\..\\evil.txt", "x");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("../../evil.txt: error: this output path would leave the output folder"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
    // Where `public/../../evil.txt` would have landed.
    for place in [
        site.root().join("evil.txt"),
        site.root().parent().unwrap().join("evil.txt"),
    ] {
        assert!(!place.exists(), "{} was written", place.display());
    }
    let outside: Vec<String> = walkdir::WalkDir::new(site.root())
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(site.root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with("public")
                && !p.starts_with("content")
                && !p.starts_with("static")
        })
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}
