//! The documented exchanges of a catalog: every sample side as a concrete request (each `${NAME}`
//! replaced by its fake value, `example-name`, as the raw HTTP sample shows it) with the response it
//! gets, and what tells it apart from the other side of its pair.
//!
//! A pair's two requests differ in what makes the sub-scenario: a header present or absent, its
//! value, a query field, a member of the JSON body, the method. Those differences are each side's
//! [`Constraint`]s; a request matches a side when it has the side's method and path and meets every
//! one of its constraints, whatever else it carries (clients add `User-Agent`, `Accept`, …). `mock`
//! answers with the matching side's response, the ambiguity lint asks whether two sides with
//! different responses can match the same request, and `verify` sends the sides' requests. This is a
//! view of the resolved catalog: it reads no files.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::catalog::Catalog;
use crate::catalog::load::Loaded;
use crate::catalog::model::{Entry, PartContent, Request, Response, Sample, SamplePair};
use crate::samples::{full_url, wire_body, wire_headers, with_fake_values};

/// Which side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The request that fails.
    Incorrect,
    /// The request that works.
    Correct,
}

impl Side {
    /// `incorrect` or `correct`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Incorrect => "incorrect",
            Self::Correct => "correct",
        }
    }
}

/// A part of a request where a side of a pair differs from the other side, or that carries one of
/// its secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// The scheme and host the request is for (lower-case, the host with its port), when the two
    /// sides go to different origins. A part the request does not name (a plain request to the
    /// mock names no scheme; one sent to its own address, no documented host) tells nothing and
    /// meets it.
    Origin(String, String),
    /// A header field (lower-case name): its values joined by `, `, or absent.
    Header(String, Option<String>),
    /// A query field: its values joined by `,`, or absent.
    Query(String, Option<String>),
    /// A member of the JSON body at a JSON Pointer (`""` for the whole body), or absent.
    Json(String, Option<Value>),
    /// A form field: its value, or absent.
    Form(String, Option<String>),
    /// The raw body, exactly (empty when there is none).
    Body(String),
    /// A part of a multipart body, by its name: what it must be.
    Part(String, PartRule),
}

/// What a [`Constraint::Part`] asks of one part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartRule {
    /// The body has no part of that name.
    Absent,
    /// The body has a part of that name.
    Present,
    /// The part's `filename` (none: a text field, or a file sent without one).
    Filename(Option<String>),
    /// The part's media type (lower-case, without parameters; none: it names no type).
    MediaType(Option<String>),
    /// The part holds at least this many bytes (the larger of two documented sizes).
    AtLeast(usize),
    /// The part holds at most this many bytes (the smaller of two documented sizes).
    AtMost(usize),
    /// The part holds exactly these bytes (a text field's value, or two files of one size).
    Bytes(Vec<u8>),
}

impl Constraint {
    /// What a request must have to meet it, in words: `Authorization is "Bearer example-…"`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Origin(scheme, host) => format!("for `{scheme}://{host}`"),
            Self::Header(name, Some(v)) => format!("`{}` is `{v}`", title_case(name)),
            Self::Header(name, None) => format!("no `{}` header", title_case(name)),
            Self::Query(name, Some(v)) => format!("query `{name}` is `{v}`"),
            Self::Query(name, None) => format!("no query field `{name}`"),
            Self::Json(pointer, Some(v)) if pointer.is_empty() => format!("the JSON body is `{v}`"),
            Self::Json(pointer, Some(v)) => format!("JSON `{pointer}` is `{v}`"),
            Self::Json(pointer, None) if pointer.is_empty() => "no JSON body".to_owned(),
            Self::Json(pointer, None) => format!("no JSON member `{pointer}`"),
            Self::Form(name, Some(v)) => format!("form field `{name}` is `{v}`"),
            Self::Form(name, None) => format!("no form field `{name}`"),
            Self::Body(text) if text.is_empty() => "no body".to_owned(),
            Self::Body(_) => "the documented body".to_owned(),
            Self::Part(name, rule) => match rule {
                PartRule::Absent => format!("no part `{name}`"),
                PartRule::Present => format!("a part `{name}`"),
                PartRule::Filename(Some(f)) => format!("part `{name}` has filename `{f}`"),
                PartRule::Filename(None) => format!("part `{name}` has no filename"),
                PartRule::MediaType(Some(t)) => format!("part `{name}` is `{t}`"),
                PartRule::MediaType(None) => format!("part `{name}` names no type"),
                PartRule::AtLeast(n) => format!("part `{name}` has at least {n} bytes"),
                PartRule::AtMost(n) => format!("part `{name}` has at most {n} bytes"),
                PartRule::Bytes(b) => match std::str::from_utf8(b) {
                    Ok(text) if text.len() <= 80 => format!("part `{name}` is `{text}`"),
                    _ => format!("part `{name}` holds the documented {} bytes", b.len()),
                },
            },
        }
    }
}

