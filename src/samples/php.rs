//! PHP with the curl extension.
//!
//! Strings are single-quoted, where only `\` and `'` need a backslash, unless they hold a control or
//! invisible character: then they are double-quoted with `\`, `"` and `$` escaped and the character
//! written as an escape. Placeholders read `getenv('NAME')`, through `rawurlencode` in a query value;
//! a form is built with `http_build_query`. Header lines are given to curl as `Name: value`, or
//! `Name;` for an empty value, which curl would otherwise drop.

use super::code::{Code, Sink};
use super::escape::{Escaper, RAW_LINES, ascii_set, needs_escape};
use super::lines::{Class, Part};
use super::piece::{Piece, concat, merge_text, pieces};
use super::prepared::{Body, Prepared};
use crate::catalog::model::{FileSource, PartContent};

const I1: &str = "    ";
const I2: &str = "        ";

/// Generates the script: set the options, run the request, print the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    code.line(Part::Plain).tok(Class::Keyword, "<?php");
    code.blank();
    code.line(Part::Target)
        .tok(Class::Variable, "$ch")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Function, "curl_init")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, &expr(&prep.url))
        .tok(Class::Punctuation, ");");
    code.line(Part::Plain)
        .tok(Class::Function, "curl_setopt_array")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "$ch")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Punctuation, "[");
    match (request.method.as_str(), body.is_some()) {
        ("GET", false) | ("POST", true) => {}
        ("HEAD", false) => option(code, Part::Target, "CURLOPT_NOBODY", |c| {
            c.tok(Class::Keyword, "true");
        }),
        (method, _) => option(code, Part::Target, "CURLOPT_CUSTOMREQUEST", |c| {
            c.tok(Class::String, &string(method));
        }),
    }
    if !headers.is_empty() {
        code.line(Part::Plain)
            .text(I1)
            .tok(Class::Variable, "CURLOPT_HTTPHEADER")
            .text(" ")
            .tok(Class::Punctuation, "=>")
            .text(" ")
            .tok(Class::Punctuation, "[");
        for (name, value) in headers {
            let mut line = if value.is_empty() {
                vec![Piece::Text(format!("{name};"))]
            } else {
                vec![Piece::Text(format!("{name}: "))]
            };
            line.extend(value.iter().cloned());
            code.header(name)
                .text(I2)
                .tok(Class::String, &expr(&merge_text(line)))
                .tok(Class::Punctuation, ",");
        }
        code.line(Part::Plain)
            .text(I1)
            .tok(Class::Punctuation, "],");
    }
    match &body {
        None => {}
        Some(Body::Form(form)) => {
            code.line(Part::Body)
                .text(I1)
                .tok(Class::Variable, "CURLOPT_POSTFIELDS")
                .text(" ")
                .tok(Class::Punctuation, "=>")
                .text(" ")
                .tok(Class::Function, "http_build_query")
                .tok(Class::Punctuation, "([");
            for (k, v) in *form {
                code.line(Part::Body)
                    .text(I2)
                    .tok(Class::String, &string(k))
                    .text(" ")
                    .tok(Class::Punctuation, "=>")
                    .text(" ")
                    .tok(Class::String, &expr(&pieces(v)))
                    .tok(Class::Punctuation, ",");
            }
            code.line(Part::Body)
                .text(I1)
                .tok(Class::Punctuation, "]),");
        }
        Some(Body::Json(_, text)) => {
            let text = [Piece::Text(text.clone())];
            option(code, Part::Body, "CURLOPT_POSTFIELDS", |c| {
                c.tok(Class::String, &expr(&text));
            });
        }
        Some(Body::Raw(raw)) => option(code, Part::Body, "CURLOPT_POSTFIELDS", |c| {
            c.tok(Class::String, &expr(raw));
        }),
        Some(Body::Multipart(parts)) => {
            // An array sends `multipart/form-data`: a string as a text field, a `CURLFile` as
            // a file on disk, a `CURLStringFile` (PHP 8.1) as content written here.
            code.line(Part::Body)
                .text(I1)
                .tok(Class::Variable, "CURLOPT_POSTFIELDS")
                .text(" ")
                .tok(Class::Punctuation, "=>")
                .text(" ")
                .tok(Class::Punctuation, "[");
            for part in *parts {
                code.line(Part::Field(part.name.clone()))
                    .text(I2)
                    .tok(Class::String, &string(&part.name))
                    .text(" ")
                    .tok(Class::Punctuation, "=>")
                    .text(" ");
                match &part.content {
                    PartContent::Text(value) => code.tok(Class::String, &string(value)),
                    PartContent::File(file) => {
                        let (class, first) = match &file.source {
                            FileSource::Path { path, .. } => ("CURLFile", path),
                            FileSource::Inline(text) => ("CURLStringFile", text),
                        };
                        let (second, third) = match &file.source {
                            FileSource::Path { .. } => (&file.content_type, &file.filename),
                            FileSource::Inline(_) => (&file.filename, &file.content_type),
                        };
                        code.tok(Class::Keyword, "new")
                            .text(" ")
                            .tok(Class::Function, class)
                            .tok(Class::Punctuation, "(")
                            .tok(Class::String, &string(first))
                            .tok(Class::Punctuation, ",")
                            .text(" ")
                            .tok(Class::String, &string(second))
                            .tok(Class::Punctuation, ",")
                            .text(" ")
                            .tok(Class::String, &string(third))
                            .tok(Class::Punctuation, ")")
                    }
                };
                code.tok(Class::Punctuation, ",");
            }
            code.line(Part::Body).text(I1).tok(Class::Punctuation, "],");
        }
    }
    option(code, Part::Plain, "CURLOPT_RETURNTRANSFER", |c| {
        c.tok(Class::Keyword, "true");
    });
    code.line(Part::Plain).tok(Class::Punctuation, "]);");
    code.blank();
    code.line(Part::Plain)
        .tok(Class::Variable, "$body")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Function, "curl_exec")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "$ch")
        .tok(Class::Punctuation, ");");
    code.line(Part::Plain)
        .tok(Class::Keyword, "echo")
        .text(" ")
        .tok(Class::Function, "curl_getinfo")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "$ch")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "CURLINFO_RESPONSE_CODE")
        .tok(Class::Punctuation, "),")
        .text(" ")
        .tok(Class::Variable, "PHP_EOL")
        .tok(Class::Punctuation, ";");
    code.line(Part::Plain)
        .tok(Class::Keyword, "echo")
        .text(" ")
        .tok(Class::Variable, "$body")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "PHP_EOL")
        .tok(Class::Punctuation, ";");
}

