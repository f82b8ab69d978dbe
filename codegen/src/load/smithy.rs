//! Loads a Smithy 2.0 JSON AST model into the same IR the botocore loader
//! produces for the same service.
//!
//! botocore's JSON is itself converted from these Smithy models, so this
//! loader follows that conversion's conventions wherever the IR could tell the
//! difference (see `names` for shape names, `shapes` for members); the golden
//! fixtures check that both formats of one model generate the same files.

mod model;
mod names;
mod shapes;
#[cfg(test)]
mod tests;
mod traits;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::ir::*;
use crate::load::json::Ctx;
use model::{local_name, target_of, targets_of, RawShape, Shapes};
use names::Names;
use traits::{flag, DOC};

/// Converts a parsed Smithy JSON AST. `module` is the Rust module name chosen
/// for the service; `path` is only used in error messages.
pub fn load(path: &Path, module: &str, model: &Value) -> Result<Service> {
    let root = Ctx::new(path, "model").object(model, "model")?;
    let shapes = model::index(path, root)?;
    let (service_id, service) = find_service(path, &shapes)?;
    let sctx = Ctx::new(path, format!("service {}", local_name(service_id)));
    let names = Names::new(path, &shapes, rename(&sctx, service.json)?)?;
    let metadata = metadata(path, service_id, service)?;

    let op_ids = operation_ids(path, &shapes, service_id, service)?;
    let service_errors = targets_of(&sctx, service.json, "errors")?;
    let mut operations = BTreeMap::new();
    let mut inputs = BTreeSet::new();
    for id in &op_ids {
        let op = operation(path, &shapes, &names, id, &service_errors)?;
        if let Some(input) = op_input_id(path, &shapes, id)? {
            inputs.insert(input);
        }
        if operations.contains_key(&op.name) {
            return Err(Ctx::new(path, format!("operation {}", op.name))
                .malformed("two operations of the service have this name"));
        }
        operations.insert(op.name.clone(), op);
    }

    let mut converter = shapes::Converter::new(path, &shapes, &names);
    converter.protocol = metadata.protocol;
    let service_ns = traits::xml_namespace(&sctx, &service.traits)?;
    converter.service_ns = service_ns.clone();
    converter.inputs = inputs;
    let ir_shapes = converter.convert_all()?;

    if metadata.protocol == Protocol::RestXml {
        for op in operations.values_mut() {
            input_root(op, &ir_shapes, service_ns.as_ref());
        }
    }

    let mut service_ir = Service {
        module: module.to_owned(),
        metadata,
        documentation: sctx.opt_str(&service.traits, DOC)?,
        operations,
        shapes: ir_shapes,
        endpoint_rule_set: service
            .traits
            .get("smithy.rules#endpointRuleSet")
            .filter(|v| !v.is_null())
            .cloned()
            .map(botocore_rule_set),
        partitions: None,
        notes: Vec::new(),
    };
    super::link(path, &mut service_ir)?;
    Ok(service_ir)
}

/// botocore spells rule-set parameter types in lower camel case
/// (`string`, `boolean`) where Smithy writes `String`, `Boolean`; the rule set
/// is embedded in the generated code, so both formats must agree.
fn botocore_rule_set(mut rules: Value) -> Value {
    let params = rules.get_mut("parameters").and_then(Value::as_object_mut);
    for param in params.into_iter().flat_map(|p| p.values_mut()) {
        if let Some(Value::String(t)) = param.get_mut("type") {
            let mut chars = t.chars();
            if let Some(first) = chars.next() {
                *t = first.to_lowercase().chain(chars).collect();
            }
        }
    }
    rules
}

