//! The five calls the benchmarks and `examples/calls.rs` make: each goes
//! through the whole client (fluent builder, serializer, cached endpoint,
//! signing, retry loop, parser) against an in-memory HTTP client that
//! answers at once with a canned response.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use slimaws::cloudfront::types::KeyGroupConfig;
use slimaws::quicksight::types::{
    AuthConfig, AuthenticationMetadata, ConnectionAuthType, NoneConnectionMetadata,
    RegisteredCustomerManagedKey, SelfUpgradeAdminAction,
};
use slimaws::runtime::bytes::Bytes;
use slimaws::runtime::http::{HeaderMap, HeaderValue, Response};
use slimaws::runtime::{Config, HttpClient, HttpRequest, HttpResponse, TransportError};
use slimaws::voice_id::types::ServerSideEncryptionConfiguration;

/// Answers every request at once with a fixed response.
#[derive(Debug, Clone)]
pub struct Canned {
    headers: HeaderMap,
    body: Bytes,
}

impl HttpClient for Canned {
    fn send(
        &self,
        _request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>> {
        let mut response = Response::new(self.body.clone());
        *response.headers_mut() = self.headers.clone();
        Box::pin(async move { Ok(response) })
    }
}

pub fn config(headers: &[(&'static str, &'static str)], body: &'static str) -> Config {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        map.insert(*k, HeaderValue::from_static(v));
    }
    Config::builder()
        .region("us-east-1")
        .static_credentials(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .time_source(|| SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_323_045))
        .http_client(Canned {
            headers: map,
            body: Bytes::from_static(body.as_bytes()),
        })
        .build()
}

pub const KEY_GROUP_XML: &str = r#"<?xml version="1.0"?><KeyGroup xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>K2JCJMDEHXQW5F</Id><LastModifiedTime>2026-01-02T03:04:06.123Z</LastModifiedTime><KeyGroupConfig><Name>signed-urls-key-group</Name><Items><PublicKey>K3D5EWEUDCCXON</PublicKey><PublicKey>K1Q2W3E4R5T6Y7</PublicKey></Items><Comment>Rotated public keys 2026-01</Comment></KeyGroupConfig></KeyGroup>"#;
pub const DOMAIN_JSON: &str = r#"{"Domain":{"Arn":"arn:aws:voiceid:us-east-1:123456789012:domain/UFdTcXk0YTJyNXZPNm9ab0","CreatedAt":1.767323045E9,"Description":"Production fraud detection domain","DomainId":"UFdTcXk0YTJyNXZPNm9ab0","DomainStatus":"ACTIVE","Name":"contact-center-prod","ServerSideEncryptionConfiguration":{"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d"},"UpdatedAt":1.767323046E9}}"#;
pub const KEYS_JSON: &str = r#"{"FailedKeyRegistration":[],"SuccessfulKeyRegistration":[{"KeyArn":"arn:aws:kms:us-west-2:123456789012:key/k","StatusCode":200}],"RequestId":"r-1"}"#;
pub const CONNECTOR_JSON: &str = r#"{"Arn":"arn:aws:quicksight:us-east-1:123456789012:action-connector/crm","ActionConnectorId":"crm","RequestId":"r-1","UpdateStatus":"UPDATE_SUCCESSFUL"}"#;
pub const UPGRADE_JSON: &str = r#"{"SelfUpgradeRequestDetail":{"UpgradeRequestId":"u-1","UserName":"alice","OriginalRole":"READER","RequestedRole":"AUTHOR","RequestStatus":"VERIFIED","CreationTime":1767323045},"RequestId":"r-1"}"#;

pub fn key_group_config() -> KeyGroupConfig {
    KeyGroupConfig::builder()
        .name("signed-urls-key-group")
        .items("K3D5EWEUDCCXON")
        .items("K1Q2W3E4R5T6Y7")
        .comment("Rotated public keys 2026-01")
        .build()
        .unwrap()
}

