//! The catalog's plain data types, as they are written in `content/`.
//!
//! These types are what YAML deserialises into: every struct denies unknown fields so a misspelled key
//! is an error, never silently ignored. They own no behaviour beyond small accessors; loading lives in
//! `load`, cross-entry rules in `resolve`. The same types derive `JsonSchema`, so the editor schemas
//! of `errdocs schema` are generated from what the loader accepts and cannot drift from it.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::{fields, keys};

/// One error entry: a sub-scenario of a status code (`content/errors/401/expired-token.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Entry {
    /// The HTTP status code this sub-scenario answers with.
    #[serde(deserialize_with = "fields::status")]
    pub status: u16,
    /// Short title, e.g. "Expired access token".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// The stable machine code an API sends for this error (`rate_limit_exceeded`,
    /// `resource_missing`): shown, searchable, in `catalog.json`, and usable in `related`.
    #[serde(
        deserialize_with = "fields::optional_code",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// The problem type URI this entry documents (RFC 9457 §3.1.1), the `type` its
    /// `application/problem+json` bodies send: one entry declares each type, and when the URI is
    /// under the site's `base_url` the build makes it lead to this entry's page.
    #[serde(
        rename = "type",
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub problem_type: Option<String>,
    /// One-line summary (Markdown, inline).
    #[serde(deserialize_with = "fields::lines")]
    pub summary: String,
    /// Where the entry stands among the entries of its status (home page, status overview,
    /// sibling links, `catalog.json`): lower numbers first, e.g. the most common cases `1`, `2`,
    /// `3`. Entries without one follow those with one; ties go by file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// Authentication schemes the entry concerns (`Bearer`, `Basic`, …).
    #[serde(deserialize_with = "fields::line_list", default)]
    pub schemes: Vec<String>,
    /// Free-form tags.
    #[serde(deserialize_with = "fields::line_list", default)]
    pub tags: Vec<String>,
    /// Longer explanation shown under the summary (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    pub details: Option<String>,
    /// How to tell this sub-scenario from its siblings (Markdown items).
    #[serde(deserialize_with = "fields::lines_list", default)]
    pub recognize: Vec<String>,
    /// Why it happens (Markdown items).
    #[serde(deserialize_with = "fields::lines_list", default)]
    pub causes: Vec<String>,
    /// The documented response, as sent on the wire.
    pub response: Response,
    /// Further documented responses of the same error (a burst limit and a daily limit, a JSON
    /// body and an HTML error page), each named; a sample side answered by one names it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// Paired incorrect and correct requests.
    #[serde(default)]
    pub samples: Vec<SamplePair>,
    /// Ordered resolution steps (Markdown items).
    #[serde(deserialize_with = "fields::lines_list", default)]
    pub fix: Vec<String>,
    /// Ids of related catalog items.
    #[serde(deserialize_with = "fields::line_list", default)]
    pub related: Vec<String>,
    /// External references (RFCs, specifications).
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Lint codes silenced for this file (`errdocs explain CODE` tells what each checks).
    #[serde(
        deserialize_with = "fields::line_list",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allow: Vec<String>,
    /// What `errdocs verify` does not compare for this entry because it varies by nature: header
    /// names (`Retry-After`) and JSON Pointers into the body (`/type`).
    #[serde(
        deserialize_with = "fields::line_list",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub varies: Vec<String>,
}

impl Entry {
    /// The variant named `name`.
    #[must_use]
    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The response one side of a pair gets, as documented: its own, its variant's, or for the
    /// incorrect side the entry's. `None` for a correct side that documents none.
    #[must_use]
    pub fn side_response<'a>(&'a self, side: &'a Sample, incorrect: bool) -> Option<&'a Response> {
        side.response
            .as_ref()
            .or_else(|| {
                side.variant
                    .as_deref()
                    .and_then(|n| self.variant(n))
                    .map(|v| &v.response)
            })
            .or(incorrect.then_some(&self.response))
    }
}

