//! SigV4 request signing with AWS's `aws-sigv4`, configured to sign the same
//! canonical request botocore does.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_runtime_api::client::identity::Identity;
use http::{HeaderName, HeaderValue};

/// Headers botocore never signs, because they are absent when it signs or
/// may change on the way (its `SIGNED_HEADERS_BLACKLIST` plus the ones added
/// after signing). Everything else present is signed.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
    "expect",
    "content-length",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
];

const SECURITY_TOKEN: &str = "x-amz-security-token";

/// The request could not be signed (a header value that is not text, an
/// unparsable URI, credentials that do not fit in a header).
#[derive(Debug)]
pub struct SigningError {
    source: Box<dyn Error + Send + Sync + 'static>,
}

impl SigningError {
    fn new(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        SigningError {
            source: source.into(),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot sign the request: {}", self.source)
    }
}

impl Error for SigningError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Signs `request` (absolute URI, final headers and body) for `service` in
/// `region` at `time`: adds `X-Amz-Date`, `X-Amz-Security-Token` when the
/// credentials have a session token, and `Authorization`. The signed
/// headers are `host` plus every header present except `User-Agent`,
/// `Content-Length`, `Expect`, `Transfer-Encoding`, `X-Amzn-Trace-Id` and
/// the `amz-sdk-*` headers (as botocore). No `x-amz-content-sha256`:
/// botocore sends it for S3 only.
pub fn sign_request(
    request: &mut http::Request<bytes::Bytes>,
    creds: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    let identity = Identity::from(creds.clone());
    let mut settings = SigningSettings::default();
    settings.excluded_headers = Some(UNSIGNED_HEADERS.iter().map(|h| Cow::Borrowed(*h)).collect());
    let params = SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(SigningError::new)?;

    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| {
            value
                .to_str()
                .map(|v| (name.as_str(), v))
                .map_err(|_| SigningError::new(format!("header {name} is not visible ASCII")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri.as_str(),
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(SigningError::new)?;
    let (instructions, _signature) = sign(signable, &params.into())
        .map_err(SigningError::new)?
        .into_parts();

    // Applied by hand: `apply_to_request_http1x` panics on a bad value.
    let (new_headers, _params) = instructions.into_parts();
    for header in new_headers {
        let name = HeaderName::from_static(header.name());
        let mut value = HeaderValue::from_str(header.value())
            .map_err(|_| SigningError::new(format!("{name} is not a valid header value")))?;
        // Keeps them out of `Debug` output of the request.
        value.set_sensitive(
            header.sensitive() || name == http::header::AUTHORIZATION || name == SECURITY_TOKEN,
        );
        request.headers_mut().insert(name, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // The AWS SigV4 test suite's `post-x-www-form-urlencoded` case (no
    // session token, a content-type header).
    #[test]
    fn matches_the_aws_test_suite() {
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        );
        let mut request = http::Request::post("https://example.amazonaws.com/")
            .header("Host", "example.amazonaws.com")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("User-Agent", "not signed")
            .header("Content-Length", "8")
            .body(bytes::Bytes::from_static(b"Param1=value1"))
            .unwrap();
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 20150830T123600Z
        sign_request(&mut request, &creds, "us-east-1", "service", time).unwrap();
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        );
        assert!(request.headers()["authorization"].is_sensitive());
        assert_eq!(request.headers()["x-amz-date"], "20150830T123600Z");
    }

    #[test]
    fn session_token_is_signed_and_sent() {
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test");
        let mut request = http::Request::get("https://example.amazonaws.com/?b=2&a=1")
            .body(bytes::Bytes::new())
            .unwrap();
        sign_request(&mut request, &creds, "eu-west-1", "svc", UNIX_EPOCH).unwrap();
        assert_eq!(request.headers()["x-amz-security-token"], "TOKEN");
        assert!(request.headers()["x-amz-security-token"].is_sensitive());
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert!(auth.contains("SignedHeaders=host;x-amz-date;x-amz-security-token"));
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_an_error() {
        let creds = Credentials::new("AKID", "SECRET", Some("a\nb".into()), None, "test");
        let mut request = http::Request::get("https://example.amazonaws.com/")
            .body(bytes::Bytes::new())
            .unwrap();
        let e = sign_request(&mut request, &creds, "eu-west-1", "svc", UNIX_EPOCH).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("a\nb"), "{e:?}");
    }
}
