//! The Smithy JSON AST loader: each golden fixture also exists as a Smithy
//! model (`tests/golden/<name>/model.smithy.json`), written by hand from the
//! botocore one, and must generate byte-identical files; malformed Smithy
//! models give typed errors naming the file, shape and member, never a panic.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture_files, fixtures, root};
use serde_json::{json, Value};
use slimaws_codegen::ir::Service;
use slimaws_codegen::{load, select, Error, Files};

fn smithy_path(name: &str) -> PathBuf {
    root()
        .join("tests/golden")
        .join(name)
        .join("model.smithy.json")
}

/// A Smithy fixture with all of its operations selected.
fn smithy_service(name: &str) -> Service {
    let path = smithy_path(name);
    let mut service = slimaws_codegen::load_model(&path, name)
        .unwrap_or_else(|e| panic!("smithy fixture {name}: {e}"));
    // botocore's paginators and waiters are files beside the model, for both formats.
    common::attach_sidecars(name, &path, &mut service);
    let ops: Vec<String> = service.operations.keys().cloned().collect();
    select::select(&path, &service, &ops).unwrap_or_else(|e| panic!("smithy fixture {name}: {e}"))
}

fn smithy_files(name: &str) -> Files {
    let mut files = Files::new();
    slimaws_codegen::emit::service(&smithy_service(name), &mut files)
        .unwrap_or_else(|e| panic!("smithy fixture {name}: {e}"));
    files
        .into_iter()
        .map(|(path, text)| {
            let rel = path
                .strip_prefix(name)
                .map(Path::to_path_buf)
                .unwrap_or(path);
            (rel, text)
        })
        .collect()
}

#[test]
fn every_fixture_has_a_smithy_twin() {
    for name in &fixtures() {
        assert!(
            smithy_path(name).is_file(),
            "tests/golden/{name}/model.smithy.json is missing"
        );
    }
}

