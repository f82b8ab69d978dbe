//! CBOR bodies (smithy-rpc-v2-cbor): a writer with the same calls as
//! [`JsonWriter`](super::json::JsonWriter), and typed readers over a parsed
//! [`Value`], on the `minicbor` codec.
//!
//! Bytes follow botocore 1.44.5's `CBORSerializer`: definite lengths,
//! integers in their shortest form, `float` members as 32-bit and `double`
//! as 64-bit floats, NaN and the infinities as half floats, timestamps as
//! tag 1 over integer (or, with a fraction, floating) epoch seconds.
//! Reading follows its `BaseCBORParser`: definite or indefinite lengths,
//! half floats, null and undefined as absent.

use minicbor::data::Type;
use minicbor::{Decoder, Encoder};

use super::{time, ProtoError};
use crate::{Blob, DateTime, Document, Number};

const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;

/// A container being written: where its header goes and how many entries
/// (map keys, array items) it has so far.
#[derive(Debug)]
struct Open {
    at: usize,
    major: u8,
    count: u64,
}

/// Appends CBOR to one buffer. Containers are written without a header,
/// which is inserted, with the entries counted, when they end: botocore's
/// definite lengths from a writer that does not count ahead.
#[derive(Debug, Default)]
pub struct CborWriter {
    out: Vec<u8>,
    open: Vec<Open>,
    /// The first union whose `Unknown` variant was to be written.
    unknown: Option<&'static str>,
}

impl CborWriter {
    pub fn new() -> Self {
        CborWriter {
            out: Vec::with_capacity(256),
            open: Vec::new(),
            unknown: None,
        }
    }

    /// Records that the input holds a union's `Unknown` variant, which
    /// [`finish`](Self::finish) then reports.
    pub fn unknown_variant(&mut self, union: &'static str) {
        self.unknown.get_or_insert(union);
    }

    /// The encoder over the buffer, after counting one more item when the
    /// value is an array's.
    fn item(&mut self) -> Encoder<&mut Vec<u8>> {
        if let Some(open) = self.open.last_mut() {
            if open.major == MAJOR_ARRAY {
                open.count += 1;
            }
        }
        Encoder::new(&mut self.out)
    }

    pub fn begin_object(&mut self) {
        self.begin(MAJOR_MAP);
    }

    pub fn end_object(&mut self) {
        self.end();
    }

    pub fn begin_array(&mut self) {
        self.begin(MAJOR_ARRAY);
    }

    pub fn end_array(&mut self) {
        self.end();
    }

    fn begin(&mut self, major: u8) {
        self.item();
        self.open.push(Open {
            at: self.out.len(),
            major,
            count: 0,
        });
    }

    /// Inserts the header of the container that ends.
    fn end(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        let mut header = Vec::with_capacity(9);
        let mut e = Encoder::new(&mut header);
        let _ = if open.major == MAJOR_MAP {
            e.map(open.count)
        } else {
            e.array(open.count)
        };
        self.out.splice(open.at..open.at, header);
    }

    /// A map key; the next call writes its value.
    pub fn key(&mut self, k: &str) {
        if let Some(open) = self.open.last_mut() {
            open.count += 1;
        }
        let _ = Encoder::new(&mut self.out).str(k);
    }

    pub fn string(&mut self, s: &str) {
        let _ = self.item().str(s);
    }

    pub fn bool(&mut self, b: bool) {
        let _ = self.item().bool(b);
    }

    pub fn i64(&mut self, n: i64) {
        let _ = self.item().i64(n);
    }

    pub fn null(&mut self) {
        let _ = self.item().null();
    }

    /// A `float` member: 32 bits, or a half float for NaN and the infinities.
    pub fn f32(&mut self, n: f32) {
        if n.is_finite() {
            let _ = self.item().f32(n);
        } else {
            self.special_float(f64::from(n));
        }
    }

    /// A `double` member: 64 bits, or a half float for NaN and the infinities.
    pub fn f64(&mut self, n: f64) {
        if n.is_finite() {
            let _ = self.item().f64(n);
        } else {
            self.special_float(n);
        }
    }

    /// NaN and the infinities as botocore writes them: half floats
    /// (`0x7e00`, `0x7c00`, `0xfc00`).
    fn special_float(&mut self, n: f64) {
        let bits: u16 = if n.is_nan() {
            0x7e00
        } else if n > 0.0 {
            0x7c00
        } else {
            0xfc00
        };
        let [hi, lo] = bits.to_be_bytes();
        self.item().writer_mut().extend_from_slice(&[0xf9, hi, lo]);
    }

    pub fn blob(&mut self, b: &[u8]) {
        let _ = self.item().bytes(b);
    }

