//! Wire-format primitives the generated serializers and deserializers call:
//! timestamps, percent-encoding, JSON and XML reading and writing, and
//! reading error codes the way botocore does.
//!
//! Behaviour follows botocore 1.44.5 (`serialize.py`, `parsers.py`,
//! `utils.py`); where botocore would crash or silently corrupt a request, these
//! functions return an error or encode defensively instead, and say so.

#[cfg(feature = "cbor")]
pub mod cbor;
#[cfg(all(test, feature = "cbor"))]
mod cbor_tests;
pub mod customize;
pub mod encode;
pub mod errors;
pub mod json;
mod json_value;
pub mod query;
pub mod s3;
pub mod time;
pub mod xml;

use std::fmt;

use crate::{ErrorKind, UnhandledError};

/// A response body or header that cannot be parsed, or a value that cannot
/// be sent; says where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtoError {
    what: String,
}

impl ProtoError {
    pub fn new(what: impl Into<String>) -> Self {
        ProtoError { what: what.into() }
    }

    /// The description given at creation.
    pub fn what(&self) -> &str {
        &self.what
    }
}

/// The error of a request whose input holds a union's `Unknown` variant
/// (a member this client does not know, read from a response): it cannot
/// be sent, as aws-sdk-rust refuses to; the writers record the first.
fn unknown_variant(union: &str) -> ProtoError {
    ProtoError::new(format!(
        "cannot send the `Unknown` variant of union `{union}`: it holds a member this client does not know"
    ))
}

impl fmt::Display for ProtoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for ProtoError {}

/// An integer read from a body, narrowed to its member's type.
fn narrow<T: TryFrom<i64>>(n: i64, path: &str, what: &str) -> Result<T, ProtoError> {
    T::try_from(n).map_err(|_| ProtoError::new(format!("{path}: integer out of range for {what}")))
}

impl From<ProtoError> for UnhandledError {
    fn from(e: ProtoError) -> Self {
        UnhandledError::new(ErrorKind::Response, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proto_error_displays_and_converts() {
        let e = ProtoError::new("KeyGroup.Items[2]: expected a string");
        assert_eq!(e.to_string(), "KeyGroup.Items[2]: expected a string");
        let u = UnhandledError::from(e);
        assert_eq!(u.kind(), ErrorKind::Response);
        assert!(u.to_string().contains("KeyGroup.Items[2]"));
    }
}
