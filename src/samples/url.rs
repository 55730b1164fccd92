//! URLs: percent-encoding a query component ([`encode_component`]), and a request's URL with its
//! query appended, as text ([`full_url`]) or as pieces whose placeholders are encoded when the
//! generated code runs.

use super::piece::{Piece, merge_text, pieces};
use crate::catalog::model::Request;

/// The URL with the request's extra `query` parameters appended, percent-encoded.
#[must_use]
pub fn full_url(request: &Request) -> String {
    let mut url = request.url.clone();
    for (i, (k, v)) in request.query.iter().enumerate() {
        let sep = if i == 0 && !request.url.contains('?') {
            '?'
        } else {
            '&'
        };
        url.push(sep);
        url.push_str(&encode_component(k));
        url.push('=');
        url.push_str(&encode_component(v));
    }
    url
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
#[must_use]
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query or form value: literal text percent-encoded now, placeholders encoded at run time.
pub(crate) fn encoded_value(value: &str) -> Vec<Piece> {
    pieces(value)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => Piece::Text(encode_component(&t)),
            Piece::Env(n) | Piece::EnvEncoded(n) => Piece::EnvEncoded(n),
        })
        .collect()
}

/// The URL with its query, as pieces: placeholders in the URL itself are inserted as they are,
/// those in `query` values are percent-encoded at run time.
pub(crate) fn url_pieces(request: &Request) -> Vec<Piece> {
    let mut out = pieces(&request.url);
    for (i, (k, v)) in request.query.iter().enumerate() {
        let sep = if i == 0 && !request.url.contains('?') {
            '?'
        } else {
            '&'
        };
        out.push(Piece::Text(format!("{sep}{}=", encode_component(k))));
        out.extend(encoded_value(v));
    }
    merge_text(out)
}

/// The URL without `query`, as pieces.
pub(crate) fn base_url_pieces(request: &Request) -> Vec<Piece> {
    pieces(&request.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn query_is_appended_and_encoded() {
        let r = request("method: GET\nurl: https://a.example/x?y=1\nquery: {q: 'a b&c'}\n");
        assert_eq!(full_url(&r), "https://a.example/x?y=1&q=a%20b%26c");
    }
}
