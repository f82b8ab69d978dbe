//! Flexible checksums as botocore 1.44.5 computes them (`httpchecksum.py`,
//! without its CRT extension).
//!
//! Requests: an operation that requires a checksum, or that has a checksum
//! algorithm member while `request_checksum_calculation` is
//! `when_supported` (the default), sends `x-amz-checksum-<algorithm>` of its
//! body: the caller's algorithm (the member's header, such as
//! `x-amz-sdk-checksum-algorithm: SHA256`), else CRC32, with the member's
//! header then set to `CRC32`. Nothing is added when the caller set an
//! `x-amz-checksum-*` header. Computed after compression, before signing.
//!
//! Responses: an operation with a validation mode member (S3 `GetObject`'s
//! `ChecksumMode`) gets `ENABLED` there when `response_checksum_validation`
//! is `when_supported` (the default); a response to a request with the mode
//! set is checked against the first of its `x-amz-checksum-*` headers in
//! botocore's priority order (composite `...-N` values are not checked).
//!
//! Request checksums need the runtime feature `request-checksums` (CRC32
//! only), and the other algorithms and response validation
//! `flexible-checksums`; the generated manifest enables them for the
//! services whose operations take or check checksums, so an application
//! without such operations compiles none of it.
//!
//! Not as botocore: a streaming upload over HTTPS carries its checksum in a
//! header, not an `aws-chunked` trailer (S3 accepts both); CRC32C and
//! CRC64NVME, which botocore computes only with its CRT, are refused.

use std::fmt;

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use hyper::body::{Body, Frame, SizeHint};
#[cfg(feature = "flexible-checksums")]
use sha2::Digest;

use super::proto::encode::base64;
use super::OperationSpec;
use crate::byte_stream::{ByteStream, ByteStreamError, ByteStreamErrorKind};

/// When requests carry a checksum (`request_checksum_calculation`,
/// `AWS_REQUEST_CHECKSUM_CALCULATION`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestChecksumCalculation {
    /// Whenever the operation supports one (botocore's default).
    #[default]
    WhenSupported,
    /// Only when the operation requires one.
    WhenRequired,
}

/// When responses are checked (`response_checksum_validation`,
/// `AWS_RESPONSE_CHECKSUM_VALIDATION`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseChecksumValidation {
    /// Whenever the operation supports it (botocore's default).
    #[default]
    WhenSupported,
    /// Only when the caller asks (sets the validation mode member).
    WhenRequired,
}

/// `when_supported` or `when_required`, any case, as botocore accepts them.
pub(crate) fn parse_when(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "when_supported" => Some(true),
        "when_required" => Some(false),
        _ => None,
    }
}

/// The algorithms botocore computes without its CRT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Crc32,
    // The others only with the `flexible-checksums` feature, which the
    // services whose operations take or check checksums enable.
    #[cfg(feature = "flexible-checksums")]
    Sha1,
    #[cfg(feature = "flexible-checksums")]
    Sha256,
    #[cfg(feature = "flexible-checksums")]
    Sha512,
}

