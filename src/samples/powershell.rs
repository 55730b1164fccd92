//! PowerShell 7 with `Invoke-WebRequest`, its parameters splatted from a hashtable.
//!
//! Literal strings are single-quoted, where only the quote (and its typographic look-alikes, which
//! PowerShell also reads as quotes) is doubled, unless they hold a control or invisible character.
//! Strings with placeholders or such characters are double-quoted with `` ` `` escapes for the
//! backtick, `$`, double quotes and controls; placeholders expand `$env:NAME`, through
//! `[uri]::EscapeDataString` in a query value. A multi-line body is a single-quoted here-string.
//! `-SkipHttpErrorCheck` keeps a 4xx response from throwing, so its status and body print.

use std::fmt::Write as _;

use super::code::{Code, Sink};
use super::escape::{BRACED, Escaper, Mark, RAW_LINES, ascii_set, needs_escape};
use super::lang::title_case;
use super::lines::{Class, Part};
use super::piece::{Piece, literal, pieces};
use super::prepared::{Body, Prepared, joined_headers};
use crate::catalog::model::{DEFAULT_FILE_TYPE, FileSource, FileUpload, FormPart, PartContent};

const I1: &str = "    ";
const I2: &str = "        ";

/// Generates the splatted parameters, the call, and prints the status and the body.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let all_headers = &prep.headers;
    let content_type = all_headers
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .cloned();
    let headers: Vec<_> = all_headers
        .iter()
        .filter(|(n, _)| !(body.is_some() && n.eq_ignore_ascii_case("content-type")))
        .collect();
    let form = match body {
        Some(Body::Multipart(parts)) => Some((*parts, form_fits(parts))),
        _ => None,
    };
    if let Some((parts, false)) = form {
        form_content(code, parts);
    }
    code.line(Part::Plain)
        .tok(Class::Variable, "$request")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Punctuation, "@{");
    code.line(Part::Target)
        .text(I1)
        .tok(Class::Attribute, "Uri")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::String, &string(&prep.url));
    let standard = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "MERGE",
    ];
    let (param, method) = if standard.contains(&request.method.as_str()) {
        ("Method", title_case(&request.method))
    } else {
        ("CustomMethod", request.method.clone())
    };
    code.line(Part::Target)
        .text(I1)
        .tok(Class::Attribute, param)
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::String, &string(&[Piece::Text(method)]));
    if !headers.is_empty() {
        code.line(Part::Plain)
            .text(I1)
            .tok(Class::Attribute, "Headers")
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ")
            .tok(Class::Keyword, "[ordered]")
            .tok(Class::Punctuation, "@{");
        // A hashtable holds each name once: repeated fields are joined into one, as HTTP allows.
        let owned: Vec<_> = headers.iter().map(|&h| h.clone()).collect();
        for (name, value) in joined_headers(&owned) {
            code.header(&name)
                .text(I2)
                .tok(Class::Attribute, &string(&[Piece::Text(name.clone())]))
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .tok(Class::String, &string(&value));
        }
        code.line(Part::Plain).text(I1).tok(Class::Punctuation, "}");
    }
    if let (Some(_), Some((_, value))) = (&body, &content_type) {
        code.header("content-type")
            .text(I1)
            .tok(Class::Attribute, "ContentType")
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ")
            .tok(Class::String, &string(value));
    }
    match &body {
        None => {}
        Some(Body::Form(form)) => {
            code.line(Part::Body)
                .text(I1)
                .tok(Class::Attribute, "Body")
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .tok(Class::Keyword, "[ordered]")
                .tok(Class::Punctuation, "@{");
            for (k, v) in *form {
                code.line(Part::Body)
                    .text(I2)
                    .tok(Class::Attribute, &string(&[Piece::Text(k.clone())]))
                    .text(" ")
                    .tok(Class::Punctuation, "=")
                    .text(" ")
                    .tok(Class::String, &string(&pieces(v)));
            }
            code.line(Part::Body).text(I1).tok(Class::Punctuation, "}");
        }
        Some(Body::Json(_, text)) => body_value(code, &[Piece::Text(text.clone())]),
        Some(Body::Raw(raw)) => body_value(code, raw),
        Some(Body::Multipart(parts)) => {
            if form.is_some_and(|(_, fits)| fits) {
                form_table(code, parts);
            } else {
                code.line(Part::Body)
                    .text(I1)
                    .tok(Class::Attribute, "Body")
                    .text(" ")
                    .tok(Class::Punctuation, "=")
                    .text(" ")
                    .tok(Class::Variable, "$form");
            }
        }
    }
    code.line(Part::Plain)
        .text(I1)
        .tok(Class::Attribute, "SkipHttpErrorCheck")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Variable, "$true");
    code.line(Part::Plain).tok(Class::Punctuation, "}");
    code.line(Part::Plain)
        .tok(Class::Variable, "$response")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Function, "Invoke-WebRequest")
        .text(" ")
        .tok(Class::Variable, "@request");
    code.line(Part::Plain)
        .tok(Class::Variable, "$response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "StatusCode");
    code.line(Part::Plain)
        .tok(Class::Variable, "$response")
        .tok(Class::Punctuation, ".")
        .tok(Class::Attribute, "Content");
}

