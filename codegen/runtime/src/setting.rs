//! Where a configuration value came from, and the checks that untrusted
//! values (a region, an endpoint URL) pass before they can reach a URL.
//!
//! A region ends up inside the endpoint's host name (`{Region}` in the rule
//! set's templates), so a value such as `us-east-1.evil.com#` would send
//! signed requests to another host. Every region is checked as botocore's
//! `validate_region_name` checks it, where it is read and again when the
//! endpoint is resolved; errors name the value's source and never repeat
//! control characters.

use std::fmt;
use std::path::PathBuf;

/// The origin of a setting, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// A `ConfigBuilder` method, by name (`ConfigBuilder::region`).
    Builder(&'static str),
    /// An environment variable, by name.
    Env(String),
    /// A key of a profile in a shared config or credentials file.
    Profile {
        key: String,
        profile: String,
        path: PathBuf,
        line: usize,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Builder(method) => f.write_str(method),
            Source::Env(variable) => f.write_str(variable),
            Source::Profile {
                key,
                profile,
                path,
                line,
            } => write!(
                f,
                "`{key}` of profile `{profile}` ({}, line {line})",
                path.display()
            ),
        }
    }
}

/// A value as it may be shown in an error: at most 64 characters, with
/// control characters (CR, LF, escape sequences) written as escapes.
pub(crate) fn shown(value: &str) -> String {
    const LIMIT: usize = 64;
    let mut out: String = value
        .chars()
        .take(LIMIT)
        .flat_map(char::escape_debug)
        .collect();
    if value.chars().nth(LIMIT).is_some() {
        out.push_str("...");
    }
    out
}

/// A region and where it was set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Region {
    pub name: String,
    pub source: Source,
}

impl Region {
    /// The region, if botocore would accept it (see [`is_valid_region`]).
    pub fn checked(name: &str, source: Source) -> Result<Region, String> {
        let region = Region {
            name: name.to_string(),
            source,
        };
        region.check()?;
        Ok(region)
    }

    /// Fails, naming the source, when the name is not a valid region.
    pub fn check(&self) -> Result<(), String> {
        if is_valid_region(&self.name) {
            return Ok(());
        }
        Err(format!(
            "invalid region `{}` ({}): a region is a host label (letters, \
             digits and `-`, at most 63 characters, not all digits, not \
             starting or ending with `-`)",
            shown(&self.name),
            self.source
        ))
    }
}

/// botocore's `validate_region_name` (`utils.py`): a host label of ASCII
/// letters, digits and `-`, 1 to 63 characters, not all digits, neither
/// starting nor ending with `-`. (botocore's pattern also admits the empty
/// string, which configuration treats as unset, and, through Python's `$`,
/// a trailing newline, which this rejects.)
pub(crate) fn is_valid_region(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && !bytes.iter().all(u8::is_ascii_digit)
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// An endpoint URL set by the user (`endpoint_url`, `AWS_ENDPOINT_URL`...)
/// and where it was set. Its `Debug` hides any user information
/// (`https://user:secret@host`), which is never sent either.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct EndpointUrl {
    pub url: String,
    pub source: Source,
}

impl fmt::Debug for EndpointUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EndpointUrl")
            .field("url", &without_userinfo(&self.url))
            .field("source", &self.source)
            .finish()
    }
}

impl EndpointUrl {
    pub fn new(url: impl Into<String>, source: Source) -> EndpointUrl {
        EndpointUrl {
            url: url.into(),
            source,
        }
    }

    /// Fails, naming the source, unless the URL is `http(s)://host[:port][/path]`:
    /// no user information, query or fragment (botocore would drop or
    /// mangle them; here they are mistakes to report), no control
    /// characters or spaces.
    pub fn check(&self) -> Result<(), String> {
        let fail = |why: &str| {
            Err(format!(
                "endpoint URL `{}` ({}) {why}",
                shown(&without_userinfo(&self.url)),
                self.source
            ))
        };
        let url = self.url.as_str();
        let Some((scheme, rest)) = url.split_once("://") else {
            return fail("needs a scheme: `https://host` or `http://host`");
        };
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return fail("is neither http nor https");
        }
        if url.chars().any(|c| c.is_control() || c == ' ') {
            return fail("contains spaces or control characters");
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return fail("has user information (`user:password@`); put credentials in the credentials settings");
        }
        if authority.is_empty() {
            return fail("has no host");
        }
        if rest.contains('?') {
            return fail("has a query (`?...`), which an endpoint cannot carry");
        }
        if rest.contains('#') {
            return fail("has a fragment (`#...`), which an endpoint cannot carry");
        }
        Ok(())
    }
}

