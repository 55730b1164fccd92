//! The parts of an OpenAPI document (3.0 and 3.1) that errdocs writes and reads, as typed data.
//!
//! `export openapi` builds a [`Document`] from the catalog and serialises it; `import openapi`
//! deserialises one and reads its error responses. Both go through these types, so what one writes
//! the other reads. Fields errdocs has no use for are ignored when reading (a real document carries
//! many) and absent when writing. A value that may be a `$ref` is a [`MaybeRef`]; [`Document`]
//! resolves the local ones (`#/components/...`). Nothing here reads files or prints.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A whole document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// The OpenAPI version, `3.1.0`. Absent in a document that is not OpenAPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openapi: Option<String>,
    /// A Swagger 2.0 document says so here instead.
    #[serde(default, skip_serializing)]
    pub swagger: Option<Value>,
    /// Title, description and version.
    #[serde(default)]
    pub info: Info,
    /// Where the API is served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// Path items by path.
    #[serde(default)]
    pub paths: IndexMap<String, PathItem>,
    /// Reusable parts.
    #[serde(default, skip_serializing_if = "Components::is_empty")]
    pub components: Components,
    /// The security requirements of every operation that states none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// What errdocs records about the catalog it came from.
    #[serde(rename = "x-errdocs", default, skip_serializing_if = "Option::is_none")]
    pub x_errdocs: Option<Value>,
}

/// `info`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Info {
    /// The API's title.
    #[serde(default, deserialize_with = "scalar_text")]
    pub title: String,
    /// A description (CommonMark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The document's version (YAML often writes it as a number: it is read as text).
    #[serde(default, deserialize_with = "scalar_text")]
    pub version: String,
}

/// A server: a URL, possibly with `{variables}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Server {
    /// The URL (absolute, or relative to where the document is served).
    #[serde(default, deserialize_with = "scalar_text")]
    pub url: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The values of the URL's variables.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub variables: IndexMap<String, ServerVariable>,
}

/// A server URL variable.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ServerVariable {
    /// The value to use when none is given.
    #[serde(default, deserialize_with = "scalar_text")]
    pub default: String,
}

/// The methods a path item can hold, in the order the specification lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operations on one path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PathItem {
    /// `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    /// `PUT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    /// `POST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    /// `DELETE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
    /// `OPTIONS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Operation>,
    /// `HEAD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Operation>,
    /// `PATCH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Operation>,
    /// `TRACE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Operation>,
    /// Servers for this path only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// Parameters every operation on the path takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<MaybeRef<Parameter>>,
}

impl PathItem {
    /// The operation for a method (lower-case, one of [`METHODS`]).
    #[must_use]
    pub fn operation(&self, method: &str) -> Option<&Operation> {
        match method {
            "get" => self.get.as_ref(),
            "put" => self.put.as_ref(),
            "post" => self.post.as_ref(),
            "delete" => self.delete.as_ref(),
            "options" => self.options.as_ref(),
            "head" => self.head.as_ref(),
            "patch" => self.patch.as_ref(),
            "trace" => self.trace.as_ref(),
            _ => None,
        }
    }

    /// The slot for a method (lower-case); `None` for a method OpenAPI has no field for.
    pub fn operation_mut(&mut self, method: &str) -> Option<&mut Option<Operation>> {
        match method {
            "get" => Some(&mut self.get),
            "put" => Some(&mut self.put),
            "post" => Some(&mut self.post),
            "delete" => Some(&mut self.delete),
            "options" => Some(&mut self.options),
            "head" => Some(&mut self.head),
            "patch" => Some(&mut self.patch),
            "trace" => Some(&mut self.trace),
            _ => None,
        }
    }
}

/// One method on one path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// A short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A description (CommonMark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A unique name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Parameters (path, query, header, cookie).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<MaybeRef<Parameter>>,
    /// The request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<MaybeRef<RequestBody>>,
    /// Responses by status code (`404`), range (`4XX`) or `default`.
    #[serde(default)]
    pub responses: IndexMap<String, MaybeRef<Response>>,
    /// Security requirements: any one of them is enough. `None`: the document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// Servers for this operation only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// What errdocs records about the entries that document it.
    #[serde(rename = "x-errdocs", default, skip_serializing_if = "Option::is_none")]
    pub x_errdocs: Option<Value>,
}

