//! The requests every executed language is run with: representative ones, the shipped catalog's,
//! and a property-based set of hostile ones.

use std::collections::HashMap;
use std::path::Path;

use errdocs::catalog::model::{Entry, FileSource, FileUpload, HeaderValue, PartContent, Request};
use errdocs::samples::placeholder_names;
use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The host every case is written with; runners point it at their capture server.
pub(crate) const HOST: &str = "http://127.0.0.1:1";

/// The environment the generated programs run with: fixed values for the names the test cases use,
/// and a plain value for any other name the catalog uses.
pub(crate) fn env() -> HashMap<String, String> {
    let mut env = HashMap::from([
        // Everything a shell or a string literal could trip on, yet valid in a header value.
        (
            "ACCESS_TOKEN".to_owned(),
            r#"tok "dq" 'sq' $HOME `id` $(id) \back\ ;|&<>!#%^*(){}[]~=:@,+ ${X}"#.to_owned(),
        ),
        ("TENANT_ID".to_owned(), "t-42_x".to_owned()),
        ("REFRESH_TOKEN".to_owned(), "r&t=1+2 %20/?#".to_owned()),
    ]);
    for request in catalog() {
        for name in placeholder_names(&request) {
            env.entry(name.clone())
                .or_insert_with(|| format!("value-of-{name}"));
        }
    }
    env
}

/// Points a request at the capture server on `port`.
pub(crate) fn at_port(request: &Request, port: u16) -> Request {
    let mut out = request.clone();
    out.url = out
        .url
        .replacen(HOST, &format!("http://127.0.0.1:{port}"), 1);
    out
}

fn yaml(text: &str) -> Request {
    serde_yaml::from_str(&text.replace("HOST", HOST)).expect("valid request yaml")
}

/// Representative requests, written as catalog YAML.
pub(crate) fn representative() -> Vec<Request> {
    [
        "method: GET\nurl: HOST/v1/me\n",
        "method: GET\nurl: HOST/v1/users?page=2\nquery: {q: 'ann & bob', sort: '-created'}\nheaders:\n  Authorization: Bearer ${ACCESS_TOKEN}\n  Accept: application/json\n",
        "method: POST\nurl: HOST/oauth/token\nform:\n  grant_type: refresh_token\n  refresh_token: ${REFRESH_TOKEN}\n",
        "method: POST\nurl: HOST/v1/${TENANT_ID}/orders\nheaders:\n  Authorization: Bearer ${ACCESS_TOKEN}\njson:\n  item: book\n  quantity: 2\n  gift: true\n  note: null\n  tags: [a, b]\n",
        "method: PUT\nurl: HOST/v1/notes/1\nheaders:\n  Content-Type: text/plain; charset=utf-8\nbody: \"line 1\\nline 2 with 'quotes' and \\\"double\\\"\\n\"\n",
        "method: PATCH\nurl: HOST/v1/items/7\nheaders:\n  Content-Type: application/merge-patch+json\n  If-Match: '\"abc\"'\njson: {name: \"x\"}\n",
        "method: DELETE\nurl: HOST/v1/items/7\nheaders:\n  X-Request-Id: [one, two]\n",
        "method: GET\nurl: HOST/search\nquery: {token: '${ACCESS_TOKEN}', '${NOT}': '${lower} ${ACCESS_TOKEN'}\n",
    ]
    .iter()
    .map(|y| yaml(y))
    .collect()
}

/// The folder whose `files/` the multipart cases upload from; runners copy its `files/` next to
/// the code they run.
pub(crate) fn upload_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples")
}

