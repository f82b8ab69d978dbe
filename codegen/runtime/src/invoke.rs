//! Sending one operation call: request compression and checksum, endpoint,
//! signing, identification headers, per-attempt timeout and standard-mode
//! retries around a request the generated serializer built.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::time::Instant;

use super::credentials::Credentials;
use super::credentials::ProvideCredentials;
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, HOST, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};

use super::adaptive::ClientRateLimiter;
use super::checksum;
use super::compression::compress_request;
use super::config::Config;
use super::config::RetryMode;
use super::endpoint::{self, ParamValue};
use super::endpoint_cache::{EndpointCache, OperationParams};
use super::endpoint_settings;
use super::presign::{self, PresignedRequest, PresigningConfig};
use super::proto::errors::parse_error_metadata;
use super::retry::{self, Backoff, RetryQuota};
use super::setting::{shown, without_userinfo, EndpointUrl};
use super::sign::{host_header, Signer, SigningRules, S3_SIGNING_NAMES};
use super::transport::{
    HttpClient, HttpRequest, HttpResponse, StreamingResponse, TransportError, TransportErrorKind,
};
use super::upload::{Destination, Upload};
use super::user_agent::{add_trace_id, in_lambda, invocation_id_header, user_agent};
use super::{ByteStream, ErrorKind, ErrorMetadata, OperationSpec, ServiceSpec, UnhandledError};

#[cfg(feature = "s3-redirects")]
mod redirect;

const INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
const SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");

/// Per-call input beyond the serialized request.
#[derive(Default, Debug)]
pub struct InvokeContext {
    /// The operation's `endpoint.hostPrefix` with its labels filled in
    /// (`"data."`), prepended to the endpoint's host.
    pub host_prefix: Option<String>,
    /// Endpoint rule-set parameters the operation sets (its
    /// `staticContextParams` and input members with `contextParam`), over
    /// the configuration's; empty, the client's one endpoint is used.
    pub endpoint_params: Vec<(&'static str, ParamValue)>,
    /// The operation's payload when it streams (a file, say): sent as it is
    /// read, instead of the request's own (empty) body.
    pub body: Option<ByteStream>,
}

/// A call ready to go: the client's handle, the serialized request and the
/// rest `invoke` (or `presign`) needs. A generated `send` builds one.
pub type PreparedCall = (Handle, http::Request<Vec<u8>>, InvokeContext);

/// What a generated service client holds: its configuration, the service
/// description, the resolved endpoint (cached) and the retry quota. Cheap to
/// clone; clones share the cache and the quota.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<HandleInner>,
}

#[derive(Debug)]
struct HandleInner {
    config: Config,
    service: &'static ServiceSpec,
    /// The override URL for this service, picked when the client is built.
    endpoint_url: Option<EndpointUrl>,
    rules: OnceLock<endpoint::RuleSet>,
    /// The endpoint of calls without operation parameters.
    endpoint: OnceLock<ResolvedEndpoint>,
    /// Endpoints of calls with operation parameters, by their values.
    by_params: EndpointCache<ResolvedEndpoint>,
    /// S3 buckets' regions, learnt from redirects.
    #[cfg(feature = "s3-redirects")]
    bucket_regions: redirect::BucketRegions,
    quota: RetryQuota,
    /// The adaptive retry mode's rate limiter; `None` in standard mode.
    rate_limiter: Option<ClientRateLimiter>,
    /// Keeps the day's signing key.
    signer: Signer,
    user_agent: HeaderValue,
    /// In AWS Lambda: requests carry the invocation's trace id.
    in_lambda: bool,
}

/// The endpoint rules' answer, in the form each request needs.
#[derive(Debug)]
struct ResolvedEndpoint {
    scheme: http::uri::Scheme,
    /// As the URL spells it.
    host: String,
    /// `host[:port]` as the URL spells it: botocore keeps an explicit
    /// default port (`https://127.0.0.1:443`) in the request URL.
    authority: http::uri::Authority,
    /// The `Host` header, as botocore signs and sends it: the host in lower
    /// case, with the port unless it is the scheme's default.
    host_header: HeaderValue,
    /// `:port` as the URL spells it, or empty.
    port: String,
    /// `:port` for the `Host` header: empty for the scheme's default port.
    header_port: String,
    path: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    signing_region: Option<String>,
    signing_name: Option<String>,
    /// How the signature reads the path (the auth scheme's flags).
    signing_rules: SigningRules,
}

/// An attempt's retryable outcome.
enum Failure<B> {
    Response(http::Response<B>),
    Transport(TransportError),
    Timeout,
}

/// What an error response means for the call.
enum Verdict<B> {
    /// Not retried (an S3 region redirect may still send the call
    /// elsewhere), with its parsed metadata.
    Final(http::Response<B>, ErrorMetadata),
    /// Worth another attempt, and whether it was throttling.
    Retry(Failure<B>, bool),
}

/// The attempts a call may make, and how long each may take and wait.
struct Retries {
    max: u32,
    timeout: Duration,
    backoff: Backoff,
}

impl Retries {
    fn of(inner: &HandleInner) -> Retries {
        let config = &inner.config;
        Retries {
            max: config.max_attempts(inner.service.service_id),
            timeout: config.attempt_timeout(),
            backoff: Backoff::for_service(config.retry_base_delay(), inner.service.service_id),
        }
    }
}

/// Where a call stands after a failed attempt: the attempt's number,
/// whether its body can be sent again, the retry quota it holds, and its
/// deadline.
type AfterFailure<'a> = (u32, bool, &'a mut Option<u32>, Option<Instant>);