/// A parameter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Parameter {
    /// Its name.
    #[serde(default, deserialize_with = "scalar_text")]
    pub name: String,
    /// Where it goes: `path`, `query`, `header` or `cookie`.
    #[serde(rename = "in", default, deserialize_with = "scalar_text")]
    pub location: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether every request carries it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Its schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// One example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Named example values.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, MaybeRef<Example>>,
}

/// A request body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RequestBody {
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The body by media type.
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
    /// Whether every request carries one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

/// A response.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Response {
    /// A description (CommonMark; required by the specification).
    #[serde(default, deserialize_with = "scalar_text")]
    pub description: String,
    /// Header fields by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, MaybeRef<Header>>,
    /// The body by media type.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, MediaType>,
    /// What errdocs records: the documented sides this response answers.
    #[serde(rename = "x-errdocs", default, skip_serializing_if = "Option::is_none")]
    pub x_errdocs: Option<Value>,
}

/// A body of one media type.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MediaType {
    /// Its schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// One example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Named examples.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, MaybeRef<Example>>,
    /// How each part of a multipart body is sent (`contentType` by part name).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub encoding: IndexMap<String, Value>,
}

/// A named example.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// A short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A description (CommonMark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Where the value is, when it is not here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_value: Option<String>,
    /// What errdocs records: the documented side or entry it is.
    #[serde(rename = "x-errdocs", default, skip_serializing_if = "Option::is_none")]
    pub x_errdocs: Option<Value>,
}

/// A response header.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Header {
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether every response carries it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Its schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// One example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Named example values.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, MaybeRef<Example>>,
}

/// A security scheme.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecurityScheme {
    /// `http`, `apiKey`, `oauth2`, `openIdConnect` or `mutualTLS`.
    #[serde(rename = "type", default, deserialize_with = "scalar_text")]
    pub kind: String,
    /// For `http`: the `Authorization` scheme, `bearer`, `basic`, ….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// For `apiKey`: the header, query or cookie name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For `apiKey`: `header`, `query` or `cookie`.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Scheme names, each with the scopes it needs: all of them together satisfy the requirement.
pub type SecurityRequirement = IndexMap<String, Vec<String>>;

/// Reusable parts, by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    /// Schemas (JSON Schema, kept as JSON).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub schemas: IndexMap<String, Value>,
    /// Responses.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub responses: IndexMap<String, MaybeRef<Response>>,
    /// Parameters.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, MaybeRef<Parameter>>,
    /// Examples.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, MaybeRef<Example>>,
    /// Request bodies.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub request_bodies: IndexMap<String, MaybeRef<RequestBody>>,
    /// Headers.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, MaybeRef<Header>>,
    /// Security schemes.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub security_schemes: IndexMap<String, MaybeRef<SecurityScheme>>,
}

impl Components {
    fn is_empty(&self) -> bool {
        self.schemas.is_empty()
            && self.responses.is_empty()
            && self.parameters.is_empty()
            && self.examples.is_empty()
            && self.request_bodies.is_empty()
            && self.headers.is_empty()
            && self.security_schemes.is_empty()
    }
}

/// A value, or a `$ref` to one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum MaybeRef<T> {
    /// `{"$ref": "#/components/responses/not_found"}`.
    Ref {
        /// The reference.
        #[serde(rename = "$ref")]
        reference: String,
    },
    /// The value itself.
    Item(T),
}

impl<T> MaybeRef<T> {
    /// A reference to the component `name` of `kind` (`responses`, `examples`, …).
    #[must_use]
    pub fn to_component(kind: &str, name: &str) -> Self {
        Self::Ref {
            reference: format!("#/components/{kind}/{}", escape_pointer(name)),
        }
    }
}

/// A kind of component a `$ref` can point to.
pub trait Component: Sized {
    /// Its folder under `components`, e.g. `responses`.
    const KIND: &'static str;
    /// Its table in `components`.
    fn table(components: &Components) -> &IndexMap<String, MaybeRef<Self>>;
}

macro_rules! component {
    ($type:ty, $kind:literal, $field:ident) => {
        impl Component for $type {
            const KIND: &'static str = $kind;
            fn table(components: &Components) -> &IndexMap<String, MaybeRef<Self>> {
                &components.$field
            }
        }
    };
}

