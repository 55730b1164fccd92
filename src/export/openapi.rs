//! `errdocs export openapi`: the catalog as an OpenAPI 3.1 document.
//!
//! Every documented side of every pair (see [`crate::exchange`]) is one named example, keyed by its
//! side key (`401.expired-token.1.incorrect`, the key `catalog.json` and `Prefer: example=` use), in
//! the response its operation gets with that status. Operations are the documented requests'
//! concrete method and path: errdocs documents concrete requests, and a template guessed from them
//! (`/v1/shipments/{id}`) would merge requests the catalog tells apart. The same path on several
//! documented origins is one path item, with those origins as its servers.
//!
//! Each entry's response is also a component (`components/responses/401.expired-token`), as is
//! each variant (`…/429.rate-limit-exceeded.daily-limit`), holding the examples of every side that
//! gets it; an operation whose sides with one status all get the same one refers to it. Requests
//! are described as far as OpenAPI can: query, header and cookie fields are parameters, a body is
//! the request body, and credentials (`Authorization`, and any field holding a `${NAME}` secret)
//! are security schemes, with the fake values the mock accepts, never real ones. Each example keeps
//! the request as written under `x-errdocs`. This is a view of the resolved catalog: it reads and
//! writes no files.

use indexmap::{IndexMap, IndexSet};
use serde_json::{Value, json};

use crate::catalog::Catalog;
use crate::catalog::model::{HeaderValue, PartContent, Request};
use crate::catalog::resolve::url_of;
use crate::config::Config;
use crate::exchange::{Exchange, Side, exchanges};
use crate::markdown::{escape_text, plain_text};
use crate::openapi::{
    Document, Example, Header, Info, METHODS, MaybeRef, MediaType, Operation, Parameter, PathItem,
    RequestBody, Response, SecurityRequirement, SecurityScheme, Server,
};
use crate::samples::{full_url, wire_headers};

/// What `x-errdocs.generator` says: which program wrote the document (an `--out` file that says so
/// may be replaced by the next export).
pub const GENERATOR: &str = concat!("errdocs ", env!("CARGO_PKG_VERSION"));

/// The name of the RFC 9457 problem details schema in `components/schemas`.
pub const PROBLEM_SCHEMA: &str = "Problem";

/// The OpenAPI document of `catalog`, linking to pages under the configuration's `base_url`.
#[must_use]
pub fn document(catalog: &Catalog, config: &Config) -> Document {
    let sides = exchanges(catalog);
    let export = Export {
        base: config.base_url.trim_end_matches('/').to_owned(),
    };
    let mut doc = Document {
        openapi: Some("3.1.0".to_owned()),
        info: Info {
            title: config.title.clone(),
            description: (!config.description.is_empty()).then(|| config.description.clone()),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        ..Document::default()
    };
    export.components(catalog, &sides, &mut doc);
    let mut left_out = Vec::new();
    // Path → method → sides, paths sorted, methods in the specification's order.
    let mut paths: std::collections::BTreeMap<String, IndexMap<&str, Vec<&Exchange<'_>>>> =
        std::collections::BTreeMap::new();
    for x in &sides {
        let method = x.sample.request.method.to_ascii_lowercase();
        let Some(method) = METHODS.iter().find(|m| **m == method) else {
            left_out.push(json!({
                "key": x.key(),
                "reason": format!("OpenAPI 3.1 has no operation for the method {}", x.sample.request.method),
            }));
            continue;
        };
        paths
            .entry(path_of(&x.request()))
            .or_default()
            .entry(method)
            .or_default()
            .push(x);
    }
    let origins: IndexSet<String> = sides.iter().filter_map(|x| origin_of(x)).collect();
    doc.servers = origins.iter().map(|o| server(o)).collect();
    for (path, methods) in paths {
        let mut item = PathItem::default();
        let mut here: IndexSet<String> = IndexSet::new();
        for (method, on) in &methods {
            here.extend(on.iter().filter_map(|x| origin_of(x)));
            if let Some(slot) = item.operation_mut(method) {
                *slot = Some(export.operation(method, &path, on, &mut doc));
            }
        }
        if origins.len() > 1 && here.len() < origins.len() {
            item.servers = origins
                .iter()
                .filter(|o| here.contains(*o))
                .map(|o| server(o))
                .collect();
        }
        doc.paths.insert(path, item);
    }
    let mut about = json!({ "generator": GENERATOR });
    if !left_out.is_empty() {
        about["left-out"] = Value::Array(left_out);
    }
    doc.x_errdocs = Some(about);
    doc
}

/// What every part of the export needs.
struct Export {
    /// `base_url` without its final slash.
    base: String,
}

/// A header value one side gets, with the side's key.
type KeyedValue<'a> = (&'a str, &'a HeaderValue);

/// One documented answer in a response: the side's key, its response and its example.
struct Answer<'a> {
    key: String,
    response: &'a crate::catalog::model::Response,
    example: Example,
}