/// Why an attempt ended without a response.
enum Elapsed {
    /// The attempt's own timeout: retryable.
    Attempt,
    /// The whole call's deadline: nothing more is tried.
    Operation,
}

impl Handle {
    pub fn new(config: &Config, service: &'static ServiceSpec) -> Handle {
        let user_agent = HeaderValue::from_str(&user_agent(service))
            .unwrap_or_else(|_| HeaderValue::from_static("slimaws"));
        Handle {
            inner: Arc::new(HandleInner {
                config: config.clone(),
                service,
                endpoint_url: config.endpoint_url_for(service.service_id),
                rules: OnceLock::new(),
                endpoint: OnceLock::new(),
                by_params: EndpointCache::default(),
                #[cfg(feature = "s3-redirects")]
                bucket_regions: redirect::BucketRegions::default(),
                quota: RetryQuota::default(),
                rate_limiter: (config.retry_mode() == RetryMode::Adaptive)
                    .then(ClientRateLimiter::new),
                signer: Signer::default(),
                user_agent,
                in_lambda: in_lambda(),
            }),
        }
    }

    /// A token for an idempotency-token member the caller left unset (the
    /// config's generator, by default a random UUID); the generated `send`
    /// asks for one per such member.
    pub fn idempotency_token(&self) -> String {
        self.inner.config.idempotency_token()
    }

    /// Whether the generated `send` validates strictly (the config's
    /// `strict_validation`).
    pub fn strict_validation(&self) -> bool {
        self.inner.config.strict_validation()
    }

    /// Sends `request` (relative URI, protocol headers, body) to the
    /// service, compressing its body first when the operation allows it
    /// (see [`compress_request`]) and adding a checksum when it requires one
    /// ([`checksum::add_request_checksum`]), retrying transient failures. Any HTTP
    /// response that is not retried (or the last one) is returned for the
    /// operation's deserializer, error statuses included; `Err` means no
    /// usable response.
    pub async fn invoke(
        &self,
        op: &'static OperationSpec,
        request: http::Request<Vec<u8>>,
        ctx: InvokeContext,
    ) -> Result<HttpResponse, UnhandledError> {
        self.call::<Whole>(op, request, ctx).await
    }

    /// As [`invoke`](Self::invoke) for an operation whose output streams:
    /// a successful response's body is left for the caller to read (each
    /// read within the attempt timeout, its checksum checked at its end);
    /// error responses are read whole, for the deserializer.
    pub async fn invoke_streaming(
        &self,
        op: &'static OperationSpec,
        request: http::Request<Vec<u8>>,
        ctx: InvokeContext,
    ) -> Result<StreamingResponse, UnhandledError> {
        self.call::<Streamed>(op, request, ctx).await
    }

    /// One call, as `invoke` and `invoke_streaming` describe it; `E`
    /// reads the responses.
    async fn call<E: Exchange>(
        &self,
        op: &'static OperationSpec,
        mut request: http::Request<Vec<u8>>,
        mut ctx: InvokeContext,
    ) -> Result<http::Response<E::Body>, UnhandledError> {
        let inner = &*self.inner;
        let config = &inner.config;
        let streamed = ctx.body.take();
        // The whole call's deadline bounds every wait below that may stall:
        // credentials, the rate limiter, each attempt and each backoff.
        let deadline = config
            .operation_timeout()
            .map(|limit| Instant::now() + limit);
        let check_response = prepare_body(op, config, &mut request, streamed.is_none())?;
        // Credentials first: their account id is an endpoint built-in. An
        // unsigned operation needs none.
        let creds = match op.unsigned {
            true => None,
            false => Some(self.credentials(op, deadline).await?),
        };
        let mut params = std::mem::take(&mut ctx.endpoint_params);
        push_account_id(&mut params, creds.as_ref());
        #[cfg(feature = "s3-redirects")]
        let bucket = self.remembered_region(&mut params);
        let per_call;
        let endpoint = if params.is_empty() {
            self.endpoint(op)?
        } else {
            per_call = self.per_call_endpoint(op.name, &params)?;
            &*per_call
        };
        let mut prepared = Prepared::new(endpoint, request, ctx)?;
        if inner.in_lambda {
            add_trace_id(&mut prepared.headers);
        }
        let mut upload = match streamed {
            None => None,
            Some(body) => {
                let to = Destination::of(endpoint);
                // Boxed: its reading ahead (hashers, buffers) would otherwise
                // grow every call's future, streamed or not.
                let prepare = Upload::prepare(op, config, &mut prepared.headers, body, to);
                Some(Box::pin(prepare).await?)
            }
        };
        let client = config.http_client().map_err(configuration)?;
        let retries = Retries::of(inner);
        let invocation = invocation_id_header();
        let mut acquired = None;
        // A region redirect (feature `s3-redirects`) signs for another region, and
        // is one attempt more, as in botocore.
        #[cfg_attr(not(feature = "s3-redirects"), allow(unused_mut))]
        let (mut signing, mut last) = (Signing::of(inner, endpoint)?, retries.max);
        let mut attempt = 0;
        while attempt < last {
            attempt += 1;
            let mut request = prepared.build();
            let (now, rules) = (config.now(), signing.rules);
            let (region, signing_name) = (&*signing.region, &*signing.name);
            let signer = &inner.signer;
            let signed = match (&creds, &upload) {
                (None, _) => Ok(()),
                (Some(creds), None) => {
                    signer.sign_with(&mut request, creds, region, signing_name, now, rules)
                }
                (Some(creds), Some(upload)) => {
                    let hash = upload.payload_hash();
                    signer.sign_payload(&mut request, creds, region, signing_name, now, rules, hash)
                }
            };
            signed.map_err(|e| UnhandledError::new(ErrorKind::Construction, e))?;
            inner.identify(
                request.headers_mut(),
                invocation.clone(),
                attempt,
                retries.max,
            );
            if let Some(limiter) = &inner.rate_limiter {
                within(deadline, limiter.acquire())
                    .await
                    .ok_or_else(|| operation_timeout(op, config))?;
            }
            // Checked before each retry (below): there is a body to send.
            let body = upload.as_mut().and_then(Upload::attempt_body);
            let exchange = E::exchange(&*client, request, body, config.max_response_bytes());
            let mut outcome = within_attempt(exchange, retries.timeout, deadline).await;
            if op.success_may_be_error {
                if let Ok(response) = &mut outcome {
                    error_in_success_is_500(response, E::buffered);
                }
            }
            let (failure, throttling) = match outcome {
                Ok(response) if response.status().is_success() => {
                    inner.record_attempt(false);
                    inner.quota.release(acquired);
                    return E::success(op, response, check_response, retries.timeout)
                        .map_err(|e| UnhandledError::new(ErrorKind::Response, e));
                }
                Ok(response) => match inner.judge_error_response::<E>(response) {
                    Verdict::Retry(failure, throttling) => (failure, throttling),
                    // `_meta`: only a redirect (feature `s3-redirects`) reads it.
                    Verdict::Final(response, _meta) => {
                        // Once per call, and only when the body can be sent again.
                        #[cfg(feature = "s3-redirects")]
                        if let Some((bucket, creds)) =
                            bucket.as_deref().zip(creds.as_ref()).filter(|_| {
                                last == retries.max
                                    && upload.as_ref().is_none_or(|u| u.can_resend())
                            })
                        {
                            let failed = redirect::Failed::of(&response, _meta.code(), E::buffered);
                            let to = (bucket, &params[..], &*client, creds, retries.timeout);
                            if let Some(endpoint) =
                                Box::pin(self.redirected(op, failed, to)).await?
                            {
                                prepared.retarget(&endpoint)?;
                                signing = Signing::of(inner, &endpoint)?.into_owned();
                                last += 1;
                                continue;
                            }
                        }
                        return Ok(response);
                    }
                },
                Err(e) => inner.judge_failure(op, e)?,
            };
            let resendable = upload.as_ref().is_none_or(|u| u.can_resend());
            let after = (attempt, resendable, &mut acquired, deadline);
            match inner.retry_at(op, failure, throttling, &retries, after) {
                Ok(wake) => tokio::time::sleep_until(wake).await,
                Err(outcome) => return outcome,
            }
        }
        // `max` is at least 1, so the loop returned.
        Err(configuration("max_attempts is 0"))
    }

