//! Ruby with `net/http`.
//!
//! Strings are double-quoted with `\`, `"` and a `#` that would start an interpolation escaped,
//! controls and invisible characters as escapes; placeholders are interpolated as
//! `#{ENV.fetch("NAME")}`, through `URI.encode_www_form_component` in a query value. A form is
//! encoded with `URI.encode_www_form`; a multi-line body is one literal per line of text, joined by
//! Ruby's adjacent-literal rule.

use std::fmt::Write as _;

use super::code::{Code, Sink};
use super::escape::Escaper;
use super::lang::title_case;
use super::lines::{Class, Part};
use super::piece::{Piece, pieces, split_lines};
use super::prepared::{Body, Prepared};
use crate::catalog::model::{FileSource, FormPart, PartContent};

/// `request.set_form([...], "multipart/form-data")`: a text field as `[name, value]`, a file as
/// `[name, io_or_text, {filename:, content_type:}]`, in order.
fn set_form(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    let text = |t: &str| string(&[Piece::Text(t.to_owned())]);
    code.line(Part::Body)
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "set_form")
        .tok(Class::Punctuation, "([");
    for part in parts {
        code.line(Part::Field(part.name.clone()))
            .text("  ")
            .tok(Class::Punctuation, "[")
            .tok(Class::String, &text(&part.name))
            .tok(Class::Punctuation, ",")
            .text(" ");
        match &part.content {
            PartContent::Text(value) => {
                code.tok(Class::String, &text(value));
            }
            PartContent::File(file) => {
                match &file.source {
                    FileSource::Path { path, .. } => code
                        .tok(Class::Variable, "File")
                        .tok(Class::Punctuation, ".")
                        .tok(Class::Function, "open")
                        .tok(Class::Punctuation, "(")
                        .tok(Class::String, &text(path))
                        .tok(Class::Punctuation, ",")
                        .text(" ")
                        .tok(Class::String, "\"rb\"")
                        .tok(Class::Punctuation, ")"),
                    FileSource::Inline(content) => code.tok(Class::String, &text(content)),
                };
                code.tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::Punctuation, "{")
                    .tok(Class::Attribute, "filename:")
                    .text(" ")
                    .tok(Class::String, &text(&file.filename))
                    .tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::Attribute, "content_type:")
                    .text(" ")
                    .tok(Class::String, &text(&file.content_type))
                    .tok(Class::Punctuation, "}");
            }
        }
        code.tok(Class::Punctuation, "],");
    }
    code.line(Part::Body)
        .tok(Class::Punctuation, "],")
        .text(" ")
        .tok(Class::String, "\"multipart/form-data\"")
        .tok(Class::Punctuation, ")");
}

/// Generates the script: build the request, send it, print the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    code.line(Part::Plain)
        .tok(Class::Function, "require")
        .text(" ")
        .tok(Class::String, "\"net/http\"");
    code.blank();
    code.line(Part::Target)
        .tok(Class::Variable, "uri")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Function, "URI")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, &string(&prep.url))
        .tok(Class::Punctuation, ")");
    code.line(Part::Target)
        .tok(Class::Variable, "request")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ");
    // Net::HTTP gives a POST, PUT or PATCH without a body an empty form body; the generic request
    // with `request_has_body` false sends none.
    let class_fits = match request.method.as_str() {
        "GET" | "HEAD" | "DELETE" | "OPTIONS" => true,
        "POST" | "PUT" | "PATCH" => body.is_some(),
        _ => false,
    };
    if class_fits {
        code.tok(Class::Variable, "Net::HTTP::")
            .tok(Class::Variable, &title_case(&request.method))
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "new")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, "uri")
            .tok(Class::Punctuation, ")");
    } else {
        code.tok(Class::Variable, "Net::HTTPGenericRequest")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "new")
            .tok(Class::Punctuation, "(")
            .tok(
                Class::String,
                &string(&[Piece::Text(request.method.clone())]),
            )
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(
                Class::Keyword,
                if body.is_some() { "true" } else { "false" },
            )
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::Keyword, "true")
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::Variable, "uri")
            .tok(Class::Punctuation, ")");
    }
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        code.line(Part::Header(lower.clone()))
            .tok(Class::Variable, "request");
        let name = string(&[Piece::Text(name.clone())]);
        if seen.contains(&lower) {
            code.tok(Class::Punctuation, ".")
                .tok(Class::Function, "add_field")
                .tok(Class::Punctuation, "(")
                .tok(Class::String, &name)
                .tok(Class::Punctuation, ",")
                .text(" ")
                .tok(Class::String, &string(value))
                .tok(Class::Punctuation, ")");
        } else {
            code.tok(Class::Punctuation, "[")
                .tok(Class::String, &name)
                .tok(Class::Punctuation, "]")
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .tok(Class::String, &string(value));
        }
        seen.push(lower);
    }
    match &body {
        None => {}
        Some(Body::Form(form)) => {
            code.line(Part::Body)
                .tok(Class::Variable, "request")
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, "body")
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .tok(Class::Variable, "URI")
                .tok(Class::Punctuation, ".")
                .tok(Class::Function, "encode_www_form")
                .tok(Class::Punctuation, "(");
            let count = form.len();
            for (i, (k, v)) in form.iter().enumerate() {
                code.line(Part::Body)
                    .text("  ")
                    .tok(Class::String, &string(&[Piece::Text(k.clone())]))
                    .text(" ")
                    .tok(Class::Punctuation, "=>")
                    .text(" ")
                    .tok(Class::String, &string(&pieces(v)));
                if i + 1 < count {
                    code.tok(Class::Punctuation, ",");
                }
            }
            code.line(Part::Body).tok(Class::Punctuation, ")");
        }
        Some(Body::Json(_, text)) => body_lines(code, &[Piece::Text(text.clone())]),
        Some(Body::Raw(raw)) => body_lines(code, raw),
        Some(Body::Multipart(parts)) => set_form(code, parts),
    }
    code.blank();
    code.line(Part::Plain)
        .tok(Class::Variable, "response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "Net::HTTP")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "start")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "uri")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "hostname")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "uri")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "port")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Attribute, "use_ssl:")
        .text(" ")
        .tok(Class::Variable, "uri")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "scheme")
        .text(" ")
        .tok(Class::Punctuation, "==")
        .text(" ")
        .tok(Class::String, "\"https\"")
        .tok(Class::Punctuation, ")")
        .text(" ")
        .tok(Class::Keyword, "do")
        .text(" ")
        .tok(Class::Punctuation, "|")
        .tok(Class::Variable, "http")
        .tok(Class::Punctuation, "|");
    code.line(Part::Plain)
        .text("  ")
        .tok(Class::Variable, "http")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "request")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ")");
    code.line(Part::Plain).tok(Class::Keyword, "end");
    for what in ["code", "body"] {
        code.line(Part::Plain)
            .tok(Class::Function, "puts")
            .text(" ")
            .tok(Class::Variable, "response")
            .tok(Class::Punctuation, ".")
            .tok(Class::Attribute, what);
    }
}