/// Whether `-Form` sends the parts as documented: it sends a file under its own name as
/// `application/octet-stream` and a text field with `Content-Type: text/plain; charset=utf-8`, and
/// cannot say otherwise, so every part must be a file on disk sent that way.
fn form_fits(parts: &[FormPart]) -> bool {
    parts.iter().all(|p| match &p.content {
        PartContent::Text(_) => false,
        PartContent::File(file) => {
            file.content_type == DEFAULT_FILE_TYPE
                && matches!(&file.source, FileSource::Path { path, .. }
                    if path.rsplit('/').next() == Some(file.filename.as_str()))
        }
    })
}

/// `Form = [ordered]@{…}`: each file as `Get-Item`.
fn form_table(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    code.line(Part::Body)
        .text(I1)
        .tok(Class::Attribute, "Form")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(Class::Keyword, "[ordered]")
        .tok(Class::Punctuation, "@{");
    for part in parts {
        code.line(Part::Field(part.name.clone()))
            .text(I2)
            .tok(Class::Attribute, &text(&part.name))
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ");
        if let PartContent::File(FileUpload {
            source: FileSource::Path { path, .. },
            ..
        }) = &part.content
        {
            code.tok(Class::Function, "Get-Item")
                .text(" ")
                .tok(Class::String, &text(path));
        }
    }
    code.line(Part::Body).text(I1).tok(Class::Punctuation, "}");
}

/// `$form`, a `MultipartFormDataContent` whose parts each carry their `Content-Disposition` (and a
/// file's `Content-Type`) as documented, for what `-Form` cannot send (see [`form_fits`]).
fn form_content(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    const HTTP: &str = "[System.Net.Http";
    code.line(Part::Body).tok(
        Class::Comment,
        "# -Form sends files as application/octet-stream under their own names and gives text fields a type",
    );
    code.line(Part::Body)
        .tok(Class::Variable, "$form")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ")
        .tok(
            Class::Variable,
            &format!("{HTTP}.MultipartFormDataContent]"),
        )
        .tok(Class::Punctuation, "::")
        .tok(Class::Function, "new")
        .tok(Class::Punctuation, "()");
    for (i, part) in parts.iter().enumerate() {
        let field = Part::Field(part.name.clone());
        let var = format!("$part{}", i + 1);
        let bytes = match &part.content {
            PartContent::Text(t)
            | PartContent::File(FileUpload {
                source: FileSource::Inline(t),
                ..
            }) => format!("[System.Text.Encoding]::UTF8.GetBytes({})", text(t)),
            PartContent::File(FileUpload {
                source: FileSource::Path { path, .. },
                ..
            }) => format!(
                "[System.IO.File]::ReadAllBytes((Resolve-Path {}).Path)",
                text(path)
            ),
        };
        code.line(field.clone())
            .tok(Class::Variable, &var)
            .text(" ")
            .tok(Class::Punctuation, "=")
            .text(" ")
            .tok(Class::Variable, &format!("{HTTP}.ByteArrayContent]"))
            .tok(Class::Punctuation, "::")
            .tok(Class::Function, "new")
            .tok(Class::Punctuation, "(")
            .text(&bytes)
            .tok(Class::Punctuation, ")");
        let mut settings = vec![(
            "ContentDisposition",
            format!("{HTTP}.Headers.ContentDispositionHeaderValue]::new('form-data')"),
        )];
        settings.push((
            "ContentDisposition.Name",
            text(&format!("\"{}\"", part.name)),
        ));
        if let PartContent::File(file) = &part.content {
            settings.push((
                "ContentDisposition.FileName",
                text(&format!("\"{}\"", file.filename)),
            ));
            settings.push((
                "ContentType",
                format!(
                    "{HTTP}.Headers.MediaTypeHeaderValue]::Parse({})",
                    text(&file.content_type)
                ),
            ));
        }
        for (property, value) in settings {
            code.line(field.clone())
                .tok(Class::Variable, &var)
                .tok(Class::Punctuation, ".")
                .tok(Class::Attribute, &format!("Headers.{property}"))
                .text(" ")
                .tok(Class::Punctuation, "=")
                .text(" ")
                .text(&value);
        }
        code.line(field)
            .tok(Class::Variable, "$form")
            .tok(Class::Punctuation, ".")
            .tok(Class::Function, "Add")
            .tok(Class::Punctuation, "(")
            .tok(Class::Variable, &var)
            .tok(Class::Punctuation, ")");
    }
}

/// A literal string.
fn text(t: &str) -> String {
    string(&[Piece::Text(t.to_owned())])
}

