//! Smithy shape ids to IR shape names.
//!
//! The rule, which is the one botocore's conversion follows: a shape is named
//! by the part of its id after `#` (`com.amazonaws.cloudfront#KeyGroupConfig`
//! -> `KeyGroupConfig`), or by the service's `rename` entry for it. Prelude
//! shapes are named by their own name with `Primitive` dropped
//! (`smithy.api#String` -> `String`, `smithy.api#PrimitiveLong` -> `Long`):
//! QuickSight's Smithy model targets `smithy.api#String` and
//! `smithy.api#Timestamp` where its botocore model targets `String` and
//! `Timestamp`. The model's own shape of that name is reused when it has the
//! same type (QuickSight defines its own `String`); otherwise the prelude
//! shape is added. (CloudFront's lowercase `string`, `timestamp`, ... are
//! CloudFront's own shapes, not the prelude.)

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{local_name, RawShape, Shapes};
use crate::error::{Error, Result};
use crate::ir::ShapeKind;
use crate::load::json::Ctx;

/// Smithy types that become IR shapes.
const DATA_TYPES: &[&str] = &[
    "structure",
    "union",
    "list",
    "set",
    "map",
    "enum",
    "intEnum",
    "string",
    "blob",
    "boolean",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
];

/// Types that are never members' targets and never become IR shapes.
const SERVICE_TYPES: &[&str] = &["service", "operation", "resource"];

pub(super) struct Names {
    /// Data shape id -> IR name.
    by_id: BTreeMap<String, String>,
    /// IR name -> data shape id.
    by_name: BTreeMap<String, String>,
    rename: BTreeMap<String, String>,
}

impl Names {
    /// Names every data shape; two ids that would share a name are an error
    /// (the service's `rename` exists to resolve that).
    pub fn new(path: &Path, shapes: &Shapes, rename: BTreeMap<String, String>) -> Result<Names> {
        let mut names = Names {
            by_id: BTreeMap::new(),
            by_name: BTreeMap::new(),
            rename,
        };
        for (id, shape) in shapes {
            if !becomes_shape(path, id, shape)? {
                continue;
            }
            let name = names.name_of(id);
            if let Some(other) = names.by_name.get(&name) {
                return Err(Ctx::new(path, format!("shape {name}")).malformed(format!(
                    "shapes `{other}` and `{id}` would both be named `{name}`; \
                     the service needs a `rename` for one of them"
                )));
            }
            names.by_name.insert(name.clone(), id.clone());
            names.by_id.insert(id.clone(), name);
        }
        Ok(names)
    }

    /// The IR name of any shape id (data shape, operation or prelude).
    pub fn name_of(&self, id: &str) -> String {
        match self.rename.get(id) {
            Some(n) => n.clone(),
            None => local_name(id).to_owned(),
        }
    }

    /// The IR name of a data shape in the model, if `id` is one.
    pub fn data_shape(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }

    /// The model's data shape id called `name`, if any.
    pub fn id_named(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(String::as_str)
    }
}

/// Whether a shape becomes an IR shape: data shapes other than mixins and
/// trait definitions. Unknown types are reported here, naming the shape.
fn becomes_shape(path: &Path, id: &str, shape: &RawShape) -> Result<bool> {
    if SERVICE_TYPES.contains(&shape.kind.as_str()) {
        return Ok(false);
    }
    if !DATA_TYPES.contains(&shape.kind.as_str()) {
        return Err(Error::UnknownType {
            path: path.to_owned(),
            shape: local_name(id).to_owned(),
            kind: shape.kind.clone(),
        });
    }
    Ok(!shape.has_trait("smithy.api#mixin") && !shape.has_trait("smithy.api#trait"))
}

/// A prelude shape: its IR name, Smithy type and IR kind.
pub(super) fn prelude(id: &str) -> Option<(&'static str, &'static str, ShapeKind)> {
    let name = id.strip_prefix("smithy.api#")?;
    Some(match name {
        "String" => ("String", "string", ShapeKind::String),
        "Blob" => ("Blob", "blob", ShapeKind::Blob),
        "BigInteger" => ("BigInteger", "bigInteger", ShapeKind::BigInteger),
        "BigDecimal" => ("BigDecimal", "bigDecimal", ShapeKind::BigDecimal),
        "Timestamp" => ("Timestamp", "timestamp", ShapeKind::Timestamp),
        "Document" => ("Document", "document", ShapeKind::Document),
        "Boolean" | "PrimitiveBoolean" => ("Boolean", "boolean", ShapeKind::Boolean),
        "Byte" | "PrimitiveByte" => ("Byte", "byte", ShapeKind::Byte),
        "Short" | "PrimitiveShort" => ("Short", "short", ShapeKind::Short),
        "Integer" | "PrimitiveInteger" => ("Integer", "integer", ShapeKind::Integer),
        "Long" | "PrimitiveLong" => ("Long", "long", ShapeKind::Long),
        "Float" | "PrimitiveFloat" => ("Float", "float", ShapeKind::Float),
        "Double" | "PrimitiveDouble" => ("Double", "double", ShapeKind::Double),
        // Only a union member may target Unit: an empty structure.
        "Unit" => ("Unit", "structure", ShapeKind::Structure(Vec::new())),
        _ => return None,
    })
}
