//! A complete Rust program with `reqwest`'s blocking client (`reqwest = { version = "0.12",
//! features = ["blocking"] }`).
//!
//! Strings are literals with quotes and backslashes escaped and controls and invisible characters as
//! `\u{…}` escapes, or raw strings (`r#"…"#`, with enough `#`) for a multi-line body that holds no
//! carriage return or invisible character. Placeholders read `env::var("NAME")?` inside `format!`,
//! whose braces are doubled; query values with placeholders go through `.query`, a form through
//! `.form`, so reqwest encodes them.

use super::code::{Code, Sink};
use super::escape::{C_NAMED_NUL, Escaper, needs_escape};
use super::lines::{Class, Part};
use super::piece::{Piece, literal, pieces};
use super::prepared::{Body, Prepared};
use super::url::{query_in_url, url_pieces};
use crate::catalog::model::{FileSource, FormPart, PartContent};

const I1: &str = "    ";
const I2: &str = "        ";
const I3: &str = "            ";

/// `let form = Form::new()` with each part in order: `.text` for a text field (sent with no type),
/// `.part` with `Part::bytes` for a file, its `file_name` and its type.
fn form(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    code.line(Part::Body)
        .text(I1)
        .tok(Class::Keyword, "let")
        .text(" ")
        .tok(Class::Variable, "form")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "Form")
        .tok(Class::Punctuation, "::")
        .tok(Class::Function, "new")
        .tok(Class::Punctuation, "()");
    // reqwest percent-encodes a name (as `name*=`) unless told not to; the documented name is sent
    // as it is.
    let plain = |t: &str| {
        t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    };
    if !parts.iter().all(|p| plain(&p.name)) {
        code.line(Part::Body)
            .text(I2)
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "percent_encode_noop")
            .tok(Class::Punctuation, "()");
    }
    for part in parts {
        let line = code
            .line(Part::Field(part.name.clone()))
            .text(I2)
            .tok(Class::Punctuation, ".");
        match &part.content {
            PartContent::Text(value) => {
                line.tok(Class::Function, "text")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(&part.name))
                    .tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::String, &string(value))
                    .tok(Class::Punctuation, ")");
            }
            PartContent::File(file) => {
                let bytes = match &file.source {
                    FileSource::Path { path, .. } => format!("std::fs::read({})?", string(path)),
                    FileSource::Inline(text) => format!("{}.as_bytes()", string(text)),
                };
                line.tok(Class::Function, "part")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(&part.name))
                    .tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::Variable, "Part")
                    .tok(Class::Punctuation, "::")
                    .tok(Class::Function, "bytes")
                    .tok(Class::Punctuation, "(")
                    .text(&bytes)
                    .tok(Class::Punctuation, ")");
                code.line(Part::Field(part.name.clone()))
                    .text(I3)
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "file_name")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(&file.filename))
                    .tok(Class::Punctuation, ")")
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "mime_str")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(&file.content_type))
                    .tok(Class::Punctuation, ")?)");
            }
        }
    }
    code.tok(Class::Punctuation, ";");
}

