//! Compiles every golden output with warnings denied, so a golden that does
//! not build (or warns) fails `cargo test`, and exercises the generated API.
//! Kept apart from `golden.rs` so goldens can be regenerated even when the
//! committed ones no longer compile.

#![deny(warnings)]
// Mounted modules are not all used by the tests below.
#![allow(dead_code)]

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
    addressing => "../golden/addressing/expected/mod.rs",
    docs => "../golden/docs/expected/mod.rs",
    enums => "../golden/enums/expected/mod.rs",
    errors => "../golden/errors/expected/mod.rs",
    events => "../golden/events/expected/mod.rs",
    features => "../golden/features/expected/mod.rs",
    naming => "../golden/naming/expected/mod.rs",
    pagination => "../golden/pagination/expected/mod.rs",
    recursion => "../golden/recursion/expected/mod.rs",
    rpcv2 => "../golden/rpcv2/expected/mod.rs",
    sensitive => "../golden/sensitive/expected/mod.rs",
    shapes => "../golden/shapes/expected/mod.rs",
    streaming => "../golden/streaming/expected/mod.rs",
    unions => "../golden/unions/expected/mod.rs",
    validation => "../golden/validation/expected/mod.rs",
    waiting => "../golden/waiting/expected/mod.rs",
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
    // A union holding itself is boxed, and lent as itself.
    let grouped = Expression::Grouped(Box::new(expr.clone()));
    assert_eq!(grouped.as_grouped(), Some(&expr));
    assert_eq!(grouped.as_not(), None);
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