impl Export {
    fn page(&self, id: &str) -> String {
        format!("{}/{}", self.base, url_of(id))
    }

    /// The named example of one side: its response body, the pair's title, and where it comes
    /// from (entry, page, pair, side and the request as written).
    fn side_example(&self, x: &Exchange<'_>) -> Example {
        let response = x.response;
        Example {
            summary: Some(format!("{} ({})", x.title(), x.side.name())),
            description: None,
            value: response.and_then(|r| body_value(r, &media_type(r))),
            external_value: None,
            x_errdocs: Some(json!({
                "entry": x.entry.id,
                "page": self.page(&x.entry.id),
                "pair": x.pair + 1,
                "side": x.side.name(),
                "request": x.sample.request,
            })),
        }
    }

    /// `components`: a response (and its examples) per entry and per variant, the problem
    /// details schema when a response is one, and the security schemes the requests use.
    fn components(&self, catalog: &Catalog, sides: &[Exchange<'_>], doc: &mut Document) {
        for entry in &catalog.entries {
            let key = entry_key(&entry.id);
            let mut add = |name: String,
                           title: &str,
                           response: &crate::catalog::model::Response,
                           own_example: Example| {
                let mut answers: Vec<Answer<'_>> = sides
                    .iter()
                    .filter(|x| x.response.is_some_and(|r| std::ptr::eq(r, response)))
                    .map(|x| Answer {
                        key: x.key(),
                        response,
                        example: self.side_example(x),
                    })
                    .collect();
                if answers.is_empty() {
                    answers.push(Answer {
                        key: name.clone(),
                        response,
                        example: own_example,
                    });
                }
                let description = format!(
                    "{} ([{}](<{}>))",
                    escape_text(title),
                    escape_text(&entry.id),
                    angle_safe(&self.page(&entry.id))
                );
                let built = self.response(description, &answers, doc);
                doc.components.responses.insert(name, MaybeRef::Item(built));
            };
            let own = |title: &str, response: &crate::catalog::model::Response| Example {
                summary: Some(title.to_owned()),
                value: body_value(response, &media_type(response)),
                x_errdocs: Some(json!({ "entry": entry.id, "page": self.page(&entry.id) })),
                ..Example::default()
            };
            add(
                key.clone(),
                &entry.value.title,
                &entry.value.response,
                own(&entry.value.title, &entry.value.response),
            );
            for variant in &entry.value.variants {
                add(
                    format!("{key}.{}", variant.name),
                    &variant.title,
                    &variant.response,
                    own(&variant.title, &variant.response),
                );
            }
        }
    }

    /// A response object for `answers`: the header fields they carry (an example each, named by
    /// side key where they differ) and a named example per body, by media type.
    fn response(
        &self,
        description: String,
        answers: &[Answer<'_>],
        doc: &mut Document,
    ) -> Response {
        let mut headers: IndexMap<String, (String, Vec<KeyedValue<'_>>)> = IndexMap::new();
        for a in answers {
            for (name, value) in &a.response.headers {
                let lower = name.to_ascii_lowercase();
                if lower == "content-type" || lower == "content-length" {
                    continue;
                }
                headers
                    .entry(lower)
                    .or_insert_with(|| (name.clone(), Vec::new()))
                    .1
                    .push((&a.key, value));
            }
        }
        let headers = headers
            .into_values()
            .map(|(name, values)| (name, MaybeRef::Item(header(&values, answers.len()))))
            .collect();
        let mut content: IndexMap<String, MediaType> = IndexMap::new();
        for a in answers {
            if a.response.body.is_none() {
                continue;
            }
            let media = media_type(a.response);
            let slot = content.entry(media.clone()).or_default();
            if slot.schema.is_none() && is_problem(&media) {
                slot.schema =
                    Some(json!({ "$ref": format!("#/components/schemas/{PROBLEM_SCHEMA}") }));
                doc.components
                    .schemas
                    .entry(PROBLEM_SCHEMA.to_owned())
                    .or_insert_with(problem_schema);
            }
            slot.examples
                .insert(a.key.clone(), MaybeRef::Item(a.example.clone()));
        }
        let keys: Vec<&str> = answers.iter().map(|a| a.key.as_str()).collect();
        Response {
            description,
            headers,
            content,
            x_errdocs: Some(json!({ "sides": keys })),
        }
    }

    /// The operation for the documented sides `on` of one method and path.
    fn operation(
        &self,
        method: &str,
        path: &str,
        on: &[&Exchange<'_>],
        doc: &mut Document,
    ) -> Operation {
        let mut entries: IndexMap<&str, &str> = IndexMap::new();
        for x in on {
            entries.insert(&x.entry.id, &x.entry.value.title);
        }
        let mut description = String::from("Documented in:\n");
        for (id, title) in &entries {
            description.push_str(&format!(
                "\n- [{}](<{}>)",
                escape_text(&plain_text(title)),
                angle_safe(&self.page(id))
            ));
        }
        let mut statuses: std::collections::BTreeMap<u16, Vec<&Exchange<'_>>> =
            std::collections::BTreeMap::new();
        for x in on {
            // A side that documents no response (a correct one) answers with success.
            let status = x.response.map_or(200, |r| r.status);
            statuses.entry(status).or_default().push(x);
        }
        let mut responses = IndexMap::new();
        for (status, with) in statuses {
            responses.insert(status.to_string(), self.status_response(&with, doc));
        }
        let (security, secret) = security(on, doc);
        Operation {
            summary: Some(format!("{} {path}", method.to_ascii_uppercase())),
            description: Some(description),
            operation_id: None,
            parameters: parameters(on, &secret),
            request_body: request_body(on).map(MaybeRef::Item),
            responses,
            security,
            servers: Vec::new(),
            x_errdocs: Some(json!({
                "entries": entries.iter().map(|(id, title)| json!({
                    "id": id, "title": title, "page": self.page(id),
                })).collect::<Vec<_>>(),
                "sides": on.iter().map(|x| x.key()).collect::<Vec<_>>(),
            })),
        }
    }

    /// The response of an operation for one status: a reference to the component every side
    /// gets when they all get the same one, else a response of their own.
    fn status_response(&self, with: &[&Exchange<'_>], doc: &mut Document) -> MaybeRef<Response> {
        let component = |x: &Exchange<'_>| -> Option<String> {
            let r = x.response?;
            let e = &x.entry.value;
            if std::ptr::eq(r, &e.response) {
                return Some(entry_key(&x.entry.id));
            }
            e.variants
                .iter()
                .find(|v| std::ptr::eq(r, &v.response))
                .map(|v| format!("{}.{}", entry_key(&x.entry.id), v.name))
        };
        let first = component(with[0]);
        if let Some(name) = first.filter(|n| with.iter().all(|x| component(x).as_ref() == Some(n)))
        {
            return MaybeRef::to_component("responses", &name);
        }
        let answers: Vec<Answer<'_>> = with
            .iter()
            .filter_map(|x| {
                Some(Answer {
                    key: x.key(),
                    response: x.response?,
                    example: self.side_example(x),
                })
            })
            .collect();
        let mut titles: IndexSet<String> = IndexSet::new();
        for x in with {
            titles.insert(escape_text(&plain_text(&x.entry.value.title)));
        }
        let description = if answers.is_empty() {
            "Success (the documented requests name no response).".to_owned()
        } else {
            titles.into_iter().collect::<Vec<_>>().join("; ")
        };
        MaybeRef::Item(self.response(description, &answers, doc))
    }
}

/// `401/expired-token` → `401.expired-token`: an entry's name in `components`, the prefix of its
/// sides' keys.
fn entry_key(id: &str) -> String {
    id.replace('/', ".")
}

/// A URL inside `<…>` of a Markdown link destination: no `<`, `>` or line breaks.
fn angle_safe(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace(['\n', '\r'], "")
}

/// `https://api.example.com` of a documented request, if it names one.
fn origin_of(x: &Exchange<'_>) -> Option<String> {
    (!x.message.host.is_empty() && !x.message.scheme.is_empty())
        .then(|| format!("{}://{}", x.message.scheme, x.message.host))
}

fn server(origin: &str) -> Server {
    Server {
        url: origin.to_owned(),
        ..Server::default()
    }
}

/// The path of a request's URL as written (percent-encoding kept), without query or fragment;
/// `{` and `}`, which OpenAPI reads as a template, are percent-encoded.
fn path_of(request: &Request) -> String {
    let url = full_url(request);
    let without = url.split(['?', '#']).next().unwrap_or("");
    let path = match without.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => without,
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    path.replace('{', "%7B").replace('}', "%7D")
}

/// The media type a response's body is sent as: its `Content-Type`, else what the body is.
fn media_type(response: &crate::catalog::model::Response) -> String {
    response
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .and_then(|(_, v)| v.values().first())
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| match &response.body {
            Some(Value::String(_)) => "text/plain".to_owned(),
            _ => "application/json".to_owned(),
        })
}

/// `application/json`, `application/problem+json; charset=utf-8`, ….
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn is_problem(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("application/problem+json")
}

/// A response body as an example value: JSON as JSON (a JSON body written as text, parsed), any
/// other text as a string.
fn body_value(response: &crate::catalog::model::Response, media: &str) -> Option<Value> {
    let body = response.body.as_ref()?;
    Some(match body {
        Value::String(text) if is_json(media) => {
            serde_json::from_str(text).unwrap_or_else(|_| body.clone())
        }
        other => other.clone(),
    })
}

/// A response header from the values the answers give it (`(key, value)`, of `total` answers):
/// one `example` when they agree, else one named by side key each.
fn header(values: &[(&str, &HeaderValue)], total: usize) -> Header {
    let many = values
        .iter()
        .any(|(_, v)| matches!(v, HeaderValue::Many(_)));
    let as_value = |v: &HeaderValue| {
        if many {
            json!(v.values())
        } else {
            json!(v.values()[0])
        }
    };
    let schema = if many {
        json!({"type": "array", "items": {"type": "string"}})
    } else {
        json!({"type": "string"})
    };
    let distinct: IndexSet<String> = values
        .iter()
        .map(|(_, v)| as_value(v).to_string())
        .collect();
    let (example, examples) = if distinct.len() == 1 {
        (Some(as_value(values[0].1)), IndexMap::new())
    } else {
        (
            None,
            values
                .iter()
                .map(|(key, v)| {
                    (
                        (*key).to_owned(),
                        MaybeRef::Item(Example {
                            value: Some(as_value(v)),
                            ..Example::default()
                        }),
                    )
                })
                .collect(),
        )
    };
    Header {
        description: None,
        required: values.len() == total,
        schema: Some(schema),
        example,
        examples,
    }
}

/// RFC 9457 §3.1: the members of problem details, all optional; others may be added.
fn problem_schema() -> Value {
    json!({
        "type": "object",
        "description": "Problem details for HTTP APIs (RFC 9457).",
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"}
        }
    })
}

/// Whether `text` is an HTTP token (RFC 9110 §5.6.2), as an auth-scheme is.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A component name from any text: `^[a-zA-Z0-9._-]+$`.
fn component_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The cookies of a `Cookie` value: `a=1; b=2` → `[("a", "1"), ("b", "2")]`.
fn cookies(value: &str) -> Vec<(&str, &str)> {
    value
        .split(';')
        .filter_map(|c| {
            let (name, v) = c.trim().split_once('=')?;
            Some((name.trim(), v.trim()))
        })
        .collect()
}

/// The credentials a request (as written) carries, each as a security scheme: `Authorization`
/// by its scheme (`bearer`, `basic`, `dpop`, …), any other header, cookie or query field that
/// holds a `${NAME}` secret as an API key there.
fn credentials(request: &Request) -> Vec<(String, SecurityScheme)> {
    let secret = |v: &str| v.contains("${");
    let mut out = Vec::new();
    for (name, value) in &request.headers {
        let first = value.values().first().map_or("", String::as_str);
        if name.eq_ignore_ascii_case("authorization") {
            let scheme = first.split_whitespace().next().unwrap_or("");
            if is_token(scheme) {
                let lower = scheme.to_ascii_lowercase();
                out.push((
                    component_name(&lower),
                    SecurityScheme {
                        kind: "http".to_owned(),
                        scheme: Some(lower),
                        ..SecurityScheme::default()
                    },
                ));
            }
        } else if name.eq_ignore_ascii_case("cookie") {
            for (cookie, v) in value.values().iter().flat_map(|v| cookies(v)) {
                if secret(v) {
                    out.push((
                        component_name(&format!("cookie-{cookie}")),
                        api_key("cookie", cookie),
                    ));
                }
            }
        } else if value.values().iter().any(|v| secret(v)) {
            out.push((component_name(name), api_key("header", name)));
        }
    }
    let (_, _, in_url) = crate::exchange::split_url(&request.url);
    let query = request
        .query
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain(
            in_url
                .into_iter()
                .flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v))),
        );
    for (name, value) in query {
        if secret(&value) {
            out.push((
                component_name(&format!("query-{name}")),
                api_key("query", &name),
            ));
        }
    }
    out
}

