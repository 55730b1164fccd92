//! A deterministic synthetic site folder of any size, for benchmarks and scale tests.
//!
//! [`site_files`] returns an `errdocs.toml` and a `content/` tree of `n` realistic entries (prose in
//! every field, a response with header fields and a JSON body, two sample pairs, fix steps, related
//! links) plus status overviews, comparisons, decision trees and guides in proportion. The same options
//! always give the same bytes, and entry `i` does not depend on how many entries there are, so a
//! catalog of 1,000 entries is the first 1,000 entries of one of 100,000 (only their `related` links
//! differ). Every file is built from the model types and serialised with serde, so it always loads.
//! This module writes files only in [`write_site`]. It is a benchmark tool, outside the library: the
//! benches, `examples/gen_catalog.rs` and the scale tests include it with `#[path]`, and nothing in
//! errdocs itself knows its words, keys or shapes.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::json;

use errdocs::catalog::model::{
    Comparison, ComparisonRow, Entry, GuideMeta, HeaderValue, Reference, Request, Response, Sample,
    SamplePair, Section, StatusPage, Tree, TreeAnswer, TreeNode,
};
use errdocs::catalog::reason::reason_phrase;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct SynthOptions {
    /// Number of error entries.
    pub entries: usize,
    /// Seed of every random choice; the same seed gives the same site.
    pub seed: u64,
}

impl Default for SynthOptions {
    fn default() -> Self {
        Self {
            entries: 1000,
            seed: 7,
        }
    }
}