/// An HTTP response as data.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Response {
    /// Status code.
    #[serde(deserialize_with = "fields::status")]
    pub status: u16,
    /// Reason phrase; the standard one for the status when absent.
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason: Option<String>,
    /// Header fields in wire order. A list value repeats the field.
    #[serde(default, deserialize_with = "keys::headers")]
    pub headers: IndexMap<String, HeaderValue>,
    /// The body: a string is sent as it is, any other value as JSON.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "keys::optional_json"
    )]
    pub body: Option<serde_json::Value>,
}

/// A header value: one line, or several lines of the same field.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(untagged)]
pub enum HeaderValue {
    /// A single field line.
    One(String),
    /// The same field repeated, in order.
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for HeaderValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fields::header_value(deserializer)
    }
}

impl HeaderValue {
    /// Every value of the field, in order.
    #[must_use]
    pub fn values(&self) -> &[String] {
        match self {
            Self::One(v) => std::slice::from_ref(v),
            Self::Many(v) => v,
        }
    }
}

/// An HTTP request as data, from which every sample language is generated.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct Request {
    /// Method, e.g. `GET`.
    pub method: String,
    /// Absolute URL; it may carry a query string already.
    pub url: String,
    /// Extra query parameters, appended to the URL in order.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub query: IndexMap<String, String>,
    /// Header fields in order.
    pub headers: IndexMap<String, HeaderValue>,
    /// A JSON body (sent with `Content-Type: application/json` unless a header says otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// A form body (`application/x-www-form-urlencoded`), fields in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<IndexMap<String, String>>,
    /// A raw text body, sent as it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// A `multipart/form-data` body (RFC 7578): text fields and files, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multipart: Option<Vec<FormPart>>,
}

/// A request as it is written: at most one body, and a multipart body's `Content-Type` (with its
/// boundary) left to errdocs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WrittenRequest {
    /// Method, e.g. `GET`.
    #[serde(deserialize_with = "fields::token")]
    method: String,
    /// Absolute URL; it may carry a query string already.
    #[serde(deserialize_with = "fields::line")]
    url: String,
    /// Extra query parameters, appended to the URL in order.
    #[serde(default, deserialize_with = "keys::fields_map")]
    query: IndexMap<String, String>,
    /// Header fields in order.
    #[serde(default, deserialize_with = "keys::headers")]
    headers: IndexMap<String, HeaderValue>,
    /// A JSON body (sent with `Content-Type: application/json` unless a header says otherwise).
    #[serde(default, deserialize_with = "keys::optional_json")]
    json: Option<serde_json::Value>,
    /// A form body (`application/x-www-form-urlencoded`), fields in order.
    #[serde(default, deserialize_with = "keys::optional_fields_map")]
    form: Option<IndexMap<String, String>>,
    /// A raw text body, sent as it is.
    #[serde(deserialize_with = "fields::optional_body", default)]
    body: Option<String>,
    /// A `multipart/form-data` body (RFC 7578): its parts in order, each a text field (`name`,
    /// `value`) or a file (`name`, `file` or `content`, `filename`, `content-type`). errdocs writes
    /// the `Content-Type` with its boundary.
    #[serde(default)]
    multipart: Option<Vec<FormPart>>,
}

impl TryFrom<WrittenRequest> for Request {
    type Error = String;

