//! Endpoint settings beyond the region, FIPS, dual-stack and the endpoint
//! URL: the S3, S3 Control, STS and account-id built-ins and the client
//! context parameters. Read from the environment and the profile as
//! botocore reads them, and turned into rule-set built-in values as
//! botocore's `compute_endpoint_resolver_builtin_defaults` computes them.

use super::endpoint::ParamValue;
use super::setting::Source;

/// Whether a region keeps the global endpoint (botocore's `legacy`) or
/// uses its own (`regional`). S3 asks it of `us-east-1`
/// (`s3_us_east_1_regional_endpoint`, default legacy: `s3.amazonaws.com`);
/// STS of the regions that once had only the global endpoint
/// (`sts_regional_endpoints`, default regional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionalEndpoints {
    Legacy,
    Regional,
}

impl RegionalEndpoints {
    fn parse(value: &str) -> Option<Self> {
        match value {
            "legacy" => Some(RegionalEndpoints::Legacy),
            "regional" => Some(RegionalEndpoints::Regional),
            _ => None,
        }
    }
}

/// Whether account-id endpoints (DynamoDB's `<account>.ddb.<region>...`)
/// are used: `account_id_endpoint_mode`, default preferred.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountIdEndpointMode {
    #[default]
    Preferred,
    Disabled,
    Required,
}

impl AccountIdEndpointMode {
    fn parse(value: &str) -> Option<Self> {
        match value.to_ascii_lowercase().as_str() {
            "preferred" => Some(AccountIdEndpointMode::Preferred),
            "disabled" => Some(AccountIdEndpointMode::Disabled),
            "required" => Some(AccountIdEndpointMode::Required),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }
}

/// The regions whose STS requests go to `sts.amazonaws.com` when
/// `sts_regional_endpoints` is legacy (botocore's `LEGACY_GLOBAL_STS_REGIONS`).
const LEGACY_GLOBAL_STS_REGIONS: [&str; 16] = [
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EndpointSettings {
    /// S3 addressing: `Some(true)` path-style (botocore's `path`),
    /// `Some(false)` virtual-host (`virtual`), `None` as the rules choose (`auto`).
    pub force_path_style: Option<bool>,
    pub accelerate: bool,
    /// `None`: botocore's defaults, true for S3 and false for S3 Control.
    pub use_arn_region: Option<bool>,
    pub disable_multi_region_access_points: bool,
    pub disable_s3_express_session_auth: Option<bool>,
    pub s3_us_east_1_regional_endpoint: RegionalEndpoints,
    pub sts_regional_endpoints: RegionalEndpoints,
    pub account_id_endpoint_mode: AccountIdEndpointMode,
    /// Client context parameters set on the builder, by rule-set name
    /// (`ForcePathStyle`); they win over built-ins, as in botocore.
    pub client_context: Vec<(String, ParamValue)>,
}

impl Default for EndpointSettings {
    fn default() -> Self {
        EndpointSettings {
            force_path_style: None,
            accelerate: false,
            use_arn_region: None,
            disable_multi_region_access_points: false,
            disable_s3_express_session_auth: None,
            s3_us_east_1_regional_endpoint: RegionalEndpoints::Legacy,
            sts_regional_endpoints: RegionalEndpoints::Regional,
            account_id_endpoint_mode: AccountIdEndpointMode::Preferred,
            client_context: Vec::new(),
        }
    }
}

/// A setting by its environment variable (if it has one), else by the
/// first of its profile keys that is set, with where it came from.
pub(crate) trait Lookup<'a> {
    fn find(&self, variable: Option<&'static str>, keys: &[&str]) -> Option<(&'a str, Source)>;
}

impl<'a, F> Lookup<'a> for F
where
    F: Fn(Option<&'static str>, &[&str]) -> Option<(&'a str, Source)>,
{
    fn find(&self, variable: Option<&'static str>, keys: &[&str]) -> Option<(&'a str, Source)> {
        self(variable, keys)
    }
}

impl EndpointSettings {
    /// The settings from the environment and the profile, under botocore's
    /// names (`AWS_S3_USE_ARN_REGION`, `s3_use_arn_region`, the nested
    /// `s3 = addressing_style`...); a malformed value is an error naming
    /// its origin.
    pub(crate) fn from_sources<'a>(lookup: &impl Lookup<'a>) -> Result<Self, String> {
        let flag = |variable, keys: &[&str]| -> Result<Option<bool>, String> {
            lookup
                .find(variable, keys)
                .map(|(value, origin)| parse_setting(value, &origin, parse_bool, "true or false"))
                .transpose()
        };
        let regional = |variable, keys: &[&str], default| {
            lookup
                .find(Some(variable), keys)
                .map_or(Ok(default), |(value, origin)| {
                    parse_setting(
                        value,
                        &origin,
                        RegionalEndpoints::parse,
                        "legacy or regional",
                    )
                })
        };
        let force_path_style = match lookup.find(None, &["s3.addressing_style"]) {
            None => None,
            Some((value, origin)) => {
                parse_setting(value, &origin, parse_addressing, "auto, virtual or path")?
            }
        };
        let account_id_endpoint_mode = lookup
            .find(
                Some("AWS_ACCOUNT_ID_ENDPOINT_MODE"),
                &["account_id_endpoint_mode"],
            )
            .map_or(Ok(AccountIdEndpointMode::Preferred), |(value, origin)| {
                parse_setting(
                    value,
                    &origin,
                    AccountIdEndpointMode::parse,
                    "preferred, disabled or required",
                )
            })?;
        Ok(EndpointSettings {
            force_path_style,
            accelerate: flag(None, &["s3.use_accelerate_endpoint"])?.unwrap_or(false),
            use_arn_region: flag(
                Some("AWS_S3_USE_ARN_REGION"),
                &["s3_use_arn_region", "s3.use_arn_region"],
            )?,
            disable_multi_region_access_points: flag(
                Some("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS"),
                &["s3.s3_disable_multiregion_access_points"],
            )?
            .unwrap_or(false),
            disable_s3_express_session_auth: flag(
                Some("AWS_S3_DISABLE_EXPRESS_SESSION_AUTH"),
                &["s3_disable_express_session_auth"],
            )?,
            s3_us_east_1_regional_endpoint: regional(
                "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
                &[
                    "s3_us_east_1_regional_endpoint",
                    "s3.us_east_1_regional_endpoint",
                ],
                RegionalEndpoints::Legacy,
            )?,
            sts_regional_endpoints: regional(
                "AWS_STS_REGIONAL_ENDPOINTS",
                &["sts_regional_endpoints"],
                RegionalEndpoints::Regional,
            )?,
            account_id_endpoint_mode,
            client_context: Vec::new(),
        })
    }

