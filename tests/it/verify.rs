//! `errdocs verify` against real servers on 127.0.0.1: nginx with `auth_basic`, a resource server
//! that validates JWTs with PyJWT, `errdocs mock` of the same catalog, and a mock of a drifted copy.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::mock::Mock;
use crate::support::{copy_dir, have};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/verify")
        .join(name)
}

/// What a verify run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn verify(root: &Path, args: &[&str], env: &HashMap<String, String>) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .arg("verify")
        .arg("--root")
        .arg(root)
        .args(["--rate", "200"])
        .args(args)
        .envs(env)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every `${NAME}` of a catalog with its fake value, as `mock` expects them.
fn fake_env(root: &Path) -> HashMap<String, String> {
    let checked = errdocs::site::check(root);
    let mut env = HashMap::new();
    for x in errdocs::exchange::exchanges(&checked.catalog) {
        for name in errdocs::samples::placeholder_names(&x.sample.request) {
            let value = errdocs::samples::fake_value(&name);
            env.insert(name, value);
        }
    }
    env
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn every_pair_of_both_sites_passes_against_their_mocks() {
    for root in [
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api"),
    ] {
        // The mock keeps documented delays: a pair fixed by waiting gets its error, then, after
        // the `Retry-After` it asked for (2 seconds at most here), its success.
        let mock = Mock::start(&root, &[]);
        let run = verify(
            &root,
            &["--forwarded", "--max-wait", "3", "--target", &mock.base],
            &fake_env(&root),
        );
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(" 0 failed"), "{}", run.stdout);
        assert!(!run.stdout.contains("FAIL "), "{}", run.stdout);
        let passed: usize = run
            .stdout
            .lines()
            .last()
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(passed > 20, "{}", run.stdout);
        if root.ends_with("parcel-api") {
            // The 409's error came back first, and the same request passed after 2 seconds.
            for side in ["incorrect", "correct"] {
                let line = format!("PASS 409/idempotent-request-in-progress #1 {side}");
                assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
            }
            assert!(
                run.stdout
                    .contains("asked to wait 12s before sending again, more than --max-wait 3s"),
                "{}",
                run.stdout
            );
        }
    }
}

#[test]
fn every_drift_is_reported_with_the_place_of_the_documented_value() {
    let docs = fixture("jwt");
    let drifted = tempfile::tempdir().unwrap();
    copy_dir(&docs, drifted.path());
    let file = |name: &str| drifted.path().join("content/errors/401").join(name);
    // 403 where the docs say 401; no challenge; a renamed problem type.
    let edit = |name: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(file(name)).unwrap();
        assert!(text.contains(from), "{name}: {from}");
        std::fs::write(file(name), text.replace(from, to)).unwrap();
    };
    edit(
        "expired-token.yaml",
        "  status: 401\n  headers:",
        "  status: 403\n  headers:",
    );
    edit(
        "expired-token.yaml",
        "    status: 401\n",
        "    status: 403\n",
    );
    edit(
        "expired-token.yaml",
        "error=\"invalid_token\"",
        "error=\"insufficient_scope\"",
    );
    edit(
        "expired-token.yaml",
        "status: 401\ntitle",
        "status: 403\ntitle",
    );
    std::fs::create_dir_all(drifted.path().join("content/errors/403")).unwrap();
    std::fs::rename(
        file("expired-token.yaml"),
        drifted.path().join("content/errors/403/expired-token.yaml"),
    )
    .unwrap();
    edit(
        "token-not-yet-valid.yaml",
        "    WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token is not valid yet\"\n",
        "",
    );
    edit(
        "wrong-audience.yaml",
        "problems/invalid-token",
        "problems/bad-token",
    );
    // The drifted copy now lints (a 401 without a challenge); the mock serves it anyway.
    std::fs::write(
        file("token-not-yet-valid.yaml"),
        std::fs::read_to_string(file("token-not-yet-valid.yaml")).unwrap()
            + "allow: [missing-www-authenticate]\n",
    )
    .unwrap();
    let mock = Mock::start(drifted.path(), &[]);
    let run = verify(&docs, &["--target", &mock.base], &fake_env(&docs));
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = &run.stdout;
    assert!(
        report.contains("FAIL 401/expired-token #1 incorrect")
            && report.contains("status: documented 401, received 403")
            && report.contains("at content/errors/401/expired-token.yaml:6:11")
            && report.contains("WWW-Authenticate: documented Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token expired\", received Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"The token expired\" (`error` is `insufficient_scope` instead of `invalid_token`)")
            && report.contains("/status: documented 401, received 403"),
        "{report}"
    );
    assert!(
        report.contains("FAIL 401/token-not-yet-valid #1 incorrect")
            && report.contains("WWW-Authenticate: documented Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token is not valid yet\", received no `WWW-Authenticate` field (missing)")
            && report.contains("at content/errors/401/token-not-yet-valid.yaml:8:23"),
        "{report}"
    );
    assert!(
        report.contains("/type: documented \"https://api.example.com/problems/invalid-token\", received \"https://api.example.com/problems/bad-token\"")
            && report.contains("at content/errors/401/wrong-audience.yaml:"),
        "{report}"
    );
    assert!(
        report.contains("PASS 401/invalid-signature #1 incorrect"),
        "{report}"
    );
}

