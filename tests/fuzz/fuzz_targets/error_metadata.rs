//! `slimaws::runtime::proto::errors::parse_error_metadata` and `request_id`,
//! the error-code readers of every protocol. The first line names the
//! protocol and the status (`awsQuery 400`); an unknown protocol name picks
//! one from its first byte.
#![no_main]

use slimaws::runtime::proto::errors::{parse_error_metadata, request_id};
use slimaws::runtime::Protocol;

const PROTOCOLS: [(&[u8], Protocol); 6] = [
    (b"restJson1", Protocol::RestJson1),
    (b"restXml", Protocol::RestXml),
    (b"awsJson1_0", Protocol::AwsJson1_0),
    (b"awsJson1_1", Protocol::AwsJson1_1),
    (b"awsQuery", Protocol::AwsQuery),
    (b"ec2Query", Protocol::Ec2Query),
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let r = slimaws_fuzz::response(data);
    let protocol = PROTOCOLS
        .iter()
        .find(|(name, _)| *name == r.tag)
        .map(|&(_, p)| p)
        .unwrap_or_else(|| {
            let pick = r.tag.first().copied().unwrap_or(0) as usize % PROTOCOLS.len();
            PROTOCOLS[pick].1
        });
    let meta = parse_error_metadata(protocol, r.status, &r.headers, r.body);
    assert_eq!(meta.status(), Some(r.status));
    for part in [meta.code(), meta.message(), meta.request_id()] {
        assert_ne!(part, Some(""), "empty strings are reported as None");
    }
    std::hint::black_box(request_id(&r.headers));
});
