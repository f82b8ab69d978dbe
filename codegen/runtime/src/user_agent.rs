//! Per-request identification headers: the `User-Agent` (in the SDKs'
//! `ua/2.1` format) and the `amz-sdk-invocation-id` UUID.

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

#[cfg(test)]
mod tests {
    use super::*;
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
