//! The raw HTTP/1.1 request message, exactly as it crosses the wire.
//!
//! Placeholders show their [`fake_value`](super::fake_value) (`${ACCESS_TOKEN}` reads
//! `example-access-token`), so the message is complete and never holds a real secret.

use super::code::{Code, Sink};
use super::lines::{Class, Part};
use super::piece::{Piece, fake_value, pieces};
use super::prepared::{Body, Prepared};
use super::url::{encode_component, encoded_fields};
use super::wire::{multipart_boundary, part_headers, shown_content};
use crate::catalog::model::FormPart;

/// Generates the request line, the `Host` field, the header fields and the body.
///
/// It reads the request's pieces as [`Prepared`] holds them, each placeholder written as its fake
/// value: the same text as the request with the fake values put in (`with_fake_values`) and then
/// written out (`full_url`, `wire_headers`, `wire_body`), without copying the request to get it.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let url = faked(&prep.url);
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
        .tok(Class::String, &host);
    for (name, value) in &prep.headers {
        code.header(name)
            .tok(Class::Attribute, name)
            .tok(Class::Punctuation, ":")
            .text(" ")
            .tok(Class::String, &faked(value));
    }
    let body = match &prep.body {
        None => return,
        Some(Body::Multipart(parts)) => return multipart(code, parts),
        Some(Body::Json(_, text)) => std::borrow::Cow::Borrowed(text.as_str()),
        Some(Body::Raw(raw)) => faked(raw).into(),
        Some(Body::Form(form)) => {
            let faked_form = form.iter().map(|(k, v)| (k, faked(&pieces(v))));
            encoded_fields("", faked_form).into()
        }
    };
    code.line(Part::Body);
    for line in body.lines() {
        code.line(Part::Body).text(line);
    }
}

/// A multipart body as sent: each part's delimiter, header fields and content, its lines marked as
/// that part's so a pair marks the part that differs; a binary file's content is one line saying
/// its size and type.
fn multipart(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    let boundary = multipart_boundary(parts);
    code.header("Content-Type")
        .tok(Class::Attribute, "Content-Type")
        .tok(Class::Punctuation, ":")
        .text(" ")
        .tok(
            Class::String,
            &format!("multipart/form-data; boundary={boundary}"),
        );
    code.line(Part::Body);
    for form_part in parts {
        let part = Part::Field(form_part.name.clone());
        code.line(part.clone())
            .tok(Class::Punctuation, &format!("--{boundary}"));
        for (name, value) in part_headers(form_part) {
            code.line(part.clone())
                .tok(Class::Attribute, name)
                .tok(Class::Punctuation, ":")
                .text(" ")
                .tok(Class::String, &value);
        }
        code.line(part.clone());
        let shown = shown_content(form_part);
        if shown.len() == form_part.bytes().len() {
            for line in shown.split('\n') {
                code.line(part.clone())
                    .text(line.strip_suffix('\r').unwrap_or(line));
            }
        } else {
            code.line(part.clone()).tok(Class::Comment, &shown);
        }
    }
    code.line(Part::Body)
        .tok(Class::Punctuation, &format!("--{boundary}--"));
}