    /// The configured provider's credentials, within the call's deadline.
    async fn credentials(
        &self,
        op: &OperationSpec,
        deadline: Option<Instant>,
    ) -> Result<Credentials, UnhandledError> {
        let config = &self.inner.config;
        let provider = config
            .credentials_provider()
            .ok_or_else(|| configuration("no credentials provider configured"))?;
        within(deadline, provider.provide_credentials())
            .await
            .ok_or_else(|| operation_timeout(op, config))?
            .map_err(|e| UnhandledError::new(ErrorKind::Configuration, e))
    }

    /// Presigns `request` (as [`invoke`](Self::invoke) takes it) instead of
    /// sending it: the URL, signed in its query for `config`'s validity, as
    /// botocore's `generate_presigned_url` makes it (S3's presigned URLs go
    /// to the global endpoint where botocore's do, signed for the client's
    /// region). Nothing is sent; the body must be empty or form parameters.
    pub async fn presign(
        &self,
        op: &'static OperationSpec,
        request: http::Request<Vec<u8>>,
        ctx: InvokeContext,
        config: PresigningConfig,
    ) -> Result<PresignedRequest, UnhandledError> {
        let inner = &*self.inner;
        let construction = |e: String| UnhandledError::new(ErrorKind::Construction, e);
        let creds = self.credentials(op, None).await?;
        let mut params = ctx.endpoint_params.clone();
        push_account_id(&mut params, Some(&creds));
        let endpoint = resolve_endpoint(inner, op.name, &params, true)?;
        let bucket_is_arn = params.iter().any(|(name, value)| {
            *name == "Bucket"
                && matches!(value, ParamValue::String(b) if endpoint_settings::is_arn(b))
        });
        // botocore keeps the rule set's signing region only for ARN buckets
        // (`ignore_signing_region`); S3's global presigned URLs are signed
        // for the client's region.
        let region = match (&endpoint.signing_region, inner.service.service_id) {
            (Some(region), id) if id != "S3" || bucket_is_arn => Some(region.as_str()),
            _ => inner.config.region(),
        }
        .ok_or_else(|| {
            configuration("no region configured: set AWS_REGION or Config::builder().region(..)")
        })?
        .to_string();
        let signing_name = endpoint
            .signing_name
            .as_deref()
            .unwrap_or(inner.service.signing_name);
        let mut request = Prepared::new(&endpoint, request, ctx)?.build();
        let form = presign::take_form_params(&mut request).map_err(construction)?;
        inner
            .signer
            .presign(
                &mut request,
                form,
                &creds,
                &region,
                signing_name,
                inner.config.now(),
                config.expires_in_secs(),
                endpoint.signing_rules,
            )
            .map_err(|e| UnhandledError::new(ErrorKind::Construction, e))?;
        let (parts, _) = request.into_parts();
        let mut headers = parts.headers;
        headers.remove(HOST);
        Ok(PresignedRequest::new(parts.method, parts.uri, headers))
    }

