//! `errdocs mock`: the real binary on a free port, asked by real clients (curl, and the generated
//! samples of the languages the machine runs) for every documented request of a catalog.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use errdocs::catalog::model::{HeaderValue, Request};
use errdocs::exchange::{Constraint, Exchange, Side, exchanges};
use errdocs::samples::{Lang, fake_value, generate, placeholder_names, to_text};

use crate::support::{SiteTest, have};

/// A running `errdocs mock`, killed when dropped.
pub(crate) struct Mock {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a final slash.
    pub(crate) base: String,
}

impl Mock {
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_errdocs"))
            .args(["mock", "--port", "0", "--quiet", "--root"])
            .arg(root)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start errdocs mock");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .strip_prefix("mock API at ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .trim()
            .trim_end_matches('/')
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Self { child, base }
    }

    pub(crate) fn port(&self) -> u16 {
        self.base.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Sends raw bytes; returns the status, the head (names lower-case) and the body.
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port())).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
        (status, head.to_ascii_lowercase(), body.to_owned())
    }

    fn get(&self, path: &str, headers: &[&str]) -> (u16, String, String) {
        let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{extra}\r\n",
            self.port()
        ))
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The request with its origin replaced by the mock's.
fn at_mock(request: &Request, base: &str) -> Request {
    let mut r = request.clone();
    if let Some((_, rest)) = r.url.split_once("://") {
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        r.url = format!("{base}{path}");
    }
    r
}

/// Every placeholder of the request with its fake value, as the environment of generated code.
fn fake_env(request: &Request) -> HashMap<String, String> {
    placeholder_names(request)
        .into_iter()
        .map(|n| {
            let v = fake_value(&n);
            (n, v)
        })
        .collect()
}

/// The final status a run's output names (`HTTP/1.1 401 …` or `401 Unauthorized`).
fn status_in(output: &str) -> u16 {
    output
        .lines()
        .find_map(|l| {
            let mut words = l.split_whitespace();
            let first = words.next()?;
            let status = if first.starts_with("HTTP/") {
                words.next()?
            } else {
                first
            };
            // An interim `100 Continue` is not the answer.
            status.parse().ok().filter(|s| (200..600).contains(s))
        })
        .unwrap_or(0)
}