/// Generates the program: build the request, send it, print the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    let uses_env = prep.uses_env;

    // The query up to the first placeholder is in the URL; the rest goes through `.query`.
    let split = query_in_url(request);
    let url = url_pieces(request, split);

    let multipart = match body {
        Some(Body::Multipart(parts)) => Some(*parts),
        _ => None,
    };
    if multipart.is_some() {
        code.line(Part::Plain).tok(
            Class::Comment,
            "// reqwest with its \"multipart\" feature as well",
        );
        code.line(Part::Plain)
            .tok(Class::Keyword, "use")
            .text(" ")
            .tok(Class::Variable, "reqwest")
            .tok(Class::Punctuation, "::")
            .tok(Class::Variable, "blocking")
            .tok(Class::Punctuation, "::")
            .tok(Class::Variable, "multipart")
            .tok(Class::Punctuation, "::{")
            .tok(Class::Variable, "Form")
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::Variable, "Part")
            .tok(Class::Punctuation, "};");
    }
    if uses_env {
        code.line(Part::Plain)
            .tok(Class::Keyword, "use")
            .text(" ")
            .tok(Class::Variable, "std")
            .tok(Class::Punctuation, "::")
            .tok(Class::Variable, "env")
            .tok(Class::Punctuation, ";");
        code.blank();
    }
    code.line(Part::Plain)
        .tok(Class::Keyword, "fn")
        .text(" ")
        .tok(Class::Function, "main")
        .tok(Class::Punctuation, "()")
        .text(" ")
        .tok(Class::Punctuation, "->")
        .text(" ")
        .tok(Class::Variable, "Result")
        .tok(Class::Punctuation, "<(),")
        .text(" ")
        .tok(Class::Variable, "Box")
        .tok(Class::Punctuation, "<")
        .tok(Class::Keyword, "dyn")
        .text(" ")
        .tok(Class::Variable, "std")
        .tok(Class::Punctuation, "::")
        .tok(Class::Variable, "error")
        .tok(Class::Punctuation, "::")
        .tok(Class::Variable, "Error")
        .tok(Class::Punctuation, ">>")
        .text(" ")
        .tok(Class::Punctuation, "{");
    code.line(Part::Plain)
        .text(I1)
        .tok(Class::Keyword, "let")
        .text(" ")
        .tok(Class::Variable, "client")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "reqwest")
        .tok(Class::Punctuation, "::")
        .tok(Class::Variable, "blocking")
        .tok(Class::Punctuation, "::")
        .tok(Class::Variable, "Client")
        .tok(Class::Punctuation, "::")
        .tok(Class::Function, "new")
        .tok(Class::Punctuation, "();");
    if let Some(parts) = multipart {
        form(code, parts);
    }
    code.line(Part::Plain)
        .text(I1)
        .tok(Class::Keyword, "let")
        .text(" ")
        .tok(Class::Variable, "response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "client");
    code.line(Part::Target)
        .text(I2)
        .tok(Class::Punctuation, ".");
    let method = request.method.as_str();
    if matches!(method, "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD") {
        code.tok(Class::Function, &method.to_ascii_lowercase())
            .tok(Class::Punctuation, "(");
    } else {
        code.tok(Class::Function, "request")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, "reqwest")
            .tok(Class::Punctuation, "::")
            .tok(Class::Variable, "Method")
            .tok(Class::Punctuation, "::")
            .tok(Class::Function, "from_bytes")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &format!("b{}", string(method)))
            .tok(Class::Punctuation, ")?,")
            .text(" ");
    }
    code.tok(Class::String, &expr(&url))
        .tok(Class::Punctuation, ")");
    if split < request.query.len() {
        code.line(Part::Target)
            .text(I2)
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "query")
            .tok(Class::Punctuation, "(&[");
        for (k, v) in request.query.iter().skip(split) {
            code.line(Part::Target);
            pair(code, k, &pieces(v));
        }
        code.line(Part::Target)
            .text(I2)
            .tok(Class::Punctuation, "])");
    }
    for (name, value) in headers {
        code.header(name)
            .text(I2)
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "header")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string(name))
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::String, &expr(value))
            .tok(Class::Punctuation, ")");
    }
    match &body {
        None => {}
        Some(Body::Form(form)) => {
            code.line(Part::Body)
                .text(I2)
                .tok(Class::Punctuation, ".")
                .tok(Class::Function, "form")
                .tok(Class::Punctuation, "(&[");
            for (k, v) in *form {
                code.line(Part::Body);
                pair(code, k, &pieces(v));
            }
            code.line(Part::Body).text(I2).tok(Class::Punctuation, "])");
        }
        Some(Body::Json(_, text)) => body_call(code, &[Piece::Text(text.clone())]),
        Some(Body::Raw(raw)) => body_call(code, raw),
        Some(Body::Multipart(_)) => {
            code.line(Part::Body)
                .text(I2)
                .tok(Class::Punctuation, ".")
                .tok(Class::Function, "multipart")
                .tok(Class::Punctuation, "(")
                .tok(Class::Variable, "form")
                .tok(Class::Punctuation, ")");
        }
    }
    code.line(Part::Plain)
        .text(I2)
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "send")
        .tok(Class::Punctuation, "()?;");
    code.blank();
    code.line(Part::Plain)
        .text(I1)
        .tok(Class::Function, "println!")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, "\"{}\"")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "status")
        .tok(Class::Punctuation, "());");
    code.line(Part::Plain)
        .text(I1)
        .tok(Class::Function, "println!")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, "\"{}\"")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "text")
        .tok(Class::Punctuation, "()?);");
    code.line(Part::Plain)
        .text(I1)
        .tok(Class::Variable, "Ok")
        .tok(Class::Punctuation, "(())");
    code.line(Part::Plain).tok(Class::Punctuation, "}");
}

