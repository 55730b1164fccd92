//! Multipart request bodies: located errors for what cannot be sent, the raw HTTP message with
//! each part as sent (binary bytes never in the page), the differing part of a pair marked, and a
//! byte-reproducible build.

use crate::support::{SiteTest, sel, snapshot};

/// A 415 entry whose pair uploads `incorrect` and `correct` as its `document` part (YAML lines
/// indented for a part list item).
fn upload_entry(incorrect: &str, correct: &str) -> String {
    format!(
        "status: 415
title: Scan in a format the API refuses
summary: The uploaded document's media type is not one the endpoint accepts.
response:
  status: 415
  headers:
    Content-Type: application/problem+json
  body: {{type: 'about:blank', title: Unsupported Media Type, status: 415}}
samples:
  - title: Send the scan as PNG
    incorrect:
      request:
        method: POST
        url: https://api.example.com/v1/documents
        multipart:
          - name: kind
            value: invoice
          - name: document
{incorrect}
    correct:
      request:
        method: POST
        url: https://api.example.com/v1/documents
        multipart:
          - name: kind
            value: invoice
          - name: document
{correct}
      response:
        status: 201
"
    )
}

const BMP: &str = "            file: files/scan.bmp\n            content-type: image/bmp";
const PNG: &str = "            file: files/scan.png\n            content-type: image/png";

fn upload_site() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.file(
        "content/errors/415/unsupported-scan.yaml",
        upload_entry(BMP, PNG),
    )
    .file("files/scan.bmp", b"BM\x00\x01\x02\x03binary")
    .file("files/scan.png", b"\x89PNG\r\n\x1a\n\x00\x00");
    site
}

