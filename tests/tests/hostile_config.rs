//! Hostile configuration values through the generated clients: a region
//! that would name another host and endpoint URLs with user information, a
//! query or a fragment, for a rest-json (QuickSight), a JSON (Voice ID) and
//! a rest-xml (CloudFront) service. Each is an error naming its source, and
//! nothing is sent. (The runtime's own tests cover the same values read from
//! the environment and profile files.)

mod common;

use common::capture::Capture;
use slimaws::runtime::Config;

/// Every shape of region that used to redirect a signed request.
const HOSTILE_REGIONS: [&str; 5] = [
    "us-east-1.evil.com#",
    "x@evil.com#",
    "evil.com:8443#",
    "evil.com/",
    "../",
];

/// Calls one operation of each protocol; how each call ended.
async fn call_each_service(config: &Config) -> Vec<Result<(), String>> {
    let quicksight = slimaws::quicksight::Client::new(config)
        .update_key_registration()
        .aws_account_id("123456789012")
        .key_registration(
            slimaws::quicksight::types::RegisteredCustomerManagedKey::builder()
                .key_arn("arn:aws:kms:us-east-1:123456789012:key/k")
                .build(),
        )
        .send()
        .await;
    let voice_id = slimaws::voice_id::Client::new(config)
        .update_domain()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
        .name("n")
        .server_side_encryption_configuration(
            slimaws::voice_id::types::ServerSideEncryptionConfiguration::builder()
                .kms_key_id("alias/k")
                .build()
                .unwrap(),
        )
        .send()
        .await;
    let cloudfront = slimaws::cloudfront::Client::new(config)
        .update_key_group()
        .id("K1")
        .if_match("E1")
        .key_group_config(
            slimaws::cloudfront::types::KeyGroupConfig::builder()
                .name("n")
                .items("K2")
                .build()
                .unwrap(),
        )
        .send()
        .await;
    vec![
        quicksight.map(|_| ()).map_err(|e| e.to_string()),
        voice_id.map(|_| ()).map_err(|e| e.to_string()),
        cloudfront.map(|_| ()).map_err(|e| e.to_string()),
    ]
}

/// The errors of [`call_each_service`], which must all fail.
async fn errors_of_each_service(config: &Config) -> Vec<String> {
    let results = call_each_service(config).await;
    results.into_iter().map(|r| r.unwrap_err()).collect()
}

/// A region set on the builder fails every call before a URL is built.
#[tokio::test]
async fn hostile_regions_from_the_builder_send_nothing() {
    for region in HOSTILE_REGIONS {
        let capture = Capture::default();
        let config = Config::builder()
            .region(region)
            .static_credentials("AKID", "SECRET", Some("TOKEN".into()))
            .http_client(capture.clone())
            .build();
        for e in errors_of_each_service(&config).await {
            assert!(
                e.contains(&format!(
                    "invalid region `{region}` (ConfigBuilder::region)"
                )),
                "{e}"
            );
        }
        assert!(
            capture.0.lock().unwrap().is_empty(),
            "{region}: a request was sent"
        );
    }
}

/// A control character in a region is never repeated raw in the error.
#[tokio::test]
async fn region_errors_escape_control_characters() {
    let capture = Capture::default();
    let config = Config::builder()
        .region("us-east-1\r\nHost: evil.com")
        .static_credentials("AKID", "SECRET", None)
        .http_client(capture.clone())
        .build();
    for e in errors_of_each_service(&config).await {
        assert!(!e.contains(['\r', '\n']), "{e:?}");
        assert!(e.contains("us-east-1\\r\\nHost: evil.com"), "{e}");
    }
    assert!(capture.0.lock().unwrap().is_empty());
}

/// Endpoint URLs with user information, a query or a fragment set on the
/// builder fail the call; the password never shows.
#[tokio::test]
async fn endpoint_urls_with_userinfo_query_or_fragment_send_nothing() {
    let cases = [
        ("https://user:hunter2@example.com", "user information"),
        ("https://example.com/?x=1", "a query"),
        ("https://example.com/#top", "a fragment"),
    ];
    for (url, why) in cases {
        let capture = Capture::default();
        let config = Config::builder()
            .region("us-east-1")
            .endpoint_url(url)
            .static_credentials("AKID", "SECRET", None)
            .http_client(capture.clone())
            .build();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        for e in errors_of_each_service(&config).await {
            assert!(
                e.contains(why) && e.contains("(ConfigBuilder::endpoint_url)"),
                "{e}"
            );
            assert!(!e.contains("hunter2"), "{e}");
        }
        assert!(
            capture.0.lock().unwrap().is_empty(),
            "{url}: a request was sent"
        );
    }
}

/// A service's own variable is checked when its client resolves the
/// endpoint, and named in the error.
#[tokio::test]
async fn a_service_endpoint_variable_is_checked_and_named() {
    let mut env = vec![
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_VOICE_ID", "https://u:pw@voice.example"),
    ];
    env.extend([
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET"),
    ]);
    let capture = Capture::default();
    let config = Config::from_variables(&env)
        .unwrap()
        .to_builder()
        .http_client(capture.clone())
        .build();
    let results = call_each_service(&config).await;
    let e = results[1].as_ref().unwrap_err();
    assert!(
        e.contains("(AWS_ENDPOINT_URL_VOICE_ID)") && !e.contains("pw"),
        "{e}"
    );
    assert_eq!(
        capture.0.lock().unwrap().len(),
        2,
        "QuickSight and CloudFront still send"
    );
}