    /// The endpoint of calls without parameters, resolved on first use and
    /// then cached (`op` names the call in errors).
    fn endpoint(&self, op: &OperationSpec) -> Result<&ResolvedEndpoint, UnhandledError> {
        if let Some(endpoint) = self.inner.endpoint.get() {
            return Ok(endpoint);
        }
        let resolved = resolve_endpoint(&self.inner, op.name, &[], false)?;
        Ok(self.inner.endpoint.get_or_init(|| resolved))
    }

    /// The endpoint of a call with parameters, cached by their values.
    fn per_call_endpoint(
        &self,
        op_name: &'static str,
        params: &OperationParams,
    ) -> Result<Arc<ResolvedEndpoint>, UnhandledError> {
        let inner = &*self.inner;
        inner.by_params.get_or_resolve(op_name, params, |p| {
            resolve_endpoint(inner, op_name, p, false)
        })
    }
}

/// Who a request is signed as: the endpoint's signing region and name
/// (else the client's region and the service's name), and its rules.
struct Signing<'a> {
    region: Cow<'a, str>,
    name: Cow<'a, str>,
    rules: SigningRules,
}

impl<'a> Signing<'a> {
    fn of(inner: &'a HandleInner, endpoint: &'a ResolvedEndpoint) -> Result<Self, UnhandledError> {
        let region = endpoint
            .signing_region
            .as_deref()
            .or(inner.config.region())
            .ok_or_else(|| {
                configuration(
                    "no region configured: set AWS_REGION or Config::builder().region(..)",
                )
            })?;
        let name = endpoint
            .signing_name
            .as_deref()
            .unwrap_or(inner.service.signing_name);
        Ok(Signing {
            region: Cow::Borrowed(region),
            name: Cow::Borrowed(name),
            rules: endpoint.signing_rules,
        })
    }
}

impl HandleInner {
    /// Whether an error response is retried, by botocore's standard retry
    /// rules; the adaptive mode's limiter hears of it.
    fn judge_error_response<E: Exchange>(
        &self,
        response: http::Response<E::Body>,
    ) -> Verdict<E::Body> {
        let status = response.status().as_u16();
        let meta = parse_error_metadata(
            self.service.protocol,
            status,
            response.headers(),
            E::buffered(response.body()),
        );
        let throttling = retry::is_throttling(meta.status(), meta.code());
        // botocore's limiter hears of every attempt, retried or not.
        self.record_attempt(throttling);
        if retry::is_retryable_response(Some(status), meta.code()) {
            Verdict::Retry(Failure::Response(response), throttling)
        } else {
            Verdict::Final(response, meta)
        }
    }

    /// An attempt that ended without a response: retried (never as
    /// throttling) unless the transport error is final or the call's
    /// deadline has passed.
    fn judge_failure<B>(
        &self,
        op: &OperationSpec,
        failure: Result<Elapsed, TransportError>,
    ) -> Result<(Failure<B>, bool), UnhandledError> {
        self.record_attempt(false);
        match failure {
            Err(e) if !e.is_retryable() => Err(UnhandledError::new(ErrorKind::Transport, e)),
            Err(e) => Ok((Failure::Transport(e), false)),
            Ok(Elapsed::Attempt) => Ok((Failure::Timeout, false)),
            Ok(Elapsed::Operation) => Err(operation_timeout(op, &self.config)),
        }
    }

    /// After a retryable failure of attempt `attempt`: when to try again,
    /// or the call's outcome when no retry is due (the attempts, the retry
    /// quota or the deadline are spent, or the body cannot be sent again).
    fn retry_at<B>(
        &self,
        op: &OperationSpec,
        failure: Failure<B>,
        throttling: bool,
        retries: &Retries,
        (attempt, resendable, acquired, deadline): AfterFailure<'_>,
    ) -> Result<Instant, Result<http::Response<B>, UnhandledError>> {
        let retry_after = match &failure {
            Failure::Response(response) => retry::retry_after(response.headers()),
            _ => None,
        };
        if attempt == retries.max {
            return Err(failure.finish(op, attempt, retries.timeout));
        }
        if !resendable {
            return Err(failure.not_resent(op, attempt, retries.timeout));
        }
        match self.quota.acquire(throttling) {
            Some(cost) => *acquired = Some(cost),
            None => return Err(failure.finish(op, attempt, retries.timeout)),
        }
        let delay = retries
            .backoff
            .delay(attempt, throttling, retry_after, fastrand::f64());
        let wake = Instant::now() + delay;
        if deadline.is_some_and(|deadline| wake >= deadline) {
            // Waiting would end past the deadline: stop now, not then.
            return Err(Err(operation_timeout(op, &self.config)));
        }
        Ok(wake)
    }

    /// The headers botocore adds after signing (so they are not signed):
    /// the call's invocation id, the attempt, the `User-Agent`.
    fn identify(&self, headers: &mut HeaderMap, invocation: HeaderValue, attempt: u32, max: u32) {
        headers.insert(INVOCATION_ID, invocation);
        headers.insert(SDK_REQUEST, attempt_header(attempt, max));
        headers.insert(USER_AGENT, self.user_agent.clone());
    }

    /// Tells the adaptive mode's rate limiter, if any, how an attempt went.
    fn record_attempt(&self, throttled: bool) {
        if let Some(limiter) = &self.rate_limiter {
            limiter.record(throttled);
        }
    }
}

impl<B> Failure<B> {
    /// As [`finish`](Self::finish) when a retry is due but the body cannot
    /// be sent again: an error says so.
    fn not_resent(
        self,
        op: &OperationSpec,
        attempts: u32,
        timeout: Duration,
    ) -> Result<http::Response<B>, UnhandledError> {
        self.finish(op, attempts, timeout).map_err(|e| {
            let note = "not retried: the request body is a stream that cannot be read again";
            UnhandledError::new(e.kind(), format!("{e}; {note}"))
        })
    }

