//! RFC 9110 §11 lints: the challenge a 401 or 407 must carry, the grammar of challenges, and the
//! grammar of the credentials a correct request sends.

use super::challenge::{SyntaxError, parse_challenges, parse_credentials};
use super::locate::Seg;
use super::registry::{
    INVALID_CHALLENGE, INVALID_CREDENTIALS, Lint, MISSING_PROXY_AUTHENTICATE,
    MISSING_WWW_AUTHENTICATE,
};
use super::{
    FieldAt, RequestAt, ResponseAt, Role, at_path, at_value, fields, mask_placeholders, report,
};
use crate::diagnostic::Diagnostic;

/// The challenge fields and the status each is required on.
const CHALLENGES: [(&str, u16, &Lint); 2] = [
    ("WWW-Authenticate", 401, MISSING_WWW_AUTHENTICATE),
    ("Proxy-Authenticate", 407, MISSING_PROXY_AUTHENTICATE),
];

pub(super) fn check(
    responses: &[ResponseAt<'_>],
    requests: &[RequestAt<'_>],
    out: &mut Vec<Diagnostic>,
) {
    for r in responses {
        for (name, status, lint) in CHALLENGES {
            let found = fields(&r.response.headers, &r.path, name);
            if r.response.status == status && found.is_empty() {
                out.push(missing(r, name, status, lint));
            }
            for field in &found {
                check_challenge(r, field, out);
            }
        }
    }
    for r in requests.iter().filter(|r| r.role == Role::Correct) {
        for name in ["Authorization", "Proxy-Authorization"] {
            for field in fields(&r.request.headers, &r.path, name) {
                if let Err(e) = parse_credentials(&mask_placeholders(field.value)) {
                    out.push(bad_credentials(r, &field, &e));
                }
            }
        }
    }
}

fn missing(r: &ResponseAt<'_>, name: &str, status: u16, lint: &'static Lint) -> Diagnostic {
    let mut path = r.path.clone();
    path.push(Seg::Key("status"));
    let example = if status == 401 {
        "WWW-Authenticate: Bearer realm=\"api\""
    } else {
        "Proxy-Authenticate: Basic realm=\"proxy\""
    };
    report(
        lint,
        r.source,
        at_path(r.source, &path),
        format!("this {status} response has no `{name}` field"),
    )
    .with_help(format!(
        "a {status} must carry at least one challenge; add one to `headers`, e.g. `{example}`"
    ))
}

fn check_challenge(r: &ResponseAt<'_>, field: &FieldAt<'_>, out: &mut Vec<Diagnostic>) {
    let masked = mask_placeholders(field.value);
    match parse_challenges(&masked) {
        Err(e) => {
            let message = match &e.bad_scheme {
                Some(s) => format!("`{}`: the scheme `{s}` is not a token", field.name),
                None => format!(
                    "`{}` does not parse as a challenge: {}",
                    field.name, e.message
                ),
            };
            out.push(
                report(
                    INVALID_CHALLENGE,
                    r.source,
                    at_value(r.source, &field.path, field.value, e.offset),
                    message,
                )
                .with_help(
                    "a challenge is `Scheme param=token, param=\"quoted string\"` or \
`Scheme token68`; separate challenges with commas (RFC 9110 §11.6.1)",
                ),
            );
        }
        Ok(challenges) => {
            for c in &challenges {
                let Some(realm) = c.param("realm").filter(|p| !p.quoted) else {
                    continue;
                };
                out.push(
                    report(
                        INVALID_CHALLENGE,
                        r.source,
                        at_value(r.source, &field.path, field.value, realm.value_offset),
                        format!("`{}`: the `realm` value must be a quoted string", field.name),
                    )
                    .with_help(format!(
                        "write `realm=\"{}\"` (RFC 9110 §11.5: senders only generate the quoted form)",
                        realm.value
                    )),
                );
            }
        }
    }
}

fn bad_credentials(r: &RequestAt<'_>, field: &FieldAt<'_>, e: &SyntaxError) -> Diagnostic {
    let message = match &e.bad_scheme {
        Some(s) => format!("`{}`: the scheme `{s}` is not a token", field.name),
        None => format!(
            "`{}` does not parse as credentials: {}",
            field.name, e.message
        ),
    };
    report(
        INVALID_CREDENTIALS,
        r.source,
        at_value(r.source, &field.path, field.value, e.offset),
        message,
    )
    .with_help(
        "credentials are the scheme, one space, then a token68 or `param=value` pairs, e.g. \
`Bearer ${ACCESS_TOKEN}` (RFC 9110 §11.4)",
    )
}
