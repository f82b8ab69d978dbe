//! S3's region redirects, as botocore's `S3RegionRedirectorv2` makes them.
//! A call to a bucket in another region than the client's fails with a
//! redirect status or a signing-region error; the bucket's region is read
//! from the response (or asked of S3 with a `HEAD` of the bucket), the call
//! is sent once more, to that region, and the client remembers the region
//! for the bucket's later calls.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::credentials::Credentials;
use http::header::HOST;
use http::{HeaderMap, Method, Uri};

use super::{
    invocation_id_header, within_attempt, Handle, InvokeContext, Prepared, ResolvedEndpoint,
    Signing, REGION,
};
use crate::endpoint::ParamValue;
use crate::endpoint_cache::OperationParams;
use crate::endpoint_settings::is_arn;
use crate::proto::errors::error_field;
use crate::transport::HttpClient;
use crate::{ErrorKind, OperationSpec, UnhandledError};

/// The response header S3 names a bucket's region in.
pub(crate) const BUCKET_REGION: &str = "x-amz-bucket-region";

/// The bucket a call's region may be redirected for: S3's `Bucket`
/// parameter, unless an access point ARN (whose region is its own).
pub(crate) fn redirected_bucket(
    service_id: &str,
    params: &[(&'static str, ParamValue)],
) -> Option<String> {
    if service_id != "S3" {
        return None;
    }
    params.iter().find_map(|(name, value)| match value {
        ParamValue::String(bucket) if *name == "Bucket" && !is_arn(bucket) => Some(bucket.clone()),
        _ => None,
    })
}

/// What a failed S3 response says of its bucket's region.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Redirect {
    /// Not a wrong-region failure: the response stands.
    Not,
    /// The bucket's region, from the response.
    To(String),
    /// A wrong-region failure that does not say where: botocore asks with
    /// a `HEAD` of the bucket.
    Ask,
}

/// botocore's `redirect_from_error` and `get_bucket_region`: which
/// failures are redirects (a redirect status, `PermanentRedirect`, a wrong
/// signing region, an opt-in region's `IllegalLocationConstraintException`,
/// and the bodiless 301 or 400 of `HeadObject` and `HeadBucket`), and the
/// region, from `x-amz-bucket-region` first, then the error's `<Region>`.
/// A region that is not a host label is refused: it would name the host.
pub(crate) fn redirect_of(
    operation: &str,
    status: u16,
    code: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Redirect, String> {
    let code = code.unwrap_or("");
    let error_region = || error_field(body, "Region");
    let head_status = matches!(code, "301" | "400");
    let is_redirect = (head_status && operation == "HeadObject")
        || (head_status && operation == "HeadBucket" && headers.contains_key(BUCKET_REGION))
        || (code == "AuthorizationHeaderMalformed" && error_region().is_some())
        || matches!(status, 301 | 302 | 307)
        || code == "PermanentRedirect"
        || (code == "IllegalLocationConstraintException" && operation != "CreateBucket");
    if !is_redirect {
        return Ok(Redirect::Not);
    }
    if let Some(region) = asked_region(headers)? {
        return Ok(Redirect::To(region));
    }
    match error_region() {
        Some(region) => checked_region(region).map(Redirect::To),
        None => Ok(Redirect::Ask),
    }
}

/// The region an asked bucket's response names, checked; `None` when it
/// names none (the failed response then stands, as in botocore).
pub(crate) fn asked_region(headers: &HeaderMap) -> Result<Option<String>, String> {
    match headers.get(BUCKET_REGION) {
        None => Ok(None),
        Some(value) => {
            checked_region(String::from_utf8_lossy(value.as_bytes()).into_owned()).map(Some)
        }
    }
}

/// botocore's `validate_region_name`: one host label.
fn checked_region(region: String) -> Result<String, String> {
    let bytes = region.as_bytes();
    let valid = (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-';
    if valid {
        Ok(region)
    } else {
        Err(format!(
            "S3 named the bucket's region `{}`, which is not a valid region name",
            region.escape_debug()
        ))
    }
}

/// The regions buckets were redirected to, by bucket: later calls go
/// there at once (botocore's `redirect_from_cache`). Bounded: the oldest
/// entry makes room.
#[derive(Debug, Default)]
pub(crate) struct BucketRegions {
    entries: Mutex<Vec<(String, String)>>,
}

const CAPACITY: usize = 256;

impl BucketRegions {
    pub(crate) fn get(&self, bucket: &str) -> Option<String> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(b, _)| b == bucket)
            .map(|(_, region)| region.clone())
    }

    pub(crate) fn remember(&self, bucket: &str, region: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|(b, _)| b != bucket);
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push((bucket.to_string(), region.to_string()));
    }
}

