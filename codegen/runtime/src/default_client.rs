//! The default [`HttpClient`]: HTTP/1.1 on hyper's connection API, TLS by
//! rustls (ring, Mozilla's roots from webpki-roots), and a pool of
//! connections per host with a limit on how many are open at once.
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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::CONNECTION;
use http_body_util::BodyExt;
use hyper::body::Incoming;
#[cfg(feature = "streaming")]
use hyper::body::{Body, Frame, SizeHint};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

#[cfg(feature = "streaming")]
use super::transport::StreamingResponse;
use super::transport::{
    chain_has_tls_error, HttpClient, HttpRequest, HttpResponse, StreamingRequest, TransportError,
    TransportErrorKind,
};
use crate::ByteStream;

/// Default cap on a response body (64 MiB): a guard against a runaway
/// response exhausting memory, far above any control-plane answer.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Default limit on open connections to one host (botocore's
/// `max_pool_connections`).
pub const DEFAULT_MAX_CONNECTIONS_PER_HOST: usize = 10;

/// Informational (1xx) responses accepted before the final one; a server
/// that sends more ends the attempt.
const MAX_INFORMATIONAL_RESPONSES: usize = 16;

/// hyper's HTTP/1.1 client over rustls (ring, Mozilla's roots), keeping
/// connections alive between calls; also speaks plain `http://` for local
/// endpoints.
pub struct DefaultHttpClient {
    tls: TlsConnector,
    connect_timeout: Duration,
    max_response_bytes: usize,
    max_connections_per_host: usize,
    /// Shared with streamed bodies, which return their connection when read.
    pool: Arc<Pool>,
}

/// Every host's connections.
#[derive(Default)]
struct Pool {
    hosts: Mutex<HashMap<HostKey, HostPool>>,
}

impl fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultHttpClient")
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_connections_per_host", &self.max_connections_per_host)
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

/// The connections to one host: idle ones, and the permits that bound how
/// many are open (each open connection, idle or busy, holds one).
struct HostPool {
    idle: Vec<IdleConnection>,
    permits: Arc<Semaphore>,
    /// Told when a connection goes back to `idle`, for calls waiting for one.
    returned: Arc<Notify>,
}

/// An open connection: its sender, the permit it holds, and a way to end
/// its connection task.
struct Connection {
    sender: SendRequest<ByteStream>,
    _permit: OwnedSemaphorePermit,
    close: Arc<Notify>,
}

struct IdleConnection {
    connection: Connection,
    since: Instant,
}

