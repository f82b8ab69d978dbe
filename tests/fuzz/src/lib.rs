//! Shared input decoding for the fuzz targets: a fuzz input is split into
//! the parts a target needs, in a text layout that the committed seeds
//! (`corpus/<target>/`) show plainly and libFuzzer's mutations keep.

use slimaws::runtime::http::{HeaderMap, HeaderName, HeaderValue};

#[path = "../../../generated/src/cloudfront/endpoint.rs"]
mod cloudfront_endpoint;
#[path = "../../../generated/src/quicksight/endpoint.rs"]
mod quicksight_endpoint;
#[path = "../../../generated/src/voice_id/endpoint.rs"]
mod voice_id_endpoint;

/// The real endpoint data, as committed in the generated crate.
pub mod endpoint_data {
    use super::{cloudfront_endpoint as cf, quicksight_endpoint as qs, voice_id_endpoint as vi};

    /// `(service, rules, partitions)` of each generated service.
    pub const SERVICES: [(&str, &str, &str); 3] = [
        ("cloudfront", cf::RULES, cf::PARTITIONS),
        ("quicksight", qs::RULES, qs::PARTITIONS),
        ("voice_id", vi::RULES, vi::PARTITIONS),
    ];
}

/// An HTTP response as a deserializer sees it.
pub struct Response<'a> {
    /// The first line before its first space (`restJson1` in `restJson1 400`);
    /// empty when the line is a bare status.
    pub tag: &'a [u8],
    pub status: u16,
    pub headers: HeaderMap,
    pub body: &'a [u8],
}

/// Splits `data` as
///
/// ```text
/// [tag ]status
/// name: value
/// ...
///
/// body
/// ```
///
/// A status that is not a number is taken as 200; header lines that are not
/// a valid name and value are dropped (the `http` crate would refuse them
/// before a deserializer saw them). Repeated names are appended.
pub fn response(data: &[u8]) -> Response<'_> {
    let (first, mut rest) = split_line(data);
    let (tag, status) = match first.iter().rposition(|&b| b == b' ') {
        Some(i) => (&first[..i], &first[i + 1..]),
        None => (&first[..0], first),
    };
    let status = std::str::from_utf8(status)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(200);
    let mut headers = HeaderMap::new();
    loop {
        if rest.is_empty() {
            break;
        }
        let (line, after) = split_line(rest);
        rest = after;
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let value = line[colon + 1..].trim_ascii();
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(line[..colon].trim_ascii()),
            HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    Response {
        tag,
        status,
        headers,
        body: rest,
    }
}

/// The text before the first `\n` (without a trailing `\r`), and the rest.
fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    (line.strip_suffix(b"\r").unwrap_or(line), rest)
}

/// Runs one operation's `deserialize_response` on a decoded input and
/// formats the result (which runs the generated `Debug`, redaction
/// included). Anything but a panic is fine.
#[macro_export]
macro_rules! deserialize_target {
    ($module:path) => {
        libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            use $module as op;
            let r = slimaws_fuzz::response(data);
            let result = op::deserialize_response(r.status, &r.headers, r.body);
            std::hint::black_box(format!("{result:?}"));
        });
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_status_headers_and_body() {
        let r = response(b"restXml 412\r\nETag: E1\nbad line\nx-a: 1\nx-a: 2\n\n<a/>\n\nmore");
        assert_eq!((r.tag, r.status), (&b"restXml"[..], 412));
        assert_eq!(r.headers.get("etag").unwrap(), "E1");
        assert_eq!(r.headers.get_all("x-a").iter().count(), 2);
        assert_eq!(r.body, b"<a/>\n\nmore");
        let r = response(b"x");
        assert_eq!((r.status, r.headers.len(), r.body), (200, 0, &b""[..]));
    }
}
