//! Fields a status requires (RFC 9110 §15) and fields with a grammar of their own: `Retry-After`
//! (§10.2.3) and the RateLimit fields (Structured Fields, RFC 9651).

use super::locate::Seg;
use super::registry::{
    INVALID_RATELIMIT, INVALID_RETRY_AFTER, Lint, MISSING_ALLOW, MISSING_CONTENT_RANGE,
    MISSING_LOCATION, MISSING_UPGRADE,
};
use super::{FieldAt, ResponseAt, at_path, at_value, fields, report};
use crate::diagnostic::Diagnostic;

/// The field each status requires, the lint that says so, and an example value for the hint.
const REQUIRED: [(&[u16], &str, &Lint, &str); 4] = [
    (&[405], "Allow", MISSING_ALLOW, "Allow: GET, HEAD"),
    (&[426], "Upgrade", MISSING_UPGRADE, "Upgrade: HTTP/2"),
    (
        &[416],
        "Content-Range",
        MISSING_CONTENT_RANGE,
        "Content-Range: bytes */1234",
    ),
    (
        &[301, 302, 303, 307, 308],
        "Location",
        MISSING_LOCATION,
        "Location: https://api.example.com/v2/orders",
    ),
];

pub(super) fn check(responses: &[ResponseAt<'_>], out: &mut Vec<Diagnostic>) {
    for r in responses {
        let status = r.response.status;
        for (statuses, name, lint, example) in REQUIRED {
            if statuses.contains(&status) && fields(&r.response.headers, &r.path, name).is_empty() {
                let mut path = r.path.clone();
                path.push(Seg::Key("status"));
                out.push(
                    report(
                        lint,
                        r.source,
                        at_path(r.source, &path),
                        format!("this {status} response has no `{name}` field"),
                    )
                    .with_help(format!("add it to `headers`, e.g. `{example}`")),
                );
            }
        }
        for field in fields(&r.response.headers, &r.path, "Retry-After") {
            if let Err(why) = retry_after(field.value) {
                out.push(field_problem(
                    INVALID_RETRY_AFTER,
                    r,
                    &field,
                    why,
                    "write a whole number of seconds (`30`) or an IMF-fixdate (`Sun, 06 Nov 1994 \
08:49:37 GMT`)",
                ));
            }
        }
        for (name, shape) in RATE_LIMIT_FIELDS {
            for field in fields(&r.response.headers, &r.path, name) {
                if let Err(why) = rate_limit(field.value, shape) {
                    out.push(field_problem(
                        INVALID_RATELIMIT,
                        r,
                        &field,
                        why,
                        "e.g. `RateLimit-Policy: \"default\";q=100;w=60` and `RateLimit: \
\"default\";r=0;t=30` (Structured Fields: no spaces around `=`, no units)",
                    ));
                }
            }
        }
    }
}

fn field_problem(
    lint: &'static Lint,
    r: &ResponseAt<'_>,
    field: &FieldAt<'_>,
    why: String,
    help: &str,
) -> Diagnostic {
    report(
        lint,
        r.source,
        at_value(r.source, &field.path, field.value, 0),
        format!("`{}: {}`: {why}", field.name, field.value),
    )
    .with_help(help)
}

/// Checks a `Retry-After` value: delay-seconds (digits) or an HTTP-date in IMF-fixdate form.
///
/// # Errors
/// Why the value is neither.
pub(crate) fn retry_after(value: &str) -> Result<(), String> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    match httpdate::parse_http_date(value) {
        Ok(date) if httpdate::fmt_http_date(date) == value => Ok(()),
        Ok(_) => Err(
            "an HTTP-date in an obsolete form; senders write the IMF-fixdate form (RFC 9110 §5.6.7)"
                .into(),
        ),
        Err(_) => Err("neither a number of seconds nor an HTTP-date".into()),
    }
}

/// What a RateLimit field is, as a Structured Field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A List whose members' parameters are non-negative Integers (`RateLimit`,
    /// `RateLimit-Policy`).
    List,
    /// One non-negative Integer (`RateLimit-Limit`, `-Remaining`, `-Reset`).
    Integer,
}

const RATE_LIMIT_FIELDS: [(&str, Shape); 5] = [
    ("RateLimit", Shape::List),
    ("RateLimit-Policy", Shape::List),
    ("RateLimit-Limit", Shape::Integer),
    ("RateLimit-Remaining", Shape::Integer),
    ("RateLimit-Reset", Shape::Integer),
];

/// The parameters of a RateLimit list member that hold a count of requests or seconds.
const COUNT_PARAMETERS: [&str; 4] = ["q", "w", "r", "t"];

fn rate_limit(value: &str, shape: Shape) -> Result<(), String> {
    let parser = sfv::Parser::new(value);
    let not_count = |name: &str| format!("`{name}` must be a non-negative Integer");
    match shape {
        Shape::Integer => {
            let item: sfv::Item = parser
                .parse_item()
                .map_err(|e| format!("not a Structured Field Item: {e}"))?;
            match item.bare_item {
                sfv::BareItem::Integer(n) if i64::from(n) >= 0 => Ok(()),
                _ => Err("the value must be one non-negative Integer".into()),
            }
        }
        Shape::List => {
            let list: sfv::List = parser
                .parse_list()
                .map_err(|e| format!("not a Structured Field List: {e}"))?;
            for member in &list {
                let params = match member {
                    sfv::ListEntry::Item(item) => &item.params,
                    sfv::ListEntry::InnerList(inner) => &inner.params,
                };
                for (key, bare) in params {
                    let key = key.as_str();
                    let count = matches!(bare, sfv::BareItem::Integer(n) if i64::from(*n) >= 0);
                    if COUNT_PARAMETERS.contains(&key) && !count {
                        return Err(not_count(key));
                    }
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_an_imf_fixdate() {
        assert!(retry_after("30").is_ok());
        assert!(retry_after("0").is_ok());
        assert!(retry_after("Sun, 06 Nov 1994 08:49:37 GMT").is_ok());
        for bad in ["30s", "1.5", "-1", "", "2026-12-07T10:00:00Z", "soon"] {
            assert!(retry_after(bad).is_err(), "{bad}");
        }
        assert!(
            retry_after("Sunday, 06-Nov-94 08:49:37 GMT")
                .unwrap_err()
                .contains("obsolete")
        );
    }

    #[test]
    fn rate_limit_fields_are_structured() {
        assert!(rate_limit("\"default\";q=100;w=60", Shape::List).is_ok());
        assert!(rate_limit("\"default\";r=0;t=30, \"daily\";r=5;t=3600", Shape::List).is_ok());
        assert!(rate_limit("\"default\"; q=100; w=60s", Shape::List).is_err());
        assert!(rate_limit("\"default\";q=-1", Shape::List).is_err());
        assert!(rate_limit("\"default\";q=1.5", Shape::List).is_err());
        assert!(rate_limit("100", Shape::Integer).is_ok());
        assert!(rate_limit("100, 200", Shape::Integer).is_err());
        assert!(rate_limit("-3", Shape::Integer).is_err());
    }
}