impl Algorithm {
    /// A lower-case name (`crc32`); `None` for one slimaws does not compute.
    fn parse(name: &str) -> Option<Algorithm> {
        match name {
            "crc32" => Some(Algorithm::Crc32),
            #[cfg(feature = "flexible-checksums")]
            "sha1" => Some(Algorithm::Sha1),
            #[cfg(feature = "flexible-checksums")]
            "sha256" => Some(Algorithm::Sha256),
            #[cfg(feature = "flexible-checksums")]
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    pub(crate) fn header(self) -> HeaderName {
        HeaderName::from_static(match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            #[cfg(feature = "flexible-checksums")]
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            #[cfg(feature = "flexible-checksums")]
            Algorithm::Sha256 => "x-amz-checksum-sha256",
            #[cfg(feature = "flexible-checksums")]
            Algorithm::Sha512 => "x-amz-checksum-sha512",
        })
    }

    fn digest(self, body: &[u8]) -> Vec<u8> {
        let mut hasher = self.hasher();
        hasher.update(body);
        hasher.finish()
    }

    pub(crate) fn hasher(self) -> Hasher {
        match self {
            Algorithm::Crc32 => Hasher::Crc32(crc32fast::Hasher::new()),
            #[cfg(feature = "flexible-checksums")]
            Algorithm::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            #[cfg(feature = "flexible-checksums")]
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            #[cfg(feature = "flexible-checksums")]
            Algorithm::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
        }
    }
}

/// A checksum computed piece by piece, for bodies read as they stream.
#[derive(Clone)]
pub(crate) enum Hasher {
    Crc32(crc32fast::Hasher),
    #[cfg(feature = "flexible-checksums")]
    Sha1(sha1::Sha1),
    #[cfg(feature = "flexible-checksums")]
    Sha256(sha2::Sha256),
    #[cfg(feature = "flexible-checksums")]
    Sha512(sha2::Sha512),
}

impl Hasher {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Crc32(h) => h.update(bytes),
            #[cfg(feature = "flexible-checksums")]
            Hasher::Sha1(h) => h.update(bytes),
            #[cfg(feature = "flexible-checksums")]
            Hasher::Sha256(h) => h.update(bytes),
            #[cfg(feature = "flexible-checksums")]
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            #[cfg(feature = "flexible-checksums")]
            Hasher::Sha1(h) => h.finalize().to_vec(),
            #[cfg(feature = "flexible-checksums")]
            Hasher::Sha256(h) => h.finalize().to_vec(),
            #[cfg(feature = "flexible-checksums")]
            Hasher::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// A request checksum slimaws cannot compute: an algorithm it does not
/// have, or any checksum without the runtime feature `request-checksums`.
#[derive(Debug)]
pub struct UnsupportedChecksum(Option<String>);

impl fmt::Display for UnsupportedChecksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(algorithm) => write!(
                f,
                "unsupported checksum algorithm `{algorithm}`: slimaws computes CRC32, SHA1, \
                 SHA256 and SHA512 (botocore needs its CRT extension for the others)"
            ),
            None => f.write_str(
                "this operation sends a request checksum, which needs the runtime feature \
                 `request-checksums` (generated crates enable it for the services that have such \
                 operations)",
            ),
        }
    }
}

impl std::error::Error for UnsupportedChecksum {}

/// Adds the request checksum botocore would send (see the module docs).
/// Returns whether it added one. `Handle::invoke` calls this after
/// [`compress_request`](super::compress_request); callers sending
/// serialized requests themselves may call it too.
pub fn add_request_checksum(
    op: &OperationSpec,
    calculation: RequestChecksumCalculation,
    request: &mut http::Request<Vec<u8>>,
) -> Result<bool, UnsupportedChecksum> {
    let Some(algorithm) = request_algorithm(op, calculation, request.headers_mut())? else {
        return Ok(false);
    };
    let digest = algorithm.digest(request.body());
    set_checksum(request.headers_mut(), algorithm, digest);
    Ok(true)
}

/// The algorithm of the checksum botocore would add to a request with
/// `headers`, if any: the one the caller chose, else CRC32 where one is
/// required or supported (its name then goes in the algorithm header).
pub(crate) fn request_algorithm(
    op: &OperationSpec,
    calculation: RequestChecksumCalculation,
    headers: &mut HeaderMap,
) -> Result<Option<Algorithm>, UnsupportedChecksum> {
    // Most operations have no checksum at all: decided without the headers.
    let takes_one = op.request_checksum_required || op.checksum_algorithm_header.is_some();
    if !takes_one || has_checksum_header(headers) {
        return Ok(None);
    }
    if !cfg!(feature = "request-checksums") {
        // So an application without such operations compiles no checksum.
        return Err(UnsupportedChecksum(None));
    }
    let chosen = op
        .checksum_algorithm_header
        .and_then(|name| headers.get(name))
        .map(|value| value.to_str().unwrap_or_default().to_ascii_lowercase());
    if let Some(name) = chosen {
        return Algorithm::parse(&name)
            .map(Some)
            .ok_or(UnsupportedChecksum(Some(name)));
    }
    let supported = op.checksum_algorithm_header.is_some()
        && calculation == RequestChecksumCalculation::WhenSupported;
    if !(op.request_checksum_required || supported) {
        return Ok(None);
    }
    if let Some(name) = op.checksum_algorithm_header {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static("CRC32"),
        );
    }
    Ok(Some(Algorithm::Crc32))
}

