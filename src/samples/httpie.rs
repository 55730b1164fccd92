//! An HTTPie command line for a POSIX shell.
//!
//! HTTPie reads request items (`Name:value`, `name==value`, `name=value`) with its own syntax on top
//! of the shell's: a backslash before one of `:;=@` makes it literal. Names are escaped that way; a
//! value only needs it on its first character, where `=` or `@` would lengthen the separator (`:=`
//! sends raw JSON, `:@` and `=@` read a file). HTTPie cannot write a backslash right before one of
//! those characters, nor an item that starts with `-`, so a form with such a field is sent as its
//! encoded text with `--raw`, like JSON and raw bodies. Query values without placeholders stay in the
//! URL, which HTTPie does not parse as an item.

use super::code::{Code, Sink};
use super::lines::{Class, Part};
use super::piece::{Piece, has_env, literal, merge_text, pieces};
use super::prepared::{Body, Prepared};
use super::shell::shell_word;
use super::url::{query_in_url, url_pieces};
use super::wire::wire_body;

/// The characters HTTPie's item syntax treats specially.
const SPECIAL: &[char] = &[':', ';', '=', '@'];

/// Generates `http METHOD URL items…`, one item per line.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let form_as_items = match &body {
        Some(Body::Form(form)) => form_items_work(form),
        _ => false,
    };

    let split = query_in_url(request);
    let url = url_pieces(request, split);

    let mut args: Vec<(Part, Vec<(Class, String)>)> = Vec::new();
    let mut first = vec![(Class::Function, "http".to_owned())];
    if form_as_items {
        first.push((Class::Attribute, "--form".into()));
    }
    first.push((
        Class::Keyword,
        shell_word(&[Piece::Text(request.method.clone())]),
    ));
    first.push((Class::String, shell_word(&url)));
    args.push((Part::Target, first));

    for (k, v) in request.query.iter().skip(split) {
        args.push((
            Part::Target,
            vec![(Class::String, item(k, "==", &pieces(v)))],
        ));
    }
    for (name, value) in prep.headers.iter() {
        let word = if value.is_empty() {
            shell_word(&[Piece::Text(format!("{};", escape_name(name)))])
        } else {
            item(name, ":", value)
        };
        args.push((
            Part::Header(name.to_ascii_lowercase()),
            vec![(Class::String, word)],
        ));
    }
    match body {
        None => {}
        Some(Body::Form(form)) if form_as_items => {
            for (k, v) in *form {
                args.push((Part::Body, vec![(Class::String, item(k, "=", &pieces(v)))]));
            }
        }
        Some(Body::Form(_)) => {
            let text = wire_body(request).map(|(t, _)| t).unwrap_or_default();
            args.push((Part::Body, raw(&[Piece::Text(text.clone())])));
        }
        Some(Body::Json(_, text)) => args.push((Part::Body, raw(&[Piece::Text(text.clone())]))),
        Some(Body::Raw(p)) => args.push((Part::Body, raw(p))),
    }

    let count = args.len();
    for (i, (part, tokens)) in args.into_iter().enumerate() {
        code.line(part);
        if i > 0 {
            code.text("  ");
        }
        for (j, (class, text)) in tokens.into_iter().enumerate() {
            if j > 0 {
                code.text(" ");
            }
            code.tok(class, &text);
        }
        if i + 1 < count {
            code.text(" ").tok(Class::Punctuation, "\\");
        }
    }
}

/// `--raw` and the body as one word (`--raw=…` when it starts with `-`, which would read as an option).
fn raw(body: &[Piece]) -> Vec<(Class, String)> {
    let word = shell_word(body);
    if matches!(body.first(), Some(Piece::Text(t)) if t.starts_with('-')) {
        vec![(Class::Attribute, format!("--raw={word}"))]
    } else {
        vec![(Class::Attribute, "--raw".into()), (Class::String, word)]
    }
}

/// One request item as a shell word: the escaped name, the separator, the value.
fn item(name: &str, sep: &str, value: &[Piece]) -> String {
    let mut pieces = vec![Piece::Text(format!("{}{sep}", escape_name(name)))];
    let mut value = value.to_vec();
    if let Some(Piece::Text(t)) = value.first_mut()
        && t.starts_with(['=', '@'])
    {
        t.insert(0, '\\');
    }
    pieces.extend(value);
    shell_word(&merge_text(pieces))
}

/// A name with HTTPie's special characters escaped.
fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether text can be written in an item: no backslash right before a special character.
fn representable(text: &str) -> bool {
    !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && SPECIAL.contains(&char::from(w[1])))
}

/// Whether every field of a form can be written as an item.
fn form_items_work(form: &indexmap::IndexMap<String, String>) -> bool {
    let any_env = form.values().any(|v| has_env(&pieces(v)));
    let fits = form.iter().all(|(k, v)| {
        !k.is_empty()
            && !k.starts_with('-')
            && representable(k)
            && !k.ends_with('\\')
            && literal(&pieces(v)).is_none_or(|v| representable(&v))
    });
    fits || any_env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_escape_every_separator_character() {
        assert_eq!(escape_name("a:b=c@d;e"), r"a\:b\=c\@d\;e");
    }

    #[test]
    fn a_value_escapes_only_a_leading_separator_character() {
        assert_eq!(
            item("X-A", ":", &[Piece::Text("=x:y".into())]),
            r"'X-A:\=x:y'"
        );
        assert_eq!(
            item("k", "==", &[Piece::Text("@file".into())]),
            r"'k==\@file'"
        );
        assert_eq!(item("k", "=", &[Piece::Text("v".into())]), "k=v");
    }

    #[test]
    fn a_backslash_before_a_separator_cannot_be_an_item() {
        assert!(representable(r"a\b"));
        assert!(!representable(r"a\=b"));
        assert!(representable("a\\"));
    }

    #[test]
    fn raw_body_starting_with_a_dash_is_attached() {
        assert_eq!(
            raw(&[Piece::Text("-x".into())]),
            vec![(Class::Attribute, "--raw=-x".into())]
        );
    }
}
