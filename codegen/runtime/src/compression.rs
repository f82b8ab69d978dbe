//! Request compression, as botocore's `compress.py`: an operation with the
//! `requestcompression` trait has its serialized body compressed with the
//! first encoding the runtime supports, before the request is signed, when
//! the body is at least the configured minimum size, or whatever its size
//! when the payload is a blob (botocore's streaming input; the generator
//! leaves the encodings out for a blob that `requiresLength`).
//!
//! `gzip` needs the crate's `compression` feature (`cargo xtask codegen`
//! checks that the feature of every service with such an operation enables
//! it). Without the feature no encoding is supported and bodies are sent
//! uncompressed, which botocore also does for an encoding it does not know.

use http::header::CONTENT_ENCODING;
use http::HeaderValue;

use super::{Config, OperationSpec};

/// botocore's default `request_min_compression_size_bytes`.
pub const DEFAULT_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_240;
/// The range botocore accepts for `request_min_compression_size_bytes`.
pub const MIN_COMPRESSION_SIZE_RANGE: std::ops::RangeInclusive<u32> = 1..=1_048_576;

/// Compresses `request`'s body if `op` allows it and `config` does not
/// disable it, and appends the encoding to `Content-Encoding` (botocore's
/// bytes: `custom,gzip`, no space). Returns whether the body was compressed.
///
/// `Handle::invoke` calls this on every request `serialize_request` made;
/// callers sending serialized requests themselves may call it too.
pub fn compress_request(
    op: &OperationSpec,
    config: &Config,
    request: &mut http::Request<Vec<u8>>,
) -> bool {
    if config.disable_request_compression() || op.request_compression.is_empty() {
        return false;
    }
    // A body of exactly the minimum size is compressed too (`min_size <= size`).
    let min_size = usize::try_from(config.request_min_compression_size_bytes()).unwrap_or(0);
    if !op.request_compression_any_size && request.body().len() < min_size {
        return false;
    }
    // The first modeled encoding we support wins; unknown ones are skipped.
    let Some((name, encode)) = op
        .request_compression
        .iter()
        .find_map(|name| encoder(name).map(|encode| (*name, encode)))
    else {
        return false;
    };
    // An encoder that fails leaves the body as it was, sent uncompressed.
    let Some(compressed) = encode(request.body()) else {
        return false;
    };
    *request.body_mut() = compressed;
    append_content_encoding(request.headers_mut(), name);
    true
}

/// An encoder: the compressed form of a body, if it could be made.
type Encoder = fn(&[u8]) -> Option<Vec<u8>>;

fn encoder(name: &str) -> Option<Encoder> {
    match name {
        #[cfg(feature = "compression")]
        "gzip" => Some(gzip),
        _ => None,
    }
}

/// gzip at level 9, the level of Python's `gzip.compress` that botocore calls.
#[cfg(feature = "compression")]
fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::best(),
    );
    // Writing into a `Vec` does not fail; if it ever did, send uncompressed.
    encoder.write_all(body).and_then(|()| encoder.finish()).ok()
}

