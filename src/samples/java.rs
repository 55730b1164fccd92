//! A complete Java program (`Main.java`, Java 11 or later) with `java.net.http`.
//!
//! Strings are double-quoted with quotes and backslashes escaped, controls as octal escapes (a
//! `\u000a` would end the line before the compiler sees the string) and other invisible characters
//! as `\u` escapes. Placeholders read `System.getenv("NAME")`, through `URLEncoder.encode` in a query
//! or form value. A body is a `String` built one line of text per line of code.

use super::code::{Code, Sink};
use super::escape::{Escaper, Form};
use super::lines::{Class, Part};
use super::piece::{Piece, concat, split_lines};
use super::prepared::{Body, Prepared};
use super::url::{Value, fields};
use super::wire::{multipart_boundary, part_headers};
use crate::catalog::model::{FileSource, FileUpload, FormPart, PartContent};

const I2: &str = "        ";
const I3: &str = "            ";

/// Generates the program: build the request, send it, print the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    let url = &prep.url;
    let multipart = match body {
        Some(Body::Multipart(parts)) => Some(*parts),
        _ => None,
    };
    let body_pieces: Option<Vec<Vec<Piece>>> = body.as_ref().and_then(|b| match b {
        Body::Json(_, text) => Some(split_lines(&[Piece::Text(text.clone())])),
        Body::Raw(raw) => Some(split_lines(raw)),
        Body::Form(form) => Some(fields("", *form, Value::EncodedAtRunTime).collect()),
        Body::Multipart(_) => None,
    });
    let encodes = url
        .iter()
        .chain(body_pieces.iter().flatten().flatten())
        .any(|p| matches!(p, Piece::EnvEncoded(_)));

    let mut imports = vec![];
    if multipart.is_some() {
        imports.push("java.io.ByteArrayOutputStream");
    }
    imports.push("java.net.URI");
    if encodes {
        imports.push("java.net.URLEncoder");
    }
    imports.extend([
        "java.net.http.HttpClient",
        "java.net.http.HttpRequest",
        "java.net.http.HttpResponse",
    ]);
    if encodes || multipart.is_some() {
        imports.push("java.nio.charset.StandardCharsets");
    }
    if multipart.is_some_and(|parts| parts.iter().any(reads_file)) {
        imports.extend(["java.nio.file.Files", "java.nio.file.Path"]);
    }
    for import in imports {
        code.line(Part::Plain)
            .tok(Class::Keyword, "import")
            .text(" ")
            .tok(Class::Variable, import)
            .tok(Class::Punctuation, ";");
    }
    code.blank();
    code.line(Part::Plain)
        .tok(Class::Keyword, "public class")
        .text(" ")
        .tok(Class::Variable, "Main")
        .text(" ")
        .tok(Class::Punctuation, "{");
    code.line(Part::Plain)
        .text("    ")
        .tok(Class::Keyword, "public static void")
        .text(" ")
        .tok(Class::Function, "main")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "String")
        .tok(Class::Punctuation, "[]")
        .text(" ")
        .tok(Class::Variable, "args")
        .tok(Class::Punctuation, ")")
        .text(" ")
        .tok(Class::Keyword, "throws")
        .text(" ")
        .tok(Class::Variable, "Exception")
        .text(" ")
        .tok(Class::Punctuation, "{");

    if let Some(lines) = &body_pieces {
        code.line(Part::Body)
            .text(I2)
            .tok(Class::Variable, "String")
            .text(" ")
            .tok(Class::Variable, "body")
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ");
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                code.line(Part::Body)
                    .text(I3)
                    .tok(Class::Punctuation, "+")
                    .text(" ");
            }
            code.tok(Class::String, &expr(line));
        }
        code.tok(Class::Punctuation, ";");
    }

    if let Some(parts) = multipart {
        form_bytes(code, parts);
    }

    code.line(Part::Target)
        .text(I2)
        .tok(Class::Variable, "HttpRequest")
        .text(" ")
        .tok(Class::Variable, "request")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "HttpRequest")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "newBuilder")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "URI")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "create")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, &expr(url))
        .tok(Class::Punctuation, "))");
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("proxy-authorization") {
            code.header(name).text(I3).tok(
                Class::Comment,
                "// sent only through a proxy set with HttpClient.newBuilder().proxy(...)",
            );
        }
        code.header(name)
            .text(I3)
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "header")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string(name))
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::String, &expr(value))
            .tok(Class::Punctuation, ")");
    }
    if multipart.is_some() {
        code.line(Part::Body)
            .text(I3)
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "header")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string("Content-Type"))
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::String, &string("multipart/form-data; boundary="))
            .text(" ")
            .tok(Class::Punctuation, "+")
            .text(" ")
            .tok(Class::Variable, "boundary")
            .tok(Class::Punctuation, ")");
    }
    code.line(Part::Target)
        .text(I3)
        .tok(Class::Punctuation, ".");
    let has_body = if multipart.is_some() {
        Publisher::Bytes
    } else if body.is_some() {
        Publisher::Text
    } else {
        Publisher::None
    };
    match (request.method.as_str(), has_body) {
        ("GET" | "DELETE", Publisher::None) => {
            code.tok(Class::Function, &request.method)
                .tok(Class::Punctuation, "()");
        }
        ("POST" | "PUT", _) => {
            code.tok(Class::Function, &request.method)
                .tok(Class::Punctuation, "(");
            publisher(code, has_body);
            code.tok(Class::Punctuation, ")");
        }
        (method, _) => {
            code.tok(Class::Function, "method")
                .tok(Class::Punctuation, "(")
                .tok(Class::String, &string(method))
                .tok(Class::Punctuation, ",")
                .text(" ");
            publisher(code, has_body);
            code.tok(Class::Punctuation, ")");
        }
    }
    code.line(Part::Plain)
        .text(I3)
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "build")
        .tok(Class::Punctuation, "();");
    code.line(Part::Plain)
        .text(I2)
        .tok(Class::Variable, "HttpResponse")
        .tok(Class::Punctuation, "<")
        .tok(Class::Variable, "String")
        .tok(Class::Punctuation, ">")
        .text(" ")
        .tok(Class::Variable, "response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "HttpClient")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "newHttpClient")
        .tok(Class::Punctuation, "()");
    code.line(Part::Plain)
        .text(I3)
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "send")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "request")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "HttpResponse")
        .tok(Class::Punctuation, ".")
        .tok(Class::Variable, "BodyHandlers")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "ofString")
        .tok(Class::Punctuation, "());");
    for what in ["statusCode", "body"] {
        code.line(Part::Plain)
            .text(I2)
            .tok(Class::Variable, "System")
            .tok(Class::Punctuation, ".")
            .tok(Class::Variable, "out")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "println")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, "response")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, what)
            .tok(Class::Punctuation, "());");
    }
    code.line(Part::Plain)
        .text("    ")
        .tok(Class::Punctuation, "}");
    code.line(Part::Plain).tok(Class::Punctuation, "}");
}

