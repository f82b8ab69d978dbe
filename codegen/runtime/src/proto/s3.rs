//! S3's customizations of values, as botocore's handlers make them
//! (`handlers.py`): the copy source percent-encoded
//! (`handle_copy_source_param`), SSE-C keys sent base64-encoded with their
//! MD5 (`sse_md5`, feature `sse-c`), listings' URL-encoded keys decoded
//! (`_decode_list_object`), and line breaks in some XML bodies escaped
//! (`escape_xml_payload`).

/// `x-amz-copy-source` as botocore's `_quote_source_header` writes it:
/// `bucket/key` percent-encoded but for `/` (and the unreserved
/// characters), a trailing `?versionId=<no spaces>` left as it is.
pub fn copy_source(value: &str) -> String {
    let (source, version) = match version_id_suffix(value) {
        Some(at) => value.split_at(at),
        None => (value, ""),
    };
    let mut out = super::encode::uri_with_slashes(source);
    out.push_str(version);
    out
}

/// Where botocore's `\?versionId=[^\s]+$` first matches: the leftmost
/// `?versionId=` followed by one or more characters up to the end, none of
/// them whitespace (Python's `\s`, which includes `\x1c`-`\x1f`).
fn version_id_suffix(value: &str) -> Option<usize> {
    const MARK: &str = "?versionId=";
    let is_space = |c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c);
    value.match_indices(MARK).map(|(at, _)| at).find(|&at| {
        let rest = &value[at + MARK.len()..];
        !rest.is_empty() && !rest.chars().any(is_space)
    })
}

/// A key of a listing S3 sent URL-encoded, decoded as botocore's
/// `unquote_str` (`urllib`'s `unquote_plus`): `+` is a space, `%XX` a
/// byte, and bytes that are not UTF-8 become U+FFFD.
pub fn url_decode(value: &str) -> String {
    let spaced = value.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// An SSE-C key as sent: the key's bytes (its UTF-8) base64-encoded, and
/// the base64 of their MD5 for the `...-key-MD5` header.
#[cfg(feature = "sse-c")]
pub fn sse_customer_key(key: &str) -> (String, String) {
    use md5::Digest;
    let digest = md5::Md5::digest(key.as_bytes());
    (
        super::encode::base64(key.as_bytes()),
        super::encode::base64(&digest),
    )
}

/// `body` with `\r` as `&#xD;` and `\n` as `&#xA;`, as botocore's
/// `escape_xml_payload` sends `DeleteObjects`' document (a key may hold a
/// line break, which XML parsers would otherwise normalize away).
pub fn escape_line_breaks(body: Vec<u8>) -> Vec<u8> {
    if !body.iter().any(|b| matches!(b, b'\r' | b'\n')) {
        return body;
    }
    let mut out = Vec::with_capacity(body.len() + 16);
    for byte in body {
        match byte {
            b'\r' => out.extend_from_slice(b"&#xD;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_sources_are_encoded_as_botocore_quotes_them() {
        assert_eq!(copy_source("bucket/key"), "bucket/key");
        assert_eq!(copy_source("b/a b+c/é?x"), "b/a%20b%2Bc/%C3%A9%3Fx");
        assert_eq!(copy_source("b/k?versionId=v1"), "b/k?versionId=v1");
        assert_eq!(
            copy_source("b/k ?versionId=a b"),
            "b/k%20%3FversionId%3Da%20b"
        );
        assert_eq!(
            copy_source("b/k?versionId=a b?versionId=c"),
            "b/k%3FversionId%3Da%20b?versionId=c"
        );
        assert_eq!(copy_source("b/k?versionId="), "b/k%3FversionId%3D");
        assert_eq!(copy_source("b/~k-._"), "b/~k-._");
    }

    #[test]
    fn listed_keys_are_decoded_as_unquote_plus() {
        assert_eq!(url_decode("a+b%2Bc%20d%2F%C3%A9"), "a b+c d/é");
        assert_eq!(url_decode("bad%FFbyte%"), "bad\u{FFFD}byte%");
        assert_eq!(url_decode("plain"), "plain");
    }

    #[test]
    fn line_breaks_go_as_character_references() {
        let body = b"<Key>a\nb\rc</Key>".to_vec();
        assert_eq!(escape_line_breaks(body), b"<Key>a&#xA;b&#xD;c</Key>");
        assert_eq!(
            escape_line_breaks(b"<Key>ab</Key>".to_vec()),
            b"<Key>ab</Key>"
        );
    }

    #[cfg(feature = "sse-c")]
    #[test]
    fn sse_customer_keys_go_base64_with_their_md5() {
        // base64 and MD5 of the 32-byte key, as botocore's `sse_md5` sends them.
        let (key, md5) = sse_customer_key("01234567890123456789012345678901");
        assert_eq!(key, "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=");
        assert_eq!(md5, "KYvwGXoFFJ42a2u2GDWhwQ==");
    }
}
