//! The rules engine's functions that only some rule sets call (S3's,
//! DynamoDB's): `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`,
//! `split`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket` (feature
//! `endpoint-functions`; `coalesce` and `ite` are in `eval`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::arn::parse_arn;
use super::rules::Func;
use super::url::{is_ipv4, parse_url};

/// RFC 3986 unreserved characters are left alone; all else is encoded.
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `func` applied to `args`; `None` when it cannot take them.
pub(crate) fn apply(func: &Func, args: &[&Value]) -> Option<Value> {
    Some(match (func, args) {
        (Func::Substring, [Value::String(s), start, stop, reverse]) => {
            let (start, stop, reverse) = (start.as_u64()?, stop.as_u64()?, reverse.as_bool()?);
            substring(s, start, stop, reverse).map_or(Value::Null, Value::String)
        }
        (Func::UriEncode, [Value::Null])
        | (Func::ParseUrl, [Value::Null])
        | (Func::AwsParseArn, [Value::Null]) => Value::Null,
        (Func::UriEncode, [Value::String(s)]) => {
            Value::String(utf8_percent_encode(s, URI_ENCODE).to_string())
        }
        (Func::ParseUrl, [Value::String(s)]) => parse_url(s).unwrap_or(Value::Null),
        (Func::AwsParseArn, [Value::String(s)]) => parse_arn(s).unwrap_or(Value::Null),
        (
            Func::IsValidHostLabel | Func::AwsIsVirtualHostableS3Bucket,
            [Value::Null, Value::Bool(_) | Value::Null],
        ) => Value::Bool(false),
        (Func::IsValidHostLabel, [Value::String(s), allow @ (Value::Bool(_) | Value::Null)]) => {
            Value::Bool(is_valid_host_label(s, allow.as_bool() == Some(true)))
        }
        (
            Func::AwsIsVirtualHostableS3Bucket,
            [Value::String(s), allow @ (Value::Bool(_) | Value::Null)],
        ) => Value::Bool(is_virtual_hostable_s3_bucket(
            s,
            allow.as_bool() == Some(true),
        )),
        (Func::Split, [Value::String(s), Value::String(delimiter), limit])
            if !delimiter.is_empty() =>
        {
            split(s, delimiter, limit.as_u64()?)
        }
        _ => return None,
    })
}

/// `value[start..stop]`, counted from the end if `reverse`; unset unless
/// `start < stop <= len` and the string is ASCII.
fn substring(value: &str, start: u64, stop: u64, reverse: bool) -> Option<String> {
    let len = value.len() as u64;
    if start >= stop || len < stop || !value.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    value.get(from as usize..to as usize).map(str::to_string)
}

/// RFC 1123 host label: 1-63 ASCII letters, digits and `-`, not starting or
/// ending with `-`; with `allow_subdomains`, each `.`-separated label.
pub(crate) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_subdomains {
        value.split('.').all(label_ok)
    } else {
        label_ok(value)
    }
}

/// A bucket name usable as a virtual host: a valid host label (or labels),
/// at least 3 characters, lower case and not shaped like an IPv4 address.
fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    value.chars().count() >= 3
        && value.to_lowercase() == value
        && !is_ipv4(value)
        && is_valid_host_label(value, allow_subdomains)
}

/// Smithy's `split`: limit 0 splits everywhere, otherwise into at most
/// `limit` parts.
fn split(value: &str, delimiter: &str, limit: u64) -> Value {
    let parts: Vec<Value> = if limit == 0 {
        value
            .split(delimiter)
            .map(|p| Value::String(p.to_string()))
            .collect()
    } else {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        value
            .splitn(limit, delimiter)
            .map(|p| Value::String(p.to_string()))
            .collect()
    };
    Value::Array(parts)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use serde_json::json;

    /// Through the library's entry point, as the evaluator calls it.
    fn call(func: Func, args: &[Value]) -> Result<Value, String> {
        let args: Vec<Cow<'_, Value>> = args.iter().map(Cow::Borrowed).collect();
        crate::endpoint::functions::apply(&func, &args)
    }

    #[test]
    fn host_labels() {
        for label in ["a", "abc", "a-b", "A1", "0", &"x".repeat(63)] {
            assert!(is_valid_host_label(label, false), "{label}");
        }
        for label in ["", "-a", "a-", "a.b", "a_b", "é", &"x".repeat(64), "a b"] {
            assert!(!is_valid_host_label(label, false), "{label}");
        }
        assert!(is_valid_host_label("a.b-c.d", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label(".a", true));
        assert_eq!(
            call(Func::IsValidHostLabel, &[json!(null), json!(true)]),
            Ok(json!(false))
        );
        assert_eq!(
            call(Func::IsValidHostLabel, &[json!("a.b"), json!(null)]),
            Ok(json!(false))
        );
        assert!(call(Func::IsValidHostLabel, &[json!(1), json!(true)]).is_err());
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("MyBucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
    }

    #[test]
    fn substrings() {
        let sub =
            |s: &str, a, b, r| call(Func::Substring, &[json!(s), json!(a), json!(b), json!(r)]);
        assert_eq!(sub("abcdef", 0, 4, false), Ok(json!("abcd")));
        assert_eq!(sub("abcdef", 0, 4, true), Ok(json!("cdef")));
        assert_eq!(sub("abcdef", 2, 6, false), Ok(json!("cdef")));
        assert_eq!(sub("abc", 0, 4, false), Ok(json!(null)));
        assert_eq!(sub("abc", 2, 2, false), Ok(json!(null)));
        assert_eq!(sub("abcé", 0, 1, false), Ok(json!(null)));
        assert!(call(
            Func::Substring,
            &[json!(null), json!(0), json!(1), json!(false)]
        )
        .is_err());
        assert!(call(
            Func::Substring,
            &[json!("abc"), json!(-1), json!(1), json!(false)]
        )
        .is_err());
    }

    #[test]
    fn encoding_parsing_and_splitting() {
        assert_eq!(
            call(Func::UriEncode, &[json!("a b/c?d=é~._-")]),
            Ok(json!("a%20b%2Fc%3Fd%3D%C3%A9~._-"))
        );
        assert_eq!(call(Func::UriEncode, &[json!(null)]), Ok(json!(null)));
        assert_eq!(call(Func::ParseUrl, &[json!("ftp://x")]), Ok(json!(null)));
        assert_eq!(call(Func::AwsParseArn, &[json!("nope")]), Ok(json!(null)));
        let split = |s: &str, d: &str, n: i64| call(Func::Split, &[json!(s), json!(d), json!(n)]);
        assert_eq!(split("a--b--c", "--", 0), Ok(json!(["a", "b", "c"])));
        assert_eq!(split("a--b--c", "--", 2), Ok(json!(["a", "b--c"])));
        assert_eq!(split("a--b--c", "--", 1), Ok(json!(["a--b--c"])));
        assert_eq!(split("", "-", 0), Ok(json!([""])));
        assert!(split("a", "", 0).is_err());
        assert!(split("a", "-", -1).is_err());
    }
}