    /// The outcome once no retry is left: the response for the
    /// deserializer, or the error.
    fn finish(
        self,
        op: &OperationSpec,
        attempts: u32,
        timeout: Duration,
    ) -> Result<http::Response<B>, UnhandledError> {
        match self {
            Failure::Response(response) => Ok(response),
            Failure::Transport(e) => Err(UnhandledError::new(ErrorKind::Transport, e)),
            Failure::Timeout => Err(UnhandledError::new(
                ErrorKind::Timeout,
                format!(
                    "{}: no response within {timeout:?} (attempt {attempts})",
                    op.name
                ),
            )),
        }
    }
}

impl Destination {
    /// Where a streamed body goes: over HTTPS or not, to S3 or not.
    fn of(endpoint: &ResolvedEndpoint) -> Destination {
        Destination {
            https: endpoint.scheme == http::uri::Scheme::HTTPS,
            s3: endpoint.signing_rules.content_sha256_header,
        }
    }
}

/// As botocore prepares a body before it sets `Content-Length` and signs:
/// compressed, then checksummed (`whole`: a streamed body is prepared as it
/// is read, see `Upload`). Whether the response's checksum is checked.
fn prepare_body(
    op: &OperationSpec,
    config: &Config,
    request: &mut http::Request<Vec<u8>>,
    whole: bool,
) -> Result<bool, UnhandledError> {
    if whole {
        compress_request(op, config, request);
        checksum::add_request_checksum(op, config.request_checksum_calculation(), request)
            .map_err(|e| UnhandledError::new(ErrorKind::Construction, e))?;
    }
    Ok(checksum::request_response_checksum(
        op,
        config.response_checksum_validation(),
        request,
    ))
}

/// botocore's `_handle_200_error`: S3 may answer 200 and put an `<Error>`
/// document in the body, or send a body cut short that is no XML at all;
/// either is a 500, so it is retried and then parsed as an error.
fn error_in_success_is_500<B>(response: &mut http::Response<B>, buffered: fn(&B) -> &[u8]) {
    if response.status() != http::StatusCode::OK {
        return;
    }
    let body = buffered(response.body());
    if body.is_empty() {
        return;
    }
    let hides_error = match super::proto::xml::parse(body) {
        Ok(root) => root.name() == "Error",
        Err(_) => true,
    };
    if hides_error {
        *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    }
}

/// How an attempt's response is read: whole ([`Whole`]), or with a
/// successful response's body left to the caller ([`Streamed`]).
trait Exchange {
    type Body: Send;

    /// Sends `request`; error responses come back read whole, at most
    /// `max_error_body` bytes of them when the client does not cap them.
    fn exchange(
        client: &dyn HttpClient,
        request: HttpRequest,
        body: Option<ByteStream>,
        max_error_body: usize,
    ) -> impl std::future::Future<Output = Result<http::Response<Self::Body>, TransportError>> + Send;

    /// The bytes of a body read whole (empty for a streamed one).
    fn buffered(body: &Self::Body) -> &[u8];

    /// A successful response as the caller gets it: checked against its
    /// checksum when `check` (as it streams, for a streamed body).
    fn success(
        op: &OperationSpec,
        response: http::Response<Self::Body>,
        check: bool,
        read_timeout: Duration,
    ) -> Result<http::Response<Self::Body>, checksum::ChecksumMismatch>;
}

/// Every response read whole, by [`HttpClient::send`].
struct Whole;

impl Exchange for Whole {
    type Body = Bytes;

    fn exchange(
        client: &dyn HttpClient,
        request: HttpRequest,
        body: Option<ByteStream>,
        max_body: usize,
    ) -> impl std::future::Future<Output = Result<HttpResponse, TransportError>> + Send {
        // The client's own future as it is: no state machine around it.
        let Some(body) = body else {
            return client.send(request);
        };
        Box::pin(async move {
            let response = client.send_streaming(request.map(|_| body)).await?;
            let (parts, body) = response.into_parts();
            let body = read_limited(body, max_body).await?;
            Ok(http::Response::from_parts(parts, body))
        })
    }

    fn buffered(body: &Bytes) -> &[u8] {
        body
    }

    fn success(
        op: &OperationSpec,
        response: HttpResponse,
        check: bool,
        _read_timeout: Duration,
    ) -> Result<HttpResponse, checksum::ChecksumMismatch> {
        if check {
            checksum::validate_response(op, response.headers(), response.body())?;
        }
        Ok(response)
    }
}

/// A successful response's body left unread, by [`HttpClient::send_streaming`].
struct Streamed;

impl Exchange for Streamed {
    type Body = ByteStream;

    async fn exchange(
        client: &dyn HttpClient,
        request: HttpRequest,
        body: Option<ByteStream>,
        max_error_body: usize,
    ) -> Result<StreamingResponse, TransportError> {
        let request = request.map(|bytes| body.unwrap_or_else(|| ByteStream::new(bytes)));
        let response = client.send_streaming(request).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        // An error's body is read whole, for its code and message.
        let (parts, body) = response.into_parts();
        let body = read_limited(body, max_error_body).await?;
        Ok(http::Response::from_parts(parts, ByteStream::from(body)))
    }

    fn buffered(body: &ByteStream) -> &[u8] {
        body.as_buffered().unwrap_or_default()
    }