/// A generated file: its path relative to the site folder and its text.
#[derive(Debug, Clone)]
pub struct SynthFile {
    /// Relative path, e.g. `content/errors/404/missing-order-1a.yaml`.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// Statuses entries are spread over, with relative weights (how often an API documents each). Only
/// client errors: a sample pair's incorrect side must fail with a 4xx (the `incorrect-sample-status`
/// lint), which a server error's request cannot honestly show.
const STATUSES: &[(u16, u32)] = &[
    (400, 14),
    (401, 10),
    (402, 2),
    (403, 8),
    (404, 10),
    (405, 2),
    (406, 1),
    (409, 5),
    (410, 1),
    (412, 2),
    (413, 2),
    (415, 2),
    (422, 10),
    (428, 1),
    (429, 6),
    (431, 1),
];

const RESOURCES: &[&str] = &[
    "order",
    "invoice",
    "customer",
    "payment",
    "refund",
    "subscription",
    "webhook",
    "upload",
    "project",
    "member",
    "session",
    "api-key",
    "report",
    "export",
    "shipment",
    "product",
    "coupon",
    "ledger",
    "dataset",
    "workspace",
];
const PROBLEMS: &[&str] = &[
    "expired",
    "missing",
    "malformed",
    "duplicate",
    "stale",
    "oversized",
    "unsupported",
    "revoked",
    "throttled",
    "locked",
    "archived",
    "unverified",
    "mismatched",
    "truncated",
    "unsigned",
    "conflicting",
    "unknown",
    "disabled",
    "pending",
    "invalid",
];
const QUALIFIERS: &[&str] = &[
    "after a retry",
    "on bulk import",
    "from a mobile client",
    "behind a proxy",
    "in the sandbox",
    "during a migration",
    "with an old SDK",
    "across regions",
    "on the first request",
    "under load",
    "with a cached token",
    "from a background job",
];
const CLIENTS: &[&str] = &[
    "the client",
    "a background worker",
    "the mobile app",
    "an integration partner",
    "the CLI",
    "a browser app",
    "the SDK",
    "a scheduled job",
];
const FIELDS: &[&str] = &[
    "customer_id",
    "amount",
    "currency",
    "email",
    "quantity",
    "due_date",
    "reference",
    "callback_url",
    "locale",
    "plan",
    "region",
    "external_id",
];
const HEADERS: &[&str] = &[
    "If-Match",
    "Idempotency-Key",
    "Content-Type",
    "Accept",
    "X-Request-Id",
    "Authorization",
    "Prefer",
    "Accept-Language",
];
const CAUSES: &[&str] = &[
    "it reuses a value cached before the last deployment",
    "a proxy rewrites the request on the way",
    "two workers race on the same record",
    "the retry logic replays the request without changes",
    "the clock of the calling host drifts by several minutes",
    "the configuration still points at the old environment",
    "a library upgrade changed the default serialisation",
    "the request is built from user input that was never validated",
    "the account was changed by an administrator in the meantime",
    "the rate of requests grows faster than the quota",
];
const ADVICE: &[&str] = &[
    "Log the request identifier from the response, so support can find the server side of the story.",
    "Read the problem `type` URI before the message: it is stable, the text is not.",
    "Retry only when the documentation says the request is safe to repeat.",
    "Keep the exact reason in the server logs; the body stays generic.",
    "Check the value on the client before sending, so the user sees the problem at once.",
    "Compare the failing request with a working one field by field; the difference is usually small.",
    "Update the SDK: recent versions handle this case and surface a typed error.",
    "Alert on a sudden rise of this error: it usually follows a deployment.",
];
const VERBS: &[&str] = &[
    "rejects",
    "refuses",
    "cannot process",
    "does not accept",
    "stops at",
    "fails on",
];

/// A small, fast, seedable generator (SplitMix64): deterministic on every platform.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        let mut r = Self(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The status of entry `i`: a weighted, deterministic choice.
fn status_of(seed: u64, i: usize) -> u16 {
    let total: u32 = STATUSES.iter().map(|s| s.1).sum();
    let mut r = Rng::new(seed, i as u64 * 2 + 1);
    let mut at = u32::try_from(r.next() % u64::from(total)).unwrap_or(0);
    for (status, weight) in STATUSES {
        if at < *weight {
            return *status;
        }
        at -= weight;
    }
    400
}

/// The id of entry `i`, e.g. `404/stale-order-2s`.
#[must_use]
pub fn entry_id(seed: u64, i: usize) -> String {
    let mut r = Rng::new(seed, i as u64 * 2);
    let problem = r.pick(PROBLEMS);
    let resource = r.pick(RESOURCES);
    format!(
        "{}/{problem}-{resource}-{}",
        status_of(seed, i),
        base36(i as u64)
    )
}

fn base36(mut n: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The indefinite article for `word`.
fn an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Writes prose: sentences about one error, from templates and word lists.
struct Prose<'a> {
    r: &'a mut Rng,
    resource: &'a str,
    problem: &'a str,
    status: u16,
}

impl Prose<'_> {
    fn sentence(&mut self) -> String {
        let (res, prob, st) = (self.resource, self.problem, self.status);
        let client = self.r.pick(CLIENTS);
        let field = self.r.pick(FIELDS);
        let header = self.r.pick(HEADERS);
        let cause = self.r.pick(CAUSES);
        let verb = self.r.pick(VERBS);
        let a_prob = format!("{} {prob}", an(prob));
        match self.r.below(8) {
            0 => format!(
                "The server {verb} the {res} request when {client} sends {a_prob} `{field}` value, and answers {st} instead of applying it."
            ),
            1 => format!(
                "This happens most often because {cause}, so the same request works again once the cause is gone."
            ),
            2 => format!(
                "Look at the `{header}` field of the request as it leaves {client}: it is the first place where {a_prob} value shows."
            ),
            3 => format!(
                "A {st} here is not a network problem, and repeating the request unchanged gives exactly the same answer."
            ),
            4 => format!(
                "The response body is a problem details object whose `type` names this case, and whose `detail` mentions the {res}."
            ),
            5 => format!(
                "When {client} reads `{field}` from its own cache, the value can be {prob} long before anyone notices it."
            ),
            6 => format!(
                "Servers behind a gateway may add their own `{header}` handling, which explains why only some environments fail."
            ),
            _ => format!(
                "Once the {res} is fixed on the client side, the next request succeeds without any change on the server."
            ),
        }
    }

    fn sentences(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Everything entry generation needs to know about the rest of the catalog.
struct Catalog<'a> {
    seed: u64,
    entries: usize,
    guides: &'a [String],
}

impl Catalog<'_> {
    /// A link to another entry near `i` (entries are independent of one another, so any works).
    fn other(&self, r: &mut Rng, i: usize) -> String {
        let span = self.entries.clamp(2, 50);
        let j = (i + 1 + r.below(span - 1)) % self.entries;
        entry_id(self.seed, j)
    }
}

