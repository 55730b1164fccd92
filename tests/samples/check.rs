//! What a request should look like on arrival, and the comparison with what did arrive.

use errdocs::catalog::model::{FormPart, PartContent, Request};
use errdocs::samples::{full_url, wire_body, wire_headers};

use crate::capture::Recorded;

/// Header fields a client may add on its own; any other field must come from the request.
const CLIENT_DEFAULTS: &[&str] = &[
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "accept-language",
    "connection",
    "content-length",
    "expect",
    "upgrade",
    "http2-settings",
    "keep-alive",
    "transfer-encoding",
    "te",
    "sec-fetch-mode",
    // fetch marks a conditional request (If-None-Match, …) as uncached, as browsers do.
    "pragma",
    "cache-control",
];

/// Percent-decodes form-style (`+` is a space).
pub(crate) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `name=value` pairs of a query string or form body.
pub(crate) fn pairs(s: &str) -> Vec<(String, String)> {
    if s.is_empty() {
        return Vec::new();
    }
    s.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

fn split_target(target: &str) -> (&str, &str) {
    target.split_once('?').unwrap_or((target, ""))
}

/// The origin-form target of an absolute URL.
fn target_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let cut = rest.find(['/', '?']).unwrap_or(rest.len());
    let target = &rest[cut..];
    if target.starts_with('/') {
        target.to_owned()
    } else {
        format!("/{target}")
    }
}

/// Every difference between the resolved request (placeholders already replaced) and what arrived.
pub(crate) fn differences(expected: &Request, got: &Recorded) -> Vec<String> {
    let mut diffs = Vec::new();
    if got.method != expected.method {
        diffs.push(format!(
            "method: expected {:?}, got {:?}",
            expected.method, got.method
        ));
    }
    let want_target = target_of(&full_url(expected));
    let (want_path, want_query) = split_target(&want_target);
    let (got_path, got_query) = split_target(&got.target);
    if want_path != got_path {
        diffs.push(format!("path: expected {want_path:?}, got {got_path:?}"));
    }
    if pairs(want_query) != pairs(got_query) {
        diffs.push(format!(
            "query: expected {:?}, got {:?} (raw {got_query:?})",
            pairs(want_query),
            pairs(got_query)
        ));
    }

    let want_headers = wire_headers(expected);
    let mut names: Vec<String> = Vec::new();
    for (name, _) in &want_headers {
        let lower = name.to_ascii_lowercase();
        if !names.contains(&lower) {
            names.push(lower);
        }
    }
    let joined = |list: &[(String, String)], name: &str| -> Option<String> {
        let values: Vec<&str> = list
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    for name in &names {
        let want = joined(&want_headers, name);
        let got_value = joined(&got.headers, name);
        if expected.multipart.is_some() && name == "content-type" {
            // Each client writes the body with a boundary of its own.
            if !got_value
                .as_deref()
                .is_some_and(|v| v.starts_with("multipart/form-data; boundary="))
            {
                diffs.push(format!(
                    "header content-type: expected multipart/form-data with a boundary, got {got_value:?}"
                ));
            }
            continue;
        }
        if want != got_value {
            diffs.push(format!(
                "header {name}: expected {want:?}, got {got_value:?}"
            ));
        }
    }
    for (name, value) in &got.headers {
        let lower = name.to_ascii_lowercase();
        if !names.contains(&lower) && !CLIENT_DEFAULTS.contains(&lower.as_str()) {
            diffs.push(format!("unexpected header {name}: {value:?}"));
        }
    }

    let got_body = String::from_utf8_lossy(&got.body).into_owned();
    if let Some(parts) = &expected.multipart {
        let want: Vec<FormPartSeen> = parts.iter().map(FormPartSeen::documented).collect();
        match parse_multipart(got) {
            Ok(have) if have == want => {}
            Ok(have) => {
                let show = |parts: &[FormPartSeen]| -> Vec<String> {
                    parts.iter().map(FormPartSeen::summary).collect()
                };
                diffs.push(format!(
                    "multipart body: expected {:?}, got {:?}",
                    show(&want),
                    show(&have)
                ));
            }
            Err(why) => diffs.push(format!("multipart body: {why} (raw {got_body:?})")),
        }
        return diffs;
    }
    match wire_body(expected) {
        None => {
            if !got.body.is_empty() {
                diffs.push(format!("body: expected none, got {got_body:?}"));
            }
        }
        Some((bytes, _)) => {
            let text = String::from_utf8_lossy(&bytes);
            if let Some(json) = &expected.json {
                match serde_json::from_slice::<serde_json::Value>(&got.body) {
                    Ok(value) if &value == json => {}
                    _ => diffs.push(format!("json body: expected {text:?}, got {got_body:?}")),
                }
            } else if expected.form.is_some() {
                let mut want = pairs(&text);
                let mut have = pairs(&got_body);
                want.sort();
                have.sort();
                if want != have {
                    diffs.push(format!(
                        "form body: expected {want:?}, got {have:?} (raw {got_body:?})"
                    ));
                }
            } else if bytes != got.body {
                diffs.push(format!("body: expected {text:?}, got {got_body:?}"));
            }
        }
    }
    diffs
}

/// One part of a multipart body as the test sees it: its name, filename, content type and bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FormPartSeen {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl FormPartSeen {
    /// The part in one line, its bytes as text where they are.
    fn summary(&self) -> String {
        format!(
            "{:?} filename={:?} type={:?} {:?}",
            self.name,
            self.filename,
            self.content_type,
            String::from_utf8_lossy(&self.bytes)
        )
    }

    /// What the part must look like on arrival.
    fn documented(part: &FormPart) -> Self {
        let (filename, content_type) = match &part.content {
            PartContent::Text(_) => (None, None),
            PartContent::File(file) => {
                (Some(file.filename.clone()), Some(file.content_type.clone()))
            }
        };
        Self {
            name: part.name.clone(),
            filename,
            content_type,
            bytes: part.bytes().to_vec(),
        }
    }
}