/// Multipart bodies: httpsnippet's fixtures (a text field, a file from disk with its type, inline
/// content with a filename and a type beside a text field), then the hard cases: binary bytes, a
/// file sent under another name, hostile text, a hostile filename, another method.
pub(crate) fn multipart() -> Vec<Request> {
    let (uploads, problems) = errdocs::catalog::load::read_uploads(&upload_root());
    assert!(problems.is_empty(), "{problems:?}");
    [
        "method: POST\nurl: HOST/anything\nmultipart:\n- {name: foo, value: bar}\n",
        "method: POST\nurl: HOST/anything\nmultipart:\n- {name: foo, file: files/hello.txt, content-type: text/plain}\n",
        "method: POST\nurl: HOST/anything\nmultipart:\n- {name: foo, content: Hello World, filename: hello.txt, content-type: text/plain}\n- {name: bar, value: Bonjour le monde}\n",
        "method: POST\nurl: HOST/v1/${TENANT_ID}/scans?kind=x\nheaders:\n  Authorization: Bearer ${ACCESS_TOKEN}\nmultipart:\n- {name: scan, file: files/scan.png, filename: page-1.png, content-type: image/png}\n- {name: raw, file: 'files/two words;1.txt'}\n- {name: note, value: \"quotes ' \\\" $HOME `id` $(id) #{x} \\\\ @file <file ;type=x é ✓\\nsecond line\\r\\nthird\"}\n",
        "method: POST\nurl: HOST/v1/uploads\nmultipart:\n- {name: data, file: 'files/two words;1.txt'}\n- {name: image, file: files/scan.png}\n",
        "method: PUT\nurl: HOST/v1/docs/1\nmultipart:\n- {name: 'a b;c', content: \"it's $HOME \\\"q\\\" @x\\n\", filename: \"it's a;b, c $HOME.txt\", content-type: text/csv; charset=utf-8}\n- {name: empty, value: ''}\n",
    ]
    .iter()
    .map(|y| {
        let mut request = yaml(y);
        for part in request.multipart.iter_mut().flatten() {
            if let PartContent::File(FileUpload {
                source: FileSource::Path { path, bytes },
                ..
            }) = &mut part.content
            {
                *bytes = Some(uploads.get(path.as_str()).expect("a test upload").clone());
            }
        }
        request
    })
    .collect()
}

/// The requests of every entry under `content/errors`, pointed at [`HOST`].
pub(crate) fn catalog() -> Vec<Request> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/errors");
    let mut out = Vec::new();
    if !root.is_dir() {
        return out;
    }
    for file in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let file = file.expect("readable content");
        if file.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(file.path()).expect("readable entry");
        let entry: Entry = serde_yaml::from_str(&text).expect("valid entry");
        for pair in entry.samples.clone() {
            for mut request in [pair.incorrect.request, pair.correct.request] {
                let rest = request.url.split_once("://").map_or("", |(_, r)| r);
                let path = rest.find('/').map_or("/", |i| &rest[i..]);
                request.url = format!("{HOST}{path}");
                out.push(request);
            }
        }
    }
    out
}

/// Fragments hostile to some language or shell, joined at random into values.
const FRAGMENTS: &[&str] = &[
    "'; rm -rf ~; '",
    "\"; rm -rf ~; \"",
    "$HOME",
    "$(id)",
    "`id`",
    "\\",
    "\\\\",
    "\\n",
    "\"",
    "'",
    "!",
    "!!",
    "#{x}",
    "#$x",
    "{",
    "}}",
    "{0}",
    "%",
    "%20",
    "%s",
    "+",
    "&",
    "=",
    "?",
    "#",
    "@",
    ":",
    ";",
    "\\=",
    "-x",
    "*",
    "~",
    "$",
    "${",
    "${lower}",
    "${ACCESS_TOKEN",
    "'@",
    "\"\"\"",
    "*/",
    "<?php",
    "?>",
    "</script>",
    " ",
    "\t",
    "é",
    "日本語",
    "😀",
    "‘’“”",
    "\n",
    "\r\n",
    "\r",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{feff}",
    "\u{202e}",
    "\u{2028}",
    "\u{200b}",
];

/// Text for bodies, query and form values: anything but NUL, which no shell argument can hold.
fn text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "[ -~]{0,4}",
        1 => Just("${ACCESS_TOKEN}".to_owned()),
    ];
    proptest::collection::vec(fragment, 0..5).prop_map(|parts| parts.concat())
}

