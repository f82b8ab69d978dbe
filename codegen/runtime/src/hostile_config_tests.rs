//! Hostile configuration values from the environment and profile files: a
//! region that would name another host, and endpoint URLs with user
//! information, a query or a fragment, are errors naming their source
//! before any client exists. (`tests/tests/hostile_config.rs` sends them
//! through the generated clients of each protocol from the builder.)

use std::path::PathBuf;

use super::config::Env;
use super::profile::ProfileFiles;
use super::*;

/// Every shape of region that used to redirect a signed request.
const HOSTILE_REGIONS: [&str; 5] = [
    "us-east-1.evil.com#",
    "x@evil.com#",
    "evil.com:8443#",
    "evil.com/",
    "../",
];

const KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "AKID"),
    ("AWS_SECRET_ACCESS_KEY", "SECRET"),
];

fn files(config_text: &str) -> ProfileFiles {
    ProfileFiles::from_texts(
        PathBuf::from("/h/.aws/config"),
        Some(config_text),
        PathBuf::from("/h/.aws/credentials"),
        None,
    )
    .unwrap()
}

/// A region from the environment or a profile: `from_env` refuses it,
/// naming the variable or the file and line.
#[test]
fn hostile_regions_from_the_environment_and_profiles_are_refused() {
    for region in HOSTILE_REGIONS {
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            let mut env = vec![(variable, region)];
            env.extend(KEYS);
            let e = Config::from_sources(&Env::from_pairs(&env), &files(""))
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with(&format!("invalid region `{region}` ({variable})")),
                "{e}"
            );
        }
        let profile = format!("[default]\n# comment\nregion = {region}\n");
        let e = Config::from_sources(&Env::from_pairs(&KEYS), &files(&profile))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("(`region` of profile `default` (/h/.aws/config, line 3))"),
            "{e}"
        );
    }
}

/// Endpoint URLs with user information, a query or a fragment from the
/// environment fail the configuration; the password never shows.
#[test]
fn endpoint_urls_with_userinfo_query_or_fragment_from_the_environment_are_refused() {
    let cases = [
        ("https://user:hunter2@example.com", "user information"),
        ("https://example.com/?x=1", "a query"),
        ("https://example.com/#top", "a fragment"),
    ];
    for (url, why) in cases {
        let mut env = vec![("AWS_REGION", "us-east-1"), ("AWS_ENDPOINT_URL", url)];
        env.extend(KEYS);
        let e = Config::from_sources(&Env::from_pairs(&env), &files(""))
            .unwrap_err()
            .to_string();
        assert!(e.contains(why) && e.contains("(AWS_ENDPOINT_URL)"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
