//! What a request should look like on arrival, and the comparison with what did arrive.

use errdocs::catalog::model::Request;
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
    match wire_body(expected) {
        None => {
            if !got.body.is_empty() {
                diffs.push(format!("body: expected none, got {got_body:?}"));
            }
        }
        Some((text, _)) => {
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
            } else if text.as_bytes() != got.body.as_slice() {
                diffs.push(format!("body: expected {text:?}, got {got_body:?}"));
            }
        }
    }
    diffs
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
