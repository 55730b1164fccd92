//! Request samples: from one [`Request`] (data) to the code a reader copies, in every language.
//!
//! Each target emits [`Line`]s of classed tokens while it writes the code, so highlighting is exact
//! and needs no second parse, and each line says which part of the request it carries ([`Part`]), so an
//! incorrect/correct pair can mark the lines that differ in every language. This module owns the
//! generators only: it reads no files and renders no HTML.

mod csharp;
mod curl;
mod go;
mod http;
mod httpie;
mod java;
mod javascript;
mod php;
mod powershell;
mod python;
mod ruby;
mod rust;

use std::borrow::Cow;
use std::collections::HashMap;

use indexmap::IndexMap;

use crate::catalog::model::{HeaderValue, Request};

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

/// The generated code of one sample: every line's text in one buffer, each classed run's end, and
/// where each line starts.
///
/// A page shows dozens of samples, each of dozens of lines; one set of buffers per sample (reused
/// from sample to sample by [`generate_into`]) instead of a buffer per line or per token keeps
/// allocation out of the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// The text of every line, one after the other, without line breaks.
    text: String,
    /// Each run's class and the byte offset in `text` where it ends, in order.
    ends: Vec<(Option<Class>, u32)>,
    /// Each line's part (an index into `parts`) and its first run's index in `ends`.
    starts: Vec<(u32, u32)>,
    /// The parts lines carry, each once.
    parts: Vec<Part>,
}

/// One line of generated code.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The part of the request this line carries.
    pub part: &'a Part,
    /// The index of `part` among the parts of its sample (see [`Lines::part_flags`]).
    pub part_index: usize,
    text: &'a str,
    /// Where `text` starts in the sample's buffer.
    base: usize,
    ends: &'a [(Option<Class>, u32)],
}

impl PartialEq for Line<'_> {
    /// Two lines are equal when they carry the same part and the same runs.
    fn eq(&self, other: &Self) -> bool {
        self.part == other.part && self.tokens().eq(other.tokens())
    }
}

impl Eq for Line<'_> {}

impl<'a> Line<'a> {
    /// The line's text.
    #[must_use]
    pub fn plain(&self) -> &'a str {
        self.text
    }

    /// The tokens: each one's class (none for plain text) and text, in order.
    pub fn tokens(&self) -> impl Iterator<Item = (Option<Class>, &'a str)> + use<'a> {
        let (text, base) = (self.text, self.base);
        let mut start = 0;
        self.ends.iter().map(move |&(class, end)| {
            let end = end as usize - base;
            let run = &text[start..end];
            start = end;
            (class, run)
        })
    }
}

impl Lines {
    /// The number of lines.
    #[must_use]
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there is no line.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The line at `index`.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Line<'_>> {
        (index < self.len()).then(|| self.line_at(index))
    }

    /// The lines, in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            lines: self,
            next: 0,
        }
    }

    /// The line at `index`, which is in range.
    fn line_at(&self, index: usize) -> Line<'_> {
        let (part, first) = self.starts[index];
        let last = self
            .starts
            .get(index + 1)
            .map_or(self.ends.len(), |&(_, next)| next as usize);
        let ends = &self.ends[first as usize..last];
        let base = match first {
            0 => 0,
            n => self.ends[n as usize - 1].1 as usize,
        };
        let end = ends.last().map_or(base, |&(_, end)| end as usize);
        Line {
            part: &self.parts[part as usize],
            part_index: part as usize,
            text: &self.text[base..end],
            base,
            ends,
        }
    }

    /// The text of every line, one after the other, without line breaks.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// For each part lines carry, in the order of [`Line::part_index`], whether `f` holds for it.
    pub fn part_flags(&self, f: impl Fn(&Part) -> bool) -> Vec<bool> {
        self.parts.iter().map(f).collect()
    }

    /// Removes every line, keeping the buffers.
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.starts.clear();
        self.parts.clear();
    }

    /// Starts a new line carrying the part at `part`.
    fn start(&mut self, part: u32) {
        let first = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.starts.push((part, first));
    }

    /// Appends a run to the last line; a plain run right after a plain one extends it.
    fn push(&mut self, class: Option<Class>, text: &str) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let first = self.starts.last().map_or(0, |&(_, first)| first as usize);
        let extends = class.is_none() && self.ends.len() > first;
        match self.ends.last_mut() {
            Some((None, last)) if extends => *last = end,
            _ => self.ends.push((class, end)),
        }
    }

    /// The index of `part`, added when it is new.
    fn part(&mut self, part: Part) -> u32 {
        let index = match self.parts.iter().position(|p| *p == part) {
            Some(index) => index,
            None => {
                self.parts.push(part);
                self.parts.len() - 1
            }
        };
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The index of the header part named `name` (any case), added when it is new.
    fn header_part(&mut self, name: &str) -> u32 {
        let found = self
            .parts
            .iter()
            .position(|p| matches!(p, Part::Header(h) if h.eq_ignore_ascii_case(name)));
        match found {
            Some(index) => u32::try_from(index).unwrap_or(u32::MAX),
            None => self.part(Part::Header(name.to_ascii_lowercase())),
        }
    }
}

