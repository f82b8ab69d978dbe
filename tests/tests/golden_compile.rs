//! Compiles every golden output with warnings denied, so a golden that does
//! not build (or warns) fails `cargo test`, and exercises the generated API.
//! Kept apart from `golden.rs` so goldens can be regenerated even when the
//! committed ones no longer compile.

#![deny(warnings)]
// Mounted modules are not all used by the tests below.
#![allow(dead_code)]

/// Generated code reaches the runtime as `crate::runtime`, as in `slimaws`.
use slimaws::runtime;

macro_rules! golden {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[path = $path]
            pub mod $name;
        )*
    };
}

golden! {
    docs => "../golden/docs/expected/mod.rs",
    enums => "../golden/enums/expected/mod.rs",
    errors => "../golden/errors/expected/mod.rs",
    features => "../golden/features/expected/mod.rs",
    naming => "../golden/naming/expected/mod.rs",
    recursion => "../golden/recursion/expected/mod.rs",
    sensitive => "../golden/sensitive/expected/mod.rs",
    shapes => "../golden/shapes/expected/mod.rs",
    unions => "../golden/unions/expected/mod.rs",
}

use std::collections::HashMap;

#[test]
fn builder_reports_every_missing_required_member() {
    let err = shapes::types::PutEverythingInput::builder()
        .count(3)
        .build()
        .unwrap_err();
    assert_eq!(err.shape(), "PutEverythingInput");
    assert_eq!(err.missing_members(), ["Id", "Name"]);
    assert_eq!(
        err.to_string(),
        "cannot build PutEverythingInput: missing required members Id, Name"
    );

    let ok = shapes::types::PutEverythingInput::builder()
        .id("abc")
        .name("n")
        .tags("a")
        .tags("b")
        .labels("k", 1)
        .color("GREEN")
        .build()
        .unwrap();
    assert_eq!(ok.id, "abc");
    assert_eq!(
        ok.tags.as_deref(),
        Some(&["a".to_owned(), "b".to_owned()][..])
    );
    assert_eq!(ok.labels, Some(HashMap::from([("k".to_owned(), 1)])));
    assert_eq!(ok.color, Some(shapes::types::Color::Green));
    assert_eq!(ok.count, None);
}

#[test]
fn sensitive_members_are_redacted_in_debug_everywhere() {
    use sensitive::types::*;
    let req = StoreSecretRequest::builder()
        .name("visible-name")
        .value("hunter2")
        .token("tok-secret")
        .recovery_codes("code-secret")
        .headers("h", "map-secret")
        .owner(
            Owner::builder()
                .id("owner-id")
                .email("me@secret.example")
                .build(),
        )
        .card(Card::builder().number("4111-secret").build())
        .pin(1234)
        .key(runtime::Blob::from("blob-secret"))
        .build()
        .unwrap();
    let debug = format!("{req:?}");
    for secret in [
        "hunter2",
        "tok-secret",
        "code-secret",
        "map-secret",
        "me@secret",
        "4111",
        "1234",
        "blob-secret",
    ] {
        assert!(!debug.contains(secret), "{secret} leaked: {debug}");
    }
    assert!(
        debug.contains("visible-name") && debug.contains("owner-id"),
        "{debug}"
    );
    assert!(debug.contains("*** Sensitive Data Redacted ***"));
    // Builders hide them too, and so does a list of structures.
    let builder = format!("{:?}", StoreSecretRequest::builder().value("hunter2"));
    assert!(!builder.contains("hunter2"), "{builder}");
    let resp = StoreSecretResponse::builder()
        .owners(Owner::builder().email("listed@secret.example").build())
        .build();
    assert!(!format!("{resp:?}").contains("listed@secret"));
    // A union's sensitive variant.
    let creds = unions::types::Credentials::ApiKey("key-secret".into());
    assert_eq!(
        format!("{creds:?}"),
        "ApiKey(*** Sensitive Data Redacted ***)"
    );
}

#[test]
fn enums_round_trip_and_keep_unknown_values() {
    use enums::types::*;
    for v in RegionName::values() {
        assert_eq!(RegionName::from(*v).as_str(), *v);
    }
    assert_eq!(RegionName::from("eu-west-3"), RegionName::EuWest3);
    let new = RegionName::from("mars-north-1");
    assert!(matches!(new, RegionName::Unknown(_)));
    assert_eq!(new.as_str(), "mars-north-1");
    assert_eq!(SslProtocol::from("TLSv1.2_2021"), SslProtocol::TlsV1_2_2021);
    // Values that normalise to the same name stay distinct.
    assert_eq!(StatusCode::from("ApiKey").as_str(), "ApiKey");
    assert_eq!(StatusCode::from("API_KEY").as_str(), "API_KEY");
    assert_ne!(StatusCode::from("ApiKey"), StatusCode::from("API_KEY"));
    // A modeled value spelled "Unknown" is not the catch-all.
    assert!(!matches!(
        StatusCode::from("Unknown"),
        StatusCode::Unknown(_)
    ));
    assert_eq!("self".parse::<Kind>().unwrap().to_string(), "self");
}

