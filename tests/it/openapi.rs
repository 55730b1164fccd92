//! `errdocs export openapi` and `errdocs import openapi`: the real binary, checked by real tools (the
//! `openapi-spec-validator` from PyPI, Prism from npm serving the export) and by errdocs itself
//! reading back what it imported.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use errdocs::exchange::{Exchange, exchanges};
use errdocs::samples::{full_url, wire_body, wire_headers};
use serde_json::Value;

use crate::support::have;

/// The two sites every export test runs on: the shipped 401 reference and the shipping API.
fn sites() -> [PathBuf; 2] {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.to_path_buf(), here.join("examples/parcel-api")]
}

/// A program the `npm ci` of `tests/openapi/` installed.
fn npm_bin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/openapi/node_modules/.bin")
        .join(name)
}

fn errdocs(args: &[&str], root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("ERRDOCS_LOG")
        .output()
        .expect("run errdocs")
}

/// `errdocs export openapi --out DIR/NAME` of a site; the file's path.
fn export(root: &Path, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let run = errdocs(
        &[
            "export",
            "openapi",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
        root,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn load_site(root: &Path) -> errdocs::site::Checked {
    let checked = errdocs::site::check(root);
    assert!(!checked.has_errors(), "{}", root.display());
    checked
}

#[test]
fn the_export_of_both_sites_is_valid_openapi_3_1_in_json_and_yaml() {
    let validator = Path::new("openapi-spec-validator");
    if !have(validator, &["--help"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, root) in sites().iter().enumerate() {
        for name in [format!("{i}.json"), format!("{i}.yaml")] {
            let file = export(root, dir.path(), &name);
            let run = Command::new(validator).arg(&file).output().unwrap();
            assert!(
                run.status.success(),
                "{}: {}{}",
                root.display(),
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            );
            let text = std::fs::read_to_string(&file).unwrap();
            let doc: Value = if name.ends_with(".json") {
                serde_json::from_str(&text).unwrap()
            } else {
                serde_yaml::from_str(&text).unwrap()
            };
            assert_eq!(doc["openapi"], "3.1.0");
        }
    }
}

/// Every named example under a response of an operation, `$ref`s to components followed: name →
/// (status, example value).
fn response_examples(doc: &Value) -> Vec<(String, u16, Value)> {
    let follow = |v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("dangling {r}"))
                .clone(),
            None => v.clone(),
        }
    };
    let mut out = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if method == "servers" || method == "parameters" {
                continue;
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                let response = follow(response);
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for media in content.values() {
                    for (name, example) in media["examples"].as_object().unwrap() {
                        out.push((
                            name.clone(),
                            status.parse().unwrap(),
                            follow(example)["value"].clone(),
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn example_names_are_the_side_keys_of_catalog_json() {
    let dir = tempfile::tempdir().unwrap();
    for (i, root) in sites().iter().enumerate() {
        let site = dir.path().join(format!("site{i}"));
        let run = errdocs(&["build", "--quiet", "--out", site.to_str().unwrap()], root);
        assert!(run.status.success());
        let catalog: Value =
            serde_json::from_slice(&std::fs::read(site.join("catalog.json")).unwrap()).unwrap();
        let mut keys = BTreeSet::new();
        for entry in catalog["entries"].as_array().unwrap() {
            for pair in entry["samples"].as_array().unwrap() {
                for side in ["incorrect", "correct"] {
                    // A side that documents no response has no body to show.
                    if pair[side]["response"].get("body").is_some() {
                        keys.insert(pair[side]["key"].as_str().unwrap().to_owned());
                    }
                }
            }
        }
        let file = export(root, dir.path(), &format!("{i}.json"));
        let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let named: BTreeSet<String> = response_examples(&doc)
            .into_iter()
            .map(|(name, _, _)| name)
            .collect();
        assert!(keys.len() > 20, "{}", keys.len());
        assert_eq!(named, keys, "{}", root.display());
    }
}

/// A running `prism mock`, killed when dropped.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    fn start(file: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(npm_bin("prism"))
            .args(["mock", "--cors", "false", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start prism");
        // Prism logs every request: its output is read to the end, or its writes would fail.
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (ready, listening) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            for line in stdout.lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    let _ = ready.send(Ok(()));
                } else if seen.len() < 200 {
                    seen.push(line);
                }
            }
            let _ = ready.send(Err(seen.join("\n")));
        });
        if let Ok(Err(log)) | Err(log) = listening
            .recv_timeout(Duration::from_secs(120))
            .map_err(|e| e.to_string())
        {
            panic!("prism did not start:\n{log}");
        }
        Self { child, port }
    }

    /// Sends the documented request of `x` with `Prefer: code=STATUS, example=KEY`; returns the
    /// status, the header fields (names lower-case) and the body.
    fn send(&self, x: &Exchange<'_>, status: u16) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let request = x.request();
        let url = full_url(&request);
        let target = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]).to_owned(),
            None => url.clone(),
        };
        let target = target.split('#').next().unwrap();
        let body = wire_body(&request)
            .map(|(bytes, _)| bytes)
            .unwrap_or_default();
        let mut head = format!(
            "{} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            request.method, self.port
        );
        // Prism picks the media type by `Accept` before it looks for the example, and an API may
        // answer an error in another one than asked for (`application/problem+json` to
        // `Accept: application/json`): ask for the documented one.
        let accept = x.response.and_then(|r| {
            r.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.values().join(", "))
        });
        for (name, value) in wire_headers(&request) {
            let skip = ["host", "content-length"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
                || (accept.is_some() && name.eq_ignore_ascii_case("accept"));
            if !skip {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        if let Some(accept) = accept {
            head.push_str(&format!("Accept: {accept}\r\n"));
        }
        // A response without a body has no media type to hold a named example: its status is
        // asked for alone.
        let prefer = if x.response.is_some_and(|r| r.body.is_some()) {
            format!("code={status}, example={}", x.key())
        } else {
            format!("code={status}")
        };
        head.push_str(&format!(
            "Prefer: {prefer}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ));
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let mut raw = &raw[..];
        // An interim `100 Continue` (to `Expect: 100-continue`) comes first.
        while raw.starts_with(b"HTTP/1.1 1") {
            match raw.windows(4).position(|w| w == b"\r\n\r\n") {
                Some(end) => raw = &raw[end + 4..],
                None => break,
            }
        }
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            return (0, Vec::new(), raw.to_vec());
        };
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let code = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let fields = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (code, fields, raw[split + 4..].to_vec())
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a documented body and the one received are the same: equal JSON, or equal text.
fn same_body(documented: &Value, received: &[u8]) -> bool {
    let text = String::from_utf8_lossy(received);
    match documented {
        Value::String(s) => {
            s.trim() == text.trim()
                || serde_json::from_str::<Value>(s)
                    .is_ok_and(|a| serde_json::from_slice::<Value>(received).is_ok_and(|b| a == b))
        }
        other => serde_json::from_slice::<Value>(received).is_ok_and(|b| *other == b),
    }
}

/// The export as Prism serves it: without `security`. Prism checks credentials before it picks an
/// example (Basic credentials must decode to `user:password`, a scheme it does not know such as
/// DPoP never passes), and the fake values the catalog documents are no real credentials; the
/// documented sides without them are the ones this test is about.
fn without_security(file: &Path) -> PathBuf {
    let mut doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    doc.as_object_mut().unwrap().remove("security");
    for item in doc["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            if let Some(op) = op.as_object_mut() {
                op.remove("security");
            }
        }
    }
    let out = file.with_extension("prism.json");
    std::fs::write(&out, serde_json::to_vec(&doc).unwrap()).unwrap();
    out
}

/// The header fields of a response that carry one value for every side that gets it: Prism picks
/// among a header's named examples at random, so only these can be compared with what it sends.
fn fixed_headers(doc: &Value, x: &Exchange<'_>, status: u16) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let Some(sides) = op.pointer("/x-errdocs/sides").and_then(Value::as_array) else {
                continue;
            };
            if !sides.iter().any(|s| s.as_str() == Some(&x.key())) {
                continue;
            }
            let mut response = &op["responses"][status.to_string()];
            if let Some(r) = response.get("$ref").and_then(Value::as_str) {
                response = doc.pointer(r.trim_start_matches('#')).unwrap();
            }
            for (name, header) in response["headers"].as_object().into_iter().flatten() {
                match header.get("example") {
                    Some(_) => {
                        out.insert(name.to_ascii_lowercase());
                    }
                    // The side's own value is still in the document, named by its key.
                    None => assert!(
                        header["examples"].get(x.key()).is_some()
                            || !x.response.is_some_and(|r| r
                                .headers
                                .keys()
                                .any(|k| k.eq_ignore_ascii_case(name))),
                        "{}: {name} has no example of its own",
                        x.key()
                    ),
                }
            }
        }
    }
    out
}

