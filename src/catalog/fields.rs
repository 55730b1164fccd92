//! How the model's text fields read YAML: as strings only, and without control characters.
//!
//! serde_yaml hands a plain scalar to a `String` field as its text whatever it looks like, so
//! `title: 12345` or `tags: [1, true, null]` would silently become text. The readers here ask for
//! the scalar's YAML type and refuse anything but a string, with a message in the writer's terms
//! (serde_yaml places it at the value). Wire values (header, query and form values) also accept
//! numbers and booleans as their text, since `Retry-After: 120` is what anyone writes. No text may
//! hold a control character (a `\0` or `\r\n` written as an escape in a quoted string): one-line
//! fields refuse line breaks as well, so nothing written in the catalog can add a line to a request
//! or reach a page as a raw control character.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// What a text field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Text over several lines (Markdown): tabs and line breaks are fine.
    Lines,
    /// One line of text (titles, tags, ids, URLs, header values).
    Line,
    /// A raw request body: carriage returns are fine too (a multipart body has CR LF lines).
    Body,
}

/// Where the text goes: prose accepts only strings; wire values accept scalars as their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Accept {
    Strings,
    Scalars,
}

struct TextVisitor {
    shape: Shape,
    accept: Accept,
}

/// The first character a field of `shape` may not hold, by position in `text`.
fn forbidden(text: &str, shape: Shape) -> Option<char> {
    let bad = |c: char| match c {
        '\t' => false,
        '\n' => shape == Shape::Line,
        '\r' => shape != Shape::Body,
        c => c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'),
    };
    // Only a byte below 0x20, DEL, or the first byte of U+0080..U+009F (C2), U+2028/U+2029 (E2) or
    // U+FFFE/U+FFFF (EF) can start such a character: the rest of the text is passed over bytewise.
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b < 0x20 || matches!(**b, 0x7f | 0xc2 | 0xe2 | 0xef))
        .find_map(|(i, _)| text[i..].chars().next().filter(|c| bad(*c)))
}

/// Checks a string already read against what a field of `shape` may hold.
fn checked<E: de::Error>(text: String, shape: Shape) -> Result<String, E> {
    match forbidden(&text, shape) {
        None => Ok(text),
        Some('\n') => Err(E::custom(
            "this value must be one line; remove the line break (a `|` or `>` block, or `\\n` in \
             quotes, makes one)",
        )),
        Some(c) => Err(E::custom(format!(
            "the text holds the control character U+{:04X}{}; remove it (an escape such as `\\0` \
             or `\\r` in a quoted string writes one)",
            u32::from(c),
            if matches!(c, '\r' | '\n') {
                ", which would add a line to the request"
            } else {
                ""
            }
        ))),
    }
}

impl TextVisitor {
    fn not_text<E: de::Error>(&self, found: &str, written: &str) -> Result<String, E> {
        Err(E::custom(format!(
            "expected text, found {found}; if `{written}` is meant as text, put it in quotes: \
             \"{written}\""
        )))
    }
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.shape {
            Shape::Lines | Shape::Body => "text",
            Shape::Line => "one line of text",
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        checked(v.to_owned(), self.shape)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        checked(v, self.shape)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        match self.accept {
            Accept::Scalars => Ok(v.to_string()),
            Accept::Strings => self.not_text("a boolean", &v.to_string()),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        match self.accept {
            Accept::Scalars => Ok(v.to_string()),
            Accept::Strings => self.not_text("a number", &v.to_string()),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        match self.accept {
            Accept::Scalars => Ok(v.to_string()),
            Accept::Strings => self.not_text("a number", &v.to_string()),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        match self.accept {
            Accept::Scalars => Ok(v.to_string()),
            Accept::Strings => self.not_text("a number", &v.to_string()),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom(
            "expected text, found nothing (null); write the text, or \"\" for empty text",
        ))
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.visit_unit()
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("expected text, found a list"))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(
            "expected text, found a mapping (`key: value` pairs)",
        ))
    }
}

fn read<'de, D: Deserializer<'de>>(d: D, shape: Shape, accept: Accept) -> Result<String, D::Error> {
    d.deserialize_any(TextVisitor { shape, accept })
}

/// A text field over several lines (Markdown).
///
/// # Errors
/// When the value is not a string or holds a control character.
pub(crate) fn lines<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    read(d, Shape::Lines, Accept::Strings)
}

