//! Client configuration: region, credentials, endpoint overrides, the HTTP
//! client, retries and timeouts. Read from the environment and the shared
//! profile files the way botocore reads them, or built by hand.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use super::credentials::Credentials;
use super::credentials::{ProvideCredentials, SharedCredentialsProvider};

use super::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
use super::compression::{DEFAULT_MIN_COMPRESSION_SIZE_BYTES, MIN_COMPRESSION_SIZE_RANGE};
use super::default_client::{
    DefaultHttpClient, DEFAULT_MAX_CONNECTIONS_PER_HOST, DEFAULT_MAX_RESPONSE_BYTES,
};
use super::endpoint::ParamValue;
use super::endpoint_settings::{AccountIdEndpointMode, EndpointSettings, RegionalEndpoints};
use super::profile::ProfileFiles;
use super::retry::{self, DEFAULT_BASE_DELAY};
use super::setting::{EndpointUrl, Region, Source};
use super::transport::HttpClient;
use super::user_agent::random_uuid;

mod sources;
use sources::Sources;

/// How long to wait for a TCP (and TLS) connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one attempt (send and read the whole response) may take; botocore's
/// read timeout is 60 s too, though per socket read.
pub const DEFAULT_OPERATION_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a whole call may take: every attempt and the waits between
/// them. Two stalled attempts at the default attempt timeout, rather than
/// botocore's three (which has no overall deadline).
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// A clock: a function returning the current time.
#[derive(Clone)]
struct TimeSource(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl fmt::Debug for TimeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TimeSource")
    }
}

/// Makes idempotency tokens for members the caller left unset.
#[derive(Clone)]
struct TokenGenerator(Arc<dyn Fn() -> String + Send + Sync>);

impl fmt::Debug for TokenGenerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenGenerator")
    }
}

/// Settings shared by the service clients built from it; cheap to clone.
#[derive(Clone, Debug)]
pub struct Config {
    inner: Arc<Settings>,
}

#[derive(Clone, Debug)]
struct Settings {
    region: Option<Region>,
    credentials: Option<SharedCredentialsProvider>,
    /// Set on the builder: wins over every environment setting.
    endpoint_url: Option<EndpointUrl>,
    /// `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`.
    env_endpoint_url: Option<EndpointUrl>,
    /// `AWS_ENDPOINT_URL_<SERVICE>` by `<SERVICE>`.
    service_endpoint_urls: HashMap<String, String>,
    http_client: Option<Arc<dyn HttpClient>>,
    /// `None`: botocore's default for the service (see `retry::default_max_attempts`).
    max_attempts: Option<u32>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    /// `None`: no overall deadline.
    operation_timeout: Option<Duration>,
    /// For the default client: open connections per host.
    max_connections_per_host: usize,
    /// For the default client: the largest response body read.
    max_response_bytes: usize,
    use_fips: bool,
    use_dual_stack: bool,
    /// S3, S3 Control, STS and account-id endpoint settings.
    endpoint: EndpointSettings,
    retry_base_delay: Duration,
    retry_mode: RetryMode,
    /// The clock used to sign requests; `None` is the system clock.
    time_source: Option<TimeSource>,
    disable_request_compression: bool,
    request_checksum_calculation: RequestChecksumCalculation,
    response_checksum_validation: ResponseChecksumValidation,
    request_min_compression_size_bytes: u32,
    /// `None` makes random (version 4) UUIDs, as botocore's `uuid.uuid4()`.
    idempotency_token_generator: Option<TokenGenerator>,
    /// Also check `max`s and patterns before sending (see `runtime::validation`).
    strict_validation: bool,
    /// Built on first use, then shared by every client of this config.
    default_http_client: Arc<OnceLock<Result<Arc<dyn HttpClient>, String>>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            region: None,
            credentials: None,
            endpoint_url: None,
            env_endpoint_url: None,
            service_endpoint_urls: HashMap::new(),
            http_client: None,
            max_attempts: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_OPERATION_ATTEMPT_TIMEOUT,
            operation_timeout: Some(DEFAULT_OPERATION_TIMEOUT),
            max_connections_per_host: DEFAULT_MAX_CONNECTIONS_PER_HOST,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            use_fips: false,
            use_dual_stack: false,
            endpoint: EndpointSettings::default(),
            retry_base_delay: DEFAULT_BASE_DELAY,
            retry_mode: RetryMode::Standard,
            time_source: None,
            disable_request_compression: false,
            request_checksum_calculation: RequestChecksumCalculation::WhenSupported,
            response_checksum_validation: ResponseChecksumValidation::WhenSupported,
            request_min_compression_size_bytes: DEFAULT_MIN_COMPRESSION_SIZE_BYTES,
            idempotency_token_generator: None,
            strict_validation: false,
            default_http_client: Arc::default(),
        }
    }
}

