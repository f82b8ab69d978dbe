//! Waiters of the `waiting` golden fixture over scripted responses:
//! success, retry and failure acceptors of every matcher, botocore's
//! reasons when a wait fails, and the caller's attempts and deadline.

#![deny(warnings)]
#![allow(dead_code)]

#[path = "../golden/waiting/expected/mod.rs"]
#[rustfmt::skip]
pub mod tables;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slimaws_runtime::waiter::WaiterErrorKind;
use slimaws_runtime::{self as runtime};
use tables::operation::describe_table::{DescribeTableError, DescribeTableFluentBuilder};
use tables::types::TableStatus;

/// Answers each request with the next scripted status and JSON body.
#[derive(Clone, Debug, Default)]
struct Script {
    replies: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
    sent: Arc<Mutex<usize>>,
}

impl runtime::HttpClient for Script {
    fn send(
        &self,
        _request: runtime::HttpRequest,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<runtime::HttpResponse, runtime::TransportError>> + Send + '_,
        >,
    > {
        *self.sent.lock().unwrap() += 1;
        let (status, body) = self
            .replies
            .lock()
            .unwrap()
            .pop_front()
            .expect("a request past the end of the script");
        Box::pin(async move {
            let mut response =
                runtime::http::Response::new(runtime::bytes::Bytes::from_static(body.as_bytes()));
            *response.status_mut() = runtime::http::StatusCode::from_u16(status).unwrap();
            Ok(response)
        })
    }
}

static SERVICE: runtime::ServiceSpec = runtime::ServiceSpec {
    service_id: "Tables",
    signing_name: "tables",
    protocol: runtime::Protocol::AwsJson1_1,
    endpoint_rules: r#"{"version": "1.0",
        "parameters": {"Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}},
        "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
            "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"}]}"#,
    partitions: include_str!("../../models/partitions.json"),
    api_version: "2024-01-01",
    client_context_params: &[],
};

const NOT_FOUND: (u16, &str) = (
    400,
    r#"{"__type":"ResourceNotFoundException","message":"no table"}"#,
);