/// Sends `digest` as `algorithm`'s `x-amz-checksum-*` header.
pub(crate) fn set_checksum(headers: &mut HeaderMap, algorithm: Algorithm, digest: Vec<u8>) {
    let value = base64(&digest);
    // Base64 is always a valid header value.
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(algorithm.header(), value);
    }
}

/// Sets the validation mode header (`x-amz-checksum-mode: ENABLED`) when
/// botocore would, and returns whether the response is to be checked.
pub fn request_response_checksum(
    op: &OperationSpec,
    validation: ResponseChecksumValidation,
    request: &mut http::Request<Vec<u8>>,
) -> bool {
    let Some(name) = op
        .checksum_mode_header
        .filter(|_| cfg!(feature = "flexible-checksums"))
    else {
        return false;
    };
    let name = HeaderName::from_static(name);
    if validation == ResponseChecksumValidation::WhenSupported {
        request
            .headers_mut()
            .entry(name.clone())
            .or_insert(HeaderValue::from_static("ENABLED"));
    }
    request.headers().contains_key(name) && !op.response_checksum_algorithms.is_empty()
}

/// A response body whose checksum differs from its header's.
#[derive(Debug)]
pub struct ChecksumMismatch {
    expected: String,
    calculated: String,
}

impl fmt::Display for ChecksumMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Expected checksum {} did not match calculated checksum: {}",
            self.expected, self.calculated
        )
    }
}

impl std::error::Error for ChecksumMismatch {}

/// Checks `body` against the first `x-amz-checksum-*` header of `headers`
/// among the operation's algorithms (botocore's `handle_checksum_body`).
pub fn validate_response(
    op: &OperationSpec,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ChecksumMismatch> {
    match expected_checksum(op, headers) {
        Some((algorithm, expected)) => compare(expected, algorithm.digest(body)),
        None => Ok(()),
    }
}

/// As [`validate_response`] for a body the caller reads as it streams: the
/// checksum is computed as the bytes pass and the last read fails on a
/// mismatch (botocore's `StreamingChecksumBody`).
pub fn validating_stream(
    op: &OperationSpec,
    headers: &HeaderMap,
    body: ByteStream,
) -> Result<ByteStream, ChecksumMismatch> {
    let Some((algorithm, expected)) = expected_checksum(op, headers) else {
        return Ok(body);
    };
    if let Some(bytes) = body.as_buffered() {
        compare(expected, algorithm.digest(bytes))?;
        return Ok(body);
    }
    Ok(ByteStream::from_body(ValidatingBody {
        body,
        hasher: Some(algorithm.hasher()),
        expected: expected.to_string(),
    }))
}

/// The operation's first algorithm with a full-object checksum header in
/// `headers`, and that header's value; composite `...-N` values (S3's
/// checksums of part checksums) are passed over, as botocore does.
fn expected_checksum<'h>(
    op: &OperationSpec,
    headers: &'h HeaderMap,
) -> Option<(Algorithm, &'h str)> {
    if !cfg!(feature = "flexible-checksums") {
        return None;
    }
    op.response_checksum_algorithms
        .iter()
        .filter_map(|a| Algorithm::parse(a))
        .find_map(|algorithm| {
            let expected = headers
                .get(algorithm.header())?
                .to_str()
                .unwrap_or_default();
            (!expected.contains('-')).then_some((algorithm, expected))
        })
}

