//! Sending one HTTP request and collecting its whole response: the
//! [`HttpClient`] seam (tests and applications may plug their own) and the
//! default hyper + rustls implementation.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

pub type HttpRequest = http::Request<Bytes>;
pub type HttpResponse = http::Response<Bytes>;

/// Sends a signed request to its absolute URI and returns the response with
/// its body fully read.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    #[allow(clippy::type_complexity)] // spelled out so implementors need no alias
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>>;
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

/// Default cap on a response body (64 MiB): a guard against a runaway
/// response exhausting memory, far above any control-plane answer.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// hyper's pooled HTTP/1.1 client over rustls (ring, Mozilla's roots); also
/// speaks plain `http://` for local endpoints.
pub struct DefaultHttpClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    max_response_bytes: usize,
}

impl fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultHttpClient")
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl DefaultHttpClient {
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false); // the TLS layer above handles https://
        http.set_connect_timeout(Some(connect_timeout));
        http.set_nodelay(true);
        let https = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| TransportError::new(TransportErrorKind::Tls, e))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(https);
        Ok(DefaultHttpClient {
            client,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        })
    }

    /// Replaces the response body cap ([`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn with_max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }
}

impl HttpClient for DefaultHttpClient {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>> {
        Box::pin(async move {
            let response = self
                .client
                .request(request.map(Full::new))
                .await
                .map_err(classify_send_error)?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, self.max_response_bytes)
                .collect()
                .await
                .map_err(|e| {
                    let kind = if e.is::<http_body_util::LengthLimitError>() {
                        TransportErrorKind::ResponseTooLarge
                    } else {
                        TransportErrorKind::Io
                    };
                    TransportError::new(kind, e)
                })?
                .to_bytes();
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

fn classify_send_error(error: hyper_util::client::legacy::Error) -> TransportError {
    let kind = if chain_has_tls_error(&error) {
        TransportErrorKind::Tls
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if chain_has_user_error(&error) {
        TransportErrorKind::Other
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, error)
}

fn chain_has_tls_error(error: &(dyn Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.is::<rustls::Error>() {
            return true;
        }
        // `io::Error::source` skips the error it wraps (hyper-rustls wraps
        // rustls's `io::Error` in another one), so unwrap those by hand.
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

fn chain_has_user_error(error: &(dyn Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_user)
        {
            return true;
        }
        next = e.source();
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
