//! A request body that streams (S3's `PutObject` from a file): what must be
//! known before it is sent (its length, its checksum header, its payload
//! hash for the signature) read ahead from a source that can be read again,
//! and a fresh reading of it for each attempt.
//!
//! As botocore: over HTTPS, an upload with a checksum to compute is sent
//! `aws-chunked` with the checksum in a trailer and signed
//! `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, so it is read once per attempt,
//! as it is sent. Otherwise the checksum goes in a header and the SHA-256 is
//! signed, both read ahead; S3 over HTTPS with a `Content-MD5` and no
//! checksum to compute signs `UNSIGNED-PAYLOAD` (`S3SigV4Auth`).

use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

use super::aws_chunked::AwsChunked;
use super::checksum::{self, Algorithm};
use super::config::Config;
use super::sign::Hex;
use super::{ByteStream, ErrorKind, OperationSpec, UnhandledError};

/// What botocore signs in place of the hash of a payload it does not read.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// What botocore signs for an `aws-chunked` body with a checksum trailer.
const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// A streamed request body, ready to be sent as often as it can be read.
#[derive(Debug)]
pub(crate) struct Upload {
    /// The caller's stream; a one-off stream is taken by the first attempt.
    source: Option<ByteStream>,
    /// The lowercase hex SHA-256 of the body, or what is signed in its place.
    payload_hash: String,
    /// The body's length and checksum when it goes `aws-chunked`.
    trailer: Option<(u64, Algorithm)>,
}

/// How the request that carries the body is addressed and signed.
pub(crate) struct Destination {
    pub https: bool,
    /// The signature follows botocore's `S3SigV4Auth`.
    pub s3: bool,
}

impl Upload {
    /// Sets `Content-Length` and the checksum headers of the request for
    /// `source` (reading it ahead when a checksum or the payload hash needs
    /// it), as botocore would for `op`.
    pub(crate) async fn prepare(
        op: &OperationSpec,
        config: &Config,
        headers: &mut HeaderMap,
        source: ByteStream,
        to: Destination,
    ) -> Result<Upload, UnhandledError> {
        let length = source.content_length().ok_or_else(|| {
            construction(format!(
                "{}: a streamed request body needs a known length (bytes, or \
                 ByteStream::from_path)",
                op.name
            ))
        })?;
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        let calculation = config.request_checksum_calculation();
        let algorithm = checksum::request_algorithm(op, calculation, headers)
            .map_err(|e| UnhandledError::new(ErrorKind::Construction, e))?;
        if let Some(algorithm) = algorithm.filter(|_| to.https) {
            send_chunked(headers, length, algorithm);
            return Ok(Upload {
                source: Some(source),
                payload_hash: STREAMING_UNSIGNED_PAYLOAD_TRAILER.to_string(),
                trailer: Some((length, algorithm)),
            });
        }
        // botocore's `_should_sha256_sign_payload` for S3: with no checksum
        // computed here (over HTTPS it went in the trailer), only a
        // `Content-MD5` spares the SHA-256.
        let unsigned = to.s3 && to.https && headers.contains_key("content-md5");
        let payload_hash = if unsigned {
            UNSIGNED_PAYLOAD.to_string()
        } else {
            let reading = source.replay().ok_or_else(|| {
                construction(format!(
                    "{}: the body is a stream that cannot be read twice, and its \
                     SHA-256 must be known before it is sent: give bytes or a file \
                     (ByteStream::from_path)",
                    op.name,
                ))
            })?;
            let (sha256, digest) = read_ahead(reading, algorithm).await?;
            if let (Some(algorithm), Some(digest)) = (algorithm, digest) {
                checksum::set_checksum(headers, algorithm, digest);
            }
            sha256
        };
        Ok(Upload {
            source: Some(source),
            payload_hash,
            trailer: None,
        })
    }

    /// What the signature covers in place of the body.
    pub(crate) fn payload_hash(&self) -> &str {
        &self.payload_hash
    }

    /// The body for the next attempt: read again from its start, or the
    /// one-off stream itself the first time; `None` once that is gone.
    pub(crate) fn attempt_body(&mut self) -> Option<ByteStream> {
        let source = self.source.as_ref()?;
        let body = match source.replay() {
            Some(again) => again,
            None => self.source.take()?,
        };
        Some(match self.trailer {
            Some((length, algorithm)) => {
                ByteStream::from_body(AwsChunked::new(body, length, algorithm))
            }
            None => body,
        })
    }

    /// Whether another attempt could send the body again.
    pub(crate) fn can_resend(&self) -> bool {
        self.source.as_ref().is_some_and(|s| s.replay().is_some())
    }
}

/// botocore's `_apply_request_trailer_checksum`: the body goes `aws-chunked`
/// (after any content encoding of the caller's), its length in
/// `X-Amz-Decoded-Content-Length`, with no `Content-Length`.
fn send_chunked(headers: &mut HeaderMap, length: u64, algorithm: Algorithm) {
    headers.insert(TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
    let encoding = match headers.get(CONTENT_ENCODING) {
        Some(theirs) => {
            let mut both = theirs.as_bytes().to_vec();
            both.extend_from_slice(b",aws-chunked");
            HeaderValue::from_bytes(&both).unwrap_or(HeaderValue::from_static("aws-chunked"))
        }
        None => HeaderValue::from_static("aws-chunked"),
    };
    headers.insert(CONTENT_ENCODING, encoding);
    headers.insert("x-amz-trailer", HeaderValue::from(algorithm.header()));
    headers.insert("x-amz-decoded-content-length", HeaderValue::from(length));
    headers.remove(CONTENT_LENGTH);
}

/// Reads `body` once: its SHA-256 in hex and its checksum under
/// `algorithm` (when given).
async fn read_ahead(
    mut body: ByteStream,
    algorithm: Option<Algorithm>,
) -> Result<(String, Option<Vec<u8>>), UnhandledError> {
    let mut sha = Sha256::new();
    let mut sum = algorithm.map(Algorithm::hasher);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| UnhandledError::new(ErrorKind::Construction, e))?;
        sha.update(&chunk);
        if let Some(sum) = &mut sum {
            sum.update(&chunk);
        }
    }
    let hex = Hex::of(&sha.finalize()).as_str().to_string();
    Ok((hex, sum.map(checksum::Hasher::finish)))
}

fn construction(message: String) -> UnhandledError {
    UnhandledError::new(ErrorKind::Construction, message)
}