/// The lines of a [`Lines`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    lines: &'a Lines,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let line = self.lines.get(self.next)?;
        self.next += 1;
        Some(line)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.lines.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Lines {
    type Item = Line<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// A sample target language. Its [`Lang::name`] is the `data-lang` value on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// The raw HTTP/1.1 message.
    Http,
    /// A curl command line (POSIX shell).
    Curl,
    /// An HTTPie command line (POSIX shell).
    Httpie,
    /// `fetch` in a JavaScript ES module (Node or a browser).
    JavaScript,
    /// Python with `requests`.
    Python,
    /// A Go program with `net/http`.
    Go,
    /// A Java program with `java.net.http`.
    Java,
    /// C# top-level statements with `HttpClient`.
    CSharp,
    /// A Rust program with `reqwest`'s blocking client.
    Rust,
    /// PHP with the curl extension.
    Php,
    /// Ruby with `net/http`.
    Ruby,
    /// PowerShell with `Invoke-WebRequest`.
    PowerShell,
}

impl Lang {
    /// Every language, in the order tabs are shown.
    pub const ALL: &'static [Lang] = &[
        Lang::Http,
        Lang::Curl,
        Lang::Httpie,
        Lang::JavaScript,
        Lang::Python,
        Lang::Go,
        Lang::Java,
        Lang::CSharp,
        Lang::Rust,
        Lang::Php,
        Lang::Ruby,
        Lang::PowerShell,
    ];

    /// The `data-lang` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Curl => "curl",
            Self::Httpie => "httpie",
            Self::JavaScript => "javascript",
            Self::Python => "python",
            Self::Go => "go",
            Self::Java => "java",
            Self::CSharp => "csharp",
            Self::Rust => "rust",
            Self::Php => "php",
            Self::Ruby => "ruby",
            Self::PowerShell => "powershell",
        }
    }

    /// The label shown on the tab.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Http => "HTTP",
            Self::Curl => "curl",
            Self::Httpie => "HTTPie",
            Self::JavaScript => "JavaScript",
            Self::Python => "Python",
            Self::Go => "Go",
            Self::Java => "Java",
            Self::CSharp => "C#",
            Self::Rust => "Rust",
            Self::Php => "PHP",
            Self::Ruby => "Ruby",
            Self::PowerShell => "PowerShell",
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
pub fn generate(request: &Request, lang: Lang) -> Lines {
    let mut lines = Lines::default();
    generate_into(&mut lines, request, lang);
    lines
}

/// What the code of every language needs of one request, worked out once for all of them.
pub struct Prepared<'a> {
    request: &'a Request,
    /// The body, as [`body`] gives it.
    body: Option<Body<'a>>,
    /// The header fields, as [`headers`] gives them.
    headers: Vec<(String, Vec<Piece>)>,
    /// Whether any part of the request reads an environment variable.
    uses_env: bool,
    /// The URL with its query, as [`url_pieces`] gives it.
    url: Vec<Piece>,
    /// The URL without the query, as [`base_url_pieces`] gives it.
    base_url: Vec<Piece>,
}

impl<'a> Prepared<'a> {
    /// Prepares `request`.
    #[must_use]
    pub fn new(request: &'a Request) -> Self {
        let body = body(request);
        let headers = headers(request);
        let url = url_pieces(request);
        // What `placeholder_names` looks through, read from the pieces at hand: the URL with its
        // query, the header values, a form's values and a raw body (never a JSON body).
        let uses_env = has_env(&url)
            || headers.iter().any(|(_, value)| has_env(value))
            || match &body {
                Some(Body::Raw(raw)) => has_env(raw),
                Some(Body::Form(form)) => form.values().any(|v| has_env(&pieces(v))),
                Some(Body::Json(..)) | None => false,
            };
        Self {
            request,
            body,
            headers,
            uses_env,
            url,
            base_url: base_url_pieces(request),
        }
    }
}

/// Generates the code for `request` in `lang` into `lines`, replacing what it held and reusing its
/// buffers.
pub fn generate_into(lines: &mut Lines, request: &Request, lang: Lang) {
    generate_prepared(lines, &Prepared::new(request), lang);
}

/// Generates the code for a prepared request in `lang` into `lines`, replacing what it held and
/// reusing its buffers.
pub fn generate_prepared(lines: &mut Lines, prep: &Prepared<'_>, lang: Lang) {
    lines.clear();
    write(&mut Code::<NoSink>::new(lines, None), prep, lang);
}

