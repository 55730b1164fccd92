//! The catalog's plain data types, as they are written in `content/`.
//!
//! These types are what YAML deserialises into: every struct denies unknown fields so a misspelled key
//! is an error, never silently ignored. They own no behaviour beyond small accessors; loading lives in
//! `load`, cross-entry rules in `resolve`. The same types derive `JsonSchema`, so the editor schemas
//! of `errdocs schema` are generated from what the loader accepts and cannot drift from it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// One-line summary (Markdown, inline).
    #[serde(deserialize_with = "fields::lines")]
    pub summary: String,
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
    /// The documented response, as sent on the wire; held packed (see [`Packed`]).
    pub response: Packed<Response>,
    /// Paired incorrect and correct requests, held packed (see [`Packed`]).
    #[serde(default)]
    pub samples: Packed<Vec<SamplePair>>,
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
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Request {
    /// Method, e.g. `GET`.
    #[serde(deserialize_with = "fields::token")]
    pub method: String,
    /// Absolute URL; it may carry a query string already.
    #[serde(deserialize_with = "fields::line")]
    pub url: String,
    /// Extra query parameters, appended to the URL in order.
    #[serde(
        default,
        skip_serializing_if = "IndexMap::is_empty",
        deserialize_with = "keys::fields_map"
    )]
    pub query: IndexMap<String, String>,
    /// Header fields in order.
    #[serde(default, deserialize_with = "keys::headers")]
    pub headers: IndexMap<String, HeaderValue>,
    /// A JSON body (sent with `Content-Type: application/json` unless a header says otherwise).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "keys::optional_json"
    )]
    pub json: Option<serde_json::Value>,
    /// A form body (`application/x-www-form-urlencoded`), fields in order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "keys::optional_fields_map"
    )]
    pub form: Option<IndexMap<String, String>>,
    /// A raw text body, sent as it is.
    #[serde(
        deserialize_with = "fields::optional_body",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<String>,
}

/// One side of a sample pair.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sample {
    /// The request sent.
    pub request: Request,
    /// The response it gets; for the incorrect side it defaults to the entry's response.
    #[serde(default)]
    pub response: Option<Response>,
    /// What to notice (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    pub note: Option<String>,
}

/// An incorrect request and its corrected form, shown side by side.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SamplePair {
    /// What the pair shows, e.g. "Refresh the token, then retry once".
    #[serde(deserialize_with = "fields::line")]
    pub title: String,
    /// Optional explanation (Markdown).
    #[serde(deserialize_with = "fields::optional_lines", default)]
    pub description: Option<String>,
    /// The request that fails.
    pub incorrect: Sample,
    /// The request that works.
    pub correct: Sample,
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
    /// The status this tree diagnoses; the status overview links to it.
    #[serde(deserialize_with = "fields::optional_status", default)]
    pub status: Option<u16>,
    /// Id of the first node.
    #[serde(deserialize_with = "fields::line")]
    pub start: String,
    /// Nodes by id, in the order written.
    #[serde(deserialize_with = "keys::id_map")]
    pub nodes: IndexMap<String, TreeNode>,
}

/// A question in a decision tree.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TreeNode {
    /// The question asked.
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

/// A value held as its compact JSON text, compressed, and decoded each time it is used.
///
/// An entry's sample pairs and response are most of its memory: at 100,000 entries they took
/// about 830 MB as parsed values (every header map, JSON body and short string is its own
/// allocation), 280 MB as JSON text and 115 MB compressed. A page, the index and the lints each
/// read them once or twice, and decompressing costs far less than decoding the JSON.
///
/// It reads, writes and describes itself exactly as `T` does: YAML errors keep their positions, the
/// JSON written and the editor schema are unchanged.
pub struct Packed<T> {
    /// The JSON text, LZ4-compressed against [`DICTIONARY`], its length in front.
    bytes: Box<[u8]>,
    kind: PhantomData<fn() -> T>,
}

/// What packed values have in common, as JSON writes it: the model's field names and the HTTP
/// names that fill them. LZ4 copies from it as from text it has already seen, so a value of a few
/// hundred bytes compresses as well as a long one.
const DICTIONARY: &[u8] = br#"{"title":"","description":null,"incorrect":{"request":{"method":"GET","url":"https://","query":{},"headers":{"Authorization":"Bearer ${ACCESS_TOKEN}","Proxy-Authorization":"Basic ","Accept":"application/json","Content-Type":"application/json","Idempotency-Key":""},"json":{},"form":{},"body":""},"response":null,"note":null},"correct":{"request":{"method":"POST","url":"https://","headers":{}},"response":{"status":200,"reason":"OK","headers":{"Date":"","Content-Type":"application/problem+json","Cache-Control":"no-store","WWW-Authenticate":"Bearer realm=\"api\", error=\"invalid_token\", error_description=\"\"","Retry-After":"","Location":"/"},"body":{"type":"https://","title":"","status":401,"detail":"","instance":"/","id":"","object":"","created":true,"error":"","error_description":""}},"note":""}}]"#;

impl<T: Serialize + DeserializeOwned> Packed<T> {
    /// Packs `value`.
    #[must_use]
    pub fn new(value: &T) -> Self {
        // The model's types have string keys and finite numbers only, so they always serialise.
        let text = serde_json::to_vec(value).expect("model values serialise as JSON");
        let bytes = lz4_flex::block::compress_prepend_size_with_dict(&text, DICTIONARY);
        Self {
            bytes: bytes.into_boxed_slice(),
            kind: PhantomData,
        }
    }