/// One `CURLOPT_… => value,` line, the value written by `value`.
fn option<S: Sink>(
    code: &mut Code<'_, S>,
    part: Part,
    name: &str,
    value: impl FnOnce(&mut Code<'_, S>),
) {
    code.line(part)
        .text(I1)
        .tok(Class::Variable, name)
        .text(" ")
        .tok(Class::Punctuation, "=>")
        .text(" ");
    value(code);
    code.tok(Class::Punctuation, ",");
}

/// An expression for pieces: literals and `getenv('NAME')` joined with `.`.
pub(super) fn expr(pieces: &[Piece]) -> String {
    concat(pieces, " . ", string, &|name, encoded| {
        if encoded {
            format!("rawurlencode(getenv({name}))")
        } else {
            format!("getenv({name})")
        }
    })
}

/// A single-quoted literal: only `\` and `'` take a backslash; line breaks and tabs are kept as
/// they are, and no other invisible character can be written.
const SINGLE: Escaper = Escaper {
    quote: '\'',
    special: ascii_set(b"\\'"),
    named: RAW_LINES,
    codes: &[],
    ..Escaper::DOUBLE_QUOTED
};

/// A double-quoted literal, which interpolates `$`: invisible characters as `\u{…}`.
const DOUBLE: Escaper = Escaper {
    special: ascii_set(b"\"\\$"),
    ..Escaper::DOUBLE_QUOTED
};

/// A string literal: single-quoted (newlines and tabs kept as they are) unless it holds another
/// control or invisible character.
pub(super) fn string(s: &str) -> String {
    if needs_escape(s) {
        DOUBLE.literal(s)
    } else {
        SINGLE.literal(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_are_single_quoted() {
        assert_eq!(string(r"it's a \ $x {$y}"), r"'it\'s a \\ $x {$y}'");
        assert_eq!(string("a\nb"), "'a\nb'");
    }

    #[test]
    fn controls_switch_to_double_quotes() {
        assert_eq!(string("a\r\n\"$x\"\\\u{0}"), r#""a\r\n\"\$x\"\\\u{0}""#);
    }

    #[test]
    fn placeholders_read_getenv() {
        let p = vec![Piece::Text("Bearer ".into()), Piece::Env("T".into())];
        assert_eq!(expr(&p), "'Bearer ' . getenv('T')");
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        // A line break keeps the single quotes but takes the path that escapes by character.
        let special = SINGLE.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\n");
    }
}
