//! RFC 9457 lints: an `application/problem+json` body is a JSON object, has a `title`, its
//! `status` is the response's, an `about:blank` problem is titled by its status's reason phrase, and
//! in a catalog that declares problem types, every type a body sends is declared by an entry.

use serde_json::Value;

use super::locate::Seg;
use super::registry::{
    ABOUT_BLANK_TITLE, PROBLEM_MISSING_TITLE, PROBLEM_NOT_OBJECT, PROBLEM_STATUS_MISMATCH,
    UNKNOWN_PROBLEM_TYPE,
};
use super::{ResponseAt, at_path, at_value, entry_messages, media_type, report};
use crate::catalog::Catalog;
use crate::catalog::reason::reason_phrase;
use crate::diagnostic::Diagnostic;

/// The problem details object of a response: its body when it is `application/problem+json` and a
/// JSON object (given as a mapping, or as text that parses).
fn problem_object(r: &ResponseAt<'_>) -> Option<serde_json::Map<String, Value>> {
    if media_type(&r.response.headers).as_deref() != Some("application/problem+json") {
        return None;
    }
    match r.response.body.as_ref()? {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(members)) => Some(members),
            _ => None,
        },
        Value::Object(members) => Some(members.clone()),
        _ => None,
    }
}

/// `unknown-problem-type`: when the catalog declares problem types, each `type` a problem body
/// sends must be one of them.
pub(super) fn check_types(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    if catalog.problem_types.is_empty() {
        return;
    }
    for e in &catalog.entries {
        let (responses, _) = entry_messages(e);
        for r in &responses {
            let Some(members) = problem_object(r) else {
                continue;
            };
            let Some(Value::String(uri)) = members.get("type") else {
                continue;
            };
            if uri == "about:blank" || catalog.problem_types.contains_key(uri) {
                continue;
            }
            let mut path = r.path.clone();
            path.extend([Seg::Key("body"), Seg::Key("type")]);
            let closest = catalog
                .problem_types
                .keys()
                .min_by_key(|t| strsim::levenshtein(t, uri))
                .filter(|t| strsim::levenshtein(t, uri) <= 3);
            let help = match closest {
                Some(t) => format!(
                    "did you mean `{t}` (declared by `{}`)?",
                    catalog.problem_types[t]
                ),
                None => {
                    "declare it with `type:` in the entry that documents this problem, or send \
                         a declared type"
                        .to_owned()
                }
            };
            out.push(
                report(
                    UNKNOWN_PROBLEM_TYPE,
                    r.source,
                    at_value(r.source, &path, uri, 0),
                    format!(
                        "the problem type `{uri}` is declared by no entry, so it links to no page"
                    ),
                )
                .with_help(help),
            );
        }
    }
}

pub(super) fn check(responses: &[ResponseAt<'_>], out: &mut Vec<Diagnostic>) {
    for r in responses {
        if media_type(&r.response.headers).as_deref() != Some("application/problem+json") {
            continue;
        }
        let mut body_path = r.path.clone();
        body_path.push(Seg::Key("body"));
        let parsed;
        let body = match &r.response.body {
            None => {
                out.push(
                    report(
                        PROBLEM_NOT_OBJECT,
                        r.source,
                        at_path(r.source, &r.path),
                        "this response is `application/problem+json` but has no body",
                    )
                    .with_help("add a `body` with at least `type`, `title` and `status`, or change the `Content-Type`"),
                );
                continue;
            }
            // Text that is not JSON is `invalid-json-body`'s to report.
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(v) => {
                    parsed = v;
                    &parsed
                }
                Err(_) => continue,
            },
            Some(v) => v,
        };
        check_object(r, &body_path, body, out);
    }
}

fn check_object(
    r: &ResponseAt<'_>,
    body_path: &[Seg<'_>],
    body: &Value,
    out: &mut Vec<Diagnostic>,
) {
    let Value::Object(members) = body else {
        out.push(
            report(
                PROBLEM_NOT_OBJECT,
                r.source,
                at_path(r.source, body_path),
                format!(
                    "a problem details body must be a JSON object, not {}",
                    kind(body)
                ),
            )
            .with_help(
                "write the body as a mapping: `{type: …, title: …, status: …}` (RFC 9457 §3)",
            ),
        );
        return;
    };
    if !members.contains_key("title") {
        out.push(
            report(
                PROBLEM_MISSING_TITLE,
                r.source,
                at_path(r.source, body_path),
                "this problem details object has no `title`",
            )
            .with_help("add a short, human-readable `title` of the problem type (RFC 9457 §3.1.3)"),
        );
    }
    check_about_blank(r, body_path, members, out);
    let Some(status) = members.get("status") else {
        return;
    };
    let expected = r.response.status;
    if status.as_u64() != Some(u64::from(expected)) {
        let mut path = body_path.to_vec();
        path.push(Seg::Key("status"));
        let message = if status.is_number() {
            format!("the problem's `status` is {status}, but the response's status is {expected}")
        } else {
            format!(
                "the problem's `status` must be the number {expected}, not {}",
                kind(status)
            )
        };
        out.push(
            report(
                PROBLEM_STATUS_MISMATCH,
                r.source,
                at_path(r.source, &path),
                message,
            )
            .with_help(format!("write `status: {expected}` (RFC 9457 §3.1.2)")),
        );
    }
}

/// `about-blank-title`: with `type` `about:blank` (or none, which means it), the `title` is the
/// status's reason phrase.
fn check_about_blank(
    r: &ResponseAt<'_>,
    body_path: &[Seg<'_>],
    members: &serde_json::Map<String, Value>,
    out: &mut Vec<Diagnostic>,
) {
    let written = match members.get("type") {
        None => false,
        Some(Value::String(t)) if t == "about:blank" => true,
        Some(_) => return,
    };
    let (Some(Value::String(title)), Some(phrase)) =
        (members.get("title"), reason_phrase(r.response.status))
    else {
        return;
    };
    if title == phrase {
        return;
    }
    let mut path = body_path.to_vec();
    path.push(Seg::Key("title"));
    let status = r.response.status;
    let type_is = if written {
        "`about:blank`"
    } else {
        "`about:blank` (no `type` means it)"
    };
    out.push(
        report(
            ABOUT_BLANK_TITLE,
            r.source,
            at_value(r.source, &path, title, 0),
            format!(
                "the problem's type is {type_is}, so its `title` should be `{phrase}`, the reason \
                 phrase of {status}, not `{title}`"
            ),
        )
        .with_help(format!(
            "write `title: {phrase}`, or give the problem a `type` URI of its own (RFC 9457 §4.2.1)"
        )),
    );
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