/// One part of a multipart body as matching sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormField {
    /// Its name.
    pub name: String,
    /// Its `filename`, if it has one.
    pub filename: Option<String>,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// Its content.
    pub bytes: Vec<u8>,
}

impl FormField {
    /// The media type, lower-case and without parameters.
    fn media_type(&self) -> Option<String> {
        self.content_type.as_deref().map(media_type)
    }
}

/// `www-authenticate` → `Www-Authenticate`: field names as people write them.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A request in the parts matching compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Message {
    /// The method.
    pub method: String,
    /// The scheme (`https`), lower-case; empty when unknown.
    pub scheme: String,
    /// The host (and port) the request is for, lower-case; empty when unknown.
    pub host: String,
    /// The path, percent-decoded, starting with `/`.
    pub path: String,
    /// Query fields by name, values in order.
    pub query: BTreeMap<String, Vec<String>>,
    /// Header fields by lower-case name, values in order.
    pub headers: BTreeMap<String, Vec<String>>,
    /// The body.
    pub body: Vec<u8>,
    /// The parts of a `multipart/form-data` body, in order (`None` for any other body).
    pub parts: Option<Vec<FormField>>,
}

impl Message {
    /// The documented request as it is sent: the URL's query with the `query` fields, the headers
    /// with the content type the body implies, and the body as the wire carries it.
    #[must_use]
    pub fn of_request(request: &Request) -> Self {
        let url = full_url(request);
        let scheme = url
            .split_once("://")
            .map_or_else(String::new, |(s, _)| s.to_ascii_lowercase());
        let (host, path, query) = split_url(&url);
        let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in wire_headers(request) {
            headers
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(value);
        }
        Self {
            method: request.method.clone(),
            scheme,
            host,
            path,
            query,
            headers,
            body: wire_body(request)
                .map(|(bytes, _)| bytes)
                .unwrap_or_default(),
            parts: request.multipart.as_ref().map(|parts| {
                parts
                    .iter()
                    .map(|part| {
                        let (filename, content_type) = match &part.content {
                            PartContent::Text(_) => (None, None),
                            PartContent::File(file) => {
                                (Some(file.filename.clone()), Some(file.content_type.clone()))
                            }
                        };
                        FormField {
                            name: part.name.clone(),
                            filename,
                            content_type,
                            bytes: part.bytes().to_vec(),
                        }
                    })
                    .collect()
            }),
        }
    }

    /// The part named `name` of a multipart body.
    fn part(&self, name: &str) -> Option<&FormField> {
        self.parts.as_ref()?.iter().find(|p| p.name == name)
    }

    /// A header's values joined as one field (`, `), if present.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.join(", "))
    }

    fn query_value(&self, name: &str) -> Option<String> {
        self.query.get(name).map(|v| v.join(","))
    }

    fn content_type(&self) -> String {
        self.header("content-type")
            .map(|t| media_type(&t))
            .unwrap_or_default()
    }

    /// The body as JSON, when it is JSON.
    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as form fields, when it is a form.
    fn form(&self) -> Option<BTreeMap<String, String>> {
        (self.content_type() == "application/x-www-form-urlencoded").then(|| {
            let text = String::from_utf8_lossy(&self.body);
            let mut out = BTreeMap::new();
            for (k, v) in parse_query(&text) {
                out.insert(k, v);
            }
            out
        })
    }
}

/// `Application/JSON; Charset=UTF-8` → `application/json`.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A documented side's key: its entry's id with `.` for `/`, the pair's number (from 1) and the
/// side, `401.expired-token.1.incorrect`. Only letters, digits, `-` and `.`: usable as a Prefer
/// token, an OpenAPI component name and a file name.
#[must_use]
pub fn side_key(entry_id: &str, pair: usize, side: Side) -> String {
    format!(
        "{}.{}.{}",
        entry_id.replace('/', "."),
        pair + 1,
        side.name()
    )
}

