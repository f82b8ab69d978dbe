//! Streamed request bodies through `Handle::invoke` and the default client,
//! against the loopback server of `loopback_tests`: a file is sent as it is
//! read and signed exactly as the same bytes in memory, read again for a
//! retry; a stream that cannot be read twice is sent once, and refused
//! where its checksum would have to be read ahead.

use std::time::{Duration, SystemTime};

use super::loopback_tests::{request, Reply, Server, OP, SERVICE};
use super::*;

/// An operation that requires a checksum (CRC32, read ahead).
static CHECKSUMMED: OperationSpec = OperationSpec {
    name: "PutThing",
    service: &SERVICE,
    request_compression: &[],
    request_compression_any_size: false,
    request_checksum_required: true,
    checksum_algorithm_header: None,
    checksum_mode_header: None,
    response_checksum_algorithms: &[],
    success_may_be_error: false,
    unsigned: false,
};

fn content() -> Vec<u8> {
    (0..300_000u32).map(|i| (i % 241) as u8).collect()
}

/// A file holding `bytes`, removed when the test ends.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn with(name: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("slimaws-{name}-{}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn handle(server: &Server) -> Handle {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    let config = server.config().time_source(move || at).build();
    Handle::new(&config, &SERVICE)
}

fn streamed(body: ByteStream) -> InvokeContext {
    InvokeContext {
        body: Some(body),
        ..InvokeContext::default()
    }
}

#[tokio::test]
async fn a_file_is_signed_as_its_bytes_in_memory_and_read_again_for_a_retry() {
    let file = TempFile::with("upload", &content());
    let replies = [
        Reply::Status(200, "{}"),
        Reply::Status(503, "{}"),
        Reply::Status(200, "{}"),
    ];
    let server = Server::start(&replies).await;
    let handle = handle(&server);
    let in_memory = request("");
    let in_memory = in_memory.map(|_| content());
    handle
        .invoke(&CHECKSUMMED, in_memory, InvokeContext::default())
        .await
        .unwrap();
    let body = ByteStream::from_path(&file.0).await.unwrap();
    let response = handle
        .invoke(&CHECKSUMMED, request(""), streamed(body))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let seen = server.seen();
    assert_eq!(seen.len(), 3, "one in memory, two attempts from the file");
    for sent in &seen[1..] {
        assert_eq!(sent.body, content());
        for name in ["content-length", "x-amz-checksum-crc32", "authorization"] {
            assert_eq!(sent.header(name), seen[0].header(name), "{name}");
        }
    }
}

/// Signed as botocore's `S3SigV4Auth`.
static S3_LIKE: ServiceSpec = ServiceSpec {
    signing_name: "s3",
    ..SERVICE
};

/// Takes a checksum algorithm (CRC32 by default), as S3's `PutObject`.
static S3_PUT: OperationSpec = OperationSpec {
    service: &S3_LIKE,
    checksum_algorithm_header: Some("x-amz-sdk-checksum-algorithm"),
    ..OP
};

/// Answers every request `503` and keeps them.
#[derive(Clone, Debug, Default)]
struct Unavailable(std::sync::Arc<std::sync::Mutex<Vec<HttpRequest>>>);

impl HttpClient for Unavailable {
    fn send(
        &self,
        request: HttpRequest,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<HttpResponse, TransportError>> + Send + '_>,
    > {
        self.0.lock().unwrap().push(request);
        let response = http::Response::builder()
            .status(503)
            .body(bytes::Bytes::new());
        Box::pin(async move { Ok(response.unwrap()) })
    }
}

/// An S3-like handle sending over HTTPS to `client`.
fn https_handle(client: &Unavailable, calculation: RequestChecksumCalculation) -> Handle {
    let config = Config::builder()
        .region("us-west-2")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .endpoint_url("https://example.com")
        .retry_base_delay(Duration::from_millis(1))
        .request_checksum_calculation(calculation)
        .http_client(client.clone())
        .build();
    Handle::new(&config, &S3_LIKE)
}

fn one_off(bytes: &'static str) -> ByteStream {
    ByteStream::from_body(http_body_util::Full::new(bytes::Bytes::from(bytes)))
}

#[tokio::test]
async fn over_https_the_checksum_is_an_aws_chunked_trailer_and_a_one_off_stream_goes_once() {
    let client = Unavailable::default();
    let handle = https_handle(&client, RequestChecksumCalculation::WhenSupported);
    let response = handle
        .invoke(&S3_PUT, request(""), streamed(one_off("abc")))
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        503,
        "the failure as it came, not retried"
    );
    let sent = client.0.lock().unwrap();
    assert_eq!(sent.len(), 1);
    // botocore's `AwsChunkedWrapper` encoding, CRC32 of `abc` in the trailer.
    let body = b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n";
    assert_eq!(&sent[0].body()[..], body);
    let headers = sent[0].headers();
    assert_eq!(headers.get("content-length"), None);
    for (name, value) in [
        ("transfer-encoding", "chunked"),
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "3"),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
        ("x-amz-sdk-checksum-algorithm", "CRC32"),
        ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
    ] {
        assert_eq!(headers[name], value, "{name}");
    }
    let authorization = headers["authorization"].to_str().unwrap();
    assert!(
        authorization.contains("SignedHeaders=content-encoding;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-sdk-checksum-algorithm;x-amz-target;x-amz-trailer,"),
        "{authorization}"
    );
}

