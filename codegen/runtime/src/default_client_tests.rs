//! The default client against servers on 127.0.0.1: connection reuse, a
//! pooled connection the server closed, HTTPS with a trusted certificate,
//! and TLS failures.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

use super::default_client::DefaultHttpClient;
use super::transport::{HttpClient, TransportErrorKind};

const CERT: &[u8] = include_bytes!("testdata/localhost.cert.pem");
const KEY: &[u8] = include_bytes!("testdata/localhost.key.pem");

/// How the test server treats a connection after answering.
#[derive(Clone, Copy)]
enum AfterReply {
    KeepOpen,
    /// Answer with `Connection: close` and close.
    Close,
    /// Answer normally (keep-alive), then close the connection silently.
    DropSilently,
}

/// Serves `ok-<n>` to every request and counts accepted connections.
async fn server(tls: bool, after: AfterReply) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    let acceptor = tls.then(tls_acceptor);
    tokio::spawn(async move {
        let served = Arc::new(AtomicUsize::new(0));
        while let Ok((tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let served = served.clone();
            match &acceptor {
                Some(acceptor) => {
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        if let Ok(stream) = acceptor.accept(tcp).await {
                            answer(stream, after, served).await;
                        }
                    });
                }
                None => {
                    tokio::spawn(answer(tcp, after, served));
                }
            }
        }
    });
    (port, accepted)
}

async fn answer<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    after: AfterReply,
    served: Arc<AtomicUsize>,
) {
    let mut buf = Vec::new();
    loop {
        // Requests here have no body: a request ends with its blank line.
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            let mut chunk = [0u8; 1024];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        buf.drain(..end);
        let body = format!("ok-{}", served.fetch_add(1, Ordering::SeqCst) + 1);
        let close = matches!(after, AfterReply::Close);
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n{}\r\n{body}",
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
        let _ = stream.flush().await;
        if !matches!(after, AfterReply::KeepOpen) {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

// ring's provider, as the client's (see `DefaultHttpClient::with_roots`).
#[allow(deprecated)]
fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    let cert = CertificateDer::from_pem_slice(CERT).unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

fn trusting_test_cert() -> DefaultHttpClient {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(CERT).unwrap())
        .unwrap();
    DefaultHttpClient::with_roots(Duration::from_secs(2), roots).unwrap()
}

async fn get(client: &DefaultHttpClient, url: &str) -> Result<String, super::TransportError> {
    let request = http::Request::get(url).body(bytes::Bytes::new()).unwrap();
    let response = tokio::time::timeout(Duration::from_secs(5), client.send(request))
        .await
        .expect("no answer within 5 s")?;
    assert_eq!(response.status(), 200);
    Ok(String::from_utf8(response.body().to_vec()).unwrap())
}

#[tokio::test]
async fn sequential_requests_share_one_connection() {
    let (port, accepted) = server(false, AfterReply::KeepOpen).await;
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let url = format!("http://127.0.0.1:{port}/a?b=c");
    for n in 1..=3 {
        assert_eq!(get(&client, &url).await.unwrap(), format!("ok-{n}"));
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn connection_close_is_honoured() {
    let (port, accepted) = server(false, AfterReply::Close).await;
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let url = format!("http://127.0.0.1:{port}/");
    assert_eq!(get(&client, &url).await.unwrap(), "ok-1");
    assert_eq!(get(&client, &url).await.unwrap(), "ok-2");
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_pooled_connection_the_server_dropped_is_replaced() {
    let (port, accepted) = server(false, AfterReply::DropSilently).await;
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let url = format!("http://127.0.0.1:{port}/");
    assert_eq!(get(&client, &url).await.unwrap(), "ok-1");
    // The server has closed its side; the pooled connection is stale.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(get(&client, &url).await.unwrap(), "ok-2");
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn https_with_a_trusted_certificate_and_reuse() {
    let (port, accepted) = server(true, AfterReply::KeepOpen).await;
    let client = trusting_test_cert();
    for host in ["localhost", "127.0.0.1"] {
        let url = format!("https://{host}:{port}/");
        assert!(get(&client, &url).await.unwrap().starts_with("ok-"));
        assert!(get(&client, &url).await.unwrap().starts_with("ok-"));
    }
    // One connection per host name (they are different pool keys).
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error() {
    let (port, _) = server(true, AfterReply::KeepOpen).await;
    // Mozilla's roots do not include the test certificate.
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let error = get(&client, &format!("https://localhost:{port}/"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn refused_connections_and_bad_urls() {
    // Bind and drop to get a port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let error = get(&client, &format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert!(error.is_retryable());

    let error = get(&client, "ftp://127.0.0.1/").await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Other, "{error}");
}