/// How long a `Retry-After` value asks to wait: a number of seconds, or an HTTP-date counted from
/// `now` (a date already past asks for no wait). `None` when it is neither.
#[must_use]
pub fn retry_delay(value: &str, now: std::time::SystemTime) -> Option<std::time::Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse().ok().map(std::time::Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The host, decoded path and query fields of an absolute (or origin-form) URL.
#[must_use]
pub fn split_url(url: &str) -> (String, String, BTreeMap<String, Vec<String>>) {
    let without_fragment = url.split('#').next().unwrap_or("");
    let (authority_and_path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let (host, path) = match authority_and_path.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        },
        None => ("", authority_and_path),
    };
    let host = host.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in parse_query(query) {
        fields.entry(k).or_default().push(v);
    }
    let path = if path.is_empty() { "/" } else { path };
    (host, percent_decode(path), fields)
}

/// `a=1&b=x%20y` → `[("a", "1"), ("b", "x y")]`; `+` is a space (forms and most servers agree).
fn parse_query(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            (decode(k), decode(v))
        })
        .collect()
}

/// `%XX` escapes to bytes, read as UTF-8 (invalid sequences replaced).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every leaf of a JSON value by its JSON Pointer.
fn leaves(value: &Value, pointer: &str, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                leaves(v, &format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {
            out.insert(pointer.to_owned(), value.clone());
        }
    }
}

/// The constraints that tell `this` side from `other`, as `this` meets them.
#[must_use]
pub fn constraints(this: &Message, other: &Message) -> Vec<Constraint> {
    let mut out = Vec::new();
    let names: std::collections::BTreeSet<&String> =
        this.headers.keys().chain(other.headers.keys()).collect();
    for name in names {
        let (a, b) = (this.header(name), other.header(name));
        let differ = match (&a, &b) {
            (Some(x), Some(y)) if is_media_field(name) => media_type(x) != media_type(y),
            _ => a != b,
        };
        if differ {
            out.push(Constraint::Header(name.clone(), a));
        }
    }
    let names: std::collections::BTreeSet<&String> =
        this.query.keys().chain(other.query.keys()).collect();
    for name in names {
        let a = this.query_value(name);
        if a != other.query_value(name) {
            out.push(Constraint::Query(name.clone(), a));
        }
    }
    if this.body != other.body {
        out.extend(body_constraints(this, other));
    }
    out
}

/// What a side must meet: where it differs from the other side when both go to the same method and
/// path (sides that go to different endpoints are told apart by those), the host when the two
/// hosts differ, and every header or query field that carries a `${NAME}` secret in `written`
/// (the request is that request only with that value).
fn side_constraints(this: &Message, other: &Message, written: &Request) -> Vec<Constraint> {
    let mut out = if this.method == other.method && this.path == other.path {
        constraints(this, other)
    } else {
        Vec::new()
    };
    if (this.host != other.host || this.scheme != other.scheme) && !this.host.is_empty() {
        out.insert(
            0,
            Constraint::Origin(this.scheme.clone(), this.host.clone()),
        );
    }
    let secret = |text: &str| text.contains("${");
    for (name, value) in &written.headers {
        let name = name.to_ascii_lowercase();
        let constrained = out
            .iter()
            .any(|c| matches!(c, Constraint::Header(n, _) if *n == name));
        if !constrained && value.values().iter().any(|v| secret(v)) {
            out.push(Constraint::Header(name.clone(), this.header(&name)));
        }
    }
    for (name, value) in &written.query {
        let constrained = out
            .iter()
            .any(|c| matches!(c, Constraint::Query(n, _) if n == name));
        if !constrained && secret(value) {
            out.push(Constraint::Query(name.clone(), this.query_value(name)));
        }
    }
    out
}