    fn try_from(w: WrittenRequest) -> Result<Self, String> {
        let bodies: Vec<&str> = [
            ("json", w.json.is_some()),
            ("form", w.form.is_some()),
            ("body", w.body.is_some()),
            ("multipart", w.multipart.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
        if let [first, second, ..] = bodies.as_slice() {
            return Err(format!(
                "this request has two bodies, `{first}` and `{second}`: a request carries one, so \
                 keep one of them"
            ));
        }
        if let Some(parts) = &w.multipart {
            if parts.is_empty() {
                return Err(
                    "a `multipart` body needs at least one part (RFC 2046 §5.1.1); for \
                     an empty body write `body: ''` with the `Content-Type` header you mean"
                        .to_owned(),
                );
            }
            if let Some(name) = w
                .headers
                .keys()
                .find(|k| k.eq_ignore_ascii_case("content-type"))
            {
                return Err(format!(
                    "a `multipart` body's `Content-Type` (`multipart/form-data` with its boundary) \
                     is written by errdocs: remove the `{name}` header"
                ));
            }
            for (i, part) in parts.iter().enumerate() {
                if parts[..i].iter().any(|p| p.name == part.name) {
                    return Err(format!(
                        "two parts are named `{}`: give each part its own name (a repeated name \
                         cannot be sent exactly from every sample language)",
                        part.name
                    ));
                }
            }
        }
        Ok(Self {
            method: w.method,
            url: w.url,
            query: w.query,
            headers: w.headers,
            json: w.json,
            form: w.form,
            body: w.body,
            multipart: w.multipart,
        })
    }
}

impl<'de> Deserialize<'de> for Request {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_map::<D, WrittenRequest, Self>(deserializer)
    }
}

impl JsonSchema for Request {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Request".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WrittenRequest::json_schema(generator)
    }
}

/// Reads a mapping as `W` (as it is written) and checks it into a `T`. The check runs while the
/// mapping is read, so a problem it finds is placed at the mapping (a part that is wrong is named
/// by its own line, not by its list's).
fn checked_map<'de, D, W, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    W: Deserialize<'de>,
    T: TryFrom<W, Error = String>,
{
    struct Checked<W, T>(std::marker::PhantomData<(W, T)>);
    impl<'de, W: Deserialize<'de>, T: TryFrom<W, Error = String>> serde::de::Visitor<'de>
        for Checked<W, T>
    {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a mapping (`key: value` lines)")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            use serde::de::Error as _;
            let written = W::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
            T::try_from(written).map_err(A::Error::custom)
        }
    }
    deserializer.deserialize_map(Checked(std::marker::PhantomData))
}

/// The folder of the site whose files a multipart part may upload (`file: files/invoice.pdf`).
pub const UPLOADS_DIR: &str = "files";

/// The media type of a file part that names none (RFC 7578 §4.4).
pub const DEFAULT_FILE_TYPE: &str = "application/octet-stream";

/// One part of a `multipart/form-data` body (RFC 7578): a text field or a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "WrittenPart")]
pub struct FormPart {
    /// The form field it fills: the `name` of its `Content-Disposition`.
    pub name: String,
    /// What it carries.
    pub content: PartContent,
}

/// What a multipart part carries.
#[derive(Debug, Clone, PartialEq)]
pub enum PartContent {
    /// A text field's value, sent as UTF-8 without a `Content-Type` (RFC 7578 §4.4: `text/plain`),
    /// exactly as written (like a JSON body, it reads no `${NAME}` placeholder).
    Text(String),
    /// A file.
    File(FileUpload),
}

/// A file sent as a part: its bytes, its `filename` and its media type.
#[derive(Debug, Clone, PartialEq)]
pub struct FileUpload {
    /// Where its bytes come from.
    pub source: FileSource,
    /// The `filename` parameter: as written, or the file's own name.
    pub filename: String,
    /// Its `Content-Type`: as written, or `application/octet-stream`.
    pub content_type: String,
}

/// Where a file part's bytes come from.
#[derive(Debug, Clone, PartialEq)]
pub enum FileSource {
    /// A file of the site's `files/` folder, by its path relative to the site folder
    /// (`files/invoice.pdf`), and its bytes once the loader has read them.
    Path {
        /// The path as written.
        path: String,
        /// The file's bytes; `None` until the catalog is loaded with its site.
        bytes: Option<std::sync::Arc<[u8]>>,
    },
    /// Text written in the entry, sent as UTF-8.
    Inline(String),
}

