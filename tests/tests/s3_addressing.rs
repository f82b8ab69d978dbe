//! S3 requests as botocore 1.44.5 addresses and signs them, through the
//! generated S3 operations: virtual-host and path-style buckets, dotted
//! buckets, access point ARNs, dual-stack, FIPS, `us-east-1` and
//! `aws-global`, acceleration and custom endpoints, each set through
//! `Config` as a user would. The expected URL, `Host`, payload hash and
//! `Authorization` are botocore's (`tests/data/oracle/s3-addressing/`,
//! made by `tests/data/oracle/make_s3_addressing.py`).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::Value;
use slimaws::s3;
use slimaws_runtime::{self as runtime, RegionalEndpoints};

const CASES: &str = include_str!("../data/oracle/s3-addressing/cases.json");

/// Keeps every request and answers 200 with no body.
#[derive(Clone, Debug, Default)]
struct Capture {
    sent: Arc<Mutex<Vec<runtime::HttpRequest>>>,
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
        self.sent.lock().unwrap().push(request);
        Box::pin(async { Ok(runtime::http::Response::new(runtime::bytes::Bytes::new())) })
    }
}

/// The configuration a case's settings describe, in slimaws's names.
fn config(case: &Value, capture: &Capture) -> runtime::ConfigBuilder {
    let settings = &case["settings"];
    let flag = |name: &str| settings[name].as_bool();
    // The oracle's frozen clock: 2026-01-02T03:04:05Z.
    let now = UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    let mut builder = runtime::Config::builder()
        .region(case["region"].as_str().unwrap())
        .static_credentials(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .http_client(capture.clone())
        .time_source(move || now)
        .max_attempts(1)
        .use_fips(flag("use_fips").unwrap_or(false))
        .use_dual_stack(flag("use_dual_stack").unwrap_or(false))
        .accelerate(flag("accelerate").unwrap_or(false));
    if let Some(force) = flag("force_path_style") {
        builder = builder.force_path_style(force);
    }
    if let Some(url) = settings["endpoint_url"].as_str() {
        builder = builder.endpoint_url(url);
    }
    if settings["s3_us_east_1_regional_endpoint"] == "regional" {
        builder = builder.s3_us_east_1_regional_endpoint(RegionalEndpoints::Regional);
    }
    builder
}

/// Sends the case's operation; the response (empty) does not matter here.
async fn send(client: &s3::client::Client, case: &Value) {
    let params = &case["params"];
    let bucket = params["Bucket"].as_str().unwrap();
    let _ = match case["operation"].as_str().unwrap() {
        "HeadBucket" => client
            .head_bucket()
            .bucket(bucket)
            .send()
            .await
            .err()
            .map(|e| e.to_string()),
        "GetBucketLocation" => client
            .get_bucket_location()
            .bucket(bucket)
            .send()
            .await
            .err()
            .map(|e| e.to_string()),
        "GetBucketTagging" => client
            .get_bucket_tagging()
            .bucket(bucket)
            .send()
            .await
            .err()
            .map(|e| e.to_string()),
        "DeleteObject" => client
            .delete_object()
            .bucket(bucket)
            .key(params["Key"].as_str().unwrap())
            .send()
            .await
            .err()
            .map(|e| e.to_string()),
        other => panic!("no case code for {other}"),
    };
}

#[tokio::test]
async fn requests_are_addressed_and_signed_as_botocore_does() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    assert_eq!(cases.len(), 17);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let capture = Capture::default();
        let client = s3::client::Client::new(&config(case, &capture).build());
        send(&client, case).await;
        assert_eq!(
            &sent_as_botocore_shows_it(&capture),
            &case["botocore"],
            "{name}"
        );
    }
}

/// The same keys from an `aws-credential-types` provider (what aws-config's
/// chain gives) sign the same request.
#[tokio::test]
async fn keys_from_an_aws_credential_types_provider_sign_alike() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    let case = &cases[0];
    let capture = Capture::default();
    let keys = runtime::aws_credential_types::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "aws-config",
    );
    let config = config(case, &capture).aws_credentials_provider(keys);
    send(&s3::client::Client::new(&config.build()), case).await;
    assert_eq!(&sent_as_botocore_shows_it(&capture), &case["botocore"]);
}

/// The one request sent, in the fields the cases record.
fn sent_as_botocore_shows_it(capture: &Capture) -> Value {
    let sent = capture.sent.lock().unwrap();
    assert_eq!(sent.len(), 1, "one request sent");
    let request = &sent[0];
    let header = |n: &str| request.headers()[n].to_str().unwrap().to_owned();
    serde_json::json!({
        "method": request.method().as_str(),
        "url": request.uri().to_string(),
        "host": header("host"),
        "x-amz-content-sha256": header("x-amz-content-sha256"),
        "authorization": header("authorization"),
    })
}