/// The text of `pieces` with each placeholder as its fake value, percent-encoded where the
/// placeholder is.
fn faked(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Env(name) => out.push_str(&fake_value(name)),
            Piece::EnvEncoded(name) => out.push_str(&encode_component(&fake_value(name))),
        }
    }
    out
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
    use crate::catalog::model::Request;
    use crate::samples::{
        Lang, full_url, generate, to_text, wire_body, wire_headers, with_fake_values,
    };

    /// The message as the request with its fake values put in, written out field by field: what
    /// [`generate`] must print, in every shape a request's placeholders can take.
    #[test]
    fn the_message_is_the_request_with_fake_values_written_out() {
        for yaml in [
            "method: GET\nurl: https://a.example/v1/${ORG}/x?fixed=1\n",
            "method: GET\nurl: https://a.example\nquery: {q: 'a b ${TERM}&', n: '2'}\n",
            "method: POST\nurl: https://a.example/x\nheaders: {Authorization: 'Bearer ${ACCESS_TOKEN}', X-Many: [a, '${B_C}']}\njson: {k: '${NOT_SUBSTITUTED}'}\n",
            "method: POST\nurl: https://a.example/x\nform: {user: '${USER_NAME}', 'a b': 'c&d'}\n",
            "method: POST\nurl: https://a.example/x\nform: {}\n",
            "method: PUT\nurl: https://a.example/x#frag\nheaders: {Content-Type: text/plain}\nbody: \"line ${ONE}\\nline two\\n\"\n",
            "method: DELETE\nurl: https://a.example:8443?x=${X}\nheaders: {X-Empty: ''}\n",
        ] {
            let request: Request = serde_yaml::from_str(yaml).unwrap();
            let faked = with_fake_values(&request);
            let url = full_url(&faked);
            let (host, target) = split_url(&url);
            let mut expected = format!("{} {target} HTTP/1.1\nHost: {host}\n", faked.method);
            for (name, value) in wire_headers(&faked) {
                expected.push_str(&format!("{name}: {value}\n"));
            }
            if let Some((body, _)) = wire_body(&faked) {
                expected.push('\n');
                for line in String::from_utf8_lossy(&body).lines() {
                    expected.push_str(line);
                    expected.push('\n');
                }
            }
            assert_eq!(to_text(&generate(&request, Lang::Http)), expected, "{yaml}");
        }
    }

    #[test]
    fn a_multipart_body_shows_each_part_as_sent_and_binary_bytes_as_one_line() {
        let mut request: Request = serde_yaml::from_str(
            "method: POST\nurl: https://a.example/upload\nmultipart:\n- {name: kind, value: \"invoice\\nsecond line\"}\n- {name: scan, file: files/scan.png, filename: page-1.png, content-type: image/png}\n- {name: note, content: hello, filename: note.txt, content-type: text/plain}\n",
        )
        .unwrap();
        let bytes: std::sync::Arc<[u8]> = vec![0x89, b'P', b'N', b'G', 0, 1, 2].into();
        if let crate::catalog::model::PartContent::File(file) =
            &mut request.multipart.as_mut().unwrap()[1].content
        {
            file.source = crate::catalog::model::FileSource::Path {
                path: "files/scan.png".into(),
                bytes: Some(bytes),
            };
        }
        let text = to_text(&generate(&request, Lang::Http));
        assert_eq!(
            text,
            "POST /upload HTTP/1.1\nHost: a.example\n\
             Content-Type: multipart/form-data; boundary=errdocs-form-boundary\n\n\
             --errdocs-form-boundary\nContent-Disposition: form-data; name=\"kind\"\n\ninvoice\nsecond line\n\
             --errdocs-form-boundary\nContent-Disposition: form-data; name=\"scan\"; filename=\"page-1.png\"\nContent-Type: image/png\n\n\
             [binary content: 7 bytes of image/png]\n\
             --errdocs-form-boundary\nContent-Disposition: form-data; name=\"note\"; filename=\"note.txt\"\nContent-Type: text/plain\n\nhello\n\
             --errdocs-form-boundary--\n"
        );
        // The text parts are the bytes sent, line for line.
        let (wire, _) = wire_body(&request).unwrap();
        assert!(wire.starts_with(
            b"--errdocs-form-boundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninvoice\nsecond line\r\n"
        ));
        // Each part's lines carry the part, so a pair marks only the part that differs.
        let lines = generate(&request, Lang::Http);
        let scan = lines
            .iter()
            .filter(|l| *l.part == crate::samples::Part::Field("scan".into()))
            .count();
        assert_eq!(scan, 5);
    }

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