/// Generates the code for a prepared request in `lang` into `sink`, line by line and run by run.
/// `scratch` keeps the parts lines carry; its lines are cleared and stay empty.
pub fn generate_to_sink(
    scratch: &mut Lines,
    prep: &Prepared<'_>,
    lang: Lang,
    sink: &mut impl Sink,
) {
    scratch.clear();
    write(&mut Code::new(scratch, Some(sink)), prep, lang);
}

fn write(code: &mut Code<'_, impl Sink>, prep: &Prepared<'_>, lang: Lang) {
    match lang {
        Lang::Http => http::generate(code, prep),
        Lang::Curl => curl::generate(code, prep),
        Lang::Httpie => httpie::generate(code, prep),
        Lang::JavaScript => javascript::generate(code, prep),
        Lang::Python => python::generate(code, prep),
        Lang::Go => go::generate(code, prep),
        Lang::Java => java::generate(code, prep),
        Lang::CSharp => csharp::generate(code, prep),
        Lang::Rust => rust::generate(code, prep),
        Lang::Php => php::generate(code, prep),
        Lang::Ruby => ruby::generate(code, prep),
        Lang::PowerShell => powershell::generate(code, prep),
    }
}

/// The whole text of generated lines, one `\n` after each line.
#[must_use]
pub fn to_text(lines: &Lines) -> String {
    let mut out = String::with_capacity(lines.text.len() + lines.len());
    for line in lines {
        out.push_str(line.plain());
        out.push('\n');
    }
    out
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

/// The content type a request's body implies when it sets none, if it has a body; the same type
/// [`wire_body`] gives, without writing the body.
fn implied_type(request: &Request) -> Option<&'static str> {
    if request.json.is_some() {
        Some("application/json")
    } else if request.form.is_some() {
        Some("application/x-www-form-urlencoded")
    } else {
        request.body.as_ref().map(|_| "text/plain")
    }
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
    if let Some(ctype) = implied_type(request)
        && !out
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        out.push(("Content-Type".to_owned(), ctype.to_owned()));
    }
    out
}

/// A piece of a request string: literal text or a `${NAME}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// The environment variable NAME, inserted as it is.
    Env(String),
    /// The environment variable NAME, percent-encoded at run time (a query or form value).
    EnvEncoded(String),
}

/// Splits `text` into literal text and `${NAME}` placeholders (NAME is `[A-Z][A-Z0-9_]*`).
///
/// Anything else that looks like a placeholder (`${lower}`, `${}`, an unclosed `${`) is literal text.
#[must_use]
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        literal.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match placeholder_name(after) {
            Some(name) => {
                if !literal.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut literal)));
                }
                out.push(Piece::Env(name.to_owned()));
                rest = &after[name.len() + 1..];
            }
            None => {
                literal.push('$');
                rest = &rest[at + 1..];
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        out.push(Piece::Text(literal));
    }
    out
}

/// The NAME of a placeholder whose `${` was just consumed, when `s` starts with `NAME}`.
fn placeholder_name(s: &str) -> Option<&str> {
    let end = s.find('}')?;
    let name = &s[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_uppercase()
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    valid.then_some(name)
}

/// Replaces every placeholder in `text` whose NAME is in `env` by its value; others stay as written.
#[must_use]
pub fn substitute(text: &str, env: &HashMap<String, String>) -> String {
    substitute_with(text, &|name| env.get(name).cloned())
}

fn substitute_with(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(t) => t,
            Piece::Env(name) | Piece::EnvEncoded(name) => {
                value(&name).unwrap_or_else(|| format!("${{{name}}}"))
            }
        })
        .collect()
}

/// The request as it is sent when the environment holds `env`: placeholders are replaced in the URL,
/// query values, header values, form values and a raw body (never in names, nor in a JSON body).
#[must_use]
pub fn resolve(request: &Request, env: &HashMap<String, String>) -> Request {
    resolve_with(request, &|name| env.get(name).cloned())
}

fn resolve_with(request: &Request, value: &dyn Fn(&str) -> Option<String>) -> Request {
    let sub = |s: &String| substitute_with(s, value);
    let mut out = request.clone();
    out.url = sub(&request.url);
    out.query = request
        .query
        .iter()
        .map(|(k, v)| (k.clone(), sub(v)))
        .collect();
    out.headers = request
        .headers
        .iter()
        .map(|(k, v)| {
            let v = match v {
                HeaderValue::One(one) => HeaderValue::One(sub(one)),
                HeaderValue::Many(many) => HeaderValue::Many(many.iter().map(sub).collect()),
            };
            (k.clone(), v)
        })
        .collect();
    out.form = request
        .form
        .as_ref()
        .map(|f| f.iter().map(|(k, v)| (k.clone(), sub(v))).collect());
    out.body = request.body.as_ref().map(sub);
    out
}

