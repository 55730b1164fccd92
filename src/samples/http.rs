//! The raw HTTP/1.1 request message, exactly as it crosses the wire.
//!
//! Placeholders show their [`fake_value`](super::fake_value) (`${ACCESS_TOKEN}` reads
//! `example-access-token`), so the message is complete and never holds a real secret.

use super::{Class, Code, Part, Sink, full_url, wire_body, wire_headers};
use crate::catalog::model::Request;

/// Generates the request line, the `Host` field, the header fields and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, request: &Request) {
    let request = &super::with_fake_values(request);
    let url = full_url(request);
    let (host, target) = split_url(&url);
    code.line(Part::Target)
        .tok(Class::Keyword, &request.method)
        .text(" ")
        .tok(Class::String, &target)
        .text(" ")
        .tok(Class::Comment, "HTTP/1.1");
    code.line(Part::Target)
        .tok(Class::Attribute, "Host")
        .tok(Class::Punctuation, ":")
        .text(" ")
        .text(&host);
    for (name, value) in wire_headers(request) {
        code.header(&name)
            .tok(Class::Attribute, &name)
            .tok(Class::Punctuation, ":")
            .text(" ")
            .tok(Class::String, &value);
    }
    if let Some((body, _)) = wire_body(request) {
        code.line(Part::Body);
        for line in body.lines() {
            code.line(Part::Body).text(line);
        }
    }
}

/// Splits an absolute URL into its authority and its origin-form target (`/path?query`).
pub(super) fn split_url(url: &str) -> (String, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..cut].to_owned();
    let mut target = rest[cut..].split('#').next().unwrap_or("").to_owned();
    if !target.starts_with('/') {
        target.insert(0, '/');
    }
    (host, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_origin_form() {
        assert_eq!(
            split_url("https://api.example.com/v1/x?a=1#f"),
            ("api.example.com".into(), "/v1/x?a=1".into())
        );
        assert_eq!(
            split_url("https://api.example.com?a=1"),
            ("api.example.com".into(), "/?a=1".into())
        );
    }
}
