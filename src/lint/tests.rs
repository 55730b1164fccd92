use super::registry::{LINTS, Stage};
use crate::diagnostic::Diagnostic;

/// Checks a site holding one entry file (in the folder of its `status`) and returns every problem.
fn check_entry(yaml: &str) -> Vec<Diagnostic> {
    let status = yaml
        .lines()
        .find_map(|l| l.strip_prefix("status: "))
        .expect("an example has a status");
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(format!("content/errors/{status}/example.yaml"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, yaml).unwrap();
    crate::site::check(dir.path()).diagnostics
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn every_bad_example_triggers_its_lint_and_every_good_one_is_clean() {
    for lint in LINTS.iter().filter(|l| l.stage == Stage::Lint) {
        let bad = check_entry(lint.bad);
        assert!(
            codes(&bad).contains(&lint.code),
            "{}: the bad example gives {:?}",
            lint.code,
            codes(&bad)
        );
        for d in bad.iter().filter(|d| d.code == lint.code) {
            assert!(d.position.is_some(), "{}: not located: {d}", lint.code);
            assert_eq!(d.severity, lint.severity, "{}", lint.code);
        }
        let good = check_entry(lint.good);
        let unexpected: Vec<String> = good
            .iter()
            .filter(|d| d.code != "missing-sample-pair")
            .map(ToString::to_string)
            .collect();
        assert!(
            unexpected.is_empty(),
            "{}: the good example gives\n{}",
            lint.code,
            unexpected.join("\n")
        );
    }
}

#[test]
fn codes_are_unique_kebab_case_and_documented() {
    let docs = include_str!("../../docs/lints.md");
    for (i, lint) in LINTS.iter().enumerate() {
        assert!(
            lint.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            lint.code
        );
        assert!(
            LINTS[..i].iter().all(|l| l.code != lint.code),
            "{} twice",
            lint.code
        );
        let severity = if lint.severity == crate::diagnostic::Severity::Error {
            "error"
        } else {
            "warning"
        };
        let row = format!("| `{}` | {severity} |", lint.code);
        assert!(docs.contains(&row), "docs/lints.md lacks the row {row}");
    }
}

fn one(yaml: &str, code: &str) -> Diagnostic {
    let all = check_entry(yaml);
    let mut found: Vec<Diagnostic> = all.iter().filter(|d| d.code == code).cloned().collect();
    assert_eq!(found.len(), 1, "{code}: {:?}", codes(&all));
    found.remove(0)
}

const HEAD: &str = "status: 401\ntitle: T\nsummary: S.\n";

#[test]
fn challenge_errors_point_into_the_value() {
    let d = one(
        &format!(
            "{HEAD}response:\n  status: 401\n  headers:\n    WWW-Authenticate: Bearer realm=\"api\" error=\"x\"\n"
        ),
        "invalid-challenge",
    );
    assert_eq!(
        d.to_string().lines().next().unwrap(),
        "content/errors/401/example.yaml:7:42: error: `WWW-Authenticate` does not parse as a challenge: expected `,` between parameters, found `e`"
    );
}

#[test]
fn quoted_yaml_values_keep_exact_columns() {
    let d = one(
        &format!(
            "{HEAD}response:\n  status: 401\n  headers:\n    WWW-Authenticate: 'Basic realm=api'\n"
        ),
        "invalid-challenge",
    );
    assert_eq!(d.position.unwrap().column, 36);
    assert!(
        d.message.contains("must be a quoted string"),
        "{}",
        d.message
    );
}

#[test]
fn repeated_fields_are_each_checked() {
    let d = one(
        &format!(
            "{HEAD}response:\n  status: 401\n  headers:\n    WWW-Authenticate:\n      - Bearer realm=\"api\"\n      - Basic charset=\"UTF-8\"\n"
        ),
        "basic-missing-realm",
    );
    assert_eq!(d.position.unwrap().line, 9);
    assert_eq!(d.position.unwrap().column, 9);
}

#[test]
fn header_names_are_case_insensitive() {
    let all = check_entry(&format!(
        "{HEAD}response:\n  status: 401\n  headers:\n    www-authenticate: Bearer realm=\"api\"\n"
    ));
    assert!(
        !codes(&all).contains(&"missing-www-authenticate"),
        "{all:?}"
    );
}

#[test]
fn sample_responses_and_status_pages_are_linted() {
    let entry = format!(
        "{HEAD}response:\n  status: 401\n  headers:\n    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Pair
    incorrect:
      request: {{method: GET, url: \"https://x.example/\"}}
      response:
        status: 403
        headers:
          WWW-Authenticate: Bearer error=\"invalid_token\"
    correct:
      request: {{method: GET, url: \"https://x.example/\", headers: {{Authorization: \"Bearer ${{T}}\"}}}}
      response: {{status: 200}}
"
    );
    let d = one(&entry, "bearer-error-status");
    assert_eq!(
        d.to_string().lines().next().unwrap(),
        "content/errors/401/example.yaml:15:42: error: `error=\"invalid_token\"` goes with 401 (RFC 6750 §3.1), but this response is 403"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("content/status/401.yaml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        "status: 401\ntitle: '401'\nsummary: S.\ndefinition: D.\nresponse:\n  status: 401\n",
    )
    .unwrap();
    let all = crate::site::check(dir.path()).diagnostics;
    assert_eq!(
        all[0].to_string().lines().next().unwrap(),
        "content/status/401.yaml:6:3: error: this 401 response has no `WWW-Authenticate` field"
    );
}

#[test]
fn allow_silences_only_the_named_lints_in_its_file() {
    let yaml = format!(
        "{HEAD}allow: [missing-www-authenticate, missing-sample-pair]\nresponse:\n  status: 401\n  body: {{detail: x}}\n  headers: {{Content-Type: application/problem+json}}\n"
    );
    let all = check_entry(&yaml);
    assert_eq!(codes(&all), vec!["problem-missing-title"], "{all:?}");
}

#[test]
fn allow_reports_unknown_and_unallowable_names() {
    let yaml = format!(
        "{HEAD}allow:\n  - missing-www-authentcate\n  - unsafe-url\nresponse:\n  status: 401\n"
    );
    let all = check_entry(&yaml);
    let unknown = all.iter().find(|d| d.code == "unknown-lint").unwrap();
    assert_eq!(
        unknown.to_string(),
        "content/errors/401/example.yaml:5:5: error: `missing-www-authentcate` is not a lint
  |
5 |   - missing-www-authentcate
  |     ^
  = help: did you mean `missing-www-authenticate`?"
    );
    let not = all.iter().find(|d| d.code == "lint-not-allowable").unwrap();
    assert_eq!(not.position.unwrap().line, 6);
    // The misspelled name silenced nothing.
    assert!(codes(&all).contains(&"missing-www-authenticate"));
}

#[test]
fn placeholders_stand_for_tokens() {
    assert_eq!(
        super::mask_placeholders("Bearer ${A_B} x${C}"),
        "Bearer xxxxxx xxxxx"
    );
    assert_eq!(super::mask_placeholders("${unclosed"), "${unclosed");
}

#[test]
fn json_errors_point_into_block_bodies() {
    let d = one(
        &format!(
            "{HEAD}response:\n  status: 401\n  headers:\n    WWW-Authenticate: Bearer realm=\"a\"\n    Content-Type: application/json\n  body: |\n    {{\n      \"a\": 1,\n    }}\n"
        ),
        "invalid-json-body",
    );
    assert_eq!(
        d.to_string().lines().next().unwrap(),
        "content/errors/401/example.yaml:12:5: error: the body is declared `application/json` but is not JSON: trailing comma"
    );
}

#[test]
fn markdown_links_and_references_with_unsafe_urls_are_errors() {
    let yaml = format!(
        "{HEAD}response:\n  status: 401\n  headers:\n    WWW-Authenticate: Bearer realm=\"a\"\ncauses:\n  - '![x](data:image/svg+xml,<svg>)'\nreferences:\n  - title: R\n    url: javascript:alert(1)\n  - title: S\n    url: http://example.com/\n"
    );
    let all = check_entry(&yaml);
    let lines: Vec<String> = all
        .iter()
        .filter(|d| d.code != "missing-sample-pair")
        .map(|d| d.to_string().lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(
        lines,
        vec![
            "content/errors/401/example.yaml:9:11: error: this Markdown link uses a `data:` URL",
            "content/errors/401/example.yaml:12:10: error: this reference uses a `javascript:` URL",
            "content/errors/401/example.yaml:14:10: warning: the reference `S` is not an https URL",
        ]
    );
}
