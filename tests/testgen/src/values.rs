//! Rust expressions that build a typed value from botocore-style parameters
//! (`{"KeyGroupConfig": {"Name": "x", "Items": ["a"]}}`). Test generators use
//! them to turn the oracle's and botocore's test cases into compiled tests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use slimaws_codegen::ir::{Location, Member, ShapeKind};
use slimaws_codegen::symbols::Symbols;

/// The builder of structure `target` with `value`'s members set, before
/// `.build()` (for tests that change the builder first, such as filling
/// idempotency tokens).
pub fn builder_expr(
    sym: &Symbols,
    target: &str,
    value: &Value,
    types: &TokenStream,
) -> Result<TokenStream, String> {
    let shape = sym
        .shape(target)
        .ok_or_else(|| format!("unknown shape {target}"))?;
    let ShapeKind::Structure(members) = &shape.kind else {
        return Err(format!("{target}: not a structure"));
    };
    let obj = value
        .as_object()
        .ok_or_else(|| format!("{target}: expected an object, got {value}"))?;
    let ty = format_ident!("{}", sym.type_name(target));
    let mut calls = Vec::new();
    for (key, v) in obj {
        let m = members
            .iter()
            .find(|m| m.name == *key)
            .ok_or_else(|| format!("{target}: no member {key}"))?;
        if v.is_null() {
            continue;
        }
        let set = format_ident!(
            "set_{}",
            sym.member(target, &m.name).field.trim_start_matches("r#")
        );
        let inner = member_value(sym, target, m, v, types)?;
        calls.push(quote!(.#set(::std::option::Option::Some(#inner))));
    }
    Ok(quote!(#types::#ty::builder() #(#calls)*))
}

/// Member `m` of structure `shape` from `value`, as its setter takes it:
/// boxed where recursive, a `ByteStream` where the body streams.
pub fn member_value(
    sym: &Symbols,
    shape: &str,
    m: &Member,
    value: &Value,
    types: &TokenStream,
) -> Result<TokenStream, String> {
    // A `jsonvalue` header holds JSON text; botocore takes the value itself
    // and writes it compactly (`json.dumps(value, separators=(',', ':'))`).
    let text;
    let value = if is_json_header(m) && !value.is_string() {
        text = Value::String(value.to_string());
        &text
    } else {
        value
    };
    let inner = value_expr(sym, &m.target, value, types)?;
    Ok(if sym.is_boxed(shape, &m.name) {
        quote!(::std::boxed::Box::new(#inner))
    } else if sym.is_streamed(shape, m) {
        let rt = sym.runtime();
        quote!(#rt::ByteStream::from(#inner))
    } else {
        inner
    })
}

/// A header holding base64-encoded JSON (botocore's `is_json_value_header`),
/// which botocore gives and takes as the JSON value, not as text.
pub fn is_json_header(m: &Member) -> bool {
    m.traits.json_value && m.traits.location == Location::Header
}

/// Builds shape `target` from `value`; `types` is the path of the service's
/// `types` module as seen from the test (`::slimaws::cloudfront::types`).
pub fn value_expr(
    sym: &Symbols,
    target: &str,
    value: &Value,
    types: &TokenStream,
) -> Result<TokenStream, String> {
    let shape = sym
        .shape(target)
        .ok_or_else(|| format!("unknown shape {target}"))?;
    let wrong = |what: &str| format!("{target}: expected {what}, got {value}");
    Ok(match &shape.kind {
        ShapeKind::Structure(members) => {
            let builder = builder_expr(sym, target, value, types)?;
            let unwrap = members
                .iter()
                .any(|m| m.traits.required)
                .then(|| quote!(.expect("valid test input")));
            quote!(#builder .build() #unwrap)
        }
        ShapeKind::Union(members) => {
            let obj = value.as_object().ok_or_else(|| wrong("an object"))?;
            let (key, v) = obj
                .iter()
                .find(|(_, v)| !v.is_null())
                .ok_or_else(|| wrong("one union member"))?;
            let ty = format_ident!("{}", sym.type_name(target));
            let m = members
                .iter()
                .find(|m| m.name == *key)
                .ok_or_else(|| format!("{target}: no member {key}"))?;
            let variant = format_ident!("{}", sym.member(target, &m.name).variant);
            let inner = value_expr(sym, &m.target, v, types)?;
            let inner = if sym.is_boxed(target, &m.name) {
                quote!(::std::boxed::Box::new(#inner))
            } else {
                inner
            };
            quote!(#types::#ty::#variant(#inner))
        }
        ShapeKind::List(item) => {
            let items = value.as_array().ok_or_else(|| wrong("a list"))?;
            let exprs = items
                .iter()
                .map(|v| value_expr(sym, &item.target, v, types))
                .collect::<Result<Vec<_>, _>>()?;
            quote!(::std::vec![#(#exprs),*])
        }
        ShapeKind::Map { key, value: val } => {
            let obj = value.as_object().ok_or_else(|| wrong("an object"))?;
            let mut entries = Vec::new();
            for (k, v) in obj {
                let k = value_expr(sym, &key.target, &Value::String(k.clone()), types)?;
                let v = value_expr(sym, &val.target, v, types)?;
                entries.push(quote!((#k, #v)));
            }
            quote!(::std::collections::HashMap::from([#(#entries),*]))
        }
        ShapeKind::String => {
            let s = value.as_str().ok_or_else(|| wrong("a string"))?;
            quote!(::std::string::String::from(#s))
        }
        ShapeKind::Enum(_) => {
            let s = value.as_str().ok_or_else(|| wrong("a string"))?;
            let ty = format_ident!("{}", sym.type_name(target));
            quote!(#types::#ty::from(#s))
        }
        ShapeKind::IntEnum(_) => {
            let n = value.as_i64().ok_or_else(|| wrong("an integer"))? as i32;
            let ty = format_ident!("{}", sym.type_name(target));
            quote!(#types::#ty::from(#n))
        }
        ShapeKind::Boolean => {
            let b = value.as_bool().ok_or_else(|| wrong("a boolean"))?;
            quote!(#b)
        }
        ShapeKind::Byte => int(value, &wrong, |n| i8::try_from(n).ok().map(|n| quote!(#n)))?,
        ShapeKind::Short => int(value, &wrong, |n| i16::try_from(n).ok().map(|n| quote!(#n)))?,
        ShapeKind::Integer => int(value, &wrong, |n| i32::try_from(n).ok().map(|n| quote!(#n)))?,
        ShapeKind::Long => int(value, &wrong, |n| Some(quote!(#n)))?,
        ShapeKind::Float | ShapeKind::Double => {
            let ty = if matches!(shape.kind, ShapeKind::Float) {
                quote!(f32)
            } else {
                quote!(f64)
            };
            match value {
                Value::String(s) if s == "NaN" => quote!(#ty::NAN),
                Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
                Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
                Value::Number(n) => {
                    let f = n.as_f64().ok_or_else(|| wrong("a number"))?;
                    if matches!(shape.kind, ShapeKind::Float) {
                        let f = f as f32;
                        quote!(#f)
                    } else {
                        quote!(#f)
                    }
                }
                _ => return Err(wrong("a number")),
            }
        }
        ShapeKind::BigInteger | ShapeKind::BigDecimal => {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let ty = if matches!(shape.kind, ShapeKind::BigInteger) {
                quote!(BigInteger)
            } else {
                quote!(BigDecimal)
            };
            let rt = sym.runtime();
            quote!(#rt::#ty::new(#text))
        }
        ShapeKind::Blob => {
            let s = value.as_str().ok_or_else(|| wrong("a string"))?;
            let bytes = proc_macro2::Literal::byte_string(s.as_bytes());
            let rt = sym.runtime();
            quote!(#rt::Blob::new(&#bytes[..]))
        }
        ShapeKind::Timestamp => {
            let nanos = timestamp_nanos(value).ok_or_else(|| wrong("a timestamp"))?;
            let rt = sym.runtime();
            quote!(#rt::DateTime::from_unix_timestamp_nanos(#nanos).expect("valid test timestamp"))
        }
        ShapeKind::Document => document(sym.runtime(), value),
    })
}

fn int(
    value: &Value,
    wrong: &dyn Fn(&str) -> String,
    lit: impl Fn(i64) -> Option<TokenStream>,
) -> Result<TokenStream, String> {
    value
        .as_i64()
        .and_then(lit)
        .ok_or_else(|| wrong("an integer in range"))
}

fn document(rt: &TokenStream, value: &Value) -> TokenStream {
    let doc = quote!(#rt::Document);
    match value {
        Value::Null => quote!(#doc::Null),
        Value::Bool(b) => quote!(#doc::Bool(#b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                quote!(#doc::Number(#rt::Number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                quote!(#doc::Number(#rt::Number::NegInt(#i)))
            } else {
                let f = n.as_f64().unwrap_or_default();
                quote!(#doc::Number(#rt::Number::Float(#f)))
            }
        }
        Value::String(s) => quote!(#doc::String(::std::string::String::from(#s))),
        Value::Array(items) => {
            let items = items.iter().map(|v| document(rt, v));
            quote!(#doc::Array(::std::vec![#(#items),*]))
        }
        Value::Object(obj) => {
            let entries = obj.iter().map(|(k, v)| {
                let v = document(rt, v);
                quote!((::std::string::String::from(#k), #v))
            });
            quote!(#doc::Object(::std::collections::BTreeMap::from([#(#entries),*])))
        }
    }
}

/// Epoch seconds (number) or `YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00]` as nanoseconds.
pub fn timestamp_nanos(value: &Value) -> Option<i128> {
    match value {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i128::from(i) * 1_000_000_000)
            } else {
                n.as_f64().map(|f| (f * 1e9).round() as i128)
            }
        }
        Value::String(s) => parse_iso8601(s),
        _ => None,
    }
}

fn parse_iso8601(s: &str) -> Option<i128> {
    let s = s.trim_end_matches('Z').trim_end_matches("+00:00");
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = match time.split_once('.') {
        Some((h, f)) => (h, f),
        None => (time, ""),
    };
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, se) = (t.next()??, t.next()??, t.next()??);
    let days = days_from_civil(y, mo, da);
    let secs = days * 86_400 + h * 3600 + mi * 60 + se;
    let frac_nanos = if frac.is_empty() {
        0
    } else {
        let digits: String = frac.chars().take(9).collect();
        let n: i64 = digits.parse().ok()?;
        n * 10_i64.pow(9 - digits.len() as u32)
    };
    Some(i128::from(secs) * 1_000_000_000 + i128::from(frac_nanos))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timestamps() {
        assert_eq!(timestamp_nanos(&Value::from(1)), Some(1_000_000_000));
        assert_eq!(
            timestamp_nanos(&Value::from("1970-01-02T00:00:01.5Z")),
            Some(86_401_500_000_000)
        );
        assert_eq!(
            timestamp_nanos(&Value::from("2014-04-29T18:30:38Z")),
            Some(1_398_796_238_000_000_000)
        );
    }
}