impl IdleConnection {
    fn is_usable(&self) -> bool {
        self.since.elapsed() <= POOL_IDLE_TIMEOUT && !self.connection.sender.is_closed()
    }
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
        // ring, not aws-lc: no C build. rustls 0.23.48 deprecates ring's
        // provider for lacking post-quantum key exchange; it is still
        // rustls's own and supported, so applications on newer rustls
        // should not see a warning for it.
        #[allow(deprecated)]
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
            max_connections_per_host: DEFAULT_MAX_CONNECTIONS_PER_HOST,
            pool: Arc::default(),
        })
    }

    /// Replaces the response body cap ([`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn with_max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Replaces the limit on open connections per host
    /// ([`DEFAULT_MAX_CONNECTIONS_PER_HOST`]; at least 1). A request that
    /// finds them all busy waits for one.
    pub fn with_max_connections_per_host(mut self, max: usize) -> Self {
        self.max_connections_per_host = max.max(1);
        self
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (response, reuse) = self.exchange_head(request.map(ByteStream::new)).await?;
        let (parts, body) = response.into_parts();
        let body = read_body(
            body,
            content_length(&parts.headers),
            self.max_response_bytes,
        )
        .await?;
        if let Some((key, connection)) = reuse {
            self.pool.checkin(key, connection);
        }
        Ok(http::Response::from_parts(parts, body))
    }

    /// As `exchange`, the body left to the caller: no cap on its size, and
    /// the connection back in the pool once it is read to its end.
    #[cfg(feature = "streaming")]
    async fn exchange_streaming(
        &self,
        request: StreamingRequest,
    ) -> Result<StreamingResponse, TransportError> {
        let (response, reuse) = self.exchange_head(request).await?;
        Ok(response.map(|body| {
            ByteStream::from_body(PooledBody {
                body,
                reuse: reuse.map(|(key, connection)| (self.pool.clone(), key, connection)),
            })
        }))
    }

    /// Sends `request` and waits for the response's head; with it, the
    /// connection to return to the pool after the body when it stays open.
    async fn exchange_head(
        &self,
        request: StreamingRequest,
    ) -> Result<(http::Response<Incoming>, Option<(HostKey, Connection)>), TransportError> {
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

        let informational = Arc::new(AtomicUsize::new(0));
        // A body that is read as it is sent cannot be sent twice: it goes on
        // a new connection, which a server cannot have closed while idle.
        let (mut connection, reused) = match body.as_buffered() {
            Some(_) => self.connection(&key).await?,
            None => (self.fresh_connection(&key).await?, false),
        };
        // Only a request on a pooled connection may need sending twice, so
        // only that one is copied first.
        let bytes = body.buffered_bytes().cloned();
        let response = if let (true, Some(bytes)) = (reused, bytes) {
            let mut first = http::Request::new(ByteStream::new(bytes.clone()));
            *first.method_mut() = parts.method.clone();
            *first.uri_mut() = parts.uri.clone();
            *first.headers_mut() = parts.headers.clone();
            count_informational(&mut first, &informational, &connection.close);
            match connection.sender.send_request(first).await {
                Ok(response) => response,
                // The pooled connection ended before the request was written
                // (the server closed it while it sat idle): the request never
                // left, so send it once more on a new one. A connection that
                // fails after writing is an I/O error for the retry strategy.
                Err(e) if (e.is_canceled() || e.is_closed()) && !flooded(&informational) => {
                    drop(connection);
                    connection = self.fresh_connection(&key).await?;
                    let mut again = http::Request::from_parts(parts, ByteStream::new(bytes));
                    count_informational(&mut again, &informational, &connection.close);
                    let sent = connection.sender.send_request(again).await;
                    sent.map_err(|e| failure(e, &informational))?
                }
                Err(e) => return Err(failure(e, &informational)),
            }
        } else {
            let mut request = http::Request::from_parts(parts, body);
            count_informational(&mut request, &informational, &connection.close);
            let sent = connection.sender.send_request(request).await;
            sent.map_err(|e| failure(e, &informational))?
        };

        let keep_alive = !response
            .headers()
            .get_all(CONNECTION)
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
        Ok((response, keep_alive.then_some((key, connection))))
    }

    /// A connection to `key`: an idle one (`true`), else a new one once
    /// fewer than the limit are open, waiting for either.
    async fn connection(&self, key: &HostKey) -> Result<(Connection, bool), TransportError> {
        loop {
            let (permits, returned) = self.host_limits(key);
            // Registered before looking, so a connection returned meanwhile
            // still wakes this call.
            let mut notified = std::pin::pin!(returned.notified());
            notified.as_mut().enable();
            if let Some(connection) = self.checkout(key).await {
                return Ok((connection, true));
            }
            let permit = match permits.clone().try_acquire_owned() {
                Ok(permit) => permit,
                Err(_) => match first_of(permits.acquire_owned(), notified).await {
                    Either::Left(Ok(permit)) => permit,
                    // Never closed; a returned connection: look again.
                    Either::Left(Err(_)) | Either::Right(()) => continue,
                },
            };
            return Ok((self.connect(key, permit).await?, false));
        }
    }

    /// A new connection to `key`, for a resend, within the host's limit.
    async fn fresh_connection(&self, key: &HostKey) -> Result<Connection, TransportError> {
        let (permits, _) = self.host_limits(key);
        let permit = permits
            .acquire_owned()
            .await
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        self.connect(key, permit).await
    }

    fn host_limits(&self, key: &HostKey) -> (Arc<Semaphore>, Arc<Notify>) {
        let mut pool = self.pool.hosts.lock().unwrap_or_else(|e| e.into_inner());
        let host = pool.entry(key.clone()).or_insert_with(|| HostPool {
            idle: Vec::new(),
            permits: Arc::new(Semaphore::new(self.max_connections_per_host)),
            returned: Arc::new(Notify::new()),
        });
        (host.permits.clone(), host.returned.clone())
    }

    /// An idle connection to `key` that is still open, newest first.
    async fn checkout(&self, key: &HostKey) -> Option<Connection> {
        loop {
            let idle = {
                let mut pool = self.pool.hosts.lock().unwrap_or_else(|e| e.into_inner());
                pool.get_mut(key)?.idle.pop()?
            };
            if !idle.is_usable() {
                continue; // dropping it closes the connection, freeing its permit
            }
            let mut connection = idle.connection;
            // Resolves once the connection has finished with the previous
            // exchange; fails if it has ended since.
            if connection.sender.ready().await.is_ok() {
                return Some(connection);
            }
        }
    }

    async fn connect(
        &self,
        key: &HostKey,
        permit: OwnedSemaphorePermit,
    ) -> Result<Connection, TransportError> {
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
        // The connection task ends when the server closes the connection,
        // every sender for it is dropped, or `close` is told (a flood of
        // informational responses); the permit is released with the sender.
        let close = Arc::new(Notify::new());
        let closed = close.clone();
        tokio::spawn(async move {
            let _ = first_of(connection, closed.notified()).await;
        });
        Ok(Connection {
            sender,
            _permit: permit,
            close,
        })
    }
}

