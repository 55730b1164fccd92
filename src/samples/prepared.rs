//! What every language's code needs of one request, worked out once for all of them: the
//! [`Prepared`] request, with its URL, header fields and body as pieces.
//!
//! Generators read a request only through this. It owns no syntax: how a piece is written is each
//! language's business, and how the URL is built is [`super::url`]'s.

use indexmap::IndexMap;

use super::piece::{Piece, has_env, merge_text, pieces};
use super::url::url_pieces;
use super::wire::wire_headers;
use crate::catalog::model::{FormPart, Request};

/// What the code of every language needs of one request, worked out once for all of them.
pub struct Prepared<'a> {
    /// The request itself.
    pub(super) request: &'a Request,
    /// The body, as [`body`] gives it.
    pub(super) body: Option<Body<'a>>,
    /// The header fields, as [`headers`] gives them.
    pub(super) headers: Vec<(String, Vec<Piece>)>,
    /// Whether any part of the request reads an environment variable.
    pub(super) uses_env: bool,
    /// The URL with its query, as [`url_pieces`] gives it.
    pub(super) url: Vec<Piece>,
    /// The URL without the query.
    pub(super) base_url: Vec<Piece>,
}

impl<'a> Prepared<'a> {
    /// Prepares `request`.
    #[must_use]
    pub fn new(request: &'a Request) -> Self {
        let body = body(request);
        let headers = headers(request);
        let url = url_pieces(request, request.query.len());
        // What `placeholder_names` looks through, read from the pieces at hand: the URL with its
        // query, the header values, a form's values and a raw body (never a JSON body).
        let uses_env = has_env(&url)
            || headers.iter().any(|(_, value)| has_env(value))
            || match &body {
                Some(Body::Raw(raw)) => has_env(raw),
                Some(Body::Form(form)) => form.values().any(|v| has_env(&pieces(v))),
                Some(Body::Json(..) | Body::Multipart(_)) | None => false,
            };
        Self {
            request,
            body,
            headers,
            uses_env,
            url,
            base_url: url_pieces(request, 0),
        }
    }
}

/// Header fields with each name once: the values of a repeated field joined by `, `, which HTTP
/// defines as equivalent (RFC 9110, section 5.3), for targets that keep headers in a map.
pub(crate) fn joined_headers(headers: &[(String, Vec<Piece>)]) -> Vec<(String, Vec<Piece>)> {
    let mut out: Vec<(String, Vec<Piece>)> = Vec::new();
    for (name, value) in headers {
        match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, joined)) => {
                joined.push(Piece::Text(", ".into()));
                joined.extend(value.iter().cloned());
            }
            None => out.push((name.clone(), value.clone())),
        }
    }
    out.into_iter().map(|(n, v)| (n, merge_text(v))).collect()
}

/// The body of a request, in the shape targets write it.
pub(crate) enum Body<'a> {
    /// A JSON value and its pretty text (the bytes sent).
    Json(&'a serde_json::Value, String),
    /// Form fields, in order.
    Form(&'a IndexMap<String, String>),
    /// Raw text, with placeholders.
    Raw(Vec<Piece>),
    /// The parts of a `multipart/form-data` body, in order.
    Multipart(&'a [FormPart]),
}

/// The request's body, if any.
pub(crate) fn body(request: &Request) -> Option<Body<'_>> {
    if let Some(json) = &request.json {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return Some(Body::Json(json, text));
    }
    if let Some(form) = &request.form {
        // An empty form is an empty body; some builders cannot even write one.
        return Some(if form.is_empty() {
            Body::Raw(Vec::new())
        } else {
            Body::Form(form)
        });
    }
    if let Some(parts) = &request.multipart {
        return Some(Body::Multipart(parts));
    }
    request.body.as_deref().map(|b| Body::Raw(pieces(b)))
}

/// The header fields to write, with their values as pieces: [`wire_headers`] with placeholders. A
/// multipart body's `Content-Type` is left out: it names the boundary, which each client chooses
/// itself as it writes the body (the raw HTTP message prints it with the body).
pub(crate) fn headers(request: &Request) -> Vec<(String, Vec<Piece>)> {
    let mut out: Vec<(String, Vec<Piece>)> = wire_headers(request)
        .into_iter()
        .map(|(k, v)| (k, pieces(&v)))
        .collect();
    if request.multipart.is_some() {
        out.retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::placeholder_names;

    fn request(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_prepared_request_uses_the_environment_exactly_when_it_has_placeholders() {
        for yaml in [
            "method: GET\nurl: https://a/\n",
            "method: GET\nurl: https://a/${ORG}\n",
            "method: GET\nurl: https://a/\nquery: {q: '${Q}'}\n",
            "method: GET\nurl: https://a/\nheaders: {A: [x, '${T}']}\n",
            "method: POST\nurl: https://a/\nform: {a: '${F}'}\n",
            "method: POST\nurl: https://a/\nform: {a: b}\n",
            "method: POST\nurl: https://a/\nbody: 'x ${B}'\n",
            "method: POST\nurl: https://a/\njson: {a: '${NOT_READ}'}\n",
            "method: GET\nurl: https://a/${lower}\n",
        ] {
            let r = request(yaml);
            assert_eq!(
                Prepared::new(&r).uses_env,
                !placeholder_names(&r).is_empty(),
                "{yaml}"
            );
        }
    }
}
