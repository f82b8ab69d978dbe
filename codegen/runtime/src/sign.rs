//! SigV4 request signing, the canonical request built exactly as botocore
//! builds it, in one pass over our already-encoded request: `aws-sigv4`'s
//! request signer re-derives the signing key (four HMACs) and allocates per
//! header on every call, half the client-side cost of a call. The
//! cryptography is the RustCrypto `hmac` and `sha2` crates; `Signer` caches
//! the day's signing key, as AWS SDKs do.

use std::error::Error;
use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

use super::credentials::Credentials;
use hmac::{Hmac, KeyInit, Mac};
use http::{HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use super::proto::encode::remove_dot_segments;

/// Headers botocore never signs, because they are absent when it signs or
/// may change on the way (its `SIGNED_HEADERS_BLACKLIST` plus the ones added
/// after signing). Everything else present is signed.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
    "expect",
    "content-length",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
];

const SECURITY_TOKEN: &str = "x-amz-security-token";

/// The request could not be signed (a header value that is not text, an
/// unparsable URI, credentials that do not fit in a header).
#[derive(Debug)]
pub struct SigningError {
    source: Box<dyn Error + Send + Sync + 'static>,
}

impl SigningError {
    fn new(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        SigningError {
            source: source.into(),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot sign the request: {}", self.source)
    }
}

impl Error for SigningError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Signs `request` (absolute URI, final headers and body) for `service` in
/// `region` at `time`: adds `X-Amz-Date`, `X-Amz-Security-Token` when the
/// credentials have a session token, and `Authorization`. The signed
/// headers are `host` plus every header present except `User-Agent`,
/// `Content-Length`, `Expect`, `Transfer-Encoding`, `X-Amzn-Trace-Id` and
/// the `amz-sdk-*` headers (as botocore). No `x-amz-content-sha256`:
/// botocore sends it for S3 only ([`SigningRules::s3`]).
pub fn sign_request(
    request: &mut http::Request<bytes::Bytes>,
    creds: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    Signer::default().sign(request, creds, region, service, time)
}

/// How a request is signed beyond SigV4's fixed steps. By default (as
/// botocore's `SigV4Auth`) dot segments are removed from the path and it is
/// percent-encoded once more; an endpoint's auth scheme may turn either off
/// (`disableNormalizePath`, `disableDoubleEncoding`). botocore's
/// `S3SigV4Auth` signs the path as sent and adds `X-Amz-Content-SHA256`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningRules {
    pub normalize: bool,
    pub double_encode: bool,
    /// Send and sign `X-Amz-Content-SHA256`, the payload's hash.
    pub content_sha256_header: bool,
}

impl Default for SigningRules {
    fn default() -> Self {
        SigningRules {
            normalize: true,
            double_encode: true,
            content_sha256_header: false,
        }
    }
}

impl SigningRules {
    /// botocore's `S3SigV4Auth`, which signs for the S3 signing names.
    pub fn s3(double_encode: bool) -> Self {
        SigningRules {
            normalize: false,
            double_encode,
            content_sha256_header: true,
        }
    }
}

/// The signing names botocore signs with `S3SigV4Auth` (its `S3_SIGNING_NAMES`).
pub const S3_SIGNING_NAMES: [&str; 4] = ["s3", "s3-outposts", "s3-object-lambda", "s3express"];

/// Signs requests, reusing the derived signing key while the day, region,
/// service and credentials stay the same.
#[derive(Debug, Default)]
pub struct Signer {
    cache: Mutex<Option<CachedKey>>,
}

struct CachedKey {
    access_key: String,
    secret_key: String,
    date: String,
    region: String,
    service: String,
    /// HMAC-SHA256 keyed with the signing key, cloned per request: the
    /// key's inner and outer blocks are hashed once per day, not per call.
    mac: Hmac<Sha256>,
}

