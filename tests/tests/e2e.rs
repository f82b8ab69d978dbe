//! End to end: each operation's full `send().await` path (endpoint override,
//! signing, the real hyper transport, retries, parsing) against a scripted
//! HTTP server on loopback.

#[path = "e2e/server.rs"]
mod server;

use std::time::Duration;

use server::{reply, Reply, Server};
use slimaws::cloudfront::operation::update_key_group::UpdateKeyGroupError;
use slimaws::cloudfront::types::KeyGroupConfig;
use slimaws::quicksight::operation::update_action_connector::UpdateActionConnectorError;
use slimaws::quicksight::types::{
    AuthConfig, AuthenticationMetadata, ConnectionAuthType, NoneConnectionMetadata,
    RegisteredCustomerManagedKey, SelfUpgradeAdminAction,
};
use slimaws::runtime::{Config, ErrorKind};
use slimaws::voice_id::operation::update_domain::UpdateDomainError;
use slimaws::voice_id::types::ServerSideEncryptionConfiguration;

fn config(server: &Server) -> Config {
    Config::builder()
        .region("us-east-1")
        .static_credentials(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .endpoint_url(&server.url)
        .retry_base_delay(Duration::from_millis(1))
        .operation_attempt_timeout(Duration::from_secs(5))
        .build()
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn update_key_registration_round_trip() {
    let server = Server::start(vec![reply(
        200,
        &[JSON, ("x-amzn-requestid", "r-1")],
        r#"{"SuccessfulKeyRegistration":[{"KeyArn":"arn:k","StatusCode":200}],"RequestId":"r-1"}"#,
    )])
    .await;
    let out = slimaws::quicksight::Client::new(&config(&server))
        .update_key_registration()
        .aws_account_id("123456789012")
        .key_registration(
            RegisteredCustomerManagedKey::builder()
                .key_arn("arn:k")
                .default_key(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let ok = out.successful_key_registration.unwrap();
    assert_eq!((ok[0].key_arn.as_str(), ok[0].status_code), ("arn:k", 200));
    let seen = &server.seen()[0];
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/accounts/123456789012/key-registration")
    );
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        r#"{"KeyRegistration": [{"KeyArn": "arn:k", "DefaultKey": true}]}"#
    );
    assert!(seen
        .header("authorization")
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    assert!(seen
        .header("authorization")
        .unwrap()
        .contains("/us-east-1/quicksight/aws4_request"));
    assert_eq!(seen.header("amz-sdk-request"), Some("attempt=1; max=3"));
}

fn connector(
    server: &Server,
) -> slimaws::quicksight::operation::update_action_connector::UpdateActionConnectorFluentBuilder {
    slimaws::quicksight::Client::new(&config(server))
        .update_action_connector()
        .aws_account_id("123456789012")
        .action_connector_id("crm")
        .name("CRM")
        .authentication_config(
            AuthConfig::builder()
                .authentication_type(ConnectionAuthType::None)
                .authentication_metadata(AuthenticationMetadata::NoneConnectionMetadata(
                    NoneConnectionMetadata::builder()
                        .base_endpoint("https://crm.example")
                        .build()
                        .unwrap(),
                ))
                .build()
                .unwrap(),
        )
}

#[tokio::test]
async fn update_action_connector_status_and_modeled_rest_json_error() {
    let server = Server::start(vec![
        reply(
            202,
            &[JSON],
            r#"{"ActionConnectorId":"crm","UpdateStatus":"UPDATE_IN_PROGRESS"}"#,
        ),
        reply(
            404,
            &[
                JSON,
                (
                    "x-amzn-errortype",
                    "ResourceNotFoundException:http://internal",
                ),
                ("x-amzn-requestid", "r-404"),
            ],
            r#"{"Message":"no such connector","ResourceType":"ACTION_CONNECTOR"}"#,
        ),
    ])
    .await;
    let out = connector(&server).send().await.unwrap();
    assert_eq!(out.status, Some(202), "Status is bound to the HTTP status");
    assert_eq!(out.update_status.unwrap().as_str(), "UPDATE_IN_PROGRESS");

    let err = connector(&server).send().await.unwrap_err();
    let UpdateActionConnectorError::ResourceNotFoundException(e) = &err else {
        panic!("expected ResourceNotFoundException, got {err:?}");
    };
    assert_eq!(e.message(), Some("no such connector"));
    assert_eq!(
        e.resource_type.as_ref().map(|t| t.as_str()),
        Some("ACTION_CONNECTOR")
    );
    assert_eq!(err.meta().request_id(), Some("r-404"));
    assert_eq!(
        err.to_string(),
        "ResourceNotFoundException: no such connector (HTTP 404, request id r-404)"
    );
    assert!(!err.is_retryable());
    assert_eq!(server.seen().len(), 2, "a 404 is not retried");
    let body: serde_json::Value = serde_json::from_slice(&server.seen()[0].body).unwrap();
    assert_eq!(
        body["AuthenticationConfig"]["AuthenticationMetadata"]["NoneConnectionMetadata"]
            ["BaseEndpoint"],
        "https://crm.example"
    );
}

#[tokio::test]
async fn update_self_upgrade_retries_after_429() {
    let server = Server::start(vec![
        reply(429, &[JSON, ("x-amzn-errortype", "ThrottlingException")], r#"{"Message":"slow down"}"#),
        reply(200, &[JSON], r#"{"SelfUpgradeRequestDetail":{"UpgradeRequestId":"u-1","RequestStatus":"VERIFIED"},"RequestId":"r-2"}"#),
    ])
    .await;
    let out = slimaws::quicksight::Client::new(&config(&server))
        .update_self_upgrade()
        .aws_account_id("123456789012")
        .namespace("default")
        .upgrade_request_id("u-1")
        .action(SelfUpgradeAdminAction::Verify)
        .send()
        .await
        .unwrap();
    assert_eq!(out.request_id.as_deref(), Some("r-2"));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert_eq!(seen[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
    assert_eq!(
        seen[0].header("amz-sdk-invocation-id"),
        seen[1].header("amz-sdk-invocation-id")
    );
}

fn key_group(
    server: &Server,
) -> slimaws::cloudfront::operation::update_key_group::UpdateKeyGroupFluentBuilder {
    slimaws::cloudfront::Client::new(&config(server))
        .update_key_group()
        .id("K1")
        .if_match("E1")
        .key_group_config(
            KeyGroupConfig::builder()
                .name("signers")
                .items("PK1")
                .items("PK2")
                .build()
                .unwrap(),
        )
}

#[tokio::test]
async fn update_key_group_etag_and_modeled_rest_xml_error() {
    let ok_body = r#"<?xml version="1.0"?><KeyGroup xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>K1</Id><LastModifiedTime>2026-01-02T03:04:06.123Z</LastModifiedTime><KeyGroupConfig><Name>signers</Name><Items><PublicKey>PK1</PublicKey><PublicKey>PK2</PublicKey></Items></KeyGroupConfig></KeyGroup>"#;
    let error_body = r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>PreconditionFailed</Code><Message>ETag mismatch</Message></Error><RequestId>r-412</RequestId></ErrorResponse>"#;
    let server = Server::start(vec![
        reply(503, &[], "busy"),
        reply(
            200,
            &[("etag", "E2"), ("content-type", "text/xml")],
            ok_body,
        ),
        reply(412, &[("content-type", "text/xml")], error_body),
    ])
    .await;
    let out = key_group(&server).send().await.unwrap();
    assert_eq!(out.e_tag.as_deref(), Some("E2"));
    let group = out.key_group.unwrap();
    assert_eq!(group.key_group_config.items, ["PK1", "PK2"]);
    assert_eq!(group.last_modified_time.unix_timestamp(), 1_767_323_046);

    let seen = server.seen();
    assert_eq!(seen.len(), 2, "the 503 was retried");
    assert_eq!(
        (seen[1].method.as_str(), seen[1].target.as_str()),
        ("PUT", "/2020-05-31/key-group/K1")
    );
    assert_eq!(seen[1].header("if-match"), Some("E1"));
    assert!(seen[1]
        .header("authorization")
        .unwrap()
        .contains("/us-east-1/cloudfront/aws4_request"));
    assert_eq!(
        String::from_utf8_lossy(&seen[1].body),
        r#"<KeyGroupConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Name>signers</Name><Items><PublicKey>PK1</PublicKey><PublicKey>PK2</PublicKey></Items></KeyGroupConfig>"#
    );

    let err = key_group(&server).send().await.unwrap_err();
    assert!(
        matches!(err, UpdateKeyGroupError::PreconditionFailed(_)),
        "{err:?}"
    );
    assert_eq!(err.meta().request_id(), Some("r-412"));
    assert_eq!(err.meta().message(), Some("ETag mismatch"));
}

fn domain(
    server: &Server,
) -> slimaws::voice_id::operation::update_domain::UpdateDomainFluentBuilder {
    slimaws::voice_id::Client::new(&config(server))
        .update_domain()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
        .name("prod")
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .kms_key_id("alias/k")
                .build()
                .unwrap(),
        )
}

#[tokio::test]
async fn update_domain_modeled_aws_json_error_is_not_retried() {
    let server = Server::start(vec![
        reply(
            400,
            &[("content-type", "application/x-amz-json-1.0"), ("x-amzn-requestid", "r-400")],
            r#"{"__type":"com.amazonaws.voiceid#ValidationException","Message":"bad domain"}"#,
        ),
        reply(
            200,
            &[("content-type", "application/x-amz-json-1.0")],
            r#"{"Domain":{"DomainId":"UFdTcXk0YTJyNXZPNm9ab0","Name":"prod","DomainStatus":"ACTIVE","CreatedAt":1767323046.5}}"#,
        ),
    ])
    .await;
    let err = domain(&server).send().await.unwrap_err();
    let UpdateDomainError::ValidationException(e) = &err else {
        panic!("expected ValidationException, got {err:?}");
    };
    assert_eq!(e.message(), Some("bad domain"));
    assert_eq!(server.seen().len(), 1, "a 400 is not retried");
    let seen = &server.seen()[0];
    assert_eq!(seen.header("x-amz-target"), Some("VoiceID.UpdateDomain"));
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-amz-json-1.0")
    );

    let out = domain(&server).send().await.unwrap();
    let d = out.domain.unwrap();
    assert_eq!(d.domain_status.unwrap().as_str(), "ACTIVE");
    assert_eq!(
        d.created_at.unwrap().unix_timestamp_nanos(),
        1_767_323_046_500_000_000
    );
}

#[tokio::test]
async fn a_silent_server_times_out_on_every_attempt() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let config = config(&server)
        .to_builder()
        .operation_attempt_timeout(Duration::from_millis(200))
        .max_attempts(2)
        .build();
    let err = slimaws::voice_id::Client::new(&config)
        .update_domain()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0") // 22 characters: the model's min
        .name("n")
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .kms_key_id("k")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    let UpdateDomainError::Unhandled(u) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(u.kind(), ErrorKind::Timeout);
    assert!(err.is_retryable());
    assert_eq!(server.seen().len(), 2, "each of the 2 attempts timed out");
}

#[tokio::test]
async fn missing_required_members_fail_before_any_request() {
    let server = Server::start(vec![]).await;
    let err = slimaws::cloudfront::Client::new(&config(&server))
        .update_key_group()
        .if_match("E1")
        .send()
        .await
        .unwrap_err();
    let UpdateKeyGroupError::Unhandled(u) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(u.kind(), ErrorKind::Construction);
    assert!(
        err.to_string()
            .contains("missing required members KeyGroupConfig, Id"),
        "{err}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn header_values_with_line_breaks_are_rejected_before_sending() {
    let server = Server::start(vec![]).await;
    let err = key_group(&server)
        .if_match("E1\r\nX-Injected: yes")
        .send()
        .await
        .unwrap_err();
    let UpdateKeyGroupError::Unhandled(u) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(u.kind(), ErrorKind::Construction);
    assert!(server.seen().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn hostile_labels_stay_inside_their_path_segment() {
    for id in [
        "../../admin",
        "a/b",
        "x?y=1",
        "frag#ment",
        "sp ace",
        "é/..",
        "..",
    ] {
        let server = Server::start(vec![reply(200, &[("etag", "E")], "")]).await;
        let _ = key_group(&server).id(id).send().await;
        let target = server.seen()[0].target.clone();
        let label = target
            .strip_prefix("/2020-05-31/key-group/")
            .unwrap_or_else(|| panic!("{id}: {target}"));
        assert!(
            !label.contains('/')
                && !label.contains('?')
                && !label.contains('#')
                && !label.contains(' '),
            "{id}: {target}"
        );
        assert_ne!(label, "..", "{id}: {target}");
        let decoded = percent_decode(label);
        assert_eq!(decoded, id, "{id}: the label round-trips");
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output() {
    let config = Config::builder()
        .region("us-east-1")
        .static_credentials(
            "AKIDEXAMPLE",
            "super-secret-key",
            Some("session-token-secret".into()),
        )
        .build();
    let debug = format!("{config:?}");
    assert!(
        !debug.contains("super-secret-key") && !debug.contains("session-token-secret"),
        "{debug}"
    );
    let builder = connector(&Server::start(vec![]).await).authentication_config(
        AuthConfig::builder()
            .authentication_type(ConnectionAuthType::ApiKey)
            .authentication_metadata(AuthenticationMetadata::ApiKeyConnectionMetadata(
                slimaws::quicksight::types::ApiKeyConnectionMetadata::builder()
                    .base_endpoint("https://x")
                    .api_key("sk-live-123")
                    .build()
                    .unwrap(),
            ))
            .build()
            .unwrap(),
    );
    let debug = format!("{builder:?}");
    assert!(!debug.contains("sk-live-123"), "{debug}");
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn truncated_or_hostile_bodies_are_parse_errors() {
    let server = Server::start(vec![
        reply(
            200,
            &[("content-type", "text/xml")],
            "<KeyGroup><Id>K1</Id><KeyGroupConf",
        ),
        reply(200, &[("content-type", "text/xml")], &"<a>".repeat(100_000)),
        reply(
            412,
            &[("content-type", "text/xml")],
            "<ErrorResponse><Error><Code>PreconditionFailed",
        ),
    ])
    .await;
    for _ in 0..3 {
        let err = key_group(&server).send().await.unwrap_err();
        match &err {
            UpdateKeyGroupError::Unhandled(u) => {
                assert!(
                    matches!(u.kind(), ErrorKind::Response | ErrorKind::Service),
                    "{err:?}"
                )
            }
            // A truncated error body still names a code botocore would read.
            UpdateKeyGroupError::PreconditionFailed(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    let domain_server = Server::start(vec![reply(200, &[], r#"{"Domain": {"DomainId": "#)]).await;
    let err = domain(&domain_server).send().await.unwrap_err();
    let UpdateDomainError::Unhandled(u) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(u.kind(), ErrorKind::Response, "{err}");
    assert_eq!(u.status(), Some(200));
}
