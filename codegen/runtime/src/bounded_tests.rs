//! Bounded work against hostile or stalled servers on 127.0.0.1: the
//! per-host connection limit, floods of informational responses, the
//! response size cap set on `Config`, and the operation timeout.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::*;

type Handler = Arc<dyn Fn(TcpStream) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Accepts connections on 127.0.0.1 and gives each to `handler`.
async fn server(handler: Handler) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(handler(tcp));
        }
    });
    url
}

/// Reads one request head (and a body of its Content-Length); false at EOF.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if buf.len() >= end + 4 + length {
                return true;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn get(client: &DefaultHttpClient, url: &str) -> Result<HttpResponse, TransportError> {
    let request = http::Request::get(url).body(bytes::Bytes::new()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), client.send(request))
        .await
        .expect("no answer within 5 s")
}

/// Eight concurrent requests through a client limited to two connections
/// to the host: all are answered, over at most two connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_connections_per_host_are_limited() {
    let open = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(AtomicUsize::new(0));
    let (o, m, a) = (open.clone(), most.clone(), accepted.clone());
    let url = server(Arc::new(move |mut tcp| {
        let (open, most) = (o.clone(), m.clone());
        a.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            let now = open.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            while read_request(&mut tcp).await {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                if tcp.write_all(reply).await.is_err() {
                    break;
                }
            }
            open.fetch_sub(1, Ordering::SeqCst);
        })
    }))
    .await;
    let client = Arc::new(
        DefaultHttpClient::new(Duration::from_secs(2))
            .unwrap()
            .with_max_connections_per_host(2),
    );
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move { get(&client, &url).await.map(|r| r.into_body()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), "ok");
    }
    assert!(most.load(Ordering::SeqCst) <= 2, "{most:?} open at once");
    assert!(
        accepted.load(Ordering::SeqCst) <= 2,
        "{accepted:?} connections"
    );
}

/// Writes `count` informational responses (forever when `None`), then,
/// when `count` is given, the final answer.
fn informational_server(count: Option<usize>) -> Handler {
    Arc::new(move |mut tcp| {
        Box::pin(async move {
            if !read_request(&mut tcp).await {
                return;
            }
            let mut sent = 0;
            while count.is_none_or(|count| sent < count) {
                if tcp
                    .write_all(b"HTTP/1.1 102 Processing\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                sent += 1;
            }
            let _ = tcp
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\ndone")
                .await;
            let _ = read_request(&mut tcp).await;
        })
    })
}

#[tokio::test]
async fn a_flood_of_informational_responses_ends_the_attempt() {
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let url = server(informational_server(Some(3))).await;
    assert_eq!(get(&client, &url).await.unwrap().into_body(), "done");
    let url = server(informational_server(None)).await;
    let error = get(&client, &url).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert!(
        error
            .to_string()
            .contains("more than 16 informational (1xx) responses"),
        "{error}"
    );
}

/// Answers every request with a body of `size` bytes, chunked in pieces
/// (no Content-Length) or declared.
fn body_server(size: usize, chunked: bool) -> Handler {
    Arc::new(move |mut tcp| {
        Box::pin(async move {
            while read_request(&mut tcp).await {
                let body = vec![b'x'; size];
                let reply = if chunked {
                    let mut reply =
                        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
                    for piece in body.chunks(100) {
                        reply.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                        reply.extend_from_slice(piece);
                        reply.extend_from_slice(b"\r\n");
                    }
                    reply.extend_from_slice(b"0\r\n\r\n");
                    reply
                } else {
                    let mut reply =
                        format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n").into_bytes();
                    reply.extend_from_slice(&body);
                    reply
                };
                if tcp.write_all(&reply).await.is_err() {
                    return;
                }
            }
        })
    })
}

/// The cap set on `Config` reaches the default client; bodies in many
/// chunks within the cap arrive whole, larger ones fail, declared or not,
/// for every one of several concurrent calls.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_response_cap_is_set_on_config_and_holds_for_concurrent_calls() {
    let client = DefaultHttpClient::new(Duration::from_secs(2))
        .unwrap()
        .with_max_response_bytes(1000);
    let url = server(body_server(1000, true)).await;
    assert_eq!(get(&client, &url).await.unwrap().into_body().len(), 1000);

    for chunked in [true, false] {
        let url = server(body_server(5000, chunked)).await;
        let config = Config::builder()
            .region("us-east-1")
            .static_credentials("AKID", "SECRET", None)
            .endpoint_url(url)
            .max_response_bytes(1000)
            .build();
        let handle = Handle::new(&config, &loopback_tests::SERVICE);
        let calls: Vec<_> = (0..6)
            .map(|_| {
                let handle = handle.clone();
                tokio::spawn(async move { failing_call(&handle).await })
            })
            .collect();
        for call in calls {
            let error = call.await.unwrap();
            assert!(error.contains("larger than 1000 bytes"), "{error}");
        }
    }
}

/// A call of the loopback operation that must fail; its error text.
async fn failing_call(handle: &Handle) -> String {
    let result = handle
        .invoke(
            &loopback_tests::OP,
            loopback_tests::request("{}"),
            InvokeContext::default(),
        )
        .await;
    result.map(|_| ()).unwrap_err().to_string()
}

/// A server that never answers costs the operation timeout, not
/// attempts x attempt timeout.
#[tokio::test]
async fn the_operation_timeout_bounds_every_attempt_and_backoff() {
    let url = server(Arc::new(|mut tcp| {
        Box::pin(async move {
            let _ = read_request(&mut tcp).await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        })
    }))
    .await;
    let config = Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url(url)
        .max_attempts(3)
        .operation_attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Some(Duration::from_millis(300)))
        .build();
    let started = Instant::now();
    let error = failing_call(&Handle::new(&config, &loopback_tests::SERVICE)).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        error.contains("DoThing: no answer within the operation timeout of 300ms"),
        "{error}"
    );
    assert_eq!(
        Config::builder().build().operation_timeout(),
        Some(DEFAULT_OPERATION_TIMEOUT)
    );
}
