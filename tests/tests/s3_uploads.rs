//! `PutObject` with a body read from a file as it is sent: over HTTP the
//! request is exactly the one the same bytes in memory make (which the
//! oracle case `s3_put_object_http` checks against botocore byte for byte);
//! over HTTPS it goes `aws-chunked` with its checksum in a trailer, as the
//! same bytes in memory do (oracle case `s3_put_object_https`).

mod common;

use std::time::{Duration, SystemTime};

use common::capture::Capture;
use slimaws::s3;
use slimaws_runtime::{self as runtime, ByteStream};

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

fn client(capture: &Capture, endpoint: Option<&str>) -> s3::Client {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    let mut config = runtime::Config::builder()
        .region("eu-west-1")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .time_source(move || at)
        .http_client(capture.clone());
    if let Some(url) = endpoint {
        config = config.endpoint_url(url);
    }
    s3::Client::new(&config.build())
}

async fn put(s3: &s3::Client, body: ByteStream) {
    s3.put_object()
        .bucket("my-bucket")
        .key("notes/a.txt")
        .content_type("text/plain")
        .body(body)
        .send()
        .await
        .unwrap();
}

/// The headers a signature depends on, and the body.
fn signed_parts(request: &runtime::HttpRequest) -> Vec<(String, String)> {
    let mut parts: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter(|(name, _)| !name.as_str().starts_with("amz-sdk-") && *name != "user-agent")
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
        .collect();
    parts.sort();
    parts.push((
        "body".into(),
        String::from_utf8_lossy(request.body()).into_owned(),
    ));
    parts
}

#[tokio::test]
async fn over_http_a_file_is_sent_as_its_bytes_are() {
    let file = TempFile::with("put-http", b"hello, world");
    let capture = Capture::default();
    let s3 = client(&capture, Some("http://127.0.0.1:9000"));
    put(&s3, ByteStream::from("hello, world")).await;
    put(&s3, ByteStream::from_path(&file.0).await.unwrap()).await;
    let sent = capture.0.lock().unwrap();
    assert_eq!(signed_parts(&sent[1]), signed_parts(&sent[0]));
    let sha = &sent[1].headers()["x-amz-content-sha256"];
    assert_eq!(
        sha,
        "09ca7e4eaa6e8ae9c7d261167129184883644d07dfba7cbfbc4c8a2e08360d5b"
    );
}

#[tokio::test]
async fn over_https_a_file_goes_aws_chunked_as_its_bytes_do() {
    let file = TempFile::with("put-https", b"hello, world");
    let capture = Capture::default();
    let s3 = client(&capture, None);
    put(&s3, ByteStream::from("hello, world")).await;
    put(&s3, ByteStream::from_path(&file.0).await.unwrap()).await;
    let sent = capture.0.lock().unwrap();
    assert_eq!(signed_parts(&sent[1]), signed_parts(&sent[0]));
    let headers = sent[1].headers();
    assert_eq!(
        headers["x-amz-content-sha256"],
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    );
    assert_eq!(headers["x-amz-decoded-content-length"], "12");
    // botocore's body for these bytes (oracle case `s3_put_object_https`).
    assert_eq!(
        &sent[1].body()[..],
        b"c\r\nhello, world\r\n0\r\nx-amz-checksum-crc32:/6tyOg==\r\n\r\n"
    );
    assert_eq!(
        sent[1].uri().to_string(),
        "https://my-bucket.s3.eu-west-1.amazonaws.com/notes/a.txt"
    );
}