/// The clearly fake value the raw `http` form shows for a placeholder: `${ACCESS_TOKEN}` reads
/// `example-access-token`.
#[must_use]
pub fn fake_value(name: &str) -> String {
    format!("example-{}", name.to_ascii_lowercase().replace('_', "-"))
}

/// The request with every placeholder replaced by its [`fake_value`].
#[must_use]
pub fn with_fake_values(request: &Request) -> Request {
    resolve_with(request, &|name| Some(fake_value(name)))
}

/// The placeholder names a request uses, each once, in order of appearance.
#[must_use]
pub fn placeholder_names(request: &Request) -> Vec<String> {
    let mut texts: Vec<&str> = vec![&request.url];
    texts.extend(request.query.values().map(String::as_str));
    texts.extend(
        request
            .headers
            .values()
            .flat_map(|v| v.values().iter().map(String::as_str)),
    );
    texts.extend(
        request
            .form
            .iter()
            .flat_map(|f| f.values().map(String::as_str)),
    );
    texts.extend(request.body.as_deref());
    let mut names: Vec<String> = Vec::new();
    for piece in texts.into_iter().flat_map(pieces) {
        if let Piece::Env(name) = piece
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// Whether any piece reads the environment.
pub(crate) fn has_env(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| !matches!(p, Piece::Text(_)))
}

/// The literal text of pieces that read no environment variable; borrowed when it is one piece,
/// as merged pieces of text nearly always are.
pub(crate) fn literal(pieces: &[Piece]) -> Option<Cow<'_, str>> {
    match pieces {
        [] => Some(Cow::Borrowed("")),
        [Piece::Text(t)] => Some(Cow::Borrowed(t)),
        _ => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Option<String>>()
            .map(Cow::Owned),
    }
}

/// A query or form value: literal text percent-encoded now, placeholders encoded at run time.
pub(crate) fn encoded_value(value: &str) -> Vec<Piece> {
    pieces(value)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => Piece::Text(encode_component(&t)),
            Piece::Env(n) | Piece::EnvEncoded(n) => Piece::EnvEncoded(n),
        })
        .collect()
}

/// The URL with its query, as pieces: placeholders in the URL itself are inserted as they are,
/// those in `query` values are percent-encoded at run time.
pub(crate) fn url_pieces(request: &Request) -> Vec<Piece> {
    let mut out = pieces(&request.url);
    for (i, (k, v)) in request.query.iter().enumerate() {
        let sep = if i == 0 && !request.url.contains('?') {
            '?'
        } else {
            '&'
        };
        out.push(Piece::Text(format!("{sep}{}=", encode_component(k))));
        out.extend(encoded_value(v));
    }
    merge_text(out)
}

/// The URL without `query`, as pieces.
pub(crate) fn base_url_pieces(request: &Request) -> Vec<Piece> {
    pieces(&request.url)
}

/// Joins adjacent literal pieces.
pub(crate) fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(t)) => last.push_str(&t),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// Splits pieces after each newline, so a long literal can be written one line of text per line
/// of code; each line but the last ends with its `\n`. Never empty.
pub(crate) fn split_lines(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                for chunk in t.split_inclusive('\n') {
                    let line = lines.last_mut().expect("never empty");
                    line.push(Piece::Text(chunk.to_owned()));
                    if chunk.ends_with('\n') {
                        lines.push(Vec::new());
                    }
                }
            }
            other => lines.last_mut().expect("never empty").push(other.clone()),
        }
    }
    if lines.len() > 1 && lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    lines.into_iter().map(merge_text).collect()
}

/// Header fields with each name once: the values of a repeated field joined by `, `, which HTTP
/// defines as equivalent (RFC 9110, section 5.3), for targets that keep headers in a map.
pub(crate) fn joined_headers(headers: &[(String, Vec<Piece>)]) -> Vec<(String, Vec<Piece>)> {
    let mut out: Vec<(String, Vec<Piece>)> = Vec::new();
    for (name, value) in headers {
        match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, joined)) => {
                joined.push(Piece::Text(", ".into()));
                joined.extend(value.iter().cloned());
            }
            None => out.push((name.clone(), value.clone())),
        }
    }
    out.into_iter().map(|(n, v)| (n, merge_text(v))).collect()
}