/// `request.body = …`, one literal per line of text, joined by a trailing `\`.
fn body_lines(code: &mut Code<'_, impl Sink>, body: &[Piece]) {
    code.line(Part::Body)
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "body")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ");
    let lines = split_lines(body);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            code.text(" ").tok(Class::Punctuation, "\\");
            code.line(Part::Body).text("  ");
        }
        code.tok(Class::String, &string(line));
    }
}

/// A double-quoted literal: `\`, `"` and a `#` that would start an interpolation (before `{`, `$`
/// or `@`) take a backslash, invisible characters are `\u{…}` escapes.
const STRING: Escaper = Escaper {
    before: Some((b'#', &['{', '$', '@'])),
    ..Escaper::DOUBLE_QUOTED
};

/// A double-quoted string literal; placeholders are interpolated (a lone one is `ENV.fetch`).
pub(super) fn string(pieces: &[Piece]) -> String {
    if let [Piece::Env(name)] = pieces {
        return format!("ENV.fetch(\"{name}\")");
    }
    let mut out = String::from("\"");
    for piece in pieces {
        match piece {
            Piece::Text(t) => STRING.push(&mut out, t),
            Piece::Env(name) => {
                let _ = write!(out, "#{{ENV.fetch(\"{name}\")}}");
            }
            Piece::EnvEncoded(name) => {
                let _ = write!(
                    out,
                    "#{{URI.encode_www_form_component(ENV.fetch(\"{name}\"))}}"
                );
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Vec<Piece> {
        vec![Piece::Text(s.into())]
    }

    #[test]
    fn strings_escape_interpolation_and_controls() {
        assert_eq!(
            string(&text("#{x} #$y #@z #a")),
            r##""\#{x} \#$y \#@z #a""##
        );
        assert_eq!(
            string(&text("\"\\\n\u{0}\u{1b}é")),
            r#""\"\\\n\u{0}\u{1b}é""#
        );
    }

    #[test]
    fn a_hash_before_a_placeholder_is_escaped_even_across_pieces() {
        let p = vec![Piece::Text("a#".into()), Piece::Env("T".into())];
        assert_eq!(string(&p), r#""a##{ENV.fetch("T")}""#);
    }

    #[test]
    fn a_lone_placeholder_is_read_directly() {
        assert_eq!(string(&[Piece::Env("T".into())]), r#"ENV.fetch("T")"#);
    }

    #[test]
    fn placeholders_are_interpolated() {
        let p = vec![Piece::Text("Bearer ".into()), Piece::Env("TOKEN".into())];
        assert_eq!(string(&p), r#""Bearer #{ENV.fetch("TOKEN")}""#);
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let write = |s: &str| string(&[Piece::Text(s.to_owned())]);
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(write, special, "\u{1}");
    }
}
