//! A complete Go program (`package main`) with `net/http`.
//!
//! Text is an interpreted string literal with quotes, backslashes, controls and invisible characters
//! escaped (`\u` for anything past ASCII, so the source stays valid UTF-8), or a raw string literal
//! for a multi-line body that holds no backtick, carriage return or invisible character.
//! Placeholders read `os.Getenv("NAME")`, through `url.QueryEscape` in a query value; a form is
//! built with `url.Values`, whose `Encode` sorts the fields by name.

use super::code::{Code, Sink};
use super::escape::{Escaper, Form, needs_escape};
use super::lines::{Class, Part};
use super::piece::{Piece, concat, literal, pieces, split_lines};
use super::prepared::{Body, Prepared};
use crate::catalog::model::{FileSource, FileUpload, FormPart, PartContent};

/// Generates the program: build the request, send it, print the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let headers = &prep.headers;
    let url = &prep.url;
    let uses_env = prep.uses_env;
    let uses_url = matches!(body, Some(Body::Form(_)))
        || url.iter().any(|p| matches!(p, Piece::EnvEncoded(_)));

    let multipart = match body {
        Some(Body::Multipart(parts)) => Some(*parts),
        _ => None,
    };
    let reads_files = multipart.is_some_and(|parts| parts.iter().any(reads_file));
    let mut imports = vec!["fmt", "io"];
    if multipart.is_some() {
        imports.insert(0, "bytes");
        imports.push("mime/multipart");
    }
    imports.push("net/http");
    if multipart.is_some() {
        imports.push("net/textproto");
    }
    if uses_url {
        imports.push("net/url");
    }
    if uses_env || reads_files {
        imports.push("os");
    }
    if body.is_some() && multipart.is_none() {
        imports.push("strings");
    }

    code.line(Part::Plain)
        .tok(Class::Keyword, "package")
        .text(" ")
        .tok(Class::Variable, "main");
    code.blank();
    code.line(Part::Plain)
        .tok(Class::Keyword, "import")
        .text(" ")
        .tok(Class::Punctuation, "(");
    for import in imports {
        code.line(Part::Plain)
            .text("\t")
            .tok(Class::String, &string(import));
    }
    code.line(Part::Plain).tok(Class::Punctuation, ")");
    code.blank();
    code.line(Part::Plain)
        .tok(Class::Keyword, "func")
        .text(" ")
        .tok(Class::Function, "main")
        .tok(Class::Punctuation, "()")
        .text(" ")
        .tok(Class::Punctuation, "{");

    match &body {
        None => {}
        Some(Body::Form(form)) => {
            code.line(Part::Body)
                .text("\t")
                .tok(Class::Variable, "form")
                .text(" ")
                .tok(Class::Punctuation, ":=")
                .text(" ")
                .tok(Class::Variable, "url")
                .tok(Class::Punctuation, ".")
                .tok(Class::Function, "Values")
                .tok(Class::Punctuation, "{}");
            for (k, v) in *form {
                code.line(Part::Body)
                    .text("\t")
                    .tok(Class::Variable, "form")
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "Set")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(k))
                    .tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::String, &expr(&pieces(v)))
                    .tok(Class::Punctuation, ")");
            }
            reader(code, |code| {
                code.tok(Class::Variable, "form")
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "Encode")
                    .tok(Class::Punctuation, "()");
            });
        }
        Some(Body::Json(_, text)) => {
            let text = vec![Piece::Text(text.clone())];
            reader(code, |code| body_expr(code, &text));
        }
        Some(Body::Raw(raw)) => reader(code, |code| body_expr(code, raw)),
        Some(Body::Multipart(parts)) => form_writer(code, parts),
    }

    code.line(Part::Target)
        .text("\t")
        .tok(Class::Variable, "req")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "err")
        .text(" ")
        .tok(Class::Punctuation, ":=")
        .text(" ")
        .tok(Class::Variable, "http")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "NewRequest")
        .tok(Class::Punctuation, "(");
    match method_constant(&request.method) {
        Some(constant) => code
            .tok(Class::Variable, "http")
            .tok(Class::Punctuation, ".")
            .tok(Class::Keyword, constant),
        None => code.tok(Class::String, &string(&request.method)),
    };
    code.tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::String, &expr(url))
        .tok(Class::Punctuation, ",")
        .text(" ");
    if body.is_some() {
        code.tok(Class::Variable, "body");
    } else {
        code.tok(Class::Keyword, "nil");
    }
    code.tok(Class::Punctuation, ")");
    check_err(code);

    let mut seen: Vec<String> = Vec::new();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        let add = seen.contains(&lower);
        seen.push(lower.clone());
        code.line(Part::Header(lower))
            .text("\t")
            .tok(Class::Variable, "req")
            .tok(Class::Punctuation, ".")
            .tok(Class::Attribute, "Header")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, if add { "Add" } else { "Set" })
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string(name))
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::String, &expr(value))
            .tok(Class::Punctuation, ")");
    }
    if multipart.is_some() {
        code.line(Part::Body)
            .text("\t")
            .tok(Class::Variable, "req")
            .tok(Class::Punctuation, ".")
            .tok(Class::Attribute, "Header")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "Set")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string("Content-Type"))
            .tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::Variable, "form")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "FormDataContentType")
            .tok(Class::Punctuation, "())");
    }
    code.blank();
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Variable, "resp")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "err")
        .text(" ")
        .tok(Class::Punctuation, ":=")
        .text(" ")
        .tok(Class::Variable, "http")
        .tok(Class::Punctuation, ".")
        .tok(Class::Variable, "DefaultClient")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "Do")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "req")
        .tok(Class::Punctuation, ")");
    check_err(code);
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Keyword, "defer")
        .text(" ")
        .tok(Class::Variable, "resp")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Body")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "Close")
        .tok(Class::Punctuation, "()");
    code.blank();
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Variable, "respBody")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "err")
        .text(" ")
        .tok(Class::Punctuation, ":=")
        .text(" ")
        .tok(Class::Variable, "io")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "ReadAll")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "resp")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Body")
        .tok(Class::Punctuation, ")");
    check_err(code);
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Variable, "fmt")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "Println")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "resp")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Status")
        .tok(Class::Punctuation, ")");
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Variable, "fmt")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "Println")
        .tok(Class::Punctuation, "(")
        .tok(Class::Function, "string")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "respBody")
        .tok(Class::Punctuation, "))");
    code.line(Part::Plain).tok(Class::Punctuation, "}");
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