/// `Content-Encoding: <existing>,<encoding>`, or just the encoding. Several
/// existing header lines are joined first, so one line results.
fn append_content_encoding(headers: &mut http::HeaderMap, encoding: &'static str) {
    let existing: Vec<&[u8]> = headers
        .get_all(CONTENT_ENCODING)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect();
    let value = if existing.is_empty() {
        HeaderValue::from_static(encoding)
    } else {
        let mut joined = existing.join(&b","[..]);
        joined.push(b',');
        joined.extend_from_slice(encoding.as_bytes());
        // Valid header bytes joined by commas stay valid.
        HeaderValue::from_bytes(&joined).unwrap_or_else(|_| HeaderValue::from_static(encoding))
    };
    headers.insert(CONTENT_ENCODING, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Protocol, ServiceSpec};

    static SERVICE: ServiceSpec = ServiceSpec {
        service_id: "Squeeze",
        signing_name: "squeeze",
        protocol: Protocol::RestJson1,
        endpoint_rules: "",
        partitions: "",
        api_version: "2024-01-01",
        client_context_params: &[],
    };
    static GZIP_OP: OperationSpec = OperationSpec {
        name: "Put",
        service: &SERVICE,
        request_compression: &["gzip"],
        request_compression_any_size: false,
        request_checksum_required: false,
        checksum_algorithm_header: None,
        checksum_mode_header: None,
        response_checksum_algorithms: &[],
        success_may_be_error: false,
        unsigned: false,
    };
    static PLAIN_OP: OperationSpec = OperationSpec {
        name: "Get",
        service: &SERVICE,
        request_compression: &[],
        request_compression_any_size: false,
        request_checksum_required: false,
        checksum_algorithm_header: None,
        checksum_mode_header: None,
        response_checksum_algorithms: &[],
        success_may_be_error: false,
        unsigned: false,
    };
    #[cfg(feature = "compression")]
    static UNKNOWN_FIRST_OP: OperationSpec = OperationSpec {
        name: "Put2",
        service: &SERVICE,
        request_compression: &["zstd-future", "gzip"],
        request_compression_any_size: false,
        request_checksum_required: false,
        checksum_algorithm_header: None,
        checksum_mode_header: None,
        response_checksum_algorithms: &[],
        success_may_be_error: false,
        unsigned: false,
    };

    fn request(len: usize, encoding: Option<&str>) -> http::Request<Vec<u8>> {
        let body: Vec<u8> = (0..len).map(|i| b"abcdefgh"[i % 8]).collect();
        let mut builder = http::Request::post("/");
        if let Some(e) = encoding {
            builder = builder.header(CONTENT_ENCODING, e);
        }
        builder.body(body).unwrap()
    }

    fn config() -> Config {
        Config::builder().build()
    }

    #[cfg(feature = "compression")]
    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn below_the_minimum_size_nothing_changes() {
        let mut r = request(10_239, None);
        let before = r.body().clone();
        assert!(!compress_request(&GZIP_OP, &config(), &mut r));
        assert_eq!(r.body(), &before);
        assert!(r.headers().get(CONTENT_ENCODING).is_none());
    }

    #[test]
    fn operations_without_the_trait_are_never_compressed() {
        let mut r = request(50_000, None);
        assert!(!compress_request(&PLAIN_OP, &config(), &mut r));
        assert_eq!(r.body().len(), 50_000);
    }

    #[test]
    fn disabled_compression_leaves_the_body() {
        let config = Config::builder().disable_request_compression(true).build();
        let mut r = request(50_000, Some("custom"));
        assert!(!compress_request(&GZIP_OP, &config, &mut r));
        assert_eq!(r.body().len(), 50_000);
        assert_eq!(r.headers()[CONTENT_ENCODING], "custom");
    }

    #[cfg(feature = "compression")]
    #[test]
    fn at_the_minimum_size_the_body_is_gzipped() {
        let mut r = request(10_240, None);
        let original = r.body().clone();
        assert!(compress_request(&GZIP_OP, &config(), &mut r));
        assert_eq!(&r.body()[..2], [0x1f, 0x8b], "gzip magic");
        assert!(r.body().len() < original.len());
        assert_eq!(gunzip(r.body()), original);
        assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
    }

    #[cfg(feature = "compression")]
    #[test]
    fn an_existing_encoding_is_kept_in_front() {
        let mut r = request(20_000, Some("custom"));
        assert!(compress_request(&GZIP_OP, &config(), &mut r));
        assert_eq!(r.headers()[CONTENT_ENCODING], "custom,gzip");
        assert_eq!(r.headers().get_all(CONTENT_ENCODING).iter().count(), 1);
        let mut r = request(20_000, Some("a"));
        r.headers_mut()
            .append(CONTENT_ENCODING, HeaderValue::from_static("b"));
        compress_request(&GZIP_OP, &config(), &mut r);
        assert_eq!(r.headers()[CONTENT_ENCODING], "a,b,gzip");
    }

    #[cfg(feature = "compression")]
    #[test]
    fn the_minimum_size_is_configurable_and_unknown_encodings_are_skipped() {
        let config = Config::builder()
            .request_min_compression_size_bytes(100)
            .build();
        let mut r = request(100, None);
        let original = r.body().clone();
        assert!(compress_request(&UNKNOWN_FIRST_OP, &config, &mut r));
        assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
        assert_eq!(gunzip(r.body()), original);
        let mut r = request(99, None);
        assert!(!compress_request(&UNKNOWN_FIRST_OP, &config, &mut r));
    }

    #[cfg(feature = "compression")]
    #[test]
    fn a_blob_payload_is_compressed_whatever_its_size() {
        static BLOB_OP: OperationSpec = OperationSpec {
            name: "PutBlob",
            service: &SERVICE,
            request_compression: &["gzip"],
            request_compression_any_size: true,
            request_checksum_required: false,
            checksum_algorithm_header: None,
            checksum_mode_header: None,
            response_checksum_algorithms: &[],
            success_may_be_error: false,
            unsigned: false,
        };
        let mut r = request(10, None);
        let original = r.body().clone();
        assert!(compress_request(&BLOB_OP, &config(), &mut r));
        assert_eq!(gunzip(r.body()), original);
        // Still not when disabled.
        let off = Config::builder().disable_request_compression(true).build();
        assert!(!compress_request(&BLOB_OP, &off, &mut request(10, None)));
    }

    #[cfg(not(feature = "compression"))]
    #[test]
    fn without_the_feature_gzip_is_unsupported() {
        let mut r = request(50_000, None);
        assert!(!compress_request(&GZIP_OP, &config(), &mut r));
        assert_eq!(r.body().len(), 50_000);
    }
}
