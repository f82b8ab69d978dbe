//! Hand-written support shared by every generated service module: value types
//! the models need (date-times, blobs, documents, big numbers), builder and
//! error plumbing, wire-format primitives, endpoint resolution, and the
//! client runtime (configuration, credentials, signing, transport, retries).
//! The generator never writes here.

mod build_error;
mod document;
mod error;
pub mod proto;
pub mod retry;
mod spec;
mod values;

pub use build_error::BuildError;
pub use document::{Document, Number};
pub use error::{ErrorKind, ErrorMetadata, UnhandledError};
pub use spec::{OperationSpec, Protocol, ServiceSpec};
pub use values::{BigDecimal, BigInteger, Blob, DateTime, Redacted, UnknownValue};
