//! The botocore conventions the Smithy loader reproduces that the golden
//! fixtures (hand-written botocore models) do not reach.

use std::path::Path;

use serde_json::{json, Value};

use crate::ir::*;

fn load(shapes: Value) -> Service {
    let model = json!({"smithy": "2.0", "shapes": shapes});
    super::load(Path::new("t.json"), "t", &model).unwrap_or_else(|e| panic!("{e}"))
}

fn members(service: &Service, shape: &str) -> Vec<Member> {
    service.shapes[shape]
        .kind
        .members()
        .into_iter()
        .cloned()
        .collect()
}

/// A restXml service like CloudFront: its namespace goes on the structure
/// payload of inputs, or on the root element of an input that is all body.
#[test]
fn rest_xml_namespaces_follow_botocore() {
    let s = load(json!({
        "ns#Svc": {"type": "service", "version": "1",
            "operations": [{"target": "ns#Put"}, {"target": "ns#Change"}],
            "traits": {"aws.protocols#restXml": {},
                       "smithy.api#xmlNamespace": {"uri": "http://example.com/doc/"}}},
        "ns#Put": {"type": "operation", "input": {"target": "ns#PutRequest"},
            "output": {"target": "ns#PutResult"}},
        "ns#PutRequest": {"type": "structure", "members": {
            "Config": {"target": "ns#Config",
                "traits": {"smithy.api#httpPayload": {}, "smithy.api#xmlName": "Config"}},
            "Id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}}}}},
        "ns#PutResult": {"type": "structure", "members": {
            "Config": {"target": "ns#Config", "traits": {"smithy.api#httpPayload": {}}}}},
        "ns#Change": {"type": "operation", "input": {"target": "ns#ChangeRequest"}},
        "ns#ChangeRequest": {"type": "structure", "members": {
            "Comment": {"target": "smithy.api#String"}}},
        "ns#Config": {"type": "structure", "members": {}}
    }));
    let ns = Some(XmlNamespace {
        uri: "http://example.com/doc/".into(),
        prefix: None,
    });
    let put = members(&s, "PutRequest");
    assert_eq!(put[0].traits.xml_namespace, ns);
    assert_eq!(put[0].traits.location_name.as_deref(), Some("Config"));
    assert_eq!(put[1].traits.location, Location::Uri);
    assert_eq!(put[1].traits.location_name.as_deref(), Some("Id"));
    assert_eq!(members(&s, "PutResult")[0].traits.xml_namespace, None);
    assert_eq!(s.operations["Put"].input_xml_name, None);
    let change = &s.operations["Change"];
    assert_eq!(change.input_xml_name.as_deref(), Some("ChangeRequest"));
    assert_eq!(change.input_xml_namespace, ns);
    // botocore keeps a restXml namespace out of the metadata.
    assert_eq!(s.metadata.xml_namespace, None);
}

#[test]
fn mixins_come_first_and_local_traits_win() {
    let s = load(json!({
        "ns#Svc": {"type": "service", "operations": [{"target": "ns#Op"}],
            "traits": {"aws.protocols#restJson1": {}}},
        "ns#Op": {"type": "operation", "input": {"target": "ns#In"}},
        "ns#Base": {"type": "structure", "members": {
                "A": {"target": "smithy.api#String",
                      "traits": {"smithy.api#documentation": "mixin"}},
                "B": {"target": "smithy.api#Integer"}},
            "traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#deprecated"]},
                       "smithy.api#documentation": "base", "smithy.api#sensitive": {},
                       "smithy.api#deprecated": {}}},
        "ns#In": {"type": "structure", "mixins": [{"target": "ns#Base"}], "members": {
                "A": {"target": "smithy.api#String",
                      "traits": {"smithy.api#documentation": "local"}},
                "C": {"target": "smithy.api#Long"}},
            "traits": {"smithy.api#documentation": "in"}}
    }));
    assert!(!s.shapes.contains_key("Base"), "mixins are not emitted");
    let shape = &s.shapes["In"];
    let names: Vec<_> = members(&s, "In").into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["A", "B", "C"]);
    assert_eq!(
        members(&s, "In")[0].traits.documentation.as_deref(),
        Some("local")
    );
    assert_eq!(shape.traits.documentation.as_deref(), Some("in"));
    assert!(shape.traits.sensitive);
    assert_eq!(shape.traits.deprecated, None, "a local trait of the mixin");
    assert_eq!(s.shapes["Long"].kind, ShapeKind::Long);
}