fn api_key(location: &str, name: &str) -> SecurityScheme {
    SecurityScheme {
        kind: "apiKey".to_owned(),
        name: Some(name.to_owned()),
        location: Some(location.to_owned()),
        ..SecurityScheme::default()
    }
}

/// The operation's security requirements: the credentials of each correct side (what works; the
/// incorrect sides' when it documents none), `{}` when one carries none; and the header, cookie and
/// query names that are credentials, which are then no parameters. Adds the schemes to `doc`.
fn security(
    on: &[&Exchange<'_>],
    doc: &mut Document,
) -> (Option<Vec<SecurityRequirement>>, Vec<(String, String)>) {
    let mut secret: Vec<(String, String)> = Vec::new();
    let mut requirements: IndexSet<Vec<String>> = IndexSet::new();
    let working = on.iter().any(|x| x.side == Side::Correct);
    for x in on {
        let found = credentials(&x.sample.request);
        for (name, scheme) in &found {
            if let (Some(location), Some(field)) = (&scheme.location, &scheme.name) {
                secret.push((location.clone(), field.to_ascii_lowercase()));
            }
            doc.components
                .security_schemes
                .entry(name.clone())
                .or_insert_with(|| MaybeRef::Item(scheme.clone()));
        }
        if !working || x.side == Side::Correct {
            requirements.insert(found.into_iter().map(|(n, _)| n).collect());
        }
    }
    if requirements.iter().all(Vec::is_empty) {
        return (None, secret);
    }
    let list = requirements
        .into_iter()
        .map(|names| names.into_iter().map(|n| (n, Vec::new())).collect())
        .collect();
    (Some(list), secret)
}

/// The query, header and cookie fields of the documented requests that are not credentials, each
/// with its value per side (one `example` where they agree), required when every side sends it.
/// `Accept`, `Content-Type` and `Authorization` are no parameters in OpenAPI.
fn parameters(on: &[&Exchange<'_>], secret: &[(String, String)]) -> Vec<MaybeRef<Parameter>> {
    let is_secret = |location: &str, name: &str| {
        secret
            .iter()
            .any(|(l, n)| l == location && *n == name.to_ascii_lowercase())
    };
    // (location, name) → (key, value) per side.
    let mut fields: IndexMap<(&str, String), Vec<(String, String)>> = IndexMap::new();
    for x in on {
        for (name, values) in &x.message.query {
            if !is_secret("query", name) {
                fields
                    .entry(("query", name.clone()))
                    .or_default()
                    .push((x.key(), values.join(",")));
            }
        }
        let mut seen: IndexSet<String> = IndexSet::new();
        for (name, value) in &x.request().headers {
            let lower = name.to_ascii_lowercase();
            if matches!(lower.as_str(), "accept" | "content-type" | "authorization")
                || !seen.insert(lower.clone())
            {
                continue;
            }
            if lower == "cookie" {
                for (cookie, v) in value.values().iter().flat_map(|v| cookies(v)) {
                    if !is_secret("cookie", cookie) {
                        fields
                            .entry(("cookie", cookie.to_owned()))
                            .or_default()
                            .push((x.key(), v.to_owned()));
                    }
                }
            } else if !is_secret("header", name) {
                fields
                    .entry(("header", name.clone()))
                    .or_default()
                    .push((x.key(), value.values().join(", ")));
            }
        }
    }
    fields
        .into_iter()
        .map(|((location, name), values)| {
            let distinct: IndexSet<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
            let mut p = Parameter {
                name,
                location: location.to_owned(),
                required: values.len() == on.len(),
                schema: Some(json!({"type": "string"})),
                ..Parameter::default()
            };
            if distinct.len() == 1 {
                p.example = Some(json!(values[0].1));
            } else {
                p.examples = values
                    .into_iter()
                    .map(|(key, v)| {
                        (
                            key,
                            MaybeRef::Item(Example {
                                value: Some(json!(v)),
                                ..Example::default()
                            }),
                        )
                    })
                    .collect();
            }
            MaybeRef::Item(p)
        })
        .collect()
}

/// The bodies of the documented requests, by media type, one example per side: JSON as JSON, a
/// form as its fields, a multipart body as its parts (a text field's value, a file's name, with
/// each file's media type in `encoding` and the parts in the schema), any other body as text.
fn request_body(on: &[&Exchange<'_>]) -> Option<RequestBody> {
    let mut content: IndexMap<String, MediaType> = IndexMap::new();
    let mut with_body = 0;
    for x in on {
        let r = &x.request();
        if let Some(parts) = &r.multipart {
            with_body += 1;
            let media = content.entry("multipart/form-data".to_owned()).or_default();
            let mut value = serde_json::Map::new();
            let mut properties = serde_json::Map::new();
            for part in parts {
                match &part.content {
                    PartContent::Text(text) => {
                        value.insert(part.name.clone(), json!(text));
                        properties.insert(part.name.clone(), json!({"type": "string"}));
                    }
                    PartContent::File(file) => {
                        value.insert(part.name.clone(), json!(file.filename));
                        properties.insert(
                            part.name.clone(),
                            json!({"type": "string", "contentMediaType": file.content_type}),
                        );
                        media
                            .encoding
                            .entry(part.name.clone())
                            .or_insert_with(|| json!({"contentType": file.content_type}));
                    }
                }
            }
            if media.schema.is_none() {
                media.schema = Some(json!({"type": "object", "properties": properties}));
            }
            media.examples.insert(
                x.key(),
                MaybeRef::Item(Example {
                    summary: Some(format!("{} ({})", x.title(), x.side.name())),
                    value: Some(Value::Object(value)),
                    ..Example::default()
                }),
            );
            continue;
        }
        let value = if let Some(json) = &r.json {
            json.clone()
        } else if let Some(form) = &r.form {
            json!(form)
        } else if let Some(body) = &r.body {
            json!(body)
        } else {
            continue;
        };
        with_body += 1;
        let media = wire_headers(r)
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map_or_else(|| "text/plain".to_owned(), |(_, v)| v.trim().to_owned());
        content.entry(media).or_default().examples.insert(
            x.key(),
            MaybeRef::Item(Example {
                summary: Some(format!("{} ({})", x.title(), x.side.name())),
                value: Some(value),
                ..Example::default()
            }),
        );
    }
    (with_body > 0).then(|| RequestBody {
        description: None,
        content,
        required: with_body == on.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_their_encoding_and_lose_query_and_templates() {
        let r = |url: &str| Request {
            method: "GET".into(),
            url: url.into(),
            query: IndexMap::new(),
            headers: IndexMap::new(),
            json: None,
            form: None,
            body: None,
            multipart: None,
        };
        assert_eq!(path_of(&r("https://a.example/v1/a%20b?x=1#f")), "/v1/a%20b");
        assert_eq!(path_of(&r("https://a.example")), "/");
        assert_eq!(path_of(&r("https://a.example/{id}")), "/%7Bid%7D");
    }

    #[test]
    fn credentials_become_schemes_by_where_they_go() {
        let request: Request = serde_yaml::from_str(
            "method: GET\nurl: 'https://a.example/x?key=${KEY}&page=2'\nheaders:\n  Authorization: DPoP ${T}\n  X-Api-Key: ${K}\n  Cookie: a=1; s=${S}\n  If-Match: '\"v1\"'\n",
        )
        .unwrap();
        let names: Vec<String> = credentials(&request).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["dpop", "X-Api-Key", "cookie-s", "query-key"]);
        let malformed: Request = serde_yaml::from_str(
            "method: GET\nurl: https://a.example/\nheaders: {Authorization: '\"quoted\"'}\n",
        )
        .unwrap();
        assert!(credentials(&malformed).is_empty());
    }
}
