//! Python with `requests`.
//!
//! Strings are double-quoted with quotes, backslashes, controls and invisible characters escaped;
//! placeholders read `os.environ["NAME"]` and are joined with `+`. `query` goes through `params=`,
//! a JSON body through `json=` as a Python literal, a form through `data=` as a dict, and a raw body
//! through `data=` as bytes (`.encode()`) when it is not ASCII, since `requests` would send a text
//! body as Latin-1. A dict holds a header name once, so a repeated field is sent as one field with
//! the values joined by `, `, which HTTP defines as the same.

use super::code::{Code, Sink};
use super::escape::{Escaper, Form};
use super::json::{JsonDialect, json_literal};
use super::lines::{Class, Part};
use super::piece::{Piece, concat, has_env, pieces, split_lines};
use super::prepared::{Body, Prepared, joined_headers};
use crate::catalog::model::{FileSource, FormPart, PartContent};

const INDENT: &str = "    ";

/// Generates `response = requests.<method>(…)` and prints the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    let uses_env = prep.uses_env;
    if uses_env {
        code.line(Part::Plain)
            .tok(Class::Keyword, "import")
            .text(" ")
            .tok(Class::Variable, "os");
        code.blank();
    }
    code.line(Part::Plain)
        .tok(Class::Keyword, "import")
        .text(" ")
        .tok(Class::Variable, "requests");
    code.blank();

    let method = request.method.to_ascii_lowercase();
    let shortcut = matches!(
        method.as_str(),
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options"
    ) && request.method.chars().all(|c| c.is_ascii_uppercase());
    code.line(Part::Target)
        .tok(Class::Variable, "response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "requests")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, if shortcut { &method } else { "request" })
        .tok(Class::Punctuation, "(");
    let url = expr(&prep.base_url);
    let simple = request.query.is_empty() && headers.is_empty() && body.is_none();
    if simple && shortcut {
        code.tok(Class::String, &url).tok(Class::Punctuation, ")");
    } else {
        if !shortcut {
            code.line(Part::Target)
                .text(INDENT)
                .tok(Class::String, &string(&request.method))
                .tok(Class::Punctuation, ",");
        }
        code.line(Part::Target)
            .text(INDENT)
            .tok(Class::String, &url)
            .tok(Class::Punctuation, ",");
        if !request.query.is_empty() {
            code.line(Part::Target)
                .text(INDENT)
                .tok(Class::Attribute, "params")
                .tok(Class::Punctuation, "={");
            for (k, v) in &request.query {
                code.line(Part::Target);
                entry(code, k, &pieces(v));
            }
            code.line(Part::Target)
                .text(INDENT)
                .tok(Class::Punctuation, "},");
        }
        if !headers.is_empty() {
            let headers = joined_headers(headers);
            code.line(Part::Plain)
                .text(INDENT)
                .tok(Class::Attribute, "headers")
                .tok(Class::Punctuation, "={");
            for (name, value) in headers {
                code.header(&name);
                entry(code, &name, &value);
            }
            code.line(Part::Plain)
                .text(INDENT)
                .tok(Class::Punctuation, "},");
        }
        match &body {
            None => {}
            Some(Body::Json(value, _)) => {
                code.line(Part::Body)
                    .text(INDENT)
                    .tok(Class::Attribute, "json")
                    .tok(Class::Punctuation, "=");
                json_literal(code, value, INDENT, &JSON);
                code.tok(Class::Punctuation, ",");
            }
            Some(Body::Form(form)) => {
                code.line(Part::Body)
                    .text(INDENT)
                    .tok(Class::Attribute, "data")
                    .tok(Class::Punctuation, "={");
                for (k, v) in *form {
                    code.line(Part::Body);
                    entry(code, k, &pieces(v));
                }
                code.line(Part::Body)
                    .text(INDENT)
                    .tok(Class::Punctuation, "},");
            }
            Some(Body::Raw(raw)) => raw_body(code, raw),
            Some(Body::Multipart(parts)) => files(code, parts),
        }
        code.line(Part::Plain).tok(Class::Punctuation, ")");
    }
    code.line(Part::Plain)
        .tok(Class::Function, "print")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "status_code")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "reason")
        .tok(Class::Punctuation, ")");
    code.line(Part::Plain)
        .tok(Class::Function, "print")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "text")
        .tok(Class::Punctuation, ")");
}

/// One `"key": value,` line of a dict, on the current line.
fn entry(code: &mut Code<'_, impl Sink>, key: &str, value: &[Piece]) {
    code.text(INDENT)
        .text(INDENT)
        .tok(Class::Attribute, &string(key))
        .tok(Class::Punctuation, ":")
        .text(" ")
        .tok(Class::String, &expr(value))
        .tok(Class::Punctuation, ",");
}

