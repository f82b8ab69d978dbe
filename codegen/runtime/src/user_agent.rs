//! Per-request identification headers: the `User-Agent` (in the SDKs'
//! `ua/2.1` format), the `amz-sdk-invocation-id` UUID, and inside Lambda the
//! invocation's trace id.

use super::ServiceSpec;

/// `slimaws/<version> ua/2.1 api/<service>#<api version> os/<os> md/arch#<arch>
/// lang/rust cfg/retry-mode#standard`.
pub(crate) fn user_agent(service: &ServiceSpec) -> String {
    let api: String = service
        .service_id
        .chars()
        .map(|c| match c {
            ' ' => '-',
            c if c.is_ascii_alphanumeric() || "!$%&'*+-.^_`|~".contains(c) => {
                c.to_ascii_lowercase()
            }
            _ => '_',
        })
        .collect();
    format!(
        "slimaws/{} ua/2.1 api/{api}#{} os/{} md/arch#{} lang/rust cfg/retry-mode#standard",
        env!("CARGO_PKG_VERSION"),
        token(service.api_version),
        std::env::consts::OS,
        std::env::consts::ARCH,
    )
}

/// Keeps header-token characters only (model strings are trusted, but a
/// header value must never break).
fn token(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .collect()
}

/// The `amz-sdk-invocation-id` of one call: a random UUID, made straight
/// into the header value (without a `String` in between: once per call).
pub(crate) fn invocation_id_header() -> http::HeaderValue {
    http::HeaderValue::from_bytes(&uuid_text())
        .unwrap_or_else(|_| http::HeaderValue::from_static("00000000-0000-4000-8000-000000000000"))
}

/// A random (version 4) UUID, lower-case hex in 8-4-4-4-12 groups.
pub(crate) fn random_uuid() -> String {
    // Hex digits and dashes are ASCII.
    String::from_utf8_lossy(&uuid_text()).into_owned()
}

fn uuid_text() -> [u8; 36] {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [b'-'; 36];
    let mut at = 0;
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            at += 1; // the `-` already there
        }
        text[at] = HEX[usize::from(b >> 4)];
        text[at + 1] = HEX[usize::from(b & 15)];
        at += 2;
    }
    text
}

/// Whether the process runs in AWS Lambda (`AWS_LAMBDA_FUNCTION_NAME` is
/// set): read once per client, so other processes pay nothing per call.
pub(crate) fn in_lambda() -> bool {
    std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some()
}

/// botocore's `add_recursion_detection_header`: inside Lambda, the
/// invocation's `_X_AMZN_TRACE_ID` (read per call: it changes with each
/// invocation) goes in `X-Amzn-Trace-Id` unless the request has one, so a
/// function that calls itself can be caught. Not signed.
pub(crate) fn add_trace_id(headers: &mut http::HeaderMap) {
    const TRACE_ID: &str = "x-amzn-trace-id";
    if headers.contains_key(TRACE_ID) {
        return;
    }
    if let Some(value) = std::env::var("_X_AMZN_TRACE_ID")
        .ok()
        .and_then(|t| trace_id_value(&t))
    {
        headers.insert(TRACE_ID, value);
    }
}

/// `quote(trace_id, safe='-=;:+&[]{}"\',')`; `None` when empty.
fn trace_id_value(trace_id: &str) -> Option<http::HeaderValue> {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEPT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'_')
        .remove(b'.')
        .remove(b'-')
        .remove(b'~')
        .remove(b'=')
        .remove(b';')
        .remove(b':')
        .remove(b'+')
        .remove(b'&')
        .remove(b'[')
        .remove(b']')
        .remove(b'{')
        .remove(b'}')
        .remove(b'"')
        .remove(b'\'')
        .remove(b',');
    if trace_id.is_empty() {
        return None;
    }
    let quoted = utf8_percent_encode(trace_id, KEPT).to_string();
    // Percent-encoded text is always a valid header value.
    http::HeaderValue::from_str(&quoted).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_ids_are_quoted_as_botocore_quotes_them() {
        let value = |t: &str| trace_id_value(t).map(|v| v.to_str().unwrap().to_string());
        let lambda = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        assert_eq!(value(lambda).as_deref(), Some(lambda));
        // Python's quote with the same safe characters.
        assert_eq!(
            value("a b\n\u{e9}/x?{}[]\"',").as_deref(),
            Some("a%20b%0A%C3%A9%2Fx%3F{}[]\"',")
        );
        assert_eq!(value(""), None);
    }
    use crate::Protocol;

    #[test]
    fn invocation_ids_are_uuid_v4() {
        let header = invocation_id_header();
        let a = header.to_str().unwrap();
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
        assert!(groups[2].starts_with('4'));
        assert!("89ab".contains(&groups[3][..1]));
        assert_ne!(header, invocation_id_header());
        assert_ne!(random_uuid(), random_uuid());
    }

    #[test]
    fn user_agent_names_the_service() {
        static SPEC: ServiceSpec = ServiceSpec {
            service_id: "Voice ID",
            signing_name: "voiceid",
            protocol: Protocol::AwsJson1_0,
            endpoint_rules: "",
            partitions: "",
            api_version: "2021-09-27",
            client_context_params: &[],
        };
        let ua = user_agent(&SPEC);
        assert!(ua.starts_with("slimaws/"), "{ua}");
        assert!(ua.contains(" api/voice-id#2021-09-27 "), "{ua}");
        assert!(http::HeaderValue::from_str(&ua).is_ok());
    }
}
