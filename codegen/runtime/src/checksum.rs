//! Request checksums for operations that require one, as botocore 1.44.5
//! (`httpchecksum.py`): a required checksum is its default algorithm, CRC32,
//! sent as `x-amz-checksum-crc32` (the big-endian CRC, base64), not the
//! `Content-MD5` of older SDKs. It is computed after compression and before
//! signing, and not at all when the caller already set an
//! `x-amz-checksum-*` header.
//!
//! Not covered: `httpChecksum`'s `requestAlgorithmMember` (a caller-chosen
//! algorithm, the `x-amz-sdk-checksum-algorithm` header, and botocore's
//! default of a CRC32 for every operation that has one) and streaming
//! bodies, which botocore checksums in a trailer.

use http::{HeaderName, HeaderValue};

use super::OperationSpec;

const CRC32_HEADER: HeaderName = HeaderName::from_static("x-amz-checksum-crc32");

/// Adds `x-amz-checksum-crc32` to `request` when `op` requires a checksum
/// and no `x-amz-checksum-*` header is set. Returns whether it added one.
///
/// `Handle::invoke` calls this (after [`compress_request`](super::compress_request));
/// callers sending serialized requests themselves may call it too.
pub fn add_required_checksum(op: &OperationSpec, request: &mut http::Request<Vec<u8>>) -> bool {
    if !op.request_checksum_required || has_checksum_header(request.headers()) {
        return false;
    }
    let digest = crc32(request.body()).to_be_bytes();
    let value = aws_smithy_types::base64::encode(digest);
    // Base64 is always a valid header value.
    let Ok(value) = HeaderValue::from_str(&value) else {
        return false;
    };
    request.headers_mut().insert(CRC32_HEADER, value);
    true
}

/// botocore's `has_checksum_header`: a header named `x-amz-checksum-*`.
fn has_checksum_header(headers: &http::HeaderMap) -> bool {
    headers
        .keys()
        .any(|name| name.as_str().starts_with("x-amz-checksum-"))
}

/// CRC-32 (IEEE 802.3), as Python's `zlib.crc32`.
fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Protocol, ServiceSpec};

    static SERVICE: ServiceSpec = ServiceSpec {
        service_id: "Sums",
        signing_name: "sums",
        protocol: Protocol::RestXml,
        endpoint_rules: "",
        partitions: "",
        api_version: "2024-01-01",
        client_context_params: &[],
    };
    static REQUIRED: OperationSpec = OperationSpec {
        name: "PutRules",
        service: &SERVICE,
        request_compression: &[],
        request_compression_any_size: false,
        request_checksum_required: true,
    };
    static NOT_REQUIRED: OperationSpec = OperationSpec {
        name: "GetRules",
        service: &SERVICE,
        request_compression: &[],
        request_compression_any_size: false,
        request_checksum_required: false,
    };

    fn request(body: &[u8]) -> http::Request<Vec<u8>> {
        http::Request::put("/").body(body.to_vec()).unwrap()
    }

    #[test]
    fn crc32_matches_the_standard_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn a_required_checksum_is_crc32_as_botocore_sends_it() {
        let mut r = request(b"123456789");
        assert!(add_required_checksum(&REQUIRED, &mut r));
        assert_eq!(r.headers()["x-amz-checksum-crc32"], "y/Q5Jg==");
        assert!(r.headers().get("content-md5").is_none());
        // botocore's answer for an empty body (s3control CreateAccessGrantsInstance).
        let mut empty = request(b"");
        add_required_checksum(&REQUIRED, &mut empty);
        assert_eq!(empty.headers()["x-amz-checksum-crc32"], "AAAAAA==");
    }

    #[test]
    fn no_checksum_unless_required_or_when_the_caller_set_one() {
        let mut r = request(b"abc");
        assert!(!add_required_checksum(&NOT_REQUIRED, &mut r));
        assert!(r.headers().is_empty());
        let mut r = request(b"abc");
        r.headers_mut().insert(
            HeaderName::from_static("x-amz-checksum-sha256"),
            HeaderValue::from_static("mine"),
        );
        assert!(!add_required_checksum(&REQUIRED, &mut r));
        assert_eq!(r.headers().len(), 1);
    }
}
