//! Malformed models give a distinct, typed error naming the file, the shape
//! and the member, never a panic.

mod common;

use std::path::Path;

use serde_json::{json, Value};
use slimaws_codegen::{load, select, Error};

const PATH: &str = "models/broken/service-2.json";

fn model(shapes: Value, operations: Value) -> Value {
    json!({
        "metadata": {"apiVersion": "2024-01-01", "protocol": "rest-json", "serviceId": "Broken"},
        "operations": operations,
        "shapes": shapes,
    })
}

fn load_err(m: &Value) -> Error {
    match slimaws_codegen::load_model_json(Path::new(PATH), "broken", m) {
        Ok(_) => panic!("model loaded but should not have"),
        Err(e) => e,
    }
}

#[test]
fn bad_json_names_file_line_and_column() {
    let err = load::parse_json(Path::new(PATH), "{\n  \"metadata\": {,\n}").unwrap_err();
    assert!(matches!(err, Error::Json { line: 2, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with(PATH) && msg.contains("line 2"), "{msg}");
}

#[test]
fn unknown_shape_reference_names_shape_and_member() {
    let m = model(
        json!({"Req": {"type": "structure", "members": {"Item": {"shape": "Missing"}}}}),
        json!({}),
    );
    let err = load_err(&m);
    assert!(
        matches!(&err, Error::UnknownShape { shape, member, target, .. }
            if shape == "Req" && member == "Item" && target == "Missing"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Req, member Item: refers to unknown shape `Missing`")
    );
}

#[test]
fn unknown_type_names_shape() {
    let err = load_err(&model(json!({"Odd": {"type": "quaternion"}}), json!({})));
    assert!(
        matches!(&err, Error::UnknownType { shape, kind, .. } if shape == "Odd" && kind == "quaternion")
    );
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Odd: unknown shape type `quaternion`")
    );
}

#[test]
fn operation_not_in_model() {
    let m = model(json!({"S": {"type": "string"}}), json!({}));
    let service = slimaws_codegen::load_model_json(Path::new(PATH), "broken", &m).unwrap();
    let err = select::select(Path::new(PATH), &service, &["DoesNotExist".into()]).unwrap_err();
    assert!(
        matches!(&err, Error::UnknownOperation { operation, .. } if operation == "DoesNotExist")
    );
    assert_eq!(
        err.to_string(),
        format!("{PATH}: operation `DoesNotExist` is not in the model of service `Broken`")
    );
}

#[test]
fn cycle_through_required_members() {
    let m = model(
        json!({
            "Req": {"type": "structure", "members": {"A": {"shape": "A"}}},
            "A": {"type": "structure", "required": ["B"], "members": {"B": {"shape": "B"}}},
            "B": {"type": "structure", "required": ["A"], "members": {"A": {"shape": "A"}}}
        }),
        json!({"Op": {"http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "Req"}}}),
    );
    let service = slimaws_codegen::load_model_json(Path::new(PATH), "broken", &m).unwrap();
    let err = select::select(Path::new(PATH), &service, &["Op".into()]).unwrap_err();
    assert!(matches!(&err, Error::RequiredCycle { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("A.B -> B.A -> A") || msg.contains("B.A -> A.B -> B"),
        "{msg}"
    );
    assert!(msg.starts_with(PATH), "{msg}");
}

#[test]
fn optional_cycles_are_fine() {
    let m = model(
        json!({
            "Node": {"type": "structure", "required": ["Next"], "members": {"Next": {"shape": "Maybe"}}},
            "Maybe": {"type": "structure", "members": {"Node": {"shape": "Node"}}}
        }),
        json!({"Op": {"http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "Node"}}}),
    );
    let service = slimaws_codegen::load_model_json(Path::new(PATH), "broken", &m).unwrap();
    select::select(Path::new(PATH), &service, &["Op".into()]).unwrap();
}

#[test]
fn wrong_json_types_name_the_member() {
    let err = load_err(&model(
        json!({"Req": {"type": "structure", "members": {"Item": {"shape": 7}}}}),
        json!({}),
    ));
    assert_eq!(
        err.to_string(),
        format!("{PATH}: shape Req, member Item: `shape` must be a string")
    );
    let err = load_err(&model(
        json!({"Req": {"type": "structure", "required": ["Nope"], "members": {}}}),
        json!({}),
    ));
    assert!(err.to_string().contains("`required` names `Nope`"), "{err}");
    let err = load_err(&json!({"metadata": {"protocol": "smoke-signals"}, "shapes": {}}));
    assert!(matches!(err, Error::UnsupportedProtocol { .. }), "{err:?}");
    let err = load_err(&json!([1, 2, 3]));
    assert!(
        err.to_string().contains("neither a botocore model"),
        "{err}"
    );
}

#[test]
fn malformed_operation_traits_name_the_operation() {
    let op = |traits: Value| {
        let mut op = json!({"http": {"method": "POST", "requestUri": "/"}});
        op.as_object_mut()
            .unwrap()
            .extend(traits.as_object().unwrap().clone());
        model(json!({}), json!({"Put": op}))
    };
    for (traits, message) in [
        (
            json!({"requestcompression": {"encodings": "gzip"}}),
            "`requestcompression.encodings` must be a list",
        ),
        (
            json!({"requestcompression": {"encodings": [1]}}),
            "`requestcompression.encodings` must hold strings",
        ),
        (
            json!({"requestcompression": "gzip"}),
            "`requestcompression` must be an object",
        ),
        (
            json!({"httpChecksumRequired": "yes"}),
            "`httpChecksumRequired` must be true or false",
        ),
        (
            json!({"httpChecksum": {"requestChecksumRequired": 1}}),
            "`requestChecksumRequired` must be true or false",
        ),
    ] {
        let err = load_err(&op(traits));
        assert_eq!(err.to_string(), format!("{PATH}: operation Put: {message}"));
    }
}

/// Random mutations of a real fixture must give errors or output, never a panic.
#[test]
fn mutated_models_never_panic() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/shapes/model.json"),
    )
    .unwrap();
    let base: Value = serde_json::from_str(&text).unwrap();
    let replacements = [
        json!(null),
        json!(1),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
    ];
    common::mutants_never_panic(&base, 0x2545_f491, &replacements, 800);
}
