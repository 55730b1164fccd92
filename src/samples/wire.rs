//! The request as it crosses the wire: its header fields with the `Content-Type` a body implies,
//! and its body as bytes. Pages compare requests by these, and the raw HTTP target prints the same
//! text (its tests hold it to that).
//!
//! Placeholders here are text like any other; substituting them is [`super::piece`]'s work.

use super::url::encoded_fields;
use crate::catalog::model::Request;

/// The body as the bytes sent on the wire, with the content type it implies when none is set.
#[must_use]
pub fn wire_body(request: &Request) -> Option<(String, &'static str)> {
    if let Some(json) = &request.json {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return Some((text, "application/json"));
    }
    if let Some(form) = &request.form {
        let text = encoded_fields("", form);
        return Some((text, "application/x-www-form-urlencoded"));
    }
    request.body.clone().map(|b| (b, "text/plain"))
}

/// The content type a request's body implies when it sets none, if it has a body; the same type
/// [`wire_body`] gives, without writing the body.
fn implied_type(request: &Request) -> Option<&'static str> {
    if request.json.is_some() {
        Some("application/json")
    } else if request.form.is_some() {
        Some("application/x-www-form-urlencoded")
    } else {
        request.body.as_ref().map(|_| "text/plain")
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
        out.push(("Content-Type".to_owned(), ctype.to_owned()));
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
        ] {
            let r = request(yaml);
            assert_eq!(implied_type(&r), wire_body(&r).map(|b| b.1), "{yaml}");
        }
    }
}
