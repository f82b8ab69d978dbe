//! S3's errors in a 200 (botocore's `_handle_200_error`): a successful
//! status whose body is an `<Error>` document, or a body that is not XML at
//! all, is a 500: retried, then parsed as the error it holds. Operations
//! whose payload is the object itself (`GetObject`) are read as sent.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use slimaws::s3;
use slimaws_runtime as runtime;

/// Answers each request with the next scripted `(status, body)` and counts them.
#[derive(Clone, Debug)]
struct Script(Arc<Mutex<(VecDeque<(u16, &'static str)>, usize)>>);

impl Script {
    fn new(answers: &[(u16, &'static str)]) -> Script {
        Script(Arc::new(Mutex::new((answers.iter().copied().collect(), 0))))
    }

    fn requests(&self) -> usize {
        self.0.lock().unwrap().1
    }
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
        let mut script = self.0.lock().unwrap();
        script.1 += 1;
        let (status, body) = script.0.pop_front().expect("a scripted answer");
        let response = runtime::http::Response::builder()
            .status(status)
            .header("x-amz-request-id", "REQ1")
            .body(runtime::bytes::Bytes::from_static(body.as_bytes()))
            .unwrap();
        Box::pin(async { Ok(response) })
    }
}

fn client(script: &Script) -> s3::Client {
    let config = runtime::Config::builder()
        .region("eu-west-1")
        .static_credentials("AKID", "SECRET", None)
        .http_client(script.clone())
        .retry_base_delay(std::time::Duration::from_millis(1))
        .build();
    s3::Client::new(&config)
}

const INTERNAL: &str = "<Error><Code>InternalError</Code><Message>We encountered an internal \
                        error. Please try again.</Message><RequestId>R</RequestId></Error>";
const COMPLETED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
    <CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
    <Location>https://b.s3.amazonaws.com/k</Location><Bucket>b</Bucket><Key>k</Key>\
    <ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag></CompleteMultipartUploadResult>";

fn complete(
    s3: &s3::Client,
) -> s3::operation::complete_multipart_upload::CompleteMultipartUploadFluentBuilder {
    s3.complete_multipart_upload()
        .bucket("b")
        .key("k")
        .upload_id("U1")
}

#[tokio::test]
async fn an_error_in_a_200_is_retried_like_a_500() {
    let script = Script::new(&[(200, INTERNAL), (200, "<Compl"), (200, COMPLETED)]);
    let done = complete(&client(&script)).send().await.unwrap();
    assert_eq!(done.key.as_deref(), Some("k"));
    assert_eq!(
        done.e_tag.as_deref(),
        Some("\"3858f62230ac3c915f300c664312c11f-9\"")
    );
    assert_eq!(
        script.requests(),
        3,
        "the error and the cut body were retried"
    );
}

#[tokio::test]
async fn the_last_error_in_a_200_is_the_calls_error() {
    let script = Script::new(&[(200, INTERNAL); 3]);
    let error = complete(&client(&script)).send().await.unwrap_err();
    let meta = error.meta();
    assert_eq!(meta.code(), Some("InternalError"));
    assert_eq!(meta.status(), Some(500), "as botocore reports it");
    assert_eq!(script.requests(), 3);
}

#[tokio::test]
async fn an_object_that_looks_like_an_error_is_the_object() {
    let script = Script::new(&[(200, INTERNAL)]);
    let got = client(&script)
        .get_object()
        .bucket("b")
        .key("error.xml")
        .send()
        .await
        .unwrap();
    let body = got.body.unwrap().collect().await.unwrap();
    assert_eq!(body, INTERNAL.as_bytes());
    assert_eq!(script.requests(), 1);
}

#[tokio::test]
async fn an_empty_200_is_a_success() {
    let script = Script::new(&[(200, "")]);
    let s3 = client(&script);
    s3.delete_bucket().bucket("b").send().await.unwrap();
    assert_eq!(script.requests(), 1);
    let script = Script::new(&[(200, "")]);
    let error = complete(&client(&script)).send().await;
    assert!(error.is_ok(), "{error:?}");
}
