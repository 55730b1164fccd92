//! `errdocs import openapi`: status overviews and entries from an OpenAPI document's documented
//! error responses.
//!
//! Every `4xx`/`5xx` response of every operation is an error response. A response that is a
//! component (`$ref: '#/components/responses/not_found'`) is one entry however many operations use
//! it, named after the component; any other is an entry of its operation. A response whose named
//! examples differ is an entry per example. Each entry gets the response as documented (status,
//! header fields with their examples, the example body) and a sample pair whose incorrect request
//! is built from the first operation that answers with it: its method, its server's URL and path
//! with the parameters' example values, its required header and query parameters, its example
//! JSON body, and its credentials as `${NAME}` secrets. What the document cannot say (summary,
//! causes, fix, the corrected request) is left as the skeleton's placeholders.
//!
//! A document that errdocs exported names each example's entry under `x-errdocs`; the import then
//! uses that id, so an export imports back into the same files.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::catalog::load::is_slug;
use crate::diagnostic::{Diagnostic, Position};
use crate::openapi::{Document, METHODS, MediaType, Operation, PathItem, Response};
use crate::scaffold::{Known, NewFile, entry_file, new_file};

/// The origin a request gets when the document names no absolute server (RFC 2606's example
/// domain, as the skeletons use).
const FALLBACK_ORIGIN: &str = "https://api.example.com";

/// The fields RFC 9110 requires with a status (§15.5.2, §15.5.6, §15.5.8): an imported response
/// that lacks one gets it as a placeholder.
const REQUIRED_FIELDS: [(u16, &str); 3] = [
    (401, "WWW-Authenticate"),
    (405, "Allow"),
    (407, "Proxy-Authenticate"),
];

/// What an import would write.
#[derive(Debug, Default)]
pub struct Plan {
    /// The files, status overviews first.
    pub files: Vec<NewFile>,
    /// What was not imported, and why: one line each.
    pub skipped: Vec<String>,
}

/// Reads an OpenAPI 3.0 or 3.1 document, JSON or YAML. `path` names it in diagnostics.
///
/// # Errors
/// A diagnostic at the line and column where the text stops being JSON or YAML, or where it is
/// not an OpenAPI 3 document.
pub fn parse(text: &str, path: &std::path::Path) -> Result<Document, Box<Diagnostic>> {
    let fail = |line: usize, column: usize, message: String| {
        Box::new(Diagnostic::error("openapi", path, message).at(
            text,
            Position {
                line: line.max(1),
                column: column.max(1),
            },
        ))
    };
    let json = text.trim_start().starts_with('{');
    let value: Value = if json {
        serde_json::from_str(text)
            .map_err(|e| fail(e.line(), e.column(), format!("not valid JSON: {e}")))?
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            fail(line, column, format!("not valid YAML: {e}"))
        })?
    };
    let version = value.get("openapi").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("3.")) {
        let message = if value.get("swagger").is_some() {
            "a Swagger 2.0 document: only OpenAPI 3.0 and 3.1 are read (convert it first)"
                .to_owned()
        } else if let Some(v) = value.get("openapi") {
            format!("OpenAPI {v}: only OpenAPI 3.0 and 3.1 are read")
        } else {
            "not an OpenAPI document: it has no `openapi` field (expected e.g. `openapi: 3.1.0`)"
                .to_owned()
        };
        let (line, column) = key_position(
            text,
            if value.get("swagger").is_some() {
                "swagger"
            } else {
                "openapi"
            },
        );
        return Err(fail(line, column, message));
    }
    if json {
        serde_json::from_str(text).map_err(|e| {
            fail(
                e.line(),
                e.column(),
                format!("not an OpenAPI document: {e}"),
            )
        })
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            fail(line, column, format!("not an OpenAPI document: {e}"))
        })
    }
}

/// Where a top-level key is written (its first mention), else the start.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        for form in [format!("\"{key}\""), format!("{key}:")] {
            if let Some(at) = line.find(&form) {
                return (i + 1, line[..at].chars().count() + 1);
            }
        }
    }
    (1, 1)
}