/// The URL with any `user:password@` of its authority replaced by `***@`.
pub(crate) fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_as_botocore_validates_them() {
        // Answers of botocore 1.44.5's `validate_region_name` for each value,
        // but for `us-east-1\n`: Python's `$` also matches before a final
        // newline, so botocore takes it; a line break never belongs in a host.
        for good in [
            "us-east-1",
            "eu-west-2",
            "aws-global",
            "us-gov-west-1",
            "a",
            "A1",
            "1a",
            "local",
        ] {
            assert!(is_valid_region(good), "{good}");
        }
        let long = "a".repeat(64);
        for bad in [
            "",
            "us-east-1.evil.com#",
            "x@evil.com#",
            "evil.com:8443#",
            "evil.com/",
            "../",
            "-us",
            "us-",
            "123",
            "us east",
            "us_east_1",
            "us-east-1\n",
            "r\u{e9}gion",
            long.as_str(),
        ] {
            assert!(!is_valid_region(bad), "{bad:?}");
        }
        assert!(is_valid_region(&"a".repeat(63)));
    }

    #[test]
    fn errors_name_the_source_and_never_echo_control_characters() {
        let e = Region::checked(
            "us-east-1\r\nX-Injected: 1",
            Source::Env("AWS_REGION".into()),
        )
        .unwrap_err();
        assert!(
            e.starts_with("invalid region `us-east-1\\r\\nX-Injected: 1` (AWS_REGION)"),
            "{e}"
        );
        assert!(!e.contains(['\r', '\n']), "{e:?}");
        let profile = Source::Profile {
            key: "region".into(),
            profile: "dev".into(),
            path: "/h/.aws/config".into(),
            line: 7,
        };
        let e = Region::checked("evil.com/", profile).unwrap_err();
        assert!(
            e.contains("(`region` of profile `dev` (/h/.aws/config, line 7))"),
            "{e}"
        );
        assert_eq!(shown(&"b".repeat(70)), format!("{}...", "b".repeat(64)));
        assert_eq!(shown("\u{1b}[31m"), "\\u{1b}[31m");
    }

    #[test]
    fn endpoint_urls_without_userinfo_query_or_fragment() {
        let check =
            |url: &str| EndpointUrl::new(url, Source::Env("AWS_ENDPOINT_URL".into())).check();
        for good in [
            "https://example.com",
            "http://127.0.0.1:4566",
            "https://example.com:443/base/path",
            "HTTP://LOCALHOST:80",
            "http://[::1]:8080/",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        let cases = [
            ("https://user:secret@example.com/", "user information"),
            ("https://example.com/?x=1", "a query"),
            ("https://example.com#frag", "a fragment"),
            ("ftp://example.com", "neither http nor https"),
            ("example.com", "needs a scheme"),
            ("https://", "no host"),
            ("https://exa mple.com", "spaces or control"),
            ("https://example.com\r\nX: y", "spaces or control"),
        ];
        for (url, why) in cases {
            let e = check(url).unwrap_err();
            assert!(
                e.contains(why) && e.contains("(AWS_ENDPOINT_URL)"),
                "{url}: {e}"
            );
            assert!(!e.contains("secret") && !e.contains(['\r', '\n']), "{e:?}");
        }
        let e = check("https://user:secret@example.com/").unwrap_err();
        assert!(
            e.starts_with("endpoint URL `https://***@example.com/`"),
            "{e}"
        );
        let url = EndpointUrl::new(
            "https://u:pw@h:1/p@q",
            Source::Builder("ConfigBuilder::endpoint_url"),
        );
        let debug = format!("{url:?}");
        assert!(
            debug.contains("https://***@h:1/p@q") && !debug.contains("pw"),
            "{debug}"
        );
    }
}
