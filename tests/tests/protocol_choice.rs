//! The protocol a service is spoken in, chosen as botocore 1.44.5's
//! `ServiceModel.resolved_protocol` chooses it: the first of
//! `PRIORITY_ORDERED_SUPPORTED_PROTOCOLS` (`json`, `rest-json`, `rest-xml`,
//! `smithy-rpc-v2-cbor`, `query`, `ec2`) that `metadata.protocols` lists,
//! else the legacy `metadata.protocol`.

use std::path::Path;

use serde_json::{json, Value};
use slimaws_codegen::ir::Protocol;
use slimaws_codegen::Error;

fn load(metadata: Value) -> Result<slimaws_codegen::ir::Service, Error> {
    let model = json!({"metadata": metadata, "operations": {}, "shapes": {}});
    slimaws_codegen::load_model_json(Path::new("service-2.json"), "svc", &model)
}

fn protocol(metadata: Value) -> Protocol {
    load(metadata).expect("model loads").metadata.protocol
}

#[test]
fn the_list_wins_over_the_legacy_protocol_in_botocores_order() {
    // CloudWatch in botocore 1.44.5: cbor first in the model, json chosen.
    let cloudwatch = json!({
        "protocol": "smithy-rpc-v2-cbor",
        "protocols": ["smithy-rpc-v2-cbor", "json", "query"],
        "jsonVersion": "1.0",
        "targetPrefix": "GraniteServiceVersion20100801",
    });
    assert_eq!(protocol(cloudwatch), Protocol::AwsJson1_0);
    let listed = |list: Value| json!({"protocol": "ec2", "protocols": list, "jsonVersion": "1.1"});
    assert_eq!(
        protocol(listed(json!(["query", "json"]))),
        Protocol::AwsJson1_1
    );
    assert_eq!(
        protocol(listed(json!(["query", "rest-xml"]))),
        Protocol::RestXml
    );
    assert_eq!(
        protocol(listed(json!(["ec2", "query"]))),
        Protocol::AwsQuery
    );
    assert_eq!(
        protocol(listed(json!(["rest-json", "rest-xml"]))),
        Protocol::RestJson1
    );
}

#[test]
fn an_absent_or_empty_list_falls_back_to_the_legacy_protocol() {
    assert_eq!(protocol(json!({"protocol": "query"})), Protocol::AwsQuery);
    assert_eq!(
        protocol(json!({"protocol": "rest-xml", "protocols": []})),
        Protocol::RestXml
    );
}

#[test]
fn a_list_of_protocols_botocore_does_not_speak_is_an_error_naming_them() {
    let err = load(json!({"protocol": "json", "protocols": ["smoke-signals", "carrier-pigeon"]}))
        .unwrap_err();
    assert!(matches!(err, Error::UnsupportedProtocol { .. }), "{err:?}");
    assert!(
        err.to_string().contains("smoke-signals, carrier-pigeon"),
        "{err}"
    );
    let err = load(json!({"protocol": "json", "protocols": "json"})).unwrap_err();
    assert!(
        err.to_string().contains("`protocols` must be a list"),
        "{err}"
    );
}

#[test]
fn cbor_is_chosen_before_query_and_when_alone() {
    let only = json!({"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor"]});
    assert_eq!(protocol(only), Protocol::SmithyRpcV2Cbor);
    let with_query = json!({"protocol": "query", "protocols": ["query", "smithy-rpc-v2-cbor"]});
    assert_eq!(protocol(with_query), Protocol::SmithyRpcV2Cbor);
}

#[test]
fn query_compatible_services_are_marked() {
    let svc = load(json!({"protocol": "json", "jsonVersion": "1.0", "awsQueryCompatible": {}}))
        .expect("model loads");
    assert!(svc.metadata.query_compatible);
    assert!(
        !load(json!({"protocol": "json"}))
            .unwrap()
            .metadata
            .query_compatible
    );
}