/// `body` written by a `multipart.Writer`: a text field with `WriteField`, a file with
/// `CreatePart` and the header fields it needs (`CreateFormFile` would always send
/// `application/octet-stream`).
fn form_writer(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    let assign = |code: &mut Code<'_, _>, vars: &str, first: bool| {
        code.text("\t")
            .tok(Class::Variable, vars)
            .text(" ")
            .tok(Class::Punctuation, if first { ":=" } else { "=" })
            .text(" ");
    };
    code.line(Part::Body);
    assign(code, "body", true);
    code.tok(Class::Punctuation, "&")
        .tok(Class::Variable, "bytes")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "Buffer")
        .tok(Class::Punctuation, "{}");
    code.line(Part::Body);
    assign(code, "form", true);
    code.tok(Class::Variable, "multipart")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "NewWriter")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "body")
        .tok(Class::Punctuation, ")");
    let (mut part_declared, mut data_declared) = (false, false);
    for part in parts {
        let field = Part::Field(part.name.clone());
        let file = match &part.content {
            PartContent::Text(value) => {
                code.line(field)
                    .text("\t")
                    .tok(Class::Variable, "form")
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "WriteField")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(&part.name))
                    .tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::String, &spaced(&[Piece::Text(value.clone())]))
                    .tok(Class::Punctuation, ")");
                continue;
            }
            PartContent::File(file) => file,
        };
        let disposition = format!(
            "form-data; name=\"{}\"; filename=\"{}\"",
            part.name, file.filename
        );
        code.line(field.clone());
        assign(code, "part, err", !part_declared);
        part_declared = true;
        code.tok(Class::Variable, "form")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "CreatePart")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, "textproto")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "MIMEHeader")
            .tok(Class::Punctuation, "{");
        // gofmt aligns the values of the two keys.
        for (name, value, pad) in [
            ("Content-Disposition", disposition.as_str(), " "),
            ("Content-Type", file.content_type.as_str(), "        "),
        ] {
            code.line(field.clone())
                .text("\t\t")
                .tok(Class::String, &string(name))
                .tok(Class::Punctuation, ":")
                .text(pad)
                .tok(Class::Punctuation, "{")
                .tok(Class::String, &string(value))
                .tok(Class::Punctuation, "},");
        }
        code.line(field.clone())
            .text("\t")
            .tok(Class::Punctuation, "})");
        check_err(code);
        let content = match &file.source {
            FileSource::Path { path, .. } => {
                code.line(field.clone());
                assign(code, "data, err", !data_declared);
                data_declared = true;
                code.tok(Class::Variable, "os")
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "ReadFile")
                    .tok(Class::Punctuation, "(")
                    .tok(Class::String, &string(path))
                    .tok(Class::Punctuation, ")");
                check_err(code);
                "data".to_owned()
            }
            FileSource::Inline(text) => format!("[]byte({})", spaced(&[Piece::Text(text.clone())])),
        };
        code.line(field)
            .text("\t")
            .tok(Class::Variable, "part")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "Write")
            .tok(Class::Punctuation, "(")
            .text(&content)
            .tok(Class::Punctuation, ")");
    }
    code.line(Part::Body)
        .text("\t")
        .tok(Class::Variable, "form")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "Close")
        .tok(Class::Punctuation, "()");
}

