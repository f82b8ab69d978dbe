//! S3's `Expires` header as botocore 1.44.5 gives it (`handle_expires_header`
//! and S3's `sdk-extras`, which make `Expires` a timestamp): `HeadObject` and
//! `GetObject` answer with the header as sent in `expires_string`, and with
//! `expires` parsed, or unset when it is not a date (the response does not
//! fail). botocore's answers: `tests/data/oracle/s3-expires/cases.json`,
//! made by `tests/data/oracle/make_s3_expires.py`.

mod common;

use common::scripted::{Answer, Scripted};
use serde_json::Value;
use slimaws::s3;
use slimaws_runtime as runtime;

const CASES: &str = include_str!("../data/oracle/s3-expires/cases.json");

/// A client answered 200 with no body and the given `Expires`, if any.
fn client(expires: Option<&str>) -> s3::Client {
    let mut headers = vec![("x-amz-request-id".to_string(), "R1".to_string())];
    headers.extend(expires.map(|e| ("Expires".to_string(), e.to_string())));
    let answer = Answer {
        status: 200,
        headers,
        body: String::new(),
    };
    let config = runtime::Config::builder()
        .region("eu-west-1")
        .static_credentials("AKID", "SECRET", None)
        .http_client(Scripted::new([answer]))
        .build();
    s3::Client::new(&config)
}

/// A timestamp as the oracle renders it (`2026-01-01T00:00:00+00:00`).
fn rendered(time: &runtime::DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        time.year(),
        u8::from(time.month()),
        time.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

#[tokio::test]
async fn expires_and_expires_string_are_botocores() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    assert_eq!(cases.len(), 8);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let s3 = client(case["expires"].as_str());
        let (expires, expires_string) = if name.starts_with("HeadObject") {
            let out = s3.head_object().bucket("b").key("k").send().await;
            let out = out.unwrap_or_else(|e| panic!("{name}: {e}"));
            (out.expires, out.expires_string)
        } else {
            let out = s3.get_object().bucket("b").key("k").send().await;
            let out = out.unwrap_or_else(|e| panic!("{name}: {e}"));
            (out.expires, out.expires_string)
        };
        let botocore = &case["botocore"];
        assert_eq!(
            expires.as_ref().map(rendered).as_deref(),
            botocore["Expires"].as_str(),
            "{name}"
        );
        assert_eq!(
            expires_string.as_deref(),
            botocore["ExpiresString"].as_str(),
            "{name}"
        );
    }
}