impl fmt::Debug for CachedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedKey")
            .field("date", &self.date)
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// As [`sign_request`], with the signing key cached.
    pub fn sign(
        &self,
        request: &mut http::Request<bytes::Bytes>,
        creds: &Credentials,
        region: &str,
        service: &str,
        time: SystemTime,
    ) -> Result<(), SigningError> {
        self.sign_with(
            request,
            creds,
            region,
            service,
            time,
            SigningRules::default(),
        )
    }

    /// As [`sign`](Self::sign), with the path canonicalized by `path`.
    pub fn sign_with(
        &self,
        request: &mut http::Request<bytes::Bytes>,
        creds: &Credentials,
        region: &str,
        service: &str,
        time: SystemTime,
        path: SigningRules,
    ) -> Result<(), SigningError> {
        let payload_hash = Hex::of(&Sha256::digest(request.body()));
        self.sign_payload(
            request,
            creds,
            region,
            service,
            time,
            path,
            payload_hash.as_str(),
        )
    }

    /// As [`sign_with`](Self::sign_with) for a request whose body travels
    /// apart from it (a stream): `payload_hash` is what the signature
    /// covers, the body's SHA-256 in hex or `UNSIGNED-PAYLOAD`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sign_payload(
        &self,
        request: &mut http::Request<bytes::Bytes>,
        creds: &Credentials,
        region: &str,
        service: &str,
        time: SystemTime,
        path: SigningRules,
        payload_hash: &str,
    ) -> Result<(), SigningError> {
        let amz_date = amz_date(time)?;
        let date = &amz_date[..8];
        ensure_host(request)?;
        let headers = request.headers_mut();
        headers.insert(
            HeaderName::from_static("x-amz-date"),
            HeaderValue::from_str(&amz_date).map_err(SigningError::new)?,
        );
        if path.content_sha256_header {
            headers.insert(
                HeaderName::from_static("x-amz-content-sha256"),
                HeaderValue::from_str(payload_hash).map_err(SigningError::new)?,
            );
        }
        if let Some(token) = creds.session_token() {
            let mut value = HeaderValue::from_str(token)
                .map_err(|_| SigningError::new("the session token is not a valid header value"))?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_static(SECURITY_TOKEN), value);
        }

        // Room for the whole canonical request, so it is built without
        // regrowing; kept under 1 KiB, where glibc's malloc switches to its
        // slower large-chunk path.
        let headers_len: usize = request
            .headers()
            .iter()
            .map(|(n, v)| n.as_str().len() * 2 + v.len() + 3)
            .sum();
        let uri_len = request
            .uri()
            .path_and_query()
            .map_or(1, |pq| pq.as_str().len());
        let estimate = 160 + uri_len * 3 + headers_len;
        let mut canonical = String::with_capacity(estimate.min(1000));
        let signed_headers = canonical_request(request, path, payload_hash, &mut canonical)?;
        let mut scope = String::with_capacity(date.len() + region.len() + service.len() + 16);
        for part in [date, "/", region, "/", service, "/aws4_request"] {
            scope.push_str(part);
        }
        let mut string_to_sign = String::with_capacity(160);
        string_to_sign.push_str("AWS4-HMAC-SHA256\n");
        string_to_sign.push_str(&amz_date);
        string_to_sign.push('\n');
        string_to_sign.push_str(&scope);
        string_to_sign.push('\n');
        push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));

        let mut authorization = String::with_capacity(256);
        authorization.push_str("AWS4-HMAC-SHA256 Credential=");
        authorization.push_str(creds.access_key_id());
        authorization.push('/');
        authorization.push_str(&scope);
        authorization.push_str(", SignedHeaders=");
        authorization.push_str(&signed_headers);
        authorization.push_str(", Signature=");
        let mut mac = self.keyed_mac(creds, date, region, service)?;
        mac.update(string_to_sign.as_bytes());
        push_hex(&mut authorization, &mac.finalize().into_bytes());
        let mut value = HeaderValue::from_str(&authorization)
            .map_err(|_| SigningError::new("the access key id is not a valid header value"))?;
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, value);
        Ok(())
    }

    /// Signs `request` in its query string instead of headers, as botocore's
    /// `SigV4QueryAuth` (`S3SigV4QueryAuth` under [`SigningRules::s3`]:
    /// `UNSIGNED-PAYLOAD`): the request's parameters, then `X-Amz-Algorithm`,
    /// `-Credential`, `-Date`, `-Expires`, `-SignedHeaders` and, with a
    /// session token, `-Security-Token`; `X-Amz-Signature` last. The body
    /// must already be empty (see `presign::take_form_params`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn presign(
        &self,
        request: &mut http::Request<bytes::Bytes>,
        params: Vec<(String, String)>,
        creds: &Credentials,
        region: &str,
        service: &str,
        time: SystemTime,
        expires_secs: u64,
        rules: SigningRules,
    ) -> Result<(), SigningError> {
        let amz_date = amz_date(time)?;
        let date = &amz_date[..8];
        ensure_host(request)?;
        let signed_headers = signed_header_names(request);
        let credential = format!(
            "{}/{date}/{region}/{service}/aws4_request",
            creds.access_key_id()
        );
        let expires = expires_secs.to_string();
        let mut auth = vec![
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", credential.as_str()),
            ("X-Amz-Date", amz_date.as_str()),
            ("X-Amz-Expires", expires.as_str()),
            ("X-Amz-SignedHeaders", signed_headers.as_str()),
        ];
        if let Some(token) = creds.session_token() {
            auth.push(("X-Amz-Security-Token", token));
        }
        let query = super::presign::presigned_query(request.uri().query(), params, &auth);
        set_query(request, &query)?;

        let empty = Hex::of(&Sha256::digest(b""));
        let payload = if rules.content_sha256_header {
            "UNSIGNED-PAYLOAD"
        } else {
            empty.as_str()
        };
        let mut canonical = String::with_capacity(512);
        canonical_request(request, rules, payload, &mut canonical)?;
        let mut string_to_sign = String::with_capacity(160);
        for part in [
            "AWS4-HMAC-SHA256\n",
            &amz_date,
            "\n",
            date,
            "/",
            region,
            "/",
            service,
        ] {
            string_to_sign.push_str(part);
        }
        string_to_sign.push_str("/aws4_request\n");
        push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));
        let mut mac = self.keyed_mac(creds, date, region, service)?;
        mac.update(string_to_sign.as_bytes());
        let signature = Hex::of(&mac.finalize().into_bytes());
        set_query(
            request,
            &format!("{query}&X-Amz-Signature={}", signature.as_str()),
        )
    }

    /// The day's keyed HMAC for these credentials, region and service.
    fn keyed_mac(
        &self,
        creds: &Credentials,
        date: &str,
        region: &str,
        service: &str,
    ) -> Result<Hmac<Sha256>, SigningError> {
        // A poisoned lock only means another signer panicked: the cache is still sound.
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cache.as_ref() {
            if c.date == date
                && c.region == region
                && c.service == service
                && c.access_key == creds.access_key_id()
                && c.secret_key == creds.secret_access_key()
            {
                return Ok(c.mac.clone());
            }
        }
        let key = signing_key(creds.secret_access_key(), date, region, service)?;
        let mac = hmac_of(&key)?;
        *cache = Some(CachedKey {
            access_key: creds.access_key_id().to_owned(),
            secret_key: creds.secret_access_key().to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            mac: mac.clone(),
        });
        Ok(mac)
    }
}

