//! JSON bodies: a compact writer, and typed readers over a parsed [`Value`]
//! (borrowing from the body) that accept what botocore's parsers accept.

use std::collections::BTreeMap;
use std::fmt::Write as _;

pub use super::json_value::{Object, Value};

use super::encode::{write_float, write_py_repr};
use super::{time, ProtoError};
use crate::{Blob, DateTime, Document, Number};

/// Appends JSON to one `String`, placing commas itself, byte for byte as
/// botocore's `json.dumps` writes it: `", "` and `": "` separators, floats as
/// Python `repr`, non-ASCII as `\u` escapes. Any JSON would do for AWS; the
/// same bytes give the same SigV4 signature as botocore, which the oracle
/// tests check.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    /// A value was just completed at this level: the next one needs a comma.
    comma: bool,
    /// The first union whose `Unknown` variant was to be written.
    unknown: Option<&'static str>,
}

impl JsonWriter {
    pub fn new() -> Self {
        JsonWriter {
            out: String::with_capacity(512),
            comma: false,
            unknown: None,
        }
    }

    /// Records that the input holds a union's `Unknown` variant, which
    /// [`finish`](Self::finish) then reports.
    pub fn unknown_variant(&mut self, union: &'static str) {
        self.unknown.get_or_insert(union);
    }

    #[inline]
    fn sep(&mut self) {
        if self.comma {
            self.out.push_str(", ");
        }
    }

