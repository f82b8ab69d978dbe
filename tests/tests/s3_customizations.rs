//! botocore's S3 customizations of responses, through the generated client
//! against scripted answers (the requests' side is compared with botocore
//! byte for byte in the oracle cases):
//! - errors in a 200 (`_handle_200_error`): a successful status whose body
//!   is an `<Error>` document, or a body that is not XML at all, is a 500:
//!   retried, then parsed as the error it holds; operations whose payload is
//!   the object itself (`GetObject`) are read as sent;
//! - listings (`_decode_list_object`): keys URL-encoded because the request
//!   asked for `encoding-type=url` on the caller's behalf are decoded.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use slimaws::s3;
use slimaws_runtime as runtime;

/// The answers still to give, and how many requests came.
type Answers = (VecDeque<(u16, &'static str)>, usize);

/// Answers each request with the next scripted `(status, body)` and counts them.
#[derive(Clone, Debug)]
struct Script(Arc<Mutex<Answers>>);

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

const LISTING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
    <ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
    <Name>b</Name><Prefix>dir%2Fa+b</Prefix><Delimiter>%2F</Delimiter>\
    <EncodingType>url</EncodingType><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>\
    <IsTruncated>false</IsTruncated>\
    <Contents><Key>dir/a+b/%C3%A9t%C3%A9%01.txt</Key><Size>3</Size></Contents>\
    <Contents><Key>dir/a+b/100%25</Key><Size>4</Size></Contents>\
    <CommonPrefixes><Prefix>dir/a+b/sub%2F</Prefix></CommonPrefixes>\
    </ListBucketResult>";

#[tokio::test]
async fn listed_keys_asked_for_url_encoded_are_decoded() {
    let script = Script::new(&[(200, LISTING)]);
    let listed = client(&script)
        .list_objects_v2()
        .bucket("b")
        .prefix("dir/a b")
        .send()
        .await
        .unwrap();
    let keys: Vec<_> = listed
        .contents
        .iter()
        .flatten()
        .map(|o| o.key.clone().unwrap())
        .collect();
    assert_eq!(keys, ["dir/a b/\u{e9}t\u{e9}\u{1}.txt", "dir/a b/100%"]);
    assert_eq!(listed.prefix.as_deref(), Some("dir/a b"));
    assert_eq!(listed.delimiter.as_deref(), Some("/"));
    let prefixes = listed.common_prefixes.unwrap();
    assert_eq!(prefixes[0].prefix.as_deref(), Some("dir/a b/sub/"));
}

#[tokio::test]
async fn a_callers_own_encoding_choice_gets_the_keys_as_sent() {
    let script = Script::new(&[(200, LISTING)]);
    let listed = client(&script)
        .list_objects_v2()
        .bucket("b")
        .encoding_type(s3::types::EncodingType::Url)
        .send()
        .await
        .unwrap();
    let first = listed.contents.unwrap()[0].key.clone();
    assert_eq!(first.as_deref(), Some("dir/a+b/%C3%A9t%C3%A9%01.txt"));
}

/// botocore's `validate_bucket_name`, its answers in
/// `tests/data/oracle/s3-bucket-names/` (made by
/// `tests/data/oracle/make_s3_bucket_names.py`): a bucket that is neither
/// a name of `[a-zA-Z0-9.\-_]` nor an access point ARN is refused before
/// anything is sent, in botocore's words.
#[tokio::test]
async fn buckets_are_checked_as_botocore_checks_them() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../data/oracle/s3-bucket-names/cases.json")).unwrap();
    for case in &cases {
        let bucket = case["bucket"].as_str().unwrap();
        let script = Script::new(&[(200, "hello")]);
        let sent = client(&script)
            .get_object()
            .bucket(bucket)
            .key("k")
            .send()
            .await;
        match case["refused"].as_str() {
            None => assert_eq!(script.requests(), 1, "{bucket} was refused: {sent:?}"),
            Some(message) => {
                let error = sent.unwrap_err();
                let s3::operation::get_object::GetObjectError::Unhandled(error) = &error else {
                    panic!("{bucket}: not refused by validation: {error:?}");
                };
                assert_eq!(error.kind(), runtime::ErrorKind::Validation, "{bucket}");
                assert!(error.to_string().contains(message), "{bucket}: {error}");
                assert_eq!(script.requests(), 0, "{bucket} was sent");
            }
        }
    }
}