/// The body of a request, in the shape targets write it.
pub(crate) enum Body<'a> {
    /// A JSON value and its pretty text (the bytes sent).
    Json(&'a serde_json::Value, String),
    /// Form fields, in order.
    Form(&'a IndexMap<String, String>),
    /// Raw text, with placeholders.
    Raw(Vec<Piece>),
}

/// The request's body, if any.
pub(crate) fn body(request: &Request) -> Option<Body<'_>> {
    if let Some(json) = &request.json {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return Some(Body::Json(json, text));
    }
    if let Some(form) = &request.form {
        // An empty form is an empty body; some builders cannot even write one.
        return Some(if form.is_empty() {
            Body::Raw(Vec::new())
        } else {
            Body::Form(form)
        });
    }
    request.body.as_deref().map(|b| Body::Raw(pieces(b)))
}

/// The header fields to write, with their values as pieces: [`wire_headers`] with placeholders.
pub(crate) fn headers(request: &Request) -> Vec<(String, Vec<Piece>)> {
    wire_headers(request)
        .into_iter()
        .map(|(k, v)| (k, pieces(&v)))
        .collect()
}

/// A set of ASCII characters, as a mask with the bit of each one's code set.
pub(crate) const fn ascii_set(chars: &[u8]) -> u128 {
    let mut mask = 0;
    let mut i = 0;
    while i < chars.len() {
        mask |= 1 << chars[i];
        i += 1;
    }
    mask
}

/// The printable characters a double-quoted literal escapes in most languages.
pub(crate) const QUOTE_AND_BACKSLASH: u128 = ascii_set(b"\"\\");

/// Whether a string literal holds `text` character for character: every byte is printable ASCII
/// and none is in `special`, the printable characters the literal escapes. Nearly all the text of
/// a request is like that, and copying it whole is many times quicker than escaping it by
/// character.
#[inline]
pub(crate) fn is_verbatim(text: &str, special: u128) -> bool {
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && (special >> b) & 1 == 0)
}

/// `text` between `quote`s, as it is.
pub(crate) fn quoted(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    out.push_str(text);
    out.push(quote);
    out
}

/// Characters that a reader cannot see or that editors and compilers treat specially, which string
/// literals write as escapes: controls, format characters (bidirectional overrides, zero-width
/// characters, the byte order mark) and the line and paragraph separators.
pub(crate) fn is_invisible(c: char) -> bool {
    // Nearly every character in a request is printable ASCII: settle those before the ranges.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{205F}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A method as written in code that names it with a capital first letter (`Post`, `Delete`).
pub(crate) fn title_case(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Where generated code goes instead of a [`Lines`]: each line as it starts, each run as it comes.
///
/// A page writes each sample once, as HTML; a sink lets it do so while the code is generated,
/// without first copying every token into a [`Lines`] and reading it back.
pub trait Sink {
    /// A new line starts, carrying `part`, the part numbered `index` in this sample (numbered in
    /// the order parts first appear, as [`Line::part_index`]).
    fn line(&mut self, part: &Part, index: usize);
    /// A run of the current line: its class (none for plain text) and its text, never empty nor
    /// holding a line break.
    fn run(&mut self, class: Option<Class>, text: &str);
}

/// The sink of code written into its own [`Lines`]: there is none, so this type has no value.
///
/// [`Code`] takes its sink as a type parameter rather than as `dyn Sink`: each generator is then
/// compiled once per sink, and the few instructions a token costs on its way to the page are
/// inlined into it, where a call through a vtable stood before.
pub(crate) enum NoSink {}

impl Sink for NoSink {
    fn line(&mut self, _: &Part, _: usize) {
        match *self {}
    }

    fn run(&mut self, _: Option<Class>, _: &str) {
        match *self {}
    }
}

/// Builds the [`Lines`] of a sample token by token, or hands each line and run to a [`Sink`]; text
/// with newlines continues on new lines that carry the same part.
pub(crate) struct Code<'a, S: Sink> {
    /// The lines written; with a sink, only their parts (numbered as the lines would have them).
    lines: &'a mut Lines,
    sink: Option<&'a mut S>,
    /// Whether a line has started.
    started: bool,
    /// The part of the current line, as an index into the parts of `lines`.
    part: u32,
}

impl<'a, S: Sink> Code<'a, S> {
    /// A sample written into `lines`, which must be empty, or into `sink`.
    fn new(lines: &'a mut Lines, sink: Option<&'a mut S>) -> Self {
        let part = lines.part(Part::Plain);
        Self {
            lines,
            sink,
            started: false,
            part,
        }
    }

    /// Starts a new line carrying the current part.
    #[inline]
    fn start(&mut self) {
        self.started = true;
        match &mut self.sink {
            Some(sink) => {
                let index = self.part as usize;
                sink.line(&self.lines.parts[index], index);
            }
            None => self.lines.start(self.part),
        }
    }

    /// Appends a run that holds no line break.
    #[inline]
    fn run(&mut self, class: Option<Class>, text: &str) {
        match &mut self.sink {
            Some(sink) if !text.is_empty() => sink.run(class, text),
            Some(_) => {}
            None => self.lines.push(class, text),
        }
    }

    /// Starts a new line carrying `part`.
    pub(crate) fn line(&mut self, part: Part) -> &mut Self {
        self.part = self.lines.part(part);
        self.start();
        self
    }

    /// Starts a new line carrying the header field `name` (any case).
    pub(crate) fn header(&mut self, name: &str) -> &mut Self {
        self.part = self.lines.header_part(name);
        self.start();
        self
    }

    /// Starts a new line carrying the part of the current one.
    pub(crate) fn same(&mut self) -> &mut Self {
        self.start();
        self
    }

    /// An empty scaffolding line.
    pub(crate) fn blank(&mut self) -> &mut Self {
        self.line(Part::Plain)
    }

    /// Appends a classed token.
    #[inline]
    pub(crate) fn tok(&mut self, class: Class, text: &str) -> &mut Self {
        self.push(Some(class), text)
    }

    /// Appends plain text.
    #[inline]
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.push(None, text)
    }

    #[inline]
    fn push(&mut self, class: Option<Class>, text: &str) -> &mut Self {
        if !self.started {
            self.start();
        }
        // Most tokens are a few bytes long and hold no line break: a plain loop finds that
        // sooner than a vectorised search (`contains` on bytes is one) is set up.
        let bytes = text.as_bytes();
        if bytes.len() < 32 && bytes.iter().all(|&b| b != b'\n') {
            self.run(class, text);
        } else {
            self.push_lines(class, text);
        }
        self
    }

    /// [`Code::push`] for text that is long or may hold line breaks.
    #[inline(never)]
    fn push_lines(&mut self, class: Option<Class>, text: &str) {
        let mut rest = text;
        loop {
            let end = memchr::memchr(b'\n', rest.as_bytes());
            self.run(class, &rest[..end.unwrap_or(rest.len())]);
            let Some(end) = end else { break };
            self.start();
            rest = &rest[end + 1..];
        }
    }
}