/// What the request's body publisher sends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Publisher {
    /// No body.
    None,
    /// The `String` `body`.
    Text,
    /// The bytes written to `form`.
    Bytes,
}

/// `HttpRequest.BodyPublishers.ofString(body)`, `ofByteArray(form.toByteArray())` or `noBody()`.
fn publisher(code: &mut Code<'_, impl Sink>, body: Publisher) {
    code.tok(Class::Variable, "HttpRequest")
        .tok(Class::Punctuation, ".")
        .tok(Class::Variable, "BodyPublishers")
        .tok(Class::Punctuation, ".");
    match body {
        Publisher::Text => code
            .tok(Class::Function, "ofString")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, "body")
            .tok(Class::Punctuation, ")"),
        Publisher::Bytes => code
            .tok(Class::Function, "ofByteArray")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, "form")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "toByteArray")
            .tok(Class::Punctuation, "())"),
        Publisher::None => code
            .tok(Class::Function, "noBody")
            .tok(Class::Punctuation, "()"),
    };
}

/// Whether a part reads a file from disk.
fn reads_file(part: &FormPart) -> bool {
    matches!(
        &part.content,
        PartContent::File(FileUpload {
            source: FileSource::Path { .. },
            ..
        })
    )
}

/// The multipart body written by hand into `form` (the JDK has no multipart builder): each part's
/// delimiter and header fields, its content, then the close delimiter, every line break CRLF.
fn form_bytes(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    let utf8 = ".getBytes(StandardCharsets.UTF_8)";
    code.line(Part::Body)
        .text(I2)
        .tok(Class::Variable, "String")
        .text(" ")
        .tok(Class::Variable, "boundary")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::String, &string(&multipart_boundary(parts)))
        .tok(Class::Punctuation, ";");
    code.line(Part::Body)
        .text(I2)
        .tok(Class::Variable, "ByteArrayOutputStream")
        .text(" ")
        .tok(Class::Variable, "form")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "new")
        .text(" ")
        .tok(Class::Function, "ByteArrayOutputStream")
        .tok(Class::Punctuation, "();");
    for part in parts {
        let field = Part::Field(part.name.clone());
        let mut head = String::new();
        for (name, value) in part_headers(part) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        write_call(code, field.clone())
            .tok(Class::Punctuation, "((")
            .tok(Class::String, &string("--"))
            .text(" + ")
            .tok(Class::Variable, "boundary")
            .text(" + ")
            .tok(Class::String, &string(&format!("\r\n{head}")))
            .tok(Class::Punctuation, ")")
            .text(utf8)
            .tok(Class::Punctuation, ");");
        let content = match &part.content {
            PartContent::Text(text)
            | PartContent::File(FileUpload {
                source: FileSource::Inline(text),
                ..
            }) => format!("{}{utf8}", string(text)),
            PartContent::File(FileUpload {
                source: FileSource::Path { path, .. },
                ..
            }) => format!("Files.readAllBytes(Path.of({}))", string(path)),
        };
        write_call(code, field.clone())
            .tok(Class::Punctuation, "(")
            .text(&content)
            .tok(Class::Punctuation, ");");
        write_call(code, field)
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string("\r\n"))
            .text(utf8)
            .tok(Class::Punctuation, ");");
    }
    write_call(code, Part::Body)
        .tok(Class::Punctuation, "((")
        .tok(Class::String, &string("--"))
        .text(" + ")
        .tok(Class::Variable, "boundary")
        .text(" + ")
        .tok(Class::String, &string("--\r\n"))
        .tok(Class::Punctuation, ")")
        .text(utf8)
        .tok(Class::Punctuation, ");");
}