/// SigV4's signing key for a day (`date` is `YYYYMMDD`), region and
/// service: `AWS4` + the secret HMACs the date, whose result HMACs the
/// region, then the service, then `aws4_request`.
fn signing_key(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
) -> Result<[u8; 32], SigningError> {
    let mut key = hmac_sha256(format!("AWS4{secret}").as_bytes(), date)?;
    for part in [region, service, "aws4_request"] {
        key = hmac_sha256(&key, part)?;
    }
    Ok(key)
}

fn hmac_sha256(key: &[u8], data: &str) -> Result<[u8; 32], SigningError> {
    let mut mac = hmac_of(key)?;
    mac.update(data.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

fn hmac_of(key: &[u8]) -> Result<Hmac<Sha256>, SigningError> {
    // HMAC takes keys of any length: this never fails.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|e| SigningError::new(e.to_string()))
}

/// `YYYYMMDDTHHMMSSZ`.
fn amz_date(time: SystemTime) -> Result<String, SigningError> {
    let t = time::OffsetDateTime::from(time);
    if !(0..=9999).contains(&t.year()) {
        return Err(SigningError::new("the clock is outside years 0 to 9999"));
    }
    let (year, (month, day), (hour, minute, second)) =
        (t.year() as u32, (u8::from(t.month()), t.day()), t.to_hms());
    let two = |n: u8| [b'0' + n / 10, b'0' + n % 10];
    let text = [
        two((year / 100) as u8),
        two((year % 100) as u8),
        two(month),
        two(day),
        [b'T', b'0' + hour / 10],
        [b'0' + hour % 10, b'0' + minute / 10],
        [b'0' + minute % 10, b'0' + second / 10],
        [b'0' + second % 10, b'Z'],
    ];
    // Digits, `T` and `Z` are ASCII.
    Ok(text.iter().flatten().map(|&b| char::from(b)).collect())
}

/// Host is always signed; taken from the URI when not set yet.
fn ensure_host(request: &mut http::Request<bytes::Bytes>) -> Result<(), SigningError> {
    if !request.headers().contains_key(http::header::HOST) {
        if let Some(host) = host_of_uri(request.uri()) {
            let host = HeaderValue::from_str(&host).map_err(SigningError::new)?;
            request.headers_mut().insert(http::header::HOST, host);
        }
    }
    Ok(())
}

/// The names of the headers a signature covers, sorted and `;`-joined, as
/// the canonical request lists them.
fn signed_header_names(request: &http::Request<bytes::Bytes>) -> String {
    let mut names: Vec<&str> = request
        .headers()
        .keys()
        .map(HeaderName::as_str)
        .filter(|n| !UNSIGNED_HEADERS.contains(n))
        .collect();
    names.sort_unstable();
    names.dedup();
    names.join(";")
}

/// Replaces the request URI's query.
fn set_query(request: &mut http::Request<bytes::Bytes>, query: &str) -> Result<(), SigningError> {
    let mut parts = request.uri().clone().into_parts();
    let path = parts
        .path_and_query
        .as_ref()
        .map_or("/", |pq| pq.path())
        .to_string();
    let pq = format!("{path}?{query}");
    parts.path_and_query = Some(pq.parse().map_err(SigningError::new)?);
    *request.uri_mut() = http::Uri::from_parts(parts).map_err(SigningError::new)?;
    Ok(())
}

/// Writes botocore's canonical request into `out` and returns the signed
/// header names (`content-type;host;x-amz-date`).
fn canonical_request(
    request: &http::Request<bytes::Bytes>,
    rules: SigningRules,
    payload_hash: &str,
    out: &mut String,
) -> Result<String, SigningError> {
    out.push_str(request.method().as_str());
    out.push('\n');
    // By default the path, dot segments removed and encoded once more
    // (botocore `quote(normalize_url_path(path), safe='/~')`).
    let raw = request.uri().path();
    let path = if rules.normalize {
        remove_dot_segments(raw)
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    if rules.double_encode {
        encode_path(&path, out);
    } else {
        out.push_str(&path);
    }
    out.push('\n');
    if let Some(query) = request.uri().query() {
        let mut pairs: Vec<(&str, &str)> = query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect();
        pairs.sort_unstable();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
    }
    out.push('\n');

    // One pass over the headers, sorted by name; a stable sort keeps the
    // values of a repeated header in their order.
    let mut headers: Vec<(&str, &HeaderValue)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v))
        .filter(|(n, _)| !UNSIGNED_HEADERS.contains(n))
        .collect();
    headers.sort_by(|a, b| a.0.cmp(b.0));
    let mut signed = String::with_capacity(headers.len() * 16);
    let mut previous: Option<&str> = None;
    for (name, value) in &headers {
        let value = value
            .to_str()
            .map_err(|_| SigningError::new(format!("header {name} is not visible ASCII")))?;
        if previous == Some(*name) {
            out.push(',');
        } else {
            if previous.is_some() {
                out.push('\n');
                signed.push(';');
            }
            out.push_str(name);
            out.push(':');
            signed.push_str(name);
            previous = Some(name);
        }
        // Python's `' '.join(value.split())`: whitespace runs to one space,
        // trimmed; most values have no whitespace to fold.
        if value.bytes().any(|b| b.is_ascii_whitespace()) {
            for (j, word) in value.split_ascii_whitespace().enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                out.push_str(word);
            }
        } else {
            out.push_str(value);
        }
    }
    if previous.is_some() {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed);
    out.push('\n');
    out.push_str(payload_hash);
    Ok(signed)
}

