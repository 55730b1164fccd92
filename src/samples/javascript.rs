//! `fetch` in a JavaScript ES module: top-level `await`, no imports, so it runs as a Node module
//! (`.mjs`) and in a browser console alike (placeholders read `process.env`, which only Node has).
//!
//! Strings are double-quoted with every quote, backslash, control and invisible character escaped;
//! text with placeholders is a template literal with `` ` ``, `\` and `$` escaped. A JSON body is
//! written as an object literal passed to `JSON.stringify`, a form as `URLSearchParams`.

use std::fmt::Write as _;

use super::code::{Code, Sink};
use super::escape::{Escaper, Form, ascii_set};
use super::json::{JsonDialect, json_literal};
use super::lines::{Class, Part};
use super::piece::{Piece, literal, pieces};
use super::prepared::{Body, Prepared};
use crate::catalog::model::{FileSource, FileUpload, FormPart, PartContent};

/// Generates `const response = await fetch(…)` and prints the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    // fetch refuses to send `Expect` (it sends the whole body at once): that field is left out,
    // and a comment says so, rather than code that fails.
    let (refused, headers): (Vec<_>, Vec<_>) = prep
        .headers
        .iter()
        .cloned()
        .partition(|(name, _)| name.eq_ignore_ascii_case("expect"));
    for (name, _) in &refused {
        code.line(Part::Plain).tok(
            Class::Comment,
            &format!("// fetch cannot send `{name}`: it sends the body without waiting."),
        );
    }
    if let Some(Body::Multipart(parts)) = body {
        form_data(code, parts);
    }
    let headers = &headers;
    let repeated = headers.iter().enumerate().any(|(i, (k, _))| {
        headers[..i]
            .iter()
            .any(|(other, _)| other.eq_ignore_ascii_case(k))
    });
    code.line(Part::Target)
        .tok(Class::Keyword, "const")
        .text(" ")
        .tok(Class::Variable, "response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "await")
        .text(" ")
        .tok(Class::Function, "fetch")
        .tok(Class::Punctuation, "(")
        .tok(Class::String, &expr(&prep.url));
    let has_options = request.method != "GET" || !headers.is_empty() || body.is_some();
    if has_options {
        code.tok(Class::Punctuation, ",")
            .text(" ")
            .tok(Class::Punctuation, "{");
        if request.method != "GET" {
            code.line(Part::Target)
                .text("  ")
                .tok(Class::Attribute, "method")
                .tok(Class::Punctuation, ":")
                .text(" ")
                .tok(Class::String, &string(&request.method))
                .tok(Class::Punctuation, ",");
        }
        if !headers.is_empty() {
            code.line(Part::Plain)
                .text("  ")
                .tok(Class::Attribute, "headers")
                .tok(Class::Punctuation, ":");
            code.text(" ")
                .tok(Class::Punctuation, if repeated { "[" } else { "{" });
            for (name, value) in headers {
                code.header(name).text("    ");
                if repeated {
                    code.tok(Class::Punctuation, "[")
                        .tok(Class::String, &string(name))
                        .tok(Class::Punctuation, ",")
                        .text(" ")
                        .tok(Class::String, &expr(value))
                        .tok(Class::Punctuation, "]");
                } else {
                    code.tok(Class::Attribute, &key(name))
                        .tok(Class::Punctuation, ":")
                        .text(" ")
                        .tok(Class::String, &expr(value));
                }
                code.tok(Class::Punctuation, ",");
            }
            code.line(Part::Plain)
                .text("  ")
                .tok(Class::Punctuation, if repeated { "]," } else { "}," });
        }
        match &body {
            None => {}
            Some(Body::Json(value, _)) => {
                code.line(Part::Body)
                    .text("  ")
                    .tok(Class::Attribute, "body")
                    .tok(Class::Punctuation, ":")
                    .text(" ")
                    .tok(Class::Variable, "JSON")
                    .tok(Class::Punctuation, ".")
                    .tok(Class::Function, "stringify")
                    .tok(Class::Punctuation, "(");
                json_literal(code, value, "  ", &JSON);
                code.tok(Class::Punctuation, "),");
            }
            Some(Body::Form(form)) => {
                code.line(Part::Body)
                    .text("  ")
                    .tok(Class::Attribute, "body")
                    .tok(Class::Punctuation, ":")
                    .text(" ")
                    .tok(Class::Keyword, "new")
                    .text(" ")
                    .tok(Class::Function, "URLSearchParams")
                    .tok(Class::Punctuation, "({");
                for (k, v) in *form {
                    code.line(Part::Body)
                        .text("    ")
                        .tok(Class::Attribute, &key(k))
                        .tok(Class::Punctuation, ":")
                        .text(" ")
                        .tok(Class::String, &expr(&pieces(v)))
                        .tok(Class::Punctuation, ",");
                }
                code.line(Part::Body)
                    .text("  ")
                    .tok(Class::Punctuation, "}),");
            }
            Some(Body::Multipart(_)) => {
                code.line(Part::Body)
                    .text("  ")
                    .tok(Class::Attribute, "body")
                    .tok(Class::Punctuation, ":")
                    .text(" ")
                    .tok(Class::Variable, "form")
                    .tok(Class::Punctuation, ",");
            }
            Some(Body::Raw(raw)) => {
                let text = literal(raw);
                code.line(Part::Body)
                    .text("  ")
                    .tok(Class::Attribute, "body")
                    .tok(Class::Punctuation, ":")
                    .text(" ");
                match text {
                    Some(t) if !t.contains('\n') => code.tok(Class::String, &string(&t)),
                    _ => code.tok(Class::String, &template(raw)),
                };
                code.tok(Class::Punctuation, ",");
            }
        }
        code.line(Part::Plain).tok(Class::Punctuation, "}");
    }
    code.tok(Class::Punctuation, ");");
    code.blank();
    code.line(Part::Plain)
        .tok(Class::Variable, "console")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "log")
        .tok(Class::Punctuation, "(")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "status")
        .tok(Class::Punctuation, ",")
        .text(" ")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "statusText")
        .tok(Class::Punctuation, ");");
    code.line(Part::Plain)
        .tok(Class::Variable, "console")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "log")
        .tok(Class::Punctuation, "(")
        .tok(Class::Keyword, "await")
        .text(" ")
        .tok(Class::Variable, "response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Function, "text")
        .tok(Class::Punctuation, "());");
}

