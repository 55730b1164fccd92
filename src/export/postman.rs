//! `errdocs export postman`: the catalog as a Postman collection (format v2.1.0) that Postman and
//! Newman run as a test of an API against its docs.
//!
//! A folder per entry (named by its title, its page in the description) holds each pair's two
//! documented requests, incorrect then correct, each named and identified by its side key
//! (`401.expired-token.1.incorrect`, as `catalog.json` and the mock name it). A request is the
//! documented one exactly, built by the same functions every sample and `verify` use
//! ([`wire_headers`], [`wire_body`], [`full_url`]): its origin becomes a base URL variable and each
//! `${NAME}` a collection variable, and Postman's own headers (`User-Agent`, `Postman-Token`, …),
//! cookies and redirects are turned off. Each request carries a test script that checks what
//! [`crate::verify::compare`] checks; the data it checks against is written here, the code is
//! `postman.js`, the same in every request.
//!
//! Sides whose answer depends on something outside the request (`given:`) are sent, but their
//! checks are skipped. A pair whose fix is to send the same request later (`later:`) runs as
//! `verify` sends it: when the correct side's answer is still the pair's documented error, the
//! script waits for the `Retry-After` it asks for (up to `errdocsMaxWait` seconds) and has the run
//! send the same request again, so the run in order never fails on timing.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::catalog::Catalog;
use crate::catalog::model::{FileSource, FormPart, PartContent, Request, Response};
use crate::catalog::resolve::url_of;
use crate::config::Config;
use crate::exchange::{Exchange, Side, exchanges};
use crate::lint::challenge::parse_challenges;
use crate::markdown::plain_text;
use crate::samples::{
    encode_component, full_url, placeholder_names, resolve, wire_body, wire_headers,
};
use crate::verify::{IDENTIFYING, MEANINGFUL};

/// The schema a collection says it follows.
pub const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// What `x-errdocs.generator` says: which program wrote the collection (an `--out` file that says
/// so may be replaced by the next export; Postman and Newman ignore the member).
pub const GENERATOR: &str = concat!("errdocs ", env!("CARGO_PKG_VERSION"));

/// The collection variable that bounds the wait before a pair fixed by waiting is sent again.
pub const MAX_WAIT: &str = "errdocsMaxWait";

/// The code of every request's test script.
const CHECK: &str = include_str!("postman.js");

/// A Postman collection.
#[derive(Debug, Clone, Serialize)]
pub struct Collection {
    info: Info,
    /// One folder per entry with sample pairs, in catalog order.
    pub item: Vec<Folder>,
    /// Base URLs, secrets and the longest wait.
    pub variable: Vec<Variable>,
    #[serde(rename = "x-errdocs")]
    about: About,
}

/// Which program wrote the collection.
#[derive(Debug, Clone, Serialize)]
struct About {
    generator: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Info {
    name: String,
    description: String,
    schema: &'static str,
}

/// The folder of one entry.
#[derive(Debug, Clone, Serialize)]
pub struct Folder {
    /// The entry's id with `.` for `/`: `401.expired-token`.
    pub id: String,
    /// The entry's title.
    pub name: String,
    description: String,
    /// Its requests: each pair's incorrect side, then its correct side.
    pub item: Vec<Item>,
    #[serde(rename = "protocolProfileBehavior")]
    behavior: Behavior,
}

/// One documented side of a pair.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The side key, `401.expired-token.1.incorrect`.
    pub id: String,
    /// The side key too: what a run reports.
    pub name: String,
    description: String,
    request: PostmanRequest,
    event: Vec<Event>,
}

/// How Postman sends: exactly the documented request, nothing it would add on its own.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Behavior {
    /// Redirects are answers to check, as in `verify`.
    follow_redirects: bool,
    /// A cookie from one answer must not change the next request.
    disable_cookies: bool,
    /// A documented body goes with any method.
    disable_body_pruning: bool,
    /// The headers Postman adds by itself; `Host`, `Content-Type` and `Content-Length` stay.
    disabled_system_headers: BTreeMap<&'static str, bool>,
}