    fn success(
        op: &OperationSpec,
        response: StreamingResponse,
        check: bool,
        read_timeout: Duration,
    ) -> Result<StreamingResponse, checksum::ChecksumMismatch> {
        let (parts, mut body) = response.into_parts();
        if check {
            body = checksum::validating_stream(op, &parts.headers, body)?;
        }
        let body = body.with_read_timeout(read_timeout);
        Ok(http::Response::from_parts(parts, body))
    }
}

/// One attempt, within its timeout and the call's deadline (one timer for
/// both): `Err(Ok(_))` says which ran out.
async fn within_attempt<T>(
    exchange: impl std::future::Future<Output = Result<T, TransportError>>,
    timeout: Duration,
    deadline: Option<Instant>,
) -> Result<T, Result<Elapsed, TransportError>> {
    let attempt_end = Instant::now() + timeout;
    let (end, elapsed) = match deadline {
        Some(deadline) if deadline <= attempt_end => (deadline, Elapsed::Operation),
        _ => (attempt_end, Elapsed::Attempt),
    };
    match tokio::time::timeout_at(end, exchange).await {
        Ok(result) => result.map_err(Err),
        Err(_) => Err(Ok(elapsed)),
    }
}

/// The whole of `body`, failing past `max` bytes.
async fn read_limited(mut body: ByteStream, max: usize) -> Result<Bytes, TransportError> {
    let too_large = || {
        let message = format!("the response body is larger than {max} bytes");
        TransportError::new(TransportErrorKind::ResponseTooLarge, message)
    };
    if body.content_length().is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let mut whole = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| TransportError::new(TransportErrorKind::Io, e))?;
        if whole.len() + chunk.len() > max {
            return Err(too_large());
        }
        whole.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(whole))
}

/// `future`, unless the deadline passes first (`None`). A future that is
/// ready at once (static credentials, an idle rate limiter) costs no timer.
async fn within<F: std::future::Future>(deadline: Option<Instant>, future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(future.as_mut().poll(cx))).await;
    if let std::task::Poll::Ready(output) = first {
        return Some(output);
    }
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, future).await.ok(),
        None => Some(future.await),
    }
}

fn operation_timeout(op: &OperationSpec, config: &Config) -> UnhandledError {
    let limit = config.operation_timeout().unwrap_or_default();
    UnhandledError::new(
        ErrorKind::Timeout,
        format!(
            "{}: no answer within the operation timeout of {limit:?}",
            op.name
        ),
    )
}

fn attempt_header(attempt: u32, max: u32) -> HeaderValue {
    // The usual single-digit case without formatting machinery.
    if attempt < 10 && max < 10 {
        let mut text = *b"attempt=0; max=0";
        text[8] += attempt as u8;
        text[15] += max as u8;
        if let Ok(value) = HeaderValue::from_bytes(&text) {
            return value;
        }
    }
    HeaderValue::from_str(&format!("attempt={attempt}; max={max}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attempt=1"))
}

fn configuration(message: impl Into<String>) -> UnhandledError {
    UnhandledError::new(ErrorKind::Configuration, message.into())
}

