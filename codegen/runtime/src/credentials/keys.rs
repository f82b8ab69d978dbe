//! The credentials a request is signed with, and the trait that provides
//! them. The names and shapes are those of `aws-credential-types`, which
//! AWS SDK users know; they are the runtime's own so that an application
//! does not build that crate's dependencies (a proc-macro with `syn`,
//! `tracing`, `futures-util`: about 20 s of CPU in a cold build). With the
//! `aws-credential-types` feature, any of its providers (aws-config's
//! chain: SSO, roles, IMDS) plugs in through `ConfigBuilder`.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use zeroize::Zeroizing;

/// An access key id and its secret, with the session token of temporary
/// credentials. Cloning is cheap (shared). `Debug` redacts the secret and
/// the token, and the secret is wiped from memory when the last clone goes.
#[derive(Clone)]
pub struct Credentials(Arc<Keys>);

#[derive(Clone)]
struct Keys {
    access_key_id: String,
    secret_access_key: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
    expiry: Option<SystemTime>,
    account_id: Option<String>,
    provider_name: &'static str,
}

impl Credentials {
    /// Credentials from their parts; `provider_name` says where they came
    /// from (in `Debug`, for whoever reads a log).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Credentials(Arc::new(Keys {
            access_key_id: access_key_id.into(),
            secret_access_key: Zeroizing::new(secret_access_key.into()),
            session_token: session_token.map(Zeroizing::new),
            expiry,
            account_id: None,
            provider_name,
        }))
    }

    /// The same keys with the AWS account they belong to, which account-based
    /// endpoints (`AWS::Auth::AccountId`, DynamoDB's) use.
    pub fn with_account_id(self, account_id: impl Into<String>) -> Self {
        // Copied only when other clones share the keys.
        let mut keys = Arc::unwrap_or_clone(self.0);
        keys.account_id = Some(account_id.into());
        Credentials(Arc::new(keys))
    }

    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }

    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref().map(String::as_str)
    }

    /// When temporary credentials stop working.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }

    pub fn account_id(&self) -> Option<&str> {
        self.0.account_id.as_deref()
    }

    pub fn provider_name(&self) -> &'static str {
        self.0.provider_name
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = &*self.0;
        f.debug_struct("Credentials")
            .field("provider_name", &keys.provider_name)
            .field("access_key_id", &keys.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &keys.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiry", &keys.expiry)
            .field("account_id", &keys.account_id)
            .finish()
    }
}

/// Why a provider gave no credentials.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    source: Box<dyn Error + Send + Sync>,
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// This provider has none (nothing set where it looks).
    NotLoaded,
    /// What the provider reads is malformed.
    InvalidConfiguration,
    /// The provider failed (a network call, a process).
    ProviderError,
}

impl CredentialsError {
    pub fn new(
        kind: CredentialsErrorKind,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        CredentialsError {
            kind,
            source: source.into(),
        }
    }

    pub fn not_loaded(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::new(CredentialsErrorKind::NotLoaded, source)
    }

    pub fn invalid_configuration(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::new(CredentialsErrorKind::InvalidConfiguration, source)
    }

    pub fn provider_error(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::new(CredentialsErrorKind::ProviderError, source)
    }

    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            CredentialsErrorKind::NotLoaded => "no credentials loaded",
            CredentialsErrorKind::InvalidConfiguration => "invalid credentials configuration",
            CredentialsErrorKind::ProviderError => "credentials provider failed",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl Error for CredentialsError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}

/// Gives the credentials to sign with, asked once per request.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(Ok(self.clone()))
    }
}

/// What [`ProvideCredentials`] returns: an answer at hand (no allocation,
/// the common case) or a future to await.
pub struct CredentialsFuture<'a>(Answer<'a>);

enum Answer<'a> {
    Ready(Option<Result<Credentials, CredentialsError>>),
    Later(Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>),
}

impl<'a> CredentialsFuture<'a> {
    pub fn ready(result: Result<Credentials, CredentialsError>) -> Self {
        CredentialsFuture(Answer::Ready(Some(result)))
    }

    pub fn new(
        future: impl Future<Output = Result<Credentials, CredentialsError>> + Send + 'a,
    ) -> Self {
        CredentialsFuture(Answer::Later(Box::pin(future)))
    }
}

impl Future for CredentialsFuture<'_> {
    type Output = Result<Credentials, CredentialsError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().0 {
            Answer::Ready(answer) => match answer.take() {
                Some(answer) => Poll::Ready(answer),
                None => Poll::Ready(Err(CredentialsError::provider_error(
                    "the credentials future was polled after it completed",
                ))),
            },
            Answer::Later(future) => future.as_mut().poll(cx),
        }
    }
}

/// A provider shared by every client of a `Config`.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        SharedCredentialsProvider(Arc::new(provider))
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_neither_the_secret_nor_the_token() {
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test")
            .with_account_id("123456789012");
        let shown = format!("{creds:?}");
        assert!(
            shown.contains("AKID") && shown.contains("123456789012"),
            "{shown}"
        );
        assert!(
            !shown.contains("SECRET") && !shown.contains("TOKEN"),
            "{shown}"
        );
        assert_eq!(creds.secret_access_key(), "SECRET");
        assert_eq!(creds.session_token(), Some("TOKEN"));
        assert_eq!(creds.account_id(), Some("123456789012"));
        assert_eq!(creds.provider_name(), "test");
    }

    #[test]
    fn fixed_credentials_answer_at_once_and_errors_keep_their_kind() {
        let creds = Credentials::new("AKID", "SECRET", None, None, "test");
        let provider = SharedCredentialsProvider::new(creds);
        let mut future = std::pin::pin!(provider.provide_credentials());
        let mut cx = Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(Ok(creds)) => assert_eq!(creds.access_key_id(), "AKID"),
            other => panic!("not ready: {:?}", other.map(|r| r.map(|_| ()))),
        }
        let err = CredentialsError::not_loaded("AWS_ACCESS_KEY_ID is not set");
        assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
        assert_eq!(
            err.to_string(),
            "no credentials loaded: AWS_ACCESS_KEY_ID is not set"
        );
    }
}