/// Why Prism cannot be sent a documented request, if it cannot: Prism never answers a request
/// whose body is labelled JSON but does not parse (the connection stays open), which is what some
/// documented incorrect requests are. `errdocs mock` answers them.
fn unreadable_by_prism(x: &Exchange<'_>) -> Option<&'static str> {
    let request = x.request();
    let (body, media) = wire_body(&request)?;
    let labelled = wire_headers(&request)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map_or(media, |(_, v)| v);
    let json = labelled.contains("json");
    (json && serde_json::from_slice::<Value>(&body).is_err())
        .then_some("its body is labelled JSON and does not parse")
}

#[test]
fn prism_serving_the_export_answers_every_side_key_with_that_sides_response() {
    let prism = npm_bin("prism");
    if !have(&prism, &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, root) in sites().iter().enumerate() {
        let checked = load_site(root);
        let file = export(root, dir.path(), &format!("{i}.json"));
        let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let server = Prism::start(&without_security(&file));
        let mut failures = Vec::new();
        let mut answered = 0;
        for x in exchanges(&checked.catalog) {
            let Some(documented) = x.response else {
                continue;
            };
            if let Some(why) = unreadable_by_prism(&x) {
                eprintln!("not sent to Prism: {} ({why})", x.key());
                continue;
            }
            let fixed = fixed_headers(&doc, &x, documented.status);
            let (status, fields, body) = server.send(&x, documented.status);
            let mut wrong = Vec::new();
            if status != documented.status {
                wrong.push(format!("status {status}, documented {}", documented.status));
            }
            for (name, value) in &documented.headers {
                let lower = name.to_ascii_lowercase();
                if lower != "content-type" && !fixed.contains(&lower) {
                    continue;
                }
                let got: Vec<&str> = fields
                    .iter()
                    .filter(|(k, _)| *k == lower)
                    .map(|(_, v)| v.as_str())
                    .collect();
                let want: Vec<String> =
                    value.values().iter().map(|v| v.trim().to_owned()).collect();
                if got != want && got.join(", ") != want.join(", ") {
                    wrong.push(format!("{name}: got {got:?}, documented {want:?}"));
                }
            }
            if let Some(want) = &documented.body
                && !same_body(want, &body)
            {
                wrong.push(format!(
                    "body {}, documented {want}",
                    String::from_utf8_lossy(&body)
                ));
            }
            if wrong.is_empty() {
                answered += 1;
            } else {
                failures.push(format!("{}: {}", x.key(), wrong.join("; ")));
            }
        }
        assert!(
            failures.is_empty(),
            "{}:\n{}",
            root.display(),
            failures.join("\n")
        );
        assert!(answered > 20, "{answered}");
    }
}

#[test]
fn export_replaces_only_its_own_file_and_writes_stdout_without_out() {
    let root = &sites()[1];
    let dir = tempfile::tempdir().unwrap();
    let file = export(root, dir.path(), "api.yaml");
    // Its own file is replaced by the next export.
    export(root, dir.path(), "api.yaml");
    let theirs = dir.path().join("theirs.json");
    std::fs::write(&theirs, "{\"openapi\": \"3.1.0\"}\n").unwrap();
    let run = errdocs(
        &["export", "openapi", "--out", theirs.to_str().unwrap()],
        root,
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("was not written by `errdocs export`"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "{\"openapi\": \"3.1.0\"}\n"
    );
    let stdout = errdocs(&["export", "openapi"], root);
    assert!(stdout.status.success());
    let printed: Value = serde_json::from_slice(&stdout.stdout).unwrap();
    let written: Value = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(printed, written);
}

/// An empty site folder (an `errdocs.toml` and nothing else) to import into.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("errdocs.toml"), "title = \"Imported\"\n").unwrap();
    dir
}

fn import(file: &Path, root: &Path) -> std::process::Output {
    errdocs(&["import", "openapi", file.to_str().unwrap()], root)
}

/// `errdocs check --format json` of a site: every finding.
fn findings(root: &Path) -> Vec<Value> {
    let run = errdocs(&["check", "--format", "json"], root);
    serde_json::from_slice::<Value>(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&run.stderr)))
        .as_array()
        .unwrap()
        .clone()
}