impl Handle {
    /// The bucket of an S3 call that may be redirected, with the region a
    /// redirect named for it (if any) added to `params`.
    pub(super) fn remembered_region(
        &self,
        params: &mut Vec<(&'static str, ParamValue)>,
    ) -> Option<String> {
        let bucket = redirected_bucket(self.inner.service.service_id, params)?;
        if let Some(region) = self.inner.bucket_regions.get(&bucket) {
            params.push((REGION, ParamValue::String(region)));
        }
        Some(bucket)
    }

    /// Where a failed S3 call goes again when it went to the wrong region
    /// for its bucket (see [`redirect`]): the endpoint of the bucket's
    /// region, which the client remembers; `None` when the failure stands.
    pub(super) async fn redirected(
        &self,
        op: &OperationSpec,
        failed: Failed<'_>,
        (bucket, params, client, creds, timeout): RedirectSource<'_>,
    ) -> Result<Option<Arc<ResolvedEndpoint>>, UnhandledError> {
        let invalid = |e: String| UnhandledError::new(ErrorKind::Response, e);
        let decision = redirect_of(
            op.name,
            failed.status,
            failed.code,
            failed.headers,
            failed.body,
        );
        let region = match decision.map_err(invalid)? {
            Redirect::Not => return Ok(None),
            Redirect::To(region) => region,
            Redirect::Ask => match self
                .ask_bucket_region(params, client, creds, timeout)
                .await?
            {
                Some(region) => region,
                None => return Ok(None),
            },
        };
        self.inner.bucket_regions.remember(bucket, &region);
        let mut params: Vec<_> = params
            .iter()
            .filter(|(n, _)| *n != REGION)
            .cloned()
            .collect();
        params.push((REGION, ParamValue::String(region)));
        self.per_call_endpoint(op.name, &params).map(Some)
    }

    /// botocore's last resort for a bucket's region: a `HeadBucket`, whose
    /// response, success or not, names the region in `x-amz-bucket-region`.
    /// A transport failure leaves the region unknown.
    async fn ask_bucket_region(
        &self,
        params: &OperationParams,
        client: &dyn HttpClient,
        creds: &Credentials,
        timeout: Duration,
    ) -> Result<Option<String>, UnhandledError> {
        let inner = &*self.inner;
        let construction = |e: String| UnhandledError::new(ErrorKind::Construction, e);
        let endpoint = self.per_call_endpoint("HeadBucket", params)?;
        let mut head = http::Request::new(Vec::new());
        *head.method_mut() = Method::HEAD;
        *head.uri_mut() = Uri::from_static("/");
        let mut request = Prepared::new(&endpoint, head, InvokeContext::default())?.build();
        let signing = Signing::of(inner, &endpoint)?;
        let now = inner.config.now();
        let (region, name) = (&*signing.region, &*signing.name);
        inner
            .signer
            .sign_with(&mut request, creds, region, name, now, signing.rules)
            .map_err(|e| construction(e.to_string()))?;
        let max = inner.config.max_attempts(inner.service.service_id);
        inner.identify(request.headers_mut(), invocation_id_header(), 1, max);
        match within_attempt(client.send(request), timeout, None).await {
            Ok(response) => asked_region(response.headers())
                .map_err(|e| UnhandledError::new(ErrorKind::Response, e)),
            Err(_) => Ok(None),
        }
    }
}

/// A failed response, as a redirect reads it.
pub(super) struct Failed<'a> {
    pub(super) status: u16,
    pub(super) code: Option<&'a str>,
    pub(super) headers: &'a HeaderMap,
    pub(super) body: &'a [u8],
}

impl<'a> Failed<'a> {
    /// `response`, with the error code its body gave.
    pub(super) fn of<B>(
        response: &'a http::Response<B>,
        code: Option<&'a str>,
        buffered: fn(&B) -> &[u8],
    ) -> Failed<'a> {
        Failed {
            status: response.status().as_u16(),
            code,
            headers: response.headers(),
            body: buffered(response.body()),
        }
    }
}

/// What a redirect needs of its call: the bucket, the endpoint
/// parameters, and how to ask S3 the bucket's region.
pub(super) type RedirectSource<'a> = (
    &'a str,
    &'a OperationParams,
    &'a dyn HttpClient,
    &'a Credentials,
    Duration,
);

impl Signing<'_> {
    pub(super) fn into_owned<'b>(self) -> Signing<'b> {
        Signing {
            region: Cow::Owned(self.region.into_owned()),
            name: Cow::Owned(self.name.into_owned()),
            rules: self.rules,
        }
    }
}

