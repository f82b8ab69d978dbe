//! Paginators of the `pagination` golden fixture, over several scripted
//! pages: the tokens each request carries, where paging stops, the items
//! across pages, and botocore's repeated-token error.

#![deny(warnings)]
#![allow(dead_code)]

#[path = "../golden/pagination/expected/mod.rs"]
#[rustfmt::skip]
pub mod pagination;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use pagination::operation::list_objects::ListObjectsFluentBuilder;
use pagination::operation::list_records::ListRecordsFluentBuilder;
use pagination::operation::list_widgets::{ListWidgetsError, ListWidgetsFluentBuilder};
use pagination::types::RecordType;
use slimaws_runtime::{self as runtime, ErrorKind};

/// Answers each request with the next scripted JSON body (HTTP 200) and
/// records the request bodies.
#[derive(Clone, Debug, Default)]
struct Script {
    replies: Arc<Mutex<VecDeque<&'static str>>>,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl runtime::HttpClient for Script {
    fn send(
        &self,
        request: runtime::HttpRequest,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<runtime::HttpResponse, runtime::TransportError>> + Send + '_,
        >,
    > {
        let body = String::from_utf8(request.body().to_vec()).unwrap();
        self.bodies.lock().unwrap().push(body);
        let reply = self.replies.lock().unwrap().pop_front();
        Box::pin(async move {
            let reply = reply.expect("a request past the end of the script");
            Ok(runtime::http::Response::new(
                runtime::bytes::Bytes::from_static(reply.as_bytes()),
            ))
        })
    }
}

impl Script {
    fn requests(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }
}

// The fixture has no endpoint rules; these answer with the override URL.
static SERVICE: runtime::ServiceSpec = runtime::ServiceSpec {
    service_id: "Pages",
    signing_name: "pages",
    protocol: runtime::Protocol::AwsJson1_1,
    endpoint_rules: r#"{"version": "1.0",
        "parameters": {"Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}},
        "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
            "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"}]}"#,
    partitions: include_str!("../../models/partitions.json"),
    api_version: "2024-01-01",
    client_context_params: &[],
};

fn handle(replies: &[&'static str]) -> (runtime::Handle, Script) {
    let script = Script::default();
    script.replies.lock().unwrap().extend(replies);
    let config = runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url("https://pages.example")
        .http_client(script.clone())
        .build();
    (runtime::Handle::new(&config, &SERVICE), script)
}

#[tokio::test]
async fn pages_follow_the_token_until_none_is_returned() {
    let (handle, script) = handle(&[
        r#"{"Widgets":[{"Id":"a"},{"Id":"b"}],"NextToken":"t1"}"#,
        r#"{"Widgets":[{"Id":"c"}],"NextToken":"t2"}"#,
        r#"{"Widgets":[]}"#,
    ]);
    let mut pages = ListWidgetsFluentBuilder::new(handle)
        .owner("me")
        .into_paginator()
        .page_size(2)
        .send();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        ids.push(page.widgets.unwrap().len());
    }
    assert_eq!(ids, [2, 1, 0]);
    // Every request keeps the caller's input and the page size; the token is
    // the previous page's.
    assert_eq!(
        script.requests(),
        [
            r#"{"MaxResults": 2, "Owner": "me"}"#,
            r#"{"NextToken": "t1", "MaxResults": 2, "Owner": "me"}"#,
            r#"{"NextToken": "t2", "MaxResults": 2, "Owner": "me"}"#,
        ]
    );
}

#[tokio::test]
async fn items_run_across_pages_and_an_empty_token_ends_them() {
    let (handle, script) = handle(&[
        r#"{"Widgets":[{"Id":"a"},{"Id":"b"}],"NextToken":"t1"}"#,
        r#"{"Widgets":[{"Id":"c"}],"NextToken":""}"#,
    ]);
    let items = ListWidgetsFluentBuilder::new(handle)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(script.requests().len(), 2);
}

#[tokio::test]
async fn a_repeated_token_is_botocores_pagination_error_after_its_page() {
    let (handle, script) = handle(&[
        r#"{"Widgets":[{"Id":"a"}],"NextToken":"t1"}"#,
        r#"{"Widgets":[{"Id":"b"}],"NextToken":"t1"}"#,
    ]);
    let mut pages = ListWidgetsFluentBuilder::new(handle)
        .into_paginator()
        .send();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(
        pages.next().await.unwrap().is_ok(),
        "the page itself is kept"
    );
    let Some(Err(ListWidgetsError::Unhandled(e))) = pages.next().await else {
        panic!("expected the repeated-token error");
    };
    assert_eq!(e.kind(), ErrorKind::Pagination);
    assert_eq!(
        e.source().unwrap().to_string(),
        r#"The same next token was received twice: {'NextToken': "t1"}"#
    );
    assert!(pages.next().await.is_none());
    assert_eq!(script.requests().len(), 2, "no third request is sent");
}

#[tokio::test]
async fn a_first_page_returning_the_callers_own_token_is_not_an_error() {
    // botocore compares tokens from the second page on.
    let (handle, _) = handle(&[r#"{"Widgets":[],"NextToken":"start"}"#, r#"{"Widgets":[]}"#]);
    let pages = ListWidgetsFluentBuilder::new(handle)
        .next_token("start")
        .into_paginator()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_pages() {
    let (handle, script) = handle(&[r#"{"Widgets":[],"NextToken":"t1"}"#, "not json"]);
    let mut pages = ListWidgetsFluentBuilder::new(handle)
        .into_paginator()
        .send();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_err());
    assert!(pages.next().await.is_none());
    assert_eq!(script.requests().len(), 2);
}

#[tokio::test]
async fn the_marker_falls_back_to_the_last_key_and_more_results_stops() {
    let (handle, script) = handle(&[
        // No NextMarker: the last key is the marker.
        r#"{"Listing":{"IsTruncated":true,"Contents":[{"Key":"k1"},{"Key":"k2"}]}}"#,
        // NextMarker wins over the last key.
        r#"{"Listing":{"IsTruncated":true,"NextMarker":"m","Contents":[{"Key":"k3"}]}}"#,
        // Not truncated: no further request, whatever the marker.
        r#"{"Listing":{"IsTruncated":false,"NextMarker":"x","Contents":[{"Key":"k4"}]}}"#,
    ]);
    let keys: Vec<String> = ListObjectsFluentBuilder::new(handle)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key.unwrap())
        .collect();
    assert_eq!(keys, ["k1", "k2", "k3", "k4"]);
    assert_eq!(
        script.requests(),
        ["{}", r#"{"Marker": "k2"}"#, r#"{"Marker": "m"}"#]
    );
}

#[tokio::test]
async fn two_tokens_travel_together_and_a_half_set_pair_continues() {
    let (handle, script) = handle(&[
        r#"{"Records":["r1"],"NextName":"b.example","NextType":"AAAA"}"#,
        r#"{"Records":["r2"],"NextName":"c.example"}"#,
        r#"{"Records":["r3"]}"#,
    ]);
    let records = ListRecordsFluentBuilder::new(handle)
        .start_type(RecordType::A)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(records, ["r1", "r2", "r3"]);
    // A token the page leaves out is dropped from the next request (botocore
    // deletes it from the kwargs).
    assert_eq!(
        script.requests(),
        [
            r#"{"StartType": "A"}"#,
            r#"{"StartName": "b.example", "StartType": "AAAA"}"#,
            r#"{"StartName": "c.example"}"#,
        ]
    );
}