/// As botocore's `StreamingChecksumBody`: the base64 texts compared.
fn compare(expected: &str, digest: Vec<u8>) -> Result<(), ChecksumMismatch> {
    let calculated = base64(&digest);
    if calculated == expected {
        return Ok(());
    }
    Err(ChecksumMismatch {
        expected: expected.to_string(),
        calculated,
    })
}

/// A streamed body checked against its declared checksum at its end.
struct ValidatingBody {
    body: ByteStream,
    /// Taken when the body ends.
    hasher: Option<Hasher>,
    expected: String,
}

impl Body for ValidatingBody {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ByteStreamError>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.body).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(hasher)) = (frame.data_ref(), this.hasher.as_mut()) {
                    hasher.update(data);
                }
            }
            Poll::Ready(None) => {
                if let Some(hasher) = this.hasher.take() {
                    if let Err(e) = compare(&this.expected, hasher.finish()) {
                        let kind = ByteStreamErrorKind::ChecksumMismatch;
                        return Poll::Ready(Some(Err(ByteStreamError::new(kind, e))));
                    }
                }
            }
            _ => {}
        }
        polled
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// botocore's `has_checksum_header`: a header named `x-amz-checksum-*`.
pub(crate) fn has_checksum_header(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .any(|name| name.as_str().starts_with("x-amz-checksum-"))
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
        checksum_algorithm_header: None,
        checksum_mode_header: None,
        response_checksum_algorithms: &[],
        success_may_be_error: false,
        unsigned: false,
    };
    static NOT_REQUIRED: OperationSpec = OperationSpec {
        name: "GetRules",
        request_checksum_required: false,
        ..REQUIRED
    };
    /// As S3's `PutObject`: an algorithm member, no requirement.
    #[cfg(feature = "request-checksums")]
    static FLEXIBLE: OperationSpec = OperationSpec {
        name: "PutThing",
        request_checksum_required: false,
        checksum_algorithm_header: Some("x-amz-sdk-checksum-algorithm"),
        ..REQUIRED
    };
    /// As S3's `GetObject`.
    #[cfg(feature = "flexible-checksums")]
    static VALIDATED: OperationSpec = OperationSpec {
        name: "GetThing",
        request_checksum_required: false,
        checksum_mode_header: Some("x-amz-checksum-mode"),
        response_checksum_algorithms: &["crc32", "sha1", "sha256"],
        success_may_be_error: false,
        unsigned: false,
        ..REQUIRED
    };

    #[cfg(feature = "request-checksums")]
    fn request(body: &[u8]) -> http::Request<Vec<u8>> {
        http::Request::put("/").body(body.to_vec()).unwrap()
    }

    const SUPPORTED: RequestChecksumCalculation = RequestChecksumCalculation::WhenSupported;

    #[test]
    fn crc32_matches_the_standard_check_values() {
        assert_eq!(Algorithm::Crc32.digest(b""), [0, 0, 0, 0]);
        assert_eq!(
            Algorithm::Crc32.digest(b"123456789"),
            [0xCB, 0xF4, 0x39, 0x26]
        );
    }

    /// Without the feature, an operation that needs a checksum is refused
    /// before anything is sent; one that needs none is untouched.
    #[cfg(not(feature = "request-checksums"))]
    #[test]
    fn without_the_feature_a_required_checksum_names_it() {
        let mut r = http::Request::new(b"body".to_vec());
        let err = add_request_checksum(&REQUIRED, SUPPORTED, &mut r).unwrap_err();
        assert!(
            err.to_string()
                .contains("runtime feature `request-checksums`"),
            "{err}"
        );
        assert!(!add_request_checksum(&NOT_REQUIRED, SUPPORTED, &mut r).unwrap());
        assert!(r.headers().is_empty());
    }

    #[cfg(feature = "request-checksums")]
    #[test]
    fn a_required_checksum_is_crc32_as_botocore_sends_it() {
        let mut r = request(b"123456789");
        assert!(add_request_checksum(&REQUIRED, SUPPORTED, &mut r).unwrap());
        assert_eq!(r.headers()["x-amz-checksum-crc32"], "y/Q5Jg==");
        assert!(r.headers().get("content-md5").is_none());
        // botocore's answer for an empty body (s3control CreateAccessGrantsInstance).
        let mut empty = request(b"");
        add_request_checksum(
            &REQUIRED,
            RequestChecksumCalculation::WhenRequired,
            &mut empty,
        )
        .unwrap();
        assert_eq!(empty.headers()["x-amz-checksum-crc32"], "AAAAAA==");
    }

    #[cfg(feature = "request-checksums")]
    #[test]
    fn no_checksum_unless_supported_or_when_the_caller_set_one() {
        let mut r = request(b"abc");
        assert!(!add_request_checksum(&NOT_REQUIRED, SUPPORTED, &mut r).unwrap());
        assert!(r.headers().is_empty());
        let mut r = request(b"abc");
        r.headers_mut().insert(
            HeaderName::from_static("x-amz-checksum-sha256"),
            HeaderValue::from_static("mine"),
        );
        assert!(!add_request_checksum(&REQUIRED, SUPPORTED, &mut r).unwrap());
        assert_eq!(r.headers().len(), 1);
        let mut r = request(b"abc");
        let when_required = RequestChecksumCalculation::WhenRequired;
        assert!(!add_request_checksum(&FLEXIBLE, when_required, &mut r).unwrap());
    }

    #[cfg(feature = "flexible-checksums")]
    #[test]
    fn the_default_algorithm_is_named_and_a_chosen_one_is_used() {
        let mut r = request(b"abc");
        assert!(add_request_checksum(&FLEXIBLE, SUPPORTED, &mut r).unwrap());
        assert_eq!(r.headers()["x-amz-sdk-checksum-algorithm"], "CRC32");
        assert_eq!(r.headers()["x-amz-checksum-crc32"], "NSRBwg==");
        let mut r = request(b"abc");
        r.headers_mut().insert(
            HeaderName::from_static("x-amz-sdk-checksum-algorithm"),
            HeaderValue::from_static("SHA256"),
        );
        add_request_checksum(&FLEXIBLE, SUPPORTED, &mut r).unwrap();
        assert_eq!(
            r.headers()["x-amz-checksum-sha256"],
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        let mut r = request(b"abc");
        r.headers_mut().insert(
            HeaderName::from_static("x-amz-sdk-checksum-algorithm"),
            HeaderValue::from_static("CRC64NVME"),
        );
        let err = add_request_checksum(&FLEXIBLE, SUPPORTED, &mut r).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("unsupported checksum algorithm `crc64nvme`"));
    }

    #[cfg(feature = "flexible-checksums")]
    #[test]
    fn responses_are_checked_against_the_first_known_header() {
        let mut r = request(b"");
        let supported = ResponseChecksumValidation::WhenSupported;
        assert!(request_response_checksum(&VALIDATED, supported, &mut r));
        assert_eq!(r.headers()["x-amz-checksum-mode"], "ENABLED");
        let mut r = request(b"");
        let required = ResponseChecksumValidation::WhenRequired;
        assert!(!request_response_checksum(&VALIDATED, required, &mut r));
        assert!(!request_response_checksum(
            &FLEXIBLE,
            supported,
            &mut request(b"")
        ));

        let mut headers = HeaderMap::new();
        headers.insert("x-amz-checksum-crc32", HeaderValue::from_static("NSRBwg=="));
        assert!(validate_response(&VALIDATED, &headers, b"abc").is_ok());
        let err = validate_response(&VALIDATED, &headers, b"abd").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Expected checksum NSRBwg== did not match calculated checksum: q0DUYQ=="
        );
        headers.insert(
            "x-amz-checksum-crc32",
            HeaderValue::from_static("NSRBwg==-3"),
        );
        assert!(
            validate_response(&VALIDATED, &headers, b"abd").is_ok(),
            "composite"
        );
        assert!(validate_response(&VALIDATED, &HeaderMap::new(), b"x").is_ok());
    }
}
