//! Presigned requests through the generated S3 and STS operations, compared
//! with botocore 1.44.5's `generate_presigned_url` URL for URL
//! (`tests/data/oracle/presign/`, made by `tests/data/oracle/make_presign.py`):
//! S3's global presign endpoint, path-style and virtual-host addressing,
//! access point ARNs, dual-stack, custom endpoints, signed `Range` headers,
//! session tokens, the longest validity, and awsQuery parameters moved from
//! the body into the URL.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::Value;
use slimaws::{s3, sts};
use slimaws_runtime::{self as runtime, PresignedRequest, PresigningConfig, RegionalEndpoints};

const CASES: &str = include_str!("../data/oracle/presign/cases.json");

/// Fails the test if anything is sent: presigning sends nothing.
#[derive(Clone, Debug)]
struct NeverSend;

impl runtime::HttpClient for NeverSend {
    fn send(
        &self,
        _: runtime::HttpRequest,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<runtime::HttpResponse, runtime::TransportError>> + Send + '_,
        >,
    > {
        panic!("a presigned request was sent")
    }
}

fn config(case: &Value) -> runtime::Config {
    let settings = &case["settings"];
    // botocore's frozen clock: 2026-01-02T03:04:05Z.
    let now = UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    let token = settings["session_token"].as_str().map(str::to_string);
    let mut builder = runtime::Config::builder()
        .region(case["region"].as_str().unwrap())
        .static_credentials(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token,
        )
        .http_client(NeverSend)
        .time_source(move || now)
        .use_dual_stack(settings["use_dual_stack"].as_bool().unwrap_or(false));
    if let Some(force) = settings["force_path_style"].as_bool() {
        builder = builder.force_path_style(force);
    }
    if let Some(url) = settings["endpoint_url"].as_str() {
        builder = builder.endpoint_url(url);
    }
    if settings["s3_us_east_1_regional_endpoint"] == "regional" {
        builder = builder.s3_us_east_1_regional_endpoint(RegionalEndpoints::Regional);
    }
    builder.build()
}

async fn presign(case: &Value) -> PresignedRequest {
    let config = config(case);
    let p = &case["params"];
    let text = |name: &str| p[name].as_str().map(str::to_string);
    let expires = Duration::from_secs(case["expires_in"].as_u64().unwrap());
    let presigning = PresigningConfig::expires_in(expires).unwrap();
    let name = case["name"].as_str().unwrap();
    let result = match case["operation"].as_str().unwrap() {
        "GetObject" => s3::client::Client::new(&config)
            .get_object()
            .set_bucket(text("Bucket"))
            .set_key(text("Key"))
            .set_range(text("Range"))
            .set_response_content_type(text("ResponseContentType"))
            .presigned(presigning)
            .await
            .map_err(|e| e.to_string()),
        "PutObject" => s3::client::Client::new(&config)
            .put_object()
            .set_bucket(text("Bucket"))
            .set_key(text("Key"))
            .presigned(presigning)
            .await
            .map_err(|e| e.to_string()),
        "GetCallerIdentity" => sts::client::Client::new(&config)
            .get_caller_identity()
            .presigned(presigning)
            .await
            .map_err(|e| e.to_string()),
        "AssumeRole" => sts::client::Client::new(&config)
            .assume_role()
            .set_role_arn(text("RoleArn"))
            .set_role_session_name(text("RoleSessionName"))
            .set_duration_seconds(p["DurationSeconds"].as_i64().map(|d| d as i32))
            .presigned(presigning)
            .await
            .map_err(|e| e.to_string()),
        other => panic!("no case code for {other}"),
    };
    result.unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[tokio::test]
async fn presigned_urls_are_botocores() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    assert_eq!(cases.len(), 15);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let presigned = presign(case).await;
        assert_eq!(
            presigned.uri().to_string(),
            case["botocore_url"].as_str().unwrap(),
            "{name}"
        );
        // Every signed header but Host travels with the URL.
        let url = presigned.uri().to_string();
        let signed = url
            .split("X-Amz-SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .unwrap();
        let mut names: Vec<&str> = presigned.headers().keys().map(|n| n.as_str()).collect();
        names.push("host");
        names.sort_unstable();
        assert_eq!(names.join("%3B"), signed, "{name}");
    }
}

#[tokio::test]
async fn presigning_checks_the_input_first() {
    let case: Value = serde_json::json!({"region": "eu-west-1", "settings": {}});
    let config = config(&case);
    let presigning = PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
    let err = s3::client::Client::new(&config)
        .get_object()
        .key("k")
        .presigned(presigning)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Bucket"), "{err}");
}
