//! Errors that are not modeled for an operation, and the metadata every
//! service error carries.

use std::fmt;

/// What the service said about an error, whatever its type. Boxed, so
/// error values (and the `Result`s carrying them) stay small.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata(Option<Box<MetadataFields>>);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct MetadataFields {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

impl ErrorMetadata {
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        status: Option<u16>,
    ) -> Self {
        ErrorMetadata(Some(Box::new(MetadataFields {
            code,
            message,
            request_id,
            status,
        })))
    }

    fn fields(&self) -> Option<&MetadataFields> {
        self.0.as_deref()
    }

    /// The error code (`ThrottlingException`), with any namespace stripped.
    pub fn code(&self) -> Option<&str> {
        self.fields()?.code.as_deref()
    }

    pub fn message(&self) -> Option<&str> {
        self.fields()?.message.as_deref()
    }

    /// The request id (`x-amzn-RequestId`, `x-amz-request-id` or `<RequestId>`).
    pub fn request_id(&self) -> Option<&str> {
        self.fields()?.request_id.as_deref()
    }

    /// The HTTP status of the error response.
    pub fn status(&self) -> Option<u16> {
        self.fields()?.status
    }

    /// Whether a retry may succeed: throttling codes, 5xx and 429 responses.
    pub fn is_retryable(&self) -> bool {
        crate::retry::is_retryable_response(self.status(), self.code())
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("unknown error"))?;
        if let Some(m) = self.message() {
            write!(f, ": {m}")?;
        }
        match (self.status(), self.request_id()) {
            (Some(s), Some(id)) => write!(f, " (HTTP {s}, request id {id})"),
            (Some(s), None) => write!(f, " (HTTP {s})"),
            (None, Some(id)) => write!(f, " (request id {id})"),
            (None, None) => Ok(()),
        }
    }
}

/// Why an operation failed without a modeled error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be built or serialized (missing required member,
    /// invalid header value); nothing was sent.
    Construction,
    /// The input breaks the model's constraints (botocore's
    /// `ParamValidationError`); the source is a
    /// [`ValidationError`](crate::ValidationError) listing every
    /// violation. Nothing was sent.
    Validation,
    /// No endpoint or credentials could be resolved; nothing was sent.
    Configuration,
    /// The request could not be sent or the response not received.
    Transport,
    /// No response within the configured timeout.
    Timeout,
    /// A response arrived but could not be parsed.
    Response,
    /// The service answered with an error the model does not list.
    Service,
    /// A paginator stopped: the service returned the token it was just sent
    /// (botocore's `PaginationError`).
    Pagination,
}

/// An error the operation's model does not list, or a failure with no
/// usable response.
#[derive(Debug)]
pub struct UnhandledError {
    kind: ErrorKind,
    meta: ErrorMetadata,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl UnhandledError {
    /// An error response from the service.
    pub fn from_response(
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        status: u16,
    ) -> Self {
        Self::from_meta(ErrorMetadata::new(code, message, request_id, Some(status)))
    }

    /// An unmodeled service error.
    pub fn from_meta(meta: ErrorMetadata) -> Self {
        UnhandledError {
            kind: ErrorKind::Service,
            meta,
            source: None,
        }
    }

    /// A failure with no usable response.
    pub fn new(
        kind: ErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        UnhandledError {
            kind,
            meta: ErrorMetadata::default(),
            source: Some(source.into()),
        }
    }

    /// Attaches the response metadata (status, request id) to a parse failure.
    pub fn with_meta(mut self, meta: ErrorMetadata) -> Self {
        self.meta = meta;
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.meta.status()
    }

    /// Whether retrying may help: transport failures, timeouts and
    /// retryable service errors.
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            ErrorKind::Transport | ErrorKind::Timeout => true,
            ErrorKind::Service => self.meta.is_retryable(),
            _ => false,
        }
    }

    /// The underlying failure, when there was no usable response.
    pub fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.source) {
            (ErrorKind::Service, _) | (_, None) => fmt::Display::fmt(&self.meta, f),
            (kind, Some(source)) => {
                let what = match kind {
                    ErrorKind::Construction => "invalid request",
                    ErrorKind::Validation => "invalid parameters",
                    ErrorKind::Configuration => "configuration error",
                    ErrorKind::Transport => "transport error",
                    ErrorKind::Timeout => "timed out",
                    ErrorKind::Pagination => "pagination stopped",
                    _ => "unparseable response",
                };
                write!(f, "{what}: {source}")?;
                if let Some(s) = self.meta.status() {
                    write!(f, " (HTTP {s}")?;
                    if let Some(id) = self.meta.request_id() {
                        write!(f, ", request id {id}")?;
                    }
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for UnhandledError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        UnhandledError::source(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_code_message_and_request_id() {
        let e = UnhandledError::from_response(
            Some("SlowDown".into()),
            Some("Please slow down".into()),
            Some("req-1".into()),
            503,
        );
        assert_eq!(
            e.to_string(),
            "SlowDown: Please slow down (HTTP 503, request id req-1)"
        );
        assert_eq!(e.status(), Some(503));
        assert!(e.is_retryable());
    }

    #[test]
    fn construction_errors_are_not_retryable() {
        let e = UnhandledError::new(ErrorKind::Construction, "missing Id");
        assert_eq!(e.to_string(), "invalid request: missing Id");
        assert!(!e.is_retryable());
        assert!(UnhandledError::new(ErrorKind::Timeout, "5s").is_retryable());
    }
}
