//! Errors that are not modeled for an operation.

use std::fmt;

/// An error the operation's model does not list (or one that happened
/// before a response could be read): the service's code and message when
/// there was a response, the HTTP status and request id.
#[derive(Debug)]
pub struct UnhandledError {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
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
        UnhandledError {
            code,
            message,
            request_id,
            status: Some(status),
            source: None,
        }
    }

    /// A failure with no usable response (transport, timeout, parse error).
    pub fn from_source(
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        UnhandledError {
            code: None,
            message: None,
            request_id: None,
            status: None,
            source: Some(source.into()),
        }
    }

    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The underlying failure, when there was no usable response.
    pub fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.source) {
            (Some(code), _) => f.write_str(code)?,
            (None, Some(source)) => write!(f, "{source}")?,
            (None, None) => f.write_str("unknown error")?,
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(s) = self.status {
            write!(f, " (HTTP {s}")?;
            if let Some(id) = &self.request_id {
                write!(f, ", request id {id}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
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
    }
}
