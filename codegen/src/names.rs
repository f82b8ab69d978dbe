//! AWS-aware naming: word splitting shared by snake_case and PascalCase
//! conversion, and escaping of the results into valid Rust identifiers.
//!
//! We split words ourselves rather than letting `heck` do it, because `heck`
//! knows nothing about AWS spellings: it turns `CNAMEs` into `cnam_es` and
//! `DynamoDBv2` into `dynamo_d_bv2`. `heck` is only used to capitalise words
//! that are already split.
//!
//! Non-ASCII letters and digits are first transliterated (`Zürich` ->
//! `Zurich`, `Größe` -> `Grosse`, `東京` -> `DongJing`; one without a
//! transliteration becomes `U` and its code point, `U2C6F`), so names keep
//! every letter; names that become equal are told apart by the callers
//! (`Zurich`, `Zurich2`). Splitting rules, applied to each run of ASCII
//! letters and digits (every other character separates words and is
//! dropped):
//!
//! * lower -> Upper and digit -> Upper start a word: `lastUpdate` -> `last`,
//!   `Update`; `Ec2Instance` -> `Ec2`, `Instance`.
//! * Digits and lowercase letters stay attached to what precedes them:
//!   `S3`, `X509`, `MINUTE15`, `sigv4a`, `2xx`.
//! * In a run of capitals, the last one starts a new word when a lowercase
//!   letter follows: `IAMConnection` -> `IAM`, `Connection`;
//!   `OAuth` -> `O`, `Auth` (as aws-sdk-rust does: `o_auth_client_id`).
//! * Plural acronyms: a run of two or more capitals followed by a single `s`
//!   and then a capital or the end is one word: `CNAMEs`, `ARNsList` ->
//!   `ARNs`, `List`. Ordinary words are unaffected (`Settings`,
//!   `IsS3Bucket` -> `Is`, `S3`, `Bucket`).
//! * Versions after an acronym: a run of two or more capitals followed by
//!   `v` and a digit ends before the `v`: `DynamoDBv2` -> `Dynamo`, `DB`,
//!   `v2`; `TLSv1` -> `TLS`, `v1`.
//! * `IPv4`/`IPv6` are single words however they are cased, so `IPv6Enabled`,
//!   `Ipv6Enabled` and `IPV6Enabled` all become `ipv6_enabled`.

use heck::ToUpperCamelCase;

/// Terms AWS spells several ways (`IPv6`, `Ipv6`, `IPV6`) that must always be
/// one word; the version rule alone would turn `IPv6` into `ip_v6`.
const WHOLE_WORDS: &[&str] = &["ipv4", "ipv6"];

/// Keywords (strict and reserved, editions 2015 to 2024) that are valid as raw
/// identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is an error).
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits an AWS name into words: "TooManyDistributionCNAMEs" -> ["Too","Many","Distribution","CNAMEs"].
///
/// Words keep their original case; see the module docs for the rules.
pub fn split_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chunk = Vec::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            chunk.push(c);
        } else if c.is_alphanumeric() {
            transliterate(c, &mut chunk);
        } else {
            split_chunk(&chunk, &mut words);
            chunk.clear();
        }
    }
    split_chunk(&chunk, &mut words);
    words
}

/// A non-ASCII letter or digit as ASCII (`ü` -> `u`, `ß` -> `ss`, `東` ->
/// `Dong`, by `deunicode`), or as `U` and its code point in hex when it has
/// no transliteration, so that no letter of a name is lost.
fn transliterate(c: char, chunk: &mut Vec<char>) {
    let ascii: Vec<char> = deunicode::deunicode_char(c)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if ascii.is_empty() {
        chunk.extend(format!("U{:04X}", u32::from(c)).chars());
    } else {
        chunk.extend(ascii);
    }
}

/// Splits one run of ASCII alphanumerics, appending its words to `out`.
fn split_chunk(c: &[char], out: &mut Vec<String>) {
    let mut start = 0;
    let mut i = 0;
    while i < c.len() {
        if i == start {
            if let Some(len) = whole_word_len(&c[i..]) {
                out.push(c[i..i + len].iter().collect());
                i += len;
                start = i;
                continue;
            }
        } else if is_boundary(c, start, i) {
            out.push(c[start..i].iter().collect());
            // Revisit `i` as the start of a word, so whole words are found.
            start = i;
            continue;
        }
        i += 1;
    }
    if start < c.len() {
        out.push(c[start..].iter().collect());
    }
}