#[test]
fn a_missing_secret_skips_with_the_names_it_needs() {
    let docs = fixture("jwt");
    let mock = Mock::start(&docs, &[]);
    let mut env = fake_env(&docs);
    env.remove("FORGED_TOKEN");
    let run = verify(&docs, &["--target", &mock.base], &env);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("SKIP 401/invalid-signature #1 incorrect · Send a valid token: needs FORGED_TOKEN in the environment"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout
            .contains("PASS 401/invalid-signature #1 incorrect"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("7 passed, 0 failed, 1 skipped"),
        "{}",
        run.stdout
    );
}

#[test]
fn junit_and_json_reports_hold_one_case_per_side_and_no_secret() {
    let docs = fixture("jwt");
    let mock = Mock::start(&docs, &[]);
    let dir = tempfile::tempdir().unwrap();
    let xml_file = dir.path().join("report.xml");
    let mut env = fake_env(&docs);
    env.remove("FORGED_TOKEN");
    let run = verify(
        &docs,
        &[
            "--target",
            &mock.base,
            "--format",
            "junit",
            "--report",
            xml_file.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("7 passed, 0 failed, 1 skipped"),
        "{}",
        run.stderr
    );
    let xml = std::fs::read_to_string(&xml_file).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 8, "{xml}");
    assert_eq!(
        cases
            .iter()
            .filter(|c| c.children().any(|k| k.has_tag_name("skipped")))
            .count(),
        1
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("8"));
    assert_eq!(suite.attribute("failures"), Some("0"));
    // A real-looking secret never appears in any report, nor the fake ones sent here.
    let mut env = fake_env(&docs);
    env.insert(
        "ACCESS_TOKEN".into(),
        "eyJhbGciOi.secret-value-1234567890".into(),
    );
    for format in ["human", "json", "junit"] {
        let run = verify(&docs, &["--target", &mock.base, "--format", format], &env);
        assert!(
            !run.stdout.contains("secret-value-1234567890"),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains("example-expired-token"),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !run.stderr.contains("secret-value-1234567890"),
            "{format}: {}",
            run.stderr
        );
    }
    let json_run = verify(
        &docs,
        &["--target", &mock.base, "--format", "json"],
        &fake_env(&docs),
    );
    let json: serde_json::Value = serde_json::from_str(&json_run.stdout).unwrap();
    assert_eq!(json["summary"]["passed"], 8);
    assert_eq!(json["cases"].as_array().unwrap().len(), 8);
}

#[test]
fn only_named_hosts_are_sent_to_and_usage_errors_exit_2() {
    let docs = fixture("jwt");
    let run = verify(&docs, &["--target", "localhost:8080"], &HashMap::new());
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The catalog's host is api.example.com: a target for another host sends nothing.
    let run = verify(
        &docs,
        &["--target", "other.example.com=http://127.0.0.1:9"],
        &fake_env(&docs),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("0 passed, 0 failed, 8 skipped"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`api.example.com` is not mapped to a target"),
        "{}",
        run.stdout
    );
}

#[test]
fn basic_entries_verify_against_nginx_auth_basic() {
    if !have("nginx", &["-v"]) || !have("openssl", &["version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("www/private")).unwrap();
    std::fs::write(d.join("www/private/orders.json"), "{\"orders\": []}\n").unwrap();
    let hash = Command::new("openssl")
        .args(["passwd", "-apr1", "correct horse"])
        .output()
        .unwrap();
    let hash = String::from_utf8(hash.stdout).unwrap();
    std::fs::write(d.join("htpasswd"), format!("alice:{}", hash.trim())).unwrap();
    let port = free_port();
    let temp = d.display();
    std::fs::write(
        d.join("nginx.conf"),
        format!(
            "daemon off;\nmaster_process off;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n\
             events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {temp}/b;\n  \
             proxy_temp_path {temp}/p;\n  fastcgi_temp_path {temp}/f;\n  uwsgi_temp_path {temp}/u;\n  \
             scgi_temp_path {temp}/s;\n  types {{ application/json json; }}\n  server {{\n    \
             listen 127.0.0.1:{port};\n    root {temp}/www;\n    location /private/ {{\n      \
             auth_basic \"Parcel admin\";\n      auth_basic_user_file {temp}/htpasswd;\n    }}\n  }}\n}}\n"
        ),
    )
    .unwrap();
    let _nginx = Server(
        Command::new("nginx")
            .args([
                "-c",
                &d.join("nginx.conf").display().to_string(),
                "-p",
                &temp.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port);
    use base64_credentials as b64;
    let env: HashMap<String, String> = [
        ("BASIC_CREDENTIALS".to_owned(), b64("alice:correct horse")),
        ("WRONG_BASIC_CREDENTIALS".to_owned(), b64("alice:wrong")),
    ]
    .into();
    let run = verify(
        &fixture("nginx"),
        &["--target", &format!("http://127.0.0.1:{port}")],
        &env,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("4 passed, 0 failed, 0 skipped"),
        "{}",
        run.stdout
    );
}

/// `user:password` in base64, as Basic credentials are sent.
fn base64_credentials(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn jwt_entries_verify_against_a_resource_server_that_validates_tokens() {
    if !have("python3", &["-c", "import jwt"]) {
        return;
    }
    let key = "server-key-for-the-verify-test-0123456789";
    let script = fixture("jwt-server.py");
    let minted = Command::new("python3")
        .arg(&script)
        .args(["mint", key])
        .output()
        .unwrap();
    assert!(
        minted.status.success(),
        "{}",
        String::from_utf8_lossy(&minted.stderr)
    );
    let env: HashMap<String, String> = serde_json::from_slice(&minted.stdout).unwrap();
    let port = free_port();
    let mut child = Command::new("python3")
        .arg(&script)
        .args([&port.to_string(), key])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Server(child);
    assert_eq!(line.trim(), "ready");
    let run = verify(
        &fixture("jwt"),
        &["--target", &format!("http://127.0.0.1:{port}")],
        &env,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("8 passed, 0 failed, 0 skipped"),
        "{}",
        run.stdout
    );
    // No token appears in the report.
    for token in env.values() {
        assert!(!run.stdout.contains(token.as_str()), "{}", run.stdout);
    }
}
