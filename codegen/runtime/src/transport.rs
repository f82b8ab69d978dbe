//! Sending one HTTP request and collecting its response, whole or as a
//! stream: the [`HttpClient`] seam (tests and applications may plug their
//! own) and its errors; the default implementation is in `default_client`.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

use crate::ByteStream;

pub type HttpRequest = http::Request<Bytes>;
pub type HttpResponse = http::Response<Bytes>;
/// A request whose body may be read as it is sent (a file, say).
pub type StreamingRequest = http::Request<ByteStream>;
/// A response whose body is read as the caller pulls it.
pub type StreamingResponse = http::Response<ByteStream>;

/// Sends a signed request to its absolute URI and returns the response.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// The response with its body fully read.
    #[allow(clippy::type_complexity)] // spelled out so implementors need no alias
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>>;

    /// The response once its head has arrived, its body still to be read,
    /// for a request whose body may itself be read as it is sent: for
    /// operations whose output or input streams (S3's `GetObject`,
    /// `PutObject`). The request carries its length in `Content-Length`. By
    /// default both bodies are read whole, and sent with
    /// [`send`](HttpClient::send); a client that can stream should say so
    /// here (see [`ByteStream::from_body`]).
    #[allow(clippy::type_complexity)]
    fn send_streaming(
        &self,
        request: StreamingRequest,
    ) -> Pin<Box<dyn Future<Output = Result<StreamingResponse, TransportError>> + Send + '_>> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Io, e))?;
            let response = self.send(http::Request::from_parts(parts, body)).await?;
            Ok(response.map(ByteStream::from))
        })
    }
}

/// What went wrong while sending a request or reading its response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (DNS, refused, connect timeout).
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The connection failed while sending or receiving.
    Io,
    /// The response body exceeded the client's limit.
    ResponseTooLarge,
    /// The request could not be sent as built (for example a URI without host).
    Other,
}

/// A failure to exchange a request and response with the service.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl TransportError {
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        let source = source.into();
        TransportError {
            kind,
            message: describe_chain(source.as_ref()),
            source: Some(source),
        }
    }

    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether sending again may succeed: connection and I/O failures are
    /// usually transient, TLS and request problems are not.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Io
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Tls => "TLS failure",
            TransportErrorKind::Io => "connection error",
            TransportErrorKind::ResponseTooLarge => "response too large",
            TransportErrorKind::Other => "request not sendable",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// `outer: middle: inner`, skipping repeats: hyper's own messages
/// ("client error (Connect)") say little without their causes.
fn describe_chain(error: &(dyn Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        let text = e.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        next = e.source();
    }
    message
}

/// Whether a TLS failure is somewhere in the chain of causes.
pub(crate) fn chain_has_tls_error(error: &(dyn Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.is::<rustls::Error>() {
            return true;
        }
        // `io::Error::source` skips the error it wraps (tokio-rustls hands
        // rustls's error over inside an `io::Error`), so unwrap those by hand.
        next = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn Error + 'static)),
            None => e.source(),
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_the_cause_chain() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let e = TransportError::new(TransportErrorKind::Connect, io);
        assert_eq!(e.to_string(), "connection failed: refused");
        assert!(e.is_retryable());
        let e = TransportError::new(TransportErrorKind::Tls, "bad certificate");
        assert!(!e.is_retryable());
        assert!(chain_has_tls_error(&std::io::Error::other(
            rustls::Error::General("x".into())
        )));
    }
}