/// Percent-encodes all but unreserved characters and `/`.
fn encode_path(path: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let unreserved =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/');
    if path.bytes().all(unreserved) {
        out.push_str(path);
        return;
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// Lower-case hex of a 32-byte digest (or shorter), appended in one copy.
fn push_hex(out: &mut String, bytes: &[u8]) {
    let text = Hex::of(bytes);
    out.push_str(text.as_str());
}

/// Lowercase hex of up to 32 bytes (a SHA-256 digest), on the stack.
pub(crate) struct Hex {
    text: [u8; 64],
    len: usize,
}

impl Hex {
    pub(crate) fn of(bytes: &[u8]) -> Hex {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 64];
        let n = bytes.len().min(32);
        for (i, b) in bytes[..n].iter().enumerate() {
            text[2 * i] = HEX[usize::from(b >> 4)];
            text[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        Hex { text, len: 2 * n }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Hex digits are ASCII.
        std::str::from_utf8(&self.text[..self.len]).unwrap_or_default()
    }
}

/// The `Host` value botocore signs and sends for a host and its `:port`
/// suffix (empty for the scheme's default port): the host in lower case, as
/// `urlsplit(url).hostname` gives it (`_host_from_url`, `auth.py`).
pub(crate) fn host_header(host: &str, port_suffix: &str) -> String {
    let mut value = String::with_capacity(host.len() + port_suffix.len());
    value.push_str(host);
    value.make_ascii_lowercase();
    value.push_str(port_suffix);
    value
}

/// [`host_header`] of a URI: its port only when not the scheme's default.
fn host_of_uri(uri: &http::Uri) -> Option<String> {
    let authority = uri.authority()?;
    let default = match uri.scheme_str() {
        Some("http") => Some(80),
        Some("https") => Some(443),
        _ => None,
    };
    let suffix = match authority.port_u16() {
        Some(port) if Some(port) != default => format!(":{port}"),
        _ => String::new(),
    };
    Some(host_header(authority.host(), &suffix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // The AWS SigV4 test suite's `post-x-www-form-urlencoded` case (no
    // session token, a content-type header).
    #[test]
    fn matches_the_aws_test_suite() {
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        );
        let mut request = http::Request::post("https://example.amazonaws.com/")
            .header("Host", "example.amazonaws.com")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("User-Agent", "not signed")
            .header("Content-Length", "8")
            .body(bytes::Bytes::from_static(b"Param1=value1"))
            .unwrap();
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 20150830T123600Z
        sign_request(&mut request, &creds, "us-east-1", "service", time).unwrap();
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        );
        assert!(request.headers()["authorization"].is_sensitive());
        assert_eq!(request.headers()["x-amz-date"], "20150830T123600Z");
    }

    /// The signing key of AWS's documentation ("Derive a signing key",
    /// SigV4 examples): IAM in us-east-1 on 2012-02-15.
    #[test]
    fn derives_the_documented_signing_key() {
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        )
        .unwrap();
        assert_eq!(
            Hex::of(&key).as_str(),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    /// The canonical path as botocore 1.44.5 writes it: `SigV4Auth`
    /// normalizes and encodes once more, `S3SigV4Auth` (S3's rule sets:
    /// `disableNormalizePath`, `disableDoubleEncoding`) keeps it as sent.
    #[test]
    fn signing_rules_give_botocores_canonical_paths() {
        let request = http::Request::get("https://b.s3.us-west-2.amazonaws.com/a%20b/./c%2Fd/../e")
            .body(bytes::Bytes::new())
            .unwrap();
        let path = |rules| {
            let mut out = String::new();
            canonical_request(&request, rules, "", &mut out).unwrap();
            out.lines().nth(1).unwrap_or_default().to_owned()
        };
        assert_eq!(path(SigningRules::default()), "/a%2520b/e");
        let s3 = SigningRules::s3(false);
        assert_eq!(path(s3), "/a%20b/./c%2Fd/../e");
    }

    /// botocore 1.44.5's S3 `ListObjectsV2` request for `my-bucket` in
    /// eu-west-1 (`botocore_oracle.py serialize`, `Prefix: a/b`, at
    /// 2026-01-02T03:04:05Z with the AWS documentation's example keys).
    #[test]
    fn s3_rules_send_and_sign_the_payload_hash() {
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        );
        let url = "https://my-bucket.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=a%2Fb&encoding-type=url";
        let mut request = http::Request::get(url).body(bytes::Bytes::new()).unwrap();
        let time = UNIX_EPOCH + std::time::Duration::from_secs(1_767_323_045);
        Signer::default()
            .sign_with(
                &mut request,
                &creds,
                "eu-west-1",
                "s3",
                time,
                SigningRules::s3(false),
            )
            .unwrap();
        assert_eq!(
            request.headers()["x-amz-content-sha256"],
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            request.headers()["authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/eu-west-1/s3/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date, \
             Signature=3a3d2d0128a70b005e3a7806c901bf19ed0cef2353e5826869259374c7ea788a"
        );
    }

    #[test]
    fn session_token_is_signed_and_sent() {
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test");
        let mut request = http::Request::get("https://example.amazonaws.com/?b=2&a=1")
            .body(bytes::Bytes::new())
            .unwrap();
        sign_request(&mut request, &creds, "eu-west-1", "svc", UNIX_EPOCH).unwrap();
        assert_eq!(request.headers()["x-amz-security-token"], "TOKEN");
        assert!(request.headers()["x-amz-security-token"].is_sensitive());
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert!(auth.contains("SignedHeaders=host;x-amz-date;x-amz-security-token"));
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_an_error() {
        let creds = Credentials::new("AKID", "SECRET", Some("a\nb".into()), None, "test");
        let mut request = http::Request::get("https://example.amazonaws.com/")
            .body(bytes::Bytes::new())
            .unwrap();
        let e = sign_request(&mut request, &creds, "eu-west-1", "svc", UNIX_EPOCH).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("a\nb"), "{e:?}");
    }
}