impl Behavior {
    fn exact() -> Self {
        Self {
            follow_redirects: false,
            disable_cookies: true,
            disable_body_pruning: true,
            disabled_system_headers: [
                "user-agent",
                "accept",
                "cache-control",
                "postman-token",
                "accept-encoding",
                "connection",
            ]
            .into_iter()
            .map(|name| (name, true))
            .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct PostmanRequest {
    method: String,
    header: Vec<Pair>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Body>,
}

#[derive(Debug, Clone, Serialize)]
struct Pair {
    key: String,
    value: String,
}

#[derive(Debug, Clone, Serialize)]
struct Body {
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    urlencoded: Option<Vec<Pair>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formdata: Option<Vec<FormEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Value>,
}

/// One part of a `formdata` body: a text field, or a file read from `src` (relative to the
/// folder Newman runs in, `--working-dir`: the site folder).
#[derive(Debug, Clone, Serialize)]
struct FormEntry {
    key: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<String>,
    #[serde(rename = "contentType", skip_serializing_if = "Option::is_none")]
    content_type: Option<String>,
}

/// The parts of a multipart body as Postman sends them: it writes its own boundary and names a
/// file part after the file it reads, so a documented `filename` other than the file's own name
/// and a file written inline (sent as a text part with its media type) are not sent exactly.
fn form_entries(parts: &[FormPart]) -> Vec<FormEntry> {
    parts
        .iter()
        .map(|part| match &part.content {
            PartContent::Text(value) => FormEntry {
                key: part.name.clone(),
                kind: "text",
                value: Some(value.clone()),
                src: None,
                content_type: None,
            },
            PartContent::File(file) => {
                let (value, src) = match &file.source {
                    FileSource::Path { path, .. } => (None, Some(path.clone())),
                    FileSource::Inline(text) => (Some(text.clone()), None),
                };
                FormEntry {
                    key: part.name.clone(),
                    kind: if src.is_some() { "file" } else { "text" },
                    value,
                    src,
                    content_type: Some(file.content_type.clone()),
                }
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
struct Event {
    listen: &'static str,
    script: Script,
}

#[derive(Debug, Clone, Serialize)]
struct Script {
    #[serde(rename = "type")]
    kind: &'static str,
    exec: Vec<String>,
}

/// A collection variable.
#[derive(Debug, Clone, Serialize)]
pub struct Variable {
    /// Its name: `baseUrl`, a secret's `NAME`, `errdocsMaxWait`.
    pub key: String,
    /// Its value: the documented origin, empty for a secret.
    pub value: String,
    #[serde(rename = "type")]
    kind: &'static str,
    /// What it is for.
    pub description: String,
}

/// The collection of `catalog`, its pages under the configuration's `base_url`.
#[must_use]
pub fn collection(catalog: &Catalog, config: &Config) -> Collection {
    let all = exchanges(catalog);
    let origins = Origins::of(&all);
    let mut secrets: Vec<String> = Vec::new();
    let mut folders: Vec<Folder> = Vec::new();
    let pages = config.absolute_base().unwrap_or_else(|| config.base_path());
    for x in &all {
        for name in placeholder_names(&x.sample.request) {
            if !secrets.contains(&name) {
                secrets.push(name);
            }
        }
        let folder_id = x.entry.id.replace('/', ".");
        if folders.last().is_none_or(|f| f.id != folder_id) {
            let page = format!("{pages}{}", url_of(&x.entry.id));
            folders.push(Folder {
                id: folder_id,
                name: x.entry.value.title.clone(),
                description: format!(
                    "Page: [{}]({})\n\n{}",
                    markdown_text(&page),
                    link_target(&page),
                    markdown_text(&plain_text(&x.entry.value.summary))
                ),
                item: Vec::new(),
                behavior: Behavior::exact(),
            });
        }
        let error = all
            .iter()
            .find(|o| o.entry.id == x.entry.id && o.pair == x.pair && o.side == Side::Incorrect);
        if let Some(folder) = folders.last_mut() {
            folder.item.push(item(x, error, &origins));
        }
    }
    let mut variable = origins.variables();
    variable.extend(secrets.into_iter().map(|name| Variable {
        description: format!(
            "The secret the docs write as `${{{name}}}`: set it (`--env-var {name}=…` with Newman). \
             `errdocs mock` accepts `{}`.",
            crate::samples::fake_value(&name)
        ),
        key: name,
        value: String::new(),
        kind: "string",
    }));
    variable.push(Variable {
        key: MAX_WAIT.to_owned(),
        value: "60".to_owned(),
        kind: "string",
        description: "The longest wait, in seconds, before a pair whose fix is to wait (`later:`) \
                      is sent again; a longer `Retry-After` skips the check (like `errdocs verify \
                      --max-wait`)."
            .to_owned(),
    });
    Collection {
        info: Info {
            name: config.title.clone(),
            description: format!(
                "Exported by `errdocs export postman` from the catalog of {}: each documented request, with a test script that \
                 checks the documented answer as `errdocs verify` does. Set the base URL \
                 variables to the API under test and each secret variable to a real value.",
                markdown_text(&config.title)
            ),
            schema: SCHEMA,
        },
        item: folders,
        variable,
        about: About {
            generator: GENERATOR,
        },
    }
}

/// The documented origins (`https://api.example.com`) and the variable each is sent to.
struct Origins {
    /// Lower-case origin → variable name, and the origin as first written.
    by_origin: BTreeMap<String, (String, String)>,
}

impl Origins {
    fn of(all: &[Exchange<'_>]) -> Self {
        let mut written: BTreeMap<String, String> = BTreeMap::new();
        for x in all {
            if let Some(origin) = origin(&postman_url(&x.sample.request)) {
                written
                    .entry(origin.to_ascii_lowercase())
                    .or_insert_with(|| origin.to_owned());
            }
        }
        let host = |origin: &str| origin.split_once("://").map_or("", |(_, h)| h).to_owned();
        let mut hosts: HashMap<String, usize> = HashMap::new();
        for origin in written.keys() {
            *hosts.entry(host(origin)).or_default() += 1;
        }
        let by_origin = written
            .into_iter()
            .map(|(lower, origin)| {
                let name = if hosts.len() == 1 && hosts.values().all(|n| *n == 1) {
                    "baseUrl".to_owned()
                } else if hosts[&host(&lower)] == 1 {
                    format!("baseUrl.{}", host(&lower))
                } else {
                    format!("baseUrl.{}", lower.replacen("://", ".", 1))
                };
                (lower, (name, origin))
            })
            .collect();
        Self { by_origin }
    }

    /// `https://api.example.com/v1/me` → `{{baseUrl}}/v1/me`.
    fn apply(&self, url: &str) -> String {
        match origin(url).and_then(|o| self.by_origin.get(&o.to_ascii_lowercase()).map(|v| (o, v)))
        {
            Some((o, (name, _))) => format!("{{{{{name}}}}}{}", &url[o.len()..]),
            None => url.to_owned(),
        }
    }

    fn variables(&self) -> Vec<Variable> {
        self.by_origin
            .values()
            .map(|(name, origin)| Variable {
                key: name.clone(),
                value: origin.clone(),
                kind: "string",
                description: format!(
                    "Where the requests the docs send to `{origin}` go: the API under test (or \
                     `errdocs mock`), as `scheme://host[:port]` with no final slash."
                ),
            })
            .collect()
    }
}

/// The scheme and authority a URL starts with, when it names them.
fn origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (!scheme.is_empty() && end > 0).then(|| &url[..scheme.len() + 3 + end])
}

/// `${NAME}` as Postman writes a variable.
fn variable(name: &str) -> String {
    format!("{{{{{name}}}}}")
}

/// The request with each `${NAME}` as the Postman variable `{{NAME}}`, substituted where the
/// samples substitute values (URL, query, headers, form fields, a raw body).
fn with_variables(request: &Request) -> Request {
    let env: HashMap<String, String> = placeholder_names(request)
        .into_iter()
        .map(|name| {
            let v = variable(&name);
            (name, v)
        })
        .collect();
    resolve(request, &env)
}

/// The URL as sent, with each `${NAME}` as `{{NAME}}`. A query field's value is percent-encoded
/// as every sample encodes it, except the variables, which Postman inserts when it sends.
fn postman_url(request: &Request) -> String {
    let mut url = full_url(&with_variables(request));
    for name in placeholder_names(request) {
        let v = variable(&name);
        url = url.replace(&encode_component(&v), &v);
    }
    url
}

/// Header fields Postman cannot send as documented: it sends the body at once, so `Expect:
/// 100-continue` makes its client fail. They are left out, and the side is not checked.
const UNSENDABLE: [&str; 1] = ["expect"];

/// The documented header fields Postman cannot send.
fn unsendable(request: &Request) -> Vec<String> {
    wire_headers(request)
        .into_iter()
        .filter(|(name, _)| UNSENDABLE.contains(&name.to_ascii_lowercase().as_str()))
        .map(|(name, value)| format!("{name}: {value}"))
        .collect()
}

/// The Postman request of a documented request.
fn postman_request(request: &Request, origins: &Origins) -> PostmanRequest {
    let written = with_variables(request);
    let header = wire_headers(&written)
        .into_iter()
        .filter(|(name, _)| !UNSENDABLE.contains(&name.to_ascii_lowercase().as_str()))
        // Postman writes a multipart body's boundary, and its `Content-Type` with it.
        .filter(|(name, _)| {
            written.multipart.is_none() || !name.eq_ignore_ascii_case("content-type")
        })
        .map(|(key, value)| Pair { key, value })
        .collect();
    let body = if let Some(parts) = &written.multipart {
        Some(Body {
            mode: "formdata",
            raw: None,
            urlencoded: None,
            formdata: Some(form_entries(parts)),
            options: None,
        })
    } else if let Some(form) = &written.form {
        // Postman encodes each field as it sends it, variables included.
        Some(Body {
            mode: "urlencoded",
            raw: None,
            urlencoded: Some(
                form.iter()
                    .map(|(k, v)| Pair {
                        key: k.clone(),
                        value: v.clone(),
                    })
                    .collect(),
            ),
            formdata: None,
            options: None,
        })
    } else {
        wire_body(&written).map(|(bytes, _)| Body {
            mode: "raw",
            raw: Some(String::from_utf8_lossy(&bytes).into_owned()),
            urlencoded: None,
            formdata: None,
            options: Some(serde_json::json!({
                "raw": {"language": if written.json.is_some() { "json" } else { "text" }}
            })),
        })
    };
    PostmanRequest {
        method: request.method.clone(),
        header,
        url: origins.apply(&postman_url(request)),
        body,
    }
}

/// One side as a Postman request with its test script.
fn item(x: &Exchange<'_>, error: Option<&Exchange<'_>>, origins: &Origins) -> Item {
    let key = x.key();
    let later = x.later().map(|_| match x.side {
        Side::Incorrect => "error",
        Side::Correct => "success",
    });
    let left_out = unsendable(&x.sample.request);
    let skip = match x.given() {
        Some(given) => Some(format!(
            "the answer depends on something outside the request: {}",
            plain_text(given)
        )),
        None if !left_out.is_empty() => Some(format!(
            "Postman cannot send `{}` (it sends the body at once), so this is not the documented \
             request",
            left_out.join("`, `")
        )),
        None => None,
    };
    let documented = Documented {
        key: key.clone(),
        expect: expect(x),
        skip,
        later,
        error: match (later, error) {
            (Some("success"), Some(e)) => Some(expect(e)),
            _ => None,
        },
    };
    let data = serde_json::to_string_pretty(&documented).unwrap_or_default();
    let mut exec: Vec<String> = vec![format!(
        "// The documented answer to {key}, as `errdocs export postman` wrote it."
    )];
    exec.extend(
        format!("const documented = {data};")
            .lines()
            .map(str::to_owned),
    );
    exec.extend(CHECK.lines().map(str::to_owned));
    Item {
        id: key.clone(),
        name: key,
        description: describe(x),
        request: postman_request(&x.sample.request, origins),
        event: vec![Event {
            listen: "test",
            script: Script {
                kind: "text/javascript",
                exec,
            },
        }],
    }
}

/// What a request's description says: the pair, the side, its note, and what a run does with it.
fn describe(x: &Exchange<'_>) -> String {
    let side = match x.side {
        Side::Incorrect => "the request that fails",
        Side::Correct => "the request that works",
    };
    let mut out = format!("Pair {}, {}: {side}.", x.pair + 1, markdown_text(x.title()));
    if let Some(note) = &x.sample.note {
        out.push_str("\n\n");
        out.push_str(&markdown_text(&plain_text(note)));
    }
    if let Some(given) = x.given() {
        out.push_str(&format!(
            "\n\n**Not checked in a run:** the answer depends on something outside the request: {}.",
            markdown_text(plain_text(given).trim_end_matches('.'))
        ));
    }
    for field in unsendable(&x.sample.request) {
        out.push_str(&format!(
            "\n\n**Not checked in a run:** the docs send {}, which Postman cannot send (it \
             sends the body at once); it is left out.",
            code_span(&field)
        ));
    }
    if let Some(later) = x.later() {
        out.push_str(&format!(
            "\n\nThe fix is time: the same request, sent again {}. {}",
            markdown_text(&plain_text(later)),
            match x.side {
                Side::Incorrect => "When the answer is not the documented error, its checks are skipped.",
                Side::Correct => "While the answer is still the documented error, the run waits for its `Retry-After` (at most `errdocsMaxWait` seconds) and sends the request again.",
            }
        ));
    }
    out
}

/// The documented side, as its test script reads it.
#[derive(Debug, Serialize)]
struct Documented {
    key: String,
    expect: Expect,
    /// Why the answer is not checked, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    skip: Option<String>,
    /// For a pair whose fix is to wait: `error` on its incorrect side, `success` on its correct one.
    #[serde(skip_serializing_if = "Option::is_none")]
    later: Option<&'static str>,
    /// For the correct side of a pair fixed by waiting: the pair's documented error.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Expect>,
}

/// What `verify` compares of an answer.
#[derive(Debug, Serialize)]
struct Expect {
    /// The status; `None` for a correct side without a documented response (any 2xx or 3xx).
    status: Option<u16>,
    headers: Vec<HeaderCheck>,
    /// The members that identify an error, as documented.
    members: Vec<(String, Value)>,
}

/// One header field's check.
#[derive(Debug, Serialize)]
struct HeaderCheck {
    field: String,
    /// What it checks, in words: `is application/problem+json`.
    says: String,
    /// `media`, `challenge`, `retry-after`, `methods` or `present`.
    check: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    challenges: Option<Vec<ChallengeWant>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    methods: Option<String>,
}

/// A documented challenge: its scheme must be offered, with this `error` parameter.
#[derive(Debug, Serialize)]
struct ChallengeWant {
    scheme: String,
    error: Option<String>,
}

/// The checks of [`crate::verify::compare`] for `x`, as data.
fn expect(x: &Exchange<'_>) -> Expect {
    let entry = &x.entry.value;
    let varies = |name: &str| entry.varies.iter().any(|v| v.eq_ignore_ascii_case(name));
    let Some(documented) = x.response else {
        return Expect {
            status: None,
            headers: Vec::new(),
            members: Vec::new(),
        };
    };
    let headers = documented
        .headers
        .iter()
        .filter(|(name, _)| {
            MEANINGFUL.contains(&name.to_ascii_lowercase().as_str()) && !varies(name)
        })
        .map(|(name, value)| header_check(name, &value.values().join(", ")))
        .collect();
    Expect {
        status: Some(documented.status),
        headers,
        members: identifying(documented, &varies),
    }
}

/// The members of an error's JSON body that identify it (a success body holds the API's data).
fn identifying(documented: &Response, varies: &dyn Fn(&str) -> bool) -> Vec<(String, Value)> {
    let Some(body) = documented
        .body
        .as_ref()
        .filter(|b| documented.status >= 400 && b.is_object())
    else {
        return Vec::new();
    };
    IDENTIFYING
        .iter()
        .filter(|m| !varies(&format!("/{m}")))
        .filter_map(|m| body.get(*m).map(|v| ((*m).to_owned(), v.clone())))
        .collect()
}

fn header_check(name: &str, want: &str) -> HeaderCheck {
    let mut check = HeaderCheck {
        field: name.to_owned(),
        says: "is present".to_owned(),
        check: "present",
        media: None,
        challenges: None,
        methods: None,
    };
    match name.to_ascii_lowercase().as_str() {
        "content-type" => {
            let media = want
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            check.says = format!("is {media}");
            check.check = "media";
            check.media = Some(media);
        }
        "www-authenticate" | "proxy-authenticate" => {
            // A documented value that does not parse is `invalid-challenge`'s to report; the
            // field must still be there.
            if let Ok(parsed) = parse_challenges(&crate::lint::mask_placeholders(want)) {
                let wants: Vec<ChallengeWant> = parsed
                    .iter()
                    .map(|c| ChallengeWant {
                        scheme: c.scheme.clone(),
                        error: c.param("error").map(|p| p.value.clone()),
                    })
                    .collect();
                let says: Vec<String> = wants
                    .iter()
                    .map(|w| match &w.error {
                        Some(e) => format!("{} with error=\"{e}\"", w.scheme),
                        None => format!("{} without error", w.scheme),
                    })
                    .collect();
                check.says = format!("offers {}", says.join(", and "));
                check.check = "challenge";
                check.challenges = Some(wants);
            }
        }
        "retry-after" => {
            check.says = "is seconds or an HTTP-date".to_owned();
            check.check = "retry-after";
        }
        "allow" => {
            let mut methods: Vec<String> = want
                .split(',')
                .map(|m| m.trim().to_ascii_uppercase())
                .filter(|m| !m.is_empty())
                .collect();
            methods.sort();
            let methods = methods.join(", ");
            check.says = format!("lists {methods}");
            check.check = "methods";
            check.methods = Some(methods);
        }
        _ => {}
    }
    check
}

/// Plain text for a Markdown description: every character Markdown could read as markup is
/// escaped (inline markup anywhere, block markup at the start of a line).
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        for (at, c) in line.char_indices() {
            let block = (at == 0 && matches!(c, '-' | '+' | '='))
                || (at == digits && digits > 0 && matches!(c, '.' | ')'));
            if block || "\\`*_[]<>#|~&!".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// `text` as a Markdown code span: fenced by more backticks than it holds in a row.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// A URL as a Markdown link's target: nothing that ends the link or starts markup.
fn link_target(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            '(' | ')' | '<' | '>' | ' ' | '\\' | '`' => encode_component(&c.to_string()),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_the_scheme_and_authority_a_url_starts_with() {
        assert_eq!(
            origin("https://API.example.com:8443/v1?x"),
            Some("https://API.example.com:8443")
        );
        assert_eq!(origin("https://a.example"), Some("https://a.example"));
        assert_eq!(origin("/relative"), None);
    }

    #[test]
    fn plain_text_is_escaped_for_markdown() {
        assert_eq!(markdown_text("Use *x* <b>"), "Use \\*x\\* \\<b\\>");
        assert_eq!(markdown_text("- a\n1. b-c"), "\\- a\n1\\. b-c");
        assert_eq!(code_span("a ``b`` c"), "``` a ``b`` c ```");
        assert_eq!(link_target("/docs/a b/(x)"), "/docs/a%20b/%28x%29");
    }
}