fn describe(replies: &[(u16, &'static str)]) -> (DescribeTableFluentBuilder, Script) {
    let script = Script::default();
    script.replies.lock().unwrap().extend(replies);
    let config = runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .endpoint_url("https://tables.example")
        .http_client(script.clone())
        // One attempt per poll: the waiter, not the retry loop, is tested.
        .max_attempts(1)
        .build();
    let handle = runtime::Handle::new(&config, &SERVICE);
    (
        DescribeTableFluentBuilder::new(handle).table_name("t"),
        script,
    )
}

fn sent(script: &Script) -> usize {
    *script.sent.lock().unwrap()
}

#[tokio::test]
async fn a_retry_acceptor_and_an_unmatched_output_poll_again_until_success() {
    let (request, script) = describe(&[
        NOT_FOUND,
        (200, r#"{"Table":{"TableStatus":"CREATING"}}"#),
        (200, r#"{"Table":{"TableStatus":"ACTIVE"}}"#),
    ]);
    let done = request
        .wait_until_table_exists()
        .delay(Duration::ZERO)
        .wait()
        .await
        .unwrap();
    let table = done.unwrap().table.unwrap();
    assert_eq!(table.table_status, Some(TableStatus::Active));
    assert_eq!(sent(&script), 3);
}

#[tokio::test]
async fn an_error_acceptor_can_be_the_success() {
    let (request, _) = describe(&[(200, r#"{"Table":{"TableStatus":"ACTIVE"}}"#), NOT_FOUND]);
    let done = request
        .wait_until_table_not_exists()
        .delay(Duration::ZERO)
        .wait()
        .await
        .unwrap();
    assert!(matches!(
        done,
        Err(DescribeTableError::ResourceNotFoundException(_))
    ));
}

#[tokio::test]
async fn a_failure_acceptor_ends_the_wait_with_botocores_reason() {
    let (request, script) = describe(&[(
        200,
        r#"{"Table":{"Replicas":[{"Status":"ACTIVE"},{"Status":"FAILED"}]}}"#,
    )]);
    let err = request
        .wait_until_replicas_active()
        .delay(Duration::ZERO)
        .wait()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), WaiterErrorKind::Failure);
    assert_eq!(
        err.reason(),
        "Waiter ReplicasActive failed: Waiter encountered a terminal failure state: For \
         expression \"Table.Replicas[].Status\" we matched expected path: \"FAILED\" at least once"
    );
    assert!(matches!(err.last_response(), Some(Ok(_))));
    assert_eq!(sent(&script), 1);
}

#[tokio::test]
async fn path_all_needs_every_element_and_a_non_empty_list() {
    let (request, script) = describe(&[
        (200, r#"{"Table":{"Replicas":[]}}"#),
        (
            200,
            r#"{"Table":{"Replicas":[{"Status":"ACTIVE"},{"Status":"CREATING"}]}}"#,
        ),
        (
            200,
            r#"{"Table":{"Replicas":[{"Status":"ACTIVE"},{"Status":"ACTIVE"}]}}"#,
        ),
    ]);
    assert!(request
        .wait_until_replicas_active()
        .delay(Duration::ZERO)
        .wait()
        .await
        .is_ok());
    assert_eq!(sent(&script), 3);
}

#[tokio::test]
async fn attempts_run_out_with_the_previously_accepted_state() {
    let (request, script) = describe(&[NOT_FOUND, NOT_FOUND]);
    let err = request
        .wait_until_table_exists()
        .delay(Duration::ZERO)
        .max_attempts(2)
        .wait()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), WaiterErrorKind::MaxAttempts);
    assert_eq!(
        err.reason(),
        "Waiter TableExists failed: Max attempts exceeded. Previously accepted state: \
         Matched expected service error code: ResourceNotFoundException"
    );
    assert_eq!(sent(&script), 2);
    let (request, _) = describe(&[(200, r#"{"Table":{"TableStatus":"CREATING"}}"#)]);
    let err = request
        .wait_until_table_exists()
        .max_attempts(1)
        .wait()
        .await
        .unwrap_err();
    assert_eq!(
        err.reason(),
        "Waiter TableExists failed: Max attempts exceeded"
    );
    // As botocore: a state accepted in an earlier round is named even when
    // the last round matched nothing.
    let (request, _) = describe(&[NOT_FOUND, (200, r#"{"Table":{"TableStatus":"CREATING"}}"#)]);
    let err = request
        .wait_until_table_exists()
        .delay(Duration::ZERO)
        .max_attempts(2)
        .wait()
        .await
        .unwrap_err();
    assert_eq!(
        err.reason(),
        "Waiter TableExists failed: Max attempts exceeded. Previously accepted state: \
         Matched expected service error code: ResourceNotFoundException"
    );
}

#[tokio::test]
async fn an_error_no_acceptor_expects_fails_the_wait() {
    let (request, script) = describe(&[(
        400,
        r#"{"__type":"ValidationException","message":"bad name"}"#,
    )]);
    let err = request
        .wait_until_table_exists()
        .delay(Duration::ZERO)
        .wait()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), WaiterErrorKind::Failure);
    assert_eq!(
        err.reason(),
        "Waiter TableExists failed: An error occurred (ValidationException): bad name"
    );
    assert_eq!(sent(&script), 1);
}

#[tokio::test]
async fn expressions_with_filters_functions_and_status_acceptors() {
    // `length(Table.Replicas[?Status == 'ACTIVE']) > `0` && Table.ItemCount > `0``,
    // and a status acceptor that retries on 200.
    let (request, script) = describe(&[
        (
            200,
            r#"{"Table":{"Replicas":[{"Status":"ACTIVE"}],"ItemCount":0}}"#,
        ),
        (
            200,
            r#"{"Table":{"Replicas":[{"Status":"CREATING"}],"ItemCount":5}}"#,
        ),
        (
            200,
            r#"{"Table":{"Replicas":[{"Status":"ACTIVE"}],"ItemCount":5}}"#,
        ),
    ]);
    let done = request
        .wait_until_table_has_items()
        .delay(Duration::ZERO)
        .wait()
        .await
        .unwrap();
    assert_eq!(done.unwrap().table.unwrap().item_count, Some(5));
    assert_eq!(sent(&script), 3);
}

#[tokio::test]
async fn the_deadline_stops_before_a_delay_it_cannot_afford() {
    let (request, script) = describe(&[NOT_FOUND]);
    let err = request
        .wait_until_table_exists()
        .delay(Duration::from_secs(60))
        .deadline(Duration::from_secs(1))
        .wait()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), WaiterErrorKind::Deadline);
    assert!(err
        .reason()
        .starts_with("Waiter TableExists failed: deadline of 1s"));
    assert_eq!(sent(&script), 1);
}
