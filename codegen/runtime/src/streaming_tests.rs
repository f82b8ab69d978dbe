//! Streamed response bodies: `ByteStream` itself, and `Handle::invoke_streaming`
//! through the default client against a server on 127.0.0.1 that sends its
//! bodies in pieces, stalls, fails, or lies about a checksum.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::*;
use crate::loopback_tests::{request, SERVICE};

/// A streaming operation: its output is read as the caller pulls it.
static STREAMED: OperationSpec = OperationSpec {
    name: "GetThing",
    service: &SERVICE,
    request_compression: &[],
    request_compression_any_size: false,
    request_checksum_required: false,
    checksum_algorithm_header: None,
    checksum_mode_header: Some("x-amz-checksum-mode"),
    response_checksum_algorithms: &["crc32"],
    success_may_be_error: false,
    unsigned: false,
};

/// What the server answers to each request, in turn.
#[derive(Clone)]
enum Answer {
    /// `200` with a body of `len` bytes (`i % 251`), written in 16 KiB
    /// pieces, with an `x-amz-checksum-crc32` of `checksum` if given.
    Body {
        len: usize,
        checksum: Option<String>,
    },
    /// `200` declaring `len` bytes, sending half, then nothing.
    Stall { len: usize },
    /// An error status with a JSON body.
    Error(u16),
}

fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn crc32_of(bytes: &[u8]) -> String {
    crate::proto::encode::base64(&crc32fast::hash(bytes).to_be_bytes())
}

/// Starts the server; counts the connections it accepts.
async fn serve(answers: Vec<Answer>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let (count, answers) = (accepted.clone(), Arc::new(std::sync::Mutex::new(answers)));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer_each(stream, answers.clone()));
        }
    });
    (url, accepted)
}

async fn answer_each(mut stream: TcpStream, answers: Arc<std::sync::Mutex<Vec<Answer>>>) {
    let mut buf = Vec::new();
    loop {
        // The requests here have empty bodies: each ends with its blank line.
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        buf.drain(..end);
        let next = {
            let mut answers = answers.lock().unwrap();
            (!answers.is_empty()).then(|| answers.remove(0))
        };
        let ok = match next.unwrap_or(Answer::Error(500)) {
            Answer::Body { len, checksum } => {
                let sum =
                    checksum.map_or(String::new(), |c| format!("x-amz-checksum-crc32: {c}\r\n"));
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n{sum}\r\n");
                write_in_pieces(&mut stream, head.as_bytes(), &content(len)).await
            }
            Answer::Stall { len } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n\r\n");
                let _ = write_in_pieces(&mut stream, head.as_bytes(), &content(len / 2)).await;
                std::future::pending::<()>().await;
                false
            }
            Answer::Error(status) => {
                let body = r#"{"__type":"InternalFailure","message":"try later"}"#;
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.0\r\n\
                     Content-Length: {}\r\n\r\n",
                    body.len()
                );
                write_in_pieces(&mut stream, head.as_bytes(), body.as_bytes()).await
            }
        };
        if !ok {
            return;
        }
    }
}

async fn write_in_pieces(stream: &mut TcpStream, head: &[u8], body: &[u8]) -> bool {
    if stream.write_all(head).await.is_err() {
        return false;
    }
    for piece in body.chunks(16 << 10) {
        if stream.write_all(piece).await.is_err() {
            return false;
        }
        stream.flush().await.ok();
    }
    true
}