impl FormPart {
    /// The bytes the part carries: a text field's value, or the file's bytes.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        match &self.content {
            PartContent::Text(text) => text.as_bytes(),
            PartContent::File(file) => file.source.bytes(),
        }
    }
}

impl FileSource {
    /// The bytes sent: the file's (none before it is loaded) or the inline text's.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Path { bytes, .. } => bytes.as_deref().unwrap_or_default(),
            Self::Inline(text) => text.as_bytes(),
        }
    }
}

impl<'de> Deserialize<'de> for FormPart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_map::<D, WrittenPart, Self>(deserializer)
    }
}

impl JsonSchema for FormPart {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormPart".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WrittenPart::json_schema(generator)
    }
}

/// A multipart part as it is written: a text field (`value`) or a file (`file`, or its
/// `content`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(extend("required" = ["name"], "oneOf" = [
    {"required": ["value"], "not": {"anyOf": [{"required": ["file"]}, {"required": ["content"]}]}},
    {"required": ["file"], "not": {"anyOf": [{"required": ["value"]}, {"required": ["content"]}]}},
    {"required": ["content"], "not": {"anyOf": [{"required": ["value"]}, {"required": ["file"]}]}}
]))]
struct WrittenPart {
    /// The form field it fills (`document`): printable ASCII without `"`, `\` or `=`.
    #[schemars(with = "String")]
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    name: Option<String>,
    /// A text field's value, sent as written.
    #[schemars(with = "String")]
    #[serde(
        deserialize_with = "fields::optional_text",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    value: Option<String>,
    /// A file to upload, by its path relative to the site folder, inside its `files/` folder
    /// (`files/invoice.pdf`).
    #[schemars(with = "String")]
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    file: Option<String>,
    /// A file's content written here instead (text, sent as UTF-8); it needs a `filename`.
    #[schemars(with = "String")]
    #[serde(
        deserialize_with = "fields::optional_text",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    content: Option<String>,
    /// A file's `filename`; for `file` the file's own name when left out.
    #[schemars(with = "String")]
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    filename: Option<String>,
    /// A file's media type, e.g. `application/pdf`; `application/octet-stream` when left out.
    #[schemars(with = "String")]
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    content_type: Option<String>,
}

impl TryFrom<WrittenPart> for FormPart {
    type Error = String;

    fn try_from(w: WrittenPart) -> Result<Self, String> {
        let Some(name) = w.name.filter(|n| !n.is_empty()) else {
            return Err("a part needs a `name`: the form field it fills".to_owned());
        };
        if let Some(why) = bad_part_text(&name, "=") {
            return Err(format!("the part name `{name}` {why}"));
        }
        let content = match (w.value, w.file, w.content) {
            (Some(value), None, None) => {
                if w.filename.is_some() || w.content_type.is_some() {
                    return Err(format!(
                        "the text field `{name}` has a `filename` or `content-type`, which only a \
                         file has: write its text as `content:` to send it as a file"
                    ));
                }
                PartContent::Text(value)
            }
            (None, Some(path), None) => {
                check_upload_path(&path)?;
                let own = path.rsplit('/').next().unwrap_or(&path).to_owned();
                PartContent::File(file_upload(
                    &name,
                    FileSource::Path { path, bytes: None },
                    w.filename.or(Some(own)),
                    w.content_type,
                )?)
            }
            (None, None, Some(text)) => PartContent::File(file_upload(
                &name,
                FileSource::Inline(text),
                w.filename,
                w.content_type,
            )?),
            (None, None, None) => {
                return Err(format!(
                    "the part `{name}` needs a `value` (a text field), a `file` to upload, or the \
                     file's `content`"
                ));
            }
            (value, file, content) => {
                let given: Vec<&str> = [
                    ("value", value.is_some()),
                    ("file", file.is_some()),
                    ("content", content.is_some()),
                ]
                .into_iter()
                .filter_map(|(k, set)| set.then_some(k))
                .collect();
                return Err(format!(
                    "the part `{name}` has both `{}` and `{}`: a part is a text field (`value`) or \
                     a file (`file`, or its `content` written here), so keep one",
                    given[0], given[1]
                ));
            }
        };
        Ok(Self { name, content })
    }
}

