//! A curl command line for a POSIX shell (sh, bash, zsh).
//!
//! Every argument is one shell word: literal text in single quotes (or bare when nothing in it is
//! special), text with placeholders in double quotes that expand `$NAME` (see
//! [`shell_word`]). Bodies go through `--data-raw`, which never reads a file, form
//! fields through `--data-urlencode` (curl encodes the value, the name is encoded here), and query
//! values with placeholders through `--url-query`, so curl encodes what the variable holds.

use super::code::{Code, Sink};
use super::lines::{Class, Part};
use super::piece::{Piece, merge_text};
use super::prepared::{Body, Prepared};
use super::shell::{shell_quote, shell_word};
use super::url::{Value, field, query_in_url, url_pieces};
use crate::catalog::model::{FileSource, FormPart, PartContent};

/// A token before it is written: its class and text.
type Tok = (Option<Class>, String);

/// Generates `curl -i …`, one option per line.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let mut args: Vec<(Part, Vec<Tok>)> = Vec::new();

    // The URL, with the query values up to the first placeholder; the rest go through --url-query.
    let split = query_in_url(request);
    let url = url_pieces(request, split);
    let mut first: Vec<Tok> = vec![(Some(Class::Function), "curl".into()), (None, " ".into())];
    first.push((Some(Class::Attribute), "-i".into()));
    if url_needs_globoff(&url) {
        first.push((None, " ".into()));
        first.push((Some(Class::Attribute), "-g".into()));
    }
    match method_flag(&request.method, body.is_some()) {
        MethodFlag::Implied => {}
        MethodFlag::Head => {
            first.push((None, " ".into()));
            first.push((Some(Class::Attribute), "--head".into()));
        }
        MethodFlag::Explicit => {
            first.push((None, " ".into()));
            first.push((Some(Class::Attribute), "-X".into()));
            first.push((None, " ".into()));
            first.push((Some(Class::Keyword), shell_quote(&request.method)));
        }
    }
    first.push((None, " ".into()));
    first.push((Some(Class::String), shell_word(&url)));
    args.push((Part::Target, first));

    for (k, v) in request.query.iter().skip(split) {
        let arg = field("", k, v, Value::AsWritten);
        args.push((Part::Target, option("--url-query", &arg)));
    }
    for (name, value) in prep.headers.iter().cloned() {
        args.push((
            Part::Header(name.to_ascii_lowercase()),
            option("-H", &header_arg(&name, value)),
        ));
    }
    match body {
        None => {}
        Some(Body::Json(_, text)) => args.push((
            Part::Body,
            option("--data-raw", &[Piece::Text(text.clone())]),
        )),
        Some(Body::Raw(raw)) => args.push((Part::Body, option("--data-raw", raw))),
        Some(Body::Form(form)) => {
            for (k, v) in *form {
                let arg = field("", k, v, Value::AsWritten);
                args.push((Part::Body, option("--data-urlencode", &arg)));
            }
        }
        Some(Body::Multipart(parts)) => {
            for part in *parts {
                let (flag, arg) = form_arg(part);
                args.push((
                    Part::Field(part.name.clone()),
                    option(flag, &[Piece::Text(arg)]),
                ));
            }
        }
    }

    let count = args.len();
    for (i, (part, tokens)) in args.into_iter().enumerate() {
        code.line(part);
        if i > 0 {
            code.text("  ");
        }
        for (class, text) in tokens {
            match class {
                Some(class) => code.tok(class, &text),
                None => code.text(&text),
            };
        }
        if i + 1 < count {
            code.text(" ").tok(Class::Punctuation, "\\");
        }
    }
}

