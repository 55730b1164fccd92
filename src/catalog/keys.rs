//! The maps of the model notice a key written twice while serde_yaml fills them.
//!
//! serde_yaml keeps the last of two equal keys in a map silently. Struct mappings already refuse a
//! repeated field (serde's `duplicate field` error), so a repeat that parses can only sit in a map
//! the model fills: header, query and form fields, tree nodes, and JSON bodies. Those maps are read
//! here, exactly as `IndexMap` and `serde_json::Value` read themselves, and any key that may equal
//! an earlier one of the same map raises a flag for the current thread. [`super::guard::duplicate_key`]
//! (a second, complete parse that names and places the key) then runs only for a file that raised
//! it.
//!
//! Keys reach these maps as their scalar text. Two keys the YAML data model holds equal have the
//! same text, unless both read as null, a boolean or a number (`1` and `0x1`, `~` and `null`): any two
//! keys of one map whose text could read as one of those raise the flag too.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Number, Value};

use super::fields;
use super::model::HeaderValue;

thread_local! {
    static REPEATED: Cell<bool> = const { Cell::new(false) };
}

/// Clears the flag of the current thread; call it before a parse.
pub(crate) fn reset() {
    REPEATED.with(|r| r.set(false));
}

/// Whether a map filled on this thread since [`reset`] may hold a key twice.
pub(crate) fn repeated() -> bool {
    REPEATED.with(Cell::get)
}

fn flag() {
    REPEATED.with(|r| r.set(true));
}

/// Whether a plain scalar with this text may read as null, a boolean or a number, whose equal
/// values can be written differently. serde_yaml reads null from `~`, `null`, `Null`, `NULL` and
/// the empty scalar, booleans from `true`/`false` in three casings, and numbers only from text that
/// starts with a digit, a sign or a dot (`.inf`, `.nan`).
fn may_not_be_text(key: &str) -> bool {
    match key.as_bytes().first() {
        None => true,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~') => true,
        Some(b'n' | b'N' | b't' | b'T' | b'f' | b'F') => matches!(
            key,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ),
        Some(_) => false,
    }
}

/// The keys of one map so far, as far as repeats are concerned.
#[derive(Default)]
struct Seen {
    not_text: bool,
}

impl Seen {
    /// Notes `key`, new to the map by its text when `new` is true.
    fn note(&mut self, key: &str, new: bool) {
        if !new {
            flag();
        } else if may_not_be_text(key) {
            if self.not_text {
                flag();
            }
            self.not_text = true;
        }
    }
}

/// `IndexMap<String, V>` as `IndexMap` deserializes itself, noticing repeated keys; each key is
/// read as a `K` (which checks it) and kept as its text.
struct Keyed<K, V>(IndexMap<String, V>, PhantomData<K>);

impl<'de, K, V> Deserialize<'de> for Keyed<K, V>
where
    K: Deserialize<'de> + Into<String>,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyedVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K, V> Visitor<'de> for KeyedVisitor<K, V>
        where
            K: Deserialize<'de> + Into<String>,
            V: Deserialize<'de>,
        {
            type Value = Keyed<K, V>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(formatter, "a mapping (`name: value` lines)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // indexmap's cautious capacity: at most 1 MiB of entries from a size hint.
                let limit = (1024 * 1024) / size_of::<(String, V)>().max(1);
                let capacity = map.size_hint().unwrap_or(0).min(limit);
                let mut values = IndexMap::with_capacity(capacity);
                let mut seen = Seen::default();
                while let Some((key, value)) = map.next_entry::<K, V>()? {
                    let (index, old) = values.insert_full(key.into(), value);
                    if let Some((key, _)) = values.get_index(index) {
                        seen.note(key, old.is_none());
                    }
                }
                Ok(Keyed(values, PhantomData))
            }
        }

        deserializer.deserialize_map(KeyedVisitor(PhantomData))
    }
}

/// Deserializes the header fields of a request or response: names are tokens (RFC 9110 §5.1),
/// values one line each (see [`HeaderValue`]), repeated names noticed.
///
/// # Errors
/// A name that is not a token, a value that is not one line of text (or a list of them).
pub(crate) fn headers<'de, D>(deserializer: D) -> Result<IndexMap<String, HeaderValue>, D::Error>
where
    D: Deserializer<'de>,
{
    Keyed::<fields::Token, HeaderValue>::deserialize(deserializer).map(|k| k.0)
}