/// A file part, checked: a filename (required for inline content) and a media type.
fn file_upload(
    name: &str,
    source: FileSource,
    filename: Option<String>,
    content_type: Option<String>,
) -> Result<FileUpload, String> {
    let Some(filename) = filename.filter(|f| !f.is_empty()) else {
        return Err(format!(
            "the file part `{name}` needs a `filename` (RFC 7578 §4.2): the name the file is sent \
             under, e.g. `invoice.pdf`"
        ));
    };
    if let Some(why) = bad_part_text(&filename, "/") {
        return Err(format!("the filename `{filename}` {why}"));
    }
    let content_type = content_type.unwrap_or_else(|| DEFAULT_FILE_TYPE.to_owned());
    if !is_media_type(&content_type) {
        return Err(format!(
            "`{content_type}` is not a media type: write `type/subtype`, e.g. `application/pdf` \
             or `image/png`"
        ));
    }
    Ok(FileUpload {
        source,
        filename,
        content_type,
    })
}

/// Why a part name or filename cannot be sent exactly by every client, if it cannot: each quotes it
/// as it is only when it is printable ASCII without `"` or `\` (clients escape those, and letters
/// past ASCII, each their own way), nor any of `also`.
fn bad_part_text(text: &str, also: &str) -> Option<String> {
    let bad = text
        .chars()
        .find(|c| !(' '..='~').contains(c) || matches!(c, '"' | '\\') || also.contains(*c))?;
    Some(format!(
        "holds `{bad}`: use printable ASCII letters, digits and punctuation other than `\"`, `\\`{}",
        also.chars()
            .map(|c| format!(" or `{c}`"))
            .collect::<String>()
    ))
}

/// Whether `text` reads as a media type: `type/subtype`, each a token, then any parameters.
fn is_media_type(text: &str) -> bool {
    let essence = text.split(';').next().unwrap_or("").trim();
    let token = |s: &str| !s.is_empty() && s.chars().all(fields::is_tchar);
    essence
        .split_once('/')
        .is_some_and(|(t, s)| token(t) && token(s))
        && !text.contains(['"', '\\'])
}

/// Checks an upload's path: relative to the site folder, inside `files/`, one normal name per step.
fn check_upload_path(path: &str) -> Result<(), String> {
    let inside = path
        .strip_prefix(UPLOADS_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| {
            rest.split('/')
                .all(|step| !step.is_empty() && step != "." && step != ".." && !step.contains('\\'))
        });
    if inside {
        Ok(())
    } else {
        Err(format!(
            "`{path}` is not a file of the site's `{UPLOADS_DIR}/` folder: a part uploads a file \
             by its path relative to the site folder, inside `{UPLOADS_DIR}/` (e.g. \
             `{UPLOADS_DIR}/invoice.pdf`)"
        ))
    }
}

impl From<FormPart> for WrittenPart {
    fn from(part: FormPart) -> Self {
        let mut out = Self {
            name: Some(part.name),
            value: None,
            file: None,
            content: None,
            filename: None,
            content_type: None,
        };
        match part.content {
            PartContent::Text(value) => out.value = Some(value),
            PartContent::File(file) => {
                match file.source {
                    FileSource::Path { path, .. } => out.file = Some(path),
                    FileSource::Inline(text) => out.content = Some(text),
                }
                out.filename = Some(file.filename);
                out.content_type = Some(file.content_type);
            }
        }
        out
    }
}

