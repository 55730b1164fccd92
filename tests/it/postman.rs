//! `errdocs export postman` run by Newman (npm, installed into `tests/postman/` by
//! `scripts/install-test-tools.sh`) against `errdocs mock`: every check of both sites' collections
//! passes against their own mocks, and the right ones fail against a mock of a drifted catalog.
//! Between Newman and the mock, `tests/postman/forward.mjs` stands in for each documented origin
//! (a proxy per origin that names it in `X-Forwarded-Host`), as a gateway in front of an API does.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::mock::Mock;
use crate::support::copy_dir;

fn postman_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/postman")
}

fn newman() -> PathBuf {
    postman_dir().join("node_modules/.bin/newman")
}

/// Whether Node.js and Newman are there; CI requires them (`ERRDOCS_REQUIRE_TOOLCHAINS=1`).
fn have_newman() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && newman().is_file();
    if !ok {
        assert!(
            !std::env::var("ERRDOCS_REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1"),
            "node and newman are required but missing (bash scripts/install-test-tools.sh)"
        );
        eprintln!("SKIP: node or newman is missing (bash scripts/install-test-tools.sh)");
    }
    ok
}

/// Runs `errdocs export postman --root ROOT --out FILE` and reads the collection.
fn export(root: &Path, file: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["export", "postman", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// The proxies in front of a mock, killed when dropped.
struct Forward {
    child: Child,
    /// Documented origin → the proxy's base URL.
    bases: serde_json::Map<String, Value>,
}

impl Forward {
    fn start(mock: &Mock, origins: &[&str]) -> Self {
        let mut child = Command::new("node")
            .arg(postman_dir().join("forward.mjs"))
            .arg(mock.port().to_string())
            .args(origins)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start forward.mjs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let bases = serde_json::from_str::<Value>(&line)
            .unwrap_or_else(|e| panic!("forward.mjs said {line:?}: {e}"))
            .as_object()
            .cloned()
            .unwrap();
        Self { child, bases }
    }
}

impl Drop for Forward {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the collection with Newman against `mock` (each base URL variable set to the proxy of its
/// origin, each secret to its fake value) and returns Newman's JSON report.
fn run_newman(collection: &Path, exported: &Value, mock: &Mock, dir: &Path, site: &Path) -> Value {
    let variables = exported["variable"].as_array().unwrap();
    let origins: Vec<&str> = variables
        .iter()
        .filter(|v| v["key"].as_str().unwrap().starts_with("baseUrl"))
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert!(!origins.is_empty());
    let forward = Forward::start(mock, &origins);
    let mut args: Vec<String> = Vec::new();
    for v in variables {
        let key = v["key"].as_str().unwrap();
        let value = if key.starts_with("baseUrl") {
            forward.bases[v["value"].as_str().unwrap()]
                .as_str()
                .unwrap()
                .to_owned()
        } else if key == "errdocsMaxWait" {
            // The mock's delays here are 2 seconds (waited for) and 12 (skipped).
            "3".to_owned()
        } else {
            assert!(v["value"].as_str().unwrap().is_empty(), "{v}");
            errdocs::samples::fake_value(key)
        };
        args.push("--env-var".to_owned());
        args.push(format!("{key}={value}"));
    }
    let report = dir.join("newman.json");
    let out = Command::new(newman())
        .arg("run")
        .arg(collection)
        // File parts of uploads are read relative to the site folder, like `file:` in the catalog.
        .arg("--working-dir")
        .arg(site)
        .args(["--reporters", "json", "--reporter-json-export"])
        .arg(&report)
        .args(&args)
        .output()
        .unwrap();
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap_or_else(|e| {
            panic!(
                "no report ({e}): {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        }))
        .unwrap();
    // Newman exits 1 exactly when an assertion failed.
    let failed = report["run"]["stats"]["assertions"]["failed"]
        .as_u64()
        .unwrap();
    assert_eq!(out.status.code(), Some(i32::from(failed > 0)), "{failed}");
    report
}

/// Every assertion of the run: (request name, assertion, error message when it failed, skipped).
fn assertions(report: &Value) -> Vec<(String, String, Option<String>, bool)> {
    let mut out = Vec::new();
    for x in report["run"]["executions"].as_array().unwrap() {
        let name = x["item"]["name"].as_str().unwrap();
        for a in x["assertions"].as_array().into_iter().flatten() {
            out.push((
                name.to_owned(),
                a["assertion"].as_str().unwrap().to_owned(),
                a["error"]["message"].as_str().map(str::to_owned),
                a["skipped"].as_bool().unwrap_or(false),
            ));
        }
    }
    out
}

/// The side keys `catalog.json` gives (`401.expired-token.1.incorrect`), in its order.
fn side_keys(root: &Path, dir: &Path) -> Vec<String> {
    let public = dir.join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let catalog: Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("catalog.json")).unwrap())
            .unwrap();
    let mut keys = Vec::new();
    for entry in catalog["entries"].as_array().unwrap() {
        for pair in entry["samples"].as_array().into_iter().flatten() {
            for side in ["incorrect", "correct"] {
                keys.push(pair[side]["key"].as_str().unwrap().to_owned());
            }
        }
    }
    keys
}

/// The request names of a collection, folder by folder.
fn request_names(exported: &Value) -> Vec<String> {
    exported["item"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|folder| folder["item"].as_array().unwrap())
        .map(|item| item["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn both_sites_collections_pass_against_their_mocks_and_name_each_request_by_its_side_key() {
    if !have_newman() {
        return;
    }
    for root in [
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("collection.json");
        let exported = export(&root, &file);
        let names = request_names(&exported);
        let keys = side_keys(&root, dir.path());
        assert_eq!(
            names.iter().collect::<BTreeSet<_>>(),
            keys.iter().collect::<BTreeSet<_>>()
        );
        assert_eq!(names.len(), keys.len(), "each side once");

        let mock = Mock::start(&root, &[]);
        let report = run_newman(&file, &exported, &mock, dir.path(), &root);
        let all = assertions(&report);
        let failed: Vec<_> = all.iter().filter(|a| a.2.is_some()).collect();
        assert!(failed.is_empty(), "{}: {failed:#?}", root.display());
        let checked = all.iter().filter(|a| !a.3).count();
        assert!(checked > 100, "{checked} assertions");
        // Every request ran, under its side key; a pair fixed by waiting may run its correct side
        // twice (the error first, then, after its `Retry-After`, the success).
        let ran: BTreeSet<&str> = report["run"]["executions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["item"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(ran, names.iter().map(String::as_str).collect());

        let passed = |name: &str, check: &str| {
            all.iter()
                .any(|a| a.0 == name && a.1 == check && a.2.is_none() && !a.3)
        };
        if root.ends_with("parcel-api") {
            // The 409's error came back first, and the same request passed after 2 seconds.
            assert!(passed(
                "409.idempotent-request-in-progress.1.correct",
                "status is 201"
            ));
            assert!(
                passed(
                    "405.method-not-allowed.1.incorrect",
                    "Allow lists GET, HEAD, PATCH"
                ),
                "{all:#?}"
            );
            // A side that needs more than its request (`given:`) is sent, its checks skipped.
            assert!(
                all.iter()
                    .any(|a| a.0 == "503.scheduled-maintenance.1.incorrect" && a.3)
            );
        } else {
            assert!(passed(
                "401.expired-token.1.incorrect",
                "WWW-Authenticate offers Bearer with error=\"invalid_token\""
            ));
        }
    }
}

#[test]
fn a_drifted_api_fails_exactly_the_checks_of_what_drifted() {
    if !have_newman() {
        return;
    }
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/verify/jwt");
    let drifted = tempfile::tempdir().unwrap();
    copy_dir(&docs, drifted.path());
    let edit = |name: &str, from: &str, to: &str| {
        let file = drifted.path().join("content/errors/401").join(name);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{name}: {from}");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    };
    // The success is now 201 (every correct side sends that same request, so all four get it);
    // one error lost its challenge; another has a renamed problem type.
    edit(
        "expired-token.yaml",
        "        status: 200\n",
        "        status: 201\n",
    );
    edit(
        "token-not-yet-valid.yaml",
        "    WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token is not valid yet\"\n",
        "",
    );
    edit(
        "token-not-yet-valid.yaml",
        "samples:",
        "allow: [missing-www-authenticate]\nsamples:",
    );
    edit(
        "wrong-audience.yaml",
        "problems/invalid-token",
        "problems/bad-token",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("collection.json");
    let exported = export(&docs, &file);
    let mock = Mock::start(drifted.path(), &[]);
    let report = run_newman(&file, &exported, &mock, dir.path(), drifted.path());
    let failed: BTreeSet<(String, String, String)> = assertions(&report)
        .into_iter()
        .filter_map(|(name, check, error, _)| error.map(|e| (name, check, e)))
        .collect();
    let want: BTreeSet<(String, String, String)> = [
        (
            "401.expired-token.1.correct",
            "status is 200",
            "received 201",
        ),
        (
            "401.invalid-signature.1.correct",
            "status is 200",
            "received 201",
        ),
        (
            "401.token-not-yet-valid.1.correct",
            "status is 200",
            "received 201",
        ),
        (
            "401.wrong-audience.1.correct",
            "status is 200",
            "received 201",
        ),
        (
            "401.token-not-yet-valid.1.incorrect",
            "WWW-Authenticate offers Bearer with error=\"invalid_token\"",
            "no `WWW-Authenticate` field (missing)",
        ),
        (
            "401.wrong-audience.1.incorrect",
            "body /type is \"https://api.example.com/problems/invalid-token\"",
            "received \"https://api.example.com/problems/bad-token\"",
        ),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    .collect();
    assert_eq!(failed, want);
    // Newman's own list of failures names the same requests.
    let sources: BTreeSet<&str> = report["run"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        want.iter().map(|w| w.0.as_str()).collect::<BTreeSet<_>>()
    );
}

#[test]
fn export_replaces_its_own_collection_but_never_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api");
    let file = dir.path().join("parcel.postman_collection.json");
    let first = export(&root, &file);
    assert_eq!(
        first["info"]["schema"],
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    );
    // Stdout holds the same collection.
    let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["export", "postman", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), first);
    // Its own export is replaced.
    assert_eq!(export(&root, &file), first);
    // A collection someone else wrote is left as it is.
    let theirs = r#"{"info": {"name": "ours", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}"#;
    std::fs::write(&file, theirs).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["export", "postman", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("was not written by `errdocs export`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
}

#[test]
fn hostile_catalog_text_stays_data_in_the_collection_and_its_scripts() {
    let has_node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_node {
        assert!(
            !std::env::var("ERRDOCS_REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1"),
            "node is required but missing"
        );
        eprintln!("SKIP: node is missing");
        return;
    }
    let site = crate::support::SiteTest::empty();
    let hostile =
        "*x* `y` <b>]</b>(javascript:alert(1)) \"}); pm.test('forged', () => {}); // */ ${X}";
    site.file(
        "content/errors/409/hostile.yaml",
        format!(
            "status: 409
title: {title}
summary: {summary}
response:
  status: 409
  headers:
    Content-Type: application/problem+json
  body:
    type: {value}
    title: Conflict
    status: 409
    code: {value}
samples:
  - title: {value}
    incorrect:
      request: {{method: PUT, url: \"https://api.example.com/v1/a?q=%22\", json: {{name: {value}}}}}
      note: {value}
    correct:
      request: {{method: PUT, url: \"https://api.example.com/v1/a\", headers: {{If-Match: '\"v1\"'}}, json: {{name: {value}}}}}
      response: {{status: 200}}
",
            title = serde_json::to_string("A \"title\" with *markup* and </script>").unwrap(),
            summary = serde_json::to_string(hostile).unwrap(),
            value = serde_json::to_string(hostile).unwrap(),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("collection.json");
    let exported = export(site.root(), &file);
    let folder = &exported["item"][0];
    // Names are JSON strings, as written; descriptions are Markdown with every markup character
    // escaped.
    assert_eq!(folder["name"], "A \"title\" with *markup* and </script>");
    let description = folder["description"].as_str().unwrap();
    // The summary as plain text (its markup read, its HTML dropped), then escaped: no link.
    assert!(
        description.contains(r#"x y \](javascript:alert(1)) "}); pm.test('forged', () =\> {});"#),
        "{description}"
    );
    for item in folder["item"].as_array().unwrap() {
        // Each test script parses, and the documented values are data in it: the script defines
        // its checks by itself, no forged test among them.
        let exec: Vec<&str> = item["event"][0]["script"]["exec"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let script = dir
            .path()
            .join(format!("{}.js", item["name"].as_str().unwrap()));
        std::fs::write(&script, exec.join("\n")).unwrap();
        let check = Command::new("node")
            .arg("--check")
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        // The same script, with the documented value read back from it.
        let read_back = Command::new("node")
            .arg("-e")
            .arg(format!(
                "{}\nprocess.stdout.write(JSON.stringify(documented.expect.members));",
                exec.iter()
                    .take_while(|l| !l.starts_with("// What `errdocs verify` checks"))
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n")
            ))
            .output()
            .unwrap();
        assert!(
            read_back.status.success(),
            "{}",
            String::from_utf8_lossy(&read_back.stderr)
        );
        let members: Value = serde_json::from_slice(&read_back.stdout).unwrap();
        if item["name"] == "409.hostile.1.incorrect" {
            assert_eq!(
                members,
                serde_json::json!([["type", hostile], ["code", hostile], ["status", 409]])
            );
        }
    }
    // The JSON body is the documented one, exactly.
    let body = exported["item"][0]["item"][0]["request"]["body"]["raw"]
        .as_str()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(body).unwrap(),
        serde_json::json!({"name": hostile})
    );
}