/// A one-line text field.
///
/// # Errors
/// When the value is not a string, holds a line break or a control character.
pub(crate) fn line<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    read(d, Shape::Line, Accept::Strings)
}

/// A one-line value sent on the wire: a string, or a number or boolean as its text.
///
/// # Errors
/// When the value is a list, a mapping or null, holds a line break or a control character.
pub(crate) fn wire<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    read(d, Shape::Line, Accept::Scalars)
}

/// An optional raw request body (absent or null is `None`).
///
/// # Errors
/// When the value is not a string, or holds a control character other than a tab or line break.
pub(crate) fn optional_body<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Body(String);
    impl<'de> serde::Deserialize<'de> for Body {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            read(d, Shape::Body, Accept::Strings).map(Self)
        }
    }
    let value: Option<Body> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|b| b.0))
}

/// An optional text over several lines sent as it is (a multipart part's value or content): tabs,
/// line breaks and carriage returns are fine, numbers and booleans read as their text.
///
/// # Errors
/// When the value is a list, a mapping, or holds another control character.
pub(crate) fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Text(String);
    impl<'de> serde::Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            read(d, Shape::Body, Accept::Scalars).map(Self)
        }
    }
    let value: Option<Text> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|t| t.0))
}

/// Whether `c` may be part of a token (RFC 9110 §5.6.2): a method or a field name.
pub(crate) fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// A method or field name: a token (RFC 9110 §5.6.2).
fn token_of<E: de::Error>(text: String, what: &str) -> Result<String, E> {
    if text.is_empty() {
        return Err(E::custom(format!("{what} cannot be empty")));
    }
    match text.chars().find(|c| !is_tchar(*c)) {
        None => Ok(text),
        Some(c) => Err(E::custom(format!(
            "{what} `{}` holds {}, which HTTP does not allow in a {what} (RFC 9110 §5.6.2: letters, \
             digits and !#$%&'*+-.^_`|~ only)",
            text.escape_debug(),
            match c {
                ' ' => "a space".to_owned(),
                c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
                c => format!("`{c}`"),
            }
        ))),
    }
}

/// A request method: a token such as `GET`.
///
/// # Errors
/// When the value is not one line of text or not a token.
pub(crate) fn token<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text = read(d, Shape::Line, Accept::Strings)?;
    token_of(text, "method")
}

/// A header field name, read as a token (RFC 9110 §5.1).
#[derive(Debug)]
pub(crate) struct Token(pub(crate) String);

impl<'de> serde::Deserialize<'de> for Token {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = read(d, Shape::Line, Accept::Scalars)?;
        token_of(text, "field name").map(Self)
    }
}

impl From<Token> for String {
    fn from(t: Token) -> Self {
        t.0
    }
}

impl From<Line> for String {
    fn from(l: Line) -> Self {
        l.0
    }
}

impl From<Wire> for String {
    fn from(w: Wire) -> Self {
        w.0
    }
}