/// A header value: visible ASCII, space and tab inside, never at either end (HTTP trims them), and
/// no CR or LF (a header field is one line).
fn header_value() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS)
            .prop_filter("header-safe", |f| f.chars().all(|c| c == '\t' || (' '..='~').contains(&c)))
            .prop_map(str::to_owned),
        1 => "[!-~]{1,6}",
        1 => Just("${ACCESS_TOKEN}".to_owned()),
    ];
    proptest::collection::vec(fragment, 1..4).prop_map(|parts| {
        let v = parts.concat();
        let v = v.trim_matches([' ', '\t']);
        if v.is_empty() {
            "v".to_owned()
        } else {
            v.to_owned()
        }
    })
}

/// A name for a query parameter or form field: any non-empty text.
fn name() -> impl Strategy<Value = String> {
    text().prop_map(|t| if t.is_empty() { "k".to_owned() } else { t })
}

fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1_000_000i64..1_000_000).prop_map(Value::from),
        proptest::sample::select(&[0.5, -2.25, 1e-3, 12345.678][..]).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((name(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
enum BodyKind {
    None,
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
    Raw(String),
}

fn request() -> impl Strategy<Value = Request> {
    let method = proptest::sample::select(&["GET", "POST", "PUT", "PATCH", "DELETE"][..]);
    let path = proptest::collection::vec(
        prop_oneof![
            // Dot segments are removed by every URL parser, so they never reach a server.
            4 => "[A-Za-z0-9._~-]{1,8}".prop_filter("no dot segment", |s| s != "." && s != ".."),
            1 => Just("${TENANT_ID}".to_owned()),
        ],
        1..4,
    );
    let own_query = proptest::option::of(Just("a=1&b=x%20y".to_owned()));
    let query = proptest::collection::vec((name(), text()), 0..4);
    let header_names = proptest::sample::select(
        &[
            "Authorization",
            "Accept",
            "X-Api-Key",
            "X-Request-Id",
            "If-None-Match",
            "Cache-Control",
            "X-Custom",
        ][..],
    );
    let headers = proptest::collection::vec(
        (
            header_names,
            proptest::collection::vec(header_value(), 1..3),
        ),
        0..4,
    );
    let body = prop_oneof![
        Just(BodyKind::None),
        json().prop_map(BodyKind::Json),
        proptest::collection::vec((name(), text()), 0..4).prop_map(BodyKind::Form),
        text().prop_map(BodyKind::Raw),
    ];
    (method, path, own_query, query, headers, body).prop_map(
        |(method, path, own_query, query, headers, body)| {
            let mut url = format!("{HOST}/{}", path.join("/"));
            if let Some(q) = own_query {
                url.push('?');
                url.push_str(&q);
            }
            let mut header_map: IndexMap<String, HeaderValue> = IndexMap::new();
            for (name, values) in headers {
                let value = if values.len() == 1 {
                    HeaderValue::One(values[0].clone())
                } else {
                    HeaderValue::Many(values)
                };
                header_map.insert(name.to_owned(), value);
            }
            let mut request = Request {
                method: method.to_owned(),
                url,
                query: query.into_iter().collect(),
                headers: header_map,
                json: None,
                form: None,
                body: None,
                multipart: None,
            };
            // Bodies only where every client sends one (fetch refuses a GET body).
            if matches!(method, "POST" | "PUT" | "PATCH") {
                match body {
                    BodyKind::None => {}
                    BodyKind::Json(v) => request.json = Some(v),
                    BodyKind::Form(f) => request.form = Some(f.into_iter().collect()),
                    BodyKind::Raw(r) => request.body = Some(r),
                }
            }
            request
        },
    )
}

/// How many hostile requests each executed language runs (`ERRDOCS_SAMPLE_CASES`, default 40).
pub(crate) fn hostile_count() -> usize {
    std::env::var("ERRDOCS_SAMPLE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

/// The hostile requests: the same for every language and every run (`ERRDOCS_SAMPLE_SEED` picks
/// another set).
pub(crate) fn hostile(count: usize) -> Vec<Request> {
    let seed: u64 = std::env::var("ERRDOCS_SAMPLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = request();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

/// Every case for an executed language: representative, catalog, hostile.
pub(crate) fn all() -> Vec<Request> {
    let mut out = representative();
    out.extend(multipart());
    out.extend(catalog());
    out.extend(hostile(hostile_count()));
    out
}