#[test]
fn smithy_fixtures_generate_the_same_files() {
    let mut failures = Vec::new();
    for name in &fixtures() {
        let botocore = fixture_files(name);
        let smithy = smithy_files(name);
        for (path, text) in &botocore {
            match smithy.get(path) {
                None => failures.push(format!("{name}: {} only from botocore", path.display())),
                Some(t) if t != text => {
                    failures.push(format!("{name}: {} differs", path.display()))
                }
                Some(_) => {}
            }
        }
        for path in smithy.keys().filter(|p| !botocore.contains_key(*p)) {
            failures.push(format!("{name}: {} only from smithy", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Stronger than equal output: the two loaders give equal IR. The one
/// exception is restXml's input root element, which botocore's conversion
/// names on the operation (`input.locationName`) but the hand-written
/// botocore fixture leaves to the default, the input shape's name.
#[test]
fn smithy_fixtures_give_the_same_ir() {
    for name in &fixtures() {
        let botocore = common::fixture_service(name);
        let mut smithy = smithy_service(name);
        for op in smithy.operations.values_mut() {
            if op.input_xml_name.is_some() && op.input_xml_name == op.input {
                op.input_xml_name = None;
            }
        }
        assert_eq!(botocore.metadata, smithy.metadata, "{name}: metadata");
        assert_eq!(botocore.operations, smithy.operations, "{name}: operations");
        for (shape, b) in &botocore.shapes {
            assert_eq!(Some(b), smithy.shapes.get(shape), "{name}: shape {shape}");
        }
        assert_eq!(botocore, smithy, "{name}");
    }
}

/// Prelude targets, mixins, `apply`, resources, `set` and the Smithy 1.0
/// enum trait are the Smithy-only paths the fixtures take; check they were taken.
#[test]
fn fixtures_exercise_smithy_features() {
    let text: String = fixtures()
        .iter()
        .map(|n| std::fs::read_to_string(smithy_path(n)).unwrap())
        .collect();
    for feature in [
        "\"smithy.api#String\"",
        "\"smithy.api#PrimitiveFloat\"",
        "\"mixins\"",
        "\"type\": \"apply\"",
        "\"resources\"",
        "\"type\": \"set\"",
        "\"smithy.api#enum\"",
        "\"aws.protocols#awsQueryError\"",
    ] {
        assert!(text.contains(feature), "no fixture uses {feature}");
    }
}

// ---- malformed Smithy models ----

const PATH: &str = "models/broken/broken.smithy.json";

/// A restJson1 service `com.ex#Broken` with operation `Op` (input `Req`) plus `shapes`.
fn model(shapes: Value) -> Value {
    let mut all = json!({
        "com.ex#Broken": {
            "type": "service",
            "version": "2024-01-01",
            "operations": [{"target": "com.ex#Op"}],
            "traits": {"aws.api#service": {"sdkId": "Broken"}, "aws.protocols#restJson1": {}}
        },
        "com.ex#Op": {
            "type": "operation",
            "input": {"target": "com.ex#Req"},
            "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}
        },
        "com.ex#Req": {"type": "structure", "members": {}}
    });
    if let (Some(all), Value::Object(extra)) = (all.as_object_mut(), shapes) {
        all.extend(extra);
    }
    json!({"smithy": "2.0", "shapes": all})
}

fn load_err(m: &Value) -> Error {
    match slimaws_codegen::load_model_json(Path::new(PATH), "broken", m) {
        Ok(_) => panic!("model loaded but should not have"),
        Err(e) => e,
    }
}

#[test]
fn the_malformed_skeleton_loads() {
    let service =
        slimaws_codegen::load_model_json(Path::new(PATH), "broken", &model(json!({}))).unwrap();
    assert_eq!(service.metadata.service_id, "Broken");
    assert_eq!(service.metadata.endpoint_prefix, "broken");
    assert!(service.operations.contains_key("Op"));
}

#[test]
fn bad_json_names_file_line_and_column() {
    let err = load::parse_json(
        Path::new(PATH),
        "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,\n}",
    )
    .unwrap_err();
    assert!(matches!(err, Error::Json { line: 3, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with(PATH) && msg.contains("line 3"), "{msg}");
}

#[test]
fn unknown_target_names_shape_and_member() {
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"Item": {"target": "com.ex#Missing"}}}
    })));
    assert!(
        matches!(&err, Error::UnknownShape { shape, member, target, .. }
            if shape == "Req" && member == "Item" && target == "com.ex#Missing"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Req, member Item: refers to unknown shape `com.ex#Missing`")
    );
}

#[test]
fn unknown_type_names_shape() {
    let err = load_err(&model(json!({"com.ex#Odd": {"type": "quaternion"}})));
    assert!(
        matches!(&err, Error::UnknownType { shape, kind, .. } if shape == "Odd" && kind == "quaternion"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Odd: unknown shape type `quaternion`")
    );
}

#[test]
fn missing_service_shape() {
    let err = load_err(&json!({"smithy": "2.0", "shapes": {"com.ex#S": {"type": "string"}}}));
    assert!(matches!(&err, Error::Malformed { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{PATH}: model: no shape of type `service`")
    );
}

#[test]
fn operation_not_in_model() {
    let service =
        slimaws_codegen::load_model_json(Path::new(PATH), "broken", &model(json!({}))).unwrap();
    let err = select::select(Path::new(PATH), &service, &["DoesNotExist".into()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{PATH}: operation `DoesNotExist` is not in the model of service `Broken`")
    );
    // An operation the service names but the model lacks.
    let mut m = model(json!({}));
    m["shapes"]["com.ex#Broken"]["operations"] = json!([{"target": "com.ex#Gone"}]);
    let err = load_err(&m);
    assert!(
        matches!(&err, Error::UnknownShape { member, target, .. }
            if member == "operations" && target == "com.ex#Gone"),
        "{err:?}"
    );
    assert!(err.to_string().contains("service Broken"), "{err}");
}

#[test]
fn operation_references_are_checked() {
    let mut m = model(json!({}));
    m["shapes"]["com.ex#Op"]["errors"] = json!([{"target": "com.ex#Nope"}]);
    let err = load_err(&m);
    assert_eq!(
        err.to_string(),
        format!(
            "{PATH}: shape (operation Op), member errors: refers to unknown shape `com.ex#Nope`"
        )
    );
}

#[test]
fn wrong_json_types_name_the_member() {
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"Item": {"target": 7}}}
    })));
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Req, member Item: `target` must be a string")
    );
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"Item": {
            "target": "smithy.api#String", "traits": {"smithy.api#httpHeader": 3}
        }}}
    })));
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Req, member Item: `smithy.api#httpHeader` must be a string")
    );
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"Item": {
            "target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "sundial"}
        }}}
    })));
    assert!(
        err.to_string()
            .contains("member Item: unknown timestampFormat `sundial`"),
        "{err}"
    );
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"Item": {
            "target": "smithy.api#String",
            "traits": {"smithy.api#httpHeader": "X", "smithy.api#httpQuery": "x"}
        }}}
    })));
    assert!(
        err.to_string()
            .contains("member Item: more than one HTTP binding"),
        "{err}"
    );
}