    /// The value, decoded afresh.
    #[must_use]
    pub fn get(&self) -> T {
        // The text was written by `new` from a `T`, and a `T` reads back what it writes.
        serde_json::from_str(&self.json()).expect("a packed value reads back")
    }

    /// Reads the packed text as a `U`, a type that takes only the fields it needs (serde skips
    /// the rest without building them).
    ///
    /// # Errors
    /// When the value does not have the shape of a `U`.
    pub fn read_as<U: DeserializeOwned>(&self) -> serde_json::Result<U> {
        serde_json::from_str(&self.json())
    }
}

impl<T> Packed<T> {
    /// The compact JSON text, decompressed. It is checked as UTF-8 once, whole, so the JSON reader
    /// need not check each string again.
    #[must_use]
    pub fn json(&self) -> String {
        // The bytes are what `new` compressed, against the same dictionary, from JSON text.
        let bytes = lz4_flex::block::decompress_size_prepended_with_dict(&self.bytes, DICTIONARY)
            .expect("packed bytes decompress");
        String::from_utf8(bytes).expect("packed text is UTF-8")
    }

    /// The value as the compact JSON text `T` writes, which serde_json's serializers copy as it is:
    /// `catalog.json` takes it so, without reading the text back event by event.
    #[must_use]
    pub fn raw_json(&self) -> Box<serde_json::value::RawValue> {
        // The text is JSON that serde_json wrote.
        serde_json::value::RawValue::from_string(self.json()).expect("packed text is JSON")
    }

    /// The size of the value as held, in bytes.
    #[must_use]
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

impl<T> Packed<Vec<T>> {
    /// Whether the list is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.json() == "[]"
    }
}

impl<T: Serialize + DeserializeOwned> From<T> for Packed<T> {
    fn from(value: T) -> Self {
        Self::new(&value)
    }
}

impl<T: Serialize + DeserializeOwned + Default> Default for Packed<T> {
    fn default() -> Self {
        Self::new(&T::default())
    }
}

impl<T> Clone for Packed<T> {
    fn clone(&self) -> Self {
        Self {
            bytes: self.bytes.clone(),
            kind: PhantomData,
        }
    }
}

impl<T> PartialEq for Packed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<T> fmt::Debug for Packed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Packed").field(&self.json()).finish()
    }
}

/// Writes the value as `T` writes itself, straight from the text: the JSON was written by `T`, so
/// reading it back event by event gives the same output without building a `T`.
impl<T> Serialize for Packed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.json();
        let mut text = serde_json::Deserializer::from_str(&text);
        serde_transcode::transcode(&mut text, serializer)
    }
}

impl<'de, T: Serialize + DeserializeOwned> Deserialize<'de> for Packed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(|value| Self::new(&value))
    }
}

impl<T: JsonSchema> JsonSchema for Packed<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
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

    const PAIRS: &str = "- title: P\n  description: D\n  incorrect:\n    request:\n      method: POST\n      url: 'https://a.example/x?y=1'\n      query: {q: '2'}\n      headers: {X-A: ['1', '2'], Accept: '*/*'}\n      json: {k: [1, -2, 2.5, null, true, {z: 'é\"'}], e: {}}\n    note: N\n  correct:\n    request: {method: POST, url: 'https://a.example/', form: {a: b}}\n    response: {status: 201, reason: Made, headers: {Location: /x}, body: text}\n- title: Q\n  incorrect: {request: {method: PUT, url: 'https://a.example/', body: raw}}\n  correct: {request: {method: PUT, url: 'https://a.example/'}}\n";

    #[test]
    fn packed_values_read_back_and_write_as_they_were() {
        let plain: Vec<SamplePair> = serde_yaml::from_str(PAIRS).unwrap();
        let packed: Packed<Vec<SamplePair>> = serde_yaml::from_str(PAIRS).unwrap();
        // Written as the plain value writes itself, in both JSON layouts.
        assert_eq!(
            serde_json::to_string_pretty(&packed).unwrap(),
            serde_json::to_string_pretty(&plain).unwrap()
        );
        assert_eq!(packed.json(), serde_json::to_string(&plain).unwrap());
        // As raw JSON inside a larger value, copied as the plain value writes itself.
        assert_eq!(
            serde_json::to_string(&(1, packed.raw_json())).unwrap(),
            serde_json::to_string(&(1, &plain)).unwrap()
        );
        // Read back whole, and packed again to the same text.
        let read = packed.get();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].incorrect.request, plain[0].incorrect.request);
        assert_eq!(read[0].correct.response, plain[0].correct.response);
        assert_eq!(Packed::new(&read), packed);
        assert!(!packed.is_empty());
        assert!(packed.packed_len() * 2 < packed.json().len());
        assert!(Packed::<Vec<SamplePair>>::default().is_empty());
    }

    #[test]
    fn packed_values_fail_as_the_plain_value_fails() {
        let bad = PAIRS.replace("method: PUT", "metod: PUT");
        let plain = serde_yaml::from_str::<Vec<SamplePair>>(&bad).unwrap_err();
        let packed = serde_yaml::from_str::<Packed<Vec<SamplePair>>>(&bad).unwrap_err();
        assert_eq!(packed.to_string(), plain.to_string());
        assert!(packed.location().is_some());
    }

    #[test]
    fn packed_values_describe_themselves_as_the_plain_value() {
        let plain = schemars::schema_for!(Vec<SamplePair>);
        let packed = schemars::schema_for!(Packed<Vec<SamplePair>>);
        assert_eq!(packed, plain);
    }
}