/// A concatenation of pieces: each literal through `string`, each placeholder through `env` (its
/// name as a literal, and whether it must be percent-encoded), joined by `op`; no pieces is the
/// empty literal.
pub(crate) fn concat(
    pieces: &[Piece],
    op: &str,
    string: fn(&str) -> String,
    env: &dyn Fn(String, bool) -> String,
) -> String {
    let one = |p: &Piece| match p {
        Piece::Text(t) => string(t),
        Piece::Env(name) => env(string(name), false),
        Piece::EnvEncoded(name) => env(string(name), true),
    };
    match pieces {
        [] => string(""),
        // Most values are one piece: no list to collect and join.
        [p] => one(p),
        _ => pieces.iter().map(one).collect::<Vec<_>>().join(op),
    }
}

/// How a language writes a JSON value as a literal of its own (JavaScript, Python).
pub(crate) struct JsonDialect {
    /// The literal for `null`.
    pub(crate) null: &'static str,
    /// The literals for `false` and `true`.
    pub(crate) bools: [&'static str; 2],
    /// One level of indentation.
    pub(crate) indent: &'static str,
    /// A string literal.
    pub(crate) string: fn(&str) -> String,
    /// An object key, and its class.
    pub(crate) key: (fn(&str) -> String, Class),
}

/// Writes a JSON value as a literal in `dialect`, one element per line, indented from `indent`.
pub(crate) fn json_literal(
    code: &mut Code<'_, impl Sink>,
    value: &serde_json::Value,
    indent: &str,
    dialect: &JsonDialect,
) {
    use serde_json::Value;
    let inner = format!("{indent}{}", dialect.indent);
    match value {
        Value::Null => {
            code.tok(Class::Keyword, dialect.null);
        }
        Value::Bool(b) => {
            code.tok(Class::Keyword, dialect.bools[usize::from(*b)]);
        }
        Value::Number(n) => {
            code.tok(Class::Number, &n.to_string());
        }
        Value::String(s) => {
            code.tok(Class::String, &(dialect.string)(s));
        }
        Value::Array(items) if items.is_empty() => {
            code.tok(Class::Punctuation, "[]");
        }
        Value::Object(map) if map.is_empty() => {
            code.tok(Class::Punctuation, "{}");
        }
        Value::Array(items) => {
            code.tok(Class::Punctuation, "[");
            for item in items {
                code.same().text(&inner);
                json_literal(code, item, &inner, dialect);
                code.tok(Class::Punctuation, ",");
            }
            code.same().text(indent).tok(Class::Punctuation, "]");
        }
        Value::Object(map) => {
            code.tok(Class::Punctuation, "{");
            let (key, class) = dialect.key;
            for (k, v) in map {
                code.same()
                    .text(&inner)
                    .tok(class, &key(k))
                    .tok(Class::Punctuation, ":")
                    .text(" ");
                json_literal(code, v, &inner, dialect);
                code.tok(Class::Punctuation, ",");
            }
            code.same().text(indent).tok(Class::Punctuation, "}");
        }
    }
}

/// The characters a shell word may hold bare.
const SHELL_BARE: u128 =
    ascii_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-");

/// Quotes a literal as one POSIX shell word (sh, bash, zsh): bare when it holds only characters no
/// shell treats specially, else in single quotes, where nothing is special but the quote itself.
pub(crate) fn shell_quote(s: &str) -> String {
    // A non-ASCII character is never bare: its bytes are all outside the set.
    let safe = |b: u8| b < 0x80 && (SHELL_BARE >> b) & 1 == 1;
    if !s.is_empty() && s.bytes().all(safe) && !s.starts_with('=') {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Quotes pieces as one POSIX shell word. Without placeholders it is [`shell_quote`]; with them it is
/// a double-quoted word that expands `$NAME`, with `\`, `"`, `$` and `` ` `` escaped and each `!`
/// single-quoted (an interactive shell would expand it as history even in double quotes).
pub(crate) fn shell_word(pieces: &[Piece]) -> String {
    if let Some(text) = literal(pieces) {
        return shell_quote(&text);
    }
    let mut words: Vec<String> = Vec::new();
    let mut quoted = String::new();
    let flush = |quoted: &mut String, words: &mut Vec<String>| {
        if !quoted.is_empty() {
            words.push(format!("\"{quoted}\""));
            quoted.clear();
        }
    };
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) => {
                for c in t.chars() {
                    match c {
                        '\\' | '"' | '$' | '`' => {
                            quoted.push('\\');
                            quoted.push(c);
                        }
                        '!' => {
                            flush(&mut quoted, &mut words);
                            words.push("'!'".to_owned());
                        }
                        _ => quoted.push(c),
                    }
                }
            }
            Piece::Env(name) | Piece::EnvEncoded(name) => {
                let next_continues = match pieces.get(i + 1) {
                    Some(Piece::Text(t)) => {
                        t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    }
                    _ => false,
                };
                if next_continues {
                    quoted.push_str(&format!("${{{name}}}"));
                } else {
                    quoted.push('$');
                    quoted.push_str(name);
                }
            }
        }
    }
    flush(&mut quoted, &mut words);
    words.concat()
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

