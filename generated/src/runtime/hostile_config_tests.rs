//! Hostile configuration values through the generated clients: a region
//! that would name another host, from each of its sources, for a rest-json
//! (QuickSight), a JSON (Voice ID) and a rest-xml (CloudFront) service, and
//! endpoint URLs with user information, a query or a fragment. Each is an
//! error naming its source, and nothing is sent.

use std::path::PathBuf;

use super::config::Env;
use super::oracle_tests::Capture;
use super::profile::ProfileFiles;
use super::*;

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
    let quicksight = crate::quicksight::Client::new(config)
        .update_key_registration()
        .aws_account_id("123456789012")
        .key_registration(
            crate::quicksight::types::RegisteredCustomerManagedKey::builder()
                .key_arn("arn:aws:kms:us-east-1:123456789012:key/k")
                .build(),
        )
        .send()
        .await;
    let voice_id = crate::voice_id::Client::new(config)
        .update_domain()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
        .name("n")
        .server_side_encryption_configuration(
            crate::voice_id::types::ServerSideEncryptionConfiguration::builder()
                .kms_key_id("alias/k")
                .build()
                .unwrap(),
        )
        .send()
        .await;
    let cloudfront = crate::cloudfront::Client::new(config)
        .update_key_group()
        .id("K1")
        .if_match("E1")
        .key_group_config(
            crate::cloudfront::types::KeyGroupConfig::builder()
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

const KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "AKID"),
    ("AWS_SECRET_ACCESS_KEY", "SECRET"),
];

fn files(config_text: &str) -> ProfileFiles {
    ProfileFiles::from_texts(
        PathBuf::from("/h/.aws/config"),
        Some(config_text),
        PathBuf::from("/h/.aws/credentials"),
        None,
    )
    .unwrap()
}

/// A region from the environment or a profile: `from_env` refuses it,
/// naming the variable or the file and line.
#[test]
fn hostile_regions_from_the_environment_and_profiles_are_refused() {
    for region in HOSTILE_REGIONS {
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            let mut env = vec![(variable, region)];
            env.extend(KEYS);
            let e = Config::from_sources(&Env::from_pairs(&env), &files(""))
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with(&format!("invalid region `{region}` ({variable})")),
                "{e}"
            );
        }
        let profile = format!("[default]\n# comment\nregion = {region}\n");
        let e = Config::from_sources(&Env::from_pairs(&KEYS), &files(&profile))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("(`region` of profile `default` (/h/.aws/config, line 3))"),
            "{e}"
        );
    }
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

/// Endpoint URLs with user information, a query or a fragment fail the
/// call (from the builder) or the configuration (from the environment);
/// the password never shows.
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

        let mut env = vec![("AWS_REGION", "us-east-1"), ("AWS_ENDPOINT_URL", url)];
        env.extend(KEYS);
        let e = Config::from_sources(&Env::from_pairs(&env), &files(""))
            .unwrap_err()
            .to_string();
        assert!(e.contains(why) && e.contains("(AWS_ENDPOINT_URL)"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
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
    env.extend(KEYS);
    let capture = Capture::default();
    let config = Config::from_sources(&Env::from_pairs(&env), &files(""))
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