/// Where two multipart bodies differ, part by part: present or absent, and for a part both send
/// the first of its media type, its filename, its size (at least the larger, at most the smaller)
/// or, at one size or for a text field, its bytes that differs.
fn part_constraints(this: &[FormField], other: &[FormField]) -> Vec<Constraint> {
    let mut names: Vec<&String> = Vec::new();
    for part in this.iter().chain(other) {
        if !names.contains(&&part.name) {
            names.push(&part.name);
        }
    }
    let find = |parts: &'_ [FormField], name: &str| -> Option<usize> {
        parts.iter().position(|p| p.name == name)
    };
    let mut out = Vec::new();
    for name in names {
        let rule = |r| Constraint::Part(name.clone(), r);
        match (find(this, name), find(other, name)) {
            (None, _) => out.push(rule(PartRule::Absent)),
            (Some(_), None) => out.push(rule(PartRule::Present)),
            // The most telling difference only: a file of another type usually has another name
            // and size too, and a client sending its own file of the documented type must match.
            (Some(i), Some(j)) => {
                let (a, b) = (&this[i], &other[j]);
                if a.media_type() != b.media_type() {
                    out.push(rule(PartRule::MediaType(a.media_type())));
                } else if a.filename != b.filename {
                    out.push(rule(PartRule::Filename(a.filename.clone())));
                } else if a.bytes != b.bytes {
                    let text = a.filename.is_none() && b.filename.is_none();
                    out.push(rule(match a.bytes.len().cmp(&b.bytes.len()) {
                        _ if text => PartRule::Bytes(a.bytes.clone()),
                        std::cmp::Ordering::Greater => PartRule::AtLeast(a.bytes.len()),
                        std::cmp::Ordering::Less => PartRule::AtMost(a.bytes.len()),
                        std::cmp::Ordering::Equal => PartRule::Bytes(a.bytes.clone()),
                    }));
                }
            }
        }
    }
    out
}

/// Where two bodies differ: part by part when both are multipart (a multipart body against another
/// kind: its parts, present), member by member when both are JSON objects or arrays, field by
/// field when both are forms, else the whole body.
fn body_constraints(this: &Message, other: &Message) -> Vec<Constraint> {
    match (&this.parts, &other.parts) {
        (Some(a), Some(b)) => return part_constraints(a, b),
        (Some(a), None) => {
            return a
                .iter()
                .map(|p| Constraint::Part(p.name.clone(), PartRule::Present))
                .collect();
        }
        (None, _) => {}
    }
    match (this.json(), other.json()) {
        (Some(a), Some(b)) if a.is_object() || a.is_array() => {
            let (mut la, mut lb) = (BTreeMap::new(), BTreeMap::new());
            leaves(&a, "", &mut la);
            leaves(&b, "", &mut lb);
            let pointers: std::collections::BTreeSet<&String> =
                la.keys().chain(lb.keys()).collect();
            pointers
                .into_iter()
                .filter(|p| la.get(*p) != lb.get(*p))
                .map(|p| Constraint::Json(p.clone(), la.get(p).cloned()))
                .collect()
        }
        (Some(a), _) => vec![Constraint::Json(String::new(), Some(a))],
        (None, _) => match (this.form(), other.form()) {
            (Some(a), Some(b)) => {
                let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                names
                    .into_iter()
                    .filter(|n| a.get(*n) != b.get(*n))
                    .map(|n| Constraint::Form(n.clone(), a.get(n).cloned()))
                    .collect()
            }
            _ => vec![Constraint::Body(
                String::from_utf8_lossy(&this.body).into_owned(),
            )],
        },
    }
}

fn is_media_field(name: &str) -> bool {
    name == "content-type"
}