    /// The value of `builtin` for a call, as botocore's
    /// `compute_endpoint_resolver_builtin_defaults` and its S3 handler
    /// make it; `None` for a built-in this does not know or leaves unset.
    pub(crate) fn builtin(&self, builtin: &str, call: &CallSources<'_>) -> Option<ParamValue> {
        let region = call.region;
        let flag = |b| Some(ParamValue::Bool(b));
        match builtin {
            "AWS::Region" if call.s3_presign_global => {
                Some(ParamValue::String("aws-global".to_string()))
            }
            "AWS::Region" => region.map(|r| ParamValue::String(r.to_string())),
            // An explicit endpoint turns FIPS and dual-stack off, as botocore.
            "AWS::UseFIPS" => flag(call.use_fips && call.endpoint_url.is_none()),
            "AWS::UseDualStack" => flag(call.use_dual_stack && call.endpoint_url.is_none()),
            "SDK::Endpoint" => call.endpoint_url.map(|u| ParamValue::String(u.to_string())),
            "AWS::Auth::AccountId" => call.account_id.map(|a| ParamValue::String(a.to_string())),
            "AWS::Auth::AccountIdEndpointMode" => Some(ParamValue::String(
                self.account_id_endpoint_mode.as_str().to_string(),
            )),
            "AWS::S3::ForcePathStyle" => flag(
                call.s3_operation
                    .and_then(|(op, bucket)| s3_force_path_style(op, bucket))
                    .unwrap_or_else(|| self.force_path_style(call.endpoint_url)),
            ),
            "AWS::S3::Accelerate" => flag(self.accelerate),
            "AWS::S3::UseGlobalEndpoint" => flag(
                call.s3_presign_global
                    || self.s3_us_east_1_regional_endpoint == RegionalEndpoints::Legacy
                        && matches!(region, None | Some("us-east-1")),
            ),
            "AWS::STS::UseGlobalEndpoint" => flag(
                self.sts_regional_endpoints == RegionalEndpoints::Legacy
                    && region.is_some_and(|r| LEGACY_GLOBAL_STS_REGIONS.contains(&r)),
            ),
            "AWS::S3::UseArnRegion" => flag(self.use_arn_region.unwrap_or(true)),
            "AWS::S3Control::UseArnRegion" => flag(self.use_arn_region.unwrap_or(false)),
            "AWS::S3::DisableMultiRegionAccessPoints" => {
                flag(self.disable_multi_region_access_points)
            }
            "AWS::S3::DisableS3ExpressSessionAuth" => {
                self.disable_s3_express_session_auth.map(ParamValue::Bool)
            }
            _ => None,
        }
    }