    pub fn begin_object(&mut self) {
        self.sep();
        self.out.push('{');
        self.comma = false;
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// An object key; the next call writes its value.
    pub fn key(&mut self, k: &str) {
        self.sep();
        write_json_string(&mut self.out, k);
        self.out.push_str(": ");
        self.comma = false;
    }

    pub fn begin_array(&mut self) {
        self.sep();
        self.out.push('[');
        self.comma = false;
    }

    pub fn end_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    pub fn string(&mut self, s: &str) {
        self.sep();
        write_json_string(&mut self.out, s);
        self.comma = true;
    }

    pub fn bool(&mut self, b: bool) {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
        self.comma = true;
    }

    pub fn i64(&mut self, n: i64) {
        self.sep();
        let _ = write!(self.out, "{n}");
        self.comma = true;
    }

    /// A float as Python's `repr`; NaN and the infinities as the strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"` (botocore's `_handle_float`).
    pub fn f64(&mut self, n: f64) {
        self.sep();
        if n.is_finite() {
            write_py_repr(&mut self.out, n);
        } else {
            self.out.push('"');
            write_float(&mut self.out, n);
            self.out.push('"');
        }
        self.comma = true;
    }

    /// A number given as text (big numbers, epoch timestamps), written
    /// verbatim when it is a valid JSON number; anything else is written as
    /// a string, so no text can break the document's structure.
    pub fn raw_number(&mut self, text: &str) {
        if is_json_number(text) {
            self.sep();
            self.out.push_str(text);
            self.comma = true;
        } else {
            self.string(text);
        }
    }

    pub fn null(&mut self) {
        self.sep();
        self.out.push_str("null");
        self.comma = true;
    }

    /// An open document value; non-finite floats as in [`f64`](Self::f64).
    pub fn document(&mut self, d: &Document) {
        match d {
            Document::Null => self.null(),
            Document::Bool(b) => self.bool(*b),
            Document::Number(Number::PosInt(n)) => {
                self.sep();
                let _ = write!(self.out, "{n}");
                self.comma = true;
            }
            Document::Number(Number::NegInt(n)) => self.i64(*n),
            Document::Number(Number::Float(n)) => self.f64(*n),
            Document::String(s) => self.string(s),
            Document::Array(items) => {
                self.begin_array();
                for item in items {
                    self.document(item);
                }
                self.end_array();
            }
            Document::Object(map) => {
                self.begin_object();
                for (k, v) in map {
                    self.key(k);
                    self.document(v);
                }
                self.end_object();
            }
        }
    }

    /// The document; an error if an `Unknown` union variant was met.
    pub fn finish(self) -> Result<String, super::ProtoError> {
        match self.unknown {
            Some(union) => Err(super::unknown_variant(union)),
            None => Ok(self.out),
        }
    }
}

/// Appends `s` as a JSON string: `"` and `\` escaped, control characters as
/// `\n`-style or `\u00XX` escapes (as `json.dumps`), the rest verbatim.
fn write_json_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    if !s.is_ascii() {
        write_json_string_ascii(out, s);
        out.push('"');
        return;
    }
    let bytes = s.as_bytes();
    let mut start = 0;
    // Runs of plain bytes are copied whole; only the bytes JSON escapes stop
    // the scan.
    while let Some(offset) = bytes[start..].iter().position(|&b| ESCAPED[usize::from(b)]) {
        let i = start + offset;
        out.push_str(&s[start..i]);
        let b = bytes[i];
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{:04x}", b);
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The bytes a JSON string escapes: `"`, `\` and the control characters.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The escaping of Python's `json.dumps(ensure_ascii=True)`: every non-ASCII
/// character as `\uXXXX` (UTF-16 surrogate pairs above the BMP).
fn write_json_string_ascii(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", unit);
                }
            }
            c => out.push(c),
        }
    }
}

/// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Parses a JSON body. An empty (or all-whitespace) body is an empty object,
/// as botocore reads it; nesting is limited (serde_json's 128 levels).
pub fn parse(body: &[u8]) -> Result<Value<'_>, ProtoError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Object::default()));
    }
    super::json_value::from_slice(body)
        .map_err(|e| ProtoError::new(format!("invalid JSON in the response body: {e}")))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(path: &str, what: &str, v: &Value) -> ProtoError {
    ProtoError::new(format!("{path}: expected {what}, found {}", kind(v)))
}

pub fn read_string(v: &Value, path: &str) -> Result<String, ProtoError> {
    match v {
        Value::String(s) => Ok(s.as_ref().to_owned()),
        _ => Err(expected(path, "a string", v)),
    }
}

/// `true`/`false`, or a string botocore's rest-json `ensure_boolean` reads
/// (`"true"`/`"false"`, any case).
pub fn read_bool(v: &Value, path: &str) -> Result<bool, ProtoError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(expected(path, "a boolean", v)),
    }
}

/// An integer; a float is truncated toward zero and a numeric string read,
/// as botocore's rest-json `int(value)` does.
pub fn read_i64(v: &Value, path: &str) -> Result<i64, ProtoError> {
    let out_of_range = || ProtoError::new(format!("{path}: integer out of range"));
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(i)
            } else if n.is_u64() {
                Err(out_of_range())
            } else {
                float_to_i64(n.as_f64().unwrap_or(f64::NAN)).ok_or_else(out_of_range)
            }
        }
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map_err(|_| expected(path, "an integer", v)),
        _ => Err(expected(path, "an integer", v)),
    }
}

fn float_to_i64(f: f64) -> Option<i64> {
    let t = f.trunc();
    // 2^63 is exactly representable; i64::MAX is not.
    (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0)
        .contains(&t)
        .then_some(t as i64)
}

pub fn read_i32(v: &Value, path: &str) -> Result<i32, ProtoError> {
    super::narrow(read_i64(v, path)?, path, "a 32-bit integer")
}

pub fn read_i16(v: &Value, path: &str) -> Result<i16, ProtoError> {
    super::narrow(read_i64(v, path)?, path, "a 16-bit integer")
}

pub fn read_i8(v: &Value, path: &str) -> Result<i8, ProtoError> {
    super::narrow(read_i64(v, path)?, path, "a byte")
}

/// A number, or `"NaN"`, `"Infinity"`, `"-Infinity"` (how AWS sends the
/// special values), or another numeric string.
pub fn read_f64(v: &Value, path: &str) -> Result<f64, ProtoError> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| expected(path, "a number", v)),
        Value::String(s) => match s.as_ref() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other if is_json_number(other.trim()) => other
                .trim()
                .parse()
                .map_err(|_| expected(path, "a number", v)),
            _ => Err(expected(path, "a number", v)),
        },
        _ => Err(expected(path, "a number", v)),
    }
}

/// The text of a big number. serde_json holds numbers as 64-bit values, so
/// integers beyond `u64` and long decimals arrive rounded; a numeric string
/// is kept exactly.
pub fn read_number_text(v: &Value, path: &str) -> Result<String, ProtoError> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) if is_json_number(s.trim()) => Ok(s.trim().to_owned()),
        _ => Err(expected(path, "a number", v)),
    }
}

/// Base64 text, decoded as botocore's `base64.b64decode`.
pub fn read_blob(v: &Value, path: &str) -> Result<Blob, ProtoError> {
    match v {
        Value::String(s) => super::encode::from_base64(s)
            .map(Blob::new)
            .map_err(|e| ProtoError::new(format!("{path}: {e}"))),
        _ => Err(expected(path, "a base64 string", v)),
    }
}

/// Epoch seconds (a JSON number, microsecond-rounded like botocore) or a
/// string in any format [`time::parse_timestamp`] reads.
pub fn read_timestamp(v: &Value, path: &str) -> Result<DateTime, ProtoError> {
    let r = match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => time::from_epoch_i64(i),
            None => time::from_epoch_f64(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => time::parse_timestamp(s),
        _ => return Err(expected(path, "a timestamp", v)),
    };
    r.map_err(|e| ProtoError::new(format!("{path}: {e}")))
}

/// Any JSON value as an open document (integers kept exact when they fit
/// 64 bits).
pub fn read_document(v: &Value) -> Document {
    match v {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::String(s) => Document::String(s.as_ref().to_owned()),
        Value::Array(items) => Document::Array(items.iter().map(read_document).collect()),
        Value::Object(map) => {
            // Inserts, not `collect`: collecting into a map compiles a whole
            // sort for it. The reader has already kept the last of repeated keys.
            let mut object = BTreeMap::new();
            for (k, v) in map.iter() {
                object.insert(k.to_owned(), read_document(v));
            }
            Document::Object(object)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serde_json::json!`, as this module's [`Value`].
    macro_rules! json {
        ($($t:tt)+) => {
            parse(serde_json::json!($($t)+).to_string().as_bytes())
                .unwrap()
                .into_owned()
        };
    }

    #[test]
    fn writer_places_commas() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("Name");
        w.string("signed-urls");
        w.key("Items");
        w.begin_array();
        w.string("K1");
        w.string("K2");
        w.begin_object();
        w.end_object();
        w.begin_array();
        w.end_array();
        w.end_array();
        w.key("N");
        w.i64(-42);
        w.key("B");
        w.bool(true);
        w.key("Z");
        w.null();
        w.key("Empty");
        w.begin_object();
        w.end_object();
        w.end_object();
        assert_eq!(
            w.finish().unwrap(),
            r#"{"Name": "signed-urls", "Items": ["K1", "K2", {}, []], "N": -42, "B": true, "Z": null, "Empty": {}}"#
        );
    }

