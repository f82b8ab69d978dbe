//! `aws-credential-types` providers as slimaws providers (feature
//! `aws-credential-types`): aws-config's default chain, SSO, role
//! assumption or instance credentials, through
//! `ConfigBuilder::aws_credentials_provider`.

use aws_credential_types::provider::error::CredentialsError as AwsError;
use aws_credential_types::provider::ProvideCredentials as ProvideAwsCredentials;

use super::keys::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// An `aws-credential-types` provider, asked once per request.
#[derive(Debug)]
pub(crate) struct AwsCredentialsProvider<P>(pub(crate) P);

impl<P: ProvideAwsCredentials> ProvideCredentials for AwsCredentialsProvider<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::new(async move {
            match self.0.provide_credentials().await {
                Ok(creds) => Ok(from_aws(&creds)),
                Err(e) => Err(error_from_aws(e)),
            }
        })
    }
}

fn from_aws(creds: &aws_credential_types::Credentials) -> Credentials {
    let keys = Credentials::new(
        creds.access_key_id(),
        creds.secret_access_key(),
        creds.session_token().map(str::to_owned),
        creds.expiry(),
        "aws-credential-types",
    );
    match creds.account_id() {
        Some(id) => keys.with_account_id(id.as_str()),
        None => keys,
    }
}

fn error_from_aws(error: AwsError) -> CredentialsError {
    match error {
        AwsError::CredentialsNotLoaded(_) => CredentialsError::not_loaded(error),
        AwsError::InvalidConfiguration(_) => CredentialsError::invalid_configuration(error),
        _ => CredentialsError::provider_error(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::keys::CredentialsErrorKind;

    #[tokio::test]
    async fn keys_token_expiry_and_account_carry_over() {
        let expiry = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        let mut given = aws_credential_types::Credentials::builder()
            .access_key_id("AKIDAWS")
            .secret_access_key("SECRETAWS")
            .session_token("TOKENAWS")
            .expiry(expiry)
            .provider_name("test");
        given.set_account_id(Some("123456789012".into()));
        let provider = AwsCredentialsProvider(given.build());
        let creds = provider.provide_credentials().await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDAWS");
        assert_eq!(creds.secret_access_key(), "SECRETAWS");
        assert_eq!(creds.session_token(), Some("TOKENAWS"));
        assert_eq!(creds.expiry(), Some(expiry));
        assert_eq!(creds.account_id(), Some("123456789012"));
    }

    #[test]
    fn a_provider_with_nothing_to_give_is_not_loaded() {
        let error = error_from_aws(AwsError::not_loaded("nothing here"));
        assert_eq!(error.kind(), CredentialsErrorKind::NotLoaded);
        let error = error_from_aws(AwsError::provider_error("the network"));
        assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    }
}
