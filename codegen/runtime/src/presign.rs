//! Presigned requests: an operation's request signed in its query string
//! (SigV4 query authentication), so that whoever holds the URL can send it
//! until it expires, as botocore's `generate_presigned_url` makes them.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, Method, Uri};
use percent_encoding::percent_decode_str;

use super::proto::encode::query_component;

/// The content type of awsQuery and ec2 bodies, which botocore drops from
/// a presigned request with the body.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The longest validity SigV4 allows: seven days.
pub const MAX_PRESIGNED_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// How long a presigned request stays valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresigningConfig {
    expires_in: Duration,
}

impl PresigningConfig {
    /// Valid for `expires_in`, whole seconds (`X-Amz-Expires`): at least
    /// one second and at most seven days, which SigV4 allows.
    pub fn expires_in(expires_in: Duration) -> Result<Self, PresigningConfigError> {
        if expires_in < Duration::from_secs(1) || expires_in > MAX_PRESIGNED_EXPIRY {
            return Err(PresigningConfigError { expires_in });
        }
        Ok(PresigningConfig { expires_in })
    }

    /// The validity in whole seconds.
    pub fn expires_in_secs(&self) -> u64 {
        self.expires_in.as_secs()
    }
}

/// A validity SigV4 cannot sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresigningConfigError {
    expires_in: Duration,
}

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a presigned request is valid for 1 s to 7 days (604800 s), not {:?}",
            self.expires_in
        )
    }
}

impl Error for PresigningConfigError {}

/// A signed request to send later, or to hand to someone else: the method,
/// the URL (the signature in its query) and the headers that were signed
/// besides `Host` (S3's `Range`, say), which must be sent with it.
#[derive(Clone, Debug)]
pub struct PresignedRequest {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
}

impl PresignedRequest {
    pub(crate) fn new(method: Method, uri: Uri, headers: HeaderMap) -> Self {
        PresignedRequest {
            method,
            uri,
            headers,
        }
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The presigned URL.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The signed headers to send with the URL (not `Host`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// Empties the request's body as botocore's `SigV4QueryAuth` does: a form
/// body's parameters (awsQuery, ec2) are returned to join the query, and
/// its content type goes; an empty body or empty JSON object is dropped.
/// Any other body cannot travel in a URL: an error.
pub(crate) fn take_form_params(
    request: &mut http::Request<bytes::Bytes>,
) -> Result<Vec<(String, String)>, String> {
    let body = std::mem::take(request.body_mut());
    let headers = request.headers_mut();
    headers.remove(CONTENT_LENGTH);
    if headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v == FORM_CONTENT_TYPE)
    {
        headers.remove(CONTENT_TYPE);
        let text = std::str::from_utf8(&body).map_err(|_| "the form body is not UTF-8")?;
        return Ok(decode_pairs(text));
    }
    match body.trim_ascii() {
        b"" | b"{}" => Ok(Vec::new()),
        _ => Err(
            "a request with a body cannot be presigned: only awsQuery and ec2 \
                  parameters move into the URL (as botocore)"
                .to_string(),
        ),
    }
}

/// The query of a presigned URL, as botocore writes it: the URL's own
/// parameters decoded (`parse_qs`: a repeated name keeps its first value,
/// `a` is `a=`), the body's over them, then `auth`, each name and value
/// percent-encoded (`percent_encode_sequence`).
pub(crate) fn presigned_query(
    query: Option<&str>,
    body: Vec<(String, String)>,
    auth: &[(&str, &str)],
) -> String {
    let mut params: Vec<(String, String)> = Vec::new();
    for (name, value) in decode_pairs(query.unwrap_or("")) {
        if !params.iter().any(|(n, _)| *n == name) {
            params.push((name, value));
        }
    }
    for (name, value) in body {
        match params.iter_mut().find(|(n, _)| *n == name) {
            Some(param) => param.1 = value,
            None => params.push((name, value)),
        }
    }
    let all = params
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(auth.iter().copied());
    let mut out = String::with_capacity(512);
    for (name, value) in all {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&query_component(name));
        out.push('=');
        out.push_str(&query_component(value));
    }
    out
}

/// `a=1&b=x%20y` as pairs, `+` read as a space (Python's `parse_qs`).
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_rebuilt_as_botocore_does() {
        let q = presigned_query(
            Some("tagging&x-id=a%2Fb&x-id=second&sp=a+b"),
            vec![("Action".into(), "Get Thing".into())],
            &[("X-Amz-Credential", "AK/20260102/r/s/aws4_request")],
        );
        assert_eq!(
            q,
            "tagging=&x-id=a%2Fb&sp=a%20b&Action=Get%20Thing&\
             X-Amz-Credential=AK%2F20260102%2Fr%2Fs%2Faws4_request"
        );
    }

    #[test]
    fn only_form_bodies_move_into_the_query() {
        let mut form = http::Request::post("https://sts.amazonaws.com/")
            .header(CONTENT_TYPE, FORM_CONTENT_TYPE)
            .header(CONTENT_LENGTH, "43")
            .body(bytes::Bytes::from_static(
                b"Action=GetCallerIdentity&Version=2011-06-15",
            ))
            .unwrap();
        let params = take_form_params(&mut form).unwrap();
        assert_eq!(
            params,
            [
                ("Action".to_string(), "GetCallerIdentity".to_string()),
                ("Version".to_string(), "2011-06-15".to_string())
            ]
        );
        assert!(form.body().is_empty() && form.headers().is_empty());
        let mut json = http::Request::post("https://x/")
            .body(bytes::Bytes::from_static(b"{}"))
            .unwrap();
        assert_eq!(take_form_params(&mut json).unwrap(), []);
        let mut xml = http::Request::put("https://x/")
            .body(bytes::Bytes::from_static(b"<a/>"))
            .unwrap();
        assert!(take_form_params(&mut xml)
            .unwrap_err()
            .contains("cannot be presigned"));
    }

    #[test]
    fn expiry_is_one_second_to_seven_days() {
        assert!(PresigningConfig::expires_in(Duration::from_millis(999)).is_err());
        assert_eq!(
            PresigningConfig::expires_in(Duration::from_millis(1500))
                .unwrap()
                .expires_in_secs(),
            1
        );
        assert!(PresigningConfig::expires_in(MAX_PRESIGNED_EXPIRY).is_ok());
        let err = PresigningConfig::expires_in(MAX_PRESIGNED_EXPIRY + Duration::from_secs(1))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a presigned request is valid for 1 s to 7 days (604800 s), not 604801s"
        );
    }
}
