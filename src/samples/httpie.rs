//! An HTTPie command line for a POSIX shell.
//!
//! HTTPie reads request items (`Name:value`, `name==value`, `name=value`) with its own syntax on top
//! of the shell's: a backslash before one of `:;=@` makes it literal. Names are escaped that way; a
//! value only needs it on its first character, where `=` or `@` would lengthen the separator (`:=`
//! sends raw JSON, `:@` and `=@` read a file). HTTPie cannot write a backslash right before one of
//! those characters, nor an item that starts with `-`, so a form with such a field is sent as its
//! encoded text with `--raw`, like JSON and raw bodies. Query values without placeholders stay in the
//! URL, which HTTPie does not parse as an item.

use super::code::{Code, Sink};
use super::lines::{Class, Part};
use super::piece::{Piece, has_env, literal, merge_text, pieces};
use super::prepared::{Body, Prepared};
use super::shell::shell_word;
use super::url::{query_in_url, url_pieces};
use super::wire::wire_body;
use crate::catalog::model::{FileSource, FileUpload, FormPart, PartContent};

/// The characters HTTPie's item syntax treats specially.
const SPECIAL: &[char] = &[':', ';', '=', '@'];

/// Generates `http METHOD URL items…`, one item per line.
pub(super) fn generate(code: &mut Code<'_, impl Sink>, prep: &Prepared) {
    let request = prep.request;
    let body = &prep.body;
    let form_as_items = match &body {
        Some(Body::Form(form)) => form_items_work(form),
        _ => false,
    };

    let split = query_in_url(request);
    let url = url_pieces(request, split);

    let mut args: Vec<(Part, Vec<(Class, String)>)> = Vec::new();
    let mut first = vec![(Class::Function, "http".to_owned())];
    if form_as_items {
        first.push((Class::Attribute, "--form".into()));
    }
    if let Some(Body::Multipart(parts)) = body {
        stage_files(code, parts);
        first.push((Class::Attribute, "--multipart".into()));
    }
    first.push((
        Class::Keyword,
        shell_word(&[Piece::Text(request.method.clone())]),
    ));
    first.push((Class::String, shell_word(&url)));
    args.push((Part::Target, first));

    for (k, v) in request.query.iter().skip(split) {
        args.push((
            Part::Target,
            vec![(Class::String, item(k, "==", &pieces(v)))],
        ));
    }
    for (name, value) in prep.headers.iter() {
        let word = if value.is_empty() {
            shell_word(&[Piece::Text(format!("{};", escape_name(name)))])
        } else {
            item(name, ":", value)
        };
        args.push((
            Part::Header(name.to_ascii_lowercase()),
            vec![(Class::String, word)],
        ));
    }
    match body {
        None => {}
        Some(Body::Form(form)) if form_as_items => {
            for (k, v) in *form {
                args.push((Part::Body, vec![(Class::String, item(k, "=", &pieces(v)))]));
            }
        }
        Some(Body::Form(_)) => {
            let bytes = wire_body(request).map(|(b, _)| b).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            args.push((Part::Body, raw(&[Piece::Text(text)])));
        }
        Some(Body::Json(_, text)) => args.push((Part::Body, raw(&[Piece::Text(text.clone())]))),
        Some(Body::Raw(p)) => args.push((Part::Body, raw(p))),
        Some(Body::Multipart(parts)) => {
            for part in *parts {
                let word = match &part.content {
                    PartContent::Text(value) => item(&part.name, "=", &pieces_of(value)),
                    PartContent::File(file) => file_item(&part.name, file),
                };
                args.push((Part::Field(part.name.clone()), vec![(Class::String, word)]));
            }
        }
    }

    let count = args.len();
    for (i, (part, tokens)) in args.into_iter().enumerate() {
        code.line(part);
        if i > 0 {
            code.text("  ");
        }
        for (j, (class, text)) in tokens.into_iter().enumerate() {
            if j > 0 {
                code.text(" ");
            }
            code.tok(class, &text);
        }
        if i + 1 < count {
            code.text(" ").tok(Class::Punctuation, "\\");
        }
    }
}

/// A text value as one piece: multipart values are sent as written, placeholders and all.
fn pieces_of(value: &str) -> Vec<Piece> {
    vec![Piece::Text(value.to_owned())]
}

/// Whether HTTPie sends the file part as it is: a file of its own name. HTTPie takes a part's
/// `filename` from the path it reads, so content written inline, or a file sent under another
/// name, is first written to a file of that name in a fresh temporary folder.
fn staged(file: &FileUpload) -> bool {
    match &file.source {
        FileSource::Path { path, .. } => path.rsplit('/').next() != Some(file.filename.as_str()),
        FileSource::Inline(_) => true,
    }
}