#[test]
fn unions_and_recursive_shapes() {
    use recursion::types::*;
    let leaf = TreeNode::builder().label("leaf").build().unwrap();
    let root = TreeNode::builder()
        .label("root")
        .left(leaf.clone())
        .children(leaf.clone())
        .build()
        .unwrap();
    assert_eq!(root.left.as_deref(), Some(&leaf));
    let expr = Expression::Not(
        Negation::builder()
            .operand(Expression::Literal("x".into()))
            .build()
            .unwrap(),
    );
    assert!(expr.as_not().is_some());
    assert!(!expr.is_unknown());
    assert!(Expression::Unknown(runtime::UnknownValue::new("Xor")).is_unknown());
}

#[test]
fn errors_carry_codes_and_messages() {
    use errors::operation::delete_thing::DeleteThingError;
    use errors::types::*;
    let e = DeleteThingError::NoSuchThing(NoSuchThing::builder().message("gone").build());
    assert_eq!(e.code(), Some("NoSuchThing"));
    assert_eq!(e.to_string(), "NoSuchThing: gone");
    let t = ThrottledException::builder()
        .message("slow down")
        .build()
        .unwrap();
    assert_eq!(ThrottledException::CODE, "Throttling");
    assert_eq!(t.message(), Some("slow down"));
    // A modeled error named `Unhandled` does not clash with the catch-all.
    let clash = DeleteThingError::Unhandled_(Unhandled::builder().build());
    assert_eq!(clash.code(), Some("Unhandled"));
    let other = DeleteThingError::Unhandled(runtime::UnhandledError::from_response(
        Some("Weird".into()),
        None,
        Some("rid".into()),
        418,
    ));
    assert_eq!(other.code(), Some("Weird"));
    let _: errors::operation::delete_thing::Output = ();
}