#[test]
fn mixin_errors_name_the_shape() {
    let err = load_err(&model(json!({
        "com.ex#A": {"type": "structure", "mixins": [{"target": "com.ex#B"}], "members": {},
                     "traits": {"smithy.api#mixin": {}}},
        "com.ex#B": {"type": "structure", "mixins": [{"target": "com.ex#A"}], "members": {},
                     "traits": {"smithy.api#mixin": {}}}
    })));
    assert!(err.to_string().contains("mixins form a cycle"), "{err}");
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "mixins": [{"target": "com.ex#Plain"}], "members": {}},
        "com.ex#Plain": {"type": "structure", "members": {}}
    })));
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Req: `mixins` names `com.ex#Plain`, which is not a mixin")
    );
    // A member may not target a mixin: mixins are not emitted.
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"M": {"target": "com.ex#Mix"}}},
        "com.ex#Mix": {"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}}
    })));
    assert!(
        err.to_string()
            .contains("shape Req, member M: targets `com.ex#Mix`, a mixin"),
        "{err}"
    );
}

#[test]
fn protocols_and_names_are_checked() {
    let mut m = model(json!({}));
    m["shapes"]["com.ex#Broken"]["traits"] = json!({"smithy.protocols#rpcv3Json": {}});
    assert!(
        matches!(load_err(&m), Error::UnsupportedProtocol { protocol, .. } if protocol == "smithy.protocols#rpcv3Json")
    );
    let err = load_err(&model(json!({
        "com.other#Req": {"type": "structure", "members": {}}
    })));
    assert!(
        err.to_string().contains("would both be named `Req`"),
        "{err}"
    );
    let err = load_err(&model(json!({
        "com.ex#Req": {"type": "structure", "members": {"S": {"target": "smithy.api#String"}}},
        "com.ex#String": {"type": "structure", "members": {}}
    })));
    assert!(
        err.to_string()
            .contains("shape Req, member S: `smithy.api#String` would be named `String`"),
        "{err}"
    );
    let err = load_err(&json!({"smithy": "2.0", "shapes": {"NoNamespace": {"type": "string"}}}));
    assert!(
        err.to_string().contains("not an absolute shape id"),
        "{err}"
    );
}

/// Random mutations of a Smithy fixture must give errors or output, never a panic.
#[test]
fn mutated_smithy_models_never_panic() {
    let text = std::fs::read_to_string(smithy_path("shapes")).unwrap();
    let base: Value = serde_json::from_str(&text).unwrap();
    let replacements = [
        json!(null),
        json!(1),
        json!("x"),
        json!("com.example.shapes#Nested"),
        json!([]),
        json!({}),
        json!(true),
    ];
    let loaded = common::mutants_never_panic(&base, 0x9e37_79b9, &replacements, 800);
    // Some mutations (documentation, unused traits) are harmless.
    assert!(loaded > 0);
}
