//! The `rpcv2` golden fixture (smithy-rpc-v2-cbor, query-compatible)
//! through the whole client: `send().await` against a capturing HTTP
//! client. The request's path, protocol headers and CBOR body must be the
//! bytes botocore 1.44.5 sends, the response botocore's CBOR parsed as
//! botocore parses it, and errors typed by `__type` or, query-compatibly,
//! `x-amzn-query-error`. botocore's answers: `tests/data/rpcv2/botocore.json`,
//! made by `tests/data/rpcv2/make.py`.

#![deny(warnings)]
#![allow(dead_code)]

#[path = "../golden/rpcv2/expected/mod.rs"]
#[rustfmt::skip]
pub mod samples;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use slimaws_runtime::{self as runtime};

use samples::operation::put_sample::PutSampleError;

fn botocore() -> Value {
    serde_json::from_str(include_str!("../data/rpcv2/botocore.json")).unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Answers every request with one response and keeps the last request.
#[derive(Clone, Debug)]
struct Capture {
    reply: (u16, Vec<(&'static str, &'static str)>, Vec<u8>),
    sent: Arc<Mutex<Option<runtime::HttpRequest>>>,
}

impl runtime::HttpClient for Capture {
    fn send(
        &self,
        request: runtime::HttpRequest,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<runtime::HttpResponse, runtime::TransportError>> + Send + '_,
        >,
    > {
        *self.sent.lock().unwrap() = Some(request);
        let (status, headers, body) = self.reply.clone();
        Box::pin(async move {
            let mut response = runtime::http::Response::new(runtime::bytes::Bytes::from(body));
            *response.status_mut() = runtime::http::StatusCode::from_u16(status).unwrap();
            for (k, v) in headers {
                response
                    .headers_mut()
                    .insert(k, runtime::http::HeaderValue::from_static(v));
            }
            Ok(response)
        })
    }
}

fn samples_client(
    status: u16,
    headers: &[(&'static str, &'static str)],
    body: Vec<u8>,
) -> (samples::client::Client, Capture) {
    let capture = Capture {
        reply: (status, headers.to_vec(), body),
        sent: Arc::default(),
    };
    let config = runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url("https://samples.example")
        .http_client(capture.clone())
        .max_attempts(1)
        .build();
    (samples::client::Client::new(&config), capture)
}

fn sent(capture: &Capture) -> runtime::HttpRequest {
    capture
        .sent
        .lock()
        .unwrap()
        .take()
        .expect("a request was sent")
}

/// The request's path, body and botocore's protocol headers (each of them,
/// by value, and no other `content-type`).
fn assert_botocore_request(request: &runtime::HttpRequest, expected: &Value) {
    assert_eq!(request.uri().path(), expected["url_path"]);
    assert_eq!(request.method(), "POST");
    for (name, value) in expected["headers"].as_object().unwrap() {
        assert_eq!(
            request
                .headers()
                .get(name.as_str())
                .map(|v| v.to_str().unwrap()),
            value.as_str(),
            "header {name}"
        );
    }
    if expected["headers"].get("Content-Type").is_none() {
        assert!(request.headers().get("content-type").is_none());
    }
    assert_eq!(
        request.body().as_ref(),
        unhex(expected["body_hex"].as_str().unwrap()).as_slice()
    );
    assert!(request.headers().contains_key("authorization"));
}

#[tokio::test]
async fn put_sample_sends_botocores_bytes_and_reads_its_response() {
    let oracle = botocore();
    let response = unhex(oracle["response_hex"].as_str().unwrap());
    let (client, capture) = samples_client(200, &[("content-type", "application/cbor")], response);
    let at = runtime::DateTime::from_unix_timestamp_nanos(1_735_787_045_250_000_000).unwrap();
    let output = client
        .put_sample()
        .name("cpu")
        .value(0.25)
        .ratio(1.5f32)
        .count(-7)
        .payload(runtime::Blob::new(vec![0x00, 0x01, 0xfe]))
        .at(at)
        .tags("a")
        .tags("b")
        .limits("min", 0)
        .limits("max", 10)
        .send()
        .await
        .unwrap();
    assert_botocore_request(&sent(&capture), &oracle["put_sample"]);

    let want = &oracle["parsed_sample"];
    let sample = output.sample.unwrap();
    assert_eq!(sample.name.as_deref(), want["Name"].as_str());
    assert_eq!(sample.value, want["Value"].as_f64());
    assert_eq!(
        sample.payload.unwrap().as_bytes(),
        unhex(want["Payload_hex"].as_str().unwrap()).as_slice()
    );
    assert_eq!(
        sample.at.unwrap().unix_timestamp() as f64,
        want["At_epoch"].as_f64().unwrap()
    );
    assert_eq!(sample.tags.unwrap(), ["x"]);
}

#[tokio::test]
async fn an_operation_without_input_sends_no_body() {
    let (client, capture) = samples_client(200, &[], Vec::new());
    client.ping().send().await.unwrap();
    assert_botocore_request(&sent(&capture), &botocore()["ping"]);
}

/// `{"__type": <t>, "message": "slow down"}` in CBOR (definite lengths).
fn error_body(t: &str) -> Vec<u8> {
    let mut body = vec![0xa2, 0x66];
    body.extend_from_slice(b"__type");
    // A text string's head: the length in the byte below 24, else in the next.
    match u8::try_from(t.len()) {
        Ok(n) if n < 24 => body.push(0x60 + n),
        Ok(n) => body.extend_from_slice(&[0x78, n]),
        Err(_) => panic!("a shorter __type, please"),
    }
    body.extend_from_slice(t.as_bytes());
    body.push(0x67);
    body.extend_from_slice(b"message");
    body.push(0x69);
    body.extend_from_slice(b"slow down");
    body
}

#[tokio::test]
async fn a_query_compatible_error_is_typed_by_its_query_code() {
    let (client, _) = samples_client(
        400,
        &[("x-amzn-query-error", "Throttling;Sender")],
        error_body("com.example.samples#ThrottledException"),
    );
    let err = client.put_sample().name("cpu").send().await.unwrap_err();
    let PutSampleError::ThrottledException(e) = err else {
        panic!("expected ThrottledException, got {err:?}");
    };
    assert_eq!(e.message.as_deref(), Some("slow down"));
}

#[tokio::test]
async fn without_the_query_header_the_shape_name_is_not_its_code() {
    // botocore's error code map holds the shape's `error.code` only.
    let (client, _) = samples_client(
        400,
        &[],
        error_body("com.example.samples#ThrottledException"),
    );
    let err = client.put_sample().name("cpu").send().await.unwrap_err();
    let PutSampleError::Unhandled(u) = &err else {
        panic!("expected Unhandled, got {err:?}");
    };
    assert_eq!(u.meta().code(), Some("ThrottledException"));
    assert_eq!(u.meta().message(), Some("slow down"));
}

#[tokio::test]
async fn a_response_that_is_not_cbor_is_an_unhandled_error_naming_it() {
    let (client, _) = samples_client(200, &[], vec![0xbf, 0x61]);
    let err = client.ping().send().await;
    // Ping has no output: its body is not read.
    assert!(err.is_ok());
    let (client, _) = samples_client(200, &[], vec![0xbf, 0x61]);
    let err = client.put_sample().name("cpu").send().await.unwrap_err();
    assert!(err.to_string().contains("invalid CBOR"), "{err}");
}
