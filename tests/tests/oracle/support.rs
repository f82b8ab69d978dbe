//! Loading oracle cases and comparing our requests with botocore's.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use slimaws::runtime::http::{HeaderMap, HeaderName, HeaderValue};
use slimaws::runtime::Config;

use crate::common::capture::Capture;

/// `tests/data/oracle/<dir>`.
fn case_dir(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/oracle")
        .join(dir)
}

fn data(dir: &str, name: &str, suffix: &str) -> Value {
    let path = case_dir(dir).join(format!("{name}.{suffix}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Runs `call` with the case's configuration and compares the captured request.
pub fn check_serialize<F, Fut>(name: &str, call: F)
where
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let input = data("serialize-model", name, "input");
    let expected = data("serialize-model", name, "output");
    assert_eq!(
        expected["ok"],
        Value::Bool(true),
        "{name}: botocore rejected the input"
    );

    let time = time_of(input["time"].as_str().unwrap());
    let capture = Capture::default();
    let mut builder = Config::builder()
        .region(input["region"].as_str().unwrap())
        .static_credentials(
            input["access_key"].as_str().unwrap(),
            input["secret_key"].as_str().unwrap(),
            input["session_token"].as_str().map(str::to_owned),
        )
        .time_source(move || time)
        .http_client(capture.clone());
    if let Some(url) = input["endpoint_url"].as_str() {
        builder = builder.endpoint_url(url);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The canned empty answer may not parse as every output; only the request matters.
    let _ = runtime.block_on(call(builder.build()));

    let requests = capture.0.lock().unwrap();
    assert_eq!(requests.len(), 1, "{name}: expected exactly one request");
    let request = &requests[0];

    assert_eq!(
        request.method().as_str(),
        expected["method"],
        "{name}: method"
    );
    assert_eq!(
        request.uri().to_string(),
        expected["url"].as_str().unwrap(),
        "{name}: URL"
    );

    let body = match expected["body_encoding"].as_str() {
        Some("base64") => base64_decode(expected["body"].as_str().unwrap()),
        _ => expected["body"]
            .as_str()
            .unwrap_or_default()
            .as_bytes()
            .to_vec(),
    };
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        String::from_utf8_lossy(&body),
        "{name}: body"
    );

    // Every header botocore sets, except the two that vary by design.
    let ignored = ["user-agent", "amz-sdk-invocation-id"];
    let theirs: Vec<(String, String)> = expected["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap().to_owned()))
        .filter(|(k, _)| !ignored.contains(&k.as_str()))
        .collect();
    let ours = request.headers();
    for (k, v) in &theirs {
        let got = ours
            .get(k.as_str())
            .map(|h| h.to_str().unwrap_or("<binary>"));
        assert_eq!(got, Some(v.as_str()), "{name}: header {k}");
    }
    for k in ours.keys() {
        let k = k.as_str();
        if k == "host" || ignored.contains(&k) {
            continue;
        }
        assert!(
            theirs.iter().any(|(t, _)| t == k),
            "{name}: extra header {k}"
        );
    }
    // Host is not in botocore's header dict, but on the wire.
    let host = expected["wire_headers"]
        .as_array()
        .and_then(|h| h.iter().find(|p| p[0] == "Host"))
        .and_then(|p| p[1].as_str());
    assert_eq!(
        ours.get("host").and_then(|h| h.to_str().ok()),
        host,
        "{name}: Host"
    );
}

/// The names of the parse cases, sorted.
pub fn parse_case_names() -> Vec<String> {
    let dir = case_dir("parse");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".input.json").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

/// The status, headers and body of a parse case.
pub fn parse_case(name: &str) -> (u16, HeaderMap, Vec<u8>) {
    let input = data("parse", name, "input");
    let status = input["status"].as_u64().unwrap() as u16;
    let headers = headers_of(&input["headers"]);
    let body = match input["body_encoding"].as_str() {
        Some("base64") => base64_decode(input["body"].as_str().unwrap()),
        _ => input["body"]
            .as_str()
            .unwrap_or_default()
            .as_bytes()
            .to_vec(),
    };
    (status, headers, body)
}

/// A case's `{"name": "value"}` headers.
fn headers_of(headers: &Value) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in headers.as_object().unwrap() {
        map.insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v.as_str().unwrap()).unwrap(),
        );
    }
    map
}