/// `Body = …`: a here-string for multi-line literal text it can hold exactly, else a string.
fn body_value(code: &mut Code<'_, impl Sink>, body: &[Piece]) {
    code.line(Part::Body)
        .text(I1)
        .tok(Class::Attribute, "Body")
        .text(" ")
        .tok(Class::Punctuation, "=")
        .text(" ");
    match literal(body) {
        Some(text) if text.contains('\n') && here_string_ok(&text) => {
            code.tok(Class::String, &format!("@'\n{text}\n'@"));
        }
        _ => {
            code.tok(Class::String, &string(body));
        }
    }
}

/// Whether a single-quoted here-string holds text exactly: no line of it may start with `'@` (or a
/// look-alike quote before `@`), and no control or invisible character but newline and tab.
fn here_string_ok(text: &str) -> bool {
    let closes = text.split('\n').any(|line| {
        line.starts_with(is_single_quote)
            && line[line.chars().next().map_or(0, char::len_utf8)..].starts_with('@')
    });
    !closes && !needs_escape(text)
}

/// Whether `c` ends a single-quoted string: the quote or a typographic look-alike.
fn is_single_quote(c: char) -> bool {
    c == '\'' || SINGLE_LOOK_ALIKES.contains(&c)
}

/// The characters PowerShell reads as a single quote besides `'`.
const SINGLE_LOOK_ALIKES: &[char] = &['\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// A single-quoted literal: the quote and its look-alikes are doubled, nothing else is special;
/// line breaks and tabs are kept as they are, and no other invisible character can be written.
const SINGLE: Escaper = Escaper {
    quote: '\'',
    mark: Mark::Doubled,
    special: ascii_set(b"'"),
    also: SINGLE_LOOK_ALIKES,
    before: None,
    named: RAW_LINES,
    codes: &[],
    upper: false,
};

/// A double-quoted literal: `` ` `` escapes itself, `$`, the double quote and its look-alikes, and
/// writes controls (`` `n ``) and other invisible characters (`` `u{…} ``).
const DOUBLE: Escaper = Escaper {
    quote: '"',
    mark: Mark::Before('`'),
    special: ascii_set(b"`$\""),
    also: &['\u{201C}', '\u{201D}', '\u{201E}'],
    before: None,
    named: &[('\0', "`0"), ('\n', "`n"), ('\r', "`r"), ('\t', "`t")],
    codes: BRACED,
    upper: false,
};

/// A string literal for pieces: single-quoted for plain literal text, else double-quoted with
/// backtick escapes and `$env:NAME` expansions; a lone placeholder is `$env:NAME` itself.
pub(super) fn string(pieces: &[Piece]) -> String {
    if let [Piece::Env(name)] = pieces {
        return format!("$env:{name}");
    }
    if let Some(text) = literal(pieces)
        && !needs_escape(&text)
    {
        return SINGLE.literal(&text);
    }
    let mut out = String::from("\"");
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) => DOUBLE.push(&mut out, t),
            Piece::Env(name) => {
                let next_continues = matches!(pieces.get(i + 1), Some(Piece::Text(t))
                    if t.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | ':' | '?')));
                if next_continues {
                    let _ = write!(out, "${{env:{name}}}");
                } else {
                    let _ = write!(out, "$env:{name}");
                }
            }
            Piece::EnvEncoded(name) => {
                let _ = write!(out, "$([uri]::EscapeDataString($env:{name}))");
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
    fn single_quotes_double_every_quote_look_alike() {
        assert_eq!(string(&text("it's ‘x’ $y `z`")), "'it''s ‘‘x’’ $y `z`'");
    }

    #[test]
    fn double_quotes_escape_with_backticks() {
        let p = vec![
            Piece::Text("a\"“`$\r".into()),
            Piece::Env("T".into()),
            Piece::Text("x".into()),
        ];
        assert_eq!(string(&p), "\"a`\"`“```$`r${env:T}x\"");
        assert_eq!(string(&text("\u{1}")), "\"`u{1}\"");
    }

    #[test]
    fn a_lone_placeholder_is_the_variable() {
        assert_eq!(string(&[Piece::Env("T".into())]), "$env:T");
    }

    #[test]
    fn here_strings_only_when_they_cannot_close_early() {
        assert!(here_string_ok("{\n  \"a\": 1\n}"));
        assert!(!here_string_ok("a\n'@\nb"));
        assert!(!here_string_ok("a\n’@"));
        assert!(!here_string_ok("a\r\nb"));
    }

    #[test]
    fn plain_text_is_copied_whole_exactly_when_it_would_be_written_as_it_is() {
        let single = |s: &str| string(&[Piece::Text(s.to_owned())]);
        crate::samples::escape::tests::assert_verbatim_set(single, SINGLE.verbatim_set(), "\n");
        // A placeholder makes the literal double-quoted.
        let double = |s: &str| string(&[Piece::Env("T".into()), Piece::Text(s.to_owned())]);
        crate::samples::escape::tests::assert_verbatim_set(double, DOUBLE.verbatim_set(), "\u{1}");
    }
}
