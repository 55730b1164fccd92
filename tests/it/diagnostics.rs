//! Diagnostics: `path:line:col: error: message`, the source line and a caret, every problem in one
//! run, exit 1; usage errors exit 2; no input makes the binary panic.

use crate::support::SiteTest;

const ENTRY: &str = "status: 401
title: Missing credentials
summary: No header.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
allow: [missing-sample-pair]
";

fn site_with(rel: &str, text: &str) -> SiteTest {
    let site = SiteTest::empty();
    site.file("content/errors/401/missing.yaml", ENTRY);
    site.file(rel, text);
    site
}

fn check(site: &SiteTest) -> String {
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "expected failure:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn unknown_field_points_at_the_key_and_suggests_the_right_one() {
    let site = site_with(
        "content/errors/401/x.yaml",
        &ENTRY.replace("summary:", "sumary:"),
    );
    assert_eq!(
        check(&site),
        "content/errors/401/x.yaml:3:1: error: unknown field `sumary`, expected one of `status`, `title`, `code`, `type`, `summary`, `order`, `schemes`, `tags`, `details`, `recognize`, `causes`, `response`, `variants`, `samples`, `fix`, `related`, `references`, `allow`, `varies`
  |
3 | sumary: No header.
  | ^
  = help: did you mean `summary`?

1 error(s), 0 warning(s)
"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let site = site_with(
        "content/errors/401/x.yaml",
        "status: 401\ntitle: \"unterminated\nsummary: x\n",
    );
    let err = check(&site);
    assert!(
        err.starts_with("content/errors/401/x.yaml:4:1: error: found unexpected end of stream, while scanning a quoted scalar"),
        "{err}"
    );
}

#[test]
fn wrong_type_is_located() {
    let site = site_with(
        "content/errors/401/x.yaml",
        &ENTRY.replace("status: 401\ntitle", "status: four\ntitle"),
    );
    let err = check(&site);
    assert!(err.starts_with("content/errors/401/x.yaml:1:9: error: status: expected a status code (a whole number from 100 to 599), found the text `four`"), "{err}");
}

#[test]
fn dangling_reference_points_at_the_id_with_a_suggestion() {
    let site = site_with(
        "content/errors/401/x.yaml",
        &format!("{ENTRY}related:\n  - 401/misssing\n"),
    );
    assert_eq!(
        check(&site),
        "content/errors/401/x.yaml:10:5: error: `related` refers to `401/misssing`, which does not exist
   |
10 |   - 401/misssing
   |     ^
  = help: did you mean `401/missing`?

1 error(s), 0 warning(s)
"
    );
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/a.yaml",
        ENTRY.replace("title:", "titel:"),
    );
    site.file(
        "content/errors/401/b.yaml",
        format!("{ENTRY}related: [nowhere/x]\n"),
    );
    site.file("content/errors/403/c.yaml", ENTRY);
    site.file("content/guides/g.md", "no front matter\n");
    let err = check(&site);
    let firsts: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(firsts.len(), 4, "{err}");
    assert!(
        firsts[0].starts_with("content/errors/401/a.yaml:2:1: error: unknown field `titel`"),
        "{err}"
    );
    assert!(
        firsts[1]
            .starts_with("content/errors/401/b.yaml:9:11: error: `related` refers to `nowhere/x`"),
        "{err}"
    );
    assert!(firsts[2].starts_with("content/errors/403/c.yaml:1:1: error: the entry says status 401 but lives in the folder for 403"), "{err}");
    assert!(
        firsts[3]
            .starts_with("content/guides/g.md:1:1: error: a guide starts with YAML front matter"),
        "{err}"
    );
    assert!(err.ends_with("4 error(s), 0 warning(s)\n"), "{err}");
}

#[test]
fn tree_problems_are_each_reported() {
    let site = site_with(
        "content/trees/t.yaml",
        "title: T
summary: S
start: a
nodes:
  a:
    question: A?
    answers:
      - label: Yes
        next: b
      - label: No
        next: ghost
  b:
    question: B?
    answers:
      - label: Back
        next: a
      - label: Both
        next: a
        entry: 401/missing
  lonely:
    question: Nobody asks?
    answers:
      - label: Done
        entry: 401/nope
",
    );
    let err = check(&site);
    let firsts: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        firsts,
        vec![
            "content/trees/t.yaml:11:15: error: the answer `No` leads to the node `ghost`, which does not exist",
            "content/trees/t.yaml:12:3: error: the node `b` leads back to `a`, which forms a cycle",
            "content/trees/t.yaml:17:16: error: the answer `Both` must lead to exactly one place: `next` (a node) or `entry` (a catalog item)",
            "content/trees/t.yaml:20:3: error: no answer leads to the node `lonely`",
            "content/trees/t.yaml:24:16: error: `entry` refers to `401/nope`, which does not exist",
        ],
        "{err}"
    );
}