fn handle(url: &str, tweak: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Handle {
    let config = Config::builder()
        .region("us-west-2")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .endpoint_url(url)
        .retry_base_delay(Duration::from_millis(1))
        .operation_attempt_timeout(Duration::from_secs(5));
    Handle::new(&tweak(config).build(), &SERVICE)
}

#[tokio::test]
async fn in_memory_streams_hand_out_their_bytes_once() {
    let mut stream = ByteStream::from("abc");
    assert_eq!(stream.content_length(), Some(3));
    assert_eq!(stream.as_buffered(), Some(&b"abc"[..]));
    assert_eq!(format!("{stream:?}"), "ByteStream(3 bytes in memory)");
    assert_eq!(stream.next().await.unwrap().unwrap(), "abc");
    assert!(stream.next().await.is_none());
    assert_eq!(stream.content_length(), Some(0));
    assert_eq!(
        ByteStream::from(vec![1, 2]).collect().await.unwrap(),
        vec![1, 2]
    );
    assert!(ByteStream::default().next().await.is_none());
    let mut read = Vec::new();
    ByteStream::from("xyz")
        .into_async_read()
        .read_to_end(&mut read)
        .await
        .unwrap();
    assert_eq!(read, b"xyz");
}

/// A body larger than the cap on whole bodies streams in pieces, and its
/// connection serves the next call once it has been read.
#[tokio::test]
async fn a_streamed_body_has_no_cap_and_returns_its_connection() {
    let len = 1 << 20;
    let body = |checksum| Answer::Body { len, checksum };
    let (url, accepted) = serve(vec![body(None), body(Some(crc32_of(&content(len))))]).await;
    let handle = handle(&url, |c| c.max_response_bytes(64 << 10));
    let response = handle
        .invoke_streaming(&STREAMED, request(""), InvokeContext::default())
        .await
        .unwrap();
    let mut body = response.into_body();
    assert!(body.as_buffered().is_none(), "{body:?}");
    assert_eq!(body.content_length(), Some(len as u64));
    let (mut pieces, mut read) = (0, Vec::new());
    while let Some(piece) = body.next().await {
        pieces += 1;
        read.extend_from_slice(&piece.unwrap());
    }
    assert!(pieces > 1, "read in one piece");
    assert_eq!(read, content(len));

    let response = handle
        .invoke_streaming(&STREAMED, request(""), InvokeContext::default())
        .await
        .unwrap();
    assert_eq!(response.into_body().collect().await.unwrap(), content(len));
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one connection for both"
    );
}

#[tokio::test]
async fn a_stalled_body_fails_the_read_after_the_attempt_timeout() {
    let (url, _) = serve(vec![Answer::Stall { len: 64 << 10 }]).await;
    let handle = handle(&url, |c| {
        c.operation_attempt_timeout(Duration::from_millis(300))
    });
    let response = handle
        .invoke_streaming(&STREAMED, request(""), InvokeContext::default())
        .await
        .unwrap();
    let error = response.into_body().collect().await.unwrap_err();
    assert_eq!(error.kind(), ByteStreamErrorKind::Timeout, "{error}");
}

/// Error statuses are retried, and the last one comes back read whole for
/// the deserializer.
#[tokio::test]
async fn errors_of_a_streaming_operation_are_read_whole() {
    let (url, _) = serve(vec![
        Answer::Error(500),
        Answer::Error(500),
        Answer::Error(500),
    ])
    .await;
    let handle = handle(&url, |c| c);
    let response = handle
        .invoke_streaming(&STREAMED, request(""), InvokeContext::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    let body = response.body().as_buffered().expect("read whole");
    assert!(body.starts_with(br#"{"__type":"InternalFailure""#));
}

#[cfg(feature = "flexible-checksums")]
#[tokio::test]
async fn a_checksum_mismatch_fails_the_last_read() {
    let wrong = crc32_of(b"something else");
    let (url, _) = serve(vec![Answer::Body {
        len: 100_000,
        checksum: Some(wrong),
    }])
    .await;
    let handle = handle(&url, |c| c);
    let response = handle
        .invoke_streaming(&STREAMED, request(""), InvokeContext::default())
        .await
        .unwrap();
    let mut body = response.into_body();
    let mut read = 0;
    let error = loop {
        match body.next().await.expect("the error comes before the end") {
            Ok(piece) => read += piece.len(),
            Err(e) => break e,
        }
    };
    assert_eq!(read, 100_000, "every byte before the verdict");
    assert_eq!(
        error.kind(),
        ByteStreamErrorKind::ChecksumMismatch,
        "{error}"
    );
}
