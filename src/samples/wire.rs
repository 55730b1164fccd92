//! The request as it crosses the wire: its header fields with the `Content-Type` a body implies,
//! and its body as bytes. Pages compare requests by these, and the raw HTTP target prints the same
//! text (its tests hold it to that).
//!
//! Placeholders here are text like any other; substituting them is [`super::piece`]'s work.

use super::url::encoded_fields;
use crate::catalog::model::{FormPart, PartContent, Request};

/// The body as the bytes sent on the wire, with the content type it implies when none is set: for
/// a multipart body, `multipart/form-data` with the boundary its bytes use.
#[must_use]
pub fn wire_body(request: &Request) -> Option<(Vec<u8>, String)> {
    if let Some(json) = &request.json {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return Some((text.into_bytes(), "application/json".to_owned()));
    }
    if let Some(form) = &request.form {
        let text = encoded_fields("", form);
        return Some((text.into_bytes(), FORM_TYPE.to_owned()));
    }
    if let Some(parts) = &request.multipart {
        let boundary = multipart_boundary(parts);
        return Some((multipart_bytes(parts, &boundary), multipart_type(&boundary)));
    }
    request
        .body
        .clone()
        .map(|b| (b.into_bytes(), "text/plain".to_owned()))
}

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// `multipart/form-data; boundary=…`.
fn multipart_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// The boundary of a multipart body: the same for every request, so the same parts give the same
/// bytes and the two sides of a pair share it, made longer only while a part holds it (a boundary
/// must not occur in the parts it separates, RFC 2046 §5.1.1).
#[must_use]
pub fn multipart_boundary(parts: &[FormPart]) -> String {
    let mut boundary = String::from("errdocs-form-boundary");
    let mut n = 0u32;
    while parts
        .iter()
        .any(|p| contains(p.bytes(), boundary.as_bytes()))
    {
        n += 1;
        boundary = format!("errdocs-form-boundary-{n}");
    }
    boundary
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The header fields of one part, as its bytes carry them (RFC 7578 §4.2, §4.4): a
/// `Content-Disposition` with the field's name (and a file's `filename`), and a file's
/// `Content-Type`. A text field has none: it is `text/plain` (RFC 7578 §4.4).
#[must_use]
pub fn part_headers(part: &FormPart) -> Vec<(&'static str, String)> {
    let mut disposition = format!("form-data; name=\"{}\"", part.name);
    let mut out = Vec::with_capacity(2);
    if let PartContent::File(file) = &part.content {
        disposition.push_str(&format!("; filename=\"{}\"", file.filename));
        out.push(("Content-Disposition", disposition));
        out.push(("Content-Type", file.content_type.clone()));
    } else {
        out.push(("Content-Disposition", disposition));
    }
    out
}

/// How a part's content is shown in a page: its text, or for bytes that are not text a line
/// saying what they are (`[binary content: 1363 bytes of application/pdf]`), never the bytes.
#[must_use]
pub fn shown_content(part: &FormPart) -> std::borrow::Cow<'_, str> {
    let bytes = part.bytes();
    match std::str::from_utf8(bytes) {
        Ok(text)
            if !text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) =>
        {
            text.into()
        }
        _ => {
            let kind = match &part.content {
                PartContent::File(file) => file.content_type.as_str(),
                PartContent::Text(_) => "text",
            };
            format!("[binary content: {} bytes of {kind}]", bytes.len()).into()
        }
    }
}

/// A multipart body's bytes: each part after a delimiter line, its header fields, an empty line
/// and its content, then the close delimiter; every line break CRLF (RFC 2046 §5.1.1).
fn multipart_bytes(parts: &[FormPart], boundary: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        for (name, value) in part_headers(part) {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(part.bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    out
}

/// The content type a request's body implies when it sets none, if it has a body; the same type
/// [`wire_body`] gives, without writing the body.
fn implied_type(request: &Request) -> Option<String> {
    if request.json.is_some() {
        Some("application/json".to_owned())
    } else if request.form.is_some() {
        Some(FORM_TYPE.to_owned())
    } else if let Some(parts) = &request.multipart {
        Some(multipart_type(&multipart_boundary(parts)))
    } else {
        request.body.as_ref().map(|_| "text/plain".to_owned())
    }
}

/// The header fields sent, in order, including the implied `Content-Type` of a body when the request
/// does not set one.
#[must_use]
pub fn wire_headers(request: &Request) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = request
        .headers
        .iter()
        .flat_map(|(k, v)| v.values().iter().map(move |v| (k.clone(), v.clone())))
        .collect();
    if let Some(ctype) = implied_type(request)
        && !out
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        out.push(("Content-Type".to_owned(), ctype));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn json_body_implies_content_type() {
        let r = request("method: POST\nurl: https://a.example/\njson: {a: 1}\n");
        assert_eq!(
            wire_headers(&r),
            vec![("Content-Type".into(), "application/json".into())]
        );
    }

    #[test]
    fn implied_type_is_the_type_of_the_wire_body() {
        for yaml in [
            "method: GET\nurl: https://a/\n",
            "method: POST\nurl: https://a/\njson: [1]\n",
            "method: POST\nurl: https://a/\nform: {}\n",
            "method: POST\nurl: https://a/\nbody: ''\n",
            "method: POST\nurl: https://a/\nmultipart: [{name: a, value: b}]\n",
        ] {
            let r = request(yaml);
            assert_eq!(implied_type(&r), wire_body(&r).map(|b| b.1), "{yaml}");
        }
    }
}

#[cfg(test)]
mod multipart_tests {
    use super::*;

    fn request(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_multipart_body_is_its_parts_between_boundaries() {
        let r = request(
            "method: POST\nurl: https://a/\nmultipart:\n- {name: foo, content: Hello World, filename: hello.txt, content-type: text/plain}\n- {name: bar, value: Bonjour le monde}\n",
        );
        let (bytes, ctype) = wire_body(&r).unwrap();
        assert_eq!(ctype, "multipart/form-data; boundary=errdocs-form-boundary");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "--errdocs-form-boundary\r\nContent-Disposition: form-data; name=\"foo\"; filename=\"hello.txt\"\r\nContent-Type: text/plain\r\n\r\nHello World\r\n\
             --errdocs-form-boundary\r\nContent-Disposition: form-data; name=\"bar\"\r\n\r\nBonjour le monde\r\n\
             --errdocs-form-boundary--\r\n"
        );
        assert_eq!(wire_body(&r), wire_body(&r.clone()));
    }

    #[test]
    fn the_boundary_never_occurs_in_a_part() {
        let r = request(
            "method: POST\nurl: https://a/\nmultipart:\n- {name: a, value: 'x errdocs-form-boundary y errdocs-form-boundary-1'}\n",
        );
        let (bytes, ctype) = wire_body(&r).unwrap();
        assert!(
            ctype.ends_with("boundary=errdocs-form-boundary-2"),
            "{ctype}"
        );
        assert!(
            String::from_utf8(bytes)
                .unwrap()
                .starts_with("--errdocs-form-boundary-2\r\n")
        );
    }
}
