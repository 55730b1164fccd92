//! C# top-level statements (a `Program.cs` of a .NET 6 or later console project) with `HttpClient`.
//!
//! Strings are regular literals with quotes and backslashes escaped, controls and invisible
//! characters as `\u` escapes (`\x` would swallow the hex digits after it). Placeholders read
//! `Environment.GetEnvironmentVariable("NAME")`, through `Uri.EscapeDataString` in a query value.
//! Header fields are added without validation, so the value is sent as written; `Content-*` fields
//! belong to the content, so they replace the defaults `StringContent` sets.

use super::code::{Code, Sink};
use super::escape::{C_NAMED_NUL, Escaper, Form};
use super::lines::{Class, Part};
use super::piece::{Piece, concat, pieces, split_lines};
use super::prepared::{Body, Prepared};
use crate::catalog::model::{FileSource, FormPart, PartContent};

/// `request.Content` as a `MultipartFormDataContent`, each part a content of its own whose
/// `Content-Disposition` (and a file's `Content-Type`) is set as sent: `Add(content, name)` would
/// write the name unquoted and add a `filename*` parameter, and `StringContent` a `text/plain`
/// type a text field does not carry.
fn multipart_content(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    const HEADERS: &str = "System.Net.Http.Headers";
    code.line(Part::Body)
        .tok(Class::Keyword, "var")
        .text(" ")
        .tok(Class::Variable, "form")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "new")
        .text(" ")
        .tok(Class::Function, "MultipartFormDataContent")
        .tok(Class::Punctuation, "();");
    for (i, part) in parts.iter().enumerate() {
        let field = Part::Field(part.name.clone());
        let var = format!("part{}", i + 1);
        let (bytes, disposition) = match &part.content {
            PartContent::Text(value) => (
                format!("Encoding.UTF8.GetBytes({})", string(value)),
                format!("Name = {}", string(&format!("\"{}\"", part.name))),
            ),
            PartContent::File(file) => (
                match &file.source {
                    FileSource::Path { path, .. } => {
                        format!("File.ReadAllBytes({})", string(path))
                    }
                    FileSource::Inline(text) => {
                        format!("Encoding.UTF8.GetBytes({})", string(text))
                    }
                },
                format!(
                    "Name = {}, FileName = {}",
                    string(&format!("\"{}\"", part.name)),
                    string(&format!("\"{}\"", file.filename))
                ),
            ),
        };
        code.line(field.clone())
            .tok(Class::Keyword, "var")
            .text(" ")
            .tok(Class::Variable, &var)
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ")
            .tok(Class::Keyword, "new")
            .text(" ")
            .tok(Class::Function, "ByteArrayContent")
            .tok(Class::Punctuation, "(")
            .text(&bytes)
            .tok(Class::Punctuation, ");");
        code.line(field.clone())
            .tok(Class::Variable, &var)
            .tok(Class::Punctuation, ".")
            .tok(Class::Attribute, "Headers")
            .tok(Class::Punctuation, ".")
            .tok(Class::Attribute, "ContentDisposition")
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ")
            .tok(Class::Keyword, "new")
            .text(" ")
            .tok(
                Class::Function,
                &format!("{HEADERS}.ContentDispositionHeaderValue"),
            )
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string("form-data"))
            .tok(Class::Punctuation, ")")
            .text(" ")
            .tok(Class::Punctuation, "{")
            .text(" ")
            .text(&disposition)
            .text(" ")
            .tok(Class::Punctuation, "};");
        if let PartContent::File(file) = &part.content {
            code.line(field.clone())
                .tok(Class::Variable, &var)
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, "Headers")
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, "ContentType")
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .tok(
                    Class::Function,
                    &format!("{HEADERS}.MediaTypeHeaderValue.Parse"),
                )
                .tok(Class::Punctuation, "(")
                .tok(Class::String, &string(&file.content_type))
                .tok(Class::Punctuation, ");");
        }
        code.line(field)
            .tok(Class::Variable, "form")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "Add")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, &var)
            .tok(Class::Punctuation, ");");
    }
    code.line(Part::Body)
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Content")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "form")
        .tok(Class::Punctuation, ";");
}