fn problem_body(status: u16, slug: &str, title: &str, detail: &str) -> serde_json::Value {
    json!({
        "type": format!("https://api.example.com/problems/{slug}"),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": format!("/v1/requests/{}", base36(u64::from(status) * 7919 + slug.len() as u64)),
    })
}

fn header_map(pairs: &[(&str, String)]) -> IndexMap<String, HeaderValue> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), HeaderValue::One(v.clone())))
        .collect()
}

/// The header fields RFC 9110 requires (or strongly expects) with a status.
fn required_headers(status: u16) -> Vec<(&'static str, String)> {
    match status {
        401 => vec![(
            "WWW-Authenticate",
            "Bearer realm=\"api\", error=\"invalid_token\"".to_owned(),
        )],
        405 => vec![("Allow", "GET, HEAD".to_owned())],
        429 => vec![("Retry-After", "120".to_owned())],
        _ => Vec::new(),
    }
}

fn error_response(status: u16, slug: &str, title: &str, detail: &str) -> Response {
    let mut headers = vec![("Date", "Thu, 15 Jan 2026 12:00:00 GMT".to_owned())];
    headers.extend(required_headers(status));
    headers.push(("Content-Type", "application/problem+json".to_owned()));
    headers.push(("Cache-Control", "no-store".to_owned()));
    Response {
        status,
        reason: None,
        headers: header_map(&headers),
        body: Some(problem_body(status, slug, title, detail)),
    }
}

fn request(r: &mut Rng, resource: &str, fixed: bool) -> Request {
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    let method = methods[r.below(methods.len())];
    let id = base36(r.next() % 1_000_000);
    let mut headers = vec![
        (
            "Authorization",
            if fixed {
                "Bearer ${ACCESS_TOKEN}".to_owned()
            } else {
                "Bearer ${OLD_ACCESS_TOKEN}".to_owned()
            },
        ),
        ("Accept", "application/json".to_owned()),
    ];
    if method != "GET" && method != "DELETE" {
        headers.push(("Idempotency-Key", format!("{resource}-{id}")));
    }
    let json = matches!(method, "POST" | "PUT" | "PATCH").then(|| {
        let mut body = serde_json::Map::new();
        for _ in 0..3 {
            let field = r.pick(FIELDS);
            body.insert(
                field.to_owned(),
                json!(format!("{}-{}", field.replace('_', "-"), id)),
            );
        }
        body.insert(
            "quantity".to_owned(),
            json!(if fixed { 1 + r.below(9) } else { 0 }),
        );
        serde_json::Value::Object(body)
    });
    let mut query = IndexMap::new();
    if method == "GET" {
        query.insert("limit".to_owned(), "50".to_owned());
        query.insert("expand".to_owned(), "customer".to_owned());
    }
    Request {
        method: method.to_owned(),
        url: format!("https://api.example.com/v1/{resource}s/{id}"),
        query,
        headers: header_map(&headers),
        json,
        form: None,
        body: None,
        multipart: None,
    }
}

fn pair(r: &mut Rng, prose: &mut Prose<'_>, n: usize) -> SamplePair {
    let resource = prose.resource;
    let incorrect = request(r, resource, false);
    let mut correct = incorrect.clone();
    correct.headers.insert(
        "Authorization".to_owned(),
        HeaderValue::One("Bearer ${ACCESS_TOKEN}".to_owned()),
    );
    if let Some(serde_json::Value::Object(body)) = &mut correct.json {
        body.insert("quantity".to_owned(), json!(1 + n));
    }
    let ok_body = json!({
        "id": format!("{}_{}", &resource[..3.min(resource.len())], base36(r.next() % 100_000)),
        "object": resource,
        "status": "active",
        "created": 1_768_478_400 + r.below(86_400),
    });
    SamplePair {
        title: capitalize(&format!(
            "{} the {resource} request with a {} value",
            if n == 0 { "Send" } else { "Retry" },
            if n == 0 { "current" } else { "corrected" }
        )),
        description: Some(prose.sentences(2)),
        incorrect: Sample {
            request: incorrect,
            response: None,
            variant: None,
            later: None,
            given: None,
            note: Some(prose.sentence()),
        },
        correct: Sample {
            request: correct,
            variant: None,
            later: None,
            given: None,
            response: Some(Response {
                status: 200,
                reason: None,
                headers: header_map(&[("Content-Type", "application/json".to_owned())]),
                body: Some(ok_body),
            }),
            note: Some(prose.sentence()),
        },
    }
}