impl Prepared {
    /// The request sent to another endpoint's host, as botocore's
    /// `_get_new_endpoint` splices a redirect: the scheme, path and query
    /// stay; the host and `Host` are the endpoint's.
    pub(super) fn retarget(&mut self, endpoint: &ResolvedEndpoint) -> Result<(), UnhandledError> {
        let mut parts = http::uri::Parts::default();
        parts.scheme = self.uri.scheme().cloned();
        parts.authority = Some(endpoint.authority.clone());
        parts.path_and_query = self.uri.path_and_query().cloned();
        self.uri = Uri::from_parts(parts).map_err(|e| {
            UnhandledError::new(ErrorKind::Construction, format!("redirected URL: {e}"))
        })?;
        self.headers.insert(HOST, endpoint.host_header.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(region: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(region) = region {
            headers.insert(BUCKET_REGION, HeaderValue::from_str(region).unwrap());
        }
        headers
    }

    const WRONG_REGION: &[u8] = b"<Error><Code>AuthorizationHeaderMalformed</Code>\
        <Message>the region 'us-east-1' is wrong; expecting 'eu-west-2'</Message>\
        <Region>eu-west-2</Region></Error>";

    #[test]
    fn failures_that_redirect_and_their_regions() {
        let to = |r: &str| Ok(Redirect::To(r.to_string()));
        let in_header = headers(Some("eu-west-1"));
        let none = headers(None);
        let permanent = b"<Error><Code>PermanentRedirect</Code></Error>";
        assert_eq!(
            redirect_of(
                "GetObject",
                301,
                Some("PermanentRedirect"),
                &in_header,
                permanent
            ),
            to("eu-west-1")
        );
        assert_eq!(
            redirect_of(
                "GetObject",
                400,
                Some("AuthorizationHeaderMalformed"),
                &none,
                WRONG_REGION
            ),
            to("eu-west-2")
        );
        // The header wins over the body.
        assert_eq!(
            redirect_of(
                "PutObject",
                400,
                Some("AuthorizationHeaderMalformed"),
                &in_header,
                WRONG_REGION
            ),
            to("eu-west-1")
        );
        assert_eq!(
            redirect_of("HeadObject", 400, Some("400"), &none, b""),
            Ok(Redirect::Ask)
        );
        assert_eq!(
            redirect_of("GetObject", 307, Some("TemporaryRedirect"), &none, b""),
            Ok(Redirect::Ask)
        );
        assert_eq!(
            redirect_of(
                "ListObjectsV2",
                400,
                Some("IllegalLocationConstraintException"),
                &in_header,
                b""
            ),
            to("eu-west-1")
        );
    }

    #[test]
    fn failures_that_do_not_redirect() {
        let in_header = headers(Some("eu-west-1"));
        let none = headers(None);
        for (op, status, code, headers) in [
            ("GetObject", 403, "AccessDenied", &in_header),
            ("GetObject", 400, "400", &in_header),
            // HeadBucket's bodiless 400 redirects only with the header.
            ("HeadBucket", 400, "400", &none),
            (
                "CreateBucket",
                400,
                "IllegalLocationConstraintException",
                &in_header,
            ),
            // A signing-region error without a region.
            ("GetObject", 400, "AuthorizationHeaderMalformed", &none),
        ] {
            assert_eq!(
                redirect_of(op, status, Some(code), headers, b""),
                Ok(Redirect::Not),
                "{op} {code}"
            );
        }
    }

    #[test]
    fn regions_that_are_not_host_labels_are_refused() {
        for hostile in ["evil.example.com", "a/b", "", "-x", "x-", "eu west"] {
            let headers = headers(Some(hostile));
            let result = redirect_of("GetObject", 301, Some("PermanentRedirect"), &headers, b"");
            assert!(result.is_err(), "{hostile:?} was accepted");
            assert!(asked_region(&headers).is_err());
        }
        assert_eq!(asked_region(&headers(None)), Ok(None));
    }

    #[test]
    fn only_s3_buckets_that_are_not_arns_redirect() {
        let bucket = |b: &str| vec![("Bucket", ParamValue::String(b.to_string()))];
        assert_eq!(
            redirected_bucket("S3", &bucket("logs")),
            Some("logs".to_string())
        );
        assert_eq!(redirected_bucket("S3 Control", &bucket("logs")), None);
        let arn = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint";
        assert_eq!(redirected_bucket("S3", &bucket(arn)), None);
        assert_eq!(redirected_bucket("S3", &[]), None);
    }

    #[test]
    fn remembered_regions_are_bounded() {
        let regions = BucketRegions::default();
        regions.remember("a", "eu-west-1");
        regions.remember("a", "eu-west-2");
        assert_eq!(regions.get("a").as_deref(), Some("eu-west-2"));
        for i in 0..CAPACITY {
            regions.remember(&format!("b{i}"), "us-west-2");
        }
        assert_eq!(regions.get("a"), None);
        assert_eq!(regions.entries.lock().unwrap().len(), CAPACITY);
    }
}