/// Whether `message` meets `constraint`.
#[must_use]
pub fn meets(message: &Message, constraint: &Constraint) -> bool {
    match constraint {
        Constraint::Origin(scheme, host) => {
            (message.host.is_empty() || message.host == *host)
                && (message.scheme.is_empty() || message.scheme == *scheme)
        }
        Constraint::Header(name, None) => match message.header(name) {
            None => true,
            // Clients send `Accept: */*` unless told otherwise: that is no preference at all.
            Some(v) => name == "accept" && v.trim() == "*/*",
        },
        Constraint::Header(name, Some(want)) => message.header(name).is_some_and(|got| {
            if is_media_field(name) {
                media_type(&got) == media_type(want)
            } else {
                got.trim() == want.trim()
            }
        }),
        Constraint::Query(name, want) => message.query_value(name) == *want,
        Constraint::Json(pointer, want) => {
            let got = message.json();
            let at = got.as_ref().and_then(|v| v.pointer(pointer));
            match (at, want) {
                (None, None) => true,
                (Some(a), Some(b)) => json_equal(a, b),
                _ => false,
            }
        }
        Constraint::Form(name, want) => message.form().and_then(|f| f.get(name).cloned()) == *want,
        Constraint::Body(text) => message.body == text.as_bytes(),
        Constraint::Part(name, rule) => {
            let part = message.part(name);
            match rule {
                PartRule::Absent => part.is_none(),
                PartRule::Present => part.is_some(),
                PartRule::Filename(want) => part.is_some_and(|p| p.filename == *want),
                PartRule::MediaType(want) => part.is_some_and(|p| p.media_type() == *want),
                PartRule::AtLeast(n) => part.is_some_and(|p| p.bytes.len() >= *n),
                PartRule::AtMost(n) => part.is_some_and(|p| p.bytes.len() <= *n),
                PartRule::Bytes(want) => part.is_some_and(|p| p.bytes == *want),
            }
        }
    }
}

/// JSON equality where `2` and `2.0` are the same number.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The body of a response as sent: a string as it is, any other value as pretty JSON (what the
/// page shows, what `mock` sends).
#[must_use]
pub fn body_text(body: &Value) -> String {
    match body {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// One documented side of a pair, ready to match and answer.
#[derive(Debug, Clone)]
pub struct Exchange<'a> {
    /// The entry it documents.
    pub entry: &'a Loaded<Entry>,
    /// The pair's index in the entry's samples.
    pub pair: usize,
    /// Which side.
    pub side: Side,
    /// The side as written.
    pub sample: &'a Sample,
    /// The request as matching sees it.
    pub message: Message,
    /// The response this side gets, as documented (`None`: a correct side that documents none).
    pub response: Option<&'a Response>,
    /// What tells it from the other side of its pair.
    pub constraints: Vec<Constraint>,
}

impl Exchange<'_> {
    /// `401.expired-token.1.incorrect`: the side's key, the same in `catalog.json`, the exports
    /// and `Prefer: example=` (see [`side_key`]).
    #[must_use]
    pub fn key(&self) -> String {
        side_key(&self.entry.id, self.pair, self.side)
    }

    /// `401/expired-token#1/incorrect`: the side's name in logs and reports.
    #[must_use]
    pub fn name(&self) -> String {
        format!("{}#{}/{}", self.entry.id, self.pair + 1, self.side.name())
    }

    /// The request as documented, with fake values for its secrets: made when asked for, so that
    /// the exchanges of a large catalog do not each hold a copy.
    #[must_use]
    pub fn request(&self) -> Request {
        with_fake_values(&self.sample.request)
    }

    /// The pair's title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.entry.value.samples[self.pair].title
    }

    /// What must hold outside the request for this side's answer, if the request alone does not
    /// decide it.
    #[must_use]
    pub fn given(&self) -> Option<&str> {
        self.sample.given.as_deref()
    }

    /// Whether the pair's fix is timing: the same request, sent later.
    #[must_use]
    pub fn later(&self) -> Option<&str> {
        self.entry.value.samples[self.pair].correct.later.as_deref()
    }

    /// Whether `message` can be this side: same method and path, and every constraint met.
    #[must_use]
    pub fn accepts(&self, message: &Message) -> bool {
        accepts(&self.message, &self.constraints, message)
    }
}

/// Whether `message` can be the documented request `documented` with `constraints`: same method
/// and path, and every constraint met.
#[must_use]
pub fn accepts(documented: &Message, constraints: &[Constraint], message: &Message) -> bool {
    documented.method == message.method
        && documented.path == message.path
        && constraints.iter().all(|c| meets(message, c))
}

