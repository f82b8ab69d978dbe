//! botocore's `paginators-1.json`: each entry becomes its operation's
//! [`Paginator`], its paths parsed and checked against the shapes.
//!
//! A malformed file is an error. An entry the generator cannot use (an
//! operation not in the model, a path naming no member, tokens whose input
//! and output types differ, an expression outside the subset botocore's
//! paginators use) leaves its operation without a paginator and adds a note
//! to the service saying why: botocore itself would only fail when that
//! paginator is used.

use std::path::Path;

use serde_json::{Map, Value};

use super::json::Ctx;
use crate::error::Result;
use crate::ir::{OutputPath, Paginator, PathStep, Service, Shape, ShapeKind};

/// Attaches the paginators of `json` (the parsed file at `path`) to `service`'s operations.
pub fn attach(path: &Path, service: &mut Service, json: &Value) -> Result<()> {
    let ctx = Ctx::new(path, "paginators");
    let root = ctx.object(json, "paginators file")?;
    let Some(entries) = root.get("pagination") else {
        return Err(ctx.malformed("missing `pagination`"));
    };
    for (operation, config) in ctx.object(entries, "pagination")? {
        let entry = Ctx::new(path, format!("paginator {operation}"));
        let config = entry.object(config, operation)?;
        match paginator(&entry, service, operation, config)? {
            Ok(paginator) => {
                if let Some(op) = service.operations.get_mut(operation) {
                    op.paginator = Some(paginator);
                }
            }
            Err(why) => service
                .notes
                .push(format!("{operation}: no paginator: {why}")),
        }
    }
    Ok(())
}

/// The paginator of `operation`, `Ok(Err(why))` when it cannot be used.
fn paginator(
    ctx: &Ctx,
    service: &Service,
    operation: &str,
    config: &Map<String, Value>,
) -> Result<std::result::Result<Paginator, String>> {
    let strings = |key: &str| -> Result<Vec<String>> {
        match config.get(key) {
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            _ => ctx.str_list(config, key),
        }
    };
    let input_tokens = strings("input_token")?;
    let output_tokens = strings("output_token")?;
    let result_keys = strings("result_key")?;
    let limit_key = ctx.opt_str(config, "limit_key")?;
    let more_results = ctx.opt_str(config, "more_results")?;
    let Some(op) = service.operations.get(operation) else {
        return Ok(Err("the model has no such operation".into()));
    };
    let shape = |id: &Option<String>| id.as_ref().and_then(|s| service.shapes.get(s));
    let (Some(input), Some(output)) = (shape(&op.input), shape(&op.output)) else {
        return Ok(Err("the operation has no input or no output".into()));
    };
    let checked = (|| {
        if input_tokens.is_empty() || input_tokens.len() != output_tokens.len() {
            return Err(format!(
                "{} input token(s) for {} output token(s)",
                input_tokens.len(),
                output_tokens.len()
            ));
        }
        let output_tokens = output_tokens
            .iter()
            .map(|t| parse_path(t))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for (name, path) in input_tokens.iter().zip(&output_tokens) {
            let target = member_target(input, name)?;
            for found in resolve(service, output, path)? {
                if !same_type(service, target, found, 0) {
                    return Err(format!(
                        "output token `{}` is a `{found}`, input token `{name}` a `{target}`",
                        path.text
                    ));
                }
            }
        }
        if let Some(limit) = &limit_key {
            member_target(input, limit)?;
        }
        let more_results = more_results.as_deref().map(parse_path).transpose()?;
        if let Some(path) = &more_results {
            for found in resolve(service, output, path)? {
                if !matches!(
                    service.shapes.get(found).map(|s| &s.kind),
                    Some(ShapeKind::Boolean)
                ) {
                    return Err(format!("`more_results` `{}` is not a boolean", path.text));
                }
            }
        }
        let result_keys = result_keys
            .iter()
            .map(|k| parse_path(k))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for path in &result_keys {
            resolve(service, output, path)?;
        }
        Ok(Paginator {
            input_tokens: input_tokens.clone(),
            output_tokens,
            limit_key: limit_key.clone(),
            more_results,
            result_keys,
        })
    })();
    Ok(checked)
}

