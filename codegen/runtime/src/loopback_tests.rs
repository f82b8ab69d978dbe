//! `Handle::invoke` against a tiny HTTP/1.1 server on 127.0.0.1: retries,
//! identification headers, timeouts and transport errors, through the
//! default hyper client.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::*;

/// Returns the `Endpoint` parameter as the URL, and fails without one.
const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Region": {"builtIn": "AWS::Region", "required": false, "documentation": "r", "type": "String"},
    "UseDualStack": {"builtIn": "AWS::UseDualStack", "required": true, "default": false, "documentation": "d", "type": "Boolean"},
    "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "f", "type": "Boolean"},
    "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "documentation": "e", "type": "String"}
  },
  "rules": [
    {
      "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
      "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}},
      "type": "endpoint"
    },
    {"conditions": [], "error": "an Endpoint is required", "type": "error"}
  ]
}"#;

pub(super) static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Loop Back",
    signing_name: "loopback",
    protocol: Protocol::AwsJson1_0,
    endpoint_rules: RULES,
    partitions: include_str!("../../../models/partitions.json"),
    api_version: "2024-01-01",
    client_context_params: &[],
};

pub(super) static OP: OperationSpec = OperationSpec {
    name: "DoThing",
    service: &SERVICE,
    request_compression: &[],
    request_compression_any_size: false,
    request_checksum_required: false,
    checksum_algorithm_header: None,
    checksum_mode_header: None,
    response_checksum_algorithms: &[],
    success_may_be_error: false,
    unsigned: false,
};

#[derive(Clone, Copy)]
pub(super) enum Reply {
    Status(u16, &'static str),
    /// Read the request, never answer.
    Hang,
}

/// One request as the server read it.
pub(super) struct Seen {
    pub(super) head: String,
    pub(super) body: Vec<u8>,
}

impl Seen {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.head.split("\r\n").skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

pub(super) struct Server {
    pub(super) addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub(super) async fn start(replies: &[Reply]) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(replies.iter().copied().collect::<VecDeque<_>>()));
        let (s, r) = (seen.clone(), replies.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, s.clone(), r.clone()));
            }
        });
        Server { addr, seen }
    }

    pub(super) fn config(&self) -> ConfigBuilder {
        Config::builder()
            .region("us-west-2")
            .static_credentials("AKIDEXAMPLE", "SECRET", Some("TOKEN".into()))
            .endpoint_url(format!("http://{}", self.addr))
            .retry_base_delay(Duration::from_millis(1))
            .operation_attempt_timeout(Duration::from_secs(5))
    }

    pub(super) fn seen(&self) -> std::sync::MutexGuard<'_, Vec<Seen>> {
        self.seen.lock().unwrap()
    }
}

