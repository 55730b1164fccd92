//! Placeholders: a request string as [`Piece`]s of literal text and `${NAME}` environment variables,
//! and everything done with them: substituted by values ([`resolve`]) or by clearly fake ones
//! ([`with_fake_values`]), listed ([`placeholder_names`]), and the piece lists generators work with
//! (merged, split at line breaks, joined into an expression).
//!
//! What a placeholder is, and which strings of a request may hold one (the URL, query values, header
//! values, form values and a raw body, never a name nor a JSON body), is decided here only. How a
//! language writes a piece is its own module's business.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::catalog::model::{HeaderValue, Request};

/// A piece of a request string: literal text or a `${NAME}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// The environment variable NAME, inserted as it is.
    Env(String),
    /// The environment variable NAME, percent-encoded at run time (a query or form value).
    EnvEncoded(String),
}

/// Splits `text` into literal text and `${NAME}` placeholders (NAME is `[A-Z][A-Z0-9_]*`).
///
/// Anything else that looks like a placeholder (`${lower}`, `${}`, an unclosed `${`) is literal text.
#[must_use]
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        literal.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match placeholder_name(after) {
            Some(name) => {
                if !literal.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut literal)));
                }
                out.push(Piece::Env(name.to_owned()));
                rest = &after[name.len() + 1..];
            }
            None => {
                literal.push('$');
                rest = &rest[at + 1..];
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        out.push(Piece::Text(literal));
    }
    out
}

/// The NAME of a placeholder whose `${` was just consumed, when `s` starts with `NAME}`.
fn placeholder_name(s: &str) -> Option<&str> {
    let end = s.find('}')?;
    let name = &s[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_uppercase()
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    valid.then_some(name)
}

/// Replaces every placeholder in `text` whose NAME is in `env` by its value; others stay as written.
#[must_use]
pub fn substitute(text: &str, env: &HashMap<String, String>) -> String {
    substitute_with(text, &|name| env.get(name).cloned())
}

fn substitute_with(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    // Most texts hold no placeholder: they are copied as they are.
    if !text.contains("${") {
        return text.to_owned();
    }
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(t) => t,
            Piece::Env(name) | Piece::EnvEncoded(name) => {
                value(&name).unwrap_or_else(|| format!("${{{name}}}"))
            }
        })
        .collect()
}

/// The request as it is sent when the environment holds `env`: placeholders are replaced in the URL,
/// query values, header values, form values and a raw body (never in names, nor in a JSON body).
#[must_use]
pub fn resolve(request: &Request, env: &HashMap<String, String>) -> Request {
    resolve_with(request, &|name| env.get(name).cloned())
}

fn resolve_with(request: &Request, value: &dyn Fn(&str) -> Option<String>) -> Request {
    let sub = |s: &String| substitute_with(s, value);
    // Every field is named, so that a new one is a decision here; only the texts that may hold
    // placeholders are substituted, the others copied once.
    Request {
        method: request.method.clone(),
        url: sub(&request.url),
        query: request
            .query
            .iter()
            .map(|(k, v)| (k.clone(), sub(v)))
            .collect(),
        headers: request
            .headers
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    HeaderValue::One(one) => HeaderValue::One(sub(one)),
                    HeaderValue::Many(many) => HeaderValue::Many(many.iter().map(sub).collect()),
                };
                (k.clone(), v)
            })
            .collect(),
        json: request.json.clone(),
        form: request
            .form
            .as_ref()
            .map(|f| f.iter().map(|(k, v)| (k.clone(), sub(v))).collect()),
        body: request.body.as_ref().map(sub),
        multipart: request.multipart.clone(),
    }
}

/// The clearly fake value the raw `http` form shows for a placeholder: `${ACCESS_TOKEN}` reads
/// `example-access-token`.
#[must_use]
pub fn fake_value(name: &str) -> String {
    format!("example-{}", name.to_ascii_lowercase().replace('_', "-"))
}

/// The request with every placeholder replaced by its [`fake_value`].
#[must_use]
pub fn with_fake_values(request: &Request) -> Request {
    resolve_with(request, &|name| Some(fake_value(name)))
}