fn entry(cat: &Catalog<'_>, i: usize) -> (String, Entry) {
    let id = entry_id(cat.seed, i);
    let status = status_of(cat.seed, i);
    let slug = id.split('/').nth(1).unwrap_or("x").to_owned();
    let mut r = Rng::new(cat.seed, i as u64 * 2);
    let problem = r.pick(PROBLEMS);
    let resource = r.pick(RESOURCES);
    let mut text_rng = Rng::new(cat.seed ^ 0xABCD, i as u64);
    let qualifier = text_rng.pick(QUALIFIERS);
    let title = capitalize(&format!("{problem} {resource} {qualifier}"));
    let related_one = cat.other(&mut text_rng, i);
    let related_two = cat.other(&mut text_rng, i);
    let guide = cat.guides[i % cat.guides.len()].clone();
    let mut prose = Prose {
        r: &mut text_rng,
        resource,
        problem,
        status,
    };
    let summary = format!(
        "The {resource} request carries {} {problem} value, so the server answers `{status}`; correct the value and send it again.",
        an(problem)
    );
    let mut details = format!(
        "{}\n\n{} See [the related case](@{related_one}) and [RFC 9110 §15](https://www.rfc-editor.org/rfc/rfc9110#section-15).",
        prose.sentences(3),
        prose.sentences(2),
    );
    if i.is_multiple_of(2) {
        details.push_str(&format!(
            "\n\nA request that shows it:\n\n```http\nGET /v1/{resource}s/42 HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer example-token\n```\n"
        ));
    }
    let recognize = (0..3).map(|_| prose.sentence()).collect();
    let causes = (0..3)
        .map(|_| {
            let c = prose.r.pick(CAUSES);
            format!(
                "{} {}",
                capitalize(c),
                "— the request looks fine in the client's own logs."
            )
        })
        .collect();
    let detail = prose.sentence();
    let response = error_response(status, &slug, &title, &detail);
    let samples = (0..2)
        .map(|n| pair(&mut r, &mut prose, n))
        .collect::<Vec<_>>();
    let fix = vec![
        format!("Read the `type` of the problem body: it names this case (`{slug}`)."),
        prose.sentence(),
        prose.r.pick(ADVICE).to_owned(),
        format!(
            "Send the request again, and see [the {status} overview](@status/{status}) if it still fails."
        ),
    ];
    let entry = Entry {
        code: None,
        problem_type: None,
        order: None,
        variants: Vec::new(),
        varies: Vec::new(),
        allow: Vec::new(),
        status,
        title,
        summary,
        schemes: if status == 401 || status == 403 {
            vec!["Bearer".to_owned()]
        } else {
            Vec::new()
        },
        tags: vec![
            resource.to_owned(),
            problem.to_owned(),
            format!("{}xx", status / 100),
        ],
        details: Some(details),
        recognize,
        causes,
        response,
        samples,
        fix,
        related: vec![related_one, related_two, guide],
        references: vec![Reference {
            title: format!(
                "RFC 9110 §15 — {status} {}",
                reason_phrase(status).unwrap_or("")
            ),
            url: "https://www.rfc-editor.org/rfc/rfc9110#section-15".to_owned(),
        }],
    };
    (id, entry)
}

