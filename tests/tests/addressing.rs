//! Endpoint parameters from operations, through the `addressing` golden
//! fixture's client: an input member with `contextParam` (`Bucket`) and a
//! `staticContextParams` entry (`UseListing`) reach the rule set per call,
//! so the host follows them, is signed as sent, and an input the rules
//! reject fails before anything is sent.

#![deny(warnings)]
#![allow(dead_code)]

#[path = "../golden/addressing/expected/mod.rs"]
#[rustfmt::skip]
pub mod buckets;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use slimaws_runtime::{self as runtime};

/// Answers `{}` to every request and keeps them all.
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
        Box::pin(async {
            Ok(runtime::http::Response::new(
                runtime::bytes::Bytes::from_static(b"{}"),
            ))
        })
    }
}

fn client() -> (buckets::client::Client, Capture) {
    let capture = Capture::default();
    let config = runtime::Config::builder()
        .region("us-west-2")
        .static_credentials("AKID", "SECRET", None)
        .http_client(capture.clone())
        .max_attempts(1)
        .build();
    (buckets::client::Client::new(&config), capture)
}

/// The URL and the signed `Host` header of each request sent.
fn sent(capture: &Capture) -> Vec<(String, String)> {
    capture
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            let host = r.headers()["host"].to_str().unwrap().to_owned();
            let auth = r.headers()["authorization"].to_str().unwrap();
            let signed = auth.split("SignedHeaders=").nth(1).unwrap_or_default();
            let signed = signed.split(',').next().unwrap_or_default();
            assert!(
                signed.split(';').any(|h| h == "host"),
                "the host is signed: {auth}"
            );
            (r.uri().to_string(), host)
        })
        .collect()
}

#[tokio::test]
async fn the_bucket_of_each_call_picks_its_host() {
    let (client, capture) = client();
    for bucket in ["alpha", "beta", "alpha"] {
        client
            .get_thing()
            .bucket(bucket)
            .id("t1")
            .send()
            .await
            .unwrap();
    }
    assert_eq!(
        sent(&capture),
        [
            (
                "https://alpha.buckets.us-west-2.amazonaws.com/things/t1",
                "alpha.buckets.us-west-2.amazonaws.com"
            ),
            (
                "https://beta.buckets.us-west-2.amazonaws.com/things/t1",
                "beta.buckets.us-west-2.amazonaws.com"
            ),
            (
                "https://alpha.buckets.us-west-2.amazonaws.com/things/t1",
                "alpha.buckets.us-west-2.amazonaws.com"
            ),
        ]
        .map(|(u, h)| (u.to_owned(), h.to_owned()))
    );
}

#[tokio::test]
async fn a_static_context_parameter_is_set_and_undeclared_ones_are_not() {
    let (client, capture) = client();
    client.list_things().prefix("p").send().await.unwrap();
    assert_eq!(
        sent(&capture)[0].0,
        "https://listing.buckets.us-west-2.amazonaws.com/things?prefix=p"
    );
    // `Prefix` and `Undeclared` are not rule-set parameters: not passed.
    let input = buckets::types::ListThingsInput::builder()
        .prefix("p")
        .build();
    let params = buckets::operation::list_things::endpoint_params(&input);
    assert_eq!(
        params,
        [("UseListing", runtime::endpoint::ParamValue::Bool(true))]
    );
}

#[tokio::test]
async fn a_bucket_the_rules_reject_fails_before_sending() {
    let (client, capture) = client();
    for bucket in ["evil.example/x", "a b", "x.y"] {
        let err = client
            .get_thing()
            .bucket(bucket)
            .id("t")
            .send()
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("Invalid bucket name"),
            "{bucket}: {err}"
        );
    }
    assert!(sent(&capture).is_empty());
}

#[tokio::test]
async fn operation_context_paths_read_lists_nested_members_and_map_keys() {
    use buckets::types::{Copy, Item, TagThingsInput};
    let item = |bucket: &str, copy: Option<&str>| {
        Item::builder()
            .bucket(bucket)
            .set_copy(copy.map(|c| Copy::builder().bucket(c).build()))
            .build()
            .unwrap()
    };
    let input = TagThingsInput::builder()
        .items(item("one", Some("one-copy")))
        .items(item("two", None))
        .labels("b", "x")
        .labels("a", "y")
        .build();
    let strings = |s: &[&str]| s.iter().map(|s| s.to_string()).collect();
    // `Items[*].[Bucket, Copy.Bucket][]`: in item order, unset leaves dropped;
    // `keys(Labels)`: sorted (a map keeps no order).
    assert_eq!(
        buckets::operation::tag_things::endpoint_params(&input),
        [
            (
                "Buckets",
                runtime::endpoint::ParamValue::StringArray(strings(&["one", "one-copy", "two"]))
            ),
            (
                "LabelKeys",
                runtime::endpoint::ParamValue::StringArray(strings(&["a", "b"]))
            ),
        ]
    );
    let (client, capture) = client();
    client
        .tag_things()
        .items(item("first", None))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent(&capture)[0].0,
        "https://first.batch.us-west-2.amazonaws.com/tags"
    );
    // No items: the parameter is unset and the call goes to the service's host.
    client.tag_things().send().await.unwrap();
    assert_eq!(
        sent(&capture)[1].0,
        "https://buckets.us-west-2.amazonaws.com/tags"
    );
}

#[tokio::test]
async fn the_sigv4_auth_scheme_sets_the_signing_name_and_region() {
    let (client, capture) = client();
    client
        .get_thing()
        .bucket("signed")
        .id("t")
        .send()
        .await
        .unwrap();
    let sent = capture.sent.lock().unwrap();
    let auth = sent[0].headers()["authorization"].to_str().unwrap();
    // The first `sigv4` scheme, past a `sigv4a` one.
    assert!(auth.contains("/eu-central-1/s3/aws4_request"), "{auth}");
}

#[tokio::test]
async fn an_auth_scheme_slimaws_cannot_sign_with_is_an_error_naming_the_operation() {
    let (client, capture) = client();
    let err = client
        .get_thing()
        .bucket("express")
        .id("t")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "configuration error: GetThing: the endpoint needs auth scheme sigv4-s3express, \
         which slimaws cannot sign with (it signs sigv4)"
    );
    assert!(sent(&capture).is_empty());
}