/// Length of the whole word that `rest` starts with, if it is complete
/// (not followed by more lowercase letters or digits).
fn whole_word_len(rest: &[char]) -> Option<usize> {
    WHOLE_WORDS.iter().find_map(|w| {
        let len = w.len();
        let matches = rest.len() >= len
            && rest
                .iter()
                .zip(w.chars())
                .all(|(a, b)| a.eq_ignore_ascii_case(&b))
            && !matches!(rest.get(len), Some(n) if n.is_ascii_lowercase() || n.is_ascii_digit());
        matches.then_some(len)
    })
}

/// Whether a new word starts at `c[i]`, given the current word starts at
/// `start < i`.
fn is_boundary(c: &[char], start: usize, i: usize) -> bool {
    let (prev, cur) = (c[i - 1], c[i]);
    if cur.is_ascii_uppercase() {
        if !prev.is_ascii_uppercase() {
            return true;
        }
        // Inside a run of capitals: the last one starts a capitalised word,
        // unless what follows is a plural `s` or a version `v2`.
        let lower_next = matches!(c.get(i + 1), Some(n) if n.is_ascii_lowercase());
        return lower_next && !is_plural_s(c, i + 1) && !is_version(c, i + 1);
    }
    // `v2` after an acronym of two or more capitals: "DBv2" -> "DB", "v2".
    i >= start + 2 && c[i - 2].is_ascii_uppercase() && prev.is_ascii_uppercase() && is_version(c, i)
}

/// `c[k]` is an `s` ending a plural acronym ("ARNs", "ARNsList").
fn is_plural_s(c: &[char], k: usize) -> bool {
    c.get(k) == Some(&'s') && !matches!(c.get(k + 1), Some(n) if !n.is_ascii_uppercase())
}

/// `c[k..]` starts with a version marker such as `v2`.
fn is_version(c: &[char], k: usize) -> bool {
    c.get(k) == Some(&'v') && matches!(c.get(k + 1), Some(n) if n.is_ascii_digit())
}

/// snake_case: "IAMConnectionMetadata" -> "iam_connection_metadata", "lastUpdateAttemptTime" -> "last_update_attempt_time",
/// "TooManyDistributionCNAMEs" -> "too_many_distribution_cnames", "DynamoDBv2Action" -> "dynamo_db_v2_action",
/// "NotificationARNs" -> "notification_arns", "APIKey" -> "api_key".
///
/// The result may start with a digit ("2xx"); use [`field_ident`] or
/// [`module_name`] for something that must be an identifier.
pub fn to_snake_case(name: &str) -> String {
    let words: Vec<String> = split_words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    words.join("_")
}

/// PascalCase: "IAMConnectionMetadata" -> "IamConnectionMetadata", "APIKey" -> "ApiKey", "API_KEY" -> "ApiKey",
/// "us-east-1" -> "UsEast1", "TooManyDistributionCNAMEs" -> "TooManyDistributionCnames", "DynamoDBv2Action" -> "DynamoDbV2Action".
///
/// Two numbers that were separate words stay apart with an underscore, which
/// rustc's `non_camel_case_types` lint accepts between digits:
/// "TLSv1.2_2021" -> "TlsV1_2_2021" (not the ambiguous "TlsV122021").
pub fn to_pascal_case(name: &str) -> String {
    let mut out = String::new();
    for word in split_words(name) {
        let starts_digit = word.starts_with(|c: char| c.is_ascii_digit());
        if starts_digit && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        // Lowercase first so heck sees one word and only capitalises it.
        out.push_str(&word.to_ascii_lowercase().to_upper_camel_case());
    }
    out
}

