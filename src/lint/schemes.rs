//! Scheme lints: the Bearer `error` codes of RFC 6750 (and RFC 9470) with the status each goes
//! with, and the `realm` a Basic challenge requires (RFC 7617).

use super::challenge::{Challenge, parse_challenges};
use super::registry::{BASIC_MISSING_REALM, BEARER_ERROR_CODE, BEARER_ERROR_STATUS};
use super::{FieldAt, ResponseAt, at_value, fields, mask_placeholders, report};
use crate::diagnostic::Diagnostic;

/// The Bearer error codes a resource server sends, with the status each belongs to.
const BEARER_ERRORS: [(&str, u16, &str); 4] = [
    ("invalid_request", 400, "RFC 6750 §3.1"),
    ("invalid_token", 401, "RFC 6750 §3.1"),
    ("insufficient_scope", 403, "RFC 6750 §3.1"),
    ("insufficient_user_authentication", 401, "RFC 9470 §3"),
];

pub(super) fn check(responses: &[ResponseAt<'_>], out: &mut Vec<Diagnostic>) {
    for r in responses {
        for name in ["WWW-Authenticate", "Proxy-Authenticate"] {
            for field in fields(&r.response.headers, &r.path, name) {
                let Ok(challenges) = parse_challenges(&mask_placeholders(field.value)) else {
                    continue;
                };
                for c in &challenges {
                    if c.scheme.eq_ignore_ascii_case("Basic") && c.param("realm").is_none() {
                        out.push(missing_realm(r, &field, c));
                    }
                    if c.scheme.eq_ignore_ascii_case("Bearer") && name == "WWW-Authenticate" {
                        check_bearer_error(r, &field, c, out);
                    }
                }
            }
        }
    }
}

fn missing_realm(r: &ResponseAt<'_>, field: &FieldAt<'_>, c: &Challenge) -> Diagnostic {
    report(
        BASIC_MISSING_REALM,
        r.source,
        at_value(r.source, &field.path, field.value, c.offset),
        format!("`{}`: a Basic challenge must carry `realm`", field.name),
    )
    .with_help("add `realm=\"…\"`, e.g. `Basic realm=\"api\", charset=\"UTF-8\"` (RFC 7617 §2)")
}

fn check_bearer_error(
    r: &ResponseAt<'_>,
    field: &FieldAt<'_>,
    c: &Challenge,
    out: &mut Vec<Diagnostic>,
) {
    let Some(error) = c.param("error") else {
        return;
    };
    // Located only for a diagnostic.
    let position = || at_value(r.source, &field.path, field.value, error.value_offset);
    let status = r.response.status;
    match BEARER_ERRORS.iter().find(|(code, ..)| *code == error.value) {
        None => out.push(
            report(
                BEARER_ERROR_CODE,
                r.source,
                position(),
                format!("`{}` is not a Bearer error code", error.value),
            )
            .with_help(format!(
                "use `invalid_token` (401), `insufficient_scope` (403) or `invalid_request` (400) (RFC 6750 §3.1){}",
                suggestion(&error.value)
            )),
        ),
        Some((code, expected, rfc)) if *expected != status => {
            let matching: Vec<String> = BEARER_ERRORS
                .iter()
                .filter(|(_, s, _)| *s == status)
                .map(|(c, ..)| format!("`{c}`"))
                .collect();
            let instead = if matching.is_empty() {
                String::new()
            } else {
                format!(", or use the code that goes with {status}: {}", matching.join(" or "))
            };
            out.push(
                report(
                    BEARER_ERROR_STATUS,
                    r.source,
                    position(),
                    format!("`error=\"{code}\"` goes with {expected} ({rfc}), but this response is {status}"),
                )
                .with_help(format!("answer with {expected}{instead}")),
            );
        }
        Some(_) => {}
    }
}

fn suggestion(value: &str) -> String {
    BEARER_ERRORS
        .iter()
        .map(|(code, ..)| (strsim::damerau_levenshtein(value, code), code))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map_or_else(String::new, |(_, code)| format!("; did you mean `{code}`?"))
}
