//! Operation selection: keeps the chosen operations and the closure of shapes
//! they reach (inputs, outputs, errors and everything nested), and rejects
//! shapes that could never be built.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::{Error, Result};
use crate::ir::{Protocol, Service, ShapeKind};

/// Returns the service reduced to `operations` and the shapes they reach.
pub fn select(path: &Path, service: &Service, operations: &[String]) -> Result<Service> {
    let mut ops = BTreeMap::new();
    for name in operations {
        let op = service
            .operations
            .get(name)
            .ok_or_else(|| Error::UnknownOperation {
                path: path.to_owned(),
                service: service.metadata.service_id.clone(),
                operation: name.clone(),
            })?;
        if let Some(message) = unsupported(service, op) {
            return Err(Error::UnsupportedOperation {
                path: path.to_owned(),
                operation: name.clone(),
                message,
            });
        }
        ops.insert(name.clone(), op.clone());
    }

    let mut reached = BTreeSet::new();
    let mut stack: Vec<&str> = ops
        .values()
        .flat_map(|op| op.input.iter().chain(&op.output).chain(&op.errors))
        .map(String::as_str)
        .collect();
    while let Some(name) = stack.pop() {
        if !reached.insert(name.to_owned()) {
            continue;
        }
        // Loaders have checked every reference, so the lookup cannot fail.
        if let Some(shape) = service.shapes.get(name) {
            stack.extend(shape.kind.members().iter().map(|m| m.target.as_str()));
        }
    }
    let mut shapes: BTreeMap<String, crate::ir::Shape> = service
        .shapes
        .iter()
        .filter(|(name, _)| reached.contains(*name))
        .map(|(n, s)| (n.clone(), s.clone()))
        .collect();
    mark_operation_errors(path, &ops, &mut shapes)?;
    let selected = Service {
        operations: ops,
        shapes,
        ..service.clone()
    };
    check_required_cycles(path, &selected)?;
    Ok(selected)
}

/// Why `op` cannot be generated correctly yet, if it cannot: an event
/// stream it would get wrong on the wire.
pub fn unsupported(service: &Service, op: &crate::ir::Operation) -> Option<String> {
    if let Some(m) = service.event_stream_input(op) {
        return Some(format!(
            "its input member `{}` is an event stream, sent over HTTP/2, which slimaws \
             does not build yet (botocore's client leaves the operation out too: \
             handlers.py `remove_*`)",
            m.name
        ));
    }
    let output = service.event_stream_output(op)?;
    match service.metadata.protocol {
        Protocol::RestJson1 | Protocol::RestXml | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            None
        }
        other => Some(format!(
            "its output member `{}` is an event stream, which slimaws does not read \
             over {} yet",
            output.name,
            other.botocore_name()
        )),
    }
}

/// Lists every exception of the service among each operation's errors,
/// after the operation's own (botocore parses an error by its code into any
/// of the service's exceptions, `shape_for_error_code`).
pub fn every_exception_per_operation(service: &mut Service) {
    let exceptions: Vec<String> = service
        .shapes
        .iter()
        .filter(|(_, shape)| shape.traits.error.is_some())
        .map(|(name, _)| name.clone())
        .collect();
    for op in service.operations.values_mut() {
        let unlisted: Vec<String> = exceptions
            .iter()
            .filter(|e| !op.errors.contains(e))
            .cloned()
            .collect();
        op.errors.extend(unlisted);
    }
}

/// Every shape an operation lists as an error must be a structure; one the
/// model forgot to flag as an exception is treated as a client error.
fn mark_operation_errors(
    path: &Path,
    ops: &BTreeMap<String, crate::ir::Operation>,
    shapes: &mut BTreeMap<String, crate::ir::Shape>,
) -> Result<()> {
    for op in ops.values() {
        for name in &op.errors {
            let Some(shape) = shapes.get_mut(name) else {
                continue;
            };
            if !matches!(shape.kind, ShapeKind::Structure(_)) {
                return Err(Error::Malformed {
                    path: path.to_owned(),
                    location: format!("operation {}", op.name),
                    message: format!(
                        "error `{name}` is a {}, not a structure",
                        shape.kind.describe()
                    ),
                });
            }
            shape.traits.error.get_or_insert(crate::ir::ErrorTrait {
                code: None,
                http_status: None,
                fault: crate::ir::ErrorFault::Client,
            });
        }
    }
    Ok(())
}