    /// Tag 1 over epoch seconds: an integer when the microseconds are zero,
    /// else `(seconds * 10^6 + micros) / 10^6` as a double (botocore's
    /// `_timestamp_unixtimestamp`, rounded once).
    pub fn timestamp(&mut self, t: &DateTime) {
        let mut e = self.item();
        let _ = e.tag(minicbor::data::IanaTag::Timestamp);
        let _ = if t.microsecond() == 0 {
            e.i64(t.unix_timestamp())
        } else {
            // The exact decimal, parsed: the correctly rounded quotient.
            e.f64(time::format_epoch_seconds(t).parse().unwrap_or(f64::NAN))
        };
    }

    /// A big number as text: CBOR has no encoding botocore uses for them.
    pub fn raw_number(&mut self, text: &str) {
        self.string(text);
    }

    /// An open document as the CBOR value of the same shape.
    pub fn document(&mut self, d: &Document) {
        match d {
            Document::Null => self.null(),
            Document::Bool(b) => self.bool(*b),
            Document::Number(Number::PosInt(n)) => {
                let _ = self.item().u64(*n);
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

    /// The body; an error if an `Unknown` union variant was met.
    pub fn finish(mut self) -> Result<Vec<u8>, ProtoError> {
        while !self.open.is_empty() {
            self.end();
        }
        match self.unknown {
            Some(union) => Err(super::unknown_variant(union)),
            None => Ok(self.out),
        }
    }
}

/// A parsed CBOR data item. Null and undefined are both [`Value::Null`];
/// text and byte strings sent in chunks arrive joined.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Any CBOR integer (`-2^64 ..= 2^64 - 1`).
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Value>),
    Map(Map),
    Tag(u64, Box<Value>),
}

/// A CBOR map with text keys, each key once (the last of repeated keys
/// kept, as botocore's `dict` does).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Keeps the last entry of each key: sorted by key (stably, after
    /// reversing, so the last comes first), then deduplicated.
    fn from_entries(mut entries: Vec<(String, Value)>) -> Map {
        if entries.len() > 1 {
            entries.reverse();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, first| later.0 == first.0);
        }
        Map(entries)
    }
}

