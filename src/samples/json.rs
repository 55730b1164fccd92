//! A JSON value written as a literal of the language at hand, one element per line: the
//! [`JsonDialect`] says how that language spells `null`, the booleans, strings and keys.
//!
//! Only the languages that build the value in code (JavaScript, Python) use it; the others send the
//! pretty JSON text as a string.

use super::code::{Code, Sink};
use super::lines::Class;

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