    #[test]
    fn writer_escapes_strings() {
        let mut w = JsonWriter::new();
        w.string("q\"b\\n\nr\rt\tb\u{8}f\u{c}x\u{1}\u{1f}/é☃");
        let out = w.finish().unwrap();
        // Non-ASCII as \u escapes, as json.dumps(ensure_ascii=True) writes it.
        assert_eq!(
            out,
            "\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fx\\u0001\\u001f/\\u00e9\\u2603\""
        );
        assert_eq!(
            serde_json::from_str::<String>(&out).unwrap(),
            "q\"b\\n\nr\rt\tb\u{8}f\u{c}x\u{1}\u{1f}/é☃"
        );
    }

    #[test]
    fn writer_escapes_ascii_strings_between_plain_runs() {
        let mut w = JsonWriter::new();
        w.string("\"lead q\"b\\n\nr\rt\tb\u{8}f\u{c}x\u{1}\u{1f}\u{7f}/ trail\\");
        assert_eq!(
            w.finish().unwrap(),
            "\"\\\"lead q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fx\\u0001\\u001f\u{7f}/ trail\\\\\""
        );
    }

    #[test]
    fn writer_floats_like_json_dumps() {
        let mut w = JsonWriter::new();
        w.begin_array();
        for n in [
            1.0,
            0.1,
            1e16,
            1.5e-7,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            w.f64(n);
        }
        w.end_array();
        // Python: json.dumps of the floats after botocore's _handle_float.
        assert_eq!(
            w.finish().unwrap(),
            r#"[1.0, 0.1, 1e+16, 1.5e-07, -0.0, "NaN", "Infinity", "-Infinity"]"#
        );
    }

    #[test]
    fn raw_numbers_cannot_inject() {
        let mut w = JsonWriter::new();
        w.begin_array();
        w.raw_number("1398796238.123");
        w.raw_number("-12345678901234567890123");
        w.raw_number("1e5");
        w.raw_number("1,\"x\":2");
        w.raw_number("");
        w.raw_number("NaN");
        w.end_array();
        assert_eq!(
            w.finish().unwrap(),
            r#"[1398796238.123, -12345678901234567890123, 1e5, "1,\"x\":2", "", "NaN"]"#
        );
    }

    #[test]
    fn writer_documents() {
        let mut map = BTreeMap::new();
        map.insert("a".to_string(), Document::from(1i64));
        map.insert("b".to_string(), Document::from(-2i64));
        map.insert("c".to_string(), Document::from(2.5));
        map.insert(
            "d".to_string(),
            Document::Array(vec![
                Document::Null,
                Document::from("x"),
                Document::from(false),
            ]),
        );
        map.insert("e".to_string(), Document::Number(Number::PosInt(u64::MAX)));
        let mut w = JsonWriter::new();
        w.document(&Document::Object(map.clone()));
        let out = w.finish().unwrap();
        assert_eq!(
            out,
            r#"{"a": 1, "b": -2, "c": 2.5, "d": [null, "x", false], "e": 18446744073709551615}"#
        );
        assert_eq!(
            read_document(&parse(out.as_bytes()).unwrap()),
            Document::Object(map)
        );
    }

