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
            assert!(
                r.headers()["authorization"]
                    .to_str()
                    .unwrap()
                    .contains("SignedHeaders=host;"),
                "the host is signed"
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
