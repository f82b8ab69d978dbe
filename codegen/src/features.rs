//! The `slimaws` cargo features a generated service needs beyond its own:
//! runtime parts that only some models use and that pull in dependencies
//! (so an application that does not need them does not compile them).

use crate::ir::{CompressionRule, HeaderRewrite, Member, Protocol, Service, ShapeKind};

/// The runtime features only a crate with a service that needs them
/// declares: smithy-rpc-v2-cbor (minicbor), the endpoint functions only
/// some rule sets call, request checksums (CRC32), flexible checksums
/// (SHA-1), S3's region redirects, SSE-C keys (MD5), bodies streamed as
/// they are sent or read, waiters (JMESPath, via `jmespath`).
pub const ON_DEMAND: &[&str] = &[
    "cbor",
    "endpoint-functions",
    "event-streams",
    "flexible-checksums",
    "request-checksums",
    "s3-redirects",
    "sse-c",
    "streaming",
    "waiters",
];

/// The runtime features `service`'s feature must enable, in a fixed order:
/// `cbor` for smithy-rpc-v2-cbor bodies, `compression` when an operation may
/// compress its request body, `endpoint-functions` when the rule set calls
/// a function beyond the common ones, `event-streams` when an output is an event
/// stream, `flexible-checksums` when one takes a
/// checksum algorithm or validates response checksums, `request-checksums`
/// when one requires a request checksum or takes an algorithm, `s3-redirects` for
/// S3 itself (its region redirects), `sse-c` when an input has an S3
/// customer key sent with its MD5, `streaming` when an operation's input or
/// output streams, `waiters` when one has a waiter.
pub fn runtime_features(service: &Service) -> Vec<&'static str> {
    let mut features = Vec::new();
    if service.metadata.protocol == Protocol::SmithyRpcV2Cbor {
        features.push("cbor");
    }
    if service
        .operations
        .values()
        .any(|op| service.compression_rule(op) != CompressionRule::Never)
    {
        features.push("compression");
    }
    if service
        .endpoint_rule_set
        .as_ref()
        .is_some_and(calls_extra_functions)
    {
        features.push("endpoint-functions");
    }
    if service
        .operations
        .values()
        .any(|op| service.event_stream_output(op).is_some())
    {
        features.push("event-streams");
    }
    let flexible = |op: &crate::ir::Operation| {
        let checksum = &op.http_checksum;
        checksum.request_algorithm_member.is_some()
            || checksum.request_validation_mode_member.is_some()
    };
    if service.operations.values().any(flexible) {
        features.push("flexible-checksums");
    }
    let checksummed = |op: &crate::ir::Operation| {
        op.request_checksum_required || op.http_checksum.request_algorithm_member.is_some()
    };
    if service.operations.values().any(checksummed) {
        features.push("request-checksums");
    }
    if service.metadata.service_id == "S3" {
        features.push("s3-redirects");
    }
    let sse_c = |m: &Member| {
        matches!(
            m.traits.header_rewrite,
            Some(HeaderRewrite::SseCustomerKey { .. })
        )
    };
    if service.shapes.values().any(|s| match &s.kind {
        ShapeKind::Structure(members) => members.iter().any(sse_c),
        _ => false,
    }) {
        features.push("sse-c");
    }
    let streams = |op: &crate::ir::Operation| {
        service.streaming_input(op).is_some() || service.output_streams(op)
    };
    if service.operations.values().any(streams) {
        features.push("streaming");
    }
    if service.operations.values().any(|op| !op.waiters.is_empty()) {
        features.push("waiters");
    }
    features
}

/// The rule-set functions of the runtime's `endpoint-functions` feature
/// (its `endpoint::rules::EXTRA_FUNCTIONS`; a test keeps the two alike).
const EXTRA_ENDPOINT_FUNCTIONS: &[&str] = &[
    "aws.isVirtualHostableS3Bucket",
    "aws.parseArn",
    "coalesce",
    "isValidHostLabel",
    "ite",
    "parseURL",
    "split",
    "substring",
    "uriEncode",
];

/// Whether a rule set (or any part of one) calls one of those functions.
fn calls_extra_functions(rules: &serde_json::Value) -> bool {
    use serde_json::Value;
    match rules {
        Value::Object(map) => {
            map.get("fn")
                .and_then(Value::as_str)
                .is_some_and(|f| EXTRA_ENDPOINT_FUNCTIONS.contains(&f))
                || map.values().any(calls_extra_functions)
        }
        Value::Array(items) => items.iter().any(calls_extra_functions),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// One operation `Put` with `requestcompression`, input `input`, and a
    /// blob shape `Body` (with `blob_traits`).
    fn service(input: Value, blob_traits: Value) -> Service {
        let mut blob = json!({"type": "blob"});
        blob.as_object_mut()
            .unwrap()
            .extend(blob_traits.as_object().unwrap().clone());
        let model = json!({
            "metadata": {"apiVersion": "2024-01-01", "protocol": "rest-json", "serviceId": "S"},
            "operations": {"Put": {"http": {"method": "PUT", "requestUri": "/"},
                "input": {"shape": "PutInput"}, "requestcompression": {"encodings": ["gzip"]}}},
            "shapes": {"PutInput": input, "Body": blob, "String": {"type": "string"}}
        });
        crate::load_model_json(std::path::Path::new("m.json"), "s", &model).unwrap()
    }

    fn rule(service: &Service) -> CompressionRule {
        service.compression_rule(&service.operations["Put"])
    }

    #[test]
    fn compression_follows_botocore_s_streaming_rule() {
        let members = json!({"Data": {"shape": "String"}, "Body": {"shape": "Body"}});
        let by_size = service(json!({"type": "structure", "members": members}), json!({}));
        assert_eq!(
            rule(&by_size),
            CompressionRule::BySize,
            "a blob in the body"
        );
        assert_eq!(runtime_features(&by_size), ["compression"]);
        let payload = json!({"type": "structure", "members": members, "payload": "Body"});
        let any_size = service(payload.clone(), json!({}));
        assert_eq!(rule(&any_size), CompressionRule::AnySize);
        let sized = service(payload, json!({"requiresLength": true}));
        assert_eq!(rule(&sized), CompressionRule::Never);
        assert!(runtime_features(&sized).is_empty());
    }

    #[test]
    fn endpoint_functions_only_for_rule_sets_that_call_them() {
        let basic = json!({"rules": [{"conditions": [
            {"fn": "aws.partition", "argv": [{"ref": "Region"}]}], "type": "tree", "rules": []}]});
        let arn = json!({"rules": [{"type": "tree", "rules": [{"conditions": [
            {"fn": "not", "argv": [{"fn": "aws.parseArn", "argv": [{"ref": "Arn"}]}]}]}]}]});
        assert!(!calls_extra_functions(&basic));
        assert!(calls_extra_functions(&arn));
        let mut service = service(json!({"type": "structure", "members": {}}), json!({}));
        service.endpoint_rule_set = Some(arn);
        assert!(runtime_features(&service).contains(&"endpoint-functions"));
        service.endpoint_rule_set = Some(basic);
        assert!(!runtime_features(&service).contains(&"endpoint-functions"));
    }

    /// The list the generator decides by is the runtime's.
    #[test]
    fn extra_endpoint_functions_are_the_runtimes() {
        let rules = include_str!("../runtime/src/endpoint/rules.rs");
        let start = rules.find("const EXTRA_FUNCTIONS").unwrap();
        let list = &rules[start..start + rules[start..].find("];").unwrap()];
        let names: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        assert_eq!(names, EXTRA_ENDPOINT_FUNCTIONS);
    }
}