/// Parses `a.b`, `a[-1].b` and `x || y`.
pub fn parse_path(text: &str) -> std::result::Result<OutputPath, String> {
    let unsupported = || format!("`{text}` is outside the JMESPath subset paginators use");
    let mut alternatives = Vec::new();
    for alternative in text.split("||") {
        let mut steps = Vec::new();
        for segment in alternative.trim().split('.') {
            let (member, index) = match segment.split_once('[') {
                Some((member, rest)) => {
                    let index = rest.strip_suffix(']').ok_or_else(unsupported)?;
                    (
                        member,
                        Some(index.parse::<i64>().map_err(|_| unsupported())?),
                    )
                }
                None => (segment, None),
            };
            let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
            if member.is_empty() || !member.chars().all(word) {
                return Err(unsupported());
            }
            steps.push(PathStep {
                member: member.to_owned(),
                index,
            });
        }
        alternatives.push(steps);
    }
    Ok(OutputPath {
        text: text.to_owned(),
        alternatives,
    })
}

/// The target shape of each alternative of `path` in `output`.
fn resolve<'s>(
    service: &'s Service,
    output: &'s Shape,
    path: &OutputPath,
) -> std::result::Result<Vec<&'s str>, String> {
    let mut found = Vec::new();
    for steps in &path.alternatives {
        let mut shape = output;
        let mut target = output.name.as_str();
        for step in steps {
            target = member_target(shape, &step.member)?;
            shape = lookup(service, target)?;
            if step.index.is_some() {
                let ShapeKind::List(item) = &shape.kind else {
                    return Err(format!(
                        "`{}` indexes `{}`, not a list",
                        path.text, step.member
                    ));
                };
                target = &item.target;
                shape = lookup(service, target)?;
            }
        }
        found.push(target);
    }
    Ok(found)
}

fn lookup<'s>(service: &'s Service, name: &str) -> std::result::Result<&'s Shape, String> {
    service
        .shapes
        .get(name)
        .ok_or_else(|| format!("no shape `{name}`"))
}

/// The target of member `name` of structure `shape`.
fn member_target<'s>(shape: &'s Shape, name: &str) -> std::result::Result<&'s str, String> {
    if !matches!(shape.kind, ShapeKind::Structure(_)) {
        return Err(format!("`{}` is not a structure", shape.name));
    }
    shape
        .kind
        .structure_member(name)
        .map(|m| m.target.as_str())
        .ok_or_else(|| format!("`{}` has no member `{name}`", shape.name))
}

