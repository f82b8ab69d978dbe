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

    /// A request that could not be built or serialized: nothing was sent.
    pub fn construction(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(ErrorKind::Construction, source)
    }

    /// Parameters the model's constraints reject: nothing was sent.
    pub fn validation(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(ErrorKind::Validation, source)
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

/// One variant of a generated error enum, as the enum's methods see it: an
/// exception the model lists, or [`UnhandledError`]. The enum's `meta`,
/// `code`, `is_retryable`, `Display` and `source` ask the variant through
/// this, so each is one `match` (its private `variant`) in generated code.
pub trait ErrorVariant: fmt::Display {
    /// The response's code, message, request id and HTTP status.
    fn meta(&self) -> &ErrorMetadata;

    /// The service's error code: an exception's own, or what the service sent.
    fn code(&self) -> Option<&str>;

    /// Whether sending the request again may succeed.
    fn is_retryable(&self) -> bool {
        self.meta().is_retryable()
    }

    /// What the enum's `std::error::Error::source` returns for this variant.
    fn as_source(&self) -> Option<&(dyn std::error::Error + 'static)>;
}

impl ErrorVariant for UnhandledError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    fn is_retryable(&self) -> bool {
        UnhandledError::is_retryable(self)
    }

    fn as_source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        UnhandledError::source(self)
    }
}

/// How a modeled exception displays: its code, the message, then the HTTP
/// status and request id when known (`NoSuchThing: gone (HTTP 404, request
/// id r-1)`).
pub fn fmt_exception(
    f: &mut fmt::Formatter<'_>,
    code: &str,
    message: Option<&str>,
    meta: &ErrorMetadata,
) -> fmt::Result {
    f.write_str(code)?;
    if let Some(m) = message {
        write!(f, ": {m}")?;
    }
    match (meta.status(), meta.request_id()) {
        (Some(s), Some(id)) => write!(f, " (HTTP {s}, request id {id})"),
        (Some(s), None) => write!(f, " (HTTP {s})"),
        (None, Some(id)) => write!(f, " (request id {id})"),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Shown<'a>(&'a str, Option<&'a str>, ErrorMetadata);

    impl fmt::Display for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_exception(f, self.0, self.1, &self.2)
        }
    }

    #[test]
    fn an_exception_shows_code_message_status_and_request_id_it_has() {
        let meta = |status, id: Option<&str>| {
            ErrorMetadata::new(None, None, id.map(str::to_owned), status)
        };
        let all = Shown("NoSuchThing", Some("gone"), meta(Some(404), Some("r-1")));
        assert_eq!(
            all.to_string(),
            "NoSuchThing: gone (HTTP 404, request id r-1)"
        );
        let status = Shown("NoSuchThing", None, meta(Some(404), None));
        assert_eq!(status.to_string(), "NoSuchThing (HTTP 404)");
        let id = Shown("Throttled", Some("slow"), meta(None, Some("r-2")));
        assert_eq!(id.to_string(), "Throttled: slow (request id r-2)");
        let bare = Shown("Throttled", None, ErrorMetadata::default());
        assert_eq!(bare.to_string(), "Throttled");
    }

    #[test]
    fn unhandled_error_as_a_variant_is_itself() {
        let e = UnhandledError::from_response(Some("SlowDown".into()), None, None, 503);
        let v: &dyn ErrorVariant = &e;
        assert_eq!(v.code(), Some("SlowDown"));
        assert_eq!(v.meta().status(), Some(503));
        assert!(v.is_retryable());
        assert!(v.as_source().is_none());
        let timeout = UnhandledError::new(ErrorKind::Timeout, "5s");
        let v: &dyn ErrorVariant = &timeout;
        assert!(v.is_retryable() && v.as_source().is_some());
    }

    #[test]
    fn failures_before_sending_are_never_retryable() {
        let built = UnhandledError::construction("missing `Name`");
        assert_eq!(built.kind(), ErrorKind::Construction);
        let checked = UnhandledError::validation("`Limit` below 1");
        assert_eq!(checked.kind(), ErrorKind::Validation);
        assert!(!built.is_retryable() && !checked.is_retryable());
        assert_eq!(checked.to_string(), "invalid parameters: `Limit` below 1");
    }

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
