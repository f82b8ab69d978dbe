//! Client-side cost of one call, with no network: building the input,
//! serializing it, resolving the (cached) endpoint, signing, and parsing
//! the response. `send/*` runs the whole pipeline (fluent builder to parsed
//! output) against an in-memory HTTP client; `sans-io/*` isolates
//! serialize + sign and parse per operation.
//!
//! `cargo bench -p slimaws-example-app --bench client`

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use criterion::{criterion_group, criterion_main, Criterion};
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
struct Canned {
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

fn config(headers: &[(&'static str, &'static str)], body: &'static str) -> Config {
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

const KEY_GROUP_XML: &str = r#"<?xml version="1.0"?><KeyGroup xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>K2JCJMDEHXQW5F</Id><LastModifiedTime>2026-01-02T03:04:06.123Z</LastModifiedTime><KeyGroupConfig><Name>signed-urls-key-group</Name><Items><PublicKey>K3D5EWEUDCCXON</PublicKey><PublicKey>K1Q2W3E4R5T6Y7</PublicKey></Items><Comment>Rotated public keys 2026-01</Comment></KeyGroupConfig></KeyGroup>"#;
const DOMAIN_JSON: &str = r#"{"Domain":{"Arn":"arn:aws:voiceid:us-east-1:123456789012:domain/UFdTcXk0YTJyNXZPNm9ab0","CreatedAt":1.767323045E9,"Description":"Production fraud detection domain","DomainId":"UFdTcXk0YTJyNXZPNm9ab0","DomainStatus":"ACTIVE","Name":"contact-center-prod","ServerSideEncryptionConfiguration":{"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d"},"UpdatedAt":1.767323046E9}}"#;
const KEYS_JSON: &str = r#"{"FailedKeyRegistration":[],"SuccessfulKeyRegistration":[{"KeyArn":"arn:aws:kms:us-west-2:123456789012:key/k","StatusCode":200}],"RequestId":"r-1"}"#;
const CONNECTOR_JSON: &str = r#"{"Arn":"arn:aws:quicksight:us-east-1:123456789012:action-connector/crm","ActionConnectorId":"crm","RequestId":"r-1","UpdateStatus":"UPDATE_SUCCESSFUL"}"#;
const UPGRADE_JSON: &str = r#"{"SelfUpgradeRequestDetail":{"UpgradeRequestId":"u-1","UserName":"alice","OriginalRole":"READER","RequestedRole":"AUTHOR","RequestStatus":"VERIFIED","CreationTime":1767323045},"RequestId":"r-1"}"#;

fn key_group_config() -> KeyGroupConfig {
    KeyGroupConfig::builder()
        .name("signed-urls-key-group")
        .items("K3D5EWEUDCCXON")
        .items("K1Q2W3E4R5T6Y7")
        .comment("Rotated public keys 2026-01")
        .build()
        .unwrap()
}

fn auth_config() -> AuthConfig {
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

fn send(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("send");

    let cf =
        slimaws::cloudfront::Client::new(&config(&[("etag", "E3UN6WX5RRO2AG")], KEY_GROUP_XML));
    group.bench_function("UpdateKeyGroup", |b| {
        b.iter(|| {
            rt.block_on(
                cf.update_key_group()
                    .id("K2JCJMDEHXQW5F")
                    .if_match("E2QWRUHAPOMQZL")
                    .key_group_config(key_group_config())
                    .send(),
            )
            .unwrap()
        })
    });

    let vid = slimaws::voice_id::Client::new(&config(&[], DOMAIN_JSON));
    group.bench_function("UpdateDomain", |b| {
        b.iter(|| {
            rt.block_on(
                vid.update_domain()
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
            .unwrap()
        })
    });

    let qs = slimaws::quicksight::Client::new(&config(&[], KEYS_JSON));
    group.bench_function("UpdateKeyRegistration", |b| {
        b.iter(|| {
            rt.block_on(
                qs.update_key_registration()
                    .aws_account_id("123456789012")
                    .key_registration(
                        RegisteredCustomerManagedKey::builder()
                            .key_arn("arn:aws:kms:us-west-2:123456789012:key/k")
                            .default_key(true)
                            .build(),
                    )
                    .send(),
            )
            .unwrap()
        })
    });

    let qs = slimaws::quicksight::Client::new(&config(&[], CONNECTOR_JSON));
    group.bench_function("UpdateActionConnector", |b| {
        b.iter(|| {
            rt.block_on(
                qs.update_action_connector()
                    .aws_account_id("123456789012")
                    .action_connector_id("crm")
                    .name("CRM Connector")
                    .authentication_config(auth_config())
                    .description("Connector for CRM actions")
                    .send(),
            )
            .unwrap()
        })
    });

    let qs = slimaws::quicksight::Client::new(&config(&[], UPGRADE_JSON));
    group.bench_function("UpdateSelfUpgrade", |b| {
        b.iter(|| {
            rt.block_on(
                qs.update_self_upgrade()
                    .aws_account_id("123456789012")
                    .namespace("default")
                    .upgrade_request_id("u-1")
                    .action(SelfUpgradeAdminAction::Verify)
                    .send(),
            )
            .unwrap()
        })
    });
    group.finish();
}

/// Serializes, then signs the way the client does (absolute URI, Host,
/// cached signing key): the work before the network, without the runtime's
/// endpoint lookup, retries and transport.
fn sign(
    signer: &slimaws::runtime::sign::Signer,
    request: slimaws::runtime::http::Request<Vec<u8>>,
    host: &'static str,
    service: &str,
) -> slimaws::runtime::HttpRequest {
    let creds = slimaws::runtime::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    );
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    let (mut parts, body) = request.into_parts();
    let url = format!("https://{host}{}", parts.uri);
    parts.uri = url.parse().unwrap();
    parts.headers.insert("host", HeaderValue::from_static(host));
    let mut request = slimaws::runtime::http::Request::from_parts(parts, Bytes::from(body));
    signer
        .sign(&mut request, &creds, "us-east-1", service, time)
        .unwrap();
    request
}

/// Per operation: serialize + sign a request, and parse a response.
fn serialize_sign_and_parse(c: &mut Criterion) {
    use slimaws::cloudfront::operation::update_key_group as ukg;
    use slimaws::quicksight::operation::{
        update_action_connector as uac, update_key_registration as ukr, update_self_upgrade as usu,
    };
    use slimaws::voice_id::operation::update_domain as ud;
    let mut group = c.benchmark_group("sans-io");
    let signer = slimaws::runtime::sign::Signer::default();
    let none = HeaderMap::new();

    let input = ukg::Input::builder()
        .id("K2JCJMDEHXQW5F")
        .if_match("E2QWRUHAPOMQZL")
        .key_group_config(key_group_config())
        .build()
        .unwrap();
    group.bench_function("UpdateKeyGroup/serialize+sign", |b| {
        b.iter(|| {
            sign(
                &signer,
                ukg::serialize_request(black_box(&input)).unwrap(),
                "cloudfront.amazonaws.com",
                "cloudfront",
            )
        })
    });
    let mut etag = HeaderMap::new();
    etag.insert("etag", HeaderValue::from_static("E3UN6WX5RRO2AG"));
    group.bench_function("UpdateKeyGroup/parse", |b| {
        b.iter(|| {
            ukg::deserialize_response(200, &etag, black_box(KEY_GROUP_XML.as_bytes())).unwrap()
        })
    });

    let input = ud::Input::builder()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
        .name("contact-center-prod")
        .description("Production fraud detection domain")
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .kms_key_id("arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    group.bench_function("UpdateDomain/serialize+sign", |b| {
        b.iter(|| {
            sign(
                &signer,
                ud::serialize_request(black_box(&input)).unwrap(),
                "voiceid.us-east-1.amazonaws.com",
                "voiceid",
            )
        })
    });
    group.bench_function("UpdateDomain/parse", |b| {
        b.iter(|| ud::deserialize_response(200, &none, black_box(DOMAIN_JSON.as_bytes())).unwrap())
    });

    let input = ukr::Input::builder()
        .aws_account_id("123456789012")
        .key_registration(
            RegisteredCustomerManagedKey::builder()
                .key_arn("arn:aws:kms:us-west-2:123456789012:key/k")
                .default_key(true)
                .build(),
        )
        .build()
        .unwrap();
    group.bench_function("UpdateKeyRegistration/serialize+sign", |b| {
        b.iter(|| {
            sign(
                &signer,
                ukr::serialize_request(black_box(&input)).unwrap(),
                "quicksight.us-east-1.amazonaws.com",
                "quicksight",
            )
        })
    });
    group.bench_function("UpdateKeyRegistration/parse", |b| {
        b.iter(|| ukr::deserialize_response(200, &none, black_box(KEYS_JSON.as_bytes())).unwrap())
    });

    let input = uac::Input::builder()
        .aws_account_id("123456789012")
        .action_connector_id("crm")
        .name("CRM Connector")
        .authentication_config(auth_config())
        .description("Connector for CRM actions")
        .build()
        .unwrap();
    group.bench_function("UpdateActionConnector/serialize+sign", |b| {
        b.iter(|| {
            sign(
                &signer,
                uac::serialize_request(black_box(&input)).unwrap(),
                "quicksight.us-east-1.amazonaws.com",
                "quicksight",
            )
        })
    });
    group.bench_function("UpdateActionConnector/parse", |b| {
        b.iter(|| {
            uac::deserialize_response(200, &none, black_box(CONNECTOR_JSON.as_bytes())).unwrap()
        })
    });

    let input = usu::Input::builder()
        .aws_account_id("123456789012")
        .namespace("default")
        .upgrade_request_id("u-1")
        .action(SelfUpgradeAdminAction::Verify)
        .build()
        .unwrap();
    group.bench_function("UpdateSelfUpgrade/serialize+sign", |b| {
        b.iter(|| {
            sign(
                &signer,
                usu::serialize_request(black_box(&input)).unwrap(),
                "quicksight.us-east-1.amazonaws.com",
                "quicksight",
            )
        })
    });
    group.bench_function("UpdateSelfUpgrade/parse", |b| {
        b.iter(|| {
            usu::deserialize_response(200, &none, black_box(UPGRADE_JSON.as_bytes())).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, send, serialize_sign_and_parse);
criterion_main!(benches);