    /// Whether a presigned S3 URL goes to the global endpoint (Region
    /// `aws-global`, UseGlobalEndpoint): botocore's `_should_use_global_endpoint`
    /// (the `aws` partition; no dual-stack; not us-east-1 set regional; not
    /// virtual-host addressing asked for) and its handler's conditions (no path-style,
    /// needed or asked for; no ARN; no directory bucket).
    pub(crate) fn s3_presign_global(&self, call: &CallSources<'_>, in_aws_partition: bool) -> bool {
        let Some((operation, bucket)) = call.s3_operation else {
            return false;
        };
        let regional_us_east_1 = self.s3_us_east_1_regional_endpoint == RegionalEndpoints::Regional
            && call.region == Some("us-east-1");
        // botocore's S3 config says dual-stack whenever its endpoint does.
        let dual_stack = call.use_dual_stack && call.endpoint_url.is_none();
        if !in_aws_partition
            || dual_stack
            || regional_us_east_1
            || self.force_path_style == Some(false)
        {
            return false;
        }
        let path_style = s3_force_path_style(operation, bucket)
            .unwrap_or_else(|| self.force_path_style(call.endpoint_url));
        let needs_path_style = bucket.is_some_and(|b| !is_host_label(b));
        let special = bucket.is_some_and(|b| is_arn(b) || b.ends_with("--x-s3"));
        !path_style && !needs_path_style && !special
    }

    /// botocore keeps path-style for custom endpoints unless virtual
    /// hosting is asked for, and never with acceleration.
    fn force_path_style(&self, endpoint_url: Option<&str>) -> bool {
        if self.accelerate {
            false
        } else if endpoint_url.is_some_and(|url| !is_s3_accelerate_url(url)) {
            self.force_path_style != Some(false)
        } else {
            self.force_path_style == Some(true)
        }
    }
}

/// What one call's built-ins are made of besides [`EndpointSettings`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CallSources<'a> {
    pub region: Option<&'a str>,
    pub endpoint_url: Option<&'a str>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// The credentials' account id.
    pub account_id: Option<&'a str>,
    /// For S3: the operation and its `Bucket`, which botocore's handler reads.
    pub s3_operation: Option<(&'a str, Option<&'a str>)>,
    /// A presigned S3 URL for the global endpoint ([`EndpointSettings::s3_presign_global`]).
    pub s3_presign_global: bool,
}

/// botocore's per-call change to S3's `ForcePathStyle` built-in
/// (`customize_endpoint_resolver_builtins`): `GetBucketLocation` always
/// goes path-style (its caller may not know the bucket's region, which a
/// virtual host would need), and an ARN bucket never does.
pub(crate) fn s3_force_path_style(operation: &str, bucket: Option<&str>) -> Option<bool> {
    if operation == "GetBucketLocation" {
        Some(true)
    } else if bucket.is_some_and(is_arn) {
        Some(false)
    } else {
        None
    }
}