/// A multipart part as a curl option: a text field through `--form-string` (its value sent as it
/// is, never read as `@file` or `<file`), a file through `-F name=@path`, inline content through
/// `-F name="text"`, each file with its `filename` and its `type` last (curl reads a type's
/// parameters to the end of the argument).
fn form_arg(part: &FormPart) -> (&'static str, String) {
    let file = match &part.content {
        PartContent::Text(value) => return ("--form-string", format!("{}={value}", part.name)),
        PartContent::File(file) => file,
    };
    let mut arg = format!("{}=", part.name);
    match &file.source {
        FileSource::Path { path, .. } => {
            arg.push('@');
            arg.push_str(&form_quoted(path));
            if path.rsplit('/').next() != Some(file.filename.as_str()) {
                arg.push_str(";filename=");
                arg.push_str(&form_quoted(&file.filename));
            }
        }
        FileSource::Inline(text) => {
            arg.push('"');
            arg.push_str(&text.replace('\\', "\\\\").replace('"', "\\\""));
            arg.push('"');
            arg.push_str(";filename=");
            arg.push_str(&form_quoted(&file.filename));
        }
    }
    arg.push_str(";type=");
    arg.push_str(&file.content_type);
    ("-F", arg)
}

/// A word of curl's `-F` syntax: bare when it holds nothing curl reads there, else in double quotes.
fn form_quoted(text: &str) -> String {
    if text.contains([';', ',', '"', '\\', ' ']) {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_owned()
    }
}

/// An option and its quoted argument.
fn option(flag: &str, arg: &[Piece]) -> Vec<Tok> {
    vec![
        (Some(Class::Attribute), flag.to_owned()),
        (None, " ".into()),
        (Some(Class::String), shell_word(arg)),
    ]
}

/// The `-H` argument: `Name: value`, or `Name;` for an empty value (curl drops `Name:`).
fn header_arg(name: &str, value: Vec<Piece>) -> Vec<Piece> {
    if value.is_empty() {
        return vec![Piece::Text(format!("{name};"))];
    }
    let mut arg = vec![Piece::Text(format!("{name}: "))];
    arg.extend(value);
    merge_text(arg)
}

/// How the method is told to curl.
#[derive(Debug, PartialEq, Eq)]
enum MethodFlag {
    /// GET without a body, POST with one: curl's own choice.
    Implied,
    /// `--head`, since `-X HEAD` would wait for a body.
    Head,
    /// `-X METHOD`.
    Explicit,
}

fn method_flag(method: &str, has_body: bool) -> MethodFlag {
    match (method, has_body) {
        ("GET", false) | ("POST", true) => MethodFlag::Implied,
        ("HEAD", false) => MethodFlag::Head,
        _ => MethodFlag::Explicit,
    }
}

/// Whether the URL holds `[]{}`, which curl would read as a glob pattern without `-g`.
fn url_needs_globoff(url: &[Piece]) -> bool {
    url.iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains(['[', ']', '{', '}'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_is_explicit_only_when_curl_would_guess_wrong() {
        assert_eq!(method_flag("GET", false), MethodFlag::Implied);
        assert_eq!(method_flag("POST", true), MethodFlag::Implied);
        assert_eq!(method_flag("POST", false), MethodFlag::Explicit);
        assert_eq!(method_flag("GET", true), MethodFlag::Explicit);
        assert_eq!(method_flag("HEAD", false), MethodFlag::Head);
        assert_eq!(method_flag("DELETE", false), MethodFlag::Explicit);
    }

    #[test]
    fn empty_header_value_uses_semicolon_form() {
        assert_eq!(
            header_arg("X-Empty", vec![]),
            vec![Piece::Text("X-Empty;".into())]
        );
        assert_eq!(
            header_arg("A", vec![Piece::Text("b".into())]),
            vec![Piece::Text("A: b".into())]
        );
    }

    #[test]
    fn globs_are_switched_off_only_when_needed() {
        assert!(url_needs_globoff(&[Piece::Text(
            "https://a/?f[x]=1".into()
        )]));
        assert!(!url_needs_globoff(&[Piece::Text(
            "https://a/?f%5Bx%5D=1".into()
        )]));
    }
}