    /// Checks that `special` holds every printable character the literal writer `write` does not
    /// copy as it is, for text that `is_verbatim` lets a writer copy whole: after `forcing`, which
    /// makes `write` take its character-by-character path, every two characters outside `special`
    /// must come out unchanged, just before the closing delimiter.
    pub(crate) fn assert_verbatim_set(
        write: impl Fn(&str) -> String,
        special: u128,
        forcing: &str,
    ) {
        assert!(!is_verbatim(forcing, special));
        let base = write(forcing);
        let (head, close) = base.split_at(base.len() - 1);
        let plain: Vec<char> = (0x20u8..0x7f)
            .filter(|&b| (special >> b) & 1 == 0)
            .map(char::from)
            .collect();
        for &a in &plain {
            for &b in &plain {
                let text = format!("{a}{b}");
                assert!(is_verbatim(&text, special));
                assert_eq!(
                    write(&format!("{forcing}{text}")),
                    format!("{head}{text}{close}"),
                    "{text:?} is not written as it is"
                );
            }
        }
    }

    #[test]
    fn a_prepared_request_uses_the_environment_exactly_when_it_has_placeholders() {
        for yaml in [
            "method: GET\nurl: https://a/\n",
            "method: GET\nurl: https://a/${ORG}\n",
            "method: GET\nurl: https://a/\nquery: {q: '${Q}'}\n",
            "method: GET\nurl: https://a/\nheaders: {A: [x, '${T}']}\n",
            "method: POST\nurl: https://a/\nform: {a: '${F}'}\n",
            "method: POST\nurl: https://a/\nform: {a: b}\n",
            "method: POST\nurl: https://a/\nbody: 'x ${B}'\n",
            "method: POST\nurl: https://a/\njson: {a: '${NOT_READ}'}\n",
            "method: GET\nurl: https://a/${lower}\n",
        ] {
            let r = request(yaml);
            assert_eq!(
                Prepared::new(&r).uses_env,
                !placeholder_names(&r).is_empty(),
                "{yaml}"
            );
        }
    }