/// A `FormData` of the parts, each appended in order: a text field as a string, a file as a `Blob`
/// of its type with its filename (its bytes read with Node's `readFile` for a file on disk, imported
/// where it is used, so code without files stays a script a browser console also runs).
fn form_data(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    let reads_files = parts.iter().any(|p| {
        matches!(
            &p.content,
            PartContent::File(FileUpload {
                source: FileSource::Path { .. },
                ..
            })
        )
    });
    if reads_files {
        code.line(Part::Plain)
            .tok(Class::Keyword, "const")
            .text(" ")
            .tok(Class::Punctuation, "{")
            .text(" ")
            .tok(Class::Function, "readFile")
            .text(" ")
            .tok(Class::Punctuation, "}")
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ")
            .tok(Class::Keyword, "await")
            .text(" ")
            .tok(Class::Keyword, "import")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string("node:fs/promises"))
            .tok(Class::Punctuation, ");");
    }
    if parts.iter().any(|p| match &p.content {
        PartContent::Text(value) => value.replace("\r\n", "").contains(['\r', '\n']),
        PartContent::File(_) => false,
    }) {
        code.line(Part::Plain).tok(
            Class::Comment,
            "// FormData sends each line break of a text field as CRLF (HTML's form encoding).",
        );
    }
    code.line(Part::Body)
        .tok(Class::Keyword, "const")
        .text(" ")
        .tok(Class::Variable, "form")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "new")
        .text(" ")
        .tok(Class::Function, "FormData")
        .tok(Class::Punctuation, "();");
    for part in parts {
        code.line(Part::Field(part.name.clone()))
            .tok(Class::Variable, "form")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "append")
            .tok(Class::Punctuation, "(")
            .tok(Class::String, &string(&part.name))
            .tok(Class::Punctuation, ",")
            .text(" ");
        match &part.content {
            PartContent::Text(value) => {
                code.tok(Class::String, &string(value));
            }
            PartContent::File(file) => {
                let options = format!("{{ type: {} }}", string(&file.content_type));
                code.tok(Class::Keyword, "new")
                    .text(" ")
                    .tok(Class::Function, "Blob")
                    .tok(Class::Punctuation, "([");
                match &file.source {
                    FileSource::Path { path, .. } => code
                        .tok(Class::Keyword, "await")
                        .text(" ")
                        .tok(Class::Function, "readFile")
                        .tok(Class::Punctuation, "(")
                        .tok(Class::String, &string(path))
                        .tok(Class::Punctuation, ")"),
                    FileSource::Inline(text) => code.tok(Class::String, &string(text)),
                };
                code.tok(Class::Punctuation, "],")
                    .text(" ")
                    .text(&options)
                    .tok(Class::Punctuation, ")");
                code.tok(Class::Punctuation, ",")
                    .text(" ")
                    .tok(Class::String, &string(&file.filename));
            }
        }
        code.tok(Class::Punctuation, ");");
    }
}

