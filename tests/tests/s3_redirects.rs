//! S3 region redirects as botocore 1.44.5 makes them (`S3RegionRedirectorv2`),
//! through the generated S3 client: each case's calls are answered with the
//! responses botocore was answered with (`tests/data/oracle/s3-redirects/`,
//! made by `tests/data/oracle/make_s3_redirects.py`), and the requests that
//! come out must be botocore's: URL, `Host`, `amz-sdk-request`, payload hash
//! and `Authorization` (signed for the region the redirect named), the
//! `HeadBucket` botocore asks when the failure names no region, and each
//! call's outcome.

mod common;

use std::time::{Duration, UNIX_EPOCH};

use common::scripted::{Answer, Scripted};
use serde_json::Value;
use slimaws::s3;
use slimaws_runtime as runtime;

const CASES: &str = include_str!("../data/oracle/s3-redirects/cases.json");

/// The case's answers, as the scripted client gives them.
fn script(case: &Value) -> Scripted {
    Scripted::new(case["answers"].as_array().unwrap().iter().map(|a| {
        Answer {
            status: a["status"].as_u64().unwrap() as u16,
            headers: a["headers"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(n, v)| (n.clone(), v.as_str().unwrap().to_string()))
                .collect(),
            body: a["body"].as_str().unwrap().to_string(),
        }
    }))
}

fn client(case: &Value, script: &Scripted) -> s3::Client {
    // The oracle's frozen clock: 2026-01-02T03:04:05Z.
    let now = UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    let config = runtime::Config::builder()
        .region(case["region"].as_str().unwrap())
        .static_credentials(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .http_client(script.clone())
        .time_source(move || now)
        .retry_base_delay(Duration::from_millis(1))
        .build();
    s3::Client::new(&config)
}

/// A call's outcome as the data spells it: `Ok(())`, or the error's code
/// (`None` for an error of slimaws's own, such as a refused region) and
/// its message.
type Outcome = Result<(), (Option<String>, String)>;

fn outcome<T, E: std::fmt::Display>(
    result: Result<T, E>,
    code: impl Fn(&E) -> Option<String>,
) -> Outcome {
    result.map(|_| ()).map_err(|e| (code(&e), e.to_string()))
}

async fn call(s3: &s3::Client, call: &Value) -> Outcome {
    let params = &call["params"];
    let text = |name: &str| params[name].as_str().unwrap().to_string();
    let code = |meta: Option<&str>| meta.map(str::to_string);
    match call["operation"].as_str().unwrap() {
        "GetObject" => {
            let sent = s3
                .get_object()
                .bucket(text("Bucket"))
                .key(text("Key"))
                .send()
                .await;
            outcome(sent, |e| code(e.meta().code()))
        }
        "HeadObject" => {
            let sent = s3
                .head_object()
                .bucket(text("Bucket"))
                .key(text("Key"))
                .send()
                .await;
            outcome(sent, |e| code(e.meta().code()))
        }
        "PutObject" => {
            let body = runtime::ByteStream::from(text("Body").into_bytes());
            let put = s3
                .put_object()
                .bucket(text("Bucket"))
                .key(text("Key"))
                .body(body);
            outcome(put.send().await, |e| code(e.meta().code()))
        }
        "ListObjectsV2" => {
            let sent = s3.list_objects_v2().bucket(text("Bucket")).send().await;
            outcome(sent, |e| code(e.meta().code()))
        }
        other => panic!("no call for {other}"),
    }
}

fn header<'r>(request: &'r runtime::HttpRequest, name: &str) -> Option<&'r str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn redirects_are_botocores() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    assert_eq!(cases.len(), 11);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let script = script(case);
        let s3 = client(case, &script);
        for (call_data, expected) in case["calls"]
            .as_array()
            .unwrap()
            .iter()
            .zip(case["outcomes"].as_array().unwrap())
        {
            let got = call(&s3, call_data).await;
            match (&got, expected["ok"].as_bool().unwrap()) {
                (Ok(()), true) => {}
                (Err((code, _)), false) if expected["exception"] == "InvalidRegionError" => {
                    assert_eq!(*code, None, "{name}: slimaws's own error")
                }
                (Err((code, _)), false) => {
                    assert_eq!(code.as_deref(), expected["code"].as_str(), "{name}")
                }
                _ => panic!("{name}: got {got:?}, botocore {expected}"),
            }
        }
        let exchange = script.exchange();
        let expected = case["requests"].as_array().unwrap();
        assert_eq!(exchange.sent.len(), expected.len(), "{name}: requests sent");
        for (i, (sent, want)) in exchange.sent.iter().zip(expected).enumerate() {
            let at = format!("{name}, request {}", i + 1);
            assert_eq!(sent.method().as_str(), want["method"], "{at}");
            assert_eq!(sent.uri().to_string(), want["url"], "{at}");
            for name in [
                "Host",
                "amz-sdk-request",
                "X-Amz-Content-SHA256",
                "Authorization",
            ] {
                assert_eq!(
                    header(sent, name),
                    want["headers"][name].as_str(),
                    "{at}: {name}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_hostile_region_is_refused_naming_it() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    let case = cases
        .iter()
        .find(|c| c["name"] == "hostile_region_refused")
        .unwrap();
    let script = script(case);
    let got = call(&client(case, &script), &case["calls"][0]).await;
    let (code, message) = got.unwrap_err();
    assert_eq!(code, None);
    assert!(
        message.contains("`evil.example.com`, which is not a valid region name"),
        "{message}"
    );
    assert_eq!(script.exchange().sent.len(), 1, "nothing was sent to it");
}