/// Deserializes query or form fields: names and values one line each, numbers and booleans as
/// their text, repeated names noticed.
///
/// # Errors
/// A name or value that is not one line of text.
pub(crate) fn fields_map<'de, D>(deserializer: D) -> Result<IndexMap<String, String>, D::Error>
where
    D: Deserializer<'de>,
{
    Keyed::<fields::Wire, fields::Wire>::deserialize(deserializer).map(|k| {
        k.0.into_iter()
            .map(|(name, value)| (name, value.0))
            .collect()
    })
}

/// [`fields_map`] for an optional field.
///
/// # Errors
/// As [`fields_map`].
pub(crate) fn optional_fields_map<'de, D>(
    deserializer: D,
) -> Result<Option<IndexMap<String, String>>, D::Error>
where
    D: Deserializer<'de>,
{
    Option::<Keyed<fields::Wire, fields::Wire>>::deserialize(deserializer).map(|o| {
        o.map(|k| {
            k.0.into_iter()
                .map(|(name, value)| (name, value.0))
                .collect()
        })
    })
}

/// Deserializes a map keyed by one-line ids (a tree's nodes), noticing repeated keys.
///
/// # Errors
/// A key that is not one line of text; those of `V`.
pub(crate) fn id_map<'de, D, V>(deserializer: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    Keyed::<fields::Line, V>::deserialize(deserializer).map(|k| k.0)
}

/// Deserializes an `Option<serde_json::Value>` field, noticing repeated keys in its objects.
///
/// # Errors
/// Those of `Option<serde_json::Value>`'s own `Deserialize`.
pub(crate) fn optional_json<'de, D>(deserializer: D) -> Result<Option<Value>, D::Error>
where
    D: Deserializer<'de>,
{
    Option::<Json>::deserialize(deserializer).map(|o| o.map(|j| j.0))
}

/// `serde_json::Value` as it deserializes itself (serde_json 1.0, `preserve_order`), noticing
/// repeated keys in objects at any depth.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        let de = de::value::I128Deserializer::new(value);
        Number::deserialize(de).map(Value::Number)
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        let de = de::value::U128Deserializer::new(value);
        Number::deserialize(de).map(Value::Number)
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.visit_string(String::from(value))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Json::deserialize(deserializer).map(|j| j.0)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut vec = Vec::new();
        while let Some(Json(elem)) = seq.next_element()? {
            vec.push(elem);
        }
        Ok(Value::Array(vec))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let Some(first_key) = map.next_key_seed(FirstKey)? else {
            return Ok(Value::Object(Map::new()));
        };
        let mut values = Map::new();
        let mut seen = Seen::default();
        let Json(first) = map.next_value()?;
        seen.note(&first_key, true);
        values.insert(first_key, first);
        while let Some((key, Json(value))) = map.next_entry::<String, Json>()? {
            let new = !values.contains_key(&key);
            seen.note(&key, new);
            values.insert(key, value);
        }
        Ok(Value::Object(values))
    }
}