/// The findings that are not placeholders left to fill in.
fn not_placeholders(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f["code"] != "placeholder")
        .map(|f| format!("{}:{}: {}", f["path"], f["line"], f["message"]))
        .collect()
}

fn yaml_file(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn githubs_published_document_imports_into_files_that_only_wait_to_be_filled_in() {
    let github = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/openapi/node_modules/@octokit/openapi/generated/api.github.com.json");
    if !github.is_file() {
        assert!(
            !std::env::var("ERRDOCS_REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1"),
            "{} is required (scripts/install-test-tools.sh installs it)",
            github.display()
        );
        eprintln!("SKIP: {} is missing", github.display());
        return;
    }
    let site = empty_site();
    let run = import(&github, site.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let written = stderr.lines().filter(|l| l.starts_with("wrote ")).count();
    assert!(written > 100, "{stderr}");
    let all = findings(site.path());
    assert!(
        not_placeholders(&all).is_empty(),
        "{:#?}",
        not_placeholders(&all)
    );
    let entries = walkdir(&site.path().join("content/errors"));
    assert_eq!(
        entries.len() + walkdir(&site.path().join("content/status")).len(),
        written
    );
    // Every file is YAML errdocs reads: each has its placeholders reported, none failed to load.
    let reported: BTreeSet<&str> = all.iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(reported.len(), written);
    // A component shared by hundreds of operations is one entry.
    let not_found = yaml_file(&site.path().join("content/errors/404/not-found.yaml"));
    assert_eq!(not_found["title"], "Resource not found");
    assert!(
        not_found["samples"][0]["incorrect"]["request"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://api.github.com/")
    );
    // A second import writes nothing: every file exists.
    let again = import(&github, site.path());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(!stderr.lines().any(|l| l.starts_with("wrote ")), "{stderr}");
    assert!(
        stderr.contains(&format!("0 files written, {written} left as they were")),
        "{stderr}"
    );
}

/// Every file under a folder.
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_document_with_refs_and_named_examples_imports_3_0_yaml_and_3_1_json() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi");
    let site = empty_site();
    let root = site.path();
    for file in ["orders-3.0.yaml", "orders-3.1.json"] {
        let run = import(&fixtures.join(file), root);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let all = findings(root);
    assert!(
        not_placeholders(&all).is_empty(),
        "{:#?}",
        not_placeholders(&all)
    );
    let entry = |id: &str| yaml_file(&root.join(format!("content/errors/{id}.yaml")));
    // A `components.responses` reference, its body from a `components.schemas` skeleton.
    let not_found = entry("404/not-found");
    assert_eq!(not_found["title"], "Order not found");
    assert_eq!(not_found["response"]["body"]["status"], 404);
    let request = &not_found["samples"][0]["incorrect"]["request"];
    // Server variable at its default, path parameter (a `$ref`) at its example, API key secret.
    assert_eq!(
        request["url"],
        "https://eu.orders.example/v2/orders/ord_123"
    );
    assert_eq!(request["headers"]["X-Api-Key"], "${API_KEY}");
    // Named examples, one through `components.examples`: an entry each.
    let shipped = entry("409/cancel-order-shipped");
    assert_eq!(shipped["title"], "Already shipped");
    assert_eq!(shipped["response"]["body"]["title"], "Order shipped");
    assert_eq!(
        entry("409/cancel-order-delivered")["response"]["body"]["title"],
        "Order delivered"
    );
    // The example of a `components.schemas` reference, and the operation's JSON body.
    let invalid = entry("422/invalid");
    assert_eq!(
        invalid["response"]["body"]["errors"][0]["pointer"],
        "/quantity"
    );
    assert_eq!(
        invalid["samples"][0]["incorrect"]["request"]["json"]["quantity"],
        0
    );
    // A header example (a number in the document, a field value here).
    let limited = entry("429/get-order");
    assert_eq!(limited["response"]["headers"]["Retry-After"], "30");
    // 3.1: `examples` on a header and a parameter, a bearer scheme, a 405 with no `Allow`.
    let unauthorized = entry("401/get-v3-orders-id");
    assert_eq!(
        unauthorized["response"]["headers"]["WWW-Authenticate"],
        "Bearer realm=\"orders\""
    );
    let request = &unauthorized["samples"][0]["incorrect"]["request"];
    assert_eq!(request["url"], "https://orders.example/v3/orders/ord_9");
    assert_eq!(
        request["headers"]["Authorization"],
        "Bearer ${ACCESS_TOKEN}"
    );
    let allow = entry("405/get-v3-orders-id")["response"]["headers"]["Allow"].clone();
    assert!(allow.as_str().unwrap().starts_with("<fill in"), "{allow}");
    for status in [401, 404, 405, 409, 422, 429] {
        assert!(root.join(format!("content/status/{status}.yaml")).is_file());
    }
    assert!(!root.join("content/errors/400").exists());
}

#[test]
fn the_example_sites_export_imports_back_into_the_same_entries_and_responses() {
    let original = &sites()[1];
    let checked = load_site(original);
    let dir = tempfile::tempdir().unwrap();
    let file = export(original, dir.path(), "parcel.yaml");
    let site = empty_site();
    // Uploads name files of the site's `files/` folder, which a document does not carry.
    let files = site.path().join("files");
    std::fs::create_dir(&files).unwrap();
    for file in std::fs::read_dir(original.join("files")).unwrap() {
        let file = file.unwrap();
        std::fs::copy(file.path(), files.join(file.file_name())).unwrap();
    }
    let run = import(&file, site.path());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let all = findings(site.path());
    assert!(
        not_placeholders(&all).is_empty(),
        "{:#?}",
        not_placeholders(&all)
    );
    let imported: BTreeSet<String> = walkdir(&site.path().join("content/errors"))
        .iter()
        .map(|p| {
            let p = p.strip_prefix(site.path().join("content/errors")).unwrap();
            p.with_extension("").to_string_lossy().into_owned()
        })
        .collect();
    let ids: BTreeSet<String> = checked
        .catalog
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(imported, ids);
    for entry in &checked.catalog.entries {
        let back = yaml_file(
            &site
                .path()
                .join(format!("content/errors/{}.yaml", entry.id)),
        );
        assert_eq!(back["title"], entry.value.title.as_str(), "{}", entry.id);
        let response = serde_json::to_value(&entry.value.response).unwrap();
        assert_eq!(
            back["response"]["status"], response["status"],
            "{}",
            entry.id
        );
        assert_eq!(back["response"]["body"], response["body"], "{}", entry.id);
        for (name, value) in response["headers"].as_object().unwrap() {
            assert_eq!(
                &back["response"]["headers"][name], value,
                "{}: {name}",
                entry.id
            );
        }
        // The incorrect request is one the entry documents.
        let request = &back["samples"][0]["incorrect"]["request"];
        assert!(
            entry
                .value
                .samples
                .iter()
                .any(|s| { serde_json::to_value(&s.incorrect.request).unwrap() == *request }),
            "{}: {request}",
            entry.id
        );
    }
}

#[test]
fn a_document_that_is_not_openapi_is_a_located_error_and_nothing_is_written() {
    let site = empty_site();
    let dir = tempfile::tempdir().unwrap();
    for (name, text, expected) in [
        (
            "broken.yaml",
            "openapi: 3.1.0\npaths:\n  /a: [\n",
            "broken.yaml:4:1: error: not valid YAML",
        ),
        (
            "broken.json",
            "{\"openapi\": \"3.1.0\",\n  \"paths\": {,}}",
            "broken.json:2:13: error: not valid JSON",
        ),
        (
            "swagger.yaml",
            "swagger: '2.0'\ninfo: {title: x, version: 1}\n",
            "swagger.yaml:1:1: error: a Swagger 2.0 document",
        ),
        (
            "other.json",
            "{\"title\": \"x\"}",
            "other.json:1:1: error: not an OpenAPI document",
        ),
        (
            "shape.yaml",
            "openapi: 3.0.0\ninfo: {title: x, version: 1}\npaths:\n  /a:\n    get: [1]\n",
            "shape.yaml:5:",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let run = import(&file, site.path());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!site.path().join("content").exists(), "{name}");
    }
    let nowhere = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/orders-3.1.json");
    let run = import(&fixture, nowhere.path());
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a site folder"));
}
