//! The default [`HttpClient`]: HTTP/1.1 on hyper's connection API, TLS by
//! rustls (ring, Mozilla's roots from webpki-roots), and a pool of idle
//! connections per host.
//!
//! hyper-util's pooled client does the same through a generic connector
//! stack (and hyper-rustls on top); for the one thing an AWS client needs,
//! one request at a time per connection to a handful of hosts, this is a
//! fraction of the code every application compiles.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::CONNECTION;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::transport::{
    chain_has_tls_error, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};

/// Default cap on a response body (64 MiB): a guard against a runaway
/// response exhausting memory, far above any control-plane answer.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Idle connections kept per host; more are closed when they come back.
const POOL_MAX_IDLE_PER_HOST: usize = 16;

/// hyper's HTTP/1.1 client over rustls (ring, Mozilla's roots), keeping
/// connections alive between calls; also speaks plain `http://` for local
/// endpoints.
pub struct DefaultHttpClient {
    tls: TlsConnector,
    connect_timeout: Duration,
    max_response_bytes: usize,
    pool: Mutex<HashMap<HostKey, Vec<IdleConnection>>>,
}

impl fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultHttpClient")
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Where a connection goes: scheme, host and port of the request URI.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct HostKey {
    https: bool,
    host: String,
    port: u16,
}

struct IdleConnection {
    sender: SendRequest<Full<Bytes>>,
    since: Instant,
}

impl DefaultHttpClient {
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        Self::with_roots(connect_timeout, roots)
    }

    /// As [`DefaultHttpClient::new`], trusting `roots` instead of Mozilla's
    /// (a private CA, or a test server's certificate).
    pub fn with_roots(
        connect_timeout: Duration,
        roots: rustls::RootCertStore,
    ) -> Result<Self, TransportError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TransportError::new(TransportErrorKind::Tls, e))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(DefaultHttpClient {
            tls: TlsConnector::from(Arc::new(config)),
            connect_timeout,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            pool: Mutex::new(HashMap::new()),
        })
    }

    /// Replaces the response body cap ([`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn with_max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let key = HostKey::of(request.uri())?;
        let (mut parts, body) = request.into_parts();
        // hyper's connection API writes the URI as given: origin form.
        let mut origin = http::uri::Parts::default();
        origin.path_and_query = Some(
            parts
                .uri
                .path_and_query()
                .cloned()
                .unwrap_or_else(|| http::uri::PathAndQuery::from_static("/")),
        );
        parts.uri = http::Uri::from_parts(origin)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;

        let (mut sender, reused) = match self.checkout(&key).await {
            Some(sender) => (sender, true),
            None => (self.connect(&key).await?, false),
        };
        // Only a request on a pooled connection may need sending twice, so
        // only that one is copied first.
        let response = if reused {
            let mut first = http::Request::new(Full::new(body.clone()));
            *first.method_mut() = parts.method.clone();
            *first.uri_mut() = parts.uri.clone();
            *first.headers_mut() = parts.headers.clone();
            match sender.send_request(first).await {
                Ok(response) => response,
                // The pooled connection ended before the request was written
                // (the server closed it while it sat idle): the request never
                // left, so send it once more on a new one. A connection that
                // fails after writing is an I/O error for the retry strategy.
                Err(e) if e.is_canceled() || e.is_closed() => {
                    sender = self.connect(&key).await?;
                    let again = http::Request::from_parts(parts, Full::new(body));
                    sender.send_request(again).await.map_err(classify)?
                }
                Err(e) => return Err(classify(e)),
            }
        } else {
            let request = http::Request::from_parts(parts, Full::new(body));
            sender.send_request(request).await.map_err(classify)?
        };

        let keep_alive = !response
            .headers()
            .get_all(CONNECTION)
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
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
        if keep_alive {
            self.checkin(key, sender);
        }
        Ok(http::Response::from_parts(parts, body))
    }

    /// An idle connection to `key` that is still open, newest first.
    async fn checkout(&self, key: &HostKey) -> Option<SendRequest<Full<Bytes>>> {
        loop {
            let idle = {
                let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
                pool.get_mut(key)?.pop()?
            };
            if idle.since.elapsed() > POOL_IDLE_TIMEOUT || idle.sender.is_closed() {
                continue; // dropping the sender closes the connection
            }
            let mut sender = idle.sender;
            // Resolves once the connection has finished with the previous
            // exchange; fails if it has ended since.
            if sender.ready().await.is_ok() {
                return Some(sender);
            }
        }
    }

    fn checkin(&self, key: HostKey, sender: SendRequest<Full<Bytes>>) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        let idle = pool.entry(key).or_default();
        idle.retain(|c| c.since.elapsed() <= POOL_IDLE_TIMEOUT && !c.sender.is_closed());
        if idle.len() < POOL_MAX_IDLE_PER_HOST {
            idle.push(IdleConnection {
                sender,
                since: Instant::now(),
            });
        }
    }

    async fn connect(&self, key: &HostKey) -> Result<SendRequest<Full<Bytes>>, TransportError> {
        let connect_error = |e| TransportError::new(TransportErrorKind::Connect, e);
        // A URI spells an IPv6 address in brackets; sockets and TLS do not.
        let host = key.host.trim_start_matches('[').trim_end_matches(']');
        let within = |what: &str| {
            format!(
                "no {what} with {host}:{} within {:?}",
                key.port, self.connect_timeout
            )
        };
        let tcp = tokio::time::timeout(self.connect_timeout, TcpStream::connect((host, key.port)))
            .await
            .map_err(|_| TransportError::new(TransportErrorKind::Connect, within("connection")))?
            .map_err(connect_error)?;
        // Requests are written whole; don't hold back their last segment.
        let _ = tcp.set_nodelay(true);
        let stream = if key.https {
            let name = ServerName::try_from(host.to_owned())
                .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
            let tls = tokio::time::timeout(self.connect_timeout, self.tls.connect(name, tcp))
                .await
                .map_err(|_| {
                    TransportError::new(TransportErrorKind::Connect, within("TLS session"))
                })?
                .map_err(|e| {
                    let kind = if chain_has_tls_error(&e) {
                        TransportErrorKind::Tls
                    } else {
                        TransportErrorKind::Connect
                    };
                    TransportError::new(kind, e)
                })?;
            Stream::Tls(Box::new(tls))
        } else {
            Stream::Plain(tcp)
        };
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(classify)?;
        // The connection task ends when the server closes the connection or
        // every sender for it is dropped.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }
}

impl HostKey {
    fn of(uri: &http::Uri) -> Result<HostKey, TransportError> {
        let other = |m: String| TransportError::new(TransportErrorKind::Other, m);
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(other(format!("`{uri}` is not an http or https URL"))),
        };
        let host = uri
            .host()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| other(format!("`{uri}` has no host")))?;
        Ok(HostKey {
            https,
            host: host.to_owned(),
            port: uri.port_u16().unwrap_or(if https { 443 } else { 80 }),
        })
    }
}

impl HttpClient for DefaultHttpClient {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>> {
        Box::pin(self.exchange(request))
    }
}

fn classify(error: hyper::Error) -> TransportError {
    let kind = if chain_has_tls_error(&error) {
        TransportErrorKind::Tls
    } else if error.is_user() {
        TransportErrorKind::Other
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, error)
}

/// A plain or TLS connection, one type so that hyper's connection machinery
/// is compiled once.
enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