/// Runs the generated `lang` code for `request` with its fake secrets, in the site folder `root`
/// (where an upload's `files/…` path leads); returns its output.
fn run_sample(lang: Lang, request: &Request, dir: &Path, root: &Path) -> String {
    let code = to_text(&generate(request, lang));
    let (program, args): (&str, Vec<String>) = match lang {
        Lang::Curl => ("sh", vec!["-c".into(), code]),
        Lang::Python => {
            let file = dir.join("sample.py");
            std::fs::write(&file, code).unwrap();
            ("python3", vec![file.display().to_string()])
        }
        Lang::JavaScript => {
            let file = dir.join("sample.mjs");
            std::fs::write(&file, code).unwrap();
            ("node", vec![file.display().to_string()])
        }
        _ => unreachable!("not run here"),
    };
    let out = Command::new(program)
        .args(&args)
        .envs(fake_env(request))
        .current_dir(root)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The status a side documents: its response's, or any success for a correct side without one.
fn documented_status(x: &Exchange<'_>) -> Option<u16> {
    x.response.map(|r| r.status)
}

/// Sends every documented request of the site at `root` to a mock of it, in every language the
/// machine runs, and asserts each side gets its documented status. Pairs whose fix is timing send
/// their failing request first, then the same request again (the mock runs with `--delays none`).
fn every_documented_request_gets_its_documented_status(root: &Path) {
    let checked = errdocs::site::check(root);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let mock = Mock::start(root, &["--delays", "none"]);
    let dir = tempfile::tempdir().unwrap();
    let mut langs = vec![Lang::Curl];
    if have("python3", &["--version"]) && have("python3", &["-c", "import requests"]) {
        langs.push(Lang::Python);
    }
    if have("node", &["--version"]) {
        langs.push(Lang::JavaScript);
    }
    let all = exchanges(&checked.catalog);
    let mut checked_sides = 0;
    let mut failures = Vec::new();
    for lang in &langs {
        // A side that something outside the request decides (`given`) is not the request's alone;
        // nor is the later success of a pair whose error is such a side.
        let outside = |x: &Exchange<'_>| {
            x.given().is_some()
                || (x.side == Side::Correct
                    && x.later().is_some()
                    && x.entry.value.samples[x.pair].incorrect.given.is_some())
        };
        for x in all.iter().filter(|x| !outside(x)) {
            let status = documented_status(x);
            // Python's and JavaScript's clients follow redirects to hosts outside the test: curl,
            // which does not, checks those.
            if *lang != Lang::Curl && status.is_some_and(|s| (300..400).contains(&s)) {
                continue;
            }
            // Node's fetch turns any 407 into a network error (it expects one only from a proxy).
            if *lang == Lang::JavaScript && status == Some(407) {
                continue;
            }
            let mut request = at_mock(&x.sample.request, &mock.base);
            // A pair whose sides go to different hosts is told apart by the host a client names:
            // curl names it with `Host` (fetch may not set that field).
            if x.constraints
                .iter()
                .any(|c| matches!(c, Constraint::Origin(..)))
            {
                if *lang == Lang::JavaScript {
                    continue;
                }
                request
                    .headers
                    .insert("Host".to_owned(), HeaderValue::One(x.message.host.clone()));
                request.headers.insert(
                    "X-Forwarded-Proto".to_owned(),
                    HeaderValue::One(x.message.scheme.clone()),
                );
            }
            let output = run_sample(*lang, &request, dir.path(), root);
            let got = status_in(&output);
            let ok = match (x.side, status) {
                (_, Some(want)) => got == want,
                (Side::Correct, None) => (200..400).contains(&got),
                (Side::Incorrect, None) => unreachable!("an incorrect side always has a response"),
            };
            checked_sides += 1;
            if !ok {
                failures.push(format!(
                    "{}: {} got {got}, documented {status:?}\n{output}",
                    lang.name(),
                    x.name()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
    assert!(checked_sides > 40, "only {checked_sides} sides checked");
}

#[test]
fn the_shipped_catalog_answers_every_documented_request_in_every_language() {
    every_documented_request_gets_its_documented_status(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn a_documented_request_gets_its_documented_response_with_a_link_to_its_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mock = Mock::start(root, &[]);
    let (status, head, body) = mock.get(
        "/v1/invoices",
        &["Authorization: Bearer example-expired-access-token"],
    );
    assert_eq!(status, 401, "{head}");
    assert!(
        head.contains("www-authenticate: bearer realm=\"api\", error=\"invalid_token\""),
        "{head}"
    );
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(
        head.contains("link: </401/expired-token/>; rel=\"help\""),
        "{head}"
    );
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["status"], 401);
    let (status, _, _) = mock.get(
        "/v1/invoices",
        &["Authorization: Bearer example-access-token"],
    );
    assert_eq!(status, 200);
    let (status, head, _) = mock.get("/v1/invoices", &[]);
    assert_eq!(status, 401);
    assert!(head.contains("link: </401/missing-credentials/>"), "{head}");
}

#[test]
fn an_undocumented_value_gets_the_generic_response_and_nothing_gets_a_problem() {
    let mock = Mock::start(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    let (status, head, _) = mock.get("/v1/invoices", &["Authorization: Bearer something-else"]);
    assert_eq!(status, 401, "{head}");
    assert!(head.contains("www-authenticate"), "{head}");
    let (status, head, body) = mock.get("/v1/nothing-here", &[]);
    assert_eq!(status, 404);
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("No documented request is GET /v1/nothing-here"),
        "{body}"
    );
    assert!(!problem["closest"].as_array().unwrap().is_empty(), "{body}");
}

#[test]
fn prefer_forces_an_entry_or_a_status() {
    let mock = Mock::start(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    let (status, head, _) = mock.get("/anything", &["Prefer: example=401/expired-token"]);
    assert_eq!(status, 401);
    assert!(head.contains("error=\"invalid_token\""), "{head}");
    assert!(head.contains("link: </401/expired-token/>"), "{head}");
    let (status, _, _) = mock.get("/anything", &["Prefer: code=429"]);
    assert_eq!(status, 429);
    // A side whose answer depends on something outside the request is reached this way.
    let (status, head, _) = mock.get(
        "/v1/invoices",
        &["Prefer: example=401/authorization-header-stripped"],
    );
    assert_eq!(status, 401, "{head}");
}

#[test]
fn every_side_key_of_catalog_json_forces_that_sides_response() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .status()
        .unwrap();
    assert!(built.success());
    let catalog: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("catalog.json")).unwrap()).unwrap();
    let mock = Mock::start(&root, &[]);
    let mut checked = 0;
    for entry in catalog["entries"].as_array().unwrap() {
        for pair in entry["samples"].as_array().unwrap() {
            for side in ["incorrect", "correct"] {
                let key = pair[side]["key"].as_str().unwrap();
                let want = pair[side]["response"]["status"].as_u64().unwrap_or(200);
                let (status, head, _) = mock.get("/", &[&format!("Prefer: example={key}")]);
                assert_eq!(u64::from(status), want, "{key}: {head}");
                let page = entry["url"].as_str().unwrap();
                assert!(
                    head.contains(&format!("/{page}>; rel=\"help\"")),
                    "{key}: {head}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "{checked}");
}

#[test]
fn recent_requests_are_listed_with_secrets_masked() {
    let mock = Mock::start(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    mock.get(
        "/v1/invoices",
        &[
            "Authorization: Bearer example-expired-access-token",
            "X-Api-Key: sk_live_verysecret",
        ],
    );
    let (status, _, body) = mock.get("/__errdocs/requests", &[]);
    assert_eq!(status, 200);
    let log: serde_json::Value = serde_json::from_str(&body).unwrap();
    let first = &log[0];
    assert_eq!(first["path"], "/v1/invoices");
    assert_eq!(first["status"], 401);
    assert_eq!(first["matched"], "401/expired-token#1/incorrect");
    assert!(
        first["why"].as_str().unwrap().contains("Authorization"),
        "{first}"
    );
    assert!(!body.contains("sk_live_verysecret"), "{body}");
    assert!(!body.contains("example-expired-access-token\""), "{body}");
}

#[test]
fn a_pair_fixed_by_waiting_fails_first_and_succeeds_once_the_delay_passed() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/429/limited.yaml",
        r#"status: 429
title: Too many requests
summary: Wait and send it again.
response:
  status: 429
  headers: {Retry-After: "1", Content-Type: application/problem+json}
  body: {type: "https://api.example.com/problems/limited", title: Too many requests, status: 429}
samples:
  - title: Send it again after the delay
    incorrect:
      request: {method: GET, url: "https://api.example.com/v1/parcels"}
    correct:
      later: after the `Retry-After` delay
      response: {status: 200}
"#,
    );
    let mock = Mock::start(site.root(), &[]);
    assert_eq!(mock.get("/v1/parcels", &[]).0, 429);
    assert_eq!(mock.get("/v1/parcels", &[]).0, 429, "too early");
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(mock.get("/v1/parcels", &[]).0, 200);
    assert_eq!(mock.get("/v1/parcels", &[]).0, 429, "the limit again");
}

#[test]
fn the_next_hop_of_a_redirect_is_answered_for_its_own_host() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/moved.yaml",
        r#"status: 401
title: Redirected without credentials
summary: The old host redirects; the new host sees no token.
response:
  status: 401
  headers: {WWW-Authenticate: Bearer realm="api"}
samples:
  - title: The old host redirects
    incorrect:
      request: {method: GET, url: "https://old.example.com/v1/me", headers: {Authorization: "Bearer ${TOKEN}"}}
      response: {status: 308, headers: {Location: "https://new.example.com/v1/me"}}
    correct:
      request: {method: GET, url: "https://new.example.com/v1/me", headers: {Authorization: "Bearer ${TOKEN}"}}
      response: {status: 200}
  - title: The new host without the token
    incorrect:
      request: {method: GET, url: "https://new.example.com/v1/me"}
    correct:
      request: {method: GET, url: "https://new.example.com/v1/me", headers: {Authorization: "Bearer ${TOKEN}"}}
      response: {status: 200}
"#,
    );
    let mock = Mock::start(site.root(), &[]);
    let hop = |host: &str, auth: bool| {
        let auth = if auth {
            "Authorization: Bearer example-token\r\n"
        } else {
            ""
        };
        mock.raw(&format!(
            "GET /v1/me HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{auth}\r\n"
        ))
    };
    let (status, head, _) = hop("old.example.com", true);
    assert_eq!(status, 308);
    assert!(
        head.contains("location: https://new.example.com/v1/me"),
        "{head}"
    );
    // The client follows to the other host, which the same mock answers as documented: without
    // the token it dropped on the way, 401; with it, 200.
    assert_eq!(hop("new.example.com", false).0, 401);
    assert_eq!(hop("new.example.com", true).0, 200);
}

#[test]
fn malformed_requests_get_400_and_the_mock_stays_up() {
    let mock = Mock::start(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    for garbage in [
        "\x00\x01garbage\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
    ] {
        let (status, _, _) = mock.raw(garbage);
        assert!(status == 400 || status == 0, "{garbage:?}: {status}");
    }
    let huge = format!(
        "POST /v1/invoices HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        3 * 1024 * 1024,
        "a".repeat(3 * 1024 * 1024)
    );
    assert_eq!(mock.raw(&huge).0, 413);
    assert_eq!(mock.get("/v1/invoices", &[]).0, 401);
}

#[test]
fn a_catalog_with_errors_does_not_start_the_mock() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/401/x.yaml",
        "status: 401\ntitle: [unclosed\n",
    );
    let run = site.run(&["mock", "--port", "0"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/errors/401/x.yaml:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the mock was not started"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("mock API at"), "{}", run.stdout);
}

#[test]
fn the_example_site_answers_every_documented_request_in_every_language() {
    every_documented_request_gets_its_documented_status(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api"),
    );
}
