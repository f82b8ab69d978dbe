//! Client-side cost of one call, with no network: building the input,
//! serializing it, resolving the (cached) endpoint, signing, and parsing
//! the response. `send/*` runs the whole pipeline (fluent builder to parsed
//! output) against an in-memory HTTP client; `sans-io/*` isolates
//! serialize + sign and parse per operation.
//!
//! `cargo bench -p slimaws-example-app --bench client`

mod calls;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use calls::*;
use criterion::{criterion_group, criterion_main, Criterion};
use slimaws::quicksight::types::{RegisteredCustomerManagedKey, SelfUpgradeAdminAction};
use slimaws::runtime::bytes::Bytes;
use slimaws::runtime::http::{HeaderMap, HeaderValue};
use slimaws::voice_id::types::ServerSideEncryptionConfiguration;

fn send(c: &mut Criterion) {
    let calls = Calls::default();
    let mut group = c.benchmark_group("send");
    for operation in OPERATIONS {
        group.bench_function(operation, |b| b.iter(|| calls.call(black_box(operation))));
    }
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