/// One error response and the operation that first answers with it.
struct Use<'a> {
    status: u16,
    /// Whether it is a component (`components.responses`).
    shared: bool,
    response: &'a Response,
    method: &'a str,
    path: &'a str,
    item: &'a PathItem,
    operation: &'a Operation,
}

/// The files an import of `doc` writes (each status overview and entry once), and what it skips.
#[must_use]
pub fn plan(doc: &Document) -> Plan {
    let mut plan = Plan::default();
    let mut ranges = 0;
    // Responses by (status, component or operation), first use kept.
    let mut uses: IndexMap<(u16, String), Use<'_>> = IndexMap::new();
    for (path, item) in &doc.paths {
        for method in METHODS {
            let Some(operation) = item.operation(method) else {
                continue;
            };
            for (code, response) in &operation.responses {
                let Some(status) = code.parse::<u16>().ok().filter(|s| (400..=599).contains(s))
                else {
                    if !code.starts_with(['1', '2', '3']) {
                        ranges += 1;
                    }
                    continue;
                };
                let (response, component) = match doc.resolve(response) {
                    Ok(found) => found,
                    Err(why) => {
                        plan.skipped.push(format!(
                            "{} {path} {status}: {why}",
                            method.to_ascii_uppercase()
                        ));
                        continue;
                    }
                };
                let key = component
                    .map_or_else(|| operation_name(method, path, operation), str::to_owned);
                uses.entry((status, key)).or_insert(Use {
                    status,
                    shared: component.is_some(),
                    response,
                    method,
                    path,
                    item,
                    operation,
                });
            }
        }
    }
    if ranges > 0 {
        plan.skipped.push(format!(
            "{ranges} responses with a status range (`4XX`) or `default`: an entry documents one status"
        ));
    }
    let statuses: BTreeSet<u16> = uses.keys().map(|(s, _)| *s).collect();
    for status in statuses {
        if let Ok(file) = new_file("status", &status.to_string()) {
            plan.files.push(file);
        }
    }
    let mut slugs: BTreeSet<(u16, String)> = BTreeSet::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    // Shared responses first: a document's components name and describe their response best.
    let mut ordered: Vec<(&(u16, String), &Use<'_>)> = uses.iter().collect();
    ordered.sort_by_key(|(_, u)| !u.shared);
    for ((_, key), u) in ordered {
        for (slug, known) in entries(doc, u, key, &mut seen) {
            if !slugs.insert((u.status, slug.clone())) {
                continue;
            }
            match entry_file(u.status, &slug, &known) {
                Ok(file) => plan.files.push(file),
                Err(e) => plan.skipped.push(format!("{}/{slug}: {e}", u.status)),
            }
        }
    }
    plan
}

/// `operationId`, else the method and path: what an operation's own responses are named after.
fn operation_name(method: &str, path: &str, operation: &Operation) -> String {
    operation
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{method} {path}"))
}

/// Any text as a slug: lower-case letters and digits, runs of anything else one hyphen, at most
/// 60 characters; `error` when nothing is left.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut lower_before = false;
    for c in text.chars() {
        // `getOrder` → `get-order`.
        if c.is_ascii_uppercase() && lower_before {
            out.push('-');
        }
        lower_before = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if out.len() > 60 {
        out.truncate(60);
        out = out.trim_end_matches('-').to_owned();
    }
    if out.is_empty() {
        "error".to_owned()
    } else {
        out
    }
}

/// A named example of a response: its name, summary, media type and value, and the entry it says
/// it is (`x-errdocs.entry` of an errdocs export).
struct Named<'a> {
    name: Option<&'a str>,
    summary: Option<&'a str>,
    media: &'a str,
    value: Option<Value>,
    entry: Option<&'a str>,
    /// The incorrect request an errdocs export recorded (`x-errdocs.request`).
    request: Option<&'a Value>,
}