#[test]
fn hostile_files_give_errors_not_panics() {
    let site = SiteTest::empty();
    site.file("content/errors/401/missing.yaml", ENTRY);
    site.file("content/errors/401/empty.yaml", "");
    site.file(
        "content/errors/401/binary.yaml",
        [0xff_u8, 0xfe, 0x00, 0x01, b'\n', 0x80],
    );
    site.file(
        "content/errors/401/bad-utf8.yaml",
        b"status: 401\ntitle: caf\xe9\n",
    );
    site.file("content/errors/401/Bad Name.yaml", ENTRY);
    site.file("content/notes.txt", "hello");
    site.file("content/errors/401/bom.yaml", format!("\u{feff}{ENTRY}"));
    let err = check(&site);
    for expected in [
        "content/errors/401/Bad Name.yaml: error: `Bad Name` cannot be part of an id",
        "content/errors/401/bad-utf8.yaml:2:11: error: the file is not valid UTF-8",
        "content/errors/401/binary.yaml:1:1: error: the file is not valid UTF-8",
        "content/errors/401/empty.yaml: error: the file is empty",
        "content/notes.txt: error: this file is not part of any content kind",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(
        !err.contains("bom.yaml"),
        "a byte-order mark is accepted: {err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = SiteTest::empty();
    let run = site.run(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.run(&["frobnicate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_site_without_content_is_an_error() {
    let site = SiteTest::empty();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("content: error: the site has no `content/` folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_errors_point_into_errdocs_toml() {
    let site = site_with(
        "errdocs.toml",
        "title = \"x\"\nbase-url = \"/\"\n\n[samples]\nlanguages = [\"http\", \"cobol\"]\n",
    );
    let err = check(&site);
    assert!(
        err.starts_with("errdocs.toml:2:1: error: unknown field `base-url`"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `base_url`?"), "{err}");
    let site = site_with(
        "errdocs.toml",
        "[samples]\nlanguages = [\"http\", \"cobol\"]\n",
    );
    let err = check(&site);
    assert!(
        err.starts_with("errdocs.toml:2:22: error: `cobol` is not a sample language"),
        "{err}"
    );
}

#[test]
fn check_json_lists_every_diagnostic_as_data() {
    let site = site_with(
        "content/errors/401/x.yaml",
        &ENTRY.replace("title:", "titel:"),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &json[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "unknown-field");
    assert_eq!(d["path"], "content/errors/401/x.yaml");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 1);
    assert_eq!(d["help"], "did you mean `title`?");
}

#[test]
fn check_passes_on_a_clean_site() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 3 entries: no errors\n");
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn a_mis_indented_line_gets_a_hint_about_indentation() {
    let deeper = "status: 401\ntitle: T\nsummary: S.\nresponse:\n  status: 401\n   headers:\n    WWW-Authenticate: Bearer realm=\"a\"\n";
    let err = check(&site_with("content/errors/401/x.yaml", deeper));
    assert!(
        err.contains("content/errors/401/x.yaml:5:11: error:")
            && err.contains("the next line (`headers:`) is indented further than this one"),
        "{err}"
    );
    let nested = "status: 401\ntitle: T\nsummary: S.\nresponse:\n  status: 401\n  headers:\n    WWW-Authenticate: Bearer realm=\"a\"\n  fix: [Send it.]\n";
    let err = check(&site_with("content/errors/401/x.yaml", nested));
    assert!(
        err.contains("content/errors/401/x.yaml:8:3: error: response: unknown field `fix`")
            && err.contains("if `fix` belongs to an enclosing mapping, indent it less"),
        "{err}"
    );
}

#[test]
fn a_reference_to_a_file_that_failed_to_load_is_not_reported_missing() {
    let site = site_with(
        "content/errors/401/broken.yaml",
        "status: 401\ntitle: [unclosed\n",
    );
    site.file(
        "content/errors/401/x.yaml",
        format!("{ENTRY}related: [401/broken]\n"),
    );
    let err = check(&site);
    assert!(err.contains("content/errors/401/broken.yaml:"), "{err}");
    assert!(!err.contains("which does not exist"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
}

#[test]
fn explain_of_an_unknown_code_is_a_usage_error() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["explain", "no-such-lint"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not a lint code"), "{}", run.stderr);
}