/// The placeholder names a request uses, each once, in order of appearance.
#[must_use]
pub fn placeholder_names(request: &Request) -> Vec<String> {
    let mut texts: Vec<&str> = vec![&request.url];
    texts.extend(request.query.values().map(String::as_str));
    texts.extend(
        request
            .headers
            .values()
            .flat_map(|v| v.values().iter().map(String::as_str)),
    );
    texts.extend(
        request
            .form
            .iter()
            .flat_map(|f| f.values().map(String::as_str)),
    );
    texts.extend(request.body.as_deref());
    let mut names: Vec<String> = Vec::new();
    for piece in texts.into_iter().flat_map(pieces) {
        if let Piece::Env(name) = piece
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// Whether any piece reads the environment.
pub(crate) fn has_env(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| !matches!(p, Piece::Text(_)))
}

/// The literal text of pieces that read no environment variable; borrowed when it is one piece,
/// as merged pieces of text nearly always are.
pub(crate) fn literal(pieces: &[Piece]) -> Option<Cow<'_, str>> {
    match pieces {
        [] => Some(Cow::Borrowed("")),
        [Piece::Text(t)] => Some(Cow::Borrowed(t)),
        _ => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Option<String>>()
            .map(Cow::Owned),
    }
}

/// Joins adjacent literal pieces.
pub(crate) fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(t)) => last.push_str(&t),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// Splits pieces after each newline, so a long literal can be written one line of text per line
/// of code; each line but the last ends with its `\n`. Never empty.
pub(crate) fn split_lines(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                for chunk in t.split_inclusive('\n') {
                    let line = lines.last_mut().expect("never empty");
                    line.push(Piece::Text(chunk.to_owned()));
                    if chunk.ends_with('\n') {
                        lines.push(Vec::new());
                    }
                }
            }
            other => lines.last_mut().expect("never empty").push(other.clone()),
        }
    }
    if lines.len() > 1 && lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    lines.into_iter().map(merge_text).collect()
}

/// A concatenation of pieces: each literal through `string`, each placeholder through `env` (its
/// name as a literal, and whether it must be percent-encoded), joined by `op`; no pieces is the
/// empty literal.
pub(crate) fn concat(
    pieces: &[Piece],
    op: &str,
    string: fn(&str) -> String,
    env: &dyn Fn(String, bool) -> String,
) -> String {
    let one = |p: &Piece| match p {
        Piece::Text(t) => string(t),
        Piece::Env(name) => env(string(name), false),
        Piece::EnvEncoded(name) => env(string(name), true),
    };
    match pieces {
        [] => string(""),
        // Most values are one piece: no list to collect and join.
        [p] => one(p),
        _ => pieces.iter().map(one).collect::<Vec<_>>().join(op),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn placeholders_need_an_upper_case_name() {
        assert_eq!(
            pieces("Bearer ${ACCESS_TOKEN}!"),
            vec![
                Piece::Text("Bearer ".into()),
                Piece::Env("ACCESS_TOKEN".into()),
                Piece::Text("!".into())
            ]
        );
        for literal in ["${lower}", "${}", "${A", "$A", "${1A}", "${A-B}", "$${"] {
            assert_eq!(
                pieces(literal),
                vec![Piece::Text(literal.into())],
                "{literal}"
            );
        }
        assert_eq!(
            pieces("$${A}"),
            vec![Piece::Text("$".into()), Piece::Env("A".into())]
        );
    }

    #[test]
    fn substitution_leaves_unknown_names() {
        let env = HashMap::from([("A".to_owned(), "1".to_owned())]);
        assert_eq!(substitute("${A}-${B}-${a}", &env), "1-${B}-${a}");
        assert_eq!(fake_value("ACCESS_TOKEN"), "example-access-token");
    }

    #[test]
    fn resolve_replaces_values_but_not_names_or_json() {
        let r = request(
            "method: POST\nurl: https://a/${T}\nquery: {'${T}': '${T}'}\nheaders: {X: 'v ${T}'}\njson: {a: '${T}'}\n",
        );
        let env = HashMap::from([("T".to_owned(), "t".to_owned())]);
        let out = resolve(&r, &env);
        assert_eq!(out.url, "https://a/t");
        assert_eq!(out.query.get("${T}").map(String::as_str), Some("t"));
        assert_eq!(out.headers["X"], HeaderValue::One("v t".into()));
        assert_eq!(out.json, r.json);
        assert_eq!(placeholder_names(&r), vec!["T".to_owned()]);
    }

    #[test]
    fn lines_split_after_newlines() {
        let lines = split_lines(&pieces("a\nb${T}\n"));
        assert_eq!(
            lines,
            vec![
                vec![Piece::Text("a\n".into())],
                vec![
                    Piece::Text("b".into()),
                    Piece::Env("T".into()),
                    Piece::Text("\n".into())
                ]
            ]
        );
    }
}