/// Generates the statements: build the request, send it, print the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    code.line(Part::Plain)
        .tok(Class::Keyword, "using var")
        .text(" ")
        .tok(Class::Variable, "client")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "new")
        .text(" ")
        .tok(Class::Function, "HttpClient")
        .tok(Class::Punctuation, "();");
    code.line(Part::Target)
        .tok(Class::Keyword, "using var")
        .text(" ")
        .tok(Class::Variable, "request")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "new")
        .text(" ")
        .tok(Class::Function, "HttpRequestMessage")
        .tok(Class::Punctuation, "(");
    match method_property(&request.method) {
        Some(p) => code
            .tok(Class::Variable, "HttpMethod")
            .tok(Class::Punctuation, ".")
            .tok(Class::Keyword, p),
        None => code
            .tok(Class::Keyword, "new")
            .text(" ")
            .tok(Class::Function, "HttpMethod")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string(&request.method))
            .tok(Class::Punctuation, ")"),
    };
    code.tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::String, &expr(&prep.url))
        .tok(Class::Punctuation, ");");

    let is_content =
        |name: &str| body.is_some() && name.to_ascii_lowercase().starts_with("content-");
    for (name, value) in headers.iter().filter(|(n, _)| !is_content(n)) {
        add_header(code, "Headers", name, value);
    }
    match &body {
        None => {}
        Some(Body::Form(form)) => {
            code.line(Part::Body)
                .tok(Class::Variable, "request")
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, "Content")
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .tok(Class::Keyword, "new")
                .text(" ")
                .tok(Class::Function, "FormUrlEncodedContent")
                .tok(Class::Punctuation, "(")
                .tok(Class::Keyword, "new")
                .text(" ")
                .tok(Class::Function, "Dictionary")
                .tok(Class::Punctuation, "<")
                .tok(Class::Keyword, "string")
                .tok(Class::Punctuation, ",")
                .text(" ")
                .tok(Class::Keyword, "string")
                .tok(Class::Punctuation, ">");
            code.line(Part::Body).tok(Class::Punctuation, "{");
            for (k, v) in *form {
                code.line(Part::Body)
                    .text("    ")
                    .tok(Class::Punctuation, "[")
                    .tok(Class::String, &string(k))
                    .tok(Class::Punctuation, "]")
                    .text(" ")
                    .tok(Class::Punctuation, "=")
                    .text(" ")
                    .tok(Class::String, &expr(&pieces(v)))
                    .tok(Class::Punctuation, ",");
            }
            code.line(Part::Body).tok(Class::Punctuation, "});");
        }
        Some(Body::Json(_, text)) => string_content(code, &[Piece::Text(text.clone())]),
        Some(Body::Raw(raw)) => string_content(code, raw),
        Some(Body::Multipart(parts)) => multipart_content(code, parts),
    }
    let content: Vec<_> = headers.iter().filter(|(n, _)| is_content(n)).collect();
    let mut removed: Vec<String> = Vec::new();
    for (name, value) in content {
        let lower = name.to_ascii_lowercase();
        if !removed.contains(&lower) {
            removed.push(lower.clone());
            code.line(Part::Header(lower))
                .tok(Class::Variable, "request")
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, "Content")
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, "Headers")
                .tok(Class::Punctuation, ".")
                .tok(Class::Function, "Remove")
                .tok(Class::Punctuation, "(")
                .tok(Class::String, &string(name))
                .tok(Class::Punctuation, ");");
        }
        add_header(code, "Content.Headers", name, value);
    }

    code.blank();
    code.line(Part::Plain)
        .tok(Class::Keyword, "using var")
        .text(" ")
        .tok(Class::Variable, "response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "await")
        .text(" ")
        .tok(Class::Variable, "client")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "SendAsync")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ");");
    code.line(Part::Plain)
        .tok(Class::Variable, "Console")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "WriteLine")
        .tok(Class::Punctuation, "((")
        .tok(Class::Keyword, "int")
        .tok(Class::Punctuation, ")")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "StatusCode")
        .tok(Class::Punctuation, ");");
    code.line(Part::Plain)
        .tok(Class::Variable, "Console")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "WriteLine")
        .tok(Class::Punctuation, "(")
        .tok(Class::Keyword, "await")
        .text(" ")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Content")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "ReadAsStringAsync")
        .tok(Class::Punctuation, "());");
}

/// `request.<collection>.TryAddWithoutValidation("Name", value);`.
fn add_header(code: &mut Code<'_, impl Sink>, collection: &str, name: &str, value: &[Piece]) {
    code.header(name).tok(Class::Variable, "request");
    for part in collection.split('.') {
        code.tok(Class::Punctuation, ".")
            .tok(Class::Attribute, part);
    }
    code.tok(Class::Punctuation, ".")
        .tok(Class::Function, "TryAddWithoutValidation")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, &string(name))
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::String, &expr(value))
        .tok(Class::Punctuation, ");");
}

/// `request.Content = new StringContent(…);`, one line of text per line of code.
fn string_content(code: &mut Code<'_, impl Sink>, body: &[Piece]) {
    code.line(Part::Body)
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Content")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "new")
        .text(" ")
        .tok(Class::Function, "StringContent")
        .tok(Class::Punctuation, "(");
    for (i, line) in split_lines(body).iter().enumerate() {
        if i > 0 {
            code.line(Part::Body)
                .text("    ")
                .tok(Class::Punctuation, "+")
                .text(" ");
        }
        code.tok(Class::String, &expr(line));
    }
    code.tok(Class::Punctuation, ");");
}

/// The `HttpMethod` property for a standard method.
fn method_property(method: &str) -> Option<&'static str> {
    Some(match method {
        "GET" => "Get",
        "HEAD" => "Head",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        "OPTIONS" => "Options",
        "TRACE" => "Trace",
        _ => return None,
    })
}

/// An expression for pieces: literals and `Environment.GetEnvironmentVariable("NAME")` joined with `+`.
pub(super) fn expr(pieces: &[Piece]) -> String {
    concat(pieces, " + ", string, &|name, encoded| {
        if encoded {
            format!("Uri.EscapeDataString(Environment.GetEnvironmentVariable({name}))")
        } else {
            format!("Environment.GetEnvironmentVariable({name})")
        }
    })
}

/// A regular string literal: `\0` and the C escapes, other invisible characters as `\u` or `\U`
/// escapes (`\x` would swallow the hex digits after it).
const STRING: Escaper = Escaper {
    named: C_NAMED_NUL,
    codes: &[(0xFFFF, Form::Hex4), (0x10_FFFF, Form::Hex8)],
    upper: true,
    ..Escaper::DOUBLE_QUOTED
};

/// A regular string literal.
pub(super) fn string(s: &str) -> String {
    STRING.literal(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly() {
        assert_eq!(
            string("a\"b\\c\n\u{0}\u{1}A\u{e0001}é"),
            r#""a\"b\\c\n\0\u0001A\U000E0001é""#
        );
        assert_eq!(string("{x} $y @z"), r#""{x} $y @z""#);
    }

    #[test]
    fn encoded_placeholders_use_escape_data_string() {
        assert_eq!(
            expr(&[Piece::Text("a=".into()), Piece::EnvEncoded("Q".into())]),
            r#""a=" + Uri.EscapeDataString(Environment.GetEnvironmentVariable("Q"))"#
        );
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\u{1}");
    }
}