impl Pool {
    fn checkin(&self, key: HostKey, connection: Connection) {
        let mut pool = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        let Some(host) = pool.get_mut(&key) else {
            return;
        };
        host.idle.retain(IdleConnection::is_usable);
        host.idle.push(IdleConnection {
            connection,
            since: Instant::now(),
        });
        host.returned.notify_one();
    }
}

/// A streamed response body that returns its connection to the pool when it
/// has been read to its end (dropped earlier, the connection closes).
#[cfg(feature = "streaming")]
struct PooledBody {
    body: Incoming,
    reuse: Option<(Arc<Pool>, HostKey, Connection)>,
}

#[cfg(feature = "streaming")]
impl Body for PooledBody {
    type Data = Bytes;
    type Error = TransportError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, TransportError>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if let Poll::Ready(None) = polled {
            if let Some((pool, key, connection)) = self.reuse.take() {
                pool.checkin(key, connection);
            }
        }
        polled.map_err(|e| TransportError::new(TransportErrorKind::Io, e))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
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

    // Without the feature, the trait's own: both bodies read whole.
    #[cfg(feature = "streaming")]
    fn send_streaming(
        &self,
        request: StreamingRequest,
    ) -> Pin<Box<dyn Future<Output = Result<StreamingResponse, TransportError>> + Send + '_>> {
        Box::pin(self.exchange_streaming(request))
    }
}

/// Counts the informational responses to `request`; past
/// [`MAX_INFORMATIONAL_RESPONSES`] the connection is closed, which ends the
/// exchange (see [`failure`]).
fn count_informational(
    request: &mut http::Request<ByteStream>,
    count: &Arc<AtomicUsize>,
    close: &Arc<Notify>,
) {
    let (count, close) = (count.clone(), close.clone());
    hyper::ext::on_informational(request, move |_| {
        if count.fetch_add(1, Ordering::Relaxed) + 1 > MAX_INFORMATIONAL_RESPONSES {
            close.notify_one();
        }
    });
}

fn flooded(informational: &AtomicUsize) -> bool {
    informational.load(Ordering::Relaxed) > MAX_INFORMATIONAL_RESPONSES
}

/// The error of a failed exchange, naming a flood of 1xx responses as such.
fn failure(error: hyper::Error, informational: &AtomicUsize) -> TransportError {
    if flooded(informational) {
        return TransportError::new(
            TransportErrorKind::Io,
            format!(
                "the server sent more than {MAX_INFORMATIONAL_RESPONSES} informational (1xx) \
                 responses before its answer"
            ),
        );
    }
    classify(error)
}

fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads a whole response body of at most `max` bytes. A declared length
/// over `max` fails before anything is read; the bytes are copied once, into
/// a buffer of the declared size (a body of one frame is not copied at all).
async fn read_body(
    mut body: Incoming,
    declared: Option<u64>,
    max: usize,
) -> Result<Bytes, TransportError> {
    let too_large = || {
        TransportError::new(
            TransportErrorKind::ResponseTooLarge,
            format!("the response body is larger than {max} bytes"),
        )
    };
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let io = |e: hyper::Error| TransportError::new(TransportErrorKind::Io, e);
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(io)?.into_data() else {
            continue; // trailers
        };
        let read = first.as_ref().map_or(0, Bytes::len) + buffer.len() + data.len();
        if read > max {
            return Err(too_large());
        }
        match first.take() {
            None if buffer.is_empty() => first = Some(data),
            earlier => {
                if let Some(earlier) = earlier {
                    let expected = declared.map_or(0, |n| n as usize).max(read);
                    buffer.reserve_exact(expected);
                    buffer.extend_from_slice(&earlier);
                }
                buffer.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| Bytes::from(buffer)))
}

enum Either<L, R> {
    Left(L),
    Right(R),
}

/// Whichever of two futures finishes first (tokio's `select!` without the
/// `macros` feature).
async fn first_of<L: Future, R: Future>(left: L, right: R) -> Either<L::Output, R::Output> {
    let (mut left, mut right) = (std::pin::pin!(left), std::pin::pin!(right));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(value) = left.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(value));
        }
        right.as_mut().poll(cx).map(Either::Right)
    })
    .await
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