    #[test]
    fn parse_empty_and_invalid() {
        assert_eq!(parse(b"").unwrap(), json!({}));
        assert_eq!(parse(b" \n").unwrap(), json!({}));
        assert_eq!(parse(b"{\"a\":1}").unwrap(), json!({"a": 1}));
        assert!(parse(b"{\"a\":1").is_err());
        assert!(parse(b"{} x").is_err());
        assert!(parse(b"\xff\xfe").is_err());
        let not_utf8 = parse(b"{\"a\":\"x\xff\"}").unwrap_err();
        assert!(
            not_utf8.to_string().contains("not UTF-8 (at byte 7)"),
            "{not_utf8}"
        );
        let deep = "[".repeat(100_000);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn typed_readers() {
        let p = "KeyGroup.Items[2]";
        assert_eq!(read_string(&json!("x"), p).unwrap(), "x");
        let e = read_string(&json!(5), p).unwrap_err();
        assert_eq!(
            e.to_string(),
            "KeyGroup.Items[2]: expected a string, found a number"
        );
        assert!(read_bool(&json!(true), p).unwrap());
        assert!(!read_bool(&json!("FALSE"), p).unwrap());
        assert!(read_bool(&json!(1), p).is_err());
        assert_eq!(read_i64(&json!(-7), p).unwrap(), -7);
        assert_eq!(read_i64(&json!(7.9), p).unwrap(), 7);
        assert_eq!(read_i64(&json!(-7.9), p).unwrap(), -7);
        assert_eq!(read_i64(&json!("42"), p).unwrap(), 42);
        assert!(read_i64(&json!(u64::MAX), p).is_err());
        assert!(read_i64(&json!(1e300), p).is_err());
        assert!(read_i64(&json!("x"), p).is_err());
        assert_eq!(read_i32(&json!(2147483647), p).unwrap(), i32::MAX);
        assert!(read_i32(&json!(2147483648i64), p).is_err());
        assert_eq!(read_i16(&json!(-32768), p).unwrap(), i16::MIN);
        assert!(read_i16(&json!(32768), p).is_err());
        assert_eq!(read_i8(&json!(127), p).unwrap(), 127);
        assert!(read_i8(&json!(128), p).is_err());
        assert_eq!(read_f64(&json!(1.5), p).unwrap(), 1.5);
        assert_eq!(read_f64(&json!(3), p).unwrap(), 3.0);
        assert!(read_f64(&json!("NaN"), p).unwrap().is_nan());
        assert_eq!(read_f64(&json!("Infinity"), p).unwrap(), f64::INFINITY);
        assert_eq!(read_f64(&json!("-Infinity"), p).unwrap(), f64::NEG_INFINITY);
        assert_eq!(read_f64(&json!("2.5"), p).unwrap(), 2.5);
        assert!(read_f64(&json!("nan"), p).is_err());
        assert!(read_f64(&json!(null), p).is_err());
        assert_eq!(read_number_text(&json!(12), p).unwrap(), "12");
        assert_eq!(
            read_number_text(&json!("123456789012345678901234567890"), p).unwrap(),
            "123456789012345678901234567890"
        );
        assert!(read_number_text(&json!("1; drop"), p).is_err());
        assert_eq!(read_blob(&json!("aGk="), p).unwrap().as_bytes(), b"hi");
        assert!(read_blob(&json!("aGk"), p).is_err());
        assert!(read_blob(&json!(1), p).is_err());
    }

    #[test]
    fn timestamps_from_numbers_and_strings() {
        let p = "X.CreatedTime";
        let iso = |v: Value| time::format_iso8601(&read_timestamp(&v, p).unwrap());
        assert_eq!(iso(json!(1398796238)), "2014-04-29T18:30:38Z");
        assert_eq!(iso(json!(1398796238.123)), "2014-04-29T18:30:38.123000Z");
        assert_eq!(iso(json!("1398796238.123")), "2014-04-29T18:30:38.123000Z");
        assert_eq!(
            iso(json!("2014-04-29T18:30:38.123Z")),
            "2014-04-29T18:30:38.123000Z"
        );
        assert_eq!(
            iso(json!("Tue, 29 Apr 2014 18:30:38 GMT")),
            "2014-04-29T18:30:38Z"
        );
        assert!(read_timestamp(&json!(true), p).is_err());
        let e = read_timestamp(&json!("soon"), p).unwrap_err();
        assert!(e.to_string().starts_with("X.CreatedTime: "), "{e}");
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let pieces: [&[u8]; 12] = [
            b"{", b"}", b"[", b"]", b"\"", b":", b",", b"1", b"-0.5e3", b"null", b"\\u12", b"\xff",
        ];
        for _ in 0..5_000 {
            let mut body = Vec::new();
            for _ in 0..(seed % 30) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                body.extend_from_slice(pieces[(seed % 12) as usize]);
            }
            if let Ok(v) = parse(&body) {
                let _ = read_document(&v);
                let _ = read_timestamp(&v, "x");
                let _ = read_i8(&v, "x");
            }
        }
    }
}