/// The parts of a `multipart/form-data` body, read with the boundary its `Content-Type` names
/// (RFC 2046 §5.1.1, RFC 7578): an independent reading, so the test does not trust errdocs' own.
pub(crate) fn parse_multipart(got: &Recorded) -> Result<Vec<FormPartSeen>, String> {
    let ctype = got
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone())
        .ok_or("no Content-Type")?;
    let boundary = ctype
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .ok_or("no boundary")?
        .trim_matches('"')
        .to_owned();
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // The first delimiter may open the body without a line break before it.
    let mut body = b"\r\n".to_vec();
    body.extend_from_slice(&got.body);
    let mut pieces = split_bytes(&body, &delimiter);
    pieces.remove(0);
    let last = pieces.pop().ok_or("no close delimiter")?;
    if !last.starts_with(b"--") {
        return Err("the body does not end with the close delimiter".into());
    }
    pieces
        .into_iter()
        .map(|piece| {
            let piece = piece
                .strip_prefix(b"\r\n")
                .ok_or("no line break after a delimiter")?;
            let end = find_bytes(piece, b"\r\n\r\n").ok_or("a part without an empty line")?;
            let head = String::from_utf8_lossy(&piece[..end]).into_owned();
            let mut seen = FormPartSeen {
                name: String::new(),
                filename: None,
                content_type: None,
                bytes: piece[end + 4..].to_vec(),
            };
            for line in head.split("\r\n") {
                let (name, value) = line.split_once(':').ok_or("a header line without `:`")?;
                let value = value.trim();
                match name.to_ascii_lowercase().as_str() {
                    "content-disposition" => {
                        seen.name = param(value, "name").ok_or("no name")?;
                        seen.filename = param(value, "filename");
                    }
                    "content-type" => seen.content_type = Some(value.to_owned()),
                    _ => return Err(format!("an unexpected part header {line:?}")),
                }
            }
            Ok(seen)
        })
        .collect()
}

/// A `Content-Disposition` parameter, quoted or not.
fn param(value: &str, name: &str) -> Option<String> {
    let needle = format!("; {name}=");
    let at = value.find(&needle)? + needle.len();
    let rest = &value[at..];
    if let Some(quoted) = rest.strip_prefix('"') {
        return Some(quoted[..quoted.find('"')?].to_owned());
    }
    Some(rest.split(';').next()?.trim().to_owned())
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut bytes: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = find_bytes(bytes, delimiter) {
        out.push(&bytes[..at]);
        bytes = &bytes[at + delimiter.len()..];
    }
    out.push(bytes);
    out
}

#[test]
fn decoding_handles_plus_and_percent() {
    assert_eq!(decode("a+b%20c%2B%E2%9C%93%"), "a b c+✓%");
    assert_eq!(
        pairs("a=1&b&c=%3D"),
        vec![
            ("a".into(), "1".into()),
            ("b".into(), String::new()),
            ("c".into(), "=".into())
        ]
    );
}