/// botocore's `VALID_HOST_LABEL_RE`: 1 to 63 letters, digits and `-`, not
/// starting or ending with `-`.
fn is_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// `arn:partition:service:region:account:resource`, as botocore's `ArnParser.is_arn`.
pub(crate) fn is_arn(value: &str) -> bool {
    value.starts_with("arn:") && value.splitn(6, ':').count() == 6
}

/// An `s3-accelerate[.dualstack].amazonaws.com` URL (botocore's
/// `is_s3_accelerate_url`), which keeps virtual-host addressing.
fn is_s3_accelerate_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !matches!(scheme, "http" | "https") || !host.ends_with("amazonaws.com") {
        return false;
    }
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() < 3 || parts[0] != "s3-accelerate" {
        return false;
    }
    let features = &parts[1..parts.len() - 2];
    let distinct = features
        .iter()
        .enumerate()
        .all(|(i, p)| !features[..i].contains(p));
    distinct && features.iter().all(|p| *p == "dualstack")
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn parse_addressing(value: &str) -> Option<Option<bool>> {
    match value {
        "auto" => Some(None),
        "virtual" => Some(Some(false)),
        "path" => Some(Some(true)),
        _ => None,
    }
}

fn parse_setting<T>(
    value: &str,
    origin: &Source,
    parse: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Result<T, String> {
    parse(value).ok_or_else(|| format!("{origin} must be {expected}, not `{value}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(s: &EndpointSettings, name: &str, call: CallSources<'_>) -> bool {
        match s.builtin(name, &call) {
            Some(ParamValue::Bool(b)) => b,
            other => panic!("{name}: {other:?}"),
        }
    }

    fn in_region(region: &str) -> CallSources<'_> {
        CallSources {
            region: Some(region),
            ..CallSources::default()
        }
    }

    #[test]
    fn force_path_style_follows_botocore() {
        let auto = EndpointSettings::default();
        let path = |s: &EndpointSettings, url| {
            let call = CallSources {
                endpoint_url: url,
                ..in_region("eu-west-1")
            };
            flag(s, "AWS::S3::ForcePathStyle", call)
        };
        assert!(!path(&auto, None));
        assert!(path(&auto, Some("http://127.0.0.1:5000")));
        assert!(!path(&auto, Some("https://s3-accelerate.amazonaws.com")));
        let virtual_host = EndpointSettings {
            force_path_style: Some(false),
            ..EndpointSettings::default()
        };
        assert!(!path(&virtual_host, Some("http://127.0.0.1:5000")));
        let accelerate = EndpointSettings {
            force_path_style: Some(true),
            accelerate: true,
            ..EndpointSettings::default()
        };
        assert!(!path(&accelerate, None));
        let location = CallSources {
            s3_operation: Some(("GetBucketLocation", Some("b"))),
            ..in_region("eu-west-1")
        };
        assert!(flag(&auto, "AWS::S3::ForcePathStyle", location));
    }

    #[test]
    fn global_endpoints_by_region_and_setting() {
        let s = EndpointSettings::default();
        let global = |s: &EndpointSettings, region: Option<&str>, name| {
            let call = CallSources {
                region,
                ..CallSources::default()
            };
            flag(s, name, call)
        };
        assert!(global(&s, Some("us-east-1"), "AWS::S3::UseGlobalEndpoint"));
        assert!(global(&s, None, "AWS::S3::UseGlobalEndpoint"));
        assert!(!global(&s, Some("us-east-2"), "AWS::S3::UseGlobalEndpoint"));
        assert!(!global(
            &s,
            Some("us-east-1"),
            "AWS::STS::UseGlobalEndpoint"
        ));
        let legacy_sts = EndpointSettings {
            sts_regional_endpoints: RegionalEndpoints::Legacy,
            s3_us_east_1_regional_endpoint: RegionalEndpoints::Regional,
            ..EndpointSettings::default()
        };
        assert!(global(
            &legacy_sts,
            Some("eu-west-1"),
            "AWS::STS::UseGlobalEndpoint"
        ));
        assert!(!global(
            &legacy_sts,
            Some("ap-east-1"),
            "AWS::STS::UseGlobalEndpoint"
        ));
        assert!(!global(
            &legacy_sts,
            Some("us-east-1"),
            "AWS::S3::UseGlobalEndpoint"
        ));
    }

    #[test]
    fn arn_region_defaults_differ_for_s3_and_s3_control() {
        let s = EndpointSettings::default();
        assert!(flag(&s, "AWS::S3::UseArnRegion", in_region("us-west-2")));
        assert!(!flag(
            &s,
            "AWS::S3Control::UseArnRegion",
            in_region("us-west-2")
        ));
    }

    #[test]
    fn an_endpoint_url_turns_fips_and_dual_stack_off() {
        let s = EndpointSettings::default();
        let on = CallSources {
            use_fips: true,
            use_dual_stack: true,
            ..in_region("us-east-2")
        };
        assert!(flag(&s, "AWS::UseFIPS", on) && flag(&s, "AWS::UseDualStack", on));
        let custom = CallSources {
            endpoint_url: Some("https://example.internal"),
            ..on
        };
        assert!(!flag(&s, "AWS::UseFIPS", custom) && !flag(&s, "AWS::UseDualStack", custom));
        assert_eq!(s.builtin("AWS::Unknown", &on), None);
        assert_eq!(s.builtin("AWS::Auth::AccountId", &on), None);
        assert_eq!(s.builtin("AWS::S3::DisableS3ExpressSessionAuth", &on), None);
    }

    #[test]
    fn per_call_path_style_for_s3() {
        assert_eq!(
            s3_force_path_style("GetBucketLocation", Some("b")),
            Some(true)
        );
        let arn = "arn:aws:s3:us-west-2:123456789012:accesspoint:ap";
        assert_eq!(s3_force_path_style("GetObject", Some(arn)), Some(false));
        assert_eq!(s3_force_path_style("GetObject", Some("arn:aws:s3")), None);
        assert_eq!(s3_force_path_style("GetObject", Some("bucket")), None);
    }

    #[test]
    fn accelerate_urls() {
        assert!(is_s3_accelerate_url("https://s3-accelerate.amazonaws.com"));
        assert!(is_s3_accelerate_url(
            "http://s3-accelerate.dualstack.amazonaws.com/x"
        ));
        assert!(!is_s3_accelerate_url(
            "https://s3-accelerate.dualstack.dualstack.amazonaws.com"
        ));
        assert!(!is_s3_accelerate_url(
            "https://s3-accelerate.fips.amazonaws.com"
        ));
        assert!(!is_s3_accelerate_url(
            "https://bucket.s3-accelerate.amazonaws.com"
        ));
        assert!(!is_s3_accelerate_url("ftp://s3-accelerate.amazonaws.com"));
    }

    fn from(pairs: &[(&'static str, &'static str)]) -> Result<EndpointSettings, String> {
        let lookup = |variable: Option<&'static str>, keys: &[&str]| {
            pairs.iter().find_map(|(name, value)| {
                let hit = variable == Some(*name) || keys.contains(name);
                hit.then(|| (*value, Source::Env(name.to_string())))
            })
        };
        EndpointSettings::from_sources(&lookup)
    }

    #[test]
    fn reads_botocore_names_and_rejects_bad_values() {
        let s = from(&[
            ("s3.addressing_style", "virtual"),
            ("AWS_S3_USE_ARN_REGION", "false"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "Disabled"),
            ("s3.use_accelerate_endpoint", "TRUE"),
        ])
        .unwrap();
        assert_eq!(s.force_path_style, Some(false));
        assert_eq!(s.use_arn_region, Some(false));
        assert!(s.accelerate);
        assert_eq!(s.sts_regional_endpoints, RegionalEndpoints::Legacy);
        assert_eq!(s.account_id_endpoint_mode, AccountIdEndpointMode::Disabled);
        assert_eq!(from(&[]).unwrap(), EndpointSettings::default());
        let err = from(&[("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "global")]).unwrap_err();
        assert_eq!(
            err,
            "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT must be legacy or regional, not `global`"
        );
        let err = from(&[("s3.addressing_style", "Path")]).unwrap_err();
        assert!(err.contains("auto, virtual or path"), "{err}");
        assert!(from(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "always")]).is_err());
        assert!(from(&[("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "yes")]).is_err());
    }
}