/// A further documented response of an entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Variant {
    /// Its name, unique in the entry (lower-case letters, digits and hyphens): `daily-limit`.
    #[serde(deserialize_with = "fields::slug")]
    pub name: String,
    /// Short title, e.g. "Daily quota exhausted".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// When the API sends this one rather than the entry's response (Markdown).
    #[serde(
        deserialize_with = "fields::optional_lines",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub when: Option<String>,
    /// The response, as sent on the wire.
    pub response: Response,
}

/// One side of a sample pair.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Sample {
    /// The request sent. On the correct side it may be left out when `later` is given: the same
    /// request as the incorrect side's, sent again later.
    pub request: Request,
    /// The response it gets; for the incorrect side it defaults to the entry's response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// The name of the entry's variant this side is answered with, instead of `response`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// On the correct side: the fix is timing, not the request. When to send it again (Markdown),
    /// e.g. "after the `Retry-After` delay".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub later: Option<String>,
    /// What must hold outside the request for this answer (Markdown), when the request alone does
    /// not decide it: "a proxy in front of the API drops `Authorization`".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// What to notice (Markdown).
    pub note: Option<String>,
}

/// An incorrect request and its corrected form, shown side by side.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SamplePair {
    /// What the pair shows, e.g. "Refresh the token, then retry once".
    pub title: String,
    /// Optional explanation (Markdown).
    pub description: Option<String>,
    /// The request that fails.
    pub incorrect: Sample,
    /// The request that works (or the same request, sent later).
    pub correct: Sample,
}

/// A sample pair as it is written: the correct side's request may be left out with `later`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WrittenPair {
    /// What the pair shows, e.g. "Refresh the token, then retry once".
    #[serde(deserialize_with = "fields::line")]
    title: String,
    /// Optional explanation (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    description: Option<String>,
    /// The request that fails.
    incorrect: WrittenSample,
    /// The request that works, or the same request sent later (`later:`).
    correct: WrittenSample,
}

/// One side of a sample pair as it is written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WrittenSample {
    /// The request sent; on the correct side it may be left out when `later` is given.
    #[serde(default)]
    request: Option<Request>,
    /// The response it gets; for the incorrect side it defaults to the entry's response.
    #[serde(default)]
    response: Option<Response>,
    /// The name of the entry's variant this side is answered with, instead of `response`.
    #[serde(deserialize_with = "fields::optional_slug", default)]
    variant: Option<String>,
    /// On the correct side: the same request works when sent later. When (Markdown), e.g. "after
    /// the `Retry-After` delay".
    #[serde(deserialize_with = "fields::optional_lines", default)]
    later: Option<String>,
    /// What must hold outside the request for this answer (Markdown), when the request alone does
    /// not decide it: "the refresh token was revoked", "a proxy in front of the API drops
    /// `Authorization`". `mock` answers such a side only when asked with `Prefer: example=`.
    #[serde(deserialize_with = "fields::optional_lines", default)]
    given: Option<String>,
    /// What to notice (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    note: Option<String>,
}

impl<'de> Deserialize<'de> for SamplePair {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut pair = WrittenPair::deserialize(deserializer)?;
        let Some(incorrect_request) = pair.incorrect.request.take() else {
            return Err(D::Error::custom(
                "the incorrect side needs a `request`: the request that fails",
            ));
        };
        if pair.incorrect.later.is_some() {
            return Err(D::Error::custom(
                "`later` belongs on the correct side: the same request, sent again later, works",
            ));
        }
        if pair.incorrect.response.is_some() && pair.incorrect.variant.is_some() {
            return Err(D::Error::custom(
                "the incorrect side names a `variant` and gives a `response`: keep one",
            ));
        }
        let correct_request = match (pair.correct.request.take(), &pair.correct.later) {
            (Some(request), _) => request,
            (None, Some(_)) => incorrect_request.clone(),
            (None, None) => {
                return Err(D::Error::custom(
                    "the correct side needs a `request`, or `later:` to send the same request \
                     again later",
                ));
            }
        };
        let side = |s: WrittenSample, request: Request| Sample {
            request,
            response: s.response,
            variant: s.variant,
            later: s.later,
            given: s.given,
            note: s.note,
        };
        Ok(Self {
            title: pair.title,
            description: pair.description,
            incorrect: side(pair.incorrect, incorrect_request),
            correct: side(pair.correct, correct_request),
        })
    }
}