/// One `("name", value),` line of a `.query` or `.form` array, on the current line.
fn pair(code: &mut Code<'_, impl Sink>, name: &str, value: &[Piece]) {
    let value = match literal(value) {
        Some(text) => string(&text),
        None => format!("{}.as_str()", expr(value)),
    };
    code.text(I3)
        .tok(Class::Punctuation, "(")
        .tok(Class::String, &string(name))
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::String, &value)
        .tok(Class::Punctuation, "),");
}

/// `.body(…)`: a raw string for a multi-line literal when it is exact, else an expression.
fn body_call(code: &mut Code<'_, impl Sink>, body: &[Piece]) {
    code.line(Part::Body)
        .text(I2)
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "body")
        .tok(Class::Punctuation, "(");
    match literal(body) {
        Some(text) if text.contains('\n') && raw_ok(&text) => {
            code.tok(Class::String, &raw_string(&text))
        }
        _ => code.tok(Class::String, &expr(body)),
    };
    code.tok(Class::Punctuation, ")");
}

/// Whether text can be a raw string literal and mean exactly itself.
fn raw_ok(text: &str) -> bool {
    !needs_escape(text)
}

/// A raw string literal with enough `#` that no `"#…` inside ends it.
pub(super) fn raw_string(text: &str) -> String {
    let mut hashes = 1;
    for (i, _) in text.match_indices('"') {
        let run = text[i + 1..].chars().take_while(|&c| c == '#').count();
        hashes = hashes.max(run + 1);
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

/// An expression for pieces: a literal, `env::var("NAME")?`, or `format!` joining them.
pub(super) fn expr(pieces: &[Piece]) -> String {
    if let Some(text) = literal(pieces) {
        return string(&text);
    }
    if let [Piece::Env(name) | Piece::EnvEncoded(name)] = pieces {
        return format!("env::var({})?", string(name));
    }
    let mut template = String::new();
    let mut args = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => template.push_str(&t.replace('{', "{{").replace('}', "}}")),
            Piece::Env(name) | Piece::EnvEncoded(name) => {
                template.push_str("{}");
                args.push(format!("env::var({})?", string(name)));
            }
        }
    }
    format!("format!({}, {})", string(&template), args.join(", "))
}

/// A string literal: `\0` and the C escapes, other invisible characters as `\u{…}`.
const STRING: Escaper = Escaper {
    named: C_NAMED_NUL,
    ..Escaper::DOUBLE_QUOTED
};

/// A string literal.
pub(super) fn string(s: &str) -> String {
    STRING.literal(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly() {
        assert_eq!(
            string("a\"b\\c\n\u{0}\u{1}\u{feff}é{}"),
            r#""a\"b\\c\n\0\u{1}\u{feff}é{}""#
        );
    }

    #[test]
    fn raw_strings_get_enough_hashes() {
        assert_eq!(raw_string("{\"a\": 1}"), "r#\"{\"a\": 1}\"#");
        assert_eq!(raw_string("x\"#y"), "r##\"x\"#y\"##");
        assert_eq!(raw_string("plain"), "r#\"plain\"#");
    }

    #[test]
    fn placeholders_go_through_format_with_doubled_braces() {
        let p = vec![Piece::Text("{a} ".into()), Piece::Env("T".into())];
        assert_eq!(expr(&p), r#"format!("{{a}} {}", env::var("T")?)"#);
        assert_eq!(expr(&[Piece::Env("T".into())]), r#"env::var("T")?"#);
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\u{1}");
    }
}