/// A header value: one line of text (numbers and booleans as their text), or a list of them to
/// repeat the field.
///
/// # Errors
/// Null, a mapping, or a value that is not one line; each at the value itself.
pub(crate) fn header_value<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<super::model::HeaderValue, D::Error> {
    use super::model::HeaderValue;
    struct ValueVisitor;
    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = HeaderValue;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a header value: one line of text, or a list of lines to repeat the field")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<HeaderValue, E> {
            checked(v.to_owned(), Shape::Line).map(HeaderValue::One)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<HeaderValue, E> {
            checked(v, Shape::Line).map(HeaderValue::One)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<HeaderValue, E> {
            Ok(HeaderValue::One(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<HeaderValue, E> {
            Ok(HeaderValue::One(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<HeaderValue, E> {
            Ok(HeaderValue::One(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<HeaderValue, E> {
            Ok(HeaderValue::One(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<HeaderValue, E> {
            Err(E::custom(
                "a header value cannot be left empty; write \"\" for a field with an empty value",
            ))
        }
        fn visit_none<E: de::Error>(self) -> Result<HeaderValue, E> {
            self.visit_unit()
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<HeaderValue, A::Error> {
            let mut values = Vec::new();
            while let Some(Wire(v)) = seq.next_element()? {
                values.push(v);
            }
            Ok(HeaderValue::Many(values))
        }
        fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<HeaderValue, A::Error> {
            Err(de::Error::custom(
                "a header value is one line of text, or a list of lines to repeat the field, \
                 not a mapping",
            ))
        }
    }
    d.deserialize_any(ValueVisitor)
}

/// A status code: a whole number from 100 to 599.
fn status_of<E: de::Error>(value: i128) -> Result<u16, E> {
    u16::try_from(value)
        .ok()
        .filter(|s| (100..=599).contains(s))
        .ok_or_else(|| {
            E::custom(format!(
                "{value} is not an HTTP status code; a status code is a whole number from 100 to 599"
            ))
        })
}

struct StatusVisitor;

impl<'de> Visitor<'de> for StatusVisitor {
    type Value = u16;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a status code (a whole number from 100 to 599)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u16, E> {
        status_of(i128::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u16, E> {
        status_of(i128::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u16, E> {
        Err(E::custom(format!(
            "{v} is not an HTTP status code; a status code is a whole number from 100 to 599"
        )))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u16, E> {
        Err(E::custom(match v.trim().parse::<u16>() {
            Ok(n) => format!("a status code is a number, not text: write {n} without quotes"),
            Err(_) => format!(
                "expected a status code (a whole number from 100 to 599), found the text `{v}`"
            ),
        }))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<u16, E> {
        Err(E::custom(format!(
            "expected a status code (a whole number from 100 to 599), found the boolean {v}"
        )))
    }
    fn visit_unit<E: de::Error>(self) -> Result<u16, E> {
        Err(E::custom(
            "expected a status code (a whole number from 100 to 599), found nothing (null)",
        ))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<u16, A::Error> {
        Err(de::Error::custom(
            "expected a status code (a whole number from 100 to 599), found a list",
        ))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<u16, A::Error> {
        Err(de::Error::custom(
            "expected a status code (a whole number from 100 to 599), found a mapping",
        ))
    }
}

/// A status code field.
///
/// # Errors
/// When the value is not a whole number from 100 to 599.
pub(crate) fn status<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    d.deserialize_any(StatusVisitor)
}

/// An error code an API sends: one line of letters, digits and `_ - . :`.
///
/// # Errors
/// When the value is not such a code.
fn code_of<E: de::Error>(text: String) -> Result<String, E> {
    let ok = |c: char| c.is_ascii_alphanumeric() || "_-.:".contains(c);
    if text.is_empty() || !text.chars().all(ok) {
        return Err(E::custom(format!(
            "`{}` is not an error code: use letters, digits and `_ - . :` only, e.g. \
             `rate_limit_exceeded`",
            text.escape_debug()
        )));
    }
    Ok(text)
}

/// An optional error code (absent or null is `None`).
///
/// # Errors
/// As [`code_of`].
pub(crate) fn optional_code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value: Option<Line> = serde::Deserialize::deserialize(d)?;
    value.map(|l| code_of(l.0)).transpose()
}

/// A name made of lower-case letters, digits and hyphens (a variant's name).
///
/// # Errors
/// When the value is not such a name.
pub(crate) fn slug<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text = line(d)?;
    if super::load::is_slug(&text) {
        Ok(text)
    } else {
        Err(de::Error::custom(format!(
            "`{}` is not a name: use lower-case letters, digits and hyphens, e.g. `daily-limit`",
            text.escape_debug()
        )))
    }
}

/// An optional [`slug`].
///
/// # Errors
/// As [`slug`].
pub(crate) fn optional_slug<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Slug(String);
    impl<'de> serde::Deserialize<'de> for Slug {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            slug(d).map(Self)
        }
    }
    let value: Option<Slug> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|s| s.0))
}

/// One status code or a list of them (a tree's `status`); absent or null is none.
///
/// # Errors
/// When a value is not a status code.
pub(crate) fn statuses<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u16>, D::Error> {
    struct Statuses;
    impl<'de> Visitor<'de> for Statuses {
        type Value = Vec<u16>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a status code, or a list of them")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<u16>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<u16>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u16>, A::Error> {
            struct Status(u16);
            impl<'de> serde::Deserialize<'de> for Status {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    status(d).map(Self)
                }
            }
            let mut out = Vec::new();
            while let Some(Status(s)) = seq.next_element()? {
                out.push(s);
            }
            Ok(out)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<u16>, E> {
            StatusVisitor.visit_i64(v).map(|s| vec![s])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<u16>, E> {
            StatusVisitor.visit_u64(v).map(|s| vec![s])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<u16>, E> {
            StatusVisitor.visit_f64(v).map(|s| vec![s])
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u16>, E> {
            StatusVisitor.visit_str(v).map(|s| vec![s])
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<u16>, E> {
            StatusVisitor.visit_bool(v).map(|s| vec![s])
        }
    }
    d.deserialize_any(Statuses)
}

/// A text that reads as [`lines`], for use inside collections and options.
#[derive(Debug)]
pub(crate) struct Lines(pub(crate) String);

impl<'de> serde::Deserialize<'de> for Lines {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lines(d).map(Self)
    }
}

/// A text that reads as [`line`], for use inside collections and options.
#[derive(Debug)]
pub(crate) struct Line(pub(crate) String);

impl<'de> serde::Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        line(d).map(Self)
    }
}

/// A text that reads as [`wire`], for use inside collections and maps.
#[derive(Debug)]
pub(crate) struct Wire(pub(crate) String);

impl<'de> serde::Deserialize<'de> for Wire {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        wire(d).map(Self)
    }
}

/// A list of Markdown texts.
///
/// # Errors
/// When the value is not a list of strings, or one holds a control character.
pub(crate) fn lines_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let list: Vec<Lines> = serde::Deserialize::deserialize(d)?;
    Ok(list.into_iter().map(|l| l.0).collect())
}

/// A list of one-line texts (tags, ids, schemes).
///
/// # Errors
/// When the value is not a list of strings, or one holds a line break or control character.
pub(crate) fn line_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let list: Vec<Line> = serde::Deserialize::deserialize(d)?;
    Ok(list.into_iter().map(|l| l.0).collect())
}

/// An optional Markdown text (absent or null is `None`).
///
/// # Errors
/// As [`lines`].
pub(crate) fn optional_lines<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value: Option<Lines> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|l| l.0))
}

/// An optional one-line text (absent or null is `None`).
///
/// # Errors
/// As [`line`].
pub(crate) fn optional_line<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value: Option<Line> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|l| l.0))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Doc {
        #[serde(default, deserialize_with = "super::line")]
        title: String,
        #[serde(default, deserialize_with = "super::line_list")]
        tags: Vec<String>,
        #[serde(default, deserialize_with = "super::optional_lines")]
        details: Option<String>,
        #[serde(default, deserialize_with = "super::wire")]
        value: String,
    }

    fn error(yaml: &str) -> (String, usize) {
        let e = serde_yaml::from_str::<Doc>(yaml).unwrap_err();
        (e.to_string(), e.location().map_or(0, |l| l.line()))
    }

    #[test]
    fn scalars_that_are_not_strings_are_refused_where_they_stand() {
        let (message, line) = error("value: x\ntitle: 12345\n");
        assert!(
            message.contains("expected text, found a number"),
            "{message}"
        );
        assert!(message.contains("\"12345\""), "{message}");
        assert_eq!(line, 2);
        let (message, line) = error("title: t\ntags:\n  - a\n  - true\n");
        assert!(message.contains("found a boolean"), "{message}");
        assert_eq!(line, 4);
        let (message, _) = error("tags: [a, null]\n");
        assert!(message.contains("found nothing (null)"), "{message}");
        let (message, _) = error("title: [a]\n");
        assert!(message.contains("found a list"), "{message}");
    }

    #[test]
    fn quoted_strings_and_wire_scalars_read_as_text() {
        let doc: Doc =
            serde_yaml::from_str("title: \"12345\"\ntags: ['1', yes]\nvalue: 120\n").unwrap();
        assert_eq!(doc.title, "12345");
        assert_eq!(doc.tags, ["1", "yes"]);
        assert_eq!(doc.value, "120");
        let doc: Doc = serde_yaml::from_str("details: |\n  a\n  \tb\n").unwrap();
        assert_eq!(doc.details.as_deref(), Some("a\n\tb\n"));
        let doc: Doc = serde_yaml::from_str("details: null\n").unwrap();
        assert_eq!(doc.details, None);
    }

    #[test]
    fn control_characters_and_line_breaks_are_refused() {
        let (message, line) = error("title: ok\nvalue: \"Bearer x\\r\\nX-Injected: 1\"\n");
        assert!(message.contains("U+000D"), "{message}");
        assert!(message.contains("add a line to the request"), "{message}");
        assert_eq!(line, 2);
        let (message, _) = error("details: \"a\\0b\"\n");
        assert!(message.contains("U+0000"), "{message}");
        let (message, _) = error("title: \"a\\nb\"\n");
        assert!(message.contains("must be one line"), "{message}");
        let (message, _) = error("tags: [\"a\\u0085\"]\n");
        assert!(message.contains("U+0085"), "{message}");
    }
}