/// Operations come from the service, its resources and their resources;
/// service-wide errors are appended to every operation's own.
#[test]
fn operations_through_resources_and_service_errors() {
    let s = load(json!({
        "ns#Svc": {"type": "service", "resources": [{"target": "ns#Outer"}],
            "errors": [{"target": "ns#Oops"}],
            "traits": {"aws.protocols#awsJson1_1": {}, "aws.api#service": {"sdkId": "S"},
                       "aws.auth#sigv4": {"name": "signer"}}},
        "ns#Outer": {"type": "resource", "read": {"target": "ns#Get"},
            "collectionOperations": [{"target": "ns#Batch"}],
            "resources": [{"target": "ns#Inner"}]},
        "ns#Inner": {"type": "resource", "list": {"target": "ns#List"},
            "operations": [{"target": "ns#Get"}]},
        "ns#Get": {"type": "operation", "errors": [{"target": "ns#Missing"}]},
        "ns#Batch": {"type": "operation"},
        "ns#List": {"type": "operation", "traits": {"smithy.api#readonly": {}}},
        "ns#Missing": {"type": "structure", "members": {},
            "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}},
        "ns#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "server"}}
    }));
    let names: Vec<_> = s.operations.keys().cloned().collect();
    assert_eq!(names, ["Batch", "Get", "List"]);
    assert_eq!(s.operations["Get"].errors, ["Missing", "Oops"]);
    assert_eq!(s.operations["Batch"].errors, ["Oops"]);
    assert_eq!(s.operations["Get"].http.request_uri, "/");
    let m = &s.metadata;
    assert_eq!(
        (m.target_prefix.as_deref(), m.json_version.as_deref()),
        (Some("Svc"), Some("1.1"))
    );
    assert_eq!(
        (m.endpoint_prefix.as_str(), m.signing_name.as_str()),
        ("svc", "signer")
    );
    // botocore drops `httpError` for awsJson services.
    assert_eq!(
        s.shapes["Missing"]
            .traits
            .error
            .as_ref()
            .unwrap()
            .http_status,
        None
    );
}

/// A member with its own length gets a copy of its target, named as botocore
/// names it (`{Container}{Member}{Type}`).
#[test]
fn member_constraints_make_a_shape() {
    let s = load(json!({
        "ns#Svc": {"type": "service", "operations": [{"target": "ns#Op"}],
            "traits": {"aws.protocols#restJson1": {}}},
        "ns#Op": {"type": "operation", "input": {"target": "ns#In"}},
        "ns#In": {"type": "structure", "members": {
            "Token": {"target": "ns#Text", "traits": {"smithy.api#length": {"min": 1, "max": 128}}},
            "Ids": {"target": "ns#IdList", "traits": {"smithy.api#length": {"max": 10}}}}},
        "ns#Text": {"type": "string", "traits": {"smithy.api#pattern": "^a"}},
        "ns#IdList": {"type": "list", "member": {"target": "ns#Text"}}
    }));
    let m = members(&s, "In");
    assert_eq!(m[0].target, "InTokenString");
    assert_eq!(m[1].target, "InIdsList");
    let token = &s.shapes["InTokenString"].traits;
    assert_eq!(
        (token.min, token.max, token.pattern.as_deref()),
        (Some(1.0), Some(128.0), Some("^a"))
    );
    assert_eq!(s.shapes["InIdsList"].traits.max, Some(10.0));
    assert!(matches!(s.shapes["InIdsList"].kind, ShapeKind::List(_)));
}

#[test]
fn bindings_rules_and_renames() {
    let s = load(json!({
        "ns#Svc": {"type": "service", "operations": [{"target": "ns#Op"}],
            "rename": {"other#Thing": "OtherThing"},
            "traits": {"aws.protocols#restJson1": {},
                "smithy.rules#clientContextParams": {"Accelerate": {"type": "boolean",
                    "documentation": "fast"}},
                "smithy.rules#endpointRuleSet": {"version": "1.0",
                    "parameters": {"Region": {"type": "String"}, "Ids": {"type": "StringArray"}},
                    "rules": []}}},
        "ns#Op": {"type": "operation", "input": {"target": "ns#In"},
            "traits": {"smithy.api#http": {"method": "PUT", "uri": "/{Bucket}", "code": 201},
                "smithy.api#endpoint": {"hostPrefix": "{AccountId}."},
                "smithy.rules#staticContextParams": {"UseS3ExpressControlEndpoint": {"value": true}},
                "smithy.api#requestCompression": {"encodings": ["gzip", "br"]},
                "aws.protocols#httpChecksum": {"requestChecksumRequired": true},
                "smithy.api#idempotent": {}}},
        "ns#In": {"type": "structure", "members": {
            "Bucket": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {},
                "smithy.rules#contextParam": {"name": "Bucket"}}},
            "AccountId": {"target": "smithy.api#String", "traits": {"smithy.api#hostLabel": {},
                "smithy.api#httpHeader": "x-account"}},
            "Meta": {"target": "ns#Meta", "traits": {"smithy.api#httpPrefixHeaders": "x-meta-"}},
            "Params": {"target": "ns#Meta", "traits": {"smithy.api#httpQueryParams": {}}},
            "Policy": {"target": "ns#Json", "traits": {"smithy.api#httpHeader": "x-policy"}},
            "When": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#jsonName": "when",
                "smithy.api#timestampFormat": "epoch-seconds"}},
            "Token": {"target": "smithy.api#String", "traits": {"smithy.api#idempotencyToken": {}}},
            "Thing": {"target": "other#Thing"},
            "Level": {"target": "ns#Level", "traits": {"smithy.api#default": 1}},
            "Upload": {"target": "ns#Upload"}}},
        "ns#Upload": {"type": "blob", "traits": {"smithy.api#streaming": {},
            "smithy.api#requiresLength": {}}},
        "ns#Meta": {"type": "map", "key": {"target": "smithy.api#String"},
            "value": {"target": "smithy.api#String"}},
        "ns#Json": {"type": "string", "traits": {"smithy.api#mediaType": "application/json"}},
        "ns#Level": {"type": "intEnum", "members": {
            "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}},
        "other#Thing": {"type": "structure", "members": {}}
    }));
    let op = &s.operations["Op"];
    assert_eq!(op.http.response_code, Some(201));
    assert_eq!(op.host_prefix.as_deref(), Some("{AccountId}."));
    assert_eq!(
        op.static_context_params["UseS3ExpressControlEndpoint"],
        json!(true)
    );
    assert!(op.idempotent);
    assert_eq!(op.request_compression, ["gzip", "br"]);
    assert!(op.request_checksum_required);
    let m = members(&s, "In");
    assert_eq!(m[0].traits.context_param.as_deref(), Some("Bucket"));
    assert!(m[1].traits.host_label && m[1].traits.location == Location::Header);
    assert_eq!(
        (m[2].traits.location, m[2].traits.location_name.as_deref()),
        (Location::PrefixHeaders, Some("x-meta-"))
    );
    assert_eq!(
        (m[3].traits.location, m[3].traits.location_name.as_deref()),
        (Location::QueryParams, None)
    );
    assert!(m[4].traits.json_value);
    assert_eq!(m[5].traits.location_name.as_deref(), Some("when"));
    assert_eq!(
        m[5].traits.timestamp_format,
        Some(TimestampFormat::UnixTimestamp)
    );
    assert!(m[6].traits.idempotency_token);
    assert_eq!(m[7].target, "OtherThing");
    assert_eq!(m[8].traits.default, Some(json!(1)));
    let upload = &s.shapes["Upload"].traits;
    assert!(upload.streaming && upload.requires_length);
    assert!(matches!(&s.shapes["Level"].kind, ShapeKind::IntEnum(v) if v[0].value == 1));
    assert_eq!(
        s.metadata.client_context_params,
        [ContextParam {
            name: "Accelerate".into(),
            documentation: Some("fast".into()),
            kind: "boolean".into(),
        }]
    );
    // Rule-set parameter types are spelled as botocore spells them.
    let rules = s.endpoint_rule_set.as_ref().unwrap();
    assert_eq!(rules["parameters"]["Region"]["type"], "string");
    assert_eq!(rules["parameters"]["Ids"]["type"], "stringArray");
}
