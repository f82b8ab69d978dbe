//! A configuration read from where botocore reads it: an environment
//! variable first, else the selected profile's setting in the shared
//! config and credentials files. Each value keeps its origin, so an error
//! names the variable or the file and line that set it.
//!
//! `Config::from_sources` calls each reader once: `#[inline]` lets them
//! fold back into it across codegen units (this module is its own unit).

use super::{
    parse_attempts, parse_bool, parse_min_compression_size, parse_retry_mode, ConfigError, Env,
    Settings, SERVICE_ENDPOINT_PREFIX,
};
use crate::checksum::{self, RequestChecksumCalculation, ResponseChecksumValidation};
use crate::compression::MIN_COMPRESSION_SIZE_RANGE;
use crate::credentials;
use crate::credentials::Credentials;
use crate::endpoint_settings::EndpointSettings;
use crate::profile::{self, ProfileFiles};
use crate::setting::{EndpointUrl, Region, Source};

/// The environment and the profile files, with the profile selected.
pub(super) struct Sources<'a> {
    env: &'a Env,
    files: &'a ProfileFiles,
    profile: &'a str,
}

impl<'a> Sources<'a> {
    /// The profile `AWS_PROFILE` names (else `default`); one named but
    /// in neither file is an error.
    #[inline]
    pub(super) fn select(env: &'a Env, files: &'a ProfileFiles) -> Result<Self, ConfigError> {
        let (profile, explicit) = profile::selected_profile(env);
        if explicit && !files.has_profile(profile) {
            return Err(ConfigError::new(format!(
                "profile `{profile}` (AWS_PROFILE) is in neither {} nor {}",
                files.config_path.display(),
                files.credentials_path.display()
            )));
        }
        Ok(Sources {
            env,
            files,
            profile,
        })
    }

    /// An environment variable, else the profile's setting `key`.
    fn setting(&self, variable: &'static str, key: &str) -> Option<(&'a str, Source)> {
        match self.env.get(variable) {
            Some(value) => Some((value, Source::Env(variable.to_string()))),
            None => self.files.locate(self.profile, key),
        }
    }

    /// A true-or-false setting, false when unset.
    fn flag(&self, variable: &'static str, key: &str) -> Result<bool, ConfigError> {
        match self.setting(variable, key) {
            None => Ok(false),
            Some((value, origin)) => parse_bool(value).ok_or_else(|| {
                ConfigError::new(format!("{origin} must be true or false, not `{value}`"))
            }),
        }
    }

    /// A `when_supported` (true) or `when_required` (false) setting.
    fn when(&self, variable: &'static str, key: &str) -> Result<Option<bool>, ConfigError> {
        self.setting(variable, key)
            .map(|(value, origin)| {
                checksum::parse_when(value).ok_or_else(|| {
                    ConfigError::new(format!(
                        "{origin} must be when_supported or when_required, not `{value}`"
                    ))
                })
            })
            .transpose()
    }

    /// `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's `region`, checked.
    #[inline]
    pub(super) fn region(&self) -> Result<Region, ConfigError> {
        let env_region = |variable: &str| {
            self.env
                .get(variable)
                .map(|value| (value, Source::Env(variable.to_string())))
        };
        let (region, source) = env_region("AWS_REGION")
            .or_else(|| env_region("AWS_DEFAULT_REGION"))
            .or_else(|| self.files.locate(self.profile, "region"))
            .ok_or_else(|| {
                ConfigError::new(format!(
                    "no region: set AWS_REGION, or `region` in profile `{}` of {}",
                    self.profile,
                    self.files.config_path.display()
                ))
            })?;
        Region::checked(region, source).map_err(ConfigError::new)
    }

    /// The credentials of the environment, else of the profile.
    #[inline]
    pub(super) fn credentials(&self) -> Result<Credentials, ConfigError> {
        match credentials::from_env_vars(self.env)? {
            Some(creds) => Ok(creds),
            None => credentials::from_profile(self.files, self.profile)?.ok_or_else(|| {
                ConfigError::new(credentials::missing_message(self.files, self.profile))
            }),
        }
    }

    /// `max_attempts` and `retry_mode`.
    #[inline]
    pub(super) fn read_retries(&self, settings: &mut Settings) -> Result<(), ConfigError> {
        if let Some((value, origin)) = self.setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            settings.max_attempts = Some(parse_attempts(value).ok_or_else(|| {
                ConfigError::new(format!(
                    "{origin} must be a positive integer, not `{value}`"
                ))
            })?);
        }
        if let Some((value, origin)) = self.setting("AWS_RETRY_MODE", "retry_mode") {
            settings.retry_mode = parse_retry_mode(value, &origin.to_string())?;
        }
        Ok(())
    }

    /// Request compression: its minimum size and whether it is off.
    #[inline]
    pub(super) fn read_compression(&self, settings: &mut Settings) -> Result<(), ConfigError> {
        if let Some((value, origin)) = self.setting(
            "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
            "request_min_compression_size_bytes",
        ) {
            settings.request_min_compression_size_bytes = parse_min_compression_size(value)
                .ok_or_else(|| {
                    ConfigError::new(format!(
                        "{origin} must be an integer from {} to {}, not `{value}`",
                        MIN_COMPRESSION_SIZE_RANGE.start(),
                        MIN_COMPRESSION_SIZE_RANGE.end()
                    ))
                })?;
        }
        settings.disable_request_compression = self.flag(
            "AWS_DISABLE_REQUEST_COMPRESSION",
            "disable_request_compression",
        )?;
        Ok(())
    }

    /// When request checksums are calculated and response checksums validated.
    #[inline]
    pub(super) fn read_checksums(&self, settings: &mut Settings) -> Result<(), ConfigError> {
        if self.when(
            "AWS_REQUEST_CHECKSUM_CALCULATION",
            "request_checksum_calculation",
        )? == Some(false)
        {
            settings.request_checksum_calculation = RequestChecksumCalculation::WhenRequired;
        }
        if self.when(
            "AWS_RESPONSE_CHECKSUM_VALIDATION",
            "response_checksum_validation",
        )? == Some(false)
        {
            settings.response_checksum_validation = ResponseChecksumValidation::WhenRequired;
        }
        Ok(())
    }

    /// FIPS, dual-stack, the endpoint rule sets' other settings and the
    /// endpoint URLs (unless configured endpoint URLs are ignored).
    #[inline]
    pub(super) fn read_endpoints(&self, settings: &mut Settings) -> Result<(), ConfigError> {
        settings.use_fips = self.flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?;
        settings.use_dual_stack =
            self.flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?;
        let lookup = |variable: Option<&'static str>, keys: &[&str]| {
            variable
                .and_then(|v| {
                    self.env
                        .get(v)
                        .map(|value| (value, Source::Env(v.to_string())))
                })
                .or_else(|| {
                    keys.iter()
                        .find_map(|key| self.files.locate(self.profile, key))
                })
        };
        settings.endpoint = EndpointSettings::from_sources(&lookup).map_err(ConfigError::new)?;
        let ignore = self.flag(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )?;
        if !ignore {
            if let Some((url, source)) = self.setting("AWS_ENDPOINT_URL", "endpoint_url") {
                let url = EndpointUrl::new(url, source);
                url.check().map_err(ConfigError::new)?;
                settings.env_endpoint_url = Some(url);
            }
            settings.service_endpoint_urls = self.env.with_prefix(SERVICE_ENDPOINT_PREFIX);
        }
        Ok(())
    }
}