pub fn auth_config() -> AuthConfig {
    AuthConfig::builder()
        .authentication_type(ConnectionAuthType::None)
        .authentication_metadata(AuthenticationMetadata::NoneConnectionMetadata(
            NoneConnectionMetadata::builder()
                .base_endpoint("https://api.example-crm.com/v2")
                .build()
                .unwrap(),
        ))
        .build()
        .unwrap()
}

/// Operation names, as the benchmarks and the example name them.
pub const OPERATIONS: [&str; 5] = [
    "UpdateKeyGroup",
    "UpdateDomain",
    "UpdateKeyRegistration",
    "UpdateActionConnector",
    "UpdateSelfUpgrade",
];

/// A client per operation, each with its canned response, on one
/// single-threaded runtime.
pub struct Calls {
    rt: tokio::runtime::Runtime,
    cloudfront: slimaws::cloudfront::Client,
    voice_id: slimaws::voice_id::Client,
    keys: slimaws::quicksight::Client,
    connector: slimaws::quicksight::Client,
    upgrade: slimaws::quicksight::Client,
}

impl Default for Calls {
    fn default() -> Calls {
        Calls {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            cloudfront: slimaws::cloudfront::Client::new(&config(
                &[("etag", "E3UN6WX5RRO2AG")],
                KEY_GROUP_XML,
            )),
            voice_id: slimaws::voice_id::Client::new(&config(&[], DOMAIN_JSON)),
            keys: slimaws::quicksight::Client::new(&config(&[], KEYS_JSON)),
            connector: slimaws::quicksight::Client::new(&config(&[], CONNECTOR_JSON)),
            upgrade: slimaws::quicksight::Client::new(&config(&[], UPGRADE_JSON)),
        }
    }
}

impl Calls {
    /// One call of `operation` (one of [`OPERATIONS`]), from building its
    /// input to the parsed output.
    pub fn call(&self, operation: &str) {
        match operation {
            "UpdateKeyGroup" => {
                self.rt
                    .block_on(
                        self.cloudfront
                            .update_key_group()
                            .id("K2JCJMDEHXQW5F")
                            .if_match("E2QWRUHAPOMQZL")
                            .key_group_config(key_group_config())
                            .send(),
                    )
                    .unwrap();
            }
            "UpdateDomain" => {
                self.rt
                    .block_on(
                        self.voice_id
                            .update_domain()
                            .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
                            .name("contact-center-prod")
                            .description("Production fraud detection domain")
                            .server_side_encryption_configuration(
                                ServerSideEncryptionConfiguration::builder()
                                    .kms_key_id("arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d")
                                    .build()
                                    .unwrap(),
                            )
                            .send(),
                    )
                    .unwrap();
            }
            "UpdateKeyRegistration" => {
                self.rt
                    .block_on(
                        self.keys
                            .update_key_registration()
                            .aws_account_id("123456789012")
                            .key_registration(
                                RegisteredCustomerManagedKey::builder()
                                    .key_arn("arn:aws:kms:us-west-2:123456789012:key/k")
                                    .default_key(true)
                                    .build(),
                            )
                            .send(),
                    )
                    .unwrap();
            }
            "UpdateActionConnector" => {
                self.rt
                    .block_on(
                        self.connector
                            .update_action_connector()
                            .aws_account_id("123456789012")
                            .action_connector_id("crm")
                            .name("CRM Connector")
                            .authentication_config(auth_config())
                            .description("Connector for CRM actions")
                            .send(),
                    )
                    .unwrap();
            }
            "UpdateSelfUpgrade" => {
                self.rt
                    .block_on(
                        self.upgrade
                            .update_self_upgrade()
                            .aws_account_id("123456789012")
                            .namespace("default")
                            .upgrade_request_id("u-1")
                            .action(SelfUpgradeAdminAction::Verify)
                            .send(),
                    )
                    .unwrap();
            }
            other => panic!("unknown operation {other}"),
        }
    }
}