fn status_page(seed: u64, status: u16) -> StatusPage {
    let reason = reason_phrase(status).unwrap_or("Error");
    let mut r = Rng::new(seed ^ 0x5757, u64::from(status));
    let mut prose = Prose {
        r: &mut r,
        resource: "request",
        problem: "rejected",
        status,
    };
    StatusPage {
        allow: Vec::new(),
        status,
        title: format!("{status} {reason}"),
        summary: format!(
            "The server answers `{status} {reason}`; the cases below tell the reasons apart."
        ),
        definition: format!("{}\n\n{}", prose.sentences(3), prose.sentences(3)),
        requirements: (0..3).map(|_| prose.sentence()).collect(),
        response: Some(error_response(
            status,
            &format!("status-{status}"),
            reason,
            &prose.sentence(),
        )),
        sections: vec![
            Section {
                title: "Retrying".to_owned(),
                body: prose.sentences(4),
            },
            Section {
                title: "Logging".to_owned(),
                body: prose.sentences(3),
            },
        ],
        related: Vec::new(),
        references: vec![Reference {
            title: "RFC 9110 §15".to_owned(),
            url: "https://www.rfc-editor.org/rfc/rfc9110#section-15".to_owned(),
        }],
    }
}

fn comparison(seed: u64, n: usize, statuses: &[u16]) -> Comparison {
    let a = statuses[n % statuses.len()];
    let b = statuses[(n + 1) % statuses.len()];
    let mut r = Rng::new(seed ^ 0xC0C0, n as u64);
    let mut prose = Prose {
        r: &mut r,
        resource: "request",
        problem: "wrong",
        status: a,
    };
    let aspects = [
        "What the server is saying",
        "What the client should do next",
        "Retry with the same request?",
        "Typical causes",
        "What SDKs do",
        "Cacheable?",
    ];
    Comparison {
        title: format!(
            "{a} {} vs {b} {}",
            reason_phrase(a).unwrap_or(""),
            reason_phrase(b).unwrap_or("")
        ),
        summary: format!("When to answer `{a}` and when `{b}`, and what each tells the client."),
        subjects: vec![format!("status/{a}"), format!("status/{b}")],
        intro: Some(prose.sentences(4)),
        rows: aspects
            .iter()
            .map(|aspect| ComparisonRow {
                aspect: (*aspect).to_owned(),
                values: vec![prose.sentence(), prose.sentence()],
            })
            .collect(),
        sections: vec![Section {
            title: "In practice".to_owned(),
            body: prose.sentences(4),
        }],
        references: Vec::new(),
    }
}

fn tree(seed: u64, n: usize, status: u16, targets: &[String]) -> Tree {
    let mut r = Rng::new(seed ^ 0x7EE, n as u64);
    let mut nodes = IndexMap::new();
    let depth = 4;
    for d in 0..depth {
        let leaf = |k: usize| targets[(d * 2 + k) % targets.len()].clone();
        let mut answers = vec![TreeAnswer {
            label: format!("Yes, {}", r.pick(PROBLEMS)),
            next: None,
            entry: Some(leaf(0)),
        }];
        if d + 1 < depth {
            answers.push(TreeAnswer {
                label: "No".to_owned(),
                next: Some(format!("q{}", d + 1)),
                entry: None,
            });
        } else {
            answers.push(TreeAnswer {
                label: "No".to_owned(),
                next: None,
                entry: Some(leaf(1)),
            });
        }
        nodes.insert(
            format!("q{d}"),
            TreeNode {
                question: format!(
                    "Does the `{}` field of the request look {}?",
                    r.pick(HEADERS),
                    r.pick(PROBLEMS)
                ),
                help: Some(format!(
                    "Run the request with `curl -v` and read the field as sent; {}.",
                    r.pick(CAUSES)
                )),
                answers,
            },
        );
    }
    Tree {
        title: format!("Why am I getting a {status}? ({})", n + 1),
        summary: format!(
            "Answer a few questions about the request and land on the {status} case that explains it."
        ),
        status: vec![status],
        start: "q0".to_owned(),
        nodes,
    }
}