/// The first key of a JSON object, read as serde_json reads it (its `KeyClassifier`).
struct FirstKey;

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FirstKey {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<String, E> {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::catalog::guard::{Yaml, duplicate_key};
    use crate::catalog::model::{Entry, Tree};

    /// Whether the model's maps raised the flag, and whether the full search finds a repeated
    /// key, for a text that parses into `T`; `None` when it does not parse.
    fn verdicts<T: serde::de::DeserializeOwned>(text: &str) -> Option<(bool, bool)> {
        reset();
        serde_yaml::from_str::<T>(text).ok()?;
        let yaml = Yaml {
            text,
            full: text,
            line_offset: 0,
            rel: Path::new("x.yaml"),
        };
        Some((repeated(), duplicate_key(yaml).is_some()))
    }

    fn entry(headers: &str, body: &str, query: &str) -> String {
        format!(
            "status: 401\ntitle: T\nsummary: S.\nresponse:\n  status: 401\n  headers:{headers}\n  body:{body}\nsamples:\n  - title: P\n    incorrect:\n      request:\n        method: GET\n        url: https://x.test/\n        query:{query}\n    correct:\n      request:\n        method: GET\n        url: https://x.test/\n"
        )
    }

    #[test]
    fn repeats_in_every_map_raise_the_flag() {
        let cases = [
            entry("\n    A: x\n    A: y", " 1", " {}"),
            entry(" {A: x, \"A\": y}", " 1", " {}"),
            entry("\n    &k A: x\n    *k : y", " 1", " {}"),
            entry(" {}", "\n    '<<': x\n    <<: y", " {}"),
            entry("\n    1: x\n    0x1: y", " 1", " {}"),
            entry("\n    true: x\n    True: y", " 1", " {}"),
            entry("\n    ? A\n    : x\n    ? A\n    : y", " 1", " {}"),
            entry(" {}", " {a: {b: 1, b: 2}}", " {}"),
            entry(" {}", "\n    a: 1\n    \"a\": 2", " {}"),
            entry(" {}", " [{x: 1}, {y: 1, y: 2}]", " {}"),
            entry(" {}", " 1", " {q: a, q: b}"),
        ];
        for text in &cases {
            assert_eq!(verdicts::<Entry>(text), Some((true, true)), "{text}");
        }
        let tree = "title: T\nsummary: S.\nstart: a\nnodes:\n  a:\n    question: Q\n    answers: []\n  a:\n    question: R\n    answers: []\n";
        assert_eq!(verdicts::<Tree>(tree), Some((true, true)));
    }

    #[test]
    fn distinct_keys_raise_nothing() {
        let text = entry(
            "\n    A: x\n    B: [y, z]\n    a: w",
            " {a: {b: 1, c: [1, {b: 2}]}, d: null, e: 1}",
            "\n          q: a\n          r: b",
        );
        assert_eq!(verdicts::<Entry>(&text), Some((false, false)));
        // Equal as text, different as YAML values: the flag is raised, the search finds nothing.
        let text = entry("\n    1: x\n    \"1\": y", " 1", " {}");
        assert_eq!(verdicts::<Entry>(&text), Some((true, false)));
        // Two null keys repeat, but the search names only keys it can write (serde_yaml says
        // "duplicate entry with null key"), so it reports nothing, as before.
        let text = entry(" {}", "\n    ~: x\n    null: y", " {}");
        assert_eq!(verdicts::<Entry>(&text), Some((true, false)));
    }

    const KEYS: [&str; 24] = [
        "A", "\"A\"", "'A'", "a", "B", "1", "0x1", "+1", "01", "1.0", "1e0", "~", "null", "Null",
        "\"\"", "''", "true", "True", "<<", "\"1\"", "!!str A", "!!int 1", "&k A", "*k",
    ];

    fn key() -> impl Strategy<Value = &'static str> {
        prop::sample::select(KEYS.to_vec())
    }

    /// A map of `value`s, written in block style at `indent` or in flow style.
    fn map_text(
        keys: &[&str],
        values: &[String],
        block: bool,
        explicit: bool,
        indent: usize,
    ) -> String {
        let pad = " ".repeat(indent);
        if keys.is_empty() {
            return " {}".to_owned();
        }
        if block {
            keys.iter()
                .zip(values)
                .map(|(k, v)| {
                    if explicit {
                        format!("\n{pad}? {k}\n{pad}:{v}")
                    } else {
                        format!("\n{pad}{k} :{v}")
                    }
                })
                .collect()
        } else {
            let pairs: Vec<String> = keys
                .iter()
                .zip(values)
                .map(|(k, v)| format!("{k} :{v}"))
                .collect();
            format!(" {{{}}}", pairs.join(", "))
        }
    }

    fn json(depth: u32) -> BoxedStrategy<String> {
        let leaf = prop::sample::select(vec![" 1", " x", " ~", " [1, 2]", " \"s\""])
            .prop_map(str::to_owned)
            .boxed();
        if depth == 0 {
            return leaf;
        }
        let inner = json(depth - 1);
        prop_oneof![
            leaf,
            (
                prop::collection::vec((key(), inner), 0..4),
                any::<bool>(),
                any::<bool>()
            )
                .prop_map(move |(pairs, block, explicit)| {
                    let keys: Vec<&str> = pairs.iter().map(|p| p.0).collect();
                    let values: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
                    // Nested block maps would need their values re-indented; flow is enough.
                    let block = block && depth == 2;
                    map_text(&keys, &values, block, explicit, 4)
                }),
        ]
        .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The flag is raised for every file in which the full search finds a repeated key.
        #[test]
        fn the_flag_never_misses_a_repeat(
            headers in prop::collection::vec(key(), 0..5),
            block in any::<bool>(),
            explicit in any::<bool>(),
            many in any::<bool>(),
            body in json(2),
            query in prop::collection::vec(key(), 0..4),
        ) {
            let value = if many { " [x, y]" } else { " x" };
            let values = vec![value.to_owned(); headers.len()];
            let headers = map_text(&headers, &values, block, explicit, 4);
            let values = vec![" v".to_owned(); query.len()];
            let query = map_text(&query, &values, false, false, 0);
            let text = entry(&headers, &body, &query);
            if let Some((flag, found)) = verdicts::<Entry>(&text) {
                prop_assert!(flag || !found, "missed:\n{}", text);
            }
        }
    }
}
