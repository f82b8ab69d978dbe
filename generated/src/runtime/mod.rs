//! Hand-written support shared by every generated service module: value types
//! the models need (date-times, blobs, documents, big numbers), builder and
//! error plumbing. The generator never writes here.

mod build_error;
mod document;
mod error;
mod values;

pub use build_error::BuildError;
pub use document::{Document, Number};
pub use error::UnhandledError;
pub use values::{BigDecimal, BigInteger, Blob, DateTime, Redacted, UnknownValue};