component!(Response, "responses", responses);
component!(Parameter, "parameters", parameters);
component!(Example, "examples", examples);
component!(RequestBody, "requestBodies", request_bodies);
component!(Header, "headers", headers);
component!(SecurityScheme, "securitySchemes", security_schemes);

/// How many `$ref`s in a row are followed before giving up (a cycle).
const MAX_HOPS: usize = 32;

impl Document {
    /// The value `item` stands for, following local `$ref`s to components of its kind; with the
    /// component's name when it came from one. An error says why it cannot be followed.
    ///
    /// # Errors
    /// A reference that is not local (another file), points to another kind or to nothing, or
    /// loops.
    pub fn resolve<'a, T: Component>(
        &'a self,
        item: &'a MaybeRef<T>,
    ) -> Result<(&'a T, Option<&'a str>), String> {
        let mut current = item;
        let mut name = None;
        for _ in 0..MAX_HOPS {
            match current {
                MaybeRef::Item(value) => return Ok((value, name)),
                MaybeRef::Ref { reference } => {
                    let (key, next) = self.component::<T>(reference)?;
                    name = Some(key);
                    current = next;
                }
            }
        }
        Err(format!("`$ref` chain longer than {MAX_HOPS} (a cycle?)"))
    }

    fn component<T: Component>(&self, reference: &str) -> Result<(&str, &MaybeRef<T>), String> {
        let prefix = format!("#/components/{}/", T::KIND);
        let Some(escaped) = reference.strip_prefix(&prefix) else {
            return Err(if reference.starts_with('#') {
                format!(
                    "`$ref: {reference}` does not point into `components/{}`",
                    T::KIND
                )
            } else {
                format!("`$ref: {reference}` points into another document, which is not read")
            });
        };
        let name = unescape_pointer(escaped);
        T::table(&self.components)
            .get_full(&name)
            .map(|(_, key, value)| (key.as_str(), value))
            .ok_or_else(|| format!("`$ref: {reference}` points to nothing"))
    }

    /// A schema with its local `$ref`s to `components/schemas` followed (at the top only).
    #[must_use]
    pub fn schema<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        for _ in 0..MAX_HOPS {
            let Some(name) = current
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            else {
                return current;
            };
            match self.components.schemas.get(&unescape_pointer(name)) {
                Some(next) => current = next,
                None => return current,
            }
        }
        current
    }
}

/// A name as a JSON Pointer token: `~` → `~0`, `/` → `~1`.
#[must_use]
pub fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A JSON Pointer token (percent-encoded, as a URI fragment may be) as a name.
fn unescape_pointer(token: &str) -> String {
    let decoded = crate::exchange::split_url(&format!("/{token}")).1;
    decoded[1..].replace("~1", "/").replace("~0", "~")
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Text from any scalar: YAML writes `version: 1.0` and `url: /` alike, and some documents give
/// numbers where the specification asks for strings.
fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_to_components_of_their_kind() {
        let doc: Document = serde_json::from_str(
            r##"{"openapi": "3.1.0", "info": {"title": "t", "version": 1.0},
                "paths": {},
                "components": {
                  "responses": {
                    "not/found": {"description": "gone"},
                    "alias": {"$ref": "#/components/responses/not~1found"},
                    "loop": {"$ref": "#/components/responses/loop"}
                  }
                }}"##,
        )
        .unwrap();
        assert_eq!(doc.info.version, "1.0");
        let alias: MaybeRef<Response> = MaybeRef::to_component("responses", "alias");
        let (response, name) = doc.resolve(&alias).unwrap();
        assert_eq!(response.description, "gone");
        assert_eq!(name, Some("not/found"));
        let looped: MaybeRef<Response> = MaybeRef::to_component("responses", "loop");
        assert!(doc.resolve(&looped).unwrap_err().contains("cycle"));
        let elsewhere: MaybeRef<Response> = MaybeRef::Ref {
            reference: "common.yaml#/components/responses/x".into(),
        };
        assert!(
            doc.resolve(&elsewhere)
                .unwrap_err()
                .contains("another document")
        );
        let wrong: MaybeRef<Response> = MaybeRef::Ref {
            reference: "#/components/examples/x".into(),
        };
        assert!(
            doc.resolve(&wrong)
                .unwrap_err()
                .contains("components/responses")
        );
    }
}