#[test]
fn awkward_names_are_usable() {
    use naming::types::*;
    let req = UpdateIamConnectionRequest::builder()
        .connection_id("c1")
        .r#type("t")
        .self_("s")
        .r#match(true)
        .build_value("b")
        .too_many_distribution_cnames(true)
        .notification_arns("arn:aws:sns:x")
        .option(Option::builder().some("x").build())
        .r#box(Box::Large)
        .build()
        .unwrap();
    assert_eq!(req.r#type.as_deref(), Some("t"));
    assert_eq!(req.build_value.as_deref(), Some("b"));
    assert_eq!(req.r#box, Some(Box::Large));
    let _ = (
        ApiKey::builder().build(),
        ApiKey2::builder().build(),
        Vec::builder().x(1.0).build(),
    );
}

#[test]
fn unset_idempotency_tokens_are_filled_required_or_not() {
    use features::operation::create_widget::fill_idempotency_tokens;
    use features::types::CreateWidgetRequest;
    let counter = std::cell::Cell::new(0);
    let next = || {
        counter.set(counter.get() + 1);
        format!("token-{}", counter.get())
    };
    // `ClientToken` is required, yet the builder may leave it unset.
    let filled = fill_idempotency_tokens(CreateWidgetRequest::builder().name("w"), &next)
        .build()
        .unwrap();
    assert_eq!(filled.client_token, "token-1");
    assert_eq!(filled.retry_token.as_deref(), Some("token-2"));
    assert_eq!(filled.description, None, "only token members are filled");
    // Tokens the caller set are kept, and no token is made for them.
    let kept = fill_idempotency_tokens(
        CreateWidgetRequest::builder()
            .name("w")
            .client_token("mine")
            .retry_token("also mine"),
        &next,
    )
    .build()
    .unwrap();
    assert_eq!(
        (kept.client_token.as_str(), kept.retry_token.as_deref()),
        ("mine", Some("also mine"))
    );
    assert_eq!(counter.get(), 2);
}

#[test]
fn request_compression_and_checksum_reach_the_operation_spec() {
    use features::operation::create_widget::{serialize_request, OPERATION};
    use features::types::CreateWidgetRequest;
    assert_eq!(OPERATION.request_compression, ["gzip"]);
    assert!(OPERATION.request_checksum_required);
    let input = CreateWidgetRequest::builder()
        .name("w")
        .client_token("t")
        .description("d".repeat(200))
        .build()
        .unwrap();
    let config = runtime::Config::builder()
        .request_min_compression_size_bytes(64)
        .build();
    let mut request = serialize_request(&input).unwrap();
    let serialized = request.body().clone();
    assert!(runtime::compress_request(&OPERATION, &config, &mut request));
    assert_eq!(request.headers()["content-encoding"], "gzip");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&request.body()[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, serialized);
    // The checksum is of the compressed body, as botocore computes it.
    assert!(runtime::add_required_checksum(&OPERATION, &mut request));
    assert!(request.headers().contains_key("x-amz-checksum-crc32"));
    // Operations without the trait are left alone, whatever their size.
    let mut plain = sensitive::operation::store_secret::serialize_request(
        &sensitive::types::StoreSecretRequest::builder()
            .name("n".repeat(200))
            .value("v")
            .build()
            .unwrap(),
    )
    .unwrap();
    assert!(!runtime::compress_request(
        &sensitive::operation::store_secret::OPERATION,
        &config,
        &mut plain
    ));
}

/// `send` of the `features` fixture through a capturing client: unset
/// tokens come from the config's generator, the body is gzipped above the
/// threshold and checksummed after that, as botocore sends it.
#[tokio::test]
async fn send_fills_tokens_compresses_and_checksums() {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use features::operation::create_widget::CreateWidgetFluentBuilder;
    use runtime::{HttpClient, HttpRequest, HttpResponse, TransportError};

    #[derive(Clone, Debug, Default)]
    struct Capture(Arc<Mutex<Vec<HttpRequest>>>);
    impl HttpClient for Capture {
        fn send(
            &self,
            request: HttpRequest,
        ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>>
        {
            self.0.lock().unwrap().push(request);
            let body = runtime::bytes::Bytes::from_static(br#"{"Id":"w-1"}"#);
            Box::pin(async { Ok(runtime::http::Response::new(body)) })
        }
    }
    // The fixture has no endpoint rules; these answer with the override URL.
    static SERVICE: runtime::ServiceSpec = runtime::ServiceSpec {
        service_id: "Widgets",
        signing_name: "widgets",
        protocol: runtime::Protocol::AwsJson1_1,
        endpoint_rules: r#"{"version": "1.0",
            "parameters": {"Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}},
            "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"}]}"#,
        partitions: include_str!("../../models/partitions.json"),
        api_version: "2024-01-01",
    };

    let capture = Capture::default();
    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    let config = runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url("https://widgets.example")
        .http_client(capture.clone())
        .idempotency_token_generator(move || {
            format!("tok-{}", counter.fetch_add(1, Ordering::SeqCst) + 1)
        })
        .build();
    let handle = runtime::Handle::new(&config, &SERVICE);
    let big = "d".repeat(20_000);
    let out = CreateWidgetFluentBuilder::new(handle.clone())
        .name("w")
        .description(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(out.id.as_deref(), Some("w-1"));
    CreateWidgetFluentBuilder::new(handle)
        .name("small")
        .client_token("mine")
        .send()
        .await
        .unwrap();

    let sent = capture.0.lock().unwrap();
    let (first, second) = (&sent[0], &sent[1]);
    assert_eq!(first.headers()["content-encoding"], "gzip");
    assert_eq!(
        first.headers()["content-length"],
        first.body().len().to_string().as_str()
    );
    let mut body = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&first.body()[..]),
        &mut body,
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["ClientToken"], "tok-1");
    assert_eq!(json["RetryToken"], "tok-2");
    assert_eq!(json["Description"], big.as_str());
    // The checksum is of the bytes sent, the compressed ones.
    let mut recomputed = runtime::http::Request::new(first.body().to_vec());
    runtime::add_required_checksum(
        &features::operation::create_widget::OPERATION,
        &mut recomputed,
    );
    assert_eq!(
        first.headers()["x-amz-checksum-crc32"],
        recomputed.headers()["x-amz-checksum-crc32"]
    );
    let auth = first.headers()["authorization"].to_str().unwrap();
    assert!(auth.contains("content-encoding;"), "{auth}");

    // Small: sent as it is; the caller's token kept, only the other one made.
    assert!(second.headers().get("content-encoding").is_none());
    let json: serde_json::Value = serde_json::from_slice(second.body()).unwrap();
    assert_eq!(json["ClientToken"], "mine");
    assert_eq!(json["RetryToken"], "tok-3");
    assert_eq!(made.load(Ordering::SeqCst), 3);
    assert!(second.headers().contains_key("x-amz-checksum-crc32"));
}