/// The built-in of the credentials' account id (botocore's `ACCOUNT_ID`).
const ACCOUNT_ID: &str = "AWS::Auth::AccountId";
/// The account id joins the operation's parameters under its built-in's
/// name, so endpoints are kept per account too.
fn push_account_id(params: &mut Vec<(&'static str, ParamValue)>, creds: Option<&Credentials>) {
    if let Some(id) = creds.and_then(|c| c.account_id()) {
        params.push((ACCOUNT_ID, ParamValue::String(id.to_string())));
    }
}

/// The built-in of the region, among a call's parameters when a redirect
/// has named its bucket's region.
const REGION: &str = "AWS::Region";

/// The endpoint for the configuration and an operation's parameters
/// (`op_params`, which take precedence over built-ins, as botocore's
/// `_resolve_param_from_context` values do).
fn resolve_endpoint(
    inner: &HandleInner,
    op_name: &str,
    op_params: &OperationParams,
    presign: bool,
) -> Result<ResolvedEndpoint, UnhandledError> {
    let service = inner.service;
    // The values that reach the URL are checked before any URL is built,
    // whatever checks their sources made.
    if let Some(region) = inner.config.region_setting() {
        region.check().map_err(configuration)?;
    }
    if let Some(url) = &inner.endpoint_url {
        url.check().map_err(configuration)?;
    }
    if service.endpoint_rules.is_empty() {
        // A model without a rule set (the generator noted it): only an
        // explicit endpoint can say where its requests go.
        return match &inner.endpoint_url {
            Some(url) => endpoint_of_url(&url.url, true),
            None => Err(configuration(format!(
                "the {} model has no endpoint rule set: set an endpoint URL \
                 (`Config::builder().endpoint_url(..)` or `AWS_ENDPOINT_URL`)",
                service.service_id
            ))),
        };
    }
    let rules = rule_set(inner)?;
    let params = rule_params(inner, rules, op_name, op_params, presign);
    let resolved = rules
        .resolve(&params)
        .map_err(|e| UnhandledError::new(ErrorKind::Configuration, e))?;
    let mut endpoint = endpoint_of_url(&resolved.url, inner.endpoint_url.is_some())?;
    endpoint.headers = endpoint_headers(&resolved.headers)?;
    let scheme = resolved.sigv4_scheme().map_err(|names| {
        configuration(format!(
            "{}: the endpoint needs auth scheme {}, which slimaws cannot sign with (it signs sigv4)",
            op_name,
            names.join(", ")
        ))
    })?;
    let signing_name = scheme
        .signing_name
        .as_deref()
        .unwrap_or(service.signing_name);
    endpoint.signing_rules = if S3_SIGNING_NAMES.contains(&signing_name) {
        SigningRules::s3(!scheme.disable_double_encoding)
    } else {
        SigningRules {
            normalize: !scheme.disable_normalize_path,
            double_encode: !scheme.disable_double_encoding,
            content_sha256_header: false,
        }
    };
    endpoint.signing_region = scheme.signing_region;
    endpoint.signing_name = scheme.signing_name;
    Ok(endpoint)
}

/// The service's rule set, parsed on first use.
fn rule_set(inner: &HandleInner) -> Result<&endpoint::RuleSet, UnhandledError> {
    if let Some(rules) = inner.rules.get() {
        return Ok(rules);
    }
    let service = inner.service;
    let parsed = endpoint::RuleSet::from_json(service.endpoint_rules, service.partitions)
        .map_err(|e| UnhandledError::new(ErrorKind::Configuration, e))?;
    Ok(inner.rules.get_or_init(|| parsed))
}

/// The rule set's parameters: built-ins first, by the rule set's bindings
/// (every AWS rule set names them Region, UseFIPS, UseDualStack and
/// Endpoint, but the binding is what counts), then client context
/// parameters, then the operation's: botocore's precedence.
fn rule_params(
    inner: &HandleInner,
    rules: &endpoint::RuleSet,
    op_name: &str,
    op_params: &OperationParams,
    presign: bool,
) -> endpoint::Params {
    let (config, service) = (&inner.config, inner.service);
    let settings = config.endpoint_settings();
    let param = |name: &str| {
        op_params.iter().find_map(|(n, value)| match value {
            ParamValue::String(s) if *n == name => Some(s.as_str()),
            _ => None,
        })
    };
    let mut call = endpoint_settings::CallSources {
        // A bucket's region learnt from a redirect, over the client's.
        region: param(REGION).or(config.region()),
        endpoint_url: inner.endpoint_url.as_ref().map(|u| u.url.as_str()),
        use_fips: config.use_fips(),
        use_dual_stack: config.use_dual_stack(),
        // `invoke` passes the credentials' account id with the operation's parameters.
        account_id: param(ACCOUNT_ID),
        s3_operation: (service.service_id == "S3").then(|| (op_name, param("Bucket"))),
        s3_presign_global: false,
    };
    if presign {
        let in_aws = call
            .region
            .is_some_and(|r| rules.partition_name(r) == Some("aws"));
        call.s3_presign_global = settings.s3_presign_global(&call, in_aws);
    }
    let mut params = endpoint::Params::new();
    for (name, builtin) in rules.builtin_params() {
        if let Some(value) = settings.builtin(builtin, &call) {
            params.set(name, value);
        }
    }
    for (name, value) in &settings.client_context {
        if let Some(name) = service.client_context_params.iter().find(|n| **n == name) {
            params.set(name, value.clone());
        }
    }
    for (name, value) in op_params {
        if *name != ACCOUNT_ID && *name != REGION {
            params.set(name, value.clone());
        }
    }
    params
}

/// The headers the resolved endpoint asks for, each value its own header.
fn endpoint_headers(
    resolved: &[(String, Vec<String>)],
) -> Result<Vec<(HeaderName, HeaderValue)>, UnhandledError> {
    let mut headers = Vec::new();
    for (name, values) in resolved {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| UnhandledError::new(ErrorKind::Configuration, e))?;
        for value in values {
            let value = HeaderValue::from_str(value)
                .map_err(|e| UnhandledError::new(ErrorKind::Configuration, e))?;
            headers.push((name.clone(), value));
        }
    }
    Ok(headers)
}

/// The resolved URL in the form requests need. A URL the rule set built
/// from the configuration (no override) must name a plain DNS host: the
/// checks above make that so, and this makes sure.
fn endpoint_of_url(url: &str, overridden: bool) -> Result<ResolvedEndpoint, UnhandledError> {
    let invalid = |why: &str| {
        configuration(format!(
            "endpoint URL `{}` {why}",
            shown(&without_userinfo(url))
        ))
    };
    let uri: Uri = url.parse().map_err(|_| invalid("is not a valid URL"))?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(invalid("needs a scheme and a host"));
    };
    let default_port = match scheme {
        "https" => 443,
        "http" => 80,
        _ => return Err(invalid("is neither http nor https")),
    };
    if authority.as_str().contains('@') {
        return Err(invalid("has user information"));
    }
    if uri.query().is_some() {
        return Err(invalid("has a query"));
    }
    if !overridden && (!is_dns_name(authority.host()) || authority.port().is_some()) {
        return Err(invalid(
            "is not the plain host name the endpoint rules should give",
        ));
    }
    let port = authority
        .port()
        .map_or(String::new(), |port| format!(":{}", port.as_str()));
    let header_port = match authority.port_u16() {
        Some(port) if port != default_port => format!(":{port}"),
        _ => String::new(),
    };
    let host_header = HeaderValue::from_str(&host_header(authority.host(), &header_port))
        .map_err(|_| invalid("has a host that is not a valid header value"))?;
    Ok(ResolvedEndpoint {
        scheme: uri.scheme().cloned().unwrap_or(http::uri::Scheme::HTTPS),
        host: authority.host().to_string(),
        authority: authority.clone(),
        host_header,
        port,
        header_port,
        path: uri.path().to_string(),
        headers: Vec::new(),
        signing_region: None,
        signing_name: None,
        signing_rules: SigningRules::default(),
    })
}

