//! Sample lints: bodies declared JSON parse, the incorrect side fails with a 4xx, the correct side
//! succeeds, the two requests differ, every entry has a pair, and `varies` names what is documented.

use serde_json::Value;

use super::locate::Seg;
use super::registry::{
    CORRECT_SAMPLE_STATUS, FIELD_ERROR_POINTER, IDENTICAL_SAMPLE_REQUESTS, INCORRECT_SAMPLE_STATUS,
    INVALID_JSON_BODY, MISSING_SAMPLE_PAIR, UNKNOWN_VARIES,
};
use super::{RequestAt, ResponseAt, Role, at_path, locate, media_type, report};
use crate::catalog::model::{Entry, SamplePair};
use crate::catalog::{Loaded, Source};
use crate::diagnostic::{Diagnostic, Position};

/// The text bodies of responses and correct requests that say they are JSON.
pub(super) fn check_bodies(
    responses: &[ResponseAt<'_>],
    requests: &[RequestAt<'_>],
    out: &mut Vec<Diagnostic>,
) {
    for r in responses {
        if let Some(Value::String(text)) = &r.response.body {
            check_json(r.source, &r.path, &r.response.headers, text, out);
        }
    }
    for r in requests.iter().filter(|r| r.role == Role::Correct) {
        if let Some(text) = &r.request.body {
            check_json(r.source, &r.path, &r.request.headers, text, out);
        }
    }
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

fn check_json(
    source: &Source,
    base: &[Seg<'_>],
    headers: &indexmap::IndexMap<String, crate::catalog::model::HeaderValue>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(media) = media_type(headers).filter(|m| is_json(m)) else {
        return;
    };
    let Err(e) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let mut path = base.to_vec();
    path.push(Seg::Key("body"));
    let message = e.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i]);
    out.push(
        report(
            INVALID_JSON_BODY,
            source,
            json_error_position(source, &path, e.line(), e.column()),
            format!("the body is declared `{media}` but is not JSON: {message}"),
        )
        .with_help("fix the JSON, or write the body as a YAML mapping, which is always valid JSON"),
    );
}

/// Where a JSON error at `line`:`column` of the body text is in the file: exact for a block scalar
/// (`body: |`), else the body's key.
fn json_error_position(
    source: &Source,
    path: &[Seg<'_>],
    line: usize,
    column: usize,
) -> Option<Position> {
    let found = locate::find(source.text(), path)?;
    let block = found
        .value
        .as_ref()
        .is_some_and(|(_, rest)| rest.starts_with(['|', '>']));
    if !found.complete || !block || line == 0 {
        return Some(found.key);
    }
    let number = found.key.line + line;
    let text = source.text().lines().nth(number - 1)?;
    let indent = text.chars().take_while(|c| *c == ' ').count();
    Some(Position {
        line: number,
        column: indent + column.max(1),
    })
}

/// The sample pairs of one entry.
pub(super) fn check_entry_pairs(entry: &Loaded<Entry>, out: &mut Vec<Diagnostic>) {
    let source = &entry.source;
    let pairs = &entry.value.samples;
    if pairs.is_empty() {
        out.push(
            report(
                MISSING_SAMPLE_PAIR,
                source,
                at_path(source, &[Seg::Key("title")]),
                "this entry has no sample pair",
            )
            .with_help("add `samples:` with an incorrect request and its corrected form"),
        );
    }
    for (i, pair) in pairs.iter().enumerate() {
        check_pair(entry, i, pair, out);
    }
}

/// One pair of an entry.
/// Each `varies` item must name a header field or body member of one of the entry's documented
/// responses.
pub(super) fn check_varies(
    entry: &Loaded<Entry>,
    responses: &[ResponseAt<'_>],
    out: &mut Vec<Diagnostic>,
) {
    for (i, item) in entry.value.varies.iter().enumerate() {
        let named = |r: &&ResponseAt<'_>| {
            if item.starts_with('/') {
                r.response
                    .body
                    .as_ref()
                    .is_some_and(|b| b.pointer(item).is_some())
            } else {
                r.response
                    .headers
                    .keys()
                    .any(|k| k.eq_ignore_ascii_case(item))
            }
        };
        if responses.iter().any(|r| named(&r)) {
            continue;
        }
        let source = &entry.source;
        let what = if item.starts_with('/') {
            format!("no documented response body has a member at `{item}`")
        } else {
            format!("no documented response has a `{item}` header field")
        };
        out.push(
            report(
                UNKNOWN_VARIES,
                source,
                at_path(source, &[Seg::Key("varies"), Seg::Index(i)]),
                format!("`varies` names `{item}`, but {what}"),
            )
            .with_help(
                "name a header field of a documented response (`Retry-After`), or a body member \
                 by JSON Pointer (`/code`)",
            ),
        );
    }
}

fn check_pair(entry: &Loaded<Entry>, i: usize, pair: &SamplePair, out: &mut Vec<Diagnostic>) {
    let source = &entry.source;
    let base = [Seg::Key("samples"), Seg::Index(i)];
    let side = |side: &'static str, rest: &[Seg<'static>]| {
        let mut path = base.to_vec();
        path.push(Seg::Key(side));
        path.extend_from_slice(rest);
        at_path(source, &path)
    };
    let explicit = pair.incorrect.response.is_some();
    let status = entry
        .value
        .side_response(&pair.incorrect, true)
        .map_or(entry.value.response.status, |r| r.status);
    // A client error, or a server error whose fix is on the client's side too (retrying later,
    // elsewhere, or differently): either way the side fails.
    if !(400..=599).contains(&status) {
        let (position, whose) = if explicit {
            (
                side("incorrect", &[Seg::Key("response"), Seg::Key("status")]),
                "its documented response is",
            )
        } else {
            (side("incorrect", &[]), "it gets the entry's response,")
        };
        out.push(
            report(
                INCORRECT_SAMPLE_STATUS,
                source,
                position,
                format!(
                    "the incorrect request of `{}` should fail with a 4xx or 5xx, but {whose} \
                     {status}",
                    pair.title
                ),
            )
            .with_help("document the client error this request gets, or swap the two sides"),
        );
    }
    if let Some(r) = pair
        .correct
        .response
        .as_ref()
        .filter(|r| !(200..=399).contains(&r.status))
    {
        out.push(
            report(
                CORRECT_SAMPLE_STATUS,
                source,
                side("correct", &[Seg::Key("response"), Seg::Key("status")]),
                format!(
                    "the correct request of `{}` should succeed, but its documented response is {}",
                    pair.title, r.status
                ),
            )
            .with_help("document the 2xx or 3xx response the corrected request gets"),
        );
    }
    check_field_errors(entry, i, pair, out);
    if pair.incorrect.request == pair.correct.request && pair.correct.later.is_none() {
        out.push(
            report(
                IDENTICAL_SAMPLE_REQUESTS,
                source,
                side("correct", &[Seg::Key("request")]),
                format!("the two requests of `{}` are identical", pair.title),
            )
            .with_help(
                "the correct request should show the fix: change what the incorrect one gets \
                 wrong; when the fix is timing (after `Retry-After`, after a job finished), say \
                 when with `later:` on the correct side",
            ),
        );
    }
}

/// The JSON Pointers of the field errors a problem body lists (`errors: [{pointer, detail}]`, the
/// extension member RFC 9457 §3.2 shows), in `#/a/b` or `/a/b` form.
#[must_use]
pub(crate) fn field_error_pointers(body: &serde_json::Value) -> Vec<&str> {
    body.get("errors")
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get("pointer").and_then(serde_json::Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

/// Field errors in the incorrect side's response must point into its request's JSON body.
fn check_field_errors(
    entry: &Loaded<Entry>,
    i: usize,
    pair: &SamplePair,
    out: &mut Vec<Diagnostic>,
) {
    let Some(body) = entry
        .value
        .side_response(&pair.incorrect, true)
        .and_then(|r| r.body.as_ref())
    else {
        return;
    };
    for pointer in field_error_pointers(body) {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        // The pointer names a member of the incorrect body, or one the correct body adds (a
        // required field the incorrect request left out).
        let names = |request: &crate::catalog::model::Request| {
            request
                .json
                .as_ref()
                .is_some_and(|json| path.is_empty() || json.pointer(path).is_some())
        };
        let found = names(&pair.incorrect.request) || names(&pair.correct.request);
        if !found {
            let source = &entry.source;
            let position = crate::diagnostic::locate(source.text(), pointer, 1);
            out.push(
                report(
                    FIELD_ERROR_POINTER,
                    source,
                    position,
                    format!(
                        "the field error `{pointer}` points nowhere in the JSON body of the incorrect \
                         request of `{}` (sample {})",
                        pair.title,
                        i + 1
                    ),
                )
                .with_help(
                    "a pointer names a member of the request body, e.g. `/items/0/quantity` (RFC \
                     6901); correct it, or send that member in the incorrect request",
                ),
            );
        }
    }
}