impl Config {
    /// Reads the configuration the way botocore does:
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
    /// - credentials: `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
    ///   `AWS_SESSION_TOKEN`, else the profile's static keys (credentials
    ///   file, then config file);
    /// - endpoint: `AWS_ENDPOINT_URL_<SERVICE_ID>` (per service, when a client
    ///   is built), `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, none of
    ///   them if `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true;
    /// - `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`, `AWS_MAX_ATTEMPTS`
    ///   (or the profile's `use_fips_endpoint`, `use_dualstack_endpoint`,
    ///   `max_attempts`);
    /// - `AWS_RETRY_MODE` (or the profile's `retry_mode`): `standard` (the
    ///   default) or `adaptive`; `legacy` is an error rather than a silent
    ///   change of behaviour;
    /// - endpoint settings under botocore's names: `AWS_S3_USE_ARN_REGION`
    ///   (`s3_use_arn_region`), `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT`
    ///   (`s3_us_east_1_regional_endpoint`), `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`,
    ///   `AWS_S3_DISABLE_EXPRESS_SESSION_AUTH`, `AWS_STS_REGIONAL_ENDPOINTS`
    ///   (`sts_regional_endpoints`), `AWS_ACCOUNT_ID_ENDPOINT_MODE`
    ///   (`account_id_endpoint_mode`), and the profile's nested `s3 =`
    ///   settings `addressing_style`, `use_accelerate_endpoint`,
    ///   `use_arn_region`, `us_east_1_regional_endpoint`,
    ///   `s3_disable_multiregion_access_points`;
    /// - flexible checksums: `AWS_REQUEST_CHECKSUM_CALCULATION`,
    ///   `AWS_RESPONSE_CHECKSUM_VALIDATION` (or the profile's
    ///   `request_checksum_calculation`, `response_checksum_validation`):
    ///   `when_supported` (the default) or `when_required`;
    /// - request compression: `AWS_DISABLE_REQUEST_COMPRESSION` and
    ///   `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` (or the profile's
    ///   `disable_request_compression`, `request_min_compression_size_bytes`;
    ///   1 to 1048576, default 10240).
    ///
    /// The profile is `AWS_PROFILE`, else `default`; the files are
    /// `AWS_CONFIG_FILE` (`~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
    /// (`~/.aws/credentials`). Fails when there is no region or no credentials,
    /// on malformed files and values, and on credential sources slimaws does
    /// not implement (use [`ConfigBuilder::credentials_provider`] for those).
    pub async fn from_env() -> Result<Config, ConfigError> {
        let env = Env::from_process();
        let files = ProfileFiles::load(&env).await?;
        Config::from_sources(&env, &files)
    }

    /// [`Config::from_env`] over the given variables instead of the
    /// process's, without profile files: for tests of code that reads its
    /// configuration from the environment (process variables are shared by
    /// every test thread).
    #[doc(hidden)]
    pub fn from_variables(variables: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let files = ProfileFiles::from_texts(
            PathBuf::from("(no config file)"),
            None,
            PathBuf::from("(no credentials file)"),
            None,
        )?;
        Config::from_sources(&Env::from_pairs(variables), &files)
    }