async fn serve(
    mut stream: TcpStream,
    seen: Arc<Mutex<Vec<Seen>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
) {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if !read_more(&mut stream, &mut buf).await {
                return;
            }
        };
        let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
        let mut request = Seen {
            head,
            body: Vec::new(),
        };
        buf.drain(..head_end);
        let chunked = request.header("transfer-encoding") == Some("chunked");
        request.body = if chunked {
            match read_chunked(&mut stream, &mut buf).await {
                Some(body) => body,
                None => return,
            }
        } else {
            let len: usize = request
                .header("content-length")
                .map_or(0, |v| v.parse().unwrap());
            while buf.len() < len {
                if !read_more(&mut stream, &mut buf).await {
                    return;
                }
            }
            buf.drain(..len).collect()
        };
        seen.lock().unwrap().push(request);
        let reply = replies.lock().unwrap().pop_front();
        match reply.unwrap_or(Reply::Status(500, "{}")) {
            Reply::Hang => std::future::pending::<()>().await,
            Reply::Status(status, body) => {
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.0\r\n\
                     x-amzn-RequestId: req-{status}\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// A body sent with `Transfer-Encoding: chunked`, decoded (no trailers).
async fn read_chunked(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                break i;
            }
            if !read_more(stream, buf).await {
                return None;
            }
        };
        let size = std::str::from_utf8(&buf[..line_end]).ok()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        while buf.len() < line_end + 2 + size + 2 {
            if !read_more(stream, buf).await {
                return None;
            }
        }
        body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
        buf.drain(..line_end + 2 + size + 2);
        if size == 0 {
            return Some(body);
        }
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

pub(super) fn request(body: &str) -> http::Request<Vec<u8>> {
    http::Request::post("/")
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "LoopBack.DoThing")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[tokio::test]
async fn retries_a_503_and_succeeds() {
    let server =
        Server::start(&[Reply::Status(503, "{}"), Reply::Status(200, r#"{"ok":1}"#)]).await;
    let handle = Handle::new(&server.config().build(), &SERVICE);
    let response = handle
        .invoke(&OP, request(r#"{"Name":"x"}"#), InvokeContext::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(&response.body()[..], br#"{"ok":1}"#);

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert_eq!(seen[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
    let id = seen[0].header("amz-sdk-invocation-id").unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(seen[1].header("amz-sdk-invocation-id"), Some(id));
    for s in seen.iter() {
        assert!(s.head.starts_with("POST / HTTP/1.1\r\n"), "{}", s.head);
        assert_eq!(s.header("host"), Some(server.addr.to_string().as_str()));
        assert_eq!(s.header("content-length"), Some("12"));
        assert_eq!(s.body, br#"{"Name":"x"}"#);
        assert_eq!(s.header("x-amz-security-token"), Some("TOKEN"));
        assert!(s.header("user-agent").unwrap().starts_with("slimaws/"));
        let auth = s.header("authorization").unwrap();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                && auth.contains("/us-west-2/loopback/aws4_request")
                && auth.contains(
                    "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
                ),
            "{auth}"
        );
        // Every header line is `name: value`; no stray CR or LF anywhere.
        let lines: Vec<&str> = s.head.trim_end_matches("\r\n").split("\r\n").collect();
        for line in &lines[1..] {
            let (name, _) = line.split_once(": ").expect(line);
            assert!(
                name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "{line}"
            );
            assert!(!line.contains(['\r', '\n']), "{line:?}");
        }
    }
}

/// An operation with `requestcompression: {encodings: [gzip]}`.
#[cfg(feature = "compression")]
static GZIP_OP: OperationSpec = OperationSpec {
    name: "PutBig",
    service: &SERVICE,
    request_compression: &["gzip"],
    request_compression_any_size: false,
    request_checksum_required: false,
    checksum_algorithm_header: None,
    checksum_mode_header: None,
    response_checksum_algorithms: &[],
    success_may_be_error: false,
    unsigned: false,
};

#[cfg(feature = "compression")]
#[tokio::test]
async fn large_bodies_are_sent_gzipped_and_signed_that_way() {
    let server = Server::start(&[Reply::Status(200, "{}"), Reply::Status(200, "{}")]).await;
    let handle = Handle::new(&server.config().build(), &SERVICE);
    let big = format!(r#"{{"Data":"{}"}}"#, "metric ".repeat(2_000));
    handle
        .invoke(&GZIP_OP, request(&big), InvokeContext::default())
        .await
        .unwrap();
    let small = r#"{"Data":"x"}"#;
    handle
        .invoke(&GZIP_OP, request(small), InvokeContext::default())
        .await
        .unwrap();

    let seen = server.seen();
    let (sent_big, sent_small) = (&seen[0], &seen[1]);
    assert_eq!(sent_big.header("content-encoding"), Some("gzip"));
    let length: usize = sent_big.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, sent_big.body.len());
    assert!(length < big.len() / 10, "{length}");
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&sent_big.body[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, big);
    // Compressed before signing, so the encoding header is signed too.
    let auth = sent_big.header("authorization").unwrap();
    assert!(auth.contains("content-encoding;"), "{auth}");
    // Below 10240 bytes the body goes as it is.
    assert_eq!(sent_small.header("content-encoding"), None);
    assert_eq!(sent_small.body, small.as_bytes());
}

#[cfg(feature = "request-checksums")]
#[tokio::test]
async fn a_required_checksum_is_sent_and_signed() {
    static CHECKSUM_OP: OperationSpec = OperationSpec {
        name: "PutRules",
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
    let server = Server::start(&[Reply::Status(200, "{}")]).await;
    let handle = Handle::new(&server.config().build(), &SERVICE);
    handle
        .invoke(&CHECKSUM_OP, request("123456789"), InvokeContext::default())
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].header("x-amz-checksum-crc32"), Some("y/Q5Jg=="));
    assert_eq!(seen[0].header("content-md5"), None);
    let auth = seen[0].header("authorization").unwrap();
    assert!(auth.contains(";x-amz-checksum-crc32;"), "{auth}");
}

#[tokio::test]
async fn a_non_retryable_error_is_returned_at_once() {
    let body = r#"{"__type":"ValidationException","message":"bad"}"#;
    let server = Server::start(&[Reply::Status(400, body), Reply::Status(200, "{}")]).await;
    let handle = Handle::new(&server.config().build(), &SERVICE);
    let response = handle
        .invoke(&OP, request("{}"), InvokeContext::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "for the operation's deserializer");
    assert_eq!(&response.body()[..], body.as_bytes());
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn throttling_is_retried_until_max_attempts() {
    let body = r#"{"__type":"ThrottlingException"}"#;
    let server = Server::start(&[Reply::Status(400, body); 3]).await;
    let config = server.config().max_attempts(2).build();
    let handle = Handle::new(&config, &SERVICE);
    let response = handle
        .invoke(&OP, request("{}"), InvokeContext::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].header("amz-sdk-request"), Some("attempt=2; max=2"));
}

#[tokio::test]
async fn an_unanswered_request_times_out_per_attempt() {
    let server = Server::start(&[Reply::Hang, Reply::Hang]).await;
    let config = server
        .config()
        .max_attempts(2)
        .operation_attempt_timeout(Duration::from_millis(200))
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let started = Instant::now();
    let error = handle
        .invoke(&OP, request("{}"), InvokeContext::default())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.to_string().contains("DoThing"), "{error}");
    assert!(error.is_retryable());
    assert_eq!(server.seen().len(), 2);
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_after_retries() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    }; // closed: connections are refused
    let config = Config::builder()
        .region("us-west-2")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url(format!("http://{addr}"))
        .retry_base_delay(Duration::from_millis(1))
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let error = handle
        .invoke(&OP, request("{}"), InvokeContext::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    let source = error
        .source()
        .unwrap()
        .downcast_ref::<TransportError>()
        .unwrap();
    assert_eq!(source.kind(), TransportErrorKind::Connect, "{source}");
}

#[tokio::test]
async fn host_prefix_is_applied_and_validated() {
    let server = Server::start(&[]).await;
    let handle = Handle::new(&server.config().build(), &SERVICE);
    let ctx = InvokeContext {
        host_prefix: Some("evil.example/\r\nX-Injected: 1\r\n.".into()),
        ..InvokeContext::default()
    };
    let error = handle.invoke(&OP, request("{}"), ctx).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Construction, "{error}");
    assert!(server.seen().is_empty(), "nothing was sent");
}

/// A service whose model has no endpoint rule set.
static NO_RULES: ServiceSpec = ServiceSpec {
    service_id: "No Rules",
    endpoint_rules: "",
    ..SERVICE
};

static NO_RULES_OP: OperationSpec = OperationSpec {
    service: &NO_RULES,
    ..OP
};

#[tokio::test]
async fn a_model_without_rules_goes_to_the_endpoint_url_and_needs_one() {
    let server = Server::start(&[Reply::Status(200, "{}")]).await;
    let handle = Handle::new(&server.config().build(), &NO_RULES);
    let response = handle
        .invoke(&NO_RULES_OP, request("{}"), InvokeContext::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    {
        let seen = server.seen();
        assert_eq!(
            seen[0].header("host"),
            Some(server.addr.to_string().as_str())
        );
        assert!(seen[0]
            .header("authorization")
            .unwrap()
            .contains("/us-west-2/loopback/aws4_request"));
    }

    let config = Config::builder()
        .region("us-west-2")
        .static_credentials("AKID", "SECRET", None)
        .build();
    let error = Handle::new(&config, &NO_RULES)
        .invoke(&NO_RULES_OP, request("{}"), InvokeContext::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration, "{error}");
    assert!(
        error
            .to_string()
            .contains("the No Rules model has no endpoint rule set: set an endpoint URL"),
        "{error}"
    );
}

#[tokio::test]
async fn configuration_problems_are_errors_not_panics() {
    // No endpoint override: this rule set then answers with its error.
    let config = Config::builder()
        .region("us-west-2")
        .static_credentials("AKID", "SECRET", None)
        .build();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OP, request("{}"), InvokeContext::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration, "{error}");
    // No credentials.
    let config = Config::builder()
        .region("us-west-2")
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OP, request("{}"), InvokeContext::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration, "{error}");
    assert!(error.to_string().contains("credentials"), "{error}");
}

#[tokio::test]
async fn https_to_a_plain_server_is_a_tls_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        }
    });
    let client = DefaultHttpClient::new(Duration::from_secs(2)).unwrap();
    let request = http::Request::get(format!("https://{addr}/"))
        .body(bytes::Bytes::new())
        .unwrap();
    let sent = tokio::time::timeout(Duration::from_secs(5), client.send(request));
    let error = sent.await.unwrap().unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn responses_above_the_cap_are_errors() {
    let server = Server::start(&[Reply::Status(200, r#"{"long":"0123456789"}"#)]).await;
    let client = DefaultHttpClient::new(Duration::from_secs(2))
        .unwrap()
        .with_max_response_bytes(10);
    let request = http::Request::get(format!("http://{}/", server.addr))
        .body(bytes::Bytes::new())
        .unwrap();
    let error = client.send(request).await.unwrap_err();
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
}

/// Adaptive mode: the first throttle turns the client-side limiter on at its
/// floor of 0.5 requests a second (nothing was measured yet), so the retry
/// waits about 2 s for a token; standard mode retries after its backoff.
#[tokio::test]
async fn adaptive_mode_slows_down_after_a_throttle() {
    let throttled = r#"{"__type":"ThrottlingException"}"#;
    let replies = [Reply::Status(400, throttled), Reply::Status(200, "{}")];
    let mut elapsed = Vec::new();
    for mode in [RetryMode::Standard, RetryMode::Adaptive] {
        let server = Server::start(&replies).await;
        let config = server.config().retry_mode(mode).build();
        let handle = Handle::new(&config, &SERVICE);
        let started = Instant::now();
        let response = handle
            .invoke(&OP, request("{}"), InvokeContext::default())
            .await
            .unwrap();
        elapsed.push(started.elapsed());
        assert_eq!(response.status(), 200, "{mode:?}");
        assert_eq!(server.seen().len(), 2, "{mode:?}");
    }
    assert!(
        elapsed[0] < Duration::from_secs(1),
        "standard: {:?}",
        elapsed[0]
    );
    assert!(
        elapsed[1] >= Duration::from_millis(1900),
        "adaptive: {:?}",
        elapsed[1]
    );
    assert!(
        elapsed[1] < Duration::from_secs(4),
        "adaptive: {:?}",
        elapsed[1]
    );
}

/// Puts the `AWS::Auth::AccountId` built-in in the path, when set.
const ACCOUNT_RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Endpoint": {"builtIn": "SDK::Endpoint", "required": true, "documentation": "e", "type": "String"},
    "AccountId": {"builtIn": "AWS::Auth::AccountId", "required": false, "documentation": "a", "type": "String"}
  },
  "rules": [
    {
      "conditions": [{"fn": "isSet", "argv": [{"ref": "AccountId"}]}],
      "endpoint": {"url": "{Endpoint}/account-{AccountId}", "properties": {}, "headers": {}},
      "type": "endpoint"
    },
    {"conditions": [], "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"}
  ]
}"#;

static ACCOUNT_SERVICE: ServiceSpec = ServiceSpec {
    endpoint_rules: ACCOUNT_RULES,
    ..SERVICE
};

static ACCOUNT_OP: OperationSpec = OperationSpec {
    service: &ACCOUNT_SERVICE,
    ..OP
};

#[tokio::test]
async fn the_credentials_account_id_reaches_the_rules_per_account() {
    let server = Server::start(&[Reply::Status(200, "{}"); 3]).await;
    let keys = |account: Option<&str>| {
        let keys = Credentials::new("AKID", "SECRET", None, None, "test");
        match account {
            Some(id) => keys.with_account_id(id),
            None => keys,
        }
    };
    for account in [Some("111122223333"), None, Some("444455556666")] {
        let config = server.config().credentials_provider(keys(account)).build();
        Handle::new(&config, &ACCOUNT_SERVICE)
            .invoke(&ACCOUNT_OP, request("{}"), InvokeContext::default())
            .await
            .unwrap();
    }
    let seen = server.seen();
    let lines: Vec<&str> = seen
        .iter()
        .map(|s| s.head.lines().next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "POST /account-111122223333 HTTP/1.1",
            "POST / HTTP/1.1",
            "POST /account-444455556666 HTTP/1.1"
        ]
    );
}