/// `body := strings.NewReader(…)`, the argument written by `arg`.
fn reader<S: Sink>(code: &mut Code<'_, S>, arg: impl FnOnce(&mut Code<'_, S>)) {
    code.line(Part::Body)
        .text("\t")
        .tok(Class::Variable, "body")
        .text(" ")
        .tok(Class::Punctuation, ":=")
        .text(" ")
        .tok(Class::Variable, "strings")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "NewReader")
        .tok(Class::Punctuation, "(");
    arg(code);
    code.tok(Class::Punctuation, ")");
}

/// A body: one raw string when it can be, else one interpreted literal per line of text joined by `+`.
fn body_expr(code: &mut Code<'_, impl Sink>, raw: &[Piece]) {
    if let Some(text) = literal(raw)
        && text.contains('\n')
        && raw_ok(&text)
    {
        code.tok(Class::String, &format!("`{text}`"));
        return;
    }
    let lines = split_lines(raw);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            code.text(" ")
                .tok(Class::Punctuation, "+")
                .same()
                .text("\t\t");
        }
        code.tok(Class::String, &spaced(line));
    }
}

/// `if err != nil { panic(err) }`.
fn check_err(code: &mut Code<'_, impl Sink>) {
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Keyword, "if")
        .text(" ")
        .tok(Class::Variable, "err")
        .text(" ")
        .tok(Class::Punctuation, "!=")
        .text(" ")
        .tok(Class::Keyword, "nil")
        .text(" ")
        .tok(Class::Punctuation, "{");
    code.line(Part::Plain)
        .text("\t\t")
        .tok(Class::Function, "panic")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "err")
        .tok(Class::Punctuation, ")");
    code.line(Part::Plain)
        .text("\t")
        .tok(Class::Punctuation, "}");
}

/// The `net/http` constant for a standard method.
fn method_constant(method: &str) -> Option<&'static str> {
    Some(match method {
        "GET" => "MethodGet",
        "HEAD" => "MethodHead",
        "POST" => "MethodPost",
        "PUT" => "MethodPut",
        "PATCH" => "MethodPatch",
        "DELETE" => "MethodDelete",
        "CONNECT" => "MethodConnect",
        "OPTIONS" => "MethodOptions",
        "TRACE" => "MethodTrace",
        _ => return None,
    })
}

/// Whether text can be a raw string literal and mean exactly itself.
fn raw_ok(text: &str) -> bool {
    !text.contains('`') && !needs_escape(text)
}

/// An expression for pieces: literals and `os.Getenv("NAME")` joined with `+`, written as gofmt does
/// in an argument list of several arguments (no spaces around `+`).
pub(super) fn expr(pieces: &[Piece]) -> String {
    join(pieces, "+")
}

/// The same expression as the only argument of a call, where gofmt spaces the `+`.
fn spaced(pieces: &[Piece]) -> String {
    join(pieces, " + ")
}

fn join(pieces: &[Piece], plus: &str) -> String {
    concat(pieces, plus, string, &|name, encoded| {
        if encoded {
            format!("url.QueryEscape(os.Getenv({name}))")
        } else {
            format!("os.Getenv({name})")
        }
    })
}

/// An interpreted string literal: invisible characters as `\x` escapes in ASCII, `\u` or `\U`
/// past it, so the source stays valid UTF-8.
const STRING: Escaper = Escaper {
    codes: &[
        (0x7F, Form::Hex2),
        (0xFFFF, Form::Hex4),
        (0x10_FFFF, Form::Hex8),
    ],
    ..Escaper::DOUBLE_QUOTED
};

/// An interpreted string literal.
pub(super) fn string(s: &str) -> String {
    STRING.literal(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly() {
        assert_eq!(
            string("a\"b\\c\n\t\u{1b}\u{85}\u{feff}é`"),
            r#""a\"b\\c\n\t\x1b\u0085\ufeffé`""#
        );
    }

    #[test]
    fn raw_strings_only_when_exact() {
        assert!(raw_ok("{\n\t\"a\": \"\\\"\n}"));
        assert!(!raw_ok("a`b"));
        assert!(!raw_ok("a\r\nb"));
        assert!(!raw_ok("\u{feff}"));
    }

    #[test]
    fn encoded_placeholders_use_query_escape() {
        let p = vec![
            Piece::Text("https://a/?q=".into()),
            Piece::EnvEncoded("Q".into()),
        ];
        assert_eq!(
            expr(&p),
            r#""https://a/?q="+url.QueryEscape(os.Getenv("Q"))"#
        );
        assert_eq!(
            spaced(&p),
            r#""https://a/?q=" + url.QueryEscape(os.Getenv("Q"))"#
        );
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\u{1}");
    }
}
