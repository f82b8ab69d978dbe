//! Model loaders: each input format becomes the same IR.

pub mod botocore;
pub mod extras;
mod json;
pub mod paginators;
pub mod smithy;
pub mod waiters;

use std::path::Path;

pub use json::{parse_json, read_json};

use crate::error::{Error, Result};
use crate::ir::{Location, Service, ShapeKind};

/// The model formats the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelFormat {
    Botocore,
    Smithy,
}

/// Tells botocore JSON (`metadata` + `shapes`) from a Smithy JSON AST (`smithy` version key).
pub fn detect_format(path: &Path, model: &serde_json::Value) -> Result<ModelFormat> {
    let obj = model.as_object();
    if obj.is_some_and(|o| o.contains_key("smithy")) {
        Ok(ModelFormat::Smithy)
    } else if obj.is_some_and(|o| o.contains_key("metadata") && o.contains_key("shapes")) {
        Ok(ModelFormat::Botocore)
    } else {
        Err(Error::Malformed {
            path: path.to_owned(),
            location: "model".into(),
            message: "neither a botocore model (`metadata` and `shapes`) nor a Smithy JSON AST \
                      (`smithy` version)"
                .into(),
        })
    }
}

/// Checks every shape reference and settles bindings that depend on the
/// target's kind. Shared by all loaders, so both formats are validated alike.
pub(crate) fn link(path: &Path, service: &mut Service) -> Result<()> {
    let kinds: std::collections::BTreeMap<String, bool> = service
        .shapes
        .iter()
        .map(|(name, s)| (name.clone(), matches!(s.kind, ShapeKind::Map { .. })))
        .collect();
    for shape in service.shapes.values_mut() {
        let members: Vec<&mut crate::ir::Member> = match &mut shape.kind {
            ShapeKind::Structure(m) | ShapeKind::Union(m) => m.iter_mut().collect(),
            ShapeKind::List(m) => vec![&mut **m],
            ShapeKind::Map { key, value } => vec![&mut **key, &mut **value],
            _ => Vec::new(),
        };
        for member in members {
            let Some(&is_map) = kinds.get(&member.target) else {
                return Err(Error::UnknownShape {
                    path: path.to_owned(),
                    shape: shape.name.clone(),
                    member: member.name.clone(),
                    target: member.target.clone(),
                });
            };
            if member.traits.location == Location::Query && is_map {
                member.traits.location = Location::QueryParams;
            }
        }
    }
    for op in service.operations.values_mut() {
        // Some models list an error twice (Glue's `UpdateConnection`); one
        // variant is enough, and a second match arm would be unreachable.
        let mut seen = std::collections::BTreeSet::new();
        op.errors.retain(|e| seen.insert(e.clone()));
        let refs = op
            .input
            .iter()
            .map(|s| ("input", s))
            .chain(op.output.iter().map(|s| ("output", s)))
            .chain(op.errors.iter().map(|s| ("errors", s)));
        for (role, target) in refs {
            if !kinds.contains_key(target) {
                return Err(Error::UnknownShape {
                    path: path.to_owned(),
                    shape: format!("(operation {})", op.name),
                    member: role.into(),
                    target: target.clone(),
                });
            }
        }
    }
    Ok(())
}