/// Writes the files HTTPie must read under their `filename` into `"$upload_dir"` (see [`staged`]).
fn stage_files(code: &mut Code<'_, impl Sink>, parts: &[FormPart]) {
    let files: Vec<(&str, &FileUpload)> = parts
        .iter()
        .filter_map(|p| match &p.content {
            PartContent::File(file) if staged(file) => Some((p.name.as_str(), file)),
            _ => None,
        })
        .collect();
    if files.is_empty() {
        return;
    }
    code.line(Part::Plain).tok(
        Class::Comment,
        "# HTTPie names a file part after the file it reads: write each under its filename",
    );
    code.line(Part::Plain)
        .tok(Class::Variable, "upload_dir")
        .tok(Class::Punctuation, "=")
        .text("$(")
        .tok(Class::Function, "mktemp")
        .text(" -d)");
    for (name, file) in files {
        let target = format!("\"$upload_dir\"/{}", shell_word(&pieces_of(&file.filename)));
        let line = code.line(Part::Field(name.to_owned()));
        match &file.source {
            FileSource::Path { path, .. } => {
                line.tok(Class::Function, "cp")
                    .text(" ")
                    .tok(Class::String, &shell_word(&pieces_of(path)))
                    .text(" ")
                    .tok(Class::String, &target);
            }
            FileSource::Inline(text) => {
                line.tok(Class::Function, "printf")
                    .text(" ")
                    .tok(Class::String, "'%s'")
                    .text(" ")
                    .tok(Class::String, &shell_word(&pieces_of(text)))
                    .text(" > ")
                    .tok(Class::String, &target);
            }
        }
    }
}

/// A file part as an item, `name@path;type=media/type`, reading a staged file from
/// `"$upload_dir"`.
fn file_item(name: &str, file: &FileUpload) -> String {
    let path = match &file.source {
        FileSource::Path { path, .. } if !staged(file) => path.as_str(),
        _ => file.filename.as_str(),
    };
    let tail = format!("@{};type={}", escape_name(path), file.content_type);
    let name = escape_name(name);
    if staged(file) {
        format!(
            "{}\"$upload_dir\"/{}",
            shell_word(&pieces_of(&format!("{name}@"))),
            shell_word(&pieces_of(&tail[1..]))
        )
    } else {
        shell_word(&pieces_of(&format!("{name}{tail}")))
    }
}

/// `--raw` and the body as one word (`--raw=…` when it starts with `-`, which would read as an option).
fn raw(body: &[Piece]) -> Vec<(Class, String)> {
    let word = shell_word(body);
    if matches!(body.first(), Some(Piece::Text(t)) if t.starts_with('-')) {
        vec![(Class::Attribute, format!("--raw={word}"))]
    } else {
        vec![(Class::Attribute, "--raw".into()), (Class::String, word)]
    }
}

/// One request item as a shell word: the escaped name, the separator, the value.
fn item(name: &str, sep: &str, value: &[Piece]) -> String {
    let mut pieces = vec![Piece::Text(format!("{}{sep}", escape_name(name)))];
    let mut value = value.to_vec();
    if let Some(Piece::Text(t)) = value.first_mut()
        && t.starts_with(['=', '@'])
    {
        t.insert(0, '\\');
    }
    pieces.extend(value);
    shell_word(&merge_text(pieces))
}

/// A name with HTTPie's special characters escaped.
fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether text can be written in an item: no backslash right before a special character.
fn representable(text: &str) -> bool {
    !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && SPECIAL.contains(&char::from(w[1])))
}

/// Whether every field of a form can be written as an item.
fn form_items_work(form: &indexmap::IndexMap<String, String>) -> bool {
    let any_env = form.values().any(|v| has_env(&pieces(v)));
    let fits = form.iter().all(|(k, v)| {
        !k.is_empty()
            && !k.starts_with('-')
            && representable(k)
            && !k.ends_with('\\')
            && literal(&pieces(v)).is_none_or(|v| representable(&v))
    });
    fits || any_env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_escape_every_separator_character() {
        assert_eq!(escape_name("a:b=c@d;e"), r"a\:b\=c\@d\;e");
    }

    #[test]
    fn a_value_escapes_only_a_leading_separator_character() {
        assert_eq!(
            item("X-A", ":", &[Piece::Text("=x:y".into())]),
            r"'X-A:\=x:y'"
        );
        assert_eq!(
            item("k", "==", &[Piece::Text("@file".into())]),
            r"'k==\@file'"
        );
        assert_eq!(item("k", "=", &[Piece::Text("v".into())]), "k=v");
    }

    #[test]
    fn a_backslash_before_a_separator_cannot_be_an_item() {
        assert!(representable(r"a\b"));
        assert!(!representable(r"a\=b"));
        assert!(representable("a\\"));
    }

    #[test]
    fn raw_body_starting_with_a_dash_is_attached() {
        assert_eq!(
            raw(&[Piece::Text("-x".into())]),
            vec![(Class::Attribute, "--raw=-x".into())]
        );
    }
}
