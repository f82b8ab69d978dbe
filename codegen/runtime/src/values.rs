//! Small value types used by generated shapes.

use std::fmt;

/// A point in time (UTC) as the protocols carry it.
pub type DateTime = time::OffsetDateTime;

/// Binary data (a `blob` shape).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Blob(v.as_bytes().to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

/// An arbitrary-precision integer, kept as its decimal text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

/// An arbitrary-precision decimal, kept as its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

macro_rules! text_number {
    ($t:ident) => {
        impl $t {
            /// Wraps the number's text as the service sends it.
            pub fn new(text: impl Into<String>) -> Self {
                $t(text.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
text_number!(BigInteger);
text_number!(BigDecimal);

/// An enum value or union member name this client does not know. It cannot
/// be built by callers, so a known value is never mistaken for an unknown one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue(value.into())
    }

    /// The value exactly as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Stands in for a sensitive value in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_debug_hides_value() {
        assert_eq!(format!("{:?}", Redacted), "*** Sensitive Data Redacted ***");
        assert_eq!(
            format!("{:?}", Some(Redacted)),
            "Some(*** Sensitive Data Redacted ***)"
        );
    }

    #[test]
    fn blob_debug_shows_length_only() {
        assert_eq!(format!("{:?}", Blob::from("secret")), "Blob(6 bytes)");
        assert_eq!(Blob::from("ab").as_bytes(), b"ab");
    }

    #[test]
    fn unknown_value_keeps_text() {
        assert_eq!(UnknownValue::new("NEW_THING").as_str(), "NEW_THING");
        assert_eq!(
            BigInteger::new("123456789012345678901234567890").to_string(),
            "123456789012345678901234567890"
        );
    }
}
