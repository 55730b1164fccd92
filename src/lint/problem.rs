//! RFC 9457 lints: an `application/problem+json` body is a JSON object, has a `title`, and its
//! `status` is the response's.

use serde_json::Value;

use super::locate::Seg;
use super::registry::{PROBLEM_MISSING_TITLE, PROBLEM_NOT_OBJECT, PROBLEM_STATUS_MISMATCH};
use super::{ResponseAt, at_path, media_type, report};
use crate::diagnostic::Diagnostic;

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