#[test]
fn what_cannot_be_sent_is_an_error_at_its_line() {
    let site = SiteTest::fixture("basic");
    let cases = [
        (
            "no-name",
            "          - value: x",
            "content/errors/415/no-name.yaml:18:13: error",
        ),
        (
            "missing-file",
            "            file: files/nowhere.pdf",
            "content/errors/415/missing-file.yaml:19:13: error",
        ),
        (
            "file-and-content",
            "            file: files/a.txt\n            content: hello",
            "content/errors/415/file-and-content.yaml:18:13: error",
        ),
        (
            "outside",
            "            file: ../secret.txt",
            "content/errors/415/outside.yaml:18:13: error",
        ),
        (
            "linked-out",
            "            file: files/linked.txt",
            "content/errors/415/linked-out.yaml:19:13: error",
        ),
    ];
    for (name, part, _) in &cases {
        let text = upload_entry(part, PNG).replace(
            "          - name: document\n          - value: x",
            "          - value: x",
        );
        site.file(&format!("content/errors/415/{name}.yaml"), text);
    }
    site.file("files/scan.png", b"png")
        .file("files/a.txt", b"a");
    let outside = tempfile::NamedTempFile::new().unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), site.root().join("files/linked.txt")).unwrap();
    // Two bodies in one request.
    let two = upload_entry(PNG, PNG).replacen(
        "        multipart:",
        "        json: {a: 1}\n        multipart:",
        1,
    );
    site.file("content/errors/415/two-bodies.yaml", two);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let mut expected: Vec<(&str, &str)> = cases
        .iter()
        .map(|(name, _, first)| (*name, *first))
        .collect();
    expected.push((
        "two-bodies",
        "content/errors/415/two-bodies.yaml:13:9: error",
    ));
    for (name, first) in expected {
        if name == "linked-out" && cfg!(not(unix)) {
            continue;
        }
        assert!(
            run.stderr.lines().any(|l| l.starts_with(first)),
            "{name}: no line starting {first:?} in:\n{}",
            run.stderr
        );
    }
    for words in [
        "a part needs a `name`",
        "uploads `files/nowhere.pdf`, which does not exist",
        "has both `file` and `content`",
        "is not a file of the site's `files/` folder",
        "this symbolic link leads outside the site folder",
        "has two bodies, `json` and `multipart`",
    ] {
        assert!(
            run.stderr.contains(words),
            "no {words:?} in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn the_raw_message_shows_each_part_and_marks_the_one_that_differs() {
    let site = upload_site();
    site.build_ok(&[]);
    let html = site.read("415/unsupported-scan/index.html");
    // The bytes of a file never reach the page: a line says what they are.
    assert!(!html.contains("BM\u{0}"), "raw bytes in the page");
    let doc = scraper::Html::parse_document(&html);
    for (verdict, file, kind) in [
        ("incorrect", "scan.bmp", "image/bmp"),
        ("correct", "scan.png", "image/png"),
    ] {
        let http = doc
            .select(&sel(&format!(
                "[data-verdict=\"{verdict}\"] [data-lang=\"http\"]"
            )))
            .next()
            .unwrap_or_else(|| panic!("no {verdict} raw HTTP"));
        let lines: Vec<String> = http
            .select(&sel(".line"))
            .map(|l| l.text().collect())
            .collect();
        let marked: Vec<String> = http
            .select(&sel(".line.d"))
            .map(|l| l.text().collect())
            .collect();
        assert!(
            lines.contains(
                &"Content-Type: multipart/form-data; boundary=errdocs-form-boundary".to_owned()
            ),
            "{lines:?}"
        );
        let disposition =
            format!("Content-Disposition: form-data; name=\"document\"; filename=\"{file}\"");
        assert!(lines.contains(&disposition), "{lines:?}");
        let size = if verdict == "incorrect" { 12 } else { 10 };
        let placeholder = format!("[binary content: {size} bytes of {kind}]");
        // Only the document part differs: its header fields and content (the delimiter and the
        // empty line are the same on both sides).
        assert_eq!(
            marked,
            vec![disposition, format!("Content-Type: {kind}"), placeholder],
            "{verdict}"
        );
        assert!(lines.contains(&"invoice".to_owned()), "{lines:?}");
        assert!(!marked.contains(&"invoice".to_owned()));
    }
    // Every language says the part's filename.
    let curl: String = doc
        .select(&sel("[data-verdict=\"correct\"] [data-lang=\"curl\"]"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        curl.contains("-F document=@files/scan.png\\;type=image/png")
            || curl.contains("-F 'document=@files/scan.png;type=image/png'"),
        "{curl}"
    );
}

#[test]
fn the_same_catalog_and_files_build_the_same_bytes() {
    let site = upload_site();
    site.build_ok(&[]);
    let first = snapshot(&site.out());
    site.build_ok(&[]);
    assert_eq!(first, snapshot(&site.out()));
    // An upload's bytes are part of what the build depends on: a changed file changes the page.
    site.file("files/scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00");
    site.build_ok(&[]);
    let html = site.read("415/unsupported-scan/index.html");
    let text: String = scraper::Html::parse_document(&html)
        .root_element()
        .text()
        .collect();
    assert!(text.contains("[binary content: 11 bytes of image/png]"));
}

#[test]
fn catalog_json_names_each_part_and_its_file_not_its_bytes() {
    let site = upload_site();
    site.build_ok(&[]);
    let catalog: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).unwrap();
    let entry = catalog["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "415/unsupported-scan")
        .expect("the entry");
    let parts = &entry["samples"][0]["correct"]["request"]["multipart"];
    assert_eq!(
        parts,
        &serde_json::json!([
            {"name": "kind", "value": "invoice"},
            {"name": "document", "file": "files/scan.png", "filename": "scan.png", "content-type": "image/png"}
        ])
    );
}

#[test]
fn the_schema_accepts_an_upload_and_refuses_what_the_loader_refuses() {
    let schema = errdocs::schema::SchemaKind::Entry.schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let valid = |text: &str| {
        let value: serde_json::Value = serde_yaml::from_str(text).unwrap();
        validator.is_valid(&value)
    };
    assert!(valid(&upload_entry(BMP, PNG)));
    let inline = "            content: hello\n            filename: a.txt";
    assert!(valid(&upload_entry(inline, PNG)));
    for bad in [
        "            file: files/a.txt\n            value: x",
        "            file: files/a.txt\n            content: x",
        "            filename: a.txt",
        "            file: files/a.txt\n            size: 3",
    ] {
        assert!(
            !valid(&upload_entry(bad, PNG)),
            "the schema accepted {bad:?}"
        );
    }
    let nameless =
        upload_entry(PNG, PNG).replacen("          - name: document\n", "          -\n", 1);
    assert!(
        !valid(&nameless),
        "the schema accepted a part without a name"
    );
}

/// The status curl gets for `args` from the mock at `base` (run in the site folder, so `@files/…`
/// reads its uploads).
fn curl_status(site: &SiteTest, base: &str, args: &[&str]) -> u16 {
    let out = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}"])
        .args(args)
        .arg(format!("{base}/v1/documents"))
        .current_dir(site.root())
        .output()
        .expect("run curl");
    String::from_utf8_lossy(&out.stdout).parse().unwrap_or(0)
}

#[test]
fn the_mock_reads_the_parts_and_answers_the_side_they_make() {
    let site = upload_site();
    site.file("files/mine.png", vec![0x89; 4000]);
    let mock = crate::mock::Mock::start(site.root(), &[]);
    let send = |args: &[&str]| curl_status(&site, &mock.base, args);
    // The documented requests, as the curl sample sends them.
    assert_eq!(
        send(&[
            "-F",
            "kind=invoice",
            "-F",
            "document=@files/scan.bmp;type=image/bmp"
        ]),
        415
    );
    assert_eq!(
        send(&[
            "-F",
            "kind=invoice",
            "-F",
            "document=@files/scan.png;type=image/png"
        ]),
        201
    );
    // What tells the sides apart is the part's type: another PNG of another name and size is the
    // correct side, the same bytes sent as `image/bmp` the incorrect one.
    assert_eq!(
        send(&[
            "-F",
            "kind=invoice",
            "-F",
            "document=@files/mine.png;type=image/png"
        ]),
        201
    );
    assert_eq!(
        send(&[
            "-F",
            "kind=invoice",
            "-F",
            "document=@files/mine.png;type=image/bmp"
        ]),
        415
    );
    // A body that is not multipart at all is neither side.
    let other = send(&["-H", "Content-Type: application/json", "--data", "{}"]);
    assert!(other != 415 && other != 201, "{other}");
}

#[test]
fn verify_sends_each_documented_upload_as_written() {
    let site = upload_site();
    let mock = crate::mock::Mock::start(site.root(), &[]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["verify", "--root"])
        .arg(site.root())
        .args(["--target", &mock.base, "--forwarded"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("PASS 415/unsupported-scan #1 incorrect")
            && stdout.contains("PASS 415/unsupported-scan #1 correct"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The mock saw the parts errdocs sent, the bytes of the site's files among them.
    let recent = std::process::Command::new("curl")
        .args(["-s", &format!("{}/__errdocs/requests", mock.base)])
        .output()
        .unwrap();
    let recent = String::from_utf8_lossy(&recent.stdout);
    assert!(recent.contains("415/unsupported-scan"), "{recent}");
}

#[test]
fn two_uploads_that_differ_only_outside_their_parts_are_ambiguous() {
    let site = upload_site();
    // The same parts on both sides: no mock can tell them apart.
    site.file(
        "content/errors/415/unsupported-scan.yaml",
        upload_entry(PNG, PNG),
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("a mock cannot tell which to answer"),
        "{}",
        run.stderr
    );
    // A part that differs in its type tells them apart.
    site.file(
        "content/errors/415/unsupported-scan.yaml",
        upload_entry(BMP, PNG),
    );
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("a mock cannot tell which to answer"),
        "{}",
        run.stderr
    );
    // So does a part present on one side only.
    let missing = upload_entry(BMP, PNG).replacen(
        "          - name: kind\n            value: invoice\n          - name: document\n            file: files/scan.bmp\n            content-type: image/bmp\n",
        "          - name: kind\n            value: invoice\n",
        1,
    );
    let missing = missing.replacen(
        "files/scan.png\n            content-type: image/png",
        "files/scan.bmp\n            content-type: image/bmp",
        1,
    );
    site.file("content/errors/415/unsupported-scan.yaml", &missing);
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("a mock cannot tell which to answer"),
        "{}",
        run.stderr
    );
}
