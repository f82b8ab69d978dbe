//! `parseURL`: splits an http(s) URL into scheme, authority, path,
//! normalized path and whether the host is an IP literal. The splitting
//! follows Python's `urllib.parse.urlparse`, which botocore's implementation
//! (and so its test suites) rely on.

use std::net::Ipv6Addr;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

/// What Python's `quote(path)` leaves alone: unreserved characters and `/`.
const PATH_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The URL's parts, or `None` for URLs the rules engine does not accept:
/// a scheme other than http/https, a query, or an unusable port or host.
pub(crate) fn parse_url(value: &str) -> Option<Value> {
    let parts = split(value)?;
    if !matches!(parts.scheme.as_str(), "http" | "https") || !parts.query.is_empty() {
        return None;
    }
    let host = host_and_port(&parts.authority)?;
    let mut normalized = utf8_percent_encode(
        &crate::proto::encode::remove_dot_segments(&parts.path),
        PATH_SAFE,
    )
    .to_string();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let has_unsafe = value.contains(['\t', '\r', '\n']);
    let is_ip = is_ipv4(&host) || (!has_unsafe && is_ipv6_with_zone(&host));
    Some(json!({
        "scheme": parts.scheme,
        "authority": parts.authority,
        "path": parts.path,
        "normalizedPath": normalized,
        "isIp": is_ip,
    }))
}

struct Parts {
    scheme: String,
    authority: String,
    path: String,
    query: String,
}

/// `urlparse`: scheme, `//authority`, fragment, query, then `;params` off
/// the last path segment.
fn split(value: &str) -> Option<Parts> {
    let trimmed = value.trim_start_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut rest = cleaned.as_str();
    let mut scheme = String::new();
    if let Some(colon) = rest.find(':') {
        let candidate = &rest[..colon];
        let starts_alpha = candidate
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic());
        let scheme_chars = candidate
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if starts_alpha && scheme_chars {
            scheme = candidate.to_ascii_lowercase();
            rest = &rest[colon + 1..];
        }
    }
    let mut authority = "";
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        authority = &after[..end];
        rest = &after[end..];
    }
    if let Some(hash) = rest.find('#') {
        rest = &rest[..hash];
    }
    let mut query = "";
    if let Some(question) = rest.find('?') {
        query = &rest[question + 1..];
        rest = &rest[..question];
    }
    let path = strip_params(rest);
    Some(Parts {
        scheme,
        authority: authority.to_string(),
        path: path.to_string(),
        query: query.to_string(),
    })
}

/// Drops `;params` from the last path segment (http and https use them).
fn strip_params(path: &str) -> &str {
    let from = path.rfind('/').unwrap_or(0);
    match path[from..].find(';') {
        Some(semicolon) => &path[..from + semicolon],
        None => path,
    }
}

/// The lower-cased host of `authority` if its port (if any) is a valid
/// number and bracketed hosts are IPv6 literals; `None` otherwise.
fn host_and_port(authority: &str) -> Option<String> {
    let hostinfo = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if authority.contains('[') != authority.contains(']') {
        return None;
    }
    let (host, port) = match hostinfo.split_once('[') {
        Some((before, bracketed)) => {
            let (host, after) = bracketed.split_once(']')?;
            if !before.is_empty() || (!after.is_empty() && !after.starts_with(':')) {
                return None;
            }
            if !is_ipv6_with_zone(host) {
                return None;
            }
            (host, after.strip_prefix(':').unwrap_or(""))
        }
        None => hostinfo.split_once(':').unwrap_or((hostinfo, "")),
    };
    if !port.is_empty() {
        if !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Leading zeros are allowed; the value must fit 0..=65535.
        let digits = port.trim_start_matches('0');
        if digits.len() > 5 || digits.parse::<u32>().unwrap_or(0) > 65535 {
            return None;
        }
    }
    Some(match host.split_once('%') {
        Some((addr, zone)) => format!("{}%{zone}", addr.to_ascii_lowercase()),
        None => host.to_ascii_lowercase(),
    })
}

/// Four dot-separated groups of 1-3 digits (botocore's `IPV4_RE`).
pub(crate) fn is_ipv4(host: &str) -> bool {
    let groups: Vec<&str> = host.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// An IPv6 address, optionally with a `%zone` (or `%25zone`) suffix.
fn is_ipv6_with_zone(host: &str) -> bool {
    let (addr, zone) = match host.split_once('%') {
        Some((addr, zone)) => (addr, Some(zone.strip_prefix("25").unwrap_or(zone))),
        None => (host, None),
    };
    let zone_ok = zone.is_none_or(|z| {
        !z.is_empty()
            && z.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%'))
    });
    zone_ok && addr.parse::<Ipv6Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Value {
        parse_url(url).unwrap_or(Value::Null)
    }

    #[test]
    fn parses_hosts_ports_and_paths() {
        assert_eq!(
            parse("https://example.com"),
            json!({"scheme": "https", "authority": "example.com", "path": "",
                   "normalizedPath": "/", "isIp": false})
        );
        assert_eq!(
            parse("HTTP://Example.com:8443/a/b"),
            json!({"scheme": "http", "authority": "Example.com:8443", "path": "/a/b",
                   "normalizedPath": "/a/b/", "isIp": false})
        );
        let v = parse("https://user@example.com/foo/./bar/../baz//qux/");
        assert_eq!(v["authority"], "user@example.com");
        assert_eq!(v["path"], "/foo/./bar/../baz//qux/");
        assert_eq!(v["normalizedPath"], "/foo/baz/qux/");
        assert_eq!(
            parse("https://h/a b%20c")["normalizedPath"],
            "/a%20b%2520c/"
        );
        assert_eq!(parse("https://h/a;p")["path"], "/a");
        assert_eq!(parse("https://h/x#frag")["path"], "/x");
    }

    #[test]
    fn detects_ip_hosts() {
        assert_eq!(parse("http://127.0.0.1")["isIp"], true);
        assert_eq!(parse("http://127.0.0.1:80/x")["isIp"], true);
        assert_eq!(parse("http://999.1.1.1")["isIp"], true);
        assert_eq!(parse("http://1.2.3")["isIp"], false);
        assert_eq!(parse("https://[::1]:443/")["isIp"], true);
        assert_eq!(parse("https://[fe80::1%25eth0]")["isIp"], true);
        assert_eq!(parse("https://[2001:db8::1]")["authority"], "[2001:db8::1]");
        assert_eq!(parse("https://example.com")["isIp"], false);
    }

    #[test]
    fn rejects_unsupported_urls() {
        for url in [
            "",
            "example.com",
            "ftp://example.com",
            "https://example.com?x=1",
            "https://example.com:port",
            "https://example.com:70000",
            "https://example.com:-1",
            "https://[::1",
            "https://::1]",
            "https://[not-ip]",
            "https://x[::1]",
            "https://[::1]x",
            "https://[1.2.3.4]",
        ] {
            assert_eq!(parse_url(url), None, "{url}");
        }
        // An empty query or port counts as none, as in Python.
        assert_eq!(parse("https://example.com/?")["path"], "/");
        assert_eq!(parse("https://example.com:")["authority"], "example.com:");
    }
}