/// Starts a line carrying `part` with `form.write`, for the caller to write the arguments.
fn write_call<'c, 'a, S: Sink>(code: &'c mut Code<'a, S>, part: Part) -> &'c mut Code<'a, S> {
    code.line(part)
        .text(I2)
        .tok(Class::Variable, "form")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "write")
}

/// An expression for pieces: literals and `System.getenv("NAME")` joined with `+`.
pub(super) fn expr(pieces: &[Piece]) -> String {
    concat(pieces, " + ", string, &|name, encoded| {
        if encoded {
            format!("URLEncoder.encode(System.getenv({name}), StandardCharsets.UTF_8)")
        } else {
            format!("System.getenv({name})")
        }
    })
}

/// A string literal: controls as octal escapes (a `\u000a` would end the line before the compiler
/// sees the string), other invisible characters as UTF-16 `\u` escapes.
const STRING: Escaper = Escaper {
    codes: &[(0xFF, Form::Octal), (0x10_FFFF, Form::Utf16)],
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
    fn strings_escape_controls_as_octal() {
        assert_eq!(string("a\"b\\c\n\u{0}1\u{85}"), r#""a\"b\\c\n\0001\205""#);
        assert_eq!(string("\u{feff}\u{e0001}é"), r#""\ufeff\udb40\udc01é""#);
        assert_eq!(string("\\u0041"), r#""\\u0041""#);
    }

    #[test]
    fn encoded_placeholders_use_urlencoder() {
        assert_eq!(
            expr(&[Piece::EnvEncoded("Q".into())]),
            r#"URLEncoder.encode(System.getenv("Q"), StandardCharsets.UTF_8)"#
        );
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\u{1}");
    }
}