impl<'m> IntoIterator for &'m Map {
    type Item = (&'m str, &'m Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'m, (String, Value)>,
        fn(&'m (String, Value)) -> (&'m str, &'m Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// How deep maps, arrays and tags may nest: as the JSON reader's limit.
const MAX_DEPTH: usize = 128;

/// Parses a CBOR body. An empty body is an empty map, as botocore reads
/// it; bytes after the first data item are ignored, as botocore does.
pub fn parse(body: &[u8]) -> Result<Value, ProtoError> {
    if body.is_empty() {
        return Ok(Value::Map(Map::default()));
    }
    let mut d = Decoder::new(body);
    read_item(&mut d, 0)
        .map_err(|e| ProtoError::new(format!("invalid CBOR in the response body: {e}")))
}

/// Why a body is not CBOR slimaws reads.
#[derive(Debug)]
enum ParseError {
    Codec(minicbor::decode::Error),
    Other(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Codec(e) => e.fmt(f),
            ParseError::Other(s) => f.write_str(s),
        }
    }
}

impl From<minicbor::decode::Error> for ParseError {
    fn from(e: minicbor::decode::Error) -> Self {
        ParseError::Codec(e)
    }
}

fn read_item(d: &mut Decoder, depth: usize) -> Result<Value, ParseError> {
    if depth > MAX_DEPTH {
        return Err(ParseError::Other(format!(
            "nested more than {MAX_DEPTH} levels deep"
        )));
    }
    let at = d.position();
    Ok(match d.datatype()? {
        Type::Bool => Value::Bool(d.bool()?),
        Type::Null => {
            d.null()?;
            Value::Null
        }
        Type::Undefined => {
            d.undefined()?;
            Value::Null
        }
        Type::U8
        | Type::U16
        | Type::U32
        | Type::U64
        | Type::I8
        | Type::I16
        | Type::I32
        | Type::I64
        | Type::Int => Value::Int(i128::from(d.int()?)),
        Type::F16 => {
            let bits = d.input().get(at + 1..at + 3).ok_or_else(|| {
                ParseError::Other(format!("the half float at byte {at} is cut short"))
            })?;
            d.set_position(at + 3);
            Value::Float(half_to_f64(u16::from_be_bytes([bits[0], bits[1]])))
        }
        Type::F32 | Type::F64 => Value::Float(d.f64()?),
        Type::Bytes | Type::BytesIndef => {
            let mut out = Vec::new();
            for chunk in d.bytes_iter()? {
                out.extend_from_slice(chunk?);
            }
            Value::Bytes(out)
        }
        Type::String | Type::StringIndef => {
            let mut out = String::new();
            for chunk in d.str_iter()? {
                out.push_str(chunk?);
            }
            Value::Text(out)
        }
        Type::Array | Type::ArrayIndef => {
            let len = d.array()?;
            let mut items = Vec::new();
            while more(d, len, items.len())? {
                items.push(read_item(d, depth + 1)?);
            }
            Value::Array(items)
        }
        Type::Map | Type::MapIndef => {
            let len = d.map()?;
            let (mut entries, mut read) = (Vec::new(), 0);
            while more(d, len, read)? {
                read += 1;
                let key_at = d.position();
                let Value::Text(key) = read_item(d, depth + 1)? else {
                    return Err(ParseError::Other(format!(
                        "the map key at byte {key_at} is not a text string"
                    )));
                };
                let value = read_item(d, depth + 1)?;
                // botocore drops null entries as it reads them.
                if !value.is_null() {
                    entries.push((key, value));
                }
            }
            Value::Map(Map::from_entries(entries))
        }
        Type::Tag => {
            let tag = d.tag()?.as_u64();
            Value::Tag(tag, Box::new(read_item(d, depth + 1)?))
        }
        other => {
            return Err(ParseError::Other(format!(
                "unsupported CBOR item ({other}) at byte {at}"
            )))
        }
    })
}

/// An IEEE 754 half float's value (as Python's `struct.unpack(">e")`):
/// 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
pub(super) fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        0x1f if fraction == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        e => (1.0 + fraction / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Whether a container with `len` entries (`None`: indefinite, ended by a
/// break, which this consumes) has more after `seen`.
fn more(d: &mut Decoder, len: Option<u64>, seen: usize) -> Result<bool, ParseError> {
    match len {
        Some(n) => Ok((seen as u64) < n),
        None => {
            if d.datatype()? == Type::Break {
                d.set_position(d.position() + 1);
                Ok(false)
            } else {
                Ok(true)
            }
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Bytes(_) => "a byte string",
        Value::Text(_) => "a text string",
        Value::Array(_) => "an array",
        Value::Map(_) => "a map",
        Value::Tag(..) => "a tagged item",
    }
}

fn expected(path: &str, what: &str, v: &Value) -> ProtoError {
    ProtoError::new(format!("{path}: expected {what}, found {}", kind(v)))
}

pub fn read_string(v: &Value, path: &str) -> Result<String, ProtoError> {
    match v {
        Value::Text(s) => Ok(s.clone()),
        _ => Err(expected(path, "a text string", v)),
    }
}

pub fn read_bool(v: &Value, path: &str) -> Result<bool, ProtoError> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(expected(path, "a boolean", v)),
    }
}

pub fn read_i64(v: &Value, path: &str) -> Result<i64, ProtoError> {
    match v {
        Value::Int(n) => {
            i64::try_from(*n).map_err(|_| ProtoError::new(format!("{path}: integer out of range")))
        }
        _ => Err(expected(path, "an integer", v)),
    }
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

/// A float of any width, or an integer.
pub fn read_f64(v: &Value, path: &str) -> Result<f64, ProtoError> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(n) => Ok(*n as f64),
        _ => Err(expected(path, "a number", v)),
    }
}

/// A big number's text, from an integer or a float.
pub fn read_number_text(v: &Value, path: &str) -> Result<String, ProtoError> {
    match v {
        Value::Int(n) => Ok(n.to_string()),
        Value::Float(f) if f.is_finite() => Ok(f.to_string()),
        _ => Err(expected(path, "a number", v)),
    }
}

pub fn read_blob(v: &Value, path: &str) -> Result<Blob, ProtoError> {
    match v {
        Value::Bytes(b) => Ok(Blob::new(b.clone())),
        _ => Err(expected(path, "a byte string", v)),
    }
}

/// Tag 1 over integer or floating epoch seconds (botocore's only tag), or
/// bare epoch seconds.
pub fn read_timestamp(v: &Value, path: &str) -> Result<DateTime, ProtoError> {
    let secs = match v {
        Value::Tag(1, inner) => inner.as_ref(),
        Value::Tag(tag, _) => {
            return Err(ProtoError::new(format!(
                "{path}: CBOR tag {tag} is not a timestamp"
            )))
        }
        other => other,
    };
    let r = match secs {
        Value::Int(n) => match i64::try_from(*n) {
            Ok(i) => time::from_epoch_i64(i),
            Err(_) => Err(ProtoError::new("epoch timestamp out of range")),
        },
        Value::Float(f) => time::from_epoch_f64(*f),
        _ => return Err(expected(path, "a timestamp", v)),
    };
    r.map_err(|e| ProtoError::new(format!("{path}: {e}")))
}

/// Any CBOR value as an open document; byte strings and tags, which
/// documents cannot hold, as null.
pub fn read_document(v: &Value) -> Document {
    match v {
        Value::Null | Value::Bytes(_) | Value::Tag(..) => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Int(n) => Document::Number(match (u64::try_from(*n), i64::try_from(*n)) {
            (Ok(u), _) => Number::PosInt(u),
            (_, Ok(i)) => Number::NegInt(i),
            _ => Number::Float(*n as f64),
        }),
        Value::Float(f) => Document::Number(Number::Float(*f)),
        Value::Text(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(read_document).collect()),
        Value::Map(map) => {
            let mut object = std::collections::BTreeMap::new();
            for (k, v) in map {
                object.insert(k.to_owned(), read_document(v));
            }
            Document::Object(object)
        }
    }
}
