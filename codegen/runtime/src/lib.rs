//! Hand-written support shared by every generated service module: value types
//! the models need (date-times, blobs, documents, big numbers), builder and
//! error plumbing, wire-format primitives, endpoint resolution, and the
//! client runtime (configuration, credentials, signing, transport, retries).
//! The generator never writes here.

#![forbid(unsafe_code)]

mod adaptive;
#[cfg(feature = "streaming")]
mod aws_chunked;
#[cfg(test)]
mod bounded_tests;
mod build_error;
mod byte_stream;
pub mod checksum;
pub mod compression;
mod config;
mod credentials;
mod default_client;
#[cfg(test)]
mod default_client_tests;
mod document;
pub mod endpoint;
mod endpoint_cache;
mod endpoint_settings;
mod error;
#[cfg(feature = "event-streams")]
pub mod event_stream;
#[cfg(all(test, feature = "event-streams"))]
mod event_stream_tests;
#[cfg(test)]
mod hostile_config_tests;
mod invoke;
#[cfg(test)]
mod loopback_tests;
#[cfg(test)]
mod oracle_tests;
pub mod paginate;
mod presign;
mod profile;
pub mod proto;
pub mod retry;
mod s3_bucket;
mod setting;
pub mod sign;
mod spec;
#[cfg(all(test, feature = "streaming"))]
mod streaming_tests;
pub mod transport;
// Streamed request bodies only with the `streaming` feature; without it
// the `Upload` of `upload_off.rs` has no values.
#[cfg(feature = "streaming")]
mod upload;
#[cfg(not(feature = "streaming"))]
#[path = "upload_off.rs"]
mod upload;
#[cfg(all(test, feature = "streaming"))]
mod upload_tests;
mod user_agent;
pub mod validation;
mod values;
#[cfg(feature = "waiters")]
pub mod waiter;

pub use build_error::BuildError;
pub use byte_stream::{ByteStream, ByteStreamError, ByteStreamErrorKind};
pub use checksum::{add_request_checksum, RequestChecksumCalculation, ResponseChecksumValidation};
pub use compression::compress_request;
pub use config::{
    ClientContextValue, Config, ConfigBuilder, ConfigError, RetryMode, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_OPERATION_ATTEMPT_TIMEOUT, DEFAULT_OPERATION_TIMEOUT,
};
pub use credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, EnvironmentCredentials,
    ProfileCredentials, ProvideCredentials, SharedCredentialsProvider,
};
pub use default_client::{
    DefaultHttpClient, DEFAULT_MAX_CONNECTIONS_PER_HOST, DEFAULT_MAX_RESPONSE_BYTES,
};
pub use document::{Document, Number};
pub use endpoint_settings::{AccountIdEndpointMode, RegionalEndpoints};
pub use error::{fmt_exception, ErrorKind, ErrorMetadata, ErrorVariant, UnhandledError};
#[cfg(feature = "event-streams")]
pub use event_stream::EventStream;
pub use invoke::{join_endpoint_path, Handle, InvokeContext, PreparedCall};
pub use presign::{PresignedRequest, PresigningConfig, PresigningConfigError};
pub use sign::{sign_request, SigningError};
pub use spec::{OperationSpec, Protocol, ServiceSpec};
pub use transport::{
    HttpClient, HttpRequest, HttpResponse, StreamingRequest, StreamingResponse, TransportError,
    TransportErrorKind,
};
pub use validation::ValidationError;
pub use values::{BigDecimal, BigInteger, Blob, DateTime, Redacted, UnknownValue};

// Crates in the client runtime's public API (`HttpClient`, `sign_request`),
// so applications and tests use the same versions.
#[cfg(feature = "aws-credential-types")]
pub use aws_credential_types;
pub use {bytes, http};