/// How close a documented request is to `message` beyond its constraints: the query fields, header
/// fields and body it shares with it (each the same, present or absent). Breaks ties between
/// sides that meet `message` equally specifically.
#[must_use]
pub fn closeness(documented: &Message, message: &Message) -> usize {
    let names = |a: &BTreeMap<String, Vec<String>>, b: &BTreeMap<String, Vec<String>>| {
        a.keys()
            .chain(b.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter(|k| a.get(*k) == b.get(*k))
            .count()
    };
    names(&documented.query, &message.query)
        + names(&documented.headers, &message.headers)
        + usize::from(documented.body == message.body)
}

/// The documented requests `message` is best answered by, among `candidates` (each a documented
/// request and its constraints): those it can be, most specifically met, then closest. Indices
/// into `candidates`; empty when it can be none of them.
#[must_use]
pub fn best_matches(candidates: &[(&Message, &[Constraint])], message: &Message) -> Vec<usize> {
    let scored: Vec<(usize, (usize, usize))> = candidates
        .iter()
        .enumerate()
        .filter(|(_, (m, c))| accepts(m, c, message))
        .map(|(i, (m, c))| (i, (specificity(c, message), closeness(m, message))))
        .collect();
    let Some(top) = scored.iter().map(|(_, score)| *score).max() else {
        return Vec::new();
    };
    scored
        .into_iter()
        .filter(|(_, score)| *score == top)
        .map(|(i, _)| i)
        .collect()
}

/// How specifically `message` meets `constraints`: two for each value it carries as documented, one
/// for each part it lacks as documented (an absence says less than a value), none for a host
/// constraint met only because the request names no documented host.
#[must_use]
pub fn specificity(constraints: &[Constraint], message: &Message) -> usize {
    constraints
        .iter()
        .map(|c| match c {
            Constraint::Origin(..) if message.host.is_empty() && message.scheme.is_empty() => 0,
            Constraint::Header(_, None)
            | Constraint::Query(_, None)
            | Constraint::Json(_, None)
            | Constraint::Form(_, None)
            | Constraint::Part(_, PartRule::Absent) => 1,
            Constraint::Body(text) if text.is_empty() => 1,
            _ => 2,
        })
        .sum()
}

/// Every documented side of every pair of the catalog, in catalog order. Entries are taken in
/// parallel: a side's message and constraints are the lint's largest single cost at scale.
#[must_use]
pub fn exchanges(catalog: &Catalog) -> Vec<Exchange<'_>> {
    use rayon::prelude::*;
    catalog
        .entries
        .par_iter()
        .flat_map_iter(|entry| {
            entry
                .value
                .samples
                .iter()
                .enumerate()
                .flat_map(move |(i, pair)| pair_exchanges(entry, i, pair))
        })
        .collect()
}

