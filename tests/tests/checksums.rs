//! Flexible checksums through the generated S3 operations: `GetObject`
//! asks for response validation and a body that does not match its
//! `x-amz-checksum-*` header is an error, as botocore's
//! `handle_checksum_body`; `PutObject` sends CRC32 unless told otherwise.
//! (The requests' bytes are compared with botocore's in the oracle cases
//! `s3_get_object`, `s3_put_object_http`, `s3_put_object_sha256` and the
//! `s3_put_object_https*` ones.)

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use slimaws::s3;
use slimaws_runtime::{self as runtime, ErrorKind, ResponseChecksumValidation};

/// Answers every request with `body` and `x-amz-checksum-crc32: crc32`, and keeps the requests.
#[derive(Clone, Debug)]
struct Object {
    body: &'static [u8],
    crc32: &'static str,
    sent: Arc<Mutex<Vec<runtime::HttpRequest>>>,
}

impl runtime::HttpClient for Object {
    fn send(
        &self,
        request: runtime::HttpRequest,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<runtime::HttpResponse, runtime::TransportError>> + Send + '_,
        >,
    > {
        self.sent.lock().unwrap().push(request);
        let response = runtime::http::Response::builder()
            .header("x-amz-checksum-crc32", self.crc32)
            .body(runtime::bytes::Bytes::from_static(self.body))
            .unwrap();
        Box::pin(async { Ok(response) })
    }
}

fn client(object: &Object, validation: ResponseChecksumValidation) -> s3::Client {
    let config = runtime::Config::builder()
        .region("eu-west-1")
        .static_credentials("AKID", "SECRET", None)
        .http_client(object.clone())
        .max_attempts(1)
        .response_checksum_validation(validation)
        .build();
    s3::Client::new(&config)
}

fn object(body: &'static [u8], crc32: &'static str) -> Object {
    Object {
        body,
        crc32,
        sent: Arc::default(),
    }
}

#[tokio::test]
async fn get_object_checks_the_body_against_its_checksum() {
    let good = object(b"abc", "NSRBwg==");
    let got = client(&good, ResponseChecksumValidation::WhenSupported)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap();
    assert_eq!(got.body.unwrap().collect().await.unwrap(), &b"abc"[..]);
    assert_eq!(
        good.sent.lock().unwrap()[0].headers()["x-amz-checksum-mode"],
        "ENABLED"
    );

    let damaged = object(b"abd", "NSRBwg==");
    let err = client(&damaged, ResponseChecksumValidation::WhenSupported)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    let s3::operation::get_object::GetObjectError::Unhandled(e) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(e.kind(), ErrorKind::Response);
    assert!(
        err.to_string()
            .contains("Expected checksum NSRBwg== did not match calculated checksum: q0DUYQ=="),
        "{err}"
    );

    // Not asked for, not checked.
    let unchecked = client(&damaged, ResponseChecksumValidation::WhenRequired)
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap();
    assert_eq!(
        unchecked.body.unwrap().collect().await.unwrap(),
        &b"abd"[..]
    );
    assert!(damaged.sent.lock().unwrap()[1]
        .headers()
        .get("x-amz-checksum-mode")
        .is_none());
}

#[tokio::test]
async fn put_object_sends_crc32_by_default() {
    let server = object(b"", "AAAAAA==");
    client(&server, ResponseChecksumValidation::WhenSupported)
        .put_object()
        .bucket("b")
        .key("k")
        .body(runtime::Blob::new(b"abc".to_vec()))
        .send()
        .await
        .unwrap();
    let sent = server.sent.lock().unwrap();
    // Over HTTPS, in an aws-chunked trailer (botocore's
    // `_apply_request_trailer_checksum`).
    assert_eq!(
        &sent[0].body()[..],
        b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n"
    );
    let headers = sent[0].headers();
    assert_eq!(headers["x-amz-trailer"], "x-amz-checksum-crc32");
    assert_eq!(headers["x-amz-sdk-checksum-algorithm"], "CRC32");
    assert_eq!(headers["x-amz-decoded-content-length"], "3");
    assert_eq!(headers["expect"], "100-continue");
    assert_eq!(
        headers["x-amz-content-sha256"],
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    );
}
