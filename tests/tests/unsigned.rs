//! Operations botocore sends unsigned (`authtype: none`, its
//! `disable_signing`): STS `AssumeRoleWithWebIdentity` is how an application
//! without credentials gets some, so it needs none and carries no
//! `Authorization` or `X-Amz-Date` (its bytes are compared with botocore's in
//! the oracle case `sts_assume_role_with_web_identity`), while a signed
//! operation without credentials fails before anything is sent.

mod common;

use common::capture::Capture;
use slimaws::sts;
use slimaws_runtime::{self as runtime, ErrorKind};

fn without_credentials(capture: &Capture) -> sts::Client {
    let config = runtime::Config::builder()
        .region("eu-west-1")
        .http_client(capture.clone())
        .build();
    sts::Client::new(&config)
}

#[tokio::test]
async fn an_unsigned_operation_needs_no_credentials() {
    let capture = Capture::default();
    let sts = without_credentials(&capture);
    // The capture's empty answer does not parse as the output: only the request matters.
    let _ = sts
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/web")
        .role_session_name("app")
        .web_identity_token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2ln")
        .send()
        .await;
    let sent = capture.0.lock().unwrap();
    assert_eq!(sent.len(), 1);
    let headers = sent[0].headers();
    for unsigned in ["authorization", "x-amz-date", "x-amz-security-token"] {
        assert!(headers.get(unsigned).is_none(), "{unsigned} sent");
    }
    assert_eq!(
        sent[0].uri().to_string(),
        "https://sts.eu-west-1.amazonaws.com/"
    );
}

#[tokio::test]
async fn a_signed_operation_without_credentials_sends_nothing() {
    let capture = Capture::default();
    let error = without_credentials(&capture)
        .get_caller_identity()
        .send()
        .await
        .unwrap_err();
    let sts::operation::get_caller_identity::GetCallerIdentityError::Unhandled(error) = &error
    else {
        panic!("not an unhandled error: {error:?}");
    };
    assert_eq!(error.kind(), ErrorKind::Configuration);
    assert!(capture.0.lock().unwrap().is_empty());
}