impl JsonSchema for SamplePair {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SamplePair".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WrittenPair::json_schema(generator)
    }
}

/// A link to an external document.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Reference {
    /// Link text, e.g. "RFC 6750 §3.1".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// Absolute URL.
    #[serde(deserialize_with = "fields::line")]
    pub url: String,
}

/// The overview of one status code (`content/status/401.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatusPage {
    /// The status code.
    #[serde(deserialize_with = "fields::status")]
    pub status: u16,
    /// Title, e.g. "401 Unauthorized".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// One-line summary (Markdown, inline).
    #[serde(deserialize_with = "fields::lines")]
    pub summary: String,
    /// What the status means (Markdown).
    #[serde(deserialize_with = "fields::lines")]
    pub definition: String,
    /// What a server must or should send with it (Markdown items).
    #[serde(deserialize_with = "fields::lines_list", default)]
    pub requirements: Vec<String>,
    /// A typical response.
    #[serde(default)]
    pub response: Option<Response>,
    /// Further sections (schemes, browser behaviour, history, …).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Ids of related catalog items.
    #[serde(deserialize_with = "fields::line_list", default)]
    pub related: Vec<String>,
    /// External references.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Lint codes silenced for this file.
    #[serde(
        deserialize_with = "fields::line_list",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allow: Vec<String>,
}

/// A titled block of Markdown.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Section {
    /// Heading text.
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// Content (Markdown).
    #[serde(deserialize_with = "fields::lines")]
    pub body: String,
}

/// A comparison table (`content/compare/401-vs-403.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Comparison {
    /// Title, e.g. "401 Unauthorized vs 403 Forbidden".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// One-line summary (Markdown, inline).
    #[serde(deserialize_with = "fields::lines")]
    pub summary: String,
    /// Ids of the things compared, one table column each.
    #[serde(deserialize_with = "fields::line_list")]
    pub subjects: Vec<String>,
    /// Text before the table (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    pub intro: Option<String>,
    /// One row per aspect.
    pub rows: Vec<ComparisonRow>,
    /// Sections after the table.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// External references.
    #[serde(default)]
    pub references: Vec<Reference>,
}

/// One row of a comparison.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ComparisonRow {
    /// What is compared, e.g. "Retry with the same credentials?".
    #[serde(deserialize_with = "fields::lines")]
    pub aspect: String,
    /// One cell per subject, in the order of `subjects` (Markdown, inline).
    #[serde(deserialize_with = "fields::lines_list")]
    pub values: Vec<String>,
}

/// A decision tree (`content/trees/why-401.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Tree {
    /// Title, e.g. "Why am I getting a 401?".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// One-line summary (Markdown, inline).
    #[serde(deserialize_with = "fields::lines")]
    pub summary: String,
    /// The status (or statuses) this tree diagnoses: `status: 401` or `status: [429, 503]`. Each
    /// one's overview links to it, as does the overview of every status its answers lead to.
    #[serde(deserialize_with = "fields::statuses", default)]
    #[schemars(with = "StatusOrList")]
    pub status: Vec<u16>,
    /// Id of the first node.
    #[serde(deserialize_with = "fields::line")]
    pub start: String,
    /// Nodes by id, in the order written.
    #[serde(deserialize_with = "keys::id_map")]
    pub nodes: IndexMap<String, TreeNode>,
}

/// One status code or a list of them, as a tree's `status` is written (for the schema).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "describes what the reader accepts; never built")]
enum StatusOrList {
    One(u16),
    Many(Vec<u16>),
}

