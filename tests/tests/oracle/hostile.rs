//! Botocore's parse cases, damaged: every prefix of each body and thousands
//! of seeded byte edits go through the operation's deserializer. None may
//! panic (the example application aborts on panic), and a successful
//! response whose body was cut short must be a parse error, never an output
//! missing what was cut off.

use slimaws::runtime::http::{HeaderMap, HeaderValue};
use slimaws::runtime::ErrorKind;

use super::support::{parse_case, parse_case_names};

/// Bytes that matter to the JSON and XML readers and to UTF-8.
const AWKWARD: &[u8] = b"<>/\"'{}[]:,&;#=\\-+.eE0129 \n\x00\x7f\xc3\xa9\xe2\x82\xff";
const EDITS_PER_CASE: usize = 10_000;

/// What a deserializer made of a body: `None` for an output, else the kind
/// of its error when it is an unmodeled one.
type Outcome = Result<(), Option<ErrorKind>>;

/// An operation's `deserialize_response`, reduced to its outcome.
type Deserializer = fn(u16, &HeaderMap, &[u8]) -> Outcome;

macro_rules! deserializer {
    ($module:path, $error:ident) => {{
        use $module as op;
        |status: u16, headers: &HeaderMap, body: &[u8]| -> Outcome {
            match op::deserialize_response(status, headers, body) {
                Ok(_) => Ok(()),
                Err(op::$error::Unhandled(e)) => Err(Some(e.kind())),
                Err(_) => Err(None),
            }
        }
    }};
}

fn deserializer_for(case: &str) -> Deserializer {
    use slimaws::{cloudfront, events, lambda, logs, quicksight, route53, voice_id};
    let by_prefix: [(&str, Deserializer); 9] = [
        (
            "cloudfront_update_key_group_",
            deserializer!(cloudfront::operation::update_key_group, UpdateKeyGroupError),
        ),
        (
            "quicksight_update_key_registration_",
            deserializer!(
                quicksight::operation::update_key_registration,
                UpdateKeyRegistrationError
            ),
        ),
        (
            "quicksight_update_action_connector_",
            deserializer!(
                quicksight::operation::update_action_connector,
                UpdateActionConnectorError
            ),
        ),
        (
            "quicksight_update_self_upgrade_",
            deserializer!(
                quicksight::operation::update_self_upgrade,
                UpdateSelfUpgradeError
            ),
        ),
        (
            "voiceid_update_domain_",
            deserializer!(voice_id::operation::update_domain, UpdateDomainError),
        ),
        (
            "lambda_invoke_",
            deserializer!(lambda::operation::invoke, InvokeError),
        ),
        (
            "logs_put_log_events_",
            deserializer!(logs::operation::put_log_events, PutLogEventsError),
        ),
        (
            "events_put_events_",
            deserializer!(events::operation::put_events, PutEventsError),
        ),
        (
            "route53_get_change",
            deserializer!(route53::operation::get_change, GetChangeError),
        ),
    ];
    by_prefix
        .into_iter()
        .find(|(prefix, _)| case.starts_with(prefix))
        .map(|(_, deserialize)| deserialize)
        .unwrap_or_else(|| panic!("no operation for parse case {case}"))
}

/// Operations whose successful output's payload is a blob (Lambda's
/// `Payload`), which no document structure bounds.
const RAW_PAYLOADS: &[&str] = &["lambda_invoke_"];

fn cases() -> Vec<String> {
    let names = parse_case_names();
    assert!(names.len() >= 15, "parse cases missing: {names:?}");
    names
}

#[test]
fn every_prefix_of_a_successful_body_is_a_parse_error_or_the_whole() {
    let mut checked = 0;
    for case in cases() {
        let (status, headers, body) = parse_case(&case);
        let deserialize = deserializer_for(&case);
        let whole = deserialize(status, &headers, &body);
        let significant = body.trim_ascii_end().len();
        for cut in 0..body.len() {
            let prefix = &body[..cut];
            let outcome = deserialize(status, &headers, prefix);
            // An empty (or blank) body is botocore's "no members"; a prefix
            // that only lacks trailing whitespace is the whole document.
            if prefix.trim_ascii().is_empty() || cut >= significant {
                continue;
            }
            if whole.is_ok() && RAW_PAYLOADS.iter().any(|p| case.starts_with(p)) {
                // The payload is the bytes themselves: any prefix is one.
                assert_eq!(outcome, Ok(()), "{case}: cut to {cut}");
            } else if whole.is_ok() {
                assert_eq!(
                    outcome,
                    Err(Some(ErrorKind::Response)),
                    "{case}: the body cut to {cut} of {} bytes was not a parse error",
                    body.len()
                );
                checked += 1;
            } else {
                assert!(
                    outcome.is_err(),
                    "{case}: an error status parsed as an output"
                );
            }
        }
    }
    assert!(
        checked > 1000,
        "only {checked} prefixes of successful bodies checked"
    );
}

#[test]
fn edited_bodies_never_panic() {
    let mut rng = fastrand::Rng::with_seed(0x5117_a3e5);
    for case in cases() {
        let (status, headers, body) = parse_case(&case);
        let deserialize = deserializer_for(&case);
        for _ in 0..EDITS_PER_CASE {
            let mut edited = body.clone();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(0..=edited.len());
                let byte = AWKWARD[rng.usize(0..AWKWARD.len())];
                match rng.u8(0..3) {
                    0 if at < edited.len() => edited[at] = byte,
                    1 if at < edited.len() => {
                        edited.remove(at);
                    }
                    _ => edited.insert(at, byte),
                }
            }
            // The outcome may be anything but a panic, which fails the test.
            let _ = deserialize(status, &headers, &edited);
        }
    }
}

#[test]
fn awkward_header_values_never_panic() {
    let awkward: [&[u8]; 12] = [
        b"",
        b" ",
        b":",
        b"#",
        b"a#b:c",
        b"::#:",
        b"\xff\xfe",
        b"caf\xc3\xa9",
        b"2026-13-45T99:99:99Z",
        b"Tue, 32 Foo 2026 25:61:61 GMT",
        b"-1",
        b"18446744073709551616",
    ];
    let mut outcomes = 0;
    for case in cases() {
        let (status, headers, body) = parse_case(&case);
        let deserialize = deserializer_for(&case);
        let names: Vec<_> = headers.keys().cloned().collect();
        for name in names {
            for value in awkward {
                let mut edited = headers.clone();
                edited.insert(name.clone(), HeaderValue::from_bytes(value).unwrap());
                let _ = deserialize(status, &edited, &body);
                outcomes += 1;
            }
        }
    }
    assert!(outcomes > 100, "only {outcomes} header edits tried");
}