/// A structure whose required members lead back to itself through other
/// structures can have no finite value: reject it with the cycle spelled out.
fn check_required_cycles(path: &Path, service: &Service) -> Result<()> {
    // Edges: structure --required member--> structure.
    let edges = |name: &str| -> Vec<(String, String)> {
        match service.shapes.get(name).map(|s| &s.kind) {
            Some(ShapeKind::Structure(members)) => members
                .iter()
                .filter(|m| m.traits.required)
                .filter(|m| {
                    matches!(
                        service.shapes.get(&m.target).map(|s| &s.kind),
                        Some(ShapeKind::Structure(_))
                    )
                })
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut done = BTreeSet::new();
    for start in service.shapes.keys() {
        // Iterative DFS keeping the current path of (shape, member) steps.
        let mut path_stack: Vec<(String, Vec<(String, String)>)> =
            vec![(start.clone(), edges(start))];
        let mut on_path: Vec<(String, String)> = Vec::new();
        while let Some((shape, pending)) = path_stack.last_mut() {
            let Some((member, target)) = pending.pop() else {
                done.insert(shape.clone());
                path_stack.pop();
                on_path.pop();
                continue;
            };
            let shape = shape.clone();
            if done.contains(&target) {
                continue;
            }
            if let Some(pos) = path_stack.iter().position(|(s, _)| *s == target) {
                let mut cycle: Vec<String> = on_path[pos..]
                    .iter()
                    .map(|(s, m)| format!("{s}.{m}"))
                    .collect();
                cycle.push(format!("{shape}.{member}"));
                cycle.push(target.clone());
                return Err(Error::RequiredCycle {
                    path: path.to_owned(),
                    shape,
                    member,
                    cycle: cycle.join(" -> "),
                });
            }
            on_path.push((shape, member));
            let next = edges(&target);
            path_stack.push((target, next));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> Service {
        let model = serde_json::json!({
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "T"},
            "operations": {
                "Op": {"http": {"method": "POST", "requestUri": "/"}, "errors": [{"shape": "Listed"}]},
                "Other": {"http": {"method": "POST", "requestUri": "/"}}
            },
            "shapes": {
                "Listed": {"type": "structure", "members": {}, "exception": true},
                "Unlisted": {"type": "structure", "members": {}, "exception": true},
                "Coded": {"type": "structure", "members": {}, "exception": true, "error": {"code": "C"}},
                "Plain": {"type": "structure", "members": {}}
            }
        });
        crate::load_model_json(Path::new("t/service-2.json"), "t", &model).unwrap()
    }

    #[test]
    fn every_exception_follows_the_operation_s_own_errors() {
        let mut service = service();
        every_exception_per_operation(&mut service);
        assert_eq!(
            service.operations["Op"].errors,
            ["Listed", "Coded", "Unlisted"]
        );
        assert_eq!(
            service.operations["Other"].errors,
            ["Coded", "Listed", "Unlisted"]
        );
        let selected = select(Path::new("t"), &service, &["Other".into()]).unwrap();
        let shapes: Vec<&str> = selected.shapes.keys().map(String::as_str).collect();
        assert_eq!(shapes, ["Coded", "Listed", "Unlisted"]);
    }

    #[test]
    fn by_default_an_operation_reaches_only_its_listed_errors() {
        let selected = select(Path::new("t"), &service(), &["Op".into()]).unwrap();
        let shapes: Vec<&str> = selected.shapes.keys().map(String::as_str).collect();
        assert_eq!(shapes, ["Listed"]);
    }
}