/// `data=` with the raw body: one literal per line of text inside parentheses, joined by Python's
/// adjacent-literal rule, or by `+` when placeholders are involved; bytes when not plain ASCII.
fn raw_body(code: &mut Code<'_, impl Sink>, raw: &[Piece]) {
    let lines = split_lines(raw);
    let encode = raw.iter().any(|p| match p {
        Piece::Text(t) => !t.is_ascii(),
        _ => true,
    });
    code.line(Part::Body)
        .text(INDENT)
        .tok(Class::Attribute, "data")
        .tok(Class::Punctuation, "=");
    if lines.len() == 1 {
        let one = expr(&lines[0]);
        if encode && lines[0].len() > 1 {
            code.tok(Class::Punctuation, "(")
                .tok(Class::String, &one)
                .tok(Class::Punctuation, ")");
        } else {
            code.tok(Class::String, &one);
        }
    } else {
        let plus = has_env(raw);
        code.tok(Class::Punctuation, "(");
        for (i, line) in lines.iter().enumerate() {
            code.line(Part::Body).text(INDENT).text(INDENT);
            if plus && i > 0 {
                code.tok(Class::Punctuation, "+").text(" ");
            }
            code.tok(Class::String, &expr(line));
        }
        code.line(Part::Body)
            .text(INDENT)
            .tok(Class::Punctuation, ")");
    }
    if encode {
        code.tok(Class::Punctuation, ".")
            .tok(Class::Function, "encode")
            .tok(Class::Punctuation, "()");
    }
    code.tok(Class::Punctuation, ",");
}

/// `files=` with every part in order, as `(name, (filename, content, type))` tuples: a text field
/// with no filename (`None`) and no type, so it is sent as a plain field; a file opened in binary.
fn files(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    code.line(Part::Body)
        .text(INDENT)
        .tok(Class::Attribute, "files")
        .tok(Class::Punctuation, "=[");
    for part in parts {
        code.line(Part::Field(part.name.clone()))
            .text(INDENT)
            .text(INDENT)
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string(&part.name))
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::Punctuation, "(");
        match &part.content {
            PartContent::Text(value) => {
                code.tok(Class::Keyword, "None")
                    .tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::String, &string(value));
            }
            PartContent::File(file) => {
                code.tok(Class::String, &string(&file.filename))
                    .tok(Class::Punctuation, ",")
                    .text(" ");
                match &file.source {
                    FileSource::Path { path, .. } => code
                        .tok(Class::Function, "open")
                        .tok(Class::Punctuation, "(")
                        .tok(Class::String, &string(path))
                        .tok(Class::Punctuation, ",")
                        .text(" ")
                        .tok(Class::String, "\"rb\"")
                        .tok(Class::Punctuation, ")"),
                    FileSource::Inline(text) => code
                        .tok(Class::String, &string(text))
                        .tok(Class::Punctuation, ".")
                        .tok(Class::Function, "encode")
                        .tok(Class::Punctuation, "()"),
                };
                code.tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::String, &string(&file.content_type));
            }
        }
        code.tok(Class::Punctuation, ")),");
    }
    code.line(Part::Body)
        .text(INDENT)
        .tok(Class::Punctuation, "],");
}

/// JSON values as Python literals.
const JSON: JsonDialect = JsonDialect {
    null: "None",
    bools: ["False", "True"],
    indent: INDENT,
    string,
    key: (string, Class::String),
};

/// An expression for pieces: literals and `os.environ["NAME"]` joined with `+`.
pub(super) fn expr(pieces: &[Piece]) -> String {
    concat(pieces, " + ", string, &|name, _| {
        format!("os.environ[{name}]")
    })
}

/// A double-quoted string literal: invisible characters as `\x`, `\u` or `\U` escapes.
const STRING: Escaper = Escaper {
    codes: &[
        (0xFF, Form::Hex2),
        (0xFFFF, Form::Hex4),
        (0x10_FFFF, Form::Hex8),
    ],
    ..Escaper::DOUBLE_QUOTED
};

/// A double-quoted string literal.
pub(super) fn string(s: &str) -> String {
    STRING.literal(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly() {
        assert_eq!(
            string("a\"b\\c\n\r\t\u{0}é\u{feff}\u{e0001}"),
            r#""a\"b\\c\n\r\t\x00é\ufeff\U000e0001""#
        );
        assert_eq!(string("'; rm -rf ~; '"), r#""'; rm -rf ~; '""#);
        assert_eq!(string("{x} $y"), r#""{x} $y""#);
    }

    #[test]
    fn placeholders_read_os_environ() {
        let p = vec![
            Piece::Text("Bearer ".into()),
            Piece::Env("ACCESS_TOKEN".into()),
        ];
        assert_eq!(expr(&p), r#""Bearer " + os.environ["ACCESS_TOKEN"]"#);
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\u{1}");
    }
}