/// The model's one service shape.
fn find_service<'s, 'a>(
    path: &Path,
    shapes: &'s Shapes<'a>,
) -> Result<(&'s str, &'s RawShape<'a>)> {
    let services: Vec<(&String, &RawShape)> =
        shapes.iter().filter(|(_, s)| s.kind == "service").collect();
    match services.as_slice() {
        [(id, s)] => Ok((id.as_str(), s)),
        [] => Err(Ctx::new(path, "model").malformed("no shape of type `service`")),
        many => Err(Ctx::new(path, "model").malformed(format!(
            "more than one service shape ({})",
            many.iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The service's `rename` map (shape id -> name).
fn rename(ctx: &Ctx, service: &Map<String, Value>) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if let Some(r) = service.get("rename").filter(|v| !v.is_null()) {
        for (id, name) in ctx.object(r, "rename")? {
            let name = name
                .as_str()
                .ok_or_else(|| ctx.malformed("`rename` values must be strings"))?;
            out.insert(id.clone(), name.to_owned());
        }
    }
    Ok(out)
}

/// Protocol preference when a service declares several: the first supported,
/// in botocore's priority order (JSON before REST, query last).
const PROTOCOLS: &[(&str, Protocol)] = &[
    ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
    ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
    ("aws.protocols#restJson1", Protocol::RestJson1),
    ("aws.protocols#restXml", Protocol::RestXml),
    ("smithy.protocols#rpcv2Cbor", Protocol::SmithyRpcV2Cbor),
    ("aws.protocols#awsQuery", Protocol::AwsQuery),
    ("aws.protocols#ec2Query", Protocol::Ec2Query),
];

fn metadata(path: &Path, id: &str, service: &RawShape) -> Result<ServiceMetadata> {
    let ctx = Ctx::new(path, format!("service {}", local_name(id)));
    let t = &service.traits;
    let Some(&(_, protocol)) = PROTOCOLS.iter().find(|(k, _)| t.contains_key(*k)) else {
        let declared = t
            .keys()
            .find(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
            .cloned()
            .unwrap_or_else(|| "(none)".into());
        return Err(Error::UnsupportedProtocol {
            path: path.to_owned(),
            protocol: declared,
            supported: "awsJson1_0, awsJson1_1, restJson1, restXml, rpcv2Cbor, awsQuery, ec2Query",
        });
    };
    let empty = Map::new();
    let aws = traits::object(&ctx, t, "aws.api#service")?.unwrap_or(&empty);
    let arn_namespace = ctx
        .opt_str(aws, "arnNamespace")?
        .unwrap_or_else(|| local_name(id).to_lowercase());
    let endpoint_prefix = ctx.opt_str(aws, "endpointPrefix")?.unwrap_or(arn_namespace);
    let signing_name = match traits::object(&ctx, t, "aws.auth#sigv4")? {
        Some(s) => ctx.str(s, "name")?.to_owned(),
        None => endpoint_prefix.clone(),
    };
    let (target_prefix, json_version) = match protocol {
        // awsJson's `X-Amz-Target` is `{service shape name}.{operation}`.
        Protocol::AwsJson1_0 => (Some(local_name(id).to_owned()), Some("1.0".to_owned())),
        Protocol::AwsJson1_1 => (Some(local_name(id).to_owned()), Some("1.1".to_owned())),
        // rpcv2Cbor's path is `/service/{service shape name}/operation/{operation}`.
        Protocol::SmithyRpcV2Cbor => (Some(local_name(id).to_owned()), None),
        _ => (None, None),
    };
    let mut client_context_params = Vec::new();
    if let Some(params) = traits::object(&ctx, t, "smithy.rules#clientContextParams")? {
        for (name, p) in params {
            let p = ctx.object(p, name)?;
            client_context_params.push(ContextParam {
                name: name.clone(),
                documentation: ctx.opt_str(p, "documentation")?,
                kind: ctx.opt_str(p, "type")?.unwrap_or_else(|| "string".into()),
            });
        }
    }
    Ok(ServiceMetadata {
        api_version: ctx.opt_str(service.json, "version")?.unwrap_or_default(),
        service_id: ctx.opt_str(aws, "sdkId")?.unwrap_or_default(),
        full_name: ctx.opt_str(t, "smithy.api#title")?.unwrap_or_default(),
        endpoint_prefix,
        signing_name,
        protocol,
        target_prefix,
        json_version,
        // botocore keeps the namespace in metadata for query protocols only;
        // restXml models carry it on input payloads and root elements.
        xml_namespace: match protocol {
            Protocol::AwsQuery | Protocol::Ec2Query => {
                traits::xml_namespace(&ctx, t)?.map(|ns| ns.uri)
            }
            _ => None,
        },
        query_compatible: t.contains_key("aws.protocols#awsQueryCompatible"),
        client_context_params,
    })
}

/// Operations bound to the service directly or through its resources (and
/// their resources), in first-seen order without repeats.
fn operation_ids(
    path: &Path,
    shapes: &Shapes,
    service_id: &str,
    service: &RawShape,
) -> Result<Vec<String>> {
    let mut ops = Vec::new();
    let mut seen_resources = BTreeSet::new();
    collect_bindings(
        path,
        shapes,
        service_id,
        service,
        &mut ops,
        &mut seen_resources,
    )?;
    Ok(ops)
}

fn collect_bindings(
    path: &Path,
    shapes: &Shapes,
    id: &str,
    shape: &RawShape,
    ops: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> Result<()> {
    let what = format!("({} {})", shape.kind, local_name(id));
    let ctx = Ctx::new(path, format!("{} {}", shape.kind, local_name(id)));
    let mut bound = Vec::new();
    for key in ["create", "put", "read", "update", "delete", "list"] {
        if let Some(v) = shape.json.get(key).filter(|v| !v.is_null()) {
            bound.push((key, target_of(&ctx, v, key)?));
        }
    }
    for key in ["operations", "collectionOperations"] {
        bound.extend(
            targets_of(&ctx, shape.json, key)?
                .into_iter()
                .map(|t| (key, t)),
        );
    }
    for (key, op) in bound {
        match shapes.get(&op) {
            Some(s) if s.kind == "operation" => {}
            Some(s) => {
                return Err(ctx.malformed(format!(
                    "`{key}` names `{op}`, a {}, not an operation",
                    s.kind
                )))
            }
            None => return Err(unknown(path, &what, key, &op)),
        }
        if !ops.contains(&op) {
            ops.push(op);
        }
    }
    for resource in targets_of(&ctx, shape.json, "resources")? {
        let Some(r) = shapes.get(&resource) else {
            return Err(unknown(path, &what, "resources", &resource));
        };
        if r.kind != "resource" {
            return Err(ctx.malformed(format!(
                "`resources` names `{resource}`, a {}, not a resource",
                r.kind
            )));
        }
        if seen.insert(resource.clone()) {
            collect_bindings(path, shapes, &resource, r, ops, seen)?;
        }
    }
    Ok(())
}

fn unknown(path: &Path, shape: &str, member: &str, target: &str) -> Error {
    Error::UnknownShape {
        path: path.to_owned(),
        shape: shape.to_owned(),
        member: member.to_owned(),
        target: target.to_owned(),
    }
}

/// The Smithy id of an operation's input structure (`Unit` is no input).
fn op_input_id(path: &Path, shapes: &Shapes, id: &str) -> Result<Option<String>> {
    let ctx = Ctx::new(path, format!("operation {}", local_name(id)));
    let Some(op) = shapes.get(id) else {
        return Ok(None);
    };
    match op.json.get("input").filter(|v| !v.is_null()) {
        Some(v) => {
            let t = target_of(&ctx, v, "input")?;
            Ok((t != "smithy.api#Unit").then_some(t))
        }
        None => Ok(None),
    }
}

fn operation(
    path: &Path,
    shapes: &Shapes,
    names: &Names,
    id: &str,
    service_errors: &[String],
) -> Result<Operation> {
    let name = names.name_of(id);
    let ctx = Ctx::new(path, format!("operation {name}"));
    let what = format!("(operation {name})");
    let Some(op) = shapes.get(id) else {
        return Err(unknown(path, "(service)", "operations", id));
    };
    let t = &op.traits;
    let shape_ref = |key: &str| -> Result<Option<String>> {
        let Some(v) = op.json.get(key).filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        let target = target_of(&ctx, v, key)?;
        if target == "smithy.api#Unit" {
            return Ok(None);
        }
        match names.data_shape(&target) {
            Some(n) => Ok(Some(n.to_owned())),
            None => Err(unknown(path, &what, key, &target)),
        }
    };
    let input = shape_ref("input")?;
    let output = shape_ref("output")?;
    let mut errors = Vec::new();
    for e in targets_of(&ctx, op.json, "errors")?
        .iter()
        .chain(service_errors)
    {
        let Some(n) = names.data_shape(e) else {
            return Err(unknown(path, &what, "errors", e));
        };
        if !errors.iter().any(|x| x == n) {
            errors.push(n.to_owned());
        }
    }
    let http = match traits::object(&ctx, t, "smithy.api#http")? {
        Some(h) => HttpTrait {
            method: ctx.str(h, "method")?.to_owned(),
            request_uri: ctx.str(h, "uri")?.to_owned(),
            response_code: ctx.opt_u16(h, "code")?,
        },
        None => HttpTrait::rpc(),
    };
    let host_prefix = match traits::object(&ctx, t, "smithy.api#endpoint")? {
        Some(e) => Some(ctx.str(e, "hostPrefix")?.to_owned()),
        None => None,
    };
    let mut static_context_params = BTreeMap::new();
    if let Some(params) = traits::object(&ctx, t, "smithy.rules#staticContextParams")? {
        for (k, v) in params {
            let value =
                ctx.object(v, k)?.get("value").cloned().ok_or_else(|| {
                    ctx.malformed(format!("staticContextParams.{k} has no value"))
                })?;
            static_context_params.insert(k.clone(), value);
        }
    }
    let mut operation_context_params = BTreeMap::new();
    if let Some(params) = traits::object(&ctx, t, "smithy.rules#operationContextParams")? {
        for (k, v) in params {
            let path = ctx.str(ctx.object(v, k)?, "path")?.to_owned();
            operation_context_params.insert(k.clone(), path);
        }
    }
    Ok(Operation {
        name,
        http,
        input,
        input_xml_name: None,
        input_xml_namespace: None,
        output,
        errors,
        documentation: ctx.opt_str(t, DOC)?,
        deprecated: traits::deprecated(&ctx, t)?,
        idempotent: flag(&ctx, t, "smithy.api#idempotent")?,
        host_prefix,
        static_context_params,
        operation_context_params,
        request_compression: ctx.compression_encodings(
            t.get("smithy.api#requestCompression"),
            "smithy.api#requestCompression",
        )?,
        request_checksum_required: flag(&ctx, t, "smithy.api#httpChecksumRequired")?
            || match traits::object(&ctx, t, "aws.protocols#httpChecksum")? {
                Some(c) => ctx.bool(c, "requestChecksumRequired")?,
                None => false,
            },
        paginator: None,
        waiters: Vec::new(),
        output_root_text: None,
        expect_continue: false,
        success_may_be_error: false,
        escape_xml_line_breaks: false,
        unsigned: t
            .get("smithy.api#auth")
            .and_then(|a| a.as_array())
            .is_some_and(|schemes| schemes.is_empty()),
        url_decoded_output: None,
        http_checksum: match traits::object(&ctx, t, "aws.protocols#httpChecksum")? {
            Some(c) => ctx.http_checksum(c)?,
            None => HttpChecksum::default(),
        },
    })
}

/// restXml: when the whole input structure is the body (body members, no
/// payload member), botocore names the root element on the operation's input
/// reference: the input's `xmlName` (or its name) in the service namespace.
fn input_root(
    op: &mut Operation,
    shapes: &BTreeMap<ShapeId, Shape>,
    service_ns: Option<&XmlNamespace>,
) {
    let Some(input) = op.input.as_ref().and_then(|i| shapes.get(i)) else {
        return;
    };
    let ShapeKind::Structure(members) = &input.kind else {
        return;
    };
    let has_body = members.iter().any(|m| m.traits.location == Location::Body);
    if !has_body || members.iter().any(|m| m.traits.payload) {
        return;
    }
    op.input_xml_name = Some(
        input
            .traits
            .xml_name
            .clone()
            .unwrap_or_else(|| input.name.clone()),
    );
    op.input_xml_namespace = input
        .traits
        .xml_namespace
        .clone()
        .or_else(|| service_ns.cloned());
}