    /// [`Config::from_env`] over given variables and files.
    pub(crate) fn from_sources(env: &Env, files: &ProfileFiles) -> Result<Config, ConfigError> {
        let sources = Sources::select(env, files)?;
        let mut settings = Settings {
            region: Some(sources.region()?),
            credentials: Some(SharedCredentialsProvider::new(sources.credentials()?)),
            ..Settings::default()
        };
        sources.read_retries(&mut settings)?;
        sources.read_compression(&mut settings)?;
        sources.read_checksums(&mut settings)?;
        sources.read_endpoints(&mut settings)?;
        Ok(Config {
            inner: Arc::new(settings),
        })
    }

    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder starting from this configuration, to override parts of it.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            settings: Settings::clone(&self.inner),
        }
    }

    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_ref().map(|r| r.name.as_str())
    }

    /// The region with where it was set, for checks and their errors.
    pub(crate) fn region_setting(&self) -> Option<&Region> {
        self.inner.region.as_ref()
    }

    /// The time to sign with: the configured clock, else the system clock.
    pub(crate) fn now(&self) -> SystemTime {
        match &self.inner.time_source {
            Some(source) => (source.0)(),
            None => SystemTime::now(),
        }
    }

    pub(crate) fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.inner.credentials.as_ref()
    }

    /// The endpoint override for a service: the builder's, else
    /// `AWS_ENDPOINT_URL_<SERVICE_ID>`, else `AWS_ENDPOINT_URL` (or the
    /// profile's `endpoint_url`).
    pub(crate) fn endpoint_url_for(&self, service_id: &str) -> Option<EndpointUrl> {
        let key = service_id.to_ascii_uppercase().replace([' ', '-'], "_");
        if let Some(url) = &self.inner.endpoint_url {
            return Some(url.clone());
        }
        if let Some(url) = self.inner.service_endpoint_urls.get(&key) {
            let source = Source::Env(format!("{SERVICE_ENDPOINT_PREFIX}{key}"));
            return Some(EndpointUrl::new(url.clone(), source));
        }
        self.inner.env_endpoint_url.clone()
    }

    /// The configured client, else the default one (built once per config).
    pub(crate) fn http_client(&self) -> Result<Arc<dyn HttpClient>, String> {
        if let Some(client) = &self.inner.http_client {
            return Ok(client.clone());
        }
        self.inner
            .default_http_client
            .get_or_init(|| {
                DefaultHttpClient::new(self.inner.connect_timeout)
                    .map(|client| {
                        let client = client
                            .with_max_response_bytes(self.inner.max_response_bytes)
                            .with_max_connections_per_host(self.inner.max_connections_per_host);
                        Arc::new(client) as Arc<dyn HttpClient>
                    })
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// Whether `send` checks `max`s and patterns too.
    pub fn strict_validation(&self) -> bool {
        self.inner.strict_validation
    }

    /// The attempts per call of `service_id`'s operations.
    pub(crate) fn max_attempts(&self, service_id: &str) -> u32 {
        self.inner
            .max_attempts
            .unwrap_or_else(|| retry::default_max_attempts(service_id))
    }

    pub(crate) fn attempt_timeout(&self) -> Duration {
        self.inner.attempt_timeout
    }

    /// The cap on a response body read whole (streamed bodies have none).
    pub(crate) fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    pub(crate) fn operation_timeout(&self) -> Option<Duration> {
        self.inner.operation_timeout
    }

    pub(crate) fn use_fips(&self) -> bool {
        self.inner.use_fips
    }

    pub(crate) fn use_dual_stack(&self) -> bool {
        self.inner.use_dual_stack
    }

    pub(crate) fn endpoint_settings(&self) -> &EndpointSettings {
        &self.inner.endpoint
    }

    pub(crate) fn retry_base_delay(&self) -> Duration {
        self.inner.retry_base_delay
    }

    pub(crate) fn retry_mode(&self) -> RetryMode {
        self.inner.retry_mode
    }

    pub(crate) fn request_checksum_calculation(&self) -> RequestChecksumCalculation {
        self.inner.request_checksum_calculation
    }

    pub(crate) fn response_checksum_validation(&self) -> ResponseChecksumValidation {
        self.inner.response_checksum_validation
    }

    pub(crate) fn disable_request_compression(&self) -> bool {
        self.inner.disable_request_compression
    }

    pub(crate) fn request_min_compression_size_bytes(&self) -> u32 {
        self.inner.request_min_compression_size_bytes
    }

    /// A token for an idempotency-token member the caller left unset: the
    /// configured generator's, else a random UUID.
    pub(crate) fn idempotency_token(&self) -> String {
        match &self.inner.idempotency_token_generator {
            Some(generator) => (generator.0)(),
            None => random_uuid(),
        }
    }
}

const SERVICE_ENDPOINT_PREFIX: &str = "AWS_ENDPOINT_URL_";

/// How failed attempts are retried (botocore's `retry_mode`).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// botocore's `standard` mode: retryable errors only, exponential
    /// backoff with jitter, a retry quota. The default.
    Standard,
    /// botocore's `adaptive` mode: `Standard` plus a client-side rate
    /// limiter that slows the client down once the service throttles it.
    Adaptive,
}

/// botocore's retry modes; `legacy` is not implemented.
fn parse_retry_mode(value: &str, origin: &str) -> Result<RetryMode, ConfigError> {
    match value {
        "standard" => Ok(RetryMode::Standard),
        "adaptive" => Ok(RetryMode::Adaptive),
        "legacy" => Err(ConfigError::new(format!(
            "{origin} asks for the `legacy` retry mode; slimaws implements \
             `standard` and `adaptive`"
        ))),
        _ => Err(ConfigError::new(format!(
            "{origin} must be `standard`, `legacy` or `adaptive`, not `{value}`"
        ))),
    }
}

fn parse_attempts(value: &str) -> Option<u32> {
    value.trim().parse().ok().filter(|n| *n >= 1)
}

fn parse_min_compression_size(value: &str) -> Option<u32> {
    value
        .trim()
        .parse()
        .ok()
        .filter(|n| MIN_COMPRESSION_SIZE_RANGE.contains(n))
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The value of a client context parameter: a boolean or a string.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientContextValue {
    Bool(bool),
    String(String),
}

impl From<bool> for ClientContextValue {
    fn from(value: bool) -> Self {
        ClientContextValue::Bool(value)
    }
}

impl From<&str> for ClientContextValue {
    fn from(value: &str) -> Self {
        ClientContextValue::String(value.to_string())
    }
}

impl From<String> for ClientContextValue {
    fn from(value: String) -> Self {
        ClientContextValue::String(value)
    }
}

/// Builds a [`Config`] by hand; unset values keep their defaults (no region,
/// no credentials, 3 attempts, 10 s to connect, 60 s per attempt, 120 s per
/// call, 10 connections per host, 64 MiB per response).
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    settings: Settings,
}

impl ConfigBuilder {
    /// The region. It is checked (a host label, as botocore checks it)
    /// before any request is built: an invalid one fails the call, naming
    /// this method, and nothing is sent.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = Some(Region {
            name: region.into(),
            source: Source::Builder("ConfigBuilder::region"),
        });
        self
    }

    /// Any credentials provider (fixed [`Credentials`] are one).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.settings.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// An `aws-credential-types` provider, for example aws-config's
    /// default chain (SSO, role assumption, instance credentials); asked
    /// once per request, as any provider.
    #[cfg(feature = "aws-credential-types")]
    pub fn aws_credentials_provider(
        self,
        provider: impl aws_credential_types::provider::ProvideCredentials + 'static,
    ) -> Self {
        self.credentials_provider(super::credentials::aws::AwsCredentialsProvider(provider))
    }

    pub fn static_credentials(
        self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        let creds = Credentials::new(access_key, secret_key, session_token, None, "Static");
        self.credentials_provider(creds)
    }

    /// Sends every service's requests to this URL (for example a local
    /// mock): `http(s)://host[:port][/path]`. A URL with user information, a
    /// query or a fragment fails each call (naming this method) before
    /// anything is sent.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.settings.endpoint_url = Some(EndpointUrl::new(
            url,
            Source::Builder("ConfigBuilder::endpoint_url"),
        ));
        self
    }

    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.settings.http_client = Some(Arc::new(client));
        self
    }

    /// Attempts per operation call, the first included (at least 1).
    /// Unset: 3, or botocore's default for the service (4 for DynamoDB).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.settings.max_attempts = Some(attempts.max(1));
        self
    }

    /// For the default HTTP client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Limits each attempt: sending the request and reading the whole
    /// response (default 60 s, [`DEFAULT_OPERATION_ATTEMPT_TIMEOUT`]).
    pub fn operation_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.settings.attempt_timeout = timeout;
        self
    }

    /// Limits a whole call: every attempt and the backoff between them
    /// (default 120 s, [`DEFAULT_OPERATION_TIMEOUT`]); `None` for no limit
    /// beyond the attempts' own.
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.operation_timeout = timeout;
        self
    }

    /// For the default HTTP client: at most this many open connections to
    /// one host (default 10, botocore's `max_pool_connections`; at least
    /// 1). A call that finds them all busy waits for one to be free.
    pub fn max_connections_per_host(mut self, connections: usize) -> Self {
        self.settings.max_connections_per_host = connections.max(1);
        self
    }

    /// For the default HTTP client: the largest response body it reads
    /// (default 64 MiB, [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger one fails
    /// the attempt with [`TransportErrorKind::ResponseTooLarge`](super::TransportErrorKind::ResponseTooLarge).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.settings.max_response_bytes = bytes;
        self
    }

    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.settings.use_fips = use_fips;
        self
    }

    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.settings.use_dual_stack = use_dual_stack;
        self
    }

    /// S3 addressing: `true` always path-style (botocore's
    /// `addressing_style = path`), `false` always virtual-host (`virtual`).
    /// Unset, the rule set chooses: virtual-host where the bucket name
    /// allows it, path-style for an explicit endpoint URL (botocore's `auto`).
    pub fn force_path_style(mut self, force: bool) -> Self {
        self.settings.endpoint.force_path_style = Some(force);
        self
    }

    /// S3 Transfer Acceleration endpoints (`s3.use_accelerate_endpoint`).
    pub fn accelerate(mut self, accelerate: bool) -> Self {
        self.settings.endpoint.accelerate = accelerate;
        self
    }

    /// Whether an ARN's region may differ from the client's (S3 and S3
    /// Control; `AWS_S3_USE_ARN_REGION`). Unset: true for S3, false for S3
    /// Control, as botocore.
    pub fn use_arn_region(mut self, use_arn_region: bool) -> Self {
        self.settings.endpoint.use_arn_region = Some(use_arn_region);
        self
    }

    /// Refuse S3 Multi-Region Access Point ARNs
    /// (`AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`).
    pub fn disable_multi_region_access_points(mut self, disable: bool) -> Self {
        self.settings.endpoint.disable_multi_region_access_points = disable;
        self
    }

    /// Whether S3 in `us-east-1` uses `s3.amazonaws.com` (legacy, the
    /// default) or `s3.us-east-1.amazonaws.com` (`AWS_S3_US_EAST_1_REGIONAL_ENDPOINT`).
    pub fn s3_us_east_1_regional_endpoint(mut self, mode: RegionalEndpoints) -> Self {
        self.settings.endpoint.s3_us_east_1_regional_endpoint = mode;
        self
    }

    /// Whether STS in its legacy regions uses `sts.amazonaws.com` (legacy)
    /// or the region's endpoint (regional, the default; `AWS_STS_REGIONAL_ENDPOINTS`).
    pub fn sts_regional_endpoints(mut self, mode: RegionalEndpoints) -> Self {
        self.settings.endpoint.sts_regional_endpoints = mode;
        self
    }

    /// Account-id endpoints (`AWS_ACCOUNT_ID_ENDPOINT_MODE`; default preferred).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.settings.endpoint.account_id_endpoint_mode = mode;
        self
    }

    /// A client context parameter of a service's rule set, by the model's
    /// name (`ForcePathStyle`, ACM's `ServiceType`): it applies to the
    /// services that declare it and wins over the built-in settings above,
    /// as botocore's `client_context_params`. A value of the wrong type
    /// fails the call with a configuration error naming the parameter.
    pub fn client_context_param(
        mut self,
        name: &str,
        value: impl Into<ClientContextValue>,
    ) -> Self {
        let value = match value.into() {
            ClientContextValue::Bool(b) => ParamValue::Bool(b),
            ClientContextValue::String(s) => ParamValue::String(s),
        };
        let context = &mut self.settings.endpoint.client_context;
        context.retain(|(n, _)| n != name);
        context.push((name.to_string(), value));
        self
    }

    /// The backoff base before the retry of a throttling error (botocore:
    /// 1 s); other errors back off from a twentieth of it. Tests shrink it.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.settings.retry_base_delay = delay;
        self
    }

    /// The retry mode (default: [`RetryMode::Standard`]).
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.settings.retry_mode = mode;
        self
    }

    /// The clock requests are signed with (default: the system clock), for
    /// reproducible signatures in tests or to correct a skewed clock.
    pub fn time_source(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.settings.time_source = Some(TimeSource(Arc::new(now)));
        self
    }

    /// Never compress request bodies, even for operations that allow it
    /// (default: compress, as botocore).
    /// When requests carry a flexible checksum (default: whenever the
    /// operation supports one, as botocore).
    pub fn request_checksum_calculation(mut self, when: RequestChecksumCalculation) -> Self {
        self.settings.request_checksum_calculation = when;
        self
    }

    /// When response checksums are checked (default: whenever the
    /// operation supports it, as botocore).
    pub fn response_checksum_validation(mut self, when: ResponseChecksumValidation) -> Self {
        self.settings.response_checksum_validation = when;
        self
    }

    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.settings.disable_request_compression = disable;
        self
    }

    /// Compress request bodies of at least this many bytes (default 10240),
    /// for operations that allow it; kept within botocore's range, 1 to
    /// 1048576.
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.settings.request_min_compression_size_bytes = bytes.clamp(
            *MIN_COMPRESSION_SIZE_RANGE.start(),
            *MIN_COMPRESSION_SIZE_RANGE.end(),
        );
        self
    }

    /// Makes the tokens `send` puts in idempotency-token members left unset
    /// (default: a random version 4 UUID per member, as botocore), for
    /// reproducible requests in tests.
    pub fn idempotency_token_generator(
        mut self,
        generate: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.settings.idempotency_token_generator = Some(TokenGenerator(Arc::new(generate)));
        self
    }

    /// Strict client-side validation (default off, as botocore): besides
    /// botocore's checks (`min` lengths and values), `send` also rejects
    /// values over the model's `max` and, when slimaws is built with the
    /// `strict-validation` feature, strings that do not match its `pattern`.
    pub fn strict_validation(mut self, strict: bool) -> Self {
        self.settings.strict_validation = strict;
        self
    }

    pub fn build(mut self) -> Config {
        // A new config gets its own default client (its connect timeout may differ).
        self.settings.default_http_client = Arc::default();
        Config {
            inner: Arc::new(self.settings),
        }
    }
}