/// A snake_case identifier usable as a Rust field/method/module name, as source text:
/// keywords become raw identifiers ("type" -> "r#type"), the ones that cannot be
/// raw get a trailing underscore ("self" -> "self_"), a leading digit gets the
/// prefix "n" ("2xx" -> "n2xx"), and empty or all-symbol names become "unnamed".
pub fn field_ident(name: &str) -> String {
    escape(to_snake_case(name), "n", "unnamed", true)
}

/// A PascalCase identifier usable as a Rust type or enum-variant name, as source
/// text: a leading digit gets the prefix "V" ("2xx" -> "V2xx"), "Self" becomes
/// "Self_", and empty or all-symbol names become "Unnamed".
pub fn type_ident(name: &str) -> String {
    escape(to_pascal_case(name), "V", "Unnamed", true)
}

/// snake_case module / file name for a shape or operation. File names cannot be
/// raw identifiers, so every keyword gets a trailing underscore instead
/// ("type" -> "type_", "self" -> "self_"); otherwise as [`field_ident`].
pub fn module_name(name: &str) -> String {
    escape(to_snake_case(name), "n", "unnamed", false)
}

/// Turns a converted name into an identifier; `raw` allows `r#` escapes.
fn escape(mut ident: String, digit_prefix: &str, empty: &str, raw: bool) -> String {
    if ident.is_empty() {
        return empty.to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, digit_prefix);
    }
    let is_raw_keyword = RAW_KEYWORDS.contains(&ident.as_str());
    if raw && is_raw_keyword {
        format!("r#{ident}")
    } else if is_raw_keyword || NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        ident + "_"
    } else {
        ident
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (AWS name, snake_case, PascalCase). Mostly real shape, member and enum
    /// names from the CloudFront, QuickSight and Voice ID botocore models.
    #[rustfmt::skip]
    const CORPUS: &[(&str, &str, &str)] = &[
        // Names the generator's callers rely on.
        ("IAMConnectionMetadata", "iam_connection_metadata", "IamConnectionMetadata"),
        ("APIKey", "api_key", "ApiKey"),
        ("lastUpdateAttemptTime", "last_update_attempt_time", "LastUpdateAttemptTime"),
        ("TooManyDistributionCNAMEs", "too_many_distribution_cnames", "TooManyDistributionCnames"),
        ("DynamoDBv2Action", "dynamo_db_v2_action", "DynamoDbV2Action"),
        ("NotificationARNs", "notification_arns", "NotificationArns"),
        ("ETag", "e_tag", "ETag"),
        ("eTag", "e_tag", "ETag"),
        ("IfMatch", "if_match", "IfMatch"),
        ("KeyGroupConfig", "key_group_config", "KeyGroupConfig"),
        ("ARN", "arn", "Arn"),
        ("AwsAccountId", "aws_account_id", "AwsAccountId"),
        ("awsAccountId", "aws_account_id", "AwsAccountId"),
        ("VPCConnectionId", "vpc_connection_id", "VpcConnectionId"),
        ("S3Uri", "s3_uri", "S3Uri"),
        ("Ec2InstanceType", "ec2_instance_type", "Ec2InstanceType"),
        // Like aws-sdk-rust: "OAuth" is "O" + "Auth".
        ("OAuthClientId", "o_auth_client_id", "OAuthClientId"),
        ("SSLSupportMethod", "ssl_support_method", "SslSupportMethod"),
        ("TLSv1_2_2021", "tls_v1_2_2021", "TlsV1_2_2021"),
        ("TLSv1.2_2021", "tls_v1_2_2021", "TlsV1_2_2021"),
        ("TLSv1.1_2016", "tls_v1_1_2016", "TlsV1_1_2016"),
        ("TLSv1", "tls_v1", "TlsV1"),
        ("SSLv3", "ssl_v3", "SslV3"),
        ("CloudFrontOriginAccessIdentity", "cloud_front_origin_access_identity", "CloudFrontOriginAccessIdentity"),
        ("DNSName", "dns_name", "DnsName"),
        ("HTTPPort", "http_port", "HttpPort"),
        ("HTTPSPort", "https_port", "HttpsPort"),
        ("MinTTL", "min_ttl", "MinTtl"),
        ("ErrorCachingMinTTL", "error_caching_min_ttl", "ErrorCachingMinTtl"),
        // IPv4/IPv6 are one word however AWS cases them.
        ("IPv6Enabled", "ipv6_enabled", "Ipv6Enabled"),
        ("Ipv6Enabled", "ipv6_enabled", "Ipv6Enabled"),
        ("IsIPV6Enabled", "is_ipv6_enabled", "IsIpv6Enabled"),
        ("IPv4Address", "ipv4_address", "Ipv4Address"),
        ("ipv6", "ipv6", "Ipv6"),
        ("X509Certificate", "x509_certificate", "X509Certificate"),
        ("X509", "x509", "X509"),
        // Plural acronyms.
        ("ABCDs", "abcds", "Abcds"),
        ("APIs", "apis", "Apis"),
        ("IDs", "ids", "Ids"),
        ("MFAs", "mfas", "Mfas"),
        ("ARNsList", "arns_list", "ArnsList"),
        ("TooManyStreamingDistributionCNAMEs", "too_many_streaming_distribution_cnames", "TooManyStreamingDistributionCnames"),
        ("Settings", "settings", "Settings"),
        ("UpdatesAvailable", "updates_available", "UpdatesAvailable"),
        ("IsS3Bucket", "is_s3_bucket", "IsS3Bucket"),
        ("KGKeyPairIds", "kg_key_pair_ids", "KgKeyPairIds"),
        ("VPCConnectionIds", "vpc_connection_ids", "VpcConnectionIds"),
        // Acronyms.
        ("ACMCertificateArn", "acm_certificate_arn", "AcmCertificateArn"),
        ("IAMCertificateId", "iam_certificate_id", "IamCertificateId"),
        ("ICPRecordalStatus", "icp_recordal_status", "IcpRecordalStatus"),
        ("AliasICPRecordals", "alias_icp_recordals", "AliasIcpRecordals"),
        ("CNAME", "cname", "Cname"),
        ("CIDR", "cidr", "Cidr"),
        ("FunctionARN", "function_arn", "FunctionArn"),
        ("KeyValueStoreARN", "key_value_store_arn", "KeyValueStoreArn"),
        ("WebACLId", "web_acl_id", "WebAclId"),
        ("AssociateDistributionTenantWebACLRequest", "associate_distribution_tenant_web_acl_request", "AssociateDistributionTenantWebAclRequest"),
        ("UseClientCertificateOCSPEndpoint", "use_client_certificate_ocsp_endpoint", "UseClientCertificateOcspEndpoint"),
        ("XSSProtection", "xss_protection", "XssProtection"),
        ("ResponseHeadersPolicyXSSProtection", "response_headers_policy_xss_protection", "ResponseHeadersPolicyXssProtection"),
        ("ReadAPIKeyConnectionMetadata", "read_api_key_connection_metadata", "ReadApiKeyConnectionMetadata"),
        ("CreateSPICEDataset", "create_spice_dataset", "CreateSpiceDataset"),
        ("DashboardUIState", "dashboard_ui_state", "DashboardUiState"),
        ("UIColorPalette", "ui_color_palette", "UiColorPalette"),
        ("QAUrl", "qa_url", "QaUrl"),
        ("KPIVisualStandardLayoutType", "kpi_visual_standard_layout_type", "KpiVisualStandardLayoutType"),
        ("SensitiveIOPayload", "sensitive_io_payload", "SensitiveIoPayload"),
        ("InvokeAppsAIInference", "invoke_apps_ai_inference", "InvokeAppsAiInference"),
        ("MSExchangeAction", "ms_exchange_action", "MsExchangeAction"),
        ("HGInsightsAction", "hg_insights_action", "HgInsightsAction"),
        ("SandPGMIAction", "sand_pgmi_action", "SandPgmiAction"),
        ("TopicIRFilterEntry", "topic_ir_filter_entry", "TopicIrFilterEntry"),
        ("URLEncoded", "url_encoded", "UrlEncoded"),
        ("isACLEnabled", "is_acl_enabled", "IsAclEnabled"),
        ("totalKBCapacityBytes", "total_kb_capacity_bytes", "TotalKbCapacityBytes"),
        // Single capitals as words.
        ("YAxisLabelOptions", "y_axis_label_options", "YAxisLabelOptions"),
        ("AmazonQInQuickSight", "amazon_q_in_quick_sight", "AmazonQInQuickSight"),
        ("AmazonSThreeAction", "amazon_s_three_action", "AmazonSThreeAction"),
        ("DataQnAConfigurations", "data_qn_a_configurations", "DataQnAConfigurations"),
        ("SaaSTable", "saa_s_table", "SaaSTable"),
        // Digits.
        ("S3OriginConfig", "s3_origin_config", "S3OriginConfig"),
        ("S3CanonicalUserId", "s3_canonical_user_id", "S3CanonicalUserId"),
        ("CaCertificatesBundleS3Uri", "ca_certificates_bundle_s3_uri", "CaCertificatesBundleS3Uri"),
        ("Db2DataSource", "db2_data_source", "Db2DataSource"),
        ("CreateTopicV2Request", "create_topic_v2_request", "CreateTopicV2Request"),
        ("AssetBundleExportJobTopicV2OverrideProperties", "asset_bundle_export_job_topic_v2_override_properties", "AssetBundleExportJobTopicV2OverrideProperties"),
        ("NamespaceInfoV2", "namespace_info_v2", "NamespaceInfoV2"),
        ("Height32", "height32", "Height32"),
        ("MINUTE15", "minute15", "Minute15"),
        ("http2and3", "http2and3", "Http2and3"),
        ("http1.1", "http1_1", "Http1_1"),
        ("sigv4a", "sigv4a", "Sigv4a"),
        ("cloudfront-js-1.0", "cloudfront_js_1_0", "CloudfrontJs1_0"),
        ("PriceClass_100", "price_class_100", "PriceClass100"),
        ("VERSION_1", "version_1", "Version1"),
        ("JIS_B4", "jis_b4", "JisB4"),
        ("us-east-1", "us_east_1", "UsEast1"),
        // Separators and all-caps enum values.
        ("API_KEY", "api_key", "ApiKey"),
        ("AUTHORIZATION_CODE_GRANT", "authorization_code_grant", "AuthorizationCodeGrant"),
        ("OAUTH2_CLIENT_CREDENTIALS", "oauth2_client_credentials", "Oauth2ClientCredentials"),
        ("IAM_AND_QUICKSIGHT", "iam_and_quicksight", "IamAndQuicksight"),
        ("PRIMARY_Y_AXIS", "primary_y_axis", "PrimaryYAxis"),
        ("S3_TABLES", "s3_tables", "S3Tables"),
        ("redirect-to-https", "redirect_to_https", "RedirectToHttps"),
        ("strict-origin-when-cross-origin", "strict_origin_when_cross_origin", "StrictOriginWhenCrossOrigin"),
        ("allViewerAndWhitelistCloudFront", "all_viewer_and_whitelist_cloud_front", "AllViewerAndWhitelistCloudFront"),
        // Ordinary names.
        ("CachePolicyConfig", "cache_policy_config", "CachePolicyConfig"),
        ("QueryStringCacheKeys", "query_string_cache_keys", "QueryStringCacheKeys"),
        ("LambdaFunctionAssociations", "lambda_function_associations", "LambdaFunctionAssociations"),
        ("ServerSideEncryptionConfiguration", "server_side_encryption_configuration", "ServerSideEncryptionConfiguration"),
        ("clientToken", "client_token", "ClientToken"),
        ("createdAt", "created_at", "CreatedAt"),
        ("kbCount", "kb_count", "KbCount"),
        ("Fraudster", "fraudster", "Fraudster"),
    ];

    fn is_ident(s: &str) -> bool {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    /// Checks source text from the `*_ident`/`module_name` functions: an
    /// identifier that is not a keyword, or a raw keyword.
    fn is_usable_ident(s: &str) -> bool {
        match s.strip_prefix("r#") {
            Some(kw) => RAW_KEYWORDS.contains(&kw),
            None => {
                is_ident(s)
                    && s != "_"
                    && !RAW_KEYWORDS.contains(&s)
                    && !NON_RAW_KEYWORDS.contains(&s)
            }
        }
    }

    /// Lowercased words, with a word that starts with a digit merged into a
    /// preceding word that ends in a letter: PascalCase cannot show that
    /// boundary ("PriceClass_100" -> "PriceClass100").
    fn normalized_words(s: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for word in split_words(s) {
            let word = word.to_ascii_lowercase();
            let starts_digit = word.starts_with(|c: char| c.is_ascii_digit());
            match out.last_mut() {
                Some(last) if starts_digit && last.ends_with(|c: char| c.is_ascii_alphabetic()) => {
                    last.push_str(&word)
                }
                _ => out.push(word),
            }
        }
        out
    }

    #[test]
    fn corpus_is_large_enough() {
        assert!(CORPUS.len() >= 80, "{}", CORPUS.len());
    }

    #[test]
    fn corpus_snake_and_pascal() {
        let mut failures = Vec::new();
        for &(name, snake, pascal) in CORPUS {
            let got = (to_snake_case(name), to_pascal_case(name));
            if got != (snake.to_string(), pascal.to_string()) {
                failures.push(format!("{name}: got {got:?}, want ({snake:?}, {pascal:?})"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn corpus_cases_agree_on_words() {
        for &(name, _, _) in CORPUS {
            let words: Vec<String> = split_words(name)
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect();
            let snake = to_snake_case(name);
            let pascal = to_pascal_case(name);
            // snake_case shows every boundary, PascalCase all but one kind.
            assert_eq!(snake.split('_').collect::<Vec<_>>(), words, "{name}");
            assert_eq!(
                normalized_words(&snake),
                normalized_words(&pascal),
                "{name}"
            );
            // Converting again changes nothing.
            assert_eq!(to_snake_case(&snake), snake, "{name}");
            assert_eq!(to_pascal_case(&snake), pascal, "{name}");
            assert_eq!(to_pascal_case(&pascal), pascal, "{name}");
            assert!(
                is_ident(&snake) && is_ident(&pascal),
                "{name}: {snake} {pascal}"
            );
            for ident in [field_ident(name), type_ident(name), module_name(name)] {
                assert!(is_usable_ident(&ident), "{name}: {ident}");
            }
        }
    }

    #[test]
    fn non_ascii_letters_are_transliterated_never_dropped() {
        assert_eq!(type_ident("Zürich"), "Zurich");
        assert_eq!(type_ident("GRÖSSE"), "Grosse");
        assert_eq!(type_ident("Größe"), "Grosse");
        assert_eq!(type_ident("東京"), "DongJing");
        assert_eq!(field_ident("naïve-café"), "naive_cafe");
        // A letter without a transliteration keeps its code point.
        let mut chunk = Vec::new();
        transliterate('\u{E000}', &mut chunk);
        assert_eq!(chunk.into_iter().collect::<String>(), "UE000");
        assert_eq!(type_ident("ÅLAND_ÖREBRO"), "AlandOrebro");
    }

    #[test]
    fn split_words_examples() {
        let cases: &[(&str, &[&str])] = &[
            (
                "TooManyDistributionCNAMEs",
                &["Too", "Many", "Distribution", "CNAMEs"],
            ),
            ("IAMConnection", &["IAM", "Connection"]),
            ("Ec2Instance", &["Ec2", "Instance"]),
            ("DynamoDBv2Action", &["Dynamo", "DB", "v2", "Action"]),
            ("S3Key", &["S3", "Key"]),
            ("ARNsList", &["ARNs", "List"]),
            ("IsS3Bucket", &["Is", "S3", "Bucket"]),
            ("VPCIpv6Pool", &["VPC", "Ipv6", "Pool"]),
            ("a.b c:d/e-f_g", &["a", "b", "c", "d", "e", "f", "g"]),
            ("__x__", &["x"]),
            ("", &[]),
        ];
        for &(name, want) in cases {
            assert_eq!(split_words(name), want, "{name}");
        }
    }

    #[test]
    fn plural_s_only_after_acronyms() {
        // A lowercase "s" after two or more capitals, then a capital or the
        // end, ends the acronym; anything else is an ordinary word.
        assert_eq!(split_words("CNAMEsAndIDs"), ["CNAMEs", "And", "IDs"]);
        assert_eq!(split_words("ARNs_list"), ["ARNs", "list"]);
        assert_eq!(split_words("AWSSecrets"), ["AWS", "Secrets"]);
        assert_eq!(split_words("APIStages"), ["API", "Stages"]);
        assert_eq!(split_words("SSLSupport"), ["SSL", "Support"]);
        assert_eq!(split_words("IsSettings"), ["Is", "Settings"]);
    }

    #[test]
    fn field_ident_escapes_keywords() {
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("Type"), "r#type");
        assert_eq!(field_ident("match"), "r#match");
        for kw in [
            "async", "await", "dyn", "try", "abstract", "gen", "yield", "box", "macro",
        ] {
            assert_eq!(field_ident(kw), format!("r#{kw}"));
        }
        for kw in RAW_KEYWORDS {
            assert_eq!(field_ident(kw), format!("r#{kw}"));
            assert_eq!(module_name(kw), format!("{kw}_"));
        }
        // Weak keywords are ordinary identifiers.
        assert_eq!(field_ident("union"), "union");
        assert_eq!(field_ident("TypeName"), "type_name");
    }

    #[test]
    fn non_raw_keywords_get_underscore() {
        for (name, want) in [
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
        ] {
            assert_eq!(field_ident(name), want);
            assert_eq!(module_name(name), want);
        }
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(type_ident("self"), "Self_");
        assert_eq!(type_ident("Super"), "Super");
        assert_eq!(type_ident("type"), "Type");
    }

    #[test]
    fn leading_digits_get_prefix() {
        assert_eq!(field_ident("2xx"), "n2xx");
        assert_eq!(module_name("2xx"), "n2xx");
        assert_eq!(type_ident("2xx"), "V2xx");
        assert_eq!(field_ident("1.0"), "n1_0");
        assert_eq!(type_ident("1.0"), "V1_0");
        assert_eq!(type_ident("-5xx"), "V5xx");
        // A capital after a digit starts a word, as in "Ec2Instance".
        assert_eq!(field_ident("5XX"), "n5_xx");
    }

    #[test]
    fn empty_and_symbol_names() {
        for name in ["", "_", "__", "-", "*.*", "  ", "\u{E000}", "\u{0}"] {
            assert_eq!(to_snake_case(name), "", "{name:?}");
            assert_eq!(to_pascal_case(name), "", "{name:?}");
            assert_eq!(field_ident(name), "unnamed", "{name:?}");
            assert_eq!(module_name(name), "unnamed", "{name:?}");
            assert_eq!(type_ident(name), "Unnamed", "{name:?}");
        }
        // Non-ASCII letters are transliterated in place.
        assert_eq!(to_snake_case("CaféBar"), "cafe_bar");
        assert_eq!(to_pascal_case("naïve"), "Naive");
    }

    #[test]
    fn module_names() {
        assert_eq!(module_name("CreateDistribution"), "create_distribution");
        assert_eq!(
            module_name("GetCloudFrontOriginAccessIdentity"),
            "get_cloud_front_origin_access_identity"
        );
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("mod"), "mod_");
        assert_eq!(module_name("Match"), "match_");
    }

    /// Arbitrary input, including non-ASCII, never panics and always gives
    /// usable identifiers.
    #[test]
    fn arbitrary_input_gives_valid_idents() {
        let alphabet: Vec<char> = "aAbBsSvVzZ019_-. :/#éÉßİ日\u{0}\u{200b}".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            // xorshift64: deterministic, no extra dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let name: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let snake = to_snake_case(&name);
            let pascal = to_pascal_case(&name);
            // Word agreement is only checked on the corpus: in arbitrary input,
            // adjacent one-letter words ("a_b" -> "AB") cannot survive PascalCase.
            assert_eq!(to_snake_case(&snake), snake, "{name:?}");
            assert_eq!(to_pascal_case(&snake), pascal, "{name:?}");
            for ident in [field_ident(&name), type_ident(&name), module_name(&name)] {
                assert!(is_usable_ident(&ident), "{name:?} -> {ident:?}");
            }
        }
    }
}