/// Dot-separated labels of ASCII letters, digits and `-`, 1 to 63
/// characters each, none starting or ending with `-`.
fn is_dns_name(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// The parts of a request that stay the same across attempts.
struct Prepared {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl Prepared {
    fn new(
        endpoint: &ResolvedEndpoint,
        request: http::Request<Vec<u8>>,
        ctx: InvokeContext,
    ) -> Result<Prepared, UnhandledError> {
        let construction = |message: String| UnhandledError::new(ErrorKind::Construction, message);
        let (parts, body) = request.into_parts();
        let (path, query) = match parts.uri.path_and_query() {
            Some(pq) => (pq.path(), pq.query()),
            None => ("/", None),
        };
        let (host, host_value) = match &ctx.host_prefix {
            Some(prefix) => {
                if !is_valid_host_prefix(prefix) {
                    return Err(construction(format!(
                        "host prefix `{}` is not a valid host name part",
                        prefix.escape_debug()
                    )));
                }
                let host = format!("{prefix}{}{}", endpoint.host, endpoint.port);
                let header =
                    host_header(&format!("{prefix}{}", endpoint.host), &endpoint.header_port);
                let value =
                    HeaderValue::from_str(&header).map_err(|e| construction(e.to_string()))?;
                (std::borrow::Cow::Owned(host), value)
            }
            None => (
                std::borrow::Cow::Borrowed(endpoint.authority.as_str()),
                endpoint.host_header.clone(),
            ),
        };
        let plain_path = endpoint.path.is_empty() || endpoint.path == "/";
        let uri = match (parts.uri.path_and_query(), &ctx.host_prefix) {
            // The common case: the serializer's path and query, already
            // parsed, under the endpoint's scheme and authority.
            (Some(pq), None) if plain_path && pq.path().starts_with('/') => {
                let mut uri = http::uri::Parts::default();
                uri.scheme = Some(endpoint.scheme.clone());
                uri.authority = Some(endpoint.authority.clone());
                uri.path_and_query = Some(pq.clone());
                Uri::from_parts(uri).map_err(|e| construction(format!("request URL: {e}")))?
            }
            _ => {
                let mut url = String::with_capacity(
                    endpoint.scheme.as_str().len() + host.len() + path.len() + 64,
                );
                url.push_str(endpoint.scheme.as_str());
                url.push_str("://");
                url.push_str(&host);
                join_path_into(&endpoint.path, path, &mut url);
                if let Some(query) = query {
                    url.push('?');
                    url.push_str(query);
                }
                url.parse()
                    .map_err(|e| construction(format!("request URL `{url}` is invalid: {e}")))?
            }
        };

        let mut headers = parts.headers;
        for (name, value) in &endpoint.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(HOST, host_value);
        // As botocore: no Content-Length on an empty GET, HEAD or OPTIONS.
        let bodiless = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !(body.is_empty() && bodiless) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        Ok(Prepared {
            method: parts.method,
            uri,
            headers,
            body: Bytes::from(body),
        })
    }

    fn build(&self) -> HttpRequest {
        let mut request = http::Request::new(self.body.clone());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        let mut headers = self.headers.clone();
        // Signing and the SDK headers add up to six more: grow once, here.
        headers.reserve(6);
        *request.headers_mut() = headers;
        request
    }
}

/// A filled-in `hostPrefix` may contain letters, digits, `-` and `.` only
/// (botocore checks the same), so it cannot redirect the request elsewhere.
fn is_valid_host_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 255
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !prefix.starts_with('.')
        && !prefix.contains("..")
}

/// Appends the endpoint's path and the operation's to `out`, as
/// [`join_endpoint_path`].
fn join_path_into(base: &str, path: &str, out: &mut String) {
    if path.is_empty() || path == "/" {
        out.push_str(if base.is_empty() { "/" } else { base });
    } else if base.ends_with('/') && path.starts_with('/') {
        out.push_str(&base[..base.len() - 1]);
        out.push_str(path);
    } else {
        out.push_str(base);
        out.push_str(path);
    }
}

/// The endpoint's path followed by the operation's, as botocore's
/// `_urljoin` (`awsrequest.py`) joins them: `/base` + `/a` is `/base/a`, and
/// an operation path of `/` (or none) keeps the endpoint's path as it is
/// (`/base`, not `/base/`). `invoke` builds every request URL this way.
pub fn join_endpoint_path(base: &str, path: &str) -> String {
    let mut out = String::new();
    join_path_into(base, path, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempt_headers() {
        assert_eq!(attempt_header(1, 3), "attempt=1; max=3");
        assert_eq!(attempt_header(9, 9), "attempt=9; max=9");
        assert_eq!(attempt_header(2, 10), "attempt=2; max=10");
        assert_eq!(attempt_header(12, 20), "attempt=12; max=20");
    }

    #[test]
    fn paths_join_like_botocore() {
        assert_eq!(
            join_endpoint_path("/", "/2020-05-31/key-group/K"),
            "/2020-05-31/key-group/K"
        );
        assert_eq!(join_endpoint_path("", "/a"), "/a");
        assert_eq!(join_endpoint_path("/base", "/a"), "/base/a");
        assert_eq!(join_endpoint_path("/base/", "/a"), "/base/a");
        assert_eq!(join_endpoint_path("/base", "/"), "/base");
        assert_eq!(join_endpoint_path("", "/"), "/");
    }

    #[test]
    fn host_prefixes_cannot_inject() {
        assert!(is_valid_host_prefix("data."));
        assert!(is_valid_host_prefix("abc-1.runtime."));
        for bad in [
            "",
            "a b.",
            "evil.com/",
            "x\r\nHost: y.",
            "a@b.",
            ".x",
            "a..b",
            "a:1.",
        ] {
            assert!(!is_valid_host_prefix(bad), "{bad:?}");
        }
    }
}