/// Why a configuration could not be read.
#[derive(Debug)]
pub struct ConfigError {
    message: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        ConfigError {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match &self.source {
            Some(source) => write!(f, ": {source}"),
            None => Ok(()),
        }
    }
}

impl Error for ConfigError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// A snapshot of the environment variables configuration reads (`AWS_*`
/// and the home directory), so that reading is testable without touching
/// the process environment.
#[derive(Clone, Default)]
pub(crate) struct Env {
    vars: HashMap<String, String>,
}

// Values include secrets: list only the names.
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl Env {
    pub fn from_process() -> Env {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .filter(|(k, _)| k.starts_with("AWS_") || k == "HOME" || k == "USERPROFILE")
            .collect();
        Env { vars }
    }

    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        let vars = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Env { vars }
    }

    /// A variable's value; empty counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Non-empty variables named `<prefix><suffix>`, by suffix.
    fn with_prefix(&self, prefix: &str) -> HashMap<String, String> {
        self.vars
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .filter_map(|(k, v)| Some((k.strip_prefix(prefix)?.to_string(), v.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(
        env: &[(&str, &str)],
        config: &str,
        credentials: &str,
    ) -> Result<Config, ConfigError> {
        let files = ProfileFiles::from_texts(
            PathBuf::from("/h/.aws/config"),
            Some(config),
            PathBuf::from("/h/.aws/credentials"),
            Some(credentials),
        )?;
        Config::from_sources(&Env::from_pairs(env), &files)
    }

    const KEYS: [(&str, &str); 2] = [
        ("AWS_ACCESS_KEY_ID", "AKENV"),
        ("AWS_SECRET_ACCESS_KEY", "SKENV"),
    ];

    fn access_key(config: &Config) -> String {
        let provider = config.credentials_provider().unwrap();
        let creds = futures_ready(provider.provide_credentials()).unwrap();
        creds.access_key_id().to_string()
    }

    /// Static providers answer immediately; no runtime needed.
    fn futures_ready<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let waker = std::task::Waker::noop();
        match future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(waker))
        {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("provider is not immediate"),
        }
    }

    #[test]
    fn region_precedence() {
        let profile = "[default]\nregion = from-profile\n";
        let with = |env: &[(&str, &str)]| {
            let mut env = env.to_vec();
            env.extend(KEYS);
            config(&env, profile, "")
                .unwrap()
                .region()
                .map(str::to_string)
        };
        assert_eq!(with(&[]).as_deref(), Some("from-profile"));
        assert_eq!(with(&[("AWS_DEFAULT_REGION", "d")]).as_deref(), Some("d"));
        assert_eq!(
            with(&[("AWS_DEFAULT_REGION", "d"), ("AWS_REGION", "r")]).as_deref(),
            Some("r")
        );
        let e = config(&KEYS, "", "").unwrap_err().to_string();
        assert!(
            e.contains("no region") && e.contains("/h/.aws/config"),
            "{e}"
        );
    }

    #[test]
    fn credentials_precedence_env_then_credentials_then_config() {
        let cfg =
            "[profile dev]\nregion = r\naws_access_key_id = AKCFG\naws_secret_access_key = S\n";
        let creds = "[dev]\naws_access_key_id = AKCRED\naws_secret_access_key = S\n";
        let dev = [("AWS_PROFILE", "dev")];
        assert_eq!(access_key(&config(&dev, cfg, creds).unwrap()), "AKCRED");
        assert_eq!(access_key(&config(&dev, cfg, "").unwrap()), "AKCFG");
        let env = [dev[0], KEYS[0], KEYS[1]];
        assert_eq!(access_key(&config(&env, cfg, creds).unwrap()), "AKENV");
        // The default profile is not used when AWS_PROFILE names another.
        let cfg_default =
            "[default]\nregion = r\naws_access_key_id = AKDEF\naws_secret_access_key = S\n";
        assert_eq!(access_key(&config(&[], cfg_default, "").unwrap()), "AKDEF");
        let e = config(&dev, cfg_default, "").unwrap_err().to_string();
        assert!(e.contains("profile `dev`"), "{e}");
        let e = config(&[("AWS_REGION", "r")], "", "")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no AWS credentials"), "{e}");
    }

    #[test]
    fn malformed_profile_file_is_reported_with_line() {
        let e = config(&KEYS, "[default]\nregion = r\noops\n", "")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "malformed profile file /h/.aws/config, line 3: expected `key = value`, \
             a `[section]` header or a comment"
        );
    }

    #[test]
    fn endpoint_overrides_by_service() {
        let mut env = vec![
            ("AWS_REGION", "r"),
            ("AWS_ENDPOINT_URL", "http://global"),
            ("AWS_ENDPOINT_URL_VOICE_ID", "http://voice"),
        ];
        env.extend(KEYS);
        let c = config(&env, "", "").unwrap();
        let url = |c: &Config, service| c.endpoint_url_for(service).map(|u| u.url);
        assert_eq!(url(&c, "Voice ID").as_deref(), Some("http://voice"));
        assert_eq!(url(&c, "CloudFront").as_deref(), Some("http://global"));
        let explicit = c.to_builder().endpoint_url("http://mine").build();
        assert_eq!(url(&explicit, "Voice ID").as_deref(), Some("http://mine"));
        env.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        let c = config(&env, "", "").unwrap();
        assert_eq!(url(&c, "Voice ID"), None);
        let c = config(
            &[("AWS_REGION", "r"), KEYS[0], KEYS[1]],
            "[default]\nendpoint_url = http://p\n",
            "",
        )
        .unwrap();
        assert_eq!(url(&c, "QuickSight").as_deref(), Some("http://p"));
    }

    #[test]
    fn endpoint_settings_from_env_and_nested_profile_settings() {
        let mut env = vec![("AWS_REGION", "r"), ("AWS_S3_USE_ARN_REGION", "false")];
        env.extend(KEYS);
        let profile = "[default]\n\
                       s3_use_arn_region = true\n\
                       sts_regional_endpoints = legacy\n\
                       s3 =\n  addressing_style = path\n  use_accelerate_endpoint = true\n";
        let c = config(&env, profile, "").unwrap();
        let s = c.endpoint_settings();
        assert_eq!(s.use_arn_region, Some(false), "the variable wins");
        assert_eq!(s.force_path_style, Some(true));
        assert!(s.accelerate);
        assert_eq!(s.sts_regional_endpoints, RegionalEndpoints::Legacy);
        let e = config(&env, "[default]\ns3 =\n  addressing_style = sideways\n", "")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "`s3.addressing_style` of profile `default` (/h/.aws/config, line 3) \
             must be auto, virtual or path, not `sideways`"
        );
        let built = c
            .to_builder()
            .force_path_style(false)
            .client_context_param("ServiceType", "x")
            .client_context_param("ServiceType", true)
            .build();
        let s = built.endpoint_settings();
        assert_eq!(s.force_path_style, Some(false));
        assert_eq!(
            s.client_context,
            vec![("ServiceType".to_string(), ParamValue::Bool(true))]
        );
    }

    #[test]
    fn flags_and_attempts() {
        let mut env = vec![
            ("AWS_REGION", "r"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ];
        env.extend(KEYS);
        let c = config(&env, "[default]\nuse_dualstack_endpoint = true\n", "").unwrap();
        assert!(c.use_fips() && c.use_dual_stack());
        assert_eq!(c.max_attempts("DynamoDB"), 5);
        let c = config(
            &env[..1].iter().chain(&KEYS).copied().collect::<Vec<_>>(),
            "",
            "",
        )
        .unwrap();
        assert!(!c.use_fips() && !c.use_dual_stack());
        assert_eq!(c.max_attempts("S3"), 3);
        assert_eq!(
            c.max_attempts("DynamoDB"),
            4,
            "botocore's default for DynamoDB"
        );
        for bad in [
            ("AWS_MAX_ATTEMPTS", "0"),
            ("AWS_MAX_ATTEMPTS", "x"),
            ("AWS_USE_FIPS_ENDPOINT", "yes"),
        ] {
            let mut env = vec![("AWS_REGION", "r"), bad];
            env.extend(KEYS);
            let e = config(&env, "", "").unwrap_err().to_string();
            assert!(e.contains(bad.0) && e.contains(bad.1), "{e}");
        }
        let e = config(
            &[("AWS_REGION", "r"), KEYS[0], KEYS[1]],
            "[default]\nmax_attempts = -1\n",
            "",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`max_attempts` of profile `default`"), "{e}");
    }

    #[test]
    fn retry_modes() {
        let base = [("AWS_REGION", "r"), KEYS[0], KEYS[1]];
        let with = |extra: &[(&str, &str)], profile: &str| {
            let env: Vec<_> = base.iter().chain(extra).copied().collect();
            config(&env, profile, "")
        };
        let mode =
            |extra: &[(&str, &str)], profile: &str| with(extra, profile).unwrap().retry_mode();
        assert_eq!(mode(&[], ""), RetryMode::Standard);
        assert_eq!(
            mode(&[("AWS_RETRY_MODE", "standard")], ""),
            RetryMode::Standard
        );
        assert_eq!(
            mode(&[], "[default]\nretry_mode = adaptive\n"),
            RetryMode::Adaptive
        );
        assert_eq!(
            mode(
                &[("AWS_RETRY_MODE", "adaptive")],
                "[default]\nretry_mode = standard\n"
            ),
            RetryMode::Adaptive,
            "the variable wins"
        );
        let e = with(&[], "[default]\nretry_mode = legacy\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`retry_mode` of profile `default`") && e.contains("`legacy`"),
            "{e}"
        );
        let e = with(&[("AWS_RETRY_MODE", "Standard")], "")
            .unwrap_err()
            .to_string();
        assert!(e.contains("must be `standard`"), "{e}");
    }

    #[test]
    fn request_compression_settings() {
        let base = [("AWS_REGION", "r"), KEYS[0], KEYS[1]];
        let c = config(&base, "", "").unwrap();
        assert!(!c.disable_request_compression());
        assert_eq!(c.request_min_compression_size_bytes(), 10_240);
        let mut env = base.to_vec();
        env.push(("AWS_DISABLE_REQUEST_COMPRESSION", "true"));
        env.push(("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "1048576"));
        let c = config(&env, "", "").unwrap();
        assert!(c.disable_request_compression());
        assert_eq!(c.request_min_compression_size_bytes(), 1_048_576);
        let profile =
            "[default]\ndisable_request_compression = true\nrequest_min_compression_size_bytes = 1\n";
        let c = config(&base, profile, "").unwrap();
        assert!(c.disable_request_compression());
        assert_eq!(c.request_min_compression_size_bytes(), 1);
        // The environment wins over the profile.
        let mut env = base.to_vec();
        env.push(("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "77"));
        env.push(("AWS_DISABLE_REQUEST_COMPRESSION", "false"));
        let c = config(&env, profile, "").unwrap();
        assert!(!c.disable_request_compression());
        assert_eq!(c.request_min_compression_size_bytes(), 77);
        for bad in ["0", "1048577", "-5", "ten"] {
            let mut env = base.to_vec();
            env.push(("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", bad));
            let e = config(&env, "", "").unwrap_err().to_string();
            assert!(
                e.contains("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
                    && e.contains("1 to 1048576")
                    && e.contains(bad),
                "{e}"
            );
        }
        let built = Config::builder()
            .disable_request_compression(true)
            .request_min_compression_size_bytes(0)
            .build();
        assert!(built.disable_request_compression());
        assert_eq!(built.request_min_compression_size_bytes(), 1);
        let built = Config::builder()
            .request_min_compression_size_bytes(u32::MAX)
            .build();
        assert_eq!(built.request_min_compression_size_bytes(), 1_048_576);
    }

    #[test]
    fn idempotency_tokens_are_uuids_unless_a_generator_is_set() {
        let c = Config::builder().build();
        let (a, b) = (c.idempotency_token(), c.idempotency_token());
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4", "{a}");
        assert_ne!(a, b);
        let fixed = c
            .to_builder()
            .idempotency_token_generator(|| "00000000-0000-4000-8000-000000000000".into())
            .build();
        assert_eq!(
            fixed.idempotency_token(),
            "00000000-0000-4000-8000-000000000000"
        );
    }

    #[test]
    fn builder_sets_everything_and_debug_hides_secrets() {
        let c = Config::builder()
            .region("eu-west-1")
            .static_credentials("AKID", "SECRETVALUE", Some("TOKENVALUE".into()))
            .max_attempts(0)
            .build();
        assert_eq!(c.region(), Some("eu-west-1"));
        assert_eq!(c.max_attempts("DynamoDB"), 1);
        assert_eq!(access_key(&c), "AKID");
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("SECRETVALUE") && !shown.contains("TOKENVALUE"),
            "{shown}"
        );
        let env = Env::from_pairs(&[("AWS_SECRET_ACCESS_KEY", "SECRETVALUE")]);
        assert!(!format!("{env:?}").contains("SECRETVALUE"));
    }
}