/// A question in a decision tree.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TreeNode {
    /// The question asked (inline Markdown).
    #[serde(deserialize_with = "fields::lines")]
    pub question: String,
    /// How to find the answer (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    pub help: Option<String>,
    /// The possible answers.
    pub answers: Vec<TreeAnswer>,
}

/// An answer: it leads to another node (`next`) or to a catalog item (`entry`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TreeAnswer {
    /// Answer text, e.g. "Yes".
    #[serde(deserialize_with = "fields::line")]
    pub label: String,
    /// Id of the next node in this tree.
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next: Option<String>,
    /// Id of the catalog item that explains this case.
    #[serde(
        deserialize_with = "fields::optional_line",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub entry: Option<String>,
}

/// A guide's front matter (`content/guides/*.md`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GuideMeta {
    /// Title.
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// One-line summary (Markdown, inline).
    #[serde(deserialize_with = "fields::lines")]
    pub summary: String,
    /// Position in guide listings (lower first; then by title).
    #[serde(default)]
    pub order: Option<i64>,
    /// Ids of related catalog items.
    #[serde(deserialize_with = "fields::line_list", default)]
    pub related: Vec<String>,
}

/// Gives back the spare capacity a parser leaves in lists and maps (a list of two sample pairs is
/// allocated for four). A catalog of 100,000 entries is held whole while pages are rendered, so
/// spare room in every entry adds up.
pub trait Compact {
    /// Shrinks every list and map to its length, all the way down.
    fn compact(&mut self);
}

impl Compact for Entry {
    fn compact(&mut self) {
        for list in [
            &mut self.schemes,
            &mut self.tags,
            &mut self.recognize,
            &mut self.causes,
            &mut self.fix,
            &mut self.related,
            &mut self.allow,
        ] {
            list.shrink_to_fit();
        }
        self.references.shrink_to_fit();
    }
}

impl Compact for Response {
    fn compact(&mut self) {
        compact_headers(&mut self.headers);
        if let Some(body) = &mut self.body {
            body.compact();
        }
    }
}

impl Compact for Request {
    fn compact(&mut self) {
        self.query.shrink_to_fit();
        compact_headers(&mut self.headers);
        if let Some(json) = &mut self.json {
            json.compact();
        }
        if let Some(form) = &mut self.form {
            form.shrink_to_fit();
        }
    }
}

fn compact_headers(headers: &mut IndexMap<String, HeaderValue>) {
    headers.shrink_to_fit();
    for value in headers.values_mut() {
        if let HeaderValue::Many(list) = value {
            list.shrink_to_fit();
        }
    }
}

impl Compact for serde_json::Value {
    fn compact(&mut self) {
        match self {
            Self::Array(items) => {
                items.iter_mut().for_each(Compact::compact);
                items.shrink_to_fit();
            }
            Self::Object(map) => {
                map.values_mut().for_each(Compact::compact);
                // A map collected from an iterator of known length is allocated to that length.
                *map = std::mem::take(map).into_iter().collect();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_every_value_and_drops_spare_room() {
        let yaml = "status: 401\ntitle: T\nsummary: S\nrecognize: [a, b, c]\nresponse:\n  status: 401\n  headers: {WWW-Authenticate: Bearer, X-A: ['1', '2']}\n  body: {z: 1, a: [1, {y: 2, b: 3}]}\nsamples:\n- title: P\n  incorrect: {request: {method: GET, url: 'https://a.example/', json: {k: [1, 2, 3]}}}\n  correct: {request: {method: GET, url: 'https://a.example/'}}\n";
        let mut entry: Entry = serde_yaml::from_str(yaml).unwrap();
        let before = serde_json::to_string(&entry).unwrap();
        entry.recognize.reserve(100);
        entry.compact();
        assert_eq!(serde_json::to_string(&entry).unwrap(), before);
        assert_eq!(entry.recognize.capacity(), 3);
    }
}
