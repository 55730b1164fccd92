//! URLs and form-encoded text: percent-encoding ([`encode_component`]) and the one builder of
//! `name=value` fields joined by `&`, which writes a URL's query and a form body alike, as text or
//! as pieces whose placeholders are encoded when the generated code runs.
//!
//! Every target that puts a query into a URL or writes form-encoded text itself goes through
//! [`field`]; targets that hand the pairs to a client's own API (a dict, `.query`, `url.Values`)
//! do not need it.

use super::piece::{Piece, has_env, merge_text, pieces};
use crate::catalog::model::Request;

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

/// How the value of a field is written; its name is always percent-encoded now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    /// Percent-encoded now, `${NAME}` and all: the text of a request as sent.
    Encoded,
    /// Literal text percent-encoded now, each placeholder when the code runs
    /// ([`Piece::EnvEncoded`]).
    EncodedAtRunTime,
    /// As written, placeholders included, for a client that encodes it (curl's `--url-query`).
    AsWritten,
}

/// One `name=value` field after `sep`, as pieces, adjacent text merged.
pub(crate) fn field(sep: &str, name: &str, value: &str, how: Value) -> Vec<Piece> {
    let head = format!("{sep}{}=", encode_component(name));
    if how == Value::Encoded {
        return vec![Piece::Text(head + &encode_component(value))];
    }
    let mut out = vec![Piece::Text(head)];
    for piece in pieces(value) {
        out.push(match (how, piece) {
            (Value::EncodedAtRunTime, Piece::Text(t)) => Piece::Text(encode_component(&t)),
            (Value::EncodedAtRunTime, Piece::Env(n) | Piece::EnvEncoded(n)) => Piece::EnvEncoded(n),
            (_, piece) => piece,
        });
    }
    merge_text(out)
}

/// The fields of `pairs` in order, each as [`field`] writes it: the first after `first`, each other
/// after `&`.
pub(crate) fn fields<K: AsRef<str>, V: AsRef<str>>(
    first: &str,
    pairs: impl IntoIterator<Item = (K, V)>,
    how: Value,
) -> impl Iterator<Item = Vec<Piece>> {
    pairs.into_iter().enumerate().map(move |(i, (k, v))| {
        let sep = if i == 0 { first } else { "&" };
        field(sep, k.as_ref(), v.as_ref(), how)
    })
}

/// The fields of `pairs` as text, values percent-encoded now ([`Value::Encoded`], which writes
/// only text): a form body, or (after `?` or `&`) a query.
pub(crate) fn encoded_fields<K: AsRef<str>, V: AsRef<str>>(
    first: &str,
    pairs: impl IntoIterator<Item = (K, V)>,
) -> String {
    let mut out = String::new();
    for piece in fields(first, pairs, Value::Encoded).flatten() {
        if let Piece::Text(t) = piece {
            out.push_str(&t);
        }
    }
    out
}

/// What comes before the first query field appended to `url`: `?`, or `&` when it has a query.
fn query_start(url: &str) -> &'static str {
    if url.contains('?') { "&" } else { "?" }
}

/// The URL with the request's extra `query` parameters appended, percent-encoded.
#[must_use]
pub fn full_url(request: &Request) -> String {
    let query = encoded_fields(query_start(&request.url), &request.query);
    request.url.clone() + &query
}

/// The URL with its first `count` query fields, as pieces: placeholders in the URL itself are
/// inserted as they are, those in query values are percent-encoded at run time.
pub(crate) fn url_pieces(request: &Request, count: usize) -> Vec<Piece> {
    let mut out = pieces(&request.url);
    let query = request.query.iter().take(count);
    out.extend(fields(query_start(&request.url), query, Value::EncodedAtRunTime).flatten());
    merge_text(out)
}

/// How many query fields, from the first, a command line or a builder with a query API of its own
/// writes into the URL: those before the first value with a placeholder. The rest go through that
/// API, which encodes what the variable holds.
pub(crate) fn query_in_url(request: &Request) -> usize {
    request
        .query
        .values()
        .position(|v| has_env(&pieces(v)))
        .unwrap_or(request.query.len())
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

    #[test]
    fn values_are_encoded_now_at_run_time_or_by_the_client() {
        let text = |s: &str| Piece::Text(s.into());
        assert_eq!(
            field("&", "a b", "x ${T}", Value::Encoded),
            vec![text("&a%20b=x%20%24%7BT%7D")]
        );
        assert_eq!(
            field("?", "k", "x y${T}", Value::EncodedAtRunTime),
            vec![text("?k=x%20y"), Piece::EnvEncoded("T".into())]
        );
        assert_eq!(
            field("", "k", "x y${T}", Value::AsWritten),
            vec![text("k=x y"), Piece::Env("T".into())]
        );
        assert_eq!(encoded_fields("", [("a", "1"), ("b", "2")]), "a=1&b=2");
    }

    #[test]
    fn the_url_keeps_the_query_up_to_the_first_placeholder() {
        let r = request("method: GET\nurl: https://a/${P}\nquery: {a: '1', b: '${B}', c: '3'}\n");
        assert_eq!(query_in_url(&r), 1);
        assert_eq!(
            url_pieces(&r, 1),
            vec![
                Piece::Text("https://a/".into()),
                Piece::Env("P".into()),
                Piece::Text("?a=1".into())
            ]
        );
        assert_eq!(url_pieces(&r, 0), pieces(&r.url));
        assert_eq!(url_pieces(&r, 3).last(), Some(&Piece::Text("&c=3".into())));
    }
}
