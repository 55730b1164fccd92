//! Lints through the binary: located output, `--deny warnings`, JSON, `allow`, and
//! `errdocs explain`.

use crate::support::SiteTest;

const PAIR: &str = "samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
";

fn entry(status: u16, headers: &str, extra: &str) -> String {
    format!(
        "status: {status}\ntitle: T\nsummary: S.\nresponse:\n  status: {status}\n  headers:\n{headers}{PAIR}{extra}"
    )
}

#[test]
fn an_rfc_violation_fails_check_and_build_with_a_located_error() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/a.yaml",
        entry(
            401,
            "    WWW-Authenticate: Bearer realm=\"api\", error=\"insufficient_scope\"\n",
            "",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "content/errors/401/a.yaml:7:49: error: `error=\"insufficient_scope\"` goes with 403 (RFC 6750 §3.1), but this response is 401
  |
7 |     WWW-Authenticate: Bearer realm=\"api\", error=\"insufficient_scope\"
  |                                                 ^
  = help: answer with 403, or use the code that goes with 401: `invalid_token` or `insufficient_user_authentication`

1 error(s), 0 warning(s)
"
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn warnings_pass_unless_denied() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/a.yaml",
        entry(
            401,
            "    WWW-Authenticate: Bearer realm=\"api\"\n",
            "references:\n  - {title: R, url: \"http://example.com/r\"}\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "content/errors/401/a.yaml:16:22: warning: the reference `R` is not an https URL"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    site.build_ok(&[]);
}

#[test]
fn json_output_carries_lint_codes_and_positions() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/407/p.yaml",
        entry(407, "    Via: 1.1 proxy\n", ""),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    let d = &json[0];
    assert_eq!(d["code"], "missing-proxy-authenticate");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "content/errors/407/p.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(3))
    );
    assert!(d["help"].as_str().unwrap().contains("Proxy-Authenticate"));
}

#[test]
fn allow_silences_a_lint_for_one_file_only() {
    let site = SiteTest::empty();
    let headers = "    Content-Type: text/plain\n";
    site.file(
        "content/errors/401/a.yaml",
        entry(401, headers, "allow: [missing-www-authenticate]\n"),
    );
    site.file("content/errors/401/b.yaml", entry(401, headers, ""));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let firsts: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert_eq!(
        firsts,
        vec![
            "content/errors/401/b.yaml:5:3: error: this 401 response has no `WWW-Authenticate` field"
        ]
    );
}

#[test]
fn explain_prints_the_rationale_with_a_bad_and_a_good_example() {
    let site = SiteTest::empty();
    let run = site.run(&["explain", "basic-missing-realm"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.stdout;
    assert!(
        out.starts_with(
            "basic-missing-realm: a Basic challenge without the `realm` parameter\nerror · RFC 6750 / RFC 7617 · silence it in one file with `allow: [basic-missing-realm]`\n\nRFC 7617 §2"
        ),
        "{out}"
    );
    let bad = out
        .find("Bad:\n\n    status: 401\n")
        .expect("a bad example");
    let good = out
        .find("Good:\n\n    status: 401\n")
        .expect("a good example");
    assert!(bad < good);
    assert!(out[bad..good].contains("WWW-Authenticate: Basic charset=\"UTF-8\""));
    assert!(out[good..].contains("WWW-Authenticate: Basic realm=\"reports\""));
}

#[test]
fn explain_without_a_code_lists_every_lint() {
    let site = SiteTest::empty();
    let run = site.run(&["explain"]);
    assert_eq!(run.code, 0);
    for lint in errdocs::lint::LINTS {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("{} ", lint.code))),
            "{} missing from\n{}",
            lint.code,
            run.stdout
        );
    }
}

#[test]
fn explain_rejects_unknown_codes_and_ids() {
    let site = SiteTest::empty();
    let run = site.run(&["explain", "missing-www-authentcate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.ends_with(
            "error: `missing-www-authentcate` is not a lint code, nor the code of an entry of this catalog\n  = help: did you mean `missing-www-authenticate`?\n"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["explain", "401/expired-token"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: no entry `401/expired-token` in ."),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}