fn guide(seed: u64, n: usize, links: &[String]) -> String {
    let mut r = Rng::new(seed ^ 0x6D6D, n as u64);
    let resource = r.pick(RESOURCES);
    let mut prose = Prose {
        r: &mut r,
        resource,
        problem: "failing",
        status: 400,
    };
    let meta = GuideMeta {
        title: format!("Handling {resource} errors ({})", n + 1),
        summary: format!(
            "How clients should react to errors on {resource}s, and how servers should report them."
        ),
        order: Some(i64::try_from(n).unwrap_or(0)),
        related: links.iter().take(3).cloned().collect(),
    };
    let mut body = String::new();
    for (k, heading) in [
        "Before you start",
        "Reading the response",
        "Retrying safely",
        "Testing",
    ]
    .iter()
    .enumerate()
    {
        body.push_str(&format!("## {heading}\n\n{}\n\n", prose.sentences(4)));
        if let Some(link) = links.get(k) {
            body.push_str(&format!(
                "An example is [this case](@{link}). {}\n\n",
                prose.sentences(2)
            ));
        }
        if k == 1 {
            body.push_str(
                "```json\n{\n  \"type\": \"https://api.example.com/problems/example\",\n  \"status\": 400,\n  \"detail\": \"The request is not valid.\"\n}\n```\n\n",
            );
        }
    }
    format!(
        "---\n{}---\n\n{body}",
        serde_yaml::to_string(&meta).unwrap_or_default()
    )
}

fn yaml<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Every file of the synthetic site, in a stable order.
#[must_use]
pub fn site_files(options: &SynthOptions) -> Vec<SynthFile> {
    let n = options.entries.max(1);
    let seed = options.seed;
    let guides_n = (n / 100).max(1);
    let guide_ids: Vec<String> = (0..guides_n)
        .map(|g| format!("guides/topic-{}", g + 1))
        .collect();
    let cat = Catalog {
        seed,
        entries: n,
        guides: &guide_ids,
    };
    let mut files = vec![SynthFile {
        path: "errdocs.toml".into(),
        text: format!(
            "# A synthetic catalog of {n} entries (examples/gen_catalog.rs, seed {seed}).\ntitle = \"Acme API errors\"\ndescription = \"Every error the Acme API returns, and how to fix it.\"\nbase_url = \"/\"\n"
        ),
    }];
    let mut statuses: Vec<u16> = Vec::new();
    let mut by_status: std::collections::BTreeMap<u16, Vec<String>> = Default::default();
    for i in 0..n {
        let (id, e) = entry(&cat, i);
        if !statuses.contains(&e.status) {
            statuses.push(e.status);
        }
        by_status.entry(e.status).or_default().push(id.clone());
        let (status, slug) = id.split_once('/').unwrap_or(("400", "x"));
        files.push(SynthFile {
            path: format!("content/errors/{status}/{slug}.yaml").into(),
            text: yaml(&e),
        });
    }
    statuses.sort_unstable();
    for &status in &statuses {
        files.push(SynthFile {
            path: format!("content/status/{status}.yaml").into(),
            text: yaml(&status_page(seed, status)),
        });
    }
    let comparisons = if statuses.len() < 2 {
        0
    } else {
        (n / 100).max(1)
    };
    for c in 0..comparisons {
        files.push(SynthFile {
            path: format!("content/compare/pair-{}.yaml", c + 1).into(),
            text: yaml(&comparison(seed, c, &statuses)),
        });
    }
    for t in 0..(n / 200).max(1) {
        let status = statuses[t % statuses.len()];
        let targets = &by_status[&status];
        files.push(SynthFile {
            path: format!("content/trees/why-{}.yaml", t + 1).into(),
            text: yaml(&tree(seed, t, status, targets)),
        });
    }
    for (g, id) in guide_ids.iter().enumerate() {
        let links: Vec<String> = (0..4)
            .map(|k| entry_id(seed, (g * 97 + k * 13) % n))
            .collect();
        files.push(SynthFile {
            path: format!("content/{id}.md").into(),
            text: guide(seed, g, &links),
        });
    }
    files.push(SynthFile {
        path: "content/index.md".into(),
        text: format!(
            "---\ntitle: Home\nsummary: The Acme API error reference.\n---\n\nEvery error of the Acme API: {n} documented cases. Not sure which one you have? Start with [the first decision tree](@trees/why-1).\n"
        ),
    });
    files
}

/// Writes the synthetic site into `dir` (created if needed); returns the number of files.
///
/// # Errors
/// The first file or folder that cannot be written.
pub fn write_site(dir: &Path, options: &SynthOptions) -> std::io::Result<usize> {
    let files = site_files(options);
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.text)?;
    }
    Ok(files.len())
}