/// `Debug` is derived where it prints what the written impls print (the
/// model's names, nothing redacted) and written otherwise.
#[test]
fn debug_prints_the_model_names_derived_or_written() {
    let nested = shapes::types::Nested::builder().value("v").build();
    assert_eq!(format!("{nested:?}"), r#"Nested { value: Some("v") }"#);
    let builder = shapes::types::Nested::builder().value("v");
    assert_eq!(
        format!("{builder:?}"),
        r#"NestedBuilder { value: Some("v") }"#
    );
    // `APIKey` in the model, `ApiKey` in Rust: written, with the model's name.
    let key = naming::types::ApiKey::builder().value("k").build();
    assert_eq!(format!("{key:?}"), r#"APIKey { value: Some("k") }"#);
    // Defined as `Option_` beside the prelude's `Option`, shown as `Option`.
    let option = naming::types::Option::builder().some("x").build();
    assert_eq!(format!("{option:?}"), r#"Option { some: Some("x") }"#);
    // A derived impl labels a raw field as the written ones do.
    #[derive(Debug)]
    struct Raw {
        r#type: u8,
    }
    assert_eq!(format!("{:?}", Raw { r#type: 1 }), "Raw { type: 1 }");
}

/// A union's `Unknown` variant (read from a response) cannot be sent: the
/// request is an error naming the union, never `{}`.
#[test]
fn an_unknown_union_variant_is_not_serialized() {
    use unions::operation::set_credentials::serialize_request;
    use unions::types::{Credentials, SetCredentialsRequest};
    let unknown = Credentials::Unknown(runtime::UnknownValue::new("Certificate"));
    let input = SetCredentialsRequest::builder()
        .credentials(unknown)
        .build()
        .unwrap();
    let err = serialize_request(&input).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot send the `Unknown` variant of union `Credentials`: it holds a member this client does not know"
    );
    let known = SetCredentialsRequest::builder()
        .credentials(Credentials::ApiKey("k".into()))
        .build()
        .unwrap();
    assert!(serialize_request(&known).is_ok());
}

/// Members named like the methods generated code calls (`default`, `clone`,
/// `into`, `fmt`, `new`, `send`, ...) get setters that never shadow them.
#[test]
fn members_named_like_trait_methods_shadow_nothing() {
    use naming::types::*;
    let req = UpdateIamConnectionRequest::builder()
        .connection_id("c1")
        .default("d")
        .clone("c")
        .into("i")
        .fmt("f")
        .builder("b")
        .send_value("s")
        .as_input_value("a")
        .new_value("n")
        .eq("e")
        .to_owned("o")
        .build()
        .unwrap();
    assert_eq!(
        (
            req.default.as_deref(),
            req.clone.as_deref(),
            req.fmt.as_deref()
        ),
        (Some("d"), Some("c"), Some("f"))
    );
    assert_eq!(req.new_value.as_deref(), Some("n"));
    let copy = std::clone::Clone::clone(&req);
    assert_eq!(copy, req);
    assert!(format!("{req:?}").contains(r#"default: Some("d")"#));
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
    let when = runtime::RequestChecksumCalculation::WhenSupported;
    assert!(runtime::add_request_checksum(&OPERATION, when, &mut request).unwrap());
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
        client_context_params: &[],
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
    runtime::add_request_checksum(
        &features::operation::create_widget::OPERATION,
        runtime::RequestChecksumCalculation::WhenSupported,
        &mut recomputed,
    )
    .unwrap();
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

/// An HTTP client that records what it is asked to send and answers `{}`.
#[derive(Clone, Debug, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<runtime::HttpRequest>>>);

impl runtime::HttpClient for Recorder {
    fn send(
        &self,
        request: runtime::HttpRequest,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<runtime::HttpResponse, runtime::TransportError>>
                + Send
                + '_,
        >,
    > {
        self.0.lock().unwrap().push(request);
        let body = runtime::bytes::Bytes::from_static(b"{}");
        Box::pin(async { Ok(runtime::http::Response::new(body)) })
    }
}

/// A handle for the `validation` fixture's service, sending to `recorder`.
fn checks_handle(recorder: &Recorder, strict: bool) -> runtime::Handle {
    static SERVICE: runtime::ServiceSpec = runtime::ServiceSpec {
        service_id: "Checks",
        signing_name: "checks",
        protocol: runtime::Protocol::RestJson1,
        endpoint_rules: r#"{"version": "1.0",
            "parameters": {"Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}},
            "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"}]}"#,
        partitions: include_str!("../../models/partitions.json"),
        api_version: "2024-01-01",
        client_context_params: &[],
    };
    let config = runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url("https://checks.example")
        .http_client(recorder.clone())
        .strict_validation(strict)
        .build();
    runtime::Handle::new(&config, &SERVICE)
}

/// `send`'s validation report for a `PutThing` call, or `None` if it was sent.
async fn put_thing_report(
    strict: bool,
    build: impl FnOnce(
        validation::operation::put_thing::PutThingFluentBuilder,
    ) -> validation::operation::put_thing::PutThingFluentBuilder,
) -> Option<String> {
    let recorder = Recorder::default();
    let fluent = validation::operation::put_thing::PutThingFluentBuilder::new(checks_handle(
        &recorder, strict,
    ))
    .thing_id("t-1")
    .name("abc")
    .account("acct");
    let result = build(fluent).send().await;
    let sent = recorder.0.lock().unwrap().len();
    match result {
        Ok(_) => {
            assert_eq!(sent, 1, "a valid call is sent once");
            None
        }
        Err(validation::operation::put_thing::PutThingError::Unhandled(e)) => {
            assert_eq!(e.kind(), runtime::ErrorKind::Validation, "{e}");
            assert_eq!(sent, 0, "nothing is sent when validation fails");
            let report = e
                .source()
                .and_then(|s| s.downcast_ref::<runtime::ValidationError>())
                .expect("the source is the validation report");
            assert_eq!(
                e.to_string(),
                format!("invalid parameters: {report}"),
                "Display shows botocore's exception message"
            );
            Some(report.report())
        }
    }
}

/// Each constraint kind of the `validation` fixture, one violation at a
/// time, with botocore's exact message (as `ParamValidator` words it).
#[tokio::test]
async fn each_violation_gives_botocores_message() {
    use validation::types::{Choice, Part};
    let part = |label: &str| Part::builder().label(label).build().unwrap();
    type Case = (
        &'static str,
        Box<
            dyn FnOnce(
                validation::operation::put_thing::PutThingFluentBuilder,
            ) -> validation::operation::put_thing::PutThingFluentBuilder,
        >,
    );
    let cases: Vec<Case> = vec![
        (
            "Invalid length for parameter Name, value: 2, valid min length: 3",
            Box::new(|f| f.name("ab")),
        ),
        // Code points, not bytes: six bytes, two characters.
        (
            "Invalid length for parameter Name, value: 2, valid min length: 3",
            Box::new(|f| f.name("éé")),
        ),
        (
            "Invalid length for parameter Account, value: 0, valid min length: 1",
            Box::new(|f| f.account("")),
        ),
        (
            "Invalid length for parameter ThingId, value: 0, a URI label must not be empty",
            Box::new(|f| f.thing_id("")),
        ),
        (
            "Invalid value for parameter Count, value: 0, valid min value: 1",
            Box::new(|f| f.count(0)),
        ),
        (
            "Invalid value for parameter Ratio, value: 0.25, valid min value: 0.5",
            Box::new(|f| f.ratio(0.25)),
        ),
        (
            "Invalid length for parameter Parts, value: 0, valid min length: 1",
            Box::new(|f| f.set_parts(Some(Vec::new()))),
        ),
        (
            "Invalid length for parameter Parts[1].Label, value: 1, valid min length: 2",
            Box::new(move |f| f.parts(part("ok")).parts(part("x"))),
        ),
        (
            "Invalid value for parameter Parts[0].Weight, value: -2, valid min value: 1",
            Box::new(|f| f.parts(Part::builder().label("ok").weight(-2).build().unwrap())),
        ),
        (
            "Invalid length for parameter Tags (key: ), value: 0, valid min length: 1",
            Box::new(|f| f.tags("", "vv")),
        ),
        (
            "Invalid length for parameter Tags.k, value: 1, valid min length: 2",
            Box::new(|f| f.tags("k", "v")),
        ),
        (
            "Invalid length for parameter Choice.Code, value: 1, valid min length: 3",
            Box::new(|f| f.choice(Choice::Code("a".into()))),
        ),
        (
            "Invalid length for parameter Choice.Parts[0].Label, value: 0, valid min length: 2",
            Box::new(move |f| f.choice(Choice::Parts(vec![part("")]))),
        ),
    ];
    for (want, build) in cases {
        assert_eq!(put_thing_report(false, build).await.as_deref(), Some(want));
    }
}

/// Several violations at once are all reported, in model order, map
/// entries in key order; `max`, blob lengths and (with the feature)
/// patterns only in strict mode; valid input is sent.
#[tokio::test]
async fn every_violation_is_reported_and_strict_mode_adds_max_and_patterns() {
    use validation::types::Part;
    let many = |f: validation::operation::put_thing::PutThingFluentBuilder| {
        f.thing_id("")
            .name("ab")
            .count(0)
            .parts(Part::builder().label("x").weight(0).build().unwrap())
            .tags("b", "1")
            .tags("a", "2")
    };
    assert_eq!(
        put_thing_report(false, many).await.unwrap(),
        "Invalid length for parameter ThingId, value: 0, a URI label must not be empty\n\
         Invalid length for parameter Name, value: 2, valid min length: 3\n\
         Invalid value for parameter Count, value: 0, valid min value: 1\n\
         Invalid length for parameter Parts[0].Label, value: 1, valid min length: 2\n\
         Invalid value for parameter Parts[0].Weight, value: 0, valid min value: 1\n\
         Invalid length for parameter Tags.a, value: 1, valid min length: 2\n\
         Invalid length for parameter Tags.b, value: 1, valid min length: 2"
    );

    let too_big = |f: validation::operation::put_thing::PutThingFluentBuilder| {
        f.name("abcdefghi")
            .count(11)
            .ratio(2.5)
            .data(runtime::Blob::new(vec![0u8; 5]))
            .tags("toolong", "vv")
    };
    // botocore checks no max: sent as it is.
    assert_eq!(put_thing_report(false, too_big).await, None);
    assert_eq!(
        put_thing_report(true, too_big).await.unwrap(),
        "Invalid length for parameter Name, value: 9, valid max length: 8\n\
         Invalid value for parameter Count, value: 11, valid max value: 10\n\
         Invalid value for parameter Ratio, value: 2.5, valid max value: 2\n\
         Invalid length for parameter Tags (key: toolong), value: 7, valid max length: 4\n\
         Invalid length for parameter Data, value: 5, valid max length: 4"
    );
    let short_blob = |f: validation::operation::put_thing::PutThingFluentBuilder| {
        f.data(runtime::Blob::new(vec![0u8; 1]))
    };
    assert_eq!(put_thing_report(false, short_blob).await, None);
    assert_eq!(
        put_thing_report(true, short_blob).await.unwrap(),
        "Invalid length for parameter Data, value: 1, valid min length: 2"
    );

    let bad_pattern = |f: validation::operation::put_thing::PutThingFluentBuilder| f.name("ABC");
    assert_eq!(put_thing_report(false, bad_pattern).await, None);
    let strict = put_thing_report(true, bad_pattern).await;
    if runtime::validation::PATTERNS_CHECKED {
        assert_eq!(
            strict.unwrap(),
            "Invalid value for parameter Name, value does not match pattern: ^[a-z]+$"
        );
    } else {
        assert_eq!(strict, None);
    }

    // Everything valid, strict or not: sent.
    let valid = |f: validation::operation::put_thing::PutThingFluentBuilder| {
        f.count(10)
            .ratio(0.5)
            .parts(Part::builder().label("ok").weight(1).build().unwrap())
            .tags("k", "vv")
            .data(runtime::Blob::new(vec![0u8; 2]))
    };
    assert_eq!(put_thing_report(false, valid).await, None);
    assert_eq!(put_thing_report(true, valid).await, None);
}

/// `validate` is generated only where there is something to check, and
/// `serialize_request` never validates (botocore's protocol suites call it
/// with values that break `min`).
#[test]
fn serialize_request_does_not_validate() {
    let input = validation::types::PutThingRequest::builder()
        .thing_id("t")
        .name("a")
        .account("acct")
        .build()
        .unwrap();
    assert!(validation::operation::put_thing::serialize_request(&input).is_ok());
    assert!(validation::operation::put_thing::validate(&input, false).is_err());
}

/// An output that streams takes its body unread: the builder keeps the
/// `ByteStream`, headers are read as usual, and an error status needs the
/// body in memory to find its code.
#[tokio::test]
async fn a_streamed_output_keeps_its_body_unread() {
    use streaming::operation::get_file::{deserialize_response, GetFileError};
    let mut headers = runtime::http::HeaderMap::new();
    headers.insert("etag", runtime::http::HeaderValue::from_static("\"e1\""));
    let body = runtime::ByteStream::from("file content");
    let output = deserialize_response(200, &headers, body).unwrap();
    assert_eq!(output.e_tag.as_deref(), Some("\"e1\""));
    let body = output.body.expect("always set");
    assert_eq!(body.collect().await.unwrap(), "file content");

    let empty = deserialize_response(200, &headers, runtime::ByteStream::default()).unwrap();
    assert_eq!(empty.body.unwrap().content_length(), Some(0));

    let missing = r#"{"__type":"NoSuchFile","Message":"no such file"}"#;
    let error = deserialize_response(404, &headers, runtime::ByteStream::from(missing));
    assert!(
        matches!(error, Err(GetFileError::NoSuchFile(_))),
        "{error:?}"
    );

    let unread =
        runtime::ByteStream::from_body(http_body_util::Empty::<runtime::bytes::Bytes>::new());
    match deserialize_response(500, &headers, unread) {
        Err(GetFileError::Unhandled(e)) => {
            assert_eq!(e.kind(), runtime::ErrorKind::Response);
            assert!(e.to_string().contains("must be read whole"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

/// An input body that streams: bytes in memory are serialized as the
/// payload; a stream is not (`send` takes it out and sends it as it is
/// read), and serializing one is an error naming the member.
#[test]
fn a_streamed_input_in_memory_is_the_payload_and_a_stream_is_not_serialized() {
    use streaming::operation::put_file::serialize_request;
    use streaming::types::PutFileRequest;
    let in_memory = PutFileRequest::builder()
        .name("a.txt")
        .body("content")
        .build()
        .unwrap();
    let request = serialize_request(&in_memory).unwrap();
    assert_eq!(request.uri(), "/files/a.txt");
    assert_eq!(request.body(), b"content");

    let unread = runtime::ByteStream::from_body(http_body_util::Full::new(
        runtime::bytes::Bytes::from("content"),
    ));
    let streamed = PutFileRequest::builder()
        .name("a.txt")
        .body(unread)
        .build()
        .unwrap();
    let error = serialize_request(&streamed).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("PutFileRequest.Body: a streamed body is sent by `send`"),
        "{error}"
    );
}
