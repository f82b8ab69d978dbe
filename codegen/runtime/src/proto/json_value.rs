//! A parsed JSON document that borrows its strings from the response body.
//!
//! `serde_json::Value` owns every key and string, and the deserializers copy
//! each string once more into the output; here a string without escapes is a
//! slice of the body, so reading a response allocates only for the output.
//! serde_json still does the parsing (grammar, escapes, numbers, its nesting
//! limit); this module only chooses where the pieces go.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde_core::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_core::Deserialize;

/// One JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Object<'a>),
}

/// A JSON object's members in document order, each key once: a repeated key
/// keeps its last value, as Python's `json.loads` (and so botocore) does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Value<'a> {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl<'a> Object<'a> {
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value<'a>)> {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Adds a member; a key seen before has its value replaced in place.
    fn insert(&mut self, key: Cow<'a, str>, value: Value<'a>) {
        // Linear search while small; objects big enough for that to matter
        // (tag maps, hostile bodies) are de-duplicated once at the end.
        if self.entries.len() < DEDUP_SCAN_LIMIT {
            if let Some(slot) = self.entries.iter_mut().find(|(k, _)| *k == key) {
                slot.1 = value;
                return;
            }
        }
        if self.entries.capacity() == 0 {
            // Room for a typical response object's members at once, rather
            // than growing from four (each growth copies them all).
            self.entries.reserve(8);
        }
        self.entries.push((key, value));
    }

    /// Removes the duplicates [`Object::insert`] let through past the scan
    /// limit: each key stays at its first position with its last value.
    fn finish(&mut self) {
        let n = self.entries.len();
        if n <= DEDUP_SCAN_LIMIT {
            return;
        }
        let mut first_of = HashMap::with_capacity(n);
        let first: Vec<usize> = (0..n)
            .map(|i| *first_of.entry(self.entries[i].0.clone()).or_insert(i))
            .collect();
        if first_of.len() == n {
            return;
        }
        for (i, &f) in first.iter().enumerate() {
            if f != i {
                let value = std::mem::replace(&mut self.entries[i].1, Value::Null);
                self.entries[f].1 = value;
            }
        }
        let mut index = 0;
        self.entries.retain(|_| {
            index += 1;
            first[index - 1] == index - 1
        });
    }
}

#[cfg(test)]
impl Value<'_> {
    /// The same value with every string owned.
    pub(crate) fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(o) => Value::Object(Object {
                entries: o
                    .entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            }),
        }
    }
}

/// Below this many members, repeated keys are found by scanning.
const DEDUP_SCAN_LIMIT: usize = 32;

impl<'o, 'a> IntoIterator for &'o Object<'a> {
    type Item = (&'o str, &'o Value<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'o, (Cow<'a, str>, Value<'a>)>,
        fn(&'o (Cow<'a, str>, Value<'a>)) -> (&'o str, &'o Value<'a>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

/// Parses `text` as one JSON document (serde_json's grammar and limits).
pub(crate) fn from_slice(text: &[u8]) -> Result<Value<'_>, serde_json::Error> {
    // One UTF-8 check of the whole body is cheaper than serde_json's check
    // of each string in turn (a byte sequence that is not UTF-8 is rejected
    // either way: JSON text is UTF-8).
    let text = std::str::from_utf8(text).map_err(|e| {
        <serde_json::Error as de::Error>::custom(format_args!(
            "the body is not UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Value::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value<'de>, E> {
        // JSON text has no NaN or infinity; serde_json reads overflow as an error.
        serde_json::Number::from_f64(n)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut object = Object::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value()?;
            object.insert(key, value);
        }
        object.finish();
        Ok(Value::Object(object))
    }
}

/// Reads an object key, borrowing it when it has no escapes (serde's own
/// `Cow<str>` always copies).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let v = from_slice(br#"{"Name":"plain","Esc":"a\nb","K\u0041":1}"#).unwrap();
        let o = v.as_object().unwrap();
        assert!(matches!(
            o.get("Name"),
            Some(Value::String(Cow::Borrowed("plain")))
        ));
        assert!(matches!(o.get("Esc"), Some(Value::String(Cow::Owned(s))) if s == "a\nb"));
        assert_eq!(o.get("KA"), Some(&Value::Number(1.into())));
    }

    #[test]
    fn repeated_keys_keep_the_last_value_like_json_loads() {
        let v = from_slice(br#"{"a":1,"b":2,"a":null}"#).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.len(), 2);
        assert_eq!(o.get("a"), Some(&Value::Null));
        let keys: Vec<&str> = o.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "b"]);

        // Past the scan limit too.
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{}\":{},", i % 50, i));
        }
        text.push_str("\"k0\":\"last\"}");
        let v = from_slice(text.as_bytes()).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.len(), 50);
        assert_eq!(o.get("k0").and_then(Value::as_str), Some("last"));
        assert_eq!(o.get("k49"), Some(&Value::Number(99.into())));
        assert_eq!(o.iter().next().map(|(k, _)| k), Some("k0"));
    }

    #[test]
    fn numbers_and_trailing_input() {
        let v = from_slice(b"[-1, 18446744073709551615, 2.5, true, null]").unwrap();
        let items = v.as_array().unwrap();
        assert_eq!(items[0], Value::Number((-1i64).into()));
        assert_eq!(items[1], Value::Number(u64::MAX.into()));
        assert_eq!(
            items[2],
            Value::Number(serde_json::Number::from_f64(2.5).unwrap())
        );
        assert_eq!(items[3], Value::Bool(true));
        assert!(items[4].is_null());
        assert!(from_slice(b"{} x").is_err());
        assert!(from_slice(b"1e999").is_err());
    }
}