/// `2026-01-02T03:04:05Z` as a `SystemTime`.
fn time_of(text: &str) -> SystemTime {
    let t = slimaws::runtime::proto::time::parse_timestamp(text).unwrap();
    SystemTime::UNIX_EPOCH + Duration::from_secs(t.unix_timestamp() as u64)
}

fn base64_decode(text: &str) -> Vec<u8> {
    slimaws::runtime::proto::encode::from_base64(text).unwrap()
}

/// Runs `call` (the case's fluent call, `Unhandled` errors kept) against a
/// capturing client and compares with botocore's answer in
/// `validation/cases.json`: botocore rejected it, so nothing is sent and the
/// report is botocore's message; or botocore sent it, and so do we, except
/// for the rejections the case lists as deliberately stricter
/// (`slimaws_rejects`: empty URI labels).
pub fn check_validation<F, Fut>(name: &str, call: F)
where
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = Result<(), Option<slimaws::runtime::UnhandledError>>>,
{
    let path = case_dir("validation").join("cases.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let cases: Value = serde_json::from_str(&text).unwrap();
    let case = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name}: no such case"));
    let capture = Capture::default();
    let config = Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .http_client(capture.clone())
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let result = runtime.block_on(call(config));
    let sent = capture.0.lock().unwrap().len();
    // What botocore says, or what slimaws deliberately says instead.
    let expected: Option<String> = match case["slimaws_rejects"].as_array() {
        Some(lines) => {
            assert_eq!(case["botocore"]["sent"], true, "{name}");
            let lines: Vec<&str> = lines.iter().map(|l| l.as_str().unwrap()).collect();
            Some(format!(
                "Parameter validation failed:\n{}",
                lines.join("\n")
            ))
        }
        None if case["botocore"]["sent"] == true => None,
        None => {
            assert_eq!(case["botocore"]["type"], "ParamValidationError", "{name}");
            Some(case["botocore"]["message"].as_str().unwrap().to_owned())
        }
    };
    match expected {
        None => {
            // The canned `{}` may not parse as the output; a validation
            // failure would have sent nothing.
            if let Err(Some(e)) = &result {
                assert_ne!(
                    e.kind(),
                    slimaws::runtime::ErrorKind::Validation,
                    "{name}: botocore accepts it, we rejected it: {e}"
                );
            }
            assert_eq!(sent, 1, "{name}: botocore sends it, so must we");
        }
        Some(message) => {
            assert_eq!(sent, 0, "{name}: nothing may be sent");
            let e = match result {
                Err(Some(e)) => e,
                other => panic!("{name}: expected a validation error, got {other:?}"),
            };
            assert_eq!(e.kind(), slimaws::runtime::ErrorKind::Validation, "{name}");
            let report = e
                .source()
                .and_then(|s| s.downcast_ref::<slimaws::runtime::ValidationError>())
                .unwrap_or_else(|| panic!("{name}: no validation report"));
            assert_eq!(report.to_string(), message, "{name}");
        }
    }
}

/// The status, headers and body of an event stream case, the body handed
/// over in the case's chunk size (as botocore read it), so that messages
/// straddle reads.
pub fn event_stream_case(name: &str) -> (u16, HeaderMap, slimaws::runtime::ByteStream) {
    let path = case_dir("event-streams").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let case: Value = serde_json::from_str(&text).unwrap();
    let headers = headers_of(&case["headers"]);
    let frames = base64_decode(case["frames"].as_str().unwrap());
    let chunk = case["chunk"].as_u64().unwrap() as usize;
    let chunks = frames
        .chunks(chunk)
        .map(slimaws::runtime::bytes::Bytes::copy_from_slice)
        .collect();
    let status = case["status"].as_u64().unwrap() as u16;
    (
        status,
        headers,
        slimaws::runtime::ByteStream::from_body(Chunks(chunks)),
    )
}

/// A body of the given chunks, one per poll.
struct Chunks(std::collections::VecDeque<slimaws::runtime::bytes::Bytes>);

impl http_body::Body for Chunks {
    type Data = slimaws::runtime::bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(self.0.pop_front().map(|c| Ok(http_body::Frame::data(c))))
    }
}