#[tokio::test]
async fn a_callers_own_checksum_over_https_needs_the_sha256_read_ahead() {
    // botocore signs the payload's SHA-256 then, so a one-off stream is refused.
    let client = Unavailable::default();
    let handle = https_handle(&client, RequestChecksumCalculation::WhenSupported);
    let mut with_checksum = request("");
    let crc32 = http::HeaderValue::from_static("NSRBwg==");
    with_checksum
        .headers_mut()
        .insert("x-amz-checksum-crc32", crc32);
    let error = handle
        .invoke(&S3_PUT, with_checksum, streamed(one_off("abc")))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("its SHA-256 must be known"),
        "{error}"
    );
    assert!(client.0.lock().unwrap().is_empty(), "nothing sent");
}

#[tokio::test]
async fn a_content_md5_over_https_with_no_checksum_to_compute_is_unsigned() {
    let client = Unavailable::default();
    let handle = https_handle(&client, RequestChecksumCalculation::WhenRequired);
    let mut with_md5 = request("");
    let md5 = http::HeaderValue::from_static("kAFQmDzST7DWlj99KOF/cg==");
    with_md5.headers_mut().insert("content-md5", md5);
    handle
        .invoke(&S3_PUT, with_md5, streamed(one_off("abc")))
        .await
        .unwrap();
    let sent = client.0.lock().unwrap();
    assert_eq!(sent.len(), 1, "a one-off stream: not retried");
    assert_eq!(&sent[0].body()[..], b"abc");
    assert_eq!(sent[0].headers()["content-length"], "3");
    assert_eq!(
        sent[0].headers()["x-amz-content-sha256"],
        "UNSIGNED-PAYLOAD"
    );
}

#[tokio::test]
async fn the_default_client_sends_an_aws_chunked_body_with_chunked_transfer() {
    let server = Server::start(&[Reply::Status(200, "{}")]).await;
    let client = crate::default_client::DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let content = content();
    let body = ByteStream::from_body(crate::aws_chunked::AwsChunked::new(
        ByteStream::from(content.clone()),
        content.len() as u64,
        crate::checksum::Algorithm::Crc32,
    ));
    let request = http::Request::put(format!("http://{}/k", server.addr))
        .header("transfer-encoding", "chunked")
        .header("content-encoding", "aws-chunked")
        .body(body)
        .unwrap();
    let response = client.send_streaming(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let seen = server.seen();
    assert_eq!(seen[0].header("content-length"), None);
    assert_eq!(seen[0].header("transfer-encoding"), Some("chunked"));
    let mut want = format!("{:x}\r\n", content.len()).into_bytes();
    want.extend_from_slice(&content);
    let crc = crate::proto::encode::base64(&crc32fast::hash(&content).to_be_bytes());
    want.extend_from_slice(format!("\r\n0\r\nx-amz-checksum-crc32:{crc}\r\n\r\n").as_bytes());
    assert!(seen[0].body == want, "the aws-chunked body, as sent");
}

#[tokio::test]
async fn a_checksum_cannot_be_read_ahead_from_a_one_off_stream() {
    let server = Server::start(&[]).await;
    let handle = handle(&server);
    let one_off = ByteStream::from_body(http_body_util::Full::new(bytes::Bytes::from("abc")));
    let error = handle
        .invoke(&CHECKSUMMED, request(""), streamed(one_off))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Construction);
    assert!(
        error.to_string().contains("cannot be read twice"),
        "{error}"
    );
    assert!(server.seen().is_empty(), "nothing sent");
}

#[tokio::test]
async fn a_stream_of_unknown_length_is_refused() {
    let server = Server::start(&[]).await;
    let handle = handle(&server);
    let unknown = ByteStream::from_body(Undeclared(Some(bytes::Bytes::from("abc"))));
    let error = handle
        .invoke(&OP, request(""), streamed(unknown))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("needs a known length"),
        "{error}"
    );
    assert!(server.seen().is_empty());
}

/// One piece of body, whose length it does not declare.
struct Undeclared(Option<bytes::Bytes>);

impl hyper::body::Body for Undeclared {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, Self::Error>>> {
        std::task::Poll::Ready(self.0.take().map(|b| Ok(hyper::body::Frame::data(b))))
    }
}
