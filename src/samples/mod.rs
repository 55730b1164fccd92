//! Request samples: from one [`Request`] (data) to the code a reader copies, in every language.
//!
//! Each target emits [`Line`]s of classed [`Token`]s while it writes the code, so highlighting is exact
//! and needs no second parse, and each line says which part of the request it carries ([`Part`]), so an
//! incorrect/correct pair can mark the lines that differ in every language. This module owns the
//! generators only: it reads no files and renders no HTML.

mod http;

use crate::catalog::model::Request;

/// Which part of a request a line of generated code carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// The method and the URL (with its query).
    Target,
    /// One header field, by lower-cased name.
    Header(String),
    /// The body.
    Body,
    /// Scaffolding that every request shares (imports, printing the response, …).
    Plain,
}

/// A highlighting class; the CSS theme styles each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A keyword or an HTTP method.
    Keyword,
    /// A string literal or a header value.
    String,
    /// A number or a status code.
    Number,
    /// A comment.
    Comment,
    /// A function, command or method name.
    Function,
    /// A variable, environment variable or parameter.
    Variable,
    /// A header name, flag, attribute or key.
    Attribute,
    /// Punctuation and operators.
    Punctuation,
}

impl Class {
    /// The short CSS class the theme uses (shared with syntect output).
    #[must_use]
    pub fn css(self) -> &'static str {
        match self {
            Self::Keyword => "k",
            Self::String => "s",
            Self::Number => "n",
            Self::Comment => "c",
            Self::Function => "f",
            Self::Variable => "v",
            Self::Attribute => "a",
            Self::Punctuation => "p",
        }
    }
}

/// A run of text with an optional class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Highlighting class, none for plain text.
    pub class: Option<Class>,
    /// The text, unescaped.
    pub text: String,
}

/// One line of generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The part of the request this line carries.
    pub part: Part,
    /// The tokens, concatenated, give the line's text (no newline).
    pub tokens: Vec<Token>,
}

impl Line {
    /// A line carrying `part`, with no tokens yet.
    #[must_use]
    pub fn new(part: Part) -> Self {
        Self {
            part,
            tokens: Vec::new(),
        }
    }

    /// Appends a token with a class.
    #[must_use]
    pub fn tok(mut self, class: Class, text: impl Into<String>) -> Self {
        self.tokens.push(Token {
            class: Some(class),
            text: text.into(),
        });
        self
    }

    /// Appends plain text.
    #[must_use]
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.tokens.push(Token {
            class: None,
            text: text.into(),
        });
        self
    }

    /// The line's text.
    #[must_use]
    pub fn plain(&self) -> String {
        self.tokens.iter().map(|t| t.text.as_str()).collect()
    }
}

/// A sample target language. Its [`Lang::name`] is the `data-lang` value on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// The raw HTTP/1.1 message.
    Http,
}

impl Lang {
    /// Every language, in the order tabs are shown.
    pub const ALL: &'static [Lang] = &[Lang::Http];

    /// The `data-lang` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Http => "http",
        }
    }

    /// The label shown on the tab.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Http => "HTTP",
        }
    }

    /// The language with this `data-lang` name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.name() == name)
    }
}

/// Generates the code for `request` in `lang`.
#[must_use]
pub fn generate(request: &Request, lang: Lang) -> Vec<Line> {
    match lang {
        Lang::Http => http::generate(request),
    }
}

/// The URL with the request's extra `query` parameters appended, percent-encoded.
#[must_use]
pub fn full_url(request: &Request) -> String {
    let mut url = request.url.clone();
    for (i, (k, v)) in request.query.iter().enumerate() {
        let sep = if i == 0 && !request.url.contains('?') {
            '?'
        } else {
            '&'
        };
        url.push(sep);
        url.push_str(&encode_component(k));
        url.push('=');
        url.push_str(&encode_component(v));
    }
    url
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
#[must_use]
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The body as the bytes sent on the wire, with the content type it implies when none is set.
#[must_use]
pub fn wire_body(request: &Request) -> Option<(String, &'static str)> {
    if let Some(json) = &request.json {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return Some((text, "application/json"));
    }
    if let Some(form) = &request.form {
        let text = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&");
        return Some((text, "application/x-www-form-urlencoded"));
    }
    request.body.clone().map(|b| (b, "text/plain"))
}

/// The header fields sent, in order, including the implied `Content-Type` of a body when the request
/// does not set one.
#[must_use]
pub fn wire_headers(request: &Request) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = request
        .headers
        .iter()
        .flat_map(|(k, v)| v.values().iter().map(move |v| (k.clone(), v.clone())))
        .collect();
    if let Some((_, ctype)) = wire_body(request)
        && !out
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        out.push(("Content-Type".to_owned(), ctype.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn query_is_appended_and_encoded() {
        let r = request("method: GET\nurl: https://a.example/x?y=1\nquery: {q: 'a b&c'}\n");
        assert_eq!(full_url(&r), "https://a.example/x?y=1&q=a%20b%26c");
    }

    #[test]
    fn json_body_implies_content_type() {
        let r = request("method: POST\nurl: https://a.example/\njson: {a: 1}\n");
        assert_eq!(
            wire_headers(&r),
            vec![("Content-Type".into(), "application/json".into())]
        );
    }
}