/// The examples of a response, every media type's, `$ref`s followed; a media type without any
/// gives its schema's example, if it has one.
fn examples<'a>(doc: &'a Document, response: &'a Response) -> Vec<Named<'a>> {
    let mut out = Vec::new();
    for (media, content) in &response.content {
        let before = out.len();
        for (name, example) in &content.examples {
            let Ok((example, _)) = doc.resolve(example) else {
                continue;
            };
            out.push(Named {
                name: Some(name),
                summary: example.summary.as_deref(),
                media,
                value: example.value.clone(),
                entry: example
                    .x_errdocs
                    .as_ref()
                    .and_then(|x| x.get("entry"))
                    .and_then(Value::as_str),
                request: example
                    .x_errdocs
                    .as_ref()
                    .filter(|x| x.get("side").and_then(Value::as_str) == Some("incorrect"))
                    .and_then(|x| x.get("request"))
                    .filter(|r| r.is_object()),
            });
        }
        if out.len() == before {
            out.push(Named {
                name: None,
                summary: None,
                media,
                value: content
                    .example
                    .clone()
                    .or_else(|| schema_example(doc, content)),
                entry: None,
                request: None,
            });
        }
    }
    out
}

fn schema_example(doc: &Document, content: &MediaType) -> Option<Value> {
    let schema = doc.schema(content.schema.as_ref()?);
    schema
        .get("example")
        .cloned()
        .or_else(|| schema.get("examples")?.as_array()?.first().cloned())
}

/// The entries one error response makes: one, or one per distinct named example.
fn entries(
    doc: &Document,
    u: &Use<'_>,
    key: &str,
    seen: &mut BTreeSet<String>,
) -> Vec<(String, Known)> {
    let base = {
        let prefix = format!("{}.", u.status);
        slugify(key.strip_prefix(&prefix).unwrap_or(key))
    };
    let all = examples(doc, u.response);
    // Examples an errdocs export names the same entry of are that entry's; others are one entry
    // per distinct value.
    let same = |a: &Named<'_>, b: &Named<'_>| match (own_slug(a, u.status), own_slug(b, u.status)) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.value == b.value && a.media == b.media,
        _ => false,
    };
    let mut distinct: Vec<&Named<'_>> = Vec::new();
    for n in &all {
        if !distinct.iter().any(|d| same(d, n)) {
            distinct.push(n);
        }
    }
    let title = plain_line(&u.response.description);
    if distinct.len() <= 1 || distinct.iter().all(|n| own_slug(n, u.status).is_some()) {
        return distinct
            .iter()
            .map(|n| Some(*n))
            .chain(distinct.is_empty().then_some(None))
            .map(|named| {
                let slug = named
                    .and_then(|n| own_slug(n, u.status))
                    .unwrap_or_else(|| base.clone());
                let request = all
                    .iter()
                    .filter(|a| named.is_none_or(|n| same(a, n)))
                    .find_map(|a| a.request);
                // An errdocs export describes each entry's response as a component named after
                // it, ending with a link to the entry's page.
                let own = doc
                    .components
                    .responses
                    .get(&format!("{}.{slug}", u.status))
                    .filter(|_| named.is_some_and(|n| n.entry.is_some()))
                    .and_then(|r| doc.resolve(r).ok())
                    .and_then(|(r, _)| plain_line(&r.description));
                let suffix = format!(" ({}/{slug})", u.status);
                let title = own
                    .or_else(|| title.clone())
                    .map(|t| t.strip_suffix(&suffix).map_or(t.clone(), str::to_owned));
                let known = known(doc, u, &slug, named, request, title, seen);
                (slug, known)
            })
            .collect();
    }
    distinct
        .into_iter()
        .map(|n| {
            let slug = own_slug(n, u.status).unwrap_or_else(|| {
                let name = slugify(n.name.unwrap_or(n.media));
                if name.starts_with(&base) {
                    name
                } else {
                    slugify(&format!("{base}-{name}"))
                }
            });
            let title = n.summary.and_then(plain_line).or_else(|| title.clone());
            let request = all
                .iter()
                .filter(|a| a.value == n.value)
                .find_map(|a| a.request);
            let known = known(doc, u, &slug, Some(n), request, title, seen);
            (slug, known)
        })
        .collect()
}

/// The slug an errdocs export recorded for an example (`x-errdocs.entry: 410/label-expired`),
/// when it is one of this status.
fn own_slug(n: &Named<'_>, status: u16) -> Option<String> {
    let (s, slug) = n.entry?.split_once('/')?;
    (s == status.to_string() && is_slug(slug)).then(|| slug.to_owned())
}

