//! Where credentials come from: environment variables and the shared
//! profile files, as [`ProvideCredentials`] providers. Role assumption, SSO,
//! `credential_process`, container and instance credentials are not built
//! in; an application plugs its own provider
//! (`ConfigBuilder::credentials_provider`), or aws-config's chain with the
//! `aws-credential-types` feature (`ConfigBuilder::aws_credentials_provider`).
//!
//! `Credentials` redacts the secret key in `Debug` and never shows the
//! session token; nothing here prints either.

use std::path::Path;

#[cfg(feature = "aws-credential-types")]
pub(crate) mod aws;
pub(crate) mod keys;

pub use keys::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, ProvideCredentials,
    SharedCredentialsProvider,
};

use super::config::{ConfigError, Env};
use super::profile::{self, ProfileFile, ProfileFiles};

const ENV_PROVIDER: &str = "EnvironmentVariables";
const PROFILE_PROVIDER: &str = "ProfileFile";

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`,
/// read when credentials are requested.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentCredentials;

impl EnvironmentCredentials {
    pub fn new() -> Self {
        EnvironmentCredentials
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let result = match from_env_vars(&Env::from_process()) {
            Ok(Some(creds)) => Ok(creds),
            Ok(None) => Err(CredentialsError::not_loaded(
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            Err(e) => Err(CredentialsError::invalid_configuration(e)),
        };
        CredentialsFuture::ready(result)
    }
}

/// Static keys of a profile in the shared credentials file (which wins) or
/// the shared config file, read when credentials are requested.
#[derive(Clone, Debug, Default)]
pub struct ProfileCredentials {
    profile: Option<String>,
}

impl ProfileCredentials {
    /// The profile named by `AWS_PROFILE`, else `default`.
    pub fn new() -> Self {
        ProfileCredentials::default()
    }

    /// A given profile, whatever `AWS_PROFILE` says.
    pub fn with_profile(profile: impl Into<String>) -> Self {
        ProfileCredentials {
            profile: Some(profile.into()),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = Env::from_process();
        let files = ProfileFiles::load(&env)
            .await
            .map_err(CredentialsError::invalid_configuration)?;
        let name = match &self.profile {
            Some(name) => name.as_str(),
            None => profile::selected_profile(&env).0,
        };
        match from_profile(&files, name) {
            Ok(Some(creds)) => Ok(creds),
            Ok(None) => Err(CredentialsError::not_loaded(missing_message(&files, name))),
            Err(e) => Err(CredentialsError::invalid_configuration(e)),
        }
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::new(self.load())
    }
}

/// Credentials from the environment variables; partial keys are an error.
pub(crate) fn from_env_vars(env: &Env) -> Result<Option<Credentials>, ConfigError> {
    let token = env
        .get("AWS_SESSION_TOKEN")
        .or_else(|| env.get("AWS_SECURITY_TOKEN"));
    match (
        env.get("AWS_ACCESS_KEY_ID"),
        env.get("AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(key), Some(secret)) => Ok(Some(keys(
            key,
            secret,
            token,
            env.get("AWS_ACCOUNT_ID"),
            ENV_PROVIDER,
        ))),
        (Some(_), None) => Err(ConfigError::new(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
        )),
        (None, Some(_)) => Err(ConfigError::new(
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        )),
        (None, None) => Ok(None),
    }
}

/// Static keys of `profile`, in botocore's provider order: settings that
/// need role assumption or SSO come first (an error here), then the
/// credentials file, `credential_process` (an error), the config file.
/// Each file's section is taken as a whole.
pub(crate) fn from_profile(
    files: &ProfileFiles,
    profile: &str,
) -> Result<Option<Credentials>, ConfigError> {
    unsupported(files, profile, BEFORE_STATIC_KEYS)?;
    if let Some(creds) = static_keys(&files.credentials, &files.credentials_path, profile)? {
        return Ok(Some(creds));
    }
    unsupported(files, profile, &["credential_process"])?;
    static_keys(&files.config, &files.config_path, profile)
}

/// Profile settings for credential sources botocore tries before static keys.
const BEFORE_STATIC_KEYS: &[&str] = &[
    "role_arn",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
];

fn unsupported(files: &ProfileFiles, profile: &str, keys: &[&str]) -> Result<(), ConfigError> {
    match keys.iter().find(|key| files.get(profile, key).is_some()) {
        Some(key) => Err(ConfigError::new(format!(
            "profile `{profile}` gets credentials through `{key}`, which slimaws does not \
             implement; pass aws-config's credentials provider to \
             Config::builder().credentials_provider(..)"
        ))),
        None => Ok(()),
    }
}

fn static_keys(
    file: &ProfileFile,
    path: &Path,
    profile: &str,
) -> Result<Option<Credentials>, ConfigError> {
    let get = |key| file.get(profile, key);
    let token = get("aws_session_token").or_else(|| get("aws_security_token"));
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(key), Some(secret)) => Ok(Some(keys(
            key,
            secret,
            token,
            get("aws_account_id"),
            PROFILE_PROVIDER,
        ))),
        (None, None) => Ok(None),
        _ => Err(ConfigError::new(format!(
            "profile `{profile}` in {} has only one of aws_access_key_id and \
             aws_secret_access_key",
            path.display()
        ))),
    }
}

/// Static keys, with the account id botocore reads beside them
/// (`AWS_ACCOUNT_ID`, `aws_account_id`): an endpoint built-in.
fn keys(
    key: &str,
    secret: &str,
    token: Option<&str>,
    account_id: Option<&str>,
    provider: &'static str,
) -> Credentials {
    let keys = Credentials::new(key, secret, token.map(str::to_string), None, provider);
    match account_id {
        Some(id) => keys.with_account_id(id),
        None => keys,
    }
}

pub(crate) fn missing_message(files: &ProfileFiles, profile: &str) -> String {
    format!(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or \
         aws_access_key_id and aws_secret_access_key in profile `{profile}` of {} or {}; \
         for other sources pass a provider to Config::builder().credentials_provider(..)",
        files.credentials_path.display(),
        files.config_path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn files(config: &str, credentials: &str) -> ProfileFiles {
        ProfileFiles::from_texts(
            PathBuf::from("/h/.aws/config"),
            Some(config),
            PathBuf::from("/h/.aws/credentials"),
            Some(credentials),
        )
        .unwrap()
    }

    #[test]
    fn environment_needs_both_keys() {
        let env = Env::from_pairs(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ]);
        let creds = from_env_vars(&env).unwrap().unwrap();
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.session_token(), Some("TOKEN"));
        assert_eq!(creds.account_id(), None);
        let with_account = Env::from_pairs(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_ACCOUNT_ID", "123456789012"),
        ]);
        let creds = from_env_vars(&with_account).unwrap().unwrap();
        assert_eq!(creds.account_id(), Some("123456789012"));
        assert!(from_env_vars(&Env::from_pairs(&[])).unwrap().is_none());
        let partial = Env::from_pairs(&[("AWS_ACCESS_KEY_ID", "AKID")]);
        assert!(from_env_vars(&partial).is_err());
        let empty = Env::from_pairs(&[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")]);
        assert!(
            from_env_vars(&empty).unwrap().is_none(),
            "empty means unset"
        );
    }

    #[test]
    fn credentials_file_section_wins_as_a_whole() {
        let f = files(
            "[profile dev]\naws_access_key_id = CFG\naws_secret_access_key = CS\n\
             aws_session_token = CT\n",
            "[dev]\naws_access_key_id = CRED\naws_secret_access_key = RS\n\
             aws_account_id = 123456789012\n",
        );
        let creds = from_profile(&f, "dev").unwrap().unwrap();
        assert_eq!(creds.access_key_id(), "CRED");
        assert_eq!(creds.account_id(), Some("123456789012"));
        assert_eq!(creds.secret_access_key(), "RS");
        assert_eq!(creds.session_token(), None, "no mixing of the two files");
        let f = files(
            "[default]\naws_access_key_id = CFG\naws_secret_access_key = CS\n",
            "",
        );
        assert_eq!(
            from_profile(&f, "default")
                .unwrap()
                .unwrap()
                .access_key_id(),
            "CFG"
        );
        assert!(from_profile(&f, "other").unwrap().is_none());
    }

    #[test]
    fn unsupported_and_partial_profiles_are_explained() {
        let f = files("[profile r]\nrole_arn = arn:aws:iam::1:role/x\n", "");
        let e = from_profile(&f, "r").unwrap_err().to_string();
        assert!(
            e.contains("role_arn") && e.contains("credentials_provider"),
            "{e}"
        );
        let f = files(
            "[profile r]\ncredential_process = /bin/x\n",
            "[r]\naws_access_key_id = A\naws_secret_access_key = B\n",
        );
        assert_eq!(from_profile(&f, "r").unwrap().unwrap().access_key_id(), "A");
        let f = files("[profile r]\ncredential_process = /bin/x\n", "");
        assert!(from_profile(&f, "r").is_err());
        let f = files("", "[p]\naws_access_key_id = A\n");
        let e = from_profile(&f, "p").unwrap_err().to_string();
        assert!(e.contains("/h/.aws/credentials"), "{e}");
    }

    #[test]
    fn debug_output_hides_secrets() {
        let creds = Credentials::new("AKID", "SECRETKEY", Some("TOKENVALUE".into()), None, "t");
        let shown = format!("{creds:?}");
        assert!(
            !shown.contains("SECRETKEY") && !shown.contains("TOKENVALUE"),
            "{shown}"
        );
    }
}