/// Whether values of shapes `a` and `b` have the same Rust type: the same
/// shape, scalars of one kind, or collections of such.
fn same_type(service: &Service, a: &str, b: &str, depth: usize) -> bool {
    if a == b {
        return true;
    }
    let (Some(x), Some(y)) = (service.shapes.get(a), service.shapes.get(b)) else {
        return false;
    };
    match (&x.kind, &y.kind) {
        _ if depth > 8 => false,
        (ShapeKind::List(m), ShapeKind::List(n)) => {
            same_type(service, &m.target, &n.target, depth + 1)
        }
        (ShapeKind::Map { key: k1, value: v1 }, ShapeKind::Map { key: k2, value: v2 }) => {
            same_type(service, &k1.target, &k2.target, depth + 1)
                && same_type(service, &v1.target, &v2.target, depth + 1)
        }
        (
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_),
            _,
        )
        | (
            _,
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_),
        ) => false,
        (k1, k2) => std::mem::discriminant(k1) == std::mem::discriminant(k2),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn service() -> Service {
        let model = json!({
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "T"},
            "operations": {"List": {"http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "In"}, "output": {"shape": "Out"}}},
            "shapes": {
                "In": {"type": "structure", "members": {
                    "Token": {"shape": "S"}, "Max": {"shape": "I"}}},
                "Out": {"type": "structure", "members": {
                    "Next": {"shape": "S"}, "Count": {"shape": "I"}, "Items": {"shape": "L"},
                    "More": {"shape": "B"}}},
                "L": {"type": "list", "member": {"shape": "S"}},
                "S": {"type": "string"}, "I": {"type": "integer"}, "B": {"type": "boolean"}
            }
        });
        crate::load_model_json(Path::new("service-2.json"), "t", &model).unwrap()
    }

    fn attached(entry: Value) -> Service {
        let mut service = service();
        let file = json!({"pagination": {"List": entry}});
        attach(Path::new("paginators-1.json"), &mut service, &file).unwrap();
        service
    }

    #[test]
    fn a_usable_entry_becomes_the_operations_paginator() {
        let service = attached(json!({"input_token": "Token", "output_token": "Next",
            "limit_key": "Max", "more_results": "More", "result_key": ["Items", "Count"]}));
        let p = service.operations["List"].paginator.clone().unwrap();
        assert_eq!(p.input_tokens, ["Token"]);
        assert_eq!(p.output_tokens[0].alternatives[0][0].member, "Next");
        assert_eq!(p.result_keys.len(), 2);
        assert!(service.notes.is_empty(), "{:?}", service.notes);
    }

    #[test]
    fn an_unusable_entry_is_a_note_and_no_paginator() {
        for (entry, why) in [
            (
                json!({"input_token": "Token", "output_token": "Nope"}),
                "`Out` has no member `Nope`",
            ),
            (
                json!({"input_token": "Token", "output_token": "Count"}),
                "is a `I`, input token `Token` a `S`",
            ),
            (
                json!({"input_token": "Token", "output_token": "Next[0]"}),
                "indexes `Next`, not a list",
            ),
            (
                json!({"input_token": "Token", "output_token": "Items[?x]"}),
                "outside the JMESPath subset",
            ),
            (
                json!({"input_token": ["Token", "Max"], "output_token": "Next"}),
                "2 input token(s) for 1",
            ),
            (
                json!({"input_token": "Token", "output_token": "Next", "more_results": "Next"}),
                "is not a boolean",
            ),
        ] {
            let service = attached(entry);
            assert!(service.operations["List"].paginator.is_none());
            assert_eq!(service.notes.len(), 1);
            assert!(
                service.notes[0].starts_with("List: no paginator: "),
                "{:?}",
                service.notes
            );
            assert!(
                service.notes[0].contains(why),
                "{:?} lacks {why}",
                service.notes
            );
        }
        let mut other = service();
        let file = json!({"pagination": {"Gone": {"input_token": "a", "output_token": "b"}}});
        attach(Path::new("p.json"), &mut other, &file).unwrap();
        assert_eq!(
            other.notes,
            ["Gone: no paginator: the model has no such operation"]
        );
    }

    #[test]
    fn a_malformed_file_is_an_error_naming_it() {
        let mut s = service();
        for file in [
            json!([]),
            json!({}),
            json!({"pagination": {"List": []}}),
            json!({"pagination": {"List": {"input_token": 3}}}),
        ] {
            let err = attach(Path::new("paginators-1.json"), &mut s, &file).unwrap_err();
            assert!(err.to_string().starts_with("paginators-1.json: "), "{err}");
        }
    }

    #[test]
    fn paths_parse_as_botocore_writes_them() {
        let p = parse_path("NextMarker || Contents[-1].Key").unwrap();
        assert_eq!(p.alternatives.len(), 2);
        assert_eq!(
            p.alternatives[1],
            [
                PathStep {
                    member: "Contents".into(),
                    index: Some(-1)
                },
                PathStep {
                    member: "Key".into(),
                    index: None
                }
            ]
        );
        for bad in ["", "a.", "a[x]", "a[1", "a b", "a|b"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