    #[test]
    fn verbatim_text_is_printable_ascii_outside_the_set() {
        assert!(is_verbatim("Bearer abc.def-1 {x} #$", QUOTE_AND_BACKSLASH));
        assert!(is_verbatim("", QUOTE_AND_BACKSLASH));
        for text in ["a\"b", "a\\b", "a\nb", "tab\t", "\u{7f}", "é", "\u{200b}"] {
            assert!(!is_verbatim(text, QUOTE_AND_BACKSLASH), "{text:?}");
        }
        assert!(!is_verbatim("a$b", ascii_set(b"$")));
        assert_eq!(quoted("x y", '\''), "'x y'");
    }

    #[test]
    fn json_body_implies_content_type() {
        let r = request("method: POST\nurl: https://a.example/\njson: {a: 1}\n");
        assert_eq!(
            wire_headers(&r),
            vec![("Content-Type".into(), "application/json".into())]
        );
    }
    #[test]
    fn implied_type_is_the_type_of_the_wire_body() {
        for yaml in [
            "method: GET\nurl: https://a/\n",
            "method: POST\nurl: https://a/\njson: [1]\n",
            "method: POST\nurl: https://a/\nform: {}\n",
            "method: POST\nurl: https://a/\nbody: ''\n",
        ] {
            let r = request(yaml);
            assert_eq!(implied_type(&r), wire_body(&r).map(|b| b.1), "{yaml}");
        }
    }

    #[test]
    fn placeholders_need_an_upper_case_name() {
        assert_eq!(
            pieces("Bearer ${ACCESS_TOKEN}!"),
            vec![
                Piece::Text("Bearer ".into()),
                Piece::Env("ACCESS_TOKEN".into()),
                Piece::Text("!".into())
            ]
        );
        for literal in ["${lower}", "${}", "${A", "$A", "${1A}", "${A-B}", "$${"] {
            assert_eq!(
                pieces(literal),
                vec![Piece::Text(literal.into())],
                "{literal}"
            );
        }
        assert_eq!(
            pieces("$${A}"),
            vec![Piece::Text("$".into()), Piece::Env("A".into())]
        );
    }

    #[test]
    fn substitution_leaves_unknown_names() {
        let env = HashMap::from([("A".to_owned(), "1".to_owned())]);
        assert_eq!(substitute("${A}-${B}-${a}", &env), "1-${B}-${a}");
        assert_eq!(fake_value("ACCESS_TOKEN"), "example-access-token");
    }

    #[test]
    fn resolve_replaces_values_but_not_names_or_json() {
        let r = request(
            "method: POST\nurl: https://a/${T}\nquery: {'${T}': '${T}'}\nheaders: {X: 'v ${T}'}\njson: {a: '${T}'}\n",
        );
        let env = HashMap::from([("T".to_owned(), "t".to_owned())]);
        let out = resolve(&r, &env);
        assert_eq!(out.url, "https://a/t");
        assert_eq!(out.query.get("${T}").map(String::as_str), Some("t"));
        assert_eq!(out.headers["X"], HeaderValue::One("v t".into()));
        assert_eq!(out.json, r.json);
        assert_eq!(placeholder_names(&r), vec!["T".to_owned()]);
    }

    #[test]
    fn shell_words_quote_everything_special() {
        assert_eq!(shell_quote("plain/path:1,2"), "plain/path:1,2");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("=x"), "'=x'");
        assert_eq!(shell_quote("'; rm -rf ~; '"), r"''\''; rm -rf ~; '\'''");
        assert_eq!(shell_quote("$HOME `id` \\ \"\n!"), "'$HOME `id` \\ \"\n!'");
    }

    #[test]
    fn shell_words_are_bare_exactly_with_the_safe_characters() {
        let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
        for c in (0..0x300)
            .filter_map(char::from_u32)
            .chain(['\u{2028}', '\u{1F600}'])
        {
            let word = format!("a{c}");
            assert_eq!(shell_quote(&word) == word, safe(c), "{c:?}");
        }
    }

    #[test]
    fn shell_words_with_placeholders_expand_only_the_variable() {
        let word = |s: &str| shell_word(&pieces(s));
        assert_eq!(word("Bearer ${TOKEN}"), "\"Bearer $TOKEN\"");
        assert_eq!(word("${TOKEN}x"), "\"${TOKEN}x\"");
        assert_eq!(word("$`\\\"${T}"), "\"\\$\\`\\\\\\\"$T\"");
        assert_eq!(word("hi!${T}!"), "\"hi\"'!'\"$T\"'!'");
    }

    #[test]
    fn lines_split_after_newlines() {
        let lines = split_lines(&pieces("a\nb${T}\n"));
        assert_eq!(
            lines,
            vec![
                vec![Piece::Text("a\n".into())],
                vec![
                    Piece::Text("b".into()),
                    Piece::Env("T".into()),
                    Piece::Text("\n".into())
                ]
            ]
        );
    }
}