/// The two sides of pair `i` of `entry`, incorrect first.
fn pair_exchanges<'a>(
    entry: &'a Loaded<Entry>,
    i: usize,
    pair: &'a SamplePair,
) -> [Exchange<'a>; 2] {
    let (mi, mc) = (
        Message::of_request(&with_fake_values(&pair.incorrect.request)),
        Message::of_request(&with_fake_values(&pair.correct.request)),
    );
    let (ci, cc) = (
        side_constraints(&mi, &mc, &pair.incorrect.request),
        side_constraints(&mc, &mi, &pair.correct.request),
    );
    [
        (Side::Incorrect, &pair.incorrect, mi, ci),
        (Side::Correct, &pair.correct, mc, cc),
    ]
    .map(|(side, sample, message, constraints)| Exchange {
        entry,
        pair: i,
        side,
        sample,
        message,
        response: entry.value.side_response(sample, side == Side::Incorrect),
        constraints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Message {
        let (host, path, query) = split_url(url);
        Message {
            method: method.into(),
            scheme: url
                .split_once("://")
                .map_or_else(String::new, |(s, _)| s.into()),
            host,
            path,
            query,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), vec![(*v).to_owned()]))
                .collect(),
            body: body.as_bytes().to_vec(),
            parts: None,
        }
    }

    fn upload(yaml: &str) -> Message {
        Message::of_request(&serde_yaml::from_str(yaml).unwrap())
    }

    #[test]
    fn two_uploads_differ_in_the_most_telling_aspect_of_each_part() {
        let head =
            "method: POST\nurl: https://a.example/up\nmultipart:\n- {name: kind, value: invoice}\n";
        let big = upload(&format!(
            "{head}- {{name: doc, content: '0123456789', filename: a.pdf, content-type: application/pdf}}\n"
        ));
        let small = upload(&format!(
            "{head}- {{name: doc, content: '0123', filename: a.pdf, content-type: application/pdf}}\n"
        ));
        let tiff = upload(&format!(
            "{head}- {{name: doc, content: '0123', filename: a.tiff, content-type: image/tiff}}\n"
        ));
        let none = upload(head);
        let part = |r| vec![Constraint::Part("doc".into(), r)];
        assert_eq!(constraints(&big, &small), part(PartRule::AtLeast(10)));
        assert_eq!(constraints(&small, &big), part(PartRule::AtMost(4)));
        assert_eq!(
            constraints(&tiff, &small),
            part(PartRule::MediaType(Some("image/tiff".into())))
        );
        assert_eq!(constraints(&none, &small), part(PartRule::Absent));
        assert_eq!(constraints(&small, &none), part(PartRule::Present));
        // Each side meets its own constraints and not the other's.
        for (a, b) in [(&big, &small), (&tiff, &small), (&none, &small)] {
            assert!(constraints(a, b).iter().all(|c| meets(a, c)));
            assert!(!constraints(a, b).iter().all(|c| meets(b, c)));
        }
        let text = upload(
            "method: POST\nurl: https://a.example/up\nmultipart:\n- {name: kind, value: receipt}\n",
        );
        let kind = upload(head);
        assert_eq!(
            constraints(&text, &kind),
            vec![Constraint::Part(
                "kind".into(),
                PartRule::Bytes(b"receipt".to_vec())
            )]
        );
    }

    #[test]
    fn urls_split_into_host_path_and_query() {
        let (host, path, query) =
            split_url("https://API.example.com:8443/v1/a%20b?x=1&x=2&y=a+b#f");
        assert_eq!(host, "api.example.com:8443");
        assert_eq!(path, "/v1/a b");
        assert_eq!(query["x"], ["1", "2"]);
        assert_eq!(query["y"], ["a b"]);
        assert_eq!(split_url("/only/path").1, "/only/path");
        assert_eq!(split_url("https://h.example").1, "/");
    }

    #[test]
    fn the_difference_of_a_pair_is_what_each_side_must_meet() {
        let missing = message(
            "GET",
            "https://a.example/me",
            &[("Accept", "application/json")],
            "",
        );
        let sent = message(
            "GET",
            "https://a.example/me",
            &[
                ("Accept", "application/json"),
                ("Authorization", "Bearer example-token"),
            ],
            "",
        );
        let c = constraints(&missing, &sent);
        assert_eq!(c, [Constraint::Header("authorization".into(), None)]);
        assert_eq!(c[0].describe(), "no `Authorization` header");
        let c = constraints(&sent, &missing);
        assert_eq!(
            c,
            [Constraint::Header(
                "authorization".into(),
                Some("Bearer example-token".into())
            )]
        );
        // A client's own headers do not stop a match; the documented difference does.
        let mut incoming = missing.clone();
        incoming
            .headers
            .insert("user-agent".into(), vec!["curl/8".into()]);
        incoming.headers.insert("accept".into(), vec!["*/*".into()]);
        assert!(
            constraints(&missing, &sent)
                .iter()
                .all(|k| meets(&incoming, k))
        );
        assert!(
            !constraints(&sent, &missing)
                .iter()
                .all(|k| meets(&incoming, k))
        );
    }

    #[test]
    fn json_bodies_differ_member_by_member() {
        let ct = [("Content-Type", "application/json")];
        let bad = message(
            "POST",
            "https://a.example/o",
            &ct,
            r#"{"sku":"A","quantity":0}"#,
        );
        let good = message(
            "POST",
            "https://a.example/o",
            &ct,
            r#"{"sku":"A","quantity":2}"#,
        );
        let c = constraints(&bad, &good);
        assert_eq!(
            c,
            [Constraint::Json(
                "/quantity".into(),
                Some(serde_json::json!(0))
            )]
        );
        let incoming = message(
            "POST",
            "https://a.example/o",
            &[("Content-Type", "application/json; charset=utf-8")],
            "{\n  \"quantity\": 0.0,\n  \"sku\": \"A\"\n}",
        );
        assert!(c.iter().all(|k| meets(&incoming, k)));
        let raw = message("POST", "https://a.example/o", &ct, r#"{"sku":"A",}"#);
        let c = constraints(&raw, &good);
        assert_eq!(c, [Constraint::Body(r#"{"sku":"A",}"#.into())]);
    }
}
