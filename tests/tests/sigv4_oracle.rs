//! SigV4 signatures against botocore's: every serialize case in
//! `data/oracle/serialize` is rebuilt as the request botocore sent (method,
//! URL, Host, the serializer's headers, body), signed with
//! `slimaws::runtime::sign_request` at the case's frozen time, and compared
//! header by header with botocore's `Authorization`, `X-Amz-Date` and
//! `X-Amz-Security-Token`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use slimaws::runtime::{bytes, http, sign_request, Credentials};

/// Headers botocore adds while or after signing; the request is rebuilt
/// without them (`Content-Length` stays: signing must ignore it).
const ADDED_BY_SIGNING_OR_LATER: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
];

fn cases() -> Vec<(String, Value, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/oracle/serialize");
    let mut outputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".output.json"))
        .collect();
    outputs.sort();
    outputs
        .into_iter()
        .map(|output| {
            let name = output
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(".output.json", "");
            let input = dir.join(format!("{name}.input.json"));
            let read = |p: &Path| -> Value {
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
            };
            (name, read(&input), read(&output))
        })
        .collect()
}

/// `2026-01-02T03:04:05Z` as a `SystemTime`.
fn parse_time(s: &str) -> SystemTime {
    let n = |range: std::ops::Range<usize>| s[range].parse::<i64>().unwrap();
    assert!(s.len() == 20 && s.ends_with('Z'), "unsupported time {s}");
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Days from civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19);
    UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).unwrap())
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn header<'a>(headers: &'a Value, name: &str) -> Option<&'a str> {
    headers
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str().unwrap())
}

/// The request botocore signed, before signing.
fn rebuild(output: &Value) -> http::Request<bytes::Bytes> {
    let body = match output["body_encoding"].as_str() {
        Some("base64") => base64_decode(output["body"].as_str().unwrap()),
        _ => output["body"].as_str().unwrap_or("").as_bytes().to_vec(),
    };
    assert_eq!(body.len() as u64, output["body_length"].as_u64().unwrap());
    let mut builder = http::Request::builder()
        .method(output["method"].as_str().unwrap())
        .uri(output["url"].as_str().unwrap());
    for pair in output["wire_headers"].as_array().unwrap() {
        let (name, value) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        if name.eq_ignore_ascii_case("host") {
            builder = builder.header(name, value);
        }
    }
    for (name, value) in output["headers"].as_object().unwrap() {
        if !ADDED_BY_SIGNING_OR_LATER.contains(&name.to_ascii_lowercase().as_str()) {
            builder = builder.header(name, value.as_str().unwrap());
        }
    }
    builder.body(bytes::Bytes::from(body)).unwrap()
}

#[test]
fn signatures_match_botocore() {
    let cases = cases();
    assert_eq!(cases.len(), 16, "every case file is read");
    let mut mismatches = Vec::new();
    let mut matched = 0;
    for (name, input, output) in &cases {
        assert_eq!(output["ok"], true, "{name}: the oracle signed this case");
        let signing = &output["signing"];
        let mut request = rebuild(output);
        let creds = Credentials::new(
            input["access_key"].as_str().unwrap(),
            input["secret_key"].as_str().unwrap(),
            input["session_token"].as_str().map(str::to_string),
            None,
            "oracle",
        );
        sign_request(
            &mut request,
            &creds,
            signing["signing_region"].as_str().unwrap(),
            signing["signing_name"].as_str().unwrap(),
            parse_time(input["time"].as_str().unwrap()),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));

        let expected = &output["headers"];
        let ours = |h: &str| request.headers().get(h).map(|v| v.to_str().unwrap());
        let signed: Vec<&str> = signing["signed_headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let auth = ours("authorization").unwrap_or("");
        let checks = [
            (
                "Authorization",
                ours("authorization"),
                header(expected, "Authorization"),
            ),
            (
                "X-Amz-Date",
                ours("x-amz-date"),
                header(expected, "X-Amz-Date"),
            ),
            (
                "X-Amz-Security-Token",
                ours("x-amz-security-token"),
                header(expected, "X-Amz-Security-Token"),
            ),
        ];
        let mut ok = auth.contains(&format!("SignedHeaders={},", signed.join(";")))
            && auth.ends_with(&format!(
                "Signature={}",
                signing["signature"].as_str().unwrap()
            ));
        for (what, got, want) in checks {
            if got != want {
                ok = false;
                mismatches.push(format!(
                    "{name}: {what}\n  ours:     {got:?}\n  botocore: {want:?}"
                ));
            }
        }
        if ok {
            matched += 1;
        } else if mismatches
            .last()
            .is_none_or(|m| !m.starts_with(name.as_str()))
        {
            mismatches.push(format!(
                "{name}: signed headers or signature differ: {auth}"
            ));
        }
    }
    println!("{matched} of {} signatures match botocore", cases.len());
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn oracle_times_parse() {
    let t = parse_time("2026-01-02T03:04:05Z");
    assert_eq!(
        t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
        1_767_323_045
    );
    assert_eq!(base64_decode("aGk/Pz4+"), b"hi??>>");
}