/// JSON values as JavaScript literals.
const JSON: JsonDialect = JsonDialect {
    null: "null",
    bools: ["false", "true"],
    indent: "  ",
    string,
    key: (key, Class::Attribute),
};

/// An object literal key: a quoted string, computed for `__proto__`, which as a plain key would set
/// the prototype instead of a property.
pub(super) fn key(name: &str) -> String {
    if name == "__proto__" {
        format!("[{}]", string(name))
    } else {
        string(name)
    }
}

/// An expression for pieces: a string literal, `process.env.NAME`, or a template literal.
pub(super) fn expr(pieces: &[Piece]) -> String {
    if let Some(text) = literal(pieces) {
        return string(&text);
    }
    if let [Piece::Env(name)] = pieces {
        return format!("process.env.{name}");
    }
    template(pieces)
}

/// How JavaScript writes an invisible character: `\x`, `\u`, or `\u{…}` past U+FFFF.
const CODES: &[(u32, Form)] = &[
    (0xFF, Form::Hex2),
    (0xFFFF, Form::Hex4),
    (0x10_FFFF, Form::Braced),
];

/// A double-quoted string literal.
const STRING: Escaper = Escaper {
    codes: CODES,
    upper: true,
    ..Escaper::DOUBLE_QUOTED
};

/// The text of a template literal, where a line break stays one and `` ` `` and `$` are escaped.
const TEMPLATE: Escaper = Escaper {
    quote: '`',
    special: ascii_set(b"`$\\"),
    named: &[('\n', "\n"), ('\r', "\\r"), ('\t', "\\t")],
    ..STRING
};

/// A double-quoted string literal.
pub(super) fn string(s: &str) -> String {
    STRING.literal(s)
}

/// A template literal; placeholders become `${process.env.NAME}`, encoded ones go through
/// `encodeURIComponent`. Newlines stay real newlines.
pub(super) fn template(pieces: &[Piece]) -> String {
    let mut out = String::from("`");
    for piece in pieces {
        match piece {
            Piece::Text(t) => TEMPLATE.push(&mut out, t),
            Piece::Env(name) => {
                let _ = write!(out, "${{process.env.{name}}}");
            }
            Piece::EnvEncoded(name) => {
                let _ = write!(out, "${{encodeURIComponent(process.env.{name})}}");
            }
        }
    }
    out.push('`');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            string("a\"b\\c\n\t\u{0}\u{7f}é\u{2028}"),
            r#""a\"b\\c\n\t\x00\x7Fé\u2028""#
        );
        assert_eq!(string("'; rm -rf ~; '"), r#""'; rm -rf ~; '""#);
    }

    #[test]
    fn templates_escape_backticks_and_dollars() {
        let p = vec![Piece::Text("a`${x}\\ ".into()), Piece::Env("TOKEN".into())];
        assert_eq!(template(&p), r"`a\`\${x}\\ ${process.env.TOKEN}`");
        assert_eq!(
            template(&[Piece::EnvEncoded("Q".into())]),
            "`${encodeURIComponent(process.env.Q)}`"
        );
    }

    #[test]
    fn proto_key_is_computed() {
        assert_eq!(key("__proto__"), r#"["__proto__"]"#);
        assert_eq!(key("a"), r#""a""#);
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let special = STRING.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(string, special, "\u{1}");
    }

    #[test]
    fn plain_template_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let write = |s: &str| template(&[Piece::Text(s.to_owned())]);
        let special = TEMPLATE.verbatim_set();
        crate::samples::escape::tests::assert_verbatim_set(write, special, "\u{1}");
    }
}