/// A one-line plain title from Markdown; `None` when empty.
fn plain_line(markdown: &str) -> Option<String> {
    let line = markdown.lines().find(|l| !l.trim().is_empty())?;
    let text = crate::markdown::plain_text(line).trim().to_owned();
    let mut title: String = text.chars().take(90).collect();
    if title.len() < text.len() {
        title = title.trim_end().to_owned() + "…";
    }
    (!title.is_empty()).then_some(title)
}

/// A YAML block from a value, indented by `indent` spaces.
fn yaml_block(value: &Value, indent: usize) -> String {
    let text = serde_yaml::to_string(value).unwrap_or_default();
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in text.lines() {
        let _ = writeln!(out, "{pad}{line}");
    }
    out
}

/// What an entry's skeleton gets: its title, its response and its sample pair.
fn known(
    doc: &Document,
    u: &Use<'_>,
    slug: &str,
    named: Option<&Named<'_>>,
    request: Option<&Value>,
    title: Option<String>,
    seen: &mut BTreeSet<String>,
) -> Known {
    let mut headers = serde_json::Map::new();
    for (name, header) in &u.response.headers {
        if name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("content-length")
        {
            continue;
        }
        let Ok((header, _)) = doc.resolve(header) else {
            continue;
        };
        // A header whose value differs by example names its values as the body's examples.
        let own = named
            .and_then(|n| header.examples.get(n.name?))
            .and_then(|e| doc.resolve(e).ok()?.0.value.clone());
        let example = own
            .or_else(|| header.example.clone())
            .or_else(|| {
                header
                    .examples
                    .values()
                    .find_map(|e| doc.resolve(e).ok()?.0.value.clone())
            })
            .or_else(|| {
                header
                    .schema
                    .as_ref()
                    .and_then(|s| doc.schema(s).get("example").cloned())
            });
        let value = match example {
            Some(Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => format!("<fill in the {name} value the API sends>"),
        };
        headers.insert(name.clone(), json!(value));
    }
    for (status, name) in REQUIRED_FIELDS {
        let documented = headers.keys().any(|k| k.eq_ignore_ascii_case(name));
        if status == u.status && !documented {
            let fill =
                format!("<fill in what the API sends: RFC 9110 requires {name} with {status}>");
            // A challenge must parse as one (scheme, then parameters); the scheme is the one the
            // operation's credentials use.
            let value = if name == "Allow" {
                fill
            } else {
                let scheme = credentials(doc, u.operation)
                    .into_iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                    .and_then(|(_, v)| v.split_whitespace().next().map(str::to_owned))
                    .unwrap_or_else(|| if status == 407 { "Basic" } else { "Bearer" }.to_owned());
                format!("{scheme} realm=\"{fill}\"")
            };
            headers.insert(name.to_owned(), json!(value));
        }
    }
    let mut response = serde_json::Map::new();
    response.insert("status".into(), json!(u.status));
    if let Some(n) = named {
        headers.insert("Content-Type".into(), json!(n.media));
    }
    if !headers.is_empty() {
        response.insert("headers".into(), Value::Object(headers));
    }
    if let Some(n) = named {
        let body = n.value.clone().or_else(|| {
            let content = u.response.content.get(n.media)?;
            skeleton_body(doc, content.schema.as_ref()?, n.media, u.status)
        });
        if let Some(body) = body {
            response.insert("body".into(), body);
        }
    }
    Known {
        title,
        response: Some(yaml_block(&Value::Object(response), 2)),
        samples: Some(yaml_block(
            &json!([pair(doc, u, &format!("{}/{slug}", u.status), request, seen)]),
            2,
        )),
    }
}

/// A body to fill in from an object schema: each property a placeholder, but a problem's
/// `status`, which is the response's (RFC 9457 §3.1.2). `None` for any other schema (the entry
/// then documents no body, to be added by hand).
fn skeleton_body(doc: &Document, schema: &Value, media: &str, status: u16) -> Option<Value> {
    let problem = media.starts_with("application/problem+json");
    let schema = doc.schema(schema);
    let properties = schema.get("properties")?.as_object()?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let body: serde_json::Map<String, Value> = properties
        .keys()
        .filter(|k| required.is_empty() || required.contains(&k.as_str()))
        .map(|k| {
            let value = if problem && k == "status" {
                json!(status)
            } else {
                json!(format!("<fill in the {k} the API sends>"))
            };
            (k.clone(), value)
        })
        .collect();
    (!body.is_empty()).then_some(Value::Object(body))
}

/// The sample pair: the incorrect request as an errdocs export recorded it, else built from the
/// operation; the corrected one left to write. An incorrect request another imported pair has
/// already (every error of one operation is built alike) gets a `given` to fill in: what else
/// makes the API answer this way.
fn pair(
    doc: &Document,
    u: &Use<'_>,
    id: &str,
    recorded: Option<&Value>,
    seen: &mut BTreeSet<String>,
) -> Value {
    let incorrect = recorded.cloned().unwrap_or_else(|| built_request(doc, u));
    let origin = server_url(doc, u);
    let method = incorrect["method"].as_str().unwrap_or("GET").to_owned();
    let success = u
        .operation
        .responses
        .keys()
        .filter_map(|c| c.parse::<u16>().ok())
        .find(|s| (200..300).contains(s))
        .unwrap_or(200);
    let mut side = json!({ "request": incorrect });
    if !seen.insert(incorrect.to_string()) {
        side["given"] = json!(
            "<fill in what else makes the API answer this way, e.g. the resource was deleted>"
        );
    }
    json!({
        "title": "<fill in what the pair shows, e.g. Send the missing field>",
        "incorrect": side,
        "correct": {
            "request": {
                "method": method,
                "url": format!("{origin}/<fill in the request that works, instead of {id}>"),
            },
            "response": { "status": success },
        },
    })
}

/// The incorrect request built from the operation: method, server URL and path with example
/// parameter values, required query and header parameters, credentials and example JSON body.
fn built_request(doc: &Document, u: &Use<'_>) -> Value {
    let origin = server_url(doc, u);
    let mut path = u.path.to_owned();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers = serde_json::Map::new();
    let params = u.item.parameters.iter().chain(&u.operation.parameters);
    for p in params {
        let Ok((p, _)) = doc.resolve(p) else { continue };
        let example = p
            .example
            .clone()
            .or_else(|| {
                p.examples
                    .values()
                    .find_map(|e| doc.resolve(e).ok()?.0.value.clone())
            })
            .or_else(|| {
                let schema = doc.schema(p.schema.as_ref()?);
                schema
                    .get("example")
                    .or_else(|| schema.get("default"))
                    .or_else(|| schema.get("enum")?.get(0))
                    .cloned()
            });
        let text = |v: Option<Value>, what: &str| match v {
            Some(Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => format!("<fill in {what}>"),
        };
        match p.location.as_str() {
            "path" => {
                // A placeholder stays readable (and found by `errdocs check`); a value is encoded.
                let value = match example {
                    None => text(None, &format!("the {}", p.name)),
                    some => percent_encode(&text(some, "")),
                };
                path = path.replace(&format!("{{{}}}", p.name), &value);
            }
            "query" if p.required => {
                query.push((p.name.clone(), text(example, &format!("the {}", p.name))))
            }
            "header" if p.required => {
                let lower = p.name.to_ascii_lowercase();
                if !matches!(lower.as_str(), "accept" | "content-type" | "authorization") {
                    headers.insert(
                        p.name.clone(),
                        json!(text(example, &format!("the {}", p.name))),
                    );
                }
            }
            _ => {}
        }
    }
    for (name, value) in credentials(doc, u.operation) {
        headers.insert(name, json!(value));
    }
    let method = u.method.to_ascii_uppercase();
    let mut incorrect = serde_json::Map::new();
    incorrect.insert("method".into(), json!(method));
    incorrect.insert("url".into(), json!(format!("{origin}{path}")));
    if !query.is_empty() {
        let q: serde_json::Map<String, Value> =
            query.into_iter().map(|(k, v)| (k, json!(v))).collect();
        incorrect.insert("query".into(), Value::Object(q));
    }
    if !headers.is_empty() {
        incorrect.insert("headers".into(), Value::Object(headers));
    }
    if let Some(body) = json_body(doc, u.operation) {
        incorrect.insert("json".into(), body);
    }
    Value::Object(incorrect)
}

/// The operation's first server URL (its own, its path's, the document's), variables at their
/// defaults, without a final slash; the example origin when it names no host.
fn server_url(doc: &Document, u: &Use<'_>) -> String {
    let server = u
        .operation
        .servers
        .first()
        .or_else(|| u.item.servers.first())
        .or_else(|| doc.servers.first());
    let Some(server) = server else {
        return FALLBACK_ORIGIN.to_owned();
    };
    let mut url = server.url.clone();
    for (name, variable) in &server.variables {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let url = url.trim_end_matches('/').to_owned();
    if url.starts_with("http://") || url.starts_with("https://") {
        url
    } else {
        format!(
            "{FALLBACK_ORIGIN}{}",
            if url.starts_with('/') {
                url
            } else {
                String::new()
            }
        )
    }
}

/// Characters a path segment value must not carry as they are.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The operation's example JSON body, if it documents one.
fn json_body(doc: &Document, operation: &Operation) -> Option<Value> {
    let body = operation.request_body.as_ref()?;
    let (body, _) = doc.resolve(body).ok()?;
    let (_, content) = body.content.iter().find(|(m, _)| m.contains("json"))?;
    content
        .example
        .clone()
        .or_else(|| {
            content
                .examples
                .values()
                .find_map(|e| doc.resolve(e).ok()?.0.value.clone())
        })
        .or_else(|| schema_example(doc, content))
}

/// The header fields the operation's first security requirement asks for, each holding a
/// `${NAME}` secret: `Authorization: Bearer ${ACCESS_TOKEN}` for HTTP bearer, and so on.
fn credentials(doc: &Document, operation: &Operation) -> Vec<(String, String)> {
    let requirement = operation
        .security
        .as_ref()
        .or(doc.security.as_ref())
        .and_then(|r| r.first());
    let mut out = Vec::new();
    for name in requirement.into_iter().flat_map(IndexMap::keys) {
        let Some(scheme) = doc.components.security_schemes.get(name) else {
            continue;
        };
        let Ok((scheme, _)) = doc.resolve(scheme) else {
            continue;
        };
        let secret = slugify(name).replace('-', "_").to_ascii_uppercase();
        match (scheme.kind.as_str(), scheme.scheme.as_deref()) {
            ("http", Some(s)) if s.eq_ignore_ascii_case("basic") => {
                out.push((
                    "Authorization".to_owned(),
                    "Basic ${CREDENTIALS}".to_owned(),
                ));
            }
            ("http", Some(s)) => {
                let shown = if s.eq_ignore_ascii_case("bearer") {
                    "Bearer"
                } else {
                    s
                };
                out.push((
                    "Authorization".to_owned(),
                    format!("{shown} ${{ACCESS_TOKEN}}"),
                ));
            }
            ("oauth2" | "openIdConnect", _) => {
                out.push((
                    "Authorization".to_owned(),
                    "Bearer ${ACCESS_TOKEN}".to_owned(),
                ));
            }
            ("apiKey", _) if scheme.location.as_deref() == Some("header") => {
                if let Some(field) = &scheme.name {
                    out.push((field.clone(), format!("${{{secret}}}")));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_slugs() {
        assert_eq!(slugify("repos/get-content"), "repos-get-content");
        assert_eq!(slugify("not_found"), "not-found");
        assert_eq!(slugify("NotFound"), "not-found");
        assert_eq!(slugify("getOrder"), "get-order");
        assert_eq!(slugify("  --  "), "error");
        assert!(is_slug(&slugify("GET /v1/{id}/Items")));
    }

    #[test]
    fn what_is_not_openapi_is_located() {
        let path = std::path::Path::new("api.yaml");
        let e = parse("info:\n  title: x\nswagger: '2.0'\n", path).unwrap_err();
        assert_eq!(e.position, Some(Position { line: 3, column: 1 }));
        assert!(e.message.contains("Swagger 2.0"), "{}", e.message);
        let e = parse("{\"openapi\": \"3.1.0\",\n \"paths\": [}", path).unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(2));
        let e = parse("openapi: 3.1.0\npaths: [1, 2]\n", path).unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(2), "{}", e.message);
    }
}
